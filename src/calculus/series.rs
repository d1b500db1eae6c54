//! Asymptotic expansions and the limits f(0+) and f'(∞) = lim_{u→∞} f(u)/u.
//!
//! An expansion is a truncated generalized power series in v → 0+: a finite sum of terms
//! c·v^p·(log v)^k, most dominant first, with exact rational exponents p, integer powers k of
//! the logarithm and constant coefficients c kept as exact expressions (`log(2)` stays symbolic),
//! plus an optional remainder bound O(v^p (log v)^k). For u → 0+ the engine expands in v = u; for
//! u → ∞ it substitutes u = 1/v. Each node of the expression is expanded from its children's
//! expansions (sums, products, inverses through the geometric series, `log`, `exp`, rational
//! powers through the binomial series, `abs`/`min`/`max` through the sign of the leading term).
//!
//! Soundness: a coefficient is treated as zero only when it folds to the exact rational 0, and as
//! nonzero only when it is an exact nonzero rational or its `f64` value is far from 0 (beyond
//! 1e-9, far above the rounding error of a small constant expression). A coefficient that is
//! neither ends the expansion there (its order becomes the remainder bound), so an undecided
//! cancellation in the leading term gives [`Limit::Unknown`], never a wrong limit. Where the rules
//! do not decide, [`limit_at_zero`] and [`slope_at_infinity`] fall back to a numeric estimate,
//! labelled [`Limit::Estimate`].

use std::cmp::Ordering;
use std::fmt;

use egg::{Id, Symbol};

use super::Builder;
use crate::expr::{Expr, Math, Rational};
use crate::numeric::Compiled;

/// Terms kept per expansion; further terms become the remainder bound.
const MAX_TERMS: usize = 6;

/// A limit, decided symbolically or estimated numerically.
#[derive(Debug, Clone, PartialEq)]
pub enum Limit {
    /// The exact finite value, as a constant expression (`1/2*log(2)`).
    Exact(Expr),
    /// +∞, decided symbolically.
    PlusInfinity,
    /// −∞, decided symbolically.
    MinusInfinity,
    /// A numeric estimate (not a proof); may be ±∞ when the values grow without bound.
    Estimate(f64),
    /// Neither the rules nor the numbers decided it.
    Unknown(String),
}

impl Limit {
    /// Whether the limit was decided symbolically ([`Limit::Exact`] or an infinity).
    pub fn is_symbolic(&self) -> bool {
        matches!(self, Limit::Exact(_) | Limit::PlusInfinity | Limit::MinusInfinity)
    }

    /// The value as `f64` (±∞ for the infinities; NaN when unknown).
    pub fn to_f64(&self) -> f64 {
        match self {
            Limit::Exact(e) => Compiled::new(e, &[]).map(|c| c.eval(&[])).unwrap_or(f64::NAN),
            Limit::PlusInfinity => f64::INFINITY,
            Limit::MinusInfinity => f64::NEG_INFINITY,
            Limit::Estimate(x) => *x,
            Limit::Unknown(_) => f64::NAN,
        }
    }

    /// LaTeX: `\infty`, `\frac{1}{2} \log 2`, `\approx 0.35`.
    pub fn to_latex(&self) -> String {
        match self {
            Limit::Exact(e) => e.to_latex(),
            Limit::PlusInfinity => r"\infty".into(),
            Limit::MinusInfinity => r"-\infty".into(),
            Limit::Estimate(x) if x.is_infinite() => {
                format!(r"\approx {}\infty \text{{ (numeric)}}", if *x < 0.0 { "-" } else { "" })
            }
            Limit::Estimate(x) => format!(r"\approx {} \text{{ (numeric)}}", short(*x)),
            Limit::Unknown(_) => r"\text{unknown}".into(),
        }
    }
}

