//! The AI summary paragraph.

use yew::prelude::*;

use crate::ui::segment_text::SegmentText;

#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    /// The summary's search segment (see `core::search::segments`).
    pub seg: usize,
    pub text: AttrValue,
}

#[component]
pub fn Summary(props: &SummaryProps) -> Html {
    crate::ui::render_count::count("Summary");
    html! {
        // `data-insight="summary"` lets a highlight's link point here, like an insight's.
        <section class="earmark-summary" data-insight="summary" tabindex="-1" aria-labelledby="earmark-summary-heading">
            <h2 id="earmark-summary-heading" class="earmark-section-title">{ "Summary" }</h2>
            <p data-seg={props.seg.to_string()}><SegmentText seg={props.seg} text={props.text.clone()} /></p>
        </section>
    }
}
