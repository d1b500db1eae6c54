//! Divergences estimated from samples, and push-forward models fitted by minimising them.
//!
//! The generative-modelling loop of the lecture: assume a family P_θ (a push-forward
//! x̂ = g_θ(z), z ~ N(0, I)), choose a divergence, and solve θ* = argmin_θ D_f(P_x‖P_θ) from
//! samples x₁…xₙ of an unknown P_x.
//!
//! - [`knn`]: the k-nearest-neighbour estimator of KL(P‖Q) between two sample sets (Wang,
//!   Kulkarni & Verdú 2009), in 1-D (sorted search) and d-D (a k-d tree, [`kdtree`]), and the
//!   Kozachenko–Leonenko entropy, which gives KL(P‖Q) against a known density Q;
//! - [`kde`]: plug-in estimates of any D_f from a Gaussian kernel density estimate tabulated on a
//!   grid, against a known density or against a second sample set;
//! - `bootstrap`: the error bars ([`SampleEstimate::abs_error`]);
//! - [`model`]: push-forward models — 1-D affine μ + σz, d-D affine Az + b, a two-layer network
//!   — with their induced densities where they exist;
//! - `mixture`: finite mixtures ([`crate::dist::Mixture`], re-exported here) as densities and
//!   samplers (the demonstration's two-mode data);
//! - [`optimize`]: a Nelder–Mead minimiser with a budget, a convergence test and a per-iteration
//!   callback;
//! - [`fitting`]: θ* = argmin D_f(P_x‖P_θ); forward KL is maximum likelihood;
//! - [`family`]: the same for the families of [`crate::dist`] that are push-forwards of a fixed
//!   base (Normal, Laplace, Logistic, Cauchy, T(df), U, Exp, Gamma, LogN), the positive
//!   ones in log space.
//!
//! The variational lower bound with a parametric critic (sup over critics T of E_P T − E_Q f*(T)) waits for
//! the convex-conjugate issue and is not here.
//!
//! Densities enter through the small [`Density`] trait (ln p(x) and an interval holding the
//! bulk of the mass); samples are plain `f64` slices in 1-D and nalgebra vectors in d-D.
//!
//! # Examples
//!
//! ```
//! use fdiv::dist::Normal;
//! use fdiv::fit::{knn, Sample};
//! use rand::SeedableRng;
//!
//! let mut rng = rand::rngs::StdRng::seed_from_u64(1);
//! let p = Normal::new(0.0, 1.0).unwrap();
//! let q = Normal::new(1.0, 2.0).unwrap(); // N(mean, sd)
//! let xs = p.sample_n(2000, &mut rng);
//! let ys = q.sample_n(2000, &mut rng);
//! let kl = knn::kl_1d(&xs, &ys, 1).unwrap();
//! // KL(N(0,1)‖N(1,2)) = ln 2 + 2/8 − 1/2 = 0.4431…
//! assert!((kl - 0.4431).abs() < 0.1);
//! ```

pub(crate) mod bootstrap;
pub mod demo;
pub mod family;
pub mod fitting;
pub mod kde;
pub mod kdtree;
pub mod knn;
pub(crate) mod mixture;
pub mod model;
pub mod optimize;
pub mod variational;

use crate::dist::{self, Continuous};
use crate::generator::Generator;
use crate::numeric::NumericError;

pub use crate::dist::{ContinuousMixture, Mixture};
pub use bootstrap::Bootstrap;
pub use family::{FamilyFit, FitFamily, fit_family};
pub use fitting::{Fit, FitOptions, NormalTheta, fit_normal};

