//! D_f(P‖Q) as a number: quadrature for densities, a finite sum for probability vectors.
//!
//! For a convex f with f(1) = 0, q·f(p/q) ≥ f'(1)·(p − q), so D_f(P‖Q) always exists in
//! [0, +∞]. This module returns +∞ (never an error, never a large finite number) when it is
//! infinite, with the reason ([`Infinite`]), and follows the standard conventions:
//!
//! - where p = 0 < q the integrand is q·f(0+);
//! - where q = 0 < p the contribution is p·f'(∞), with f'(∞) = lim f(u)/u, so
//!   D_f = ∫_{q>0} q·f(p/q) + f'(∞)·P(q = 0), and 0·∞ = 0 when P(q = 0) = 0 — which gives +∞
//!   for KL(U(0,2)‖U(0,1)) and ½ for its total variation;
//! - a divergent integral (Pearson χ² of N(0,1) against N(0, ½)) is +∞: detected from the
//!   support analytically, and from the integrand near the ends of the range by a probe (this
//!   evidence is numerical, and the [`Infinite`] value says so).
//!
//! # Stability
//!
//! The integrand is evaluated through ln p and ln q (each family computes its log-density
//! directly): the ratio is e^{ln p − ln q}, and q·f(r) is formed in log space where q is tiny, so
//! tails where the densities underflow still contribute correctly and no NaN comes from 0·log 0
//! or 0/0. Where the ratio overflows or underflows f64 (|ln p − ln q| > 700, e.g. KL between
//! N(0,1) and N(0, 10⁻³) over all of P's mass), f is continued by its asymptotics: a finite
//! limit f'(∞) or f(0+) is used directly; an infinite one by a fit
//! ln(f(e^L)/e^L) ≈ a + b·L + c·ln L (or ln f(e^{−L}) on the other side) through three points
//! L ≤ 700 where f is representable, exact for every generator of the form u^β·(log u)^γ at
//! infinity (KL, Jeffreys, the α family, χ²).
//!
//! # GeneratorLimits of f
//!
//! f(0+) and f'(∞) are estimated numerically from the compiled f ([`GeneratorLimits::numerical`]: the
//! values at u = e^{∓420…∓700} agree, or grow) until the symbolic verification supplies them;
//! a caller that knows them passes [`GeneratorLimits::given`] in [`Options::limits`].
//!
//! # Examples
//!
//! ```
//! use fdiv::generator::Generator;
//! use fdiv::divergence::divergence;
//! use fdiv::dist::parse_distribution;
//! let kl = Generator::parse("u*log(u)").unwrap();
//! let p = parse_distribution("N(0, 1)").unwrap();
//! let q = parse_distribution("N(1, 2)").unwrap();
//! let d = divergence(&kl, &p, &q).unwrap();
//! // closed form: ln 2 + (1 + 1)/8 − 1/2
//! assert!((d.value - (2f64.ln() + 0.25 - 0.5)).abs() < 1e-12);
//! let tv = Generator::parse("1/2*abs(u - 1)").unwrap();
//! let u2 = parse_distribution("U(0, 2)").unwrap();
//! let u1 = parse_distribution("U(0, 1)").unwrap();
//! assert_eq!(divergence(&kl, &u2, &u1).unwrap().value, f64::INFINITY);
//! assert!((divergence(&tv, &u2, &u1).unwrap().value - 0.5).abs() < 1e-12);
//! ```

use nalgebra::{Matrix3, Vector3};
use rayon::prelude::*;

use crate::dist::{Continuous, Discrete, Distribution};
use crate::expr::Math;
use crate::generator::{Generator, VARIABLE};
use crate::numeric::quad::{Estimate, Layout, QuadError, QuadOptions, integrate_layout};
use crate::numeric::{Compiled, NumericError};

/// The largest |ln p − ln q| at which f is evaluated directly (e^700 ≈ 1e304); generators that
/// overflow sooner hand over to their asymptotics sooner.
const LOG_RATIO_LIMIT: f64 = 700.0;

/// Errors computing a divergence. An infinite divergence is not an error.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DivergenceError {
    /// The generator does not compile in `u` alone (a parameter such as `a` was not substituted).
    #[error("the generator cannot be evaluated: {0}")]
    Compile(#[from] NumericError),
    /// f(0+) or f'(∞) could not be determined numerically.
    #[error("cannot determine {which} of the generator: {detail}")]
    Limit {
        /// `f(0+)` or `f'(inf)`.
        which: &'static str,
        /// What was seen.
        detail: String,
    },
    /// One distribution is continuous and the other a probability vector.
    #[error("cannot compare {p} with {q}: one is continuous and the other discrete")]
    Mismatch {
        /// P as text.
        p: String,
        /// Q as text.
        q: String,
    },
    /// A distribution on the counts (Poisson, Geom): their infinite sums are not computed yet.
    #[error(
        "D_f between {p} and {q} is not computed: the numeric path sums over finite probability vectors only (Poisson and Geom have infinite supports); derive gives closed forms"
    )]
    Counts {
        /// P as text.
        p: String,
        /// Q as text.
        q: String,
    },
    /// Probability vectors of different lengths.
    #[error("probability vectors of different lengths: {p} and {q}")]
    Lengths {
        /// Length of P.
        p: usize,
        /// Length of Q.
        q: usize,
    },
    /// The quadrature failed (a non-finite integrand value, no convergence).
    #[error("quadrature failed: {0}")]
    Quadrature(#[from] QuadError),
    /// A term of a finite sum is not finite (f is not defined at a ratio p_i/q_i).
    #[error("f is not finite at u = {u} (entry {index})")]
    Term {
        /// Entry index.
        index: usize,
        /// The ratio there.
        u: f64,
    },
}

