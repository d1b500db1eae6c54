//! Fitting the parametric families of [`crate::dist`] by minimising D_f(P_x‖P_θ) from samples.
//!
//! Each family is a push-forward of a fixed base law, fitted with the machinery of
//! [`super::fitting`] (Nelder–Mead on unconstrained coordinates; forward KL as maximum
//! likelihood, any other f through the kernel plug-in):
//!
//! The names, the parameters and their coordinates θ come from the family registry
//! ([`crate::dist::Family`], [`crate::dist::Reparam`]):
//!
//! | family | written | push-forward | θ optimised as |
//! | --- | --- | --- | --- |
//! | Normal | `N(mean, sd)` | mean + sd·z, z ~ N(0, 1) | (mean, ln sd) |
//! | Laplace, Logistic, Cauchy | `Laplace(loc, scale)` … | loc + scale·z, z from the standard law | (loc, ln scale) |
//! | Student's t, df given | `T(df, loc, scale)`, fitted as `T(3)` | loc + scale·z, z ~ t_df | (loc, ln scale) |
//! | Uniform | `U(a, b)` | a + (b − a)·z, z ~ U(0, 1) | (a, ln(b − a)) |
//! | Exponential | `Exp(rate)` | z/rate, z ~ Exp(1) | ln rate |
//! | Gamma | `Gamma(shape, rate)` | z/rate, z ~ Gamma(shape, 1) | (ln shape, ln rate) |
//! | Log-normal | `LogN(mu, sigma)` | exp(mu + sigma·z), z ~ N(0, 1) | (mu, ln sigma) |
//!
//! The families on (0, ∞) are fitted in log space: an f-divergence is invariant under a
//! bijection, D_f(P_x‖P_θ) = D_f(P_{ln x}‖P_{ln θ}), so the samples are replaced by their logs
//! and the model by the law of ln X (density p(eʸ)·eʸ). Forward KL is unchanged by this (the
//! likelihood moves by a constant), and the kernel estimate of the data then has no boundary at
//! 0 to leak mass across. For the log-normal, ln X is exactly N(mu, sigma).
//!
//! The uniform's likelihood is +∞ away from its maximum (a = min, b = max, where it jumps), so
//! Nelder–Mead ends within its tolerances of the exact maximum-likelihood interval; a plug-in
//! fit weighs the kernel estimate's mass outside [a, b] by f(u)/u at the largest ratio the
//! plug-in allows (e.g. ½ for TV), so it widens the interval a little.

use super::fitting::{FitOptions, Objective, minimise_divergence};
use super::optimize::{Iteration, OptimizerStop};
use super::{Density, FitError, bulk_by_cdf, check_samples, nodes_around};
use crate::dist::{self, Cauchy, Continuous, Exponential, Gamma, Laplace, Logistic, Normal, StudentT, Uniform};
use crate::generator::Generator;

/// A family that `fit` can fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FitFamily {
    /// N(mean, sd).
    Normal,
    /// Laplace(loc, scale).
    Laplace,
    /// Logistic(loc, scale).
    Logistic,
    /// Cauchy(loc, scale).
    Cauchy,
    /// T(df, loc, scale) with df fixed (written `T(3)`): a location–scale family of t_df.
    StudentT {
        /// The degrees of freedom, finite and > 0.
        df: f64,
    },
    /// U(a, b).
    Uniform,
    /// Exp(rate).
    Exponential,
    /// Gamma(shape, rate).
    Gamma,
    /// LogN(mu, sigma).
    LogNormal,
}

/// The families, as listed in error messages.
pub const SUPPORTED: &str = "N, Laplace, Logistic, Cauchy, T(df), U, Exp, Gamma, LogN";

