//! Finite mixtures Σⱼ wⱼ Pⱼ: weights, components, the density by log-sum-exp, sampling by
//! picking a component.
//!
//! [`Mixture`] is generic over its components (fit's estimators take a `Mixture<Normal>`);
//! [`ContinuousMixture`] is a mixture of continuous [`Distribution`]s and a [`Continuous`]
//! distribution in its own right, so the numeric divergence takes it as P or Q
//! (`D kl Mix([0.5, 0.5], N(-3,1), N(3,1)) N(0,3)` in the REPL; [`super::parse_distribution`]
//! reads that notation).

use rand::RngExt;

use super::{Continuous, DistError, Distribution};

/// A mixture of components `C` with weights summing to 1.
///
/// # Examples
///
/// ```
/// use fdiv::dist::{Continuous, Mixture, Normal};
/// let n = |m| Normal::new(m, 1.0).unwrap();
/// let mix = Mixture::new(vec![0.25, 0.75], vec![n(-3.0), n(3.0)]).unwrap();
/// assert_eq!(mix.weights(), &[0.25, 0.75]);
/// assert_eq!(mix.pick(0.5), 1);
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
    /// [`DistError::Mixture`] with no components, when the counts of weights and components
    /// differ, for a bad weight or a bad sum.
    pub fn new(weights: Vec<f64>, components: Vec<C>) -> Result<Mixture<C>, DistError> {
        let invalid = |message: String| DistError::Mixture { message };
        if components.is_empty() {
            return Err(invalid("a mixture needs at least one component".into()));
        }
        if weights.len() != components.len() {
            return Err(invalid(format!("{} weights for {} components", weights.len(), components.len())));
        }
        if let Some(w) = weights.iter().find(|w| !(w.is_finite() && **w >= 0.0)) {
            return Err(invalid(format!("the weight {w} must be finite and >= 0")));
        }
        let sum: f64 = weights.iter().sum();
        if (sum - 1.0).abs() > 1e-9 {
            return Err(invalid(format!("the weights sum to {sum}, not 1")));
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

    /// The component that a uniform draw `u` in [0, 1) picks.
    pub fn pick(&self, u: f64) -> usize {
        // the last cumulative weight is 1 (up to rounding): fall back to the last component
        self.cumulative.partition_point(|&c| c <= u).min(self.components.len() - 1)
    }
}

impl Mixture<Distribution> {
    /// A mixture of continuous distributions, as the REPL's `Mix([0.5, 0.5], N(-3,1), N(3,1))`.
    ///
    /// # Examples
    ///
    /// ```
    /// use fdiv::dist::{Mixture, parse_distribution};
    /// let parts = vec![parse_distribution("N(-3, 1)").unwrap(), parse_distribution("N(3, 1)").unwrap()];
    /// let mix = Mixture::continuous(vec![0.5, 0.5], parts).unwrap();
    /// assert_eq!(mix.components().len(), 2);
    /// ```
    ///
    /// # Errors
    ///
    /// Those of [`Mixture::new`], and [`DistError::Mixture`] for a component that is not
    /// continuous (it has no density on ℝ).
    pub fn continuous(weights: Vec<f64>, components: Vec<Distribution>) -> Result<Self, DistError> {
        if let Some(d) = components.iter().find(|d| d.as_continuous().is_none()) {
            return Err(DistError::Mixture { message: format!("{d} is not a continuous distribution") });
        }
        Mixture::new(weights, components)
    }

    /// One draw: a component picked by its weight, then a draw from it.
    pub fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let u: f64 = rng.random();
        self.components[self.pick(u)].sample(rng)
    }
}

/// A mixture of continuous [`Distribution`]s as a [`Continuous`] distribution in its own right
/// (a newtype: the generic mixture's density in `fit` stays its own).
///
/// # Examples
///
/// ```
/// use fdiv::dist::{Continuous, ContinuousMixture, parse_distribution};
/// let parts = vec![parse_distribution("N(-3, 1)").unwrap(), parse_distribution("N(3, 1)").unwrap()];
/// let mix = ContinuousMixture::new(vec![0.5, 0.5], parts).unwrap();
/// assert_eq!(mix.mean(), Some(0.0));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ContinuousMixture(Mixture<Distribution>);

impl ContinuousMixture {
    /// The mixture of `weights` and continuous `components`.
    ///
    /// # Errors
    ///
    /// As [`Mixture::continuous`].
    pub fn new(weights: Vec<f64>, components: Vec<Distribution>) -> Result<Self, DistError> {
        Mixture::continuous(weights, components).map(ContinuousMixture)
    }

    /// The underlying mixture (for sampling).
    pub fn mixture(&self) -> &Mixture<Distribution> {
        &self.0
    }

    /// The components with positive weight that are continuous (all of them, for a mixture
    /// built by [`Mixture::continuous`]).
    fn continuous_parts(&self) -> impl Iterator<Item = (f64, &dyn Continuous)> + '_ {
        let m = &self.0;
        m.weights
            .iter()
            .zip(&m.components)
            .filter(|(w, _)| **w > 0.0)
            .filter_map(|(w, c)| Some((*w, c.as_continuous()?)))
    }
}

