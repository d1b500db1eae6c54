//! Closed forms derived from the log-densities, each snapshotted and checked against quadrature
//! (continuous families) or finite sums (discrete ones) at pseudo-random parameter points.

use fdiv::closed_form::family::{Parametric, instantiate};
use fdiv::closed_form::{ClosedForm, kl};
use fdiv::divergence::Generator;
use fdiv::divergence::numeric::divergence;
use fdiv::expr::{Expr, Rational};
use fdiv::numeric::Compiled;

/// Parameter points: a fixed linear congruential sequence mapped to dyadic rationals in [lo, hi]
/// (exactly representable, so the symbolic and numeric parameters are the same numbers).
struct Points(u64);

impl Points {
    fn next(&mut self, lo: f64, hi: f64) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let unit = ((self.0 >> 40) as f64) / (1u64 << 24) as f64;
        let x = lo + (hi - lo) * unit;
        (x * 64.0).round() / 64.0
    }
}

fn snapshot(name: &str, text: String) {
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!(name, text);
    });
}

/// Evaluates a closed form with symbols bound to numbers.
fn eval(result: &Expr, bindings: &[(&str, f64)]) -> f64 {
    let exprs: Vec<(&str, Expr)> =
        bindings.iter().map(|(n, v)| (*n, Expr::num(Rational::from_f64(*v).expect("finite")))).collect();
    let refs: Vec<(&str, &Expr)> = exprs.iter().map(|(n, e)| (*n, e)).collect();
    let e = instantiate(result, &refs);
    Compiled::new(&e, &[]).expect("closed form compiles").eval(&[])
}

fn derived(p: &str, q: &str) -> Expr {
    let (p, q) = (Parametric::parse(p).unwrap(), Parametric::parse(q).unwrap());
    match kl(&p, &q) {
        ClosedForm::Derived { derivation, conditions } => {
            assert!(conditions.is_empty());
            assert!(derivation.complete, "{}", derivation.to_text());
            derivation.result
        }
        other => panic!("KL({p}‖{q}) not derived: {other:?}"),
    }
}

