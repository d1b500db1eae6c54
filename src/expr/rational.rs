//! Exact rational constants: arbitrary precision, with bounded work.
//!
//! [`Rational`] is the leaf type of the term language. It parses integers (`2`), decimals (`0.5`),
//! scientific notation (`1e-3`) and fractions (`3/4`, the form it prints in, so that egg's
//! s-expression round trip keeps the value). Every operation that could grow without bound
//! (`2^3^2^5`) is checked against [`MAX_BITS`] and returns `None` instead of exhausting memory.

use std::fmt;
use std::str::FromStr;

use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// The largest numerator or denominator, in bits, that exact arithmetic will produce.
///
/// Results beyond it are not computed: the expression stays symbolic (or the caller reports an
/// error). 4096 bits is far beyond any constant a divergence needs and keeps every operation fast.
pub const MAX_BITS: u64 = 4096;

/// An exact rational number, the constant leaf of [`Math`](super::Math).
///
/// # Examples
///
/// ```
/// use fdiv::expr::Rational;
/// let half: Rational = "0.5".parse().unwrap();
/// assert_eq!(half, Rational::new(1, 2));
/// assert_eq!(half.to_string(), "1/2");
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rational(BigRational);

impl Rational {
    /// The rational `numer / denom`.
    ///
    /// # Panics
    ///
    /// Panics if `denom` is zero (a programming error, never reached from user input).
    pub fn new(numer: i64, denom: i64) -> Self {
        assert!(denom != 0, "Rational::new with a zero denominator");
        Rational(BigRational::new(BigInt::from(numer), BigInt::from(denom)))
    }

    /// The integer `n`.
    pub fn from_integer(n: i64) -> Self {
        Rational(BigRational::from_integer(BigInt::from(n)))
    }

    /// Zero.
    pub fn zero() -> Self {
        Rational(BigRational::zero())
    }

    /// One.
    pub fn one() -> Self {
        Rational(BigRational::one())
    }

    /// Wraps a [`BigRational`], or `None` if it exceeds [`MAX_BITS`].
    pub fn from_big(value: BigRational) -> Option<Self> {
        (value.numer().bits() <= MAX_BITS && value.denom().bits() <= MAX_BITS).then_some(Rational(value))
    }

    /// The underlying [`BigRational`].
    pub fn as_big(&self) -> &BigRational {
        &self.0
    }

    /// Whether this is 0.
    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    /// Whether this is 1.
    pub fn is_one(&self) -> bool {
        self.0.is_one()
    }

    /// Whether this is an integer.
    pub fn is_integer(&self) -> bool {
        self.0.is_integer()
    }

    /// Whether this is strictly negative.
    pub fn is_negative(&self) -> bool {
        self.0.is_negative()
    }

    /// Whether this is strictly positive.
    pub fn is_positive(&self) -> bool {
        self.0.is_positive()
    }

    /// The value as an `i64`, if it is an integer that fits.
    pub fn to_i64(&self) -> Option<i64> {
        if self.0.is_integer() { self.0.numer().to_i64() } else { None }
    }

    /// The nearest `f64` (±∞ when out of range).
    pub fn to_f64(&self) -> f64 {
        if let Some(v) = self.0.to_f64() {
            return v;
        }
        // to_f64 fails only when numerator or denominator overflow f64: scale both down
        let n = self.0.numer();
        let d = self.0.denom();
        let shift = n.bits().max(d.bits()).saturating_sub(1000);
        let (n, d) = (n >> shift, d >> shift);
        match (n.to_f64(), d.to_f64()) {
            (Some(n), Some(d)) if d != 0.0 => n / d,
            _ => {
                let huge = self.0.numer().bits() > self.0.denom().bits();
                let sign = if self.is_negative() { -1.0 } else { 1.0 };
                if huge { sign * f64::INFINITY } else { sign * 0.0 }
            }
        }
    }

    /// Exact conversion of a finite `f64` (every finite double is a dyadic rational).
    pub fn from_f64(value: f64) -> Option<Self> {
        BigRational::from_float(value).and_then(Self::from_big)
    }

    /// The numerator.
    pub fn numer(&self) -> &BigInt {
        self.0.numer()
    }

    /// The (positive) denominator.
    pub fn denom(&self) -> &BigInt {
        self.0.denom()
    }

    /// `self + other`, or `None` beyond [`MAX_BITS`].
    pub fn checked_add(&self, other: &Self) -> Option<Self> {
        Self::from_big(&self.0 + &other.0)
    }

