//! Session shapes: a session's JSON split into its *skeleton* and its values, so that
//! JavaScript rebuilds the session with a function compiled once per skeleton instead of
//! running `JSON.parse` on every read (which, for a typical session, costs several times
//! more than the whole native read).
//!
//! The skeleton is the JSON with every number replaced by `#` and every string value by
//! `$`; keys, nesting, `true`, `false` and `null` stay, without whitespace. With its quoted
//! keys and holes named, it is a JavaScript expression that builds the same value as
//! `JSON.parse` does. So that it is, a text only has a shape when it is strict JSON, its
//! keys have no escapes and none is `__proto__` (which an object literal would take as
//! the prototype), and it stays within small bounds.
//!
//! The values follow the skeleton's holes in order, each after a `VALUE` separator: a
//! number as written, a string without escapes as its bare contents, and a string with
//! escapes as `ESCAPED` followed by its JSON literal (quotes included). JSON strings hold
//! no raw control characters, so a separator never occurs inside a value.
//!
//! Skeletons are named by serial numbers that are never reused; at most `MAX_SHAPES` are
//! known at once (when the table is full it starts over), so a serial JavaScript cached
//! either names the same skeleton or none.

use std::collections::HashMap;

/// Precedes each value.
pub const VALUE: char = '\u{1}';
/// Marks a string value given as its JSON literal.
pub const ESCAPED: char = '\u{2}';
/// Starts a shaped text (`%<serial>` then the values); JSON never starts with it.
pub const SHAPED: char = '%';

const MAX_SHAPES: usize = 256;
const MAX_SKELETON_BYTES: usize = 1024;
const MAX_HOLES: usize = 64;
const MAX_DEPTH: usize = 16;

#[derive(Debug, Default)]
pub(super) struct Shapes {
    serials: HashMap<Box<str>, u64>,
    /// Skeletons by `serial - first`.
    skeletons: Vec<Box<str>>,
    first: u64,
    /// Where in `skeletons` the skeleton last looked up is: sessions of an application
    /// mostly share one, and comparing it costs less than hashing.
    last: usize,
    /// Scratch space for the skeleton and the values being read.
    skeleton: String,
    values: String,
}

impl Shapes {
    /// Appends `%<serial>` and the values of `json` to `out` and returns true; false, with
    /// `out` unchanged, when `json` has no shape.
    pub(super) fn write_shaped(&mut self, json: &str, out: &mut String) -> bool {
        let mut skeleton = std::mem::take(&mut self.skeleton);
        let mut values = std::mem::take(&mut self.values);
        let last = self.skeletons.get(self.last).map(|s| s.as_bytes());
        let serial = if Splitter::new(json, &mut skeleton, &mut values)
            .follow(last)
            .is_some()
        {
            Some(self.first + self.last as u64)
        } else {
            Splitter::new(json, &mut skeleton, &mut values)
                .split()
                .map(|()| self.serial_of(&skeleton))
        };
        if let Some(serial) = serial {
            out.push(SHAPED);
            super::push_decimal(out, serial);
            out.push_str(&values);
        }
        self.skeleton = skeleton;
        self.values = values;
        serial.is_some()
    }

    /// The skeleton named `serial`, if it is still known.
    pub(super) fn skeleton(&self, serial: f64) -> Option<&str> {
        let at = serial - self.first as f64;
        if at.is_nan() || at < 0.0 || at.fract() != 0.0 {
            return None;
        }
        self.skeletons.get(at as usize).map(|s| &**s)
    }

    fn serial_of(&mut self, skeleton: &str) -> u64 {
        if self
            .skeletons
            .get(self.last)
            .is_some_and(|last| **last == *skeleton)
        {
            return self.first + self.last as u64;
        }
        let serial = self.intern(skeleton);
        self.last = (serial - self.first) as usize;
        serial
    }

    fn intern(&mut self, skeleton: &str) -> u64 {
        if let Some(&serial) = self.serials.get(skeleton) {
            return serial;
        }
        if self.skeletons.len() >= MAX_SHAPES {
            self.first += self.skeletons.len() as u64;
            self.skeletons.clear();
            self.serials.clear();
        }
        let serial = self.first + self.skeletons.len() as u64;
        self.skeletons.push(skeleton.into());
        self.serials.insert(skeleton.into(), serial);
        serial
    }

    pub(super) fn heap_bytes(&self) -> usize {
        self.skeletons
            .iter()
            .map(|s| 2 * s.len() + 48)
            .sum::<usize>()
            + self.skeleton.capacity()
            + self.values.capacity()
    }
}

