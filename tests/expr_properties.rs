//! Property tests of the term language: the parser never panics, printing round-trips, exact
//! evaluation stays bounded, and compiled evaluation agrees with exact evaluation.

use fdiv::expr::exact::{eval_constant, fold_constants};
use fdiv::expr::{Expr, Math, Rational};
use fdiv::numeric::Compiled;
use proptest::prelude::*;

/// Valid generator and integrand texts, the seeds of the mutation test.
const VALID: [&str; 16] = [
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
    "max(u, 1) - min(0.5, u**-2) + 1e-3*exp(-u)",
    "lgamma(k + 1) - digamma(k) + lambertw(t) + ln(2)*pi*e",
    "−u · α × 2^3^2",
    "q*((p/q)^2 - 1)",
];

/// Characters that make up expressions, plus a few that do not, weighted towards the former.
const ALPHABET: &str = "uuupq01235.e+-*/^(),  logexpsqrtabsminmaxα·×−π$#\u{0301}\u{1F600}";

fn alphabet() -> Vec<char> {
    ALPHABET.chars().collect()
}

/// A symbol, a named constant or an exact rational (integers, fractions, negatives).
fn leaf() -> impl Strategy<Value = Expr> {
    prop_oneof![
        prop::sample::select(vec!["u", "p", "q", "alpha", "m1", "x_2", "α"]).prop_map(Expr::symbol),
        Just(Expr::leaf(Math::Pi)),
        Just(Expr::leaf(Math::E)),
        (-20i64..20).prop_map(Expr::int),
        (-20i64..20, 1i64..12).prop_map(|(n, d)| Expr::num(Rational::new(n, d))),
    ]
}

const UNARY: [fn(egg::Id) -> Math; 8] =
    [Math::Neg, Math::Log, Math::Exp, Math::Sqrt, Math::Abs, Math::Lgamma, Math::Digamma, Math::LambertW];
const BINARY: [fn([egg::Id; 2]) -> Math; 7] =
    [Math::Add, Math::Sub, Math::Mul, Math::Div, Math::Pow, Math::Min, Math::Max];

/// Random expression trees over every operator and function of the language.
fn expr() -> impl Strategy<Value = Expr> {
    leaf().prop_recursive(6, 48, 2, |inner| {
        prop_oneof![
            (inner.clone(), 0..UNARY.len()).prop_map(|(a, k)| a.apply(UNARY[k])),
            (inner.clone(), inner, 0..BINARY.len()).prop_map(|(a, b, k)| a.combine(BINARY[k], &b)),
        ]
    })
}

/// Random constant expressions, including towers of powers with large exponents.
fn constant_expr() -> impl Strategy<Value = Expr> {
    let number = prop_oneof![
        (-40i64..40).prop_map(Expr::int),
        (-40i64..40, 1i64..40).prop_map(|(n, d)| Expr::num(Rational::new(n, d))),
        prop::sample::select(vec![1i64 << 40, 1_000_000_007, 3 << 50]).prop_map(Expr::int),
    ];
    number.prop_recursive(6, 40, 2, |inner| {
        prop_oneof![
            (inner.clone(), 0..UNARY.len()).prop_map(|(a, k)| a.apply(UNARY[k])),
            (inner.clone(), inner.clone(), 0..BINARY.len()).prop_map(|(a, b, k)| a.combine(BINARY[k], &b)),
            // power towers: a^(b^c), the shape of 2^3^2^5
            (inner.clone(), inner.clone(), inner).prop_map(|(a, b, c)| a.combine(Math::Pow, &b.combine(Math::Pow, &c))),
        ]
    })
}

/// Positive expressions (constants and `u` > 0) built from +, ·, /, √, small integer powers, min, max and
/// abs: no cancellation, so the f64 value has a relative error bounded by [`error_bound`].
fn positive_expr() -> impl Strategy<Value = Expr> {
    let number = prop_oneof![
        (1i64..1000, 1i64..1000).prop_map(|(n, d)| Expr::num(Rational::new(n, d))),
        Just(Expr::symbol("u")),
    ];
    number.prop_recursive(5, 32, 2, |inner| {
        prop_oneof![
            (
                inner.clone(),
                inner.clone(),
                prop::sample::select(vec![
                    Math::Add as fn([egg::Id; 2]) -> Math,
                    Math::Mul,
                    Math::Div,
                    Math::Min,
                    Math::Max
                ])
            )
                .prop_map(|(a, b, op)| a.combine(op, &b)),
            (inner.clone(), -4i64..5).prop_map(|(a, k)| a.combine(Math::Pow, &Expr::int(k))),
            // √(a·a): a square root that exact evaluation can take
            inner.clone().prop_map(|a| a.combine(Math::Mul, &a).apply(Math::Sqrt)),
            inner.prop_map(|a| a.apply(Math::Abs)),
        ]
    })
}

