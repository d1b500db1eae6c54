//! The family registry: every distribution family fdiv knows, described once.
//!
//! For each [`Family`] the registry holds ([`Family::info`], [`FamilyInfo`]): its names and
//! aliases, its parameters in the constructor's order ([`Param`]: the conventional name, the
//! symbol of the symbolic log-density, the [`Domain`], the [`Reparam`] used by fitting, a default
//! for optional trailing parameters), its [`SupportKind`], whether it can be fitted from
//! samples, and, built on demand, the log-density as an [`Expr`] ([`Family::log_density`]), the
//! moment rules ([`Family::moment`], what `closed_form::expect` needs), and the behaviour at the
//! ends of the support ([`Family::ends`]: tails and singular ends, declared for the numeric layer).
//! The numeric side (validated constructor, `ln_pdf`/`ln_pmf`, sampler) is reached through
//! [`Family::build`], which gives a [`Distribution`].
//!
//! The parser ([`super::parse`]), the closed forms (`closed_form::family`) and fitting
//! (`fit::family`) all read this table: a name accepted by one is accepted by all.
//!
//! Recipe for a new family: a variant of [`Family`] (and of [`Family::ALL`]), its row in
//! [`Family::info`], its arms in [`Family::log_density`], [`Family::ends`] and (for what it
//! has) [`Family::moment`], a numeric struct with a validating constructor, and its arm in
//! [`Family::build`]; `tests/registry.rs` then checks it everywhere.
//!
//! # Examples
//!
//! ```
//! use fdiv::dist::{Family, lookup};
//! let n = lookup("Norm").unwrap();
//! assert_eq!(n, Family::Normal);
//! assert_eq!(n.info().name, "N");
//! assert_eq!(n.log_density().unwrap().to_string(), "-(x - mu)^2/(2*sigma^2) - log(sigma) - log(2*pi)/2");
//! let d = n.build(&[0.0, 2.0]).unwrap();
//! assert_eq!(d.to_string(), "N(0, 2)");
//! ```

use crate::expr::{Expr, Math, exact};
use crate::numeric::interval::Interval;

use super::{
    Beta, Cauchy, Discrete, DistError, Distribution, Exponential, Gamma, Geometric, Laplace, LogNormal, Logistic,
    Normal, Poisson, StudentT, Uniform, VARIABLE,
};

/// A distribution family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    /// N(mean, sd).
    Normal,
    /// Laplace(loc, scale).
    Laplace,
    /// Logistic(loc, scale).
    Logistic,
    /// Cauchy(loc, scale).
    Cauchy,
    /// T(df, loc, scale); `T(df)` is T(df, 0, 1).
    StudentT,
    /// Exp(rate).
    Exponential,
    /// Gamma(shape, rate).
    Gamma,
    /// LogN(mu, sigma) of the underlying Normal.
    LogNormal,
    /// Beta(a, b) on [0, 1].
    Beta,
    /// U(a, b).
    Uniform,
    /// Poisson(rate) on {0, 1, 2, …}.
    Poisson,
    /// Geom(p) on {0, 1, 2, …}: P(k) = (1 − p)^k p (failures before the first success).
    Geometric,
    /// Bernoulli(p) on {0, 1}.
    Bernoulli,
    /// Cat(p₁, …, pₙ) on {0, …, n − 1}; also written `Cat([p₁, …])` and `[p₁, …]`.
    Categorical,
}

/// Where a parameter may lie.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Domain {
    /// Any finite real.
    Real,
    /// Finite and > 0 (a scale, a rate, a shape).
    Positive,
    /// A probability in (0, 1].
    ProbabilityPositive,
    /// A probability in (0, 1).
    ProbabilityOpen,
    /// A probability in [0, 1] (an entry of a probability vector).
    Probability,
}

impl Domain {
    /// Whether `v` lies in the domain.
    ///
    /// # Examples
    ///
    /// ```
    /// use fdiv::dist::Domain;
    /// assert!(Domain::Positive.contains(2.0) && !Domain::Positive.contains(0.0));
    /// assert!(Domain::ProbabilityPositive.contains(1.0) && !Domain::ProbabilityOpen.contains(1.0));
    /// ```
    pub fn contains(self, v: f64) -> bool {
        v.is_finite()
            && match self {
                Domain::Real => true,
                Domain::Positive => v > 0.0,
                Domain::ProbabilityPositive => v > 0.0 && v <= 1.0,
                Domain::ProbabilityOpen => v > 0.0 && v < 1.0,
                Domain::Probability => (0.0..=1.0).contains(&v),
            }
    }

    /// The requirement as text, as in the constructors' errors (`finite and > 0`).
    pub fn requirement(self) -> &'static str {
        match self {
            Domain::Real => "finite",
            Domain::Positive => "finite and > 0",
            Domain::ProbabilityPositive => "in (0, 1]",
            Domain::ProbabilityOpen => "in (0, 1)",
            Domain::Probability => "in [0, 1]",
        }
    }

    /// The range a symbolic parameter is assumed to lie in (open: the symbolic engine needs
    /// log p and log(1 − p) finite), `None` for a real parameter.
    pub fn assumed_range(self) -> Option<Interval> {
        match self {
            Domain::Real => None,
            Domain::Positive => Some(Interval::positive()),
            Domain::ProbabilityPositive | Domain::ProbabilityOpen | Domain::Probability => {
                Some(Interval::open(0.0, 1.0))
            }
        }
    }
}

/// How fitting moves a parameter to an unconstrained coordinate θ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reparam {
    /// θ = the parameter (a location).
    Identity,
    /// θ = ln(parameter) (a scale, a rate, a shape).
    Log,
    /// θ = ln(parameter − parameter `from`), for an upper end above a lower one (U's b above a).
    LogGap {
        /// The index of the lower parameter.
        from: usize,
    },
    /// Not fitted: given by the user (T's degrees of freedom, written `T(3)`).
    Fixed,
}

