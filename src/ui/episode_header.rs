//! The episode's title, people and date.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::model::Episode;

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
            <h1 class="earmark-title">{ &episode.title }</h1>
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
