//! The crate's error type: one enum per boundary, folded into [`Error`].
//!
//! Each module returns its own small error enum; a caller that mixes modules can use `?` into
//! [`Error`].
//!
//! ```
//! fn kl_at(text: &str, u: f64) -> Result<f64, fdiv::Error> {
//!     let f = fdiv::Expr::parse(text)?;
//!     Ok(fdiv::numeric::Compiled::new(&f, &["u"])?.eval_finite(&[u])?)
//! }
//! assert!(kl_at("u*log(u)", 2.0).is_ok());
//! assert!(matches!(kl_at("u*log(", 2.0), Err(fdiv::Error::Parse(_))));
//! ```

use crate::expr::ParseError;
use crate::expr::exact::ExactError;

/// Any error fdiv returns.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Error {
    /// The text is not a valid expression.
    #[error("parse error: {0}")]
    Parse(#[from] ParseError),
    /// Exact evaluation failed.
    #[error(transparent)]
    Exact(#[from] ExactError),
    /// Numeric evaluation or compilation failed.
    #[error(transparent)]
    Numeric(#[from] crate::numeric::NumericError),
    /// Quadrature failed.
    #[error(transparent)]
    Quadrature(#[from] crate::numeric::quad::QuadError),
    /// A derivative could not be formed.
    #[error(transparent)]
    Calculus(#[from] crate::calculus::CalculusError),
    /// A distribution's parameters or text are invalid.
    #[error(transparent)]
    Dist(#[from] crate::dist::DistError),
    /// A numeric divergence failed.
    #[error(transparent)]
    Divergence(#[from] crate::divergence::DivergenceError),
    /// A convex conjugate could not be formed.
    #[error(transparent)]
    Conjugate(#[from] crate::transforms::conjugate::ConjugateError),
    /// A parametric family's text or parameters are invalid.
    #[error(transparent)]
    Family(#[from] crate::closed_form::family::FamilyError),
    /// A multivariate Normal is invalid.
    #[error(transparent)]
    Mvn(#[from] crate::closed_form::mvn::MvnError),
    /// An estimate or fit from samples failed.
    #[error(transparent)]
    Fit(#[from] crate::fit::FitError),
    /// A chart could not be drawn or written.
    #[cfg(feature = "repl")]
    #[error(transparent)]
    Plot(#[from] crate::plot::PlotError),
}
