//! `earmark import <feed.xml> --into <episodes-dir>`: one episode document per feed item, with
//! the item's transcript and chapters beside it.
//!
//! The design decision: the import is *item by item and never destructive*. Each item is
//! imported on its own, so a broken item, a failed fetch or an unreadable date costs that
//! item (or that file) and a message naming it, never the others. Nothing is ever deleted, a
//! document is only rewritten by the merge rule of `document` (the feed's header, the
//! document's body), and every file is written atomically under a name made from a slug. And
//! nothing is written that the build would refuse: each document is parsed with the core's
//! parser, and each transcript and chapters file with the core's readers, before it is written.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use earmark_core::date::Date;
use earmark_core::parse::ParseError;
use earmark_core::slug::slugify;
use earmark_core::transcript::{format_time, parse_chapters, TranscriptFormat};

use super::{usage_error, FAILED, OK};
use crate::document::{self, Existing, Header, SummaryFate, SUMMARY_PARAGRAPH_SEPARATOR};
use crate::feed::{self, Item, Resource};
use crate::fetch::{self, Client, Source};
use crate::fsx;
use crate::html;
use crate::report::{Message, Messages, Severity};
use crate::rfc822;

pub const USAGE_TEXT: &str = "Usage: earmark import <feed.xml> --into <episodes-dir> [--no-fetch] [--strict] [--json]

Writes one episode document per item of an RSS 2.0 podcast feed into <episodes-dir>, with
the item's transcript and chapters beside it. The show notes become the summary. Documents
already there (matched by guid, else by title) keep their summary, takeaways and deep dives;
only their metadata is refreshed. Nothing is ever deleted.

Options:
  --into <dir>   the episodes folder (made if missing)
  --no-fetch     do not fetch http(s) transcripts and chapters (local files are still copied)
  --strict       fail (exit status 1) on warnings too
  --json         print a JSON report on standard output instead of messages
  -h, --help     print this help

Exit status: 0 imported (perhaps with warnings), 1 errors (something was not imported, or
any warning with --strict), 2 a wrong command line.
";

/// What `earmark import` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub feed: PathBuf,
    pub into: PathBuf,
    pub fetch: bool,
    pub strict: bool,
    pub json: bool,
}

pub fn run(mut args: lexopt::Parser) -> i32 {
    use lexopt::prelude::*;
    let (mut feed, mut into, mut fetch, mut strict, mut json) = (None, None, true, false, false);
    loop {
        let arg = match args.next() {
            Ok(Some(arg)) => arg,
            Ok(None) => break,
            Err(error) => return usage_error("import", error),
        };
        match arg {
            Short('h') | Long("help") => {
                print!("{USAGE_TEXT}");
                return OK;
            }
            Long("into") => match args.value() {
                Ok(value) => into = Some(PathBuf::from(value)),
                Err(error) => return usage_error("import", error),
            },
            Long("no-fetch") => fetch = false,
            Long("strict") => strict = true,
            Long("json") => json = true,
            Value(value) if feed.is_none() => feed = Some(PathBuf::from(value)),
            Value(value) => return usage_error("import", format!("one feed at a time; unexpected {:?}", value)),
            other => return usage_error("import", other.unexpected()),
        }
    }
    let Some(feed) = feed else { return usage_error("import", "which feed? expected <feed.xml>") };
    let Some(into) = into else { return usage_error("import", "where to? expected --into <episodes-dir>") };
    let options = Options { feed, into, fetch, strict, json };
    let outcome = import(&options);
    outcome.print(&options);
    outcome.status(options.strict)
}

/// What happened to one item's document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Created,
    Updated,
    Unchanged,
}

/// One file written (or found as it should be) beside a document.
#[derive(Debug, Clone, Serialize)]
pub struct Companion {
    pub file: String,
    pub status: Status,
}

