//! Building a `Set-Cookie` header value exactly like `serialize(name, val, opt)` of the
//! npm package `cookie` 0.7.2 with the default `encode` (`encodeURIComponent`), the
//! way express-session calls it.
//!
//! Checks run in the JS order, so the first failing one decides the message: name,
//! maxAge, domain, path, expires, priority, sameSite. (`argument val is invalid`
//! cannot happen: `encodeURIComponent` output always passes the value check.)
//!
//! What the binding does before calling [`serialize`], to mirror JS coercions:
//! - `name`, `val`: `String(x)`. `encodeURIComponent` throws `URIError: URI
//!   malformed` on a lone surrogate in `val`; a `&str` cannot carry one, so the
//!   binding has to detect that case and throw itself.
//! - Every option is `None` when the JS value is falsy (`maxAge`: when it is
//!   `null`/`undefined`), so `Some` means "truthy":
//!   - `max_age`: `Number(x)` (NaN for non-numeric values, which then fails here).
//!   - `domain`, `path`: `String(x)`, as the regex test does (`[]` is truthy and
//!     becomes `""`, which is an invalid domain but a valid empty path).
//!   - `expires`: the Date's time value; `NaN` for anything that is not a Date.
//!   - `http_only`, `secure`, `partitioned`: JS truthiness.
//!   - `priority`: the string itself; `Some("")` for a truthy non-string (JS does not
//!     lowercase those, and they never match).
//!   - `same_site`: `true` → [`SameSiteOption::True`], a string → `Str`, any other
//!     truthy value → `Invalid`.

use std::borrow::Cow;
use std::fmt;

use crate::http_date::push_imf_fixdate;

/// The `opt` argument of `serialize`; see the module doc for how JS values map here.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct CookieOptions<'a> {
    pub max_age: Option<f64>,
    pub domain: Option<&'a str>,
    pub path: Option<&'a str>,
    /// Milliseconds since the epoch.
    pub expires: Option<f64>,
    pub http_only: bool,
    pub secure: bool,
    pub partitioned: bool,
    pub priority: Option<&'a str>,
    pub same_site: Option<SameSiteOption<'a>>,
}

/// A truthy JS `sameSite` option.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SameSiteOption<'a> {
    /// The boolean `true`, meaning `Strict`.
    True,
    /// A string, matched case-insensitively against `lax`, `strict`, `none`.
    Str(&'a str),
    /// Any other truthy value; always rejected.
    Invalid,
}

/// The `TypeError` that cookie@0.7.2 throws; `Display` prints its exact message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SerializeError(&'static str);

impl SerializeError {
    const NAME: Self = Self("argument name is invalid");
    const MAX_AGE: Self = Self("option maxAge is invalid");
    const DOMAIN: Self = Self("option domain is invalid");
    const PATH: Self = Self("option path is invalid");
    const EXPIRES: Self = Self("option expires is invalid");
    const PRIORITY: Self = Self("option priority is invalid");
    const SAME_SITE: Self = Self("option sameSite is invalid");

    /// Whether this is the error about the cookie's name, which cookie@0.7 checks first.
    #[must_use]
    pub fn is_name(&self) -> bool {
        *self == Self::NAME
    }

    /// The JS `TypeError` message.
    #[must_use]
    pub fn message(&self) -> &'static str {
        self.0
    }
}

impl fmt::Display for SerializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for SerializeError {}

/// `cookie.serialize(name, value, opts)`; `value` is encoded with
/// [`encode_uri_component`].
///
/// # Errors
/// As `cookie@0.7` throws: an invalid name or option (see `SerializeError`).
pub fn serialize(name: &str, value: &str, opts: &CookieOptions) -> Result<String, SerializeError> {
    if !is_token(name) {
        return Err(SerializeError::NAME);
    }
    let value = encode_uri_component(value);

    let mut out = String::with_capacity(name.len() + value.len() + 128);
    out.push_str(name);
    out.push('=');
    out.push_str(&value);

    if let Some(max_age) = opts.max_age {
        let max_age = max_age.floor();
        if !max_age.is_finite() {
            return Err(SerializeError::MAX_AGE);
        }
        out.push_str("; Max-Age=");
        push_js_integer(&mut out, max_age);
    }
    if let Some(domain) = opts.domain {
        if !is_domain(domain) {
            return Err(SerializeError::DOMAIN);
        }
        out.push_str("; Domain=");
        out.push_str(domain);
    }
    if let Some(path) = opts.path {
        if !path.bytes().all(|b| matches!(b, 0x20..=0x3A | 0x3D..=0x7E)) {
            return Err(SerializeError::PATH);
        }
        out.push_str("; Path=");
        out.push_str(path);
    }
    if let Some(expires) = opts.expires {
        out.push_str("; Expires=");
        if !push_imf_fixdate(&mut out, expires) {
            return Err(SerializeError::EXPIRES);
        }
    }
    if opts.http_only {
        out.push_str("; HttpOnly");
    }
    if opts.secure {
        out.push_str("; Secure");
    }
    if opts.partitioned {
        out.push_str("; Partitioned");
    }
    if let Some(priority) = opts.priority {
        // ASCII folding is exact here: the only non-ASCII characters that JS
        // `toLowerCase` maps into ASCII are U+212A (to `k`) and U+0130 (to `i` plus
        // a combining dot), and neither can complete one of these words.
        out.push_str(match priority {
            p if p.eq_ignore_ascii_case("low") => "; Priority=Low",
            p if p.eq_ignore_ascii_case("medium") => "; Priority=Medium",
            p if p.eq_ignore_ascii_case("high") => "; Priority=High",
            _ => return Err(SerializeError::PRIORITY),
        });
    }
    if let Some(same_site) = opts.same_site {
        out.push_str(match same_site {
            SameSiteOption::True => "; SameSite=Strict",
            SameSiteOption::Str(s) if s.eq_ignore_ascii_case("lax") => "; SameSite=Lax",
            SameSiteOption::Str(s) if s.eq_ignore_ascii_case("strict") => "; SameSite=Strict",
            SameSiteOption::Str(s) if s.eq_ignore_ascii_case("none") => "; SameSite=None",
            _ => return Err(SerializeError::SAME_SITE),
        });
    }
    Ok(out)
}

/// The uppercase hex digit of a nibble (0 to 15).
fn upper_hex_digit(nibble: u8) -> char {
    debug_assert!(nibble < 16);
    char::from(if nibble < 10 {
        b'0' + nibble
    } else {
        b'A' + (nibble - 10)
    })
}

/// JS `encodeURIComponent`: everything except `A-Z a-z 0-9 - _ . ! ~ * ' ( )` is
/// percent-encoded as UTF-8 with uppercase hex. Borrows `s` when nothing needs encoding.
#[must_use]
pub fn encode_uri_component(s: &str) -> Cow<'_, str> {
    let bytes = s.as_bytes();
    if bytes.iter().all(|&b| is_unreserved(b)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for &b in bytes {
        if is_unreserved(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(upper_hex_digit(b >> 4));
            out.push(upper_hex_digit(b & 0xF));
        }
    }
    Cow::Owned(out)
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')'
        )
}

/// `/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/`
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'!' | b'#'
                        | b'$'
                        | b'%'
                        | b'&'
                        | b'\''
                        | b'*'
                        | b'+'
                        | b'-'
                        | b'.'
                        | b'^'
                        | b'_'
                        | b'`'
                        | b'|'
                        | b'~'
                )
        })
}

/// `/^([.]?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)([.][a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i`:
/// an optional leading dot, then dot-separated labels of 1 to 63 letters, digits and
/// hyphens that neither start nor end with a hyphen. (Without the `u` flag, `/i`
/// matches no non-ASCII character against `a-z`.)
fn is_domain(domain: &str) -> bool {
    let domain = domain.strip_prefix('.').unwrap_or(domain);
    domain.split('.').all(|label| {
        let b = label.as_bytes();
        match (b.first(), b.last()) {
            (Some(first), Some(last)) => {
                b.len() <= 63
                    && first.is_ascii_alphanumeric()
                    && last.is_ascii_alphanumeric()
                    && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
            }
            _ => false,
        }
    })
}

/// Appends a finite integral `n` as JS `String(n)` prints it: plain digits below
/// 1e21, exponent form (`1.5e+21`) from there on, and `-0` as `0`.
fn push_js_integer(out: &mut String, n: f64) {
    use std::fmt::Write;
    if n == 0.0 {
        out.push('0');
        return;
    }
    let start = out.len();
    // Writing to a String cannot fail. Both forms use the shortest round-trip
    // digits, like JS; only the exponent sign differs.
    if n.abs() < 1e21 {
        let _ = write!(out, "{n}");
    } else {
        let _ = write!(out, "{n:e}");
        if let Some(e) = out[start..].find('e') {
            out.insert(start + e + 1, '+');
        }
    }
}

#[cfg(test)]
#[expect(
    clippy::unreadable_literal,
    clippy::unicode_not_nfc,
    clippy::too_many_lines,
    reason = "vectors printed by cookie@0.7 (non-NFC input on purpose) in one table of cases"
)]
mod tests {
    use super::*;

    type Case = (
        &'static str,
        &'static str,
        CookieOptions<'static>,
        Result<&'static str, &'static str>,
    );