/// Where a value of f at an end of (0, ∞) came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitSource {
    /// Estimated from the compiled f at u = e^{±420…700}: evidence, not proof.
    Numerical,
    /// Supplied by the caller.
    Given,
    /// Decided symbolically by the limit engine of [`crate::calculus`].
    Symbolic,
}

/// f(0+) and f'(∞) = lim_{u→∞} f(u)/u, each finite or +∞.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeneratorLimits {
    /// f(0+) (may be +∞).
    pub f_at_zero: f64,
    /// f'(∞) (may be +∞).
    pub slope_at_infinity: f64,
    /// How they were obtained.
    pub source: LimitSource,
}

impl GeneratorLimits {
    /// GeneratorLimits known to the caller.
    pub fn given(f_at_zero: f64, slope_at_infinity: f64) -> GeneratorLimits {
        GeneratorLimits { f_at_zero, slope_at_infinity, source: LimitSource::Given }
    }

    /// f(0+) and f'(∞) decided symbolically by [`crate::calculus`], when both are (and neither
    /// is −∞, which no convex generator has).
    ///
    /// # Examples
    ///
    /// ```
    /// use fdiv::generator::Generator;
    /// use fdiv::divergence::{LimitSource, GeneratorLimits};
    /// let l = GeneratorLimits::symbolic(&Generator::parse("u*log(u)").unwrap()).unwrap();
    /// assert_eq!((l.f_at_zero, l.slope_at_infinity, l.source), (0.0, f64::INFINITY, LimitSource::Symbolic));
    /// ```
    pub fn symbolic(g: &Generator) -> Option<GeneratorLimits> {
        let f0 = crate::calculus::limit_at_zero(g.f(), VARIABLE);
        let slope = crate::calculus::slope_at_infinity(g.f(), VARIABLE);
        let (f0, slope) = (f0.is_symbolic().then(|| f0.to_f64())?, slope.is_symbolic().then(|| slope.to_f64())?);
        (f0 > f64::NEG_INFINITY && slope > f64::NEG_INFINITY).then_some(GeneratorLimits {
            f_at_zero: f0,
            slope_at_infinity: slope,
            source: LimitSource::Symbolic,
        })
    }

    /// GeneratorLimits estimated from f numerically.
    ///
    /// # Errors
    ///
    /// [`DivergenceError::Compile`] if f is not a function of `u` alone,
    /// [`DivergenceError::Limit`] when the values near 0 or ∞ neither settle nor grow.
    ///
    /// # Examples
    ///
    /// ```
    /// use fdiv::generator::Generator;
    /// use fdiv::divergence::GeneratorLimits;
    /// let js = Generator::parse("1/2*(u*log(u) - (u+1)*log((u+1)/2))").unwrap();
    /// let l = GeneratorLimits::numerical(&js).unwrap();
    /// assert!((l.f_at_zero - 2f64.ln() / 2.0).abs() < 1e-12);
    /// assert!((l.slope_at_infinity - 2f64.ln() / 2.0).abs() < 1e-12);
    /// let rkl = GeneratorLimits::numerical(&Generator::parse("-log(u)").unwrap()).unwrap();
    /// assert_eq!(rkl.f_at_zero, f64::INFINITY);
    /// ```
    pub fn numerical(g: &Generator) -> Result<GeneratorLimits, DivergenceError> {
        let f = Compiled::new(g.f(), &[VARIABLE])?;
        let asym = Asymptotics::of(&f)?;
        Ok(asym.limits())
    }
}

/// Why a divergence is +∞.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Infinite {
    /// P puts `mass` where q = 0 and f'(∞) = ∞ (analytic: from the supports).
    PMassWhereQIsZero {
        /// P(q = 0), as computed from the cdf (positive, but may underflow to 0 in f64).
        mass: f64,
    },
    /// Q puts `mass` where p = 0 and f(0+) = ∞ (analytic: from the supports).
    QMassWherePIsZero {
        /// Q(p = 0), as computed from the cdf (positive, but may underflow to 0 in f64).
        mass: f64,
    },
    /// The integral diverges: near `x` the integrand does not decay (numerical evidence from
    /// a probe of x·|integrand| at geometrically spaced points, or an infinite value there).
    Divergent {
        /// Where the probe saw it.
        x: f64,
    },
    /// The integrand q·f(p/q) exceeds the f64 range at `x` (numerical evidence: the divergence
    /// is either infinite or beyond f64).
    Overflow {
        /// Where.
        x: f64,
    },
}

impl Infinite {
    /// Whether the evidence is only numerical.
    pub fn is_numerical(&self) -> bool {
        matches!(self, Infinite::Divergent { .. } | Infinite::Overflow { .. })
    }
}

impl std::fmt::Display for Infinite {
    /// Why the divergence is +∞, for a person: `P puts mass 0.5 where q = 0 and f'(∞) = ∞`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Infinite::PMassWhereQIsZero { mass } => write!(f, "P puts mass {mass} where q = 0 and f'(inf) = inf"),
            Infinite::QMassWherePIsZero { mass } => write!(f, "Q puts mass {mass} where p = 0 and f(0+) = inf"),
            Infinite::Divergent { x } => write!(f, "the integral diverges near x = {x}: numerical evidence"),
            Infinite::Overflow { x } => {
                write!(f, "the integrand overflows f64 near x = {x}: numerical evidence of divergence")
            }
        }
    }
}

