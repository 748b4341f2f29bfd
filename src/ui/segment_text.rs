//! The text of one segment, with the reader's highlights as `<mark data-highlight>` elements.
//!
//! Search matches are normally painted over the text with the CSS Custom Highlight API, which
//! adds no nodes, so typing re-renders nothing here. Where a browser lacks that API the app
//! provides [`FallbackMarks`], and matches become `<mark data-match>` elements too (the current
//! one with `aria-current="true"`). Where a highlight and a match overlap, the match's mark
//! sits inside the highlight's. Web addresses (`http:` and `https:` only) in the text are
//! links around the same text, so offsets into the segment's text are unchanged.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use yew::prelude::*;

use crate::core::embed::web_links;
use crate::core::highlights::Placed;
use crate::core::search::Match;

/// The matches to render as elements, for browsers without highlights.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FallbackMarks {
    pub matches: Rc<Vec<Match>>,
    pub current: Option<usize>,
}

/// What segments mark up, provided once by the app.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SegmentMarks {
    /// Search matches as elements; `None` while the highlight API paints them.
    pub search: Option<FallbackMarks>,
    /// The placed highlights, sorted by segment and position.
    pub highlights: Rc<Vec<Placed>>,
    /// The quote of a followed link: segment and byte range.
    pub link: Option<(usize, usize, usize)>,
}

/// What one segment's rendering depends on: its slice of each kind of mark.
#[derive(PartialEq)]
struct Own<'a> {
    highlights: &'a [Placed],
    matches: &'a [Match],
    /// The index of the first of `matches` among all matches, and the current match.
    first_match: usize,
    current: Option<usize>,
    link: Option<(usize, usize)>,
}

impl SegmentMarks {
    fn own(&self, seg: usize) -> Own<'_> {
        let all = &self.highlights;
        let highlights = &all[all.partition_point(|p| p.segment < seg)..all.partition_point(|p| p.segment <= seg)];
        let (matches, first_match, current) = match &self.search {
            Some(search) => {
                let first = search.matches.partition_point(|m| (m.segment as usize) < seg);
                let last = search.matches.partition_point(|m| (m.segment as usize) <= seg);
                // Only whether the current match is one of this segment's matters here.
                let current = search.current.filter(|c| (first..last).contains(c));
                (&search.matches[first..last], first, current)
            }
            None => (&[][..], 0, None),
        };
        let link = self.link.filter(|(segment, _, _)| *segment == seg).map(|(_, start, end)| (start, end));
        Own { highlights, matches, first_match: if matches.is_empty() { 0 } else { first_match }, current, link }
    }
}

/// The marks, shared by every segment through one context whose value never changes: a new
/// highlight would otherwise re-render every segment of the episode (3,013 on the long one)
/// to change one. Each segment subscribes to its own marks and is told only when they change.
#[derive(Default)]
pub struct MarksStore {
    marks: RefCell<Rc<SegmentMarks>>,
    next: Cell<usize>,
    /// Subscriptions: their id, their segment and how to re-render them. A vector rather than
    /// a map: the browser build pays for each map type it instantiates, and this one is only
    /// walked whole or searched on a segment's unmount.
    segments: RefCell<Vec<(usize, usize, Callback<()>)>>,
}

/// One context value for the life of an instance, compared by identity.
impl PartialEq for MarksStore {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

pub type MarksContext = Rc<MarksStore>;

impl MarksStore {
    pub fn new(marks: Rc<SegmentMarks>) -> MarksContext {
        Rc::new(MarksStore { marks: RefCell::new(marks), ..MarksStore::default() })
    }

    pub fn get(&self) -> Rc<SegmentMarks> {
        self.marks.borrow().clone()
    }

    /// Replaces the marks, and re-renders each subscribed segment whose own marks changed.
    pub fn set(&self, marks: Rc<SegmentMarks>) {
        let old = self.marks.replace(marks.clone());
        if Rc::ptr_eq(&old, &marks) || old == marks {
            return;
        }
        let changed: Vec<Callback<()>> = self
            .segments
            .borrow()
            .iter()
            .filter(|(_, seg, _)| old.own(*seg) != marks.own(*seg))
            .map(|(_, _, rerender)| rerender.clone())
            .collect();
        for rerender in changed {
            rerender.emit(());
        }
    }

