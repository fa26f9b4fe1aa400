//! The materialized `events` table: merge the stored articles' coded mentions and store the result,
//! incrementally (only the events new mentions join or create) or in full.

use std::collections::{BTreeMap, BTreeSet};

use rasd_store::{ArticleEventMentions, ArticleSource, EventRow, Store};

use crate::merge::{
    actors, build_event, dates_compatible, merge_owned, CodedArticle, Event, Merger, Sources,
};
use crate::{EventError, EventMention, EventType};

/// What [`materialize`] or [`rematerialize`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MaterializeStats {
    /// Articles with at least one coded mention that were merged.
    pub articles: usize,
    /// Mentions merged.
    pub mentions: usize,
    /// Events in the table afterwards.
    pub events: usize,
    /// Events written (inserted or rewritten).
    pub written: usize,
}

/// Bring the `events`, `event_actors` and `event_keys` tables up to date with the stored event
/// mentions, recomputing only what the articles stored since the last call change.
///
/// Merging is greedy in article insertion order and a mention never leaves its group, so the
/// events of earlier articles are the first part of the full merge. A new mention can only join
/// a stored event of its type that has one of its actors and a compatible date (the event's date
/// is one of its members' dates), so those events (found with the `a:` keys of `event_keys`) are
/// loaded in their stored order, the new mentions are merged after them exactly as the full merge
/// would, and only the events that gained a mention or are new are written, in one transaction.
/// The result equals [`rematerialize`] (tested with random batches). Event ids are stable: an
/// event keeps its id when unrelated articles are added or when later reports join it.
pub fn materialize(store: &mut Store) -> Result<MaterializeStats, EventError> {
    // Two processes on one database (an ingest and the server's POST /api/ingest) may both
    // compute from one watermark: the second write finds it moved and recomputes.
    for _ in 0..MATERIALIZE_ATTEMPTS {
        if let Some(stats) = materialize_once(store)? {
            return Ok(stats);
        }
    }
    Err(EventError::Busy(MATERIALIZE_ATTEMPTS))
}

/// Times [`materialize`] recomputes when other writers keep moving the watermark.
const MATERIALIZE_ATTEMPTS: usize = 5;

