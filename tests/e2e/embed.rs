//! Embedding, as a podcast site does it: the widget served from one origin, host pages from
//! another (`demo/`, with deliberately hostile CSS and a strict Content-Security-Policy), and a
//! reader clicking, typing and selecting inside shadow roots and an iframe.
//!
//! WebDriver's CSS locators do not reach into shadow roots, so the scenarios find elements with
//! a little script (`shadow(n)` is the n-th instance's shadow root) and then act on them with
//! real pointer and key input at their on-screen position, as a reader would.

use std::time::Duration;

use serde_json::json;

use crate::browser::{Browser, Context, Options, Outcome};
use crate::check;
use crate::host::{Env, Scenario};
use crate::reading::{EPISODE, EXPORT, RACE};
use crate::with_browser;

/// The second bundled episode, whose text holds markup and a `javascript:` URL on purpose.
pub const SECURITY: &str = "widgets-that-behave-security-for-the-embedded-web";

pub fn scenarios() -> Vec<(&'static str, Scenario)> {
    vec![
        ("embed_script_and_iframe_render_unstyled_by_hostile_host_css", |env| Box::pin(hostile_host(env))),
        ("embed_iframe_height_follows_its_content", |env| Box::pin(iframe_height(env))),
        ("embed_two_instances_of_one_episode_are_independent_and_share_highlights", |env| Box::pin(two_instances(env))),
        ("embed_keys_typed_in_the_host_page_stay_there", |env| Box::pin(host_keys(env))),
        ("embed_no_csp_violation_while_reading_searching_highlighting_sharing", |env| Box::pin(no_csp_violations(env))),
        ("embed_episode_markup_is_text_and_only_web_links_are_links", |env| Box::pin(markup_is_text(env))),
        ("embed_frame_ignores_messages_from_origins_not_allowed", |env| Box::pin(frame_messages(env))),
        ("embed_sandboxed_frame_without_storage_works_in_memory", |env| Box::pin(sandboxed_frame(env))),
        ("embed_api_mount_open_search_highlights_events_and_destroy", |env| Box::pin(api(env))),
        ("embed_api_bad_options_say_so_and_throw_nothing", |env| Box::pin(api_bad_options(env))),
        ("embed_episodes_come_from_the_sites_folder_when_the_widget_is_elsewhere", |env| Box::pin(episodes_base(env))),
    ]
}

/// Script helpers installed in the page: instances' shadow roots, elements inside them, and
/// recorded events.
const HELPERS: &str = "
window.shadow = (n) => document.querySelectorAll('[data-earmark]')[n].shadowRoot;
window.inShadow = (n, css) => shadow(n) && shadow(n).querySelector(css);
";

impl Browser {
    /// Opens the demo host page (or another page of it) and waits until `instances` script
    /// instances show their episode.
    pub async fn visit_host(&self, host: &str, path: &str, instances: usize) -> Outcome {
        self.client.goto(&format!("{host}{path}")).await.ctx(&format!("opening {path}"))?;
        self.js(HELPERS).await?;
        self.until(
            "the embedded instances render",
            &format!(
                "[...document.querySelectorAll('[data-earmark]')].filter(e => e.shadowRoot && e.shadowRoot.querySelector('.earmark-title')).length >= {instances}"
            ),
        )
        .await
    }

    /// Clicks, with the mouse, the element that `expression` evaluates to (WebDriver's element
    /// click: scrolled into view, at its centre, also inside a shadow root).
    pub async fn click_on(&self, expression: &str) -> Outcome {
        self.element_of(expression).await?.click().await.ctx(&format!("clicking {expression}"))
    }

