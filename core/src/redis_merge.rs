//! RedisStore's merge for the middleware's `concurrency: 'merge'`.
//!
//! A request's changed top-level members, the names it deleted and its cookie are applied
//! onto the session as Redis stores it at that moment, by one script the server runs
//! atomically: overlapping requests each write only what they changed, and none retries.
//! The script splices the stored text member by member as the native MemoryStore's merge
//! does, so both give the same text with the members in the same order; this side only
//! splits the patch into the script's arguments.

use crate::memory_store::object_members;

/// The script Redis runs for a merge.
///
/// `KEYS[1]` the session's key; `ARGV`: expiry seconds (or empty for none), the cookie's
/// JSON, the number of members set, their raw keys and value texts in pairs, then the raw
/// keys removed. See [`MergeAnswer`] for what it answers.
pub const MERGE_SCRIPT: &str = include_str!("redis_merge.lua");

/// What the script answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MergeAnswer {
    /// No session under the key (destroyed or expired meanwhile): nothing was written, as a
    /// loaded session's `SET … XX` writes nothing.
    Absent,
    /// The patch was applied.
    Merged,
    /// The stored text is not a JSON object; nothing was written.
    Unmergeable,
}

impl MergeAnswer {
    /// The script's integer answer.
    #[must_use]
    pub fn from_reply(reply: i64) -> Option<Self> {
        [Self::Absent, Self::Merged, Self::Unmergeable]
            .into_iter()
            .find(|answer| i64::try_from(answer.code()).is_ok_and(|code| code == reply))
    }

    /// The answer's number across the boundary, the script's own (redis_merge.lua returns it).
    #[must_use]
    pub const fn code(self) -> usize {
        match self {
            Self::Absent => 0,
            Self::Merged => 1,
            Self::Unmergeable => 2,
        }
    }
}

/// A merge's patch as the script takes it.
#[derive(Debug, PartialEq, Eq)]
pub struct Patch<'t> {
    /// Raw key and value text of each member set, in order.
    pub set: Vec<(&'t str, &'t str)>,
    /// Raw keys of the members removed.
    pub unset: Vec<&'t str>,
}

impl<'t> Patch<'t> {
    /// `set`: an object text of the members set; `unset`: an object text whose keys are the
    /// names removed (its values are ignored), as the native MemoryStore's merge takes them.
    /// `None` when either is not an object text.
    #[must_use]
    pub fn parse(set: &'t str, unset: &'t str) -> Option<Self> {
        let set = object_members(set)?;
        let unset = object_members(unset)?
            .into_iter()
            .map(|(key, _)| key)
            .collect();
        Some(Self { set, unset })
    }

    /// The script's arguments after the expiry and the cookie: the count of members set,
    /// their keys and values, the keys removed.
    #[must_use]
    pub fn arguments(&self) -> Vec<String> {
        let mut arguments = Vec::with_capacity(1 + self.set.len() * 2 + self.unset.len());
        arguments.push(self.set.len().to_string());
        for (key, value) in &self.set {
            arguments.push((*key).to_owned());
            arguments.push((*value).to_owned());
        }
        arguments.extend(self.unset.iter().map(|key| (*key).to_owned()));
        arguments
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_patch_is_split_into_raw_keys_and_values() {
        let patch = Patch::parse(r#"{"a":1,"q\"k":{"n":[1,"}"]}}"#, r#"{"gone":0}"#).unwrap();
        assert_eq!(
            patch,
            Patch {
                set: vec![("a", "1"), (r#"q\"k"#, r#"{"n":[1,"}"]}"#)],
                unset: vec!["gone"],
            }
        );
        assert_eq!(
            patch.arguments(),
            ["2", "a", "1", r#"q\"k"#, r#"{"n":[1,"}"]}"#, "gone"]
        );
    }

    #[test]
    fn texts_that_are_not_objects_are_refused() {
        assert_eq!(Patch::parse("[]", "{}"), None);
        assert_eq!(Patch::parse("{}", "x"), None);
        assert_eq!(
            Patch::parse("{}", "{}").map(|patch| patch.arguments()),
            Some(vec!["0".to_owned()])
        );
    }

    #[test]
    fn answers() {
        for code in 0..3 {
            let answer = MergeAnswer::from_reply(code).unwrap();
            assert_eq!(i64::try_from(answer.code()).unwrap(), code);
        }
        assert_eq!(MergeAnswer::from_reply(3), None);
    }
}
