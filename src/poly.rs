//! Exact polynomials and rational functions over ℚ, and the sign of a polynomial on (0, ∞)
//! decided by Sturm sequences.
//!
//! [`RationalFunction::from_expr`] extracts N(t)/D(t) from an expression built from `+ − × ÷`,
//! integer powers, exact constants and the variable — where the variable also appears as
//! `sqrt(u)` or `u^(a/b)`, it substitutes u = t^q with q the least common denominator, so that
//! (√u − 1)² becomes t² − 2t + 1 in t = √u (t ranges over (0, ∞) exactly when u does).
//! [`sign_on_positive_axis`] decides the sign of a polynomial on (0, ∞) exactly: a proof that it
//! is ≥ 0 (or > 0), or an exact rational point where it is negative.
//!
//! Only roots of odd multiplicity change the sign, so (u − 1)² ≥ 0 is proved; factors of u are
//! positive on (0, ∞) and are stripped first (Sturm needs p(0) ≠ 0 to count roots in (0, b]).
//!
//! This module is the crate's one home for exact algebra over ℚ: [`roots`] finds rational roots
//! (the rational root theorem, one bound), `factor` splits integers into primes (trial division,
//! one bound); the normal form, the closed forms and the verifier all use these two. Values that
//! leave the module are bounded [`Rational`]s; [`Poly`] keeps unbounded coefficients inside,
//! where Sturm sequences need them, behind crate-private accessors.
//!
//! # Examples
//!
//! ```
//! use fdiv::expr::Expr;
//! use fdiv::poly::{RationalFunction, sign_on_positive_axis, Sign};
//! let f = RationalFunction::from_expr(&Expr::parse("(u - 1)^2*u").unwrap(), "u").unwrap();
//! assert_eq!(sign_on_positive_axis(&f.num), Sign::NonNegative);
//! let g = RationalFunction::from_expr(&Expr::parse("12*u^2 - 4").unwrap(), "u").unwrap();
//! assert!(matches!(sign_on_positive_axis(&g.num), Sign::Changes { .. }));
//! ```

use std::fmt;

use egg::Symbol;
use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::expr::{Expr, Math, Rational};

pub(crate) mod factor;
pub mod roots;

/// Degrees beyond this are not handled (work bound): extraction gives `None`.
pub const MAX_DEGREE: usize = 64;

/// A polynomial with exact rational coefficients, lowest degree first, no trailing zeros.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Poly(Vec<BigRational>);

impl Poly {
    /// The zero polynomial.
    pub fn zero() -> Poly {
        Poly(vec![])
    }

    /// The constant `c`.
    pub(crate) fn constant(c: BigRational) -> Poly {
        Poly(vec![c]).trim()
    }

    /// The monomial t.
    pub fn x() -> Poly {
        Poly(vec![BigRational::zero(), BigRational::one()])
    }

    /// Coefficients, lowest degree first.
    pub(crate) fn coefficients(&self) -> &[BigRational] {
        &self.0
    }

    fn trim(mut self) -> Poly {
        while self.0.last().is_some_and(Zero::is_zero) {
            self.0.pop();
        }
        self
    }

    /// Whether this is the zero polynomial.
    pub fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    /// The degree (0 for constants, including 0).
    pub fn degree(&self) -> usize {
        self.0.len().saturating_sub(1)
    }

    /// The leading coefficient (0 for the zero polynomial).
    pub(crate) fn leading(&self) -> BigRational {
        self.0.last().cloned().unwrap_or_else(BigRational::zero)
    }

    /// p(x), exactly.
    pub(crate) fn eval(&self, x: &BigRational) -> BigRational {
        self.0.iter().rev().fold(BigRational::zero(), |acc, c| acc * x + c)
    }

    /// p + q.
    pub fn add(&self, q: &Poly) -> Poly {
        let n = self.0.len().max(q.0.len());
        let z = BigRational::zero();
        Poly((0..n).map(|i| self.0.get(i).unwrap_or(&z) + q.0.get(i).unwrap_or(&z)).collect()).trim()
    }

    /// −p.
    pub fn neg(&self) -> Poly {
        Poly(self.0.iter().map(|c| -c).collect())
    }

