//! Exporting highlights so that a reader can take them anywhere, and importing them back.
//!
//! - Markdown: quote blocks grouped by section, under the episode's title, with links.
//! - JSON: the W3C Web Annotation model (an `AnnotationCollection` of `Annotation`s whose
//!   target has a `TextQuoteSelector`, a `TextPositionSelector` and the insight id). Import
//!   reads this form back, merging by highlight id.
//! - CSV in Readwise's import format (Highlight, Title, Author, URL, Note, Location, Date).

use serde::Serialize;
use serde_json::Value;

use crate::highlights::{target, Collection, Color, Highlight, SUMMARY};
use crate::link::{Base, Link, Quote, TRANSCRIPT};
use crate::model::Episode;
use crate::transcript::{cue_index, format_time, parse_cue_id};

/// The prefix of an exported annotation id; the rest is the highlight id.
pub const ID_PREFIX: &str = "urn:earmark:highlight:";

/// Highlights in reading order: by section as the page shows them, then by position.
pub fn in_reading_order<'a>(episode: &Episode, collection: &'a Collection) -> Vec<&'a Highlight> {
    let order = |h: &Highlight| {
        // The summary, the insights in order, then the transcript in time.
        let (section, cue) = if h.insight == SUMMARY {
            (0, (0, 0))
        } else if let Some(cue) = parse_cue_id(&h.insight) {
            (usize::MAX - 1, cue)
        } else {
            (episode.insights().position(|i| i.id == h.insight).map_or(usize::MAX, |i| i + 1), (0, 0))
        };
        (section, cue, h.start, h.end)
    };
    let mut all: Vec<&Highlight> = collection.highlights.iter().collect();
    // Unstable (with the id to break ties) so that the wasm carries one sort algorithm.
    all.sort_unstable_by(|a, b| order(a).cmp(&order(b)).then_with(|| a.id.cmp(&b.id)));
    all
}

/// A deep link to a highlight's quote. A transcript cue's names the transcript and the cue's
/// time (`#insight=transcript&t=…&quote=…`): cue ids are not a link form.
pub fn link_to(h: &Highlight) -> Link {
    let quote = Some(Quote { exact: h.exact.clone(), prefix: h.prefix.clone(), suffix: h.suffix.clone() });
    // The cue's start is in its id, so the link is right before the cues arrive too.
    match parse_cue_id(&h.insight) {
        Some((start, _)) => Link { insight: TRANSCRIPT.to_string(), quote, time: Some(start) },
        None => Link::to(h.insight.clone(), quote),
    }
}

/// A deep link to a highlight's quote, as an address.
pub fn highlight_link(base: &Base, episode: &Episode, h: &Highlight) -> String {
    base.link(&episode.id, &link_to(h))
}

/// The heading a highlight's section has in exports.
pub fn section_title(episode: &Episode, insight: &str) -> String {
    if insight == SUMMARY {
        return "Summary".to_string();
    }
    // Known from the id alone, so an export made before the transcript arrives says it too.
    if let Some((start, _)) = parse_cue_id(insight) {
        let speaker = cue_index(&episode.cues, insight).and_then(|i| episode.cues[i].speaker.as_deref());
        return match speaker {
            Some(speaker) => format!("Transcript at {}, {speaker}", format_time(start)),
            None => format!("Transcript at {}", format_time(start)),
        };
    }
    match episode.insight(insight) {
        Some(i) if i.heading.is_some() => i.label(),
        Some(i) => format!("Key takeaway: {}", i.label()),
        None => "Section no longer in the episode".to_string(),
    }
}

pub fn markdown(episode: &Episode, collection: &Collection, base: &Base) -> String {
    let mut out = format!("# Highlights: {}\n\n", episode.title);
    let mut meta = vec![episode.published.readable()];
    if !episode.people.is_empty() {
        meta.insert(0, episode.people.join(" & "));
    }
    out += &format!("{} · [Open the episode]({})\n", meta.join(" · "), base.episode(&episode.id));
    let mut current = None;
    for h in in_reading_order(episode, collection) {
        if current != Some(h.insight.as_str()) {
            out += &format!("\n## {}\n", section_title(episode, &h.insight));
            current = Some(h.insight.as_str());
        }
        out += "\n";
        for line in h.exact.lines() {
            out += &format!("> {line}\n");
        }
        if !h.note.trim().is_empty() {
            out += &format!("\n{}\n", h.note.trim());
        }
        out += &format!("\n[Open in the episode]({})\n", highlight_link(base, episode, h));
    }
    out
}

/// Milliseconds since 1970 as ISO 8601 UTC, e.g. "2025-02-06T10:00:00Z".
pub fn iso_time(ms: u64) -> String {
    let (date, seconds) = civil(ms);
    format!("{}T{:02}:{:02}:{:02}Z", date, seconds / 3600, seconds / 60 % 60, seconds % 60)
}

