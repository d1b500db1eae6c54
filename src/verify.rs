//! Generator checks: f(1) = 0, convexity on (0, ∞), lower semicontinuity, f(0+) and f'(∞).
//!
//! [`check`] returns a [`Report`] whose verdicts are proof-carrying: [`Verdict::Proved`] with a
//! [`Certificate`] that can be re-checked, [`Verdict::Refuted`] with a [`Witness`] made of exact
//! numbers, or [`Verdict::Unknown`] with the reason. A `Proved` is never based on floating point.
//!
//! Convexity strategies, in order (cheapest and most readable first):
//!
//! 1. *Domain*: f must be defined at every point of (0, ∞) (`domain`: a sign analysis sharpened
//!    by Sturm sequences); an exact point where it is not refutes. `abs`/`min`/`max` whose branch
//!    is fixed on (0, ∞) are replaced by it.
//! 2. *Curvature by composition* (a): the DCP calculus of [`crate::simplify::curvature`] on f as
//!    written and on its exact normal forms ((√u − 1)² is certified as u − 2√u + 1).
//! 3. *Kinks* (d): the remaining `abs`/`min`/`max` split (0, ∞) at their exact (rational) kinks;
//!    each piece is proved convex and the one-sided slopes, evaluated exactly, must not decrease.
//! 4. *Rational second derivative* (b): when f'' is a ratio of polynomials in u (or in t = u^(1/q)
//!    for roots of u), its sign is decided by Sturm sequences over exact rationals; a negative value
//!    at an exact point refutes. Then (b'): a rational part by Sturm plus terms of known sign.
//! 5. *Curvature in the e-graph* (a): f is saturated with every rule; the class's curvature
//!    fact, merged from all its forms, and the tree that carries it are read back.
//! 6. *Intervals over the e-graph of f''* (c): f'' ≥ 0 when it, or an equal form found by
//!    saturation, has a nonnegative interval enclosure (½(1/u − 1/(u+1)) via 1/(2u(u+1))).
//! 7. *Refutation* (e): a log grid searches f'' < 0; the candidate becomes a witness only when a
//!    Jensen triple of exact rationals u₁, u₂, λ with f(λu₁ + (1−λ)u₂) > λf(u₁) + (1−λ)f(u₂) is
//!    confirmed in exact rational arithmetic or, failing that, in outward-rounded interval
//!    arithmetic ([`crate::numeric::interval`]).
//! 8. Otherwise `Unknown`, saying what was tried.
//!
//! Every proof is re-checked outside the machinery that found it: a composition or enclosure
//! certificate on its tree alone, and every `Proved` against a numeric Jensen search.
//! With symbolic parameters ([`check_with`] and their declared ranges) only (a) applies, for
//! every value in the ranges; f(1) = 0 is then proved by the normal form or by rewriting.
//!
//! # Examples
//!
//! ```
//! use fdiv::generator::Generator;
//! use fdiv::verify::check;
//! let report = check(&Generator::parse("u*log(u)").unwrap());
//! assert!(report.convex.is_proved() && report.normalised.is_proved() && report.lsc.is_proved());
//! assert_eq!(report.f0.to_string(), "0");
//! let concave = check(&Generator::parse("sqrt(u) - 1").unwrap());
//! assert!(concave.convex.is_refuted());
//! ```

mod dcp;
mod domain;
mod jensen;
mod logsum;

use std::fmt;

use num_rational::BigRational;
use num_traits::{Signed, Zero};

use crate::calculus::{self, Limit, limit_at_zero, slope_at_infinity};
use crate::expr::exact::{ExactError, eval_constant, fold_constants};
use crate::expr::{Expr, Math, Rational};
use crate::generator::{Generator, VARIABLE};
use crate::numeric::Compiled;
use crate::numeric::interval::enclose;
use crate::poly::{Poly, RationalFunction, Sign, sign_on_interval};
use crate::simplify::{Assumptions, Limits, simplify};
use domain::{Definedness, analyse};
pub use jensen::{Confirmation, Jensen};

/// The outcome of one check.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Proved, with the certificate.
    Proved(Box<Certificate>),
    /// Refuted, with concrete numbers.
    Refuted(Witness),
    /// Not decided, with the reason.
    Unknown(String),
}

impl Verdict {
    /// `"proved"`, `"refuted"` or `"unknown"`.
    pub fn status(&self) -> &'static str {
        match self {
            Verdict::Proved(_) => "proved",
            Verdict::Refuted(_) => "refuted",
            Verdict::Unknown(_) => "unknown",
        }
    }

    /// Whether proved.
    pub fn is_proved(&self) -> bool {
        matches!(self, Verdict::Proved(_))
    }

    /// Whether refuted.
    pub fn is_refuted(&self) -> bool {
        matches!(self, Verdict::Refuted(_))
    }

    /// The witness of a refutation.
    pub fn witness(&self) -> Option<&Witness> {
        match self {
            Verdict::Refuted(w) => Some(w),
            _ => None,
        }
    }

    /// The reason of an unknown.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Verdict::Unknown(r) => Some(r),
            _ => None,
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Verdict::Proved(c) => write!(f, "proved: {c}"),
            Verdict::Refuted(w) => write!(f, "refuted: {w}"),
            Verdict::Unknown(r) => write!(f, "unknown: {r}"),
        }
    }
}

