//! In-page search: folding text so that readers find what they mean, and finding every match
//! in an episode fast enough to repaint on each keystroke.
//!
//! The design decision: the episode's text is folded **once**, into one string with a map back
//! to the original, and each keystroke is a single substring search over that string
//! (`memchr::memmem`, SIMD where the target has it). Folding makes the comparison
//! case-insensitive (full Unicode lower case), diacritic-insensitive (compatibility
//! decomposition, then combining marks dropped: `café` finds `cafe` and back; the table comes
//! from `unicode-normalization`, see `fold_table.rs`), and treats
//! curly and straight quotes, all dashes, and any run of white space as equal. The query is
//! literal text: nothing in it is interpreted.
//!
//! Offsets: a [`Match`] holds **UTF-8 byte offsets into the original text of its segment**, so
//! it slices the model's `String`s directly. The DOM counts UTF-16 code units; the one place
//! that converts is [`Utf16Cursor`].
//!
//! Matches are whole characters of the original: a match never starts or ends inside what one
//! character folded to (the `fi` of a `ﬁ` ligature cannot be half matched), and a match ending
//! before combining marks covers them, so a mark never splits a grapheme.

use memchr::memmem;

use crate::fold_table::{BASES, MARKS};
use crate::model::Episode;
use crate::transcript::Chapter;

/// A piece of searchable text on the page, in reading order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SegmentKind {
    Title,
    Summary,
    Takeaway(usize),
    /// The heading of the deep dive at this index.
    Heading(usize),
    /// The paragraph of the deep dive at this index.
    Body(usize),
    Topic(usize),
    /// The title of the transcript's chapter at this index, as the chapter list shows it. A
    /// chapter the list leaves out (`toc: false`) has an empty segment, so that indices stay
    /// those of the chapters; the transcript's own chapter headings repeat the list's titles
    /// and are not searched a second time.
    Chapter(usize),
    /// The transcript's cue at this index (once its cues have arrived).
    Cue(usize),
}

/// The searchable segments of an episode, in reading order; a segment's position in this list
/// is its index (the `data-seg` of the element that renders it).
pub fn segments(episode: &Episode) -> Vec<(SegmentKind, &str)> {
    let mut out = vec![(SegmentKind::Title, episode.title.as_str()), (SegmentKind::Summary, episode.summary.as_str())];
    out.extend(episode.takeaways.iter().enumerate().map(|(i, t)| (SegmentKind::Takeaway(i), t.text.as_str())));
    for (i, dive) in episode.deep_dives.iter().enumerate() {
        out.push((SegmentKind::Heading(i), dive.heading.as_deref().unwrap_or_default()));
        out.push((SegmentKind::Body(i), dive.text.as_str()));
    }
    out.extend(episode.topics.iter().enumerate().map(|(i, topic)| (SegmentKind::Topic(i), topic.as_str())));
    out.extend(chapters(episode).iter().enumerate().map(|(i, chapter)| (SegmentKind::Chapter(i), chapter_text(chapter))));
    // Last, so that the segments before keep their index when the transcript arrives.
    out.extend(episode.cues.iter().enumerate().map(|(i, cue)| (SegmentKind::Cue(i), cue.text.as_str())));
    out
}

/// The index of a segment in [`segments`], computed without building the list.
pub fn segment_index(episode: &Episode, kind: SegmentKind) -> usize {
    let takeaways = episode.takeaways.len();
    let dives = episode.deep_dives.len();
    match kind {
        SegmentKind::Title => 0,
        SegmentKind::Summary => 1,
        SegmentKind::Takeaway(i) => 2 + i,
        SegmentKind::Heading(i) => 2 + takeaways + 2 * i,
        SegmentKind::Body(i) => 3 + takeaways + 2 * i,
        SegmentKind::Topic(i) => 2 + takeaways + 2 * dives + i,
        SegmentKind::Chapter(i) => 2 + takeaways + 2 * dives + episode.topics.len() + i,
        SegmentKind::Cue(i) => 2 + takeaways + 2 * dives + episode.topics.len() + chapters(episode).len() + i,
    }
}

/// The episode's chapters (known from its page, before the cues arrive).
fn chapters(episode: &Episode) -> &[Chapter] {
    episode.transcript.as_ref().map_or(&[], |info| info.chapters.as_slice())
}

