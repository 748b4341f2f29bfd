//! The prerendered pages, as a reader meets them: every page kind hydrates (Yew adopts the
//! elements the build wrote, without a console error or warning) and then works; an insight's
//! page opens that insight; the catalogue links the episodes; without JavaScript an episode
//! page is still the whole episode; and visited pages read offline.

use serde_json::json;

use crate::browser::{Browser, Context, Options, Outcome};
use crate::check;
use crate::host::{Env, Scenario};
use crate::reading::{button, expect_open, EPISODE, EXPORT, RACE};
use crate::with_browser;

pub fn scenarios() -> Vec<(&'static str, Scenario)> {
    vec![
        ("pages_every_kind_hydrates_without_a_console_problem_and_works", |env| Box::pin(every_kind_hydrates(env))),
        ("pages_an_insight_page_opens_that_insight_in_view", |env| Box::pin(insight_page(env))),
        ("pages_a_link_into_a_fetched_episode_waits_for_it", |env| Box::pin(link_into_fetched(env))),
        ("pages_the_catalogue_links_every_episode", |env| Box::pin(catalogue(env))),
        ("pages_read_without_javascript", |env| Box::pin(without_javascript(env))),
        ("pages_visited_pages_read_offline_and_insight_pages_fall_back", |env| Box::pin(offline_pages(env))),
    ]
}

const SECURITY: &str = "widgets-that-behave-security-for-the-embedded-web";
const SECURITY_DIVE: &str = "isolation-with-shadow-dom";

/// No error and no warning in the console since the last read (`context` names the page).
async fn no_console_problems(b: &Browser, context: &str) -> Outcome {
    let problems = b.console_problems().await?;
    check!(problems.is_empty(), "{context} the console says {problems:?}");
    Ok(())
}

/// Records, from before the page's first byte is parsed, every element the app's mount loses:
/// a hydrated page keeps the elements the build wrote, a page rendered afresh replaces them.
async fn watch_replacements(b: &Browser) -> Outcome {
    b.cdp(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": "
            window.replaced = 0;
            new MutationObserver((records) => {
              for (const r of records) for (const n of r.removedNodes) if (n.nodeType === 1 && n.matches('article.earmark')) window.replaced += 1;
            }).observe(document, { childList: true, subtree: true });
            document.addEventListener('DOMContentLoaded', () => {
              window.prerendered = document.querySelector('#earmark article.earmark');
            });" }),
    )
    .await
    .map(|_| ())
}

async fn every_kind_hydrates(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        watch_replacements(&b).await?;
        let pages = [
            ("/", "The Truth About DeepSeek", true),
            (&format!("/{EPISODE}/") as &str, "The Truth About DeepSeek", true),
            (&format!("/{EPISODE}/{EXPORT}/"), "The Truth About DeepSeek", true),
            (&format!("/{SECURITY}/"), "Widgets That Behave: Security for the Embedded Web", true),
            (&format!("/{SECURITY}/{SECURITY_DIVE}/"), "Widgets That Behave: Security for the Embedded Web", true),
            (&format!("/{EPISODE}/?embed=1"), "The Truth About DeepSeek", true),
            // The root page holds the first episode; asked for another, it renders that one.
            (&format!("/?episode={SECURITY}"), "Widgets That Behave: Security for the Embedded Web", false),
        ];
        for (path, title, hydrated) in pages {
            b.visit(path).await?;
            let shown = b.find(".earmark-title").await?.text().await.ctx("title")?;
            check!(shown == title, "{path}: the title is {shown:?}");
            no_console_problems(&b, path).await?;
            let kept = b.js("return [window.replaced, window.prerendered === document.querySelector('#earmark article.earmark')];").await?;
            if hydrated {
                check!(kept == json!([0, true]), "{path}: the prerendered elements were replaced, not hydrated: {kept}");
            } else {
                check!(kept[1] == json!(false), "{path}: the wrong episode's elements stayed: {kept}");
            }
            // The head describes the episode shown, whichever page shows it.
            let head = b
                .js("return [document.title, JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent).name,
                             document.querySelector('meta[property=\"og:title\"]').content];")
                .await?;
            let tab = if path.contains(&format!("/{EXPORT}/")) || path.contains(&format!("/{SECURITY_DIVE}/")) { None } else { Some(format!("{title} · Earmark")) };
            if let Some(tab) = tab {
                check!(head == json!([tab, title, title]), "{path}: the head describes another episode: {head}");
            } else {
                check!(head[1] == json!(title), "{path}: the JSON-LD describes another episode: {head}");
            }
        }

        // Hydrated, the page works as ever: the accordion, search and the URL.
        b.visit(&format!("/{EPISODE}/")).await?;
        b.click(&button(RACE)).await?;
        expect_open(&b, RACE, true).await?;
        b.click(".earmark-search-input").await?;
        b.press("export").await?;
        b.until("matches are counted", "/of/.test(document.querySelector('.earmark-search-status').textContent)").await?;
        b.until("the search is kept in the address", "new URL(location.href).searchParams.get('q') === 'export'").await?;
        b.reload().await?;
        expect_open(&b, RACE, true).await?;
        let query = b.js("return document.querySelector('.earmark-search-input').value;").await?;
        check!(query == json!("export"), "after a reload the search is {query}");
        no_console_problems(&b, "").await?;

        // An episode that is not in the build: the tab says so too. (Last: the browser logs
        // the episode's 404 as a console error.)
        b.visit("/?episode=no-such-episode").await?;
        b.until("the tab says the episode is not found", "document.title === 'Episode not found · Earmark'").await?;
        Ok(())
    })
}

