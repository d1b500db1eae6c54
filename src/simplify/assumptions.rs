//! Domain assumptions: the range of every symbol of a problem.
//!
//! The rules' side conditions and the e-class analysis read these ranges: `q·(p/q) → p` fires
//! only because `q > 0` is assumed. By default the three variables of f-divergences are positive,
//! `p, q, u ∈ (0, ∞)`; any other symbol ranges over ℝ unless declared (`alpha ∈ (0, 1)`).

use std::collections::BTreeMap;
use std::fmt;

use super::Interval;

/// Symbol ranges; a symbol without a declared range ranges over the whole real line.
///
/// # Examples
///
/// ```
/// use fdiv::simplify::{Assumptions, Interval};
/// let a = Assumptions::default().with("alpha", Interval::open(0.0, 1.0));
/// assert!(a.range("q").unwrap().is_positive());
/// assert!(a.range("alpha").unwrap().is_positive());
/// assert!(a.range("x").is_none());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Assumptions {
    ranges: BTreeMap<String, Interval>,
}

impl Default for Assumptions {
    /// `p, q, u ∈ (0, ∞)`.
    fn default() -> Self {
        Assumptions::none().positive("p").positive("q").positive("u")
    }
}

impl Assumptions {
    /// No assumption at all: every symbol ranges over ℝ.
    pub fn none() -> Assumptions {
        Assumptions { ranges: BTreeMap::new() }
    }

    /// Declares `name ∈ range` (replacing an earlier declaration).
    pub fn with(mut self, name: &str, range: Interval) -> Assumptions {
        self.ranges.insert(name.to_string(), range);
        self
    }

    /// Declares `name > 0`.
    pub fn positive(self, name: &str) -> Assumptions {
        self.with(name, Interval::positive())
    }

    /// The declared range of `name`, if any.
    pub fn range(&self, name: &str) -> Option<Interval> {
        self.ranges.get(name).copied()
    }

    /// The declared symbols and their ranges, sorted by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Interval)> {
        self.ranges.iter().map(|(k, v)| (k.as_str(), v))
    }
}

impl fmt::Display for Assumptions {
    /// `p ∈ (0, ∞), q ∈ (0, ∞)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (name, r)) in self.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{name} ∈ {r}")?;
        }
        Ok(())
    }
}
