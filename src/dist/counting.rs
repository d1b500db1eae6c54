//! Distributions on the counts {0, 1, 2, …}: Poisson and Geometric, with log-masses in log space.
//!
//! Bernoulli and categorical distributions are finite probability vectors ([`super::Discrete`]).

use rand::Rng;
use rand_distr::Distribution as _;

use super::{DistError, positive};

/// Poisson(rate λ): P(k) = λ^k e^(−λ) / k!.
///
/// # Examples
///
/// ```
/// use fdiv::dist::Poisson;
/// let p = Poisson::new(2.0).unwrap();
/// assert!((p.ln_pmf(0) + 2.0).abs() < 1e-15);
/// assert!(Poisson::new(0.0).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Poisson {
    rate: f64,
}

impl Poisson {
    /// Poisson(rate).
    ///
    /// # Errors
    ///
    /// [`DistError::InvalidParameter`] unless the rate is finite and > 0.
    pub fn new(rate: f64) -> Result<Poisson, DistError> {
        Ok(Poisson { rate: positive("Poisson", "rate", rate)? })
    }

    /// The rate λ (also the mean and the variance).
    pub fn rate(&self) -> f64 {
        self.rate
    }

    /// One draw.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        // rate > 0 and finite: checked by the constructor; rand_distr refuses only larger rates
        match rand_distr::Poisson::new(self.rate) {
            Ok(p) => p.sample(rng) as u64,
            Err(_) => self.rate.round() as u64,
        }
    }

    /// ln P(k) = k·ln λ − λ − ln k!.
    pub fn ln_pmf(&self, k: u64) -> f64 {
        let k = k as f64;
        k * self.rate.ln() - self.rate - libm::lgamma(k + 1.0)
    }
}

/// Geometric(p) on {0, 1, 2, …}: the failures before the first success, P(k) = (1 − p)^k·p.
///
/// # Examples
///
/// ```
/// use fdiv::dist::Geometric;
/// let g = Geometric::new(0.25).unwrap();
/// assert!((g.ln_pmf(1) - (0.75f64 * 0.25).ln()).abs() < 1e-15);
/// assert!(Geometric::new(1.5).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometric {
    p: f64,
}

impl Geometric {
    /// Geometric(p), 0 < p ≤ 1.
    ///
    /// # Errors
    ///
    /// [`DistError::InvalidParameter`] unless 0 < p ≤ 1.
    pub fn new(p: f64) -> Result<Geometric, DistError> {
        if p.is_finite() && p > 0.0 && p <= 1.0 {
            Ok(Geometric { p })
        } else {
            Err(DistError::InvalidParameter { family: "Geometric", parameter: "p", value: p, requirement: "in (0, 1]" })
        }
    }

    /// The success probability p.
    pub fn p(&self) -> f64 {
        self.p
    }

    /// The mean (1 − p)/p.
    pub fn mean(&self) -> f64 {
        (1.0 - self.p) / self.p
    }

    /// The variance (1 − p)/p².
    pub fn variance(&self) -> f64 {
        (1.0 - self.p) / (self.p * self.p)
    }

    /// One draw: the failures before the first success.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> u64 {
        // 0 < p ≤ 1: checked by the constructor, which is what rand_distr requires
        match rand_distr::Geometric::new(self.p) {
            Ok(g) => g.sample(rng),
            Err(_) => 0,
        }
    }

    /// ln P(k) = k·ln(1 − p) + ln p (with 0·ln 0 = 0 at p = 1, k = 0).
    pub fn ln_pmf(&self, k: u64) -> f64 {
        if k == 0 { self.p.ln() } else { k as f64 * (-self.p).ln_1p() + self.p.ln() }
    }
}