/// A first-order bound on the relative error of the f64 evaluation of a [`positive_expr`],
/// in units of ε: constants are rounded once (½), each operation adds one rounding (1), a
/// product or quotient adds its operands' errors, a sum keeps the larger, √ halves it and an
/// integer power k multiplies it by |k| (and powi rounds up to |k| times).
fn error_bound(expr: &Expr) -> f64 {
    let mut bound: Vec<f64> = Vec::with_capacity(expr.nodes().len());
    for node in expr.nodes() {
        let b = |id: &egg::Id| bound[usize::from(*id)];
        let value = match node {
            Math::Num(_) | Math::Symbol(_) => 0.5,
            Math::Add([x, y]) => b(x).max(b(y)) + 1.0,
            Math::Mul([x, y]) | Math::Div([x, y]) => b(x) + b(y) + 1.0,
            Math::Min([x, y]) | Math::Max([x, y]) => b(x).max(b(y)),
            Math::Abs(x) => b(x),
            Math::Sqrt(x) => b(x) / 2.0 + 1.0,
            Math::Pow([x, k]) => {
                let k = match expr.node(*k) {
                    Math::Num(q) => q.to_f64().abs(),
                    _ => unreachable!("positive_expr raises to integer constants only"),
                };
                k * b(x) + k + 1.0
            }
            other => unreachable!("positive_expr does not build {other:?}"),
        };
        bound.push(value);
    }
    bound[bound.len() - 1]
}

/// Expressions whose f64 evaluation is exact when `u` is a small dyadic rational: small dyadic
/// rationals and `u` under +, −, ·, halving, squaring, negation, abs, min, max, √(x²), and the
/// special values log 1, exp 0, lgamma 1, lgamma 2, W₀(0).
fn dyadic_expr() -> impl Strategy<Value = Expr> {
    let number = prop_oneof![
        (-64i64..64, 0u32..4).prop_map(|(n, k)| Expr::num(Rational::new(n, 1 << k))),
        Just(Expr::symbol("u")),
    ];
    let special = prop_oneof![
        Just("log(1)"),
        Just("exp(0)"),
        Just("lgamma(1)"),
        Just("lgamma(2)"),
        Just("lambertw(0)"),
        Just("sqrt(9/4)")
    ]
    .prop_map(|text| Expr::parse(text).expect("a valid constant"));
    prop_oneof![number, special].prop_recursive(4, 24, 2, |inner| {
        prop_oneof![
            (
                inner.clone(),
                inner.clone(),
                prop::sample::select(vec![
                    Math::Add as fn([egg::Id; 2]) -> Math,
                    Math::Sub,
                    Math::Mul,
                    Math::Min,
                    Math::Max
                ])
            )
                .prop_map(|(a, b, op)| a.combine(op, &b)),
            inner.clone().prop_map(|a| a.combine(Math::Div, &Expr::int(2))),
            inner.clone().prop_map(|a| a.combine(Math::Pow, &Expr::int(2))),
            inner.clone().prop_map(|a| a.combine(Math::Pow, &Expr::int(2)).apply(Math::Sqrt)),
            inner.clone().prop_map(|a| a.apply(Math::Neg)),
            inner.prop_map(|a| a.apply(Math::Abs)),
        ]
    })
}

/// One edit of a text: delete, insert or replace the character at a position.
#[derive(Debug, Clone)]
enum Edit {
    Delete(usize),
    Insert(usize, char),
    Replace(usize, char),
}

fn edit() -> impl Strategy<Value = Edit> {
    let c = prop::sample::select(alphabet());
    prop_oneof![
        any::<usize>().prop_map(Edit::Delete),
        (any::<usize>(), c.clone()).prop_map(|(i, c)| Edit::Insert(i, c)),
        (any::<usize>(), c).prop_map(|(i, c)| Edit::Replace(i, c)),
    ]
}

fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for edit in edits {
        match *edit {
            Edit::Delete(i) if !chars.is_empty() => {
                chars.remove(i % chars.len());
            }
            Edit::Insert(i, c) => chars.insert(i % (chars.len() + 1), c),
            Edit::Replace(i, c) if !chars.is_empty() => {
                let n = chars.len();
                chars[i % n] = c;
            }
            _ => {}
        }
    }
    chars.into_iter().collect()
}

