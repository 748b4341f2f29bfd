//! Painting search results outside Yew's rendering: the matches with the CSS Custom Highlight
//! API, the current match brought into view, and the match counts on deep-dive headers.
//!
//! The design decision: a keystroke must cost in proportion to what the reader can see change,
//! not to the size of the episode. Measured on a 1,500-section episode, re-rendering every
//! deep-dive component to update its count took ~300 ms per keystroke; writing only the
//! counts that changed straight into their (otherwise empty) badge elements, and painting only
//! the matches outside collapsed sections, takes a few milliseconds. Range offsets are UTF-16
//! code units, converted from the matches' byte offsets by `Utf16Cursor`.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{AbstractRange, Element, Node, StaticRange, StaticRangeInit};
use yew::prelude::*;

use crate::core::model::Episode;
use crate::core::search::{segments, Match, SegmentKind, Utf16Cursor};
use crate::core::state::State;
use crate::platform::{highlight, scroll, selection};

/// The CSS highlight names: public, so that host pages can restyle them.
pub const ALL_MATCHES: &str = "earmark-search";
pub const CURRENT_MATCH: &str = "earmark-search-current";

/// A segment's text nodes with their lengths in UTF-16 units: one node, or several where
/// highlights split the text into marks.
type TextRun = Vec<(Node, u32)>;

/// Elements of the page found once per episode (and again when highlights change the
/// segments' nodes): each segment's text nodes and each deep dive's count badge, by index.
#[derive(Default)]
struct PageNodes {
    /// The episode the nodes were found for, and how many of its transcript's cues were on the
    /// page then (they arrive after it).
    episode: (String, usize),
    /// Which rendering of the highlights the text nodes belong to.
    highlights: usize,
    texts: Vec<Option<TextRun>>,
    badges: Vec<Option<Element>>,
    /// The counts the badges show now.
    shown: Vec<u32>,
}

impl PageNodes {
    fn refresh(&mut self, root: &Element, episode: &Episode, highlights: usize, force: bool) {
        let key = (episode.id.clone(), episode.cues.len());
        // Nodes of an earlier rendering of the same episode (shown again after another) are
        // no longer in the page.
        let connected = self.texts.iter().flatten().next().and_then(|run| run.first()).is_some_and(|(node, _)| node.is_connected());
        if !force && self.episode == key && self.highlights == highlights && connected {
            return;
        }
        self.episode = key;
        self.highlights = highlights;
        self.texts = collect(root, "data-seg", |element| {
            let mut nodes = Vec::new();
            selection::text_nodes(element, &mut nodes);
            let lengths = nodes.iter().map(|n| n.dyn_ref::<web_sys::CharacterData>().map_or(0, |t| t.length()));
            Some(nodes.iter().cloned().zip(lengths).collect())
        });
        self.badges = collect(root, "data-dive-badge", |element| Some(element.clone()));
        // An empty badge shows 0; one with text is rewritten on the next update, whatever it says.
        self.shown = self
            .badges
            .iter()
            .map(|badge| match badge.as_ref().and_then(|badge| badge.text_content()) {
                Some(text) if !text.is_empty() => u32::MAX,
                _ => 0,
            })
            .collect();
    }
}

/// The elements carrying a numeric `attribute`, by that number.
fn collect<T>(root: &Element, attribute: &str, pick: impl Fn(&Element) -> Option<T>) -> Vec<Option<T>> {
    let mut out: Vec<Option<T>> = Vec::new();
    let Ok(list) = root.query_selector_all(&format!("[{attribute}]")) else { return out };
    for i in 0..list.length() {
        let Some(element) = list.item(i).and_then(|node| node.dyn_into::<Element>().ok()) else { continue };
        let Some(at) = element.get_attribute(attribute).and_then(|v| v.parse::<usize>().ok()) else { continue };
        if out.len() <= at {
            out.resize_with(at + 1, || None);
        }
        out[at] = pick(&element);
    }
    out
}

/// Ranges for `matches`, in order. Each segment's offsets are converted in one forward pass.
///
/// They are `StaticRange`s: a live `Range` is updated by the browser on every DOM change, so
/// thousands of them make each later DOM write (a badge's count, say) cost thousands of updates.
/// The episode's text does not change under a highlight, so static ranges lose nothing.
fn ranges(texts: &[Option<TextRun>], segments: &[(SegmentKind, &str)], matches: &[Match]) -> Vec<AbstractRange> {
    let mut out = Vec::with_capacity(matches.len());
    let mut cursor: Option<(u32, Utf16Cursor)> = None;
    for m in matches {
        let (Some(Some(run)), Some((_, text))) = (texts.get(m.segment as usize), segments.get(m.segment as usize)) else {
            continue;
        };
        if cursor.as_ref().is_none_or(|(segment, _)| *segment != m.segment) {
            cursor = Some((m.segment, Utf16Cursor::new(text)));
        }
        let Some((_, utf16)) = cursor.as_mut() else { continue };
        let (start, end) = (utf16.at(m.start as usize), utf16.at(m.end as usize));
        let (Some((start_node, start_at)), Some((end_node, end_at))) = (locate(run, start, false), locate(run, end, true)) else {
            continue;
        };
        if let Ok(range) = StaticRange::new(&StaticRangeInit::new(end_node, end_at, start_node, start_at)) {
            out.push(range.unchecked_into());
        }
    }
    out
}

