//! `cookie_header::parse` / `get` / `decode_uri_component` on arbitrary headers.
//!
//! Properties: no panic; every name `parse` returns is unique, trimmed, free of `=` and `;`
//! and never `__proto__`; `get(header, name)` returns exactly the value `parse` gave for that
//! name (first occurrence wins); `get` of a name `parse` does not list is `None`; decoding is
//! the identity without `%` and never produces more bytes than it read.
#![no_main]

use std::collections::HashMap;

use express_session_core::cookie_header::{decode_uri_component, get, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The first byte picks how the rest is split into (header, probe name), so the
    // fuzzer can steer the probe name independently of the header.
    let (split, rest) = match data.split_first() {
        Some((&b, rest)) => (usize::from(b), rest),
        None => (0, data),
    };
    let text = String::from_utf8_lossy(rest);
    let header: &str = &text;
    let probe_len = split.min(header.len());
    let mut cut = header.len() - probe_len;
    while !header.is_char_boundary(cut) {
        cut += 1;
    }
    let (header_part, probe) = header.split_at(cut);

    for h in [header, header_part] {
        let pairs = parse(h);
        let mut by_name: HashMap<&str, &str> = HashMap::new();
        for (name, value) in &pairs {
            assert!(
                by_name.insert(name.as_str(), value.as_str()).is_none(),
                "duplicate name {name:?} in parse({h:?})"
            );
            assert_ne!(name, "__proto__");
            assert!(!name.contains('=') && !name.contains(';'), "{name:?}");
            assert_eq!(name.trim_matches(|c| c == ' ' || c == '\t'), name);
            assert_eq!(
                get(h, name).as_deref(),
                Some(value.as_str()),
                "get({h:?}, {name:?}) disagrees with parse"
            );
        }
        for name in [probe, "", "sid", "connect.sid", "__proto__"] {
            assert_eq!(
                get(h, name).as_deref(),
                by_name.get(name).copied(),
                "get({h:?}, {name:?}) disagrees with parse"
            );
        }
        // A header made only of cookies parse understood parses back to the same pairs.
        if pairs
            .iter()
            .all(|(n, v)| !n.is_empty() && !v.contains([';', '%', '"', ' ', '\t']) && !v.is_empty())
        {
            let rebuilt: Vec<String> = pairs.iter().map(|(n, v)| format!("{n}={v}")).collect();
            assert_eq!(parse(&rebuilt.join("; ")), pairs);
        }
    }

    match decode_uri_component(header) {
        Some(decoded) => {
            assert!(decoded.len() <= header.len());
            if !header.contains('%') {
                assert_eq!(decoded, header);
            }
        }
        None => assert!(header.contains('%'), "only escapes can fail: {header:?}"),
    }
});
