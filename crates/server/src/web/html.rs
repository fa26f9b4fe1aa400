//! Hand-written HTML output: escaping for text and attributes, URL path segments, and the page layout.
//!
//! We write HTML with `write!` and escape every dynamic value through [`esc`] (or [`seg`] for a URL
//! path segment) instead of pulling in a template engine: the pages are few and small, and this
//! keeps the server build light. Nothing dynamic is ever written without one of these wrappers.

use std::fmt::{self, Display, Write};

/// A value escaped for HTML text and double- or single-quoted attribute values.
pub struct Esc<'a>(pub &'a str);

/// Escape `s` for HTML text or a quoted attribute.
pub fn esc(s: &str) -> Esc<'_> {
    Esc(s)
}

impl Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut last = 0;
        for (i, c) in self.0.char_indices() {
            let rep = match c {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => continue,
            };
            f.write_str(&self.0[last..i])?;
            f.write_str(rep)?;
            last = i + c.len_utf8();
        }
        f.write_str(&self.0[last..])
    }
}

/// A value percent-encoded as one URL path segment or query value (also safe inside an attribute).
pub struct Seg<'a>(pub &'a str);

/// Percent-encode `s` for use as a path segment or query value.
pub fn seg(s: &str) -> Seg<'_> {
    Seg(s)
}

impl Display for Seg<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for b in self.0.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b':') {
                f.write_char(char::from(b))?;
            } else {
                write!(f, "%{b:02X}")?;
            }
        }
        Ok(())
    }
}

/// Which top navigation entry is current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Overview,
    Events,
    Stories,
    Claims,
    Search,
    None,
}

/// Wrap a page body in the common layout: RTL document, stylesheet, deferred script, navigation.
pub fn layout(title: &str, nav: Nav, query: &str, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 2048);
    let item = |n: Nav, href: &str, label: &str| {
        let cur = if n == nav {
            " aria-current=\"page\""
        } else {
            ""
        };
        format!("<a href=\"{href}\"{cur}>{label}</a>")
    };
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{} — رصد</title>\
<link rel=\"stylesheet\" href=\"/static/dashboard.css\">\
<script src=\"/static/dashboard.js\" defer></script></head>\
<body><header class=\"top\"><a class=\"brand\" href=\"/\">رصد</a><nav>{}{}{}{}</nav>\
<form class=\"search\" action=\"/search\" method=\"get\" role=\"search\">\
<input type=\"search\" name=\"q\" value=\"{}\" placeholder=\"ابحث في الأخبار…\" aria-label=\"بحث\">\
<button type=\"submit\">بحث</button></form></header>\n<main>{}</main>\n\
<footer>رصد — بيانات الأحداث من الأخبار العربية · التصنيف وفق PLOVER</footer></body></html>\n",
        esc(title),
        item(Nav::Overview, "/", "نظرة عامة"),
        item(Nav::Events, "/events", "الأحداث"),
        item(Nav::Stories, "/stories", "القصص"),
        item(Nav::Claims, "/claims", "الأرقام المتنازع عليها"),
        esc(query),
        body
    );
    out
}

/// Arabic label of a PLOVER event type (the code itself is shown beside it).
pub fn event_type_label(code: &str) -> &'static str {
    match code {
        "AGREE" => "اتفاق",
        "CONSULT" => "تشاور",
        "SUPPORT" => "دعم",
        "CONCEDE" => "تنازل",
        "COOPERATE" => "تعاون",
        "AID" => "مساعدة",
        "RETREAT" => "انسحاب",
        "REQUEST" => "مطالبة",
        "ACCUSE" => "اتهام",
        "REJECT" => "رفض",
        "THREATEN" => "تهديد",
        "PROTEST" => "احتجاج",
        "SANCTION" => "عقوبات",
        "MOBILIZE" => "تعبئة",
        "COERCE" => "إكراه",
        "ASSAULT" => "اعتداء",
        _ => "غير معروف",
    }
}

/// The 16 PLOVER types in the ontology's order.
pub const EVENT_TYPES: [&str; 16] = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
];

/// A fixed colour per event type (timeline bars, badges); readable on white.
pub fn event_type_color(code: &str) -> &'static str {
    match code {
        "AGREE" => "#2e7d32",
        "CONSULT" => "#1565c0",
        "SUPPORT" => "#00897b",
        "CONCEDE" => "#7cb342",
        "COOPERATE" => "#0277bd",
        "AID" => "#43a047",
        "RETREAT" => "#8d6e63",
        "REQUEST" => "#6a1b9a",
        "ACCUSE" => "#ef6c00",
        "REJECT" => "#ad1457",
        "THREATEN" => "#d84315",
        "PROTEST" => "#f9a825",
        "SANCTION" => "#5d4037",
        "MOBILIZE" => "#546e7a",
        "COERCE" => "#c62828",
        "ASSAULT" => "#b71c1c",
        _ => "#757575",
    }
}

/// Arabic label of an event mode.
pub fn mode_label(mode: &str) -> &'static str {
    match mode {
        "asserted" => "وقع (مؤكد)",
        "negated" => "منفي",
        "future" => "مُعلن للمستقبل",
        "hypothetical" => "مشروط / محتمل",
        "historical" => "حدث سابق (تاريخي)",
        _ => "غير محدد",
    }
}

/// Arabic label of an entity kind.
pub fn kind_label(kind: &str) -> &'static str {
    match kind {
        "person" => "شخص",
        "organization" => "منظمة",
        "location" => "مكان / دولة",
        "unnamed" => "فاعل غير مسمّى (مؤسسة بلا اسم علم)",
        _ => "كيان",
    }
}

/// A badge for an event type linking to the filtered event list.
pub fn type_badge(code: &str) -> String {
    format!(
        "<a class=\"badge\" style=\"--c:{}\" href=\"/events?type={}\" title=\"{}\">{}</a>",
        event_type_color(code),
        seg(code),
        esc(code),
        esc(event_type_label(code))
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes_in_text_and_attributes() {
        let s = esc("<script>alert('x')</script> & \"q\"").to_string();
        assert_eq!(
            s,
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        assert_eq!(esc("نص عربي").to_string(), "نص عربي");
    }

    #[test]
    fn path_segments_are_percent_encoded_bytes() {
        assert_eq!(seg("location:irn").to_string(), "location:irn");
        assert_eq!(seg("a/b?c").to_string(), "a%2Fb%3Fc");
        assert_eq!(seg("قطر").to_string(), "%D9%82%D8%B7%D8%B1");
        assert_eq!(seg("\"><x").to_string(), "%22%3E%3Cx");
    }

    #[test]
    fn layout_is_rtl_arabic_and_escapes_title_and_query() {
        let page = layout("<b>", Nav::Events, "\"><script>", "<p>x</p>");
        assert!(page.contains("<html lang=\"ar\" dir=\"rtl\">"));
        assert!(page.contains("&lt;b&gt; — رصد"));
        assert!(page.contains("value=\"&quot;&gt;&lt;script&gt;\""));
        assert!(!page.contains("<script>"));
        assert!(page.contains("href=\"/events\" aria-current=\"page\""));
    }
}
