//! The layout holds in the space it is given, from 280 px up: the standalone page on a phone
//! (mobile emulation), an instance in a narrow script-embed container, and the iframe. At each
//! width, with the search active and the Highlights panel open and closed, no visible control
//! overlaps another, no button clips its label, nothing sticks out of the instance, and the
//! search field stays wide enough to read.
//!
//! Screenshots of every state are written to `target/screenshots/` for a person to look at;
//! they are not compared (a picture that passes these checks can still look wrong).

use std::path::PathBuf;

use serde_json::{json, Value};

use crate::browser::{Browser, Context, Options, Outcome};
use crate::check;
use crate::host::{Env, Scenario};
use crate::reading::EPISODE;
use crate::with_browser;

pub const WIDTHS: [u32; 7] = [280, 320, 360, 390, 414, 768, 1280];

pub fn scenarios() -> Vec<(&'static str, Scenario)> {
    vec![
        ("layout_standalone_page_holds_from_280_px_up", |env| Box::pin(standalone(env))),
        ("layout_script_embed_and_iframe_hold_from_280_px_up", |env| Box::pin(embedded(env))),
        ("layout_demo_host_page_holds_on_a_phone_and_a_desktop", |env| Box::pin(demo(env))),
    ]
}

/// Checks the controls under `root` (a document or a shadow root) inside the box of `frame`
/// (the instance's outer element); returns what is wrong, one line each.
const GEOMETRY: &str = "
const [root, frame] = arguments;
// Off-screen sections skip layout (content-visibility: auto) until a reader scrolls to them;
// lay them all out, as scrolling through would, so that their controls have real boxes.
for (const dive of root.querySelectorAll('.earmark-dive, .earmark-cue')) dive.style.contentVisibility = 'visible';
const box = frame.getBoundingClientRect();
const name = (el) => (el.getAttribute('aria-label') || el.textContent || el.placeholder || el.tagName).trim().slice(0, 30);
const controls = [...root.querySelectorAll('button, input, a[href], select, textarea, [role=button]')].filter((el) => {
  const r = el.getBoundingClientRect();
  const s = getComputedStyle(el);
  return r.width > 2 && r.height > 2 && s.visibility !== 'hidden' && s.opacity !== '0' && !el.closest('[hidden]');
});
const problems = [];
for (let i = 0; i < controls.length; i++) {
  const a = controls[i].getBoundingClientRect();
  if (a.left < box.left - 1 || a.right > box.right + 1) problems.push(`sticks out: ${name(controls[i])} [${Math.round(a.left)}, ${Math.round(a.right)}] of [${Math.round(box.left)}, ${Math.round(box.right)}]`);
  for (let j = i + 1; j < controls.length; j++) {
    if (controls[i].contains(controls[j]) || controls[j].contains(controls[i])) continue;
    const b = controls[j].getBoundingClientRect();
    const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (w > 1 && h > 1) problems.push(`overlap: ${name(controls[i])} / ${name(controls[j])}`);
  }
  const el = controls[i];
  if (el.tagName === 'BUTTON' && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1))
    problems.push(`clipped: ${name(el)} (${el.scrollWidth}x${el.scrollHeight} in ${el.clientWidth}x${el.clientHeight})`);
}
const field = root.querySelector('.earmark-search-input');
if (!field) problems.push('no search field');
else if (field.getBoundingClientRect().width < 140) problems.push(`search field only ${Math.round(field.getBoundingClientRect().width)} px wide`);
if (frame.scrollWidth > frame.clientWidth + 1) problems.push(`scrolls sideways: ${frame.scrollWidth} > ${frame.clientWidth}`);
return { problems, controls: controls.length };";

/// Runs the geometry check on `root`/`frame` (script expressions) and fails with what it found.
async fn holds(b: &Browser, root: &str, frame: &str, what: &str) -> Outcome {
    b.js("window.scrollTo(0, 0);").await?;
    b.settle().await?;
    let found = b.js(&format!("return (function() {{ {GEOMETRY} }})({root}, {frame});")).await?;
    let problems: Vec<&str> = found["problems"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    check!(found["controls"].as_u64().unwrap_or(0) >= 8, "{what}: only {} controls found", found["controls"]);
    check!(problems.is_empty(), "{what}: {problems:?}");
    Ok(())
}

fn screenshot_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

pub async fn save_screenshot(b: &Browser, name: &str) -> Outcome {
    let png = b.client.screenshot().await.ctx("taking a screenshot")?;
    std::fs::write(screenshot_dir().join(format!("{name}.png")), png).ctx("saving a screenshot")
}

/// Emulates a phone (or a desktop) `width` px wide.
async fn emulate(b: &Browser, width: u32) -> Outcome {
    let mobile = width < 768;
    b.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": width, "height": 844, "deviceScaleFactor": if mobile { 2 } else { 1 }, "mobile": mobile }),
    )
    .await
    .map(|_| ())
}

