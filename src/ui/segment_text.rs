//! The text of one searchable segment.
//!
//! Normally just the text: search matches are painted over it with the CSS Custom Highlight
//! API, which adds no nodes, so typing re-renders nothing here. Where a browser lacks that API
//! the app provides [`FallbackMarks`] through context, and the matches of this segment are
//! rendered as `<mark data-match>` elements (the current one with `aria-current="true"`).

use std::rc::Rc;

use yew::prelude::*;

use crate::core::search::Match;

/// The matches to render as elements, for browsers without highlights.
#[derive(Clone, Debug, PartialEq)]
pub struct FallbackMarks {
    pub matches: Rc<Vec<Match>>,
    pub current: Option<usize>,
}

/// What the app provides: `None` while highlights do the painting.
pub type MarksContext = Option<Rc<FallbackMarks>>;

#[derive(Properties, PartialEq)]
pub struct SegmentTextProps {
    /// The segment's index (see `core::search::segments`).
    pub seg: usize,
    pub text: AttrValue,
}

#[component]
pub fn SegmentText(props: &SegmentTextProps) -> Html {
    let marks = use_context::<MarksContext>().flatten();
    let Some(marks) = marks else {
        return html! { { props.text.clone() } };
    };
    let seg = props.seg as u32;
    // Matches are sorted by segment, so this segment's matches are one contiguous run.
    let first = marks.matches.partition_point(|m| m.segment < seg);
    let last = marks.matches.partition_point(|m| m.segment <= seg);
    if first == last {
        return html! { { props.text.clone() } };
    }
    let text = props.text.as_str();
    let mut pieces = Vec::with_capacity(2 * (last - first) + 1);
    let mut at = 0usize;
    for (index, m) in marks.matches[first..last].iter().enumerate() {
        let (start, end) = (m.start as usize, m.end as usize);
        let (Some(before), Some(inside)) = (text.get(at..start), text.get(start..end)) else { continue };
        pieces.push(html! { { before.to_string() } });
        let current = marks.current == Some(first + index);
        pieces.push(html! {
            <mark data-match="" class="earmark-match" aria-current={current.then_some("true")}>{ inside.to_string() }</mark>
        });
        at = end;
    }
    pieces.push(html! { { text.get(at..).unwrap_or_default().to_string() } });
    pieces.into_iter().collect::<Html>()
}
