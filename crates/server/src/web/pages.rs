//! The dashboard pages: each function reads what it needs through the query layer ([`crate::db`],
//! plus the few dashboard-only reads in `queries.rs`) and returns the page HTML body.
//!
//! Every list is bounded: long lists are paged with the query layer's keyset cursors (`?cursor=`)
//! or, for small ranked lists (search hits, a story's articles), offsets; no page counts a whole
//! table on each request (counts come from cheap index ranges or say "50+").

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Arc;

use rusqlite::Connection;

use super::dates::date_html;
use super::html::{
    esc, event_type_label, kind_label, mode_label, seg, type_badge, Nav, EVENT_TYPES,
};
use super::queries::{self as q, ClaimDoc, EventDoc};
use super::spans::{char_slice, highlight, highlight_window, paragraph_around, Highlight};
use super::svg;
use super::WebError;
use crate::db::{self, Cursor, Db, EntityRef, EventSummary};

/// What a page function can read: a pooled read-only connection, the pool (for its caches) and
/// the full-text index when there is one.
pub struct Cx<'a> {
    pub conn: &'a Connection,
    pub db: &'a Db,
    pub search: Option<Arc<rasd_search::SearchIndex>>,
}

/// A rendered page before the layout is applied.
pub struct Page {
    pub title: String,
    pub nav: Nav,
    /// The search box's value.
    pub query: String,
    pub body: String,
}

impl Page {
    fn new(title: impl Into<String>, nav: Nav, body: String) -> Page {
        Page {
            title: title.into(),
            nav,
            query: String::new(),
            body,
        }
    }
}

/// Rows per page of the event, claim and story lists.
const PAGE_SIZE: usize = 50;
/// Articles of a story and events of a story/article shown at once.
const STORY_ARTICLES: usize = 50;
const STORY_EVENTS: usize = 50;
/// Search hits per page.
const SEARCH_HITS: usize = 20;

type Names = BTreeMap<String, EntityRef>;

/// Display name of an entity id: its stored name, else the id itself (an unnamed actor's
/// institution noun without its `unnamed:` prefix).
fn name_of<'a>(names: &'a Names, id: &'a str) -> &'a str {
    names
        .get(id)
        .map(|e| e.name.as_str())
        .unwrap_or_else(|| id.strip_prefix("unnamed:").unwrap_or(id))
}

/// A link to an actor page.
fn actor_link(names: &Names, id: &str) -> String {
    format!(
        "<a class=\"actor\" href=\"/actors/{}\">{}</a>",
        seg(id),
        esc(name_of(names, id))
    )
}

fn actor_list(names: &Names, ids: &[String]) -> String {
    if ids.is_empty() {
        return "<span class=\"muted\">—</span>".to_string();
    }
    ids.iter()
        .map(|id| actor_link(names, id))
        .collect::<Vec<_>>()
        .join("، ")
}

fn opt_date(d: Option<&str>) -> String {
    d.map(date_html)
        .unwrap_or_else(|| "<span class=\"muted\">غير معروف</span>".to_string())
}

fn precision_label(p: &str) -> &'static str {
    match p {
        "day" => "باليوم",
        "month" => "بالشهر",
        "year" => "بالسنة",
        "range" => "مدة",
        "publication" => "تاريخ النشر (لم يُذكر تاريخ الحدث)",
        _ => "غير معروف",
    }
}

/// An event's date, with a hint when it is only the publication date.
fn event_date_cell(e: &EventSummary) -> String {
    let d = opt_date(e.date.as_deref());
    if e.date_precision == "publication" {
        format!(
            "{d} <small class=\"muted\" title=\"{}\">*</small>",
            esc(precision_label("publication"))
        )
    } else {
        d
    }
}

/// The role of `actor` in an event, for the actor page's role column.
fn role_label(e: &EventSummary, actor: &str) -> &'static str {
    let src = e.source.iter().any(|s| s == actor);
    let tgt = e.target.iter().any(|s| s == actor);
    match (src, tgt) {
        (true, true) => "مصدر وهدف",
        (true, false) => "مصدر",
        (false, true) => "هدف",
        (false, false) => "مكان",
    }
}

/// The event table used by the overview, list, actor, article and story pages. With `actor`, a
/// column says which role that actor has in each event.
fn event_table(events: &[EventSummary], actor: Option<&str>) -> String {
    if events.is_empty() {
        return "<p class=\"empty\">لا توجد أحداث.</p>".to_string();
    }
    let mut out = String::from("<table class=\"events\"><thead><tr><th>التاريخ</th><th>النوع</th>");
    if actor.is_some() {
        out.push_str("<th>دوره</th>");
    }
    out.push_str(
        "<th>المصدر</th><th>الهدف</th><th>المكان</th><th>الصيغة</th>\
<th title=\"عدد المنافذ الإخبارية / عدد المقالات\">المصادر</th><th></th></tr></thead><tbody>",
    );
    for e in events {
        let names = &e.entities;
        let _ = write!(
            out,
            "<tr data-event=\"{}\"><td>{}</td><td>{}</td>",
            esc(&e.id),
            event_date_cell(e),
            type_badge(&e.event_type)
        );
        if let Some(a) = actor {
            let _ = write!(out, "<td class=\"role\">{}</td>", role_label(e, a));
        }
        let _ = write!(
            out,
            "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} / {}</td>\
<td><a class=\"more\" href=\"/events/{}\">التفاصيل</a></td></tr>",
            actor_list(names, &e.source),
            actor_list(names, &e.target),
            e.location
                .as_deref()
                .map(|l| actor_link(names, l))
                .unwrap_or_else(|| "—".into()),
            esc(mode_label(&e.mode)),
            e.num_sources,
            e.num_articles,
            seg(&e.id),
        );
    }
    out.push_str("</tbody></table>");
    out
}

fn summaries_of(conn: &Connection, docs: &[EventDoc]) -> Result<Vec<EventSummary>, WebError> {
    Ok(docs
        .iter()
        .map(|d| q::summary_of(conn, d))
        .collect::<Result<_, _>>()?)
}

/// A query string from `(key, value)` pairs (values percent-encoded, `None` left out), escaped
/// for an attribute.
fn query_string(base: &str, pairs: &[(&str, Option<&str>)]) -> String {
    let qs: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| v.map(|v| format!("{k}={}", seg(v))))
        .collect();
    if qs.is_empty() {
        base.to_string()
    } else {
        esc(&format!("{base}?{}", qs.join("&"))).to_string()
    }
}

/// "First page" / "next page" links of a keyset-paged list.
fn pager(first: Option<String>, next: Option<String>) -> String {
    let mut b = String::from("<nav class=\"pages\">");
    if let Some(f) = first {
        let _ = write!(b, "<a rel=\"first\" href=\"{f}\">→ الصفحة الأولى</a>");
    }
    if let Some(n) = next {
        let _ = write!(b, "<a rel=\"next\" href=\"{n}\">التالي ←</a>");
    }
    b.push_str("</nav>");
    b
}

/// How many rows a page shows: exact on a single page, "N+" when more follow.
fn count_line(shown: usize, more: bool, first_page: bool, noun: &str) -> String {
    match (first_page, more) {
        (true, false) => format!("<p class=\"count\">{shown} {noun}</p>"),
        (true, true) => {
            format!("<p class=\"count\">أكثر من {shown} {noun} (تُعرض {shown} في كل صفحة)</p>")
        }
        (false, _) => format!("<p class=\"count\">صفحة تالية: {shown} {noun}</p>"),
    }
}

