//! The small toolbar that appears next to a text selection: "Highlight", and the colour.
//!
//! It follows `selectionchange`, so it appears for mouse, keyboard (Shift+arrows) and touch
//! (long-press) selections alike; `h` highlights while a selection is active. Its buttons keep
//! the selection on mouse-down, so that clicking them does not clear what they act on.

use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent};
use yew::prelude::*;

use crate::core::highlights::Color;
use crate::platform::selection::{self, SelectedUnits};

#[derive(Properties, PartialEq)]
pub struct SelectionToolbarProps {
    /// The reader's root element, whose selections count.
    pub root: NodeRef,
    /// Whether a selection piece may be highlighted (its segment takes highlights).
    pub highlightable: Callback<usize, bool>,
    /// The selection to highlight, with the chosen colour.
    pub onhighlight: Callback<(Vec<SelectedUnits>, Color)>,
}

#[derive(Clone, PartialEq)]
struct Shown {
    pieces: Vec<SelectedUnits>,
    top: f64,
    left: f64,
    /// Above the selection when there is room, so that it covers no text after it.
    above: bool,
}

#[component]
pub fn SelectionToolbar(props: &SelectionToolbarProps) -> Html {
    let shown = use_state(|| None::<Shown>);
    let color = use_state(Color::default);

    // Follow the selection.
    {
        let (shown, root, highlightable) = (shown.clone(), props.root.clone(), props.highlightable.clone());
        use_effect_with((), move |_| {
            let document = gloo::utils::document();
            let listener = EventListener::new(&document, "selectionchange", move |_| {
                let Some(root) = root.cast::<Element>() else { return };
                let found = selection::current(&root).and_then(|selected| {
                    let pieces: Vec<SelectedUnits> = selected.pieces.into_iter().filter(|p| highlightable.emit(p.segment)).collect();
                    if pieces.is_empty() {
                        return None;
                    }
                    let frame = root.get_bounding_client_rect();
                    // Room for the toolbar between the selection and the sticky search bar.
                    let above = selected.rect.top() > 140.0;
                    let top = if above { selected.rect.top() - frame.top() - 8.0 } else { selected.rect.bottom() - frame.top() + 8.0 };
                    Some(Shown {
                        pieces,
                        top,
                        left: (selected.rect.left() + selected.rect.width() / 2.0 - frame.left()).max(0.0),
                        above,
                    })
                });
                shown.set(found);
            });
            move || drop(listener)
        });
    }

    let highlight = {
        let (shown, color, onhighlight) = (shown.clone(), color.clone(), props.onhighlight.clone());
        Callback::from(move |()| {
            if let Some(current) = (*shown).clone() {
                onhighlight.emit((current.pieces, *color));
                selection::clear();
                shown.set(None);
            }
        })
    };

    // `h` while a selection is active, unless the reader is typing somewhere.
    {
        let (highlight, active) = (highlight.clone(), shown.is_some());
        use_effect_with(active, move |active| {
            let listener = active.then(|| {
                EventListener::new(&gloo::utils::document(), "keydown", move |event| {
                    let Some(event) = event.dyn_ref::<KeyboardEvent>() else { return };
                    let typing = event
                        .target()
                        .and_then(|t| t.dyn_into::<HtmlElement>().ok())
                        .is_some_and(|t| matches!(t.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || t.is_content_editable());
                    if event.key() == "h" && !event.ctrl_key() && !event.meta_key() && !event.alt_key() && !typing {
                        highlight.emit(());
                    }
                })
            });
            move || drop(listener)
        });
    }

    let Some(current) = (*shown).clone() else { return html! {} };
    // Buttons act on the selection: pressing them must not clear it first.
    let keep_selection = Callback::from(|event: MouseEvent| event.prevent_default());
    let onclick = highlight.reform(|_: MouseEvent| ());
    html! {
        <div class={classes!("earmark-selection-toolbar", current.above.then_some("is-above"))} role="toolbar" aria-label="Selected text"
            style={format!("top: {:.0}px; left: {:.0}px", current.top, current.left)}>
            <button type="button" class="earmark-highlight-button" onmousedown={keep_selection.clone()} {onclick}
                aria-keyshortcuts="h">
                <span class={classes!("earmark-swatch", format!("is-{}", color.name()))} aria-hidden="true"></span>
                { "Highlight" }
            </button>
            <div class="earmark-colors" role="group" aria-label="Colour">
                { for Color::ALL.iter().map(|&option| {
                    let pick = { let color = color.clone(); Callback::from(move |_: MouseEvent| color.set(option)) };
                    html! {
                        <button type="button" class={classes!("earmark-color", format!("is-{}", option.name()))}
                            aria-label={option.label()} aria-pressed={(*color == option).to_string()}
                            onmousedown={keep_selection.clone()} onclick={pick}></button>
                    }
                }) }
            </div>
        </div>
    }
}
