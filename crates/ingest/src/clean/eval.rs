//! Evaluation of boilerplate removal against line-level gold files (`+ ` keep / `- ` drop).
//!
//! A gold file is one article, one input line per line, each prefixed with `+ ` (the cleaner must
//! keep it) or `- ` (it must drop it). A gold directory holds one set per sub-directory (e.g.
//! `tuned/`, `heldout/`) plus, if any, the `.txt` files directly in it as a set of its own.
//! Scores count *dropped* lines as the positive class.

use std::path::{Path, PathBuf};

use super::CleanRules;

/// One line of a gold article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldLine {
    /// True when the cleaner should drop the line.
    pub drop: bool,
    /// The input line, without its `+ `/`- ` prefix.
    pub text: String,
}

/// One gold article.
#[derive(Debug, Clone)]
pub struct GoldArticle {
    /// File name (or any label) used in error listings.
    pub name: String,
    pub lines: Vec<GoldLine>,
}

impl GoldArticle {
    /// The article as the cleaner sees it: the unprefixed lines joined with '\n'.
    pub fn input(&self) -> String {
        let texts: Vec<&str> = self.lines.iter().map(|l| l.text.as_str()).collect();
        texts.join("\n")
    }
}

/// A named group of gold articles (one directory).
#[derive(Debug, Clone)]
pub struct GoldSet {
    pub name: String,
    pub articles: Vec<GoldArticle>,
}

/// A gold file or directory that could not be read.
#[derive(Debug, thiserror::Error)]
pub enum GoldError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{name} line {line}: expected a `+ ` (keep) or `- ` (drop) prefix")]
    BadLine { name: String, line: usize },
    #[error("{0}: no gold .txt files found")]
    Empty(PathBuf),
}

/// Parse one gold file's text. Blank lines are ignored.
pub fn parse_gold(name: &str, src: &str) -> Result<GoldArticle, GoldError> {
    let mut lines = Vec::new();
    for (i, raw) in src.lines().enumerate() {
        if raw.trim().is_empty() {
            continue;
        }
        let (drop, rest) = match raw.chars().next() {
            Some('+') => (false, &raw[1..]),
            Some('-') => (true, &raw[1..]),
            _ => {
                return Err(GoldError::BadLine {
                    name: name.to_string(),
                    line: i + 1,
                })
            }
        };
        let Some(text) = rest
            .strip_prefix(' ')
            .or_else(|| rest.is_empty().then_some(""))
        else {
            return Err(GoldError::BadLine {
                name: name.to_string(),
                line: i + 1,
            });
        };
        lines.push(GoldLine {
            drop,
            text: text.to_string(),
        });
    }
    Ok(GoldArticle {
        name: name.to_string(),
        lines,
    })
}

/// Load every set under `dir`: each sub-directory with `.txt` gold files is a set, and `.txt`
/// files directly in `dir` form a set named after `dir`. Sets and files are sorted by name.
pub fn load_sets(dir: &Path) -> Result<Vec<GoldSet>, GoldError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| GoldError::Io { path, source }
    };
    let mut subdirs = Vec::new();
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io(dir))? {
        let path = entry.map_err(io(dir))?.path();
        if path.is_dir() {
            subdirs.push(path);
        } else if path.extension().is_some_and(|e| e == "txt") {
            files.push(path);
        }
    }
    subdirs.sort();
    let mut sets = Vec::new();
    if !files.is_empty() {
        let name = dir
            .file_name()
            .map_or_else(|| ".".to_string(), |n| n.to_string_lossy().into_owned());
        sets.push(GoldSet {
            name,
            articles: load_files(files)?,
        });
    }
    for sub in subdirs {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(&sub).map_err(io(&sub))? {
            let path = entry.map_err(io(&sub))?.path();
            if path.is_file() && path.extension().is_some_and(|e| e == "txt") {
                files.push(path);
            }
        }
        if !files.is_empty() {
            let name = sub
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            sets.push(GoldSet {
                name,
                articles: load_files(files)?,
            });
        }
    }
    if sets.is_empty() {
        return Err(GoldError::Empty(dir.to_path_buf()));
    }
    Ok(sets)
}

fn load_files(mut files: Vec<PathBuf>) -> Result<Vec<GoldArticle>, GoldError> {
    files.sort();
    files
        .iter()
        .map(|path| {
            let src = std::fs::read_to_string(path).map_err(|source| GoldError::Io {
                path: path.clone(),
                source,
            })?;
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            parse_gold(&name, &src)
        })
        .collect()
}

