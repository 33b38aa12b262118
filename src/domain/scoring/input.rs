//! What the engine is given: the experts' scores, and the panel's bonuses, vetoes, facts, adjusted points,
//! requirement findings, the type of review and the distinctions, as they were written (numbers parsed later, so a
//! refusal can name where they were).

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;

use crate::domain::points::{NumberText, Points};

/// A number exactly as it was written (`4.5`, `"4.5"`), parsed later so that a message can name where it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Literal(pub String);

impl<'de> Deserialize<'de> for Literal {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NumberText).map(Literal)
    }
}

impl From<Points> for Literal {
    fn from(p: Points) -> Self {
        Literal(p.to_string())
    }
}

impl fmt::Display for Literal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A fact's value as given: yes/no or a number.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum FactInput {
    Bool(bool),
    Number(Literal),
}

impl FactInput {
    /// A fact as stored and signed: `true`, `false`, or a decimal.
    pub fn from_stored(text: &str) -> FactInput {
        match text {
            "true" => FactInput::Bool(true),
            "false" => FactInput::Bool(false),
            n => FactInput::Number(Literal(n.to_string())),
        }
    }
}

/// What a panel has entered: the scores of each expert, and the panel's bonuses, confirmed vetoes, facts, any
/// adjusted item points, and its findings on the requirements and distinctions.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvaluationInput {
    pub experts: Vec<ExpertInput>,
    #[serde(default)]
    pub bonuses: BTreeMap<String, Literal>,
    #[serde(default)]
    pub vetoes: Vec<String>,
    #[serde(default)]
    pub facts: BTreeMap<String, FactInput>,
    #[serde(default)]
    pub weights: BTreeMap<String, Literal>,
    /// Requirement id → whether the panel found it met.
    #[serde(default)]
    pub requirements: BTreeMap<String, bool>,
    /// The type of review chosen when it started, where the sheet or rules define types (云南 А/В/С).
    #[serde(default)]
    pub review_type: Option<String>,
    /// Distinction id → whether the panel found its conditions hold.
    #[serde(default)]
    pub distinctions: BTreeMap<String, bool>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpertInput {
    pub name: String,
    /// A recused expert (回避) never counts, whatever they entered.
    #[serde(default)]
    pub recused: bool,
    #[serde(default)]
    pub scores: BTreeMap<String, Literal>,
}
