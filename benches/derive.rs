//! Integrand derivations of the catalogue: saturation + extraction + explanation (+ the exact
//! normal form where it is used), one benchmark per row and one for the whole table.
//!
//! Run: `cargo bench --bench derive`. Before timing, prints the peak e-graph size (nodes,
//! classes) of each derivation.

use criterion::{Criterion, black_box, criterion_main};
use fdiv::generator::{catalogue, integrand};
use fdiv::simplify::Assumptions;

fn derive(c: &mut Criterion) {
    let assumptions = Assumptions::default();
    for entry in catalogue::entries() {
        let d = integrand::derive(&entry.generator(), &assumptions);
        let nodes = d.stages.iter().map(|s| s.peak_nodes).max().unwrap_or(0);
        let classes = d.stages.iter().map(|s| s.peak_classes).max().unwrap_or(0);
        println!("{:<12} peak {nodes:>6} nodes {classes:>6} classes  -> {}", entry.name, d.result);
    }
    let mut group = c.benchmark_group("derive");
    group.sample_size(10);
    for entry in catalogue::entries() {
        let g = entry.generator();
        group.bench_function(entry.name, |b| b.iter(|| integrand::derive(black_box(&g), &assumptions)));
    }
    let all: Vec<_> = catalogue::entries().iter().map(|e| e.generator()).collect();
    group.bench_function("whole-table", |b| {
        b.iter(|| all.iter().map(|g| integrand::derive(black_box(g), &assumptions).result.tree_size()).sum::<usize>())
    });
    group.finish();
}

mod group {
    #![allow(missing_docs, reason = "criterion's macro defines an undocumented function")]
    criterion::criterion_group!(benches, super::derive);
}
use group::benches;
criterion_main!(benches);
