//! Finite mixtures as the estimators see them: [`crate::dist::Mixture`] (which lives in `dist`,
//! with [`crate::dist::ContinuousMixture`]) as a [`Density`] (log-sum-exp of the components'
//! densities) and a [`Sample`] (a component picked by its weight).
//!
//! # Examples
//!
//! ```
//! use fdiv::dist::Normal;
//! use fdiv::fit::{Density, Mixture};
//! let n = |m| Normal::new(m, 1.0).unwrap();
//! let mix = Mixture::new(vec![0.5, 0.5], vec![n(-3.0), n(3.0)]).unwrap();
//! assert!((mix.density(3.0) - 0.5 * (n(-3.0).density(3.0) + n(3.0).density(3.0))).abs() < 1e-16);
//! ```

use rand::RngExt;

use super::{Density, Sample};
use crate::dist::Mixture;

impl<C: Density> Density for Mixture<C> {
    fn ln_density(&self, x: f64) -> f64 {
        let terms: Vec<f64> = self
            .weights()
            .iter()
            .zip(self.components())
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
        let mut nodes: Vec<f64> = self
            .weights()
            .iter()
            .zip(self.components())
            .filter(|(w, _)| **w > 0.0)
            .flat_map(|(_, c)| c.nodes())
            .collect();
        nodes.sort_unstable_by(f64::total_cmp);
        nodes.dedup();
        nodes
    }

    fn bulk(&self) -> (f64, f64) {
        self.weights()
            .iter()
            .zip(self.components())
            .filter(|(w, _)| **w > 0.0)
            .map(|(_, c)| c.bulk())
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), (a, b)| (lo.min(a), hi.max(b)))
    }
}

impl<C: Sample> Sample for Mixture<C> {
    fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let u: f64 = rng.random();
        self.components()[self.pick(u)].sample(rng)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dist::Normal;
    use rand::SeedableRng;

    /// The mixture's own properties are tested in `dist::mixture`; here, the divergence of it.
    #[test]
    fn kl_of_a_mixture_against_a_normal() {
        use crate::dist::{ContinuousMixture, Distribution, parse_distribution};
        use crate::divergence as numeric;
        use crate::generator::catalogue;
        let parts: Vec<Distribution> = ["N(-3, 1)", "N(3, 1)"].iter().map(|t| parse_distribution(t).unwrap()).collect();
        let mix = ContinuousMixture::new(vec![0.5, 0.5], parts).unwrap();
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
}
