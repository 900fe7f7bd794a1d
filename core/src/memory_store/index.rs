//! The ID index: an open-addressing hash table of 8-byte slots, each holding a session's
//! handle and 32-bit hash (the hash's low bit set, so that a slot of 0 is empty). The
//! table holds no keys: the caller answers "is this the session?" for the slots whose hash
//! matches, so an ID is stored once, in its session, and probing, growing and deleting
//! read only the table.
//!
//! Linear probing with backward-shift deletion (no tombstones), kept at most 4/5 full.

const EMPTY: u64 = 0;
const MIN_SLOTS: usize = 16;
/// Replaced tables up to this size are freed at once; larger ones a step at a time.
const FREE_AT_ONCE_BYTES: usize = 1 << 20;

fn pack(hash: u32, handle: u32) -> u64 {
    (u64::from(hash | 1) << 32) | u64::from(handle)
}

fn hash_of(slot: u64) -> u32 {
    high_half(slot)
}

fn handle_of(slot: u64) -> u32 {
    low_half(slot)
}

fn high_half(value: u64) -> u32 {
    low_half(value >> 32)
}

#[expect(
    clippy::cast_possible_truncation,
    reason = "keeping the low half is the point"
)]
pub(super) fn low_half(value: u64) -> u32 {
    value as u32
}

#[derive(Debug)]
pub(super) struct IdIndex {
    slots: Vec<u64>,
    len: usize,
    /// Tables replaced by a resize, handed back to the allocator a step at a time (see
    /// `release_step`): freeing megabytes at once can stall for milliseconds.
    graveyard: Vec<Vec<u64>>,
}

impl Default for IdIndex {
    fn default() -> Self {
        Self {
            slots: vec![EMPTY; MIN_SLOTS],
            len: 0,
            graveyard: Vec::new(),
        }
    }
}

impl IdIndex {
    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    fn home(&self, hash: u32) -> usize {
        (hash as usize >> 1) & self.mask()
    }

    #[cfg(test)]
    pub(super) fn capacity(&self) -> usize {
        self.slots.len()
    }

    pub(super) fn len(&self) -> usize {
        self.len
    }

    /// Bytes held, old tables not released yet included.
    pub(super) fn heap_bytes(&self) -> usize {
        let old: usize = self.graveyard.iter().map(Vec::capacity).sum();
        (self.slots.capacity() + old) * std::mem::size_of::<u64>()
    }

    /// The slot and handle of the session hashing to `hash` for which `is_match(handle)`.
    pub(super) fn find(
        &self,
        hash: u32,
        mut is_match: impl FnMut(u32) -> bool,
    ) -> Option<(usize, u32)> {
        let mask = self.mask();
        let tag = hash | 1;
        let mut at = self.home(tag);
        loop {
            let slot = *self.slots.get(at)?;
            if slot == EMPTY {
                return None;
            }
            if hash_of(slot) == tag && is_match(handle_of(slot)) {
                return Some((at, handle_of(slot)));
            }
            at = (at + 1) & mask;
        }
    }

    /// The slot holding `handle`, whose session hashes to `hash`.
    pub(super) fn slot_of(&self, hash: u32, handle: u32) -> Option<usize> {
        self.find(hash, |h| h == handle).map(|(at, _)| at)
    }

    /// Makes the slot hold another handle (its session moved).
    pub(super) fn repoint(&mut self, at: usize, handle: u32) {
        if let Some(slot) = self.slots.get_mut(at) {
            *slot = pack(hash_of(*slot), handle);
        }
    }

    /// Adds a session whose ID is not in the table yet; grows the table first if needed.
    pub(super) fn insert(&mut self, hash: u32, handle: u32) {
        if (self.len + 1) * 5 > self.slots.len() * 4 {
            let doubled = self.slots.len() * 2;
            let old = std::mem::replace(&mut self.slots, vec![EMPTY; doubled]);
            for &slot in &old {
                if slot != EMPTY {
                    self.place(slot);
                }
            }
            self.bury(old);
        }
        self.place(pack(hash, handle));
        self.len += 1;
    }

    fn place(&mut self, slot: u64) {
        let mask = self.mask();
        let mut at = self.home(hash_of(slot));
        while let Some(target) = self.slots.get_mut(at) {
            if *target == EMPTY {
                *target = slot;
                return;
            }
            at = (at + 1) & mask;
        }
    }

    /// Empties slot `at`, shifting back the sessions probed past it.
    pub(super) fn remove_slot(&mut self, at: usize) {
        let mask = self.mask();
        let mut vacant = at;
        let mut next = (at + 1) & mask;
        loop {
            let slot = match self.slots.get(next) {
                Some(&slot) if slot != EMPTY => slot,
                _ => break,
            };
            let home = self.home(hash_of(slot));
            // The slot at `next` may fill the vacant when its home is not strictly between
            // the vacant and `next` (cyclically).
            if (next.wrapping_sub(home) & mask) >= (next.wrapping_sub(vacant) & mask) {
                if let Some(target) = self.slots.get_mut(vacant) {
                    *target = slot;
                }
                vacant = next;
            }
            next = (next + 1) & mask;
        }
        if let Some(target) = self.slots.get_mut(vacant) {
            *target = EMPTY;
        }
        self.len = self.len.saturating_sub(1);
    }

    /// Whether the table is much larger than its content needs.
    pub(super) fn is_oversized(&self) -> bool {
        self.slots.len() > MIN_SLOTS && self.len * 8 < self.slots.len()
    }

