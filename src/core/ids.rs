//! Small ordered collections keyed by id: the set of open sections and the map of deleted
//! highlights.
//!
//! Design decision: these are sorted vectors, not `BTreeSet`/`BTreeMap`. They hold a handful of
//! ids (the deep dives of one episode, the highlights deleted since the last sync), where a
//! binary search over a vector is as fast as a tree, and the browser build pays for every
//! collection type it instantiates: the B-tree code for three key types was about 50 KB of the
//! wasm before `wasm-opt` (ARCHITECTURE.md, "Where the bytes go"). Iteration is in id order, as
//! the trees gave, so stored documents and events keep their order.

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, Serializer};

/// A set of ids in sorted order, without repeats.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IdSet(Vec<String>);

impl IdSet {
    pub fn new() -> Self {
        IdSet(Vec::new())
    }

    pub fn contains(&self, id: &str) -> bool {
        self.find(id).is_ok()
    }

    /// Adds `id`; whether it was new.
    pub fn insert(&mut self, id: String) -> bool {
        match self.find(&id) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, id);
                true
            }
        }
    }

    /// Takes `id` out; whether it was there.
    pub fn remove(&mut self, id: &str) -> bool {
        match self.find(id) {
            Ok(at) => {
                self.0.remove(at);
                true
            }
            Err(_) => false,
        }
    }

    pub fn clear(&mut self) {
        self.0.clear();
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }

    /// The ids of `self` that `other` lacks, in order.
    pub fn difference<'a>(&'a self, other: &'a IdSet) -> impl Iterator<Item = &'a str> {
        self.iter().filter(move |id| !other.contains(id))
    }

    fn find(&self, id: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|probe| probe.as_str().cmp(id))
    }
}

impl FromIterator<String> for IdSet {
    fn from_iter<I: IntoIterator<Item = String>>(iter: I) -> Self {
        let mut ids: Vec<String> = iter.into_iter().collect();
        ids.sort_unstable();
        ids.dedup();
        IdSet(ids)
    }
}

impl Extend<String> for IdSet {
    fn extend<I: IntoIterator<Item = String>>(&mut self, iter: I) {
        for id in iter {
            self.insert(id);
        }
    }
}

impl IntoIterator for IdSet {
    type Item = String;
    type IntoIter = std::vec::IntoIter<String>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// A map from id to a value, in id order. It is stored as a JSON object, as the `BTreeMap` it
/// replaced was, so saved documents read the same.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdMap<V>(Vec<(String, V)>);

impl<V> Default for IdMap<V> {
    fn default() -> Self {
        IdMap(Vec::new())
    }
}

impl<V> IdMap<V> {
    pub fn new() -> Self {
        IdMap(Vec::new())
    }

    pub fn get(&self, id: &str) -> Option<&V> {
        self.find(id).ok().map(|at| &self.0[at].1)
    }

    /// Sets `id` to `value`, returning the value it replaced.
    pub fn insert(&mut self, id: String, value: V) -> Option<V> {
        match self.find(&id) {
            Ok(at) => Some(std::mem::replace(&mut self.0[at].1, value)),
            Err(at) => {
                self.0.insert(at, (id, value));
                None
            }
        }
    }

    pub fn remove(&mut self, id: &str) -> Option<V> {
        self.find(id).ok().map(|at| self.0.remove(at).1)
    }

    /// Keeps the entries whose id `keep` accepts.
    pub fn retain(&mut self, mut keep: impl FnMut(&str) -> bool) {
        self.0.retain(|(id, _)| keep(id));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.0.iter().map(|(id, value)| (id.as_str(), value))
    }

    fn find(&self, id: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(probe, _)| probe.as_str().cmp(id))
    }
}

impl<V: Serialize> Serialize for IdMap<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(id, value)| (id, value)))
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for IdMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries<V>(std::marker::PhantomData<V>);

        impl<'de, V: Deserialize<'de>> Visitor<'de> for Entries<V> {
            type Value = IdMap<V>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map from id to value")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut map = IdMap::new();
                while let Some((id, value)) = access.next_entry::<String, V>()? {
                    map.insert(id, value);
                }
                Ok(map)
            }
        }

        deserializer.deserialize_map(Entries(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_stays_sorted_and_unique() {
        let mut set: IdSet = ["b", "a", "b"].map(String::from).into_iter().collect();
        assert_eq!(set.iter().collect::<Vec<_>>(), ["a", "b"]);
        assert!(set.insert("c".into()));
        assert!(!set.insert("a".into()));
        assert!(set.remove("b"));
        assert!(!set.remove("b"));
        assert!(set.contains("c") && !set.contains("b"));
        set.extend(["0".to_string(), "c".to_string()]);
        assert_eq!(set.iter().collect::<Vec<_>>(), ["0", "a", "c"]);
        let other: IdSet = ["a".to_string()].into_iter().collect();
        assert_eq!(set.difference(&other).collect::<Vec<_>>(), ["0", "c"]);
        assert_eq!(set.len(), 3);
        set.clear();
        assert!(set.is_empty());
    }

    #[test]
    fn a_map_is_stored_as_an_object_in_id_order() {
        let mut map = IdMap::new();
        assert_eq!(map.insert("z".to_string(), 2u64), None);
        assert_eq!(map.insert("a".to_string(), 1), None);
        assert_eq!(map.insert("z".to_string(), 3), Some(2));
        assert_eq!(map.get("z"), Some(&3));
        assert_eq!(serde_json::to_string(&map).unwrap(), r#"{"a":1,"z":3}"#);
        let back: IdMap<u64> = serde_json::from_str(r#"{"z":3,"a":1}"#).unwrap();
        assert_eq!(back, map);
        assert_eq!(map.remove("a"), Some(1));
        assert_eq!(map.iter().collect::<Vec<_>>(), [("z", &3)]);
        assert!(serde_json::from_str::<IdMap<u64>>("[1]").is_err());
    }
}
