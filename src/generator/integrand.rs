//! The integrand of a divergence, derived: q·f(p/q) simplified in p and q, step by step.
//!
//! [`derive()`] substitutes u = p/q into f, multiplies by q, and runs the
//! [simplifier](crate::simplify) over the domain p, q > 0 (plus the parameters' declared
//! ranges). The derivation starts from the substituted term, so the first line a reader sees is
//! q·f(p/q) itself. A user's generator takes the same path; [`Derivation::complete`] says
//! whether a limit cut the simplification short.
//!
//! # Examples
//!
//! ```
//! use fdiv::generator::{Generator, integrand};
//! use fdiv::simplify::Assumptions;
//! let kl = Generator::parse("u*log(u)").unwrap();
//! let d = integrand::derive(&kl, &Assumptions::default());
//! assert_eq!(d.result.to_string(), "p*log(p/q)");
//! ```

use super::Generator;
use crate::simplify::{self, Assumptions, Derivation, Limits};

/// Derives the closed form of q·f(p/q) with the default [`Limits`].
pub fn derive(generator: &Generator, assumptions: &Assumptions) -> Derivation {
    derive_with(generator, assumptions, &Limits::default())
}

/// Derives the closed form of q·f(p/q) within `limits`.
pub fn derive_with(generator: &Generator, assumptions: &Assumptions, limits: &Limits) -> Derivation {
    simplify::simplify(&generator.integrand_expr(), assumptions, limits)
}

impl Generator {
    /// The integrand q·f(p/q), derived over p, q > 0 (see [`derive()`]).
    pub fn integrand(&self) -> Derivation {
        derive(self, &Assumptions::default())
    }
}
