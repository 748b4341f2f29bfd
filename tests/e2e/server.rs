//! A static file server on 127.0.0.1, for the end-to-end tests and for `./dev serve`.
//!
//! It serves a folder exactly as a plain static host would (the content types a browser needs
//! to stream-compile wasm, 404 for what is not there), plus the headers a site owner is told to
//! send: a Content-Security-Policy on pages and, for the widget's files, CORS. Pages may name
//! other origins as `{{NAME}}`, filled in when served (the demo host page names the widget's
//! origin, whose port is only known at start). Browsers post CSP violation reports to
//! `/__csp`; the server keeps them, so tests can check that nothing was refused.
//!
//! Every answer has an `ETag`, and a request that names it gets `304 Not Modified`, as on any
//! static host. With `compress` set (`./dev serve`, the benchmarks, Lighthouse) it also behaves
//! as a production host does: text, JSON and wasm are sent with brotli (quality 11, as a host
//! that stores them compressed) or gzip, whichever the browser accepts, and the files whose
//! names hold their content's hash are cached for a year (`immutable`).
//!
//! Why not a crate: about two hundred lines of std, where a server crate would add an async
//! stack to the test build, and this serves files only.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::thread;

/// The strict policy Earmark's own pages run under (the reports path is relative to the page's
/// origin, so every site collects its own).
pub const STRICT_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
    object-src 'none'; base-uri 'self'; require-trusted-types-for 'script'; report-uri /__csp";

/// Copies the folder `from` (a build) to `to`, sub-folders included.
pub fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// The same policy for a host page that embeds the widget from `widget` (another origin).
pub fn host_csp(widget: &str) -> String {
    format!(
        "default-src 'self' {widget}; script-src 'self' {widget} 'wasm-unsafe-eval'; style-src 'self' {widget}; \
         object-src 'none'; base-uri 'self'; require-trusted-types-for 'script'; report-uri /__csp"
    )
}

/// What one server serves, and how.
#[derive(Clone, Default)]
pub struct Site {
    pub root: PathBuf,
    /// The Content-Security-Policy header of HTML pages.
    pub csp: Option<String>,
    /// Whether to send `Access-Control-Allow-Origin: *` (a widget's files, loaded by host pages).
    pub cors: bool,
    /// `{{NAME}}` → value, replaced in HTML pages.
    pub fill: Vec<(String, String)>,
    /// The folder the site lives in (`/earmark`), as on a host that serves it from a
    /// sub-folder; empty for the root.
    pub prefix: String,
    /// Whether to compress and to cache hashed files as a production host does.
    pub compress: bool,
}

pub struct Server {
    pub base: String,
    /// The CSP violation reports browsers sent, as JSON text.
    pub reports: Arc<Mutex<Vec<String>>>,
    control: Arc<Control>,
}

/// What a test may change while the server runs.
#[derive(Default)]
struct Control {
    /// The folder served (a test swaps in another build).
    root: RwLock<PathBuf>,
    /// Whether the server is "stopped": connections are closed unanswered, as a browser sees a
    /// server that is gone.
    down: AtomicBool,
}

impl Server {
    /// Serves `site` on a free port, on threads that live as long as the process.
    pub fn start(site: Site) -> std::io::Result<Server> {
        Server::start_on(0, site)
    }

    /// Serves `site` on `port` (0: a free one).
    pub fn start_on(port: u16, site: Site) -> std::io::Result<Server> {
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        let base = format!("http://{}", listener.local_addr()?);
        let reports = Arc::new(Mutex::new(Vec::new()));
        let control = Arc::new(Control { root: RwLock::new(site.root.clone()), down: AtomicBool::new(false) });
        let (kept, controlled) = (reports.clone(), control.clone());
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (site, kept, controlled) = (site.clone(), kept.clone(), controlled.clone());
                thread::spawn(move || {
                    // Chromium opens connections ahead of need: what a request gets (an answer
                    // at all, and from which build) is decided when its first byte arrives,
                    // not when its connection was opened.
                    if stream.peek(&mut [0u8; 1]).is_err() || controlled.down.load(Ordering::SeqCst) {
                        return;
                    }
                    let root = controlled.root.read().map(|root| root.clone()).unwrap_or_default();
                    let _ = serve(stream, &Site { root, ..site }, &kept);
                });
            }
        });
        Ok(Server { base, reports, control })
    }

    /// Stops answering (`true`), as a server that is gone, or starts again.
    pub fn set_down(&self, down: bool) {
        self.control.down.store(down, Ordering::SeqCst);
    }

    /// Serves another folder from now on (a new build).
    pub fn set_root(&self, root: PathBuf) {
        if let Ok(mut current) = self.control.root.write() {
            *current = root;
        }
    }
}