impl fmt::Display for Limit {
    /// Infix text for exact values, `inf`/`-inf`, `~0.3466 (numeric)`, `unknown (reason)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::Exact(e) => write!(f, "{e}"),
            Limit::PlusInfinity => f.write_str("inf"),
            Limit::MinusInfinity => f.write_str("-inf"),
            Limit::Estimate(x) if x.is_infinite() => {
                write!(f, "~{}inf (numeric)", if *x < 0.0 { "-" } else { "" })
            }
            Limit::Estimate(x) => write!(f, "~{} (numeric)", short(*x)),
            Limit::Unknown(reason) => write!(f, "unknown ({reason})"),
        }
    }
}

fn short(x: f64) -> String {
    format!("{x:.6}").trim_end_matches('0').trim_end_matches('.').to_string()
}

/// f(0+) = lim_{u→0+} f(u) for an expression in `var`.
///
/// # Examples
///
/// ```
/// use fdiv::calculus::{limit_at_zero, Limit};
/// use fdiv::expr::Expr;
/// assert_eq!(limit_at_zero(&Expr::parse("u*log(u)").unwrap(), "u").to_string(), "0");
/// assert_eq!(limit_at_zero(&Expr::parse("-log(u)").unwrap(), "u"), Limit::PlusInfinity);
/// ```
pub fn limit_at_zero(f: &Expr, var: &str) -> Limit {
    let mut b = Builder::default();
    let symbolic = expand(&mut b, f, var, Point::Zero).and_then(|s| s.limit(&mut b));
    symbolic.unwrap_or_else(|reason| numeric_limit(f, var, Point::Zero, &reason))
}

/// f'(∞) = lim_{u→∞} f(u)/u for an expression in `var`.
///
/// # Examples
///
/// ```
/// use fdiv::calculus::{slope_at_infinity, Limit};
/// use fdiv::expr::Expr;
/// let js = Expr::parse("(u*log(u) - (u + 1)*log((u + 1)/2))/2").unwrap();
/// assert_eq!(slope_at_infinity(&js, "u").to_string(), "1/2*log(2)");
/// assert_eq!(slope_at_infinity(&Expr::parse("u*log(u)").unwrap(), "u"), Limit::PlusInfinity);
/// ```
pub fn slope_at_infinity(f: &Expr, var: &str) -> Limit {
    let mut b = Builder::default();
    let symbolic = expand(&mut b, f, var, Point::Infinity).and_then(|s| {
        // f(1/v)·v
        let shifted = Series {
            terms: s.terms.into_iter().map(|t| Term { order: t.order.shift(1), ..t }).collect(),
            rest: s.rest.map(|o| o.shift(1)),
        };
        shifted.limit(&mut b)
    });
    symbolic.unwrap_or_else(|reason| numeric_limit(f, var, Point::Infinity, &reason))
}

/// Where the variable goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Point {
    Zero,
    Infinity,
}

/// The numeric fallback: f at u = 10^-k (or u·f(u)⁻¹ at 10^k), estimated where the values settle.
fn numeric_limit(f: &Expr, var: &str, at: Point, reason: &str) -> Limit {
    let Ok(c) = Compiled::new(f, &[var]) else {
        return Limit::Unknown(format!("{reason}; the expression has other symbols"));
    };
    let sample = |k: i32| match at {
        Point::Zero => c.eval(&[10f64.powi(-k)]),
        Point::Infinity => {
            let u = 10f64.powi(k);
            c.eval(&[u]) / u
        }
    };
    let values: Vec<f64> = [6, 8, 10, 12].iter().map(|&k| sample(k)).collect();
    if values.iter().any(|x| x.is_nan()) {
        return Limit::Unknown(format!("{reason}; numeric values undefined"));
    }
    let (a, z) = (values[2], values[3]);
    if z.is_infinite() {
        return Limit::Estimate(z);
    }
    if (z - a).abs() <= 1e-6 * (1.0 + z.abs()) {
        return Limit::Estimate(z);
    }
    let growing = values.windows(2).all(|w| w[1].abs() > 1.5 * w[0].abs()) && z.abs() > 1e3;
    let same_sign = values.iter().all(|x| x.signum() == z.signum());
    if growing && same_sign {
        return Limit::Estimate(z.signum() * f64::INFINITY);
    }
    Limit::Unknown(format!("{reason}; numeric values do not settle"))
}

