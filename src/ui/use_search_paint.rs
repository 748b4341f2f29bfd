//! Painting search matches with the CSS Custom Highlight API, and bringing the current match
//! into view.
//!
//! This runs in effects, outside Yew's rendering: a keystroke changes the highlight registry,
//! not the DOM, so its cost is one scan of the index plus one `Range` per match. Range offsets
//! are UTF-16 code units, converted from the matches' byte offsets by `Utf16Cursor`.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, Node, Range};
use yew::prelude::*;

use crate::core::model::Episode;
use crate::core::search::{segments, Match, Utf16Cursor};
use crate::core::state::Search;
use crate::platform::{highlight, scroll};

/// The CSS highlight names: public, so that host pages can restyle them.
pub const ALL_MATCHES: &str = "earmark-search";
pub const CURRENT_MATCH: &str = "earmark-search-current";

/// The text node of each segment of the episode on the page, found once per episode.
#[derive(Default)]
struct TextNodes {
    episode_id: String,
    nodes: Vec<Option<Node>>,
}

impl TextNodes {
    fn refresh(&mut self, root: &Element, episode: &Episode) {
        if self.episode_id == episode.id && !self.nodes.is_empty() {
            return;
        }
        self.episode_id = episode.id.clone();
        self.nodes.clear();
        let Ok(list) = root.query_selector_all("[data-seg]") else { return };
        for i in 0..list.length() {
            let Some(element) = list.item(i).and_then(|node| node.dyn_into::<Element>().ok()) else { continue };
            let Some(seg) = element.get_attribute("data-seg").and_then(|seg| seg.parse::<usize>().ok()) else { continue };
            if self.nodes.len() <= seg {
                self.nodes.resize(seg + 1, None);
            }
            self.nodes[seg] = element.first_child();
        }
    }
}

/// Ranges for `matches`, in order. Each segment's offsets are converted in one forward pass.
fn ranges(nodes: &TextNodes, texts: &[(crate::core::search::SegmentKind, &str)], matches: &[Match]) -> Vec<Range> {
    let document = gloo::utils::document();
    let mut out = Vec::with_capacity(matches.len());
    let mut cursor: Option<(u32, Utf16Cursor)> = None;
    for m in matches {
        let Some(Some(node)) = nodes.nodes.get(m.segment as usize) else { continue };
        let Some((_, text)) = texts.get(m.segment as usize) else { continue };
        if cursor.as_ref().is_none_or(|(segment, _)| *segment != m.segment) {
            cursor = Some((m.segment, Utf16Cursor::new(text)));
        }
        let Some((_, utf16)) = cursor.as_mut() else { continue };
        let (start, end) = (utf16.at(m.start as usize), utf16.at(m.end as usize));
        let Ok(range) = document.create_range() else { continue };
        if range.set_start(node, start).is_ok() && range.set_end(node, end).is_ok() {
            out.push(range);
        }
    }
    out
}

#[hook]
pub fn use_search_paint(root: NodeRef, episode: Option<Rc<Episode>>, search: Search, highlights: bool) {
    let nodes = use_mut_ref(TextNodes::default);

    {
        let (root, nodes) = (root.clone(), nodes.clone());
        use_effect_with((episode.clone(), search.matches.clone(), highlights), move |(episode, matches, highlights)| {
            if *highlights {
                paint_all(&root, episode.as_deref(), matches, &nodes);
            }
        });
    }

    use_effect_with((episode, search.matches.clone(), search.current, highlights), move |(episode, matches, current, highlights)| {
        let Some(root) = root.cast::<Element>() else { return };
        let current = current.and_then(|index| matches.get(index));
        match (episode, current, *highlights) {
            (Some(episode), Some(current), true) => {
                nodes.borrow_mut().refresh(&root, episode);
                let texts = segments(episode);
                let range = ranges(&nodes.borrow(), &texts, std::slice::from_ref(current)).pop();
                if let Some(range) = &range {
                    scroll::rect_into_view(&range.get_bounding_client_rect());
                }
                highlight::paint(CURRENT_MATCH, range);
            }
            (_, Some(_), false) => {
                if let Ok(Some(mark)) = root.query_selector("mark[data-match][aria-current='true']") {
                    scroll::element_into_view(&mark);
                }
            }
            _ => highlight::paint(CURRENT_MATCH, None),
        }
    });
}

fn paint_all(root: &NodeRef, episode: Option<&Episode>, matches: &[Match], nodes: &Rc<RefCell<TextNodes>>) {
    let (Some(root), Some(episode)) = (root.cast::<Element>(), episode) else {
        highlight::paint(ALL_MATCHES, None);
        return;
    };
    nodes.borrow_mut().refresh(&root, episode);
    let texts = segments(episode);
    highlight::paint(ALL_MATCHES, ranges(&nodes.borrow(), &texts, matches));
}
