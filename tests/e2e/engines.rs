//! The cross-engine subset: what a reader does most, in Chromium, Firefox and WebKit alike. Each
//! scenario is engine-neutral: it uses only standard WebDriver commands and page script (no
//! DevTools, no console log, which only chromedriver offers), and it tells what the browser
//! supports by asking the page (the CSS Custom Highlight API, or the `<mark>` fallback), not by
//! the engine's name. `main.rs` runs them in each engine of `EARMARK_ENGINES`, as
//! `<engine>/<name>`.
//!
//! Harness quirks these scenarios respect: a reload is `location.reload()` outside Chromium
//! (see `Browser::reload`); headless Firefox windows are at least 500 px wide and MiniBrowser's
//! about 447 px, so nothing here depends on a narrow window; WebKitWebDriver may miss a click in
//! a frame below the host's fold, so nothing here clicks inside a frame.

use serde_json::{json, Value};

use crate::browser::{Browser, Context, Options, Outcome};
use crate::check;
use crate::host::{Env, Scenario};
use crate::offline::{first_visit, serve_copy};
use crate::reading::{button, expect_open, EPISODE, EXPORT, IMPACT, RACE};
use crate::transcript::cues_arrived;
use crate::with_browser;

const SEARCH: &str = ".earmark-search-input";
const ENTER: &str = "\u{e007}";

pub fn scenarios() -> Vec<(&'static str, Scenario)> {
    vec![
        ("page_reads_and_goes_live", |env| Box::pin(reads_and_goes_live(env))),
        ("deep_dive_opens_on_click", |env| Box::pin(deep_dive_opens(env))),
        ("search_counts_paints_and_moves_to_the_next_match", |env| Box::pin(search_counts(env))),
        ("highlight_dragged_with_the_mouse_survives_a_reload", |env| Box::pin(highlight_survives_reload(env))),
        ("links_open_a_section_and_start_a_search", |env| Box::pin(links(env))),
        ("transcript_opens", |env| Box::pin(transcript_opens(env))),
        ("embeds_render_in_a_shadow_root_and_the_iframe_fits", |env| Box::pin(embeds(env))),
        ("service_worker_controls_the_page_after_a_reload", |env| Box::pin(worker_after_reload(env))),
        // A frame sized to its content cannot scroll: the host page must move (embed-frame.js).
        ("iframe_brings_links_and_matches_into_the_hosts_view", |env| Box::pin(crate::embed::frame_brings_into_view(env))),
    ]
}

/// Waits until the search status says `expected`.
async fn status_says(b: &Browser, expected: &str) -> Outcome {
    b.until_equals("the search status settles", "document.querySelector('#earmark-search-status').textContent", &json!(expected)).await
}