/// v^p (log v)^k.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Order {
    p: Rational,
    k: i64,
}

impl Order {
    fn zero() -> Order {
        Order { p: Rational::zero(), k: 0 }
    }

    /// Whether `self` dominates `other` as v → 0+ (is larger in magnitude eventually).
    fn dominates(&self, other: &Order) -> bool {
        self.cmp_dominance(other) == Ordering::Less
    }

    /// Less = more dominant.
    fn cmp_dominance(&self, other: &Order) -> Ordering {
        self.p.cmp(&other.p).then(other.k.cmp(&self.k))
    }

    fn times(&self, other: &Order) -> Option<Order> {
        Some(Order { p: self.p.checked_add(&other.p)?, k: self.k.checked_add(other.k)? })
    }

    fn over(&self, other: &Order) -> Option<Order> {
        Some(Order { p: self.p.checked_sub(&other.p)?, k: self.k.checked_sub(other.k)? })
    }

    fn pow(&self, n: i64) -> Option<Order> {
        Some(Order { p: self.p.checked_mul(&Rational::from_integer(n))?, k: self.k.checked_mul(n)? })
    }

    fn shift(&self, by: i64) -> Order {
        // adding a small integer to a rational within MAX_BITS cannot overflow meaningfully
        Order { p: self.p.checked_add(&Rational::from_integer(by)).unwrap_or_else(|| self.p.clone()), k: self.k }
    }

    /// Whether v^p (log v)^k → 0.
    fn is_small(&self) -> bool {
        Order::zero().dominates(self)
    }
}

/// c·v^p·(log v)^k with `coef` an id in the builder.
#[derive(Debug, Clone)]
struct Term {
    coef: Id,
    order: Order,
}

/// Terms, most dominant first, plus an optional remainder O(rest).
#[derive(Debug, Clone)]
struct Series {
    terms: Vec<Term>,
    rest: Option<Order>,
}

type Res<T> = Result<T, String>;

fn too_large() -> String {
    "exponents too large".to_string()
}

/// The sign of a constant coefficient: Some(-1 | 0 | 1) when decided.
fn sign(b: &Builder, id: Id) -> Option<i32> {
    if let Some(q) = b.constant(id) {
        return Some(if q.is_zero() {
            0
        } else if q.is_positive() {
            1
        } else {
            -1
        });
    }
    let value = Compiled::new(&b.finish(id), &[]).ok()?.eval(&[]);
    // far from 0 compared with the rounding of a small constant expression
    if value.is_finite() && value.abs() > 1e-9 { Some(if value > 0.0 { 1 } else { -1 }) } else { None }
}

impl Series {
    fn zero() -> Series {
        Series { terms: vec![], rest: None }
    }

    fn constant(b: &Builder, c: Id) -> Series {
        if b.constant(c).is_some_and(Rational::is_zero) {
            return Series::zero();
        }
        Series { terms: vec![Term { coef: c, order: Order::zero() }], rest: None }
    }

    /// Sorts, merges equal orders, drops exact zeros, cuts at undecided coefficients, the
    /// remainder bound and [`MAX_TERMS`].
    fn normalize(b: &mut Builder, mut terms: Vec<Term>, mut rest: Option<Order>) -> Series {
        terms.sort_by(|x, y| x.order.cmp_dominance(&y.order));
        let mut merged: Vec<Term> = Vec::with_capacity(terms.len());
        for t in terms {
            match merged.last_mut() {
                Some(last) if last.order == t.order => last.coef = b.add2(last.coef, t.coef),
                _ => merged.push(t),
            }
        }
        let mut out = Vec::new();
        for t in merged {
            if let Some(r) = &rest
                && !t.order.dominates(r)
            {
                break;
            }
            match sign(b, t.coef) {
                Some(0) => continue,
                Some(_) => {}
                None => {
                    rest = Some(t.order);
                    break;
                }
            }
            if out.len() == MAX_TERMS {
                rest = Some(t.order);
                break;
            }
            out.push(t);
        }
        Series { terms: out, rest }
    }

