//! Dates for display: Gregorian in Arabic words, with the Hijri (Umm al-Qura) date on hover.

use rasd_core::Ymd;

use super::html::esc;

const GREGORIAN_MONTHS: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

const HIJRI_MONTHS: [&str; 12] = [
    "محرم",
    "صفر",
    "ربيع الأول",
    "ربيع الآخر",
    "جمادى الأولى",
    "جمادى الآخرة",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "ذو القعدة",
    "ذو الحجة",
];

/// Hijri (year, month, day) of a Gregorian date in the Umm al-Qura calendar.
pub fn hijri(d: Ymd) -> Option<(i32, u8, u8)> {
    rasd_time::hijri_of(d)
}

fn month_name(names: &[&'static str; 12], m: u8) -> &'static str {
    names
        .get(usize::from(m).wrapping_sub(1))
        .copied()
        .unwrap_or("")
}

/// "6 يونيو 2017".
pub fn gregorian_words(d: Ymd) -> String {
    format!(
        "{} {} {}",
        d.day,
        month_name(&GREGORIAN_MONTHS, d.month),
        d.year
    )
}

/// "11 رمضان 1438 هـ".
pub fn hijri_words(d: Ymd) -> Option<String> {
    let (y, m, day) = hijri(d)?;
    Some(format!("{day} {} {y} هـ", month_name(&HIJRI_MONTHS, m)))
}

/// A `<time>` element for a stored date (`YYYY-MM-DD…`, `YYYY-MM`, `YYYY` or anything else, shown as is):
/// Gregorian text, both calendars in the `title` tooltip.
pub fn date_html(raw: &str) -> String {
    let day = raw.get(..10).and_then(Ymd::parse_iso);
    if let Some(d) = day {
        let greg = gregorian_words(d);
        let title = match hijri_words(d) {
            Some(h) => format!("{greg} م — {h}"),
            None => format!("{greg} م"),
        };
        return format!(
            "<time datetime=\"{}\" title=\"{}\">{}</time>",
            esc(&d.iso()),
            esc(&title),
            esc(&greg)
        );
    }
    let month = raw.get(..7).and_then(|p| {
        let (y, m) = p.split_once('-')?;
        let y: i32 = y.parse().ok()?;
        let m: u8 = m.parse().ok()?;
        Ymd::new(y, m, 1)
    });
    if let (Some(d), 7) = (month, raw.len()) {
        let text = format!("{} {}", month_name(&GREGORIAN_MONTHS, d.month), d.year);
        return format!(
            "<time datetime=\"{}\" title=\"{} م\">{}</time>",
            esc(raw),
            esc(&text),
            esc(&text)
        );
    }
    format!("<span class=\"rawdate\">{}</span>", esc(raw))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u8, d: u8) -> Ymd {
        Ymd::new(y, m, d).expect("valid date")
    }

    #[test]
    fn hijri_umm_al_qura_known_days() {
        assert_eq!(hijri(ymd(2025, 3, 1)), Some((1446, 9, 1)));
        assert_eq!(
            hijri_words(ymd(2025, 6, 26)).as_deref(),
            Some("1 محرم 1447 هـ")
        );
    }

    #[test]
    fn day_dates_show_gregorian_with_both_calendars_on_hover() {
        let h = date_html("2025-03-01T08:30:00Z");
        assert_eq!(
            h,
            "<time datetime=\"2025-03-01\" title=\"1 مارس 2025 م — 1 رمضان 1446 هـ\">1 مارس 2025</time>"
        );
    }

    #[test]
    fn month_and_odd_dates_are_shown_escaped() {
        assert!(date_html("2017-06").contains(">يونيو 2017</time>"));
        assert_eq!(
            date_html("<b>2017/2018"),
            "<span class=\"rawdate\">&lt;b&gt;2017/2018</span>"
        );
    }
}
