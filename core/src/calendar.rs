//! The proleptic Gregorian calendar of ECMAScript dates.

pub const MS_PER_DAY: i64 = 86_400_000;

/// The whole milliseconds of a date within ±8.64e15 ms.
#[expect(
    clippy::cast_possible_truncation,
    reason = "callers check the range: |ms| <= 8.64e15 < 2^53 converts exactly"
)]
pub fn whole_ms(ms: f64) -> i64 {
    debug_assert!(ms.abs() <= 8.64e15, "a date out of ECMAScript's range");
    ms.trunc() as i64
}

/// (year, month 1..=12, day 1..=31) of a day count since 1970-01-01, after Howard Hinnant's
/// `civil_from_days`: shift to eras of 400 years that start on March 1st, so the leap day
/// falls at the end of each year.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468; // days from 0000-03-01
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11], March = 0
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Walks day by day from far before to far after the epoch and checks that
    /// the calendar advances like a calendar does.
    #[test]
    fn civil_from_days_is_a_calendar() {
        fn leap(y: i64) -> bool {
            y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        }
        fn month_len(y: i64, m: i64) -> i64 {
            match m {
                2 if leap(y) => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            }
        }
        for start in [-100_000_001_i64, -800_000, 2_930_000, 99_999_000] {
            let mut prev = civil_from_days(start);
            for days in start + 1..start + 1_000_000 {
                let (y, m, d) = prev;
                let expected = if d < month_len(y, m) {
                    (y, m, d + 1)
                } else if m < 12 {
                    (y, m + 1, 1)
                } else {
                    (y + 1, 1, 1)
                };
                let got = civil_from_days(days);
                assert_eq!(got, expected, "days = {days}");
                prev = got;
            }
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-719_528), (0, 1, 1));
    }

    #[test]
    fn known_days() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(-719_528), (0, 1, 1));
        assert_eq!(civil_from_days(2_932_896), (9999, 12, 31));
    }
}
