//! The episode's title, people and date.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::model::Episode;
use crate::core::search::{segment_index, SegmentKind};
use crate::ui::segment_text::SegmentText;

#[derive(Properties, PartialEq)]
pub struct EpisodeHeaderProps {
    pub episode: Rc<Episode>,
}

#[component]
pub fn EpisodeHeader(props: &EpisodeHeaderProps) -> Html {
    let episode = &props.episode;
    html! {
        <header class="earmark-header">
            <p class="earmark-kicker">{ "Episode insights" }</p>
            <h1 class="earmark-title" data-seg={segment_index(episode, SegmentKind::Title).to_string()}>
                <SegmentText seg={segment_index(episode, SegmentKind::Title)} text={episode.title.clone()} />
            </h1>
            <p class="earmark-meta">
                if !episode.people.is_empty() {
                    <span class="earmark-people">{ episode.people.join(" & ") }</span>
                    <span class="earmark-sep" aria-hidden="true">{ " · " }</span>
                }
                <time datetime={episode.published.to_string()}>{ episode.published.readable() }</time>
            </p>
        </header>
    }
}
