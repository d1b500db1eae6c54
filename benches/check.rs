//! Full generator check (parse + f(1) = 0 + convexity + lsc + f(0+) + f'(∞)) per catalogue entry.
//!
//! `cargo bench --bench check`. Targets of issue 4: KL ≤ 0.2 ms, every generator ≤ 2 ms.

#![allow(missing_docs, reason = "criterion's macros generate undocumented functions")]

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use fdiv::divergence::{Generator, catalogue};
use fdiv::verify::check;

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
    targets = bench
}
criterion_main!(benches);
