//! What the prerendered pages say about themselves: their paths, `<head>` (title, description,
//! canonical link, Open Graph and Twitter tags, schema.org JSON-LD), the data block the app
//! hydrates from, and the sitemap.
//!
//! The design decision: this is string work on the model, so it lives in the pure core and is
//! tested here; the prerender step (`src/bin/prerender.rs`) only adds the body that Yew's
//! server renderer makes and writes files. Every page is addressed relative to itself, so the
//! build works from any folder; absolute addresses (the canonical link, `og:url`, the sitemap)
//! exist only when the site's address is given at build time, and none is ever invented. (A
//! relative canonical link is not one: search engines and Lighthouse want an absolute address.)

use std::fmt::Write as _;

use serde::Serialize;

use crate::catalogue::{first_sentence, PageData};
use crate::link;
use crate::model::{Episode, Insight};

/// What the build knows about where and under which name it is published.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Site {
    /// The absolute address the build is served from, ending in `/` (`EARMARK_SITE_URL`).
    pub url: Option<String>,
    /// The podcast's name (`EARMARK_SERIES`), for `og:site_name` and JSON-LD `partOfSeries`.
    pub series: Option<String>,
}

impl Site {
    /// Reads the two settings as given (empty means unset). A site address must be an absolute
    /// `http:` or `https:` address with no query or fragment; it gets a trailing `/`.
    pub fn new(url: Option<&str>, series: Option<&str>) -> Result<Site, String> {
        let url = match url.map(str::trim).filter(|u| !u.is_empty()) {
            None => None,
            Some(raw) => {
                let rest = raw.strip_prefix("https://").or_else(|| raw.strip_prefix("http://"));
                let host = rest.and_then(|r| r.split('/').next()).unwrap_or_default();
                if rest.is_none() || host.is_empty() || raw.contains(['?', '#', ' ', '"', '<', '>']) {
                    return Err(format!(
                        "the site address {raw:?} must be an absolute http: or https: address without ? or #, such as https://pod.example/insights/"
                    ));
                }
                Some(if raw.ends_with('/') { raw.to_string() } else { format!("{raw}/") })
            }
        };
        let series = series.map(str::trim).filter(|s| !s.is_empty()).map(str::to_string);
        Ok(Site { url, series })
    }
}

/// The kinds of page the build writes, each with its folder (relative to the build's root).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind<'a> {
    /// `index.html`: the first episode, as its own page shows it.
    Root(&'a Episode),
    /// `<episode>/index.html`.
    Episode(&'a Episode),
    /// `<episode>/<insight>/index.html`: the episode with that insight opened.
    Insight(&'a Episode, &'a Insight),
    /// `episodes/index.html`: every episode.
    Catalogue,
}

impl Kind<'_> {
    /// The page's folder relative to the build's root: "", "<episode>/", "<episode>/<insight>/".
    pub fn folder(&self) -> String {
        match self {
            Kind::Root(_) => String::new(),
            Kind::Episode(e) => format!("{}/", e.id),
            Kind::Insight(e, i) => format!("{}/{}/", e.id, i.id),
            Kind::Catalogue => "episodes/".to_string(),
        }
    }

    /// How to get from the page's folder back to the build's root: "./", "../", "../../".
    pub fn to_root(&self) -> String {
        match self.folder().matches('/').count() {
            0 => "./".to_string(),
            depth => "../".repeat(depth),
        }
    }

    /// The data block of an episode page: its episode, the insight to open, where the
    /// catalogue is (only when there is more than one episode to list), and whether the build
    /// has insight pages.
    pub fn data(&self, episodes: usize, insight_pages: bool) -> Option<PageData> {
        let (episode, insight) = match self {
            Kind::Root(e) | Kind::Episode(e) => (*e, None),
            Kind::Insight(e, i) => (*e, Some(i.id.clone())),
            Kind::Catalogue => return None,
        };
        let catalogue = (episodes >= 2).then(|| format!("{}episodes/", self.to_root()));
        Some(PageData { episode: std::rc::Rc::new(episode.clone()), insight, catalogue, insight_pages })
    }
}