/// One parameter of a family.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Param {
    /// The conventional name, as in the constructor's errors and fitted θ (`sd`).
    pub name: &'static str,
    /// The symbol in the symbolic log-density and moment rules (`sigma`).
    pub symbol: &'static str,
    /// Where it may lie.
    pub domain: Domain,
    /// Its coordinate when fitted.
    pub reparam: Reparam,
    /// The value when omitted (only trailing parameters: T(df) is T(df, 0, 1)).
    pub default: Option<i64>,
}

/// Where a family puts its mass, as declared (the ends may be parameters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SupportKind {
    /// The real line.
    Line,
    /// (0, ∞).
    PositiveHalfLine,
    /// [0, 1].
    UnitInterval,
    /// [a, b] with a and b the first two parameters.
    ParameterInterval,
    /// {0, 1, 2, …}.
    Naturals,
    /// {0, …, n − 1}, n = 2 for Bernoulli, the number of entries for a probability vector.
    Finite,
}

impl SupportKind {
    /// Whether the support is countable (a probability mass function).
    pub fn is_discrete(self) -> bool {
        matches!(self, SupportKind::Naturals | SupportKind::Finite)
    }
}

/// The registry's row of a family.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FamilyInfo {
    /// The short name that text is written with and shown in (`N`, `Exp`, `LogN`).
    pub name: &'static str,
    /// The long name, as in errors (`Normal`, `Exponential`).
    pub long_name: &'static str,
    /// Every name accepted (the short name first), matched exactly, then ignoring case.
    pub aliases: &'static [&'static str],
    /// The parameters, in the constructor's order (a probability vector: one entry `p`, repeated).
    pub params: &'static [Param],
    /// The arity as errors state it: `(mean, sd)`.
    pub arity: &'static str,
    /// Where the mass is.
    pub support: SupportKind,
    /// Whether `fit` can fit it from samples (a push-forward of a fixed base law).
    pub fittable: bool,
}

const fn param(name: &'static str, symbol: &'static str, domain: Domain, reparam: Reparam) -> Param {
    Param { name, symbol, domain, reparam, default: None }
}

const LOC: Param = param("loc", "mu", Domain::Real, Reparam::Identity);
const SCALE: Param = param("scale", "b", Domain::Positive, Reparam::Log);

static NORMAL: FamilyInfo = FamilyInfo {
    name: "N",
    long_name: "Normal",
    aliases: &["N", "Normal", "Gaussian", "Norm"],
    params: &[
        param("mean", "mu", Domain::Real, Reparam::Identity),
        param("sd", "sigma", Domain::Positive, Reparam::Log),
    ],
    arity: "(mean, sd)",
    support: SupportKind::Line,
    fittable: true,
};
static LAPLACE: FamilyInfo = FamilyInfo {
    name: "Laplace",
    long_name: "Laplace",
    aliases: &["Laplace"],
    params: &[LOC, SCALE],
    arity: "(loc, scale)",
    support: SupportKind::Line,
    fittable: true,
};
static LOGISTIC: FamilyInfo = FamilyInfo {
    name: "Logistic",
    long_name: "Logistic",
    aliases: &["Logistic"],
    params: &[LOC, Param { symbol: "s", ..SCALE }],
    arity: "(loc, scale)",
    support: SupportKind::Line,
    fittable: true,
};
static CAUCHY: FamilyInfo = FamilyInfo {
    name: "Cauchy",
    long_name: "Cauchy",
    aliases: &["Cauchy"],
    params: &[Param { symbol: "x0", ..LOC }, Param { symbol: "gamma", ..SCALE }],
    arity: "(loc, scale)",
    support: SupportKind::Line,
    fittable: true,
};
static STUDENT_T: FamilyInfo = FamilyInfo {
    name: "T",
    long_name: "StudentT",
    aliases: &["T", "StudentT", "Student", "t", "Student_t"],
    params: &[
        param("df", "nu", Domain::Positive, Reparam::Fixed),
        Param { default: Some(0), ..LOC },
        Param { symbol: "sigma", default: Some(1), ..SCALE },
    ],
    arity: "(df) or (df, loc, scale)",
    support: SupportKind::Line,
    fittable: true,
};
static EXPONENTIAL: FamilyInfo = FamilyInfo {
    name: "Exp",
    long_name: "Exponential",
    aliases: &["Exp", "Exponential", "Expo"],
    params: &[param("rate", "lambda", Domain::Positive, Reparam::Log)],
    arity: "(rate)",
    support: SupportKind::PositiveHalfLine,
    fittable: true,
};
static GAMMA: FamilyInfo = FamilyInfo {
    name: "Gamma",
    long_name: "Gamma",
    aliases: &["Gamma"],
    params: &[
        param("shape", "alpha", Domain::Positive, Reparam::Log),
        param("rate", "beta", Domain::Positive, Reparam::Log),
    ],
    arity: "(shape, rate)",
    support: SupportKind::PositiveHalfLine,
    fittable: true,
};
static LOG_NORMAL: FamilyInfo = FamilyInfo {
    name: "LogN",
    long_name: "LogNormal",
    aliases: &["LogN", "LogNormal", "Lognormal", "LN"],
    params: &[
        param("mu", "mu", Domain::Real, Reparam::Identity),
        param("sigma", "sigma", Domain::Positive, Reparam::Log),
    ],
    arity: "(mu, sigma)",
    support: SupportKind::PositiveHalfLine,
    fittable: true,
};
static BETA: FamilyInfo = FamilyInfo {
    name: "Beta",
    long_name: "Beta",
    aliases: &["Beta"],
    params: &[param("a", "a", Domain::Positive, Reparam::Log), param("b", "b", Domain::Positive, Reparam::Log)],
    arity: "(a, b)",
    support: SupportKind::UnitInterval,
    fittable: false,
};
static UNIFORM: FamilyInfo = FamilyInfo {
    name: "U",
    long_name: "Uniform",
    aliases: &["U", "Uniform", "Unif"],
    params: &[
        param("a", "a", Domain::Real, Reparam::Identity),
        param("b", "b", Domain::Real, Reparam::LogGap { from: 0 }),
    ],
    arity: "(a, b)",
    support: SupportKind::ParameterInterval,
    fittable: true,
};
static POISSON: FamilyInfo = FamilyInfo {
    name: "Poisson",
    long_name: "Poisson",
    aliases: &["Poisson", "Pois"],
    params: &[param("rate", "lambda", Domain::Positive, Reparam::Log)],
    arity: "(rate)",
    support: SupportKind::Naturals,
    fittable: false,
};
static GEOMETRIC: FamilyInfo = FamilyInfo {
    name: "Geom",
    long_name: "Geometric",
    aliases: &["Geom", "Geometric"],
    params: &[param("p", "p", Domain::ProbabilityPositive, Reparam::Identity)],
    arity: "(p)",
    support: SupportKind::Naturals,
    fittable: false,
};
static BERNOULLI: FamilyInfo = FamilyInfo {
    name: "Bernoulli",
    long_name: "Bernoulli",
    aliases: &["Bernoulli", "Bern"],
    params: &[param("p", "p", Domain::Probability, Reparam::Identity)],
    arity: "(p)",
    support: SupportKind::Finite,
    fittable: false,
};
static CATEGORICAL: FamilyInfo = FamilyInfo {
    name: "Cat",
    long_name: "Categorical",
    aliases: &["Cat", "Categorical"],
    params: &[param("p", "p", Domain::Probability, Reparam::Identity)],
    arity: "(p1, p2, ...) or ([p1, p2, ...])",
    support: SupportKind::Finite,
    fittable: false,
};

