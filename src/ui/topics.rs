//! The episode's topic list.

use yew::prelude::*;

use crate::ui::segment_text::SegmentText;

#[derive(Properties, PartialEq)]
pub struct TopicsProps {
    pub topics: Vec<String>,
    /// The search segment of the first topic; the others follow.
    pub first_seg: usize,
}

#[component]
pub fn Topics(props: &TopicsProps) -> Html {
    crate::ui::render_count::count("Topics");
    if props.topics.is_empty() {
        return html! {};
    }
    html! {
        <section class="earmark-topics" aria-labelledby="earmark-topics-heading">
            <h2 id="earmark-topics-heading" class="earmark-section-title">{ "Topics" }</h2>
            <ol class="earmark-topic-list">
                { for props.topics.iter().enumerate().map(|(i, topic)| {
                    let seg = props.first_seg + i;
                    html! {
                        <li class="earmark-topic" data-seg={seg.to_string()}>
                            <SegmentText {seg} text={topic.clone()} />
                        </li>
                    }
                }) }
            </ol>
        </section>
    }
}