/// The text node and offset in it of UTF-16 offset `at` of a segment. A start at a node
/// boundary goes into the next node, an end into the previous one.
fn locate(run: &TextRun, at: u32, is_end: bool) -> Option<(&Node, u32)> {
    let mut before = 0;
    for (node, len) in run {
        let inside = if is_end { at <= before + len } else { at < before + len };
        if inside {
            return Some((node, at - before));
        }
        before += len;
    }
    run.last().map(|(node, len)| (node, *len))
}

fn live_copy(range: &AbstractRange) -> Option<web_sys::Range> {
    let live = gloo::utils::document().create_range().ok()?;
    live.set_start(&range.start_container(), range.start_offset()).ok()?;
    live.set_end(&range.end_container(), range.end_offset()).ok()?;
    Some(live)
}

fn badge_text(count: u32) -> String {
    match count {
        0 => String::new(),
        1 => "1 match".to_string(),
        n => format!("{n} matches"),
    }
}

/// A number for each instance on the page, to keep their painted ranges apart.
fn next_owner() -> u32 {
    thread_local!(static NEXT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) });
    NEXT.with(|next| {
        next.set(next.get() + 1);
        next.get()
    })
}

#[hook]
pub fn use_search_paint(root: NodeRef, state: &State, highlights: bool) {
    let nodes = use_mut_ref(PageNodes::default);
    // This instance's share of the page-wide highlight registry, given back when it unmounts.
    let owner = *use_memo((), |_| next_owner());
    use_effect_with(owner, |owner| {
        let owner = *owner;
        move || {
            highlight::paint(ALL_MATCHES, owner, None);
            highlight::paint(CURRENT_MATCH, owner, None);
        }
    });
    let episode = state.episode().cloned();
    // Highlights re-render segments into several nodes; the painting follows each rendering.
    let rendering = Rc::as_ptr(&state.highlights.placed) as usize;

    // All visible matches: again when the matches change or a section opens or closes.
    {
        let (root, nodes, episode) = (root.clone(), nodes.clone(), episode.clone());
        let visible = Rc::new(state.visible_matches());
        use_effect_with((episode.as_ref().map(|e| e.id.clone()), visible, highlights, rendering), move |(_, visible, highlights, rendering)| {
            if !*highlights {
                return;
            }
            let (Some(element), Some(episode)) = (root.cast::<Element>(), episode.as_deref()) else {
                highlight::paint(ALL_MATCHES, owner, None);
                return;
            };
            let mut nodes = nodes.borrow_mut();
            nodes.refresh(&element, episode, *rendering, false);
            highlight::paint(ALL_MATCHES, owner, ranges(&nodes.texts, &segments(episode), visible));
        });
    }

    // The counts on deep-dive headers: only those that changed are written.
    {
        let (root, nodes, episode) = (root.clone(), nodes.clone(), episode.clone());
        // The transcript's badge comes after the deep dives' (`data-dive-badge` = their number).
        use_effect_with((state.search.per_deep_dive.clone(), state.search.in_transcript), move |(counts, in_transcript)| {
            let (Some(element), Some(episode)) = (root.cast::<Element>(), episode.as_deref()) else { return };
            let mut nodes = nodes.borrow_mut();
            let rendering = nodes.highlights;
            nodes.refresh(&element, episode, rendering, false);
            // A badge that left the page (its section was rendered anew) means the cache is stale.
            if nodes.badges.iter().flatten().any(|badge| !badge.is_connected()) {
                nodes.refresh(&element, episode, rendering, true);
            }
            let PageNodes { badges, shown, .. } = &mut *nodes;
            for (i, badge) in badges.iter().enumerate() {
                let dives = episode.deep_dives.len();
                let count = match i {
                    _ if i < dives => counts.get(i).copied().unwrap_or(0),
                    _ if i == dives => *in_transcript,
                    _ => 0,
                };
                if shown.get(i) != Some(&count) {
                    if let Some(badge) = badge {
                        badge.set_text_content(Some(&badge_text(count)));
                    }
                    if let Some(slot) = shown.get_mut(i) {
                        *slot = count;
                    }
                }
            }
        });
    }

    // The current match: painted distinctly, and scrolled to when it changes. Painting again
    // (highlights re-rendered the text, the highlight API became known) must not scroll: the
    // reader, or a followed link, may have moved the view since.
    let search = &state.search;
    let scrolled_to = use_mut_ref(|| None::<(u64, Option<usize>)>);
    use_effect_with((episode, search.matches.clone(), search.current, highlights, rendering, search.moves), move |(episode, matches, current, highlights, rendering, moves)| {
        let Some(element) = root.cast::<Element>() else { return };
        let key = (*moves, *current);
        let moved = scrolled_to.borrow().as_ref() != Some(&key);
        let current = current.and_then(|index| matches.get(index));
        match (episode, current, *highlights) {
            (Some(episode), Some(current), true) => {
                let mut nodes = nodes.borrow_mut();
                nodes.refresh(&element, episode, *rendering, false);
                let range = ranges(&nodes.texts, &segments(episode), std::slice::from_ref(current)).pop();
                // A static range has no geometry; a live one, made for this once, does.
                if let (true, Some(live)) = (moved, range.as_ref().and_then(live_copy)) {
                    scroll::range_into_view(&live);
                    *scrolled_to.borrow_mut() = Some(key);
                }
                highlight::paint(CURRENT_MATCH, owner, range);
            }
            (_, Some(_), false) => {
                if let (true, Ok(Some(mark))) = (moved, element.query_selector("mark[data-match][aria-current='true']")) {
                    scroll::element_into_view(&mark);
                    *scrolled_to.borrow_mut() = Some(key);
                }
            }
            _ => highlight::paint(CURRENT_MATCH, owner, None),
        }
    });
}