/// One imported item.
#[derive(Debug, Clone, Serialize)]
pub struct Imported {
    pub item: usize,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guid: Option<String>,
    /// The document, as a path under the episodes folder the user named.
    pub file: String,
    pub status: Status,
    /// Whether the summary is the show notes (`refreshed`, also on creation) or kept.
    pub summary: &'static str,
    pub files: Vec<Companion>,
}

/// Everything one run did and said.
#[derive(Debug, Default, Serialize)]
pub struct Outcome {
    pub feed: String,
    pub into: String,
    pub items: usize,
    pub documents: Vec<Imported>,
    pub warnings: usize,
    pub errors: usize,
    pub ok: bool,
    pub messages: Vec<Message>,
}

impl Outcome {
    pub fn status(&self, strict: bool) -> i32 {
        if self.errors > 0 || (strict && self.warnings > 0) {
            FAILED
        } else {
            OK
        }
    }

    fn print(&self, options: &Options) {
        if options.json {
            match serde_json::to_string_pretty(self) {
                Ok(json) => println!("{json}"),
                Err(error) => eprintln!("earmark import: cannot write the report: {error}"),
            }
            return;
        }
        for message in &self.messages {
            eprintln!("{}", message.line_text());
        }
        for document in &self.documents {
            if document.status != Status::Unchanged {
                println!("{} {}", if document.status == Status::Created { "created" } else { "updated" }, document.file);
            }
            for file in document.files.iter().filter(|f| f.status != Status::Unchanged) {
                println!("{} {}", if file.status == Status::Created { "created" } else { "updated" }, file.file);
            }
        }
        let count = |status| self.documents.iter().filter(|d| d.status == status).count();
        println!(
            "{}: {} items, {} created, {} updated, {} unchanged; {} warnings, {} errors",
            self.feed,
            self.items,
            count(Status::Created),
            count(Status::Updated),
            count(Status::Unchanged),
            self.warnings,
            self.errors
        );
    }
}

/// A document found in the episodes folder.
struct Found {
    /// File name without `.txt`.
    stem: String,
    document: Result<Existing, ParseError>,
    guid: Option<String>,
}

/// Runs the import. Never panics on any input; every problem is a message.
pub fn import(options: &Options) -> Outcome {
    let mut run = Run {
        feed_name: options.feed.display().to_string(),
        feed_dir: options.feed.parent().map(Path::to_path_buf).unwrap_or_default(),
        into: options.into.clone(),
        fetch: options.fetch,
        client: None,
        messages: Messages::default(),
    };
    let mut outcome = Outcome { feed: run.feed_name.clone(), into: options.into.display().to_string(), ..Outcome::default() };
    run.import(&mut outcome);
    outcome.messages = std::mem::take(&mut run.messages.list);
    outcome.warnings = outcome.messages.iter().filter(|m| m.severity == Severity::Warning).count();
    outcome.errors = outcome.messages.iter().filter(|m| m.severity == Severity::Error).count();
    outcome.ok = outcome.status(options.strict) == OK;
    outcome
}

struct Run {
    feed_name: String,
    feed_dir: PathBuf,
    into: PathBuf,
    fetch: bool,
    /// Made on the first remote fetch only: an import of local files needs no TLS set-up.
    client: Option<Client>,
    messages: Messages,
}

/// The item a message is about.
struct About<'a> {
    index: usize,
    title: Option<&'a str>,
}

impl<'a> From<&'a Item> for About<'a> {
    fn from(item: &'a Item) -> Self {
        About { index: item.index, title: item.title.as_deref() }
    }
}

impl Run {
    fn say(&mut self, severity: Severity, line: Option<usize>, about: Option<About>, message: impl Into<String>) {
        self.messages.push(Message {
            file: self.feed_name.clone(),
            line,
            severity,
            item: about.as_ref().map(|a| a.index),
            title: about.and_then(|a| a.title.map(str::to_string)),
            message: message.into(),
        });
    }

    fn say_about_file(&mut self, severity: Severity, file: String, line: Option<usize>, message: impl Into<String>) {
        self.messages.push(Message { file, line, severity, item: None, title: None, message: message.into() });
    }