/// Why a property holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Certificate {
    /// f(1) evaluates to exactly 0; `steps` is the e-graph derivation, when it found one.
    ExactValue {
        /// f(1), unsimplified.
        at_one: Expr,
        /// The derivation f(1) ⟶ 0, as text.
        steps: Option<String>,
    },
    /// f'' is a rational function of t = u^(1/root) whose sign on the interval was decided by
    /// Sturm sequences.
    SecondDerivative {
        /// f'' as derived.
        second: Expr,
        /// Numerator in t.
        num: Poly,
        /// Denominator in t.
        den: Poly,
        /// u = t^root.
        root: u32,
        /// The interval of u, as text.
        interval: String,
    },
    /// f'' is a sum whose rational part (combined exactly) is ≥ 0 by Sturm sequences and whose
    /// other terms are each ≥ 0 by a sign analysis (`exp(…) > 0`, positive powers, …).
    TermSigns {
        /// The rational part of f'', combined: numerator in u.
        num: Poly,
        /// Its denominator in u.
        den: Poly,
        /// The other terms, each proved ≥ 0.
        others: Vec<Expr>,
        /// The interval of u, as text.
        interval: String,
    },
    /// Convex on each piece between kinks, with one-sided slopes that do not decrease.
    Kinks {
        /// The certificate of each piece.
        pieces: Vec<Certificate>,
        /// (kink, left slope, right slope), exact constant expressions.
        slopes: Vec<(Rational, Expr, Expr)>,
    },
    /// Strategy (a): `form`, equal to f, is convex by the composition rules of disciplined
    /// convex programming ([`crate::simplify::curvature`]), re-checked on that tree alone.
    Curvature {
        /// The form that carries the proof.
        form: Expr,
        /// How it is known equal to f (`as written`, the exact normal form, e-graph rewriting).
        equal_by: String,
        /// The proof's non-constant steps, `subterm: shape (rule)`, innermost first.
        steps: Vec<String>,
        /// The interval of u, as text.
        interval: String,
    },
    /// Strategy (c): f'' ≥ 0 because an equal form of it has a nonnegative interval enclosure
    /// (found among the forms of its e-class, re-checked on that tree alone).
    Enclosure {
        /// f'' as derived.
        second: Expr,
        /// The form whose enclosure is nonnegative.
        form: Expr,
        /// How it is known equal to f''.
        equal_by: String,
        /// Its enclosure over the interval, as text.
        range: String,
        /// The interval of u, as text.
        interval: String,
    },
    /// Convex on (0, ∞), so continuous there, with f(0) := f(0+) ∈ (−∞, ∞].
    Semicontinuous {
        /// f(0+).
        f0: Limit,
    },
}

impl fmt::Display for Certificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Certificate::ExactValue { at_one, steps } => match steps {
                None => write!(f, "f(1) = {at_one} = 0 (exact)"),
                Some(s) => write!(f, "f(1) = {at_one} = 0 by rewriting: {}", s.trim().replace('\n', " ")),
            },
            Certificate::SecondDerivative { num, den, root, interval, .. } => {
                let reduced = rational_form(num, den, *root);
                let how =
                    if *root == 1 { String::new() } else { format!(" (a rational function of t = u^(1/{root}))") };
                write!(f, "f''(u) = {reduced} >= 0 on {interval}{how}, by Sturm sequences")
            }
            Certificate::TermSigns { num, den, others, interval } => {
                let terms: Vec<String> = others.iter().map(|e| format!("{e} >= 0")).collect();
                write!(
                    f,
                    "f'' = {} + (other terms) on {interval}: the rational part >= 0 by Sturm sequences, and {} by signs",
                    rational_form(num, den, 1),
                    terms.join(", ")
                )
            }
            Certificate::Kinks { pieces, slopes } => {
                write!(f, "kinks at ")?;
                let at: Vec<String> = slopes.iter().map(|(k, l, r)| format!("u = {k} (slopes {l} ≤ {r})")).collect();
                write!(f, "{}; pieces: ", at.join(", "))?;
                let p: Vec<String> = pieces.iter().map(|c| format!("[{c}]")).collect();
                write!(f, "{}", p.join(" "))
            }
            Certificate::Curvature { form, equal_by, steps, interval } => {
                write!(f, "{form} ({equal_by}) is convex on {interval} by composition: {}", steps.join("; "))
            }
            Certificate::Enclosure { second, form, equal_by, range, interval } => {
                if form == second {
                    write!(f, "f''(u) = {second} lies in {range} for u in {interval}, by interval arithmetic")
                } else {
                    write!(
                        f,
                        "f''(u) = {second} = {form} ({equal_by}), which lies in {range} for u in {interval}, by interval arithmetic"
                    )
                }
            }
            Certificate::Semicontinuous { f0 } => {
                write!(
                    f,
                    "convex on (0, inf), hence continuous there; with f(0) := f(0+) = {f0}, lower semicontinuous on [0, inf)"
                )
            }
        }
    }
}

/// Concrete numbers that refute a property; each can be checked by hand.
#[derive(Debug, Clone, PartialEq)]
pub enum Witness {
    /// f(1) ≠ 0.
    Value {
        /// f(1), exact or simplified.
        value: Expr,
        /// Its numeric value.
        numeric: f64,
    },
    /// f is undefined at the point u = `at` of (0, ∞).
    Undefined {
        /// The point.
        at: Rational,
        /// Why.
        why: String,
    },
    /// f''(at) < 0, exact, where f is twice differentiable.
    Concave {
        /// The point.
        at: Rational,
        /// f''(at), exact.
        second: Rational,
        /// A Jensen triple, when one was confirmed exactly.
        jensen: Option<Box<Jensen>>,
    },
    /// The slope decreases across a kink.
    ConcaveKink {
        /// The kink.
        at: Rational,
        /// f'(at−), an exact constant expression.
        left: Expr,
        /// f'(at+), an exact constant expression.
        right: Expr,
    },
    /// A Jensen violation, confirmed exactly or by interval arithmetic.
    Jensen(Box<Jensen>),
}

