//! Closed forms of divergences between parametric families, derived from the log-densities.
//!
//! - [`family`]: families with symbolic parameters (`N(m1, s1)`), their log-densities from
//!   [`crate::dist`], supports and parameter assumptions;
//! - [`expect`]: the expectation engine, E_P[g(x)] by linearity and moment rules;
//! - [`mvn`]: KL between multivariate Normals through Cholesky factors (nalgebra);
//! - [`layout`]: the textbook layout of a result, shown only when proved equal.
//!
//! [`kl`] derives KL(P‖Q) = E_P[log p − log q] as a [`Derivation`]: the log-densities are
//! substituted, terms common to both cancel, the expectation is taken rule by rule, and the
//! e-graph simplifies the result; a last step ([`layout`]) writes it in the textbook layout
//! (`log(s2/s1) + (s1^2 + (m1 - m2)^2)/(2*s2^2) - 1/2`) when that is smaller and the exact
//! normal form proves it equal. [`derive()`] does the same for any generator it can split into
//! u·log u, log u and powers u^β (KL, reverse KL, Jeffreys, Pearson, Hellinger, the
//! α-divergences), the powers through Gaussian integrals reduced exactly ([`gauss`]); anything
//! else (JS, TV) is [`ClosedForm::NotDerivable`] with the reason, and the numeric path answers.
//!
//! # Examples
//!
//! ```
//! use fdiv::closed_form::{kl, family::Parametric, ClosedForm};
//! let p = Parametric::parse("Exp(l1)").unwrap();
//! let q = Parametric::parse("Exp(l2)").unwrap();
//! let ClosedForm::Derived { derivation, .. } = kl(&p, &q) else { panic!() };
//! assert!(derivation.steps.iter().any(|s| s.rule == "expectation"));
//! assert!(!derivation.result.contains_symbol("x"));
//! ```

pub mod expect;
pub mod family;
pub mod gauss;
pub mod layout;
pub mod mvn;

use std::fmt;

use crate::expr::{Expr, Rational, exact};
use crate::generator::Generator;
use crate::generator::split::split;
use crate::simplify::{self, Assumptions, Derivation, Limits, derivation};
use family::Family;
pub use family::Parametric;
use gauss::{PowerIntegral, power_integral};

/// A condition a closed form holds under, with what the divergence is otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The expression that must be positive.
    pub positive: Expr,
    /// What the divergence is when it is not (`+∞`).
    pub otherwise: &'static str,
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} > 0 (else {})", self.positive, self.otherwise)
    }
}

/// The outcome of a closed-form derivation.
#[derive(Debug, Clone, PartialEq)]
pub enum ClosedForm {
    /// A closed form, valid when every condition holds (none: for all parameters).
    Derived {
        /// The steps from the definition to the closed form.
        derivation: Derivation,
        /// Conditions not decided for symbolic parameters.
        conditions: Vec<Condition>,
    },
    /// The divergence is +∞ (support mismatch, a Gaussian integral that diverges).
    Infinite {
        /// Why.
        reason: String,
    },
    /// No closed form could be derived: the numeric path must answer.
    NotDerivable {
        /// Why (the subterm no rule matched, a generator outside the known shapes).
        reason: String,
    },
}

/// A derived closed form as its derivation, then its conditions; +∞ or no closed form with the
/// reason.
impl fmt::Display for ClosedForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClosedForm::Derived { derivation, conditions } => {
                write!(f, "{derivation}")?;
                for c in conditions {
                    write!(f, "\nwhen {c}")?;
                }
                Ok(())
            }
            ClosedForm::Infinite { reason } => write!(f, "inf ({reason})"),
            ClosedForm::NotDerivable { reason } => write!(f, "no closed form: {reason}"),
        }
    }
}

impl ClosedForm {
    /// The closed-form expression, if derived.
    pub fn result(&self) -> Option<&Expr> {
        match self {
            ClosedForm::Derived { derivation, .. } => Some(&derivation.result),
            _ => None,
        }
    }
}

/// The simplifier's limits for closed forms (node and iteration limits only: deterministic).
fn limits() -> Limits {
    Limits::default()
}

