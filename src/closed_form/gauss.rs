//! Integrals of exp(polynomial) over a family's support: ∫ p^β q^(1−β).
//!
//! With E(x) = β·log p + (1 − β)·log q written as c₂x² + c₁x + c₀ (an exact expansion in `x`,
//! coefficients free of `x`):
//!
//! - on the line, the Gaussian integral ∫exp(−a x² + b x + c) dx = √(π/a)·exp(b²/(4a) + c) with
//!   a = −c₂, **valid only when a > 0**; otherwise the integral is +∞;
//! - on (0, ∞) with c₂ = 0, ∫exp(−a x + c) dx = exp(c)/a, valid only when a = −c₁ > 0.
//!
//! When a, b and c₀ are Laurent polynomials in the parameters (plus logarithms of positive
//! monomials in c₀ — every Normal and Exponential parameterisation by symbols), the integral is
//! reduced exactly to F·exp(N/S) ([`Reduced`]), the textbook form:
//!
//! - 4a (a on the half-line) = k·g·S with k > 0 rational, g a monomial of positive atoms and S a
//!   primitive polynomial, so that **a > 0 iff S > 0** (`2*s2^2 - s1^2 > 0` for Pearson χ²);
//! - the exponent b²/(4a) + c₀ = (b² + 4a·c₀)/(k·g·S): the numerator is computed by exact
//!   polynomial arithmetic — for Normals it collapses to −β(1−β)(m₁ − m₂)²·(…), the square
//!   completed;
//! - the factor √(π/a)·exp(c − c₀) = Π baseᵉ with rational exponents over primes, π, the
//!   parameters and S (`s2^2/(s1*sqrt(2*s2^2 - s1^2))`).
//!
//! Nothing is shown unproved: a, b, c₀ as written, 4a = k·g·S, b² + 4a·c₀ = k·g·N and the factor
//! (through its d-th power, d clearing every fractional exponent, with S a fresh positive
//! symbol) are each proved by the exact normal form ([`crate::simplify::normal::equal`]); if any
//! is not, the reduction is not used and the integral is returned as the rule's instance.
//!
//! The condition is decided when it can be: exactly for numeric parameters, by interval
//! enclosure under the parameters' ranges for symbolic ones; otherwise it is returned as a
//! [`Condition`] of the result.

use std::collections::BTreeMap;

use egg::Language;
use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

use super::Condition;
use super::family::{Parametric, Support, constant_value, template};
use super::layout::{self, Form, Monomial};
use crate::dist::VARIABLE;
use crate::expr::{Expr, Math, Rational, exact};
use crate::numeric::interval::enclose;
use crate::poly::content_parts;
use crate::poly::factor::factorise;
use crate::simplify::{Assumptions, Limits, simplify};

/// ∫ p^β q^(1−β): the value (with its conditions), +∞ (with the reason), or `None` when the
/// exponent is not a polynomial of degree ≤ 2 in x on the line (≤ 1 on the half-line).
#[derive(Debug, Clone, PartialEq)]
pub enum PowerIntegral {
    /// The integral, valid under the conditions.
    Finite {
        /// Its value (unsimplified).
        value: Expr,
        /// The rule used, with its instance, for the derivation.
        statement: String,
        /// Undecided conditions.
        conditions: Vec<Condition>,
        /// The value as F·exp(E), when the exact reduction applies (then `value` is the
        /// rule's instance with a, b, c written exactly).
        reduced: Option<Reduced>,
    },
    /// The integral is +∞.
    Infinite {
        /// Why.
        reason: String,
    },
}

