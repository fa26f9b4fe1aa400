//! HTML article extraction: metadata (title, date, url, outlet) and the main content as one line per block.
//!
//! We use html5ever (via `scraper`) for parsing and our own small content picker rather than a
//! readability port: Arabic news pages are regular enough that "the `<article>`/articleBody element,
//! minus navigation, asides and share/related widgets" works, and the line-level cleaner
//! (`clean.rs`) removes what slips through. Traversal is iterative, so deeply nested pages
//! ("HTML bombs") cannot overflow the stack.

use ego_tree::iter::Edge;
use scraper::{ElementRef, Html, Node, Selector};

use rasd_core::SourceFormat;

use crate::{Body, IngestError, RawArticle, Skip};

/// Pages larger than this are rejected before parsing.
pub const MAX_HTML_BYTES: usize = 32 << 20;

/// Metadata and text lines extracted from an HTML page or fragment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    pub title: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub outlet: Option<String>,
    /// One line per block element of the main content, whitespace collapsed, empty lines removed.
    pub lines: Vec<String>,
}

/// Read one HTML page as an article (body extracted later by `prepare`, metadata now).
pub fn read(origin: &str, html: String, encoding: &str) -> Result<RawArticle, Skip> {
    if html.len() > MAX_HTML_BYTES {
        return Err(Skip {
            origin: origin.to_owned(),
            error: IngestError::TooLarge(format!(
                "{} bytes of HTML (limit {MAX_HTML_BYTES})",
                html.len()
            )),
        });
    }
    Ok(RawArticle::new(
        origin.to_owned(),
        SourceFormat::Html,
        encoding,
        Body::Html(html),
    ))
}

fn sel(s: &str) -> Option<Selector> {
    Selector::parse(s).ok()
}

/// Elements whose whole subtree is never article text.
fn is_skipped_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "nav"
            | "aside"
            | "footer"
            | "form"
            | "button"
            | "iframe"
            | "svg"
            | "select"
            | "option"
            | "input"
            | "textarea"
            | "head"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "map"
            | "dialog"
    )
}

/// Elements that start a new line.
fn is_block_tag(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "figure"
            | "figcaption"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "br"
            | "hr"
            | "address"
            | "time"
            | "center"
    )
}

/// class/id tokens of widgets that are not article text (matched as whole tokens).
const BOILERPLATE_TOKENS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "share",
    "sharing",
    "social",
    "related",
    "tags",
    "taglist",
    "comments",
    "comment",
    "newsletter",
    "subscribe",
    "subscription",
    "advert",
    "advertisement",
    "ads",
    "ad",
    "adv",
    "banner",
    "sidebar",
    "footer",
    "popular",
    "mostread",
    "most",
    "trending",
    "widget",
    "promo",
    "cookie",
    "cookies",
    "print",
    "social-links",
    "read-more",
    "readmore",
    "author-box",
    "outbrain",
    "taboola",
];

fn has_boilerplate_class(el: &scraper::node::Element) -> bool {
    let mut tokens = el.classes().chain(el.id());
    tokens.any(|t| {
        let t = t.to_ascii_lowercase();
        BOILERPLATE_TOKENS.contains(&t.as_str())
            || t.split(['-', '_']).any(|part| {
                matches!(
                    part,
                    "share"
                        | "social"
                        | "related"
                        | "breadcrumb"
                        | "breadcrumbs"
                        | "newsletter"
                        | "advert"
                        | "ads"
                        | "sidebar"
                        | "comments"
                        | "outbrain"
                        | "taboola"
                        | "tags"
                        | "menu"
                        | "nav"
                )
            })
    })
}

/// Deeper element nesting than this is refused: html5ever's tree builder does work proportional to
/// the stack of open elements for every tag, so a page of 100k nested `<div>`s ("HTML bomb") would
/// take minutes. Real news pages nest a few dozen levels.
pub const MAX_NESTING: usize = 512;

