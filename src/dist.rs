//! Probability distributions: validated parameters, densities in log space, moments, sampling, and
//! a symbolic log-density.
//!
//! Conventions (the lecture's): N(mean, sd) with the standard deviation, Exp(rate), Gamma(shape,
//! rate), LogN(mu, sigma) of the underlying normal, natural logarithms.
//!
//! - [`Continuous`]: the trait every 1-D family implements — support, `ln_pdf`, `pdf`, `cdf`,
//!   mean/variance, a characteristic [`Continuous::scale`] and the [`Continuous::modes`] and
//!   [`Continuous::kinks`] that quadrature uses to place its panels, and the symbolic log-density
//!   ([`Continuous::log_density_expr`]) in `x` and named parameters;
//! - the families: [`Normal`], [`Laplace`], [`Logistic`], [`Cauchy`], [`StudentT`],
//!   [`Exponential`], [`Gamma`], [`LogNormal`], [`Beta`], [`Uniform`];
//! - [`Discrete`]: a finite probability vector (an nalgebra `DVector`); [`Poisson`] and
//!   [`Geometric`] on the counts, with log-masses in log space;
//! - [`Mixture`] and [`ContinuousMixture`]: finite mixtures (`mixture`);
//! - [`Distribution`]: any of the above, as the divergence code and the REPL see them;
//! - the family registry ([`Family`], [`FamilyInfo`], `registry`): names and aliases,
//!   parameters with domains and fitting coordinates, supports, symbolic log-densities built as
//!   expressions, moment rules, tails and singular ends — read by the parser, the closed forms
//!   and fitting alike;
//! - one parser: [`parse`] reads `N(m1, s1)` or `N(0, 1)` ([`Written`]: parameters as
//!   expressions, numbers where they are), [`parse_distribution`] the numeric
//!   [`Distribution`] (`N(0,1)`, `Exp(2)`, `[0.2, 0.8]`, `Poisson(3)`, `Mix([0.5, 0.5], …)`).
//!
//! Every constructor checks its parameters and says which one is wrong and why
//! ([`DistError::InvalidParameter`]): an invalid distribution cannot be built.
//!
//! # Examples
//!
//! ```
//! use fdiv::dist::{Continuous, Normal};
//! let n = Normal::new(0.0, 2.0).unwrap();
//! assert!((n.ln_pdf(0.0) + (2.0 * (2.0 * std::f64::consts::PI).sqrt()).ln()).abs() < 1e-15);
//! assert!(Normal::new(0.0, -1.0).is_err());
//! assert_eq!(n.log_density_expr().to_string(), "-(x - mu)^2/(2*sigma^2) - log(sigma) - log(2*pi)/2");
//! ```

mod counting;
mod discrete;
mod families;
mod mixture;
mod parse;
mod registry;

use std::fmt;

use crate::expr::{Expr, Rational};

pub use counting::{Geometric, Poisson};
pub use discrete::{Discrete, SUM_TOLERANCE};
pub use families::{Beta, Cauchy, Exponential, Gamma, Laplace, LogNormal, Logistic, Normal, StudentT, Uniform};
pub use mixture::{ContinuousMixture, Mixture};
pub use parse::{Written, is_family_name, parse, parse_distribution};
pub use registry::{
    Decay, Domain, End, EndPoint, Ends, Family, FamilyInfo, Moment, Param, Reparam, SupportKind, constant_value,
    instantiate, lookup, names,
};

/// The variable of every symbolic log-density.
pub const VARIABLE: &str = "x";

