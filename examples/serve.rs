//! `./dev serve`: serves the release build (`dist/`) on 127.0.0.1:PORT, as a widget host would
//! (a strict Content-Security-Policy on its pages, CORS on its files), and the demo host page
//! (`demo/`) on PORT+1, another origin, which embeds the widget by script and by iframe under
//! its own strict policy. Both compress and cache as a production host does.
//!
//! Usage: `cargo run --example serve -- <dist> <demo> <port>`.

// The example uses part of the test server (it serves no ephemeral port).
#[allow(dead_code)]
#[path = "../tests/e2e/server.rs"]
mod server;

use std::path::PathBuf;

use server::{host_csp, Server, Site, STRICT_CSP};

fn main() {
    let mut args = std::env::args().skip(1);
    let dist = PathBuf::from(args.next().unwrap_or_else(|| "dist".into()));
    let demo = PathBuf::from(args.next().unwrap_or_else(|| "demo".into()));
    let port: u16 = args.next().and_then(|port| port.parse().ok()).unwrap_or(8080);
    let widget = Server::start_on(port, Site { root: dist, csp: Some(STRICT_CSP.into()), cors: true, compress: true, ..Site::default() })
        .unwrap_or_else(|error| panic!("cannot serve on 127.0.0.1:{port}: {error}"));
    let host_origin = format!("http://127.0.0.1:{}", port + 1);
    let fill = vec![("WIDGET".to_string(), widget.base.clone()), ("HOST".to_string(), host_origin)];
    let host = Server::start_on(port + 1, Site { root: demo, csp: Some(host_csp(&widget.base)), cors: false, fill, compress: true, ..Site::default() })
        .unwrap_or_else(|error| panic!("cannot serve on 127.0.0.1:{}: {error}", port + 1));
    println!("Earmark:   {}/", widget.base);
    println!("Demo host: {}/  (embeds the widget by script and by iframe; Ctrl+C stops)", host.base);
    loop {
        std::thread::sleep(std::time::Duration::from_secs(60));
        let refused = widget.reports.lock().map(|r| r.len()).unwrap_or(0) + host.reports.lock().map(|r| r.len()).unwrap_or(0);
        if refused > 0 {
            eprintln!("note: the browser reported {refused} Content-Security-Policy violation(s)");
        }
    }
}
