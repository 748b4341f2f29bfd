//! Quiet notices about storage: the page keeps working, the reader is told what will not be
//! remembered.

use yew::prelude::*;

use crate::core::storage::Notice;

#[derive(Properties, PartialEq)]
pub struct NoticesProps {
    pub notices: Vec<Notice>,
    pub ondismiss: Callback<Notice>,
}

#[component]
pub fn Notices(props: &NoticesProps) -> Html {
    crate::ui::render_count::count("Notices");
    // The live region is always in the DOM, so that screen readers announce a notice that
    // appears later; an empty region says nothing.
    html! {
        <div class="earmark-notices" role="status" aria-live="polite">
            { for props.notices.iter().map(|&notice| {
                let ondismiss = props.ondismiss.reform(move |_: MouseEvent| notice);
                html! {
                    <p class="earmark-notice" data-notice={format!("{notice:?}")}>
                        <span>{ notice.message() }</span>
                        <button type="button" class="earmark-notice-dismiss" onclick={ondismiss}
                            aria-label="Dismiss notice">{ "×" }</button>
                    </p>
                }
            }) }
        </div>
    }
}
