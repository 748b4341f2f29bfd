//! An RSS 2.0 podcast feed, read into the few facts `earmark import` needs, with the iTunes and
//! Podcasting 2.0 tags.
//!
//! The design decision: the feed is read as a stream of XML events (quick-xml), not as a tree,
//! so that a truncated or broken feed still yields every item that was complete before the
//! break, and each fact keeps the line it was found on for messages. Namespaces are resolved by
//! their URI, not their prefix (a feed may bind the iTunes namespace to `itunes` or to `i`); a
//! prefix that is not declared at all, a common mistake, is taken at its word (`podcast:`).
//! Entities are decoded leniently: an HTML entity such as `&nbsp;`, which XML does not define
//! but feeds write, is decoded rather than failing the feed.

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

use earmark_core::transcript::decode_entities;

/// What the channel says about the show.
#[derive(Debug, Default)]
pub struct Feed {
    pub title: Option<String>,
    pub author: Option<String>,
    pub items: Vec<Item>,
}

/// One `<item>`: an episode, as the feed describes it. Text is as the feed wrote it (entities
/// decoded once); show notes are still HTML.
#[derive(Debug, Default, Clone)]
pub struct Item {
    /// The item's 1-based number in the feed.
    pub index: usize,
    /// The line of its `<item>` tag.
    pub line: usize,
    pub title: Option<String>,
    pub pub_date: Option<Located>,
    pub author: Option<String>,
    pub people: Vec<Person>,
    pub description: Option<String>,
    pub content_encoded: Option<String>,
    pub itunes_summary: Option<String>,
    pub enclosure: Option<Enclosure>,
    pub transcripts: Vec<Resource>,
    pub chapters: Vec<Resource>,
    pub guid: Option<Located>,
    pub duration: Option<Located>,
    pub link: Option<String>,
}

/// A value and the line it was found on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub value: String,
    pub line: usize,
}

/// A `podcast:person`: a name, with its role (`host` when the feed says none, as the
/// Podcasting 2.0 namespace defines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enclosure {
    pub url: String,
    pub mime: Option<String>,
    pub length: Option<String>,
    pub line: usize,
}

/// A `podcast:transcript` or `podcast:chapters`: where the file is and what type it says it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    pub url: String,
    pub mime: Option<String>,
    pub line: usize,
}

/// Something wrong with the feed as XML, found while reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    /// The item it cost, when one was open: its number and title so far.
    pub item: Option<(usize, Option<String>)>,
    pub message: String,
}

/// One open element: its name (canonical: `itunes:author`, `title`), the line it opened on, its
/// attributes and the text read inside it so far.
struct Frame {
    name: String,
    line: usize,
    attributes: Vec<(String, String)>,
    text: String,
}

