//! Quantity claims: reported numbers of killed, injured, detained, displaced, violations, trucks, votes, money, with qualifier and claimant.

use rasd_core::Ymd;
use rasd_text::{Token, TokenKind};
use serde::{Deserialize, Serialize};

use crate::coder::{actor_refs, event_date, Coder};
use crate::{stable_id, EntityLike};

/// How the number is qualified in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Exact,
    MoreThan,
    LessThan,
    About,
}

/// A reported quantity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    pub value: f64,
    pub qualifier: Qualifier,
    /// `killed` | `injured` | `detained` | `displaced` | `violations` | `trucks` | `votes` | `votes_against` |
    /// `abstentions` | `money`.
    pub unit: String,
    /// The whole a count is part of: "13 عضوا من أصل 15" → 15; for a count of people, the count
    /// it is among: "11 جريحا، من بينهم 3 أطفال" → 11 (value 3).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub out_of: Option<f64>,
    /// Currency of a `money` amount: ISO 4217 when the word is unambiguous (دولار USD, يورو EUR, جنيه إسترليني
    /// GBP), else the currency's name (dinar, riyal, pound, lira, dirham).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}

/// One claim: a quantity, who claims it, and the evidence span (`text == article.text[start..end]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Claim {
    pub id: String,
    pub claimant: Option<String>,
    pub claimant_text: Option<String>,
    pub quantity: Quantity,
    pub date: Option<String>,
    pub date_precision: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A folded word as it is and without one leading proclitic from `clitics`, the whole word
/// first: a word may begin with the letter of a proclitic ("وفاة", "وافق", "والد").
fn readings<'a>(key: &'a str, clitics: &'a [char]) -> impl Iterator<Item = &'a str> {
    std::iter::once(key).chain(clitics.iter().filter_map(move |c| key.strip_prefix(*c)))
}

/// Unit of a counted noun (folded key, proclitics allowed).
fn unit_noun(key: &str) -> Option<&'static str> {
    readings(key, &['و']).find_map(|k| unit_noun_bare(k.trim_start_matches("ال")))
}

/// [`unit_noun`] of a word without its proclitic.
fn unit_noun_bare(k: &str) -> Option<&'static str> {
    let table: &[(&[&str], &str)] = &[
        (
            &[
                "قتيل",
                "قتيلا",
                "قتلي",
                "شهيد",
                "شهيدا",
                "شهداء",
                "ضحيه",
                "ضحايا",
                // "عدد الوفيات بلغ 107": deaths in an incident, counted as killed.
                "وفيات",
            ],
            "killed",
        ),
        (
            &["جريح", "جريحا", "جرحي", "مصاب", "مصابين", "مصابا"],
            "injured",
        ),
        (
            &[
                "معتقل",
                "معتقلين",
                "معتقلا",
                "موقوف",
                "موقوفين",
                "محتجز",
                "محتجزين",
                "اسير",
                "اسيرا",
                "اسري",
            ],
            "detained",
        ),
        // Refugees are displaced people too ("1250 لاجئا", "مئات اللاجئين").
        (
            &["نازح", "نازحين", "نازحا", "مهجر", "لاجي", "لاجيين", "لاجيا"],
            "displaced",
        ),
        (
            &["خرق", "خرقا", "خروقات", "انتهاك", "انتهاكا", "انتهاكات"],
            "violations",
        ),
        (&["شاحنه", "شاحنات"], "trucks"),
        (&["صوت", "صوتا", "اصوات"], "votes"),
    ];
    table
        .iter()
        .find(|(words, _)| words.contains(&k))
        .map(|(_, u)| *u)
}

/// Words of an aid context (folded keys, matched inside clitics): aid, relief, humanitarian,
/// crossings, food, fuel, flour, supplies, the UN and its agencies, the Red Crescent/Cross.
fn is_aid_word(key: &str) -> bool {
    const STEMS: [&str; 13] = [
        "مساعد",
        "اغاث",
        "انساني",
        "معبر",
        "معابر",
        "غذا",
        "وقود",
        "طحين",
        "امداد",
        "امم",
        "اونروا",
        "هلال",
        "صليب",
    ];
    STEMS.iter().any(|s| key.contains(s))
}

/// Unit of an event noun that precedes the number ("مقتل 5 أشخاص").
fn unit_event(key: &str) -> Option<&'static str> {
    readings(key, &['و']).find_map(|k| unit_event_bare(k.trim_start_matches("ب")))
}

/// [`unit_event`] of a word without its proclitics.
fn unit_event_bare(k: &str) -> Option<&'static str> {
    match k {
        // "مصرع 3 أشخاص في حادث مرور", "وفاة 5 أطفال": deaths in an incident are counted as
        // killed, as the claims gold defines it.
        "مقتل" | "استشهاد" | "قتل" | "مصرع" | "وفاه" => Some("killed"),
        "اصابه" | "جرح" => Some("injured"),
        "اعتقال" | "احتجاز" | "توقيف" | "ايقاف" | "القبض" | "قبض" | "ايداع" => {
            Some("detained")
        }
        "نزوح" | "تهجير" => Some("displaced"),
        "موافقه" | "اغلبيه" | "تاييد" => Some("votes"),
        "معارضه" | "اعتراض" => Some("votes_against"),
        // "احتفاظ 8 بأصواتهم": the Tunisian assembly's word for abstaining.
        "امتناع" | "احتفاظ" => Some("abstentions"),
        _ => None,
    }
}

/// Every unit a claim may have.
pub const UNITS: [&str; 11] = [
    "killed",
    "injured",
    "casualties",
    "detained",
    "displaced",
    "violations",
    "trucks",
    "votes",
    "votes_against",
    "abstentions",
    "money",
];

/// The static name of a unit found earlier (units are `&'static str` while coding).
fn unit_name(unit: &str) -> Option<&'static str> {
    UNITS.into_iter().find(|u| *u == unit)
}

/// A dual unit noun, itself a count of two ("نقل جريحين", "سقوط قتيلين"): nouns whose plural is
/// broken (جرحى، قتلى، شهداء، أسرى), so the -ين ending is the dual, not a plural.
fn unit_dual(key: &str) -> Option<&'static str> {
    let k = key.strip_prefix('و').unwrap_or(key);
    let k = k.strip_prefix("ال").unwrap_or(k);
    let base = k.strip_suffix("ين").or_else(|| k.strip_suffix("ان"))?;
    match base {
        "جريح" => Some("injured"),
        "قتيل" | "شهيد" => Some("killed"),
        "اسير" => Some("detained"),
        _ => None,
    }
}

/// Unit of a verb that says what happened to the counted people ("قتلوا", "اعتقلت", "أصيب").
fn unit_verb(key: &str) -> Option<&'static str> {
    readings(key, &['و', 'ف']).find_map(unit_verb_bare)
}

/// [`unit_verb`] of a word without its proclitic.
fn unit_verb_bare(k: &str) -> Option<&'static str> {
    match k {
        "قتل" | "قتلوا" | "قتلت" | "استشهد" | "استشهدوا" | "لقوا" | "لقي" | "توفي" | "توفيت"
        | "توفوا" | "مات" | "ماتوا" | "ماتت" => Some("killed"),
        "اصيب" | "اصيبوا" | "اصابت" | "جرح" | "جرحوا" => Some("injured"),
        "اعتقل" | "اعتقلت" | "اعتقلوا" | "اوقفت" | "احتجزت" | "اعتقلتهم" => {
            Some("detained")
        }
        "نزح" | "نزحوا" => Some("displaced"),
        "صوت" | "صوتت" | "ايد" | "ايدت" | "وافق" | "وافقت" => Some("votes"),
        "عارض" | "عارضت" => Some("votes_against"),
        "امتنع" | "امتنعت" => Some("abstentions"),
        _ => None,
    }
}