/// Readwise's date form, "2025-02-06 10:00:00" (UTC).
fn readwise_time(ms: u64) -> String {
    let (date, seconds) = civil(ms);
    format!("{} {:02}:{:02}:{:02}", date, seconds / 3600, seconds / 60 % 60, seconds % 60)
}

/// The civil date (as "YYYY-MM-DD") and second of the day of a time; Howard Hinnant's
/// days-to-civil algorithm.
fn civil(ms: u64) -> (String, u64) {
    let secs = ms / 1000;
    let days = (secs / 86_400) as i64;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (format!("{year:04}-{month:02}-{day:02}"), secs % 86_400)
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z` back to milliseconds.
pub fn parse_iso_time(text: &str) -> Option<u64> {
    let text = text.strip_suffix('Z')?;
    let (date, time) = text.split_once('T')?;
    let mut d = date.split('-').map(|p| p.parse::<i64>().ok());
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let time = time.split('.').next()?;
    let mut t = time.split(':').map(|p| p.parse::<u64>().ok());
    let (hh, mm, ss) = (t.next()??, t.next()??, t.next()??);
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let y = y - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from(days).ok().map(|days| (days * 86_400 + hh * 3600 + mm * 60 + ss) * 1000)
}

/// One highlight as a W3C Web Annotation: what the JSON export lists, and what the host API's
/// `highlights()` and `earmark:highlight` events hand to a host page. Typed rather than built
/// as a `serde_json::Value`: writing a `Value` tree costs code in the browser build, and only
/// [`import`], which must read any JSON a reader hands it, builds one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Annotation {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub motivation: &'static str,
    pub created: String,
    pub modified: String,
    pub body: Vec<Body>,
    pub target: Target,
}

/// A `TextualBody`: the note (`commenting`) or the colour (`tagging`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Body {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub purpose: &'static str,
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub format: Option<&'static str>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Target {
    pub source: String,
    #[serde(rename = "earmark:episode")]
    pub episode: String,
    #[serde(rename = "earmark:insight")]
    pub insight: String,
    pub selector: (CssSelector, TextQuoteSelector, TextPositionSelector),
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CssSelector {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub value: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TextQuoteSelector {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TextPositionSelector {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub start: u32,
    pub end: u32,
}

/// The element a highlight's target is: an insight's `[data-insight]`, a cue's `[data-cue]`.
fn css_selector(target: &str) -> String {
    match parse_cue_id(target) {
        Some(_) => format!("[data-cue=\"{target}\"]"),
        None => format!("[data-insight=\"{target}\"]"),
    }
}

pub fn annotation(episode: &Episode, h: &Highlight, base: &Base) -> Annotation {
    let textual = |purpose, value: &str, format| Body { kind: "TextualBody", purpose, value: value.to_string(), format };
    let mut body = vec![textual("tagging", h.color.name(), None)];
    if !h.note.is_empty() {
        body.insert(0, textual("commenting", &h.note, Some("text/plain")));
    }
    Annotation {
        id: format!("{ID_PREFIX}{}", h.id),
        kind: "Annotation",
        motivation: if h.note.is_empty() { "highlighting" } else { "commenting" },
        created: iso_time(h.created),
        modified: iso_time(h.updated),
        body,
        target: Target {
            source: base.episode(&episode.id),
            episode: episode.id.clone(),
            insight: h.insight.clone(),
            selector: (
                CssSelector { kind: "CssSelector", value: css_selector(&h.insight) },
                TextQuoteSelector { kind: "TextQuoteSelector", exact: h.exact.clone(), prefix: h.prefix.clone(), suffix: h.suffix.clone() },
                TextPositionSelector { kind: "TextPositionSelector", start: h.start, end: h.end },
            ),
        },
    }
}

/// Every highlight of the collection as a W3C Web Annotation, in reading order.
pub fn annotation_list(episode: &Episode, collection: &Collection, base: &Base) -> Vec<Annotation> {
    in_reading_order(episode, collection).into_iter().map(|h| annotation(episode, h, base)).collect()
}

/// The JSON export: an `AnnotationCollection` with one page.
#[derive(Serialize)]
struct AnnotationCollection {
    #[serde(rename = "@context")]
    context: (&'static str, Prefix),
    #[serde(rename = "type")]
    kind: &'static str,
    label: String,
    total: usize,
    first: AnnotationPage,
}

/// The JSON-LD prefix that makes the `earmark:` properties IRIs.
#[derive(Serialize)]
struct Prefix {
    earmark: &'static str,
}

#[derive(Serialize)]
struct AnnotationPage {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: Vec<Annotation>,
}

/// The W3C Web Annotation form of the collection.
pub fn annotations(episode: &Episode, collection: &Collection, base: &Base) -> String {
    let items = annotation_list(episode, collection, base);
    let doc = AnnotationCollection {
        context: ("http://www.w3.org/ns/anno.jsonld", Prefix { earmark: "urn:earmark:" }),
        kind: "AnnotationCollection",
        label: format!("Highlights: {}", episode.title),
        total: items.len(),
        first: AnnotationPage { kind: "AnnotationPage", start_index: 0, items },
    };
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

/// Why an import file was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    NotJson,
    NotAnnotations,
    /// It is an export of another episode.
    OtherEpisode(String),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::NotJson => f.write_str("The file is not JSON. Import takes the JSON that \"Export JSON\" makes."),
            ImportError::NotAnnotations => f.write_str("The file holds no Earmark highlights (W3C annotations)."),
            ImportError::OtherEpisode(id) => write!(f, "The file holds highlights of another episode (\"{id}\")."),
        }
    }
}

/// Reads a JSON export back. Annotations that are not Earmark highlights are skipped.
pub fn import(episode: &Episode, raw: &str, now: u64) -> Result<Collection, ImportError> {
    let doc: Value = serde_json::from_str(raw).map_err(|_| ImportError::NotJson)?;
    let items = doc
        .pointer("/first/items")
        .or_else(|| doc.get("items"))
        .and_then(Value::as_array)
        .ok_or(ImportError::NotAnnotations)?;
    let mut collection = Collection::default();
    for item in items {
        let target = &item["target"];
        if let Some(other) = target["earmark:episode"].as_str().filter(|e| *e != episode.id) {
            return Err(ImportError::OtherEpisode(other.to_string()));
        }
        let Some(id) = item["id"].as_str().and_then(|id| id.strip_prefix(ID_PREFIX)) else { continue };
        let Some(insight) = target["earmark:insight"].as_str() else { continue };
        let selectors = target["selector"].as_array().cloned().unwrap_or_default();
        let of = |kind: &str| selectors.iter().find(|s| s["type"] == kind).cloned().unwrap_or(Value::Null);
        let (quote, position) = (of("TextQuoteSelector"), of("TextPositionSelector"));
        let Some(exact) = quote["exact"].as_str().filter(|e| !e.is_empty()) else { continue };
        let bodies = item["body"].as_array().cloned().unwrap_or_default();
        let body = |purpose: &str| bodies.iter().find(|b| b["purpose"] == purpose).and_then(|b| b["value"].as_str()).map(str::to_string);
        let created = item["created"].as_str().and_then(parse_iso_time).unwrap_or(now);
        let number = |v: &Value| v.as_u64().and_then(|n| u32::try_from(n).ok()).unwrap_or(0);
        collection.upsert([Highlight {
            id: id.to_string(),
            insight: insight.to_string(),
            exact: exact.to_string(),
            prefix: quote["prefix"].as_str().unwrap_or_default().to_string(),
            suffix: quote["suffix"].as_str().unwrap_or_default().to_string(),
            start: number(&position["start"]),
            end: number(&position["end"]),
            color: body("tagging").and_then(|c| Color::from_name(&c)).unwrap_or_default(),
            note: body("commenting").unwrap_or_default(),
            created,
            updated: item["modified"].as_str().and_then(parse_iso_time).unwrap_or(created),
        }]);
    }
    if collection.highlights.is_empty() && !items.is_empty() {
        return Err(ImportError::NotAnnotations);
    }
    Ok(collection)
}

/// Readwise's CSV import format.
pub fn readwise_csv(episode: &Episode, collection: &Collection, base: &Base) -> String {
    let mut out = String::from("Highlight,Title,Author,URL,Note,Location,Date\n");
    let author = episode.people.join(" & ");
    for (n, h) in in_reading_order(episode, collection).into_iter().enumerate() {
        let fields = [
            h.exact.clone(),
            episode.title.clone(),
            author.clone(),
            highlight_link(base, episode, h),
            h.note.clone(),
            (n + 1).to_string(),
            readwise_time(h.created),
        ];
        let row: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out += &row.join(",");
        out += "\n";
    }
    out
}

/// RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so that a spreadsheet does not
/// run a quote as a formula.
fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) { format!("'{value}") } else { value.to_string() };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// The text a highlight's target has now (for listing orphans with their section).
pub fn target_text<'a>(episode: &'a Episode, h: &Highlight) -> Option<&'a str> {
    target(episode, &h.insight).map(|(_, text)| text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_round_trip() {
        let cases = [(0u64, "1970-01-01T00:00:00Z"), (1_738_836_000_000, "2025-02-06T10:00:00Z"), (951_782_400_000, "2000-02-29T00:00:00Z")];
        for (ms, iso) in cases {
            assert_eq!(iso_time(ms), iso);
            assert_eq!(parse_iso_time(iso), Some(ms));
        }
        assert_eq!(parse_iso_time("2025-02-06T10:00:00.123Z"), Some(1_738_836_000_000));
        assert_eq!(parse_iso_time("yesterday"), None);
        assert_eq!(readwise_time(1_738_836_000_000), "2025-02-06 10:00:00");
    }

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }
}