fn nonempty(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn parse_day(field: &str, v: Option<&str>) -> Result<Option<String>, WebError> {
    match v {
        None => Ok(None),
        Some(s) => rasd_core::Ymd::parse_iso(s)
            .map(|d| Some(d.iso()))
            .ok_or_else(|| {
                WebError::BadRequest(format!("{field}: التاريخ «{s}» ليس بصيغة YYYY-MM-DD"))
            }),
    }
}

fn parse_cursor(field: &str, v: Option<&str>) -> Result<Option<Cursor>, WebError> {
    match v {
        None => Ok(None),
        Some(s) => Cursor::decode(s)
            .map(Some)
            .ok_or_else(|| WebError::BadRequest(format!("{field}: مؤشر الصفحة غير صالح"))),
    }
}

fn parse_offset(field: &str, v: Option<&str>) -> Result<usize, WebError> {
    match v {
        None => Ok(0),
        Some(s) => s
            .parse::<usize>()
            .ok()
            .filter(|n| *n <= 10_000)
            .ok_or_else(|| WebError::BadRequest(format!("{field}: «{s}» ليس موضعًا صالحًا"))),
    }
}

/// `/`: figures, the timeline, the most reported events and the most active actors. The
/// whole-table aggregates are computed once per data version (see `queries::overview`).
pub fn overview(cx: &Cx<'_>) -> Result<Page, WebError> {
    let s = cx.db.stats(cx.conn)?;
    let o = q::overview(cx.conn, cx.db.path())?;
    let mut b = String::from("<h1>نظرة عامة</h1><section class=\"cards\">");
    let card = |b: &mut String, n: i64, label: &str, href: &str| {
        let _ = write!(
            b,
            "<a class=\"card\" href=\"{href}\"><strong>{n}</strong><span>{}</span></a>",
            esc(label)
        );
    };
    card(&mut b, s.articles, "المقالات", "/search");
    card(&mut b, s.outlets, "المنافذ الإخبارية", "/stories");
    card(&mut b, s.stories, "القصص", "/stories");
    card(&mut b, s.entities, "الفاعلون والأماكن", "/events");
    card(&mut b, s.events, "الأحداث", "/events");
    card(&mut b, s.claims, "الأرقام المنسوبة", "/claims");
    b.push_str("</section>");
    if let (Some(f), Some(l)) = (&s.first_published, &s.last_published) {
        let _ = write!(
            b,
            "<p class=\"muted\">تواريخ النشر من {} إلى {} · النسخ المكررة: {}</p>",
            date_html(f),
            date_html(l),
            s.duplicates
        );
    }
    b.push_str("<h2>الأحداث عبر الزمن حسب النوع</h2>");
    b.push_str(&o.timeline_svg);
    b.push_str("<h2>أوسع الأحداث تغطية</h2>");
    b.push_str(&event_table(&o.top_events, None));
    b.push_str("<h2>أكثر الفاعلين حضورًا</h2>");
    if o.top_actors.is_empty() {
        b.push_str("<p class=\"empty\">لا يوجد فاعلون بعد.</p>");
    } else {
        b.push_str("<ol class=\"actors\">");
        for (id, name, n) in &o.top_actors {
            let _ = write!(
                b,
                "<li><a class=\"actor\" href=\"/actors/{}\">{}</a> <small>({n} حدثًا)</small></li>",
                seg(id),
                esc(name)
            );
        }
        b.push_str("</ol>");
    }
    Ok(Page::new("نظرة عامة", Nav::Overview, b))
}

/// Raw `/events` query parameters (as typed into the form).
#[derive(Debug, Default, serde::Deserialize)]
pub struct EventParams {
    #[serde(rename = "type")]
    pub event_type: Option<String>,
    /// An entity id, or any spelling/name (resolved to the best matching entity).
    pub actor: Option<String>,
    /// ISO-3 country of a source or target actor.
    pub country: Option<String>,
    /// Location entity id.
    pub location: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub min_sources: Option<String>,
    pub cursor: Option<String>,
}

/// `/events`: the filter form and a page of matching events (one `db::list_events` call).
pub fn events(cx: &Cx<'_>, p: &EventParams) -> Result<Page, WebError> {
    let event_type = match nonempty(&p.event_type) {
        None => None,
        Some(t) => {
            let up = t.to_ascii_uppercase();
            if !EVENT_TYPES.contains(&up.as_str()) {
                return Err(WebError::BadRequest(format!(
                    "type: «{t}» ليس نوعًا من أنواع PLOVER الستة عشر"
                )));
            }
            Some(up)
        }
    };
    let from = parse_day("from", nonempty(&p.from))?;
    let to = parse_day("to", nonempty(&p.to))?;
    let min_sources = match nonempty(&p.min_sources) {
        None => None,
        Some(s) => Some(
            s.parse::<u32>()
                .ok()
                .filter(|n| *n <= 100_000)
                .ok_or_else(|| {
                    WebError::BadRequest(format!("min_sources: «{s}» ليس عددًا صحيحًا موجبًا"))
                })?,
        ),
    };
    let country = match nonempty(&p.country) {
        None => None,
        Some(c) if c.len() == 3 && c.bytes().all(|b| b.is_ascii_alphabetic()) => {
            Some(c.to_ascii_uppercase())
        }
        Some(c) => {
            return Err(WebError::BadRequest(format!(
                "country: «{c}» ليس رمز بلد من ثلاثة أحرف (ISO 3166)"
            )))
        }
    };
    let location = nonempty(&p.location).map(str::to_owned);
    let cursor = parse_cursor("cursor", nonempty(&p.cursor))?;
    let actor_q = nonempty(&p.actor).map(str::to_owned);
    // An actor is an entity id, or text resolved to the best matching entity (others offered).
    let mut alternatives = Vec::new();
    let actor = match &actor_q {
        None => None,
        Some(a) if db::exists(cx.conn, db::ExistsIn::Entities, a)? => Some(a.clone()),
        Some(a) => {
            let found = cx.db.search_entities(cx.conn, a, None, 6, 0)?;
            let best = found.first().map(|e| e.id.clone());
            alternatives = found.into_iter().skip(1).collect();
            // No match: an id nothing refers to, so the list is empty (and says why).
            Some(best.unwrap_or_else(|| format!("\u{0}{a}")))
        }
    };
    let filter = db::EventFilter {
        types: event_type.iter().cloned().collect(),
        actor: actor.clone(),
        country: country.clone(),
        location: location.clone(),
        from: from.clone(),
        to: to.clone(),
        min_sources,
        mode: None,
    };
    let page = db::list_events(cx.conn, &filter, PAGE_SIZE, cursor.as_ref())?;

    let mut b =
        String::from("<h1>الأحداث</h1><form class=\"filters\" method=\"get\" action=\"/events\">");
    b.push_str("<label>النوع <select name=\"type\"><option value=\"\">الكل</option>");
    for t in EVENT_TYPES {
        let sel = if event_type.as_deref() == Some(t) {
            " selected"
        } else {
            ""
        };
        let _ = write!(
            b,
            "<option value=\"{t}\"{sel}>{} ({t})</option>",
            esc(event_type_label(t))
        );
    }
    let _ = write!(
        b,
        "</select></label>\
<label>الفاعل <input type=\"text\" name=\"actor\" value=\"{}\" placeholder=\"اسم أو تهجئة\"></label>\
<label>البلد <input type=\"text\" name=\"country\" value=\"{}\" placeholder=\"TUN\" size=\"4\" maxlength=\"3\"></label>\
<label>من <input type=\"date\" name=\"from\" value=\"{}\"></label>\
<label>إلى <input type=\"date\" name=\"to\" value=\"{}\"></label>\
<label>أدنى عدد مصادر <input type=\"number\" min=\"0\" name=\"min_sources\" value=\"{}\"></label>",
        esc(actor_q.as_deref().unwrap_or("")),
        esc(country.as_deref().unwrap_or("")),
        esc(from.as_deref().unwrap_or("")),
        esc(to.as_deref().unwrap_or("")),
        min_sources.map(|n| n.to_string()).unwrap_or_default(),
    );
    if let Some(l) = &location {
        let _ = write!(
            b,
            "<input type=\"hidden\" name=\"location\" value=\"{}\">",
            esc(l)
        );
    }
    b.push_str("<button type=\"submit\">تصفية</button> <a href=\"/events\">مسح</a></form>");
    if let (Some(a), Some(typed)) = (&actor, &actor_q) {
        if a != typed {
            let names = db::entity_refs(cx.conn, std::iter::once(a))?;
            match names.get(a) {
                Some(e) => {
                    let _ = write!(
                        b,
                        "<p class=\"resolved\">أحداث الفاعل {} (أقرب تطابق لـ«{}»)",
                        actor_link(&names, &e.id),
                        esc(typed)
                    );
                }
                None => {
                    let _ = write!(
                        b,
                        "<p class=\"resolved\">لا يوجد فاعل يطابق «{}»",
                        esc(typed)
                    );
                }
            }
            if !alternatives.is_empty() {
                b.push_str(" · تطابقات أخرى: ");
                let links: Vec<String> = alternatives
                    .iter()
                    .map(|e| {
                        format!(
                            "<a href=\"/events?actor={}\">{}</a>",
                            seg(&e.id),
                            esc(&e.name)
                        )
                    })
                    .collect();
                b.push_str(&links.join("، "));
            }
            b.push_str("</p>");
        }
    }
    b.push_str(&count_line(
        page.items.len(),
        page.next.is_some(),
        cursor.is_none(),
        "حدثًا مطابقًا",
    ));
    b.push_str(&event_table(&page.items, None));
    let keep: Vec<(&str, Option<&str>)> = vec![
        ("type", event_type.as_deref()),
        ("actor", actor_q.as_deref()),
        ("country", country.as_deref()),
        ("location", location.as_deref()),
        ("from", from.as_deref()),
        ("to", to.as_deref()),
    ];
    let min = min_sources.map(|n| n.to_string());
    let with = |c: Option<&str>| {
        let mut pairs = keep.clone();
        pairs.push(("min_sources", min.as_deref()));
        pairs.push(("cursor", c));
        query_string("/events", &pairs)
    };
    b.push_str(&pager(
        cursor.is_some().then(|| with(None)),
        page.next.as_deref().map(|n| with(Some(n))),
    ));
    Ok(Page::new("الأحداث", Nav::Events, b))
}

/// `/events/{id}`: the event, its actors, and every evidence sentence highlighted in its article.
pub fn event(cx: &Cx<'_>, id: &str) -> Result<Page, WebError> {
    let detail = db::get_event(cx.conn, id)?
        .ok_or_else(|| WebError::NotFound(format!("لا يوجد حدث بالمعرّف «{id}»")))?;
    let mut ev: EventDoc = serde_json::from_value(detail.event)
        .map_err(|e| WebError::Internal(format!("event json: {e}")))?;
    if ev.id.is_empty() {
        ev.id = id.to_owned();
    }
    let names = detail.entities;
    let article_ids: Vec<String> = ev.mentions.iter().map(|m| m.article.clone()).collect();
    let articles = q::article_texts(cx.conn, &article_ids)?;
    let label = event_type_label(&ev.event_type);
    let join = |ids: &[String]| {
        ids.iter()
            .map(|i| name_of(&names, i))
            .collect::<Vec<_>>()
            .join("، ")
    };
    let title = match (ev.source.is_empty(), ev.target.is_empty()) {
        (false, false) => format!("{label}: {} ← {}", join(&ev.source), join(&ev.target)),
        (false, true) => format!("{label}: {}", join(&ev.source)),
        (true, false) => format!("{label} ← {}", join(&ev.target)),
        (true, true) => label.to_string(),
    };
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1 data-event=\"{}\">{} {}</h1><dl class=\"facts\">\
<dt>النوع</dt><dd>{} <small>CAMEO {}</small></dd>\
<dt>المصدر</dt><dd>{}</dd><dt>الهدف</dt><dd>{}</dd>\
<dt>المكان</dt><dd>{}</dd>\
<dt>التاريخ</dt><dd>{} <small>({})</small></dd>\
<dt>الصيغة</dt><dd>{}</dd>\
<dt>التغطية</dt><dd>المنافذ: {} · المقالات: {}</dd></dl>",
        esc(&ev.id),
        type_badge(&ev.event_type),
        esc(&title),
        esc(&ev.event_type),
        esc(&ev.cameo),
        actor_list(&names, &ev.source),
        actor_list(&names, &ev.target),
        ev.location
            .as_deref()
            .map(|l| actor_link(&names, l))
            .unwrap_or_else(|| "غير معروف".into()),
        opt_date(ev.date.as_deref()),
        esc(precision_label(&ev.date_precision)),
        esc(mode_label(&ev.mode)),
        ev.num_sources,
        ev.num_articles,
    );
    if !ev.conflicts.is_empty() {
        b.push_str("<div class=\"conflicts\"><h2>تعارض بين المصادر</h2><ul>");
        for c in &ev.conflicts {
            let field = match c.field.as_str() {
                "date" => "التاريخ",
                "location" => "المكان",
                _ => c.field.as_str(),
            };
            let values: Vec<String> = c
                .values
                .iter()
                .map(|v| {
                    if c.field == "date" {
                        date_html(v)
                    } else if c.field == "location" {
                        actor_link(&names, v)
                    } else {
                        esc(v).to_string()
                    }
                })
                .collect();
            let _ = write!(b, "<li>{}: {}</li>", esc(field), values.join(" / "));
        }
        b.push_str("</ul></div>");
    }
    let _ = write!(b, "<h2>جمل الأدلة ({})</h2>", ev.mentions.len());
    for m in &ev.mentions {
        let art = articles.get(&m.article);
        let attribution = match (&m.attributed_to, &m.attributed_to_text) {
            (Some(e), _) => format!("بحسب {}", actor_link(&names, e)),
            (None, Some(t)) => format!("بحسب «{}»", esc(t)),
            (None, None) => "يرويه المنفذ مباشرة".to_string(),
        };
        let outlet = m
            .outlet
            .clone()
            .or_else(|| art.and_then(|a| a.outlet.clone()))
            .unwrap_or_else(|| "منفذ غير معروف".into());
        let _ = write!(
            b,
            "<article class=\"evidence\" data-article=\"{}\"><header><span class=\"outlet\">{}</span> · {} · {}{}</header>",
            esc(&m.article),
            esc(&outlet),
            opt_date(art.and_then(|a| a.published.as_deref())),
            attribution,
            if m.quote {
                " · <span class=\"quote\">اقتباس مباشر</span>"
            } else {
                ""
            }
        );
        match art {
            Some(a) if char_slice(&a.text, m.start, m.end) == m.text => {
                let (s, e) = paragraph_around(&a.text, m.start, m.end, 400);
                let mark = Highlight {
                    start: m.start,
                    end: m.end,
                    open: format!(
                        "<mark class=\"evidence-mark\" data-mention-text=\"{}\">",
                        esc(&m.text)
                    ),
                    close: "</mark>",
                };
                let _ = write!(
                    b,
                    "<p class=\"context\">{}{}{}</p>",
                    if cut_before(&a.text, s) { "… " } else { "" },
                    highlight_window(&a.text, s, e, std::slice::from_ref(&mark)),
                    if cut_after(&a.text, e) { " …" } else { "" }
                );
            }
            _ => {
                // The article is missing or its text no longer matches the stored offsets: show the evidence alone.
                let _ = write!(
                    b,
                    "<p class=\"context\"><mark class=\"evidence-mark\" data-mention-text=\"{0}\">{0}</mark></p>\
<p class=\"warn\">تعذّر عرض سياق الجملة في المقال.</p>",
                    esc(&m.text)
                );
            }
        }
        let title = art.and_then(|a| a.title.as_deref()).unwrap_or("المقال");
        let _ = write!(
            b,
            "<footer><a class=\"to-article\" href=\"/articles/{}\">{} ←</a></footer></article>",
            seg(&m.article),
            esc(title)
        );
    }
    Ok(Page::new(title, Nav::Events, b))
}