/// A divergence with how it was obtained.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DivergenceReport {
    /// The value (+∞ when infinite), its error estimate and the evaluations spent.
    pub estimate: Estimate,
    /// Why the value is +∞, if it is.
    pub infinite: Option<Infinite>,
    /// The limits of f used for the conventions.
    pub limits: GeneratorLimits,
}

/// Options of the numeric divergence.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// Quadrature tolerances and limits.
    pub quad: QuadOptions,
    /// f(0+) and f'(∞) if known; estimated numerically otherwise.
    pub limits: Option<GeneratorLimits>,
}

impl Default for Options {
    /// rel 1e-11 and abs 1e-15 (see [`QuadOptions::default`]); limits estimated.
    fn default() -> Options {
        Options { quad: QuadOptions::default(), limits: None }
    }
}

/// D_f(P‖Q) with default options.
///
/// # Errors
///
/// See [`Prepared::report`].
pub fn divergence(g: &Generator, p: &Distribution, q: &Distribution) -> Result<Estimate, DivergenceError> {
    Ok(Prepared::new(g, Options::default())?.report(p, q)?.estimate)
}

impl Generator {
    /// D_f(P‖Q) with default options (see [`divergence()`]).
    ///
    /// # Errors
    ///
    /// See [`Prepared::report`].
    ///
    /// # Examples
    ///
    /// ```
    /// use fdiv::Generator;
    /// use fdiv::dist::parse_distribution;
    /// let kl = Generator::parse("u*log(u)").unwrap();
    /// let (p, q) = (parse_distribution("N(0, 1)").unwrap(), parse_distribution("N(1, 1)").unwrap());
    /// assert!((kl.divergence(&p, &q).unwrap().value - 0.5).abs() < 1e-12);
    /// ```
    pub fn divergence(&self, p: &Distribution, q: &Distribution) -> Result<Estimate, DivergenceError> {
        divergence(self, p, q)
    }
}

/// D_f(P‖Q) with its [`DivergenceReport`].
///
/// # Errors
///
/// See [`Prepared::report`].
///
/// # Examples
///
/// ```
/// use fdiv::generator::Generator;
/// use fdiv::divergence::{divergence_report, Infinite, LimitSource, GeneratorLimits, Options};
/// use fdiv::dist::parse_distribution;
/// let tv = Generator::parse("1/2*abs(u - 1)").unwrap();
/// let (p, q) = (parse_distribution("U(0, 2)").unwrap(), parse_distribution("U(0, 1)").unwrap());
/// // limits proved elsewhere (f(0+) = 1/2, f'(inf) = 1/2) are passed in instead of estimated
/// let options = Options { limits: Some(GeneratorLimits::given(0.5, 0.5)), ..Options::default() };
/// let r = divergence_report(&tv, &p, &q, options).unwrap();
/// assert!((r.estimate.value - 0.5).abs() < 1e-12);
/// assert_eq!(r.limits.source, LimitSource::Given);
/// let kl = Generator::parse("u*log(u)").unwrap();
/// let r = divergence_report(&kl, &p, &q, Options::default()).unwrap();
/// assert!(matches!(r.infinite, Some(Infinite::PMassWhereQIsZero { .. })));
/// ```
pub fn divergence_report(
    g: &Generator,
    p: &Distribution,
    q: &Distribution,
    options: Options,
) -> Result<DivergenceReport, DivergenceError> {
    Prepared::new(g, options)?.report(p, q)
}

/// D_f for many pairs in parallel (rayon; the global pool, or the pool the call runs in).
///
/// # Errors
///
/// A compilation or limit error of the generator for the whole batch; per-pair errors in the
/// vector.
///
/// # Examples
///
/// ```
/// use fdiv::generator::Generator;
/// use fdiv::divergence::{divergence_batch, Options};
/// use fdiv::dist::{Distribution, Normal};
/// let kl = Generator::parse("u*log(u)").unwrap();
/// let pairs: Vec<(Distribution, Distribution)> = (1..=4)
///     .map(|k| (Normal::new(0.0, 1.0).unwrap().into(), Normal::new(k as f64, 1.0).unwrap().into()))
///     .collect();
/// let out = divergence_batch(&kl, &pairs, Options::default()).unwrap();
/// // KL(N(0,1)‖N(k,1)) = k²/2
/// assert!((out[3].as_ref().unwrap().estimate.value - 8.0).abs() < 1e-10);
/// ```
pub fn divergence_batch(
    g: &Generator,
    pairs: &[(Distribution, Distribution)],
    options: Options,
) -> Result<Vec<Result<DivergenceReport, DivergenceError>>, DivergenceError> {
    let prepared = Prepared::new(g, options)?;
    Ok(pairs.par_iter().map(|(p, q)| prepared.report(p, q)).collect())
}

/// A generator compiled once, with its limits and asymptotics, for many divergences.
#[derive(Debug, Clone)]
pub struct Prepared {
    f: Compiled,
    asym: Asymptotics,
    limits: GeneratorLimits,
    kinked: bool,
    options: Options,
}

impl Prepared {
    /// Compiles f and finds its behaviour at 0 and ∞.
    ///
    /// # Errors
    ///
    /// [`DivergenceError::Compile`] when f has symbols other than `u`;
    /// [`DivergenceError::Limit`] when its behaviour at 0 or ∞ cannot be determined.
    pub fn new(g: &Generator, options: Options) -> Result<Prepared, DivergenceError> {
        let f = Compiled::new(g.f(), &[VARIABLE])?;
        let mut asym = Asymptotics::of(&f)?;
        let limits = match options.limits {
            Some(given) => {
                asym.override_with(&given);
                given
            }
            None => asym.limits(),
        };
        let kinked = g.f().nodes().iter().any(|n| matches!(n, Math::Abs(_) | Math::Min(_) | Math::Max(_)));
        Ok(Prepared { f, asym, limits, kinked, options })
    }

