//! Closed forms of divergences between parametric families, derived from the log-densities.
//!
//! - [`family`]: families with symbolic parameters (`N(m1, s1)`), their log-densities from
//!   [`crate::dist`], supports and parameter assumptions;
//! - [`expect`]: the expectation engine, E_P[g(x)] by linearity and moment rules;
//! - [`mvn`]: KL between multivariate Normals through Cholesky factors (nalgebra).
//!
//! [`kl`] derives KL(P‖Q) = E_P[log p − log q] as a [`Derivation`]: the log-densities are
//! substituted, terms common to both cancel, the expectation is taken rule by rule, and the
//! e-graph simplifies the result. [`derive`] does the same for any generator it can split into
//! u·log u, log u and powers u^β (KL, reverse KL, Jeffreys, Pearson, Hellinger, the
//! α-divergences), the powers through Gaussian integrals; anything else (JS, TV) is
//! [`ClosedForm::NotDerivable`] with the reason, and the numeric path answers.
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
pub mod mvn;

use std::fmt;

use crate::expr::Expr;
use crate::simplify::{self, Assumptions, Derivation, Limits};
use family::{Family, Parametric};

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
/// assert_eq!(d.result().unwrap().to_string(), "-1/2 + ((s1*s1 + (m1 - m2)^2)/(2*(s2*s2)) + log(s2/s1))");
/// ```
pub fn kl(p: &Parametric, q: &Parametric) -> ClosedForm {
    if !p.support().within(q.support()) {
        return ClosedForm::Infinite { reason: format!("{p} puts mass where {q} has none") };
    }
    if p.family == Family::Categorical || q.family == Family::Categorical {
        return ClosedForm::NotDerivable { reason: "categorical: use the finite sum".into() };
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
    ClosedForm::Derived { derivation: d.then(s), conditions: vec![] }
}
