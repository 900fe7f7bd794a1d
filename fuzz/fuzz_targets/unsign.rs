//! `signing::sign` / `unsign` and `Signer::unsign` on arbitrary values, secrets and inputs.
//!
//! Properties: no panic; `unsign(sign(v, s), s) == Some(v)` for every value and secret, also
//! through a `Signer` holding the secret in any position (rotation); whatever `unsign` accepts
//! is exactly `sign(result)` (soundness: nothing but a genuine signature verifies); changing
//! any one byte of the signature, dropping or appending a character is rejected; a different
//! secret never verifies.
#![no_main]

use arbitrary::Arbitrary;
use express_session_core::signing::{sign, unsign, Signer};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    value: &'a str,
    secret: &'a [u8],
    other_secret: &'a [u8],
    /// Arbitrary text handed to `unsign` as if it came from a cookie.
    forged: &'a str,
    position: u16,
    replacement: u8,
}

fuzz_target!(|input: Input| {
    let Input {
        value,
        secret,
        other_secret,
        forged,
        position,
        replacement,
    } = input;

    // Round trip, directly and through a rotating signer.
    let signed = sign(value, secret);
    assert_eq!(signed.len(), value.len() + 1 + 43);
    assert_eq!(unsign(&signed, secret), Some(value));
    let signer = Signer::new(&[secret]);
    assert_eq!(signer.sign(value).as_deref(), Some(signed.as_str()));
    assert_eq!(signer.unsign(&signed), Some(value));
    let rotated = Signer::new(&[other_secret, secret]);
    assert_eq!(rotated.unsign(&signed), Some(value));
    assert_eq!(rotated.sign(value), Some(sign(value, other_secret)));

    // Another secret never verifies (HMAC-SHA256 keys that differ after block padding).
    if !same_hmac_key(secret, other_secret) {
        assert_eq!(unsign(&signed, other_secret), None);
        assert_eq!(Signer::new(&[other_secret]).unsign(&signed), None);
    }

    // Tampering with one byte of the signature part.
    let sig_start = value.len() + 1;
    let i = sig_start + usize::from(position) % 43;
    let mut bytes = signed.clone().into_bytes();
    if bytes[i] != replacement {
        bytes[i] = replacement;
        if let Ok(tampered) = String::from_utf8(bytes) {
            assert_eq!(unsign(&tampered, secret), None, "{tampered:?}");
            assert_eq!(rotated.unsign(&tampered), None, "{tampered:?}");
        }
    }
    assert_eq!(unsign(&signed[..signed.len() - 1], secret), None);
    assert_eq!(unsign(&format!("{signed}A"), secret), None);
    assert_eq!(unsign(&format!("{signed}="), secret), None);

    // Soundness on arbitrary input: acceptance means the input is exactly a signature.
    for s in [secret, other_secret] {
        if let Some(v) = unsign(forged, s) {
            assert_eq!(sign(v, s), forged);
        }
    }
    if let Some(v) = rotated.unsign(forged) {
        assert!(sign(v, other_secret) == forged || sign(v, secret) == forged);
    }
    assert_eq!(Signer::new::<&[u8]>(&[]).unsign(forged), None);
});

/// Whether two secrets give the same HMAC key: keys up to the block size are zero-padded,
/// so `"k"` and `"k\0"` are the same key (longer keys are hashed first).
fn same_hmac_key(a: &[u8], b: &[u8]) -> bool {
    if a.len() > 64 || b.len() > 64 {
        return a == b;
    }
    let trim = |k: &[u8]| k.len() - k.iter().rev().take_while(|&&x| x == 0).count();
    a[..trim(a)] == b[..trim(b)]
}
