//! What the page says when `?episode=` (or a host's `episode` option) names an episode the
//! build does not have.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::catalogue::Listing;
use crate::core::link::encode;

#[derive(Properties, PartialEq)]
pub struct EpisodeNotFoundProps {
    pub slug: AttrValue,
    /// The build's episodes (empty until the catalogue has arrived).
    pub listing: Rc<Vec<Listing>>,
    /// Where the episode pages are, to link to them: on Earmark's own pages, the build's root;
    /// in a widget on a host page, whose address is not ours, `None`, and the ids are listed
    /// for the site owner instead.
    pub links: Option<AttrValue>,
}

#[component]
pub fn EpisodeNotFound(props: &EpisodeNotFoundProps) -> Html {
    crate::ui::render_count::count("EpisodeNotFound");
    html! {
        <section class="earmark-not-found" aria-labelledby="earmark-not-found-heading">
            <h1 id="earmark-not-found-heading" class="earmark-title">{ "Episode not found" }</h1>
            <p role="alert">
                { "There is no episode called “" }<code>{ &props.slug }</code>{ "” here. The link may be mistyped or out of date." }
            </p>
            if !props.listing.is_empty() {
                <h2 class="earmark-section-title">{ "Episodes you can read" }</h2>
                <ul class="earmark-episode-list">
                    { for props.listing.iter().map(|episode| html! {
                        <li key={episode.id.clone()}>
                            if let Some(root) = &props.links {
                                <a href={format!("{root}{}/", encode(&episode.id))}>{ &episode.title }</a>
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
