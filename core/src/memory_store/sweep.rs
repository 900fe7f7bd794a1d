//! The incremental sweep: removes expired sessions, then gives back memory, a budget at a
//! time.

use super::arena::{self, read_u64, Handle, CLASSES};
use super::slot::AT_DEADLINE;
use super::{Removal, SessionMap};

/// Sweep work units, about a nanosecond each: examining a session costs `SWEEP_SCAN_COST`,
/// removing one (a handful of cache misses: index, list neighbours, the slot) this much.
pub const SWEEP_REMOVAL_COST: u64 = 400;
pub const SWEEP_SCAN_COST: u64 = 4;
/// The index is rebuilt smaller at the end of a sweep only below this many sessions, so
/// that rebuilding stays a small step.
pub(super) const INDEX_SHRINK_BELOW: usize = 4096;
/// Old index tables go back to the allocator this much at a time, one step per sweep call:
/// freeing megabytes at once makes the kernel unmap thousands of pages in one go.
pub(super) const RELEASE_STEP_BYTES: usize = 128 * 1024;

impl SessionMap {
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
        usize::try_from(self.expirations - before).unwrap_or(usize::MAX)
    }

    /// After a pass: rebuilds the index smaller when it is far too large and that is cheap.
    pub(super) fn plan_release(&mut self) {
        if self.index.len() <= INDEX_SHRINK_BELOW && self.index.is_oversized() {
            #[expect(
                clippy::needless_collect,
                reason = "the list borrows the map, which the rebuild changes"
            )]
            let sessions: Vec<(u32, u32)> = self
                .listed()
                .map(|(handle, header)| (self.hash_of(self.parts(handle, &header).id), handle))
                .collect();
            self.index.shrink(sessions.into_iter());
        }
    }
}
