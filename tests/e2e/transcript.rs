//! The transcript and chapters, as a reader uses them: opening the transcript, the chapter
//! list, search and highlights inside it, `#t=` links, "Where was this said?", the
//! `earmark:seek` event, and a host's audio element followed as it plays.
//!
//! The seed episode's transcript and chapters are SYNTHETIC fixtures (`seeds/000_*.vtt`,
//! `.chapters.json`): 29 cues from 0:00 to 22:40, nine chapters of which one is not listed.

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

use crate::browser::{Browser, Context, Options, Outcome};
use crate::check;
use crate::host::{Env, Scenario};
use crate::offline::scratch;
use crate::reading::{button, no_console_errors, run_axe, EPISODE, EXPORT};
use crate::server::{copy_dir, Server, Site, STRICT_CSP};
use crate::with_browser;

const TRANSCRIPT_BUTTON: &str = "#earmark-transcript-button";
const PANEL: &str = "#earmark-transcript-panel";
/// The cue said from 4:30 to 5:20.
const HEDGE_FUND_CUE: &str = "[data-cue='transcript:270000']";

pub fn scenarios() -> Vec<(&'static str, Scenario)> {
    vec![
        ("transcript_opens_with_speakers_times_and_chapters", |env| Box::pin(opens(env))),
        ("transcript_chapter_list_jumps_into_the_transcript_and_seeks", |env| Box::pin(chapters(env))),
        ("transcript_search_counts_and_paints_inside_it", |env| Box::pin(search(env))),
        ("transcript_highlight_survives_reload_and_exports_its_time", |env| Box::pin(highlight(env))),
        ("transcript_time_link_opens_the_cue_said_then", |env| Box::pin(time_link(env))),
        ("transcript_where_was_this_said_marks_the_passage", |env| Box::pin(where_said(env))),
        ("transcript_host_audio_is_seeked_and_followed", |env| Box::pin(audio(env))),
        ("transcript_in_a_script_embed_and_an_iframe_seeks_through_the_host", |env| Box::pin(embedded(env))),
        ("transcript_axe_finds_no_violations_with_it_open", |env| Box::pin(axe(env))),
    ]
}

/// Waits until the transcript's cues have arrived (after the first paint).
pub async fn cues_arrived(b: &Browser) -> Outcome {
    b.until("the transcript's cues arrive", "document.querySelectorAll('.earmark-cue').length === 29").await
}

async fn open_transcript(b: &Browser) -> Outcome {
    cues_arrived(b).await?;
    b.click(TRANSCRIPT_BUTTON).await?;
    b.until("the transcript opens", &format!("document.querySelector('{TRANSCRIPT_BUTTON}').getAttribute('aria-expanded') === 'true'")).await
}

/// Records every `earmark:seek` the page hears, in `window.seeks`.
async fn listen_for_seeks(b: &Browser) -> Outcome {
    b.js("window.seeks = []; document.addEventListener('earmark:seek', (e) => window.seeks.push(e.detail.seconds));").await.map(|_| ())
}

async fn seeks(b: &Browser) -> Result<Value, String> {
    b.js("return window.seeks;").await
}

