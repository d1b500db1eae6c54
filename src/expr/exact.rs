//! Exact evaluation over the rationals, and constant folding.
//!
//! Exact where the value is rational and computable within [`MAX_BITS`](super::MAX_BITS):
//! rational arithmetic, integer powers, rational roots (`4^(1/2) = 2`), `log 1 = 0`, `exp 0 = 1`,
//! `lgamma 1 = lgamma 2 = 0`, `lambertw 0 = 0`, `abs`, `min`, `max`. Anything irrational
//! (`log 2`, `pi`) is [`ExactError::NotRational`], not an approximation. Like every pass over
//! expressions, evaluation walks the node array in order: no recursion.

use egg::Language;

use super::{Expr, Math, Rational};

/// Why an expression has no exact rational value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExactError {
    /// A division by zero (also `0^-1`).
    #[error("division by zero")]
    DivisionByZero,
    /// A function applied outside its domain, e.g. `log(-1)` or `sqrt(-2)`.
    #[error("{function} is undefined at {argument}")]
    Domain {
        /// The function, e.g. `log`.
        function: &'static str,
        /// The argument, as exact text.
        argument: String,
    },
    /// The value exists but is not rational (`log 2`, `pi`, `sqrt 2`) or is not decided exactly.
    #[error("the value is not an exact rational")]
    NotRational,
    /// A symbol without a value.
    #[error("symbol '{0}' has no value")]
    Unbound(String),
    /// The exact result would exceed the size limit of exact arithmetic.
    #[error("exact result too large")]
    TooLarge,
}

/// Evaluates `expr` exactly, with symbol values from `value_of`.
///
/// # Errors
///
/// [`ExactError`]: a domain error, an irrational result, an unbound symbol or a result too large.
///
/// # Examples
///
/// ```
/// use fdiv::expr::{Expr, Rational, exact::{eval, ExactError}};
/// let f = Expr::parse("u*log(u) + (u - 1)^2/2").unwrap();
/// assert_eq!(eval(&f, &|_| Some(Rational::one())), Ok(Rational::zero()));
/// assert_eq!(eval(&f, &|_| Some(Rational::from_integer(2))), Err(ExactError::NotRational));
/// assert!(matches!(eval(&Expr::parse("log(0)").unwrap(), &|_| None), Err(ExactError::Domain { .. })));
/// ```
pub fn eval(expr: &Expr, value_of: &dyn Fn(&str) -> Option<Rational>) -> Result<Rational, ExactError> {
    let mut values: Vec<Result<Rational, ExactError>> = Vec::with_capacity(expr.nodes().len());
    for node in expr.nodes() {
        let value = match node {
            Math::Symbol(s) => value_of(s.as_str()).ok_or_else(|| ExactError::Unbound(s.to_string())),
            _ => {
                let children: Result<Vec<&Rational>, ExactError> =
                    node.children().iter().map(|&c| values[usize::from(c)].as_ref().map_err(Clone::clone)).collect();
                children.and_then(|args| apply(node, &args))
            }
        };
        values.push(value);
    }
    values.pop().expect("an expression has a root")
}

/// Evaluates an expression without symbols exactly.
///
/// # Errors
///
/// As [`eval`]; a symbol is [`ExactError::Unbound`].
pub fn eval_constant(expr: &Expr) -> Result<Rational, ExactError> {
    eval(expr, &|_| None)
}

