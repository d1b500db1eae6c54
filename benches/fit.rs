//! Figures of issue 8: the k-NN KL estimate for n = 10⁵ in 1-D (target ≤ 50 ms) and 5-D (≤ 1 s),
//! and the mixture fit with n = 10⁴ per divergence (≤ 2 s each); each family of `fit` (n = 10⁴,
//! forward KL by maximum likelihood, and JS by the kernel plug-in), and the two-layer network.
//!
//! `cargo bench --bench fit`; one group: `cargo bench --bench fit -- --warm-up-time 1
//! --measurement-time 2 "fit family"`

// criterion_group! generates undocumented functions
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use fdiv::dist::Normal;
use fdiv::dist::{Cauchy, Exponential, Gamma, Laplace, LogNormal, Logistic, StudentT, Uniform};
use fdiv::fit::model::AffineNd;
use fdiv::fit::{FitFamily, FitOptions, Mixture, Sample, fit_family, fit_normal, knn};
use fdiv::generator::Generator;
use nalgebra::{DMatrix, DVector};
use rand::SeedableRng;
use rand::rngs::StdRng;

fn knn_kl(c: &mut Criterion) {
    let mut rng = StdRng::seed_from_u64(1);
    let n = 100_000;
    let xs = Normal::new(0.0, 1.0).unwrap().sample_n(n, &mut rng);
    let ys = Normal::new(1.0, 2.0).unwrap().sample_n(n, &mut rng);
    let mut group = c.benchmark_group("knn");
    group.sample_size(10);
    group.bench_function("kl_1d n=1e5", |b| b.iter(|| knn::kl_1d(&xs, &ys, 1).unwrap()));
    let p = AffineNd::new(DMatrix::identity(5, 5), DVector::zeros(5)).unwrap();
    let q = AffineNd::new(DMatrix::identity(5, 5) * 2.0, DVector::from_element(5, 1.0)).unwrap();
    let xs5: Vec<DVector<f64>> = (0..n).map(|_| p.sample(&mut rng)).collect();
    let ys5: Vec<DVector<f64>> = (0..n).map(|_| q.sample(&mut rng)).collect();
    group.bench_function("kl_5d n=1e5", |b| b.iter(|| knn::kl(&xs5, &ys5, 1).unwrap()));
    group.finish();
}

fn mixture_fit(c: &mut Criterion) {
    let mut rng = StdRng::seed_from_u64(2);
    let mix =
        Mixture::new(vec![0.5, 0.5], vec![Normal::new(-3.0, 1.0).unwrap(), Normal::new(3.0, 1.0).unwrap()]).unwrap();
    let xs = mix.sample_n(10_000, &mut rng);
    let mut group = c.benchmark_group("fit mixture n=1e4");
    group.sample_size(10);
    for (name, text) in [
        ("forward KL", "u*log(u)"),
        ("reverse KL", "-log(u)"),
        ("JS", "(u*log(u) - (u + 1)*log((u + 1)/2))/2"),
        ("TV", "abs(u - 1)/2"),
    ] {
        let f = Generator::parse(text).unwrap();
        group.bench_function(name, |b| b.iter(|| fit_normal(&f, &xs, &FitOptions::default(), |_| {}).unwrap()));
    }
    group.finish();
}

fn family_fit(c: &mut Criterion) {
    let mut rng = StdRng::seed_from_u64(3);
    let n = 10_000;
    let data: [(FitFamily, Vec<f64>); 8] = [
        (FitFamily::Laplace, Laplace::new(1.0, 2.0).unwrap().sample_n(n, &mut rng)),
        (FitFamily::Logistic, Logistic::new(-2.0, 0.5).unwrap().sample_n(n, &mut rng)),
        (FitFamily::Cauchy, Cauchy::new(3.0, 1.5).unwrap().sample_n(n, &mut rng)),
        (FitFamily::StudentT { df: 3.0 }, StudentT::new(3.0, 1.0, 2.0).unwrap().sample_n(n, &mut rng)),
        (FitFamily::Uniform, Uniform::new(-1.0, 3.0).unwrap().sample_n(n, &mut rng)),
        (FitFamily::Exponential, Exponential::new(2.0).unwrap().sample_n(n, &mut rng)),
        (FitFamily::Gamma, Gamma::new(3.0, 2.0).unwrap().sample_n(n, &mut rng)),
        (FitFamily::LogNormal, LogNormal::new(0.5, 0.7).unwrap().sample_n(n, &mut rng)),
    ];
    let mut group = c.benchmark_group("fit family n=1e4");
    group.sample_size(10);
    for (name, text) in [("KL", "u*log(u)"), ("JS", "(u*log(u) - (u + 1)*log((u + 1)/2))/2")] {
        let f = Generator::parse(text).unwrap();
        for (family, xs) in &data {
            group.bench_function(format!("{family} {name}"), |b| {
                b.iter(|| fit_family(*family, &f, xs, &FitOptions::default(), |_| {}).unwrap())
            });
        }
    }
    // the two-layer network on skewed data (k-NN KL, m = 2000 model draws)
    let xs = Gamma::new(2.0, 1.0).unwrap().sample_n(n, &mut rng);
    let options = FitOptions { max_iters: 2000, ..FitOptions::default() };
    group.bench_function("net(2) KL", |b| b.iter(|| fdiv::fit::fitting::fit_two_layer(&xs, 2, &options).unwrap()));
    group.finish();
}

criterion_group!(benches, knn_kl, mixture_fit, family_fit);
criterion_main!(benches);
