//! Fitting push-forward models: θ* = argmin_θ D_f(P_x‖P_θ), estimated from samples of P_x.
//!
//! - [`fit_normal`]: the affine family μ + σz (the normal N(μ, σ)), θ optimised as (μ, ln σ) by
//!   Nelder–Mead from the sample mean and sd. Forward KL is maximum likelihood:
//!   KL(P_x‖P_θ) = −H(P_x) − E_{P_x}[ln p_θ], and H(P_x) does not depend on θ, so the objective
//!   is the mean negative log-likelihood (its minimiser is the sample mean and the 1/n sd); the
//!   reported divergence subtracts the Kozachenko–Leonenko entropy. Every other generator is
//!   minimised through the kernel plug-in D_f(P̂_x‖P_θ), with the kernel estimate built once.
//! - [`fit_pushforward`]: any [`PushForward1`] (the two-layer network), through the k-NN
//!   estimate of KL(P_x‖P_θ) against model samples g_θ(z₁…z_m) at fixed z's (common random
//!   numbers, so that the objective is a deterministic function of θ).

use rand::SeedableRng;
use rand_distr::{Distribution as _, StandardNormal};

use super::kde::{self, Kde};
use super::knn;
use super::model::{PushForward1, TwoLayer};
use super::optimize::{Iteration, NelderMead, OptimizerStop, nelder_mead};
use super::{Density, FitError, check_samples, is_kl};
use crate::dist::Normal;
use crate::generator::Generator;

/// The fitted parameters of a normal model, N(mean, sd).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NormalTheta {
    /// μ.
    pub mean: f64,
    /// σ.
    pub sd: f64,
}

/// How the divergence was estimated during a fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Objective {
    /// Forward KL as the mean negative log-likelihood (maximum likelihood).
    MaximumLikelihood,
    /// The kernel plug-in D_f(P̂_x‖P_θ).
    KdePlugIn {
        /// The bandwidth of P̂_x.
        bandwidth: f64,
    },
    /// k-NN KL(P_x‖P_θ) against model samples.
    KnnKl {
        /// The neighbour order.
        k: usize,
        /// Model samples per evaluation.
        m: usize,
    },
}

impl Objective {
    /// Its stable kebab-case name: `maximum-likelihood`, `kde-plug-in` or `knn-kl`.
    pub fn name(self) -> &'static str {
        match self {
            Objective::MaximumLikelihood => "maximum-likelihood",
            Objective::KdePlugIn { .. } => "kde-plug-in",
            Objective::KnnKl { .. } => "knn-kl",
        }
    }
}

/// Budget and tolerances of a fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FitOptions {
    /// Nelder–Mead iterations at most.
    pub max_iters: usize,
    /// The tolerance on objective values (relative, plus absolute 1 × this).
    pub f_tol: f64,
    /// The tolerance on parameters (per coordinate; ln σ for the normal).
    pub x_tol: f64,
}

impl Default for FitOptions {
    /// 500 iterations, f_tol 1e-9, x_tol 1e-6.
    fn default() -> FitOptions {
        FitOptions { max_iters: 500, f_tol: 1e-9, x_tol: 1e-6 }
    }
}

/// A fitted normal model.
#[derive(Debug, Clone, PartialEq)]
pub struct Fit {
    /// θ*.
    pub theta: NormalTheta,
    /// The estimated D_f(P_x‖P_θ*).
    pub divergence: f64,
    /// How the objective was computed.
    pub objective: Objective,
    /// Nelder–Mead iterations.
    pub iterations: usize,
    /// Objective evaluations.
    pub evaluations: usize,
    /// Why the optimiser stopped.
    pub stop: OptimizerStop,
}

