//! Jensen triples: exact witnesses of non-convexity, the numeric search that proposes them, and
//! the numeric re-check of proofs.
//!
//! A witness is only ever built from exact rational points whose Jensen gap is confirmed in exact
//! rational arithmetic (`expr::exact`: polynomials, rational functions, roots of perfect powers)
//! or else in outward-rounded interval arithmetic (`numeric::interval`), so rounding cannot fake
//! it. The numeric parts here only *propose* points or *veto*
//! proofs (a veto turns a proof into an unknown, never into a refutation).

use std::fmt;

use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive};

use crate::expr::exact::eval;
use crate::expr::{Expr, Rational};
use crate::numeric::Compiled;
use crate::numeric::interval::{Interval, enclose};

/// f(λu₁ + (1−λ)u₂) > λf(u₁) + (1−λ)f(u₂) at exact points, confirmed exactly or by intervals.
#[derive(Debug, Clone, PartialEq)]
pub struct Jensen {
    /// u₁.
    pub u1: Rational,
    /// u₂.
    pub u2: Rational,
    /// λ ∈ (0, 1).
    pub lambda: Rational,
    /// λu₁ + (1−λ)u₂.
    pub mid: Rational,
    /// How the gap f(mid) − chord > 0 was confirmed.
    pub confirmed: Confirmation,
}

/// How a Jensen gap was confirmed.
#[derive(Debug, Clone, PartialEq)]
pub enum Confirmation {
    /// In exact rational arithmetic.
    Exact {
        /// f(mid).
        f_mid: Rational,
        /// λf(u₁) + (1−λ)f(u₂).
        chord: Rational,
    },
    /// In outward-rounded interval arithmetic: the gap lies in [lo, hi] with lo > 0.
    Enclosed {
        /// f(mid) − chord ≥ this (> 0).
        gap_lo: f64,
        /// f(mid) − chord ≤ this.
        gap_hi: f64,
    },
}

impl fmt::Display for Jensen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "u1 = {}, u2 = {}, lambda = {}: ", self.u1, self.u2, self.lambda)?;
        match &self.confirmed {
            Confirmation::Exact { f_mid, chord } => {
                write!(f, "f({}) = {f_mid} > lambda*f(u1) + (1 - lambda)*f(u2) = {chord} (exact)", self.mid)
            }
            Confirmation::Enclosed { gap_lo, gap_hi } => write!(
                f,
                "f({}) - (lambda*f(u1) + (1 - lambda)*f(u2)) in [{gap_lo:e}, {gap_hi:e}], > 0 (interval arithmetic)",
                self.mid
            ),
        }
    }
}

/// The exact Jensen gap at (a, m, b), a < m < b, when f is exactly rational at all three.
fn exact_triple(f: &Expr, a: &BigRational, m: &BigRational, b: &BigRational) -> Option<Jensen> {
    let r = |x: &BigRational| Rational::from_big(x.clone());
    let value = |x: &BigRational| -> Option<BigRational> {
        let q = r(x)?;
        eval(f, &|_| Some(q.clone())).ok().map(|v| v.as_big().clone())
    };
    let (fa, fm, fb) = (value(a)?, value(m)?, value(b)?);
    let lambda = (b - m) / (b - a);
    let chord = &lambda * &fa + (BigRational::one() - &lambda) * &fb;
    if fm <= chord {
        return None;
    }
    Some(Jensen {
        u1: r(a)?,
        u2: r(b)?,
        lambda: r(&lambda)?,
        mid: r(m)?,
        confirmed: Confirmation::Exact { f_mid: r(&fm)?, chord: r(&chord)? },
    })
}

/// The Jensen gap at (a, m, b) in interval arithmetic, when its lower end is positive.
fn enclosed_triple(f: &Expr, a: &BigRational, m: &BigRational, b: &BigRational) -> Option<Jensen> {
    let r = |x: &BigRational| Rational::from_big(x.clone());
    let (ra, rm, rb) = (r(a)?, r(m)?, r(b)?);
    let lambda = r(&((b - m) / (b - a)))?;
    let rest = Rational::one().checked_sub(&lambda)?;
    let value = |x: &Rational| {
        let e = enclose(f, &|_| Some(Interval::of_rational(x)));
        e.total.then_some(e.range)
    };
    let (fa, fm, fb) = (value(&ra)?, value(&rm)?, value(&rb)?);
    let chord = Interval::of_rational(&lambda).mul(&fa).add(&Interval::of_rational(&rest).mul(&fb));
    let gap = fm.sub(&chord);
    if !(gap.lo > 0.0 || gap.lo == 0.0 && gap.lo_open) || !gap.hi.is_finite() {
        return None;
    }
    Some(Jensen {
        u1: ra,
        u2: rb,
        lambda,
        mid: rm,
        confirmed: Confirmation::Enclosed { gap_lo: gap.lo, gap_hi: gap.hi },
    })
}