/// Snapshot of the derivation of KL(p‖q), then a check against quadrature at `n` points drawn
/// by `draw` (which returns the bindings and the two numeric distributions' texts).
fn check_continuous(name: &str, p: &str, q: &str, draw: &dyn Fn(&mut Points) -> Vec<(&'static str, f64)>) {
    let (pp, qq) = (Parametric::parse(p).unwrap(), Parametric::parse(q).unwrap());
    let ClosedForm::Derived { derivation, .. } = kl(&pp, &qq) else { panic!("not derived") };
    snapshot(name, derivation.to_text());
    let result = derived(p, q);
    let generator = Generator::parse("u*log(u)").unwrap();
    let mut points = Points(name.len() as u64 * 7919);
    for _ in 0..6 {
        let bindings = draw(&mut points);
        let closed = eval(&result, &bindings);
        let numeric_p = bind(&pp, &bindings);
        let numeric_q = bind(&qq, &bindings);
        let reference = divergence(&generator, &numeric_p, &numeric_q).expect("quadrature").value;
        let rel = (closed - reference).abs() / reference.abs().max(1e-300);
        assert!(rel < 1e-9, "{name} at {bindings:?}: closed form {closed}, quadrature {reference}, rel {rel:e}");
    }
}

fn bind(p: &Parametric, bindings: &[(&str, f64)]) -> fdiv::dist::Distribution {
    let params: Vec<Expr> = p
        .params
        .iter()
        .map(|e| {
            let exprs: Vec<(&str, Expr)> =
                bindings.iter().map(|(n, v)| (*n, Expr::num(Rational::from_f64(*v).unwrap()))).collect();
            let refs: Vec<(&str, &Expr)> = exprs.iter().map(|(n, e)| (*n, e)).collect();
            instantiate(e, &refs)
        })
        .collect();
    Parametric::new(p.family, params).unwrap().to_distribution().expect("numeric parameters")
}

#[test]
fn kl_normal_normal() {
    check_continuous("closed-kl-normal", "N(m1, s1)", "N(m2, s2)", &|r| {
        vec![("m1", r.next(-3.0, 3.0)), ("s1", r.next(0.25, 3.0)), ("m2", r.next(-3.0, 3.0)), ("s2", r.next(0.25, 3.0))]
    });
}

#[test]
fn kl_exponential() {
    check_continuous("closed-kl-exponential", "Exp(l1)", "Exp(l2)", &|r| {
        vec![("l1", r.next(0.1, 5.0)), ("l2", r.next(0.1, 5.0))]
    });
}

#[test]
fn kl_laplace_general_locations_and_scales() {
    check_continuous("closed-kl-laplace", "Laplace(m1, b1)", "Laplace(m2, b2)", &|r| {
        vec![("m1", r.next(-3.0, 3.0)), ("b1", r.next(0.25, 3.0)), ("m2", r.next(-3.0, 3.0)), ("b2", r.next(0.25, 3.0))]
    });
}

#[test]
fn kl_gamma() {
    check_continuous("closed-kl-gamma", "Gamma(k1, r1)", "Gamma(k2, r2)", &|r| {
        vec![("k1", r.next(0.5, 6.0)), ("r1", r.next(0.25, 4.0)), ("k2", r.next(0.5, 6.0)), ("r2", r.next(0.25, 4.0))]
    });
}

#[test]
fn kl_lognormal() {
    check_continuous("closed-kl-lognormal", "LogN(m1, s1)", "LogN(m2, s2)", &|r| {
        vec![("m1", r.next(-1.0, 1.0)), ("s1", r.next(0.25, 1.5)), ("m2", r.next(-1.0, 1.0)), ("s2", r.next(0.25, 1.5))]
    });
}

#[test]
fn kl_numeric_parameters_and_cross_family() {
    // numeric parameters fold to a number-valued expression
    let r = derived("N(0, 1)", "N(1, 2)");
    let v = Compiled::new(&r, &[]).unwrap().eval(&[]);
    let reference = divergence(
        &Generator::parse("u*log(u)").unwrap(),
        &fdiv::dist::parse_distribution("N(0, 1)").unwrap(),
        &fdiv::dist::parse_distribution("N(1, 2)").unwrap(),
    )
    .unwrap()
    .value;
    assert!((v - reference).abs() < 1e-9 * reference);
    // across families: Exponential against Gamma
    let r = derived("Exp(2)", "Gamma(3, 1)");
    let v = Compiled::new(&r, &[]).unwrap().eval(&[]);
    let reference = divergence(
        &Generator::parse("u*log(u)").unwrap(),
        &fdiv::dist::parse_distribution("Exp(2)").unwrap(),
        &fdiv::dist::parse_distribution("Gamma(3, 1)").unwrap(),
    )
    .unwrap()
    .value;
    assert!((v - reference).abs() < 1e-9 * reference, "{v} vs {reference}");
}

#[test]
fn support_mismatch_is_infinite_and_no_rule_is_not_derivable() {
    let n = Parametric::parse("N(m1, s1)").unwrap();
    let e = Parametric::parse("Exp(l)").unwrap();
    assert!(matches!(kl(&n, &e), ClosedForm::Infinite { .. }));
    // E_N[|x - m2|] needs the normal cdf, which the language does not have
    let l = Parametric::parse("Laplace(m2, b2)").unwrap();
    let ClosedForm::NotDerivable { reason } = kl(&n, &l) else { panic!("derived") };
    assert_eq!(reason, "no moment rule of N(m1, s1) for E[abs(x - m2)]");
}

// ----- discrete families: against finite sums --------------------------------------------------

fn ln_poisson(k: u32, l: f64) -> f64 {
    k as f64 * l.ln() - l - libm::lgamma(k as f64 + 1.0)
}

fn ln_geometric(k: u32, p: f64) -> f64 {
    k as f64 * (1.0 - p).ln() + p.ln()
}

/// Σ p_k (ln p_k − ln q_k) over k = 0..n, in order of decreasing terms' indices (small first).
fn finite_sum(n: u32, lp: &dyn Fn(u32) -> f64, lq: &dyn Fn(u32) -> f64) -> f64 {
    (0..=n).rev().map(|k| lp(k).exp() * (lp(k) - lq(k))).sum()
}

#[test]
fn kl_poisson_geometric_bernoulli_against_finite_sums() {
    for (name, p, q) in [
        ("closed-kl-poisson", "Poisson(l1)", "Poisson(l2)"),
        ("closed-kl-geometric", "Geom(p1)", "Geom(p2)"),
        ("closed-kl-bernoulli", "Bernoulli(p1)", "Bernoulli(p2)"),
    ] {
        let (pp, qq) = (Parametric::parse(p).unwrap(), Parametric::parse(q).unwrap());
        let ClosedForm::Derived { derivation, .. } = kl(&pp, &qq) else { panic!("{name} not derived") };
        snapshot(name, derivation.to_text());
        let mut points = Points(name.len() as u64);
        for _ in 0..6 {
            let (closed, reference) = match name {
                "closed-kl-poisson" => {
                    let (a, b) = (points.next(0.25, 8.0), points.next(0.25, 8.0));
                    let sum = finite_sum(400, &|k| ln_poisson(k, a), &|k| ln_poisson(k, b));
                    (eval(&derivation.result, &[("l1", a), ("l2", b)]), sum)
                }
                "closed-kl-geometric" => {
                    let (a, b) = (points.next(0.2, 0.9), points.next(0.2, 0.9));
                    let sum = finite_sum(2000, &|k| ln_geometric(k, a), &|k| ln_geometric(k, b));
                    (eval(&derivation.result, &[("p1", a), ("p2", b)]), sum)
                }
                _ => {
                    let (a, b) = (points.next(0.05, 0.95), points.next(0.05, 0.95));
                    let ln = |k: u32, p: f64| if k == 1 { p.ln() } else { (1.0 - p).ln() };
                    let sum = finite_sum(1, &|k| ln(k, a), &|k| ln(k, b));
                    (eval(&derivation.result, &[("p1", a), ("p2", b)]), sum)
                }
            };
            let rel = (closed - reference).abs() / reference.abs().max(1e-300);
            assert!(rel < 1e-9, "{name}: {closed} vs {reference}");
        }
    }
}
