//! Numbered rounds an article is about ("الجولة الخامسة", "جولتها الرابعة", "الجولة الـ12"): league matchdays and rounds of talks, which tell consecutive rounds of one series apart; and the sport and league division its title names ("كرة السلة :", "الرابطة الثانية :").
//!
//! Items of one league round (programme, referees, TV schedule, results) are published over
//! several days with the league's template vocabulary, and the next round's items use the same
//! words; likewise "the seventh round of the Astana talks" and the eighth. Bag-of-words cannot
//! tell them apart, the round number can: articles naming only other rounds are another story,
//! articles naming the same round are likely the same one. The same holds for the first and
//! second divisions' programmes of one round number, and for a basketball and a volleyball
//! result of one day: their titles say which ([`facet_keys`]).

use crate::normalize::words;

/// Offset of a round counted within the first leg ("الجولة الخامسة ذهابا") …
const FIRST_LEG: u16 = 100;
/// … and within the second leg ("الجولة السادسة إياب", which is round 13 of a 14-team league
/// counted from the start): leg-relative numbers are compared only with leg-relative ones.
const SECOND_LEG: u16 = 200;

/// First facet key: keys from here on are facets of the title, not rounds.
pub const FACET_BASE: u16 = 1000;
/// Facet kinds (hundreds above [`FACET_BASE`]): the sport, the league division.
const SPORT: u16 = FACET_BASE;
const DIVISION: u16 = FACET_BASE + 100;

/// Round keys ([`round_keys`]) and title facets ([`facet_keys`]), sorted and distinct.
pub fn keys(title_norm: &str, text_norm: &str) -> Vec<u16> {
    // Both lists are sorted and distinct, and every facet key is above every round key.
    let mut out = round_keys(title_norm, text_norm);
    out.extend(facet_keys(title_norm));
    out
}

/// A sorted key list split into its numbered rounds and its title facets.
fn split_rounds(keys: &[u16]) -> (&[u16], &[u16]) {
    keys.split_at(keys.partition_point(|&k| is_round(k)))
}