/// How the density behaves toward one end of the support: the data issue 13's numeric layer
/// reads to decide integrability. Expressions are in the family's parameter symbols.
#[derive(Debug, Clone, PartialEq)]
pub enum Decay {
    /// log p(x) ~ −(x − m)²/(2σ²): Gaussian.
    Gaussian {
        /// σ.
        sigma: Expr,
    },
    /// p(x) ~ |x|^power · e^(−rate·|x|).
    Exponential {
        /// The rate.
        rate: Expr,
        /// The power of the prefactor (0 for a pure exponential).
        power: Expr,
    },
    /// p(x) ~ |x|^exponent toward ±∞ (exponent < −1 for a density).
    Power {
        /// The exponent, e.g. −(ν + 1) for Student's t.
        exponent: Expr,
    },
    /// log p(x) ~ −(log x − μ)²/(2σ²) toward 0 and ∞: log-normal (faster than any power at 0,
    /// slower than any exponential at ∞).
    LogGaussian {
        /// σ.
        sigma: Expr,
    },
    /// At a finite end a: p(x) ~ |x − a|^exponent (0: a jump to a positive value; < 0: an
    /// integrable pole, as Gamma's at 0 with shape < 1).
    Edge {
        /// The exponent.
        exponent: Expr,
    },
    /// On the counts, toward ∞: log P(k) ~ −k·log k (Poisson).
    Factorial,
    /// On the counts, toward ∞: P(k) ~ ratio^k.
    Geometric {
        /// The ratio, e.g. 1 − p.
        ratio: Expr,
    },
    /// The last point of a finite support: nothing beyond it.
    Finite,
}

/// Where an end of the support is.
#[derive(Debug, Clone, PartialEq)]
pub enum EndPoint {
    /// −∞.
    NegInfinity,
    /// +∞.
    PosInfinity,
    /// A finite point, possibly a parameter (`a` for U(a, b)).
    At(Expr),
}

/// One end of the support and how the density behaves there.
#[derive(Debug, Clone, PartialEq)]
pub struct End {
    /// Where the end is.
    pub at: EndPoint,
    /// The behaviour toward it.
    pub decay: Decay,
}

/// The two ends of a family's support.
#[derive(Debug, Clone, PartialEq)]
pub struct Ends {
    /// The lower end.
    pub lower: End,
    /// The upper end.
    pub upper: End,
}

/// A moment that closed forms take the expectation of (the atoms of `closed_form::expect`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// `E[x]`.
    Mean,
    /// `E[(x − c)²]` (c = 0: `E[x²]`).
    SquareAround,
    /// `E[|x − c|]`.
    AbsAround,
    /// `E[log x]`.
    Log,
    /// `E[(log x − c)²]`.
    LogSquareAround,
}

impl Moment {
    /// The rule's stable name in derivations (`moment-square`).
    pub fn rule_name(self) -> &'static str {
        match self {
            Moment::Mean => "moment-mean",
            Moment::SquareAround => "moment-square",
            Moment::AbsAround => "moment-abs",
            Moment::Log => "moment-log",
            Moment::LogSquareAround => "moment-log-square",
        }
    }
}

