//! Integer factorisation by trial division, with one bound for the whole crate.
//!
//! Used wherever a rational constant is split into primes: logarithms of constants in the exact
//! normal form (`log 12 = 2·log 2 + log 3`), the exact values r₀ + Σ cₚ·log p of f(1), and the
//! factors √(π/a)·… of Gaussian integrals. Trial division tries every divisor up to
//! [`TRIAL_BOUND`], so an integer below `TRIAL_BOUND²` = 10¹² is factored completely; a larger
//! one may keep a [`Factorisation::cofactor`] without prime factors up to the bound (prime or
//! not: it is kept whole, and the product is exact either way).

use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// The largest trial divisor: integers below `TRIAL_BOUND²` = 10¹² factor completely.
///
/// The work is at most `TRIAL_BOUND` divisions of an integer of at most
/// [`MAX_BITS`](crate::expr::MAX_BITS) bits (milliseconds).
pub const TRIAL_BOUND: u64 = 1_000_000;

/// |n| = Π pᵢ^eᵢ · cofactor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Factorisation {
    /// The primes found, increasing, with their multiplicities.
    pub primes: Vec<(BigInt, u32)>,
    /// What trial division left: 1, or an integer above `TRIAL_BOUND²` with no prime factor up to
    /// [`TRIAL_BOUND`] (it may or may not be prime).
    pub cofactor: BigInt,
}

impl Factorisation {
    /// Whether |n| is factored into primes completely (the cofactor is 1).
    pub fn is_complete(&self) -> bool {
        self.cofactor.is_one()
    }

    /// The primes with their multiplicities, then the cofactor (multiplicity 1) when it is not 1.
    pub fn factors(&self) -> impl Iterator<Item = (BigInt, u32)> + '_ {
        self.primes.iter().cloned().chain((!self.cofactor.is_one()).then(|| (self.cofactor.clone(), 1)))
    }
}

/// Factors |n| by trial division up to [`TRIAL_BOUND`]; |0| and |1| have no factors (the
/// cofactor of 0 is 0).
pub fn factorise(n: &BigInt) -> Factorisation {
    let mut m = n.abs();
    let mut primes = Vec::new();
    if m.is_zero() {
        return Factorisation { primes, cofactor: m };
    }
    if let Some(small) = m.to_u64() {
        let (found, rest) = factorise_u64(small);
        primes.extend(found.into_iter().map(|(p, e)| (BigInt::from(p), e)));
        return Factorisation { primes, cofactor: BigInt::from(rest) };
    }
    let mut d = 2u64;
    while d <= TRIAL_BOUND && BigInt::from(d) * d <= m {
        let mut e = 0;
        while (&m % d).is_zero() {
            m /= d;
            e += 1;
        }
        if e > 0 {
            primes.push((BigInt::from(d), e));
            // what is left may now fit a machine word
            if let Some(small) = m.to_u64() {
                let (found, rest) = factorise_u64_from(small, d + 1);
                primes.extend(found.into_iter().map(|(p, e)| (BigInt::from(p), e)));
                return Factorisation { primes, cofactor: BigInt::from(rest) };
            }
        }
        d += 1;
    }
    finish(primes, m)
}

/// A cofactor that trial division proved prime (no divisor up to its square root) is a prime.
fn finish(mut primes: Vec<(BigInt, u32)>, m: BigInt) -> Factorisation {
    let bound = BigInt::from(TRIAL_BOUND);
    if !m.is_one() && &bound * &bound >= m {
        primes.push((m, 1));
        return Factorisation { primes, cofactor: BigInt::one() };
    }
    Factorisation { primes, cofactor: m }
}

fn factorise_u64(n: u64) -> (Vec<(u64, u32)>, u64) {
    factorise_u64_from(n, 2)
}

/// Trial division of `n` by `start..=TRIAL_BOUND` (no smaller prime divides `n`): the primes, and
/// the cofactor (1 when complete).
fn factorise_u64_from(mut n: u64, start: u64) -> (Vec<(u64, u32)>, u64) {
    let mut out = Vec::new();
    let mut d = start;
    while d <= TRIAL_BOUND && d.saturating_mul(d) <= n {
        let mut e = 0;
        while n.is_multiple_of(d) {
            n /= d;
            e += 1;
        }
        if e > 0 {
            out.push((d, e));
        }
        d += 1;
    }
    // no divisor up to min(√n, TRIAL_BOUND): prime when √n was reached
    if n > 1 && d.saturating_mul(d) > n {
        out.push((n, 1));
        n = 1;
    }
    (out, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn primes(n: u64) -> Vec<(u64, u32)> {
        factorise(&BigInt::from(n)).primes.iter().map(|(p, e)| (p.to_u64().unwrap(), *e)).collect()
    }

    #[test]
    fn small_integers_factor_completely() {
        assert_eq!(primes(360), [(2, 3), (3, 2), (5, 1)]);
        assert_eq!(primes(1), []);
        assert_eq!(primes(97), [(97, 1)]);
        // below TRIAL_BOUND² every integer is complete, including a product of two large primes
        let f = factorise(&BigInt::from(999_983u64 * 999_979));
        assert!(f.is_complete());
        assert_eq!(f.primes.len(), 2);
        assert!(factorise(&BigInt::from(-12)).is_complete());
    }

    #[test]
    fn a_cofactor_beyond_the_bound_stays_whole() {
        // 1000003 and 1000033 are primes beyond the bound: their product stays whole
        let cofactor = BigInt::from(1_000_003u64) * BigInt::from(1_000_033u64);
        let f = factorise(&(&cofactor * BigInt::from(8 * 999_983u64)));
        assert_eq!(f.primes, [(BigInt::from(2), 3), (BigInt::from(999_983u64), 1)]);
        assert_eq!(f.cofactor, cofactor);
        assert!(!f.is_complete());
        assert_eq!(f.factors().count(), 3);
        // beyond a machine word
        let huge = BigInt::from(3).pow(50u32) * BigInt::from(7);
        let f = factorise(&huge);
        assert_eq!(f.primes, [(BigInt::from(3), 50), (BigInt::from(7), 1)]);
        assert!(f.is_complete());
    }
}
