//! `set_cookie::serialize` with arbitrary names, values and options.
//!
//! Properties: no panic; a result is printable ASCII only (so never CR, LF or NUL: no header
//! splitting), starts with `name=`, carries the value percent-encoded so that reading the
//! result back as a `Cookie` header gives the value again, and has each flag attribute iff
//! the flag is set; with no options the result is `Ok` iff the name is a non-empty token.
#![no_main]

use arbitrary::Arbitrary;
use express_session_core::cookie_header;
use express_session_core::http_date::imf_fixdate;
use express_session_core::set_cookie::{
    encode_uri_component, serialize, CookieOptions, SameSiteOption,
};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum SameSite<'a> {
    True,
    Str(&'a str),
    Invalid,
}

#[derive(Arbitrary, Debug)]
struct Input<'a> {
    name: &'a str,
    value: &'a str,
    max_age: Option<f64>,
    domain: Option<&'a str>,
    path: Option<&'a str>,
    expires: Option<f64>,
    http_only: bool,
    secure: bool,
    partitioned: bool,
    priority: Option<&'a str>,
    same_site: Option<SameSite<'a>>,
}

fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

fuzz_target!(|input: Input| {
    let opts = CookieOptions {
        max_age: input.max_age,
        domain: input.domain,
        path: input.path,
        expires: input.expires,
        http_only: input.http_only,
        secure: input.secure,
        partitioned: input.partitioned,
        priority: input.priority,
        same_site: input.same_site.as_ref().map(|s| match *s {
            SameSite::True => SameSiteOption::True,
            SameSite::Str(s) => SameSiteOption::Str(s),
            SameSite::Invalid => SameSiteOption::Invalid,
        }),
    };
    let name = input.name;
    let value = input.value;

    let plain = serialize(name, value, &CookieOptions::default());
    assert_eq!(plain.is_ok(), is_token(name), "{name:?}");
    if let Ok(plain) = &plain {
        assert_eq!(*plain, format!("{name}={}", encode_uri_component(value)));
    }

    let result = serialize(name, value, &opts);
    if !is_token(name) {
        assert_eq!(
            result.as_ref().err().map(|e| e.message()),
            Some("argument name is invalid")
        );
    }
    let Ok(out) = result else { return };

    assert!(
        out.bytes().all(|b| (0x20..=0x7e).contains(&b)),
        "non-printable byte in {out:?}"
    );
    assert!(!out.contains(['\r', '\n', '\0']));
    let prefix = format!("{name}=");
    assert!(out.starts_with(&prefix), "{out:?}");
    let encoded = encode_uri_component(value);
    assert!(out[prefix.len()..].starts_with(encoded.as_ref()));
    // The encoded value ends at the first `;` (nothing in it is `;`, space or a quote).
    assert!(!encoded.contains([';', ' ', '"', ',', '\\']));
    if name != "__proto__" {
        assert_eq!(
            cookie_header::get(&out, name).as_deref(),
            Some(value),
            "{out:?} does not read back"
        );
    }
    assert_eq!(out.contains("; HttpOnly"), opts.http_only);
    assert_eq!(out.contains("; Secure"), opts.secure);
    assert_eq!(out.contains("; Partitioned"), opts.partitioned);
    assert_eq!(out.contains("; SameSite="), opts.same_site.is_some());
    assert_eq!(out.contains("; Priority="), opts.priority.is_some());
    assert_eq!(out.contains("; Max-Age="), opts.max_age.is_some());
    assert_eq!(out.contains("; Domain="), opts.domain.is_some());
    assert_eq!(out.contains("; Path="), opts.path.is_some());
    if let Some(expires) = opts.expires {
        let date = imf_fixdate(expires).expect("serialize accepted an invalid date");
        assert!(out.contains(&format!("; Expires={date}")), "{out:?}");
    }
    if let Some(max_age) = opts.max_age {
        assert!(max_age.is_finite());
    }
});
