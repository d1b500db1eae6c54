//! Special functions in `f64`: log Γ, the digamma function ψ and the Lambert W function W₀.
//!
//! These follow IEEE conventions like the rest of the compiled evaluator (poles give ±∞, points
//! outside the domain give NaN); callers that hand numbers to users check for non-finite values.
//!
//! Accuracy, measured against mpmath at 30 digits (`tests/special_functions.rs` records the
//! references and asserts these bounds, in ulps of the correctly rounded value):
//!
//! | function | where | error |
//! | --- | --- | --- |
//! | [`lgamma`] | x > 0 | ≤ 2 ulps (zeros at 1 and 2 included) |
//! | [`digamma`] | x > 0 | ≤ 2 ulps (its zero x₀ ≈ 1.4616 included) |
//! | [`digamma`] | x < 0 | ≤ 4 ε·(\|ψ(x)\| + ln(2 − x)): absolute, relative only away from its zeros |
//! | [`lambertw`] | x ≥ −1/e | ≤ 3 ulps |

use std::f64::consts::PI;

/// log |Γ(x)| (the C library's `lgamma`, from the `libm` crate: a port of musl's).
///
/// +∞ at the poles x = 0, −1, −2, … Accurate to 2 ulps for x > 0, including near its zeros at
/// 1 and 2; for x < 0 (through the reflection formula) the error is small in absolute terms but
/// not relative to the value near the zeros of log |Γ|.
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
/// −∞ at the poles x = 0, −1, −2, … (the sign of the pole is not meaningful), NaN at NaN and
/// −∞, +∞ at +∞.
///
/// Within 2 ulps for x > 0, including around its only positive zero x₀ ≈ 1.4616321449683622:
/// on [1, 2] ψ(x) = (x − x₀)·g(x) with a degree-24 polynomial g (a Chebyshev fit made with
/// mpmath; the script is in the source) and x₀ carried in two parts; (0, 1) and [2, 10) are brought to
/// [1, 2] by the recurrence ψ(x + 1) = ψ(x) + 1/x, and x ≥ 10 uses the asymptotic expansion.
/// For x < 0 the reflection ψ(x) = ψ(1 − x) − π cot(πx) is accurate in absolute terms (a few ε
/// times ln|x|), not relative to the value near the zeros of ψ between the poles.
///
/// # Examples
///
/// ```
/// use fdiv::numeric::special::digamma;
/// // ψ(1) = −γ (Euler–Mascheroni)
/// assert!((digamma(1.0) + 0.5772156649015329).abs() < 1e-15);
/// // ψ(1/2) = −γ − 2 log 2
/// assert!((digamma(0.5) + 1.9635100260214235).abs() < 1e-15);
/// ```
pub fn digamma(x: f64) -> f64 {
    if x.is_nan() || x == f64::NEG_INFINITY {
        return f64::NAN;
    }
    if x > 0.0 {
        return digamma_positive(x);
    }
    let n = x.round();
    if x == n {
        return f64::NEG_INFINITY;
    }
    // ψ(x) = ψ(1 − x) − π cot(πx), and cot(πx) = cot(π(x − n)) with x − n exact
    digamma_positive(1.0 - x) - PI / (PI * (x - n)).tan()
}

/// The principal branch W₀ of the Lambert W function: w ≥ −1 with w·e^w = x, for x ≥ −1/e.
///
/// NaN below −1/e, except that the `f64` nearest −1/e (which lies 1.2e-17 below it) stands for
/// −1/e and gives −1; +∞ at +∞. Within 3 ulps: Fukushima's piecewise minimax rational
/// approximation (the `lambert_w` crate, ~50 bits) refined by one Halley step on w·e^w − x,
/// except within 0.07 of the branch point −1/e, where that residual cancels and the approximation
/// (in √(x + 1/e)) is the more accurate one.
///
/// # Examples
///
/// ```
/// use fdiv::numeric::special::lambertw;
/// assert_eq!(lambertw(std::f64::consts::E), 1.0);
/// assert_eq!(lambertw(-(-1f64).exp()), -1.0);
/// assert!(lambertw(-1.0).is_nan());
/// ```
pub fn lambertw(x: f64) -> f64 {
    if x == NEAREST_NEG_INV_E {
        return -1.0;
    }
    let w = lambert_w::lambert_w0(x);
    if !(x > HALLEY_FROM && x < f64::MAX) {
        // near the branch point (and at NaN, ±∞, f64::MAX where w·e^w overflows) keep w as is
        return w;
    }
    // one Halley step on f(w) = w·e^w − x: w − f / (f' − f·f''/(2f'))
    let ew = w.exp();
    let f = w * ew - x;
    let wp1 = w + 1.0;
    let refined = w - f / (ew * wp1 - (w + 2.0) * f / (2.0 * wp1));
    if refined.is_finite() { refined } else { w }
}