/// ∫ p(x)^β q(x)^(1−β) dx for P and Q of the same support, or `None` when no rule applies.
pub fn power_integral(
    p: &Parametric,
    q: &Parametric,
    beta: &Rational,
    assumptions: &Assumptions,
) -> Option<PowerIntegral> {
    if p.support() != q.support() || p.is_discrete() {
        return None;
    }
    let b = Expr::num(beta.clone());
    let rest = Expr::num(Rational::one().checked_sub(beta)?);
    let exponent = &(&b * &p.log_density()) + &(&rest * &q.log_density());
    let [c0, c1, c2] = quadratic(&exponent)?;
    let zero = Expr::int(0);
    let line = match p.support() {
        Support::Line => true,
        Support::PositiveHalfLine => false,
        _ => return None,
    };
    let raw =
        [c0.clone().unwrap_or(zero.clone()), c1.clone().unwrap_or(zero.clone()), c2.clone().unwrap_or(zero.clone())];
    if let Some((reduced, sign)) = reduce([&raw[0], &raw[1], &raw[2]], line, assumptions) {
        let rule = if line { "gaussian-integral" } else { "exponential-integral" };
        let shape = if line {
            "∫exp(-a*x^2 + b*x + c) = sqrt(pi/a)*exp(b^2/(4*a) + c)"
        } else {
            "∫exp(-a*x + c) = exp(c)/a"
        };
        let statement = format!("{rule}: ∫p^{beta}*q^{rest} = {shape} for a > 0");
        let Sign { s, unit, why } = sign;
        let decided = if unit { Some(s.values().all(|c| c.is_positive())) } else { sign_of(&s.expr, assumptions) };
        let s = s.expr;
        return Some(match (decided, unit) {
            (Some(true), true) => PowerIntegral::Finite {
                value: reduced.instance.clone(),
                statement: format!("{statement}; {why} > 0"),
                conditions: vec![],
                reduced: Some(reduced),
            },
            (Some(true), false) => PowerIntegral::Finite {
                value: reduced.instance.clone(),
                statement: format!("{statement}; a > 0 iff {s} > 0{why}, which holds"),
                conditions: vec![],
                reduced: Some(reduced),
            },
            (Some(false), true) => PowerIntegral::Infinite { reason: format!("{rule} diverges: {why} is not > 0") },
            (Some(false), false) => {
                PowerIntegral::Infinite { reason: format!("{rule} diverges: a > 0 iff {s} > 0{why}, which fails") }
            }
            (None, _) => PowerIntegral::Finite {
                value: reduced.instance.clone(),
                statement: format!("{statement}; a > 0 iff {s} > 0{why} (condition)"),
                conditions: vec![Condition { positive: s, otherwise: "+∞" }],
                reduced: Some(reduced),
            },
        });
    }
    // each coefficient simplified on its own (small terms: a cheap run) before they are combined
    let tidy = |e: Expr| simplify(&exact::fold_constants(&e), assumptions, &Limits::default()).result;
    let (c0, c1, c2) = (tidy(c0.unwrap_or(zero.clone())), tidy(c1.unwrap_or(zero.clone())), c2.map(|c| tidy(-&c)));
    let (a, value, rule) = match (p.support(), c2) {
        (Support::Line, Some(a)) => {
            let value = template("sqrt(pi/a)*exp(b^2/(4*a) + c)", &[("a", &a), ("b", &c1), ("c", &c0)]);
            (a, value, "gaussian-integral")
        }
        (Support::PositiveHalfLine, None) => {
            let a = tidy(-&c1);
            (a.clone(), template("exp(c)/a", &[("a", &a), ("c", &c0)]), "exponential-integral")
        }
        _ => return None,
    };
    let a = exact::fold_constants(&a);
    let statement = format!("{rule}: ∫p^{beta}*q^{} = {value}, a = {a}", rest);
    let range = |s: &str| assumptions.range(s);
    let sign = match constant_value(&a) {
        Some(v) => Some(v > 0.0),
        None => {
            let e = enclose(&a, &range);
            if e.total && e.range.is_positive() {
                Some(true)
            } else if e.total && e.range.is_nonpositive() {
                Some(false)
            } else {
                None
            }
        }
    };
    Some(match sign {
        Some(true) => {
            PowerIntegral::Finite { value, statement: format!("{statement} > 0"), conditions: vec![], reduced: None }
        }
        Some(false) => PowerIntegral::Infinite { reason: format!("{rule} diverges: a = {a} is not > 0") },
        None => PowerIntegral::Finite {
            value,
            statement: format!("{statement} (condition a > 0)"),
            conditions: vec![Condition { positive: a, otherwise: "+∞" }],
            reduced: None,
        },
    })
}

type Coefs = [Option<Expr>; 3];

/// The coefficients of an expression as a polynomial of degree ≤ 2 in x (`None` = 0), or
/// `None` when it is not one.
fn quadratic(e: &Expr) -> Option<Coefs> {
    let nodes = e.nodes();
    let mut depends = vec![false; nodes.len()];
    let mut poly: Vec<Option<Coefs>> = vec![None; nodes.len()];
    for (i, node) in nodes.iter().enumerate() {
        let dep = match node {
            Math::Symbol(s) => s.as_str() == VARIABLE,
            _ => node.children().iter().any(|&c| depends[usize::from(c)]),
        };
        depends[i] = dep;
        let id = egg::Id::from(i);
        if !dep {
            poly[i] = Some([Some(e.subexpr(id)), None, None]);
            continue;
        }
        let get = |c: &egg::Id| poly[usize::from(*c)].clone();
        poly[i] = match node {
            Math::Symbol(_) => Some([None, Some(Expr::int(1)), None]),
            Math::Add([a, b]) => get(a).zip(get(b)).map(|(x, y)| add(&x, &y)),
            Math::Sub([a, b]) => get(a).zip(get(b)).map(|(x, y)| add(&x, &neg(&y))),
            Math::Neg(a) => get(a).map(|x| neg(&x)),
            Math::Mul([a, b]) => get(a).zip(get(b)).and_then(|(x, y)| mul(&x, &y)),
            Math::Div([a, b]) if !depends[usize::from(*b)] => {
                let d = e.subexpr(*b);
                get(a).map(|x| x.map(|c| c.map(|c| &c / &d)))
            }
            Math::Pow([a, k]) if matches!(&nodes[usize::from(*k)], Math::Num(r) if *r == Rational::from_integer(2)) => {
                get(a).and_then(|x| mul(&x, &x))
            }
            _ => None,
        };
    }
    poly.pop().flatten()
}

fn add(x: &Coefs, y: &Coefs) -> Coefs {
    std::array::from_fn(|k| match (&x[k], &y[k]) {
        (Some(a), Some(b)) => Some(a + b),
        (Some(a), None) | (None, Some(a)) => Some(a.clone()),
        (None, None) => None,
    })
}

fn neg(x: &Coefs) -> Coefs {
    std::array::from_fn(|k| x[k].as_ref().map(|a| -a))
}

