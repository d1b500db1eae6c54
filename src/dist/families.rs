//! The continuous families: one struct each, with a validating constructor and the
//! [`Continuous`] methods. Recipe for adding a family: a struct with private fields, `new`
//! checking every parameter with [`positive`]/[`finite`], the trait impl (ln_pdf in log space,
//! −∞ outside the support), a `sample` method, a variant in [`super::Distribution`], and its
//! row in the registry ([`super::registry`]), which `tests/registry.rs` checks against `ln_pdf`.

use std::f64::consts::PI;

use rand::Rng;
use rand_distr::{Distribution as _, Exp1, Open01, StandardNormal};
use statrs::function::beta::beta_reg;
use statrs::function::erf::erfc;
use statrs::function::gamma::gamma_lr;

use super::registry::Family;
use super::{Continuous, DistError, finite, positive};
use crate::expr::Expr;
use crate::numeric::special::lgamma;

/// The registry's log-density of a continuous family (every continuous family has one).
fn registered(family: Family) -> Expr {
    family.log_density().unwrap_or_else(|| Expr::int(0))
}

/// ½ ln(2π).
const HALF_LN_2PI: f64 = 0.918_938_533_204_672_8;

/// A uniform draw in the open interval (0, 1).
fn open01<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    Open01.sample(rng)
}

/// The normal distribution N(mean, sd).
///
/// # Examples
///
/// ```
/// use fdiv::dist::{Continuous, Normal};
/// let n = Normal::new(1.0, 2.0).unwrap();
/// assert_eq!(n.cdf(1.0), 0.5);
/// assert_eq!(n.variance(), Some(4.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Normal {
    mean: f64,
    sd: f64,
    /// −ln sd − ½ ln 2π.
    ln_norm: f64,
}

impl Normal {
    /// N(mean, sd).
    ///
    /// # Errors
    ///
    /// [`DistError::InvalidParameter`] unless `mean` is finite and `sd` finite and > 0.
    pub fn new(mean: f64, sd: f64) -> Result<Normal, DistError> {
        let mean = finite("Normal", "mean", mean)?;
        let sd = positive("Normal", "sd", sd)?;
        Ok(Normal { mean, sd, ln_norm: -sd.ln() - HALF_LN_2PI })
    }

    /// The mean parameter.
    pub fn mu(&self) -> f64 {
        self.mean
    }

    /// The standard deviation.
    pub fn sd(&self) -> f64 {
        self.sd
    }

    /// One sample.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let z: f64 = StandardNormal.sample(rng);
        self.mean + self.sd * z
    }
}

impl Continuous for Normal {
    fn family(&self) -> &'static str {
        "Normal"
    }
    fn params(&self) -> Vec<(&'static str, f64)> {
        vec![("mu", self.mean), ("sigma", self.sd)]
    }
    fn support(&self) -> (f64, f64) {
        (f64::NEG_INFINITY, f64::INFINITY)
    }
    fn ln_pdf(&self, x: f64) -> f64 {
        let z = (x - self.mean) / self.sd;
        self.ln_norm - 0.5 * z * z
    }
    fn cdf(&self, x: f64) -> f64 {
        0.5 * erfc(-(x - self.mean) / (self.sd * std::f64::consts::SQRT_2))
    }
    fn mean(&self) -> Option<f64> {
        Some(self.mean)
    }
    fn variance(&self) -> Option<f64> {
        Some(self.sd * self.sd)
    }
    fn scale(&self) -> f64 {
        self.sd
    }
    fn modes(&self) -> Vec<f64> {
        vec![self.mean]
    }
    fn log_density_expr(&self) -> Expr {
        registered(Family::Normal)
    }
}

/// The Laplace distribution Laplace(loc, scale): density e^{−|x−loc|/scale} / (2·scale).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Laplace {
    loc: f64,
    scale: f64,
    /// −ln(2·scale).
    ln_norm: f64,
}