/// Reads `text` as a feed. Every complete item is returned, whatever went wrong after it; what
/// went wrong is in the problems, each with its line. Items come in feed order.
pub fn read(text: &str) -> (Feed, Vec<Problem>) {
    let lines = LineIndex::new(text);
    let mut reader = NsReader::from_str(text);
    // Mismatched end tags are errors: they mean a broken feed, and guessing would attach text
    // to the wrong element.
    reader.config_mut().check_end_names = true;
    let mut feed = Feed::default();
    let mut problems = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut item: Option<Item> = None;
    let mut seen_root = false;
    loop {
        let position = reader.buffer_position() as usize;
        let line = lines.line_of(position);
        let event = match reader.read_resolved_event() {
            Ok((ns, event)) => {
                let name = match &event {
                    Event::Start(start) | Event::Empty(start) => Some(canonical(&ns, start)),
                    _ => None,
                };
                (name, event)
            }
            Err(error) => {
                let at = lines.line_of(reader.error_position() as usize);
                problems.push(Problem { line: at, item: None, message: format!("the feed is not well-formed XML ({error}); nothing after this point was read") });
                if let Some(open) = item.take() {
                    problems.push(lost_item(&open, at));
                }
                return (feed, problems);
            }
        };
        let empty = matches!(event.1, Event::Empty(_));
        match event {
            (Some(name), Event::Start(start) | Event::Empty(start)) => {
                if !seen_root {
                    seen_root = true;
                    if name != "rss" {
                        let what = if name == "feed" || name.ends_with("}feed") { "an Atom feed" } else { "not an RSS feed" };
                        problems.push(Problem { line, item: None, message: format!("the document's root element is <{}>: {what}; earmark import reads RSS 2.0 podcast feeds", local(&name)) });
                        return (feed, problems);
                    }
                }
                let frame = Frame { name, line, attributes: attributes(&start), text: String::new() };
                if frame.name == "item" && parent_is(&stack, "channel") && item.is_none() {
                    item = Some(Item { index: feed.items.len() + 1, line, ..Item::default() });
                }
                if empty {
                    finish(&frame, &stack, &mut feed, &mut item);
                } else {
                    stack.push(frame);
                }
            }
            (_, Event::End(_)) => {
                let Some(frame) = stack.pop() else { continue };
                if frame.name == "item" && parent_is(&stack, "channel") {
                    if let Some(done) = item.take() {
                        feed.items.push(done);
                    }
                    continue;
                }
                finish(&frame, &stack, &mut feed, &mut item);
                // Markup inside a field (XHTML show notes written as elements rather than
                // escaped) gives its text to the field, as a paragraph of its own.
                if let Some(parent) = stack.last_mut() {
                    if !frame.text.trim().is_empty() && parent.name != "item" && parent.name != "channel" {
                        parent.text.push_str("\n<p>");
                        parent.text.push_str(&frame.text);
                    }
                }
            }
            (_, Event::Text(text)) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&text));
                }
            }
            (_, Event::CData(data)) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&String::from_utf8_lossy(&data));
                }
            }
            (_, Event::GeneralRef(reference)) => {
                let name = String::from_utf8_lossy(&reference).into_owned();
                let decoded = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match name.as_str() {
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "amp" => "&".into(),
                        "apos" => "'".into(),
                        "quot" => "\"".into(),
                        // An HTML entity XML does not know: decoded where Earmark knows it, kept
                        // as written otherwise.
                        _ => decode_entities(&format!("&{name};")),
                    },
                };
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&decoded);
                }
            }
            (_, Event::Eof) => break,
            _ => {}
        }
    }
    if !seen_root {
        problems.push(Problem { line: 1, item: None, message: "the feed is empty: expected an <rss> document".into() });
    } else if let Some(open) = stack.last() {
        let end = lines.line_of(text.trim_end().len());
        let outer = stack.first().map(|frame| frame.name.clone()).unwrap_or_default();
        problems.push(Problem {
            line: end,
            item: None,
            message: format!("the feed ends inside <{}> (opened at line {}) and <{outer}> is not closed: is the file truncated?", open.name, open.line),
        });
        if let Some(open_item) = item.take() {
            problems.push(lost_item(&open_item, end));
        }
    }
    (feed, problems)
}

fn lost_item(item: &Item, line: usize) -> Problem {
    Problem {
        line,
        item: Some((item.index, item.title.clone())),
        message: format!("not imported: the item that starts at line {} is cut off", item.line),
    }
}

fn parent_is(stack: &[Frame], name: &str) -> bool {
    stack.last().is_some_and(|frame| frame.name == name)
}