fn mul(x: &Coefs, y: &Coefs) -> Option<Coefs> {
    let mut out: Coefs = [None, None, None];
    for i in 0..3 {
        for j in 0..3 {
            if let (Some(a), Some(b)) = (&x[i], &y[j]) {
                if i + j > 2 {
                    return None;
                }
                let t = a * b;
                out[i + j] = Some(match out[i + j].take() {
                    Some(s) => &s + &t,
                    None => t,
                });
            }
        }
    }
    Some(out)
}

// ----- the exact reduction: F·exp(E) ---------------------------------------------------------

/// A base of a [`Factor`]: a number (a prime, or a cofactor left unfactored), an atom of the
/// table (a positive symbol, π), or the polynomial S of the condition.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Base {
    Number(BigInt),
    Atom(String),
    Poly,
}

/// A product Π baseᵉ of positive bases with rational exponents, exact.
#[derive(Debug, Clone, PartialEq)]
pub struct Factor {
    exps: BTreeMap<Base, BigRational>,
}

impl Factor {
    fn one() -> Factor {
        Factor { exps: BTreeMap::new() }
    }

    fn mul_base(&mut self, base: Base, e: &BigRational) {
        let entry = self.exps.entry(base.clone()).or_insert_with(BigRational::zero);
        *entry += e;
        if entry.is_zero() {
            self.exps.remove(&base);
        }
    }

    /// Multiplies by qᵉ for a rational q > 0, q split into primes by [`crate::poly::factor`] (a
    /// cofactor it leaves whole stays one base: the product is exact either way, only less merged).
    fn mul_number(&mut self, q: &BigRational, e: &BigRational) {
        for (n, sign) in [(q.numer(), 1), (q.denom(), -1)] {
            for (p, k) in factorise(n).factors() {
                self.mul_base(Base::Number(p), &(e * BigRational::from_integer((sign * i64::from(k)).into())));
            }
        }
    }

    /// `self · c` for a rational c > 0.
    pub(crate) fn scaled(&self, c: &BigRational) -> Factor {
        let mut out = self.clone();
        out.mul_number(c, &BigRational::one());
        out
    }

    /// `selfᵏ`.
    pub(crate) fn power(&self, k: &BigRational) -> Factor {
        Factor { exps: self.exps.iter().map(|(b, e)| (b.clone(), e * k)).filter(|(_, e)| !e.is_zero()).collect() }
    }

    /// Whether the product is 1.
    pub fn is_one(&self) -> bool {
        self.exps.is_empty()
    }

    /// The product written as a textbook writes it: integer powers above and below the bar,
    /// half-integer ones gathered in one square root (`s2^2/(s1*sqrt(2*s2^2 - s1^2))`), other
    /// exponents as powers.
    fn write(&self, atoms: &BTreeMap<String, Expr>, poly: &Expr) -> Expr {
        let (mut up, mut down, mut root_up, mut root_down) = (vec![], vec![], vec![], vec![]);
        let (mut c_up, mut c_down) = (BigInt::one(), BigInt::one());
        let (mut r_up, mut r_down) = (BigInt::one(), BigInt::one());
        for (base, e) in &self.exps {
            let expr = match base {
                Base::Number(n) => {
                    Expr::num(Rational::from_big(BigRational::from(n.clone())).unwrap_or_else(Rational::one))
                }
                Base::Atom(a) => atoms.get(a).cloned().unwrap_or_else(|| Expr::symbol(a)),
                Base::Poly => poly.clone(),
            };
            let doubled = e * BigRational::from_integer(2.into());
            if !doubled.is_integer() {
                let power = expr.combine(Math::Pow, &num(&e.abs()));
                if e.is_positive() {
                    up.push(power)
                } else {
                    down.push(power)
                }
                continue;
            }
            // e = n + f with f ∈ {0, ±1/2} of the sign of e
            let n = e.trunc().to_integer();
            let has_root = !(e - e.trunc()).is_zero();
            if let Base::Number(p) = base {
                let pn = num_traits::pow::pow(p.clone(), n.abs().to_usize().unwrap_or(0));
                if n.is_positive() {
                    c_up *= pn
                } else {
                    c_down *= pn
                }
                if has_root {
                    if e.is_positive() { r_up *= p } else { r_down *= p }
                }
                continue;
            }
            let k = n.abs().to_i64().unwrap_or(1);
            if k > 0 {
                let power = if k == 1 { expr.clone() } else { expr.combine(Math::Pow, &Expr::int(k)) };
                if n.is_positive() { up.push(power) } else { down.push(power) }
            }
            if has_root {
                if e.is_positive() { root_up.push(expr) } else { root_down.push(expr) }
            }
        }
        let number = |n: BigInt| Expr::num(Rational::from_big(BigRational::from(n)).unwrap_or_else(Rational::one));
        if !r_up.is_one() {
            root_up.insert(0, number(r_up));
        }
        if !r_down.is_one() {
            root_down.insert(0, number(r_down));
        }
        let product = |v: Vec<Expr>| v.into_iter().reduce(|a, b| &a * &b);
        match (product(root_up), product(root_down)) {
            (Some(a), Some(b)) => up.push((&a / &b).apply(Math::Sqrt)),
            (Some(a), None) => up.push(a.apply(Math::Sqrt)),
            (None, Some(b)) => down.push(b.apply(Math::Sqrt)),
            (None, None) => {}
        }
        if !c_up.is_one() {
            up.insert(0, number(c_up));
        }
        if !c_down.is_one() {
            down.insert(0, number(c_down));
        }
        match (product(up), product(down)) {
            (None, None) => Expr::int(1),
            (Some(a), None) => a,
            (None, Some(b)) => &Expr::int(1) / &b,
            (Some(a), Some(b)) => &a / &b,
        }
    }
}