/// Makes one highlight, so that the panel has an item with its buttons.
async fn one_highlight(b: &Browser) -> Outcome {
    b.drag_select(".earmark-summary p", "prominent expert").await?;
    b.wait_for(".earmark-selection-toolbar").await?;
    b.click(".earmark-highlight-button").await?;
    b.wait_for("mark[data-highlight]").await.map(|_| ())
}

/// Where the instance under test is: the document (the standalone page or a frame), or the
/// n-th script instance's shadow root.
#[derive(Clone, Copy)]
enum Place {
    Document,
    Shadow(usize),
}

impl Place {
    fn root(self) -> String {
        match self {
            Place::Document => "document".into(),
            Place::Shadow(n) => format!("shadow({n})"),
        }
    }

    fn frame(self) -> String {
        match self {
            Place::Document => "document.documentElement".into(),
            Place::Shadow(n) => format!("inShadow({n}, '.earmark-root')"),
        }
    }

    /// Whether the element `css` has focus.
    fn focused(self, css: &str) -> String {
        format!("{}.activeElement === {}", self.root(), self.element(css))
    }

    fn element(self, css: &str) -> String {
        match self {
            Place::Document => format!("document.querySelector('{css}')"),
            Place::Shadow(n) => format!("inShadow({n}, '{css}')"),
        }
    }

    /// A mouse click on `css`: WebDriver's element click in a document (also inside a frame),
    /// a pointer click at the element's position in a shadow root, which locators cannot reach.
    async fn click(self, b: &Browser, css: &str) -> Outcome {
        match self {
            Place::Document => b.click(css).await,
            Place::Shadow(_) => b.click_on(&self.element(css)).await,
        }
    }
}

/// The three states, checked in turn: at rest, searching, and searching with the panel open.
async fn states(b: &Browser, at: &str, place: Place, shot: Option<&str>) -> Outcome {
    let (root, frame) = (place.root(), place.frame());
    holds(b, &root, &frame, &format!("{at}, at rest")).await?;
    place.click(b, ".earmark-search-input").await?;
    b.until("the search field has focus", &place.focused(".earmark-search-input")).await?;
    b.press("the").await?;
    b.until("the search counts", &format!("/of/.test({}.textContent)", place.element(".earmark-search-status"))).await?;
    holds(b, &root, &frame, &format!("{at}, searching")).await?;
    place.click(b, ".earmark-panel-toggle").await?;
    b.until("the panel opens", &format!("{}.getAttribute('aria-expanded') === 'true'", place.element(".earmark-panel-toggle"))).await?;
    holds(b, &root, &frame, &format!("{at}, searching, panel open")).await?;
    if let Some(name) = shot {
        b.js("window.scrollTo(0, 0);").await?;
        save_screenshot(b, name).await?;
    }
    // Back to rest for the next width: panel closed, search cleared.
    place.click(b, ".earmark-panel-toggle").await?;
    place.click(b, ".earmark-search-input").await?;
    b.until("the search field has focus again", &place.focused(".earmark-search-input")).await?;
    b.press("\u{E00C}").await?;
    b.until("the search clears", &format!("{}.value === ''", place.element(".earmark-search-input"))).await
}

