//! # fdiv — f-divergences, checked, derived and computed
//!
//! D_f(P‖Q) = ∫ q(x) f(p(x)/q(x)) dx for a generator f, convex on (0, ∞) with f(1) = 0.
//! fdiv parses a generator written as text, proves or refutes that it is valid, derives the
//! divergence's integrand with e-graphs, and integrates divergences numerically.
//!
//! The pipeline, one module per step:
//!
//! - [`expr`]: the term language ([`expr::Math`], an egg language over exact rationals), the
//!   parser with error spans, infix and LaTeX printers, exact evaluation;
//! - [`numeric`]: compiled f64 evaluation, special functions, interval enclosures;
//! - [`simplify`]: equality saturation (egg) with sound conditional rules over declared
//!   assumptions, exact normal forms, and step-by-step derivations;
//! - [`divergence`]: generators, the catalogue, integrand derivations, equivalence;
//! - [`calculus`]: symbolic derivatives, f(0+) and f'(∞) by asymptotic expansions;
//! - [`poly`]: exact polynomials and rational functions, Sturm sequences;
//! - [`verify`]: generator checks (f(1) = 0, convexity, lsc) with certificates and witnesses;
//! - [`closed_form`]: closed forms between parametric families (KL, Gaussian integrals, Rényi),
//!   derived by moment rules and checked against quadrature; duals and conjugates live in
//!   [`divergence`].
//!
//! ```
//! use fdiv::expr::Expr;
//! use fdiv::numeric::Compiled;
//!
//! let kl = Expr::parse("u*log(u)").unwrap();
//! let f = Compiled::new(&kl, &["u"]).unwrap();
//! assert!((f.eval(&[2.0]) - 2.0 * 2f64.ln()).abs() < 1e-15);
//! ```

pub mod closed_form;
pub mod dist;
pub mod calculus;
pub mod divergence;
pub mod error;
pub mod expr;
pub mod numeric;
pub mod plot;
pub mod poly;
pub mod repl;
pub mod simplify;
pub mod verify;

pub use error::Error;
pub use expr::{Expr, Math, Rational};

/// The README's examples, run as doctests so that the front page stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