async fn insight_page(env: &Env) -> Outcome {
    with_browser!(env, Options { width: Some(390), ..Options::default() }, |b| {
        b.visit(&format!("/{EPISODE}/{EXPORT}/")).await?;
        // Where the page puts the reader first (`expect_open` below scrolls, as a reader would).
        b.until("the insight has the focus", &format!("document.activeElement === document.querySelector('{}')", button(EXPORT))).await?;
        b.until(
            "the insight is in view",
            &format!("(() => {{ const r = document.querySelector('{}').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }})()", button(EXPORT)),
        )
        .await?;
        expect_open(&b, EXPORT, true).await?;
        expect_open(&b, RACE, false).await?;
        let head = b
            .js("return [document.title, document.querySelector('link[rel=canonical]'), document.querySelector('meta[property=\"og:title\"]').content];")
            .await?;
        check!(
            head == json!([
                "US Export Controls and Their Effectiveness · The Truth About DeepSeek",
                // No site address in this build: no canonical link, which must be absolute.
                null,
                "US Export Controls and Their Effectiveness"
            ]),
            "the head says {head}"
        );
        // A takeaway's page points at the takeaway.
        let takeaway = "the-competitive-landscape-of-ai-between";
        b.visit(&format!("/{EPISODE}/{takeaway}/")).await?;
        b.until("the takeaway has the focus", &format!("document.activeElement?.closest('[data-insight]')?.dataset.insight === '{takeaway}'")).await?;
        no_console_problems(&b, "").await?;
        Ok(())
    })
}

async fn link_into_fetched(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        // The root page holds the first episode; this one is fetched, and the link and the
        // search in the address wait for it.
        b.visit(&format!("/?episode={SECURITY}&q=shadow#insight={SECURITY_DIVE}")).await?;
        expect_open(&b, SECURITY_DIVE, true).await?;
        b.until("the search waited too", "/of/.test(document.querySelector('.earmark-search-status').textContent)").await?;
        let query = b.js("return document.querySelector('.earmark-search-input').value;").await?;
        check!(query == json!("shadow"), "the search field holds {query}");
        // An address the loader and the app might read differently (a trailing U+0085, which
        // JavaScript does not trim and Rust does) still shows the episode, without a crash.
        b.visit(&format!("/{EPISODE}/?episode={EPISODE}%C2%85")).await?;
        let title = b.find(".earmark-title").await?.text().await.ctx("title")?;
        check!(title == "The Truth About DeepSeek", "the page shows {title:?}");
        no_console_problems(&b, "").await?;
        Ok(())
    })
}