impl fmt::Display for Witness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // six significant digits also for a tiny value (1e-7 is not "0.000000")
            Witness::Value { value, numeric } if numeric.abs() < 1e-4 => {
                write!(f, "f(1) = {value} ≈ {numeric:.6e} ≠ 0")
            }
            Witness::Value { value, numeric } => write!(f, "f(1) = {value} ≈ {numeric:.6} ≠ 0"),
            Witness::Undefined { at, why } => write!(f, "f is undefined at u = {at} ({why})"),
            Witness::Concave { at, second, jensen } => {
                write!(f, "f''({at}) = {second} < 0")?;
                if let Some(j) = jensen {
                    write!(f, "; {j}")?;
                }
                Ok(())
            }
            Witness::ConcaveKink { at, left, right } => {
                write!(f, "at the kink u = {at} the slope drops: f'({at}-) = {left} > f'({at}+) = {right}")
            }
            Witness::Jensen(j) => write!(f, "{j}"),
        }
    }
}

/// Everything [`check`] found about a generator.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// f as checked.
    pub f: Expr,
    /// f(1) = 0.
    pub normalised: Verdict,
    /// Convex on (0, ∞).
    pub convex: Verdict,
    /// Lower semicontinuous on [0, ∞) with f(0) := f(0+).
    pub lsc: Verdict,
    /// f(0+).
    pub f0: Limit,
    /// f'(∞) = lim f(u)/u.
    pub slope_inf: Limit,
    /// When f(1) ≠ 0: f − f(1), and f − f(1) − f'(1)(u − 1) where f'(1) is known.
    pub fixes: Vec<Expr>,
}

/// Checks a generator: normalisation, convexity, semicontinuity, f(0+), f'(∞).
///
/// # Examples
///
/// ```
/// use fdiv::generator::Generator;
/// use fdiv::verify::check;
/// let r = check(&Generator::parse("(u - 1)^2/(u + 1)").unwrap());
/// assert_eq!((r.normalised.status(), r.convex.status()), ("proved", "proved"));
/// assert_eq!((r.f0.to_string(), r.slope_inf.to_string()), ("1".to_string(), "1".to_string()));
/// ```
pub fn check(generator: &Generator) -> Report {
    check_expr(generator.f())
}

impl Generator {
    /// Checks this generator: f(1) = 0, convexity, semicontinuity, f(0+) and f'(∞) (see
    /// [`check`]).
    ///
    /// # Examples
    ///
    /// ```
    /// let kl = fdiv::Generator::parse("u*log(u)").unwrap();
    /// assert!(kl.check().is_valid());
    /// ```
    pub fn check(&self) -> Report {
        check(self)
    }
}

/// [`check`] for an expression in `u`.
pub fn check_expr(f: &Expr) -> Report {
    // no parameter is assumed anything: `Assumptions::default()` would make p and q positive
    check_expr_with(f, &Assumptions::none())
}

/// [`check`] with the declared ranges of symbolic parameters: convexity for *every* value in
/// the ranges is proved by composition (strategy (a)) where it can be, and is otherwise
/// unknown; f(1) = 0 is proved by the exact normal form or by rewriting.
///
/// `params` holds exactly the declared ranges: start from [`Assumptions::none`] (u > 0 is
/// added here). [`Assumptions::default`] would declare p and q positive, which is right for
/// integrands but not for a parameter that a user happens to call p.
///
/// # Examples
///
/// ```
/// use fdiv::generator::Generator;
/// use fdiv::simplify::{Assumptions, Interval};
/// use fdiv::verify::check_with;
/// let alpha = Generator::parse("(u^a - 1 - a*(u - 1))/(a*(a - 1))").unwrap();
/// let r = check_with(&alpha, &Assumptions::none().with("a", Interval::open(0.0, 1.0)));
/// assert!(r.convex.is_proved() && r.normalised.is_proved());
/// let spanning = check_with(&alpha, &Assumptions::none().with("a", Interval::open(0.0, 2.0)));
/// // an undeclared parameter ranges over ℝ, whatever its name
/// let scaled = check_with(&Generator::parse("p*(u - 1)^2").unwrap(), &Assumptions::none());
/// assert_eq!(scaled.convex.status(), "unknown");
/// assert_eq!(spanning.convex.status(), "unknown");
/// ```
pub fn check_with(generator: &Generator, params: &Assumptions) -> Report {
    check_expr_with(generator.f(), params)
}

/// [`check_with`] for an expression in `u`.
pub fn check_expr_with(f: &Expr, params: &Assumptions) -> Report {
    let params = &params.clone().positive(VARIABLE);
    let original = f;
    // constant subexpressions as exact numbers (`1/2` is a division until folded)
    let folded = fold_constants(f);
    let f = &folded;
    let normalised = normalisation(f, params);
    let fixes = if normalised.is_refuted() { fixes(f, params) } else { vec![] };
    let others: Vec<_> = f.free_symbols().into_iter().filter(|s| s.as_str() != VARIABLE).collect();
    let convex = if others.is_empty() {
        convexity(f, params)
    } else {
        let names: Vec<&str> = others.iter().map(|s| s.as_str()).collect();
        parametric_convexity(f, &names, params)
    };
    let f0 = limit_at_zero(f, VARIABLE);
    let slope_inf = slope_at_infinity(f, VARIABLE);
    let lsc = match &convex {
        Verdict::Proved(_) => Verdict::Proved(Box::new(Certificate::Semicontinuous { f0: f0.clone() })),
        _ => Verdict::Unknown("convexity on (0, inf) is not proved".into()),
    };
    Report { f: original.clone(), normalised, convex, lsc, f0, slope_inf, fixes }
}

