//! Gregorian day arithmetic (day numbers, weekdays, month steps) on `rasd_core::Ymd`.

use rasd_core::{days_in_month, Ymd};

/// Days since 1970-01-01 (proleptic Gregorian), after H. Hinnant's `days_from_civil`.
pub(crate) fn day_number(d: Ymd) -> i64 {
    let y = i64::from(d.year) - i64::from(d.month <= 2);
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(d.month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d.day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number (inverse of [`day_number`]); `None` outside the `i32` year range.
pub(crate) fn from_day_number(z: i64) -> Option<Ymd> {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    Ymd::new(
        i32::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(d).ok()?,
    )
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