async fn reads_and_goes_live(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        let page = format!("{}/{EPISODE}/", b.base);
        b.client.goto(&page).await.ctx("opening the episode page")?;
        // The element the build wrote, kept to compare with the live one: hydration adopts it.
        // (WebDriver answers after the load event, and in all three engines the app has not
        // gone live by then, so this is the prerendered element.)
        let before = b
            .js("window.prerendered = document.querySelector('#earmark article.earmark');
                 return document.getElementById('earmark').dataset.earmarkState || null;")
            .await?;
        // The page as the server sent it, parsed by this browser without running its scripts
        // (an XHR document): the episode is there as HTML, for a reader before the app is live
        // (or without it). DOMParser would be a Trusted Types sink under the page's policy.
        let served = b
            .js_async(
                "const done = arguments[0];
                 const xhr = new XMLHttpRequest(); xhr.open('GET', location.href); xhr.responseType = 'document';
                 xhr.onerror = () => done('the page could not be fetched again');
                 xhr.onload = () => {
                   const d = xhr.response;
                   const text = (css) => { const e = d.querySelector(css); return e && e.textContent.trim(); };
                   done({ title: text('#earmark .earmark-title'), summary: text('#earmark .earmark-summary p'),
                          takeaways: d.querySelectorAll('#earmark .earmark-takeaway[data-insight]').length,
                          dives: [...d.querySelectorAll('#earmark .earmark-dive[data-insight]')].filter(x => x.querySelector('[id^=earmark-dive-panel-] p')).length,
                          live: d.querySelector('[data-earmark-state]') !== null });
                 };
                 xhr.send();",
            )
            .await?;
        check!(served["title"] == json!("The Truth About DeepSeek"), "the served page's title: {served}");
        check!(served["summary"].as_str().is_some_and(|s| s.starts_with("In this discussion, Paul Triolo")), "the served summary: {served}");
        check!(served["takeaways"] == json!(3) && served["dives"] == json!(5), "the served insights: {served}");
        check!(served["live"] == json!(false), "the served page claims to be live already: {served}");
        b.wait_until_live().await?;
        let live = b
            .js("return { state: document.getElementById('earmark').dataset.earmarkState,
                          articles: document.querySelectorAll('#earmark article.earmark').length,
                          kept: window.prerendered === document.querySelector('#earmark article.earmark'),
                          title: document.querySelector('.earmark-title').textContent,
                          dives: document.querySelectorAll('.earmark-dive-button').length };")
            .await?;
        check!(live["state"] == json!("ready"), "data-earmark-state is {} (before: {before})", live["state"]);
        check!(live["articles"] == json!(1) && live["kept"] == json!(true), "the prerendered article was replaced, not hydrated: {live}");
        check!(live["title"] == served["title"], "the live title differs from the served one: {live}");
        check!(live["dives"] == json!(5), "the live page has {} deep-dive buttons", live["dives"]);
        for id in [RACE, IMPACT, EXPORT] {
            expect_open(&b, id, false).await?;
        }
        Ok(())
    })
}

async fn deep_dive_opens(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        expect_open(&b, RACE, false).await?;
        b.click(&button(RACE)).await?;
        // `expect_open` checks aria-expanded, the panel's `hidden` and that its text is shown.
        expect_open(&b, RACE, true).await?;
        expect_open(&b, IMPACT, false).await?;
        // WebDriver's text of an element is what is rendered of it: none while it is hidden.
        let text = b.find(&format!("#earmark-dive-panel-{RACE} p")).await?.text().await.ctx("the panel's text")?;
        check!(text.len() > 100, "the open panel shows {text:?}");
        Ok(())
    })
}

/// The search's paint as the page has it: whether the CSS Custom Highlight API is there, how
/// many matches are painted (highlight ranges, or `<mark data-match>` elements without it), and
/// the current match's text and place (characters of the page's text before it).
const PAINT: &str = "
    const registry = window.CSS && CSS.highlights;
    let painted = 0, node = null, offset = 0, text = null;
    if (registry) {
      const all = registry.get('earmark-search');
      painted = all ? all.size : 0;
      const current = registry.get('earmark-search-current');
      if (current && current.size === 1) {
        const [s] = current; const r = document.createRange();
        r.setStart(s.startContainer, s.startOffset); r.setEnd(s.endContainer, s.endOffset);
        [node, offset, text] = [r.startContainer, r.startOffset, r.toString()];
      }
    } else {
      painted = document.querySelectorAll('mark[data-match]').length;
      const current = document.querySelectorAll('mark[data-match][aria-current=true]');
      if (current.length === 1) [node, offset, text] = [current[0].firstChild, 0, current[0].textContent];
    }
    let at = -1, before = 0;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (node && walker.nextNode()) {
      if (walker.currentNode === node) { at = before + offset; break; }
      before += walker.currentNode.data.length;
    }
    return { api: !!registry, painted, text, at };";

