//! Session IDs as the native map's keys.
//!
//! JavaScript strings are UTF-16 and may hold lone surrogates, which UTF-8 cannot: read
//! lossily, `x\u{d800}`, `x\u{dc00}` and `x\u{fffd}` would all be one session, where
//! express-session's MemoryStore keeps three. So every JavaScript string gets a key of
//! its own: a well-formed one is its own key unless it starts with `ESCAPE`; any other is
//! `ESCAPE` followed by its UTF-16 code units, four hex digits each. No well-formed ID
//! that is its own key starts with `ESCAPE`, and the hex names the code units exactly, so
//! two different IDs never share a key, and `utf16_of` gives each one back.

/// U+FFFF, a noncharacter: no ID a server generates holds it.
pub const ESCAPE: char = '\u{FFFF}';

/// The key of the JavaScript string made of `units`.
#[must_use]
pub fn of_utf16(units: &[u16]) -> String {
    match String::from_utf16(units) {
        Ok(text) if !text.starts_with(ESCAPE) => text,
        _ => {
            let mut key = String::with_capacity(ESCAPE.len_utf8() + 4 * units.len());
            key.push(ESCAPE);
            for &unit in units {
                push_hex(&mut key, unit);
            }
            key
        }
    }
}

/// The code units of the JavaScript string whose key is `key`, when that string is not
/// the key itself; `None` for a plain key (or text that is no escaped key).
#[must_use]
pub fn utf16_of(key: &str) -> Option<Vec<u16>> {
    let hex = key.strip_prefix(ESCAPE)?.as_bytes();
    if hex.len() % 4 != 0 {
        return None;
    }
    hex.chunks_exact(4)
        .map(|digits| {
            std::str::from_utf8(digits)
                .ok()
                .and_then(|digits| u16::from_str_radix(digits, 16).ok())
        })
        .collect()
}

fn push_hex(out: &mut String, unit: u16) {
    for shift in [12, 8, 4, 0] {
        let nibble = u32::from((unit >> shift) & 0xF);
        out.push(char::from_digit(nibble, 16).unwrap_or('0'));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key(text: &[u16]) -> String {
        of_utf16(text)
    }

    #[test]
    fn well_formed_ids_are_their_own_keys() {
        for id in ["", "abc", "s:é中", "\u{fffd}", "x\u{fffe}"] {
            let units: Vec<u16> = id.encode_utf16().collect();
            assert_eq!(key(&units), id);
            assert_eq!(utf16_of(id), None);
        }
    }

    #[test]
    fn lone_surrogates_and_the_replacement_character_get_distinct_keys() {
        let ids: [&[u16]; 4] = [
            &[0x78, 0xD800],
            &[0x78, 0xDC00],
            &[0x78, 0xFFFD],
            &[0x78, 0xDC00, 0xD800],
        ];
        let keys: Vec<String> = ids.iter().map(|id| key(id)).collect();
        for (i, a) in keys.iter().enumerate() {
            for b in keys.iter().skip(i + 1) {
                assert_ne!(a, b);
            }
        }
        assert_eq!(keys[0], "\u{FFFF}0078d800");
        assert_eq!(utf16_of(&keys[0]), Some(vec![0x78, 0xD800]));
    }

    #[test]
    fn an_id_starting_with_the_escape_is_escaped_too() {
        let units: Vec<u16> = "\u{FFFF}0078d800".encode_utf16().collect();
        let escaped = key(&units);
        assert_ne!(escaped, key(&[0x78, 0xD800]));
        assert_eq!(utf16_of(&escaped), Some(units));
    }

    proptest! {
        #[test]
        fn keys_name_exactly_one_string(
            a in proptest::collection::vec(any::<u16>(), 0..12),
            b in proptest::collection::vec(any::<u16>(), 0..12),
        ) {
            let (ka, kb) = (key(&a), key(&b));
            prop_assert_eq!(ka == kb, a == b);
            let back = utf16_of(&ka).unwrap_or_else(|| ka.encode_utf16().collect());
            prop_assert_eq!(back, a);
        }
    }
}