fn num(q: &BigRational) -> Expr {
    // rationals from the densities' own constants: within the bit limit
    Expr::num(Rational::from_big(q.clone()).unwrap_or_else(Rational::zero))
}

/// ∫ p^β q^(1−β) = F·exp(N/S), exactly: F a [`Factor`], N a Laurent polynomial, S the
/// polynomial whose sign is that of a (absent when it is a monomial), with the rule's instance
/// and the identities that take one to the other.
///
/// # Examples
///
/// ```
/// use fdiv::closed_form::family::Parametric;
/// use fdiv::closed_form::gauss::{power_integral, PowerIntegral};
/// use fdiv::expr::Rational;
/// use fdiv::simplify::Assumptions;
/// let (p, q) = (Parametric::parse("N(m1, s1)").unwrap(), Parametric::parse("N(m2, s2)").unwrap());
/// let on = q.assumptions(p.assumptions(Assumptions::none()));
/// let Some(PowerIntegral::Finite { reduced: Some(r), conditions, .. }) =
///     power_integral(&p, &q, &Rational::from_integer(2), &on) else { panic!() };
/// assert_eq!(r.term(&Rational::one()).to_string(),
///            "s2^2/(s1*sqrt(2*s2^2 - s1^2))*exp((m1 - m2)^2/(2*s2^2 - s1^2))");
/// assert_eq!(conditions[0].positive.to_string(), "2*s2^2 - s1^2");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Reduced {
    factor: Factor,
    numer: BTreeMap<Monomial, BigRational>,
    atoms: BTreeMap<String, Expr>,
    poly: Option<Expr>,
    /// The rule instantiated with a, b, c in their exact reduced forms.
    pub instance: Expr,
    /// The identities from the instance to F·exp(E), each proved by the exact normal form.
    pub reasons: Vec<String>,
}

impl Reduced {
    fn poly_expr(&self) -> Expr {
        self.poly.clone().unwrap_or_else(|| Expr::int(1))
    }

    /// k·E written as one fraction (signed), or `None` when E = 0.
    pub fn exponent(&self, k: &Rational) -> Option<Expr> {
        self.exponent_parts(k).map(|(e, negative)| if negative { negate_fraction(&e) } else { e })
    }

    /// |k·E| written as one fraction and whether k·E is negative, or `None` when E = 0.
    pub fn exponent_parts(&self, k: &Rational) -> Option<(Expr, bool)> {
        if self.numer.is_empty() {
            return None;
        }
        let k = k.as_big();
        let scaled: BTreeMap<Monomial, BigRational> = self.numer.iter().map(|(m, c)| (m.clone(), c * k)).collect();
        let constant = scaled.len() == 1 && scaled.keys().all(|m| m.is_empty());
        if constant && self.poly.is_none() {
            return scaled.values().next().map(|c| (num(&c.abs()), c.is_negative()));
        }
        layout::fraction(&scaled, &self.atoms, self.poly.as_ref())
    }

    /// c·F for a rational c > 0, written.
    pub fn factor(&self, c: &Rational) -> Expr {
        self.factor.scaled(c.as_big()).write(&self.atoms, &self.poly_expr())
    }

    /// c·F·exp(E) for a rational c > 0.
    pub fn term(&self, c: &Rational) -> Expr {
        let f = self.factor.scaled(c.as_big());
        match self.exponent(&Rational::one()) {
            None => f.write(&self.atoms, &self.poly_expr()),
            Some(e) if f.is_one() => e.apply(Math::Exp),
            Some(e) => &f.write(&self.atoms, &self.poly_expr()) * &e.apply(Math::Exp),
        }
    }

    /// k·log(F), or `None` when F = 1: written log(Fᵏ) when Fᵏ needs at most square roots,
    /// else |k|·log(F^±1) (`1/2*log(s2^3/(s1^2*sqrt(3*s2^2 - 2*s1^2)))`, not a fourth root).
    pub fn log_factor(&self, k: &Rational) -> Option<Expr> {
        if self.factor.is_one() || k.is_zero() {
            return None;
        }
        let f = self.factor.power(k.as_big());
        let two = BigInt::from(2);
        if f.exps.values().all(|e| e.denom() <= &two) {
            return Some(f.write(&self.atoms, &self.poly_expr()).apply(Math::Log));
        }
        let sign = if k.is_negative() { -BigRational::one() } else { BigRational::one() };
        let log = self.factor.power(&sign).write(&self.atoms, &self.poly_expr()).apply(Math::Log);
        Some(&Expr::num(k.abs()) * &log)
    }
}

/// −x written with the minus on the numerator of a fraction: `-(m1 - m2)^2/(4*s)`, which reads
/// (and prints) better than `-((m1 - m2)^2/(4*s))`.
fn negate_fraction(e: &Expr) -> Expr {
    match e.node(e.root()) {
        Math::Div([a, b]) => &(-&e.subexpr(*a)) / &e.subexpr(*b),
        _ => -e,
    }
}

