//! Synthetic re-edited copies of real articles (paragraph drops/reorders, header/footer edits, word substitutions) for eval and bench.

use crate::hash::SplitMix64;

/// Datelines and agency headers a re-publishing outlet typically prepends.
const HEADERS: &[&str] = &[
    "تونس (وات) -",
    "متابعة - الجوهرة أف أم:",
    "عاجل |",
    "نقلا عن وكالة تونس إفريقيا للأنباء:",
    "بتوقيت تونس - خاص:",
];

/// Footers a re-publishing outlet typically appends (or a copy drops).
const FOOTERS: &[&str] = &[
    "المصدر: وكالة تونس إفريقيا للأنباء",
    "تابعونا على صفحتنا الرسمية على فيسبوك لمزيد الأخبار.",
    "جميع الحقوق محفوظة.",
    "اقرأ أيضا: أبرز أحداث اليوم",
];

/// Which edits made a copy, for per-edit recall.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Edits {
    pub dropped_paragraph: bool,
    pub reordered: bool,
    pub header: bool,
    pub footer: bool,
    /// Rewritten lead paragraph (half its words replaced).
    pub new_lead: bool,
    /// Fraction of words replaced by random corpus words.
    pub substitution: f64,
}

fn paragraphs(text: &str) -> Vec<String> {
    text.split('\n')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

fn substitute(p: &str, rate: f64, vocab: &[String], rng: &mut SplitMix64) -> String {
    let mut out = String::with_capacity(p.len());
    for (i, w) in p.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        match vocab.get(rng.below(vocab.len())) {
            Some(v) if rng.unit() < rate => out.push_str(v),
            _ => out.push_str(w),
        }
    }
    out
}

/// A re-edited copy of `text`: a substitution rate drawn uniformly from `sub_range` plus one to
/// three structural edits (each copy gets at least one). `vocab` supplies substitute words.
pub fn edited_copy(
    text: &str,
    vocab: &[String],
    sub_range: (f64, f64),
    rng: &mut SplitMix64,
) -> (String, Edits) {
    let mut ps = paragraphs(text);
    let mut e = Edits::default();
    loop {
        if ps.len() >= 3 && rng.unit() < 0.4 {
            let i = 1 + rng.below(ps.len() - 1);
            ps.remove(i);
            e.dropped_paragraph = true;
        }
        if ps.len() >= 2 && rng.unit() < 0.3 {
            let i = rng.below(ps.len());
            let j = rng.below(ps.len());
            ps.swap(i, j);
            e.reordered = i != j;
        }
        if ps.len() >= 3 && rng.unit() < 0.25 {
            if let Some(first) = ps.first_mut() {
                *first = substitute(first, 0.5, vocab, rng);
                e.new_lead = true;
            }
        }
        if rng.unit() < 0.4 {
            let h = HEADERS.get(rng.below(HEADERS.len())).copied().unwrap_or("");
            match ps.first_mut() {
                Some(first) => *first = format!("{h} {first}"),
                None => ps.push(h.to_string()),
            }
            e.header = true;
        }
        if rng.unit() < 0.4 {
            if ps.len() >= 3 && rng.unit() < 0.5 {
                ps.pop();
            } else {
                ps.push(
                    FOOTERS
                        .get(rng.below(FOOTERS.len()))
                        .copied()
                        .unwrap_or("")
                        .to_string(),
                );
            }
            e.footer = true;
        }
        if e.dropped_paragraph || e.reordered || e.new_lead || e.header || e.footer {
            break;
        }
    }
    let (lo, hi) = sub_range;
    e.substitution = lo + (hi - lo) * rng.unit();
    let out: Vec<String> = ps
        .iter()
        .map(|p| substitute(p, e.substitution, vocab, rng))
        .collect();
    (out.join("\n"), e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copy_differs_but_keeps_most_words() {
        let text = "الفقرة الأولى فيها كلمات كثيرة هنا\nالفقرة الثانية فيها كلمات أخرى\nالفقرة الثالثة والأخيرة";
        let vocab: Vec<String> = vec!["بديل".into()];
        let mut rng = SplitMix64::new(4);
        for _ in 0..20 {
            let (c, e) = edited_copy(text, &vocab, (0.05, 0.2), &mut rng);
            assert_ne!(c, text);
            assert!(e.substitution >= 0.05 && e.substitution <= 0.2);
            assert!(e.dropped_paragraph || e.reordered || e.new_lead || e.header || e.footer);
        }
    }
}
