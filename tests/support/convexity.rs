//! An independent numeric check of convexity, shared by the soundness property test
//! (`tests/verify.rs`) and the large soundness run (`examples/soundness.rs`): it never uses the
//! checker's own machinery, so a wrong `Proved` cannot hide behind the code that produced it.
//! A gap found in floating point is dismissed only when outward-rounded intervals at the three
//! points are wide enough to hold it, so that rounding (a subnormal exp(−729) inside a log)
//! cannot fake a contradiction, and a real gap is never hidden by an undefined enclosure.

use fdiv::expr::Expr;
use fdiv::numeric::Compiled;
use fdiv::numeric::interval::{Interval, enclose};

/// A numeric contradiction of convexity of `f` (in `u`), independent of the checker: a log grid
/// of 2000 points over [1e-4, 1e4] and 300 pseudo-random Jensen triples; gaps within rounding
/// are ignored.
pub fn contradiction(expr: &Expr) -> Option<String> {
    let f = Compiled::new(expr, &["u"]).ok()?;
    // a float gap is dismissed as rounding only when outward-rounded intervals at the three
    // points are wide enough to hold it (log of a subnormal exp(−729)); where intervals are tight
    // or undefined, the gap stands
    let rounding = |a: f64, m: f64, b: f64, l: f64, gap: f64| {
        let at = |x: f64| enclose(expr, &|_| Some(Interval::point(x)));
        let (ea, em, eb) = (at(a), at(m), at(b));
        let width = |e: &fdiv::numeric::interval::Enclosure| e.range.hi - e.range.lo;
        ea.total && em.total && eb.total && width(&em) + l * width(&ea) + (1.0 - l) * width(&eb) >= gap
    };
    let gap = |a: f64, m: f64, b: f64| {
        let (fa, fm, fb) = (f.eval(&[a]), f.eval(&[m]), f.eval(&[b]));
        if !(fa.is_finite() && fm.is_finite() && fb.is_finite()) || fa.abs().max(fb.abs()).max(fm.abs()) > 1e12 {
            return None;
        }
        let l = (b - m) / (b - a);
        let chord = l * fa + (1.0 - l) * fb;
        let tol = 1e-8 * fa.abs().max(fm.abs()).max(fb.abs()).max(1.0);
        (fm - chord > tol && !rounding(a, m, b, l, fm - chord))
            .then(|| format!("f({m}) = {fm} > chord {chord} between {a} and {b}"))
    };
    let n = 2000;
    let x: Vec<f64> = (0..=n).map(|i| 1e-4 * 1e8f64.powf(f64::from(i) / f64::from(n))).collect();
    for w in x.windows(3) {
        if let Some(s) = gap(w[0], w[1], w[2]) {
            return Some(s);
        }
    }
    let mut s = 0x9e3779b97f4a7c15u64;
    let mut next = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    for _ in 0..300 {
        let (a, b) = (1e-3 * 1e6f64.powf(next()), 1e-3 * 1e6f64.powf(next()));
        let (a, b) = if a < b { (a, b) } else { (b, a) };
        let m = a + (b - a) * next();
        if a < m
            && m < b
            && let Some(s) = gap(a, m, b)
        {
            return Some(s);
        }
    }
    None
}
