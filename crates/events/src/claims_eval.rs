//! Evaluation of quantity claims against hand-labelled corpus sentences (`testdata/claims/gold.tsv`): P/R/F1 of (unit, value) pairs and qualifier accuracy.

use std::collections::BTreeMap;
use std::fmt;

use crate::{EventError, Qualifier, Quantity};

/// One gold claim: a unit, a value and its qualifier.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldClaim {
    pub unit: String,
    pub value: f64,
    pub qualifier: Qualifier,
}

/// One labelled sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct ClaimRow {
    /// `dev`, `test` (held out), `conflict` (a second set of conflict sentences, held out until
    /// the ninth session wrote rules from it) or `conflict2` (a third, held out).
    pub split: String,
    pub article: String,
    pub sentence: String,
    pub claims: Vec<GoldClaim>,
    /// Who the sentence cites for its numbers: `Some(Some(text))`, `Some(None)` for nobody,
    /// `None` when not labelled or unclear.
    pub claimant: Option<Option<String>>,
}

/// What the extractor says of one claim: its quantity and its claimant's text.
#[derive(Debug, Clone, PartialEq)]
pub struct Predicted {
    pub quantity: Quantity,
    pub claimant_text: Option<String>,
}

/// Parses one `unit=value` item (the value may start with `>`, `<` or `~`).
fn parse_claim(item: &str) -> Option<GoldClaim> {
    let (unit, value) = item.trim().split_once('=')?;
    let value = value.trim();
    let (qualifier, number) = match value.chars().next()? {
        '>' => (Qualifier::MoreThan, value.get(1..)?),
        '<' => (Qualifier::LessThan, value.get(1..)?),
        '~' => (Qualifier::About, value.get(1..)?),
        _ => (Qualifier::Exact, value),
    };
    let value: f64 = number.parse().ok().filter(|v: &f64| v.is_finite())?;
    let unit = unit.trim();
    (!unit.is_empty()).then(|| GoldClaim {
        unit: unit.to_string(),
        value,
        qualifier,
    })
}

/// Parses the gold TSV (`split, stratum, article, sentence, claims[, claimant]`; `#` comments and
/// the header line skipped).
pub fn parse_claim_gold(tsv: &str) -> Result<Vec<ClaimRow>, EventError> {
    let mut out = Vec::new();
    for (n, line) in tsv.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') || line.starts_with("split\t") {
            continue;
        }
        let bad = |why: &str| EventError::Gold {
            line: n + 1,
            why: why.to_string(),
        };
        let f: Vec<&str> = line.split('\t').collect();
        let (split, article, sentence, claims, claimant) = match f.as_slice() {
            [split, _, article, sentence, claims] => (split, article, sentence, claims, None),
            [split, _, article, sentence, claims, claimant] => {
                (split, article, sentence, claims, Some(*claimant))
            }
            _ => return Err(bad("expected 5 or 6 tab-separated columns")),
        };
        let claimant = match claimant.map(str::trim) {
            None | Some("?" | "") => None,
            Some("-") => Some(None),
            Some(c) => Some(Some(c.to_string())),
        };
        if !matches!(*split, "dev" | "test" | "conflict" | "conflict2") {
            return Err(bad("split must be dev, test, conflict or conflict2"));
        }
        let claims = match claims.trim() {
            "-" => Vec::new(),
            s => s
                .split(" | ")
                .map(|item| parse_claim(item).ok_or_else(|| bad(&format!("bad claim {item:?}"))))
                .collect::<Result<_, _>>()?,
        };
        out.push(ClaimRow {
            split: split.to_string(),
            article: article.to_string(),
            sentence: sentence.to_string(),
            claims,
            claimant,
        });
    }
    Ok(out)
}

/// Whether a predicted value is the gold one (within 1 %: "2،1 مليار" read as 2.1e9 or 2.0999e9).
fn same_value(predicted: f64, gold: f64) -> bool {
    (predicted - gold).abs() <= 0.01 * gold.abs().max(1.0)
}

pub use rasd_core::Counts;