    fn lead_order(&self) -> Option<&Order> {
        self.terms.first().map(|t| &t.order).or(self.rest.as_ref())
    }

    fn add(b: &mut Builder, x: Series, y: Series) -> Series {
        let rest = dominant(x.rest, y.rest);
        let terms = x.terms.into_iter().chain(y.terms).collect();
        Series::normalize(b, terms, rest)
    }

    fn neg(b: &mut Builder, x: Series) -> Series {
        let terms = x.terms.into_iter().map(|t| Term { coef: b.neg(t.coef), order: t.order }).collect();
        Series { terms, rest: x.rest }
    }

    fn mul(b: &mut Builder, x: &Series, y: &Series) -> Res<Series> {
        let mut rest = None;
        if let (Some(rx), Some(ly)) = (&x.rest, y.lead_order()) {
            rest = dominant(rest, Some(rx.times(ly).ok_or_else(too_large)?));
        }
        if let (Some(ry), Some(lx)) = (&y.rest, x.lead_order()) {
            rest = dominant(rest, Some(ry.times(lx).ok_or_else(too_large)?));
        }
        let mut terms = Vec::with_capacity(x.terms.len() * y.terms.len());
        for s in &x.terms {
            for t in &y.terms {
                let order = s.order.times(&t.order).ok_or_else(too_large)?;
                terms.push(Term { coef: b.mul(s.coef, t.coef), order });
            }
        }
        Ok(Series::normalize(b, terms, rest))
    }

    /// Splits off the leading term: self = c0·v^p0·(log v)^k0·(1 + h), h → 0.
    fn factor(&self, b: &mut Builder) -> Res<(Id, Order, Series)> {
        let Some(first) = self.terms.first() else {
            return Err("leading term cancels (undecided)".into());
        };
        let (c0, o0) = (first.coef, first.order.clone());
        let terms = self.terms[1..]
            .iter()
            .map(|t| Ok(Term { coef: b.div(t.coef, c0), order: t.order.over(&o0).ok_or_else(too_large)? }))
            .collect::<Res<Vec<_>>>()?;
        let rest = self.rest.as_ref().map(|r| r.over(&o0).ok_or_else(too_large)).transpose()?;
        Ok((c0, o0, Series { terms, rest }))
    }

    /// Σ a_n h^n for n ≤ MAX_TERMS, with remainder O(h^(MAX_TERMS+1)); `h` must tend to 0.
    /// `coef(n)` is None when every further coefficient vanishes (a finite sum).
    fn compose(b: &mut Builder, h: &Series, coef: &dyn Fn(&mut Builder, i64) -> Option<Id>) -> Res<Series> {
        let lead = match h.lead_order() {
            None => {
                // h = 0 exactly
                return Ok(coef(b, 0).map_or_else(Series::zero, |a| Series::constant(b, a)));
            }
            Some(o) => o.clone(),
        };
        if !lead.is_small() {
            return Err("an inner expansion does not tend to 0".into());
        }
        let mut total = Series::zero();
        let one = b.int(1);
        let mut power = Series::constant(b, one);
        let n_max = MAX_TERMS as i64;
        let mut finite = false;
        for n in 0..=n_max {
            match coef(b, n) {
                None => {
                    finite = true;
                    break;
                }
                Some(a) => {
                    let scaled = Series::mul(b, &power, &Series::constant(b, a))?;
                    total = Series::add(b, total, scaled);
                }
            }
            power = Series::mul(b, &power, h)?;
        }
        if !finite {
            let bound = lead.pow(n_max + 1).ok_or_else(too_large)?;
            total = Series::normalize(b, total.terms, dominant(total.rest, Some(bound)));
        }
        Ok(total)
    }

