//! The prerendered pages, measured in a real headless Chromium (`./dev bench` runs it after
//! making the builds it reads):
//!
//! - **Time to content**: from navigation until the episode's title and summary are painted
//!   (the largest contentful paint, which on both pages is text of the first paint), on
//!   Earmark's episode page and on a hand-written static HTML page of the same episode with
//!   the same stylesheet, which this benchmark writes. The network is throttled like a slow
//!   phone connection (1.6 Mbps, 150 ms latency), files are served uncompressed, the cache
//!   and any service worker are bypassed: every run is a first visit. Runs alternate between
//!   the two pages. Also: when the app is live (hydrated) and when search has answered a
//!   keystroke.
//! - **Catalogue scale**: the builds with 1, 30 and 300 synthetic episodes
//!   (`target/scale/dist-<n>`): wasm bytes, what a first visit to one episode page downloads
//!   (as `./dev size` counts it, brotli -q 11),
//!   files and bytes written, what the service worker precaches, build time, and start-up time
//!   (navigation until live, unthrottled).
//!
//! Figures, not assertions: the benchmark fails only when it cannot run.

#[cfg(not(target_arch = "wasm32"))]
#[allow(dead_code, unused_macros)]
#[path = "../tests/e2e/browser.rs"]
mod browser;
#[cfg(not(target_arch = "wasm32"))]
#[allow(dead_code)]
#[path = "../tests/e2e/server.rs"]
mod server;
#[cfg(not(target_arch = "wasm32"))]
#[path = "summary.rs"]
mod summary;
#[cfg(not(target_arch = "wasm32"))]
#[path = "../tests/support/mod.rs"]
mod support;

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    if let Err(message) = host::run() {
        eprintln!("pages benchmark: {message}");
        std::process::exit(1);
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod host {
    use std::path::{Path, PathBuf};
    use std::time::Duration;

    use serde_json::{json, Value};

    use earmark::core::model::Episode;
    use earmark::core::page::escape;

    use crate::browser::{Browser, Context, Driver, Options};
    use crate::server::{copy_dir, Server, Site};
    use crate::summary::record;
    use crate::support::{first_load, loaded, precache};

    const RUNS: usize = 15;
    const EPISODE: &str = "the-truth-about-deepseek";

    /// Installed before any page script: records paints, when the app is live, and nothing else.
    const PROBE: &str = "
        window.__lcp = 0;
        new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__lcp = e.startTime; })
          .observe({ type: 'largest-contentful-paint', buffered: true });
        new MutationObserver(() => {
          const root = document.getElementById('earmark');
          if (!window.__live && root && root.dataset.earmarkState === 'ready') window.__live = performance.now();
        }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-earmark-state'] });";

    /// The same episode as a hand-written static page with Earmark's stylesheet.
    fn static_page(episode: &Episode, css: &str) -> String {
        let mut html = format!(
            "<!doctype html><html lang=en><meta charset=utf-8><meta name=viewport content=\"width=device-width, initial-scale=1\"><title>{}</title><link rel=stylesheet href=\"../{css}\"><main class=\"earmark-root\"><article class=earmark>",
            escape(&episode.title)
        );
        html += &format!(
            "<header class=earmark-header><h1 class=earmark-title>{}</h1><p class=earmark-meta>{} · {}</p></header><section class=earmark-summary><p>{}</p></section><ul>",
            escape(&episode.title),
            escape(&episode.people.join(" & ")),
            episode.published.readable(),
            escape(&episode.summary)
        );
        for takeaway in &episode.takeaways {
            html += &format!("<li>{}</li>", escape(&takeaway.text));
        }
        html += "</ul>";
        for dive in &episode.deep_dives {
            html += &format!("<h3>{}</h3><p>{}</p>", escape(dive.heading.as_deref().unwrap_or_default()), escape(&dive.text));
        }
        html + "</article></main>"
    }

    fn top_level(dist: &Path, prefix: &str, suffix: &str) -> Result<String, String> {
        std::fs::read_dir(dist)
            .ctx("reading the build")?
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|name| name.starts_with(prefix) && name.ends_with(suffix))
            .ok_or(format!("no {prefix}*{suffix} in {}", dist.display()))
    }

    fn median(mut values: Vec<f64>) -> f64 {
        values.sort_by(f64::total_cmp);
        values.get(values.len() / 2).copied().unwrap_or(f64::NAN)
    }

    async fn first_visit(b: &Browser, url: &str, throttled: bool) -> Result<Value, String> {
        b.cdp("Network.enable", json!({})).await?;
        b.cdp("Network.setCacheDisabled", json!({ "cacheDisabled": true })).await?;
        b.cdp("Network.setBypassServiceWorker", json!({ "bypass": true })).await?;
        let conditions = if throttled {
            json!({ "offline": false, "latency": 150, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8 })
        } else {
            json!({ "offline": false, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 })
        };
        b.cdp("Network.emulateNetworkConditions", conditions).await?;
        b.client.goto(url).await.ctx(&format!("opening {url}"))?;
        b.until("the page has loaded", "document.readyState === 'complete' && window.__lcp > 0").await?;
        Ok(json!({ "lcp": b.js("return window.__lcp;").await? }))
    }

    /// Waits until the app is live, then types one key into the search and waits for its
    /// answer; the times are from navigation.
    async fn live_and_search(b: &Browser) -> Result<(f64, f64), String> {
        b.until("the app is live", "window.__live > 0").await?;
        let answered = b
            .client
            .execute_async(
                "const done = arguments[0];
                 const f = document.querySelector('input[type=search]');
                 f.value = 'a'; f.dispatchEvent(new InputEvent('input', { bubbles: true }));
                 const check = () => /of|No matches/.test(document.querySelector('.earmark-search-status').textContent)
                   ? done(performance.now()) : requestAnimationFrame(check);
                 check();",
                vec![],
            )
            .await
            .ctx("a keystroke")?;
        let live = b.js("return window.__live;").await?.as_f64().unwrap_or(f64::NAN);
        Ok((live, answered.as_f64().unwrap_or(f64::NAN)))
    }

    pub fn run() -> Result<(), String> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let dist = root.join("dist");
        let scale = root.join("target/scale");
        for dir in [dist.clone(), scale.join("dist-1"), scale.join("dist-30"), scale.join("dist-300")] {
            if !dir.join("index.html").is_file() {
                return Err(format!("no build in {}: run `./dev bench`", dir.display()));
            }
        }
        // A copy of the build with the static page beside it (the build itself stays as built).
        let site = root.join("target/bench/pages");
        let _ = std::fs::remove_dir_all(&site);
        copy_dir(&dist, &site).ctx("copying the build")?;
        let episodes = earmark::site::read_seeds(&root.join("seeds"))?;
        let episode = episodes.iter().find(|e| e.id == EPISODE).ok_or("no seed episode")?;
        let css = top_level(&dist, "earmark-", ".css")?;
        std::fs::create_dir_all(site.join("static")).ctx("a folder for the static page")?;
        std::fs::write(site.join("static/index.html"), static_page(episode, &css)).ctx("writing the static page")?;

        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".into());
        let driver = Driver::start(&chromedriver)?;
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ctx("tokio")?;
        runtime.block_on(async {
            let server = Server::start(Site { root: site.clone(), ..Site::default() }).ctx("starting the server")?;
            let b = Browser::open(&driver, &server.base, &chromium, &Options { width: Some(390), ..Options::default() }).await?;
            b.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": PROBE })).await?;
            let outcome = time_to_content(&b, &server.base).await;
            b.close().await;
            outcome?;
            catalogue_scale(&driver, &chromium, &scale).await
        })
    }

    async fn time_to_content(b: &Browser, base: &str) -> Result<(), String> {
        let (mut earmark, mut plain, mut live, mut search) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for _ in 0..RUNS {
            let page = first_visit(b, &format!("{base}/{EPISODE}/"), true).await?;
            earmark.push(page["lcp"].as_f64().unwrap_or(f64::NAN));
            let (at_live, at_answer) = live_and_search(b).await?;
            live.push(at_live);
            search.push(at_answer);
            let page = first_visit(b, &format!("{base}/static/"), true).await?;
            plain.push(page["lcp"].as_f64().unwrap_or(f64::NAN));
        }
        let (earmark, plain) = (median(earmark), median(plain));
        println!("\npages benchmark: time to content, {RUNS} alternating first visits each, 1.6 Mbps / 150 ms, uncompressed\n");
        println!("{:<44} {:>10}", "median, ms from navigation", "");
        println!("{:<44} {:>10.0}", "static HTML page: title and summary painted", plain);
        println!("{:<44} {:>10.0}", "Earmark episode page: title and summary painted", earmark);
        println!("{:<44} {:>10.2}x", "ratio (goal: at most 1.3x)", earmark / plain);
        let live = median(live);
        println!("{:<44} {:>10.0}", "Earmark: app live (hydrated)", live);
        println!("{:<44} {:>10.0}", "Earmark: search answered a keystroke", median(search));
        record("Time to content", "static page / Earmark page, median", &format!("{plain:.0} / {earmark:.0} ms ({:.2}x)", earmark / plain), "at most 1.3x");
        record("Time to content", "Earmark: app live, median", &format!("{live:.0} ms"), "");
        Ok(())
    }

    async fn catalogue_scale(driver: &Driver, chromium: &str, scale: &Path) -> Result<(), String> {
        println!("\npages benchmark: catalogue scale (target/scale/dist-<n>)\n");
        println!(
            "{:>9} {:>11} {:>12} {:>15} {:>8} {:>10} {:>15} {:>10} {:>12}",
            "episodes", "wasm bytes", "wasm brotli", "first load br.", "files", "written", "precache", "build s", "start-up ms"
        );
        for n in [1, 30, 300] {
            let dist = scale.join(format!("dist-{n}"));
            let catalogue: Value = serde_json::from_str(&std::fs::read_to_string(dist.join("episodes/index.json")).ctx("the catalogue")?).ctx("the catalogue")?;
            let first = catalogue["first"].as_str().ok_or("no first episode")?.to_string();
            // What `./dev size` counts: the episode's page and every file it leads to.
            let load = first_load(&dist, &format!("{first}/index.html"))?;
            let wasm = loaded(&load, "_bg.wasm").ok_or("a first visit loads no wasm")?;
            let (wasm_raw, wasm_brotli) = (wasm["raw"].as_u64().unwrap_or(0), wasm["brotli"].as_u64().unwrap_or(0));
            let load_brotli = load["total"]["brotli"].as_u64().unwrap_or(0);
            let (mut files, mut written) = (0u64, 0u64);
            let mut stack = vec![dist.clone()];
            while let Some(dir) = stack.pop() {
                for entry in std::fs::read_dir(&dir).ctx("reading the build")?.filter_map(Result::ok) {
                    if entry.path().is_dir() {
                        stack.push(entry.path());
                    } else {
                        files += 1;
                        written += entry.metadata().map(|m| m.len()).unwrap_or(0);
                    }
                }
            }
            let (_, list) = precache(&std::fs::read_to_string(dist.join("sw.js")).ctx("sw.js")?)?;
            let precache: u64 = list.iter().filter_map(|e| e["size"].as_u64()).sum();
            let build_ms: f64 = std::fs::read_to_string(scale.join(format!("dist-{n}.ms"))).ctx("the build time")?.trim().parse().unwrap_or(f64::NAN);

            let server = Server::start(Site { root: dist.clone(), ..Site::default() }).ctx("starting the server")?;
            let b = Browser::open(driver, &server.base, chromium, &Options::default()).await?;
            b.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": PROBE })).await?;
            let mut startup = Vec::new();
            for _ in 0..5 {
                first_visit(&b, &format!("{}/{first}/", server.base), false).await?;
                startup.push(live_and_search(&b).await?.0);
            }
            b.close().await;
            tokio::time::sleep(Duration::from_millis(50)).await;
            println!(
                "{n:>9} {wasm_raw:>11} {wasm_brotli:>12} {load_brotli:>15} {files:>8} {:>7} MB {:>6} files {:>3} KB {:>9.1} {:>12.0}",
                written / 1_000_000,
                list.len(),
                precache / 1024,
                build_ms / 1000.0,
                median(startup)
            );
            record(
                "Catalogue scale",
                &format!("{n} episodes: wasm bytes, first load brotli, build"),
                &format!("{wasm_raw} B, {load_brotli} B, {:.1} s", build_ms / 1000.0),
                "wasm the same for any n",
            );
        }
        println!("\nfirst load = what `./dev size` counts for the episode's page (the page and every file it leads to), brotli -q 11; build s = trunk build --release with the prerender step");
        Ok(())
    }
}
