//! Property tests: any input gives valid char spans and well-formed values, never a panic.

use proptest::prelude::*;
use rasd_core::Ymd;

const FRAGMENTS: &[&str] = &[
    "أمس",
    "اليوم",
    "غدا",
    "الجمعة",
    "الماضية",
    "المقبل",
    "يناير",
    "كانون",
    "الثاني",
    "جانفي",
    "ربيع",
    "الأول",
    "هـ",
    "1446",
    "2025",
    "31",
    "29",
    "02",
    "/",
    "-",
    ".",
    "،",
    ",",
    "١٢",
    "٢٠٢٦",
    "منذ",
    "ثلاثة",
    "أيام",
    "مطلع",
    "الشهر",
    "العام",
    "الأسبوع",
    "صورة",
    "\n",
    "6th",
    "November",
    "of",
    "عام",
    "في",
    "رمضان",
    "ذو",
    "الحجة",
    "0",
    "99999999999",
    "ـ",
    "\u{200f}",
    "(",
    ")",
    "شهر",
    "الجاري",
    "قبل",
    "بعد",
    "غد",
    "أول",
    "من",
];

fn check(text: &str, reference: Ymd) {
    for m in rasd_time::find_dates(text, reference) {
        assert!(m.start < m.end, "{m:?}");
        let s: String = text.chars().skip(m.start).take(m.end - m.start).collect();
        assert_eq!(s, m.text);
        let ok = match m.precision {
            rasd_time::Precision::Day => Ymd::parse_iso(&m.value).is_some(),
            rasd_time::Precision::Month => m.value.len() == 7,
            rasd_time::Precision::Year => m.value.len() == 4,
            rasd_time::Precision::Range => m.value.split_once('/').is_some_and(|(a, b)| {
                Ymd::parse_iso(a).is_some() && Ymd::parse_iso(b).is_some() && a <= b
            }),
        };
        assert!(ok, "{m:?}");
    }
    if let Some(d) = rasd_time::find_dateline(text) {
        assert!(d.span.slice(text).is_some());
    }
}

proptest! {
    #[test]
    fn date_words_in_any_order_give_valid_mentions(
        parts in prop::collection::vec(prop::sample::select(FRAGMENTS), 0..24),
        seps in prop::collection::vec(prop::sample::select(&[" ", "", "  ", "\n"][..]), 24),
        day in 0i64..30_000,
    ) {
        let mut text = String::new();
        for (i, p) in parts.iter().enumerate() {
            text.push_str(p);
            text.push_str(seps.get(i).copied().unwrap_or(" "));
        }
        let reference = Ymd::new(1960 + (day / 365) as i32, 1 + (day % 12) as u8, 1 + (day % 28) as u8).unwrap_or(Ymd { year: 2025, month: 1, day: 1 });
        check(&text, reference);
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC{0,200}") {
        check(&text, Ymd { year: 2025, month: 12, day: 20 });
    }
}

#[test]
fn extreme_references_do_not_panic() {
    for reference in [
        Ymd {
            year: 1,
            month: 1,
            day: 1,
        },
        Ymd {
            year: 9999,
            month: 12,
            day: 31,
        },
    ] {
        check("أمس الجمعة في 9 أكتوبر منذ 3 أعوام مطلع الشهر الجاري 13 رمضان الأسبوع المقبل 1 محرم 1447 هـ", reference);
    }
}