impl Laplace {
    /// Laplace(loc, scale).
    ///
    /// # Errors
    ///
    /// [`DistError::InvalidParameter`] unless `loc` is finite and `scale` finite and > 0.
    pub fn new(loc: f64, scale: f64) -> Result<Laplace, DistError> {
        let loc = finite("Laplace", "loc", loc)?;
        let scale = positive("Laplace", "scale", scale)?;
        Ok(Laplace { loc, scale, ln_norm: -(2.0 * scale).ln() })
    }

    /// One sample (inverse cdf).
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let u = open01(rng) - 0.5;
        self.loc - self.scale * u.signum() * (1.0 - 2.0 * u.abs()).ln()
    }
}

impl Continuous for Laplace {
    fn family(&self) -> &'static str {
        "Laplace"
    }
    fn params(&self) -> Vec<(&'static str, f64)> {
        vec![("mu", self.loc), ("b", self.scale)]
    }
    fn support(&self) -> (f64, f64) {
        (f64::NEG_INFINITY, f64::INFINITY)
    }
    fn ln_pdf(&self, x: f64) -> f64 {
        self.ln_norm - (x - self.loc).abs() / self.scale
    }
    fn cdf(&self, x: f64) -> f64 {
        let z = (x - self.loc) / self.scale;
        if z < 0.0 { 0.5 * z.exp() } else { 1.0 - 0.5 * (-z).exp() }
    }
    fn mean(&self) -> Option<f64> {
        Some(self.loc)
    }
    fn variance(&self) -> Option<f64> {
        Some(2.0 * self.scale * self.scale)
    }
    fn scale(&self) -> f64 {
        self.scale
    }
    fn modes(&self) -> Vec<f64> {
        vec![self.loc]
    }
    fn kinks(&self) -> Vec<f64> {
        vec![self.loc]
    }
    fn log_density_expr(&self) -> Expr {
        registered(Family::Laplace)
    }
}

/// The logistic distribution Logistic(loc, scale).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Logistic {
    loc: f64,
    scale: f64,
}

impl Logistic {
    /// Logistic(loc, scale).
    ///
    /// # Errors
    ///
    /// [`DistError::InvalidParameter`] unless `loc` is finite and `scale` finite and > 0.
    pub fn new(loc: f64, scale: f64) -> Result<Logistic, DistError> {
        Ok(Logistic { loc: finite("Logistic", "loc", loc)?, scale: positive("Logistic", "scale", scale)? })
    }

    /// One sample (inverse cdf).
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let u = open01(rng);
        self.loc + self.scale * (u / (1.0 - u)).ln()
    }
}

impl Continuous for Logistic {
    fn family(&self) -> &'static str {
        "Logistic"
    }
    fn params(&self) -> Vec<(&'static str, f64)> {
        vec![("mu", self.loc), ("s", self.scale)]
    }
    fn support(&self) -> (f64, f64) {
        (f64::NEG_INFINITY, f64::INFINITY)
    }
    fn ln_pdf(&self, x: f64) -> f64 {
        // symmetric form: −|z| − 2 ln(1 + e^{−|z|}) never overflows
        let z = ((x - self.loc) / self.scale).abs();
        -z - 2.0 * (-z).exp().ln_1p() - self.scale.ln()
    }
    fn cdf(&self, x: f64) -> f64 {
        let z = (x - self.loc) / self.scale;
        1.0 / (1.0 + (-z).exp())
    }
    fn mean(&self) -> Option<f64> {
        Some(self.loc)
    }
    fn variance(&self) -> Option<f64> {
        Some(self.scale * self.scale * PI * PI / 3.0)
    }
    fn scale(&self) -> f64 {
        self.scale * PI / 3f64.sqrt()
    }
    fn modes(&self) -> Vec<f64> {
        vec![self.loc]
    }
    fn log_density_expr(&self) -> Expr {
        registered(Family::Logistic)
    }
}

/// The Cauchy distribution Cauchy(loc, scale).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cauchy {
    loc: f64,
    scale: f64,
}

impl Cauchy {
    /// Cauchy(loc, scale).
    ///
    /// # Errors
    ///
    /// [`DistError::InvalidParameter`] unless `loc` is finite and `scale` finite and > 0.
    pub fn new(loc: f64, scale: f64) -> Result<Cauchy, DistError> {
        Ok(Cauchy { loc: finite("Cauchy", "loc", loc)?, scale: positive("Cauchy", "scale", scale)? })
    }