/// Errors of sample-based estimation and fitting.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FitError {
    /// A sample set with no points.
    #[error("the sample set '{what}' is empty")]
    Empty {
        /// Which sample set.
        what: &'static str,
    },
    /// A NaN or infinite sample.
    #[error("sample {index} of '{what}' is {value}: samples must be finite")]
    NotFinite {
        /// Which sample set.
        what: &'static str,
        /// 0-based position.
        index: usize,
        /// The value found.
        value: f64,
    },
    /// Too few samples for the method (k-NN needs more than k points).
    #[error("'{what}' has {n} sample(s); at least {needed} are needed")]
    TooFewSamples {
        /// Which sample set.
        what: &'static str,
        /// How many there are.
        n: usize,
        /// How many are needed.
        needed: usize,
    },
    /// Vectors of different dimensions.
    #[error("dimension mismatch in '{what}': expected {expected}, found {found}")]
    DimensionMismatch {
        /// Where.
        what: &'static str,
        /// The dimension expected.
        expected: usize,
        /// The dimension found.
        found: usize,
    },
    /// A k-th nearest-neighbour distance of 0: more than k samples at one point.
    #[error(
        "the {k}-th nearest-neighbour distance of sample {index} of '{what}' is 0 (repeated samples): use a larger k or remove duplicates"
    )]
    ZeroDistance {
        /// Which sample set holds the query point.
        what: &'static str,
        /// The query point's 0-based position.
        index: usize,
        /// The neighbour order.
        k: usize,
    },
    /// The samples have no spread (all equal, or a zero interquartile range and sd).
    #[error("the samples of '{what}' have no spread: a kernel bandwidth cannot be chosen")]
    NoSpread {
        /// Which sample set.
        what: &'static str,
    },
    /// The kernel plug-in cannot resolve D_f(P‖Q): `mass` of Q lies where p/q < e^−700 and f
    /// keeps growing toward 0 (f(0+) = ∞), so the divergence is infinite or depends on tails the
    /// estimate does not have.
    #[error(
        "the plug-in estimate is not resolved: a mass of {mass:.2e} of Q lies where p/q < e^-700 and f keeps growing toward 0 (f(0+) = inf); the divergence is infinite or depends on tails the kernel estimate does not have"
    )]
    Unresolved {
        /// The mass concerned.
        mass: f64,
    },
    /// A plug-in value beyond the divergence's bound f(0+) + f'(∞) (TV ≤ 1, JS ≤ log 2, …):
    /// the integration nodes did not resolve the integral, typically against a Q far narrower
    /// than the kernel.
    #[error(
        "the plug-in estimate {value} exceeds the bound f(0+) + f'(inf) = {bound} of this divergence: the integral is not resolved (is Q far narrower than the data's spread?)"
    )]
    BeyondBound {
        /// The unresolved value.
        value: f64,
        /// f(0+) + f'(∞).
        bound: f64,
    },
    /// A parameter or option outside its range.
    #[error("invalid {what}: {message}")]
    Invalid {
        /// The parameter or option.
        what: &'static str,
        /// Why.
        message: String,
    },
    /// A family that cannot be fitted (unknown, or without a fitting routine).
    #[error("cannot fit the family '{name}': the families that can be fitted are {supported}")]
    UnsupportedFamily {
        /// The name given.
        name: String,
        /// The families that can.
        supported: &'static str,
    },
    /// A sample outside the support of the family being fitted.
    #[error("sample {index} of '{what}' is {value}, outside the support {support} of {family}")]
    OutsideSupport {
        /// Which sample set.
        what: &'static str,
        /// The family.
        family: &'static str,
        /// 0-based position.
        index: usize,
        /// The value found.
        value: f64,
        /// The support, as text.
        support: &'static str,
    },
    /// A computed value is NaN where a number was required.
    #[error("{what} is NaN")]
    NaN {
        /// What was computed.
        what: String,
    },
    /// The generator could not be compiled (it has free parameters, …).
    #[error(transparent)]
    Numeric(#[from] NumericError),
    /// The generator could not be prepared for the divergence's integrand (free parameters, an
    /// undecidable behaviour at 0 or ∞).
    #[error(transparent)]
    Divergence(#[from] crate::divergence::DivergenceError),
}

/// An estimate from samples with its error bar.
///
/// # Examples
///
/// ```
/// use fdiv::fit::SampleEstimate;
/// let e = SampleEstimate { value: 0.44, abs_error: 0.02, method: fdiv::fit::Method::KnnKl { k: 1 } };
/// assert!(e.value > 2.0 * e.abs_error);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SampleEstimate {
    /// The estimate.
    pub value: f64,
    /// One bootstrap standard error (not a bound).
    pub abs_error: f64,
    /// How it was computed.
    pub method: Method,
}

