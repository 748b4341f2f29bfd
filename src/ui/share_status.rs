//! What happened to the last link shared: "Link copied", or the link to copy by hand when the
//! clipboard is refused.

use yew::prelude::*;

use crate::ui::manual_copy::ManualCopy;

#[derive(Properties, PartialEq)]
pub struct ShareStatusProps {
    pub message: AttrValue,
    /// A link the clipboard refused, offered selected in a field.
    pub manual: Option<AttrValue>,
    pub ondismiss: Callback<()>,
}

#[component]
pub fn ShareStatus(props: &ShareStatusProps) -> Html {
    crate::ui::render_count::count("ShareStatus");
    let ondismiss = props.ondismiss.reform(|_: MouseEvent| ());
    html! {
        <div class="earmark-share-status">
            <p class="earmark-share-message" role="status" aria-live="polite">{ props.message.clone() }</p>
            if let Some(link) = &props.manual {
                <ManualCopy id="earmark-manual-link" label="Copy this link:" value={link.clone()} />
                <button type="button" class="earmark-text-button" onclick={ondismiss}>{ "Done" }</button>
            }
        </div>
    }
}
