//! The session map behind the native `MemoryStore`: bounded, expiring, observable.
//!
//! # Layout
//! A session is one slot in an arena of size classes (see `arena`): a 32-byte header
//! (deadline, list links, lengths) then its text: its ID, its cookie JSON when that is not
//! shared, and the rest of its JSON. The ID index (see `index`) maps IDs to slots with 8
//! bytes a slot (hash and handle), at most 4/5 full. Reading a session touches an index slot
//! and its own slot, and nothing else.
//!
//! The JSON of a session is kept as its `cookie` member's value apart from the rest (the
//! *body*), so that `touch` replaces the cookie without reading the session, and so that
//! the cookie, which is the same for every session of an application but for its date, can
//! be shared as a template (see `template`). `get` gives back exactly the JSON that was
//! stored, with the cookie where it was.
//!
//! # Expiry and bounds
//! A session expires at its cookie's `expires` or, without one, `idle_ms` after it was
//! last set or touched (never, when `idle_ms` is infinite). Expired sessions are never
//! returned, and `sweep` removes them a bounded amount of work at a time. Optionally the
//! number of sessions and their bytes are bounded, evicting the least recently used.
//!
//! Sessions are also linked in a list, oldest first: in insertion order (what `all` lists,
//! as express-session's MemoryStore does) or, when bounded, in order of last use.
//!
//! Every time-dependent operation takes `now_ms` from the caller: the clock is JavaScript's
//! `Date.now()`, so applications that fake timers see the same expiry as with express-session.

mod arena;
mod index;
mod json;
mod template;

use std::hash::BuildHasher;

/// IDs come from cookies, so their hash is keyed (a random seed per map); foldhash is
/// several times faster than the standard library's SipHash for 32-byte IDs.
type IdHasher = foldhash::fast::RandomState;

use arena::{read_u32, read_u64, write_u32, write_u64, Arena, Handle, CLASSES};
use index::IdIndex;
use template::{Templates, MAX_TEMPLATES};

/// No session (list ends).
const NIL: u32 = u32::MAX;
/// `Header::cookie`: no cookie member.
const COOKIE_ABSENT: u32 = u32::MAX;
/// `Header::cookie`: template slot `s` is `TEMPLATE_BASE - s`; values below the templates
/// are the length of an inline cookie.
const TEMPLATE_BASE: u32 = u32::MAX - 1;
const MAX_INLINE_COOKIE: u32 = TEMPLATE_BASE - MAX_TEMPLATES as u32;
/// `Header::cookie_at`: the cookie is the first member, after an implicit `HEAD`.
const COOKIE_FIRST: u32 = u32::MAX;
const HEAD: &str = "{\"cookie\":";

/// Sweep work units, about a nanosecond each: examining a session costs `SWEEP_SCAN_COST`,
/// removing one (a handful of cache misses: index, list neighbours, the slot) this much.
pub const SWEEP_REMOVAL_COST: u64 = 400;
pub const SWEEP_SCAN_COST: u64 = 4;
/// The index is rebuilt smaller at the end of a sweep only below this many sessions, so
/// that rebuilding stays a small step.
const INDEX_SHRINK_BELOW: usize = 4096;
/// Old index tables go back to the allocator this much at a time, one step per sweep call:
/// freeing megabytes at once makes the kernel unmap thousands of pages in one go.
const RELEASE_STEP_BYTES: usize = 128 * 1024;
/// What an insert releases of the tables the index outgrew.
const PAGE_RELEASE_BYTES: usize = 4096;

/// Expiry and bounds of a `SessionMap`.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Lifetime of a session without `cookie.expires`, from its last set or touch; infinite
    /// for never.
    pub idle_ms: f64,
    /// At most this many sessions; `usize::MAX` for no bound.
    pub max_sessions: usize,
    /// At most this many bytes (see `Stats::bytes`); `u64::MAX` for no bound.
    pub max_bytes: u64,
}

impl Default for Limits {
    /// express-session's MemoryStore: sessions without an expiry never expire; no bounds.
    fn default() -> Self {
        Limits {
            idle_ms: f64::INFINITY,
            max_sessions: usize::MAX,
            max_bytes: u64::MAX,
        }
    }
}

impl Limits {
    fn bounded(&self) -> bool {
        self.max_sessions != usize::MAX || self.max_bytes != u64::MAX
    }
}

/// What the map holds and has done since it was made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Sessions held, including expired ones not swept yet.
    pub sessions: usize,
    /// UTF-8 bytes of the held sessions' IDs and JSON texts: what `Limits::max_bytes` bounds.
    pub bytes: u64,
    /// Sessions removed because they had expired.
    pub expirations: u64,
    /// Unexpired sessions removed to respect the bounds (or too large to fit them).
    pub evictions: u64,
    /// The native memory held (slots in use or free, index, templates), without the
    /// allocator's own overhead.
    pub heap_bytes: u64,
}