/// The sport ("كرة السلة", "الكرة الطائرة", "كرة اليد", "كرة القدم", "تنس", "تنس الطاولة") and the
/// league division ("الرابطة الأولى", "الرابطة المحترفة الثانية", "الرابطة 2") a normalized title
/// names, as keys from [`FACET_BASE`] on, sorted and distinct. Titles only: an article body often
/// mentions other sports or divisions in passing.
pub fn facet_keys(title_norm: &str) -> Vec<u16> {
    let ws: Vec<&str> = words(title_norm).collect();
    let mut out = Vec::new();
    for (i, w) in ws.iter().enumerate() {
        let next = ws.get(i + 1).copied();
        let after = ws.get(i + 2).copied();
        if w.ends_with("كره") && w.chars().count() <= 7 {
            let sport = match next {
                Some("القدم") => 1,
                Some("السله") => 2,
                Some("اليد") => 3,
                Some("الطايره") => 4,
                Some("الطاوله") => 6,
                _ => 0,
            };
            if sport > 0 {
                out.push(SPORT + sport);
            }
        } else if matches!(*w, "تنس" | "التنس" | "للتنس" | "والتنس") {
            out.push(SPORT + if next == Some("الطاوله") { 6 } else { 5 });
        } else if w.ends_with("رابطه") && w.chars().count() <= 9 {
            let level = if next == Some("المحترفه") {
                after
            } else {
                next
            };
            let division = match level {
                Some("الاولي" | "الاول" | "1") => 1,
                Some("الثانيه" | "الثاني" | "2") => 2,
                Some("الثالثه" | "الثالث" | "3") => 3,
                _ => 0,
            };
            if division > 0 {
                out.push(DIVISION + division);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether a key is a numbered round (not a title facet).
pub fn is_round(k: u16) -> bool {
    k < FACET_BASE
}

/// The round keys named in a normalized title and text, sorted and distinct: the round number
/// (1–99), plus [`FIRST_LEG`] or [`SECOND_LEG`] when it is counted within a leg.
pub fn round_keys(title_norm: &str, text_norm: &str) -> Vec<u16> {
    let mut out = Vec::new();
    for s in [title_norm, text_norm] {
        // Every form of the word contains "جول": find those (a substring search) rather than
        // test every word of the article.
        for (pos, _) in s.match_indices("جول") {
            let start = s.get(..pos).and_then(|h| h.rfind(' ')).map_or(0, |i| i + 1);
            let mut it = words(s.get(start..).unwrap_or(""));
            if !it.next().is_some_and(is_round_word) {
                continue;
            }
            if let Some((n, used)) = ordinal_after(it.clone()) {
                let leg = match it.clone().nth(used) {
                    Some("ذهاب" | "ذهابا") => FIRST_LEG,
                    Some("اياب" | "ايابا") => SECOND_LEG,
                    _ => 0,
                };
                out.push(n + leg);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether the two sorted key lists name rounds counted the same way (both from the start of
/// the season, or both within the same leg) and none in common, or both name a facet of one
/// kind (a sport, a division) and none in common.
pub fn disjoint(a: &[u16], b: &[u16]) -> bool {
    let ((ra, fa), (rb, fb)) = (split_rounds(a), split_rounds(b));
    let comparable = ra
        .iter()
        .any(|x| rb.iter().any(|y| x / FIRST_LEG == y / FIRST_LEG));
    let other_facet = fa.iter().any(|x| {
        let kind = x / 100;
        fb.iter().any(|y| y / 100 == kind)
            && !fa
                .iter()
                .filter(|k| *k / 100 == kind)
                .any(|k| fb.contains(k))
    });
    (comparable && !sorted_shared(ra, rb)) || other_facet
}

/// Whether the two sorted key lists have a numbered round in common.
pub fn shared(a: &[u16], b: &[u16]) -> bool {
    sorted_shared(split_rounds(a).0, split_rounds(b).0)
}

/// Whether two sorted lists share an element.
fn sorted_shared(a: &[u16], b: &[u16]) -> bool {
    let (mut i, mut j) = (0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// Merge the sorted `add` into the sorted distinct `into`.
pub fn union_into(into: &mut Vec<u16>, add: &[u16]) {
    if add.iter().all(|k| into.binary_search(k).is_ok()) {
        return;
    }
    into.extend_from_slice(add);
    into.sort_unstable();
    into.dedup();
}

/// "round" with its attached article/prepositions or a possessive (folded forms).
fn is_round_word(w: &str) -> bool {
    if let Some(p) = w.strip_suffix("جوله") {
        return matches!(
            p,
            "" | "ال" | "لل" | "بال" | "وال" | "ولل" | "فال" | "وبال" | "فلل"
        );
    }
    let w = w.strip_prefix('و').unwrap_or(w);
    let w = w.strip_prefix('ل').unwrap_or(w);
    matches!(w, "جولتها" | "جولته" | "جولتهم" | "جولتيها")
}

/// The number of an ordinal at the start of `ws` ("الخامسه", "الحاديه عشره", "الثالثه
/// والعشرين", "12", "ال12", "رقم 12") and the words it took, or `None`.
fn ordinal_after<'a>(mut ws: impl Iterator<Item = &'a str>) -> Option<(u16, usize)> {
    let mut w = ws.next()?;
    let mut used = 1;
    if w == "رقم" || w == "ال" {
        w = ws.next()?;
        used += 1;
    }
    let bare = w.strip_prefix("ال").unwrap_or(w);
    if let Ok(n) = bare.parse::<u16>() {
        return (1..=99).contains(&n).then_some((n, used));
    }
    if let Some(t) = tens(bare) {
        return Some((t, used));
    }
    let unit = unit(bare)?;
    let compound = match ws.next() {
        Some("عشر" | "عشره") if unit < 10 => Some(unit + 10),
        Some(next) => next
            .strip_prefix('و')
            .and_then(|t| tens(t.strip_prefix("ال").unwrap_or(t)))
            .filter(|_| unit < 10)
            .map(|t| t + unit),
        None => None,
    };
    match compound {
        Some(n) => Some((n, used + 1)),
        // "الحاديه" alone is no ordinal.
        None => (bare != "حادي" && bare != "حاديه").then_some((unit, used)),
    }
}

/// Ordinal units (masculine and feminine, folded, without the article).
fn unit(w: &str) -> Option<u16> {
    Some(match w {
        "اول" | "اولي" | "حادي" | "حاديه" => 1,
        "ثاني" | "ثانيه" => 2,
        "ثالث" | "ثالثه" => 3,
        "رابع" | "رابعه" => 4,
        "خامس" | "خامسه" => 5,
        "سادس" | "سادسه" => 6,
        "سابع" | "سابعه" => 7,
        "ثامن" | "ثامنه" => 8,
        "تاسع" | "تاسعه" => 9,
        "عاشر" | "عاشره" => 10,
        _ => return None,
    })
}

/// Ordinal tens (folded, without the article).
fn tens(w: &str) -> Option<u16> {
    Some(match w {
        "عشرين" => 20,
        "ثلاثين" => 30,
        "اربعين" => 40,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    fn keys(text: &str) -> Vec<u16> {
        round_keys("", &normalize(text))
    }

    #[test]
    fn ordinals_digits_and_possessives_are_read() {
        assert_eq!(keys("مقابلات الجولة الخامسة ذهابا من مرحلة التتويج"), [105]);
        assert_eq!(keys("منافسات البطولة جولتها الرابعة و التي"), [4]);
        assert_eq!(
            keys("برنامج النقل التلفزي للجولة الثالثة من البلاي أوف"),
            [3]
        );
        assert_eq!(keys("الجولة الحادية عشرة من البطولة"), [11]);
        assert_eq!(keys("الجولة الثانية عشرة"), [12]);
        assert_eq!(keys("الجولة الثالثة والعشرين"), [23]);
        assert_eq!(keys("الجولة العشرين"), [20]);
        assert_eq!(keys("انطلاق الجولة الـ12 من الدوري"), [12]);
        assert_eq!(keys("الجولة رقم 7"), [7]);
        assert_eq!(keys("جولة ثانية من المفاوضات"), [2]);
        assert_eq!(
            keys("الجولة الأولى: التاريخ … الجولة الثانية : … الجولة الأولى"),
            [1, 2]
        );
        assert_eq!(keys("الجولة ١٤ من الدوري"), [14]);
        assert_eq!(keys("مقابلات الجولة السادسة إياب من البطولة"), [206]);
        assert_eq!(keys("الجولة الخامسة ذهابا"), [105]);
        assert_eq!(keys("الجولة الحادية عشرة إيابا"), [211]);
    }

    #[test]
    fn a_tour_or_an_unnumbered_round_is_no_key() {
        assert!(keys("قام الوزير بجولة ميدانية في الولاية").is_empty());
        assert!(keys("جولة في الصحف").is_empty());
        assert!(keys("برنامج الجولة القادمة").is_empty());
        assert!(keys("الجولة الحادية").is_empty());
        assert!(keys("الجولة 2017").is_empty());
        assert!(keys("").is_empty());
    }

    #[test]
    fn any_mix_of_round_words_gives_sorted_keys_in_range_and_never_panics() {
        let pieces = [
            "الجولة",
            "جولتها",
            "للجولة",
            "جول",
            "ج",
            "الخامسة",
            "عشرة",
            "والعشرين",
            "الحادية",
            "الـ",
            "12",
            "100",
            "رقم",
            "إياب",
            "ذهابا",
            " ",
            "  ",
            "ـ",
            "é",
            "\u{200f}",
            "جولة",
        ];
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(x % 12) {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                text.push_str(pieces[(x >> 33) as usize % pieces.len()]);
                if x & 1 == 0 {
                    text.push(' ');
                }
            }
            for k in [keys(&text), round_keys(&text, &text)] {
                assert!(k.windows(2).all(|w| w[0] < w[1]), "{text:?} → {k:?}");
                assert!(k
                    .iter()
                    .all(|&n| n % FIRST_LEG >= 1 && n % FIRST_LEG <= 99 && n < 300));
            }
        }
    }

    #[test]
    fn titles_name_their_sport_and_division() {
        let f = |t: &str| facet_keys(&normalize(t));
        assert_eq!(
            f("كرة السلة : النجم الساحلي يحافظ على الصدارة"),
            [SPORT + 2]
        );
        assert_eq!(f("الكرة الطائرة : الترجي في النهائي"), [SPORT + 4]);
        assert_eq!(f("كرة الطائرة : مباراة فاصلة"), [SPORT + 4]);
        assert_eq!(f("تنس : مالك الجزيري يعبر إلى الدور الثاني"), [SPORT + 5]);
        assert_eq!(
            f("الرابطة الثانية : برنامج مقابلات الجولة الخامسة"),
            [DIVISION + 2]
        );
        assert_eq!(f("بطولة الرابطة الأولى تعود إلى النشاط"), [DIVISION + 1]);
        assert_eq!(f("الرابطة المحترفة الأولى : النتائج"), [DIVISION + 1]);
        assert_eq!(f("الرابطة 2: التعادل يحسم المباراة"), [DIVISION + 2]);
        // No sport or division: a rights league, a ball without its game, a body text.
        assert!(f("الرابطة التونسية للدفاع عن حقوق الإنسان تندد").is_empty());
        assert!(f("كرة من نار").is_empty());
        assert!(super::keys("", &normalize("الرابطة الأولى والرابطة الثانية")).is_empty());
        // A round and a facet together, sorted.
        assert_eq!(
            super::keys(&normalize("الرابطة الثانية : الجولة الخامسة"), ""),
            [5, DIVISION + 2]
        );
    }

    #[test]
    fn other_sports_or_divisions_are_disjoint_and_facets_are_no_shared_round() {
        let (l1, l2, basket) = (DIVISION + 1, DIVISION + 2, SPORT + 2);
        // Round 5 of the first and of the second division.
        assert!(disjoint(&[5, l1], &[5, l2]));
        assert!(!disjoint(&[5, l1], &[5, l1]));
        // A facet only one side names compares nothing.
        assert!(!disjoint(&[5, l1], &[5]));
        assert!(!disjoint(&[basket], &[l1]));
        assert!(disjoint(&[basket], &[SPORT + 4]));
        // A story naming both divisions takes either.
        assert!(!disjoint(&[l2], &[l1, l2]));
        // Facets never count as a shared round (the lower member bar is for rounds).
        assert!(!shared(&[l1], &[l1]));
        assert!(shared(&[5, l1], &[5, l2]));
    }

    #[test]
    fn title_rounds_count_and_lists_compare() {
        assert_eq!(round_keys(&normalize("برنامج الجولة الرابعة"), ""), [4]);
        assert!(disjoint(&[4], &[5]));
        // Round 13 and the sixth round of the second leg may be the same matchday.
        assert!(!disjoint(&[13], &[206]));
        assert!(disjoint(&[13, 205], &[206]));
        assert!(!disjoint(&[4, 5], &[5]));
        assert!(!disjoint(&[], &[5]));
        assert!(shared(&[1, 3, 9], &[2, 9]));
        let mut u = vec![2, 5];
        union_into(&mut u, &[1, 5]);
        assert_eq!(u, [1, 2, 5]);
    }
}