/// A line the cleaner got wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineError {
    pub article: String,
    /// 0-based line index in the article.
    pub line: usize,
    pub text: String,
    /// What the gold says: true = should be dropped.
    pub gold_drop: bool,
    /// The rule that dropped it (for false drops).
    pub rule: Option<String>,
}

/// Confusion counts over lines, with dropping as the positive class.
#[derive(Debug, Clone, Default)]
pub struct Score {
    pub articles: usize,
    /// Dropped and should be.
    pub true_drops: usize,
    /// Dropped but should be kept (body lost).
    pub false_drops: usize,
    /// Kept but should be dropped (boilerplate left in).
    pub missed_drops: usize,
    /// Kept and should be.
    pub true_keeps: usize,
    pub errors: Vec<LineError>,
}

impl Score {
    /// Share of dropped lines that are boilerplate (1.0 when nothing was dropped).
    pub fn precision(&self) -> f64 {
        ratio(self.true_drops, self.true_drops + self.false_drops)
    }

    /// Share of boilerplate lines that were dropped (1.0 when there was none).
    pub fn recall(&self) -> f64 {
        ratio(self.true_drops, self.true_drops + self.missed_drops)
    }

    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    /// Number of articles whose every line was classified right.
    pub fn perfect_articles(&self) -> usize {
        let mut bad: Vec<&str> = self.errors.iter().map(|e| e.article.as_str()).collect();
        bad.sort_unstable();
        bad.dedup();
        self.articles.saturating_sub(bad.len())
    }
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        1.0
    } else {
        num as f64 / den as f64
    }
}

