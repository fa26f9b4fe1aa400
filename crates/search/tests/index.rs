//! Integration tests: a temporary rasd database, the index beside it, searches with filters.

use std::path::{Path, PathBuf};

use rasd_core::{Article, SourceFormat, Ymd};
use rasd_search::{QueryError, SearchError, SearchIndex, SearchQuery, SearchResults};
use rasd_store::{EntityRow, MentionRow, NewArticle, Store};

struct Doc {
    id: &'static str,
    outlet: &'static str,
    title: &'static str,
    published: &'static str,
    text: &'static str,
    duplicate_of: Option<&'static str>,
    entity: Option<&'static str>,
    event: Option<&'static str>,
}

const DOCS: &[Doc] = &[
    Doc {
        id: "a1",
        outlet: "جوهرة",
        title: "زيارة رسمية",
        published: "2017-01-10",
        text: "وصل الرئيس التركي أردوغان إلى إسطنبول أمس.\nوقال وزير الخارجية إن الزيارة ناجحة.",
        duplicate_of: None,
        entity: Some("Q-erdogan"),
        event: Some("CONSULT"),
    },
    Doc {
        id: "a2",
        outlet: "الشروق",
        title: "اجتماع في المدينة",
        published: "2017-02-15",
        text: "عقد اجتماع بإسطنبول حضره ممثلون عن عدة دول. وأكد الوزير أن الخارجية ستصدر بيانا.",
        duplicate_of: None,
        entity: None,
        event: Some("ACCUSE"),
    },
    Doc {
        id: "a3",
        outlet: "جوهرة",
        title: "نسخة",
        published: "2017-01-11",
        text:
            "وصل الرئيس التركي أردوغان إلى إسطنبول أمس.\nوقال وزير الخارجية إن الزيارة ناجحة جدا.",
        duplicate_of: Some("a1"),
        entity: Some("Q-erdogan"),
        event: None,
    },
    Doc {
        id: "a4",
        outlet: "Jawhara FM",
        title: "أخبار تونس",
        published: "2017-03-01",
        text: "أعلنت وزارة الصحة في تونس عن حملة تلقيح جديدة في المستشفيات.",
        duplicate_of: None,
        entity: None,
        event: None,
    },
];

