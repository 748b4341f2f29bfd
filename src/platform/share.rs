//! The Web Share API, where the browser has it.

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// How a share ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shared {
    /// The system share sheet took it.
    Done,
    /// The reader closed the share sheet.
    Cancelled,
    /// No Web Share here (most desktop browsers): copy instead.
    Unavailable,
}

/// Shares `url` with `title` through the system share sheet.
pub async fn share(url: &str, title: &str) -> Shared {
    let Some(window) = web_sys::window() else { return Shared::Unavailable };
    let navigator: JsValue = window.navigator().into();
    let Ok(share) = Reflect::get(&navigator, &"share".into()) else { return Shared::Unavailable };
    let Some(share) = share.dyn_ref::<js_sys::Function>() else { return Shared::Unavailable };
    let data = Object::new();
    let _ = Reflect::set(&data, &"url".into(), &url.into());
    let _ = Reflect::set(&data, &"title".into(), &title.into());
    let Ok(promise) = share.call1(&navigator, &data) else { return Shared::Unavailable };
    match JsFuture::from(js_sys::Promise::from(promise)).await {
        Ok(_) => Shared::Done,
        Err(error) => {
            let name = Reflect::get(&error, &"name".into()).ok().and_then(|n| n.as_string());
            if name.as_deref() == Some("AbortError") { Shared::Cancelled } else { Shared::Unavailable }
        }
    }
}