async fn opens(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        let heading = b.find(TRANSCRIPT_BUTTON).await?.text().await.ctx("the transcript's button")?;
        check!(heading.starts_with("Transcript") && heading.contains("23 min"), "the button says {heading:?}");
        check!(b.attr(TRANSCRIPT_BUTTON, "aria-expanded").await?.as_deref() == Some("false"), "the transcript starts collapsed");
        let hidden = b.js(&format!("return document.querySelector('{PANEL}').getAttribute('hidden');")).await?;
        check!(hidden == json!("until-found"), "the collapsed panel is hidden until found: {hidden}");
        open_transcript(&b).await?;
        check!(b.js(&format!("return document.querySelector('{PANEL}').hasAttribute('hidden');")).await? == json!(false), "the panel shows");
        let facts = b
            .js("const cues = [...document.querySelectorAll('.earmark-cue')];
                 return {
                   note: document.querySelector('.earmark-transcript-note').textContent,
                   speakers: [...document.querySelectorAll('.earmark-speaker')].slice(0, 3).map(s => s.textContent),
                   times: cues.slice(0, 3).map(c => c.querySelector('.earmark-time').textContent),
                   tag: cues[1].querySelector('.earmark-time').tagName,
                   chapters: [...document.querySelectorAll('.earmark-chapter-heading')].map(h => h.textContent),
                   lastTime: cues[cues.length - 1].querySelector('.earmark-time').textContent,
                 };")
            .await?;
        check!(facts["note"].as_str().is_some_and(|n| n.contains("SYNTHETIC")), "the synthetic transcript says so: {facts}");
        check!(facts["speakers"] == json!(["Robert Wright", "Paul Triolo", "Robert Wright"]), "speakers: {facts}");
        // On Earmark's own page without a player, a time has nothing to move: it is text.
        check!(facts["times"] == json!(["0:00", "0:21", "0:44"]) && facts["tag"] == "SPAN", "times: {facts}");
        check!(facts["lastTime"] == "22:00", "the last cue's time: {facts}");
        // Every chapter heads its part of the transcript, the one left out of the list too.
        let chapters = facts["chapters"].as_array().ctx("chapter headings")?;
        check!(chapters.len() == 9, "chapter headings: {facts}");
        check!(chapters[0] == "0:00Paul’s new newsletter, AIStackDecrypted" && chapters[5] == "12:15Race or not?", "chapter headings: {facts}");
        // Closing it again; it is remembered across a reload.
        b.reload().await?;
        cues_arrived(&b).await?;
        check!(b.attr(TRANSCRIPT_BUTTON, "aria-expanded").await?.as_deref() == Some("true"), "the open transcript is remembered");
        b.click(TRANSCRIPT_BUTTON).await?;
        b.until("it closes", &format!("document.querySelector('{PANEL}').getAttribute('hidden') === 'until-found'")).await?;
        no_console_errors(&b).await
    })
}

async fn chapters(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        cues_arrived(&b).await?;
        listen_for_seeks(&b).await?;
        let listed = b.js("return [...document.querySelectorAll('.earmark-chapter')].map(c => c.textContent);").await?;
        check!(listed.as_array().map(Vec::len) == Some(8), "toc: false leaves one chapter out of the list: {listed}");
        check!(listed[6] == "19:10The real lesson to take from DeepSeek", "chapters: {listed}");
        b.click(".earmark-chapter-list li:nth-child(6) .earmark-chapter").await?;
        // "Did the chip war on China really backfire?" starts at 15:30, a cue's start.
        b.until("the transcript opens at the chapter", "document.activeElement && document.activeElement.dataset.cue === 'transcript:930000'").await?;
        check!(b.attr(TRANSCRIPT_BUTTON, "aria-expanded").await?.as_deref() == Some("true"), "the transcript opened");
        b.until("the cue comes into view", "(() => { const r = document.activeElement.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })()").await?;
        check!(seeks(&b).await? == json!([930]), "earmark:seek: {}", seeks(&b).await?);
        no_console_errors(&b).await
    })
}

async fn search(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        cues_arrived(&b).await?;
        // "hedge fund" is said in the transcript only.
        b.find("input[type=search]").await?.send_keys("hedge fund").await.ctx("typing")?;
        b.until("the transcript's header counts its match", "document.querySelector('#earmark-transcript-button .earmark-dive-matches').textContent === '1 match'").await?;
        let status = b.find(".earmark-search-status").await?.text().await.ctx("status")?;
        check!(status == "1 of 1", "status {status:?}");
        // The current match is in the transcript, which the search opened and paints.
        b.until("the search opens the transcript", &format!("document.querySelector('{TRANSCRIPT_BUTTON}').getAttribute('aria-expanded') === 'true'")).await?;
        b.until("the match is painted in its cue", "(() => { const h = CSS.highlights.get('earmark-search'); if (!h || h.size !== 1) return false; const [r] = h; return r.startContainer.parentElement.closest('[data-cue]').dataset.cue === 'transcript:270000'; })()").await?;
        b.until("the match is scrolled into view", &format!("(() => {{ const r = document.querySelector(\"{HEDGE_FUND_CUE}\").getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }})()")).await?;
        // Words in the insights and the transcript are counted in both.
        b.js("const i = document.querySelector('input[type=search]'); i.value = ''; i.dispatchEvent(new Event('input', { bubbles: true }));").await?;
        b.find("input[type=search]").await?.send_keys("chip").await.ctx("typing")?;
        b.until("every match is counted", "/of [5-9]/.test(document.querySelector('.earmark-search-status').textContent)").await?;
        no_console_errors(&b).await
    })
}

