//! Wires the stages: walk inputs, read, clean, store in batch transactions; counts and reports bad input.

use std::path::{Path, PathBuf};

use rasd_core::Article;
use rasd_ingest::{IngestError, Preparer, Skip};
use rasd_store::{Store, StoreError};

/// Files larger than this are reported and skipped without being read.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// Articles per database transaction.
pub const BATCH_SIZE: usize = 1000;

/// Totals of one ingest run.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub bytes: u64,
    pub new: usize,
    pub existing: usize,
    pub skipped: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} new, {} already stored, {} skipped",
            self.new, self.existing, self.skipped
        )
    }
}

/// An input file and the origin string it is reported under (the path as the user gave it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub path: PathBuf,
    pub origin: String,
}

/// Expand user paths into files: directories are walked recursively (hidden entries skipped) and
/// their files sorted by path, so the order is deterministic. Missing paths come back as skips.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<InputFile>, Vec<Skip>) {
    let mut files = Vec::new();
    let mut skips = Vec::new();
    for p in paths {
        let origin = p.display().to_string();
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let mut found = Vec::new();
                walk_dir(p, &mut found, &mut skips);
                found.sort_by(|a: &InputFile, b| a.path.cmp(&b.path));
                files.extend(found);
            }
            Ok(_) => files.push(InputFile {
                path: p.clone(),
                origin,
            }),
            Err(e) => skips.push(Skip {
                origin,
                error: IngestError::Io(e),
            }),
        }
    }
    (files, skips)
}

/// Files met while walking a directory that are project files, not news documents (a corpus
/// folder's README, the script that built it). Paths given explicitly are always read.
fn is_auxiliary_file(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    matches!(
        ext.as_str(),
        "md" | "py" | "sh" | "rs" | "toml" | "yaml" | "yml" | "lock" | "tsv" | "csv"
    ) || [
        "readme", "license", "licence", "notice", "copying", "manifest",
    ]
    .iter()
    .any(|p| name.starts_with(p))
}

fn walk_dir(root: &Path, files: &mut Vec<InputFile>, skips: &mut Vec<Skip>) {
    // Explicit stack (no recursion); the caller sorts the result.
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = match std::fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) => {
                skips.push(Skip {
                    origin: dir.display().to_string(),
                    error: IngestError::Io(e),
                });
                continue;
            }
        };
        let names: Vec<(PathBuf, bool)> = entries
            .filter_map(Result::ok)
            .filter(|e| {
                !e.file_name().to_string_lossy().starts_with('.') && !is_auxiliary_file(&e.path())
            })
            .map(|e| {
                let path = e.path();
                // Follow symlinks to files but not to directories (no cycles).
                let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
                (path, is_dir)
            })
            .collect();
        for (path, is_dir) in names {
            if is_dir {
                stack.push(path);
            } else {
                files.push(InputFile {
                    origin: path.display().to_string(),
                    path,
                });
            }
        }
    }
}

/// Receives progress and bad-input reports during an ingest.
pub trait Observer {
    fn skip(&mut self, skip: &Skip);
    fn file_done(&mut self, _file: &InputFile, _bytes: u64) {}
}

/// Reads, prepares and stores articles.
pub struct Ingestor<'s> {
    store: &'s mut Store,
    preparer: Preparer,
    pending: Vec<Article>,
    summary: Summary,
}

impl<'s> Ingestor<'s> {
    pub fn new(store: &'s mut Store, preparer: Preparer) -> Ingestor<'s> {
        Ingestor {
            store,
            preparer,
            pending: Vec::with_capacity(BATCH_SIZE),
            summary: Summary::default(),
        }
    }

    /// Ingest one file; bad records are reported to `obs` and counted, never returned as errors.
    /// Only a database failure is an error.
    pub fn ingest_file(
        &mut self,
        file: &InputFile,
        obs: &mut dyn Observer,
    ) -> Result<(), StoreError> {
        self.summary.files += 1;
        let bytes = match read_limited(&file.path) {
            Ok(b) => b,
            Err(error) => {
                self.report_skip(
                    Skip {
                        origin: file.origin.clone(),
                        error,
                    },
                    obs,
                );
                return Ok(());
            }
        };
        let len = bytes.len() as u64;
        self.ingest_bytes(&file.origin, &bytes, obs)?;
        self.summary.bytes += len;
        obs.file_done(file, len);
        Ok(())
    }

    /// Ingest a document already in memory (API uploads, tests).
    pub fn ingest_bytes(
        &mut self,
        origin: &str,
        bytes: &[u8],
        obs: &mut dyn Observer,
    ) -> Result<(), StoreError> {
        for record in rasd_ingest::read_document(origin, bytes) {
            match record.and_then(|raw| self.preparer.prepare(raw)) {
                Ok(article) => {
                    self.pending.push(article);
                    if self.pending.len() >= BATCH_SIZE {
                        self.flush()?;
                    }
                }
                Err(skip) => self.report_skip(skip, obs),
            }
        }
        Ok(())
    }

    /// Count and report a skipped input found outside `ingest_file` (e.g. a missing path).
    pub fn report_skip(&mut self, skip: Skip, obs: &mut dyn Observer) {
        self.summary.skipped += 1;
        obs.skip(&skip);
    }

    /// Store pending articles in one transaction.
    pub fn flush(&mut self) -> Result<(), StoreError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let counts = self.store.insert_articles(&self.pending)?;
        self.summary.new += counts.new;
        self.summary.existing += counts.existing;
        self.pending.clear();
        Ok(())
    }

