//! The browsers, through their WebDriver servers: headless Chromium through chromedriver (the
//! whole suite), and Firefox through geckodriver and WebKit (WebKitGTK's MiniBrowser) through
//! WebKitWebDriver (the cross-engine subset, `engines.rs`). Starting a driver, opening sessions
//! with the options a scenario needs, and the few commands fantoccini does not wrap (Chrome
//! DevTools commands, the browser console log), which only Chromium has.

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

/// A browser engine, each driven through its own WebDriver server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Chromium,
    Firefox,
    WebKit,
}

impl Engine {
    pub const ALL: [Engine; 3] = [Engine::Chromium, Engine::Firefox, Engine::WebKit];

    /// The engine's name in `EARMARK_ENGINES` and in the names of its scenarios.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox",
            Engine::WebKit => "webkit",
        }
    }

    pub fn from_name(name: &str) -> Option<Engine> {
        Engine::ALL.into_iter().find(|engine| engine.name() == name)
    }

    /// The variable that names the engine's WebDriver server, and the program looked for on
    /// PATH when it is not set.
    pub fn driver_program(self) -> (&'static str, &'static str) {
        match self {
            Engine::Chromium => ("CHROMEDRIVER", "chromedriver"),
            Engine::Firefox => ("GECKODRIVER", "geckodriver"),
            Engine::WebKit => ("WEBKITDRIVER", "WebKitWebDriver"),
        }
    }

    /// The variable that names the browser the driver starts, and the programs looked for on
    /// PATH when it is not set. WebKit's MiniBrowser is not on PATH: `./dev test` names it, and
    /// `main.rs` looks where Debian puts it.
    pub fn browser_program(self) -> (&'static str, &'static [&'static str]) {
        match self {
            Engine::Chromium => ("CHROMIUM", &["chromium"]),
            Engine::Firefox => ("FIREFOX", &["firefox-esr", "firefox"]),
            Engine::WebKit => ("MINIBROWSER", &[]),
        }
    }
}

fn free_port() -> Result<u16, String> {
    Ok(TcpListener::bind("127.0.0.1:0").and_then(|listener| listener.local_addr()).ctx("finding a free port")?.port())
}

/// Waits until something listens on `port`, or `child` has exited, for at most 20 s.
fn wait_for_port(child: &mut Child, port: u16, what: &str) -> Outcome {
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("{what} exited ({status}) before listening"));
        }
        if Instant::now() > deadline {
            return Err(format!("{what} did not start listening within 20 s"));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok(())
}

