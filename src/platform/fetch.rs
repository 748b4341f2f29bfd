//! Fetching the build's JSON files (an episode, the catalogue) from where the app was loaded.
//!
//! Written on `fetch` directly rather than with `gloo-net`: Earmark makes one kind of request
//! (a GET whose body is text) and tells two failures apart, which is a dozen lines here and
//! several kilobytes of wasm there.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::Response;

use crate::core::state::LoadError;

/// The body of `url` as text; `Missing` when the server answers 404 (or 410), `Unavailable`
/// for no answer or another error status (the network or the server failed).
pub async fn text(url: &str) -> Result<String, LoadError> {
    let window = web_sys::window().ok_or(LoadError::Unavailable)?;
    let response = JsFuture::from(window.fetch_with_str(url)).await.map_err(|_| LoadError::Unavailable)?;
    let response: Response = response.dyn_into().map_err(|_| LoadError::Unavailable)?;
    match response.status() {
        200..=299 => {}
        404 | 410 => return Err(LoadError::Missing),
        _ => return Err(LoadError::Unavailable),
    }
    let body = response.text().map_err(|_| LoadError::Unavailable)?;
    JsFuture::from(body).await.ok().and_then(|text| text.as_string()).ok_or(LoadError::Unavailable)
}
