//! Offline reading, as a listener on a plane meets it: one visit online, then the server gone
//! (it closes every connection unanswered) and the page reloaded; and updates, with a changed
//! build put on the server while the old one is open.
//!
//! Each scenario serves its own copy of the build on its own port (its own origin), so that
//! its service worker and caches are its own.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::json;

use crate::browser::{Browser, Context, Options, Outcome};
use crate::check;
use crate::host::{Env, Scenario};
use crate::reading::{expect_open, EPISODE, EXPORT};
use crate::server::{copy_dir, Server, Site, STRICT_CSP};
use crate::with_browser;

const SECURITY: &str = "widgets-that-behave-security-for-the-embedded-web";

pub fn scenarios() -> Vec<(&'static str, Scenario)> {
    vec![
        ("offline_after_one_visit_reads_searches_highlights_links_and_exports", |env| Box::pin(after_one_visit(env))),
        ("offline_update_waits_for_reload_and_never_mixes_versions", |env| Box::pin(update(env))),
        ("offline_from_a_sub_folder_scope_and_start_url_are_that_folder", |env| Box::pin(sub_folder(env))),
        ("offline_installable_as_chromium_judges_it", |env| Box::pin(installable(env))),
    ]
}

/// A fresh folder under target/ for one scenario.
pub fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/e2e-scratch").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch folder under target/");
    dir
}

/// A copy of the build served on its own origin, as a widget host would serve it.
pub fn serve_copy(env: &Env, name: &str, prefix: &str) -> Result<(Server, PathBuf), String> {
    let root = scratch(name).join("v1");
    copy_dir(&env.dist, &root).ctx("copying the build")?;
    let site = Site { root: root.clone(), csp: Some(STRICT_CSP.into()), cors: true, prefix: prefix.into(), ..Site::default() };
    let server = Server::start(site).ctx("starting a server")?;
    Ok((server, root))
}

/// Opens `url` and waits until its worker says everything is cached.
pub async fn first_visit(b: &Browser, url: &str) -> Outcome {
    b.client.goto(url).await.ctx(&format!("opening {url}"))?;
    b.wait_until_live().await?;
    b.until("everything is available offline", "/Available offline \\(\\d/.test(document.querySelector('.earmark-offline-ready').textContent)").await?;
    b.until("the worker controls the page", "navigator.serviceWorker.controller !== null").await
}