    fn subscribe(self: &Rc<Self>, seg: usize, rerender: Callback<()>) -> Subscription {
        let id = self.next.get();
        self.next.set(id + 1);
        self.segments.borrow_mut().push((id, seg, rerender));
        Subscription { store: self.clone(), id }
    }
}

/// A segment's subscription; dropping it ends it.
struct Subscription {
    store: Rc<MarksStore>,
    id: usize,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut segments = self.store.segments.borrow_mut();
        // Ids are handed out in increasing order and pushed, so the vector is sorted by id.
        if let Ok(at) = segments.binary_search_by_key(&self.id, |(id, _, _)| *id) {
            segments.remove(at);
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct SegmentTextProps {
    /// The segment's index (see `core::search::segments`).
    pub seg: usize,
    pub text: AttrValue,
}

#[component]
pub fn SegmentText(props: &SegmentTextProps) -> Html {
    crate::ui::render_count::count("SegmentText");
    let store = use_context::<MarksContext>();
    let rerender = use_force_update();
    let marks = store.as_ref().map(|store| store.get()).unwrap_or_default();
    let seg = props.seg;
    // Listens for changes of this segment's own marks; the marks seen here are compared once
    // subscribed, in case they changed between this render and the subscription.
    {
        let seen = marks.clone();
        use_effect_with((store.clone(), seg), move |(store, seg)| {
            let subscription = store.as_ref().map(|store| {
                let later = rerender.clone();
                let subscription = store.subscribe(*seg, Callback::from(move |()| later.force_update()));
                if seen.own(*seg) != store.get().own(*seg) {
                    rerender.force_update();
                }
                subscription
            });
            move || drop(subscription)
        });
    }
    let Own { highlights, matches, first_match, current, link } = marks.own(seg);
    let text = props.text.as_str();
    // Web addresses in the text become links; nothing else (`javascript:` text stays text).
    let addresses = web_links(text);
    if highlights.is_empty() && matches.is_empty() && link.is_none() && addresses.is_empty() {
        return html! { { props.text.clone() } };
    }

    let mut cuts: Vec<usize> = vec![0, text.len()];
    cuts.extend(addresses.iter().flat_map(|&(start, end)| [start, end]));
    cuts.extend(highlights.iter().flat_map(|h| [h.start, h.end]));
    cuts.extend(matches.iter().flat_map(|m| [m.start as usize, m.end as usize]));
    cuts.extend(link.iter().flat_map(|&(start, end)| [start, end]));
    cuts.retain(|&cut| cut <= text.len() && text.is_char_boundary(cut));
    cuts.sort_unstable();
    cuts.dedup();

    let pieces = cuts.windows(2).map(|pair| {
        let (a, b) = (pair[0], pair[1]);
        let piece = text[a..b].to_string();
        let inner = match matches.iter().position(|m| m.start as usize <= a && b <= m.end as usize) {
            Some(i) => {
                let is_current = current == Some(first_match + i);
                html! { <mark data-match="" class="earmark-match" aria-current={is_current.then_some("true")}>{ piece }</mark> }
            }
            None => html! { { piece } },
        };
        // The most recent highlight covering the piece is the one it shows.
        let marked = match highlights.iter().rev().find(|h| h.start <= a && b <= h.end) {
            Some(h) => html! {
                <mark data-highlight={h.id.clone()} class={classes!("earmark-highlight", format!("is-{}", h.color.name()))}>{ inner }</mark>
            },
            None => inner,
        };
        let marked = match link {
            Some((start, end)) if start <= a && b <= end => html! { <mark data-link="" class="earmark-link-mark">{ marked }</mark> },
            _ => marked,
        };
        match addresses.iter().find(|&&(start, end)| start <= a && b <= end) {
            Some(&(start, end)) => html! {
                <a class="earmark-text-link" href={text[start..end].to_string()} target="_blank" rel="noopener noreferrer nofollow">{ marked }</a>
            },
            None => marked,
        }
    });
    pieces.collect::<Html>()
}