    /// One sample (inverse cdf).
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.loc + self.scale * (PI * (open01(rng) - 0.5)).tan()
    }
}

impl Continuous for Cauchy {
    fn family(&self) -> &'static str {
        "Cauchy"
    }
    fn params(&self) -> Vec<(&'static str, f64)> {
        vec![("x0", self.loc), ("gamma", self.scale)]
    }
    fn support(&self) -> (f64, f64) {
        (f64::NEG_INFINITY, f64::INFINITY)
    }
    fn ln_pdf(&self, x: f64) -> f64 {
        let z = (x - self.loc) / self.scale;
        // ln(1 + z²) without overflow for huge z
        let ln1pz2 = if z.abs() > 1e150 { 2.0 * z.abs().ln() } else { (z * z).ln_1p() };
        -(PI * self.scale).ln() - ln1pz2
    }
    fn cdf(&self, x: f64) -> f64 {
        0.5 + ((x - self.loc) / self.scale).atan() / PI
    }
    fn mean(&self) -> Option<f64> {
        None
    }
    fn variance(&self) -> Option<f64> {
        None
    }
    fn scale(&self) -> f64 {
        self.scale
    }
    fn modes(&self) -> Vec<f64> {
        vec![self.loc]
    }
    fn log_density_expr(&self) -> Expr {
        registered(Family::Cauchy)
    }
}

/// Student's t distribution T(df, loc, scale); `T(df)` is T(df, 0, 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StudentT {
    df: f64,
    loc: f64,
    scale: f64,
    /// ln Γ((ν+1)/2) − ln Γ(ν/2) − ½ ln(νπ) − ln σ.
    norm: f64,
}

impl StudentT {
    /// T(df, 0, 1).
    ///
    /// # Errors
    ///
    /// [`DistError::InvalidParameter`] unless `df` is finite and > 0.
    pub fn standard(df: f64) -> Result<StudentT, DistError> {
        StudentT::new(df, 0.0, 1.0)
    }

    /// T(df, loc, scale).
    ///
    /// # Errors
    ///
    /// [`DistError::InvalidParameter`] unless `df` and `scale` are finite and > 0 and `loc` finite.
    pub fn new(df: f64, loc: f64, scale: f64) -> Result<StudentT, DistError> {
        let df = positive("StudentT", "df", df)?;
        let loc = finite("StudentT", "loc", loc)?;
        let scale = positive("StudentT", "scale", scale)?;
        let norm = lgamma(0.5 * (df + 1.0)) - lgamma(0.5 * df) - 0.5 * (df * PI).ln() - scale.ln();
        Ok(StudentT { df, loc, scale, norm })
    }

    /// One sample: Z / sqrt(V/ν) with V ~ χ²_ν = Gamma(ν/2, scale 2).
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let z: f64 = StandardNormal.sample(rng);
        // df > 0 and finite: checked by the constructor
        let chi2 = rand_distr::Gamma::new(0.5 * self.df, 2.0).expect("valid gamma parameters");
        let v: f64 = chi2.sample(rng);
        self.loc + self.scale * z / (v / self.df).sqrt()
    }
}

impl Continuous for StudentT {
    fn family(&self) -> &'static str {
        "StudentT"
    }
    fn params(&self) -> Vec<(&'static str, f64)> {
        vec![("nu", self.df), ("mu", self.loc), ("sigma", self.scale)]
    }
    fn support(&self) -> (f64, f64) {
        (f64::NEG_INFINITY, f64::INFINITY)
    }
    fn ln_pdf(&self, x: f64) -> f64 {
        let z = (x - self.loc) / self.scale;
        let t = z * z / self.df;
        let ln1pt = if t > 1e300 { z.abs().ln() * 2.0 - self.df.ln() } else { t.ln_1p() };
        self.norm - 0.5 * (self.df + 1.0) * ln1pt
    }
    fn cdf(&self, x: f64) -> f64 {
        let z = (x - self.loc) / self.scale;
        if z.is_infinite() {
            return if z > 0.0 { 1.0 } else { 0.0 };
        }
        let tail = 0.5 * beta_reg(0.5 * self.df, 0.5, self.df / (self.df + z * z));
        if z > 0.0 { 1.0 - tail } else { tail }
    }
    fn mean(&self) -> Option<f64> {
        (self.df > 1.0).then_some(self.loc)
    }
    fn variance(&self) -> Option<f64> {
        if self.df > 2.0 {
            Some(self.scale * self.scale * self.df / (self.df - 2.0))
        } else if self.df > 1.0 {
            Some(f64::INFINITY)
        } else {
            None
        }
    }
    fn scale(&self) -> f64 {
        self.scale
    }
    fn modes(&self) -> Vec<f64> {
        vec![self.loc]
    }
    fn log_density_expr(&self) -> Expr {
        registered(Family::StudentT)
    }
}

