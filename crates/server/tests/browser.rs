//! Browser tests of the dashboard: real headless Chromium against a real server on 127.0.0.1 over the bundled samples.
//!
//! Chromium runs once per page with `--dump-dom` (the DOM after the page's script ran) and once with
//! `--screenshot`. The page script writes a layout self-check (computed direction, where the first
//! letter of the heading and the first evidence highlight are drawn) into `<body data-check>`, which
//! these tests read from the dumped DOM. Screenshots go to `target/screenshots/`.
//!
//! Needs `/usr/bin/chromium` (install with `scripts/browser-deps.sh`); `RASD_SKIP_BROWSER=1` skips.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use scraper::{Html, Selector};

struct Env {
    addr: SocketAddr,
    db: PathBuf,
    chromium: PathBuf,
    shots: PathBuf,
}

static ENV: OnceLock<Option<Env>> = OnceLock::new();

fn chromium_path() -> Option<PathBuf> {
    let p = std::env::var_os("RASD_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if p.exists() {
        return Some(p);
    }
    if std::env::var("RASD_SKIP_BROWSER").as_deref() == Ok("1") {
        eprintln!("browser tests skipped (RASD_SKIP_BROWSER=1)");
        return None;
    }
    panic!(
        "{} not found: run scripts/browser-deps.sh to install headless Chromium \
         (or set RASD_SKIP_BROWSER=1 to skip the browser tests)",
        p.display()
    );
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target"))
}

struct NoSkips;
impl rasd_pipeline::Observer for NoSkips {
    fn skip(&mut self, _skip: &rasd_ingest::Skip) {}
}

/// Ingest the samples into a fresh database (entities, events, merged events table) and serve it.
fn env() -> Option<&'static Env> {
    ENV.get_or_init(|| {
        let chromium = chromium_path()?;
        let dir = std::env::temp_dir().join(format!("rasd-browser-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        let db = dir.join("rasd.sqlite");
        {
            let mut store = rasd_store::Store::open(&db).expect("open db");
            let (files, _) = rasd_pipeline::collect_inputs(&[repo_root().join("samples")]);
            let mut ing =
                rasd_pipeline::Ingestor::new(&mut store, rasd_ingest::Preparer::default())
                    .expect("ingestor")
                    .with_entities(
                        rasd_pipeline::EntityAnnotator::load_default().expect("entity model"),
                    );
            for f in &files {
                ing.ingest_file(f, &mut NoSkips).expect("ingest");
            }
            let summary = ing.finish().expect("finish");
            assert!(summary.new >= 30, "samples ingested: {summary:?}");
            rasd_events::materialize(&mut store).expect("events table");
        }
        let config = rasd_server::Config {
            db: db.clone(),
            ingest_token: None,
        };
        // Serve with the binary's own entry point on a free loopback port.
        let addr = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port");
        std::thread::spawn(move || {
            if let Err(e) = rasd_server::serve_blocking(config, addr) {
                eprintln!("server stopped: {e}");
            }
        });
        let start = Instant::now();
        while TcpStream::connect(addr).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "server did not start on {addr}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let shots = target_dir().join("screenshots");
        std::fs::create_dir_all(&shots).expect("screenshot dir");
        Some(Env {
            addr,
            db,
            chromium,
            shots,
        })
    })
    .as_ref()
}

/// Percent-encode a query value.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Plain HTTP/1.1 GET: (status, body).
fn http_get(addr: SocketAddr, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).ok();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("write");
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).expect("read");
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Run Chromium headless with `args` then `url`; returns stdout. Killed after 90 s.
fn chromium(env: &Env, args: &[String], url: &str) -> String {
    let profile = tempdir("profile");
    let mut child = Command::new(&env.chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--lang=ar",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let mut out = String::new();
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let _ = stdout.read_to_string(&mut out);
        out
    });
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium timed out on {url}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = std::fs::remove_dir_all(&profile);
    reader.join().expect("reader")
}

fn tempdir(name: &str) -> PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let d = std::env::temp_dir().join(format!("rasd-chromium-{}-{name}-{n}", std::process::id()));
    std::fs::create_dir_all(&d).expect("temp dir");
    d
}

/// The DOM of `path` after its script ran.
fn dom(env: &Env, path: &str) -> Html {
    let url = format!("http://{}{}", env.addr, path);
    let out = chromium(
        env,
        &["--dump-dom".into(), "--window-size=1280,900".into()],
        &url,
    );
    assert!(
        out.contains("<html"),
        "no DOM dumped for {path}: {out:.200}"
    );
    Html::parse_document(&out)
}

fn screenshot(env: &Env, path: &str, name: &str) -> PathBuf {
    let file = env.shots.join(format!("{name}.png"));
    let _ = std::fs::remove_file(&file);
    let url = format!("http://{}{}", env.addr, path);
    chromium(
        env,
        &[
            format!("--screenshot={}", file.display()),
            "--window-size=1280,900".into(),
        ],
        &url,
    );
    let len = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    assert!(len > 10_000, "screenshot {} is {len} bytes", file.display());
    file
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("selector")
}

