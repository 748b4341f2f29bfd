//! Transcripts and chapters beside an episode, in the formats Podcasting 2.0's
//! `podcast:transcript` and `podcast:chapters` tags name: WebVTT, SubRip, the JSON transcript,
//! the HTML transcript, and JSON chapters 1.2.
//!
//! The design decision: one model for every format ([`Transcript`]: cues with a start, an
//! optional end, an optional speaker and plain text), and parsers that are *total* like the
//! episode parser: every input gives a model or a [`FormatError`] that says where (a line, or a
//! JSON path such as `segments[3].startTime`) and what was expected there, and none panics.
//! Each reads its input once, line by line or tag by tag, so a long transcript costs time in
//! proportion. Times are whole milliseconds, never floats: the browser build then needs no
//! float formatting to show them.
//!
//! Handled everywhere: a byte-order mark, CRLF line ends, HTML entities in text, and cues that
//! overlap or come out of order (they are ordered by start, ties kept in file order).

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The largest transcript accepted: a three-hour episode is well under a megabyte of text.
pub const MAX_TRANSCRIPT_BYTES: usize = 8 * 1024 * 1024;

/// What the reader sees of an episode's audio: who said what, and when.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Transcript {
    pub cues: Vec<Cue>,
    /// What the file says of itself: WebVTT's header text after `WEBVTT` (shown above the
    /// transcript, so a file can say, say, that it was machine-made).
    pub title: Option<String>,
}

/// One stretch of speech. Serialised as the cues of `episodes/<id>.transcript.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cue {
    /// Milliseconds from the start of the audio.
    pub start: u64,
    /// Where the cue ends, when the format says (the HTML form gives starts only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker: Option<String>,
    /// Plain text: tags removed, entities decoded, white space collapsed.
    pub text: String,
}

/// A chapter of the episode (JSON chapters 1.2). Serialised in the episode's `transcript`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chapter {
    /// Milliseconds from the start of the audio.
    pub start: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Whether the chapter is listed in a table of contents (`toc: false` hides it; it still
    /// groups the transcript).
    #[serde(default = "listed", skip_serializing_if = "is_listed")]
    pub toc: bool,
    /// Kept in the model; nothing is ever fetched from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub img: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

fn listed() -> bool {
    true
}

fn is_listed(toc: &bool) -> bool {
    *toc
}

/// A chapter's place (`location`: `name` and a `geo:` URI).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo: Option<String>,
}

/// What an episode says of its transcript where the page is (in the episode JSON and a
/// page's data block): how many cues it has, and its chapters. The cues themselves are large
/// and travel in [`TranscriptFile`], fetched after the page has painted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptInfo {
    pub cues: u32,
    /// Where the last cue ends (or starts, when it has no end), in milliseconds.
    #[serde(default)]
    pub length: u64,
    /// The transcript's own title ([`Transcript::title`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chapters: Vec<Chapter>,
}

/// The version of [`TranscriptFile`]; a change of meaning gets a new one.
pub const TRANSCRIPT_FILE_VERSION: u32 = 1;

/// `episodes/<id>.transcript.json`: the cues, and where each insight was said (worked out at
/// build time by [`crate::provenance`], so that the browser carries no ranking code).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TranscriptFile {
    pub version: u32,
    pub cues: Vec<Cue>,
    /// Only the insights whose passage was found; any other has none.
    #[serde(default)]
    pub sources: Vec<Source>,
}

/// Where an insight was said: the passage's cues (`first` to `last`) and the cue a reader is
/// taken to (`anchor`), as indexes into the cues.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    pub insight: String,
    pub first: u32,
    pub last: u32,
    pub anchor: u32,
}

/// The prefix of a cue's id: `transcript:<start in ms>`, with `:2`, `:3`… for later cues that
/// start at the same time. Stored highlights name the cue they are in by it.
pub const CUE_PREFIX: &str = "transcript:";

/// The id of cue `index` of `cues` (sorted by start, as every parser leaves them).
pub fn cue_id(cues: &[Cue], index: usize) -> String {
    let Some(cue) = cues.get(index) else { return String::new() };
    let first = cues[..index].partition_point(|c| c.start < cue.start);
    match index - first {
        0 => format!("{CUE_PREFIX}{}", cue.start),
        n => format!("{CUE_PREFIX}{}:{}", cue.start, n + 1),
    }
}

