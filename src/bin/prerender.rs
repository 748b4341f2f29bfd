//! The build's prerender step, run by Trunk's post-build hook (`scripts/post-build.mjs`) on
//! Trunk's staging folder:
//!
//! ```text
//! prerender <build folder>
//! ```
//!
//! It parses every episode of `seeds/` (or `EARMARK_SEEDS_DIR`) and writes the static site
//! into the folder: see `earmark::site`. `EARMARK_SITE_URL` (the absolute address the build is
//! served from) adds absolute `og:url`s and `sitemap.xml`; `EARMARK_SERIES` names the podcast;
//! `EARMARK_INSIGHT_PAGES=off` writes no page per insight. Last it checks every page against a
//! strict Content-Security-Policy and writes the service worker (`earmark::precache`).
//! A broken episode fails the build with its file name, line and what was expected.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::path::PathBuf;

    use earmark::core::page::Site;
    use earmark::{precache, site};

    fn fail(message: &str) -> ! {
        eprintln!("prerender: error: {message}");
        std::process::exit(1);
    }

    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else { fail("usage: prerender <build folder>") };
    let seeds = std::env::var_os("EARMARK_SEEDS_DIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("seeds"));
    let setting = |name: &str| std::env::var(name).ok();
    let site = Site::new(setting("EARMARK_SITE_URL").as_deref(), setting("EARMARK_SERIES").as_deref())
        .unwrap_or_else(|error| fail(&format!("EARMARK_SITE_URL: {error}")));
    let started = std::time::Instant::now();
    let episodes = site::read_seeds(&seeds).unwrap_or_else(|error| fail(&error));
    let template_path = dir.join("index.html");
    let template = std::fs::read_to_string(&template_path).unwrap_or_else(|error| fail(&format!("{}: {error}", template_path.display())));
    // Off for catalogues of very long episodes, where a page per insight would copy a long
    // episode hundreds of times (the benchmark's 1,500-section episode).
    let insight_pages = match setting("EARMARK_INSIGHT_PAGES").as_deref().map(str::trim) {
        None | Some("" | "1" | "on" | "yes") => true,
        Some("0" | "off" | "no") => false,
        Some(other) => fail(&format!("EARMARK_INSIGHT_PAGES: expected on or off, found {other:?}")),
    };
    let files = site::build(&template, &episodes, &site, insight_pages).unwrap_or_else(|error| fail(&error));
    site::write(&dir, &files).unwrap_or_else(|error| fail(&error));
    // Last, when every other file is in place: the pages checked against a strict
    // Content-Security-Policy, then the service worker with its precache list.
    precache::check_pages(&dir).unwrap_or_else(|error| fail(&error));
    let worker = precache::write_service_worker(&dir).unwrap_or_else(|error| fail(&error));
    let bytes: usize = files.iter().map(|file| file.contents.len()).sum();
    println!(
        "prerender: {} episodes, {} files ({} KB) in {:.1} s{}",
        episodes.len(),
        files.len(),
        bytes / 1024,
        started.elapsed().as_secs_f64(),
        site.url.as_deref().map(|url| format!(", for {url}")).unwrap_or_default()
    );
    let kilobytes = worker.entries.iter().map(|entry| entry.size).sum::<u64>() / 1024;
    println!(
        "prerender: sw.js precaches {} files ({kilobytes} KB) as {}; {} pages and episodes are cached as visited",
        worker.entries.len(),
        worker.cache_name,
        worker.visited
    );
    if site.url.is_none() {
        println!("prerender: note: no EARMARK_SITE_URL, so no canonical links, og:url or sitemap (README, \"Episodes\")");
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
