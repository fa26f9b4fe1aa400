//! Server-side SVG charts: the event timeline (stacked bars by PLOVER type) and the co-actor graph.

use std::collections::BTreeMap;
use std::fmt::Write;

use rasd_core::Ymd;

use super::html::{esc, event_type_color, event_type_label, seg, EVENT_TYPES};

/// Width of one timeline bar in days, chosen so the chart has at most ~90 bars.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    Day,
    Week,
    Month,
}

impl Bucket {
    pub fn for_span(days: i64) -> Bucket {
        if days <= 90 {
            Bucket::Day
        } else if days <= 90 * 7 {
            Bucket::Week
        } else {
            Bucket::Month
        }
    }

    fn label(self) -> &'static str {
        match self {
            Bucket::Day => "يوميًا",
            Bucket::Week => "أسبوعيًا",
            Bucket::Month => "شهريًا",
        }
    }

    /// First and last day of the bucket holding `d` (weeks start on the chart's first day).
    fn range(self, d: Ymd, first: Ymd) -> (Ymd, Ymd) {
        match self {
            Bucket::Day => (d, d),
            Bucket::Week => {
                let k = (d.day_number() - first.day_number()).div_euclid(7);
                let s = first.day_number() + 7 * k;
                (
                    Ymd::from_day_number(s).unwrap_or(d),
                    Ymd::from_day_number(s + 6).unwrap_or(d),
                )
            }
            Bucket::Month => {
                let s = Ymd::new(d.year, d.month, 1).unwrap_or(d);
                let next = if d.month == 12 {
                    Ymd::new(d.year + 1, 1, 1)
                } else {
                    Ymd::new(d.year, d.month + 1, 1)
                };
                let e = next
                    .and_then(|n| Ymd::from_day_number(n.day_number() - 1))
                    .unwrap_or(d);
                (s, e)
            }
        }
    }

    fn next(self, r: (Ymd, Ymd)) -> Option<Ymd> {
        Ymd::from_day_number(r.1.day_number() + 1)
    }
}

/// The timeline of events per bucket and type as an inline SVG (time runs right to left, as the page reads),
/// with every bar segment linking to the filtered event list. `rows` are (type, `YYYY-MM-DD`, count).
pub fn timeline(rows: &[(String, String, i64)]) -> String {
    let days: Vec<(Ymd, &str, i64)> = rows
        .iter()
        .filter_map(|(t, d, n)| Some((Ymd::parse_iso(d)?, t.as_str(), *n)))
        .collect();
    let (Some(first), Some(last)) = (
        days.iter().map(|x| x.0).min(),
        days.iter().map(|x| x.0).max(),
    ) else {
        return "<p class=\"empty\">لا توجد أحداث مؤرخة باليوم بعد.</p>".to_string();
    };
    let bucket = Bucket::for_span(last.day_number() - first.day_number());
    // Buckets from the first to the last, including empty ones (gaps in time stay visible).
    let mut buckets: Vec<(Ymd, Ymd)> = Vec::new();
    let mut cur = bucket.range(first, first);
    loop {
        buckets.push(cur);
        if cur.1 >= last || buckets.len() > 400 {
            break;
        }
        match bucket.next(cur) {
            Some(n) => cur = bucket.range(n, first),
            None => break,
        }
    }
    let mut counts: BTreeMap<(usize, &str), i64> = BTreeMap::new();
    for (d, t, n) in &days {
        if let Some(i) = buckets.iter().position(|b| b.0 <= *d && *d <= b.1) {
            *counts.entry((i, t)).or_default() += n;
        }
    }
    let mut totals = vec![0i64; buckets.len()];
    for ((i, _), n) in &counts {
        totals[*i] += n;
    }
    let max = totals.iter().copied().max().unwrap_or(1).max(1);
    let (w, h, top, bottom, side) = (960.0f64, 240.0f64, 14.0, 34.0, 36.0);
    let plot_w = w - 2.0 * side;
    let plot_h = h - top - bottom;
    let bw = plot_w / buckets.len() as f64;
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"timeline\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"الأحداث حسب النوع {}\">",
        bucket.label()
    );
    let _ = write!(
        out,
        "<line class=\"axis\" x1=\"{side}\" y1=\"{y}\" x2=\"{x2}\" y2=\"{y}\"/>\
<text class=\"tick\" x=\"{x2}\" y=\"{ty}\" text-anchor=\"start\">{max}</text>",
        y = top + plot_h,
        x2 = w - side,
        ty = top + 4.0,
    );
    for (i, b) in buckets.iter().enumerate() {
        // Right to left: the oldest bucket touches the right edge.
        let x = w - side - (i as f64 + 1.0) * bw;
        let mut y = top + plot_h;
        for t in EVENT_TYPES {
            let Some(&n) = counts.get(&(i, t)) else {
                continue;
            };
            let bh = plot_h * n as f64 / max as f64;
            y -= bh;
            let span = if b.0 == b.1 {
                b.0.iso()
            } else {
                format!("{} – {}", b.0.iso(), b.1.iso())
            };
            let _ = write!(
                out,
                "<a href=\"/events?type={}&amp;from={}&amp;to={}\"><rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\">\
<title>{} ({}): {} — {}</title></rect></a>",
                seg(t),
                b.0.iso(),
                b.1.iso(),
                x + bw * 0.1,
                y,
                (bw * 0.8).max(1.0),
                bh.max(0.5),
                event_type_color(t),
                esc(event_type_label(t)),
                t,
                n,
                esc(&span),
            );
        }
    }
    // Date labels under the first, middle and last buckets.
    let mut label_at = vec![0, buckets.len() - 1];
    if buckets.len() > 4 {
        label_at.push(buckets.len() / 2);
    }
    label_at.sort_unstable();
    label_at.dedup();
    for i in label_at {
        let x = w - side - (i as f64 + 0.5) * bw;
        let _ = write!(
            out,
            "<text class=\"tick\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            h - 12.0,
            buckets[i].0.iso()
        );
    }
    out.push_str("</svg>");
    // Legend of the types present.
    out.push_str("<ul class=\"legend\">");
    for t in EVENT_TYPES {
        let n: i64 = counts
            .iter()
            .filter(|((_, k), _)| *k == t)
            .map(|(_, n)| n)
            .sum();
        if n > 0 {
            let _ = write!(
                out,
                "<li><a href=\"/events?type={}\"><span class=\"swatch t-{}\"></span>{} <small>{}</small> ({})</a></li>",
                seg(t),
                t,
                esc(event_type_label(t)),
                t,
                n
            );
        }
    }
    out.push_str("</ul>");
    out
}

