//! How a refusal or a damage report is said to a person. Every reason yanshou refuses something is a typed value
//! (an enum variant carrying what it is about: the item, the expert, the file, the line); its words live beside the
//! type, in one implementation of [`Explain`], and every surface — the terminal app's status line and dialogs, the
//! command line, the printed documents — says it through that implementation, never with a copy of its own.
//!
//! Chinese is what a panel or a support unit reads. The English words are kept for the command line's second line
//! (scripts and logs written before the Chinese renderer match them) and for developers.

/// The words of a refusal, a problem or a damage report.
pub trait Explain {
    /// In Chinese, as the panel and the support unit read it on screen, on the command line and on paper.
    fn zh(&self) -> String;

    /// In English, for the command line's second line.
    fn en(&self) -> String;
}

impl<T: Explain + ?Sized> Explain for &T {
    fn zh(&self) -> String {
        (**self).zh()
    }
    fn en(&self) -> String {
        (**self).en()
    }
}

/// Several reasons at once, in Chinese: each on its own, joined by `；`.
pub fn zh_list<T: Explain>(items: &[T]) -> String {
    items.iter().map(Explain::zh).collect::<Vec<_>>().join("；")
}
