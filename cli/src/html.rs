//! Show notes as plain text: the HTML of `<description>` or `<content:encoded>` turned into
//! paragraphs.
//!
//! The design decision: show notes become text, never markup, because Earmark shows every
//! string from a feed as text (and only `http(s):` addresses become links when shown). So tags
//! are dropped, entities decoded, block elements and `<br>` end a paragraph, and a link keeps
//! its address as text ("the CSP spec (https://…)"), since the address is what a reader needs
//! once the tag is gone. `<script>` and `<style>` lose their content too. A tag is `<` followed
//! by a letter, `/` or `!`; any other `<` is text ("a < b"). Written here rather than taken
//! from an HTML parser crate: show notes are small and simple, and this needs no tree.

use earmark_core::transcript::decode_entities;

/// Elements that end the paragraph they are in (opening or closing).
const BLOCKS: [&str; 22] = [
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "section", "article",
    "tr", "table", "hr", "pre", "dd", "dt", "figure",
];

/// The paragraphs of `html`, each on one line with runs of white space as one space. Text
/// without any tag is split at its line breaks, as plain-text show notes are written.
pub fn paragraphs(html: &str) -> Vec<String> {
    if !has_tag(html) {
        return html.lines().map(collapse).filter(|p| !p.is_empty()).collect();
    }
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    // The address of the link being read, and where its text started in `current`.
    let mut link: Option<(String, usize)> = None;
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        current.push_str(&decode_entities(&rest[..at]));
        rest = &rest[at..];
        let after = &rest[1..];
        if let Some(comment) = after.strip_prefix("!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let is_tag = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
        let Some(end) = is_tag.then(|| tag_end(after)).flatten() else {
            current.push('<');
            rest = after;
            continue;
        };
        let tag = &after[..end];
        rest = &after[end + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if !closing && (name == "script" || name == "style") {
            let close = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            rest = lower.find(&close).map_or("", |i| &rest[i..]);
            // The closing tag itself is skipped as an ordinary tag on the next turn.
            continue;
        }
        if name == "a" {
            if closing {
                if let Some((href, start)) = link.take() {
                    let text = collapse(&current[start..]);
                    let same = text.trim_end_matches('/') == href.trim_end_matches('/')
                        || href.split_once("://").is_some_and(|(_, bare)| bare.trim_end_matches('/') == text.trim_end_matches('/'));
                    if text.is_empty() || same {
                        current.truncate(start);
                        current.push_str(&href);
                    } else {
                        current.push_str(&format!(" ({href})"));
                    }
                }
            } else {
                link = attribute(tag, "href").filter(|href| is_web_address(href)).map(|href| (href, current.len()));
            }
            continue;
        }
        if BLOCKS.contains(&name.as_str()) {
            let paragraph = collapse(&current);
            if !paragraph.is_empty() {
                paragraphs.push(paragraph);
            }
            current.clear();
            link = None;
        } else if name == "img" {
            // An image's alternative text stands for it, as a screen reader reads it.
            if let Some(alt) = attribute(tag, "alt") {
                current.push_str(&alt);
            }
        }
    }
    current.push_str(&decode_entities(rest));
    let paragraph = collapse(&current);
    if !paragraph.is_empty() {
        paragraphs.push(paragraph);
    }
    paragraphs
}

fn has_tag(text: &str) -> bool {
    text.match_indices('<').any(|(at, _)| {
        let after = &text[at + 1..];
        after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!') && tag_end(after).is_some()
    })
}

/// Where the tag starting just after a `<` ends (its `>`), skipping quoted attribute values.
fn tag_end(after: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in after.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some(i),
            (None, '<') => return None,
            _ => {}
        }
    }
    None
}

/// The value of attribute `name` in a tag's text, entities decoded.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before_ok = lower[..at].ends_with(|c: char| c.is_ascii_whitespace());
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_at = tag.len() - rest.len() + 1;
        let value = tag[value_at..].trim_start();
        let raw = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value.split(|c: char| c.is_ascii_whitespace() || c == '>').next().unwrap_or(""),
        };
        return Some(decode_entities(raw).trim().to_string());
    }
    None
}

/// Only addresses a reader can follow are kept: `http:`, `https:` and `mailto:`. A
/// `javascript:` or relative address means nothing once the tag is gone.
fn is_web_address(href: &str) -> bool {
    let lower = href.to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("mailto:")
}

/// Runs of white space (the no-break space included) as one space, trimmed.
pub fn collapse(text: &str) -> String {
    text.split(|c: char| c.is_whitespace()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ")
}