/// Parses, and when that fails checks that the error renders with its caret inside the text.
fn parse_checked(text: &str) -> Option<Expr> {
    match Expr::parse(text) {
        Ok(e) => Some(e),
        Err(err) => {
            let width = text.chars().count();
            assert!(err.span.start <= err.span.end, "{err:?}");
            assert!(err.span.start <= width, "span {} past the end of {text:?}", err.span);
            let rendered = err.render(text);
            assert!(rendered.starts_with(text) && rendered.contains('^'), "{rendered}");
            None
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn parse_never_panics_on_arbitrary_strings(text in any::<String>()) {
        parse_checked(&text);
    }

    #[test]
    fn parse_never_panics_on_expression_like_strings(chars in prop::collection::vec(prop::sample::select(alphabet()), 0..300)) {
        let text: String = chars.into_iter().collect();
        if let Some(e) = parse_checked(&text) {
            // whatever parses prints and re-parses
            prop_assert!(Expr::parse(&e.to_string()).is_ok(), "{text:?} printed as {e}");
        }
    }

    #[test]
    fn parse_never_panics_on_long_inputs(unit in "[-+*/^(),u1. ]{1,6}|log\\(|\\(u|2\\^", repeat in 1usize..20_000) {
        let text = unit.repeat(repeat);
        parse_checked(&text);
    }

    #[test]
    fn parse_never_panics_on_mutated_expressions(seed in prop::sample::select(VALID.to_vec()), edits in prop::collection::vec(edit(), 1..6)) {
        let text = apply_edits(seed, &edits);
        parse_checked(&text);
    }

    #[test]
    fn printing_round_trips(e in expr()) {
        let text = e.to_string();
        let back = Expr::parse(&text).map_err(|err| TestCaseError::fail(err.render(&text)))?;
        prop_assert_eq!(fold_constants(&back), fold_constants(&e), "printed as {}", text);
        // LaTeX is not parsed back, but it is always produced
        prop_assert!(!e.to_latex().is_empty());
    }

    #[test]
    fn exact_evaluation_is_bounded(e in constant_expr()) {
        // returns (a value or a typed error) without panicking or exhausting memory
        let value = eval_constant(&e);
        let folded = fold_constants(&e);
        if let Ok(v) = value {
            prop_assert_eq!(folded.nodes(), &[Math::Num(v)][..]);
        }
    }

    #[test]
    fn compiled_agrees_with_exact_on_positive_expressions(e in positive_expr(), n in 1i64..1000, d in 1i64..1000) {
        let u = Rational::new(n, d);
        // beyond MAX_BITS there is no exact value to compare with
        let exact = fdiv::expr::exact::eval(&e, &|_| Some(u.clone()));
        prop_assume!(exact.is_ok());
        let reference = exact.unwrap().to_f64();
        // overflow and underflow are outside the error model
        prop_assume!(reference.abs() > 1e-300 && reference.abs() < 1e300);
        let value = Compiled::new(&e, &["u"]).unwrap().eval(&[u.to_f64()]);
        let tolerance = (error_bound(&e) + 1.0) * f64::EPSILON * reference.abs();
        prop_assert!((value - reference).abs() <= tolerance, "{e}: compiled {value:e}, exact {reference:e}");
    }

    #[test]
    fn compiled_is_exact_where_f64_arithmetic_is(e in dyadic_expr(), n in -64i64..64) {
        let u = Rational::new(n, 8);
        let exact = fdiv::expr::exact::eval(&e, &|_| Some(u.clone()));
        prop_assert!(exact.is_ok(), "{e}: {exact:?}");
        let value = Compiled::new(&e, &["u"]).unwrap().eval(&[u.to_f64()]);
        prop_assert_eq!(value, exact.unwrap().to_f64(), "{} at u = {}", e, u);
    }
}

#[test]
fn towers_of_powers_give_an_error_not_an_allocation() {
    for text in ["2^3^2^5", "(1/2)^3^2^5", "(-3)^3^3^3", "(2/3)^(10^30)", "4^(1/(10^20))", "7^(3^40/2)", "1^(2^3^2^5)"]
    {
        let e = Expr::parse(text).unwrap();
        let value = eval_constant(&e);
        assert!(value.is_err(), "{text}: {value:?}");
        // folding keeps what it cannot compute
        assert!(!fold_constants(&e).to_string().is_empty());
    }
}
