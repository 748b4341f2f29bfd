//! "Where was this said?" on a takeaway or a deep dive, and its answer beside it ("Said at
//! 12:34", or "Not found in the transcript" rather than a guess).
//!
//! A function, like the share button and for the same reason: it renders with its section,
//! and a component per section would cost memory on long episodes for nothing.

use yew::prelude::*;

/// The button for the insight `label`, with `status` (the last answer for this insight) beside
/// it. Screen readers hear the answer from the app's one live region for it, not from here.
pub fn source_button(label: &str, onsource: Callback<MouseEvent>, status: Option<AttrValue>) -> Html {
    html! {
        <span class="earmark-source">
            <button type="button" class="earmark-text-button earmark-source-button"
                aria-label={format!("Where was this said? {label}")} onclick={onsource}>
                { "Where was this said?" }
            </button>
            <span class="earmark-source-status">{ status.unwrap_or_default() }</span>
        </span>
    }
}
