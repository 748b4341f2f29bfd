//! The reading view, as a reader uses it: the episode appears, deep dives open by mouse and
//! keyboard and stay open across reloads, storage faults leave the page working, and axe finds
//! no accessibility violation in light or dark mode.

use serde_json::{json, Value};

use crate::browser::{Browser, Context, Options, Outcome};
use crate::check;
use crate::host::{Env, Scenario};

pub const EPISODE: &str = "the-truth-about-deepseek";
pub const KEY: &str = "earmark:v1:the-truth-about-deepseek:open";
pub const RACE: &str = "understanding-the-ai-race-between-the-us-and-china";
pub const IMPACT: &str = "deepseeks-impact-and-the-reactions-to-its-releases";
pub const OPEN_SOURCE: &str = "the-significance-of-open-source-in-ai-development";
pub const EXPORT: &str = "us-export-controls-and-their-effectiveness";

pub fn scenarios() -> Vec<(&'static str, Scenario)> {
    vec![
        ("page_shows_the_episode_without_console_errors", |env| Box::pin(page_shows_the_episode(env))),
        ("deep_dive_opens_and_closes_by_click", |env| Box::pin(opens_by_click(env))),
        ("deep_dive_opens_by_keyboard_enter_and_space", |env| Box::pin(opens_by_keyboard(env))),
        ("expand_all_and_collapse_all", |env| Box::pin(expand_and_collapse_all(env))),
        ("open_sections_survive_a_reload", |env| Box::pin(survives_reload(env))),
        ("find_in_page_reveals_a_collapsed_deep_dive", |env| Box::pin(text_fragment_reveals(env))),
        ("blocked_storage_shows_a_notice_and_the_page_works", |env| Box::pin(blocked_storage(env))),
        ("full_storage_shows_a_notice_and_keeps_state_in_memory", |env| Box::pin(full_storage(env))),
        ("corrupt_stored_value_is_moved_aside_not_lost", |env| Box::pin(corrupt_value(env))),
        ("value_from_a_newer_version_is_left_untouched", |env| Box::pin(newer_value(env))),
        ("unknown_episode_slug_says_so", |env| Box::pin(unknown_episode(env))),
        ("episode_slug_in_the_url_is_honoured", |env| Box::pin(known_episode(env))),
        ("narrow_screen_has_no_horizontal_scroll", |env| Box::pin(narrow_screen(env))),
        ("axe_finds_no_violations_light_and_dark", |env| Box::pin(axe_light_and_dark(env))),
    ]
}

/// Opens a browser with `options`, runs the body, and closes the browser whatever happened.
#[macro_export]
macro_rules! with_browser {
    ($env:expr, $options:expr, |$b:ident| $body:block) => {{
        let $b = $env.browser(&$options).await?;
        let outcome: Outcome = async { $body }.await;
        $b.close().await;
        outcome
    }};
}

pub fn button(id: &str) -> String {
    format!("#earmark-dive-button-{id}")
}

pub fn panel(id: &str) -> String {
    format!("#earmark-dive-panel-{id}")
}

