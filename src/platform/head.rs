//! The document's `<head>`: what the build wrote there about the page, read back, and the
//! values of another episode written into the same tags.
//!
//! Only tags the build wrote are changed, never added: a build without a site address has no
//! canonical link, and showing another episode must not invent one.

use web_sys::{Document, Element};

use crate::core::page::{Head, Site};
use crate::platform::trusted;

fn document() -> Option<Document> {
    web_sys::window()?.document()
}

fn element(document: &Document, selector: &str) -> Option<Element> {
    document.query_selector(selector).ok().flatten()
}

/// The site this page was built for, read from its canonical link and `og:site_name`;
/// `episode` is the id of the episode the page was built for.
pub fn site(episode: &str) -> Site {
    let Some(document) = document() else { return Site::default() };
    let read = |selector: &str, attribute: &str| element(&document, selector).and_then(|e| e.get_attribute(attribute));
    let canonical = read("link[rel=canonical]", "href");
    let series = read("meta[property='og:site_name']", "content");
    Site::of_page(canonical.as_deref(), episode, series.as_deref())
}

/// What the page's tags say now, to be written back later.
pub fn read() -> Head {
    let document = document();
    let read = |selector: &str, attribute: &str| {
        let found = document.as_ref().and_then(|document| element(document, selector));
        found.and_then(|element| element.get_attribute(attribute))
    };
    Head {
        title: document.as_ref().map(Document::title).unwrap_or_default(),
        description: read("meta[name=description]", "content").unwrap_or_default(),
        canonical: read("link[rel=canonical]", "href"),
        og_url: read("meta[property='og:url']", "content"),
        og_title: read("meta[property='og:title']", "content").unwrap_or_default(),
        og_description: read("meta[property='og:description']", "content").unwrap_or_default(),
        published: read("meta[property='article:published_time']", "content"),
        json_ld: document
            .as_ref()
            .and_then(|document| element(document, "script[type='application/ld+json']"))
            .and_then(|script| script.text_content()),
    }
}

/// Writes `head` into the page's tags.
pub fn write(head: &Head) {
    let Some(document) = document() else { return };
    document.set_title(&head.title);
    let set = |selector: &str, attribute: &str, value: Option<&str>| {
        if let (Some(element), Some(value)) = (element(&document, selector), value) {
            let _ = element.set_attribute(attribute, value);
        }
    };
    set("meta[name=description]", "content", Some(&head.description));
    set("link[rel=canonical]", "href", head.canonical.as_deref());
    set("meta[property='og:url']", "content", head.og_url.as_deref());
    set("meta[property='og:title']", "content", Some(&head.og_title));
    set("meta[property='og:description']", "content", Some(&head.og_description));
    set("meta[name='twitter:title']", "content", Some(&head.og_title));
    set("meta[name='twitter:description']", "content", Some(&head.og_description));
    set("meta[property='article:published_time']", "content", head.published.as_deref());
    // Under `require-trusted-types-for 'script'` a script element's text takes only a
    // `TrustedScript`, even for a data block that never runs: the app's policy makes one for
    // JSON-LD and nothing else.
    let script = element(&document, "script[type='application/ld+json']");
    if let (Some(script), Some(json)) = (script, head.json_ld.as_deref().and_then(trusted::json_ld)) {
        let _ = js_sys::Reflect::set(&script, &"text".into(), &json);
    }
}

/// Sets only the document's title (a page that shows no episode).
pub fn write_title(title: &str) {
    if let Some(document) = document() {
        document.set_title(title);
    }
}