async fn search_counts(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        b.find(SEARCH).await?.send_keys("deepseek").await.ctx("typing the query")?;
        // 14 in the insights, 3 in the chapter titles and 7 in the (synthetic) transcript.
        status_says(&b, "1 of 24").await?;
        let first = b.js(PAINT).await?;
        if first["api"] == json!(true) {
            // The 10 visible matches (3 in chapter titles): collapsed sections count theirs but
            // paint them once open.
            check!(first["painted"] == json!(10), "highlight ranges painted: {first}");
            check!(b.find_all("mark[data-match]").await?.is_empty(), "marks added although the highlight API is there");
        } else {
            check!(first["painted"] == json!(24), "<mark> elements painted: {first}");
        }
        check!(first["text"] == json!("DeepSeek") && first["at"].as_i64().is_some_and(|at| at >= 0), "the current match: {first}");
        b.find(SEARCH).await?.send_keys(ENTER).await.ctx("pressing Enter")?;
        status_says(&b, "2 of 24").await?;
        let second = b.js(PAINT).await?;
        check!(second["text"].as_str().is_some_and(|t| t.eq_ignore_ascii_case("deepseek")), "the next match: {second}");
        check!(second["at"].as_i64() > first["at"].as_i64(), "the current match did not move on: {first} then {second}");
        Ok(())
    })
}

async fn highlight_survives_reload(env: &Env) -> Outcome {
    const PHRASE: &str = "Paul Triolo, a prominent expert";
    let marked = "return [...document.querySelectorAll('mark[data-highlight]')].map(m => m.textContent).join('');";
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        b.drag_select(".earmark-summary p", PHRASE).await?;
        b.wait_for(".earmark-selection-toolbar").await?;
        b.click(".earmark-selection-toolbar .earmark-highlight-button").await?;
        b.wait_for("mark[data-highlight]").await?;
        check!(b.js(marked).await? == json!(PHRASE), "the drag highlighted {}", b.js(marked).await?);
        b.reload().await?;
        b.wait_for("mark[data-highlight]").await?;
        check!(b.js(marked).await? == json!(PHRASE), "after a reload the highlight holds {}", b.js(marked).await?);
        Ok(())
    })
}

async fn links(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit(&format!("/?episode={EPISODE}#insight={EXPORT}")).await?;
        b.until("the linked section opens", &format!("document.querySelector('{}').getAttribute('aria-expanded') === 'true'", button(EXPORT))).await?;
        b.until("the linked section has the focus", &format!("document.activeElement === document.querySelector('{}')", button(EXPORT))).await?;
        // Polled: the scroll to it may be smooth.
        b.until(
            "the linked section is in view",
            &format!("(() => {{ const r = document.querySelector(\"[data-insight='{EXPORT}']\").getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }})()"),
        )
        .await?;
        expect_open(&b, EXPORT, true).await?;
        expect_open(&b, IMPACT, false).await?;

        b.visit("/?q=export%20controls").await?;
        // Three in the insights, one in the transcript.
        status_says(&b, "1 of 4").await?;
        let query = b.js(&format!("return document.querySelector('{SEARCH}').value;")).await?;
        check!(query == json!("export controls"), "the search field holds {query}");
        Ok(())
    })
}

async fn transcript_opens(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        cues_arrived(&b).await?;
        check!(b.attr("#earmark-transcript-button", "aria-expanded").await?.as_deref() == Some("false"), "the transcript is not closed at first");
        b.click("#earmark-transcript-button").await?;
        b.until("the transcript opens", "document.querySelector('#earmark-transcript-button').getAttribute('aria-expanded') === 'true'").await?;
        let panel = b.js("return document.querySelector('#earmark-transcript-panel').getAttribute('hidden');").await?;
        check!(panel == Value::Null, "the open transcript's panel is hidden={panel}");
        let first = b.find("#earmark-transcript-panel .earmark-cue").await?;
        b.js("document.querySelector('#earmark-transcript-panel .earmark-cue').scrollIntoView({ block: 'center' });").await?;
        check!(first.is_displayed().await.ctx("the first cue")?, "the first cue is not shown");
        let cue = b
            .js("const c = document.querySelector('#earmark-transcript-panel .earmark-cue');
                 return [c.querySelector('.earmark-speaker').textContent, c.querySelector('.earmark-time').textContent,
                         document.querySelectorAll('.earmark-chapter-heading').length];")
            .await?;
        check!(cue == json!(["Robert Wright", "0:00", 9]), "the first cue's speaker and time, and the chapter headings: {cue}");
        Ok(())
    })
}

