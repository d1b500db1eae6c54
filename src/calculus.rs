//! Calculus on expressions: symbolic derivatives and the limits f(0+) and f'(∞) = lim f(u)/u.
//!
//! - [`derivative`]: d/dx of any expression of the language (sum, product, quotient and chain
//!   rules; `a^b` in its general and constant-exponent forms; `|a|' = a/|a|·a'` away from the kink;
//!   `min`/`max` through `min(a, b) = (a + b − |a − b|)/2`; `lgamma' = digamma`;
//!   `lambertw'(x) = 1/(x + exp(W(x)))`). The derivative of `digamma` (trigamma) is not in the
//!   language: [`CalculusError::NotInLanguage`].
//! - [`limit_at_zero`] and [`slope_at_infinity`]: an asymptotic expansion engine (`series`)
//!   decides the limit symbolically where its rules apply; otherwise a numeric estimate, labelled
//!   [`Limit::Estimate`].
//!
//! The result of [`derivative`] is built with folding constructors (constants folded, 0 and 1
//! factors dropped). It is claimed only on the interior of the domain of f where every piece is
//! differentiable; every subterm dropped is a subterm of f or of the derivative of one.
//!
//! # Examples
//!
//! ```
//! use fdiv::calculus::derivative;
//! use fdiv::expr::Expr;
//! let f = Expr::parse("u*log(u)").unwrap();
//! assert_eq!(derivative(&f, "u").unwrap().to_string(), "log(u) + 1");
//! ```

mod build;
pub(crate) mod series;

use egg::{Id, Symbol};

use crate::expr::{Expr, Math, Rational};
pub(crate) use build::Builder;
pub use series::{Limit, limit_at_zero, slope_at_infinity};

/// Why a derivative could not be formed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalculusError {
    /// The derivative needs a function the language does not have (trigamma = ψ').
    #[error("the derivative of {function} ({needs}) is not in the language")]
    NotInLanguage {
        /// The function being differentiated, e.g. `digamma`.
        function: &'static str,
        /// The function its derivative needs, e.g. `trigamma`.
        needs: &'static str,
    },
}

/// The derivative d/d`var` of `expr`, simplified by folding constructors.
///
/// # Errors
///
/// [`CalculusError::NotInLanguage`] when `var` occurs under `digamma`.
///
/// # Examples
///
/// ```
/// use fdiv::calculus::derivative;
/// use fdiv::expr::Expr;
/// let d = derivative(&Expr::parse("(u - 1)^2").unwrap(), "u").unwrap();
/// assert_eq!(d.to_string(), "2*(u - 1)");
/// let e = derivative(&Expr::parse("digamma(u)").unwrap(), "u");
/// assert!(e.is_err());
/// ```
pub fn derivative(expr: &Expr, var: &str) -> Result<Expr, CalculusError> {
    let mut b = Builder::default();
    let root = derivative_in(&mut b, expr, var)?;
    Ok(b.finish(root))
}

/// The second derivative, `derivative(derivative(expr))`.
///
/// # Errors
///
/// As [`derivative`].
pub fn second_derivative(expr: &Expr, var: &str) -> Result<Expr, CalculusError> {
    derivative(&derivative(expr, var)?, var)
}

