//! The REPL's small parsers: splitting a command line into words and arguments (outside
//! parentheses and brackets), the binding syntax `f = …`, and ranges for `assume`.

use crate::expr::Rational;
use crate::numeric::interval::Interval;

/// A range as the REPL writes it: `(0, inf)`, `[0, 1)` — ASCII, so that `assume` reads it back.
pub(super) fn range_text(range: &Interval) -> String {
    let end = |x: f64| match x {
        f64::INFINITY => "inf".to_string(),
        f64::NEG_INFINITY => "-inf".to_string(),
        x => x.to_string(),
    };
    let open = if range.lo_open { '(' } else { '[' };
    let close = if range.hi_open { ')' } else { ']' };
    format!("{open}{}, {}{close}", end(range.lo), end(range.hi))
}

/// Whether a token is written like a distribution: `N(0, 1)`, `Gamma(k, b)`, `[0.2, 0.8]`.
pub(super) fn looks_like_distribution(token: &str) -> bool {
    token.starts_with('[')
        || token
            .split_once('(')
            .is_some_and(|(name, _)| token.ends_with(')') && crate::dist::is_family_name(name.trim()))
}

/// Splits at whitespace outside parentheses and brackets: `f N(0, 1) [0.5, 0.5]` has three parts.
pub(super) fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = None;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
        if c.is_whitespace() && depth <= 0 {
            if let Some(s) = start.take() {
                parts.push(&text[s..i]);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        parts.push(&text[s..]);
    }
    parts
}

/// `name = rhs` or `name(u) = rhs`, where name is an identifier.
pub(super) fn split_binding(line: &str) -> Option<(&str, &str)> {
    let (lhs, rhs) = line.split_once('=')?;
    let lhs = lhs.trim();
    let name = lhs.strip_suffix("(u)").map(str::trim_end).unwrap_or(lhs);
    let mut chars = name.chars();
    let first = chars.next()?;
    ((first.is_alphabetic() || first == '_') && chars.all(|c| c.is_alphanumeric() || c == '_')).then_some((name, rhs))
}

/// The first whitespace-separated word and the trimmed rest.
pub(super) fn split_word(line: &str) -> (&str, &str) {
    let line = line.trim();
    match line.split_once(char::is_whitespace) {
        Some((word, rest)) => (word, rest.trim()),
        None => (line, ""),
    }
}

/// The position, in characters, at which `part` (a subslice of `line`) starts.
pub(super) fn char_offset(line: &str, part: &str) -> usize {
    let start = (part.as_ptr() as usize).saturating_sub(line.as_ptr() as usize);
    if start > line.len() {
        return 0;
    }
    line[..start].chars().count()
}

/// `s1 > 0`, `s1 >= 0`, `x < 1`, `alpha in (0, 1)`, `alpha in [0, 1)`: the name and its range.
pub(super) fn parse_assumption(text: &str) -> Option<(String, Interval)> {
    let number = |s: &str| -> Option<f64> {
        match s.trim() {
            "inf" | "+inf" | "oo" => Some(f64::INFINITY),
            "-inf" | "-oo" => Some(f64::NEG_INFINITY),
            s => s.parse::<Rational>().ok().map(|q| q.to_f64()),
        }
    };
    let valid_name = |s: &str| {
        let s = s.trim();
        !s.is_empty()
            && s.chars().all(|c| c.is_alphanumeric() || c == '_')
            && !s.starts_with(|c: char| c.is_ascii_digit())
    };
    if let Some((name, interval)) = text.split_once(" in ") {
        let interval = interval.trim();
        let lo_open = interval.starts_with('(');
        let hi_open = interval.ends_with(')');
        if !(lo_open || interval.starts_with('[')) || !(hi_open || interval.ends_with(']')) {
            return None;
        }
        let (lo, hi) = interval[1..interval.len().checked_sub(1)?].split_once(',')?;
        let (lo, hi) = (number(lo)?, number(hi)?);
        return (valid_name(name) && lo <= hi).then(|| {
            (
                name.trim().to_string(),
                Interval { lo, hi, lo_open: lo_open || lo.is_infinite(), hi_open: hi_open || hi.is_infinite() },
            )
        });
    }
    for (op, lower, open) in [(">=", true, false), ("<=", false, false), (">", true, true), ("<", false, true)] {
        if let Some((name, bound)) = text.split_once(op) {
            let bound = number(bound)?;
            if !valid_name(name) {
                return None;
            }
            let range = if lower {
                Interval { lo: bound, hi: f64::INFINITY, lo_open: open, hi_open: true }
            } else {
                Interval { lo: f64::NEG_INFINITY, hi: bound, lo_open: true, hi_open: open }
            };
            return Some((name.trim().to_string(), range));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_level_split_respects_brackets() {
        assert_eq!(split_top_level("f N(0, 1) [0.5, 0.5]"), ["f", "N(0, 1)", "[0.5, 0.5]"]);
        assert_eq!(split_top_level("  a   b "), ["a", "b"]);
    }

    #[test]
    fn bindings_and_words() {
        assert_eq!(split_binding("f(u) = u*log(u)"), Some(("f", " u*log(u)")));
        assert_eq!(split_binding("2f = u"), None);
        assert_eq!(split_word("  check   f "), ("check", "f"));
        assert_eq!(char_offset("é = u", &"é = u"[4..]), 3);
    }
}
