//! The search field, its status and the previous/next buttons.
//!
//! Keys: `/` focuses the field when focus is inside this instance, or on the page's body where
//! the page is Earmark's own (never when the reader is typing in some other field, and never
//! for another instance on the same page); Enter and Shift+Enter move through the matches; Esc
//! clears. Ctrl/Cmd+F stays the browser's, and no other key is held back.

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use crate::platform::keys;

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
    /// The instance's root: `/` counts when focus is inside it.
    pub root: NodeRef,
    /// Whether the page is Earmark's own, so that `/` on its body counts too.
    pub owns_page: bool,
}

/// The accessible name of the field; a public promise to host pages and their tests.
pub const SEARCH_LABEL: &str = "Search this episode";

#[component]
pub fn SearchBar(props: &SearchBarProps) -> Html {
    crate::ui::render_count::count("SearchBar");
    let input = use_node_ref();

    {
        let (input, root) = (input.clone(), props.root.clone());
        use_effect_with(props.owns_page, move |owns_page| {
            let owns_page = *owns_page;
            let document = gloo::utils::document();
            let options = EventListenerOptions::enable_prevent_default();
            let listener = EventListener::new_with_options(&document, "keydown", options, move |event| {
                let Some(event) = event.dyn_ref::<KeyboardEvent>() else { return };
                if event.key() != "/" || event.ctrl_key() || event.meta_key() || event.alt_key() {
                    return;
                }
                let (Some(field), Some(root)) = (input.cast::<HtmlInputElement>(), root.cast::<Element>()) else { return };
                if keys::belongs_to(event, &root, owns_page) {
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
        <div class={classes!("earmark-searchbar", (!props.query.is_empty()).then_some("is-active"))} role="search">
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