/// Checks that the deep dive `id` is open (or closed) in every way a reader or assistive
/// technology could tell.
pub async fn expect_open(b: &Browser, id: &str, open: bool) -> Outcome {
    let expanded = b.attr(&button(id), "aria-expanded").await?;
    check!(expanded.as_deref() == Some(if open { "true" } else { "false" }), "{id}: aria-expanded is {expanded:?}");
    // WebDriver's attribute command reports boolean attributes as "true"; the DOM tells the
    // value the browser acts on.
    let hidden = b
        .js_with("return document.querySelector(arguments[0]).getAttribute('hidden');", vec![json!(panel(id))])
        .await?;
    let hidden = hidden.as_str().map(str::to_string);
    if open {
        check!(hidden.is_none(), "{id}: open panel still has hidden={hidden:?}");
        // Off-screen sections are not rendered until a reader gets there (content-visibility);
        // look at the panel as a reader would, by scrolling to it.
        b.js_with("document.querySelector(arguments[0]).scrollIntoView({ block: 'center' });", vec![json!(panel(id))]).await?;
        let text = b.find(&format!("{} p", panel(id))).await?;
        let mut shown = false;
        for _ in 0..40 {
            shown = text.is_displayed().await.ctx("visibility")?;
            if shown {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        check!(shown, "{id}: the open panel's text is not displayed");
    } else {
        check!(hidden.as_deref() == Some("until-found"), "{id}: closed panel has hidden={hidden:?}");
    }
    Ok(())
}

async fn stored(b: &Browser, key: &str) -> Result<Value, String> {
    b.js_with("return localStorage.getItem(arguments[0]);", vec![json!(key)]).await
}

pub async fn no_console_errors(b: &Browser) -> Outcome {
    let errors = b.console_errors().await?;
    check!(errors.is_empty(), "console errors: {errors:#?}");
    Ok(())
}

async fn page_shows_the_episode(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        let title = b.find(".earmark-title").await?.text().await.ctx("title")?;
        check!(title == "The Truth About DeepSeek", "title is {title:?}");
        let meta = b.find(".earmark-meta").await?.text().await.ctx("meta")?;
        check!(meta.contains("Robert Wright & Paul Triolo") && meta.contains("February 6, 2025"), "meta is {meta:?}");
        let datetime = b.attr("time", "datetime").await?;
        check!(datetime.as_deref() == Some("2025-02-06"), "datetime is {datetime:?}");
        let summary = b.find(".earmark-summary p").await?.text().await.ctx("summary")?;
        check!(summary.starts_with("In this discussion, Paul Triolo"), "summary is {summary:?}");
        check!(b.find_all(".earmark-takeaway[data-insight]").await?.len() == 3, "expected 3 takeaways");
        check!(b.find_all(".earmark-dive[data-insight]").await?.len() == 5, "expected 5 deep dives");
        check!(b.find_all(".earmark-topic").await?.len() == 8, "expected 8 topics");
        let heading = b.find(&format!("[data-insight='{EXPORT}'] .earmark-dive-label")).await?.text().await.ctx("heading")?;
        check!(heading == "US Export Controls and Their Effectiveness", "heading is {heading:?}");
        for id in [RACE, IMPACT, OPEN_SOURCE, EXPORT] {
            expect_open(&b, id, false).await?;
        }
        // Episode text is text: the "R&D" of the seed is not an entity, "$6" is not a variable.
        let text = b.js(&format!("return document.querySelector(\"{} p\").textContent;", panel(IMPACT))).await?;
        check!(text.as_str().is_some_and(|t| t.contains("$6 million") && t.contains("R&D investments")), "panel text {text}");
        let doc_title = b.client.title().await.ctx("document title")?;
        check!(doc_title.contains("Earmark"), "document title {doc_title:?}");
        no_console_errors(&b).await
    })
}

async fn opens_by_click(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        b.find(&button(RACE)).await?.click().await.ctx("click")?;
        expect_open(&b, RACE, true).await?;
        expect_open(&b, IMPACT, false).await?;
        b.find(&button(RACE)).await?.click().await.ctx("click again")?;
        expect_open(&b, RACE, false).await?;
        no_console_errors(&b).await
    })
}

async fn opens_by_keyboard(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        b.find(&button(IMPACT)).await?.send_keys("\u{e007}").await.ctx("Enter")?;
        expect_open(&b, IMPACT, true).await?;
        let focused = b.js("return document.activeElement.id;").await?;
        check!(focused == json!(format!("earmark-dive-button-{IMPACT}")), "focus moved to {focused}");
        b.find(&button(OPEN_SOURCE)).await?.send_keys("\u{e00d}").await.ctx("Space")?;
        expect_open(&b, OPEN_SOURCE, true).await?;
        b.find(&button(IMPACT)).await?.send_keys("\u{e007}").await.ctx("Enter again")?;
        expect_open(&b, IMPACT, false).await?;
        expect_open(&b, OPEN_SOURCE, true).await
    })
}

async fn expand_and_collapse_all(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        let bulk = b.find_all(".earmark-bulk button").await?;
        check!(bulk.len() == 2, "expected two bulk buttons");
        check!(bulk[0].text().await.ctx("label")? == "Expand all", "first bulk button");
        bulk[0].click().await.ctx("Expand all")?;
        for id in [RACE, IMPACT, OPEN_SOURCE, EXPORT] {
            expect_open(&b, id, true).await?;
        }
        check!(bulk[1].text().await.ctx("label")? == "Collapse all", "second bulk button");
        b.click(".earmark-bulk button:nth-child(2)").await?;
        for id in [RACE, IMPACT, OPEN_SOURCE, EXPORT] {
            expect_open(&b, id, false).await?;
        }
        Ok(())
    })
}