    /// `self - other`, or `None` beyond [`MAX_BITS`].
    pub fn checked_sub(&self, other: &Self) -> Option<Self> {
        Self::from_big(&self.0 - &other.0)
    }

    /// `self * other`, or `None` beyond [`MAX_BITS`].
    pub fn checked_mul(&self, other: &Self) -> Option<Self> {
        Self::from_big(&self.0 * &other.0)
    }

    /// `self / other`, or `None` when `other` is 0 or the result exceeds [`MAX_BITS`].
    pub fn checked_div(&self, other: &Self) -> Option<Self> {
        if other.is_zero() { None } else { Self::from_big(&self.0 / &other.0) }
    }

    /// `-self`.
    pub fn neg(&self) -> Self {
        Rational(-&self.0)
    }

    /// `|self|`.
    pub fn abs(&self) -> Self {
        Rational(self.0.abs())
    }

    /// `self ^ exponent` for an integer exponent, or `None` when the result would exceed
    /// [`MAX_BITS`] (checked *before* computing it) or is `0 ^ negative`.
    ///
    /// # Examples
    ///
    /// ```
    /// use fdiv::expr::Rational;
    /// assert_eq!(Rational::new(2, 3).checked_powi(-2), Some(Rational::new(9, 4)));
    /// assert_eq!(Rational::from_integer(2).checked_powi(1 << 40), None);
    /// ```
    pub fn checked_powi(&self, exponent: i64) -> Option<Self> {
        if self.is_zero() {
            return match exponent {
                0 => Some(Self::one()),
                e if e > 0 => Some(Self::zero()),
                _ => None,
            };
        }
        if self.abs().is_one() {
            let odd = exponent % 2 != 0;
            return Some(if odd { self.clone() } else { Self::one() });
        }
        let magnitude = exponent.unsigned_abs();
        let bits = self.0.numer().bits().max(self.0.denom().bits());
        // |n|^k has at most k·bits(n) bits: refuse before allocating
        if bits > 1 && (bits - 1).saturating_mul(magnitude) > MAX_BITS {
            return None;
        }
        let k = i32::try_from(exponent).ok()?;
        Self::from_big(num_traits::pow::Pow::pow(&self.0, k))
    }

    /// The exact `k`-th root (`k ≥ 1`) of a rational, if it is rational (for even `k`, of a
    /// nonnegative value; the root returned is the nonnegative one).
    ///
    /// # Examples
    ///
    /// ```
    /// use fdiv::expr::Rational;
    /// assert_eq!(Rational::new(9, 4).exact_root(2), Some(Rational::new(3, 2)));
    /// assert_eq!(Rational::from_integer(2).exact_root(2), None);
    /// assert_eq!(Rational::from_integer(-8).exact_root(3), Some(Rational::from_integer(-2)));
    /// ```
    pub fn exact_root(&self, k: u32) -> Option<Self> {
        if k == 0 || (k.is_multiple_of(2) && self.is_negative()) {
            return None;
        }
        let root_int = |n: &BigInt| -> Option<BigInt> {
            let r = n.nth_root(k);
            (num_traits::pow::Pow::pow(&r, k) == *n).then_some(r)
        };
        let n = root_int(self.0.numer())?;
        let d = root_int(self.0.denom())?;
        Some(Rational(BigRational::new(n, d)))
    }
}

impl fmt::Display for Rational {
    /// Integers print as integers, others as `numer/denom`: `3`, `-1/2`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_integer() {
            write!(f, "{}", self.0.numer())
        } else {
            write!(f, "{}/{}", self.0.numer(), self.0.denom())
        }
    }
}

impl fmt::Debug for Rational {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Why a numeric literal was not accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LiteralError {
    /// The text is not a number.
    #[error("not a number")]
    Malformed,
    /// The number's exact value would exceed the size limit.
    #[error("number too large for exact arithmetic")]
    TooLarge,
    /// A fraction with denominator zero.
    #[error("zero denominator")]
    ZeroDenominator,
}

impl FromStr for Rational {
    type Err = LiteralError;

    /// Parses `[-]digits[.digits][e[+-]digits]` or `[-]integer/integer`.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if let Some((n, d)) = text.split_once('/') {
            let n: BigInt = parse_integer(n)?;
            let d: BigInt = parse_integer(d)?;
            if d.is_zero() {
                return Err(LiteralError::ZeroDenominator);
            }
            return Self::from_big(BigRational::new(n, d)).ok_or(LiteralError::TooLarge);
        }
        parse_decimal(text)
    }
}

