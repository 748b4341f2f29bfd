//! The chapter list: each listed chapter (not those with `toc: false`) with its time, as a
//! button that opens the transcript at the chapter and seeks the audio there.

use yew::prelude::*;

use crate::core::transcript::{format_time, Chapter};

#[derive(Properties, PartialEq)]
pub struct ChaptersProps {
    pub chapters: Vec<Chapter>,
    /// Go to the chapter starting at this many milliseconds.
    pub onchapter: Callback<u64>,
}

#[component]
pub fn Chapters(props: &ChaptersProps) -> Html {
    crate::ui::render_count::count("Chapters");
    let listed: Vec<&Chapter> = props.chapters.iter().filter(|c| c.toc).collect();
    if listed.is_empty() {
        return html! {};
    }
    html! {
        <nav class="earmark-chapters" aria-labelledby="earmark-chapters-heading">
            <h2 id="earmark-chapters-heading" class="earmark-section-title">{ "Chapters" }</h2>
            <ol class="earmark-chapter-list">
                // Keyed by place: two chapters may start together.
                { for listed.into_iter().enumerate().map(|(i, chapter)| {
                    let start = chapter.start;
                    let time = format_time(start);
                    let onclick = props.onchapter.reform(move |_: MouseEvent| start);
                    let title = chapter.title.clone().unwrap_or_else(|| format!("Chapter at {time}"));
                    html! {
                        <li key={i}>
                            <button type="button" class="earmark-chapter" {onclick}>
                                <span class="earmark-chapter-time">{ time }</span>
                                <span class="earmark-chapter-title">{ title }</span>
                            </button>
                        </li>
                    }
                }) }
            </ol>
        </nav>
    }
}
