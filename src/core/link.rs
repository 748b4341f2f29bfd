//! Deep links to one insight, or to one quote inside it: building them and reading them back.
//!
//! The forms (public: people save and send these links, so they never change meaning):
//! - `#insight=<id>`: a takeaway or a deep dive.
//! - `#insight=<id>&quote=<exact>[&prefix=<text>][&suffix=<text>]`: a quote inside it, found
//!   with the same anchoring as highlights.
//! - `#t=<seconds>`: the transcript at that time (the cue being spoken then). Seconds may have a
//!   fraction (`t=754.5`) or be written as a clock (`t=12:34`, `t=1:02:03`), as media
//!   fragments allow.
//! - `#insight=transcript` and `#insight=transcript&quote=<exact>…`: the transcript, or a
//!   quote anywhere in it (a transcript highlight's link); `&t=` may come with them.
//! - `?episode=<slug>` in the query combines with all of them.
//! - `<root>/<episode>/<insight>/`: the insight's own page, written by the build (its
//!   metadata previews the insight when the link is shared). Quotes ride on it as the fragment
//!   above: `<root>/<episode>/<insight>/#insight=<id>&quote=…`.
//!
//! Values are percent-encoded UTF-8; everything but `A–Z a–z 0–9 - . _ ~` is encoded when
//! building, so `&`, `#`, `=`, `%`, spaces, emoji and right-to-left text travel intact. A
//! browser text fragment (`:~:text=…`) may follow ours; it is not ours to read.
//!
//! The parser is total: any string gives a link or `None`. Malformed percent-encoding, empty
//! values and unknown keys are ignored (the first of repeated keys counts); nothing from a
//! URL is ever more than text.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but the unreserved characters of RFC 3986.
const ENCODE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Quotes longer than this are not taken from a link (a highlight's quote is far shorter; a
/// longer one is junk, and anchoring it would cost time for nothing).
pub const MAX_QUOTE_CHARS: usize = 4_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The insight id ([`TRANSCRIPT`] for the transcript).
    pub insight: String,
    pub quote: Option<Quote>,
    /// A time in the transcript, in milliseconds (`t=`).
    pub time: Option<u64>,
}

/// The id links give the transcript: `#insight=transcript`.
pub const TRANSCRIPT: &str = "transcript";

impl Link {
    /// A link to an insight, or to a quote in it.
    pub fn to(insight: impl Into<String>, quote: Option<Quote>) -> Link {
        Link { insight: insight.into(), quote, time: None }
    }

    /// A link to a time in the transcript (`#t=`).
    pub fn at(ms: u64) -> Link {
        Link { insight: TRANSCRIPT.to_string(), quote: None, time: Some(ms) }
    }
}

/// Reads a `t=` value: seconds with an optional fraction (to the millisecond), or a clock
/// (`m:ss`, `h:mm:ss`). `None` for anything else, or a time past a day's worth of hours.
pub fn parse_time(value: &str) -> Option<u64> {
    // Media fragments may name the format (only normal play time is ours) and an end
    // (`t=10,20`), which a place in a transcript does not need; no start is the beginning.
    let value = value.strip_prefix("npt:").unwrap_or(value);
    let value = match value.split_once(',') {
        Some(("", _)) => "0",
        Some((start, _)) => start,
        None => value,
    };
    let (clock, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut seconds: u64 = 0;
    let parts: Vec<&str> = clock.split(':').collect();
    if parts.len() > 3 {
        return None;
    }
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() || part.len() > 6 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: u64 = part.parse().ok()?;
        // Minutes and seconds after the first part stay under 60.
        if i > 0 && (n >= 60 || part.len() != 2) {
            return None;
        }
        seconds = seconds * 60 + n;
    }
    if seconds > 100 * 3600 {
        return None;
    }
    let millis: u64 = format!("{fraction:0<3}").parse().unwrap_or(0);
    Some(seconds * 1000 + millis)
}