/// Replaces every subexpression whose exact value is rational by that value.
///
/// Subexpressions with a domain error (`1/0`, `log(-1)`) or an irrational value are kept as
/// they are. Used to compare expressions up to constant arithmetic (`-3` and `neg 3`).
///
/// # Examples
///
/// ```
/// use fdiv::expr::{Expr, exact::fold_constants};
/// let e = Expr::parse("3/4*u + log(1) + 2^-1*log(2)").unwrap();
/// assert_eq!(fold_constants(&e).to_string(), "3/4*u + 0 + 1/2*log(2)");
/// ```
pub fn fold_constants(expr: &Expr) -> Expr {
    let mut rec = egg::RecExpr::default();
    let mut constant: Vec<Option<Rational>> = Vec::with_capacity(expr.nodes().len());
    let mut new_ids = Vec::with_capacity(expr.nodes().len());
    for node in expr.nodes() {
        let args: Option<Vec<&Rational>> = node.children().iter().map(|&c| constant[usize::from(c)].as_ref()).collect();
        let value = match (node, args) {
            (Math::Num(q), _) => Some(q.clone()),
            (Math::Symbol(_) | Math::Pi | Math::E, _) => None,
            (_, Some(args)) => apply(node, &args).ok(),
            (_, None) => None,
        };
        let id = match &value {
            Some(q) => rec.add(Math::Num(q.clone())),
            None => rec.add(node.clone().map_children(|c| new_ids[usize::from(c)])),
        };
        new_ids.push(id);
        constant.push(value);
    }
    let folded = Expr::from_rec(rec).expect("nonempty");
    let root = *new_ids.last().expect("nonempty");
    // unused nodes (folded children) are dropped by re-rooting
    folded.subexpr(root)
}

/// Applies one operator to exact arguments.
fn apply(node: &Math, args: &[&Rational]) -> Result<Rational, ExactError> {
    let too_large = || ExactError::TooLarge;
    let domain = |function: &'static str, x: &Rational| ExactError::Domain { function, argument: x.to_string() };
    match (node, args) {
        (Math::Num(q), _) => Ok(q.clone()),
        (Math::Pi | Math::E, _) => Err(ExactError::NotRational),
        (Math::Add(_), [a, b]) => a.checked_add(b).ok_or_else(too_large),
        (Math::Sub(_), [a, b]) => a.checked_sub(b).ok_or_else(too_large),
        (Math::Mul(_), [a, b]) => a.checked_mul(b).ok_or_else(too_large),
        (Math::Div(_), [a, b]) if b.is_zero() => Err(ExactError::DivisionByZero),
        (Math::Div(_), [a, b]) => a.checked_div(b).ok_or_else(too_large),
        (Math::Pow(_), [base, exponent]) => power(base, exponent),
        (Math::Neg(_), [a]) => Ok(a.neg()),
        (Math::Abs(_), [a]) => Ok(a.abs()),
        (Math::Min(_), [a, b]) => Ok(if a <= b { (*a).clone() } else { (*b).clone() }),
        (Math::Max(_), [a, b]) => Ok(if a >= b { (*a).clone() } else { (*b).clone() }),
        (Math::Log(_), [a]) if !a.is_positive() => Err(domain("log", a)),
        (Math::Log(_), [a]) if a.is_one() => Ok(Rational::zero()),
        (Math::Exp(_), [a]) if a.is_zero() => Ok(Rational::one()),
        (Math::Sqrt(_), [a]) if a.is_negative() => Err(domain("sqrt", a)),
        (Math::Sqrt(_), [a]) => a.exact_root(2).ok_or(ExactError::NotRational),
        (Math::Lgamma(_) | Math::Digamma(_), [a]) if a.is_integer() && !a.is_positive() => {
            let name = if matches!(node, Math::Lgamma(_)) { "lgamma" } else { "digamma" };
            Err(domain(name, a))
        }
        (Math::Lgamma(_), [a]) if a.is_one() || *a == &Rational::from_integer(2) => Ok(Rational::zero()),
        (Math::LambertW(_), [a]) if a.is_zero() => Ok(Rational::zero()),
        // W₀ is defined from −1/e ≈ −0.36788 on; −3/8 lies safely below it
        (Math::LambertW(_), [a]) if **a <= Rational::new(-3, 8) => Err(domain("lambertw", a)),
        _ => Err(ExactError::NotRational),
    }
}