async fn highlight(env: &Env) -> Outcome {
    let downloads = scratch("transcript-downloads");
    with_browser!(env, Options::default(), |b| {
        b.allow_downloads(&downloads).await?;
        b.visit("/").await?;
        open_transcript(&b).await?;
        b.drag_select(&format!("{HEDGE_FUND_CUE} .earmark-cue-text"), "hedge fund, High-Flyer").await?;
        b.wait_for(".earmark-selection-toolbar").await?;
        b.click(".earmark-highlight-button").await?;
        b.wait_for(&format!("{HEDGE_FUND_CUE} mark[data-highlight]")).await?;
        let stored = b.js("return JSON.parse(localStorage.getItem('earmark:v1:the-truth-about-deepseek:highlights'));").await?;
        let saved = &stored["highlights"][0];
        check!(saved["insight"] == "transcript:270000" && saved["exact"] == "hedge fund, High-Flyer", "stored {saved}");
        // After a reload the cues arrive after the page, and the highlight is placed again.
        b.reload().await?;
        b.wait_for(&format!("{HEDGE_FUND_CUE} mark[data-highlight]")).await?;
        let text = b.find(&format!("{HEDGE_FUND_CUE} mark[data-highlight]")).await?.text().await.ctx("mark")?;
        check!(text == "hedge fund, High-Flyer", "mark {text:?}");
        b.click(".earmark-panel-toggle").await?;
        b.wait_for("#earmark-highlights-panel").await?;
        let item = b.find("#earmark-highlights-panel").await?.text().await.ctx("panel")?;
        check!(item.contains("Transcript at 4:30, Paul Triolo"), "the panel names where it was said: {item}");
        check!(!item.contains("Could not be placed"), "an orphan: {item}");
        b.click(".earmark-panel-tools button:nth-child(1)").await?;
        let path = downloads.join("the-truth-about-deepseek-highlights.md");
        let mut waited = 0;
        while !path.is_file() && waited < 100 {
            tokio::time::sleep(Duration::from_millis(50)).await;
            waited += 1;
        }
        let md = std::fs::read_to_string(&path).ctx("the Markdown export")?;
        check!(md.contains("## Transcript at 4:30, Paul Triolo\n\n> hedge fund, High-Flyer"), "markdown: {md}");
        check!(md.contains("#insight=transcript&t=270&quote=hedge%20fund%2C%20High-Flyer"), "the export links to the time: {md}");
        no_console_errors(&b).await
    })
}

async fn time_link(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        // 5:00 is said in the cue from 4:30.
        b.visit(&format!("/{EPISODE}/#t=300")).await?;
        b.until("the cue said at 5:00 has focus", "document.activeElement && document.activeElement.dataset.cue === 'transcript:270000'").await?;
        check!(b.attr(TRANSCRIPT_BUTTON, "aria-expanded").await?.as_deref() == Some("true"), "the transcript opened");
        b.until("it is in view", &format!("(() => {{ const r = document.querySelector(\"{HEDGE_FUND_CUE}\").getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }})()")).await?;
        // A clock form, followed on hashchange; a quote form marks its words.
        b.js("location.hash = 't=12:15';").await?;
        b.until("the cue said at 12:15 has focus", "document.activeElement && document.activeElement.dataset.cue === 'transcript:735000'").await?;
        b.js("location.hash = 'insight=transcript&quote=' + encodeURIComponent('It grew out of a hedge fund');").await?;
        b.until("the quote is marked", &format!("document.querySelector(\"{HEDGE_FUND_CUE} mark[data-link]\") && document.querySelector(\"{HEDGE_FUND_CUE} mark[data-link]\").textContent === 'It grew out of a hedge fund'")).await?;
        no_console_errors(&b).await
    })
}

