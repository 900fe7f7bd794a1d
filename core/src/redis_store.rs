//! What RedisStore decides without a connection.
//!
//! Key names, expiry, scan patterns, how a write is guarded, and its options. The data format is connect-redis 9's (and 10's), so
//! a deployment can switch between the two with live sessions: key `prefix + id`, value the
//! session's JSON, expiry in whole seconds from `cookie.expires` (rounded up) or else `ttl`.

/// connect-redis's default key prefix.
pub const DEFAULT_PREFIX: &str = "sess:";
/// connect-redis's default TTL in seconds (one day), used when a session has no `expires`.
pub const DEFAULT_TTL_SECONDS: f64 = 86_400.0;
/// connect-redis's default SCAN COUNT.
pub const DEFAULT_SCAN_COUNT: u32 = 100;
/// Redis refuses `EX` values whose milliseconds overflow an i64.
const MAX_EX_SECONDS: f64 = 9_223_372_036_854_775.0;

/// What a write does to a session's key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expiry {
    /// `SET … EX seconds` / `EXPIRE key seconds`.
    Seconds(u64),
    /// No expiry (`disableTTL`): `SET` without `EX`.
    Never,
    /// A non-positive (or NaN) TTL: the session is deleted, as connect-redis deletes it.
    Delete,
    /// A TTL Redis cannot take (fractional, infinite, too large).
    Invalid,
}

/// How a write of a whole session is guarded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteMode {
    /// The public `set`: a plain `SET`, connect-redis's meaning.
    Plain,
    /// A session the request loaded: `SET … XX`, so a session destroyed meanwhile stays
    /// destroyed.
    Existing,
    /// A session the request created: `SET … NX`, so it never overwrites another's ID.
    New,
}

impl WriteMode {
    /// The mode's number across the boundary.
    #[must_use]
    pub const fn code(self) -> u32 {
        match self {
            Self::Plain => 0,
            Self::Existing => 1,
            Self::New => 2,
        }
    }

    /// The mode a number across the boundary stands for.
    #[must_use]
    pub fn from_code(code: u32) -> Option<Self> {
        [Self::Plain, Self::Existing, Self::New]
            .into_iter()
            .find(|mode| mode.code() == code)
    }

    /// The `SET` condition argument, if any.
    #[must_use]
    pub fn condition(self) -> Option<&'static str> {
        match self {
            Self::Plain => None,
            Self::Existing => Some("XX"),
            Self::New => Some("NX"),
        }
    }
}

/// The TTL in seconds connect-redis computes.
///
/// `explicit` (a `ttl` function's result) when it is not NaN, else from `cookie.expires` (ms since epoch, NaN when absent) against
/// `now_ms` (JavaScript's `Date.now()`), rounded up, else `default_ttl`.
#[must_use]
pub fn ttl_seconds(explicit: f64, expires_ms: f64, now_ms: f64, default_ttl: f64) -> f64 {
    if !explicit.is_nan() {
        return explicit;
    }
    if expires_ms.is_nan() {
        return default_ttl;
    }
    ((expires_ms - now_ms) / 1000.0).ceil()
}

/// What a TTL means for the key; `disable_ttl` writes without expiry (connect-redis's
/// `disableTTL`), but a non-positive TTL still deletes, as there.
#[must_use]
pub fn expiry(ttl: f64, disable_ttl: bool) -> Expiry {
    // `!(ttl > 0)` is connect-redis's test: NaN deletes too.
    if ttl.is_nan() || ttl <= 0.0 {
        return Expiry::Delete;
    }
    if disable_ttl {
        return Expiry::Never;
    }
    if ttl.fract() != 0.0 || ttl > MAX_EX_SECONDS {
        return Expiry::Invalid;
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a positive whole number below 2^63 / 1000, checked above"
    )]
    let seconds = ttl as u64;
    Expiry::Seconds(seconds)
}

/// A session's key.
#[must_use]
pub fn key(prefix: &str, id: &str) -> String {
    let mut key = String::with_capacity(prefix.len() + id.len());
    key.push_str(prefix);
    key.push_str(id);
    key
}

