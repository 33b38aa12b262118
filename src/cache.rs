//! A small cache of values computed from a text (a parsed sheet, parsed rules), shared across a process.

/// Values computed from texts, by a key naming the text (its hash). A hit is only taken when the text is byte for
/// byte the one the value was computed from, so a cached value is exactly what computing again would give.
pub(crate) struct Frozen<T> {
    entries: std::sync::Mutex<std::collections::HashMap<String, std::sync::Arc<(String, T)>>>,
}

/// More distinct sheets or rule sets than this in one process (there are a dozen) and the cache starts over.
const FROZEN_CACHE_LIMIT: usize = 64;

impl<T: Clone> Frozen<T> {
    pub(crate) fn new() -> Self {
        Frozen { entries: std::sync::Mutex::new(std::collections::HashMap::new()) }
    }

    /// The value for `text`, computed by `parse` unless it is cached; `parse`'s error is given back as it is.
    pub(crate) fn get_or<E>(
        &self,
        key: &str,
        text: &str,
        parse: impl FnOnce() -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E> {
        self.shared(key, text, parse).map(|e| e.1.clone())
    }

    /// The cached entry itself (text and value), shared without copying the value.
    pub(crate) fn shared<E>(
        &self,
        key: &str,
        text: &str,
        parse: impl FnOnce() -> std::result::Result<T, E>,
    ) -> std::result::Result<std::sync::Arc<(String, T)>, E> {
        let hit = self.entries.lock().ok().and_then(|m| m.get(key).cloned());
        if let Some(e) = hit.filter(|e| e.0 == text) {
            return Ok(e);
        }
        let entry = std::sync::Arc::new((text.to_string(), parse()?));
        if let Ok(mut m) = self.entries.lock() {
            if m.len() >= FROZEN_CACHE_LIMIT {
                m.clear();
            }
            m.insert(key.to_string(), entry.clone());
        }
        Ok(entry)
    }
}
