//! Highlights, made with real selections in a real Chromium: saving, reloading, notes,
//! delete and undo, export and import into a fresh profile, two windows, and every storage
//! fault, in which no highlight may be lost.

use std::time::Duration;

use serde_json::{json, Value};

use crate::browser::{Browser, Context, Options, Outcome};
use crate::check;
use crate::host::{Env, Scenario};
use crate::reading::{button, no_console_errors, run_axe, EXPORT};
use crate::with_browser;

const KEY: &str = "earmark:v1:the-truth-about-deepseek:highlights";
const SUMMARY: &str = ".earmark-summary p";
const TOOLBAR: &str = ".earmark-selection-toolbar[role=toolbar]";
const HIGHLIGHT: &str = ".earmark-selection-toolbar .earmark-highlight-button";

pub fn scenarios() -> Vec<(&'static str, Scenario)> {
    vec![
        ("highlight_a_mouse_selection_and_keep_it_across_reload", |env| Box::pin(select_save_reload(env))),
        ("highlight_with_the_h_key_in_a_chosen_colour", |env| Box::pin(h_key_and_colour(env))),
        ("highlight_across_two_sections_makes_two", |env| Box::pin(across_sections(env))),
        ("highlight_nothing_is_offered_outside_the_episode_text", |env| Box::pin(nothing_offered(env))),
        ("highlight_panel_note_delete_and_undo", |env| Box::pin(note_delete_undo(env))),
        ("highlight_export_and_import_into_a_fresh_profile", |env| Box::pin(export_import(env))),
        ("highlight_two_windows_stay_in_step", |env| Box::pin(two_windows(env))),
        ("highlight_corrupt_value_is_kept_aside", |env| Box::pin(corrupt(env))),
        ("highlight_newer_version_is_left_untouched", |env| Box::pin(newer(env))),
        ("highlight_blocked_storage_keeps_them_in_memory", |env| Box::pin(blocked(env))),
        ("highlight_full_storage_warns_and_saves_later", |env| Box::pin(full(env))),
        ("highlight_axe_finds_no_violations_with_the_panel_open", |env| Box::pin(axe_panel(env))),
    ]
}

/// Selects `phrase` in `css` with the mouse and presses Highlight.
async fn highlight(b: &Browser, css: &str, phrase: &str) -> Outcome {
    let before = marks(b).await?.len();
    b.drag_select(css, phrase).await?;
    b.wait_for(TOOLBAR).await?;
    b.find(HIGHLIGHT).await?.click().await.ctx("pressing Highlight")?;
    b.until("the mark appears", &format!("new Set([...document.querySelectorAll('mark[data-highlight]')].map(m => m.dataset.highlight)).size > {before}")).await
}

/// The text of each highlight on the page, by id, in page order.
async fn marks(b: &Browser) -> Result<Vec<(String, String)>, String> {
    let value = b
        .js("const by = new Map(); for (const m of document.querySelectorAll('mark[data-highlight]')) by.set(m.dataset.highlight, (by.get(m.dataset.highlight) || '') + m.textContent); return [...by];")
        .await?;
    Ok(value
        .as_array()
        .into_iter()
        .flatten()
        .map(|pair| (pair[0].as_str().unwrap_or_default().to_string(), pair[1].as_str().unwrap_or_default().to_string()))
        .collect())
}

async fn stored(b: &Browser) -> Result<Value, String> {
    let raw = b.js_with("return localStorage.getItem(arguments[0]);", vec![json!(KEY)]).await?;
    match raw.as_str() {
        Some(raw) => serde_json::from_str(raw).ctx("the stored highlights are JSON"),
        None => Ok(Value::Null),
    }
}

async fn open_panel(b: &Browser) -> Outcome {
    b.click(".earmark-panel-toggle").await?;
    b.wait_for("#earmark-highlights-panel").await.map(|_| ())
}

