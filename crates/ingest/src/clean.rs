//! Line-level boilerplate removal driven by a documented rules file (resources/clean_rules.txt).
//!
//! The input is one block of text per line (plain text, or the lead's HTML extractor output).
//! Each non-empty line is trimmed and then either kept verbatim or dropped by a named rule:
//!
//! 1. *Line rules* (`exact`, `prefix`, `contains`, `regex`) test the line's folded key
//!    ([`key::line_key`]) and drop the single line: crumbs, bylines, share bars, ad labels...
//! 2. *Block rules* (`block`) drop a marker line such as "اقرأ أيضاً" and then the headline-like
//!    lines after it (related articles, tags, contributors) until a paragraph of running text
//!    resumes, a longer line comes, or the block's item budget is spent.
//!
//! Rules with a `zone` only apply before the first or after the last paragraph of running text,
//! so a category label like "سياسة" is dropped above the title but never between paragraphs.
//! The format is documented in docs/CLEANING.md.

mod key;
mod rules;

pub mod eval;

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, OnceLock};

pub use rules::{CleanRulesError, CleanRulesErrorKind};
use rules::{Matcher, Opens, Rule, Zone};

/// The rules shipped with rasd, embedded at build time.
pub const BUILTIN_RULES: &str = include_str!("../../../resources/clean_rules.txt");

/// Why a line was dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DroppedLine {
    /// 0-based index of the line in the input (as split by `str::lines`).
    pub line: usize,
    /// Name of the rule that dropped it; block items get the block rule's name plus `/item`.
    pub rule: String,
}

/// The cleaned text and what was removed.
#[derive(Debug, Clone, Default)]
pub struct Cleaned {
    /// Kept lines, each trimmed, joined with '\n', in input order; otherwise byte-for-byte.
    pub text: String,
    /// Dropped non-empty lines, in input order.
    pub dropped: Vec<DroppedLine>,
    /// For each line of `text`, its 0-based index in the input.
    pub kept_lines: Vec<usize>,
    /// Trimmed text of the headlines dropped as items of related-article blocks.
    pub related: Vec<String>,
}

/// Compiled cleaning rules. Cheap to clone (shared), so `builtin()` per article costs nothing.
#[derive(Debug, Clone, Default)]
pub struct CleanRules {
    c: Arc<Compiled>,
}

/// The compiled rules behind a [`CleanRules`].
#[derive(Debug, Default)]
struct Compiled {
    rules: Vec<Rule>,
    /// Core key → ids of `exact` rules.
    exact: HashMap<String, Vec<usize>>,
    /// (pattern, rule id) of `prefix` and `block` rules.
    prefixes: Vec<(String, usize)>,
    /// (pattern, rule id) of `contains` rules.
    contains: Vec<(String, usize)>,
    /// (compiled regex, rule id, the rule's `max`) of `regex` rules. Each is tried on its own,
    /// and only on lines short enough for its rule: one big `RegexSet` over long paragraphs
    /// was several times slower (its DFA cache thrashes on the Unicode classes).
    regexes: Vec<(regex::Regex, usize, usize)>,
    /// Below the body, drop everything after the first dropped line.
    tail_cascade: bool,
    /// Above the body, drop a short label between a dropped line and the title.
    head_labels: bool,
    /// Above the body, drop short unknown lines around the title (see [`head_title`]).
    head_furniture: bool,
}

/// What a line matched, before zones and blocks are resolved.
#[derive(Debug, Clone)]
struct LineFacts<'a> {
    text: &'a str,
    chars: usize,
    /// Matching rule ids, ascending (file order).
    matches: Vec<usize>,
    paragraph: bool,
    /// Core key is exactly a block rule's pattern (the marker alone on its line).
    bare_block: Vec<usize>,
}

impl std::str::FromStr for CleanRules {
    type Err = CleanRulesError;

