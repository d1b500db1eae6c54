//! Integer factorisation by trial division, with one bound for the whole crate.
//!
//! Used wherever a rational constant is split into primes: logarithms of constants in the exact
//! normal form (`log 12 = 2·log 2 + log 3`), the exact values r₀ + Σ cₚ·log p of f(1), and the
//! factors √(π/a)·… of Gaussian integrals. Trial division tries every prime up to
//! [`TRIAL_BOUND`], so an integer below `TRIAL_BOUND²` = 10¹² is factored completely; a larger
//! one may keep a [`Factorisation::cofactor`] without prime factors up to the bound (prime or
//! not: it is kept whole, and the product is exact either way).

use std::sync::OnceLock;

use num_bigint::BigInt;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// The largest trial divisor: integers below `TRIAL_BOUND²` = 10¹² factor completely.
///
/// The work is at most 78 498 divisions (the primes up to the bound, sieved once) of an integer
/// of at most [`MAX_BITS`](crate::expr::MAX_BITS) bits: tens of milliseconds at that size, well
/// under one for a machine word.
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

/// The primes up to [`TRIAL_BOUND`] (78 498 of them), sieved once.
fn small_primes() -> &'static [u32] {
    static PRIMES: OnceLock<Vec<u32>> = OnceLock::new();
    PRIMES.get_or_init(|| {
        let n = TRIAL_BOUND as usize;
        let mut composite = vec![false; n + 1];
        let mut out = Vec::new();
        for i in 2..=n {
            if !composite[i] {
                // i ≤ TRIAL_BOUND = 10⁶ fits a u32
                out.push(i as u32);
                for j in (i * i..=n).step_by(i) {
                    composite[j] = true;
                }
            }
        }
        out
    })
}

/// Factors |n| by trial division by the primes up to [`TRIAL_BOUND`]; |0| and |1| have no
/// factors (the cofactor of 0 is 0).
pub fn factorise(n: &BigInt) -> Factorisation {
    let mut m = n.abs();
    let mut primes = Vec::new();
    if m.is_zero() {
        return Factorisation { primes, cofactor: m };
    }
    for &p in small_primes() {
        // machine words from here on: the common case, and the tail of every other
        if let Some(small) = m.to_u64() {
            return finish_u64(primes, small);
        }
        let mut e = 0;
        while (&m % p).is_zero() {
            m /= p;
            e += 1;
        }
        if e > 0 {
            primes.push((BigInt::from(p), e));
        }
    }
    finish(primes, m)
}

/// Trial division of a machine word by the primes up to its square root.
fn finish_u64(mut primes: Vec<(BigInt, u32)>, mut n: u64) -> Factorisation {
    for &p in small_primes() {
        let p = u64::from(p);
        if p * p > n {
            break;
        }
        let mut e = 0;
        while n.is_multiple_of(p) {
            n /= p;
            e += 1;
        }
        if e > 0 {
            primes.push((BigInt::from(p), e));
        }
    }
    finish(primes, BigInt::from(n))
}

/// What trial division left: prime when it is at most `TRIAL_BOUND²` (a composite would have a
/// prime factor up to its square root, which was tried), else kept whole as the cofactor.
fn finish(mut primes: Vec<(BigInt, u32)>, m: BigInt) -> Factorisation {
    let bound = BigInt::from(TRIAL_BOUND);
    if !m.is_one() && &bound * &bound >= m {
        primes.push((m, 1));
        return Factorisation { primes, cofactor: BigInt::one() };
    }
    Factorisation { primes, cofactor: m }
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
