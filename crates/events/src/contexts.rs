//! PLOVER contexts (the "why" of an event): keyword patterns from a user-extendable TSV over sentence and article.

use std::collections::{BTreeMap, BTreeSet};

use rasd_core::Span;
use rasd_text::Token;
use regex::{Regex, RegexSet};

use crate::triggers::NOUN_PREFIX;
use crate::{EventError, EventType};

/// The shipped context dictionary (`resources/events/contexts.tsv`).
pub const CONTEXTS_TSV: &str = include_str!("../../../resources/events/contexts.tsv");

/// The context names of the PLOVER manual ("Context codes that can be used with any category").
pub const PLOVER_CONTEXTS: [&str; 37] = [
    "military",
    "intelligence",
    "executive",
    "legislative",
    "election",
    "political_institutions",
    "pro_democracy",
    "pro_autocracy",
    "economic",
    "legal",
    "reparations",
    "human_rights",
    "rights_freedoms",
    "repression",
    "human_security",
    "gender",
    "lgbt",
    "religion_ethnicity",
    "inequality",
    "diplomatic",
    "territory",
    "peacekeeping",
    "health",
    "asylum",
    "migration",
    "disasters",
    "natural_resource",
    "environment",
    "technology",
    "terrorism",
    "cbrn",
    "cyber",
    "misinformation",
    "crime",
    "corruption",
    "illegal_drugs",
    "trafficking",
];

/// PLOVER: "when these [more specific crime contexts] are coded, 'crime' should typically not also be coded".
const MORE_SPECIFIC_THAN_CRIME: [&str; 3] = ["trafficking", "corruption", "illegal_drugs"];

/// A context that occurs in at least this many sentences of an article is a context of every event in it.
pub const ARTICLE_MIN_SENTENCES: usize = 2;

/// One dictionary line.
#[derive(Debug, Clone)]
struct Rule {
    /// The context name, or `None` for `-` (a phrase that is no context and hides the patterns inside it).
    context: Option<String>,
    /// One regex per token, all anchored after the noun proclitics.
    steps: Vec<Regex>,
}

/// A compiled context dictionary.
#[derive(Debug, Clone)]
pub struct ContextSet {
    rules: Vec<Rule>,
    /// `@interstate:TYPE|TYPE` lines: the context of an event of one of these types whose actors belong to
    /// at least two different states.
    interstate: Vec<(String, Vec<EventType>)>,
    /// The first token regex of every rule, matched in one pass per token.
    first: RegexSet,
}

/// A context found in a text: the context name and the char span of the words that say so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContextHit {
    pub context: String,
    pub span: Span,
}

impl Default for ContextSet {
    /// An empty dictionary (codes no context).
    fn default() -> ContextSet {
        ContextSet {
            rules: Vec::new(),
            interstate: Vec::new(),
            first: RegexSet::empty(),
        }
    }
}

