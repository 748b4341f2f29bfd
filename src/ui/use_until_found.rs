//! Collapsed panels that the browser's own find-in-page (and text fragments in links) can
//! still search: a deep dive's and the transcript's.
//!
//! The panel stays in the DOM when collapsed, with `hidden="until-found"`; the browser reveals
//! it by removing the attribute and firing `beforematch`, which becomes an "open" so that the
//! app's state agrees with what the reader sees.

use gloo::events::EventListener;
use yew::prelude::*;

/// `panel` (one element), hidden until found unless `open`. `html!` only knows `hidden` as a
/// boolean attribute, so the "until-found" state is set on the virtual node directly; it stays
/// part of the rendered tree (and of server rendering).
pub fn until_found(mut panel: Html, open: bool) -> Html {
    if !open {
        if let yew::virtual_dom::VNode::VTag(tag) = &mut panel {
            std::rc::Rc::make_mut(tag).add_attribute("hidden", "until-found");
        }
    }
    panel
}

/// Calls `onopen` with `id` when the browser reveals `panel`. It listens again when `id`,
/// `onopen` or `also` change (`also`: what decides whether the panel is there at all).
#[hook]
pub fn use_until_found<T: PartialEq + 'static>(panel: NodeRef, id: String, onopen: Callback<String>, also: T) {
    use_effect_with((id, onopen, also), move |(id, onopen, _)| {
        let (id, onopen) = (id.clone(), onopen.clone());
        let listener = panel.cast::<web_sys::Element>().map(|element| EventListener::new(&element, "beforematch", move |_| onopen.emit(id.clone())));
        move || drop(listener)
    });
}