    /// Options in vector form; `flags` spells HttpOnly, Secure, Partitioned as `HSP`/`-`.
    fn o(
        max_age: Option<f64>,
        domain: Option<&'static str>,
        path: Option<&'static str>,
        expires: Option<f64>,
        flags: &str,
        priority: Option<&'static str>,
        same_site: Option<SameSiteOption<'static>>,
    ) -> CookieOptions<'static> {
        let flag = |i: usize| flags.as_bytes()[i] != b'-';
        CookieOptions {
            max_age,
            domain,
            path,
            expires,
            http_only: flag(0),
            secure: flag(1),
            partitioned: flag(2),
            priority,
            same_site,
        }
    }

    /// `cookie.serialize(name, value, opt)` results printed by cookie@0.7.2 under Node 20
    /// (`expires` holds `new Date(ms)`, `Err` the TypeError message).
    #[rustfmt::skip]
    fn node_vectors() -> Vec<Case> {
        use SameSiteOption::{Invalid, Str, True};
        vec![
        ("sid", "\u{0}", o(Some(f64::NAN), Some("..a"), Some("/a/b"), Some(0.0), "---", Some("Kigh"), Some(Str("foo"))), Err("option maxAge is invalid")),
        ("!#$%&'*+-.^_`|~09AZaz", "%", o(Some(1.1805916207174113e+21), Some(".example.com"), None, Some(253402300800000.0), "HSP", Some("high"), Some(Str("none "))), Err("option sameSite is invalid")),
        ("!#$%&'*+-.^_`|~09AZaz", "s:abc.def", o(Some(0.0), Some("a..b"), Some("/"), Some(1735689599999.0), "H-P", Some(" low"), Some(Str("ſtrict"))), Err("option domain is invalid")),
        ("a", "a\\b", o(Some(f64::NEG_INFINITY), Some("a.b-c.d"), Some("/a:b"), Some(1700000000000.0), "-SP", Some("hIgH"), Some(Str("foo"))), Err("option maxAge is invalid")),
        ("connect.sid", "a\\b", o(None, None, Some("/é"), Some(0.0), "---", Some("LOW"), None), Err("option path is invalid")),
        ("sid", "-_.!~*'()", o(Some(1e+21), Some("localhost"), None, None, "---", Some("LOW"), Some(Str("Strict"))), Ok("sid=-_.!~*'(); Max-Age=1e+21; Domain=localhost; Priority=Low; SameSite=Strict")),
        ("!#$%&'*+-.^_`|~09AZaz", "é😀", o(Some(0.0), Some(".example.com"), Some("/a:b"), Some(1700000000000.0), "HS-", Some("lowx"), Some(Str("foo"))), Err("option priority is invalid")),
        ("!#$%&'*+-.^_`|~09AZaz", "%", o(Some(86400.999), Some(".example.com"), Some("/é"), Some(8640000000000000.0), "---", None, None), Err("option path is invalid")),
        ("a", "a;b", o(Some(1e+21), None, None, None, "HS-", Some("high"), None), Ok("a=a%3Bb; Max-Age=1e+21; HttpOnly; Secure; Priority=High")),
        ("sid", "a\\b", o(Some(f64::NAN), Some(".example.com"), Some("/a<b"), Some(f64::NAN), "H--", Some(" low"), Some(Str("Strict"))), Err("option maxAge is invalid")),
        ("!#$%&'*+-.^_`|~09AZaz", "-_.!~*'()", o(None, Some("localhost"), Some("/\u{1f}"), Some(1700000000000.0), "---", Some("Kigh"), Some(Str("Strict"))), Err("option path is invalid")),
        ("a", "b c", o(Some(-1e+21), Some("example.com"), Some("/a=b"), None, "H-P", Some("LOW"), Some(Str("ſtrict"))), Err("option sameSite is invalid")),
        ("sid", "%", o(Some(1e+300), None, None, Some(-1.0), "HS-", Some("Kigh"), Some(Str("ſtrict"))), Err("option priority is invalid")),
        ("sid", "é😀", o(Some(-0.0), Some("Ka.com"), Some("/a=b"), None, "HS-", None, Some(True)), Err("option domain is invalid")),
        ("a", "b c", o(None, Some("a.b-c.d"), Some("/a;b"), None, "HSP", Some("lowx"), Some(Str("ſtrict"))), Err("option path is invalid")),
        ("!#$%&'*+-.^_`|~09AZaz", "a=b", o(Some(1e+21), Some("a_b.com"), Some("/a=b"), Some(8640000000000000.0), "H--", Some("LOW"), None), Err("option domain is invalid")),
        ("connect.sid", "-_.!~*'()", o(Some(0.0), Some("é.com"), Some("/a=b"), Some(-8640000000000000.0), "HS-", Some("low"), Some(Str("Strict"))), Err("option domain is invalid")),
        ("connect.sid", "-_.!~*'()", o(Some(1e-300), Some("localhost"), Some("/a;b"), None, "HS-", Some("LOW"), Some(Str("NONE"))), Err("option path is invalid")),
        ("!#$%&'*+-.^_`|~09AZaz", "s:abc.def", o(Some(86400.999), Some("EXAMPLE.Com"), None, Some(8640000000000000.0), "--P", Some("Medium"), Some(Invalid)), Err("option sameSite is invalid")),
        ("connect.sid", "-_.!~*'()", o(Some(3600.0), Some("a.b-c.d"), Some("/a<b"), Some(-8640000000000000.0), "--P", Some("low"), None), Err("option path is invalid")),
        ("a", "a=b", o(Some(-0.5), Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), Some("/\u{1f}"), Some(f64::NAN), "H--", Some("Kigh"), Some(Invalid)), Err("option domain is invalid")),
        ("a", "%", o(Some(1.5), Some("1.2.3.4"), Some("/a<b"), None, "HS-", Some(" low"), Some(Str("foo"))), Err("option path is invalid")),
        ("connect.sid", "\"quoted\"", o(None, Some("example.com"), None, Some(-1.0), "-SP", Some("LOW"), None), Ok("connect.sid=%22quoted%22; Domain=example.com; Expires=Wed, 31 Dec 1969 23:59:59 GMT; Secure; Partitioned; Priority=Low")),
        ("connect.sid", "\u{0}", o(Some(1e-300), Some(".example.com"), Some("/a>b"), None, "HS-", Some("urgent"), Some(Str("lax"))), Err("option priority is invalid")),
        ("sid", "b", o(Some(1e+300), Some("a..b"), Some("/a=b"), Some(-62198755200001.0), "-SP", Some("low"), Some(Str("none "))), Err("option domain is invalid")),
        ("a", "s:abc.def", o(Some(f64::NEG_INFINITY), Some(".example.com"), Some("/a b"), Some(1735689599999.0), "H-P", Some("lowx"), Some(Str("foo"))), Err("option maxAge is invalid")),
        ("!#$%&'*+-.^_`|~09AZaz", "", o(Some(1.1805916207174113e+21), Some("a"), None, None, "-SP", Some("hIgH"), Some(Str("none "))), Err("option sameSite is invalid")),
        ("!#$%&'*+-.^_`|~09AZaz", "b c", o(Some(f64::NEG_INFINITY), Some("a.b-c.d"), Some("/a=b"), Some(253402300800000.0), "-SP", Some("LOW"), Some(Str("Strict"))), Err("option maxAge is invalid")),
        ("a", "a=b", o(Some(-0.5), Some("a b"), None, Some(253402300800000.0), "H-P", Some("hIgH"), Some(True)), Err("option domain is invalid")),
        ("connect.sid", "\"quoted\"", o(Some(3600.0), Some("1.2.3.4"), Some("/\u{7f}"), Some(253402300800000.0), "HSP", Some(" low"), Some(Str("lax"))), Err("option path is invalid")),
        ("a", "s:abc.def", o(Some(86400.999), Some("1.2.3.4"), Some("/a:b"), Some(253402300800000.0), "--P", Some("LOW"), Some(Str("lax"))), Ok("a=s%3Aabc.def; Max-Age=86400; Domain=1.2.3.4; Path=/a:b; Expires=Sat, 01 Jan 10000 00:00:00 GMT; Partitioned; Priority=Low; SameSite=Lax")),
        ("a", "", o(Some(f64::NAN), Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), Some("/é"), None, "H--", Some("LOW"), Some(Str("Strict"))), Err("option maxAge is invalid")),
        ("!#$%&'*+-.^_`|~09AZaz", "", o(None, Some(".example.com"), Some("/a=b"), None, "--P", Some("Kigh"), Some(Str("ſtrict"))), Err("option priority is invalid")),
        ("!#$%&'*+-.^_`|~09AZaz", "\"quoted\"", o(Some(123456789012345680000.0), None, Some("/a:b"), Some(253402300800000.0), "-S-", Some("low"), Some(Str("NONE"))), Ok("!#$%&'*+-.^_`|~09AZaz=%22quoted%22; Max-Age=123456789012345680000; Path=/a:b; Expires=Sat, 01 Jan 10000 00:00:00 GMT; Secure; Priority=Low; SameSite=None")),
        ("sid", "b c", o(Some(1e-300), None, Some("/a b"), Some(f64::NAN), "---", Some("low"), Some(Str("none "))), Err("option expires is invalid")),
        ("connect.sid", "b c", o(Some(1.1805916207174113e+21), Some("."), Some("/é"), None, "H--", Some("Medium"), Some(Str("foo"))), Err("option domain is invalid")),
        ("a", "b", o(Some(0.0), Some("example.com"), Some("/\u{1f}"), Some(1735689599999.0), "--P", Some("LOW"), Some(Str("none "))), Err("option path is invalid")),
        ("a", "\"quoted\"", o(Some(3600.0), Some("a.com."), Some("/a=b"), Some(253402300800000.0), "H--", Some("LOW"), Some(True)), Err("option domain is invalid")),
        ("a", "a;b", o(Some(-1.5), Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), Some("/\u{1f}"), Some(253402300800000.0), "-S-", Some("Kigh"), Some(Str("none "))), Err("option domain is invalid")),
        ("!#$%&'*+-.^_`|~09AZaz", "-_.!~*'()", o(None, Some("localhost"), Some("/\t"), None, "-S-", Some("LOW"), Some(Str("ſtrict"))), Err("option path is invalid")),
        ("!#$%&'*+-.^_`|~09AZaz", "%", o(Some(f64::NAN), Some(".example.com"), Some("/\u{1f}"), Some(-8640000000000000.0), "HSP", Some("LOW"), Some(Str("lax"))), Err("option maxAge is invalid")),
        ("connect.sid", "a=b", o(Some(f64::NEG_INFINITY), None, Some("/a>b"), Some(-1.0), "HS-", Some("hIgH"), Some(Str("Strict"))), Err("option maxAge is invalid")),
        ("a", "b c", o(Some(1.5), Some("1.2.3.4"), Some("/a b"), None, "H--", None, Some(Str("NONE"))), Ok("a=b%20c; Max-Age=1; Domain=1.2.3.4; Path=/a b; HttpOnly; SameSite=None")),
        ("connect.sid", "a;b", o(Some(f64::NEG_INFINITY), None, None, None, "H-P", Some(" low"), Some(Str("NONE"))), Err("option maxAge is invalid")),
        ("connect.sid", "s:abc.def", o(Some(-0.5), None, Some("/a;b"), Some(1735689599999.0), "-S-", Some("Kigh"), Some(Invalid)), Err("option path is invalid")),
        ("!#$%&'*+-.^_`|~09AZaz", "", o(None, Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), Some("/\u{7f}"), None, "-S-", Some("hIgH"), Some(Str("foo"))), Err("option domain is invalid")),
        ("sid", "", o(Some(3600.0), Some("a.-"), Some("/a:b"), Some(253402300800000.0), "-SP", None, None), Err("option domain is invalid")),
        ("a", "a;b", o(Some(0.0), Some("."), Some("/é"), Some(1735689599999.0), "-S-", None, Some(Str("ſtrict"))), Err("option domain is invalid")),
        ("connect.sid", "-_.!~*'()", o(Some(1e-300), Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), Some("/"), Some(1700000000000.0), "-S-", None, None), Err("option domain is invalid")),
        ("a", "b c", o(Some(3600.0), Some("-a.com"), Some("/a>b"), Some(0.0), "HS-", Some("LOW"), None), Err("option domain is invalid")),
        ("a", "b c", o(None, Some("a_b.com"), Some("/a/b"), Some(8640000000000000.0), "HS-", Some("Medium"), Some(Invalid)), Err("option domain is invalid")),
        ("connect.sid", "é😀", o(Some(f64::INFINITY), None, Some("/\t"), Some(-8640000000000000.0), "---", Some("high"), Some(Str("foo"))), Err("option maxAge is invalid")),
        ("!#$%&'*+-.^_`|~09AZaz", "é😀", o(None, Some("-a.com"), Some("/a>b"), Some(-1.0), "HS-", Some("Medium"), Some(True)), Err("option domain is invalid")),
        ("connect.sid", "b", o(None, Some("-a.com"), Some("/a:b"), Some(-8640000000000000.0), "-S-", Some("LOW"), Some(Invalid)), Err("option domain is invalid")),
        ("connect.sid", "%", o(Some(1.1805916207174113e+21), Some("Ka.com"), Some("/a/b"), Some(1700000000000.0), "-S-", Some("low"), Some(True)), Err("option domain is invalid")),
        ("a", "a=b", o(Some(-0.0), Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), None, None, "H--", Some("urgent"), Some(Invalid)), Err("option priority is invalid")),
        ("sid", "s:abc.def", o(Some(-0.0), Some(".example.com"), Some("/é"), None, "H--", None, Some(Invalid)), Err("option path is invalid")),
        ("connect.sid", "-_.!~*'()", o(Some(-0.0), Some("..a"), Some("/a;b"), None, "H--", Some("hIgH"), Some(Str("Strict"))), Err("option domain is invalid")),
        ("sid", "%", o(Some(-0.5), Some("a.com."), Some("/a b"), Some(f64::NAN), "H--", Some("LOW"), Some(Str("Strict"))), Err("option domain is invalid")),
        ("a", "%", o(Some(123456789012345680000.0), Some("EXAMPLE.Com"), None, None, "---", None, Some(Str("foo"))), Err("option sameSite is invalid")),
        ("sid", "%", o(Some(-0.0), Some("a b"), Some("/\t"), Some(-1.0), "---", Some("LOW"), None), Err("option domain is invalid")),
        ("a", "a\\b", o(Some(1.5e+21), Some("a.b-c.d"), None, Some(f64::NAN), "H--", Some("high"), Some(Str("none "))), Err("option expires is invalid")),
        ("a", "\"quoted\"", o(Some(1.5e+21), None, Some("/a=b"), Some(253402300800000.0), "HS-", Some(" low"), Some(Str("lax"))), Err("option priority is invalid")),
        ("sid", "", o(Some(-0.5), Some("EXAMPLE.Com"), Some("/é"), Some(-62198755200001.0), "H--", Some("Medium"), None), Err("option path is invalid")),
        ("!#$%&'*+-.^_`|~09AZaz", "a\\b", o(Some(1e-300), Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), Some("/\u{1f}"), Some(0.0), "---", Some("LOW"), Some(Str("none "))), Err("option domain is invalid")),
        ("!#$%&'*+-.^_`|~09AZaz", "\u{0}", o(Some(86400.999), Some("a.com."), None, Some(253402300800000.0), "---", Some("hIgH"), Some(Invalid)), Err("option domain is invalid")),
        ("connect.sid", "b", o(Some(123456789012345680000.0), Some("a.com."), Some("/"), Some(f64::NAN), "---", Some("Kigh"), None), Err("option domain is invalid")),
        ("sid", "%", o(Some(f64::INFINITY), Some("a"), None, Some(f64::NAN), "---", Some("high"), Some(Str("ſtrict"))), Err("option maxAge is invalid")),
        ("sid", "\u{0}", o(Some(1.5e+21), Some("a_b.com"), Some("/é"), Some(-8640000000000000.0), "---", Some("urgent"), Some(Str("lax"))), Err("option domain is invalid")),
        ("sid", "a\\b", o(Some(f64::NAN), Some("1.2.3.4"), None, Some(253402300800000.0), "HSP", Some("Medium"), Some(Str("NONE"))), Err("option maxAge is invalid")),
        ("", "s:abc.def", o(Some(-0.5), Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), None, None, "HS-", Some("Medium"), Some(Str("ſtrict"))), Err("argument name is invalid")),
        ("a/b", "a;b", o(Some(86400.999), None, Some("/\t"), None, "-S-", None, Some(Str("foo"))), Err("argument name is invalid")),
        ("a\"", "a;b", o(Some(1e-300), Some("."), None, Some(1735689599999.0), "HS-", Some("low"), Some(Str("lax"))), Err("argument name is invalid")),
        ("a,b", "", o(Some(f64::INFINITY), Some("a_b.com"), Some("/a>b"), Some(-8640000000000000.0), "--P", Some("LOW"), Some(Str("lax"))), Err("argument name is invalid")),
        ("a;b", "a\\b", o(None, None, Some("/"), Some(-62198755200001.0), "---", None, Some(Str("Strict"))), Err("argument name is invalid")),
        ("a\"", "\u{0}", o(Some(9007199254740992.0), Some("a"), Some("/a:b"), Some(1700000000000.0), "-S-", Some("hIgH"), Some(Str("foo"))), Err("argument name is invalid")),
        ("", "b", o(Some(1.5e+21), Some("a.com."), Some("/a;b"), None, "---", None, Some(Invalid)), Err("argument name is invalid")),
        ("a\t", "b c", o(Some(3600.0), Some("Ka.com"), Some("/a b"), Some(-1.0), "H-P", Some("urgent"), Some(Str("none "))), Err("argument name is invalid")),
        ("a\t", "-_.!~*'()", o(Some(1.1805916207174113e+21), Some("EXAMPLE.Com"), Some("/a>b"), None, "HSP", Some("high"), Some(Str("none "))), Err("argument name is invalid")),
        ("a(b)", "é😀", o(Some(-0.5), None, Some("/"), Some(f64::NAN), "HS-", Some("LOW"), None), Err("argument name is invalid")),
        ("a", "\"quoted\"", o(Some(f64::NEG_INFINITY), Some("é.com"), None, None, "HS-", Some("low"), Some(Str("Strict"))), Err("option maxAge is invalid")),
        ("a\u{7f}", "a\\b", o(Some(f64::NEG_INFINITY), None, Some("/a=b"), None, "-S-", Some("hIgH"), Some(True)), Err("argument name is invalid")),
        ("a,b", "b", o(Some(1.1805916207174113e+21), Some("a..b"), None, Some(f64::NAN), "H--", None, Some(Str("NONE"))), Err("argument name is invalid")),
        ("a,b", "b", o(Some(1e-300), Some(".example.com"), None, Some(0.0), "H--", Some("Kigh"), Some(Str("none "))), Err("argument name is invalid")),
        ("", "", o(Some(1.1805916207174113e+21), Some("a.com."), Some("/a=b"), Some(253402300800000.0), "---", Some("hIgH"), None), Err("argument name is invalid")),
        ("a(b)", "a\\b", o(Some(f64::INFINITY), Some("a"), Some("/"), Some(0.0), "-S-", Some("high"), None), Err("argument name is invalid")),
        ("a\t", "b c", o(Some(1e+21), Some("a b"), None, Some(-8640000000000000.0), "---", None, Some(Str("NONE"))), Err("argument name is invalid")),
        ("a=b", "a;b", o(Some(-1e+21), Some("a_b.com"), Some("/a<b"), Some(8640000000000000.0), "---", None, Some(True)), Err("argument name is invalid")),
        ("a,b", "b", o(Some(1.1805916207174113e+21), None, Some("/\u{7f}"), Some(253402300800000.0), "H-P", Some("high"), None), Err("argument name is invalid")),
        ("a b", "b", o(None, None, Some("/a b"), Some(-62198755200001.0), "---", Some("LOW"), Some(Str("lax"))), Err("argument name is invalid")),
        ("a b", "a;b", o(Some(f64::NAN), Some("-a.com"), None, Some(-1.0), "---", Some("lowx"), None), Err("argument name is invalid")),
        ("a\u{7f}", "é😀", o(None, Some("a-b.com"), Some("/\u{7f}"), None, "HS-", Some("lowx"), Some(Str("ſtrict"))), Err("argument name is invalid")),
        ("a b", "a;b", o(Some(1e-300), Some("a_b.com"), Some("/\u{7f}"), Some(-1.0), "H-P", None, Some(Str("NONE"))), Err("argument name is invalid")),
        ("a\t", "b", o(Some(f64::NEG_INFINITY), Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), Some("/a/b"), Some(0.0), "-S-", Some("lowx"), Some(Invalid)), Err("argument name is invalid")),
        ("sid", "a=b", o(Some(123456789012345680000.0), None, Some("/~!@#$%^&*()_+{}|:\"?"), Some(1735689599999.0), "-SP", Some("high"), None), Ok("sid=a%3Db; Max-Age=123456789012345680000; Path=/~!@#$%^&*()_+{}|:\"?; Expires=Tue, 31 Dec 2024 23:59:59 GMT; Secure; Partitioned; Priority=High")),
        ("a,b", "s:abc.def", o(Some(0.0), Some("1.2.3.4"), Some("/é"), Some(1735689599999.0), "HS-", Some("Medium"), Some(Str("lax"))), Err("argument name is invalid")),
        ("a,b", "é😀", o(Some(-1.5), Some("a..b"), Some("/a<b"), None, "HS-", Some("Kigh"), Some(Str("NONE"))), Err("argument name is invalid")),
        ("a,b", "é😀", o(Some(-1e+21), Some(".example.com"), Some("/\u{1f}"), Some(1700000000000.0), "H--", None, Some(Invalid)), Err("argument name is invalid")),
        ("", "a=b", o(Some(86400.999), None, Some("/"), Some(8640000000000000.0), "H--", None, Some(True)), Err("argument name is invalid")),
        ("a", "", o(Some(3600.0), Some("a b"), Some("/a;b"), None, "HS-", Some("high"), None), Err("option domain is invalid")),
        ("a\u{7f}", "s:abc.def", o(Some(-0.5), Some("a.com."), Some("/\u{7f}"), Some(253402300800000.0), "---", Some(" low"), Some(True)), Err("argument name is invalid")),
        ("a,b", "\u{0}", o(Some(-1.5), Some("."), Some("/\t"), Some(-62198755200001.0), "H--", Some("low"), Some(Str("none "))), Err("argument name is invalid")),
        ("a,b", "b c", o(Some(f64::INFINITY), Some("é.com"), Some("/a>b"), Some(f64::NAN), "H--", None, None), Err("argument name is invalid")),
        ("a;b", "s:abc.def", o(Some(3600.0), Some("a b"), Some("/a/b"), Some(1700000000000.0), "-SP", Some("LOW"), Some(Str("none "))), Err("argument name is invalid")),
        ("", "b c", o(None, Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), Some("/\u{1f}"), Some(253402300800000.0), "H--", None, Some(Str("NONE"))), Err("argument name is invalid")),
        ("connect.sid", "b c", o(None, Some("1.2.3.4"), None, None, "---", Some("lowx"), None), Err("option priority is invalid")),
        ("a=b", "", o(None, Some("a..b"), None, Some(-62198755200001.0), "---", Some("low"), None), Err("argument name is invalid")),
        ("a b", "\"quoted\"", o(Some(f64::NEG_INFINITY), None, Some("/"), None, "-S-", Some("urgent"), Some(Invalid)), Err("argument name is invalid")),
        ("", "%", o(None, None, Some("/"), None, "H--", Some("low"), None), Err("argument name is invalid")),
        ("a\u{7f}", "\"quoted\"", o(Some(-1.5), Some("a_b.com"), None, None, "-S-", Some("high"), None), Err("argument name is invalid")),
        ("", "a\\b", o(Some(9007199254740992.0), Some("localhost"), Some("/a;b"), Some(-8640000000000000.0), "HSP", None, Some(Str("foo"))), Err("argument name is invalid")),
        ("a\u{7f}", "-_.!~*'()", o(Some(3600.0), None, Some("/\u{1f}"), None, "---", Some("lowx"), Some(Str("none "))), Err("argument name is invalid")),
        ("", "\"quoted\"", o(Some(9007199254740992.0), Some("1.2.3.4"), Some("/a>b"), None, "-S-", Some("hIgH"), None), Err("argument name is invalid")),
        ("!#$%&'*+-.^_`|~09AZaz", "a\\b", o(None, Some("..a"), None, Some(253402300800000.0), "--P", Some("high"), Some(Str("NONE"))), Err("option domain is invalid")),
        ("sid", "a;b", o(Some(1e-300), Some("EXAMPLE.Com"), Some("/~!@#$%^&*()_+{}|:\"?"), Some(8640000000000000.0), "H--", None, Some(Str("NONE"))), Ok("sid=a%3Bb; Max-Age=0; Domain=EXAMPLE.Com; Path=/~!@#$%^&*()_+{}|:\"?; Expires=Sat, 13 Sep 275760 00:00:00 GMT; HttpOnly; SameSite=None")),
        ("sid", "\"quoted\"", o(Some(-0.5), None, Some("/a b"), None, "HSP", None, Some(Str("none "))), Err("option sameSite is invalid")),
        ("connect.sid", "a;b", o(Some(9007199254740992.0), Some("é.com"), Some("/\u{7f}"), Some(f64::NAN), "H--", Some("urgent"), Some(Invalid)), Err("option domain is invalid")),
        ("a\t", "a=b", o(Some(-1e+21), Some("..a"), Some("/a;b"), Some(8640000000000000.0), "---", Some("high"), Some(Str("ſtrict"))), Err("argument name is invalid")),
        ("a\"", "s:abc.def", o(Some(1e+300), Some("..a"), Some("/é"), Some(f64::NAN), "-SP", Some("urgent"), Some(Str("ſtrict"))), Err("argument name is invalid")),
        ("a", "%", o(None, None, Some("/a=b"), None, "-SP", Some(" low"), Some(True)), Err("option priority is invalid")),
        ("a\t", "a=b", o(None, Some(".example.com"), Some("/a>b"), Some(0.0), "-S-", Some("high"), Some(Str("NONE"))), Err("argument name is invalid")),
        ("a/b", "\"quoted\"", o(Some(123456789012345680000.0), None, None, None, "HS-", Some(" low"), None), Err("argument name is invalid")),
        ("a\t", "é😀", o(Some(123456789012345680000.0), None, Some("/"), None, "HS-", None, Some(Invalid)), Err("argument name is invalid")),
        ("a\t", "", o(Some(1.5e+21), Some("1.2.3.4"), Some("/é"), Some(f64::NAN), "--P", Some("hIgH"), None), Err("argument name is invalid")),
        ("a", "a;b", o(Some(0.0), Some("-a.com"), None, Some(f64::NAN), "-S-", Some("high"), Some(True)), Err("option domain is invalid")),
        ("", "b c", o(Some(-1e+21), Some("localhost"), Some("/\t"), Some(-62198755200001.0), "HS-", None, Some(Str("none "))), Err("argument name is invalid")),
        ("a/b", "b c", o(Some(1e-300), Some("example.com"), Some("/\u{1f}"), Some(1735689599999.0), "H-P", Some(" low"), Some(Str("lax"))), Err("argument name is invalid")),
        ("!#$%&'*+-.^_`|~09AZaz", "\"quoted\"", o(None, Some("a_b.com"), Some("/\u{1f}"), Some(-8640000000000000.0), "HS-", Some("high"), Some(True)), Err("option domain is invalid")),
        ("a(b)", "\"quoted\"", o(Some(-1.5), Some("a_b.com"), None, Some(1700000000000.0), "-S-", Some("Medium"), None), Err("argument name is invalid")),
        ("sid", "a=b", o(Some(1.1805916207174113e+21), Some("."), Some("/~!@#$%^&*()_+{}|:\"?"), Some(0.0), "H--", Some("urgent"), Some(Str("lax"))), Err("option domain is invalid")),
        ("a", "a\\b", o(Some(1e-300), Some("a"), Some("/a/b"), Some(253402300800000.0), "HS-", Some("low"), None), Ok("a=a%5Cb; Max-Age=0; Domain=a; Path=/a/b; Expires=Sat, 01 Jan 10000 00:00:00 GMT; HttpOnly; Secure; Priority=Low")),
        ("sid", "a=b", o(Some(1.5), Some("a.b-c.d"), Some("/a=b"), Some(253402300800000.0), "-S-", Some("hIgH"), Some(Str("Strict"))), Ok("sid=a%3Db; Max-Age=1; Domain=a.b-c.d; Path=/a=b; Expires=Sat, 01 Jan 10000 00:00:00 GMT; Secure; Priority=High; SameSite=Strict")),
        ("!#$%&'*+-.^_`|~09AZaz", "a\\b", o(Some(1.5e+21), Some("a-b.com"), Some("/a>b"), Some(-1.0), "H--", None, Some(Str("Strict"))), Ok("!#$%&'*+-.^_`|~09AZaz=a%5Cb; Max-Age=1.5e+21; Domain=a-b.com; Path=/a>b; Expires=Wed, 31 Dec 1969 23:59:59 GMT; HttpOnly; SameSite=Strict")),
        ("connect.sid", "s:abc.def", o(Some(-0.0), Some("1.2.3.4"), Some("/a=b"), None, "---", Some("high"), Some(True)), Ok("connect.sid=s%3Aabc.def; Max-Age=0; Domain=1.2.3.4; Path=/a=b; Priority=High; SameSite=Strict")),
        ("!#$%&'*+-.^_`|~09AZaz", "\"quoted\"", o(Some(0.0), Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), Some("/a=b"), Some(253402300800000.0), "---", Some("Medium"), Some(Str("lax"))), Ok("!#$%&'*+-.^_`|~09AZaz=%22quoted%22; Max-Age=0; Domain=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com; Path=/a=b; Expires=Sat, 01 Jan 10000 00:00:00 GMT; Priority=Medium; SameSite=Lax")),
        ("a", "b c", o(Some(1.1805916207174113e+21), None, Some("/~!@#$%^&*()_+{}|:\"?"), Some(1735689599999.0), "---", Some("Medium"), Some(Str("lax"))), Ok("a=b%20c; Max-Age=1.1805916207174113e+21; Path=/~!@#$%^&*()_+{}|:\"?; Expires=Tue, 31 Dec 2024 23:59:59 GMT; Priority=Medium; SameSite=Lax")),
        ("connect.sid", "a=b", o(Some(1.5e+21), Some("a.b-c.d"), Some("/a b"), Some(253402300800000.0), "H-P", None, Some(Str("NONE"))), Ok("connect.sid=a%3Db; Max-Age=1.5e+21; Domain=a.b-c.d; Path=/a b; Expires=Sat, 01 Jan 10000 00:00:00 GMT; HttpOnly; Partitioned; SameSite=None")),
        ("!#$%&'*+-.^_`|~09AZaz", "s:abc.def", o(Some(1.5e+21), Some("localhost"), Some("/a b"), Some(0.0), "H--", Some("low"), Some(True)), Ok("!#$%&'*+-.^_`|~09AZaz=s%3Aabc.def; Max-Age=1.5e+21; Domain=localhost; Path=/a b; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Priority=Low; SameSite=Strict")),
        ("sid", "b c", o(Some(1e+300), Some("example.com"), Some("/a/b"), None, "---", None, None), Ok("sid=b%20c; Max-Age=1e+300; Domain=example.com; Path=/a/b")),
        ("!#$%&'*+-.^_`|~09AZaz", "%", o(None, Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), Some("/"), None, "HSP", None, Some(Str("Strict"))), Ok("!#$%&'*+-.^_`|~09AZaz=%25; Domain=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com; Path=/; HttpOnly; Secure; Partitioned; SameSite=Strict")),
        ("connect.sid", "é😀", o(Some(1.5e+21), Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), Some("/a=b"), Some(-8640000000000000.0), "HS-", Some("high"), Some(Str("NONE"))), Ok("connect.sid=%C3%A9%F0%9F%98%80; Max-Age=1.5e+21; Domain=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com; Path=/a=b; Expires=Tue, 20 Apr -271821 00:00:00 GMT; HttpOnly; Secure; Priority=High; SameSite=None")),
        ("sid", "a\\b", o(None, Some(".example.com"), Some("/a:b"), Some(-8640000000000000.0), "-S-", None, None), Ok("sid=a%5Cb; Domain=.example.com; Path=/a:b; Expires=Tue, 20 Apr -271821 00:00:00 GMT; Secure")),
        ("!#$%&'*+-.^_`|~09AZaz", "", o(Some(123456789012345680000.0), None, None, None, "H--", Some("hIgH"), Some(True)), Ok("!#$%&'*+-.^_`|~09AZaz=; Max-Age=123456789012345680000; HttpOnly; Priority=High; SameSite=Strict")),
        ("connect.sid", "a\\b", o(Some(-0.5), Some("1.2.3.4"), Some("/a:b"), None, "H--", Some("low"), Some(True)), Ok("connect.sid=a%5Cb; Max-Age=-1; Domain=1.2.3.4; Path=/a:b; HttpOnly; Priority=Low; SameSite=Strict")),
        ("a", "a\\b", o(Some(1.1805916207174113e+21), Some("a"), None, Some(0.0), "---", Some("LOW"), Some(Str("NONE"))), Ok("a=a%5Cb; Max-Age=1.1805916207174113e+21; Domain=a; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Priority=Low; SameSite=None")),
        ("a", "a;b", o(None, None, None, Some(253402300800000.0), "---", None, Some(Str("lax"))), Ok("a=a%3Bb; Expires=Sat, 01 Jan 10000 00:00:00 GMT; SameSite=Lax")),
        ("connect.sid", "", o(None, Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), Some("/a:b"), Some(1700000000000.0), "HS-", Some("low"), Some(Str("Strict"))), Ok("connect.sid=; Domain=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com; Path=/a:b; Expires=Tue, 14 Nov 2023 22:13:20 GMT; HttpOnly; Secure; Priority=Low; SameSite=Strict")),
        ("connect.sid", "a\\b", o(Some(123456789012345680000.0), None, None, Some(-8640000000000000.0), "---", Some("LOW"), Some(Str("Strict"))), Ok("connect.sid=a%5Cb; Max-Age=123456789012345680000; Expires=Tue, 20 Apr -271821 00:00:00 GMT; Priority=Low; SameSite=Strict")),
        ("connect.sid", "a=b", o(Some(3600.0), Some("a.b-c.d"), None, Some(-8640000000000000.0), "HS-", Some("Medium"), None), Ok("connect.sid=a%3Db; Max-Age=3600; Domain=a.b-c.d; Expires=Tue, 20 Apr -271821 00:00:00 GMT; HttpOnly; Secure; Priority=Medium")),
        ("connect.sid", "a=b", o(Some(1.1805916207174113e+21), Some("EXAMPLE.Com"), Some("/a b"), Some(8640000000000000.0), "---", Some("hIgH"), None), Ok("connect.sid=a%3Db; Max-Age=1.1805916207174113e+21; Domain=EXAMPLE.Com; Path=/a b; Expires=Sat, 13 Sep 275760 00:00:00 GMT; Priority=High")),
        ("a", "\u{0}", o(Some(86400.999), None, Some("/a=b"), Some(-62198755200001.0), "H--", None, Some(Str("lax"))), Ok("a=%00; Max-Age=86400; Path=/a=b; Expires=Thu, 31 Dec -0002 23:59:59 GMT; HttpOnly; SameSite=Lax")),
        ("a", "b", o(Some(1e+300), Some("a-b.com"), Some("/a b"), None, "H--", None, None), Ok("a=b; Max-Age=1e+300; Domain=a-b.com; Path=/a b; HttpOnly")),
        ("connect.sid", "%", o(Some(1e+300), Some("1.2.3.4"), None, None, "---", Some("LOW"), None), Ok("connect.sid=%25; Max-Age=1e+300; Domain=1.2.3.4; Priority=Low")),
        ("sid", "\"quoted\"", o(None, Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), Some("/a/b"), Some(1735689599999.0), "H-P", Some("Medium"), Some(Str("Strict"))), Ok("sid=%22quoted%22; Domain=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com; Path=/a/b; Expires=Tue, 31 Dec 2024 23:59:59 GMT; HttpOnly; Partitioned; Priority=Medium; SameSite=Strict")),
        ("a", "\"quoted\"", o(Some(1e-300), Some("localhost"), Some("/a:b"), None, "H--", Some("hIgH"), Some(Str("lax"))), Ok("a=%22quoted%22; Max-Age=0; Domain=localhost; Path=/a:b; HttpOnly; Priority=High; SameSite=Lax")),
        ("!#$%&'*+-.^_`|~09AZaz", "%", o(Some(1.5), Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), Some("/"), Some(1735689599999.0), "-S-", Some("high"), Some(True)), Ok("!#$%&'*+-.^_`|~09AZaz=%25; Max-Age=1; Domain=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com; Path=/; Expires=Tue, 31 Dec 2024 23:59:59 GMT; Secure; Priority=High; SameSite=Strict")),
        ("a", "\u{0}", o(None, Some("a.b-c.d"), Some("/"), Some(1700000000000.0), "HS-", Some("hIgH"), Some(Str("Strict"))), Ok("a=%00; Domain=a.b-c.d; Path=/; Expires=Tue, 14 Nov 2023 22:13:20 GMT; HttpOnly; Secure; Priority=High; SameSite=Strict")),
        ("a", "-_.!~*'()", o(Some(9007199254740992.0), Some("EXAMPLE.Com"), None, Some(253402300800000.0), "-S-", None, Some(Str("Strict"))), Ok("a=-_.!~*'(); Max-Age=9007199254740992; Domain=EXAMPLE.Com; Expires=Sat, 01 Jan 10000 00:00:00 GMT; Secure; SameSite=Strict")),
        ("!#$%&'*+-.^_`|~09AZaz", "\"quoted\"", o(Some(1e+300), Some("1.2.3.4"), Some("/a=b"), Some(253402300800000.0), "---", Some("hIgH"), None), Ok("!#$%&'*+-.^_`|~09AZaz=%22quoted%22; Max-Age=1e+300; Domain=1.2.3.4; Path=/a=b; Expires=Sat, 01 Jan 10000 00:00:00 GMT; Priority=High")),
        ("connect.sid", "a=b", o(Some(86400.999), None, Some("/a>b"), Some(1700000000000.0), "H--", None, Some(Str("Strict"))), Ok("connect.sid=a%3Db; Max-Age=86400; Path=/a>b; Expires=Tue, 14 Nov 2023 22:13:20 GMT; HttpOnly; SameSite=Strict")),
        ("sid", "", o(None, None, None, Some(1700000000000.0), "---", Some("hIgH"), Some(Str("Strict"))), Ok("sid=; Expires=Tue, 14 Nov 2023 22:13:20 GMT; Priority=High; SameSite=Strict")),
        ("a", "a\\b", o(Some(9007199254740992.0), Some(".example.com"), Some("/~!@#$%^&*()_+{}|:\"?"), Some(0.0), "HS-", Some("low"), None), Ok("a=a%5Cb; Max-Age=9007199254740992; Domain=.example.com; Path=/~!@#$%^&*()_+{}|:\"?; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; Priority=Low")),
        ("connect.sid", "\u{0}", o(None, Some("example.com"), Some("/a/b"), Some(-1.0), "-S-", Some("high"), Some(Str("lax"))), Ok("connect.sid=%00; Domain=example.com; Path=/a/b; Expires=Wed, 31 Dec 1969 23:59:59 GMT; Secure; Priority=High; SameSite=Lax")),
        ("!#$%&'*+-.^_`|~09AZaz", "é😀", o(Some(-0.5), Some("example.com"), Some("/~!@#$%^&*()_+{}|:\"?"), Some(8640000000000000.0), "H--", Some("high"), None), Ok("!#$%&'*+-.^_`|~09AZaz=%C3%A9%F0%9F%98%80; Max-Age=-1; Domain=example.com; Path=/~!@#$%^&*()_+{}|:\"?; Expires=Sat, 13 Sep 275760 00:00:00 GMT; HttpOnly; Priority=High")),
        ("a", "\"quoted\"", o(Some(1.5e+21), Some("example.com"), Some("/a/b"), Some(-62198755200001.0), "H--", Some("LOW"), Some(Str("Strict"))), Ok("a=%22quoted%22; Max-Age=1.5e+21; Domain=example.com; Path=/a/b; Expires=Thu, 31 Dec -0002 23:59:59 GMT; HttpOnly; Priority=Low; SameSite=Strict")),
        ("connect.sid", "b c", o(Some(1.1805916207174113e+21), Some("a"), None, Some(-8640000000000000.0), "---", Some("hIgH"), None), Ok("connect.sid=b%20c; Max-Age=1.1805916207174113e+21; Domain=a; Expires=Tue, 20 Apr -271821 00:00:00 GMT; Priority=High")),
        ("!#$%&'*+-.^_`|~09AZaz", "a;b", o(Some(1.5), Some("1.2.3.4"), Some("/a:b"), Some(253402300800000.0), "---", Some("low"), None), Ok("!#$%&'*+-.^_`|~09AZaz=a%3Bb; Max-Age=1; Domain=1.2.3.4; Path=/a:b; Expires=Sat, 01 Jan 10000 00:00:00 GMT; Priority=Low")),
        ("sid", "", o(Some(-1.5), Some("example.com"), Some("/a/b"), Some(253402300800000.0), "---", None, None), Ok("sid=; Max-Age=-2; Domain=example.com; Path=/a/b; Expires=Sat, 01 Jan 10000 00:00:00 GMT")),
        ("!#$%&'*+-.^_`|~09AZaz", "a;b", o(Some(-1.5), Some("localhost"), None, Some(1735689599999.0), "-S-", Some("Medium"), Some(Str("NONE"))), Ok("!#$%&'*+-.^_`|~09AZaz=a%3Bb; Max-Age=-2; Domain=localhost; Expires=Tue, 31 Dec 2024 23:59:59 GMT; Secure; Priority=Medium; SameSite=None")),
        ("!#$%&'*+-.^_`|~09AZaz", "b c", o(Some(-1e+21), Some("example.com"), None, Some(-62198755200001.0), "H--", Some("LOW"), Some(Str("Strict"))), Ok("!#$%&'*+-.^_`|~09AZaz=b%20c; Max-Age=-1e+21; Domain=example.com; Expires=Thu, 31 Dec -0002 23:59:59 GMT; HttpOnly; Priority=Low; SameSite=Strict")),
        ("!#$%&'*+-.^_`|~09AZaz", "a;b", o(Some(9007199254740992.0), Some("a-b.com"), Some("/a:b"), Some(0.0), "H--", Some("Medium"), Some(Str("NONE"))), Ok("!#$%&'*+-.^_`|~09AZaz=a%3Bb; Max-Age=9007199254740992; Domain=a-b.com; Path=/a:b; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Priority=Medium; SameSite=None")),
        ("a", "a;b", o(Some(123456789012345680000.0), Some("localhost"), None, Some(8640000000000000.0), "-S-", None, None), Ok("a=a%3Bb; Max-Age=123456789012345680000; Domain=localhost; Expires=Sat, 13 Sep 275760 00:00:00 GMT; Secure")),
        ("a", "a=b", o(Some(1e-300), Some("localhost"), Some("/a>b"), Some(-8640000000000000.0), "---", None, None), Ok("a=a%3Db; Max-Age=0; Domain=localhost; Path=/a>b; Expires=Tue, 20 Apr -271821 00:00:00 GMT")),
        ("connect.sid", "\"quoted\"", o(Some(-1.5), None, None, Some(253402300800000.0), "HS-", None, None), Ok("connect.sid=%22quoted%22; Max-Age=-2; Expires=Sat, 01 Jan 10000 00:00:00 GMT; HttpOnly; Secure")),
        ("a", "b c", o(Some(-0.5), Some("example.com"), Some("/a>b"), None, "HS-", Some("Medium"), None), Ok("a=b%20c; Max-Age=-1; Domain=example.com; Path=/a>b; HttpOnly; Secure; Priority=Medium")),
        ("a", "s:abc.def", o(Some(-0.5), Some("EXAMPLE.Com"), Some("/a>b"), Some(8640000000000000.0), "H-P", None, None), Ok("a=s%3Aabc.def; Max-Age=-1; Domain=EXAMPLE.Com; Path=/a>b; Expires=Sat, 13 Sep 275760 00:00:00 GMT; HttpOnly; Partitioned")),
        ("!#$%&'*+-.^_`|~09AZaz", "\"quoted\"", o(Some(-1.5), Some("a"), None, None, "--P", Some("LOW"), Some(Str("lax"))), Ok("!#$%&'*+-.^_`|~09AZaz=%22quoted%22; Max-Age=-2; Domain=a; Partitioned; Priority=Low; SameSite=Lax")),
        ("sid", "\"quoted\"", o(Some(123456789012345680000.0), Some("a-b.com"), None, None, "-SP", Some("high"), Some(Str("Strict"))), Ok("sid=%22quoted%22; Max-Age=123456789012345680000; Domain=a-b.com; Secure; Partitioned; Priority=High; SameSite=Strict")),
        ("a", "a=b", o(Some(86400.999), Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), Some("/a=b"), Some(8640000000000000.0), "H--", Some("Medium"), Some(Str("lax"))), Ok("a=a%3Db; Max-Age=86400; Domain=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com; Path=/a=b; Expires=Sat, 13 Sep 275760 00:00:00 GMT; HttpOnly; Priority=Medium; SameSite=Lax")),
        ("connect.sid", "a;b", o(Some(-0.5), Some("example.com"), Some("/a>b"), None, "H--", None, Some(Str("Strict"))), Ok("connect.sid=a%3Bb; Max-Age=-1; Domain=example.com; Path=/a>b; HttpOnly; SameSite=Strict")),
        ("sid", "s:abc.def", o(Some(1e-300), Some("1.2.3.4"), Some("/a>b"), Some(1700000000000.0), "H--", Some("LOW"), Some(Str("NONE"))), Ok("sid=s%3Aabc.def; Max-Age=0; Domain=1.2.3.4; Path=/a>b; Expires=Tue, 14 Nov 2023 22:13:20 GMT; HttpOnly; Priority=Low; SameSite=None")),
        ("connect.sid", "-_.!~*'()", o(Some(3600.0), Some("1.2.3.4"), Some("/a b"), Some(-8640000000000000.0), "H--", Some("low"), None), Ok("connect.sid=-_.!~*'(); Max-Age=3600; Domain=1.2.3.4; Path=/a b; Expires=Tue, 20 Apr -271821 00:00:00 GMT; HttpOnly; Priority=Low")),
        ("!#$%&'*+-.^_`|~09AZaz", "\"quoted\"", o(Some(1e-300), Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), None, Some(-62198755200001.0), "---", None, None), Ok("!#$%&'*+-.^_`|~09AZaz=%22quoted%22; Max-Age=0; Domain=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com; Expires=Thu, 31 Dec -0002 23:59:59 GMT")),
        ("sid", "\"quoted\"", o(None, Some("example.com"), None, None, "HSP", Some("low"), Some(Str("NONE"))), Ok("sid=%22quoted%22; Domain=example.com; HttpOnly; Secure; Partitioned; Priority=Low; SameSite=None")),
        ("sid", "\u{0}", o(Some(-0.5), Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), Some("/a/b"), None, "H--", Some("Medium"), Some(Str("lax"))), Ok("sid=%00; Max-Age=-1; Domain=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com; Path=/a/b; HttpOnly; Priority=Medium; SameSite=Lax")),
        ("a", "a;b", o(Some(0.0), None, Some("/~!@#$%^&*()_+{}|:\"?"), Some(-1.0), "HSP", Some("Medium"), None), Ok("a=a%3Bb; Max-Age=0; Path=/~!@#$%^&*()_+{}|:\"?; Expires=Wed, 31 Dec 1969 23:59:59 GMT; HttpOnly; Secure; Partitioned; Priority=Medium")),
        ("!#$%&'*+-.^_`|~09AZaz", "", o(Some(-0.5), Some("localhost"), None, Some(-8640000000000000.0), "-SP", Some("hIgH"), Some(True)), Ok("!#$%&'*+-.^_`|~09AZaz=; Max-Age=-1; Domain=localhost; Expires=Tue, 20 Apr -271821 00:00:00 GMT; Secure; Partitioned; Priority=High; SameSite=Strict")),
        ("connect.sid", "a=b", o(Some(1e+300), None, None, Some(1735689599999.0), "H--", Some("hIgH"), Some(Str("Strict"))), Ok("connect.sid=a%3Db; Max-Age=1e+300; Expires=Tue, 31 Dec 2024 23:59:59 GMT; HttpOnly; Priority=High; SameSite=Strict")),
        ("!#$%&'*+-.^_`|~09AZaz", "\u{0}", o(Some(1e+21), Some("EXAMPLE.Com"), Some("/~!@#$%^&*()_+{}|:\"?"), Some(1700000000000.0), "---", None, None), Ok("!#$%&'*+-.^_`|~09AZaz=%00; Max-Age=1e+21; Domain=EXAMPLE.Com; Path=/~!@#$%^&*()_+{}|:\"?; Expires=Tue, 14 Nov 2023 22:13:20 GMT")),
        ("a", "b", o(Some(0.0), Some(".example.com"), Some("/a b"), None, "--P", Some("low"), Some(True)), Ok("a=b; Max-Age=0; Domain=.example.com; Path=/a b; Partitioned; Priority=Low; SameSite=Strict")),
        ("connect.sid", "b", o(None, Some("EXAMPLE.Com"), Some("/a/b"), Some(1735689599999.0), "--P", Some("low"), Some(Str("Strict"))), Ok("connect.sid=b; Domain=EXAMPLE.Com; Path=/a/b; Expires=Tue, 31 Dec 2024 23:59:59 GMT; Partitioned; Priority=Low; SameSite=Strict")),
        ("!#$%&'*+-.^_`|~09AZaz", "\"quoted\"", o(Some(1.1805916207174113e+21), Some("1.2.3.4"), Some("/a=b"), Some(8640000000000000.0), "H--", Some("LOW"), Some(Str("NONE"))), Ok("!#$%&'*+-.^_`|~09AZaz=%22quoted%22; Max-Age=1.1805916207174113e+21; Domain=1.2.3.4; Path=/a=b; Expires=Sat, 13 Sep 275760 00:00:00 GMT; HttpOnly; Priority=Low; SameSite=None")),
        ("!#$%&'*+-.^_`|~09AZaz", "a;b", o(None, None, Some("/a>b"), Some(253402300800000.0), "-SP", Some("high"), Some(Str("Strict"))), Ok("!#$%&'*+-.^_`|~09AZaz=a%3Bb; Path=/a>b; Expires=Sat, 01 Jan 10000 00:00:00 GMT; Secure; Partitioned; Priority=High; SameSite=Strict")),
        ("a", "a=b", o(None, Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), Some("/"), Some(-1.0), "-S-", Some("hIgH"), Some(True)), Ok("a=a%3Db; Domain=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com; Path=/; Expires=Wed, 31 Dec 1969 23:59:59 GMT; Secure; Priority=High; SameSite=Strict")),
        ("sid", "s:abc.def", o(Some(123456789012345680000.0), Some("example.com"), None, Some(8640000000000000.0), "HSP", None, Some(Str("NONE"))), Ok("sid=s%3Aabc.def; Max-Age=123456789012345680000; Domain=example.com; Expires=Sat, 13 Sep 275760 00:00:00 GMT; HttpOnly; Secure; Partitioned; SameSite=None")),
        ("sid", "\"quoted\"", o(Some(1.5), Some("EXAMPLE.Com"), Some("/a/b"), Some(-62198755200001.0), "HSP", Some("low"), None), Ok("sid=%22quoted%22; Max-Age=1; Domain=EXAMPLE.Com; Path=/a/b; Expires=Thu, 31 Dec -0002 23:59:59 GMT; HttpOnly; Secure; Partitioned; Priority=Low")),
        ("sid", "a\\b", o(Some(-0.5), None, Some("/a:b"), Some(-8640000000000000.0), "-S-", Some("Medium"), Some(Str("NONE"))), Ok("sid=a%5Cb; Max-Age=-1; Path=/a:b; Expires=Tue, 20 Apr -271821 00:00:00 GMT; Secure; Priority=Medium; SameSite=None")),
        ("connect.sid", "\u{0}", o(Some(-1.5), Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), None, None, "--P", None, Some(True)), Ok("connect.sid=%00; Max-Age=-2; Domain=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com; Partitioned; SameSite=Strict")),
        ("!#$%&'*+-.^_`|~09AZaz", "a\\b", o(Some(1.1805916207174113e+21), Some("example.com"), Some("/a=b"), Some(1700000000000.0), "H--", Some("low"), Some(Str("NONE"))), Ok("!#$%&'*+-.^_`|~09AZaz=a%5Cb; Max-Age=1.1805916207174113e+21; Domain=example.com; Path=/a=b; Expires=Tue, 14 Nov 2023 22:13:20 GMT; HttpOnly; Priority=Low; SameSite=None")),
        ("sid", "é😀", o(None, None, Some("/a=b"), Some(-62198755200001.0), "HSP", Some("low"), Some(Str("lax"))), Ok("sid=%C3%A9%F0%9F%98%80; Path=/a=b; Expires=Thu, 31 Dec -0002 23:59:59 GMT; HttpOnly; Secure; Partitioned; Priority=Low; SameSite=Lax")),
        ("!#$%&'*+-.^_`|~09AZaz", "s:abc.def", o(Some(9007199254740992.0), Some("localhost"), None, Some(8640000000000000.0), "---", None, Some(Str("lax"))), Ok("!#$%&'*+-.^_`|~09AZaz=s%3Aabc.def; Max-Age=9007199254740992; Domain=localhost; Expires=Sat, 13 Sep 275760 00:00:00 GMT; SameSite=Lax")),
        ("a", "\"quoted\"", o(Some(1e+21), Some("1.2.3.4"), None, Some(1700000000000.0), "HS-", None, None), Ok("a=%22quoted%22; Max-Age=1e+21; Domain=1.2.3.4; Expires=Tue, 14 Nov 2023 22:13:20 GMT; HttpOnly; Secure")),
        ("connect.sid", "%", o(Some(1e+300), None, Some("/~!@#$%^&*()_+{}|:\"?"), Some(-8640000000000000.0), "H--", Some("low"), Some(Str("lax"))), Ok("connect.sid=%25; Max-Age=1e+300; Path=/~!@#$%^&*()_+{}|:\"?; Expires=Tue, 20 Apr -271821 00:00:00 GMT; HttpOnly; Priority=Low; SameSite=Lax")),
        ("connect.sid", "\"quoted\"", o(Some(86400.999), Some("a.b-c.d"), Some("/a>b"), Some(-8640000000000000.0), "HS-", None, Some(Str("NONE"))), Ok("connect.sid=%22quoted%22; Max-Age=86400; Domain=a.b-c.d; Path=/a>b; Expires=Tue, 20 Apr -271821 00:00:00 GMT; HttpOnly; Secure; SameSite=None")),
        ("a", "a=b", o(Some(-1e+21), Some("a.b-c.d"), None, Some(-8640000000000000.0), "---", Some("LOW"), Some(True)), Ok("a=a%3Db; Max-Age=-1e+21; Domain=a.b-c.d; Expires=Tue, 20 Apr -271821 00:00:00 GMT; Priority=Low; SameSite=Strict")),
        ("sid", "s:abc.def", o(Some(1.1805916207174113e+21), Some("example.com"), Some("/~!@#$%^&*()_+{}|:\"?"), None, "-SP", Some("Medium"), Some(Str("lax"))), Ok("sid=s%3Aabc.def; Max-Age=1.1805916207174113e+21; Domain=example.com; Path=/~!@#$%^&*()_+{}|:\"?; Secure; Partitioned; Priority=Medium; SameSite=Lax")),
        ("a", "é😀", o(Some(1e+300), Some(".example.com"), Some("/a b"), None, "---", Some("hIgH"), Some(Str("Strict"))), Ok("a=%C3%A9%F0%9F%98%80; Max-Age=1e+300; Domain=.example.com; Path=/a b; Priority=High; SameSite=Strict")),
        ("connect.sid", "-_.!~*'()", o(Some(9007199254740992.0), Some("a"), None, Some(-8640000000000000.0), "H--", Some("low"), Some(True)), Ok("connect.sid=-_.!~*'(); Max-Age=9007199254740992; Domain=a; Expires=Tue, 20 Apr -271821 00:00:00 GMT; HttpOnly; Priority=Low; SameSite=Strict")),
        ("connect.sid", "a;b", o(Some(86400.999), Some("a"), None, None, "HSP", Some("high"), Some(True)), Ok("connect.sid=a%3Bb; Max-Age=86400; Domain=a; HttpOnly; Secure; Partitioned; Priority=High; SameSite=Strict")),
        ("sid", "a=b", o(Some(-1.5), Some(".example.com"), Some("/a>b"), Some(-8640000000000000.0), "H--", Some("Medium"), Some(Str("Strict"))), Ok("sid=a%3Db; Max-Age=-2; Domain=.example.com; Path=/a>b; Expires=Tue, 20 Apr -271821 00:00:00 GMT; HttpOnly; Priority=Medium; SameSite=Strict")),
        ("sid", "", o(Some(86400.999), Some("EXAMPLE.Com"), None, None, "HS-", None, Some(Str("Strict"))), Ok("sid=; Max-Age=86400; Domain=EXAMPLE.Com; HttpOnly; Secure; SameSite=Strict")),
        ("!#$%&'*+-.^_`|~09AZaz", "b", o(Some(-1.5), Some(".example.com"), Some("/a=b"), Some(8640000000000000.0), "H--", Some("LOW"), Some(True)), Ok("!#$%&'*+-.^_`|~09AZaz=b; Max-Age=-2; Domain=.example.com; Path=/a=b; Expires=Sat, 13 Sep 275760 00:00:00 GMT; HttpOnly; Priority=Low; SameSite=Strict")),
        ("a", "\u{0}", o(Some(-1.5), Some("example.com"), None, Some(-62198755200001.0), "-S-", Some("LOW"), Some(Str("lax"))), Ok("a=%00; Max-Age=-2; Domain=example.com; Expires=Thu, 31 Dec -0002 23:59:59 GMT; Secure; Priority=Low; SameSite=Lax")),
        ("!#$%&'*+-.^_`|~09AZaz", "a=b", o(Some(0.0), Some("a.b-c.d"), None, Some(-62198755200001.0), "HS-", None, Some(True)), Ok("!#$%&'*+-.^_`|~09AZaz=a%3Db; Max-Age=0; Domain=a.b-c.d; Expires=Thu, 31 Dec -0002 23:59:59 GMT; HttpOnly; Secure; SameSite=Strict")),
        ("a", "b c", o(Some(-1.5), Some("a"), Some("/a/b"), Some(253402300800000.0), "H--", Some("LOW"), Some(Str("lax"))), Ok("a=b%20c; Max-Age=-2; Domain=a; Path=/a/b; Expires=Sat, 01 Jan 10000 00:00:00 GMT; HttpOnly; Priority=Low; SameSite=Lax")),
        ("a", "a\\b", o(Some(1e+300), None, Some("/a/b"), Some(8640000000000000.0), "H--", None, None), Ok("a=a%5Cb; Max-Age=1e+300; Path=/a/b; Expires=Sat, 13 Sep 275760 00:00:00 GMT; HttpOnly")),
        ("sid", "", o(Some(-1.5), Some("1.2.3.4"), None, Some(1700000000000.0), "H--", Some("low"), None), Ok("sid=; Max-Age=-2; Domain=1.2.3.4; Expires=Tue, 14 Nov 2023 22:13:20 GMT; HttpOnly; Priority=Low")),
        ("a", "é😀", o(None, Some(".example.com"), Some("/"), Some(1735689599999.0), "H--", Some("high"), None), Ok("a=%C3%A9%F0%9F%98%80; Domain=.example.com; Path=/; Expires=Tue, 31 Dec 2024 23:59:59 GMT; HttpOnly; Priority=High")),
        ("!#$%&'*+-.^_`|~09AZaz", "\u{0}", o(None, None, None, Some(-8640000000000000.0), "HSP", None, Some(True)), Ok("!#$%&'*+-.^_`|~09AZaz=%00; Expires=Tue, 20 Apr -271821 00:00:00 GMT; HttpOnly; Secure; Partitioned; SameSite=Strict")),
        ("sid", "a\\b", o(None, Some("localhost"), Some("/"), Some(-8640000000000000.0), "HSP", Some("high"), Some(True)), Ok("sid=a%5Cb; Domain=localhost; Path=/; Expires=Tue, 20 Apr -271821 00:00:00 GMT; HttpOnly; Secure; Partitioned; Priority=High; SameSite=Strict")),
        ("connect.sid", "\u{0}", o(Some(1.5e+21), None, None, Some(1700000000000.0), "-S-", Some("high"), Some(Str("NONE"))), Ok("connect.sid=%00; Max-Age=1.5e+21; Expires=Tue, 14 Nov 2023 22:13:20 GMT; Secure; Priority=High; SameSite=None")),
        ("a", "a\\b", o(None, Some("localhost"), Some("/"), Some(-1.0), "-SP", Some("LOW"), Some(True)), Ok("a=a%5Cb; Domain=localhost; Path=/; Expires=Wed, 31 Dec 1969 23:59:59 GMT; Secure; Partitioned; Priority=Low; SameSite=Strict")),
        ("!#$%&'*+-.^_`|~09AZaz", "\"quoted\"", o(Some(1e+300), Some("a-b.com"), Some("/a b"), Some(1735689599999.0), "H-P", Some("low"), Some(Str("Strict"))), Ok("!#$%&'*+-.^_`|~09AZaz=%22quoted%22; Max-Age=1e+300; Domain=a-b.com; Path=/a b; Expires=Tue, 31 Dec 2024 23:59:59 GMT; HttpOnly; Partitioned; Priority=Low; SameSite=Strict")),
        ("a", "b", o(Some(1.1805916207174113e+21), Some(".example.com"), Some("/a/b"), Some(-62198755200001.0), "H--", Some("LOW"), Some(True)), Ok("a=b; Max-Age=1.1805916207174113e+21; Domain=.example.com; Path=/a/b; Expires=Thu, 31 Dec -0002 23:59:59 GMT; HttpOnly; Priority=Low; SameSite=Strict")),
        ("!#$%&'*+-.^_`|~09AZaz", "a=b", o(Some(1e-300), Some("a-b.com"), Some("/"), Some(253402300800000.0), "-S-", None, Some(Str("Strict"))), Ok("!#$%&'*+-.^_`|~09AZaz=a%3Db; Max-Age=0; Domain=a-b.com; Path=/; Expires=Sat, 01 Jan 10000 00:00:00 GMT; Secure; SameSite=Strict")),
        ("!#$%&'*+-.^_`|~09AZaz", "%", o(Some(9007199254740992.0), Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), Some("/a=b"), Some(253402300800000.0), "-S-", Some("hIgH"), Some(Str("lax"))), Ok("!#$%&'*+-.^_`|~09AZaz=%25; Max-Age=9007199254740992; Domain=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com; Path=/a=b; Expires=Sat, 01 Jan 10000 00:00:00 GMT; Secure; Priority=High; SameSite=Lax")),
        ("!#$%&'*+-.^_`|~09AZaz", "\u{0}", o(Some(1e+21), Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), Some("/a=b"), None, "---", Some("Medium"), Some(Str("Strict"))), Ok("!#$%&'*+-.^_`|~09AZaz=%00; Max-Age=1e+21; Domain=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com; Path=/a=b; Priority=Medium; SameSite=Strict")),
        ("sid", "\u{0}", o(Some(1e+21), None, Some("/a>b"), Some(-8640000000000000.0), "-S-", Some("high"), None), Ok("sid=%00; Max-Age=1e+21; Path=/a>b; Expires=Tue, 20 Apr -271821 00:00:00 GMT; Secure; Priority=High")),
        ("!#$%&'*+-.^_`|~09AZaz", "s:abc.def", o(Some(0.0), Some("a"), Some("/"), Some(-62198755200001.0), "---", Some("LOW"), Some(Str("Strict"))), Ok("!#$%&'*+-.^_`|~09AZaz=s%3Aabc.def; Max-Age=0; Domain=a; Path=/; Expires=Thu, 31 Dec -0002 23:59:59 GMT; Priority=Low; SameSite=Strict")),
        ("!#$%&'*+-.^_`|~09AZaz", "a;b", o(Some(86400.999), Some("1.2.3.4"), Some("/a b"), Some(0.0), "---", Some("LOW"), Some(Str("lax"))), Ok("!#$%&'*+-.^_`|~09AZaz=a%3Bb; Max-Age=86400; Domain=1.2.3.4; Path=/a b; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Priority=Low; SameSite=Lax")),
        ("a", "b c", o(Some(1.1805916207174113e+21), None, Some("/a=b"), Some(253402300800000.0), "H--", Some("high"), Some(Str("Strict"))), Ok("a=b%20c; Max-Age=1.1805916207174113e+21; Path=/a=b; Expires=Sat, 01 Jan 10000 00:00:00 GMT; HttpOnly; Priority=High; SameSite=Strict")),
        ("sid", "", o(Some(1.5e+21), Some("EXAMPLE.Com"), Some("/a/b"), Some(1700000000000.0), "HSP", None, Some(Str("lax"))), Ok("sid=; Max-Age=1.5e+21; Domain=EXAMPLE.Com; Path=/a/b; Expires=Tue, 14 Nov 2023 22:13:20 GMT; HttpOnly; Secure; Partitioned; SameSite=Lax")),
        ("a", "-_.!~*'()", o(Some(0.0), Some("a.b-c.d"), None, None, "---", Some("LOW"), Some(Str("lax"))), Ok("a=-_.!~*'(); Max-Age=0; Domain=a.b-c.d; Priority=Low; SameSite=Lax")),
        ("sid", "b", o(None, None, Some("/"), Some(-8640000000000000.0), "HSP", Some("high"), Some(Str("NONE"))), Ok("sid=b; Path=/; Expires=Tue, 20 Apr -271821 00:00:00 GMT; HttpOnly; Secure; Partitioned; Priority=High; SameSite=None")),
        ("sid", "a;b", o(Some(-0.0), Some("localhost"), Some("/~!@#$%^&*()_+{}|:\"?"), Some(8640000000000000.0), "H-P", None, Some(Str("NONE"))), Ok("sid=a%3Bb; Max-Age=0; Domain=localhost; Path=/~!@#$%^&*()_+{}|:\"?; Expires=Sat, 13 Sep 275760 00:00:00 GMT; HttpOnly; Partitioned; SameSite=None")),
        ("sid", "b c", o(Some(1e-300), Some("example.com"), Some("/"), Some(-8640000000000000.0), "H-P", None, None), Ok("sid=b%20c; Max-Age=0; Domain=example.com; Path=/; Expires=Tue, 20 Apr -271821 00:00:00 GMT; HttpOnly; Partitioned")),
        ("!#$%&'*+-.^_`|~09AZaz", "s:abc.def", o(Some(86400.999), Some("EXAMPLE.Com"), None, Some(-62198755200001.0), "H--", Some("high"), Some(True)), Ok("!#$%&'*+-.^_`|~09AZaz=s%3Aabc.def; Max-Age=86400; Domain=EXAMPLE.Com; Expires=Thu, 31 Dec -0002 23:59:59 GMT; HttpOnly; Priority=High; SameSite=Strict")),
        ("connect.sid", "-_.!~*'()", o(Some(0.0), Some(".example.com"), None, Some(0.0), "HS-", Some("hIgH"), Some(Str("NONE"))), Ok("connect.sid=-_.!~*'(); Max-Age=0; Domain=.example.com; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; Priority=High; SameSite=None")),
        ("!#$%&'*+-.^_`|~09AZaz", "", o(Some(3600.0), Some("localhost"), Some("/a>b"), None, "-S-", Some("high"), Some(Str("Strict"))), Ok("!#$%&'*+-.^_`|~09AZaz=; Max-Age=3600; Domain=localhost; Path=/a>b; Secure; Priority=High; SameSite=Strict")),
        ("connect.sid", "-_.!~*'()", o(Some(1.5e+21), Some(".example.com"), Some("/a b"), Some(253402300800000.0), "HS-", Some("Medium"), None), Ok("connect.sid=-_.!~*'(); Max-Age=1.5e+21; Domain=.example.com; Path=/a b; Expires=Sat, 01 Jan 10000 00:00:00 GMT; HttpOnly; Secure; Priority=Medium")),
        ("connect.sid", "a;b", o(Some(9007199254740992.0), None, Some("/a/b"), Some(-8640000000000000.0), "---", None, Some(Str("NONE"))), Ok("connect.sid=a%3Bb; Max-Age=9007199254740992; Path=/a/b; Expires=Tue, 20 Apr -271821 00:00:00 GMT; SameSite=None")),
        ("a", "b c", o(Some(1.5e+21), None, Some("/a:b"), Some(8640000000000000.0), "-SP", None, Some(Str("NONE"))), Ok("a=b%20c; Max-Age=1.5e+21; Path=/a:b; Expires=Sat, 13 Sep 275760 00:00:00 GMT; Secure; Partitioned; SameSite=None")),
        ("sid", "", o(Some(-0.5), Some("EXAMPLE.Com"), Some("/a>b"), Some(1735689599999.0), "---", None, Some(Str("lax"))), Ok("sid=; Max-Age=-1; Domain=EXAMPLE.Com; Path=/a>b; Expires=Tue, 31 Dec 2024 23:59:59 GMT; SameSite=Lax")),
        ("a", "a=b", o(Some(-0.5), Some("a-b.com"), Some("/a=b"), Some(-62198755200001.0), "---", Some("LOW"), Some(Str("Strict"))), Ok("a=a%3Db; Max-Age=-1; Domain=a-b.com; Path=/a=b; Expires=Thu, 31 Dec -0002 23:59:59 GMT; Priority=Low; SameSite=Strict")),
        ("sid", "\"quoted\"", o(Some(1e-300), Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), Some("/a b"), Some(-62198755200001.0), "--P", Some("hIgH"), Some(Str("Strict"))), Ok("sid=%22quoted%22; Max-Age=0; Domain=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com; Path=/a b; Expires=Thu, 31 Dec -0002 23:59:59 GMT; Partitioned; Priority=High; SameSite=Strict")),
        ("sid", "b", o(Some(-0.5), Some("a"), Some("/~!@#$%^&*()_+{}|:\"?"), Some(1700000000000.0), "-SP", Some("Medium"), None), Ok("sid=b; Max-Age=-1; Domain=a; Path=/~!@#$%^&*()_+{}|:\"?; Expires=Tue, 14 Nov 2023 22:13:20 GMT; Secure; Partitioned; Priority=Medium")),
        ("sid", "-_.!~*'()", o(None, Some("1.2.3.4"), Some("/"), Some(1700000000000.0), "--P", Some("LOW"), Some(Str("NONE"))), Ok("sid=-_.!~*'(); Domain=1.2.3.4; Path=/; Expires=Tue, 14 Nov 2023 22:13:20 GMT; Partitioned; Priority=Low; SameSite=None")),
        ("sid", "a;b", o(Some(9007199254740992.0), Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), Some("/a:b"), Some(-8640000000000000.0), "--P", Some("high"), Some(Str("lax"))), Ok("sid=a%3Bb; Max-Age=9007199254740992; Domain=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com; Path=/a:b; Expires=Tue, 20 Apr -271821 00:00:00 GMT; Partitioned; Priority=High; SameSite=Lax")),
        ("a", "-_.!~*'()", o(Some(1.1805916207174113e+21), Some(".example.com"), Some("/a b"), Some(8640000000000000.0), "-SP", Some("hIgH"), None), Ok("a=-_.!~*'(); Max-Age=1.1805916207174113e+21; Domain=.example.com; Path=/a b; Expires=Sat, 13 Sep 275760 00:00:00 GMT; Secure; Partitioned; Priority=High")),
        ("!#$%&'*+-.^_`|~09AZaz", "\"quoted\"", o(Some(1e-300), None, Some("/"), Some(0.0), "-S-", Some("low"), Some(Str("NONE"))), Ok("!#$%&'*+-.^_`|~09AZaz=%22quoted%22; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; Priority=Low; SameSite=None")),
        ("connect.sid", "a;b", o(Some(3600.0), Some("localhost"), Some("/a:b"), None, "-S-", Some("LOW"), Some(True)), Ok("connect.sid=a%3Bb; Max-Age=3600; Domain=localhost; Path=/a:b; Secure; Priority=Low; SameSite=Strict")),
        ("connect.sid", "", o(Some(-1e+21), Some("example.com"), None, Some(8640000000000000.0), "-SP", Some("high"), Some(Str("NONE"))), Ok("connect.sid=; Max-Age=-1e+21; Domain=example.com; Expires=Sat, 13 Sep 275760 00:00:00 GMT; Secure; Partitioned; Priority=High; SameSite=None")),
        ("sid", "\u{0}", o(Some(9007199254740992.0), Some("1.2.3.4"), Some("/a=b"), Some(253402300800000.0), "-SP", Some("hIgH"), None), Ok("sid=%00; Max-Age=9007199254740992; Domain=1.2.3.4; Path=/a=b; Expires=Sat, 01 Jan 10000 00:00:00 GMT; Secure; Partitioned; Priority=High")),
        ("sid", "\"quoted\"", o(None, Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), Some("/a=b"), None, "H--", Some("LOW"), Some(True)), Ok("sid=%22quoted%22; Domain=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com; Path=/a=b; HttpOnly; Priority=Low; SameSite=Strict")),
        ("!#$%&'*+-.^_`|~09AZaz", "a\\b", o(Some(3600.0), Some(".example.com"), None, Some(8640000000000000.0), "--P", Some("Medium"), Some(Str("NONE"))), Ok("!#$%&'*+-.^_`|~09AZaz=a%5Cb; Max-Age=3600; Domain=.example.com; Expires=Sat, 13 Sep 275760 00:00:00 GMT; Partitioned; Priority=Medium; SameSite=None")),
        ("connect.sid", "a;b", o(Some(1.5e+21), Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), Some("/a>b"), Some(0.0), "HSP", None, None), Ok("connect.sid=a%3Bb; Max-Age=1.5e+21; Domain=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com; Path=/a>b; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; Partitioned")),
        ("connect.sid", "a;b", o(None, None, Some("/a/b"), Some(-62198755200001.0), "--P", Some("high"), Some(True)), Ok("connect.sid=a%3Bb; Path=/a/b; Expires=Thu, 31 Dec -0002 23:59:59 GMT; Partitioned; Priority=High; SameSite=Strict")),
        ("connect.sid", "s:abc.def", o(Some(-1.5), Some("a.b-c.d"), None, Some(1735689599999.0), "---", None, None), Ok("connect.sid=s%3Aabc.def; Max-Age=-2; Domain=a.b-c.d; Expires=Tue, 31 Dec 2024 23:59:59 GMT")),
        ("sid", "\u{0}", o(Some(9007199254740992.0), Some(".example.com"), None, Some(253402300800000.0), "-S-", None, Some(Str("NONE"))), Ok("sid=%00; Max-Age=9007199254740992; Domain=.example.com; Expires=Sat, 01 Jan 10000 00:00:00 GMT; Secure; SameSite=None")),
        ("sid", "", o(None, Some("1.2.3.4"), None, Some(0.0), "HSP", Some("high"), None), Ok("sid=; Domain=1.2.3.4; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; Partitioned; Priority=High")),
        ("sid", "a\\b", o(Some(-0.5), Some(".example.com"), Some("/a/b"), Some(1735689599999.0), "H--", Some("hIgH"), Some(Str("Strict"))), Ok("sid=a%5Cb; Max-Age=-1; Domain=.example.com; Path=/a/b; Expires=Tue, 31 Dec 2024 23:59:59 GMT; HttpOnly; Priority=High; SameSite=Strict")),
        ("!#$%&'*+-.^_`|~09AZaz", "%", o(Some(1e-300), Some("a-b.com"), Some("/a>b"), Some(1735689599999.0), "--P", Some("Medium"), Some(Str("lax"))), Ok("!#$%&'*+-.^_`|~09AZaz=%25; Max-Age=0; Domain=a-b.com; Path=/a>b; Expires=Tue, 31 Dec 2024 23:59:59 GMT; Partitioned; Priority=Medium; SameSite=Lax")),
        ("sid", "s:abc.def", o(None, Some("a-b.com"), None, Some(1700000000000.0), "-S-", None, Some(Str("NONE"))), Ok("sid=s%3Aabc.def; Domain=a-b.com; Expires=Tue, 14 Nov 2023 22:13:20 GMT; Secure; SameSite=None")),
        ("a", "\"quoted\"", o(Some(1.5), Some("1.2.3.4"), Some("/a b"), Some(1735689599999.0), "---", None, Some(True)), Ok("a=%22quoted%22; Max-Age=1; Domain=1.2.3.4; Path=/a b; Expires=Tue, 31 Dec 2024 23:59:59 GMT; SameSite=Strict")),
        ("a", "b", o(Some(1e+21), Some("example.com"), Some("/a:b"), None, "---", Some("Medium"), Some(Str("lax"))), Ok("a=b; Max-Age=1e+21; Domain=example.com; Path=/a:b; Priority=Medium; SameSite=Lax")),
        ("a", "b c", o(None, Some("localhost"), None, None, "-S-", Some("low"), None), Ok("a=b%20c; Domain=localhost; Secure; Priority=Low")),
        ("sid", "\u{0}", o(Some(1e+21), Some("a.b-c.d"), Some("/a=b"), Some(-8640000000000000.0), "---", Some("LOW"), Some(Str("Strict"))), Ok("sid=%00; Max-Age=1e+21; Domain=a.b-c.d; Path=/a=b; Expires=Tue, 20 Apr -271821 00:00:00 GMT; Priority=Low; SameSite=Strict")),
        ("sid", "", o(None, Some("a.b-c.d"), Some("/a/b"), Some(-1.0), "HS-", Some("LOW"), Some(Str("NONE"))), Ok("sid=; Domain=a.b-c.d; Path=/a/b; Expires=Wed, 31 Dec 1969 23:59:59 GMT; HttpOnly; Secure; Priority=Low; SameSite=None")),
        ("a", "a\\b", o(None, Some("example.com"), Some("/~!@#$%^&*()_+{}|:\"?"), Some(-62198755200001.0), "H--", Some("hIgH"), None), Ok("a=a%5Cb; Domain=example.com; Path=/~!@#$%^&*()_+{}|:\"?; Expires=Thu, 31 Dec -0002 23:59:59 GMT; HttpOnly; Priority=High")),
        ("!#$%&'*+-.^_`|~09AZaz", "a=b", o(Some(1.5), Some(".example.com"), Some("/a>b"), None, "HS-", Some("low"), Some(Str("Strict"))), Ok("!#$%&'*+-.^_`|~09AZaz=a%3Db; Max-Age=1; Domain=.example.com; Path=/a>b; HttpOnly; Secure; Priority=Low; SameSite=Strict")),
        ("connect.sid", "a\\b", o(Some(1.5), None, Some("/~!@#$%^&*()_+{}|:\"?"), None, "-SP", Some("LOW"), Some(Str("Strict"))), Ok("connect.sid=a%5Cb; Max-Age=1; Path=/~!@#$%^&*()_+{}|:\"?; Secure; Partitioned; Priority=Low; SameSite=Strict")),
        ("connect.sid", "b", o(Some(123456789012345680000.0), Some("a.b-c.d"), Some("/~!@#$%^&*()_+{}|:\"?"), Some(-1.0), "H--", Some("LOW"), Some(True)), Ok("connect.sid=b; Max-Age=123456789012345680000; Domain=a.b-c.d; Path=/~!@#$%^&*()_+{}|:\"?; Expires=Wed, 31 Dec 1969 23:59:59 GMT; HttpOnly; Priority=Low; SameSite=Strict")),
        ("a", "a=b", o(Some(-0.5), Some("example.com"), Some("/a:b"), Some(-62198755200001.0), "H-P", None, None), Ok("a=a%3Db; Max-Age=-1; Domain=example.com; Path=/a:b; Expires=Thu, 31 Dec -0002 23:59:59 GMT; HttpOnly; Partitioned")),
        ("connect.sid", "-_.!~*'()", o(None, Some(".example.com"), Some("/a:b"), Some(253402300800000.0), "-SP", Some("LOW"), Some(Str("lax"))), Ok("connect.sid=-_.!~*'(); Domain=.example.com; Path=/a:b; Expires=Sat, 01 Jan 10000 00:00:00 GMT; Secure; Partitioned; Priority=Low; SameSite=Lax")),
        ("a", "\"quoted\"", o(Some(86400.999), Some("a.b-c.d"), Some("/a b"), Some(8640000000000000.0), "H--", Some("LOW"), None), Ok("a=%22quoted%22; Max-Age=86400; Domain=a.b-c.d; Path=/a b; Expires=Sat, 13 Sep 275760 00:00:00 GMT; HttpOnly; Priority=Low")),
        ("sid", "s:abc.def", o(Some(1e-300), Some(".example.com"), Some("/a>b"), Some(8640000000000000.0), "---", None, Some(True)), Ok("sid=s%3Aabc.def; Max-Age=0; Domain=.example.com; Path=/a>b; Expires=Sat, 13 Sep 275760 00:00:00 GMT; SameSite=Strict")),
        ("!#$%&'*+-.^_`|~09AZaz", "a\\b", o(Some(1e+21), Some("a-b.com"), Some("/a>b"), Some(-1.0), "---", Some("hIgH"), Some(Str("lax"))), Ok("!#$%&'*+-.^_`|~09AZaz=a%5Cb; Max-Age=1e+21; Domain=a-b.com; Path=/a>b; Expires=Wed, 31 Dec 1969 23:59:59 GMT; Priority=High; SameSite=Lax")),
        ("sid", "a=b", o(None, Some("example.com"), None, Some(-1.0), "HS-", Some("low"), Some(Str("lax"))), Ok("sid=a%3Db; Domain=example.com; Expires=Wed, 31 Dec 1969 23:59:59 GMT; HttpOnly; Secure; Priority=Low; SameSite=Lax")),
        ("sid", "b c", o(Some(1.1805916207174113e+21), None, Some("/~!@#$%^&*()_+{}|:\"?"), Some(8640000000000000.0), "-S-", None, Some(Str("lax"))), Ok("sid=b%20c; Max-Age=1.1805916207174113e+21; Path=/~!@#$%^&*()_+{}|:\"?; Expires=Sat, 13 Sep 275760 00:00:00 GMT; Secure; SameSite=Lax")),
        ("!#$%&'*+-.^_`|~09AZaz", "%", o(Some(86400.999), Some("example.com"), Some("/a b"), Some(1735689599999.0), "---", None, Some(Str("NONE"))), Ok("!#$%&'*+-.^_`|~09AZaz=%25; Max-Age=86400; Domain=example.com; Path=/a b; Expires=Tue, 31 Dec 2024 23:59:59 GMT; SameSite=None")),
        ("!#$%&'*+-.^_`|~09AZaz", "", o(Some(1e+21), Some("example.com"), Some("/a=b"), Some(253402300800000.0), "H--", Some("LOW"), None), Ok("!#$%&'*+-.^_`|~09AZaz=; Max-Age=1e+21; Domain=example.com; Path=/a=b; Expires=Sat, 01 Jan 10000 00:00:00 GMT; HttpOnly; Priority=Low")),
        ("connect.sid", "\u{0}", o(None, Some("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com"), Some("/"), Some(1700000000000.0), "HSP", Some("high"), Some(Str("Strict"))), Ok("connect.sid=%00; Domain=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx.com; Path=/; Expires=Tue, 14 Nov 2023 22:13:20 GMT; HttpOnly; Secure; Partitioned; Priority=High; SameSite=Strict")),
        ("a", "\u{0}", o(Some(3600.0), None, Some("/a:b"), None, "HS-", None, Some(Str("lax"))), Ok("a=%00; Max-Age=3600; Path=/a:b; HttpOnly; Secure; SameSite=Lax")),
        ("a", "b", o(Some(3600.0), Some("EXAMPLE.Com"), Some("/a:b"), None, "-S-", Some("hIgH"), Some(True)), Ok("a=b; Max-Age=3600; Domain=EXAMPLE.Com; Path=/a:b; Secure; Priority=High; SameSite=Strict")),
        ("!#$%&'*+-.^_`|~09AZaz", "b c", o(Some(0.0), Some("example.com"), Some("/~!@#$%^&*()_+{}|:\"?"), None, "-S-", Some("LOW"), Some(Str("lax"))), Ok("!#$%&'*+-.^_`|~09AZaz=b%20c; Max-Age=0; Domain=example.com; Path=/~!@#$%^&*()_+{}|:\"?; Secure; Priority=Low; SameSite=Lax")),
        ("connect.sid", "b c", o(Some(1.5), Some("localhost"), None, Some(8640000000000000.0), "-S-", Some("hIgH"), Some(Str("NONE"))), Ok("connect.sid=b%20c; Max-Age=1; Domain=localhost; Expires=Sat, 13 Sep 275760 00:00:00 GMT; Secure; Priority=High; SameSite=None")),
        ("a", "b", o(Some(1.1805916207174113e+21), Some("example.com"), Some("/a b"), Some(-62198755200001.0), "-SP", Some("Medium"), None), Ok("a=b; Max-Age=1.1805916207174113e+21; Domain=example.com; Path=/a b; Expires=Thu, 31 Dec -0002 23:59:59 GMT; Secure; Partitioned; Priority=Medium")),
        ("!#$%&'*+-.^_`|~09AZaz", "\u{0}", o(Some(1.5), Some("localhost"), Some("/a>b"), None, "-SP", None, Some(True)), Ok("!#$%&'*+-.^_`|~09AZaz=%00; Max-Age=1; Domain=localhost; Path=/a>b; Secure; Partitioned; SameSite=Strict")),
        ("sid", "a\\b", o(Some(-1.5), Some(".example.com"), Some("/"), Some(8640000000000000.0), "---", Some("low"), Some(Str("Strict"))), Ok("sid=a%5Cb; Max-Age=-2; Domain=.example.com; Path=/; Expires=Sat, 13 Sep 275760 00:00:00 GMT; Priority=Low; SameSite=Strict")),
        ("connect.sid", "a\\b", o(Some(1.5), None, Some("/a=b"), None, "-SP", Some("Medium"), None), Ok("connect.sid=a%5Cb; Max-Age=1; Path=/a=b; Secure; Partitioned; Priority=Medium")),
        ("connect.sid", "s:abc.def", o(Some(123456789012345680000.0), None, Some("/"), Some(0.0), "-S-", Some("high"), Some(Str("lax"))), Ok("connect.sid=s%3Aabc.def; Max-Age=123456789012345680000; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Secure; Priority=High; SameSite=Lax")),
        ("connect.sid", "b c", o(Some(1e+300), Some("localhost"), Some("/~!@#$%^&*()_+{}|:\"?"), Some(1700000000000.0), "-S-", Some("LOW"), None), Ok("connect.sid=b%20c; Max-Age=1e+300; Domain=localhost; Path=/~!@#$%^&*()_+{}|:\"?; Expires=Tue, 14 Nov 2023 22:13:20 GMT; Secure; Priority=Low")),
        ("connect.sid", "a;b", o(Some(9007199254740992.0), Some("1.2.3.4"), Some("/a>b"), Some(8640000000000000.0), "-S-", None, Some(True)), Ok("connect.sid=a%3Bb; Max-Age=9007199254740992; Domain=1.2.3.4; Path=/a>b; Expires=Sat, 13 Sep 275760 00:00:00 GMT; Secure; SameSite=Strict")),
        ("a", "a;b", o(Some(-0.0), Some("a"), None, Some(-62198755200001.0), "H--", None, Some(Str("Strict"))), Ok("a=a%3Bb; Max-Age=0; Domain=a; Expires=Thu, 31 Dec -0002 23:59:59 GMT; HttpOnly; SameSite=Strict")),
        ("a", "b c", o(Some(1e-300), None, Some("/~!@#$%^&*()_+{}|:\"?"), Some(8640000000000000.0), "HSP", None, Some(True)), Ok("a=b%20c; Max-Age=0; Path=/~!@#$%^&*()_+{}|:\"?; Expires=Sat, 13 Sep 275760 00:00:00 GMT; HttpOnly; Secure; Partitioned; SameSite=Strict")),
        ("a", "a;b", o(None, Some("1.2.3.4"), Some("/a b"), Some(8640000000000000.0), "-S-", None, Some(Str("lax"))), Ok("a=a%3Bb; Domain=1.2.3.4; Path=/a b; Expires=Sat, 13 Sep 275760 00:00:00 GMT; Secure; SameSite=Lax")),
        ("connect.sid", "é😀", o(None, Some("a-b.com"), None, Some(1735689599999.0), "HS-", Some("LOW"), Some(Str("lax"))), Ok("connect.sid=%C3%A9%F0%9F%98%80; Domain=a-b.com; Expires=Tue, 31 Dec 2024 23:59:59 GMT; HttpOnly; Secure; Priority=Low; SameSite=Lax")),
        ("connect.sid", "a\\b", o(None, Some("example.com"), Some("/"), Some(-8640000000000000.0), "---", Some("LOW"), Some(Str("lax"))), Ok("connect.sid=a%5Cb; Domain=example.com; Path=/; Expires=Tue, 20 Apr -271821 00:00:00 GMT; Priority=Low; SameSite=Lax")),
        ("connect.sid", "", o(Some(0.0), None, None, Some(1700000000000.0), "HS-", Some("Medium"), None), Ok("connect.sid=; Max-Age=0; Expires=Tue, 14 Nov 2023 22:13:20 GMT; HttpOnly; Secure; Priority=Medium")),
        ("a", "b c", o(Some(0.0), Some("a-b.com"), Some("/"), None, "H-P", None, None), Ok("a=b%20c; Max-Age=0; Domain=a-b.com; Path=/; HttpOnly; Partitioned")),
        ]
    }

    fn check(name: &str, value: &str, opts: &CookieOptions, expected: Result<&str, &str>) {
        let got = serialize(name, value, opts);
        let got = got.as_deref().map_err(super::SerializeError::message);
        assert_eq!(got, expected, "name {name:?} value {value:?} {opts:?}");
    }

    #[test]
    fn matches_node_vectors() {
        let cases = node_vectors();
        assert!(cases.len() >= 300);
        for (name, value, opts, expected) in &cases {
            check(name, value, opts, *expected);
        }
    }

    #[test]
    fn plain() {
        let none = CookieOptions::default();
        check("a", "b", &none, Ok("a=b"));
        check("a", "", &none, Ok("a="));
        check("a", "b c", &none, Ok("a=b%20c"));
        check(
            "connect.sid",
            "s:id.sig+/=",
            &none,
            Ok("connect.sid=s%3Aid.sig%2B%2F%3D"),
        );
    }

    #[test]
    fn every_attribute_in_order() {
        let opts = CookieOptions {
            max_age: Some(3600.9),
            domain: Some(".Example.com"),
            path: Some("/app"),
            expires: Some(1_700_000_000_000.0),
            http_only: true,
            secure: true,
            partitioned: true,
            priority: Some("HIGH"),
            same_site: Some(SameSiteOption::Str("None")),
        };
        check(
            "sid",
            "v",
            &opts,
            Ok("sid=v; Max-Age=3600; Domain=.Example.com; Path=/app; \
                Expires=Tue, 14 Nov 2023 22:13:20 GMT; HttpOnly; Secure; Partitioned; \
                Priority=High; SameSite=None"),
        );
    }

    #[test]
    fn attribute_spellings() {
        let with = |priority, same_site| CookieOptions {
            priority,
            same_site,
            ..CookieOptions::default()
        };
        check("a", "b", &with(Some("low"), None), Ok("a=b; Priority=Low"));
        check(
            "a",
            "b",
            &with(Some("mEdIuM"), None),
            Ok("a=b; Priority=Medium"),
        );
        check(
            "a",
            "b",
            &with(Some("High"), None),
            Ok("a=b; Priority=High"),
        );
        let ss = |s| with(None, Some(s));
        check(
            "a",
            "b",
            &ss(SameSiteOption::True),
            Ok("a=b; SameSite=Strict"),
        );
        check(
            "a",
            "b",
            &ss(SameSiteOption::Str("strict")),
            Ok("a=b; SameSite=Strict"),
        );
        check(
            "a",
            "b",
            &ss(SameSiteOption::Str("LAX")),
            Ok("a=b; SameSite=Lax"),
        );
        check(
            "a",
            "b",
            &ss(SameSiteOption::Str("none")),
            Ok("a=b; SameSite=None"),
        );
    }

    /// Cases where the binding coerces a non-string JS value (see the module doc).
    #[test]
    fn coerced_js_values() {
        let o = CookieOptions::default;
        // path: [] → String([]) === "" → "a=b; Path="
        check(
            "a",
            "b",
            &CookieOptions {
                path: Some(""),
                ..o()
            },
            Ok("a=b; Path="),
        );
        // domain: [] → "" fails the regex
        check(
            "a",
            "b",
            &CookieOptions {
                domain: Some(""),
                ..o()
            },
            Err("option domain is invalid"),
        );
        // domain: 123
        check(
            "a",
            "b",
            &CookieOptions {
                domain: Some("123"),
                ..o()
            },
            Ok("a=b; Domain=123"),
        );
        // expires: 123 (not a Date) → NaN
        check(
            "a",
            "b",
            &CookieOptions {
                expires: Some(f64::NAN),
                ..o()
            },
            Err("option expires is invalid"),
        );
        // priority: 1 or { toString() { return "low" } } → ""
        check(
            "a",
            "b",
            &CookieOptions {
                priority: Some(""),
                ..o()
            },
            Err("option priority is invalid"),
        );
        // sameSite: 1
        let invalid = Some(SameSiteOption::Invalid);
        check(
            "a",
            "b",
            &CookieOptions {
                same_site: invalid,
                ..o()
            },
            Err("option sameSite is invalid"),
        );
        check(
            "a",
            "b",
            &CookieOptions {
                same_site: Some(SameSiteOption::Str("")),
                ..o()
            },
            Err("option sameSite is invalid"),
        );
        // maxAge: "12" → 12, maxAge: "x" → NaN
        check(
            "a",
            "b",
            &CookieOptions {
                max_age: Some(12.0),
                ..o()
            },
            Ok("a=b; Max-Age=12"),
        );
        check(
            "a",
            "b",
            &CookieOptions {
                max_age: Some(f64::NAN),
                ..o()
            },
            Err("option maxAge is invalid"),
        );
    }

    #[test]
    fn first_failing_check_wins() {
        let bad = CookieOptions {
            max_age: Some(f64::NAN),
            domain: Some("a b"),
            path: Some(";"),
            expires: Some(f64::NAN),
            priority: Some("x"),
            same_site: Some(SameSiteOption::Invalid),
            ..CookieOptions::default()
        };
        check("a b", "v", &bad, Err("argument name is invalid"));
        check("a", "v", &bad, Err("option maxAge is invalid"));
        let bad = CookieOptions {
            max_age: None,
            ..bad
        };
        check("a", "v", &bad, Err("option domain is invalid"));
        let bad = CookieOptions {
            domain: None,
            ..bad
        };
        check("a", "v", &bad, Err("option path is invalid"));
        let bad = CookieOptions { path: None, ..bad };
        check("a", "v", &bad, Err("option expires is invalid"));
        let bad = CookieOptions {
            expires: None,
            ..bad
        };
        check("a", "v", &bad, Err("option priority is invalid"));
        let bad = CookieOptions {
            priority: None,
            ..bad
        };
        check("a", "v", &bad, Err("option sameSite is invalid"));
    }

    #[test]
    fn invalid_names() {
        let none = CookieOptions::default();
        for name in [
            "", "a b", "a;b", "a=b", "a,b", "a\"", "a\\b", "a/b", "a(b", "a:b", "a\t", "a\u{7f}",
            "ä", "a@b", "[a]", "{a}",
        ] {
            check(name, "b", &none, Err("argument name is invalid"));
        }
        for name in ["!#$%&'*+-.^_`|~", "AZaz09", "__Host-sid"] {
            assert!(serialize(name, "b", &none).is_ok(), "{name:?}");
        }
    }

    #[test]
    fn max_age_numbers_print_like_js() {
        for (max_age, expected) in [
            (0.0, "0"),
            (-0.0, "0"),
            (-0.5, "-1"),
            (0.999, "0"),
            (1e-300, "0"),
            (86_400.5, "86400"),
            (9_007_199_254_740_993.0, "9007199254740992"),
            (1e20, "100000000000000000000"),
            (123_456_789_012_345_678_901.0, "123456789012345680000"),
            (1e21, "1e+21"),
            (-1e21, "-1e+21"),
            (1.5e21, "1.5e+21"),
            (1e300, "1e+300"),
            (f64::MAX, "1.7976931348623157e+308"),
        ] {
            let opts = CookieOptions {
                max_age: Some(max_age),
                ..CookieOptions::default()
            };
            check("a", "b", &opts, Ok(&format!("a=b; Max-Age={expected}")));
        }
        for max_age in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let opts = CookieOptions {
                max_age: Some(max_age),
                ..CookieOptions::default()
            };
            check("a", "b", &opts, Err("option maxAge is invalid"));
        }
    }

    #[test]
    fn domains() {
        let long = "a".repeat(63);
        let too_long = "a".repeat(64);
        let valid = [
            "a",
            "A",
            "0",
            ".a",
            "a.b",
            "a-b",
            "a--b.c",
            "EXAMPLE.com",
            ".x.y.z",
            "1.2.3.4",
            long.as_str(),
        ];
        let invalid = [
            "",
            ".",
            "..a",
            "a.",
            "a..b",
            "-a",
            "a-",
            "a.-b",
            "a_b",
            "a b",
            "é",
            "\u{212a}",
            "\u{17f}",
            "a\n",
            too_long.as_str(),
        ];
        for d in valid {
            assert!(is_domain(d), "{d:?}");
        }
        for d in invalid {
            assert!(!is_domain(d), "{d:?}");
        }
    }

    #[test]
    fn paths() {
        let o = |p| CookieOptions {
            path: Some(p),
            ..CookieOptions::default()
        };
        let printable: String = (0x20u8..=0x7e)
            .map(char::from)
            .filter(|c| !matches!(c, ';' | '<'))
            .collect();
        check(
            "a",
            "b",
            &o(&printable),
            Ok(&format!("a=b; Path={printable}")),
        );
        for p in ["/;", "/<", "/\t", "/\u{7f}", "/\u{1f}", "/é", "/\u{0}"] {
            check("a", "b", &o(p), Err("option path is invalid"));
        }
    }

    #[test]
    fn expires_range() {
        let o = |ms| CookieOptions {
            expires: Some(ms),
            ..CookieOptions::default()
        };
        check(
            "a",
            "b",
            &o(8.64e15),
            Ok("a=b; Expires=Sat, 13 Sep 275760 00:00:00 GMT"),
        );
        check(
            "a",
            "b",
            &o(-8.64e15),
            Ok("a=b; Expires=Tue, 20 Apr -271821 00:00:00 GMT"),
        );
        check(
            "a",
            "b",
            &o(8.64e15 + 1.0),
            Err("option expires is invalid"),
        );
        check(
            "a",
            "b",
            &o(f64::INFINITY),
            Err("option expires is invalid"),
        );
    }

    #[test]
    fn error_display() {
        let err = serialize("", "", &CookieOptions::default()).unwrap_err();
        assert_eq!(err.to_string(), "argument name is invalid");
        assert_eq!(err.message(), "argument name is invalid");
    }

    /// `(s, encodeURIComponent(s))` printed by Node 20.
    #[rustfmt::skip]
    const ENCODE_VECTORS: &[(&str, &str)] = &[
        ("", ""),
        ("abc", "abc"),
        ("a b", "a%20b"),
        ("-_.!~*'()", "-_.!~*'()"),
        ("AZaz09", "AZaz09"),
        ("%", "%25"),
        (";", "%3B"),
        (",", "%2C"),
        ("/", "%2F"),
        ("?", "%3F"),
        (":", "%3A"),
        ("@", "%40"),
        ("&", "%26"),
        ("=", "%3D"),
        ("+", "%2B"),
        ("$", "%24"),
        ("#", "%23"),
        ("\"", "%22"),
        ("\\", "%5C"),
        ("\u{0}", "%00"),
        ("\u{7f}", "%7F"),
        ("", "%C2%80"),
        ("é", "%C3%A9"),
        ("€", "%E2%82%AC"),
        ("😀", "%F0%9F%98%80"),
        ("�", "%EF%BF%BD"),
        ("￿", "%EF%BF%BF"),
        ("􏿿", "%F4%8F%BF%BF"),
        ("s:abc.def+/=", "s%3Aabc.def%2B%2F%3D"),
        ("\u{0}\u{1}\u{2}\u{3}\u{4}\u{5}\u{6}\u{7}\u{8}\t\u{a}\u{b}\u{c}\u{d}\u{e}\u{f}\u{10}\u{11}\u{12}\u{13}\u{14}\u{15}\u{16}\u{17}\u{18}\u{19}\u{1a}\u{1b}\u{1c}\u{1d}\u{1e}\u{1f} !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\u{7f}", "%00%01%02%03%04%05%06%07%08%09%0A%0B%0C%0D%0E%0F%10%11%12%13%14%15%16%17%18%19%1A%1B%1C%1D%1E%1F%20!%22%23%24%25%26'()*%2B%2C-.%2F0123456789%3A%3B%3C%3D%3E%3F%40ABCDEFGHIJKLMNOPQRSTUVWXYZ%5B%5C%5D%5E_%60abcdefghijklmnopqrstuvwxyz%7B%7C%7D~%7F"),
        ("ÿ€)\"", "%C3%BF%E2%82%AC)%22"),
        ("+ÿ", "%2B%C3%BF"),
        ("ÿ(+*\u{1}", "%C3%BF(%2B*%01"),
        ("a", "a"),
        ("\"é €'ÿ;", "%22%C3%A9%20%E2%82%AC'%C3%BF%3B"),
        (";", "%3B"),
        ("ÿ\\", "%C3%BF%5C"),
        ("%/\u{1}0\u{1}~ÿÿ*", "%25%2F%010%01~%C3%BF%C3%BF*"),
        ("0a*)~\u{1}a", "0a*)~%01a"),
        ("'", "'"),
        ("~+", "~%2B"),
        ("\"0\\+** 0*", "%220%5C%2B**%200*"),
        ("é\\€+é0 ÿ", "%C3%A9%5C%E2%82%AC%2B%C3%A90%20%C3%BF"),
        ("%%\\)(", "%25%25%5C)("),
        ("'é%'€)'", "'%C3%A9%25'%E2%82%AC)'"),
        ("a Z\\", "a%20Z%5C"),
        ("aa \"0ÿ", "aa%20%220%C3%BF"),
        ("a€/€ ", "a%E2%82%AC%2F%E2%82%AC%20"),
        ("\"%😀\"", "%22%25%F0%9F%98%80%22"),
        ("€ÿ)a~/*(", "%E2%82%AC%C3%BF)a~%2F*("),
        ("é\u{1}€%%'", "%C3%A9%01%E2%82%AC%25%25'"),
        ("😀", "%F0%9F%98%80"),
        ("\"", "%22"),
        (";\"\u{1}é~", "%3B%22%01%C3%A9~"),
        ("Z 'Zé😀\u{1}", "Z%20'Z%C3%A9%F0%9F%98%80%01"),
        ("€€ \u{1}😀 é \"", "%E2%82%AC%E2%82%AC%20%01%F0%9F%98%80%20%C3%A9%20%22"),
        ("", ""),
        ("0 ", "0%20"),
        ("ÿ", "%C3%BF"),
        (" a%%", "%20a%25%25"),
        ("ÿ\u{1}('(😀é", "%C3%BF%01('(%F0%9F%98%80%C3%A9"),
        (")ÿ\\", ")%C3%BF%5C"),
        ("", ""),
        ("+ 😀😀😀", "%2B%20%F0%9F%98%80%F0%9F%98%80%F0%9F%98%80"),
        ("\"'", "%22'"),
        ("€*", "%E2%82%AC*"),
        ("ÿ*\\Z\\;\"\\", "%C3%BF*%5CZ%5C%3B%22%5C"),
        ("ÿ\"é% ", "%C3%BF%22%C3%A9%25%20"),
        ("😀😀%€", "%F0%9F%98%80%F0%9F%98%80%25%E2%82%AC"),
        ("~)\\ÿ€😀)*", "~)%5C%C3%BF%E2%82%AC%F0%9F%98%80)*"),
        ("", ""),
        ("a", "a"),
        ("", ""),
        ("€€/\"%😀é", "%E2%82%AC%E2%82%AC%2F%22%25%F0%9F%98%80%C3%A9"),
        ("+0*;*€Z %", "%2B0*%3B*%E2%82%ACZ%20%25"),
        ("+(😀~a", "%2B(%F0%9F%98%80~a"),
        ("0", "0"),
        ("*%%;0~\u{1}", "*%25%25%3B0~%01"),
        ("%* \"\"/'\\\"", "%25*%20%22%22%2F'%5C%22"),
        ("", ""),
        (";😀\u{1}(\\0%", "%3B%F0%9F%98%80%01(%5C0%25"),
        ("a;~ \"ÿ", "a%3B~%20%22%C3%BF"),
        ("~;+", "~%3B%2B"),
        ("\u{1} /+ZZ+", "%01%20%2F%2BZZ%2B"),
        (";~'", "%3B~'"),
        (" ~ÿ😀)(aZ\\", "%20~%C3%BF%F0%9F%98%80)(aZ%5C"),
        (" (€+", "%20(%E2%82%AC%2B"),
        ("", ""),
        (" ~a~%'😀", "%20~a~%25'%F0%9F%98%80"),
        ("'++", "'%2B%2B"),
    ];

    #[test]
    fn encode_matches_node() {
        for &(s, expected) in ENCODE_VECTORS {
            assert_eq!(encode_uri_component(s), expected, "{s:?}");
        }
    }

    #[test]
    fn encode_borrows_when_nothing_to_encode() {
        assert!(matches!(encode_uri_component(""), Cow::Borrowed("")));
        assert!(matches!(
            encode_uri_component("abc-_.!~*'()"),
            Cow::Borrowed(_)
        ));
        assert!(matches!(encode_uri_component("a b"), Cow::Owned(_)));
    }

    #[test]
    fn encode_every_byte_class() {
        for c in (0u32..0x80).filter_map(char::from_u32) {
            let s = c.to_string();
            let expected = if c.is_ascii_alphanumeric() || "-_.!~*'()".contains(c) {
                s.clone()
            } else {
                format!("%{:02X}", c as u32)
            };
            assert_eq!(encode_uri_component(&s), expected);
        }
        assert_eq!(encode_uri_component("\u{10ffff}"), "%F4%8F%BF%BF");
    }
}
