//! Push-forward models x̂ = g_θ(z), z ~ N(0, I), and their induced densities where they exist.
//!
//! - [`Affine1`]: g(z) = μ + σz in 1-D; by change of variables p(x) = φ((x − μ)/σ)/σ, i.e.
//!   N(μ, σ) ([`Affine1::density`], a [`crate::dist::Normal`]);
//! - [`AffineNd`]: g(z) = Az + b with A a d×k matrix; the push-forward is N(b, AAᵀ), with a
//!   density ([`AffineNd::density`]) exactly when AAᵀ is positive definite;
//! - [`TwoLayer`]: g(z) = c + Σⱼ aⱼ tanh(wⱼz + bⱼ), a small network in 1-D; it has no closed-form
//!   density, so it is fitted through samples ([`super::fitting::fit_pushforward`]).
//!
//! [`PushForward1`] is what sample-based fitting needs: a parameter vector and g_θ(z).

use nalgebra::{Cholesky, DMatrix, DVector, Dyn};
use rand_distr::{Distribution as _, StandardNormal};

use super::{FitError, Sample};
use crate::dist::Normal;

const LN_SQRT_2PI: f64 = 0.918_938_533_204_672_8; // ln √(2π)

/// A parametric 1-D push-forward family g_θ(z) of a standard normal z.
pub trait PushForward1 {
    /// The number of parameters.
    fn n_params(&self) -> usize;
    /// g_θ(z).
    fn push(&self, theta: &[f64], z: f64) -> f64;
}

/// The 1-D affine push-forward g(z) = μ + σz of z ~ N(0, 1): the normal N(μ, σ).
///
/// # Examples
///
/// ```
/// use fdiv::dist::Continuous;
/// use fdiv::fit::model::Affine1;
/// let g = Affine1::new(1.0, 2.0).unwrap();
/// assert_eq!(g.push(0.5), 2.0);
/// // change of variables: p(x) = φ((x − μ)/σ)/σ
/// let phi0 = 1.0 / (2.0 * std::f64::consts::PI).sqrt();
/// assert!((g.density().pdf(1.0) - phi0 / 2.0).abs() < 1e-16);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Affine1 {
    mu: f64,
    sigma: f64,
}

impl Affine1 {
    /// g(z) = μ + σz.
    ///
    /// # Errors
    ///
    /// [`FitError::Invalid`] unless μ is finite and σ finite and > 0.
    pub fn new(mu: f64, sigma: f64) -> Result<Affine1, FitError> {
        if !mu.is_finite() {
            return Err(FitError::Invalid { what: "mu", message: format!("{mu} is not finite") });
        }
        if !(sigma.is_finite() && sigma > 0.0) {
            return Err(FitError::Invalid { what: "sigma", message: format!("{sigma} must be finite and > 0") });
        }
        Ok(Affine1 { mu, sigma })
    }

    /// μ.
    pub fn mu(&self) -> f64 {
        self.mu
    }

    /// σ.
    pub fn sigma(&self) -> f64 {
        self.sigma
    }

    /// g(z) = μ + σz.
    pub fn push(&self, z: f64) -> f64 {
        self.mu + self.sigma * z
    }

    /// The induced density, by change of variables: p(x) = φ((x − μ)/σ)/σ, the normal N(μ, σ).
    pub fn density(&self) -> Normal {
        // μ finite and σ finite > 0: checked by the constructor
        Normal::new(self.mu, self.sigma).expect("valid normal parameters")
    }
}

impl Sample for Affine1 {
    fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let z: f64 = StandardNormal.sample(rng);
        self.push(z)
    }
}

/// The family θ = (μ, ln σ) ↦ μ + e^{ln σ} z, unconstrained for optimisers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Affine1Family;

impl PushForward1 for Affine1Family {
    fn n_params(&self) -> usize {
        2
    }

    fn push(&self, theta: &[f64], z: f64) -> f64 {
        theta[0] + theta[1].exp() * z
    }
}

/// The d-D affine push-forward g(z) = Az + b of z ~ N(0, I_k), A a d×k matrix: N(b, AAᵀ).
///
/// # Examples
///
/// ```
/// use fdiv::fit::model::AffineNd;
/// use nalgebra::{DMatrix, DVector};
/// let g = AffineNd::new(DMatrix::from_row_slice(2, 2, &[2.0, 0.0, 0.0, 1.0]), DVector::from_vec(vec![1.0, 0.0])).unwrap();
/// let density = g.density().unwrap();
/// // ln p(b) = −ln|det A| − ln 2π
/// let at_b = density.ln_pdf(&DVector::from_vec(vec![1.0, 0.0])).unwrap();
/// assert!((at_b + 2f64.ln() + (2.0 * std::f64::consts::PI).ln()).abs() < 1e-14);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct AffineNd {
    a: DMatrix<f64>,
    b: DVector<f64>,
}

