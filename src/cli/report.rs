//! How the command line says why it stopped: the Chinese words of the typed reason first (the panel's and the support
//! unit's language), then, indented on a second line, the English text the command line has always printed (scripts
//! and logs match it). An error that is not a typed reason is printed in English alone, as before.

use yanshou::domain::explain::Explain;

/// The typed reason in the chain of causes that says itself in Chinese, if there is one. Every error type with an
/// [`Explain`] implementation that can reach the command line is listed here, one line each.
fn explained<'a>(cause: &'a (dyn std::error::Error + 'static)) -> Option<&'a dyn Explain> {
    macro_rules! typed {
        ($($t:ty),* $(,)?) => {
            $(
                if let Some(e) = cause.downcast_ref::<$t>() {
                    return Some(e);
                }
            )*
        };
    }
    typed!(
        // One line per error type.
        yanshou::files::FileError,
        yanshou::files::archive::ArchiveError,
        yanshou::store::StoreError,
        yanshou::domain::refusal::Refusal,
        yanshou::bundle::export::ExportError,
        yanshou::bundle::keys::KeyError,
        yanshou::bundle::sign::SignError,
        yanshou::bundle::import::ImportError,
        yanshou::bundle::roster::RosterError,
        yanshou::bundle::trust::InstallError,
        yanshou::bundle::read::ReadError,
        yanshou::bundle::read::BundleProblem,
        yanshou::bundle::compile::CompileError,
        yanshou::domain::case::CaseRefusal,
        yanshou::domain::pool::PoolRefusal,
        yanshou::bundle::draw::DrawFileError,
        yanshou::bundle::draw::DrawCaseError,
        yanshou::domain::credit_code::CreditCodeError,
        yanshou::domain::calendar::CalendarError,
        yanshou::domain::calendar::CalendarFileError,
        yanshou::bundle::personal::PersonalError,
    );
    None
}

/// What is printed after `yanshou: `: the Chinese line and the English one when a cause is a typed reason, else the
/// English alone.
pub(crate) fn message(e: &anyhow::Error) -> String {
    let en = english(e);
    let Some(at) = e.chain().position(|c| explained(c).is_some()) else { return en };
    // The contexts above the typed reason (the argument it came from, say) are said as they are, then the reason.
    let mut zh: String = e.chain().take(at).map(|c| format!("{c}：")).collect();
    zh.push_str(&e.chain().nth(at).and_then(explained).map(|x| x.zh()).unwrap_or_default());
    format!("{zh}\n  {en}")
}

/// The error and its causes in English, each cause once: an error whose message already holds its cause's is not
/// followed by it again.
fn english(e: &anyhow::Error) -> String {
    let mut msg = String::new();
    for cause in e.chain() {
        let text = cause.to_string();
        if msg.contains(&text) {
            continue;
        }
        if !msg.is_empty() {
            msg.push_str(": ");
        }
        msg.push_str(&text);
    }
    super::without_os_codes(&msg)
}
