//! Export shapes of merged events and claims: flat CSV rows, PLOVER JSON records, GDELT 2.0-style event and mention rows.
//!
//! The column mappings are documented in docs/EVENTS.md ("Export formats").

use std::collections::HashMap;

use rasd_core::Ymd;
use rasd_store::{ArticleRef, EntityRow};
use serde_json::{json, Value};

use crate::claims::{Claim, Qualifier};
use crate::merge::Event;
use crate::Mode;

/// What the exporters look up by id: entity names/countries/coordinates and article URLs/outlets/dates.
#[derive(Debug, Default)]
pub struct ExportContext {
    pub entities: HashMap<String, EntityRow>,
    pub articles: HashMap<String, ArticleRef>,
}

impl ExportContext {
    pub fn new(entities: Vec<EntityRow>, articles: Vec<ArticleRef>) -> ExportContext {
        ExportContext {
            entities: entities.into_iter().map(|e| (e.id.clone(), e)).collect(),
            articles: articles.into_iter().map(|a| (a.id.clone(), a)).collect(),
        }
    }

    /// Upper-case ISO-3 country of an entity: `location:egy` → `EGY`, else the entity's stored country.
    pub fn country(&self, id: &str) -> Option<String> {
        if let Some(code) = id.strip_prefix("location:") {
            if code.len() == 3 && code.chars().all(|c| c.is_ascii_alphabetic()) {
                return Some(code.to_ascii_uppercase());
            }
        }
        self.entities
            .get(id)
            .and_then(|e| e.country.clone())
            .map(|c| c.to_ascii_uppercase())
    }

    /// The entity's stored (Arabic) name, else its id.
    pub fn name(&self, id: &str) -> String {
        self.entities
            .get(id)
            .map_or_else(|| id.to_string(), |e| e.name.clone())
    }

    fn url(&self, article: &str) -> Option<&str> {
        self.articles.get(article).and_then(|a| a.url.as_deref())
    }
}

/// Flat CSV columns of an event (lists joined with `;`).
pub const CSV_EVENT_COLUMNS: [&str; 18] = [
    "id",
    "type",
    "cameo",
    "mode",
    "contexts",
    "date",
    "date_precision",
    "source",
    "target",
    "location",
    "num_articles",
    "num_sources",
    "num_mentions",
    "articles",
    "outlets",
    "attributed_to",
    "conflicts",
    "text",
];

fn push_unique(v: &mut Vec<String>, s: &str) {
    if !s.is_empty() && !v.iter().any(|x| x == s) {
        v.push(s.to_string());
    }
}

/// One CSV row of an event: `conflicts` as `field=a|b` joined with `;`, `text` = the first mention's sentence.
pub fn csv_event_row(e: &Event) -> Vec<String> {
    let mut articles = Vec::new();
    let mut outlets = Vec::new();
    let mut attributed = Vec::new();
    for m in &e.mentions {
        push_unique(&mut articles, &m.article);
        push_unique(&mut outlets, m.outlet.as_deref().unwrap_or(""));
        let who = m
            .mention
            .attributed_to
            .as_deref()
            .or(m.mention.attributed_to_text.as_deref())
            .unwrap_or("");
        push_unique(&mut attributed, who);
    }
    let conflicts: Vec<String> = e
        .conflicts
        .iter()
        .map(|c| format!("{}={}", c.field, c.values.join("|")))
        .collect();
    vec![
        e.id.clone(),
        e.event_type.as_str().to_string(),
        e.cameo.clone(),
        e.mode.as_str().to_string(),
        e.contexts.join(";"),
        e.date.clone().unwrap_or_default(),
        e.date_precision.clone(),
        e.source.join(";"),
        e.target.join(";"),
        e.location.clone().unwrap_or_default(),
        e.num_articles.to_string(),
        e.num_sources.to_string(),
        e.mentions.len().to_string(),
        articles.join(";"),
        outlets.join(";"),
        attributed.join(";"),
        conflicts.join(";"),
        e.mentions
            .first()
            .map(|m| m.mention.text.clone())
            .unwrap_or_default(),
    ]
}