/// `ms` as a `t=` value: whole seconds, with the milliseconds only when there are some.
fn time_value(ms: u64) -> String {
    match ms % 1000 {
        0 => format!("{}", ms / 1000),
        rest => format!("{}.{rest:03}", ms / 1000).trim_end_matches('0').to_string(),
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Quote {
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
}

/// `value` percent-encoded as a URL component (a query value, a path segment).
pub fn encode(value: &str) -> String {
    utf8_percent_encode(value, ENCODE).to_string()
}

/// Decodes a value; `None` for a malformed escape (a `%` not followed by two hex digits) or
/// bytes that are not UTF-8. The decoder itself is lenient, so escapes are checked first.
fn decode(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let well_formed = bytes.iter().enumerate().all(|(at, &b)| {
        b != b'%' || (bytes.get(at + 1).is_some_and(u8::is_ascii_hexdigit) && bytes.get(at + 2).is_some_and(u8::is_ascii_hexdigit))
    });
    if !well_formed {
        return None;
    }
    percent_decode_str(value).decode_utf8().ok().map(|v| v.into_owned())
}

/// The fragment of a link, without the `#`.
pub fn fragment(link: &Link) -> String {
    let time = link.time.map(|ms| format!("t={}", time_value(ms)));
    if let (TRANSCRIPT, None, Some(time)) = (link.insight.as_str(), &link.quote, &time) {
        return time.clone();
    }
    let mut out = format!("insight={}", encode(&link.insight));
    if let Some(time) = &time {
        out += &format!("&{time}");
    }
    if let Some(quote) = &link.quote {
        out += &format!("&quote={}", encode(&quote.exact));
        if !quote.prefix.is_empty() {
            out += &format!("&prefix={}", encode(&quote.prefix));
        }
        if !quote.suffix.is_empty() {
            out += &format!("&suffix={}", encode(&quote.suffix));
        }
    }
    out
}

/// Reads a fragment (with or without its `#`). `None` when it is not one of ours.
pub fn parse(fragment: &str) -> Option<Link> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    // A text fragment directive may follow ours; browsers usually strip it already.
    let fragment = fragment.split(":~:").next().unwrap_or_default();
    let mut insight = None;
    let (mut exact, mut prefix, mut suffix, mut time) = (None, None, None, None);
    for pair in fragment.split('&') {
        let Some((key, value)) = pair.split_once('=') else { continue };
        let slot = match key {
            "insight" => &mut insight,
            "quote" => &mut exact,
            "prefix" => &mut prefix,
            "suffix" => &mut suffix,
            "t" => &mut time,
            _ => continue,
        };
        if slot.is_none() {
            *slot = decode(value).filter(|v| !v.is_empty());
        }
    }
    let time = time.as_deref().and_then(parse_time);
    // `#t=` alone is a time in the transcript.
    let insight = insight.or_else(|| time.map(|_| TRANSCRIPT.to_string()))?;
    let quote = exact.filter(|e| e.chars().count() <= MAX_QUOTE_CHARS).map(|exact| Quote {
        exact,
        prefix: prefix.unwrap_or_default(),
        suffix: suffix.unwrap_or_default(),
    });
    Some(Link { insight, quote, time })
}

/// A shareable address: `base` (any fragment dropped, other query parameters kept, `episode`
/// and `q` replaced) with `?episode=<slug>` and the link's fragment.
pub fn build(base: &str, episode: &str, link: &Link) -> String {
    let base = base.split('#').next().unwrap_or_default();
    let (path, query) = base.split_once('?').unwrap_or((base, ""));
    let mut params: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let key = pair.split('=').next().unwrap_or_default();
            key != "episode" && key != "q"
        })
        .collect();
    let episode_param = format!("episode={}", encode(episode));
    params.push(&episode_param);
    format!("{path}?{}#{}", params.join("&"), fragment(link))
}

/// Where shared links point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Base {
    /// A page address (a host page's, or `data-share-base`): links are it with `?episode=`
    /// and the `#insight=` fragment, as [`build`] makes them.
    Address(String),
    /// The build's own pages under this root (ending in `/`): links are insights' own pages,
    /// as [`page`] makes them.
    Pages(String),
}

impl Base {
    /// The address of `link` in `episode`.
    pub fn link(&self, episode: &str, link: &Link) -> String {
        match self {
            Base::Address(address) => build(address, episode, link),
            Base::Pages(root) => page(root, episode, link),
        }
    }

    /// The address of the episode itself.
    pub fn episode(&self, episode: &str) -> String {
        match self {
            Base::Address(address) => address.clone(),
            Base::Pages(root) => format!("{root}{}/", encode(episode)),
        }
    }
}

/// The address of an insight's own page under `root` (the build's root, ending in `/`), with
/// the link's fragment when it carries a quote.
/// The summary has no page of its own: its links go to the episode's page.
pub fn page(root: &str, episode: &str, link: &Link) -> String {
    if link.insight == "summary" || link.insight == TRANSCRIPT {
        return format!("{root}{}/#{}", encode(episode), fragment(link));
    }
    let address = format!("{root}{}/{}/", encode(episode), encode(&link.insight));
    match (&link.quote, link.time) {
        (None, None) => address,
        _ => format!("{address}#{}", fragment(link)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insight_pages() {
        let quote = Some(Quote { exact: "a b".into(), prefix: String::new(), suffix: String::new() });
        let cases = [
            (Link::to("x", None), "https://p.example/e/ep/x/"),
            (Link::to("x", quote.clone()), "https://p.example/e/ep/x/#insight=x&quote=a%20b"),
            (Link::to("summary", None), "https://p.example/e/ep/#insight=summary"),
            (Link::to("é", None), "https://p.example/e/ep/%C3%A9/"),
        ];
        for (link, want) in cases {
            assert_eq!(page("https://p.example/e/", "ep", &link), want);
        }
    }

    #[test]
    fn forms() {
        let insight = Link::to("us-export-controls-and-their-effectiveness", None);
        assert_eq!(fragment(&insight), "insight=us-export-controls-and-their-effectiveness");
        let quoted = Link::to("x", Some(Quote { exact: "a & b = 100% #1".into(), prefix: "".into(), suffix: "c".into() }));
        assert_eq!(fragment(&quoted), "insight=x&quote=a%20%26%20b%20%3D%20100%25%20%231&suffix=c");
        assert_eq!(
            build("https://pod.example/ep/7?id=3&episode=old&q=zz#top", "the-truth-about-deepseek", &insight),
            "https://pod.example/ep/7?id=3&episode=the-truth-about-deepseek#insight=us-export-controls-and-their-effectiveness"
        );
        assert_eq!(build("http://127.0.0.1:8080/", "e", &insight), "http://127.0.0.1:8080/?episode=e#insight=us-export-controls-and-their-effectiveness");
    }
}