/// What a chapter's segment holds: its title where the chapter list shows one, else nothing.
/// An untitled chapter is listed as "Chapter at 4:30", which is the app's wording, not the
/// episode's, and so not searched.
pub fn chapter_text(chapter: &Chapter) -> &str {
    match &chapter.title {
        Some(title) if chapter.toc => title.as_str(),
        _ => "",
    }
}

/// One match: a segment and the UTF-8 byte range of the match in that segment's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Match {
    pub segment: u32,
    pub start: u32,
    pub end: u32,
}

/// Text folded for searching, with the way back to the original.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// For each byte of `text`: the byte offset, in the original, of the character it came
    /// from. Where that character ends (with the combining marks and the rest of a white-space
    /// run that folded away after it) is where the next group starts, or the end of its
    /// segment: no second table is kept for it, which on a long episode is a megabyte.
    starts: Vec<u32>,
}

impl Folded {
    /// Folds `original`. Offsets recorded are relative to `original`.
    pub fn new(original: &str) -> Folded {
        let mut folded = Folded::with_capacity(original.len());
        folded.push(original);
        folded
    }

    /// Room for about `bytes` of text: folding keeps most text's length, and growing by
    /// doubling would, for a moment, hold both the old and the new table.
    fn with_capacity(bytes: usize) -> Folded {
        Folded { text: String::with_capacity(bytes), starts: Vec::with_capacity(bytes) }
    }

    fn push(&mut self, original: &str) {
        // Whether a character of this segment emitted anything yet: white space folds to one
        // space only after one.
        let mut emitted = false;
        let mut scratch = String::new();
        for (offset, c) in original.char_indices() {
            scratch.clear();
            fold_char(c, emitted && self.text.ends_with(' '), &mut scratch);
            if scratch.is_empty() {
                continue;
            }
            self.text.push_str(&scratch);
            self.starts.resize(self.text.len(), offset as u32);
            emitted = true;
        }
    }

    /// Whether a match may start at folded byte `at`: the first byte of what a character
    /// folded to.
    fn starts_group(&self, at: usize) -> bool {
        at == 0 || at >= self.starts.len() || self.starts[at] != self.starts[at - 1]
    }

    /// Whether a match may end just before folded byte `at`.
    fn ends_group(&self, at: usize) -> bool {
        at >= self.starts.len() || self.starts_group(at)
    }
}

/// Folds one character into `out`. `after_space` says the folded text so far ends in a
/// space, so that a run of white space folds to one space.
fn fold_char(c: char, after_space: bool, out: &mut String) {
    match c {
        c if c.is_whitespace() => {
            if !after_space {
                out.push(' ');
            }
        }
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{2035}' | '\u{02BC}' | '\u{FF07}' => {
            out.push('\'')
        }
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{2036}' | '\u{00AB}' | '\u{00BB}'
        | '\u{FF02}' => out.push('"'),
        '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => out.push('-'),
        // Soft hyphens and zero-width characters are invisible: they must not break a match.
        '\u{00AD}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => {}
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        c if is_combining_mark(c) => {}
        // Ligatures and full-width forms, the compatibility forms readers meet in text.
        '\u{FB00}' => out.push_str("ff"),
        '\u{FB01}' => out.push_str("fi"),
        '\u{FB02}' => out.push_str("fl"),
        '\u{FB03}' => out.push_str("ffi"),
        '\u{FB04}' => out.push_str("ffl"),
        '\u{FB05}' | '\u{FB06}' => out.push_str("st"),
        '\u{FF01}'..='\u{FF5E}' => {
            let ascii = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
            out.push(ascii.to_ascii_lowercase());
        }
        c => {
            // Lower-casing can bring combining marks back (U+0130 → i + U+0307).
            out.extend(base_letter(c).to_lowercase().filter(|&lower| !is_combining_mark(lower)));
        }
    }
}

/// The base letter of an accented letter (é → e), or the character itself.
fn base_letter(c: char) -> char {
    let Ok(code) = u16::try_from(c as u32) else { return c };
    match BASES.binary_search_by_key(&code, |&(from, _)| from) {
        Ok(at) => char::from_u32(u32::from(BASES[at].1)).unwrap_or(c),
        Err(_) => c,
    }
}

