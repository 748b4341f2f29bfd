//! The search field, its status and the previous/next buttons.
//!
//! Keys: `/` focuses the field when focus is on the page body or inside the reader (never
//! when the reader is typing in some other field of the host page); Enter and Shift+Enter move
//! through the matches; Esc clears. Ctrl/Cmd+F stays the browser's.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct SearchBarProps {
    pub query: AttrValue,
    /// "3 of 12", "No matches", or empty.
    pub status: AttrValue,
    pub has_matches: bool,
    pub found_nothing: bool,
    pub onsearch: Callback<String>,
    pub onnext: Callback<()>,
    pub onprevious: Callback<()>,
    pub onclear: Callback<()>,
}

/// The accessible name of the field; a public promise to host pages and their tests.
pub const SEARCH_LABEL: &str = "Search this episode";

#[component]
pub fn SearchBar(props: &SearchBarProps) -> Html {
    let input = use_node_ref();

    {
        let input = input.clone();
        use_effect_with((), move |_| {
            let document = gloo::utils::document();
            let options = EventListenerOptions::enable_prevent_default();
            let listener = EventListener::new_with_options(&document, "keydown", options, move |event| {
                let Some(event) = event.dyn_ref::<KeyboardEvent>() else { return };
                if event.key() != "/" || event.ctrl_key() || event.meta_key() || event.alt_key() {
                    return;
                }
                let Some(field) = input.cast::<HtmlInputElement>() else { return };
                if slash_belongs_to_us(event.target().and_then(|t| t.dyn_into::<Element>().ok()), &field) {
                    event.prevent_default();
                    let _ = field.focus();
                    field.select();
                }
            });
            move || drop(listener)
        });
    }

    let oninput = props.onsearch.reform(|event: InputEvent| event.target_unchecked_into::<HtmlInputElement>().value());
    let onkeydown = {
        let (onnext, onprevious, onclear) = (props.onnext.clone(), props.onprevious.clone(), props.onclear.clone());
        move |event: KeyboardEvent| match event.key().as_str() {
            "Enter" => {
                event.prevent_default();
                if event.shift_key() { onprevious.emit(()) } else { onnext.emit(()) }
            }
            "Escape" => {
                event.prevent_default();
                onclear.emit(());
            }
            _ => {}
        }
    };
    let onnext = props.onnext.reform(|_: MouseEvent| ());
    let onprevious = props.onprevious.reform(|_: MouseEvent| ());

    html! {
        <div class="earmark-searchbar" role="search">
            <div class="earmark-search">
                <span class="earmark-search-icon" aria-hidden="true"></span>
                <input
                    ref={input}
                    type="search"
                    class="earmark-search-input"
                    aria-label={SEARCH_LABEL}
                    placeholder="Search this episode"
                    autocomplete="off"
                    spellcheck="false"
                    aria-keyshortcuts="/"
                    aria-invalid={props.found_nothing.then_some("true")}
                    aria-describedby="earmark-search-status"
                    value={props.query.clone()}
                    {oninput}
                    {onkeydown}
                />
                <kbd class="earmark-search-key" aria-hidden="true">{ "/" }</kbd>
            </div>
            <span id="earmark-search-status" class="earmark-search-status" role="status" aria-live="polite">
                { props.status.clone() }
            </span>
            <div class="earmark-search-steps">
                <button type="button" class="earmark-icon-button" aria-label="Previous match"
                    disabled={!props.has_matches} onclick={onprevious}>
                    <span class="earmark-arrow is-up" aria-hidden="true"></span>
                </button>
                <button type="button" class="earmark-icon-button" aria-label="Next match"
                    disabled={!props.has_matches} onclick={onnext}>
                    <span class="earmark-arrow" aria-hidden="true"></span>
                </button>
            </div>
        </div>
    }
}

/// Whether a `/` typed with focus on `target` should go to the search field: yes on the page
/// body and inside the reader, no in any other field (the host page's search box, say).
fn slash_belongs_to_us(target: Option<Element>, field: &HtmlInputElement) -> bool {
    let Some(target) = target else { return true };
    if target == ***field {
        return false;
    }
    let editable = matches!(target.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || target.dyn_ref::<HtmlElement>().is_some_and(HtmlElement::is_content_editable);
    if editable {
        return false;
    }
    let document = gloo::utils::document();
    let on_page = document.body().is_some_and(|body| *body == target) || document.document_element().is_some_and(|root| root == target);
    on_page || target.closest(".earmark").ok().flatten().is_some()
}