/// True when a context starting at char `s` begins inside a paragraph.
fn cut_before(text: &str, s: usize) -> bool {
    s > 0 && text.chars().nth(s - 1).is_some_and(|c| c != '\n')
}

/// True when a context ending at char `e` stops inside a paragraph.
fn cut_after(text: &str, e: usize) -> bool {
    text.chars().nth(e).is_some_and(|c| c != '\n')
}

/// Raw `/actors/{id}` query parameters: the cursors of its two event lists.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ActorParams {
    /// Events with the actor as source or target.
    pub cursor: Option<String>,
    /// Events located at the actor (places).
    pub lcursor: Option<String>,
}

/// `/actors/{id}`: spellings, description, co-actor graph, events as source/target (with the
/// role of each) and events located there, each list a page of `db::list_events`.
pub fn actor(cx: &Cx<'_>, id: &str, p: &ActorParams) -> Result<Page, WebError> {
    let cursor = parse_cursor("cursor", nonempty(&p.cursor))?;
    let lcursor = parse_cursor("lcursor", nonempty(&p.lcursor))?;
    let ent = q::entity_detail(cx.conn, cx.db.path(), id)?
        .ok_or_else(|| WebError::NotFound(format!("لا يوجد فاعل بالمعرّف «{id}»")))?;
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1 data-entity=\"{}\">{}</h1><dl class=\"facts\"><dt>النوع</dt><dd>{}</dd>",
        esc(&ent.id),
        esc(&ent.name),
        esc(kind_label(&ent.kind))
    );
    if let Some(en) = &ent.name_en {
        let _ = write!(
            b,
            "<dt>بالإنجليزية</dt><dd lang=\"en\" dir=\"ltr\">{}</dd>",
            esc(en)
        );
    }
    if let Some(r) = &ent.role {
        // Roles are English (the actor list's and the title table's).
        let _ = write!(
            b,
            "<dt>الصفة</dt><dd lang=\"en\" dir=\"ltr\">{}</dd>",
            esc(r)
        );
    }
    if let Some(c) = &ent.country {
        let _ = write!(
            b,
            "<dt>البلد</dt><dd><a href=\"/events?country={}\"><bdi>{}</bdi></a></dd>",
            seg(c),
            esc(c)
        );
    }
    if let Some(w) = &ent.wikidata {
        let _ = write!(b, "<dt>ويكي بيانات</dt><dd><bdi>{}</bdi></dd>", esc(w));
    }
    let _ = write!(
        b,
        "<dt>الذكر</dt><dd>{} مرة في {} مقالًا</dd><dt>المعرّف</dt><dd><bdi>{}</bdi></dd></dl>",
        ent.num_mentions,
        ent.num_articles,
        esc(&ent.id)
    );
    b.push_str("<h2>كل التهجئات الواردة</h2>");
    if ent.spellings.is_empty() {
        b.push_str("<p class=\"empty\">لم يُذكر في أي مقال.</p>");
    } else {
        b.push_str("<ul class=\"spellings\">");
        for s in ent.spellings.iter().take(200) {
            let _ = write!(
                b,
                "<li><a href=\"/search?q={}\">{}</a> <small>×{}</small></li>",
                seg(&s.text),
                esc(&s.text),
                s.count
            );
        }
        b.push_str("</ul>");
    }
    b.push_str("<h2>الفاعلون المشاركون</h2>");
    let nodes: Vec<svg::CoActor<'_>> = ent
        .co_actors
        .iter()
        .take(12)
        .map(|c| svg::CoActor {
            id: &c.id,
            label: c.name.as_deref().unwrap_or(&c.id),
            shared: c.events,
        })
        .collect();
    b.push_str(&svg::co_actor_graph(&ent.name, &nodes));

    let here = format!("/actors/{}", seg(id));
    let _ = write!(
        b,
        "<h2 id=\"as-actor\">أحداثه: بصفته مصدرًا ({}) أو هدفًا ({})</h2>",
        ent.events_as_source, ent.events_as_target
    );
    let filter = db::EventFilter {
        actor: Some(id.to_owned()),
        ..db::EventFilter::default()
    };
    let page = db::list_events(cx.conn, &filter, PAGE_SIZE, cursor.as_ref())?;
    b.push_str(&event_table(&page.items, Some(id)));
    let lc = lcursor.as_ref().map(Cursor::encode);
    b.push_str(&pager(
        cursor.is_some().then(|| {
            format!(
                "{}#as-actor",
                query_string(&here, &[("lcursor", lc.as_deref())])
            )
        }),
        page.next.as_deref().map(|n| {
            format!(
                "{}#as-actor",
                query_string(&here, &[("cursor", Some(n)), ("lcursor", lc.as_deref())])
            )
        }),
    ));
    if ent.events_as_location > 0 {
        let _ = write!(
            b,
            "<h2 id=\"located\">أحداث وقعت فيه ({})</h2>",
            ent.events_as_location
        );
        let filter = db::EventFilter {
            location: Some(id.to_owned()),
            ..db::EventFilter::default()
        };
        let page = db::list_events(cx.conn, &filter, PAGE_SIZE, lcursor.as_ref())?;
        b.push_str(&event_table(&page.items, None));
        let c = cursor.as_ref().map(Cursor::encode);
        b.push_str(&pager(
            lcursor.is_some().then(|| {
                format!(
                    "{}#located",
                    query_string(&here, &[("cursor", c.as_deref())])
                )
            }),
            page.next.as_deref().map(|n| {
                format!(
                    "{}#located",
                    query_string(&here, &[("cursor", c.as_deref()), ("lcursor", Some(n))])
                )
            }),
        ));
    }
    Ok(Page::new(ent.name.clone(), Nav::None, b))
}

