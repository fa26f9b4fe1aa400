//! Highlighting char-offset spans (entities, event evidence) in article text as properly nested HTML.
//!
//! Offsets are Unicode scalar values (the store's coordinate system), converted to byte offsets
//! through one char walk, so a span can never split a multi-byte character. Overlapping spans that
//! do not nest are split into nested pieces; out-of-range spans are clamped or dropped, never panic.

use std::fmt::Write;

use super::html::esc;

/// One span to highlight: `[start, end)` in chars, with its opening and closing markup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    pub start: usize,
    pub end: usize,
    /// Opening tag, already escaped by the caller (e.g. `<mark class="ent" data-entity="…">`).
    pub open: String,
    /// Matching closing tag (e.g. `</mark>`).
    pub close: &'static str,
}

/// Byte offset of every char boundary of `text`: entry `i` is where char `i` starts, the last is `text.len()`.
pub fn char_boundaries(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

/// The substring of `text` between char offsets `start` and `end` (clamped to the text).
pub fn char_slice(text: &str, start: usize, end: usize) -> &str {
    let b = char_boundaries(text);
    let last = b.len() - 1;
    let s = b.get(start.min(last)).copied().unwrap_or(0);
    let e = b.get(end.min(last)).copied().unwrap_or(text.len());
    text.get(s..e.max(s)).unwrap_or("")
}

/// HTML of `text[from..to]` (char offsets) with `spans` (offsets into the whole `text`) highlighted.
/// Spans are clipped to the window; every text piece is escaped.
pub fn highlight_window(text: &str, from: usize, to: usize, spans: &[Highlight]) -> String {
    let bounds = char_boundaries(text);
    let n = bounds.len() - 1;
    let to = to.min(n);
    let from = from.min(to);
    let live: Vec<(usize, usize, usize)> = spans
        .iter()
        .enumerate()
        .filter_map(|(i, h)| {
            let s = h.start.max(from);
            let e = h.end.min(to);
            (s < e).then_some((s, e, i))
        })
        .collect();
    let mut cuts: Vec<usize> = vec![from, to];
    for &(s, e, _) in &live {
        cuts.push(s);
        cuts.push(e);
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out = String::with_capacity((bounds[to] - bounds[from]) * 2);
    let mut open: Vec<usize> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        // Spans covering this piece, outermost first (earlier start, then longer, then input order).
        let mut want: Vec<(usize, usize, usize)> = live
            .iter()
            .copied()
            .filter(|&(s, e, _)| s <= a && e >= b)
            .collect();
        want.sort_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)).then(x.2.cmp(&y.2)));
        let want: Vec<usize> = want.into_iter().map(|(_, _, i)| i).collect();
        let keep = open.iter().zip(&want).take_while(|(x, y)| x == y).count();
        while open.len() > keep {
            if let Some(i) = open.pop() {
                out.push_str(spans[i].close);
            }
        }
        for &i in &want[keep..] {
            out.push_str(&spans[i].open);
            open.push(i);
        }
        let piece = text.get(bounds[a]..bounds[b]).unwrap_or("");
        let _ = write!(out, "{}", esc(piece));
    }
    while let Some(i) = open.pop() {
        out.push_str(spans[i].close);
    }
    out
}

/// HTML of the whole `text` with `spans` highlighted.
pub fn highlight(text: &str, spans: &[Highlight]) -> String {
    highlight_window(text, 0, usize::MAX, spans)
}

