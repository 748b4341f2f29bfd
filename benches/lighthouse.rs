//! Lighthouse (npm `lighthouse@12.2.3`, which `./dev bench` installs into `.tools/lighthouse`)
//! on the release build, as a site's visitors get it: `dist/` served by the project's static
//! server compressing as production hosts do (brotli, hashed files cached for a year), the
//! strict Content-Security-Policy on, Lighthouse's default mobile profile (a mid-range phone,
//! simulated slow 4G) in Debian's headless Chromium.
//!
//! Prints the four category scores with LCP, TBT, CLS and the bytes Lighthouse counted, for an
//! episode page and an insight page. Figures, not assertions: the benchmark fails only when it
//! cannot run. Lighthouse's own flags are its defaults; nothing is tuned for the run.

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
        eprintln!("lighthouse benchmark: {message}");
        std::process::exit(1);
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod host {
    use std::path::PathBuf;
    use std::process::Command;

    use serde_json::Value;

    use crate::server::{Server, Site, STRICT_CSP};
    use crate::summary::record;

    const EPISODE: &str = "the-truth-about-deepseek";
    const INSIGHT: &str = "the-truth-about-deepseek/us-export-controls-and-their-effectiveness";
    const CATEGORIES: [(&str, &str); 4] =
        [("performance", "Performance"), ("accessibility", "Accessibility"), ("best-practices", "Best Practices"), ("seo", "SEO")];

    pub fn run() -> Result<(), String> {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let dist = std::env::var_os("EARMARK_DIST").map(PathBuf::from).unwrap_or_else(|| root.join("dist"));
        let lighthouse = root.join(".tools/lighthouse/node_modules/lighthouse/cli/index.js");
        if !lighthouse.exists() {
            return Err(format!("{} is missing: run ./dev bench, which installs it", lighthouse.display()));
        }
        let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let server = Server::start(Site { root: dist, csp: Some(STRICT_CSP.into()), cors: true, compress: true, ..Site::default() })
            .map_err(|e| format!("starting the server: {e}"))?;
        let out = root.join("target/bench/lighthouse");
        std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;

        println!("\nlighthouse benchmark: Lighthouse 12.2.3, mobile profile (simulated slow 4G, 4x CPU slowdown), compressed as a production host\n");
        println!("{:<16} {:>11} {:>13} {:>14} {:>5} {:>8} {:>8} {:>6} {:>11}", "page", "Performance", "Accessibility", "Best Practices", "SEO", "LCP", "TBT", "CLS", "bytes");
        for (label, path) in [("episode page", EPISODE), ("insight page", INSIGHT)] {
            let report = out.join(format!("{}.json", label.replace(' ', "-")));
            let url = format!("{}/{path}/", server.base);
            let status = Command::new("node")
                .arg(&lighthouse)
                .arg(&url)
                .arg("--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync")
                .arg("--only-categories=performance,accessibility,best-practices,seo")
                .arg("--output=json")
                .arg(format!("--output-path={}", report.display()))
                .arg("--quiet")
                .env("CHROME_PATH", &chromium)
                .status()
                .map_err(|e| format!("running Lighthouse: {e}"))?;
            if !status.success() {
                return Err(format!("Lighthouse failed on {url} ({status})"));
            }
            let text = std::fs::read_to_string(&report).map_err(|e| format!("{}: {e}", report.display()))?;
            let result: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", report.display()))?;
            if let Some(error) = result["runtimeError"]["message"].as_str() {
                return Err(format!("Lighthouse on {url}: {error}"));
            }
            let score = |id: &str| result["categories"][id]["score"].as_f64().map(|s| (s * 100.0).round() as u32);
            let shown = |id: &str| score(id).map_or("-".to_string(), |s| s.to_string());
            let audit = |id: &str| result["audits"][id]["numericValue"].as_f64().unwrap_or(f64::NAN);
            let (lcp, tbt, cls, bytes) = (audit("largest-contentful-paint"), audit("total-blocking-time"), audit("cumulative-layout-shift"), audit("total-byte-weight"));
            println!(
                "{label:<16} {:>11} {:>13} {:>14} {:>5} {lcp:>6.0}ms {tbt:>6.0}ms {cls:>6.3} {bytes:>11.0}",
                shown("performance"),
                shown("accessibility"),
                shown("best-practices"),
                shown("seo")
            );
            let scores: Vec<String> = CATEGORIES.iter().map(|(id, name)| format!("{name} {}", shown(id))).collect();
            record("Lighthouse", &format!("{label}: scores"), &scores.join(" / "), "100 each");
            record("Lighthouse", &format!("{label}: LCP / TBT / CLS"), &format!("{lcp:.0} ms / {tbt:.0} ms / {cls:.3}"), "");
            record("Lighthouse", &format!("{label}: bytes Lighthouse counted"), &format!("{bytes:.0}"), "");
            // What kept a category under 100, so that the reader of the table can act on it.
            for (id, name) in CATEGORIES {
                for item in result["categories"][id]["auditRefs"].as_array().into_iter().flatten() {
                    let audit = &result["audits"][item["id"].as_str().unwrap_or_default()];
                    let weighted = item["weight"].as_f64().unwrap_or(0.0) > 0.0;
                    if weighted && audit["score"].as_f64().is_some_and(|s| s < 1.0) {
                        println!("  {name}: {} ({})", audit["title"].as_str().unwrap_or("?"), audit["displayValue"].as_str().unwrap_or(""));
                    }
                }
            }
        }
        println!("\nreports: {}", out.display());
        Ok(())
    }
}
