//! Anchoring a highlight to the text of its insight, again and again as that text changes.
//!
//! A highlight remembers its text the way the W3C Web Annotation model does: a
//! `TextQuoteSelector` (the exact quote, and up to 32 characters of prefix and suffix) and a
//! `TextPositionSelector` (start and end). On every load it is anchored again, trying in turn:
//! 1. the position, if the text there is still the exact quote;
//! 2. the exact quote, choosing among repeats by how well prefix and suffix agree and how
//!    close each is to the old position;
//! 3. a fuzzy match within a bounded edit distance, for text that was edited a little.
//!
//! Otherwise the highlight is an orphan: kept, listed, never deleted.
//!
//! Units: every offset in this module counts **Unicode code points** (Rust `char`s) of the
//! insight's text, as the Web Annotation model prescribes for text positions. Byte offsets
//! appear only in [`char_to_byte`] and [`byte_to_char`].
//!
//! The fuzzy step is Myers' bit-parallel approximate matcher (1999), in Hyyrö's blocked form
//! for quotes longer than 64 characters: O(n·⌈m/64⌉) for a text of n and a quote of m
//! characters. Written here because the crates that offer it work on bytes or are unkept,
//! while quotes are characters; tests hold it to a plain dynamic-programming reference.

use std::collections::HashMap;

/// Characters of context kept on either side of a quote.
pub const CONTEXT_CHARS: usize = 32;

/// Quotes longer than this are not searched fuzzily (the position and exact steps still run).
pub const MAX_FUZZY_CHARS: usize = 4_000;

/// Where a highlight was found, in code points of the insight's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// At its stored position, unchanged.
    Position { start: usize, end: usize },
    /// The exact quote, found elsewhere.
    Quote { start: usize, end: usize },
    /// Text close to the quote, `distance` edits away.
    Fuzzy { start: usize, end: usize, distance: usize },
    /// Not found.
    Orphan,
}

impl Anchor {
    pub fn range(self) -> Option<(usize, usize)> {
        match self {
            Anchor::Position { start, end } | Anchor::Quote { start, end } | Anchor::Fuzzy { start, end, .. } => {
                Some((start, end))
            }
            Anchor::Orphan => None,
        }
    }
}

/// What a highlight remembers of its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selector<'a> {
    pub exact: &'a str,
    pub prefix: &'a str,
    pub suffix: &'a str,
    pub start: usize,
    pub end: usize,
}

/// The byte offset of code point `index` in `text` (the length for an index past the end).
pub fn char_to_byte(text: &str, index: usize) -> usize {
    text.char_indices().nth(index).map_or(text.len(), |(byte, _)| byte)
}

/// The code-point index of byte offset `byte` (a byte inside a character counts as the next
/// character).
pub fn byte_to_char(text: &str, byte: usize) -> usize {
    text.char_indices().take_while(|&(at, _)| at < byte).count()
}

/// Builds the selector of the text between code points `start` and `end`.
pub fn describe(text: &str, start: usize, end: usize) -> (String, String, String) {
    let chars: Vec<char> = text.chars().collect();
    let end = end.min(chars.len());
    let start = start.min(end);
    let exact: String = chars[start..end].iter().collect();
    let prefix: String = chars[start.saturating_sub(CONTEXT_CHARS)..start].iter().collect();
    let suffix: String = chars[end..(end + CONTEXT_CHARS).min(chars.len())].iter().collect();
    (exact, prefix, suffix)
}

/// Finds a selector in `text`.
pub fn anchor(text: &str, selector: &Selector<'_>) -> Anchor {
    let exact: Vec<char> = selector.exact.chars().collect();
    if exact.is_empty() {
        return Anchor::Orphan;
    }
    let chars: Vec<char> = text.chars().collect();
    let (start, end) = (selector.start, selector.end);
    if end <= chars.len() && start < end && chars[start..end] == exact[..] {
        return Anchor::Position { start, end };
    }
    let prefix: Vec<char> = selector.prefix.chars().collect();
    let suffix: Vec<char> = selector.suffix.chars().collect();
    let context = |at: usize, len: usize| -> usize {
        common_suffix(&chars[..at], &prefix) + common_prefix(&chars[(at + len).min(chars.len())..], &suffix)
    };

    // Exact occurrences: the best context wins, then the nearest to the old position.
    let best = find_all(&chars, &exact)
        .into_iter()
        .max_by_key(|&at| (context(at, exact.len()), std::cmp::Reverse(at.abs_diff(start))));
    if let Some(at) = best {
        return Anchor::Quote { start: at, end: at + exact.len() };
    }

    if exact.len() > MAX_FUZZY_CHARS {
        return Anchor::Orphan;
    }
    let budget = max_distance(exact.len());
    let ends = approximate_ends(&chars, &exact, budget);
    let Some(best) = ends.iter().map(|&(_, d)| d).min() else { return Anchor::Orphan };
    // Among the best ends, the nearest to where the quote used to end.
    let Some(&(match_end, distance)) = ends.iter().filter(|&&(_, d)| d == best).min_by_key(|&&(j, _)| (j + 1).abs_diff(end)) else {
        return Anchor::Orphan;
    };
    let match_start = approximate_start(&chars, &exact, match_end, distance);
    Anchor::Fuzzy { start: match_start, end: match_end + 1, distance }
}

/// How many edits a quote of `len` characters may have suffered and still be the same quote:
/// one in five characters (a replaced word in a sentence), at least one, at most 64. A quote
/// of one character is only ever found exactly.
pub fn max_distance(len: usize) -> usize {
    if len < 2 {
        return 0;
    }
    (len / 5).clamp(1, 64)
}

