//! A Nelder–Mead minimiser: derivative-free, with a budget, a convergence test and a callback.
//!
//! The standard simplex moves (reflection 1, expansion 2, contraction ½, shrink ½; Lagarias et
//! al. 1998). An objective value of +∞ is allowed (the worst possible: the simplex moves away);
//! NaN is an error. Written here rather than taken from argmin: argmin 0.11 adds 49 crates
//! (a second `rand`, `anyhow`, `num-complex`, …) for one 2-parameter minimiser.

use super::FitError;

/// Why a minimisation stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptimizerStop {
    /// The simplex's values and its extent fell below the tolerances.
    Converged,
    /// The iteration budget ran out first.
    Budget,
}

impl OptimizerStop {
    /// Its stable kebab-case name: `converged` or `budget`.
    pub fn name(self) -> &'static str {
        match self {
            OptimizerStop::Converged => "converged",
            OptimizerStop::Budget => "budget",
        }
    }
}

/// Options of [`nelder_mead`].
#[derive(Debug, Clone, PartialEq)]
pub struct NelderMead {
    /// The initial simplex: x₀ and x₀ + stepᵢ·eᵢ.
    pub steps: Vec<f64>,
    /// Stop when max |f(vertex) − f(best)| ≤ f_tol·(1 + |f(best)|) …
    pub f_tol: f64,
    /// … and every vertex is within x_tol of the best (per coordinate).
    pub x_tol: f64,
    /// The iteration budget.
    pub max_iters: usize,
}

impl NelderMead {
    /// Steps of 0.1 in every coordinate, f_tol 1e-10, x_tol 1e-7, 1000 iterations.
    pub fn new(dim: usize) -> NelderMead {
        NelderMead { steps: vec![0.1; dim], f_tol: 1e-10, x_tol: 1e-7, max_iters: 1000 }
    }
}

/// The state reported to the callback after each iteration.
#[derive(Debug, Clone, PartialEq)]
pub struct Iteration<'a> {
    /// 1-based iteration number.
    pub iteration: usize,
    /// The best point so far.
    pub best: &'a [f64],
    /// Its value.
    pub value: f64,
    /// Objective evaluations so far.
    pub evaluations: usize,
}

/// The result of [`nelder_mead`].
#[derive(Debug, Clone, PartialEq)]
pub struct Minimum {
    /// The best point.
    pub x: Vec<f64>,
    /// Its value.
    pub value: f64,
    /// Iterations run.
    pub iterations: usize,
    /// Objective evaluations.
    pub evaluations: usize,
    /// Why it stopped.
    pub stop: OptimizerStop,
}