async fn select_save_reload(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        highlight(&b, SUMMARY, "Paul Triolo, a prominent expert").await?;
        let found = marks(&b).await?;
        check!(found.len() == 1 && found[0].1 == "Paul Triolo, a prominent expert", "marks: {found:?}");
        check!(b.find_all(TOOLBAR).await?.is_empty(), "the toolbar goes once the selection is highlighted");
        let doc = stored(&b).await?;
        check!(doc["version"] == json!(2), "stored {doc}");
        let saved = &doc["highlights"][0];
        check!(saved["insight"] == "summary" && saved["exact"] == "Paul Triolo, a prominent expert", "stored {saved}");
        check!(saved["prefix"] == "In this discussion, " && saved["start"] == json!(20) && saved["end"] == json!(51), "selectors {saved}");
        b.reload().await?;
        b.wait_for("mark[data-highlight]").await?;
        check!(marks(&b).await? == found, "the highlight survives a reload");
        let count = b.find(".earmark-panel-toggle .earmark-count").await?.text().await.ctx("count")?;
        check!(count == "1", "the panel button counts {count}");
        // Search still paints across the highlight's mark.
        b.find("input[type=search]").await?.send_keys("triolo, a prominent").await.ctx("typing")?;
        b.until("the match is painted", "CSS.highlights.get('earmark-search') && CSS.highlights.get('earmark-search').size === 1").await?;
        no_console_errors(&b).await
    })
}

async fn h_key_and_colour(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        b.drag_select(".earmark-takeaway:nth-child(3)", "accelerating Chinese innovations").await?;
        b.wait_for(TOOLBAR).await?;
        b.find(".earmark-color[aria-label='Green']").await?.click().await.ctx("choosing green")?;
        let pressed = b.attr(".earmark-color[aria-label='Green']", "aria-pressed").await?;
        check!(pressed.as_deref() == Some("true"), "green is pressed: {pressed:?}");
        check!(b.js("return !document.getSelection().isCollapsed;").await? == json!(true), "choosing a colour kept the selection");
        b.press("h").await?;
        b.wait_for("mark[data-highlight].is-green").await?;
        let text = b.find("mark[data-highlight]").await?.text().await.ctx("mark")?;
        check!(text == "accelerating Chinese innovations", "mark text {text:?}");
        check!(stored(&b).await?["highlights"][0]["color"] == "green", "the colour is stored");
        Ok(())
    })
}

async fn across_sections(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        // From the last words of the summary into the first takeaway.
        let points = b
            .js("const s = document.querySelector('.earmark-summary p').firstChild;
                 const t = document.querySelector('.earmark-takeaway p').firstChild;
                 const r = document.createRange(); r.setStart(s, s.data.length - 12); r.setEnd(t, 15);
                 const rects = [...r.getClientRects()].filter(x => x.width > 0);
                 const a = rects[0], z = rects[rects.length - 1];
                 return [a.left + 1, a.top + a.height / 2, z.right - 1, z.top + z.height / 2];")
            .await?;
        let p: Vec<f64> = points.as_array().ctx("geometry")?.iter().filter_map(Value::as_f64).collect();
        use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
        let drag = MouseActions::new("mouse".into())
            .then(PointerAction::MoveTo { duration: None, x: p[0], y: p[1] })
            .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
            .then(PointerAction::MoveTo { duration: Some(Duration::from_millis(150)), x: p[2], y: p[3] })
            .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
        b.client.perform_actions(drag).await.ctx("dragging")?;
        b.wait_for(TOOLBAR).await?;
        b.find(HIGHLIGHT).await?.click().await.ctx("Highlight")?;
        b.until("two highlights", "new Set([...document.querySelectorAll('mark[data-highlight]')].map(m => m.dataset.highlight)).size === 2").await?;
        let texts: Vec<String> = marks(&b).await?.into_iter().map(|(_, text)| text).collect();
        check!(texts == ["advancement.", "The competitive"], "marks: {texts:?}");
        let doc = stored(&b).await?;
        let insights: Vec<&str> = doc["highlights"].as_array().into_iter().flatten().filter_map(|h| h["insight"].as_str()).collect();
        check!(insights == ["summary", "the-competitive-landscape-of-ai-between"], "insights {insights:?}");
        Ok(())
    })
}

