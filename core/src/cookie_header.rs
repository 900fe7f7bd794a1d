//! Parsing a `Cookie` request header exactly like `parse(str)` of the npm package
//! `cookie` 0.7.2 with its default `decode`.
//!
//! The JS walks UTF-16 code units, but it only ever looks at ASCII characters
//! (`=`, `;`, space, tab, `"`), which are single units in UTF-16 and single bytes
//! in UTF-8, so walking UTF-8 bytes cuts the header at the same characters.
//!
//! Two JS quirks are kept: a cookie named `__proto__` is never stored (assigning it
//! on a plain object hits the prototype setter, which ignores strings), and a value
//! that is a lone `"` becomes the empty string.

use std::borrow::Cow;
use std::collections::HashSet;

/// Headers longer than this use a hash set to find repeated names, so a header
/// with thousands of cookies cannot make `parse` quadratic.
const LINEAR_DEDUP_MAX_LEN: usize = 512;

/// All cookies of the header, each name once with the value of its first
/// occurrence, in the order names first occur.
///
/// Note that `Object.keys()` of the JS result lists integer-like names
/// (`"0"`, `"42"`) first, in numeric order; lookups by name are unaffected.
pub fn parse(header: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut seen = (header.len() > LINEAR_DEDUP_MAX_LEN).then(HashSet::new);
    for (name, region) in Pairs::new(header) {
        if name == "__proto__" {
            continue;
        }
        let is_new = seen.as_mut().map_or_else(
            || !out.iter().any(|(n, _)| n == name),
            |seen| seen.insert(name),
        );
        if is_new {
            out.push((name.to_owned(), value_of(region).into_owned()));
        }
    }
    out
}

/// The value `parse(header)` gives for `name`, stopping at its first occurrence.
#[must_use]
pub fn get<'a>(header: &'a str, name: &str) -> Option<Cow<'a, str>> {
    if name == "__proto__" {
        return None;
    }
    Pairs::new(header)
        .find(|&(n, _)| n == name)
        .map(|(_, region)| value_of(region))
}

/// JS `decodeURIComponent`.
///
/// Every `%XX` becomes that byte and the bytes must form valid UTF-8 (no overlong forms,
/// surrogates or code points past U+10FFFF). `None` where JS throws `URIError`. Borrows
/// `s` when it contains no `%`.
pub fn decode_uri_component(s: &str) -> Option<Cow<'_, str>> {
    let Some(first) = s.find('%') else {
        return Some(Cow::Borrowed(s));
    };
    let (literal, mut rest) = s.as_bytes().split_at_checked(first)?;
    let mut out = Vec::with_capacity(s.len());
    out.extend_from_slice(literal);
    while let Some((&byte, after)) = rest.split_first() {
        if byte == b'%' {
            let [hi, lo, tail @ ..] = after else {
                return None;
            };
            out.push(hex_value(*hi)? << 4 | hex_value(*lo)?);
            rest = tail;
        } else {
            let run = rest.iter().position(|&b| b == b'%').unwrap_or(rest.len());
            let (literal, tail) = rest.split_at_checked(run)?;
            out.extend_from_slice(literal);
            rest = tail;
        }
    }
    // Literal characters are whole UTF-8 sequences, so validating the joined
    // bytes accepts exactly what JS accepts escape sequence by escape sequence.
    String::from_utf8(out).ok().map(Cow::Owned)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

fn trim_blanks(s: &str) -> &str {
    s.trim_matches(|c| c == ' ' || c == '\t')
}

/// The cookie value from the text between `=` and `;`: trimmed, one pair of
/// surrounding double quotes removed, then decoded if it contains `%` (the raw
/// value is kept when decoding fails).
fn value_of(region: &str) -> Cow<'_, str> {
    let mut value = trim_blanks(region);
    if value.starts_with('"') && value.ends_with('"') {
        // A lone `"` is both the opening and the closing quote; JS slices it to "".
        value = value.get(1..value.len() - 1).unwrap_or("");
    }
    decode_uri_component(value).unwrap_or(Cow::Borrowed(value))
}

/// The `(trimmed name, untrimmed value text)` pairs in the order the JS loop
/// visits them, duplicates included.
struct Pairs<'a> {
    header: &'a str,
    index: usize,
}

impl<'a> Pairs<'a> {
    fn new(header: &'a str) -> Self {
        // JS returns early below 2 UTF-16 units; below 2 bytes is the same set of
        // strings apart from a single non-ASCII character, which holds no `=` anyway.
        let index = if header.len() < 2 { header.len() } else { 0 };
        Pairs { header, index }
    }
}

impl<'a> Iterator for Pairs<'a> {
    type Item = (&'a str, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let s = self.header;
        while self.index < s.len() {
            let rest = &s[self.index..];
            let Some(eq) = rest.find('=').map(|i| self.index + i) else {
                self.index = s.len();
                return None;
            };
            let end = rest.find(';').map_or(s.len(), |i| self.index + i);
            if eq > end {
                // The text before this `;` has no `=`: skip to the segment holding the `=`.
                self.index = s[..eq].rfind(';').map_or(end + 1, |i| i + 1);
                continue;
            }
            let name = trim_blanks(&s[self.index..eq]);
            let region = &s[eq + 1..end];
            self.index = end + 1;
            return Some((name, region));
        }
        None
    }
}