    /// p − q.
    pub fn sub(&self, q: &Poly) -> Poly {
        self.add(&q.neg())
    }

    /// p·q.
    pub fn mul(&self, q: &Poly) -> Poly {
        if self.is_zero() || q.is_zero() {
            return Poly::zero();
        }
        let mut out = vec![BigRational::zero(); self.0.len() + q.0.len() - 1];
        for (i, a) in self.0.iter().enumerate() {
            for (j, b) in q.0.iter().enumerate() {
                out[i + j] += a * b;
            }
        }
        Poly(out).trim()
    }

    /// p·c.
    pub(crate) fn scale(&self, c: &BigRational) -> Poly {
        Poly(self.0.iter().map(|a| a * c).collect()).trim()
    }

    /// p^n, or `None` beyond [`MAX_DEGREE`].
    pub fn pow(&self, n: u32) -> Option<Poly> {
        if self.degree().checked_mul(n as usize)? > MAX_DEGREE {
            return None;
        }
        let mut out = Poly::constant(BigRational::one());
        for _ in 0..n {
            out = out.mul(self);
        }
        Some(out)
    }

    /// p'.
    pub fn derivative(&self) -> Poly {
        Poly(self.0.iter().enumerate().skip(1).map(|(i, c)| c * BigRational::from_integer(BigInt::from(i))).collect())
            .trim()
    }

    /// (quotient, remainder) of p ÷ d; `d` must be nonzero.
    fn divrem(&self, d: &Poly) -> (Poly, Poly) {
        debug_assert!(!d.is_zero());
        let mut r = self.0.clone();
        let dl = d.leading();
        let dd = d.degree();
        if self.0.len() < d.0.len() {
            return (Poly::zero(), self.clone());
        }
        let mut q = vec![BigRational::zero(); self.0.len() - d.0.len() + 1];
        for i in (0..q.len()).rev() {
            let c = &r[i + dd] / &dl;
            if !c.is_zero() {
                for (j, b) in d.0.iter().enumerate() {
                    r[i + j] -= &c * b;
                }
            }
            q[i] = c;
        }
        r.truncate(dd);
        (Poly(q).trim(), Poly(r).trim())
    }

    /// The monic greatest common divisor.
    fn gcd(&self, q: &Poly) -> Poly {
        let (mut a, mut b) = (self.clone(), q.clone());
        while !b.is_zero() {
            let r = a.divrem(&b).1;
            a = b;
            b = r;
        }
        if a.is_zero() {
            return a;
        }
        let l = a.leading();
        a.scale(&(BigRational::one() / l))
    }

    /// The product of the factors of odd multiplicity (Yun's square-free decomposition), monic.
    fn odd_part(&self) -> Poly {
        // p = Π s_i^i; a_0 = gcd(p, p'), b_1 = p / a_0, then b_{i+1} = gcd(a_i, b_i), s_i = b_i / b_{i+1}
        let monic = self.scale(&(BigRational::one() / self.leading()));
        let mut a = monic.gcd(&monic.derivative());
        let mut b = monic.divrem(&a).0;
        let mut odd = Poly::constant(BigRational::one());
        let mut i = 1;
        while b.degree() > 0 {
            let next = a.gcd(&b);
            let s = b.divrem(&next).0;
            if i % 2 == 1 {
                odd = odd.mul(&s);
            }
            a = a.divrem(&next).0;
            b = next;
            i += 1;
        }
        odd
    }
}

impl fmt::Display for Poly {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_zero() {
            return f.write_str("0");
        }
        let mut first = true;
        for (i, c) in self.0.iter().enumerate().rev() {
            if c.is_zero() {
                continue;
            }
            let sign = if c.is_negative() { "-" } else { "+" };
            if first {
                if c.is_negative() {
                    f.write_str("-")?;
                }
            } else {
                write!(f, " {sign} ")?;
            }
            first = false;
            let a = c.abs();
            match (i, a.is_one()) {
                (0, _) => write!(f, "{a}")?,
                (_, true) => {}
                (_, false) => write!(f, "{a}*")?,
            }
            match i {
                0 => {}
                1 => f.write_str("t")?,
                _ => write!(f, "t^{i}")?,
            }
        }
        Ok(())
    }
}

