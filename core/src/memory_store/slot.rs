//! A session's slot: a fixed header, then its text (ID, inline cookie, body).

use super::arena::{read_u32, read_u64, write_u32, write_u64, Handle};
use super::session_json::HEAD;
use super::template::MAX_TEMPLATES;
use super::SessionMap;

/// No session (list ends).
pub(super) const NIL: u32 = u32::MAX;
/// `Header::cookie`: no cookie member.
pub(super) const COOKIE_ABSENT: u32 = u32::MAX;
/// `Header::cookie`: template slot `s` is `TEMPLATE_BASE - s`; values below the templates
/// are the length of an inline cookie.
pub(super) const TEMPLATE_BASE: u32 = u32::MAX - 1;
#[expect(clippy::cast_possible_truncation, reason = "MAX_TEMPLATES is 64")]
pub(super) const MAX_INLINE_COOKIE: u32 = TEMPLATE_BASE - MAX_TEMPLATES as u32;
/// `Header::cookie_at`: the cookie is the first member, after an implicit `HEAD`.
pub(super) const COOKIE_FIRST: u32 = u32::MAX;

/// A session's cookie as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum CookieRef {
    Absent,
    Inline(u32),
    Template(u16),
}

impl CookieRef {
    pub(super) fn encode(self) -> u32 {
        match self {
            Self::Absent => COOKIE_ABSENT,
            Self::Inline(len) => len,
            Self::Template(slot) => TEMPLATE_BASE - u32::from(slot),
        }
    }

    pub(super) fn decode(value: u32) -> Self {
        if value == COOKIE_ABSENT {
            Self::Absent
        } else if value <= MAX_INLINE_COOKIE {
            Self::Inline(value)
        } else {
            let slot = u16::try_from(TEMPLATE_BASE - value);
            debug_assert!(
                slot.is_ok(),
                "cookie field {value:#x} names no template slot"
            );
            Self::Template(slot.unwrap_or(0))
        }
    }
}

/// The header of a session's slot; the text follows it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Header {
    /// Expiry in ms since the epoch; infinite for never.
    pub(super) deadline: f64,
    /// Neighbours in the list (older, newer).
    pub(super) prev: u32,
    pub(super) next: u32,
    /// A `CookieRef`, encoded.
    pub(super) cookie: u32,
    /// Where the cookie value goes in the body, or `COOKIE_FIRST`.
    pub(super) cookie_at: u32,
    pub(super) id_len: u32,
    /// Bytes of text: ID, inline cookie, body.
    pub(super) len: u32,
}

pub(super) const AT_DEADLINE: usize = 0;
pub(super) const AT_PREV: usize = 8;
pub(super) const AT_NEXT: usize = 12;
pub(super) const AT_COOKIE: usize = 16;
pub(super) const AT_COOKIE_AT: usize = 20;
pub(super) const AT_ID_LEN: usize = 24;
pub(super) const AT_LEN: usize = 28;
pub(super) const HEADER: usize = 32;

impl Header {
    pub(super) fn read(slot: &[u8]) -> Option<Self> {
        Some(Self {
            deadline: f64::from_bits(read_u64(slot, AT_DEADLINE)?),
            prev: read_u32(slot, AT_PREV)?,
            next: read_u32(slot, AT_NEXT)?,
            cookie: read_u32(slot, AT_COOKIE)?,
            cookie_at: read_u32(slot, AT_COOKIE_AT)?,
            id_len: read_u32(slot, AT_ID_LEN)?,
            len: read_u32(slot, AT_LEN)?,
        })
    }

    pub(super) fn write(&self, slot: &mut [u8]) {
        write_u64(slot, AT_DEADLINE, self.deadline.to_bits());
        write_u32(slot, AT_PREV, self.prev);
        write_u32(slot, AT_NEXT, self.next);
        write_u32(slot, AT_COOKIE, self.cookie);
        write_u32(slot, AT_COOKIE_AT, self.cookie_at);
        write_u32(slot, AT_ID_LEN, self.id_len);
        write_u32(slot, AT_LEN, self.len);
    }

    pub(super) fn cookie_ref(&self) -> CookieRef {
        CookieRef::decode(self.cookie)
    }

    pub(super) fn inline_len(&self) -> usize {
        match self.cookie_ref() {
            CookieRef::Inline(len) => len as usize,
            _ => 0,
        }
    }

    pub(super) fn body_len(&self) -> usize {
        (self.len as usize).saturating_sub(self.id_len as usize + self.inline_len())
    }
}

/// The text of a session, cut into its parts.
pub(super) struct Parts<'a> {
    pub(super) id: &'a str,
    pub(super) inline_cookie: &'a str,
    pub(super) body: &'a str,
    pub(super) cookie_at: u32,
}

impl<'a> Parts<'a> {
    /// The body around the cookie value: (before, after).
    pub(super) fn around_cookie(&self) -> (&'a str, &'a str) {
        if self.cookie_at == COOKIE_FIRST {
            (HEAD, self.body)
        } else {
            let split = self.body.split_at_checked(self.cookie_at as usize);
            debug_assert!(
                split.is_some(),
                "the cookie goes at {} of a shorter body",
                self.cookie_at
            );
            split.unwrap_or((self.body, ""))
        }
    }
}

impl SessionMap {
    pub(super) fn header(&self, handle: u32) -> Option<Header> {
        self.arena.slot(Handle(handle)).and_then(Header::read)
    }

    pub(super) fn set_link(&mut self, handle: u32, at: usize, value: u32) {
        let bytes = self.arena.slot_mut(Handle(handle));
        debug_assert!(
            bytes.is_some(),
            "linking to slot {handle:#x}, which is not there"
        );
        if let Some(bytes) = bytes {
            write_u32(bytes, at, value);
        }
    }

    pub(super) fn parts(&self, handle: u32, header: &Header) -> Parts<'_> {
        let end = HEADER + header.len as usize;
        let text = self
            .arena
            .slot(Handle(handle))
            .and_then(|bytes| bytes.get(HEADER..end))
            .and_then(|bytes| std::str::from_utf8(bytes).ok());
        debug_assert!(text.is_some(), "slot {handle:#x} does not hold its text");
        let text = text.unwrap_or("");
        let id_end = header.id_len as usize;
        let cookie_end = id_end + header.inline_len();
        debug_assert!(
            text.is_char_boundary(id_end) && text.is_char_boundary(cookie_end),
            "the header's lengths do not cut the text of slot {handle:#x} into its parts"
        );
        Parts {
            id: text.get(..id_end).unwrap_or(""),
            inline_cookie: text.get(id_end..cookie_end).unwrap_or(""),
            body: text.get(cookie_end..).unwrap_or(""),
            cookie_at: header.cookie_at,
        }
    }

    pub(super) fn fill(&mut self, handle: u32, header: &Header, pieces: &[&str]) {
        let Some(bytes) = self.arena.slot_mut(Handle(handle)) else {
            debug_assert!(false, "filling slot {handle:#x}, which is not there");
            return;
        };
        let text_len: usize = pieces.iter().map(|piece| piece.len()).sum();
        debug_assert!(
            text_len == header.len as usize && HEADER + text_len <= bytes.len(),
            "{text_len} bytes of text for a header of {} in a slot of {}",
            header.len,
            bytes.len()
        );
        header.write(bytes);
        let mut at = HEADER;
        for piece in pieces {
            if let Some(target) = bytes.get_mut(at..at + piece.len()) {
                target.copy_from_slice(piece.as_bytes());
            }
            at += piece.len();
        }
    }
}