fn round_to(x: f64, d: i64) -> Option<BigRational> {
    let n = (x * d as f64).round();
    if !n.is_finite() || n.abs() > 1e15 {
        return None;
    }
    Some(BigRational::new((n as i64).into(), d.into()))
}

/// A Jensen triple near `x0` inside (lo, hi), simple numbers first, confirmed exactly or else
/// by interval arithmetic.
pub(crate) fn exact_near(f: &Expr, x0: BigRational, lo: &BigRational, hi: Option<&BigRational>) -> Option<Jensen> {
    let x = x0.to_f64()?;
    let inside = |v: &BigRational| v > lo && hi.is_none_or(|h| v < h);
    let mut triples: Vec<[BigRational; 3]> = Vec::new();
    for root in [1u32, 2, 3] {
        let t0 = x.powf(1.0 / f64::from(root));
        for spread in [0.5, 0.25, 0.1, 0.02, 0.004] {
            for d in [1i64, 2, 4, 10, 16, 100, 1000, 10_000] {
                let pts: Option<Vec<BigRational>> = [t0 * (1.0 - spread), t0, t0 * (1.0 + spread)]
                    .iter()
                    .map(|&t| round_to(t, d).map(|t| num_traits::Pow::pow(&t, root)))
                    .collect();
                let Some(p) = pts else { continue };
                if p[0] < p[1] && p[1] < p[2] && p.iter().all(inside) && triples.len() < 200 {
                    triples.push([p[0].clone(), p[1].clone(), p[2].clone()]);
                }
            }
        }
    }
    // exact confirmations first (a person can redo them by hand), then intervals
    let exact = triples.iter().find_map(|[a, m, b]| exact_triple(f, a, m, b));
    exact.or_else(|| triples.iter().find_map(|[a, m, b]| enclosed_triple(f, a, m, b)))
}

/// A point of (lo, hi) where f'' is clearly negative on a log grid, the one nearest u = 1.
pub(crate) fn negative_curvature(second: &Expr, lo: &BigRational, hi: Option<&BigRational>) -> Option<BigRational> {
    let c = Compiled::new(second, &["u"]).ok()?;
    let lo_f = lo.to_f64()?.max(1e-6);
    let hi_f = hi.and_then(|h| h.to_f64()).unwrap_or(1e6).min(1e6);
    if lo_f >= hi_f {
        return None;
    }
    let n = 400;
    let mut best: Option<(f64, f64)> = None;
    for i in 1..n {
        let u = lo_f * (hi_f / lo_f).powf(i as f64 / n as f64);
        let v = c.eval(&[u]);
        if v.is_finite() && v < -1e-9 {
            let distance = u.ln().abs();
            if best.is_none_or(|(_, d)| distance < d) {
                best = Some((u, distance));
            }
        }
    }
    let (u, _) = best?;
    // a short exact number near u
    let exp = u.log10().floor() as i32;
    let scale = 10f64.powi(2 - exp);
    let approx = (u * scale).round() / scale;
    Rational::from_f64(approx).map(|r| r.as_big().clone()).filter(|r| r.is_positive())
}

/// A numeric contradiction of convexity on (0, ∞): a dense log grid and fixed Jensen triples.
/// Tolerant of rounding: only a gap far beyond it counts.
pub(crate) fn numeric_contradiction(f: &Expr) -> Option<String> {
    let c = Compiled::new(f, &["u"]).ok()?;
    let gap = |a: f64, m: f64, b: f64| -> Option<f64> {
        let (fa, fm, fb) = (c.eval(&[a]), c.eval(&[m]), c.eval(&[b]));
        if !(fa.is_finite() && fm.is_finite() && fb.is_finite()) {
            return None;
        }
        let lambda = (b - m) / (b - a);
        let chord = lambda * fa + (1.0 - lambda) * fb;
        let tol = 1e-6 * fa.abs().max(fm.abs()).max(fb.abs()) + 1e-9 * (1.0 + b * b);
        (fm - chord > tol).then_some(fm - chord)
    };
    let n = 600;
    let grid: Vec<f64> = (0..=n).map(|i| 1e-4 * (1e8f64).powf(i as f64 / n as f64)).collect();
    for w in grid.windows(3) {
        if let Some(g) = gap(w[0], w[1], w[2]) {
            return Some(format!("Jensen gap {g:e} at u = {:.6}", w[1]));
        }
    }
    let mut seed = 0x2545f4914f6cdd1du64;
    for _ in 0..200 {
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        let a = 1e-3 * (1e6f64).powf(next());
        let b = 1e-3 * (1e6f64).powf(next());
        let (a, b) = if a < b { (a, b) } else { (b, a) };
        let m = a + (b - a) * next();
        if a < m
            && m < b
            && let Some(g) = gap(a, m, b)
        {
            return Some(format!("Jensen gap {g:e} at ({a:.6}, {m:.6}, {b:.6})"));
        }
    }
    None
}
