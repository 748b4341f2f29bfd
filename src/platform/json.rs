//! Rust values to and from plain JavaScript objects (event details, messages, the host API's
//! results), through JSON text and the browser's own `JSON`.
//!
//! Design decision: JSON text rather than serde-wasm-bindgen's direct conversion. The app needs
//! serde_json anyway (episode files, stored documents, the JSON export), and a second serde
//! format would instantiate every type's (de)serializer a second time in the wasm. Parsing a few
//! hundred bytes of text costs microseconds, and these values cross once per event or message.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// `value` as a plain object, or `null` if it cannot be written (it always can: our types hold
/// only strings, numbers and their arrays and maps).
pub fn to_js(value: &impl Serialize) -> JsValue {
    serde_json::to_string(value).ok().and_then(|text| js_sys::JSON::parse(&text).ok()).unwrap_or(JsValue::NULL)
}

/// A value sent by other code (a `postMessage`) as `T`; `None` for anything else, including
/// what JSON cannot hold (a cycle, a BigInt, a function).
pub fn from_js<T: DeserializeOwned>(value: &JsValue) -> Option<T> {
    let text = js_sys::JSON::stringify(value).ok()?.as_string()?;
    serde_json::from_str(&text).ok()
}

/// `{ seconds }` for a time in milliseconds: a JavaScript number, with its fraction, made by
/// JavaScript (the wasm formats no floats). The detail of `earmark:seek`, and what a frame's
/// seek message carries.
pub fn seconds(ms: u64) -> JsValue {
    let object = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&object, &"seconds".into(), &JsValue::from_f64(ms as f64 / 1000.0));
    object.into()
}