async fn where_said(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        cues_arrived(&b).await?;
        b.click(&button(EXPORT)).await?;
        let source = format!("[data-insight='{EXPORT}'] .earmark-source-button");
        let label = b.attr(&source, "aria-label").await?;
        check!(label.as_deref() == Some("Where was this said? US Export Controls and Their Effectiveness"), "label {label:?}");
        b.click(&source).await?;
        b.until("the answer is given beside the button", &format!("/^Said at \\d+:\\d\\d$/.test(document.querySelector(\"[data-insight='{EXPORT}'] .earmark-source-status\").textContent)")).await?;
        let facts = b
            .js("const marked = [...document.querySelectorAll('.earmark-cue.is-source')].map(c => c.dataset.cue);
                 return { marked, focused: document.activeElement.dataset.cue, open: document.querySelector('#earmark-transcript-button').getAttribute('aria-expanded') };")
            .await?;
        check!(facts["open"] == "true", "the transcript opened: {facts}");
        let marked: Vec<&str> = facts["marked"].as_array().ctx("marked cues")?.iter().filter_map(Value::as_str).collect();
        let focused = facts["focused"].as_str().unwrap_or_default();
        check!(!marked.is_empty() && marked.contains(&focused), "the passage is marked around the focused cue: {facts}");
        // The deep dive was written from 15:30 to 18:20 (the synthetic fixture's expectations).
        let start: u64 = focused.trim_start_matches("transcript:").parse().unwrap_or(0);
        check!((930_000..=1_100_000).contains(&start), "taken to {focused}");
        let status = b.find(&format!("[data-insight='{EXPORT}'] .earmark-source-status")).await?.text().await.ctx("status")?;
        check!(status == format!("Said at {}:{:02}", start / 60_000, start / 1000 % 60), "status {status:?} for {focused}");
        let announced = b.js("return document.querySelector('.earmark-visually-hidden[role=status]').textContent;").await?;
        check!(announced == json!(status), "the one live region announces the answer: {announced}");
        no_console_errors(&b).await
    })
}

/// `seconds` of silence as an 8 kHz, 8-bit mono WAV file.
fn silence(seconds: u32) -> Vec<u8> {
    let rate = 8_000u32;
    let data = rate * seconds;
    let mut wav = Vec::with_capacity(44 + data as usize);
    wav.extend_from_slice(b"RIFF");
    wav.extend_from_slice(&(36 + data).to_le_bytes());
    wav.extend_from_slice(b"WAVEfmt ");
    wav.extend_from_slice(&16u32.to_le_bytes());
    wav.extend_from_slice(&1u16.to_le_bytes()); // PCM
    wav.extend_from_slice(&1u16.to_le_bytes()); // mono
    wav.extend_from_slice(&rate.to_le_bytes());
    wav.extend_from_slice(&rate.to_le_bytes()); // bytes per second
    wav.extend_from_slice(&1u16.to_le_bytes()); // block align
    wav.extend_from_slice(&8u16.to_le_bytes()); // bits per sample
    wav.extend_from_slice(b"data");
    wav.extend_from_slice(&data.to_le_bytes());
    wav.resize(44 + data as usize, 128);
    wav
}

/// A copy of the build whose episode page has the host's player: an `<audio>` element with
/// `data-audio-for="earmark"` (the id of the element the page mounts into).
fn with_audio(env: &Env, dir: &Path) -> Result<Server, String> {
    copy_dir(&env.dist, dir).ctx("copying the build")?;
    std::fs::write(dir.join("episode.wav"), silence(60)).ctx("writing the audio")?;
    let page = dir.join(EPISODE).join("index.html");
    let html = std::fs::read_to_string(&page).ctx("reading the page")?;
    let mount = "<main id=\"earmark\"";
    check!(html.contains(mount), "the page has no mount element");
    let html = html.replacen(mount, &format!("<audio data-audio-for=\"earmark\" controls preload=\"auto\" src=\"../episode.wav\"></audio>{mount}"), 1);
    std::fs::write(&page, html).ctx("writing the page")?;
    Server::start(Site { root: dir.to_path_buf(), csp: Some(STRICT_CSP.into()), cors: true, ..Site::default() }).ctx("starting a server")
}

