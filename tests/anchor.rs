//! Re-anchoring highlights after the episode text changed, on the seed's own paragraphs.

use earmark::core::anchor::{anchor, approximate_ends, byte_to_char, char_to_byte, describe, Anchor, Selector};
use proptest::prelude::*;

const SEED: &str = include_str!("../seeds/000_7a0b873023e3994b.txt");

fn export_paragraph() -> &'static str {
    SEED.lines().nth(15).unwrap()
}

struct Saved {
    exact: String,
    prefix: String,
    suffix: String,
    start: usize,
    end: usize,
}

/// A highlight of the `n`th occurrence of `quote` in `text`, as the app saves it.
fn save(text: &str, quote: &str, n: usize) -> Saved {
    let byte = text.match_indices(quote).nth(n).unwrap().0;
    let start = byte_to_char(text, byte);
    let end = start + quote.chars().count();
    let (exact, prefix, suffix) = describe(text, start, end);
    Saved { exact, prefix, suffix, start, end }
}

fn reanchor(text: &str, saved: &Saved) -> Anchor {
    anchor(text, &Selector { exact: &saved.exact, prefix: &saved.prefix, suffix: &saved.suffix, start: saved.start, end: saved.end })
}

fn quoted(text: &str, anchor: Anchor) -> Option<String> {
    anchor.range().map(|(start, end)| text.chars().skip(start).take(end - start).collect())
}

#[test]
fn the_selector_is_the_w3c_quote_with_32_characters_of_context() {
    let saved = save(export_paragraph(), "paradoxically accelerate indigenous innovations", 0);
    assert_eq!(saved.prefix.chars().count(), 32);
    assert_eq!(saved.prefix, "de China's AI development, they ");
    assert_eq!(saved.suffix.chars().count(), 32);
    assert!(saved.suffix.starts_with(", as companies like DeepSeek"));
}

#[test]
fn reanchoring_after_edits() {
    let original = export_paragraph();
    let quote = "paradoxically accelerate indigenous innovations";
    let saved = save(original, quote, 0);
    let cases: Vec<(&str, String, Option<&str>, fn(&Anchor) -> bool)> = vec![
        ("exact reload", original.to_string(), Some(quote), |a| matches!(a, Anchor::Position { .. })),
        (
            "text inserted before",
            format!("A new opening sentence was added. {original}"),
            Some(quote),
            |a| matches!(a, Anchor::Quote { .. }),
        ),
        (
            "a typo fixed inside the quote",
            original.replace("paradoxically accelerate", "paradoxicaly accelerate"),
            Some("paradoxicaly accelerate indigenous innovations"),
            |a| matches!(a, Anchor::Fuzzy { distance: 1, .. }),
        ),
        (
            "a word changed inside the quote",
            original.replace("indigenous innovations", "domestic innovations"),
            None,
            |a| matches!(a, Anchor::Fuzzy { .. }),
        ),
        ("quote deleted", original.replace(quote, "a different idea altogether"), None, |a| matches!(a, Anchor::Orphan)),
        (
            "astral characters before the quote",
            format!("🎧🎙️𝄞 {original}"),
            Some(quote),
            |a| matches!(a, Anchor::Quote { .. }),
        ),
        ("empty text", String::new(), None, |a| matches!(a, Anchor::Orphan)),
    ];
    for (name, text, expected, kind) in cases {
        let found = reanchor(&text, &saved);
        assert!(kind(&found), "{name}: {found:?}");
        if let Some(expected) = expected {
            assert_eq!(quoted(&text, found).as_deref(), Some(expected), "{name}");
        }
    }
}

#[test]
fn a_changed_word_still_lands_on_the_same_place() {
    let original = export_paragraph();
    let saved = save(original, "paradoxically accelerate indigenous innovations", 0);
    let edited = original.replace("indigenous innovations", "domestic innovations");
    let found = quoted(&edited, reanchor(&edited, &saved)).unwrap();
    assert!(found.starts_with("paradoxically accelerate") && found.ends_with("innovations"), "{found:?}");
}

#[test]
fn prefix_and_suffix_choose_among_repeats() {
    let text = "The controls work. Critics say the controls fail. Supporters say the controls work.";
    for n in 0..3 {
        let saved = save(text, "controls", n);
        // Move the text so the stored position is useless; the context must decide.
        let moved = format!("Preface. {text}");
        let found = reanchor(&moved, &saved).range().unwrap();
        let expected = byte_to_char(&moved, moved.match_indices("controls").nth(n).unwrap().0);
        assert_eq!(found.0, expected, "occurrence {n}");
    }
}

#[test]
fn offsets_count_code_points() {
    let text = "é🎧x";
    assert_eq!(char_to_byte(text, 0), 0);
    assert_eq!(char_to_byte(text, 1), 2);
    assert_eq!(char_to_byte(text, 2), 6);
    assert_eq!(char_to_byte(text, 3), 7);
    assert_eq!(char_to_byte(text, 9), 7);
    assert_eq!(byte_to_char(text, 6), 2);
    assert_eq!(byte_to_char(text, 3), 2, "inside a character counts as the next");
}

/// The textbook dynamic programme for the best edit distance of `pattern` against any
/// substring of `text` ending at each position: the reference for the bit-parallel matcher.
fn reference(text: &[char], pattern: &[char], k: usize) -> Vec<(usize, usize)> {
    let m = pattern.len();
    let mut column: Vec<usize> = (0..=m).collect();
    let mut out = Vec::new();
    for (j, &c) in text.iter().enumerate() {
        let mut diagonal = column[0];
        column[0] = 0;
        for i in 1..=m {
            let up = column[i];
            column[i] = (diagonal + usize::from(pattern[i - 1] != c)).min(up + 1).min(column[i - 1] + 1);
            diagonal = up;
        }
        if column[m] <= k {
            out.push((j, column[m]));
        }
    }
    out
}

#[test]
fn approximate_matching_of_long_quotes_spans_several_blocks() {
    let text: Vec<char> = export_paragraph().repeat(2).chars().collect();
    for (from, len) in [(10, 64), (10, 65), (40, 190), (0, 300)] {
        let mut pattern: Vec<char> = text[from..from + len].to_vec();
        pattern[len / 2] = '#';
        assert_eq!(approximate_ends(&text, &pattern, 3), reference(&text, &pattern, 3), "{len} characters");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// The bit-parallel matcher against the textbook dynamic programme, on random text and
    /// patterns of up to three 64-bit blocks.
    #[test]
    fn approximate_matching_agrees_with_the_reference(text in "[abc ]{0,120}", pattern in "[abc]{1,150}", k in 0usize..8) {
        let text: Vec<char> = text.chars().collect();
        let pattern: Vec<char> = pattern.chars().collect();
        prop_assert_eq!(approximate_ends(&text, &pattern, k), reference(&text, &pattern, k));
    }

    /// Whatever the text and selector, anchoring answers, and any range it gives is inside
    /// the text.
    #[test]
    fn anchoring_is_total(text in "\\PC{0,80}", exact in "\\PC{0,20}", prefix in "\\PC{0,5}", start in 0usize..100, len in 0usize..30) {
        let found = anchor(&text, &Selector { exact: &exact, prefix: &prefix, suffix: "", start, end: start + len });
        if let Some((s, e)) = found.range() {
            prop_assert!(s <= e && e <= text.chars().count());
        }
    }
}
