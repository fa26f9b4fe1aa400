//! Helpers shared by the CLI's end-to-end tests: run the built `rasd`, slice by code points, compare goldens.

#![allow(dead_code)] // each test binary uses a subset

use std::path::{Path, PathBuf};
use std::process::Command;

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Run `rasd ARGS` from the repository root with `RASD_DB` set to `db`.
pub fn rasd(db: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_rasd"))
        .args(args)
        .env("RASD_DB", db)
        .current_dir(repo_root())
        .output()
        .expect("run rasd")
}

/// `s[start:end]` in code points (Python `str` indexing), the coordinate system of every span.
pub fn char_slice(s: &str, start: usize, end: usize) -> String {
    s.chars().skip(start).take(end - start).collect()
}

/// Compare `actual` with testdata/golden/NAME, or rewrite the file when `UPDATE_EXPECT` is set.
pub fn check_golden(name: &str, actual: &str) {
    let golden = repo_root().join("testdata/golden").join(name);
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
        std::fs::write(&golden, actual).unwrap();
    } else {
        let expected = std::fs::read_to_string(&golden).unwrap_or_default();
        assert!(
            expected == actual,
            "output differs from {} — review the change and refresh with UPDATE_EXPECT=1",
            golden.display()
        );
    }
}
