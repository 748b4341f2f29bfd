//! The clipboard: copying text, and saying whether it worked so that the UI can offer the text
//! to copy by hand instead.

use wasm_bindgen_futures::JsFuture;

/// Copies `text`; `Err(())` when the browser refused (no permission, insecure page, no API).
pub async fn copy(text: &str) -> Result<(), ()> {
    let navigator = web_sys::window().ok_or(())?.navigator();
    let clipboard = navigator.clipboard();
    if clipboard.is_undefined() {
        return Err(());
    }
    JsFuture::from(clipboard.write_text(text)).await.map(|_| ()).map_err(|_| ())
}
