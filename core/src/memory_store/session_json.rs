//! A session's JSON as stored: its `cookie` member's value apart from the rest (the body).

use super::slot::{CookieRef, Header, COOKIE_FIRST, MAX_INLINE_COOKIE};
use super::SessionMap;

/// How a session whose cookie is its first member starts; not stored, implied by
/// `COOKIE_FIRST`.
pub(super) const HEAD: &str = "{\"cookie\":";

/// A cookie about to be stored.
#[derive(Debug, Clone, Copy)]
pub(super) enum NewCookie<'a> {
    Absent,
    Inline(&'a str),
    Template(u16),
}

impl<'a> NewCookie<'a> {
    pub(super) fn inline(self) -> &'a str {
        match self {
            NewCookie::Inline(text) => text,
            _ => "",
        }
    }
}

/// A body about to be stored: the session JSON without its cookie value, in pieces.
#[derive(Clone, Copy)]
pub(super) struct NewBody<'a> {
    pub(super) pieces: [&'a str; 3],
    pub(super) cookie_at: u32,
}

/// `{"cookie":<cookie>,<members of data>}`; `data` is a JSON object text.
#[must_use]
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
pub(super) fn body_after_cookie(data: &str) -> [&str; 2] {
    data.strip_prefix('{')
        .map(str::trim_start)
        .filter(|rest| !rest.starts_with('}'))
        .map_or(["}", ""], |rest| [",", rest])
}

impl SessionMap {
    pub(super) fn resolve<'a>(&mut self, cookie: &'a str, expires_ms: f64) -> NewCookie<'a> {
        self.templates
            .intern(cookie, expires_ms)
            .map_or(NewCookie::Inline(cookie), NewCookie::Template)
    }

    pub(super) fn cookie_len(&self, cookie: CookieRef) -> usize {
        match cookie {
            CookieRef::Absent => 0,
            CookieRef::Inline(len) => len as usize,
            CookieRef::Template(slot) => self.templates.rendered_len(slot),
        }
    }

    /// Bytes a session counts for: its ID and its JSON.
    pub(super) fn logical_len(&self, header: &Header) -> u64 {
        let cookie = header.cookie_ref();
        let head = if cookie != CookieRef::Absent && header.cookie_at == COOKIE_FIRST {
            HEAD.len()
        } else {
            0
        };
        (header.id_len as usize + head + self.cookie_len(cookie) + header.body_len()) as u64
    }

    pub(super) fn write_json(&self, handle: u32, header: &Header, out: &mut String) {
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

    pub(super) fn cookie_ref_of(cookie: NewCookie<'_>) -> Option<CookieRef> {
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
}
