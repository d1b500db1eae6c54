//! Multivariate Normal distributions and the KL divergence between two of them.
//!
//! KL(N(μ₁, Σ₁) ‖ N(μ₂, Σ₂)) = ½[tr(Σ₂⁻¹Σ₁) + (μ₂−μ₁)ᵀΣ₂⁻¹(μ₂−μ₁) − k + log(det Σ₂ / det Σ₁)],
//! computed through the Cholesky factors Σ = L·Lᵀ and never an explicit inverse:
//! tr(Σ₂⁻¹Σ₁) = ‖L₂⁻¹L₁‖²_F, the quadratic form is ‖L₂⁻¹(μ₂−μ₁)‖², and log det Σ = 2·Σ log Lᵢᵢ.

use nalgebra::{Cholesky, DMatrix, DVector, Dyn};
use rand::Rng;
use rand_distr::{Distribution, StandardNormal};

/// Why a multivariate Normal could not be built, or two could not be compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MvnError {
    /// The mean and covariance disagree in dimension, or the covariance is not square.
    #[error("dimension mismatch: {0}")]
    Dimension(String),
    /// The covariance is not symmetric.
    #[error("the covariance is not symmetric (entry ({row}, {col}))")]
    NotSymmetric {
        /// Row of the first asymmetric entry.
        row: usize,
        /// Column of the first asymmetric entry.
        col: usize,
    },
    /// The covariance is not positive definite (Cholesky failed).
    #[error("the covariance is not positive definite")]
    NotPositiveDefinite,
    /// A mean or covariance entry is NaN or infinite.
    #[error("non-finite parameter")]
    NotFinite,
    /// The dimension is zero.
    #[error("a multivariate Normal needs dimension at least 1")]
    Empty,
}

/// A multivariate Normal N(μ, Σ), with Σ symmetric positive definite (checked at construction).
#[derive(Debug, Clone)]
pub struct MvNormal {
    mean: DVector<f64>,
    cholesky: Cholesky<f64, Dyn>,
}

impl MvNormal {
    /// N(mean, cov).
    ///
    /// # Errors
    ///
    /// [`MvnError`] if the dimensions disagree, an entry is not finite, or `cov` is not symmetric
    /// positive definite.
    ///
    /// # Examples
    ///
    /// ```
    /// use fdiv::closed_form::mvn::MvNormal;
    /// use nalgebra::{DMatrix, DVector};
    /// let p = MvNormal::new(DVector::from_vec(vec![0.0, 0.0]), DMatrix::identity(2, 2)).unwrap();
    /// assert!(MvNormal::new(DVector::zeros(2), DMatrix::zeros(2, 2)).is_err());
    /// assert_eq!(p.dim(), 2);
    /// ```
    pub fn new(mean: DVector<f64>, cov: DMatrix<f64>) -> Result<MvNormal, MvnError> {
        let k = mean.len();
        if k == 0 {
            return Err(MvnError::Empty);
        }
        if cov.nrows() != k || cov.ncols() != k {
            return Err(MvnError::Dimension(format!(
                "mean has {k} entries, covariance is {}×{}",
                cov.nrows(),
                cov.ncols()
            )));
        }
        if mean.iter().chain(cov.iter()).any(|x| !x.is_finite()) {
            return Err(MvnError::NotFinite);
        }
        for row in 0..k {
            for col in 0..row {
                let (a, b) = (cov[(row, col)], cov[(col, row)]);
                if (a - b).abs() > 1e-12 * (a.abs() + b.abs()).max(f64::MIN_POSITIVE) {
                    return Err(MvnError::NotSymmetric { row, col });
                }
            }
        }
        let cholesky = Cholesky::new(cov).ok_or(MvnError::NotPositiveDefinite)?;
        if cholesky.l_dirty().diagonal().iter().any(|&d| !(d > 0.0 && d.is_finite())) {
            return Err(MvnError::NotPositiveDefinite);
        }
        Ok(MvNormal { mean, cholesky })
    }

    /// The dimension k.
    pub fn dim(&self) -> usize {
        self.mean.len()
    }

    /// The mean μ.
    pub fn mean(&self) -> &DVector<f64> {
        &self.mean
    }

    /// The lower Cholesky factor L with Σ = L·Lᵀ.
    pub fn cholesky_factor(&self) -> DMatrix<f64> {
        self.cholesky.l()
    }

    /// log det Σ = 2·Σ log Lᵢᵢ.
    pub fn ln_det_cov(&self) -> f64 {
        2.0 * self.cholesky.l_dirty().diagonal().iter().map(|d| d.ln()).sum::<f64>()
    }

    /// The log-density at `x`.
    ///
    /// # Errors
    ///
    /// [`MvnError::Dimension`] if `x` has the wrong length.
    pub fn ln_pdf(&self, x: &DVector<f64>) -> Result<f64, MvnError> {
        if x.len() != self.dim() {
            return Err(MvnError::Dimension(format!("point has {} entries, the distribution {}", x.len(), self.dim())));
        }
        let z = self.whiten(&(x - &self.mean));
        let k = self.dim() as f64;
        Ok(-0.5 * (z.norm_squared() + self.ln_det_cov() + k * (2.0 * std::f64::consts::PI).ln()))
    }

    /// A sample μ + L·z with z ~ N(0, I).
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> DVector<f64> {
        let z = DVector::from_fn(self.dim(), |_, _| StandardNormal.sample(rng));
        &self.mean + self.cholesky.l_dirty().lower_triangle() * z
    }

