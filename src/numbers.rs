//! JavaScript numbers to and from the core's integers, in one place.

/// A whole number from JavaScript as a `u64`: `as` from a float saturates at the bounds
/// and maps NaN to 0, which is the clamp wanted for counts and budgets.
#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "a float-to-integer `as` saturates; that clamp is the point"
)]
pub fn saturating_u64(value: f64) -> u64 {
    value as u64
}

/// As `saturating_u64`, for a `usize`.
#[expect(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "a float-to-integer `as` saturates; that clamp is the point"
)]
pub fn saturating_usize(value: f64) -> usize {
    value as usize
}

/// A count as a JavaScript number.
#[expect(
    clippy::cast_precision_loss,
    reason = "JavaScript numbers are f64; no count a store reaches is near 2^53"
)]
pub fn js_number(count: u64) -> f64 {
    count as f64
}

/// As `js_number`, for a `usize`.
pub fn js_count(count: usize) -> f64 {
    js_number(u64::try_from(count).unwrap_or(u64::MAX))
}