/// The `f64` nearest −1/e (−0.36787944117144232159…), just below it.
const NEAREST_NEG_INV_E: f64 = -0.367_879_441_171_442_33;

/// Below this, W₀ is within 0.5 of −1 and a Halley step (whose residual w·e^w − x carries an
/// error of ε/(1 + w) relative) would lose accuracy instead of gaining it.
const HALLEY_FROM: f64 = -0.3;

/// ψ for x > 0.
fn digamma_positive(x: f64) -> f64 {
    if x >= DIGAMMA_ASYMPTOTIC_FROM {
        return digamma_asymptotic(x);
    }
    if x < 1.0 {
        // ψ(x) = ψ(1 + x) − 1/x, with t = x exact
        return digamma_one_plus(x) - 1.0 / x;
    }
    // ψ(x) = ψ(x − n) + Σ 1/(x − k), k = 1..n; x − 1 is exact here; smallest terms first
    let mut x = x;
    let mut sum = 0.0;
    while x >= 2.0 {
        x -= 1.0;
        sum += 1.0 / x;
    }
    digamma_one_plus(x - 1.0) + sum
}

/// ψ(1 + t) for t ∈ [0, 1]: (t − (x₀ − 1))·g(t), the root difference taken in two parts so
/// that the relative error stays small next to the zero x₀.
fn digamma_one_plus(t: f64) -> f64 {
    let s = 2.0 * t - 1.0;
    let g = DIGAMMA_G.iter().rev().fold(0.0, |acc, &c| acc * s + c);
    ((t - DIGAMMA_ROOT_HI) - DIGAMMA_ROOT_LO) * g
}

/// ψ(x) ~ ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ), for x ≥ 10 (the first omitted term is below 3e-19).
fn digamma_asymptotic(x: f64) -> f64 {
    let z = 1.0 / (x * x);
    let series = DIGAMMA_ASYMPTOTIC.iter().rev().fold(0.0, |acc, &c| acc * z + c);
    x.ln() - 0.5 / x - z * series
}

/// Where the asymptotic expansion takes over.
const DIGAMMA_ASYMPTOTIC_FROM: f64 = 10.0;

/// B₂ₖ/(2k) for k = 1..9.
const DIGAMMA_ASYMPTOTIC: [f64; 9] = [
    1.0 / 12.0,
    -1.0 / 120.0,
    1.0 / 252.0,
    -1.0 / 240.0,
    1.0 / 132.0,
    -691.0 / 32760.0,
    1.0 / 12.0,
    -3617.0 / 8160.0,
    43867.0 / 14364.0,
];

/// x₀ − 1 = 0.461632144968362341262659542325721328468… (the zero of ψ, minus 1) as a sum of two
/// `f64`s.
const DIGAMMA_ROOT_HI: f64 = 0.461_632_144_968_362_36;
/// The part of x₀ − 1 below [`DIGAMMA_ROOT_HI`].
const DIGAMMA_ROOT_LO: f64 = -1.552_234_816_285_867_7e-17;

