//! In-page search, typed as a reader types: matches painted with the CSS Custom Highlight API
//! (and `<mark>` where the browser lacks it), Enter/Shift+Enter, Esc, `/`, the URL, and how
//! little of the page a keystroke touches.

use serde_json::json;

use crate::browser::{Browser, Context, Options, Outcome};
use crate::check;
use crate::host::{Env, Scenario};
use crate::reading::{button, expect_open, no_console_errors, run_axe, EXPORT, IMPACT, RACE};
use crate::with_browser;

const FIELD: &str = "input[type=search][aria-label='Search this episode']";
const ENTER: &str = "\u{e007}";
const SHIFT: &str = "\u{e008}";
const ESCAPE: &str = "\u{e00c}";

pub fn scenarios() -> Vec<(&'static str, Scenario)> {
    vec![
        ("search_counts_paints_and_wraps", |env| Box::pin(counts_paints_and_wraps(env))),
        ("search_opens_the_section_of_the_current_match", |env| Box::pin(opens_current_section(env))),
        ("search_escape_clears_and_closes_what_it_opened", |env| Box::pin(escape_clears(env))),
        ("search_slash_focuses_the_field_but_not_from_other_fields", |env| Box::pin(slash_focuses(env))),
        ("search_query_is_kept_in_the_url_across_reload", |env| Box::pin(query_in_url(env))),
        ("search_without_matches_says_so", |env| Box::pin(no_matches(env))),
        ("search_folds_quotes_case_and_literal_characters", |env| Box::pin(folding(env))),
        ("search_typing_touches_only_what_changes", |env| Box::pin(typing_is_proportional(env))),
        ("search_falls_back_to_mark_elements_without_highlights", |env| Box::pin(fallback_marks(env))),
        ("search_axe_finds_no_violations_while_searching", |env| Box::pin(axe_while_searching(env))),
    ]
}


async fn expect_status(b: &Browser, expected: &str) -> Outcome {
    let waited = b
        .until(
            &format!("the status says {expected:?}"),
            &format!("document.querySelector('#earmark-search-status').textContent === {}", json!(expected)),
        )
        .await;
    if let Err(message) = waited {
        let status = b.js("return document.querySelector('#earmark-search-status').textContent;").await?;
        return Err(format!("{message}; it says {status}"));
    }
    Ok(())
}

/// The number of ranges painted under a highlight name (0 when none is registered).
async fn painted(b: &Browser, name: &str) -> Result<u64, String> {
    let size = b.js(&format!("const h = CSS.highlights.get('{name}'); return h ? h.size : 0;")).await?;
    size.as_u64().ctx("highlight size")
}

/// A live Range over the (static) range painted as the current match, in page script.
const CURRENT_RANGE: &str = "const h = CSS.highlights.get('earmark-search-current'); let r = null;
    if (h && h.size) { const s = [...h][0]; r = document.createRange(); r.setStart(s.startContainer, s.startOffset); r.setEnd(s.endContainer, s.endOffset); }";

/// The text of the range painted as the current match.
async fn current_text(b: &Browser) -> Result<String, String> {
    let text = b.js(&format!("{CURRENT_RANGE} return r ? r.toString() : null;")).await?;
    Ok(text.as_str().unwrap_or_default().to_string())
}

async fn type_query(b: &Browser, query: &str) -> Outcome {
    b.find(FIELD).await?.send_keys(query).await.ctx("typing the query")
}

async fn counts_paints_and_wraps(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        // Instant scrolling: a click must not land while a smooth scroll to a match still runs.
        b.emulate_media(json!([{ "name": "prefers-reduced-motion", "value": "reduce" }])).await?;
        b.visit("/").await?;
        type_query(&b, "deepseek").await?;
        // 14 in the insights, 3 in the chapter list's titles and 7 in the (synthetic) transcript.
        expect_status(&b, "1 of 24").await?;
        // Matches in collapsed sections are counted but not painted until their section opens.
        check!(painted(&b, "earmark-search").await? == 10, "10 visible matches painted (3 of them chapter titles)");
        let chapters = b
            .js("return [...CSS.highlights.get('earmark-search')].filter(r => r.startContainer.parentElement.closest('.earmark-chapter-title')).length;")
            .await?;
        check!(chapters == json!(3), "the three chapter titles naming DeepSeek are painted: {chapters}");
        check!(painted(&b, "earmark-search-current").await? == 1, "one current match");
        check!(current_text(&b).await? == "DeepSeek", "the current match is the title's");
        check!(b.find_all("mark").await?.is_empty(), "highlights add no DOM nodes");
        let field = b.find(FIELD).await?;
        field.send_keys(ENTER).await.ctx("Enter")?;
        expect_status(&b, "2 of 24").await?;
        field.send_keys(&format!("{SHIFT}{ENTER}")).await.ctx("Shift+Enter")?;
        expect_status(&b, "1 of 24").await?;
        field.send_keys(&format!("{SHIFT}{ENTER}")).await.ctx("Shift+Enter at the start")?;
        expect_status(&b, "24 of 24").await?;
        field.send_keys(ENTER).await.ctx("Enter at the end")?;
        expect_status(&b, "1 of 24").await?;
        b.find("button[aria-label='Next match']").await?.click().await.ctx("Next button")?;
        expect_status(&b, "2 of 24").await?;
        b.find("button[aria-label='Previous match']").await?.click().await.ctx("Previous button")?;
        expect_status(&b, "1 of 24").await?;
        // Collapsed sections say how many matches they hold.
        let badge = b.find(&format!("{} .earmark-dive-matches", button(IMPACT))).await?.text().await.ctx("badge")?;
        check!(badge == "5 matches", "badge says {badge:?}");
        let name = b.js(&format!("return document.querySelector('{}').textContent;", button(IMPACT))).await?;
        check!(name.as_str().is_some_and(|n| n.contains("5 matches")), "the count is part of the button's name: {name}");
        // Opening the section paints its four paragraph matches and hides the count. (The
        // transcript's seven are painted too: "24 of 24" above was in it, and opened it.)
        check!(b.attr("#earmark-transcript-button", "aria-expanded").await?.as_deref() == Some("true"), "the last match opened the transcript");
        b.find(&button(IMPACT)).await?.click().await.ctx("opening a section")?;
        b.until("its matches are painted", "CSS.highlights.get('earmark-search').size === 21").await?;
        check!(!b.find(&format!("{} .earmark-dive-matches", button(IMPACT))).await?.is_displayed().await.ctx("badge")?, "the badge of an open section is hidden");
        expect_status(&b, "1 of 24").await?;
        no_console_errors(&b).await
    })
}

