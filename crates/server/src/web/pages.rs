//! The dashboard pages: each function reads what it needs over one connection and returns the page HTML body.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write;

use rusqlite::Connection;

use super::dates::date_html;
use super::html::{
    esc, event_type_label, kind_label, mode_label, seg, type_badge, Nav, EVENT_TYPES,
};
use super::queries::{self as q, EntityInfo, EventDoc, EventFilter, EventSummary};
use super::spans::{char_slice, highlight, highlight_window, paragraph_around, Highlight};
use super::svg;
use super::WebError;

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

const PAGE_SIZE: i64 = 50;

/// Display name of an entity id: its stored name, else the id itself.
fn name_of<'a>(names: &'a HashMap<String, EntityInfo>, id: &'a str) -> &'a str {
    names.get(id).map(|e| e.name.as_str()).unwrap_or(id)
}

/// A link to an actor page.
fn actor_link(names: &HashMap<String, EntityInfo>, id: &str) -> String {
    format!(
        "<a class=\"actor\" href=\"/actors/{}\">{}</a>",
        seg(id),
        esc(name_of(names, id))
    )
}

fn actor_list(names: &HashMap<String, EntityInfo>, ids: &[String]) -> String {
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

/// Every entity id an event list refers to.
fn ids_of(events: &[EventSummary]) -> Vec<String> {
    let mut ids: Vec<String> = events
        .iter()
        .flat_map(|e| e.source.iter().chain(&e.target).chain(e.location.as_ref()))
        .cloned()
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

/// The event table used by the overview, list, actor and story pages.
fn event_table(events: &[EventSummary], names: &HashMap<String, EntityInfo>) -> String {
    if events.is_empty() {
        return "<p class=\"empty\">لا توجد أحداث.</p>".to_string();
    }
    let mut out = String::from(
        "<table class=\"events\"><thead><tr><th>التاريخ</th><th>النوع</th><th>المصدر</th>\
<th>الهدف</th><th>المكان</th><th>الصيغة</th><th title=\"عدد المنافذ الإخبارية / عدد المقالات\">المصادر</th><th></th></tr></thead><tbody>",
    );
    for e in events {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{} / {}</td>\
<td><a class=\"more\" href=\"/events/{}\">التفاصيل</a></td></tr>",
            event_date_cell(e),
            type_badge(&e.event_type),
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

fn summaries_of(docs: &[EventDoc]) -> Vec<EventSummary> {
    docs.iter()
        .map(|d| EventSummary {
            id: d.id.clone(),
            event_type: d.event_type.clone(),
            mode: d.mode.clone(),
            date: d.date.clone(),
            date_precision: d.date_precision.clone(),
            location: d.location.clone(),
            num_articles: d.num_articles,
            num_sources: d.num_sources,
            source: d.source.clone(),
            target: d.target.clone(),
        })
        .collect()
}

/// `/`: figures, the timeline, the most reported events and the most active actors.
pub fn overview(conn: &Connection) -> Result<Page, WebError> {
    let s = q::stats(conn)?;
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
    if let (Some(f), Some(l)) = (&s.first, &s.last) {
        let _ = write!(
            b,
            "<p class=\"muted\">تواريخ النشر من {} إلى {} · النسخ المكررة: {}</p>",
            date_html(f),
            date_html(l),
            s.duplicates
        );
    }
    b.push_str("<h2>الأحداث عبر الزمن حسب النوع</h2>");
    b.push_str(&svg::timeline(&q::timeline(conn)?));
    let top = q::top_events(conn, 10)?;
    let actors = q::top_actors(conn, 15)?;
    let mut ids = ids_of(&top);
    ids.extend(actors.iter().map(|(id, _)| id.clone()));
    let names = q::entities_by_id(conn, &ids)?;
    b.push_str("<h2>أوسع الأحداث تغطية</h2>");
    b.push_str(&event_table(&top, &names));
    b.push_str("<h2>أكثر الفاعلين حضورًا</h2>");
    if actors.is_empty() {
        b.push_str("<p class=\"empty\">لا يوجد فاعلون بعد.</p>");
    } else {
        b.push_str("<ol class=\"actors\">");
        for (id, n) in &actors {
            let _ = write!(
                b,
                "<li>{} <small>({n} حدثًا)</small></li>",
                actor_link(&names, id)
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
    pub actor: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub min_sources: Option<String>,
    pub page: Option<String>,
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

/// `/events`: the filter form and a page of matching events.
pub fn events(conn: &Connection, p: &EventParams) -> Result<Page, WebError> {
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
            s.parse::<i64>()
                .ok()
                .filter(|n| (0..=100_000).contains(n))
                .ok_or_else(|| {
                    WebError::BadRequest(format!("min_sources: «{s}» ليس عددًا صحيحًا موجبًا"))
                })?,
        ),
    };
    let page = match nonempty(&p.page) {
        None => 1,
        Some(s) => s
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=100_000).contains(n))
            .ok_or_else(|| WebError::BadRequest(format!("page: «{s}» ليس رقم صفحة صالحًا")))?,
    };
    let actor_q = nonempty(&p.actor).map(str::to_owned);
    let actors = match &actor_q {
        None => None,
        Some(a) => Some(q::find_entities(conn, a, 200)?),
    };
    let filter = EventFilter {
        event_type: event_type.clone(),
        actors,
        from: from.clone(),
        to: to.clone(),
        min_sources,
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
    };
    let (list, total) = q::events(conn, &filter)?;
    let names = q::entities_by_id(conn, &ids_of(&list))?;

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
<label>من <input type=\"date\" name=\"from\" value=\"{}\"></label>\
<label>إلى <input type=\"date\" name=\"to\" value=\"{}\"></label>\
<label>أدنى عدد مصادر <input type=\"number\" min=\"0\" name=\"min_sources\" value=\"{}\"></label>\
<button type=\"submit\">تصفية</button> <a href=\"/events\">مسح</a></form>",
        esc(actor_q.as_deref().unwrap_or("")),
        esc(from.as_deref().unwrap_or("")),
        esc(to.as_deref().unwrap_or("")),
        min_sources.map(|n| n.to_string()).unwrap_or_default(),
    );
    let _ = write!(b, "<p class=\"count\">{total} حدثًا مطابقًا</p>");
    b.push_str(&event_table(&list, &names));
    // Pagination links keep the filters.
    let link = |page: i64| {
        let mut qs = vec![format!("page={page}")];
        for (k, v) in [
            ("type", event_type.as_deref()),
            ("actor", actor_q.as_deref()),
            ("from", from.as_deref()),
            ("to", to.as_deref()),
        ] {
            if let Some(v) = v {
                qs.push(format!("{k}={}", seg(v)));
            }
        }
        if let Some(n) = min_sources {
            qs.push(format!("min_sources={n}"));
        }
        format!("/events?{}", esc(&qs.join("&")))
    };
    b.push_str("<nav class=\"pages\">");
    if page > 1 {
        let _ = write!(
            b,
            "<a rel=\"prev\" href=\"{}\">→ السابق</a>",
            link(page - 1)
        );
    }
    if page * PAGE_SIZE < total {
        let _ = write!(
            b,
            "<a rel=\"next\" href=\"{}\">التالي ←</a>",
            link(page + 1)
        );
    }
    b.push_str("</nav>");
    Ok(Page::new("الأحداث", Nav::Events, b))
}

/// `/events/{id}`: the event, its actors, and every evidence sentence highlighted in its article.
pub fn event(conn: &Connection, id: &str) -> Result<Page, WebError> {
    let ev = q::event(conn, id)?
        .ok_or_else(|| WebError::NotFound(format!("لا يوجد حدث بالمعرّف «{id}»")))?;
    let mut ids: Vec<String> = ev.source.iter().chain(&ev.target).cloned().collect();
    ids.extend(ev.location.iter().cloned());
    ids.extend(ev.mentions.iter().filter_map(|m| m.attributed_to.clone()));
    let names = q::entities_by_id(conn, &ids)?;
    let article_ids: Vec<String> = ev.mentions.iter().map(|m| m.article.clone()).collect();
    let articles = q::articles_by_id(conn, &article_ids)?;
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

/// `/actors/{id}`: spellings, description, co-actor graph and events as source/target.
pub fn actor(conn: &Connection, id: &str) -> Result<Page, WebError> {
    let ent = q::entity(conn, id)?
        .ok_or_else(|| WebError::NotFound(format!("لا يوجد فاعل بالمعرّف «{id}»")))?;
    let spellings = q::spellings(conn, id)?;
    let evs = q::actor_events(conn, id)?;
    let co = q::co_actors(conn, id, 12)?;
    let mut ids: Vec<String> = co.iter().map(|(c, _)| c.clone()).collect();
    let summaries: Vec<EventSummary> = evs.iter().map(|(_, e)| e.clone()).collect();
    ids.extend(ids_of(&summaries));
    let names = q::entities_by_id(conn, &ids)?;
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
        let _ = write!(b, "<dt>الصفة</dt><dd>{}</dd>", esc(r));
    }
    if let Some(c) = &ent.country {
        let _ = write!(b, "<dt>البلد</dt><dd><bdi>{}</bdi></dd>", esc(c));
    }
    if let Some(w) = &ent.wikidata {
        let _ = write!(b, "<dt>ويكي بيانات</dt><dd><bdi>{}</bdi></dd>", esc(w));
    }
    let _ = write!(
        b,
        "<dt>المعرّف</dt><dd><bdi>{}</bdi></dd></dl>",
        esc(&ent.id)
    );
    b.push_str("<h2>كل التهجئات الواردة</h2>");
    if spellings.is_empty() {
        b.push_str("<p class=\"empty\">لم يُذكر في أي مقال.</p>");
    } else {
        b.push_str("<ul class=\"spellings\">");
        for (s, n) in &spellings {
            let _ = write!(
                b,
                "<li><a href=\"/search?q={}\">{}</a> <small>×{n}</small></li>",
                seg(s),
                esc(s)
            );
        }
        b.push_str("</ul>");
    }
    b.push_str("<h2>الفاعلون المشاركون</h2>");
    let nodes: Vec<svg::CoActor<'_>> = co
        .iter()
        .map(|(c, n)| svg::CoActor {
            id: c,
            label: name_of(&names, c),
            shared: *n,
        })
        .collect();
    b.push_str(&svg::co_actor_graph(&ent.name, &nodes));
    let with_role = |role: &str| {
        evs.iter()
            .filter(|(r, _)| r == role)
            .map(|(_, e)| e.clone())
            .collect::<Vec<_>>()
    };
    for (role, heading) in [
        ("source", "أحداث بصفته مصدرًا"),
        ("target", "أحداث بصفته هدفًا"),
        ("location", "أحداث وقعت فيه"),
    ] {
        let list = with_role(role);
        if role == "location" && list.is_empty() {
            continue;
        }
        let _ = write!(b, "<h2>{heading} ({})</h2>", list.len());
        b.push_str(&event_table(&list, &names));
    }
    Ok(Page::new(ent.name.clone(), Nav::None, b))
}

/// `/articles/{id}`: the article with entity mentions and event evidence highlighted.
pub fn article(conn: &Connection, id: &str) -> Result<Page, WebError> {
    let a = q::article(conn, id)?
        .ok_or_else(|| WebError::NotFound(format!("لا يوجد مقال بالمعرّف «{id}»")))?;
    let mentions = q::article_mentions(conn, id)?;
    let events = q::article_events(conn, id)?;
    let claims = q::article_claims(conn, id)?;
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
    for m in &mentions {
        spans.push(Highlight {
            start: m.start,
            end: m.end,
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
    let mut ids: Vec<String> = events
        .iter()
        .flat_map(|e| e.source.iter().chain(&e.target).chain(e.location.as_ref()))
        .cloned()
        .collect();
    ids.extend(claims.iter().filter_map(|c| c.claimant.clone()));
    let names = q::entities_by_id(conn, &ids)?;
    b.push_str(&event_table(&summaries_of(&events), &names));
    if !claims.is_empty() {
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
    let mut ents: Vec<(&str, &str)> = mentions
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

/// `/stories`: the largest stories.
pub fn stories(conn: &Connection) -> Result<Page, WebError> {
    let list = q::stories(conn, 200)?;
    let mut b = String::from(
        "<h1>القصص</h1><p class=\"muted\">مقالات عن الموضوع نفسه خلال أيام متقاربة، مجمّعة آليًا.</p>",
    );
    if list.is_empty() {
        b.push_str("<p class=\"empty\">لا توجد قصص.</p>");
    } else {
        b.push_str("<table><thead><tr><th>القصة</th><th>المقالات</th><th>من</th><th>إلى</th></tr></thead><tbody>");
        for st in &list {
            let _ = write!(
                b,
                "<tr><td><a href=\"/stories/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                seg(&st.id),
                esc(st.title.as_deref().unwrap_or(&st.id)),
                st.articles,
                opt_date(st.first.as_deref()),
                opt_date(st.last.as_deref())
            );
        }
        b.push_str("</tbody></table>");
    }
    Ok(Page::new("القصص", Nav::Stories, b))
}

/// `/stories/{id}`: a story's articles in order and the events they report.
pub fn story(conn: &Connection, id: &str) -> Result<Page, WebError> {
    let arts = q::story_articles(conn, id)?;
    let Some(first) = arts.first() else {
        return Err(WebError::NotFound(format!("لا توجد قصة بالمعرّف «{id}»")));
    };
    let title = first.title.clone().unwrap_or_else(|| "قصة".into());
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>{}</h1><p class=\"muted\">{} مقالًا في هذه القصة</p><ol class=\"story\">",
        esc(&title),
        arts.len()
    );
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
    let ids: Vec<String> = arts.iter().map(|a| a.id.clone()).collect();
    let events = summaries_of(&q::events_of_articles(conn, &ids)?);
    let names = q::entities_by_id(conn, &ids_of(&events))?;
    let _ = write!(b, "<h2>أحداث القصة ({})</h2>", events.len());
    b.push_str(&event_table(&events, &names));
    Ok(Page::new(title, Nav::Stories, b))
}

/// `/search?q=`: ranked articles from the full-text index (`index`), or, without an index, a
/// literal substring match over titles and texts; plus actors matching the query.
pub fn search(
    conn: &Connection,
    index: Option<&rasd_search::SearchIndex>,
    query: &str,
) -> Result<Page, WebError> {
    let query = query.trim();
    let mut b = String::from("<h1>البحث</h1>");
    let _ = write!(
        b,
        "<form class=\"filters\" method=\"get\" action=\"/search\"><label>العبارة \
<input type=\"search\" name=\"q\" value=\"{}\"></label><button type=\"submit\">بحث</button></form>",
        esc(query)
    );
    if query.is_empty() {
        b.push_str("<p class=\"muted\">اكتب كلمة أو اسمًا للبحث في عناوين المقالات ونصوصها.</p>");
    } else if query.chars().count() > 200 {
        return Err(WebError::BadRequest("q: العبارة أطول من 200 حرف".into()));
    } else {
        let actors = q::find_entities(conn, query, 20)?;
        if !actors.is_empty() {
            let names = q::entities_by_id(conn, &actors)?;
            let _ = write!(
                b,
                "<h2>فاعلون مطابقون</h2><p>{}</p>",
                actor_list(&names, &actors)
            );
        }
        match index.map(|ix| {
            ix.search(&rasd_search::SearchQuery {
                text: query.to_string(),
                limit: 50,
                ..rasd_search::SearchQuery::default()
            })
        }) {
            Some(Ok(res)) => {
                index_results(&mut b, query, &res);
                let mut page = Page::new("البحث", Nav::Search, b);
                page.query = query.to_string();
                return Ok(page);
            }
            Some(Err(rasd_search::SearchError::Query(e))) => {
                return Err(WebError::BadRequest(format!("q: {e}")));
            }
            // No usable index: fall back to a literal match below.
            Some(Err(_)) | None => {}
        }
        let (hits, total) = q::search_like(conn, query, 50)?;
        let _ = write!(
            b,
            "<h2>المقالات</h2><p class=\"count\">{total} مقالًا يحتوي «{}» (مطابقة حرفية للنص)</p><ol class=\"hits\">",
            esc(query)
        );
        for h in &hits {
            let _ = write!(
                b,
                "<li><a href=\"/articles/{}\">{}</a> <small>{} · {}</small><p class=\"snippet\">{}</p></li>",
                seg(&h.article.id),
                esc(h.article.title.as_deref().unwrap_or("بلا عنوان")),
                esc(h.article.outlet.as_deref().unwrap_or("—")),
                opt_date(h.article.published.as_deref()),
                snippet(&h.text, query)
            );
        }
        b.push_str("</ol>");
    }
    let mut page = Page::new("البحث", Nav::Search, b);
    page.query = query.to_string();
    Ok(page)
}

/// Ranked hits of the full-text index with their highlighted snippets.
fn index_results(b: &mut String, query: &str, res: &rasd_search::SearchResults) {
    let _ = write!(
        b,
        "<h2>المقالات</h2><p class=\"count\">{} مقالًا يطابق «{}» (بحث نصي كامل، مرتب حسب الصلة)</p><ol class=\"hits\">",
        res.total,
        esc(query)
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
}

/// Up to ~160 chars of `text` around the first occurrence of `query`, every occurrence marked.
pub fn snippet(text: &str, query: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let needle: Vec<char> = query.chars().collect();
    if needle.is_empty() {
        return String::new();
    }
    let hits: Vec<usize> = (0..chars.len().saturating_sub(needle.len() - 1))
        .filter(|&i| chars[i..i + needle.len()] == needle[..])
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
        "detained" => "معتقلًا",
        "displaced" => "نازحًا",
        "violations" => "خرقًا",
        "trucks" => "شاحنة",
        other => other,
    }
}

fn unit_heading(unit: &str) -> &str {
    match unit {
        "killed" => "القتلى",
        "injured" => "الجرحى",
        "detained" => "المعتقلون",
        "displaced" => "النازحون",
        "violations" => "الخروقات",
        "trucks" => "شاحنات المساعدات",
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
    while i < chars.len() {
        if digit(chars[i]).is_none() {
            i += 1;
            continue;
        }
        let start = i;
        let mut ascii = String::new();
        while i < chars.len() {
            let c = chars[i];
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
            let written: String = chars[start..i].iter().collect();
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

fn claimant_html(
    names: &HashMap<String, EntityInfo>,
    id: Option<&str>,
    text: Option<&str>,
) -> String {
    match (id, text) {
        (Some(id), _) => actor_link(names, id),
        (None, Some(t)) => format!("«{}»", esc(t)),
        (None, None) => "<span class=\"muted\">غير منسوب</span>".to_string(),
    }
}

/// `/claims`: figures grouped by unit and date, one row per claimant, disagreements flagged.
pub fn claims(conn: &Connection) -> Result<Page, WebError> {
    let rows = q::claims(conn, 5000)?;
    let ids: Vec<String> = rows
        .iter()
        .filter_map(|r| r.claim.claimant.clone())
        .collect();
    let names = q::entities_by_id(conn, &ids)?;
    let mut groups: BTreeMap<(String, String), Vec<&q::ClaimRow>> = BTreeMap::new();
    for r in &rows {
        let date = r
            .claim
            .date
            .clone()
            .or_else(|| r.published.as_ref().map(|p| p.chars().take(10).collect()))
            .unwrap_or_default();
        groups
            .entry((r.claim.quantity.unit.clone(), date))
            .or_default()
            .push(r);
    }
    let mut b = String::from(
        "<h1>الأرقام المتنازع عليها</h1><p class=\"muted\">أعداد القتلى والجرحى والخروقات وغيرها كما أوردها كل طرف، \
مجمّعة حسب النوع والتاريخ. الأرقام كما كُتبت في المصدر.</p>",
    );
    if groups.is_empty() {
        b.push_str("<p class=\"empty\">لا توجد أرقام مستخرجة.</p>");
    }
    // One table per unit; the rows of one date share a date cell, flagged when the numbers differ.
    let mut current_unit: Option<&str> = None;
    for ((unit, date), list) in &groups {
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
        let mut values: Vec<f64> = list.iter().map(|r| r.claim.quantity.value).collect();
        values.sort_by(f64::total_cmp);
        values.dedup();
        let disagree = values.len() > 1;
        let _ = write!(
            b,
            "<tbody class=\"claim-group{}\">",
            if disagree { " disagree" } else { "" }
        );
        for (k, r) in list.iter().enumerate() {
            let c = &r.claim;
            b.push_str("<tr>");
            if k == 0 {
                let _ = write!(
                    b,
                    "<th scope=\"rowgroup\" rowspan=\"{}\">{}{}</th>",
                    list.len(),
                    if date.is_empty() {
                        "تاريخ غير معروف".to_string()
                    } else {
                        date_html(date)
                    },
                    if disagree {
                        " <span class=\"flag\">أرقام متباينة</span>"
                    } else {
                        ""
                    }
                );
            }
            let _ = write!(
                b,
                "<td>{}</td><td class=\"num\">{}</td><td>{}</td><td><a href=\"/articles/{}\">{}</a></td></tr>",
                claimant_html(&names, c.claimant.as_deref(), c.claimant_text.as_deref()),
                esc(&number_as_written(
                    &c.text,
                    &c.quantity.value,
                    &c.quantity.qualifier
                )),
                esc(r.outlet.as_deref().unwrap_or("—")),
                seg(&r.article),
                esc(&c.text)
            );
        }
        b.push_str("</tbody>");
    }
    if current_unit.is_some() {
        b.push_str("</table></section>");
    }
    Ok(Page::new("الأرقام المتنازع عليها", Nav::Claims, b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::queries::fixture;

    #[test]
    fn event_page_marks_each_evidence_sentence_inside_its_paragraph() {
        let conn = fixture::db();
        let p = event(&conn, fixture::EVENT_ID).unwrap();
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
    fn article_page_escapes_text_and_nests_entity_links_in_evidence() {
        let conn = fixture::db();
        let p = article(&conn, fixture::ARTICLE_A).unwrap();
        assert!(p.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!p.body.contains("<script>"));
        assert_eq!(p.title, "لقاء <b>تونسي</b> قطري");
        assert!(p
            .body
            .contains("<h1>لقاء &lt;b&gt;تونسي&lt;/b&gt; قطري</h1>"));
        assert!(p.body.contains(
            "<mark class=\"ev t-CONSULT\" data-event=\"ev1\" title=\"تشاور (CONSULT)\">التقى <a class=\"ent k-person\" href=\"/actors/tun-fm\""
        ));
        assert!(p.body.contains("١٢ قتيلًا"), "claim numeral as written");
    }

    #[test]
    fn events_list_validates_filters_with_messages() {
        let conn = fixture::db();
        let bad = |p: EventParams| match events(&conn, &p) {
            Err(WebError::BadRequest(m)) => m,
            _ => panic!("expected a bad request"),
        };
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
        let ok = events(
            &conn,
            &EventParams {
                event_type: Some("consult".into()),
                actor: Some("القطري".into()),
                from: Some(String::new()),
                ..Default::default()
            },
        )
        .unwrap();
        assert!(ok.body.contains("1 حدثًا مطابقًا"));
        assert!(ok.body.contains("<option value=\"CONSULT\" selected>"));
    }

    #[test]
    fn claims_page_shows_each_claimant_number_as_written_and_flags_disagreement() {
        let conn = fixture::db();
        let p = claims(&conn).unwrap();
        assert!(p.body.contains("<td class=\"num\">١٢</td>"));
        assert!(p.body.contains("<td class=\"num\">15</td>"));
        assert!(p.body.contains("أرقام متباينة"));
        assert!(p.body.contains("«الصحة»"));
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
    fn search_snippet_marks_matches_and_escapes() {
        let s = snippet("<b>قطر</b> وقطر", "قطر");
        assert_eq!(s, "&lt;b&gt;<mark>قطر</mark>&lt;/b&gt; و<mark>قطر</mark>");
        let conn = fixture::db();
        let p = search(&conn, None, "الدوحة").unwrap();
        assert!(p.body.contains("2 مقالًا يحتوي «الدوحة»"));
        assert_eq!(p.query, "الدوحة");
    }

    #[test]
    fn unknown_ids_are_not_found() {
        let conn = fixture::db();
        assert!(matches!(event(&conn, "nope"), Err(WebError::NotFound(_))));
        assert!(matches!(actor(&conn, "nope"), Err(WebError::NotFound(_))));
        assert!(matches!(article(&conn, "nope"), Err(WebError::NotFound(_))));
        assert!(matches!(story(&conn, "nope"), Err(WebError::NotFound(_))));
    }

    #[test]
    fn actor_and_story_pages_render_graph_and_events() {
        let conn = fixture::db();
        let p = actor(&conn, "tun-fm").unwrap();
        assert!(p.body.contains("<svg class=\"graph\""));
        assert!(p.body.contains("أحداث بصفته مصدرًا (1)"));
        assert!(p.body.contains("الوزيرين"));
        let s = story(&conn, "s-a1").unwrap();
        assert!(s.body.contains("أحداث القصة (1)"));
        let o = overview(&conn).unwrap();
        assert!(o.body.contains("<svg class=\"timeline\""));
    }
}