fn parse_integer(text: &str) -> Result<BigInt, LiteralError> {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(LiteralError::Malformed);
    }
    if digits.len() as u64 > MAX_BITS / 3 {
        return Err(LiteralError::TooLarge);
    }
    text.parse().map_err(|_| LiteralError::Malformed)
}

/// Parses a decimal literal exactly: `0.1` is 1/10, not the double nearest to it.
fn parse_decimal(text: &str) -> Result<Rational, LiteralError> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (int_part.is_empty() && frac_part.is_empty()) || !all_digits(int_part) || !all_digits(frac_part) {
        return Err(LiteralError::Malformed);
    }
    let mut exp10: i64 = match exponent {
        None => 0,
        Some(e) => {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !all_digits(digits) {
                return Err(LiteralError::Malformed);
            }
            // a 10^k with k beyond ~1233 exceeds MAX_BITS anyway
            if digits.len() > 6 {
                return Err(LiteralError::TooLarge);
            }
            e.parse::<i64>().map_err(|_| LiteralError::Malformed)?
        }
    };
    exp10 -= frac_part.len() as i64;
    let digits = format!("{int_part}{frac_part}");
    let digits = digits.trim_start_matches('0');
    let mantissa: BigInt = if digits.is_empty() { BigInt::zero() } else { parse_integer(digits)? };
    if mantissa.is_zero() {
        return Ok(Rational::zero());
    }
    let ten = Rational::from_integer(10);
    let scale = ten.checked_powi(exp10).ok_or(LiteralError::TooLarge)?;
    let value = Rational::from_big(BigRational::from_integer(mantissa))
        .and_then(|m| m.checked_mul(&scale))
        .ok_or(LiteralError::TooLarge)?;
    Ok(if negative { value.neg() } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str) -> Result<Rational, LiteralError> {
        text.parse()
    }

    #[test]
    fn decimals_are_exact() {
        assert_eq!(r("0.1"), Ok(Rational::new(1, 10)));
        assert_eq!(r("1e-3"), Ok(Rational::new(1, 1000)));
        assert_eq!(r("2.50E2"), Ok(Rational::from_integer(250)));
        assert_eq!(r(".5"), Ok(Rational::new(1, 2)));
        assert_eq!(r("5."), Ok(Rational::from_integer(5)));
        assert_eq!(r("-3/6"), Ok(Rational::new(-1, 2)));
        assert_eq!(r("0e999999"), Ok(Rational::zero()));
    }

    #[test]
    fn malformed_and_huge_literals_are_errors() {
        assert_eq!(r(""), Err(LiteralError::Malformed));
        assert_eq!(r("."), Err(LiteralError::Malformed));
        assert_eq!(r("1e"), Err(LiteralError::Malformed));
        assert_eq!(r("1/0"), Err(LiteralError::ZeroDenominator));
        assert_eq!(r("1e99999"), Err(LiteralError::TooLarge));
        assert_eq!(r("1e9999999999"), Err(LiteralError::TooLarge));
    }

    #[test]
    fn display_round_trips() {
        for q in [Rational::new(-7, 3), Rational::from_integer(12), Rational::zero()] {
            assert_eq!(r(&q.to_string()), Ok(q));
        }
    }

    #[test]
    fn powers_are_bounded() {
        assert_eq!(Rational::from_integer(2).checked_powi(10), Some(Rational::from_integer(1024)));
        assert_eq!(Rational::from_integer(2).checked_powi(5000), None);
        assert_eq!(Rational::one().checked_powi(i64::MAX), Some(Rational::one()));
        assert_eq!(Rational::from_integer(-1).checked_powi(i64::MAX), Some(Rational::from_integer(-1)));
        assert_eq!(Rational::zero().checked_powi(-1), None);
    }

    #[test]
    fn to_f64_of_huge_values_saturates() {
        let big = Rational::from_integer(10).checked_powi(400).unwrap();
        assert_eq!(big.to_f64(), f64::INFINITY);
        assert_eq!(big.neg().to_f64(), f64::NEG_INFINITY);
        let tiny = Rational::one().checked_div(&big).unwrap();
        assert_eq!(tiny.to_f64(), 0.0);
    }
}