/// KL(P‖Q) = E_P[log p − log q], derived.
///
/// +∞ when P's support is not inside Q's; [`ClosedForm::NotDerivable`] when a term of
/// log p − log q has no moment rule under P.
///
/// # Examples
///
/// ```
/// use fdiv::closed_form::{kl, family::Parametric};
/// let p = Parametric::parse("N(m1, s1)").unwrap();
/// let q = Parametric::parse("N(m2, s2)").unwrap();
/// let d = kl(&p, &q);
/// // the textbook layout, shown after the engine proves it equal to the collected form
/// assert_eq!(d.result().unwrap().to_string(), "log(s2/s1) + (s1^2 + (m1 - m2)^2)/(2*s2^2) - 1/2");
/// ```
pub fn kl(p: &Parametric, q: &Parametric) -> ClosedForm {
    if p.support() == family::Support::Undecided || q.support() == family::Support::Undecided {
        return ClosedForm::NotDerivable {
            reason: format!("whether the support of {p} lies in that of {q} is not decided for symbolic ends"),
        };
    }
    if !p.support().within(q.support()) {
        return ClosedForm::Infinite { reason: format!("{p} puts mass where {q} has none") };
    }
    if p.family == Family::Categorical || q.family == Family::Categorical {
        return kl_categorical(p, q);
    }
    let assumptions = q.assumptions(p.assumptions(Assumptions::none()));
    let start = Expr::parse("log(p/q)").expect("literal parses");
    let given = vec![format!("P = {p}"), format!("Q = {q}"), "x ~ P".to_string()];
    let difference = &p.log_density() - &q.log_density();
    let mut d = Derivation::trivial(start).then_step("log-densities", given, difference.clone());
    let mut g = difference;
    if let Some(c) = expect::cancel_common_terms(&g) {
        d = d.then_step("cancel-common-terms", vec![], c.clone());
        g = c;
    }
    let e = match expect::expectation(&g, p) {
        Ok(e) => e,
        Err(no) => return ClosedForm::NotDerivable { reason: no.to_string() },
    };
    let mut conditions = vec!["E-linear".to_string()];
    conditions.extend(e.rules.iter().map(|r| r.to_string()));
    d = d.then_step("expectation", conditions, e.value.clone());
    let s = simplify::simplify(&e.value, &assumptions, &limits());
    // the textbook layout, when smaller and proved equal (never shown unproved)
    ClosedForm::Derived { derivation: layout::present(d.then(s), &assumptions), conditions: vec![] }
}

/// KL between categoricals: the finite sum Σ p_i·log(p_i/q_i), with 0·log(0/q) = 0 and +∞ where
/// q_i = 0 < p_i (entries known to be 0 exactly).
fn kl_categorical(p: &Parametric, q: &Parametric) -> ClosedForm {
    if p.family != q.family {
        return ClosedForm::NotDerivable { reason: format!("KL between {p} and {q}: different families") };
    }
    let zero = |e: &Expr| matches!(exact::eval_constant(e), Ok(r) if r.is_zero());
    let mut sum: Option<Expr> = None;
    for (i, (pi, qi)) in p.params.iter().zip(q.params.iter().chain(std::iter::repeat(&Expr::int(0)))).enumerate() {
        if zero(pi) {
            continue;
        }
        if zero(qi) {
            return ClosedForm::Infinite { reason: format!("P puts mass {pi} on {i} where Q has none") };
        }
        let term = family::template("a*log(a/b)", &[("a", pi), ("b", qi)]);
        sum = Some(match sum {
            None => term,
            Some(s) => &s + &term,
        });
    }
    let sum = sum.unwrap_or_else(|| Expr::int(0));
    let start = Expr::parse("log(p/q)").expect("literal parses");
    let d =
        Derivation::trivial(start).then_step("finite-sum", vec![format!("P = {p}"), format!("Q = {q}")], sum.clone());
    let assumptions = q.assumptions(p.assumptions(Assumptions::none()));
    ClosedForm::Derived { derivation: d.then(simplify::simplify(&sum, &assumptions, &limits())), conditions: vec![] }
}