fn mean_sd(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    (mean, (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt())
}

/// The normal N(μ, σ) = μ + σ·N(0, 1) with θ = (μ, ln σ); `None` where σ under- or overflows.
fn normal(theta: &[f64]) -> Option<Normal> {
    Normal::new(theta[0], theta[1].exp()).ok()
}

/// The REPL's `fit N <f> xs`: fits N(μ, σ) to `xs` by minimising D_f(P_x‖N(μ, σ)); the callback
/// sees every Nelder–Mead iteration (θ as (μ, ln σ)).
///
/// # Examples
///
/// Forward KL is maximum likelihood: the sample mean and the 1/n standard deviation.
///
/// ```
/// use fdiv::generator::Generator;
/// use fdiv::fit::{fit_normal, FitOptions};
/// let xs: Vec<f64> = (0..1000).map(|i| ((i * 7919) % 1000) as f64 / 100.0).collect();
/// let kl = Generator::parse("u*log(u)").unwrap();
/// let fit = fit_normal(&kl, &xs, &FitOptions::default(), |_| {}).unwrap();
/// let mean = xs.iter().sum::<f64>() / 1000.0;
/// let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 1000.0).sqrt();
/// assert!((fit.theta.mean - mean).abs() < 1e-5 && (fit.theta.sd - sd).abs() < 1e-5);
/// ```
///
/// # Errors
///
/// Empty, non-finite or too few samples (2; KL: repeated values, for the entropy), samples
/// without spread, a generator that does not compile in `u`, a NaN objective.
pub fn fit_normal(
    f: &Generator,
    xs: &[f64],
    options: &FitOptions,
    callback: impl FnMut(&Iteration<'_>),
) -> Result<Fit, FitError> {
    check_samples("xs", xs, 2)?;
    let (mean, sd) = mean_sd(xs);
    if sd.is_nan() || sd <= 0.0 {
        return Err(FitError::NoSpread { what: "xs" });
    }
    let m = minimise_divergence(f, xs, &[mean, sd.ln()], vec![0.5 * sd, 0.3], normal, options, callback)?;
    Ok(Fit {
        theta: NormalTheta { mean: m.theta[0], sd: m.theta[1].exp() },
        divergence: m.divergence,
        objective: m.objective,
        iterations: m.iterations,
        evaluations: m.evaluations,
        stop: m.stop,
    })
}

/// The result of [`minimise_divergence`]: θ in the optimiser's (unconstrained) coordinates.
pub(crate) struct Minimised {
    pub(crate) theta: Vec<f64>,
    pub(crate) divergence: f64,
    pub(crate) objective: Objective,
    pub(crate) iterations: usize,
    pub(crate) evaluations: usize,
    pub(crate) stop: OptimizerStop,
}

/// Minimises D_f(P_xs‖Q_θ) over θ by Nelder–Mead from `x0` with initial `steps`, Q_θ = `build(θ)`
/// (`None`: +∞). Forward KL is the mean negative log-likelihood, reported minus the
/// Kozachenko–Leonenko entropy of `xs`; any other f is the kernel plug-in, the estimate of P_xs
/// built once. The samples are checked by the caller.
pub(crate) fn minimise_divergence<Q: Density>(
    f: &Generator,
    xs: &[f64],
    x0: &[f64],
    steps: Vec<f64>,
    build: impl Fn(&[f64]) -> Option<Q>,
    options: &FitOptions,
    callback: impl FnMut(&Iteration<'_>),
) -> Result<Minimised, FitError> {
    let nm = NelderMead { steps, f_tol: options.f_tol, x_tol: options.x_tol, max_iters: options.max_iters };
    if is_kl(f) {
        let nll = |theta: &[f64]| -> Result<f64, FitError> {
            let Some(q) = build(theta) else { return Ok(f64::INFINITY) };
            Ok(-xs.iter().map(|&x| q.ln_density(x)).sum::<f64>() / xs.len() as f64)
        };
        let m = nelder_mead(nll, x0, &nm, callback)?;
        let entropy = knn::entropy_1d(xs, 1)?;
        return Ok(Minimised {
            theta: m.x,
            divergence: m.value - entropy,
            objective: Objective::MaximumLikelihood,
            iterations: m.iterations,
            evaluations: m.evaluations,
            stop: m.stop,
        });
    }
    let fc = kde::prepare(f)?;
    let p = Kde::new(xs)?;
    let objective = |theta: &[f64]| -> Result<f64, FitError> {
        let Some(q) = build(theta) else { return Ok(f64::INFINITY) };
        match kde::divergence_compiled(&fc, &p, &q) {
            // a θ whose divergence the estimate cannot resolve is not a candidate
            Err(FitError::Unresolved { .. } | FitError::BeyondBound { .. }) => Ok(f64::INFINITY),
            other => other,
        }
    };
    let m = nelder_mead(objective, x0, &nm, callback)?;
    Ok(Minimised {
        theta: m.x,
        divergence: m.value,
        objective: Objective::KdePlugIn { bandwidth: p.bandwidth() },
        iterations: m.iterations,
        evaluations: m.evaluations,
        stop: m.stop,
    })
}

/// A fitted sample-based push-forward model.
#[derive(Debug, Clone, PartialEq)]
pub struct PushForwardFit {
    /// θ*.
    pub theta: Vec<f64>,
    /// The k-NN estimate of KL(P_x‖P_θ*) at the fixed latent draws.
    pub divergence: f64,
    /// Nelder–Mead iterations.
    pub iterations: usize,
    /// Objective evaluations.
    pub evaluations: usize,
    /// Why the optimiser stopped.
    pub stop: OptimizerStop,
}

/// Fits a 1-D push-forward model g_θ by minimising the k-NN estimate of KL(P_x‖P_θ)
/// against `m` model samples g_θ(zⱼ), the zⱼ ~ N(0, 1) drawn once from `seed`. A model whose
/// samples repeat (collapsed) has infinite KL from continuous data and gets +∞. Nelder–Mead is
/// restarted from its best point while a restart improves the value (the budget counts all
/// iterations). Use k ≥ 5: with k = 1 the optimiser exploits the estimator's noise (a model
/// with a spike where the data are dense scores well at fixed z's but not on fresh samples).
///
/// # Examples
///
/// ```
/// use fdiv::dist::Normal;
/// use fdiv::fit::{FitOptions, Sample, fitting::fit_pushforward, model::Affine1Family};
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(7);
/// let xs = Normal::new(5.0, 2.0).unwrap().sample_n(1000, &mut rng);
/// // θ = (μ, ln σ)
/// let fit = fit_pushforward(&Affine1Family, &[4.0, 0.0], &xs, 5, 1000, 1, &FitOptions::default(), |_| {}).unwrap();
/// assert!((fit.theta[0] - 5.0).abs() < 0.3 && (fit.theta[1].exp() - 2.0).abs() < 0.3);
/// ```
///
/// # Errors
///
/// Empty, non-finite or too few samples, repeated data values, a θ₀ of the wrong length
/// ([`FitError::DimensionMismatch`]), m < 1.
#[allow(clippy::too_many_arguments)] // model, start, data, sampling and neighbour settings, budget, progress
pub fn fit_pushforward(
    model: &impl PushForward1,
    theta0: &[f64],
    xs: &[f64],
    k: usize,
    m: usize,
    seed: u64,
    options: &FitOptions,
    callback: impl FnMut(&Iteration<'_>),
) -> Result<PushForwardFit, FitError> {
    check_samples("xs", xs, k + 1)?;
    if k == 0 || m < k {
        return Err(FitError::Invalid { what: "k, m", message: format!("need 1 <= k <= m, got k = {k}, m = {m}") });
    }
    if theta0.len() != model.n_params() {
        return Err(FitError::DimensionMismatch { what: "theta0", expected: model.n_params(), found: theta0.len() });
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let zs: Vec<f64> = (0..m).map(|_| StandardNormal.sample(&mut rng)).collect();
    let mut ys = vec![0.0; m];
    let objective = |theta: &[f64]| -> Result<f64, FitError> {
        for (y, &z) in ys.iter_mut().zip(&zs) {
            *y = model.push(theta, z);
        }
        if ys.iter().any(|y| !y.is_finite()) {
            return Ok(f64::INFINITY);
        }
        match knn::kl_1d(xs, &ys, k) {
            Err(FitError::ZeroDistance { what: "ys", .. }) => Ok(f64::INFINITY),
            other => other,
        }
    };
    let (_, sd) = mean_sd(xs);
    // the objective is piecewise smooth in θ (neighbours change), so a simplex can collapse on a
    // ridge: restart from the best point with a fresh simplex while a restart still improves
    let mut theta = theta0.to_vec();
    let (mut value, mut iterations, mut evaluations) = (f64::INFINITY, 0, 0);
    let mut stop = OptimizerStop::Budget;
    let mut objective = objective;
    let mut callback = callback;
    while iterations < options.max_iters {
        let nm = NelderMead {
            steps: theta.iter().map(|t| 0.1 * t.abs().max(sd.min(1.0))).collect(),
            f_tol: options.f_tol,
            x_tol: options.x_tol,
            max_iters: options.max_iters - iterations,
        };
        let done = iterations;
        let r = nelder_mead(&mut objective, &theta, &nm, |it| {
            callback(&Iteration { iteration: done + it.iteration, ..it.clone() })
        })?;
        iterations += r.iterations;
        evaluations += r.evaluations;
        stop = r.stop;
        let improved = value - r.value;
        if r.value <= value {
            theta = r.x;
            value = r.value;
        }
        if stop == OptimizerStop::Budget || improved <= options.f_tol * (1.0 + value.abs()) {
            break;
        }
    }
    let r = super::optimize::Minimum { x: theta, value, iterations, evaluations, stop };
    Ok(PushForwardFit {
        theta: r.x,
        divergence: r.value,
        iterations: r.iterations,
        evaluations: r.evaluations,
        stop: r.stop,
    })
}

/// The neighbour order of [`fit_two_layer`].
pub const TWO_LAYER_K: usize = 10;

/// The REPL's `fit net kl xs [hidden]`: a [`TwoLayer`] network with `hidden` tanh units fitted
/// by [`fit_pushforward`] (k-NN KL with k = [`TWO_LAYER_K`], m = min(n, 2000) model draws at
/// latent points from seed 1), started at [`TwoLayer::initial`] with the sample mean and sd.
///
/// # Examples
///
/// ```
/// use fdiv::fit::{FitOptions, fitting::fit_two_layer};
/// let xs: Vec<f64> = (0..400).map(|i| ((i * 7919) % 400) as f64 / 100.0).collect();
/// let fit = fit_two_layer(&xs, 1, &FitOptions { max_iters: 200, ..FitOptions::default() }).unwrap();
/// assert_eq!(fit.theta.len(), 4);
/// assert!(fit.divergence.is_finite());
/// ```
///
/// # Errors
///
/// Those of [`fit_pushforward`] (too few or repeated samples, …), [`FitError::Invalid`] for 0
/// hidden units, and [`FitError::NoSpread`] for samples without spread.
pub fn fit_two_layer(xs: &[f64], hidden: usize, options: &FitOptions) -> Result<PushForwardFit, FitError> {
    let net = TwoLayer::new(hidden)?;
    check_samples("xs", xs, TWO_LAYER_K + 1)?;
    let (mean, sd) = mean_sd(xs);
    if sd.is_nan() || sd <= 0.0 {
        return Err(FitError::NoSpread { what: "xs" });
    }
    let start = net.initial(mean, sd);
    fit_pushforward(&net, &start, xs, TWO_LAYER_K, xs.len().min(2000), 1, options, |_| {})
}

/// The `ps`-quantiles of the samples `xs` (linear interpolation between order statistics).
///
/// # Examples
///
/// ```
/// use fdiv::fit::fitting::quantiles;
/// assert_eq!(quantiles(&[3.0, 1.0, 2.0], &[0.0, 0.5, 0.75]), vec![1.0, 2.0, 2.5]);
/// ```
///
/// An empty `xs` gives NaNs; each p is clamped to [0, 1].
pub fn quantiles(xs: &[f64], ps: &[f64]) -> Vec<f64> {
    if xs.is_empty() {
        return vec![f64::NAN; ps.len()];
    }
    let mut sorted = xs.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    ps.iter().map(|&p| kde::quantile(&sorted, p.clamp(0.0, 1.0))).collect()
}
