//! Re-rendering held to what changed, in a real browser on a release build: a keystroke in the
//! search renders the search bar (and the root that owns the state), opening a section renders
//! that section, a new highlight renders its one segment. A render that changes no DOM is
//! invisible to a mutation observer, so the components' own counts are read: `./dev test`
//! builds the app once more with the `render-count` feature and the long synthetic episode
//! (1,500 deep dives, 3,013 segments) and its one-hour transcript (1,000 cues) into
//! `target/counted`, named by `EARMARK_COUNTED_DIST`.

use serde_json::{json, Value};

use crate::browser::{Browser, Options, Outcome};
use crate::check;
use crate::host::{Env, Scenario};
use crate::server::{Server, Site, STRICT_CSP};

const FIELD: &str = "input[type=search][aria-label='Search this episode']";
const ESCAPE: &str = "\u{e00c}";

pub fn scenarios() -> Vec<(&'static str, Scenario)> {
    vec![("renders_held_to_what_changed_on_the_long_episode", |env| Box::pin(held_to_what_changed(env)))]
}

/// The renders counted since the last call, read from the running app's module (importing it
/// again hands back the same instance).
async fn counts(b: &Browser) -> Result<Value, String> {
    b.js_async(
        "const done = arguments[0];
         const src = document.querySelector('script[type=module]').src;
         fetch(src).then(r => r.text()).then(async (text) => {
           const module = await import(new URL(text.match(/earmark-[0-9a-f]+\\.js/)[0], src).href);
           if (typeof module.render_counts !== 'function') return done('this build counts no renders');
           done(module.render_counts());
         }).catch(e => done(String(e)));",
    )
    .await
}

/// Waits out what a change schedules (effects, timers, the search's pause before it reports),
/// then reads the counts.
async fn settled(b: &Browser) -> Result<Value, String> {
    b.js_async("const done = arguments[0]; setTimeout(() => requestAnimationFrame(() => done(true)), 500);").await?;
    counts(b).await
}

/// What one keystroke renders: "e" typed after "th" was answered (into an empty field).
async fn third_key(b: &Browser) -> Result<Value, String> {
    b.find(FIELD).await?.send_keys("th").await.map_err(|e| format!("typing: {e}"))?;
    b.until("the first keys are answered", "/ of /.test(document.querySelector('#earmark-search-status').textContent)").await?;
    settled(b).await?;
    b.find(FIELD).await?.send_keys("e").await.map_err(|e| format!("typing: {e}"))?;
    b.until("the keystroke is answered", "document.querySelector('#earmark-search-status').textContent.startsWith('1 of ')").await?;
    settled(b).await
}

async fn held_to_what_changed(env: &Env) -> Outcome {
    let dist = env.counted.as_ref().ok_or(
        "EARMARK_COUNTED_DIST is not set: `./dev test` builds the app with the render-count feature into target/counted and names it",
    )?;
    let server = Server::start(Site { root: dist.clone(), csp: Some(STRICT_CSP.into()), cors: true, ..Site::default() })
        .map_err(|e| format!("starting the server: {e}"))?;
    let b = Browser::open(&env.driver, &server.base, &env.chromium, &Options::default()).await?;
    let outcome: Outcome = async {
        b.visit("/").await?;
        b.wait_until_live().await?;
        // The worker's first install reports "available offline" through the root; wait for
        // it, so that it is not counted against the reader's actions.
        b.until("the app is available offline", "/Available offline/.test(document.querySelector('.earmark-offline-ready')?.textContent ?? '')").await?;
        // The transcript's cues arrive after the page; they are on it before the reader acts.
        b.until("the transcript's cues arrive", "document.querySelectorAll('.earmark-cue').length === 1000").await?;
        let arrival = settled(&b).await?;
        check!(arrival.is_object(), "the counts cannot be read: {arrival}");
        // Each section rendered as often as the topic list, which nothing after the start
        // changes (Yew renders each component twice in hydrating): not again when the
        // transcript's cues joined the episode, nor when the worker reported.
        let starts = arrival["Topics"].as_u64().unwrap_or(0);
        check!(starts > 0 && arrival["DeepDive"] == json!(1500 * starts), "by the time the cues arrived, the sections rendered {} times and the topics {starts}", arrival["DeepDive"]);
        let first = counts(&b).await?;
        check!(first.is_object(), "the counts cannot be read: {first}");

        let keystroke = third_key(&b).await?;
        check!(keystroke == json!({ "App": 1, "SearchBar": 1 }), "one keystroke rendered {keystroke}");

        // The search cleared, then one closed section opened (its share button is part of it).
        b.find(FIELD).await?.send_keys(ESCAPE).await.map_err(|e| format!("pressing Escape: {e}"))?;
        b.until("the search is cleared", "document.querySelector('#earmark-search-status').textContent === ''").await?;
        settled(&b).await?;
        let closed = "document.querySelectorAll('.earmark-dive-button[aria-expanded=false]')[3]";
        b.js(&format!("{closed}.setAttribute('data-probe', '');")).await?;
        b.click(".earmark-dive-button[data-probe]").await?;
        b.until("the section opens", "document.querySelector('.earmark-dive-button[data-probe]').getAttribute('aria-expanded') === 'true'").await?;
        let opened = settled(&b).await?;
        check!(
            opened == json!({ "App": 1, "DeepDives": 1, "DeepDive": 1 }),
            "opening one section rendered {opened}"
        );

        // A highlight made as a reader makes one: drag over words, then Highlight.
        b.drag_select(".earmark-summary p", "Paul Triolo").await?;
        b.until("the toolbar appears", "document.querySelector('.earmark-highlight-button') !== null").await?;
        settled(&b).await?;
        b.click(".earmark-highlight-button").await?;
        b.until("the highlight is marked", "document.querySelector('mark[data-highlight]') !== null").await?;
        let highlighted = settled(&b).await?;
        check!(highlighted["SegmentText"] == json!(1), "not one segment rendered: {highlighted}");
        for quiet in ["DeepDive", "DeepDives", "Takeaways", "Topics", "EpisodeHeader", "SearchBar", "Transcript", "Chapters"] {
            check!(highlighted.get(quiet).is_none(), "a new highlight rendered {quiet}: {highlighted}");
        }

        // Opening the one-hour transcript renders the transcript, not its thousand cues' texts
        // nor any deep dive; a keystroke with it open renders it no more than before.
        b.click("#earmark-transcript-button").await?;
        b.until("the transcript opens", "document.querySelector('#earmark-transcript-button').getAttribute('aria-expanded') === 'true'").await?;
        let opened = settled(&b).await?;
        check!(opened == json!({ "App": 1, "Transcript": 1 }), "opening the transcript rendered {opened}");
        let keystroke = third_key(&b).await?;
        check!(keystroke == json!({ "App": 1, "SearchBar": 1 }), "one keystroke with the transcript open rendered {keystroke}");
        Ok(())
    }
    .await;
    b.close().await;
    outcome
}
