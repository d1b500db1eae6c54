//! The numeric layer: everything that computes with `f64`.
//!
//! - `compile`: an expression compiled once into a flat register program, evaluated many times
//!   with variables bound by slot ([`Compiled`]);
//! - [`special`]: log Γ, ψ and W₀ in `f64`;
//! - [`interval`]: sound outward-rounded enclosures of an expression over a box of its symbols,
//!   with definedness.
//!
//! Architecture invariant: `numeric` never sees an e-graph, and nothing here decides a proof by
//! floating-point evaluation alone (interval enclosures are sound; point values are not).

pub(crate) mod compile;
pub mod interval;
pub mod quad;
pub mod special;

pub use compile::Compiled;

/// Errors of the numeric layer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumericError {
    /// The expression uses a symbol that was not given a slot.
    #[error("symbol '{0}' has no value")]
    UnboundSymbol(String),
    /// A computed value is NaN or infinite where a finite number was required.
    #[error("{what} is not finite")]
    NotFinite {
        /// What was computed, e.g. `f(0.5)`.
        what: String,
    },
}