    /// Shrinks to the smallest table that holds the current sessions comfortably, given as
    /// (hash, handle) pairs: reading the old table would cost as much as its size.
    pub(super) fn shrink(&mut self, sessions: impl Iterator<Item = (u32, u32)>) {
        let mut slots = MIN_SLOTS;
        while self.len * 2 > slots {
            slots *= 2;
        }
        if slots >= self.slots.len() {
            return;
        }
        let old = std::mem::replace(&mut self.slots, vec![EMPTY; slots]);
        self.bury(old);
        for (hash, handle) in sessions {
            self.place(pack(hash, handle));
        }
    }

    fn bury(&mut self, old: Vec<u64>) {
        if old.capacity() * std::mem::size_of::<u64>() > FREE_AT_ONCE_BYTES {
            self.graveyard.push(old);
        }
    }

    /// Releases at most about `max_bytes` of the replaced tables; returns the bytes
    /// released, 0 when there is nothing left to release.
    pub(super) fn release_step(&mut self, max_bytes: usize) -> usize {
        let size = std::mem::size_of::<u64>();
        let step = (max_bytes / size).max(1);
        let Some(old) = self.graveyard.last_mut() else {
            return 0;
        };
        let before = old.capacity();
        if before <= step {
            self.graveyard.pop();
            return before.max(1) * size;
        }
        // Shrinking in place gives back the tail pages only.
        let keep = before - step;
        old.truncate(keep);
        old.shrink_to(keep);
        if old.capacity() >= before {
            // The allocator would not shrink it: free it whole.
            self.graveyard.pop();
        }
        step * size
    }

    pub(super) fn clear(&mut self) {
        *self = Self::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_old_tables_are_released_a_step_at_a_time() {
        let mut index = IdIndex::default();
        let n = 220_000u32; // outgrows a 2 MiB table
        for h in 0..n {
            index.insert(h.wrapping_mul(0x9E37_79B9), h);
        }
        let held = index.heap_bytes();
        let current = index.capacity() * 8;
        assert!(held > current, "{held} {current}");
        let mut released = 0;
        loop {
            let step = index.release_step(64 * 1024);
            if step == 0 {
                break;
            }
            assert!(step <= 64 * 1024, "{step}");
            released += step;
        }
        assert!(
            released >= held - current,
            "{released} of {}",
            held - current
        );
        assert_eq!(index.heap_bytes(), current);
        for h in (0..n).step_by(97) {
            assert!(index.slot_of(h.wrapping_mul(0x9E37_79B9), h).is_some());
        }
    }

    fn has(index: &IdIndex, hashes: &[u32], handle: u32) -> bool {
        index.slot_of(hashes[handle as usize], handle).is_some()
    }

    #[test]
    fn insert_find_remove_with_collisions_and_growth() {
        // Many handles share few home slots, so probes run long and wrap around.
        let hashes: Vec<u32> = (0..1000u32).map(|i| (i % 7) * 0x9E37 + 30).collect();
        let mut index = IdIndex::default();
        for h in 0..1000 {
            index.insert(hashes[h as usize], h);
        }
        assert!(index.capacity() * 4 >= 1000 * 5);
        assert_eq!(index.len(), 1000);
        for h in 0..1000 {
            assert!(has(&index, &hashes, h), "{h}");
        }
        for h in (0..1000).step_by(3) {
            let at = index.slot_of(hashes[h as usize], h).unwrap();
            index.remove_slot(at);
        }
        for h in 0..1000 {
            assert_eq!(has(&index, &hashes, h), h % 3 != 0, "{h}");
        }
        assert!(!index.is_oversized());
        for h in 0..1000 {
            if h % 3 != 0 && h > 10 {
                let at = index.slot_of(hashes[h as usize], h).unwrap();
                index.remove_slot(at);
            }
        }
        assert!(index.is_oversized());
        let live: Vec<u32> = (0..=10).filter(|h| h % 3 != 0).collect();
        index.shrink(live.iter().map(|&h| (hashes[h as usize], h)));
        assert_eq!(index.capacity(), MIN_SLOTS);
        for h in 0..1000 {
            assert_eq!(has(&index, &hashes, h), h % 3 != 0 && h <= 10, "{h}");
        }
        // Small old tables are freed at once.
        assert_eq!(index.heap_bytes(), MIN_SLOTS * 8);
        assert_eq!(index.release_step(1024), 0);
    }

    #[test]
    fn wrapping_probe_sequences_survive_removal() {
        // Home slots at the end of the table, so probes wrap to the start.
        let hashes: Vec<u32> = vec![31, 31, 29, 31, 1, 29];
        let mut index = IdIndex::default();
        for h in 0..6 {
            index.insert(hashes[h as usize], h);
        }
        for victim in [0u32, 2, 4] {
            let at = index.slot_of(hashes[victim as usize], victim).unwrap();
            index.remove_slot(at);
            assert!(!has(&index, &hashes, victim));
        }
        for h in [1u32, 3, 5] {
            assert!(has(&index, &hashes, h), "{h}");
        }
    }

    #[test]
    fn only_matching_hashes_are_asked_about_and_repoint_moves() {
        let mut index = IdIndex::default();
        index.insert(6, 1);
        index.insert(8, 2);
        let mut asked = Vec::new();
        assert_eq!(
            index
                .find(8, |h| {
                    asked.push(h);
                    true
                })
                .map(|(_, h)| h),
            Some(2)
        );
        assert_eq!(asked, vec![2]);
        let at = index.slot_of(6, 1).unwrap();
        index.repoint(at, 9);
        assert!(index.slot_of(6, 1).is_none());
        assert_eq!(index.slot_of(6, 9), Some(at));
        index.clear();
        assert!(index.slot_of(6, 9).is_none());
    }
}