    /// The limit as v → 0+ of the expanded function.
    fn limit(&self, b: &mut Builder) -> Res<Limit> {
        let Some(first) = self.terms.first() else {
            return match self.rest {
                None => Ok(Limit::Exact(Expr::int(0))),
                Some(_) => Err("every computed term cancels".into()),
            };
        };
        let o = &first.order;
        if o.is_small() {
            return Ok(Limit::Exact(Expr::int(0)));
        }
        if *o == Order::zero() {
            return Ok(Limit::Exact(b.finish(first.coef)));
        }
        let s = sign(b, first.coef).ok_or("sign of the leading coefficient undecided")?;
        // (log v)^k has the sign (−1)^k as v → 0+
        let s = if o.k % 2 == 0 { s } else { -s };
        Ok(if s > 0 { Limit::PlusInfinity } else { Limit::MinusInfinity })
    }
}

fn dominant(x: Option<Order>, y: Option<Order>) -> Option<Order> {
    match (x, y) {
        (None, o) | (o, None) => o,
        (Some(x), Some(y)) => Some(if y.dominates(&x) { y } else { x }),
    }
}

/// Expands `f` at the point, node by node.
fn expand(b: &mut Builder, f: &Expr, var: &str, at: Point) -> Res<Series> {
    let target = Symbol::from(var);
    let mut out: Vec<Res<Series>> = Vec::with_capacity(f.nodes().len());
    let value = b.import(f);
    for (i, node) in f.nodes().iter().enumerate() {
        let s = (|| -> Res<Series> {
            let get = |c: &Id| out[usize::from(*c)].clone();
            let series = match node {
                Math::Symbol(s) if *s == target => {
                    let p = if at == Point::Zero { 1 } else { -1 };
                    let one = b.int(1);
                    Series {
                        terms: vec![Term { coef: one, order: Order { p: Rational::from_integer(p), k: 0 } }],
                        rest: None,
                    }
                }
                Math::Num(_) | Math::Pi | Math::E | Math::Symbol(_) => Series::constant(b, value[i]),
                Math::Add([x, y]) => Series::add(b, get(x)?, get(y)?),
                Math::Sub([x, y]) => {
                    let ny = Series::neg(b, get(y)?);
                    Series::add(b, get(x)?, ny)
                }
                Math::Mul([x, y]) => Series::mul(b, &get(x)?, &get(y)?)?,
                Math::Div([x, y]) => {
                    let inv = inverse(b, &get(y)?)?;
                    Series::mul(b, &get(x)?, &inv)?
                }
                Math::Neg(x) => Series::neg(b, get(x)?),
                Math::Log(x) => log(b, &get(x)?)?,
                Math::Exp(x) => exp(b, &get(x)?)?,
                Math::Sqrt(x) => power(b, &get(x)?, &Rational::new(1, 2))?,
                Math::Pow([x, y]) => {
                    let base = get(x)?;
                    let e = get(y)?;
                    match constant_of(b, &e) {
                        Some(c) => power(b, &base, &c)?,
                        None => {
                            let l = log(b, &base)?;
                            let prod = Series::mul(b, &e, &l)?;
                            exp(b, &prod)?
                        }
                    }
                }
                Math::Abs(x) => {
                    let s = get(x)?;
                    match leading_sign(b, &s)? {
                        -1 => Series::neg(b, s),
                        _ => s,
                    }
                }
                Math::Min([x, y]) | Math::Max([x, y]) => {
                    let (sx, sy) = (get(x)?, get(y)?);
                    let nsy = Series::neg(b, sy.clone());
                    let d = Series::add(b, sx.clone(), nsy);
                    let take_x = match leading_sign(b, &d)? {
                        0 => true,
                        s => (s < 0) == matches!(node, Math::Min(_)),
                    };
                    if take_x { sx } else { sy }
                }
                Math::Lgamma(x) | Math::Digamma(x) | Math::LambertW(x) => {
                    let s = get(x)?;
                    match (&s.rest, s.terms.as_slice()) {
                        (None, []) => {
                            let z = b.int(0);
                            let c = b.unary(op_of(node), z);
                            Series::constant(b, c)
                        }
                        (None, [t]) if t.order == Order::zero() => {
                            let c = b.unary(op_of(node), t.coef);
                            Series::constant(b, c)
                        }
                        _ => return Err("no expansion rule for lgamma/digamma/lambertw of a varying argument".into()),
                    }
                }
            };
            Ok(series)
        })();
        out.push(s);
    }
    out.pop().unwrap_or_else(|| Err("empty expression".into()))
}

