//! Embedding on a host site: the options a host passes, the origins an embedded frame listens
//! to, and the messages it takes.
//!
//! The design decision: everything a host page hands us is checked here, in pure code, before
//! the browser side acts on it. A host's mistake (a number where a string belongs, a typo in an
//! option's name, an unknown theme) becomes an [`OptionProblem`] that names the option, which
//! the UI prints to the console and shows in the instance; it never throws into the host's
//! code and never affects another instance.

use serde::{Deserialize, Serialize};

use crate::export::Annotation;

/// The colour scheme an instance uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follow the reader's `prefers-color-scheme`.
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn parse(value: &str) -> Option<Theme> {
        match value.trim().to_ascii_lowercase().as_str() {
            "" | "auto" => Some(Theme::Auto),
            "light" => Some(Theme::Light),
            "dark" => Some(Theme::Dark),
            _ => None,
        }
    }

    /// The value of the `data-theme` attribute that the stylesheet reads.
    pub fn name(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// One option as the host gave it, before it is checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Raw {
    /// Not given (or `undefined` / `null`).
    Missing,
    Text(String),
    /// Given, but not a string: the JavaScript type's name, for the message.
    Other(String),
}

/// The options of one instance: `Earmark.mount(element, { episode, shareBase, theme })` (and `audio`, an element, read by the browser side), or
/// the `data-episode`, `data-share-base` and `data-theme` attributes.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MountOptions {
    /// The episode's slug; `None` shows the build's first episode.
    pub episode: Option<String>,
    /// Where shared links point (an `http:` or `https:` address).
    pub share_base: Option<String>,
    pub theme: Theme,
    /// The site's folder of episode files (`episodes/`), when the widget's own files come from
    /// elsewhere (an npm CDN): an `http:` or `https:` address, ending in `/`.
    pub episodes_base: Option<String>,
}

/// What was wrong with one option.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionProblem {
    /// The option's name as the host writes it in `Earmark.mount`.
    pub option: String,
    pub message: String,
}

impl std::fmt::Display for OptionProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "option \"{}\": {}", self.option, self.message)
    }
}

/// The option names `Earmark.mount` takes.
/// (`audio` is an element, checked where elements are: in the browser.)
pub const OPTION_NAMES: [&str; 5] = ["episode", "shareBase", "theme", "audio", "episodesBase"];

/// Whether `address` is a web address (`http:` or `https:`), the only kind Earmark links to.
/// Anything else (`javascript:`, `data:`, a relative path) is shown as text, never as a link.
pub fn is_web_address(address: &str) -> bool {
    let address = address.trim_start();
    let Some((scheme, rest)) = address.split_once(':') else { return false };
    (scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http")) && rest.starts_with("//") && rest.len() > 2
}

/// The web addresses written in a text, as byte ranges: each `http://` or `https://` up to
/// white space or a character that cannot be part of an address, without the punctuation that
/// ends a sentence. These, and only these, are rendered as links; `javascript:` or `data:`
/// text is never one, since only the two web schemes are looked for.
pub fn web_links(text: &str) -> Vec<(usize, usize)> {
    let lower = text.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = lower[from..].find("http").map(|at| from + at) {
        from = found + 4;
        // The scheme must start a word: neither "xhttp://" nor "javascript:https://" holds one.
        let before = text[..found].chars().next_back();
        if before.is_some_and(|c| !c.is_whitespace() && !matches!(c, '(' | '[' | '"' | '\'' | '“' | '‘' | '<')) {
            continue;
        }
        let end = text[found..]
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | '{' | '}' | '|' | '\\' | '^'))
            .map_or(text.len(), |at| found + at);
        let trimmed = text[found..end].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '\'', '’', '”']);
        if is_web_address(trimmed) {
            out.push((found, found + trimmed.len()));
            from = found + trimmed.len();
        }
    }
    out
}

