//! The CSS Custom Highlight API: painting text ranges without adding DOM nodes.
//!
//! web-sys has the API only behind `web_sys_unstable_apis`, so the three members Earmark uses
//! are bound here. Every call that a browser without the API would reject is `catch`ed, and
//! [`supported`] tells the UI whether to fall back to `<mark>` elements.

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

/// Paints `ranges` under the highlight `name` (styled by `::highlight(name)`), replacing what
/// was painted under that name before. Nothing painted when the list is empty.
pub fn paint(name: &str, ranges: impl IntoIterator<Item = AbstractRange>) {
    let Some(registry) = registry() else { return };
    let mut ranges = ranges.into_iter().peekable();
    if ranges.peek().is_none() {
        let _ = registry.delete(name);
        return;
    }
    let Ok(highlight) = Highlight::new() else { return };
    for range in ranges {
        let _ = highlight.add(&range);
    }
    let _ = registry.set(name, &highlight);
}