fn valid_name(name: &str) -> bool {
    PLOVER_CONTEXTS.contains(&name)
        || name.strip_prefix("x_").is_some_and(|rest| {
            !rest.is_empty()
                && rest
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
}

impl ContextSet {
    /// The shipped dictionary.
    pub fn load_default() -> Result<ContextSet, EventError> {
        ContextSet::parse(CONTEXTS_TSV)
    }

    /// Parses a dictionary in the `contexts.tsv` format (see the header of the shipped file).
    pub fn parse(tsv: &str) -> Result<ContextSet, EventError> {
        let mut rules = Vec::new();
        let mut interstate = Vec::new();
        for (n, line) in tsv.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = |why: &str| EventError::contexts(n + 1, why);
            let mut cols = line.split('\t');
            let name = cols.next().unwrap_or("").trim();
            let pattern = cols
                .next()
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .ok_or_else(|| bad("expected a context and a pattern separated by a tab"))?;
            let context = match name {
                "-" => None,
                n if valid_name(n) => Some(n.to_string()),
                n => {
                    return Err(bad(&format!(
                        "unknown context {n:?} (a PLOVER context, x_<name> or -)"
                    )))
                }
            };
            if let Some(types) = pattern.strip_prefix("@interstate:") {
                let types = types
                    .split('|')
                    .map(|t| t.trim().parse::<EventType>())
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| bad(&e))?;
                let name = context.ok_or_else(|| bad("@interstate needs a context name"))?;
                interstate.push((name, types));
                continue;
            }
            let steps = rasd_text::fold(pattern)
                .split(' ')
                .filter(|p| !p.is_empty())
                .map(|p| Regex::new(&format!("{NOUN_PREFIX}(?:{p})")))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| bad(&format!("bad pattern: {e}")))?;
            if steps.is_empty() {
                return Err(bad("empty pattern"));
            }
            rules.push(Rule { context, steps });
        }
        let first = RegexSet::new(
            rules
                .iter()
                .filter_map(|r| r.steps.first().map(Regex::as_str)),
        )
        .map_err(|e| EventError::contexts(0, &e.to_string()))?;
        Ok(ContextSet {
            rules,
            interstate,
            first,
        })
    }

    /// The contexts that an event of type `ty` between `states` distinct states gets from `@interstate` lines.
    pub fn interstate(&self, ty: EventType, states: usize) -> impl Iterator<Item = &str> {
        self.interstate
            .iter()
            .filter(move |(_, types)| states >= 2 && types.contains(&ty))
            .map(|(name, _)| name.as_str())
    }

    /// Number of dictionary lines.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// True when the dictionary has no line.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Every context phrase in `tokens`, in token order. At each token the longest matching pattern
    /// wins and its tokens are consumed ("جرائم حرب" is human_rights, not also crime).
    pub fn find(&self, tokens: &[Token]) -> Vec<ContextHit> {
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(tok) = tokens.get(i) {
            if !tok.kind.is_word() {
                i += 1;
                continue;
            }
            let mut best: Option<usize> = None;
            let mut names: Vec<&Option<String>> = Vec::new();
            for ri in self.first.matches(&tok.key).iter() {
                let Some(rule) = self.rules.get(ri) else {
                    continue;
                };
                let Some(last) = match_rule(rule, tokens, i) else {
                    continue;
                };
                match best {
                    Some(b) if b > last => {}
                    Some(b) if b == last => names.push(&rule.context),
                    _ => {
                        best = Some(last);
                        names = vec![&rule.context];
                    }
                }
            }
            match best {
                Some(last) => {
                    let span = Span::new(
                        tok.span.start,
                        tokens.get(last).map_or(tok.span.end, |t| t.span.end),
                    );
                    let mut seen: Vec<&str> = Vec::new();
                    for name in names.into_iter().flatten() {
                        if !seen.contains(&name.as_str()) {
                            seen.push(name);
                            out.push(ContextHit {
                                context: name.clone(),
                                span,
                            });
                        }
                    }
                    i = last + 1;
                }
                None => i += 1,
            }
        }
        out
    }
}

/// Index of the last token when every step of `rule` matches consecutive word tokens from `at`.
fn match_rule(rule: &Rule, tokens: &[Token], at: usize) -> Option<usize> {
    for (k, re) in rule.steps.iter().enumerate() {
        let tok = tokens.get(at + k)?;
        if !tok.kind.is_word() || !re.is_match(&tok.key) {
            return None;
        }
    }
    Some(at + rule.steps.len() - 1)
}

/// The contexts of one article's sentences, ready to be attached to event mentions.
#[derive(Debug, Clone, Default)]
pub struct ArticleContexts {
    hits: Vec<ContextHit>,
    /// Contexts found in at least [`ARTICLE_MIN_SENTENCES`] sentences.
    article: BTreeSet<String>,
}

impl ArticleContexts {
    /// Finds the contexts of an article; `sentences` are its sentence spans (for the document-level contexts).
    pub fn new(set: &ContextSet, tokens: &[Token], sentences: &[Span]) -> ArticleContexts {
        let hits = set.find(tokens);
        let mut per_context: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
        for h in &hits {
            let sentence = sentences.partition_point(|s| s.end <= h.span.start);
            per_context
                .entry(h.context.as_str())
                .or_default()
                .insert(sentence);
        }
        let article = per_context
            .into_iter()
            .filter(|(_, s)| s.len() >= ARTICLE_MIN_SENTENCES)
            .map(|(c, _)| c.to_string())
            .collect();
        ArticleContexts { hits, article }
    }

    /// The contexts of an event whose evidence is `evidence`: those said inside it plus the article's.
    pub fn of(&self, evidence: Span) -> Vec<String> {
        let mut set: BTreeSet<String> = self.article.clone();
        set.extend(
            self.hits
                .iter()
                .filter(|h| h.span.start >= evidence.start && h.span.end <= evidence.end)
                .map(|h| h.context.clone()),
        );
        if MORE_SPECIFIC_THAN_CRIME.iter().any(|c| set.contains(*c)) {
            set.remove("crime");
        }
        set.into_iter().collect()
    }

