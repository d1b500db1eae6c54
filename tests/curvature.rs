//! Convexity strategies (a), curvature facts by composition, and (c), interval enclosures over
//! the e-graph: every shape the calculus claims is checked numerically on random expressions,
//! and the issue's examples are proved the way it describes.

use fdiv::expr::Expr;
use fdiv::numeric::Compiled;
use fdiv::numeric::interval::{Interval, enclose};
use fdiv::simplify::curvature::{Shape, tree_shapes};
use fdiv::simplify::{Assumptions, Limits, saturate};
use fdiv::verify::{Certificate, check_with, convex_by_composition, nonnegative_by_enclosure};
use proptest::prelude::*;

fn e(text: &str) -> Expr {
    Expr::parse(text).unwrap()
}

/// Points of a log grid on (0, ∞), from 10⁻³ to 10³.
fn grid() -> Vec<f64> {
    (-60..=60).map(|k| 10f64.powf(f64::from(k) / 20.0)).collect()
}

/// The first numeric contradiction of `shape` for `g` on the grid (finite values only).
fn contradiction(g: &Expr, shape: Shape) -> Option<String> {
    let c = Compiled::new(g, &["u"]).ok()?;
    let xs = grid();
    let ys: Vec<f64> = xs.iter().map(|&x| c.eval(&[x])).collect();
    let tol = |a: f64, b: f64, m: f64| 1e-9 * (a.abs() + b.abs() + m.abs()) + 1e-12;
    for i in 0..xs.len() - 1 {
        let (a, b) = (ys[i], ys[i + 1]);
        if !(a.is_finite() && b.is_finite()) {
            continue;
        }
        if shape.nondecreasing && b < a - tol(a, b, 0.0) {
            return Some(format!("decreases: g({}) = {a} > g({}) = {b}", xs[i], xs[i + 1]));
        }
        if shape.nonincreasing && b > a + tol(a, b, 0.0) {
            return Some(format!("increases: g({}) = {a} < g({}) = {b}", xs[i], xs[i + 1]));
        }
    }
    for i in 0..xs.len() - 2 {
        let (x1, x2, x3) = (xs[i], xs[i + 1], xs[i + 2]);
        let (y1, y2, y3) = (ys[i], ys[i + 1], ys[i + 2]);
        if !(y1.is_finite() && y2.is_finite() && y3.is_finite()) {
            continue;
        }
        // the chord value at x2
        let lambda = (x3 - x2) / (x3 - x1);
        let chord = lambda * y1 + (1.0 - lambda) * y3;
        let t = tol(y1, y3, y2);
        if shape.convex && y2 > chord + t {
            return Some(format!("not convex at {x2}: g = {y2} > chord {chord}"));
        }
        if shape.concave && y2 < chord - t {
            return Some(format!("not concave at {x2}: g = {y2} < chord {chord}"));
        }
    }
    None
}

/// Random expressions in u over the whole language of the calculus.
fn expression() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just("u".to_string()),
        (1i32..4).prop_map(|k| k.to_string()),
        Just("(1/2)".to_string()),
        Just("(-2)".to_string()),
    ];
    leaf.prop_recursive(4, 24, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} + {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} - {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} * {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a} / {b})")),
            inner.clone().prop_map(|a| format!("log({a})")),
            inner.clone().prop_map(|a| format!("sqrt({a})")),
            inner.clone().prop_map(|a| format!("exp({a}/8)")),
            inner.clone().prop_map(|a| format!("abs({a} - 1)")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("max({a}, {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("min({a}, {b})")),
            (
                inner.clone(),
                prop_oneof![Just("2"), Just("3"), Just("(1/2)"), Just("(-1)"), Just("(1/3)"), Just("(-2)")]
            )
                .prop_map(|(a, k)| format!("({a})^{k}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a})*log({a}/{b})")),
            inner.clone().prop_map(|a| format!("lgamma({a})")),
            inner.clone().prop_map(|a| format!("digamma({a})")),
            inner.prop_map(|a| format!("lambertw({a})")),
        ]
    })
}

