//! The storage codec: key names and the versioned JSON documents Earmark keeps in
//! localStorage, and what to do with whatever is found under a key.
//!
//! Stored values are the user's data, so the rules are strict and live here, where they are
//! tested without a browser:
//! - keys are `earmark:v1:<episode-id>:<what>`; the `v1` names the key scheme, and each value
//!   carries its own `version` as well;
//! - a value that cannot be read (corrupt JSON, a foreign shape) is moved aside under
//!   `<key>:corrupt:<millis>` before anything is written under the key, and if it cannot be
//!   moved, nothing is written under the key at all;
//! - a value written by a newer Earmark is left untouched and not overwritten.

use serde::{Deserialize, Serialize};

/// The version of the key scheme, the `v1` in every key. A new scheme gets new keys, so an
/// older Earmark never misreads them.
pub const KEY_SCHEME: &str = "v1";

/// The version of the open-sections document this build writes.
pub const OPEN_SECTIONS_VERSION: u64 = 1;

/// What a key holds, the last part of the key.
pub const OPEN_SECTIONS: &str = "open";

/// The key of one kind of value for one episode.
pub fn key(episode_id: &str, what: &str) -> String {
    format!("earmark:{KEY_SCHEME}:{episode_id}:{what}")
}

/// Where an unreadable value of `key` is kept, so that it is never lost.
pub fn quarantine_key(key: &str, millis: u64) -> String {
    format!("{key}:corrupt:{millis}")
}

/// Why a storage operation did not happen. The browser layer maps its exceptions onto these.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageFault {
    /// The browser refuses access (privacy settings, sandboxed frames): `SecurityError`.
    Blocked,
    /// The origin's quota is used up: `QuotaExceededError`.
    Full,
}

/// Why a stored value could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// Not JSON, or not the shape of the document.
    Corrupt,
    /// Written by a newer Earmark, whose format this build does not know.
    Newer { version: u64 },
}

/// Any stored document's `version`, read before the rest: a newer version's fields may not fit
/// this build's types, and that is not corruption. (Reading the text twice, rather than into
/// a `serde_json::Value` first, keeps `Value` out of loading.)
#[derive(Deserialize)]
struct Versioned {
    version: u64,
}

/// Only an object is a document: serde would also read a struct from an array (`[5]`), which
/// must stay corrupt (moved aside), not become "newer" (left alone). An object that names
/// `version` twice is corrupt too.
pub(crate) fn version_of(raw: &str) -> Result<u64, DecodeError> {
    if !raw.trim_start().starts_with('{') {
        return Err(DecodeError::Corrupt);
    }
    serde_json::from_str::<Versioned>(raw).map(|doc| doc.version).map_err(|_| DecodeError::Corrupt)
}

#[derive(Serialize, Deserialize)]
struct OpenSectionsDoc {
    version: u64,
    open: Vec<String>,
}

/// The document that remembers which deep dives are open.
pub fn encode_open_sections<'a>(ids: impl IntoIterator<Item = &'a str>) -> String {
    let doc = OpenSectionsDoc {
        version: OPEN_SECTIONS_VERSION,
        open: ids.into_iter().map(str::to_string).collect(),
    };
    serde_json::to_string(&doc).unwrap_or_default()
}

pub fn decode_open_sections(raw: &str) -> Result<Vec<String>, DecodeError> {
    let version = version_of(raw)?;
    if version > OPEN_SECTIONS_VERSION {
        return Err(DecodeError::Newer { version });
    }
    let doc: OpenSectionsDoc = serde_json::from_str(raw).map_err(|_| DecodeError::Corrupt)?;
    Ok(doc.open)
}

/// A notice the UI shows quietly; the app keeps working in memory whatever it says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Notice {
    StorageBlocked,
    StorageFull,
    /// An unreadable value was found; it was moved aside and kept.
    CorruptMovedAside,
    /// An unreadable value was found and could not be moved aside; it is left as it was.
    CorruptLeftAlone,
    NewerVersion,
    /// Saved highlights could not be read; they were moved aside and kept.
    HighlightsMovedAside,
    /// Saved highlights could not be read, nor moved aside; they are left as they were.
    HighlightsLeftAlone,
    /// Saved highlights were written by a newer Earmark; they are left as they were.
    HighlightsNewer,
    /// A change to the highlights could not be saved.
    HighlightsNotSaved,
    /// A link named an insight this episode does not have.
    LinkNotFound,
    /// A link's quote was not found in its insight.
    QuoteNotFound,
}

