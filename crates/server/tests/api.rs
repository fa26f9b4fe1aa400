//! API tests: a real server on 127.0.0.1 over a temporary database ingested from `samples/`, real HTTP requests.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

struct Resp {
    status: u16,
    content_type: String,
    body: String,
}

impl Resp {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// Minimal HTTP/1.1 client: one request per connection (`Connection: close`).
fn request(
    addr: SocketAddr,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Resp {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(std::time::Duration::from_secs(60)))
        .unwrap();
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    s.write_all(head.as_bytes()).unwrap();
    // The server may answer (413) before reading a large body; a reset while writing is fine.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let mut payload = raw[split + 4..].to_vec();
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    let header = |name: &str| {
        head.lines()
            .find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
            })
            .unwrap_or_default()
    };
    if header("transfer-encoding").eq_ignore_ascii_case("chunked") {
        payload = dechunk(&payload);
    }
    Resp {
        status,
        content_type: header("content-type"),
        body: String::from_utf8(payload).expect("UTF-8 body"),
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let Some(eol) = b.windows(2).position(|w| w == b"\r\n") else {
            return out;
        };
        let size = usize::from_str_radix(
            String::from_utf8_lossy(&b[..eol])
                .split(';')
                .next()
                .unwrap()
                .trim(),
            16,
        )
        .unwrap_or(0);
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[eol + 2 + size + 2..];
    }
}

fn get(addr: SocketAddr, target: &str) -> Resp {
    request(addr, "GET", target, &[], b"")
}

fn get_json(addr: SocketAddr, target: &str) -> Value {
    let r = get(addr, target);
    assert_eq!(r.status, 200, "{target}: {}", r.body);
    assert!(r.content_type.starts_with("application/json"), "{target}");
    r.json()
}

/// Percent-encode a query value.
fn enc(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn assert_bad(addr: SocketAddr, target: &str, param: &str) {
    let r = get(addr, target);
    assert_eq!(r.status, 400, "{target}: {}", r.body);
    let v = r.json();
    assert_eq!(v["param"], param, "{target}: {v}");
    assert!(v["error"].as_str().is_some_and(|e| !e.is_empty()), "{v}");
}

fn tmp_db(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rasd-api-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir.join("rasd.db")
}

struct Quiet;
impl rasd_pipeline::Observer for Quiet {
    fn skip(&mut self, _skip: &rasd_ingest::Skip) {}
}

/// Ingest `paths` through the real pipeline (entities, events, claims), then materialize the merged
/// events as `rasd ingest` does.
fn ingest(db: &Path, paths: &[PathBuf]) {
    let mut store = rasd_store::Store::open(db).unwrap();
    let (files, _) = rasd_pipeline::collect_inputs(paths);
    let mut ing = rasd_pipeline::Ingestor::new(&mut store, rasd_ingest::Preparer::default())
        .unwrap()
        .with_entities(rasd_pipeline::EntityAnnotator::load_default().unwrap());
    for f in &files {
        ing.ingest_file(f, &mut Quiet).unwrap();
    }
    ing.finish().unwrap();
    rasd_events::materialize(&mut store).unwrap();
}

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples")
}

/// One server over the ingested samples, shared by the read-only tests.
fn server() -> SocketAddr {
    static SERVER: OnceLock<(SocketAddr, rasd_server::Background)> = OnceLock::new();
    SERVER
        .get_or_init(|| {
            let db = tmp_db("read");
            ingest(&db, &[samples()]);
            let bg = rasd_server::spawn_background(
                rasd_server::Config {
                    db,
                    ingest_token: None,
                },
                "127.0.0.1:0".parse().unwrap(),
                2,
            )
            .unwrap();
            (bg.addr, bg)
        })
        .0
}