/// D_f(P‖Q) for a generator that splits into u^r and u·log u, log u terms ([`split`]):
/// ∫q·(p/q)^r = ∫p^r q^(1−r) by [`gauss`], ∫p·log(p/q) = KL(P‖Q) and ∫q·log(p/q) = −KL(Q‖P)
/// by [`kl`]; the sum is simplified by the e-graph — except when every power integral was reduced
/// exactly ([`gauss::Reduced`]) and there is no log term: then a `complete-the-square` step
/// writes each as F·exp(E) and a `collect-terms` step merges the rational coefficients
/// (`s2^2/(s1*sqrt(2*s2^2 - s1^2))*exp((m1 - m2)^2/(2*s2^2 - s1^2)) - 1` for Pearson χ²).
///
/// +∞ when a term with a positive coefficient is +∞ (a Gaussian integral whose a ≤ 0, a
/// support mismatch); [`ClosedForm::NotDerivable`] when f does not split or a term has no rule.
///
/// # Examples
///
/// ```
/// use fdiv::closed_form::{derive, family::Parametric, ClosedForm};
/// use fdiv::generator::catalogue;
/// let (p, q) = (Parametric::parse("N(0, 1)").unwrap(), Parametric::parse("N(1, 2)").unwrap());
/// let pearson = derive(&catalogue::lookup("pearson").unwrap().generator(), &p, &q);
/// assert!(matches!(pearson, ClosedForm::Derived { .. }));
/// // sd 2 against sd 1: p²/q grows like exp(3x²/8), the Gaussian integral diverges
/// assert!(matches!(derive(&catalogue::lookup("pearson").unwrap().generator(), &q, &p), ClosedForm::Infinite { .. }));
/// let js = derive(&catalogue::lookup("js").unwrap().generator(), &p, &q);
/// assert!(matches!(js, ClosedForm::NotDerivable { .. }));
/// ```
pub fn derive(g: &Generator, p: &Parametric, q: &Parametric) -> ClosedForm {
    let Some(terms) = split(g.f(), crate::generator::VARIABLE) else {
        return ClosedForm::NotDerivable {
            reason: format!("f(u) = {} is not a sum of terms c*u^r and c*u*log(u), c*log(u)", g.f()),
        };
    };
    // KL itself: the expectation derivation reads better than the split
    if let [t] = terms.as_slice()
        && t.log
        && t.power.is_one()
        && is_one_expr(&t.coef)
    {
        return kl(p, q);
    }
    let assumptions = q.assumptions(p.assumptions(Assumptions::none()));
    let start = g.integrand_expr();
    let (ps, qs) = (Expr::symbol("p"), Expr::symbol("q"));
    let mut split_form: Option<Expr> = None;
    let mut value: Option<Expr> = None;
    let mut statements = vec![format!("P = {p}"), format!("Q = {q}")];
    let mut conditions = Vec::new();
    let mut infinite: Option<String> = None;
    // the exact path: every term a rational multiple of 1 (∫p, ∫q) or of a reduced power integral
    let mut exact_terms: Option<Vec<(Rational, Option<gauss::Reduced>)>> = Some(vec![]);
    let mut reduced_value: Option<Expr> = None;
    for t in &terms {
        let coef = exact::eval_constant(&t.coef).ok();
        let mut this_reduced: Option<gauss::Reduced> = None;
        let r = Expr::num(t.power.clone());
        let rest = Expr::num(Rational::one().checked_sub(&t.power).unwrap_or_else(Rational::zero));
        let (shape, integral) = if t.log {
            let (shape, forward) = if t.power.is_one() {
                (family::template("p*log(p/q)", &[("p", &ps), ("q", &qs)]), true)
            } else if t.power.is_zero() {
                (family::template("q*log(p/q)", &[("p", &ps), ("q", &qs)]), false)
            } else {
                return ClosedForm::NotDerivable { reason: format!("no rule for the term u^{}*log(u)", t.power) };
            };
            exact_terms = None;
            let d = if forward { kl(p, q) } else { kl(q, p) };
            match d {
                ClosedForm::Derived { derivation, conditions: c } => {
                    let v = if forward { derivation.result.clone() } else { -&derivation.result };
                    let name = if forward { "KL(P‖Q)" } else { "-KL(Q‖P)" };
                    statements.push(format!("∫{shape} = {name} = {v}"));
                    conditions.extend(c);
                    (shape, Some(v))
                }
                ClosedForm::Infinite { reason } => {
                    // ∫p log(p/q) = +∞; ∫q log(p/q) = −∞
                    if forward == is_positive(&t.coef) {
                        infinite = Some(reason);
                        (shape, None)
                    } else {
                        return ClosedForm::NotDerivable {
                            reason: format!("{reason}, with a coefficient of sign unknown"),
                        };
                    }
                }
                ClosedForm::NotDerivable { reason } => return ClosedForm::NotDerivable { reason },
            }
        } else {
            let shape = if t.power.is_zero() {
                qs.clone()
            } else if t.power.is_one() {
                ps.clone()
            } else {
                family::template("p^r*q^s", &[("p", &ps), ("q", &qs), ("r", &r), ("s", &rest)])
            };
            if t.power.is_zero() || t.power.is_one() {
                (shape, Some(Expr::int(1)))
            } else {
                match power_integral(p, q, &t.power, &assumptions) {
                    Some(PowerIntegral::Finite { value, statement, conditions: c, reduced }) => {
                        statements.push(statement);
                        conditions.extend(c);
                        match reduced {
                            Some(r) => this_reduced = Some(r),
                            None => exact_terms = None,
                        }
                        (shape, Some(value))
                    }
                    Some(PowerIntegral::Infinite { reason }) => {
                        if is_positive(&t.coef) {
                            infinite = Some(reason);
                            (shape, None)
                        } else {
                            return ClosedForm::NotDerivable {
                                reason: format!("{reason}, with a coefficient not known > 0"),
                            };
                        }
                    }
                    None => {
                        return ClosedForm::NotDerivable {
                            reason: format!("no rule for ∫{shape} between {p} and {q}"),
                        };
                    }
                }
            }
        };
        let scaled = |e: &Expr| if is_one_expr(&t.coef) { e.clone() } else { &t.coef * e };
        split_form = Some(match split_form {
            None => scaled(&shape),
            Some(s) => &s + &scaled(&shape),
        });
        if let Some(v) = integral {
            value = Some(match value {
                None => scaled(&v),
                Some(s) => &s + &scaled(&v),
            });
            // the same sum with each reduced integral as F·exp(E)
            let r = this_reduced.as_ref().map(|r| r.term(&Rational::one())).unwrap_or(v);
            reduced_value = Some(match reduced_value {
                None => scaled(&r),
                Some(s) => &s + &scaled(&r),
            });
        }
        match (&mut exact_terms, coef) {
            (Some(list), Some(c)) => list.push((c, this_reduced)),
            _ => exact_terms = None,
        }
    }
    if let Some(reason) = infinite {
        return ClosedForm::Infinite { reason };
    }
    let zero = Expr::int(0);
    let split_form = split_form.unwrap_or(zero.clone());
    let value = value.unwrap_or(zero);
    let d = Derivation::trivial(start)
        .then_step("split-generator", vec![format!("f(u) = {}", g.f())], split_form)
        .then_step("integrate-terms", statements, value.clone());
    if let (Some(list), Some(shown)) = (&exact_terms, &reduced_value)
        && list.iter().any(|(_, r)| r.is_some())
    {
        // each integral's exponent and factor by exact arithmetic, then the rational coefficients
        let reasons: Vec<String> =
            list.iter().filter_map(|(_, r)| r.as_ref()).flat_map(|r| r.reasons.clone()).collect();
        let line = p.support() == family::Support::Line;
        let d = d.then_step(if line { COMPLETE_SQUARE_STEP } else { EXACT_INTEGRAL_STEP }, reasons, shown.clone());
        // (a sum of constants beyond the bit limit is left as shown)
        let d = match collect_terms(list) {
            Some(collected) if collected != *shown => {
                d.then_step(COLLECT_TERMS_STEP, vec!["exact rational arithmetic".into()], collected)
            }
            _ => d,
        };
        return ClosedForm::Derived { derivation: d, conditions };
    }
    let s = simplify::simplify(&value, &assumptions, &limits());
    ClosedForm::Derived { derivation: layout::present(d.then(s), &assumptions), conditions }
}