impl AffineNd {
    /// g(z) = Az + b.
    ///
    /// # Errors
    ///
    /// [`FitError::DimensionMismatch`] unless A has as many rows as b; [`FitError::Invalid`] for an
    /// empty A or a non-finite entry.
    pub fn new(a: DMatrix<f64>, b: DVector<f64>) -> Result<AffineNd, FitError> {
        if a.nrows() != b.len() {
            return Err(FitError::DimensionMismatch { what: "A and b", expected: b.len(), found: a.nrows() });
        }
        if a.is_empty() {
            return Err(FitError::Invalid { what: "A", message: "the matrix is empty".into() });
        }
        if a.iter().chain(b.iter()).any(|v| !v.is_finite()) {
            return Err(FitError::Invalid { what: "A, b", message: "entries must be finite".into() });
        }
        Ok(AffineNd { a, b })
    }

    /// The output dimension d.
    pub fn dim(&self) -> usize {
        self.b.len()
    }

    /// The latent dimension k.
    pub fn latent_dim(&self) -> usize {
        self.a.ncols()
    }

    /// g(z) = Az + b.
    ///
    /// # Errors
    ///
    /// [`FitError::DimensionMismatch`] unless z has the latent dimension.
    pub fn push(&self, z: &DVector<f64>) -> Result<DVector<f64>, FitError> {
        if z.len() != self.latent_dim() {
            return Err(FitError::DimensionMismatch { what: "z", expected: self.latent_dim(), found: z.len() });
        }
        Ok(&self.a * z + &self.b)
    }

    /// One draw of g(z), z ~ N(0, I).
    pub fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> DVector<f64> {
        let z = DVector::from_fn(self.latent_dim(), |_, _| StandardNormal.sample(rng));
        &self.a * z + &self.b
    }

    /// The induced density N(b, AAᵀ) by change of variables, `None` when AAᵀ is singular (the
    /// push-forward lives on a lower-dimensional subspace and has no density).
    pub fn density(&self) -> Option<AffineDensity> {
        let cov = &self.a * self.a.transpose();
        let chol = Cholesky::new(cov)?;
        let ln_det: f64 = 2.0 * chol.l_dirty().diagonal().iter().map(|v| v.ln()).sum::<f64>();
        if !ln_det.is_finite() {
            return None;
        }
        Some(AffineDensity { mean: self.b.clone(), chol, ln_det })
    }
}

/// The density of N(b, Σ) with Σ = AAᵀ positive definite (from [`AffineNd::density`]).
#[derive(Debug, Clone)]
pub struct AffineDensity {
    mean: DVector<f64>,
    chol: Cholesky<f64, Dyn>,
    ln_det: f64,
}

impl AffineDensity {
    /// ln p(x) = −½ (x − b)ᵀ Σ⁻¹ (x − b) − ½ ln det Σ − (d/2) ln 2π, solved with the Cholesky
    /// factor.
    ///
    /// # Errors
    ///
    /// [`FitError::DimensionMismatch`] unless x has dimension d.
    pub fn ln_pdf(&self, x: &DVector<f64>) -> Result<f64, FitError> {
        if x.len() != self.mean.len() {
            return Err(FitError::DimensionMismatch { what: "x", expected: self.mean.len(), found: x.len() });
        }
        let r = x - &self.mean;
        // L w = r, so rᵀ Σ⁻¹ r = |w|²
        let w =
            self.chol.l().solve_lower_triangular(&r).unwrap_or_else(|| DVector::from_element(r.len(), f64::INFINITY));
        Ok(-0.5 * w.norm_squared() - 0.5 * self.ln_det - self.mean.len() as f64 * LN_SQRT_2PI)
    }
}

/// A two-layer network in 1-D: g(z) = c + Σⱼ aⱼ tanh(wⱼz + bⱼ) with `hidden` units; parameters
/// laid out as [w₁…w_H, b₁…b_H, a₁…a_H, c].
///
/// # Examples
///
/// ```
/// use fdiv::fit::model::{PushForward1, TwoLayer};
/// let net = TwoLayer::new(2).unwrap();
/// let theta = [1.0, 1.0, 0.0, 0.0, 2.0, 3.0, 0.5];
/// assert_eq!(net.push(&theta, 0.0), 0.5);
/// assert!((net.push(&theta, 1.0) - (0.5 + 5.0 * 1f64.tanh())).abs() < 1e-15);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TwoLayer {
    hidden: usize,
}

