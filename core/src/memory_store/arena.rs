//! Where sessions live: slots of fixed sizes in pages, by size class, as memcached keeps
//! items. A session is one slot: a header (see `Header`) then its text.
//!
//! One slot per session instead of one heap allocation: no allocator header, a 4-byte
//! handle instead of a pointer, at most 7 bytes of rounding, and one or two cache lines
//! to read a session. A freed slot goes on its class's free list (threaded through the free
//! slots) and holds the next session of its size; pages are not handed back one session at
//! a time. So removing a million sessions frees nothing to the allocator: glibc would hand
//! the memory back to the kernel in bulk (a trim of tens of MB, milliseconds) inside
//! whichever `free` made its heap top large enough. The memory goes back when the arena is
//! dropped (`SessionMap::clear`).
//!
//! Sessions of more than `MAX_SMALL` bytes (rare) get an allocation of their own.

const GRANULE: usize = 8;
/// Class `k` (1..CLASSES) holds up to `k * GRANULE` bytes; class 0 is "large".
pub(super) const CLASSES: usize = 256;
pub(super) const MAX_SMALL: usize = (CLASSES - 1) * GRANULE;
const PAGE_BYTES: usize = 32 * 1024;
/// Slots hold at least this much (a free slot's tag and link).
const MIN_SLOT: usize = 16;
const SLOT_BITS: u32 = 24;
const SLOT_MASK: u32 = (1 << SLOT_BITS) - 1;
/// Slot numbers stay below this, so that no handle is `u32::MAX` (the "none" handle).
const MAX_SLOTS: usize = SLOT_MASK as usize;
const NIL: u32 = u32::MAX;
/// A free slot starts with this tag (a NaN no live session has as its deadline), then the
/// number of the next free slot.
const FREE_TAG: u64 = 0x7FF8_DEAD_0000_0000;

/// Where a session is: class in the top bits, slot number below.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Handle(pub u32);

impl Handle {
    pub(super) fn new(class: usize, slot: usize) -> Self {
        debug_assert!(class < CLASSES, "no size class {class}");
        Self((slot_number(class) << SLOT_BITS) | slot_number(slot))
    }

    fn class(self) -> usize {
        (self.0 >> SLOT_BITS) as usize
    }

    fn slot(self) -> usize {
        (self.0 & SLOT_MASK) as usize
    }
}

/// A slot number (or class) as stored in a handle or a free list: below `MAX_SLOTS`.
#[expect(
    clippy::cast_possible_truncation,
    reason = "slot numbers stay below MAX_SLOTS (2^24), asserted in debug builds"
)]
fn slot_number(slot: usize) -> u32 {
    debug_assert!(slot < MAX_SLOTS, "slot number {slot} out of range");
    slot as u32
}

/// Whether a slot's first 8 bytes mark it free.
pub(super) fn is_free(bytes: &[u8]) -> bool {
    read_u64(bytes, 0) == Some(FREE_TAG)
}

pub(super) fn read_u64(bytes: &[u8], at: usize) -> Option<u64> {
    bytes
        .get(at..at + 8)
        .and_then(|b| <[u8; 8]>::try_from(b).ok())
        .map(u64::from_le_bytes)
}

pub(super) fn read_u32(bytes: &[u8], at: usize) -> Option<u32> {
    bytes
        .get(at..at + 4)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map(u32::from_le_bytes)
}

pub(super) fn write_u64(bytes: &mut [u8], at: usize, value: u64) {
    if let Some(b) = bytes.get_mut(at..at + 8) {
        b.copy_from_slice(&value.to_le_bytes());
    }
}

pub(super) fn write_u32(bytes: &mut [u8], at: usize, value: u32) {
    if let Some(b) = bytes.get_mut(at..at + 4) {
        b.copy_from_slice(&value.to_le_bytes());
    }
}

#[derive(Debug)]
struct Class {
    slot_size: usize,
    per_page: usize,
    pages: Vec<Box<[u8]>>,
    /// Slots handed out at least once (the next new one is this).
    fresh: usize,
    /// First free slot, or `NIL`.
    free: u32,
}

impl Class {
    fn new(slot_size: usize) -> Self {
        Self {
            slot_size,
            per_page: (PAGE_BYTES / slot_size).max(1),
            pages: Vec::new(),
            fresh: 0,
            free: NIL,
        }
    }

    fn range(&self, slot: usize) -> (usize, std::ops::Range<usize>) {
        let page = slot / self.per_page;
        let start = (slot % self.per_page) * self.slot_size;
        (page, start..start + self.slot_size)
    }

    fn bytes(&self, slot: usize) -> Option<&[u8]> {
        let (page, range) = self.range(slot);
        self.pages.get(page)?.get(range)
    }

    fn bytes_mut(&mut self, slot: usize) -> Option<&mut [u8]> {
        let (page, range) = self.range(slot);
        self.pages.get_mut(page)?.get_mut(range)
    }