/// The Rényi divergence D_α^R(P‖Q) = log(∫p^α q^(1−α))/(α − 1), α ≠ 0, 1 (not an
/// f-divergence; derived from the power integral of the α-divergences).
///
/// # Examples
///
/// ```
/// use fdiv::closed_form::{renyi, family::Parametric, ClosedForm};
/// use fdiv::expr::Rational;
/// let (p, q) = (Parametric::parse("N(0, 1)").unwrap(), Parametric::parse("N(1, 1)").unwrap());
/// // D_α^R between N(0,1) and N(1,1) is α/2
/// let d = renyi(&Rational::new(1, 2), &p, &q);
/// let v = fdiv::numeric::Compiled::new(d.result().unwrap(), &[]).unwrap().eval(&[]);
/// assert!((v - 0.25).abs() < 1e-14);
/// ```
pub fn renyi(alpha: &Rational, p: &Parametric, q: &Parametric) -> ClosedForm {
    if alpha.is_zero() || alpha.is_one() {
        return ClosedForm::NotDerivable {
            reason: "Rényi divergence of order 0 or 1: use the limit (KL at 1)".into()
        };
    }
    let assumptions = q.assumptions(p.assumptions(Assumptions::none()));
    let a = Expr::num(alpha.clone());
    let rest = Expr::num(Rational::one().checked_sub(alpha).unwrap_or_else(Rational::zero));
    let start = family::template("log(p^a*q^b)/(a - 1)", &[("a", &a), ("b", &rest)]);
    match power_integral(p, q, alpha, &assumptions) {
        Some(PowerIntegral::Finite { value, statement, conditions, reduced }) => {
            let v = family::template("log(i)/(a - 1)", &[("i", &value), ("a", &a)]);
            let d = Derivation::trivial(start).then_step("integrate-terms", vec![statement], v.clone());
            if let Some(r) = reduced {
                // log(F·exp(E))/(α − 1) = E/(α − 1) + log(F^(1/(α − 1))), F > 0
                let shown = family::template("log(i)/(a - 1)", &[("i", &r.term(&Rational::one())), ("a", &a)]);
                let line = p.support() == family::Support::Line;
                let rule = if line { COMPLETE_SQUARE_STEP } else { EXACT_INTEGRAL_STEP };
                let d = d.then_step(rule, r.reasons.clone(), shown);
                let Some(k) = alpha.checked_sub(&Rational::one()).and_then(|d| Rational::one().checked_div(&d)) else {
                    return ClosedForm::NotDerivable { reason: format!("1/({alpha} - 1) overflows") };
                };
                let result = match (r.exponent_parts(&k), r.log_factor(&k)) {
                    // the positive term first
                    (Some((e, true)), Some(l)) => &l - &e,
                    (Some((e, false)), Some(l)) => &e + &l,
                    (Some((e, negative)), None) => {
                        if negative {
                            -&e
                        } else {
                            e
                        }
                    }
                    (None, Some(l)) => l,
                    (None, None) => Expr::int(0),
                };
                let d = d.then_step(
                    "log-of-product",
                    vec!["log(F*exp(E))/(alpha - 1) = E/(alpha - 1) + log(F^(1/(alpha - 1))), F > 0".into()],
                    derivation::tidy(&result),
                );
                return ClosedForm::Derived { derivation: d, conditions };
            }
            let s = simplify::simplify(&v, &assumptions, &limits());
            ClosedForm::Derived { derivation: d.then(s), conditions }
        }
        Some(PowerIntegral::Infinite { reason }) => {
            // log(+∞)/(α − 1): +∞ for α > 1 (the only orders where the integral can diverge)
            ClosedForm::Infinite { reason }
        }
        None => {
            ClosedForm::NotDerivable { reason: format!("no rule for ∫p^{alpha}*q^(1 - {alpha}) between {p} and {q}") }
        }
    }
}