// small builders for the expressions below: no text is parsed
fn sym(name: &str) -> Expr {
    Expr::symbol(name)
}
fn int(n: i64) -> Expr {
    Expr::int(n)
}
fn log(e: &Expr) -> Expr {
    e.apply(Math::Log)
}
fn exp(e: &Expr) -> Expr {
    e.apply(Math::Exp)
}
fn lgamma(e: &Expr) -> Expr {
    e.apply(Math::Lgamma)
}
fn digamma(e: &Expr) -> Expr {
    e.apply(Math::Digamma)
}
fn abs(e: &Expr) -> Expr {
    e.apply(Math::Abs)
}
fn pow(a: &Expr, k: i64) -> Expr {
    a.combine(Math::Pow, &int(k))
}
fn pi() -> Expr {
    Expr::leaf(Math::Pi)
}

impl Family {
    /// Every family, in the registry's order.
    pub const ALL: [Family; 14] = [
        Family::Normal,
        Family::Laplace,
        Family::Logistic,
        Family::Cauchy,
        Family::StudentT,
        Family::Exponential,
        Family::Gamma,
        Family::LogNormal,
        Family::Beta,
        Family::Uniform,
        Family::Poisson,
        Family::Geometric,
        Family::Bernoulli,
        Family::Categorical,
    ];