/// f(1) = 0: exact evaluation, then the e-graph; refuted only exactly or by an enclosure that
/// excludes 0.
fn normalisation(f: &Expr, params: &Assumptions) -> Verdict {
    let at_one = f.substitute(VARIABLE, &Expr::int(1));
    match eval_constant(&at_one) {
        Ok(v) if v.is_zero() => Verdict::Proved(Box::new(Certificate::ExactValue { steps: None, at_one })),
        Ok(v) => Verdict::Refuted(Witness::Value { numeric: v.to_f64(), value: Expr::num(v) }),
        Err(ExactError::Domain { .. } | ExactError::DivisionByZero) => {
            Verdict::Refuted(Witness::Undefined { at: Rational::one(), why: "f(1) is undefined".into() })
        }
        Err(ExactError::Unbound(s)) => {
            // symbolic parameters: f(1) is 0 for every value when its exact normal form is 0
            if crate::simplify::normal::equal(&at_one, &Expr::int(0), params) == Some(true) {
                return Verdict::Proved(Box::new(Certificate::ExactValue {
                    at_one,
                    steps: Some("0 by the exact normal form, for every value of the parameters".into()),
                }));
            }
            let limits = Limits { nodes: 2_000, iterations: 8, ..Limits::default() };
            let d = simplify(&at_one, params, &limits);
            // every rewrite keeps the value on the declared ranges
            if d.result.nodes() == [Math::Num(Rational::zero())] {
                return Verdict::Proved(Box::new(Certificate::ExactValue { at_one, steps: Some(d.to_text()) }));
            }
            // the saturated class of f(1) holds the constant 0: a chain of rewrites proves it
            let saturated = crate::simplify::saturate(&d.result, params, VARIABLE, &limits);
            if saturated.egraph[saturated.root].data.constant.as_ref().is_some_and(Rational::is_zero) {
                let steps = if d.steps.is_empty() {
                    format!("{} = 0 by e-graph rewriting", d.result)
                } else {
                    format!("{}; then {} = 0 by e-graph rewriting", d.to_text().trim_end(), d.result)
                };
                return Verdict::Proved(Box::new(Certificate::ExactValue { at_one, steps: Some(steps) }));
            }
            Verdict::Unknown(format!("symbol '{s}' has no value, and f(1) was not proved 0 for all its values"))
        }
        Err(_) => {
            // r₀ + Σ cₚ log p decides exactly (logs of primes are independent over ℚ)
            let logs = logsum::log_sum(&at_one);
            if logs.as_ref().is_some_and(logsum::LogSum::is_zero) {
                return Verdict::Proved(Box::new(Certificate::ExactValue { at_one, steps: None }));
            }
            // shared subterms cancel (`X − X`), once f(1) is proved defined (interval totality)
            let mut b = crate::calculus::Builder::default();
            let folded = b.rebuild(&at_one);
            if b.constant(folded).is_some_and(Rational::is_zero) && enclose(&at_one, &|_| None).total {
                return Verdict::Proved(Box::new(Certificate::ExactValue { at_one, steps: None }));
            }
            let numeric = Compiled::new(&at_one, &[]).map(|c| c.eval(&[])).unwrap_or(f64::NAN);
            if logs.is_some() && numeric.is_finite() {
                // exactly nonzero: the value is reported with its numeric approximation
                return Verdict::Refuted(Witness::Value { value: fold_constants(&at_one), numeric });
            }
            // a float value is no refutation (exp(38) − exp(19)² evaluates to 4 and is 0): an
            // outward-rounded enclosure of f(1) that excludes 0 is
            let enclosure = enclose(&at_one, &|_| None);
            if enclosure.total && (enclosure.range.is_positive() || enclosure.range.is_negative()) {
                return Verdict::Refuted(Witness::Value { value: fold_constants(&at_one), numeric });
            }
            let limits = Limits { nodes: 2_000, iterations: 8, ..Limits::default() };
            let d = simplify(&at_one, &Assumptions::default(), &limits);
            // every rewrite keeps the value: a result of 0 proves f(1) = 0 even if a limit was hit
            if d.result.nodes() == [Math::Num(Rational::zero())] {
                return Verdict::Proved(Box::new(Certificate::ExactValue { at_one, steps: Some(d.to_text()) }));
            }
            Verdict::Unknown(format!("f(1) = {} is not decided to be 0", d.result))
        }
    }
}

/// The e-graph derivation of f(1) ⟶ 0 (or to the value of f(1)), for display.
///
/// [`check`] proves f(1) = 0 by exact evaluation, which is much faster; this shows the same fact
/// as rewriting steps (`1*log(1) = 0 [const-fold]`).
///
/// # Examples
///
/// ```
/// use fdiv::expr::Expr;
/// use fdiv::verify::normalisation_derivation;
/// let d = normalisation_derivation(&Expr::parse("u*log(u)").unwrap());
/// assert_eq!(d.result.to_string(), "0");
/// ```
pub fn normalisation_derivation(f: &Expr) -> crate::simplify::Derivation {
    simplify(&f.substitute(VARIABLE, &Expr::int(1)), &Assumptions::default(), &Limits::default())
}

/// f − f(1), and f − f(1) − f'(1)(u − 1).
fn fixes(f: &Expr, params: &Assumptions) -> Vec<Expr> {
    let one = Expr::int(1);
    let c = fold_constants(&f.substitute(VARIABLE, &one));
    let first = f - &c;
    // a small e-graph run tidies `u*log(u) + 1 - 1` into `u*log(u)`; only when f(1) ≠ 0
    let limits = Limits { nodes: 500, iterations: 4, ..Limits::default() };
    let tidy = |e: &Expr| simplify(e, params, &limits).result;
    let mut out = vec![tidy(&first)];
    if let Ok(d) = calculus::derivative(f, VARIABLE) {
        let slope = fold_constants(&d.substitute(VARIABLE, &one));
        if Compiled::new(&slope, &[]).is_ok_and(|s| s.eval(&[]).is_finite()) {
            let u = Expr::symbol(VARIABLE);
            out.push(tidy(&(&first - &(&slope * &(&u - &one)))));
        }
    }
    out
}