/// What a cue id says: the cue's start, and which of the cues starting then it is (1 for
/// the first). `None` when `id` is not a cue id.
pub fn parse_cue_id(id: &str) -> Option<(u64, usize)> {
    let rest = id.strip_prefix(CUE_PREFIX)?;
    let (start, nth) = match rest.split_once(':') {
        Some((start, nth)) if nth.bytes().all(|b| b.is_ascii_digit()) => (start, nth.parse::<usize>().ok().filter(|n| *n >= 2)?),
        Some(_) => return None,
        None => (rest, 1),
    };
    if start.is_empty() || start.len() > 12 || !start.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((start.parse().ok()?, nth))
}

/// The index of the cue `id` names, if `cues` has it.
pub fn cue_index(cues: &[Cue], id: &str) -> Option<usize> {
    let (start, nth) = parse_cue_id(id)?;
    let index = cues.partition_point(|c| c.start < start).checked_add(nth - 1)?;
    cues.get(index).filter(|cue| cue.start == start).map(|_| index)
}

/// The cue being spoken at `ms`: the last that starts at or before it (the first cue before
/// the transcript starts).
pub fn cue_at(cues: &[Cue], ms: u64) -> Option<usize> {
    if cues.is_empty() {
        return None;
    }
    Some(cues.partition_point(|c| c.start <= ms).saturating_sub(1))
}

/// A transcript or chapters file that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    /// Where: "line 12", or a JSON path such as "segments[3].startTime".
    pub at: String,
    /// What was expected, and what was found.
    pub message: String,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

impl std::error::Error for FormatError {}

fn at_line(line: usize, message: impl Into<String>) -> FormatError {
    FormatError { at: format!("line {line}"), message: message.into() }
}

fn at_path(path: &str, message: impl Into<String>) -> FormatError {
    FormatError { at: if path.is_empty() { "the document".to_string() } else { path.to_string() }, message: message.into() }
}

/// A short, quoted excerpt of what was found.
fn found(text: &str) -> String {
    let mut excerpt: String = text.chars().take(60).collect();
    if excerpt.len() < text.len() {
        excerpt.push('…');
    }
    format!("{excerpt:?}")
}

/// The transcript formats, by what a file's name ends in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TranscriptFormat {
    WebVtt,
    SubRip,
    Json,
    Html,
}

impl TranscriptFormat {
    /// The format a transcript file beside `<stem>.txt` has, from its name's ending.
    pub fn of(file_name: &str) -> Option<TranscriptFormat> {
        let name = file_name.to_ascii_lowercase();
        if name.ends_with(".chapters.json") {
            None
        } else if name.ends_with(".transcript.json") {
            Some(TranscriptFormat::Json)
        } else if name.ends_with(".vtt") {
            Some(TranscriptFormat::WebVtt)
        } else if name.ends_with(".srt") {
            Some(TranscriptFormat::SubRip)
        } else if name.ends_with(".html") || name.ends_with(".htm") {
            Some(TranscriptFormat::Html)
        } else {
            None
        }
    }

    pub fn parse(self, text: &str) -> Result<Transcript, FormatError> {
        if text.len() > MAX_TRANSCRIPT_BYTES {
            return Err(at_line(1, format!("a transcript of at most {} MB, found {} bytes", MAX_TRANSCRIPT_BYTES >> 20, text.len())));
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut transcript = match self {
            TranscriptFormat::WebVtt => parse_vtt(text)?,
            TranscriptFormat::SubRip => parse_srt(text)?,
            TranscriptFormat::Json => parse_json(text)?,
            TranscriptFormat::Html => parse_html(text)?,
        };
        // Out-of-order cues are ordered by start; cues that start together keep file order.
        transcript.cues.sort_by_key(|cue| cue.start);
        Ok(transcript)
    }
}

/// A length as the reader sees it: "45 s", "22 min", "1 h 05 min" (minutes rounded up).
pub fn format_length(ms: u64) -> String {
    if ms < 60_000 {
        return format!("{} s", ms.div_ceil(1000));
    }
    let minutes = ms.div_ceil(60_000);
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, m) => format!("{h} h {m:02} min"),
    }
}

