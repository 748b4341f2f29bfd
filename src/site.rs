//! The static site, made at build time: a page per episode and per insight, rendered by the
//! app's own components with Yew's server renderer, the catalogue page, the episodes as JSON,
//! and (with a site address) the sitemap.
//!
//! The design decision: the browser never parses an episode and the wasm carries none. This
//! module (host only; `src/bin/prerender.rs` runs it from Trunk's post-build hook) parses
//! `seeds/` with the core's parser, and writes everything a reader's browser fetches. Each
//! episode page is the template Trunk wrote (`index.html`), moved to its folder, with the
//! page's `<head>` tags, the rendered app inside `<main id="earmark">` and the page's data
//! block; the browser's first render is made from that block, so hydration finds the very tree
//! rendered here.
//!
//! Invariant: the app's first render calls no browser API (effects do not run on the server),
//! so the same components render here and in the browser.

use std::path::Path;
use std::rc::Rc;

use crate::core::catalogue::{self, Catalogue, Listing};
use crate::core::model::Episode;
use crate::core::page::{self, Kind, Site};
use crate::core::parse::parse_bytes;
use crate::core::provenance;
use crate::core::transcript::{parse_chapters, TranscriptFile, TranscriptFormat, TranscriptInfo, TRANSCRIPT_FILE_VERSION};
use crate::embed::Config;
use crate::ui::app::{App, AppProps};
use crate::ui::catalogue::{Catalogue as CataloguePage, CatalogueProps};

/// Where the app mounts in the template; the rendered app goes inside.
const MOUNT: &str = r#"<main id="earmark" class="earmark-host earmark-root">"#;

/// Ids no episode may have: its page or JSON would be one of the build's own folders or files
/// (`episodes/`, `icons/`, `episodes/index.json`).
const RESERVED: [&str; 3] = ["episodes", "icons", "index"];

/// One file of the build: its path relative to the build's root, and its contents.
#[derive(Debug)]
pub struct File {
    pub path: String,
    pub contents: String,
}

/// The endings a transcript beside `<stem>.txt` may have, in the order they are looked for.
pub const TRANSCRIPT_ENDINGS: [&str; 5] = [".vtt", ".srt", ".transcript.json", ".html", ".htm"];

/// Reads the transcript and chapters beside the episode document `<stem>.txt` in `dir`, if any,
/// into `episode`: its chapters and cue count (`transcript`) and its cues. Errors name the file
/// and the line or JSON path. Two transcripts for one episode are an error: which to show
/// would be a guess.
fn read_transcript(dir: &Path, stem: &str, episode: &mut Episode) -> Result<(), String> {
    let read = |name: &str| -> Result<Option<String>, String> {
        let path = dir.join(name);
        match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| format!("{name}: line 1: expected UTF-8 text")),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(format!("{name}: {error}")),
        }
    };
    let mut found: Option<(String, String)> = None;
    for ending in TRANSCRIPT_ENDINGS {
        let name = format!("{stem}{ending}");
        if let Some(text) = read(&name)? {
            if let Some((other, _)) = &found {
                return Err(format!("{name}: {other} is a transcript of the same episode already; keep one of them"));
            }
            found = Some((name, text));
        }
    }
    let chapters_name = format!("{stem}.chapters.json");
    let chapters = match read(&chapters_name)? {
        Some(text) => parse_chapters(&text).map_err(|error| format!("{chapters_name}: {error}"))?,
        None => Vec::new(),
    };
    let mut title = None;
    let cues = match found {
        Some((name, text)) => {
            let format = TranscriptFormat::of(&name).ok_or_else(|| format!("{name}: not a transcript format"))?;
            let transcript = format.parse(&text).map_err(|error| format!("{name}: {error}"))?;
            if transcript.cues.is_empty() {
                return Err(format!("{name}: line 1: expected at least one cue with text, found none"));
            }
            title = transcript.title;
            transcript.cues
        }
        None => Vec::new(),
    };
    if cues.is_empty() && chapters.is_empty() {
        return Ok(());
    }
    episode.sources = Rc::new(provenance::sources(episode, &cues));
    episode.transcript = Some(TranscriptInfo { cues: cues.len() as u32, length: cues.iter().map(|cue| cue.end.unwrap_or(cue.start)).max().unwrap_or(0), title, chapters });
    episode.cues = Rc::new(cues);
    Ok(())
}

