//! Special functions in `f64`: log Γ, the digamma function ψ and the Lambert W function W₀.
//!
//! These follow IEEE conventions like the rest of the compiled evaluator (poles give ±∞, points
//! outside the domain give NaN); callers that hand numbers to users check for non-finite values.

/// log |Γ(x)| (the C library's `lgamma`; a port of musl's, accurate to a few ulps).
///
/// +∞ at the poles x = 0, −1, −2, …
///
/// # Examples
///
/// ```
/// use fdiv::numeric::special::lgamma;
/// assert_eq!(lgamma(1.0), 0.0);
/// assert!((lgamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-15);
/// ```
pub fn lgamma(x: f64) -> f64 {
    libm::lgamma(x)
}

/// The digamma function ψ(x) = Γ'(x)/Γ(x).
///
/// −∞ at the poles x = 0, −1, −2, … (the sign of the pole is not meaningful).
///
/// # Examples
///
/// ```
/// use fdiv::numeric::special::digamma;
/// // ψ(1) = −γ (Euler–Mascheroni)
/// assert!((digamma(1.0) + 0.5772156649015329).abs() < 1e-15);
/// ```
pub fn digamma(x: f64) -> f64 {
    statrs::function::gamma::digamma(x)
}

/// The principal branch W₀ of the Lambert W function: w ≥ −1 with w·e^w = x, for x ≥ −1/e.
///
/// NaN below −1/e.
///
/// # Examples
///
/// ```
/// use fdiv::numeric::special::lambertw;
/// assert!((lambertw(std::f64::consts::E) - 1.0).abs() < 1e-15);
/// assert!(lambertw(-1.0).is_nan());
/// ```
pub fn lambertw(x: f64) -> f64 {
    lambert_w::lambert_w0(x)
}
