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

/// "820 KB", "1.4 MB". In integers: formatting a float would add its code to the wasm.
pub fn readable_size(bytes: u64) -> String {
    if bytes >= 1_000_000 {
        let tenths = (bytes + 50_000) / 100_000;
        format!("{}.{} MB", tenths / 10, tenths % 10)
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

#[cfg(test)]
mod tests {
    use super::readable_size;

    #[test]
    fn sizes_read_as_kilobytes_or_megabytes_with_one_decimal() {
        let cases = [(0, "0 KB"), (1, "1 KB"), (820_000, "820 KB"), (999_999, "1000 KB"), (1_000_000, "1.0 MB"), (1_449_999, "1.4 MB"), (1_450_000, "1.5 MB"), (12_960_000, "13.0 MB")];
        for (bytes, text) in cases {
            assert_eq!(readable_size(bytes), text, "{bytes}");
        }
    }
}