    fn from_str(src: &str) -> Result<CleanRules, CleanRulesError> {
        CleanRules::from_str(src)
    }
}

/// Most words and chars of a section label that `head_labels` drops.
const LABEL_MAX_WORDS: usize = 3;
const LABEL_MAX_CHARS: usize = 25;
/// Fewest words of the title-like line that must follow a label.
const TITLE_MIN_WORDS: usize = 4;

/// A line of at most 3 words and 25 chars that is not running text: a label, not a sentence.
fn is_label(f: &LineFacts) -> bool {
    !f.paragraph
        && f.chars <= LABEL_MAX_CHARS
        && f.text.split_whitespace().count() <= LABEL_MAX_WORDS
}

/// A short label ("حقوق وحريات", "أخبار سوريا") directly above a longer headline that no rule
/// matches: the site's section name above the title. Lines with digits on either side are left
/// alone (a short title above its dateline, "فوز صعب" then "الأحد 14 مايو 2017", stays).
fn is_label_before_title(label: &LineFacts, next: &LineFacts) -> bool {
    let has_digit = |t: &str| t.chars().any(char::is_numeric);
    let words = |t: &str| t.split_whitespace().count();
    is_label(label)
        && !has_digit(label.text)
        && !has_date_word(label.text)
        && !next.paragraph
        && next.matches.is_empty()
        && next.chars > label.chars
        && words(next.text) >= TITLE_MIN_WORDS
        && !has_digit(next.text)
}

/// Most letter-bearing words and chars of a line that `head_furniture` drops.
const FURNITURE_MAX_WORDS: usize = 3;
const FURNITURE_MAX_CHARS: usize = 30;

/// Words that contain a letter ("ـ", "/", "|" and numbers do not count).
fn letter_words(t: &str) -> usize {
    t.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count()
}

/// Month and weekday names that make a line with a year a dateline.
const DATE_WORDS: &[&str] = &[
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "ابريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "اكتوبر",
    "نوفمبر",
    "ديسمبر",
    "كانون",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين",
    "الأحد",
    "الاثنين",
    "الإثنين",
    "الثلاثاء",
    "الأربعاء",
    "الخميس",
    "الجمعة",
    "السبت",
];

/// Whether a word of `t` is a month or weekday name.
fn has_date_word(t: &str) -> bool {
    t.split(|c: char| !c.is_alphabetic())
        .any(|w| DATE_WORDS.contains(&w))
}

/// A date or time line ("الجمعة 12 يناير 2026", "12/1/2026", "10:30"): never the title. A
/// headline with a year ("موازنة 2026 أمام البرلمان") is not one.
fn is_date_like(t: &str) -> bool {
    let digits: Vec<&str> = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|d| !d.is_empty())
        .collect();
    let has_year = digits
        .iter()
        .any(|d| d.len() == 4 && (d.starts_with("19") || d.starts_with("20")));
    let has_time = t.char_indices().any(|(i, c)| {
        c == ':'
            && t.get(..i)
                .is_some_and(|h| h.ends_with(|d: char| d.is_ascii_digit()))
    });
    let date_word = has_date_word(t);
    has_time || digits.len() >= 3 || (has_year && (digits.len() >= 2 || date_word))
}

/// The shape of page furniture around a title: a short line (at most 3 words with letters and
/// 30 chars) without digits or month/weekday names (a dateline, or a title such as "أبرز أخبار
/// الجمعة") that is not a sentence: an outlet name ("اليوم السابع"), an
/// outlet-and-place credit ("السومرية نيوز/ البصرة"), a section, an author's name, a button.
fn is_furniture_shaped(f: &LineFacts) -> bool {
    let body = f.text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '"' | '\'' | '”' | '»' | ')' | ']' | '’')
    });
    !f.paragraph
        && f.chars <= FURNITURE_MAX_CHARS
        && letter_words(f.text) <= FURNITURE_MAX_WORDS
        && !f.text.chars().any(char::is_numeric)
        && !has_date_word(f.text)
        && !body.ends_with(['.', '?', '؟', '!', '…'])
}