fn serve(mut stream: TcpStream, site: &Site, reports: &Mutex<Vec<String>>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut length = 0usize;
    let (mut accepts, mut known, mut range) = (String::new(), String::new(), String::new());
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            let name = name.trim();
            if name.eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().unwrap_or(0);
            } else if name.eq_ignore_ascii_case("accept-encoding") {
                accepts = value.trim().to_ascii_lowercase();
            } else if name.eq_ignore_ascii_case("if-none-match") {
                known = value.trim().to_string();
            } else if name.eq_ignore_ascii_case("range") {
                range = value.trim().to_string();
            }
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");

    if method == "POST" && path == "/__csp" {
        let mut body = vec![0; length.min(1 << 20)];
        reader.read_exact(&mut body)?;
        if let Ok(mut reports) = reports.lock() {
            reports.push(String::from_utf8_lossy(&body).into_owned());
        }
        stream.write_all(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")?;
        return stream.flush();
    }

    let path = match path.strip_prefix(site.prefix.as_str()) {
        Some(rest) if rest.starts_with('/') => rest,
        Some("") => "/",
        _ => "/__outside_the_site__",
    };
    let (status, content_type, body) = match resolve(&site.root, path) {
        Some(file) => match std::fs::read(&file) {
            Ok(body) => ("200 OK", content_type(&file), body),
            Err(_) => ("404 Not Found", "text/plain", b"not found".to_vec()),
        },
        None => ("404 Not Found", "text/plain", b"not found".to_vec()),
    };
    let is_page = content_type.starts_with("text/html");
    let body = if is_page && !site.fill.is_empty() {
        let mut text = String::from_utf8_lossy(&body).into_owned();
        for (name, value) in &site.fill {
            text = text.replace(&format!("{{{{{name}}}}}"), value);
        }
        text.into_bytes()
    } else {
        body
    };
    let found = status.starts_with("200");
    // Weak: the same tag names the plain and the compressed bodies. The hash also keys the
    // compressed copies.
    let hash = fnv1a(&body);
    let etag = format!("W/\"{hash:016x}\"");
    if found && known.split(',').any(|tag| tag.trim() == etag) {
        let head = format!("HTTP/1.1 304 Not Modified\r\nETag: {etag}\r\nCache-Control: {}\r\nConnection: close\r\n\r\n", cache_control(site, path));
        stream.write_all(head.as_bytes())?;
        return stream.flush();
    }
    let compressible = !matches!(content_type, "image/png" | "application/octet-stream" | "audio/wav");
    // Media is read in ranges (a player seeks by asking for the bytes from there on), as every
    // production host serves it.
    if let (true, Some((start, end))) = (found && !compressible, byte_range(&range, body.len())) {
        let head = format!(
            "HTTP/1.1 206 Partial Content\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nContent-Range: bytes {start}-{end}/{}\r\nAccept-Ranges: bytes\r\nConnection: close\r\n\r\n",
            end + 1 - start,
            body.len(),
        );
        stream.write_all(head.as_bytes())?;
        if method != "HEAD" {
            stream.write_all(&body[start..=end])?;
        }
        return stream.flush();
    }
    let (body, encoding) = match (site.compress && found && compressible, encodings(&accepts)) {
        (true, (true, _)) => (compressed::brotli(hash, &body), Some("br")),
        (true, (false, true)) => (compressed::gzip(hash, &body), Some("gzip")),
        _ => (Arc::new(body), None),
    };
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: {}\r\nConnection: close\r\n",
        body.len(),
        if found { cache_control(site, path) } else { "no-cache" },
    );
    if found {
        head.push_str(&format!("ETag: {etag}\r\n"));
    }
    if found && !compressible {
        head.push_str("Accept-Ranges: bytes\r\n");
    }
    if let Some(encoding) = encoding {
        head.push_str(&format!("Content-Encoding: {encoding}\r\nVary: Accept-Encoding\r\n"));
    }
    if let (true, Some(csp)) = (is_page, &site.csp) {
        head.push_str(&format!("Content-Security-Policy: {csp}\r\n"));
    }
    if site.cors {
        head.push_str("Access-Control-Allow-Origin: *\r\n");
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()
}

