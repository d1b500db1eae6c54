//! k-nearest-neighbour estimators: KL(P‖Q) between two sample sets and the entropy of one.
//!
//! Wang, Kulkarni & Verdú (2009), "Divergence estimation for multidimensional densities via
//! k-nearest-neighbor distances": with x₁…xₙ ~ P and y₁…yₘ ~ Q in ℝ^d, ρₖ(i) the distance from
//! xᵢ to its k-th nearest neighbour among the other x's and νₖ(i) to its k-th nearest among the
//! y's,
//!
//! ```text
//! D̂(P‖Q) = (d/n) Σᵢ ln(νₖ(i)/ρₖ(i)) + ln(m/(n − 1)),
//! ```
//!
//! asymptotically unbiased and consistent for fixed k. Against a known density q the KL is
//! −H(P) − E_P[ln q], with the Kozachenko–Leonenko entropy
//! Ĥ = ψ(n) − ψ(k) + ln c_d + (d/n) Σᵢ ln ρₖ(i) (c₁ = 2, the length of the unit ball in 1-D).
//!
//! 1-D searches run on sorted copies (O(n log n + n k)); d-D searches use a
//! [`KdTree`]. Distances are Euclidean.

use nalgebra::DVector;

use super::bootstrap::Bootstrap;
use super::kdtree::{KdTree, Scratch};
use super::{Density, FitError, Method, SampleEstimate, check_samples};
use crate::numeric::special::digamma;
use rayon::prelude::*;

fn check_k(k: usize) -> Result<(), FitError> {
    if k == 0 {
        return Err(FitError::Invalid { what: "k", message: "the neighbour order must be at least 1".into() });
    }
    Ok(())
}

fn sorted(xs: &[f64]) -> Vec<f64> {
    let mut s = xs.to_vec();
    // finite values (checked by the callers) are totally ordered
    s.sort_unstable_by(f64::total_cmp);
    s
}

/// The distance from `s[p]` to its k-th nearest neighbour among the other points of the sorted
/// slice `s` (which has more than k points).
fn kth_in_self(s: &[f64], p: usize, k: usize) -> f64 {
    // the point itself is skipped: the candidates start on either side of it
    kth_walk(s, p, p + 1, s[p], k)
}

/// The distance from `x` to its k-th nearest point of the sorted slice `s` (at least k points).
#[cfg(test)]
fn kth_in_other(s: &[f64], x: f64, k: usize) -> f64 {
    kth_in_other_from(s, s.partition_point(|&y| y < x), x, k)
}

/// [`kth_in_other`] given p, the number of points of `s` below `x`.
fn kth_in_other_from(s: &[f64], p: usize, x: f64, k: usize) -> f64 {
    kth_walk(s, p, p, x, k)
}

/// The distance from `x` to the k-th nearest of `s[..left]` and `s[right..]` (sorted `s`),
/// walking outwards from the candidates `s[left - 1]` and `s[right]`.
fn kth_walk(s: &[f64], mut left: usize, mut right: usize, x: f64, k: usize) -> f64 {
    let mut dist = 0.0;
    for _ in 0..k {
        let dl = if left > 0 { x - s[left - 1] } else { f64::INFINITY };
        let dr = if right < s.len() { s[right] - x } else { f64::INFINITY };
        if dl <= dr {
            dist = dl;
            left -= 1;
        } else {
            dist = dr;
            right += 1;
        }
    }
    dist
}

fn position(xs: &[f64], x: f64) -> usize {
    xs.iter().position(|&v| v == x).unwrap_or(0)
}