    /// The registry's row.
    pub fn info(self) -> &'static FamilyInfo {
        match self {
            Family::Normal => &NORMAL,
            Family::Laplace => &LAPLACE,
            Family::Logistic => &LOGISTIC,
            Family::Cauchy => &CAUCHY,
            Family::StudentT => &STUDENT_T,
            Family::Exponential => &EXPONENTIAL,
            Family::Gamma => &GAMMA,
            Family::LogNormal => &LOG_NORMAL,
            Family::Beta => &BETA,
            Family::Uniform => &UNIFORM,
            Family::Poisson => &POISSON,
            Family::Geometric => &GEOMETRIC,
            Family::Bernoulli => &BERNOULLI,
            Family::Categorical => &CATEGORICAL,
        }
    }

    /// The short name (`N`, `Exp`, …).
    pub fn short(self) -> &'static str {
        self.info().name
    }

    /// Whether the family lives on a countable set.
    pub fn is_discrete(self) -> bool {
        self.info().support.is_discrete()
    }

    /// The parameter symbols of the symbolic log-density, in order.
    pub fn symbols(self) -> Vec<&'static str> {
        self.info().params.iter().map(|p| p.symbol).collect()
    }

    /// The log-density (log-mass for a discrete family) in `x` and the parameter symbols, valid on
    /// the interior of the support; `None` for [`Family::Categorical`], whose log-mass is
    /// log p_x entry by entry.
    ///
    /// # Examples
    ///
    /// ```
    /// use fdiv::dist::Family;
    /// let g = Family::Gamma.log_density().unwrap();
    /// assert_eq!(g.to_string(), "alpha*log(beta) - lgamma(alpha) + (alpha - 1)*log(x) - beta*x");
    /// ```
    pub fn log_density(self) -> Option<Expr> {
        let x = sym(VARIABLE);
        let (one, two) = (int(1), int(2));
        // −(x − m)²/(2σ²)
        let gaussian = |x: &Expr, m: &Expr, s: &Expr| &(-&pow(&(x - m), 2)) / &(&two * &pow(s, 2));
        let log_2pi_half = &log(&(&two * &pi())) / &two;
        let e = match self {
            Family::Normal => {
                let (mu, sigma) = (sym("mu"), sym("sigma"));
                &(&gaussian(&x, &mu, &sigma) - &log(&sigma)) - &log_2pi_half
            }
            Family::Laplace => {
                let (mu, b) = (sym("mu"), sym("b"));
                &(&(-&abs(&(&x - &mu))) / &b) - &log(&(&two * &b))
            }
            Family::Logistic => {
                let (mu, s) = (sym("mu"), sym("s"));
                let z = &(-&(&x - &mu)) / &s;
                &(&z - &log(&s)) - &(&two * &log(&(&one + &exp(&(&(-&(&x - &mu)) / &s)))))
            }
            Family::Cauchy => {
                let (x0, gamma) = (sym("x0"), sym("gamma"));
                &(-&log(&(&pi() * &gamma))) - &log(&(&one + &pow(&(&(&x - &x0) / &gamma), 2)))
            }
            Family::StudentT => {
                let (nu, mu, sigma) = (sym("nu"), sym("mu"), sym("sigma"));
                let half_nu1 = &(&nu + &one) / &two;
                let head =
                    &(&(&lgamma(&half_nu1) - &lgamma(&(&nu / &two))) - &(&log(&(&nu * &pi())) / &two)) - &log(&sigma);
                let inner = &one + &(&pow(&(&(&x - &mu) / &sigma), 2) / &nu);
                &head - &(&(&(&nu + &one) / &two) * &log(&inner))
            }
            Family::Exponential => {
                let lambda = sym("lambda");
                &log(&lambda) - &(&lambda * &x)
            }
            Family::Gamma => {
                let (alpha, beta) = (sym("alpha"), sym("beta"));
                &(&(&(&alpha * &log(&beta)) - &lgamma(&alpha)) + &(&(&alpha - &one) * &log(&x))) - &(&beta * &x)
            }
            Family::LogNormal => {
                let (mu, sigma) = (sym("mu"), sym("sigma"));
                &(&(&(-&log(&x)) - &log(&sigma)) - &log_2pi_half)
                    - &(&pow(&(&log(&x) - &mu), 2) / &(&two * &pow(&sigma, 2)))
            }
            Family::Beta => {
                let (a, b) = (sym("a"), sym("b"));
                let norm = &(&lgamma(&(&a + &b)) - &lgamma(&a)) - &lgamma(&b);
                &(&norm + &(&(&a - &one) * &log(&x))) + &(&(&b - &one) * &log(&(&one - &x)))
            }
            Family::Uniform => -&log(&(&sym("b") - &sym("a"))),
            Family::Poisson => {
                let lambda = sym("lambda");
                &(&(&x * &log(&lambda)) - &lambda) - &lgamma(&(&x + &one))
            }
            Family::Geometric => {
                let p = sym("p");
                &(&x * &log(&(&one - &p))) + &log(&p)
            }
            Family::Bernoulli => {
                let p = sym("p");
                &(&x * &log(&p)) + &(&(&one - &x) * &log(&(&one - &p)))
            }
            Family::Categorical => return None,
        };
        Some(e)
    }

    /// The behaviour of the density at both ends of its support (tails and singular ends), in the
    /// parameter symbols; for a probability vector the ends of {0, …, n − 1} with n symbolic.
    ///
    /// # Examples
    ///
    /// ```
    /// use fdiv::dist::{Decay, Family};
    /// let g = Family::Gamma.ends();
    /// let Decay::Edge { exponent } = &g.lower.decay else { panic!() };
    /// assert_eq!(exponent.to_string(), "alpha - 1");
    /// let Decay::Power { exponent } = Family::StudentT.ends().upper.decay else { panic!() };
    /// assert_eq!(exponent.to_string(), "-(nu + 1)");
    /// ```
    pub fn ends(self) -> Ends {
        let (zero, one) = (int(0), int(1));
        let line = |decay: Decay| Ends {
            lower: End { at: EndPoint::NegInfinity, decay: decay.clone() },
            upper: End { at: EndPoint::PosInfinity, decay },
        };
        let half_line = |at_zero: Decay, at_infinity: Decay| Ends {
            lower: End { at: EndPoint::At(int(0)), decay: at_zero },
            upper: End { at: EndPoint::PosInfinity, decay: at_infinity },
        };
        let edge = |e: Expr| Decay::Edge { exponent: e };
        match self {
            Family::Normal => line(Decay::Gaussian { sigma: sym("sigma") }),
            Family::Laplace => line(Decay::Exponential { rate: &one / &sym("b"), power: zero }),
            Family::Logistic => line(Decay::Exponential { rate: &one / &sym("s"), power: zero }),
            Family::Cauchy => line(Decay::Power { exponent: int(-2) }),
            Family::StudentT => line(Decay::Power { exponent: -&(&sym("nu") + &one) }),
            Family::Exponential => {
                half_line(edge(zero.clone()), Decay::Exponential { rate: sym("lambda"), power: zero })
            }
            Family::Gamma => {
                let k1 = &sym("alpha") - &one;
                half_line(edge(k1.clone()), Decay::Exponential { rate: sym("beta"), power: k1 })
            }
            Family::LogNormal => {
                half_line(Decay::LogGaussian { sigma: sym("sigma") }, Decay::LogGaussian { sigma: sym("sigma") })
            }
            Family::Beta => Ends {
                lower: End { at: EndPoint::At(zero), decay: edge(&sym("a") - &one) },
                upper: End { at: EndPoint::At(one.clone()), decay: edge(&sym("b") - &one) },
            },
            Family::Uniform => Ends {
                lower: End { at: EndPoint::At(sym("a")), decay: edge(zero.clone()) },
                upper: End { at: EndPoint::At(sym("b")), decay: edge(zero) },
            },
            Family::Poisson => half_line(Decay::Finite, Decay::Factorial),
            Family::Geometric => half_line(Decay::Finite, Decay::Geometric { ratio: &one - &sym("p") }),
            Family::Bernoulli => Ends {
                lower: End { at: EndPoint::At(zero), decay: Decay::Finite },
                upper: End { at: EndPoint::At(one), decay: Decay::Finite },
            },
            Family::Categorical => Ends {
                lower: End { at: EndPoint::At(zero), decay: Decay::Finite },
                upper: End { at: EndPoint::At(&sym("n") - &one), decay: Decay::Finite },
            },
        }
    }

    /// The moment rule of the family for `m` with offset `c`, with the parameters `params`
    /// substituted; `None` when the family has no rule for it (the engine then says so).
    ///
    /// Rules centred at the location parameter drop the (μ − μ)² terms (`E[(x - m1)^2] = s1^2`
    /// under N(m1, s1)); a zero offset is left out (`E[x^2] = s^2 + m^2`).
    ///
    /// # Examples
    ///
    /// ```
    /// use fdiv::dist::{Family, Moment};
    /// use fdiv::expr::Expr;
    /// let p = [Expr::symbol("k"), Expr::symbol("b")];
    /// let m = Family::Gamma.moment(Moment::Log, &p, &Expr::int(0)).unwrap();
    /// assert_eq!(m.to_string(), "digamma(k) - log(b)");
    /// ```
    pub fn moment(self, m: Moment, params: &[Expr], c: &Expr) -> Option<Expr> {
        let template = self.moment_template(m, params, c)?;
        let mut bindings: Vec<(&str, &Expr)> = self.symbols().into_iter().zip(params.iter()).collect();
        bindings.push(("c", c));
        Some(instantiate(&template, &bindings))
    }

    /// The moment rule in the parameter symbols and `c`.
    fn moment_template(self, m: Moment, params: &[Expr], c: &Expr) -> Option<Expr> {
        use Family as F;
        use Moment as M;
        let (one, two) = (int(1), int(2));
        let cs = sym("c");
        // (a − c), or a alone for a zero offset
        let minus_c = |a: Expr| if is_zero(c) { a } else { &a - &cs };
        let centred = matches!(self, F::Normal | F::Laplace | F::LogNormal) && params.first() == Some(c);
        let (mu, sigma, b, lambda, p) = (sym("mu"), sym("sigma"), sym("b"), sym("lambda"), sym("p"));
        let (alpha, beta) = (sym("alpha"), sym("beta"));
        // Var + (E[x] − c)²
        let square = |var: Expr, mean: Expr| &var + &pow(&minus_c(mean), 2);
        Some(match (self, m) {
            (F::Normal | F::LogNormal, M::SquareAround | M::LogSquareAround) if centred => pow(&sigma, 2),
            (F::Laplace, M::SquareAround) if centred => &two * &pow(&b, 2),
            (F::Laplace, M::AbsAround) if centred => b,
            (F::Normal | F::Laplace, M::Mean) => mu,
            (F::Normal, M::SquareAround) => square(pow(&sigma, 2), mu),
            (F::Laplace, M::SquareAround) => square(&two * &pow(&b, 2), mu),
            (F::Laplace, M::AbsAround) => {
                let d = abs(&minus_c(mu));
                &d + &(&b * &exp(&(&(-&d) / &b)))
            }
            (F::Exponential, M::Mean) => &one / &lambda,
            (F::Exponential, M::SquareAround) => square(&one / &pow(&lambda, 2), &one / &lambda),
            (F::Exponential, M::Log) => &digamma(&one) - &log(&lambda),
            (F::Gamma, M::Mean) => &alpha / &beta,
            (F::Gamma, M::SquareAround) => square(&alpha / &pow(&beta, 2), &alpha / &beta),
            (F::Gamma, M::Log) => &digamma(&alpha) - &log(&beta),
            (F::LogNormal, M::Mean) => exp(&(&mu + &(&pow(&sigma, 2) / &two))),
            (F::LogNormal, M::Log) => mu,
            (F::LogNormal, M::LogSquareAround) => square(pow(&sigma, 2), mu),
            (F::Poisson, M::Mean) => lambda,
            (F::Poisson, M::SquareAround) => square(lambda.clone(), lambda),
            (F::Geometric, M::Mean) => &(&one - &p) / &p,
            (F::Geometric, M::SquareAround) => square(&(&one - &p) / &pow(&p, 2), &(&one - &p) / &p),
            (F::Bernoulli, M::Mean) => p,
            (F::Bernoulli, M::SquareAround) => square(&p * &(&one - &p), p),
            (F::Beta, M::Mean) => {
                let (a, b) = (sym("a"), sym("b"));
                &a / &(&a + &b)
            }
            (F::Beta, M::Log) => {
                let (a, b) = (sym("a"), sym("b"));
                &digamma(&a) - &digamma(&(&a + &b))
            }
            (F::Uniform, M::Mean) => {
                let (a, b) = (sym("a"), sym("b"));
                &(&a + &b) / &two
            }
            (F::Uniform, M::SquareAround) => {
                let (a, b) = (sym("a"), sym("b"));
                square(&pow(&(&b - &a), 2) / &int(12), &(&a + &b) / &two)
            }
            _ => return None,
        })
    }

    /// The numeric distribution with these parameters (in the constructor's order; omitted
    /// trailing parameters take their defaults), validated by the family's constructor.
    ///
    /// # Errors
    ///
    /// [`DistError::Arity`] for the wrong number of parameters, the constructors' errors for a
    /// value outside its domain.
    ///
    /// # Examples
    ///
    /// ```
    /// use fdiv::dist::Family;
    /// assert_eq!(Family::StudentT.build(&[3.0]).unwrap().to_string(), "T(3, 0, 1)");
    /// assert_eq!(Family::Bernoulli.build(&[0.25]).unwrap().to_string(), "[0.75, 0.25]");
    /// assert!(Family::Gamma.build(&[1.0]).is_err());
    /// ```
    pub fn build(self, values: &[f64]) -> Result<Distribution, DistError> {
        let info = self.info();
        let arity = || DistError::Arity { family: info.long_name, expected: info.arity, found: values.len() };
        if self == Family::Categorical {
            return Ok(Discrete::new(values.to_vec())?.into());
        }
        let v = self.complete(values.len()).ok_or_else(arity).map(|defaults| {
            let mut v = values.to_vec();
            v.extend(defaults.into_iter().map(|d| d as f64));
            v
        })?;
        Ok(match self {
            Family::Normal => Normal::new(v[0], v[1])?.into(),
            Family::Laplace => Laplace::new(v[0], v[1])?.into(),
            Family::Logistic => Logistic::new(v[0], v[1])?.into(),
            Family::Cauchy => Cauchy::new(v[0], v[1])?.into(),
            Family::StudentT => StudentT::new(v[0], v[1], v[2])?.into(),
            Family::Exponential => Exponential::new(v[0])?.into(),
            Family::Gamma => Gamma::new(v[0], v[1])?.into(),
            Family::LogNormal => LogNormal::new(v[0], v[1])?.into(),
            Family::Beta => Beta::new(v[0], v[1])?.into(),
            Family::Uniform => Uniform::new(v[0], v[1])?.into(),
            Family::Poisson => Poisson::new(v[0])?.into(),
            Family::Geometric => Geometric::new(v[0])?.into(),
            Family::Bernoulli => {
                let p = v[0];
                if !Domain::Probability.contains(p) {
                    return Err(DistError::InvalidParameter {
                        family: "Bernoulli",
                        parameter: "p",
                        value: p,
                        requirement: Domain::Probability.requirement(),
                    });
                }
                Discrete::new(vec![1.0 - p, p])?.into()
            }
            Family::Categorical => unreachable!("handled above"),
        })
    }

    /// The defaults that complete `given` parameters to the full list, or `None` when `given`
    /// is not an accepted arity (every parameter, or all but some trailing ones with defaults).
    /// A probability vector takes any positive number of entries.
    pub fn complete(self, given: usize) -> Option<Vec<i64>> {
        let params = self.info().params;
        if self == Family::Categorical {
            return (given > 0).then(Vec::new);
        }
        if given > params.len() {
            return None;
        }
        params[given..].iter().map(|p| p.default).collect()
    }

    /// The parameter at position `i` (a probability vector: every entry is `p`).
    pub fn param(self, i: usize) -> Option<&'static Param> {
        let params = self.info().params;
        if self == Family::Categorical { params.first() } else { params.get(i) }
    }

    /// The fitted parameters from unconstrained coordinates θ (one per non-[`Reparam::Fixed`]
    /// parameter, in order), with the fixed ones taken from `fixed` in order.
    ///
    /// # Examples
    ///
    /// ```
    /// use fdiv::dist::Family;
    /// // U(a, b) is fitted as (a, ln(b − a))
    /// assert_eq!(Family::Uniform.from_unconstrained(&[1.0, 0.0], &[]), Some(vec![1.0, 2.0]));
    /// // T(3, loc, scale): df given, (loc, ln scale) fitted
    /// assert_eq!(Family::StudentT.from_unconstrained(&[0.5, 0.0], &[3.0]), Some(vec![3.0, 0.5, 1.0]));
    /// ```
    pub fn from_unconstrained(self, theta: &[f64], fixed: &[f64]) -> Option<Vec<f64>> {
        let params = self.info().params;
        let mut out = Vec::with_capacity(params.len());
        let (mut t, mut f) = (theta.iter(), fixed.iter());
        for p in params {
            let v = match p.reparam {
                Reparam::Identity => *t.next()?,
                Reparam::Log => t.next()?.exp(),
                Reparam::LogGap { from } => *out.get(from)? + t.next()?.exp(),
                Reparam::Fixed => *f.next()?,
            };
            out.push(v);
        }
        Some(out)
    }
}

