//! Expiry and bounds: when a session expires, and what is evicted to keep the bounds.

use super::slot::NIL;
use super::{Removal, SessionMap};

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
        Self {
            idle_ms: f64::INFINITY,
            max_sessions: usize::MAX,
            max_bytes: u64::MAX,
        }
    }
}

impl Limits {
    pub(super) fn bounded(&self) -> bool {
        self.max_sessions != usize::MAX || self.max_bytes != u64::MAX
    }
}

impl SessionMap {
    /// goes only when it alone is over them.
    pub(super) fn enforce_limits(&mut self, keep: u32, now_ms: f64) {
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

    pub(super) fn deadline_for(&self, expires_ms: f64, now_ms: f64) -> f64 {
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
}