    /// The feed's folder; the current one for a feed named without a folder.
    fn feed_dir_or_here(&self) -> PathBuf {
        if self.feed_dir.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            self.feed_dir.clone()
        }
    }

    fn display(&self, name: &str) -> String {
        self.into.join(name).display().to_string()
    }

    fn import(&mut self, outcome: &mut Outcome) {
        let bytes = match std::fs::read(&self.feed_name) {
            Ok(bytes) => bytes,
            Err(error) => return self.say(Severity::Error, None, None, format!("cannot read the feed: {error}")),
        };
        let text = match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
                let line = 1 + valid.iter().filter(|&&b| b == b'\n').count();
                return self.say(Severity::Error, Some(line), None, "the feed is not UTF-8 text; earmark import reads UTF-8 feeds");
            }
        };
        let (feed, problems) = feed::read(&text);
        for problem in problems {
            let about = problem.item.as_ref().map(|(index, title)| About { index: *index, title: title.as_deref() });
            self.say(Severity::Error, Some(problem.line), about, problem.message.clone());
        }
        outcome.items = feed.items.len();
        if feed.items.is_empty() {
            if self.messages.count(Severity::Error) == 0 {
                self.say(Severity::Warning, None, None, "the feed has no <item>: nothing to import");
            }
            return;
        }
        if let Err(error) = std::fs::create_dir_all(&self.into) {
            let into = self.into.display().to_string();
            return self.say_about_file(Severity::Error, into, None, format!("cannot make the episodes folder: {error}"));
        }
        let mut found = self.existing();
        // Ids and stems taken in this run, so that two items never share a document.
        let mut taken_ids: HashMap<String, usize> = HashMap::new();
        let mut guids: HashMap<String, usize> = HashMap::new();
        for item in &feed.items {
            if let Some(guid) = &item.guid {
                if let Some(first) = guids.get(&guid.value) {
                    let message = format!("not imported: its guid \"{}\" is item {first}'s too (guids must be unique in a feed)", guid.value);
                    self.say(Severity::Error, Some(guid.line), Some(item.into()), message);
                    continue;
                }
                guids.insert(guid.value.clone(), item.index);
            }
            if let Some(imported) = self.item(&feed, item, &mut found, &mut taken_ids) {
                outcome.documents.push(imported);
            }
        }
    }

    /// The documents already in the episodes folder.
    fn existing(&mut self) -> Vec<Found> {
        let Ok(entries) = std::fs::read_dir(&self.into) else { return Vec::new() };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter_map(|entry| entry.file_name().into_string().ok())
            .filter(|name| name.ends_with(".txt") && !name.starts_with('.'))
            .collect();
        names.sort();
        names
            .into_iter()
            .filter_map(|name| {
                let text = std::fs::read_to_string(self.into.join(&name)).ok()?;
                let document = document::read_existing(&text);
                let guid = match &document {
                    Ok(existing) => existing.field("guid").map(str::to_string),
                    Err(_) => None,
                };
                Some(Found { stem: name.trim_end_matches(".txt").to_string(), document, guid })
            })
            .collect()
    }

    /// Imports one item; `None` when it was not imported (and a message says why).
    fn item(&mut self, feed: &feed::Feed, item: &Item, found: &mut [Found], taken_ids: &mut HashMap<String, usize>) -> Option<Imported> {
        let Some(title) = item.title.as_deref().map(clean).filter(|t| !t.is_empty()) else {
            self.say(Severity::Error, Some(item.line), Some(item.into()), "not imported: the item has no <title>");
            return None;
        };
        let header = self.header(feed, item, &title);
        let id = match slugify(&title) {
            slug if slug.is_empty() => "episode".to_string(),
            slug => slug,
        };

        // The document this item already has: by guid, else by the episode id of its title.
        let guid = item.guid.as_ref().map(|g| g.value.as_str());
        let by_guid = guid.and_then(|g| found.iter().position(|f| f.guid.as_deref() == Some(g)));
        let by_id = || found.iter().position(|f| f.document.as_ref().is_ok_and(|d| d.episode.id == id));
        let matched = by_guid.or_else(by_id);
        if let Some(index) = matched {
            if let (Some(g), Some(other)) = (guid, found[index].guid.as_deref()) {
                if by_guid.is_none() && g != other {
                    let message = format!(
                        "not imported: its title gives the episode id \"{id}\", which {} already has for another episode (guid \"{other}\"); episode ids must be unique",
                        self.display(&format!("{}.txt", found[index].stem))
                    );
                    self.say(Severity::Error, Some(item.line), Some(item.into()), message);
                    return None;
                }
            }
        }
        let (stem, text, status_if_changed, summary) = match matched {
            Some(index) => {
                let stem = found[index].stem.clone();
                let existing = match &found[index].document {
                    Ok(existing) => existing.clone(),
                    Err(error) => {
                        let file = self.display(&format!("{stem}.txt"));
                        self.say_about_file(Severity::Error, file, Some(error.line), format!("{}; not updated from item {}", error.kind_text(), item.index));
                        return None;
                    }
                };
                if existing.episode.title != title {
                    let message = format!(
                        "the feed now titles it \"{title}\"; the document keeps \"{}\", because the episode's id (its links and readers' highlights) comes from the title: edit the title line to change it",
                        existing.episode.title
                    );
                    self.say(Severity::Warning, Some(item.line), Some(item.into()), message);
                }
                let (text, fate) = document::merge(&existing, &header);
                if let Err(message) = self.check(&text, None, Some(&existing)) {
                    self.say(Severity::Error, Some(item.line), Some(item.into()), format!("not updated: {message}"));
                    return None;
                }
                taken_ids.insert(existing.episode.id.clone(), item.index);
                let summary = if fate == SummaryFate::Refreshed { "refreshed" } else { "kept" };
                (stem, text, Status::Updated, summary)
            }
            None => {
                if let Some(other) = taken_ids.get(&id) {
                    let message = format!("not imported: its title gives the episode id \"{id}\", as item {other}'s does; episode ids must be unique");
                    self.say(Severity::Error, Some(item.line), Some(item.into()), message);
                    return None;
                }
                if ["episodes", "icons", "index"].contains(&id.as_str()) {
                    let message = format!("its title gives the episode id \"{id}\", a name the build uses itself; the build will refuse it until the title line is changed");
                    self.say(Severity::Warning, Some(item.line), Some(item.into()), message);
                }
                let stem = self.new_stem(&id, guid, item.index, found);
                let published = header.published.unwrap_or_else(today);
                let text = document::render_new(&header, published);
                if let Err(message) = self.check(&text, Some(&header), None) {
                    self.say(Severity::Error, Some(item.line), Some(item.into()), format!("not imported: {message}"));
                    return None;
                }
                taken_ids.insert(id.clone(), item.index);
                (stem, text, Status::Created, "refreshed")
            }
        };

        let name = format!("{stem}.txt");
        let status = match self.write(&name, text.as_bytes(), status_if_changed) {
            Ok(status) => status,
            Err(message) => {
                self.say(Severity::Error, Some(item.line), Some(item.into()), format!("not imported: {message}"));
                return None;
            }
        };
        let mut files = Vec::new();
        files.extend(self.transcript(item, &stem));
        files.extend(self.chapters(item, &stem));
        Some(Imported {
            item: item.index,
            title,
            guid: guid.map(str::to_string),
            file: self.display(&name),
            status,
            summary,
            files,
        })
    }

    /// What the feed says about the item, as the document's header; warns of what is missing.
    fn header(&mut self, feed: &feed::Feed, item: &Item, title: &str) -> Header {
        let about = || About::from(item);
        // People: the Podcasting 2.0 persons (hosts first), else the iTunes author of the item
        // or of the channel.
        let mut persons = item.people.clone();
        persons.sort_by_key(|p| p.role != "host");
        let mut people: Vec<String> = persons.iter().map(|p| person_name(&p.name)).filter(|n| !n.is_empty()).collect();
        people.dedup();
        if people.is_empty() {
            if let Some(author) = item.author.as_deref().or(feed.author.as_deref()) {
                let author = person_name(author);
                if !author.is_empty() {
                    people.push(author);
                }
            }
        }

        let published = match &item.pub_date {
            Some(date) => match rfc822::parse_date(&date.value) {
                Ok(date) => Some(date),
                Err(reason) => {
                    let message = format!("cannot read its <pubDate>: {reason}; the document gets today's date (or keeps its own), to correct by hand");
                    self.say(Severity::Warning, Some(date.line), Some(about()), message);
                    None
                }
            },
            None => {
                self.say(Severity::Warning, Some(item.line), Some(about()), "no <pubDate>; the document gets today's date (or keeps its own), to correct by hand");
                None
            }
        };

        let mut fields: Vec<(String, String)> = Vec::new();
        if let Some(guid) = &item.guid {
            fields.push(("guid".into(), clean(&guid.value)));
        } else {
            self.say(Severity::Warning, Some(item.line), Some(about()), "no <guid>; a re-import will match its document by title only");
        }
        match &item.enclosure {
            Some(enclosure) => {
                let mut value = enclosure.url.replace(char::is_whitespace, "%20");
                if let Some(mime) = enclosure.mime.as_deref().filter(|m| !m.contains(char::is_whitespace)) {
                    value.push(' ');
                    value.push_str(mime);
                }
                if let Some(length) = enclosure.length.as_deref().filter(|l| l.bytes().all(|b| b.is_ascii_digit()) && *l != "0") {
                    value.push(' ');
                    value.push_str(length);
                }
                fields.push(("audio".into(), value));
            }
            None => self.say(Severity::Warning, Some(item.line), Some(about()), "no <enclosure>: the episode has no audio file"),
        }
        if let Some(duration) = &item.duration {
            match parse_duration(&duration.value) {
                Some(ms) => fields.push(("duration".into(), format_time(ms))),
                None => {
                    let message = format!("cannot read its <itunes:duration> \"{}\" (expected seconds or H:MM:SS); left out", duration.value);
                    self.say(Severity::Warning, Some(duration.line), Some(about()), message);
                }
            }
        }
        if let Some(link) = item.link.as_deref().map(clean).filter(|l| !l.is_empty() && !l.contains(' ')) {
            fields.push(("link".into(), link));
        }
        for person in &persons {
            let name = person_name(&person.name);
            if !name.is_empty() {
                fields.push(("person".into(), format!("{name} ({})", clean(&person.role))));
            }
        }

        // Show notes: the fuller `content:encoded` first, then `description`, then the iTunes
        // summary.
        let notes = [&item.content_encoded, &item.description, &item.itunes_summary]
            .into_iter()
            .flatten()
            .map(|html| html::paragraphs(html).into_iter().map(|p| clean(&p)).filter(|p| !p.is_empty()).collect::<Vec<_>>())
            .find(|paragraphs| !paragraphs.is_empty());
        let summary = match notes {
            Some(paragraphs) => summary_line(&paragraphs.join(SUMMARY_PARAGRAPH_SEPARATOR)),
            None => {
                self.say(Severity::Warning, Some(item.line), Some(about()), "no show notes (<description> or <content:encoded>); the summary says so");
                document::NO_SHOW_NOTES.to_string()
            }
        };
        Header { title: title.to_string(), people, published, fields, summary }
    }

    /// A file name for a new document: the slug of the title (else of the guid, else
    /// `episode-<n>`), shortened, with `-2`, `-3` … where the name is taken.
    fn new_stem(&self, id: &str, guid: Option<&str>, index: usize, found: &[Found]) -> String {
        let base = [id.to_string(), guid.map(slugify).unwrap_or_default()]
            .into_iter()
            .map(|slug| shorten(&slug, 80))
            .find(|slug| !slug.is_empty() && slug != "episode")
            .unwrap_or_else(|| format!("episode-{index}"));
        let free = |stem: &str| !found.iter().any(|f| f.stem == stem) && !self.into.join(format!("{stem}.txt")).exists();
        let mut stem = base.clone();
        let mut n = 2;
        while !free(&stem) {
            stem = format!("{base}-{n}");
            n += 1;
        }
        stem
    }

    /// Checks a document before it is written: today's parser (after removing the proposed
    /// fields) must read it, as the header says for a new one and with the same insights for
    /// an updated one.
    fn check(&self, text: &str, header: Option<&Header>, existing: Option<&Existing>) -> Result<(), String> {
        let episode = document::parse_document(text).map_err(|error| format!("the document would not parse: {error}"))?;
        if let Some(header) = header {
            if episode.title != header.title || episode.people != header.people {
                return Err(format!(
                    "the title line would read as \"{}\" with people {:?}, not \"{}\" with {:?} (a title ending in parentheses?)",
                    episode.title, episode.people, header.title, header.people
                ));
            }
            if episode.summary != header.summary || !episode.takeaways.is_empty() || !episode.deep_dives.is_empty() {
                return Err("the show notes would not read back as the summary".into());
            }
        }
        if let Some(existing) = existing {
            let before = &existing.episode;
            if episode.takeaways != before.takeaways || episode.deep_dives != before.deep_dives || episode.topics != before.topics {
                return Err("the merge would change the document's insights (a bug: please report it)".into());
            }
        }
        Ok(())
    }

    /// Writes `name` unless it already holds `contents`.
    fn write(&self, name: &str, contents: &[u8], if_changed: Status) -> Result<Status, String> {
        let path = self.into.join(name);
        match std::fs::read(&path) {
            Ok(current) if current == contents => return Ok(Status::Unchanged),
            Ok(_) => {}
            Err(_) => {}
        }
        let status = if path.exists() { if_changed } else { Status::Created };
        fsx::write_atomic(&self.into, name, contents)?;
        Ok(status)
    }

    /// The item's transcript, the first of its `podcast:transcript`s that can be had and read,
    /// in the order WebVTT, JSON, SubRip, HTML (the richer timing and speakers first).
    fn transcript(&mut self, item: &Item, stem: &str) -> Option<Companion> {
        let mut candidates: Vec<(usize, &'static str, &Resource)> = Vec::new();
        for resource in &item.transcripts {
            match transcript_kind(resource) {
                Some((rank, ending)) => candidates.push((rank, ending, resource)),
                None => {
                    let message = format!(
                        "unknown transcript type \"{}\" for {}; skipped (Earmark reads text/vtt, application/x-subrip, application/srt, application/json and text/html)",
                        resource.mime.as_deref().unwrap_or("(none)"),
                        resource.url
                    );
                    self.say(Severity::Warning, Some(resource.line), Some(item.into()), message);
                }
            }
        }
        candidates.sort_by_key(|(rank, _, _)| *rank);
        for (_, ending, resource) in candidates {
            // One transcript per episode: a transcript of another kind already there (written
            // by hand, or by an earlier import) is kept, and the feed's is not added beside it.
            let other = earmark_site_endings().iter().map(|e| format!("{stem}{e}")).find(|name| !name.ends_with(ending) && self.into.join(name).exists());
            if let Some(other) = other {
                let message = format!("kept {}: an episode has one transcript, so the feed's {} was not written beside it", self.display(&other), resource.url);
                self.say(Severity::Warning, Some(resource.line), Some(item.into()), message);
                return None;
            }
            let name = format!("{stem}{ending}");
            let Some(text) = self.get(item, resource, ending) else { continue };
            let format = TranscriptFormat::of(&name)?;
            match format.parse(&text) {
                Ok(transcript) if !transcript.cues.is_empty() => {}
                Ok(_) => {
                    self.say(Severity::Warning, Some(resource.line), Some(item.into()), format!("the transcript {} holds no cue; skipped", resource.url));
                    continue;
                }
                Err(error) => {
                    let message = format!("the transcript {} is not a readable {} file ({error}); skipped", resource.url, kind_name(ending));
                    self.say(Severity::Warning, Some(resource.line), Some(item.into()), message);
                    continue;
                }
            }
            return self.companion(item, resource, &name, text);
        }
        None
    }

    /// The item's chapters (JSON chapters), the first that can be had and read.
    fn chapters(&mut self, item: &Item, stem: &str) -> Option<Companion> {
        for resource in &item.chapters {
            let mime = resource.mime.as_deref().map(media_type);
            if !matches!(mime.as_deref(), None | Some("application/json+chapters" | "application/json")) {
                let message = format!("unknown chapters type \"{}\" for {}; skipped (Earmark reads application/json+chapters)", mime.unwrap_or_default(), resource.url);
                self.say(Severity::Warning, Some(resource.line), Some(item.into()), message);
                continue;
            }
            let name = format!("{stem}.chapters.json");
            let Some(text) = self.get(item, resource, ".chapters.json") else { continue };
            if let Err(error) = parse_chapters(&text) {
                let message = format!("the chapters {} are not readable JSON chapters ({error}); skipped", resource.url);
                self.say(Severity::Warning, Some(resource.line), Some(item.into()), message);
                continue;
            }
            return self.companion(item, resource, &name, text);
        }
        None
    }

    fn companion(&mut self, item: &Item, resource: &Resource, name: &str, text: String) -> Option<Companion> {
        match self.write(name, text.as_bytes(), Status::Updated) {
            Ok(status) => Some(Companion { file: self.display(name), status }),
            Err(message) => {
                self.say(Severity::Warning, Some(resource.line), Some(item.into()), message);
                None
            }
        }
    }

    /// The text of a transcript or chapters file the feed names, or `None` with a message.
    /// An HTML page where another type was promised (an error or sign-in page) is refused.
    fn get(&mut self, item: &Item, resource: &Resource, ending: &str) -> Option<String> {
        let fetched = match fetch::source(&resource.url, &self.feed_dir) {
            Source::Unsupported(scheme) => {
                let message = format!("cannot get {}: \"{scheme}:\" addresses are not fetched (only http, https and local files)", resource.url);
                self.say(Severity::Warning, Some(resource.line), Some(item.into()), message);
                return None;
            }
            Source::Remote(url) if !self.fetch => {
                self.say(Severity::Note, Some(resource.line), Some(item.into()), format!("not fetched (--no-fetch): {url}"));
                return None;
            }
            Source::Remote(url) => self.client.get_or_insert_with(Client::new).get(&url),
            Source::Local(path) => fetch::read_local(&path, &self.feed_dir_or_here()),
        };
        let fetched = match fetched {
            Ok(fetched) => fetched,
            Err(message) => {
                self.say(Severity::Warning, Some(resource.line), Some(item.into()), message);
                return None;
            }
        };
        let Ok(text) = String::from_utf8(fetched.bytes) else {
            self.say(Severity::Warning, Some(resource.line), Some(item.into()), format!("{} is not UTF-8 text; skipped", resource.url));
            return None;
        };
        let served_html = fetched.content_type.as_deref().is_some_and(|t| media_type(t) == "text/html");
        if ending != ".html" && (served_html || looks_like_html(&text)) {
            let message = format!("{} is an HTML page where a {} file was expected (an error or sign-in page?); skipped", resource.url, kind_name(ending));
            self.say(Severity::Warning, Some(resource.line), Some(item.into()), message);
            return None;
        }
        Some(text)
    }
}

