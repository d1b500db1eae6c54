//! Full generator check (parse + f(1) = 0 + convexity + lsc + f(0+) + f'(∞)) per catalogue entry.
//!
//! `cargo bench --bench check`. Targets of issue 4: KL ≤ 0.2 ms, every generator ≤ 2 ms.

#![allow(missing_docs, reason = "criterion's macros generate undocumented functions")]

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use fdiv::expr::Expr;
use fdiv::generator::{Generator, catalogue};
use fdiv::simplify::{Assumptions, Interval};
use fdiv::verify::{check, check_with, convex_by_composition, nonnegative_by_enclosure};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("check");
    for entry in catalogue::entries() {
        group.bench_function(entry.name, |b| {
            b.iter(|| {
                let g = Generator::parse(black_box(entry.f)).expect("catalogue formula parses");
                check(&g)
            })
        });
    }
    group.finish();
}

/// The e-graph strategies on the examples, and a check with a symbolic parameter.
fn strategies(c: &mut Criterion) {
    let mut group = c.benchmark_group("strategy");
    let none = Assumptions::default();
    let hellinger = Expr::parse("(sqrt(u) - 1)^2").expect("parses");
    group.bench_function("composition (sqrt(u)-1)^2", |b| {
        b.iter(|| convex_by_composition(black_box(&hellinger), &none))
    });
    let rewritten = Expr::parse("log(exp(u^2)) - 1").expect("parses");
    group.bench_function("composition in e-graph log(exp(u^2))-1", |b| {
        b.iter(|| convex_by_composition(black_box(&rewritten), &none))
    });
    let second = Expr::parse("1/2*(1/u - 1/(u + 1))").expect("parses");
    group.bench_function("enclosure 1/2*(1/u-1/(u+1))", |b| {
        b.iter(|| nonnegative_by_enclosure(black_box(&second), &none))
    });
    let alpha = Generator::parse("(u^a - 1 - a*(u - 1))/(a*(a - 1))").expect("parses");
    let range = Assumptions::default().with("a", Interval::open(0.0, 1.0));
    group.bench_function("check alpha symbolic in (0,1)", |b| b.iter(|| check_with(black_box(&alpha), &range)));
    group.finish();
}

fn config() -> Criterion {
    use std::time::Duration;
    Criterion::default()
        .sample_size(30)
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(500))
}

criterion_group! {
    name = benches;
    config = config();
    targets = bench, strategies
}
criterion_main!(benches);