impl FitFamily {
    /// The family named `name` in the distribution notation (`N`, `Laplace`, `U`, `Exp`, `LogN`,
    /// long names such as `Exponential` too; case is ignored when nothing matches exactly).
    /// Student's t is written with its degrees of freedom, which are not fitted: `T(3)`.
    ///
    /// # Examples
    ///
    /// ```
    /// use fdiv::fit::family::FitFamily;
    /// assert_eq!(FitFamily::from_name("Exp").unwrap(), FitFamily::Exponential);
    /// assert_eq!(FitFamily::from_name("lognormal").unwrap(), FitFamily::LogNormal);
    /// assert_eq!(FitFamily::from_name("T(3)").unwrap(), FitFamily::StudentT { df: 3.0 });
    /// assert!(FitFamily::from_name("Beta").is_err());
    /// ```
    ///
    /// # Errors
    ///
    /// [`FitError::UnsupportedFamily`] for any other name (including families of
    /// [`crate::dist`] that cannot be fitted, such as `Beta`); [`FitError::Invalid`] for a t
    /// without valid degrees of freedom.
    pub fn from_name(name: &str) -> Result<FitFamily, FitError> {
        let unsupported = || FitError::UnsupportedFamily { name: name.to_string(), supported: SUPPORTED };
        let (base, df) = match name.find('(') {
            Some(open) => (&name[..open], Some(&name[open + 1..])),
            None => (name, None),
        };
        // an unknown name is told as the families that can be fitted (the registry's suggestion
        // is for distributions, not for fitting)
        let registered = dist::lookup(base.trim()).map_err(|_| unsupported())?;
        let invalid = |message: String| FitError::Invalid { what: "degrees of freedom", message };
        let family = match registered {
            dist::Family::StudentT => {
                let Some(inner) = df else {
                    return Err(invalid("Student's t is fitted with its degrees of freedom given, e.g. T(3)".into()));
                };
                let inner =
                    inner.strip_suffix(')').ok_or_else(|| invalid(format!("'{name}' should read T(df), e.g. T(3)")))?;
                let df: f64 =
                    inner.trim().parse().map_err(|_| invalid(format!("'{}' is not a number", inner.trim())))?;
                if !(df.is_finite() && df > 0.0) {
                    return Err(invalid(format!("{df} must be finite and > 0")));
                }
                return Ok(FitFamily::StudentT { df });
            }
            dist::Family::Normal => FitFamily::Normal,
            dist::Family::Laplace => FitFamily::Laplace,
            dist::Family::Logistic => FitFamily::Logistic,
            dist::Family::Cauchy => FitFamily::Cauchy,
            dist::Family::Uniform => FitFamily::Uniform,
            dist::Family::Exponential => FitFamily::Exponential,
            dist::Family::Gamma => FitFamily::Gamma,
            dist::Family::LogNormal => FitFamily::LogNormal,
            _ => return Err(unsupported()),
        };
        if df.is_some() {
            return Err(unsupported());
        }
        debug_assert!(registered.info().fittable);
        Ok(family)
    }

    /// The registry's family.
    pub fn registered(self) -> dist::Family {
        match self {
            FitFamily::Normal => dist::Family::Normal,
            FitFamily::Laplace => dist::Family::Laplace,
            FitFamily::Logistic => dist::Family::Logistic,
            FitFamily::Cauchy => dist::Family::Cauchy,
            FitFamily::StudentT { .. } => dist::Family::StudentT,
            FitFamily::Uniform => dist::Family::Uniform,
            FitFamily::Exponential => dist::Family::Exponential,
            FitFamily::Gamma => dist::Family::Gamma,
            FitFamily::LogNormal => dist::Family::LogNormal,
        }
    }

    /// The short name, as the distribution notation writes it (`N`, `Exp`, `LogN`, …).
    pub fn name(self) -> &'static str {
        self.registered().short()
    }

    /// The parameters' names, in the constructor's order.
    pub fn param_names(self) -> Vec<&'static str> {
        self.registered().info().params.iter().map(|p| p.name).collect()
    }

    /// The model as text, fixed parameters filled in: `Laplace(loc, scale)`, `T(3, loc, scale)`.
    pub fn model_text(self) -> String {
        match self {
            FitFamily::StudentT { df } => format!("T({df}, loc, scale)"),
            _ => format!("{}({})", self.name(), self.param_names().join(", ")),
        }
    }

    /// Whether the family lives on (0, ∞) and is fitted in log space.
    pub fn is_positive(self) -> bool {
        self.registered().info().support == dist::SupportKind::PositiveHalfLine
    }
}