async fn nothing_offered(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        b.drag_select(".earmark-title", "Truth About").await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        check!(b.find_all(TOOLBAR).await?.is_empty(), "a title selection offers nothing");
        b.drag_select(".earmark-topic:nth-child(2)", "Sketchy DeepSeek").await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        check!(b.find_all(TOOLBAR).await?.is_empty(), "a topic selection offers nothing");
        // A selection of only spaces, made through the Selection API.
        b.js("const t = document.querySelector('.earmark-summary p').firstChild; getSelection().setBaseAndExtent(t, 2, t, 3);").await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        check!(b.find_all(TOOLBAR).await?.is_empty(), "white space offers nothing");
        check!(b.find_all("mark[data-highlight]").await?.is_empty(), "white space became a highlight");
        Ok(())
    })
}

async fn note_delete_undo(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        b.click(&button(EXPORT)).await?;
        highlight(&b, &format!("[data-insight='{EXPORT}'] .earmark-dive-panel p"), "paradoxically accelerate indigenous innovations").await?;
        b.click(&button(EXPORT)).await?;
        open_panel(&b).await?;
        let heading = b.find(".earmark-panel-heading").await?.text().await.ctx("heading")?;
        check!(heading == "US Export Controls and Their Effectiveness", "grouped under {heading:?}");
        b.click(".earmark-highlight-item button.earmark-text-button:nth-child(1)").await?;
        let field = b.wait_for(".earmark-note-field").await?;
        field.send_keys("The heart of the argument").await.ctx("typing a note")?;
        b.click(".earmark-note-form button[type=submit]").await?;
        b.wait_for(".earmark-note").await?;
        check!(stored(&b).await?["highlights"][0]["note"] == "The heart of the argument", "the note is stored");
        // Clicking the quote opens its collapsed section and brings the mark into view.
        b.click(".earmark-quote-button").await?;
        b.until("the section opens", &format!("document.querySelector('{}').getAttribute('aria-expanded') === 'true'", button(EXPORT))).await?;
        b.reload().await?;
        open_panel(&b).await?;
        let note = b.wait_for(".earmark-note").await?.text().await.ctx("note")?;
        check!(note == "The heart of the argument", "note after reload {note:?}");

        b.click(".earmark-highlight-item .earmark-item-actions button:nth-child(3)").await?;
        b.until("the mark is gone", "!document.querySelector('mark[data-highlight]')").await?;
        let toast = b.wait_for(".earmark-toast").await?.text().await.ctx("toast")?;
        check!(toast.contains("Highlight deleted"), "toast {toast:?}");
        check!(stored(&b).await?["highlights"].as_array().is_some_and(Vec::is_empty), "deleted from storage");
        b.click(".earmark-toast button").await?;
        b.wait_for("mark[data-highlight]").await?;
        let doc = stored(&b).await?;
        check!(doc["highlights"][0]["note"] == "The heart of the argument", "undo restores the note too: {doc}");
        check!(doc["deleted"].as_object().is_some_and(|d| d.is_empty()), "no tombstone after undo: {doc}");
        Ok(())
    })
}