async fn audio(env: &Env) -> Outcome {
    let server = with_audio(env, &scratch("transcript-audio"))?;
    with_browser!(env, Options::default(), |b| {
        b.client.goto(&format!("{}/{EPISODE}/", server.base)).await.ctx("opening the page")?;
        b.wait_until_live().await?;
        b.until("the audio is ready", "document.querySelector('audio').readyState >= 1").await?;
        open_transcript(&b).await?;
        listen_for_seeks(&b).await?;
        let label = b.attr("[data-cue='transcript:21000'] .earmark-time", "aria-label").await?;
        check!(label.as_deref() == Some("Play from 0:21"), "with a player a time is a button: {label:?}");
        b.click("[data-cue='transcript:21000'] .earmark-time").await?;
        b.until("the audio moved to 0:21", "Math.abs(document.querySelector('audio').currentTime - 21) < 1").await?;
        check!(seeks(&b).await? == json!([21]), "earmark:seek: {}", seeks(&b).await?);
        b.until("the cue being played is marked", "document.querySelector(\"[data-cue='transcript:21000']\").getAttribute('aria-current') === 'time'").await?;
        // The host's own player moves on; the mark follows, and the page does not scroll away
        // from what the reader reads.
        let scrolled = b.js("window.scrollTo(0, 0); return scrollY;").await?;
        b.js("document.querySelector('audio').currentTime = 50;").await?;
        b.until("the mark follows the audio", "document.querySelector(\"[data-cue='transcript:44000']\").getAttribute('aria-current') === 'time'").await?;
        let marked = b.js("return [...document.querySelectorAll('[aria-current=time]')].map(c => c.dataset.cue);").await?;
        check!(marked == json!(["transcript:44000"]), "one cue is marked: {marked}");
        check!(b.js("return scrollY;").await? == scrolled, "the page scrolled while the audio played");
        no_console_errors(&b).await
    })
}

