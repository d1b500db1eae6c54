//! Integrals of exp(polynomial) over a family's support: ∫ p^β q^(1−β).
//!
//! With E(x) = β·log p + (1 − β)·log q written as c₂x² + c₁x + c₀ (an exact expansion in `x`,
//! coefficients free of `x`):
//!
//! - on the line, the Gaussian integral ∫exp(−a x² + b x + c) dx = √(π/a)·exp(b²/(4a) + c) with
//!   a = −c₂, **valid only when a > 0**; otherwise the integral is +∞;
//! - on (0, ∞) with c₂ = 0, ∫exp(−a x + c) dx = exp(c)/a, valid only when a = −c₁ > 0.
//!
//! The condition is decided when it can be: exactly for numeric parameters, by interval
//! enclosure under the parameters' ranges for symbolic ones; otherwise it is returned as a
//! [`Condition`] of the result.

use egg::Language;

use super::Condition;
use super::family::{Parametric, Support, constant_value, template};
use crate::dist::VARIABLE;
use crate::expr::{Expr, Math, Rational, exact};
use crate::numeric::interval::enclose;
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
        Some(true) => PowerIntegral::Finite { value, statement: format!("{statement} > 0"), conditions: vec![] },
        Some(false) => PowerIntegral::Infinite { reason: format!("{rule} diverges: a = {a} is not > 0") },
        None => PowerIntegral::Finite {
            value,
            statement: format!("{statement} (condition a > 0)"),
            conditions: vec![Condition { positive: a, otherwise: "+∞" }],
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
