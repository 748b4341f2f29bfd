//! The static site the build writes: every episode and insight page holds its episode as text
//! in the HTML file itself, describes itself for link previews and search engines, and the
//! catalogue lists every episode.
//!
//! The first tests read the release build (`EARMARK_DIST`, default `dist`, made by
//! `./dev test`); the last ones run the site generator itself with and without a site address.

use std::path::{Path, PathBuf};

use earmark::core::catalogue::{first_sentence, Catalogue, PageData};
use earmark::core::model::Episode;
use earmark::core::page::{clip, Site};
use earmark::site;
use serde_json::Value;

mod support;

use support::{dist, root};

/// The seeds as the pages and the episode JSON carry them (the transcripts' cues travel apart).
fn episodes() -> Vec<Episode> {
    site::read_seeds(&root().join("seeds")).unwrap().iter().map(site::published).collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Undoes the HTML escapes the renderers write.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&#x27;", "'").replace("&amp;", "&")
}

/// The text a reader sees in `<main>`: tags and comments dropped, escapes undone, white space
/// collapsed.
fn main_text(html: &str) -> String {
    let start = html.find("<main").expect("a <main>");
    let end = html.rfind("</main>").expect("a </main>");
    let mut text = String::new();
    let mut in_tag = false;
    for c in html[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                text.push(' ');
            }
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    unescape(&text).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `content` of `<meta {key}="{name}">`.
fn meta(html: &str, key: &str, name: &str) -> Option<String> {
    let marker = format!("<meta {key}=\"{name}\" content=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(unescape(&html[start..end]))
}

/// The JSON of the `<script type="{kind}"…>` block.
fn block(html: &str, kind: &str) -> Value {
    let marker = format!("<script type=\"{kind}\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no {kind} block"));
    let start = html[start..].find('>').unwrap() + start + 1;
    let end = html[start..].find("</script>").unwrap() + start;
    serde_json::from_str(&html[start..end]).unwrap_or_else(|error| panic!("the {kind} block does not parse: {error}"))
}

/// Every episode page, and the root page, holds the whole episode as text.
#[test]
fn every_episode_page_holds_its_episode_as_text() {
    let dist = dist();
    let episodes = episodes();
    let mut pages: Vec<(PathBuf, &Episode)> = episodes.iter().map(|e| (dist.join(&e.id).join("index.html"), e)).collect();
    pages.push((dist.join("index.html"), &episodes[0]));
    for (path, episode) in pages {
        let html = read(&path);
        let text = main_text(&html);
        let name = path.display();
        assert!(text.contains(&words(&episode.title)), "{name}: no title");
        assert!(text.contains(&words(&episode.summary)), "{name}: no summary");
        for person in &episode.people {
            assert!(text.contains(person.as_str()), "{name}: no {person}");
        }
        assert!(text.contains(&episode.published.readable()), "{name}: no date");
        for insight in episode.insights() {
            assert!(text.contains(&words(&insight.text)), "{name}: no text of {}", insight.id);
        }
        // Deep dives (and the transcript) are in the page, closed until found.
        let sections = episode.deep_dives.len() + usize::from(episode.has_transcript());
        assert_eq!(html.matches("hidden=\"until-found\"").count(), sections, "{name}");
        // The episode travels with its page, as the documented model.
        let data: PageData = serde_json::from_value(block(&html, "application/json")).unwrap();
        assert_eq!(&*data.episode, episode, "{name}: the data block is not the episode");
        assert_eq!(data.insight, None);
        let ld = block(&html, "application/ld+json");
        assert_eq!(ld["@type"], "PodcastEpisode", "{name}");
        assert_eq!(ld["name"], episode.title.as_str());
        assert_eq!(ld["datePublished"], episode.published.to_string());
        assert_eq!(meta(&html, "name", "description").as_deref(), Some(clip(&episode.summary, 200).as_str()), "{name}");
        assert!(html.contains(&format!("<title>{} · Earmark</title>", earmark::core::page::escape(&episode.title))), "{name}");
        // The way to the other episodes, since there are several.
        assert!(html.contains("class=\"earmark-catalogue-link\""), "{name}: no link to the catalogue");
    }
}

#[test]
fn every_insight_page_opens_and_describes_that_insight() {
    let dist = dist();
    for episode in episodes() {
        for insight in episode.insights() {
            let path = dist.join(&episode.id).join(&insight.id).join("index.html");
            let html = read(&path);
            let name = path.display();
            let description = meta(&html, "property", "og:description").unwrap_or_else(|| panic!("{name}: no og:description"));
            assert!(description.starts_with(&clip(&insight.text, 280)), "{name}: og:description is {description:?}");
            assert_eq!(meta(&html, "property", "og:title"), Some(clip(&insight.label(), 120)), "{name}");
            assert!(meta(&html, "name", "twitter:card").is_some(), "{name}");
            assert!(!html.contains("rel=\"canonical\""), "{name}: a canonical link without a site address");
            assert!(meta(&html, "property", "og:url").is_none(), "{name}: an absolute address without a site address");
            // The whole episode, with this insight open (its panel not hidden).
            assert!(main_text(&html).contains(&words(&episode.summary)), "{name}");
            let closed = episode.deep_dives.len() + usize::from(episode.has_transcript()) - usize::from(insight.heading.is_some());
            assert_eq!(html.matches("hidden=\"until-found\"").count(), closed, "{name}");
            let data: PageData = serde_json::from_value(block(&html, "application/json")).unwrap();
            assert_eq!(data.insight.as_deref(), Some(insight.id.as_str()));
            // Its files are found from two folders down.
            assert!(html.contains("src=\"../../page-"), "{name}: the page's loader is not two folders up");
            assert!(!html.contains("=\"./"), "{name}: a path relative to the root was left");
        }
    }
}

#[test]
fn the_catalogue_lists_every_episode_newest_first() {
    let dist = dist();
    let episodes = episodes();
    let html = read(&dist.join("episodes/index.html"));
    let text = main_text(&html);
    let mut at = Vec::new();
    for episode in &episodes {
        assert!(html.contains(&format!("href=\"../{}/\"", episode.id)), "no link to {}", episode.id);
        assert!(text.contains(first_sentence(&episode.summary)), "no first sentence of {}", episode.id);
        at.push((episode.published, text.find(&words(&episode.title)).expect("a title")));
    }
    at.sort();
    assert!(at.windows(2).all(|pair| pair[0].1 > pair[1].1), "not newest first: {at:?}");
    // A page without the app: no script and no wasm to load.
    assert!(!html.contains("<script type=\"module\"") && !html.contains(".wasm"), "the catalogue loads the app");

    let catalogue: Catalogue = serde_json::from_str(&read(&dist.join("episodes/index.json"))).unwrap();
    assert_eq!(catalogue.first, episodes[0].id);
    assert_eq!(catalogue.episodes.len(), episodes.len());
    for episode in &episodes {
        let json: Episode = serde_json::from_str(&read(&dist.join(format!("episodes/{}.json", episode.id)))).unwrap();
        assert_eq!(&json, episode, "episodes/{}.json", episode.id);
    }
}

#[test]
fn no_page_names_an_absolute_address_or_a_sitemap_without_a_site_address() {
    let dist = dist();
    assert!(!dist.join("sitemap.xml").exists(), "a sitemap without a site address");
    let html = read(&dist.join(&episodes()[0].id).join("index.html"));
    assert!(meta(&html, "property", "og:url").is_none());
}

#[test]
fn a_site_address_gives_absolute_addresses_and_a_sitemap() {
    let template = read(&dist().join("index.html"));
    let episodes = episodes();
    let site = Site::new(Some("https://pod.example/insights"), Some("The Pod")).unwrap();
    let files = site::build(&template, &episodes, &site, true).unwrap();
    let file = |path: &str| files.iter().find(|f| f.path == path).map(|f| f.contents.clone()).unwrap_or_else(|| panic!("no {path}"));
    let e = &episodes[0];
    let insight = &e.deep_dives[0];
    let html = file(&format!("{}/{}/index.html", e.id, insight.id));
    assert_eq!(meta(&html, "property", "og:url"), Some(format!("https://pod.example/insights/{}/{}/", e.id, insight.id)));
    assert!(html.contains(&format!("<link rel=\"canonical\" href=\"https://pod.example/insights/{}/\">", e.id)));
    assert_eq!(meta(&html, "property", "og:site_name").as_deref(), Some("The Pod"));
    let ld = block(&html, "application/ld+json");
    assert_eq!(ld["partOfSeries"]["name"], "The Pod");
    let sitemap = file("sitemap.xml");
    let pages = 1 + episodes.iter().map(|e| 1 + e.insights().count()).sum::<usize>();
    assert_eq!(sitemap.matches("<loc>https://pod.example/insights/").count(), pages);
    assert!(Site::new(Some("pod.example"), None).is_err(), "a relative site address was taken");

    // Without insight pages, none is written, and the pages say so to the app.
    let files = site::build(&template, &episodes, &Site::default(), false).unwrap();
    assert_eq!(files.iter().filter(|f| f.path.ends_with("index.html")).count(), 1 + episodes.len() + 1);
    let html = &files.iter().find(|f| f.path == format!("{}/index.html", e.id)).unwrap().contents;
    let data: PageData = serde_json::from_value(block(html, "application/json")).unwrap();
    assert!(!data.insight_pages);
}

#[test]
fn a_broken_episode_fails_the_build_with_its_file_and_line() {
    let dir = root().join("target/site-test/broken");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(root().join("seeds/000_7a0b873023e3994b.txt"), dir.join("000_good.txt")).unwrap();
    std::fs::write(dir.join("001_bad.txt"), "Just a line\n").unwrap();
    let error = site::read_seeds(&dir).unwrap_err();
    assert!(error.starts_with("001_bad.txt: "), "{error}");
    assert!(error.contains("line"), "{error}");
    // The same episode twice is refused too.
    std::fs::remove_file(dir.join("001_bad.txt")).unwrap();
    std::fs::copy(root().join("seeds/000_7a0b873023e3994b.txt"), dir.join("002_again.txt")).unwrap();
    let error = site::read_seeds(&dir).unwrap_err();
    assert!(error.contains("already used by 000_good.txt"), "{error}");
    // An episode whose page would be one of the build's own folders or files.
    std::fs::remove_file(dir.join("002_again.txt")).unwrap();
    for title in ["Episodes", "Index", "Icons"] {
        let seed = read(&root().join("seeds/000_7a0b873023e3994b.txt"));
        let retitled = format!("{title} (Someone){}", &seed[seed.find('\n').unwrap()..]);
        std::fs::write(dir.join("003_reserved.txt"), retitled).unwrap();
        let error = site::read_seeds(&dir).unwrap_err();
        assert!(error.starts_with("003_reserved.txt: the episode id") && error.contains("uses itself"), "{title}: {error}");
    }
}

/// An episode shown on another episode's page (`?episode=`): the app reads the site back from
/// the page's head and writes the shown episode's head, which must be the one that episode's
/// own page has.
#[test]
fn another_episode_shown_on_a_page_gets_the_head_its_own_page_has() {
    use earmark::core::page::{head_of, missing_title, Kind};
    let episodes = episodes();
    let (page, other) = (&episodes[0], &episodes[1]);
    for site in [Site::new(Some("https://pod.example/insights/"), Some("The Pod")).unwrap(), Site::default()] {
        // Read back from an insight's page of the first episode, as the app is.
        let on_page = head_of(&site, &Kind::Insight(page, &page.deep_dives[0]));
        let read_back = Site::of_page(on_page.canonical.as_deref(), &page.id, site.series.as_deref());
        assert_eq!(read_back, site);
        let shown = head_of(&read_back, &Kind::Episode(other));
        assert_eq!(shown, head_of(&site, &Kind::Episode(other)));
        assert_eq!(shown.title, format!("{} · Earmark", other.title));
        let ld: Value = serde_json::from_str(shown.json_ld.as_deref().unwrap()).unwrap();
        assert_eq!(ld["name"], other.title.as_str());
        assert_eq!(ld["@type"], "PodcastEpisode");
        assert_eq!(ld["partOfSeries"]["name"], if site.series.is_some() { Value::from("The Pod") } else { Value::Null });
        match &site.url {
            Some(url) => {
                assert_eq!(shown.canonical, Some(format!("{url}{}/", other.id)));
                assert_eq!(ld["url"], format!("{url}{}/", other.id).as_str());
            }
            None => assert_eq!((shown.canonical, ld.get("url")), (None, None)),
        }
    }
    // A canonical link of some other form is not taken for the site's address.
    assert_eq!(Site::of_page(Some("https://pod.example/elsewhere/"), &page.id, None).url, None);
    assert_eq!(missing_title(false), "Episode not found · Earmark");
    assert_eq!(missing_title(true), "Episode not available · Earmark");
}