/// Checks the options. `given` lists every key the host passed (to catch misspelt names), and
/// `get` reads one option. Good options are kept even when others are bad, so that an
/// instance with a typo in `theme` still shows its episode; every problem is reported.
pub fn mount_options(given: &[String], get: impl Fn(&str) -> Raw) -> (MountOptions, Vec<OptionProblem>) {
    let mut problems = Vec::new();
    for key in given {
        if !OPTION_NAMES.contains(&key.as_str()) {
            problems.push(OptionProblem {
                option: key.clone(),
                message: format!("unknown option; the options are {}", OPTION_NAMES.join(", ")),
            });
        }
    }
    let mut text = |name: &str| match get(name) {
        Raw::Missing => None,
        Raw::Text(value) if value.trim().is_empty() => None,
        Raw::Text(value) => Some(value.trim().to_string()),
        Raw::Other(kind) => {
            problems.push(OptionProblem { option: name.to_string(), message: format!("must be a string, not {kind}") });
            None
        }
    };
    let episode = text("episode");
    let share_base = text("shareBase");
    let theme = text("theme");
    let episodes_base = text("episodesBase");
    let mut options = MountOptions { episode, ..MountOptions::default() };
    match share_base {
        Some(base) if is_web_address(&base) => options.share_base = Some(base),
        Some(base) => problems.push(OptionProblem {
            option: "shareBase".into(),
            message: format!("must be an http: or https: address, not \"{base}\""),
        }),
        None => {}
    }
    match episodes_base {
        // A folder: the files are named relative to it.
        Some(base) if is_web_address(&base) && !base.contains(['?', '#']) => {
            options.episodes_base = Some(if base.ends_with('/') { base } else { format!("{base}/") });
        }
        Some(base) => problems.push(OptionProblem {
            option: "episodesBase".into(),
            message: format!("must be the http: or https: address of a folder (such as https://podcast.example/episodes/), not \"{base}\""),
        }),
        None => {}
    }
    match theme.as_deref().map(|t| (t, Theme::parse(t))) {
        Some((_, Some(theme))) => options.theme = theme,
        Some((value, None)) => problems.push(OptionProblem {
            option: "theme".into(),
            message: format!("must be \"light\", \"dark\" or \"auto\", not \"{value}\""),
        }),
        None => {}
    }
    (options, problems)
}

/// The origins a framed instance takes commands from: every `parent=` value of its address
/// that is a web origin (`https://podcast.example`, no path). Anything else is dropped, so a
/// malformed value allows nothing rather than everything.
pub fn allowed_parents<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    values
        .into_iter()
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .filter(|origin| is_web_address(origin) && origin.splitn(4, '/').nth(3).is_none_or(str::is_empty))
        .map(|origin| origin.trim_end_matches('/').to_ascii_lowercase())
        .collect()
}

/// Whether a message from `origin` may command a framed instance with this allow-list.
pub fn parent_allowed(allowed: &[String], origin: &str) -> bool {
    allowed.iter().any(|allowed| allowed.eq_ignore_ascii_case(origin))
}

/// What a parent page may ask of a framed instance (`{ earmark: { open: "<id>" } }` or
/// `{ earmark: { search: "<query>" } }`), and what the JavaScript API asks of a script one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Open an insight, scroll to it and focus it, as a followed link does.
    Open(String),
    /// Search for a query ("" clears).
    Search(String),
}

/// A message to a frame, as the parent posts it. Fields of any other type make it no command.
#[derive(Debug, Default, Deserialize)]
pub struct Message {
    earmark: Option<MessageBody>,
}

#[derive(Debug, Default, Deserialize)]
struct MessageBody {
    open: Option<String>,
    search: Option<String>,
}

/// Reads a message sent to a frame; `None` for anything that is not one of ours. A frame's
/// own outgoing messages (`{ earmark: { height } }`) are not commands.
pub fn command(message: Message) -> Option<Command> {
    let body = message.earmark?;
    body.open.map(Command::Open).or(body.search.map(Command::Search))
}

/// The message a frame sends its parent whenever its content's height changes:
/// `{ earmark: { height } }`, in whole CSS pixels.
#[derive(Debug, PartialEq, Serialize)]
pub struct HeightMessage {
    earmark: Height,
}

#[derive(Debug, PartialEq, Serialize)]
struct Height {
    /// Whole pixels: an integer needs no float formatting in the browser build.
    height: u32,
}