/// One attempt of [`materialize`]; `None` when another process wrote the table meanwhile.
fn materialize_once(store: &mut Store) -> Result<Option<MaterializeStats>, EventError> {
    let through = store.events_materialized_through()?;
    if through == 0 {
        return rematerialize(store).map(Some);
    }
    let new = store.event_mentions_after(through)?;
    let Some(last) = new.last().map(|a| a.seq) else {
        return Ok(Some(MaterializeStats {
            events: store.event_count()?,
            ..MaterializeStats::default()
        }));
    };
    let mut coded = parse_articles(new)?;
    // Stored events a new mention may join: same type, a shared actor, a compatible date.
    let mut dates: BTreeMap<(EventType, &str), Vec<Option<&str>>> = BTreeMap::new();
    for m in coded.iter().flat_map(|(_, a)| &a.mentions) {
        for a in actors(m) {
            dates
                .entry((m.event_type, a))
                .or_default()
                .push(m.date.as_deref());
        }
    }
    let mut ids: BTreeSet<String> = BTreeSet::new();
    // The stored events among `found` dated compatibly with one of the new mentions' dates.
    let add_compatible =
        |ids: &mut BTreeSet<String>, found: Vec<(String, Option<String>)>, ds: &[Option<&str>]| {
            for (id, date) in found {
                if ds.iter().any(|d| dates_compatible(date.as_deref(), *d)) {
                    ids.insert(id);
                }
            }
        };
    for ((ty, actor), ds) in &dates {
        add_compatible(&mut ids, store.events_of_actor(actor, ty.as_str())?, ds);
    }
    // …and the events of a new copy's original with a mention type of the copy (its mentions
    // of the original's sentences join those events whatever their actors).
    let copied: BTreeSet<(&str, EventType)> = coded
        .iter()
        .filter_map(|(_, a)| Some((a.duplicate_of.as_deref()?, &a.mentions)))
        .flat_map(|(orig, ms)| ms.iter().map(move |m| (orig, m.event_type)))
        .collect();
    for (orig, ty) in copied {
        for (id, _) in store.events_of_article(orig, ty.as_str())? {
            ids.insert(id);
        }
    }
    // …and, for a mention without a named actor, the events of the other articles of its story
    // with that type and a compatible date (see `merge::joins_story`).
    let mut story_dates: BTreeMap<(&str, EventType), Vec<Option<&str>>> = BTreeMap::new();
    for (_, a) in &coded {
        let Some(story) = a.story.as_deref() else {
            continue;
        };
        for m in a.mentions.iter().filter(|m| actors(m).is_empty()) {
            story_dates
                .entry((story, m.event_type))
                .or_default()
                .push(m.date.as_deref());
        }
    }
    let mut story_articles: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for ((story, ty), ds) in &story_dates {
        if !story_articles.contains_key(story) {
            story_articles.insert(story, store.articles_of_story(story)?);
        }
        for art in story_articles.get(story).into_iter().flatten() {
            add_compatible(&mut ids, store.events_of_article(art, ty.as_str())?, ds);
        }
    }
    let ids: Vec<String> = ids.into_iter().collect();
    let mut stored: Vec<Event> = Vec::with_capacity(ids.len());
    for json in store.events_by_id(&ids)? {
        match serde_json::from_str::<Event>(&json) {
            Ok(e) => stored.push(e),
            // A row this build cannot read back (written by another version): recompute in full.
            Err(_) => return rematerialize(store).map(Some),
        }
    }
    // The stories of the stored events' articles (the story rule compares them).
    let seeded: BTreeSet<String> = stored
        .iter()
        .flat_map(|e| &e.mentions)
        .map(|m| m.article.clone())
        .collect();
    // (Read once: the same rows count the touched events' sources below.)
    let mut seeded_sources: BTreeMap<String, ArticleSource> = store
        .article_sources(&seeded.into_iter().collect::<Vec<_>>())?
        .into_iter()
        .map(|src| (src.article.clone(), src))
        .collect();
    let story_of: BTreeMap<String, String> = seeded_sources
        .iter()
        .filter_map(|(a, src)| Some((a.clone(), src.story.clone()?)))
        .collect();
    let story_of_article = |a: &str| story_of.get(a).cloned();
    let mut merger = Merger::default();
    for e in stored {
        merger.seed(e.mentions, &story_of_article);
    }
    let mut touched: BTreeSet<usize> = BTreeSet::new();
    let mut stats = MaterializeStats::default();
    for (_, art) in &mut coded {
        stats.articles += 1;
        for m in std::mem::take(&mut art.mentions) {
            stats.mentions += 1;
            touched.insert(merger.push(
                &art.article,
                art.outlet.as_deref(),
                art.duplicate_of.as_deref(),
                art.story.as_deref(),
                m,
            ));
        }
    }
    let groups: Vec<Vec<crate::MergedMention>> = merger
        .into_groups()
        .into_iter()
        .enumerate()
        .filter(|(i, _)| touched.contains(i))
        .map(|(_, g)| g)
        .collect();
    // Outlets and originals of every article in the touched events, and of those originals.
    let mut known: BTreeMap<String, ArticleSource> = coded
        .iter()
        .map(|(_, a)| {
            (
                a.article.clone(),
                ArticleSource {
                    article: a.article.clone(),
                    outlet: a.outlet.clone(),
                    duplicate_of: a.duplicate_of.clone(),
                    has_event_mentions: true,
                    story: a.story.clone(),
                },
            )
        })
        .collect();
    let members: BTreeSet<String> = groups
        .iter()
        .flatten()
        .map(|m| m.article.clone())
        .filter(|a| !known.contains_key(a))
        .collect();
    let mut unread: Vec<String> = Vec::new();
    for a in members {
        match seeded_sources.remove(&a) {
            Some(src) => {
                known.insert(a, src);
            }
            None => unread.push(a),
        }
    }
    for src in store.article_sources(&unread)? {
        known.insert(src.article.clone(), src);
    }
    let originals: BTreeSet<String> = known
        .values()
        .filter_map(|s| s.duplicate_of.clone())
        .filter(|d| !known.contains_key(d))
        .collect();
    for src in store.article_sources(&originals.into_iter().collect::<Vec<_>>())? {
        known.insert(src.article.clone(), src);
    }
    let mut sources = Sources::default();
    for s in known.values() {
        sources.add(
            &s.article,
            s.outlet.as_deref(),
            s.duplicate_of.as_deref(),
            s.has_event_mentions,
        );
    }
    let rows = groups
        .into_iter()
        .filter_map(|g| build_event(g, &sources))
        .map(|e| event_row(&e))
        .collect::<Result<Vec<_>, _>>()?;
    let Some(written) = store.upsert_events(&rows, through, last)? else {
        return Ok(None);
    };
    stats.written = written;
    stats.events = store.event_count()?;
    Ok(Some(stats))
}

