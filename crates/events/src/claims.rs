//! Quantity claims: reported numbers of killed, injured, detained, displaced, violations, trucks, with qualifier and claimant.

use rasd_core::{Span, Ymd};
use rasd_text::{Token, TokenKind};
use serde::{Deserialize, Serialize};

use crate::coder::{actor_refs, event_date, CharIndex, Coder};
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
    /// `killed` | `injured` | `detained` | `displaced` | `violations` | `trucks`.
    pub unit: String,
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

/// Unit of a counted noun (folded key, proclitics allowed).
fn unit_noun(key: &str) -> Option<&'static str> {
    let k = key
        .strip_prefix('و')
        .unwrap_or(key)
        .trim_start_matches("ال");
    let table: &[(&[&str], &str)] = &[
        (
            &["قتيل", "قتلي", "شهيد", "شهداء", "ضحيه", "ضحايا"],
            "killed",
        ),
        (&["جريح", "جرحي", "مصاب", "مصابين", "مصابا"], "injured"),
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
                "اسري",
            ],
            "detained",
        ),
        (&["نازح", "نازحين", "نازحا", "مهجر"], "displaced"),
        (&["خرق", "خروقات", "انتهاك", "انتهاكات"], "violations"),
        (&["شاحنه", "شاحنات"], "trucks"),
    ];
    table
        .iter()
        .find(|(words, _)| words.contains(&k))
        .map(|(_, u)| *u)
}

/// Unit of an event noun that precedes the number ("مقتل 5 أشخاص").
fn unit_event(key: &str) -> Option<&'static str> {
    let k = key.strip_prefix('و').unwrap_or(key);
    match k.trim_start_matches("ب") {
        "مقتل" | "استشهاد" | "قتل" => Some("killed"),
        "اصابه" | "جرح" => Some("injured"),
        "اعتقال" | "احتجاز" | "توقيف" => Some("detained"),
        "نزوح" | "تهجير" => Some("displaced"),
        "دخول" => Some("trucks"),
        _ => None,
    }
}

/// Unit of a verb that says what happened to the counted people ("قتلوا", "اعتقلت", "أصيب").
fn unit_verb(key: &str) -> Option<&'static str> {
    let k = key
        .strip_prefix('و')
        .or_else(|| key.strip_prefix('ف'))
        .unwrap_or(key);
    match k {
        "قتل" | "قتلوا" | "قتلت" | "استشهد" | "استشهدوا" | "لقوا" | "لقي" => {
            Some("killed")
        }
        "اصيب" | "اصيبوا" | "اصابت" | "جرح" | "جرحوا" => Some("injured"),
        "اعتقل" | "اعتقلت" | "اعتقلوا" | "اوقفت" | "احتجزت" | "اعتقلتهم" => {
            Some("detained")
        }
        "نزح" | "نزحوا" => Some("displaced"),
        _ => None,
    }
}

/// Value of a number token or a number word; the flag says the word itself is approximate ("مئات").
fn number_value(t: &Token) -> Option<(f64, bool)> {
    if t.kind == TokenKind::Number {
        return t
            .key
            .replace(',', "")
            .parse::<f64>()
            .ok()
            .map(|v| (v, false));
    }
    let k = t.key.strip_prefix('و').unwrap_or(&t.key);
    let v = match k {
        "واحد" => (1.0, false),
        "اثنان" | "اثنين" => (2.0, false),
        "ثلاثه" => (3.0, false),
        "اربعه" => (4.0, false),
        "خمسه" => (5.0, false),
        "سته" => (6.0, false),
        "سبعه" => (7.0, false),
        "ثمانيه" => (8.0, false),
        "تسعه" => (9.0, false),
        "عشره" => (10.0, false),
        "عشرات" => (10.0, true),
        "مئه" | "مائه" => (100.0, false),
        "مئات" => (100.0, true),
        "الف" => (1000.0, false),
        "الاف" => (1000.0, true),
        _ => return None,
    };
    Some(v)
}