/// The endings a transcript beside a document may have, as the build looks for them.
fn earmark_site_endings() -> [&'static str; 5] {
    [".vtt", ".srt", ".transcript.json", ".html", ".htm"]
}

/// A transcript's rank and file ending by its type (or, without a type, its address's ending).
fn transcript_kind(resource: &Resource) -> Option<(usize, &'static str)> {
    let by_type = |mime: &str| match mime {
        "text/vtt" => Some((0, ".vtt")),
        "application/json" => Some((1, ".transcript.json")),
        "application/x-subrip" | "application/srt" | "text/srt" | "application/x-srt" => Some((2, ".srt")),
        "text/html" => Some((3, ".html")),
        _ => None,
    };
    match resource.mime.as_deref() {
        Some(mime) => by_type(&media_type(mime)),
        None => {
            let path = resource.url.split(['?', '#']).next().unwrap_or("").to_ascii_lowercase();
            [(".vtt", "text/vtt"), (".json", "application/json"), (".srt", "application/srt"), (".html", "text/html"), (".htm", "text/html")]
                .into_iter()
                .find(|(ending, _)| path.ends_with(ending))
                .and_then(|(_, mime)| by_type(mime))
        }
    }
}

fn kind_name(ending: &str) -> &'static str {
    match ending {
        ".vtt" => "WebVTT",
        ".srt" => "SubRip",
        ".transcript.json" => "JSON transcript",
        ".html" => "HTML transcript",
        _ => "JSON chapters",
    }
}