/// The paragraph (line) around char span `[start, end)`: char offsets of its first and last char,
/// widened to whole lines and cut to at most `max_extra` chars on each side of the span.
pub fn paragraph_around(text: &str, start: usize, end: usize, max_extra: usize) -> (usize, usize) {
    let chars: Vec<char> = text.chars().collect();
    let n = chars.len();
    let end = end.min(n);
    let start = start.min(end);
    let mut s = start;
    while s > 0 && chars[s - 1] != '\n' && start - s < max_extra {
        s -= 1;
    }
    let mut e = end;
    while e < n && chars[e] != '\n' && e - end < max_extra {
        e += 1;
    }
    // Do not start or end a cut context in the middle of a word.
    if s > 0 && !chars[s - 1].is_whitespace() {
        while s < start && !chars[s].is_whitespace() {
            s += 1;
        }
        while s < start && chars[s].is_whitespace() {
            s += 1;
        }
    }
    if e < n && !chars[e].is_whitespace() {
        while e > end && !chars[e - 1].is_whitespace() {
            e -= 1;
        }
        while e > end && chars[e - 1].is_whitespace() {
            e -= 1;
        }
    }
    (s, e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mark(start: usize, end: usize, class: &str) -> Highlight {
        Highlight {
            start,
            end,
            open: format!("<mark class=\"{class}\">"),
            close: "</mark>",
        }
    }

    #[test]
    fn code_point_offsets_select_whole_arabic_words() {
        // "التقى" is 5 chars but 10 bytes; the span 6..10 is "وزير".
        let text = "التقى وزير الخارجية";
        let html = highlight(text, &[mark(6, 10, "e")]);
        assert_eq!(html, "التقى <mark class=\"e\">وزير</mark> الخارجية");
    }

    #[test]
    fn emoji_and_combining_marks_are_never_split() {
        // 🇶🇦 is two scalar values (4 bytes each); "بِ" is a letter plus a combining kasra.
        let text = "🇶🇦 بِقطر";
        let html = highlight(text, &[mark(1, 5, "x")]);
        assert_eq!(html, "🇶<mark class=\"x\">🇦 بِ</mark>قطر");
        assert_eq!(char_slice(text, 3, 5), "بِ");
    }

    #[test]
    fn nested_spans_nest_and_crossing_spans_are_split() {
        let text = "abcdefgh";
        let nested = highlight(text, &[mark(0, 8, "s"), mark(2, 4, "e")]);
        assert_eq!(
            nested,
            "<mark class=\"s\">ab<mark class=\"e\">cd</mark>efgh</mark>"
        );
        let crossing = highlight(text, &[mark(1, 5, "a"), mark(3, 7, "b")]);
        assert_eq!(
            crossing,
            "a<mark class=\"a\">bc<mark class=\"b\">de</mark></mark><mark class=\"b\">fg</mark>h"
        );
    }

    #[test]
    fn malicious_article_text_is_escaped_inside_and_outside_spans() {
        let text = "<script>alert(1)</script> قال <img src=x onerror=y>";
        let html = highlight(text, &[mark(26, 29, "q"), mark(30, 100, "z")]);
        assert!(!html.contains("<script>"));
        assert!(!html.contains("<img"));
        assert!(
            html.starts_with("&lt;script&gt;alert(1)&lt;/script&gt; <mark class=\"q\">قال</mark>")
        );
        assert!(html.ends_with("<mark class=\"z\">&lt;img src=x onerror=y&gt;</mark>"));
    }

    #[test]
    fn out_of_range_and_empty_spans_are_ignored() {
        let text = "نص";
        assert_eq!(highlight(text, &[mark(5, 9, "a"), mark(1, 1, "b")]), "نص");
        assert_eq!(
            highlight(text, &[mark(1, 9, "c")]),
            "ن<mark class=\"c\">ص</mark>"
        );
        assert_eq!(char_slice(text, 1, 99), "ص");
        assert_eq!(char_slice(text, 7, 9), "");
    }

    #[test]
    fn window_clips_spans_and_keeps_offsets_absolute() {
        let text = "أول\nقال الوزير إن\nآخر";
        let (s, e) = paragraph_around(text, 8, 14, 200);
        assert_eq!(char_slice(text, s, e), "قال الوزير إن");
        let html = highlight_window(text, s, e, &[mark(8, 14, "m"), mark(0, 2, "n")]);
        assert_eq!(html, "قال <mark class=\"m\">الوزير</mark> إن");
    }

    #[test]
    fn long_paragraph_context_is_cut_at_word_boundaries() {
        let text = "كلمة ".repeat(100) + "الهدف" + &" نهاية".repeat(100);
        let start = 500;
        let (s, e) = paragraph_around(&text, start, start + 5, 20);
        assert!(start - s <= 20 && e - (start + 5) <= 20);
        let ctx = char_slice(&text, s, e);
        assert!(ctx.contains("الهدف"));
        assert!(ctx.starts_with("كلمة") && ctx.ends_with("نهاية"), "{ctx:?}");
    }
}