/// The SCAN `MATCH` pattern for every key under `prefix`, with the prefix's glob
/// characters escaped (connect-redis sends the prefix unescaped, so a prefix with `*` or
/// `?` there matches other keys too).
#[must_use]
pub fn scan_pattern(prefix: &str) -> String {
    let mut pattern = String::with_capacity(prefix.len() + 2);
    for ch in prefix.chars() {
        if matches!(ch, '*' | '?' | '[' | ']' | '\\') {
            pattern.push('\\');
        }
        pattern.push(ch);
    }
    pattern.push('*');
    pattern
}

/// The session ID of a key found under `prefix`, or None for a key that is not one.
#[must_use]
pub fn id_of<'k>(prefix: &str, key: &'k str) -> Option<&'k str> {
    key.strip_prefix(prefix)
}

/// SCAN's COUNT from the option (connect-redis: `scanCount || 100`).
#[must_use]
pub fn scan_count(option: f64) -> u32 {
    if option.is_nan() || option < 1.0 {
        return DEFAULT_SCAN_COUNT;
    }
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "clamped to u32's range first"
    )]
    let count = option.min(f64::from(u32::MAX)).floor() as u32;
    count
}

/// Whether `url` names a Redis server this store can connect to.
#[must_use]
pub fn is_supported_url(url: &str) -> bool {
    let lower = url.get(..9).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("redis://") || lower.starts_with("rediss://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[expect(clippy::float_cmp, reason = "whole numbers, exactly representable")]
    fn ttl_comes_from_expires_rounded_up() {
        assert_eq!(ttl_seconds(f64::NAN, 10_500.0, 10_000.0, 86_400.0), 1.0);
        assert_eq!(ttl_seconds(f64::NAN, 11_000.0, 10_000.0, 86_400.0), 1.0);
        assert_eq!(ttl_seconds(f64::NAN, 11_001.0, 10_000.0, 86_400.0), 2.0);
        assert_eq!(ttl_seconds(f64::NAN, 9_000.0, 10_000.0, 86_400.0), -1.0);
    }

    #[test]
    #[expect(clippy::float_cmp, reason = "whole numbers, exactly representable")]
    fn ttl_falls_back_to_the_default_and_an_explicit_value_wins() {
        assert_eq!(ttl_seconds(f64::NAN, f64::NAN, 10_000.0, 300.0), 300.0);
        assert_eq!(ttl_seconds(7.0, 99_000.0, 10_000.0, 300.0), 7.0);
    }

    #[test]
    fn non_positive_ttls_delete_and_odd_ones_are_invalid() {
        assert_eq!(expiry(0.0, false), Expiry::Delete);
        assert_eq!(expiry(-3.0, false), Expiry::Delete);
        assert_eq!(expiry(f64::NAN, false), Expiry::Delete);
        assert_eq!(expiry(-3.0, true), Expiry::Delete);
        assert_eq!(expiry(60.0, false), Expiry::Seconds(60));
        assert_eq!(expiry(60.0, true), Expiry::Never);
        assert_eq!(expiry(1.5, false), Expiry::Invalid);
        assert_eq!(expiry(f64::INFINITY, false), Expiry::Invalid);
    }

    #[test]
    fn keys_and_patterns() {
        assert_eq!(key(DEFAULT_PREFIX, "abc"), "sess:abc");
        assert_eq!(scan_pattern("sess:"), "sess:*");
        assert_eq!(scan_pattern("a*b?[c]\\"), "a\\*b\\?\\[c\\]\\\\*");
        assert_eq!(id_of("sess:", "sess:abc"), Some("abc"));
        assert_eq!(id_of("sess:", "other"), None);
    }

    #[test]
    fn scan_count_defaults_like_connect_redis() {
        assert_eq!(scan_count(0.0), 100);
        assert_eq!(scan_count(f64::NAN), 100);
        assert_eq!(scan_count(25.0), 25);
        assert_eq!(scan_count(1e20), u32::MAX);
    }

    #[test]
    fn write_modes() {
        assert_eq!(WriteMode::from_code(0), Some(WriteMode::Plain));
        assert_eq!(
            WriteMode::from_code(1).and_then(WriteMode::condition),
            Some("XX")
        );
        assert_eq!(
            WriteMode::from_code(2).and_then(WriteMode::condition),
            Some("NX")
        );
        assert_eq!(WriteMode::from_code(3), None);
    }

    #[test]
    fn urls() {
        assert!(is_supported_url("redis://127.0.0.1:6379"));
        assert!(is_supported_url("REDISS://user:pw@host"));
        assert!(!is_supported_url("http://host"));
        assert!(!is_supported_url(""));
    }
}