async fn export_import(env: &Env) -> Outcome {
    let downloads = std::env::temp_dir().join(format!("earmark-e2e-downloads-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&downloads);
    std::fs::create_dir_all(&downloads).ctx("making a download folder")?;
    let exported = with_browser!(env, Options::default(), |b| {
        b.allow_downloads(&downloads).await?;
        b.visit("/").await?;
        highlight(&b, SUMMARY, "Paul Triolo").await?;
        highlight(&b, ".earmark-takeaway:nth-child(2)", "open source AI").await?;
        open_panel(&b).await?;
        for (label, file) in [("Export Markdown", "md"), ("Export JSON", "json"), ("Export CSV (Readwise)", "csv")] {
            let css = format!(".earmark-panel-tools button:nth-child({})", match file { "md" => 1, "json" => 2, _ => 3 });
            check!(b.find(&css).await?.text().await.ctx("label")? == label, "button {label}");
            b.click(&css).await?;
            let path = downloads.join(format!("the-truth-about-deepseek-highlights.{file}"));
            let mut waited = 0;
            while !path.is_file() && waited < 100 {
                tokio::time::sleep(Duration::from_millis(50)).await;
                waited += 1;
            }
            check!(path.is_file(), "{label} saved no file");
        }
        Ok(())
    });
    exported?;
    let md = std::fs::read_to_string(downloads.join("the-truth-about-deepseek-highlights.md")).ctx("markdown")?;
    check!(md.starts_with("# Highlights: The Truth About DeepSeek"), "markdown: {md}");
    check!(md.contains("## Summary\n\n> Paul Triolo") && md.contains("> open source AI"), "markdown: {md}");
    let csv = std::fs::read_to_string(downloads.join("the-truth-about-deepseek-highlights.csv")).ctx("csv")?;
    check!(csv.starts_with("Highlight,Title,Author,URL,Note,Location,Date\nPaul Triolo,The Truth About DeepSeek"), "csv: {csv}");
    let json_path = downloads.join("the-truth-about-deepseek-highlights.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&json_path).ctx("json")?).ctx("json parses")?;
    check!(doc["type"] == "AnnotationCollection" && doc["total"] == json!(2), "json: {doc}");

    // A fresh profile: nothing stored; importing brings both back, twice brings no duplicates.
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        check!(b.find_all("mark[data-highlight]").await?.is_empty(), "a fresh profile has no highlights");
        open_panel(&b).await?;
        for report in ["Imported 2 highlights", "Imported 2 highlights: all were here already"] {
            b.find(".earmark-file").await?.send_keys(&json_path.display().to_string()).await.ctx("choosing the file")?;
            b.until("the import reports", &format!("document.querySelector('.earmark-panel-status').textContent === {}", json!(report))).await?;
        }
        b.until("two highlights", "new Set([...document.querySelectorAll('mark[data-highlight]')].map(m => m.dataset.highlight)).size === 2").await?;
        let texts: Vec<String> = marks(&b).await?.into_iter().map(|(_, t)| t).collect();
        check!(texts == ["Paul Triolo", "open source AI"], "imported {texts:?}");
        check!(stored(&b).await?["highlights"].as_array().map(Vec::len) == Some(2), "imported highlights are saved");
        let _ = std::fs::remove_dir_all(&downloads);
        Ok(())
    })
}

async fn two_windows(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        let first = b.client.window().await.ctx("this window")?;
        let second = b.client.new_window(true).await.ctx("a second tab")?.handle;
        b.client.switch_to_window(second.clone()).await.ctx("switching")?;
        b.visit("/").await?;
        highlight(&b, SUMMARY, "competitive AI race").await?;
        b.client.switch_to_window(first.clone()).await.ctx("switching back")?;
        b.until("the other tab's highlight appears", "!!document.querySelector('mark[data-highlight]')").await?;
        // Both tabs add one at once: both survive.
        highlight(&b, ".earmark-takeaway:nth-child(1)", "framing discussions").await?;
        b.client.switch_to_window(second.clone()).await.ctx("switching")?;
        highlight(&b, ".earmark-takeaway:nth-child(3)", "global tech governance").await?;
        b.until("three in the second tab", "new Set([...document.querySelectorAll('mark[data-highlight]')].map(m => m.dataset.highlight)).size === 3").await?;
        b.client.switch_to_window(first).await.ctx("switching back")?;
        b.until("three in the first tab", "new Set([...document.querySelectorAll('mark[data-highlight]')].map(m => m.dataset.highlight)).size === 3").await?;
        check!(stored(&b).await?["highlights"].as_array().map(Vec::len) == Some(3), "three stored");
        // A delete in one tab reaches the other.
        open_panel(&b).await?;
        b.click(".earmark-highlight-item .earmark-item-actions button:nth-child(3)").await?;
        b.client.switch_to_window(second).await.ctx("switching")?;
        b.until("two left in the second tab", "new Set([...document.querySelectorAll('mark[data-highlight]')].map(m => m.dataset.highlight)).size === 2").await
    })
}