/// `base ^ exponent` over the rationals: integer exponents, and rational exponents p/q when the
/// q-th root is rational. Real-valued semantics: a negative base with a non-integer exponent is a
/// domain error, as in the f64 evaluator.
fn power(base: &Rational, exponent: &Rational) -> Result<Rational, ExactError> {
    if exponent.is_integer() {
        if base.is_zero() && exponent.is_negative() {
            return Err(ExactError::DivisionByZero);
        }
        if base.abs().is_one() {
            let odd = exponent.numer().bit(0);
            return Ok(if odd { base.clone() } else { Rational::one() });
        }
        // an exponent beyond i64 on a base other than 0 or ±1 is far beyond MAX_BITS
        let k = exponent.to_i64().ok_or(ExactError::TooLarge)?;
        return base.checked_powi(k).ok_or(ExactError::TooLarge);
    }
    if base.is_negative() {
        return Err(ExactError::Domain { function: "^", argument: format!("{base} ^ {exponent}") });
    }
    if base.is_zero() {
        return if exponent.is_positive() { Ok(Rational::zero()) } else { Err(ExactError::DivisionByZero) };
    }
    let q = exponent.denom().try_into().map_err(|_| ExactError::NotRational)?;
    let p: i64 = exponent.numer().try_into().map_err(|_| ExactError::TooLarge)?;
    let root = base.exact_root(q).ok_or(ExactError::NotRational)?;
    root.checked_powi(p).ok_or(ExactError::TooLarge)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(text: &str) -> Result<Rational, ExactError> {
        eval_constant(&Expr::parse(text).unwrap())
    }

    #[test]
    fn rational_arithmetic_and_known_values() {
        assert_eq!(value("3/4 + 1/4"), Ok(Rational::one()));
        assert_eq!(value("(2/3)^-2"), Ok(Rational::new(9, 4)));
        assert_eq!(value("4^(1/2) + 8^(2/3) + 0^(1/2)"), Ok(Rational::from_integer(6)));
        assert_eq!(value("sqrt(9/16)"), Ok(Rational::new(3, 4)));
        assert_eq!(value("log(1) + exp(0) + lgamma(1) + lgamma(2) + lambertw(0)"), Ok(Rational::one()));
        assert_eq!(value("max(1, 2) - min(-1, 3) + abs(-5)"), Ok(Rational::from_integer(8)));
    }

    #[test]
    fn domain_errors_are_typed() {
        assert_eq!(value("1/(2 - 2)"), Err(ExactError::DivisionByZero));
        assert_eq!(value("0^-1"), Err(ExactError::DivisionByZero));
        assert!(matches!(value("log(-1)"), Err(ExactError::Domain { function: "log", .. })));
        assert!(matches!(value("sqrt(-4)"), Err(ExactError::Domain { function: "sqrt", .. })));
        assert!(matches!(value("(-8)^(1/3)"), Err(ExactError::Domain { .. })));
        assert!(matches!(value("lgamma(0)"), Err(ExactError::Domain { .. })));
        assert!(matches!(value("lambertw(-1)"), Err(ExactError::Domain { .. })));
    }

    #[test]
    fn irrational_values_are_not_approximated() {
        for text in ["log(2)", "pi", "e", "sqrt(2)", "exp(1)", "2^(1/2)", "digamma(1)", "lambertw(1)"] {
            assert_eq!(value(text), Err(ExactError::NotRational), "{text}");
        }
    }

    #[test]
    fn huge_powers_are_refused_not_computed() {
        assert_eq!(value("2^3^2^5"), Err(ExactError::TooLarge));
        assert_eq!(value("10^4000"), Err(ExactError::TooLarge));
        assert_eq!(value("1^(10^30)"), Ok(Rational::one()));
        let folded = fold_constants(&Expr::parse("2^3^2^5 + 1").unwrap());
        assert_eq!(folded.to_string(), "2^1853020188851841 + 1");
    }

    #[test]
    fn unbound_symbols_are_reported() {
        assert_eq!(value("u + 1"), Err(ExactError::Unbound("u".into())));
    }
}