/// The k-NN estimate of KL(P‖Q) from 1-D samples `xs` ~ P and `ys` ~ Q.
///
/// # Examples
///
/// ```
/// use fdiv::dist::Normal;
/// use fdiv::fit::{knn::kl_1d, Sample};
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(4);
/// let p = Normal::new(0.0, 1.0).unwrap();
/// let (xs, ys) = (p.sample_n(1000, &mut rng), p.sample_n(1000, &mut rng));
/// // P = Q: the estimate is near 0
/// assert!(kl_1d(&xs, &ys, 1).unwrap().abs() < 0.15);
/// ```
///
/// # Errors
///
/// Empty or non-finite samples, k = 0, n ≤ k or m < k ([`FitError::TooFewSamples`]), and a
/// zero k-th neighbour distance ([`FitError::ZeroDistance`]: repeated values).
pub fn kl_1d(xs: &[f64], ys: &[f64], k: usize) -> Result<f64, FitError> {
    check_k(k)?;
    check_samples("xs", xs, k + 1)?;
    check_samples("ys", ys, k)?;
    let sx = sorted(xs);
    let sy = sorted(ys);
    let mut sum = 0.0;
    // the x's ascend, so the count of y's below x only moves forward (a merge, not a search)
    let mut below = 0;
    for (p, &x) in sx.iter().enumerate() {
        let rho = kth_in_self(&sx, p, k);
        if rho == 0.0 {
            return Err(FitError::ZeroDistance { what: "xs", index: position(xs, x), k });
        }
        while below < sy.len() && sy[below] < x {
            below += 1;
        }
        let nu = kth_in_other_from(&sy, below, x, k);
        if nu == 0.0 {
            return Err(FitError::ZeroDistance { what: "ys", index: position(xs, x), k });
        }
        sum += (nu / rho).ln();
    }
    let (n, m) = (xs.len() as f64, ys.len() as f64);
    Ok(sum / n + (m / (n - 1.0)).ln())
}

/// [`kl_1d`] with a half-sampling error bar ([`Bootstrap::half_samples`]).
///
/// # Errors
///
/// Those of [`kl_1d`], on the samples or on a half (which needs n/2 > k).
pub fn kl_1d_estimate(xs: &[f64], ys: &[f64], k: usize, bootstrap: &Bootstrap) -> Result<SampleEstimate, FitError> {
    let value = kl_1d(xs, ys, k)?;
    let abs_error = bootstrap.half_samples(xs, ys, |a, b| kl_1d(a, b, k))?;
    Ok(SampleEstimate { value, abs_error, method: Method::KnnKl { k } })
}

/// The Kozachenko–Leonenko estimate of the differential entropy H(P) = −E_P[ln p] (nats) from
/// 1-D samples.
///
/// # Examples
///
/// ```
/// use fdiv::dist::Normal;
/// use fdiv::fit::{knn::entropy_1d, Sample};
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(5);
/// let xs = Normal::new(0.0, 1.0).unwrap().sample_n(2000, &mut rng);
/// // H(N(0, 1)) = ½ ln(2πe) = 1.4189…
/// assert!((entropy_1d(&xs, 1).unwrap() - 1.4189).abs() < 0.1);
/// ```
///
/// # Errors
///
/// Empty or non-finite samples, k = 0, n ≤ k, a zero k-th neighbour distance.
pub fn entropy_1d(xs: &[f64], k: usize) -> Result<f64, FitError> {
    check_k(k)?;
    check_samples("xs", xs, k + 1)?;
    let sx = sorted(xs);
    let mut sum = 0.0;
    for p in 0..sx.len() {
        let rho = kth_in_self(&sx, p, k);
        if rho == 0.0 {
            return Err(FitError::ZeroDistance { what: "xs", index: position(xs, sx[p]), k });
        }
        sum += rho.ln();
    }
    let n = xs.len() as f64;
    Ok(digamma(n) - digamma(k as f64) + 2f64.ln() + sum / n)
}

/// KL(P‖Q) from samples `xs` ~ P against a known density `q`: −Ĥ(P) − (1/n) Σ ln q(xᵢ), with
/// the Kozachenko–Leonenko entropy. +∞ when a sample lies where q = 0.
///
/// # Errors
///
/// Those of [`entropy_1d`]; [`FitError::NaN`] if `q.ln_density` returns NaN at a sample.
pub fn kl_density(xs: &[f64], q: &dyn Density, k: usize) -> Result<f64, FitError> {
    let h = entropy_1d(xs, k)?;
    let mut cross = 0.0;
    for &x in xs {
        let l = q.ln_density(x);
        if l.is_nan() {
            return Err(FitError::NaN { what: format!("ln q({x})") });
        }
        cross += l;
    }
    Ok(-h - cross / xs.len() as f64)
}

