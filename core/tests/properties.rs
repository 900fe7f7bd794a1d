#![expect(
    clippy::indexing_slicing,
    reason = "test helpers index the generated cases they build themselves"
)]

//! Property tests of the core's attacker-facing functions: the same properties the cargo-fuzz
//! targets in `fuzz/` check, run by `cargo test` on stable Rust with proptest.
//!
//! - `cookie_header::parse` / `get`: never panic, agree with each other and with an
//!   independent transcription of cookie@0.7.2's `parse` (over UTF-16, as the JS runs).
//! - `signing`: `unsign(sign(v)) == v`, also after key rotation; only a genuine signature
//!   verifies; one changed byte, a wrong length or another secret is rejected.
//! - `set_cookie::serialize`: printable ASCII only (no CR/LF), starts with `name=`, reads back.
//! - `decision`: `decide` agrees with `decision_table` for every code, with its invariants.
//! - `session_id`: 32 base64url characters, 24 bytes.

use std::collections::HashMap;

use express_session_core::cookie_header::{decode_uri_component, get, parse};
use express_session_core::decision::{
    decide, decision_table, EndAction, ExplicitSave, RequestState, INPUT_BITS,
};
use express_session_core::http_date::imf_fixdate;
use express_session_core::session_id::generate_session_id;
use express_session_core::set_cookie::{
    encode_uri_component, serialize, CookieOptions, SameSiteOption,
};
use express_session_core::signing::{sign, unsign, Signer};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// A literal transcription of cookie@0.7.2 `parse` (node_modules/cookie/index.js), walking
// UTF-16 code units like the JS; used as an oracle for `cookie_header::parse`.

fn js_index_of(s: &[u16], c: u16, from: usize) -> Option<usize> {
    s.iter().skip(from).position(|&x| x == c).map(|i| i + from)
}

fn js_char_code_at(s: &[u16], i: usize) -> Option<u16> {
    s.get(i).copied()
}

fn js_start_index(s: &[u16], mut index: usize, max: usize) -> usize {
    loop {
        let code = js_char_code_at(s, index);
        if code != Some(0x20) && code != Some(0x09) {
            return index;
        }
        index += 1;
        if index >= max {
            return max;
        }
    }
}

fn js_end_index(s: &[u16], mut index: usize, min: usize) -> usize {
    while index > min {
        index -= 1;
        let code = js_char_code_at(s, index);
        if code != Some(0x20) && code != Some(0x09) {
            return index + 1;
        }
    }
    min
}

