//! Highlights: the reader's own data, so the rules here are about never losing any.
//!
//! - A highlight belongs to one *target*: the summary (`"summary"`), an insight (a takeaway
//!   or a deep dive's paragraph), or a transcript cue (`transcript:<start ms>`), named by id.
//!   A selection across targets becomes one highlight per target. A cue's highlight is an
//!   orphan only until the transcript arrives, after the first paint.
//! - It is stored with W3C Web Annotation selectors (see [`crate::anchor`]) and
//!   re-anchored on every load; one that cannot be placed is an orphan, kept and listed.
//! - The stored document is versioned: version 2 is written; version 1 (quote and position
//!   only) is read and upgraded; a newer version is left untouched.
//! - Collections from two tabs merge by highlight id, the later edit winning, with
//!   tombstones for deletions so that a deleted highlight does not come back from the other
//!   tab's copy.
//!
//! Times are milliseconds since 1970, handed in by the caller: the core has no clock.


use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use crate::anchor::{self, byte_to_char, char_to_byte, Anchor, Selector};
use crate::ids::IdMap;
use crate::model::Episode;
use crate::search::{segment_index, SegmentKind};
use crate::storage::{version_of, DecodeError};
use crate::transcript::{cue_id, cue_index};

/// The target id of the summary, which is not an insight.
pub const SUMMARY: &str = "summary";

/// The version of the stored document this build writes.
pub const HIGHLIGHTS_VERSION: u64 = 2;

/// What a key holds, the last part of the storage key.
pub const HIGHLIGHTS: &str = "highlights";

/// Highlight colours. The names are stored and exported: keep them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Color {
    #[default]
    Yellow,
    Green,
    Blue,
    Pink,
}

impl Color {
    pub const ALL: [Color; 4] = [Color::Yellow, Color::Green, Color::Blue, Color::Pink];

    pub fn name(self) -> &'static str {
        match self {
            Color::Yellow => "yellow",
            Color::Green => "green",
            Color::Blue => "blue",
            Color::Pink => "pink",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Color::Yellow => "Yellow",
            Color::Green => "Green",
            Color::Blue => "Blue",
            Color::Pink => "Pink",
        }
    }

    pub fn from_name(name: &str) -> Option<Color> {
        Color::ALL.into_iter().find(|color| color.name() == name)
    }
}

/// One highlight.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Highlight {
    pub id: String,
    /// `"summary"` or an insight id.
    pub insight: String,
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
    /// Code points of the target's text (TextPositionSelector).
    pub start: u32,
    pub end: u32,
    #[serde(default)]
    pub color: Color,
    #[serde(default)]
    pub note: String,
    pub created: u64,
    pub updated: u64,
}

impl Highlight {
    pub fn selector(&self) -> Selector<'_> {
        Selector { exact: &self.exact, prefix: &self.prefix, suffix: &self.suffix, start: self.start as usize, end: self.end as usize }
    }
}

/// A reader's highlights of one episode, with the tombstones of deleted ones.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Collection {
    pub highlights: Vec<Highlight>,
    /// Deleted highlight ids, with when they were deleted.
    #[serde(default)]
    pub deleted: IdMap<u64>,
}

impl Collection {
    pub fn get(&self, id: &str) -> Option<&Highlight> {
        self.highlights.iter().find(|h| h.id == id)
    }

    /// Adds or replaces highlights (by id), clearing their tombstones.
    pub fn upsert(&mut self, new: impl IntoIterator<Item = Highlight>) {
        for highlight in new {
            self.deleted.remove(&highlight.id);
            match self.highlights.iter_mut().find(|h| h.id == highlight.id) {
                Some(old) => *old = highlight,
                None => self.highlights.push(highlight),
            }
        }
    }

    /// Deletes a highlight, leaving a tombstone; returns it.
    pub fn delete(&mut self, id: &str, now: u64) -> Option<Highlight> {
        let at = self.highlights.iter().position(|h| h.id == id)?;
        self.deleted.insert(id.to_string(), now);
        Some(self.highlights.remove(at))
    }