/// [`kl_density`] with a half-sampling error bar.
///
/// # Errors
///
/// Those of [`kl_density`], on the samples or on a half.
pub fn kl_density_estimate(
    xs: &[f64],
    q: &dyn Density,
    k: usize,
    bootstrap: &Bootstrap,
) -> Result<SampleEstimate, FitError> {
    let value = kl_density(xs, q, k)?;
    let abs_error = bootstrap.half_samples(xs, &[], |a, _| kl_density(a, q, k))?;
    Ok(SampleEstimate { value, abs_error, method: Method::KnnEntropy { k } })
}

/// Flattens d-D samples after checking them: non-empty, at least `needed`, one dimension, finite.
fn flatten(what: &'static str, xs: &[DVector<f64>], d: usize, needed: usize) -> Result<Vec<f64>, FitError> {
    if xs.is_empty() {
        return Err(FitError::Empty { what });
    }
    let mut flat = Vec::with_capacity(xs.len() * d);
    for (i, x) in xs.iter().enumerate() {
        if x.len() != d {
            return Err(FitError::DimensionMismatch { what, expected: d, found: x.len() });
        }
        if let Some(&value) = x.iter().find(|v| !v.is_finite()) {
            return Err(FitError::NotFinite { what, index: i, value });
        }
        flat.extend(x.iter());
    }
    if xs.len() < needed {
        return Err(FitError::TooFewSamples { what, n: xs.len(), needed });
    }
    Ok(flat)
}

/// The k-NN estimate of KL(P‖Q) from d-dimensional samples `xs` ~ P and `ys` ~ Q (k-d trees).
///
/// # Examples
///
/// ```
/// use fdiv::fit::{knn::kl, model::AffineNd};
/// use nalgebra::{DMatrix, DVector};
/// use rand::SeedableRng;
/// let mut rng = rand::rngs::StdRng::seed_from_u64(6);
/// let p = AffineNd::new(DMatrix::identity(2, 2), DVector::zeros(2)).unwrap();
/// let q = AffineNd::new(DMatrix::identity(2, 2), DVector::from_vec(vec![1.0, 0.0])).unwrap();
/// let xs: Vec<DVector<f64>> = (0..2000).map(|_| p.sample(&mut rng)).collect();
/// let ys: Vec<DVector<f64>> = (0..2000).map(|_| q.sample(&mut rng)).collect();
/// // KL(N(0, I)‖N(e₁, I)) = |e₁|²/2 = 0.5
/// assert!((kl(&xs, &ys, 1).unwrap() - 0.5).abs() < 0.15);
/// ```
///
/// # Errors
///
/// Empty or non-finite samples, dimension 0 or differing dimensions
/// ([`FitError::DimensionMismatch`]), k = 0, n ≤ k or m < k, a zero k-th neighbour distance.
pub fn kl(xs: &[DVector<f64>], ys: &[DVector<f64>], k: usize) -> Result<f64, FitError> {
    check_k(k)?;
    let d = xs.first().map(|x| x.len()).ok_or(FitError::Empty { what: "xs" })?;
    if d == 0 {
        return Err(FitError::Invalid { what: "dimension", message: "samples have dimension 0".into() });
    }
    let fx = flatten("xs", xs, d, k + 1)?;
    let fy = flatten("ys", ys, d, k)?;
    let tx = KdTree::new(&fx, d);
    let ty = KdTree::new(&fy, d);
    // queries in the tree's storage order (cache locality), in parallel chunks (rayon); the
    // terms are summed in that fixed order, so the result is deterministic
    let queries: Vec<(usize, &[f64])> = tx.points().collect();
    let terms: Vec<Result<f64, FitError>> = queries
        .into_par_iter()
        .map_init(Scratch::default, |scratch, (i, x)| {
            // the sizes were checked: both searches find k points
            let rho = tx.kth_distance_with(x, k, Some(i), scratch).unwrap_or(0.0);
            if rho == 0.0 {
                return Err(FitError::ZeroDistance { what: "xs", index: i, k });
            }
            let nu = ty.kth_distance_with(x, k, None, scratch).unwrap_or(0.0);
            if nu == 0.0 {
                return Err(FitError::ZeroDistance { what: "ys", index: i, k });
            }
            Ok((nu / rho).ln())
        })
        .collect();
    let mut sum = 0.0;
    for t in terms {
        sum += t?;
    }
    let (n, m) = (xs.len() as f64, ys.len() as f64);
    Ok(d as f64 * sum / n + (m / (n - 1.0)).ln())
}

