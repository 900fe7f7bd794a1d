//! Merging: a patch of top-level members applied onto a stored session in one step, for
//! the middleware's `concurrency: 'merge'`. Requests that overlap then each write only
//! what they changed, onto the session as it is stored when they end, instead of their
//! whole copy loaded when they began.

use super::json;
use super::SessionMap;

/// The stored session's cookie member.
const COOKIE: &str = "cookie";

impl SessionMap {
    /// Applies a patch onto the stored, unexpired session `id`: each member of the object
    /// text `set` replaces the stored member of the same (raw) key in place, or is added
    /// after the others; each key of the object text `unset` is removed (its values are
    /// ignored); the `cookie` member becomes `cookie` (a JSON text, expiring at
    /// `expires_ms`), in place or, if there was none, last. Every other member keeps its
    /// text and place. Keys are compared as written, which is exact for texts that
    /// `JSON.stringify` made (it escapes each key one way).
    ///
    /// Returns false, changing nothing, when there is no such live session, or when the
    /// stored text or a patch text is not an object.
    pub fn merge_at(
        &mut self,
        id: &str,
        cookie: &str,
        set: &str,
        unset: &str,
        expires_ms: f64,
        now_ms: f64,
    ) -> bool {
        self.clock = now_ms;
        let Some((handle, header)) = self.live(id, now_ms) else {
            return false;
        };
        let mut stored = String::new();
        self.write_json(handle, &header, &mut stored);
        let Some(merged) = merge_members(&stored, cookie, set, unset) else {
            return false;
        };
        self.set_at(id, None, &merged, expires_ms, now_ms);
        true
    }
}

/// The raw keys and value texts of an object text's members, in order; `None` when the
/// text is not an object.
pub fn members(text: &str) -> Option<Vec<(&str, &str)>> {
    let mut found = Vec::new();
    json::for_each_member(text, |member, _| {
        if let (Some(key), Some(value)) =
            (text.get(member.key.clone()), text.get(member.value.clone()))
        {
            found.push((key, value));
        }
        true
    })?;
    Some(found)
}

/// An object text written member by member.
struct ObjectText {
    out: String,
    empty: bool,
}

impl ObjectText {
    fn with_capacity(capacity: usize) -> Self {
        let mut out = String::with_capacity(capacity + 2);
        out.push('{');
        Self { out, empty: true }
    }

    fn push(&mut self, key: &str, value: &str) {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str("\":");
        self.out.push_str(value);
    }

    fn finish(mut self) -> String {
        self.out.push('}');
        self.out
    }
}

/// `stored` with the patch applied (see [`SessionMap::merge_at`]).
fn merge_members(stored: &str, cookie: &str, set: &str, unset: &str) -> Option<String> {
    let patch = members(set)?;
    let removed = members(unset)?;
    let mut placed = vec![false; patch.len()];
    let mut has_cookie = false;
    let mut merged = ObjectText::with_capacity(stored.len() + set.len() + cookie.len());
    let mut failed = false;
    json::for_each_member(stored, |member, _| {
        let (Some(key), Some(value)) = (
            stored.get(member.key.clone()),
            stored.get(member.value.clone()),
        ) else {
            failed = true;
            return false;
        };
        if key == COOKIE {
            if !has_cookie {
                merged.push(COOKIE, cookie);
                has_cookie = true;
            }
        } else if removed.iter().any(|(name, _)| *name == key) {
            // Deleted by the request.
        } else if let Some(at) = patch.iter().position(|(name, _)| *name == key) {
            if let (Some(done), Some((_, text))) = (placed.get_mut(at), patch.get(at)) {
                if !*done {
                    merged.push(key, text);
                    *done = true;
                }
            }
        } else {
            merged.push(key, value);
        }
        true
    })?;
    if failed {
        return None;
    }
    for ((key, value), done) in patch.iter().zip(&placed) {
        if !done && *key != COOKIE {
            merged.push(key, value);
        }
    }
    if !has_cookie {
        merged.push(COOKIE, cookie);
    }
    Some(merged.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    const COOKIE_JSON: &str = r#"{"originalMaxAge":null,"path":"/"}"#;

    fn merge(stored: &str, set: &str, unset: &str) -> Option<String> {
        merge_members(stored, COOKIE_JSON, set, unset)
    }

    #[test]
    fn replaces_in_place_adds_last_removes_and_keeps_the_rest() {
        let stored = r#"{"cookie":{"old":1},"a":1,"b":[1,2],"c":"x","d":null}"#;
        let merged = merge(stored, r#"{"e":{"n":5},"b":[3]}"#, r#"{"c":0}"#).unwrap();
        assert_eq!(
            merged,
            r#"{"cookie":{"originalMaxAge":null,"path":"/"},"a":1,"b":[3],"d":null,"e":{"n":5}}"#
        );
    }

    #[test]
    fn an_empty_patch_replaces_only_the_cookie() {
        let stored = r#"{"cookie":{"old":1},"views":3}"#;
        let merged = merge(stored, "{}", "{}").unwrap();
        assert_eq!(
            merged,
            r#"{"cookie":{"originalMaxAge":null,"path":"/"},"views":3}"#
        );
    }

    #[test]
    fn keys_are_compared_as_written() {
        let stored = r#"{"cookie":{},"a\"b":1,"a\\u0022b":2}"#;
        let merged = merge(stored, r#"{"a\"b":9}"#, "{}").unwrap();
        assert!(merged.contains(r#""a\"b":9"#), "{merged}");
        assert!(merged.contains(r#""a\\u0022b":2"#), "{merged}");
    }

    #[test]
    fn a_cookie_in_the_patch_is_ignored_and_a_missing_cookie_is_added_last() {
        let merged = merge(r#"{"a":1}"#, r#"{"cookie":5,"b":2}"#, r#"{"cookie":0}"#).unwrap();
        assert_eq!(
            merged,
            r#"{"a":1,"b":2,"cookie":{"originalMaxAge":null,"path":"/"}}"#
        );
    }

    #[test]
    fn refuses_texts_that_are_not_objects() {
        assert_eq!(merge("[1]", "{}", "{}"), None);
        assert_eq!(merge("{}", "[]", "{}"), None);
        assert_eq!(merge("{}", "{}", "x"), None);
        assert_eq!(merge(r#"{"a":1"#, "{}", "{}"), None);
    }

    #[test]
    fn merges_onto_the_stored_session_or_reports_none() {
        let mut map = SessionMap::new();
        let cookie = r#"{"originalMaxAge":null,"expires":null,"path":"/"}"#;
        assert!(!map.merge_at("gone", cookie, r#"{"a":1}"#, "{}", f64::NAN, 1.0));
        assert_eq!(map.get("gone", 1.0), None);

        map.set_at("s", Some(cookie), r#"{"views":1,"cart":[]}"#, f64::NAN, 1.0);
        assert!(map.merge_at("s", cookie, r#"{"cart":["apple"]}"#, "{}", f64::NAN, 2.0));
        assert!(map.merge_at(
            "s",
            cookie,
            r#"{"views":2}"#,
            r#"{"gone":0}"#,
            f64::NAN,
            3.0
        ));
        assert!(map.merge_at("s", cookie, "{}", r#"{"cart":0}"#, f64::NAN, 4.0));
        assert_eq!(
            map.get("s", 5.0).as_deref(),
            Some(r#"{"cookie":{"originalMaxAge":null,"expires":null,"path":"/"},"views":2}"#)
        );
    }
}
