//! Wires the stages: walk inputs, read, clean, store in batch transactions; counts and reports bad input.

use std::path::{Path, PathBuf};

use rasd_core::{Article, Ymd};
use rasd_dedupe::{DedupeIndex, DocInput};
use rasd_ingest::{IngestError, Preparer, Skip};
use rasd_store::{EntityRow, MentionRow, NewArticle, Store, StoreError};

/// A failure that stops an ingest run (bad input never does).
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("stored dedupe state is unusable: {0}")]
    Dedupe(#[from] rasd_dedupe::Error),
    #[error("entity model: {0}")]
    Ner(#[from] rasd_ner::NerError),
}

/// PLOVER event mentions and quantity claims of one article, as JSON documents for the store.
fn code_events(
    article: &Article,
    entities: &[EntityRow],
    published: Option<Ymd>,
) -> (Vec<String>, Vec<String>) {
    let likes: Vec<rasd_events::EntityLike> = entities
        .iter()
        .map(|e| rasd_events::EntityLike {
            id: e.id.clone(),
            kind: e.kind.clone(),
            country: e.country.clone(),
            mentions: e
                .mentions
                .iter()
                .map(|m| rasd_core::Span::new(m.start, m.end))
                .collect(),
        })
        .collect();
    let events = rasd_events::code_article(&article.text, published, &likes);
    let claims = rasd_events::find_claims(&article.text, published, &likes);
    (
        events
            .iter()
            .filter_map(|e| serde_json::to_string(e).ok())
            .collect(),
        claims
            .iter()
            .filter_map(|c| serde_json::to_string(c).ok())
            .collect(),
    )
}

/// Entity recognition and resolution for new articles.
pub struct EntityAnnotator {
    recognizer: rasd_ner::Recognizer,
    resolver: rasd_ner::resolve::Resolver,
}

impl EntityAnnotator {
    /// The shipped model, gazetteer and actor list.
    pub fn load_default() -> Result<EntityAnnotator, PipelineError> {
        Ok(EntityAnnotator {
            recognizer: rasd_ner::Recognizer::load_default()?,
            resolver: rasd_ner::resolve::Resolver::load_default(),
        })
    }

    /// Entities of one article with mentions as char offsets into `article.text`. Ids that are
    /// only meaningful inside the article (lone unknown names) are scoped with `@<article id>`.
    pub fn annotate(&self, article: &Article) -> Vec<EntityRow> {
        let mentions = self.recognizer.recognize(&article.text);
        self.resolver
            .resolve(&mentions, &article.text)
            .into_iter()
            .map(|e| {
                let id = if e.is_article_local() {
                    format!("{}@{}", e.id, article.id)
                } else {
                    e.id.clone()
                };
                EntityRow {
                    id,
                    kind: e.kind.as_str().to_owned(),
                    name: e.name,
                    name_en: Some(e.name_en).filter(|n| !n.is_empty()),
                    country: e.country,
                    role: e.role,
                    wikidata: e.wikidata,
                    lat: e.lat,
                    lon: e.lon,
                    mentions: e
                        .mentions
                        .into_iter()
                        .map(|m| MentionRow {
                            article: article.id.clone(),
                            start: m.start,
                            end: m.end,
                            text: m.text,
                        })
                        .collect(),
                }
            })
            .collect()
    }
}

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

/// Reads, prepares, deduplicates/clusters and stores articles.
pub struct Ingestor<'s> {
    store: &'s mut Store,
    preparer: Preparer,
    dedupe: DedupeIndex,
    entities: Option<EntityAnnotator>,
    pending: Vec<NewArticle>,
    summary: Summary,
}

/// The dedupe index of everything stored so far, rebuilt from the per-article records.
pub fn load_dedupe_index(store: &Store) -> Result<DedupeIndex, PipelineError> {
    // Records come back in insertion order, which `from_record_bytes` relies on.
    let blobs = store.dedupe_records()?;
    Ok(DedupeIndex::from_record_bytes(
        rasd_dedupe::Config::default(),
        blobs,
    )?)
}

