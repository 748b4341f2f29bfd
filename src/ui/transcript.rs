//! The transcript: a collapsible section after the topics, with the cues grouped under their
//! chapters, each turn's speaker named where the speaker changes, and each cue's time a button
//! that seeks the host's audio.
//!
//! Like a deep dive, the panel stays in the DOM when collapsed, with `hidden="until-found"`, so
//! that find-in-page reaches it once the cues have arrived. The cues come after the first paint
//! (see `use_transcript_loader`): the page's first render, and the build's, show the section
//! with its chapters' count and nothing to read yet.
//!
//! The cue being played is marked outside rendering (see `platform::audio`): playback moves
//! every quarter second, and a render of a thousand cues each time would be waste.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::link::TRANSCRIPT;
use crate::core::model::Episode;
use crate::core::search::{segment_index, SegmentKind};
use crate::core::state::TranscriptState;
use crate::core::transcript::{cue_id, format_length, format_time, Chapter};
use crate::ui::segment_text::SegmentText;
use crate::ui::use_until_found::{until_found, use_until_found};

#[derive(Properties, PartialEq)]
pub struct TranscriptProps {
    pub episode: Rc<Episode>,
    pub open: bool,
    pub state: TranscriptState,
    /// The cues of the last "Where was this said?" passage, marked.
    pub source: Option<(usize, usize)>,
    pub ontoggle: Callback<String>,
    pub onopen: Callback<String>,
    /// Seek the audio to this many milliseconds.
    pub onseek: Callback<u64>,
    /// Whether a time can be pressed (a player or a host to tell); otherwise times are text.
    #[prop_or(true)]
    pub seekable: bool,
    pub onretry: Callback<()>,
}

/// The element id of the chapter heading at `index` (the chapter list links to it).
pub fn chapter_anchor(index: usize) -> String {
    format!("earmark-chapter-{index}")
}

#[component]
pub fn Transcript(props: &TranscriptProps) -> Html {
    crate::ui::render_count::count("Transcript");
    let panel = use_node_ref();
    // Listening again when the episode changes: the panel is not there for one without a
    // transcript, and the component stays mounted from one episode to the next.
    let shown = (props.episode.id.clone(), props.episode.has_transcript());
    use_until_found(panel.clone(), TRANSCRIPT.to_string(), props.onopen.clone(), shown);
    let Some(info) = props.episode.transcript.as_ref().filter(|info| info.cues > 0) else { return html! {} };
    let episode = &props.episode;
    let ontoggle = props.ontoggle.reform(|_: MouseEvent| TRANSCRIPT.to_string());
    let onretry = props.onretry.reform(|_: MouseEvent| ());
    let body = match props.state {
        TranscriptState::Loaded => cues(episode, &info.chapters, props.source, props.seekable.then_some(&props.onseek)),
        // Said outside the panel (below), where it shows while the transcript is closed too.
        TranscriptState::Failed => html! {},
        TranscriptState::Loading | TranscriptState::None => html! {
            <p class="earmark-transcript-loading">{ "Loading the transcript…" }</p>
        },
    };
    let failed = (props.state == TranscriptState::Failed).then(|| {
        html! {
            <div class="earmark-transcript-failed" role="status">
                <p>{ "The transcript could not be loaded. You may be offline." }</p>
                <button type="button" class="earmark-text-button" onclick={onretry}>{ "Try again" }</button>
            </div>
        }
    });
    let busy = (props.state == TranscriptState::Loading).then_some("true");
    let panel = html! {
        <div ref={panel} id="earmark-transcript-panel" class="earmark-transcript-panel" role="region" aria-labelledby="earmark-transcript-button" aria-busy={busy}>
            if let Some(title) = &info.title {
                <p class="earmark-transcript-note">{ title.clone() }</p>
            }
            { body }
        </div>
    };
    let panel = until_found(panel, props.open);
    let length = format_length(info.length);
    // The section is no landmark of its own (no accessible name): its panel is the region, named
    // by the button, and two landmarks of one name would be one too many.
    html! {
        <section class={classes!("earmark-transcript", props.open.then_some("is-open"))} data-section={TRANSCRIPT}>
            <h2 class="earmark-section-title earmark-transcript-heading">
                <button
                    type="button"
                    id="earmark-transcript-button"
                    class="earmark-transcript-button"
                    aria-expanded={if props.open { "true" } else { "false" }}
                    aria-controls="earmark-transcript-panel"
                    onclick={ontoggle}
                >
                    <span class="earmark-transcript-label">{ "Transcript" }</span>
                    <span class="earmark-transcript-size">{ length }</span>
                    // Filled in by the search (see `use_search_paint`), not by rendering.
                    // After the deep dives' badges, by number.
                    <span class="earmark-dive-matches" data-dive-badge={episode.deep_dives.len().to_string()}></span>
                    <span class="earmark-chevron" aria-hidden="true"></span>
                </button>
            </h2>
            { for failed }
            { panel }
        </section>
    }
}

/// The cues, under the headings of the chapters they fall in; their times are buttons when
/// there is `onseek`.
fn cues(episode: &Episode, chapters: &[Chapter], source: Option<(usize, usize)>, onseek: Option<&Callback<u64>>) -> Html {
    let cues = &episode.cues;
    let first_seg = segment_index(episode, SegmentKind::Cue(0));
    let mut out = Vec::with_capacity(cues.len() + chapters.len());
    let mut chapter = 0;
    let mut speaker: Option<&str> = None;
    for (i, cue) in cues.iter().enumerate() {
        // Every chapter that starts by this cue gets its heading before it.
        while chapter < chapters.len() && chapters[chapter].start <= cue.start {
            if let Some(title) = &chapters[chapter].title {
                out.push(html! {
                    <h3 key={chapter_anchor(chapter)} id={chapter_anchor(chapter)} class="earmark-chapter-heading" tabindex="-1">
                        <span class="earmark-chapter-time">{ format_time(chapters[chapter].start) }</span>
                        <span>{ title.clone() }</span>
                    </h3>
                });
                // A new chapter names its first speaker again.
                speaker = None;
            }
            chapter += 1;
        }
        let turn = i == 0 || cue.speaker.as_deref() != speaker;
        speaker = cue.speaker.as_deref();
        let seg = first_seg + i;
        let id = cue_id(cues, i);
        let time = format_time(cue.start);
        let time = match onseek {
            Some(onseek) => {
                let start = cue.start;
                let onclick = onseek.reform(move |_: MouseEvent| start);
                html! { <button type="button" class="earmark-time" aria-label={format!("Play from {time}")} {onclick}>{ time.clone() }</button> }
            }
            None => html! { <span class="earmark-time">{ time.clone() }</span> },
        };
        let in_source = source.is_some_and(|(first, last)| (first..=last).contains(&i));
        out.push(html! {
            <div key={id.clone()} class={classes!("earmark-cue", in_source.then_some("is-source"))} data-cue={id} tabindex="-1">
                if turn {
                    if let Some(name) = &cue.speaker {
                        <p class="earmark-speaker">{ name.clone() }</p>
                    }
                }
                { time }
                <p class="earmark-cue-text" data-seg={seg.to_string()}><SegmentText {seg} text={cue.text.clone()} /></p>
            </div>
        });
    }
    html! { <div class="earmark-cues">{ for out }</div> }
}
