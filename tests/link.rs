//! Deep links: every insight of the seed round-trips, quotes of every awkward kind survive,
//! and no fragment, however broken, does more than fail to match.

use earmark::core::link::{build, fragment, parse, Link, Quote};
use earmark::core::parse::parse as parse_episode;
use proptest::prelude::*;

const SEED: &str = include_str!("../seeds/000_7a0b873023e3994b.txt");

fn link(insight: &str, quote: Option<(&str, &str, &str)>) -> Link {
    Link::to(insight, quote.map(|(exact, prefix, suffix)| Quote { exact: exact.into(), prefix: prefix.into(), suffix: suffix.into() }))
}

/// The fragment part of a built address.
fn after_hash(address: &str) -> &str {
    address.split_once('#').map_or("", |(_, f)| f)
}

#[test]
fn every_insight_of_the_seed_round_trips() {
    let episode = parse_episode(SEED).unwrap();
    for insight in episode.insights() {
        let l = link(&insight.id, None);
        let address = build("https://podcast.example/episodes/42", &episode.id, &l);
        assert!(address.starts_with("https://podcast.example/episodes/42?episode=the-truth-about-deepseek#insight="));
        assert_eq!(parse(after_hash(&address)), Some(l), "{address}");
    }
}

#[test]
fn quotes_of_every_kind_round_trip() {
    let quotes = [
        "plain words",
        "R&D = 100% #1 ?yes",
        "a+b",
        "emoji 🎧 and ZWJ 👩‍👩‍👧",
        "עברית ועוד RTL",
        "العربية",
        "line\nbreak\ttab",
        "<script>alert(1)</script>",
        "quote \" and ' and `",
        "%41 stays literal",
    ];
    for exact in quotes {
        let l = link("deepseeks-impact-and-the-reactions-to-its-releases", Some((exact, "before & ", "= after")));
        let built = fragment(&l);
        assert!(!built.contains(' ') && !built.contains('#'), "{built}");
        assert_eq!(parse(&built), Some(l.clone()), "{exact:?}");
        assert_eq!(parse(&format!("#{built}")), Some(l), "with the hash");
    }
}

#[test]
fn malformed_fragments_are_ignored_or_not_found() {
    let cases: &[(&str, Option<Link>)] = &[
        ("", None),
        ("#", None),
        ("#top", None),
        ("insight", None),
        ("insight=", None),
        ("insight=%", None),
        ("insight=%E0%A4%A", None),
        ("insight=%FF", None),
        ("quote=only", None),
        ("insight=a&quote=%", Some(link("a", None))),
        ("insight=a&quote=", Some(link("a", None))),
        ("insight=a&insight=b", Some(link("a", None))),
        ("insight=%&insight=b", Some(link("b", None))),
        ("insight=a&quote=x&quote=y&prefix=p", Some(link("a", Some(("x", "p", ""))))),
        ("insight=a&unknown=1&=&&", Some(link("a", None))),
        ("insight=a:~:text=anything", Some(link("a", None))),
        ("insight=%3Cimg%20src%3Dx%3E", Some(link("<img src=x>", None))),
        ("insight=a+b", Some(link("a+b", None))),
    ];
    for (fragment, expected) in cases {
        assert_eq!(&parse(fragment), expected, "{fragment:?}");
    }
}

#[test]
fn huge_fragments_are_read_quickly_and_junk_quotes_dropped() {
    let huge = format!("insight=a&quote={}", "x".repeat(100_000));
    assert_eq!(parse(&huge), Some(link("a", None)), "a 100 KB quote is junk");
    let huge_id = format!("insight={}", "%41".repeat(40_000));
    assert_eq!(parse(&huge_id).map(|l| l.insight.len()), Some(40_000));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn parse_never_panics(text in "\\PC{0,300}") {
        let _ = parse(&text);
    }

    #[test]
    fn parse_never_panics_on_percent_soup(text in "[%0-9A-Fa-f=&#:~insghtquoeprfx]{0,200}") {
        let _ = parse(&text);
    }

    #[test]
    fn parse_of_build_is_identity(insight in "\\PC{1,40}", exact in proptest::option::of("\\PC{1,60}"), prefix in "\\PC{0,20}", suffix in "\\PC{0,20}") {
        let l = Link::to(insight, exact.map(|exact| Quote { exact, prefix, suffix }));
        let address = build("https://a.example/p?x=1", "ep", &l);
        prop_assert_eq!(parse(after_hash(&address)), Some(l));
    }
}

