//! The Highlights panel: every highlight in reading order, those that could not be placed,
//! export and import.

use std::rc::Rc;

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::core::export::{in_reading_order, section_title};
use crate::core::model::Episode;
use crate::core::state::Highlights;
use crate::ui::highlight_item::HighlightItem;
use crate::ui::manual_copy::ManualCopy;

/// The export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
    Csv,
}

#[derive(Properties, PartialEq)]
pub struct HighlightsPanelProps {
    pub episode: Rc<Episode>,
    pub highlights: Highlights,
    /// The result of the last copy, export or import, for the live region.
    pub status: AttrValue,
    /// Text the clipboard refused, offered for copying by hand.
    pub manual_copy: Option<AttrValue>,
    pub onclose: Callback<()>,
    pub onreveal: Callback<String>,
    pub onnote: Callback<(String, String)>,
    pub oncopy: Callback<String>,
    pub ondelete: Callback<String>,
    pub onexport: Callback<Format>,
    pub onimport: Callback<HtmlInputElement>,
}

/// "Nov 28, 2026, 5:43 PM", in the reader's time zone.
fn readable_time(ms: u64) -> String {
    let date = js_sys::Date::new(&(ms as f64).into());
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    String::from(date.to_locale_string("en", &options))
}

#[component]
pub fn HighlightsPanel(props: &HighlightsPanelProps) -> Html {
    crate::ui::render_count::count("HighlightsPanel");
    let episode = &props.episode;
    let collection = &props.highlights.collection;
    let ordered = in_reading_order(episode, collection);
    let orphan = |id: &str| props.highlights.orphans.iter().any(|o| o == id);
    let item = |h: &crate::core::highlights::Highlight| {
        html! {
            <HighlightItem
                key={h.id.clone()}
                highlight={h.clone()}
                date={readable_time(h.created)}
                placed={!orphan(&h.id)}
                onreveal={props.onreveal.clone()}
                onnote={props.onnote.clone()}
                oncopy={props.oncopy.clone()}
                ondelete={props.ondelete.clone()}
            />
        }
    };
    let placed: Vec<_> = ordered.iter().filter(|h| !orphan(&h.id)).collect();
    let orphans: Vec<_> = ordered.iter().filter(|h| orphan(&h.id)).collect();
    let mut sections = Vec::new();
    let mut current: Option<&str> = None;
    for h in &placed {
        if current != Some(h.insight.as_str()) {
            sections.push((section_title(episode, &h.insight), Vec::new()));
            current = Some(h.insight.as_str());
        }
        if let Some((_, items)) = sections.last_mut() {
            items.push(item(h));
        }
    }

    let export = |format: Format| props.onexport.reform(move |_: MouseEvent| format);
    let onimport = props.onimport.reform(|event: Event| event.target_unchecked_into::<HtmlInputElement>());
    let onclose = props.onclose.reform(|_: MouseEvent| ());

    html! {
        <section id="earmark-highlights-panel" class="earmark-panel" aria-labelledby="earmark-highlights-title">
            <div class="earmark-section-bar">
                <h2 id="earmark-highlights-title" class="earmark-section-title">{ "Your highlights" }</h2>
                <button type="button" class="earmark-text-button" onclick={onclose}>{ "Close" }</button>
            </div>
            if props.highlights.newer {
                <p class="earmark-panel-warning">
                    { "Your saved highlights were written by a newer version of Earmark. They are left untouched; highlights you add here are kept only while this page is open, so export them to keep them." }
                </p>
            }
            if collection.highlights.is_empty() {
                <p class="earmark-panel-empty">
                    { "Select text in the summary, a takeaway, a deep dive or the transcript, then choose Highlight (or press h)." }
                </p>
            }
            { for sections.into_iter().map(|(title, items)| html! {
                <div class="earmark-panel-section">
                    <h3 class="earmark-panel-heading">{ title }</h3>
                    <ol class="earmark-highlight-list">{ for items }</ol>
                </div>
            }) }
            if !orphans.is_empty() {
                <div class="earmark-panel-section earmark-orphans">
                    <h3 class="earmark-panel-heading">{ "Could not be placed" }</h3>
                    <p class="earmark-panel-hint">
                        { "The episode's text changed and these quotes are no longer in it. They are kept here, and in your exports." }
                    </p>
                    <ol class="earmark-highlight-list">{ for orphans.iter().map(|h| item(h)) }</ol>
                </div>
            }
            <div class="earmark-panel-tools">
                <div class="earmark-bulk" role="group" aria-label="Export highlights">
                    <button type="button" class="earmark-text-button" onclick={export(Format::Markdown)}>{ "Export Markdown" }</button>
                    <button type="button" class="earmark-text-button" onclick={export(Format::Json)}>{ "Export JSON" }</button>
                    <button type="button" class="earmark-text-button" onclick={export(Format::Csv)}>{ "Export CSV (Readwise)" }</button>
                </div>
                <label class="earmark-text-button earmark-import">
                    { "Import JSON" }
                    <input type="file" class="earmark-file" accept="application/json,.json" onchange={onimport} />
                </label>
            </div>
            <p class="earmark-panel-status" role="status" aria-live="polite">{ props.status.clone() }</p>
            if let Some(text) = &props.manual_copy {
                <ManualCopy id="earmark-manual-highlight-link" label="The clipboard is not available here. Copy this link yourself:" value={text.clone()} />
            }
        </section>
    }
}