/// `ms` as the reader sees a time: "0:05", "12:34", "1:02:03".
pub fn format_time(ms: u64) -> String {
    let seconds = ms / 1000;
    let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if hours > 0 {
        format!("{hours}:{minutes:02}:{seconds:02}")
    } else {
        format!("{minutes}:{seconds:02}")
    }
}

// ---------------------------------------------------------------------------------------------
// Text: tags, entities, white space.

/// Decodes the HTML entities a transcript's text may hold: the named ones WebVTT defines and
/// common ones besides, and numeric ones. An unknown or malformed entity stays as written.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '#')).map(|i| i + 1);
        let decoded = match end {
            Some(end) if rest[end..].starts_with(';') => entity(&rest[1..end]).map(|c| (c, end + 1)),
            _ => None,
        };
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code).filter(|&c| c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "lrm" => '\u{200e}',
        "rlm" => '\u{200f}',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        _ => return None,
    })
}

/// Text without its tags (`<i>`, `<c.loud>`, `<00:01.000>`, `{\an8}` of SubRip), entities
/// decoded, runs of white space as one space, trimmed. A tag is `<` followed by a letter, `/`
/// or a digit and closed by `>` on the same line, or `{\…}`; anything else is text, so
/// "a < b and c > d" stays whole. A removed tag leaves nothing (`word<i>,</i>` reads
/// "word,"), except a line break (`<br>`), which leaves a space.
fn plain(text: &str) -> String {
    let mut kept = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let Some(at) = rest.find(['<', '{']) else {
            kept.push_str(rest);
            break;
        };
        kept.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (opens, close) = if rest[at..].starts_with('<') {
            (after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '/'), '>')
        } else {
            (after.starts_with('\\'), '}')
        };
        let end = after.find([close, '\n', '<']).filter(|&end| opens && after[end..].starts_with(close));
        match end {
            Some(end) => {
                if after[..end].trim_end_matches('/').trim().eq_ignore_ascii_case("br") {
                    kept.push(' ');
                }
                rest = &after[end + 1..];
            }
            None => {
                kept.push_str(&rest[at..at + 1]);
                rest = after;
            }
        }
    }
    collapse(&decode_entities(&kept))
}

/// Runs of white space as one space, trimmed.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lines of `text` with their 1-based numbers, CRLF or LF.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split('\n').map(|line| line.strip_suffix('\r').unwrap_or(line)).enumerate().map(|(i, line)| (i + 1, line))
}

// ---------------------------------------------------------------------------------------------
// Timestamps.

/// `[hh:]mm:ss.ttt` (WebVTT; `decimal` '.') or `hh:mm:ss,ttt` (SubRip; ',' and, leniently, '.').
fn timestamp(text: &str, subrip: bool) -> Option<u64> {
    let (clock, fraction) = text.split_once(if subrip { [',', '.'].as_slice() } else { ['.'].as_slice() })?;
    if fraction.len() != 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let parts: Vec<&str> = clock.split(':').collect();
    let number = |part: &str, max: u64| -> Option<u64> {
        (part.len() == 2 && part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse().ok()).flatten().filter(|n| *n <= max)
    };
    let (hours, minutes, seconds) = match parts.as_slice() {
        [h, m, s] if h.len() >= 2 && h.len() <= 6 && h.bytes().all(|b| b.is_ascii_digit()) => (h.parse().ok()?, number(m, 59)?, number(s, 59)?),
        [m, s] if !subrip => (0, number(m, 59)?, number(s, 59)?),
        _ => return None,
    };
    let ms: u64 = fraction.parse().ok()?;
    Some(((hours * 60 + minutes) * 60 + seconds) * 1000 + ms)
}

/// The timing line `start --> end [settings]` of a cue.
fn timing(line: &str, subrip: bool) -> Option<(u64, u64)> {
    let (start, rest) = line.split_once("-->")?;
    let end = rest.split_whitespace().next()?;
    // SubRip may carry display coordinates after the end time; WebVTT carries cue settings.
    Some((timestamp(start.trim(), subrip)?, timestamp(end, subrip)?))
}

