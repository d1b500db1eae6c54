//! Transforms of a generator: equivalence, the dual and the convex conjugate.
//!
//! - [`equivalence`]: whether two generators give the same divergence (f − g = c·(u − 1)), and
//!   which catalogue entry a generator is;
//! - [`dual`]: the dual u·f(1/u), whose divergence is D_f(Q‖P), and symmetry;
//! - [`conjugate`]: the convex conjugate f*(t) = sup_u (t·u − f(u)) by pieces over the whole
//!   line, with its effective domain, and the variational bound it gives.

pub mod conjugate;
pub mod dual;
pub mod equivalence;