    /// A slot number, or `None` when the class is full. `reserved` counts new pages.
    fn take(&mut self, reserved: &mut usize) -> Option<usize> {
        if self.free != NIL {
            let slot = self.free as usize;
            let next = self
                .bytes(slot)
                .filter(|bytes| is_free(bytes))
                .and_then(|bytes| read_u32(bytes, 8));
            debug_assert!(
                next.is_some(),
                "the free list leads to slot {slot}, not free"
            );
            // Without a next slot the rest of the list is lost, never handed out twice.
            self.free = next.unwrap_or(NIL);
            return Some(slot);
        }
        if self.fresh == self.pages.len() * self.per_page {
            if self.fresh + self.per_page > MAX_SLOTS {
                return None;
            }
            let bytes = self.per_page * self.slot_size;
            self.pages.push(vec![0u8; bytes].into_boxed_slice());
            *reserved += bytes;
        }
        self.fresh += 1;
        Some(self.fresh - 1)
    }

    fn give_back(&mut self, slot: usize) {
        let next = self.free;
        let bytes = self.bytes_mut(slot);
        debug_assert!(
            bytes.as_deref().is_some_and(|bytes| !is_free(bytes)),
            "slot {slot} given back but not in use"
        );
        if let Some(bytes) = bytes {
            if is_free(bytes) {
                return;
            }
            write_u64(bytes, 0, FREE_TAG);
            write_u32(bytes, 8, next);
            self.free = slot_number(slot);
        }
    }
}

#[derive(Debug)]
pub(super) struct Arena {
    classes: Vec<Class>,
    large: Vec<Option<Box<[u8]>>>,
    large_free: Vec<u32>,
    /// Bytes of pages and large allocations.
    reserved: usize,
}

impl Default for Arena {
    fn default() -> Self {
        Self {
            classes: (0..CLASSES)
                .map(|k| Class::new((k * GRANULE).max(MIN_SLOT)))
                .collect(),
            large: Vec::new(),
            large_free: Vec::new(),
            reserved: 0,
        }
    }
}

impl Arena {
    /// A slot of at least `len` bytes (its content unspecified); when the class of that
    /// size is full (16 million slots), a slot of a larger class; `None` when all are.
    pub(super) fn alloc(&mut self, len: usize) -> Option<Handle> {
        if len > MAX_SMALL {
            self.reserved += len;
            let bytes = Some(vec![0u8; len].into_boxed_slice());
            let index = match self.large_free.pop() {
                Some(index) => {
                    debug_assert!(
                        self.large.get(index as usize).is_some_and(Option::is_none),
                        "large slot {index} is on the free list but held"
                    );
                    if let Some(place) = self.large.get_mut(index as usize) {
                        *place = bytes;
                    }
                    index as usize
                }
                None if self.large.len() < MAX_SLOTS => {
                    self.large.push(bytes);
                    self.large.len() - 1
                }
                None => {
                    self.reserved -= len;
                    return None;
                }
            };
            return Some(Handle::new(0, index));
        }
        let first = Self::class_for(len);
        for class in first..CLASSES {
            if let Some(slot) = self.classes.get_mut(class)?.take(&mut self.reserved) {
                return Some(Handle::new(class, slot));
            }
        }
        None
    }

    fn class_for(len: usize) -> usize {
        len.max(MIN_SLOT).div_ceil(GRANULE)
    }

    /// Whether `len` bytes belong in `handle`'s slot (its size is the one for them).
    pub(super) fn fits(handle: Handle, len: usize) -> bool {
        match handle.class() {
            0 => false,
            class => len <= MAX_SMALL && Self::class_for(len) == class,
        }
    }

    pub(super) fn slot(&self, handle: Handle) -> Option<&[u8]> {
        if handle.class() == 0 {
            self.large.get(handle.slot())?.as_deref()
        } else {
            self.classes.get(handle.class())?.bytes(handle.slot())
        }
    }

    pub(super) fn slot_mut(&mut self, handle: Handle) -> Option<&mut [u8]> {
        if handle.class() == 0 {
            self.large.get_mut(handle.slot())?.as_deref_mut()
        } else {
            self.classes
                .get_mut(handle.class())?
                .bytes_mut(handle.slot())
        }
    }

    pub(super) fn free(&mut self, handle: Handle) {
        if handle.class() == 0 {
            let held = self.large.get_mut(handle.slot()).and_then(Option::take);
            debug_assert!(
                held.is_some(),
                "large slot {} freed but not held",
                handle.slot()
            );
            if let Some(bytes) = held {
                self.reserved -= bytes.len();
                self.large_free.push(slot_number(handle.slot()));
            }
        } else if let Some(class) = self.classes.get_mut(handle.class()) {
            class.give_back(handle.slot());
        }
    }

    /// How many slot numbers of `class` have been handed out (free ones included).
    pub(super) fn slots_in(&self, class: usize) -> usize {
        if class == 0 {
            self.large.len()
        } else {
            self.classes.get(class).map_or(0, |c| c.fresh)
        }
    }

