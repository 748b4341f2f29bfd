//! Deep links opened in a fresh browser as a friend would open them: the section opens,
//! scrolls into view, takes focus and flashes; a quote is marked; what is not found says so;
//! the page follows the fragment while open; Share copies a link that lands there.

use serde_json::json;

use crate::browser::{Browser, Context, Options, Outcome};
use crate::check;
use crate::host::{Env, Scenario};
use crate::reading::{button, expect_open, no_console_errors, EPISODE, EXPORT, IMPACT};
use crate::with_browser;

const TAKEAWAY: &str = "us-export-controls-on-technology-may";

pub fn scenarios() -> Vec<(&'static str, Scenario)> {
    vec![
        ("link_to_a_deep_dive_opens_scrolls_focuses_and_flashes", |env| Box::pin(deep_dive_link(env))),
        ("link_to_a_takeaway_focuses_it", |env| Box::pin(takeaway_link(env))),
        ("link_with_a_quote_marks_it", |env| Box::pin(quote_link(env))),
        ("link_whose_quote_is_gone_opens_the_section_and_says_so", |env| Box::pin(quote_gone(env))),
        ("link_to_an_unknown_insight_says_so_at_the_top", |env| Box::pin(unknown_insight(env))),
        ("link_followed_on_hashchange_and_back", |env| Box::pin(hashchange(env))),
        ("link_malformed_logs_no_error", |env| Box::pin(malformed(env))),
        ("link_share_copies_a_link_that_lands_there", |env| Box::pin(share_round_trip(env))),
        ("link_copy_link_of_a_highlight_lands_on_its_quote", |env| Box::pin(highlight_link(env))),
        ("link_refused_clipboard_offers_the_link_selected", |env| Box::pin(clipboard_refused(env))),
        ("link_share_base_comes_from_the_host_page", |env| Box::pin(share_base(env))),
        ("link_wins_over_a_search_in_the_same_address", |env| Box::pin(link_and_search(env))),
    ]
}

/// Opens `path` in this browser as a new navigation and waits for the reader.
async fn open(b: &Browser, path: &str) -> Outcome {
    b.client.goto(&format!("{}{path}", b.base)).await.ctx(&format!("opening {path}"))?;
    b.wait_until_live().await
}

async fn in_view(b: &Browser, css: &str) -> Result<bool, String> {
    let inside = b
        .js_with(
            "const r = document.querySelector(arguments[0]).getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight && r.height > 0;",
            vec![json!(css)],
        )
        .await?;
    Ok(inside == json!(true))
}

async fn focused_id(b: &Browser) -> Result<String, String> {
    Ok(b.js("const a = document.activeElement; return a.id || a.dataset.insight || a.tagName;").await?.as_str().unwrap_or_default().to_string())
}

async fn reduced_motion(b: &Browser) -> Outcome {
    b.emulate_media(json!([{ "name": "prefers-reduced-motion", "value": "reduce" }])).await
}

async fn deep_dive_link(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        reduced_motion(&b).await?;
        open(&b, &format!("/?episode={EPISODE}#insight={EXPORT}")).await?;
        b.until("the section opens", &format!("document.querySelector('{}').getAttribute('aria-expanded') === 'true'", button(EXPORT))).await?;
        b.until("it flashes", &format!("document.querySelector(\"[data-insight='{EXPORT}']\").classList.contains('is-flashing')")).await?;
        check!(in_view(&b, &format!("[data-insight='{EXPORT}']")).await?, "the section is not in view");
        let focus = focused_id(&b).await?;
        check!(focus == format!("earmark-dive-button-{EXPORT}"), "focus is on {focus}");
        expect_open(&b, EXPORT, true).await?;
        expect_open(&b, IMPACT, false).await?;
        no_console_errors(&b).await
    })
}

async fn takeaway_link(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        reduced_motion(&b).await?;
        open(&b, &format!("/#insight={TAKEAWAY}")).await?;
        b.until("the takeaway has focus", &format!("document.activeElement.dataset.insight === '{TAKEAWAY}'")).await?;
        check!(in_view(&b, &format!("[data-insight='{TAKEAWAY}']")).await?, "the takeaway is not in view");
        Ok(())
    })
}

async fn quote_link(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        reduced_motion(&b).await?;
        open(&b, &format!("/?episode={EPISODE}#insight={EXPORT}&quote=paradoxically%20accelerate%20indigenous&prefix=they%20")).await?;
        let mark = b.wait_for("mark[data-link]").await?.text().await.ctx("mark")?;
        check!(mark == "paradoxically accelerate indigenous", "marked {mark:?}");
        check!(in_view(&b, "mark[data-link]").await?, "the quote is not in view");
        expect_open(&b, EXPORT, true).await?;
        check!(b.find_all("[data-notice]").await?.is_empty(), "no notice when the quote is found");
        Ok(())
    })
}

