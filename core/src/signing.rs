//! Cookie value signing, byte-compatible with the npm package `cookie-signature` 1.0.7.
//!
//! A signed value is `value + "." + base64(HMAC-SHA256(secret, value))`, using the standard
//! base64 alphabet with the trailing `=` padding removed.

use base64::engine::general_purpose::STANDARD_NO_PAD;
use base64::Engine;
use hmac::digest::KeyInit;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

/// SHA-256 block size: HMAC keys are normalized to exactly this many bytes.
const BLOCK_LEN: usize = 64;
/// Length of a base64-encoded SHA-256 MAC without padding: ceil(32 * 4 / 3).
const SIGNATURE_LEN: usize = 43;

/// Signs with the first secret and verifies with each secret in turn (for key rotation).
///
/// Each secret is turned into a keyed HMAC state once; every operation clones that state, so the
/// key setup (two block compressions) is not redone per request.
#[derive(Clone)]
pub struct Signer {
    keys: Vec<HmacSha256>,
}

impl Signer {
    pub fn new<S: AsRef<[u8]>>(secrets: &[S]) -> Self {
        Self {
            keys: secrets.iter().map(|s| keyed(s.as_ref())).collect(),
        }
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Signs `value` with the first secret; `None` when there are no secrets.
    #[must_use]
    pub fn sign(&self, value: &str) -> Option<String> {
        self.keys.first().map(|key| sign_with(key.clone(), value))
    }

    /// Returns the unsigned value if any secret, tried in order, verifies `signed`.
    #[must_use]
    pub fn unsign<'a>(&self, signed: &'a str) -> Option<&'a str> {
        self.keys
            .iter()
            .find_map(|key| unsign_with(key.clone(), signed))
    }
}

impl std::fmt::Debug for Signer {
    // Never print key material.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("secrets", &self.keys.len())
            .finish_non_exhaustive()
    }
}

/// Signs `value` with `secret`, like `require('cookie-signature').sign(value, secret)`.
#[must_use]
pub fn sign(value: &str, secret: &[u8]) -> String {
    sign_with(keyed(secret), value)
}

/// Verifies `signed` with `secret`, like `require('cookie-signature').unsign(signed, secret)`,
/// returning `None` where the JS returns `false`.
#[must_use]
pub fn unsign<'a>(signed: &'a str, secret: &[u8]) -> Option<&'a str> {
    unsign_with(keyed(secret), signed)
}

/// Builds the keyed HMAC state for a secret of any length.
///
/// HMAC (RFC 2104) first hashes keys longer than a block and zero-pads shorter ones to the block
/// size. Doing that here lets us use the infallible fixed-size `KeyInit::new` instead of
/// `new_from_slice`, whose error case cannot happen for HMAC but would still need handling.
fn keyed(secret: &[u8]) -> HmacSha256 {
    let mut block = [0u8; BLOCK_LEN];
    let digest;
    let key = if secret.len() > BLOCK_LEN {
        digest = Sha256::digest(secret);
        digest.as_slice()
    } else {
        secret
    };
    for (byte, &key_byte) in block.iter_mut().zip(key) {
        *byte = key_byte;
    }
    <HmacSha256 as KeyInit>::new(&block.into())
}

fn mac_of(mut key: HmacSha256, value: &str) -> [u8; 32] {
    key.update(value.as_bytes());
    key.finalize().into_bytes().into()
}

fn sign_with(key: HmacSha256, value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 1 + SIGNATURE_LEN);
    out.push_str(value);
    out.push('.');
    STANDARD_NO_PAD.encode_string(mac_of(key, value), &mut out);
    out
}

