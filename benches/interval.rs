//! Interval evaluation of the Jensen–Shannon generator over one box (target: ≤ 1 µs per box).
//!
//! Run with `cargo bench --bench interval`.

#![allow(missing_docs, reason = "criterion's macros generate undocumented functions")]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use fdiv::expr::Expr;
use fdiv::numeric::interval::{Interval, enclose};

fn js_over_a_box(c: &mut Criterion) {
    let js = Expr::parse("1/2*(u*log(u) - (u + 1)*log((u + 1)/2))").expect("the JS generator parses");
    let mut group = c.benchmark_group("interval");
    group.bench_function("js over (0, inf)", |b| {
        b.iter(|| enclose(black_box(&js), &|_| Some(black_box(Interval::positive()))))
    });
    let narrow = Interval::closed(0.5, 2.0);
    group.bench_function("js over [0.5, 2]", |b| b.iter(|| enclose(black_box(&js), &|_| Some(black_box(narrow)))));
    group.finish();
}

criterion_group!(benches, js_over_a_box);
criterion_main!(benches);