async fn quote_gone(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        open(&b, &format!("/#insight={EXPORT}&quote=words%20that%20were%20never%20said")).await?;
        b.wait_for("[data-notice='QuoteNotFound']").await?;
        expect_open(&b, EXPORT, true).await?;
        check!(b.find_all("mark[data-link]").await?.is_empty(), "nothing is marked");
        Ok(())
    })
}

async fn unknown_insight(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        open(&b, "/#insight=a-section-that-was-removed").await?;
        let notice = b.wait_for("[data-notice='LinkNotFound']").await?.text().await.ctx("notice")?;
        check!(notice.contains("top of the episode"), "notice {notice:?}");
        check!(b.js("return scrollY;").await?.as_f64().unwrap_or(1e9) < 200.0, "not at the top");
        check!(b.find_all(".earmark-dive-button[aria-expanded=true]").await?.is_empty(), "nothing opened");
        no_console_errors(&b).await
    })
}

async fn hashchange(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        reduced_motion(&b).await?;
        b.visit("/").await?;
        b.js(&format!("location.hash = 'insight={IMPACT}';")).await?;
        b.until("the first section opens", &format!("document.activeElement.id === 'earmark-dive-button-{IMPACT}'")).await?;
        expect_open(&b, IMPACT, true).await?;
        b.js(&format!("location.hash = 'insight={EXPORT}&quote=paradoxically%20accelerate';")).await?;
        b.until("the second opens with its quote", "!!document.querySelector('mark[data-link]')").await?;
        expect_open(&b, EXPORT, true).await?;
        b.client.back().await.ctx("back")?;
        b.until("back goes to the first", &format!("document.activeElement.id === 'earmark-dive-button-{IMPACT}'")).await?;
        b.until("the quote mark goes with its link", "!document.querySelector('mark[data-link]')").await?;
        b.client.forward().await.ctx("forward")?;
        b.until("forward marks the quote again", "!!document.querySelector('mark[data-link]')").await
    })
}

async fn malformed(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        for fragment in ["insight=%E0%A4%A&quote=%", "insight=", "insight=%", "quote=x&&&==", "insight=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"] {
            open(&b, &format!("/#{fragment}")).await?;
            check!(b.find_all(".earmark-dive-button").await?.len() == 5, "{fragment}: the page works");
            check!(b.find_all(".earmark img, .earmark script").await?.is_empty(), "{fragment}: URL text became HTML");
        }
        // The last one names an insight that does not exist, and says so as text.
        b.wait_for("[data-notice='LinkNotFound']").await?;
        let long = format!("/#insight={EXPORT}&quote={}", "x".repeat(100_000));
        open(&b, &long).await?;
        expect_open(&b, EXPORT, true).await?;
        no_console_errors(&b).await
    })
}

/// Lets the page use the clipboard without asking, and read it back.
async fn grant_clipboard(b: &Browser) -> Outcome {
    b.cdp(
        "Browser.grantPermissions",
        json!({ "origin": b.base, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"] }),
    )
    .await
    .map(|_| ())
}

async fn clipboard_text(b: &Browser) -> Result<String, String> {
    let text = b
        .js_async("const done = arguments[0]; navigator.clipboard.readText().then(done, e => done('refused: ' + e));")
        .await?;
    Ok(text.as_str().unwrap_or_default().to_string())
}

/// Where a copied link waits between two browsers (one scenario runs at a time).
fn handover() -> std::path::PathBuf {
    std::env::temp_dir().join(format!("earmark-e2e-link-{}", std::process::id()))
}

fn keep(link: &str) -> Outcome {
    std::fs::write(handover(), link).ctx("keeping the link")
}

fn kept() -> Result<String, String> {
    let link = std::fs::read_to_string(handover()).ctx("the kept link");
    let _ = std::fs::remove_file(handover());
    link
}

async fn share_round_trip(env: &Env) -> Outcome {
    let copied = with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        grant_clipboard(&b).await?;
        check!(b.js("return typeof navigator.share;").await? != json!("function"), "this browser has Web Share; the fallback is not tested");
        let label = "Share link to US Export Controls and Their Effectiveness";
        b.click(&format!("[data-insight='{EXPORT}'] button[aria-label='{label}']")).await?;
        b.until("it says so", "document.querySelector('.earmark-share-message').textContent === 'Link copied'").await?;
        let link = clipboard_text(&b).await?;
        // Served as its own site, a shared link is the insight's own page, which previews it.
        check!(link == format!("{}/{EPISODE}/{EXPORT}/", b.base), "copied {link:?}");
        // Every takeaway has its button too.
        check!(b.find_all(".earmark-takeaway button[aria-label^='Share link to ']").await?.len() == 3, "takeaway share buttons");
        keep(&link)
    });
    copied?;
    let link = kept()?;
    with_browser!(env, Options::default(), |b| {
        b.client.goto(&link).await.ctx("opening the shared link")?;
        b.wait_until_live().await?;
        b.until("it lands on the section", &format!("document.activeElement.id === 'earmark-dive-button-{EXPORT}'")).await?;
        expect_open(&b, EXPORT, true).await?;
        let title = b.js("return document.querySelector('meta[property=\"og:title\"]').content;").await?;
        check!(title == json!("US Export Controls and Their Effectiveness"), "the shared page previews as {title}");
        Ok(())
    })
}