async fn after_one_visit(env: &Env) -> Outcome {
    let (server, _root) = serve_copy(env, "after-one-visit", "")?;
    let downloads = scratch("after-one-visit-downloads");
    with_browser!(env, Options::default(), |b| {
        first_visit(&b, &format!("{}/?episode={EPISODE}", server.base)).await?;
        let size = b.js("return document.querySelector('.earmark-offline-ready').textContent;").await?;
        check!(size.as_str().is_some_and(|s| s.contains("KB") || s.contains("MB")), "the size is missing: {size}");
        b.js("document.querySelector('.earmark-offline-ready').scrollIntoView({ block: 'end' });").await?;
        crate::layout::save_screenshot(&b, "offline-ready").await?;

        server.set_down(true);
        b.reload().await?;
        let errors = b.console_errors().await?;
        check!(errors.iter().all(|e| !e.contains("earmark")), "errors offline: {errors:?}");

        // The transcript, fetched after the page on the first visit, comes from the offline copy.
        crate::transcript::cues_arrived(&b).await?;
        b.click("#earmark-transcript-button").await?;
        b.until("the transcript opens offline", "document.querySelector('#earmark-transcript-panel').getAttribute('hidden') === null").await?;
        check!(b.find_all(".earmark-transcript-failed").await?.is_empty(), "the transcript says it could not be loaded");
        b.click("#earmark-transcript-button").await?;

        // Search.
        b.click(".earmark-search-input").await?;
        b.press("export").await?;
        b.until("matches are counted offline", "/of/.test(document.querySelector('.earmark-search-status').textContent)").await?;
        b.press("\u{E00C}").await?;

        // A highlight, kept across another offline reload.
        b.drag_select(".earmark-summary p", "prominent expert").await?;
        b.wait_for(".earmark-selection-toolbar").await?;
        b.click(".earmark-highlight-button").await?;
        b.wait_for("mark[data-highlight]").await?;
        b.reload().await?;
        let kept = b.js("const m = document.querySelector('mark[data-highlight]'); return m && m.textContent;").await?;
        check!(kept == json!("prominent expert"), "after an offline reload the highlight is {kept}");

        // A link to an insight, opened offline.
        b.client.goto(&format!("{}/?episode={EPISODE}#insight={EXPORT}", server.base)).await.ctx("following a link offline")?;
        b.wait_until_live().await?;
        expect_open(&b, EXPORT, true).await?;

        // Markdown export downloads.
        b.allow_downloads(&downloads).await?;
        b.click(".earmark-panel-toggle").await?;
        b.wait_for(".earmark-panel").await?;
        b.click(".earmark-panel-tools .earmark-bulk button:first-child").await?;
        let file = downloads.join(format!("{EPISODE}-highlights.md"));
        let mut text = String::new();
        for _ in 0..100 {
            if let Ok(found) = std::fs::read_to_string(&file) {
                text = found;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        check!(text.contains("prominent expert"), "the offline export holds {text:?}");

        // The browser's own offline state shows as a badge, and goes again.
        b.cdp("Network.enable", json!({})).await?;
        b.cdp("Network.emulateNetworkConditions", json!({ "offline": true, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 })).await?;
        b.until("the Offline badge", "document.querySelector('.earmark-offline-badge') !== null").await?;
        b.js("window.scrollTo(0, 0);").await?;
        crate::layout::save_screenshot(&b, "offline-badge").await?;
        b.cdp("Network.emulateNetworkConditions", json!({ "offline": false, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 })).await?;
        b.until("the badge goes", "document.querySelector('.earmark-offline-badge') === null").await?;
        server.set_down(false);
        Ok(())
    })
}

/// A copy of `from` with another accent colour, renamed as a new build would be, and its
/// worker written anew.
fn changed_build(from: &Path, to: &Path) -> Outcome {
    copy_dir(from, to).ctx("copying the build")?;
    let css = std::fs::read_dir(to)
        .ctx("reading the copy")?
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .find(|name| name.starts_with("earmark-") && name.ends_with(".css"))
        .ctx("the stylesheet")?;
    let text = std::fs::read_to_string(to.join(&css)).ctx("reading the stylesheet")?;
    check!(text.contains("#8a3b12"), "the stylesheet has no accent colour to change");
    let renamed = "earmark-00000000000000a2.css";
    std::fs::write(to.join(renamed), text.replace("#8a3b12", "#1f6f43")).ctx("writing the new stylesheet")?;
    std::fs::remove_file(to.join(&css)).ctx("removing the old stylesheet")?;
    // The new stylesheet has another name, and (as in a build) every page names it; its
    // integrity attribute is dropped rather than recomputed here.
    let mut folders = vec![to.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).ctx("reading the copy")?.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|ext| ext == "html") {
                let html = std::fs::read_to_string(&path).ctx("reading a page")?;
                if html.contains(&css) {
                    let html = regex_free_drop_integrity(&html.replace(&css, renamed), renamed);
                    std::fs::write(&path, html).ctx("writing a page")?;
                }
            }
        }
    }
    // The worker of the changed build, as the prerender step writes it.
    earmark::precache::write_service_worker(to).map(|_| ()).ctx("writing the changed build's sw.js")
}

/// Drops the `integrity="…"` attribute of the `<link>` that names `href`.
fn regex_free_drop_integrity(html: &str, href: &str) -> String {
    let Some(at) = html.find(href) else { return html.to_string() };
    let (Some(start), Some(end)) = (html[..at].rfind("<link"), html[at..].find('>').map(|e| at + e)) else { return html.to_string() };
    let tag = &html[start..end];
    let Some(i) = tag.find(" integrity=\"") else { return html.to_string() };
    let close = tag[i + 12..].find('"').map(|c| i + 12 + c + 1).unwrap_or(tag.len());
    format!("{}{}{}{}", &html[..start], &tag[..i], &tag[close..], &html[end..])
}

/// The page's accent colour, as the stylesheet paints it.
const ACCENT: &str = "return getComputedStyle(document.querySelector('.earmark-kicker')).color;";