    /// Records every `securitypolicyviolation` in this document (and its shadow roots: the
    /// event is composed) into `window.violations`.
    pub async fn watch_violations(&self) -> Outcome {
        self.js(
            "window.violations = [];
             document.addEventListener('securitypolicyviolation',
                e => violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')), true);",
        )
        .await
        .map(|_| ())
    }

    pub async fn violations(&self) -> Result<Vec<String>, String> {
        let found = self.js("return window.violations || ['the violation watcher is gone'];").await?;
        Ok(found.as_array().into_iter().flatten().map(|v| v.as_str().unwrap_or_default().to_string()).collect())
    }
}

/// The computed styles that hostile host CSS would change.
const STYLE_PROBE: &str = "
const root = arguments[0];
const q = (css) => root.querySelector(css);
const cs = (el) => el ? getComputedStyle(el) : null;
return {
  summary: cs(q('.earmark-summary p')).fontSize,
  family: cs(q('.earmark-summary p')).fontFamily,
  button: cs(q('.earmark-dive-button')).display,
  toggle: cs(q('.earmark-panel-toggle')).display,
  padding: cs(q('.earmark-toolbar')).paddingTop,
  mark: q('mark[data-highlight]') ? cs(q('mark[data-highlight]')).backgroundColor : null,
};";

async fn hostile_host(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        // The standalone page's look is the reference.
        b.visit(&format!("/?episode={EPISODE}")).await?;
        let reference = b.js(&format!("return (function() {{ {} }})();", STYLE_PROBE.replace("arguments[0]", "document"))).await?;

        b.visit_host(&env.host, "/", 2).await?;
        // The hostile CSS applies to the host page itself (so the test would notice if not).
        let host_font = b.js("return getComputedStyle(document.querySelector('h1')).fontSize;").await?;
        check!(host_font == json!("30px"), "the host's own font is {host_font}");
        let embedded = b.js(&format!("return (function() {{ {} }})();", STYLE_PROBE.replace("arguments[0]", "shadow(0)"))).await?;
        for key in ["summary", "family", "button", "toggle", "padding"] {
            check!(embedded[key] == reference[key], "{key}: embedded {} but standalone {}", embedded[key], reference[key]);
        }
        check!(embedded["button"] == json!("flex"), "deep-dive buttons are display {}", embedded["button"]);

        // A highlight made in the instance keeps Earmark's colour, not the host's red marks.
        b.drag_select_in("inShadow(0, '.earmark-summary p')", "Paul Triolo").await?;
        b.until("the selection toolbar appears", "inShadow(0, '.earmark-selection-toolbar')").await?;
        b.press("h").await?;
        b.until("the highlight is made", "inShadow(0, 'mark[data-highlight]')").await?;
        let mark = b.js("return getComputedStyle(inShadow(0, 'mark[data-highlight]')).backgroundColor;").await?;
        check!(mark == json!("rgb(255, 240, 168)"), "the highlight is painted {mark}, not Earmark's yellow");

        // The second instance is dark, as its data-theme asks, in a light window.
        let dark = b.js("return getComputedStyle(inShadow(1, '.earmark-root')).backgroundColor;").await?;
        check!(dark == json!("rgb(21, 20, 19)"), "the dark instance's background is {dark}");

        // The iframe shows its episode too.
        b.client.enter_frame(0).await.ctx("entering the iframe")?;
        b.wait_until_live().await?;
        let title = b.find(".earmark-title").await?.text().await.ctx("title")?;
        check!(title == "The Truth About DeepSeek", "the frame shows {title:?}");
        b.client.enter_parent_frame().await.ctx("leaving the iframe")?;
        let errors = b.console_errors().await?;
        check!(errors.is_empty(), "console errors: {errors:?}");
        Ok(())
    })
}