async fn highlight_link(env: &Env) -> Outcome {
    let link = with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        grant_clipboard(&b).await?;
        b.drag_select(".earmark-takeaway:nth-child(2) p", "ethical concerns alongside").await?;
        b.wait_for(".earmark-selection-toolbar").await?;
        b.find(".earmark-highlight-button").await?.click().await.ctx("Highlight")?;
        b.wait_for("mark[data-highlight]").await?;
        b.click(".earmark-panel-toggle").await?;
        b.click(".earmark-highlight-item .earmark-item-actions button:nth-child(2)").await?;
        b.until("it says so", "document.querySelector('.earmark-panel-status').textContent === 'Link copied'").await?;
        let link = clipboard_text(&b).await?;
        let insight = "deepseeks-emergence-illustrates-the-implications-of";
        check!(
            link.starts_with(&format!("{}/{EPISODE}/{insight}/#insight={insight}&quote=ethical%20concerns%20alongside&prefix=", b.base)),
            "copied {link:?}"
        );
        keep(&link)
    });
    link?;
    let link = kept()?;
    with_browser!(env, Options::default(), |b| {
        b.client.goto(&link).await.ctx("opening the link")?;
        let mark = b.wait_for("mark[data-link]").await?.text().await.ctx("mark")?;
        check!(mark == "ethical concerns alongside", "marked {mark:?}");
        Ok(())
    })
}

async fn clipboard_refused(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        b.cdp(
            "Browser.setPermission",
            json!({ "origin": b.base, "permission": { "name": "clipboard-write" }, "setting": "denied" }),
        )
        .await?;
        b.click(&format!("[data-insight='{IMPACT}'] .earmark-share")).await?;
        let field = b.wait_for("#earmark-manual-link").await?;
        let value = field.prop("value").await.ctx("value")?.unwrap_or_default();
        check!(value == format!("{}/{EPISODE}/{IMPACT}/", b.base), "offered {value:?}");
        let selected = b.js("const f = document.activeElement; return f.id === 'earmark-manual-link' && f.selectionStart === 0 && f.selectionEnd === f.value.length;").await?;
        check!(selected == json!(true), "the link is not focused and selected");
        Ok(())
    })
}

async fn share_base(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.cdp(
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": "document.addEventListener('DOMContentLoaded', () => { document.getElementById('earmark').dataset.shareBase = 'https://podcast.example/shows/ai?ep=7#player'; });" }),
        )
        .await?;
        b.visit("/").await?;
        grant_clipboard(&b).await?;
        b.click(&format!("[data-insight='{TAKEAWAY}'] .earmark-share")).await?;
        b.until("it says so", "document.querySelector('.earmark-share-message').textContent === 'Link copied'").await?;
        let link = clipboard_text(&b).await?;
        check!(link == format!("https://podcast.example/shows/ai?ep=7&episode={EPISODE}#insight={TAKEAWAY}"), "copied {link:?}");
        Ok(())
    })
}

async fn link_and_search(env: &Env) -> Outcome {
    with_browser!(env, Options { width: Some(600), ..Options::default() }, |b| {
        reduced_motion(&b).await?;
        // The first match is the title, at the top; the link is to the last section.
        let last = "the-need-for-global-cooperation-on-ai-governance";
        open(&b, &format!("/?q=deepseek#insight={last}")).await?;
        b.until("the search runs", "document.querySelector('#earmark-search-status').textContent === '1 of 24'").await?;
        b.until("the linked section has focus", &format!("document.activeElement.id === 'earmark-dive-button-{last}'")).await?;
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        check!(in_view(&b, &format!("[data-insight='{last}']")).await?, "the search's first match took the view from the link");
        Ok(())
    })
}
