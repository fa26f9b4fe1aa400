//! Golden tests for complete articles: `rasd ingest testdata/articles/` then `rasd export events|claims`
//! (all formats), checked against testdata/golden/articles_*.jsonl and against properties that hold by
//! construction of the articles (refresh the goldens with `UPDATE_EXPECT=1 cargo test -p rasd-cli --test articles`).

use std::collections::HashMap;
mod common;

use std::path::{Path, PathBuf};

use common::{char_slice, check_golden, rasd};

use serde_json::Value;

fn stdout_ok(db: &Path, args: &[&str]) -> String {
    let out = rasd(db, args);
    assert!(
        out.status.success(),
        "rasd {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn lines(s: &str) -> Vec<Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// One database with the articles ingested, shared by the tests of this file.
struct Fixture {
    dir: PathBuf,
    db: PathBuf,
    /// article id → (origin file name, clean text)
    articles: HashMap<String, (String, String)>,
}

impl Fixture {
    fn new(tag: &str) -> Fixture {
        let dir = std::env::temp_dir().join(format!("rasd-articles-{tag}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("t.db");
        std::fs::remove_file(&db).ok();
        let out = rasd(&db, &["ingest", "testdata/articles/"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert!(
            stderr.lines().last().unwrap_or("").starts_with("9 new,"),
            "{stderr}"
        );
        let mut articles = HashMap::new();
        for a in lines(&stdout_ok(&db, &["export", "articles"])) {
            let origin = a["origin"].as_str().unwrap();
            let file = origin.rsplit('/').next().unwrap().to_owned();
            articles.insert(
                a["id"].as_str().unwrap().to_owned(),
                (file, a["text"].as_str().unwrap().to_owned()),
            );
        }
        Fixture { dir, db, articles }
    }

    fn file_of(&self, article: &Value) -> &str {
        &self.articles[article.as_str().unwrap()].0
    }

    fn assert_slices(&self, obj: &Value) {
        let text = &self.articles[obj["article"].as_str().unwrap()].1;
        let (s, e) = (
            obj["start"].as_u64().unwrap() as usize,
            obj["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(char_slice(text, s, e), obj["text"].as_str().unwrap());
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.dir).ok();
    }
}

fn consults_of_sisi_and_abdullah(events: &[Value]) -> Vec<&Value> {
    events
        .iter()
        .filter(|e| e["type"] == "CONSULT")
        .filter(|e| {
            let actors: Vec<&str> = e["source"]
                .as_array()
                .unwrap()
                .iter()
                .chain(e["target"].as_array().unwrap())
                .filter_map(Value::as_str)
                .collect();
            actors.len() >= 2
                && actors.iter().any(|a| a.contains("sisi"))
                && actors.iter().any(|a| a.contains("abdullah"))
        })
        .collect()
}

#[test]
fn articles_events_and_claims_golden_and_properties() {
    let fx = Fixture::new("golden");
    let events_out = stdout_ok(&fx.db, &["export", "events"]);
    check_golden("articles_events.jsonl", &events_out);
    let claims_out = stdout_ok(&fx.db, &["export", "claims"]);
    check_golden("articles_claims.jsonl", &claims_out);
    let events = lines(&events_out);
    let claims = lines(&claims_out);

    // Every evidence span is the char slice of its article's clean text.
    for e in &events {
        for m in e["mentions"].as_array().unwrap() {
            fx.assert_slices(m);
        }
    }
    for c in &claims {
        fx.assert_slices(c);
    }

    // Nothing is coded from a read-also box (HTML asides and the txt "اقرأ أيضاً:" line).
    for e in &events {
        for m in e["mentions"].as_array().unwrap() {
            let t = m["text"].as_str().unwrap();
            assert!(
                !t.contains("مخيم جنين") && !t.contains("البحر الأحمر") && !t.contains("سوتشي"),
                "coded from a related-articles box: {t}"
            );
            assert!(!t.contains("اقرأ"), "{t}");
        }
    }

    // The Cairo summit of 2025-12-19 (four articles; 04 is a copy of 01): one event, three outlets.
    let summit: Vec<&Value> = consults_of_sisi_and_abdullah(&events)
        .into_iter()
        .filter(|e| e["date"] == "2025-12-19")
        .collect();
    assert_eq!(summit.len(), 1, "{summit:#?}");
    let summit = summit[0];
    let files: std::collections::BTreeSet<&str> = summit["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| fx.file_of(&m["article"]))
        .collect();
    assert_eq!(
        files.into_iter().collect::<Vec<_>>(),
        vec![
            "01-aljazeera-amman-cairo-summit.html",
            "02-bbc-cairo-summit.html",
            "03-petra-cairo-summit.txt",
            "04-alghad-copy-of-aljazeera.html"
        ]
    );
    assert_eq!(
        summit["num_articles"], 3,
        "the copy folds into its original"
    );
    assert_eq!(summit["num_sources"], 3);
    assert_eq!(summit["date_precision"], "day");
    // "أمس الجمعة" in an article of Saturday 2025-12-20 is Friday 2025-12-19.
    let aj = summit["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| {
            fx.file_of(&m["article"]) == "01-aljazeera-amman-cairo-summit.html"
                && m["text"].as_str().unwrap().contains("أمس الجمعة")
        })
        .unwrap();
    assert_eq!(aj["date"], "2025-12-19");
    assert_eq!(aj["date_precision"], "day");

    // The same leaders' other meetings stay separate: 2026-01-15 in Amman, and the October background sentence.
    let others: Vec<&str> = consults_of_sisi_and_abdullah(&events)
        .into_iter()
        .filter_map(|e| e["date"].as_str())
        .filter(|d| *d != "2025-12-19")
        .collect();
    assert!(others.contains(&"2026-01-15"), "{others:?}");
    let background = events
        .iter()
        .flat_map(|e| e["mentions"].as_array().unwrap())
        .find(|m| m["text"].as_str().unwrap().contains("أكتوبر الماضي"))
        .expect("the background meeting sentence is coded");
    assert_eq!(background["date"], "2025-10");
    assert_eq!(background["date_precision"], "month");

    // Attribution: a named spokesman, and unnamed security sources recorded as text.
    let spokesman = events
        .iter()
        .flat_map(|e| e["mentions"].as_array().unwrap())
        .find(|m| m["text"].as_str().unwrap().contains("ماجد الأنصاري"))
        .expect("an event attributed to the Qatari spokesman");
    assert!(spokesman["reported"].as_bool().unwrap());
    assert!(
        spokesman["attributed_to"].is_string()
            || spokesman["attributed_to_text"]
                .as_str()
                .is_some_and(|t| t.contains("الأنصاري")),
        "{spokesman}"
    );
    let arrests = events
        .iter()
        .filter(|e| e["type"] == "COERCE")
        .flat_map(|e| e["mentions"].as_array().unwrap())
        .find(|m| m["text"].as_str().unwrap().contains("اعتقلت"))
        .expect("the Istanbul arrests");
    assert_eq!(arrests["attributed_to_text"], "مصادر أمنية تركية");
    assert_eq!(arrests["attributed_to"], Value::Null);
    // "فجر اليوم الخميس" in an article of Thursday 2025-12-18.
    assert_eq!(arrests["date"], "2025-12-18");

    // Negation: the denied strike on the hospital is a negated ASSAULT, not merged with the asserted strikes.
    assert!(events
        .iter()
        .any(|e| e["type"] == "ASSAULT" && e["mode"] == "negated"));

    // Two outlets date the Nuseirat strikes a day apart: one event with the disagreement kept.
    let strikes: Vec<&Value> = events
        .iter()
        .filter(|e| e["type"] == "ASSAULT" && e["mode"] == "asserted")
        .filter(|e| e["num_sources"] == 2)
        .collect();
    assert_eq!(strikes.len(), 1, "{events_out}");
    let conflict = &strikes[0]["conflicts"][0];
    assert_eq!(conflict["field"], "date");
    let mut values: Vec<&str> = conflict["values"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    values.sort();
    assert_eq!(values, vec!["2025-12-18", "2025-12-19"]);

    // Claims with Arabic-Indic digits and qualifiers.
    let claim = |unit: &str, value: f64| {
        claims
            .iter()
            .find(|c| c["quantity"]["unit"] == unit && c["quantity"]["value"] == value)
            .unwrap_or_else(|| panic!("no claim {value} {unit} in {claims_out}"))
    };
    assert_eq!(claim("killed", 35.0)["quantity"]["qualifier"], "about");
    assert_eq!(
        claim("injured", 100.0)["quantity"]["qualifier"],
        "more_than"
    );
    assert_eq!(claim("killed", 30.0)["quantity"]["qualifier"], "exact");
}

#[test]
fn every_export_format_of_events_and_claims() {
    let fx = Fixture::new("formats");
    let jsonl = lines(&stdout_ok(&fx.db, &["export", "events"]));
    assert!(jsonl.len() >= 6);

    // CSV: a header and one row per event, the same ids in the same order.
    let csv = stdout_ok(&fx.db, &["export", "events", "--format", "csv"]);
    let mut rdr = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(&header[..4], ["id", "type", "cameo", "mode"]);
    let rows: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), jsonl.len());
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    for (row, e) in rows.iter().zip(&jsonl) {
        assert_eq!(&row[0], e["id"].as_str().unwrap());
        assert_eq!(
            &row[col("num_sources")],
            e["num_sources"].to_string().as_str()
        );
        let targets: Vec<&str> = e["target"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(&row[col("target")], targets.join(";").as_str());
    }

    // PLOVER: PLOVER field names, one record per event.
    let plover = lines(&stdout_ok(
        &fx.db,
        &["export", "events", "--format", "plover"],
    ));
    assert_eq!(plover.len(), jsonl.len());
    for (p, e) in plover.iter().zip(&jsonl) {
        assert_eq!(p["id"], e["id"]);
        assert_eq!(p["event"], serde_json::json!([e["type"]]));
        assert!(p["actor"].is_array() && p["recipient"].is_array());
        assert!(p["context"].is_array() && p["mode"].is_array());
        let date = p["date"].as_str().unwrap();
        assert_eq!(date.len(), 10, "PLOVER dates are YYYY-MM-DD: {date}");
    }
    assert!(plover
        .iter()
        .any(|p| p["mode"] == serde_json::json!(["negation"])));

    // GDELT: a TSV header with GDELT column names, one row per event, and the mentions table.
    let mentions_file = fx.dir.join("mentions.tsv");
    let gdelt = stdout_ok(
        &fx.db,
        &[
            "export",
            "events",
            "--format",
            "gdelt",
            "--mentions",
            mentions_file.to_str().unwrap(),
        ],
    );
    let mut g = gdelt.lines();
    let head: Vec<&str> = g.next().unwrap().split('\t').collect();
    for c in [
        "GLOBALEVENTID",
        "SQLDATE",
        "Actor1Code",
        "Actor2Name",
        "EventCode",
        "EventRootCode",
        "QuadClass",
        "NumMentions",
        "NumSources",
        "NumArticles",
        "ActionGeo_FullName",
        "SOURCEURL",
    ] {
        assert!(head.contains(&c), "{c} missing from {head:?}");
    }
    let body: Vec<Vec<&str>> = g.map(|l| l.split('\t').collect()).collect();
    assert_eq!(body.len(), jsonl.len());
    let gi = |n: &str| head.iter().position(|h| *h == n).unwrap();
    for (row, e) in body.iter().zip(&jsonl) {
        assert_eq!(row.len(), head.len());
        assert_eq!(row[gi("GLOBALEVENTID")], e["id"].as_str().unwrap());
        assert_eq!(
            row[gi("NumMentions")],
            e["mentions"].as_array().unwrap().len().to_string()
        );
        if let Some(d) = e["date"].as_str().filter(|d| d.len() == 10) {
            assert_eq!(row[gi("SQLDATE")], d.replace('-', ""));
        }
    }
    let mentions = std::fs::read_to_string(&mentions_file).unwrap();
    let mut ml = mentions.lines();
    let mhead: Vec<&str> = ml.next().unwrap().split('\t').collect();
    let n_mentions: usize = jsonl
        .iter()
        .map(|e| e["mentions"].as_array().unwrap().len())
        .sum();
    let mrows: Vec<Vec<&str>> = ml.map(|l| l.split('\t').collect()).collect();
    assert_eq!(mrows.len(), n_mentions);
    let mi = |n: &str| mhead.iter().position(|h| *h == n).unwrap();
    for r in &mrows {
        assert_eq!(r.len(), mhead.len());
        let text = &fx.articles[r[mi("Article")]].1;
        let (s, e): (usize, usize) = (
            r[mi("Start")].parse().unwrap(),
            r[mi("End")].parse().unwrap(),
        );
        assert_eq!(
            char_slice(text, s, e).replace(['\t', '\n'], " "),
            r[mi("Text")]
        );
        // A web mention's source is its site, as in GDELT ("aljazeera.net").
        let (site, url) = (r[mi("MentionSourceName")], r[mi("MentionIdentifier")]);
        if url.starts_with("http") {
            assert!(
                !site.contains('/') && !site.starts_with("www.") && url.contains(site),
                "{site} is not the site of {url}"
            );
        }
    }
    assert!(mrows
        .iter()
        .any(|r| r[mi("MentionIdentifier")].starts_with("http")));

    // Claims: JSONL and CSV agree; PLOVER/GDELT are refused with a clear message.
    let claims = lines(&stdout_ok(&fx.db, &["export", "claims"]));
    let ccsv = stdout_ok(&fx.db, &["export", "claims", "--format", "csv"]);
    let mut rdr = csv::Reader::from_reader(ccsv.as_bytes());
    let crow: Vec<csv::StringRecord> = rdr.records().map(Result::unwrap).collect();
    assert_eq!(crow.len(), claims.len());
    for (r, c) in crow.iter().zip(&claims) {
        assert_eq!(&r[0], c["id"].as_str().unwrap());
        assert_eq!(&r[6], c["quantity"]["unit"].as_str().unwrap());
    }
    for f in ["plover", "gdelt"] {
        let out = rasd(&fx.db, &["export", "claims", "--format", f]);
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("events only"), "{err}");
    }
}

#[test]
fn reindex_events_rebuilds_the_same_events_table() {
    let fx = Fixture::new("reindex");
    let before = stdout_ok(&fx.db, &["export", "events"]);
    assert!(!before.is_empty());
    let out = rasd(&fx.db, &["reindex", "--events-only"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.starts_with("events: "), "{stderr}");
    assert_eq!(stdout_ok(&fx.db, &["export", "events"]), before);
    // A missing database is an error, not a new empty one.
    let missing = fx.dir.join("missing.db");
    let out = rasd(&missing, &["reindex", "--events"]);
    assert!(!out.status.success());
    assert!(!missing.exists());
}