/// The height of frame `index`'s content once the frame (`frame`, a selector) fits it: measured inside the frame
/// and compared with the frame's height outside, again until they agree (the content may
/// still grow, when "Available offline" appears, say). The frame is scrolled into view first:
/// Chromium pauses rendering, and with it the frame's resize reports, in a cross-origin frame
/// that is off screen, until the reader scrolls to it.
async fn frame_fits(b: &Browser, frame: &str, index: u16) -> Result<f64, String> {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        // Chromium renders no cross-origin frame that is out of view, so its ResizeObserver
        // stays silent there. Frames above this one resize too and push it away: scroll it
        // back into view on every round.
        b.js(&format!("document.querySelector('{frame}').scrollIntoView({{ block: 'start' }});")).await?;
        b.client.enter_frame(index).await.ctx("entering the iframe")?;
        b.wait_for(".earmark-dive-button").await?;
        b.settle().await?;
        let content = b.js("return Math.ceil(document.documentElement.getBoundingClientRect().height);").await?.as_f64().ctx("content")?;
        b.client.enter_parent_frame().await.ctx("leaving the iframe")?;
        let outside = b.js(&format!("return document.querySelector('{frame}').clientHeight;")).await?.as_f64().ctx("frame")?;
        if outside == content {
            return Ok(content);
        }
        if std::time::Instant::now() > deadline {
            return Err(format!("the frame is {outside} px tall, its content {content} px"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn iframe_height(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit_host(&env.host, "/", 2).await?;
        let closed = frame_fits(&b, "iframe", 0).await?;

        b.client.enter_frame(0).await.ctx("entering the iframe")?;
        b.click(&crate::reading::button(RACE)).await?;
        b.client.enter_parent_frame().await.ctx("leaving the iframe")?;
        let open = frame_fits(&b, "iframe", 0).await?;
        check!(open > closed, "opening a section did not make the content taller ({open} <= {closed})");

        b.client.enter_frame(0).await.ctx("entering the iframe")?;
        let fits = b.js("const e = document.documentElement; return [e.scrollHeight, e.clientHeight];").await?;
        check!(fits[0].as_f64() <= fits[1].as_f64(), "the frame scrolls inside: scrollHeight/clientHeight {fits}");
        b.click(&crate::reading::button(RACE)).await?;
        b.client.enter_parent_frame().await.ctx("leaving the iframe")?;
        let again = frame_fits(&b, "iframe", 0).await?;
        check!(again < open, "closing the section left the content at {again} px");
        b.client.enter_frame(0).await.ctx("entering the iframe")?;
        let fits = b.js("const e = document.documentElement; return [e.scrollHeight, e.clientHeight];").await?;
        check!(fits[0].as_f64() <= fits[1].as_f64(), "the frame scrolls inside after shrinking: {fits}");
        b.client.enter_parent_frame().await.ctx("leaving the iframe")?;
        Ok(())
    })
}

/// Adds a script instance of `episode` in a new section of `width` px (0: the page's width)
/// and waits for it; returns its index among the page's instances.
async fn add_instance(b: &Browser, episode: &str, width: u32) -> Result<usize, String> {
    let index = b
        .js_with(
            "const [episode, width] = arguments;
             const box = document.createElement('section');
             if (width) box.style.width = width + 'px';
             const el = document.createElement('div');
             el.setAttribute('data-earmark', ''); el.dataset.episode = episode;
             box.append(el); document.querySelector('main').append(box);
             return [...document.querySelectorAll('[data-earmark]')].indexOf(el);",
            vec![json!(episode), json!(width)],
        )
        .await?
        .as_u64()
        .ctx("index")? as usize;
    b.until("the new instance renders", &format!("inShadow({index}, '.earmark-title')")).await?;
    Ok(index)
}

async fn two_instances(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit_host(&env.host, "/", 2).await?;
        // Two more of the first episode (the demo already shows it once): A and B.
        let a = add_instance(&b, EPISODE, 0).await?;
        let b_ = add_instance(&b, EPISODE, 0).await?;
        let open_button = |n: usize| format!("inShadow({n}, '#earmark-dive-button-{RACE}')");
        b.click_on(&open_button(a)).await?;
        b.until("A's section opens", &format!("{}.getAttribute('aria-expanded') === 'true'", open_button(a))).await?;
        let other = b.js(&format!("return {}.getAttribute('aria-expanded');", open_button(b_))).await?;
        check!(other == json!("false"), "B's section is aria-expanded={other} after opening A's");


        // Ids are unique within each shadow root, and no instance adds ids to the host document.
        let dupes = b
            .js("return [...document.querySelectorAll('[data-earmark]')].map(e => {
                    const ids = [...e.shadowRoot.querySelectorAll('[id]')].map(x => x.id);
                    return ids.length - new Set(ids).size; });")
            .await?;
        check!(dupes.as_array().is_some_and(|d| d.iter().all(|n| n == &json!(0))), "duplicate ids per root: {dupes}");
        let leaked = b.js("return document.querySelectorAll('[id^=earmark]').length;").await?;
        check!(leaked == json!(0), "{leaked} earmark ids in the host document");

        // A highlight made in A appears in B, without a reload.
        b.drag_select_in(&format!("inShadow({a}, '.earmark-summary p')"), "prominent expert").await?;
        b.until("A's selection toolbar", &format!("inShadow({a}, '.earmark-selection-toolbar')")).await?;
        b.click_on(&format!("inShadow({a}, '.earmark-highlight-button')")).await?;
        b.until("A shows the highlight", &format!("inShadow({a}, 'mark[data-highlight]')")).await?;
        b.until("B shows it too", &format!("inShadow({b_}, 'mark[data-highlight]') && inShadow({b_}, 'mark[data-highlight]').textContent === 'prominent expert'")).await?;

        // A search in A is A's alone. (After the highlight: the search scrolls to its first
        // match, and a drag during that scroll would miss.)
        b.click_on(&format!("inShadow({a}, 'input[type=search]')")).await?;
        b.press("export").await?;
        b.until("A counts matches", &format!("/of/.test(inShadow({a}, '.earmark-search-status').textContent)")).await?;
        let b_query = b.js(&format!("return inShadow({b_}, 'input[type=search]').value;")).await?;
        check!(b_query == json!(""), "B's search field says {b_query}");
        Ok(())
    })
}

async fn host_keys(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit_host(&env.host, "/", 2).await?;
        // With a selection in an instance, `h` would highlight it; a key press that starts in
        // the host's field is not Earmark's. (Focusing the field would end the selection, so
        // the press is dispatched there while the selection stays.)
        b.drag_select_in("inShadow(0, '.earmark-summary p')", "Paul Triolo").await?;
        b.until("the selection toolbar appears", "inShadow(0, '.earmark-selection-toolbar')").await?;
        let kept = b
            .js("const field = document.getElementById('host-search');
                 const h = new KeyboardEvent('keydown', { key: 'h', bubbles: true, composed: true, cancelable: true });
                 field.dispatchEvent(h);
                 return [h.defaultPrevented, !!inShadow(0, '.earmark-selection-toolbar')];")
            .await?;
        check!(kept == json!([false, true]), "an h from the host's field was taken (prevented, toolbar): {kept}");
        // Typed for real: the field gets every key, and no instance takes focus or highlights.
        b.js("document.getElementById('host-search').focus();").await?;
        b.press("/h").await?;
        let value = b.js("return document.getElementById('host-search').value;").await?;
        check!(value == json!("/h"), "the host's field got {value}: Earmark held a key back");
        let state = b
            .js("return { active: document.activeElement.id,
                          searchFocused: [0, 1].some(n => shadow(n).activeElement !== null),
                          marks: [0, 1].map(n => shadow(n).querySelectorAll('mark[data-highlight]').length) };")
            .await?;
        check!(state["active"] == json!("host-search"), "focus moved to {}", state["active"]);
        check!(state["searchFocused"] == json!(false), "an instance took focus: {state}");
        check!(state["marks"] == json!([0, 0]), "a highlight was made: {state}");

        // `/` with focus inside the second instance goes to that instance's search only.
        b.click_on("inShadow(1, '.earmark-dive-button')").await?;
        b.press("/").await?;
        b.until("B's search field has focus", "shadow(1).activeElement === inShadow(1, 'input[type=search]')").await?;
        let first = b.js("return shadow(0).activeElement === null;").await?;
        check!(first == json!(true), "the first instance's focus changed too");
        let typed = b.js("return inShadow(1, 'input[type=search]').value;").await?;
        check!(typed == json!(""), "the `/` was typed into the field ({typed}) instead of opening it");
        Ok(())
    })
}