async fn embedded(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit_host(&env.host, "/", 2).await?;
        b.js("window.seeks = []; document.addEventListener('earmark:seek', (e) => window.seeks.push([e.target.tagName, e.detail.seconds]));").await?;
        let first = "document.querySelector('[data-earmark]').shadowRoot";
        b.until("the widget's cues arrive", &format!("{first}.querySelectorAll('.earmark-cue').length === 29")).await?;
        b.click_on(&format!("{first}.querySelector('#earmark-transcript-button')")).await?;
        b.until("the transcript opens in the widget", &format!("{first}.querySelector('#earmark-transcript-button').getAttribute('aria-expanded') === 'true'")).await?;
        b.click_on(&format!("{first}.querySelector(\"[data-cue='transcript:44000'] .earmark-time\")")).await?;
        b.until("the host hears the seek", "window.seeks.length === 1").await?;
        let heard = b.js("return window.seeks;").await?;
        check!(heard == json!([["DIV", 44]]), "earmark:seek on the host element: {heard}");
        // The iframe's reader presses a time: the frame tells its parent, and embed-frame.js
        // dispatches the same event on the iframe element and moves the player the host marked
        // for it. (No media is loaded: the element keeps the position as its default start,
        // which `currentTime` reports.)
        b.js("const frame = document.querySelector('iframe[data-earmark-frame]'); frame.id = 'episode-frame';
              const player = document.createElement('audio'); player.dataset.audioFor = 'episode-frame'; player.id = 'frame-player';
              document.querySelector('main').append(player); frame.scrollIntoView();").await?;
        b.client.enter_frame(0).await.ctx("entering the frame")?;
        b.wait_until_live().await?;
        open_transcript(&b).await?;
        b.click("[data-cue='transcript:21000'] .earmark-time").await?;
        b.client.enter_parent_frame().await.ctx("leaving the frame")?;
        b.until("the host hears the frame's seek", "window.seeks.length === 2").await?;
        let heard = b.js("return window.seeks;").await?;
        check!(heard[1] == json!(["IFRAME", 21]), "earmark:seek on the iframe: {heard}");
        b.until("the frame's player is moved to 0:21", "document.getElementById('frame-player').currentTime === 21").await?;

        // A player marked for a script embed's element (`data-audio-for` its id).
        b.js("const player = document.createElement('audio'); player.dataset.audioFor = 'marked'; player.id = 'marked-player';
              document.querySelector('main').append(player);
              const el = document.createElement('div'); el.id = 'marked'; el.dataset.earmark = ''; el.dataset.episode = 'the-truth-about-deepseek';
              document.querySelector('main').prepend(el);").await?;
        let marked = "document.getElementById('marked').shadowRoot";
        b.until("the marked widget has its cues", &format!("{marked} && {marked}.querySelectorAll('.earmark-cue').length === 29")).await?;
        b.until("its transcript is open (remembered)", &format!("{marked}.querySelector('#earmark-transcript-button').getAttribute('aria-expanded') === 'true'")).await?;
        b.js(&format!("{marked}.querySelector(\"[data-cue='transcript:0'] .earmark-time\").scrollIntoView({{ block: 'center' }});")).await?;
        b.click_on(&format!("{marked}.querySelector(\"[data-cue='transcript:21000'] .earmark-time\")")).await?;
        b.until("the marked player is moved to 0:21", "document.getElementById('marked-player').currentTime === 21").await?;

        // A host hands its player to `Earmark.mount`: a time seeks it. (No media is loaded, so
        // the element keeps the position as its default start, which `currentTime` reports.)
        b.js("const player = document.createElement('audio'); player.id = 'host-player'; document.querySelector('main').append(player);
                 const el = document.createElement('div'); el.id = 'with-player'; document.querySelector('main').prepend(el);
                 window.withPlayer = Earmark.mount(el, { episode: 'the-truth-about-deepseek', audio: player });
                 const bad = document.createElement('div'); document.querySelector('main').prepend(bad);
                 window.errors = []; const error = console.error; console.error = (...a) => { errors.push(a.join(' ')); error(...a); };
                 Earmark.mount(bad, { episode: 'the-truth-about-deepseek', audio: 5 });")
            .await?;
        b.until("a bad audio option is named", "errors.some(m => m.includes('option \"audio\": must be an <audio> or <video> element, not a number'))").await?;
        let host = "document.getElementById('with-player').shadowRoot";
        b.until("the player's widget has its cues", &format!("{host} && {host}.querySelectorAll('.earmark-cue').length === 29")).await?;
        // Open already: the sections a reader opened are remembered per episode, and this page's
        // first instance of the episode opened its transcript above.
        b.until("its transcript is open", &format!("{host}.querySelector('#earmark-transcript-button').getAttribute('aria-expanded') === 'true'")).await?;
        b.js(&format!("{host}.querySelector(\"[data-cue='transcript:44000']\").scrollIntoView({{ block: 'center' }});")).await?;
        b.click_on(&format!("{host}.querySelector(\"[data-cue='transcript:44000'] .earmark-time\")")).await?;
        b.until("the host's player is moved to 0:44", "document.getElementById('host-player').currentTime === 44").await?;
        Ok(())
    })
}

async fn axe(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        open_transcript(&b).await?;
        b.click(&button(EXPORT)).await?;
        b.click(&format!("[data-insight='{EXPORT}'] .earmark-source-button")).await?;
        b.wait_for(".earmark-cue.is-source").await?;
        for scheme in ["light", "dark"] {
            b.emulate_media(json!([{ "name": "prefers-color-scheme", "value": scheme }])).await?;
            run_axe(&b, env, &format!("{scheme}, transcript open")).await?;
        }
        Ok(())
    })
}