/// Why a session leaves the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Removal {
    Deleted,
    Expired,
    Evicted,
}

/// A session's cookie as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CookieRef {
    Absent,
    Inline(u32),
    Template(u16),
}

impl CookieRef {
    fn encode(self) -> u32 {
        match self {
            CookieRef::Absent => COOKIE_ABSENT,
            CookieRef::Inline(len) => len,
            CookieRef::Template(slot) => TEMPLATE_BASE - u32::from(slot),
        }
    }

    fn decode(value: u32) -> CookieRef {
        if value == COOKIE_ABSENT {
            CookieRef::Absent
        } else if value <= MAX_INLINE_COOKIE {
            CookieRef::Inline(value)
        } else {
            CookieRef::Template(u16::try_from(TEMPLATE_BASE - value).unwrap_or(0))
        }
    }
}

/// A cookie about to be stored.
#[derive(Debug, Clone, Copy)]
enum NewCookie<'a> {
    Absent,
    Inline(&'a str),
    Template(u16),
}

impl<'a> NewCookie<'a> {
    fn inline(self) -> &'a str {
        match self {
            NewCookie::Inline(text) => text,
            _ => "",
        }
    }
}

/// A body about to be stored: the session JSON without its cookie value, in pieces.
struct NewBody<'a> {
    pieces: [&'a str; 3],
    cookie_at: u32,
}

/// The header of a session's slot; the text follows it.
#[derive(Debug, Clone, Copy)]
struct Header {
    /// Expiry in ms since the epoch; infinite for never.
    deadline: f64,
    /// Neighbours in the list (older, newer).
    prev: u32,
    next: u32,
    /// A `CookieRef`, encoded.
    cookie: u32,
    /// Where the cookie value goes in the body, or `COOKIE_FIRST`.
    cookie_at: u32,
    id_len: u32,
    /// Bytes of text: ID, inline cookie, body.
    len: u32,
}

const AT_DEADLINE: usize = 0;
const AT_PREV: usize = 8;
const AT_NEXT: usize = 12;
const AT_COOKIE: usize = 16;
const AT_COOKIE_AT: usize = 20;
const AT_ID_LEN: usize = 24;
const AT_LEN: usize = 28;
const HEADER: usize = 32;

impl Header {
    fn read(slot: &[u8]) -> Option<Header> {
        Some(Header {
            deadline: f64::from_bits(read_u64(slot, AT_DEADLINE)?),
            prev: read_u32(slot, AT_PREV)?,
            next: read_u32(slot, AT_NEXT)?,
            cookie: read_u32(slot, AT_COOKIE)?,
            cookie_at: read_u32(slot, AT_COOKIE_AT)?,
            id_len: read_u32(slot, AT_ID_LEN)?,
            len: read_u32(slot, AT_LEN)?,
        })
    }

    fn write(&self, slot: &mut [u8]) {
        write_u64(slot, AT_DEADLINE, self.deadline.to_bits());
        write_u32(slot, AT_PREV, self.prev);
        write_u32(slot, AT_NEXT, self.next);
        write_u32(slot, AT_COOKIE, self.cookie);
        write_u32(slot, AT_COOKIE_AT, self.cookie_at);
        write_u32(slot, AT_ID_LEN, self.id_len);
        write_u32(slot, AT_LEN, self.len);
    }

    fn cookie_ref(&self) -> CookieRef {
        CookieRef::decode(self.cookie)
    }

    fn inline_len(&self) -> usize {
        match self.cookie_ref() {
            CookieRef::Inline(len) => len as usize,
            _ => 0,
        }
    }

    fn body_len(&self) -> usize {
        (self.len as usize).saturating_sub(self.id_len as usize + self.inline_len())
    }
}

/// The text of a session, cut into its parts.
struct Parts<'a> {
    id: &'a str,
    inline_cookie: &'a str,
    body: &'a str,
    cookie_at: u32,
}

impl<'a> Parts<'a> {
    /// The body around the cookie value: (before, after).
    fn around_cookie(&self) -> (&'a str, &'a str) {
        if self.cookie_at == COOKIE_FIRST {
            (HEAD, self.body)
        } else {
            self.body
                .split_at_checked(self.cookie_at as usize)
                .unwrap_or((self.body, ""))
        }
    }
}

