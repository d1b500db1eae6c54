//! Derivatives against finite differences; the limits f(0+) and f'(∞) of the classic generators.

use egg::Id;
use fdiv::calculus::{Limit, derivative, limit_at_zero, second_derivative, slope_at_infinity};
use fdiv::expr::{Expr, Math};
use fdiv::numeric::Compiled;
use fdiv::numeric::interval::{Interval, enclose};
use proptest::prelude::*;

fn e(text: &str) -> Expr {
    Expr::parse(text).unwrap()
}

/// One row: generator, f(0+), f'(∞) as printed.
fn check_limits(f: &str, f0: &str, slope: &str) {
    let g = e(f);
    let (a, b) = (limit_at_zero(&g, "u"), slope_at_infinity(&g, "u"));
    assert!(a.is_symbolic() && b.is_symbolic(), "{f}: {a} / {b} not symbolic");
    assert_eq!((a.to_string().as_str(), b.to_string().as_str()), (f0, slope), "{f}");
}

#[test]
fn limits_of_the_classic_generators() {
    check_limits("u*log(u)", "0", "inf");
    check_limits("-log(u)", "inf", "0");
    check_limits("(u - 1)^2", "1", "inf");
    check_limits("(1 - u)^2/u", "inf", "1");
    check_limits("(sqrt(u) - 1)^2", "1", "1");
    check_limits("abs(u - 1)/2", "1/2", "1/2");
    check_limits("(u*log(u) - (u + 1)*log((u + 1)/2))/2", "1/2*log(2)", "1/2*log(2)");
    check_limits("(u - 1)*log(u)", "inf", "inf");
    check_limits("(u - 1)^2/(u + 1)", "1", "1");
    // α-divergence (u^α − 1 − α(u − 1))/(α(α − 1)): f(0+) = 1/α for α > 0, else ∞;
    // f'(∞) = 1/(1 − α) for α < 1, else ∞
    check_limits("(u^2 - 1 - 2*(u - 1))/(2*(2 - 1))", "1/2", "inf");
    check_limits("(u^3 - 1 - 3*(u - 1))/(3*(3 - 1))", "1/3", "inf");
    check_limits("(u^(1/2) - 1 - 1/2*(u - 1))/(1/2*(1/2 - 1))", "2", "2");
    check_limits("(u^-1 - 1 + (u - 1))/(-1*(-1 - 1))", "inf", "1/2");
}

#[test]
fn undecided_limits_are_labelled_estimates() {
    // lgamma of a varying argument has no expansion rule: a numeric estimate, not a proof
    let l = limit_at_zero(&e("lgamma(u + 1)"), "u");
    assert!(matches!(l, Limit::Estimate(x) if x.abs() < 1e-6), "{l}");
    assert!(!l.is_symbolic());
}

#[test]
fn second_derivatives_of_generators() {
    assert_eq!(second_derivative(&e("u*log(u)"), "u").unwrap().to_string(), "1/u");
    assert_eq!(second_derivative(&e("(u - 1)^2"), "u").unwrap().to_string(), "2");
}

/// Random expressions in u built from a small grammar, as text.
fn expr_text() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![Just("u".to_string()), (1i32..5).prop_map(|k| k.to_string()), Just("(1/2)".to_string()),];
    leaf.prop_recursive(4, 24, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} + {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} - {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} * {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} / {b})")),
            inner.clone().prop_map(|a| format!("log({a})")),
            inner.clone().prop_map(|a| format!("exp({a}/8)")),
            inner.clone().prop_map(|a| format!("sqrt({a})")),
            inner.clone().prop_map(|a| format!("abs({a} - 2)")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("max({a}, {b})")),
            inner.clone().prop_map(|a| format!("({a})^3")),
            inner.clone().prop_map(|a| format!("({a})^(1/3)")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})^({b}/4)")),
            inner.clone().prop_map(|a| format!("lgamma({a})")),
            inner.prop_map(|a| format!("lambertw({a})")),
        ]
    })
}

