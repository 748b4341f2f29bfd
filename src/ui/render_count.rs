//! How many times each component rendered: the tests that hold a keystroke, an opened section
//! or a new highlight to re-rendering only what changed read it (a re-render that changes no
//! DOM is invisible to a mutation observer, yet it is what made a keystroke cost 27 ms instead
//! of 1.4).
//!
//! Counted only when built with the `render-count` feature (`./dev test` builds the component
//! tests so); otherwise [`count`] is empty and compiles to nothing.

#[cfg(feature = "render-count")]
use std::cell::RefCell;
#[cfg(feature = "render-count")]
use std::collections::BTreeMap;

#[cfg(feature = "render-count")]
thread_local!(static COUNTS: RefCell<BTreeMap<&'static str, u32>> = const { RefCell::new(BTreeMap::new()) });

/// Notes one render of the component `name`; every component calls it first thing.
#[inline(always)]
pub fn count(name: &'static str) {
    #[cfg(feature = "render-count")]
    COUNTS.with_borrow_mut(|counts| *counts.entry(name).or_default() += 1);
    #[cfg(not(feature = "render-count"))]
    let _ = name;
}

/// The renders counted since the last call, by component, and a fresh start.
#[cfg(feature = "render-count")]
pub fn take() -> BTreeMap<&'static str, u32> {
    COUNTS.with_borrow_mut(std::mem::take)
}

/// The renders counted since the last call, as a plain object `{ component: renders }`, for the
/// end-to-end test that drives a release build made with the feature (`./dev test` makes one,
/// with the long synthetic episode, in `target/counted`).
#[cfg(all(feature = "render-count", target_arch = "wasm32"))]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn render_counts() -> wasm_bindgen::JsValue {
    let counts = js_sys::Object::new();
    for (name, renders) in take() {
        let _ = js_sys::Reflect::set(&counts, &name.into(), &renders.into());
    }
    counts.into()
}