/// Sessions by ID, with expiry, optional bounds and an incremental sweep.
#[derive(Debug)]
pub struct SessionMap {
    hasher: IdHasher,
    index: IdIndex,
    arena: Arena,
    templates: Templates,
    limits: Limits,
    /// Whether the list follows use (bounded maps) rather than insertion.
    lru: bool,
    /// Oldest and newest in the list.
    head: u32,
    tail: u32,
    bytes: u64,
    expirations: u64,
    evictions: u64,
    /// Where the sweep in progress resumes: class, slot.
    cursor: (usize, usize),
    /// Whether the sweep in progress has gone over every session and is releasing memory.
    releasing: bool,
    /// The latest `now_ms` given to a write (for `set`, which takes none).
    clock: f64,
}

impl Default for SessionMap {
    fn default() -> Self {
        SessionMap::with_limits(Limits::default())
    }
}

/// `{"cookie":<cookie>,<members of data>}`; `data` is a JSON object text.
pub fn join_cookie_and_data(cookie: &str, data: &str) -> String {
    let [a, b] = body_after_cookie(data);
    let mut out = String::with_capacity(HEAD.len() + cookie.len() + a.len() + b.len());
    out.push_str(HEAD);
    out.push_str(cookie);
    out.push_str(a);
    out.push_str(b);
    out
}

/// What follows a first `cookie` member when the other members are those of `data`.
fn body_after_cookie(data: &str) -> [&str; 2] {
    match data
        .strip_prefix('{')
        .map(str::trim_start)
        .filter(|rest| !rest.starts_with('}'))
    {
        Some(rest) => [",", rest],
        None => ["}", ""],
    }
}

/// Appends `n` in decimal.
fn push_decimal(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    loop {
        at -= 1;
        if let Some(d) = digits.get_mut(at) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || at == 0 {
            break;
        }
    }
    if let Some(text) = digits.get(at..).and_then(|d| std::str::from_utf8(d).ok()) {
        out.push_str(text);
    }
}

fn fold_hash(hash: u64) -> u32 {
    (hash ^ (hash >> 32)) as u32
}

impl SessionMap {
    /// An unbounded map whose sessions without expiry never expire (express-session's).
    pub fn new() -> SessionMap {
        SessionMap::default()
    }