/// JS `decodeURIComponent`, written independently of the core: `None` where it throws.
fn js_decode_uri_component(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            if !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn js_parse(header: &str) -> HashMap<String, String> {
    let s: Vec<u16> = header.encode_utf16().collect();
    let slice = |a: usize, b: usize| String::from_utf16_lossy(if a < b { &s[a..b] } else { &[] });
    let mut obj = HashMap::new();
    let len = s.len();
    if len < 2 {
        return obj;
    }
    let mut index = 0;
    // `do { … } while (index < len)`, left early when no `=` follows `index`.
    while let Some(eq_idx) = js_index_of(&s, u16::from(b'='), index) {
        let end_idx = match js_index_of(&s, u16::from(b';'), index) {
            None => len,
            Some(end) if eq_idx > end => {
                // backtrack on prior semicolon
                index = s[..eq_idx]
                    .iter()
                    .rposition(|&c| c == u16::from(b';'))
                    .map_or(0, |i| i + 1);
                if index >= len {
                    break;
                }
                continue;
            }
            Some(end) => end,
        };
        let key_start = js_start_index(&s, index, eq_idx);
        let key_end = js_end_index(&s, eq_idx, key_start);
        let key = slice(key_start, key_end);
        // `obj[key] = …` on a plain object: `__proto__` hits the prototype setter.
        if !obj.contains_key(&key) && key != "__proto__" {
            let mut val_start = js_start_index(&s, eq_idx + 1, end_idx);
            let mut val_end = js_end_index(&s, end_idx, val_start);
            if js_char_code_at(&s, val_start) == Some(0x22)
                && val_end > 0
                && js_char_code_at(&s, val_end - 1) == Some(0x22)
            {
                val_start += 1;
                val_end -= 1;
            }
            let val = slice(val_start, val_end);
            let decoded = if val.contains('%') {
                js_decode_uri_component(&val).unwrap_or(val)
            } else {
                val
            };
            obj.insert(key, decoded);
        }
        index = end_idx + 1;
        if index >= len {
            break;
        }
    }
    obj
}

/// Strings made mostly of the characters the cookie grammar cares about.
fn cookieish() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-c0-9=; \t\"%A-F,é😀\u{0}\u{7f}\u{ff}]{0,48}",
        1 => any::<String>(),
        1 => "(( ?[a-z]{1,3} ?= ?\"?(%[0-9A-Fa-f]{2}|[a-z%]){0,4}\"? ?);){0,8}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn parse_matches_the_js_transcription(header in cookieish()) {
        let ours: HashMap<String, String> = parse(&header).into_iter().collect();
        prop_assert_eq!(ours, js_parse(&header), "header {:?}", header);
    }

    #[test]
    fn parse_and_get_agree(header in cookieish(), probe in "[a-c ]{0,3}") {
        let pairs = parse(&header);
        let mut by_name = HashMap::new();
        for (name, value) in &pairs {
            prop_assert!(by_name.insert(name.as_str(), value.as_str()).is_none(), "duplicate {:?}", name);
            prop_assert_ne!(name.as_str(), "__proto__");
            prop_assert!(!name.contains('=') && !name.contains(';'));
            let got = get(&header, name).map(std::borrow::Cow::into_owned);
            prop_assert_eq!(got.as_deref(), Some(value.as_str()));
        }
        for name in [probe.as_str(), "", "__proto__", "sid"] {
            let got = get(&header, name).map(std::borrow::Cow::into_owned);
            prop_assert_eq!(got.as_deref(), by_name.get(name).copied());
        }
    }

    #[test]
    fn decode_inverts_encode(s in any::<String>()) {
        let encoded = encode_uri_component(&s);
        prop_assert!(encoded.bytes().all(|b| b.is_ascii_graphic()));
        let decoded = decode_uri_component(&encoded).map(std::borrow::Cow::into_owned);
        prop_assert_eq!(decoded.as_deref(), Some(s.as_str()));
    }

    #[test]
    fn decode_matches_the_independent_decoder(s in "[%0-9A-Fa-fgé😀\u{80}]{0,24}") {
        prop_assert_eq!(decode_uri_component(&s).map(std::borrow::Cow::into_owned), js_decode_uri_component(&s));
    }

    #[test]
    fn unsign_inverts_sign(
        value in any::<String>(),
        secret in proptest::collection::vec(any::<u8>(), 0..100),
        other in proptest::collection::vec(any::<u8>(), 1..100),
    ) {
        let signed = sign(&value, &secret);
        prop_assert_eq!(signed.len(), value.len() + 44);
        prop_assert_eq!(unsign(&signed, &secret), Some(value.as_str()));
        prop_assert_eq!(Signer::new(&[&secret]).unsign(&signed), Some(value.as_str()));
        // Rotation: the old secret in second position still verifies; the first one signs.
        let rotated = Signer::new(&[&other, &secret]);
        prop_assert_eq!(rotated.unsign(&signed), Some(value.as_str()));
        prop_assert_eq!(rotated.sign(&value), Some(sign(&value, &other)));
        // Another secret does not (`other` is nonempty and ends in a nonzero byte below, so
        // it is never the same HMAC key as `secret` after zero padding).
        let mut other = other;
        other.push(0xA5);
        if other != secret {
            prop_assert_eq!(unsign(&signed, &other), None);
        }
    }

    #[test]
    fn one_changed_signature_byte_is_rejected(
        value in "[ -~]{0,40}",
        secret in "[ -~]{0,80}",
        position in 0usize..43,
        replacement in 0x20u8..0x7f,
    ) {
        let signed = sign(&value, secret.as_bytes());
        let i = value.len() + 1 + position;
        let mut bytes = signed.clone().into_bytes();
        prop_assume!(bytes[i] != replacement);
        bytes[i] = replacement;
        let forged = String::from_utf8(bytes).unwrap();
        prop_assert_eq!(unsign(&forged, secret.as_bytes()), None);
        prop_assert_eq!(unsign(&signed[..signed.len() - 1], secret.as_bytes()), None);
        let longer = format!("{signed}{}", char::from(replacement));
        prop_assert_eq!(unsign(&longer, secret.as_bytes()), None);
    }

    #[test]
    fn only_genuine_signatures_verify(forged in "[a-zA-Z0-9+/=.:]{0,90}", secret in "[a-z]{0,8}") {
        if let Some(value) = unsign(&forged, secret.as_bytes()) {
            prop_assert_eq!(sign(value, secret.as_bytes()), forged.clone());
        }
        prop_assert_eq!(Signer::new::<&str>(&[]).unsign(&forged), None);
    }

    #[test]
    fn serialize_output_is_a_single_safe_header_value(
        name in prop_oneof!["[!#$%&'*+.^_`|~0-9A-Za-z-]{1,12}", any::<String>()],
        value in any::<String>(),
        max_age in proptest::option::of(any::<f64>()),
        domain in proptest::option::of(prop_oneof!["[a-z0-9.-]{0,20}", any::<String>()]),
        path in proptest::option::of(prop_oneof!["/[ -~]{0,20}", any::<String>()]),
        expires in proptest::option::of(prop_oneof![any::<f64>(), -8.64e15f64..8.64e15]),
        flags in 0u8..8,
        priority in proptest::option::of("(?i)(low|medium|high|x|)"),
        same_site in proptest::option::of(0u8..6),
    ) {
        let same_site = same_site.map(|k| match k {
            0 => SameSiteOption::True,
            1 => SameSiteOption::Invalid,
            2 => SameSiteOption::Str("lax"),
            3 => SameSiteOption::Str("STRICT"),
            4 => SameSiteOption::Str("None"),
            _ => SameSiteOption::Str("lax\r\nSet-Cookie: x=y"),
        });
        let opts = CookieOptions {
            max_age,
            domain: domain.as_deref(),
            path: path.as_deref(),
            expires,
            http_only: flags & 1 != 0,
            secure: flags & 2 != 0,
            partitioned: flags & 4 != 0,
            priority: priority.as_deref(),
            same_site,
        };
        let Ok(out) = serialize(&name, &value, &opts) else { return Ok(()) };
        prop_assert!(out.bytes().all(|b| (0x20..=0x7e).contains(&b)), "{:?}", out);
        let prefix = format!("{name}=");
        prop_assert!(out.starts_with(&prefix));
        if name != "__proto__" {
            let got = get(&out, &name).map(std::borrow::Cow::into_owned);
            prop_assert_eq!(got.as_deref(), Some(value.as_str()));
        }
        prop_assert_eq!(out.contains("; Secure"), opts.secure);
        prop_assert_eq!(out.contains("; HttpOnly"), opts.http_only);
        prop_assert_eq!(out.contains("; Partitioned"), opts.partitioned);
        if let Some(ms) = expires {
            let date = imf_fixdate(ms);
            prop_assert!(date.is_some());
            let expected = format!("; Expires={}", date.unwrap_or_default());
            prop_assert!(out.contains(&expected));
        }
    }
}