#[cfg(test)]
#[expect(
    clippy::format_push_string,
    clippy::format_collect,
    reason = "tests build inputs with format!"
)]
mod tests {
    use super::*;

    /// `(header, Object.entries(cookie.parse(header)))` printed by cookie@0.7.2 under
    /// Node 20, in JS key order; hand-picked cases first, then random ones.
    #[rustfmt::skip]
    const PARSE_VECTORS: &[(&str, &[(&str, &str)])] = &[
        ("", &[]),
        ("a", &[]),
        ("=", &[]),
        ("a=", &[("a", "")]),
        ("=b", &[("", "b")]),
        ("a=b", &[("a", "b")]),
        (" a = b ", &[("a", "b")]),
        ("a=b;b=c", &[("a", "b"), ("b", "c")]),
        ("a=b; b=c", &[("a", "b"), ("b", "c")]),
        ("a=b;;b=c", &[("a", "b"), ("b", "c")]),
        (";a=b", &[("a", "b")]),
        ("a;b=c", &[("b", "c")]),
        ("a=b;c", &[("a", "b")]),
        ("a=b;c;d=e", &[("a", "b"), ("d", "e")]),
        ("a=\"b\"", &[("a", "b")]),
        ("a=\" b \"", &[("a", " b ")]),
        ("a = \" b \" ", &[("a", " b ")]),
        ("a=\"", &[("a", "")]),
        ("a=\"\"", &[("a", "")]),
        ("a=\"\"\"", &[("a", "\"")]),
        ("a=\"b", &[("a", "\"b")]),
        ("a=b\"", &[("a", "b\"")]),
        ("a=\t\"b\"\t", &[("a", "b")]),
        ("\ta\t=\tb\t", &[("a", "b")]),
        ("a=b=c", &[("a", "b=c")]),
        ("a==b", &[("a", "=b")]),
        ("a=b; a=c", &[("a", "b")]),
        (" a=b; a =c", &[("a", "b")]),
        ("a=%20", &[("a", " ")]),
        ("a=%2", &[("a", "%2")]),
        ("a=%", &[("a", "%")]),
        ("a=%zz", &[("a", "%zz")]),
        ("a=%E2%82%AC", &[("a", "€")]),
        ("a=%e2%82%ac", &[("a", "€")]),
        ("a=%C0%80", &[("a", "%C0%80")]),
        ("a=%ED%A0%80", &[("a", "%ED%A0%80")]),
        ("a=\"%20\"", &[("a", " ")]),
        ("a=%20%", &[("a", "%20%")]),
        ("%20=%20", &[("%20", " ")]),
        ("é=ü", &[("é", "ü")]),
        ("a=é", &[("a", "é")]),
        ("ü=%C3%BC", &[("ü", "ü")]),
        ("a=😀;b=%F0%9F%98%80", &[("a", "😀"), ("b", "😀")]),
        ("a;b;c=d", &[("c", "d")]),
        (";;;", &[]),
        ("; ; a=b", &[("a", "b")]),
        ("a=b; ; ", &[("a", "b")]),
        ("a=1;b=2;c=3;a=4;b=5", &[("a", "1"), ("b", "2"), ("c", "3")]),
        ("__proto__=x", &[]),
        ("__proto__=x; a=b; __proto__=y", &[("a", "b")]),
        ("constructor=c", &[("constructor", "c")]),
        ("toString=t; hasOwnProperty=h", &[("toString", "t"), ("hasOwnProperty", "h")]),
        ("1=a; 0=b; b=c; 10=d", &[("0", "b"), ("1", "a"), ("10", "d"), ("b", "c")]),
        ("foo=bar;foo=baz", &[("foo", "bar")]),
        ("x =y; x=z", &[("x", "y")]),
        ("a=b;c=d e", &[("a", "b"), ("c", "d e")]),
        ("sid=s%3Aabc.def", &[("sid", "s:abc.def")]),
        ("connect.sid=s%3AUoL4NEn5ZR3XIn_BGVt1DITeQJZSMyIv.nYpAhXaEWd3Q%2BQ%2FxT6r7%2Ff5r%2F0GEcdaJwwPthJ9Qc0E", &[("connect.sid", "s:UoL4NEn5ZR3XIn_BGVt1DITeQJZSMyIv.nYpAhXaEWd3Q+Q/xT6r7/f5r/0GEcdaJwwPthJ9Qc0E")]),
        ("  ", &[]),
        (" =", &[("", "")]),
        ("= ", &[("", "")]),
        (" = ", &[("", "")]),
        ("a", &[]),
        ("ab", &[]),
        ("a b=c", &[("a b", "c")]),
        ("a\u{0}=b", &[("a\u{0}", "b")]),
        ("a=b\u{0}", &[("a", "b\u{0}")]),
        ("a=é%", &[("a", "é%")]),
        ("a=\"\t", &[("a", "")]),
        ("a= \"x\" y \"", &[("a", "x\" y ")]),
        ("\"a\"=b", &[("\"a\"", "b")]),
        ("a=%22b%22", &[("a", "\"b\"")]),
        ("a=b;c=d;e", &[("a", "b"), ("c", "d")]),
        ("a;b", &[]),
        ("a;=", &[("", "")]),
        (";=", &[("", "")]),
        ("%2%é;;😀%2", &[]),
        ("%29😀3z=aé", &[("%29😀3z", "aé")]),
        ("\t=\"A%2", &[("", "\"A%2")]),
        ("b;=%2", &[("", "%2")]),
        ("%2=zzb", &[("%2", "zzb")]),
        ("0%2%23AbaCé0zbb3", &[]),
        ("0😀z;", &[]),
        (" 😀", &[]),
        ("C=bCF\t \"😀\t", &[("C", "bCF\t \"😀")]),
        ("=%C3%A9", &[("", "é")]),
        ("== éAé3\t=", &[("", "= éAé3\t=")]),
        ("\"éA\"b=b 3a", &[("\"éA\"b", "b 3a")]),
        ("", &[]),
        (";b", &[]),
        ("%a\"F%=% ;% F%%C3%A9é", &[("%a\"F%", "%")]),
        ("", &[]),
        ("z3A3\"z\";=", &[("", "")]),
        ("=%a 0;;z\t0", &[("", "%a 0")]),
        ("b=3a\t2%C3%A9%2%\"=z", &[("b", "3a\t2%C3%A9%2%\"=z")]),
        ("=\tb a;a=", &[("", "b a"), ("a", "")]),
        ("%2", &[]),
        ("=a==é%2", &[("", "a==é%2")]),
        ("A3A2\t 9%2 a2😀=%", &[("A3A2\t 9%2 a2😀", "%")]),
        ("2=;3;%C😀", &[("2", "")]),
        ("C b ;; 0%2;\t=b%%", &[("", "b%%")]),
        (";\"😀09 %2\"", &[]),
        ("éCa=ab9\"", &[("éCa", "ab9\"")]),
        ("z ;%\t%2F", &[]),
        ("3;", &[]),
        ("\"a==2😀9%0a", &[("\"a", "=2😀9\u{a}")]),
        ("bA", &[]),
        ("==;a0%C3%A9%2=C", &[("", "="), ("a0%C3%A9%2", "C")]),
        (";;", &[]),
        ("3  bé;2z9 b;Aa", &[]),
        ("0=;%2", &[("0", "")]),
        ("0;😀é%C3%A9", &[]),
        ("z😀", &[]),
        ("b", &[]),
        (" ;2A%2=0%2%é9aa", &[("2A%2", "0%2%é9aa")]),
        ("\"=A\"F", &[("\"", "A\"F")]),
        ("", &[]),
        ("b0a2=A2 3😀😀 ", &[("b0a2", "A2 3😀😀")]),
        ("bF b \t3", &[]),
        ("😀0za; ba%\"3bbé\t", &[]),
        ("\"%C3%A9ba=", &[("\"%C3%A9ba", "")]),
        ("bz%C3%A9;%C3%A9%C3%A9%C3%A9%", &[]),
        ("a%2😀0 A;0%=%2a  ", &[("0%", "*")]),
        ("%C3%A92=AA=F93b%", &[("%C3%A92", "AA=F93b%")]),
        ("2\tébb=bz%C3%A9%%", &[("2\tébb", "bz%C3%A9%%")]),
        ("", &[]),
        ("C=2 2", &[("C", "2 2")]),
        ("😀b😀😀 ;= ", &[("", "")]),
        ("\"z😀%2b", &[]),
        ("%23%29a0", &[]),
        ("b2b%C3%A9 %C3%A9éC%=z", &[("b2b%C3%A9 %C3%A9éC%", "z")]),
        ("\" b  2A0b", &[]),
        ("9aa\t0\"b==", &[("9aa\t0\"b", "=")]),
        (" =%9😀a20\t0", &[("", "%9😀a20\t0")]),
        ("", &[]),
        ("=", &[]),
        ("", &[]),
        (";😀03;\"a %C3%A9%C3%A9=2%C3%A9", &[("\"a %C3%A9%C3%A9", "2é")]),
        ("😀aa\"F=% \tC9;a", &[("😀aa\"F", "% \tC9")]),
        ("z%C3%A9😀9%", &[]),
        ("b", &[]),
        (";", &[]),
        ("b93%C3%A9éa", &[]),
        ("a%C3%A9A😀%2%=0Ca ", &[("a%C3%A9A😀%2%", "0Ca")]),
        ("b", &[]),
        ("= ", &[("", "")]),
        ("0;\" A", &[]),
        ("b==aA", &[("b", "=aA")]),
        ("\";\"3", &[]),
        ("zC%2aA", &[]),
        ("3%2%22é%C3%A9\"a", &[]),
        ("03;a", &[]),
        ("\"=Cbb %20%2", &[("\"", "Cbb %20%2")]),
        ("", &[]),
        (";F2CF", &[]),
        (";3%C3%A9;\";=aA=\"aa=", &[("", "aA=\"aa=")]),
        ("AA😀;;==3=", &[("", "=3=")]),
        ("%C3%A9%2b", &[]),
        ("9😀=é\ta=C%C3%A9C\";C", &[("9😀", "é\ta=CéC\"")]),
        ("2  b%C3%A90 ", &[]),
        ("b3%C3%A9===", &[("b3%C3%A9", "==")]),
        ("A9a9%0=FA9", &[("A9a9%0", "FA9")]),
        ("%C3%A9\";abF9%2a  C2", &[]),
        ("3b0Aa2é", &[]),
        (" \tF  a\"", &[]),
        ("3F ", &[]),
        ("😀 azF%2%z;%FA", &[]),
        ("CF%C3%A9\t0", &[]),
        ("😀", &[]),
        ("220😀%a%C3%A90; ", &[]),
        ("03%C3%A9=\"C2éa %2", &[("03%C3%A9", "\"C2éa %2")]),
        ("😀%%C3%A9 %2A3C0%2CAA", &[]),
        (" F%3b", &[]),
        ("bbb\"2;;\"\tbba", &[]),
        ("0 %2F  a", &[]),
        ("=3aza93 %29=", &[("", "3aza93 )=")]),
        (";=😀= éb2302%C3%A9C=;", &[("", "😀= éb2302éC=")]),
        ("\"Fbb=", &[("\"Fbb", "")]),
        ("zzé=\t3%2😀😀%20z;9", &[("zzé", "3%2😀😀%20z")]),
        ("9;a90 a😀z", &[]),
        ("b😀A= z", &[("b😀A", "z")]),
        ("A\t9a9", &[]),
        ("A9z=0b ;b\"", &[("A9z", "0b")]),
        ("z\"\tb=\ta%😀;=", &[("z\"\tb", "a%😀"), ("", "")]),
        ("", &[]),
        ("0%ba;b%=", &[("b%", "")]),
        ("%C3%A9F0a%b", &[]),
        (" 0C;ébF;a b😀", &[]),
        ("a0éb%2", &[]),
        ("a ;", &[]),
        ("F%C3%A9A;az02é3z", &[]),
        ("Ca%C3%A9z2😀", &[]),
        (" 9;", &[]),
        ("2aA=CFa2F0", &[("2aA", "CFa2F0")]),
        ("b22 A3\"\"", &[]),
        ("A%2b=ébzaFé;%C3%A9", &[("A%2b", "ébzaFé")]),
        ("%a ", &[]),
        ("", &[]),
        ("b", &[]),
        ("FFAz ", &[]),
        (" \t%;b", &[]),
        ("é29éa%2\"a\t😀=", &[("é29éa%2\"a\t😀", "")]),
        (" %29%C3%A9", &[]),
        (" %23😀3", &[]),
        ("9==0Ab", &[("9", "=0Ab")]),
        ("\t;;3  😀😀a", &[]),
        ("zaé%C3%A90ba%=9", &[("zaé%C3%A90ba%", "9")]),
        ("=3A%2", &[("", "3A%2")]),
        ("a  ", &[]),
        ("é\t;;\"", &[]),
        ("", &[]),
        ("b", &[]),
        ("%22é\tA=z0b", &[("%22é\tA", "z0b")]),
        (" bz;A\ta=\";A%C3%A9b;", &[("A\ta", "")]),
        ("", &[]),
        (" F", &[]),
        ("=ab%2a", &[("", "ab*")]),
        (";\"2Fé%%C3%A9%F;é%C3%A9;9A", &[]),
        (";3é=39=220 b😀", &[("3é", "39=220 b😀")]),
        ("ba\t; 😀;3😀;b;", &[]),
        (" =b\t%C3%A9😀\t2%2", &[("", "b\t%C3%A9😀\t2%2")]),
        ("", &[]),
        ("=;aCb=z9", &[("", ""), ("aCb", "z9")]),
        ("éa2bb;=F", &[("", "F")]),
        ("é\";a %Cb=b3\"", &[("a %Cb", "b3\"")]),
        ("C😀;Cab=a %2C;b", &[("Cab", "a ,")]),
        ("%;Aa=0a \"b F😀C\t", &[("Aa", "0a \"b F😀C")]),
        (" \"ab9%C3%A9é ", &[]),
        ("z", &[]),
        ("é%C3%A9😀", &[]),
        ("3;0F3C=CaF0b", &[("0F3C", "CaF0b")]),
        ("zaéb", &[]),
        ("2C=%0a %2=é\t=", &[("2C", "%0a %2=é\t=")]),
        ("%b2a2\ta b\"babA", &[]),
        (" 😀", &[]),
        ("F ;3\tA😀9", &[]),
        ("Aé\t%C😀;2%C3%A93", &[]),
        ("ééC %C3%A9", &[]),
        ("b3%C3%A9b3", &[]),
        ("a", &[]),
        ("=é%bF;39", &[("", "é%bF")]),
        ("=C", &[("", "C")]),
        ("Fa%%", &[]),
        ("😀2%C3%A9ba=;a", &[("😀2%C3%A9ba", "")]),
        ("zb3\"zb==\" Cbz", &[("zb3\"zb", "=\" Cbz")]),
        ("b93C %Ab2ba", &[]),
        ("=;b C ", &[("", "")]),
        ("2=;;ACAz%\t%a3", &[("2", "")]),
        ("=%2b%C3%A9%C3%A9aCaz =2b", &[("", "+ééaCaz =2b")]),
        ("z2\tbA2;F2 ", &[]),
        ("aCéb😀\tbbAF", &[]),
        ("é a%2\tA =z%2z", &[("é a%2\tA", "z%2z")]),
        ("😀b\t  a", &[]),
        ("9 %23é2 ", &[]),
        ("%2ézFA2A3\"9Cbé3;", &[]),
        ("9C=", &[("9C", "")]),
        ("9C9 z%=0093", &[("9C9 z%", "0093")]),
        ("23%==FaF", &[("23%", "=FaF")]),
        ("😀F2C0%AA%2%😀=3==", &[("😀F2C0%AA%2%😀", "3==")]),
        ("F;AA2;\t33   =", &[("33", "")]),
        (";\t=CA =;z3a", &[("", "CA =")]),
        ("==\" ==9C%", &[("", "=\" ==9C%")]),
        ("CC\"b; F%2\tF", &[]),
        (" ", &[]),
        ("%é;2a=%2b%C3%A9bb;=C\"", &[("2a", "+ébb"), ("", "C\"")]),
        ("\t3z%9zbbC   bFF", &[]),
        ("a;9z%2zb bb=9", &[("9z%2zb bb", "9")]),
        ("😀FbC3abCz", &[]),
        (";b3;😀0Fza", &[]),
        ("\"AC", &[]),
        ("2A0A ", &[]),
        ("b2;\t😀Cb93F\t2\tzA", &[]),
        ("z;a%2", &[]),
        ("=0F;😀%2a", &[("", "0F")]),
        ("=a9%%=\t%2", &[("", "a9%%=\t%2")]),
        ("abCCéé", &[]),
        ("b", &[]),
        ("A%2\"b 2b2 %C3%A9bC;3", &[]),
        ("b2%29%C3%A9=\tF0zCé", &[("b2%29%C3%A9", "F0zCé")]),
        (" C;%2C=😀é\"", &[("%2C", "😀é\"")]),
        ("%C3%A9az", &[]),
        ("2ba", &[]),
        ("%2éb😀é\t", &[]),
        ("9F%", &[]),
        ("aéz2é9", &[]),
        ("920zzbCA%b", &[]),
        ("0a%22a😀 aaa=C", &[("0a%22a😀 aaa", "C")]),
        ("F3%29bzé z ", &[]),
        (" %2 ;A%C3%A9", &[]),
        ("=", &[]),
        ("39b😀90", &[]),
        ("\"%;F ;%2zé==%A=\t", &[("%2zé", "=%A=")]),
        ("\"09039;😀Fb\"z9", &[]),
        ("%C3%A9bé ;9%C3%A9éé%C3%A9A b ", &[]),
        (" ", &[]),
        ("\t😀3A", &[]),
        ("a;z\t 3b%2%C3%A9aC", &[]),
        ("%C3%A9%2=3=bz éA", &[("%C3%A9%2", "3=bz éA")]),
        ("9é é2%2;\"%", &[]),
        ("3Fb %C3%A9Ca Fa", &[]),
        ("a;=9%2A9", &[("", "9*9")]),
        ("32 a=C0 ", &[("32 a", "C0")]),
        ("", &[]),
        ("", &[]),
        ("=;A; b=%;éb=", &[("", ""), ("b", "%"), ("éb", "")]),
        ("ACb;;%", &[]),
        ("9\"=%2;=", &[("9\"", "%2"), ("", "")]),
        ("F", &[]),
        (" za;%C3%A9😀;\"0", &[]),
        ("0z\"=bé", &[("0z\"", "bé")]),
        ("b", &[]),
        ("😀bA%C3  C\"3C9", &[]),
        ("2;é=\t", &[("é", "")]),
        (" aé ;%299C\t😀", &[]),
        ("2FCé\té", &[]),
        ("2%2C ;%C3%A90", &[]),
        ("0a😀ACA;=;2a=bbb", &[("", ""), ("2a", "bbb")]),
        ("a %2 z%", &[]),
        (" b=C\tC2b ", &[("b", "C\tC2b")]),
        ("bF", &[]),
        ("\ta;0a😀a2A=", &[("0a😀a2A", "")]),
        ("3abz\t%Aé", &[]),
        ("a", &[]),
        ("=é F9F%C3%A90 😀C😀%2b", &[("", "é F9Fé0 😀C😀+")]),
        ("b", &[]),
        ("=", &[]),
    ];

