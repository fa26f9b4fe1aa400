//! Cross-source merge: mentions of the same real-world event from many articles become one [`Event`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rasd_core::Ymd;
use serde::{Deserialize, Serialize};

use crate::{stable_id, EventMention, EventType, Mode};

/// The coded mentions of one article with what the merge needs to count sources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CodedArticle {
    pub article: String,
    pub outlet: Option<String>,
    /// Id of the earliest stored copy when this article is a duplicate (dedupe stage).
    pub duplicate_of: Option<String>,
    /// The dedupe story of the article: mentions with no named actor merge only within a story.
    #[serde(default)]
    pub story: Option<String>,
    pub mentions: Vec<EventMention>,
}

/// A mention inside a merged event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergedMention {
    pub article: String,
    pub outlet: Option<String>,
    #[serde(flatten)]
    pub mention: EventMention,
}

/// Sources disagree on a field of a merged event; every value is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// `date` or `location`.
    pub field: String,
    pub values: Vec<String>,
}

/// One real-world event with all its mentions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: String,
    #[serde(rename = "type")]
    pub event_type: EventType,
    pub cameo: String,
    pub mode: Mode,
    /// PLOVER contexts: the union of the mentions' contexts, sorted.
    #[serde(default)]
    pub contexts: Vec<String>,
    pub source: Vec<String>,
    pub target: Vec<String>,
    pub location: Option<String>,
    pub date: Option<String>,
    pub date_precision: String,
    /// Distinct articles, a duplicate counted with its original.
    pub num_articles: usize,
    /// Distinct outlets among those articles.
    pub num_sources: usize,
    pub mentions: Vec<MergedMention>,
    pub conflicts: Vec<Conflict>,
}

/// True when two event dates can denote the same event: ±1 day for day-level dates, else equal or nested.
pub(crate) fn dates_compatible(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => match (Ymd::parse_iso(a), Ymd::parse_iso(b)) {
            (Some(x), Some(y)) if a.len() == 10 && b.len() == 10 => {
                (x.day_number() - y.day_number()).abs() <= 1
            }
            _ => a.starts_with(b) || b.starts_with(a),
        },
        _ => true,
    }
}

/// Whether an actor id names an actor (an unnamed "الشرطة" could be any police).
fn is_named(id: &str) -> bool {
    !id.starts_with(crate::coder::UNNAMED_PREFIX)
}

/// The actors that identify an event across articles: named ones.
pub(crate) fn actors(m: &EventMention) -> BTreeSet<&str> {
    m.source
        .iter()
        .chain(&m.target)
        .map(String::as_str)
        .filter(|a| is_named(a))
        .collect()
}

/// True when a named actor is the source of one mention and the target of the other: "the Arab
/// states cut ties with Qatar" and "Qatar must cut ties with Iran" are two events, and so are an
/// accusation and the accused's counter-accusation (symmetric types have no roles).
fn reversed_roles(a: &EventMention, b: &EventMention) -> bool {
    let named = |x: &&String| is_named(x);
    !crate::coder::is_symmetric(a.event_type)
        && (a.source.iter().filter(named).any(|x| b.target.contains(x))
            || a.target.iter().filter(named).any(|x| b.source.contains(x)))
}

/// True when both mentions name a party in the same role and none of them in common: "Qatar
/// supported militants in Libya" and "Qatar supported Turkey" are two acts of support, "Israel
/// struck Gaza" and "UNICEF struck Yemen" two strikes. Places are left out of the targets (one
/// strike is "on a tunnel under the border", "on Rafah" and "near Egypt" in three reports), and
/// symmetric types have no roles.
fn different_parties(a: &EventMention, b: &EventMention) -> bool {
    let named = |x: &&String| is_named(x);
    let party = |x: &&String| is_named(x) && !x.starts_with("location:");
    let disjoint = |p: &[String], q: &[String], keep: &dyn Fn(&&String) -> bool| {
        let mut p = p.iter().filter(|x| keep(x)).peekable();
        let q: Vec<&String> = q.iter().filter(|x| keep(x)).collect();
        p.peek().is_some() && !q.is_empty() && p.all(|x| !q.contains(&x))
    };
    !crate::coder::is_symmetric(a.event_type)
        && (disjoint(&a.source, &b.source, &named) || disjoint(&a.target, &b.target, &party))
}

/// True when mention `m` may join group `g`: against every member the type and negated-ness are the
/// same, the actor sets overlap (a mention without actors never joins) without an actor in
/// opposite roles or different parties in one role, and the dates are compatible; and at least one member agrees on the place
/// (unknown agrees; a different place only on the very same date).
fn joins(g: &[MergedMention], m: &EventMention) -> bool {
    let mine = actors(m);
    !mine.is_empty()
        && g.iter().all(|o| {
            let o = &o.mention;
            same_kind_and_date(o, m)
                && !mine.is_disjoint(&actors(o))
                && !reversed_roles(m, o)
                && !different_parties(m, o)
        })
        && place_agrees(g, m)
}