    /// The limits of f in use.
    pub fn limits(&self) -> GeneratorLimits {
        self.limits
    }

    /// D_f(P‖Q) with its report.
    ///
    /// # Errors
    ///
    /// [`DivergenceError::Mismatch`], [`DivergenceError::Counts`], [`DivergenceError::Lengths`],
    /// [`DivergenceError::Term`], [`DivergenceError::Quadrature`]. An infinite divergence is `Ok`
    /// with value +∞.
    pub fn report(&self, p: &Distribution, q: &Distribution) -> Result<DivergenceReport, DivergenceError> {
        match (p.as_continuous(), q.as_continuous(), p.as_discrete(), q.as_discrete()) {
            (Some(pc), Some(qc), _, _) => self.report_continuous(pc, qc),
            (_, _, Some(pd), Some(qd)) => self.discrete(pd, qd),
            _ if [p, q].iter().any(|d| matches!(d, Distribution::Poisson(_) | Distribution::Geometric(_))) => {
                Err(DivergenceError::Counts { p: p.to_string(), q: q.to_string() })
            }
            _ => Err(DivergenceError::Mismatch { p: p.to_string(), q: q.to_string() }),
        }
    }

    fn infinite(&self, why: Infinite, evals: u64) -> DivergenceReport {
        DivergenceReport {
            estimate: Estimate { value: f64::INFINITY, abs_error: 0.0, evals },
            infinite: Some(why),
            limits: self.limits,
        }
    }

    /// The one log-space integrand: q·f(p/q) from ln p and ln q, with the conventions at p = 0
    /// (q·f(0+)) and q = 0 (p·f'(∞)), and f continued by its asymptotics where the ratio leaves
    /// f64 (see the module doc). Quadrature here and the kernel plug-in of `fit` both use it.
    ///
    /// # Examples
    ///
    /// ```
    /// use fdiv::Generator;
    /// use fdiv::divergence::{GeneratorLimits, Options, Prepared};
    /// let g = Generator::parse("u*log(u)").unwrap();
    /// // f(0+) = 0 and f'(∞) = ∞ from the symbolic series (numerical estimates otherwise)
    /// let kl = Prepared::new(&g, Options { limits: GeneratorLimits::symbolic(&g), ..Options::default() }).unwrap();
    /// // p = 2, q = 1: q·f(2) = 2·ln 2
    /// assert!((kl.integrand(2f64.ln(), 0.0) - 2.0 * 2f64.ln()).abs() < 1e-15);
    /// // p/q = e^-1000: q·f(p/q) = p·ln(p/q), continued past the ratio f64 can hold
    /// assert!((kl.integrand(-1000.0, 0.0) - (-1000.0) * (-1000f64).exp()).abs() < 1e-300);
    /// assert_eq!(kl.integrand(f64::NEG_INFINITY, 0.0), 0.0); // f(0+) = 0
    /// ```
    #[inline]
    pub fn integrand(&self, lp: f64, lq: f64) -> f64 {
        self.term(lp, lq)
    }

    /// q·f(p/q) from ln p and ln q, with the conventions at p = 0 and q = 0.
    #[inline]
    fn term(&self, lp: f64, lq: f64) -> f64 {
        if lq == f64::NEG_INFINITY {
            if lp == f64::NEG_INFINITY {
                return 0.0;
            }
            // q = 0 < p: the contribution p·f'(∞)
            return times_exp(self.limits.slope_at_infinity, lp);
        }
        if lp == f64::NEG_INFINITY {
            return times_exp(self.limits.f_at_zero, lq);
        }
        let l = lp - lq;
        if l > self.asym.high_from {
            // q·f(r) = p·f(r)/r
            return match self.asym.high {
                Tail::Finite(slope) => times_exp(slope, lp),
                Tail::Fit(fit) => exp_or_zero(lp + fit.ln_value(l)),
            };
        }
        if l < -self.asym.low_from {
            return match self.asym.low {
                Tail::Finite(f0) => times_exp(f0, lq),
                Tail::Fit(fit) => exp_or_zero(lq + fit.ln_value(-l)),
            };
        }
        let v = self.f.eval(&[l.exp()]);
        if v == 0.0 {
            0.0
        } else if lq > -LOG_RATIO_LIMIT {
            v * lq.exp()
        } else {
            v.signum() * exp_or_zero(lq + v.abs().ln())
        }
    }

    fn discrete(&self, p: &Discrete, q: &Discrete) -> Result<DivergenceReport, DivergenceError> {
        if p.len() != q.len() {
            return Err(DivergenceError::Lengths { p: p.len(), q: q.len() });
        }
        let mut sum = 0.0;
        let mut magnitude = 0.0;
        for (index, (&pi, &qi)) in p.probs().iter().zip(q.probs().iter()).enumerate() {
            let t = if qi == 0.0 && pi > 0.0 {
                if self.limits.slope_at_infinity == f64::INFINITY {
                    return Ok(self.infinite(Infinite::PMassWhereQIsZero { mass: pi }, index as u64 + 1));
                }
                pi * self.limits.slope_at_infinity
            } else if pi == 0.0 && qi > 0.0 {
                if self.limits.f_at_zero == f64::INFINITY {
                    return Ok(self.infinite(Infinite::QMassWherePIsZero { mass: qi }, index as u64 + 1));
                }
                qi * self.limits.f_at_zero
            } else if pi == 0.0 {
                0.0
            } else {
                self.term(pi.ln(), qi.ln())
            };
            if !t.is_finite() {
                return Err(DivergenceError::Term { index, u: pi / qi });
            }
            sum += t;
            magnitude += t.abs();
        }
        let estimate = Estimate { value: sum, abs_error: 4.0 * f64::EPSILON * magnitude, evals: p.len() as u64 };
        Ok(DivergenceReport { estimate, infinite: None, limits: self.limits })
    }

