//! Finite mixtures Σⱼ wⱼ Pⱼ: density by log-sum-exp, sampling by picking a component.
//!
//! (To move into `dist` at merge, as `Mix([0.5, 0.5], N(-3,1), N(3,1))`.)

use rand::RngExt;

use super::{Density, FitError, Sample};

/// A mixture of components `C` with weights summing to 1.
///
/// # Examples
///
/// ```
/// use fdiv::dist::Normal;
/// use fdiv::fit::{Density, Mixture};
/// let n = |m| Normal::new(m, 1.0).unwrap();
/// let mix = Mixture::new(vec![0.5, 0.5], vec![n(-3.0), n(3.0)]).unwrap();
/// assert!((mix.density(3.0) - 0.5 * (n(-3.0).density(3.0) + n(3.0).density(3.0))).abs() < 1e-16);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Mixture<C> {
    weights: Vec<f64>,
    cumulative: Vec<f64>,
    components: Vec<C>,
}

impl<C> Mixture<C> {
    /// A mixture; the weights must be finite, ≥ 0 and sum to 1 (within 1e-9; they are then
    /// renormalised exactly).
    ///
    /// # Errors
    ///
    /// [`FitError::Empty`] with no components, [`FitError::DimensionMismatch`] when the counts of
    /// weights and components differ, [`FitError::Invalid`] for a bad weight or sum.
    pub fn new(weights: Vec<f64>, components: Vec<C>) -> Result<Mixture<C>, FitError> {
        if components.is_empty() {
            return Err(FitError::Empty { what: "mixture components" });
        }
        if weights.len() != components.len() {
            return Err(FitError::DimensionMismatch {
                what: "mixture weights",
                expected: components.len(),
                found: weights.len(),
            });
        }
        if let Some(w) = weights.iter().find(|w| !(w.is_finite() && **w >= 0.0)) {
            return Err(FitError::Invalid { what: "mixture weight", message: format!("{w} must be finite and >= 0") });
        }
        let sum: f64 = weights.iter().sum();
        if (sum - 1.0).abs() > 1e-9 {
            return Err(FitError::Invalid { what: "mixture weights", message: format!("they sum to {sum}, not 1") });
        }
        let weights: Vec<f64> = weights.iter().map(|w| w / sum).collect();
        let cumulative = weights
            .iter()
            .scan(0.0, |acc, w| {
                *acc += w;
                Some(*acc)
            })
            .collect();
        Ok(Mixture { weights, cumulative, components })
    }

    /// The weights.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// The components.
    pub fn components(&self) -> &[C] {
        &self.components
    }
}

impl Mixture<crate::dist::Distribution> {
    /// A mixture of continuous distributions, as the REPL's `Mix([0.5, 0.5], N(-3,1), N(3,1))`.
    ///
    /// # Examples
    ///
    /// ```
    /// use fdiv::dist::parse_distribution;
    /// use fdiv::fit::{Density, Mixture};
    /// let parts = vec![parse_distribution("N(-3, 1)").unwrap(), parse_distribution("N(3, 1)").unwrap()];
    /// let mix = Mixture::continuous(vec![0.5, 0.5], parts).unwrap();
    /// assert!(mix.density(0.0) > 0.0);
    /// ```
    ///
    /// # Errors
    ///
    /// Those of [`Mixture::new`], and [`FitError::Invalid`] for a probability vector among the
    /// components (it has no density on ℝ).
    pub fn continuous(weights: Vec<f64>, components: Vec<crate::dist::Distribution>) -> Result<Self, FitError> {
        if let Some(d) = components.iter().find(|d| d.as_continuous().is_none()) {
            return Err(FitError::Invalid {
                what: "mixture component",
                message: format!("{d} is not a continuous distribution"),
            });
        }
        Mixture::new(weights, components)
    }
}

impl<C: Density> Density for Mixture<C> {
    fn ln_density(&self, x: f64) -> f64 {
        let terms: Vec<f64> = self
            .weights
            .iter()
            .zip(&self.components)
            .filter(|(w, _)| **w > 0.0)
            .map(|(w, c)| w.ln() + c.ln_density(x))
            .collect();
        let max = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if max.is_infinite() {
            return max;
        }
        max + terms.iter().map(|t| (t - max).exp()).sum::<f64>().ln()
    }

    fn nodes(&self) -> Vec<f64> {
        let mut nodes: Vec<f64> =
            self.weights.iter().zip(&self.components).filter(|(w, _)| **w > 0.0).flat_map(|(_, c)| c.nodes()).collect();
        nodes.sort_unstable_by(f64::total_cmp);
        nodes.dedup();
        nodes
    }

    fn bulk(&self) -> (f64, f64) {
        self.weights
            .iter()
            .zip(&self.components)
            .filter(|(w, _)| **w > 0.0)
            .map(|(_, c)| c.bulk())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (a, b)| (lo.min(a), hi.max(b)))
    }
}

impl<C: Sample> Sample for Mixture<C> {
    fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let u: f64 = rng.random();
        // the last cumulative weight is 1 (up to rounding): fall back to the last component
        let j = self.cumulative.partition_point(|&c| c <= u).min(self.components.len() - 1);
        self.components[j].sample(rng)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dist::Normal;
    use rand::SeedableRng;

    #[test]
    fn sampling_follows_the_weights() {
        let mix =
            Mixture::new(vec![0.25, 0.75], vec![Normal::new(-10.0, 1.0).unwrap(), Normal::new(10.0, 1.0).unwrap()])
                .unwrap();
        let mut rng = rand::rngs::StdRng::seed_from_u64(5);
        let xs = mix.sample_n(4000, &mut rng);
        let right = xs.iter().filter(|x| **x > 0.0).count() as f64 / 4000.0;
        // binomial sd √(0.75·0.25/4000) = 0.0068
        assert!((right - 0.75).abs() < 0.03, "{right}");
        let (a, b) = mix.bulk();
        assert!((-30.0..=-17.0).contains(&a) && (17.0..=30.0).contains(&b), "{a} {b}");
    }

    #[test]
    fn bad_weights() {
        let c = || Normal::new(0.0, 1.0).unwrap();
        assert!(matches!(Mixture::new(vec![0.5, 0.6], vec![c(), c()]), Err(FitError::Invalid { .. })));
        assert!(matches!(Mixture::new(vec![1.0], vec![c(), c()]), Err(FitError::DimensionMismatch { .. })));
        assert!(matches!(Mixture::<Normal>::new(vec![], vec![]), Err(FitError::Empty { .. })));
        assert!(matches!(Mixture::new(vec![-0.5, 1.5], vec![c(), c()]), Err(FitError::Invalid { .. })));
    }
}
