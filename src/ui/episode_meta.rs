//! An episode's people and date, as its page's header and the catalogue show them.

use yew::prelude::*;

use crate::core::date::Date;

#[derive(Properties, PartialEq)]
pub struct EpisodeMetaProps {
    pub people: Vec<String>,
    pub published: Date,
}

#[component]
pub fn EpisodeMeta(props: &EpisodeMetaProps) -> Html {
    crate::ui::render_count::count("EpisodeMeta");
    html! {
        <p class="earmark-meta">
            if !props.people.is_empty() {
                <span class="earmark-people">{ props.people.join(" & ") }</span>
                <span class="earmark-sep" aria-hidden="true">{ " · " }</span>
            }
            <time datetime={props.published.to_string()}>{ props.published.readable() }</time>
        </p>
    }
}
