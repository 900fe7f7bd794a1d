//! The list of sessions, oldest first: by insertion, or by last use in bounded maps.

use super::slot::{Header, AT_NEXT, AT_PREV, NIL};
use super::SessionMap;

impl SessionMap {
    /// Sessions along the list, oldest first.
    pub(super) fn listed(&self) -> impl Iterator<Item = (u32, Header)> + '_ {
        let mut at = self.head;
        std::iter::from_fn(move || {
            let handle = at;
            let header = self.header(handle)?;
            at = header.next;
            Some((handle, header))
        })
    }

    /// Marks the session as just used (bounded maps keep the list by use).
    pub(super) fn used(&mut self, handle: u32) {
        if self.lru && self.tail != handle {
            if let Some(header) = self.header(handle) {
                self.unlink(&header);
                self.link_newest(handle);
            }
        }
    }

    pub(super) fn link_newest(&mut self, handle: u32) {
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
    pub(super) fn unlink(&mut self, header: &Header) {
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
    pub(super) fn relink(&mut self, header: &Header, handle: u32) {
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
}