fn op_of(node: &Math) -> fn(Id) -> Math {
    match node {
        Math::Lgamma(_) => Math::Lgamma,
        Math::Digamma(_) => Math::Digamma,
        _ => Math::LambertW,
    }
}

/// The exact rational value of a series that is an exact rational constant.
fn constant_of(b: &Builder, s: &Series) -> Option<Rational> {
    match (&s.rest, s.terms.as_slice()) {
        (None, []) => Some(Rational::zero()),
        (None, [t]) if t.order == Order::zero() => b.constant(t.coef).cloned(),
        _ => None,
    }
}

/// The eventual sign (−1, 0, 1) of the expanded function as v → 0+.
fn leading_sign(b: &Builder, s: &Series) -> Res<i32> {
    match s.terms.first() {
        None if s.rest.is_none() => Ok(0),
        None => Err("leading term cancels (undecided)".into()),
        Some(t) => {
            let c = sign(b, t.coef).ok_or("sign of a leading coefficient undecided")?;
            Ok(if t.order.k % 2 == 0 { c } else { -c })
        }
    }
}

fn inverse(b: &mut Builder, s: &Series) -> Res<Series> {
    let (c0, o0, h) = s.factor(b)?;
    let geometric = Series::compose(b, &h, &|b, n| Some(b.int(if n % 2 == 0 { 1 } else { -1 })))?;
    let one = b.int(1);
    let inv_c0 = b.div(one, c0);
    let lead = Series {
        terms: vec![Term { coef: inv_c0, order: Order::zero().over(&o0).ok_or_else(too_large)? }],
        rest: None,
    };
    Series::mul(b, &lead, &geometric)
}

fn log(b: &mut Builder, s: &Series) -> Res<Series> {
    let (c0, o0, h) = s.factor(b)?;
    if sign(b, c0) != Some(1) {
        return Err("log of an expansion whose leading coefficient is not proved positive".into());
    }
    if o0.k != 0 {
        return Err("log(log v) is outside the expansion scale".into());
    }
    let log_c0 = log_constant(b, c0);
    let tail = Series::compose(b, &h, &|b, n| {
        Some(if n == 0 { b.int(0) } else { b.num(Rational::new(if n % 2 == 1 { 1 } else { -1 }, n)) })
    })?;
    let p0 = b.num(o0.p.clone());
    let head = Series::normalize(
        b,
        vec![
            Term { coef: log_c0, order: Order::zero() },
            Term { coef: p0, order: Order { p: Rational::zero(), k: 1 } },
        ],
        None,
    );
    Ok(Series::add(b, head, tail))
}

/// log c, written −log(1/c) for a rational c < 1 (log(1/2) reads as −log(2)).
fn log_constant(b: &mut Builder, c: Id) -> Id {
    if let Some(q) = b.constant(c).cloned()
        && q.is_positive()
        && q < Rational::one()
        && let Some(inv) = Rational::one().checked_div(&q)
    {
        let i = b.num(inv);
        let l = b.unary(Math::Log, i);
        return b.neg(l);
    }
    b.unary(Math::Log, c)
}

