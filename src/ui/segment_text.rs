//! The text of one segment, with the reader's highlights as `<mark data-highlight>` elements.
//!
//! Search matches are normally painted over the text with the CSS Custom Highlight API, which
//! adds no nodes, so typing re-renders nothing here. Where a browser lacks that API the app
//! provides [`FallbackMarks`], and matches become `<mark data-match>` elements too (the current
//! one with `aria-current="true"`). Where a highlight and a match overlap, the match's mark
//! sits inside the highlight's. Web addresses (`http:` and `https:` only) in the text are
//! links around the same text, so offsets into the segment's text are unchanged.

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

pub type MarksContext = Rc<SegmentMarks>;

#[derive(Properties, PartialEq)]
pub struct SegmentTextProps {
    /// The segment's index (see `core::search::segments`).
    pub seg: usize,
    pub text: AttrValue,
}

#[component]
pub fn SegmentText(props: &SegmentTextProps) -> Html {
    let marks = use_context::<MarksContext>().unwrap_or_default();
    let seg = props.seg;
    let highlights = {
        let all = &marks.highlights;
        let first = all.partition_point(|p| p.segment < seg);
        let last = all.partition_point(|p| p.segment <= seg);
        &all[first..last]
    };
    let (matches, first_match, current) = match &marks.search {
        Some(search) => {
            let first = search.matches.partition_point(|m| (m.segment as usize) < seg);
            let last = search.matches.partition_point(|m| (m.segment as usize) <= seg);
            (&search.matches[first..last], first, search.current)
        }
        None => (&[][..], 0, None),
    };
    let link = marks.link.filter(|(segment, _, _)| *segment == seg).map(|(_, start, end)| (start, end));
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
