//! Finite mixtures Σⱼ wⱼ Pⱼ: density by log-sum-exp, sampling by picking a component.
//!
//! A mixture of [`Distribution`](crate::dist::Distribution)s is itself a
//! [`Continuous`](crate::dist::Continuous) distribution, so the numeric divergence takes it as P
//! or Q (`D kl Mix([0.5, 0.5], N(-3,1), N(3,1)) N(0,3)` in the REPL).

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

/// A mixture of continuous [`Distribution`](crate::dist::Distribution)s as a
/// [`Continuous`](crate::dist::Continuous) distribution in its own right (a newtype: the generic
/// [`Density`] of a mixture stays the one above).
#[derive(Debug, Clone, PartialEq)]
pub struct ContinuousMixture(Mixture<crate::dist::Distribution>);

impl ContinuousMixture {
    /// The mixture of `weights` and continuous `components`.
    ///
    /// # Errors
    ///
    /// As [`Mixture::continuous`].
    pub fn new(weights: Vec<f64>, components: Vec<crate::dist::Distribution>) -> Result<Self, FitError> {
        Mixture::continuous(weights, components).map(ContinuousMixture)
    }

    /// The underlying mixture (for sampling).
    pub fn mixture(&self) -> &Mixture<crate::dist::Distribution> {
        &self.0
    }
}

impl crate::dist::Continuous for ContinuousMixture {
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

    /// A description only: the symbolic form is built by `log_density_expr`.
    fn log_density_text(&self) -> &'static str {
        "log(w1*p1(x) + w2*p2(x) + ...)"
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

impl ContinuousMixture {
    /// The components with positive weight that are continuous (all of them, for a mixture
    /// built by [`Mixture::continuous`]).
    fn continuous_parts(&self) -> impl Iterator<Item = (f64, &dyn crate::dist::Continuous)> + '_ {
        let m = &self.0;
        m.weights
            .iter()
            .zip(&m.components)
            .filter(|(w, _)| **w > 0.0)
            .filter_map(|(w, c)| Some((*w, c.as_continuous()?)))
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
    fn a_mixture_of_distributions_is_a_continuous_distribution() {
        use crate::dist::{Continuous, Distribution, parse_distribution};
        use crate::divergence as numeric;
        use crate::generator::catalogue;
        let parts: Vec<Distribution> = ["N(-3, 1)", "N(3, 1)"].iter().map(|t| parse_distribution(t).unwrap()).collect();
        let mix = ContinuousMixture::new(vec![0.5, 0.5], parts).unwrap();
        assert_eq!(mix.mean(), Some(0.0));
        assert!((mix.variance().unwrap() - 10.0).abs() < 1e-12);
        assert!((mix.cdf(0.0) - 0.5).abs() < 1e-15);
        // the symbolic log-density agrees with ln_pdf
        let e = crate::numeric::Compiled::new(&mix.log_density_expr(), &["x"]).unwrap();
        assert!((e.eval(&[0.7]) - mix.ln_pdf(0.7)).abs() < 1e-13);
        // KL(mix ‖ N(0, √10)) against mpmath (mp.dps = 30): quad(lambda x: p(x)*(log(p(x)) -
        // log(q(x))), [-inf, -3, 0, 3, inf]) with p = (npdf(x,-3,1) + npdf(x,3,1))/2,
        // q = npdf(x, 0, sqrt(10)) → 0.461994613467945075286025162175
        let kl = catalogue::lookup("kl").unwrap().generator();
        let prepared = numeric::Prepared::new(&kl, numeric::Options::default()).unwrap();
        let q = parse_distribution("N(0, 3.1622776601683795)").unwrap();
        let v = prepared.report_continuous(&mix, q.as_continuous().unwrap()).unwrap().estimate.value;
        assert!((v - 0.461_994_613_467_945_1).abs() < 1e-10, "{v}");
    }

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
