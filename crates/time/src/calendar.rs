//! Gregorian day arithmetic (day numbers, weekdays, month steps) on `rasd_core::Ymd`.

use rasd_core::{days_in_month, Ymd};

/// Days since 1970-01-01 (proleptic Gregorian).
pub(crate) fn day_number(d: Ymd) -> i64 {
    d.day_number()
}

/// The date of a day number (inverse of [`day_number`]).
pub(crate) fn from_day_number(z: i64) -> Option<Ymd> {
    Ymd::from_day_number(z)
}

/// Weekday of `d`, 0 = Monday … 6 = Sunday (the CLDR/babel index used by the lexicon).
pub(crate) fn weekday(d: Ymd) -> u8 {
    // 1970-01-01 was a Thursday (index 3).
    ((day_number(d) + 3).rem_euclid(7)) as u8
}

/// `d` moved by `n` days.
pub(crate) fn add_days(d: Ymd, n: i64) -> Option<Ymd> {
    from_day_number(day_number(d) + n)
}

/// (year, month) moved by `n` months.
pub(crate) fn add_months(year: i32, month: u8, n: i32) -> (i32, u8) {
    let idx = year * 12 + i32::from(month) - 1 + n;
    (idx.div_euclid(12), (idx.rem_euclid(12) + 1) as u8)
}

/// The last day of a month as a date.
pub(crate) fn month_end(year: i32, month: u8) -> Option<Ymd> {
    Ymd::new(year, month, days_in_month(year, month))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u8, d: u8) -> Ymd {
        Ymd::new(y, m, d).expect("valid test date")
    }

    #[test]
    fn day_numbers_round_trip_and_know_the_epoch() {
        assert_eq!(day_number(ymd(1970, 1, 1)), 0);
        for z in [-800_000i64, -1, 0, 1, 19_000, 20_000, 60_000] {
            let d = from_day_number(z).expect("in range");
            assert_eq!(day_number(d), z);
        }
    }

    #[test]
    fn weekday_of_known_dates() {
        assert_eq!(weekday(ymd(2025, 12, 20)), 5); // Saturday
        assert_eq!(weekday(ymd(2026, 1, 12)), 0); // Monday
        assert_eq!(weekday(ymd(2017, 1, 18)), 2); // Wednesday
    }

    #[test]
    fn month_steps_cross_year_boundaries() {
        assert_eq!(add_months(2025, 1, -1), (2024, 12));
        assert_eq!(add_months(2025, 12, 1), (2026, 1));
        assert_eq!(add_months(2025, 3, -15), (2023, 12));
    }
}