/// Extract metadata and main-content lines from a full HTML document.
pub fn extract(html: &str) -> Result<Extracted, IngestError> {
    check_nesting(html)?;
    let doc = Html::parse_document(html);
    let mut out = Extracted {
        title: find_title(&doc),
        published: find_published(&doc),
        url: meta_content(&doc, &["og:url"]).or_else(|| link_href(&doc, "canonical")),
        outlet: meta_content(&doc, &["og:site_name", "application-name"])
            .or_else(|| json_ld_publisher(&doc)),
        lines: Vec::new(),
    };
    let root = pick_content_root(&doc);
    out.lines = block_lines(root);
    // Keep the headline in the text when the content root left it out (title outside <article>).
    if let Some(h1) = sel("h1").and_then(|s| doc.select(&s).next()) {
        let h1_text = collapse_ws(&h1.text().collect::<String>());
        if !h1_text.is_empty() && !out.lines.iter().take(5).any(|l| l.contains(&h1_text)) {
            out.lines.insert(0, h1_text);
        }
    }
    Ok(out)
}

/// Tags that never hold nested content or are closed implicitly; they do not add nesting.
fn is_flat_tag(name: &str) -> bool {
    matches!(
        name,
        "br" | "img"
            | "meta"
            | "link"
            | "input"
            | "hr"
            | "wbr"
            | "source"
            | "area"
            | "base"
            | "col"
            | "embed"
            | "param"
            | "track"
            | "p"
            | "li"
            | "td"
            | "th"
            | "tr"
            | "option"
            | "dt"
            | "dd"
    )
}

/// Linear pre-scan of the approximate element nesting depth; errors past `MAX_NESTING`.
fn check_nesting(html: &str) -> Result<(), IngestError> {
    let b = html.as_bytes();
    let mut stack: Vec<&str> = Vec::new();
    let mut i = 0;
    while let Some(off) = b
        .get(i..)
        .and_then(|rest| rest.iter().position(|&c| c == b'<'))
    {
        i += off + 1;
        let Some(&c) = b.get(i) else { break };
        let closing = c == b'/';
        let start = if closing { i + 1 } else { i };
        let name_len = b.get(start..).map_or(0, |r| {
            r.iter().take_while(|c| c.is_ascii_alphanumeric()).count()
        });
        if name_len == 0 {
            continue;
        }
        let name = html.get(start..start + name_len).unwrap_or("");
        let lower = name.to_ascii_lowercase();
        let tag_end = b
            .get(start..)
            .and_then(|r| r.iter().position(|&c| c == b'>'))
            .map(|p| start + p);
        let self_closing = tag_end.is_some_and(|e| e > 0 && b.get(e - 1) == Some(&b'/'));
        if closing {
            if let Some(pos) = stack.iter().rposition(|n| n.eq_ignore_ascii_case(&lower)) {
                stack.truncate(pos);
            }
        } else if lower == "script" || lower == "style" {
            // Raw text: skip to the closing tag.
            let close = format!("</{lower}");
            let rest = html.get(i..).unwrap_or("");
            match rest.to_ascii_lowercase().find(&close) {
                Some(p) => i += p,
                None => break,
            }
        } else if !self_closing && !is_flat_tag(&lower) {
            stack.push(name);
            if stack.len() > MAX_NESTING {
                return Err(IngestError::Html(format!(
                    "elements nested deeper than {MAX_NESTING} levels"
                )));
            }
        }
        if let Some(e) = tag_end {
            i = e + 1;
        }
    }
    Ok(())
}

/// Extract lines from an HTML fragment (feed item content).
pub fn extract_fragment(html: &str) -> Result<Vec<String>, IngestError> {
    check_nesting(html)?;
    let doc = Html::parse_fragment(html);
    Ok(block_lines(doc.root_element()))
}

/// The element holding the article text: articleBody, the largest `<article>`, a known content
/// class, `<main>`, or `<body>`, preferring the larger page when a candidate is implausibly small.
fn pick_content_root(doc: &Html) -> ElementRef<'_> {
    let whole = sel("body")
        .and_then(|s| doc.select(&s).next())
        .unwrap_or_else(|| doc.root_element());
    let whole_len = text_len(whole);
    let candidates = [
        "[itemprop=articleBody]",
        "article",
        ".article-body, .article-content, .entry-content, .story-body, .post-content, #article-body, \
         .field-name-body, .news-content, .article-text, .articleBody, .story-content, .post-body",
        "main",
    ];
    for c in candidates {
        let Some(s) = sel(c) else { continue };
        let best = doc.select(&s).max_by_key(|e| text_len(*e));
        if let Some(e) = best {
            let len = text_len(e);
            // A tiny "article" (a teaser card) is not the content when the page has much more text.
            if len >= 200 || len * 3 >= whole_len {
                return e;
            }
        }
    }
    whole
}

