//! Whether two generators define the same divergence.
//!
//! D_f = D_g for all P, Q exactly when f − g = c·(u − 1) for a constant c (the term c·(u − 1)
//! integrates to c·(∫p − ∫q) = 0). [`same`] decides it with evidence:
//!
//! - [`Equivalence::Same`]: the exact normal form of f − g is c·(u − 1); the derivation shows
//!   f − g = c·(u − 1) step by step;
//! - [`Equivalence::Different`]: f − g is not affine, or does not vanish at u = 1, shown at
//!   concrete points (u₁, u₂, u₃) where the second divided difference of f − g is nonzero —
//!   found in floating point and *confirmed* by interval arithmetic (an enclosure that excludes
//!   0), never by floating point alone;
//! - [`Equivalence::Unknown`]: neither could be established (the reason says why).
//!
//! # Examples
//!
//! ```
//! use fdiv::generator::Generator;
//! use fdiv::transforms::equivalence::{same, Equivalence};
//! use fdiv::simplify::Assumptions;
//! let kl = Generator::parse("u*log(u)").unwrap();
//! let shifted = Generator::parse("u*log(u) + 3*(u - 1)").unwrap();
//! assert!(matches!(same(&kl, &shifted, &Assumptions::default()), Equivalence::Same { .. }));
//! let pearson = Generator::parse("(u - 1)^2").unwrap();
//! assert!(matches!(same(&kl, &pearson, &Assumptions::default()), Equivalence::Different { .. }));
//! ```

use crate::expr::{Expr, Rational};
use crate::generator::catalogue::{self, Entry};
use crate::generator::{Generator, VARIABLE};
use crate::numeric::Compiled;
use crate::numeric::interval::{Interval, enclose};
use crate::simplify::{self, Assumptions, Derivation, normal};

/// The answer of [`same`].
#[derive(Debug, Clone, PartialEq)]
pub enum Equivalence {
    /// f − g = c·(u − 1): the same divergence.
    Same {
        /// The constant c.
        c: Rational,
        /// The derivation of f − g = c·(u − 1).
        evidence: Derivation,
    },
    /// Different divergences, with a certified witness.
    Different(Witness),
    /// Not decided.
    Unknown {
        /// Why.
        reason: String,
    },
}

/// Points where f − g is certified not to be c·(u − 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Witness {
    /// The points u (one point u = 1 when f − g does not vanish there, else three).
    pub points: Vec<f64>,
    /// The quantity that is nonzero: `f(1) - g(1)`, or the second divided difference.
    pub quantity: String,
    /// An interval enclosing the quantity that excludes 0.
    pub enclosure: Interval,
}

/// `same: f − g = c·(u − 1)`, `different: <witness>` or `unknown: <reason>`.
impl std::fmt::Display for Equivalence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Equivalence::Same { c, .. } => write!(f, "same: f - g = {c}*(u - 1)"),
            Equivalence::Different(w) => write!(f, "different: {w}"),
            Equivalence::Unknown { reason } => write!(f, "unknown: {reason}"),
        }
    }
}

impl std::fmt::Display for Witness {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ∈ {} at u = {:?}", self.quantity, self.enclosure, self.points)
    }
}

/// Decides whether `f` and `g` define the same divergence over the domain `assumptions`.
pub fn same(f: &Generator, g: &Generator, assumptions: &Assumptions) -> Equivalence {
    let d = f.f() - g.f();
    if let Some(Some(c)) = normal::affine_in_u(&d, assumptions) {
        let target = &Expr::num(c.clone()) * &(&Expr::symbol(VARIABLE) - &Expr::int(1));
        // the normal form said affine, so the equality derivation exists
        if let Some(evidence) = simplify::equality(&d, &target, assumptions) {
            return Equivalence::Same { c, evidence };
        }
    }
    match witness(&d, assumptions) {
        Some(w) => Equivalence::Different(w),
        None => Equivalence::Unknown {
            reason: format!("f − g = {d} is not decided: its normal form is not c·(u − 1), and no point shows it"),
        },
    }
}

/// The catalogue entry `g` is the same divergence as, with the evidence.
pub fn recognise(g: &Generator, assumptions: &Assumptions) -> Option<(&'static Entry, Equivalence)> {
    catalogue::entries().iter().find_map(|entry| match same(&entry.generator(), g, assumptions) {
        same @ Equivalence::Same { .. } => Some((entry, same)),
        _ => None,
    })
}

