//! The crate's error type: one enum per boundary, folded into [`Error`].

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
}
