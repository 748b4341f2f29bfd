//! What happened to the last link shared: "Link copied", or the link to copy by hand when the
//! clipboard is refused.

use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShareStatusProps {
    pub message: AttrValue,
    /// A link the clipboard refused, offered selected in a field.
    pub manual: Option<AttrValue>,
    pub ondismiss: Callback<()>,
}

#[component]
pub fn ShareStatus(props: &ShareStatusProps) -> Html {
    let field = use_node_ref();
    {
        let field = field.clone();
        use_effect_with(props.manual.clone(), move |manual| {
            if manual.is_some() {
                if let Some(field) = field.cast::<HtmlInputElement>() {
                    let _ = field.focus();
                    field.select();
                }
            }
        });
    }
    let ondismiss = props.ondismiss.reform(|_: MouseEvent| ());
    html! {
        <div class="earmark-share-status">
            <p class="earmark-share-message" role="status" aria-live="polite">{ props.message.clone() }</p>
            if let Some(link) = &props.manual {
                <div class="earmark-manual-copy">
                    <label for="earmark-manual-link">{ "Copy this link:" }</label>
                    <input ref={field} id="earmark-manual-link" type="text" readonly=true value={link.clone()} />
                    <button type="button" class="earmark-text-button" onclick={ondismiss}>{ "Done" }</button>
                </div>
            }
        </div>
    }
}