impl Notice {
    pub fn message(self) -> &'static str {
        match self {
            Notice::StorageBlocked => {
                "This browser is blocking storage for this page, so your open sections and highlights will not be kept after you leave. Everything else works; export your highlights to keep them."
            }
            Notice::StorageFull => {
                "This browser's storage for this site is full, so your latest changes are kept only until you leave the page."
            }
            Notice::CorruptMovedAside => {
                "Some saved reading state could not be read. It has been kept aside unchanged, and Earmark has started afresh."
            }
            Notice::CorruptLeftAlone => {
                "Some saved reading state could not be read. It has been left untouched, and changes on this page will not be saved."
            }
            Notice::NewerVersion => {
                "Your saved reading state was written by a newer version of Earmark. It has been left untouched, and changes on this page will not be saved."
            }
            Notice::HighlightsMovedAside => {
                "Your saved highlights could not be read. They have been kept aside unchanged, and new highlights start afresh."
            }
            Notice::HighlightsLeftAlone => {
                "Your saved highlights could not be read. They have been left untouched; highlights you add now are kept only while this page is open, so export them to keep them."
            }
            Notice::HighlightsNewer => {
                "Your highlights were saved by a newer version of Earmark and are left untouched. Highlights you add here are kept only while this page is open: export them to keep them."
            }
            Notice::LinkNotFound => {
                "The link you followed points to a part of this episode that is not here any more, so you are at the top of the episode."
            }
            Notice::QuoteNotFound => {
                "The passage quoted in the link you followed was not found, perhaps because the text changed. Its section is open so you can read it."
            }
            Notice::HighlightsNotSaved => {
                "Your latest highlights could not be saved in this browser (its storage is full or blocked). They are kept while this page is open: export them to keep them."
            }
        }
    }
}

/// What the browser layer found under a key.
pub type ReadResult<'a> = Result<Option<&'a str>, StorageFault>;

/// What to do after reading a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadPlan<T = Vec<String>> {
    /// What was stored (empty when nothing could be read).
    pub value: T,
    /// The raw value to move aside before anything is written.
    pub quarantine: Option<String>,
    /// Whether later changes may be written under the key. False when that would overwrite a
    /// value that could not be read.
    pub persist: bool,
    pub notice: Option<Notice>,
    /// What the key holds.
    pub stored: Stored,
}

/// What a key holds, for the notices its problems give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stored {
    OpenSections,
    Highlights,
}

impl Stored {
    fn notice(self, problem: DecodeError, moved: bool) -> Notice {
        match (self, problem, moved) {
            (Stored::OpenSections, DecodeError::Newer { .. }, _) => Notice::NewerVersion,
            (Stored::OpenSections, DecodeError::Corrupt, true) => Notice::CorruptMovedAside,
            (Stored::OpenSections, DecodeError::Corrupt, false) => Notice::CorruptLeftAlone,
            (Stored::Highlights, DecodeError::Newer { .. }, _) => Notice::HighlightsNewer,
            (Stored::Highlights, DecodeError::Corrupt, true) => Notice::HighlightsMovedAside,
            (Stored::Highlights, DecodeError::Corrupt, false) => Notice::HighlightsLeftAlone,
        }
    }
}

/// Decides what to do with what was read under the open-sections key.
pub fn plan_load(read: ReadResult<'_>) -> LoadPlan {
    plan(read, Stored::OpenSections, decode_open_sections)
}

/// Decides what to do with what was read under a key: use it, or start empty and either move
/// the unreadable value aside (then writing is safe) or stop writing under the key.
pub fn plan<T: Default>(read: ReadResult<'_>, stored: Stored, decode: impl Fn(&str) -> Result<T, DecodeError>) -> LoadPlan<T> {
    let fresh = |persist, notice| LoadPlan { value: T::default(), quarantine: None, persist, notice, stored };
    match read {
        Ok(None) => fresh(true, None),
        Err(StorageFault::Blocked) => fresh(false, Some(Notice::StorageBlocked)),
        // Reading never fills the quota; if a browser says so anyway, writing is pointless.
        Err(StorageFault::Full) => fresh(false, Some(Notice::StorageFull)),
        Ok(Some(raw)) => match decode(raw) {
            Ok(value) => LoadPlan { value, quarantine: None, persist: true, notice: None, stored },
            Err(problem @ DecodeError::Newer { .. }) => fresh(false, Some(stored.notice(problem, false))),
            Err(DecodeError::Corrupt) => LoadPlan {
                value: T::default(),
                quarantine: Some(raw.to_string()),
                persist: true,
                notice: Some(stored.notice(DecodeError::Corrupt, true)),
                stored,
            },
        },
    }
}

