//! The materialized `events` table: merge every stored article's coded mentions and store the result.

use rasd_store::{EventRow, Store};

use crate::merge::{merge, CodedArticle, Event};
use crate::{EventError, EventMention};

/// What [`materialize`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MaterializeStats {
    /// Articles with at least one coded mention.
    pub articles: usize,
    pub mentions: usize,
    pub events: usize,
}

/// Recompute the `events` and `event_actors` tables from the stored event mentions of every
/// article (merged across outlets with [`merge`]), replacing their content in one transaction.
///
/// Call it after new articles are stored (`rasd ingest` and the API's ingest do). Event ids are
/// stable: an event keeps its id when unrelated articles are added or when later reports join it.
pub fn materialize(store: &mut Store) -> Result<MaterializeStats, EventError> {
    let mut coded = Vec::new();
    let mut stats = MaterializeStats::default();
    for (article, outlet, duplicate_of, docs) in store.event_mentions()? {
        let mentions = docs
            .iter()
            .map(|j| serde_json::from_str::<EventMention>(j))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| EventError::StoredMention {
                article: article.clone(),
                why: e.to_string(),
            })?;
        stats.articles += 1;
        stats.mentions += mentions.len();
        coded.push(CodedArticle {
            article,
            outlet,
            duplicate_of,
            mentions,
        });
    }
    let rows = merge(&coded)
        .iter()
        .map(event_row)
        .collect::<Result<Vec<_>, _>>()?;
    stats.events = store.replace_events(&rows)?;
    Ok(stats)
}

/// The stored row of one merged event.
pub fn event_row(e: &Event) -> Result<EventRow, EventError> {
    let json = serde_json::to_string(e).map_err(|err| EventError::StoredMention {
        article: e.id.clone(),
        why: err.to_string(),
    })?;
    let mut actors: Vec<(String, String)> = Vec::new();
    let roles = e
        .source
        .iter()
        .map(|s| (s, "source"))
        .chain(e.target.iter().map(|t| (t, "target")))
        .chain(e.location.iter().map(|l| (l, "location")));
    for (entity, role) in roles {
        let pair = (entity.clone(), role.to_string());
        if !actors.contains(&pair) {
            actors.push(pair);
        }
    }
    let mut articles: Vec<String> = Vec::new();
    for m in &e.mentions {
        if !articles.contains(&m.article) {
            articles.push(m.article.clone());
        }
    }
    Ok(EventRow {
        id: e.id.clone(),
        event_type: e.event_type.as_str().to_string(),
        mode: e.mode.as_str().to_string(),
        date: e.date.clone(),
        date_precision: e.date_precision.clone(),
        location: e.location.clone(),
        num_articles: e.num_articles,
        num_sources: e.num_sources,
        json,
        actors,
        articles,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rasd_core::{Article, SourceFormat, Span};
    use rasd_store::NewArticle;

    fn article(id: &str, outlet: &str, dup: Option<&str>, events: Vec<String>) -> NewArticle {
        NewArticle {
            article: Article {
                id: id.into(),
                origin: format!("{id}.txt"),
                url: None,
                outlet: Some(outlet.into()),
                title: None,
                published: Some("2025-12-20".into()),
                header_date: None,
                text: "التقى".into(),
                encoding: "UTF-8".into(),
                format: SourceFormat::Text,
                duplicate_of: dup.map(Into::into),
                story: None,
            },
            dedupe: None,
            entities: Vec::new(),
            events,
            claims: Vec::new(),
        }
    }

    fn meeting(date: &str) -> String {
        let m = EventMention {
            event_type: crate::EventType::Consult,
            cameo: "040".into(),
            mode: crate::Mode::Asserted,
            reported: false,
            source: vec!["location:egy".into()],
            target: vec!["location:jor".into()],
            location: Some("location:amman".into()),
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
        };
        serde_json::to_string(&m).unwrap()
    }

    #[test]
    fn materialize_stores_merged_events_with_actors_and_keeps_ids_on_recompute() {
        let mut s = Store::open_in_memory().unwrap();
        s.insert_articles(&[
            article("a", "X", None, vec![meeting("2025-12-19")]),
            article("b", "Y", None, vec![meeting("2025-12-19")]),
            article("c", "X", Some("a"), vec![meeting("2025-12-19")]),
            article("d", "Z", None, vec![meeting("2025-12-01")]),
        ])
        .unwrap();
        let st = materialize(&mut s).unwrap();
        assert_eq!(
            st,
            MaterializeStats {
                articles: 4,
                mentions: 4,
                events: 2
            }
        );
        let mut events: Vec<Event> = Vec::new();
        s.for_each_event(|j| {
            events.push(serde_json::from_str(&j).unwrap());
            Ok(())
        })
        .unwrap();
        assert_eq!(events.len(), 2);
        assert_eq!(events[0].num_articles, 2, "the copy c folds into a");
        assert_eq!(events[0].num_sources, 2);
        assert_eq!(events[1].num_sources, 1);
        let row = event_row(&events[0]).unwrap();
        assert_eq!(
            row.actors,
            vec![
                ("location:egy".to_string(), "source".to_string()),
                ("location:jor".to_string(), "target".to_string()),
                ("location:amman".to_string(), "location".to_string()),
            ]
        );
        // An unrelated article later: the existing events keep their ids.
        let mut other: serde_json::Value = serde_json::from_str(&meeting("2025-12-19")).unwrap();
        other["type"] = "ASSAULT".into();
        other["source"] = serde_json::json!(["location:isr"]);
        other["target"] = serde_json::json!(["location:pse"]);
        s.insert_articles(&[article("e", "Y", None, vec![other.to_string()])])
            .unwrap();
        assert_eq!(materialize(&mut s).unwrap().events, 3);
        let mut again: Vec<Event> = Vec::new();
        s.for_each_event(|j| {
            again.push(serde_json::from_str(&j).unwrap());
            Ok(())
        })
        .unwrap();
        assert_eq!(again[0].id, events[0].id);
        assert_eq!(again[1].id, events[1].id);
    }
}