/// The title of a page, for `head_furniture`: the first line above the body (`first_par`) that
/// no rule matches, is not running text, has at least 4 words with letters and is not a date.
/// `None` when there is no such line (a short title is then never taken for furniture).
fn head_title(facts: &[Option<LineFacts>], first_par: usize) -> Option<usize> {
    facts.get(..first_par)?.iter().position(|f| {
        f.as_ref().is_some_and(|f| {
            f.matches.is_empty()
                && !f.paragraph
                && letter_words(f.text) >= TITLE_MIN_WORDS
                && !is_date_like(f.text)
        })
    })
}

impl CleanRules {
    /// The rules shipped with rasd (resources/clean_rules.txt); parsed once per process.
    pub fn builtin() -> CleanRules {
        static BUILTIN: OnceLock<CleanRules> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                // The embedded file is checked by `builtin_rules_compile`; not input-derived.
                CleanRules::from_str(BUILTIN_RULES).expect("builtin clean rules are valid")
            })
            .clone()
    }

    /// Compile rules from the text of a rules file (format in docs/CLEANING.md).
    #[allow(clippy::should_implement_trait)]
    pub fn from_str(src: &str) -> Result<CleanRules, CleanRulesError> {
        let parsed = rules::parse(src)?;
        let mut out = Compiled::default();
        for (id, rule) in parsed.rules.iter().enumerate() {
            match &rule.matcher {
                Matcher::Exact(p) => out.exact.entry(p.clone()).or_default().push(id),
                Matcher::Prefix(p) | Matcher::Block(p) => out.prefixes.push((p.clone(), id)),
                Matcher::Contains(p) => out.contains.push((p.clone(), id)),
                Matcher::Regex(i) => {
                    if let Some(src) = parsed.regexes.get(*i) {
                        let re = regex::RegexBuilder::new(src)
                            .case_insensitive(true)
                            .build()
                            .map_err(|e| {
                                CleanRulesError::new(0, CleanRulesErrorKind::Regex(e.to_string()))
                            })?;
                        out.regexes.push((re, id, rule.max_chars));
                    }
                }
            }
        }
        out.rules = parsed.rules;
        out.tail_cascade = parsed.tail_cascade;
        out.head_labels = parsed.head_labels;
        out.head_furniture = parsed.head_furniture;
        Ok(CleanRules { c: Arc::new(out) })
    }

    /// Compile rules from a rules file on disk.
    pub fn from_file(path: impl AsRef<Path>) -> Result<CleanRules, CleanRulesError> {
        let path = path.as_ref();
        let src = std::fs::read_to_string(path).map_err(|e| {
            CleanRulesError::new(
                0,
                CleanRulesErrorKind::Io(format!("{}: {e}", path.display())),
            )
        })?;
        CleanRules::from_str(&src)
    }

    /// The builtin rules followed by the rules in `src` (a site's extra patterns).
    pub fn builtin_with(src: &str) -> Result<CleanRules, CleanRulesError> {
        CleanRules::from_str(&format!("{BUILTIN_RULES}\n{src}"))
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.c.rules.len()
    }

    /// True when there are no rules (everything non-empty is kept).
    pub fn is_empty(&self) -> bool {
        self.c.rules.is_empty()
    }

    /// Remove boilerplate lines from `text` (lines separated by `\n`); keeps title and dateline.
    pub fn clean(&self, text: &str) -> Cleaned {
        let facts: Vec<Option<LineFacts>> = text
            .lines()
            .map(|raw| {
                let t = raw.trim();
                (!t.is_empty()).then(|| self.facts(t))
            })
            .collect();

        // Running text spans from the first to the last paragraph that no unzoned line rule
        // drops; zoned rules apply only outside it.
        let is_body_paragraph = |f: &LineFacts| {
            f.paragraph
                && !f.matches.iter().any(|&id| {
                    self.c
                        .rules
                        .get(id)
                        .is_some_and(|r| r.zone == Zone::Any && r.max_chars >= f.chars)
                })
        };
        let first_par = facts
            .iter()
            .position(|f| f.as_ref().is_some_and(is_body_paragraph));
        let last_par = facts
            .iter()
            .rposition(|f| f.as_ref().is_some_and(is_body_paragraph));

        let first_line = facts.iter().position(Option::is_some);

        let mut out = Cleaned::default();
        let mut block: Option<(usize, usize)> = None; // (rule id, items left)
        let mut footer_started = false;
        // Evidence that the page has a footer: some line below the body matches a rule.
        let tail_has_furniture = last_par.is_some_and(|b| {
            facts
                .iter()
                .skip(b + 1)
                .flatten()
                .any(|f| !f.matches.is_empty())
        });
        // Short unknown lines above the body, around the title, are furniture on a page that
        // has furniture a rule recognizes somewhere.
        let title = first_par
            .filter(|_| self.c.head_furniture)
            .filter(|_| facts.iter().flatten().any(|f| !f.matches.is_empty()))
            .and_then(|a| head_title(&facts, a));
        for (i, f) in facts.iter().enumerate() {
            let Some(f) = f else { continue };
            let below_body = last_par.is_some_and(|b| i > b);
            if footer_started {
                out.dropped.push(DroppedLine {
                    line: i,
                    rule: "tail.cascade".to_string(),
                });
                continue;
            }
            let in_zone = |zone: Zone| match (zone, first_par, last_par) {
                (Zone::Any, _, _) => true,
                (_, None, _) | (_, _, None) => false,
                (Zone::Head, Some(a), _) => i < a,
                (Zone::Tail, _, Some(b)) => i > b,
                (Zone::Edge, Some(a), Some(b)) => i < a || i > b,
            };
            let hit = f.matches.iter().copied().find(|&id| {
                self.c.rules.get(id).is_some_and(|r| {
                    in_zone(r.zone)
                        && !(r.skip_first && Some(i) == first_line)
                        && match r.matcher {
                            // A bare marker opens its block whatever the line length; a marker
                            // with words after it never matches running text.
                            Matcher::Block(_) if f.bare_block.contains(&id) => true,
                            // Nor the first line: a title may start like a marker
                            // ("مقترحات جديدة لـ...").
                            Matcher::Block(_) => {
                                f.chars <= r.max_chars && !f.paragraph && Some(i) != first_line
                            }
                            _ => f.chars <= r.max_chars,
                        }
                })
            });
            if let Some(id) = hit {
                let Some(rule) = self.c.rules.get(id) else {
                    continue;
                };
                out.dropped.push(DroppedLine {
                    line: i,
                    rule: rule.name.clone(),
                });
                footer_started = self.c.tail_cascade && below_body;
                if let Matcher::Block(_) = rule.matcher {
                    let opens = rule.opens == Opens::Always || f.bare_block.contains(&id);
                    block = opens.then_some((id, rule.items));
                }
                continue;
            }
            if let Some((id, left)) = block {
                let item_rule = self
                    .c
                    .rules
                    .get(id)
                    .filter(|r| left > 0 && !f.paragraph && f.chars <= r.item_max);
                if let Some(rule) = item_rule {
                    out.dropped.push(DroppedLine {
                        line: i,
                        rule: format!("{}/item", rule.name),
                    });
                    out.related.push(f.text.to_string());
                    block = Some((id, left - 1));
                    continue;
                }
                block = None;
            }
            if self.c.tail_cascade && below_body && tail_has_furniture && is_label(f) {
                // An unknown label ("أعجبني", "شارك بتعليقك", a signature) below the body of
                // a page that has a footer: the footer starts here.
                footer_started = true;
                out.dropped.push(DroppedLine {
                    line: i,
                    rule: "tail.cascade".to_string(),
                });
                continue;
            }
            if let (Some(t), Some(a)) = (title, first_par) {
                if i < a && i != t && is_furniture_shaped(f) {
                    out.dropped.push(DroppedLine {
                        line: i,
                        rule: "head.furniture".to_string(),
                    });
                    continue;
                }
            }
            if self.c.head_labels && first_par.is_some_and(|a| i < a) {
                let prev = facts
                    .get(..i)
                    .and_then(|h| h.iter().rposition(Option::is_some));
                let prev_dropped = prev.is_some() && out.dropped.last().map(|d| d.line) == prev;
                let next = facts.get(i + 1..).and_then(|t| t.iter().flatten().next());
                if prev_dropped && next.is_some_and(|n| is_label_before_title(f, n)) {
                    out.dropped.push(DroppedLine {
                        line: i,
                        rule: "head.label".to_string(),
                    });
                    continue;
                }
            }
            if !out.text.is_empty() {
                out.text.push('\n');
            }
            out.text.push_str(f.text);
            out.kept_lines.push(i);
        }
        out
    }

    /// Which rules a trimmed, non-empty line matches, and its shape.
    fn facts<'a>(&self, text: &'a str) -> LineFacts<'a> {
        let key = key::line_key(text);
        let core = key::core(&key);
        let chars = text.chars().count();
        let mut matches = Vec::new();
        let mut bare_block = Vec::new();
        if let Some(ids) = self.c.exact.get(core) {
            matches.extend_from_slice(ids);
        }
        for (p, id) in &self.c.prefixes {
            if key::starts_with_word(core, p) {
                matches.push(*id);
                if core.len() == p.len() {
                    bare_block.push(*id);
                }
            }
        }
        let fits = |id: usize| self.c.rules.get(id).is_some_and(|r| r.max_chars >= chars);
        for (p, id) in &self.c.contains {
            if fits(*id) && key.contains(p.as_str()) {
                matches.push(*id);
            }
        }
        for (re, id, max) in &self.c.regexes {
            if *max >= chars && re.is_match(&key) {
                matches.push(*id);
            }
        }
        matches.sort_unstable();
        matches.dedup();
        LineFacts {
            text,
            chars,
            matches,
            paragraph: key::is_paragraph(text, chars),
            bare_block,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(text: &str) -> Vec<String> {
        CleanRules::builtin()
            .clean(text)
            .text
            .lines()
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn builtin_rules_compile() {
        let rules = CleanRules::from_str(BUILTIN_RULES).expect("builtin rules parse and compile");
        assert!(rules.len() > 50, "only {} rules", rules.len());
        // Every regex rule also compiles on its own (the set would hide which one failed).
        let parsed = rules::parse(BUILTIN_RULES).expect("parse");
        for src in &parsed.regexes {
            assert!(regex::Regex::new(src).is_ok(), "regex {src:?}");
        }
    }

    #[test]
    fn empty_rules_keep_every_nonempty_line_trimmed() {
        let c = CleanRules::default().clean("  عنوان  \n\n نص الخبر.\r\n");
        assert_eq!(c.text, "عنوان\nنص الخبر.");
        assert_eq!(c.kept_lines, vec![0, 2]);
        assert!(c.dropped.is_empty());
    }

    #[test]
    fn crumbs_share_and_copyright_are_dropped_body_kept() {
        let page = "1. الرئيسية\nالرئيسية > سياسة\nزلزال في تركيا\nالجمعة 12 يناير 2026\n+ الخط -\nأنقرة - وكالات: ضرب زلزال بقوة 6 درجات جنوب تركيا صباح اليوم.\nإعلان\nوقالت السلطات إن فرق الإنقاذ تعمل في المنطقة.\nشارك\nتابعونا على فيسبوك\n© 2000 - 2025 جميع الحقوق محفوظة";
        assert_eq!(
            kept(page),
            vec![
                "زلزال في تركيا",
                "الجمعة 12 يناير 2026",
                "أنقرة - وكالات: ضرب زلزال بقوة 6 درجات جنوب تركيا صباح اليوم.",
                "وقالت السلطات إن فرق الإنقاذ تعمل في المنطقة.",
            ]
        );
    }

    #[test]
    fn archive_and_illustration_photo_captions_are_dropped_mid_body() {
        let page = "عنوان الخبر\nالتقى وزير الخارجية نظيره التركي أمس في أنقرة وبحثا وقف إطلاق النار.\nصورة أرشيفية - اجتماع سابق في 9 أفريل 2015\n(صورة تعبيرية)\nالصورة: أرشيفية\nصورة أرشيفية تظهر الوزير خلال لقاء سابق في القاهرة عام 2019\nوقال الوزير إن المحادثات كانت بناءة وإنها ستستأنف الأسبوع المقبل.";
        assert_eq!(
            kept(page),
            vec![
                "عنوان الخبر",
                "التقى وزير الخارجية نظيره التركي أمس في أنقرة وبحثا وقف إطلاق النار.",
                "وقال الوزير إن المحادثات كانت بناءة وإنها ستستأنف الأسبوع المقبل.",
            ]
        );
        // A sentence about a photo is news text.
        let body = "صورة الرئيس في الصحف أثارت جدلا واسعا في البرلمان أمس.";
        assert_eq!(
            kept(&format!("عنوان الخبر\n{body}")),
            vec!["عنوان الخبر", body]
        );
    }

    #[test]
    fn body_lines_starting_with_share_follow_or_announce_stay() {
        for body in [
            "شارك وزير الخارجية في الاجتماع الذي عقد في الرياض أمس.",
            "تابع الرئيس سير العمل في المشروع خلال زيارته للموقع.",
            "أعلن الرئيس عن حزمة إجراءات اقتصادية جديدة.",
            "إعلان الحكومة عن الميزانية أثار جدلا واسعا في البرلمان.",
            "منذ 3 ساعات والقصف لا يتوقف على الأحياء الشرقية للمدينة.",
            "كتب الرئيس على منصة إكس أن الاتفاق يمثل خطوة مهمة.",
        ] {
            let text = format!("عنوان الخبر\n{body}");
            assert_eq!(kept(&text), vec!["عنوان الخبر", body], "{body}");
        }
    }

    #[test]
    fn related_block_drops_headlines_until_paragraph_resumes() {
        let page = "عنوان الخبر\nقال الوزير إن الحكومة ستعلن خطتها الأسبوع المقبل.\nاقرأ أيضاً\nالحكومة تقر موازنة العام المقبل\nهل تنجح المفاوضات؟\nوأضاف الوزير أن الخطة تشمل دعم الفئات الأشد فقرا.";
        let c = CleanRules::builtin().clean(page);
        assert_eq!(
            c.text,
            "عنوان الخبر\nقال الوزير إن الحكومة ستعلن خطتها الأسبوع المقبل.\nوأضاف الوزير أن الخطة تشمل دعم الفئات الأشد فقرا."
        );
        assert_eq!(
            c.related,
            vec!["الحكومة تقر موازنة العام المقبل", "هل تنجح المفاوضات؟"]
        );
        assert_eq!(c.kept_lines, vec![0, 1, 5]);
    }

    #[test]
    fn inline_read_also_drops_one_line_only() {
        let page = "عنوان\nإقرأ أيضا: الحكومة تقر موازنة العام المقبل\nقصير بلا نقطة\nفقرة تالية.";
        // "قصير بلا نقطة" is not a block item: an inline marker opens no block.
        assert_eq!(kept(page), vec!["عنوان", "قصير بلا نقطة", "فقرة تالية."]);
    }

    #[test]
    fn title_starting_like_a_marker_or_teaser_stays() {
        let page = "مقترحات جديدة لمعتصمي الكامور\nقدمت الحكومة مقترحات جديدة للمعتصمين اليوم.";
        assert_eq!(kept(page).len(), 2);
        let page = "شاهد : لحظة نجاة بحار من الغرق\nنجا بحار من الغرق بعد 30 ساعة سباحة.\nشاهد.. بحار آخر ينجو";
        assert_eq!(kept(page).len(), 2);
    }

    #[test]
    fn paragraph_quoting_read_stays() {
        let body = "ورفع المتظاهرون لافتات كتب عليها \"اقرأ أيضا عن حقوقنا\" أمام مبنى البرلمان.";
        assert_eq!(kept(&format!("عنوان\n{body}")), vec!["عنوان", body]);
    }

    #[test]
    fn relative_timestamp_alone_is_dropped_but_date_kept() {
        let page = "عنوان\nمنذ 3 ساعات\nالجمعة 12 يناير 2026\nنص الخبر الكامل هنا.";
        assert_eq!(
            kept(page),
            vec!["عنوان", "الجمعة 12 يناير 2026", "نص الخبر الكامل هنا."]
        );
    }

    #[test]
    fn tail_cascade_drops_everything_after_the_footer_starts() {
        let page = "عنوان\nنص الخبر الكامل هنا.\nسطر أخير قصير بلا نقطة\nشارك\nعنوان خبر آخر بلا علامة\nموقع الأخبار اليومي";
        let with = CleanRules::from_str("exact share.bar : شارك\nsetting tail_cascade : on")
            .expect("valid");
        assert_eq!(
            with.clean(page).text,
            "عنوان\nنص الخبر الكامل هنا.\nسطر أخير قصير بلا نقطة"
        );
        let without = CleanRules::from_str("exact share.bar : شارك").expect("valid");
        assert_eq!(without.clean(page).text.lines().count(), 5);
    }

    #[test]
    fn tail_cascade_starts_at_an_unknown_label_when_the_page_has_a_footer() {
        let rules = CleanRules::from_str("exact share.bar : شارك\nsetting tail_cascade : on")
            .expect("valid");
        let page = "عنوان\nنص الخبر الكامل هنا.\nوأضاف أن الاجتماع سيعقد غدا في العاصمة\nأعجبني\nعنوان خبر آخر بلا علامة\nشارك";
        assert_eq!(
            rules.clean(page).text,
            "عنوان\nنص الخبر الكامل هنا.\nوأضاف أن الاجتماع سيعقد غدا في العاصمة"
        );
        // Without furniture below the body, a short last line is body.
        let bare = "عنوان\nنص الخبر الكامل هنا.\nالنجم 1 - 1 الإفريقي";
        assert_eq!(rules.clean(bare).text.lines().count(), 3);
    }

    #[test]
    fn head_label_between_crumb_and_title_is_dropped_short_title_kept() {
        let rules = CleanRules::from_str("exact nav.home : الرئيسية\nsetting head_labels : on")
            .expect("valid");
        let page = "الرئيسية\nحقوق وحريات\nمنظمات تطالب بالإفراج عن الصحفيين المعتقلين\nنص الخبر الكامل هنا.";
        assert_eq!(
            rules.clean(page).text,
            "منظمات تطالب بالإفراج عن الصحفيين المعتقلين\nنص الخبر الكامل هنا."
        );
        let short_title = "الرئيسية\nفوز صعب\nالأحد 14 مايو 2017\nنص الخبر الكامل هنا.";
        assert_eq!(
            rules.clean(short_title).text.lines().next(),
            Some("فوز صعب")
        );
    }

    #[test]
    fn head_furniture_drops_short_unknown_lines_around_the_title() {
        let rules = CleanRules::from_str(
            "exact nav.home : الرئيسية\nexact share.bar : شارك\nsetting head_furniture : on",
        )
        .expect("valid");
        let page = "صوت المدينة\nالرئيسية\nالحكومة تعرض خطة التقشف على البرلمان\nصوت المدينة/ البصرة\nالجمعة 12 يناير 2026\nسارة خليل\nعرضت الحكومة صباح اليوم خطة التقشف على البرلمان.\nشارك";
        assert_eq!(
            rules.clean(page).text,
            "الحكومة تعرض خطة التقشف على البرلمان\nالجمعة 12 يناير 2026\nعرضت الحكومة صباح اليوم خطة التقشف على البرلمان."
        );
    }

    #[test]
    fn head_furniture_keeps_a_short_title_and_pages_without_furniture() {
        let rules = CleanRules::from_str(
            "exact nav.home : الرئيسية\nexact share.bar : شارك\nsetting head_furniture : on",
        )
        .expect("valid");
        // No title-shaped line (4+ words, not a date) above the body: nothing is guessed.
        let short_title =
            "الرئيسية\nفوز صعب\nالأحد 14 مايو 2017\nحقق الفريق فوزا صعبا على ضيفه مساء أمس.\nشارك";
        assert_eq!(
            rules.clean(short_title).text.lines().next(),
            Some("فوز صعب")
        );
        // No rule matches anywhere: a plain text keeps its short lines.
        let plain = "صوت المدينة\nالحكومة تعرض خطة التقشف على البرلمان\nعرضت الحكومة صباح اليوم خطة التقشف على البرلمان.";
        assert_eq!(rules.clean(plain).text.lines().count(), 3);
    }

    #[test]
    fn huge_single_line_is_kept_quickly() {
        let line = "كلمة ".repeat(200_000);
        let start = std::time::Instant::now();
        let c = CleanRules::builtin().clean(&format!("عنوان\n{line}"));
        assert_eq!(c.kept_lines, vec![0, 1]);
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
    }

    proptest::proptest! {
        /// Every non-empty input line is either kept verbatim (trimmed) or dropped, exactly once,
        /// and `kept_lines` maps the output back to the input.
        #[test]
        fn every_line_is_kept_or_dropped_exactly_once(
            lines in proptest::collection::vec(
                proptest::sample::select(vec![
                    "", "  ", "اقرأ أيضاً", "الرئيسية > سياسة", "شارك", "إعلان", "منذ 3 ساعات",
                    "عنوان قصير", "قال الوزير إن الحكومة ستعلن خطتها الأسبوع المقبل.",
                    "الأكثر قراءة", "© 2025", "كلمات دلالية", "تونس", "شارك وزير الخارجية في الاجتماع.",
                    "\u{200F}", "ــــ", "A+ A-", "وكالات / سما/", "x\r", "  نص   ",
                ]),
                0..40,
            )
        ) {
            let input = lines.join("\n");
            let c = CleanRules::builtin().clean(&input);
            let trimmed: Vec<&str> = input.lines().map(str::trim).collect();
            let kept: Vec<&str> = c.kept_lines.iter().filter_map(|&i| trimmed.get(i).copied()).collect();
            proptest::prop_assert_eq!(c.text.clone(), kept.join("\n"));
            let mut seen: Vec<usize> = c.kept_lines.iter().copied().chain(c.dropped.iter().map(|d| d.line)).collect();
            seen.sort_unstable();
            let nonempty: Vec<usize> = (0..trimmed.len()).filter(|&i| !trimmed[i].is_empty()).collect();
            proptest::prop_assert_eq!(seen, nonempty);
        }
    }

    #[test]
    fn user_rules_extend_builtin() {
        let rules = CleanRules::builtin_with("exact site.slogan : صوت الناس").expect("valid");
        assert_eq!(rules.clean("عنوان\nصوت الناس\nنص.").text, "عنوان\nنص.");
    }
}