/// Whether two mentions have the same type and negated-ness and compatible dates.
fn same_kind_and_date(o: &EventMention, m: &EventMention) -> bool {
    o.event_type == m.event_type
        && (o.mode == Mode::Negated) == (m.mode == Mode::Negated)
        && dates_compatible(o.date.as_deref(), m.date.as_deref())
}

/// Whether a member of `g` agrees with `m` on the place: unknown on either side agrees, a
/// different place only on the very same date.
fn place_agrees(g: &[MergedMention], m: &EventMention) -> bool {
    g.iter().any(|o| match (&o.mention.location, &m.location) {
        (Some(a), Some(b)) if a != b => o.mention.date == m.date,
        _ => true,
    })
}

/// True when mention `m` of `article` (in `story`), which names no actor, may join group `g`:
/// every member names no actor either, comes from another article of the same story (`story_of`
/// gives each member's), has the same type and negated-ness and a compatible date, both dates
/// known; a member agrees on the place ([`place_agrees`]); and a member's evidence sentence shares
/// at least two content words with the mention's (a story about a strike also reports the
/// demands, a hospital's answer, last week's march). The same strike reported by three
/// outlets ("إضراب المعلمين", no named actor) is one event; without a story link (the story
/// step groups reports of one development) actor-less mentions never merge, as two unnamed
/// "protests" of one day are as likely two protests.
fn joins_story(
    g: &[MergedMention],
    article: &str,
    story: &str,
    m: &EventMention,
    story_of: &HashMap<String, String>,
) -> bool {
    actors(m).is_empty()
        && m.date.is_some()
        && !g.is_empty()
        && g.iter().all(|o| {
            let om = &o.mention;
            o.article != article
                && story_of.get(&o.article).map(String::as_str) == Some(story)
                && actors(om).is_empty()
                && om.date.is_some()
                && same_kind_and_date(om, m)
        })
        && place_agrees(g, m)
        && {
            let mine = content_stems(&m.text);
            g.iter()
                .any(|o| content_stems(&o.mention.text).intersection(&mine).count() >= 2)
        }
}

/// The content words of an evidence sentence: folded, conjunction/preposition/article removed
/// (the shortest reading of `rasd_text::strip_clitics`), letters only, at least four letters
/// left ("بالإضراب" and "إضراب" are both "اضراب"; "اليوم", "التي" are dropped).
fn content_stems(text: &str) -> BTreeSet<String> {
    /// Function words of four letters or more (folded), which say nothing about the event.
    const FUNCTION_WORDS: &[&str] = &[
        "التي",
        "الذي",
        "الذين",
        "اللذين",
        "اللتين",
        "اللواتي",
        "هذه",
        "هذا",
        "هذان",
        "هاتان",
        "ذلك",
        "تلك",
        "هناك",
        "هنالك",
        "خلال",
        "كانت",
        "ايضا",
        "حتي",
        "لكن",
        "بينما",
        "اثناء",
        "عندما",
        "انها",
        "انهم",
        "اكثر",
    ];
    rasd_text::fold(text)
        .split(|c: char| !c.is_alphabetic())
        .filter_map(|w| rasd_text::strip_clitics(w).pop())
        .filter(|w| w.chars().count() >= 4 && !FUNCTION_WORDS.contains(&w.as_str()))
        .collect()
}

/// Index key of the actor-less mentions of one story (beside the actor keys; no actor id starts
/// with a control character).
fn story_key(story: &str) -> String {
    format!("\u{1}story:{story}")
}

/// The keys a mention is indexed and looked up under (with its type and negated-ness): its
/// named actors, or, when it names none, its article's story.
fn index_keys<'a>(m: &'a EventMention, story: Option<&str>) -> impl Iterator<Item = String> + 'a {
    let named = actors(m);
    let story = story.filter(|_| named.is_empty()).map(story_key);
    named.into_iter().map(str::to_string).chain(story)
}

/// How a mention's date is indexed: a day number for day-level dates, else the date string
/// (month, year, range, or an unparsable value), or none.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum DateKey {
    Day(i64),
    Coarse(String),
    Unknown,
}

fn date_key(date: Option<&str>) -> DateKey {
    match date {
        None => DateKey::Unknown,
        Some(d) => match Ymd::parse_iso(d) {
            Some(y) if d.len() == 10 => DateKey::Day(y.day_number()),
            _ => DateKey::Coarse(d.to_string()),
        },
    }
}

/// Candidate groups of one (type, negated, actor): every group that has a member with that actor,
/// bucketed by the members' dates. A group is listed under the date of each of its members.
#[derive(Debug, Default)]
struct Bucket {
    by_day: HashMap<i64, Vec<usize>>,
    coarse: BTreeMap<String, Vec<usize>>,
    undated: Vec<usize>,
}

