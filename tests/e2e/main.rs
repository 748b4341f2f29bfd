//! End-to-end tests: the release build (`dist/`, made by `trunk build --release`) served on
//! 127.0.0.1 and driven by a real headless Chromium through chromedriver, as a reader would use
//! it: clicking, typing, reloading. Then a subset of scenarios (`engines.rs`) runs in each engine
//! that `EARMARK_ENGINES` names (default `chromium,firefox,webkit`): the same scenarios must pass
//! in Chromium, Firefox and WebKit.
//!
//! This binary has its own `main` (no libtest harness) so that it starts the server and each
//! driver once, gives every scenario a fresh browser profile, and stops them at the end. It
//! prints one line per scenario (`test firefox/<name> ... ok` in the cross-engine run) and the
//! closing line `e2e: N passed, M failed`, counting both runs. An engine named in
//! `EARMARK_ENGINES` whose driver or browser cannot be found or started is a failure.
//!
//! Needs: `EARMARK_DIST` (default `dist`), `EARMARK_COUNTED_DIST` (a release build with the
//! `render-count` feature and the long synthetic episode), `CHROMEDRIVER` and `CHROMIUM`,
//! `GECKODRIVER` and `FIREFOX`, `WEBKITDRIVER` and `MINIBROWSER` (default: found on PATH, but
//! MiniBrowser is not on PATH), and Xvfb on PATH for WebKit. `./dev test` provides them all.

