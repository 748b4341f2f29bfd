//! The release build as files: the web app manifest and its icons, the service worker and its
//! precache list, and the rule that a cache name changes exactly when the build does.
//!
//! Needs the release build (`EARMARK_DIST`, default `dist`, made by `./dev test`) and Node.js
//! for the build scripts, as the build itself does.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

mod support;

use support::{dist, root};

/// Every file under `dir`, as paths relative to it with `/`.
fn files(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(relative);
            }
        }
    }
    out
}

/// The precache list written into a `sw.js`, and its cache name.
fn precache(sw: &str) -> (String, Vec<Value>) {
    support::precache(sw).unwrap_or_else(|e| panic!("{e}"))
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    assert_eq!(&bytes[12..16], b"IHDR", "no IHDR chunk first");
    let number = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    (number(16), number(20))
}

#[test]
fn the_manifest_has_every_field_and_its_icons_are_the_size_they_say() {
    let dist = dist();
    let html = std::fs::read_to_string(dist.join("index.html")).unwrap();
    assert!(html.contains(r#"<link rel="manifest" href="./manifest.webmanifest""#), "index.html does not link the manifest");
    assert!(html.contains(r##"name="theme-color" content="#151413" media="(prefers-color-scheme: dark)""##), "no dark theme-color");
    let manifest: Value = serde_json::from_str(&std::fs::read_to_string(dist.join("manifest.webmanifest")).unwrap()).unwrap();
    for field in ["id", "name", "short_name", "description", "start_url", "scope", "display", "theme_color", "background_color"] {
        assert!(manifest[field].as_str().is_some_and(|v| !v.is_empty()), "the manifest lacks {field}");
    }
    assert_eq!(manifest["display"], "standalone");
    // Relative, so that the build works from any folder.
    assert_eq!((manifest["start_url"].as_str(), manifest["scope"].as_str()), (Some("./"), Some("./")));
    // The light theme's background (style/earmark.css: --earmark-bg).
    assert_eq!(manifest["theme_color"], "#fbfaf7");
    let icons = manifest["icons"].as_array().expect("icons");
    let mut sizes = BTreeSet::new();
    for icon in icons {
        let src = icon["src"].as_str().unwrap();
        let (width, height) = png_size(&std::fs::read(dist.join(src)).unwrap_or_else(|e| panic!("{src}: {e}")));
        assert_eq!(icon["sizes"].as_str(), Some(format!("{width}x{height}").as_str()), "{src} is {width}x{height}");
        assert_eq!(icon["type"], "image/png");
        sizes.insert((width, icon["purpose"].as_str().unwrap_or("any").to_string()));
    }
    for wanted in [(192, "any"), (512, "any"), (512, "maskable")] {
        assert!(sizes.contains(&(wanted.0, wanted.1.to_string())), "no {wanted:?} icon: {sizes:?}");
    }
}

#[test]
fn the_committed_icons_are_what_the_svg_renders_to() {
    let status = Command::new("node").arg(root().join("scripts/icons.mjs")).arg("--check").status().expect("node");
    assert!(status.success(), "assets/icons/ is stale: run `./dev icons`");
}

#[test]
fn the_worker_is_javascript_and_precaches_exactly_the_build() {
    let dist = dist();
    let sw = std::fs::read_to_string(dist.join("sw.js")).unwrap();
    assert!(!sw.trim_start().starts_with('<'), "sw.js is HTML, not JavaScript");
    assert!(sw.contains("self.addEventListener(\"fetch\""), "sw.js handles no fetch");
    let (cache, list) = precache(&sw);
    assert!(cache.starts_with("earmark-"), "{cache}");
    let listed: BTreeSet<String> = list.iter().map(|e| e["url"].as_str().unwrap().to_string()).collect();
    let mut present = files(&dist);
    present.remove("sw.js");
    // The app is precached; what grows with the catalogue (episode and insight pages, the
    // episodes' JSON, the sitemap) is cached as the reader visits it.
    let grows = |path: &String| match path.strip_prefix("episodes/") {
        Some(rest) => rest != "index.html" && rest != "index.json",
        None => path.ends_with("/index.html") || path == "sitemap.xml",
    };
    let app: BTreeSet<String> = present.iter().filter(|path| !grows(path)).cloned().collect();
    assert_eq!(listed, app, "the precache list and the app's files in dist/ differ");
    for needed in ["index.html", "episodes/index.html", "episodes/index.json", "embed.js", "manifest.webmanifest"] {
        assert!(listed.contains(needed), "{needed} is not precached");
    }
    assert!(present.iter().filter(|path| grows(path)).count() >= 20, "dist/ has no pages per episode and insight");
    for entry in &list {
        let url = entry["url"].as_str().unwrap();
        let size = std::fs::metadata(dist.join(url)).unwrap().len();
        assert_eq!(entry["size"].as_u64(), Some(size), "{url}");
        assert_eq!(entry["revision"].as_str().map(str::len), Some(16), "{url}");
    }
    // Every file the page loads is named by its content (nothing unhashed to go stale).
    let html = std::fs::read_to_string(dist.join("index.html")).unwrap();
    assert!(!html.contains("page.js\""), "index.html loads an unhashed page.js");
}

/// Runs the precache step (the prerender step's last) on a small build and returns its cache
/// name, as written into its `sw.js`.
fn cache_name_of(dir: &Path) -> String {
    let written = earmark::precache::write_service_worker(dir).unwrap_or_else(|error| panic!("{error}"));
    let cache = precache(&std::fs::read_to_string(dir.join("sw.js")).unwrap()).0;
    assert_eq!(cache, written.cache_name, "sw.js names another cache than the step reported");
    cache
}

#[test]
fn the_cache_name_changes_exactly_when_a_file_does() {
    let scratch = root().join("target/build-test");
    let _ = std::fs::remove_dir_all(&scratch);
    let build = |name: &str, css: &str| {
        let dir = scratch.join(name);
        std::fs::create_dir_all(dir.join("icons")).unwrap();
        std::fs::write(dir.join("index.html"), "<!doctype html><title>x</title>").unwrap();
        std::fs::write(dir.join("earmark-0a.css"), css).unwrap();
        std::fs::write(dir.join("icons/icon-192.png"), b"not really a png").unwrap();
        dir
    };
    let first = cache_name_of(&build("a", ".x { color: #8a3b12 }"));
    // Built again without changes, and the precache step run twice over the same folder.
    let again = build("b", ".x { color: #8a3b12 }");
    assert_eq!(cache_name_of(&again), first, "the same files gave another cache name");
    assert_eq!(cache_name_of(&again), first, "running the step twice changed the cache name");
    // One byte of the CSS.
    let changed = cache_name_of(&build("c", ".x { color: #8a3b13 }"));
    assert_ne!(changed, first, "a changed stylesheet kept the cache name");
    let sw = std::fs::read_to_string(scratch.join("c/sw.js")).unwrap();
    let (_, list) = precache(&sw);
    let urls: Vec<&str> = list.iter().filter_map(|e| e["url"].as_str()).collect();
    assert_eq!(urls, ["earmark-0a.css", "icons/icon-192.png", "index.html"]);

    // An episode's page is not precached, but a new version of it is a new build all the same.
    let with_page = |name: &str, text: &str| {
        let dir = build(name, ".x { color: #8a3b12 }");
        std::fs::create_dir_all(dir.join("an-episode")).unwrap();
        std::fs::write(dir.join("an-episode/index.html"), text).unwrap();
        cache_name_of(&dir)
    };
    let page = with_page("d", "<p>one</p>");
    assert_ne!(page, first, "a new episode page kept the cache name");
    assert_ne!(with_page("e", "<p>two</p>"), page, "a changed episode page kept the cache name");
    let (_, list) = precache(&std::fs::read_to_string(scratch.join("e/sw.js")).unwrap());
    assert!(list.iter().all(|e| e["url"] != "an-episode/index.html"), "an episode page was precached");
}

/// The wasm's size and the total size in bytes of what a first visit to `page` downloads (as
/// `./dev size` counts it: the page and every file it leads to).
fn first_load(dist: &Path, page: &str) -> (u64, u64) {
    let load = support::first_load(dist, page).unwrap_or_else(|e| panic!("{e}"));
    let wasm = support::loaded(&load, "_bg.wasm").and_then(|row| row["raw"].as_u64()).expect("a first visit loads the wasm");
    (wasm, load["total"]["raw"].as_u64().expect("a total"))
}

#[test]
fn the_wasm_and_a_first_visit_do_not_grow_with_the_catalogue() {
    let scale = std::env::var_os("EARMARK_SCALE").map(PathBuf::from).unwrap_or_else(|| root().join("target/scale"));
    let (one, many) = (scale.join("dist-1"), scale.join("dist-300"));
    assert!(one.is_dir() && many.is_dir(), "no builds with 1 and 300 episodes in {}: run `./dev test`", scale.display());
    let catalogue: Value = serde_json::from_str(&std::fs::read_to_string(many.join("episodes/index.json")).unwrap()).unwrap();
    assert_eq!(catalogue["episodes"].as_array().map(Vec::len), Some(300), "the large build does not have 300 episodes");
    // Episode 1 is in both builds: its page is the one a reader opens.
    let id = catalogue["first"].as_str().unwrap();
    let page = format!("{id}/index.html");
    let (wasm_one, load_one) = first_load(&one, &page);
    let (wasm_many, load_many) = first_load(&many, &page);
    assert!(wasm_many.abs_diff(wasm_one) <= 1024, "the wasm is {wasm_one} bytes with 1 episode, {wasm_many} with 300");
    assert!(load_many.abs_diff(load_one) <= 1024, "a first visit is {load_one} bytes with 1 episode, {load_many} with 300");
}