/// A media type without parameters, lower case: `text/vtt; charset=utf-8` is `text/vtt`.
fn media_type(mime: &str) -> String {
    mime.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

fn looks_like_html(text: &str) -> bool {
    let start: String = text.trim_start_matches('\u{feff}').trim_start().chars().take(200).collect::<String>().to_ascii_lowercase();
    start.starts_with("<!doctype html") || start.starts_with("<html") || start.starts_with("<head") || start.starts_with("<body")
}

/// `itunes:duration`: seconds (`3723`, `3723.5`), `MM:SS` or `H:MM:SS`, in milliseconds.
pub fn parse_duration(text: &str) -> Option<u64> {
    let text = text.trim();
    let parts: Vec<&str> = text.split(':').collect();
    if parts.len() > 3 || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let mut seconds: u64 = 0;
    for (i, part) in parts.iter().enumerate() {
        let last = i == parts.len() - 1;
        let whole = if last { part.split('.').next()? } else { part };
        if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) || whole.len() > 9 {
            return None;
        }
        if last && part.contains('.') && !part.split('.').nth(1)?.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        seconds = seconds.checked_mul(60)?.checked_add(whole.parse().ok()?)?;
    }
    seconds.checked_mul(1000)
}

/// Text made fit for one line of a document: control characters dropped, white space runs as
/// one space.
fn clean(text: &str) -> String {
    let kept: String = text.chars().filter(|c| !c.is_control() || c.is_whitespace()).collect();
    html::collapse(&kept)
}

