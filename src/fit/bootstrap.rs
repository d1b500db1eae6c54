//! Bootstrap error bars for sample-based estimates.
//!
//! Two resampling schemes, chosen by the estimator:
//!
//! - [`Bootstrap::with_replacement`]: Efron's bootstrap (n draws with replacement), used by the
//!   kernel plug-in estimates;
//! - [`Bootstrap::half_samples`]: subsampling without replacement, half of each sample set
//!   (the delete-d jackknife with d = n/2), used by k-NN estimates — resampling with replacement
//!   repeats points, whose nearest-neighbour distance is then 0. Drawing half of n points without
//!   replacement has variance σ²/(n/2)·(1 − 1/2) = σ²/n for a mean, so the spread of the
//!   half-sample estimates is itself the standard error at n (the jackknife factor
//!   (n − d)/d is 1).
//!
//! The error bar is one standard error, not a bound.

use rand::SeedableRng;
use rand::rngs::StdRng;

use super::FitError;

/// Bootstrap options: how many replicates and the seed of their generator.
///
/// # Examples
///
/// ```
/// use fdiv::fit::Bootstrap;
/// let b = Bootstrap { replicates: 20, seed: 7 };
/// let se = b.with_replacement(&[1.0, 2.0, 3.0, 4.0], |xs| Ok(xs.iter().sum::<f64>() / xs.len() as f64)).unwrap();
/// assert!(se > 0.0 && se < 1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bootstrap {
    /// The number of replicates (at least 2).
    pub replicates: usize,
    /// The seed of the resampling generator.
    pub seed: u64,
}

impl Default for Bootstrap {
    /// 50 replicates, seed 0.
    fn default() -> Bootstrap {
        Bootstrap { replicates: 50, seed: 0 }
    }
}

impl Bootstrap {
    fn check(&self) -> Result<(), FitError> {
        if self.replicates < 2 {
            return Err(FitError::Invalid {
                what: "bootstrap replicates",
                message: format!("{} < 2", self.replicates),
            });
        }
        Ok(())
    }

    /// The standard error of `estimator` by Efron's bootstrap over `xs`.
    ///
    /// # Errors
    ///
    /// Fewer than 2 replicates, or the first error of `estimator`.
    pub fn with_replacement(
        &self,
        xs: &[f64],
        mut estimator: impl FnMut(&[f64]) -> Result<f64, FitError>,
    ) -> Result<f64, FitError> {
        self.check()?;
        let mut rng = StdRng::seed_from_u64(self.seed);
        let mut buf = vec![0.0; xs.len()];
        let mut values = Vec::with_capacity(self.replicates);
        for _ in 0..self.replicates {
            for b in buf.iter_mut() {
                *b = xs[rand::RngExt::random_range(&mut rng, 0..xs.len())];
            }
            values.push(estimator(&buf)?);
        }
        Ok(spread(&values))
    }

    /// The standard error of a two-sample `estimator` by Efron's bootstrap over `xs` and `ys`,
    /// resampled independently.
    ///
    /// # Errors
    ///
    /// Fewer than 2 replicates, or the first error of `estimator`.
    pub fn with_replacement2(
        &self,
        xs: &[f64],
        ys: &[f64],
        mut estimator: impl FnMut(&[f64], &[f64]) -> Result<f64, FitError>,
    ) -> Result<f64, FitError> {
        self.check()?;
        let mut rng = StdRng::seed_from_u64(self.seed);
        let mut bx = vec![0.0; xs.len()];
        let mut by = vec![0.0; ys.len()];
        let mut values = Vec::with_capacity(self.replicates);
        for _ in 0..self.replicates {
            for b in bx.iter_mut() {
                *b = xs[rand::RngExt::random_range(&mut rng, 0..xs.len())];
            }
            for b in by.iter_mut() {
                *b = ys[rand::RngExt::random_range(&mut rng, 0..ys.len())];
            }
            values.push(estimator(&bx, &by)?);
        }
        Ok(spread(&values))
    }

    /// The standard error of a two-sample `estimator` by half-sampling without replacement:
    /// the spread over replicates on random halves of `xs` and `ys`.
    ///
    /// # Errors
    ///
    /// Fewer than 2 replicates, or the first error of `estimator` (too few samples in a half,
    /// for instance).
    pub fn half_samples<T: Clone>(
        &self,
        xs: &[T],
        ys: &[T],
        mut estimator: impl FnMut(&[T], &[T]) -> Result<f64, FitError>,
    ) -> Result<f64, FitError> {
        self.check()?;
        let mut rng = StdRng::seed_from_u64(self.seed);
        let mut values = Vec::with_capacity(self.replicates);
        for _ in 0..self.replicates {
            let hx: Vec<T> =
                rand::seq::index::sample(&mut rng, xs.len(), xs.len() / 2).iter().map(|i| xs[i].clone()).collect();
            let hy: Vec<T> =
                rand::seq::index::sample(&mut rng, ys.len(), ys.len() / 2).iter().map(|i| ys[i].clone()).collect();
            values.push(estimator(&hx, &hy)?);
        }
        Ok(spread(&values))
    }
}

/// The sample standard deviation (n − 1); +∞ if any value is infinite.
fn spread(values: &[f64]) -> f64 {
    if values.iter().any(|v| v.is_infinite()) {
        return f64::INFINITY;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_error_of_a_mean() {
        // the bootstrap SE of a mean of n points is about sd/√n
        let xs: Vec<f64> = (0..400).map(|i| (i % 20) as f64).collect();
        let sd = (xs.iter().map(|x| (x - 9.5f64).powi(2)).sum::<f64>() / 400.0).sqrt();
        let b = Bootstrap { replicates: 400, seed: 1 };
        let se = b.with_replacement(&xs, |s| Ok(s.iter().sum::<f64>() / s.len() as f64)).unwrap();
        assert!((se / (sd / 20.0) - 1.0).abs() < 0.15, "se {se}, expected {}", sd / 20.0);
        let half = b.half_samples(&xs, &xs, |s, _| Ok(s.iter().sum::<f64>() / s.len() as f64)).unwrap();
        // halves without replacement: the finite-population factor makes the spread the SE at n
        assert!((half / (sd / 20.0) - 1.0).abs() < 0.15, "half-sample se {half}");
    }

    #[test]
    fn too_few_replicates() {
        let b = Bootstrap { replicates: 1, seed: 0 };
        assert!(matches!(b.with_replacement(&[1.0], |_| Ok(0.0)), Err(FitError::Invalid { .. })));
    }
}
