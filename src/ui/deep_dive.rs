//! One deep dive: a heading button that controls a panel.
//!
//! The panel stays in the DOM when collapsed, with `hidden="until-found"`, so that the
//! browser's own find-in-page can search it (see `use_until_found`).

use std::rc::Rc;

use yew::prelude::*;

use crate::core::model::Episode;
use crate::core::search::{segment_index, SegmentKind};
use crate::ui::segment_text::SegmentText;
use crate::ui::share_button::share_button;
use crate::ui::source_button::source_button;
use crate::ui::use_until_found::{until_found, use_until_found};

#[derive(Properties)]
pub struct DeepDiveProps {
    pub episode: Rc<Episode>,
    /// The index of the deep dive within the episode.
    pub index: usize,
    pub open: bool,
    pub ontoggle: Callback<String>,
    pub onopen: Callback<String>,
    pub onshare: Callback<String>,
    /// "Where was this said?" for the deep dive with this id.
    pub onsource: Callback<String>,
    /// The answer to this deep dive's last "Where was this said?".
    #[prop_or_default]
    pub source: Option<AttrValue>,
}

/// Compared by what a deep dive shows, not by the whole episode: when the transcript's cues
/// arrive the shown episode is a new value, equal in everything a deep dive renders, and
/// comparing (and re-rendering) 1,500 sections against the whole of it cost a long task on the
/// long episode. What a section shows of its episode: its own text, where its segments are
/// (the number of takeaways before them), and whether there is a transcript to point into.
impl PartialEq for DeepDiveProps {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.episode, &other.episode);
        let same_episode = Rc::ptr_eq(a, b)
            || (a.id == b.id
                && a.takeaways.len() == b.takeaways.len()
                && a.has_transcript() == b.has_transcript()
                && a.deep_dives.get(self.index) == b.deep_dives.get(other.index));
        same_episode
            && self.index == other.index
            && self.open == other.open
            && self.ontoggle == other.ontoggle
            && self.onopen == other.onopen
            && self.onshare == other.onshare
            && self.onsource == other.onsource
            && self.source == other.source
    }
}

#[component]
pub fn DeepDive(props: &DeepDiveProps) -> Html {
    crate::ui::render_count::count("DeepDive");
    let panel = use_node_ref();
    let dive = props.episode.deep_dives.get(props.index);
    let id = dive.map(|dive| dive.id.clone()).unwrap_or_default();

    use_until_found(panel.clone(), id, props.onopen.clone(), ());

    let Some(dive) = dive else { return html! {} };
    let button_id = format!("earmark-dive-button-{}", dive.id);
    let panel_id = format!("earmark-dive-panel-{}", dive.id);
    let ontoggle = {
        let id = dive.id.clone();
        props.ontoggle.reform(move |_: MouseEvent| id.clone())
    };
    let onshare = {
        let id = dive.id.clone();
        props.onshare.reform(move |_: MouseEvent| id.clone())
    };
    let onsource = {
        let id = dive.id.clone();
        props.onsource.reform(move |_: MouseEvent| id.clone())
    };
    let heading_seg = segment_index(&props.episode, SegmentKind::Heading(props.index));
    let body_seg = segment_index(&props.episode, SegmentKind::Body(props.index));
    let panel = html! {
        <div ref={panel} id={panel_id.clone()} class="earmark-dive-panel" role="region" aria-labelledby={button_id.clone()}>
            <p data-seg={body_seg.to_string()}><SegmentText seg={body_seg} text={dive.text.clone()} /></p>
            if props.episode.has_transcript() {
                { source_button(&dive.label(), onsource, props.source.clone()) }
            }
        </div>
    };
    let panel = until_found(panel, props.open);
    html! {
        <div class={classes!("earmark-dive", props.open.then_some("is-open"))} data-insight={dive.id.clone()}>
            <div class="earmark-dive-head">
            <h3 class="earmark-dive-heading">
                <button
                    type="button"
                    id={button_id}
                    class="earmark-dive-button"
                    aria-expanded={if props.open { "true" } else { "false" }}
                    aria-controls={panel_id}
                    onclick={ontoggle}
                >
                    <span class="earmark-dive-label" data-seg={heading_seg.to_string()}>
                        <SegmentText seg={heading_seg} text={dive.heading.clone().unwrap_or_default()} />
                    </span>
                    // Filled in by the search (see `use_search_paint`), not by rendering.
                    <span class="earmark-dive-matches" data-dive-badge={props.index.to_string()}></span>
                    <span class="earmark-chevron" aria-hidden="true"></span>
                </button>
            </h3>
            { share_button(&dive.label(), onshare) }
            </div>
            { panel }
        </div>
    }
}