/// The family named `name`: an exact match of a name or alias first, then one ignoring case.
///
/// # Errors
///
/// [`DistError::UnknownName`] with the closest name, if one is close.
///
/// # Examples
///
/// ```
/// use fdiv::dist::{Family, lookup};
/// assert_eq!(lookup("Pois").unwrap(), Family::Poisson);
/// assert_eq!(lookup("lognormal").unwrap(), Family::LogNormal);
/// assert_eq!(lookup("Gama").unwrap_err().to_string(), "unknown distribution 'Gama' (did you mean 'Gamma'?)");
/// ```
pub fn lookup(name: &str) -> Result<Family, DistError> {
    let all = || Family::ALL.iter().flat_map(|f| f.info().aliases.iter().map(move |a| (*a, *f)));
    if let Some((_, f)) = all().find(|(n, _)| *n == name) {
        return Ok(f);
    }
    if let Some((_, f)) = all().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
        return Ok(f);
    }
    let lower = name.to_lowercase();
    let suggestion = all()
        .map(|(n, _)| (edit_distance(&lower, &n.to_lowercase()), n))
        .filter(|(d, n)| *d <= 2.max(n.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n.to_string());
    Err(DistError::UnknownName { name: name.to_string(), suggestion })
}

/// Every accepted name, each with its family (short names first within a family).
pub fn names() -> Vec<(&'static str, Family)> {
    Family::ALL.iter().flat_map(|f| f.info().aliases.iter().map(move |a| (*a, *f))).collect()
}