impl std::fmt::Display for ContinuousMixture {
    /// `Mix([0.5, 0.5], N(-3, 1), N(3, 1))`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let w: Vec<String> = self.0.weights.iter().map(|w| w.to_string()).collect();
        let c: Vec<String> = self.0.components.iter().map(|c| c.to_string()).collect();
        write!(f, "Mix([{}], {})", w.join(", "), c.join(", "))
    }
}

impl Continuous for ContinuousMixture {
    fn family(&self) -> &'static str {
        "Mixture"
    }

    /// The weights, `w1`, `w2`, … (the components carry their own parameters).
    fn params(&self) -> Vec<(&'static str, f64)> {
        const NAMES: [&str; 8] = ["w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8"];
        self.0.weights.iter().enumerate().map(|(i, &w)| (NAMES.get(i).copied().unwrap_or("w"), w)).collect()
    }

    fn support(&self) -> (f64, f64) {
        self.continuous_parts()
            .map(|(_, c)| c.support())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (a, b)| (lo.min(a), hi.max(b)))
    }

    fn ln_pdf(&self, x: f64) -> f64 {
        let terms: Vec<f64> = self.continuous_parts().map(|(w, c)| w.ln() + c.ln_pdf(x)).collect();
        let max = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        if max.is_infinite() || max.is_nan() {
            return max;
        }
        max + terms.iter().map(|t| (t - max).exp()).sum::<f64>().ln()
    }

    fn cdf(&self, x: f64) -> f64 {
        self.continuous_parts().map(|(w, c)| w * c.cdf(x)).sum()
    }

    fn mean(&self) -> Option<f64> {
        self.continuous_parts().map(|(w, c)| c.mean().map(|m| w * m)).sum()
    }

    fn variance(&self) -> Option<f64> {
        let mean = self.mean()?;
        let second: Option<f64> =
            self.continuous_parts().map(|(w, c)| Some(w * (c.variance()? + c.mean()?.powi(2)))).sum();
        Some((second? - mean * mean).max(0.0))
    }

    /// The narrowest component's scale: panels are placed finely enough for every component.
    fn scale(&self) -> f64 {
        self.continuous_parts().map(|(_, c)| c.scale()).fold(f64::INFINITY, f64::min)
    }

    /// The components' modes: where the mixture's mass concentrates (its own modes lie near
    /// them), which is what panel placement needs.
    fn modes(&self) -> Vec<f64> {
        self.continuous_parts().flat_map(|(_, c)| c.modes()).collect()
    }

    fn kinks(&self) -> Vec<f64> {
        self.continuous_parts().flat_map(|(_, c)| c.kinks()).collect()
    }

    /// log(Σⱼ wⱼ·exp(log pⱼ(x))) with the components' parameters substituted.
    fn log_density_expr(&self) -> crate::expr::Expr {
        use crate::expr::{Expr, Math, Rational};
        let terms = self.continuous_parts().map(|(w, c)| {
            // weights are finite (checked by the constructor)
            let w = Expr::num(Rational::from_f64(w).unwrap_or_else(Rational::zero));
            &w * &c.log_density_at_params().apply(Math::Exp)
        });
        terms.reduce(|a, b| &a + &b).unwrap_or_else(|| Expr::int(0)).apply(Math::Log)
    }

    fn log_density_at_params(&self) -> crate::expr::Expr {
        self.log_density_expr()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dist::{Normal, parse_distribution};

    #[test]
    fn a_mixture_of_distributions_is_a_continuous_distribution() {
        let parts: Vec<Distribution> = ["N(-3, 1)", "N(3, 1)"].iter().map(|t| parse_distribution(t).unwrap()).collect();
        let mix = ContinuousMixture::new(vec![0.5, 0.5], parts).unwrap();
        assert_eq!(mix.mean(), Some(0.0));
        assert!((mix.variance().unwrap() - 10.0).abs() < 1e-12);
        assert!((mix.cdf(0.0) - 0.5).abs() < 1e-15);
        // the symbolic log-density agrees with ln_pdf
        let e = crate::numeric::Compiled::new(&mix.log_density_expr(), &["x"]).unwrap();
        assert!((e.eval(&[0.7]) - mix.ln_pdf(0.7)).abs() < 1e-13);
    }

    #[test]
    fn bad_weights() {
        let c = || Normal::new(0.0, 1.0).unwrap();
        let err = |r: Result<Mixture<Normal>, DistError>| r.unwrap_err().to_string();
        assert_eq!(err(Mixture::new(vec![0.5, 0.6], vec![c(), c()])), "invalid mixture: the weights sum to 1.1, not 1");
        assert!(matches!(Mixture::new(vec![1.0], vec![c(), c()]), Err(DistError::Mixture { .. })));
        assert!(matches!(Mixture::<Normal>::new(vec![], vec![]), Err(DistError::Mixture { .. })));
        assert!(matches!(Mixture::new(vec![-0.5, 1.5], vec![c(), c()]), Err(DistError::Mixture { .. })));
    }
}