fn new_article(d: &Doc) -> NewArticle {
    let article = Article {
        id: d.id.into(),
        origin: format!("{}.txt", d.id),
        url: None,
        outlet: Some(d.outlet.into()),
        title: Some(d.title.into()),
        published: Some(d.published.into()),
        header_date: None,
        text: d.text.into(),
        encoding: "UTF-8".into(),
        format: SourceFormat::Text,
        duplicate_of: d.duplicate_of.map(Into::into),
        story: Some(format!("s-{}", d.duplicate_of.unwrap_or(d.id))),
    };
    let entities = d
        .entity
        .map(|e| EntityRow {
            id: e.into(),
            kind: "PER".into(),
            name: "أردوغان".into(),
            name_en: None,
            country: None,
            role: None,
            wikidata: None,
            lat: None,
            lon: None,
            mentions: vec![MentionRow {
                article: d.id.into(),
                start: 17,
                end: 24,
                text: "أردوغان".into(),
            }],
        })
        .into_iter()
        .collect();
    NewArticle {
        article,
        dedupe: None,
        entities,
        events: d
            .event
            .map(|t| format!(r#"{{"type":"{t}","cameo":"040","start":0,"end":5}}"#))
            .into_iter()
            .collect(),
        claims: Vec::new(),
    }
}

fn db_with(dir: &Path, docs: &[Doc]) -> PathBuf {
    let path = dir.join("rasd.db");
    let mut store = Store::open(&path).expect("store");
    let batch: Vec<NewArticle> = docs.iter().map(new_article).collect();
    store.insert_articles(&batch).expect("insert");
    path
}

fn ids(r: &SearchResults) -> Vec<String> {
    let mut v: Vec<String> = r.hits.iter().map(|h| h.article.clone()).collect();
    v.sort();
    v
}

fn search(index: &SearchIndex, text: &str) -> SearchResults {
    index
        .search(&SearchQuery {
            text: text.into(),
            ..SearchQuery::default()
        })
        .expect("search")
}

#[test]
fn clitic_form_finds_the_bare_word_and_the_bare_word_finds_it() {
    let tmp = tempfile::tempdir().expect("tmp");
    let db = db_with(tmp.path(), DOCS);
    let index = SearchIndex::open(&db).expect("open");
    // a1 has إسطنبول, a2 has بإسطنبول (a3, a copy of a1, is collapsed into it).
    assert_eq!(ids(&search(&index, "بإسطنبول")), vec!["a1", "a2"]);
    assert_eq!(ids(&search(&index, "إسطنبول")), vec!["a1", "a2"]);
    assert_eq!(ids(&search(&index, "اسطنبول")), vec!["a1", "a2"]);
    assert_eq!(ids(&search(&index, "والمستشفيات")), vec!["a4"]);
}

#[test]
fn phrase_needs_adjacent_words() {
    let tmp = tempfile::tempdir().expect("tmp");
    let db = db_with(tmp.path(), DOCS);
    let index = SearchIndex::open(&db).expect("open");
    // a1: "وزير الخارجية" adjacent; a2: "الوزير أن الخارجية" not adjacent.
    assert_eq!(ids(&search(&index, "\"وزير الخارجية\"")), vec!["a1"]);
    assert_eq!(ids(&search(&index, "وزير الخارجية")), vec!["a1", "a2"]);
    // A stopword inside a phrase keeps its place: "الصحة في تونس".
    assert_eq!(ids(&search(&index, "«الصحة في تونس»")), vec!["a4"]);
    assert!(search(&index, "\"الصحة تونس\"").hits.is_empty());
}

#[test]
fn exclusion_and_or() {
    let tmp = tempfile::tempdir().expect("tmp");
    let db = db_with(tmp.path(), DOCS);
    let index = SearchIndex::open(&db).expect("open");
    assert_eq!(ids(&search(&index, "إسطنبول -أردوغان")), vec!["a2"]);
    assert_eq!(ids(&search(&index, "تونس OR اجتماع")), vec!["a2", "a4"]);
}

#[test]
fn duplicates_are_collapsed_unless_asked() {
    let tmp = tempfile::tempdir().expect("tmp");
    let db = db_with(tmp.path(), DOCS);
    let index = SearchIndex::open(&db).expect("open");
    let r = search(&index, "أردوغان");
    assert_eq!(r.total, 1);
    assert_eq!(r.hits.len(), 1);
    assert_eq!(r.hits[0].duplicates, 1);
    let all = index
        .search(&SearchQuery {
            text: "أردوغان".into(),
            collapse_duplicates: false,
            ..SearchQuery::default()
        })
        .expect("search");
    assert_eq!(ids(&all), vec!["a1", "a3"]);
    assert_eq!(all.total, 2);
}

#[test]
fn filters_select_by_date_outlet_entity_and_event_type() {
    let tmp = tempfile::tempdir().expect("tmp");
    let db = db_with(tmp.path(), DOCS);
    let index = SearchIndex::open(&db).expect("open");
    let q = |f: &dyn Fn(&mut SearchQuery)| {
        let mut q = SearchQuery {
            collapse_duplicates: false,
            ..SearchQuery::default()
        };
        f(&mut q);
        ids(&index.search(&q).expect("search"))
    };
    assert_eq!(
        q(&|q| {
            q.from = Ymd::new(2017, 1, 11);
            q.to = Ymd::new(2017, 2, 15);
        }),
        vec!["a2", "a3"]
    );
    assert_eq!(q(&|q| q.outlet = Some("جوهره".into())), vec!["a1", "a3"]);
    assert_eq!(q(&|q| q.outlet = Some("jawhara fm".into())), vec!["a4"]);
    assert_eq!(
        q(&|q| q.entity = Some("Q-erdogan".into())),
        vec!["a1", "a3"]
    );
    assert_eq!(q(&|q| q.event_type = Some("consult".into())), vec!["a1"]);
    assert_eq!(
        q(&|q| {
            q.text = "إسطنبول".into();
            q.event_type = Some("ACCUSE".into());
        }),
        vec!["a2"]
    );
    assert_eq!(q(&|q| q.story = Some("s-a1".into())), vec!["a1", "a3"]);
}

#[test]
fn filter_only_query_lists_newest_first() {
    let tmp = tempfile::tempdir().expect("tmp");
    let db = db_with(tmp.path(), DOCS);
    let index = SearchIndex::open(&db).expect("open");
    let r = index.search(&SearchQuery::default()).expect("search");
    assert_eq!(r.total, 3);
    let order: Vec<&str> = r.hits.iter().map(|h| h.article.as_str()).collect();
    // a3 (a copy of a1, published a day later) is the newest of its group, so it stands for it.
    assert_eq!(order, vec!["a4", "a2", "a3"]);
    assert_eq!(r.hits[2].duplicates, 1);
    assert!(r.hits[0].snippet.starts_with("أعلنت"));
}

#[test]
fn pagination_splits_the_ranked_list() {
    let tmp = tempfile::tempdir().expect("tmp");
    let db = db_with(tmp.path(), DOCS);
    let index = SearchIndex::open(&db).expect("open");
    let page = |offset| {
        index
            .search(&SearchQuery {
                limit: 2,
                offset,
                ..SearchQuery::default()
            })
            .expect("search")
    };
    let (p1, p2) = (page(0), page(2));
    assert_eq!((p1.hits.len(), p2.hits.len()), (2, 1));
    assert_eq!(p1.total, 3);
    assert!(p2.hits.iter().all(|h| !p1.hits.contains(h)));
}

#[test]
fn highlights_point_at_the_matched_words_in_the_snippet() {
    let tmp = tempfile::tempdir().expect("tmp");
    let db = db_with(tmp.path(), DOCS);
    let index = SearchIndex::open(&db).expect("open");
    let r = search(&index, "اسطنبول");
    assert!(!r.hits.is_empty());
    for h in &r.hits {
        assert!(!h.highlights.is_empty(), "{h:?}");
        for &(s, e) in &h.highlights {
            let word: String = h.snippet.chars().skip(s).take(e - s).collect();
            assert!(
                rasd_text::fold(&word).ends_with("اسطنبول"),
                "{word} in {}",
                h.snippet
            );
        }
        assert!(!h.snippet.contains('\n'));
    }
}

#[test]
fn incremental_update_equals_rebuild() {
    let tmp = tempfile::tempdir().expect("tmp");
    let db = db_with(tmp.path(), &DOCS[..2]);
    let index = SearchIndex::open(&db).expect("open");
    assert_eq!(index.num_docs(), 2);
    {
        let mut store = Store::open(&db).expect("store");
        let batch: Vec<NewArticle> = DOCS[2..].iter().map(new_article).collect();
        store.insert_articles(&batch).expect("insert");
    }
    let stats = index.update().expect("update");
    assert_eq!((stats.added, stats.total, stats.rebuilt), (2, 4, false));
    // Nothing new: nothing added.
    assert_eq!(index.update().expect("update").added, 0);
    let queries = [
        "إسطنبول",
        "الخارجية",
        "تونس OR أردوغان",
        "\"وزير الخارجية\"",
        "",
    ];
    let before: Vec<SearchResults> = queries.iter().map(|q| search(&index, q)).collect();
    let stats = index.rebuild().expect("rebuild");
    assert_eq!((stats.added, stats.total, stats.rebuilt), (4, 4, true));
    let after: Vec<SearchResults> = queries.iter().map(|q| search(&index, q)).collect();
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(b.total, a.total);
        let key = |r: &SearchResults| {
            r.hits
                .iter()
                .map(|h| (h.article.clone(), (h.score * 1000.0).round() as i64))
                .collect::<Vec<_>>()
        };
        assert_eq!(key(b), key(a));
    }
}

#[test]
fn update_index_reopens_and_catches_up() {
    let tmp = tempfile::tempdir().expect("tmp");
    let db = db_with(tmp.path(), &DOCS[..1]);
    let s = rasd_search::update_index(&db).expect("update");
    assert_eq!((s.added, s.total), (1, 1));
    {
        let mut store = Store::open(&db).expect("store");
        store
            .insert_articles(&[new_article(&DOCS[3])])
            .expect("insert");
    }
    let s = rasd_search::update_index(&db).expect("update");
    assert_eq!((s.added, s.total), (1, 2));
    assert!(rasd_search::index_dir(&db).join("meta.json").is_file());
}

#[test]
fn an_index_of_another_database_is_rebuilt() {
    let tmp = tempfile::tempdir().expect("tmp");
    let db = db_with(tmp.path(), &DOCS[..2]);
    rasd_search::update_index(&db).expect("update");
    // Replace the database by another one with different articles at the same seq numbers.
    std::fs::remove_file(&db).expect("rm");
    for ext in ["-wal", "-shm"] {
        let mut p = db.clone().into_os_string();
        p.push(ext);
        std::fs::remove_file(PathBuf::from(p)).ok();
    }
    let db = db_with(tmp.path(), &DOCS[3..]);
    let s = rasd_search::update_index(&db).expect("update");
    assert!(s.rebuilt);
    assert_eq!(s.total, 1);
    let index = SearchIndex::open(&db).expect("open");
    assert!(search(&index, "إسطنبول").hits.is_empty());
}

#[test]
fn missing_database_and_bad_queries_are_typed_errors() {
    let tmp = tempfile::tempdir().expect("tmp");
    let missing = tmp.path().join("none.db");
    assert!(matches!(
        SearchIndex::open(&missing),
        Err(SearchError::NoDatabase(_))
    ));
    assert!(!missing.exists());
    assert!(!rasd_search::index_dir(&missing).exists());

    let not_rasd = tmp.path().join("other.db");
    rusqlite::Connection::open(&not_rasd)
        .and_then(|c| c.execute_batch("CREATE TABLE t (x INTEGER);"))
        .expect("sqlite");
    assert!(matches!(
        SearchIndex::open(&not_rasd),
        Err(SearchError::NotRasdDatabase(_))
    ));

    let db = db_with(tmp.path(), DOCS);
    let index = SearchIndex::open(&db).expect("open");
    let err = |text: &str| {
        index.search(&SearchQuery {
            text: text.into(),
            ..SearchQuery::default()
        })
    };
    assert!(matches!(
        err("\"وزير"),
        Err(SearchError::Query(QueryError::UnclosedQuote('"')))
    ));
    assert!(matches!(
        err("-تونس"),
        Err(SearchError::Query(QueryError::OnlyExclusions))
    ));
    let too_many = index.search(&SearchQuery {
        limit: 5000,
        ..SearchQuery::default()
    });
    assert!(matches!(
        too_many,
        Err(SearchError::Query(QueryError::LimitTooLarge { .. }))
    ));
}

#[test]
fn a_foreign_directory_at_the_index_path_is_not_deleted() {
    let tmp = tempfile::tempdir().expect("tmp");
    let db = db_with(tmp.path(), DOCS);
    let dir = rasd_search::index_dir(&db);
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("notes.txt"), "mine").expect("write");
    assert!(matches!(
        SearchIndex::open(&db),
        Err(SearchError::NotAnIndex(_))
    ));
    assert!(dir.join("notes.txt").is_file());
}

#[test]
fn searches_run_concurrently_from_threads() {
    let tmp = tempfile::tempdir().expect("tmp");
    let db = db_with(tmp.path(), DOCS);
    let index = std::sync::Arc::new(SearchIndex::open(&db).expect("open"));
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let index = index.clone();
            std::thread::spawn(move || search(&index, "إسطنبول").total)
        })
        .collect();
    for h in handles {
        assert_eq!(h.join().expect("thread"), 2);
    }
}
