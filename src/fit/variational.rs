//! The variational lower bound from samples: D_f(P‖Q) ≥ sup_T E_P\[T\] − E_Q\[f*(T)\].
//!
//! The critic is parametric: T_θ(x) = f'(r_θ(x)) with log r_θ(x) = a + b·x + c·x², a model of the
//! density ratio p/q. Composing with f' keeps T_θ inside the effective domain of f*, and the bound
//! is attained at T = f'(p/q), so for two Normals (whose log-ratio is quadratic) the family holds
//! the optimum.
//!
//! Cross-fitting keeps it a lower bound: θ is fitted by Nelder–Mead on one half of each sample
//! set, and the bound is evaluated, with its bootstrap standard error, on the other halves. Any
//! fixed critic gives E_P\[T\] − E_Q\[f*(T)\] ≤ D_f, so the held-out value is a lower bound in
//! expectation — fitted and evaluated on the same points, a critic that grows fast where Q's
//! sample happens to be thin would overshoot D_f.
//!
//! When f'(∞) = ∞ (KL, Pearson, …) the ratio model is kept from growing like exp(c·x²)
//! (c ≤ 0): there f*(f'(r)) = r·f'(r) − f(r) grows at least like r, so with c > 0, E_Q[f*(T)] can
//! be infinite (for KL, E_Q\[r\] = ∞ when Q's tails are Gaussian with variance ≥ 1/(2c)) while
//! every sample mean of it is finite, and the "bound" would exceed D_f without the error bar
//! showing it. The bound is then tight when P is narrower than Q (the optimum has c < 0) and
//! loose, but still a lower bound, when P is wider. When f'(∞) is finite (JS, TV, …), T is
//! bounded above and f*(T) grows slowly, and c is free.

use super::optimize::{NelderMead, nelder_mead};
use super::{Bootstrap, FitError, Method, SampleEstimate, check_samples};
use crate::calculus;
use crate::generator::{Generator, VARIABLE};
use crate::numeric::Compiled;
use crate::transforms::conjugate::Evaluator;

/// The fitted critic and the bound it gives.
#[derive(Debug, Clone, PartialEq)]
pub struct VariationalBound {
    /// The bound with its bootstrap standard error.
    pub estimate: SampleEstimate,
    /// (a, b, c) of log r(x) = a + b·x + c·x².
    pub theta: [f64; 3],
}

/// sup over the quadratic-ratio critics of mean_P T − mean_Q f*(T), from samples `xs` of P and
/// `ys` of Q.
///
/// # Errors
///
/// [`FitError`] for empty or non-finite samples, a generator whose derivative or conjugate cannot
/// be formed, or a bound that is not finite at any critic tried.
///
/// # Examples
///
/// ```
/// use fdiv::generator::catalogue;
/// use fdiv::fit::variational::bound;
/// use fdiv::fit::{Bootstrap, Sample};
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(11);
/// let xs = fdiv::dist::Normal::new(0.0, 1.0).unwrap().sample_n(2000, &mut rng);
/// let ys = fdiv::dist::Normal::new(1.0, 2.0).unwrap().sample_n(2000, &mut rng);
/// let kl = catalogue::lookup("kl").unwrap().generator();
/// let b = bound(&kl, &xs, &ys, &Bootstrap::default()).unwrap();
/// // KL(N(0,1)‖N(1,2)) = ln 2 + 2/8 − 1/2 ≈ 0.443
/// assert!((b.estimate.value - 0.443).abs() < 0.1);
/// ```
pub fn bound(f: &Generator, xs: &[f64], ys: &[f64], bootstrap: &Bootstrap) -> Result<VariationalBound, FitError> {
    check_samples("P", xs, 4)?;
    check_samples("Q", ys, 4)?;
    let invalid = |message: String| FitError::Invalid { what: "generator", message };
    let derivative = calculus::derivative(f.f(), VARIABLE).map_err(|e| invalid(e.to_string()))?;
    let f_prime = Compiled::new(&derivative, &[VARIABLE])?;
    let conjugate = Evaluator::new(f).map_err(|e| invalid(e.to_string()))?;
    let critic = |theta: &[f64], x: f64| f_prime.eval(&[(theta[0] + theta[1] * x + theta[2] * x * x).exp()]);
    let value = |theta: &[f64], xs: &[f64], ys: &[f64]| -> f64 {
        let ep = xs.iter().map(|&x| critic(theta, x)).sum::<f64>() / xs.len() as f64;
        let eq = ys.iter().map(|&y| conjugate.at(critic(theta, y))).sum::<f64>() / ys.len() as f64;
        ep - eq
    };
    // fit on the even-indexed points, evaluate on the odd-indexed ones
    let half = |v: &[f64], parity: usize| -> Vec<f64> { v.iter().skip(parity).step_by(2).copied().collect() };
    let (fit_xs, fit_ys) = (half(xs, 0), half(ys, 0));
    let (test_xs, test_ys) = (half(xs, 1), half(ys, 1));
    // minimise the negated bound; a critic whose bound is not finite is as bad as can be
    let slope = calculus::slope_at_infinity(f.f(), VARIABLE);
    let growth_allowed = slope.is_symbolic() && slope.to_f64().is_finite();
    let objective = |theta: &[f64]| {
        if theta[2] > 0.0 && !growth_allowed {
            return Ok(f64::MAX);
        }
        let v = value(theta, &fit_xs, &fit_ys);
        Ok(if v.is_finite() { -v } else { f64::MAX })
    };
    let options = NelderMead { max_iters: 2000, ..NelderMead::new(3) };
    let minimum = nelder_mead(objective, &[0.0, 0.0, -0.05], &options, |_| {})?;
    let theta = [minimum.x[0], minimum.x[1], minimum.x[2]];
    let best = value(&theta, &test_xs, &test_ys);
    if !best.is_finite() {
        return Err(FitError::NaN { what: "the variational bound".to_string() });
    }
    let abs_error = bootstrap.with_replacement2(&test_xs, &test_ys, |xs, ys| Ok(value(&theta, xs, ys)))?;
    Ok(VariationalBound { estimate: SampleEstimate { value: best, abs_error, method: Method::Variational }, theta })
}