    /// D_f(P‖Q) between two continuous distributions given as trait objects (mixtures, or any
    /// other [`Continuous`] implementation).
    ///
    /// # Errors
    ///
    /// As [`Prepared::report`].
    pub fn report_continuous(
        &self,
        p: &dyn Continuous,
        q: &dyn Continuous,
    ) -> Result<DivergenceReport, DivergenceError> {
        let (pa, pb) = p.support();
        let (qa, qb) = q.support();
        // mass of P where q = 0, and of Q where p = 0 (exactly 0 when the supports nest)
        let p_outside = if pa < qa { p.cdf(qa) } else { 0.0 } + if pb > qb { 1.0 - p.cdf(qb) } else { 0.0 };
        let q_outside = if qa < pa { q.cdf(pa) } else { 0.0 } + if qb > pb { 1.0 - q.cdf(pb) } else { 0.0 };
        // densities are positive inside their supports, so the masses are positive exactly when
        // the supports do not nest (even where the cdf underflows to 0)
        let p_sticks_out = pa < qa || pb > qb;
        let q_sticks_out = qa < pa || qb > pb;
        let mut extra = 0.0;
        if p_sticks_out {
            if self.limits.slope_at_infinity == f64::INFINITY {
                return Ok(self.infinite(Infinite::PMassWhereQIsZero { mass: p_outside }, 0));
            }
            extra = self.limits.slope_at_infinity * p_outside;
        }
        if q_sticks_out && self.limits.f_at_zero == f64::INFINITY {
            return Ok(self.infinite(Infinite::QMassWherePIsZero { mass: q_outside }, 0));
        }
        let (layout, edges) = self.layout(p, q);
        let g = |x: f64| {
            if x <= layout.lo || x >= layout.hi {
                // an end of the range (measure zero): tanh-sinh nodes land there only by rounding
                return 0.0;
            }
            let (lp, lq) = (p.ln_pdf(x), q.ln_pdf(x));
            if lp == f64::INFINITY || lq == f64::INFINITY {
                // the pole of a density at its support edge (a cut): a single point, reached
                // only when a node rounds onto it
                return 0.0;
            }
            self.term(lp, lq)
        };
        // with f(0+) and f'(∞) finite, q·f(p/q) ≤ q·f(0+) + p·f'(∞) (convexity): D_f ≤ f(0+) + f'(∞)
        // is finite and the probe is not needed
        let bounded = self.limits.f_at_zero.is_finite() && self.limits.slope_at_infinity.is_finite();
        let (probe_evals, divergent) = if bounded { (0, None) } else { probe(&g, &layout, &edges) };
        if let Some(x) = divergent {
            return Ok(self.infinite(Infinite::Divergent { x }, probe_evals));
        }
        let mut est = match integrate_layout(g, &layout, &self.options.quad) {
            Ok(est) => est,
            // q·f(p/q) overflowed f64 where p, q > 0 (e^{(x−μ)²/2σ²} over a bounded support):
            // the divergence exceeds the f64 range or diverges
            Err(QuadError::NonFinite { x, value }) if value == f64::INFINITY => {
                return Ok(self.infinite(Infinite::Overflow { x }, probe_evals));
            }
            Err(e) => return Err(e.into()),
        };
        est.value += extra;
        est.evals += probe_evals;
        // D_f ≥ 0: a tiny negative value is rounding of a zero divergence
        if est.value < 0.0 && -est.value <= est.abs_error.max(self.options.quad.abs_tol) {
            est.abs_error = est.abs_error.max(-est.value);
            est.value = 0.0;
        }
        Ok(DivergenceReport { estimate: est, infinite: None, limits: self.limits })
    }

