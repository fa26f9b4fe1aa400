//! The query language (words, "phrases", -exclusions, OR) parsed and turned into tantivy queries.
//!
//! ```text
//! query    := clause*                 clauses are ANDed
//! clause   := "-"? item ("OR" item)*  a negated clause excludes articles
//! item     := word | '"' words '"'    also «…» and “…” as quotes
//! ```
//! A word is analyzed like document text ([`crate::analyzer::query_words`]); a bare word that
//! analyzes to several words (`الأمم-المتحدة`) is a phrase; a stopword alone is ignored.

use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::analyzer::{query_words, QueryWord};

/// Title matches weigh this much more than body matches.
const TITLE_BOOST: f32 = 2.0;

/// Why a query string cannot be searched.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("unclosed quote: a phrase opened with {0} is not closed")]
    UnclosedQuote(char),
    #[error("OR must stand between two words or phrases")]
    DanglingOr,
    #[error("a query needs at least one word that is not excluded with '-'")]
    OnlyExclusions,
    #[error("the query has only stopwords or punctuation ({0:?}); add a content word")]
    NoSearchableWords(String),
    #[error("limit {limit} is larger than the maximum {max}")]
    LimitTooLarge { limit: usize, max: usize },
    #[error("date range is empty: from {from} is after to {to}")]
    EmptyDateRange { from: String, to: String },
}

/// A word or a phrase, analyzed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Item {
    Word(QueryWord),
    Phrase(Vec<QueryWord>),
}

/// One ANDed part of a query: alternatives joined by OR, possibly negated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Clause {
    pub negated: bool,
    pub items: Vec<Item>,
}

/// A raw piece of the query string before analysis.
#[derive(Debug, PartialEq, Eq)]
enum Piece {
    Text {
        text: String,
        quoted: bool,
        negated: bool,
    },
    Or,
}

fn closing_quote(open: char) -> Option<char> {
    match open {
        '"' => Some('"'),
        '«' => Some('»'),
        '“' => Some('”'),
        _ => None,
    }
}

fn lex(query: &str) -> Result<Vec<Piece>, QueryError> {
    let mut out = Vec::new();
    let mut chars = query.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let mut negated = false;
        if c == '-' {
            chars.next();
            match chars.peek() {
                Some(&n) if !n.is_whitespace() => negated = true,
                _ => continue, // a lone hyphen is punctuation
            }
        }
        let Some(&c) = chars.peek() else { break };
        if let Some(close) = closing_quote(c) {
            chars.next();
            let mut text = String::new();
            let mut closed = false;
            for d in chars.by_ref() {
                if d == close {
                    closed = true;
                    break;
                }
                text.push(d);
            }
            if !closed {
                return Err(QueryError::UnclosedQuote(c));
            }
            out.push(Piece::Text {
                text,
                quoted: true,
                negated,
            });
            continue;
        }
        let mut text = String::new();
        while let Some(&d) = chars.peek() {
            if d.is_whitespace() || closing_quote(d).is_some() {
                break;
            }
            text.push(d);
            chars.next();
        }
        if text == "OR" && !negated {
            out.push(Piece::Or);
        } else {
            out.push(Piece::Text {
                text,
                quoted: false,
                negated,
            });
        }
    }
    Ok(out)
}

/// Parse and analyze a query string. An empty (or all-whitespace) query gives no clauses.
pub(crate) fn parse(query: &str) -> Result<Vec<Clause>, QueryError> {
    let pieces = lex(query)?;
    let mut clauses: Vec<Clause> = Vec::new();
    let mut pending_or = false;
    let mut dropped_any = false;
    for piece in pieces {
        match piece {
            Piece::Or => {
                if pending_or || clauses.last().is_none_or(|c| c.negated) {
                    return Err(QueryError::DanglingOr);
                }
                pending_or = true;
            }
            Piece::Text {
                text,
                quoted,
                negated,
            } => {
                let words = query_words(&text);
                let item = match words.len() {
                    0 => None,
                    1 if !quoted || text.split_whitespace().count() == 1 => {
                        words.into_iter().next().map(Item::Word)
                    }
                    _ => Some(Item::Phrase(words)),
                };
                let Some(item) = item else {
                    // A stopword or punctuation: nothing to search for.
                    dropped_any = true;
                    if pending_or {
                        // `X OR في`: the alternative is empty, X stands alone.
                        pending_or = false;
                    }
                    continue;
                };
                if pending_or {
                    if negated {
                        return Err(QueryError::DanglingOr);
                    }
                    pending_or = false;
                    if let Some(last) = clauses.last_mut() {
                        last.items.push(item);
                        continue;
                    }
                }
                clauses.push(Clause {
                    negated,
                    items: vec![item],
                });
            }
        }
    }
    if pending_or {
        return Err(QueryError::DanglingOr);
    }
    if !clauses.is_empty() && clauses.iter().all(|c| c.negated) {
        return Err(QueryError::OnlyExclusions);
    }
    if clauses.is_empty() && dropped_any {
        return Err(QueryError::NoSearchableWords(query.trim().to_string()));
    }
    Ok(clauses)
}

/// The fields a text query looks in.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TextFields {
    pub text: Field,
    pub title: Field,
}

fn term_query(field: Field, key: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, key),
        IndexRecordOption::WithFreqsAndPositions,
    ))
}