/// The exponential distribution Exp(rate) on [0, ∞).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Exponential {
    rate: f64,
    /// ln rate.
    ln_rate: f64,
}

impl Exponential {
    /// Exp(rate).
    ///
    /// # Errors
    ///
    /// [`DistError::InvalidParameter`] unless `rate` is finite and > 0.
    pub fn new(rate: f64) -> Result<Exponential, DistError> {
        let rate = positive("Exponential", "rate", rate)?;
        Ok(Exponential { rate, ln_rate: rate.ln() })
    }

    /// One sample.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let e: f64 = Exp1.sample(rng);
        e / self.rate
    }
}

impl Continuous for Exponential {
    fn family(&self) -> &'static str {
        "Exponential"
    }
    fn params(&self) -> Vec<(&'static str, f64)> {
        vec![("lambda", self.rate)]
    }
    fn support(&self) -> (f64, f64) {
        (0.0, f64::INFINITY)
    }
    fn ln_pdf(&self, x: f64) -> f64 {
        if x < 0.0 { f64::NEG_INFINITY } else { self.ln_rate - self.rate * x }
    }
    fn cdf(&self, x: f64) -> f64 {
        if x <= 0.0 { 0.0 } else { -(-self.rate * x).exp_m1() }
    }
    fn mean(&self) -> Option<f64> {
        Some(1.0 / self.rate)
    }
    fn variance(&self) -> Option<f64> {
        Some(1.0 / (self.rate * self.rate))
    }
    fn scale(&self) -> f64 {
        1.0 / self.rate
    }
    fn modes(&self) -> Vec<f64> {
        vec![0.0]
    }
    fn log_density_expr(&self) -> Expr {
        registered(Family::Exponential)
    }
}

/// The gamma distribution Gamma(shape, rate) on [0, ∞).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Gamma {
    shape: f64,
    rate: f64,
    /// shape·ln(rate) − ln Γ(shape).
    norm: f64,
}

impl Gamma {
    /// Gamma(shape, rate).
    ///
    /// # Errors
    ///
    /// [`DistError::InvalidParameter`] unless both are finite and > 0.
    pub fn new(shape: f64, rate: f64) -> Result<Gamma, DistError> {
        let shape = positive("Gamma", "shape", shape)?;
        let rate = positive("Gamma", "rate", rate)?;
        Ok(Gamma { shape, rate, norm: shape * rate.ln() - lgamma(shape) })
    }

    /// One sample.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        // shape > 0 and 1/rate > 0 finite: checked by the constructor
        let g = rand_distr::Gamma::new(self.shape, 1.0 / self.rate).expect("valid gamma parameters");
        g.sample(rng)
    }
}

