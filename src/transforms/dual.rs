//! The dual generator f◇(u) = u·f(1/u), with D_f(P‖Q) = D_{f◇}(Q‖P).
//!
//! [`dual`] substitutes and simplifies with the e-graph (the dual of KL, u·log u, is reverse KL,
//! −log u), then decides whether f is *symmetric* — f◇ = f + c·(u − 1) for a constant c, so that
//! D_f(P‖Q) = D_f(Q‖P): proved when f◇ − f splits exactly into c·u − c
//! ([`crate::generator::split`]) or by the exact normal form of
//! [`equivalence::same`](super::equivalence::same), refuted with its certified witness, unknown
//! otherwise.

use crate::expr::{Expr, exact};
use crate::generator::split::split;
use crate::generator::{Generator, VARIABLE};
use crate::simplify::{self, Assumptions, Derivation, Limits};

/// Whether a generator is symmetric (f◇ = f + c·(u − 1)).
#[derive(Debug, Clone, PartialEq)]
pub enum Symmetry {
    /// Proved exactly: f◇ − f = c·(u − 1).
    Symmetric {
        /// The constant c.
        c: Expr,
    },
    /// Refuted, with a certified witness (interval arithmetic) from
    /// [`equivalence::same`](super::equivalence::same).
    NotSymmetric {
        /// The witness: points and the nonzero quantity's enclosure.
        witness: String,
    },
    /// Neither (the difference does not split and numbers do not refute).
    Unknown(String),
}

/// The dual generator, its derivation and the symmetry verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Dual {
    /// u·f(1/u) ⟶ simplified form.
    pub derivation: Derivation,
    /// f◇ as a generator (the derivation's result).
    pub generator: Generator,
    /// Whether f◇ = f + c·(u − 1).
    pub symmetry: Symmetry,
}

/// `f◇(u) = <dual>`, then whether f is symmetric.
impl std::fmt::Display for Dual {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "f◇(u) = u·f(1/u) = {}; ", self.generator.f())?;
        match &self.symmetry {
            Symmetry::Symmetric { c } => write!(f, "symmetric: f◇ = f + {c}·(u - 1)"),
            Symmetry::NotSymmetric { witness } => write!(f, "not symmetric: {witness}"),
            Symmetry::Unknown(reason) => write!(f, "symmetry unknown: {reason}"),
        }
    }
}

impl Generator {
    /// The dual u·f(1/u) with the symmetry verdict (see [`dual()`]).
    pub fn dual(&self) -> Dual {
        dual(self)
    }
}

/// The dual generator u·f(1/u), simplified, with the symmetry verdict.
///
/// # Examples
///
/// ```
/// use fdiv::generator::catalogue;
/// use fdiv::transforms::dual::{dual, Symmetry};
/// let d = dual(&catalogue::lookup("kl").unwrap().generator());
/// assert_eq!(d.generator.f().to_string(), "-log(u)");
/// assert!(matches!(d.symmetry, Symmetry::NotSymmetric { .. }));
/// let h = dual(&catalogue::lookup("hellinger").unwrap().generator());
/// assert!(matches!(h.symmetry, Symmetry::Symmetric { .. }));
/// ```
pub fn dual(g: &Generator) -> Dual {
    let u = Expr::symbol(VARIABLE);
    let start = &u * &g.f().substitute(VARIABLE, &(&Expr::int(1) / &u));
    let derivation = simplify::simplify(&start, &Assumptions::default(), &Limits::default());
    let f_dual = derivation.result.clone();
    let symmetry = symmetry(g.f(), &f_dual);
    let mut generator = Generator::new(f_dual);
    if let Some(name) = g.name() {
        generator = generator.named(&format!("{name}-dual"));
    }
    Dual { derivation, generator, symmetry }
}

fn symmetry(f: &Expr, f_dual: &Expr) -> Symmetry {
    let h = f_dual - f;
    if let Some(terms) = split(&h, VARIABLE) {
        let linear = terms.iter().all(|t| !t.log && (t.power.is_zero() || t.power.is_one()));
        let exact_terms = terms.iter().all(|t| exact::eval_constant(&t.coef).is_ok());
        if linear && exact_terms {
            let coef = |one: bool| {
                terms
                    .iter()
                    .find(|t| t.power.is_one() == one)
                    .and_then(|t| exact::eval_constant(&t.coef).ok())
                    .unwrap_or_else(crate::expr::Rational::zero)
            };
            let (c, d) = (coef(true), coef(false));
            if c.checked_add(&d).is_some_and(|s| s.is_zero()) {
                return Symmetry::Symmetric { c: Expr::num(c) };
            }
        }
    }
    // the exact normal form and certified witnesses of the equivalence module
    let (fg, dg) = (Generator::new(f.clone()), Generator::new(f_dual.clone()));
    match super::equivalence::same(&dg, &fg, &Assumptions::default()) {
        super::equivalence::Equivalence::Same { c, .. } => Symmetry::Symmetric { c: Expr::num(c) },
        super::equivalence::Equivalence::Different(w) => Symmetry::NotSymmetric { witness: w.to_string() },
        super::equivalence::Equivalence::Unknown { reason } => Symmetry::Unknown(reason),
    }
}