/// Currency of a money word (folded key, proclitics allowed): `(currency, needs the next word)`.
fn currency(key: &str, next: Option<&str>) -> Option<&'static str> {
    let k = key.strip_prefix('و').unwrap_or(key);
    let k = k.strip_prefix("ال").unwrap_or(k);
    let base = k
        .strip_suffix("ات")
        .or_else(|| k.strip_suffix('ا'))
        .unwrap_or(k);
    let next = next.unwrap_or("");
    Some(match base {
        "دولار" => "USD",
        "يورو" => "EUR",
        "جنيه" if next.contains("استرليني") => "GBP",
        "جنيه" => "pound",
        "دينار" | "دنانير" => "dinar",
        "ريال" => "riyal",
        "ليره" => "lira",
        "درهم" | "دراهم" => "dirham",
        _ => return None,
    })
}

/// Large-number words after a number: "50 مليون", "2 مليار", "3 آلاف".
fn multiplier(key: &str) -> Option<f64> {
    let k = key.strip_prefix('و').unwrap_or(key);
    // "الآلاف" folds to الالاف; "آلاف" itself starts with ال.
    let k = match k {
        "الالاف" | "الالف" => k.get("ال".len()..).unwrap_or(k),
        _ => k,
    };
    match k {
        "الف" | "الاف" | "الفا" => Some(1e3),
        "مليون" | "ملايين" | "مليونا" => Some(1e6),
        "مليار" | "مليارات" | "مليارا" | "بليون" => Some(1e9),
        _ => None,
    }
}

/// Counted voters between a vote count and "من أصل": "13 عضوا", "9 دول".
fn is_voter(key: &str) -> bool {
    matches!(
        key.trim_start_matches("ال"),
        "عضو"
            | "عضوا"
            | "اعضاء"
            | "دوله"
            | "دول"
            | "نائبا"
            | "نائب"
            | "نواب"
            | "صوتا"
            | "صوت"
            | "اصوات"
    )
}

/// Violation words before "N مرة" ("خرق الاتفاق أكثر من 800 مرة").
fn is_violation_word(key: &str) -> bool {
    let k = key
        .strip_prefix('و')
        .or_else(|| key.strip_prefix('ب'))
        .unwrap_or(key);
    let k = k.strip_prefix("ال").unwrap_or(k);
    [
        "خرق",
        "خروقات",
        "انتهك",
        "انتهاك",
        "اخترق",
        "يخرق",
        "تخرق",
        "ينتهك",
        "تنتهك",
    ]
    .iter()
    .any(|w| k.starts_with(w))
}

/// Value of a number token or a number word; the flag says the word itself is approximate ("مئات").
fn number_value(t: &Token) -> Option<(f64, bool)> {
    if t.kind == TokenKind::Number {
        // "7ر17" is 17.7 in Tunisian agency style: the digits after ر are the whole part.
        if let Some((frac, whole)) = t.key.split_once('ر') {
            return format!("{whole}.{frac}")
                .parse::<f64>()
                .ok()
                .map(|v| (v, false));
        }
        return t
            .key
            .replace(',', "")
            .parse::<f64>()
            .ok()
            .map(|v| (v, false));
    }
    // The word whole first: "واحد" begins with the letter of the conjunction و.
    readings(&t.key, &['و']).find_map(|k| {
        if is_person_dual(k) {
            return Some((2.0, false));
        }
        // "وأصيب العشرات": the plural count words also come with the article (folded keys:
        // المئات is الميات).
        let k = match k {
            "العشرات" | "الالاف" | "الميات" => k.get("ال".len()..).unwrap_or(k),
            _ => k,
        };
        // "بمائة وخمسين ألف دينار": a number word after the preposition ب.
        number_word(k).or_else(|| k.strip_prefix('ب').and_then(number_word))
    })
}

/// Value of a number word (folded key, no proclitic); the flag says it is approximate.
fn number_word(k: &str) -> Option<(f64, bool)> {
    let v = match k {
        "واحد" | "واحده" => (1.0, false),
        "اثنان" | "اثنين" => (2.0, false),
        // Both genders: the feminine-looking form counts masculine nouns and the bare form
        // feminine ones ("ثلاث سيدات", "سبعة قتلى").
        "ثلاثه" | "ثلاث" => (3.0, false),
        "اربعه" | "اربع" => (4.0, false),
        "خمسه" | "خمس" => (5.0, false),
        "سته" | "ست" => (6.0, false),
        "سبعه" | "سبع" => (7.0, false),
        "ثمانيه" | "ثماني" | "ثمان" => (8.0, false),
        "تسعه" | "تسع" => (9.0, false),
        "عشره" => (10.0, false),
        // Tens, nominative and oblique ("أربعين جريحا", "عشرون قتيلا").
        "عشرون" | "عشرين" => (20.0, false),
        "ثلاثون" | "ثلاثين" => (30.0, false),
        "اربعون" | "اربعين" => (40.0, false),
        "خمسون" | "خمسين" => (50.0, false),
        "ستون" | "ستين" => (60.0, false),
        "سبعون" | "سبعين" => (70.0, false),
        "ثمانون" | "ثمانين" => (80.0, false),
        "تسعون" | "تسعين" => (90.0, false),
        // Duals of hundred and thousand ("مئتي سوري", "ألفين و800 شخص"; folded ئ → ي).
        "ميتا" | "ميتي" | "ميتين" | "مايتا" | "مايتي" | "مايتين" => {
            (200.0, false)
        }
        "ثلاثميه" | "ثلاثمايه" => (300.0, false),
        "اربعميه" | "اربعمايه" => (400.0, false),
        "خمسميه" | "خمسمايه" => (500.0, false),
        "ستميه" | "ستمايه" => (600.0, false),
        "سبعميه" | "سبعمايه" => (700.0, false),
        "ثمانميه" | "ثمانمايه" | "ثمانيمايه" => (800.0, false),
        "تسعميه" | "تسعمايه" => (900.0, false),
        "الفان" | "الفين" => (2000.0, false),
        "عشرات" => (10.0, true),
        // Folded keys: ئ → ي (مئة → ميه، مائة → مايه، مئات → ميات).
        "ميه" | "مايه" => (100.0, false),
        "ميات" => (100.0, true),
        "الف" => (1000.0, false),
        "الاف" => (1000.0, true),
        "مليون" => (1e6, false),
        "مليار" => (1e9, false),
        _ => return None,
    };
    Some(v)
}

/// A dual noun of people, which is itself a count of two: "استشهد فلسطينيان", "مقتل شخصين". The
/// nominative dual (-ان) is unambiguous; the other cases (-ين) are written like the sound plural
/// ("مدنيين" civilians), so they count only for nouns whose plural is broken (أشخاص، أطفال).
fn is_person_dual(key: &str) -> bool {
    let k = key.trim_start_matches("ال");
    if let Some(base) = k.strip_suffix("ان") {
        return matches!(
            base,
            "شخص"
                | "طفل"
                | "جندي"
                | "شاب"
                | "عنصر"
                | "مدني"
                | "فلسطيني"
                | "مواطن"
                | "صحفي"
                | "مسلح"
                | "شرطي"
                | "اسير"
        );
    }
    k.strip_suffix("ين")
        .is_some_and(|base| matches!(base, "شخص" | "طفل" | "جندي" | "شاب" | "عنصر" | "اسير"))
}

/// Counted nouns that may stand between the number and the unit ("5 أشخاص قتلى" is rare; "5 مدنيين"):
/// listed nouns of people, and any sound masculine plural (-ين/-ون, five letters or more:
/// "إرهابيين", "متظاهرين"), which names people or their description.
fn is_counted_filler(key: &str) -> bool {
    let k = key.trim_start_matches("ال");
    let sound_plural = (k.ends_with("ين") || k.ends_with("ون")) && k.chars().count() >= 5;
    sound_plural
        || matches!(
            k,
            "شخص"
                | "اشخاص"
                | "شخصا"
                | "مدني"
                | "مدنيين"
                | "مدنيا"
                | "جندي"
                | "جنود"
                | "جنديا"
                | "طفل"
                | "اطفال"
                | "طفلا"
                | "فلسطيني"
                | "فلسطينيين"
                | "فلسطينيا"
                | "عنصر"
                | "عناصر"
                | "مسلح"
                | "مسلحين"
                | "مواطن"
                | "مواطنين"
                | "مواطنا"
                | "اخرين"
                | "اخرون"
                | "شاب"
                | "شبان"
                | "انفار"
                | "نفر"
                | "افراد"
                | "فتيات"
                | "نساء"
                | "رجال"
                | "تجار"
                | "ارهابيا"
                | "متهما"
                | "مهاجرا"
                | "مهاجر"
                | "مشتبها"
        )
}