/// Flat CSV columns of a claim.
pub const CSV_CLAIM_COLUMNS: [&str; 13] = [
    "id",
    "article",
    "claimant",
    "claimant_text",
    "value",
    "qualifier",
    "unit",
    "date",
    "date_precision",
    "start",
    "end",
    "text",
    "outlet",
];

pub fn qualifier_str(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exact => "exact",
        Qualifier::MoreThan => "more_than",
        Qualifier::LessThan => "less_than",
        Qualifier::About => "about",
    }
}

/// One CSV row of a claim of `article`.
pub fn csv_claim_row(article: &str, c: &Claim, ctx: &ExportContext) -> Vec<String> {
    vec![
        c.id.clone(),
        article.to_string(),
        c.claimant.clone().unwrap_or_default(),
        c.claimant_text.clone().unwrap_or_default(),
        c.quantity.value.to_string(),
        qualifier_str(c.quantity.qualifier).to_string(),
        c.quantity.unit.clone(),
        c.date.clone().unwrap_or_default(),
        c.date_precision.clone(),
        c.start.to_string(),
        c.end.to_string(),
        c.text.clone(),
        ctx.articles
            .get(article)
            .and_then(|a| a.outlet.clone())
            .unwrap_or_default(),
    ]
}

/// First and last day of an event date: a day, a month (`2025-12`), a year or an interval `a/b`.
pub fn date_bounds(date: &str) -> Option<(Ymd, Ymd)> {
    if let Some((a, b)) = date.split_once('/') {
        return Some((date_bounds(a)?.0, date_bounds(b)?.1));
    }
    match date.len() {
        10 => Ymd::parse_iso(date).map(|d| (d, d)),
        7 => {
            let y: i32 = date.get(0..4)?.parse().ok()?;
            let m: u8 = date.get(5..7)?.parse().ok()?;
            let first = Ymd::new(y, m, 1)?;
            let next = if m == 12 {
                Ymd::new(y + 1, 1, 1)?
            } else {
                Ymd::new(y, m + 1, 1)?
            };
            Some((first, Ymd::from_day_number(next.day_number() - 1)?))
        }
        4 => {
            let y: i32 = date.parse().ok()?;
            Some((Ymd::new(y, 1, 1)?, Ymd::new(y, 12, 31)?))
        }
        _ => None,
    }
}

fn plover_entities(ids: &[String], ctx: &ExportContext) -> Value {
    Value::Array(
        ids.iter()
            .map(|id| {
                let e = ctx.entities.get(id);
                json!({
                    "code": ctx.country(id),
                    "entity_text": ctx.name(id),
                    "identifier_id": e.and_then(|e| e.wikidata.clone()),
                    "identifier_text": e.and_then(|e| e.name_en.clone()),
                    "rasd_id": id,
                })
            })
            .collect(),
    )
}

/// PLOVER auxiliary mode of our mode (`asserted` has none).
pub fn plover_mode(mode: Mode) -> Option<&'static str> {
    match mode {
        Mode::Asserted => None,
        Mode::Negated => Some("negation"),
        Mode::Future => Some("future"),
        Mode::Hypothetical => Some("hypothetical"),
        Mode::Historical => Some("historical"),
    }
}

/// CAMEO root code ("04") and GDELT quad class (1 verbal cooperation, 2 material cooperation,
/// 3 verbal conflict, 4 material conflict) of a CAMEO code.
pub fn cameo_root_and_quad(cameo: &str) -> (String, Option<u8>) {
    let root = cameo.get(0..2).unwrap_or(cameo).to_string();
    let quad = match root.parse::<u8>() {
        Ok(1..=5) => Some(1),
        Ok(6..=8) => Some(2),
        Ok(9..=13) => Some(3),
        Ok(14..=20) => Some(4),
        _ => None,
    };
    (root, quad)
}