/// Differentiates `expr` inside `b`; returns the id of the derivative.
pub(crate) fn derivative_in(b: &mut Builder, expr: &Expr, var: &str) -> Result<Id, CalculusError> {
    let target = Symbol::from(var);
    let value = b.import(expr);
    // d[i]: the derivative of node i, None when it is exactly 0 (no occurrence of var)
    let mut d: Vec<Option<Id>> = Vec::with_capacity(expr.nodes().len());
    for (i, node) in expr.nodes().iter().enumerate() {
        let v = |c: &Id| value[usize::from(*c)];
        let dd = |c: &Id| d[usize::from(*c)];
        let this = value[i];
        let out = match node {
            Math::Num(_) | Math::Pi | Math::E => None,
            Math::Symbol(s) => (*s == target).then(|| b.int(1)),
            Math::Add([x, y]) => match (dd(x), dd(y)) {
                (None, None) => None,
                (Some(p), None) | (None, Some(p)) => Some(p),
                (Some(p), Some(q)) => Some(b.add2(p, q)),
            },
            Math::Sub([x, y]) => match (dd(x), dd(y)) {
                (None, None) => None,
                (Some(p), None) => Some(p),
                (None, Some(q)) => Some(b.neg(q)),
                (Some(p), Some(q)) => Some(b.sub(p, q)),
            },
            Math::Mul([x, y]) => match (dd(x), dd(y)) {
                (None, None) => None,
                (Some(p), None) => Some(b.mul(v(y), p)),
                (None, Some(q)) => Some(b.mul(v(x), q)),
                (Some(p), Some(q)) => {
                    let l = b.mul(p, v(y));
                    let r = b.mul(v(x), q);
                    Some(b.add2(l, r))
                }
            },
            Math::Div([x, y]) => match (dd(x), dd(y)) {
                (None, None) => None,
                (Some(p), None) => Some(b.div(p, v(y))),
                (num, Some(q)) => {
                    // (x'y − xy')/y²
                    let two = b.int(2);
                    let y2 = b.pow(v(y), two);
                    let xq = b.mul(v(x), q);
                    let top = match num {
                        Some(p) => {
                            let py = b.mul(p, v(y));
                            b.sub(py, xq)
                        }
                        None => b.neg(xq),
                    };
                    Some(b.div(top, y2))
                }
            },
            Math::Pow([x, y]) => match (dd(x), dd(y)) {
                (None, None) => None,
                (Some(p), None) => {
                    // y·x^(y−1)·x'
                    let one = b.int(1);
                    let ym1 = b.sub(v(y), one);
                    let pw = b.pow(v(x), ym1);
                    let t = b.mul(v(y), pw);
                    Some(b.mul(t, p))
                }
                // 0^y = 0 and 1^y = 1 wherever defined: constant
                (None, Some(_)) if b.constant(v(x)).is_some_and(|c| c.is_zero() || c.is_one()) => None,
                (None, Some(q)) => {
                    // x^y·log(x)·y'
                    let lx = b.unary(Math::Log, v(x));
                    let t = b.mul(this, lx);
                    Some(b.mul(t, q))
                }
                (Some(p), Some(q)) => {
                    // x^y·(y'·log x + y·x'/x)
                    let lx = b.unary(Math::Log, v(x));
                    let a1 = b.mul(q, lx);
                    let yp = b.mul(v(y), p);
                    let a2 = b.div(yp, v(x));
                    let s = b.add2(a1, a2);
                    Some(b.mul(this, s))
                }
            },
            Math::Neg(x) => dd(x).map(|p| b.neg(p)),
            Math::Log(x) => dd(x).map(|p| b.div(p, v(x))),
            Math::Exp(x) => dd(x).map(|p| b.mul(this, p)),
            Math::Sqrt(x) => dd(x).map(|p| {
                let two = b.int(2);
                let den = b.mul(two, this);
                b.div(p, den)
            }),
            Math::Abs(x) => dd(x).map(|p| {
                let s = b.div(v(x), this);
                b.mul(s, p)
            }),
            Math::Min([x, y]) | Math::Max([x, y]) => match (dd(x), dd(y)) {
                (None, None) => None,
                (p, q) => {
                    // min/max(a, b) = (a + b ∓ |a − b|)/2, differentiated away from a = b
                    let zero = b.int(0);
                    let p = p.unwrap_or(zero);
                    let q = q.unwrap_or(zero);
                    let diff = b.sub(v(x), v(y));
                    let ad = b.unary(Math::Abs, diff);
                    let sign = b.div(diff, ad);
                    let dp = b.sub(p, q);
                    let kink = b.mul(sign, dp);
                    let sum = b.add2(p, q);
                    let top = if matches!(node, Math::Min(_)) { b.sub(sum, kink) } else { b.add2(sum, kink) };
                    let half = b.num(Rational::new(1, 2));
                    Some(b.mul(half, top))
                }
            },
            Math::Lgamma(x) => dd(x).map(|p| {
                let psi = b.unary(Math::Digamma, v(x));
                b.mul(psi, p)
            }),
            Math::Digamma(x) => match dd(x) {
                None => None,
                Some(_) => return Err(CalculusError::NotInLanguage { function: "digamma", needs: "trigamma" }),
            },
            Math::LambertW(x) => dd(x).map(|p| {
                let ew = b.unary(Math::Exp, this);
                let den = b.add2(v(x), ew);
                b.div(p, den)
            }),
        };
        d.push(out);
    }
    Ok(d.last().copied().flatten().unwrap_or_else(|| b.int(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diff(text: &str) -> String {
        derivative(&Expr::parse(text).unwrap(), "u").unwrap().to_string()
    }

    #[test]
    fn rules_give_folded_forms() {
        assert_eq!(diff("u*log(u)"), "log(u) + 1");
        assert_eq!(diff("-log(u)"), "-(1/u)");
        assert_eq!(diff("u^3 - 1"), "3*u^2");
        assert_eq!(diff("2^u"), "2^u*log(2)");
        assert_eq!(diff("lgamma(u)"), "digamma(u)");
        assert_eq!(diff("lambertw(u)"), "1/(u + exp(lambertw(u)))");
        assert_eq!(diff("abs(u - 1)"), "(u - 1)/abs(u - 1)");
        assert_eq!(diff("pi*x"), "0");
    }

    #[test]
    fn trigamma_is_a_typed_error() {
        let e = derivative(&Expr::parse("digamma(u^2)").unwrap(), "u").unwrap_err();
        assert_eq!(e.to_string(), "the derivative of digamma (trigamma) is not in the language");
        // a digamma without the variable is a constant: fine
        assert_eq!(diff("digamma(2)*u"), "digamma(2)");
    }
}
