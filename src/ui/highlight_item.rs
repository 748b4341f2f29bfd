//! One highlight in the Highlights panel: quote, note, colour, date, and what can be done
//! with it.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::core::highlights::Highlight;

#[derive(Properties, PartialEq)]
pub struct HighlightItemProps {
    pub highlight: Highlight,
    /// When it was made, readable.
    pub date: AttrValue,
    /// False for an orphan, which cannot be shown on the page.
    pub placed: bool,
    pub onreveal: Callback<String>,
    pub onnote: Callback<(String, String)>,
    pub oncopy: Callback<String>,
    pub ondelete: Callback<String>,
}

#[component]
pub fn HighlightItem(props: &HighlightItemProps) -> Html {
    crate::ui::render_count::count("HighlightItem");
    let editing = use_state(|| false);
    let field = use_node_ref();
    let h = &props.highlight;
    let id = h.id.clone();

    let onreveal = { let id = id.clone(); props.onreveal.reform(move |_: MouseEvent| id.clone()) };
    let oncopy = { let id = id.clone(); props.oncopy.reform(move |_: MouseEvent| id.clone()) };
    let ondelete = { let id = id.clone(); props.ondelete.reform(move |_: MouseEvent| id.clone()) };
    let onedit = { let editing = editing.clone(); Callback::from(move |_: MouseEvent| editing.set(true)) };
    let oncancel = { let editing = editing.clone(); Callback::from(move |_: MouseEvent| editing.set(false)) };
    let onsave = {
        let (editing, field, onnote, id) = (editing.clone(), field.clone(), props.onnote.clone(), id.clone());
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if let Some(field) = field.cast::<HtmlTextAreaElement>() {
                onnote.emit((id.clone(), field.value().trim().to_string()));
            }
            editing.set(false);
        })
    };
    // Focus the note field when it opens.
    {
        let field = field.clone();
        use_effect_with(*editing, move |editing| {
            if *editing {
                if let Some(field) = field.cast::<HtmlTextAreaElement>() {
                    let _ = field.focus();
                }
            }
        });
    }

    let quote = html! { <blockquote class="earmark-quote">{ &h.exact }</blockquote> };
    html! {
        <li class={classes!("earmark-highlight-item", format!("is-{}", h.color.name()))} data-highlight-item={id.clone()}>
            if props.placed {
                <button type="button" class="earmark-quote-button" onclick={onreveal}
                    aria-label={format!("Show in the episode: {}", h.exact)}>{ quote }</button>
            } else {
                { quote }
            }
            if *editing {
                <form class="earmark-note-form" onsubmit={onsave}>
                    <label class="earmark-note-label" for={format!("earmark-note-{id}")}>{ "Note" }</label>
                    <textarea ref={field} id={format!("earmark-note-{id}")} class="earmark-note-field" rows="3"
                        defaultvalue={h.note.clone()} />
                    <div class="earmark-item-actions">
                        <button type="submit" class="earmark-text-button">{ "Save note" }</button>
                        <button type="button" class="earmark-text-button" onclick={oncancel}>{ "Cancel" }</button>
                    </div>
                </form>
            } else if !h.note.is_empty() {
                <p class="earmark-note">{ &h.note }</p>
            }
            <p class="earmark-item-meta">
                <span class="earmark-item-color">{ h.color.label() }</span>
                { " · " }
                <time>{ props.date.clone() }</time>
            </p>
            if !*editing {
                <div class="earmark-item-actions">
                    <button type="button" class="earmark-text-button" onclick={onedit}>{ "Edit note" }</button>
                    <button type="button" class="earmark-text-button" onclick={oncopy}>{ "Copy link" }</button>
                    <button type="button" class="earmark-text-button" onclick={ondelete}>{ "Delete" }</button>
                </div>
            }
        </li>
    }
}