/// Characters of visible text under `el` (skipped subtrees excluded).
fn text_len(el: ElementRef<'_>) -> usize {
    block_lines(el).iter().map(|l| l.chars().count()).sum()
}

/// Visible text under `root`, one line per block element, skipping non-content subtrees.
fn block_lines(root: ElementRef<'_>) -> Vec<String> {
    let h_sel = sel("h1, h2");
    // A page-level <header> is navigation; an article's <header> holds its headline.
    let header_has_headline = |node: ego_tree::NodeRef<'_, Node>| {
        ElementRef::wrap(node)
            .zip(h_sel.as_ref())
            .is_some_and(|(e, s)| e.select(s).next().is_some())
    };
    let mut lines = Vec::new();
    let mut current = String::new();
    let mut skip_until: Option<ego_tree::NodeId> = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if skip_until.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Element(el) => {
                        let name = el.name();
                        let is_root = node.id() == root.id();
                        let skip = !is_root
                            && (is_skipped_tag(name)
                                || has_boilerplate_class(el)
                                || el.attr("hidden").is_some()
                                || el.attr("aria-hidden") == Some("true")
                                || (name == "header" && !header_has_headline(node)));
                        if skip {
                            skip_until = Some(node.id());
                        } else if is_block_tag(name) {
                            flush_line(&mut current, &mut lines);
                        }
                    }
                    Node::Text(t) => {
                        current.push_str(t);
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(id) = skip_until {
                    if id == node.id() {
                        skip_until = None;
                    }
                    continue;
                }
                if let Node::Element(el) = node.value() {
                    if is_block_tag(el.name()) {
                        flush_line(&mut current, &mut lines);
                    }
                }
            }
        }
    }
    flush_line(&mut current, &mut lines);
    lines
}

fn flush_line(current: &mut String, lines: &mut Vec<String>) {
    let line = collapse_ws(current);
    if !line.is_empty() {
        lines.push(line);
    }
    current.clear();
}

/// Collapse runs of whitespace (incl. NBSP) to one space and trim.
pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_whitespace() || c == '\u{00A0}') {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn meta_content(doc: &Html, names: &[&str]) -> Option<String> {
    for name in names {
        let q =
            format!("meta[property=\"{name}\"], meta[name=\"{name}\"], meta[itemprop=\"{name}\"]");
        if let Some(s) = sel(&q) {
            for m in doc.select(&s) {
                if let Some(c) = m
                    .value()
                    .attr("content")
                    .map(collapse_ws)
                    .filter(|c| !c.is_empty())
                {
                    return Some(c);
                }
            }
        }
    }
    None
}

fn link_href(doc: &Html, rel: &str) -> Option<String> {
    let s = sel(&format!("link[rel=\"{rel}\"]"))?;
    doc.select(&s).find_map(|l| {
        l.value()
            .attr("href")
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .map(String::from)
    })
}

fn find_title(doc: &Html) -> Option<String> {
    if let Some(t) = meta_content(doc, &["og:title", "twitter:title"]) {
        return Some(t);
    }
    if let Some(h1) = sel("h1").and_then(|s| doc.select(&s).next()) {
        let t = collapse_ws(&h1.text().collect::<String>());
        if !t.is_empty() {
            return Some(t);
        }
    }
    let t = sel("title").and_then(|s| doc.select(&s).next())?;
    let t = collapse_ws(&t.text().collect::<String>());
    // "Headline | Site" / "Headline - Site": keep the longest part.
    let best = t
        .split(" | ")
        .flat_map(|p| p.split(" - "))
        .max_by_key(|p| p.chars().count())
        .map(str::trim)
        .unwrap_or("");
    (!best.is_empty()).then(|| best.to_owned())
}

fn find_published(doc: &Html) -> Option<String> {
    if let Some(d) = meta_content(
        doc,
        &[
            "article:published_time",
            "datePublished",
            "pubdate",
            "publishdate",
            "publish-date",
            "DC.date.issued",
            "date",
        ],
    ) {
        return Some(d);
    }
    if let Some(d) = json_ld_field(doc, "datePublished") {
        return Some(d);
    }
    let s = sel("time[datetime]")?;
    doc.select(&s)
        .find_map(|t| t.value().attr("datetime").map(str::trim).map(String::from))
}

fn json_ld_values(doc: &Html) -> Vec<serde_json::Value> {
    let Some(s) = sel("script[type=\"application/ld+json\"]") else {
        return Vec::new();
    };
    doc.select(&s)
        .filter_map(|e| serde_json::from_str(&e.text().collect::<String>()).ok())
        .collect()
}

/// First string value of `key` anywhere in the page's JSON-LD (depth-first, iterative).
fn json_ld_field(doc: &Html, key: &str) -> Option<String> {
    let mut stack = json_ld_values(doc);
    stack.reverse();
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(s)) = map.get(key) {
                    return Some(s.clone());
                }
                stack.extend(map.into_iter().map(|(_, v)| v).rev());
            }
            serde_json::Value::Array(items) => stack.extend(items.into_iter().rev()),
            _ => {}
        }
    }
    None
}