/// num(t)/den(t) in t, where u = t^`root` (root = 1: t is u itself).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RationalFunction {
    /// The numerator.
    pub num: Poly,
    /// The denominator (nonzero).
    pub den: Poly,
    /// u = t^root.
    pub root: u32,
}

impl RationalFunction {
    /// Extracts `expr` as a rational function of t with u = t^q, or `None` when it is not one
    /// (other functions, symbols other than `var`, non-integer powers of anything but `var`, degree
    /// beyond [`MAX_DEGREE`]). Exact where the expression is defined: the two agree at every
    /// point of (0, ∞) where `expr` is defined.
    pub fn from_expr(expr: &Expr, var: &str) -> Option<RationalFunction> {
        let q = root_degree(expr, Symbol::from(var))?;
        let (num, den) = per_node(expr, var, q).pop().flatten()?;
        Some(RationalFunction { num, den, root: q })
    }

    /// The value at u (= t^root) = `t`, or `None` at a pole.
    pub(crate) fn eval_at_t(&self, t: &BigRational) -> Option<BigRational> {
        let d = self.den.eval(t);
        (!d.is_zero()).then(|| self.num.eval(t) / d)
    }
}

/// The rational function (num, den) in t, u = t^q, of every node of `expr` that is one.
pub fn per_node(expr: &Expr, var: &str, q: u32) -> Vec<Option<(Poly, Poly)>> {
    let target = Symbol::from(var);
    // pairs (num, den) per node; None = not rational
    let mut vals: Vec<Option<(Poly, Poly)>> = Vec::with_capacity(expr.nodes().len());
    let one = || Poly::constant(BigRational::one());
    let var_power = |e: &BigRational| -> Option<(Poly, Poly)> {
        // u^e = t^(q·e)
        let k = e * BigRational::from_integer(BigInt::from(q));
        let k = k.is_integer().then(|| k.to_integer().to_i64())??;
        let mono = Poly::x().pow(u32::try_from(k.unsigned_abs()).ok()?)?;
        Some(if k >= 0 { (mono, one()) } else { (one(), mono) })
    };
    for node in expr.nodes() {
        let get = |c: &egg::Id| vals[usize::from(*c)].clone();
        let v = (|| -> Option<(Poly, Poly)> {
            match node {
                Math::Num(c) => Some((Poly::constant(c.as_big().clone()), one())),
                Math::Symbol(s) if *s == target => var_power(&BigRational::one()),
                Math::Add([a, b]) | Math::Sub([a, b]) => {
                    let ((an, ad), (bn, bd)) = (get(a)?, get(b)?);
                    let l = an.mul(&bd);
                    let r = bn.mul(&ad);
                    let n = if matches!(node, Math::Add(_)) { l.add(&r) } else { l.sub(&r) };
                    Some((n, ad.mul(&bd)))
                }
                Math::Mul([a, b]) => {
                    let ((an, ad), (bn, bd)) = (get(a)?, get(b)?);
                    Some((an.mul(&bn), ad.mul(&bd)))
                }
                Math::Div([a, b]) => {
                    let ((an, ad), (bn, bd)) = (get(a)?, get(b)?);
                    if bn.is_zero() { None } else { Some((an.mul(&bd), ad.mul(&bn))) }
                }
                Math::Neg(a) => get(a).map(|(n, d)| (n.neg(), d)),
                Math::Sqrt(a) if matches!(expr.node(*a), Math::Symbol(s) if *s == target) => {
                    var_power(&BigRational::new(BigInt::one(), BigInt::from(2)))
                }
                Math::Pow([a, b]) => match expr.node(*b) {
                    Math::Num(e) if matches!(expr.node(*a), Math::Symbol(s) if *s == target) => var_power(e.as_big()),
                    Math::Num(e) if e.is_integer() => {
                        let (n, d) = get(a)?;
                        let k = e.to_i64()?;
                        let m = u32::try_from(k.unsigned_abs()).ok()?;
                        let (pn, pd) = (n.pow(m)?, d.pow(m)?);
                        if k >= 0 {
                            Some((pn, pd))
                        } else if pn.is_zero() {
                            None
                        } else {
                            Some((pd, pn))
                        }
                    }
                    _ => None,
                },
                _ => None,
            }
        })();
        let v = match v {
            Some((n, d)) if n.degree() > MAX_DEGREE || d.degree() > MAX_DEGREE => None,
            Some((n, d)) => Some(reduce(n, d)),
            None => None,
        };
        vals.push(v);
    }
    vals
}