/// A person's name fit for the title line's parentheses: without parentheses of its own.
fn person_name(name: &str) -> String {
    clean(&name.replace(['(', ')'], " "))
}

/// The summary line: never read as a field or as the `Deep dives` marker. A field name is
/// lower case, so a lower-case start that would read as one is capitalised.
fn summary_line(text: &str) -> String {
    let text = clean(text);
    if document::field_of(&text).is_some() {
        let mut chars = text.chars();
        return chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
    }
    text
}

/// The first `max` characters of a slug, cut after a whole word where it can be.
fn shorten(slug: &str, max: usize) -> String {
    if slug.chars().count() <= max {
        return slug.to_string();
    }
    let cut: String = slug.chars().take(max).collect();
    match cut.rfind('-') {
        Some(at) if at > 0 => cut[..at].to_string(),
        _ => cut,
    }
}

/// Today's date (UTC), for an item whose date cannot be read: the document needs one.
fn today() -> Date {
    let days = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() / 86_400).unwrap_or(0) as i64;
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
    Date::new(year, month, day).unwrap_or_else(|| Date::new(2000, 1, 1).expect("a valid date"))
}

/// A parse error's message without its `line N: ` prefix (the message says the line itself).
trait KindText {
    fn kind_text(&self) -> String;
}

impl KindText for ParseError {
    fn kind_text(&self) -> String {
        let text = self.to_string();
        text.split_once(": ").map(|(_, rest)| rest.to_string()).unwrap_or(text)
    }
}
