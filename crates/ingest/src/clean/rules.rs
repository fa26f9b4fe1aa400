//! Parser for the cleaning-rules file format (see docs/CLEANING.md) into typed, compiled rules.

use super::key::{core, line_key};

/// What kind of test a rule applies to a line's folded key.
#[derive(Debug, Clone)]
pub(crate) enum Matcher {
    /// The line's core (key without surrounding punctuation) equals the pattern.
    Exact(String),
    /// The line's core starts with the pattern at a word boundary.
    Prefix(String),
    /// The line's key contains the pattern.
    Contains(String),
    /// The regex (index into the compiled set) matches the line's key.
    Regex(usize),
    /// The line's core starts with the pattern: it heads a block of related-article headlines,
    /// tags or contributors; the following headline-like lines are dropped with it.
    Block(String),
}

/// Where in the article a rule may apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Zone {
    /// Anywhere.
    Any,
    /// Before the first paragraph of running text.
    Head,
    /// After the last paragraph of running text.
    Tail,
    /// Head or tail, never between two paragraphs.
    Edge,
}

/// When a block marker opens a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Opens {
    /// Only when the line is the marker alone ("اقرأ أيضا:"); "اقرأ أيضا: <headline>" is dropped as
    /// one line and opens nothing.
    Bare,
    /// Whenever the marker matches ("المزيد من أخبار السياسة" heads a list).
    Always,
}

/// One compiled rule.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub name: String,
    pub matcher: Matcher,
    /// Longest line (chars, after trimming) the rule applies to.
    pub max_chars: usize,
    pub zone: Zone,
    pub opens: Opens,
    /// Most headline lines a block drops after its marker.
    pub items: usize,
    /// Longest line (chars) that can be a block item.
    pub item_max: usize,
    /// `first=skip`: never applies to the first non-empty line (a title may look like a teaser).
    pub skip_first: bool,
}

/// Default `max=` of line rules: boilerplate lines are short.
const DEFAULT_MAX: usize = 200;
const DEFAULT_ITEMS: usize = 10;
const DEFAULT_ITEM_MAX: usize = 160;

/// What went wrong in a rules file.
#[derive(Debug, thiserror::Error)]
pub enum CleanRulesErrorKind {
    #[error("expected `<kind> <name> [options] : <pattern>`")]
    Syntax,
    #[error("unknown rule kind `{0}` (expected exact, prefix, contains, regex, block or setting)")]
    UnknownKind(String),
    #[error("rule name `{0}` must be ASCII letters, digits, `.`, `_` or `-`")]
    BadName(String),
    #[error("unknown or malformed option `{0}`")]
    BadOption(String),
    #[error("empty pattern")]
    EmptyPattern,
    #[error("invalid regex: {0}")]
    Regex(String),
    #[error("cannot read rules file: {0}")]
    Io(String),
}

/// A rules file that could not be loaded, with the 1-based line it failed on (0 for I/O errors).
#[derive(Debug, thiserror::Error)]
#[error("clean rules line {line}: {kind}")]
pub struct CleanRulesError {
    line: usize,
    kind: CleanRulesErrorKind,
}

impl CleanRulesError {
    pub(crate) fn new(line: usize, kind: CleanRulesErrorKind) -> CleanRulesError {
        CleanRulesError { line, kind }
    }

    /// 1-based line of the rules file (0 when the file could not be read).
    pub fn line(&self) -> usize {
        self.line
    }

    /// What went wrong.
    pub fn kind(&self) -> &CleanRulesErrorKind {
        &self.kind
    }
}