fn timing_error(line: usize, text: &str, subrip: bool) -> FormatError {
    let example = if subrip { "00:00:01,000 --> 00:00:04,000" } else { "00:01.000 --> 00:04.000" };
    at_line(line, format!("expected a cue timing such as {example}, found {}", found(text)))
}

fn ordered(line: usize, start: u64, end: u64) -> Result<(), FormatError> {
    if end < start {
        return Err(at_line(line, format!("expected a cue that ends after it starts, found one from {} to {}", format_time(start), format_time(end))));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// WebVTT.

/// WebVTT: the `WEBVTT` signature, a header, then blocks separated by blank lines: `NOTE`,
/// `STYLE` and `REGION` blocks (skipped), and cues (an optional identifier, the timing line with
/// optional settings, and the payload, whose `<v Speaker>` tag names the speaker).
fn parse_vtt(text: &str) -> Result<Transcript, FormatError> {
    let mut lines = lines(text).peekable();
    let signature = lines.next().map(|(_, line)| line).unwrap_or_default();
    let valid = signature.strip_prefix("WEBVTT").is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']));
    if !valid {
        return Err(at_line(1, format!("expected the signature \"WEBVTT\", found {}", found(signature))));
    }
    let title = signature[6..].trim().trim_start_matches(['-', '–', '—']).trim();
    let title = (!title.is_empty()).then(|| decode_entities(title));
    // The header runs to the first blank line.
    for (_, line) in lines.by_ref() {
        if line.trim().is_empty() {
            break;
        }
    }
    let mut cues = Vec::new();
    loop {
        // The next block.
        while lines.peek().is_some_and(|(_, line)| line.trim().is_empty()) {
            lines.next();
        }
        let Some((number, first)) = lines.next() else { break };
        let mut block = vec![(number, first)];
        while let Some((number, line)) = lines.next_if(|(_, line)| !line.trim().is_empty()) {
            block.push((number, line));
        }
        let is_keyword = |word: &str| first.strip_prefix(word).is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']));
        if is_keyword("NOTE") || is_keyword("STYLE") || is_keyword("REGION") {
            continue;
        }
        // An identifier line comes before the timing when the first line has no arrow.
        let timing_at = usize::from(!first.contains("-->"));
        let Some(&(number, line)) = block.get(timing_at) else {
            return Err(timing_error(number + 1, "", false));
        };
        let (start, end) = timing(line, false).ok_or_else(|| timing_error(number, line, false))?;
        ordered(number, start, end)?;
        let payload: Vec<&str> = block[timing_at + 1..].iter().map(|(_, line)| *line).collect();
        let payload = payload.join("\n");
        let speaker = voice(&payload);
        let text = plain(&payload);
        if !text.is_empty() {
            cues.push(Cue { start, end: Some(end), speaker, text });
        }
    }
    Ok(Transcript { cues, title })
}

/// The speaker of a cue payload's first voice tag: `<v Name>` or `<v.class Name>`.
fn voice(payload: &str) -> Option<String> {
    let at = payload.find("<v")?;
    let rest = &payload[at + 2..];
    if !rest.starts_with([' ', '\t', '.']) {
        return None;
    }
    let tag = &rest[..rest.find('>')?];
    // Classes run to the first white space; the annotation (the name) follows.
    let name = tag.split_once([' ', '\t']).map(|(_, name)| name).unwrap_or_default();
    let name = collapse(&decode_entities(name));
    (!name.is_empty()).then_some(name)
}

// ---------------------------------------------------------------------------------------------
// SubRip.

/// SubRip: blocks of a counter line, the timing line (`00:00:01,000 --> 00:00:04,000`) and the
/// text; a `Speaker:` prefix on the text names the speaker.
fn parse_srt(text: &str) -> Result<Transcript, FormatError> {
    let mut lines = lines(text).peekable();
    let mut cues = Vec::new();
    loop {
        while lines.peek().is_some_and(|(_, line)| line.trim().is_empty()) {
            lines.next();
        }
        let Some((number, first)) = lines.next() else { break };
        // The counter is optional in practice; a timing line may come first.
        let (number, line) = if first.trim().bytes().all(|b| b.is_ascii_digit()) {
            match lines.next() {
                Some(next) => next,
                None => return Err(timing_error(number + 1, "", true)),
            }
        } else {
            (number, first)
        };
        let (start, end) = timing(line, true).ok_or_else(|| timing_error(number, line, true))?;
        ordered(number, start, end)?;
        let mut payload = Vec::new();
        while let Some((_, line)) = lines.next_if(|(_, line)| !line.trim().is_empty()) {
            payload.push(line);
        }
        let text = plain(&payload.join("\n"));
        let (speaker, text) = speaker_prefix(&text);
        if !text.is_empty() {
            cues.push(Cue { start, end: Some(end), speaker, text });
        }
    }
    Ok(Transcript { cues, title: None })
}

/// `Name: text` → the name and the text, where the prefix looks like a name: one to four words,
/// each starting with a capital letter (`Dr. Ann Lee`), no digits or `,!?;`, at most 40
/// characters. A capitalised word before a colon ("Note: …") passes too: SubRip has no other
/// way to name a speaker, and files that use the prefix use it on every line.
fn speaker_prefix(text: &str) -> (Option<String>, String) {
    if let Some((name, rest)) = text.split_once(": ") {
        let words: Vec<&str> = name.split(' ').collect();
        let looks_like_a_name = !name.is_empty()
            && name.chars().count() <= 40
            && words.len() <= 4
            && words.iter().all(|word| word.chars().next().is_some_and(char::is_uppercase))
            && !name.chars().any(|c| c.is_ascii_digit() || matches!(c, ',' | '!' | '?' | ';'));
        if looks_like_a_name && !rest.trim().is_empty() {
            return (Some(name.to_string()), rest.trim().to_string());
        }
    }
    (None, text.to_string())
}

// ---------------------------------------------------------------------------------------------
// JSON transcripts.

/// A cue made of word-level segments is closed at the end of a sentence once it is this long,
/// so that a long turn reads as paragraphs.
const WORDS_PER_PARAGRAPH: usize = 60;

/// The Podcasting 2.0 JSON transcript: `{ "version": "1.0.0", "segments": [{ "speaker",
/// "startTime", "endTime", "body" }] }`, times in seconds. Consecutive segments of one speaker
/// (word-level transcripts give one word each) are merged into one cue, split into paragraphs
/// at sentence ends.
fn parse_json(text: &str) -> Result<Transcript, FormatError> {
    let segments = json_list(text, "a JSON transcript", "1.0.0", "segments")?;
    let mut read = Vec::with_capacity(segments.len());
    for (i, segment) in segments.iter().enumerate() {
        let path = format!("segments[{i}]");
        let Some(segment) = segment.as_object() else {
            return Err(at_path(&path, format!("expected a segment object, found {}", kind(segment))));
        };
        let (start, end) = span(segment, &path)?;
        let body = match string(segment, &path, "body", "the text as a string")? {
            Some(body) => plain(body),
            None => {
                let found = if segment.contains_key("body") { "null" } else { "nothing" };
                return Err(at_path(&format!("{path}.body"), format!("expected the text as a string, found {found}")));
            }
        };
        let speaker = string(segment, &path, "speaker", "a name")?.map(collapse).filter(|name| !name.is_empty());
        if !body.is_empty() {
            read.push((start, end, speaker, body));
        }
    }
    // Segments out of order are ordered by start before turns are made of them (stable: those
    // that start together keep file order).
    read.sort_by_key(|(start, ..)| *start);
    let mut cues: Vec<Cue> = Vec::new();
    let mut words_in_last = 0;
    for (start, end, speaker, body) in read {
        let words = body.split_whitespace().count();
        match cues.last_mut() {
            // The same speaker goes on, unless a long paragraph just ended a sentence.
            Some(last) if last.speaker == speaker && !(words_in_last >= WORDS_PER_PARAGRAPH && last.text.ends_with(['.', '?', '!'])) => {
                if !body.starts_with([',', '.', ';', ':', '!', '?']) {
                    last.text.push(' ');
                }
                last.text.push_str(&body);
                last.end = match (last.end, end) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    (a, b) => a.or(b),
                };
                words_in_last += words;
            }
            _ => {
                cues.push(Cue { start, end, speaker, text: body });
                words_in_last = words;
            }
        }
    }
    Ok(Transcript { cues, title: None })
}

/// The array `field` of a Podcasting 2.0 JSON document (`what`): an object with a `version`
/// string (such as `version`) and that array.
fn json_list(text: &str, what: &str, version: &str, field: &str) -> Result<Vec<Value>, FormatError> {
    let doc: Value = serde_json::from_str(text).map_err(|e| at_line(e.line(), format!("expected {what}, found text that is not JSON ({e})")))?;
    let Value::Object(mut object) = doc else {
        return Err(at_path("", format!("expected an object with \"version\" and \"{field}\"")));
    };
    match object.get("version") {
        Some(Value::String(_)) => {}
        Some(other) => return Err(at_path("version", format!("expected a version string such as \"{version}\", found {other}"))),
        None => return Err(at_path("version", format!("expected a version string such as \"{version}\", found nothing"))),
    }
    match object.remove(field) {
        Some(Value::Array(list)) => Ok(list),
        Some(other) => Err(at_path(field, format!("expected an array of {field}, found {}", kind(&other)))),
        None => Err(at_path(field, format!("expected an array of {field}, found nothing"))),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// An entry's `startTime` (required) and `endTime` (optional, not before the start), in
/// milliseconds: a transcript's segment or a chapter at `path`.
fn span(entry: &serde_json::Map<String, Value>, path: &str) -> Result<(u64, Option<u64>), FormatError> {
    let start = seconds(entry.get("startTime"), &format!("{path}.startTime"), true)?.unwrap_or_default();
    let end = seconds(entry.get("endTime"), &format!("{path}.endTime"), false)?;
    if let Some(end) = end.filter(|&end| end < start) {
        return Err(at_path(&format!("{path}.endTime"), format!("expected an end after the start ({}), found {}", format_time(start), format_time(end))));
    }
    Ok((start, end))
}

/// An entry's optional string `field`: `None` when absent or null, an error naming what was
/// `expected` when it is anything but a string.
fn string<'a>(entry: &'a serde_json::Map<String, Value>, path: &str, field: &str, expected: &str) -> Result<Option<&'a str>, FormatError> {
    match entry.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(other) => Err(at_path(&format!("{path}.{field}"), format!("expected {expected}, found {}", kind(other)))),
    }
}