/// Convexity on (0, ∞).
fn convexity(f: &Expr, params: &Assumptions) -> Verdict {
    let verdict = convex_on(f, &BigRational::zero(), None, 0, params);
    // re-check every proof numerically, outside the machinery that produced it
    if verdict.is_proved()
        && let Some(bad) = jensen::numeric_contradiction(f)
    {
        return Verdict::Unknown(format!("internal check failed: a proof was contradicted numerically ({bad})"));
    }
    verdict
}

fn interval_text(lo: &BigRational, hi: Option<&BigRational>) -> String {
    match hi {
        Some(h) => format!("({lo}, {h})"),
        None => format!("({lo}, inf)"),
    }
}

fn to_rational(x: &BigRational) -> Option<Rational> {
    Rational::from_big(x.clone())
}

/// Convexity of f on (lo, hi).
fn convex_on(f: &Expr, lo: &BigRational, hi: Option<&BigRational>, depth: usize, params: &Assumptions) -> Verdict {
    let analysis = analyse(f, VARIABLE, lo, hi);
    let (smooth, kinks) = match analysis.definedness {
        Definedness::Undefined { at, why } => {
            return match to_rational(&at) {
                Some(at) => Verdict::Refuted(Witness::Undefined { at, why }),
                None => Verdict::Unknown(format!("f is undefined somewhere ({why})")),
            };
        }
        Definedness::Unknown(reason) => return Verdict::Unknown(reason),
        Definedness::Defined { smooth, kinks } => (smooth, kinks),
    };
    let g = analysis.resolved;
    // (a) on the tree as written and its normal forms: microseconds, and a readable proof
    if let Some(mut c) = dcp::by_composition(&g, lo, hi, params) {
        if let Certificate::Curvature { equal_by, .. } = &mut c
            && g != *f
            && equal_by == "as written"
        {
            *equal_by = "abs/min/max resolved by their fixed branch on the interval".into();
        }
        return Verdict::Proved(Box::new(c));
    }
    if kinks.count > 0 {
        let verdict = if depth > 0 {
            Verdict::Unknown("a kink whose branch is not fixed between kinks".into())
        } else if let Some(points) = kinks.points {
            by_kinks(&g, lo, hi, &points, params)
        } else {
            Verdict::Unknown("abs/min/max with kinks at points that are not rational".into())
        };
        if let Verdict::Unknown(_) = verdict
            && let Some(c) = dcp::by_composition_in_egraph(&g, lo, hi, params)
        {
            return Verdict::Proved(Box::new(c));
        }
        return verdict;
    }
    if !smooth {
        return Verdict::Unknown("f is not twice differentiable on the whole interval (a root or power at 0)".into());
    }
    by_second_derivative(&g, lo, hi, params)
}

/// Strategy (d): pieces between the kinks, slopes at the kinks.
fn by_kinks(
    g: &Expr,
    lo: &BigRational,
    hi: Option<&BigRational>,
    points: &[BigRational],
    params: &Assumptions,
) -> Verdict {
    let mut ends: Vec<Option<BigRational>> = vec![Some(lo.clone())];
    ends.extend(points.iter().cloned().map(Some));
    ends.push(hi.cloned());
    let mut pieces = Vec::new();
    let mut resolved = Vec::new();
    for w in ends.windows(2) {
        let a = w[0].clone().unwrap_or_else(BigRational::zero);
        let b = w[1].as_ref();
        match convex_on(g, &a, b, 1, params) {
            Verdict::Proved(c) => pieces.push(*c),
            other => return other,
        }
        resolved.push(analyse(g, VARIABLE, &a, b).resolved);
    }
    let mut slopes = Vec::new();
    for (i, k) in points.iter().enumerate() {
        let Some(kr) = to_rational(k) else {
            return Verdict::Unknown("a kink too large for exact arithmetic".into());
        };
        let slope = |piece: &Expr| -> Option<Expr> {
            let d = calculus::derivative(piece, VARIABLE).ok()?;
            let at = fold_constants(&d.substitute(VARIABLE, &Expr::num(kr.clone())));
            // the slope must exist: its expression defined at the kink
            enclose(&at, &|_| None).total.then_some(at)
        };
        let (Some(l), Some(r)) = (slope(&resolved[i]), slope(&resolved[i + 1])) else {
            return Verdict::Unknown(format!("the one-sided slopes at the kink u = {kr} are not defined"));
        };
        match slope_order(&l, &r) {
            Some(true) => slopes.push((kr, l, r)),
            Some(false) => return Verdict::Refuted(Witness::ConcaveKink { at: kr, left: l, right: r }),
            None => return Verdict::Unknown(format!("the slopes {l} and {r} at the kink u = {kr} were not compared")),
        }
    }
    Verdict::Proved(Box::new(Certificate::Kinks { pieces, slopes }))
}

/// Whether left ≤ right for two constant expressions: exactly (rationals; r0 + Σ cₚ log p equal),
/// or strictly by interval enclosures. `None` when undecided.
fn slope_order(left: &Expr, right: &Expr) -> Option<bool> {
    if let (Ok(l), Ok(r)) = (eval_constant(left), eval_constant(right)) {
        return Some(l <= r);
    }
    let diff = right - left;
    if logsum::log_sum(&diff).is_some_and(|s| s.is_zero()) {
        return Some(true);
    }
    let e = enclose(&diff, &|_| None);
    if !e.total {
        return None;
    }
    if e.range.lo > 0.0 || e.range.lo == 0.0 && e.range.lo_open {
        Some(true)
    } else if e.range.hi < 0.0 || e.range.hi == 0.0 && e.range.hi_open {
        Some(false)
    } else {
        None
    }
}

