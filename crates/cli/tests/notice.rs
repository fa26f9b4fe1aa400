//! NOTICE is built from NOTICE.d/*.txt by scripts/notice.sh: a credit written into one and not the other is lost on the next rebuild.

use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .and_then(Path::parent)
        .unwrap_or(Path::new("."))
}

#[test]
fn notice_and_its_parts_hold_the_same_credits() {
    let notice = std::fs::read_to_string(root().join("NOTICE")).expect("NOTICE");
    let mut parts = String::new();
    let mut files: Vec<_> = std::fs::read_dir(root().join("NOTICE.d"))
        .expect("NOTICE.d")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    for f in &files {
        parts.push_str(&std::fs::read_to_string(f).expect("NOTICE.d part"));
        parts.push('\n');
    }
    for line in parts.lines().filter(|l| !l.trim().is_empty()) {
        assert!(
            notice.lines().any(|n| n == line),
            "NOTICE lacks a line of NOTICE.d (run scripts/notice.sh): {line}"
        );
    }
    // Every shipped file NOTICE credits is credited in NOTICE.d too.
    for line in notice.lines().filter(|l| {
        l.starts_with("resources/") || l.starts_with("samples/") || l.starts_with("testdata/")
    }) {
        assert!(
            parts.lines().any(|p| p == line),
            "NOTICE has a credit NOTICE.d lacks (scripts/notice.sh would drop it): {line}"
        );
    }
}
