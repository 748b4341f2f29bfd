//! What the page says when an episode it has to fetch does not arrive: the network is down
//! or the server failed. The episode may well exist, so the reader can try again.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EpisodeUnavailableProps {
    pub slug: AttrValue,
    pub onretry: Callback<()>,
}

#[component]
pub fn EpisodeUnavailable(props: &EpisodeUnavailableProps) -> Html {
    crate::ui::render_count::count("EpisodeUnavailable");
    let onclick = props.onretry.reform(|_: MouseEvent| ());
    html! {
        <section class="earmark-not-found" aria-labelledby="earmark-unavailable-heading">
            <h1 id="earmark-unavailable-heading" class="earmark-title">{ "Episode not available" }</h1>
            <p role="alert">
                { "The episode “" }<code>{ &props.slug }</code>{ "” could not be loaded. You may be offline, or the site may be having trouble." }
            </p>
            <button type="button" class="earmark-text-button" {onclick}>{ "Try again" }</button>
        </section>
    }
}