/// Cancels the gcd of numerator and denominator (keeps values where both are defined).
fn reduce(n: Poly, d: Poly) -> (Poly, Poly) {
    if n.is_zero() {
        return (n, Poly::constant(BigRational::one()));
    }
    let g = n.gcd(&d);
    let (n, d) = if g.degree() > 0 { (n.divrem(&g).0, d.divrem(&g).0) } else { (n, d) };
    // make the denominator monic
    let l = d.leading();
    let inv = BigRational::one() / l;
    (n.scale(&inv), d.scale(&inv))
}

/// The least common denominator q of the exponents applied directly to `var` (`sqrt(u)`,
/// `u^(a/b)`), 1 if none; `None` beyond a small bound.
fn root_degree(expr: &Expr, target: Symbol) -> Option<u32> {
    let mut q = BigInt::one();
    for node in expr.nodes() {
        let is_var = |id: &egg::Id| matches!(expr.node(*id), Math::Symbol(s) if *s == target);
        match node {
            Math::Sqrt(a) if is_var(a) => q = q.lcm(&BigInt::from(2)),
            Math::Pow([a, b]) if is_var(a) => {
                if let Math::Num(e) = expr.node(*b) {
                    q = q.lcm(e.denom());
                }
            }
            _ => {}
        }
    }
    q.to_u32().filter(|&q| q <= 12)
}

/// The content of rational coefficients as (gcd of the numerators, lcm of the denominators):
/// every value divided by their quotient is an integer, and those integers are coprime. (0, 1)
/// when every value is 0.
pub(crate) fn content_parts<'a>(values: impl IntoIterator<Item = (&'a BigInt, &'a BigInt)>) -> (BigInt, BigInt) {
    values.into_iter().fold((BigInt::zero(), BigInt::one()), |(n, d), (numer, denom)| (n.gcd(numer), d.lcm(denom)))
}

/// The positive content of rational coefficients: the gcd of the numerators over the lcm of the
/// denominators, so that every value divided by it is an integer and those are coprime.
///
/// 1 when there are no nonzero values, and when the content would exceed
/// [`MAX_BITS`](crate::expr::MAX_BITS) (dividing by 1 is exact too, only not primitive).
///
/// # Examples
///
/// ```
/// use fdiv::expr::Rational;
/// use fdiv::poly::content;
/// assert_eq!(content(&[Rational::new(2, 3), Rational::new(-4, 9)]), Rational::new(2, 9));
/// assert_eq!(content(&[]), Rational::one());
/// ```
pub fn content(values: &[Rational]) -> Rational {
    let (n, d) = content_parts(values.iter().map(|v| (v.numer(), v.denom())));
    if n.is_zero() {
        return Rational::one();
    }
    Rational::from_big(BigRational::new(n, d)).unwrap_or_else(Rational::one)
}

/// The sign of a polynomial on the open half-line (0, ∞), decided exactly.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Sign {
    /// p = 0 identically.
    Zero,
    /// p > 0 at every point.
    Positive,
    /// p ≥ 0 at every point, with zeros of even multiplicity.
    NonNegative,
    /// p < 0 at every point.
    Negative,
    /// p ≤ 0 at every point, with zeros of even multiplicity.
    NonPositive,
    /// p takes both signs: exact points where it is positive and negative.
    Changes {
        /// A point with p > 0.
        positive_at: Rational,
        /// A point with p < 0.
        negative_at: Rational,
    },
    /// The bounded root isolation did not finish (or a point it found exceeds
    /// [`MAX_BITS`](crate::expr::MAX_BITS)).
    Undecided,
}