/// `/articles/{id}`: the article with entity mentions and event evidence highlighted.
pub fn article(cx: &Cx<'_>, id: &str) -> Result<Page, WebError> {
    let a = db::get_article(cx.conn, id)?
        .ok_or_else(|| WebError::NotFound(format!("لا يوجد مقال بالمعرّف «{id}»")))?;
    let events = q::article_events(cx.conn, id)?;
    let claims: Vec<ClaimDoc> = a
        .claims
        .iter()
        .filter_map(|c| serde_json::from_value(c.clone()).ok())
        .collect();
    let mut spans: Vec<Highlight> = Vec::new();
    for e in &events {
        for m in e.mentions.iter().filter(|m| m.article == a.id) {
            spans.push(Highlight {
                start: m.start,
                end: m.end,
                open: format!(
                    "<mark class=\"ev t-{}\" data-event=\"{}\" title=\"{} ({})\">",
                    esc(&e.event_type),
                    esc(&e.id),
                    esc(event_type_label(&e.event_type)),
                    esc(&e.event_type)
                ),
                close: "</mark>",
            });
        }
    }
    for m in &a.entities {
        spans.push(Highlight {
            start: usize::try_from(m.start).unwrap_or(0),
            end: usize::try_from(m.end).unwrap_or(0),
            open: format!(
                "<a class=\"ent k-{}\" href=\"/actors/{}\" data-entity=\"{}\" title=\"{}\">",
                esc(&m.kind),
                seg(&m.entity),
                esc(&m.entity),
                esc(&m.name)
            ),
            close: "</a>",
        });
    }
    let title = a.title.clone().unwrap_or_else(|| "مقال بلا عنوان".into());
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>{}</h1><p class=\"meta\"><span class=\"outlet\">{}</span> · {}",
        esc(&title),
        esc(a.outlet.as_deref().unwrap_or("منفذ غير معروف")),
        opt_date(a.published.as_deref())
    );
    if let Some(u) = &a.url {
        let _ = write!(b, " · <bdi class=\"url\" dir=\"ltr\">{}</bdi>", esc(u));
    }
    if let Some(s) = &a.story {
        let _ = write!(b, " · <a href=\"/stories/{}\">القصة</a>", seg(s));
    }
    if let Some(d) = &a.duplicate_of {
        let _ = write!(
            b,
            " · <a class=\"dup\" href=\"/articles/{}\">نسخة مكررة من مقال سابق</a>",
            seg(d)
        );
    }
    b.push_str("</p><p class=\"legend-line\"><mark class=\"ev\">جملة دليل على حدث</mark> \
<a class=\"ent k-person\">شخص</a> <a class=\"ent k-organization\">منظمة</a> <a class=\"ent k-location\">مكان</a></p>");
    let _ = write!(
        b,
        "<div class=\"article-text\">{}</div>",
        highlight(&a.text, &spans)
    );
    let _ = write!(b, "<h2>الأحداث في هذا المقال ({})</h2>", events.len());
    b.push_str(&event_table(&summaries_of(cx.conn, &events)?, None));
    if !claims.is_empty() {
        let claimants: Vec<String> = claims.iter().filter_map(|c| c.claimant.clone()).collect();
        let names = db::entity_refs(cx.conn, &claimants)?;
        let _ = write!(
            b,
            "<h2>أرقام مذكورة ({})</h2><ul class=\"claims\">",
            claims.len()
        );
        for c in &claims {
            let _ = write!(
                b,
                "<li>{} {} — {} <q>{}</q></li>",
                esc(&number_as_written(
                    &c.text,
                    &c.quantity.value,
                    &c.quantity.qualifier
                )),
                esc(unit_label(&c.quantity.unit)),
                claimant_html(&names, c.claimant.as_deref(), c.claimant_text.as_deref()),
                esc(&c.text)
            );
        }
        b.push_str("</ul>");
    }
    let mut ents: Vec<(&str, &str)> = a
        .entities
        .iter()
        .map(|m| (m.entity.as_str(), m.name.as_str()))
        .collect();
    ents.sort();
    ents.dedup();
    let _ = write!(
        b,
        "<h2>الكيانات المذكورة ({})</h2><ul class=\"spellings\">",
        ents.len()
    );
    for (id, name) in ents {
        let _ = write!(
            b,
            "<li><a href=\"/actors/{}\">{}</a></li>",
            seg(id),
            esc(name)
        );
    }
    b.push_str("</ul>");
    Ok(Page::new(title, Nav::None, b))
}

/// Raw `/stories` query parameters.
#[derive(Debug, Default, serde::Deserialize)]
pub struct StoriesParams {
    /// Only stories with at least this many articles (default 2: a single article is no story).
    pub min: Option<String>,
    pub cursor: Option<String>,
}

/// `/stories`: stories with at least `min` articles, most recently published first, paged.
pub fn stories(cx: &Cx<'_>, p: &StoriesParams) -> Result<Page, WebError> {
    let min = match nonempty(&p.min) {
        None => 2,
        Some(s) => s
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=100_000).contains(n))
            .ok_or_else(|| WebError::BadRequest(format!("min: «{s}» ليس عددًا صحيحًا موجبًا")))?,
    };
    let cursor = parse_cursor("cursor", nonempty(&p.cursor))?;
    let filter = db::StoryFilter {
        min_articles: Some(min),
        ..db::StoryFilter::default()
    };
    let page = cx
        .db
        .list_stories(cx.conn, &filter, PAGE_SIZE, cursor.as_ref())?;
    let mut b = String::from(
        "<h1>القصص</h1><p class=\"muted\">مقالات عن الموضوع نفسه خلال أيام متقاربة، مجمّعة آليًا، الأحدث أولًا.</p>",
    );
    let _ = write!(
        b,
        "<form class=\"filters\" method=\"get\" action=\"/stories\"><label>أدنى عدد مقالات \
<input type=\"number\" min=\"1\" name=\"min\" value=\"{min}\"></label><button type=\"submit\">تصفية</button></form>"
    );
    if page.items.is_empty() {
        b.push_str("<p class=\"empty\">لا توجد قصص.</p>");
    } else {
        b.push_str("<table><thead><tr><th>القصة</th><th>المقالات</th><th>المنافذ</th><th>من</th><th>إلى</th></tr></thead><tbody>");
        for st in &page.items {
            let _ = write!(
                b,
                "<tr><td><a href=\"/stories/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                seg(&st.id),
                esc(st.title.as_deref().unwrap_or(&st.id)),
                st.num_articles,
                st.num_outlets,
                opt_date(st.first_published.as_deref()),
                opt_date(st.last_published.as_deref())
            );
        }
        b.push_str("</tbody></table>");
    }
    let m = min.to_string();
    b.push_str(&pager(
        cursor
            .is_some()
            .then(|| query_string("/stories", &[("min", Some(&m))])),
        page.next
            .as_deref()
            .map(|n| query_string("/stories", &[("min", Some(&m)), ("cursor", Some(n))])),
    ));
    Ok(Page::new("القصص", Nav::Stories, b))
}