impl Continuous for Gamma {
    fn family(&self) -> &'static str {
        "Gamma"
    }
    fn params(&self) -> Vec<(&'static str, f64)> {
        vec![("alpha", self.shape), ("beta", self.rate)]
    }
    fn support(&self) -> (f64, f64) {
        (0.0, f64::INFINITY)
    }
    fn ln_pdf(&self, x: f64) -> f64 {
        if x < 0.0 {
            return f64::NEG_INFINITY;
        }
        // (shape − 1)·ln x with the 0·(−∞) case at shape = 1 taken as 0
        let power = if self.shape == 1.0 { 0.0 } else { (self.shape - 1.0) * x.ln() };
        self.norm + power - self.rate * x
    }
    fn cdf(&self, x: f64) -> f64 {
        if x <= 0.0 {
            0.0
        } else if x.is_infinite() {
            1.0
        } else {
            gamma_lr(self.shape, self.rate * x)
        }
    }
    fn mean(&self) -> Option<f64> {
        Some(self.shape / self.rate)
    }
    fn variance(&self) -> Option<f64> {
        Some(self.shape / (self.rate * self.rate))
    }
    fn scale(&self) -> f64 {
        self.shape.sqrt() / self.rate
    }
    fn modes(&self) -> Vec<f64> {
        vec![if self.shape > 1.0 { (self.shape - 1.0) / self.rate } else { 0.0 }]
    }
    fn log_density_expr(&self) -> Expr {
        registered(Family::Gamma)
    }
}

/// The log-normal distribution LogN(mu, sigma): ln X ~ N(mu, sigma).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogNormal {
    mu: f64,
    sigma: f64,
}

impl LogNormal {
    /// LogN(mu, sigma).
    ///
    /// # Errors
    ///
    /// [`DistError::InvalidParameter`] unless `mu` is finite and `sigma` finite and > 0.
    pub fn new(mu: f64, sigma: f64) -> Result<LogNormal, DistError> {
        Ok(LogNormal { mu: finite("LogNormal", "mu", mu)?, sigma: positive("LogNormal", "sigma", sigma)? })
    }

    /// One sample.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let z: f64 = StandardNormal.sample(rng);
        (self.mu + self.sigma * z).exp()
    }
}

impl Continuous for LogNormal {
    fn family(&self) -> &'static str {
        "LogNormal"
    }
    fn params(&self) -> Vec<(&'static str, f64)> {
        vec![("mu", self.mu), ("sigma", self.sigma)]
    }
    fn support(&self) -> (f64, f64) {
        (0.0, f64::INFINITY)
    }
    fn ln_pdf(&self, x: f64) -> f64 {
        if x <= 0.0 {
            return f64::NEG_INFINITY;
        }
        let lx = x.ln();
        let z = (lx - self.mu) / self.sigma;
        -lx - self.sigma.ln() - HALF_LN_2PI - 0.5 * z * z
    }
    fn cdf(&self, x: f64) -> f64 {
        if x <= 0.0 { 0.0 } else { 0.5 * erfc(-(x.ln() - self.mu) / (self.sigma * std::f64::consts::SQRT_2)) }
    }
    fn mean(&self) -> Option<f64> {
        Some((self.mu + 0.5 * self.sigma * self.sigma).exp())
    }
    fn variance(&self) -> Option<f64> {
        let s2 = self.sigma * self.sigma;
        Some(s2.exp_m1() * (2.0 * self.mu + s2).exp())
    }
    fn scale(&self) -> f64 {
        // the width of the bulk around the mode: mode · sigma (the sd can be huge)
        (self.mu - self.sigma * self.sigma).exp() * self.sigma.min(1.0)
    }
    fn modes(&self) -> Vec<f64> {
        vec![(self.mu - self.sigma * self.sigma).exp()]
    }
    fn log_density_expr(&self) -> Expr {
        registered(Family::LogNormal)
    }
}

/// The beta distribution Beta(a, b) on [0, 1].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Beta {
    a: f64,
    b: f64,
    /// −ln B(a, b).
    norm: f64,
}

impl Beta {
    /// Beta(a, b).
    ///
    /// # Errors
    ///
    /// [`DistError::InvalidParameter`] unless both are finite and > 0.
    pub fn new(a: f64, b: f64) -> Result<Beta, DistError> {
        let a = positive("Beta", "a", a)?;
        let b = positive("Beta", "b", b)?;
        Ok(Beta { a, b, norm: lgamma(a + b) - lgamma(a) - lgamma(b) })
    }

    /// One sample.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        // a, b > 0 finite: checked by the constructor
        let g = rand_distr::Beta::new(self.a, self.b).expect("valid beta parameters");
        g.sample(rng)
    }
}