    /// L⁻¹·v by forward substitution.
    fn whiten(&self, v: &DVector<f64>) -> DVector<f64> {
        let l = self.cholesky.l_dirty().lower_triangle();
        // L is lower triangular with a positive diagonal (checked at construction): solvable
        l.solve_lower_triangular(v).unwrap_or_else(|| DVector::from_element(v.len(), f64::NAN))
    }
}

/// KL(P ‖ Q) between multivariate Normals, in nats.
///
/// # Errors
///
/// [`MvnError::Dimension`] if the dimensions differ.
///
/// # Examples
///
/// ```
/// use fdiv::closed_form::mvn::{MvNormal, kl};
/// use nalgebra::{DMatrix, DVector};
/// // in one dimension it is the familiar log(s2/s1) + (s1² + (m1 − m2)²)/(2 s2²) − ½
/// let p = MvNormal::new(DVector::from_vec(vec![0.0]), DMatrix::from_element(1, 1, 1.0)).unwrap();
/// let q = MvNormal::new(DVector::from_vec(vec![1.0]), DMatrix::from_element(1, 1, 4.0)).unwrap();
/// let expected = 2f64.ln() + (1.0 + 1.0) / 8.0 - 0.5;
/// assert!((kl(&p, &q).unwrap() - expected).abs() < 1e-15);
/// ```
pub fn kl(p: &MvNormal, q: &MvNormal) -> Result<f64, MvnError> {
    if p.dim() != q.dim() {
        return Err(MvnError::Dimension(format!("P has dimension {}, Q has {}", p.dim(), q.dim())));
    }
    let k = p.dim() as f64;
    let l_q = q.cholesky.l_dirty().lower_triangle();
    let l_p = p.cholesky.l_dirty().lower_triangle();
    // tr(Σq⁻¹Σp) = ‖Lq⁻¹ Lp‖²_F; Lq is invertible (positive diagonal, checked at construction)
    let trace = l_q.solve_lower_triangular(&l_p).map_or(f64::NAN, |m| m.norm_squared());
    let mahalanobis = q.whiten(&(q.mean() - p.mean())).norm_squared();
    Ok(0.5 * (trace + mahalanobis - k + q.ln_det_cov() - p.ln_det_cov()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    fn normal(mean: &[f64], cov: &[f64]) -> MvNormal {
        let k = mean.len();
        MvNormal::new(DVector::from_row_slice(mean), DMatrix::from_row_slice(k, k, cov)).unwrap()
    }

    #[test]
    fn kl_of_identical_normals_is_zero_and_positive_otherwise() {
        let p = normal(&[1.0, -1.0], &[2.0, 0.3, 0.3, 1.0]);
        assert!(kl(&p, &p).unwrap().abs() < 1e-15);
        let q = normal(&[0.0, 0.0], &[1.0, 0.0, 0.0, 1.0]);
        assert!(kl(&p, &q).unwrap() > 0.0);
    }

    #[test]
    fn kl_matches_a_reference() {
        // numpy reference, explicit inverses in float64 (an independent formula):
        // S1=[[2,.3],[.3,1]]; S2=[[1,-.2],[-.2,.5]]; m1=[1,-1]; m2=[0,.5]; d=m2-m1
        // 0.5*(np.trace(inv(S2)@S1) + d@inv(S2)@d - 2 + log(det(S2)/det(S1))) = 2.9294883320473204
        let p = normal(&[1.0, -1.0], &[2.0, 0.3, 0.3, 1.0]);
        let q = normal(&[0.0, 0.5], &[1.0, -0.2, -0.2, 0.5]);
        approx::assert_relative_eq!(kl(&p, &q).unwrap(), 2.9294883320473204, max_relative = 1e-13);
    }

    #[test]
    fn kl_agrees_with_monte_carlo_within_four_standard_errors() {
        let p = normal(&[0.5, 0.0], &[1.5, 0.4, 0.4, 0.8]);
        let q = normal(&[0.0, 0.3], &[1.0, -0.1, -0.1, 1.2]);
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let n = 20_000;
        let terms: Vec<f64> = (0..n)
            .map(|_| {
                let x = p.sample(&mut rng);
                p.ln_pdf(&x).unwrap() - q.ln_pdf(&x).unwrap()
            })
            .collect();
        let mean = terms.iter().sum::<f64>() / n as f64;
        let var = terms.iter().map(|t| (t - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
        let se = (var / n as f64).sqrt();
        let exact = kl(&p, &q).unwrap();
        assert!((mean - exact).abs() < 4.0 * se, "MC {mean} ± {se}, exact {exact}");
    }

    #[test]
    fn invalid_parameters_are_typed_errors() {
        let m = DVector::from_vec(vec![0.0, 0.0]);
        assert_eq!(
            MvNormal::new(m.clone(), DMatrix::from_row_slice(2, 2, &[1.0, 0.5, 0.4, 1.0])).unwrap_err(),
            MvnError::NotSymmetric { row: 1, col: 0 }
        );
        assert_eq!(
            MvNormal::new(m.clone(), DMatrix::from_row_slice(2, 2, &[1.0, 2.0, 2.0, 1.0])).unwrap_err(),
            MvnError::NotPositiveDefinite
        );
        assert!(matches!(MvNormal::new(m.clone(), DMatrix::identity(3, 3)), Err(MvnError::Dimension(_))));
        assert_eq!(MvNormal::new(DVector::zeros(0), DMatrix::zeros(0, 0)).unwrap_err(), MvnError::Empty);
        let p = normal(&[0.0], &[1.0]);
        let q = normal(&[0.0, 0.0], &[1.0, 0.0, 0.0, 1.0]);
        assert!(matches!(kl(&p, &q), Err(MvnError::Dimension(_))));
    }
}