/// Records what a closed element says, by where it is.
fn finish(frame: &Frame, stack: &[Frame], feed: &mut Feed, item: &mut Option<Item>) {
    let text = || {
        let text = frame.text.trim();
        (!text.is_empty()).then(|| text.to_string())
    };
    let attribute = |name: &str| {
        frame.attributes.iter().find(|(key, _)| key == name).map(|(_, value)| value.trim().to_string()).filter(|v| !v.is_empty())
    };
    if parent_is(stack, "channel") {
        match frame.name.as_str() {
            "title" => feed.title = text(),
            "itunes:author" => feed.author = text(),
            _ => {}
        }
        return;
    }
    let Some(item) = item.as_mut() else { return };
    if !parent_is(stack, "item") {
        return;
    }
    let line = frame.line;
    match frame.name.as_str() {
        "title" => item.title = text().map(|t| decode_entities(&t)),
        "pubDate" => item.pub_date = text().map(|value| Located { value, line }),
        "itunes:author" => item.author = text().map(|t| decode_entities(&t)),
        "podcast:person" => {
            if let Some(name) = text() {
                let role = attribute("role").unwrap_or_else(|| "host".into()).to_lowercase();
                item.people.push(Person { name: decode_entities(&name), role });
            }
        }
        "description" => item.description = text(),
        "content:encoded" => item.content_encoded = text(),
        "itunes:summary" => item.itunes_summary = text(),
        "enclosure" => {
            if let Some(url) = attribute("url") {
                item.enclosure = Some(Enclosure { url, mime: attribute("type"), length: attribute("length"), line });
            }
        }
        "podcast:transcript" => {
            if let Some(url) = attribute("url") {
                item.transcripts.push(Resource { url, mime: attribute("type"), line });
            }
        }
        "podcast:chapters" => {
            if let Some(url) = attribute("url") {
                item.chapters.push(Resource { url, mime: attribute("type"), line });
            }
        }
        "guid" => item.guid = text().map(|value| Located { value, line }),
        "itunes:duration" => item.duration = text().map(|value| Located { value, line }),
        "link" => item.link = text(),
        _ => {}
    }
}

/// The attributes of a tag, by their names as written, values with entities decoded.
fn attributes(start: &BytesStart) -> Vec<(String, String)> {
    start
        .attributes()
        .with_checks(false)
        .filter_map(Result::ok)
        .map(|attribute| {
            let key = String::from_utf8_lossy(attribute.key.as_ref()).into_owned();
            let value = decode_entities(&String::from_utf8_lossy(&attribute.value));
            (key, value)
        })
        .collect()
}

/// The namespaces whose elements `import` reads, by URI.
fn namespace_prefix(uri: &str) -> Option<&'static str> {
    let uri = uri.trim_end_matches('/').to_ascii_lowercase();
    if uri.contains("itunes.com/dtds/podcast-1.0.dtd") {
        Some("itunes")
    } else if uri.contains("podcastindex.org/namespace") || uri.contains("podcastindex-org/podcast-namespace") {
        Some("podcast")
    } else if uri.contains("purl.org/rss/1.0/modules/content") {
        Some("content")
    } else {
        None
    }
}

/// The canonical name of an element: `itunes:`, `podcast:` or `content:` and the local name for
/// the namespaces `import` knows, the local name for elements without a prefix, and the name as
/// written otherwise.
fn canonical(ns: &ResolveResult, start: &BytesStart) -> String {
    let qname = start.name();
    let local_name = String::from_utf8_lossy(qname.local_name().as_ref()).into_owned();
    let Some(prefix) = qname.prefix() else { return local_name };
    match ns {
        ResolveResult::Bound(uri) => match namespace_prefix(&String::from_utf8_lossy(uri.as_ref())) {
            Some(known) => format!("{known}:{local_name}"),
            None => format!("{{{}}}{local_name}", String::from_utf8_lossy(uri.as_ref())),
        },
        _ => format!("{}:{local_name}", String::from_utf8_lossy(prefix.as_ref())),
    }
}

fn local(name: &str) -> &str {
    name.rsplit(['}', ':']).next().unwrap_or(name)
}

/// Byte offsets to 1-based line numbers.
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
        LineIndex { starts }
    }

    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(index) => index + 1,
            Err(index) => index,
        }
    }
}
