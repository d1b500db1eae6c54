//! # fdiv — f-divergences, checked, derived and computed
//!
//! D_f(P‖Q) = ∫ q(x) f(p(x)/q(x)) dx for a generator f, convex on (0, ∞) with f(1) = 0.
//! fdiv parses a generator written as text, proves or refutes that it is valid, derives the
//! divergence's integrand with e-graphs, derives closed forms between parametric families, and
//! integrates divergences numerically with an error estimate.
//!
//! The main workflow needs only the crate root:
//!
//! ```
//! use fdiv::{Distribution, Generator};
//!
//! // a new generator: KL written with its affine part, u·log u − u + 1
//! let f = Generator::parse("u*log(u) - u + 1")?;
//! // verify it: f(1) = 0, convex on (0, ∞), lower semicontinuous — each proved or refuted
//! let report = f.check();
//! assert!(report.is_valid(), "{report}");
//! // derive its integrand q·f(p/q), step by step
//! let integrand = f.integrand();
//! assert_eq!(integrand.result.to_string(), "p*log(p/q) + (q - p)");
//! // compute D_f(P‖Q) between two densities: KL(N(0,1)‖N(1,2)) = ln 2 + 2/8 − 1/2
//! let p: Distribution = "N(0, 1)".parse()?;
//! let q: Distribution = "N(1, 2)".parse()?;
//! let d = f.divergence(&p, &q)?;
//! assert!((d.value - (2f64.ln() - 0.25)).abs() < 1e-12);
//! # Ok::<(), fdiv::Error>(())
//! ```
//!
//! The layers, bottom to top (a module uses only the ones below it; `tests/layers.rs` checks
//! it, ARCHITECTURE.md draws it):
//!
//! - [`expr`]: the term language ([`Math`], an egg language over exact [`Rational`]s), the
//!   parser with error spans, infix, LaTeX, Rust and NumPy printers, exact evaluation;
//! - [`numeric`]: compiled f64 evaluation, special functions, interval enclosures, quadrature;
//!   [`poly`]: exact polynomials and rational functions, Sturm sequences;
//! - [`simplify`]: equality saturation (egg) with sound conditional rules over declared
//!   assumptions, exact normal forms, step-by-step [`Derivation`]s; [`calculus`]: symbolic
//!   derivatives, f(0+) and f'(∞) by asymptotic expansions;
//! - [`generator`]: the [`Generator`] type, the catalogue, the integrand derivation, the split
//!   into power-log terms; [`dist`]: distributions ([`Distribution`]) and their parser;
//! - [`verify`]: generator checks with certificates and witnesses ([`check`], [`Report`],
//!   [`Verdict`]); [`transforms`]: equivalence, duals and convex conjugates; [`closed_form`](mod@closed_form):
//!   closed forms between parametric families ([`Parametric`]: `N(m1, s1)`, symbolic or numeric);
//! - [`divergence`](mod@divergence): D_f(P‖Q) by quadrature or finite sums, +∞ with its reason;
//! - [`fit`]: divergences estimated from samples and push-forward models fitted by minimising
//!   them;
//! - `plot` and `repl` (the `repl` cargo feature, on by default): SVG charts and the REPL's
//!   command language and shell.
//!
//! # Performance of a dependent crate
//!
//! egg's generic code is compiled in the crate that instantiates it — fdiv — at the opt-level of
//! the build. A debug build of a crate that depends on fdiv therefore runs the e-graph about 30×
//! slower than release. Optimise fdiv alone in the dependent crate's `Cargo.toml`:
//!
//! ```toml
//! [profile.dev.package.fdiv]
//! opt-level = 2
//! ```
//!
//! Build with `default-features = false` for the engine without the REPL's terminal and plotting
//! dependencies.

pub mod calculus;
pub mod closed_form;
pub mod dist;
pub mod divergence;
mod error;
pub mod expr;
pub mod fit;
pub mod generator;
pub mod numeric;
#[cfg(feature = "repl")]
pub mod plot;
pub mod poly;
#[cfg(feature = "repl")]
pub mod repl;
pub mod simplify;
pub mod transforms;
pub mod verify;

pub use closed_form::family::Parametric;
pub use closed_form::{ClosedForm, derive as closed_form};
pub use dist::Distribution;
pub use divergence::{DivergenceError, divergence};
pub use error::Error;
pub use expr::{Expr, Math, ParseError, Rational};
pub use generator::Generator;
pub use generator::integrand::derive;
pub use numeric::quad::Estimate;
pub use simplify::{Assumptions, Derivation};
pub use transforms::conjugate::{Conjugate, conjugate};
pub use transforms::dual::{Dual, dual};
pub use transforms::equivalence::{Equivalence, same};
pub use verify::{Report, Verdict, check};

/// The README's examples, run as doctests so that the front page stays true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
