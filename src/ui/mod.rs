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
pub mod episode_header;
pub mod episode_not_found;
pub mod highlight_item;
pub mod highlights_panel;
pub mod manual_copy;
pub mod notices;
pub mod search_bar;
pub mod segment_text;
pub mod share_button;
pub mod share_status;
pub mod selection_toolbar;
pub mod summary;
pub mod takeaways;
pub mod topics;
pub mod undo_toast;
pub mod use_highlight_storage;
pub mod use_search_paint;

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

/// The id of the element the reader mounts into; without one, it mounts into `<body>`.
pub const MOUNT_ID: &str = "earmark";

/// Renders the reader into `#earmark`, or into `<body>`.
pub fn mount() {
    let document = gloo::utils::document();
    match document.get_element_by_id(MOUNT_ID) {
        Some(root) => yew::Renderer::<app::App>::with_root(root).render(),
        None => yew::Renderer::<app::App>::new().render(),
    };
}
