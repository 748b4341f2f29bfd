//! End-to-end tests: the release build (`dist/`, made by `trunk build --release`) served on
//! 127.0.0.1 and driven by a real headless Chromium through chromedriver, as a reader would use
//! it: clicking, typing, reloading.
//!
//! This binary has its own `main` (no libtest harness) so that it starts the server and the
//! driver once, gives every scenario a fresh browser profile, and stops both at the end. It
//! prints one line per scenario and the closing line `e2e: N passed, M failed`.
//!
//! Needs: `EARMARK_DIST` (default `dist`), `EARMARK_COUNTED_DIST` (a release build with the
//! `render-count` feature and the long synthetic episode), `CHROMEDRIVER` and `CHROMIUM`
//! (default: found on PATH). `./dev test` provides all four.

#[cfg(not(target_arch = "wasm32"))]
mod browser;
#[cfg(not(target_arch = "wasm32"))]
mod embed;
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

    use crate::browser::{Browser, Driver, Options, Outcome};
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
        pub axe: String,
        /// The release build, for scenarios that serve copies of it themselves.
        pub dist: PathBuf,
        /// The release build that counts renders (`EARMARK_COUNTED_DIST`), if one was named.
        pub counted: Option<PathBuf>,
    }

    impl Env {
        pub async fn browser(&self, options: &Options) -> Result<Browser, String> {
            Browser::open(&self.driver, &self.base, &self.chromium, options).await
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

    fn setup() -> Result<Env, String> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let dist = std::env::var_os("EARMARK_DIST").map(PathBuf::from).unwrap_or_else(|| root.join("dist"));
        if !dist.join("index.html").is_file() {
            return Err(format!(
                "no release build in {}: run `./dev test`, which builds it with `trunk build --release` first",
                dist.display()
            ));
        }
        let chromedriver = std::env::var("CHROMEDRIVER").ok().or_else(|| found_on_path("chromedriver"))
            .ok_or("chromedriver not found: set CHROMEDRIVER or run `./dev test`")?;
        let chromium = std::env::var("CHROMIUM").ok().or_else(|| found_on_path("chromium"))
            .ok_or("chromium not found: set CHROMIUM or run `./dev test`")?;
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
            chromium,
            axe,
            dist,
            counted: std::env::var_os("EARMARK_COUNTED_DIST").map(PathBuf::from),
        })
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
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a tokio runtime");
        let (mut passed, mut failed) = (0, 0);
        println!("\nrunning {} end-to-end scenarios against {}", scenarios.len(), env.base);
        for (name, scenario) in scenarios {
            if filter.as_deref().is_some_and(|filter| !name.contains(filter)) {
                continue;
            }
            let started = Instant::now();
            let outcome = runtime.block_on(scenario(&env));
            let took = started.elapsed().as_secs_f32();
            match outcome {
                Ok(()) => {
                    passed += 1;
                    println!("test {name} ... ok ({took:.1} s)");
                }
                Err(message) => {
                    failed += 1;
                    println!("test {name} ... FAILED ({took:.1} s)\n    {message}");
                }
            }
        }
        println!("\ne2e: {passed} passed, {failed} failed");
        i32::from(failed > 0 || passed == 0)
    }
}
