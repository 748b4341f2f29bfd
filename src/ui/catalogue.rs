//! The catalogue page (`episodes/index.html`): every episode of the build, newest first, with
//! its people, date and the first sentence of its summary. The build renders it once with
//! Yew's server renderer; it needs no wasm, so it is plain HTML and CSS in the browser.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::catalogue::Listing;
use crate::core::link::encode;
use crate::ui::episode_meta::EpisodeMeta;

#[derive(Properties, PartialEq)]
pub struct CatalogueProps {
    pub listing: Rc<Vec<Listing>>,
    /// The way from the catalogue's folder to the build's root ("../").
    pub root: AttrValue,
}

#[component]
pub fn Catalogue(props: &CatalogueProps) -> Html {
    crate::ui::render_count::count("Catalogue");
    html! {
        <article lang="en" class="earmark earmark-catalogue" aria-labelledby="earmark-catalogue-heading">
            <header class="earmark-header">
                <p class="earmark-kicker">{ "Episode insights" }</p>
                <h1 id="earmark-catalogue-heading" class="earmark-title">{ "Episodes" }</h1>
                <p class="earmark-meta">{ match props.listing.len() { 1 => "1 episode".to_string(), n => format!("{n} episodes") } }</p>
            </header>
            <ol class="earmark-catalogue-list">
                { for props.listing.iter().map(|episode| html! {
                    <li key={episode.id.clone()} class="earmark-catalogue-item">
                        <h2 class="earmark-catalogue-title">
                            <a href={format!("{}{}/", props.root, encode(&episode.id))}>{ &episode.title }</a>
                        </h2>
                        <EpisodeMeta people={episode.people.clone()} published={episode.published} />
                        <p class="earmark-catalogue-summary">{ &episode.summary }</p>
                    </li>
                }) }
            </ol>
        </article>
    }
}