/// Strategies (b) and (e) on a smooth f.
fn by_second_derivative(g: &Expr, lo: &BigRational, hi: Option<&BigRational>, params: &Assumptions) -> Verdict {
    let second = match calculus::second_derivative(g, VARIABLE) {
        Ok(s) => s,
        Err(e) => return Verdict::Unknown(e.to_string()),
    };
    if let Some(rf) = RationalFunction::from_expr(&second, VARIABLE)
        && (rf.root == 1 || (lo.is_zero() && hi.is_none()))
    {
        let den = Sign::strict(&sign_on_interval(&rf.den, lo, hi));
        let num = sign_on_interval(&rf.num, lo, hi);
        let Some(den_sign) = den else {
            return Verdict::Unknown(format!("f'' = {second} has a pole on the interval"));
        };
        let nonneg = matches!(
            (&num, den_sign),
            (Sign::Zero, _) | (Sign::Positive | Sign::NonNegative, 1) | (Sign::Negative | Sign::NonPositive, -1)
        );
        if nonneg {
            let interval = interval_text(lo, hi);
            return Verdict::Proved(Box::new(Certificate::SecondDerivative {
                second,
                num: rf.num,
                den: rf.den,
                root: rf.root,
                interval,
            }));
        }
        // a point where N/D < 0
        let t = match (&num, den_sign) {
            (Sign::Changes { negative_at, .. }, 1) | (Sign::Changes { positive_at: negative_at, .. }, -1) => {
                Some(negative_at.as_big().clone())
            }
            (Sign::Undecided, _) => None,
            _ => domain::simple_points(lo, hi).into_iter().find(|x| rf.eval_at_t(x).is_some_and(|v| v.is_negative())),
        };
        if let Some(t) = t
            && (rf.root == 1 || lo.is_zero())
            && t > *lo
            && hi.is_none_or(|h| t < *h)
            && let Some(value) = rf.eval_at_t(&t)
            && value.is_negative()
        {
            let u = num_traits::Pow::pow(&t, rf.root);
            if let (Some(at), Some(second)) = (to_rational(&u), to_rational(&value)) {
                let jensen = jensen::exact_near(g, u.clone(), lo, hi).map(Box::new);
                return Verdict::Refuted(Witness::Concave { at, second, jensen });
            }
        }
        return Verdict::Unknown(format!("f'' = {second} changes sign but no exact witness was found"));
    }
    // (b'): rational part by Sturm, other terms by signs
    if let Some(c) = by_term_signs(&second, lo, hi) {
        return Verdict::Proved(Box::new(c));
    }
    // (a) over every form the e-graph finds equal to f, then (c) over those of f''
    if let Some(c) = dcp::by_composition_in_egraph(g, lo, hi, params) {
        return Verdict::Proved(Box::new(c));
    }
    if let Some(c) = dcp::by_enclosure(&second, lo, hi, params) {
        return Verdict::Proved(Box::new(c));
    }
    // (e): a numeric search, confirmed only exactly
    match jensen::negative_curvature(&second, lo, hi) {
        Some(x0) => match jensen::exact_near(g, x0.clone(), lo, hi) {
            Some(j) => Verdict::Refuted(Witness::Jensen(Box::new(j))),
            None => Verdict::Unknown(format!(
                "f'' < 0 numerically near u ≈ {:.4}, but no Jensen triple was confirmed exactly or by intervals",
                rational_f64(&x0)
            )),
        },
        None => Verdict::Unknown(format!(
            "f'' = {second} is not a rational function of u or of a root of u, no form of f is certified by composition, no form of f'' has a nonnegative enclosure, and no concavity was found on a log grid"
        )),
    }
}

/// f'' as a signed sum of terms: (+1 | −1, term).
fn additive_terms(e: &Expr) -> Vec<(bool, Expr)> {
    let mut out = Vec::new();
    let mut stack = vec![(true, e.root())];
    while let Some((positive, id)) = stack.pop() {
        match e.node(id) {
            Math::Add([a, b]) => {
                stack.push((positive, *a));
                stack.push((positive, *b));
            }
            Math::Sub([a, b]) => {
                stack.push((positive, *a));
                stack.push((!positive, *b));
            }
            Math::Neg(a) => stack.push((!positive, *a)),
            _ => out.push((positive, e.subexpr(id))),
        }
    }
    out
}

/// Strategy (b'): f'' = (rational part) + (terms of known sign).
fn by_term_signs(second: &Expr, lo: &BigRational, hi: Option<&BigRational>) -> Option<Certificate> {
    let terms = additive_terms(second);
    if terms.len() > 64 {
        return None;
    }
    let mut num = Poly::zero();
    let mut den = Poly::constant(BigRational::from_integer(1.into()));
    let mut others = Vec::new();
    for (positive, term) in terms {
        match RationalFunction::from_expr(&term, VARIABLE).filter(|rf| rf.root == 1) {
            Some(rf) => {
                let n = if positive { rf.num } else { rf.num.neg() };
                // num/den + n/d
                num = num.mul(&rf.den).add(&n.mul(&den));
                den = den.mul(&rf.den);
                if num.degree() > crate::poly::MAX_DEGREE || den.degree() > crate::poly::MAX_DEGREE {
                    return None;
                }
            }
            None => {
                let signed = if positive { term } else { -&term };
                let a = analyse(&signed, VARIABLE, lo, hi);
                if !matches!(a.definedness, Definedness::Defined { .. }) || !a.signs.nonnegative() {
                    return None;
                }
                others.push(signed);
            }
        }
    }
    if others.is_empty() {
        return None;
    }
    let d = Sign::strict(&sign_on_interval(&den, lo, hi))?;
    let nonneg = matches!(
        (sign_on_interval(&num, lo, hi), d),
        (Sign::Zero, _) | (Sign::Positive | Sign::NonNegative, 1) | (Sign::Negative | Sign::NonPositive, -1)
    );
    nonneg.then(|| Certificate::TermSigns { num, den, others, interval: interval_text(lo, hi) })
}