/// Waits a moment for violation reports in flight, then returns them.
async fn reports(env: &Env) -> Vec<String> {
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut all = env.widget_reports.lock().map(|r| r.clone()).unwrap_or_default();
    all.extend(env.host_reports.lock().map(|r| r.clone()).unwrap_or_default());
    all
}

/// What a reader does on Earmark's own page (standalone or framed): opens a deep dive,
/// highlights a phrase through the selection toolbar, and searches.
async fn read_highlight_search(b: &Browser, dive: &str, query: &str) -> Outcome {
    b.click(&crate::reading::button(dive)).await?;
    b.drag_select(".earmark-summary p", "prominent expert").await?;
    b.wait_for(".earmark-selection-toolbar").await?;
    b.click(".earmark-highlight-button").await?;
    b.wait_for("mark[data-highlight]").await?;
    b.click(".earmark-search-input").await?;
    b.press(query).await?;
    b.until("matches are counted", "/of/.test(document.querySelector('.earmark-search-status').textContent)").await
}

async fn no_csp_violations(env: &Env) -> Outcome {
    let before = reports(env).await.len();
    with_browser!(env, Options::default(), |b| {
        // The standalone page under the strict policy.
        b.visit(&format!("/?episode={EPISODE}")).await?;
        b.watch_violations().await?;
        read_highlight_search(&b, EXPORT, "china").await?;
        b.click(".earmark-takeaway .earmark-share").await?;
        b.until("the share is answered", "document.querySelector('.earmark-share-message').textContent !== ''").await?;
        let found = b.violations().await?;
        check!(found.is_empty(), "the standalone page broke its policy: {found:?}");

        // The host page: script instances and the iframe, each under its own policy.
        b.visit_host(&env.host, "/", 2).await?;
        b.watch_violations().await?;
        b.click_on("inShadow(0, '.earmark-dive-button')").await?;
        b.drag_select_in("inShadow(1, '.earmark-summary p')", "browser security engineer").await?;
        b.until("the toolbar appears", "inShadow(1, '.earmark-selection-toolbar')").await?;
        b.press("h").await?;
        b.until("the highlight is made", "inShadow(1, 'mark[data-highlight]')").await?;
        b.click_on("inShadow(0, 'input[type=search]')").await?;
        b.press("open").await?;
        b.click_on("inShadow(1, '.earmark-takeaway .earmark-share')").await?;
        b.until("the share is answered", "inShadow(1, '.earmark-share-message').textContent !== ''").await?;
        let found = b.violations().await?;
        check!(found.is_empty(), "the host page saw violations: {found:?}");

        // The frame must have its height before anything in it is clicked: until then the
        // content under the pointer still moves.
        frame_fits(&b, "iframe", 0).await?;
        b.client.enter_frame(0).await.ctx("entering the iframe")?;
        b.watch_violations().await?;
        read_highlight_search(&b, RACE, "ai").await?;
        let found = b.violations().await?;
        check!(found.is_empty(), "the iframe saw violations: {found:?}");

        // Reports are what catches a violation during loading; the servers got none. A
        // deliberate one proves that the reports arrive at all.
        let reported = reports(env).await;
        check!(reported.len() == before, "violation reports: {:?}", &reported[before..]);
        b.js("document.body.setAttribute('style', 'color: red');").await?;
        let found = b.violations().await?;
        check!(found.len() == 1, "a style attribute was not refused: {found:?}");
        b.client.enter_parent_frame().await.ctx("leaving the iframe")?;
        for _ in 0..20 {
            if reports(env).await.len() > before {
                return Ok(());
            }
        }
        Err("a deliberate violation sent no report: the check above would not have seen one".into())
    })
}

async fn markup_is_text(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit(&format!("/?episode={SECURITY}")).await?;
        let found = b
            .js("const root = document.querySelector('.earmark');
                 return { images: root.querySelectorAll('img').length,
                          text: [...root.querySelectorAll('.earmark-takeaway-text')].map(e => e.textContent).join(' '),
                          links: [...root.querySelectorAll('a[href]:not(.earmark-catalogue-link)')].map(a => [a.getAttribute('href'), a.rel, a.target]),
                          dive: document.querySelector('[data-insight=links-schemes-and-the-javascript-trap]').textContent };")
            .await?;
        check!(found["images"] == json!(0), "markup from the episode became {} image(s)", found["images"]);
        let text = found["text"].as_str().unwrap_or_default();
        check!(text.contains("<img src=x onerror=alert(1)>"), "the markup is not shown as text: {text:?}");
        check!(
            found["links"] == json!([["https://www.w3.org/TR/CSP3/", "noopener noreferrer nofollow", "_blank"]]),
            "links: {}",
            found["links"]
        );
        let dive = found["dive"].as_str().unwrap_or_default();
        check!(dive.contains("javascript:alert(document.cookie)"), "the javascript: text is missing: {dive:?}");
        let errors = b.console_errors().await?;
        check!(errors.is_empty(), "console errors: {errors:?}");
        Ok(())
    })
}