fn is_combining_mark(c: char) -> bool {
    let code = c as u32;
    // Every combining mark is at U+0300 or above; most text never reaches the table.
    code >= 0x300
        && MARKS
            .binary_search_by(|&(start, end)| {
                if end < code {
                    std::cmp::Ordering::Less
                } else if start > code {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
}

/// Folds a query: folded like the text, with white space at either end removed (a reader
/// typing "export " is still looking for "export").
pub fn fold_query(query: &str) -> String {
    Folded::new(query.trim()).text.trim().to_string()
}

/// An episode folded for search: every segment, joined by a separator that no folded query
/// can contain, so one scan finds the matches of all segments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SearchIndex {
    folded: Folded,
    /// Where each segment starts in `folded.text`.
    segment_starts: Vec<u32>,
    /// Each segment's length in the original (where its last character ends).
    segment_lengths: Vec<u32>,
    kinds: Vec<SegmentKind>,
}

/// Between segments in the folded text. A folded query never holds it (white space folds to
/// a space).
const SEPARATOR: char = '\n';

impl SearchIndex {
    pub fn new(episode: &Episode) -> SearchIndex {
        Self::from_segments(segments(episode))
    }

    pub fn from_segments<'a>(segments: impl IntoIterator<Item = (SegmentKind, &'a str)>) -> SearchIndex {
        let segments: Vec<(SegmentKind, &str)> = segments.into_iter().collect();
        let mut folded = Folded::with_capacity(segments.iter().map(|(_, text)| text.len() + 1).sum());
        let mut segment_starts = Vec::with_capacity(segments.len());
        let mut segment_lengths = Vec::with_capacity(segments.len());
        let mut kinds = Vec::with_capacity(segments.len());
        for (kind, text) in segments {
            if !kinds.is_empty() {
                // The separator belongs to no original character; its start differs from
                // every real one, so a match may begin right after it or end right before it.
                folded.text.push(SEPARATOR);
                folded.starts.push(u32::MAX);
            }
            segment_starts.push(folded.text.len() as u32);
            segment_lengths.push(text.len() as u32);
            kinds.push(kind);
            folded.push(text);
        }
        SearchIndex { folded, segment_starts, segment_lengths, kinds }
    }

    /// What kind of segment is at `index`.
    pub fn kind(&self, index: u32) -> Option<SegmentKind> {
        self.kinds.get(index as usize).copied()
    }

    pub fn segment_count(&self) -> usize {
        self.kinds.len()
    }

    /// Every match of `query`, in reading order; none for an empty query.
    pub fn find(&self, query: &str) -> Vec<Match> {
        let needle = fold_query(query);
        if needle.is_empty() {
            return Vec::new();
        }
        let haystack = self.folded.text.as_bytes();
        let mut matches = Vec::new();
        let mut segment = 0usize;
        for at in memmem::find_iter(haystack, needle.as_bytes()) {
            let end = at + needle.len();
            if !self.folded.starts_group(at) || !self.folded.ends_group(end) {
                continue;
            }
            // Matches come in increasing order, so the segment only ever moves forward.
            while segment + 1 < self.segment_starts.len() && self.segment_starts[segment + 1] as usize <= at {
                segment += 1;
            }
            // The match ends where the next group starts; at the end of its segment (the
            // separator, or the end of the text), where the segment ends.
            let next = self.folded.starts.get(end).copied().unwrap_or(u32::MAX);
            matches.push(Match {
                segment: segment as u32,
                start: self.folded.starts[at],
                end: if next == u32::MAX { self.segment_lengths[segment] } else { next },
            });
        }
        matches
    }
}

/// Converts increasing UTF-8 byte offsets of one text into UTF-16 code-unit offsets (what DOM
/// ranges count) in one forward pass.
pub struct Utf16Cursor<'a> {
    text: &'a str,
    byte: usize,
    unit: u32,
}