/// `text` escaped for HTML text and double-quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// `value` as JSON that is safe inside a `<script>` element: `<`, `>` and `&` are written as
/// `\u003c` and so on (still the same JSON), so no text in an episode can close the element.
pub fn script_json(value: &impl Serialize) -> String {
    let json = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
    json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

/// `text` cut to at most `max` characters at a word boundary, with an ellipsis when cut.
pub fn clip(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space > max / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}

/// The `<title>` of a page.
pub fn title(kind: &Kind) -> String {
    match kind {
        Kind::Root(e) | Kind::Episode(e) => format!("{} · Earmark", e.title),
        Kind::Insight(e, i) => format!("{} · {}", clip(&i.label(), 90), e.title),
        Kind::Catalogue => "Episodes · Earmark".to_string(),
    }
}

/// The description of a page: an insight's own text, an episode's summary.
pub fn description(kind: &Kind) -> String {
    match kind {
        Kind::Root(e) | Kind::Episode(e) => clip(&e.summary, 200),
        Kind::Insight(_, i) => clip(&i.text, 200),
        Kind::Catalogue => "Every episode: summaries, key takeaways and deep dives.".to_string(),
    }
}

/// The page that `kind`'s canonical link names, relative to the build's root: an episode's
/// own page for the root page and for its insights' pages.
fn canonical_folder(kind: &Kind) -> String {
    match kind {
        Kind::Root(e) | Kind::Episode(e) | Kind::Insight(e, _) => format!("{}/", e.id),
        Kind::Catalogue => "episodes/".to_string(),
    }
}

/// The schema.org `PodcastEpisode` of an episode page, as JSON for a data block. Typed rather
/// than built as a `serde_json::Value`: the app writes it too (for an episode shown on another
/// episode's page), and the browser build pays for every generic JSON type it carries.
pub fn json_ld(site: &Site, episode: &Episode) -> String {
    #[derive(Serialize)]
    struct Named<'a> {
        #[serde(rename = "@type")]
        kind: &'static str,
        name: &'a str,
    }
    #[derive(Serialize)]
    struct PodcastEpisode<'a> {
        #[serde(rename = "@context")]
        context: &'static str,
        #[serde(rename = "@type")]
        kind: &'static str,
        name: &'a str,
        #[serde(rename = "datePublished")]
        date_published: String,
        description: &'a str,
        #[serde(rename = "abstract")]
        summary: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        url: Option<String>,
        #[serde(rename = "partOfSeries", skip_serializing_if = "Option::is_none")]
        part_of_series: Option<Named<'a>>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        contributor: Vec<Named<'a>>,
    }
    script_json(&PodcastEpisode {
        context: "https://schema.org",
        kind: "PodcastEpisode",
        name: &episode.title,
        date_published: episode.published.to_string(),
        description: &episode.summary,
        summary: first_sentence(&episode.summary),
        url: site.url.as_ref().map(|url| format!("{url}{}/", link::encode(&episode.id))),
        part_of_series: site.series.as_deref().map(|name| Named { kind: "PodcastSeries", name }),
        contributor: episode.people.iter().map(|name| Named { kind: "Person", name }).collect(),
    })
}

/// What a page's `<head>` says about what it shows, as values: the build writes them as tags
/// ([`head`]), and the app writes them into those tags when it shows another episode than its
/// page's (`?episode=`), so that the tab, the canonical link and the JSON-LD follow what the
/// reader sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head {
    pub title: String,
    pub description: String,
    /// Only when the site's address is known (`EARMARK_SITE_URL`).
    pub canonical: Option<String>,
    pub og_url: Option<String>,
    pub og_title: String,
    pub og_description: String,
    /// An episode's date, for `article:published_time`.
    pub published: Option<String>,
    /// An episode's JSON-LD.
    pub json_ld: Option<String>,
}

/// The head of a page of `kind`.
pub fn head_of(site: &Site, kind: &Kind) -> Head {
    let description = description(kind);
    let (og_title, og_description) = match kind {
        Kind::Insight(e, i) => (clip(&i.label(), 120), format!("{} — from “{}”", clip(&i.text, 280), e.title)),
        Kind::Root(e) | Kind::Episode(e) => (e.title.clone(), clip(&e.summary, 300)),
        Kind::Catalogue => ("Episodes".to_string(), description.clone()),
    };
    let episode = match kind {
        Kind::Root(e) | Kind::Episode(e) | Kind::Insight(e, _) => Some(*e),
        Kind::Catalogue => None,
    };
    Head {
        title: title(kind),
        description,
        canonical: site.url.as_ref().map(|url| format!("{url}{}", encode_path(&canonical_folder(kind)))),
        og_url: site.url.as_ref().map(|url| format!("{url}{}", encode_path(&kind.folder()))),
        og_title,
        og_description,
        published: episode.map(|e| e.published.to_string()),
        json_ld: episode.map(|e| json_ld(site, e)),
    }
}

/// The `<title>` of a page that shows no episode: the one asked for is not in the build, or
/// could not be fetched.
pub fn missing_title(unavailable: bool) -> String {
    let what = if unavailable { "Episode not available" } else { "Episode not found" };
    format!("{what} · Earmark")
}

impl Site {
    /// The site a built page was written for, read back from what its head says: the
    /// canonical link of a page of `episode` (the episode's own page, whatever page it is on)
    /// and `og:site_name`. The app has no other way to know the site's address.
    pub fn of_page(canonical: Option<&str>, episode: &str, series: Option<&str>) -> Site {
        let own = format!("{}/", link::encode(episode));
        let url = canonical.and_then(|canonical| canonical.strip_suffix(own.as_str())).filter(|url| url.ends_with('/'));
        Site { url: url.map(str::to_string), series: series.filter(|s| !s.is_empty()).map(str::to_string) }
    }
}