    /// Panels: Q's support as the range; cuts at P's support edges, kinks, separated modes,
    /// around a much narrower density, at p = q when f has a kink, and geometrically toward an
    /// end where a density has a pole. Also returns the finite edges (domain ends and P's support
    /// edges inside it) with the side they are approached from and the width free of other cuts
    /// there, for the divergence probe.
    fn layout(&self, p: &dyn Continuous, q: &dyn Continuous) -> (Layout, Vec<(f64, f64, f64)>) {
        let (lo, hi) = q.support();
        let (pa, pb) = p.support();
        let (sp, sq) = (p.scale(), q.scale());
        let s = sp.max(sq);
        let inside = |x: f64| x > lo && x < hi;
        let mut cuts: Vec<f64> = [pa, pb].into_iter().filter(|&x| inside(x)).collect();
        cuts.extend(p.kinks().into_iter().chain(q.kinks()).filter(|&x| inside(x)));
        let modes: Vec<f64> = p.modes().into_iter().chain(q.modes()).filter(|x| x.is_finite()).collect();
        let (mlo, mhi) = modes.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &m| (a.min(m), b.max(m)));
        let center = if modes.is_empty() {
            if lo.is_finite() && hi.is_finite() { 0.5 * (lo + hi) } else { 0.0 }
        } else {
            0.5 * (mlo + mhi)
        };
        if mhi - mlo > 2.0 * s {
            cuts.extend(modes.iter().copied().filter(|&x| inside(x)));
        }
        let narrow = sp.min(sq);
        if 4.0 * narrow <= s {
            let d = if sp < sq { p } else { q };
            let c = d.modes().first().copied().or(d.mean()).unwrap_or(center);
            cuts.extend([c - 8.0 * narrow, c, c + 8.0 * narrow].into_iter().filter(|&x| inside(x)));
        }
        if self.kinked {
            cuts.extend(crossings(p, q, lo, hi, center, s).into_iter().filter(|&x| inside(x)));
        }
        // geometric cuts toward an end where a density has a pole (Gamma or Beta with a shape
        // below 1) or the integrand grows (log singularities of reverse KL, Jeffreys): the
        // crate's nodes near an end are only resolved to ~1e-16 of the panel's width
        let mut edges: Vec<(f64, f64, f64)> = Vec::new();
        for (end, dir) in [(lo, 1.0), (hi, -1.0), (pa, 1.0), (pb, -1.0)] {
            let domain_end = end == lo || end == hi;
            if !end.is_finite() || !(domain_end || inside(end)) || edges.iter().any(|e| (e.0, e.1) == (end, dir)) {
                continue;
            }
            let nearest = cuts.iter().copied().chain([lo, hi]).map(|c| (c - end).abs()).filter(|&d| d > 0.0);
            let w = nearest.fold(s, f64::min);
            edges.push((end, dir, 0.5 * w));
            let g = |x: f64| self.term(p.ln_pdf(x), q.ln_pdf(x)).abs();
            let (near, far) = (g(end + dir * w * 1e-10), g(end + dir * w * 1e-5));
            let pole = p.ln_pdf(end) == f64::INFINITY || q.ln_pdf(end) == f64::INFINITY;
            if pole || near > 1.5 * far || near.is_nan() {
                // no closer than 1e-12·|end|: nodes are no finer than the ulps of `end`
                let floor = 1e-12 * end.abs();
                cuts.extend((1..=7).map(|k| w * 10f64.powi(-2 * k)).filter(|&d| d > floor).map(|d| end + dir * d));
            }
        }
        let center = if center.is_finite() { center } else { 0.0 };
        let scale = if s.is_finite() && s > 0.0 { s } else { 1.0 };
        (Layout { lo, hi, breakpoints: cuts, center, scale }, edges)
    }
}

/// c·e^a, 0 when c = 0 (also when c = ∞ would meet e^a = 0 exactly: a = −∞ is handled by callers).
#[inline]
fn times_exp(c: f64, a: f64) -> f64 {
    if c == 0.0 { 0.0 } else { c * exp_or_zero(a) }
}

/// e^a, with 0 below −745 (where glibc's exp takes a slow path and the result is 0 anyway).
#[inline]
fn exp_or_zero(a: f64) -> f64 {
    if a < -745.0 { 0.0 } else { a.exp() }
}

/// Looks for divergence before integrating: x·|g| at points spaced by factors of 32 toward an
/// infinite end, and the distance × |g| toward each finite edge (`(point, side)`), must decay.
/// Returns the evaluations spent and the point where the probe saw divergence.
fn probe<G: Fn(f64) -> f64>(g: &G, layout: &Layout, edges: &[(f64, f64, f64)]) -> (u64, Option<f64>) {
    let mut evals = 0;
    let cuts = &layout.breakpoints;
    let inner_lo = cuts.iter().copied().fold(f64::INFINITY, f64::min).min(layout.center);
    let inner_hi = cuts.iter().copied().fold(f64::NEG_INFINITY, f64::max).max(layout.center);
    let s = layout.scale;
    let mut sequences: Vec<Vec<(f64, f64)>> = Vec::new();
    for (end, dir, base) in [(layout.lo, -1.0, inner_lo), (layout.hi, 1.0, inner_hi)] {
        if end.is_infinite() {
            let base = if base.is_finite() { base } else { layout.center };
            sequences.push((0..9).map(|k| s * 2f64.powi(5 * k)).map(|d| (base + dir * d, d)).collect());
        }
    }
    for &(edge, dir, w) in edges {
        // toward a finite edge from the side `dir`: the distance shrinks by 32 each step, while
        // it stays well above the ulps of the edge
        let resolvable = |d: &f64| *d > 1e3 * f64::EPSILON * edge.abs();
        sequences.push((0..9).map(|k| w * 2f64.powi(-5 * k)).filter(resolvable).map(|d| (edge + dir * d, d)).collect());
    }
    for points in sequences {
        let mut v = Vec::with_capacity(points.len());
        for (x, d) in points {
            if x <= layout.lo || x >= layout.hi {
                continue;
            }
            evals += 1;
            let y = g(x);
            if y.is_nan() {
                continue;
            }
            if y.is_infinite() {
                return (evals, Some(x));
            }
            v.push((x, d * y.abs()));
        }
        let n = v.len();
        if n >= 3 {
            let (a, b, c) = (v[n - 3].1, v[n - 2].1, v[n - 1].1);
            if c > 1e-300 && c >= 0.5 * b && b >= 0.5 * a {
                return (evals, Some(v[n - 1].0));
            }
        }
    }
    (evals, None)
}

