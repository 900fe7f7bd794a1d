//! Writing sessions: set (whole JSON, cookie and body, or templated cookie) and touch.

use super::arena::{Arena, Handle};
use super::json;
use super::session_json::{body_after_cookie, NewBody, NewCookie, HEAD};
use super::slot::{CookieRef, Header, COOKIE_FIRST, HEADER, NIL};
use super::template;
use super::{Removal, SessionMap};

/// What an insert releases of the tables the index outgrew.
pub(super) const PAGE_RELEASE_BYTES: usize = 4096;

impl SessionMap {
    /// `set_at` at the latest time the map was given (what maps without an idle lifetime
    /// need: their sessions' deadlines do not depend on the time they are set).
    pub fn set(&mut self, id: &str, cookie: Option<&str>, data: &str, expires_ms: f64) {
        self.set_at(id, cookie, data, expires_ms, self.clock);
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
            None => {
                if let Some(range) = json::find_member(data, "cookie") {
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
                } else {
                    let body = NewBody {
                        pieces: [data, "", ""],
                        cookie_at: 0,
                    };
                    self.store(id, NewCookie::Absent, body, deadline, now_ms);
                }
            }
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
        Some(template::serial_number(self.templates.serial(slot)))
    }

    /// Replaces the cookie of a stored, unexpired session (adding a `cookie` member last if
    /// it had none) and renews its lifetime; returns whether one was there.
    pub fn touch(&mut self, id: &str, cookie: &str, expires_ms: f64, now_ms: f64) -> bool {
        self.clock = now_ms;
        let Some((handle, header)) = self.live(id, now_ms) else {
            return false;
        };
        let new_cookie = self.resolve(cookie, expires_ms);
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

    pub(super) fn store(
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
        let handle = if let Some(handle) = self.position(id, hash) {
            // A failed rewrite removed the session and counted it.
            self.rewrite(handle, hash, header, &pieces)
        } else {
            let inserted = self.insert(hash, header, &pieces);
            if inserted.is_none() {
                self.evictions += 1;
            }
            inserted
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
    pub(super) fn insert(&mut self, hash: u32, header: Header, pieces: &[&str]) -> Option<u32> {
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
    pub(super) fn rewrite(
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
        let target = if Arena::fits(Handle(handle), size) {
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
    pub(super) fn retouch(
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
        if let Some(target) = self.rewrite(handle, hash, new_header, &[&text]) {
            self.enforce_limits(target, now_ms);
            true
        } else {
            if let CookieRef::Template(t) = cookie_ref {
                self.templates.release(t);
            }
            false
        }
    }
}
