//! Evaluation of date resolution on expressions-in-context (JSONL cases with gold spans and values).

use std::collections::BTreeMap;

use rasd_core::Ymd;
use serde::{Deserialize, Serialize};

use crate::{find_dates, DateMention};

/// One gold expression of a case: its text (a substring of the case text) and expected value.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GoldDate {
    pub text: String,
    /// Which occurrence of `text` in the case text (0-based) when it occurs more than once.
    #[serde(default)]
    pub occurrence: usize,
    pub value: String,
    /// When present, the expected `weekday_conflict` flag.
    #[serde(default)]
    pub weekday_conflict: Option<bool>,
}

/// One evaluation case: a sentence, its reference date and the date expressions it contains
/// (possibly none: a trap).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EvalCase {
    pub id: String,
    /// "dev" (used while writing the rules) or "heldout" (never tuned on).
    pub split: String,
    #[serde(rename = "ref")]
    pub reference: String,
    pub text: String,
    pub gold: Vec<GoldDate>,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// Errors reading evaluation data.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("line {line}: {source}")]
    Json {
        line: usize,
        source: serde_json::Error,
    },
    #[error("case {id}: bad reference date {reference:?}")]
    BadReference { id: String, reference: String },
    #[error("case {id}: gold text {text:?} (occurrence {occurrence}) not found in the case text")]
    GoldNotFound {
        id: String,
        text: String,
        occurrence: usize,
    },
}

/// Counts for one split.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Scores {
    pub cases: usize,
    pub gold: usize,
    pub predicted: usize,
    /// Predictions overlapping a gold expression.
    pub predicted_matched: usize,
    /// Gold expressions with an overlapping prediction.
    pub gold_detected: usize,
    /// Gold expressions whose overlapping prediction has exactly the gold value.
    pub value_correct: usize,
    /// Gold expressions with an expected conflict flag, and how many got it right.
    pub conflict_gold: usize,
    pub conflict_correct: usize,
}

impl Scores {
    pub fn precision(&self) -> f64 {
        ratio(self.predicted_matched, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.gold_detected, self.gold)
    }
    /// Value accuracy over all gold expressions (a missed expression counts as wrong).
    pub fn accuracy(&self) -> f64 {
        ratio(self.value_correct, self.gold)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// A wrong or missing value, or a spurious prediction, for error listings.
#[derive(Debug, Clone, Serialize)]
pub struct EvalMiss {
    pub id: String,
    pub kind: &'static str,
    pub text: String,
    pub expected: Option<String>,
    pub got: Option<String>,
}

/// Reads JSONL cases (blank lines and lines starting with `#` are skipped).
pub fn read_cases(data: &str) -> Result<Vec<EvalCase>, EvalError> {
    let mut out = Vec::new();
    for (n, line) in data.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let case: EvalCase = serde_json::from_str(l).map_err(|source| EvalError::Json {
            line: n + 1,
            source,
        })?;
        out.push(case);
    }
    Ok(out)
}

fn gold_span(case: &EvalCase, g: &GoldDate) -> Result<(usize, usize), EvalError> {
    let not_found = || EvalError::GoldNotFound {
        id: case.id.clone(),
        text: g.text.clone(),
        occurrence: g.occurrence,
    };
    let (byte, _) = case
        .text
        .match_indices(g.text.as_str())
        .nth(g.occurrence)
        .ok_or_else(not_found)?;
    let start = case.text.get(..byte).ok_or_else(not_found)?.chars().count();
    Ok((start, start + g.text.chars().count()))
}

fn overlaps(a: (usize, usize), m: &DateMention) -> bool {
    a.0 < m.end && m.start < a.1
}

/// Scores every case, per split; also returns the errors.
pub fn evaluate(
    cases: &[EvalCase],
) -> Result<(BTreeMap<String, Scores>, Vec<EvalMiss>), EvalError> {
    let mut by_split: BTreeMap<String, Scores> = BTreeMap::new();
    let mut errors = Vec::new();
    for case in cases {
        let reference = Ymd::parse_iso(&case.reference).ok_or_else(|| EvalError::BadReference {
            id: case.id.clone(),
            reference: case.reference.clone(),
        })?;
        let predicted = find_dates(&case.text, reference);
        let spans = case
            .gold
            .iter()
            .map(|g| gold_span(case, g))
            .collect::<Result<Vec<_>, _>>()?;
        let s = by_split.entry(case.split.clone()).or_default();
        s.cases += 1;
        s.gold += case.gold.len();
        s.predicted += predicted.len();
        for m in &predicted {
            if spans.iter().any(|sp| overlaps(*sp, m)) {
                s.predicted_matched += 1;
            } else {
                errors.push(EvalMiss {
                    id: case.id.clone(),
                    kind: "spurious",
                    text: m.text.clone(),
                    expected: None,
                    got: Some(m.value.clone()),
                });
            }
        }
        for (g, sp) in case.gold.iter().zip(&spans) {
            let hit = predicted.iter().find(|m| overlaps(*sp, m));
            if let Some(m) = hit {
                s.gold_detected += 1;
                if m.value == g.value {
                    s.value_correct += 1;
                } else {
                    errors.push(EvalMiss {
                        id: case.id.clone(),
                        kind: "wrong value",
                        text: g.text.clone(),
                        expected: Some(g.value.clone()),
                        got: Some(format!("{} ({})", m.value, m.text)),
                    });
                }
            } else {
                errors.push(EvalMiss {
                    id: case.id.clone(),
                    kind: "missed",
                    text: g.text.clone(),
                    expected: Some(g.value.clone()),
                    got: None,
                });
            }
            if let Some(want) = g.weekday_conflict {
                s.conflict_gold += 1;
                if hit.is_some_and(|m| m.weekday_conflict == want) {
                    s.conflict_correct += 1;
                } else {
                    errors.push(EvalMiss {
                        id: case.id.clone(),
                        kind: "conflict flag",
                        text: g.text.clone(),
                        expected: Some(want.to_string()),
                        got: hit.map(|m| m.weekday_conflict.to_string()),
                    });
                }
            }
        }
    }
    Ok((by_split, errors))
}

/// A publication-date case: an article head and its expected dateline (`None`: there is none).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DatelineCase {
    pub id: String,
    pub split: String,
    pub text: String,
    pub dateline: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// Reads JSONL dateline cases.
pub fn read_dateline_cases(data: &str) -> Result<Vec<DatelineCase>, EvalError> {
    let mut out = Vec::new();
    for (n, line) in data.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        out.push(serde_json::from_str(l).map_err(|source| EvalError::Json {
            line: n + 1,
            source,
        })?);
    }
    Ok(out)
}

