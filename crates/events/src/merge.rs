//! Cross-source merge: mentions of the same real-world event from many articles become one [`Event`].

use std::collections::{BTreeMap, BTreeSet};

use rasd_core::Ymd;
use serde::{Deserialize, Serialize};

use crate::{stable_id, EventMention, EventType, Mode};

/// The coded mentions of one article with what the merge needs to count sources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodedArticle {
    pub article: String,
    pub outlet: Option<String>,
    /// Id of the earliest stored copy when this article is a duplicate (dedupe stage).
    pub duplicate_of: Option<String>,
    pub mentions: Vec<EventMention>,
}

/// A mention inside a merged event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergedMention {
    pub article: String,
    pub outlet: Option<String>,
    #[serde(flatten)]
    pub mention: EventMention,
}

/// Sources disagree on a field of a merged event; every value is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// `date` or `location`.
    pub field: String,
    pub values: Vec<String>,
}

/// One real-world event with all its mentions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: EventType,
    pub cameo: String,
    pub mode: Mode,
    pub source: Vec<String>,
    pub target: Vec<String>,
    pub location: Option<String>,
    pub date: Option<String>,
    pub date_precision: String,
    /// Distinct articles, a duplicate counted with its original.
    pub num_articles: usize,
    /// Distinct outlets among those articles.
    pub num_sources: usize,
    pub mentions: Vec<MergedMention>,
    pub conflicts: Vec<Conflict>,
}

/// True when two event dates can denote the same event: ±1 day for day-level dates, else equal or nested.
fn dates_compatible(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => match (Ymd::parse_iso(a), Ymd::parse_iso(b)) {
            (Some(x), Some(y)) if a.len() == 10 && b.len() == 10 => {
                (x.day_number() - y.day_number()).abs() <= 1
            }
            _ => a.starts_with(b) || b.starts_with(a),
        },
        _ => true,
    }
}

fn actors(m: &EventMention) -> BTreeSet<&str> {
    m.source
        .iter()
        .chain(&m.target)
        .map(String::as_str)
        .collect()
}

/// Groups mentions from many articles into events (see docs/EVENTS.md for the rule); deterministic in input order.
pub fn merge(articles: &[CodedArticle]) -> Vec<Event> {
    let mut groups: Vec<Vec<MergedMention>> = Vec::new();
    for art in articles {
        for m in &art.mentions {
            let mine = actors(m);
            let found = groups.iter_mut().find(|g| {
                g.iter().all(|o| {
                    let o = &o.mention;
                    let theirs = actors(o);
                    o.event_type == m.event_type
                        && (o.mode == Mode::Negated) == (m.mode == Mode::Negated)
                        && !mine.is_empty()
                        && !mine.is_disjoint(&theirs)
                        && dates_compatible(o.date.as_deref(), m.date.as_deref())
                }) && g.iter().any(|o| {
                    // Places must agree unless unknown; a disagreeing place merges only on the very same day.
                    match (&o.mention.location, &m.location) {
                        (Some(a), Some(b)) if a != b => o.mention.date == m.date,
                        _ => true,
                    }
                })
            });
            let mm = MergedMention {
                article: art.article.clone(),
                outlet: art.outlet.clone(),
                mention: m.clone(),
            };
            match found {
                Some(g) => g.push(mm),
                None => groups.push(vec![mm]),
            }
        }
    }
    let canonical: BTreeMap<&str, &str> = articles
        .iter()
        .map(|a| {
            (
                a.article.as_str(),
                a.duplicate_of.as_deref().unwrap_or(a.article.as_str()),
            )
        })
        .collect();
    let outlet_of: BTreeMap<&str, Option<&str>> = articles
        .iter()
        .map(|a| (a.article.as_str(), a.outlet.as_deref()))
        .collect();
    groups
        .into_iter()
        .filter_map(|g| build_event(g, &canonical, &outlet_of))
        .collect()
}