/// A time in seconds (a non-negative number) as milliseconds; `None` when absent and optional.
fn seconds(value: Option<&Value>, path: &str, required: bool) -> Result<Option<u64>, FormatError> {
    match value {
        None | Some(Value::Null) if !required => Ok(None),
        None => Err(at_path(path, "expected a time in seconds, found nothing")),
        Some(Value::Number(n)) => match n.as_f64() {
            Some(s) if s.is_finite() && (0.0..=1e9).contains(&s) => Ok(Some((s * 1000.0).round() as u64)),
            _ => Err(at_path(path, format!("expected a time in seconds of at least 0, found {n}"))),
        },
        Some(other) => Err(at_path(path, format!("expected a time in seconds, found {}", kind(other)))),
    }
}

// ---------------------------------------------------------------------------------------------
// HTML transcripts.

/// The HTML transcript: `<cite>` names the speaker, `<time>` the start, and each `<p>` is a cue
/// (`<cite>Kevin:</cite> <time>0:00</time> <p>Welcome…</p>`). Anything else is ignored.
fn parse_html(text: &str) -> Result<Transcript, FormatError> {
    let mut cues = Vec::new();
    let (mut speaker, mut time) = (None::<String>, None::<u64>);
    let mut rest = text;
    // The line of a place, counted only for an error: counting for every tag would make a
    // long file cost the square of its length.
    let line_of = |rest: &str| text[..text.len() - rest.len()].matches('\n').count() + 1;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        let name: String = rest[1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        let Some(open_end) = rest.find('>') else { break };
        if !matches!(name.as_str(), "cite" | "time" | "p") {
            rest = &rest[open_end + 1..];
            continue;
        }
        let body_start = open_end + 1;
        let Some(body_len) = closing_tag(&rest[body_start..], &name) else {
            return Err(at_line(line_of(rest), format!("expected <{name}> to be closed by </{name}>, found none")));
        };
        let inner = &rest[body_start..body_start + body_len];
        match name.as_str() {
            "cite" => speaker = Some(plain(inner).trim_end_matches(':').trim().to_string()).filter(|s| !s.is_empty()),
            "time" => {
                let value = plain(inner);
                time = Some(clock(&value).ok_or_else(|| at_line(line_of(rest), format!("expected a time such as 1:02:03 or 12:34, found {}", found(&value))))?);
            }
            _ => {
                let Some(start) = time else {
                    return Err(at_line(line_of(rest), "expected a <time> before the paragraph, found none"));
                };
                let text = plain(inner);
                if !text.is_empty() {
                    cues.push(Cue { start, end: None, speaker: speaker.clone(), text });
                }
            }
        }
        let after = body_start + body_len;
        rest = &rest[after + rest[after..].find('>').map_or(rest.len() - after, |i| i + 1)..];
    }
    Ok(Transcript { cues, title: None })
}

