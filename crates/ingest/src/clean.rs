//! Line-level boilerplate removal driven by a documented rules file (resources/clean_rules.txt).

/// Why a line was dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DroppedLine {
    /// 0-based index of the line in the input.
    pub line: usize,
    /// Name of the rule that dropped it.
    pub rule: String,
}

/// The cleaned text and what was removed.
#[derive(Debug, Clone, Default)]
pub struct Cleaned {
    pub text: String,
    pub dropped: Vec<DroppedLine>,
}

/// Compiled cleaning rules (PROVISIONAL stub: keeps every non-empty line).
#[derive(Debug, Clone, Default)]
pub struct CleanRules {}

impl CleanRules {
    /// The rules shipped with rasd.
    pub fn builtin() -> CleanRules {
        CleanRules {}
    }

    /// Remove boilerplate lines from `text` (lines separated by `\n`); keeps title and dateline.
    pub fn clean(&self, text: &str) -> Cleaned {
        let kept: Vec<&str> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        Cleaned {
            text: kept.join("\n"),
            dropped: Vec::new(),
        }
    }
}