/// Levenshtein distance (small strings only).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

fn is_zero(c: &Expr) -> bool {
    matches!(c.node(c.root()), Math::Num(r) if r.is_zero())
}

/// Substitutes every symbol named in `bindings` at once (a replacement is never substituted into
/// again, so a parameter called `mu` in a replacement is safe).
///
/// # Examples
///
/// ```
/// use fdiv::dist::instantiate;
/// use fdiv::expr::Expr;
/// let t = Expr::parse("mu + sigma").unwrap();
/// let (a, b) = (Expr::parse("sigma").unwrap(), Expr::parse("mu").unwrap());
/// assert_eq!(instantiate(&t, &[("mu", &a), ("sigma", &b)]).to_string(), "sigma + mu");
/// ```
pub fn instantiate(template: &Expr, bindings: &[(&str, &Expr)]) -> Expr {
    let mut rec = egg::RecExpr::<Math>::default();
    let mut new_ids: Vec<egg::Id> = Vec::with_capacity(template.nodes().len());
    for node in template.nodes() {
        let replacement = match node {
            Math::Symbol(s) => bindings.iter().find(|(n, _)| *n == s.as_str()).map(|(_, e)| *e),
            _ => None,
        };
        let id = match replacement {
            Some(r) => {
                let offset = rec.as_ref().len();
                for n in r.nodes() {
                    rec.add(egg::Language::map_children(n.clone(), |c| egg::Id::from(usize::from(c) + offset)));
                }
                egg::Id::from(rec.as_ref().len() - 1)
            }
            None => rec.add(egg::Language::map_children(node.clone(), |c| new_ids[usize::from(c)])),
        };
        new_ids.push(id);
    }
    let root = new_ids[new_ids.len() - 1];
    // a nonempty template gives a nonempty RecExpr
    Expr::from_rec(rec).expect("nonempty").subexpr(root)
}