fn json_ld_publisher(doc: &Html) -> Option<String> {
    json_ld_values(doc).into_iter().find_map(|v| {
        v.get("publisher")
            .and_then(|p| p.get("name"))
            .and_then(|n| n.as_str())
            .map(String::from)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html><html lang="ar" dir="rtl"><head>
<meta charset="utf-8"><title>الوزير يلتقي نظيره | موقع الأخبار</title>
<meta property="og:site_name" content="موقع الأخبار">
<meta property="article:published_time" content="2025-12-20T10:00:00+03:00">
<link rel="canonical" href="https://example.com/a/1">
<script>var x = "<p>لا</p>";</script></head><body>
<nav><ul><li>الرئيسية</li><li>سياسة</li></ul></nav>
<h1>الوزير يلتقي نظيره التركي</h1>
<div class="share-buttons">شارك على فيسبوك</div>
<article><p>التقى وزير الخارجية&nbsp;نظيره التركي <b>أمس الجمعة</b> في أنقرة.</p>
<figure><img src="x.jpg"><figcaption>صورة أرشيفية من 2023</figcaption></figure>
<p>وبحث الجانبان وقف إطلاق النار.</p>
<div class="related-articles"><h3>اقرأ أيضاً</h3><a>خبر آخر</a></div></article>
<aside>الأكثر قراءة</aside><footer>© 2025 جميع الحقوق محفوظة</footer></body></html>"#;

    #[test]
    fn extracts_metadata_and_article_lines() {
        let ex = extract(PAGE).unwrap();
        assert_eq!(ex.title.as_deref(), Some("الوزير يلتقي نظيره التركي"));
        assert_eq!(ex.published.as_deref(), Some("2025-12-20T10:00:00+03:00"));
        assert_eq!(ex.url.as_deref(), Some("https://example.com/a/1"));
        assert_eq!(ex.outlet.as_deref(), Some("موقع الأخبار"));
        assert_eq!(
            ex.lines,
            vec![
                "الوزير يلتقي نظيره التركي",
                "التقى وزير الخارجية نظيره التركي أمس الجمعة في أنقرة.",
                "صورة أرشيفية من 2023",
                "وبحث الجانبان وقف إطلاق النار.",
            ]
        );
    }

    #[test]
    fn json_ld_date_and_time_element() {
        let p = r#"<html><head><script type="application/ld+json">{"@graph":[{"@type":"NewsArticle","datePublished":"2024-09-13"}]}</script></head><body><p>نص</p></body></html>"#;
        assert_eq!(extract(p).unwrap().published.as_deref(), Some("2024-09-13"));
        let p = r#"<html><body><time datetime="2024-01-02">٢ يناير</time><p>نص</p></body></html>"#;
        assert_eq!(extract(p).unwrap().published.as_deref(), Some("2024-01-02"));
    }

    #[test]
    fn html_bomb_is_refused_and_moderate_nesting_works() {
        let page = |depth| {
            format!(
                "<html><body>{}نص{}</body></html>",
                "<div>".repeat(depth),
                "</div>".repeat(depth)
            )
        };
        assert!(matches!(extract(&page(100_000)), Err(IngestError::Html(_))));
        assert_eq!(extract(&page(400)).unwrap().lines, vec!["نص"]);
        // Unclosed paragraphs and list items do not count as nesting.
        let sloppy = format!(
            "<html><body>{}</body></html>",
            "<p>فقرة<li>بند".repeat(2000)
        );
        assert!(extract(&sloppy).is_ok());
    }

    #[test]
    fn fragment_lines() {
        assert_eq!(
            extract_fragment("<p>أ</p><p>ب <i>ج</i></p>").unwrap(),
            vec!["أ", "ب ج"]
        );
    }
}