/// Decides the sign of `p` on (0, ∞) exactly (Sturm sequences over ℚ).
///
/// # Examples
///
/// ```
/// use fdiv::expr::Expr;
/// use fdiv::poly::{RationalFunction, sign_on_positive_axis, Sign};
/// let p = RationalFunction::from_expr(&Expr::parse("u^2 + 1").unwrap(), "u").unwrap().num;
/// assert_eq!(sign_on_positive_axis(&p), Sign::Positive);
/// ```
pub fn sign_on_positive_axis(p: &Poly) -> Sign {
    sign_on_interval(p, &BigRational::zero(), None)
}

/// Decides the sign of `p` on the open interval (lo, hi) (hi = `None`: ∞), 0 ≤ lo < hi.
pub(crate) fn sign_on_interval(p: &Poly, lo: &BigRational, hi: Option<&BigRational>) -> Sign {
    if p.is_zero() {
        return Sign::Zero;
    }
    // factors (t − lo) and (hi − t) are positive inside: strip them so the ends are not roots
    let mut p = p.clone();
    let t_minus = |c: &BigRational| Poly(vec![-c.clone(), BigRational::one()]);
    while p.degree() > 0 && p.eval(lo).is_zero() {
        p = p.divrem(&t_minus(lo)).0;
    }
    if let Some(h) = hi {
        while p.degree() > 0 && p.eval(h).is_zero() {
            p = p.divrem(&t_minus(h)).0.neg();
        }
    }
    let (pos, neg) = if p.degree() == 0 {
        (p.leading().is_positive(), p.leading().is_negative())
    } else {
        let square_free = p.divrem(&p.gcd(&p.derivative())).0;
        let odd = p.odd_part();
        if odd.degree() == 0 || root_count(&odd, lo, hi) == 0 {
            // constant sign: that of p at a point inside where it is not 0
            let any_root = root_count(&square_free, lo, hi) > 0;
            let Some(x) = inner_points(lo, hi).into_iter().find(|x| !p.eval(x).is_zero()) else {
                return Sign::Undecided;
            };
            let positive = p.eval(&x).is_positive();
            return match (positive, any_root) {
                (true, false) => Sign::Positive,
                (true, true) => Sign::NonNegative,
                (false, false) => Sign::Negative,
                (false, true) => Sign::NonPositive,
            };
        }
        let mut pos = None;
        let mut neg = None;
        for x in sample_points(&odd, lo, hi) {
            let v = p.eval(&x);
            if v.is_positive() && pos.is_none() {
                pos = Some(x);
            } else if v.is_negative() && neg.is_none() {
                neg = Some(x);
            }
        }
        let bounded = |x: Option<BigRational>| x.and_then(Rational::from_big);
        return match (bounded(pos), bounded(neg)) {
            (Some(positive_at), Some(negative_at)) => Sign::Changes { positive_at, negative_at },
            // not expected in exact arithmetic (an odd root has both signs around it), but the
            // search is bounded: say so rather than guess
            _ => Sign::Undecided,
        };
    };
    match (pos, neg) {
        (true, _) => Sign::Positive,
        (_, true) => Sign::Negative,
        _ => Sign::Zero,
    }
}

/// A few points inside (lo, hi), simplest first.
fn inner_points(lo: &BigRational, hi: Option<&BigRational>) -> Vec<BigRational> {
    let two = BigRational::from_integer(BigInt::from(2));
    match hi {
        Some(h) => {
            let w = h - lo;
            (1..8).map(|k| lo + &w * BigRational::new(BigInt::from(k), BigInt::from(8))).collect()
        }
        None => (0..8).map(|k| lo + BigRational::one() + BigRational::from_integer(BigInt::from(k)) / &two).collect(),
    }
}

fn sturm_sequence(p: &Poly) -> Vec<Poly> {
    let mut seq = vec![p.clone(), p.derivative()];
    while !seq[seq.len() - 1].is_zero() {
        let n = seq.len();
        let r = seq[n - 2].divrem(&seq[n - 1]).1.neg();
        if r.is_zero() {
            break;
        }
        seq.push(r);
    }
    seq.retain(|q| !q.is_zero());
    seq
}

fn sign_changes(values: impl Iterator<Item = BigRational>) -> usize {
    let mut last = 0i8;
    let mut count = 0;
    for v in values {
        let s = if v.is_positive() {
            1
        } else if v.is_negative() {
            -1
        } else {
            0
        };
        if s != 0 {
            if last != 0 && s != last {
                count += 1;
            }
            last = s;
        }
    }
    count
}