/// Errors building or parsing a distribution.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DistError {
    /// A parameter outside its range (an sd ≤ 0, a NaN, …).
    #[error("{family}: parameter '{parameter}' = {value} is invalid: it must be {requirement}")]
    InvalidParameter {
        /// The family, e.g. `Normal`.
        family: &'static str,
        /// The parameter's name, e.g. `sd`.
        parameter: &'static str,
        /// The value given.
        value: f64,
        /// What it must be, e.g. `finite and > 0`.
        requirement: &'static str,
    },
    /// Two parameters that are valid alone but not together (`U(a, b)` with a ≥ b).
    #[error("{family}: {message}")]
    InconsistentParameters {
        /// The family.
        family: &'static str,
        /// What is wrong.
        message: String,
    },
    /// A probability vector with no entries.
    #[error("a probability vector needs at least one entry")]
    EmptyVector,
    /// A negative or non-finite probability.
    #[error("entry {index} of the probability vector is {value}: it must be finite and >= 0")]
    BadEntry {
        /// 0-based position.
        index: usize,
        /// The value given.
        value: f64,
    },
    /// Probabilities that do not sum to 1.
    #[error("the probability vector sums to {sum}, not 1 (tolerance {tolerance})")]
    NotNormalised {
        /// The sum of the entries.
        sum: f64,
        /// The tolerance allowed.
        tolerance: f64,
    },
    /// Malformed distribution text.
    #[error("cannot read '{text}' as a distribution: {message}")]
    Syntax {
        /// The text.
        text: String,
        /// What is wrong.
        message: String,
    },
    /// A family name that does not exist.
    #[error("unknown distribution '{name}'{}", suggestion.as_ref().map(|s| format!(" (did you mean '{s}'?)")).unwrap_or_default())]
    UnknownName {
        /// The name given.
        name: String,
        /// The closest known name.
        suggestion: Option<String>,
    },
    /// A parameter that mentions the variable `x` (symbolic parameters are free of it).
    #[error("parameter '{parameter}' mentions the variable x")]
    MentionsVariable {
        /// The parameter as written.
        parameter: String,
    },
    /// A malformed mixture (weights, components).
    #[error("invalid mixture: {message}")]
    Mixture {
        /// What is wrong.
        message: String,
    },
    /// The wrong number of parameters.
    #[error("{family} takes {expected}, got {found} parameter(s)")]
    Arity {
        /// The family.
        family: &'static str,
        /// What it takes, e.g. `(mean, sd)`.
        expected: &'static str,
        /// How many were given.
        found: usize,
    },
}

/// Checks that a parameter is finite.
pub(crate) fn finite(family: &'static str, parameter: &'static str, value: f64) -> Result<f64, DistError> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(DistError::InvalidParameter { family, parameter, value, requirement: "finite" })
    }
}

/// Checks that a parameter is finite and > 0.
pub(crate) fn positive(family: &'static str, parameter: &'static str, value: f64) -> Result<f64, DistError> {
    if value.is_finite() && value > 0.0 {
        Ok(value)
    } else {
        Err(DistError::InvalidParameter { family, parameter, value, requirement: "finite and > 0" })
    }
}

/// A continuous distribution on the real line (or an interval of it).
///
/// The density is positive on the interior of [`Continuous::support`] and zero outside it;
/// [`Continuous::ln_pdf`] is −∞ outside. All methods are total: no method panics or returns NaN
/// for any `x` (NaN input gives NaN).
pub trait Continuous: fmt::Debug + Send + Sync {
    /// The family's long name, e.g. `Normal`.
    fn family(&self) -> &'static str;