fn cases() -> u32 {
    std::env::var("FDIV_SOUNDNESS_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(256)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// Every subterm's claimed curvature and monotonicity holds on a dense grid of (0, ∞).
    #[test]
    fn claimed_shapes_hold_numerically(text in expression()) {
        let f = e(&text);
        let shapes = tree_shapes(&f, "u", &|s| (s == "u").then(Interval::positive));
        for (i, node) in shapes.iter().enumerate() {
            if !node.enclosure.total || node.shape == Shape::UNKNOWN {
                continue;
            }
            let sub = f.subexpr(egg::Id::from(i));
            if let Some(bad) = contradiction(&sub, node.shape) {
                prop_assert!(false, "{sub} claimed {} ({}), but {bad}", node.shape.describe(), node.rule);
            }
        }
    }

    /// The class facts of a saturated e-graph hold numerically too (merged from every form).
    #[test]
    fn class_shapes_hold_numerically(text in expression()) {
        let f = e(&text);
        let limits = Limits { nodes: 1_500, iterations: 5, ..Limits::default() };
        let s = saturate(&f, &Assumptions::default(), "u", &limits);
        let facts = &s.egraph[s.root].data;
        if facts.enclosure.total && facts.shape != Shape::UNKNOWN {
            prop_assert!(contradiction(&f, facts.shape).is_none(), "{text}: class claimed {}", facts.shape.describe());
        }
    }
}

#[test]
fn the_issue_example_is_certified_through_its_expanded_form() {
    // (√u − 1)² is not DCP as written (the square of a concave function of both signs)
    let f = e("(sqrt(u) - 1)^2");
    let shapes = tree_shapes(&f, "u", &|s| (s == "u").then(Interval::positive));
    assert!(!shapes.last().unwrap().shape.convex);
    // its class holds the fact, through u − 2√u + 1
    let s = saturate(&f, &Assumptions::default(), "u", &Limits::default());
    assert!(s.egraph[s.root].data.shape.convex);
    let Some(Certificate::Curvature { form, equal_by, .. }) = convex_by_composition(&f, &Assumptions::none()) else {
        panic!("(√u − 1)² not certified");
    };
    assert_eq!((form.to_string().as_str(), equal_by.as_str()), ("u - 2*sqrt(u) + 1", "equal by the exact normal form"));
}

#[test]
fn rewriting_finds_forms_the_normal_form_does_not() {
    let f = e("log(exp(u^2)) - 1");
    let Some(Certificate::Curvature { form, equal_by, .. }) = convex_by_composition(&f, &Assumptions::none()) else {
        panic!("log(exp(u²)) − 1 not certified");
    };
    assert_eq!((form.to_string().as_str(), equal_by.as_str()), ("u^2 - 1", "equal by e-graph rewriting"));
}

#[test]
fn the_issue_second_derivative_is_nonnegative_through_an_equal_form() {
    let second = e("1/2*(1/u - 1/(u + 1))");
    // plain intervals cannot see it: 1/u − 1/(u+1) loses the dependency on u
    let plain = enclose(&second, &|_| Some(Interval::positive()));
    assert!(!plain.range.is_nonnegative());
    let Some(Certificate::Enclosure { form, range, .. }) = nonnegative_by_enclosure(&second, &Assumptions::none())
    else {
        panic!("½(1/u − 1/(u+1)) not proved ≥ 0");
    };
    // the form that proves it is a single fraction, with a nonnegative enclosure of its own
    let own = enclose(&form, &|_| Some(Interval::positive()));
    assert!(own.total && own.range.is_nonnegative(), "{form}: {range}");
    assert!(!form.to_string().contains(" - "), "{form}");
}

#[test]
fn concave_functions_are_never_certified_convex() {
    for text in ["sqrt(u) - 1", "log(u)", "-u*log(u)", "u^(1/3)", "lambertw(u)", "digamma(u)", "min(u, 1) - 1"] {
        assert!(convex_by_composition(&e(text), &Assumptions::none()).is_none(), "{text}");
    }
    assert!(nonnegative_by_enclosure(&e("-1/u^2"), &Assumptions::none()).is_none());
}

#[test]
fn the_alpha_family_is_proved_for_symbolic_alpha_on_each_range() {
    let alpha = e("(u^a - 1 - a*(u - 1))/(a*(a - 1))");
    for (range, expected) in [
        (Interval::open(0.0, 1.0), "proved"),
        (Interval::new(1.0, f64::INFINITY, true, true).unwrap(), "proved"),
        (Interval::negative(), "proved"),
        // u^a changes from concave to convex inside the range: composition cannot decide it
        (Interval::open(0.0, 2.0), "unknown"),
    ] {
        let r = check_with(&fdiv::generator::Generator::new(alpha.clone()), &Assumptions::none().with("a", range));
        assert_eq!(r.convex.status(), expected, "a in {range}: {}", r.convex);
        if expected == "proved" {
            assert!(r.normalised.is_proved(), "a in {range}: {}", r.normalised);
        }
    }
    // undeclared: a ranges over ℝ
    let r = check_with(&fdiv::generator::Generator::new(alpha), &Assumptions::none());
    assert_eq!(r.convex.status(), "unknown");
    assert!(r.convex.reason().unwrap().contains("a undeclared"), "{}", r.convex);
}

#[test]
fn parameters_named_p_or_q_are_not_assumed_positive() {
    // p = −1 makes p·(u − 1)² concave; q = −2 makes u·log u − q·log u … concave near 0
    for text in ["p*(u - 1)^2", "u*log(u) - q*log(u)", "(u - 1)^2/q"] {
        let r = fdiv::verify::check(&fdiv::generator::Generator::parse(text).unwrap());
        assert_eq!(r.convex.status(), "unknown", "{text}: {}", r.convex);
    }
    // declared, it is proved
    let declared = Assumptions::none().with("p", Interval::positive());
    let r = check_with(&fdiv::generator::Generator::parse("p*(u - 1)^2").unwrap(), &declared);
    assert!(r.convex.is_proved(), "{}", r.convex);
}
