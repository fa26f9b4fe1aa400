//! The trigger dictionary: Arabic token patterns (a user-extendable TSV) mapped to PLOVER event types.

use rasd_text::{Token, TokenKind};
use regex::{Regex, RegexSet};

use crate::{EventError, EventType};

/// The shipped trigger dictionary (`resources/events/triggers.tsv`).
pub const TRIGGERS_TSV: &str = include_str!("../../../resources/events/triggers.tsv");

/// Whether a trigger is a verb or a nominalization; noun triggers yield to verb triggers in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Verb,
    Noun,
}

/// One element of a trigger pattern.
#[derive(Debug, Clone)]
enum Step {
    /// A token whose folded key matches.
    Token(Regex),
    /// Up to this many arbitrary tokens.
    Gap(usize),
}

/// One dictionary line.
#[derive(Debug, Clone)]
pub struct Trigger {
    pub event_type: EventType,
    pub cameo: String,
    pub role: Role,
    pub mode: Option<String>,
    /// The pattern as written in the file.
    pub pattern: String,
    steps: Vec<Step>,
}

/// A trigger occurrence: token index range `[first, last]` in the token list given to [`TriggerSet::find`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TriggerMatch {
    pub trigger: usize,
    pub first: usize,
    pub last: usize,
}

/// A compiled trigger dictionary.
#[derive(Debug, Clone)]
pub struct TriggerSet {
    pub triggers: Vec<Trigger>,
    /// The first token pattern of every trigger, matched in one pass per token.
    first: RegexSet,
}

/// Allowed proclitics before a verb pattern: conjunction و/ف and future سـ.
const VERB_PREFIX: &str = "^(?:[وف])?(?:س)?";
/// Allowed proclitics before a noun pattern: و/ف, then ب/ك + ال, لل, or ب/ل/ك alone.
pub(crate) const NOUN_PREFIX: &str = "^(?:[وف])?(?:[بك]?ال|لل|[بلك])?";

impl TriggerSet {
    /// The shipped dictionary.
    pub fn load_default() -> Result<TriggerSet, EventError> {
        TriggerSet::parse(TRIGGERS_TSV)
    }

    /// Parses a dictionary in the `triggers.tsv` format (see the header of the shipped file).
    pub fn parse(tsv: &str) -> Result<TriggerSet, EventError> {
        let mut triggers = Vec::new();
        for (n, line) in tsv.lines().enumerate() {
            let line_no = n + 1;
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let bad = |why: &str| EventError::dictionary(line_no, why);
            if cols.len() < 5 {
                return Err(bad("expected at least 5 tab-separated columns"));
            }
            let event_type: EventType = cols[0]
                .trim()
                .parse()
                .map_err(|_| bad("unknown PLOVER event type"))?;
            let role = match cols[2].trim() {
                "verb" => Role::Verb,
                "noun" => Role::Noun,
                _ => return Err(bad("role must be verb or noun")),
            };
            let mode = match cols[3].trim() {
                "" | "-" => None,
                m => Some(m.to_string()),
            };
            let pattern = cols[4].trim().to_string();
            let mut steps = Vec::new();
            for (i, part) in pattern.split(' ').filter(|p| !p.is_empty()).enumerate() {
                if part == "*" {
                    steps.push(Step::Gap(6));
                    continue;
                }
                let prefix = if i == 0 && role == Role::Verb {
                    VERB_PREFIX
                } else {
                    NOUN_PREFIX
                };
                let re = Regex::new(&format!("{prefix}(?:{part})"))
                    .map_err(|e| bad(&format!("bad pattern: {e}")))?;
                steps.push(Step::Token(re));
            }
            if !matches!(steps.first(), Some(Step::Token(_))) {
                return Err(bad("pattern must start with a token pattern"));
            }
            triggers.push(Trigger {
                event_type,
                cameo: cols[1].trim().to_string(),
                role,
                mode,
                pattern,
                steps,
            });
        }
        let firsts: Vec<&str> = triggers
            .iter()
            .filter_map(|t| match t.steps.first() {
                Some(Step::Token(re)) => Some(re.as_str()),
                _ => None,
            })
            .collect();
        let first = RegexSet::new(firsts).map_err(|e| EventError::dictionary(0, &e.to_string()))?;
        Ok(TriggerSet { triggers, first })
    }

    /// Every trigger occurrence in `tokens` (word tokens only are matched), in token order.
    pub fn find(&self, tokens: &[Token]) -> Vec<TriggerMatch> {
        let mut out = Vec::new();
        for (start, tok) in tokens.iter().enumerate() {
            if !tok.kind.is_word() {
                continue;
            }
            for ti in self.first.matches(&tok.key).iter() {
                let Some(trig) = self.triggers.get(ti) else {
                    continue;
                };
                if let Some(last) = match_steps(&trig.steps, tokens, start) {
                    out.push(TriggerMatch {
                        trigger: ti,
                        first: start,
                        last,
                    });
                }
            }
        }
        out
    }
}

/// Index of the last token when `steps` match starting at token `at`.
fn match_steps(steps: &[Step], tokens: &[Token], at: usize) -> Option<usize> {
    let (step, rest) = steps.split_first()?;
    match step {
        Step::Token(re) => {
            let tok = tokens.get(at)?;
            // A number may follow the first word ("إيقاف 4 أشخاص"); a trigger starts with a word.
            let number = tok.kind == TokenKind::Number && at > 0;
            if !(tok.kind.is_word() || number) || !re.is_match(&tok.key) {
                return None;
            }
            if rest.is_empty() {
                Some(at)
            } else {
                match_steps(rest, tokens, at + 1)
            }
        }
        Step::Gap(max) => (0..=*max).find_map(|skip| match_steps(rest, tokens, at + skip)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types_in(text: &str) -> Vec<EventType> {
        let set = TriggerSet::load_default().expect("shipped dictionary parses");
        let toks = rasd_text::tokens(text);
        set.find(&toks)
            .iter()
            .map(|m| set.triggers[m.trigger].event_type)
            .collect()
    }

    #[test]
    fn shipped_dictionary_parses_and_covers_all_sixteen_types() {
        let set = TriggerSet::load_default().expect("parses");
        let mut seen: Vec<EventType> = set.triggers.iter().map(|t| t.event_type).collect();
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 16);
    }

    #[test]
    fn verb_with_conjunction_and_future_prefix_matches() {
        assert_eq!(types_in("وسيلتقي"), vec![EventType::Consult]);
        assert_eq!(types_in("فاستقبل"), vec![EventType::Consult]);
    }

    #[test]
    fn noun_with_article_matches_but_verb_pattern_does_not_take_article() {
        assert_eq!(types_in("بالاتفاق"), vec![EventType::Agree]);
        assert!(types_in("الرفض").is_empty());
    }

    #[test]
    fn gap_pattern_spans_intervening_tokens() {
        assert_eq!(
            types_in("حمّلت إيران الولايات المتحدة المسؤولية"),
            vec![EventType::Accuse]
        );
    }

    #[test]
    fn bad_line_is_a_typed_error_with_its_line_number() {
        let err = TriggerSet::parse("# c\nFOO\t040\tverb\t-\tx\n").unwrap_err();
        assert!(err.to_string().contains("line 2"));
    }
}