#[cfg(not(target_arch = "wasm32"))]
mod browser;
#[cfg(not(target_arch = "wasm32"))]
mod embed;
#[cfg(not(target_arch = "wasm32"))]
mod engines;
#[cfg(not(target_arch = "wasm32"))]
mod highlights;
#[cfg(not(target_arch = "wasm32"))]
mod layout;
#[cfg(not(target_arch = "wasm32"))]
mod links;
#[cfg(not(target_arch = "wasm32"))]
mod offline;
#[cfg(not(target_arch = "wasm32"))]
mod pages;
#[cfg(not(target_arch = "wasm32"))]
mod reading;
#[cfg(not(target_arch = "wasm32"))]
mod renders;
#[cfg(not(target_arch = "wasm32"))]
mod search;
#[cfg(not(target_arch = "wasm32"))]
mod server;
#[cfg(not(target_arch = "wasm32"))]
mod transcript;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(host::run());
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod host {
    use std::future::Future;
    use std::path::PathBuf;
    use std::pin::Pin;
    use std::sync::{Arc, Mutex};
    use std::time::Instant;

    use crate::browser::{Browser, Driver, Engine, Options, Outcome};
    use crate::server::{host_csp, Server, Site, STRICT_CSP};

    /// What every scenario gets: where the app is, and how to open a browser.
    pub struct Env {
        pub driver: Driver,
        /// The widget's origin: the standalone page, `embed.js` and the files it loads.
        pub base: String,
        /// Another origin: host pages (`demo/`) that embed the widget from `base`.
        pub host: String,
        /// The CSP violation reports each origin received.
        pub widget_reports: Arc<Mutex<Vec<String>>>,
        pub host_reports: Arc<Mutex<Vec<String>>>,
        pub chromium: String,
        /// The browser program that `driver` starts: `chromium` in the Chromium run.
        pub binary: String,
        pub axe: String,
        /// The release build, for scenarios that serve copies of it themselves.
        pub dist: PathBuf,
        /// The release build that counts renders (`EARMARK_COUNTED_DIST`), if one was named.
        pub counted: Option<PathBuf>,
    }

    impl Env {
        pub async fn browser(&self, options: &Options) -> Result<Browser, String> {
            Browser::open(&self.driver, &self.base, &self.binary, options).await
        }

        /// The same servers and build, driven in `engine` by a driver of its own.
        fn for_engine(&self, engine: Engine) -> Result<Env, String> {
            let (driver, binary) = programs(engine)?;
            Ok(Env {
                driver: Driver::start_for(engine, &driver)?,
                base: self.base.clone(),
                host: self.host.clone(),
                widget_reports: Arc::clone(&self.widget_reports),
                host_reports: Arc::clone(&self.host_reports),
                chromium: self.chromium.clone(),
                binary,
                axe: self.axe.clone(),
                dist: self.dist.clone(),
                counted: self.counted.clone(),
            })
        }
    }

    pub type Scenario = for<'a> fn(&'a Env) -> Pin<Box<dyn Future<Output = Outcome> + 'a>>;

    fn found_on_path(name: &str) -> Option<String> {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(name))
                .find(|path| path.is_file())
                .map(|path| path.display().to_string())
        })
    }

    /// WebKitGTK's MiniBrowser where Debian's libwebkit2gtk-4.1-0 puts it
    /// (`/usr/lib/<architecture>/webkit2gtk-4.1/`), which is not on PATH.
    fn debian_minibrowser() -> Option<String> {
        std::fs::read_dir("/usr/lib")
            .ok()?
            .filter_map(Result::ok)
            .map(|entry| entry.path().join("webkit2gtk-4.1/MiniBrowser"))
            .find(|path| path.is_file())
            .map(|path| path.display().to_string())
    }

    /// The WebDriver server and the browser program of `engine`, from their variables or
    /// PATH; a missing one is an error that says how to get it.
    fn programs(engine: Engine) -> Result<(String, String), String> {
        let (driver_var, driver_name) = engine.driver_program();
        let driver = std::env::var(driver_var).ok().or_else(|| found_on_path(driver_name)).ok_or_else(|| {
            format!("{} not found: set {driver_var} or run `./dev test`, which installs it", driver_name)
        })?;
        let (browser_var, browser_names) = engine.browser_program();
        let browser = std::env::var(browser_var)
            .ok()
            .or_else(|| browser_names.iter().find_map(|name| found_on_path(name)))
            .or_else(|| (engine == Engine::WebKit).then(debian_minibrowser).flatten())
            .ok_or_else(|| format!("the {} browser not found: set {browser_var} or run `./dev test`, which installs it", engine.name()))?;
        // A named program that is not there would fail later, less clearly, as a session error.
        for program in [&driver, &browser] {
            if !std::path::Path::new(program).is_file() {
                return Err(format!("{program} (for {}) does not exist: check {driver_var} and {browser_var}", engine.name()));
            }
        }
        if engine == Engine::WebKit && found_on_path("Xvfb").is_none() {
            return Err("Xvfb not found on PATH (package xvfb): WebKit's browser draws into it; run `./dev test`, which installs it".into());
        }
        Ok((driver, browser))
    }

    /// The engines of the cross-engine run: `EARMARK_ENGINES`, comma-separated, by default all.
    fn engines() -> Result<Vec<Engine>, String> {
        let Ok(list) = std::env::var("EARMARK_ENGINES") else { return Ok(Engine::ALL.to_vec()) };
        list.split(',')
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(|name| Engine::from_name(name).ok_or_else(|| format!("EARMARK_ENGINES names {name:?}: the engines are chromium, firefox and webkit")))
            .collect()
    }

    fn setup() -> Result<Env, String> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let dist = std::env::var_os("EARMARK_DIST").map(PathBuf::from).unwrap_or_else(|| root.join("dist"));
        if !dist.join("index.html").is_file() {
            return Err(format!(
                "no release build in {}: run `./dev test`, which builds it with `trunk build --release` first",
                dist.display()
            ));
        }
        let (chromedriver, chromium) = programs(Engine::Chromium)?;
        let axe_path = root.join("node_modules/axe-core/axe.min.js");
        let axe = std::fs::read_to_string(&axe_path)
            .map_err(|error| format!("{}: {error} (run `./dev test`, which installs axe-core)", axe_path.display()))?;
        // The widget is served as a site owner is told to serve it: a strict CSP on its pages,
        // CORS on its files. The demo host page, on another origin, embeds it under its own.
        let widget = Server::start(Site { root: dist.clone(), csp: Some(STRICT_CSP.into()), cors: true, ..Site::default() })
            .map_err(|error| format!("starting the static server: {error}"))?;
        let host_port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
        let host_base = format!("http://127.0.0.1:{host_port}");
        let fill = vec![("WIDGET".to_string(), widget.base.clone()), ("HOST".to_string(), host_base)];
        let host = Server::start_on(host_port, Site { root: root.join("demo"), csp: Some(host_csp(&widget.base)), cors: false, fill, ..Site::default() })
            .map_err(|error| format!("starting the host page server: {error}"))?;
        let driver = Driver::start(&chromedriver)?;
        Ok(Env {
            driver,
            base: widget.base,
            host: host.base,
            widget_reports: widget.reports,
            host_reports: host.reports,
            binary: chromium.clone(),
            chromium,
            axe,
            dist,
            counted: std::env::var_os("EARMARK_COUNTED_DIST").map(PathBuf::from),
        })
    }

    /// The tally of a run, and its line per scenario.
    #[derive(Default)]
    struct Tally {
        passed: usize,
        failed: usize,
    }

    impl Tally {
        fn fail(&mut self, name: &str, message: &str) {
            self.failed += 1;
            println!("test {name} ... FAILED\n    {message}");
        }

        fn run(&mut self, runtime: &tokio::runtime::Runtime, env: &Env, name: &str, scenario: Scenario) {
            let started = Instant::now();
            let outcome = runtime.block_on(scenario(env));
            let took = started.elapsed().as_secs_f32();
            match outcome {
                Ok(()) => {
                    self.passed += 1;
                    println!("test {name} ... ok ({took:.1} s)");
                }
                Err(message) => {
                    self.failed += 1;
                    println!("test {name} ... FAILED ({took:.1} s)\n    {message}");
                }
            }
        }
    }

    /// Runs the cross-engine subset in `engine`, each scenario named `<engine>/<name>`, after
    /// printing the browser's version; the Chromium run reuses the suite's driver.
    fn run_engine(runtime: &tokio::runtime::Runtime, env: &Env, engine: Engine, scenarios: &[(String, Scenario)], tally: &mut Tally) {
        let started = Instant::now();
        let own;
        let env = if engine == Engine::Chromium {
            env
        } else {
            match env.for_engine(engine) {
                Ok(engine_env) => {
                    own = engine_env;
                    &own
                }
                Err(message) => return tally.fail(&format!("{}/*", engine.name()), &format!("cannot run the {} scenarios: {message}", engine.name())),
            }
        };
        let version = runtime.block_on(async {
            let browser = env.browser(&Options::default()).await?;
            let version = browser.version();
            browser.close().await;
            Ok::<_, String>(version)
        });
        match version {
            Ok(version) => println!("\nengine {}: {version}, {} scenarios", engine.name(), scenarios.len()),
            Err(message) => return tally.fail(&format!("{}/*", engine.name()), &format!("cannot open a {} browser: {message}", engine.name())),
        }
        for (name, scenario) in scenarios {
            tally.run(runtime, env, name, *scenario);
        }
        println!("engine {}: {:.1} s", engine.name(), started.elapsed().as_secs_f32());
    }

    pub fn run() -> i32 {
        let env = match setup() {
            Ok(env) => env,
            Err(message) => {
                eprintln!("e2e: cannot start: {message}");
                return 1;
            }
        };
        let mut scenarios: Vec<(&str, Scenario)> = crate::reading::scenarios();
        scenarios.extend(crate::search::scenarios());
        scenarios.extend(crate::highlights::scenarios());
        scenarios.extend(crate::links::scenarios());
        scenarios.extend(crate::embed::scenarios());
        scenarios.extend(crate::layout::scenarios());
        scenarios.extend(crate::offline::scenarios());
        scenarios.extend(crate::pages::scenarios());
        scenarios.extend(crate::renders::scenarios());
        scenarios.extend(crate::transcript::scenarios());
        let filter = std::env::args().skip(1).find(|arg| !arg.starts_with('-'));
        let chosen = |name: &str| filter.as_deref().is_none_or(|filter| name.contains(filter));
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime");
        let subset = crate::engines::scenarios();
        let engines = engines();
        let mut tally = Tally::default();
        let names: Vec<&str> = engines.iter().flatten().map(|engine| engine.name()).collect();
        println!(
            "\nrunning {} end-to-end scenarios against {}, then {} in each of: {}",
            scenarios.len(),
            env.base,
            subset.len(),
            if names.is_empty() { "no engine".to_string() } else { names.join(", ") }
        );
        for (name, scenario) in scenarios {
            if chosen(name) {
                tally.run(&runtime, &env, name, scenario);
            }
        }

        // The cross-engine subset, in each engine asked for (its scenarios named
        // `<engine>/<name>`, which the filter also matches).
        match engines {
            Ok(engines) => {
                let started = Instant::now();
                let mut ran = false;
                for engine in engines {
                    let named: Vec<(String, Scenario)> = subset
                        .iter()
                        .map(|(name, scenario)| (format!("{}/{name}", engine.name()), *scenario))
                        .filter(|(name, _)| chosen(name))
                        .collect();
                    if !named.is_empty() {
                        run_engine(&runtime, &env, engine, &named, &mut tally);
                        ran = true;
                    }
                }
                if ran {
                    println!("\ncross-engine run: {:.1} s", started.elapsed().as_secs_f32());
                }
            }
            Err(message) => tally.fail("engines", &message),
        }
        println!("\ne2e: {} passed, {} failed", tally.passed, tally.failed);
        i32::from(tally.failed > 0 || tally.passed == 0)
    }
}