/// Raw `/stories/{id}` query parameters.
#[derive(Debug, Default, serde::Deserialize)]
pub struct StoryParams {
    /// Offset into the story's articles.
    pub start: Option<String>,
}

/// `/stories/{id}`: a page of the story's articles in order and its most reported events.
pub fn story(cx: &Cx<'_>, id: &str, p: &StoryParams) -> Result<Page, WebError> {
    let start = parse_offset("start", nonempty(&p.start))?;
    let head = q::story_head(cx.conn, id)?
        .ok_or_else(|| WebError::NotFound(format!("لا توجد قصة بالمعرّف «{id}»")))?;
    let arts = q::story_articles(cx.conn, id, STORY_ARTICLES, start)?;
    let title = head.title.clone().unwrap_or_else(|| "قصة".into());
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>{}</h1><p class=\"muted\">{} مقالًا من {} منفذًا · من {} إلى {}</p>",
        esc(&title),
        head.num_articles,
        head.num_outlets,
        opt_date(head.first.as_deref()),
        opt_date(head.last.as_deref())
    );
    let _ = write!(b, "<ol class=\"story\" start=\"{}\">", start + 1);
    for a in &arts {
        let _ = write!(
            b,
            "<li>{} · <span class=\"outlet\">{}</span> · <a href=\"/articles/{}\">{}</a>{}</li>",
            opt_date(a.published.as_deref()),
            esc(a.outlet.as_deref().unwrap_or("—")),
            seg(&a.id),
            esc(a.title.as_deref().unwrap_or("بلا عنوان")),
            if a.duplicate_of.is_some() {
                " <small class=\"dup\">(نسخة مكررة)</small>"
            } else {
                ""
            }
        );
    }
    b.push_str("</ol>");
    let here = format!("/stories/{}", seg(id));
    let shown_to = start + arts.len();
    let next = (i64::try_from(shown_to).unwrap_or(i64::MAX) < head.num_articles)
        .then(|| shown_to.to_string());
    b.push_str(&pager(
        (start > 0).then(|| here.clone()),
        next.as_deref()
            .map(|n| query_string(&here, &[("start", Some(n))])),
    ));
    let (docs, total) = q::story_events(cx.conn, id, STORY_EVENTS)?;
    if total > docs.len() as i64 {
        let _ = write!(
            b,
            "<h2>أحداث القصة ({total}) — أوسعها تغطية ({})</h2>",
            docs.len()
        );
    } else {
        let _ = write!(b, "<h2>أحداث القصة ({total})</h2>");
    }
    b.push_str(&event_table(&summaries_of(cx.conn, &docs)?, None));
    Ok(Page::new(title, Nav::Stories, b))
}

/// Raw `/search` query parameters.
#[derive(Debug, Default, serde::Deserialize)]
pub struct SearchParams {
    pub q: Option<String>,
    /// Offset into the ranked hits.
    pub start: Option<String>,
    /// Cursor of the literal-match fallback (no index).
    pub cursor: Option<String>,
}

/// `/search?q=`: ranked articles from the full-text index, or, without an index, a literal
/// (folded) substring match over texts, newest first; plus actors matching the query by any
/// spelling (the query layer's in-memory spelling index).
pub fn search(cx: &Cx<'_>, p: &SearchParams) -> Result<Page, WebError> {
    let query = p.q.as_deref().unwrap_or("").trim();
    let start = parse_offset("start", nonempty(&p.start))?;
    let cursor = parse_cursor("cursor", nonempty(&p.cursor))?;
    let mut b = String::from("<h1>البحث</h1>");
    let _ = write!(
        b,
        "<form class=\"filters\" method=\"get\" action=\"/search\"><label>العبارة \
<input type=\"search\" name=\"q\" value=\"{}\"></label><button type=\"submit\">بحث</button></form>",
        esc(query)
    );
    let page_of = |b: String| {
        let mut page = Page::new("البحث", Nav::Search, b);
        page.query = query.to_string();
        page
    };
    if query.is_empty() {
        b.push_str("<p class=\"muted\">اكتب كلمة أو اسمًا للبحث في عناوين المقالات ونصوصها.</p>");
        return Ok(page_of(b));
    }
    if query.chars().count() > 200 {
        return Err(WebError::BadRequest("q: العبارة أطول من 200 حرف".into()));
    }
    if rasd_text::fold(query).trim().is_empty() {
        return Err(WebError::BadRequest(
            "q: العبارة لا تحوي حروفًا يُبحث بها".into(),
        ));
    }
    let actors = cx.db.search_entities(cx.conn, query, None, 20, 0)?;
    if !actors.is_empty() && start == 0 && cursor.is_none() {
        let links: Vec<String> = actors
            .iter()
            .map(|e| {
                format!(
                    "<a class=\"actor\" href=\"/actors/{}\">{}</a>",
                    seg(&e.id),
                    esc(&e.name)
                )
            })
            .collect();
        let _ = write!(b, "<h2>فاعلون مطابقون</h2><p>{}</p>", links.join("، "));
    }
    if let Some(ix) = &cx.search {
        let res = ix.search(&rasd_search::SearchQuery {
            text: query.to_string(),
            limit: SEARCH_HITS,
            offset: start,
            ..rasd_search::SearchQuery::default()
        });
        match res {
            Ok(res) => {
                index_results(&mut b, query, start, &res);
                return Ok(page_of(b));
            }
            Err(rasd_search::SearchError::Query(e)) => {
                return Err(WebError::BadRequest(format!("q: {e}")));
            }
            // An unusable index: fall back to a literal match below.
            Err(e) => eprintln!("dashboard search: {e}"),
        }
    }
    let filter = db::ArticleFilter {
        text: Some(query.to_string()),
        ..db::ArticleFilter::default()
    };
    let page = db::list_articles(cx.conn, &filter, SEARCH_HITS, cursor.as_ref())?;
    let _ = write!(
        b,
        "<h2>المقالات</h2><p class=\"count\">{}{} مقالًا يحتوي «{}» (مطابقة حرفية للنص، الأحدث أولًا)</p><ol class=\"hits\">",
        if page.next.is_some() { "أكثر من " } else { "" },
        page.items.len(),
        esc(query)
    );
    let ids: Vec<String> = page.items.iter().map(|a| a.id.clone()).collect();
    let texts = q::article_texts(cx.conn, &ids)?;
    for a in &page.items {
        let text = texts.get(&a.id).map(|t| t.text.as_str()).unwrap_or("");
        let _ = write!(
            b,
            "<li><a href=\"/articles/{}\">{}</a> <small>{} · {}</small><p class=\"snippet\">{}</p></li>",
            seg(&a.id),
            esc(a.title.as_deref().unwrap_or("بلا عنوان")),
            esc(a.outlet.as_deref().unwrap_or("—")),
            opt_date(a.published.as_deref()),
            snippet(text, query)
        );
    }
    b.push_str("</ol>");
    b.push_str(&pager(
        cursor
            .is_some()
            .then(|| query_string("/search", &[("q", Some(query))])),
        page.next
            .as_deref()
            .map(|n| query_string("/search", &[("q", Some(query)), ("cursor", Some(n))])),
    ));
    Ok(page_of(b))
}

/// Ranked hits of the full-text index with their highlighted snippets and offset paging.
fn index_results(b: &mut String, query: &str, start: usize, res: &rasd_search::SearchResults) {
    let _ = write!(
        b,
        "<h2>المقالات</h2><p class=\"count\">{} مقالًا يطابق «{}» (بحث نصي كامل، مرتب حسب الصلة)</p><ol class=\"hits\" start=\"{}\">",
        res.total,
        esc(query),
        start + 1
    );
    for h in &res.hits {
        let marks: Vec<Highlight> = h
            .highlights
            .iter()
            .map(|&(start, end)| Highlight {
                start,
                end,
                open: "<mark>".into(),
                close: "</mark>",
            })
            .collect();
        let _ = write!(
            b,
            "<li><a href=\"/articles/{}\">{}</a> <small>{} · {}{}</small><p class=\"snippet\">{}</p></li>",
            seg(&h.article),
            esc(h.title.as_deref().unwrap_or("بلا عنوان")),
            esc(h.outlet.as_deref().unwrap_or("—")),
            opt_date(h.published.as_deref()),
            if h.duplicates > 0 {
                format!(" · {} نسخ مكررة", h.duplicates)
            } else {
                String::new()
            },
            highlight(&h.snippet, &marks)
        );
    }
    b.push_str("</ol>");
    let next = start + res.hits.len();
    let more = res.hits.len() == SEARCH_HITS && next < res.total;
    let n = next.to_string();
    b.push_str(&pager(
        (start > 0).then(|| query_string("/search", &[("q", Some(query))])),
        more.then(|| query_string("/search", &[("q", Some(query)), ("start", Some(&n))])),
    ));
}