/// Reads and parses every `*.txt` of `dir`, in file-name order, with the transcript and
/// chapters beside each (`<stem>.vtt`, `.srt`, `.transcript.json`, `.html`;
/// `<stem>.chapters.json`). The first error names the file and the line, and no episode id may
/// be used twice.
pub fn read_seeds(dir: &Path) -> Result<Vec<Episode>, String> {
    let entries = std::fs::read_dir(dir).map_err(|error| format!("cannot read {}: {error}", dir.display()))?;
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(format!("{} holds no episode (*.txt); Earmark needs at least one", dir.display()));
    }
    let mut episodes: Vec<(String, Episode)> = Vec::with_capacity(paths.len());
    for path in &paths {
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let bytes = std::fs::read(path).map_err(|error| format!("{name}: {error}"))?;
        let mut episode = parse_bytes(&bytes).map_err(|error| format!("{name}: {error}"))?;
        let stem = name.strip_suffix(".txt").unwrap_or(&name);
        read_transcript(dir, stem, &mut episode)?;
        if RESERVED.contains(&episode.id.as_str()) {
            return Err(format!(
                "{name}: the episode id \"{}\" is a name the build uses itself ({}); change the episode's title",
                episode.id,
                RESERVED.join(", ")
            ));
        }
        if let Some((other, _)) = episodes.iter().find(|(_, e)| e.id == episode.id) {
            return Err(format!(
                "{name}: the episode id \"{}\" is already used by {other}; ids come from titles and must be unique",
                episode.id
            ));
        }
        episodes.push((name, episode));
    }
    Ok(episodes.into_iter().map(|(_, episode)| episode).collect())
}

/// The app's tree for a page, as Yew's server renderer writes it (with the markers that
/// hydration reads).
fn render_app(data: catalogue::PageData) -> String {
    let config = Config { page: Some(Rc::new(data)), ..Config::default() };
    let renderer = yew::LocalServerRenderer::<App>::with_props(AppProps { config: Rc::new(config) });
    futures::executor::block_on(renderer.render())
}

fn render_catalogue(listing: Vec<Listing>, to_root: &str) -> String {
    let props = CatalogueProps { listing: Rc::new(listing), root: to_root.to_string().into() };
    // Nothing hydrates the catalogue: it is plain HTML.
    let renderer = yew::LocalServerRenderer::<CataloguePage>::with_props(props).hydratable(false);
    futures::executor::block_on(renderer.render())
}

/// `html` without the element that starts with `start` (up to the first `end` after it).
fn without(html: &str, start: &str, end: &str) -> String {
    let Some(at) = html.find(start) else { return html.to_string() };
    match html[at..].find(end) {
        Some(length) => format!("{}{}", &html[..at], &html[at + length + end.len()..]),
        None => html.to_string(),
    }
}

/// Marks what a page adds to the template's `<head>`, so that a page can serve as the template
/// again (the root page is written over the template it was made from).
const HEAD_START: &str = "<!--earmark:page-->";
const HEAD_END: &str = "<!--/earmark:page-->";