/// Reads one JSON text into a skeleton and values; `None` when it has no shape.
struct Splitter<'a> {
    bytes: &'a [u8],
    text: &'a str,
    at: usize,
    skeleton: &'a mut String,
    values: &'a mut String,
    holes: usize,
}

impl<'a> Splitter<'a> {
    /// A splitter of `json` into (cleared) `skeleton` and `values`.
    fn new(json: &'a str, skeleton: &'a mut String, values: &'a mut String) -> Self {
        skeleton.clear();
        values.clear();
        Splitter {
            bytes: json.as_bytes(),
            text: json,
            at: 0,
            skeleton,
            values,
            holes: 0,
        }
    }

    fn split(mut self) -> Option<()> {
        self.value(0)?;
        self.skip_space();
        (self.at == self.bytes.len() && self.skeleton.len() <= MAX_SKELETON_BYTES).then_some(())
    }

    /// Reads the values of a text whose skeleton is `skeleton` (one `split` gave), without
    /// writing the skeleton again; `None` when the text does not have exactly that skeleton
    /// (or has whitespace), or there is no `skeleton`.
    fn follow(mut self, skeleton: Option<&[u8]>) -> Option<()> {
        let skeleton = skeleton?;
        let mut at = 0;
        while let Some(&mark) = skeleton.get(at) {
            match mark {
                b'#' => {
                    self.number_value()?;
                    at += 1;
                }
                b'$' => {
                    self.string_value()?;
                    at += 1;
                }
                b'"' => {
                    // A key: it has no escapes, so it ends at the next quote.
                    let len = 2 + skeleton.get(at + 1..)?.iter().position(|&b| b == b'"')?;
                    let key = skeleton.get(at..at + len)?;
                    (self.bytes.get(self.at..self.at + len)? == key).then_some(())?;
                    self.at += len;
                    at += len;
                }
                _ => {
                    (self.peek()? == mark).then_some(())?;
                    self.at += 1;
                    at += 1;
                }
            }
        }
        (self.at == self.bytes.len()).then_some(())
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.skip_space();
        (self.peek()? == byte).then(|| self.at += 1)
    }

    fn value(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH || self.skeleton.len() > MAX_SKELETON_BYTES {
            return None;
        }
        self.skip_space();
        match self.peek()? {
            b'{' => self.object(depth),
            b'[' => self.array(depth),
            b'"' => self.hole('$', Self::string_value),
            b't' => self.literal("true"),
            b'f' => self.literal("false"),
            b'n' => self.literal("null"),
            _ => self.hole('#', Self::number_value),
        }
    }

    fn hole(&mut self, mark: char, value: fn(&mut Self) -> Option<()>) -> Option<()> {
        self.holes += 1;
        if self.holes > MAX_HOLES {
            return None;
        }
        self.skeleton.push(mark);
        value(self)
    }

    /// Reads a number into the values.
    fn number_value(&mut self) -> Option<()> {
        let start = self.at;
        self.number()?;
        self.values.push(VALUE);
        self.values.push_str(self.text.get(start..self.at)?);
        Some(())
    }

    /// Reads a string into the values: its contents, or `ESCAPED` and its literal.
    fn string_value(&mut self) -> Option<()> {
        let (start, end, escaped) = self.string()?;
        self.values.push(VALUE);
        if escaped {
            self.values.push(ESCAPED);
            self.values.push_str(self.text.get(start..end)?);
        } else {
            self.values.push_str(self.text.get(start + 1..end - 1)?);
        }
        Some(())
    }

    fn literal(&mut self, word: &str) -> Option<()> {
        let end = self.at + word.len();
        (self.text.get(self.at..end)? == word).then_some(())?;
        self.at = end;
        self.skeleton.push_str(word);
        Some(())
    }

    fn object(&mut self, depth: usize) -> Option<()> {
        self.container(b'}', |splitter| {
            splitter.skip_space();
            let (start, end, escaped) = splitter.string()?;
            let key = splitter.text.get(start..end)?;
            if escaped || key == "\"__proto__\"" {
                return None;
            }
            splitter.skeleton.push_str(key);
            splitter.expect(b':')?;
            splitter.skeleton.push(':');
            splitter.value(depth + 1)
        })
    }

    fn array(&mut self, depth: usize) -> Option<()> {
        self.container(b']', |splitter| splitter.value(depth + 1))
    }