impl std::fmt::Display for FitFamily {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A fitted family.
#[derive(Debug, Clone, PartialEq)]
pub struct FamilyFit {
    /// The family.
    pub family: FitFamily,
    /// θ*, named as in [`FitFamily::param_names`].
    pub theta: Vec<(&'static str, f64)>,
    /// The estimated D_f(P_x‖P_θ*).
    pub divergence: f64,
    /// How the objective was computed (in log space for the families on (0, ∞)).
    pub objective: Objective,
    /// Nelder–Mead iterations.
    pub iterations: usize,
    /// Objective evaluations.
    pub evaluations: usize,
    /// Why the optimiser stopped.
    pub stop: OptimizerStop,
}

impl FamilyFit {
    /// The parameter called `name`, if the family has one.
    pub fn get(&self, name: &str) -> Option<f64> {
        self.theta.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }

    /// The fitted distribution in the notation `parse_distribution` reads, with `digits`
    /// decimals (`None`: shortest round-trip form), e.g. `Laplace(1.0012, 1.9876)`.
    pub fn display(&self, digits: Option<usize>) -> String {
        let values: Vec<String> = self
            .theta
            .iter()
            .map(|(n, v)| match digits {
                // the degrees of freedom were given, not fitted
                Some(d) if *n != "df" => format!("{v:.d$}"),
                _ => v.to_string(),
            })
            .collect();
        format!("{}({})", self.family.name(), values.join(", "))
    }
}

/// Fits `family` to the samples `xs` by minimising D_f(P_xs‖P_θ); the callback sees every
/// Nelder–Mead iteration (θ in the optimiser's coordinates, see the module table). Starting
/// points: the median and the interquartile range over the base law's for the location–scale
/// families (the sample mean and sd for the normal, as [`super::fit_normal`], which this equals
/// for [`FitFamily::Normal`]); 1/mean for the exponential; the method of moments for the gamma.
///
/// # Examples
///
/// Forward KL (maximum likelihood) of exponential data: the MLE of the rate is 1/mean.
///
/// ```
/// use fdiv::generator::Generator;
/// use fdiv::fit::{FitOptions, family::{fit_family, FitFamily}};
/// let xs: Vec<f64> = (1..=1000).map(|i| -(1.0 - i as f64 / 1001.0).ln() / 2.0).collect();
/// let kl = Generator::parse("u*log(u)").unwrap();
/// let fit = fit_family(FitFamily::Exponential, &kl, &xs, &FitOptions::default(), |_| {}).unwrap();
/// let mean = xs.iter().sum::<f64>() / 1000.0;
/// assert!((fit.get("rate").unwrap() - 1.0 / mean).abs() < 1e-5);
/// ```
///
/// # Errors
///
/// Empty, non-finite or too few samples (2); [`FitError::OutsideSupport`] for a sample ≤ 0
/// given to a family on (0, ∞) (log space needs ln x; 0 itself has probability 0); samples without spread; a generator
/// that does not compile in `u`; a NaN objective.
pub fn fit_family(
    family: FitFamily,
    f: &Generator,
    xs: &[f64],
    options: &FitOptions,
    callback: impl FnMut(&Iteration<'_>),
) -> Result<FamilyFit, FitError> {
    if family == FitFamily::Normal {
        let fit = super::fit_normal(f, xs, options, callback)?;
        return Ok(FamilyFit {
            family,
            theta: vec![("mean", fit.theta.mean), ("sd", fit.theta.sd)],
            divergence: fit.divergence,
            objective: fit.objective,
            iterations: fit.iterations,
            evaluations: fit.evaluations,
            stop: fit.stop,
        });
    }
    check_samples("xs", xs, 2)?;
    if family.is_positive() {
        // ln x is needed (log space); a sample at exactly 0 has probability 0 under each family
        if let Some((index, &value)) = xs.iter().enumerate().find(|(_, x)| **x <= 0.0) {
            return Err(FitError::OutsideSupport {
                what: "xs",
                family: family.name(),
                index,
                value,
                support: "(0, inf)",
            });
        }
    }
    let ys: Vec<f64> = if family.is_positive() { xs.iter().map(|x| x.ln()).collect() } else { xs.to_vec() };
    let (mean, sd) = mean_sd(&ys);
    // equal samples: the mean's rounding can leave sd ≈ 1e-16 > 0, so compare the values
    let constant = ys.iter().all(|y| *y == ys[0]);
    if sd.is_nan() || sd <= 0.0 || constant {
        return Err(FitError::NoSpread { what: "xs" });
    }
    let m = match family {
        FitFamily::Normal | FitFamily::LogNormal => {
            minimise_divergence(f, &ys, &[mean, sd.ln()], vec![0.5 * sd, 0.3], normal, options, callback)?
        }
        FitFamily::Laplace | FitFamily::Logistic | FitFamily::Cauchy | FitFamily::StudentT { .. } => {
            let (median, iqr) = median_iqr(&ys);
            // the interquartile range of the base law: 2 ln 2, 2 ln 3, 2, and twice t_df's upper quartile
            let base_iqr = match family {
                FitFamily::Laplace => 2.0 * std::f64::consts::LN_2,
                FitFamily::Logistic => 2.0 * 3f64.ln(),
                FitFamily::StudentT { df } => 2.0 * t_upper_quartile(df),
                _ => 2.0,
            };
            let spread = if iqr > 0.0 { iqr } else { sd };
            let x0 = [median, (spread / base_iqr).ln()];
            let steps = vec![0.5 * spread, 0.3];
            match family {
                FitFamily::Laplace => minimise_divergence(f, &ys, &x0, steps, laplace, options, callback)?,
                FitFamily::Logistic => minimise_divergence(f, &ys, &x0, steps, logistic, options, callback)?,
                FitFamily::StudentT { df } => {
                    let t = |theta: &[f64]| StudentT::new(df, theta[0], theta[1].exp()).ok();
                    minimise_divergence(f, &ys, &x0, steps, t, options, callback)?
                }
                _ => minimise_divergence(f, &ys, &x0, steps, cauchy, options, callback)?,
            }
        }
        FitFamily::Uniform => {
            // a feasible start just outside the data: every sample has a positive density
            let (lo, hi) = ys.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
            let pad = 1e-3 * (hi - lo);
            let x0 = [lo - pad, (hi - lo + 2.0 * pad).ln()];
            minimise_divergence(f, &ys, &x0, vec![0.05 * (hi - lo), 0.05], uniform, options, callback)?
        }
        FitFamily::Exponential => {
            let x_mean = xs.iter().sum::<f64>() / xs.len() as f64;
            minimise_divergence(f, &ys, &[-x_mean.ln()], vec![0.3], exponential, options, callback)?
        }
        FitFamily::Gamma => {
            let (x_mean, x_sd) = mean_sd(xs);
            let var = x_sd * x_sd;
            let x0 = [(x_mean * x_mean / var).ln(), (x_mean / var).ln()];
            minimise_divergence(f, &ys, &x0, vec![0.3, 0.3], gamma, options, callback)?
        }
    };
    if !m.divergence.is_finite() {
        // e.g. a uniform against a kernel estimate with mass outside [a, b], for f with f'(∞) = ∞
        return Err(FitError::Invalid {
            what: "objective",
            message: format!(
                "D_f(P_x‖{}) is {}, or not resolved by the kernel estimate, at every θ tried: f grows too fast where one density has no mass",
                family.model_text(),
                m.divergence
            ),
        });
    }
    // θ back to the parameters by the registry's reparametrisation (T's df was given)
    let fixed = match family {
        FitFamily::StudentT { df } => vec![df],
        _ => vec![],
    };
    let natural = family.registered().from_unconstrained(&m.theta, &fixed).ok_or_else(|| FitError::Invalid {
        what: "fitted parameters",
        message: format!("{} coordinates for {}", m.theta.len(), family.model_text()),
    })?;
    Ok(FamilyFit {
        family,
        theta: family.param_names().iter().copied().zip(natural).collect(),
        divergence: m.divergence,
        objective: m.objective,
        iterations: m.iterations,
        evaluations: m.evaluations,
        stop: m.stop,
    })
}

fn mean_sd(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    (mean, (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n).sqrt())
}

/// The median and the interquartile range (linear interpolation between order statistics).
fn median_iqr(xs: &[f64]) -> (f64, f64) {
    let mut sorted = xs.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    let q = |p: f64| super::kde::quantile(&sorted, p);
    (q(0.5), q(0.75) - q(0.25))
}

fn normal(theta: &[f64]) -> Option<Normal> {
    Normal::new(theta[0], theta[1].exp()).ok()
}

fn laplace(theta: &[f64]) -> Option<Laplace> {
    Laplace::new(theta[0], theta[1].exp()).ok()
}

fn logistic(theta: &[f64]) -> Option<Logistic> {
    Logistic::new(theta[0], theta[1].exp()).ok()
}

fn cauchy(theta: &[f64]) -> Option<Cauchy> {
    Cauchy::new(theta[0], theta[1].exp()).ok()
}

/// U(a, a + e^θ₁); `None` where the width is not a finite positive number.
fn uniform(theta: &[f64]) -> Option<Uniform> {
    Uniform::new(theta[0], theta[0] + theta[1].exp()).ok()
}

/// The upper quartile of t_df, by bisection on its cdf (1 for df = 1, → 0.6745 as df → ∞).
fn t_upper_quartile(df: f64) -> f64 {
    // df > 0 and finite: checked by FitFamily::from_name; a failure falls back to the normal's quartile
    let Ok(t) = StudentT::standard(df) else { return 0.674_489_750_196_081_7 };
    let (mut lo, mut hi) = (0.0, 1.0);
    while t.cdf(hi) < 0.75 && hi < 1e12 {
        hi *= 2.0;
    }
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if t.cdf(mid) < 0.75 { lo = mid } else { hi = mid }
    }
    0.5 * (lo + hi)
}

fn exponential(theta: &[f64]) -> Option<LogSpace<Exponential>> {
    Exponential::new(theta[0].exp()).ok().map(LogSpace::new)
}

fn gamma(theta: &[f64]) -> Option<LogSpace<Gamma>> {
    Gamma::new(theta[0].exp(), theta[1].exp()).ok().map(LogSpace::new)
}

/// Where log space is cut: e^±700 is within f64.
const LOG_LIMIT: f64 = 700.0;

/// The law of Y = ln X for X with a density on (0, ∞): p_Y(y) = p_X(eʸ)·eʸ.
///
/// # Examples
///
/// ```
/// use fdiv::dist::Exponential;
/// use fdiv::fit::{Density, family::LogSpace};
/// let y = LogSpace::new(Exponential::new(1.0).unwrap());
/// // p_Y(0) = p_X(1)·1 = e^{−1}
/// assert!((y.ln_density(0.0) + 1.0).abs() < 1e-15);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogSpace<D> {
    inner: D,
    /// ln of the mean of X: the centre of the bulk search.
    centre: f64,
    /// The coefficient of variation of X, about the sd of ln X: the scale of the bulk search.
    scale: f64,
}

impl<D: Continuous> LogSpace<D> {
    /// The law of ln X for X ~ `inner` (a family on [0, ∞) with a finite mean).
    pub fn new(inner: D) -> LogSpace<D> {
        let mean = inner.mean().filter(|m| *m > 0.0 && m.is_finite()).unwrap_or(1.0);
        let cv = inner.variance().map_or(1.0, |v| v.sqrt() / mean);
        let scale = if cv.is_finite() { cv.clamp(1e-3, 10.0) } else { 1.0 };
        LogSpace { inner, centre: mean.ln().clamp(-LOG_LIMIT, LOG_LIMIT), scale }
    }
}

impl<D: Continuous> Density for LogSpace<D> {
    /// ln p_X(eʸ) + y; −∞ where eʸ under- or overflows.
    fn ln_density(&self, y: f64) -> f64 {
        let x = y.exp();
        if x == 0.0 || !x.is_finite() {
            return f64::NEG_INFINITY;
        }
        self.inner.ln_pdf(x) + y
    }

