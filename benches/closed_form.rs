//! Closed forms: KL between multivariate Normals in k = 100 dimensions (target ≤ 1 ms), and the
//! symbolic derivation of KL between two Normals from their log-densities (target ≤ 20 ms), and
//! of Pearson χ² between two Normals (a Gaussian integral reduced exactly).
#![allow(missing_docs, reason = "criterion_group! generates undocumented functions")]

use criterion::{Criterion, criterion_group, criterion_main};
use fdiv::closed_form::mvn::{MvNormal, kl};
use nalgebra::{DMatrix, DVector};

/// A well-conditioned SPD matrix A·Aᵀ + k·I from a deterministic pseudo-random A.
fn spd(k: usize, seed: u64) -> DMatrix<f64> {
    let mut state = seed;
    let a = DMatrix::from_fn(k, k, |_, _| {
        state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
    });
    &a * a.transpose() + DMatrix::identity(k, k) * k as f64
}

fn mvn_kl(c: &mut Criterion) {
    let k = 100;
    let p = MvNormal::new(DVector::from_fn(k, |i, _| i as f64 * 0.01), spd(k, 1)).expect("SPD");
    let q = MvNormal::new(DVector::zeros(k), spd(k, 2)).expect("SPD");
    c.bench_function("kl_mvn_k100_given_factors", |b| b.iter(|| kl(&p, &q).expect("same dimension")));
    let (mean, cov) = (DVector::from_fn(k, |i, _| i as f64 * 0.01), spd(k, 1));
    let (mean2, cov2) = (DVector::zeros(k), spd(k, 2));
    c.bench_function("kl_mvn_k100_with_factorisation", |b| {
        b.iter(|| {
            let p = MvNormal::new(mean.clone(), cov.clone()).expect("SPD");
            let q = MvNormal::new(mean2.clone(), cov2.clone()).expect("SPD");
            kl(&p, &q).expect("same dimension")
        })
    });
}

fn kl_normal_symbolic(c: &mut Criterion) {
    use fdiv::closed_form::{family::Parametric, kl};
    c.bench_function("kl_normal_symbolic_derivation", |b| {
        b.iter(|| {
            let p = Parametric::parse("N(m1, s1)").expect("parses");
            let q = Parametric::parse("N(m2, s2)").expect("parses");
            kl(&p, &q)
        })
    });
}

fn pearson_normal_symbolic(c: &mut Criterion) {
    use fdiv::closed_form::{derive, family::Parametric};
    let pearson = fdiv::generator::catalogue::lookup("pearson").expect("catalogued").generator();
    c.bench_function("pearson_normal_symbolic_derivation", |b| {
        b.iter(|| {
            let p = Parametric::parse("N(m1, s1)").expect("parses");
            let q = Parametric::parse("N(m2, s2)").expect("parses");
            derive(&pearson, &p, &q)
        })
    });
}

criterion_group!(benches, mvn_kl, kl_normal_symbolic, pearson_normal_symbolic);
criterion_main!(benches);
