//! The page URL: which episode the reader asked for, and the search kept in `?q=`.

use web_sys::{Url, UrlSearchParams};

/// The value of a query parameter of the page URL, if there is one.
pub fn param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    UrlSearchParams::new_with_str(&search).ok()?.get(name)
}

/// The value of `?episode=` in the page URL.
pub fn episode_param() -> Option<String> {
    param("episode")
}

/// Sets (or, for `None` or an empty value, removes) a query parameter of the page URL in
/// place: the history entry is replaced, not added, so typing does not fill the back button.
pub fn replace_param(name: &str, value: Option<&str>) {
    let Some(window) = web_sys::window() else { return };
    let Ok(href) = window.location().href() else { return };
    let Ok(url) = Url::new(&href) else { return };
    let params = url.search_params();
    let value = value.filter(|value| !value.is_empty());
    if params.get(name).as_deref() == value {
        return;
    }
    match value {
        Some(value) => params.set(name, value),
        None => params.delete(name),
    }
    url.set_search(&String::from(params.to_string()));
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url.href()));
    }
}

/// Every value of a query parameter of the page URL, in order.
pub fn params(name: &str) -> Vec<String> {
    let Some(search) = web_sys::window().and_then(|window| window.location().search().ok()) else { return Vec::new() };
    let Ok(params) = UrlSearchParams::new_with_str(&search) else { return Vec::new() };
    params.get_all(name).iter().filter_map(|value| value.as_string()).collect()
}