/// Adds a framed instance after the host page's own frame (it becomes frame 1), sized by
/// `embed-frame.js`, with extra attributes.
async fn add_frame(b: &Browser, src: &str, attributes: &[(&str, &str)]) -> Outcome {
    b.js_with(
        "const [src, attributes] = arguments;
         const frame = document.createElement('iframe');
         frame.src = src; frame.title = 'Episode insights, again';
         frame.setAttribute('data-earmark-frame', '');
         for (const [name, value] of attributes) frame.setAttribute(name, value);
         document.querySelector('iframe').after(frame);",
        vec![json!(src), json!(attributes)],
    )
    .await
    .map(|_| ())
}

async fn frame_messages(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit_host(&env.host, "/", 2).await?;
        // A second frame that allows another origin only: this host page may not command it.
        add_frame(&b, &format!("{}/?episode={EPISODE}&embed=1&parent=https://elsewhere.example", env.base), &[]).await?;
        b.client.enter_frame(1).await.ctx("entering the second frame")?;
        b.wait_until_live().await?;
        b.client.enter_parent_frame().await.ctx("leaving the frame")?;
        let post = "const [index, message] = arguments;
                    const frame = document.querySelectorAll('iframe')[index];
                    frame.contentWindow.postMessage(message, new URL(frame.src).origin);";
        b.js_with(post, vec![json!(1), json!({ "earmark": { "search": "export" } })]).await?;
        b.js_with(post, vec![json!(1), json!({ "earmark": { "open": RACE } })]).await?;
        // The allowed frame takes the same messages: the control that shows they would work.
        b.js_with(post, vec![json!(0), json!({ "earmark": { "search": "export" } })]).await?;
        b.client.enter_frame(0).await.ctx("entering the first frame")?;
        b.until("the allowed parent's search arrives", "document.querySelector('.earmark-search-input').value === 'export'").await?;
        b.client.enter_parent_frame().await.ctx("leaving the frame")?;
        b.client.enter_frame(1).await.ctx("entering the second frame")?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let state = b
            .js(&format!(
                "return [document.querySelector('.earmark-search-input').value,
                         document.querySelector('#earmark-dive-button-{RACE}').getAttribute('aria-expanded')];"
            ))
            .await?;
        check!(state == json!(["", "false"]), "a message from an origin not allowed changed the frame: {state}");
        b.client.enter_parent_frame().await.ctx("leaving the frame")?;
        Ok(())
    })
}

async fn sandboxed_frame(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit_host(&env.host, "/", 2).await?;
        // A sandbox without allow-same-origin: an opaque origin, where localStorage throws.
        add_frame(&b, &format!("{}/?episode={EPISODE}&embed=1", env.base), &[("sandbox", "allow-scripts")]).await?;
        // Sized first (its height arrives in a message, with the opaque origin "null"), so
        // that nothing moves under the pointer below.
        frame_fits(&b, "iframe[sandbox]", 1).await?;
        b.client.enter_frame(1).await.ctx("entering the sandboxed frame")?;
        let notices = b.js("return [...document.querySelectorAll('[data-notice]')].map(n => n.dataset.notice);").await?;
        check!(notices == json!(["StorageBlocked"]), "notices in the sandbox: {notices}");
        b.click(&crate::reading::button(RACE)).await?;
        crate::reading::expect_open(&b, RACE, true).await?;
        b.client.enter_parent_frame().await.ctx("leaving the frame")?;
        // The open section made the frame taller: wait for it to settle before dragging.
        frame_fits(&b, "iframe[sandbox]", 1).await?;
        b.client.enter_frame(1).await.ctx("entering the sandboxed frame")?;
        b.drag_select(".earmark-summary p", "prominent expert").await?;
        b.wait_for(".earmark-selection-toolbar").await?;
        b.click(".earmark-highlight-button").await?;
        b.wait_for("mark[data-highlight]").await?;
        let marked = b.js("return document.querySelector('mark[data-highlight]').textContent;").await?;
        check!(marked == json!("prominent expert"), "the highlight holds {marked}");
        let notices = b.js("return document.querySelectorAll('[data-notice]').length;").await?;
        check!(notices == json!(1), "the storage notice was repeated: {notices} notices");
        // No service worker can be registered here either; that is no error.
        let errors = b.console_errors().await?;
        check!(errors.is_empty(), "console errors in a frame without storage or worker: {errors:?}");
        b.client.enter_parent_frame().await.ctx("leaving the frame")?;
        Ok(())
    })
}