/// N/D as an expression in u (t = u^(1/root)).
fn rational_form(num: &Poly, den: &Poly, root: u32) -> Expr {
    let t = if root == 1 { "u".to_string() } else { format!("u^(1/{root})") };
    let text = |p: &Poly| format!("({})", p.to_string().replace('t', &format!("({t})")));
    let whole =
        if den.degree() == 0 && den.coefficients().first().is_some_and(|c| c == &BigRational::from_integer(1.into())) {
            text(num)
        } else {
            format!("{}/{}", text(num), text(den))
        };
    // Poly's text is infix that parses; a failure would be a bug in the printer: fall back to 0/0-free text
    Expr::parse(&whole).map(|e| fold_constants(&e)).unwrap_or_else(|_| Expr::symbol("f''"))
}

fn rational_f64(x: &BigRational) -> f64 {
    Rational::from_big(x.clone()).map_or(f64::NAN, |r| r.to_f64())
}

impl Sign {
    /// 1 or −1 when the sign is strict (no zero on the interval).
    fn strict(s: &Sign) -> Option<i32> {
        match s {
            Sign::Positive => Some(1),
            Sign::Negative => Some(-1),
            _ => None,
        }
    }
}

impl Report {
    /// Whether f is a valid generator — normalised, convex and lower semicontinuous: `"proved"`
    /// when all three are proved, `"refuted"` when one is refuted, else `"unknown"`.
    ///
    /// # Examples
    ///
    /// ```
    /// let r = fdiv::check(&fdiv::Generator::parse("sqrt(u) - 1").unwrap());
    /// assert_eq!(r.validity(), "refuted");
    /// assert!(!r.is_valid());
    /// ```
    pub fn validity(&self) -> &'static str {
        let verdicts = [&self.normalised, &self.convex, &self.lsc];
        if verdicts.iter().all(|v| v.is_proved()) {
            "proved"
        } else if verdicts.iter().any(|v| v.is_refuted()) {
            "refuted"
        } else {
            "unknown"
        }
    }

    /// Whether f is proved to be a valid generator (see [`Report::validity`]).
    pub fn is_valid(&self) -> bool {
        self.validity() == "proved"
    }

    /// The report as text, one property a line, ending with the overall verdict
    /// (`valid generator: proved`).
    pub fn to_text(&self) -> String {
        let mut out = format!("f(u) = {}\n", self.f);
        out += &format!("normalised: {}\n", self.normalised);
        for fix in &self.fixes {
            out += &format!("  fix: {fix}\n");
        }
        out += &format!("convex:     {}\n", self.convex);
        out += &format!("lsc:        {}\n", self.lsc);
        out += &format!("f(0+)     = {}\n", self.f0);
        out += &format!("f'(inf)   = {}\n", self.slope_inf);
        out += &format!("valid generator: {}\n", self.validity());
        out
    }

    /// The report as LaTeX (an `itemize` list).
    pub fn to_latex(&self) -> String {
        let verdict = |v: &Verdict| match v {
            Verdict::Proved(_) => r"\textbf{proved}".to_string(),
            Verdict::Refuted(w) => format!(r"\textbf{{refuted}}: \text{{{}}}", escape(&w.to_string())),
            Verdict::Unknown(r) => format!(r"\textbf{{unknown}}: \text{{{}}}", escape(r)),
        };
        let mut out = format!("$f(u) = {}$\n\\begin{{itemize}}\n", self.f.to_latex());
        out += &format!("  \\item $f(1) = 0$: {}\n", verdict(&self.normalised));
        for fix in &self.fixes {
            out += &format!("  \\item fix: $f(u) = {}$\n", fix.to_latex());
        }
        out += &format!("  \\item convex on $(0, \\infty)$: {}\n", verdict(&self.convex));
        if let Verdict::Proved(c) = &self.convex
            && let Certificate::SecondDerivative { num, den, root, .. } = c.as_ref()
        {
            out += &format!("  \\item $f''(u) = {} \\ge 0$ (Sturm)\n", rational_form(num, den, *root).to_latex());
        }
        if let Verdict::Proved(c) = &self.convex {
            match c.as_ref() {
                Certificate::Curvature { form, .. } => {
                    out += &format!("  \\item $f(u) = {}$: convex by composition (DCP)\n", form.to_latex());
                }
                Certificate::Enclosure { form, range, .. } => {
                    out += &format!(
                        "  \\item $f''(u) = {} \\in {}$ (interval arithmetic)\n",
                        form.to_latex(),
                        escape(range).replace('∞', r"\infty")
                    );
                }
                _ => {}
            }
        }
        out += &format!("  \\item lower semicontinuous: {}\n", verdict(&self.lsc));
        out += &format!("  \\item $f(0^+) = {}$\n", self.f0.to_latex());
        out += &format!("  \\item $f'(\\infty) = {}$\n", self.slope_inf.to_latex());
        out += "\\end{itemize}\n";
        out
    }

    /// The verdicts as JSON: `normalised`, `convex`, `lsc` ("proved" | "refuted" | "unknown"),
    /// `f0` and `slope_inf` (infix, or "inf"), and for each property its `witness` or `reason`.
    pub fn to_json(&self) -> serde_json::Value {
        let detail = |v: &Verdict| match v {
            Verdict::Proved(c) => serde_json::json!({ "status": "proved", "certificate": c.to_string() }),
            Verdict::Refuted(w) => serde_json::json!({ "status": "refuted", "witness": w.to_string() }),
            Verdict::Unknown(r) => serde_json::json!({ "status": "unknown", "reason": r }),
        };
        let all = [&self.normalised, &self.convex, &self.lsc];
        let witness = all.iter().find_map(|v| v.witness()).map(|w| w.to_string());
        let reason = all.iter().find_map(|v| v.reason());
        let fixes: Vec<String> = self.fixes.iter().map(|e| e.to_string()).collect();
        serde_json::json!({
            "f": self.f.to_string(),
            "normalised": self.normalised.status(),
            "convex": self.convex.status(),
            "lsc": self.lsc.status(),
            "f0": self.f0.to_string(),
            "slope_inf": self.slope_inf.to_string(),
            "witness": witness,
            "reason": reason,
            "fixes": fixes,
            "valid": self.validity(),
            "details": {
                "normalised": detail(&self.normalised),
                "convex": detail(&self.convex),
                "lsc": detail(&self.lsc),
            },
        })
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_text())
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', r"\textbackslash{}")
        .replace('_', r"\_")
        .replace('^', r"\^{}")
        .replace('&', r"\&")
        .replace('%', r"\%")
        .replace('#', r"\#")
}