fn changes_at(seq: &[Poly], x: &BigRational) -> usize {
    sign_changes(seq.iter().map(|q| q.eval(x)))
}

fn changes_at_infinity(seq: &[Poly]) -> usize {
    sign_changes(seq.iter().map(Poly::leading))
}

/// Distinct roots of a square-free `p` in (lo, hi), the ends not being roots.
fn root_count(p: &Poly, lo: &BigRational, hi: Option<&BigRational>) -> usize {
    let seq = sturm_sequence(p);
    let at_hi = match hi {
        Some(h) => changes_at(&seq, h),
        None => changes_at_infinity(&seq),
    };
    changes_at(&seq, lo).saturating_sub(at_hi)
}

/// Rational points of (lo, hi), one in each open interval between consecutive roots of the
/// square-free `p`, plus one before the first and one after the last; simplest first.
fn sample_points(p: &Poly, lo: &BigRational, hi: Option<&BigRational>) -> Vec<BigRational> {
    let seq = sturm_sequence(p);
    let count = |a: &BigRational, b: &BigRational| changes_at(&seq, a).saturating_sub(changes_at(&seq, b));
    let two = BigRational::from_integer(BigInt::from(2));
    let top = match hi {
        Some(h) => h.clone(),
        None => {
            // Cauchy bound: every root has |x| < 1 + max |a_i / a_n|
            let lead = p.leading().abs();
            BigRational::one()
                + p.0.iter().map(|c| c.abs() / &lead).fold(BigRational::zero(), |m, c| if c > m { c } else { m })
                + lo
        }
    };
    let mut stack = vec![(lo.clone(), top.clone())];
    let mut isolated: Vec<(BigRational, BigRational)> = Vec::new();
    let mut guard = 0;
    while let Some((a, b)) = stack.pop() {
        guard += 1;
        if guard > 10_000 {
            break;
        }
        match count(&a, &b) {
            0 => {}
            1 => isolated.push((a, b)),
            _ => {
                let mut m = (&a + &b) / &two;
                if p.eval(&m).is_zero() {
                    m = (&a + &m * BigRational::from_integer(BigInt::from(3))) / BigRational::from_integer(4.into());
                }
                stack.push((a, m.clone()));
                stack.push((m, b));
            }
        }
    }
    isolated.sort();
    // split points are never roots (a midpoint that is one is moved), nor are the ends: every
    // inner endpoint lies strictly between consecutive roots, or beyond the last
    let mut points: Vec<BigRational> = isolated
        .iter()
        .flat_map(|(a, b)| [a.clone(), b.clone()])
        .filter(|x| x > lo && hi.is_none_or(|h| x < h))
        .collect();
    if let Some((_, b)) = isolated.first() {
        // a point in (lo, first root): approach lo until no root lies below
        let mut m = b.clone();
        for _ in 0..4096 {
            m = (&m + lo) / &two;
            if count(lo, &m) == 0 && !p.eval(&m).is_zero() {
                points.push(m);
                break;
            }
        }
    }
    if let Some((a, _)) = isolated.last() {
        // a point in (last root, hi): approach the top end (never a root) from the left
        let mut m = a.clone();
        for _ in 0..4096 {
            m = (&m + &top) / &two;
            if count(&m, &top) == 0 && !p.eval(&m).is_zero() {
                points.push(m);
                break;
            }
        }
    }
    points.retain(|x| x > lo && hi.is_none_or(|h| x < h));
    points.sort_by_key(|x| (x.denom().bits(), x.numer().bits()));
    points
}

