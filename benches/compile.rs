//! Compiled f64 evaluation against a hand-written Rust closure computing the same formula, over
//! 10⁶ points, in the same run (target: within 2×): `u*log(u)` and the Jensen–Shannon generator,
//! each through `Compiled::eval` in a loop and through `Compiled::eval_batch`.
//!
//! Run with `cargo bench --bench compile`.

#![allow(missing_docs, reason = "criterion_group! generates an undocumented function")]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use fdiv::expr::Expr;
use fdiv::numeric::Compiled;
use std::hint::black_box;

const POINTS: usize = 1_000_000;

fn points() -> Vec<f64> {
    // u from 1e-3 to 10: the range a divergence integrand sees most
    (0..POINTS).map(|i| 1e-3 + 10.0 * i as f64 / POINTS as f64).collect()
}

fn compare(c: &mut Criterion, name: &str, text: &str, closure: fn(f64) -> f64) {
    let f = Compiled::new(&Expr::parse(text).expect("a valid text"), &["u"]).expect("u is the only symbol");
    let us = points();
    let mut out = vec![0.0; POINTS];
    // the program computes what the closure computes
    for &u in us.iter().step_by(997) {
        let (a, b) = (f.eval(&[u]), closure(u));
        assert!((a - b).abs() <= 1e-15 * b.abs().max(1.0), "{name} at {u}: {a} vs {b}");
    }
    let mut group = c.benchmark_group(name);
    group.throughput(Throughput::Elements(POINTS as u64));
    group.sample_size(20);
    group.bench_function("closure", |b| {
        b.iter(|| {
            for (o, &u) in out.iter_mut().zip(&us) {
                *o = closure(black_box(u));
            }
            black_box(&out);
        })
    });
    group.bench_function("Compiled::eval", |b| {
        b.iter(|| {
            for (o, &u) in out.iter_mut().zip(&us) {
                *o = f.eval(&[black_box(u)]);
            }
            black_box(&out);
        })
    });
    group.bench_function("Compiled::eval_batch", |b| {
        b.iter(|| {
            f.eval_batch(&[black_box(&us)], &mut out);
            black_box(&out);
        })
    });
    group.finish();
}

fn kl(c: &mut Criterion) {
    compare(c, "u*log(u)", "u*log(u)", |u| u * u.ln());
}

fn js(c: &mut Criterion) {
    compare(c, "JS", "1/2*(u*log(u) - (u+1)*log((u+1)/2))", |u| {
        0.5 * (u * u.ln() - (u + 1.0) * ((u + 1.0) / 2.0).ln())
    });
}

criterion_group!(benches, kl, js);
criterion_main!(benches);