fn common_prefix(a: &[char], b: &[char]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &[char], b: &[char]) -> usize {
    a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count()
}

fn find_all(text: &[char], needle: &[char]) -> Vec<usize> {
    if needle.len() > text.len() {
        return Vec::new();
    }
    (0..=text.len() - needle.len()).filter(|&at| text[at..at + needle.len()] == *needle).collect()
}

/// Myers' bit vectors of one pattern, in blocks of 64 characters.
struct Pattern {
    blocks: usize,
    /// For each character of the pattern, where it occurs.
    peq: HashMap<char, Vec<u64>>,
    /// The bit of the last pattern character in the last block.
    last: u64,
}

impl Pattern {
    fn new(pattern: &[char]) -> Pattern {
        let blocks = pattern.len().div_ceil(64).max(1);
        let mut peq: HashMap<char, Vec<u64>> = HashMap::new();
        for (i, &c) in pattern.iter().enumerate() {
            peq.entry(c).or_insert_with(|| vec![0; blocks])[i / 64] |= 1 << (i % 64);
        }
        Pattern { blocks, peq, last: 1 << ((pattern.len() - 1) % 64) }
    }

    /// Runs the matcher over `text`; calls `report(j, score)` after each character, where
    /// `score` is the edit distance of the pattern against the best substring ending at `j`
    /// (`anchored == false`), or against all of `text[..=j]` (`anchored == true`).
    fn scan(&self, text: impl Iterator<Item = char>, anchored: bool, m: usize, mut report: impl FnMut(usize, usize) -> bool) {
        let zero = vec![0u64; self.blocks];
        let mut pv = vec![!0u64; self.blocks];
        let mut mv = vec![0u64; self.blocks];
        // Only the pattern's own bits count in the last block.
        let tail_mask = if m % 64 == 0 { !0u64 } else { (1u64 << (m % 64)) - 1 };
        if let Some(last) = pv.last_mut() {
            *last &= tail_mask;
        }
        let mut score = m;
        for (j, c) in text.enumerate() {
            let eq = self.peq.get(&c).unwrap_or(&zero);
            // Horizontal delta entering block 0 from row 0: +1 when anchored (D[0][j] = j),
            // 0 when searching (D[0][j] = 0).
            let mut ph_in = u64::from(anchored);
            let mut mh_in = 0u64;
            let mut carry = 0u64;
            for b in 0..self.blocks {
                let (e, p, mm) = (eq[b], pv[b], mv[b]);
                let xv = e | mm;
                let e_in = e | mh_in;
                let (sum1, c1) = (e_in & p).overflowing_add(p);
                let (sum, c2) = sum1.overflowing_add(carry);
                carry = u64::from(c1 || c2);
                let xh = (sum ^ p) | e_in;
                let mut ph = mm | !(xh | p);
                let mut mh = p & xh;
                if b == self.blocks - 1 {
                    ph &= tail_mask;
                    mh &= tail_mask;
                    if ph & self.last != 0 {
                        score += 1;
                    } else if mh & self.last != 0 {
                        score -= 1;
                    }
                }
                let (ph_out, mh_out) = (ph >> 63, mh >> 63);
                ph = (ph << 1) | ph_in;
                mh = (mh << 1) | mh_in;
                ph_in = ph_out;
                mh_in = mh_out;
                pv[b] = mh | !(xv | ph);
                mv[b] = ph & xv;
                if b == self.blocks - 1 {
                    pv[b] &= tail_mask;
                    mv[b] &= tail_mask;
                }
            }
            if !report(j, score) {
                return;
            }
        }
    }
}

/// Every text position `j` where a substring ending at `j` is within `k` edits of `pattern`,
/// with that distance.
pub fn approximate_ends(text: &[char], pattern: &[char], k: usize) -> Vec<(usize, usize)> {
    if pattern.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    Pattern::new(pattern).scan(text.iter().copied(), false, pattern.len(), |j, score| {
        if score <= k {
            out.push((j, score));
        }
        true
    });
    out
}

/// Where the match of `pattern` ending at `end` (inclusive) with `distance` edits starts: the
/// reversed pattern is aligned against the text read backwards from `end`.
fn approximate_start(text: &[char], pattern: &[char], end: usize, distance: usize) -> usize {
    let reversed: Vec<char> = pattern.iter().rev().copied().collect();
    let window = pattern.len() + distance;
    let mut best = (usize::MAX, 0usize);
    Pattern::new(&reversed).scan(text[..=end].iter().rev().copied(), true, pattern.len(), |i, score| {
        // Prefer the smallest distance, then the length nearest the quote's.
        let key = (score, (i + 1).abs_diff(pattern.len()));
        if key < (best.0, (best.1 + 1).abs_diff(pattern.len())) {
            best = (score, i);
        }
        i < window
    });
    end + 1 - (best.1 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "While these controls aim to impede China's AI development, they paradoxically \
                        accelerate indigenous innovations. These controls are debated.";

    fn selector(text: &str, quote: &str) -> (String, String, String, usize, usize) {
        let at = byte_to_char(text, text.find(quote).unwrap());
        let end = at + quote.chars().count();
        let (exact, prefix, suffix) = describe(text, at, end);
        (exact, prefix, suffix, at, end)
    }

    fn found(text: &str, sel: &(String, String, String, usize, usize)) -> Anchor {
        anchor(text, &Selector { exact: &sel.0, prefix: &sel.1, suffix: &sel.2, start: sel.3, end: sel.4 })
    }

    #[test]
    fn unchanged_text_anchors_at_the_position() {
        let sel = selector(TEXT, "paradoxically accelerate");
        assert!(matches!(found(TEXT, &sel), Anchor::Position { .. }));
    }
}
