//! Rational roots of polynomials over ℚ by the rational root theorem, with one bound.
//!
//! A rational root r/s (in lowest terms) of Σ cₖ tᵏ with integer coefficients has r | c₀ and
//! s | c_d (c₀ the lowest nonzero coefficient, c_d the leading one). The candidates are
//! enumerated only when both are at most [`MAX_ROOT_COEFFICIENT`] in absolute value (after
//! clearing denominators); beyond it the search is not attempted. Used to factor binary forms in
//! the exact normal form (`(p − q)²·(p + 2q)`) and to find the kinks and undefined points of a
//! generator exactly (the crate-private `poly::rational_roots_in`).

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive};

use crate::expr::Rational;

/// The largest |c₀| and |c_d| (integer coefficients) whose divisors are enumerated.
pub const MAX_ROOT_COEFFICIENT: u64 = 1_000_000;

/// The rational roots of a polynomial with their multiplicities, and what is left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RationalRoots {
    /// Distinct roots with multiplicities: 0 first, then by |numerator|, denominator and sign
    /// (positive first) — the order in which the rational root theorem enumerates them.
    pub roots: Vec<(Rational, u32)>,
    /// The cofactor after dividing out every (t − r)^m, lowest degree first: it has no rational
    /// roots.
    pub cofactor: Vec<Rational>,
}

/// Every rational root of Σ `coefficients[k]`·tᵏ (lowest degree first), with multiplicity.
///
/// `None` for the zero polynomial, when the lowest nonzero or the leading integer coefficient
/// exceeds [`MAX_ROOT_COEFFICIENT`], or when exact arithmetic exceeds
/// [`MAX_BITS`](crate::expr::MAX_BITS).
///
/// # Examples
///
/// ```
/// use fdiv::expr::Rational;
/// use fdiv::poly::roots::rational_roots;
/// // (t − 1)²·(t + 2) = t³ − 3t + 2
/// let c: Vec<Rational> = [2, -3, 0, 1].into_iter().map(Rational::from_integer).collect();
/// let r = rational_roots(&c).unwrap();
/// assert_eq!(r.roots, [(Rational::one(), 2), (Rational::from_integer(-2), 1)]);
/// assert_eq!(r.cofactor, [Rational::one()]);
/// ```
pub fn rational_roots(coefficients: &[Rational]) -> Option<RationalRoots> {
    let mut poly: Vec<Rational> = coefficients.to_vec();
    while poly.last().is_some_and(Rational::is_zero) {
        poly.pop();
    }
    if poly.is_empty() {
        return None;
    }
    let mut roots = Vec::new();
    let zeros = poly.iter().take_while(|c| c.is_zero()).count();
    if zeros > 0 {
        roots.push((Rational::zero(), u32::try_from(zeros).ok()?));
        poly.drain(..zeros);
    }
    if poly.len() == 1 {
        return Some(RationalRoots { roots, cofactor: poly });
    }
    let den = poly.iter().fold(BigInt::from(1), |l, c| l.lcm(c.denom()));
    let integer = |c: &Rational| (c.numer() * (&den / c.denom())).abs().to_u64();
    let (low, lead) = (integer(&poly[0])?, integer(&poly[poly.len() - 1])?);
    if low > MAX_ROOT_COEFFICIENT || lead > MAX_ROOT_COEFFICIENT {
        return None;
    }
    for r in divisors(low) {
        for s in divisors(lead) {
            for sign in [1, -1] {
                let t = Rational::new(sign * i64::try_from(r).ok()?, i64::try_from(s).ok()?);
                if roots.iter().any(|(x, _)| *x == t) {
                    continue;
                }
                let mut multiplicity = 0;
                while poly.len() > 1 && eval(&poly, &t)?.is_zero() {
                    poly = deflate(&poly, &t)?;
                    multiplicity += 1;
                }
                if multiplicity > 0 {
                    roots.push((t, multiplicity));
                }
            }
        }
    }
    Some(RationalRoots { roots, cofactor: poly })
}

/// The positive divisors of n, increasing.
fn divisors(n: u64) -> Vec<u64> {
    let mut small = Vec::new();
    let mut large = Vec::new();
    let mut d = 1u64;
    while d * d <= n {
        if n.is_multiple_of(d) {
            small.push(d);
            if d * d != n {
                large.push(n / d);
            }
        }
        d += 1;
    }
    small.extend(large.into_iter().rev());
    small
}

/// Σ cₖ tᵏ by Horner's rule, or `None` beyond the bit limit.
pub(crate) fn eval(poly: &[Rational], t: &Rational) -> Option<Rational> {
    let mut acc = Rational::zero();
    for c in poly.iter().rev() {
        acc = acc.checked_mul(t)?.checked_add(c)?;
    }
    Some(acc)
}

/// Σ cₖ tᵏ divided by (t − root), by synthetic division (the remainder is dropped: zero when
/// `root` is a root).
pub(crate) fn deflate(poly: &[Rational], root: &Rational) -> Option<Vec<Rational>> {
    let n = poly.len().checked_sub(1)?;
    let mut out = vec![Rational::zero(); n];
    let mut carry = Rational::zero();
    for k in (1..=n).rev() {
        carry = carry.checked_mul(root)?.checked_add(&poly[k])?;
        out[k - 1] = carry.clone();
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(c: &[i64]) -> Vec<Rational> {
        c.iter().map(|&k| Rational::from_integer(k)).collect()
    }

    #[test]
    fn roots_with_multiplicity_in_enumeration_order() {
        // t·(2t − 1)·(t + 3)², multiplied out
        let mut p = ints(&[0, 1]);
        for (a, b) in [(-1, 2), (3, 1), (3, 1)] {
            // p·(b·t + a)
            let mut next = vec![Rational::zero(); p.len() + 1];
            for (k, c) in p.iter().enumerate() {
                next[k] = next[k].checked_add(&c.checked_mul(&Rational::from_integer(a)).unwrap()).unwrap();
                next[k + 1] = next[k + 1].checked_add(&c.checked_mul(&Rational::from_integer(b)).unwrap()).unwrap();
            }
            p = next;
        }
        let r = rational_roots(&p).unwrap();
        assert_eq!(r.roots, [(Rational::zero(), 1), (Rational::new(1, 2), 1), (Rational::from_integer(-3), 2)]);
        assert_eq!(r.cofactor.len(), 1);
    }

    #[test]
    fn irrational_roots_stay_in_the_cofactor_and_the_bound_is_respected() {
        let r = rational_roots(&ints(&[-2, 0, 1])).unwrap();
        assert!(r.roots.is_empty());
        assert_eq!(r.cofactor, ints(&[-2, 0, 1]));
        assert_eq!(rational_roots(&ints(&[-2_000_000, 1])), None);
        assert_eq!(rational_roots(&ints(&[0, 0])), None);
        let half = [Rational::new(-1, 2), Rational::one()];
        assert_eq!(rational_roots(&half).unwrap().roots, [(Rational::new(1, 2), 1)]);
    }
}
