//! # fdiv — f-divergences, checked, derived and computed
//!
//! D_f(P‖Q) = ∫ q(x) f(p(x)/q(x)) dx for a generator f, convex on (0, ∞) with f(1) = 0.
//! fdiv parses a generator written as text, proves or refutes that it is valid, derives the
//! divergence's integrand with e-graphs, and integrates divergences numerically.
//!
//! The pipeline, one module per step:
//!
//! - [`expr`]: the term language ([`expr::Math`], an egg language over exact rationals), the
//!   parser with error spans, infix, LaTeX, Rust and NumPy printers, exact evaluation;
//! - [`numeric`]: compiled f64 evaluation, special functions, interval enclosures, quadrature;
//! - [`simplify`]: equality saturation (egg) with sound conditional rules over declared
//!   assumptions, exact normal forms, and step-by-step derivations;
//! - [`calculus`]: symbolic derivatives, f(0+) and f'(∞) by asymptotic expansions;
//! - [`poly`]: exact polynomials and rational functions, Sturm sequences;
//! - [`verify`]: generator checks (f(1) = 0, convexity, lsc) with certificates and witnesses;
//! - [`divergence`]: generators, the catalogue, integrand derivations, equivalence, duals,
//!   convex conjugates, and D_f(P‖Q) by quadrature or finite sums ([`divergence::numeric`]);
//! - [`dist`]: distributions (log-space densities, moments, sampling, symbolic log-densities,
//!   probability vectors) and their parser, `N(0,1)`, `Exp(2)`, `[0.2, 0.8]`;
//! - [`closed_form`]: closed forms between parametric families, derived from log-densities;
//! - [`fit`]: divergences estimated from samples (k-NN, kernel plug-in, bootstrap error bars)
//!   and push-forward models fitted by minimising them;
//! - [`plot`]: SVG charts; [`repl`]: the REPL's command language and shell.
//!
//! ```
//! use fdiv::expr::Expr;
//! use fdiv::numeric::Compiled;
//!
//! let kl = Expr::parse("u*log(u)").unwrap();
//! let f = Compiled::new(&kl, &["u"]).unwrap();
//! assert!((f.eval(&[2.0]) - 2.0 * 2f64.ln()).abs() < 1e-15);
//! ```

pub mod calculus;
pub mod closed_form;
pub mod dist;
pub mod divergence;
pub mod error;
pub mod expr;
pub mod fit;
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