    /// The contexts found in the article as a whole (at least two sentences).
    pub fn article_level(&self) -> impl Iterator<Item = &str> {
        self.article.iter().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contexts_in(text: &str) -> Vec<String> {
        let set = ContextSet::load_default().expect("shipped dictionary parses");
        let mut v: Vec<String> = set
            .find(&rasd_text::tokens(text))
            .into_iter()
            .map(|h| h.context)
            .collect();
        v.sort();
        v.dedup();
        v
    }

    #[test]
    fn shipped_dictionary_parses_and_uses_only_plover_names() {
        let set = ContextSet::load_default().expect("parses");
        assert!(set.len() > 300);
        for line in CONTEXTS_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
        {
            let name = line.split('\t').next().unwrap_or("");
            assert!(name == "-" || PLOVER_CONTEXTS.contains(&name), "{line}");
        }
    }

    #[test]
    fn keywords_match_after_proclitics_and_hamza_folding() {
        assert_eq!(contexts_in("وبالاقتصاد"), vec!["economic"]);
        assert_eq!(contexts_in("للإرهابيين"), vec!["terrorism"]);
        assert_eq!(contexts_in("الأسلحة الكيميائية"), vec!["cbrn", "military"]);
    }

    #[test]
    fn longest_phrase_wins_over_the_words_inside_it() {
        assert_eq!(contexts_in("ارتكاب جرائم حرب"), vec!["human_rights"]);
        assert_eq!(contexts_in("أطلقت الغاز المسيل للدموع"), vec!["repression"]);
        assert_eq!(
            contexts_in("أسعار الغاز"),
            vec!["economic", "natural_resource"]
        );
        assert!(contexts_in("في حدود الساعة العاشرة").is_empty());
    }

    #[test]
    fn ceasefire_is_peacekeeping_and_summit_is_diplomatic() {
        assert_eq!(
            contexts_in("خروقات لوقف إطلاق النار في غزة"),
            vec!["peacekeeping"]
        );
        assert_eq!(contexts_in("قمة القاهرة"), vec!["diplomatic"]);
    }

    #[test]
    fn look_alike_words_are_not_contexts() {
        // صحيفة is not صحي، طبيعي is not طبي، فقرة is not فقر، مالي (Mali) is not finance.
        assert!(contexts_in("نشرت صحيفة بشكل طبيعي فقرة عن مالي").is_empty());
    }

    #[test]
    fn crime_yields_to_the_more_specific_drug_context() {
        let set = ContextSet::load_default().expect("parses");
        let text = "ضبط عصابة لترويج المخدرات.";
        let toks = rasd_text::tokens(text);
        let ac = ArticleContexts::new(&set, &toks, &[Span::new(0, text.chars().count())]);
        assert_eq!(
            ac.of(Span::new(0, text.chars().count())),
            vec!["illegal_drugs"]
        );
    }

    #[test]
    fn a_context_of_two_sentences_is_a_context_of_every_event_in_the_article() {
        let set = ContextSet::load_default().expect("parses");
        let text = "تصاعدت أزمة النازحين. التقى الوزيران. وعاد آلاف النازحين.";
        let toks = rasd_text::tokens(text);
        let sentences = rasd_text::sentences(text);
        let ac = ArticleContexts::new(&set, &toks, &sentences);
        let meeting = sentences[1];
        assert_eq!(ac.of(meeting), vec!["migration"]);
        // One sentence is not enough.
        let one = "تصاعدت أزمة النازحين. التقى الوزيران.";
        let s1 = rasd_text::sentences(one);
        let ac1 = ArticleContexts::new(&set, &rasd_text::tokens(one), &s1);
        assert!(ac1.of(s1[1]).is_empty());
    }

    #[test]
    fn interstate_line_applies_to_its_types_between_two_states() {
        let set = ContextSet::parse("diplomatic\t@interstate:CONSULT|AGREE\n").expect("parses");
        assert_eq!(
            set.interstate(EventType::Consult, 2).collect::<Vec<_>>(),
            vec!["diplomatic"]
        );
        assert_eq!(set.interstate(EventType::Consult, 1).count(), 0);
        assert_eq!(set.interstate(EventType::Assault, 3).count(), 0);
        assert!(ContextSet::parse("diplomatic\t@interstate:MEET\n").is_err());
    }

    #[test]
    fn unknown_context_name_is_a_typed_error_with_its_line_number() {
        let err = ContextSet::parse("# c\nwar\tحرب\n").unwrap_err();
        assert!(err.to_string().contains("line 2"), "{err}");
        let ok = ContextSet::parse("x_sports\tكرة القدم\n").expect("user extension");
        assert_eq!(ok.find(&rasd_text::tokens("مباراة كرة القدم")).len(), 1);
    }
}