/// A Laurent polynomial as one signed fraction (over `extra` too), 0 when empty.
fn signed(poly: &BTreeMap<Monomial, BigRational>, atoms: &BTreeMap<String, Expr>, extra: Option<&Expr>) -> Expr {
    if poly.is_empty() {
        return Expr::int(0);
    }
    let constant_only = poly.len() == 1 && poly.keys().all(|m| m.is_empty());
    let written = if constant_only && extra.is_none() {
        poly.values().next().map(|c| (num(&c.abs()), c.is_negative()))
    } else {
        layout::fraction(poly, atoms, extra)
    };
    match written {
        Some((e, true)) => negate_fraction(&e),
        Some((e, false)) => e,
        // only when an atom is missing from the table, which `read` fills: never
        None => Expr::int(0),
    }
}

/// Whether an atom of the table is known positive: a symbol assumed so, π, e.
fn positive_atom(atom: &Expr, assumptions: &Assumptions) -> bool {
    match atom.node(atom.root()) {
        Math::Symbol(s) => assumptions.range(s.as_str()).is_some_and(|r| r.is_positive()),
        Math::Pi | Math::E => true,
        _ => false,
    }
}

/// `poly = k·g·S`: k > 0 the rational content, g the common monomial (lowest exponent of each
/// atom), S primitive with coprime integer coefficients.
fn split_content(
    poly: &BTreeMap<Monomial, BigRational>,
) -> Option<(BigRational, Monomial, BTreeMap<Monomial, BigRational>)> {
    let first = poly.keys().next()?;
    let mut g: Monomial = first.clone();
    for m in poly.keys() {
        let keys: Vec<String> = g.keys().chain(m.keys()).cloned().collect();
        for a in keys {
            let low = g.get(&a).copied().unwrap_or(0).min(m.get(&a).copied().unwrap_or(0));
            if low == 0 {
                g.remove(&a);
            } else {
                g.insert(a, low);
            }
        }
    }
    let (n, d) = content_parts(poly.values().map(|c| (c.numer(), c.denom())));
    let k = BigRational::new(n, d);
    let s = poly.iter().map(|(m, c)| (shift(m, &g, -1), c / &k)).collect();
    Some((k, g, s))
}

/// m·g^sign.
fn shift(m: &Monomial, g: &Monomial, sign: i64) -> Monomial {
    let mut m = m.clone();
    for (a, e) in g {
        *m.entry(a.clone()).or_insert(0) += sign * e;
    }
    m.retain(|_, e| *e != 0);
    m
}

fn monomial_form(m: &Monomial, c: BigRational) -> Form {
    Form { poly: BTreeMap::from([(m.clone(), c)]), logs: BTreeMap::new() }
}

/// The sign of S: `Some(true)` when S > 0 on the domain, `Some(false)` when S ≤ 0 there.
fn sign_of(s: &Expr, assumptions: &Assumptions) -> Option<bool> {
    if let Some(v) = constant_value(s) {
        return Some(v > 0.0);
    }
    let e = enclose(s, &|x| assumptions.range(x));
    if e.total && e.range.is_positive() {
        Some(true)
    } else if e.total && e.range.is_nonpositive() {
        Some(false)
    } else {
        None
    }
}

/// The exact reduction of ∫exp(c₂x² + c₁x + c₀): on the line √(π/a)·exp(b²/(4a) + c) with
/// a = −c₂, b = c₁, c = c₀; on the half-line (c₂ = 0) exp(c)/a with a = −c₁. `None` when a
/// coefficient is not a Laurent polynomial (plus logarithms of positive monomials in c₀), a
/// monomial of a has an atom not known positive, or the engine does not prove an identity.
/// S written, with its terms, whether it is the constant ±1, and why a has the sign of S.
struct Sign {
    s: Written,
    unit: bool,
    why: String,
}

/// A polynomial and its written form.
struct Written {
    poly: BTreeMap<Monomial, BigRational>,
    expr: Expr,
}

impl Written {
    fn values(&self) -> impl Iterator<Item = &BigRational> {
        self.poly.values()
    }
}

