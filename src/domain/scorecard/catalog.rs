//! The set of loaded scorecards and province rules, with the checks that span files.

use super::load::{LoadError, LoadErrors, SheetProblem, parse_province, parse_scorecard};
use super::model::{NATIONAL, ProvinceRules, Scorecard};

/// One data file to load: a name for messages and its text.
#[derive(Clone, Debug)]
pub struct DataFile {
    pub name: String,
    pub text: String,
    pub kind: FileKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    Scorecard,
    Province,
}

/// Every sheet and every province's rules, in a stable order (built-ins first, each group by id).
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    pub scorecards: Vec<Scorecard>,
    pub provinces: Vec<ProvinceRules>,
}

impl Catalog {
    /// Loads files, keeping every valid one and reporting every problem. A file whose id clashes with one loaded
    /// before it is refused, so a data-directory file can never silently replace a built-in sheet.
    pub fn load(files: &[DataFile]) -> (Catalog, Vec<LoadError>) {
        let mut catalog = Catalog::default();
        let mut errors = Vec::new();
        for f in files.iter().filter(|f| f.kind == FileKind::Province) {
            match parse_province(&f.name, &f.text) {
                Ok(p) => {
                    if let Some(existing) = catalog.province(&p.province) {
                        let problem = SheetProblem::ProvinceTwice {
                            province: p.province.clone(),
                            other_file: existing.origin.clone(),
                        };
                        errors.push(LoadError::new(f.name.clone(), 1, problem));
                    } else {
                        catalog.provinces.push(p);
                    }
                }
                Err(LoadErrors(e)) => errors.extend(e),
            }
        }
        for f in files.iter().filter(|f| f.kind == FileKind::Scorecard) {
            match parse_scorecard(&f.name, &f.text) {
                Ok(card) => {
                    if let Some(existing) = catalog.scorecard(&card.id) {
                        let problem =
                            SheetProblem::IdInOtherFile { id: card.id.clone(), other_file: existing.origin.clone() };
                        errors.push(LoadError::new(f.name.clone(), line_of_key(&f.text, "id"), problem));
                    } else if catalog.province(&card.province).is_none() {
                        let problem = SheetProblem::NoProvinceRules { province: card.province.clone() };
                        errors.push(LoadError::new(f.name.clone(), line_of_key(&f.text, "province"), problem));
                    } else {
                        catalog.scorecards.push(card);
                    }
                }
                Err(LoadErrors(e)) => errors.extend(e),
            }
        }
        // Province rules restricted to sheets must name sheets that exist, or the restriction silently drops them.
        for p in &catalog.provinces {
            let named = p
                .panel_rules
                .iter()
                .flat_map(|r| r.sheets.iter().map(move |s| (r.id.as_str(), s)))
                .chain(p.recusal_reasons.iter().flat_map(|r| r.sheets.iter().map(move |s| (r.id.as_str(), s))))
                .chain(p.rights.iter().flat_map(|r| r.sheets.iter().map(move |s| (r.id.as_str(), s))));
            for (rule, sheet) in named {
                if catalog.scorecard(sheet).is_none() {
                    let file = files.iter().find(|f| f.name == p.origin);
                    let line = file.map(|f| line_of_text(&f.text, &format!("\"{sheet}\""))).unwrap_or(1);
                    let problem = SheetProblem::SheetNotLoaded { rule: rule.to_string(), sheet: sheet.clone() };
                    errors.push(LoadError::new(p.origin.clone(), line, problem));
                }
            }
        }
        (catalog, errors)
    }

    pub fn scorecard(&self, id: &str) -> Option<&Scorecard> {
        self.scorecards.iter().find(|c| c.id == id)
    }

    pub fn province(&self, name: &str) -> Option<&ProvinceRules> {
        self.provinces.iter().find(|p| p.province == name)
    }

    /// The rules that govern a sheet: its province's, then the national ones.
    pub fn rules_for<'a>(&'a self, card: &'a Scorecard) -> impl Iterator<Item = &'a ProvinceRules> {
        self.province(&card.province).into_iter().chain(self.province(NATIONAL).filter(|_| card.province != NATIONAL))
    }
}

fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(1, |i| i + 1)
}

fn line_of_text(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).map_or(1, |i| i + 1)
}