    /// Bytes held in pages (used or free) and large allocations.
    pub(super) fn reserved_bytes(&self) -> usize {
        self.reserved
            + self.large.capacity() * std::mem::size_of::<Option<Box<[u8]>>>()
            + self.large_free.capacity() * std::mem::size_of::<u32>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn put(arena: &mut Arena, text: &str) -> Handle {
        let h = arena.alloc(text.len() + 12).unwrap();
        let slot = arena.slot_mut(h).unwrap();
        write_u64(slot, 0, 0);
        slot[12..12 + text.len()].copy_from_slice(text.as_bytes());
        h
    }

    fn get(arena: &Arena, h: Handle, len: usize) -> &str {
        std::str::from_utf8(&arena.slot(h).unwrap()[12..12 + len]).unwrap()
    }

    #[test]
    fn slots_are_reused_after_free() {
        let mut arena = Arena::default();
        let a = put(&mut arena, "abc");
        let b = put(&mut arena, "0123456789abcdefx");
        assert_eq!(a.class(), 2);
        assert_eq!(b.class(), 4);
        assert_eq!(get(&arena, a, 3), "abc");
        assert_eq!(get(&arena, b, 17), "0123456789abcdefx");
        assert_ne!(a.class(), b.class());
        assert!(Arena::fits(a, 16) && Arena::fits(a, 1) && !Arena::fits(a, 17));
        let reserved = arena.reserved_bytes();
        assert!(!is_free(arena.slot(a).unwrap()));
        arena.free(a);
        assert!(is_free(arena.slot(a).unwrap()));
        let c = put(&mut arena, "zz");
        assert_eq!(c, a);
        assert_eq!(get(&arena, c, 2), "zz");
        assert_eq!(get(&arena, b, 17), "0123456789abcdefx");
        assert_eq!(arena.reserved_bytes(), reserved);
    }

    #[test]
    fn many_slots_span_pages_and_free_lists_chain() {
        let mut arena = Arena::default();
        let items: Vec<String> = (0..5000)
            .map(|i| format!("item-{i:05}-{}", "x".repeat(i % 40)))
            .collect();
        let handles: Vec<Handle> = items.iter().map(|s| put(&mut arena, s)).collect();
        for (s, &h) in items.iter().zip(&handles) {
            assert_eq!(get(&arena, h, s.len()), s);
        }
        let counted: usize = (0..CLASSES).map(|c| arena.slots_in(c)).sum();
        assert_eq!(counted, 5000);
        for &h in handles.iter().step_by(2) {
            arena.free(h);
        }
        let reserved = arena.reserved_bytes();
        let again: Vec<Handle> = items
            .iter()
            .step_by(2)
            .map(|s| put(&mut arena, s))
            .collect();
        assert_eq!(arena.reserved_bytes(), reserved);
        for (s, &h) in items.iter().step_by(2).zip(&again) {
            assert_eq!(get(&arena, h, s.len()), s);
        }
        for (s, &h) in items.iter().zip(&handles).skip(1).step_by(2) {
            assert_eq!(get(&arena, h, s.len()), s);
        }
    }

    #[test]
    fn large_items_have_their_own_allocation() {
        let mut arena = Arena::default();
        let big = "y".repeat(MAX_SMALL);
        let h = put(&mut arena, &big);
        assert_eq!(h.class(), 0);
        assert!(!Arena::fits(h, 1));
        assert_eq!(get(&arena, h, big.len()), big);
        let before = arena.reserved_bytes();
        arena.free(h);
        assert!(arena.slot(h).is_none());
        assert!(arena.reserved_bytes() < before);
        let again = put(&mut arena, &big);
        assert_eq!(again, h);
        let edge = arena.alloc(MAX_SMALL).unwrap();
        assert_eq!(edge.class(), CLASSES - 1);
    }

    // The arena's invariants are asserted in debug builds (where tests run) and defended
    // in release builds: a slot given back twice must never be handed out twice.

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "given back but not in use")]
    fn giving_a_slot_back_twice_is_caught() {
        let mut arena = Arena::default();
        let h = put(&mut arena, "a");
        arena.free(h);
        arena.free(h);
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "freed but not held")]
    fn freeing_a_large_slot_twice_is_caught() {
        let mut arena = Arena::default();
        let h = put(&mut arena, &"x".repeat(MAX_SMALL + 1));
        arena.free(h);
        arena.free(h);
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "out of range")]
    fn handles_past_the_slot_bits_are_caught() {
        let _ = Handle::new(1, MAX_SLOTS);
    }

    #[test]
    #[cfg(not(debug_assertions))]
    fn a_slot_given_back_twice_is_handed_out_once() {
        let mut arena = Arena::default();
        let h = put(&mut arena, "a");
        arena.free(h);
        arena.free(h);
        let (a, b) = (put(&mut arena, "b"), put(&mut arena, "c"));
        assert_ne!(a, b);
        assert_eq!((get(&arena, a, 1), get(&arena, b, 1)), ("b", "c"));
    }
}