fn boosted(q: Box<dyn Query>, field: Field, fields: TextFields) -> (Occur, Box<dyn Query>) {
    if field == fields.title {
        (Occur::Should, Box::new(BoostQuery::new(q, TITLE_BOOST)))
    } else {
        (Occur::Should, q)
    }
}

/// A word matches on its surface key (exact form, scores higher) or its shortest stem.
fn word_query(w: &QueryWord, fields: TextFields) -> Box<dyn Query> {
    let mut should = Vec::new();
    for field in [fields.text, fields.title] {
        should.push(boosted(term_query(field, &w.surface), field, fields));
        if w.base != w.surface {
            should.push(boosted(term_query(field, &w.base), field, fields));
        }
    }
    Box::new(BooleanQuery::new(should))
}

/// A phrase matches the shortest stems of its words at their relative positions.
fn phrase_query(words: &[QueryWord], fields: TextFields) -> Box<dyn Query> {
    let first = words.first().map(|w| w.position).unwrap_or(0);
    let mut should = Vec::new();
    for field in [fields.text, fields.title] {
        let terms: Vec<(usize, Term)> = words
            .iter()
            .map(|w| {
                (
                    w.position.saturating_sub(first),
                    Term::from_field_text(field, &w.base),
                )
            })
            .collect();
        should.push(boosted(
            Box::new(PhraseQuery::new_with_offset(terms)),
            field,
            fields,
        ));
    }
    Box::new(BooleanQuery::new(should))
}

fn item_query(item: &Item, fields: TextFields) -> Box<dyn Query> {
    match item {
        Item::Word(w) => word_query(w, fields),
        Item::Phrase(ws) if ws.len() >= 2 => phrase_query(ws, fields),
        // A phrase of one word (a quoted word) is that word; PhraseQuery needs two terms.
        Item::Phrase(ws) => match ws.first() {
            Some(w) => word_query(w, fields),
            None => Box::new(tantivy::query::EmptyQuery),
        },
    }
}

/// The tantivy clauses of parsed query clauses (`Must` for each clause, `MustNot` for exclusions).
pub(crate) fn to_tantivy(clauses: &[Clause], fields: TextFields) -> Vec<(Occur, Box<dyn Query>)> {
    clauses
        .iter()
        .map(|c| {
            let q: Box<dyn Query> = match c.items.as_slice() {
                [one] => item_query(one, fields),
                many => Box::new(BooleanQuery::new(
                    many.iter()
                        .map(|i| (Occur::Should, item_query(i, fields)))
                        .collect(),
                )),
            };
            (
                if c.negated {
                    Occur::MustNot
                } else {
                    Occur::Must
                },
                q,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(q: &str) -> Vec<(bool, Vec<String>)> {
        parse(q)
            .unwrap()
            .into_iter()
            .map(|c| {
                (
                    c.negated,
                    c.items
                        .iter()
                        .map(|i| match i {
                            Item::Word(w) => w.base.clone(),
                            Item::Phrase(ws) => format!(
                                "\"{}\"",
                                ws.iter()
                                    .map(|w| w.base.as_str())
                                    .collect::<Vec<_>>()
                                    .join(" ")
                            ),
                        })
                        .collect(),
                )
            })
            .collect()
    }

    #[test]
    fn words_are_anded_and_phrases_kept_together() {
        assert_eq!(
            shape("غزة \"وزير الخارجية\""),
            vec![
                (false, vec!["غزه".to_string()]),
                (false, vec!["\"زير خارجيه\"".to_string()]),
            ]
        );
    }

    #[test]
    fn guillemets_quote_a_phrase() {
        assert_eq!(shape("«الأمم المتحدة»").len(), 1);
    }

    #[test]
    fn or_joins_alternatives_and_minus_excludes() {
        assert_eq!(
            shape("تونس OR الجزائر -مصر"),
            vec![
                (false, vec!["تونس".to_string(), "جزاير".to_string()]),
                (true, vec!["مصر".to_string()]),
            ]
        );
    }

    #[test]
    fn malformed_queries_are_clear_errors() {
        assert_eq!(parse("\"غزة رفح"), Err(QueryError::UnclosedQuote('"')));
        assert_eq!(parse("OR غزة"), Err(QueryError::DanglingOr));
        assert_eq!(parse("غزة OR"), Err(QueryError::DanglingOr));
        assert_eq!(parse("غزة OR OR رفح"), Err(QueryError::DanglingOr));
        assert_eq!(parse("-غزة"), Err(QueryError::OnlyExclusions));
        assert!(matches!(
            parse("في من"),
            Err(QueryError::NoSearchableWords(_))
        ));
    }

    #[test]
    fn empty_query_has_no_clauses() {
        assert_eq!(parse("   "), Ok(vec![]));
    }

    #[test]
    fn stopwords_in_a_query_are_ignored_but_keep_phrase_gaps() {
        let c = parse("\"اجتمع في تونس\"").unwrap();
        match c.first().and_then(|c| c.items.first()) {
            Some(Item::Phrase(ws)) => {
                let pos: Vec<usize> = ws.iter().map(|w| w.position).collect();
                assert_eq!(pos, vec![0, 2]);
            }
            other => panic!("expected a phrase, got {other:?}"),
        }
        assert_eq!(shape("في غزة").len(), 1);
    }

    #[test]
    fn hyphenated_bare_word_is_a_phrase() {
        assert_eq!(
            shape("الأمم-المتحدة"),
            vec![(false, vec!["\"امم متحده\"".to_string()])]
        );
    }
}
