//! The service worker of a build (`sw.js`): `loader/sw.js` with the precache list and a cache
//! name that changes when any file of the build does, and only then; and the check that every
//! page of the build keeps a strict Content-Security-Policy.
//!
//! The design decision: this runs last in the prerender step, in Rust, so that the two ways of
//! making a site (Trunk's post-build hook, and the `earmark` command, which has neither Node
//! nor Trunk) write the very same worker. The precache list is the app itself: every file of
//! the build but the per-episode pages, the per-insight pages and the episodes' JSON, each with
//! a revision (a hash of its content) and its size. Those grow with the catalogue (three
//! hundred episodes make thousands of pages), so the worker caches them as the reader visits
//! them instead (see `loader/sw.js`).

use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The worker's source, with `__EARMARK_CACHE__` and `__EARMARK_PRECACHE__` to fill in.
pub const WORKER_TEMPLATE: &str = include_str!("../loader/sw.js");

/// The first 16 hex digits of the SHA-256 of `bytes`: a file's revision, and the cache name's.
pub fn revision(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().take(8).map(|byte| format!("{byte:02x}")).collect()
}

/// Every file under `dir`, as paths relative to it with `/` between folders, sorted.
pub fn files(dir: &Path) -> Result<Vec<String>, String> {
    fn walk(dir: &Path, into: &mut Vec<PathBuf>) -> Result<(), String> {
        let entries = std::fs::read_dir(dir).map_err(|error| format!("cannot read {}: {error}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|error| format!("cannot read {}: {error}", dir.display()))?.path();
            if path.is_dir() {
                walk(&path, into)?;
            } else {
                into.push(path);
            }
        }
        Ok(())
    }
    let mut paths = Vec::new();
    walk(dir, &mut paths)?;
    let mut urls: Vec<String> = paths
        .iter()
        .filter_map(|path| path.strip_prefix(dir).ok())
        .map(|path| path.components().map(|part| part.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"))
        .collect();
    urls.sort();
    Ok(urls)
}

/// Whether `url` (relative to the build's root) is part of the app rather than the catalogue.
pub fn precached(url: &str) -> bool {
    if url == "sw.js" || url == "sitemap.xml" {
        return false;
    }
    if let Some(rest) = url.strip_prefix("episodes/") {
        return rest == "index.html" || rest == "index.json";
    }
    // Episode pages (<episode>/index.html) and insight pages (<episode>/<insight>/index.html).
    !url.ends_with("/index.html")
}

/// One precached file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    pub url: String,
    pub revision: String,
    pub size: u64,
}

/// What [`write_service_worker`] wrote.
#[derive(Debug)]
pub struct Written {
    pub cache_name: String,
    pub entries: Vec<Entry>,
    /// The pages and episodes left to be cached as they are visited.
    pub visited: usize,
}

/// The precache list and cache name of `dir`, and `sw.js` written into it.
pub fn write_service_worker(dir: &Path) -> Result<Written, String> {
    let mut all = Vec::new();
    for url in files(dir)?.into_iter().filter(|url| url != "sw.js") {
        let path = dir.join(&url);
        let bytes = std::fs::read(&path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        all.push(Entry { revision: revision(&bytes), size: bytes.len() as u64, url });
    }
    let lines: Vec<String> = all.iter().map(|entry| format!("{} {}", entry.url, entry.revision)).collect();
    let cache_name = format!("earmark-{}", revision(lines.join("\n").as_bytes()));
    let visited = all.iter().filter(|entry| !precached(&entry.url)).count();
    let entries: Vec<Entry> = all.into_iter().filter(|entry| precached(&entry.url)).collect();
    let list = serde_json::to_string_pretty(&entries).map_err(|error| error.to_string())?;
    let worker = WORKER_TEMPLATE
        .replacen("\"__EARMARK_CACHE__\"", &serde_json::to_string(&cache_name).map_err(|error| error.to_string())?, 1)
        .replacen("__EARMARK_PRECACHE__", &list, 1);
    let path = dir.join("sw.js");
    std::fs::write(&path, worker).map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    Ok(Written { cache_name, entries, visited })
}

/// Why `html` would break under a strict Content-Security-Policy (`script-src 'self'`,
/// `style-src 'self'`, no `'unsafe-inline'`), if it would: an inline script, a style attribute
/// or an event-handler attribute. Data blocks (`application/json`, `application/ld+json`) are
/// no scripts, and the policy allows them.
pub fn csp_problem(html: &str) -> Option<&'static str> {
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        // Comments, doctypes and end tags carry no attributes.
        if rest.starts_with("!--") {
            rest = rest.find("-->").map_or("", |end| &rest[end + 3..]);
            continue;
        }
        if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        let (name, attributes, after) = tag(rest);
        if name.eq_ignore_ascii_case("script") {
            let names: Vec<String> = attributes.iter().map(|(name, _)| name.to_ascii_lowercase()).collect();
            let data = attributes.iter().any(|(name, value)| {
                name.eq_ignore_ascii_case("type") && matches!(value.as_deref(), Some("application/json" | "application/ld+json"))
            });
            if !names.iter().any(|name| name == "src") && !data {
                return Some("an inline script");
            }
            // A script's text is no markup: skip to its end tag.
            rest = after.find("</script").map_or("", |end| &after[end..]);
            continue;
        }
        for (name, _) in &attributes {
            let name = name.to_ascii_lowercase();
            if name == "style" {
                return Some("a style attribute");
            }
            if name.len() > 2 && name.starts_with("on") && name[2..].bytes().all(|b| b.is_ascii_lowercase()) {
                return Some("an event-handler attribute");
            }
        }
        rest = after;
    }
    None
}

/// A start tag's name and attributes (values unquoted), and the text after it; `text` starts
/// just after the `<`. Values are skipped as values, so text about `onerror=` inside a
/// description is not taken for an attribute.
fn tag(text: &str) -> (&str, Vec<(&str, Option<&str>)>, &str) {
    let end_of_name = text.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(text.len());
    let name = &text[..end_of_name];
    let mut rest = &text[end_of_name..];
    let mut attributes = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return (name, attributes, rest);
        }
        if let Some(after) = rest.strip_prefix('>') {
            return (name, attributes, after);
        }
        let end = rest.find(|c: char| c.is_whitespace() || c == '=' || c == '>').unwrap_or(rest.len());
        let attribute = &rest[..end];
        rest = rest[end..].trim_start();
        let mut value = None;
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (found, remaining) = match after.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let inner = &after[1..];
                    let close = inner.find(quote).unwrap_or(inner.len());
                    (&inner[..close], inner.get(close + 1..).unwrap_or(""))
                }
                _ => {
                    let close = after.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(after.len());
                    (&after[..close], &after[close..])
                }
            };
            value = Some(found);
            rest = remaining;
        }
        if attribute.is_empty() {
            // A stray character: step over it rather than loop.
            rest = rest.get(1..).unwrap_or("");
            continue;
        }
        attributes.push((attribute, value));
    }
}