/// Strategy (a) alone: convexity of `f` on (0, ∞) by the composition rules, on f as written,
/// its exact normal forms, then every form an e-graph saturation finds equal to it; the
/// certificate names the form and was re-checked on that tree alone. `params` declares the
/// ranges of symbolic parameters (start from [`Assumptions::none`]; u > 0 is added here). `None` when no form is certified (which proves nothing).
///
/// # Examples
///
/// ```
/// use fdiv::expr::Expr;
/// use fdiv::simplify::Assumptions;
/// use fdiv::verify::{Certificate, convex_by_composition};
/// let c = convex_by_composition(&Expr::parse("(sqrt(u) - 1)^2").unwrap(), &Assumptions::none()).unwrap();
/// let Certificate::Curvature { form, .. } = c else { unreachable!() };
/// assert_eq!(form.to_string(), "u - 2*sqrt(u) + 1");
/// ```
pub fn convex_by_composition(f: &Expr, params: &Assumptions) -> Option<Certificate> {
    let zero = BigRational::zero();
    let f = fold_constants(f);
    dcp::by_composition(&f, &zero, None, params).or_else(|| dcp::by_composition_in_egraph(&f, &zero, None, params))
}

/// Strategy (c) alone: `second` (an f'') is ≥ 0 on (0, ∞) because it, or a form of its e-class
/// after saturation, has a nonnegative interval enclosure there; re-checked on that tree alone.
/// `None` when no such form is found (which proves nothing).
///
/// # Examples
///
/// ```
/// use fdiv::expr::Expr;
/// use fdiv::simplify::Assumptions;
/// use fdiv::verify::{Certificate, nonnegative_by_enclosure};
/// let second = Expr::parse("1/2*(1/u - 1/(u + 1))").unwrap();
/// let c = nonnegative_by_enclosure(&second, &Assumptions::none()).unwrap();
/// let Certificate::Enclosure { form, .. } = c else { unreachable!() };
/// assert_ne!(form, second);
/// ```
pub fn nonnegative_by_enclosure(second: &Expr, params: &Assumptions) -> Option<Certificate> {
    dcp::by_enclosure(&fold_constants(second), &BigRational::zero(), None, params)
}

/// Convexity for every value of symbolic parameters in their declared ranges: strategy (a)
/// only (the others need numbers), then a numeric re-check at sample values of the ranges.
fn parametric_convexity(f: &Expr, names: &[&str], params: &Assumptions) -> Verdict {
    let Some(certificate) = convex_by_composition(f, params) else {
        let ranges: Vec<String> = names
            .iter()
            .map(|n| match params.range(n) {
                Some(r) => format!("{n} in {r}"),
                None => format!("{n} undeclared (any real)"),
            })
            .collect();
        return Verdict::Unknown(format!(
            "with symbolic parameters ({}) only composition rules apply, and they did not prove convexity for every value: declare a narrower range (assume) or substitute values",
            ranges.join(", ")
        ));
    };
    // re-check numerically at sample values of the parameters, outside the proof
    for values in sample_parameters(names, params) {
        let mut g = f.clone();
        for (name, value) in names.iter().zip(&values) {
            g = g.substitute(name, &Expr::num(value.clone()));
        }
        if let Some(bad) = jensen::numeric_contradiction(&fold_constants(&g)) {
            return Verdict::Unknown(format!("internal check failed: a proof was contradicted numerically ({bad})"));
        }
    }
    Verdict::Proved(Box::new(certificate))
}

/// Three sample values of each parameter inside its declared range (the whole line when
/// undeclared), combined index by index.
fn sample_parameters(names: &[&str], params: &Assumptions) -> Vec<Vec<Rational>> {
    let picks = |r: Option<crate::simplify::Interval>| -> Vec<f64> {
        let r = r.unwrap_or_else(crate::simplify::Interval::real);
        match (r.lo.is_finite(), r.hi.is_finite()) {
            (true, true) => [0.25, 0.5, 0.75].iter().map(|t| r.lo + t * (r.hi - r.lo)).collect(),
            (true, false) => [0.5, 2.0, 10.0].iter().map(|d| r.lo + d).collect(),
            (false, true) => [0.5, 2.0, 10.0].iter().map(|d| r.hi - d).collect(),
            (false, false) => vec![-2.0, 0.5, 3.0],
        }
    };
    let columns: Vec<Vec<f64>> = names.iter().map(|n| picks(params.range(n))).collect();
    (0..3)
        .filter_map(|i| {
            columns
                .iter()
                .map(|c| Rational::from_f64(c[i]).filter(|_| c[i].is_finite()))
                .collect::<Option<Vec<Rational>>>()
        })
        .collect()
}
