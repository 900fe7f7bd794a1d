#![expect(
    clippy::cast_precision_loss,
    clippy::cast_possible_truncation,
    clippy::float_cmp,
    reason = "the model turns small random numbers into times and counts; serials compare exactly"
)]

use super::session_json::{body_after_cookie, HEAD};
use super::slot::COOKIE_FIRST;
use super::*;

const COOKIE: &str = r#"{"originalMaxAge":null,"expires":null,"httpOnly":true,"path":"/"}"#;
const MS: f64 = 1_900_000_000_123.0;

/// A cookie as express-session writes it, expiring at `ms`.
fn dated_cookie(ms: f64) -> String {
    let iso = template::iso_date(ms).unwrap();
    format!(
        r#"{{"originalMaxAge":60000,"expires":"{}","httpOnly":true,"path":"/"}}"#,
        std::str::from_utf8(&iso).unwrap()
    )
}

fn bounded(max_sessions: usize, max_bytes: u64) -> SessionMap {
    SessionMap::with_limits(Limits {
        idle_ms: f64::INFINITY,
        max_sessions,
        max_bytes,
    })
}

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
    map.set_at("id", Some(COOKIE), r#"{"n":1}"#, f64::NAN, 0.0);
    assert_eq!(
        map.get("id", 0.0).as_deref(),
        Some(format!(r#"{{"cookie":{COOKIE},"n":1}}"#).as_str())
    );
    assert_eq!(map.get("other", 0.0), None);
}

#[test]
fn dated_cookies_round_trip_byte_exact() {
    let mut map = SessionMap::new();
    let cookie = dated_cookie(MS);
    map.set_at(
        "a",
        Some(&cookie),
        r#"{"views":1,"user":{"id":7}}"#,
        MS,
        0.0,
    );
    map.set_at("b", Some(&dated_cookie(MS + 5.0)), "{}", MS + 5.0, 0.0);
    // Same text, but the expiry given differs from the date: kept inline, still exact.
    map.set_at("c", Some(&cookie), "{}", MS + 1.0, 0.0);
    assert_eq!(
        map.get("a", 0.0).unwrap(),
        format!(r#"{{"cookie":{cookie},"views":1,"user":{{"id":7}}}}"#)
    );
    assert_eq!(
        map.get("b", 0.0).unwrap(),
        format!(r#"{{"cookie":{}}}"#, dated_cookie(MS + 5.0))
    );
    assert_eq!(
        map.get("c", 0.0).unwrap(),
        format!(r#"{{"cookie":{cookie}}}"#)
    );
    assert_eq!(map.templates.live(), 1);
}

#[test]
fn a_session_without_cookie_is_kept_verbatim() {
    let mut map = SessionMap::new();
    map.set_at("id", None, r#"{"n":1}"#, f64::NAN, 0.0);
    assert_eq!(map.get("id", 0.0).as_deref(), Some(r#"{"n":1}"#));
    map.set_at("s", None, r#""text""#, f64::NAN, 0.0);
    assert_eq!(map.get("s", 0.0).as_deref(), Some(r#""text""#));
    // touch cannot add a cookie to what is not an object
    assert!(!map.touch("s", "{}", f64::NAN, 0.0));
    assert_eq!(map.get("s", 0.0).as_deref(), Some(r#""text""#));
}

#[test]
fn a_cookie_member_anywhere_in_whole_json_stays_in_place() {
    let mut map = SessionMap::new();
    let json = format!(r#"{{"user":"ann","cookie":{},"n":1}}"#, dated_cookie(MS));
    map.set_at("a", None, &json, MS, 0.0);
    assert_eq!(map.get("a", 0.0).unwrap(), json);
    assert!(map.touch("a", COOKIE, f64::NAN, 0.0));
    assert_eq!(
        map.get("a", 0.0).unwrap(),
        format!(r#"{{"user":"ann","cookie":{COOKIE},"n":1}}"#)
    );
    // A whole JSON with the cookie first is stored as the split form.
    let first = format!(r#"{{"cookie":{COOKIE},"n":1}}"#);
    map.set_at("b", None, &first, f64::NAN, 0.0);
    assert_eq!(map.get("b", 0.0).unwrap(), first);
    let handle = map.position("b", map.hash_of("b")).unwrap();
    assert_eq!(map.header(handle).unwrap().cookie_at, COOKIE_FIRST);
}

#[test]
fn touch_adds_a_missing_cookie_last() {
    let mut map = SessionMap::new();
    map.set_at("a", None, r#"{"n":1}"#, f64::NAN, 0.0);
    map.set_at("b", None, "{}", f64::NAN, 0.0);
    assert!(map.touch("a", r#"{"path":"/"}"#, f64::NAN, 0.0));
    assert!(map.touch("b", r#"{"path":"/"}"#, f64::NAN, 0.0));
    assert_eq!(
        map.get("a", 0.0).unwrap(),
        r#"{"n":1,"cookie":{"path":"/"}}"#
    );
    assert_eq!(map.get("b", 0.0).unwrap(), r#"{"cookie":{"path":"/"}}"#);
    assert!(map.touch("a", r#"{"x":1}"#, f64::NAN, 0.0));
    assert_eq!(map.get("a", 0.0).unwrap(), r#"{"n":1,"cookie":{"x":1}}"#);
}

#[test]
fn expired_sessions_are_not_returned_and_are_removed() {
    let mut map = SessionMap::new();
    map.set_at("id", Some(COOKIE), "{}", 1000.0, 0.0);
    assert!(map.get("id", 999.0).is_some());
    assert_eq!(map.get("id", 1000.0), None);
    assert!(map.is_empty(0.0));
    assert_eq!(map.stats().expirations, 1);
    assert_eq!(map.stats().sessions, 0);
}

#[test]
fn touch_replaces_only_the_cookie_and_expiry() {
    let mut map = SessionMap::new();
    map.set_at("id", Some("{}"), r#"{"n":1}"#, 1000.0, 0.0);
    assert!(map.touch("id", r#"{"x":2}"#, 5000.0, 500.0));
    assert_eq!(
        map.get("id", 2000.0).as_deref(),
        Some(r#"{"cookie":{"x":2},"n":1}"#)
    );
    assert!(!map.touch("missing", "{}", 0.0, 0.0));
    assert!(!map.touch("id", "{}", 9000.0, 6000.0));
    assert_eq!(map.get("id", 0.0), None);
}

#[test]
fn sessions_without_expiry_live_idle_ms_from_their_last_set_or_touch() {
    let mut map = SessionMap::with_limits(Limits {
        idle_ms: 100.0,
        ..Limits::default()
    });
    map.set_at("a", Some(COOKIE), "{}", f64::NAN, 0.0);
    map.set_at("b", Some(COOKIE), "{}", f64::NAN, 0.0);
    map.set_at("dated", Some(&dated_cookie(MS)), "{}", MS, 0.0);
    // get does not renew; touch and set do
    assert!(map.get("a", 99.0).is_some());
    assert!(map.touch("b", COOKIE, f64::NAN, 50.0));
    map.set_at("a", Some(COOKIE), r#"{"n":2}"#, f64::NAN, 60.0);
    assert_eq!(map.len(149.0), 3);
    assert_eq!(map.ids(150.0), vec!["a", "dated"]);
    assert_eq!(map.get("b", 150.0), None);
    assert_eq!(
        map.get("a", 159.0).as_deref(),
        Some(format!(r#"{{"cookie":{COOKIE},"n":2}}"#).as_str())
    );
    assert_eq!(map.get("a", 160.0), None);
    // A cookie expiry wins over the idle lifetime.
    assert!(map.get("dated", MS - 1.0).is_some());
    assert_eq!(map.get("dated", MS), None);
    assert_eq!(map.stats().expirations, 3);

    // The default never expires them.
    let mut forever = SessionMap::new();
    forever.set_at("a", Some(COOKIE), "{}", f64::NAN, 0.0);
    assert!(forever.get("a", 1e15).is_some());
}

#[test]
fn all_len_and_ids_skip_expired_sessions_in_insertion_order() {
    let mut map = SessionMap::new();
    map.set_at("z", Some("{}"), "{}", 10.0, 0.0);
    map.set_at("b", Some("{}"), "{}", f64::NAN, 0.0);
    map.set_at("a", None, "{}", f64::NAN, 0.0);
    map.set_at("y", None, "{}", f64::NAN, 0.0);
    assert_eq!(map.len(5.0), 4);
    map.destroy("b");
    // The last one moved into b's place, yet the order is still insertion order.
    assert_eq!(map.ids(5.0), vec!["z", "a", "y"]);
    assert_eq!(map.snapshot().len(), 3);
    map.set_at("a", None, r#"{"n":1}"#, f64::NAN, 0.0);
    let all = map.all(20.0);
    assert_eq!(
        all,
        vec![
            ("a".to_owned(), r#"{"n":1}"#.to_owned()),
            ("y".to_owned(), "{}".to_owned())
        ]
    );
    assert_eq!(map.len(20.0), 2);
    map.clear();
    assert!(map.is_empty(20.0));
    assert_eq!(map.stats().bytes, 0);
}

#[test]
fn the_sweep_removes_expired_sessions_a_budget_at_a_time() {
    let mut map = SessionMap::new();
    for i in 0..1000 {
        let expires = if i % 2 == 0 { 100.0 } else { f64::NAN };
        map.set_at(&format!("s{i}"), Some(COOKIE), "{}", expires, 0.0);
    }
    assert!(map.sweep(50.0, u64::MAX));
    assert_eq!(map.stats().sessions, 1000);
    let mut slices = 0;
    while !map.sweep(100.0, 2000) {
        slices += 1;
        assert!(slices < 1000);
    }
    assert!(
        slices >= 500 * SWEEP_REMOVAL_COST as usize / 2000 - 1,
        "{slices}"
    );
    assert_eq!(map.stats().sessions, 500);
    assert_eq!(map.stats().expirations, 500);
    let ids = map.ids(100.0);
    let expected: Vec<String> = (0..1000)
        .filter(|i| i % 2 == 1)
        .map(|i| format!("s{i}"))
        .collect();
    assert_eq!(ids, expected);
    for id in &expected {
        assert!(map.get(id, 100.0).is_some());
    }
    assert_eq!(map.prune(1e18), 0);
}

#[test]
fn the_sweep_gives_back_index_and_vectors_and_the_arena_is_reused() {
    let mut map = SessionMap::new();
    for i in 0..50_000 {
        map.set_at(&format!("s{i:06}"), Some(COOKIE), "{}", 10.0, 0.0);
    }
    let full = map.stats().heap_bytes;
    let arena = map.arena.reserved_bytes();
    assert_eq!(map.prune(10.0), 50_000);
    let empty = map.stats().heap_bytes;
    assert!(
        empty - (arena as u64) < (full - arena as u64) / 50,
        "{empty} of {full}"
    );
    // Slots freed by the sweep hold the next sessions of the same size.
    for i in 0..50_000 {
        map.set_at(&format!("t{i:06}"), Some(COOKIE), "{}", f64::NAN, 0.0);
    }
    assert_eq!(map.arena.reserved_bytes(), arena);
    assert!(map.get("t000123", 0.0).is_some());
    map.clear();
    assert!(
        map.stats().heap_bytes < 20_000,
        "{}",
        map.stats().heap_bytes
    );
}

#[test]
fn bounded_maps_evict_the_least_recently_used() {
    let mut map = bounded(3, u64::MAX);
    for id in ["a", "b", "c"] {
        map.set_at(id, Some(COOKIE), "{}", f64::NAN, 0.0);
    }
    assert!(map.get("a", 0.0).is_some());
    assert!(map.touch("b", COOKIE, f64::NAN, 0.0));
    map.set_at("d", Some(COOKIE), "{}", f64::NAN, 0.0);
    assert_eq!(map.ids(0.0), vec!["a", "b", "d"]);
    assert_eq!(map.stats().evictions, 1);
    // Rewriting one that is there evicts nothing.
    map.set_at("a", Some(COOKIE), r#"{"n":1}"#, f64::NAN, 0.0);
    assert_eq!(map.ids(0.0), vec!["b", "d", "a"]);
    // An expired victim counts as an expiration.
    map.set_at("e", Some(COOKIE), "{}", 5.0, 0.0);
    map.set_at("f", Some(COOKIE), "{}", f64::NAN, 10.0);
    map.set_at("g", Some(COOKIE), "{}", f64::NAN, 10.0);
    map.set_at("h", Some(COOKIE), "{}", f64::NAN, 10.0);
    assert_eq!(map.ids(10.0), vec!["f", "g", "h"]);
    let stats = map.stats();
    assert_eq!((stats.evictions, stats.expirations), (4, 1));
}

#[test]
fn a_byte_budget_counts_ids_and_json() {
    let one = 1 + HEAD.len() + COOKIE.len() + 1; // "a" + {"cookie":<COOKIE>}
    let mut map = bounded(usize::MAX, 2 * one as u64);
    map.set_at("a", Some(COOKIE), "{}", f64::NAN, 0.0);
    assert_eq!(map.stats().bytes, one as u64);
    map.set_at("b", Some(COOKIE), "{}", f64::NAN, 0.0);
    assert_eq!(map.stats().bytes, 2 * one as u64);
    map.set_at("c", Some(COOKIE), "{}", f64::NAN, 0.0);
    assert_eq!(map.ids(0.0), vec!["b", "c"]);
    // Growing one evicts the oldest other.
    map.set_at("b", Some(COOKIE), r#"{"n":1}"#, f64::NAN, 0.0);
    assert_eq!(map.ids(0.0), vec!["b"]);
    assert_eq!(map.stats().evictions, 2);
    assert_eq!(
        map.stats().bytes,
        (1 + HEAD.len() + COOKIE.len() + r#","n":1}"#.len()) as u64
    );
    // A session larger than the whole budget is not kept; nothing else is evicted for it.
    let huge = format!(r#"{{"x":"{}"}}"#, "x".repeat(2 * one));
    map.set_at("huge", Some(COOKIE), &huge, f64::NAN, 0.0);
    assert_eq!(map.ids(0.0), vec!["b"]);
    assert_eq!(map.stats().evictions, 3);
    // Rewriting a kept session too large removes it.
    map.set_at("b", Some(COOKIE), &huge, f64::NAN, 0.0);
    assert!(map.ids(0.0).is_empty());
    assert_eq!(map.stats().evictions, 4);
    assert_eq!(map.stats().bytes, 0);
}

#[test]
fn packed_reads_name_the_template() {
    let mut map = SessionMap::new();
    let cookie = dated_cookie(MS);
    map.set_at("a", Some(&cookie), r#"{"n":1}"#, MS, 0.0);
    map.set_at("b", Some(COOKIE), "{}", f64::NAN, 0.0);
    map.set_at("c", Some(r#"{"nested":{"x":1}}"#), "{}", f64::NAN, 0.0);
    map.set_at("d", None, r#"{"n":1}"#, f64::NAN, 0.0);
    let a = map.get_packed("a", 0.0).unwrap();
    let serial_a = map.intern_cookie(&cookie, MS).unwrap();
    assert_eq!(
        a,
        format!(r#"#2030-03-17T17:46:40.123Z{{"cookie":{serial_a},"n":1}}"#)
    );
    let serial_b = map.intern_cookie(COOKIE, f64::NAN).unwrap();
    assert_eq!(
        map.get_packed("b", 0.0).unwrap(),
        format!(r#"${{"cookie":{serial_b}}}"#)
    );
    assert_eq!(
        map.get_packed("c", 0.0).unwrap(),
        r#"{"cookie":{"nested":{"x":1}}}"#
    );
    assert_eq!(map.get_packed("d", 0.0).unwrap(), r#"{"n":1}"#);
    assert_eq!(
        map.cookie_template(serial_a).unwrap(),
        r#"{"originalMaxAge":60000,"expires":null,"httpOnly":true,"path":"/"}"#
    );
    assert_eq!(map.cookie_template(serial_b).unwrap(), COOKIE);
    assert_eq!(map.cookie_template(99.0), None);
}

#[test]
fn templated_writes_take_a_serial() {
    let mut map = SessionMap::new();
    let serial = map.intern_cookie(&dated_cookie(MS), MS).unwrap();
    assert!(map.set_templated("a", serial, r#"{"n":1}"#, MS + 7.0, 0.0));
    assert_eq!(
        map.get("a", 0.0).unwrap(),
        format!(r#"{{"cookie":{},"n":1}}"#, dated_cookie(MS + 7.0))
    );
    assert_eq!(map.touch_templated("a", serial, MS + 9.0, 0.0), Some(true));
    assert_eq!(
        map.get("a", 0.0).unwrap(),
        format!(r#"{{"cookie":{},"n":1}}"#, dated_cookie(MS + 9.0))
    );
    assert_eq!(map.touch_templated("missing", serial, MS, 0.0), Some(false));
    // Unknown serial, or a dated template without a printable date: nothing happens.
    assert!(!map.set_templated("b", serial + 1.0, "{}", MS, 0.0));
    assert!(!map.set_templated("b", serial, "{}", f64::NAN, 0.0));
    assert_eq!(map.touch_templated("a", serial, f64::NAN, 0.0), None);
    assert_eq!(map.get("b", 0.0), None);
    assert!(map.get("a", MS + 9.0).is_none());
}

#[test]
fn clear_removes_everything() {
    let mut map = SessionMap::new();
    map.set_at("a", None, "{}", f64::NAN, 0.0);
    let serial = map.intern_cookie(COOKIE, f64::NAN).unwrap();
    map.clear();
    assert!(map.is_empty(0.0));
    assert_eq!(map.snapshot(), vec![]);
    // Serials are never reused after a clear.
    let again = map.intern_cookie(COOKIE, f64::NAN).unwrap();
    assert_ne!(again, serial);
}

/// A tiny deterministic generator, for the model test.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The map's behaviour, written the obvious way.
#[derive(Clone, Debug)]
struct ModelEntry {
    id: String,
    before: String,
    cookie: String,
    after: String,
    deadline: f64,
}

impl ModelEntry {
    fn json(&self) -> String {
        format!("{}{}{}", self.before, self.cookie, self.after)
    }

    fn bytes(&self) -> u64 {
        (self.id.len() + self.json().len()) as u64
    }
}

struct Model {
    entries: Vec<ModelEntry>,
    limits: Limits,
    expirations: u64,
    evictions: u64,
}

impl Model {
    fn position(&self, id: &str) -> Option<usize> {
        self.entries.iter().position(|e| e.id == id)
    }

    fn deadline(&self, expires: f64, now: f64) -> f64 {
        if expires.is_finite() {
            expires
        } else {
            now + self.limits.idle_ms
        }
    }

    fn bytes(&self) -> u64 {
        self.entries.iter().map(ModelEntry::bytes).sum()
    }

    fn live(&mut self, id: &str, now: f64) -> Option<usize> {
        let pos = self.position(id)?;
        if self.entries[pos].deadline <= now {
            self.entries.remove(pos);
            self.expirations += 1;
            return None;
        }
        Some(pos)
    }

    fn used(&mut self, pos: usize) -> usize {
        if self.limits.bounded() {
            let entry = self.entries.remove(pos);
            self.entries.push(entry);
            self.entries.len() - 1
        } else {
            pos
        }
    }

    fn enforce(&mut self, pos: usize, now: f64) {
        if self.entries[pos].bytes() > self.limits.max_bytes {
            self.entries.remove(pos);
            self.evictions += 1;
            return;
        }
        let id = self.entries[pos].id.clone();
        while (self.entries.len() > self.limits.max_sessions
            || self.bytes() > self.limits.max_bytes)
            && self.entries[0].id != id
        {
            let victim = self.entries.remove(0);
            if victim.deadline <= now {
                self.expirations += 1;
            } else {
                self.evictions += 1;
            }
        }
    }

    fn set(&mut self, id: &str, cookie: &str, data: &str, expires: f64, now: f64) {
        let after = body_after_cookie(data).concat();
        let entry = ModelEntry {
            id: id.to_owned(),
            before: HEAD.to_owned(),
            cookie: cookie.to_owned(),
            after,
            deadline: self.deadline(expires, now),
        };
        self.put(entry, now);
    }

    /// Replaces the entry with the same ID, or adds it; then applies the bounds.
    fn put(&mut self, entry: ModelEntry, now: f64) {
        let pos = if let Some(pos) = self.position(&entry.id) {
            self.entries[pos] = entry;
            self.used(pos)
        } else {
            self.entries.push(entry);
            self.entries.len() - 1
        };
        self.enforce(pos, now);
    }

    fn set_whole(&mut self, id: &str, data: &str, now: f64) {
        let entry = ModelEntry {
            id: id.to_owned(),
            before: data.to_owned(),
            cookie: String::new(),
            after: String::new(),
            deadline: self.deadline(f64::NAN, now),
        };
        self.put(entry, now);
    }

    fn touch(&mut self, id: &str, cookie: &str, expires: f64, now: f64) -> bool {
        let Some(pos) = self.live(id, now) else {
            return false;
        };
        let deadline = self.deadline(expires, now);
        let entry = &mut self.entries[pos];
        if entry.cookie.is_empty() {
            // a whole JSON object without cookie: add it last
            let open = entry.before.strip_suffix('}').unwrap().to_owned();
            entry.before = if open == "{" {
                "{\"cookie\":".into()
            } else {
                format!("{open},\"cookie\":")
            };
            entry.after = "}".into();
        }
        entry.cookie = cookie.to_owned();
        entry.deadline = deadline;
        let pos = self.used(pos);
        self.enforce(pos, now);
        true
    }

    fn get(&mut self, id: &str, now: f64) -> Option<String> {
        let pos = self.live(id, now)?;
        let pos = self.used(pos);
        Some(self.entries[pos].json())
    }
}

fn check_against_model(limits: Limits, seed: u64) {
    let mut rng = XorShift(seed);
    let mut map = SessionMap::with_limits(limits);
    let mut model = Model {
        entries: Vec::new(),
        limits,
        expirations: 0,
        evictions: 0,
    };
    let mut now = MS - 1000.0;
    let datas = [
        "{}",
        r#"{"n":1}"#,
        r#"{"user":{"id":1,"name":"ann"},"views":3}"#,
        r#"{"big":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}"#,
    ];
    for step in 0..20_000 {
        let id = format!("id{}", rng.below(60));
        let expires = match rng.below(4) {
            0 => f64::NAN,
            1 => now + rng.below(500) as f64,
            _ => now + 1000.0 + rng.below(5000) as f64,
        };
        let cookie = match rng.below(5) {
            0 => COOKIE.to_owned(),
            1 => r#"{"nested":{"a":1}}"#.to_owned(),
            2 => dated_cookie(now), // does not match the expiry: inline
            _ if expires.is_finite() => dated_cookie(expires),
            _ => COOKIE.to_owned(),
        };
        let data = datas[rng.below(datas.len() as u64) as usize];
        match rng.below(10) {
            0..=2 => {
                map.set_at(&id, Some(&cookie), data, expires, now);
                model.set(&id, &cookie, data, expires, now);
            }
            3 => {
                map.set_at(&id, None, data, f64::NAN, now);
                model.set_whole(&id, data, now);
            }
            4 => {
                assert_eq!(
                    map.touch(&id, &cookie, expires, now),
                    model.touch(&id, &cookie, expires, now),
                    "step {step}"
                );
            }
            5 => {
                map.destroy(&id);
                if let Some(pos) = model.position(&id) {
                    model.entries.remove(pos);
                }
            }
            6 => {
                let budget = 1 + rng.below(300);
                let before = map.stats().sessions;
                map.sweep(now, budget);
                // The sweep only removes expired sessions: sync the model.
                let removed = before - map.stats().sessions;
                let held: Vec<String> = map.snapshot().into_iter().map(|(id, _)| id).collect();
                let mut gone = 0;
                model.entries.retain(|e| {
                    let keep = held.contains(&e.id);
                    if !keep {
                        assert!(e.deadline <= now, "step {step}: swept a live session");
                        gone += 1;
                    }
                    keep
                });
                assert_eq!(gone, removed);
                model.expirations += gone as u64;
            }
            7 => now += rng.below(400) as f64,
            _ => assert_eq!(map.get(&id, now), model.get(&id, now), "step {step}"),
        }
        let expected: Vec<(String, String)> = model
            .entries
            .iter()
            .map(|e| (e.id.clone(), e.json()))
            .collect();
        assert_eq!(map.snapshot(), expected, "step {step}");
        let stats = map.stats();
        assert_eq!(stats.bytes, model.bytes(), "step {step}");
        assert_eq!(stats.expirations, model.expirations, "step {step}");
        assert_eq!(stats.evictions, model.evictions, "step {step}");
        assert_eq!(
            map.len(now),
            model.entries.iter().filter(|e| e.deadline > now).count()
        );
    }
}

#[test]
fn behaves_like_the_model_unbounded() {
    check_against_model(
        Limits {
            idle_ms: 700.0,
            ..Limits::default()
        },
        0x9E37_79B9_7F4A_7C15,
    );
}

#[test]
fn behaves_like_the_model_with_a_session_bound() {
    check_against_model(
        Limits {
            idle_ms: 700.0,
            max_sessions: 20,
            max_bytes: u64::MAX,
        },
        0xDEAD_BEEF_1234_5678,
    );
}

#[test]
fn behaves_like_the_model_with_a_byte_bound() {
    check_against_model(
        Limits {
            idle_ms: 700.0,
            max_sessions: usize::MAX,
            max_bytes: 2500,
        },
        0x0123_4567_89AB_CDEF,
    );
}

// The packer's invariants: a slot's header and text agree, which debug builds assert.

#[test]
#[cfg(debug_assertions)]
#[should_panic(expected = "bytes of text for a header of")]
fn text_that_does_not_match_its_header_is_caught() {
    let mut map = SessionMap::new();
    map.set_at("a", None, "{}", f64::NAN, 0.0);
    let handle = map.position("a", map.hash_of("a")).unwrap();
    let header = map.header(handle).unwrap();
    map.fill(handle, &header, &["a", "{}", "extra"]);
}