    pub fn with_limits(limits: Limits) -> SessionMap {
        SessionMap {
            hasher: IdHasher::default(),
            index: IdIndex::default(),
            arena: Arena::default(),
            templates: Templates::default(),
            limits,
            lru: limits.bounded(),
            head: NIL,
            tail: NIL,
            bytes: 0,
            expirations: 0,
            evictions: 0,
            cursor: (0, 0),
            releasing: false,
            clock: 0.0,
        }
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    // ---- reading ----

    /// The session's JSON, or `None` when absent or expired (an expired one is removed).
    pub fn get(&mut self, id: &str, now_ms: f64) -> Option<String> {
        let (handle, header) = self.live(id, now_ms)?;
        self.used(handle);
        let mut out = String::new();
        self.write_json(handle, &header, &mut out);
        Some(out)
    }

    /// As `get`, but a session whose cookie is a template comes as
    /// `#<ISO date><JSON>` (dated template) or `$<JSON>`, where the JSON's `cookie` member
    /// is the template's serial number (see `cookie_template`). Other sessions come as
    /// their JSON, which never starts with `#` or `$`.
    pub fn get_packed(&mut self, id: &str, now_ms: f64) -> Option<String> {
        let (handle, header) = self.live(id, now_ms)?;
        self.used(handle);
        let mut out = String::new();
        let CookieRef::Template(slot) = header.cookie_ref() else {
            self.write_json(handle, &header, &mut out);
            return Some(out);
        };
        let parts = self.parts(handle, &header);
        let (before, after) = parts.around_cookie();
        out.reserve(before.len() + after.len() + 48);
        if self.templates.has_date(slot) {
            out.push('#');
            if let Some(iso) = template::iso_date(header.deadline) {
                template::push_iso(&mut out, &iso);
            }
        } else {
            out.push('$');
        }
        out.push_str(before);
        push_decimal(&mut out, self.templates.serial(slot));
        out.push_str(after);
        Some(out)
    }

    /// The template named `serial` as cookie JSON, its date (if it has one) `null`.
    pub fn cookie_template(&self, serial: f64) -> Option<String> {
        self.templates.placeholder_json(serial)
    }

    /// Every unexpired session as `(id, json)`, oldest first; expired ones are removed.
    pub fn all(&mut self, now_ms: f64) -> Vec<(String, String)> {
        self.prune(now_ms);
        self.snapshot()
    }

    /// The IDs of the unexpired sessions, oldest first.
    pub fn ids(&self, now_ms: f64) -> Vec<String> {
        self.listed()
            .filter(|(_, header)| header.deadline > now_ms)
            .map(|(handle, header)| self.parts(handle, &header).id.to_owned())
            .collect()
    }

    /// Every session held, expired or not, as `(id, json)`, oldest first.
    pub fn snapshot(&self) -> Vec<(String, String)> {
        self.listed()
            .map(|(handle, header)| {
                let mut json = String::new();
                self.write_json(handle, &header, &mut json);
                (self.parts(handle, &header).id.to_owned(), json)
            })
            .collect()
    }

    /// The number of unexpired sessions.
    pub fn len(&self, now_ms: f64) -> usize {
        let mut count = 0;
        for class in 0..CLASSES {
            for slot in 0..self.arena.slots_in(class) {
                let live = self
                    .arena
                    .slot(Handle::new(class, slot))
                    .filter(|bytes| !arena::is_free(bytes))
                    .and_then(|bytes| read_u64(bytes, AT_DEADLINE))
                    .is_some_and(|bits| f64::from_bits(bits) > now_ms);
                count += usize::from(live);
            }
        }
        count
    }

    pub fn is_empty(&self, now_ms: f64) -> bool {
        self.len(now_ms) == 0
    }

    pub fn stats(&self) -> Stats {
        let heap =
            self.arena.reserved_bytes() + self.index.heap_bytes() + self.templates.heap_bytes();
        Stats {
            sessions: self.index.len(),
            bytes: self.bytes,
            expirations: self.expirations,
            evictions: self.evictions,
            heap_bytes: heap as u64,
        }
    }

    // ---- writing ----

    /// `set_at` at the latest time the map was given (what maps without an idle lifetime
    /// need: their sessions' deadlines do not depend on the time they are set).
    pub fn set(&mut self, id: &str, cookie: Option<String>, data: String, expires_ms: f64) {
        self.set_at(id, cookie.as_deref(), &data, expires_ms, self.clock);
    }

    /// Stores a session given as its cookie JSON and the JSON of the rest of it (`data`,
    /// an object, the cookie coming first), or, without `cookie`, as its whole JSON (whose
    /// `cookie` member, if any, is found and kept in place).
    pub fn set_at(
        &mut self,
        id: &str,
        cookie: Option<&str>,
        data: &str,
        expires_ms: f64,
        now_ms: f64,
    ) {
        self.clock = now_ms;
        let deadline = self.deadline_for(expires_ms, now_ms);
        match cookie {
            Some(cookie) => {
                let new_cookie = self.resolve(cookie, expires_ms);
                let [a, b] = body_after_cookie(data);
                let body = NewBody {
                    pieces: [a, b, ""],
                    cookie_at: COOKIE_FIRST,
                };
                self.store(id, new_cookie, body, deadline, now_ms);
            }
            None => match json::find_member(data, "cookie") {
                Some(range) => {
                    let cookie = data.get(range.clone()).unwrap_or("");
                    let new_cookie = self.resolve(cookie, expires_ms);
                    let before = data.get(..range.start).unwrap_or("");
                    let after = data.get(range.end..).unwrap_or("");
                    let body = if before == HEAD {
                        NewBody {
                            pieces: [after, "", ""],
                            cookie_at: COOKIE_FIRST,
                        }
                    } else {
                        NewBody {
                            pieces: [before, after, ""],
                            cookie_at: u32::try_from(range.start).unwrap_or(u32::MAX - 1),
                        }
                    };
                    self.store(id, new_cookie, body, deadline, now_ms);
                }
                None => {
                    let body = NewBody {
                        pieces: [data, "", ""],
                        cookie_at: 0,
                    };
                    self.store(id, NewCookie::Absent, body, deadline, now_ms);
                }
            },
        }
    }

    /// As `set` with a cookie, the cookie being the template named `serial` (dated with
    /// `expires_ms` if it has a date). False, storing nothing, when there is no such
    /// template or it cannot print that date.
    pub fn set_templated(
        &mut self,
        id: &str,
        serial: f64,
        data: &str,
        expires_ms: f64,
        now_ms: f64,
    ) -> bool {
        self.clock = now_ms;
        let Some(slot) = self.templates.by_serial(serial, expires_ms) else {
            return false;
        };
        let deadline = self.deadline_for(expires_ms, now_ms);
        let [a, b] = body_after_cookie(data);
        let body = NewBody {
            pieces: [a, b, ""],
            cookie_at: COOKIE_FIRST,
        };
        self.store(id, NewCookie::Template(slot), body, deadline, now_ms);
        true
    }

    /// The serial of the template `cookie` (with expiry `expires_ms`) is stored as, made if
    /// needed; `None` when it would be stored inline.
    pub fn intern_cookie(&mut self, cookie: &str, expires_ms: f64) -> Option<f64> {
        let slot = self.templates.intern(cookie, expires_ms)?;
        Some(self.templates.serial(slot) as f64)
    }

    /// Replaces the cookie of a stored, unexpired session (adding a `cookie` member last if
    /// it had none) and renews its lifetime; returns whether one was there.
    pub fn touch(&mut self, id: &str, cookie: String, expires_ms: f64, now_ms: f64) -> bool {
        self.clock = now_ms;
        let Some((handle, header)) = self.live(id, now_ms) else {
            return false;
        };
        let new_cookie = self.resolve(&cookie, expires_ms);
        self.retouch(handle, header, new_cookie, expires_ms, now_ms)
    }

    /// As `touch`, with the cookie being the template named `serial`; `None` (touching
    /// nothing) when there is no such template or it cannot print that date.
    pub fn touch_templated(
        &mut self,
        id: &str,
        serial: f64,
        expires_ms: f64,
        now_ms: f64,
    ) -> Option<bool> {
        self.clock = now_ms;
        let slot = self.templates.by_serial(serial, expires_ms)?;
        let Some((handle, header)) = self.live(id, now_ms) else {
            return Some(false);
        };
        Some(self.retouch(
            handle,
            header,
            NewCookie::Template(slot),
            expires_ms,
            now_ms,
        ))
    }

    pub fn destroy(&mut self, id: &str) {
        if let Some(handle) = self.position(id, self.hash_of(id)) {
            self.remove(handle, Removal::Deleted);
        }
    }

    pub fn clear(&mut self) {
        self.index.clear();
        self.arena = Arena::default();
        self.templates.clear();
        self.head = NIL;
        self.tail = NIL;
        self.bytes = 0;
        self.cursor = (0, 0);
        self.releasing = false;
    }

    // ---- expiry ----

    /// Advances the sweep: removes expired sessions, then gives back memory no longer
    /// needed, spending at most about `budget` work units (about a nanosecond each; see
    /// `SWEEP_REMOVAL_COST`). Returns true when a whole pass has completed (the next call
    /// starts another).
    pub fn sweep(&mut self, now_ms: f64, budget: u64) -> bool {
        let mut spent = 0u64;
        if !self.releasing {
            loop {
                if spent >= budget {
                    return false;
                }
                let (class, slot) = self.cursor;
                if class >= CLASSES {
                    break;
                }
                if slot >= self.arena.slots_in(class) {
                    self.cursor = (class + 1, 0);
                    spent += 1;
                    continue;
                }
                self.cursor = (class, slot + 1);
                let handle = Handle::new(class, slot);
                let expired = self
                    .arena
                    .slot(handle)
                    .filter(|bytes| !arena::is_free(bytes))
                    .and_then(|bytes| read_u64(bytes, AT_DEADLINE))
                    .is_some_and(|bits| f64::from_bits(bits) <= now_ms);
                if expired {
                    self.remove(handle.0, Removal::Expired);
                    spent += SWEEP_REMOVAL_COST;
                } else {
                    spent += SWEEP_SCAN_COST;
                }
            }
            self.cursor = (0, 0);
            self.plan_release();
            self.releasing = true;
        }
        // One step per call at most: the kernel takes freed pages back in batches, and
        // several steps in a row can meet one of those.
        loop {
            if self.index.release_step(RELEASE_STEP_BYTES) == 0 {
                self.releasing = false;
                return true;
            }
            if budget != u64::MAX {
                return false;
            }
        }
    }

    /// Removes every expired session now; returns how many.
    pub fn prune(&mut self, now_ms: f64) -> usize {
        let before = self.expirations;
        self.cursor = (0, 0);
        self.releasing = false;
        self.sweep(now_ms, u64::MAX);
        (self.expirations - before) as usize
    }

    /// After a pass: rebuilds the index smaller when it is far too large and that is cheap.
    fn plan_release(&mut self) {
        if self.index.len() <= INDEX_SHRINK_BELOW && self.index.is_oversized() {
            let sessions: Vec<(u32, u32)> = self
                .listed()
                .map(|(handle, header)| (self.hash_of(self.parts(handle, &header).id), handle))
                .collect();
            self.index.shrink(sessions.into_iter());
        }
    }

    fn deadline_for(&self, expires_ms: f64, now_ms: f64) -> f64 {
        let deadline = if expires_ms.is_finite() {
            expires_ms
        } else {
            now_ms + self.limits.idle_ms
        };
        // A NaN deadline (a NaN clock) would never expire; make that explicit.
        if deadline.is_nan() {
            f64::INFINITY
        } else {
            deadline
        }
    }

    // ---- internals ----

    fn hash_of(&self, id: &str) -> u32 {
        fold_hash(self.hasher.hash_one(id))
    }

    fn header(&self, handle: u32) -> Option<Header> {
        self.arena.slot(Handle(handle)).and_then(Header::read)
    }

    fn set_link(&mut self, handle: u32, at: usize, value: u32) {
        if let Some(bytes) = self.arena.slot_mut(Handle(handle)) {
            write_u32(bytes, at, value);
        }
    }

    /// The handle of the session `id` (whose hash is `hash`).
    fn position(&self, id: &str, hash: u32) -> Option<u32> {
        let arena = &self.arena;
        let id_len = u32::try_from(id.len()).ok()?;
        self.index
            .find(hash, |handle| {
                arena.slot(Handle(handle)).is_some_and(|bytes| {
                    read_u32(bytes, AT_ID_LEN) == Some(id_len)
                        && bytes.get(HEADER..HEADER + id.len()) == Some(id.as_bytes())
                })
            })
            .map(|(_, handle)| handle)
    }

    /// The session if it is there and unexpired; an expired one is removed.
    fn live(&mut self, id: &str, now_ms: f64) -> Option<(u32, Header)> {
        let handle = self.position(id, self.hash_of(id))?;
        let header = self.header(handle)?;
        if header.deadline <= now_ms {
            self.remove(handle, Removal::Expired);
            return None;
        }
        Some((handle, header))
    }

    fn parts(&self, handle: u32, header: &Header) -> Parts<'_> {
        let end = HEADER + header.len as usize;
        let text = self
            .arena
            .slot(Handle(handle))
            .and_then(|bytes| bytes.get(HEADER..end))
            .and_then(|bytes| std::str::from_utf8(bytes).ok())
            .unwrap_or("");
        let id_end = header.id_len as usize;
        let cookie_end = id_end + header.inline_len();
        Parts {
            id: text.get(..id_end).unwrap_or(""),
            inline_cookie: text.get(id_end..cookie_end).unwrap_or(""),
            body: text.get(cookie_end..).unwrap_or(""),
            cookie_at: header.cookie_at,
        }
    }

