//! The episode's title, people and date, and the way to the other episodes.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::model::Episode;
use crate::core::search::{segment_index, SegmentKind};
use crate::ui::episode_meta::EpisodeMeta;
use crate::ui::segment_text::SegmentText;

#[derive(Properties, PartialEq)]
pub struct EpisodeHeaderProps {
    pub episode: Rc<Episode>,
    /// The catalogue page, on a prerendered page of a build with several episodes.
    #[prop_or_default]
    pub catalogue: Option<AttrValue>,
}

#[component]
pub fn EpisodeHeader(props: &EpisodeHeaderProps) -> Html {
    crate::ui::render_count::count("EpisodeHeader");
    let episode = &props.episode;
    html! {
        <header class="earmark-header">
            <p class="earmark-kicker">
                { "Episode insights" }
                if let Some(href) = &props.catalogue {
                    <span class="earmark-sep" aria-hidden="true">{ " · " }</span>
                    <a class="earmark-catalogue-link" href={href.clone()}>{ "All episodes" }</a>
                }
            </p>
            <h1 class="earmark-title" data-seg={segment_index(episode, SegmentKind::Title).to_string()}>
                <SegmentText seg={segment_index(episode, SegmentKind::Title)} text={episode.title.clone()} />
            </h1>
            <EpisodeMeta people={episode.people.clone()} published={episode.published} />
        </header>
    }
}
