//! A link offered for copying by hand, where the clipboard is refused: shown in a read-only
//! field that takes focus with its text selected, so Ctrl+C (or a long press) copies it.

use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ManualCopyProps {
    /// The field's id, for its label.
    pub id: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
}

#[component]
pub fn ManualCopy(props: &ManualCopyProps) -> Html {
    crate::ui::render_count::count("ManualCopy");
    let field = use_node_ref();
    {
        let field = field.clone();
        use_effect_with(props.value.clone(), move |_| {
            if let Some(field) = field.cast::<HtmlInputElement>() {
                let _ = field.focus();
                field.select();
            }
        });
    }
    html! {
        <div class="earmark-manual-copy">
            <label for={props.id.clone()}>{ props.label.clone() }</label>
            <input ref={field} id={props.id.clone()} type="text" readonly=true value={props.value.clone()} />
        </div>
    }
}