async fn opens_current_section(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.emulate_media(json!([{ "name": "prefers-reduced-motion", "value": "reduce" }])).await?;
        b.visit("/").await?;
        expect_open(&b, EXPORT, false).await?;
        type_query(&b, "indigenous innovations").await?;
        expect_status(&b, "1 of 1").await?;
        expect_open(&b, EXPORT, true).await?;
        check!(current_text(&b).await? == "indigenous innovations", "current match text");
        // Under reduced motion the match is scrolled to at once, into the viewport.
        let inside = b
            .js(&format!("{CURRENT_RANGE} const box = r.getBoundingClientRect();
                 return box.top >= 0 && box.bottom <= innerHeight && box.height > 0;"))
            .await?;
        check!(inside == json!(true), "the current match is not in the viewport");
        Ok(())
    })
}

async fn escape_clears(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        b.find(&button(RACE)).await?.click().await.ctx("opening a section by hand")?;
        type_query(&b, "indigenous").await?;
        expect_open(&b, EXPORT, true).await?;
        b.find(FIELD).await?.send_keys(ESCAPE).await.ctx("Esc")?;
        expect_status(&b, "").await?;
        let value = b.js(&format!("return document.querySelector(\"{FIELD}\").value;")).await?;
        check!(value == json!(""), "the field still holds {value}");
        check!(painted(&b, "earmark-search").await? == 0, "matches still painted");
        check!(painted(&b, "earmark-search-current").await? == 0, "current match still painted");
        expect_open(&b, EXPORT, false).await?;
        expect_open(&b, RACE, true).await
    })
}

async fn slash_focuses(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        b.press("/").await?;
        let focused = b.js("return document.activeElement.getAttribute('aria-label');").await?;
        check!(focused == json!("Search this episode"), "focus is on {focused}");
        let value = b.js(&format!("return document.querySelector(\"{FIELD}\").value;")).await?;
        check!(value == json!(""), "the slash was typed into the field: {value}");
        // A field of the host page keeps its slash.
        b.js("const i = document.createElement('input'); i.id = 'host-field'; i.setAttribute('aria-label', 'Host field');
              document.body.prepend(i); i.focus();")
            .await?;
        b.press("a/b").await?;
        let host = b.js("return [document.activeElement.id, document.getElementById('host-field').value];").await?;
        check!(host == json!(["host-field", "a/b"]), "the host field lost its slash: {host}");
        Ok(())
    })
}

async fn query_in_url(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        type_query(&b, "export controls").await?;
        // Three in the insights, one in the transcript.
        expect_status(&b, "1 of 4").await?;
        b.until("the query is in the URL", "new URL(location.href).searchParams.get('q') === 'export controls'").await?;
        let entries = b.js("return history.length;").await?;
        b.reload().await?;
        expect_status(&b, "1 of 4").await?;
        let value = b.js(&format!("return document.querySelector(\"{FIELD}\").value;")).await?;
        check!(value == json!("export controls"), "the field holds {value}");
        // The takeaway's and the heading's; the third is in a collapsed paragraph.
        check!(painted(&b, "earmark-search").await? == 2, "matches painted after reload");
        check!(b.js("return history.length;").await? == entries, "typing added history entries");
        b.find(FIELD).await?.send_keys(ESCAPE).await.ctx("Esc")?;
        b.until("the query leaves the URL", "!new URL(location.href).searchParams.has('q')").await
    })
}