async fn update(env: &Env) -> Outcome {
    let (server, v1) = serve_copy(env, "update", "")?;
    let v2 = v1.with_file_name("v2");
    changed_build(&v1, &v2)?;
    with_browser!(env, Options::default(), |b| {
        first_visit(&b, &format!("{}/?episode={EPISODE}", server.base)).await?;
        let old = b.js(ACCENT).await?;
        check!(old == json!("rgb(138, 59, 18)"), "the first version's accent is {old}");
        // The first install is no update.
        let bar = b.js("return document.querySelector('.earmark-update') === null;").await?;
        check!(bar == json!(true), "the first visit offers an update");
        // Another episode's page, read once: the worker keeps it.
        b.client.goto(&format!("{}/{SECURITY}/", server.base)).await.ctx("reading another episode")?;
        b.wait_until_live().await?;
        b.client.goto(&format!("{}/?episode={EPISODE}", server.base)).await.ctx("back to the first")?;
        b.wait_until_live().await?;

        server.set_root(v2.clone());
        b.js("navigator.serviceWorker.getRegistration().then(r => r.update());").await?;
        b.until("the update bar", "document.querySelector('.earmark-update') !== null").await?;
        let text = b.js("return document.querySelector('.earmark-update').textContent;").await?;
        check!(text.as_str().is_some_and(|t| t.contains("A new version of Earmark is ready")), "the bar says {text}");

        // Until the reader agrees, the old version keeps working, also across a reload.
        b.click(&crate::reading::button(EXPORT)).await?;
        expect_open(&b, EXPORT, true).await?;
        b.reload().await?;
        let still = b.js(ACCENT).await?;
        check!(still == json!(old), "a reload before agreeing switched the colour to {still}");
        b.until("the bar is offered again", "document.querySelector('.earmark-update') !== null").await?;
        crate::layout::save_screenshot(&b, "update-bar").await?;

        b.click(".earmark-update button").await?;
        b.until("the new colour after Reload", "getComputedStyle(document.querySelector('.earmark-kicker')).color === 'rgb(31, 111, 67)'").await?;
        b.until("the worker says the new version is cached", "/Available offline/.test(document.querySelector('.earmark-offline-ready').textContent)").await?;
        let bar = b.js("return document.querySelector('.earmark-update') === null;").await?;
        check!(bar == json!(true), "the bar is still there after Reload");
        // Only the new version's caches remain (its precache, and the pages it keeps).
        let caches = b.js_async("const done = arguments[0]; caches.keys().then(done);").await?;
        let names: Vec<&str> = caches.as_array().into_iter().flatten().filter_map(|n| n.as_str()).collect();
        check!(
            !names.is_empty() && names.len() <= 2 && names.iter().all(|n| n.starts_with(names.iter().min_by_key(|n| n.len()).unwrap())),
            "old caches were kept: {caches}"
        );
        // The page read under the old version is still readable offline, as the new version.
        server.set_down(true);
        b.client.goto(&format!("{}/{SECURITY}/", server.base)).await.ctx("the kept page, offline")?;
        b.wait_until_live().await?;
        let title = b.find(".earmark-title").await?.text().await.ctx("title")?;
        check!(title == "Widgets That Behave: Security for the Embedded Web", "offline after the update, the kept page shows {title:?}");
        let accent = b.js(ACCENT).await?;
        check!(accent == json!("rgb(31, 111, 67)"), "the kept page is not the new version's: {accent}");
        server.set_down(false);
        Ok(())
    })
}

async fn sub_folder(env: &Env) -> Outcome {
    let (server, _root) = serve_copy(env, "sub-folder", "/earmark")?;
    with_browser!(env, Options::default(), |b| {
        first_visit(&b, &format!("{}/earmark/?episode={EPISODE}", server.base)).await?;
        let found = b
            .js_async(
                "const done = arguments[0];
                 (async () => {
                   const registration = await navigator.serviceWorker.getRegistration();
                   const link = document.querySelector('link[rel=manifest]').href;
                   const manifest = await (await fetch(link)).json();
                   return { scope: registration.scope, start: new URL(manifest.start_url, link).href,
                            manifestScope: new URL(manifest.scope, link).href };
                 })().then(done, (e) => done(String(e)));",
            )
            .await?;
        let folder = format!("{}/earmark/", server.base);
        check!(found == json!({ "scope": folder, "start": folder, "manifestScope": folder }), "{found}");
        Ok(())
    })
}

async fn installable(env: &Env) -> Outcome {
    let (server, _root) = serve_copy(env, "installable", "")?;
    let profile = scratch("installable-profile");
    with_browser!(env, Options { profile: Some(profile), ..Options::default() }, |b| {
        first_visit(&b, &format!("{}/", server.base)).await?;
        let answer = b.cdp("Page.getInstallabilityErrors", json!({})).await?;
        let errors = answer["installabilityErrors"].as_array().ctx("installabilityErrors")?;
        check!(errors.is_empty(), "Chromium would not install it: {answer}");
        Ok(())
    })
}