/// A virtual X display of its own, for WebKit: MiniBrowser is a GTK window and has no headless
/// mode, and a display of the suite's own keeps it off a developer's screen.
fn start_xvfb() -> Result<(Child, String), String> {
    // The first free display number from 90 on: a number whose lock file exists is taken, and
    // a server that loses a race for one exits at once, so the next number is tried.
    for number in 90..190 {
        if std::path::Path::new(&format!("/tmp/.X{number}-lock")).exists() {
            continue;
        }
        let mut child = Command::new("Xvfb")
            .args([format!(":{number}"), "-screen".into(), "0".into(), "1600x1200x24".into(), "-nolisten".into(), "tcp".into()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .ctx("starting Xvfb (package xvfb; `./dev test` installs it)")?;
        let socket = format!("/tmp/.X11-unix/X{number}");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if std::path::Path::new(&socket).exists() {
                return Ok((child, format!(":{number}")));
            }
            if matches!(child.try_wait(), Ok(Some(_))) || Instant::now() > deadline {
                let _ = child.kill();
                let _ = child.wait();
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    Err("no free X display for Xvfb between :90 and :189".into())
}

pub struct Driver {
    child: Child,
    /// The Xvfb server WebKit's browser draws into (WebKit only).
    display: Option<Child>,
    pub url: String,
    pub engine: Engine,
}

impl Driver {
    /// Starts chromedriver (`program`), as the suite and the benchmarks do.
    pub fn start(chromedriver: &str) -> Result<Driver, String> {
        Driver::start_for(Engine::Chromium, chromedriver)
    }

    /// Starts `program`, the WebDriver server of `engine`, on a free port: chromedriver,
    /// geckodriver, or WebKitWebDriver on an Xvfb display of its own.
    pub fn start_for(engine: Engine, program: &str) -> Result<Driver, String> {
        let port = free_port()?;
        let mut command = Command::new(program);
        let mut display = None;
        match engine {
            Engine::Chromium => {
                command.arg(format!("--port={port}"));
            }
            Engine::Firefox => {
                // BiDi's WebSocket port defaults to 9222, which a Chromium being debugged may
                // hold; 0 lets Firefox take a free one.
                command.args(["--port", &port.to_string(), "--websocket-port", "0"]);
            }
            Engine::WebKit => {
                let (xvfb, name) = start_xvfb()?;
                command.arg(format!("--port={port}")).env("DISPLAY", name);
                display = Some(xvfb);
            }
        }
        let child = match command.stdout(Stdio::null()).stderr(Stdio::null()).spawn() {
            Ok(child) => child,
            Err(error) => {
                if let Some(mut xvfb) = display {
                    let _ = xvfb.kill();
                    let _ = xvfb.wait();
                }
                return Err(format!("starting {program}: {error}"));
            }
        };
        // Owned from here on, so that a driver that never listens is still stopped (with its
        // display) when this returns the error.
        let mut driver = Driver { child, display, url: format!("http://127.0.0.1:{port}"), engine };
        wait_for_port(&mut driver.child, port, program)?;
        Ok(driver)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(display) = &mut self.display {
            let _ = display.kill();
            let _ = display.wait();
        }
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

fn chromium_capabilities(chromium: &str, width: u32, options: &Options) -> Capabilities {
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
    caps
}

fn firefox_capabilities(firefox: &str, width: u32) -> Capabilities {
    let mut caps = Capabilities::new();
    caps.insert("browserName".into(), json!("firefox"));
    caps.insert(
        "moz:firefoxOptions".into(),
        json!({
            "binary": firefox,
            "args": ["-headless", "--width", width.to_string(), "--height", "900"],
            // What Chromium's flags above switch off: background traffic that is no part of
            // the page (updates, telemetry, the captive-portal and connectivity probes).
            "prefs": {
                "app.update.disabledForTesting": true,
                "datareporting.policy.dataSubmissionEnabled": false,
                "network.captive-portal-service.enabled": false,
                "network.connectivity-service.enabled": false,
                "toolkit.telemetry.enabled": false,
            },
        }),
    );
    caps
}

fn webkit_capabilities(minibrowser: &str) -> Capabilities {
    let mut caps = Capabilities::new();
    caps.insert("browserName".into(), json!("MiniBrowser"));
    caps.insert("webkitgtk:browserOptions".into(), json!({ "binary": minibrowser, "args": ["--automation"] }));
    caps
}

pub struct Browser {
    pub client: Client,
    pub base: String,
    pub engine: Engine,
}

impl Browser {
    /// Opens a session of `driver`'s engine on `binary` (the browser program), with a fresh
    /// profile: chromedriver and geckodriver make one per session, and a session of
    /// MiniBrowser's automation mode starts without the website data of the one before.
    pub async fn open(driver: &Driver, base: &str, binary: &str, options: &Options) -> Result<Browser, String> {
        let width = options.width.unwrap_or(1280);
        let caps = match driver.engine {
            Engine::Chromium => chromium_capabilities(binary, width, options),
            Engine::Firefox | Engine::WebKit => {
                // Only the window's width is offered elsewhere: storage blocking, JavaScript
                // switched off and a lasting profile are Chromium settings here, and a scenario
                // that asks for them elsewhere must fail rather than run without them.
                check!(
                    !options.block_storage && !options.no_javascript && options.profile.is_none(),
                    "{}: only the window width can be set in this engine",
                    driver.engine.name()
                );
                if driver.engine == Engine::Firefox {
                    firefox_capabilities(binary, width)
                } else {
                    webkit_capabilities(binary)
                }
            }
        };
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&driver.url)
            .await
            .ctx(&format!("opening a WebDriver session of {}", driver.engine.name()))?;
        let browser = Browser { client, base: base.to_string(), engine: driver.engine };
        if driver.engine != Engine::Chromium {
            if let Err(message) = browser.size_window(width, options.width.is_some()).await {
                browser.close().await;
                return Err(message);
            }
        }
        Ok(browser)
    }

    /// Sizes the window to `width` (900 px tall), as Chromium's `--window-size` does, and when
    /// the scenario asked for that width, fails unless the window has it: Firefox's headless
    /// windows stop at 500 px and MiniBrowser's at about 447 px.
    async fn size_window(&self, width: u32, asked: bool) -> Outcome {
        self.client.set_window_size(width, 900).await.ctx("sizing the window")?;
        if asked {
            let outer = self.js("return outerWidth;").await?;
            check!(outer == json!(width), "{}: asked for a window {width} px wide, got {outer} px", self.engine.name());
        }
        Ok(())
    }

    /// The browser's name and version, as its session reports them.
    pub fn version(&self) -> String {
        let caps = self.client.capabilities();
        let field = |name: &str| caps.and_then(|caps| caps.get(name)).and_then(Value::as_str).unwrap_or("?").to_string();
        format!("{} {}", field("browserName"), field("browserVersion"))
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

    /// Reloads the page as a reader does, and waits until the new page is live.
    pub async fn reload(&self) -> Outcome {
        if self.engine == Engine::Chromium {
            self.client.refresh().await.ctx("reloading")?;
            return self.wait_until_live().await;
        }
        // geckodriver's refresh bypasses the service worker, which a reader's reload does not;
        // `location.reload()` is the reload a reader gets. It runs after the script has
        // answered, and the old document's mark tells when the new one has taken its place.
        self.js("window.earmarkBeforeReload = true; setTimeout(() => location.reload(), 0);").await?;
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            // While the documents change over, a script may fail to run: that is no answer.
            let replaced = self.client.execute("return !window.earmarkBeforeReload && document.readyState !== 'loading';", vec![]).await;
            if matches!(replaced, Ok(Value::Bool(true))) {
                break;
            }
            if Instant::now() > deadline {
                return Err("the reloaded page did not come within 20 s".into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
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
        match self.poll(&format!("!!({expression})"), &json!(true)).await? {
            Ok(()) => Ok(()),
            Err(_) => Err(format!("timed out waiting until {what} ({expression})")),
        }
    }

    /// Polls `expression` until its value is `expected`, or fails after 10 s saying what the
    /// value was then.
    pub async fn until_equals(&self, what: &str, expression: &str, expected: &Value) -> Outcome {
        match self.poll(expression, expected).await? {
            Ok(()) => Ok(()),
            Err(last) => Err(format!("timed out waiting until {what}: {expression} is {last}, not {expected}")),
        }
    }

    /// Evaluates `expression` every 50 ms until it is `expected` (`Ok`), for at most 10 s
    /// (`Err` with the last value).
    async fn poll(&self, expression: &str, expected: &Value) -> Result<Result<(), Value>, String> {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let value = self.js(&format!("return {expression};")).await?;
            if value == *expected {
                return Ok(Ok(()));
            }
            if Instant::now() > deadline {
                return Ok(Err(value));
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

    /// Fails unless this is Chromium, for `what`, a command only chromedriver has: a scenario
    /// that needs it cannot run in another engine, and must not pass there without it.
    fn chromium_only(&self, what: &str) -> Outcome {
        check!(self.engine == Engine::Chromium, "{what} is Chromium-only, and this is {}", self.engine.name());
        Ok(())
    }

    /// A Chrome DevTools Protocol command, through chromedriver (Chromium only).
    pub async fn cdp(&self, cmd: &str, params: Value) -> Result<Value, String> {
        self.chromium_only(&format!("the DevTools command {cmd}"))?;
        self.client
            .issue_cmd(SessionPost { path: "goog/cdp/execute", body: json!({ "cmd": cmd, "params": params }) })
            .await
            .ctx(&format!("CDP {cmd}"))
    }

    /// Emulates `prefers-color-scheme` (and any other media feature), through DevTools: Chromium
    /// only.
    pub async fn emulate_media(&self, features: Value) -> Outcome {
        self.cdp("Emulation.setEmulatedMedia", json!({ "features": features })).await.map(|_| ())
    }

    /// The browser console's entries at `levels` since the last read of the log (a read
    /// empties it), as "LEVEL: message". Chromium only: geckodriver and WebKitWebDriver have
    /// no log command, and an empty answer there would pass a check it never made.
    async fn console(&self, levels: &[&str]) -> Result<Vec<String>, String> {
        self.chromium_only("reading the console")?;
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

    /// Lets the browser save downloads into `dir`, through DevTools: Chromium only.
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
