//! The CSS Custom Highlight API: painting text ranges without adding DOM nodes.
//!
//! web-sys has the API only behind `web_sys_unstable_apis`, so the three members Earmark uses
//! are bound here. Every call that a browser without the API would reject is `catch`ed, and
//! [`supported`] tells the UI whether to fall back to `<mark>` elements.
//!
//! The registry is one per document, and its names (`earmark-search`, …) are public. Several
//! instances on one page share each name: every instance hands in its own ranges under its
//! owner number, and the highlight registered under the name holds the ranges of all of them,
//! so that one instance's search never wipes out another's.

use std::cell::RefCell;

use js_sys::Reflect;
use wasm_bindgen::prelude::*;
use web_sys::AbstractRange;

#[wasm_bindgen]
extern "C" {
    type Highlight;

    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<Highlight, JsValue>;

    #[wasm_bindgen(method, catch)]
    fn add(this: &Highlight, range: &AbstractRange) -> Result<JsValue, JsValue>;

    type HighlightRegistry;

    #[wasm_bindgen(method, catch)]
    fn set(this: &HighlightRegistry, name: &str, highlight: &Highlight) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(method, catch)]
    fn delete(this: &HighlightRegistry, name: &str) -> Result<JsValue, JsValue>;
}

/// `CSS.highlights`, where the browser has it.
fn registry() -> Option<HighlightRegistry> {
    let global = js_sys::global();
    let has_constructor = Reflect::get(&global, &"Highlight".into()).is_ok_and(|value| value.is_function());
    let css = Reflect::get(&global, &"CSS".into()).ok().filter(|css| css.is_object())?;
    let registry = Reflect::get(&css, &"highlights".into()).ok().filter(|r| r.is_object())?;
    has_constructor.then(|| registry.unchecked_into())
}

/// Whether this browser can paint highlights.
pub fn supported() -> bool {
    registry().is_some()
}

thread_local! {
    /// The ranges painted under each name, by owner (instance). A few entries (two names per
    /// instance), so a vector: a map type would add its code to the wasm for nothing.
    static PAINTED: RefCell<Vec<(String, u32, Vec<AbstractRange>)>> = RefCell::default();
}

/// Paints `ranges` under the highlight `name` (styled by `::highlight(name)`) for `owner`,
/// replacing what that owner painted under that name before. The other owners' ranges stay.
pub fn paint(name: &str, owner: u32, ranges: impl IntoIterator<Item = AbstractRange>) {
    let Some(registry) = registry() else { return };
    let ranges: Vec<AbstractRange> = ranges.into_iter().collect();
    PAINTED.with(|painted| {
        let mut painted = painted.borrow_mut();
        painted.retain(|(n, o, _)| !(n == name && *o == owner));
        if !ranges.is_empty() {
            painted.push((name.to_string(), owner, ranges));
        }
        let all: Vec<&AbstractRange> = painted.iter().filter(|(n, _, _)| n == name).flat_map(|(_, _, r)| r).collect();
        if all.is_empty() {
            let _ = registry.delete(name);
            return;
        }
        let Ok(highlight) = Highlight::new() else { return };
        for range in all {
            let _ = highlight.add(range);
        }
        let _ = registry.set(name, &highlight);
    });
}