/// Checks every page of the build in `dir` (see [`csp_problem`]).
pub fn check_pages(dir: &Path) -> Result<(), String> {
    for url in files(dir)?.iter().filter(|url| url.ends_with(".html")) {
        let path = dir.join(url);
        let html = std::fs::read_to_string(&path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
        if let Some(problem) = csp_problem(&html) {
            return Err(format!("{url} has {problem}: it would break under a strict Content-Security-Policy"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_precached() {
        for (url, expected) in [
            ("index.html", true),
            ("earmark-0123.wasm", true),
            ("icons/icon-192.png", true),
            ("episodes/index.html", true),
            ("episodes/index.json", true),
            ("episodes/one.json", false),
            ("episodes/one.transcript.json", false),
            ("one/index.html", false),
            ("one/insight/index.html", false),
            ("sw.js", false),
            ("sitemap.xml", false),
        ] {
            assert_eq!(precached(url), expected, "{url}");
        }
    }

    #[test]
    fn revisions_are_sha256_prefixes() {
        assert_eq!(revision(b""), "e3b0c44298fc1c14");
        assert_eq!(revision(b"abc"), "ba7816bf8f01cfea");
    }

    #[test]
    fn pages_that_would_break_a_strict_policy() {
        let cases = [
            (r#"<script src="./page.js"></script>"#, None),
            (r#"<script type="application/json" id="earmark-data">{"a":"<b onclick=x>"}</script>"#, None),
            (r#"<script type="application/ld+json">{}</script>"#, None),
            ("<script>alert(1)</script>", Some("an inline script")),
            (r#"<script type="module">x</script>"#, Some("an inline script")),
            (r#"<p style="color: red">x</p>"#, Some("a style attribute")),
            (r#"<img src=x onerror=alert(1)>"#, Some("an event-handler attribute")),
            (r#"<meta content="onerror= is text here" name="description">"#, None),
            ("<!-- <p style=x> --><p>ok</p>", None),
            (r#"<button data-on="x" type="button">a</button>"#, None),
        ];
        for (html, expected) in cases {
            assert_eq!(csp_problem(html), expected, "{html}");
        }
    }
}
