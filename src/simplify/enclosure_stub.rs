//! TEMPORARY stand-in for `crate::numeric::interval` (branch `interval`), with the same API.
//!
//! Sign-level only (every range is a point, a half-line, or the whole line, split at 0), so that
//! the analysis can be built and tested before the real interval module is merged. Deleted at
//! the merge: `analysis.rs` then imports `crate::numeric::interval::{Enclosure, Interval}`.

use crate::expr::Math;

/// A real interval with open or closed ends; `lo = -inf` or `hi = inf` for unbounded sides.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// Lower end.
    pub lo: f64,
    /// Upper end.
    pub hi: f64,
    /// Whether `lo` is excluded.
    pub lo_open: bool,
    /// Whether `hi` is excluded.
    pub hi_open: bool,
}

impl Interval {
    /// The whole line.
    pub fn whole() -> Interval {
        Interval { lo: f64::NEG_INFINITY, hi: f64::INFINITY, lo_open: true, hi_open: true }
    }
    /// A single point.
    pub fn point(x: f64) -> Interval {
        Interval { lo: x, hi: x, lo_open: false, hi_open: false }
    }
    fn positive() -> Interval {
        Interval { lo: 0.0, hi: f64::INFINITY, lo_open: true, hi_open: true }
    }
    fn nonnegative() -> Interval {
        Interval { lo: 0.0, hi: f64::INFINITY, lo_open: false, hi_open: true }
    }
    /// Every point > 0.
    pub fn is_positive(&self) -> bool {
        self.lo > 0.0 || (self.lo == 0.0 && self.lo_open)
    }
    /// Every point ≥ 0.
    pub fn is_nonnegative(&self) -> bool {
        self.lo >= 0.0
    }
    fn is_negative(&self) -> bool {
        self.hi < 0.0 || (self.hi == 0.0 && self.hi_open)
    }
    /// 0 is not in the interval.
    pub fn is_nonzero(&self) -> bool {
        self.is_positive() || self.is_negative()
    }
    /// The intersection, `None` when empty.
    pub fn intersect(&self, other: &Interval) -> Option<Interval> {
        let (lo, lo_open) = if self.lo > other.lo {
            (self.lo, self.lo_open)
        } else if other.lo > self.lo {
            (other.lo, other.lo_open)
        } else {
            (self.lo, self.lo_open || other.lo_open)
        };
        let (hi, hi_open) = if self.hi < other.hi {
            (self.hi, self.hi_open)
        } else if other.hi < self.hi {
            (other.hi, other.hi_open)
        } else {
            (self.hi, self.hi_open || other.hi_open)
        };
        (lo < hi || (lo == hi && !lo_open && !hi_open)).then_some(Interval { lo, hi, lo_open, hi_open })
    }
}

/// A range enclosing a term's values over the domain, valid only when the term is total.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Enclosure {
    /// Encloses every value (meaningful only when `total`).
    pub range: Interval,
    /// Whether the term is defined at every point of the domain.
    pub total: bool,
}

impl Enclosure {
    /// The enclosure of `node` from its children's.
    pub fn of_node(node: &Math, children: &[Enclosure], symbol: &dyn Fn(&str) -> Option<Interval>) -> Enclosure {
        let all_total = children.iter().all(|c| c.total);
        let sign = |i: &Interval| {
            if i.is_positive() {
                Some(Interval::positive())
            } else if i.is_nonnegative() {
                Some(Interval::nonnegative())
            } else {
                None
            }
        };
        let whole = Interval::whole();
        let (range, total) = match node {
            Math::Num(q) if q.is_zero() => (Interval::point(0.0), true),
            Math::Num(q) if q.to_f64().is_finite() && q.to_f64() != 0.0 => (Interval::point(q.to_f64()), true),
            Math::Num(q) if q.is_positive() => (Interval::positive(), true),
            Math::Num(_) => (whole, true),
            Math::Pi | Math::E => (Interval::positive(), true),
            Math::Symbol(s) => (symbol(s.as_str()).unwrap_or(whole), true),
            Math::Add(_) => {
                let (a, b) = (children[0].range, children[1].range);
                let r = if a.is_nonnegative() && b.is_nonnegative() {
                    if a.is_positive() || b.is_positive() { Interval::positive() } else { Interval::nonnegative() }
                } else {
                    whole
                };
                (r, all_total)
            }
            Math::Mul(_) | Math::Div(_) => {
                let (a, b) = (children[0].range, children[1].range);
                let r = if a.is_positive() && b.is_positive() {
                    Interval::positive()
                } else if a.is_nonnegative() && b.is_nonnegative() {
                    Interval::nonnegative()
                } else {
                    whole
                };
                let ok = !matches!(node, Math::Div(_)) || (children[1].total && b.is_nonzero());
                (r, all_total && ok)
            }
            Math::Sqrt(_) => {
                let a = children[0].range;
                (sign(&a).unwrap_or(Interval::nonnegative()), all_total && a.is_nonnegative())
            }
            Math::Exp(_) => (Interval::positive(), all_total),
            Math::Abs(_) => {
                let a = children[0].range;
                (if a.is_nonzero() { Interval::positive() } else { Interval::nonnegative() }, all_total)
            }
            Math::Log(_) => (whole, all_total && children[0].range.is_positive()),
            Math::Pow(_) => {
                let (a, k) = (children[0].range, children[1].range);
                let natural = k.lo == k.hi && k.lo >= 0.0 && k.lo.fract() == 0.0;
                let even = natural && (k.lo / 2.0).fract() == 0.0;
                let r = if a.is_positive() {
                    Interval::positive()
                } else if even || a.is_nonnegative() {
                    Interval::nonnegative()
                } else {
                    whole
                };
                (r, all_total && (a.is_positive() || natural))
            }
            Math::Sub(_) | Math::Neg(_) | Math::Min(_) | Math::Max(_) => (whole, all_total),
            Math::Lgamma(_) | Math::Digamma(_) | Math::LambertW(_) => {
                (whole, all_total && children[0].range.is_positive())
            }
        };
        Enclosure { range, total }
    }
}
