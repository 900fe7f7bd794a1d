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
//!
//! # Files
//! `slot` (header and text of a session), `session_json` (cookie apart from body),
//! `read`, `write`, `list` (insertion or use order), `limits` (expiry and eviction),
//! `sweep`, `merge` (a patch of top-level members); beneath them `arena`, `index`,
//! `template` and `json`.

mod arena;
mod index;
mod json;
mod limits;
mod list;
mod merge;
mod read;
mod session_json;
mod slot;
mod sweep;
mod template;
mod write;

use std::hash::BuildHasher;

use arena::{read_u32, Arena, Handle};
use index::IdIndex;
use slot::{CookieRef, Header, AT_ID_LEN, HEADER, NIL};
use template::Templates;

pub use limits::Limits;
pub(crate) use merge::members as object_members;
pub use session_json::join_cookie_and_data;
pub use sweep::{SWEEP_REMOVAL_COST, SWEEP_SCAN_COST};

/// The markers of `get_packed`'s text (see [`SessionMap::get_packed`]).
pub mod packed {
    /// Starts the text of a session with a dated template; the date follows.
    pub const DATED: char = '#';
    /// Starts the text of a session with an undated template.
    pub const UNDATED: char = '$';
    /// Where the JSON starts after [`DATED`]: the marker and a 24-character ISO date.
    pub const DATED_BODY_AT: usize = 1 + super::template::ISO_LEN;
    /// Where the JSON starts after [`UNDATED`].
    pub const UNDATED_BODY_AT: usize = 1;
}

/// IDs come from cookies, so their hash is keyed (a random seed per map); foldhash is
/// several times faster than the standard library's SipHash for 32-byte IDs.
type IdHasher = foldhash::fast::RandomState;

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
        Self::with_limits(Limits::default())
    }
}

fn fold_hash(hash: u64) -> u32 {
    index::low_half(hash ^ (hash >> 32))
}

impl SessionMap {
    /// An unbounded map whose sessions without expiry never expire (express-session's).
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    #[must_use]
    pub fn with_limits(limits: Limits) -> Self {
        Self {
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

    #[must_use]
    pub fn limits(&self) -> Limits {
        self.limits
    }

    #[must_use]
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

    fn hash_of(&self, id: &str) -> u32 {
        fold_hash(self.hasher.hash_one(id))
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