/// The layout self-check the page script wrote.
fn check(doc: &Html) -> serde_json::Value {
    let body = doc.select(&sel("body")).next().expect("body");
    let raw = body
        .value()
        .attr("data-check")
        .expect("body[data-check]: the page script did not run");
    serde_json::from_str(raw).expect("data-check JSON")
}

fn text_of(el: scraper::ElementRef<'_>) -> String {
    el.text().collect()
}

fn db(env: &Env) -> rusqlite::Connection {
    rusqlite::Connection::open_with_flags(&env.db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("db")
}

/// The event with the most evidence mentions (ties: most sources, then id).
fn busiest_event(env: &Env) -> (String, Vec<String>) {
    let conn = db(env);
    let (id, json): (String, String) = conn
        .query_row(
            "SELECT id, json FROM events ORDER BY json_array_length(json, '$.mentions') DESC,
                    num_sources DESC, id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("the samples yield at least one event");
    let doc: serde_json::Value = serde_json::from_str(&json).expect("event json");
    let texts = doc["mentions"]
        .as_array()
        .expect("mentions")
        .iter()
        .map(|m| m["text"].as_str().expect("mention text").to_string())
        .collect();
    (id, texts)
}

fn assert_rtl(doc: &Html, path: &str) -> serde_json::Value {
    let html = doc.select(&sel("html")).next().expect("html");
    assert_eq!(html.value().attr("dir"), Some("rtl"), "{path}");
    assert_eq!(html.value().attr("lang"), Some("ar"), "{path}");
    let c = check(doc);
    assert_eq!(c["direction"], "rtl", "{path}: computed direction {c}");
    assert_eq!(
        c["rtl_start"], true,
        "{path}: the heading's first letter should be drawn at its right end: {c}"
    );
    c
}

#[test]
fn every_page_loads_with_200_and_lays_out_right_to_left() {
    let Some(env) = env() else { return };
    let conn = db(env);
    let one = |sql: &str| -> String { conn.query_row(sql, [], |r| r.get(0)).expect(sql) };
    let event = one("SELECT id FROM events ORDER BY num_sources DESC, id LIMIT 1");
    let actor = one(
        "SELECT entity FROM event_actors GROUP BY entity ORDER BY count(*) DESC, entity LIMIT 1",
    );
    let article = one("SELECT article FROM event_mentions ORDER BY article LIMIT 1");
    let story =
        one("SELECT story FROM articles GROUP BY story ORDER BY count(*) DESC, story LIMIT 1");
    let pages = [
        ("overview", "/".to_string()),
        ("events", "/events".to_string()),
        (
            "events-filtered",
            "/events?type=CONSULT&min_sources=1".to_string(),
        ),
        ("event", format!("/events/{}", enc(&event))),
        ("actor", format!("/actors/{}", enc(&actor))),
        ("article", format!("/articles/{}", enc(&article))),
        ("stories", "/stories".to_string()),
        ("story", format!("/stories/{}", enc(&story))),
        ("search", format!("/search?q={}", enc("قطر"))),
        ("claims", "/claims".to_string()),
    ];
    for (name, path) in &pages {
        let (status, body) = http_get(env.addr, path);
        assert_eq!(status, 200, "{path}: {body:.300}");
        let doc = dom(env, path);
        assert_rtl(&doc, path);
        screenshot(env, path, name);
    }
    // Static files are served from the binary; unknown ids are a 404 page, bad filters a 400 page.
    assert_eq!(http_get(env.addr, "/static/dashboard.css").0, 200);
    assert_eq!(http_get(env.addr, "/static/dashboard.js").0, 200);
    assert_eq!(http_get(env.addr, "/events/no-such-event").0, 404);
    let (status, body) = http_get(env.addr, "/events?from=2017-99-01");
    assert_eq!(status, 400);
    assert!(body.contains("from:"), "{body:.300}");
    let (status, body) = http_get(env.addr, "/events?cursor=not-a-cursor");
    assert_eq!(status, 400);
    assert!(body.contains("cursor:"), "{body:.300}");
}

#[test]
fn list_pages_filter_and_follow_their_next_links() {
    let Some(env) = env() else { return };
    let conn = db(env);
    let one = |sql: &str| -> String { conn.query_row(sql, [], |r| r.get(0)).expect(sql) };
    // An actor's events through the list filter: every row names that actor.
    let actor = one(
        "SELECT entity FROM event_actors WHERE role IN ('source', 'target')
         GROUP BY entity ORDER BY count(*) DESC, entity LIMIT 1",
    );
    let (status, body) = http_get(env.addr, &format!("/events?actor={}", enc(&actor)));
    assert_eq!(status, 200, "{body:.300}");
    let doc = Html::parse_document(&body);
    let rows: Vec<_> = doc.select(&sel("table.events tbody tr")).collect();
    assert!(!rows.is_empty(), "events of {actor}");
    let href = format!("/actors/{}", enc(&actor).replace("%3A", ":"));
    for r in &rows {
        assert!(
            r.select(&sel("a.actor"))
                .any(|a| a.value().attr("href") == Some(href.as_str())),
            "a row without {actor}"
        );
    }
    // Stories of any size, page after page: no story twice.
    let mut seen = std::collections::HashSet::new();
    let mut path = Some("/stories?min=1".to_string());
    let mut pages = 0;
    while let Some(p) = path.take() {
        let (status, body) = http_get(env.addr, &p);
        assert_eq!(status, 200, "{p}: {body:.300}");
        let doc = Html::parse_document(&body);
        for a in doc.select(&sel("main table a[href^='/stories/']")) {
            let h = a.value().attr("href").unwrap_or_default().to_string();
            assert!(seen.insert(h.clone()), "{h} listed twice");
        }
        path = doc
            .select(&sel("nav.pages a[rel=next]"))
            .next()
            .and_then(|a| a.value().attr("href"))
            .map(str::to_owned);
        pages += 1;
        assert!(pages < 100, "paging does not end");
    }
    let stories: i64 = conn
        .query_row(
            "SELECT count(DISTINCT story) FROM articles WHERE story IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .expect("stories");
    assert_eq!(seen.len() as i64, stories, "every story listed once");
    // Claims of one unit only.
    if let Ok(unit) = conn.query_row(
        "SELECT json_extract(json, '$.quantity.unit') FROM claims LIMIT 1",
        [],
        |r| r.get::<_, String>(0),
    ) {
        let (status, body) = http_get(env.addr, &format!("/claims?unit={}", enc(&unit)));
        assert_eq!(status, 200, "{body:.300}");
        assert_eq!(
            Html::parse_document(&body)
                .select(&sel("section.claim-unit"))
                .count(),
            1
        );
    }
}

#[test]
fn evidence_highlights_equal_the_event_mentions() {
    let Some(env) = env() else { return };
    let (id, texts) = busiest_event(env);
    let path = format!("/events/{}", enc(&id));
    let doc = dom(env, &path);
    let c = assert_rtl(&doc, &path);
    let marks: Vec<String> = doc
        .select(&sel("article.evidence mark.evidence-mark"))
        .map(text_of)
        .collect();
    assert_eq!(
        marks, texts,
        "every evidence sentence highlighted, in order"
    );
    // The first highlight is drawn, inside the viewport, with the highlight colour.
    assert_eq!(c["mark_visible"], true, "{c}");
    assert_eq!(c["mark_text"].as_str(), texts.first().map(String::as_str));
    assert_ne!(c["mark_background"], "rgba(0, 0, 0, 0)", "{c}");
    // Each evidence block names its outlet and links to its article.
    for block in doc.select(&sel("article.evidence")) {
        assert!(block.select(&sel(".outlet")).next().is_some());
        assert!(block.select(&sel("a.to-article")).next().is_some());
    }
    screenshot(env, &path, "event-busiest");
}

#[test]
fn navigation_goes_from_event_to_article_to_actor() {
    let Some(env) = env() else { return };
    let (id, texts) = busiest_event(env);
    let event_doc = dom(env, &format!("/events/{}", enc(&id)));
    let href = event_doc
        .select(&sel("article.evidence a.to-article"))
        .next()
        .and_then(|a| a.value().attr("href"))
        .expect("evidence links to its article")
        .to_string();
    assert!(href.starts_with("/articles/"), "{href}");

    // The article page highlights the same event's evidence, with entity links inside.
    let article_doc = dom(env, &href);
    assert_rtl(&article_doc, &href);
    let ev_sel = sel(&format!("mark.ev[data-event=\"{id}\"]"));
    let ev_marks: Vec<String> = article_doc.select(&ev_sel).map(text_of).collect();
    assert!(!ev_marks.is_empty(), "{href} highlights event {id}");
    assert!(
        ev_marks.iter().any(|m| texts.contains(m)),
        "{ev_marks:?} vs {texts:?}"
    );
    let ent = article_doc
        .select(&sel("div.article-text a.ent"))
        .next()
        .expect("an entity mention link in the article text");
    let actor_href = ent.value().attr("href").expect("href").to_string();
    let entity_id = ent
        .value()
        .attr("data-entity")
        .expect("data-entity")
        .to_string();
    let spelling = text_of(ent);

    // The actor page lists that spelling among all the spellings seen.
    let actor_doc = dom(env, &actor_href);
    assert_rtl(&actor_doc, &actor_href);
    let h1 = actor_doc.select(&sel("main h1")).next().expect("h1");
    assert_eq!(h1.value().attr("data-entity"), Some(entity_id.as_str()));
    let spellings: Vec<String> = actor_doc
        .select(&sel("ul.spellings li a"))
        .map(text_of)
        .collect();
    assert!(
        spellings
            .iter()
            .any(|s| spelling.contains(s.as_str()) || s.contains(spelling.as_str())),
        "{spelling:?} among {spellings:?}"
    );
    screenshot(env, &href, "article-from-event");
    screenshot(env, &actor_href, "actor-from-article");
}