    /// Sessions along the list, oldest first.
    fn listed(&self) -> impl Iterator<Item = (u32, Header)> + '_ {
        let mut at = self.head;
        std::iter::from_fn(move || {
            let handle = at;
            let header = self.header(handle)?;
            at = header.next;
            Some((handle, header))
        })
    }

    fn resolve<'a>(&mut self, cookie: &'a str, expires_ms: f64) -> NewCookie<'a> {
        match self.templates.intern(cookie, expires_ms) {
            Some(slot) => NewCookie::Template(slot),
            None => NewCookie::Inline(cookie),
        }
    }

    fn cookie_len(&self, cookie: CookieRef) -> usize {
        match cookie {
            CookieRef::Absent => 0,
            CookieRef::Inline(len) => len as usize,
            CookieRef::Template(slot) => self.templates.rendered_len(slot),
        }
    }

    /// Bytes a session counts for: its ID and its JSON.
    fn logical_len(&self, header: &Header) -> u64 {
        let cookie = header.cookie_ref();
        let head = if cookie != CookieRef::Absent && header.cookie_at == COOKIE_FIRST {
            HEAD.len()
        } else {
            0
        };
        (header.id_len as usize + head + self.cookie_len(cookie) + header.body_len()) as u64
    }

    fn write_json(&self, handle: u32, header: &Header, out: &mut String) {
        let parts = self.parts(handle, header);
        let cookie = header.cookie_ref();
        if cookie == CookieRef::Absent {
            out.push_str(parts.body);
            return;
        }
        let (before, after) = parts.around_cookie();
        out.reserve(before.len() + after.len() + self.cookie_len(cookie));
        out.push_str(before);
        match cookie {
            CookieRef::Absent => {}
            CookieRef::Inline(_) => out.push_str(parts.inline_cookie),
            CookieRef::Template(slot) => self.templates.render(slot, header.deadline, out),
        }
        out.push_str(after);
    }

    fn cookie_ref_of(cookie: NewCookie<'_>) -> Option<CookieRef> {
        Some(match cookie {
            NewCookie::Absent => CookieRef::Absent,
            NewCookie::Template(slot) => CookieRef::Template(slot),
            NewCookie::Inline(text) => {
                let len = u32::try_from(text.len())
                    .ok()
                    .filter(|&l| l <= MAX_INLINE_COOKIE)?;
                CookieRef::Inline(len)
            }
        })
    }

    /// Writes a session's header and text (the concatenation of `pieces`) into its slot.
    fn fill(&mut self, handle: u32, header: &Header, pieces: &[&str]) {
        let Some(bytes) = self.arena.slot_mut(Handle(handle)) else {
            return;
        };
        header.write(bytes);
        let mut at = HEADER;
        for piece in pieces {
            if let Some(target) = bytes.get_mut(at..at + piece.len()) {
                target.copy_from_slice(piece.as_bytes());
            }
            at += piece.len();
        }
    }

    /// Inserts or replaces the session `id`.
    fn store(
        &mut self,
        id: &str,
        cookie: NewCookie<'_>,
        body: NewBody<'_>,
        deadline: f64,
        now_ms: f64,
    ) {
        let [b0, b1, b2] = body.pieces;
        let pieces = [id, cookie.inline(), b0, b1, b2];
        let total: usize = pieces.iter().map(|p| p.len()).sum();
        let hash = self.hash_of(id);
        let fits = Self::cookie_ref_of(cookie)
            .zip(u32::try_from(id.len()).ok())
            .zip(u32::try_from(total).ok());
        let Some(((cookie_ref, id_len), len)) = fits else {
            // Over 4 GiB: not storable; what was there is gone, as if evicted.
            self.destroy(id);
            self.evictions += 1;
            return;
        };
        if let CookieRef::Template(t) = cookie_ref {
            self.templates.acquire(t);
        }
        let header = Header {
            deadline,
            prev: NIL,
            next: NIL,
            cookie: cookie_ref.encode(),
            cookie_at: body.cookie_at,
            id_len,
            len,
        };
        let handle = match self.position(id, hash) {
            // A failed rewrite removed the session and counted it.
            Some(handle) => self.rewrite(handle, hash, header, &pieces),
            None => {
                let inserted = self.insert(hash, header, &pieces);
                if inserted.is_none() {
                    self.evictions += 1;
                }
                inserted
            }
        };
        match handle {
            Some(handle) => self.enforce_limits(handle, now_ms),
            None => {
                if let CookieRef::Template(t) = cookie_ref {
                    self.templates.release(t);
                }
            }
        }
    }

    /// Adds a new session; `None` when there is no room for it.
    fn insert(&mut self, hash: u32, header: Header, pieces: &[&str]) -> Option<u32> {
        let handle = self.arena.alloc(HEADER + header.len as usize)?.0;
        self.fill(handle, &header, pieces);
        self.index.insert(hash, handle);
        // Tables the index outgrew go back a page per new session, so that they do not
        // wait for a sweep.
        self.index.release_step(PAGE_RELEASE_BYTES);
        self.link_newest(handle);
        self.bytes += self.logical_len(&header);
        Some(handle)
    }

    /// Gives the session at `handle` (whose ID hashes to `hash`) new text, cookie and
    /// deadline, same ID; returns its handle, which changes when the text needs another size
    /// of slot, or `None` when it could not be stored (it is then removed).
    fn rewrite(
        &mut self,
        handle: u32,
        hash: u32,
        mut header: Header,
        pieces: &[&str],
    ) -> Option<u32> {
        let old = self.header(handle)?;
        let old_len = self.logical_len(&old);
        if let CookieRef::Template(t) = old.cookie_ref() {
            self.templates.release(t);
        }
        header.prev = old.prev;
        header.next = old.next;
        let size = HEADER + header.len as usize;
        let target = if self.arena.fits(Handle(handle), size) {
            handle
        } else {
            let Some(moved) = self.arena.alloc(size) else {
                // Treat it as removed (the old cookie's template was released above).
                self.drop_session(handle, &old, Removal::Evicted, false);
                return None;
            };
            moved.0
        };
        self.fill(target, &header, pieces);
        if target != handle {
            if let Some(at) = self.index.slot_of(hash, handle) {
                self.index.repoint(at, target);
            }
            self.relink(&header, target);
            self.arena.free(Handle(handle));
        }
        self.bytes = self.bytes.saturating_sub(old_len) + self.logical_len(&header);
        self.used(target);
        Some(target)
    }

    /// The touch of an existing, unexpired session.
    fn retouch(
        &mut self,
        handle: u32,
        header: Header,
        cookie: NewCookie<'_>,
        expires_ms: f64,
        now_ms: f64,
    ) -> bool {
        let Some(cookie_ref) = Self::cookie_ref_of(cookie) else {
            return false;
        };
        let parts = self.parts(handle, &header);
        let hash = self.hash_of(parts.id);
        let inline = cookie.inline();
        let mut text = String::with_capacity(parts.id.len() + inline.len() + parts.body.len() + 10);
        text.push_str(parts.id);
        text.push_str(inline);
        let cookie_at = if header.cookie_ref() == CookieRef::Absent {
            // express-session assigns `cookie`: a new member, last.
            let mut is_empty = true;
            let object = json::for_each_member(parts.body, |_, _| {
                is_empty = false;
                false
            });
            let Some(open) = object.and_then(|()| parts.body.trim_end().strip_suffix('}')) else {
                return false;
            };
            let member = if is_empty {
                "\"cookie\":"
            } else {
                ",\"cookie\":"
            };
            text.push_str(open);
            text.push_str(member);
            text.push('}');
            u32::try_from(open.len() + member.len()).unwrap_or(u32::MAX - 1)
        } else {
            text.push_str(parts.body);
            header.cookie_at
        };
        let Ok(len) = u32::try_from(text.len()) else {
            return false;
        };
        if let CookieRef::Template(t) = cookie_ref {
            self.templates.acquire(t);
        }
        let new_header = Header {
            deadline: self.deadline_for(expires_ms, now_ms),
            cookie: cookie_ref.encode(),
            cookie_at,
            len,
            ..header
        };
        match self.rewrite(handle, hash, new_header, &[&text]) {
            Some(target) => {
                self.enforce_limits(target, now_ms);
                true
            }
            None => {
                if let CookieRef::Template(t) = cookie_ref {
                    self.templates.release(t);
                }
                false
            }
        }
    }

    /// Evicts the least recently used sessions until the bounds hold; `keep` (just written)
    /// goes only when it alone is over them.
    fn enforce_limits(&mut self, keep: u32, now_ms: f64) {
        let too_big = self
            .header(keep)
            .is_some_and(|h| self.logical_len(&h) > self.limits.max_bytes);
        if too_big {
            self.remove(keep, Removal::Evicted);
            return;
        }
        while self.index.len() > self.limits.max_sessions || self.bytes > self.limits.max_bytes {
            let victim = self.head;
            if victim == NIL || victim == keep {
                break;
            }
            let expired = self.header(victim).is_some_and(|h| h.deadline <= now_ms);
            let reason = if expired {
                Removal::Expired
            } else {
                Removal::Evicted
            };
            self.remove(victim, reason);
        }
    }

    /// Marks the session as just used (bounded maps keep the list by use).
    fn used(&mut self, handle: u32) {
        if self.lru && self.tail != handle {
            if let Some(header) = self.header(handle) {
                self.unlink(&header);
                self.link_newest(handle);
            }
        }
    }

    fn link_newest(&mut self, handle: u32) {
        let old_tail = self.tail;
        self.set_link(handle, AT_PREV, old_tail);
        self.set_link(handle, AT_NEXT, NIL);
        if old_tail == NIL {
            self.head = handle;
        } else {
            self.set_link(old_tail, AT_NEXT, handle);
        }
        self.tail = handle;
    }

    /// Takes the session with this header out of the list.
    fn unlink(&mut self, header: &Header) {
        let (prev, next) = (header.prev, header.next);
        if prev == NIL {
            self.head = next;
        } else {
            self.set_link(prev, AT_NEXT, next);
        }
        if next == NIL {
            self.tail = prev;
        } else {
            self.set_link(next, AT_PREV, prev);
        }
    }

    /// Points the neighbours of a session (per `header`) at its new handle.
    fn relink(&mut self, header: &Header, handle: u32) {
        if header.prev == NIL {
            self.head = handle;
        } else {
            self.set_link(header.prev, AT_NEXT, handle);
        }
        if header.next == NIL {
            self.tail = handle;
        } else {
            self.set_link(header.next, AT_PREV, handle);
        }
    }

    fn remove(&mut self, handle: u32, why: Removal) {
        if let Some(header) = self.header(handle) {
            self.drop_session(handle, &header, why, true);
        }
    }

    /// Takes a session out of the index, the list and the arena, and counts it.
    fn drop_session(&mut self, handle: u32, header: &Header, why: Removal, release_cookie: bool) {
        let hash = self.hash_of(self.parts(handle, header).id);
        if let Some(at) = self.index.slot_of(hash, handle) {
            self.index.remove_slot(at);
        }
        self.unlink(header);
        if release_cookie {
            if let CookieRef::Template(t) = header.cookie_ref() {
                self.templates.release(t);
            }
        }
        self.bytes = self.bytes.saturating_sub(self.logical_len(header));
        self.arena.free(Handle(handle));
        match why {
            Removal::Deleted => {}
            Removal::Expired => self.expirations += 1,
            Removal::Evicted => self.evictions += 1,
        }
    }
}

#[cfg(test)]
mod tests;