/// The value of a constant expression (no symbols), exactly when rational, else by f64;
/// `None` for an expression with symbols or a non-finite value.
///
/// # Examples
///
/// ```
/// use fdiv::dist::constant_value;
/// use fdiv::expr::Expr;
/// assert_eq!(constant_value(&Expr::parse("1/4").unwrap()), Some(0.25));
/// assert_eq!(constant_value(&Expr::parse("s").unwrap()), None);
/// ```
pub fn constant_value(e: &Expr) -> Option<f64> {
    if !e.free_symbols().is_empty() {
        return None;
    }
    if let Ok(r) = exact::eval_constant(e) {
        return Some(r.to_f64());
    }
    let v = crate::numeric::Compiled::new(e, &[]).ok()?.eval(&[]);
    v.is_finite().then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The texts the log-densities and moment rules were written in before the registry built
    /// them: the built trees must be the same trees (the derivation snapshots depend on them).
    const LOG_DENSITIES: [(Family, &str); 13] = [
        (Family::Normal, "-(x - mu)^2/(2*sigma^2) - log(sigma) - log(2*pi)/2"),
        (Family::Laplace, "-abs(x - mu)/b - log(2*b)"),
        (Family::Logistic, "-(x - mu)/s - log(s) - 2*log(1 + exp(-(x - mu)/s))"),
        (Family::Cauchy, "-log(pi*gamma) - log(1 + ((x - x0)/gamma)^2)"),
        (
            Family::StudentT,
            "lgamma((nu + 1)/2) - lgamma(nu/2) - log(nu*pi)/2 - log(sigma) - (nu + 1)/2*log(1 + ((x - mu)/sigma)^2/nu)",
        ),
        (Family::Exponential, "log(lambda) - lambda*x"),
        (Family::Gamma, "alpha*log(beta) - lgamma(alpha) + (alpha - 1)*log(x) - beta*x"),
        (Family::LogNormal, "-log(x) - log(sigma) - log(2*pi)/2 - (log(x) - mu)^2/(2*sigma^2)"),
        (Family::Beta, "lgamma(a + b) - lgamma(a) - lgamma(b) + (a - 1)*log(x) + (b - 1)*log(1 - x)"),
        (Family::Uniform, "-log(b - a)"),
        (Family::Poisson, "x*log(lambda) - lambda - lgamma(x + 1)"),
        (Family::Geometric, "x*log(1 - p) + log(p)"),
        (Family::Bernoulli, "x*log(p) + (1 - x)*log(1 - p)"),
    ];

    #[test]
    fn built_log_densities_are_the_former_texts() {
        for (f, text) in LOG_DENSITIES {
            let built = f.log_density().unwrap();
            assert_eq!(built, Expr::parse(text).unwrap(), "{f:?}: {built}");
            // every symbol is x or a parameter
            for s in built.free_symbols() {
                assert!(s.as_str() == VARIABLE || f.symbols().contains(&s.as_str()), "{f:?}: {s}");
            }
        }
        assert!(Family::Categorical.log_density().is_none());
    }

    #[test]
    fn built_moments_are_the_former_templates() {
        use Moment as M;
        let rows: [(Family, Moment, &str, bool); 23] = [
            (Family::Normal, M::Mean, "mu", false),
            (Family::Normal, M::SquareAround, "sigma^2 + (mu - c)^2", false),
            (Family::Laplace, M::Mean, "mu", false),
            (Family::Laplace, M::SquareAround, "2*b^2 + (mu - c)^2", false),
            (Family::Laplace, M::AbsAround, "abs(mu - c) + b*exp(-abs(mu - c)/b)", false),
            (Family::Exponential, M::Mean, "1/lambda", false),
            (Family::Exponential, M::SquareAround, "1/lambda^2 + (1/lambda - c)^2", false),
            (Family::Exponential, M::Log, "digamma(1) - log(lambda)", false),
            (Family::Gamma, M::Mean, "alpha/beta", false),
            (Family::Gamma, M::SquareAround, "alpha/beta^2 + (alpha/beta - c)^2", false),
            (Family::Gamma, M::Log, "digamma(alpha) - log(beta)", false),
            (Family::LogNormal, M::Mean, "exp(mu + sigma^2/2)", false),
            (Family::LogNormal, M::Log, "mu", false),
            (Family::LogNormal, M::LogSquareAround, "sigma^2 + (mu - c)^2", false),
            (Family::Poisson, M::Mean, "lambda", false),
            (Family::Poisson, M::SquareAround, "lambda + (lambda - c)^2", false),
            (Family::Geometric, M::Mean, "(1 - p)/p", false),
            (Family::Geometric, M::SquareAround, "(1 - p)/p^2 + ((1 - p)/p - c)^2", false),
            (Family::Bernoulli, M::Mean, "p", false),
            (Family::Bernoulli, M::SquareAround, "p*(1 - p) + (p - c)^2", false),
            (Family::Normal, M::SquareAround, "sigma^2", true),
            (Family::Laplace, M::SquareAround, "2*b^2", true),
            (Family::Laplace, M::AbsAround, "b", true),
        ];
        for (f, m, text, centred) in rows {
            let params: Vec<Expr> = f.symbols().iter().map(|s| Expr::symbol(&format!("{s}1"))).collect();
            for c in [Expr::symbol("m2"), Expr::int(0)] {
                let c = if centred { params[0].clone() } else { c };
                let bindings: Vec<(&str, &Expr)> =
                    f.symbols().into_iter().zip(params.iter()).chain([("c", &c)]).collect();
                let text = if is_zero(&c) { text.replace(" - c", "") } else { text.to_string() };
                let old = instantiate(&Expr::parse(&text).unwrap(), &bindings);
                assert_eq!(f.moment(m, &params, &c), Some(old), "{f:?} {m:?} c = {c}");
            }
        }
    }

    #[test]
    fn names_are_unique_and_resolve() {
        let all = names();
        for (i, (n, f)) in all.iter().enumerate() {
            assert_eq!(lookup(n).unwrap(), *f, "{n}");
            assert!(all[..i].iter().all(|(m, _)| m != n), "{n} twice");
        }
        for f in Family::ALL {
            assert_eq!(f.info().aliases[0], f.info().name);
            assert_eq!(lookup(f.info().long_name).unwrap(), f);
        }
    }
}