pub fn height_message(height: f64) -> HeightMessage {
    // `as` saturates: NaN and negatives become 0, and absurd heights the largest u32.
    HeightMessage { earmark: Height { height: height.max(0.0).ceil() as u32 } }
}

/// The message a frame sends its parent to bring something into view:
/// `{ earmark: { scrollTo: { top, bottom, behavior } } }`. A frame sized to its content has no
/// scroll of its own, so only the host page can move; `top` and `bottom` are the target's edges
/// in the frame's document, in whole CSS pixels, already widened by the room the frame keeps
/// clear around what it scrolls to (its sticky toolbar's, `scroll-margin`). `behavior` is
/// `"smooth"`, or `"instant"` when the reader prefers reduced motion. `embed-frame.js` leaves
/// the host where it is when the target is already in view, and otherwise scrolls it.
#[derive(Debug, PartialEq, Serialize)]
pub struct ScrollMessage {
    earmark: ScrollBody,
}

#[derive(Debug, PartialEq, Serialize)]
struct ScrollBody {
    #[serde(rename = "scrollTo")]
    scroll_to: ScrollTo,
}

#[derive(Debug, PartialEq, Serialize)]
struct ScrollTo {
    top: u32,
    bottom: u32,
    behavior: &'static str,
}

/// The message for a target whose edges in the frame's document are `top` and `bottom`, with
/// `margin_top` and `margin_bottom` kept clear around it.
pub fn scroll_message(top: f64, bottom: f64, margin_top: f64, margin_bottom: f64, reduced_motion: bool) -> ScrollMessage {
    // `as` saturates: NaN and negatives become 0.
    let top = (top - margin_top).max(0.0).floor() as u32;
    let bottom = ((bottom + margin_bottom).ceil() as u32).max(top);
    ScrollMessage { earmark: ScrollBody { scroll_to: ScrollTo { top, bottom, behavior: if reduced_motion { "instant" } else { "smooth" } } } }
}

