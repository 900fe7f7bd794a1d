//! Session ID generation, equivalent to express-session's default `uid-safe` `uid.sync(24)`.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;

/// Random bytes per ID; 24 bytes encode to exactly 32 base64 characters, without padding.
const ID_BYTES: usize = 24;

/// Returns a new session ID: 24 random bytes as base64url without padding, so always 32
/// characters of `[A-Za-z0-9_-]` (192 bits of entropy).
///
/// The bytes come from `rand::rng()`, rand's thread-local CSPRNG: ChaCha12 seeded from the
/// operating system's generator and reseeded from it periodically. It is as unpredictable as
/// `crypto.randomBytes`, which `uid-safe` uses, but avoids a system call per ID.
#[must_use]
pub fn generate_session_id() -> String {
    let mut bytes = [0u8; ID_BYTES];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn is_32_url_safe_characters() {
        for _ in 0..1000 {
            let id = generate_session_id();
            assert_eq!(id.len(), 32, "{id}");
            assert!(
                id.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
                "{id}"
            );
        }
    }

    #[test]
    fn decodes_back_to_24_bytes() {
        let id = generate_session_id();
        assert_eq!(URL_SAFE_NO_PAD.decode(id).unwrap().len(), ID_BYTES);
    }

    #[test]
    fn hundred_thousand_ids_are_unique() {
        let ids: HashSet<String> = (0..100_000).map(|_| generate_session_id()).collect();
        assert_eq!(ids.len(), 100_000);
    }

    #[test]
    fn ids_differ_across_threads() {
        let handles: Vec<_> = (0..4)
            .map(|_| std::thread::spawn(|| (0..1000).map(|_| generate_session_id()).collect()))
            .collect();
        let mut all = HashSet::new();
        for handle in handles {
            let ids: Vec<String> = handle.join().unwrap();
            all.extend(ids);
        }
        assert_eq!(all.len(), 4000);
    }

    #[test]
    fn uses_the_whole_alphabet() {
        // Over 3.2M characters every one of the 64 symbols shows up with overwhelming likelihood;
        // a broken generator (constant, or a narrow byte range) would not.
        let seen: HashSet<u8> = (0..100_000)
            .flat_map(|_| generate_session_id().into_bytes())
            .collect();
        assert_eq!(seen.len(), 64);
    }
}