/// Event nouns of detention that also name other acts ("إيقاف 6 سيارات", "إيداع 28 تصريحا"):
/// their count is of detained people only when people are counted.
fn needs_people(key: &str) -> bool {
    matches!(
        key.strip_prefix('و').unwrap_or(key).trim_start_matches('ب'),
        "ايقاف" | "القبض" | "قبض" | "ايداع"
    )
}

/// Words of killing or of an incident, of an outcome ("أسفر عن", "جراء", "إثر") or of the
/// civil defence reporting one (folded stems, matched inside a word): a sentence that counts
/// deaths without one of them reports mortality.
fn is_incident_word(key: &str) -> bool {
    const STEMS: [&str; 39] = [
        "اسفر",
        "تحطم",
        "جراء",
        "اثر",
        "مدني",
        "حمايه",
        "قتل",
        "قتيل",
        "قتلي",
        "شهيد",
        "شهدا",
        "استشهد",
        "مصرع",
        "حتف",
        "ضحيه",
        "ضحايا",
        "حادث",
        "انقلاب",
        "اصطدام",
        "غرق",
        "حريق",
        "انفجار",
        "هجوم",
        "هجمات",
        "قصف",
        "غاره",
        "غارات",
        "انهيار",
        "زلزال",
        "فيضان",
        "اشتباك",
        "تفجير",
        "اعتداء",
        "عاصفه",
        "سقوط",
        "دهس",
        "مجزره",
        "معارك",
        "اطلاق",
    ];
    STEMS.iter().any(|s| key.contains(s))
}

/// Units that count people (a sub-count "من بينهم 3 أطفال" is of the same kind).
fn is_people_unit(unit: &str) -> bool {
    matches!(
        unit,
        "killed" | "injured" | "casualties" | "detained" | "displaced"
    )
}

/// Nouns a definite dual may belong to without being counted: kin, family, funeral, memory
/// ("ابن عم الشهيدين", "عائلتي الشهيدين", "جنازة القتيلين"; folded keys).
fn is_possessor(key: &str) -> bool {
    readings(key, &['و']).any(is_possessor_bare)
}

/// [`is_possessor`] of a word without its proclitic.
fn is_possessor_bare(k: &str) -> bool {
    matches!(
        k,
        "ابن"
            | "ابنه"
            | "بنت"
            | "عم"
            | "خال"
            | "والد"
            | "والده"
            | "ام"
            | "اب"
            | "ابو"
            | "شقيق"
            | "شقيقه"
            | "اخ"
            | "اخت"
            | "عايله"
            | "عايلتي"
            | "عايلات"
            | "اسره"
            | "اسرتي"
            | "ارمله"
            | "قبر"
            | "قبري"
            | "جنازه"
            | "جثمان"
            | "جثماني"
            | "ذكري"
            | "روح"
            | "روحي"
            | "ارواح"
            | "دماء"
            | "صوره"
            | "صور"
            | "اسم"
            | "اسماء"
    )
}

/// What happened to counted people when it is said after them with their pronoun: "بعد
/// إصابتهم بجروح", "إثر وفاتهم" (folded keys, one proclitic).
fn their_event(key: &str) -> Option<&'static str> {
    readings(key, &['و', 'ب', 'ل']).find_map(their_event_bare)
}

/// [`their_event`] of a word without its proclitic.
fn their_event_bare(k: &str) -> Option<&'static str> {
    match k {
        "اصابتهم" | "اصابتهما" | "جروح" | "جراح" => Some("injured"),
        "مقتلهم" | "وفاتهم" | "مصرعهم" | "حتفهم" | "استشهادهم" => {
            Some("killed")
        }
        "اعتقالهم" | "ايقافهم" | "احتجازهم" => Some("detained"),
        _ => None,
    }
}

/// The unit of a total a count is given for, with the count at `j` (qualifier words skipped):
/// "ارتفع عدد الموقوفين على ذمة القضية إلى 7 أشخاص", "بلغ عدد الجرحى 1358 شخصا", "عدد القتلى
/// 14", "عدد الوفيات بلغ حتى الآن 107", "المصابين والذين قدر عددهم ب 17". The count comes right
/// after the unit noun, or after a word of reaching (إلى، بلغ، الآن، ب); only "إلى" may have
/// other numbers (a date) between the total and the count.
fn total_of(toks: &[Token], j: usize) -> Option<&'static str> {
    let key_at = |k: usize| toks.get(k).map_or("", |t| t.key.as_str());
    let lead = key_at(j.checked_sub(1)?);
    let rose_to = lead == "الي";
    let reached = rose_to
        || matches!(
            lead.strip_prefix('و').unwrap_or(lead),
            "بلغ" | "بلغت" | "يبلغ" | "تبلغ" | "الان" | "ب"
        );
    (j.saturating_sub(16)..j).find_map(|k| {
        let word = key_at(k);
        let word = word.strip_prefix('و').unwrap_or(word);
        let (of, noun_end) = match word {
            "عدد" | "اعداد" | "حصيله" => (unit_noun(key_at(k + 1))?, k + 2),
            // "عددهم": the unit noun is before it.
            "عددهم" => (
                (k.saturating_sub(8)..k)
                    .rev()
                    .find_map(|m| unit_noun(key_at(m)))?,
                k + 1,
            ),
            _ => return None,
        };
        let numbers_between = toks
            .get(noun_end..j)
            .unwrap_or(&[])
            .iter()
            .any(|t| t.kind == TokenKind::Number);
        let placed = noun_end == j || (reached && (rose_to || j - k <= 10));
        (placed && (rose_to || !numbers_between)).then_some(of)
    })
}

fn qualifier_before(toks: &[Token], at: usize) -> Qualifier {
    let key = |i: usize| {
        at.checked_sub(i)
            .and_then(|j| toks.get(j))
            .map_or("", |t| t.key.as_str())
    };
    // "بنحو", "وحوالي": a proclitic on the qualifier word.
    let k1 = key(1);
    let k1 = if ["بنحو", "ونحو", "وحوالي", "بحوالي", "بقرابه", "وقرابه"].contains(&k1)
    {
        k1.get(k1.chars().next().map_or(0, char::len_utf8)..)
            .unwrap_or(k1)
    } else {
        k1
    };
    // Verbs of exceeding or approaching, right before the count or one word before it
    // ("يفوق 10 آلاف دينار", "تناهز تكاليفه 2500 مليون دينار").
    let exceeds = |k: &str| {
        matches!(
            k.strip_prefix('و').unwrap_or(k),
            "يفوق" | "تفوق" | "فاق" | "فاقت" | "يتجاوز" | "تتجاوز" | "تجاوز" | "تجاوزت"
        )
    };
    let approaches = |k: &str| {
        matches!(
            k.strip_prefix('و').unwrap_or(k),
            "يناهز"
                | "تناهز"
                | "ناهز"
                | "ناهزت"
                | "يقارب"
                | "تقارب"
                | "قارب"
                | "قاربت"
        )
    };
    match (key(3), key(2), k1) {
        (_, _, "نحو" | "حوالي" | "قرابه" | "زهاء" | "تقريبا") => {
            Qualifier::About
        }
        ("لا", "يقل" | "تقل", "عن") => Qualifier::MoreThan,
        (_, "اكثر" | "ازيد", "من") | (_, "يزيد" | "يربو", "عن" | "علي") => {
            Qualifier::MoreThan
        }
        (_, "اقل", "من") => Qualifier::LessThan,
        (_, _, k) if exceeds(k) => Qualifier::MoreThan,
        (_, _, k) if approaches(k) => Qualifier::About,
        (_, k, _) if exceeds(k) => Qualifier::MoreThan,
        (_, k, _) if approaches(k) => Qualifier::About,
        _ => Qualifier::Exact,
    }
}