/// Points where ln p = ln q inside (lo, hi): exact for two normals, otherwise a scan of 256
/// points in the whole-range map refined by Brent's method.
fn crossings(p: &dyn Continuous, q: &dyn Continuous, lo: f64, hi: f64, center: f64, s: f64) -> Vec<f64> {
    if p.family() == "Normal" && q.family() == "Normal" {
        let (pp, qp) = (p.params(), q.params());
        return normal_crossings(pp[0].1, pp[1].1, qp[0].1, qp[1].1);
    }
    let h = |x: f64| p.ln_pdf(x) - q.ln_pdf(x);
    let n = 256;
    let xs: Vec<f64> = (1..n)
        .map(|i| {
            let t = i as f64 / n as f64;
            match (lo.is_finite(), hi.is_finite()) {
                (true, true) => lo + (hi - lo) * t,
                (true, false) => lo + s * t / (1.0 - t),
                (false, true) => hi - s * (1.0 - t) / t,
                (false, false) => {
                    let t = 2.0 * t - 1.0;
                    center + s * t / ((1.0 - t) * (1.0 + t))
                }
            }
        })
        .collect();
    let mut out = Vec::new();
    for w in xs.windows(2) {
        let (a, b) = (w[0], w[1]);
        let (ha, hb) = (h(a), h(b));
        if !(ha.is_finite() && hb.is_finite()) || ha.signum() == hb.signum() {
            continue;
        }
        let mut conv = roots::SimpleConvergency { eps: 1e-15 * (1.0 + a.abs().max(b.abs())), max_iter: 200 };
        if let Ok(x) = roots::find_root_brent(a, b, h, &mut conv) {
            out.push(x);
        }
    }
    out
}

/// Solutions of ln N(x; m1, s1) = ln N(x; m2, s2).
fn normal_crossings(m1: f64, s1: f64, m2: f64, s2: f64) -> Vec<f64> {
    // (x−m1)²/(2 s1²) − (x−m2)²/(2 s2²) + ln s1 − ln s2 = 0, i.e. A x² + B x + C = 0
    let (a1, a2) = (0.5 / (s1 * s1), 0.5 / (s2 * s2));
    let a = a1 - a2;
    let b = -2.0 * (a1 * m1 - a2 * m2);
    let c = a1 * m1 * m1 - a2 * m2 * m2 + (s1 / s2).ln();
    match roots::find_roots_quadratic(a, b, c) {
        roots::Roots::One([x]) => vec![x],
        roots::Roots::Two([x, y]) => vec![x, y],
        _ => Vec::new(),
    }
}

/// How f behaves at 0 and ∞.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Asymptotics {
    /// f(e^{−L}) for large L: a finite f(0+), or the fit of ln f(e^{−L}).
    low: Tail,
    /// f(e^L)/e^L for large L: a finite f'(∞), or the fit of ln(f(e^L)/e^L).
    high: Tail,
    /// The ratio ln(p/q) below −`low_from` uses `low` (f at smaller u may overflow or be 0/0).
    low_from: f64,
    /// The ratio ln(p/q) above `high_from` uses `high`.
    high_from: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Tail {
    Finite(f64),
    Fit(LogFit),
}

/// ln y(L) ≈ a + b·L + c·ln L.
#[derive(Debug, Clone, Copy, PartialEq)]
struct LogFit {
    a: f64,
    b: f64,
    c: f64,
}

impl LogFit {
    fn ln_value(&self, l: f64) -> f64 {
        self.a + self.b * l + self.c * l.ln()
    }
}

impl Asymptotics {
    fn of(f: &Compiled) -> Result<Asymptotics, DivergenceError> {
        let (low, low_from) = tail(|l| f.eval(&[(-l).exp()]), "f(0+)")?;
        let (high, high_from) = tail(|l| f.eval(&[l.exp()]) / l.exp(), "f'(inf)")?;
        Ok(Asymptotics { low, high, low_from, high_from })
    }

    fn limits(&self) -> GeneratorLimits {
        let value = |t: Tail| match t {
            Tail::Finite(v) => v,
            Tail::Fit(_) => f64::INFINITY,
        };
        GeneratorLimits {
            f_at_zero: value(self.low),
            slope_at_infinity: value(self.high),
            source: LimitSource::Numerical,
        }
    }

    /// Given finite limits replace the numerical ones (given infinite ones keep the fit).
    fn override_with(&mut self, given: &GeneratorLimits) {
        if given.f_at_zero.is_finite() {
            self.low = Tail::Finite(given.f_at_zero);
        }
        if given.slope_at_infinity.is_finite() {
            self.high = Tail::Finite(given.slope_at_infinity);
        }
    }
}