fn reduce(raw: [&Expr; 3], line: bool, assumptions: &Assumptions) -> Option<(Reduced, Sign)> {
    let [c0, c1, c2] = raw;
    let mut atoms: BTreeMap<String, Expr> = BTreeMap::new();
    let minus = -BigRational::one();
    let f2 = layout::read(c2, &mut atoms)?;
    let f1 = layout::read(c1, &mut atoms)?;
    let f0 = layout::read(c0, &mut atoms)?;
    if !f2.logs.is_empty() || !f1.logs.is_empty() {
        return None;
    }
    let (a, b) = if line { (f2.scale(&minus), f1) } else { (f1.scale(&minus), Form::default()) };
    if a.poly.is_empty() || (!line && !f2.poly.is_empty()) {
        return None;
    }
    let rational = Form { poly: f0.poly.clone(), logs: BTreeMap::new() };
    // 4a = k·g·S on the line, a = k·g·S on the half-line
    let four = BigRational::from_integer(4.into());
    let scaled = if line { a.scale(&four) } else { a.clone() };
    let (k, g, s) = split_content(&scaled.poly)?;
    if !g.keys().all(|x| atoms.get(x).is_some_and(|e| positive_atom(e, assumptions))) {
        return None;
    }
    let is_constant = |p: &BTreeMap<Monomial, BigRational>| p.len() == 1 && p.keys().all(|m| m.is_empty());
    let unit = is_constant(&s);
    let s_expr = signed(&s, &atoms, None);
    let poly = (!unit).then(|| s_expr.clone());
    // the exponent N/S (N·s when S is the constant s = ±1)
    let kg = monomial_form(&g, k.clone());
    let numer_form = if line {
        let t = b.mul(&b)?.add(&scaled.mul(&rational)?, &BigRational::one());
        let inverse = monomial_form(&shift(&Monomial::new(), &g, -1), k.recip());
        let n = t.mul(&inverse)?;
        if unit { n.mul(&Form::constant(s.values().next()?.recip()))? } else { n }
    } else {
        rational.clone()
    };
    // the factor: 2·√π·(k·g·S)^(−1/2) on the line, (k·g·S)^(−1) on the half-line, times exp(logs of c)
    let mut factor = Factor::one();
    let root = if line { BigRational::new((-1).into(), 2.into()) } else { minus.clone() };
    if line {
        factor.mul_number(&BigRational::from_integer(2.into()), &BigRational::one());
        atoms.insert("pi".into(), Expr::leaf(Math::Pi));
        factor.mul_base(Base::Atom("pi".into()), &BigRational::new(1.into(), 2.into()));
    }
    factor.mul_number(&k, &root);
    for (x, e) in &g {
        factor.mul_base(Base::Atom(x.clone()), &(&root * BigRational::from_integer((*e).into())));
    }
    if !unit {
        factor.mul_base(Base::Poly, &root);
    }
    let mut logs = Factor::one();
    for (key, coef) in &f0.logs {
        let arg = atoms.get(key)?.clone();
        let form = layout::read(&arg, &mut atoms)?;
        let [(m, c)]: [(&Monomial, &BigRational); 1] = form.poly.iter().collect::<Vec<_>>().try_into().ok()?;
        if !form.logs.is_empty() || !c.is_positive() {
            return None;
        }
        if !m.keys().all(|x| atoms.get(x).is_some_and(|e| positive_atom(e, assumptions))) {
            return None;
        }
        logs.mul_number(c, coef);
        for (x, e) in m {
            logs.mul_base(Base::Atom(x.clone()), &(coef * BigRational::from_integer((*e).into())));
        }
    }
    for (base, e) in &logs.exps {
        factor.mul_base(base.clone(), e);
    }
    let reduced = Reduced {
        factor,
        numer: numer_form.poly.clone(),
        atoms: atoms.clone(),
        poly: poly.clone(),
        instance: Expr::int(0),
        reasons: vec![],
    };
    // the instance, a, b, c written exactly
    let (a_e, b_e, r_e) =
        (signed(&a.poly, &atoms, None), signed(&b.poly, &atoms, None), signed(&rational.poly, &atoms, None));
    let one = Expr::int(1);
    let log_part = (!logs.is_one()).then(|| logs.write(&atoms, &one).apply(Math::Log));
    let c_e = match (&log_part, rational.poly.is_empty()) {
        (Some(l), true) => l.clone(),
        (Some(l), false) => &r_e + l,
        (None, _) => r_e.clone(),
    };
    let instance = match (line, b.poly.is_empty()) {
        (true, false) => {
            let square = template("b^2/(4*a)", &[("a", &a_e), ("b", &b_e)]);
            let mut sum = square;
            match layout::fraction(&rational.poly, &atoms, None) {
                _ if rational.poly.is_empty() => {}
                Some((r, true)) => sum = &sum - &r,
                _ => sum = &sum + &r_e,
            }
            if let Some(l) = &log_part {
                sum = &sum + l;
            }
            template("sqrt(pi/a)*exp(t)", &[("a", &a_e), ("t", &sum)])
        }
        (true, true) => template("sqrt(pi/a)*exp(c)", &[("a", &a_e), ("c", &c_e)]),
        (false, _) => template("exp(c)/a", &[("a", &a_e), ("c", &c_e)]),
    };
    // notation only: a + -b shown as a - b
    let instance = crate::simplify::derivation::tidy(&instance);
    // proofs by the exact normal form: the coefficients, the exponent's numerator, the factor
    // (with S a fresh positive symbol: its square root is then a monomial's)
    let eq = |x: &Expr, y: &Expr, on: &Assumptions| crate::simplify::normal::equal(x, y, on) == Some(true);
    let zero = Expr::int(0);
    let raw_a = if line { -c2 } else { -c1 };
    let raw_b = if line { c1.clone() } else { zero.clone() };
    // c − c₀ = Σ kᵢ·log(argᵢ), the logarithms as they come from the densities
    let log_sum = f0
        .logs
        .iter()
        .map(|(key, k)| Some(&num(k) * &atoms.get(key)?.apply(Math::Log)))
        .try_fold(Expr::int(0), |acc, t| Some(&acc + &t?))?;
    let raw_r = c0 - &log_sum;
    if !eq(&a_e, &raw_a, assumptions) || !eq(&b_e, &raw_b, assumptions) || !eq(&r_e, &raw_r, assumptions) {
        return None;
    }
    let kg_e = signed(&kg.poly, &atoms, None);
    let s_symbol = Expr::symbol(FRESH);
    let with_s = assumptions.clone().positive(FRESH);
    let s_in_proof = if unit { s_expr.clone() } else { s_symbol.clone() };
    let kgs = &kg_e * &s_in_proof;
    let scaled_a = if line { template("4*a", &[("a", &a_e)]) } else { a_e.clone() };
    if !eq(&scaled_a, &(&kg_e * &s_expr), assumptions) {
        return None;
    }
    let c0_name = if log_part.is_some() { "c0" } else { "c" };

    let mut reasons = vec![];
    if let Some(l) = &log_part
        && !rational.poly.is_empty()
    {
        reasons.push(format!("c = c0 + {l}"));
    }
    if line {
        let t_e = template("b^2 + 4*a*c", &[("a", &a_e), ("b", &b_e), ("c", &r_e)]);
        let t_form = b.mul(&b)?.add(&scaled.mul(&rational)?, &BigRational::one());
        let n_only = signed(&numer_form.poly, &atoms, None);
        let t_written = signed(&t_form.poly, &atoms, None);
        // T = k·g·N (and k·g·s·N when S is the constant s = ±1)
        let kgn = if unit { &(&kg_e * &s_expr) * &n_only } else { &kg_e * &n_only };
        if !eq(&t_e, &t_written, assumptions) || !eq(&t_written, &kgn, assumptions) {
            return None;
        }
        reasons.push(format!(
            "b^2 + 4*a*{c0_name} = {t_written}, so b^2/(4*a) + {c0_name} = {}",
            reduced.exponent(&Rational::one()).unwrap_or(zero.clone())
        ));
    }
    let f_shown = reduced.factor(&Rational::one());
    // both sides are positive: compared through their d-th powers, d clearing every fractional
    // exponent (the normal form keeps √2 as an atom apart from the coefficient 2)
    let d = reduced
        .factor
        .exps
        .values()
        .chain(logs.exps.values())
        .fold(BigInt::from(if line { 2 } else { 1 }), |d, e| d.lcm(e.denom()));
    let d_int = d.to_i64().filter(|d| *d <= 12)?;
    let d = BigRational::from_integer(d);
    let f_symbolic = reduced.factor.power(&d).write(&atoms, &s_in_proof);
    let rule_factor = if line {
        template("(pi/a)^k", &[("a", &(&kgs / &Expr::int(4))), ("k", &Expr::int(d_int / 2))])
    } else {
        template("(1/a)^k", &[("a", &kgs), ("k", &Expr::int(d_int))])
    };
    let logs_d = logs.power(&d).write(&atoms, &one);
    let claimed = &rule_factor * &logs_d;
    if !eq(&claimed, &f_symbolic, &with_s) {
        return None;
    }
    // exp(c − c₀)^d = that product: its logarithm is d·Σ kᵢ·log(argᵢ)
    if log_part.is_some() && !eq(&logs_d.apply(Math::Log), &(&num(&d) * &log_sum), assumptions) {
        return None;
    }
    let shown_rule = if line { "sqrt(pi/a)" } else { "1/a" };
    reasons.push(match (&log_part, rational.poly.is_empty(), line) {
        (Some(_), false, true) => format!("{shown_rule}*exp(c - c0) = {f_shown}"),
        (Some(_), false, false) => format!("exp(c - c0)/a = {f_shown}"),
        (Some(_), true, true) => format!("{shown_rule}*exp(c) = {f_shown}"),
        (Some(_), true, false) => format!("exp(c)/a = {f_shown}"),
        (None, _, _) => format!("{shown_rule} = {f_shown}"),
    });
    reasons.push("each by the exact normal form".into());
    // a = S·(k·g/4) (on the half-line a = S·k·g), k·g/4 > 0 as every atom of g is positive
    let why = if unit {
        format!("a = {a_e}")
    } else {
        let quarter = if line { BigRational::new(1.into(), 4.into()) } else { BigRational::one() };
        let positive: Vec<String> = g.keys().cloned().collect();
        let because = if positive.is_empty() { String::new() } else { format!(" as {} > 0", positive.join(", ")) };
        let factor = kg.scale(&quarter);
        if factor.as_constant().is_some_and(|c| c.is_one()) {
            // a is S itself
            String::new()
        } else {
            format!(" (a/({s_expr}) = {} > 0{because})", signed(&factor.poly, &atoms, None))
        }
    };
    Some((Reduced { instance, reasons, ..reduced }, Sign { s: Written { poly: s, expr: s_expr }, unit, why }))
}

