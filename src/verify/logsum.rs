//! Exact values of the form r₀ + Σ cₚ·log p (rational r₀ and cₚ, primes p), for deciding f(1) = 0
//! when f(1) involves logarithms of rationals (JS: −2·log((1+1)/2)·… − …).
//!
//! Logarithms of distinct primes are linearly independent over ℚ, so such a value is 0 exactly
//! when r₀ and every cₚ are 0. Integers are factored by [`crate::poly::factor`] and must factor
//! completely (every integer below 10¹² does); anything else (π, `exp`, `log` of an irrational)
//! gives `None`.

use std::collections::BTreeMap;

use num_bigint::BigInt;
use num_traits::Signed;

use crate::expr::{Expr, Math, Rational};
use crate::poly::factor::factorise;

/// r₀ + Σ cₚ log p.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct LogSum {
    rational: Option<Rational>,
    logs: BTreeMap<BigInt, Rational>,
}

impl LogSum {
    fn constant(q: Rational) -> LogSum {
        LogSum { rational: Some(q), logs: BTreeMap::new() }
    }

    fn pure(&self) -> Option<&Rational> {
        if self.logs.is_empty() { self.rational.as_ref() } else { None }
    }

    /// Whether the value is exactly 0.
    pub(crate) fn is_zero(&self) -> bool {
        self.rational.as_ref().is_none_or(Rational::is_zero) && self.logs.values().all(Rational::is_zero)
    }

    fn add(&self, o: &LogSum, sign: i64) -> Option<LogSum> {
        let s = Rational::from_integer(sign);
        let zero = Rational::zero();
        let r0 = self.rational.as_ref().unwrap_or(&zero);
        let r1 = o.rational.as_ref().unwrap_or(&zero);
        let mut logs = self.logs.clone();
        for (p, c) in &o.logs {
            let e = logs.entry(p.clone()).or_insert_with(Rational::zero);
            *e = e.checked_add(&c.checked_mul(&s)?)?;
        }
        Some(LogSum { rational: Some(r0.checked_add(&r1.checked_mul(&s)?)?), logs })
    }

    fn scale(&self, k: &Rational) -> Option<LogSum> {
        let rational = match &self.rational {
            Some(r) => Some(r.checked_mul(k)?),
            None => None,
        };
        let logs = self.logs.iter().map(|(p, c)| Some((p.clone(), c.checked_mul(k)?))).collect::<Option<_>>()?;
        Some(LogSum { rational, logs })
    }
}

/// The primes of a positive integer with multiplicities, when it factors completely (every
/// integer below `TRIAL_BOUND²` = 10¹² does): a cofactor left whole would break the independence
/// of the logarithms.
fn factor(n: &BigInt) -> Option<Vec<(BigInt, i64)>> {
    let f = factorise(n);
    (n.is_positive() && f.is_complete()).then(|| f.primes.into_iter().map(|(p, e)| (p, i64::from(e))).collect())
}

/// The value of a constant expression as a [`LogSum`], when it has that form.
pub(crate) fn log_sum(e: &Expr) -> Option<LogSum> {
    let mut vals: Vec<Option<LogSum>> = Vec::with_capacity(e.nodes().len());
    for node in e.nodes() {
        let get = |c: &egg::Id| vals[usize::from(*c)].clone();
        let v = (|| -> Option<LogSum> {
            match node {
                Math::Num(q) => Some(LogSum::constant(q.clone())),
                Math::Add([a, b]) => get(a)?.add(&get(b)?, 1),
                Math::Sub([a, b]) => get(a)?.add(&get(b)?, -1),
                Math::Neg(a) => get(a)?.scale(&Rational::from_integer(-1)),
                Math::Mul([a, b]) => {
                    let (x, y) = (get(a)?, get(b)?);
                    match (x.pure(), y.pure()) {
                        (Some(k), _) => y.scale(k),
                        (_, Some(k)) => x.scale(k),
                        _ => None,
                    }
                }
                Math::Div([a, b]) => {
                    let y = get(b)?;
                    let k = y.pure()?;
                    let inv = Rational::one().checked_div(k)?;
                    get(a)?.scale(&inv)
                }
                Math::Log(a) => {
                    let x = get(a)?;
                    let r = x.pure()?;
                    if !r.is_positive() {
                        return None;
                    }
                    let mut logs: BTreeMap<BigInt, Rational> = BTreeMap::new();
                    for (n, sign) in [(r.numer(), 1), (r.denom(), -1)] {
                        for (p, k) in factor(n)? {
                            let e = logs.entry(p).or_insert_with(Rational::zero);
                            *e = e.checked_add(&Rational::from_integer(sign * k))?;
                        }
                    }
                    Some(LogSum { rational: Some(Rational::zero()), logs })
                }
                Math::Pow([a, b]) => {
                    // integer powers of pure rationals only
                    let (x, y) = (get(a)?, get(b)?);
                    let base = x.pure()?;
                    let k = y.pure()?.to_i64()?;
                    Some(LogSum::constant(base.checked_powi(k)?))
                }
                Math::Abs(a) => Some(LogSum::constant(get(a)?.pure()?.abs())),
                Math::Min([a, b]) | Math::Max([a, b]) => {
                    let (x, y) = (get(a)?, get(b)?);
                    let (x, y) = (x.pure()?.clone(), y.pure()?.clone());
                    let max = matches!(node, Math::Max(_));
                    Some(LogSum::constant(if (x >= y) == max { x } else { y }))
                }
                _ => None,
            }
        })();
        vals.push(v);
    }
    vals.pop().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zero(text: &str) -> Option<bool> {
        log_sum(&Expr::parse(text).unwrap()).map(|s| s.is_zero())
    }

    #[test]
    fn logs_of_rationals_cancel_exactly() {
        assert_eq!(zero("-1*log(2/3) + log(2/3)"), Some(true));
        assert_eq!(zero("log(6) - log(2) - log(3)"), Some(true));
        assert_eq!(zero("1/2*(1*log(1) - (1 + 1)*log((1 + 1)/2))"), Some(true));
        assert_eq!(zero("log(4) - 2*log(2) + 1/3"), Some(false));
        assert_eq!(zero("log(8) - 3*log(2)"), Some(true));
        assert_eq!(zero("log(pi)"), None);
        assert_eq!(zero("max(1, 1) - 1 + 2*log(2) - 2*log(2)"), Some(true));
    }
}