/// Mounts an instance through the API into a new element, recording its events.
const MOUNT: &str = "
const [episode, options] = arguments;
const el = document.createElement('div');
el.id = 'api-host';
document.querySelector('main').prepend(el);
window.apiEvents = [];
for (const name of ['earmark:ready', 'earmark:open', 'earmark:close', 'earmark:search', 'earmark:highlight', 'earmark:share'])
  el.addEventListener(name, (e) => apiEvents.push({ name, detail: e.detail, bubbles: e.bubbles, composed: e.composed }));
window.api = Earmark.mount(el, options);
return window.api !== null;";

async fn api(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit_host(&env.host, "/", 2).await?;
        let mounted = b.js_with(MOUNT, vec![json!(EPISODE), json!({ "episode": EPISODE, "shareBase": "https://pod.example/ep/7" })]).await?;
        check!(mounted == json!(true), "Earmark.mount returned null");
        b.until("earmark:ready", "apiEvents.some(e => e.name === 'earmark:ready' && e.detail.episode === 'the-truth-about-deepseek')").await?;
        let flags = b.js("return apiEvents[0].bubbles && apiEvents[0].composed;").await?;
        check!(flags == json!(true), "events must bubble and be composed");

        let opened = b.js_async(&format!("const done = arguments[0]; api.open('{EXPORT}').then(done);")).await?;
        check!(opened == json!(true), "open answered {opened}");
        b.until("earmark:open", &format!("apiEvents.some(e => e.name === 'earmark:open' && e.detail.insight === '{EXPORT}')")).await?;
        let shown = b.js(&format!("return document.getElementById('api-host').shadowRoot.querySelector('#earmark-dive-button-{EXPORT}').getAttribute('aria-expanded');")).await?;
        check!(shown == json!("true"), "open() left the section aria-expanded={shown}");
        let unknown = b.js_async("const done = arguments[0]; api.open('no-such-insight').then(done);").await?;
        check!(unknown == json!(false), "open() of an unknown id answered {unknown}");

        b.js_async("const done = arguments[0]; api.search('export').then(done);").await?;
        b.until("earmark:search", "apiEvents.some(e => e.name === 'earmark:search' && e.detail.query === 'export' && e.detail.matches > 0)").await?;

        let host = "document.getElementById('api-host').shadowRoot";
        b.drag_select_in(&format!("{host}.querySelector('.earmark-summary p')"), "prominent expert").await?;
        b.until("the toolbar appears", &format!("{host}.querySelector('.earmark-selection-toolbar')")).await?;
        b.press("h").await?;
        b.until("earmark:highlight created", "apiEvents.some(e => e.name === 'earmark:highlight' && e.detail.action === 'created' && e.detail.annotation.type === 'Annotation')").await?;
        let list = b.js_async("const done = arguments[0]; api.highlights().then(done);").await?;
        let list = list.as_array().ctx("highlights() is not an array")?;
        check!(list.len() == 1, "highlights() gave {} annotations", list.len());
        let exact = list[0]["target"]["selector"].as_array().and_then(|s| s.iter().find(|s| s["type"] == "TextQuoteSelector")).map(|s| s["exact"].clone());
        check!(exact == Some(json!("prominent expert")), "the annotation quotes {exact:?}");
        check!(list[0]["target"]["source"].as_str().is_some_and(|s| s.starts_with("https://pod.example/ep/7")), "source {}", list[0]["target"]["source"]);

        b.click_on(&format!("{host}.querySelector('.earmark-takeaway .earmark-share')")).await?;
        b.until("earmark:share", "apiEvents.some(e => e.name === 'earmark:share' && e.detail.url.startsWith('https://pod.example/ep/7?episode=the-truth-about-deepseek#insight='))").await?;
        b.click_on(&format!("{host}.querySelector('#earmark-dive-button-{EXPORT}')")).await?;
        b.until("earmark:close", &format!("apiEvents.some(e => e.name === 'earmark:close' && e.detail.insight === '{EXPORT}')")).await?;

        // After destroy(), nothing of the instance is left to fire: not keys, not links, not
        // another instance's highlights, not its timers.
        b.js("api.destroy(); window.afterDestroy = apiEvents.length;").await?;
        let left = b.js("return document.getElementById('api-host').shadowRoot.childNodes.length;").await?;
        check!(left == json!(0), "{left} nodes left in the shadow root");
        b.js(&format!("location.hash = 'insight={RACE}';")).await?;
        b.click_on("inShadow(1, '.earmark-dive-button')").await?;
        b.press("/").await?;
        b.drag_select_in("inShadow(1, '.earmark-summary p')", "browser security engineer").await?;
        b.press("h").await?;
        b.until("the other instance still works", "inShadow(1, 'mark[data-highlight]')").await?;
        tokio::time::sleep(Duration::from_millis(600)).await;
        let after = b.js("return apiEvents.length - afterDestroy;").await?;
        check!(after == json!(0), "{after} events after destroy()");
        let errors = b.console_errors().await?;
        check!(errors.is_empty(), "console errors: {errors:?}");
        Ok(())
    })
}