    /// Both collections' highlights, by id: the later edit wins, and a tombstone newer than a
    /// highlight's last edit removes it. Order: `self`'s first, then new ones from `other`.
    pub fn merge(&self, other: &Collection) -> Collection {
        let mut deleted = self.deleted.clone();
        for (id, &at) in other.deleted.iter() {
            let latest = deleted.get(id).map_or(at, |&mine: &u64| mine.max(at));
            deleted.insert(id.to_string(), latest);
        }
        let mut highlights: Vec<Highlight> = Vec::new();
        for h in self.highlights.iter().chain(&other.highlights) {
            match highlights.iter_mut().find(|seen| seen.id == h.id) {
                Some(seen) if h.updated > seen.updated => *seen = h.clone(),
                Some(_) => {}
                None => highlights.push(h.clone()),
            }
        }
        highlights.retain(|h| deleted.get(&h.id).is_none_or(|&at| h.updated > at));
        // A highlight restored after its deletion (undo) outlives its tombstone.
        deleted.retain(|id| !highlights.iter().any(|h| h.id == id));
        Collection { highlights, deleted }
    }
}

#[derive(Serialize)]
struct DocumentOut<'a> {
    version: u64,
    highlights: &'a [Highlight],
    deleted: &'a IdMap<u64>,
}

#[derive(Deserialize)]
struct DocumentV1 {
    highlights: Vec<HighlightV1>,
}

/// Version 1: quote and position only.
#[derive(Deserialize)]
struct HighlightV1 {
    id: String,
    insight: String,
    exact: String,
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    suffix: String,
    start: u32,
    end: u32,
    created: u64,
}

pub fn encode(collection: &Collection) -> String {
    let doc = DocumentOut { version: HIGHLIGHTS_VERSION, highlights: &collection.highlights, deleted: &collection.deleted };
    serde_json::to_string(&doc).unwrap_or_default()
}

/// Reads any version this build knows, upgrading it to the current one.
pub fn decode(raw: &str) -> Result<Collection, DecodeError> {
    match version_of(raw)? {
        1 => {
            let v1: DocumentV1 = serde_json::from_str(raw).map_err(|_| DecodeError::Corrupt)?;
            let highlights = v1
                .highlights
                .into_iter()
                .map(|h| Highlight {
                    id: h.id,
                    insight: h.insight,
                    exact: h.exact,
                    prefix: h.prefix,
                    suffix: h.suffix,
                    start: h.start,
                    end: h.end,
                    color: Color::default(),
                    note: String::new(),
                    created: h.created,
                    updated: h.created,
                })
                .collect();
            Ok(Collection { highlights, deleted: IdMap::new() })
        }
        HIGHLIGHTS_VERSION => serde_json::from_str(raw).map_err(|_| DecodeError::Corrupt),
        0 => Err(DecodeError::Corrupt),
        newer => Err(DecodeError::Newer { version: newer }),
    }
}

/// The text a target id names, and the segment it is rendered in.
pub fn target<'a>(episode: &'a Episode, id: &str) -> Option<(SegmentKind, &'a str)> {
    if id == SUMMARY {
        return Some((SegmentKind::Summary, episode.summary.as_str()));
    }
    if let Some(i) = episode.takeaways.iter().position(|t| t.id == id) {
        return Some((SegmentKind::Takeaway(i), episode.takeaways[i].text.as_str()));
    }
    if let Some(i) = episode.deep_dives.iter().position(|d| d.id == id) {
        return Some((SegmentKind::Body(i), episode.deep_dives[i].text.as_str()));
    }
    let i = cue_index(&episode.cues, id)?;
    Some((SegmentKind::Cue(i), episode.cues[i].text.as_str()))
}

/// The target id of a segment, if highlights may be made in it: an insight's, the summary's,
/// or a transcript cue's ([`cue_id`]).
pub fn target_of(episode: &Episode, kind: SegmentKind) -> Option<Cow<'_, str>> {
    match kind {
        SegmentKind::Summary => Some(Cow::Borrowed(SUMMARY)),
        SegmentKind::Takeaway(i) => episode.takeaways.get(i).map(|t| Cow::Borrowed(t.id.as_str())),
        SegmentKind::Body(i) => episode.deep_dives.get(i).map(|d| Cow::Borrowed(d.id.as_str())),
        SegmentKind::Cue(i) if i < episode.cues.len() => Some(Cow::Owned(cue_id(&episode.cues, i))),
        _ => None,
    }
}

/// A selected stretch of one segment: its index and the UTF-8 byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Selected {
    pub segment: usize,
    pub start: usize,
    pub end: usize,
}

