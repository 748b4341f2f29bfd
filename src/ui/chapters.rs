//! The chapter list: each listed chapter (not those with `toc: false`) with its time, as a
//! button that opens the transcript at the chapter and seeks the audio there. A chapter's
//! title is a search segment (`SegmentKind::Chapter`), so search counts and paints it like any
//! other text the reader sees.

use yew::prelude::*;

use crate::core::search::chapter_text;
use crate::core::transcript::{format_time, Chapter};
use crate::ui::segment_text::SegmentText;

#[derive(Properties, PartialEq)]
pub struct ChaptersProps {
    pub chapters: Vec<Chapter>,
    /// The search segment of the first chapter; the others follow, listed or not.
    pub first_seg: usize,
    /// Go to the chapter starting at this many milliseconds.
    pub onchapter: Callback<u64>,
}

#[component]
pub fn Chapters(props: &ChaptersProps) -> Html {
    crate::ui::render_count::count("Chapters");
    let listed: Vec<(usize, &Chapter)> = props.chapters.iter().enumerate().filter(|(_, c)| c.toc).collect();
    if listed.is_empty() {
        return html! {};
    }
    html! {
        <nav class="earmark-chapters" aria-labelledby="earmark-chapters-heading">
            <h2 id="earmark-chapters-heading" class="earmark-section-title">{ "Chapters" }</h2>
            <ol class="earmark-chapter-list">
                // Keyed by place: two chapters may start together.
                { for listed.into_iter().map(|(i, chapter)| {
                    let start = chapter.start;
                    let time = format_time(start);
                    let onclick = props.onchapter.reform(move |_: MouseEvent| start);
                    let seg = props.first_seg + i;
                    let title = match chapter_text(chapter) {
                        "" => html! { <span class="earmark-chapter-title">{ format!("Chapter at {time}") }</span> },
                        text => html! {
                            <span class="earmark-chapter-title" data-seg={seg.to_string()}>
                                <SegmentText {seg} text={AttrValue::from(text.to_string())} />
                            </span>
                        },
                    };
                    html! {
                        <li key={i}>
                            <button type="button" class="earmark-chapter" {onclick}>
                                <span class="earmark-chapter-time">{ time }</span>
                                { title }
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </nav>
    }
}