impl TwoLayer {
    /// A network with `hidden` tanh units.
    ///
    /// # Errors
    ///
    /// [`FitError::Invalid`] for 0 hidden units.
    pub fn new(hidden: usize) -> Result<TwoLayer, FitError> {
        if hidden == 0 {
            return Err(FitError::Invalid { what: "hidden units", message: "at least 1 is needed".into() });
        }
        Ok(TwoLayer { hidden })
    }

    /// The number of hidden units.
    pub fn hidden(&self) -> usize {
        self.hidden
    }

    /// Parameters with g(0) = μ and g'(0) = σ, a starting point for fitting: wⱼ = 1/2, bⱼ spread
    /// over [−1/2, 1/2], aⱼ = 2σ/(H·sech²bⱼ), and c = μ − Σⱼ aⱼ tanh bⱼ.
    pub fn initial(&self, mu: f64, sigma: f64) -> Vec<f64> {
        let h = self.hidden;
        let b: Vec<f64> = (0..h).map(|j| if h == 1 { 0.0 } else { -0.5 + j as f64 / (h - 1) as f64 }).collect();
        let a: Vec<f64> = b.iter().map(|bj| 2.0 * sigma * bj.cosh().powi(2) / h as f64).collect();
        let c = mu - a.iter().zip(&b).map(|(aj, bj)| aj * bj.tanh()).sum::<f64>();
        let mut theta = Vec::with_capacity(3 * h + 1);
        theta.extend(std::iter::repeat_n(0.5, h));
        theta.extend(b);
        theta.extend(a);
        theta.push(c);
        theta
    }
}

impl PushForward1 for TwoLayer {
    fn n_params(&self) -> usize {
        3 * self.hidden + 1
    }

    fn push(&self, theta: &[f64], z: f64) -> f64 {
        let h = self.hidden;
        let (w, rest) = theta.split_at(h);
        let (b, rest) = rest.split_at(h);
        let (a, c) = rest.split_at(h);
        c[0] + (0..h).map(|j| a[j] * (w[j] * z + b[j]).tanh()).sum::<f64>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nalgebra::DMatrix;

    #[test]
    fn affine_nd_density_matches_the_1d_formula() {
        // A = [[3]], b = [1]: N(1, 3)
        let g = AffineNd::new(DMatrix::from_element(1, 1, 3.0), DVector::from_element(1, 1.0)).unwrap();
        let d = g.density().unwrap();
        let one = Affine1::new(1.0, 3.0).unwrap().density();
        for x in [-4.0, 0.0, 1.0, 2.5, 9.0] {
            let v = d.ln_pdf(&DVector::from_element(1, x)).unwrap();
            assert!((v - crate::dist::Continuous::ln_pdf(&one, x)).abs() < 1e-14, "x = {x}");
        }
    }

    #[test]
    fn singular_push_forward_has_no_density() {
        // a 2×1 A maps onto a line in ℝ²
        let g = AffineNd::new(DMatrix::from_row_slice(2, 1, &[1.0, 2.0]), DVector::zeros(2)).unwrap();
        assert!(g.density().is_none());
        assert!(matches!(
            AffineNd::new(DMatrix::zeros(2, 2), DVector::zeros(3)),
            Err(FitError::DimensionMismatch { .. })
        ));
        assert!(matches!(g.push(&DVector::zeros(2)), Err(FitError::DimensionMismatch { .. })));
    }

    #[test]
    fn network_initial_point_is_affine_at_zero() {
        let net = TwoLayer::new(3).unwrap();
        let theta = net.initial(2.0, 0.7);
        assert!((net.push(&theta, 0.0) - 2.0).abs() < 1e-14);
        let slope = (net.push(&theta, 1e-6) - net.push(&theta, -1e-6)) / 2e-6;
        assert!((slope - 0.7).abs() < 1e-6, "{slope}");
    }

    #[test]
    fn invalid_affine_parameters() {
        assert!(Affine1::new(0.0, 0.0).is_err());
        assert!(Affine1::new(f64::NAN, 1.0).is_err());
        assert!(TwoLayer::new(0).is_err());
    }
}
