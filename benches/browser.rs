//! Keystroke-to-paint in a real headless Chromium: Earmark's search against mark.js, the most
//! used in-page highlighter, on the same long episode in the same browser run.
//!
//! Needs the benchmark build (`./dev bench` makes it): the app built with the long synthetic
//! episode into `target/bench/dist`. For each query the page types it one character at a time
//! (5 rounds) and measures, per keystroke, from the input event to
//! - **work**: the app has done everything for that keystroke (after its scheduled tasks ran,
//!   with style and layout forced), i.e. the matches are in the highlight registry or the DOM;
//! - **frame**: the next animation frame after that, i.e. what the reader sees.
//!
//! Figures, not assertions: the benchmark fails only when it cannot run.

// The end-to-end suite's browser helpers; the benchmark uses only some of them.
#[cfg(not(target_arch = "wasm32"))]
#[allow(dead_code, unused_macros)]
#[path = "../tests/e2e/browser.rs"]
mod browser;
#[cfg(not(target_arch = "wasm32"))]
// Each includer uses part of it (the episode, its transcript, its chapters).
#[allow(dead_code)]
#[path = "long_episode.rs"]
mod long_episode;
#[cfg(not(target_arch = "wasm32"))]
#[allow(dead_code)]
#[path = "../tests/e2e/server.rs"]
mod server;
#[cfg(not(target_arch = "wasm32"))]
#[path = "summary.rs"]
mod summary;

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    if let Err(message) = host::run() {
        eprintln!("browser benchmark: {message}");
        std::process::exit(1);
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod host {
    use std::path::PathBuf;
    use std::time::Duration;

    use serde_json::{json, Value};

    use crate::browser::{Browser, Context, Driver, Options};
    use crate::long_episode;
    use crate::server::{Server, Site};
    use crate::summary::record;

    const ROUNDS: usize = 5;

    /// Measures typing `query` with `apply(prefix)` doing what the page does on input.
    const MEASURE: &str = r#"
        const [setup, query, rounds, done] = arguments;
        const apply = new Function('q', setup);
        const after = (f) => new Promise(r => f(() => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); }));
        const frame = () => after(requestAnimationFrame);
        const task = () => after(f => f());
        (async () => {
            const work = [], paint = [];
            for (let round = 0; round < rounds; round++) {
                for (let i = 1; i <= query.length; i++) {
                    await frame();
                    const t0 = performance.now();
                    apply(query.slice(0, i));
                    await task();
                    void document.body.offsetHeight;
                    const t1 = performance.now();
                    await frame();
                    work.push(t1 - t0);
                    paint.push(performance.now() - t0);
                }
                const found = window.__found ? window.__found() : null;
                apply('');
                await task();
                await frame();
                if (round === rounds - 1) done({ work, paint, found });
            }
        })().catch(e => done({ error: String(e) }));
    "#;

    const EARMARK_INPUT: &str = "const f = document.querySelector('input[type=search]'); f.value = q;
        f.dispatchEvent(new InputEvent('input', { bubbles: true }));";

    const MARKJS_INPUT: &str = "window.__mark = window.__mark || new Mark(document.querySelector('main'));
        window.__mark.unmark();
        if (q) window.__mark.mark(q, { separateWordSearch: false, diacritics: true });";

    fn escape(text: &str) -> String {
        text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
    }

    /// The same episode as plain HTML, every section and the transcript open, for mark.js.
    fn markjs_page(episode: &earmark::core::model::Episode, cues: &[earmark::core::transcript::Cue]) -> String {
        let mut html = String::from("<!doctype html><html lang=en><meta charset=utf-8><title>mark.js</title><script src=mark.min.js></script><main>");
        html += &format!("<h1>{}</h1><p>{}</p><ul>", escape(&episode.title), escape(&episode.summary));
        for takeaway in &episode.takeaways {
            html += &format!("<li>{}</li>", escape(&takeaway.text));
        }
        html += "</ul>";
        for dive in &episode.deep_dives {
            html += &format!("<h3>{}</h3><p>{}</p>", escape(dive.heading.as_deref().unwrap_or_default()), escape(&dive.text));
        }
        html += "<ol>";
        for topic in &episode.topics {
            html += &format!("<li>{}</li>", escape(topic));
        }
        html += "</ol>";
        for cue in cues {
            html += &format!("<p>{}</p>", escape(&cue.text));
        }
        html + "</main>"
    }

    fn stats(values: &Value) -> (f64, f64) {
        let mut v: Vec<f64> = values.as_array().into_iter().flatten().filter_map(Value::as_f64).collect();
        v.sort_by(f64::total_cmp);
        if v.is_empty() {
            return (f64::NAN, f64::NAN);
        }
        let at = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
        (at(0.5), at(0.95))
    }

    async fn measure(b: &Browser, setup: &str, query: &str) -> Result<Value, String> {
        let result = b
            .client
            .execute_async(MEASURE, vec![json!(setup), json!(query), json!(ROUNDS)])
            .await
            .ctx(&format!("measuring {query:?}"))?;
        match result.get("error") {
            Some(error) => Err(format!("in the page: {error}")),
            None => Ok(result),
        }
    }

    pub fn run() -> Result<(), String> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let dist = std::env::var_os("EARMARK_BENCH_DIST").map(PathBuf::from).unwrap_or_else(|| root.join("target/bench/dist"));
        if !dist.join("index.html").is_file() {
            return Err(format!("no benchmark build in {}: run `./dev bench`", dist.display()));
        }
        let text = long_episode::text();
        let episode = earmark::core::parse::parse(&text).ctx("parsing the long episode")?;
        let hour = earmark::core::transcript::TranscriptFormat::WebVtt.parse(&long_episode::transcript()).ctx("parsing the one-hour transcript")?;
        std::fs::write(dist.join("markjs.html"), markjs_page(&episode, &hour.cues)).ctx("writing markjs.html")?;
        std::fs::copy(root.join("node_modules/mark.js/dist/mark.min.js"), dist.join("mark.min.js"))
            .ctx("copying mark.js (run `./dev bench`, which installs it)")?;

        let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".into());
        // Served plainly: the benchmark measures speed; the tests check the policy.
        let server = Server::start(Site { root: dist, ..Site::default() }).ctx("starting the server")?;
        let driver = Driver::start(&chromedriver)?;
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().ctx("tokio")?;
        runtime.block_on(async {
            // `cargo bench --bench browser -- memory` measures memory only.
            if !std::env::args().skip(1).any(|arg| arg == "memory") {
                let b = Browser::open(&driver, &server.base, &chromium, &Options::default()).await?;
                let mut outcome = bench(&b, &text).await;
                if outcome.is_ok() {
                    outcome = transcript(&b).await;
                }
                b.close().await;
                outcome?;
            }
            // In a browser of its own: the JS heap is the renderer's, and the pages the
            // keystroke benchmark opened before (mark.js marking 4,147 matches) would count.
            let b = Browser::open(&driver, &server.base, &chromium, &Options::default()).await?;
            let outcome = memory(&b).await;
            b.close().await;
            outcome
        })
    }

    async fn bench(b: &Browser, text: &str) -> Result<(), String> {
        b.client
            .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(Some(Duration::from_secs(600)), None, None))
            .await
            .ctx("setting the script timeout")?;
        let queries = [
            ("common word", "the"),
            ("rare word", long_episode::RARE_WORD),
            ("no match", "zebrafish xylophone"),
        ];
        let kb = text.len() as f64 / 1e3;
        println!(
            "\nbrowser benchmark: keystroke to paint, {kb:.0} KB episode, {} deep dives and a one-hour transcript ({} cues), {ROUNDS} rounds per query",
            long_episode::DEEP_DIVES,
            long_episode::CUES
        );
        println!("(ms per keystroke; work = until the keystroke's work is done, frame = until the next frame)\n");
        println!("{:<12} {:<22} {:>12} {:>10} {:>12} {:>10}  {:>8}", "query", "", "work median", "work p95", "frame median", "frame p95", "found");

        let mut rows = Vec::new();
        for (label, query) in queries {
            b.visit("/").await?;
            b.js("window.__found = () => document.querySelector('#earmark-search-status').textContent;").await?;
            let earmark = measure(b, EARMARK_INPUT, query).await?;
            b.client.goto(&format!("{}/markjs.html", b.base)).await.ctx("opening the mark.js page")?;
            b.wait_for("main").await?;
            b.js("window.__found = () => document.querySelectorAll('mark').length + ' marks';").await?;
            let markjs = measure(b, MARKJS_INPUT, query).await?;
            for (name, result) in [("Earmark", &earmark), ("mark.js", &markjs)] {
                let (work, work95) = stats(&result["work"]);
                let (frame, frame95) = stats(&result["paint"]);
                let found = result["found"].as_str().map(str::to_string).unwrap_or_else(|| result["found"].to_string());
                println!("{:<12} {:<22} {work:>12.2} {work95:>10.2} {frame:>12.2} {frame95:>10.2}  {found:>8}", label, format!("{name} ({query:?})"));
            }
            rows.push((label, stats(&earmark["work"]).0, stats(&markjs["work"]).0));
        }
        println!();
        for (label, earmark, markjs) in rows {
            println!("{label:<12} median work: Earmark {earmark:.2} ms, mark.js {markjs:.2} ms, mark.js / Earmark = {:.1}x", markjs / earmark);
            record(
                "Search keystroke",
                &format!("{label}, median work: Earmark / mark.js"),
                &format!("{earmark:.1} / {markjs:.1} ms"),
                "< 16 ms and faster than mark.js",
            );
        }
        Ok(())
    }

    /// Runs `action` (a script) and answers the milliseconds from its start to the next frame
    /// after it: the work it caused, with style and layout, until the reader sees it.
    const TO_FRAME: &str = r#"
        const [action, done] = arguments;
        const t0 = performance.now();
        new Function(action)();
        requestAnimationFrame(() => setTimeout(() => done(performance.now() - t0), 0));
    "#;

    async fn to_frame(b: &Browser, action: &str) -> Result<f64, String> {
        let ms = b.client.execute_async(TO_FRAME, vec![json!(action)]).await.ctx("measuring an action")?;
        ms.as_f64().ok_or(format!("no time: {ms}"))
    }

    /// The long episode's one-hour transcript (1,000 cues, 10,000 words): when its cues are on
    /// the page, what opening it costs, and a keystroke and "Where was this said?" with it open.
    async fn transcript(b: &Browser) -> Result<(), String> {
        let mut arrived = Vec::new();
        let (mut open, mut keystroke, mut source) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            b.visit("/").await?;
            b.js("localStorage.clear();").await?;
            b.visit("/").await?;
            let at = b
                .client
                .execute_async(
                    "const done = arguments[0];
                     (function wait() { if (document.querySelectorAll('.earmark-cue').length === 1000) done(performance.now()); else requestAnimationFrame(wait); })();",
                    vec![],
                )
                .await
                .ctx("waiting for the cues")?;
            arrived.push(at.as_f64().unwrap_or(f64::NAN));
            open.push(to_frame(b, "document.querySelector('#earmark-transcript-button').click();").await?);
            let typed = measure(b, EARMARK_INPUT, "the").await?;
            keystroke.push(stats(&typed["work"]).0);
            source.push(to_frame(b, "document.querySelector('.earmark-dive-panel .earmark-source-button').click();").await?);
        }
        let median = |v: &mut Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        let rows = [
            ("cues on the page, from navigation start", median(&mut arrived), "after the first paint"),
            ("opening the transcript, to the next frame", median(&mut open), "< 100 ms"),
            ("keystroke \"the\" with it open, median work", median(&mut keystroke), "< 16 ms"),
            ("\"Where was this said?\", to the next frame", median(&mut source), "< 100 ms"),
        ];
        println!("\none-hour transcript ({} cues) beside the long episode, median of {ROUNDS} runs\n", long_episode::CUES);
        for (label, ms, goal) in rows {
            println!("{label:<46} {ms:>8.1} ms");
            record("Transcript (one hour)", label, &format!("{ms:.1} ms"), goal);
        }
        Ok(())
    }

    /// 50 queries typed one key at a time, the way `MEASURE` types them.
    const QUERIES: &str = "
        const [rounds, done] = arguments;
        const field = document.querySelector('input[type=search]');
        const words = ['the', 'china', 'export controls', 'open source', 'quokka', 'deepseek', 'cooperation', 'A.I.', 'rôle', 'zebrafish'];
        const frame = () => new Promise(r => requestAnimationFrame(() => r()));
        (async () => {
            for (let round = 0; round < rounds; round++) {
                for (let q = 0; q < 50; q++) {
                    const word = words[q % words.length];
                    for (let i = 1; i <= word.length; i++) {
                        field.value = word.slice(0, i);
                        field.dispatchEvent(new InputEvent('input', { bubbles: true }));
                        await frame();
                    }
                }
                field.value = '';
                field.dispatchEvent(new InputEvent('input', { bubbles: true }));
                await frame();
            }
            done(true);
        })().catch(e => done(String(e)));";

    /// The wasm's linear memory and the JS heap after garbage collection, in MB.
    async fn heap(b: &Browser) -> Result<(f64, f64), String> {
        b.cdp("HeapProfiler.collectGarbage", json!({})).await?;
        let js = b.cdp("Runtime.getHeapUsage", json!({})).await?;
        // The app's module, imported again, is the same instance: its init hands back the
        // running wasm's exports, memory included.
        let wasm = b
            .client
            .execute_async(
                r#"const done = arguments[0];
                 const src = [...document.querySelectorAll('script[type=module]')].map(s => s.src)[0];
                 fetch(src).then(r => r.text()).then(async (text) => {
                   const name = text.match(/earmark-[0-9a-f]+\.js/)[0];
                   const module = await import(new URL(name, src).href);
                   const exports = await module.default();
                   done(exports.memory.buffer.byteLength);
                 }).catch(e => done(String(e)));"#,
                vec![],
            )
            .await
            .ctx("reading the wasm memory")?;
        let mb = |v: f64| v / 1_048_576.0;
        let wasm = wasm.as_f64().ok_or(format!("the wasm memory could not be read: {wasm}"))?;
        Ok((mb(wasm), mb(js["usedSize"].as_f64().unwrap_or(f64::NAN))))
    }

    /// Memory with the long episode open: after loading, after 50 queries, after 50 more. The
    /// second round must not grow it (no leaked ranges, listeners or closures).
    async fn memory(b: &Browser) -> Result<(), String> {
        b.visit("/").await?;
        let start = heap(b).await?;
        let mut after = Vec::new();
        for _ in 0..2 {
            let typed = b.client.execute_async(QUERIES, vec![json!(1)]).await.ctx("typing 50 queries")?;
            if typed != json!(true) {
                return Err(format!("typing queries failed: {typed}"));
            }
            after.push(heap(b).await?);
        }
        println!("\nmemory with the long episode open (MB; goal: wasm <= 10, JS heap <= 5, no growth in round 2)\n");
        println!("{:<28} {:>10} {:>10}", "", "wasm", "JS heap");
        for (label, (wasm, js)) in [("loaded", start), ("after 50 queries", after[0]), ("after 50 more", after[1])] {
            println!("{label:<28} {wasm:>10.2} {js:>10.2}");
            record("Memory (long episode)", &format!("{label}: wasm / JS heap"), &format!("{wasm:.1} / {js:.1} MB"), "10 / 5 MB, flat in round 2");
        }
        Ok(())
    }
}
