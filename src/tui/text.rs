//! The panel's words for what the signing and the file writers refuse. (The store's errors and the domain's refusals
//! say themselves, through `crate::domain::explain::Explain`.)

use crate::bundle::compile::CompileError;
use crate::bundle::export::ExportError;
use crate::domain::explain::Explain;

/// A signing or export error in the words the panel reads: the error's own Chinese, or the store's for a store error.
pub fn zh_export(e: &ExportError) -> String {
    match e {
        ExportError::Store(e) => e.zh(),
        other => other.zh(),
    }
}

/// What interrupted runs had left in the folder an export or a compilation writes to, for the end of the status line
/// (empty when there was nothing).
pub fn zh_leftovers(s: &crate::files::Sweep) -> String {
    crate::domain::explain::Explain::zh(s)
}

/// Why the compilation was not written, in the words the panel reads, with what interrupted runs had left (see
/// [`zh_leftovers`]).
pub fn zh_compile(e: &CompileError, leftovers: &str) -> String {
    match e {
        CompileError::Folder { .. } => e.zh(),
        other => format!("{}{leftovers}", other.zh()),
    }
}