/// Minimises `objective` from `x0`.
///
/// # Examples
///
/// ```
/// use fdiv::fit::optimize::{nelder_mead, NelderMead, OptimizerStop};
/// let rosenbrock = |x: &[f64]| Ok((1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2));
/// let m = nelder_mead(rosenbrock, &[-1.2, 1.0], &NelderMead::new(2), |_| {}).unwrap();
/// assert_eq!(m.stop, OptimizerStop::Converged);
/// assert!((m.x[0] - 1.0).abs() < 1e-5 && (m.x[1] - 1.0).abs() < 1e-5);
/// ```
///
/// # Errors
///
/// [`FitError::DimensionMismatch`] when the steps and x₀ differ in length,
/// [`FitError::Invalid`] for an empty or non-finite x₀, [`FitError::NaN`] when the objective
/// is NaN, and any error the objective returns.
pub fn nelder_mead(
    mut objective: impl FnMut(&[f64]) -> Result<f64, FitError>,
    x0: &[f64],
    options: &NelderMead,
    mut callback: impl FnMut(&Iteration<'_>),
) -> Result<Minimum, FitError> {
    let n = x0.len();
    if n == 0 || x0.iter().any(|v| !v.is_finite()) {
        return Err(FitError::Invalid {
            what: "starting point",
            message: format!("{x0:?} must be non-empty and finite"),
        });
    }
    if options.steps.len() != n {
        return Err(FitError::DimensionMismatch { what: "simplex steps", expected: n, found: options.steps.len() });
    }
    let evaluations = std::cell::Cell::new(0usize);
    let mut eval = |x: &[f64]| -> Result<f64, FitError> {
        evaluations.set(evaluations.get() + 1);
        let v = objective(x)?;
        if v.is_nan() {
            return Err(FitError::NaN { what: format!("the objective at {x:?}") });
        }
        Ok(v)
    };
    let mut simplex: Vec<(Vec<f64>, f64)> = Vec::with_capacity(n + 1);
    simplex.push((x0.to_vec(), eval(x0)?));
    for i in 0..n {
        let mut x = x0.to_vec();
        x[i] += options.steps[i];
        let v = eval(&x)?;
        simplex.push((x, v));
    }
    let mut stop = OptimizerStop::Budget;
    let mut iterations = 0;
    while iterations < options.max_iters {
        iterations += 1;
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        let centroid: Vec<f64> =
            (0..n).map(|j| simplex[..n].iter().map(|(x, _)| x[j]).sum::<f64>() / n as f64).collect();
        let worst = simplex[n].clone();
        let along = |t: f64| -> Vec<f64> { (0..n).map(|j| centroid[j] + t * (worst.0[j] - centroid[j])).collect() };
        let reflected = along(-1.0);
        let fr = eval(&reflected)?;
        if fr < simplex[0].1 {
            let expanded = along(-2.0);
            let fe = eval(&expanded)?;
            simplex[n] = if fe < fr { (expanded, fe) } else { (reflected, fr) };
        } else if fr < simplex[n - 1].1 {
            simplex[n] = (reflected, fr);
        } else {
            // contract outside (towards the reflected point) or inside
            let (point, limit) = if fr < worst.1 { (along(-0.5), fr) } else { (along(0.5), worst.1) };
            let fc = eval(&point)?;
            if fc <= limit {
                simplex[n] = (point, fc);
            } else {
                let best = simplex[0].0.clone();
                for vertex in simplex.iter_mut().skip(1) {
                    let x: Vec<f64> = (0..n).map(|j| best[j] + 0.5 * (vertex.0[j] - best[j])).collect();
                    let v = eval(&x)?;
                    *vertex = (x, v);
                }
            }
        }
        simplex.sort_by(|a, b| a.1.total_cmp(&b.1));
        let (best, fbest) = (&simplex[0].0, simplex[0].1);
        callback(&Iteration { iteration: iterations, best, value: fbest, evaluations: evaluations.get() });
        let f_spread = simplex.iter().map(|(_, v)| (v - fbest).abs()).fold(0.0, f64::max);
        let x_spread =
            simplex.iter().flat_map(|(x, _)| x.iter().zip(best).map(|(a, b)| (a - b).abs())).fold(0.0, f64::max);
        if fbest.is_finite() && f_spread <= options.f_tol * (1.0 + fbest.abs()) && x_spread <= options.x_tol {
            stop = OptimizerStop::Converged;
            break;
        }
    }
    let (x, value) = simplex.swap_remove(0);
    Ok(Minimum { x, value, iterations, evaluations: evaluations.get(), stop })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quadratic_bowl_and_budget() {
        let bowl = |x: &[f64]| Ok((x[0] - 3.0).powi(2) + 2.0 * (x[1] + 1.0).powi(2) + 0.5 * x[0] * x[1]);
        // minimum: 2(x0 − 3) + 0.5 x1 = 0, 4(x1 + 1) + 0.5 x0 = 0 → x0 = 104/31, x1 = −1 − x0/8
        let mut seen = 0;
        let m = nelder_mead(bowl, &[0.0, 0.0], &NelderMead::new(2), |it| seen = it.iteration).unwrap();
        assert_eq!(m.stop, OptimizerStop::Converged);
        assert_eq!(seen, m.iterations);
        let (x0, x1) = (104.0 / 31.0, -1.0 - 0.125 * 104.0 / 31.0);
        assert!((m.x[0] - x0).abs() < 1e-6 && (m.x[1] - x1).abs() < 1e-6, "{:?}", m.x);
        let short = NelderMead { max_iters: 3, ..NelderMead::new(2) };
        assert_eq!(nelder_mead(bowl, &[0.0, 0.0], &short, |_| {}).unwrap().stop, OptimizerStop::Budget);
    }

    #[test]
    fn infinite_values_are_avoided_and_nan_is_an_error() {
        let walled = |x: &[f64]| Ok(if x[0] < 0.5 { f64::INFINITY } else { (x[0] - 1.0).powi(2) });
        let m = nelder_mead(walled, &[2.0], &NelderMead::new(1), |_| {}).unwrap();
        assert!((m.x[0] - 1.0).abs() < 1e-6);
        let nan = |_: &[f64]| Ok(f64::NAN);
        assert!(matches!(nelder_mead(nan, &[0.0], &NelderMead::new(1), |_| {}), Err(FitError::NaN { .. })));
        assert!(matches!(
            nelder_mead(nan, &[0.0], &NelderMead::new(2), |_| {}),
            Err(FitError::DimensionMismatch { .. })
        ));
    }
}
