//! Reading sessions: one by ID (plain or packed), or all of them.

use super::arena::{self, read_u64, Handle, CLASSES};
use super::slot::{CookieRef, AT_DEADLINE};
use super::template;
use super::{packed, SessionMap};
use crate::digits::push_decimal;

impl SessionMap {
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
            // A dated template is used only with a deadline it can print.
            let Some(iso) = template::iso_date(header.deadline) else {
                debug_assert!(false, "a dated template with an unprintable deadline");
                self.write_json(handle, &header, &mut out);
                return Some(out);
            };
            out.push(packed::DATED);
            template::push_iso(&mut out, &iso);
        } else {
            out.push(packed::UNDATED);
        }
        out.push_str(before);
        push_decimal(&mut out, self.templates.serial(slot));
        out.push_str(after);
        Some(out)
    }

    /// The template named `serial` as cookie JSON, its date (if it has one) `null`.
    #[must_use]
    pub fn cookie_template(&self, serial: f64) -> Option<String> {
        self.templates.placeholder_json(serial)
    }

    /// Every unexpired session as `(id, json)`, oldest first; expired ones are removed.
    pub fn all(&mut self, now_ms: f64) -> Vec<(String, String)> {
        self.prune(now_ms);
        self.snapshot()
    }

    /// The IDs of the unexpired sessions, oldest first.
    #[must_use]
    pub fn ids(&self, now_ms: f64) -> Vec<String> {
        self.listed()
            .filter(|(_, header)| header.deadline > now_ms)
            .map(|(handle, header)| self.parts(handle, &header).id.to_owned())
            .collect()
    }

    /// Every session held, expired or not, as `(id, json)`, oldest first.
    #[must_use]
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
    #[must_use]
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

    #[must_use]
    pub fn is_empty(&self, now_ms: f64) -> bool {
        self.len(now_ms) == 0
    }
}