async fn survives_reload(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        check!(stored(&b, KEY).await? == Value::Null, "a first visit writes nothing");
        b.find(&button(EXPORT)).await?.click().await.ctx("click")?;
        b.until("the open section is stored", &format!("localStorage.getItem('{KEY}') !== null")).await?;
        let value = stored(&b, KEY).await?;
        check!(value == json!(format!(r#"{{"version":1,"open":["{EXPORT}"]}}"#)), "stored {value}");
        b.reload().await?;
        expect_open(&b, EXPORT, true).await?;
        expect_open(&b, RACE, false).await?;
        no_console_errors(&b).await
    })
}

/// A link with a text fragment makes the browser search the page, as find-in-page does: the
/// match inside a collapsed panel must be revealed and the accordion state follow.
async fn text_fragment_reveals(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        expect_open(&b, EXPORT, false).await?;
        b.client
            .goto(&format!("{}/?episode={EPISODE}#:~:text=paradoxically%20accelerate%20indigenous", b.base))
            .await
            .ctx("opening a text fragment")?;
        b.wait_until_live().await?;
        b.until(
            "the browser reveals the matching section",
            &format!("document.querySelector('{}').getAttribute('aria-expanded') === 'true'", button(EXPORT)),
        )
        .await?;
        expect_open(&b, EXPORT, true).await?;
        expect_open(&b, RACE, false).await
    })
}

async fn blocked_storage(env: &Env) -> Outcome {
    with_browser!(env, Options { block_storage: true, ..Options::default() }, |b| {
        b.visit("/").await?;
        let probe = b.js("try { window.localStorage; return 'allowed'; } catch (e) { return e.name; }").await?;
        check!(probe == json!("SecurityError"), "the browser did not block storage: {probe}");
        let notice = b.wait_for("[data-notice='StorageBlocked']").await?.text().await.ctx("notice")?;
        check!(notice.contains("blocking storage"), "notice says {notice:?}");
        b.find(&button(RACE)).await?.click().await.ctx("click")?;
        expect_open(&b, RACE, true).await?;
        // The notice can be dismissed, and the live region stays for later notices.
        b.find(".earmark-notice-dismiss").await?.click().await.ctx("dismiss")?;
        b.until("the notice is gone", "!document.querySelector('[data-notice]')").await?;
        check!(b.find_all(".earmark-notices[role=status][aria-live=polite]").await?.len() == 1, "live region missing");
        no_console_errors(&b).await
    })
}

async fn full_storage(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        b.fill_storage().await?;
        b.find(&button(RACE)).await?.click().await.ctx("click")?;
        let notice = b.wait_for("[data-notice='StorageFull']").await?.text().await.ctx("notice")?;
        check!(notice.contains("full"), "notice says {notice:?}");
        expect_open(&b, RACE, true).await?;
        b.find(&button(IMPACT)).await?.click().await.ctx("click")?;
        expect_open(&b, IMPACT, true).await?;
        check!(b.find_all("[data-notice]").await?.len() == 1, "the notice is shown once");
        // Space freed: the next change is saved again.
        b.free_storage().await?;
        b.find(&button(EXPORT)).await?.click().await.ctx("click")?;
        b.until("the state is saved again", &format!("(localStorage.getItem('{KEY}') || '').includes('{EXPORT}')")).await?;
        let value = stored(&b, KEY).await?;
        check!(value.as_str().is_some_and(|v| v.contains(RACE) && v.contains(IMPACT)), "stored {value}");
        Ok(())
    })
}

async fn corrupt_value(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        b.js_with("localStorage.setItem(arguments[0], '{not json');", vec![json!(KEY)]).await?;
        b.reload().await?;
        b.wait_for("[data-notice='CorruptMovedAside']").await?;
        let aside = b
            .js(&format!(
                "return Object.keys(localStorage).filter(k => k.startsWith('{KEY}:corrupt:')).map(k => localStorage.getItem(k));"
            ))
            .await?;
        check!(aside == json!(["{not json"]), "the unreadable value was not kept aside: {aside}");
        b.find(&button(RACE)).await?.click().await.ctx("click")?;
        b.until("the key is written afresh", &format!("(localStorage.getItem('{KEY}') || '').includes('{RACE}')")).await?;
        b.reload().await?;
        expect_open(&b, RACE, true).await?;
        check!(b.find_all("[data-notice]").await?.is_empty(), "no notice once the value is readable again");
        no_console_errors(&b).await
    })
}