mod following {
    use super::*;
    use earmark::core::state::{Action, State};
    use earmark::core::storage::Notice;

    const EXPORT: &str = "us-export-controls-and-their-effectiveness";

    fn at_episode() -> State {
        State::new(Some(std::rc::Rc::new(parse_episode(SEED).unwrap())), None).apply(Action::Navigate(None))
    }

    #[test]
    fn an_insight_link_opens_its_section() {
        let state = at_episode().apply(Action::FollowLink(Some(link(EXPORT, None))));
        assert!(state.is_open(EXPORT));
        assert_eq!(state.link.as_ref().map(|l| l.insight.as_str()), Some(EXPORT));
        assert_eq!(state.links_followed, 1);
        assert!(state.notices.is_empty());
        // A takeaway is found too, and opens nothing.
        let takeaway = at_episode().apply(Action::FollowLink(Some(link("us-export-controls-on-technology-may", None))));
        assert!(takeaway.open.is_empty());
        assert!(takeaway.link.is_some());
    }

    #[test]
    fn a_quote_link_marks_the_quote_even_after_an_edit() {
        let state = at_episode().apply(Action::FollowLink(Some(link(EXPORT, Some(("paradoxically accelerate", "they ", " indigenous"))))));
        let (segment, start, end) = state.link.as_ref().unwrap().mark.unwrap();
        let episode = parse_episode(SEED).unwrap();
        let text = &episode.deep_dives[3].text;
        assert_eq!(&text[start..end], "paradoxically accelerate");
        assert_eq!(segment, earmark::core::search::segment_index(&episode, earmark::core::search::SegmentKind::Body(3)));

        let typo = at_episode().apply(Action::FollowLink(Some(link(EXPORT, Some(("paradoxicaly accelerate", "", ""))))));
        assert!(typo.link.as_ref().unwrap().mark.is_some(), "a close quote is found fuzzily");

        let faded = state.apply(Action::FadeLink(1));
        assert!(faded.link.as_ref().unwrap().mark.is_none());
    }

    #[test]
    fn a_highlight_link_into_the_summary_is_followed() {
        let state = at_episode().apply(Action::FollowLink(Some(link("summary", Some(("Paul Triolo", "In this discussion, ", ""))))));
        let (segment, start, end) = state.link.as_ref().unwrap().mark.unwrap();
        assert_eq!(segment, 1);
        assert_eq!(&parse_episode(SEED).unwrap().summary[start..end], "Paul Triolo");
        assert!(state.notices.is_empty());
    }

    #[test]
    fn what_is_not_found_says_so() {
        let gone = at_episode().apply(Action::FollowLink(Some(link("a-section-that-was-removed", None))));
        assert!(gone.link.is_none());
        assert_eq!(gone.notices, [Notice::LinkNotFound]);
        assert_eq!(gone.links_followed, 1, "the page still reacts: it goes to the top");

        let missing = at_episode().apply(Action::FollowLink(Some(link(EXPORT, Some(("words that never were", "", ""))))));
        assert!(missing.is_open(EXPORT), "the section opens anyway");
        assert_eq!(missing.notices, [Notice::QuoteNotFound]);
        assert!(missing.link.as_ref().unwrap().mark.is_none());

        let other = at_episode().apply(Action::FollowLink(None));
        assert_eq!(other.links_followed, 0);
    }
}