/// The step that writes each Gaussian (or exponential) integral as F·exp(E), by exact arithmetic.
pub const COMPLETE_SQUARE_STEP: &str = "complete-the-square";
/// The step that writes each exponential integral as F·exp(E), by exact arithmetic.
pub const EXACT_INTEGRAL_STEP: &str = "exact-exponents";
/// The step that merges the rational coefficients into the factors and the constants.
pub const COLLECT_TERMS_STEP: &str = "collect-terms";

/// Σ cᵢ·Iᵢ with Iᵢ = 1 or a reduced integral: the positive terms first, the constant last unless
/// every other term is subtracted (`2 - 2*sqrt(…)*exp(…)`).
fn collect_terms(list: &[(Rational, Option<gauss::Reduced>)]) -> Option<Expr> {
    let constant =
        list.iter().filter(|(_, r)| r.is_none()).try_fold(Rational::zero(), |sum, (c, _)| sum.checked_add(c))?;
    let mut items: Vec<(Expr, bool)> = list
        .iter()
        .filter_map(|(c, r)| r.as_ref().filter(|_| !c.is_zero()).map(|r| (r.term(&c.abs()), c.is_negative())))
        .collect();
    if !constant.is_zero() {
        items.push((Expr::num(constant.abs()), constant.is_negative()));
    }
    items.sort_by_key(|(_, negative)| *negative);
    let mut out: Option<Expr> = None;
    for (e, negative) in items {
        out = Some(match (out, negative) {
            (None, false) => e,
            (None, true) => -&e,
            (Some(s), false) => &s + &e,
            (Some(s), true) => &s - &e,
        });
    }
    Some(out.unwrap_or_else(|| Expr::int(0)))
}

fn is_positive(c: &Expr) -> bool {
    matches!(exact::eval_constant(c), Ok(r) if r.is_positive())
}

fn is_one_expr(c: &Expr) -> bool {
    matches!(exact::eval_constant(c), Ok(r) if r.is_one())
}