async fn no_matches(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        type_query(&b, "zzqx").await?;
        expect_status(&b, "No matches").await?;
        let invalid = b.attr(FIELD, "aria-invalid").await?;
        check!(invalid.as_deref() == Some("true"), "aria-invalid is {invalid:?}");
        check!(painted(&b, "earmark-search").await? == 0, "nothing is painted");
        let disabled = b.js("return [...document.querySelectorAll('.earmark-search-steps button')].every(b => b.disabled);").await?;
        check!(disabled == json!(true), "previous/next are disabled without matches");
        Ok(())
    })
}

async fn folding(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        let field = b.find(FIELD).await?;
        // Two chapter titles hold "Paul’s" (one "Paul’s new"), and one "debate(s)". Only the
        // totals are checked: a new query keeps the reader's place, so which match is current
        // depends on the queries before.
        let cases = [("paul's", " of 4"), ("PAUL’S NEW", " of 2"), ("$6 million", "1 of 1"), ("debate(s)", " of 2"), (".*", "No matches")];
        for (query, expected) in cases {
            field.clear().await.ctx("clearing")?;
            type_query(&b, query).await?;
            b.until(
                &format!("the status for {query:?} ends with {expected:?}"),
                &format!("document.querySelector('#earmark-search-status').textContent.endsWith({})", json!(expected)),
            )
            .await?;
        }
        Ok(())
    })
}

/// Typing must not rebuild the page: the text nodes stay the same objects, and the DOM
/// changes a keystroke makes are counted with a MutationObserver.
async fn typing_is_proportional(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        b.visit("/").await?;
        b.js("window.__nodes = [...document.querySelectorAll('[data-seg]')].map(e => e.firstChild);
              window.__mutations = 0;
              new MutationObserver(list => { window.__mutations += list.length; })
                .observe(document.querySelector('.earmark'), { subtree: true, childList: true, characterData: true, attributes: true });")
            .await?;
        type_query(&b, "the").await?;
        b.until("matches are painted", "CSS.highlights.get('earmark-search') && CSS.highlights.get('earmark-search').size > 10").await?;
        let kept = b.js("return window.__nodes.every((n, i) => n === document.querySelectorAll('[data-seg]')[i].firstChild && n.isConnected);").await?;
        check!(kept == json!(true), "typing replaced text nodes");
        let mutations = b.js("return window.__mutations;").await?.as_u64().unwrap_or(u64::MAX);
        // Three keystrokes: the field's attributes, the status text, and the match badges of
        // five deep dives. Re-rendering the page would be thousands.
        check!(mutations < 60, "three keystrokes made {mutations} DOM mutations");
        Ok(())
    })
}

async fn fallback_marks(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        // A browser without the CSS Custom Highlight API, from the first script on.
        b.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": "delete CSS.highlights; delete window.Highlight;" })).await?;
        b.visit("/").await?;
        check!(b.js("return typeof Highlight;").await? == json!("undefined"), "the API is still there");
        type_query(&b, "deepseek").await?;
        expect_status(&b, "1 of 24").await?;
        check!(b.find_all("mark[data-match]").await?.len() == 24, "24 marks (3 in chapter titles, 7 in the transcript)");
        check!(b.find_all(".earmark-chapter-title mark[data-match]").await?.len() == 3, "3 marks in the chapter titles");
        let current = b.find_all("mark[data-match][aria-current='true']").await?;
        check!(current.len() == 1, "one current mark");
        check!(current[0].text().await.ctx("mark")? == "DeepSeek", "current mark text");
        b.find(FIELD).await?.send_keys(ENTER).await.ctx("Enter")?;
        expect_status(&b, "2 of 24").await?;
        let second = b.js("const m = [...document.querySelectorAll('mark[data-match]')]; return m.findIndex(x => x.getAttribute('aria-current') === 'true');").await?;
        check!(second == json!(1), "aria-current moved to mark {second}");
        b.find(FIELD).await?.send_keys(ESCAPE).await.ctx("Esc")?;
        expect_status(&b, "").await?;
        check!(b.find_all("mark").await?.is_empty(), "marks remain after Esc");
        let summary = b.find(".earmark-summary p").await?.text().await.ctx("summary")?;
        check!(summary.starts_with("In this discussion"), "the text is intact: {summary:?}");
        no_console_errors(&b).await
    })
}

async fn axe_while_searching(env: &Env) -> Outcome {
    with_browser!(env, Options::default(), |b| {
        for scheme in ["light", "dark"] {
            b.emulate_media(json!([{ "name": "prefers-color-scheme", "value": scheme }])).await?;
            b.visit("/").await?;
            type_query(&b, "deepseek").await?;
            expect_status(&b, "1 of 24").await?;
            run_axe(&b, env, &format!("{scheme}, searching")).await?;
            b.find(FIELD).await?.clear().await.ctx("clearing")?;
            type_query(&b, "zzqx").await?;
            expect_status(&b, "No matches").await?;
            run_axe(&b, env, &format!("{scheme}, no matches")).await?;
        }
        Ok(())
    })
}