/// One PLOVER JSON record (field names of the PLOVER manual's "Data Fields" chapter).
pub fn plover_record(e: &Event, ctx: &ExportContext) -> Value {
    let (start, end) = e
        .date
        .as_deref()
        .and_then(date_bounds)
        .map_or((None, None), |(a, b)| (Some(a.iso()), Some(b.iso())));
    let enddate = end.filter(|end| Some(end) != start.as_ref());
    let event_loc = e.location.as_ref().map(|l| {
        let ent = ctx.entities.get(l);
        json!({
            "extracted_place": ent.map(|x| x.name.clone()),
            "resolved_place": ent.and_then(|x| x.name_en.clone()).or_else(|| Some(l.clone())),
            "lat": ent.and_then(|x| x.lat),
            "lon": ent.and_then(|x| x.lon),
            "country_code": ctx.country(l),
            "rasd_id": l,
        })
    });
    let (_, quad) = cameo_root_and_quad(&e.cameo);
    let first = e.mentions.first();
    let cite = first.and_then(|m| ctx.articles.get(&m.article));
    json!({
        "id": e.id,
        "date": start,
        "enddate": enddate,
        "actor": plover_entities(&e.source, ctx),
        "recipient": plover_entities(&e.target, ctx),
        "event": [e.event_type.as_str()],
        "event_loc": event_loc,
        "event_text": e.mentions.iter().map(|m| m.mention.text.clone()).collect::<Vec<_>>(),
        "quad_code": quad,
        "mode": plover_mode(e.mode).into_iter().collect::<Vec<_>>(),
        "context": e.contexts,
        "text_info": first.map(|m| json!({"start": m.mention.start, "end": m.mention.end})),
        "cite_info": cite.map(|a| json!({
            "url": a.url,
            "title": a.title,
            "language": "ar",
            "publication": a.outlet,
            "coder": "rasd",
            "codebook": "plover (../shared/data/plover, 2024-02-04)",
        })),
        "coder": "rasd",
        "comment": (!e.conflicts.is_empty()).then(|| {
            e.conflicts
                .iter()
                .map(|c| format!("sources disagree on {}: {}", c.field, c.values.join(" / ")))
                .collect::<Vec<_>>()
                .join("; ")
        }),
        "date_precision": e.date_precision,
        "cameo": e.cameo,
        "num_articles": e.num_articles,
        "num_sources": e.num_sources,
        "mentions": e.mentions.iter().map(|m| json!({
            "article": m.article,
            "outlet": m.outlet,
            "start": m.mention.start,
            "end": m.mention.end,
            "text": m.mention.text,
            "attributed_to": m.mention.attributed_to,
            "attributed_to_text": m.mention.attributed_to_text,
            "quote": m.mention.quote,
        })).collect::<Vec<_>>(),
        "conflicts": e.conflicts,
    })
}

/// GDELT 2.0 event-table columns we fill, in order, plus our own (`PLOVER_Type`, `Mode`, `Contexts`, `DatePrecision`).
pub const GDELT_EVENT_COLUMNS: [&str; 26] = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "SOURCEURL",
    "PLOVER_Type",
    "Mode",
    "Contexts",
    "DatePrecision",
];

/// GDELT-style mention-table columns, in order (GDELT names where they apply, then our offsets).
pub const GDELT_MENTION_COLUMNS: [&str; 16] = [
    "GLOBALEVENTID",
    "EventTimeDate",
    "MentionTimeDate",
    "MentionType",
    "MentionSourceName",
    "MentionIdentifier",
    "ActionCharOffset",
    "InRawText",
    "Article",
    "Start",
    "End",
    "TriggerStart",
    "TriggerEnd",
    "AttributedTo",
    "Quote",
    "Text",
];