fn build_event(
    g: Vec<MergedMention>,
    canonical: &BTreeMap<&str, &str>,
    outlet_of: &BTreeMap<&str, Option<&str>>,
) -> Option<Event> {
    let first = g.first()?.mention.clone();
    let canon: BTreeSet<&str> = g
        .iter()
        .map(|m| {
            canonical
                .get(m.article.as_str())
                .copied()
                .unwrap_or(m.article.as_str())
        })
        .collect();
    let outlets: BTreeSet<String> = canon
        .iter()
        .map(|c| {
            // A duplicate's original may be outside this batch: fall back to the mention's own outlet.
            let own = g
                .iter()
                .find(|m| canonical.get(m.article.as_str()).copied() == Some(*c))
                .and_then(|m| m.outlet.as_deref());
            match outlet_of.get(c).copied().flatten().or(own) {
                Some(o) => format!("outlet:{o}"),
                None => format!("article:{c}"),
            }
        })
        .collect();
    let mut source: Vec<String> = Vec::new();
    let mut target: Vec<String> = Vec::new();
    for m in &g {
        for s in &m.mention.source {
            if !source.contains(s) {
                source.push(s.clone());
            }
        }
    }
    for m in &g {
        for t in &m.mention.target {
            if !source.contains(t) && !target.contains(t) {
                target.push(t.clone());
            }
        }
    }
    // Best-known date: the first mention with a date from the text, else the publication fallback.
    let dated = g
        .iter()
        .find(|m| m.mention.date_precision != "publication" && m.mention.date.is_some())
        .unwrap_or(&g[0]);
    let location = g.iter().find_map(|m| m.mention.location.clone());
    let mut conflicts = Vec::new();
    let distinct = |f: &dyn Fn(&MergedMention) -> Option<String>| -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for m in &g {
            if let Some(x) = f(m) {
                if !v.contains(&x) {
                    v.push(x);
                }
            }
        }
        v
    };
    let dates = distinct(&|m| {
        (m.mention.date_precision != "publication")
            .then(|| m.mention.date.clone())
            .flatten()
    });
    if dates.len() > 1 {
        conflicts.push(Conflict {
            field: "date".into(),
            values: dates,
        });
    }
    let places = distinct(&|m| m.mention.location.clone());
    if places.len() > 1 {
        conflicts.push(Conflict {
            field: "location".into(),
            values: places,
        });
    }
    let mode = if g.iter().any(|m| m.mention.mode == Mode::Asserted) {
        Mode::Asserted
    } else {
        first.mode
    };
    let mut key_actors: Vec<&str> = source.iter().chain(&target).map(String::as_str).collect();
    key_actors.sort();
    let first_pos = format!("{}:{}", g[0].article, first.start);
    let date = dated.mention.date.clone();
    let id = stable_id(&[
        first.event_type.as_str(),
        date.as_deref().unwrap_or(""),
        &key_actors.join(","),
        &first_pos,
    ]);
    Some(Event {
        id,
        event_type: first.event_type,
        cameo: first.cameo.clone(),
        mode,
        source,
        target,
        location,
        date,
        date_precision: dated.mention.date_precision.clone(),
        num_articles: canon.len(),
        num_sources: outlets.len(),
        mentions: g,
        conflicts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rasd_core::Span;

    fn mention(ty: EventType, src: &str, tgt: &str, date: &str) -> EventMention {
        EventMention {
            event_type: ty,
            cameo: "040".into(),
            mode: Mode::Asserted,
            reported: false,
            source: vec![src.into()],
            target: vec![tgt.into()],
            location: None,
            date: Some(date.into()),
            date_precision: "day".into(),
            start: 0,
            end: 5,
            text: "التقى".into(),
            trigger: Span::new(0, 5),
            trigger_text: "التقى".into(),
            attributed_to: None,
            attributed_to_text: None,
            quote: false,
        }
    }

    fn article(id: &str, outlet: &str, dup: Option<&str>, m: Vec<EventMention>) -> CodedArticle {
        CodedArticle {
            article: id.into(),
            outlet: Some(outlet.into()),
            duplicate_of: dup.map(Into::into),
            mentions: m,
        }
    }

    #[test]
    fn two_meetings_of_the_same_people_on_different_dates_stay_apart() {
        let arts = vec![
            article(
                "a",
                "X",
                None,
                vec![mention(EventType::Consult, "egy", "jor", "2025-12-01")],
            ),
            article(
                "b",
                "Y",
                None,
                vec![mention(EventType::Consult, "jor", "egy", "2025-12-10")],
            ),
        ];
        let ev = merge(&arts);
        assert_eq!(ev.len(), 2);
    }

    #[test]
    fn same_meeting_from_three_outlets_is_one_event_and_a_duplicate_is_not_counted() {
        let m = |d: &str| mention(EventType::Consult, "egy", "jor", d);
        let arts = vec![
            article("a", "X", None, vec![m("2025-12-01")]),
            article("b", "Y", None, vec![m("2025-12-02")]),
            article("c", "Z", Some("a"), vec![m("2025-12-01")]),
        ];
        let ev = merge(&arts);
        assert_eq!(ev.len(), 1);
        assert_eq!(ev[0].mentions.len(), 3);
        assert_eq!(ev[0].num_articles, 2);
        assert_eq!(ev[0].num_sources, 2);
        assert_eq!(ev[0].conflicts.len(), 1, "2025-12-01 vs 2025-12-02 is kept");
    }

    #[test]
    fn different_types_or_disjoint_actors_do_not_merge() {
        let arts = vec![
            article(
                "a",
                "X",
                None,
                vec![mention(EventType::Consult, "egy", "jor", "2025-12-01")],
            ),
            article(
                "b",
                "Y",
                None,
                vec![mention(EventType::Assault, "egy", "jor", "2025-12-01")],
            ),
            article(
                "c",
                "Y",
                None,
                vec![mention(EventType::Consult, "fra", "deu", "2025-12-01")],
            ),
        ];
        assert_eq!(merge(&arts).len(), 3);
    }
}