/// The first and last byte a `Range: bytes=a-b` header (or `a-`) asks for, within `len`.
fn byte_range(header: &str, len: usize) -> Option<(usize, usize)> {
    let (start, end) = header.strip_prefix("bytes=")?.split(',').next()?.split_once('-')?;
    let start: usize = start.trim().parse().ok()?;
    let end = match end.trim() {
        "" => len.checked_sub(1)?,
        end => end.parse::<usize>().ok()?.min(len.checked_sub(1)?),
    };
    (start <= end).then_some((start, end))
}

/// Whether the browser accepts brotli, and gzip.
fn encodings(accepts: &str) -> (bool, bool) {
    let accepted = |name: &str| accepts.split(',').any(|part| part.split(';').next().is_some_and(|n| n.trim() == name));
    (accepted("br"), accepted("gzip"))
}

/// A year for a file whose name holds its content's hash (`earmark-<hash>_bg.wasm`) on a
/// production host; revalidation for everything else, and everywhere in the tests.
fn cache_control(site: &Site, path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or("");
    let stem = name.split('.').next().unwrap_or("").trim_end_matches("_bg");
    let hashed = stem.rsplit_once('-').is_some_and(|(_, hash)| hash.len() >= 12 && hash.bytes().all(|b| b.is_ascii_hexdigit()));
    if site.compress && hashed {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

/// A 64-bit FNV-1a hash: the entity tag of a body.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// Compressed bodies, kept by content: brotli at quality 11 takes a second for the wasm, which
/// a host that serves precompressed files does once per build.
mod compressed {
    use std::collections::HashMap;
    use std::io::Write;
    use std::sync::{Arc, Mutex, OnceLock};

    type Cache = Mutex<HashMap<(u64, &'static str), Arc<Vec<u8>>>>;

    /// The `kind` compression of `body`, whose FNV-1a hash is `hash`: made once, then shared.
    fn kept(hash: u64, body: &[u8], kind: &'static str, make: impl FnOnce(&[u8]) -> Vec<u8>) -> Arc<Vec<u8>> {
        static CACHE: OnceLock<Cache> = OnceLock::new();
        let cache = CACHE.get_or_init(Cache::default);
        if let Some(found) = cache.lock().ok().and_then(|c| c.get(&(hash, kind)).cloned()) {
            return found;
        }
        let made = Arc::new(make(body));
        if let Ok(mut cache) = cache.lock() {
            cache.insert((hash, kind), made.clone());
        }
        made
    }

    pub fn brotli(hash: u64, body: &[u8]) -> Arc<Vec<u8>> {
        kept(hash, body, "br", |body| {
            let mut out = Vec::new();
            let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 22, ..Default::default() };
            let _ = brotli::BrotliCompress(&mut &body[..], &mut out, &params);
            out
        })
    }

    pub fn gzip(hash: u64, body: &[u8]) -> Arc<Vec<u8>> {
        kept(hash, body, "gzip", |body| {
            let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            let _ = encoder.write_all(body);
            encoder.finish().unwrap_or_default()
        })
    }
}

/// The file for a URL path, never outside `root`.
fn resolve(root: &Path, path: &str) -> Option<PathBuf> {
    let relative = Path::new(path.trim_start_matches('/'));
    if relative.components().any(|c| !matches!(c, Component::Normal(_))) {
        return None;
    }
    let file = root.join(relative);
    if file.is_dir() {
        Some(file.join("index.html"))
    } else {
        Some(file)
    }
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|ext| ext.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "json" | "webmanifest" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "wav" => "audio/wav",
        _ => "application/octet-stream",
    }
}