    fn sorted<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<(&'a str, &'a str)> {
        let mut v: Vec<_> = pairs.into_iter().collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn parse_matches_node() {
        for &(header, expected) in PARSE_VECTORS {
            let got = parse(header);
            let got = sorted(got.iter().map(|(k, v)| (k.as_str(), v.as_str())));
            assert_eq!(got, sorted(expected.iter().copied()), "header {header:?}");
        }
    }

    #[test]
    fn get_matches_node() {
        for &(header, expected) in PARSE_VECTORS {
            for &(name, value) in expected {
                assert_eq!(
                    get(header, name).as_deref(),
                    Some(value),
                    "header {header:?} name {name:?}"
                );
            }
            for absent in ["absent", "__proto__", "constructor"] {
                if !expected.iter().any(|&(n, _)| n == absent) {
                    assert_eq!(
                        get(header, absent),
                        None,
                        "header {header:?} name {absent:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn first_occurrence_order() {
        let got = parse("b=1; 2=x; a=2; b=3; 1=y; a=4");
        let want = [("b", "1"), ("2", "x"), ("a", "2"), ("1", "y")];
        assert_eq!(got, want.map(|(k, v)| (k.to_owned(), v.to_owned())));
    }

    #[test]
    fn first_occurrence_wins_in_long_headers() {
        let mut header = String::new();
        for i in 0..400 {
            header.push_str(&format!("k{}={i}; ", i % 150));
        }
        assert!(header.len() > LINEAR_DEDUP_MAX_LEN);
        let got = parse(&header);
        assert_eq!(got.len(), 150);
        for (i, (k, v)) in got.iter().enumerate() {
            assert_eq!(
                (k.as_str(), v.as_str()),
                (format!("k{i}").as_str(), i.to_string().as_str())
            );
        }
        assert_eq!(get(&header, "k149").as_deref(), Some("149"));
        assert_eq!(parse(&"__proto__=1; ".repeat(100)), vec![]);
    }

    #[test]
    fn get_borrows_unless_decoding() {
        let header = "a=plain; b=\"quoted\"; c=%41; d=%zz";
        assert!(matches!(get(header, "a"), Some(Cow::Borrowed("plain"))));
        assert!(matches!(get(header, "b"), Some(Cow::Borrowed("quoted"))));
        assert!(matches!(get(header, "c"), Some(Cow::Owned(v)) if v == "A"));
        assert!(matches!(get(header, "d"), Some(Cow::Borrowed("%zz"))));
    }

    #[test]
    fn get_stops_at_first_match() {
        assert_eq!(get("a=1; a=2", "a").as_deref(), Some("1"));
        assert_eq!(get("x; a=1", "a").as_deref(), Some("1"));
        assert_eq!(get("a=1", "A"), None);
        assert_eq!(get("", ""), None);
        assert_eq!(get(" =v", "").as_deref(), Some("v"));
    }

    /// `(s, decodeURIComponent(s))` printed by Node 20; `None` where it throws.
    #[rustfmt::skip]
    const DECODE_VECTORS: &[(&str, Option<&str>)] = &[
        ("", Some("")),
        ("abc", Some("abc")),
        ("%", None),
        ("%2", None),
        ("%20", Some(" ")),
        ("%zz", None),
        ("%2g", None),
        ("%g2", None),
        ("a%20b", Some("a b")),
        ("%41%42", Some("AB")),
        ("%C3%A9", Some("é")),
        ("%c3%a9", Some("é")),
        ("%C3", None),
        ("%C3%", None),
        ("%C3%A", None),
        ("%C3A9", None),
        ("%C3%41", None),
        ("%C0%80", None),
        ("%C1%BF", None),
        ("%C2%80", Some("")),
        ("%DF%BF", Some("߿")),
        ("%E0%A0%80", Some("ࠀ")),
        ("%E0%9F%BF", None),
        ("%ED%9F%BF", Some("퟿")),
        ("%ED%A0%80", None),
        ("%ED%BF%BF", None),
        ("%EE%80%80", Some("")),
        ("%EF%BF%BD", Some("�")),
        ("%EF%BF%BF", Some("￿")),
        ("%F0%90%80%80", Some("𐀀")),
        ("%F0%8F%BF%BF", None),
        ("%F4%8F%BF%BF", Some("􏿿")),
        ("%F4%90%80%80", None),
        ("%F5%80%80%80", None),
        ("%F8%80%80%80%80", None),
        ("%FF", None),
        ("%80", None),
        ("%BF", None),
        ("%E2%82%AC", Some("€")),
        ("%E2%82", None),
        ("%E2%82%", None),
        ("é%C3%A9é", Some("ééé")),
        ("%C3é", None),
        ("é%A9", None),
        ("%00", Some("\u{0}")),
        ("%25", Some("%")),
        ("%2525", Some("%25")),
        ("100%", None),
        ("%%20", None),
        ("😀%F0%9F%98%80", Some("😀😀")),
        ("%A0g%ACF", None),
        ("%F0%A0", None),
        ("%A0%82%F0%C3%80", None),
        ("%", None),
        ("FB0f%A9%A09", None),
        ("9", Some("9")),
        ("%A0E", None),
        ("3%98%800%80x%A0%A0%C3", None),
        ("2% %82x%80%", None),
        ("%C3", None),
        ("x%F0", None),
        ("F28%F0%C3 C0 ", None),
        ("BEf%F0B0C%ED", None),
        ("AA8%82%E2", None),
        ("%C3B3%A9g%AC%A9", None),
        ("%C%8", None),
        ("%%CF0%ED", None),
        ("%g%9FgC", None),
        ("EAéE", Some("EAéE")),
        ("g%ED%AC%x%98%C3%E2", None),
        ("f%80fA3%A9", None),
        ("é", Some("é")),
        ("E", Some("E")),
        ("9F%80Bx", None),
        ("%C%A9%f😀%80", None),
        ("ggC%80éCB0F", None),
        ("", Some("")),
        ("2C", Some("2C")),
        ("%A0", None),
        ("C%A3", None),
        ("%ED%80%E2%C3%E2😀B", None),
        ("%82%A0E", None),
        ("", Some("")),
        ("%F0Cééé", None),
        ("F%A9", None),
        ("g ", Some("g ")),
        ("%ED 8%8AFE", None),
        ("%A0FB30", None),
        ("é😀Af", Some("é😀Af")),
        ("x%828%EDfé%AC ", None),
        ("", Some("")),
        ("%", None),
        ("", Some("")),
        ("gg%98EAéB", None),
        ("%9F0%C3A%C3f%C3", None),
        ("%F0%E2éx%", None),
        ("0", Some("0")),
        (" 3392x%80", None),
        ("3 CFF%98%A98E", None),
        ("", Some("")),
        ("A😀%80%E2E0A", None),
        ("%9xCF%A0", None),
        ("x9%F0", None),
        ("%ED0%98%F0%%%F0", None),
        ("9😀%A9", None),
        ("Cx%A0é%AC%E2%%E", None),
        ("C%E2f%9F", None),
        ("", Some("")),
        ("0x%😀3%A9😀", None),
        ("%C3%9F%F0", None),
        ("g2%9F", None),
        ("2FB", Some("2FB")),
        ("%ED%F0x%80%9", None),
        ("2%g", None),
        ("%C30%%AC", None),
        ("Ef%ED0", None),
        ("", Some("")),
        ("é", Some("é")),
        ("%80", None),
        ("9%ED%80%EDé%80%%A0%F0", None),
        ("E%E29xg", None),
        ("%A0%", None),
        ("8%E2%ED", None),
        ("3%A9%E2C%98", None),
        ("%C32g%A9😀B%AC", None),
        ("", Some("")),
        ("", Some("")),
        ("0", Some("0")),
        ("%EDéé%F 3éE", None),
        ("é%F02%F0%F0", None),
        ("90E", Some("90E")),
        ("g%80%F0", None),
        ("%B%A0%C3%A0%822x%A9", None),
        ("😀", Some("😀")),
        ("%80", None),
        ("%ED%82 ", None),
        ("C%98xfE", None),
        ("E", Some("E")),
        ("😀%A9x", None),
        ("", Some("")),
        ("%E22%Bx", None),
        ("%CA%C3", None),
        ("0g%82", None),
        ("%é😀Bx%23", None),
        ("", Some("")),
        ("9%9Fx%C39f%8", None),
        ("%80C😀%ED%9F%F0%2g", None),
        ("3éEB %8292", None),
        ("%80%ED%F0", None),
        ("g%%%A80", None),
        ("%C3%80%AC%%E22%80", None),
        ("%F0%A0g3x ", None),
        ("", Some("")),
        ("2%0", None),
        ("EF", Some("EF")),
        ("Ff8%A9E", None),
        ("", Some("")),
        ("3", Some("3")),
        ("%E2", None),
        ("fA", Some("fA")),
        ("%C38%98 ", None),
        ("😀2%E2😀", None),
        ("%A0%A0😀%AC%80f", None),
        ("", Some("")),
        ("x%A9", None),
        ("2 ", Some("2 ")),
        ("3 %%", None),
        ("%A0x%A0", None),
        ("", Some("")),
        ("9%98😀", None),
        ("%98%809%C3%EDA", None),
        ("AA%%E2", None),
        ("f2", Some("f2")),
        ("", Some("")),
        (" %E2", None),
        ("%F0993C%A9", None),
        ("3", Some("3")),
        ("%A0%%F0%E2%F0C%ACB%", None),
        (" %80", None),
        ("fF f😀E", Some("fF f😀E")),
        ("%%80x", None),
        ("B%%C3", None),
        ("ACC%C3%A9%82%%82g", None),
        ("C%9F%E2%82%9F", None),
        ("f9%%%98%82%A0%8", None),
        (" éf", Some(" éf")),
        ("%x%E2%é%AC", None),
        ("EB%98E", None),
        ("2gA", Some("2gA")),
        ("%9F8%F0%F08%", None),
        ("%9F%EDg%989é%9F%E2E", None),
        ("%9F%EDBx%%F0", None),
        ("é😀x%F0é%", None),
        ("xAE%E2😀%C3%EDCf", None),
        ("😀%AC%8%A0%98", None),
        ("é%EDE%A0%E2%A9 x", None),
        ("%C3%A9%A9F8%9Fg%C3%", None),
        ("0%%f😀F9g", None),
        ("2%%g", None),
        ("8%A0%9FE8", None),
        ("%E2", None),
        ("%A9", None),
        ("", Some("")),
        ("2%82%C3E%A0%82C%ED9", None),
        ("%9F3", None),
        ("%AC0😀", None),
        ("xé%ED%C3C9", None),
        ("f%980", None),
        ("A", Some("A")),
        ("%98%80%82Cf%C3%A0%F0", None),
        ("%A0x%989%82 %829", None),
        ("", Some("")),
        ("😀8%%9F%98B%", None),
        ("%E238%80F%E2B%E2", None),
        ("", Some("")),
        ("%C3%A9%82%983x0", None),
        ("A%f", None),
        ("%80gB23B", None),
        ("", Some("")),
        ("%F0FC%", None),
        ("xé%%F", None),
        ("g", Some("g")),
        ("f%ED", None),
        ("x2é%%ACEx ", None),
        ("%AC%", None),
        ("9%80%9FF%x", None),
        ("%%A0C%FA%A9", None),
        ("%ED%A9F%%98x😀%AC", None),
        ("%80B %%80%80", None),
        ("%F03F%829", None),
        ("é2%A9C%C3%98", None),
        ("", Some("")),
        ("%9Fx😀2é", None),
        ("8%A9%A9gf", None),
        ("%A9%A0%3%AC%%98", None),
        ("", Some("")),
        ("%ACA%803é%E%", None),
        ("", Some("")),
        ("", Some("")),
        ("%9F%9F%E2", None),
        ("E88BgF2%E2%AC", None),
        ("%E2%AC%%A0g", None),
        ("", Some("")),
        ("%9FA9E", None),
        ("%82%80E8%A0%A9%F0%A98", None),
        ("CC😀%E2%xB", None),
        ("F%C3", None),
        ("E%F0%F0", None),
        ("%A9", None),
        ("%%AC%EDx2%éC%82", None),
        ("C%C3", None),
        ("%A03%88E", None),
        ("B9Af%%2", None),
        ("%EDé%ACB%E2", None),
        ("%80", None),
        ("%%80F0%98", None),
        ("%A9B%", None),
        ("g", Some("g")),
        ("%E2%80", None),
        ("", Some("")),
        ("%0", None),
        ("%9FB3", None),
        ("", Some("")),
        ("g", Some("g")),
        ("%%A09f😀", None),
        ("%ACé%80g%9F9%AC%ED", None),
        ("%82%E2", None),
        ("F%A9%ACC%C3%82C😀", None),
        ("x8%%F0%AC", None),
        ("%", None),
        ("FE%9F9", None),
        ("%F0F0F F", None),
        ("%", None),
        ("%80%F0B😀", None),
        ("%😀CA%%C30C%98", None),
        ("é%82%é02A", None),
        ("%9F", None),
        ("%ACgA2Eé %", None),
        ("2%A9", None),
        ("%98%C3%F09", None),
        ("%%C%8%A0", None),
        ("A%%EDé9%A9", None),
        ("", Some("")),
        ("x", Some("x")),
        ("", Some("")),
        ("g%F", None),
        ("%9F BéEg%%", None),
        ("%ED%ACE%%80C%AC", None),
        ("%F0%F0%C39x%9F%C3 3", None),
        ("%%98😀0A%98", None),
        ("", Some("")),
        ("0%AC😀 Cgx", None),
        ("E", Some("E")),
        ("3%82BC%80é2😀%", None),
        ("f2F2f", Some("f2F2f")),
        ("%", None),
        ("%A9", None),
        ("8", Some("8")),
        ("😀%9FEA%C3B%A9%F0", None),
        ("%A9%A9%ACBg %F0", None),
    ];

    #[test]
    fn decode_matches_node() {
        for &(s, expected) in DECODE_VECTORS {
            assert_eq!(decode_uri_component(s).as_deref(), expected, "{s:?}");
        }
    }

    #[test]
    fn decode_borrows_without_percent() {
        assert!(matches!(
            decode_uri_component("abc é"),
            Some(Cow::Borrowed("abc é"))
        ));
        assert!(matches!(decode_uri_component(""), Some(Cow::Borrowed(""))));
    }

    #[test]
    fn decode_every_escaped_byte() {
        for b in 0u8..=255 {
            let s = format!("%{b:02x}");
            let expected = (b < 0x80).then(|| char::from(b).to_string());
            assert_eq!(
                decode_uri_component(&s).map(Cow::into_owned),
                expected,
                "{s}"
            );
        }
    }

    /// Every code point, escaped as UTF-8, decodes back to itself.
    #[test]
    fn decode_every_code_point() {
        for c in (0..=0x0010_FFFF).filter_map(char::from_u32).step_by(7) {
            let mut buf = [0; 4];
            let escaped: String = c
                .encode_utf8(&mut buf)
                .bytes()
                .map(|b| format!("%{b:02X}"))
                .collect();
            assert_eq!(
                decode_uri_component(&escaped).as_deref(),
                Some(c.to_string().as_str())
            );
        }
    }
}