/// Recompute the whole events table from the stored event mentions of every article (merged
/// across outlets with [`merge`]), replacing its content in one transaction: the repair path
/// (`rasd ingest --rebuild-events`), and the first materialization of a database.
pub fn rematerialize(store: &mut Store) -> Result<MaterializeStats, EventError> {
    let all = store.event_mentions_after(0)?;
    let through = all.last().map_or(0, |a| a.seq);
    let coded: Vec<CodedArticle> = parse_articles(all)?.into_iter().map(|(_, a)| a).collect();
    let articles = coded.len();
    let mentions = coded.iter().map(|a| a.mentions.len()).sum();
    // Each event is dropped as soon as its row is built.
    let rows = merge_owned(coded)
        .into_iter()
        .map(|e| event_row(&e))
        .collect::<Result<Vec<_>, _>>()?;
    let n = store.replace_events(&rows, through)?;
    Ok(MaterializeStats {
        articles,
        mentions,
        events: n,
        written: n,
    })
}

/// Parse stored mention documents; `(seq, article)` in insertion order.
fn parse_articles(
    stored: Vec<ArticleEventMentions>,
) -> Result<Vec<(i64, CodedArticle)>, EventError> {
    stored
        .into_iter()
        .map(|a| {
            let mentions = a
                .mentions
                .iter()
                .map(|j| serde_json::from_str::<EventMention>(j))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| EventError::StoredMention {
                    article: a.article.clone(),
                    why: e.to_string(),
                })?;
            Ok((
                a.seq,
                CodedArticle {
                    article: a.article,
                    outlet: a.outlet,
                    duplicate_of: a.duplicate_of,
                    story: a.story,
                    mentions,
                },
            ))
        })
        .collect()
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
            contexts: Vec::new(),
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
                events: 2,
                written: 2
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

    const DATES: [&str; 10] = [
        "2025-12-01",
        "2025-12-02",
        "2025-12-03",
        "2025-11-30",
        "2025-12",
        "2025",
        "2025-12-01/2025-12-07",
        "2025-12-02",
        "bogus",
        "",
    ];
    const ACTORS: [&str; 6] = [
        "location:egy",
        "location:jor",
        "location:isr",
        "person:x",
        "org:y",
        "unnamed:police",
    ];
    const PLACES: [&str; 3] = ["", "location:cairo", "location:amman"];
    const TYPES: [crate::EventType; 3] = [
        crate::EventType::Consult,
        crate::EventType::Assault,
        crate::EventType::Request,
    ];
    const MODES: [crate::Mode; 4] = [
        crate::Mode::Asserted,
        crate::Mode::Negated,
        crate::Mode::Future,
        crate::Mode::Asserted,
    ];

    /// (type, mode, actor bits, date, place, publication fallback)
    type MentionSpec = (usize, usize, u8, usize, usize, bool);
    /// (outlet, duplicate of an earlier article, mentions)
    type ArticleSpec = (usize, Option<usize>, Vec<MentionSpec>);

    fn build(i: usize, spec: &ArticleSpec) -> NewArticle {
        let (outlet, dup, ms) = spec;
        let events = ms
            .iter()
            .enumerate()
            .map(|(n, &(ty, mode, bits, d, p, fallback))| {
                // A quarter of the mentions name no actor, or an unnamed one only (the story
                // rule's case).
                let bits = if bits >= 48 { bits & 32 } else { bits };
                let who: Vec<String> = ACTORS
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| bits & (1 << k) != 0)
                    .map(|(_, a)| a.to_string())
                    .collect();
                let m = EventMention {
                    event_type: TYPES[ty],
                    cameo: "040".into(),
                    mode: MODES[mode],
                    reported: false,
                    source: who.iter().take(1).cloned().collect(),
                    target: who.iter().skip(1).cloned().collect(),
                    location: Some(PLACES[p].to_string()).filter(|s| !s.is_empty()),
                    date: Some(DATES[d].to_string()).filter(|s| !s.is_empty()),
                    date_precision: if fallback { "publication" } else { "day" }.into(),
                    start: n * 10,
                    end: n * 10 + 5,
                    // Sentences sharing two content words, or fewer (the story rule's check).
                    text: [
                        "إضراب أساتذة التعليم",
                        "اعتصام عمال الفسفاط",
                        "إضراب عمال التعليم",
                    ][(i + n) % 3]
                        .into(),
                    trigger: Span::new(n * 10, n * 10 + 5),
                    trigger_text: "التقى".into(),
                    contexts: Vec::new(),
                    attributed_to: None,
                    attributed_to_text: None,
                    quote: false,
                };
                serde_json::to_string(&m).unwrap()
            })
            .collect();
        let mut a = article(
            &format!("a{i}"),
            "",
            dup.filter(|&d| d < i).map(|d| format!("a{d}")).as_deref(),
            events,
        );
        a.article.outlet = (*outlet < 4).then(|| format!("o{outlet}"));
        // Three stories, and articles without one.
        a.article.story = (i % 4 != 3).then(|| format!("s{}", i % 4));
        a
    }

    /// The stored events in order, and the `a:` keys of every actor and type.
    type Snapshot = (Vec<String>, Vec<Vec<(String, Option<String>)>>);

    fn table(s: &Store) -> Snapshot {
        let mut json = Vec::new();
        s.for_each_event(|j| {
            json.push(j);
            Ok(())
        })
        .unwrap();
        let mut keys = Vec::new();
        for a in ACTORS {
            for t in TYPES {
                let mut k = s.events_of_actor(a, t.as_str()).unwrap();
                k.sort();
                keys.push(k);
            }
        }
        (json, keys)
    }

    fn arb_corpus() -> impl proptest::strategy::Strategy<Value = (Vec<ArticleSpec>, Vec<usize>)> {
        use proptest::prelude::*;
        let mention = (
            0usize..3,
            0usize..4,
            0u8..64,
            0usize..10,
            0usize..3,
            any::<bool>(),
        );
        let art = (
            0usize..5,
            proptest::option::weighted(0.25, 0usize..30),
            proptest::collection::vec(mention, 0..4),
        );
        (
            proptest::collection::vec(art, 0..30),
            proptest::collection::vec(0usize..30, 0..5),
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(96))]
        /// Ingesting in batches with an incremental materialize after each gives, after every
        /// batch, the very table (ids, content, order, lookup keys) of a full recompute.
        #[test]
        fn incremental_materialize_in_batches_equals_a_full_recompute((specs, cuts) in arb_corpus()) {
            let arts: Vec<NewArticle> = specs.iter().enumerate().map(|(i, s)| build(i, s)).collect();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(arts.len())).collect();
            cuts.push(arts.len());
            cuts.sort_unstable();
            let mut inc = Store::open_in_memory().unwrap();
            let mut full = Store::open_in_memory().unwrap();
            let mut from = 0;
            for cut in cuts {
                let batch = &arts[from..cut];
                from = cut;
                inc.insert_articles(batch).unwrap();
                full.insert_articles(batch).unwrap();
                let a = materialize(&mut inc).unwrap();
                let b = rematerialize(&mut full).unwrap();
                proptest::prop_assert_eq!(a.events, b.events);
                proptest::prop_assert_eq!(table(&inc), table(&full));
            }
        }
    }

    #[test]
    fn materialize_rewrites_only_the_events_new_mentions_touch() {
        let mut s = Store::open_in_memory().unwrap();
        let mut assault: serde_json::Value = serde_json::from_str(&meeting("2025-12-19")).unwrap();
        assault["type"] = "ASSAULT".into();
        s.insert_articles(&[
            article("a", "X", None, vec![meeting("2025-12-19")]),
            article("b", "Y", None, vec![assault.to_string()]),
        ])
        .unwrap();
        assert_eq!(materialize(&mut s).unwrap().written, 2);
        s.insert_articles(&[article("c", "Z", None, vec![meeting("2025-12-20")])])
            .unwrap();
        let st = materialize(&mut s).unwrap();
        assert_eq!(
            (st.articles, st.mentions, st.written, st.events),
            (1, 1, 1, 2)
        );
        let again = materialize(&mut s).unwrap();
        assert_eq!((again.written, again.events), (0, 2), "nothing new");
        let mut first: Vec<Event> = Vec::new();
        s.for_each_event(|j| {
            first.push(serde_json::from_str(&j).unwrap());
            Ok(())
        })
        .unwrap();
        assert_eq!((first[0].num_articles, first[0].num_sources), (2, 2));
        assert_eq!(first[1].event_type, crate::EventType::Assault);
    }
}
