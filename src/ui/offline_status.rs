//! Quiet words about offline reading: an "Offline" badge while the network is gone, a bar when
//! a new version is ready (with Reload), and, at the end of the page, "Available offline" once
//! everything is cached. The regions are always in the page, so that screen readers announce
//! what appears in them, politely.

use yew::prelude::*;

use crate::ui::use_offline::Offline;

#[derive(Properties, PartialEq)]
pub struct OfflineStatusProps {
    pub offline: Offline,
    pub onreload: Callback<()>,
}

/// "820 KB", "1.4 MB".
pub fn readable_size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        format!("{:.1} MB", bytes as f64 / 1_000_000.0)
    } else {
        format!("{} KB", bytes.div_ceil(1000))
    }
}

#[component]
pub fn OfflineStatus(props: &OfflineStatusProps) -> Html {
    crate::ui::render_count::count("OfflineStatus");
    let onreload = props.onreload.reform(|_: MouseEvent| ());
    html! {
        <div class="earmark-connection" role="status" aria-live="polite">
            if props.offline.offline {
                <span class="earmark-offline-badge">{ "Offline" }</span>
            }
            if props.offline.update_waiting {
                <p class="earmark-update">
                    <span>{ "A new version of Earmark is ready" }</span>
                    <button type="button" class="earmark-text-button" onclick={onreload}>{ "Reload" }</button>
                </p>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct OfflineReadyProps {
    pub bytes: Option<u64>,
}

/// The footer line: "Available offline (820 KB)".
#[component]
pub fn OfflineReady(props: &OfflineReadyProps) -> Html {
    crate::ui::render_count::count("OfflineReady");
    html! {
        <p class="earmark-offline-ready" role="status" aria-live="polite">
            if let Some(bytes) = props.bytes {
                { format!("Available offline ({})", readable_size(bytes)) }
            }
        </p>
    }
}