async fn newer_value(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        let newer = r#"{"version":2,"open":{"sections":["x"]}}"#;
        b.js_with("localStorage.setItem(arguments[0], arguments[1]);", vec![json!(KEY), json!(newer)]).await?;
        b.reload().await?;
        b.wait_for("[data-notice='NewerVersion']").await?;
        b.find(&button(RACE)).await?.click().await.ctx("click")?;
        expect_open(&b, RACE, true).await?;
        b.find(&button(EXPORT)).await?.click().await.ctx("click")?;
        check!(stored(&b, KEY).await? == json!(newer), "the newer value was overwritten");
        Ok(())
    })
}

async fn unknown_episode(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/?episode=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E").await?;
        let heading = b.find(".earmark-title").await?.text().await.ctx("heading")?;
        check!(heading == "Episode not found", "heading is {heading:?}");
        let state = b.js("return document.getElementById('earmark').dataset.earmarkState;").await?;
        check!(state == json!("not-found"), "data-earmark-state is {state}");
        let message = b.find(".earmark-not-found [role=alert]").await?.text().await.ctx("message")?;
        check!(message.contains("<img src=x onerror=alert(1)>"), "the slug is shown as text: {message:?}");
        check!(b.find_all(".earmark-not-found img").await?.is_empty(), "the slug was inserted as HTML");
        // The build's episodes arrive from its catalogue, linked to their own pages.
        let link = b.wait_for(".earmark-episode-list li:last-child a").await?;
        check!(link.text().await.ctx("link")? == "The Truth About DeepSeek", "link text");
        link.click().await.ctx("following the link")?;
        b.wait_until_live().await?;
        b.wait_for(".earmark-summary").await?;
        let url = b.client.current_url().await.ctx("url")?;
        check!(url.path() == "/the-truth-about-deepseek/", "url is {url}");
        no_console_errors(&b).await
    })
}

async fn known_episode(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit(&format!("/?episode={EPISODE}")).await?;
        let title = b.find(".earmark-title").await?.text().await.ctx("title")?;
        check!(title == "The Truth About DeepSeek", "title is {title:?}");
        Ok(())
    })
}

async fn narrow_screen(env: &Env) -> Outcome {
    with_browser!(env, Options { width: Some(320), ..Options::default() }, |b| {
        b.visit("/").await?;
        b.find(".earmark-bulk button").await?.click().await.ctx("Expand all")?;
        b.settle().await?;
        let overflow = b
            .js("return [document.documentElement.scrollWidth, document.documentElement.clientWidth];")
            .await?;
        check!(overflow[0].as_f64() <= overflow[1].as_f64(), "horizontal overflow at 320 px: {overflow}");
        Ok(())
    })
}

pub async fn run_axe(b: &Browser, env: &Env, label: &str) -> Outcome {
    b.settle().await?;
    b.js(&env.axe).await?;
    let violations = b
        .js_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
               .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at ' +
                   v.nodes.map(n => n.target.join(' ')).join(', '))))
               .catch(e => done(['axe failed: ' + e]));",
        )
        .await?;
    check!(violations == json!([]), "axe, {label}: {violations:#}");
    Ok(())
}

async fn axe_light_and_dark(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        for scheme in ["light", "dark"] {
            b.emulate_media(json!([{ "name": "prefers-color-scheme", "value": scheme }])).await?;
            b.visit("/").await?;
            let dark = b.js("return matchMedia('(prefers-color-scheme: dark)').matches;").await?;
            check!(dark == json!(scheme == "dark"), "the {scheme} scheme is not in effect");
            run_axe(&b, env, &format!("{scheme}, all collapsed")).await?;
            b.find(".earmark-bulk button").await?.click().await.ctx("Expand all")?;
            expect_open(&b, EXPORT, true).await?;
            run_axe(&b, env, &format!("{scheme}, all expanded")).await?;
            b.click(".earmark-bulk button:nth-child(2)").await?;
        }
        Ok(())
    })
}