/// Where the closing tag `</name>` (any case, white space allowed before `>`) starts in
/// `html`; `</pre>` does not close a `<p>`.
fn closing_tag(html: &str, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut from = 0;
    while let Some(at) = html[from..].find("</").map(|i| from + i) {
        let after = at + 2 + name.len();
        let named = bytes.get(at + 2..after).is_some_and(|tag| tag.eq_ignore_ascii_case(name.as_bytes()));
        if named && bytes.get(after).is_some_and(|&b| b == b'>' || b.is_ascii_whitespace()) {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

/// `h:mm:ss`, `mm:ss` or `m:ss`, with optional `.fff`.
fn clock(text: &str) -> Option<u64> {
    let (clock, fraction) = match text.split_once('.') {
        Some((clock, fraction)) if !fraction.is_empty() && fraction.len() <= 3 && fraction.bytes().all(|b| b.is_ascii_digit()) => {
            (clock, fraction.parse::<u64>().ok()? * 10u64.pow(3 - fraction.len() as u32))
        }
        Some(_) => return None,
        None => (text, 0),
    };
    let parts: Vec<u64> = clock
        .split(':')
        .map(|part| (!part.is_empty() && part.len() <= 6 && part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse().ok()).flatten())
        .collect::<Option<_>>()?;
    let seconds = match parts.as_slice() {
        [h, m, s] if *m < 60 && *s < 60 => (h * 60 + m) * 60 + s,
        [m, s] if *s < 60 => m * 60 + s,
        _ => return None,
    };
    Some(seconds * 1000 + fraction)
}

// ---------------------------------------------------------------------------------------------
// Chapters.

/// JSON chapters 1.2: `{ "version": "1.2.0", "chapters": [{ "startTime", "title", "url", "toc",
/// "endTime", "img", "location": { "name", "geo" } }] }`; only `startTime` is required. Ordered
/// by start.
pub fn parse_chapters(text: &str) -> Result<Vec<Chapter>, FormatError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let list = json_list(text, "JSON chapters", "1.2.0", "chapters")?;
    let mut chapters = Vec::with_capacity(list.len());
    for (i, chapter) in list.iter().enumerate() {
        let path = format!("chapters[{i}]");
        let Some(chapter) = chapter.as_object() else {
            return Err(at_path(&path, format!("expected a chapter object, found {}", kind(chapter))));
        };
        let (start, end) = span(chapter, &path)?;
        let string = |field: &str| -> Result<Option<String>, FormatError> {
            Ok(string(chapter, &path, field, "a string")?.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string))
        };
        let toc = match chapter.get("toc") {
            None | Some(Value::Null) => true,
            Some(Value::Bool(toc)) => *toc,
            Some(other) => return Err(at_path(&format!("{path}.toc"), format!("expected true or false, found {}", kind(other)))),
        };
        let location = match chapter.get("location") {
            None | Some(Value::Null) => None,
            Some(Value::Object(location)) => match location.get("name") {
                Some(Value::String(name)) => Some(Location {
                    name: name.trim().to_string(),
                    geo: location.get("geo").and_then(Value::as_str).map(str::to_string),
                }),
                _ => return Err(at_path(&format!("{path}.location.name"), "expected the place's name as a string")),
            },
            Some(other) => return Err(at_path(&format!("{path}.location"), format!("expected an object, found {}", kind(other)))),
        };
        chapters.push(Chapter { start, end, title: string("title")?.map(|t| decode_entities(&t)), url: string("url")?, toc, img: string("img")?, location });
    }
    chapters.sort_by_key(|chapter| chapter.start);
    Ok(chapters)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_a_reader_reads_them() {
        let cases = [(0, "0:00"), (5_999, "0:05"), (754_000, "12:34"), (3_723_000, "1:02:03"), (36_000_000, "10:00:00")];
        for (ms, shown) in cases {
            assert_eq!(format_time(ms), shown);
        }
    }

    #[test]
    fn timestamps_of_both_cue_formats() {
        let cases = [
            ("00:01.000", false, Some(1_000)),
            ("01:02:03.004", false, Some(3_723_004)),
            ("123:00:00.000", false, Some(442_800_000)),
            ("00:60.000", false, None),
            ("1:02.000", false, None),
            ("00:01,000", false, None),
            ("00:00:01,500", true, Some(1_500)),
            ("00:00:01.500", true, Some(1_500)),
            ("00:01,500", true, None),
            ("00:00:01,5", true, None),
        ];
        for (text, subrip, ms) in cases {
            assert_eq!(timestamp(text, subrip), ms, "{text}");
        }
    }

    #[test]
    fn entities_decode_and_unknown_ones_stay() {
        assert_eq!(decode_entities("R&amp;D &lt;3 &#8220;hi&#x201D; &nbsp;&lrm;"), "R&D <3 “hi” \u{a0}\u{200e}");
        assert_eq!(decode_entities("AT&T & co &bogus; &#0; &"), "AT&T & co &bogus; &#0; &");
    }

    #[test]
    fn tags_go_and_white_space_collapses() {
        let cases = [
            ("<v Kevin>Hello <i>there</i>,  <c.loud>friend</c></v>", "Hello there, friend"),
            ("{\\an8}Top <00:00:01.000>timed", "Top timed"),
            ("word<i>,</i> then", "word, then"),
            ("one<br>two<br/>three", "one two three"),
            // Not tags: text that a transcript may hold.
            ("a < b and {braces}", "a < b and {braces}"),
            ("a < b and c > d", "a < b and c > d"),
            ("if a<b\nthen b>a", "if a<b then b>a"),
            ("We use .NET and ...so", "We use .NET and ...so"),
        ];
        for (text, expected) in cases {
            assert_eq!(plain(text), expected, "{text:?}");
        }
    }

    #[test]
    fn a_closing_tag_is_the_whole_name() {
        assert_eq!(closing_tag("Look <picture>x</picture> here</p>", "p"), Some(30));
        assert_eq!(closing_tag("text</P >", "p"), Some(4));
        assert_eq!(closing_tag("text</pre>", "p"), None);
    }

    #[test]
    fn a_speaker_prefix_is_taken_only_when_it_looks_like_a_name() {
        assert_eq!(speaker_prefix("Paul Triolo: It matters."), (Some("Paul Triolo".into()), "It matters.".into()));
        assert_eq!(speaker_prefix("Dr. Ann Lee: Yes."), (Some("Dr. Ann Lee".into()), "Yes.".into()));
        assert_eq!(speaker_prefix("Note: the rest"), (Some("Note".into()), "the rest".into()));
        assert_eq!(speaker_prefix("at 3: nothing"), (None, "at 3: nothing".into()));
        assert_eq!(speaker_prefix("The answer is this: yes"), (None, "The answer is this: yes".into()));
    }

    #[test]
    fn html_clock_times() {
        assert_eq!(clock("1:02:03"), Some(3_723_000));
        assert_eq!(clock("12:34"), Some(754_000));
        assert_eq!(clock("0:05.5"), Some(5_500));
        assert_eq!(clock("1:60"), None);
        assert_eq!(clock("soon"), None);
    }
}
