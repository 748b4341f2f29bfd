//! What the page says when `?episode=` (or a host's `episode` option) names an episode it does
//! not have.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::model::Episode;
use crate::platform::url::episode_href;

#[derive(Properties, PartialEq)]
pub struct EpisodeNotFoundProps {
    pub slug: AttrValue,
    pub catalog: Rc<Vec<Rc<Episode>>>,
    /// Whether to link to the other episodes: on Earmark's own page, yes; in a widget on a
    /// host page, whose address is not ours, the slugs are listed for the site owner instead.
    pub links: bool,
}

#[component]
pub fn EpisodeNotFound(props: &EpisodeNotFoundProps) -> Html {
    html! {
        <section class="earmark-not-found" aria-labelledby="earmark-not-found-heading">
            <h1 id="earmark-not-found-heading" class="earmark-title">{ "Episode not found" }</h1>
            <p role="alert">
                { "There is no episode called “" }<code>{ &props.slug }</code>{ "” here. The link may be mistyped or out of date." }
            </p>
            if !props.catalog.is_empty() {
                <h2 class="earmark-section-title">{ "Episodes you can read" }</h2>
                <ul class="earmark-episode-list">
                    { for props.catalog.iter().map(|episode| html! {
                        <li key={episode.id.clone()}>
                            if props.links {
                                <a href={episode_href(&episode.id)}>{ &episode.title }</a>
                            } else {
                                { &episode.title }{ " (" }<code>{ &episode.id }</code>{ ")" }
                            }
                        </li>
                    }) }
                </ul>
            }
        </section>
    }
}