/// Parsed rules plus the regex sources, in file order.
#[derive(Debug, Default)]
pub(crate) struct ParsedRules {
    pub rules: Vec<Rule>,
    /// `setting tail_cascade : on`: below the body, every line after the first dropped one is
    /// dropped too (footers run to the end of the page).
    pub tail_cascade: bool,
    /// `setting head_labels : on`: above the body, a short label between a dropped line and a
    /// longer title-like line is dropped (a section name).
    pub head_labels: bool,
    /// `setting head_furniture : on`: above the body, short lines around the first
    /// headline-shaped line (the title) are page furniture when the page has other furniture.
    pub head_furniture: bool,
    /// Folded regex sources; `Matcher::Regex(i)` points here.
    pub regexes: Vec<String>,
}

/// Parse the rules file text.
pub(crate) fn parse(src: &str) -> Result<ParsedRules, CleanRulesError> {
    let mut parsed = ParsedRules::default();
    for (i, raw) in src.lines().enumerate() {
        let lineno = i + 1;
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let err = |kind| CleanRulesError::new(lineno, kind);
        // The header (kind, name, options) is ASCII without ':', so the first ':' ends it.
        let (head, pattern) = line
            .split_once(':')
            .ok_or_else(|| err(CleanRulesErrorKind::Syntax))?;
        let pattern = pattern.trim();
        if pattern.is_empty() {
            return Err(err(CleanRulesErrorKind::EmptyPattern));
        }
        let mut words = head.split_whitespace();
        let kind = words
            .next()
            .ok_or_else(|| err(CleanRulesErrorKind::Syntax))?;
        let name = words
            .next()
            .ok_or_else(|| err(CleanRulesErrorKind::Syntax))?;
        if kind == "setting" {
            let on = match pattern {
                "on" => true,
                "off" => false,
                _ => {
                    return Err(err(CleanRulesErrorKind::BadOption(format!(
                        "{name} : {pattern}"
                    ))))
                }
            };
            match name {
                "tail_cascade" => parsed.tail_cascade = on,
                "head_labels" => parsed.head_labels = on,
                "head_furniture" => parsed.head_furniture = on,
                _ => return Err(err(CleanRulesErrorKind::BadOption(name.to_string()))),
            }
            continue;
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        {
            return Err(err(CleanRulesErrorKind::BadName(name.to_string())));
        }
        let mut rule = Rule {
            name: name.to_string(),
            matcher: Matcher::Exact(String::new()),
            max_chars: DEFAULT_MAX,
            zone: Zone::Any,
            opens: Opens::Bare,
            items: DEFAULT_ITEMS,
            item_max: DEFAULT_ITEM_MAX,
            skip_first: false,
        };
        for opt in words {
            apply_option(&mut rule, opt)
                .ok_or_else(|| err(CleanRulesErrorKind::BadOption(opt.to_string())))?;
        }
        let literal = || -> Result<String, CleanRulesError> {
            let k = core(&line_key(pattern)).to_string();
            if k.is_empty() {
                Err(err(CleanRulesErrorKind::EmptyPattern))
            } else {
                Ok(k)
            }
        };
        rule.matcher = match kind {
            "exact" => Matcher::Exact(literal()?),
            "prefix" => Matcher::Prefix(literal()?),
            "contains" => Matcher::Contains(line_key(pattern)),
            "block" => Matcher::Block(literal()?),
            "regex" => {
                let folded = fold_regex(pattern);
                regex::RegexBuilder::new(&folded)
                    .case_insensitive(true)
                    .build()
                    .map_err(|e| err(CleanRulesErrorKind::Regex(e.to_string())))?;
                parsed.regexes.push(folded);
                Matcher::Regex(parsed.regexes.len() - 1)
            }
            other => return Err(err(CleanRulesErrorKind::UnknownKind(other.to_string()))),
        };
        parsed.rules.push(rule);
    }
    Ok(parsed)
}

/// Apply one `key=value` option; `None` when it is unknown or malformed.
fn apply_option(rule: &mut Rule, opt: &str) -> Option<()> {
    let (k, v) = opt.split_once('=')?;
    match k {
        "max" => rule.max_chars = v.parse().ok()?,
        "items" => rule.items = v.parse().ok()?,
        "item_max" => rule.item_max = v.parse().ok()?,
        "zone" => {
            rule.zone = match v {
                "any" => Zone::Any,
                "head" => Zone::Head,
                "tail" => Zone::Tail,
                "edge" => Zone::Edge,
                _ => return None,
            }
        }
        "first" => {
            rule.skip_first = match v {
                "skip" => true,
                "any" => false,
                _ => return None,
            }
        }
        "opens" => {
            rule.opens = match v {
                "bare" => Opens::Bare,
                "always" => Opens::Always,
                _ => return None,
            }
        }
        _ => return None,
    }
    Some(())
}

/// Fold the non-ASCII runs of a regex source with the line-key folding, so patterns may be written
/// in ordinary Arabic ("إقرأ") and still match folded keys, while ASCII regex syntax (`\S`, `\d`,
/// `[^...]`) is left untouched.
fn fold_regex(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut run = String::new();
    for c in src.chars() {
        if c.is_ascii() {
            if !run.is_empty() {
                out.push_str(&fold_run(&run));
                run.clear();
            }
            out.push(c);
        } else {
            run.push(c);
        }
    }
    if !run.is_empty() {
        out.push_str(&fold_run(&run));
    }
    out
}

/// Fold a run of non-ASCII pattern text char-sequence-wise, keeping its spaces (no trimming).
fn fold_run(run: &str) -> String {
    rasd_text::fold(run)
        .chars()
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_kinds_and_options() {
        let p = parse(
            "# comment\n\nexact ad.label : إعلان\nblock related.read_also opens=always items=5 item_max=90 max=40 : اقرأ أيضاً\nregex time.ago zone=head : ^منذ \\d+ ساعات$\n",
        )
        .expect("valid rules");
        assert_eq!(p.rules.len(), 3);
        assert!(matches!(&p.rules[0].matcher, Matcher::Exact(s) if s == "اعلان"));
        assert!(matches!(&p.rules[1].matcher, Matcher::Block(s) if s == "اقرا ايضا"));
        assert_eq!(p.rules[1].items, 5);
        assert_eq!(p.rules[1].opens, Opens::Always);
        assert_eq!(p.rules[2].zone, Zone::Head);
        assert_eq!(p.regexes[0], "^منذ \\d+ ساعات$");
    }

    #[test]
    fn reports_line_of_bad_regex() {
        let e = parse("exact a : x\nregex b : ([\n").expect_err("bad regex");
        assert_eq!(e.line(), 2);
        assert!(matches!(e.kind(), CleanRulesErrorKind::Regex(_)));
    }

    #[test]
    fn rejects_unknown_kind_option_and_missing_colon() {
        assert!(matches!(
            parse("fuzzy a : x").map(|_| ()).unwrap_err().kind(),
            CleanRulesErrorKind::UnknownKind(_)
        ));
        assert!(matches!(
            parse("exact a zone=middle : x")
                .map(|_| ())
                .unwrap_err()
                .kind(),
            CleanRulesErrorKind::BadOption(_)
        ));
        assert!(matches!(
            parse("exact a x").map(|_| ()).unwrap_err().kind(),
            CleanRulesErrorKind::Syntax
        ));
        assert!(matches!(
            parse("exact a : ::").map(|_| ()).unwrap_err().kind(),
            CleanRulesErrorKind::EmptyPattern
        ));
    }

    #[test]
    fn settings_parse_and_unknown_setting_is_rejected() {
        assert!(
            parse("setting tail_cascade : on")
                .expect("valid")
                .tail_cascade
        );
        assert!(
            !parse("setting tail_cascade : off")
                .expect("valid")
                .tail_cascade
        );
        assert!(parse("setting tail_cascade : maybe").is_err());
        assert!(parse("setting head_cascade : on").is_err());
    }

    #[test]
    fn regex_folding_keeps_ascii_syntax() {
        assert_eq!(fold_regex(r"^إقرأ\S+\d$"), r"^اقرا\S+\d$");
    }
}
