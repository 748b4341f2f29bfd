//! The key takeaways, each an insight with its own id.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::model::Episode;
use crate::core::search::{segment_index, SegmentKind};
use crate::ui::segment_text::SegmentText;
use crate::ui::share_button::share_button;
use crate::ui::source_button::source_button;

#[derive(Properties, PartialEq)]
pub struct TakeawaysProps {
    pub episode: Rc<Episode>,
    /// Share a link to the takeaway with this id.
    pub onshare: Callback<String>,
    /// "Where was this said?" for the takeaway with this id.
    pub onsource: Callback<String>,
    /// The last answer to "Where was this said?": the insight it is for, and what to say.
    #[prop_or_default]
    pub source: Option<(String, AttrValue)>,
}

#[component]
pub fn Takeaways(props: &TakeawaysProps) -> Html {
    crate::ui::render_count::count("Takeaways");
    if props.episode.takeaways.is_empty() {
        return html! {};
    }
    html! {
        <section class="earmark-takeaways" aria-labelledby="earmark-takeaways-heading">
            <h2 id="earmark-takeaways-heading" class="earmark-section-title">{ "Key takeaways" }</h2>
            <ul class="earmark-takeaway-list">
                { for props.episode.takeaways.iter().enumerate().map(|(i, takeaway)| {
                    let seg = segment_index(&props.episode, SegmentKind::Takeaway(i));
                    let onshare = { let id = takeaway.id.clone(); props.onshare.reform(move |_: MouseEvent| id.clone()) };
                    let source = props.episode.has_transcript().then(|| {
                        let id = takeaway.id.clone();
                        let status = props.source.as_ref().filter(|(insight, _)| *insight == takeaway.id).map(|(_, status)| status.clone());
                        source_button(&takeaway.label(), props.onsource.reform(move |_: MouseEvent| id.clone()), status)
                    });
                    html! {
                        // Focusable from script only, so that a link to it can move focus here.
                        <li key={takeaway.id.clone()} class="earmark-takeaway" data-insight={takeaway.id.clone()} tabindex="-1">
                            <p class="earmark-takeaway-text" data-seg={seg.to_string()}>
                                <SegmentText {seg} text={takeaway.text.clone()} />
                            </p>
                            { share_button(&takeaway.label(), onshare) }
                            { for source }
                        </li>
                    }
                }) }
            </ul>
        </section>
    }
}