impl Coder {
    /// Quantity claims of an article, with the sentence's attribution as claimant.
    pub fn claims(
        &self,
        text: &str,
        published: Option<Ymd>,
        entities: &[EntityLike],
    ) -> Vec<Claim> {
        self.claims_prepared(
            &crate::coder::Prepared::new(text, published),
            published,
            entities,
        )
    }

    pub(crate) fn claims_prepared(
        &self,
        prepared: &crate::coder::Prepared<'_>,
        published: Option<Ymd>,
        entities: &[EntityLike],
    ) -> Vec<Claim> {
        let idx = &prepared.idx;
        let tokens = &prepared.tokens;
        // Claims are dated only relative to a publication date.
        let dates: &[rasd_time::DateMention] = if published.is_some() {
            &prepared.dates
        } else {
            &[]
        };
        let mentions = crate::coder::sorted_mentions(entities);
        let mut out = Vec::new();
        for &sent in &prepared.sentences {
            let toks = crate::coder::sentence_tokens(tokens, sent);
            let mut found: Vec<(usize, Quantity)> = Vec::new();
            let mut skip_to = 0;
            for (i, t) in toks.iter().enumerate() {
                if i < skip_to {
                    continue;
                }
                let key_at = |j: usize| toks.get(j).map_or("", |t| t.key.as_str());
                // "ابن عم الشهيدين", "جنازة الجريحين": a definite dual after the noun it belongs
                // to names two people already reported, it is no new count.
                let dual_unit = unit_dual(&t.key).filter(|_| {
                    !(t.key.trim_start_matches('و').starts_with("ال")
                        && is_possessor(key_at(i.wrapping_sub(1))))
                });
                // "أحد عشر", "اثنا عشر": teens whose first word is no number on its own.
                let teen = match (t.key.as_str(), key_at(i + 1)) {
                    ("احد" | "احدي", "عشر" | "عشره") => Some(11.0),
                    ("اثنا" | "اثني" | "اثنتا" | "اثنتي", "عشر" | "عشره") => {
                        Some(12.0)
                    }
                    _ => None,
                };
                let Some((mut value, approx)) = number_value(t)
                    .or(dual_unit.map(|_| (2.0, false)))
                    .or(teen.map(|v| (v, false)))
                else {
                    continue;
                };
                // "One" follows the noun it counts ("قتيل واحد", "وفاة شخص واحد"); before a noun it
                // is "one of" ("وأحد المنظمين" folds to the same letters), or "one voice".
                let one = matches!(t.key.as_str(), "واحد" | "واحده");
                let prev = key_at(i.wrapping_sub(1));
                let one_of_unit = unit_noun(prev).filter(|u| one && is_people_unit(u));
                if one && one_of_unit.is_none() && !is_counted_filler(prev) {
                    continue;
                }
                let mut next = i + 1 + usize::from(teen.is_some());
                // "ثلاثة عشر", "خمسة وعشرين": a unit word followed by ten or by و and a ten.
                if t.kind != TokenKind::Number && teen.is_none() && (3.0..10.0).contains(&value) {
                    let tens = toks
                        .get(next)
                        .filter(|n| n.key.starts_with('و'))
                        .and_then(number_value)
                        .filter(|(v, _)| (20.0..=90.0).contains(v) && v % 10.0 == 0.0);
                    if let Some((v, _)) = tens {
                        value += v;
                        next += 1;
                    } else if matches!(key_at(next), "عشر" | "عشره") {
                        value += 10.0;
                        next += 1;
                    }
                }
                // "مائة وخمسين ألف دينار": hundreds and a smaller number word, before the
                // multiplier that applies to both.
                if t.kind != TokenKind::Number && !approx && (100.0..1000.0).contains(&value) {
                    let rest = toks
                        .get(next)
                        .filter(|n| n.key.starts_with('و') && n.kind != TokenKind::Number)
                        .and_then(number_value)
                        .filter(|(v, a)| !a && *v < 100.0);
                    if let Some((v, _)) = rest {
                        value += v;
                        next += 1;
                    }
                }
                // "2،1 مليار": the Arabic decimal comma between two numbers written together.
                if let (Some(comma), Some(frac)) = (toks.get(next), toks.get(next + 1)) {
                    if comma.key == "،"
                        && t.kind == TokenKind::Number
                        && frac.kind == TokenKind::Number
                        && t.span.end == comma.span.start
                        && comma.span.end == frac.span.start
                    {
                        if let Ok(v) = format!("{}.{}", t.key, frac.key).parse::<f64>() {
                            value = v;
                            next += 2;
                        }
                    }
                }
                // "3 آلاف", "عشرات الآلاف", "50 مليون", "2 مليار"
                if let Some(mult) = multiplier(key_at(next)) {
                    value *= mult;
                    next += 1;
                }
                // "مليون و700 ألف دينار": a smaller count joined by و adds to a large one.
                if value >= 1000.0 && key_at(next) == "و" {
                    if let Some((v2, _)) = toks.get(next + 1).and_then(number_value) {
                        let m2 = multiplier(key_at(next + 2));
                        let v2 = v2 * m2.unwrap_or(1.0);
                        if v2 < value {
                            value += v2;
                            next += 2 + usize::from(m2.is_some());
                        }
                    }
                }
                let mut unit = dual_unit.or(one_of_unit);
                let mut money = None;
                if let Some(c) = currency(key_at(next), toks.get(next + 1).map(|t| t.key.as_str()))
                {
                    unit = Some("money");
                    money = Some(c.to_string());
                    next += 1;
                }
                // "بين 50 و200 دينار": the currency after a range is the first number's too.
                if unit.is_none() && i > 0 && key_at(i - 1) == "بين" && key_at(next) == "و" {
                    let mut k = next + 2;
                    if multiplier(key_at(k)).is_some() {
                        k += 1;
                    }
                    let upper_is_number = toks.get(next + 1).and_then(number_value).is_some();
                    if let Some(c) = currency(key_at(k), toks.get(k + 1).map(|t| t.key.as_str()))
                        .filter(|_| upper_is_number)
                    {
                        unit = Some("money");
                        money = Some(c.to_string());
                    } else if upper_is_number {
                        // "بين 1800 و2000 لاجئ": and the unit noun after it.
                        unit = unit_noun(key_at(k));
                    }
                }
                // The multiplier and currency words belong to this number ("50 مليون يورو").
                skip_to = skip_to.max(next);
                // "بين 58 بالمائة الى 60 بالمائة": a percentage is no count.
                if matches!(key_at(next), "بالمايه" | "بالميه" | "%" | "٪" | "بالمية")
                    || (key_at(next) == "في" && matches!(key_at(next + 1), "المايه" | "الميه"))
                {
                    continue;
                }
                // A dual noun ("فلسطينيان") is the counted noun itself, and what happened to the
                // two is said right before it ("استشهد فلسطينيان", "مقتل شخصين"), not by the
                // next clause's verb ("… وأصيب خمسة").
                let mut counted = is_person_dual(t.key.strip_prefix('و').unwrap_or(&t.key));
                // "قتل إرهابيين اثنين": "two" follows the noun it counts.
                // "ووفاة شخص واحد": "one" after a counted singular noun.
                let one_after_noun = one && one_of_unit.is_none();
                let after_noun = one_after_noun
                    || (matches!(t.key.as_str(), "اثنين" | "اثنان" | "اثنتين" | "اثنتان")
                        && !matches!(
                            key_at(i.wrapping_sub(1)),
                            "بينهم"
                                | "وبينهم"
                                | "منهم"
                                | "ومنهم"
                                | "بينها"
                                | "منها"
                                | "من"
                                | "علي"
                        ));
                if one_after_noun {
                    counted = true;
                }
                if counted {
                    unit = toks
                        .get(i.saturating_sub(2)..i)
                        .unwrap_or(&[])
                        .iter()
                        .rev()
                        .find_map(|p| unit_verb(&p.key).or_else(|| unit_event(&p.key)));
                }
                let mut voters = false;
                for j in next..(next + 3).min(toks.len()) {
                    if unit.is_some() {
                        break;
                    }
                    let Some(tk) = toks.get(j) else { break };
                    if let Some(u) = unit_noun(&tk.key) {
                        unit = Some(u);
                        break;
                    }
                    // "30 شخصا قتلوا": a counted noun, then a verb saying what happened to them.
                    if let Some(u) = unit_verb(&tk.key).filter(|_| counted) {
                        unit = Some(u);
                        break;
                    }
                    // "عشرات الآلاف من النازحين" (but not "13 من أصل 15").
                    if j == next
                        && tk.key == "من"
                        && !matches!(key_at(j + 1), "اصل" | "بين" | "مجموع")
                    {
                        continue;
                    }
                    if is_voter(&tk.key) {
                        voters = true;
                        counted = true;
                        continue;
                    }
                    if !is_counted_filler(&tk.key) {
                        break;
                    }
                    counted = true;
                }
                // "13 عضوا من أصل 15", "13 من أصل 15 عضوا"
                let mut out_of = None;
                for j in next..(next + 3).min(toks.len()) {
                    if key_at(j) == "من" && matches!(key_at(j + 1), "اصل" | "بين" | "مجموع")
                    {
                        if let Some((whole, _)) = toks.get(j + 2).and_then(number_value) {
                            out_of = Some(whole);
                            skip_to = j + 3;
                        }
                        break;
                    }
                }
                // "7 أشخاص قتلوا على يد 3 مهاجمين": those after على يد did it.
                let perpetrators =
                    key_at(i.wrapping_sub(1)) == "يد" && key_at(i.wrapping_sub(2)) == "علي";
                if unit.is_none()
                    && !perpetrators
                    && (counted || voters || after_noun || out_of.is_some())
                {
                    // "اعتقلت الشرطة ١٢ شخصاً", "صوّت 13 عضوا": the verb before the number.
                    unit = toks
                        .get(i.saturating_sub(4)..i)
                        .unwrap_or(&[])
                        .iter()
                        .rev()
                        .find_map(|p| unit_verb(&p.key));
                }
                let mut j = i;
                while j > 0
                    && toks.get(j - 1).is_some_and(|p| {
                        matches!(
                            p.key.as_str(),
                            "نحو"
                                | "حوالي"
                                | "قرابه"
                                | "اكثر"
                                | "ازيد"
                                | "من"
                                | "ما"
                                | "يقارب"
                                | "يزيد"
                                | "يربو"
                                | "عن"
                                | "علي"
                        )
                    })
                {
                    j -= 1;
                }
                // "لقي 7 لاجئين مصرعهم": what happened to the refugees (the verb or event noun
                // before the count) is the claim, not their being refugees.
                if unit == Some("displaced") {
                    let before = j.checked_sub(1).and_then(|p| toks.get(p));
                    if let Some(u) = before
                        .and_then(|p| unit_verb(&p.key).or_else(|| unit_event(&p.key)))
                        .filter(|u| *u != "displaced")
                    {
                        unit = Some(u);
                    }
                }
                if unit.is_none() {
                    // "مقتل 5", "بموافقة 13", or a vote verb right before: "وامتنع 2 عن التصويت".
                    let before = j.checked_sub(1).and_then(|p| toks.get(p));
                    // "إيقاف 9 أشخاص", "القبض على 9 من أفرادها", not "إيقاف 6 سيارات".
                    let people = counted || key_at(next) == "من";
                    unit = before
                        .filter(|p| people || !needs_people(&p.key))
                        .and_then(|p| unit_event(&p.key))
                        .or_else(|| {
                            before
                                .and_then(|p| unit_verb(&p.key))
                                .filter(|u| matches!(*u, "votes" | "votes_against" | "abstentions"))
                        });
                    // "مقتل وإصابة 1115 مدنيا": one count of the killed and the injured together.
                    let pair = j
                        .checked_sub(2)
                        .and_then(|p| toks.get(p))
                        .and_then(|p| unit_event(&p.key));
                    if matches!(
                        (pair, unit),
                        (Some("killed"), Some("injured")) | (Some("injured"), Some("killed"))
                    ) && before.is_some_and(|p| p.key.starts_with('و'))
                    {
                        unit = Some("casualties");
                    }
                }
                if unit.is_none()
                    && matches!(
                        key_at(j.wrapping_sub(1)),
                        "بينهم" | "وبينهم" | "منهم" | "ومنهم" | "بينهن" | "منهن"
                    )
                {
                    // "11 جريحا، من بينهم 3 أطفال": a count of people among those just counted,
                    // which is part of it.
                    if let Some((_, q)) = found.last().filter(|(at, q)| {
                        i.saturating_sub(*at) <= 10 && is_people_unit(&q.unit) && value < q.value
                    }) {
                        unit = unit_name(&q.unit);
                        out_of = out_of.or(Some(q.value));
                    }
                }
                if unit.is_none() && counted && !perpetrators {
                    // "بطاقة إيداع بالسجن في حق 3 أشخاص": an event noun a few words before
                    // counted people.
                    unit = toks
                        .get(i.saturating_sub(5)..i)
                        .unwrap_or(&[])
                        .iter()
                        .rev()
                        .find_map(|p| unit_event(&p.key));
                }
                // (The و of "واحد" is its first letter, not the conjunction.)
                let joined = (t.key.starts_with('و')
                    && !matches!(t.key.as_str(), "واحد" | "واحده"))
                    || key_at(i.wrapping_sub(1)) == "و";
                // "… بسقوط 52 قتيلا و365" with the sentence cut before the second count's noun:
                // nothing says what the second count counts.
                let cut_off = toks
                    .get(next..)
                    .is_none_or(|rest| rest.iter().all(|t| t.kind == TokenKind::Punctuation));
                if unit.is_none() && joined && !cut_off {
                    // "القبض على ثلاثة إرهابيين وثلاثة عناصر دعم": a count joined by و to the
                    // one just claimed is of the same kind.
                    unit = found
                        .last()
                        .filter(|(at, q)| i.saturating_sub(*at) <= 4 && q.unit != "money")
                        .and_then(|(_, q)| unit_name(&q.unit));
                }
                if unit.is_none() && counted && !perpetrators {
                    // "48 شخصا نقلوا للمستشفى بعد إصابتهم بجروح": what happened to the counted
                    // people, said after them.
                    unit = toks
                        .get(next..(next + 8).min(toks.len()))
                        .unwrap_or(&[])
                        .iter()
                        .find_map(|p| their_event(&p.key));
                }
                if unit.is_none() {
                    unit = total_of(toks, j);
                }
                if unit.is_none() && matches!(key_at(next), "حاله" | "حالات") {
                    // "توجيه المصابين إلى قسم الاستعجالي (24 حالة) ومركز … (6 حالات)": cases
                    // of the injured or killed just named.
                    let casualty = |u: &str| matches!(u, "injured" | "killed");
                    unit = found
                        .last()
                        .filter(|(at, q)| i.saturating_sub(*at) <= 12 && casualty(&q.unit))
                        .and_then(|(_, q)| unit_name(&q.unit))
                        .or_else(|| {
                            toks.get(i.saturating_sub(12)..i)
                                .unwrap_or(&[])
                                .iter()
                                .rev()
                                .find_map(|p| unit_noun(&p.key).filter(|u| casualty(u)))
                        });
                }
                if unit.is_none() && matches!(key_at(next), "مره" | "مرات") {
                    // "خرق الاتفاق أكثر من 800 مرة": a count of times after a violation word.
                    let violated = toks
                        .get(j.saturating_sub(6)..j)
                        .unwrap_or(&[])
                        .iter()
                        .any(|p| is_violation_word(&p.key));
                    if violated {
                        unit = Some("violations");
                    }
                }
                let Some(unit) = unit else { continue };
                // Deaths count as killed in an incident (an attack, a clash, an accident, a
                // disaster); "وفاة 450 ألف شخص في سن العمل", deaths from counterfeit drugs or of
                // pilgrims "لأسباب صحية" are mortality, not claims of the killed.
                if unit == "killed" && !toks.iter().any(|t| is_incident_word(&t.key)) {
                    continue;
                }
                // Trucks are claimed for aid convoys ("200 شاحنة مساعدات", "عبر معبر رفح"); seized
                // or burning lorries in crime and accident reports are not such claims.
                if unit == "trucks" && !toks.iter().any(|t| is_aid_word(&t.key)) {
                    continue;
                }
                let mut qualifier = qualifier_before(toks, i);
                if qualifier == Qualifier::Exact && approx {
                    qualifier = Qualifier::MoreThan;
                }
                // "قتل 26 شخصا على الأقل": at least, i.e. the count may be higher.
                let at_least = (next..(next + 5).min(toks.len()))
                    .any(|k| key_at(k) == "علي" && key_at(k + 1) == "الاقل");
                if qualifier == Qualifier::Exact && at_least {
                    qualifier = Qualifier::MoreThan;
                }
                found.push((
                    i,
                    Quantity {
                        value,
                        qualifier,
                        unit: unit.to_string(),
                        out_of,
                        currency: money,
                    },
                ));
            }
            if found.is_empty() {
                continue;
            }
            let sent_mentions = crate::coder::mentions_in(&mentions, sent);
            let actors = actor_refs(idx, toks, &sent_mentions, entities);
            let attribution = self.attribution(idx, toks, &actors, entities, &[]);
            let (date, precision) = event_date(sent, dates, published);
            let text_s = idx.slice(sent).to_string();
            for (i, q) in found {
                let pos = toks.get(i).map_or(0, |t| t.span.start).to_string();
                out.push(Claim {
                    id: stable_id(&[&text_s, &pos, &q.unit]),
                    claimant: attribution.as_ref().and_then(|a| a.entity.clone()),
                    claimant_text: attribution.as_ref().and_then(|a| a.text.clone()),
                    quantity: q,
                    date: date.clone(),
                    date_precision: precision.to_string(),
                    start: sent.start,
                    end: sent.end,
                    text: text_s.clone(),
                });
            }
        }
        out
    }
}

