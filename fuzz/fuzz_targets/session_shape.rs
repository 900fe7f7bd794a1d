//! `SessionMap::get_shaped` on arbitrary session texts: the shape JavaScript compiles code
//! from.
//!
//! Properties: no panic; a shaped read names a known skeleton made only of key literals
//! without escapes (none `"__proto__"`), `{}[],:`, `true`, `false`, `null` and the holes `#`
//! and `$`; and putting the values back into the skeleton gives the stored text without its
//! whitespace.
#![no_main]

use express_session_core::memory_store::SessionMap;
use libfuzzer_sys::fuzz_target;

const VALUE: char = '\u{1}';
const ESCAPED: char = '\u{2}';

/// The text without whitespace outside strings.
fn without_space(text: &str) -> String {
    let mut out = String::new();
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            out.push(c);
        }
    }
    out
}

/// The skeleton with its holes filled; panics on anything a skeleton may not hold.
fn rejoin(skeleton: &str, values: &str) -> String {
    let mut values = values.split(VALUE).skip(1);
    let mut out = String::new();
    let mut rest = skeleton;
    while let Some(c) = rest.chars().next() {
        if c == '"' {
            let end = 1 + rest[1..].find('"').expect("a closed key");
            let key = &rest[..=end];
            assert!(!key.contains('\\') && key != "\"__proto__\"", "{skeleton}");
            assert!(!key.chars().any(|k| (k as u32) < 0x20), "{skeleton}");
            out.push_str(key);
            rest = &rest[end + 1..];
            continue;
        }
        if let Some(word) = ["true", "false", "null"].into_iter().find(|w| rest.starts_with(w)) {
            out.push_str(word);
            rest = &rest[word.len()..];
            continue;
        }
        match c {
            '{' | '}' | '[' | ']' | ',' | ':' => out.push(c),
            '#' => out.push_str(values.next().expect("a number")),
            '$' => {
                let value = values.next().expect("a string");
                match value.strip_prefix(ESCAPED) {
                    Some(literal) => out.push_str(literal),
                    None => {
                        assert!(!value.contains(['"', '\\']), "{value:?}");
                        out.push('"');
                        out.push_str(value);
                        out.push('"');
                    }
                }
            }
            _ => panic!("{c:?} in skeleton {skeleton}"),
        }
        rest = &rest[c.len_utf8()..];
    }
    assert!(values.next().is_none(), "values left over");
    out
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // Stored texts are JSON, which never starts with the shaped marker; one that did would
    // read back as itself and look shaped.
    if text.starts_with('%') {
        return;
    }
    let mut map = SessionMap::new();
    map.set_at("id", None, &text, f64::NAN, 0.0);
    let Some(read) = map.get_shaped("id", 0.0) else {
        return;
    };
    let Some(shaped) = read.strip_prefix('%') else {
        return;
    };
    let cut = shaped.find(VALUE).unwrap_or(shaped.len());
    let serial: f64 = shaped[..cut].parse().expect("a serial");
    let skeleton = map.shape_skeleton(serial).expect("a known skeleton");
    assert_eq!(rejoin(&skeleton, &shaped[cut..]), without_space(&text));
});