/// Scores of one split.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClaimScores {
    pub sentences: usize,
    pub all: Counts,
    pub by_unit: BTreeMap<String, Counts>,
    /// Matched claims whose qualifier is the gold one.
    pub qualifier_right: usize,
    /// Per sentence with an error: (sentence, missed gold claims, spurious predictions).
    pub errors: Vec<(String, Vec<GoldClaim>, Vec<Quantity>)>,
    /// Matched claims with another qualifier: (sentence, gold claim, predicted qualifier).
    pub qualifier_errors: Vec<(String, GoldClaim, Qualifier)>,
    /// Matched claims of sentences with a labelled claimant, and those whose claimant is right
    /// (nobody for nobody, or texts that contain one another after folding).
    pub claimant_labelled: usize,
    pub claimant_right: usize,
    /// (sentence, gold claimant, predicted claimant) of the wrong ones.
    pub claimant_errors: Vec<(String, Option<String>, Option<String>)>,
}

/// Whether a predicted claimant is the labelled one: nobody for nobody, or word sequences one
/// of which holds the other, two words being the same when some clitic-free reading of each is
/// ("للبنك الدولي" holds "البنك الدولي", "الوزارة" is in "وزارة الصحة").
fn same_claimant(gold: Option<&str>, got: Option<&str>) -> bool {
    let words = |s: &str| -> Vec<Vec<String>> {
        rasd_text::fold(s)
            .split_whitespace()
            .map(rasd_text::strip_clitics)
            .collect()
    };
    let same = |a: &Vec<String>, b: &Vec<String>| a.iter().any(|x| b.contains(x));
    let holds = |long: &[Vec<String>], short: &[Vec<String>]| {
        !short.is_empty()
            && long
                .windows(short.len())
                .any(|w| w.iter().zip(short).all(|(a, b)| same(a, b)))
    };
    match (gold, got) {
        (None, None) => true,
        (Some(g), Some(p)) => {
            let (g, p) = (words(g), words(p));
            holds(&g, &p) || holds(&p, &g)
        }
        _ => false,
    }
}

/// Scores `extract` (a sentence → its predicted quantities) on `rows`: a predicted claim is
/// right when a gold claim of the sentence has its unit and value and is not matched yet.
pub fn score_claims<'a>(
    rows: impl IntoIterator<Item = &'a ClaimRow>,
    extract: impl Fn(&str) -> Vec<Predicted>,
) -> ClaimScores {
    let mut s = ClaimScores::default();
    for row in rows {
        s.sentences += 1;
        let mut predicted: Vec<Option<Predicted>> =
            extract(&row.sentence).into_iter().map(Some).collect();
        let mut missed = Vec::new();
        for g in &row.claims {
            let hit = predicted.iter_mut().find(|p| {
                p.as_ref().is_some_and(|p| {
                    p.quantity.unit == g.unit && same_value(p.quantity.value, g.value)
                })
            });
            let unit = s.by_unit.entry(g.unit.clone()).or_default();
            match hit.and_then(Option::take) {
                Some(p) => {
                    s.all.tp += 1;
                    unit.tp += 1;
                    if let Some(gold) = &row.claimant {
                        s.claimant_labelled += 1;
                        if same_claimant(gold.as_deref(), p.claimant_text.as_deref()) {
                            s.claimant_right += 1;
                        } else {
                            s.claimant_errors.push((
                                row.sentence.clone(),
                                gold.clone(),
                                p.claimant_text.clone(),
                            ));
                        }
                    }
                    let q = p.quantity;
                    if q.qualifier == g.qualifier {
                        s.qualifier_right += 1;
                    } else {
                        s.qualifier_errors
                            .push((row.sentence.clone(), g.clone(), q.qualifier));
                    }
                }
                None => {
                    s.all.fn_ += 1;
                    unit.fn_ += 1;
                    missed.push(g.clone());
                }
            }
        }
        let spurious: Vec<Quantity> = predicted
            .into_iter()
            .flatten()
            .map(|p| p.quantity)
            .collect();
        for q in &spurious {
            s.all.fp += 1;
            s.by_unit.entry(q.unit.clone()).or_default().fp += 1;
        }
        if !missed.is_empty() || !spurious.is_empty() {
            s.errors.push((row.sentence.clone(), missed, spurious));
        }
    }
    s
}