/// The tags a page adds to the template's `<head>`: title, description, canonical link,
/// Open Graph and Twitter card, and JSON-LD on episode pages.
pub fn head(site: &Site, kind: &Kind) -> String {
    let head = head_of(site, kind);
    let mut out = String::new();
    let _ = write!(out, "<title>{}</title>", escape(&head.title));
    let _ = write!(out, "<meta name=\"description\" content=\"{}\">", escape(&head.description));
    if let Some(canonical) = &head.canonical {
        let _ = write!(out, "<link rel=\"canonical\" href=\"{}\">", escape(canonical));
    }
    let _ = write!(out, "<meta property=\"og:type\" content=\"{}\">", if matches!(kind, Kind::Catalogue) { "website" } else { "article" });
    let _ = write!(out, "<meta property=\"og:title\" content=\"{}\">", escape(&head.og_title));
    let _ = write!(out, "<meta property=\"og:description\" content=\"{}\">", escape(&head.og_description));
    if let Some(og_url) = &head.og_url {
        let _ = write!(out, "<meta property=\"og:url\" content=\"{}\">", escape(og_url));
    }
    if let Some(series) = &site.series {
        let _ = write!(out, "<meta property=\"og:site_name\" content=\"{}\">", escape(series));
    }
    out.push_str("<meta name=\"twitter:card\" content=\"summary\">");
    let _ = write!(out, "<meta name=\"twitter:title\" content=\"{}\">", escape(&head.og_title));
    let _ = write!(out, "<meta name=\"twitter:description\" content=\"{}\">", escape(&head.og_description));
    if let Some(published) = &head.published {
        let _ = write!(out, "<meta property=\"article:published_time\" content=\"{published}\">");
    }
    if let Some(json_ld) = &head.json_ld {
        let _ = write!(out, "<script type=\"application/ld+json\">{json_ld}</script>");
    }
    out
}

/// A folder path with each segment percent-encoded (ids may hold any letter).
fn encode_path(folder: &str) -> String {
    folder.split('/').map(link::encode).collect::<Vec<_>>().join("/")
}

/// The page's data block, which the app reads at start-up (`id="earmark-data"`).
pub fn data_block(data: &PageData) -> String {
    format!("<script type=\"application/json\" id=\"earmark-data\">{}</script>", script_json(data))
}

/// `html` (a page of the build's root) made to work from a folder `to_root` below it: every
/// `href="./…"` and `src="./…"` gets `to_root` instead of `./`. The template writes its own
/// files that way (Trunk's `public_url = "./"` does too), so this is the one form to move.
pub fn relocate(html: &str, to_root: &str) -> String {
    html.replace("href=\"./", &format!("href=\"{to_root}")).replace("src=\"./", &format!("src=\"{to_root}"))
}

