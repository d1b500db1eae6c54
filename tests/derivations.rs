//! Integrand derivations of the catalogue: each reaches its stated form or an equal form of no
//! greater size, agrees numerically with q·f(p/q), and has a snapshot of its derivation.

use fdiv::expr::Expr;
use fdiv::expr::exact::fold_constants;
use fdiv::generator::{Generator, catalogue, integrand};
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

#[test]
fn jensen_shannon() {
    check("js");
}

#[test]
fn alpha_divergences() {
    for name in ["alpha-neg1", "alpha-half", "alpha-2", "alpha-3"] {
        check(name);
    }
}

#[test]
fn js_is_the_mean_of_two_kls_to_the_mixture() {
    // ½[p·log(p/m) + q·log(q/m)], m = (p+q)/2: JS = ½KL(P‖M) + ½KL(Q‖M)
    let m = Expr::parse("(p + q)/2").unwrap();
    let mixture = Expr::parse("1/2*(p*log(p/m) + q*log(q/m))").unwrap().substitute("m", &m);
    let js = catalogue::lookup("js").unwrap().generator();
    let integrand = js.integrand();
    let d = fdiv::simplify::equality(&integrand.result, &mixture, &Assumptions::default()).unwrap();
    assert_eq!(d.result, mixture);
    assert_same_values(&integrand.result, &mixture);
    snapshot("js-mixture", &d);
    // a different weight is not the same integrand
    let wrong = Expr::parse("1/3*(p*log(p/m) + q*log(q/m))").unwrap().substitute("m", &m);
    assert!(fdiv::simplify::equality(&integrand.result, &wrong, &Assumptions::default()).is_none());
}

#[test]
fn a_user_generator_takes_the_same_path() {
    let f = Generator::parse("u*log(u) + (u - 1)^2").unwrap();
    let d = f.integrand();
    assert!(d.complete);
    assert_same_values(&d.result, &f.integrand_expr());
    assert!(d.result.tree_size() < f.integrand_expr().tree_size());
    snapshot("user-kl-plus-pearson", &d);
}

#[test]
fn a_limit_hit_is_reported_as_partial() {
    use fdiv::simplify::{Limits, StopReason, simplify};
    // not total on u > 0 (a pole at u = 2): no exact normal form, rewriting alone
    let f = Generator::parse("(u - 1)^2/(u - 2) + u*log(u)").unwrap();
    let limits = Limits { iterations: 2, ..Limits::default() };
    let d = integrand::derive_with(&f, &Assumptions::default(), &limits);
    assert!(!d.complete);
    assert!(d.stages.iter().any(|s| s.stop == StopReason::IterationLimit(2)), "{:?}", d.stages);
    assert!(d.to_text().contains("partly simplified"));
    let tiny = Limits { nodes: 50, ..Limits::default() };
    let d = simplify(&f.integrand_expr(), &Assumptions::default(), &tiny);
    assert!(!d.complete);
    assert!(d.stages.iter().any(|s| matches!(s.stop, StopReason::NodeLimit(_))), "{:?}", d.stages);
    // with the normal form as the fallback, a limit does not leave the result partial
    let g = Generator::parse("(u - 1)^2/(u + 1)").unwrap();
    let d = integrand::derive_with(&g, &Assumptions::default(), &limits);
    assert!(d.complete);
    assert_same_values(&d.result, &g.integrand_expr());
}

#[test]
fn pathological_inputs_stop_within_the_limits() {
    use fdiv::simplify::{Limits, simplify};
    let mut nested = String::from("u");
    for _ in 0..60 {
        nested = format!("exp(log({nested}))");
    }
    let sum = (1..=80).map(|k| format!("{k}*u^{k}")).collect::<Vec<_>>().join(" + ");
    for text in [nested, sum] {
        let e = Expr::parse(&text).unwrap().substitute("u", &Expr::parse("p/q").unwrap());
        let d = simplify(&e, &Assumptions::default(), &Limits::default());
        assert_same_values(&d.result, &e);
        assert!(d.stages.iter().all(|s| s.peak_nodes <= Limits::default().nodes + 5_000), "{:?}", d.stages);
    }
}

/// Generators built at random from a small grammar: every derived integrand must equal
/// q·f(p/q) numerically (a derivation is never wrong, whatever it reaches).
#[test]
fn random_generators_derive_to_equal_integrands() {
    const ATOMS: [&str; 10] =
        ["u", "log(u)", "sqrt(u)", "(u - 1)", "(u + 1)", "u^2", "1/u", "abs(u - 2)", "exp(-u)", "log(u + 1)"];
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    for _ in 0..40 {
        let mut text = ATOMS[next(ATOMS.len())].to_string();
        for _ in 0..1 + next(3) {
            let op = ["+", "-", "*", "/"][next(4)];
            let atom = ATOMS[next(ATOMS.len())];
            text = format!("({text}) {op} {atom}");
        }
        let f = Generator::parse(&text).unwrap();
        let d = f.integrand();
        let raw = f.integrand_expr();
        let fa = Compiled::new(&d.result, &["p", "q"]).unwrap();
        let fb = Compiled::new(&raw, &["p", "q"]).unwrap();
        for (p, q) in POINTS {
            let (x, y) = (fa.eval(&[p, q]), fb.eval(&[p, q]));
            if y.is_finite() {
                assert!(
                    (x - y).abs() <= 1e-9 * (1.0 + y.abs()),
                    "{text}: {} = {x} but q*f(p/q) = {y} at ({p}, {q})",
                    d.result
                );
            } else {
                assert!(!x.is_finite(), "{text}: {} = {x} where q*f(p/q) is undefined at ({p}, {q})", d.result);
            }
        }
    }
}

#[test]
fn a_shifted_generator_is_recognised_with_evidence() {
    use fdiv::transforms::equivalence::{Equivalence, recognise};
    let user = Generator::parse("u*log(u) - 3*u + 3").unwrap();
    let (entry, answer) = recognise(&user, &Assumptions::default()).unwrap();
    assert_eq!(entry.name, "kl");
    let Equivalence::Same { c, evidence } = answer else { panic!("{answer:?}") };
    assert_eq!(c.to_string(), "3");
    snapshot("same-kl-shifted", &evidence);
}

#[test]
fn a_parameter_with_a_declared_range_is_read_by_the_rules() {
    use fdiv::simplify::Interval;
    let f = Generator::parse("(u^alpha - 1 - alpha*(u - 1))/(alpha*(alpha - 1))").unwrap();
    let assumptions = Assumptions::default().with("alpha", Interval::open(0.0, 1.0));
    let d = integrand::derive(&f, &assumptions);
    assert!(!d.result.contains_symbol("u"));
    let alpha = Expr::parse("3/10").unwrap();
    let (a, b) = (d.result.substitute("alpha", &alpha), f.integrand_expr().substitute("alpha", &alpha));
    assert_same_values(&a, &b);
    let cost = fdiv::simplify::cost::of;
    assert!(cost(&d.result) < cost(&f.integrand_expr()), "{}", d.to_text());
    // alpha ≠ 0 and alpha ≠ 1 are read from the declared range: alpha*(1 - alpha) is a denominator
    assert!(d.complete);
}