/// Up to ~160 chars of `text` around the first occurrence of `query`, every occurrence marked.
pub fn snippet(text: &str, query: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let needle: Vec<char> = query.chars().collect();
    if needle.is_empty() {
        return String::new();
    }
    let hits: Vec<usize> = (0..chars.len().saturating_sub(needle.len() - 1))
        .filter(|&i| chars.get(i..i + needle.len()) == Some(&needle[..]))
        .collect();
    let Some(&first) = hits.first() else {
        return esc(&chars.iter().take(160).collect::<String>()).to_string();
    };
    let (s, e) = paragraph_around(text, first, first + needle.len(), 80);
    let marks: Vec<Highlight> = hits
        .iter()
        .map(|&h| Highlight {
            start: h,
            end: h + needle.len(),
            open: "<mark>".into(),
            close: "</mark>",
        })
        .collect();
    format!(
        "{}{}{}",
        if s > 0 { "… " } else { "" },
        highlight_window(text, s, e, &marks),
        if e < chars.len() { " …" } else { "" }
    )
}

fn unit_label(unit: &str) -> &str {
    match unit {
        "killed" => "قتيلًا",
        "injured" => "جريحًا",
        "casualties" => "بين قتيل وجريح",
        "detained" => "معتقلًا",
        "displaced" => "نازحًا",
        "violations" => "خرقًا",
        "trucks" => "شاحنة",
        "votes" => "صوتًا مؤيدًا",
        "votes_against" => "صوتًا معارضًا",
        "abstentions" => "ممتنعًا",
        other => other,
    }
}

fn unit_heading(unit: &str) -> &str {
    match unit {
        "killed" => "القتلى",
        "injured" => "الجرحى",
        "casualties" => "القتلى والجرحى",
        "detained" => "المعتقلون",
        "displaced" => "النازحون",
        "violations" => "الخروقات",
        "trucks" => "شاحنات المساعدات",
        "votes" => "الأصوات المؤيدة",
        "votes_against" => "الأصوات المعارضة",
        "abstentions" => "الممتنعون",
        "money" => "المبالغ",
        other => other,
    }
}

fn qualifier_label(q: &str) -> &'static str {
    match q {
        "more_than" => "أكثر من ",
        "less_than" => "أقل من ",
        "about" => "نحو ",
        _ => "",
    }
}

/// The number of a claim as the source wrote it: the digit run in the evidence text whose value
/// is `value` (Western, Arabic-Indic or Persian digits, with separators), else the value itself.
pub fn number_as_written(text: &str, value: &f64, qualifier: &str) -> String {
    let digit = |c: char| -> Option<u32> {
        match c {
            '0'..='9' => c.to_digit(10),
            '\u{660}'..='\u{669}' => Some(c as u32 - 0x660),
            '\u{6F0}'..='\u{6F9}' => Some(c as u32 - 0x6F0),
            _ => None,
        }
    };
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while let Some(&c0) = chars.get(i) {
        if digit(c0).is_none() {
            i += 1;
            continue;
        }
        let start = i;
        let mut ascii = String::new();
        while let Some(&c) = chars.get(i) {
            if let Some(d) = digit(c) {
                ascii.push(char::from_digit(d, 10).unwrap_or('0'));
            } else if matches!(c, ',' | '٬' | '.' | '٫')
                && chars.get(i + 1).and_then(|&n| digit(n)).is_some()
            {
                // A thousands separator is dropped, a decimal mark kept.
                if matches!(c, '.' | '٫') {
                    ascii.push('.');
                }
            } else {
                break;
            }
            i += 1;
        }
        if ascii.parse::<f64>().ok() == Some(*value) {
            let written: String = chars.get(start..i).unwrap_or_default().iter().collect();
            return format!("{}{written}", qualifier_label(qualifier));
        }
    }
    let shown = if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", *value as i64)
    } else {
        value.to_string()
    };
    format!("{}{shown}", qualifier_label(qualifier))
}

fn claimant_html(names: &Names, id: Option<&str>, text: Option<&str>) -> String {
    match (id, text) {
        (Some(id), _) => actor_link(names, id),
        (None, Some(t)) => format!("«{}»", esc(t)),
        (None, None) => "<span class=\"muted\">غير منسوب</span>".to_string(),
    }
}

/// Raw `/claims` query parameters.
#[derive(Debug, Default, serde::Deserialize)]
pub struct ClaimParams {
    pub unit: Option<String>,
    /// One day (`YYYY-MM-DD`): every claim of that date, to compare claimants.
    pub date: Option<String>,
    pub cursor: Option<String>,
}

