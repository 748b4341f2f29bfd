//! "Highlight deleted. Undo", for a few seconds after a delete.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct UndoToastProps {
    /// The quote of the deleted highlight, while Undo is on offer.
    pub deleted: Option<AttrValue>,
    pub onundo: Callback<()>,
}

#[component]
pub fn UndoToast(props: &UndoToastProps) -> Html {
    crate::ui::render_count::count("UndoToast");
    let onundo = props.onundo.reform(|_: MouseEvent| ());
    // The live region stays in the page so that the message is announced when it appears.
    html! {
        <div class="earmark-toast-region" role="status" aria-live="polite">
            if let Some(quote) = &props.deleted {
                <div class="earmark-toast">
                    <span class="earmark-toast-text">{ format!("Highlight deleted: “{}”", short(quote)) }</span>
                    <button type="button" class="earmark-text-button" onclick={onundo}>{ "Undo" }</button>
                </div>
            }
        </div>
    }
}

fn short(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}
