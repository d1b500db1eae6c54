//! Generators: the functions f that define f-divergences.
//!
//! A [`Generator`] is a function f of the symbol `u`, meant to be convex on (0, ∞) with f(1) = 0;
//! its f-divergence is D_f(P‖Q) = ∫ q f(p/q). This module owns the generator type and what is
//! read off f directly: the catalogue of named generators ([`catalogue`]), the integrand
//! derivation ([`integrand`]) and the split into power and power-log terms ([`split`]).
//! Transforms of f (equivalence, dual, conjugate) live in `transforms`, the numeric divergence
//! in `divergence`.

use crate::expr::{Expr, ParseError};

/// The variable of every generator.
pub const VARIABLE: &str = "u";

/// A generator f(u), optionally with the name it is known by (`kl`, `js`, …).
///
/// # Examples
///
/// ```
/// use fdiv::generator::Generator;
/// let kl = Generator::parse("u*log(u)").unwrap();
/// assert_eq!(kl.integrand_expr().to_string(), "q*(p/q*log(p/q))");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generator {
    name: Option<String>,
    f: Expr,
}

/// f(u) as infix text (the name is not printed).
impl std::fmt::Display for Generator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.f)
    }
}

impl Generator {
    /// A generator from text in the symbol `u` (and parameters such as `alpha`).
    ///
    /// # Errors
    ///
    /// The [`ParseError`] of the text.
    pub fn parse(text: &str) -> Result<Generator, ParseError> {
        Ok(Generator { name: None, f: Expr::parse(text)? })
    }

    /// A generator from an expression.
    pub fn new(f: Expr) -> Generator {
        Generator { name: None, f }
    }

    /// The same generator under a name.
    pub fn named(mut self, name: &str) -> Generator {
        self.name = Some(name.to_string());
        self
    }

    /// The name, if it has one.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// f(u).
    pub fn f(&self) -> &Expr {
        &self.f
    }

    /// The integrand q·f(p/q), by substitution, before any simplification.
    pub fn integrand_expr(&self) -> Expr {
        let ratio = &Expr::symbol("p") / &Expr::symbol("q");
        &Expr::symbol("q") * &self.f.substitute(VARIABLE, &ratio)
    }
}

pub mod catalogue;
pub mod integrand;
pub mod split;