/// Which estimator produced an [`SampleEstimate`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Method {
    /// k-nearest-neighbour KL between two sample sets.
    KnnKl {
        /// The neighbour order.
        k: usize,
    },
    /// KL against a known density: the Kozachenko–Leonenko entropy and the sample mean of ln q.
    KnnEntropy {
        /// The neighbour order.
        k: usize,
    },
    /// Plug-in D_f from kernel density estimates.
    KdePlugIn {
        /// The bandwidth of the sample set P.
        bandwidth: f64,
    },
    /// The variational lower bound with a fitted parametric critic ([`variational`]).
    Variational,
}

impl Method {
    /// Its stable kebab-case name: `knn-kl`, `knn-entropy`, `kde-plug-in` or `variational`.
    pub fn name(self) -> &'static str {
        match self {
            Method::KnnKl { .. } => "knn-kl",
            Method::KnnEntropy { .. } => "knn-entropy",
            Method::KdePlugIn { .. } => "kde-plug-in",
            Method::Variational => "variational",
        }
    }
}

/// A 1-D density that can be evaluated: the interface estimators and fits need.
///
/// `ln_density` is −∞ where the density is 0 and never NaN for finite `x`. `bulk` is an interval
/// outside which the mass is negligible (below about 1e-13 each side), and `nodes` are points
/// across it where integrals against this density evaluate it. Every [`Continuous`] family of
/// [`crate::dist`] is a `Density` (its bulk found from the cdf); so are [`Mixture`]s and kernel
/// estimates ([`kde::Kde`]).
pub trait Density {
    /// ln p(x).
    fn ln_density(&self, x: f64) -> f64;

    /// p(x).
    fn density(&self, x: f64) -> f64 {
        self.ln_density(x).exp()
    }

    /// An interval holding all but a negligible part of the mass.
    fn bulk(&self) -> (f64, f64);

    /// Integration nodes across [`Density::bulk`], ascending: 512 evenly spaced by default.
    fn nodes(&self) -> Vec<f64> {
        let (a, b) = self.bulk();
        if !(a.is_finite() && b.is_finite()) || a >= b {
            return Vec::new();
        }
        (0..512).map(|i| a + (b - a) * i as f64 / 511.0).collect()
    }
}

/// Tail mass neglected on each side of [`Density::bulk`] for a continuous family.
const TAIL: f64 = 1e-13;

impl<T: Continuous + ?Sized> Density for T {
    fn ln_density(&self, x: f64) -> f64 {
        Continuous::ln_pdf(self, x)
    }

    /// From the centre (first mode, else mean) outwards by doubling multiples of the scale until
    /// the cdf says less than 1e-13 lies beyond, within the support.
    fn bulk(&self) -> (f64, f64) {
        bulk_by_cdf(self.support(), continuous_centre(self), self.scale(), |x| self.cdf(x))
    }

    /// 400 even nodes over the centre ± 20 scales (clipped to the bulk), then nodes spaced by a
    /// factor 1.25 out to the ends of the bulk, for heavy tails.
    fn nodes(&self) -> Vec<f64> {
        let bulk = Density::bulk(self);
        nodes_around(bulk, continuous_centre(self), self.scale())
    }
}

