//! The Yew components of the reading view, one per file.
//!
//! The shape follows Yew's `function_todomvc`: one reducer at the top ([`app::App`] holds
//! [`Store`], a thin wrapper over the core's pure `State::apply`), and children that get plain
//! data and report what the reader did through `on<verb>` callbacks carrying ids.

use std::rc::Rc;

use yew::prelude::*;

use crate::core::state::{Action, State};

pub mod app;
pub mod deep_dive;
pub mod deep_dives;
pub mod catalogue;
pub mod chapters;
pub mod episode_header;
pub mod episode_meta;
pub mod episode_not_found;
pub mod episode_unavailable;
pub mod highlight_item;
pub mod highlights_panel;
pub mod manual_copy;
pub mod notices;
pub mod offline_status;
pub mod render_count;
pub mod search_bar;
pub mod segment_text;
pub mod share_button;
pub mod share_status;
pub mod source_button;
pub mod selection_toolbar;
pub mod summary;
pub mod takeaways;
pub mod topics;
pub mod transcript;
pub mod undo_toast;
pub mod use_episode_loader;
pub mod use_followed_link;
pub mod use_highlight_storage;
pub mod use_host_api;
pub mod use_offline;
pub mod use_open_sections;
pub mod use_page_url;
pub mod use_search_paint;
pub mod use_search_pause;
pub mod use_sharing;
pub mod use_transcript_loader;
pub mod use_transfer;
pub mod use_until_found;
pub mod use_audio;
pub mod use_document_head;

/// The core's state as a Yew reducer.
#[derive(Clone, Debug, PartialEq)]
pub struct Store(pub State);

impl Reducible for Store {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let next = self.0.apply(action);
        // Handing back the same Rc when nothing changed lets Yew skip the render.
        if next == self.0 {
            self
        } else {
            Rc::new(Store(next))
        }
    }
}

/// The id of the element the standalone page mounts into; without one, it mounts into
/// `<body>`. (Host pages mount instances with `embed.js`: see [`crate::embed`].)
pub const MOUNT_ID: &str = "earmark";