impl Bucket {
    fn add(&mut self, key: &DateKey, group: usize) {
        let list = match key {
            DateKey::Day(d) => self.by_day.entry(*d).or_default(),
            DateKey::Coarse(s) => self.coarse.entry(s.clone()).or_default(),
            DateKey::Unknown => &mut self.undated,
        };
        // Groups are numbered in creation order, so a repeated registration is always the last one.
        if list.last() != Some(&group) {
            list.push(group);
        }
    }

    /// Every group that can be date-compatible with a mention of this date (a superset; `joins` decides).
    fn candidates(&self, date: Option<&str>, key: &DateKey, out: &mut Vec<usize>) {
        match key {
            DateKey::Day(d) => {
                // Day-level members: within ±1 day. Coarse members: a prefix of the date ("2025-12")
                // or a value that starts with it (a range "2025-12-03/2025-12-09").
                for n in [d - 1, *d, d + 1] {
                    out.extend(self.by_day.get(&n).into_iter().flatten());
                }
                let date = date.unwrap_or("");
                for (i, _) in date
                    .char_indices()
                    .chain(std::iter::once((date.len(), ' ')))
                {
                    if let Some(p) = date.get(..i) {
                        out.extend(self.coarse.get(p).into_iter().flatten());
                    }
                }
                for (k, v) in self
                    .coarse
                    .range::<str, _>((std::ops::Bound::Excluded(date), std::ops::Bound::Unbounded))
                {
                    if !k.starts_with(date) {
                        break;
                    }
                    out.extend(v);
                }
                out.extend(&self.undated);
            }
            // Month, year and range dates are rare: every group of this actor is a candidate.
            DateKey::Coarse(_) | DateKey::Unknown => {
                out.extend(self.by_day.values().flatten());
                out.extend(self.coarse.values().flatten());
                out.extend(&self.undated);
            }
        }
    }
}

/// The state of the merge after some mentions: the groups in creation order and their index.
/// [`merge`] pushes every mention into an empty one; the incremental `materialize` first seeds
/// it with the stored events that new mentions may join (in their stored order), then pushes the
/// new mentions, which gives the groups a full merge would give (see `table.rs`).
#[derive(Debug, Default)]
pub(crate) struct Merger {
    groups: Vec<Vec<MergedMention>>,
    index: HashMap<(EventType, bool, String), Bucket>,
    /// (article, type, negated, evidence key) → ((evidence start, trigger start), group) of that
    /// article's first such mention (by position: the same whatever order the groups were
    /// built in, so an incremental merge picks what a full one picks): a copy's mention of the
    /// same sentence joins it (see [`Merger::push`]).
    by_sentence: HashMap<u64, ((usize, usize), usize)>,
    /// Story of every article with a mention registered (for [`joins_story`]).
    story_of: HashMap<String, String>,
    cands: Vec<usize>,
}

/// Key of a mention of `article` for [`Merger::by_sentence`]: a hash of the article, the type,
/// negated-ness and the words of the evidence sentence (whitespace runs do not count: copies
/// differ in spacing). Hashed rather than kept as strings: every mention of a full recompute
/// is registered, and no string is built per mention.
fn sentence_key(article: &str, m: &EventMention) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    article.hash(&mut h);
    m.event_type.hash(&mut h);
    (m.mode == Mode::Negated).hash(&mut h);
    // `str`'s `Hash` ends each word with a separator byte, so word boundaries count.
    m.text.split_whitespace().for_each(|w| w.hash(&mut h));
    h.finish()
}

impl Merger {
    /// Add an existing group (a stored event's mentions) after every group so far, with the
    /// story of each member's article; returns its number.
    pub(crate) fn seed(
        &mut self,
        members: Vec<MergedMention>,
        story_of: &dyn Fn(&str) -> Option<String>,
    ) -> usize {
        let gi = self.groups.len();
        for m in &members {
            let story = story_of(&m.article);
            self.register(&m.article, story.as_deref(), &m.mention, gi);
        }
        self.groups.push(members);
        gi
    }

    fn register(&mut self, article: &str, story: Option<&str>, m: &EventMention, gi: usize) {
        if let Some(st) = story {
            if !self.story_of.contains_key(article) {
                self.story_of.insert(article.to_string(), st.to_string());
            }
        }
        self.by_sentence
            .entry(sentence_key(article, m))
            .and_modify(|e| {
                if (m.start, m.trigger.start) < e.0 {
                    *e = ((m.start, m.trigger.start), gi);
                }
            })
            .or_insert(((m.start, m.trigger.start), gi));
        let key = date_key(m.date.as_deref());
        for a in index_keys(m, story) {
            self.index
                .entry((m.event_type, m.mode == Mode::Negated, a))
                .or_default()
                .add(&key, gi);
        }
    }

