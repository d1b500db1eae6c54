//! Timings of the numeric divergences (criterion; run with `cargo bench --bench divergence`).
//!
//! Each case prints its value, error estimate and evaluation count once before it is timed. The
//! tolerance is the issue's: 1e-10 relative (the library's default is 1e-11).
#![allow(missing_docs, reason = "criterion's macros generate undocumented functions")]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use fdiv::dist::{Distribution, Normal, parse_distribution};
use fdiv::divergence::{Options, Prepared, divergence_report};
use fdiv::generator::Generator;
use fdiv::numeric::quad::QuadOptions;

const KL: &str = "u*log(u)";
const JS: &str = "1/2*(u*log(u) - (u+1)*log((u+1)/2))";
const TV: &str = "1/2*abs(u-1)";

fn case(c: &mut Criterion, name: &str, generator: &str, p: &str, q: &str) {
    let g = Generator::parse(generator).unwrap();
    let prepared = Prepared::new(&g, options()).unwrap();
    let (p, q) = (parse_distribution(p).unwrap(), parse_distribution(q).unwrap());
    let r = prepared.report(&p, &q).unwrap();
    eprintln!(
        "{name}: value {} abs_error {:e} evals {} infinite {:?}",
        r.estimate.value, r.estimate.abs_error, r.estimate.evals, r.infinite
    );
    c.bench_function(name, |b| b.iter(|| prepared.report(black_box(&p), black_box(&q)).unwrap()));
}

fn cases(c: &mut Criterion) {
    case(c, "kl N(0,1)||N(1,2)", KL, "N(0, 1)", "N(1, 2)");
    case(c, "js N(0,1)||N(1,2)", JS, "N(0, 1)", "N(1, 2)");
    case(c, "tv N(0,1)||N(1,2)", TV, "N(0, 1)", "N(1, 2)");
    case(c, "kl narrow N(0,1e-6)||N(0,1)", KL, "N(0, 1e-6)", "N(0, 1)");
    case(c, "kl heavy Cauchy(0,1)||Cauchy(0,2)", KL, "Cauchy(0, 1)", "Cauchy(0, 2)");
    case(c, "kl heavy N(0,1)||T(3)", KL, "N(0, 1)", "T(3)");
    case(c, "kl half-line Exp(1)||Exp(2)", KL, "Exp(1)", "Exp(2)");
    case(c, "kl half-line pole Gamma(0.5,1)||Exp(1)", KL, "Gamma(0.5, 1)", "Exp(1)");
    case(c, "pearson divergent N(0,1)||N(0,0.5)", "(u-1)^2", "N(0, 1)", "N(0, 0.5)");
    // the whole call, compiling f and estimating its limits each time
    let g = Generator::parse(KL).unwrap();
    let (p, q) = (parse_distribution("N(0, 1)").unwrap(), parse_distribution("N(1, 2)").unwrap());
    c.bench_function("kl N(0,1)||N(1,2) incl. compile", |b| {
        b.iter(|| divergence_report(black_box(&g), black_box(&p), black_box(&q), options()).unwrap())
    });
}

fn sweep(c: &mut Criterion) {
    let g = Generator::parse(KL).unwrap();
    let pairs: Vec<(Distribution, Distribution)> = (0..1000)
        .map(|k| {
            let m = -2.0 + 4.0 * (k as f64) / 1000.0;
            let s = 0.5 + 2.0 * ((k * 7919) % 1000) as f64 / 1000.0;
            (Normal::new(0.0, 1.0).unwrap().into(), Normal::new(m, s).unwrap().into())
        })
        .collect();
    let prepared = Prepared::new(&g, options()).unwrap();
    let evals: u64 = pairs.iter().map(|(p, q)| prepared.report(p, q).unwrap().estimate.evals).sum();
    eprintln!("sweep: 1000 KL pairs, {evals} evaluations in all");
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        c.bench_function(&format!("sweep 1000 KL pairs, {threads} thread(s)"), |b| {
            b.iter(|| pool.install(|| fdiv::divergence::divergence_batch(&g, black_box(&pairs), options())).unwrap())
        });
    }
}

fn options() -> Options {
    Options { quad: QuadOptions { rel_tol: 1e-10, ..QuadOptions::default() }, limits: None }
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
}

criterion_group! { name = benches; config = config(); targets = cases, sweep }
criterion_main!(benches);
