//! Scrolling something into view, the way the reader asked for: instantly under
//! `prefers-reduced-motion: reduce`, smoothly otherwise.

use web_sys::{DomRect, Element, ScrollBehavior, ScrollIntoViewOptions, ScrollLogicalPosition, ScrollToOptions};

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

/// Scrolls the window so that `rect` (viewport coordinates) is comfortably inside the
/// viewport, a third of the way down; does nothing when it already is.
pub fn rect_into_view(rect: &DomRect) {
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
    let options = ScrollIntoViewOptions::new();
    options.set_block(ScrollLogicalPosition::Center);
    options.set_behavior(behavior());
    element.scroll_into_view_with_scroll_into_view_options(&options);
}

/// Scrolls `element`'s top into view.
pub fn element_into_view_at_start(element: &Element) {
    let options = ScrollIntoViewOptions::new();
    options.set_block(ScrollLogicalPosition::Start);
    options.set_behavior(behavior());
    element.scroll_into_view_with_scroll_into_view_options(&options);
}