/// The template without what it says about itself (its title and description) and without
/// what an earlier run added to it (the root page is written over the template it was made
/// from, and may serve as the template again).
fn bare(template: &str) -> String {
    let html = without(template, HEAD_START, HEAD_END);
    let html = without(&html, "<title>", "</title>");
    without(&html, r#"<meta name="description""#, ">")
}

/// The bare template filled in for one page: moved to the page's folder, its head tags and
/// data block (`head`), and `body` in the mount element.
fn fill(bare: &str, to_root: &str, head: &str, body: &str) -> Result<String, String> {
    let html = page::relocate(bare, to_root);
    let Some(head_end) = html.find("</head>") else { return Err("the template has no </head>".into()) };
    let html = format!("{}{HEAD_START}{head}{HEAD_END}\n{}", &html[..head_end], &html[head_end..]);
    let Some(mount) = html.find(MOUNT) else { return Err(format!("the template has no {MOUNT}")) };
    let inside = mount + MOUNT.len();
    let Some(close) = html[inside..].find("</main>") else { return Err("the template's <main> is not closed".into()) };
    let close = inside + close;
    Ok(format!("{}{body}{}", &html[..inside], &html[close..]))
}

/// An episode as its pages and its JSON carry it: without its transcript's cues and sources,
/// which travel in `episodes/<id>.transcript.json`.
pub fn published(episode: &Episode) -> Episode {
    Episode { cues: Rc::default(), sources: Rc::default(), ..episode.clone() }
}

/// Every file the site adds to a build whose `index.html` is `template`. Without insight pages
/// (`insight_pages` false), shared links use the `#insight=` form on the episode's page.
pub fn build(template: &str, episodes: &[Episode], site: &Site, insight_pages: bool) -> Result<Vec<File>, String> {
    // Transcript cues travel in files of their own: pages and the episode JSON carry only the
    // transcript's chapters and size, so that a page paints before a long transcript arrives.
    let transcripts: Vec<(String, TranscriptFile)> = episodes
        .iter()
        .filter(|episode| episode.has_cues())
        .map(|episode| {
            let file = TranscriptFile { version: TRANSCRIPT_FILE_VERSION, cues: (*episode.cues).clone(), sources: (*episode.sources).clone() };
            (episode.id.clone(), file)
        })
        .collect();
    let episodes: Vec<Episode> = episodes.iter().map(published).collect();
    let episodes = &episodes[..];
    let Some(first) = episodes.first() else { return Err("there is no episode to build".into()) };
    let template = bare(template);
    let mut files = Vec::new();
    let mut page = |kind: Kind| -> Result<(), String> {
        let data = kind.data(episodes.len(), insight_pages).ok_or("a page without an episode")?;
        let head = format!("{}{}", page::head(site, &kind), page::data_block(&data));
        let html = fill(&template, &kind.to_root(), &head, &render_app(data))?;
        files.push(File { path: format!("{}index.html", kind.folder()), contents: html });
        Ok(())
    };
    page(Kind::Root(first))?;
    for episode in episodes {
        page(Kind::Episode(episode))?;
        if insight_pages {
            for insight in episode.insights() {
                page(Kind::Insight(episode, insight))?;
            }
        }
    }

    // The catalogue page needs no app: the template without the script that starts it.
    let catalogue: Catalogue = catalogue::catalogue(episodes);
    let kind = Kind::Catalogue;
    let body = render_catalogue(catalogue.episodes.clone(), &kind.to_root());
    let html = fill(&without(&template, r#"<script type="module""#, "</script>"), &kind.to_root(), &page::head(site, &kind), &body)?;
    files.push(File { path: "episodes/index.html".into(), contents: html });

    files.push(File { path: "episodes/index.json".into(), contents: serde_json::to_string(&catalogue).map_err(|e| e.to_string())? });
    for episode in episodes {
        let json = serde_json::to_string(episode).map_err(|e| e.to_string())?;
        files.push(File { path: format!("episodes/{}.json", episode.id), contents: json });
    }
    for (id, file) in &transcripts {
        let json = serde_json::to_string(file).map_err(|e| e.to_string())?;
        files.push(File { path: format!("episodes/{id}.transcript.json"), contents: json });
    }
    if let Some(url) = &site.url {
        files.push(File { path: "sitemap.xml".into(), contents: page::sitemap(url, episodes, insight_pages) });
    }
    Ok(files)
}

/// Writes `files` under `dir`, making folders as needed.
pub fn write(dir: &Path, files: &[File]) -> Result<(), String> {
    for file in files {
        let path = dir.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|error| format!("cannot make {}: {error}", parent.display()))?;
        }
        std::fs::write(&path, &file.contents).map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    }
    Ok(())
}