impl<T> LoadPlan<T> {
    /// The plan after moving the unreadable value aside failed: leave the key alone.
    pub fn quarantine_failed(self) -> LoadPlan<T> {
        let notice = Some(self.stored.notice(DecodeError::Corrupt, false));
        LoadPlan { quarantine: None, persist: false, notice, ..self }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_the_public_scheme() {
        assert_eq!(key("the-truth-about-deepseek", OPEN_SECTIONS), "earmark:v1:the-truth-about-deepseek:open");
        assert_eq!(
            quarantine_key("earmark:v1:e:open", 1_700_000_000_000),
            "earmark:v1:e:open:corrupt:1700000000000"
        );
    }

    #[test]
    fn open_sections_round_trip() {
        let raw = encode_open_sections(["a", "b-2"]);
        assert_eq!(raw, r#"{"version":1,"open":["a","b-2"]}"#);
        assert_eq!(decode_open_sections(&raw), Ok(vec!["a".to_string(), "b-2".to_string()]));
        assert_eq!(decode_open_sections(&encode_open_sections([])), Ok(vec![]));
    }

    #[test]
    fn decoding_refuses_what_it_cannot_read() {
        let cases: &[(&str, DecodeError)] = &[
            ("", DecodeError::Corrupt),
            ("{", DecodeError::Corrupt),
            ("null", DecodeError::Corrupt),
            ("[\"a\"]", DecodeError::Corrupt),
            // An array is no document, even where its first item would read as a version.
            ("[5]", DecodeError::Corrupt),
            ("[2, []]", DecodeError::Corrupt),
            (r#"{"open":["a"]}"#, DecodeError::Corrupt),
            (r#"{"version":"1","open":["a"]}"#, DecodeError::Corrupt),
            (r#"{"version":1,"open":"a"}"#, DecodeError::Corrupt),
            (r#"{"version":1,"open":[1]}"#, DecodeError::Corrupt),
            (r#"{"version":-1,"open":[]}"#, DecodeError::Corrupt),
            (r#"{"version":2,"open":["a"]}"#, DecodeError::Newer { version: 2 }),
            (r#"{"version":99,"anything":true}"#, DecodeError::Newer { version: 99 }),
        ];
        for (raw, expected) in cases {
            assert_eq!(decode_open_sections(raw).as_ref(), Err(expected), "decoding {raw:?}");
        }
    }

    #[test]
    fn load_plans_never_overwrite_unread_values() {
        assert_eq!(
            plan_load(Ok(None)),
            LoadPlan { value: vec![], quarantine: None, persist: true, notice: None, stored: Stored::OpenSections }
        );
        let good = plan_load(Ok(Some(r#"{"version":1,"open":["x"]}"#)));
        assert_eq!(good.value, ["x"]);
        assert!(good.persist && good.notice.is_none());

        let blocked = plan_load(Err(StorageFault::Blocked));
        assert!(!blocked.persist);
        assert_eq!(blocked.notice, Some(Notice::StorageBlocked));

        let newer = plan_load(Ok(Some(r#"{"version":7}"#)));
        assert!(!newer.persist, "a newer document must not be overwritten");
        assert_eq!(newer.notice, Some(Notice::NewerVersion));

        let corrupt = plan_load(Ok(Some("not json")));
        assert_eq!(corrupt.quarantine.as_deref(), Some("not json"));
        assert!(corrupt.persist, "writing is safe once the value is moved aside");
        let stuck = corrupt.quarantine_failed();
        assert!(!stuck.persist, "a value that could not be moved aside must not be overwritten");
        assert_eq!(stuck.notice, Some(Notice::CorruptLeftAlone));
    }
}