fn unsign_with(key: HmacSha256, signed: &str) -> Option<&str> {
    // The JS takes everything before the last '.' as the value. Without any '.', it re-signs a
    // string that then contains a '.' while the input does not, so the result is never valid.
    let (value, provided) = signed.rsplit_once('.')?;

    let mut expected = [0u8; SIGNATURE_LEN];
    let written = STANDARD_NO_PAD
        .encode_slice(mac_of(key, value), &mut expected)
        .ok()?;

    // The JS compares `sign(value)` with the whole input; both share `value + "."`, so comparing
    // the signature parts is equivalent. The length is not secret (a valid signature always has
    // 43 characters), but the content is: compare it in constant time, without an early exit,
    // so response timing does not reveal how many leading characters of a forged signature
    // were right.
    if provided.len() != written {
        return None;
    }
    bool::from(provided.as_bytes().ct_eq(expected.get(..written)?)).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Computed with node and cookie-signature 1.0.7.
    const HELLO: &str = "hello.DGDUkGlIkCzPz+C0B064FNgHdEjox7ch8tOBGslZ5QI";

    #[test]
    fn known_vectors() {
        let cases: &[(&str, &[u8], &str)] = &[
            ("hello", b"tobiiscool", HELLO),
            (
                "",
                b"tobiiscool",
                ".vSL46q0CTANPH45to/hQj/srOUhYSCmMElOFMnD4QOk",
            ),
            (
                "a.b.c",
                b"keyboard cat",
                "a.b.c.G8ReS2HiYVtvMBGFvZUGp5RaCauWFLUTjnnTm/EQ2aE",
            ),
            (
                "hello",
                b"",
                "hello.Q1KybjP+DXaaiSKmuikAQQnwFojiasyebLNH5aWvxNo",
            ),
            (
                "hello",
                &[0, 255, 128, 1, 2],
                "hello.nhmBhOoKmG/fXRm49nDwWUSoiezLA2YGhw5ugkca4C8",
            ),
            (
                "héllo ☃",
                "sécret".as_bytes(),
                "héllo ☃.IFrHkgeqYv0LtniQ8dRXdqqvWTxaDP67/nFvR9pOEaY",
            ),
            (
                "abcdefghijklmnopqrstuvwxyz012345",
                b"keyboard cat",
                "abcdefghijklmnopqrstuvwxyz012345.2T3g1YIBqofc0ViEUEt59cUq+a6Wlfi59xfb4RQsxSQ",
            ),
        ];
        for &(value, secret, expected) in cases {
            assert_eq!(sign(value, secret), expected, "sign {value:?}");
            assert_eq!(unsign(expected, secret), Some(value), "unsign {expected:?}");
            let signer = Signer::new(&[secret]);
            assert_eq!(signer.sign(value).as_deref(), Some(expected));
            assert_eq!(signer.unsign(expected), Some(value));
        }
    }

    #[test]
    fn secret_longer_than_a_block_is_hashed_first() {
        let secret = "k".repeat(100);
        let expected = "x.jBhYv/bPnLc3CLS1T0O8puG4tMM4B2DcAJABsmW2TG8";
        assert_eq!(sign("x", secret.as_bytes()), expected);
        // Exactly one block long: used as is, not hashed.
        let block = [7u8; BLOCK_LEN];
        let mut reference = <HmacSha256 as Mac>::new_from_slice(&block).unwrap();
        reference.update(b"x");
        let mac = reference.finalize().into_bytes();
        assert_eq!(
            sign("x", &block),
            format!("x.{}", STANDARD_NO_PAD.encode(mac))
        );
    }

    #[test]
    fn keyed_matches_the_library_key_setup_for_all_lengths() {
        for len in [0, 1, 31, 32, 33, 63, 64, 65, 128, 200] {
            let secret: Vec<u8> = (0..len)
                .map(|i| u8::try_from((i * 7 + 3) % 256).unwrap())
                .collect();
            let mut reference = <HmacSha256 as Mac>::new_from_slice(&secret).unwrap();
            reference.update(b"value");
            let expected = reference.finalize().into_bytes();
            assert_eq!(mac_of(keyed(&secret), "value")[..], expected[..], "{len}");
        }
    }

    #[test]
    fn round_trips() {
        for value in ["", "a", "abc.def", "...", "s:abc", "ünïcødé ✓", "a b;c=d"] {
            for secret in [&b""[..], b"s", b"keyboard cat", &[0u8, 1, 2, 255]] {
                let signed = sign(value, secret);
                assert_eq!(unsign(&signed, secret), Some(value));
                assert_eq!(signed.len(), value.len() + 1 + SIGNATURE_LEN);
            }
        }
    }

    #[test]
    fn wrong_secret_fails() {
        assert_eq!(unsign(HELLO, b"tobiiscool!"), None);
        assert_eq!(unsign(HELLO, b""), None);
    }

    #[test]
    fn rotation_verifies_with_any_secret_and_signs_with_the_first() {
        let old = Signer::new(&["old"]);
        let rotated = Signer::new(&["new", "old"]);
        let signed_old = old.sign("sid").unwrap();
        assert_eq!(rotated.unsign(&signed_old), Some("sid"));
        let signed_new = rotated.sign("sid").unwrap();
        assert_eq!(signed_new, sign("sid", b"new"));
        assert_eq!(old.unsign(&signed_new), None);
        assert_eq!(rotated.unsign(&signed_new), Some("sid"));
        assert_eq!(Signer::new(&["a", "b"]).unsign(&signed_old), None);
    }

    #[test]
    fn empty_signer() {
        let signer = Signer::new::<&str>(&[]);
        assert!(signer.is_empty());
        assert_eq!(signer.sign("x"), None);
        assert_eq!(signer.unsign(HELLO), None);
        assert!(!Signer::new(&[""]).is_empty());
    }

    #[test]
    fn signer_accepts_owned_and_binary_secrets() {
        let secrets = vec![vec![0u8, 255], b"tobiiscool".to_vec()];
        let signer = Signer::new(&secrets);
        assert_eq!(signer.unsign(HELLO), Some("hello"));
        assert_eq!(signer.sign("hello").unwrap(), sign("hello", &[0, 255]));
        let strings = [String::from("tobiiscool")];
        assert_eq!(Signer::new(&strings).sign("hello").as_deref(), Some(HELLO));
    }

    #[test]
    fn tampered_value_fails() {
        assert_eq!(
            unsign(&HELLO.replacen("hello", "hellp", 1), b"tobiiscool"),
            None
        );
        assert_eq!(unsign(&format!("x{HELLO}"), b"tobiiscool"), None);
        assert_eq!(unsign(&HELLO[1..], b"tobiiscool"), None);
    }

    #[test]
    fn tampered_signature_fails() {
        let bytes = HELLO.as_bytes();
        for i in "hello.".len()..bytes.len() {
            let mut forged = bytes.to_vec();
            forged[i] = if forged[i] == b'A' { b'B' } else { b'A' };
            let forged = String::from_utf8(forged).unwrap();
            assert_eq!(unsign(&forged, b"tobiiscool"), None, "{forged}");
        }
    }

    #[test]
    fn wrong_length_fails() {
        assert_eq!(unsign(&HELLO[..HELLO.len() - 1], b"tobiiscool"), None);
        assert_eq!(unsign(&format!("{HELLO}A"), b"tobiiscool"), None);
        // Re-adding the stripped base64 padding is not accepted either.
        assert_eq!(unsign(&format!("{HELLO}="), b"tobiiscool"), None);
        assert_eq!(unsign("hello.", b"tobiiscool"), None);
    }

    #[test]
    fn without_a_dot_nothing_verifies() {
        for input in ["", "hello", "DGDUkGlIkCzPz+C0B064FNgHdEjox7ch8tOBGslZ5QI"] {
            assert_eq!(unsign(input, b"tobiiscool"), None);
            assert_eq!(unsign(input, b""), None);
        }
    }

    #[test]
    fn empty_value() {
        let signed = sign("", b"tobiiscool");
        assert!(signed.starts_with('.'));
        assert_eq!(unsign(&signed, b"tobiiscool"), Some(""));
        assert_eq!(unsign(".", b"tobiiscool"), None);
    }

    #[test]
    fn value_with_dots_splits_at_the_last_dot() {
        let signed = sign("a.b.c", b"keyboard cat");
        assert_eq!(unsign(&signed, b"keyboard cat"), Some("a.b.c"));
        // A signature of "a.b" followed by ".c" is not a signature of "a.b.c" nor of "a.b".
        let other = format!("{}.c", sign("a.b", b"keyboard cat"));
        assert_eq!(unsign(&other, b"keyboard cat"), None);
    }

    #[test]
    fn debug_does_not_reveal_secrets() {
        let text = format!("{:?}", Signer::new(&["supersecret"]));
        assert!(!text.contains("supersecret"));
        assert!(text.contains("Signer"));
    }
}
