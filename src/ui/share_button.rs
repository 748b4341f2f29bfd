//! The "Share" button of a takeaway or a deep dive.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShareButtonProps {
    /// What it shares, for its accessible name "Share link to <label>".
    pub label: AttrValue,
    pub onshare: Callback<MouseEvent>,
}

#[component]
pub fn ShareButton(props: &ShareButtonProps) -> Html {
    crate::ui::render_count::count("ShareButton");
    html! {
        <button type="button" class="earmark-share" aria-label={format!("Share link to {}", props.label)}
            title="Share link" onclick={props.onshare.clone()}>
            <span class="earmark-share-icon" aria-hidden="true"></span>
        </button>
    }
}
