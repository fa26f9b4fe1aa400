//! Hijri ↔ Gregorian conversion with the Umm al-Qura calendar of `icu_calendar` (KACST tables, 1300–1600 AH).

use icu_calendar::cal::Hijri;
use icu_calendar::{Date, Iso};
use rasd_core::Ymd;

/// Gregorian date of Hijri `year/month/day` (Umm al-Qura); `None` for an impossible Hijri date
/// (e.g. day 30 of a 29-day month).
pub(crate) fn to_gregorian(year: i32, month: u8, day: u8) -> Option<Ymd> {
    if !(1..=12).contains(&month) || !(1..=30).contains(&day) {
        return None;
    }
    let h = Date::try_new_hijri_with_calendar(year, month, day, Hijri::new_umm_al_qura()).ok()?;
    // The builder clamps nothing, but check the round trip so a 30th of a 29-day month is refused.
    if h.day_of_month().0 != day || h.month().ordinal != month {
        return None;
    }
    let g = h.to_calendar(Iso);
    Ymd::new(
        g.year().extended_year(),
        g.month().ordinal,
        g.day_of_month().0,
    )
}

/// Hijri (year, month, day) of a Gregorian date (Umm al-Qura).
pub fn from_gregorian(d: Ymd) -> Option<(i32, u8, u8)> {
    let g = Date::try_new_iso(d.year, d.month, d.day).ok()?;
    let h = g.to_calendar(Hijri::new_umm_al_qura());
    Some((
        h.year().extended_year(),
        h.month().ordinal,
        h.day_of_month().0,
    ))
}

/// First and last Gregorian day of Hijri month `year/month`.
pub(crate) fn month_range(year: i32, month: u8) -> Option<(Ymd, Ymd)> {
    let first = to_gregorian(year, month, 1)?;
    let last = to_gregorian(year, month, 30).or_else(|| to_gregorian(year, month, 29))?;
    Some((first, last))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u8, d: u8) -> Ymd {
        Ymd::new(y, m, d).expect("valid test date")
    }

    #[test]
    fn umm_al_qura_known_dates() {
        // 1 Ramadan 1446 = 1 March 2025; 1 Muharram 1447 = 26 June 2025 (Umm al-Qura).
        assert_eq!(to_gregorian(1446, 9, 1), Some(ymd(2025, 3, 1)));
        assert_eq!(to_gregorian(1447, 1, 1), Some(ymd(2025, 6, 26)));
        // 12 Rabi al-Awwal 1446 = 15 September 2024.
        assert_eq!(to_gregorian(1446, 3, 12), Some(ymd(2024, 9, 15)));
    }

    #[test]
    fn round_trip_and_impossible_days() {
        assert_eq!(from_gregorian(ymd(2025, 3, 1)), Some((1446, 9, 1)));
        // Ramadan 1446 had 29 days in Umm al-Qura.
        assert_eq!(to_gregorian(1446, 9, 30), None);
        assert_eq!(to_gregorian(1446, 13, 1), None);
    }
}
