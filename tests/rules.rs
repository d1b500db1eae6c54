//! Soundness of every rewrite rule, checked numerically.
//!
//! Each rule's two sides are evaluated at many points of the domain its condition admits
//! (random points and edge points such as 0, ±1 and tiny values, as far as the condition allows):
//! where one side is defined (finite) the other must be defined and equal, and where one is
//! undefined so must be the other, because a rule must preserve the domain of definition.

use fdiv::expr::{Expr, Math};
use fdiv::numeric::Compiled;
use fdiv::simplify::Fact;
use fdiv::simplify::rules::{self, Rule};

/// Edge and singular points.
const EDGES: [f64; 15] = [0.0, 1.0, -1.0, 2.0, -2.0, 0.5, -0.5, 1e-3, -1e-3, 3.0, -3.0, 1.0 / 3.0, 4.0, 0.25, -0.75];

/// A deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let bits = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11;
        bits as f64 / (1u64 << 53) as f64
    }
}

/// The rule's variables (`?a` → `v_a`) and both sides as expressions over them.
fn sides(rule: &Rule) -> (Vec<String>, Expr, Expr) {
    let to_expr = |pattern: &str| {
        let text = pattern.replace('?', "v_");
        let rec: egg::RecExpr<Math> = text.parse().unwrap_or_else(|e| panic!("{}: {e}", rule.name));
        Expr::from_rec(rec).expect("nonempty")
    };
    let (lhs, rhs) = (to_expr(rule.lhs), to_expr(rule.rhs));
    let vars = lhs.free_symbols().iter().map(|s| s.to_string()).collect();
    (vars, lhs, rhs)
}

/// A value for a variable that needs `fact` (None: no requirement).
fn sample(fact: Option<Fact>, rng: &mut Rng, i: usize) -> f64 {
    let raw = if i < EDGES.len() * 4 {
        EDGES[(i + (rng.next() * 15.0) as usize) % EDGES.len()]
    } else {
        8.0 * rng.next() - 4.0
    };
    match fact {
        Some(Fact::Positive) => {
            if raw > 0.0 {
                raw
            } else if raw < 0.0 {
                -raw
            } else {
                1e-3
            }
        }
        Some(Fact::Nonnegative) => raw.abs(),
        Some(Fact::Nonzero) => {
            if raw == 0.0 {
                -0.25
            } else {
                raw
            }
        }
        Some(Fact::Natural) => (rng.next() * 4.0).floor(),
        Some(Fact::Total | Fact::Constant) | None => raw,
    }
}

fn check_rule(rule: &Rule) {
    let (vars, lhs, rhs) = sides(rule);
    let names: Vec<&str> = vars.iter().map(String::as_str).collect();
    let l = Compiled::new(&lhs, &names).unwrap();
    // the right side may use fewer variables than the left, never more
    let r = Compiled::new(&rhs, &names).unwrap_or_else(|e| panic!("{}: right side: {e}", rule.name));
    let facts: Vec<Option<Fact>> =
        vars.iter().map(|v| rule.requires.iter().find(|(w, _)| w[1..] == v[2..]).map(|(_, f)| *f)).collect();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ rule.name.len() as u64);
    let mut defined = 0;
    for i in 0..600 {
        let point: Vec<f64> = facts.iter().map(|f| sample(*f, &mut rng, i)).collect();
        let (a, b) = (l.eval(&point), r.eval(&point));
        match (a.is_finite(), b.is_finite()) {
            (true, true) => {
                defined += 1;
                assert!(
                    (a - b).abs() <= 1e-9 * (1.0 + a.abs() + b.abs()),
                    "rule {} disagrees at {names:?} = {point:?}: {lhs} = {a}, {rhs} = {b}",
                    rule.name
                );
            }
            (false, false) => {}
            _ => panic!("rule {} changes the domain at {names:?} = {point:?}: {lhs} = {a}, {rhs} = {b}", rule.name),
        }
    }
    assert!(defined >= 100, "rule {}: only {defined} points where it is defined", rule.name);
}

#[test]
fn every_rule_holds_on_its_admitted_domain() {
    assert!(rules::all().len() >= 40);
    for rule in rules::all() {
        check_rule(rule);
    }
    // the inversion rules of the convex conjugate's solver, used with these
    for rule in fdiv::transforms::conjugate::solve::rules() {
        check_rule(rule);
    }
}

#[test]
fn the_check_catches_an_unsound_rule() {
    // a planted unsound rule (1/a → a) and one that changes the domain (a·(b/a) → b without a ≠ 0)
    let wrong = Rule { name: "planted-wrong", lhs: "(/ 1 ?a)", rhs: "?a", requires: &[], ..rules::all()[0] };
    assert!(std::panic::catch_unwind(|| check_rule(&wrong)).is_err());
    let domain = Rule { name: "planted-domain", lhs: "(* ?a (/ ?b ?a))", rhs: "?b", requires: &[], ..rules::all()[0] };
    assert!(std::panic::catch_unwind(|| check_rule(&domain)).is_err());
}