/// Whether f64 evaluation of `f` at `x` is a faithful instance of the chain rule the derivative
/// is built from: every subterm is finite (no overflow: `u/exp(u^3/8)` at u = 19 is 0 as a
/// double, its derivative ∞/∞), and no outer function is taken at a point where it is not
/// differentiable — `sqrt` at 0, a power with a non-integer or varying exponent at base 0 (as
/// after underflow: `sqrt((1/2)^(u^3/4))` at u = 15, or `(log(1))^(u/4)`, identically 0 while
/// its chain-rule derivative 0·log 0 is NaN).
fn chain_rule_applies(f: &Expr, x: f64) -> bool {
    let value = |id: Id| Compiled::new(&f.subexpr(id), &["u"]).map_or(f64::NAN, |c| c.eval(&[x]));
    f.nodes().iter().enumerate().all(|(i, node)| {
        value(Id::from(i)).is_finite()
            && match node {
                Math::Sqrt(a) => value(*a) != 0.0,
                Math::Pow([a, b]) => {
                    value(*a) != 0.0 || matches!(f.node(*b), Math::Num(k) if k.is_integer() && !k.is_negative())
                }
                _ => true,
            }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// f'(u) against the central difference c = (f(u+h) − f(u−h))/2h with h = 1e-5·u, to a
    /// tolerance tol = 1e-5·max(|f|, |c|, 1).
    ///
    /// The error of c is measured, not guessed: with the wide difference w over 2h, Richardson's
    /// c − f' = (w − c)/3 + O(h⁴) (truncation ~h²·f'''), and rounding (~ε·|f|/h) shows in
    /// |w − c| too. A point is skipped exactly when that measure says c cannot resolve f' to
    /// the tolerance the assertion uses, |w − c| > tol (near a pole of lgamma, a kink, a branch
    /// point), so every point kept has |c − f'| ≲ tol/3. Points where the chain rule does not
    /// apply to the double evaluation ([`chain_rule_applies`]) are skipped as well.
    #[test]
    fn derivative_matches_central_differences(text in expr_text(), x in 0.05f64..20.0) {
        let f = e(&text);
        let d = derivative(&f, "u").unwrap();
        let cf = Compiled::new(&f, &["u"]).unwrap();
        let cd = Compiled::new(&d, &["u"]).unwrap();
        let h = 1e-5 * x;
        let (fm, f0, fp) = (cf.eval(&[x - h]), cf.eval(&[x]), cf.eval(&[x + h]));
        let (fm2, fp2) = (cf.eval(&[x - 2.0 * h]), cf.eval(&[x + 2.0 * h]));
        let finite = [fm, f0, fp, fm2, fp2].iter().all(|v| v.is_finite() && v.abs() < 1e8);
        prop_assume!(finite);
        // defined around x in the mathematical sense (IEEE gives NaN^0 = 1 for log(-1)^0)
        let near = Interval::closed(x - 2.0 * h, x + 2.0 * h);
        prop_assume!(enclose(&f, &|_| Some(near)).total);
        prop_assume!(chain_rule_applies(&f, x));
        let central = (fp - fm) / (2.0 * h);
        let wide = (fp2 - fm2) / (4.0 * h);
        let tolerance = 1e-5 * f0.abs().max(central.abs()).max(1.0);
        // the central difference resolves f' to the tolerance (a kink or singularity nearby
        // shows as disagreement between the two step sizes)
        prop_assume!((central - wide).abs() <= tolerance);
        let exact = cd.eval(&[x]);
        // the kink rule is claimed away from kinks: max(u, u) is "at its kink" everywhere
        let kinky = text.contains("max") || text.contains("abs");
        prop_assume!(exact.is_finite() || !kinky);
        prop_assert!(exact.is_finite(), "{text}: f'({x}) = {exact}, difference {central}");
        prop_assert!((exact - central).abs() <= tolerance,
            "{text}: f'({x}) = {exact} vs central difference {central} (derivative {d})");
    }
}