impl<'a> Utf16Cursor<'a> {
    pub fn new(text: &'a str) -> Utf16Cursor<'a> {
        Utf16Cursor { text, byte: 0, unit: 0 }
    }

    /// The UTF-16 offset of byte offset `byte`. Offsets must not decrease between calls; one
    /// inside a character or past the end counts as the next character boundary.
    pub fn at(&mut self, byte: usize) -> u32 {
        let rest = self.text.get(self.byte..).unwrap_or_default();
        for c in rest.chars() {
            if self.byte >= byte {
                break;
            }
            self.byte += c.len_utf8();
            self.unit += c.len_utf16() as u32;
        }
        self.unit
    }
}

/// The UTF-8 byte offset of UTF-16 offset `unit` in `text` (what a DOM selection gives); one
/// inside a surrogate pair or past the end counts as the next character boundary.
pub fn utf16_to_byte(text: &str, unit: u32) -> usize {
    let mut units = 0u32;
    for (byte, c) in text.char_indices() {
        if units >= unit {
            return byte;
        }
        units += c.len_utf16() as u32;
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One shared sample, in the manner of ripgrep's tests: every case below searches it.
    const SAMPLE: &str = "Paul\u{2019}s café sells crème brûlée \u{2014} \"$6 (a.*) [x] \\ deal\"\n\
                          and  the  Café   stays open. ﬁne 🎧 music, 中国 AI; e\u{0301}clair.";

    fn found(query: &str) -> Vec<&'static str> {
        let index = SearchIndex::from_segments([(SegmentKind::Summary, SAMPLE)]);
        index.find(query).iter().map(|m| &SAMPLE[m.start as usize..m.end as usize]).collect()
    }

    #[test]
    fn folding_cases() {
        let cases: &[(&str, &[&str])] = &[
            ("cafe", &["café", "Café"]),
            ("CAFÉ", &["café", "Café"]),
            ("creme brulee", &["crème brûlée"]),
            ("Paul's", &["Paul\u{2019}s"]),
            ("paul’s", &["Paul\u{2019}s"]),
            ("brûlée - \"$6", &["brûlée \u{2014} \"$6"]),
            ("and the cafe", &["and  the  Café"]),
            ("deal\" and", &["deal\"\nand"]),
            ("(a.*)", &["(a.*)"]),
            ("$6", &["$6"]),
            ("[x] \\", &["[x] \\"]),
            ("fine", &["ﬁne"]),
            ("🎧", &["🎧"]),
            ("中国 ai", &["中国 AI"]),
            ("eclair", &["e\u{0301}clair"]),
            ("éclair", &["e\u{0301}clair"]),
            ("CRÈME", &["crème"]),
            ("  stays  ", &["stays"]),
            ("", &[]),
            ("   ", &[]),
            ("absent", &[]),
            (".*", &[".*"]),
        ];
        for (query, expected) in cases {
            assert_eq!(found(query), *expected, "query {query:?}");
        }
    }

    #[test]
    fn a_match_never_splits_what_one_character_folded_to() {
        // "i" is inside the folding of "ﬁ" but is not a whole character of the original.
        assert!(!found("i").contains(&"ﬁ"));
        assert_eq!(found("fi"), ["ﬁ"]);
    }

    #[test]
    fn matches_carry_their_segment() {
        let index = SearchIndex::from_segments([
            (SegmentKind::Title, "Open source"),
            (SegmentKind::Summary, "nothing here"),
            (SegmentKind::Body(3), "more open source, open"),
        ]);
        let matches = index.find("open");
        let segments: Vec<u32> = matches.iter().map(|m| m.segment).collect();
        assert_eq!(segments, [0, 2, 2]);
        assert_eq!(index.kind(2), Some(SegmentKind::Body(3)));
        assert_eq!((matches[2].start, matches[2].end), (18, 22));
        // No match spans two segments, and a segment's first word is found.
        assert!(index.find("source nothing").is_empty());
        assert_eq!(index.find("nothing").len(), 1);
        assert_eq!(index.find("more").len(), 1);
    }

    #[test]
    fn utf16_offsets() {
        let text = "a🎧b中c";
        let mut cursor = Utf16Cursor::new(text);
        assert_eq!(cursor.at(0), 0);
        assert_eq!(cursor.at(1), 1);
        assert_eq!(cursor.at(5), 3, "the emoji is two UTF-16 units");
        assert_eq!(cursor.at(6), 4);
        assert_eq!(cursor.at(9), 5, "the CJK character is one unit");
        assert_eq!(cursor.at(10), 6);
        assert_eq!(cursor.at(99), 6, "past the end stays at the end");
        for (unit, byte) in [(0, 0), (1, 1), (2, 5), (3, 5), (4, 6), (5, 9), (6, 10), (60, 10)] {
            assert_eq!(utf16_to_byte(text, unit), byte, "unit {unit}");
        }
    }
}
