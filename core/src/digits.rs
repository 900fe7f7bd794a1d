//! Decimal digits without formatting machinery: the one digit writer behind dates and
//! serial numbers.

/// The digits of `u64::MAX`.
const MAX_DIGITS: usize = 20;

/// Fills `out` with the last `out.len()` decimal digits of `n`, zero-padded.
pub fn put_digits(out: &mut [u8], mut n: u64) {
    for byte in out.iter_mut().rev() {
        *byte = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

/// Appends `n` in decimal, zero-padded to at least `width` (at most 20) digits.
pub fn push_padded(out: &mut String, n: u64, width: usize) {
    debug_assert!(width <= MAX_DIGITS, "no caller pads beyond a u64's digits");
    let count = n.checked_ilog10().map_or(1, |log| log as usize + 1);
    let len = count.max(width).min(MAX_DIGITS);
    let mut digits = [b'0'; MAX_DIGITS];
    let start = MAX_DIGITS - len;
    if let Some(tail) = digits.get_mut(start..) {
        put_digits(tail, n);
    }
    out.extend(digits.iter().skip(start).map(|&digit| char::from(digit)));
}

/// Appends `n` in decimal.
pub fn push_decimal(out: &mut String, n: u64) {
    push_padded(out, n, 1);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_match_display() {
        for n in [0u64, 7, 9, 10, 99, 100, 12345, 10u64.pow(19), u64::MAX] {
            let mut out = String::from("x");
            push_decimal(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
    }

    #[test]
    fn padding_is_a_minimum_width() {
        let padded = |n, width| {
            let mut out = String::new();
            push_padded(&mut out, n, width);
            out
        };
        assert_eq!(padded(0, 4), "0000");
        assert_eq!(padded(7, 2), "07");
        assert_eq!(padded(59, 2), "59");
        assert_eq!(padded(275_760, 4), "275760");
        assert_eq!(padded(u64::MAX, 4), u64::MAX.to_string());
    }

    #[test]
    fn fixed_fields_keep_the_last_digits() {
        let mut field = [0u8; 3];
        put_digits(&mut field, 7);
        assert_eq!(&field, b"007");
        put_digits(&mut field, 12_345);
        assert_eq!(&field, b"345");
    }
}