impl Continuous for Beta {
    fn family(&self) -> &'static str {
        "Beta"
    }
    fn params(&self) -> Vec<(&'static str, f64)> {
        vec![("a", self.a), ("b", self.b)]
    }
    fn support(&self) -> (f64, f64) {
        (0.0, 1.0)
    }
    fn ln_pdf(&self, x: f64) -> f64 {
        if !(0.0..=1.0).contains(&x) {
            return f64::NEG_INFINITY;
        }
        let left = if self.a == 1.0 { 0.0 } else { (self.a - 1.0) * x.ln() };
        let right = if self.b == 1.0 { 0.0 } else { (self.b - 1.0) * (-x).ln_1p() };
        self.norm + left + right
    }
    fn cdf(&self, x: f64) -> f64 {
        if x <= 0.0 {
            0.0
        } else if x >= 1.0 {
            1.0
        } else {
            beta_reg(self.a, self.b, x)
        }
    }
    fn mean(&self) -> Option<f64> {
        Some(self.a / (self.a + self.b))
    }
    fn variance(&self) -> Option<f64> {
        let s = self.a + self.b;
        Some(self.a * self.b / (s * s * (s + 1.0)))
    }
    fn scale(&self) -> f64 {
        self.variance().map_or(0.5, f64::sqrt)
    }
    fn modes(&self) -> Vec<f64> {
        match (self.a > 1.0, self.b > 1.0) {
            (true, true) => vec![(self.a - 1.0) / (self.a + self.b - 2.0)],
            (false, true) => vec![0.0],
            (true, false) => vec![1.0],
            (false, false) => Vec::new(),
        }
    }
    fn log_density_expr(&self) -> Expr {
        registered(Family::Beta)
    }
}

/// The uniform distribution U(a, b).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Uniform {
    a: f64,
    b: f64,
}

impl Uniform {
    /// U(a, b).
    ///
    /// # Errors
    ///
    /// [`DistError::InvalidParameter`] for a non-finite end,
    /// [`DistError::InconsistentParameters`] unless a < b.
    pub fn new(a: f64, b: f64) -> Result<Uniform, DistError> {
        let a = finite("Uniform", "a", a)?;
        let b = finite("Uniform", "b", b)?;
        if a < b && (b - a).is_finite() {
            Ok(Uniform { a, b })
        } else {
            Err(DistError::InconsistentParameters {
                family: "Uniform",
                message: format!("the interval needs a < b (and a finite width), got a = {a}, b = {b}"),
            })
        }
    }

    /// One sample.
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.a + (self.b - self.a) * open01(rng)
    }
}

