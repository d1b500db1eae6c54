//! Parse throughput on typical generator and integrand texts (target: ≥ 1 M characters/s).
//!
//! Run with `cargo bench --bench parse`.

#![allow(missing_docs, reason = "criterion_group! generates an undocumented function")]

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use fdiv::expr::Expr;
use std::hint::black_box;

/// The catalogue generators and typical integrands, as a user would type them.
const TEXTS: [&str; 14] = [
    "u*log(u)",
    "-log(u)",
    "(u-1)^2",
    "(1-u)^2/u",
    "(sqrt(u)-1)^2",
    "1/2*abs(u-1)",
    "1/2*(u*log(u) - (u+1)*log((u+1)/2))",
    "(u-1)*log(u)",
    "(u-1)^2/(u+1)",
    "(u^alpha - 1 - alpha*(u-1))/(alpha*(alpha-1))",
    "p*log(p/q)",
    "(sqrt(p)-sqrt(q))^2",
    "log(s2/s1) + (s1^2 + (m1 - m2)^2)/(2*s2^2) - 0.5",
    "exp(-(x - m)^2/(2*s^2))/sqrt(2*pi*s^2)",
];

fn parse(c: &mut Criterion) {
    let chars: usize = TEXTS.iter().map(|t| t.chars().count()).sum();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Elements(chars as u64));
    group.bench_function("catalogue texts (elements = characters)", |b| {
        b.iter(|| {
            for text in TEXTS {
                black_box(Expr::parse(black_box(text)).expect("a valid text"));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
