//! Whose key press is it? Keyboard shortcuts (`/`, `h`) belong to an instance only when focus is
//! inside it, or, on a page of Earmark's own (standalone or framed), on the page's body. A key
//! typed in any field, the host page's search box say, is never ours.
//!
//! Keys are heard on `document`, where an event from inside a shadow root arrives retargeted to
//! the shadow host; `composedPath()` still names the element that really has focus.

use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement};

/// The element the event really started at, looking through shadow roots.
fn origin(event: &Event) -> Option<Element> {
    event.composed_path().get(0).dyn_into::<Element>().ok()
}

/// Whether the event comes from a place where typing happens (a field or editable text).
pub fn from_field(event: &Event) -> bool {
    origin(event).is_some_and(|target| {
        matches!(target.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            || target.dyn_ref::<HtmlElement>().is_some_and(HtmlElement::is_content_editable)
    })
}

/// Whether a shortcut key belongs to the instance rendered under `root`: focus is inside it,
/// or (`owns_page`) on the page's body.
pub fn belongs_to(event: &Event, root: &Element, owns_page: bool) -> bool {
    if from_field(event) {
        return false;
    }
    let Some(target) = origin(event) else { return owns_page };
    if root.contains(Some(&target)) {
        return true;
    }
    let document = gloo::utils::document();
    owns_page
        && (document.body().is_some_and(|body| *body == target) || document.document_element().is_some_and(|html| html == target))
}
