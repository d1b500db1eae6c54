//! Finite discrete distributions: probability vectors.

use std::fmt;

use nalgebra::DVector;
use rand::Rng;
use rand_distr::{Distribution as _, StandardUniform};

use super::DistError;

/// How far from 1 the entries of a probability vector may sum.
pub const SUM_TOLERANCE: f64 = 1e-9;

/// A probability vector (p₁, …, pₙ): entries finite and ≥ 0, summing to 1 within
/// [`SUM_TOLERANCE`]. Entries are stored as given (not renormalised).
///
/// # Examples
///
/// ```
/// use fdiv::dist::Discrete;
/// let p = Discrete::new(vec![0.2, 0.5, 0.3]).unwrap();
/// assert_eq!(p.len(), 3);
/// assert!(Discrete::new(vec![0.5, 0.6]).is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Discrete {
    probs: DVector<f64>,
}

impl Discrete {
    /// A probability vector from its entries.
    ///
    /// # Errors
    ///
    /// [`DistError::EmptyVector`], [`DistError::BadEntry`] for a negative or non-finite entry,
    /// [`DistError::NotNormalised`] when the sum is not 1 within [`SUM_TOLERANCE`].
    pub fn new(probs: Vec<f64>) -> Result<Discrete, DistError> {
        Discrete::from_vector(DVector::from_vec(probs))
    }

    /// A probability vector from an nalgebra vector.
    ///
    /// # Errors
    ///
    /// As [`Discrete::new`].
    pub fn from_vector(probs: DVector<f64>) -> Result<Discrete, DistError> {
        if probs.is_empty() {
            return Err(DistError::EmptyVector);
        }
        if let Some((index, &value)) = probs.iter().enumerate().find(|(_, v)| !(v.is_finite() && **v >= 0.0)) {
            return Err(DistError::BadEntry { index, value });
        }
        let sum = probs.sum();
        if (sum - 1.0).abs() > SUM_TOLERANCE {
            return Err(DistError::NotNormalised { sum, tolerance: SUM_TOLERANCE });
        }
        Ok(Discrete { probs })
    }

    /// The entries.
    pub fn probs(&self) -> &DVector<f64> {
        &self.probs
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.probs.len()
    }

    /// Always false: a probability vector has at least one entry.
    pub fn is_empty(&self) -> bool {
        self.probs.is_empty()
    }

    /// The index of one draw.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> usize {
        let u: f64 = StandardUniform.sample(rng);
        let mut acc = 0.0;
        for (i, p) in self.probs.iter().enumerate() {
            acc += p;
            if u < acc {
                return i;
            }
        }
        // rounding left u ≥ the accumulated sum: the last index with positive mass
        self.probs.iter().rposition(|&p| p > 0.0).unwrap_or(0)
    }
}

impl fmt::Display for Discrete {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let items: Vec<String> = self.probs.iter().map(|p| p.to_string()).collect();
        write!(f, "[{}]", items.join(", "))
    }
}
