//! Closed forms of divergences between parametric families.
//!
//! - [`mvn`]: KL between multivariate Normals through Cholesky factors (nalgebra).
//!
//! The symbolic expectation engine (KL between Normals, Exponentials, Gammas, … derived from the
//! log-densities) comes with the closed-forms issue; it is not here yet.

pub mod mvn;