impl<'s> Ingestor<'s> {
    pub fn new(store: &'s mut Store, preparer: Preparer) -> Result<Ingestor<'s>, PipelineError> {
        let dedupe = load_dedupe_index(store)?;
        Ok(Ingestor {
            store,
            preparer,
            dedupe,
            entities: None,
            pending: Vec::with_capacity(BATCH_SIZE),
            summary: Summary::default(),
        })
    }

    /// Also recognize and resolve entities in every new article.
    pub fn with_entities(mut self, annotator: EntityAnnotator) -> Self {
        self.entities = Some(annotator);
        self
    }

    /// Ingest one file; bad records are reported to `obs` and counted, never returned as errors.
    /// Only a database failure is an error.
    pub fn ingest_file(
        &mut self,
        file: &InputFile,
        obs: &mut dyn Observer,
    ) -> Result<(), PipelineError> {
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
    ) -> Result<(), PipelineError> {
        for record in rasd_ingest::read_document(origin, bytes) {
            match record.and_then(|raw| self.preparer.prepare(raw)) {
                Ok(article) => self.add(article)?,
                Err(skip) => self.report_skip(skip, obs),
            }
        }
        Ok(())
    }

    /// Queue a prepared article: an id already known (stored or queued) is counted as existing;
    /// a new one gets its duplicate and story assignment.
    fn add(&mut self, mut article: Article) -> Result<(), PipelineError> {
        if self.dedupe.contains(&article.id) {
            self.summary.existing += 1;
            return Ok(());
        }
        let published = article.published.as_deref().and_then(Ymd::parse_iso);
        let assignment = self.dedupe.assign(&DocInput {
            id: &article.id,
            text: &article.text,
            title: article.title.as_deref(),
            published,
            outlet: article.outlet.as_deref(),
        });
        article.duplicate_of = assignment.duplicate_of;
        article.story = Some(assignment.story);
        let entities = self
            .entities
            .as_ref()
            .map(|a| a.annotate(&article))
            .unwrap_or_default();
        // Events and claims need actors: they are coded when entities are.
        let (events, claims) = if self.entities.is_some() {
            code_events(&article, &entities, published)
        } else {
            (Vec::new(), Vec::new())
        };
        self.pending.push(NewArticle {
            article,
            dedupe: Some(assignment.record.to_bytes()),
            entities,
            events,
            claims,
        });
        if self.pending.len() >= BATCH_SIZE {
            self.flush()?;
        }
        Ok(())
    }

    /// Count and report a skipped input found outside `ingest_file` (e.g. a missing path).
    pub fn report_skip(&mut self, skip: Skip, obs: &mut dyn Observer) {
        self.summary.skipped += 1;
        obs.skip(&skip);
    }

    /// Store pending articles in one transaction.
    pub fn flush(&mut self) -> Result<(), PipelineError> {
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
    pub fn finish(mut self) -> Result<Summary, PipelineError> {
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
) -> Result<Summary, PipelineError> {
    let (files, skips) = collect_inputs(paths);
    let mut ing = Ingestor::new(store, preparer)?;
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
    fn copies_point_to_the_first_and_stories_persist_across_runs() {
        let d = tmpdir("dedupe");
        let body = "أعلنت وزارة الخارجية القطرية اليوم أن وفدا من حركة حماس ووفدا إسرائيليا سيجتمعان في الدوحة الأسبوع المقبل لبحث تمديد وقف إطلاق النار في قطاع غزة وتبادل الأسرى، وقال المتحدث باسم الوزارة ماجد الأنصاري إن الوسطاء المصريين والقطريين يعملون على تقريب وجهات النظر بين الطرفين بشأن المرحلة الثانية من الاتفاق.";
        std::fs::write(d.join("a.txt"), format!(" date 2025-12-20 {body}")).unwrap();
        std::fs::write(
            d.join("b.jsonl"),
            format!("{{\"text\":\"{body}\",\"outlet\":\"B\",\"date\":\"2025-12-20\"}}\n"),
        )
        .unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let mut obs = Collect(Vec::new());
        let s = ingest_paths(
            &mut store,
            &[d.join("a.txt")],
            Preparer::default(),
            &mut obs,
        )
        .unwrap();
        assert_eq!(s.new, 1);
        // A second run rebuilds the index from the stored records and finds the copy.
        let s = ingest_paths(
            &mut store,
            &[d.join("b.jsonl")],
            Preparer::default(),
            &mut obs,
        )
        .unwrap();
        assert_eq!(s.new, 1);
        let mut arts = Vec::new();
        store
            .for_each_article(|a| {
                arts.push(a);
                Ok(())
            })
            .unwrap();
        assert_eq!(arts.len(), 2);
        assert_eq!(arts[1].duplicate_of.as_deref(), Some(arts[0].id.as_str()));
        assert!(arts[0].story.is_some());
        assert_eq!(arts[0].story, arts[1].story);
        std::fs::remove_dir_all(&d).ok();
    }

    #[test]
    fn entities_are_stored_with_offsets_into_the_clean_text() {
        let d = tmpdir("entities");
        std::fs::write(
            d.join("a.txt"),
            " date 2025-12-20 التقى رئيس جهاز المخابرات التركي إبراهيم قالن في إسطنبول أمس الجمعة وفدا من حركة حماس.\nوقال قالن إن المحادثات إيجابية.",
        )
        .unwrap();
        let mut store = Store::open_in_memory().unwrap();
        let mut obs = Collect(Vec::new());
        let mut ing = Ingestor::new(&mut store, Preparer::default())
            .unwrap()
            .with_entities(EntityAnnotator::load_default().unwrap());
        let files = collect_inputs(&[d.join("a.txt")]).0;
        ing.ingest_file(&files[0], &mut obs).unwrap();
        ing.finish().unwrap();
        let mut text = String::new();
        store
            .for_each_article(|a| {
                text = a.text;
                Ok(())
            })
            .unwrap();
        let mut ents = Vec::new();
        store
            .for_each_entity(|e| {
                ents.push(e);
                Ok(())
            })
            .unwrap();
        assert!(!ents.is_empty());
        for e in &ents {
            for m in &e.mentions {
                let slice: String = text.chars().skip(m.start).take(m.end - m.start).collect();
                assert_eq!(slice, m.text, "{}", e.id);
            }
        }
        let kalin = ents
            .iter()
            .find(|e| e.mentions.iter().any(|m| m.text == "قالن"))
            .expect("Kalin found");
        assert_eq!(kalin.kind, "person");
        assert!(
            kalin.mentions.len() >= 2,
            "full name and surname resolve to one entity: {kalin:?}"
        );
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
