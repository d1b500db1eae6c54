//! Integrand derivations of the catalogue: each reaches its stated form or an equal form of no
//! greater size, agrees numerically with q·f(p/q), and has a snapshot of its derivation.

use fdiv::divergence::{Generator, catalogue, integrand};
use fdiv::expr::Expr;
use fdiv::expr::exact::fold_constants;
use fdiv::numeric::Compiled;
use fdiv::simplify::{Assumptions, Derivation};

/// Points (p, q) in the domain, including lopsided ones.
const POINTS: [(f64, f64); 8] =
    [(0.3, 0.7), (1.0, 1.0), (2.5, 0.1), (0.01, 3.0), (7.0, 7.5), (0.2, 0.2001), (1e-3, 1e-3 * 4.0), (5.0, 2.0)];

/// The derivation's result equals the raw integrand at every point.
fn assert_same_values(a: &Expr, b: &Expr) {
    let fa = Compiled::new(a, &["p", "q"]).unwrap();
    let fb = Compiled::new(b, &["p", "q"]).unwrap();
    for (p, q) in POINTS {
        let (x, y) = (fa.eval(&[p, q]), fb.eval(&[p, q]));
        assert!((x - y).abs() <= 1e-12 * (1.0 + x.abs()), "{a} = {x} but {b} = {y} at p = {p}, q = {q}");
    }
}

fn snapshot(name: &str, d: &Derivation) {
    let text = format!("{}\n\nLaTeX:\n{}\n", d.to_text(), d.to_latex());
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!(format!("derive-{name}"), text);
    });
}

/// Derives the catalogue entry `name` and checks it against its stated integrand.
fn check(name: &str) {
    let entry = catalogue::lookup(name).unwrap();
    let generator = entry.generator();
    let d = integrand::derive(&generator, &Assumptions::default());
    assert!(d.complete, "{name}: {:?}", d.stages);
    let stated = fold_constants(&entry.stated_integrand());
    assert!(
        d.result.tree_size() <= stated.tree_size(),
        "{name}: derived {} (size {}) is larger than the stated {} (size {})",
        d.result,
        d.result.tree_size(),
        stated,
        stated.tree_size()
    );
    assert!(!d.result.contains_symbol("u"));
    assert_same_values(&d.result, &generator.integrand_expr());
    assert_same_values(&d.result, &stated);
    // the printed result re-parses to the same value
    assert_same_values(&Expr::parse(&d.result.to_string()).unwrap(), &d.result);
    snapshot(name, &d);
}

#[test]
fn forward_kl_cancels_to_p_log_p_over_q() {
    check("kl");
    let d = Generator::parse("u*log(u)").unwrap().integrand();
    assert_eq!(d.result.to_string(), "p*log(p/q)");
    assert!(d.steps.len() <= 4, "{}", d.to_text());
}

#[test]
fn reverse_kl() {
    check("reverse-kl");
}

#[test]
fn pearson() {
    check("pearson");
}

#[test]
fn neyman() {
    check("neyman");
}

#[test]
fn squared_hellinger() {
    check("hellinger");
}

#[test]
fn total_variation() {
    check("tv");
}

#[test]
fn jeffreys() {
    check("jeffreys");
}

#[test]
fn triangular() {
    check("triangular");
}