/// Every distinct root of `p` in (lo, hi) (hi = `None`: ∞), when all of them are rational and
/// found by [`roots::rational_roots`] (the count checked against Sturm's); `None` otherwise.
pub(crate) fn rational_roots_in(p: &Poly, lo: &BigRational, hi: Option<&BigRational>) -> Option<Vec<BigRational>> {
    if p.is_zero() {
        return None;
    }
    let m = p.0.iter().take_while(|c| c.is_zero()).count();
    let p = Poly(p.0[m..].to_vec());
    if p.degree() == 0 {
        return Some(vec![]);
    }
    let square_free = p.divrem(&p.gcd(&p.derivative())).0;
    // the ends are not roots of a root-stripped polynomial only if checked: strip them
    let inside = |x: &BigRational| x > lo && hi.is_none_or(|h| x < h);
    let mut sf = square_free.clone();
    let t_minus = |c: &BigRational| Poly(vec![-c.clone(), BigRational::one()]);
    for end in std::iter::once(lo).chain(hi) {
        if sf.degree() > 0 && sf.eval(end).is_zero() {
            sf = sf.divrem(&t_minus(end)).0;
        }
    }
    let expected = if sf.degree() == 0 { 0 } else { root_count(&sf, lo, hi) };
    if expected == 0 {
        return Some(vec![]);
    }
    let coefficients: Vec<Rational> = sf.0.iter().map(|c| Rational::from_big(c.clone())).collect::<Option<_>>()?;
    let found = roots::rational_roots(&coefficients)?;
    let mut roots: Vec<BigRational> =
        found.roots.into_iter().map(|(r, _)| r.as_big().clone()).filter(|r| inside(r)).collect();
    roots.sort();
    (roots.len() == expected).then_some(roots)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rf(text: &str) -> RationalFunction {
        RationalFunction::from_expr(&Expr::parse(text).unwrap(), "u").unwrap()
    }

    fn q(n: i64, d: i64) -> BigRational {
        BigRational::new(n.into(), d.into())
    }

    #[test]
    fn extraction_and_reduction() {
        let f = rf("(u^2 - 1)/(u - 1)");
        assert_eq!(f.num.to_string(), "t + 1");
        assert_eq!(f.den.to_string(), "1");
        let g = rf("(sqrt(u) - 1)^2");
        assert_eq!((g.num.to_string(), g.root), ("t^2 - 2*t + 1".to_string(), 2));
        assert!(RationalFunction::from_expr(&Expr::parse("log(u)").unwrap(), "u").is_none());
        assert!(RationalFunction::from_expr(&Expr::parse("u^(1/2) + x").unwrap(), "u").is_none());
    }

    #[test]
    fn signs_on_an_interval_and_rational_roots() {
        let p = rf("(u - 1)*(u - 3)").num;
        assert_eq!(sign_on_interval(&p, &q(1, 1), Some(&q(3, 1))), Sign::Negative);
        let p = rf("(2*u - 1)*(u - 3)*(u + 1)").num;
        assert_eq!(rational_roots_in(&p, &BigRational::zero(), None), Some(vec![q(1, 2), q(3, 1)]));
        assert_eq!(rational_roots_in(&p, &q(1, 1), Some(&q(3, 1))), Some(vec![]));
        // an irrational root in the interval: not all roots are rational
        assert_eq!(rational_roots_in(&rf("u^2 - 2").num, &BigRational::zero(), None), None);
    }

    #[test]
    fn signs_on_the_half_line() {
        assert_eq!(sign_on_positive_axis(&rf("(u - 1)^2").num), Sign::NonNegative);
        assert_eq!(sign_on_positive_axis(&rf("u^3").num), Sign::Positive);
        assert_eq!(sign_on_positive_axis(&rf("-(u + 2)*(u - 3)^2*u").num), Sign::NonPositive);
        assert_eq!(sign_on_positive_axis(&rf("7").num), Sign::Positive);
        assert_eq!(sign_on_positive_axis(&rf("u - u").num), Sign::Zero);
        match sign_on_positive_axis(&rf("12*u^2 - 4").num) {
            Sign::Changes { positive_at, negative_at } => {
                let p = rf("12*u^2 - 4").num;
                let (positive_at, negative_at) = (positive_at.as_big(), negative_at.as_big());
                assert!(p.eval(positive_at).is_positive() && p.eval(negative_at).is_negative());
                assert!(negative_at < &q(577, 1000));
            }
            other => panic!("{other:?}"),
        }
        // a narrow negative window between two close roots
        let p = rf("(u - 1)*(u - 10001/10000)").num;
        match sign_on_positive_axis(&p) {
            Sign::Changes { negative_at, .. } => assert!(p.eval(negative_at.as_big()).is_negative()),
            other => panic!("{other:?}"),
        }
    }
}
