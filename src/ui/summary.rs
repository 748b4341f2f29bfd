//! The AI summary paragraph.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    pub text: AttrValue,
}

#[component]
pub fn Summary(props: &SummaryProps) -> Html {
    html! {
        <section class="earmark-summary" aria-labelledby="earmark-summary-heading">
            <h2 id="earmark-summary-heading" class="earmark-section-title">{ "Summary" }</h2>
            <p>{ &props.text }</p>
        </section>
    }
}
