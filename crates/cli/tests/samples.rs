//! End-to-end: `rasd ingest samples/` then `rasd export articles`, checked against a golden file
//! (refresh with `UPDATE_EXPECT=1 cargo test -p rasd-cli --test samples`).

mod common;

use common::{char_slice, check_golden, rasd};

#[test]
fn samples_ingest_export_golden_and_reingest_is_idempotent() {
    let dir = std::env::temp_dir().join(format!("rasd-e2e-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("t.db");
    let out = rasd(&db, &["ingest", "samples/"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    // Every bad sample is reported with its path and reason; the rest of the batch is stored.
    for bad in [
        "samples/bad/empty.txt: empty file",
        "samples/bad/binary.txt: binary",
        "samples/bad/truncated.jsonl.gz: truncated",
    ] {
        assert!(
            stderr.contains(&format!("skip {bad}")),
            "missing skip line for {bad} in:\n{stderr}"
        );
    }
    let summary = stderr.lines().last().unwrap_or("").to_owned();
    assert!(
        summary.ends_with("skipped") && !summary.starts_with("0 new"),
        "{summary}"
    );

    let again = rasd(&db, &["ingest", "samples/"]);
    let again_summary = String::from_utf8_lossy(&again.stderr)
        .lines()
        .last()
        .unwrap_or("")
        .to_owned();
    assert!(again_summary.starts_with("0 new,"), "{again_summary}");

    let export = rasd(&db, &["export", "articles"]);
    assert!(export.status.success());
    let jsonl = String::from_utf8(export.stdout).unwrap();
    let mut encodings = std::collections::BTreeSet::new();
    let mut formats = std::collections::BTreeSet::new();
    for line in jsonl.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = v["text"].as_str().unwrap();
        assert!(!text.trim().is_empty());
        assert!(!text.contains('\r') && !text.contains('\u{200F}') && !text.contains('\u{200E}'));
        encodings.insert(v["encoding"].as_str().unwrap().to_owned());
        formats.insert(v["format"].as_str().unwrap().to_owned());
        if let Some(p) = v["published"].as_str() {
            assert_eq!(p.len(), 10, "{p}");
        }
        // Offsets are Unicode scalar values: a slice by chars round-trips.
        let n = text.chars().count();
        assert_eq!(char_slice(text, 0, n), text);
    }
    for e in ["UTF-8", "UTF-16LE", "windows-1256", "ISO-8859-6"] {
        assert!(
            encodings.contains(e),
            "no sample decoded from {e}: {encodings:?}"
        );
    }
    for f in ["text", "html", "jsonl", "warc", "rss", "atom"] {
        assert!(formats.contains(f), "no sample in format {f}: {formats:?}");
    }

    check_golden("samples_articles.jsonl", &jsonl);
    // Entities: every mention slices the exported clean text of its article.
    let texts: std::collections::HashMap<String, String> = jsonl
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
            (
                v["id"].as_str().unwrap().to_owned(),
                v["text"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let ents = rasd(&db, &["export", "entities"]);
    assert!(ents.status.success());
    let ents = String::from_utf8(ents.stdout).unwrap();
    let mut n_mentions = 0;
    for line in ents.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        for m in v["mentions"].as_array().unwrap() {
            assert_span_slices_article(&texts, m);
            n_mentions += 1;
        }
    }
    assert!(
        n_mentions > 100,
        "only {n_mentions} entity mentions in the samples"
    );
    check_golden("samples_entities.jsonl", &ents);

    // Events and claims: every evidence span slices its article's clean text.
    let events = String::from_utf8(rasd(&db, &["export", "events"]).stdout).unwrap();
    let mut n_event_mentions = 0;
    for line in events.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["num_sources"].as_u64().unwrap() >= 1);
        for m in v["mentions"].as_array().unwrap() {
            assert_span_slices_article(&texts, m);
            n_event_mentions += 1;
        }
    }
    assert!(
        n_event_mentions > 20,
        "only {n_event_mentions} event mentions in the samples"
    );
    check_golden("samples_events.jsonl", &events);
    let claims = String::from_utf8(rasd(&db, &["export", "claims"]).stdout).unwrap();
    for line in claims.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_span_slices_article(&texts, &v);
    }
    check_golden("samples_claims.jsonl", &claims);

    let stories = rasd(&db, &["export", "stories"]);
    assert!(stories.status.success());
    check_golden(
        "samples_stories.jsonl",
        &String::from_utf8(stories.stdout).unwrap(),
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// `obj` (an entity mention, event mention or claim) has `article`, `start`, `end`, `text`, and
/// `text` is exactly that char range of the article's exported clean text.
fn assert_span_slices_article(
    texts: &std::collections::HashMap<String, String>,
    obj: &serde_json::Value,
) {
    let text = &texts[obj["article"].as_str().unwrap()];
    let (s, e) = (
        obj["start"].as_u64().unwrap() as usize,
        obj["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(char_slice(text, s, e), obj["text"].as_str().unwrap());
}

#[test]
fn usage_errors_exit_2_and_nothing_ingested_exits_1() {
    let dir = std::env::temp_dir().join(format!("rasd-e2e-usage-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("t.db");
    assert_eq!(rasd(&db, &["ingest"]).status.code(), Some(2));
    assert_eq!(rasd(&db, &["no-such-command"]).status.code(), Some(2));
    let out = rasd(&db, &["ingest", "samples/bad/empty.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("0 new, 0 already stored, 1 skipped"));
    std::fs::remove_dir_all(&dir).ok();
}