#[test]
fn serialize_without_options_accepts_exactly_token_names() {
    for b in 0u8..=127 {
        let name = char::from(b).to_string();
        let token = b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
        assert_eq!(
            serialize(&name, "v", &CookieOptions::default()).is_ok(),
            token,
            "{b:#x}"
        );
    }
    serialize("", "v", &CookieOptions::default()).unwrap_err();
    serialize("a\r\nb", "v", &CookieOptions::default()).unwrap_err();
}

#[test]
fn decide_agrees_with_the_table_for_every_code() {
    let table = decision_table();
    assert_eq!(table.len(), 1 << INPUT_BITS);
    for bits in 0..(1u32 << (INPUT_BITS + 1)) {
        let state = RequestState::from_bits(bits);
        let valid = bits >> INPUT_BITS == 0 && bits & 0xC0 != 0xC0;
        assert_eq!(state.is_some(), valid, "{bits:#x}");
        let Some(s) = state else {
            if bits >> INPUT_BITS == 0 {
                assert_eq!(table[bits as usize], 0);
            }
            continue;
        };
        assert_eq!(s.to_bits(), bits);
        let outcome = decide(&s);
        assert_eq!(table[bits as usize], outcome.to_byte(), "{s:?}");
        if outcome.set_cookie {
            assert!(s.session_present && s.id_is_string && !s.secure_cookie_insecure_connection);
        }
        match outcome.action {
            EndAction::Destroy => assert!(!s.session_present && s.id_truthy && s.unset_destroy),
            EndAction::Save => {
                assert!(s.session_present && s.id_is_string);
                assert_ne!(s.explicit_save, ExplicitSave::Current);
            }
            EndAction::Touch => {
                assert!(s.session_present && s.id_is_string && s.from_request && s.store_has_touch);
            }
            EndAction::Nothing => {}
        }
    }
}

#[test]
fn session_ids_are_32_base64url_characters() {
    for _ in 0..10_000 {
        let id = generate_session_id();
        assert_eq!(id.len(), 32);
        assert!(id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    }
}

/// Signature verification is constant-time in the signature's content: the structural half of
/// the property (timing cannot be asserted reliably in a test). The length is compared first
/// (it is public: a valid signature always has 43 characters) and the content with
/// `subtle::ConstantTimeEq`, which has no early exit; the code says why.
#[test]
fn signature_comparison_is_constant_time_by_construction() {
    let source = include_str!("../src/signing.rs");
    let body = source
        .split("fn unsign_with")
        .nth(1)
        .and_then(|rest| rest.split("\n}\n").next())
        .expect("unsign_with exists");
    assert!(
        body.contains("provided.len() != written"),
        "length is checked first"
    );
    assert!(
        body.contains(".ct_eq("),
        "content is compared with ConstantTimeEq"
    );
    assert!(body.contains("constant time"), "the comparison says why");
    assert!(!body.contains("provided =="), "no early-exit comparison");
    assert!(!body.contains("== expected"), "no early-exit comparison");
    assert!(!body.contains("starts_with"), "no prefix comparison");

    // And behaviourally: wrong length, right length with any one wrong character, all rejected.
    let signed = sign("sid", b"secret");
    let sig = &signed[4..];
    assert_eq!(sig.len(), 43);
    for len in 0..60 {
        if len != 43 {
            let other: String = sig.chars().cycle().take(len).collect();
            assert_eq!(unsign(&format!("sid.{other}"), b"secret"), None, "{len}");
        }
    }
    for i in 0..43 {
        let mut forged = sig.as_bytes().to_vec();
        forged[i] = if forged[i] == b'A' { b'B' } else { b'A' };
        let forged = String::from_utf8(forged).unwrap();
        assert_eq!(unsign(&format!("sid.{forged}"), b"secret"), None);
    }
}