async fn standalone(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit(&format!("/?episode={EPISODE}")).await?;
        one_highlight(&b).await?;
        // With the transcript open (its times, the chapter list and "Where was this said?"
        // answered), as a reader who has used it leaves the page.
        crate::transcript::cues_arrived(&b).await?;
        b.click("#earmark-transcript-button").await?;
        b.click(".earmark-takeaway .earmark-source-button").await?;
        b.wait_for(".earmark-cue.is-source").await?;
        for scheme in ["light", "dark"] {
            b.emulate_media(json!([{ "name": "prefers-color-scheme", "value": scheme }])).await?;
            for width in WIDTHS {
                emulate(&b, width).await?;
                let shot = format!("standalone-{width}-{scheme}");
                let at = format!("standalone page at {width} px ({scheme})");
                states(&b, &at, Place::Document, Some(&shot)).await?;
                if width == 390 || width == 1280 {
                    b.js("document.querySelector('.earmark-chapters').scrollIntoView();").await?;
                    save_screenshot(&b, &format!("transcript-{width}-{scheme}")).await?;
                    b.js("document.querySelector('.earmark-cue.is-source').scrollIntoView({ block: 'center' });").await?;
                    save_screenshot(&b, &format!("transcript-cues-{width}-{scheme}")).await?;
                    b.js("document.querySelector('.earmark-takeaway').scrollIntoView({ block: 'center' });").await?;
                    save_screenshot(&b, &format!("takeaways-{width}-{scheme}")).await?;
                }
            }
        }
        Ok(())
    })
}

async fn embedded(env: &Env) -> Outcome {
    with_browser!(env, Options { width: Some(1400), ..Options::default() }, |b| {
        b.visit_host(&env.host, "/", 2).await?;
        // One script instance and one iframe per width. The host's hostile CSS pads every div
        // by 40 px, the instance's element too, so its box is 80 px wider than the instance.
        b.js_with(
            "const [widths, src] = arguments;
             for (const width of widths) {
               const box = document.createElement('section');
               box.style.width = (width + 80) + 'px';
               const el = document.createElement('div');
               el.setAttribute('data-earmark', ''); el.dataset.episode = 'the-truth-about-deepseek';
               box.append(el);
               const frame = document.createElement('iframe');
               frame.setAttribute('data-earmark-frame', ''); frame.title = 'Episode insights ' + width;
               frame.src = src; frame.style.width = width + 'px'; frame.style.marginLeft = '40px';
               box.append(frame);
               document.querySelector('main').append(box);
             }",
            vec![json!(WIDTHS), json!(format!("{}/?episode={EPISODE}&embed=1", env.base))],
        )
        .await?;
        b.until("every instance renders", &format!("[...document.querySelectorAll('[data-earmark]')].filter(e => e.shadowRoot && e.shadowRoot.querySelector('.earmark-title')).length === {}", WIDTHS.len() + 2)).await?;
        for (i, width) in WIDTHS.iter().enumerate() {
            let place = Place::Shadow(i + 2);
            states(&b, &format!("script embed at {width} px"), place, None).await?;
            if *width == 320 || *width == 768 {
                b.js(&format!("{}.scrollIntoView();", place.frame())).await?;
                save_screenshot(&b, &format!("script-embed-{width}")).await?;
            }

            // The iframe for this width (the demo's own frame comes first), scrolled to the top
            // of the window first: a cross-origin frame may not scroll its parent.
            b.js(&format!("document.querySelectorAll('iframe')[{}].scrollIntoView({{ block: 'start' }});", i + 1)).await?;
            b.client.enter_frame(i as u16 + 1).await.ctx("entering a frame")?;
            b.wait_until_live().await?;
            states(&b, &format!("iframe at {width} px"), Place::Document, None).await?;
            b.client.enter_parent_frame().await.ctx("leaving a frame")?;
        }
        Ok(())
    })
}

/// The demo host page as a site owner would look at it: on a phone (390 px, mobile emulation)
/// and a desktop (1280 px), light and dark, every instance on it holds.
async fn demo(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        for width in [390, 1280] {
            emulate(&b, width).await?;
            for scheme in ["light", "dark"] {
                b.emulate_media(json!([{ "name": "prefers-color-scheme", "value": scheme }])).await?;
                b.visit_host(&env.host, "/", 2).await?;
                for n in 0..2 {
                    let place = Place::Shadow(n);
                    holds(&b, &place.root(), &place.frame(), &format!("demo instance {n} at {width} px ({scheme})")).await?;
                }
                b.js("window.scrollTo(0, 0);").await?;
                save_screenshot(&b, &format!("demo-{width}-{scheme}")).await?;
                b.js("document.querySelector('iframe').scrollIntoView();").await?;
                save_screenshot(&b, &format!("demo-frame-{width}-{scheme}")).await?;
                b.client.enter_frame(0).await.ctx("entering the frame")?;
                b.wait_until_live().await?;
                holds(&b, "document", "document.documentElement", &format!("demo frame at {width} px ({scheme})")).await?;
                b.client.enter_parent_frame().await.ctx("leaving the frame")?;
            }
        }
        Ok(())
    })
}