impl fmt::Display for ClaimScores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line =
            |f: &mut fmt::Formatter<'_>, name: &str, c: &Counts| writeln!(f, "  {name:<14} {c}");
        writeln!(f, "sentences {}", self.sentences)?;
        line(f, "all claims", &self.all)?;
        for (unit, c) in &self.by_unit {
            line(f, unit, c)?;
        }
        writeln!(
            f,
            "  qualifier right on {}/{} matched claims",
            self.qualifier_right, self.all.tp
        )?;
        writeln!(
            f,
            "  claimant right on {}/{} matched claims with a labelled claimant",
            self.claimant_right, self.claimant_labelled
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(unit: &str, value: f64) -> Predicted {
        Predicted {
            quantity: Quantity {
                value,
                qualifier: Qualifier::Exact,
                unit: unit.to_string(),
                out_of: None,
                currency: None,
            },
            claimant_text: None,
        }
    }

    #[test]
    fn gold_rows_parse_with_qualifiers_and_bad_rows_are_errors() {
        let tsv = "# comment\nsplit\tstratum\tarticle\tsentence\tclaims\n\
                   dev\tcue\ta1\tقتل 22 شخصا\tkilled=22 | money=>3.4e9\n\
                   test\tplain\ta2\tلا شيء\t-\n";
        let rows = parse_claim_gold(tsv).expect("parses");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].claims.len(), 2);
        assert_eq!(rows[0].claims[1].qualifier, Qualifier::MoreThan);
        assert_eq!(rows[0].claims[1].value, 3.4e9);
        assert!(rows[1].claims.is_empty());
        assert!(parse_claim_gold("dev\tcue\ta\ts\tkilled=many\n").is_err());
        assert!(parse_claim_gold("train\tcue\ta\ts\t-\n").is_err());
        assert!(parse_claim_gold("dev\tcue\ta\ts\n").is_err());
    }

    #[test]
    fn each_gold_claim_matches_one_prediction_of_its_unit_and_value() {
        let rows = parse_claim_gold(
            "dev\tc\ta\tone\tdetained=3 | detained=3 | injured=10\n\
             dev\tc\tb\ttwo\t-\n",
        )
        .expect("parses");
        let s = score_claims(&rows, |t| match t {
            "one" => vec![q("detained", 3.0), q("killed", 10.0), q("injured", 10.05)],
            _ => vec![q("money", 5.0)],
        });
        // One detained=3 found of two; injured within 1 %; killed and money spurious.
        assert_eq!((s.all.tp, s.all.fp, s.all.fn_), (2, 2, 1));
        assert_eq!(
            s.by_unit["detained"],
            Counts {
                tp: 1,
                fp: 0,
                fn_: 1
            }
        );
        assert_eq!(s.qualifier_right, 2);
        assert_eq!(s.errors.len(), 2);
    }

    #[test]
    fn claimants_are_scored_on_matched_claims_when_labelled() {
        let rows = parse_claim_gold(
            "dev\tc\ta\tone\tkilled=3\tوزارة الصحة\n\
             dev\tc\tb\ttwo\tkilled=4\t-\n\
             dev\tc\tc\tthree\tkilled=5\t?\n",
        )
        .expect("parses");
        assert_eq!(rows[1].claimant, Some(None));
        assert_eq!(rows[2].claimant, None);
        let s = score_claims(&rows, |t| {
            let (v, who) = match t {
                "one" => (3.0, Some("الوزارة")),
                "two" => (4.0, Some("مصدر")),
                _ => (5.0, None),
            };
            let mut p = q("killed", v);
            p.claimant_text = who.map(String::from);
            vec![p]
        });
        // "الوزارة" is inside "وزارة الصحة" after folding; nobody was cited in "two".
        assert_eq!((s.claimant_right, s.claimant_labelled), (1, 2));
        assert_eq!(s.claimant_errors.len(), 1);
    }
}