    /// Merge one mention: in a copy of an article (`duplicate_of`) a mention of the same type
    /// and polarity in the same sentence as one of the original's joins that mention's event
    /// (whatever its actors: without this, a mention with no named actor made one event per
    /// copy); otherwise it joins the earliest-created compatible group ([`joins`], or for a
    /// mention without named actors [`joins_story`] within the article's `story`), else starts a
    /// new one. Returns the number of its group.
    pub(crate) fn push(
        &mut self,
        article: &str,
        outlet: Option<&str>,
        duplicate_of: Option<&str>,
        story: Option<&str>,
        m: EventMention,
    ) -> usize {
        let negated = m.mode == Mode::Negated;
        if let Some(&(_, gi)) =
            duplicate_of.and_then(|orig| self.by_sentence.get(&sentence_key(orig, &m)))
        {
            return self.add_to(gi, article, outlet, story, m);
        }
        let key = date_key(m.date.as_deref());
        self.cands.clear();
        for a in index_keys(&m, story) {
            if let Some(b) = self.index.get(&(m.event_type, negated, a)) {
                b.candidates(m.date.as_deref(), &key, &mut self.cands);
            }
        }
        self.cands.sort_unstable();
        self.cands.dedup();
        let (groups, story_of) = (&self.groups, &self.story_of);
        let found = self.cands.iter().copied().find(|&i| {
            groups.get(i).is_some_and(|g| {
                joins(g, &m) || story.is_some_and(|st| joins_story(g, article, st, &m, story_of))
            })
        });
        let gi = match found {
            Some(i) => i,
            None => {
                self.groups.push(Vec::new());
                self.groups.len() - 1
            }
        };
        self.add_to(gi, article, outlet, story, m)
    }

    /// Put the mention into group `gi` and index it there; returns `gi`.
    fn add_to(
        &mut self,
        gi: usize,
        article: &str,
        outlet: Option<&str>,
        story: Option<&str>,
        m: EventMention,
    ) -> usize {
        self.register(article, story, &m, gi);
        if let Some(g) = self.groups.get_mut(gi) {
            g.push(MergedMention {
                article: article.to_string(),
                outlet: outlet.map(str::to_string),
                mention: m,
            });
        }
        gi
    }

    /// The groups, in creation order.
    pub(crate) fn into_groups(self) -> Vec<Vec<MergedMention>> {
        self.groups
    }
}

/// How the merge counts articles: each article's original (`duplicate_of`, else itself) and the
/// outlet of the originals that have coded mentions.
#[derive(Debug, Default)]
pub(crate) struct Sources<'a> {
    canonical: BTreeMap<&'a str, &'a str>,
    outlet_of: BTreeMap<&'a str, Option<&'a str>>,
}

impl<'a> Sources<'a> {
    /// Record one article; `has_mentions` says whether its own outlet is counted for its copies
    /// (the full merge only knows the outlets of articles with coded mentions).
    pub(crate) fn add(
        &mut self,
        article: &'a str,
        outlet: Option<&'a str>,
        duplicate_of: Option<&'a str>,
        has_mentions: bool,
    ) {
        self.canonical
            .insert(article, duplicate_of.unwrap_or(article));
        if has_mentions {
            self.outlet_of.insert(article, outlet);
        }
    }
}

/// Groups mentions from many articles into events (see docs/EVENTS.md for the rule); deterministic in input order.
///
/// Each mention joins the earliest-created group it is compatible with, else starts a new one. A
/// compatible group shares an actor with the mention and has a date-compatible member, so only the
/// groups indexed under (type, negated, actor) and a nearby date are checked: O(mentions × candidates),
/// not O(mentions × groups).
pub fn merge(articles: &[CodedArticle]) -> Vec<Event> {
    let mut merger = Merger::default();
    for art in articles {
        for m in &art.mentions {
            merger.push(
                &art.article,
                art.outlet.as_deref(),
                art.duplicate_of.as_deref(),
                art.story.as_deref(),
                m.clone(),
            );
        }
    }
    events_of(merger, articles)
}

/// [`merge`] that moves the mentions out of `articles` instead of copying them (half the memory
/// of a full recompute at 100k articles).
pub(crate) fn merge_owned(mut articles: Vec<CodedArticle>) -> Vec<Event> {
    let mut merger = Merger::default();
    for art in &mut articles {
        for m in std::mem::take(&mut art.mentions) {
            merger.push(
                &art.article,
                art.outlet.as_deref(),
                art.duplicate_of.as_deref(),
                art.story.as_deref(),
                m,
            );
        }
    }
    events_of(merger, &articles)
}

fn events_of(merger: Merger, articles: &[CodedArticle]) -> Vec<Event> {
    let mut sources = Sources::default();
    for a in articles {
        sources.add(
            &a.article,
            a.outlet.as_deref(),
            a.duplicate_of.as_deref(),
            true,
        );
    }
    merger
        .into_groups()
        .into_iter()
        .filter_map(|g| build_event(g, &sources))
        .collect()
}