/// A certified witness that `d` is not c·(u − 1): d(1) ≠ 0, or a nonzero second divided
/// difference, each enclosed by intervals.
fn witness(d: &Expr, assumptions: &Assumptions) -> Option<Witness> {
    let other = |name: &str| if name == VARIABLE { None } else { assumptions.range(name) };
    // only generators whose other symbols are fixed numbers can be evaluated at points
    if d.free_symbols().iter().any(|s| s.as_str() != VARIABLE) {
        return None;
    }
    let at = |u: f64| enclose(d, &|s| if s == VARIABLE { Some(Interval::point(u)) } else { other(s) });
    let one = at(1.0);
    if one.total && (one.range.lo > 0.0 || one.range.hi < 0.0) {
        return Some(Witness { points: vec![1.0], quantity: "f(1) - g(1)".into(), enclosure: one.range });
    }
    let compiled = Compiled::new(d, &[VARIABLE]).ok()?;
    // triples a < b < c (dyadic, exact in f64): (c−b)·d(a) − (c−a)·d(b) + (b−a)·d(c) = 0 if affine
    let triples: [[f64; 3]; 6] =
        [[0.5, 1.0, 2.0], [0.25, 1.0, 4.0], [1.0, 2.0, 4.0], [0.125, 0.5, 1.0], [2.0, 8.0, 32.0], [0.0625, 1.0, 16.0]];
    for [a, b, c] in triples {
        let values: Vec<f64> = [a, b, c].iter().map(|&u| compiled.eval(&[u])).collect();
        let numeric = (c - b) * values[0] - (c - a) * values[1] + (b - a) * values[2];
        let scale = values.iter().map(|v| v.abs()).fold(1.0, f64::max);
        if !numeric.is_finite() || numeric.abs() <= 1e-9 * scale {
            continue;
        }
        let (ea, eb, ec) = (at(a), at(b), at(c));
        if !(ea.total && eb.total && ec.total) {
            continue;
        }
        let sum = Interval::point(c - b)
            .mul(&ea.range)
            .sub(&Interval::point(c - a).mul(&eb.range))
            .add(&Interval::point(b - a).mul(&ec.range));
        if sum.lo > 0.0 || sum.hi < 0.0 {
            return Some(Witness {
                points: vec![a, b, c],
                quantity: format!("({c} - {b})·d({a}) - ({c} - {a})·d({b}) + ({b} - {a})·d({c}), d = f - g"),
                enclosure: sum,
            });
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(text: &str) -> Generator {
        Generator::parse(text).unwrap()
    }

    #[test]
    fn affine_shifts_are_the_same_divergence() {
        let a = Assumptions::default();
        match same(&g("u*log(u)"), &g("u*log(u) - 2*u + 2"), &a) {
            Equivalence::Same { c, .. } => assert_eq!(c, Rational::from_integer(2)),
            other => panic!("{other:?}"),
        }
        assert!(matches!(same(&g("-log(u)"), &g("log(1/u) + u - 1"), &a), Equivalence::Same { .. }));
    }

    #[test]
    fn different_divergences_have_certified_witnesses() {
        let a = Assumptions::default();
        let Equivalence::Different(w) = same(&g("u*log(u)"), &g("-log(u)"), &a) else { panic!() };
        assert_eq!(w.points.len(), 3);
        assert!(w.enclosure.lo > 0.0 || w.enclosure.hi < 0.0);
        let Equivalence::Different(w) = same(&g("u*log(u)"), &g("u*log(u) + 1"), &a) else { panic!() };
        assert_eq!(w.points, [1.0]);
    }

    #[test]
    fn a_user_generator_is_recognised() {
        let (entry, _) = recognise(&g("(u - 1)^2 + 5*(u - 1)"), &Assumptions::default()).unwrap();
        assert_eq!(entry.name, "pearson");
        let (entry, _) = recognise(&g("u*log(u) - u + 1"), &Assumptions::default()).unwrap();
        assert_eq!(entry.name, "kl");
        assert!(recognise(&g("u^4 - 1"), &Assumptions::default()).is_none());
    }
}
