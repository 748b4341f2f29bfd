//! Scrolling something into view, the way the reader asked for: instantly under
//! `prefers-reduced-motion: reduce`, smoothly otherwise.
//!
//! This is the one path for "bring this into view". On a page or in a widget the window
//! scrolls; in a frame that its host sizes to its content the host page must move instead, so
//! the same request becomes a message to the parent (`platform::frame::post_scroll`), which
//! `embed-frame.js` carries out.

use web_sys::{DomRect, Element, Range, ScrollBehavior, ScrollIntoViewOptions, ScrollLogicalPosition, ScrollToOptions};

use crate::platform::frame;

pub fn reduced_motion() -> bool {
    web_sys::window()
        .and_then(|window| window.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|query| query.matches())
}

fn behavior() -> ScrollBehavior {
    if reduced_motion() {
        ScrollBehavior::Instant
    } else {
        ScrollBehavior::Smooth
    }
}

/// The room `element` keeps clear above and below itself when scrolled to (its
/// `scroll-margin`, which the stylesheet sets to clear the sticky toolbar).
fn margins(element: &Element) -> (f64, f64) {
    let style = web_sys::window().and_then(|window| window.get_computed_style(element).ok().flatten());
    // The browser's own number parser: Rust's would add its float tables to the wasm.
    let px = |name: &str| {
        let value = style.as_ref().and_then(|style| style.get_property_value(name).ok()).unwrap_or_default();
        Some(js_sys::parse_float(&value)).filter(|px| px.is_finite()).unwrap_or(0.0)
    };
    (px("scroll-margin-top"), px("scroll-margin-bottom"))
}

/// In a frame sized by its host, asks the host to bring `element` into view and returns true.
fn ask_host(element: &Element) -> bool {
    if !frame::sized_by_parent() {
        return false;
    }
    let element = element.clone();
    frame::post_scroll(
        move || {
            let rect = element.get_bounding_client_rect();
            let (above, below) = margins(&element);
            element.is_connected().then(|| (rect.top(), rect.bottom(), above, below))
        },
        reduced_motion(),
    );
    true
}

/// Scrolls the window so that `range` is comfortably inside the viewport, a third of the way
/// down; does nothing when it already is.
pub fn range_into_view(range: &Range) {
    if frame::sized_by_parent() {
        let range = range.clone();
        frame::post_scroll(
            move || {
                let within = range.start_container().ok().and_then(|node| node.parent_element())?;
                let rect = range.get_bounding_client_rect();
                let (above, below) = margins(&within);
                within.is_connected().then(|| (rect.top(), rect.bottom(), above, below))
            },
            reduced_motion(),
        );
        return;
    }
    rect_into_view(&range.get_bounding_client_rect());
}

fn rect_into_view(rect: &DomRect) {
    let Some(window) = web_sys::window() else { return };
    let height = window.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
    let margin = 80.0;
    if rect.top() >= margin && rect.bottom() <= height - margin {
        return;
    }
    let options = ScrollToOptions::new();
    options.set_top(rect.top() - height / 3.0);
    options.set_behavior(behavior());
    window.scroll_by_with_scroll_to_options(&options);
}

/// Scrolls `element` into the middle of the view.
pub fn element_into_view(element: &Element) {
    scroll_into_view(element, ScrollLogicalPosition::Center);
}

/// Scrolls `element`'s top into view.
pub fn element_into_view_at_start(element: &Element) {
    scroll_into_view(element, ScrollLogicalPosition::Start);
}

fn scroll_into_view(element: &Element, block: ScrollLogicalPosition) {
    if ask_host(element) {
        return;
    }
    let options = ScrollIntoViewOptions::new();
    options.set_block(block);
    options.set_behavior(behavior());
    element.scroll_into_view_with_scroll_into_view_options(&options);
}