/// g(t) = ψ(1 + t)/(t − (x₀ − 1)) on t ∈ [0, 1] as a polynomial in s = 2t − 1 (coefficient of
/// s⁰ first): Chebyshev interpolation of degree 24 at 60 digits, converted to the monomial basis
/// and rounded; its error before rounding is below 5e-17 relative. Generated by this mpmath
/// script (python3, mpmath 1.3.0; prints the coefficients in this order):
///
/// ```text
/// from mpmath import mp, mpf, digamma, findroot, cos, pi
/// mp.dps = 60; N = 24
/// r = findroot(digamma, mpf('1.4616321449683622')) - 1
/// g = lambda t: digamma(1 + t) / (t - r)
/// nodes = [cos(pi*(k + mpf(1)/2)/(N + 1)) for k in range(N + 1)]
/// vals = [g((s + 1)/2) for s in nodes]
/// c = [2*sum(vals[k]*cos(pi*j*(k + mpf(1)/2)/(N + 1)) for k in range(N + 1))/(N + 1) for j in range(N + 1)]
/// c[0] /= 2
/// T = [[mpf(1)], [mpf(0), mpf(1)]]
/// for j in range(2, N + 1):
///     a = [mpf(0)] + [2*v for v in T[j-1]]; b = T[j-2] + [mpf(0)]*(len(a) - len(T[j-2]))
///     T.append([a[i] - b[i] for i in range(len(a))])
/// mono = [sum(c[j]*T[j][i] for j in range(i, N + 1) if i < len(T[j])) for i in range(N + 1)]
/// print(float(r), float(r - mpf(float(r)))); print(*[repr(float(m)) for m in mono], sep='\n')
/// ```
#[allow(clippy::excessive_precision, reason = "the coefficients are printed with Python's round-trip repr")]
const DIGAMMA_G: [f64; 25] = [
    0.951_055_876_031_832_8,
    -0.211_813_710_640_730_24,
    0.060_135_621_060_196_73,
    -0.018_550_615_381_739_837,
    0.005_936_795_278_307_223_5,
    -0.001_935_066_664_735_758_9,
    0.000_636_888_030_284_636_4,
    -0.000_210_748_412_888_329_56,
    6.995_018_923_408_578e-5,
    -2.325_823_247_531_084_6e-5,
    7.741_228_917_125_823e-6,
    -2.578_134_859_628_365_3e-6,
    8.589_262_341_522_206e-7,
    -2.862_091_330_552_489_4e-7,
    9.538_512_882_131_195e-8,
    -3.181_251_168_442_988_7e-8,
    1.060_345_724_612_748_8e-8,
    -3.503_398_923_223_047e-9,
    1.167_771_177_499_064e-9,
    -4.196_528_435_728_064_6e-10,
    1.398_831_414_282_170_4e-10,
    -2.751_798_849_711_330_2e-11,
    9.172_618_879_913_334e-12,
    -1.000_643_899_750_526_7e-11,
    3.335_477_322_544_212e-12,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poles_and_non_finite_arguments() {
        assert_eq!(digamma(0.0), f64::NEG_INFINITY);
        assert_eq!(digamma(-3.0), f64::NEG_INFINITY);
        assert!(digamma(f64::NAN).is_nan());
        assert!(digamma(f64::NEG_INFINITY).is_nan());
        assert_eq!(digamma(f64::INFINITY), f64::INFINITY);
        assert_eq!(lgamma(0.0), f64::INFINITY);
        assert_eq!(lgamma(-2.0), f64::INFINITY);
        assert_eq!(lambertw(f64::INFINITY), f64::INFINITY);
        assert!(lambertw(f64::NAN).is_nan());
        assert!(lambertw(f64::MAX).is_finite());
        assert_eq!(lambertw(0.0), 0.0);
    }

    #[test]
    fn lambertw_inverts_w_exp_w() {
        for w in [-0.9, -0.5, -1e-3, 1e-300, 0.3, 1.0, 7.5, 100.0, 700.0] {
            let x = w * f64::exp(w);
            let back = lambertw(x);
            assert!((back - w).abs() <= 4.0 * f64::EPSILON * w.abs().max(1.0) / (1.0 + w), "w = {w}: {back}");
        }
    }

    #[test]
    #[allow(clippy::excessive_precision, reason = "mpmath's digits, pasted verbatim")]
    fn the_polynomial_matches_its_script() {
        // g(x₀ − 1) = ψ'(x₀): the fit is right at the zero it factors out
        let s = 2.0 * DIGAMMA_ROOT_HI - 1.0;
        let g = DIGAMMA_G.iter().rev().fold(0.0, |acc, &c| acc * s + c);
        // python3 -c "from mpmath import *; mp.dps=30; print(psi(1, findroot(digamma, 1.46)))"
        assert!((g - 0.967_672_245_447_621_170_427_444_761_71).abs() < 4e-16, "{g}");
    }
}
