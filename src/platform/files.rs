//! Files the reader saves (exports) and opens (imports).

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlInputElement, Url};

/// Offers `contents` as a download named `name`. Returns false when the browser refused.
pub fn save(name: &str, mime: &str, contents: &str) -> bool {
    let parts = js_sys::Array::of1(&contents.into());
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = Blob::new_with_str_sequence_and_options(&parts, &options) else { return false };
    let Ok(url) = Url::create_object_url_with_blob(&blob) else { return false };
    let document = gloo::utils::document();
    let Some(link) = document.create_element("a").ok().and_then(|a| a.dyn_into::<HtmlAnchorElement>().ok()) else {
        return false;
    };
    link.set_href(&url);
    link.set_download(name);
    link.click();
    // The download has started from the object URL; it can go once the click is handled.
    gloo::timers::callback::Timeout::new(10_000, move || {
        let _ = Url::revoke_object_url(&url);
    })
    .forget();
    true
}

/// The text of the first file chosen in a file input.
pub async fn read_chosen(input: &HtmlInputElement) -> Option<String> {
    let file = input.files()?.get(0)?;
    let text = JsFuture::from(file.text()).await.ok()?;
    text.as_string()
}