    /// The parameters in the order of the constructor, with the names used by the symbolic
    /// log-density (e.g. `[("mu", 0.0), ("sigma", 1.0)]`).
    fn params(&self) -> Vec<(&'static str, f64)>;

    /// The closed interval outside which the density is zero (ends may be infinite).
    fn support(&self) -> (f64, f64);

    /// ln p(x), computed directly in log space (no underflow in the tails); −∞ outside the
    /// support, +∞ at an integrable pole (Gamma with shape < 1 at 0).
    fn ln_pdf(&self, x: f64) -> f64;

    /// p(x).
    fn pdf(&self, x: f64) -> f64 {
        self.ln_pdf(x).exp()
    }

    /// The cumulative distribution function P(X ≤ x).
    fn cdf(&self, x: f64) -> f64;

    /// The mean, `None` where it does not exist (Cauchy).
    fn mean(&self) -> Option<f64>;

    /// The variance: `None` where undefined, `Some(∞)` where infinite (Student-t with 1 < ν ≤ 2).
    fn variance(&self) -> Option<f64>;

    /// A characteristic width of the bulk of the mass (sd where finite, the scale parameter
    /// otherwise): the unit quadrature uses to place panels and tail maps.
    fn scale(&self) -> f64;

    /// The modes (a finite list; empty where the density is flat, as for Uniform).
    fn modes(&self) -> Vec<f64>;

    /// Interior points where the density is not smooth (Laplace's peak); support edges are not
    /// listed here.
    fn kinks(&self) -> Vec<f64> {
        Vec::new()
    }

    /// The symbolic log-density in `x` and the names of [`Continuous::params`] (lgamma is in
    /// the language), valid on the interior of the support; the families' come from the
    /// registry ([`Family::log_density`]).
    fn log_density_expr(&self) -> Expr;

    /// The symbolic log-density with this distribution's parameter values substituted (as the
    /// exact rationals equal to the `f64` values).
    fn log_density_at_params(&self) -> Expr {
        let mut e = self.log_density_expr();
        for (name, value) in self.params() {
            // parameters are finite: checked by every constructor
            let r = Rational::from_f64(value).expect("finite parameters");
            e = e.substitute(name, &Expr::num(r));
        }
        e
    }
}

/// Any distribution fdiv knows: a continuous family, a finite probability vector, a
/// distribution on the counts, or a mixture of continuous distributions.
///
/// # Examples
///
/// ```
/// use fdiv::dist::{Distribution, parse_distribution};
/// let p: Distribution = parse_distribution("N(0, 2)").unwrap();
/// assert_eq!(p.to_string(), "N(0, 2)");
/// assert!(p.as_continuous().is_some());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Distribution {
    /// N(mean, sd).
    Normal(Normal),
    /// Laplace(loc, scale).
    Laplace(Laplace),
    /// Logistic(loc, scale).
    Logistic(Logistic),
    /// Cauchy(loc, scale).
    Cauchy(Cauchy),
    /// T(df, loc, scale).
    StudentT(StudentT),
    /// Exp(rate).
    Exponential(Exponential),
    /// Gamma(shape, rate).
    Gamma(Gamma),
    /// LogN(mu, sigma).
    LogNormal(LogNormal),
    /// Beta(a, b).
    Beta(Beta),
    /// U(a, b).
    Uniform(Uniform),
    /// A finite probability vector (also Bernoulli(p) and Cat(p₁, …)).
    Discrete(Discrete),
    /// Poisson(rate).
    Poisson(Poisson),
    /// Geom(p).
    Geometric(Geometric),
    /// A mixture of continuous distributions.
    Mixture(ContinuousMixture),
}

impl Distribution {
    /// The continuous family, or `None` for a probability vector.
    pub fn as_continuous(&self) -> Option<&dyn Continuous> {
        Some(match self {
            Distribution::Normal(d) => d,
            Distribution::Laplace(d) => d,
            Distribution::Logistic(d) => d,
            Distribution::Cauchy(d) => d,
            Distribution::StudentT(d) => d,
            Distribution::Exponential(d) => d,
            Distribution::Gamma(d) => d,
            Distribution::LogNormal(d) => d,
            Distribution::Beta(d) => d,
            Distribution::Uniform(d) => d,
            Distribution::Mixture(d) => d,
            Distribution::Discrete(_) | Distribution::Poisson(_) | Distribution::Geometric(_) => return None,
        })
    }

    /// The probability vector, or `None` for a continuous family.
    pub fn as_discrete(&self) -> Option<&Discrete> {
        match self {
            Distribution::Discrete(d) => Some(d),
            _ => None,
        }
    }

    /// The mean, `None` where it does not exist (Cauchy); a probability vector's is Σ i·pᵢ.
    ///
    /// # Examples
    ///
    /// ```
    /// use fdiv::dist::parse_distribution;
    /// assert_eq!(parse_distribution("Geom(0.25)").unwrap().mean(), Some(3.0));
    /// assert_eq!(parse_distribution("[0.5, 0.5]").unwrap().mean(), Some(0.5));
    /// ```
    pub fn mean(&self) -> Option<f64> {
        match self {
            Distribution::Discrete(d) => Some(d.probs().iter().enumerate().map(|(i, p)| i as f64 * p).sum()),
            Distribution::Poisson(d) => Some(d.rate()),
            Distribution::Geometric(d) => Some(d.mean()),
            _ => self.as_continuous().and_then(|c| c.mean()),
        }
    }