/// (cases, correct) per split for `find_dateline`, and the wrong cases.
pub fn evaluate_datelines(
    cases: &[DatelineCase],
) -> (BTreeMap<String, (usize, usize)>, Vec<EvalMiss>) {
    let mut by_split: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut errors = Vec::new();
    for case in cases {
        let got = crate::find_dateline(&case.text).map(|d| d.date.iso());
        let e = by_split.entry(case.split.clone()).or_default();
        e.0 += 1;
        if got == case.dateline {
            e.1 += 1;
        } else {
            errors.push(EvalMiss {
                id: case.id.clone(),
                kind: "dateline",
                text: case.text.lines().next().unwrap_or("").to_string(),
                expected: case.dateline.clone(),
                got,
            });
        }
    }
    (by_split, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_count_misses_as_wrong_and_spurious_against_precision() {
        let data = r#"{"id":"a","split":"dev","ref":"2025-12-20","text":"وصل أمس الجمعة إلى عمّان","gold":[{"text":"أمس الجمعة","value":"2025-12-19"}]}
{"id":"b","split":"dev","ref":"2025-12-20","text":"قال إن الاجتماع عقد في 9 أكتوبر","gold":[{"text":"9 أكتوبر","value":"2024-10-09"}]}
{"id":"c","split":"heldout","ref":"2025-12-20","text":"مارس الضغط على الحكومة","gold":[]}"#;
        let cases = read_cases(data).expect("valid cases");
        let (scores, errors) = evaluate(&cases).expect("evaluates");
        let dev = &scores["dev"];
        assert_eq!((dev.gold, dev.gold_detected, dev.value_correct), (2, 2, 1));
        assert_eq!(errors.iter().filter(|e| e.kind == "wrong value").count(), 1);
        assert_eq!(scores["heldout"].predicted, 0);
    }

    #[test]
    fn gold_text_must_occur_in_the_case() {
        let data = r#"{"id":"x","split":"dev","ref":"2025-12-20","text":"نص","gold":[{"text":"أمس","value":"2025-12-19"}]}"#;
        let cases = read_cases(data).expect("valid json");
        assert!(matches!(
            evaluate(&cases),
            Err(EvalError::GoldNotFound { .. })
        ));
    }
}