async fn corrupt(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        b.js_with("localStorage.setItem(arguments[0], '{\"version\":2,\"highlights\":[{broken');", vec![json!(KEY)]).await?;
        b.reload().await?;
        b.wait_for("[data-notice='HighlightsMovedAside']").await?;
        let aside = b
            .js(&format!("return Object.keys(localStorage).filter(k => k.startsWith('{KEY}:corrupt:')).map(k => localStorage.getItem(k));"))
            .await?;
        check!(aside == json!(["{\"version\":2,\"highlights\":[{broken"]), "kept aside: {aside}");
        highlight(&b, SUMMARY, "Paul Triolo").await?;
        check!(stored(&b).await?["highlights"].as_array().map(Vec::len) == Some(1), "new highlights are saved again");
        Ok(())
    })
}

async fn newer(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        let newer = r#"{"version":3,"annotations":["from the future"]}"#;
        b.js_with("localStorage.setItem(arguments[0], arguments[1]);", vec![json!(KEY), json!(newer)]).await?;
        b.reload().await?;
        b.wait_for("[data-notice='HighlightsNewer']").await?;
        open_panel(&b).await?;
        let warning = b.find(".earmark-panel-warning").await?.text().await.ctx("warning")?;
        check!(warning.contains("newer version of Earmark"), "panel says {warning:?}");
        highlight(&b, SUMMARY, "Paul Triolo").await?;
        let raw = b.js_with("return localStorage.getItem(arguments[0]);", vec![json!(KEY)]).await?;
        check!(raw == json!(newer), "the newer value was overwritten: {raw}");
        Ok(())
    })
}

async fn blocked(env: &Env) -> Outcome {
    with_browser!(env, Options { block_storage: true, ..Options::default() }, |b| {
        b.visit("/").await?;
        b.wait_for("[data-notice='StorageBlocked']").await?;
        highlight(&b, SUMMARY, "Paul Triolo").await?;
        open_panel(&b).await?;
        check!(b.find_all(".earmark-highlight-item").await?.len() == 1, "the highlight is listed");
        no_console_errors(&b).await
    })
}

async fn full(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        b.fill_storage().await?;
        highlight(&b, SUMMARY, "Paul Triolo").await?;
        let notice = b.wait_for("[data-notice='HighlightsNotSaved']").await?.text().await.ctx("notice")?;
        check!(notice.contains("export"), "the notice offers export: {notice:?}");
        check!(stored(&b).await? == Value::Null, "nothing could be stored");
        b.free_storage().await?;
        highlight(&b, ".earmark-takeaway:nth-child(1)", "framing discussions").await?;
        b.until("both are saved", &format!("(JSON.parse(localStorage.getItem('{KEY}') || '{{}}').highlights || []).length === 2")).await
    })
}

async fn axe_panel(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        for scheme in ["light", "dark"] {
            b.emulate_media(json!([{ "name": "prefers-color-scheme", "value": scheme }])).await?;
            b.visit("/").await?;
            b.js("localStorage.clear();").await?;
            b.reload().await?;
            highlight(&b, SUMMARY, "Paul Triolo").await?;
            b.drag_select(".earmark-takeaway:nth-child(2)", "open source AI").await?;
            b.wait_for(TOOLBAR).await?;
            run_axe(&b, env, &format!("{scheme}, selection toolbar")).await?;
            b.find(HIGHLIGHT).await?.click().await.ctx("Highlight")?;
            open_panel(&b).await?;
            run_axe(&b, env, &format!("{scheme}, panel open")).await?;
        }
        Ok(())
    })
}