/// Counted nouns that may stand between the number and the unit ("5 أشخاص قتلى" is rare; "5 مدنيين").
fn is_counted_filler(key: &str) -> bool {
    let k = key.trim_start_matches("ال");
    matches!(
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
    )
}

fn qualifier_before(toks: &[Token], at: usize) -> Qualifier {
    let key = |i: usize| {
        at.checked_sub(i)
            .and_then(|j| toks.get(j))
            .map_or("", |t| t.key.as_str())
    };
    match (key(2), key(1)) {
        (_, "نحو" | "حوالي" | "قرابه" | "زهاء" | "تقريبا") => {
            Qualifier::About
        }
        ("ما", "يقارب") => Qualifier::About,
        ("اكثر" | "ازيد", "من") | ("يزيد" | "يربو", "عن" | "علي") => {
            Qualifier::MoreThan
        }
        ("اقل", "من") => Qualifier::LessThan,
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
        let idx = CharIndex::new(text);
        let tokens = rasd_text::tokens(text);
        let dates = published.map_or_else(Vec::new, |p| rasd_time::find_dates(text, p));
        let mentions = crate::coder::sorted_mentions(entities);
        let mut out = Vec::new();
        for sent in rasd_text::sentences(text) {
            let toks = crate::coder::sentence_tokens(&tokens, sent);
            let mut found: Vec<(usize, Quantity)> = Vec::new();
            for (i, t) in toks.iter().enumerate() {
                let Some((mut value, approx)) = number_value(t) else {
                    continue;
                };
                let mut next = i + 1;
                // "3 آلاف", "عشرات الآلاف"
                if let Some((mult, _)) = toks
                    .get(next)
                    .and_then(number_value)
                    .filter(|(m, _)| *m >= 1000.0)
                {
                    value *= mult;
                    next += 1;
                }
                let mut unit = None;
                let mut counted = false;
                for j in next..(next + 3).min(toks.len()) {
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
                    if !is_counted_filler(&tk.key) {
                        break;
                    }
                    counted = true;
                }
                if unit.is_none() && counted {
                    // "اعتقلت الشرطة ١٢ شخصاً": the verb before the number (a counted noun follows it).
                    unit = toks
                        .get(i.saturating_sub(4)..i)
                        .unwrap_or(&[])
                        .iter()
                        .rev()
                        .find_map(|p| unit_verb(&p.key));
                }
                if unit.is_none() {
                    let mut j = i;
                    while j > 0
                        && toks.get(j - 1).is_some_and(|p| {
                            matches!(
                                p.key.as_str(),
                                "نحو"
                                    | "حوالي"
                                    | "قرابه"
                                    | "اكثر"
                                    | "من"
                                    | "ما"
                                    | "يقارب"
                                    | "يزيد"
                                    | "عن"
                                    | "علي"
                            )
                        })
                    {
                        j -= 1;
                    }
                    unit = j
                        .checked_sub(1)
                        .and_then(|p| toks.get(p))
                        .and_then(|p| unit_event(&p.key));
                }
                let Some(unit) = unit else { continue };
                let mut qualifier = qualifier_before(toks, i);
                if qualifier == Qualifier::Exact && approx {
                    qualifier = Qualifier::MoreThan;
                }
                found.push((
                    i,
                    Quantity {
                        value,
                        qualifier,
                        unit: unit.to_string(),
                    },
                ));
            }
            if found.is_empty() {
                continue;
            }
            let sent_mentions: Vec<(Span, usize)> = mentions
                .iter()
                .filter(|(s, _)| s.start >= sent.start && s.end <= sent.end)
                .copied()
                .collect();
            let actors = actor_refs(&idx, toks, &sent_mentions, entities);
            let attribution = self.attribution(&idx, toks, &actors, entities, &[]);
            let (date, precision) = event_date(sent, &dates, published);
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
}
