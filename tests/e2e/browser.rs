//! Headless Chromium through chromedriver: starting the driver, opening sessions with the
//! options a scenario needs, and the few commands fantoccini does not wrap (Chrome DevTools
//! commands, the browser console log).

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

pub type Outcome = Result<(), String>;

/// Fails the scenario with a message unless `cond` holds.
#[macro_export]
macro_rules! check {
    ($cond:expr, $($message:tt)+) => {
        if !$cond {
            return Err(format!("{} (line {})", format!($($message)+), line!()));
        }
    };
}

/// Turns any error into the scenario's failure message.
pub trait Context<T> {
    fn ctx(self, what: &str) -> Result<T, String>;
}

impl<T, E: std::fmt::Display> Context<T> for Result<T, E> {
    fn ctx(self, what: &str) -> Result<T, String> {
        self.map_err(|error| format!("{what}: {error}"))
    }
}

impl<T> Context<T> for Option<T> {
    fn ctx(self, what: &str) -> Result<T, String> {
        self.ok_or_else(|| format!("{what}: nothing there"))
    }
}

pub struct Driver {
    child: Child,
    pub url: String,
}

impl Driver {
    pub fn start(chromedriver: &str) -> Result<Driver, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .ctx("finding a free port")?
            .port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ctx(&format!("starting {chromedriver}"))?;
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err("chromedriver did not start listening within 20 s".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(Driver { child, url: format!("http://127.0.0.1:{port}") })
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How a scenario wants its browser.
#[derive(Default, Clone)]
pub struct Options {
    /// Block cookies and site data, which makes the `localStorage` getter throw
    /// `SecurityError`: the real browser behaviour, not a stand-in.
    pub block_storage: bool,
    pub width: Option<u32>,
    /// A profile folder of the scenario's own (`--user-data-dir`), for what Chromium judges
    /// only in a lasting profile, such as installability.
    pub profile: Option<std::path::PathBuf>,
    /// JavaScript switched off in the browser's settings, as a reader may have it.
    pub no_javascript: bool,
}

pub struct Browser {
    pub client: Client,
    pub base: String,
}

impl Browser {
    pub async fn open(driver: &Driver, base: &str, chromium: &str, options: &Options) -> Result<Browser, String> {
        let width = options.width.unwrap_or(1280);
        let mut prefs = json!({});
        if options.block_storage {
            prefs = json!({ "profile.default_content_setting_values.cookies": 2 });
        }
        if options.no_javascript {
            prefs["profile.managed_default_content_settings.javascript"] = json!(2);
        }
        let mut args = vec![
            "--headless=new".to_string(), "--no-sandbox".into(), "--disable-gpu".into(), "--disable-quic".into(), "--no-first-run".into(),
            "--disable-background-networking".into(), "--disable-component-update".into(), "--disable-sync".into(),
            "--disable-dev-shm-usage".into(), format!("--window-size={width},900"),
        ];
        if let Some(profile) = &options.profile {
            args.push(format!("--user-data-dir={}", profile.display()));
        }
        let mut caps = Capabilities::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chromium,
                "args": args,
                "prefs": prefs,
            }),
        );
        caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&driver.url)
            .await
            .ctx("opening a WebDriver session")?;
        Ok(Browser { client, base: base.to_string() })
    }

    pub async fn close(self) {
        let _ = self.client.close().await;
    }

    /// Opens a page of the app (a path with query and fragment) and waits for the reader.
    /// Opens `path` and waits until the app is live (hydrated, or rendered) and has settled
    /// on what to show: the prerendered page is on screen before that.
    pub async fn visit(&self, path: &str) -> Outcome {
        self.client.goto(&format!("{}{path}", self.base)).await.ctx(&format!("opening {path}"))?;
        self.wait_until_live().await
    }

    pub async fn reload(&self) -> Outcome {
        self.client.refresh().await.ctx("reloading")?;
        self.wait_until_live().await
    }

    pub async fn wait_until_live(&self) -> Outcome {
        self.wait_for("[data-earmark-state]:not([data-earmark-state=loading]) .earmark-title").await.map(|_| ())
    }

    pub async fn wait_for(&self, css: &str) -> Result<fantoccini::elements::Element, String> {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .ctx(&format!("waiting for {css}"))
    }

    pub async fn find(&self, css: &str) -> Result<fantoccini::elements::Element, String> {
        self.client.find(Locator::Css(css)).await.ctx(&format!("finding {css}"))
    }

    pub async fn find_all(&self, css: &str) -> Result<Vec<fantoccini::elements::Element>, String> {
        self.client.find_all(Locator::Css(css)).await.ctx(&format!("finding all {css}"))
    }

    /// Runs a script in the page and returns its JSON result.
    pub async fn js(&self, script: &str) -> Result<Value, String> {
        self.client.execute(script, vec![]).await.ctx(&format!("running {script}"))
    }

    pub async fn js_with(&self, script: &str, args: Vec<Value>) -> Result<Value, String> {
        self.client.execute(script, args).await.ctx(&format!("running {script}"))
    }

    pub async fn js_async(&self, script: &str) -> Result<Value, String> {
        self.client.execute_async(script, vec![]).await.ctx("running an async script")
    }

    /// Polls `script` (an expression) until it is true, or fails after 10 s.
    pub async fn until(&self, what: &str, expression: &str) -> Outcome {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if self.js(&format!("return !!({expression});")).await? == json!(true) {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(format!("timed out waiting until {what} ({expression})"));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the page's animations (section reveal) are over, so that what is checked
    /// is what the reader finally sees.
    pub async fn settle(&self) -> Outcome {
        self.until(
            "animations finish",
            "document.getAnimations().every(a => a.playState !== 'running')",
        )
        .await
    }

    /// A Chrome DevTools Protocol command, through chromedriver.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Result<Value, String> {
        self.client
            .issue_cmd(SessionPost { path: "goog/cdp/execute", body: json!({ "cmd": cmd, "params": params }) })
            .await
            .ctx(&format!("CDP {cmd}"))
    }

    /// Emulates `prefers-color-scheme` (and any other media feature).
    pub async fn emulate_media(&self, features: Value) -> Outcome {
        self.cdp("Emulation.setEmulatedMedia", json!({ "features": features })).await.map(|_| ())
    }

    /// The browser console's entries at `levels` since the last read of the log (a read
    /// empties it), as "LEVEL: message".
    async fn console(&self, levels: &[&str]) -> Result<Vec<String>, String> {
        let entries = self
            .client
            .issue_cmd(SessionPost { path: "se/log", body: json!({ "type": "browser" }) })
            .await
            .ctx("reading the console log")?;
        Ok(entries
            .as_array()
            .into_iter()
            .flatten()
            .filter(|entry| levels.iter().any(|level| entry["level"] == *level))
            .map(|entry| format!("{}: {}", entry["level"].as_str().unwrap_or_default(), entry["message"].as_str().unwrap_or_default()))
            .collect())
    }

    /// The console's errors and warnings since the last read (a hydration mismatch is one).
    pub async fn console_problems(&self) -> Result<Vec<String>, String> {
        self.console(&["SEVERE", "WARNING"]).await
    }

    /// The console's errors (and uncaught exceptions) since the last read.
    pub async fn console_errors(&self) -> Result<Vec<String>, String> {
        self.console(&["SEVERE"]).await
    }

    /// Scrolls `css` to the middle of the view, as a reader would before clicking it (the sticky
    /// toolbar may cover what is already at the top edge), then clicks it.
    pub async fn click(&self, css: &str) -> Outcome {
        self.js_with("document.querySelector(arguments[0]).scrollIntoView({ block: 'center' });", vec![json!(css)]).await?;
        self.find(css).await?.click().await.ctx(&format!("clicking {css}"))
    }

    /// Selects `phrase` inside the element `css` the way a reader does: scrolls it into view,
    /// presses the mouse at the phrase's first character, drags to its last and releases.
    pub async fn drag_select(&self, css: &str, phrase: &str) -> Outcome {
        self.drag_select_in(&format!("document.querySelector({})", json!(css)), phrase).await
    }

    /// The element that `expression` (a script expression) evaluates to, as a WebDriver
    /// element: also one inside a shadow root, where CSS locators do not reach.
    pub async fn element_of(&self, expression: &str) -> Result<fantoccini::elements::Element, String> {
        let found = self.js(&format!("return {expression};")).await?;
        let id = found
            .as_object()
            .and_then(|object| object.values().next())
            .and_then(Value::as_str)
            .ctx(&format!("no element for {expression}"))?;
        Ok(fantoccini::elements::Element::from_element_id(self.client.clone(), id.to_string().into()))
    }

    /// The same inside the element that `expression` (a script expression) evaluates to, which
    /// may be inside a shadow root or a frame. The pointer moves relative to that element, so
    /// the offsets hold in a frame too (chromedriver reads viewport coordinates there as the
    /// top window's).
    pub async fn drag_select_in(&self, expression: &str, phrase: &str) -> Outcome {
        // A smooth scroll still under way (the search brings its match into view) would move
        // the text between measuring it and dragging over it: wait for three still frames.
        self.js_async(
            "const done = arguments[0]; let last = null, still = 0;
             const tick = () => { const at = scrollX + ',' + scrollY;
               if (at === last) { if (++still >= 3) return done(true); } else { still = 0; last = at; }
               requestAnimationFrame(tick); };
             tick(); setTimeout(() => done(false), 3000);",
        )
        .await?;
        let element = self.element_of(expression).await?;
        let points = self
            .js_with(
                &format!(
                    "const el = {expression}; const phrase = arguments[0];
                     el.scrollIntoView({{ block: 'center' }});
                     const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
                     const nodes = []; let text = '';
                     while (walker.nextNode()) {{ nodes.push([walker.currentNode, text.length]); text += walker.currentNode.data; }}
                     const at = text.indexOf(phrase);
                     if (at < 0) return null;
                     const point = (o) => {{ for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i][1] <= o) return [nodes[i][0], o - nodes[i][1]]; }};
                     const r = document.createRange();
                     r.setStart(...point(at)); r.setEnd(...point(at + phrase.length));
                     const rects = [...r.getClientRects()].filter(x => x.width > 0);
                     const first = rects[0], last = rects[rects.length - 1];
                     // WebDriver's origin: the centre of the element's part in the viewport.
                     const b = el.getBoundingClientRect();
                     const left = Math.max(b.left, 0), right = Math.min(b.right, innerWidth);
                     const top = Math.max(b.top, 0), bottom = Math.min(b.bottom, innerHeight);
                     const cx = Math.floor((left + right) / 2), cy = Math.floor((top + bottom) / 2);
                     return [first.left + 1 - cx, first.top + first.height / 2 - cy, last.right - 1 - cx, last.top + last.height / 2 - cy];"
                ),
                vec![json!(phrase)],
            )
            .await?;
        let p: Vec<f64> = points.as_array().ctx(&format!("{phrase:?} is not in {expression}"))?.iter().filter_map(Value::as_f64).collect();
        check!(p.len() == 4, "no geometry for {phrase:?}");
        use fantoccini::actions::{InputSource, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
        let drag = MouseActions::new("mouse".into())
            .then(PointerAction::MoveToElement { element: element.clone(), duration: None, x: p[0].round(), y: p[1].round() })
            .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
            .then(PointerAction::MoveToElement { element, duration: Some(Duration::from_millis(150)), x: p[2].round(), y: p[3].round() })
            .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
        self.client.perform_actions(drag).await.ctx("dragging a selection")
    }

    /// Fills the origin's localStorage to the real browser's quota, halving the chunk each
    /// time a write is refused, down to a single character; fails unless the browser refused
    /// with `QuotaExceededError`.
    pub async fn fill_storage(&self) -> Outcome {
        let refused = self.js(
            "let chunk = 'x'.repeat(1 << 20), n = 0, refused = '';
             while (chunk.length > 0) {
                 try { localStorage.setItem('filler:' + n++, chunk); }
                 catch (e) { refused = e.name; chunk = chunk.slice(0, chunk.length >> 1); }
             }
             return refused;",
        )
        .await?;
        check!(refused == json!("QuotaExceededError"), "filling storage ended with {refused}");
        Ok(())
    }

    /// Frees what [`Browser::fill_storage`] took.
    pub async fn free_storage(&self) -> Outcome {
        self.js("for (const k of Object.keys(localStorage)) if (k.startsWith('filler:')) localStorage.removeItem(k);").await.map(|_| ())
    }

    /// Lets the browser save downloads into `dir`.
    pub async fn allow_downloads(&self, dir: &std::path::Path) -> Outcome {
        self.cdp("Browser.setDownloadBehavior", json!({ "behavior": "allow", "downloadPath": dir.display().to_string() }))
            .await
            .map(|_| ())
    }

    /// Presses and releases each character as a key, at whatever has focus (the page body
    /// too, where element commands cannot type).
    pub async fn press(&self, keys: &str) -> Outcome {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let mut actions = KeyActions::new("keyboard".into());
        for key in keys.chars() {
            actions = actions.then(KeyAction::Down { value: key }).then(KeyAction::Up { value: key });
        }
        self.client.perform_actions(actions).await.ctx(&format!("pressing {keys:?}"))
    }

    pub async fn attr(&self, css: &str, name: &str) -> Result<Option<String>, String> {
        self.find(css).await?.attr(name).await.ctx(&format!("reading {name} of {css}"))
    }
}

/// A POST to `/session/{id}/<path>`.
#[derive(Debug)]
struct SessionPost {
    path: &'static str,
    body: Value,
}

impl WebDriverCompatibleCommand for SessionPost {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/{}", session_id.unwrap_or_default(), self.path))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.body.to_string()))
    }
}
