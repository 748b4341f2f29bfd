//! The page URL: which episode the reader asked for.

use web_sys::UrlSearchParams;

/// The value of `?episode=` in the page URL, if there is one.
pub fn episode_param() -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    UrlSearchParams::new_with_str(&search).ok()?.get("episode")
}

/// The address of the page with `?episode=<slug>`, for links between episodes.
pub fn episode_href(slug: &str) -> String {
    let params = UrlSearchParams::new().ok();
    match params {
        Some(params) => {
            params.set("episode", slug);
            format!("?{}", String::from(params.to_string()))
        }
        None => String::from("?"),
    }
}