/// [`kl`] with a half-sampling error bar.
///
/// # Errors
///
/// Those of [`kl`], on the samples or on a half.
pub fn kl_estimate(
    xs: &[DVector<f64>],
    ys: &[DVector<f64>],
    k: usize,
    bootstrap: &Bootstrap,
) -> Result<SampleEstimate, FitError> {
    let value = kl(xs, ys, k)?;
    let abs_error = bootstrap.half_samples(xs, ys, |a, b| kl(a, b, k))?;
    Ok(SampleEstimate { value, abs_error, method: Method::KnnKl { k } })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_d_searches_match_brute_force() {
        let xs = [0.3, -1.2, 4.0, 2.2, 0.31, 7.5, -3.0];
        let s = sorted(&xs);
        for (p, &x) in s.iter().enumerate() {
            let mut d: Vec<f64> = s.iter().enumerate().filter(|&(j, _)| j != p).map(|(_, &y)| (y - x).abs()).collect();
            d.sort_by(f64::total_cmp);
            for k in 1..=6 {
                assert_eq!(kth_in_self(&s, p, k), d[k - 1]);
            }
        }
        let ys = sorted(&[1.0, 2.0, 5.0]);
        assert_eq!(kth_in_other(&ys, 2.4, 1), 2.4 - 2.0);
        assert_eq!(kth_in_other(&ys, 2.4, 2), 2.4 - 1.0);
        assert_eq!(kth_in_other(&ys, 2.4, 3), 5.0 - 2.4);
        assert_eq!(kth_in_other(&ys, -1.0, 3), 6.0);
    }

    #[test]
    fn bad_input_is_a_typed_error() {
        assert_eq!(kl_1d(&[], &[1.0], 1), Err(FitError::Empty { what: "xs" }));
        assert_eq!(kl_1d(&[1.0, 2.0], &[], 1), Err(FitError::Empty { what: "ys" }));
        assert!(matches!(kl_1d(&[1.0, f64::NAN], &[1.0], 1), Err(FitError::NotFinite { what: "xs", index: 1, .. })));
        assert_eq!(kl_1d(&[1.0, 2.0], &[1.0], 2), Err(FitError::TooFewSamples { what: "xs", n: 2, needed: 3 }));
        assert_eq!(kl_1d(&[1.0, 2.0, 3.0], &[1.0], 2), Err(FitError::TooFewSamples { what: "ys", n: 1, needed: 2 }));
        assert!(matches!(kl_1d(&[1.0, 2.0], &[1.0], 0), Err(FitError::Invalid { what: "k", .. })));
        assert_eq!(kl_1d(&[1.0, 1.0, 3.0], &[0.5], 1), Err(FitError::ZeroDistance { what: "xs", index: 0, k: 1 }));
        assert_eq!(kl_1d(&[1.0, 2.0, 3.0], &[2.0], 1), Err(FitError::ZeroDistance { what: "ys", index: 1, k: 1 }));
        let v = |a: &[f64]| DVector::from_vec(a.to_vec());
        assert_eq!(
            kl(&[v(&[1.0, 2.0]), v(&[1.0])], &[v(&[0.0, 0.0])], 1),
            Err(FitError::DimensionMismatch { what: "xs", expected: 2, found: 1 })
        );
        assert_eq!(
            kl(&[v(&[1.0, 2.0]), v(&[1.0, 3.0])], &[v(&[0.0, 0.0, 1.0])], 1),
            Err(FitError::DimensionMismatch { what: "ys", expected: 2, found: 3 })
        );
    }
}