/// The highlights a selection makes: one per highlightable segment it touches, trimmed of
/// white space at either end. Empty when the selection holds no text of a highlightable
/// segment. `ids` names each new highlight.
pub fn from_selection(
    episode: &Episode,
    kinds: &[SegmentKind],
    selection: &[Selected],
    color: Color,
    now: u64,
    mut ids: impl FnMut() -> String,
) -> Vec<Highlight> {
    let mut out = Vec::new();
    for piece in selection {
        let Some(&kind) = kinds.get(piece.segment) else { continue };
        let Some(target_id) = target_of(episode, kind) else { continue };
        let Some((_, text)) = target(episode, &target_id) else { continue };
        let (Some(start), Some(end)) = (clamp_to_char(text, piece.start), clamp_to_char(text, piece.end)) else { continue };
        if start >= end {
            continue;
        }
        let slice = &text[start..end];
        let trimmed_start = start + (slice.len() - slice.trim_start().len());
        let trimmed_end = end - (slice.len() - slice.trim_end().len());
        if trimmed_start >= trimmed_end {
            continue;
        }
        let (cs, ce) = (byte_to_char(text, trimmed_start), byte_to_char(text, trimmed_end));
        let (exact, prefix, suffix) = anchor::describe(text, cs, ce);
        out.push(Highlight {
            id: ids(),
            insight: target_id.to_string(),
            exact,
            prefix,
            suffix,
            start: cs as u32,
            end: ce as u32,
            color,
            note: String::new(),
            created: now,
            updated: now,
        });
    }
    out
}

fn clamp_to_char(text: &str, byte: usize) -> Option<usize> {
    let byte = byte.min(text.len());
    (byte..=text.len()).find(|&b| text.is_char_boundary(b))
}

/// A highlight as placed on the page: its segment and UTF-8 byte range there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    pub segment: usize,
    pub start: usize,
    pub end: usize,
    pub id: String,
    pub color: Color,
    /// Whether it moved or changed since it was saved.
    pub fuzzy: bool,
}

/// Where each highlight is now: placed ones sorted by position on the page, and the ids of
/// orphans.
pub fn place(episode: &Episode, collection: &Collection) -> (Vec<Placed>, Vec<String>) {
    let mut placed = Vec::new();
    let mut orphans = Vec::new();
    for h in &collection.highlights {
        let found = target(episode, &h.insight).and_then(|(kind, text)| {
            let anchor = anchor::anchor(text, &h.selector());
            let (start, end) = anchor.range()?;
            Some(Placed {
                segment: segment_index(episode, kind),
                start: char_to_byte(text, start),
                end: char_to_byte(text, end),
                id: h.id.clone(),
                color: h.color,
                fuzzy: matches!(anchor, Anchor::Fuzzy { .. }),
            })
        });
        match found {
            Some(p) => placed.push(p),
            None => orphans.push(h.id.clone()),
        }
    }
    // Unstable (with the id to break ties) so that the wasm carries one sort algorithm.
    placed.sort_unstable_by(|a, b| (a.segment, a.start, a.end, &a.id).cmp(&(b.segment, b.start, b.end, &b.id)));
    (placed, orphans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(id: &str, updated: u64) -> Highlight {
        Highlight {
            id: id.into(),
            insight: SUMMARY.into(),
            exact: "x".into(),
            prefix: String::new(),
            suffix: String::new(),
            start: 0,
            end: 1,
            color: Color::Yellow,
            note: String::new(),
            created: 1,
            updated,
        }
    }

    #[test]
    fn merge_keeps_both_sides_and_the_later_edit() {
        let mut a = Collection::default();
        a.upsert([h("one", 1), h("shared", 5)]);
        let mut b = Collection::default();
        b.upsert([h("two", 2), Highlight { note: "newer".into(), ..h("shared", 9) }]);
        let merged = a.merge(&b);
        let ids: Vec<&str> = merged.highlights.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["one", "shared", "two"]);
        assert_eq!(merged.get("shared").unwrap().note, "newer");
        // Either tab merging the other's copy ends with the same highlights.
        let sorted = |c: Collection| {
            let mut all = c.highlights;
            all.sort_by(|x, y| x.id.cmp(&y.id));
            all
        };
        assert_eq!(sorted(b.merge(&a)), sorted(merged));
    }

    #[test]
    fn a_deletion_in_one_tab_is_not_undone_by_the_other() {
        let mut a = Collection::default();
        a.upsert([h("one", 1)]);
        let b = a.clone();
        a.delete("one", 10);
        assert!(a.merge(&b).highlights.is_empty());
        assert!(b.merge(&a).highlights.is_empty());
        // Undo: restored later than the tombstone, it survives the merge and the tombstone goes.
        let mut restored = a.clone();
        restored.upsert([h("one", 11)]);
        let merged = restored.merge(&b);
        assert_eq!(merged.highlights.len(), 1);
        assert!(merged.deleted.is_empty());
    }
}