    /// From ln E\[X\] outwards (the cdf of Y is that of X at eʸ), within ±700.
    fn bulk(&self) -> (f64, f64) {
        bulk_by_cdf((-LOG_LIMIT, LOG_LIMIT), self.centre, self.scale, |y| self.inner.cdf(y.exp()))
    }

    fn nodes(&self) -> Vec<f64> {
        nodes_around(self.bulk(), self.centre, self.scale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_space_density_integrates_to_one() {
        for d in [LogSpace::new(Gamma::new(0.5, 2.0).unwrap()), LogSpace::new(Gamma::new(40.0, 3.0).unwrap())] {
            let nodes = d.nodes();
            let mass: f64 = nodes.windows(2).map(|w| 0.5 * (w[1] - w[0]) * (d.density(w[0]) + d.density(w[1]))).sum();
            assert!((mass - 1.0).abs() < 1e-4, "{d:?}: {mass}");
        }
        let e = LogSpace::new(Exponential::new(1.0).unwrap());
        // p_Y(0) = e^{−1}·1
        assert!((e.ln_density(0.0) + 1.0).abs() < 1e-15);
        assert_eq!(e.ln_density(-800.0), f64::NEG_INFINITY);
        assert_eq!(e.ln_density(800.0), f64::NEG_INFINITY);
    }

    #[test]
    fn names() {
        for family in [
            FitFamily::Normal,
            FitFamily::Laplace,
            FitFamily::Logistic,
            FitFamily::Cauchy,
            FitFamily::Uniform,
            FitFamily::Exponential,
            FitFamily::Gamma,
            FitFamily::LogNormal,
        ] {
            assert_eq!(FitFamily::from_name(family.name()).unwrap(), family);
        }
        assert_eq!(FitFamily::from_name("StudentT(2.5)").unwrap(), FitFamily::StudentT { df: 2.5 });
        assert_eq!(FitFamily::StudentT { df: 2.5 }.model_text(), "T(2.5, loc, scale)");
        for bad in ["T", "T(0)", "T(x)", "T(3"] {
            assert!(matches!(FitFamily::from_name(bad), Err(FitError::Invalid { .. })), "{bad}");
        }
        let err = FitFamily::from_name("Beta").unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot fit the family 'Beta': the families that can be fitted are N, Laplace, Logistic, Cauchy, T(df), U, Exp, Gamma, LogN"
        );
    }

    #[test]
    fn the_supported_list_is_the_registry_s() {
        let fittable: Vec<String> = dist::Family::ALL
            .iter()
            .filter(|f| f.info().fittable)
            .map(|f| if *f == dist::Family::StudentT { "T(df)".to_string() } else { f.short().to_string() })
            .collect();
        let mut listed: Vec<&str> = SUPPORTED.split(", ").collect();
        let mut want: Vec<&str> = fittable.iter().map(String::as_str).collect();
        listed.sort_unstable();
        want.sort_unstable();
        assert_eq!(listed, want);
    }

    #[test]
    fn t_quartiles() {
        // t_1 is the Cauchy (quartile 1); scipy 1.17.1 `scipy.stats.t.ppf(0.75, 3)` = 0.7648923284043444
        assert!((t_upper_quartile(1.0) - 1.0).abs() < 1e-12);
        assert!((t_upper_quartile(3.0) - 0.764_892_328_404_344_4).abs() < 1e-10);
    }
}
