//! Slugs: the stable ids of episodes and insights.
//!
//! An id is derived from the insight's own words (the heading of a deep dive, the first words of
//! a takeaway), never from its position, so reordering sections keeps every id. Ids are public
//! promises: deep links and stored highlights name insights by them, so the rules below must not
//! change without a new link version.
//!
//! The rules: lower-case; letters and digits (any script) are kept; apostrophes are dropped so
//! that "DeepSeek's" gives `deepseeks`; every other run of characters becomes one `-`; no `-` at
//! either end. Written here rather than taken from the `slug` crate because that crate
//! transliterates through `deunicode`'s tables (hundreds of kilobytes of wasm) while ids only
//! need to be stable and URL-safe after percent-encoding.

/// How many words of a takeaway make its id.
pub const TAKEAWAY_ID_WORDS: usize = 6;

/// The slug of `text`; empty when `text` has no letter or digit.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_dash = false;
    for c in text.chars() {
        if is_apostrophe(c) {
            continue;
        }
        if c.is_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.extend(c.to_lowercase());
        } else {
            pending_dash = true;
        }
    }
    out
}

/// The slug of the first `words` words of `text`.
pub fn slugify_words(text: &str, words: usize) -> String {
    let mut slug = slugify(text);
    if let Some((cut, _)) = slug.match_indices('-').nth(words.saturating_sub(1)) {
        slug.truncate(cut);
    }
    slug
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}')
}

/// Hands out ids that are unique within one episode: a clash gets `-2`, `-3`, … in reading
/// order, and an empty slug becomes `fallback`. The ids links and stored highlights give the
/// episode's other sections are taken from the start: a deep dive headed "Summary" or
/// "Transcript" is `summary-2` or `transcript-2`, so that `#insight=summary` and
/// `#insight=transcript` keep naming one thing.
pub struct IdAllocator {
    taken: std::collections::HashSet<String>,
}

/// Ids that name sections other than insights (see [`IdAllocator`]).
pub const RESERVED_IDS: [&str; 2] = ["summary", "transcript"];

impl Default for IdAllocator {
    fn default() -> Self {
        IdAllocator { taken: RESERVED_IDS.iter().map(|id| id.to_string()).collect() }
    }
}

impl IdAllocator {
    pub fn allocate(&mut self, slug: String, fallback: &str) -> String {
        let base = if slug.is_empty() { fallback.to_string() } else { slug };
        let mut candidate = base.clone();
        let mut n = 2;
        while self.taken.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_rules() {
        let cases = [
            ("US Export Controls and Their Effectiveness", "us-export-controls-and-their-effectiveness"),
            ("DeepSeek's Impact and the Reactions to its Releases", "deepseeks-impact-and-the-reactions-to-its-releases"),
            ("DeepSeek\u{2019}s Impact", "deepseeks-impact"),
            ("  leading and trailing  ", "leading-and-trailing"),
            ("a -- b", "a-b"),
            ("R&D: 100%", "r-d-100"),
            ("Café Crème", "café-crème"),
            ("ÄRGER", "ärger"),
            ("中国 AI", "中国-ai"),
            ("emoji 🎧 here", "emoji-here"),
            ("$6 million", "6-million"),
            ("...", ""),
            ("", ""),
        ];
        for (text, expected) in cases {
            assert_eq!(slugify(text), expected, "slug of {text:?}");
        }
    }

    #[test]
    fn takeaway_slugs_keep_the_first_words() {
        assert_eq!(
            slugify_words("The competitive landscape of AI between the US and China", 6),
            "the-competitive-landscape-of-ai-between"
        );
        assert_eq!(slugify_words("Two words", 6), "two-words");
        assert_eq!(slugify_words("", 6), "");
    }

    #[test]
    fn clashes_get_suffixes_in_order() {
        let mut ids = IdAllocator::default();
        assert_eq!(ids.allocate("a".into(), "x"), "a");
        assert_eq!(ids.allocate("a".into(), "x"), "a-2");
        assert_eq!(ids.allocate("a".into(), "x"), "a-3");
        assert_eq!(ids.allocate("a-2".into(), "x"), "a-2-2");
        assert_eq!(ids.allocate(String::new(), "insight"), "insight");
        assert_eq!(ids.allocate(String::new(), "insight"), "insight-2");
    }
}
