//! The "Share" button of a takeaway or a deep dive.
//!
//! A function that returns the button, not a component: it renders exactly when its section
//! does (its callback names the section, so it is new with each render of the section), and a
//! component per section costs memory for nothing: 1.2 MB of wasm memory on the 1,500-section
//! episode.

use yew::prelude::*;

/// The button sharing `label` ("Share link to <label>", its accessible name).
pub fn share_button(label: &str, onshare: Callback<MouseEvent>) -> Html {
    html! {
        <button type="button" class="earmark-share" aria-label={format!("Share link to {label}")}
            title="Share link" onclick={onshare}>
            <span class="earmark-share-icon" aria-hidden="true"></span>
        </button>
    }
}