/// An interval holding all but [`TAIL`] of the mass on each side: from the centre `c` outwards
/// by doubling multiples of the scale `s` until the cdf says less than 1e-13 lies beyond, within
/// `support`.
pub(crate) fn bulk_by_cdf(support: (f64, f64), c: f64, s: f64, cdf: impl Fn(f64) -> f64) -> (f64, f64) {
    let (lo, hi) = support;
    let mut a = c;
    let mut b = c;
    for k in 0..200 {
        let step = s * 2f64.powi(k);
        if a > lo && cdf(a) > TAIL {
            a = (c - step).max(lo);
        }
        if b < hi && cdf(b) < 1.0 - TAIL {
            b = (c + step).min(hi);
        }
    }
    (a, b)
}

/// 400 even nodes over `c` ± 20 `s` (clipped to the bulk `(a, b)`), then nodes spaced by a factor
/// 1.25 out to the ends of the bulk, for heavy tails.
pub(crate) fn nodes_around((a, b): (f64, f64), c: f64, s: f64) -> Vec<f64> {
    let c = c.clamp(a, b);
    let (ia, ib) = ((c - 20.0 * s).max(a), (c + 20.0 * s).min(b));
    let mut nodes: Vec<f64> = (0..400).map(|i| ia + (ib - ia) * i as f64 / 399.0).collect();
    let mut r = 20.0 * s * 1.25;
    while c - r > a || c + r < b {
        if c - r > a {
            nodes.push(c - r);
        }
        if c + r < b {
            nodes.push(c + r);
        }
        r *= 1.25;
    }
    nodes.extend([a, b]);
    nodes.sort_unstable_by(f64::total_cmp);
    nodes.dedup();
    nodes
}

/// A distribution of any kind: its continuous family's density. A probability vector has no
/// density on ℝ: `ln_density` is NaN and there are no nodes, so estimators given one fail with
/// a typed error ([`FitError::NaN`], [`FitError::Invalid`]) rather than answer.
impl Density for dist::Distribution {
    fn ln_density(&self, x: f64) -> f64 {
        self.as_continuous().map_or(f64::NAN, |c| c.ln_pdf(x))
    }

    fn bulk(&self) -> (f64, f64) {
        self.as_continuous().map_or((f64::NAN, f64::NAN), Density::bulk)
    }

    fn nodes(&self) -> Vec<f64> {
        self.as_continuous().map_or_else(Vec::new, Density::nodes)
    }
}

fn continuous_centre<T: Continuous + ?Sized>(d: &T) -> f64 {
    let (lo, hi) = d.support();
    let c = d.modes().first().copied().or_else(|| d.mean()).unwrap_or(0.0);
    c.clamp(lo, hi)
}

/// A 1-D distribution that can be sampled.
pub trait Sample {
    /// One draw.
    fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64;

    /// `n` draws.
    fn sample_n<R: rand::Rng + ?Sized>(&self, n: usize, rng: &mut R) -> Vec<f64> {
        (0..n).map(|_| self.sample(rng)).collect()
    }
}

macro_rules! sample_by_inherent {
    ($($t:ty),*) => {$(
        impl Sample for $t {
            fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
                <$t>::sample(self, rng)
            }
        }
    )*};
}
sample_by_inherent!(
    dist::Normal,
    dist::Laplace,
    dist::Logistic,
    dist::Cauchy,
    dist::StudentT,
    dist::Exponential,
    dist::Gamma,
    dist::LogNormal,
    dist::Beta,
    dist::Uniform,
    dist::Distribution
);

/// Checks a 1-D sample set: non-empty, at least `needed` points, all finite.
pub(crate) fn check_samples(what: &'static str, xs: &[f64], needed: usize) -> Result<(), FitError> {
    if xs.is_empty() {
        return Err(FitError::Empty { what });
    }
    if let Some((index, &value)) = xs.iter().enumerate().find(|(_, x)| !x.is_finite()) {
        return Err(FitError::NotFinite { what, index, value });
    }
    if xs.len() < needed {
        return Err(FitError::TooFewSamples { what, n: xs.len(), needed });
    }
    Ok(())
}

