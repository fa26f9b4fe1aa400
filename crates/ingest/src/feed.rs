//! RSS 2.0 / RDF / Atom reader: each item/entry with its full content, link and publication date.

use quick_xml::events::Event;
use quick_xml::Reader;

use rasd_core::SourceFormat;

use crate::{Body, IngestError, RawArticle, Skip, MAX_ARTICLE_BYTES};

#[derive(Default)]
struct Item {
    title: String,
    link: String,
    date: String,
    /// Full content (content:encoded / Atom content) beats summary/description.
    content: String,
    summary: String,
    guid: String,
}

/// Which field of the current item the text goes to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Link,
    Date,
    Content,
    Summary,
    Guid,
    ChannelTitle,
}

fn field_of(name: &str, in_item: bool) -> Option<Field> {
    if !in_item {
        return (name == "title").then_some(Field::ChannelTitle);
    }
    Some(match name {
        "title" => Field::Title,
        "link" => Field::Link,
        "pubDate" | "published" | "dc:date" | "updated" | "issued" => Field::Date,
        "content:encoded" | "content" => Field::Content,
        "description" | "summary" => Field::Summary,
        "guid" | "id" => Field::Guid,
        _ => return None,
    })
}

/// Read every item of an RSS or Atom feed; item `n` (1-based) has origin `path#n`.
pub fn read(origin: &str, text: &str, encoding: &str) -> Vec<Result<RawArticle, Skip>> {
    let mut out = Vec::new();
    let mut reader = Reader::from_str(text);
    let mut channel_title = String::new();
    let mut item: Option<Item> = None;
    let mut field: Option<(Field, usize)> = None; // field and the element depth it opened at
    let mut depth = 0usize;
    let mut n = 0;
    let mut format = SourceFormat::Rss;
    loop {
        let ev = match reader.read_event() {
            Ok(ev) => ev,
            Err(e) => {
                out.push(Err(Skip {
                    origin: origin.to_owned(),
                    error: IngestError::Feed(format!(
                        "XML error at byte {}: {e}",
                        reader.buffer_position()
                    )),
                }));
                break;
            }
        };
        match ev {
            Event::Start(e) => {
                depth += 1;
                let name = e.name().as_ref().to_owned();
                if name == "feed" {
                    format = SourceFormat::Atom;
                }
                if name == "item" || name == "entry" {
                    item = Some(Item::default());
                    field = None;
                } else if let Some((Field::Content | Field::Summary, _)) = field {
                    // Inline XHTML inside Atom content: keep the markup for the HTML extractor.
                    push_text(&mut item, &mut channel_title, field, &format!("<{name}>"));
                } else if field.is_none() {
                    if let Some(f) = field_of(&name, item.is_some()) {
                        if f != Field::ChannelTitle || channel_title.is_empty() {
                            field = Some((f, depth));
                        }
                    }
                }
            }
            Event::Empty(e) => {
                let name = e.name().as_ref().to_owned();
                // Atom: <link rel="alternate" href="..."/>
                if name == "link" {
                    if let Some(it) = item.as_mut() {
                        let mut href = None;
                        let mut rel = None;
                        for a in e.attributes().flatten() {
                            let v = a.value.to_string();
                            match a.key.as_ref() {
                                "href" => href = Some(v),
                                "rel" => rel = Some(v),
                                _ => {}
                            }
                        }
                        if let Some(h) = href {
                            if it.link.is_empty() || rel.as_deref() == Some("alternate") {
                                it.link = h;
                            }
                        }
                    }
                } else if let Some((Field::Content | Field::Summary, _)) = field {
                    push_text(&mut item, &mut channel_title, field, &format!("<{name}/>"));
                }
            }
            Event::End(e) => {
                let name = e.name().as_ref().to_owned();
                if let Some((_, d)) = field {
                    if d == depth {
                        field = None;
                    } else {
                        push_text(&mut item, &mut channel_title, field, &format!("</{name}>"));
                    }
                }
                depth = depth.saturating_sub(1);
                if name == "item" || name == "entry" {
                    if let Some(it) = item.take() {
                        n += 1;
                        out.push(finish_item(origin, n, it, &channel_title, encoding, format));
                    }
                }
            }
            Event::Text(t) => {
                let s = t.xml10_content();
                push_text(&mut item, &mut channel_title, field, &s);
            }
            Event::CData(t) => {
                let s = t.into_inner().into_owned();
                push_text(&mut item, &mut channel_title, field, &s);
            }
            Event::GeneralRef(r) => {
                let s = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match r.into_inner().as_ref() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        "nbsp" => "\u{a0}".into(),
                        _ => String::new(),
                    },
                };
                push_text(&mut item, &mut channel_title, field, &s);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if item.is_some() {
        out.push(Err(Skip {
            origin: format!("{origin}#{}", n + 1),
            error: IngestError::Feed("item not closed (truncated feed)".into()),
        }));
    }
    if n == 0 && out.is_empty() {
        out.push(Err(Skip {
            origin: origin.to_owned(),
            error: IngestError::Feed("feed has no items".into()),
        }));
    }
    out
}

fn push_text(
    item: &mut Option<Item>,
    channel_title: &mut String,
    field: Option<(Field, usize)>,
    s: &str,
) {
    let Some((f, _)) = field else { return };
    let target = match (f, item.as_mut()) {
        (Field::ChannelTitle, _) => channel_title,
        (_, None) => return,
        (Field::Title, Some(it)) => &mut it.title,
        (Field::Link, Some(it)) => &mut it.link,
        (Field::Date, Some(it)) => &mut it.date,
        (Field::Content, Some(it)) => &mut it.content,
        (Field::Summary, Some(it)) => &mut it.summary,
        (Field::Guid, Some(it)) => &mut it.guid,
    };
    if target.len() + s.len() <= MAX_ARTICLE_BYTES {
        target.push_str(s);
    }
}

fn finish_item(
    origin: &str,
    n: usize,
    it: Item,
    channel_title: &str,
    encoding: &str,
    format: SourceFormat,
) -> Result<RawArticle, Skip> {
    let rec_origin = format!("{origin}#{n}");
    let content = if it.content.trim().is_empty() {
        it.summary
    } else {
        it.content
    };
    if content.trim().is_empty() {
        return Err(Skip {
            origin: rec_origin,
            error: IngestError::NoText("feed item has no content".into()),
        });
    }
    let mut raw = RawArticle::new(rec_origin, format, encoding, Body::Html(content));
    let nonempty = |s: String| {
        let s = s.trim().to_owned();
        (!s.is_empty()).then_some(s)
    };
    raw.title = nonempty(crate::html::collapse_ws(&it.title));
    raw.url = nonempty(it.link);
    raw.meta_date = nonempty(it.date);
    raw.source_id = nonempty(it.guid);
    raw.outlet = nonempty(channel_title.to_owned());
    Ok(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_items_with_content_encoded() {
        let rss = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>جوهرة أف أم</title>
<item><title>عنوان &amp; خبر</title><link>https://x/1</link><pubDate>Sat, 20 Dec 2025 10:00:00 +0100</pubDate>
<description>ملخص</description><content:encoded><![CDATA[<p>النص الكامل</p><p>فقرة ثانية</p>]]></content:encoded></item>
<item><title>ثان</title><link>https://x/2</link><description>&lt;p&gt;ملخص فقط&lt;/p&gt;</description></item>
</channel></rss>"#;
        let recs = read("f.xml", rss, "UTF-8");
        assert_eq!(recs.len(), 2);
        let a = recs[0].as_ref().unwrap();
        assert_eq!(a.title.as_deref(), Some("عنوان & خبر"));
        assert_eq!(a.outlet.as_deref(), Some("جوهرة أف أم"));
        assert_eq!(
            a.meta_date.as_deref(),
            Some("Sat, 20 Dec 2025 10:00:00 +0100")
        );
        assert_eq!(
            a.body,
            Body::Html("<p>النص الكامل</p><p>فقرة ثانية</p>".into())
        );
        assert_eq!(a.origin, "f.xml#1");
        let b = recs[1].as_ref().unwrap();
        assert_eq!(b.body, Body::Html("<p>ملخص فقط</p>".into()));
    }

    #[test]
    fn atom_entries() {
        let atom = r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>موقع</title>
<entry><title>خبر</title><link rel="alternate" href="https://y/1"/><published>2025-12-19T09:00:00Z</published>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>نص</p></div></content></entry></feed>"#;
        let recs = read("f.atom", atom, "UTF-8");
        let a = recs[0].as_ref().unwrap();
        assert_eq!(a.format, SourceFormat::Atom);
        assert_eq!(a.url.as_deref(), Some("https://y/1"));
        assert_eq!(a.meta_date.as_deref(), Some("2025-12-19T09:00:00Z"));
        assert!(matches!(&a.body, Body::Html(h) if h.contains("<p>نص</p>")));
    }

    #[test]
    fn truncated_feed_keeps_complete_items() {
        let rss = "<rss><channel><item><title>أ</title><description>نص</description></item><item><title>ب</title><descr";
        let recs = read("f.xml", rss, "UTF-8");
        assert!(recs[0].is_ok());
        assert!(recs.iter().skip(1).all(|r| r.is_err()));
    }
}