/// Waits until the host page's iframe is as tall as its content, which `embed-frame.js` keeps
/// it, and returns that height. Measured inside the frame, whose window is the frame's box:
/// the script takes away its border and its scroll bar (checked by the caller).
async fn iframe_fits_its_content(b: &Browser) -> Result<f64, String> {
    // In view first: Chromium does not render a cross-origin frame that is off screen, and so
    // would not report its content's new height.
    b.js("document.querySelector('iframe[data-earmark-frame]').scrollIntoView({ block: 'start' });").await?;
    b.client.enter_frame(0).await.ctx("entering the iframe")?;
    let height = async {
        b.wait_until_live().await?;
        // Polled: the content may still grow ("Available offline" appears, say), and the frame
        // follows it.
        b.until("the frame is as tall as its content", "Math.ceil(document.documentElement.getBoundingClientRect().height) === innerHeight").await?;
        b.js("return innerHeight;").await?.as_f64().ctx("the frame's height")
    }
    .await;
    b.client.enter_parent_frame().await.ctx("leaving the iframe")?;
    height
}

async fn embeds(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        // Waits until both script instances of the demo show their episode.
        b.visit_host(&env.host, "/", 2).await?;
        let shown = b
            .js("const root = document.querySelector('[data-earmark]').shadowRoot;
                 return { title: root.querySelector('.earmark-title').textContent,
                          styled: getComputedStyle(root.querySelector('.earmark-dive-button')).display,
                          leaked: document.querySelectorAll('.earmark-title, .earmark-dive-button').length };")
            .await?;
        check!(shown["title"] == json!("The Truth About DeepSeek"), "the script embed shows {shown}");
        // Earmark's stylesheet reached the shadow root (a button unstyled would be inline-block).
        check!(shown["styled"] == json!("flex"), "the deep-dive button in the shadow root is display {}", shown["styled"]);
        check!(shown["leaked"] == json!(0), "the instance rendered into the host's document: {shown}");

        let height = iframe_fits_its_content(&b).await?;
        let frame = b
            .js("const f = document.querySelector('iframe[data-earmark-frame]'); const style = getComputedStyle(f);
                 return { scrolling: f.getAttribute('scrolling'), border: style.borderTopWidth + ' ' + style.borderBottomWidth,
                          padding: style.paddingTop + ' ' + style.paddingBottom, height: f.getBoundingClientRect().height };")
            .await?;
        check!(frame["scrolling"] == json!("no"), "the frame keeps a scroll bar of its own: {frame}");
        check!(frame["border"] == json!("0px 0px") && frame["padding"] == json!("0px 0px"), "the frame's box is not its window's: {frame}");
        // 150 px is an iframe's height when nothing sizes it.
        check!(height > 150.0 && frame["height"].as_f64().is_some_and(|h| h > 150.0), "the iframe is {} px tall, its content {height} px", frame["height"]);
        Ok(())
    })
}

async fn worker_after_reload(env: &Env) -> Outcome {
    // A server of its own, which this scenario takes down: then only the worker can answer.
    let (server, _root) = serve_copy(env, &format!("engines-worker-{}", env.driver.engine.name()), "")?;
    with_browser!(env, Options::default(), |b| {
        // Live, everything cached for offline, and the worker in control (it claims the page).
        first_visit(&b, &format!("{}/?episode={EPISODE}", server.base)).await?;
        b.reload().await?;
        let worker = b
            .js("const c = navigator.serviceWorker.controller; return { script: c && c.scriptURL, state: c && c.state };")
            .await?;
        check!(worker["script"] == json!(format!("{}/sw.js", server.base)), "after a reload the page is controlled by {}", worker["script"]);
        check!(worker["state"] == json!("activated"), "the controlling worker is {}", worker["state"]);
        // With the server gone, a reload still brings the page: the worker answers it.
        server.set_down(true);
        let offline = b.reload().await;
        server.set_down(false);
        offline?;
        let title = b.find(".earmark-title").await?.text().await.ctx("the title")?;
        check!(title == "The Truth About DeepSeek", "reloaded through the worker, the page shows {title:?}");
        let controlled = b.js("return navigator.serviceWorker.controller !== null;").await?;
        check!(controlled == json!(true), "the page reloaded offline is not controlled");
        Ok(())
    })
}