async fn api_bad_options(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit_host(&env.host, "/", 2).await?;
        let outcome = b
            .js("const results = {};
                 try { results.none = Earmark.mount(null, {}); } catch (e) { results.threw = String(e); }
                 try { results.gone = Earmark.mount(document.createElement('div'), {}); } catch (e) { results.threw = String(e); }
                 const el = document.createElement('div'); el.id = 'bad';
                 document.querySelector('main').prepend(el);
                 try { window.bad = Earmark.mount(el, { episode: 5, theme: 'sepia', colour: 'red' }); } catch (e) { results.threw = String(e); }
                 const other = document.createElement('div'); other.id = 'unknown';
                 document.querySelector('main').prepend(other);
                 try { window.unknown = Earmark.mount(other, { episode: 'no-such-episode' }); } catch (e) { results.threw = String(e); }
                 results.handles = [window.bad !== null, window.unknown !== null];
                 return results;")
            .await?;
        check!(outcome.get("threw").is_none(), "mount threw: {}", outcome["threw"]);
        check!(outcome["none"].is_null() && outcome["gone"].is_null(), "mount without an element in the document: {outcome}");
        check!(outcome["handles"] == json!([true, true]), "{outcome}");
        b.until("the bad instance shows a notice", "document.getElementById('bad').shadowRoot && document.getElementById('bad').shadowRoot.querySelector('.earmark-error')").await?;
        let notice = b.js("return document.getElementById('bad').shadowRoot.querySelector('.earmark-error').textContent;").await?;
        let notice = notice.as_str().unwrap_or_default();
        for option in ["episode", "theme", "colour"] {
            check!(notice.contains(option), "the notice does not name {option}: {notice:?}");
        }
        b.until("the unknown episode says so", "document.getElementById('unknown').shadowRoot.querySelector('.earmark-not-found')").await?;
        let errors = b.console_errors().await?;
        for says in ["missing or no longer in the document", "must be a string, not a number", "sepia", "colour", "unknown option", "no-such-episode"] {
            check!(errors.iter().any(|e| e.contains(says)), "no console error saying {says}: {errors:?}");
        }
        // The other instances are unaffected.
        let titles = b.js("return [0, 1].map(n => inShadow(n, '.earmark-title') && inShadow(n, '.earmark-title').textContent);").await?;
        check!(titles.as_array().is_some_and(|t| t.iter().all(|t| t.is_string())), "the demo's instances broke: {titles}");
        Ok(())
    })
}

/// The rectangle of the current search match in the page, as a script expression: the range
/// painted as the current match, or its `<mark>` where the browser lacks the highlight API.
const CURRENT_MATCH_RECT: &str = "(() => {
    const h = window.CSS && CSS.highlights && CSS.highlights.get('earmark-search-current');
    if (h && h.size) { const s = [...h][0]; const r = document.createRange();
        r.setStart(s.startContainer, s.startOffset); r.setEnd(s.endContainer, s.endOffset); return r.getBoundingClientRect(); }
    const m = document.querySelector('mark[data-match][aria-current=true]'); return m && m.getBoundingClientRect(); })()";