/// Claims of an article with the shipped dictionaries (the coder is built once per process).
pub fn find_claims(text: &str, published: Option<Ymd>, entities: &[EntityLike]) -> Vec<Claim> {
    match crate::coder::default_coder() {
        Some(c) => c.claims(text, published, entities),
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rasd_core::Span;

    #[test]
    fn qualified_count_of_killed_with_unnamed_claimant() {
        let text = "وذكرت مصادر طبية أن أكثر من 20 شخصا قتلى في القصف.";
        let c = find_claims(text, Ymd::new(2025, 12, 20), &[]);
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].quantity.value, 20.0);
        assert_eq!(c[0].quantity.qualifier, Qualifier::MoreThan);
        assert_eq!(c[0].quantity.unit, "killed");
        assert_eq!(c[0].claimant_text.as_deref(), Some("مصادر طبية"));
    }

    #[test]
    fn event_noun_before_number_and_arabic_indic_digits() {
        let text = "أسفر الهجوم عن مقتل نحو ١٥ مدنيا وإصابة 30 آخرين.";
        let c = find_claims(text, None, &[]);
        let got: Vec<(f64, &str, Qualifier)> = c
            .iter()
            .map(|c| {
                (
                    c.quantity.value,
                    c.quantity.unit.as_str(),
                    c.quantity.qualifier,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                (15.0, "killed", Qualifier::About),
                (30.0, "injured", Qualifier::Exact)
            ]
        );
        for cl in &c {
            assert_eq!(
                Span::new(cl.start, cl.end).slice(text),
                Some(cl.text.as_str())
            );
        }
    }

    /// `(value, unit, qualifier, out_of, currency)` of each claim.
    type Q = (f64, String, Qualifier, Option<f64>, Option<String>);

    fn quantities(text: &str) -> Vec<Q> {
        find_claims(text, Ymd::new(2025, 12, 20), &[])
            .into_iter()
            .map(|c| {
                let q = c.quantity;
                (q.value, q.unit, q.qualifier, q.out_of, q.currency)
            })
            .collect()
    }

    #[test]
    fn security_council_vote_counts_with_their_whole_and_abstentions() {
        let got =
            quantities("وتبنى مجلس الأمن القرار بموافقة 13 عضوا من أصل 15، وامتنع 2 عن التصويت.");
        assert_eq!(
            got,
            vec![
                (13.0, "votes".into(), Qualifier::Exact, Some(15.0), None),
                (2.0, "abstentions".into(), Qualifier::Exact, None, None),
            ]
        );
        let got = quantities("وصوّت 12 عضوا لصالح مشروع القرار.");
        assert_eq!(
            got,
            vec![(12.0, "votes".into(), Qualifier::Exact, None, None)]
        );
        let got = quantities("واعتمد القرار بأغلبية ١٤ صوتا.");
        assert_eq!(
            got,
            vec![(14.0, "votes".into(), Qualifier::Exact, None, None)]
        );
    }

    #[test]
    fn money_amounts_multiply_millions_and_keep_the_currency() {
        let got =
            quantities("وقدم الاتحاد الأوروبي مساعدات مالية بقيمة 50 مليون يورو للسلطة الفلسطينية.");
        assert_eq!(
            got,
            vec![(
                5e7,
                "money".into(),
                Qualifier::Exact,
                None,
                Some("EUR".into())
            )]
        );
        let got = quantities("وتعهدت الدول المانحة بنحو 3 مليارات دولار.");
        assert_eq!(
            got,
            vec![(
                3e9,
                "money".into(),
                Qualifier::About,
                None,
                Some("USD".into())
            )]
        );
        let got = quantities("خصصت الحكومة مليون دينار للجهة.");
        assert_eq!(
            got,
            vec![(
                1e6,
                "money".into(),
                Qualifier::Exact,
                None,
                Some("dinar".into())
            )]
        );
    }

    #[test]
    fn only_aid_trucks_are_truck_claims() {
        assert!(
            quantities("وتمكنت الوحدات الأمنية من حجز 3 شاحنات محملة بالسجائر المهربة.")
                .iter()
                .all(|q| q.1 != "trucks")
        );
        assert_eq!(
            quantities("وعبرت 40 شاحنة محملة بالطحين معبر كرم أبو سالم.")
                .first()
                .map(|q| q.1.clone()),
            Some("trucks".to_string())
        );
    }

    #[test]
    fn people_entering_are_not_trucks() {
        // "دخول" (entry) counts whatever noun follows: only a truck word makes trucks.
        assert!(
            quantities("وسجلت المصالح دخول 10 آلاف جزائري عبر المعبر الحدودي.")
                .iter()
                .all(|q| q.1 != "trucks")
        );
    }

    #[test]
    fn aid_trucks_entering_with_and_without_an_event_noun() {
        assert_eq!(
            quantities("ودخلت أمس 200 شاحنة مساعدات إلى غزة عبر معبر رفح."),
            vec![(200.0, "trucks".into(), Qualifier::Exact, None, None)]
        );
        assert_eq!(
            quantities("وأعلنت الأمم المتحدة دخول قرابة ١٥٠ شاحنة."),
            vec![(150.0, "trucks".into(), Qualifier::About, None, None)]
        );
    }

    #[test]
    fn ceasefire_violations_as_a_noun_or_as_a_count_of_times() {
        assert_eq!(
            quantities("واتهم لبنان إسرائيل بخرق الاتفاق أكثر من 800 مرة."),
            vec![(800.0, "violations".into(), Qualifier::MoreThan, None, None)]
        );
        assert_eq!(
            quantities("ورصد الجيش 25 خرقا لوقف إطلاق النار."),
            vec![(25.0, "violations".into(), Qualifier::Exact, None, None)]
        );
        // A count of times without a violation word is no claim.
        assert!(quantities("وزار الوزير المدينة 3 مرات.").is_empty());
    }

    #[test]
    fn at_least_after_the_count_and_number_words_with_min() {
        assert_eq!(
            quantities("قتل 26 شخصا على الأقل في هجوم مسلح."),
            vec![(26.0, "killed".into(), Qualifier::MoreThan, None, None)]
        );
        assert_eq!(
            quantities("ونزح عشرات الآلاف من النازحين نحو الجنوب."),
            vec![(10000.0, "displaced".into(), Qualifier::MoreThan, None, None)]
        );
        assert_eq!(
            quantities("وأصيب مئات الجرحى."),
            vec![(100.0, "injured".into(), Qualifier::MoreThan, None, None)]
        );
    }

    #[test]
    fn agency_decimals_compounds_and_ranges_are_read_whole() {
        let money = |t: &str| -> Vec<f64> { quantities(t).into_iter().map(|q| q.0).collect() };
        // "7ر17" is 17.7 (the whole part after ر); "2،1" is 2.1.
        assert_eq!(money("بلغت القروض 7ر17 مليار دينار."), vec![17.7e9]);
        assert_eq!(money("بلغ العجز 2،1 مليار دينار."), vec![2.1e9]);
        // A smaller count joined by و adds to a large one.
        assert_eq!(money("ديون فاقت مليون و700 ألف دينار."), vec![1.7e6]);
        assert_eq!(money("ميزانية 29 مليار و154 مليون دينار."), vec![29.154e9]);
        // Both ends of a range take the currency after it.
        assert_eq!(
            money("يتراوح المعلوم بين 50 و200 دينار."),
            vec![50.0, 200.0]
        );
        assert_eq!(money("سعر الدينار 3 دنانير لليورو."), vec![3.0]);
    }

    #[test]
    fn arrests_duals_and_totals_are_counted() {
        let q = |t: &str| -> Vec<(f64, String)> {
            quantities(t).into_iter().map(|q| (q.0, q.1)).collect()
        };
        assert_eq!(
            q("تم إيقاف 80 شخصا مفتشا عنهم."),
            vec![(80.0, "detained".into())]
        );
        assert_eq!(
            q("تم القبض على 9 من أفرادها."),
            vec![(9.0, "detained".into())]
        );
        // إيقاف of cars is no arrest.
        assert_eq!(q("تم إيقاف 6 سيارات تهريب."), vec![]);
        assert_eq!(
            q("ألقت الوحدات القبض على ثلاثة إرهابيين وثلاثة عناصر دعم."),
            vec![(3.0, "detained".into()), (3.0, "detained".into())]
        );
        assert_eq!(
            q("أصدر القاضي بطاقة إيداع بالسجن في حق 3 أشخاص."),
            vec![(3.0, "detained".into())]
        );
        // A total a unit noun rose to.
        assert_eq!(
            q("ليرتفع عدد الموقوفين على ذمة القضية إلى 7 أشخاص."),
            vec![(7.0, "detained".into())]
        );
        // Duals of nouns with a broken plural, and "two" after its noun.
        assert_eq!(
            q("تم نقل جريحين إلى المستشفى."),
            vec![(2.0, "injured".into())]
        );
        assert_eq!(
            q("أن الجيش قتل إرهابيين اثنين."),
            vec![(2.0, "killed".into())]
        );
        // A count among the counted is a claim of its own, part of the first (`out_of`).
        assert_eq!(
            q("وأصيب 20 شخصا بينهم اثنان في حالة خطيرة."),
            vec![(20.0, "injured".into()), (2.0, "injured".into())]
        );
        // Those "على يد" are the attackers, not the killed.
        assert_eq!(
            q("وأكد أن 7 أشخاص قتلوا على يد 3 مهاجمين."),
            vec![(7.0, "killed".into())]
        );
        assert_eq!(
            q("حظي بموافقة 115 نائبا واحتفاظ 8 بأصواتهم."),
            vec![(115.0, "votes".into()), (8.0, "abstentions".into())]
        );
    }

    #[test]
    fn carrying_is_no_attribution_but_reporting_is() {
        let claimant = |t: &str| {
            find_claims(t, Ymd::new(2025, 12, 20), &[])
                .first()
                .map(|c| c.claimant_text.clone())
        };
        assert_eq!(claimant("تم نقل 8 جرحى إلى المستشفى."), Some(None));
        assert_eq!(
            claimant("أسفرت الحملة عن إيقاف 80 شخصا وحجز وسيلتي نقل مفتشا عنهما."),
            Some(None)
        );
        assert_eq!(
            claimant("ونقلت وسائل إعلام جزائرية أن 4 جنود أصيبوا بجروح."),
            Some(Some("وسائل إعلام جزائرية".to_string()))
        );
        // After "وفق ما", the speech verb is no part of the source.
        assert_eq!(
            claimant("تم إيقاف 3 أشخاص، وفق ما أكده مصدر أمني."),
            Some(Some("مصدر أمني".to_string()))
        );
    }

    #[test]
    fn refugees_are_displaced_unless_something_happened_to_them() {
        let q = |t: &str| -> Vec<(f64, String)> {
            quantities(t).into_iter().map(|q| (q.0, q.1)).collect()
        };
        assert_eq!(
            q("ستستقبل الولايات المتحدة 1250 لاجئا."),
            vec![(1250.0, "displaced".into())]
        );
        assert_eq!(
            q("لقي 7 لاجئين مصرعهم قبالة السواحل."),
            vec![(7.0, "killed".into())]
        );
        assert_eq!(
            q("وأصيب العشرات الآخرون في القصف."),
            vec![(10.0, "injured".into())]
        );
    }

    #[test]
    fn deaths_in_an_incident_are_killed() {
        let q = |t: &str| -> Vec<(f64, String)> {
            quantities(t).into_iter().map(|q| (q.0, q.1)).collect()
        };
        assert_eq!(
            q("أسفر الحادث عن مصرع ثلاثة أشخاص."),
            vec![(3.0, "killed".into())]
        );
        assert_eq!(
            q("توفي 3 أفراد من عائلة واحدة وأصيب 5 أشخاص في حادث مرور."),
            vec![(3.0, "killed".into()), (5.0, "injured".into())]
        );
    }

    #[test]
    fn verbs_of_exceeding_and_approaching_qualify_the_count() {
        let qual = |t: &str| quantities(t).first().map(|q| q.2);
        assert_eq!(qual("لمبلغ يفوق 10 آلاف دينار."), Some(Qualifier::MoreThan));
        assert_eq!(
            qual("تناهز تكاليفه 2500 مليون دينار."),
            Some(Qualifier::About)
        );
        assert_eq!(qual("بتمويل يقارب 100 مليون دولار."), Some(Qualifier::About));
        assert_eq!(
            qual("سقوط ما لا يقل عن 206 قتلى."),
            Some(Qualifier::MoreThan)
        );
    }

    #[test]
    fn killed_and_injured_together_are_casualties() {
        let q = quantities("أعلنت البعثة عن مقتل وإصابة 1115 مدنيا عراقيا في مارس.");
        assert_eq!(
            q.first().map(|x| (x.0, x.1.as_str())),
            Some((1115.0, "casualties")),
            "{q:?}"
        );
        let q = quantities("أعلنت البعثة عن مقتل 15 مدنيا وإصابة 30 آخرين.");
        assert!(q.iter().any(|x| x.0 == 15.0 && x.1 == "killed"), "{q:?}");
        assert!(q.iter().any(|x| x.0 == 30.0 && x.1 == "injured"), "{q:?}");
    }

    #[test]
    fn a_dual_noun_of_people_counts_two() {
        let q = quantities("استشهد فلسطينيان وأصيب خمسة آخرون في غارة على رفح.");
        assert!(q.iter().any(|x| x.1 == "killed" && x.0 == 2.0), "{q:?}");
        assert!(q.iter().any(|x| x.1 == "injured" && x.0 == 5.0), "{q:?}");
        let q = quantities("أعلنت الشرطة مقتل شخصين في الهجوم.");
        assert!(q.iter().any(|x| x.1 == "killed" && x.0 == 2.0), "{q:?}");
        // A plural that is written like a dual is not two.
        let q = quantities("أعلنت الشرطة مقتل مدنيين في الهجوم.");
        assert!(q.iter().all(|x| x.0 != 2.0), "{q:?}");
    }

    #[test]
    fn thousands_word_multiplies() {
        let c = find_claims("اعتقال 3 آلاف معتقل", None, &[]);
        assert_eq!(c.first().map(|c| c.quantity.value), Some(3000.0));
    }

    #[test]
    fn a_verb_after_or_before_the_counted_people_gives_the_unit() {
        let c = Coder::load_default().unwrap();
        let got = c.claims(
            "وقالت مصادر طبية إن ٣٠ شخصا قتلوا في القصف.",
            Ymd::new(2025, 12, 20),
            &[],
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].quantity.unit, "killed");
        assert_eq!(got[0].quantity.value, 30.0);
        let got = c.claims(
            "ذكرت مصادر أمنية أن الشرطة اعتقلت ١٢ شخصاً في إسطنبول.",
            Ymd::new(2025, 12, 18),
            &[],
        );
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].quantity.unit, "detained");
        assert_eq!(got[0].quantity.value, 12.0);
        // Not a count of people: no claim.
        assert!(c
            .claims(
                "اعتقلت الشرطة المشتبه به 12 ساعة.",
                Ymd::new(2025, 12, 18),
                &[]
            )
            .is_empty());
    }

    /// `(value, unit)` of each claim of one sentence.
    fn counts(text: &str) -> Vec<(f64, String)> {
        quantities(text)
            .into_iter()
            .map(|(v, u, ..)| (v, u))
            .collect()
    }

    fn pairs(items: &[(f64, &str)]) -> Vec<(f64, String)> {
        items.iter().map(|(v, u)| (*v, u.to_string())).collect()
    }

    #[test]
    fn words_that_begin_with_the_letter_of_a_proclitic_are_read_whole() {
        // وفاة، وفيات، وافق، وفاتهم، والد: their و is a letter, not "and".
        assert_eq!(
            counts("أعلنت الوزارة وفاة 5 أطفال جراء الحادث."),
            pairs(&[(5.0, "killed")])
        );
        assert_eq!(
            counts("وارتفع عدد وفيات الحادث إلى 9."),
            pairs(&[(9.0, "killed")])
        );
        assert_eq!(
            counts("وافق 120 نائبا على القانون."),
            pairs(&[(120.0, "votes")])
        );
        assert_eq!(
            counts("فقد 12 شخصا إثر وفاتهم في الحادث."),
            pairs(&[(12.0, "killed")])
        );
        assert!(counts("تحدث والد الشهيدين عن الحادث.").is_empty());
    }

    #[test]
    fn a_joined_count_at_the_end_of_a_cut_sentence_counts_nothing() {
        assert_eq!(
            counts("واعترفت الحكومة بسقوط 52 قتيلا و365"),
            pairs(&[(52.0, "killed")])
        );
        assert_eq!(
            counts("القبض على ثلاثة إرهابيين وثلاثة عناصر دعم."),
            pairs(&[(3.0, "detained"), (3.0, "detained")])
        );
    }

    #[test]
    fn deaths_without_an_incident_are_mortality_not_claims() {
        assert!(counts("شهد العام الماضي وفاة 450 ألف شخص في سن العمل.").is_empty());
        assert!(counts("تتسبب الأدوية المغشوشة في وفاة أكثر من مليون شخص سنويا.").is_empty());
        assert_eq!(
            counts("جد حادث مرور أسفر عن وفاة شخصين."),
            pairs(&[(2.0, "killed")])
        );
    }

    #[test]
    fn totals_reached_or_given_after_the_unit_noun() {
        assert_eq!(
            counts("وذكر التلفزيون ان عدد القتلى 14 بينما أصيب 29 اخرون."),
            pairs(&[(14.0, "killed"), (29.0, "injured")])
        );
        assert_eq!(
            counts("وقال الدفاع المدني إن عدد الوفيات بلغ حتى الآن 107 أشخاص."),
            pairs(&[(107.0, "killed")])
        );
        assert_eq!(
            counts("وأضاف البيان أن عدد الجرحى بلغ 1358 شخصا."),
            pairs(&[(1358.0, "injured")])
        );
        // "إلى" may have a date between the total and the count.
        assert_eq!(
            counts("أعلنت الشرطة أن عدد القتلى في الهجوم يوم 7 أفريل 2017، ارتفع إلى 5 اليوم."),
            pairs(&[(5.0, "killed")])
        );
        assert_eq!(
            counts("تم نقل المصابين والذين قدر عددهم ب 17 إلى المستشفى."),
            pairs(&[(17.0, "injured")])
        );
        // A total of something else, or a number far after it, is no claim.
        assert!(counts("بلغ عدد الزوار 300 ألف زائر.").is_empty());
        assert!(
            counts("إن عدد الموقوفين يفوق عدد المحكومين، وتصل نسبتهم إلى 60 بالمائة.").is_empty()
        );
        assert!(counts("عدد القتلى كبير حسب ما قاله المسؤول في ندوة 2017 عن 12 ملفا.").is_empty());
    }

    #[test]
    fn sub_counts_cases_and_what_happened_said_after() {
        assert_eq!(
            counts("ارتفعت حصيلة الحادث إلى 11 جريحا، من بينهم 3 أطفال، ووفاة شخص واحد."),
            pairs(&[(11.0, "injured"), (3.0, "injured"), (1.0, "killed")])
        );
        let sub = quantities("ارتفعت حصيلة الحادث إلى 11 جريحا، من بينهم 3 أطفال.");
        assert_eq!(sub.get(1).and_then(|q| q.3), Some(11.0));
        assert_eq!(
            counts("وتوجيه المصابين إلى مستشفى الأطفال (24 حالة) ومركز الإسعاف (6 حالات)."),
            pairs(&[(24.0, "injured"), (6.0, "injured")])
        );
        assert_eq!(
            counts("وقالت هيئة الإسعاف إن 48 شخصا نقلوا للمستشفى بعد إصابتهم بجروح."),
            pairs(&[(48.0, "injured")])
        );
        // Cases of an illness are not casualties.
        assert!(counts("سجلت مئات الحالات في صفوف الأطفال.").is_empty());
        assert!(counts("تم تسجيل 30 حالة إصابة بالحمى.").is_empty());
    }

    #[test]
    fn number_words_tens_teens_duals_and_ranges() {
        assert_eq!(
            counts("ارتفعت الحصيلة إلى خمسة قتلى فضلا عن أربعين جريحا."),
            pairs(&[(5.0, "killed"), (40.0, "injured")])
        );
        assert_eq!(
            counts("وأسفر الهجوم عن مقتل خمسة وعشرين شخصا وإصابة أحد عشر آخرين."),
            pairs(&[(25.0, "killed"), (11.0, "injured")])
        );
        assert_eq!(
            counts("إن 10 آلاف مهاجر ماتوا غرقا، بينهم أكثر من ألفين و800 شخص هذا العام."),
            pairs(&[(10000.0, "killed"), (2800.0, "killed")])
        );
        assert_eq!(
            counts("أعيد توطين بين 1800 و2000 لاجئ في الولاية."),
            pairs(&[(1800.0, "displaced"), (2000.0, "displaced")])
        );
        // "One of the injured" is no count; a definite dual after a kinship noun names two
        // people already reported.
        assert!(counts("وقال أحد الجرحى إن الهجوم كان مفاجئا.").is_empty());
        assert!(counts("أكد ابن عم الشهيدين أن 3 سيارات قدمت إلى المنزل.").is_empty());
        assert!(counts("أصبحت تتكلم لغة واحدة وصوت واحد.").is_empty());
        assert_eq!(counts("وأسفر عن قتيل واحد."), pairs(&[(1.0, "killed")]));
        assert_eq!(
            counts("حجز شاحنتين قيمة الواحدة بمائة وخمسين ألف دينار."),
            pairs(&[(150000.0, "money")])
        );
        assert_eq!(
            counts("أودى الحادث بحياة شخص وإصابة أربعة وثمانين آخرين."),
            pairs(&[(84.0, "injured")])
        );
        assert_eq!(
            counts("نقل الجريحين إلى المستشفى."),
            pairs(&[(2.0, "injured")])
        );
    }
}