impl Continuous for Uniform {
    fn family(&self) -> &'static str {
        "Uniform"
    }
    fn params(&self) -> Vec<(&'static str, f64)> {
        vec![("a", self.a), ("b", self.b)]
    }
    fn support(&self) -> (f64, f64) {
        (self.a, self.b)
    }
    fn ln_pdf(&self, x: f64) -> f64 {
        if x < self.a || x > self.b { f64::NEG_INFINITY } else { -(self.b - self.a).ln() }
    }
    fn cdf(&self, x: f64) -> f64 {
        ((x - self.a) / (self.b - self.a)).clamp(0.0, 1.0)
    }
    fn mean(&self) -> Option<f64> {
        Some(0.5 * (self.a + self.b))
    }
    fn variance(&self) -> Option<f64> {
        let w = self.b - self.a;
        Some(w * w / 12.0)
    }
    fn scale(&self) -> f64 {
        (self.b - self.a) / 12f64.sqrt()
    }
    fn modes(&self) -> Vec<f64> {
        Vec::new()
    }
    fn log_density_expr(&self) -> Expr {
        registered(Family::Uniform)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numeric::Compiled;

    fn all() -> Vec<Box<dyn Continuous>> {
        vec![
            Box::new(Normal::new(0.5, 1.5).unwrap()),
            Box::new(Laplace::new(-1.0, 0.7).unwrap()),
            Box::new(Logistic::new(0.3, 2.0).unwrap()),
            Box::new(Cauchy::new(1.0, 0.5).unwrap()),
            Box::new(StudentT::new(3.0, 0.2, 1.3).unwrap()),
            Box::new(Exponential::new(2.0).unwrap()),
            Box::new(Gamma::new(2.5, 1.5).unwrap()),
            Box::new(LogNormal::new(0.1, 0.6).unwrap()),
            Box::new(Beta::new(2.0, 3.0).unwrap()),
            Box::new(Uniform::new(-1.0, 3.0).unwrap()),
        ]
    }

    #[test]
    fn symbolic_log_density_matches_ln_pdf() {
        for d in all() {
            let e = d.log_density_at_params();
            let f = Compiled::new(&e, &["x"]).unwrap();
            for x in [0.05, 0.3, 0.9, 2.0] {
                let (lo, hi) = d.support();
                if x <= lo || x >= hi {
                    continue;
                }
                let (a, b) = (f.eval(&[x]), d.ln_pdf(x));
                assert!((a - b).abs() < 1e-13 * (1.0 + b.abs()), "{}: {a} vs {b} at {x}", d.family());
            }
        }
    }

    #[test]
    fn cdf_is_the_integral_of_pdf() {
        // trapezoid check of dF/dx = p at a few interior points
        for d in all() {
            for x in [0.2, 0.6, 1.1] {
                let (lo, hi) = d.support();
                if x <= lo || x >= hi {
                    continue;
                }
                let h = 1e-5;
                let slope = (d.cdf(x + h) - d.cdf(x - h)) / (2.0 * h);
                assert!((slope - d.pdf(x)).abs() < 1e-6, "{} at {x}: {slope} vs {}", d.family(), d.pdf(x));
            }
        }
    }

    #[test]
    fn invalid_parameters_say_which_and_why() {
        let err = Normal::new(0.0, 0.0).unwrap_err();
        assert_eq!(err.to_string(), "Normal: parameter 'sd' = 0 is invalid: it must be finite and > 0");
        assert!(matches!(Gamma::new(-1.0, 1.0), Err(DistError::InvalidParameter { parameter: "shape", .. })));
        assert!(matches!(Uniform::new(1.0, 1.0), Err(DistError::InconsistentParameters { .. })));
        assert!(StudentT::new(f64::NAN, 0.0, 1.0).is_err());
    }

    #[test]
    fn log_space_tails_do_not_underflow() {
        let n = Normal::new(0.0, 1.0).unwrap();
        assert_eq!(n.pdf(60.0), 0.0);
        assert!((n.ln_pdf(60.0) + 1800.0 + HALF_LN_2PI).abs() < 1e-9);
        let c = Cauchy::new(0.0, 1.0).unwrap();
        assert!(c.ln_pdf(1e200).is_finite());
        assert_eq!(Exponential::new(1.0).unwrap().ln_pdf(-1.0), f64::NEG_INFINITY);
        assert_eq!(Gamma::new(0.5, 1.0).unwrap().ln_pdf(0.0), f64::INFINITY);
        assert_eq!(Gamma::new(1.0, 2.0).unwrap().ln_pdf(0.0), std::f64::consts::LN_2);
    }

    #[test]
    fn sample_means_are_close_to_means() {
        use rand::SeedableRng;
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let n = 20_000;
        let ds: Vec<super::super::Distribution> = vec![
            Normal::new(0.5, 1.5).unwrap().into(),
            Laplace::new(-1.0, 0.7).unwrap().into(),
            Logistic::new(0.3, 2.0).unwrap().into(),
            StudentT::new(5.0, 0.2, 1.3).unwrap().into(),
            Exponential::new(2.0).unwrap().into(),
            Gamma::new(2.5, 1.5).unwrap().into(),
            LogNormal::new(0.1, 0.6).unwrap().into(),
            Beta::new(2.0, 3.0).unwrap().into(),
            Uniform::new(-1.0, 3.0).unwrap().into(),
        ];
        for d in &ds {
            let c = d.as_continuous().unwrap();
            let m: f64 = (0..n).map(|_| d.sample(&mut rng)).sum::<f64>() / n as f64;
            let se = (c.variance().unwrap() / n as f64).sqrt();
            assert!((m - c.mean().unwrap()).abs() < 5.0 * se, "{}: {m} vs {:?}", c.family(), c.mean());
        }
    }
}