/// The behaviour of y(L) as L → ∞ from three points 0.6·top, 0.8·top, top ≤ 700 where y is
/// representable: settled (a finite limit) or growing (a fit of ln y); `top` is where the direct
/// evaluation hands over to this asymptotic form.
fn tail(y: impl Fn(f64) -> f64, which: &'static str) -> Result<(Tail, f64), DivergenceError> {
    for top in [LOG_RATIO_LIMIT, 600.0, 500.0, 350.0, 230.0, 170.0, 120.0, 80.0, 50.0, 30.0] {
        let ls = [0.6 * top, 0.8 * top, top];
        let ys = ls.map(&y);
        if ys.iter().any(|v| !v.is_finite()) {
            continue;
        }
        let [y1, y2, y3] = ys;
        if (y3 - y1).abs() <= 1e-9 * y3.abs().max(1.0) && (y3 - y2).abs() <= 1e-9 * y3.abs().max(1.0) {
            return Ok((Tail::Finite(y3), top));
        }
        if y1 > 0.0 && y2 > y1 && y3 > y2 {
            let m = Matrix3::from_fn(|i, j| match j {
                0 => 1.0,
                1 => ls[i],
                _ => ls[i].ln(),
            });
            let rhs = Vector3::new(y1.ln(), y2.ln(), y3.ln());
            if let Some(sol) = m.lu().solve(&rhs) {
                return Ok((Tail::Fit(LogFit { a: sol[0], b: sol[1], c: sol[2] }), top));
            }
        }
        return Err(DivergenceError::Limit {
            which,
            detail: format!("values {y1:e}, {y2:e}, {y3:e} at L = {:?} neither settle nor grow", ls),
        });
    }
    Err(DivergenceError::Limit { which, detail: "f is not finite near this end".to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dist::parse_distribution;

    fn d(g: &str, p: &str, q: &str) -> DivergenceReport {
        let g = Generator::parse(g).unwrap();
        divergence_report(&g, &parse_distribution(p).unwrap(), &parse_distribution(q).unwrap(), Options::default())
            .unwrap()
    }

    #[test]
    fn asymptotic_fits_are_exact_for_log_and_power_generators() {
        let f = Compiled::new(&crate::expr::Expr::parse("u*log(u)").unwrap(), &["u"]).unwrap();
        let a = Asymptotics::of(&f).unwrap();
        assert!(matches!(a.low, Tail::Finite(v) if v.abs() < 1e-290), "{a:?}");
        let Tail::Fit(fit) = a.high else { panic!("KL has f'(inf) = inf") };
        assert!((fit.ln_value(5000.0) - 5000f64.ln()).abs() < 1e-9, "{fit:?}");
        let f = Compiled::new(&crate::expr::Expr::parse("(u - 1)^2").unwrap(), &["u"]).unwrap();
        let Tail::Fit(fit) = Asymptotics::of(&f).unwrap().high else { panic!() };
        assert!((fit.ln_value(3000.0) - 3000.0).abs() < 1e-6, "{fit:?}");
    }

    #[test]
    fn overflowing_ratios_use_the_asymptotics() {
        // KL(N(0,1)‖N(0,s)) = ln s + 1/(2 s²) − 1/2, with ln p − ln q > 700 over all of P's mass
        let r = d("u*log(u)", "N(0, 1)", "N(0, 0.001)");
        let truth = 0.001f64.ln() + 0.5e6 - 0.5;
        assert!((r.estimate.value / truth - 1.0).abs() < 1e-10, "{r:?}");
        // reverse KL the other way round: the ratio underflows
        let r = d("-log(u)", "N(0, 0.001)", "N(0, 1)");
        assert!((r.estimate.value / truth - 1.0).abs() < 1e-10, "{r:?}");
    }

    #[test]
    fn conventions_at_support_mismatch() {
        assert_eq!(d("u*log(u)", "U(0, 2)", "U(0, 1)").infinite, Some(Infinite::PMassWhereQIsZero { mass: 0.5 }));
        let tv = d("1/2*abs(u - 1)", "U(0, 2)", "U(0, 1)");
        assert!((tv.estimate.value - 0.5).abs() < 1e-14, "{tv:?}");
        assert!(matches!(d("-log(u)", "U(0, 1)", "U(0, 2)").infinite, Some(Infinite::QMassWherePIsZero { .. })));
        // KL(U(0,1)‖U(0,2)) = ln 2: the region p = 0 < q contributes q·f(0+) = 0
        let kl = d("u*log(u)", "U(0, 1)", "U(0, 2)");
        assert!((kl.estimate.value - 2f64.ln()).abs() < 1e-13, "{kl:?}");
    }

    #[test]
    fn divergent_integrals_are_infinite() {
        let r = d("(u - 1)^2", "N(0, 1)", "N(0, 0.5)");
        assert_eq!(r.estimate.value, f64::INFINITY);
        assert!(r.infinite.unwrap().is_numerical());
        // Neyman χ² of Gamma(2,1) against Exp(1): q²/p ~ 1/x at 0
        let r = d("(1 - u)^2/u", "Gamma(2, 1)", "Exp(1)");
        assert_eq!(r.estimate.value, f64::INFINITY, "{r:?}");
    }

    #[test]
    fn discrete_sums_follow_the_conventions() {
        let r = d("u*log(u)", "[0.5, 0.5]", "[1, 0]");
        assert_eq!(r.estimate.value, f64::INFINITY);
        let r = d("1/2*abs(u - 1)", "[0.5, 0.5]", "[1, 0]");
        assert!((r.estimate.value - 0.5).abs() < 1e-15);
        let r = d("u*log(u)", "[1, 0]", "[0.5, 0.5]");
        assert!((r.estimate.value - 2f64.ln()).abs() < 1e-15);
        let g = Generator::parse("u*log(u)").unwrap();
        let (p, q) = (parse_distribution("[1, 0]").unwrap(), parse_distribution("N(0, 1)").unwrap());
        assert!(matches!(divergence(&g, &p, &q), Err(DivergenceError::Mismatch { .. })));
        let q = parse_distribution("[0.2, 0.3, 0.5]").unwrap();
        assert!(matches!(divergence(&g, &p, &q), Err(DivergenceError::Lengths { p: 2, q: 3 })));
    }

    #[test]
    fn unsubstituted_parameters_are_errors() {
        let g = Generator::parse("(u^a - 1)/a").unwrap();
        let n = parse_distribution("N(0, 1)").unwrap();
        assert!(matches!(divergence(&g, &n, &n), Err(DivergenceError::Compile(_))));
    }
}