/// `/claims`: figures grouped by unit and date, one row per claimant, disagreements flagged. A
/// page holds the 100 most recently stored claims (filtered by unit and/or day); each group
/// links to the whole day, where every claimant of that day is compared.
pub fn claims(cx: &Cx<'_>, p: &ClaimParams) -> Result<Page, WebError> {
    let o = q::overview(cx.conn, cx.db.path())?;
    let unit = match nonempty(&p.unit) {
        None => None,
        Some(u) if o.claim_units.iter().any(|(k, _)| k == u) => Some(u.to_owned()),
        Some(u) => {
            return Err(WebError::BadRequest(format!(
                "unit: «{u}» ليس من وحدات الأرقام المخزنة"
            )))
        }
    };
    let date = parse_day("date", nonempty(&p.date))?;
    let cursor = parse_cursor("cursor", nonempty(&p.cursor))?;
    let filter = db::ClaimFilter {
        unit: unit.clone(),
        from: date.clone(),
        to: date.clone(),
        ..db::ClaimFilter::default()
    };
    let page = db::list_claims(cx.conn, &filter, 2 * PAGE_SIZE, cursor.as_ref())?;
    let rows: Vec<(ClaimDoc, &db::ClaimItem)> = page
        .items
        .iter()
        .filter_map(|it| Some((serde_json::from_value(it.claim.clone()).ok()?, it)))
        .collect();
    let ids: Vec<String> = rows
        .iter()
        .filter_map(|(c, _)| c.claimant.clone())
        .collect();
    let names = db::entity_refs(cx.conn, &ids)?;
    let mut groups: BTreeMap<(String, String), Vec<&(ClaimDoc, &db::ClaimItem)>> = BTreeMap::new();
    for r in &rows {
        let day =
            r.0.date
                .clone()
                .or_else(|| r.1.published.as_ref().map(|p| p.chars().take(10).collect()))
                .unwrap_or_default();
        groups
            .entry((r.0.quantity.unit.clone(), day))
            .or_default()
            .push(r);
    }
    let mut b = String::from(
        "<h1>الأرقام المتنازع عليها</h1><p class=\"muted\">أعداد القتلى والجرحى والخروقات وغيرها كما أوردها كل طرف، \
مجمّعة حسب النوع والتاريخ. الأرقام كما كُتبت في المصدر. الأحدث تخزينًا أولًا؛ اختر تاريخًا لمقارنة كل من أورد رقمًا فيه.</p>",
    );
    b.push_str("<nav class=\"units\">");
    let _ = write!(
        b,
        "<a href=\"/claims\"{}>الكل</a>",
        if unit.is_none() {
            " aria-current=\"page\""
        } else {
            ""
        }
    );
    for (u, n) in &o.claim_units {
        let _ = write!(
            b,
            " · <a href=\"/claims?unit={}\"{}>{} <small>({n})</small></a>",
            seg(u),
            if unit.as_deref() == Some(u) {
                " aria-current=\"page\""
            } else {
                ""
            },
            esc(unit_heading(u))
        );
    }
    b.push_str("</nav>");
    if let Some(d) = &date {
        let _ = write!(b, "<p class=\"resolved\">أرقام يوم {}</p>", date_html(d));
    }
    if groups.is_empty() {
        b.push_str("<p class=\"empty\">لا توجد أرقام مستخرجة.</p>");
    }
    // One table per unit; the rows of one date share a date cell, flagged when the numbers differ.
    let mut current_unit: Option<&str> = None;
    for ((unit, day), list) in &groups {
        if current_unit != Some(unit.as_str()) {
            if current_unit.is_some() {
                b.push_str("</table></section>");
            }
            current_unit = Some(unit.as_str());
            let _ = write!(
                b,
                "<section class=\"claim-unit\"><h2>{}</h2><table class=\"claims\"><thead><tr><th>التاريخ</th>\
<th>الجهة</th><th>الرقم</th><th>المنفذ</th><th>النص</th></tr></thead>",
                esc(unit_heading(unit))
            );
        }
        let disagree = q::figures_differ(list.iter().map(|r| &r.0.quantity));
        let _ = write!(
            b,
            "<tbody class=\"claim-group{}\">",
            if disagree { " disagree" } else { "" }
        );
        for (k, (c, item)) in list.iter().map(|r| (&r.0, r.1)).enumerate() {
            b.push_str("<tr>");
            if k == 0 {
                let day_cell = if day.is_empty() {
                    "تاريخ غير معروف".to_string()
                } else if date.is_none() && list.iter().any(|r| r.0.date.as_deref() == Some(day)) {
                    format!(
                        "{} <a class=\"day\" href=\"/claims?unit={}&amp;date={}\">كل أرقام اليوم</a>",
                        date_html(day),
                        seg(unit),
                        seg(day)
                    )
                } else {
                    date_html(day)
                };
                let _ = write!(
                    b,
                    "<th scope=\"rowgroup\" rowspan=\"{}\">{}{}</th>",
                    list.len(),
                    day_cell,
                    if disagree {
                        " <span class=\"flag\">أرقام متباينة</span>"
                    } else {
                        ""
                    }
                );
            }
            // A part of another count says of which ("3 من أصل 11").
            let part_of = match c.quantity.out_of.filter(|_| c.quantity.is_part()) {
                Some(whole) => format!(" <small>من أصل {whole}</small>"),
                None => String::new(),
            };
            let _ = write!(
                b,
                "<td>{}</td><td class=\"num\">{}{part_of}</td><td>{}</td><td><a href=\"/articles/{}\">{}</a></td></tr>",
                claimant_html(&names, c.claimant.as_deref(), c.claimant_text.as_deref()),
                esc(&number_as_written(
                    &c.text,
                    &c.quantity.value,
                    &c.quantity.qualifier
                )),
                esc(item.outlet.as_deref().unwrap_or("—")),
                seg(&item.article),
                esc(&c.text)
            );
        }
        b.push_str("</tbody>");
    }
    if current_unit.is_some() {
        b.push_str("</table></section>");
    }
    let keep = [("unit", unit.as_deref()), ("date", date.as_deref())];
    b.push_str(&pager(
        cursor.is_some().then(|| query_string("/claims", &keep)),
        page.next.as_deref().map(|n| {
            let mut pairs = keep.to_vec();
            pairs.push(("cursor", Some(n)));
            query_string("/claims", &pairs)
        }),
    ));
    Ok(Page::new("الأرقام المتنازع عليها", Nav::Claims, b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::queries::fixture::{self, Fixture};

    /// Run a page function over the fixture (no search index: the literal fallback).
    fn on<T>(f: &Fixture, page: impl FnOnce(&Cx<'_>) -> T) -> T {
        let conn = f.conn();
        page(&Cx {
            conn: &conn,
            db: &f.db,
            search: None,
        })
    }

    fn bad_request(r: Result<Page, WebError>) -> String {
        match r {
            Err(WebError::BadRequest(m)) => m,
            Err(e) => panic!("expected a bad request, got {e}"),
            Ok(_) => panic!("expected a bad request, got a page"),
        }
    }

    /// The `href` of the `rel="next"` link, unescaped.
    fn next_link(body: &str) -> Option<String> {
        let i = body.find("rel=\"next\" href=\"")? + "rel=\"next\" href=\"".len();
        let rest = body.get(i..)?;
        Some(rest.get(..rest.find('"')?)?.replace("&amp;", "&"))
    }

    #[test]
    fn event_page_marks_each_evidence_sentence_inside_its_paragraph() {
        let f = fixture::build(0);
        let p = on(&f, |cx| event(cx, fixture::EVENT_ID)).unwrap();
        let marks: Vec<&str> = p
            .body
            .split("<mark class=\"evidence-mark\"")
            .skip(1)
            .map(|s| {
                let inner = &s[s.find('>').unwrap() + 1..];
                &inner[..inner.find("</mark>").unwrap()]
            })
            .collect();
        assert_eq!(
            marks,
            vec![
                "التقى وزير الخارجية التونسي نظيره القطري في الدوحة أمس.",
                "قال مصدر إن الوزيرين التقيا في الدوحة."
            ]
        );
        assert!(p.body.contains("بحسب «مصدر»"));
        assert!(p.body.contains("href=\"/articles/a1\""));
        assert!(p.body.contains("href=\"/actors/qat-fm\""));
        assert!(p.body.contains("تعارض بين المصادر"));
        // Each context is only the paragraph of its sentence.
        assert!(!p.body.contains("alert(1)"));
    }

    #[test]
    fn article_page_escapes_text_and_marks_the_merged_events_of_that_article() {
        let f = fixture::build(0);
        let p = on(&f, |cx| article(cx, fixture::ARTICLE_A)).unwrap();
        assert!(p.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!p.body.contains("<script>"));
        assert_eq!(p.title, "لقاء <b>تونسي</b> قطري");
        assert!(p
            .body
            .contains("<h1>لقاء &lt;b&gt;تونسي&lt;/b&gt; قطري</h1>"));
        assert!(p.body.contains(
            "<mark class=\"ev t-CONSULT\" data-event=\"ev1\" title=\"تشاور (CONSULT)\">التقى <a class=\"ent k-person\" href=\"/actors/tun-fm\""
        ));
        assert!(p.body.contains("الأحداث في هذا المقال (1)"));
        assert!(p.body.contains("١٢ قتيلًا"), "claim numeral as written");
    }

    #[test]
    fn events_list_validates_filters_with_messages() {
        let f = fixture::build(0);
        let bad = |p: EventParams| bad_request(on(&f, |cx| events(cx, &p)));
        assert!(bad(EventParams {
            event_type: Some("MEET".into()),
            ..Default::default()
        })
        .contains("PLOVER"));
        assert!(bad(EventParams {
            from: Some("2017-02-30".into()),
            ..Default::default()
        })
        .starts_with("from:"));
        assert!(bad(EventParams {
            min_sources: Some("-1".into()),
            ..Default::default()
        })
        .starts_with("min_sources:"));
        assert!(bad(EventParams {
            cursor: Some("zz".into()),
            ..Default::default()
        })
        .starts_with("cursor:"));
        assert!(bad(EventParams {
            country: Some("Tunisia".into()),
            ..Default::default()
        })
        .starts_with("country:"));
    }

    #[test]
    fn events_list_resolves_an_actor_spelling_and_filters_by_country() {
        let f = fixture::build(0);
        let list = |p: EventParams| on(&f, |cx| events(cx, &p)).unwrap().body;
        let ok = list(EventParams {
            event_type: Some("consult".into()),
            actor: Some("القطري".into()),
            from: Some(String::new()),
            ..Default::default()
        });
        assert!(ok.contains("<p class=\"count\">1 حدثًا مطابقًا</p>"), "{ok}");
        assert!(ok.contains("<option value=\"CONSULT\" selected>"));
        assert!(ok.contains("أقرب تطابق"));
        assert!(ok.contains("data-event=\"ev1\""));
        let none = list(EventParams {
            actor: Some("لا أحد بهذا الاسم".into()),
            ..Default::default()
        });
        assert!(none.contains("لا يوجد فاعل يطابق"));
        assert!(!none.contains("data-event=\"ev1\""));
        assert!(list(EventParams {
            country: Some("qat".into()),
            ..Default::default()
        })
        .contains("data-event=\"ev1\""));
        assert!(!list(EventParams {
            country: Some("EGY".into()),
            ..Default::default()
        })
        .contains("data-event=\"ev1\""));
    }

    #[test]
    fn claims_page_shows_each_claimant_number_as_written_and_flags_disagreement() {
        let f = fixture::build(0);
        let p = on(&f, |cx| claims(cx, &ClaimParams::default())).unwrap();
        assert!(p.body.contains("<td class=\"num\">١٢</td>"));
        assert!(p.body.contains("<td class=\"num\">15</td>"));
        assert!(p.body.contains("أرقام متباينة"));
        assert!(p.body.contains("«الصحة»"));
        assert!(p
            .body
            .contains("href=\"/claims?unit=killed&amp;date=2017-06-05\""));
        let day = on(&f, |cx| {
            claims(
                cx,
                &ClaimParams {
                    unit: Some("killed".into()),
                    date: Some("2017-06-05".into()),
                    cursor: None,
                },
            )
        })
        .unwrap();
        assert_eq!(day.body.matches("<td class=\"num\">").count(), 2);
        let other = on(&f, |cx| {
            claims(
                cx,
                &ClaimParams {
                    date: Some("2017-06-04".into()),
                    ..Default::default()
                },
            )
        })
        .unwrap();
        assert!(other.body.contains("لا توجد أرقام مستخرجة"));
        assert!(bad_request(on(&f, |cx| claims(
            cx,
            &ClaimParams {
                unit: Some("goats".into()),
                ..Default::default()
            }
        )))
        .starts_with("unit:"));
    }

    #[test]
    fn numbers_are_found_as_written_in_any_digit_system() {
        assert_eq!(
            number_as_written("قتل ١٬٢٠٠ شخص", &1200.0, "more_than"),
            "أكثر من ١٬٢٠٠"
        );
        assert_eq!(number_as_written("نحو 2.5 مليون", &2.5, "about"), "نحو 2.5");
        assert_eq!(number_as_written("مقتل ألف شخص", &1000.0, "exact"), "1000");
    }

    #[test]
    fn search_without_index_matches_literally_and_lists_actors_by_spelling() {
        let s = snippet("<b>قطر</b> وقطر", "قطر");
        assert_eq!(s, "&lt;b&gt;<mark>قطر</mark>&lt;/b&gt; و<mark>قطر</mark>");
        let f = fixture::build(0);
        let search_for = |q: &str| {
            on(&f, |cx| {
                search(
                    cx,
                    &SearchParams {
                        q: Some(q.into()),
                        ..Default::default()
                    },
                )
            })
        };
        let p = search_for("الدوحة").unwrap();
        assert!(p.body.contains("2 مقالًا يحتوي «الدوحة»"), "{}", p.body);
        assert_eq!(p.query, "الدوحة");
        let p = search_for("الوزيرين").unwrap();
        assert!(p.body.contains("href=\"/actors/tun-fm\""), "{}", p.body);
        assert!(bad_request(search_for(&"ق".repeat(201))).starts_with("q:"));
    }

    #[test]
    fn unknown_ids_are_not_found() {
        let f = fixture::build(0);
        on(&f, |cx| {
            assert!(matches!(event(cx, "nope"), Err(WebError::NotFound(_))));
            assert!(matches!(
                actor(cx, "nope", &ActorParams::default()),
                Err(WebError::NotFound(_))
            ));
            assert!(matches!(article(cx, "nope"), Err(WebError::NotFound(_))));
            assert!(matches!(
                story(cx, "nope", &StoryParams::default()),
                Err(WebError::NotFound(_))
            ));
        });
    }

    #[test]
    fn actor_page_shows_graph_role_and_located_events() {
        let f = fixture::build(0);
        let p = on(&f, |cx| actor(cx, "tun-fm", &ActorParams::default())).unwrap();
        assert!(p.body.contains("<svg class=\"graph\""));
        assert!(p.body.contains("بصفته مصدرًا (1) أو هدفًا (0)"), "{}", p.body);
        assert!(p.body.contains("<td class=\"role\">مصدر</td>"));
        assert!(p.body.contains("الوزيرين"));
        let q = on(&f, |cx| actor(cx, "qat-fm", &ActorParams::default())).unwrap();
        assert!(q.body.contains("<td class=\"role\">هدف</td>"));
        let place = on(&f, |cx| actor(cx, "location:qat", &ActorParams::default())).unwrap();
        let w = rusqlite::Connection::open(&f.path).unwrap();
        w.execute_batch(
            "INSERT INTO event_actors (event, entity, role) VALUES ('ev1', 'unnamed:شرطه', 'source');
             INSERT INTO event_keys (key, date, event, type) VALUES ('a:unnamed:شرطه', '2017-06-05', 'ev1', 'CONSULT');",
        )
        .unwrap();
        let unnamed = on(&f, |cx| actor(cx, "unnamed:شرطه", &ActorParams::default())).unwrap();
        assert!(unnamed
            .body
            .contains("<h1 data-entity=\"unnamed:شرطه\">شرطه</h1>"));
        assert!(unnamed.body.contains("data-event=\"ev1\""));
        assert!(place.body.contains("أحداث وقعت فيه (1)"), "{}", place.body);
        assert!(bad_request(on(&f, |cx| actor(
            cx,
            "tun-fm",
            &ActorParams {
                cursor: Some("nothex".into()),
                lcursor: None
            }
        )))
        .starts_with("cursor:"));
    }

    #[test]
    fn story_page_pages_its_articles_and_lists_its_events() {
        let f = fixture::build(60);
        let first = on(&f, |cx| story(cx, fixture::STORY, &StoryParams::default())).unwrap();
        assert!(first.body.contains("62 مقالًا من 2 منفذًا"), "{}", first.body);
        assert_eq!(
            first.body.matches("href=\"/articles/").count(),
            STORY_ARTICLES
        );
        assert!(first.body.contains("أحداث القصة (1)"));
        let next = next_link(&first.body).expect("a next link");
        assert_eq!(next, "/stories/s-a1?start=50");
        let second = on(&f, |cx| {
            story(
                cx,
                fixture::STORY,
                &StoryParams {
                    start: Some("50".into()),
                },
            )
        })
        .unwrap();
        assert_eq!(second.body.matches("href=\"/articles/").count(), 12);
        assert!(next_link(&second.body).is_none());
        assert!(second.body.contains("<ol class=\"story\" start=\"51\">"));
    }

    #[test]
    fn overview_and_stories_render_from_cached_aggregates() {
        let f = fixture::build(0);
        let o = on(&f, overview).unwrap();
        assert!(o.body.contains("<svg class=\"timeline\""));
        assert!(o.body.contains("href=\"/actors/tun-fm\""));
        assert!(o.body.contains("data-event=\"ev1\""));
        let s = on(&f, |cx| stories(cx, &StoriesParams::default())).unwrap();
        assert!(s.body.contains("href=\"/stories/s-a1\""));
        let none = on(&f, |cx| {
            stories(
                cx,
                &StoriesParams {
                    min: Some("3".into()),
                    cursor: None,
                },
            )
        })
        .unwrap();
        assert!(none.body.contains("لا توجد قصص"));
    }

    /// Add `n` CONSULT events of `tun-fm` against `qat-fm`, one per day from 2017-07-01 on (rows
    /// in `events` and `event_keys`, what the lists read).
    fn add_events(f: &Fixture, n: usize) {
        let conn = rusqlite::Connection::open(&f.path).unwrap();
        for i in 0..n {
            let id = format!("extra{i:03}");
            let date = format!("2017-{:02}-{:02}", 7 + i / 28, 1 + i % 28);
            let doc = serde_json::json!({"id": id, "type": "CONSULT", "mode": "asserted",
                "source": ["tun-fm"], "target": ["qat-fm"], "date": date, "date_precision": "day",
                "num_articles": 1, "num_sources": 1, "mentions": []});
            conn.execute(
                "INSERT INTO events (id, type, mode, date, date_precision, num_articles, num_sources, json)
                 VALUES (?1, 'CONSULT', 'asserted', ?2, 'day', 1, 1, ?3)",
                rusqlite::params![id, date, doc.to_string()],
            )
            .unwrap();
            for key in ["a:tun-fm", "a:qat-fm", "c:TUN", "c:QAT"] {
                conn.execute(
                    "INSERT INTO event_keys (key, date, event, type) VALUES (?1, ?2, ?3, 'CONSULT')",
                    rusqlite::params![key, date, id],
                )
                .unwrap();
            }
        }
    }

    /// Event ids listed on a page body, in order.
    fn listed(body: &str) -> Vec<String> {
        body.split("<tr data-event=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next().map(str::to_owned))
            .collect()
    }

    #[test]
    fn event_lists_page_with_cursors_without_gaps_or_repeats() {
        let f = fixture::build(0);
        add_events(&f, 60);
        let first = on(&f, |cx| events(cx, &EventParams::default())).unwrap();
        let ids1 = listed(&first.body);
        assert_eq!(ids1.len(), PAGE_SIZE);
        assert_eq!(ids1.first().map(String::as_str), Some("extra059"));
        assert!(first.body.contains("أكثر من 50 حدثًا"));
        let next = next_link(&first.body).expect("next link");
        let cursor = next.split("cursor=").nth(1).unwrap().to_owned();
        let second = on(&f, |cx| {
            events(
                cx,
                &EventParams {
                    cursor: Some(cursor.clone()),
                    ..Default::default()
                },
            )
        })
        .unwrap();
        let ids2 = listed(&second.body);
        assert_eq!(ids2.len(), 11);
        assert!(ids1.iter().all(|i| !ids2.contains(i)));
        assert_eq!(ids2.last().map(String::as_str), Some(fixture::EVENT_ID));
        assert!(next_link(&second.body).is_none());
        assert!(second.body.contains("rel=\"first\""));

        // The actor page pages the same way, keeping the other list's cursor.
        let a1 = on(&f, |cx| actor(cx, "qat-fm", &ActorParams::default())).unwrap();
        assert_eq!(listed(&a1.body).len(), PAGE_SIZE);
        let next = next_link(&a1.body).expect("actor next link");
        assert!(next.starts_with("/actors/qat-fm?cursor="), "{next}");
        let c = next
            .trim_start_matches("/actors/qat-fm?cursor=")
            .trim_end_matches("#as-actor")
            .to_owned();
        let a2 = on(&f, |cx| {
            actor(
                cx,
                "qat-fm",
                &ActorParams {
                    cursor: Some(c),
                    lcursor: None,
                },
            )
        })
        .unwrap();
        assert_eq!(listed(&a2.body).len(), 11);
    }
}