/// `sitemap.xml` of a build served at `site_url`: the catalogue, every episode page and (when
/// the build has them) every insight page.
pub fn sitemap(site_url: &str, episodes: &[Episode], insight_pages: bool) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut add = |folder: &str, lastmod: Option<String>| {
        let _ = write!(out, "  <url><loc>{}</loc>", escape(&format!("{site_url}{}", encode_path(folder))));
        if let Some(date) = lastmod {
            let _ = write!(out, "<lastmod>{date}</lastmod>");
        }
        out.push_str("</url>\n");
    };
    add("episodes/", None);
    for episode in episodes {
        let date = episode.published.to_string();
        add(&Kind::Episode(episode).folder(), Some(date.clone()));
        for insight in episode.insights().filter(|_| insight_pages) {
            add(&Kind::Insight(episode, insight).folder(), Some(date.clone()));
        }
    }
    out.push_str("</urlset>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse;

    const SAMPLE: &str = include_str!("../../seeds/001_embedded_web_security.txt");

    fn sample() -> Episode {
        parse(SAMPLE).unwrap()
    }

    #[test]
    fn site_addresses() {
        let cases: [(Option<&str>, Result<Option<&str>, ()>); 7] = [
            (None, Ok(None)),
            (Some("  "), Ok(None)),
            (Some("https://pod.example"), Ok(Some("https://pod.example/"))),
            (Some("http://pod.example/insights/"), Ok(Some("http://pod.example/insights/"))),
            (Some("pod.example/"), Err(())),
            (Some("https://pod.example/?x=1"), Err(())),
            (Some("ftp://pod.example/"), Err(())),
        ];
        for (raw, want) in cases {
            let got = Site::new(raw, None).map(|s| s.url).map_err(|_| ());
            assert_eq!(got, want.map(|u| u.map(str::to_string)), "{raw:?}");
        }
    }

    #[test]
    fn folders_and_the_way_back() {
        let e = sample();
        let i = &e.deep_dives[0];
        let cases = [
            (Kind::Root(&e), "", "./"),
            (Kind::Episode(&e), "widgets-that-behave-security-for-the-embedded-web/", "../"),
            (Kind::Catalogue, "episodes/", "../"),
        ];
        for (kind, folder, back) in cases {
            assert_eq!((kind.folder().as_str(), kind.to_root().as_str()), (folder, back));
        }
        let insight = Kind::Insight(&e, i);
        assert_eq!(insight.folder(), format!("{}/{}/", e.id, i.id));
        assert_eq!(insight.to_root(), "../../");
    }

    #[test]
    fn escaping() {
        assert_eq!(escape("<a href=\"x\">'&'</a>"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
        let json = script_json(&serde_json::json!({ "t": "</script><!-- & >" }));
        assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["t"], "</script><!-- & >");
    }

    #[test]
    fn clipping() {
        let cases = [
            ("short", 10, "short"),
            ("one two three four five", 12, "one two…"),
            ("a   b\n c", 10, "a b c"),
            ("averyveryverylongword", 8, "averyve…"),
            ("ends with a comma, then more words here", 20, "ends with a comma…"),
        ];
        for (text, max, want) in cases {
            assert_eq!(clip(text, max), want, "{text:?} {max}");
            assert!(clip(text, max).chars().count() <= max);
        }
    }

    #[test]
    fn heads_without_a_site_address_name_no_absolute_address() {
        let e = sample();
        let site = Site::default();
        for kind in [Kind::Root(&e), Kind::Episode(&e), Kind::Insight(&e, &e.takeaways[0]), Kind::Catalogue] {
            let head = head(&site, &kind);
            assert!(!head.contains("og:url") && !head.contains("http://") && !head.contains("https://pod"), "{head}");
            assert!(!head.contains("rel=\"canonical\""), "a relative canonical link is invalid: {head}");
        }
    }

    #[test]
    fn an_insight_page_describes_that_insight() {
        let e = sample();
        let insight = &e.deep_dives[1];
        let site = Site::new(Some("https://pod.example/i"), Some("Widgets & Co")).unwrap();
        let head = head(&site, &Kind::Insight(&e, insight));
        let heading = insight.heading.as_deref().unwrap();
        assert!(head.contains(&format!("<meta property=\"og:title\" content=\"{}\">", escape(heading))), "{head}");
        assert!(head.contains(&escape(&clip(&insight.text, 280))), "{head}");
        assert!(head.contains(&format!("<meta property=\"og:url\" content=\"https://pod.example/i/{}/{}/\">", e.id, insight.id)), "{head}");
        assert!(head.contains(&format!("<link rel=\"canonical\" href=\"https://pod.example/i/{}/\">", e.id)), "{head}");
        assert!(head.contains("content=\"Widgets &amp; Co\""), "{head}");
    }

    #[test]
    fn json_ld_is_a_podcast_episode() {
        let e = sample();
        let site = Site::new(Some("https://pod.example/"), Some("Widgets")).unwrap();
        let value: serde_json::Value = serde_json::from_str(&json_ld(&site, &e)).unwrap();
        assert_eq!(value["@type"], "PodcastEpisode");
        assert_eq!(value["name"], e.title);
        assert_eq!(value["datePublished"], e.published.to_string());
        assert_eq!(value["description"], e.summary);
        assert_eq!(value["partOfSeries"]["name"], "Widgets");
        assert_eq!(value["url"], format!("https://pod.example/{}/", e.id));
        let bare: serde_json::Value = serde_json::from_str(&json_ld(&Site::default(), &e)).unwrap();
        assert!(bare.get("url").is_none() && bare.get("partOfSeries").is_none(), "{bare}");
    }

    #[test]
    fn relocation_moves_only_the_builds_own_files() {
        let html = r##"<link href="./a.css"><script src="./page.js"></script><a href="#insight=x"></a><a href="https://x/"></a>"##;
        assert_eq!(
            relocate(html, "../../"),
            r##"<link href="../../a.css"><script src="../../page.js"></script><a href="#insight=x"></a><a href="https://x/"></a>"##
        );
    }

    #[test]
    fn the_sitemap_lists_every_page() {
        let e = sample();
        let map = sitemap("https://pod.example/", std::slice::from_ref(&e), true);
        assert_eq!(map.matches("<url>").count(), 2 + e.insights().count());
        assert_eq!(sitemap("https://pod.example/", std::slice::from_ref(&e), false).matches("<url>").count(), 2);
        assert!(map.contains(&format!("<loc>https://pod.example/{}/{}/</loc>", e.id, e.takeaways[0].id)), "{map}");
    }
}