/// A node of the co-actor graph: id, label, number of shared events.
pub struct CoActor<'a> {
    pub id: &'a str,
    pub label: &'a str,
    pub shared: i64,
}

/// A star graph: the actor in the middle, co-actors around it, edge width by shared events; nodes link to actor pages.
pub fn co_actor_graph(center: &str, others: &[CoActor<'_>]) -> String {
    if others.is_empty() {
        return "<p class=\"empty\">لا شركاء في أحداث مسجلة.</p>".to_string();
    }
    let (w, h) = (520.0f64, 380.0f64);
    let (cx, cy, r) = (w / 2.0, h / 2.0, 140.0f64);
    let max = others.iter().map(|o| o.shared).max().unwrap_or(1).max(1) as f64;
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg class=\"graph\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"الفاعلون المشاركون\">"
    );
    let n = others.len() as f64;
    let pos: Vec<(f64, f64)> = (0..others.len())
        .map(|i| {
            let a = -std::f64::consts::FRAC_PI_2 + 2.0 * std::f64::consts::PI * i as f64 / n;
            (cx + r * a.cos(), cy + r * a.sin())
        })
        .collect();
    for (o, (x, y)) in others.iter().zip(&pos) {
        let sw = 1.0 + 5.0 * o.shared as f64 / max;
        let _ = write!(
            out,
            "<line class=\"edge\" x1=\"{cx}\" y1=\"{cy}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke-width=\"{sw:.1}\"><title>{} حدثًا مشتركًا</title></line>",
            o.shared
        );
    }
    for (o, (x, y)) in others.iter().zip(&pos) {
        let _ = write!(
            out,
            "<a href=\"/actors/{}\"><circle class=\"node\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"7\"/>\
<text class=\"label\" x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text><title>{} — {}</title></a>",
            seg(o.id),
            y - 12.0,
            esc(&short(o.label, 24)),
            esc(o.label),
            o.shared
        );
    }
    let _ = write!(
        out,
        "<circle class=\"node center\" cx=\"{cx}\" cy=\"{cy}\" r=\"11\"/>\
<text class=\"label center\" x=\"{cx}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text></svg>",
        cy + 28.0,
        esc(&short(center, 28))
    );
    out
}

/// At most `max` chars of `s`, with an ellipsis when cut.
fn short(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(t: &str, d: &str, n: i64) -> (String, String, i64) {
        (t.to_string(), d.to_string(), n)
    }

    #[test]
    fn timeline_stacks_types_per_day_and_links_to_filtered_lists() {
        let svg = timeline(&[
            row("ASSAULT", "2017-06-05", 2),
            row("CONSULT", "2017-06-05", 1),
            row("CONSULT", "2017-06-07", 3),
        ]);
        assert!(svg.starts_with("<svg class=\"timeline\""));
        // Three day buckets (6 June is empty), three bar segments.
        assert_eq!(svg.matches("<rect ").count(), 3);
        assert!(svg.contains("href=\"/events?type=ASSAULT&amp;from=2017-06-05&amp;to=2017-06-05\""));
        assert!(svg.contains("<title>تشاور (CONSULT): 3 — 2017-06-07</title>"));
        assert!(svg.contains("(4)</a></li>"), "legend counts CONSULT 1 + 3");
    }

    #[test]
    fn long_spans_use_week_or_month_buckets() {
        assert_eq!(Bucket::for_span(30), Bucket::Day);
        assert_eq!(Bucket::for_span(200), Bucket::Week);
        assert_eq!(Bucket::for_span(3000), Bucket::Month);
        let svg = timeline(&[row("AID", "2011-01-31", 1), row("AID", "2017-06-01", 1)]);
        assert!(svg.contains("2011-01-01 – 2011-01-31"));
        assert!(svg.contains("2017-06-01 – 2017-06-30"));
        assert!(svg.contains("شهريًا"));
    }

    #[test]
    fn empty_timeline_says_so_and_bad_dates_are_skipped() {
        assert!(timeline(&[]).contains("لا توجد"));
        assert!(timeline(&[row("AID", "2017-13-01", 1)]).contains("لا توجد"));
    }

    #[test]
    fn graph_escapes_labels_and_links_nodes() {
        let svg = co_actor_graph(
            "قطر",
            &[CoActor {
                id: "x/<y>",
                label: "<script>",
                shared: 2,
            }],
        );
        assert!(svg.contains("href=\"/actors/x%2F%3Cy%3E\""));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(!svg.contains("<script>"));
    }
}