/// Waits until what `rect` (a script expression run in the host's first frame, giving a
/// `DOMRect` or null) finds is on screen in the host page (polled: the host scrolls smoothly),
/// and checks that the frame never scrolled itself, which would hide what it scrolled to.
pub async fn in_host_view(b: &Browser, what: &str, rect: &str) -> Outcome {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        b.client.enter_frame(0).await.ctx("entering the iframe")?;
        let inner = b.js(&format!("const r = {rect}; return r ? [r.top, r.bottom, scrollY] : null;")).await?;
        b.client.enter_parent_frame().await.ctx("leaving the iframe")?;
        let outer = b.js("const f = document.querySelector('iframe[data-earmark-frame]').getBoundingClientRect(); return [f.top, innerHeight, scrollY];").await?;
        let inner: Vec<f64> = inner.as_array().into_iter().flatten().filter_map(serde_json::Value::as_f64).collect();
        let outer: Vec<f64> = outer.as_array().into_iter().flatten().filter_map(serde_json::Value::as_f64).collect();
        check!(outer.len() == 3, "no geometry for the frame: {outer:?}");
        if let [top, bottom, inner_scroll] = inner[..] {
            check!(inner_scroll == 0.0, "the frame scrolled itself by {inner_scroll} px for {what}");
            let (top, bottom, height) = (outer[0] + top, outer[0] + bottom, outer[1]);
            if top >= 0.0 && top < height && (bottom <= height || bottom - top > height) {
                return Ok(());
            }
            if std::time::Instant::now() > deadline {
                let log = b.js("return JSON.stringify(window.msgs || []);").await?;
                return Err(format!("{what} is at {top:.0}..{bottom:.0} px in the host's viewport of {height} px (host scrolled to {}) {log}", outer[2]));
            }
        } else if std::time::Instant::now() > deadline {
            return Err(format!("{what} is not in the frame"));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// A followed link, a `#insight=` fragment and the next search match, inside a frame sized to
/// its content: the frame cannot scroll, so each must move the host page (through
/// `embed-frame.js`) until its target is on screen.
pub async fn frame_brings_into_view(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit_host(&env.host, "/", 2).await?;
        frame_fits(&b, "iframe", 0).await?;
        let to_top = "scrollTo({ top: 0, behavior: 'instant' }); return scrollY;";
        b.js("addEventListener('message', e => (window.msgs ||= []).push([performance.now()|0, JSON.stringify(e.data), document.querySelector('iframe[data-earmark-frame]').getBoundingClientRect().top, scrollY]))").await?;
        let section = |id: &str| format!("document.querySelector('[data-insight=\"{id}\"]').getBoundingClientRect()");

        // The host asks the frame to open the last deep dive, far below the host's fold.
        let last = "the-need-for-global-cooperation-on-ai-governance";
        check!(b.js(to_top).await? == json!(0), "the host page did not go back to its top");
        b.js_with(
            "const frame = document.querySelector('iframe[data-earmark-frame]');
             frame.contentWindow.postMessage({ earmark: { open: arguments[0] } }, new URL(frame.src).origin);",
            vec![json!(last)],
        )
        .await?;
        in_host_view(&b, "the section the host opened", &section(last)).await?;

        // A link followed inside the frame: its fragment changes.
        b.js(to_top).await?;
        b.js_with(
            "const frame = document.querySelector('iframe[data-earmark-frame]'); frame.src = frame.src.split('#')[0] + '#insight=' + arguments[0];",
            vec![json!(EXPORT)],
        )
        .await?;
        in_host_view(&b, "the section the link names", &section(EXPORT)).await?;

        // Search, started by the host and moved with the toolbar's buttons (WebKit's driver
        // will not type into a field in a frame): back from the first match to the last (in the
        // transcript, at the bottom of the frame), one before it, then forward to the first (the
        // title, at the top). The toolbar is at the frame's top, so the host goes there first.
        b.js_with(
            "const frame = document.querySelector('iframe[data-earmark-frame]');
             frame.contentWindow.postMessage({ earmark: { search: arguments[0] } }, new URL(frame.src).origin);",
            vec![json!("deepseek")],
        )
        .await?;
        b.client.enter_frame(0).await.ctx("entering the iframe")?;
        b.until("the frame counts every match", "document.querySelector('#earmark-search-status').textContent === '1 of 24'").await?;
        b.client.enter_parent_frame().await.ctx("leaving the iframe")?;
        for (button, status) in [("Previous match", "24 of 24"), ("Previous match", "23 of 24"), ("Next match", "24 of 24"), ("Next match", "1 of 24")] {
            b.js("document.querySelector('iframe[data-earmark-frame]').scrollIntoView({ block: 'start', behavior: 'instant' });").await?;
            b.client.enter_frame(0).await.ctx("entering the iframe")?;
            b.find(&format!("button[aria-label='{button}']")).await?.click().await.ctx(button)?;
            b.until(&format!("the status says {status}"), &format!("document.querySelector('#earmark-search-status').textContent === '{status}'")).await?;
            b.client.enter_parent_frame().await.ctx("leaving the iframe")?;
            in_host_view(&b, &format!("match {status}"), CURRENT_MATCH_RECT).await?;
        }
        Ok(())
    })
}

/// The widget's files from one origin (as from an npm CDN), the episodes from the podcast's
/// own site: `data-episodes-base`, relative to the host page, and the `episodesBase` option.
async fn episodes_base(env: &Env) -> Outcome {
    use crate::server::{host_csp, Server, Site};
    let root = crate::offline::scratch("episodes-base");
    std::fs::create_dir_all(root.join("episodes")).ctx("making episodes/")?;
    // The site's copy of the episode says where it came from, so that the test can tell.
    let json = std::fs::read_to_string(env.dist.join(format!("episodes/{EPISODE}.json"))).ctx("reading the episode")?;
    let mut episode: serde_json::Value = serde_json::from_str(&json).ctx("the episode's JSON")?;
    episode["title"] = json!("From the podcast's own site");
    std::fs::write(root.join(format!("episodes/{EPISODE}.json")), episode.to_string()).ctx("writing the episode")?;
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Pod</title>
         <script type=\"module\" src=\"{{{{WIDGET}}}}/embed.js\"></script></head>
         <body><main><div data-earmark data-episode=\"{EPISODE}\" data-episodes-base=\"episodes/\"></div>
         <div id=\"by-api\"></div></main></body></html>"
    );
    std::fs::write(root.join("index.html"), page).ctx("writing the page")?;
    let fill = vec![("WIDGET".to_string(), env.base.clone())];
    let site = Server::start(Site { root, csp: Some(host_csp(&env.base)), fill, ..Site::default() }).ctx("starting the site")?;
    with_browser!(env, Options::default(), |b| {
        b.visit_host(&site.base, "/", 1).await?;
        let title = b.js("return shadow(0).querySelector('.earmark-title').textContent;").await?;
        check!(title == json!("From the podcast's own site"), "the attribute's instance shows {title}");
        // The same through the API, with an absolute address without its trailing slash.
        b.js_with(
            "Earmark.mount(document.getElementById('by-api'), { episode: arguments[0], episodesBase: arguments[1] });",
            vec![json!(EPISODE), json!(format!("{}/episodes", site.base))],
        )
        .await?;
        b.until("the API's instance shows the site's episode", "document.getElementById('by-api').shadowRoot?.querySelector('.earmark-title')?.textContent === \"From the podcast's own site\"").await?;
        Ok(())
    })
}
