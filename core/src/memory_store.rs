//! The session map behind the native `MemoryStore`.
//!
//! A session is kept as two JSON texts: its `cookie` member and the rest of the session
//! (`data`, a JSON object without `cookie`). Splitting them lets `touch` replace the cookie
//! without parsing the session, and lets `get` hand back exactly what
//! `JSON.stringify(session)` produced, with `cookie` as the first member as express-session
//! writes it.
//!
//! Every time-dependent operation takes `now_ms` from the caller: the clock is JavaScript's
//! `Date.now()`, so applications that fake timers see the same expiry as with express-session.

use std::collections::HashMap;

/// One stored session.
#[derive(Debug, Clone)]
struct Entry {
    cookie: Option<String>,
    data: String,
    /// `cookie.expires` in ms since the epoch; NaN when the session has no expiry.
    expires_ms: f64,
}

impl Entry {
    fn is_expired(&self, now_ms: f64) -> bool {
        // NaN compares false: a session without a (valid) expiry never expires here.
        self.expires_ms <= now_ms
    }

    fn to_json(&self) -> String {
        match &self.cookie {
            None => self.data.clone(),
            Some(cookie) => join_cookie_and_data(cookie, &self.data),
        }
    }
}

/// `{"cookie":<cookie>,<members of data>}`; `data` is a JSON object text.
pub fn join_cookie_and_data(cookie: &str, data: &str) -> String {
    const HEAD: &str = "{\"cookie\":";
    let members = data
        .strip_prefix('{')
        .map(str::trim_start)
        .filter(|rest| !rest.starts_with('}'));
    let mut out = String::with_capacity(HEAD.len() + cookie.len() + data.len() + 1);
    out.push_str(HEAD);
    out.push_str(cookie);
    match members {
        Some(rest) => {
            out.push(',');
            out.push_str(rest);
        }
        None => out.push('}'),
    }
    out
}

/// Sessions by ID, with expiry by `cookie.expires` checked on every read.
#[derive(Debug, Default)]
pub struct SessionMap {
    sessions: HashMap<String, Entry>,
}

impl SessionMap {
    pub fn new() -> SessionMap {
        SessionMap::default()
    }

    /// The session's JSON, or `None` when absent or expired (an expired one is removed).
    pub fn get(&mut self, id: &str, now_ms: f64) -> Option<String> {
        let expired = self.sessions.get(id)?.is_expired(now_ms);
        if expired {
            self.sessions.remove(id);
            return None;
        }
        self.sessions.get(id).map(Entry::to_json)
    }

    /// Stores a session given as its cookie JSON (if it has a cookie) and the JSON of the
    /// rest of it.
    pub fn set(&mut self, id: &str, cookie: Option<String>, data: String, expires_ms: f64) {
        let entry = Entry {
            cookie,
            data,
            expires_ms,
        };
        match self.sessions.get_mut(id) {
            Some(existing) => *existing = entry,
            None => {
                self.sessions.insert(id.to_owned(), entry);
            }
        }
    }

    /// Replaces the cookie of a stored, unexpired session; returns whether one was there.
    pub fn touch(&mut self, id: &str, cookie: String, expires_ms: f64, now_ms: f64) -> bool {
        let Some(entry) = self.sessions.get_mut(id) else {
            return false;
        };
        if entry.is_expired(now_ms) {
            self.sessions.remove(id);
            return false;
        }
        entry.cookie = Some(cookie);
        entry.expires_ms = expires_ms;
        true
    }

    pub fn destroy(&mut self, id: &str) {
        self.sessions.remove(id);
    }

    /// Every unexpired session as `(id, json)`; expired ones are removed on the way.
    pub fn all(&mut self, now_ms: f64) -> Vec<(String, String)> {
        self.remove_expired(now_ms);
        self.sessions
            .iter()
            .map(|(id, entry)| (id.clone(), entry.to_json()))
            .collect()
    }

    /// The number of unexpired sessions; expired ones are removed on the way.
    pub fn len(&mut self, now_ms: f64) -> usize {
        self.remove_expired(now_ms);
        self.sessions.len()
    }

    pub fn is_empty(&mut self, now_ms: f64) -> bool {
        self.len(now_ms) == 0
    }

    pub fn clear(&mut self) {
        self.sessions = HashMap::new();
    }

    fn remove_expired(&mut self, now_ms: f64) {
        self.sessions.retain(|_, entry| !entry.is_expired(now_ms));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COOKIE: &str = r#"{"originalMaxAge":null,"expires":null,"httpOnly":true,"path":"/"}"#;

    #[test]
    fn joins_cookie_first_like_json_stringify() {
        assert_eq!(
            join_cookie_and_data("{}", r#"{"a":1,"b":"x"}"#),
            r#"{"cookie":{},"a":1,"b":"x"}"#
        );
        assert_eq!(join_cookie_and_data("{}", "{}"), r#"{"cookie":{}}"#);
    }

    #[test]
    fn get_returns_what_was_set() {
        let mut map = SessionMap::new();
        map.set("id", Some(COOKIE.into()), r#"{"n":1}"#.into(), f64::NAN);
        assert_eq!(
            map.get("id", 0.0).as_deref(),
            Some(format!(r#"{{"cookie":{COOKIE},"n":1}}"#).as_str())
        );
        assert_eq!(map.get("other", 0.0), None);
    }

    #[test]
    fn a_session_without_cookie_is_kept_verbatim() {
        let mut map = SessionMap::new();
        map.set("id", None, r#"{"n":1}"#.into(), f64::NAN);
        assert_eq!(map.get("id", 0.0).as_deref(), Some(r#"{"n":1}"#));
    }

    #[test]
    fn expired_sessions_are_not_returned_and_are_removed() {
        let mut map = SessionMap::new();
        map.set("id", Some(COOKIE.into()), "{}".into(), 1000.0);
        assert!(map.get("id", 999.0).is_some());
        assert_eq!(map.get("id", 1000.0), None);
        assert!(map.is_empty(0.0));
    }

    #[test]
    fn touch_replaces_only_the_cookie_and_expiry() {
        let mut map = SessionMap::new();
        map.set("id", Some("{}".into()), r#"{"n":1}"#.into(), 1000.0);
        assert!(map.touch("id", r#"{"x":2}"#.into(), 5000.0, 500.0));
        assert_eq!(
            map.get("id", 2000.0).as_deref(),
            Some(r#"{"cookie":{"x":2},"n":1}"#)
        );
        assert!(!map.touch("missing", "{}".into(), 0.0, 0.0));
        assert!(!map.touch("id", "{}".into(), 9000.0, 6000.0));
        assert_eq!(map.get("id", 0.0), None);
    }

    #[test]
    fn all_and_len_skip_expired_sessions() {
        let mut map = SessionMap::new();
        map.set("a", Some("{}".into()), "{}".into(), 10.0);
        map.set("b", Some("{}".into()), "{}".into(), f64::NAN);
        assert_eq!(map.len(5.0), 2);
        let all = map.all(20.0);
        assert_eq!(all, vec![("b".to_owned(), r#"{"cookie":{}}"#.to_owned())]);
        assert_eq!(map.len(20.0), 1);
        map.destroy("b");
        assert!(map.is_empty(20.0));
    }

    #[test]
    fn clear_removes_everything() {
        let mut map = SessionMap::new();
        map.set("a", None, "{}".into(), f64::NAN);
        map.clear();
        assert!(map.is_empty(0.0));
    }
}
