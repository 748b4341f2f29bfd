//! Bringing what a followed link points to into view: the section opened (by the reducer),
//! scrolled to, focused and flashed, and its quote marked for a while.

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::core::state::{Action, State};
use crate::platform::scroll;
use crate::ui::Store;

/// How long a followed link's quote stays marked, and its section flashes.
const LINK_MARK_MS: u32 = 10_000;
const FLASH_MS: u32 = 1_600;

#[hook]
pub fn use_followed_link(root: NodeRef, state: &State, dispatcher: UseReducerDispatcher<Store>) {
    let (target, serial) = (state.link.clone(), state.links_followed);
    let pending = use_mut_ref(Vec::<Timeout>::new);
    use_effect_with(serial, move |serial| {
        if *serial == 0 {
            return;
        }
        let Some(root) = root.cast::<web_sys::Element>() else { return };
        let Some(target) = target else {
            // Nothing found: the top of the episode, where the notice is.
            scroll::element_into_view_at_start(&root);
            return;
        };
        // An insight, a transcript cue, or the transcript itself.
        let id = &target.insight;
        let selector = format!("[data-insight=\"{id}\"], [data-cue=\"{id}\"], [data-section=\"{id}\"]");
        let Ok(Some(element)) = root.query_selector(&selector) else { return };
        // Ids are looked up inside the instance: another instance may show the same episode.
        let focus = root
            .query_selector(&format!("[id=\"earmark-dive-button-{id}\"], [data-section=\"{id}\"] [aria-expanded]"))
            .ok()
            .flatten()
            .unwrap_or_else(|| element.clone());
        if let Ok(focus) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(focus) {
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = focus.focus_with_options(&options);
        }
        let mark = root.query_selector("mark[data-link]").ok().flatten();
        let target_element = mark.unwrap_or_else(|| element.clone());
        // After this render's other effects: when `?q=` and a link arrive together, the
        // search scrolls to its first match, and the link, the explicit target, must win.
        let scroll_to = Timeout::new(0, move || scroll::element_into_view(&target_element));
        let _ = element.class_list().add_1("is-flashing");
        let serial = *serial;
        let mut pending = pending.borrow_mut();
        pending.clear();
        pending.push(scroll_to);
        pending.push(Timeout::new(FLASH_MS, move || {
            let _ = element.class_list().remove_1("is-flashing");
        }));
        pending.push(Timeout::new(LINK_MARK_MS, move || dispatcher.dispatch(Action::FadeLink(serial))));
    });
}