fn exp(b: &mut Builder, s: &Series) -> Res<Series> {
    if let Some(r) = &s.rest
        && !r.is_small()
    {
        return Err("exp of an expansion with a remainder that does not vanish".into());
    }
    let mut v_power = Rational::zero();
    let mut constant = b.int(0);
    let mut small = Vec::new();
    for t in &s.terms {
        if t.order.is_small() {
            small.push(t.clone());
        } else if t.order == Order::zero() {
            constant = t.coef;
        } else if t.order == (Order { p: Rational::zero(), k: 1 }) {
            // exp(c·log v) = v^c for an exact rational c
            v_power = b.constant(t.coef).cloned().ok_or("exp(c·log v) with c not an exact rational")?;
        } else {
            return Err("exp of an expansion that grows faster than log".into());
        }
    }
    let h = Series { terms: small, rest: s.rest.clone() };
    let e_small = Series::compose(b, &h, &|b, n| {
        let mut f = Rational::one();
        for i in 1..=n {
            f = f.checked_mul(&Rational::from_integer(i))?;
        }
        let inv = Rational::one().checked_div(&f)?;
        Some(b.num(inv))
    })?;
    let ec = b.unary(Math::Exp, constant);
    let lead = Series { terms: vec![Term { coef: ec, order: Order { p: v_power, k: 0 } }], rest: None };
    Series::mul(b, &lead, &e_small)
}

/// s^c for an exact rational c, through the binomial series.
fn power(b: &mut Builder, s: &Series, c: &Rational) -> Res<Series> {
    if s.terms.is_empty() && s.rest.is_none() {
        return if c.is_positive() { Ok(Series::zero()) } else { Err("0 to a nonpositive power".into()) };
    }
    let (c0, o0, h) = s.factor(b)?;
    let integer = c.is_integer();
    if !integer && sign(b, c0) != Some(1) {
        return Err("a fractional power of an expansion not proved positive".into());
    }
    let k = Rational::from_integer(o0.k).checked_mul(c).ok_or_else(too_large)?;
    let Some(k) = k.to_i64() else {
        return Err("a fractional power of log v".into());
    };
    let p = o0.p.checked_mul(c).ok_or_else(too_large)?;
    let cc = b.num(c.clone());
    let lead_coef = b.pow(c0, cc);
    let natural = c.to_i64().filter(|n| *n >= 0);
    let c = c.clone();
    let tail = Series::compose(b, &h, &move |b, n| {
        if let Some(m) = natural
            && n > m
        {
            return None;
        }
        // binomial(c, n) = Π_{i<n} (c − i)/(i + 1)
        let mut coef = Rational::one();
        for i in 0..n {
            let num = c.checked_sub(&Rational::from_integer(i))?;
            coef = coef.checked_mul(&num)?.checked_div(&Rational::from_integer(i + 1))?;
        }
        Some(b.num(coef))
    })?;
    let lead = Series { terms: vec![Term { coef: lead_coef, order: Order { p, k } }], rest: None };
    Series::mul(b, &lead, &tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at0(text: &str) -> String {
        limit_at_zero(&Expr::parse(text).unwrap(), "u").to_string()
    }

    fn at_inf(text: &str) -> String {
        slope_at_infinity(&Expr::parse(text).unwrap(), "u").to_string()
    }

    #[test]
    fn powers_and_logs() {
        assert_eq!(at0("u^2 + 3"), "3");
        assert_eq!(at0("1/u"), "inf");
        assert_eq!(at0("-1/u^(1/2)"), "-inf");
        assert_eq!(at0("log(u)"), "-inf");
        assert_eq!(at0("u*log(u)^2"), "0");
        assert_eq!(at_inf("u^2"), "inf");
        assert_eq!(at_inf("sqrt(u^2 + 1)"), "1");
        // exp(−1/v) is beyond the expansion scale: the numeric estimate, labelled
        assert_eq!(at_inf("exp(-u)"), "~0 (numeric)");
        assert_eq!(at0("lambertw(u)"), "~0 (numeric)");
    }
}