/// A TSV cell: tabs and line breaks become spaces (GDELT files are one record per line).
pub fn tsv_cell(s: &str) -> String {
    s.chars()
        .map(|c| {
            if matches!(c, '\t' | '\n' | '\r') {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn yyyymmdd(d: Ymd) -> String {
    format!("{:04}{:02}{:02}", d.year, d.month, d.day)
}

fn opt_f64(x: Option<f64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

/// One GDELT-style event row (see [`GDELT_EVENT_COLUMNS`]).
pub fn gdelt_event_row(e: &Event, ctx: &ExportContext) -> Vec<String> {
    let start = e.date.as_deref().and_then(date_bounds).map(|(a, _)| a);
    let actor = |ids: &[String]| -> [String; 3] {
        match ids.first() {
            Some(id) => {
                let c = ctx.country(id).unwrap_or_default();
                [c.clone(), ctx.name(id), c]
            }
            None => Default::default(),
        }
    };
    let [a1code, a1name, a1country] = actor(&e.source);
    let [a2code, a2name, a2country] = actor(&e.target);
    let (root, quad) = cameo_root_and_quad(&e.cameo);
    let loc = e.location.as_ref();
    let loc_ent = loc.and_then(|l| ctx.entities.get(l));
    let first_article = e.mentions.first().map(|m| m.article.as_str()).unwrap_or("");
    let row = vec![
        e.id.clone(),
        start.map(yyyymmdd).unwrap_or_default(),
        start
            .map(|d| format!("{:04}{:02}", d.year, d.month))
            .unwrap_or_default(),
        start.map(|d| d.year.to_string()).unwrap_or_default(),
        a1code,
        a1name,
        a1country,
        a2code,
        a2name,
        a2country,
        e.cameo.clone(),
        e.cameo.get(0..3).unwrap_or(&e.cameo).to_string(),
        root,
        quad.map(|q| q.to_string()).unwrap_or_default(),
        e.mentions.len().to_string(),
        e.num_sources.to_string(),
        e.num_articles.to_string(),
        loc.map(|l| ctx.name(l)).unwrap_or_default(),
        loc.and_then(|l| ctx.country(l)).unwrap_or_default(),
        opt_f64(loc_ent.and_then(|x| x.lat)),
        opt_f64(loc_ent.and_then(|x| x.lon)),
        ctx.url(first_article).unwrap_or(first_article).to_string(),
        e.event_type.as_str().to_string(),
        e.mode.as_str().to_string(),
        e.contexts.join(";"),
        e.date_precision.clone(),
    ];
    row.iter().map(|c| tsv_cell(c)).collect()
}

/// GDELT-style mention rows of an event (see [`GDELT_MENTION_COLUMNS`]).
pub fn gdelt_mention_rows(e: &Event, ctx: &ExportContext) -> Vec<Vec<String>> {
    let event_day = e
        .date
        .as_deref()
        .and_then(date_bounds)
        .map(|(a, _)| yyyymmdd(a))
        .unwrap_or_default();
    e.mentions
        .iter()
        .map(|m| {
            let art = ctx.articles.get(&m.article);
            let published = art
                .and_then(|a| a.published.as_deref())
                .and_then(Ymd::parse_iso)
                .map(yyyymmdd)
                .unwrap_or_default();
            let mm = &m.mention;
            let row = vec![
                e.id.clone(),
                event_day.clone(),
                published,
                // GDELT MentionType 1 = WEB (a document with a URL).
                "1".to_string(),
                // GDELT names a web source by its site ("aljazeera.net"); an article without
                // a URL by its outlet.
                ctx.url(&m.article)
                    .and_then(rasd_core::site_of)
                    .or_else(|| m.outlet.clone())
                    .unwrap_or_default(),
                ctx.url(&m.article).unwrap_or(&m.article).to_string(),
                mm.trigger.start.to_string(),
                "1".to_string(),
                m.article.clone(),
                mm.start.to_string(),
                mm.end.to_string(),
                mm.trigger.start.to_string(),
                mm.trigger.end.to_string(),
                mm.attributed_to
                    .clone()
                    .or_else(|| mm.attributed_to_text.clone())
                    .unwrap_or_default(),
                u8::from(mm.quote).to_string(),
                mm.text.clone(),
            ];
            row.iter().map(|c| tsv_cell(c)).collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merge::{merge, CodedArticle};
    use crate::{EventMention, EventType};
    use rasd_core::Span;

    fn event() -> Event {
        let m = EventMention {
            event_type: EventType::Consult,
            cameo: "040".into(),
            mode: Mode::Negated,
            reported: true,
            source: vec!["location:egy".into()],
            target: vec!["person:x".into(), "location:jor".into()],
            location: Some("location:amman".into()),
            date: Some("2025-12".into()),
            date_precision: "month".into(),
            start: 3,
            end: 20,
            text: "لم يلتق\tالوزيران".into(),
            trigger: Span::new(6, 9),
            trigger_text: "يلتق".into(),
            attributed_to: None,
            attributed_to_text: Some("مصادر".into()),
            quote: false,
            contexts: vec!["diplomatic".into()],
        };
        merge(&[CodedArticle {
            article: "a1".into(),
            outlet: Some("وفا".into()),
            duplicate_of: None,
            story: None,
            mentions: vec![m],
        }])
        .remove(0)
    }

    fn ctx() -> ExportContext {
        let ent = |id: &str, name: &str, country: Option<&str>, lat: Option<f64>| EntityRow {
            id: id.into(),
            kind: "location".into(),
            name: name.into(),
            name_en: None,
            country: country.map(Into::into),
            role: None,
            wikidata: None,
            lat,
            lon: lat,
            mentions: Vec::new(),
        };
        ExportContext::new(
            vec![
                ent("location:amman", "عمّان", Some("jor"), Some(31.95)),
                ent("person:x", "فلان", Some("EGY"), None),
            ],
            vec![ArticleRef {
                id: "a1".into(),
                url: Some("https://example.org/1".into()),
                outlet: Some("وفا".into()),
                published: Some("2025-12-20".into()),
                title: None,
            }],
        )
    }

    #[test]
    fn month_dates_span_the_whole_month_and_ranges_their_interval() {
        let (a, b) = date_bounds("2024-02").unwrap();
        assert_eq!(
            (a.iso(), b.iso()),
            ("2024-02-01".into(), "2024-02-29".into())
        );
        let (a, b) = date_bounds("2025-12-13/2025-12-19").unwrap();
        assert_eq!(
            (a.iso(), b.iso()),
            ("2025-12-13".into(), "2025-12-19".into())
        );
        assert_eq!(date_bounds("nonsense"), None);
    }

    #[test]
    fn plover_record_uses_plover_field_names_and_modes() {
        let r = plover_record(&event(), &ctx());
        assert_eq!(r["event"], json!(["CONSULT"]));
        assert_eq!(r["date"], "2025-12-01");
        assert_eq!(r["enddate"], "2025-12-31");
        assert_eq!(r["mode"], json!(["negation"]));
        assert_eq!(r["context"], json!(["diplomatic"]));
        assert_eq!(r["actor"][0]["code"], "EGY");
        assert_eq!(r["recipient"][0]["code"], "EGY", "a person's country");
        assert_eq!(r["recipient"][0]["entity_text"], "فلان");
        assert_eq!(r["recipient"][1]["code"], "JOR");
        assert_eq!(r["event_loc"]["country_code"], "JOR");
        assert_eq!(r["quad_code"], 1);
        assert_eq!(r["cite_info"]["url"], "https://example.org/1");
    }

    #[test]
    fn gdelt_rows_have_one_cell_per_column_and_no_tabs_inside_cells() {
        let e = event();
        let row = gdelt_event_row(&e, &ctx());
        assert_eq!(row.len(), GDELT_EVENT_COLUMNS.len());
        let col = |name: &str| {
            let i = GDELT_EVENT_COLUMNS.iter().position(|c| *c == name).unwrap();
            row[i].clone()
        };
        assert_eq!(col("SQLDATE"), "20251201");
        assert_eq!(col("EventRootCode"), "04");
        assert_eq!(col("QuadClass"), "1");
        assert_eq!(col("Actor2Name"), "فلان");
        assert_eq!(col("ActionGeo_Lat"), "31.95");
        assert_eq!(col("SOURCEURL"), "https://example.org/1");
        let ms = gdelt_mention_rows(&e, &ctx());
        assert_eq!(ms.len(), 1);
        assert_eq!(ms[0].len(), GDELT_MENTION_COLUMNS.len());
        assert!(ms.iter().flatten().all(|c| !c.contains('\t')));
        assert_eq!(ms[0][2], "20251220");
        let mcol = |name: &str| {
            let i = GDELT_MENTION_COLUMNS
                .iter()
                .position(|c| *c == name)
                .unwrap();
            ms[0][i].clone()
        };
        assert_eq!(mcol("MentionSourceName"), "example.org");
        assert_eq!(mcol("MentionIdentifier"), "https://example.org/1");
        assert_eq!(ms[0][13], "مصادر");
    }

    #[test]
    fn csv_row_joins_lists_with_semicolons() {
        let row = csv_event_row(&event());
        assert_eq!(row.len(), CSV_EVENT_COLUMNS.len());
        assert_eq!(row[8], "person:x;location:jor");
        assert_eq!(row[3], "negated");
        assert_eq!(row[4], "diplomatic");
    }
}