/// The event of one group of mentions (`None` for an empty group).
pub(crate) fn build_event(g: Vec<MergedMention>, sources: &Sources<'_>) -> Option<Event> {
    let canonical = &sources.canonical;
    let outlet_of = &sources.outlet_of;
    let first = g.first()?.mention.clone();
    let canon: BTreeSet<&str> = g
        .iter()
        .map(|m| {
            canonical
                .get(m.article.as_str())
                .copied()
                .unwrap_or(m.article.as_str())
        })
        .collect();
    let outlets: BTreeSet<String> = canon
        .iter()
        .map(|c| {
            // A duplicate's original may be outside this batch: fall back to the mention's own outlet.
            let own = g
                .iter()
                .find(|m| canonical.get(m.article.as_str()).copied() == Some(*c))
                .and_then(|m| m.outlet.as_deref());
            match outlet_of.get(c).copied().flatten().or(own) {
                Some(o) => format!("outlet:{o}"),
                None => format!("article:{c}"),
            }
        })
        .collect();
    let mut source: Vec<String> = Vec::new();
    let mut target: Vec<String> = Vec::new();
    for m in &g {
        for s in &m.mention.source {
            if !source.contains(s) {
                source.push(s.clone());
            }
        }
    }
    for m in &g {
        for t in &m.mention.target {
            if !source.contains(t) && !target.contains(t) {
                target.push(t.clone());
            }
        }
    }
    // Best-known date: the first mention with a date from the text, else the publication fallback.
    let dated = g
        .iter()
        .find(|m| m.mention.date_precision != "publication" && m.mention.date.is_some())
        .unwrap_or(&g[0]);
    let location = g.iter().find_map(|m| m.mention.location.clone());
    let mut conflicts = Vec::new();
    let distinct = |f: &dyn Fn(&MergedMention) -> Option<String>| -> Vec<String> {
        let mut v: Vec<String> = Vec::new();
        for m in &g {
            if let Some(x) = f(m) {
                if !v.contains(&x) {
                    v.push(x);
                }
            }
        }
        v
    };
    let dates = distinct(&|m| {
        (m.mention.date_precision != "publication")
            .then(|| m.mention.date.clone())
            .flatten()
    });
    if dates.len() > 1 {
        conflicts.push(Conflict {
            field: "date".into(),
            values: dates,
        });
    }
    let places = distinct(&|m| m.mention.location.clone());
    if places.len() > 1 {
        conflicts.push(Conflict {
            field: "location".into(),
            values: places,
        });
    }
    let mode = if g.iter().any(|m| m.mention.mode == Mode::Asserted) {
        Mode::Asserted
    } else {
        first.mode
    };
    // The id names the group's first mention (in input order, i.e. article insertion order): the
    // same mentions give the same id, and neither later articles joining the event nor unrelated
    // articles change it.
    let id = stable_id(&[
        first.event_type.as_str(),
        &g[0].article,
        &first.start.to_string(),
        &first.trigger.start.to_string(),
    ]);
    let date = dated.mention.date.clone();
    let contexts: BTreeSet<String> = g
        .iter()
        .flat_map(|m| m.mention.contexts.iter().cloned())
        .collect();
    Some(Event {
        id,
        event_type: first.event_type,
        cameo: first.cameo.clone(),
        mode,
        contexts: contexts.into_iter().collect(),
        source,
        target,
        location,
        date,
        date_precision: dated.mention.date_precision.clone(),
        num_articles: canon.len(),
        num_sources: outlets.len(),
        mentions: g,
        conflicts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rasd_core::Span;

    fn mention(ty: EventType, src: &str, tgt: &str, date: &str) -> EventMention {
        EventMention {
            event_type: ty,
            cameo: "040".into(),
            mode: Mode::Asserted,
            reported: false,
            source: vec![src.into()],
            target: vec![tgt.into()],
            location: None,
            date: Some(date.into()),
            date_precision: "day".into(),
            start: 0,
            end: 5,
            text: "التقى".into(),
            trigger: Span::new(0, 5),
            trigger_text: "التقى".into(),
            attributed_to: None,
            attributed_to_text: None,
            quote: false,
            contexts: Vec::new(),
        }
    }

    fn article(id: &str, outlet: &str, dup: Option<&str>, m: Vec<EventMention>) -> CodedArticle {
        CodedArticle {
            article: id.into(),
            outlet: Some(outlet.into()),
            duplicate_of: dup.map(Into::into),
            story: None,
            mentions: m,
        }
    }

    #[test]
    fn a_copys_mention_of_the_same_sentence_joins_the_original_event_without_actors() {
        let unnamed = |text: &str| EventMention {
            source: Vec::new(),
            target: Vec::new(),
            text: text.into(),
            ..mention(EventType::Assault, "", "", "2025-12-01")
        };
        let sentence = "قتل ثلاثة أشخاص في  اشتباكات";
        let arts = vec![
            article("a", "X", None, vec![unnamed(sentence)]),
            // The copy: same sentence (other spacing), and one sentence of its own.
            article(
                "b",
                "Y",
                Some("a"),
                vec![
                    unnamed("قتل ثلاثة أشخاص في اشتباكات"),
                    unnamed("هاجم مسلحون"),
                ],
            ),
            // Not a copy: the same words in an independent article stay a separate event.
            article("c", "Z", None, vec![unnamed(sentence)]),
        ];
        let ev = merge(&arts);
        assert_eq!(ev.len(), 4 - 1);
        let first = ev.first().unwrap();
        assert_eq!(first.mentions.len(), 2);
        assert_eq!(first.num_articles, 1, "a copy counts with its original");
        assert!(ev.iter().skip(1).all(|e| e.mentions.len() == 1));
    }

    #[test]
    fn mentions_without_actors_merge_within_a_story_only() {
        let strike = |date: Option<&str>, start: usize| EventMention {
            source: Vec::new(),
            target: Vec::new(),
            date: date.map(Into::into),
            start,
            text: "ونفذ أساتذة التعليم الثانوي إضرابا".into(),
            ..mention(EventType::Protest, "", "", "2017-04-12")
        };
        let in_story = |id: &str, story: Option<&str>, ms: Vec<EventMention>| CodedArticle {
            story: story.map(Into::into),
            ..article(id, id, None, ms)
        };
        let d = Some("2017-04-12");
        // Three outlets report one strike: one event with three sources.
        let arts = vec![
            in_story("a", Some("s1"), vec![strike(Some("2017-04-11"), 0)]),
            in_story("b", Some("s1"), vec![strike(d, 0)]),
            in_story("c", Some("s1"), vec![strike(d, 0)]),
        ];
        let events = merge(&arts);
        assert_eq!(events.len(), 1, "{events:#?}");
        assert_eq!(events[0].num_sources, 3);
        // Without a shared story, or with none, they stay apart (as before).
        let arts = vec![
            in_story("a", Some("s1"), vec![strike(d, 0)]),
            in_story("b", Some("s2"), vec![strike(d, 0)]),
            in_story("c", None, vec![strike(d, 0)]),
        ];
        assert_eq!(merge(&arts).len(), 3);
        // Two mentions of one article, a negated one, an undated one, one three days later, and
        // one with a named actor stay apart too.
        let negated = EventMention {
            mode: Mode::Negated,
            ..strike(d, 0)
        };
        let named = EventMention {
            source: vec!["org:ugtt".into()],
            ..strike(d, 0)
        };
        // So does a sentence of the story about something else (one content word in common).
        let other = EventMention {
            text: "وطالب الأولياء بتعويض الدروس بعد الإضراب".into(),
            ..strike(d, 0)
        };
        let arts = vec![
            in_story("a", Some("s1"), vec![strike(d, 0), strike(d, 10)]),
            in_story("b", Some("s1"), vec![negated]),
            in_story("c", Some("s1"), vec![strike(None, 0)]),
            in_story("d", Some("s1"), vec![strike(Some("2017-04-15"), 0)]),
            in_story("e", Some("s1"), vec![named]),
            in_story("f", Some("s1"), vec![other]),
        ];
        assert_eq!(merge(&arts).len(), 7);
        assert_eq!(
            content_stems("بالإضراب والتعليم اليوم التي"),
            ["اضراب", "تعليم"].into_iter().map(String::from).collect()
        );
    }

    #[test]
    fn two_meetings_of_the_same_people_on_different_dates_stay_apart() {
        let arts = vec![
            article(
                "a",
                "X",
                None,
                vec![mention(EventType::Consult, "egy", "jor", "2025-12-01")],
            ),
            article(
                "b",
                "Y",
                None,
                vec![mention(EventType::Consult, "jor", "egy", "2025-12-10")],
            ),
        ];
        let ev = merge(&arts);
        assert_eq!(ev.len(), 2);
    }

    #[test]
    fn same_meeting_from_three_outlets_is_one_event_and_a_duplicate_is_not_counted() {
        let m = |d: &str| mention(EventType::Consult, "egy", "jor", d);
        let arts = vec![
            article("a", "X", None, vec![m("2025-12-01")]),
            article("b", "Y", None, vec![m("2025-12-02")]),
            article("c", "Z", Some("a"), vec![m("2025-12-01")]),
        ];
        let ev = merge(&arts);
        assert_eq!(ev.len(), 1);
        assert_eq!(ev[0].mentions.len(), 3);
        assert_eq!(ev[0].num_articles, 2);
        assert_eq!(ev[0].num_sources, 2);
        assert_eq!(ev[0].conflicts.len(), 1, "2025-12-01 vs 2025-12-02 is kept");
    }

    #[test]
    fn an_actor_in_opposite_roles_keeps_two_events_apart() {
        let arts = vec![
            article(
                "a1",
                "o1",
                None,
                vec![mention(
                    EventType::Accuse,
                    "location:sau",
                    "location:qat",
                    "2017-06-05",
                )],
            ),
            article(
                "a2",
                "o2",
                None,
                vec![mention(
                    EventType::Accuse,
                    "location:qat",
                    "location:sau",
                    "2017-06-05",
                )],
            ),
            article(
                "a3",
                "o3",
                None,
                vec![mention(
                    EventType::Accuse,
                    "location:sau",
                    "location:qat",
                    "2017-06-06",
                )],
            ),
        ];
        let evs = merge(&arts);
        assert_eq!(evs.len(), 2, "{evs:?}");
        assert_eq!(evs[0].num_articles, 2);
    }

    #[test]
    fn different_parties_in_one_role_keep_two_events_apart_but_places_do_not() {
        let m = |src: &str, tgt: &str, date: &str| mention(EventType::Support, src, tgt, date);
        let arts = vec![
            article(
                "a1",
                "o1",
                None,
                vec![m("location:qat", "org:isis", "2017-06-07")],
            ),
            article(
                "a2",
                "o2",
                None,
                vec![m("location:qat", "person:erdogan", "2017-06-07")],
            ),
            // Another source of the same target: another act of support.
            article(
                "a3",
                "o3",
                None,
                vec![m("location:tur", "org:isis", "2017-06-07")],
            ),
        ];
        assert_eq!(merge(&arts).len(), 3);
        // Target places differ between reports of one strike: one event.
        let s = |tgt: &str| mention(EventType::Assault, "location:isr", tgt, "2017-02-09");
        let arts = vec![
            article("b1", "o1", None, vec![s("location:rafah")]),
            article("b2", "o2", None, vec![s("location:egy")]),
        ];
        let evs = merge(&arts);
        assert_eq!(evs.len(), 1, "{evs:?}");
        assert_eq!(evs[0].num_articles, 2);
    }

    #[test]
    fn different_types_or_disjoint_actors_do_not_merge() {
        let arts = vec![
            article(
                "a",
                "X",
                None,
                vec![mention(EventType::Consult, "egy", "jor", "2025-12-01")],
            ),
            article(
                "b",
                "Y",
                None,
                vec![mention(EventType::Assault, "egy", "jor", "2025-12-01")],
            ),
            article(
                "c",
                "Y",
                None,
                vec![mention(EventType::Consult, "fra", "deu", "2025-12-01")],
            ),
        ];
        assert_eq!(merge(&arts).len(), 3);
    }

    /// The straightforward merge: every mention checks every group in creation order.
    fn reference_merge(articles: &[CodedArticle]) -> Vec<Vec<(String, usize, EventType)>> {
        let mut groups: Vec<Vec<MergedMention>> = Vec::new();
        let story_of: HashMap<String, String> = articles
            .iter()
            .filter_map(|a| Some((a.article.clone(), a.story.clone()?)))
            .collect();
        for art in articles {
            for m in &art.mentions {
                let mm = MergedMention {
                    article: art.article.clone(),
                    outlet: art.outlet.clone(),
                    mention: m.clone(),
                };
                let fits = |g: &Vec<MergedMention>| {
                    joins(g, m)
                        || art
                            .story
                            .as_deref()
                            .is_some_and(|st| joins_story(g, &art.article, st, m, &story_of))
                };
                match groups.iter_mut().find(|g| fits(g)) {
                    Some(g) => g.push(mm),
                    None => groups.push(vec![mm]),
                }
            }
        }
        groups
            .iter()
            .map(|g| {
                g.iter()
                    .map(|m| (m.article.clone(), m.mention.start, m.mention.event_type))
                    .collect()
            })
            .collect()
    }

    fn shape(events: &[Event]) -> Vec<Vec<(String, usize, EventType)>> {
        events
            .iter()
            .map(|e| {
                e.mentions
                    .iter()
                    .map(|m| (m.article.clone(), m.mention.start, m.mention.event_type))
                    .collect()
            })
            .collect()
    }

    const DATES: [&str; 12] = [
        "2025-12-01",
        "2025-12-02",
        "2025-12-03",
        "2025-12-05",
        "2025-11-30",
        "2025-12",
        "2025-11",
        "2025",
        "2025-12-01/2025-12-07",
        "2025-12-02/2025-12-08",
        "bogus-date",
        "",
    ];
    const ACTORS: [&str; 5] = ["egy", "jor", "isr", "usa", "irn"];
    /// Evidence sentences: the first and last share two content words, the others fewer.
    const TEXTS: [&str; 3] = [
        "إضراب أساتذة التعليم",
        "اعتصام عمال الفسفاط",
        "إضراب عمال التعليم",
    ];
    const PLACES: [&str; 3] = ["", "location:cairo", "location:amman"];

    /// (type, negated, actor bits, date index, place index) → a mention.
    fn arb_articles() -> impl Strategy<Value = Vec<CodedArticle>> {
        let spec = (0usize..3, any::<bool>(), 0u8..32, 0usize..12, 0usize..3);
        proptest::collection::vec(proptest::collection::vec(spec, 0..5), 0..25).prop_map(|arts| {
            arts.into_iter()
                .enumerate()
                .map(|(ai, ms)| CodedArticle {
                    article: format!("a{ai}"),
                    outlet: Some(format!("o{}", ai % 4)),
                    duplicate_of: None,
                    // Three stories and some articles without one.
                    story: Some(format!("s{}", ai % 4)).filter(|_| ai % 4 != 3),
                    mentions: ms
                        .into_iter()
                        .enumerate()
                        .map(|(mi, (ty, neg, bits, d, p))| {
                            let ty =
                                [EventType::Consult, EventType::Assault, EventType::Request][ty];
                            let mut m = mention(ty, "", "", DATES[d]);
                            // A quarter of the mentions name no actor (the story rule's case).
                            let bits = if bits >= 24 { 0 } else { bits };
                            let who: Vec<String> = ACTORS
                                .iter()
                                .enumerate()
                                .filter(|(i, _)| bits & (1 << i) != 0)
                                .map(|(_, a)| a.to_string())
                                .collect();
                            m.source = who.iter().take(1).cloned().collect();
                            m.target = who.iter().skip(1).cloned().collect();
                            if neg {
                                m.mode = Mode::Negated;
                            }
                            if DATES[d].is_empty() {
                                m.date = None;
                            }
                            m.location = Some(PLACES[p].to_string()).filter(|s| !s.is_empty());
                            m.start = mi * 10;
                            m.text = TEXTS[(ai + mi) % TEXTS.len()].into();
                            m
                        })
                        .collect(),
                })
                .collect()
        })
    }

    proptest! {
        #[test]
        fn indexed_merge_equals_the_reference_merge(arts in arb_articles()) {
            prop_assert_eq!(shape(&merge(&arts)), reference_merge(&arts));
        }

        #[test]
        fn adding_an_article_keeps_every_existing_event_id(arts in arb_articles(), extra in arb_articles()) {
            let before: BTreeSet<String> = merge(&arts).into_iter().map(|e| e.id).collect();
            let mut more = arts.clone();
            more.extend(extra.into_iter().map(|mut a| { a.article = format!("new-{}", a.article); a }));
            let after: BTreeSet<String> = merge(&more).into_iter().map(|e| e.id).collect();
            prop_assert!(before.is_subset(&after));
        }
    }

    #[test]
    fn event_ids_are_stable_across_runs_and_when_unrelated_articles_are_added() {
        let meet = |d: &str| mention(EventType::Consult, "egy", "jor", d);
        let arts = vec![
            article("a", "X", None, vec![meet("2025-12-01")]),
            article("b", "Y", None, vec![meet("2025-12-01")]),
        ];
        let first = merge(&arts);
        assert_eq!(first, merge(&arts));
        let mut more = arts.clone();
        more.push(article(
            "c",
            "Z",
            None,
            vec![mention(EventType::Assault, "isr", "pse", "2025-12-01")],
        ));
        let second = merge(&more);
        assert_eq!(second.len(), 2);
        assert_eq!(second[0].id, first[0].id);
        // A later report of the same meeting joins the event and keeps its id.
        more.push(article("d", "W", None, vec![meet("2025-12-02")]));
        let third = merge(&more);
        assert_eq!(third[0].id, first[0].id);
        assert_eq!(third[0].num_sources, 3);
    }

    #[test]
    fn a_month_date_merges_with_a_day_inside_it_and_a_range_with_its_first_day() {
        let arts = vec![
            article(
                "a",
                "X",
                None,
                vec![mention(EventType::Consult, "egy", "jor", "2025-12")],
            ),
            article(
                "b",
                "Y",
                None,
                vec![mention(EventType::Consult, "egy", "jor", "2025-12-09")],
            ),
            article(
                "c",
                "Y",
                None,
                vec![mention(
                    EventType::Assault,
                    "isr",
                    "pse",
                    "2025-12-01/2025-12-07",
                )],
            ),
            article(
                "d",
                "X",
                None,
                vec![mention(EventType::Assault, "isr", "pse", "2025-12-01")],
            ),
        ];
        let ev = merge(&arts);
        assert_eq!(shape(&ev), reference_merge(&arts));
        assert_eq!(ev.len(), 2);
    }
}
