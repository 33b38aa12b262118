//! Version 4 of the payload, the current one: version 3's shape whole, `draw_sha256` filled when the panel was put
//! from a draw (issue 16), and what that hash alone cannot say — `substitutions`, the replacements recorded on that
//! draw, in their order. The draw's record is fixed by its hash; the substitutions are not in the record (they come
//! after it), so without them in what the panel signs, a forged substitution could make any reserve a valid signer.
//! Empty when the panel was not drawn (and `draw_sha256` is then `null`).
//!
//! The fields of version 3 are those of [`PayloadV3`], flattened into the same JSON object (the version says 4);
//! everything that reads a payload reads them through it.

use serde::{Deserialize, Serialize};

use super::v3::PayloadV3;
use crate::domain::pool::substitute::{Cause, Substitution};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
// Read through the flat object (see `flat.rs`): the same fields, read once instead of buffered and read again.
#[serde(try_from = "super::flat::Flat<super::v3::SheetPart, SubstitutionPart>")]
pub struct PayloadV4 {
    #[serde(flatten)]
    pub v3: PayloadV3,
    /// The substitutions recorded on the panel's draw, in order; empty without a draw.
    pub substitutions: Vec<SubstitutionPart>,
}

/// One recorded substitution: who left the drawn panel, the reserve who came in, the cause (`declined` 本人谢绝 or
/// `conflict` 发现须回避) and the reason written.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubstitutionPart {
    pub out_name: String,
    pub out_unit: String,
    pub in_name: String,
    pub in_unit: String,
    pub cause: String,
    pub reason: String,
}

impl SubstitutionPart {
    pub fn of(s: &Substitution) -> SubstitutionPart {
        SubstitutionPart {
            out_name: s.out_name.clone(),
            out_unit: s.out_unit.clone(),
            in_name: s.in_name.clone(),
            in_unit: s.in_unit.clone(),
            cause: match s.cause {
                Cause::Declined => "declined",
                Cause::Conflict => "conflict",
            }
            .into(),
            reason: s.reason.clone(),
        }
    }

    /// The substitution as the pool's rules read it; `None` for a cause yanshou does not know.
    pub fn substitution(&self) -> Option<Substitution> {
        Some(Substitution {
            out_name: self.out_name.clone(),
            out_unit: self.out_unit.clone(),
            in_name: self.in_name.clone(),
            in_unit: self.in_unit.clone(),
            cause: match self.cause.as_str() {
                "declined" => Cause::Declined,
                "conflict" => Cause::Conflict,
                _ => return None,
            },
            reason: self.reason.clone(),
        })
    }

    /// As the compilation says it: `<out>→<in>（<cause>：<reason>）`.
    pub fn zh(&self) -> String {
        let cause = self.substitution().map_or(self.cause.as_str(), |s| s.cause.zh());
        format!("{}→{}（{cause}：{}）", self.out_name, self.in_name, self.reason)
    }
}

impl std::ops::Deref for PayloadV4 {
    type Target = PayloadV3;
    fn deref(&self) -> &PayloadV3 {
        &self.v3
    }
}

impl std::ops::DerefMut for PayloadV4 {
    fn deref_mut(&mut self) -> &mut PayloadV3 {
        &mut self.v3
    }
}

impl PayloadV3 {
    /// The same review in the current shape: no substitutions (version 3 carried no draw; its `draw_sha256` was
    /// always `null`).
    pub fn upgrade(self) -> PayloadV4 {
        PayloadV4 { v3: self, substitutions: Vec::new() }
    }
}

impl TryFrom<super::flat::Flat<super::v3::SheetPart, SubstitutionPart>> for PayloadV4 {
    type Error = &'static str;
    fn try_from(f: super::flat::Flat<super::v3::SheetPart, SubstitutionPart>) -> Result<PayloadV4, &'static str> {
        let (v2, rest) = f.split();
        let substitutions = rest.substitutions.ok_or("missing field `substitutions`")?;
        let v3 = PayloadV3 { v2, sheets: rest.sheets, recheck_of: rest.recheck_of, draw_sha256: rest.draw_sha256 };
        Ok(PayloadV4 { v3, substitutions })
    }
}