    /// The variance: `None` where undefined, `Some(∞)` where infinite.
    pub fn variance(&self) -> Option<f64> {
        match self {
            Distribution::Discrete(d) => {
                let m = self.mean()?;
                Some(d.probs().iter().enumerate().map(|(i, p)| (i as f64 - m).powi(2) * p).sum())
            }
            Distribution::Poisson(d) => Some(d.rate()),
            Distribution::Geometric(d) => Some(d.variance()),
            _ => self.as_continuous().and_then(|c| c.variance()),
        }
    }

    /// One sample: a real number, or for a probability vector the index drawn (as `f64`), or a
    /// count (as `f64`).
    pub fn sample<R: rand::Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        match self {
            Distribution::Normal(d) => d.sample(rng),
            Distribution::Laplace(d) => d.sample(rng),
            Distribution::Logistic(d) => d.sample(rng),
            Distribution::Cauchy(d) => d.sample(rng),
            Distribution::StudentT(d) => d.sample(rng),
            Distribution::Exponential(d) => d.sample(rng),
            Distribution::Gamma(d) => d.sample(rng),
            Distribution::LogNormal(d) => d.sample(rng),
            Distribution::Beta(d) => d.sample(rng),
            Distribution::Uniform(d) => d.sample(rng),
            Distribution::Discrete(d) => d.sample(rng) as f64,
            Distribution::Poisson(d) => d.sample(rng) as f64,
            Distribution::Geometric(d) => d.sample(rng) as f64,
            Distribution::Mixture(d) => d.mixture().sample(rng),
        }
    }
}

/// Reads the REPL's notation (see [`parse_distribution`]).
///
/// ```
/// let p: fdiv::Distribution = "Gamma(2, 3)".parse().unwrap();
/// assert_eq!(p.to_string(), "Gamma(2, 3)");
/// assert!("Gamma(2)".parse::<fdiv::Distribution>().is_err());
/// ```
impl std::str::FromStr for Distribution {
    type Err = DistError;

    fn from_str(text: &str) -> Result<Distribution, DistError> {
        parse_distribution(text)
    }
}

impl fmt::Display for Distribution {
    /// The REPL's notation: `N(0, 1)`, `T(3, 0, 1)`, `[0.2, 0.8]`, `Poisson(2)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let short = match self {
            Distribution::Normal(_) => Family::Normal.short(),
            Distribution::Laplace(_) => Family::Laplace.short(),
            Distribution::Logistic(_) => Family::Logistic.short(),
            Distribution::Cauchy(_) => Family::Cauchy.short(),
            Distribution::StudentT(_) => Family::StudentT.short(),
            Distribution::Exponential(_) => Family::Exponential.short(),
            Distribution::Gamma(_) => Family::Gamma.short(),
            Distribution::LogNormal(_) => Family::LogNormal.short(),
            Distribution::Beta(_) => Family::Beta.short(),
            Distribution::Uniform(_) => Family::Uniform.short(),
            Distribution::Discrete(d) => return write!(f, "{d}"),
            Distribution::Poisson(d) => return write!(f, "{}({})", Family::Poisson.short(), d.rate()),
            Distribution::Geometric(d) => return write!(f, "{}({})", Family::Geometric.short(), d.p()),
            Distribution::Mixture(d) => return write!(f, "{d}"),
        };
        // a continuous variant: as_continuous is Some
        let params = self.as_continuous().map(|c| c.params()).unwrap_or_default();
        let values: Vec<String> = params.iter().map(|(_, v)| v.to_string()).collect();
        write!(f, "{short}({})", values.join(", "))
    }
}

macro_rules! from_family {
    ($($t:ident),*) => {$(
        impl From<$t> for Distribution {
            fn from(d: $t) -> Distribution {
                Distribution::$t(d)
            }
        }
    )*};
}
from_family!(
    Normal,
    Laplace,
    Logistic,
    Cauchy,
    StudentT,
    Exponential,
    Gamma,
    LogNormal,
    Beta,
    Uniform,
    Discrete,
    Poisson,
    Geometric
);

impl From<ContinuousMixture> for Distribution {
    fn from(d: ContinuousMixture) -> Distribution {
        Distribution::Mixture(d)
    }
}