/// The name S takes in the proof of the factor (a fresh positive symbol).
const FRESH: &str = "S__";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numeric::Compiled;

    fn normals() -> (Parametric, Parametric, Assumptions) {
        let p = Parametric::parse("N(m1, s1)").expect("parses");
        let q = Parametric::parse("N(m2, s2)").expect("parses");
        let a = q.assumptions(p.assumptions(Assumptions::none()));
        (p, q, a)
    }

    fn eval(e: &Expr, x: &[f64; 4]) -> f64 {
        Compiled::new(e, &["m1", "s1", "m2", "s2"]).expect("compiles").eval(x)
    }

    #[test]
    fn the_instance_and_the_reduced_form_agree_for_every_order() {
        let (p, q, a) = normals();
        for (n, d) in [(1, 2), (2, 1), (3, 1), (-1, 1), (1, 3), (5, 2)] {
            let beta = Rational::new(n, d);
            let Some(PowerIntegral::Finite { value, reduced: Some(r), conditions, .. }) =
                power_integral(&p, &q, &beta, &a)
            else {
                panic!("β = {beta} not reduced")
            };
            let term = r.term(&Rational::one());
            let mut checked = 0;
            for x in [[0.0, 1.0, 1.0, 2.0], [-1.5, 0.5, 0.25, 1.25], [0.5, 0.75, -0.5, 1.5], [1.0, 2.0, -1.0, 1.5]] {
                if conditions.iter().any(|c| eval(&c.positive, &x) <= 0.0) {
                    continue;
                }
                let (vi, vr) = (eval(&value, &x), eval(&term, &x));
                assert!((vi - vr).abs() <= 1e-12 * vi.abs(), "β = {beta} at {x:?}: {vi} vs {vr}");
                checked += 1;
            }
            assert!(checked >= 1, "β = {beta}: no point inside the condition");
        }
    }

    #[test]
    fn the_textbook_bhattacharyya_and_chi_square_integrals() {
        let (p, q, a) = normals();
        let reduced = |beta: Rational| match power_integral(&p, &q, &beta, &a) {
            Some(PowerIntegral::Finite { reduced: Some(r), conditions, .. }) => (r, conditions),
            other => panic!("{other:?}"),
        };
        let (half, none) = reduced(Rational::new(1, 2));
        assert!(none.is_empty());
        assert_eq!(
            half.term(&Rational::one()).to_string(),
            "sqrt(2*s1*s2/(s1^2 + s2^2))*exp(-(m1 - m2)^2/(4*(s1^2 + s2^2)))"
        );
        let (two, conditions) = reduced(Rational::from_integer(2));
        assert_eq!(
            two.term(&Rational::one()).to_string(),
            "s2^2/(s1*sqrt(2*s2^2 - s1^2))*exp((m1 - m2)^2/(2*s2^2 - s1^2))"
        );
        assert_eq!(conditions[0].positive.to_string(), "2*s2^2 - s1^2");
    }

    #[test]
    fn numeric_parameters_and_other_parameterisations() {
        let a = Assumptions::none().positive("s").positive("l");
        // N(0, 1) against N(1, 2), β = 2: 4/√7·exp(1/7) (by hand: σ² = 2·4 − 1 = 7)
        let (p, q) = (Parametric::parse("N(0, 1)").expect("parses"), Parametric::parse("N(1, 2)").expect("parses"));
        let Some(PowerIntegral::Finite { reduced: Some(r), .. }) =
            power_integral(&p, &q, &Rational::from_integer(2), &a)
        else {
            panic!("not reduced")
        };
        let v = Compiled::new(&r.term(&Rational::one()), &[]).expect("compiles").eval(&[]);
        assert!((v - 4.0 / 7f64.sqrt() * (1.0f64 / 7.0).exp()).abs() < 1e-14, "{v}");
        // a scale written as an expression of a positive symbol, a rate as a product
        let (p, q) = (Parametric::parse("N(0, 2*s)").expect("parses"), Parametric::parse("N(0, s)").expect("parses"));
        let got = power_integral(&p, &q, &Rational::new(1, 2), &a);
        let Some(PowerIntegral::Finite { reduced: Some(r), .. }) = got else { panic!("{got:?}") };
        // √(2·2s·s/(4s² + s²)) = √(4/5)
        let v = Compiled::new(&r.term(&Rational::one()), &["s"]).expect("compiles").eval(&[0.7]);
        assert!((v - (0.8f64).sqrt()).abs() < 1e-14, "{v}");
        let (p, q) = (Parametric::parse("Exp(l)").expect("parses"), Parametric::parse("Exp(3*l)").expect("parses"));
        // 2·l − 3l < 0: diverges, decided exactly
        assert!(matches!(power_integral(&p, &q, &Rational::from_integer(2), &a), Some(PowerIntegral::Infinite { .. })));
    }

    #[test]
    fn renyi_between_normals_reads_as_in_textbooks() {
        use crate::closed_form::renyi;
        let (p, q, _) = normals();
        let text = |a: Rational| renyi(&a, &p, &q).result().expect("derived").to_string();
        // twice the Bhattacharyya distance
        assert_eq!(text(Rational::new(1, 2)), "(m1 - m2)^2/(2*(s1^2 + s2^2)) + log((s1^2 + s2^2)/(2*s1*s2))");
        // a fourth root is not written: 1/2·log of the factor instead
        assert_eq!(
            text(Rational::from_integer(3)),
            "3*(m1 - m2)^2/(2*(3*s2^2 - 2*s1^2)) + 1/2*log(s2^3/(s1^2*sqrt(3*s2^2 - 2*s1^2)))"
        );
        // the positive term first
        assert_eq!(
            text(Rational::from_integer(-1)),
            "1/2*log(s2*sqrt(2*s1^2 - s2^2)/s1^2) - (m1 - m2)^2/(2*(2*s1^2 - s2^2))"
        );
    }

    #[test]
    fn factors_are_written_with_one_square_root() {
        let mut f = Factor::one();
        f.mul_number(&BigRational::from_integer(8.into()), &BigRational::new(1.into(), 2.into()));
        f.mul_base(Base::Atom("s".into()), &BigRational::new((-3).into(), 2.into()));
        f.mul_base(Base::Poly, &BigRational::new((-1).into(), 3.into()));
        let atoms = BTreeMap::from([("s".to_string(), Expr::symbol("s"))]);
        let s = Expr::parse("1 + s").expect("parses");
        // 8^(1/2)·s^(-3/2)·(1 + s)^(-1/3) = 2·√2/(s·√s·(1 + s)^(1/3))
        assert_eq!(f.write(&atoms, &s).to_string(), "2*sqrt(2/s)/(s*(1 + s)^(1/3))");
        assert!(f.power(&BigRational::zero()).is_one());
    }
}
