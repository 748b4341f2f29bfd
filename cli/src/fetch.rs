//! Getting a transcript or chapters file the feed points to: from a local path (relative to the
//! feed file, or a `file:` URL) or over HTTP(S).
//!
//! The design decision: a fetch never fails the import. Every way it can go wrong (offline, a
//! timeout, a 404, a file too large) becomes a sentence for a warning that names the address,
//! and the episode is imported without the file. Timeouts are short (10 s to connect and to
//! wait for an answer, 30 s for the whole body) because an import of a hundred items must not
//! hang on one slow host. Only the bytes are fetched here; whether they are the file the feed
//! promised is checked by the caller with the core's own parsers.

use std::path::{Path, PathBuf};
use std::time::Duration;

/// The largest file fetched or copied: the core's limit for a transcript.
pub const MAX_BYTES: u64 = earmark_core::transcript::MAX_TRANSCRIPT_BYTES as u64;

/// Where a file the feed names is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Local(PathBuf),
    Remote(String),
    /// A scheme this command does not fetch (`ftp:`, `data:`), named.
    Unsupported(String),
}

/// Where `url` points, local paths taken relative to the feed's folder.
pub fn source(url: &str, feed_dir: &Path) -> Source {
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return Source::Remote(url.to_string());
    }
    if let Some(rest) = url.strip_prefix("file:").or_else(|| url.strip_prefix("FILE:")) {
        // `file:///abs/path` and `file://localhost/abs/path` are absolute; `file:name` is taken
        // relative to the feed, as a feed made by hand writes it.
        let rest = rest.strip_prefix("//localhost").or_else(|| rest.strip_prefix("//")).unwrap_or(rest);
        return Source::Local(feed_dir.join(percent_decode(rest)));
    }
    let scheme = url.split_once(':').map(|(scheme, _)| scheme).filter(|s| {
        s.len() > 1 && s.starts_with(|c: char| c.is_ascii_alphabetic()) && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    match scheme {
        Some(scheme) => Source::Unsupported(scheme.to_string()),
        None => Source::Local(feed_dir.join(percent_decode(url))),
    }
}

/// `%20` and the like, decoded; a malformed escape stays as written.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|hex| u8::from_str_radix(hex, 16).ok());
            if let Some(byte) = hex {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What came back: the bytes and, for HTTP, the content type the server gave.
pub struct Fetched {
    pub bytes: Vec<u8>,
    pub content_type: Option<String>,
}

/// Reads a local file, up to [`MAX_BYTES`], if it is inside `root` (the feed's folder): a feed
/// names its own files, and a path that climbs out of its folder (`../../etc/passwd`) is never
/// read, so that no file elsewhere on the machine ends up quoted in a message or copied.
pub fn read_local(path: &Path, root: &Path) -> Result<Fetched, String> {
    let root = root.canonicalize().map_err(|error| format!("cannot read the feed's folder: {}", io_reason(&error)))?;
    let resolved = path.canonicalize().map_err(|error| format!("cannot read {}: {}", path.display(), io_reason(&error)))?;
    if !resolved.starts_with(&root) {
        return Err(format!("{} is outside the feed's folder; local transcripts and chapters are read only from the feed's folder and below", path.display()));
    }
    let metadata = std::fs::metadata(path).map_err(|error| format!("cannot read {}: {}", path.display(), io_reason(&error)))?;
    if !metadata.is_file() {
        return Err(format!("cannot read {}: not a file", path.display()));
    }
    if metadata.len() > MAX_BYTES {
        return Err(format!("{} is {} bytes; a transcript may be at most {MAX_BYTES}", path.display(), metadata.len()));
    }
    let bytes = std::fs::read(path).map_err(|error| format!("cannot read {}: {}", path.display(), io_reason(&error)))?;
    Ok(Fetched { bytes, content_type: None })
}

fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => error.to_string(),
    }
}

/// The HTTP client of one import: one agent, so that connections to one host are reused.
pub struct Client {
    agent: ureq::Agent,
}

impl Default for Client {
    fn default() -> Self {
        Client::new()
    }
}

impl Client {
    pub fn new() -> Client {
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(Duration::from_secs(10)))
            .timeout_recv_response(Some(Duration::from_secs(10)))
            .timeout_recv_body(Some(Duration::from_secs(30)))
            .user_agent(concat!("earmark-import/", env!("CARGO_PKG_VERSION")))
            .http_status_as_error(false)
            .max_redirects(5)
            .build();
        Client { agent: config.into() }
    }

    /// GETs `url`; anything but a 2xx answer with a body of at most [`MAX_BYTES`] is an error
    /// sentence.
    pub fn get(&self, url: &str) -> Result<Fetched, String> {
        let mut response = self.agent.get(url).call().map_err(|error| describe(url, &error))?;
        let status = response.status();
        if !status.is_success() {
            let reason = status.canonical_reason().unwrap_or("");
            return Err(format!("{url} answered HTTP {} {reason}", status.as_u16()).trim_end().to_string());
        }
        let content_type = response.headers().get("content-type").and_then(|value| value.to_str().ok()).map(str::to_string);
        let bytes = response
            .body_mut()
            .with_config()
            .limit(MAX_BYTES)
            .read_to_vec()
            .map_err(|error| describe(url, &error))?;
        Ok(Fetched { bytes, content_type })
    }
}

/// A sentence for a failed request, saying "offline?" where that is the likely cause.
fn describe(url: &str, error: &ureq::Error) -> String {
    match error {
        ureq::Error::HostNotFound => format!("cannot fetch {url}: host not found (offline? --no-fetch skips fetching)"),
        ureq::Error::ConnectionFailed => format!("cannot fetch {url}: connection failed (offline? --no-fetch skips fetching)"),
        ureq::Error::Timeout(_) => format!("cannot fetch {url}: timed out"),
        ureq::Error::BodyExceedsLimit(limit) => format!("cannot fetch {url}: larger than {limit} bytes"),
        ureq::Error::Io(io) if matches!(io.kind(), std::io::ErrorKind::ConnectionRefused | std::io::ErrorKind::NetworkUnreachable | std::io::ErrorKind::HostUnreachable) => {
            format!("cannot fetch {url}: {io} (offline? --no-fetch skips fetching)")
        }
        other => format!("cannot fetch {url}: {other}"),
    }
}