/// Run `rules` over every article and count dropped-line agreement with the gold.
pub fn evaluate(rules: &CleanRules, articles: &[GoldArticle]) -> Score {
    let mut score = Score {
        articles: articles.len(),
        ..Score::default()
    };
    for article in articles {
        let cleaned = rules.clean(&article.input());
        let mut rule_of: Vec<Option<&str>> = vec![None; article.lines.len()];
        for d in &cleaned.dropped {
            if let Some(slot) = rule_of.get_mut(d.line) {
                *slot = Some(d.rule.as_str());
            }
        }
        for (i, (gold, rule)) in article.lines.iter().zip(&rule_of).enumerate() {
            match (gold.drop, rule.is_some()) {
                (true, true) => score.true_drops += 1,
                (false, false) => score.true_keeps += 1,
                (false, true) => score.false_drops += 1,
                (true, false) => score.missed_drops += 1,
            }
            if gold.drop != rule.is_some() {
                score.errors.push(LineError {
                    article: article.name.clone(),
                    line: i,
                    text: gold.text.clone(),
                    gold_drop: gold.drop,
                    rule: rule.map(str::to_string),
                });
            }
        }
    }
    score
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_prefixes_parse_and_bad_prefix_is_reported() {
        let a = parse_gold("a", "- الرئيسية > سياسة\n+ عنوان\n\n+ نص الخبر.\n").expect("valid");
        assert_eq!(a.lines.len(), 3);
        assert!(a.lines[0].drop);
        assert_eq!(a.input(), "الرئيسية > سياسة\nعنوان\nنص الخبر.");
        assert!(matches!(
            parse_gold("b", "* x"),
            Err(GoldError::BadLine { line: 1, .. })
        ));
        assert!(matches!(
            parse_gold("c", "+x"),
            Err(GoldError::BadLine { line: 1, .. })
        ));
    }

    #[test]
    fn scores_count_drops_as_positive() {
        let a = parse_gold("a", "- إعلان\n+ عنوان\n- سطر يبقى خطأ\n+ نص الخبر.\n").expect("valid");
        let s = evaluate(&CleanRules::builtin(), &[a]);
        assert_eq!(
            (s.true_drops, s.missed_drops, s.false_drops, s.true_keeps),
            (1, 1, 0, 2)
        );
        assert_eq!(s.precision(), 1.0);
        assert_eq!(s.recall(), 0.5);
        assert_eq!(s.errors.len(), 1);
        assert_eq!(s.perfect_articles(), 0);
    }

    /// Prints per-set scores and errors for `RASD_CLEAN_GOLD` (default testdata/clean) with the
    /// rules in `RASD_CLEAN_RULES` (default builtin): a development aid, run with `--ignored`.
    #[test]
    #[ignore]
    fn report() {
        let dir = std::env::var("RASD_CLEAN_GOLD")
            .map(PathBuf::from)
            .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/clean"));
        let rules = match std::env::var("RASD_CLEAN_RULES") {
            Ok(path) => CleanRules::from_file(path).expect("rules file"),
            Err(_) => CleanRules::builtin(),
        };
        for set in load_sets(&dir).expect("gold dir") {
            let s = evaluate(&rules, &set.articles);
            println!(
                "{} P={:.3} R={:.3} F1={:.3} FP={} FN={}",
                set.name,
                s.precision(),
                s.recall(),
                s.f1(),
                s.false_drops,
                s.missed_drops
            );
            if std::env::var("RASD_CLEAN_VERBOSE").is_ok() {
                for e in &s.errors {
                    println!(
                        "  {} {}:{} [{}] {}",
                        if e.gold_drop { "FN" } else { "FP" },
                        e.article,
                        e.line + 1,
                        e.rule.as_deref().unwrap_or("-"),
                        e.text
                    );
                }
            }
        }
    }

    /// The records of the shared news corpus (`$RASD_SHARED` or `../shared`), for the probes.
    fn corpus_records() -> impl Iterator<Item = serde_json::Value> {
        use std::io::BufRead;
        let shared = std::env::var("RASD_SHARED")
            .map(PathBuf::from)
            .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"));
        let path = shared.join("data/news_corpus/ant_corpus_v1.1_jawharafm.jsonl.gz");
        let file = std::fs::File::open(&path).expect("corpus");
        std::io::BufReader::new(flate2::read::GzDecoder::new(file))
            .lines()
            .map_while(Result::ok)
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(&l).ok())
    }

    /// Runs the builtin rules over the bodies of the shared news corpus (which carry no page
    /// furniture) and prints what they drop, with timing: a precision probe on real text, run
    /// with `--ignored`.
    #[test]
    #[ignore]
    fn corpus_probe() {
        let rules = CleanRules::builtin();
        let texts: Vec<String> = corpus_records()
            .map(|v| {
                let title = v["title"].as_str().unwrap_or_default();
                let text = v["text"].as_str().unwrap_or_default();
                // One sentence per line, as the HTML extractor gives one block per line.
                format!("{title}\n{}", text.replace(". ", ".\n"))
            })
            .collect();
        let start = std::time::Instant::now();
        let (mut lines, mut dropped) = (0usize, Vec::new());
        for t in &texts {
            let c = rules.clean(t);
            let all: Vec<&str> = t.lines().collect();
            lines += all.iter().filter(|l| !l.trim().is_empty()).count();
            for d in c.dropped {
                dropped.push((
                    d.rule,
                    all.get(d.line)
                        .copied()
                        .unwrap_or_default()
                        .trim()
                        .to_string(),
                ));
            }
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{} articles, {lines} lines, {} dropped, {:.0} articles/s",
            texts.len(),
            dropped.len(),
            texts.len() as f64 / secs
        );
        for (rule, text) in &dropped {
            println!("  [{rule}] {text}");
        }
    }

    /// Probe for the structural head rules: each corpus article as a page with a crumb above
    /// the title and a share bar below the body (so the page has furniture), paragraphs as in
    /// the corpus (not split into sentences). Prints every line `head.furniture` or
    /// `head.label` drops: all are corpus title or body lines, i.e. false drops. Run with
    /// `--ignored`.
    #[test]
    #[ignore]
    fn head_furniture_probe() {
        let rules = CleanRules::builtin();
        let (mut articles, mut lines, mut dropped) = (0usize, 0usize, Vec::new());
        for v in corpus_records() {
            let title = v["title"].as_str().unwrap_or_default();
            let text = v["text"].as_str().unwrap_or_default();
            let page = format!("الرئيسية > أخبار\n{title}\n{text}\nشارك");
            let all: Vec<&str> = page.lines().collect();
            articles += 1;
            lines += all.iter().filter(|l| !l.trim().is_empty()).count() - 2;
            for d in rules.clean(&page).dropped {
                if d.rule.starts_with("head.") {
                    let text = all.get(d.line).copied().unwrap_or_default().trim();
                    dropped.push((d.rule, text.to_string()));
                }
            }
        }
        println!(
            "{articles} articles, {lines} corpus lines, {} dropped by head rules",
            dropped.len()
        );
        for (rule, text) in &dropped {
            println!("  [{rule}] {text}");
        }
    }

    /// The shipped gold sets stay above the target on the set the rules were tuned on.
    #[test]
    fn tuned_gold_set_meets_target() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/clean");
        let sets = load_sets(&dir).expect("testdata/clean is readable");
        let tuned = sets.iter().find(|s| s.name == "tuned").expect("tuned set");
        assert!(
            tuned.articles.len() >= 40,
            "{} articles",
            tuned.articles.len()
        );
        let s = evaluate(&CleanRules::builtin(), &tuned.articles);
        assert!(
            s.precision() >= 0.95 && s.recall() >= 0.95,
            "P={:.3} R={:.3}: {:#?}",
            s.precision(),
            s.recall(),
            s.errors
        );
    }
}