    /// An object or array (at its opening bracket) whose items `item` reads.
    fn container(
        &mut self,
        close: u8,
        mut item: impl FnMut(&mut Self) -> Option<()>,
    ) -> Option<()> {
        self.skeleton.push(char::from(*self.bytes.get(self.at)?));
        self.at += 1;
        self.skip_space();
        if self.peek()? == close {
            self.at += 1;
            self.skeleton.push(char::from(close));
            return Some(());
        }
        loop {
            item(self)?;
            self.skip_space();
            let next = self.peek()?;
            if next != b',' && next != close {
                return None;
            }
            self.at += 1;
            self.skeleton.push(char::from(next));
            if next == close {
                return Some(());
            }
        }
    }

    /// A JSON string at `at`: (start, end past the closing quote, whether it has escapes).
    fn string(&mut self) -> Option<(usize, usize, bool)> {
        let start = self.at;
        (self.peek()? == b'"').then_some(())?;
        let mut at = start + 1;
        let mut escaped = false;
        loop {
            match *self.bytes.get(at)? {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    match *self.bytes.get(at + 1)? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => at += 2,
                        b'u' => {
                            let hex = self.bytes.get(at + 2..at + 6)?;
                            hex.iter().all(u8::is_ascii_hexdigit).then_some(())?;
                            at += 6;
                        }
                        _ => return None,
                    }
                }
                byte if byte < 0x20 => return None,
                _ => at += 1,
            }
        }
        self.at = at + 1;
        Some((start, self.at, escaped))
    }

    /// A JSON number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn number(&mut self) -> Option<()> {
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.peek()? {
            b'0' => self.at += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.required_digits()?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            self.required_digits()?;
        }
        Some(())
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.at += 1;
        }
    }

    fn required_digits(&mut self) -> Option<()> {
        let start = self.at;
        self.digits();
        (self.at > start).then_some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shaped(shapes: &mut Shapes, json: &str) -> Option<(String, String)> {
        let mut out = String::from("prefix");
        if !shapes.write_shaped(json, &mut out) {
            assert_eq!(out, "prefix", "{json}");
            return None;
        }
        let rest = out.strip_prefix("prefix%").unwrap();
        let cut = rest.find(VALUE).unwrap_or(rest.len());
        let serial: f64 = rest[..cut].parse().unwrap();
        let skeleton = shapes.skeleton(serial).unwrap().to_owned();
        Some((skeleton, rest[cut..].to_owned()))
    }

    /// Puts the values back into the skeleton: the JSON text without whitespace.
    fn rejoin(skeleton: &str, values: &str) -> String {
        let mut values = values.split(VALUE).skip(1);
        let mut out = String::new();
        let mut in_key = false;
        for c in skeleton.chars() {
            match c {
                '"' => {
                    in_key = !in_key;
                    out.push(c);
                }
                '#' | '$' if !in_key => {
                    let value = values.next().unwrap();
                    if c == '#' || value.starts_with(ESCAPED) {
                        out.push_str(value.trim_start_matches(ESCAPED));
                    } else {
                        out.push('"');
                        out.push_str(value);
                        out.push('"');
                    }
                }
                _ => out.push(c),
            }
        }
        assert!(values.next().is_none());
        out
    }

    #[test]
    fn a_typical_session_splits_into_skeleton_and_values() {
        let mut shapes = Shapes::default();
        let json = r#"{"cookie":3,"views":12,"user":{"id":-1.5e3,"name":"ann"},"ok":true,"x":null,"l":[]}"#;
        let (skeleton, values) = shaped(&mut shapes, json).unwrap();
        assert_eq!(
            skeleton,
            r#"{"cookie":#,"views":#,"user":{"id":#,"name":$},"ok":true,"x":null,"l":[]}"#
        );
        assert_eq!(values, "\u{1}3\u{1}12\u{1}-1.5e3\u{1}ann");
        assert_eq!(rejoin(&skeleton, &values), json);
    }

    #[test]
    fn escaped_strings_come_as_literals_and_whitespace_goes() {
        let mut shapes = Shapes::default();
        let json = " { \"a\" : [ \"x\\\"y\" , \"\\u00e9\u{e9}\" , \"plain é\" ] , \"b\" : { } } ";
        let (skeleton, values) = shaped(&mut shapes, json).unwrap();
        assert_eq!(skeleton, r#"{"a":[$,$,$],"b":{}}"#);
        assert_eq!(
            values,
            "\u{1}\u{2}\"x\\\"y\"\u{1}\u{2}\"\\u00e9\u{e9}\"\u{1}plain é"
        );
    }

    #[test]
    fn same_skeleton_same_serial_and_the_table_starts_over_when_full() {
        let mut shapes = Shapes::default();
        let serial_of = |shapes: &mut Shapes, json: &str| {
            let mut out = String::new();
            assert!(shapes.write_shaped(json, &mut out));
            out[1..out.find(VALUE).unwrap_or(out.len())]
                .parse::<u64>()
                .unwrap()
        };
        let first = serial_of(&mut shapes, r#"{"a":1}"#);
        assert_eq!(serial_of(&mut shapes, r#"{"a":2}"#), first);
        for i in 0..MAX_SHAPES - 1 {
            serial_of(&mut shapes, &format!(r#"{{"k{i}":1}}"#));
        }
        assert_eq!(shapes.skeleton(first as f64), Some(r##"{"a":#}"##));
        let next = serial_of(&mut shapes, r#"{"new":1}"#);
        assert_eq!(next, MAX_SHAPES as u64);
        assert_eq!(shapes.skeleton(first as f64), None);
        assert_eq!(shapes.skeleton(next as f64), Some(r##"{"new":#}"##));
        assert_eq!(serial_of(&mut shapes, r#"{"a":1}"#), next + 1);
        assert_eq!(shapes.skeleton(0.5), None);
        assert_eq!(shapes.skeleton(f64::NAN), None);
        assert_eq!(shapes.skeleton(-1.0), None);
    }

    #[test]
    fn a_text_is_only_read_by_the_last_skeleton_when_it_has_exactly_that_skeleton() {
        let mut shapes = Shapes::default();
        let (first, _) = shaped(&mut shapes, r#"{"ab":1,"l":[true]}"#).unwrap();
        for (json, skeleton) in [
            (r#"{"abc":1,"l":[true]}"#, r##"{"abc":#,"l":[true]}"##),
            (r#"{"a":1,"l":[true]}"#, r##"{"a":#,"l":[true]}"##),
            (r#"{"ab":"1","l":[true]}"#, r##"{"ab":$,"l":[true]}"##),
            (r#"{"ab":1,"l":[false]}"#, r##"{"ab":#,"l":[false]}"##),
            (r#"{"ab":1,"l":[true,1]}"#, r##"{"ab":#,"l":[true,#]}"##),
            (r#"{"ab":1,"l":[true]} "#, first.as_str()),
            (r#"{"ab":1, "l":[true]}"#, first.as_str()),
        ] {
            assert_eq!(shaped(&mut shapes, json).unwrap().0, skeleton, "{json}");
            shaped(&mut shapes, r#"{"ab":1,"l":[true]}"#).unwrap();
        }
        assert_eq!(shaped(&mut shapes, r#"{"ab":1,"l":[true]}x"#), None);
        assert_eq!(shaped(&mut shapes, r#"{"ab":1,"l":[tru"#), None);
    }

    #[test]
    fn texts_without_a_shape() {
        let mut shapes = Shapes::default();
        let deep = "[".repeat(MAX_DEPTH + 2) + &"]".repeat(MAX_DEPTH + 2);
        let many = format!("[{}1]", "1,".repeat(MAX_HOLES));
        let long_key = format!(r#"{{"{}":true}}"#, "k".repeat(MAX_SKELETON_BYTES));
        for json in [
            "",
            "{",
            r#"{"a\"":1}"#,
            r#"{"__proto__":{}}"#,
            "{\"a\":\"\u{1}\"}",
            r#"{"a":"\x"}"#,
            r#"{"a":"\u12"}"#,
            r#"{"a":01}"#,
            r#"{"a":1.}"#,
            r#"{"a":.5}"#,
            r#"{"a":1e}"#,
            r#"{"a":+1}"#,
            r#"{"a":-}"#,
            r#"{"a":tru}"#,
            r#"{"a":1,}"#,
            r#"{"a":1}x"#,
            r#"[1 2]"#,
            r#"{"a" 1}"#,
            r#"{a:1}"#,
            deep.as_str(),
            many.as_str(),
            long_key.as_str(),
        ] {
            assert_eq!(shaped(&mut shapes, json), None, "{json}");
        }
        let ok_deep = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(shaped(&mut shapes, &ok_deep).is_some());
        assert!(shaped(&mut shapes, &format!("[{}1]", "1,".repeat(MAX_HOLES - 1))).is_some());
        assert!(shaped(&mut shapes, r#"{"__proto":1,"a":"__proto__"}"#).is_some());
    }
}