/// What an estimate is taken against: a known density or a second sample set.
#[derive(Clone, Copy)]
pub enum Against<'a> {
    /// A density that can be evaluated.
    Density(&'a dyn Density),
    /// Samples of Q.
    Samples(&'a [f64]),
}

// Entry points for the REPL (issue 8, item 5):
//
// - `sample <dist> <n> as xs`: `Sample::sample_n(&d, n, &mut StdRng::seed_from_u64(seed))` for a
//   `dist::Distribution` or a `Mixture<dist::Distribution>` (built with `Mixture::continuous`);
// - `estimate <f> xs <dist|ys>`: `estimate(&f, &xs, Against::Density(&d) | Against::Samples(&ys),
//   &Bootstrap::default())` → `SampleEstimate { value, abs_error, method }`;
// - `fit N <f> xs`: `fit_normal(&f, &xs, &FitOptions::default(), |_| {})` →
//   `Fit { theta: NormalTheta { mean, sd }, divergence, .. }`.
// - `fit <family> <f> xs`: `fit_family(Family::from_name(name)?, &f, &xs, ..)` → `FamilyFit`;
//   `fit net kl xs [hidden]`: `fitting::fit_two_layer(&xs, hidden, ..)` → `PushForwardFit`.

/// Whether `f` gives the KL divergence: f − u·ln u = c·(u − 1), proved by the exact normal form
/// ([`equivalence::same`](crate::transforms::equivalence::same)). The estimators route KL to
/// k-NN and maximum likelihood; an undecided or different f takes the general path.
pub fn is_kl(f: &Generator) -> bool {
    let u = crate::expr::Expr::symbol(crate::generator::VARIABLE);
    let kl = Generator::new(&u * &u.apply(crate::expr::Math::Log));
    matches!(
        crate::transforms::equivalence::same(f, &kl, &crate::simplify::Assumptions::default()),
        crate::transforms::equivalence::Equivalence::Same { .. }
    )
}

/// The REPL's `estimate <f> xs <dist|ys>`: KL by k-NN (k = 1; against a density through the
/// Kozachenko–Leonenko entropy), any other generator by the KDE plug-in; with a bootstrap
/// error bar.
///
/// # Examples
///
/// ```
/// use fdiv::generator::Generator;
/// use fdiv::dist::Normal;
/// use fdiv::fit::{estimate, Against, Bootstrap, Sample};
/// use rand::SeedableRng;
///
/// let mut rng = rand::rngs::StdRng::seed_from_u64(3);
/// let xs = Normal::new(0.0, 1.0).unwrap().sample_n(2000, &mut rng);
/// let q = Normal::new(1.0, 2.0).unwrap();
/// let kl = Generator::parse("u*log(u)").unwrap();
/// let e = estimate(&kl, &xs, Against::Density(&q), &Bootstrap::default()).unwrap();
/// assert!((e.value - 0.4431).abs() < 4.0 * e.abs_error + 0.01);
/// ```
///
/// # Errors
///
/// [`FitError`] for empty, non-finite or too few samples, repeated samples (k-NN), samples
/// without spread (KDE), or a generator that does not compile in `u` alone.
pub fn estimate(f: &Generator, xs: &[f64], q: Against<'_>, bootstrap: &Bootstrap) -> Result<SampleEstimate, FitError> {
    if is_kl(f) {
        match q {
            Against::Samples(ys) => knn::kl_1d_estimate(xs, ys, 1, bootstrap),
            Against::Density(d) => knn::kl_density_estimate(xs, d, 1, bootstrap),
        }
    } else {
        match q {
            Against::Samples(ys) => kde::divergence_samples_estimate(f, xs, ys, bootstrap),
            Against::Density(d) => kde::divergence_estimate(f, xs, d, bootstrap),
        }
    }
}
