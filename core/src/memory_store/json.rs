//! Just enough JSON reading to find the members of an object text: where each top-level
//! member's key and value are. Texts come from `JSON.stringify`, but any input is handled
//! without panicking: a text that is not an object, or is malformed, gives `None`.

use std::ops::Range;

/// A top-level member of an object text: the raw key (between its quotes, escapes kept)
/// and the byte range of its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Member {
    pub key: Range<usize>,
    pub value: Range<usize>,
}

/// What a value text starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ValueKind {
    String,
    Container,
    Scalar,
}

/// Calls `visit` with each top-level member of the object `text`, in order; stops early
/// when it returns false. `None` when `text` is not a well-formed object at the top level
/// (the contents of nested values are only skipped, not checked).
pub(super) fn for_each_member(
    text: &str,
    mut visit: impl FnMut(&Member, ValueKind) -> bool,
) -> Option<()> {
    let bytes = text.as_bytes();
    let mut at = skip_space(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    at = skip_space(bytes, at + 1);
    if bytes.get(at) == Some(&b'}') {
        return (skip_space(bytes, at + 1) == bytes.len()).then_some(());
    }
    loop {
        if bytes.get(at) != Some(&b'"') {
            return None;
        }
        let key_end = string_end(bytes, at)?;
        let key = at + 1..key_end - 1;
        at = skip_space(bytes, key_end);
        if bytes.get(at) != Some(&b':') {
            return None;
        }
        at = skip_space(bytes, at + 1);
        let kind = match bytes.get(at)? {
            b'"' => ValueKind::String,
            b'{' | b'[' => ValueKind::Container,
            _ => ValueKind::Scalar,
        };
        let value_end = match kind {
            ValueKind::String => string_end(bytes, at)?,
            ValueKind::Container => container_end(bytes, at)?,
            ValueKind::Scalar => scalar_end(bytes, at)?,
        };
        let member = Member {
            key,
            value: at..value_end,
        };
        if !visit(&member, kind) {
            return Some(());
        }
        at = skip_space(bytes, value_end);
        match bytes.get(at)? {
            b',' => at = skip_space(bytes, at + 1),
            b'}' => return (skip_space(bytes, at + 1) == bytes.len()).then_some(()),
            _ => return None,
        }
    }
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        at += 1;
    }
    at
}

/// The index just past the string starting at `start` (a quote).
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut at = start + 1;
    loop {
        match bytes.get(at)? {
            b'"' => return Some(at + 1),
            b'\\' => at += 2,
            _ => at += 1,
        }
    }
}

/// The index just past the object or array starting at `start`.
fn container_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut at = start;
    loop {
        match bytes.get(at)? {
            b'"' => {
                at = string_end(bytes, at)?;
                continue;
            }
            b'{' | b'[' => depth += 1,
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(at + 1);
                }
            }
            _ => {}
        }
        at += 1;
    }
}

/// The index just past a number, `true`, `false` or `null` starting at `start`.
fn scalar_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut at = start;
    while let Some(byte) = bytes.get(at) {
        if matches!(byte, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
            break;
        }
        at += 1;
    }
    (at > start).then_some(at)
}

/// The value range of the top-level member named `name` (its raw key), if there is one.
pub(super) fn find_member(text: &str, name: &str) -> Option<Range<usize>> {
    let mut found = None;
    for_each_member(text, |member, _| {
        if text.get(member.key.clone()) == Some(name) {
            found = Some(member.value.clone());
            return false;
        }
        true
    })?;
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(text: &str) -> Option<Vec<(String, String, ValueKind)>> {
        let mut out = Vec::new();
        for_each_member(text, |m, kind| {
            out.push((
                text[m.key.clone()].to_owned(),
                text[m.value.clone()].to_owned(),
                kind,
            ));
            true
        })?;
        Some(out)
    }

    #[test]
    fn lists_top_level_members() {
        let text = r#"{"a":1,"b\"q":"x\\\"}","c":{"d":[1,{"e":"}"}]},"f":null, "g" : true }"#;
        let found = members(text).unwrap();
        let view: Vec<(&str, &str, ValueKind)> = found
            .iter()
            .map(|(k, v, kind)| (k.as_str(), v.as_str(), *kind))
            .collect();
        assert_eq!(
            view,
            vec![
                ("a", "1", ValueKind::Scalar),
                ("b\\\"q", "\"x\\\\\\\"}\"", ValueKind::String),
                ("c", r#"{"d":[1,{"e":"}"}]}"#, ValueKind::Container),
                ("f", "null", ValueKind::Scalar),
                ("g", "true", ValueKind::Scalar),
            ]
        );
        assert_eq!(members("{}"), Some(vec![]));
        assert_eq!(members(" { } "), Some(vec![]));
    }

    #[test]
    fn rejects_what_is_not_an_object() {
        for text in [
            "",
            "[]",
            "\"x\"",
            "1",
            "null",
            "{",
            "{\"a\"}",
            "{\"a\":}",
            "{\"a\":1",
            "{\"a\":1}x",
            "{\"a\":1,}",
            "{\"a\":\"x}",
            "{\"a\":{}}}",
            "{a:1}",
            "{\"a\":[1}",
        ] {
            assert_eq!(members(text), None, "{text}");
        }
    }

    #[test]
    fn finds_a_member_by_raw_key() {
        let text = r#"{"user":"ann","cookie":{"path":"/"},"n":1}"#;
        let range = find_member(text, "cookie").unwrap();
        assert_eq!(&text[range], r#"{"path":"/"}"#);
        assert_eq!(find_member(text, "missing"), None);
        assert_eq!(find_member("nope", "cookie"), None);
    }
}