    /// Flush and return the totals.
    pub fn finish(mut self) -> Result<Summary, StoreError> {
        self.flush()?;
        Ok(self.summary)
    }
}

fn read_limited(path: &Path) -> Result<Vec<u8>, IngestError> {
    let meta = std::fs::metadata(path)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(IngestError::TooLarge(format!(
            "{} bytes (limit {MAX_FILE_BYTES})",
            meta.len()
        )));
    }
    if meta.len() == 0 {
        return Err(IngestError::Empty);
    }
    Ok(std::fs::read(path)?)
}

/// Ingest `paths` into `store`: the whole batch in one call.
pub fn ingest_paths(
    store: &mut Store,
    paths: &[PathBuf],
    preparer: Preparer,
    obs: &mut dyn Observer,
) -> Result<Summary, StoreError> {
    let (files, skips) = collect_inputs(paths);
    let mut ing = Ingestor::new(store, preparer);
    for s in skips {
        ing.report_skip(s, obs);
    }
    for f in &files {
        ing.ingest_file(f, obs)?;
    }
    ing.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Collect(Vec<String>);
    impl Observer for Collect {
        fn skip(&mut self, skip: &Skip) {
            self.0.push(skip.to_string());
        }
    }

    fn tmpdir(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("rasd-pipeline-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn batch_survives_bad_files_and_reingest_is_idempotent() {
        let d = tmpdir("batch");
        std::fs::create_dir_all(d.join("sub")).unwrap();
        std::fs::write(
            d.join("a.txt"),
            " date 2025-12-20 التقى وزير الخارجية نظيره التركي.\nوبحثا وقف إطلاق النار.",
        )
        .unwrap();
        std::fs::write(
            d.join("b.jsonl"),
            "{\"text\":\"نص أول طويل بما يكفي.\"}\n{oops\n",
        )
        .unwrap();
        std::fs::write(d.join("empty.txt"), "").unwrap();
        std::fs::write(d.join("sub/bin.dat"), [0u8, 1, 2, 3, 255, 254]).unwrap();
        std::fs::write(d.join("sub/z.gz"), [0x1f, 0x8b, 8, 0, 0, 0]).unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let mut obs = Collect(Vec::new());
        let paths = vec![d.clone(), d.join("missing.txt")];
        let s = ingest_paths(&mut store, &paths, Preparer::default(), &mut obs).unwrap();
        assert_eq!((s.new, s.existing, s.skipped), (2, 0, 5), "{:?}", obs.0);
        assert!(obs
            .0
            .iter()
            .any(|m| m.contains("b.jsonl#2: malformed JSON")));
        assert!(obs.0.iter().any(|m| m.contains("empty.txt: empty file")));
        assert!(obs.0.iter().any(|m| m.contains("bin.dat: binary")));
        assert!(obs
            .0
            .iter()
            .any(|m| m.contains("z.gz: truncated or corrupt gzip")));
        assert!(obs.0.iter().any(|m| m.contains("missing.txt")));
        let s = ingest_paths(&mut store, &paths, Preparer::default(), &mut obs).unwrap();
        assert_eq!((s.new, s.existing), (0, 2));
        assert_eq!(store.article_count().unwrap(), 2);
        std::fs::remove_dir_all(&d).ok();
    }

    #[test]
    fn directory_walk_is_sorted_and_recursive() {
        let d = tmpdir("walk");
        for f in [
            "b.txt",
            "a/z.txt",
            "a/b/c.txt",
            ".hidden.txt",
            "c.txt",
            "README.md",
            "a/make.py",
            "LICENSE",
        ] {
            let p = d.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, "x").unwrap();
        }
        let (files, skips) = collect_inputs(std::slice::from_ref(&d));
        assert!(skips.is_empty());
        let rel: Vec<String> = files
            .iter()
            .map(|f| f.path.strip_prefix(&d).unwrap().display().to_string())
            .collect();
        assert_eq!(rel, vec!["a/b/c.txt", "a/z.txt", "b.txt", "c.txt"]);
        std::fs::remove_dir_all(&d).ok();
    }
}