fn chars(s: &str, start: u64, end: u64) -> String {
    s.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

#[test]
fn stats_count_the_ingested_samples() {
    let a = server();
    let s = get_json(a, "/api/stats");
    assert!(s["articles"].as_i64().unwrap() >= 20, "{s}");
    assert!(s["events"].as_i64().unwrap() > 0, "{s}");
    assert!(s["entities"].as_i64().unwrap() > 0, "{s}");
    let by_type: i64 = s["event_types"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v.as_i64().unwrap())
        .sum();
    assert_eq!(by_type, s["events"].as_i64().unwrap());
    assert!(s["first_published"].as_str().unwrap() <= s["last_published"].as_str().unwrap());
}

#[test]
fn events_are_ordered_by_date_and_cursor_pages_cover_the_list_once() {
    let a = server();
    let all = get_json(a, "/api/events?limit=500");
    let all_items = all["items"].as_array().unwrap();
    assert!(all_items.len() > 5);
    assert!(all["next"].is_null());
    let key = |e: &Value| {
        (
            e["date"].as_str().map(str::to_owned),
            e["id"].as_str().unwrap().to_owned(),
        )
    };
    for w in all_items.windows(2) {
        let (a, b) = (key(&w[0]), key(&w[1]));
        // date DESC (undated last), then id DESC.
        match (&a.0, &b.0) {
            (Some(x), Some(y)) => assert!(x > y || (x == y && a.1 > b.1), "{a:?} before {b:?}"),
            (None, Some(_)) => panic!("undated event before a dated one"),
            (Some(_), None) => {}
            (None, None) => assert!(a.1 > b.1),
        }
    }
    let mut paged = Vec::new();
    let mut target = "/api/events?limit=3".to_owned();
    loop {
        let p = get_json(a, &target);
        let items = p["items"].as_array().unwrap();
        assert!(items.len() <= 3);
        paged.extend(items.iter().map(|e| e["id"].as_str().unwrap().to_owned()));
        match p["next"].as_str() {
            Some(c) => target = format!("/api/events?limit=3&cursor={c}"),
            None => break,
        }
    }
    let ids: Vec<String> = all_items
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(paged, ids);
    let e = &all_items[0];
    for field in [
        "id",
        "type",
        "cameo",
        "mode",
        "date_precision",
        "source",
        "target",
        "num_sources",
        "entities",
    ] {
        assert!(!e[field].is_null(), "{field} missing in {e}");
    }
}

#[test]
fn event_filters_restrict_the_list() {
    let a = server();
    let all = get_json(a, "/api/events?limit=500");
    let all_items = all["items"].as_array().unwrap();
    let t = all_items[0]["type"].as_str().unwrap().to_owned();
    let typed = get_json(
        a,
        &format!("/api/events?limit=500&type={}", t.to_lowercase()),
    );
    let typed = typed["items"].as_array().unwrap();
    assert_eq!(
        typed.len(),
        all_items.iter().filter(|e| e["type"] == t.as_str()).count()
    );
    // An actor filter returns exactly the events that list the actor as source or target.
    let actor = all_items
        .iter()
        .find_map(|e| {
            e["source"]
                .as_array()
                .and_then(|s| s.first())
                .and_then(|v| v.as_str())
        })
        .expect("an event with a source actor");
    let by_actor = get_json(a, &format!("/api/events?limit=500&actor={}", enc(actor)));
    let expected = all_items
        .iter()
        .filter(|e| {
            ["source", "target"]
                .iter()
                .any(|r| e[r].as_array().unwrap().iter().any(|v| v == actor))
        })
        .count();
    assert_eq!(by_actor["items"].as_array().unwrap().len(), expected);
    // Country: every result has a source or target actor of that country.
    let country = by_actor["items"][0]["entities"][actor]["country"].as_str();
    if let Some(c) = country {
        let by_c = get_json(
            a,
            &format!("/api/events?limit=500&country={}", c.to_lowercase()),
        );
        let items = by_c["items"].as_array().unwrap();
        assert!(!items.is_empty());
        for e in items {
            let has = ["source", "target"].iter().any(|r| {
                e[r].as_array()
                    .unwrap()
                    .iter()
                    .any(|id| e["entities"][id.as_str().unwrap()]["country"] == c)
            });
            assert!(has, "{e}");
        }
    }
    // Date range: everything inside; min_sources; mode.
    let r = get_json(a, "/api/events?limit=500&from=2017-01-01&to=2017-12-31");
    for e in r["items"].as_array().unwrap() {
        let d = e["date"].as_str().unwrap();
        assert!(("2017"..="2017-12-31~").contains(&d), "{d}");
    }
    let r = get_json(a, "/api/events?limit=500&min_sources=2");
    for e in r["items"].as_array().unwrap() {
        assert!(e["num_sources"].as_i64().unwrap() >= 2);
    }
    let r = get_json(a, "/api/events?limit=500&mode=asserted");
    for e in r["items"].as_array().unwrap() {
        assert_eq!(e["mode"], "asserted");
    }
    let none = get_json(a, "/api/events?actor=no-such-entity");
    assert_eq!(none["items"].as_array().unwrap().len(), 0);
}

/// Every filter returns exactly the events of the unfiltered list that satisfy it (the filtered
/// lists are served by other indexes than the unfiltered one, so they must agree with it).
#[test]
fn event_filters_are_complete_as_well_as_sound() {
    let a = server();
    let all = get_json(a, "/api/events?limit=500");
    assert!(all["next"].is_null(), "the samples fit one page");
    let all_items = all["items"].as_array().unwrap();
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let expect = |f: &dyn Fn(&serde_json::Value) -> bool| -> Vec<String> {
        all_items
            .iter()
            .filter(|e| f(e))
            .map(|e| e["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let located = all_items
        .iter()
        .find_map(|e| e["location"].as_str())
        .expect("an event with a location");
    assert_eq!(
        ids(&get_json(
            a,
            &format!("/api/events?limit=500&location={}", enc(located))
        )),
        expect(&|e| e["location"] == located)
    );
    let actors = |e: &serde_json::Value| -> Vec<String> {
        ["source", "target"]
            .iter()
            .flat_map(|r| e[r].as_array().unwrap().iter())
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    let country = all_items
        .iter()
        .find_map(|e| {
            actors(e)
                .iter()
                .find_map(|id| e["entities"][id]["country"].as_str().map(str::to_owned))
        })
        .expect("an actor with a country");
    let of_country = |e: &serde_json::Value| {
        actors(e)
            .iter()
            .any(|id| e["entities"][id.as_str()]["country"] == country.as_str())
    };
    assert_eq!(
        ids(&get_json(
            a,
            &format!("/api/events?limit=500&country={country}")
        )),
        expect(&of_country)
    );
    let t = all_items[0]["type"].as_str().unwrap().to_owned();
    assert_eq!(
        ids(&get_json(
            a,
            &format!("/api/events?limit=500&country={country}&type={t}")
        )),
        expect(&|e| of_country(e) && e["type"] == t.as_str())
    );
    let date = all_items[0]["date"].as_str().unwrap().to_owned();
    let month = date.get(..7).unwrap().to_owned();
    assert_eq!(
        ids(&get_json(
            a,
            &format!("/api/events?limit=500&from={month}&to={month}")
        )),
        expect(&|e| e["date"]
            .as_str()
            .is_some_and(|d| d.starts_with(&month) || d == &month[..4]))
    );
    assert_eq!(
        ids(&get_json(a, "/api/events?limit=500&min_sources=2")),
        expect(&|e| e["num_sources"].as_i64().unwrap() >= 2)
    );
    assert_eq!(
        ids(&get_json(a, "/api/events?limit=500&min_sources=1")).len(),
        all_items.len()
    );
    // Pages of a keyed list concatenate to the whole list.
    let mut paged = Vec::new();
    let mut next = format!("/api/events?limit=2&country={country}");
    loop {
        let p = get_json(a, &next);
        paged.extend(ids(&p));
        match p["next"].as_str() {
            Some(c) => next = format!("/api/events?limit=2&country={country}&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(paged, expect(&of_country));
}

#[test]
fn bad_parameters_are_400_json_naming_the_parameter() {
    let a = server();
    assert_bad(a, "/api/events?type=BOMBING", "type");
    assert_bad(a, "/api/events?limit=501", "limit");
    assert_bad(a, "/api/events?limit=0", "limit");
    assert_bad(a, "/api/events?limit=ten", "limit");
    assert_bad(a, "/api/events?cursor=nonsense", "cursor");
    assert_bad(a, "/api/events?from=2025-13-01", "from");
    assert_bad(a, "/api/events?to=yesterday", "to");
    assert_bad(a, "/api/events?from=2025-02-01&to=2025-01-01", "to");
    assert_bad(a, "/api/events?country=Turkey", "country");
    assert_bad(a, "/api/events?mode=maybe", "mode");
    assert_bad(a, "/api/events?min_sources=-1", "min_sources");
    assert_bad(a, "/api/events?typo=1", "typo");
    assert_bad(a, "/api/events?limit=1&limit=2", "limit");
    assert_bad(a, "/api/articles?has_events=perhaps", "has_events");
    assert_bad(a, "/api/articles?from=2017-02-30", "from");
    assert_bad(a, "/api/entities?kind=animal", "kind");
    assert_bad(a, "/api/claims?unit=bananas", "unit");
    assert_bad(a, &format!("/api/entities?q={}", "ا".repeat(600)), "q");
    // A cursor of another list is refused, not misread.
    let ev = get_json(a, "/api/events?limit=1");
    let c = ev["next"].as_str().unwrap();
    assert_bad(a, &format!("/api/articles?cursor={c}"), "cursor");
    assert_bad(a, &format!("/api/entities?cursor={c}"), "cursor");
    // Unknown ids and routes are 404 JSON.
    for t in [
        "/api/events/nope",
        "/api/articles/nope",
        "/api/entities/nope",
        "/api/stories/nope",
        "/api/nothing-here",
    ] {
        let r = get(a, t);
        assert_eq!(r.status, 404, "{t}: {}", r.body);
        assert!(r.json()["error"].is_string());
    }
}

#[test]
fn sql_like_input_is_data_not_code() {
    let a = server();
    let before = get_json(a, "/api/stats");
    let evil = "' OR 1=1 --";
    for t in [
        format!("/api/events?actor={}", enc(evil)),
        format!("/api/events?location={}", enc(evil)),
        format!("/api/articles?q={}", enc(evil)),
        format!("/api/articles?outlet={}", enc(evil)),
        format!(
            "/api/articles?entity={}",
            enc("x'); DROP TABLE articles; --")
        ),
        format!("/api/entities?q={}", enc(evil)),
        format!("/api/claims?claimant={}", enc(evil)),
        format!("/api/articles?q={}", enc("%_%")),
    ] {
        let v = get_json(a, &t);
        assert_eq!(v["items"].as_array().unwrap().len(), 0, "{t}: {v}");
    }
    for t in [
        format!("/api/events/{}", enc(evil)),
        format!("/api/articles/{}", enc(evil)),
        format!("/api/entities/{}", enc(evil)),
    ] {
        assert_eq!(get(a, &t).status, 404, "{t}");
    }
    let after = get_json(a, "/api/stats");
    assert_eq!(before["articles"], after["articles"]);
}

#[test]
fn event_detail_evidence_is_the_article_text_at_its_offsets() {
    let a = server();
    let list = get_json(a, "/api/events?limit=20");
    for e in list["items"].as_array().unwrap() {
        let id = e["id"].as_str().unwrap();
        let d = get_json(a, &format!("/api/events/{}", enc(id)));
        assert_eq!(d["event"]["id"], id);
        let mentions = d["event"]["mentions"].as_array().unwrap();
        assert!(!mentions.is_empty());
        for m in mentions {
            let art = m["article"].as_str().unwrap();
            assert!(d["articles"][art]["id"] == art, "article brief of {art}");
            let text = get_json(a, &format!("/api/articles/{art}"))["text"]
                .as_str()
                .unwrap()
                .to_owned();
            let (s, en) = (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap());
            assert_eq!(chars(&text, s, en), m["text"].as_str().unwrap());
        }
    }
}

#[test]
fn article_detail_spans_point_into_the_clean_text() {
    let a = server();
    let list = get_json(a, "/api/articles?has_events=true&limit=5");
    let items = list["items"].as_array().unwrap();
    assert!(!items.is_empty());
    for it in items {
        assert!(it["num_event_mentions"].as_i64().unwrap() > 0);
        let d = get_json(a, &format!("/api/articles/{}", it["id"].as_str().unwrap()));
        let text = d["text"].as_str().unwrap();
        for layer in ["entities", "events", "claims"] {
            for s in d[layer].as_array().unwrap() {
                let (st, en) = (s["start"].as_u64().unwrap(), s["end"].as_u64().unwrap());
                assert_eq!(chars(text, st, en), s["text"].as_str().unwrap(), "{layer}");
            }
        }
        assert!(!d["events"].as_array().unwrap().is_empty());
    }
    let without = get_json(a, "/api/articles?has_events=false&limit=500");
    for it in without["items"].as_array().unwrap() {
        assert_eq!(it["num_event_mentions"], 0);
    }
}

#[test]
fn article_filters_and_pagination() {
    let a = server();
    let all = get_json(a, "/api/articles?limit=500");
    let items = all["items"].as_array().unwrap();
    let stats = get_json(a, "/api/stats");
    assert_eq!(items.len() as i64, stats["articles"].as_i64().unwrap());
    let mut paged = Vec::new();
    let mut target = "/api/articles?limit=7".to_owned();
    loop {
        let p = get_json(a, &target);
        paged.extend(
            p["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x["id"].as_str().unwrap().to_owned()),
        );
        match p["next"].as_str() {
            Some(c) => target = format!("/api/articles?limit=7&cursor={c}"),
            None => break,
        }
    }
    let ids: Vec<String> = items
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(paged, ids);
    let outlet = items
        .iter()
        .find_map(|x| x["outlet"].as_str())
        .unwrap()
        .to_owned();
    let by_outlet = get_json(
        a,
        &format!("/api/articles?limit=500&outlet={}", enc(&outlet)),
    );
    let n = items
        .iter()
        .filter(|x| x["outlet"] == outlet.as_str())
        .count();
    assert_eq!(by_outlet["items"].as_array().unwrap().len(), n);
    // Text search finds articles containing the word in any hamza/alef spelling.
    let r = get_json(a, &format!("/api/articles?limit=500&q={}", enc("اسرائيل")));
    let hits = r["items"].as_array().unwrap();
    assert!(!hits.is_empty(), "{r}");
    for h in hits {
        let d = get_json(a, &format!("/api/articles/{}", h["id"].as_str().unwrap()));
        assert!(
            d["text"].as_str().unwrap().contains("إسرائيل")
                || d["text"].as_str().unwrap().contains("اسرائيل")
        );
    }
    // Entity filter: every article mentions the entity.
    let ent = get_json(a, "/api/entities?limit=1");
    let id = ent["items"][0]["id"].as_str().unwrap();
    let r = get_json(a, &format!("/api/articles?limit=500&entity={}", enc(id)));
    assert!(!r["items"].as_array().unwrap().is_empty());
    for h in r["items"].as_array().unwrap() {
        let d = get_json(a, &format!("/api/articles/{}", h["id"].as_str().unwrap()));
        assert!(d["entities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["entity"] == id));
    }
}

#[test]
fn entities_are_found_by_any_spelling_variant() {
    let a = server();
    let top = get_json(a, "/api/entities?limit=10");
    let items = top["items"].as_array().unwrap();
    assert_eq!(items.len(), 10);
    assert!(top["next"].is_string());
    for w in items.windows(2) {
        assert!(w[0]["mentions"].as_i64() >= w[1]["mentions"].as_i64());
    }
    let isr = get_json(a, &format!("/api/entities?q={}", enc("اسرائيل")));
    assert!(
        isr["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["id"] == "location:isr"),
        "{isr}"
    );
    // A spelling with diacritics and tatweel still finds it.
    let v = get_json(a, &format!("/api/entities?q={}", enc("إسـرائِيل")));
    assert_eq!(v["items"][0]["id"], "location:isr", "{v}");
    let d = get_json(a, "/api/entities/location:isr");
    assert_eq!(d["country"], "ISR");
    assert!(!d["spellings"].as_array().unwrap().is_empty());
    assert!(d["num_mentions"].as_i64().unwrap() >= d["spellings"].as_array().unwrap().len() as i64);
    for k in [
        "events_as_source",
        "events_as_target",
        "events_as_location",
        "co_actors",
    ] {
        assert!(!d[k].is_null(), "{k}");
    }
    // Another romanization of the English name finds the entity too.
    for (q, id) in [
        ("Rohani", "person:hassan-rouhani"),
        ("hasan nasralla", "person:hassan-nasrallah"),
    ] {
        let v = get_json(a, &format!("/api/entities?q={}", enc(q)));
        assert!(
            v["items"].as_array().unwrap().iter().any(|e| e["id"] == id),
            "{q}: {v}"
        );
    }
    let by_kind = get_json(a, "/api/entities?kind=person&limit=50");
    for e in by_kind["items"].as_array().unwrap() {
        assert_eq!(e["kind"], "person");
    }
}

#[test]
fn claims_stories_and_docs() {
    let a = server();
    let c = get_json(a, "/api/claims?limit=500");
    let items = c["items"].as_array().unwrap();
    assert!(!items.is_empty());
    let unit = items[0]["claim"]["quantity"]["unit"]
        .as_str()
        .unwrap()
        .to_owned();
    let by_unit = get_json(a, &format!("/api/claims?limit=500&unit={unit}"));
    let n = items
        .iter()
        .filter(|x| x["claim"]["quantity"]["unit"] == unit.as_str())
        .count();
    assert_eq!(by_unit["items"].as_array().unwrap().len(), n);
    let art = items[0]["article"].as_str().unwrap();
    for x in get_json(a, &format!("/api/claims?article={art}"))["items"]
        .as_array()
        .unwrap()
    {
        assert_eq!(x["article"], art);
    }
    let page = get_json(a, "/api/claims?limit=2");
    let next = page["next"].as_str().unwrap();
    let page2 = get_json(a, &format!("/api/claims?limit=2&cursor={next}"));
    assert_ne!(
        page["items"][0]["claim"]["id"],
        page2["items"][0]["claim"]["id"]
    );

    let st = get_json(a, "/api/stories?limit=500");
    let stories = st["items"].as_array().unwrap();
    assert!(!stories.is_empty());
    let multi = get_json(a, "/api/stories?min_articles=2&limit=500");
    for s in multi["items"].as_array().unwrap() {
        assert!(s["num_articles"].as_i64().unwrap() >= 2);
    }
    let sid = stories[0]["id"].as_str().unwrap();
    let d = get_json(a, &format!("/api/stories/{}", enc(sid)));
    assert_eq!(d["id"], sid);
    assert_eq!(
        d["articles"].as_array().unwrap().len() as i64,
        d["num_articles"].as_i64().unwrap()
    );
    for x in d["articles"].as_array().unwrap() {
        assert_eq!(x["story"], sid);
    }

    let doc = get_json(a, "/api/openapi.json");
    assert_eq!(doc["openapi"], "3.1.0");
    for (method, path) in rasd_server::api::ROUTES {
        assert!(doc["paths"][path][method].is_object(), "{method} {path}");
    }
    let html = get(a, "/api/docs");
    assert_eq!(html.status, 200);
    assert!(html.content_type.starts_with("text/html"));
    assert!(html.body.contains("/api/openapi.json"));
    assert!(
        !html.body.contains("https://"),
        "docs page must be self-contained"
    );
}

#[test]
fn ingest_over_http_stores_articles_with_auth_and_limits() {
    let db = tmp_db("ingest");
    rasd_store::Store::open(&db).unwrap();
    let bg = rasd_server::spawn_background(
        rasd_server::Config {
            db,
            ingest_token: Some("s3cret".into()),
        },
        "127.0.0.1:0".parse().unwrap(),
        2,
    )
    .unwrap();
    let a = bg.addr;
    let body = "{\"text\":\"قصفت طائرات إسرائيلية مواقع في قطاع غزة أمس الجمعة، وقالت وزارة الصحة الفلسطينية إن خمسة أشخاص قتلوا.\",\"outlet\":\"اختبار\",\"date\":\"2025-12-20\",\"title\":\"غارات\"}\n{broken\n";
    let jsonl = [("Content-Type", "application/x-ndjson")];
    let r = request(a, "POST", "/api/ingest", &jsonl, body.as_bytes());
    assert_eq!(r.status, 401, "{}", r.body);
    let auth = [
        ("Content-Type", "application/x-ndjson"),
        ("Authorization", "Bearer wrong!"),
    ];
    assert_eq!(
        request(a, "POST", "/api/ingest", &auth, body.as_bytes()).status,
        401
    );
    let ok = [
        ("Content-Type", "application/x-ndjson"),
        ("Authorization", "Bearer s3cret"),
    ];
    let r = request(a, "POST", "/api/ingest", &ok, body.as_bytes());
    assert_eq!(r.status, 200, "{}", r.body);
    let v = r.json();
    assert_eq!(v["new"], 1, "{v}");
    assert_eq!(v["skipped"], 1, "{v}");
    assert!(v["skips"][0].as_str().unwrap().contains("#2"), "{v}");
    let r = request(a, "POST", "/api/ingest", &ok, body.as_bytes());
    assert_eq!(r.json()["existing"], 1);
    let arts = get_json(a, "/api/articles");
    assert_eq!(arts["items"].as_array().unwrap().len(), 1);
    assert_eq!(arts["items"][0]["outlet"], "اختبار");
    let id = arts["items"][0]["id"].as_str().unwrap();
    let d = get_json(a, &format!("/api/articles/{id}"));
    assert!(!d["entities"].as_array().unwrap().is_empty(), "{d}");

    // The API ingest updated the events table and the full-text index.
    assert!(v["events"].as_u64().is_some(), "{v}");
    let found = get_json(a, &format!("/api/articles?q={}", enc("بغزة")));
    assert_eq!(found["search"], "index", "{found}");
    assert_eq!(found["items"][0]["id"], id, "{found}");
    assert_bad(a, &format!("/api/articles?q={}", enc("\"مفتوح")), "q");

    let html = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Authorization", "Bearer s3cret"),
    ];
    let page = "<html><head><title>لقاء</title><meta property=\"article:published_time\" content=\"2025-12-21\"></head><body><article><p>التقى وزير الخارجية التركي هاكان فيدان نظيره المصري بدر عبد العاطي في القاهرة اليوم السبت وبحثا الأوضاع في قطاع غزة.</p></article></body></html>";
    let r = request(a, "POST", "/api/ingest", &html, page.as_bytes());
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.json()["new"], 1, "{}", r.body);

    let csv = [
        ("Content-Type", "text/csv"),
        ("Authorization", "Bearer s3cret"),
    ];
    assert_eq!(
        request(a, "POST", "/api/ingest", &csv, b"a,b\n").status,
        415
    );
    assert_eq!(request(a, "POST", "/api/ingest", &ok, b"  \n").status, 400);
    let big = vec![b'x'; rasd_server::api::MAX_INGEST_BYTES + 1];
    let r = request(a, "POST", "/api/ingest", &ok, &big);
    assert_eq!(r.status, 413, "{}", r.body);
    assert_eq!(r.json()["param"], "body");
}
