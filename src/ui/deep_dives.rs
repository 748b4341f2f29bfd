//! The deep dives: a WAI-ARIA accordion with "Expand all" and "Collapse all".

use std::rc::Rc;

use yew::prelude::*;

use crate::core::ids::IdSet;
use crate::core::model::Episode;
use crate::ui::deep_dive::DeepDive;

#[derive(Properties, PartialEq)]
pub struct DeepDivesProps {
    pub episode: Rc<Episode>,
    pub open: IdSet,
    pub ontoggle: Callback<String>,
    pub onopen: Callback<String>,
    pub onexpandall: Callback<()>,
    pub oncollapseall: Callback<()>,
    pub onshare: Callback<String>,
    pub onsource: Callback<String>,
    /// The last answer to "Where was this said?": the insight it is for, and what to say.
    #[prop_or_default]
    pub source: Option<(String, AttrValue)>,
}

#[component]
pub fn DeepDives(props: &DeepDivesProps) -> Html {
    crate::ui::render_count::count("DeepDives");
    let dives = &props.episode.deep_dives;
    if dives.is_empty() {
        return html! {};
    }
    let onexpandall = props.onexpandall.reform(|_: MouseEvent| ());
    let oncollapseall = props.oncollapseall.reform(|_: MouseEvent| ());
    html! {
        <section class="earmark-deep-dives" aria-labelledby="earmark-deep-dives-heading">
            <div class="earmark-section-bar">
                <h2 id="earmark-deep-dives-heading" class="earmark-section-title">{ "Deep dives" }</h2>
                <div class="earmark-bulk" role="group" aria-label="All deep dives">
                    <button type="button" class="earmark-text-button" onclick={onexpandall}>{ "Expand all" }</button>
                    <button type="button" class="earmark-text-button" onclick={oncollapseall}>{ "Collapse all" }</button>
                </div>
            </div>
            <div class="earmark-accordion">
                { for dives.iter().enumerate().map(|(index, dive)| html! {
                    <DeepDive
                        key={dive.id.clone()}
                        episode={props.episode.clone()}
                        {index}
                        open={props.open.contains(&dive.id)}
                        ontoggle={props.ontoggle.clone()}
                        onopen={props.onopen.clone()}
                        onshare={props.onshare.clone()}
                        onsource={props.onsource.clone()}
                        source={props.source.as_ref().filter(|(insight, _)| *insight == dive.id).map(|(_, status)| status.clone())}
                    />
                }) }
            </div>
        </section>
    }
}
