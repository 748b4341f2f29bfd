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
use crate::platform::keys;
use crate::platform::selection::{self, SelectedUnits};

#[derive(Properties, PartialEq)]
pub struct SelectionToolbarProps {
    /// The reader's root element, whose selections count.
    pub root: NodeRef,
    /// Whether a selection piece may be highlighted (its segment takes highlights).
    pub highlightable: Callback<usize, bool>,
    /// The selection to highlight, with the chosen colour.
    pub onhighlight: Callback<(Vec<SelectedUnits>, Color)>,
    /// Whether the page is Earmark's own (kept for symmetry with the search's `/`; `h` acts
    /// only while this instance holds the selection, so the page's body counts anyway).
    pub owns_page: bool,
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
    crate::ui::render_count::count("SelectionToolbar");
    // Compared before it re-renders: `selectionchange` and `keyup` also fire for every key typed
    // in the search field, where there is no selection to show (the end-to-end render count
    // caught two renders of this toolbar per keystroke).
    let shown = use_state_eq(|| None::<Shown>);
    let color = use_state(Color::default);

    // Follow the selection. `selectionchange` fires on the document, but a selection made
    // inside a shadow root may not fire it as it grows (Chromium fires it once, when the mouse
    // goes down), so the end of a drag or of a Shift+arrow inside the instance counts too.
    {
        let (shown, root) = (shown.clone(), props.root.clone());
        // Listening again when what is highlightable changes (another episode; a transcript's
        // cues arrived): a listener that kept the first render's callback would refuse every
        // segment the page did not have then.
        use_effect_with(props.highlightable.clone(), move |highlightable| {
            let highlightable = highlightable.clone();
            let document = gloo::utils::document();
            let element = root.cast::<Element>();
            let update = std::rc::Rc::new(move || {
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
            let on = |target: &web_sys::EventTarget, name: &'static str| {
                let update = update.clone();
                EventListener::new(target, name, move |_| update())
            };
            let mut listeners = vec![on(&document, "selectionchange")];
            if let Some(element) = element {
                listeners.push(on(&element, "pointerup"));
                listeners.push(on(&element, "keyup"));
            }
            move || drop(listeners)
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

    // `h` while this instance holds a selection, with focus inside it or on the page's body
    // (where a mouse selection leaves it), never from a field of the host page.
    {
        let (highlight, active, root) = (highlight.clone(), shown.is_some(), props.root.clone());
        use_effect_with(active, move |active| {
            let listener = active.then(|| {
                EventListener::new(&gloo::utils::document(), "keydown", move |event| {
                    let Some(event) = event.dyn_ref::<KeyboardEvent>() else { return };
                    let Some(root) = root.cast::<Element>() else { return };
                    if event.key() == "h" && !event.ctrl_key() && !event.meta_key() && !event.alt_key() && keys::belongs_to(event, &root, true) {
                        highlight.emit(());
                    }
                })
            });
            move || drop(listener)
        });
    }

    // Placed through the CSSOM: a `style` attribute would break a strict Content-Security-Policy.
    let toolbar = use_node_ref();
    {
        let toolbar = toolbar.clone();
        let at = shown.as_ref().map(|shown| (shown.top.round() as i64, shown.left.round() as i64));
        use_effect_with(at, move |at| {
            if let (Some((top, left)), Some(element)) = (at, toolbar.cast::<HtmlElement>()) {
                let style = element.style();
                let _ = style.set_property("top", &format!("{top}px"));
                let _ = style.set_property("left", &format!("{left}px"));
            }
        });
    }

    let Some(current) = (*shown).clone() else { return html! {} };
    // Buttons act on the selection: pressing them must not clear it first.
    let keep_selection = Callback::from(|event: MouseEvent| event.prevent_default());
    let onclick = highlight.reform(|_: MouseEvent| ());
    html! {
        <div ref={toolbar} class={classes!("earmark-selection-toolbar", current.above.then_some("is-above"))} role="toolbar" aria-label="Selected text">
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