/// The `earmark:*` events an instance dispatches on its host element, with their `detail`.
/// Their names and fields are a promise to host pages (README, "For host sites").
#[derive(Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Event<'a> {
    /// An episode is shown.
    Ready { episode: &'a str },
    /// The reader opened a section.
    Open { insight: &'a str },
    /// The reader closed a section.
    Close { insight: &'a str },
    /// Typing in the search paused.
    Search { query: &'a str, matches: usize },
    /// The reader shared or copied a link.
    Share { insight: &'a str, url: &'a str },
    /// The reader made, edited or deleted a highlight.
    Highlight { action: HighlightAction, annotation: Annotation },
    /// The reader clicked a time: the host's player should go there. The detail is
    /// `{ seconds }`, a JavaScript number (made in the browser: the wasm formats no floats).
    Seek { ms: u64 },
}

/// What happened to a highlight, as `earmark:highlight` names it: `created` (also when Undo
/// brings one back), `edited` (its note), `deleted`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum HighlightAction {
    Created,
    Edited,
    Deleted,
}

impl Event<'_> {
    pub fn name(&self) -> &'static str {
        match self {
            Event::Ready { .. } => "earmark:ready",
            Event::Open { .. } => "earmark:open",
            Event::Close { .. } => "earmark:close",
            Event::Search { .. } => "earmark:search",
            Event::Share { .. } => "earmark:share",
            Event::Highlight { .. } => "earmark:highlight",
            Event::Seek { .. } => "earmark:seek",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pairs: &[(&str, Raw)]) -> (MountOptions, Vec<OptionProblem>) {
        let given: Vec<String> = pairs.iter().map(|(k, _)| k.to_string()).collect();
        mount_options(&given, |name| pairs.iter().find(|(k, _)| *k == name).map_or(Raw::Missing, |(_, v)| v.clone()))
    }

    #[test]
    fn good_options_are_taken() {
        let (options, problems) = check(&[
            ("episode", Raw::Text(" the-truth-about-deepseek ".into())),
            ("shareBase", Raw::Text("https://pod.example/ep/7".into())),
            ("theme", Raw::Text("Dark".into())),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(options.episode.as_deref(), Some("the-truth-about-deepseek"));
        assert_eq!(options.share_base.as_deref(), Some("https://pod.example/ep/7"));
        assert_eq!(options.theme, Theme::Dark);
        assert_eq!(check(&[]), (MountOptions::default(), vec![]));
        // The folder of episode files: a trailing slash is added, once.
        for given in ["https://podcast.example/episodes", "https://podcast.example/episodes/"] {
            let (options, problems) = check(&[("episodesBase", Raw::Text(given.into()))]);
            assert!(problems.is_empty(), "{problems:?}");
            assert_eq!(options.episodes_base.as_deref(), Some("https://podcast.example/episodes/"));
        }
    }

    #[test]
    fn each_bad_option_is_named_and_the_good_ones_kept() {
        let cases: &[(&[(&str, Raw)], &str, &str)] = &[
            (&[("episode", Raw::Other("number".into()))], "episode", "must be a string, not number"),
            (&[("theme", Raw::Text("sepia".into()))], "theme", "\"light\", \"dark\" or \"auto\", not \"sepia\""),
            (&[("theme", Raw::Other("boolean".into()))], "theme", "not boolean"),
            (&[("shareBase", Raw::Text("javascript:alert(1)".into()))], "shareBase", "http: or https:"),
            (&[("shareBase", Raw::Text("/ep/7".into()))], "shareBase", "not \"/ep/7\""),
            (&[("epsiode", Raw::Text("x".into()))], "epsiode", "unknown option"),
            (&[("episodesBase", Raw::Text("../episodes/".into()))], "episodesBase", "address of a folder"),
            (&[("episodesBase", Raw::Text("https://podcast.example/episodes/?v=1".into()))], "episodesBase", "address of a folder"),
            (&[("episodesBase", Raw::Other("number".into()))], "episodesBase", "must be a string"),
        ];
        for (pairs, option, says) in cases {
            let (options, problems) = check(pairs);
            assert_eq!(problems.len(), 1, "{pairs:?}: {problems:?}");
            assert_eq!(problems[0].option, *option);
            assert!(problems[0].to_string().contains(says), "{}", problems[0]);
            assert_eq!(options.theme, Theme::Auto);
        }
        let (options, problems) =
            check(&[("episode", Raw::Text("a".into())), ("theme", Raw::Text("sepia".into()))]);
        assert_eq!((options.episode.as_deref(), problems.len()), (Some("a"), 1));
    }

    #[test]
    fn only_web_addresses_are_links() {
        for yes in ["https://a.example", "http://a.example/x?y#z", "HTTPS://A.EXAMPLE"] {
            assert!(is_web_address(yes), "{yes}");
        }
        for no in ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "/relative", "https:", "https:/x", "ftp://a", "", "https//a"] {
            assert!(!is_web_address(no), "{no}");
        }
    }

    #[test]
    fn web_links_in_text() {
        let cases: &[(&str, &[&str])] = &[
            ("See https://example.com/a?b=1#c.", &["https://example.com/a?b=1#c"]),
            ("(http://a.example) and HTTPS://B.example/x, then stop", &["http://a.example", "HTTPS://B.example/x"]),
            ("javascript:alert(1) and <img src=x onerror=alert(1)>", &[]),
            ("javascript:https://x.example", &[]),
            ("xhttps://a.example and http:// alone and https:x", &[]),
            ("“https://a.example/é”", &["https://a.example/é"]),
            ("", &[]),
        ];
        for (text, expected) in cases {
            let found: Vec<&str> = web_links(text).into_iter().map(|(a, b)| &text[a..b]).collect();
            assert_eq!(&found, expected, "{text}");
        }
    }

    #[test]
    fn parents_are_origins_only() {
        let allowed = allowed_parents(["https://pod.example", "http://127.0.0.1:8081/, https://x.example/path", "*", "javascript:1"]);
        assert_eq!(allowed, vec!["https://pod.example", "http://127.0.0.1:8081"]);
        assert!(parent_allowed(&allowed, "https://POD.example"));
        assert!(!parent_allowed(&allowed, "https://pod.example.evil"));
        assert!(!parent_allowed(&allowed, "null"));
        assert!(!parent_allowed(&[], "https://pod.example"));
    }

    #[test]
    fn commands_and_messages() {
        use serde_json::json;
        let command = |value: serde_json::Value| serde_json::from_value::<Message>(value).ok().and_then(command);
        assert_eq!(command(json!({"earmark": {"open": "x"}})), Some(Command::Open("x".into())));
        assert_eq!(command(json!({"earmark": {"search": ""}})), Some(Command::Search(String::new())));
        for other in [json!({"earmark": {"height": 3}}), json!({"earmark": {"open": 3}}), json!("x"), json!(null), json!({"open": "x"})] {
            assert_eq!(command(other.clone()), None, "{other}");
        }
        let sent = |height| serde_json::to_value(height_message(height)).unwrap();
        assert_eq!(sent(120.2), json!({"earmark": {"height": 121}}));
        assert_eq!(sent(-3.0), json!({"earmark": {"height": 0}}));
        assert_eq!(sent(f64::NAN), json!({"earmark": {"height": 0}}));
        // A frame's scroll requests are not commands to it either.
        assert_eq!(command(json!({"earmark": {"scrollTo": {"top": 3, "bottom": 4, "behavior": "smooth"}}})), None);
    }

    #[test]
    fn scroll_messages_name_the_target_with_room_around_it() {
        use serde_json::json;
        let sent = |message| serde_json::to_value(message).unwrap();
        assert_eq!(
            sent(scroll_message(500.4, 520.6, 80.0, 16.0, false)),
            json!({"earmark": {"scrollTo": {"top": 420, "bottom": 537, "behavior": "smooth"}}})
        );
        // Near the top, the room cannot go above the frame; reduced motion jumps.
        assert_eq!(sent(scroll_message(30.0, 50.0, 80.0, 16.0, true)), json!({"earmark": {"scrollTo": {"top": 0, "bottom": 66, "behavior": "instant"}}}));
        // Nonsense geometry (a detached element) still makes a well-formed message.
        assert_eq!(sent(scroll_message(f64::NAN, f64::NAN, 0.0, 0.0, false)), json!({"earmark": {"scrollTo": {"top": 0, "bottom": 0, "behavior": "smooth"}}}));
    }

    #[test]
    fn events_have_their_documented_names_and_details() {
        use serde_json::json;
        let cases = [
            (Event::Ready { episode: "e" }, "earmark:ready", json!({"episode": "e"})),
            (Event::Open { insight: "i" }, "earmark:open", json!({"insight": "i"})),
            (Event::Close { insight: "i" }, "earmark:close", json!({"insight": "i"})),
            (Event::Search { query: "q", matches: 2 }, "earmark:search", json!({"query": "q", "matches": 2})),
            (Event::Share { insight: "i", url: "u" }, "earmark:share", json!({"insight": "i", "url": "u"})),
        ];
        for (event, name, detail) in cases {
            assert_eq!(event.name(), name);
            assert_eq!(serde_json::to_value(&event).unwrap(), detail);
        }
        // A highlight's event carries its annotation (see `export::annotation`) and the action.
        let episode = crate::parse::parse(include_str!("../../seeds/000_7a0b873023e3994b.txt")).unwrap();
        let h = crate::highlights::Highlight {
            id: "h1".into(),
            insight: crate::highlights::SUMMARY.into(),
            exact: "prominent expert".into(),
            prefix: String::new(),
            suffix: String::new(),
            start: 0,
            end: 16,
            color: crate::highlights::Color::default(),
            note: String::new(),
            created: 0,
            updated: 0,
        };
        let annotation = crate::export::annotation(&episode, &h, &crate::link::Base::Pages("https://pod.example/".into()));
        for (action, text) in [(HighlightAction::Created, "created"), (HighlightAction::Edited, "edited"), (HighlightAction::Deleted, "deleted")] {
            let event = Event::Highlight { action, annotation: annotation.clone() };
            assert_eq!(event.name(), "earmark:highlight");
            let detail = serde_json::to_value(&event).unwrap();
            assert_eq!(detail["action"], text);
            assert_eq!(detail["annotation"]["type"], "Annotation");
            assert_eq!(detail["annotation"]["id"], "urn:earmark:highlight:h1");
        }
    }
}