async fn catalogue(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit(&format!("/{EPISODE}/")).await?;
        b.click(".earmark-catalogue-link").await?;
        b.wait_for(".earmark-catalogue-list").await?;
        let listed = b.js("return [...document.querySelectorAll('.earmark-catalogue-title a')].map(a => a.textContent);").await?;
        check!(
            listed == json!(["Widgets That Behave: Security for the Embedded Web", "The Truth About DeepSeek"]),
            "the catalogue lists {listed}"
        );
        let scripts = b.js("return document.scripts.length === 0 || [...document.scripts].every(s => s.type !== 'module');").await?;
        check!(scripts == json!(true), "the catalogue page loads the app");
        b.click(".earmark-catalogue-item:first-child .earmark-catalogue-title a").await?;
        b.wait_until_live().await?;
        let url = b.client.current_url().await.ctx("url")?;
        check!(url.path() == format!("/{SECURITY}/"), "the link went to {url}");
        no_console_problems(&b, "").await?;
        Ok(())
    })
}

async fn without_javascript(env: &Env) -> Outcome {
    with_browser!(env, Options { no_javascript: true, width: Some(390), ..Options::default() }, |b| {
        b.client.goto(&format!("{}/{EPISODE}/", b.base)).await.ctx("opening the episode page")?;
        let summary = b.wait_for(".earmark-summary").await?;
        check!(summary.is_displayed().await.ctx("summary")?, "the summary is not shown");
        check!(summary.text().await.ctx("summary")?.contains("Paul Triolo"), "the summary is empty");
        // No app ran: nothing set the state.
        let state = b.find("#earmark").await?.attr("data-earmark-state").await.ctx("state")?;
        check!(state.is_none(), "the app ran (data-earmark-state={state:?}): JavaScript is not off");
        let panels = b.find_all(".earmark-dive-panel").await?;
        check!(panels.len() == 5, "{} deep dives", panels.len());
        // Laid out and painted (WebDriver's own "displayed" takes any `hidden` attribute for
        // hidden, so the panel's box and style say it): a paragraph's height of text.
        for panel in panels {
            let text = panel.prop("textContent").await.ctx("panel")?.unwrap_or_default();
            let (_, _, _, height) = panel.rectangle().await.ctx("panel")?;
            let style = (panel.css_value("display").await.ctx("display")?, panel.css_value("content-visibility").await.ctx("content-visibility")?);
            check!(
                text.len() > 100 && height > 60.0 && style == ("block".to_string(), "visible".to_string()),
                "a deep dive cannot be read: {height} px tall, {style:?}: {text:?}"
            );
        }
        // What needs the app is not offered.
        let search = b.find(".earmark-search-input").await?;
        check!(!search.is_displayed().await.ctx("search")?, "a search field that cannot work is shown");
        crate::layout::save_screenshot(&b, "no-javascript-390").await?;
        Ok(())
    })
}

async fn offline_pages(env: &Env) -> Outcome {
    let (server, _root) = crate::offline::serve_copy(env, "offline-pages", "")?;
    with_browser!(env, Options::default(), |b| {
        // The first page a reader opens is an episode's own page.
        crate::offline::first_visit(&b, &format!("{}/{EPISODE}/", server.base)).await?;
        server.set_down(true);
        b.reload().await?;
        let title = b.find(".earmark-title").await?.text().await.ctx("title")?;
        check!(title == "The Truth About DeepSeek", "offline, the episode page shows {title:?}");
        // An insight's page never visited: its episode's page, opened there.
        b.client.goto(&format!("{}/{EPISODE}/{EXPORT}/", server.base)).await.ctx("opening an insight page offline")?;
        b.wait_until_live().await?;
        expect_open(&b, EXPORT, true).await?;
        let url = b.client.current_url().await.ctx("url")?;
        check!(url.path() == format!("/{EPISODE}/") && url.fragment() == Some(&format!("insight={EXPORT}") as &str), "offline it landed on {url}");
        // Another episode never visited says it is not available, and offers to try again.
        b.client.goto(&format!("{}/{SECURITY}/", server.base)).await.ctx("opening another episode offline")?;
        b.wait_until_live().await?;
        let heading = b.find(".earmark-title").await?.text().await.ctx("heading")?;
        check!(heading == "Episode not available", "offline, an unvisited episode shows {heading:?}");
        server.set_down(false);
        b.click(".earmark-not-found .earmark-text-button").await?;
        b.until("trying again loads it", "document.querySelector('.earmark-title')?.textContent === 'Widgets That Behave: Security for the Embedded Web'").await?;
        Ok(())
    })
}
