//! Solving f'(u) = t for u: the forms of f' that the inversion rules can undo.
//!
//! The inversion in [`super::conjugate`] peels operations off the path from the root of f' to
//! the one occurrence of u. Most derivatives name u more than once as the calculus writes them
//! (Hellinger: 2·(√u − 1)·1/(2√u); Jensen–Shannon: ½·log(2u/(u + 1)) after cancelling), so
//! before inverting, [`single_occurrence`] looks for an *equal* form of f' in which u occurs
//! once:
//!
//! 1. f' itself, then its exact normal forms ([`normal::collect`]: `1 - 1/sqrt(u)` for
//!    Hellinger, `1 - 1/u^2` for Neyman χ²);
//! 2. for a rational f', the quotient N(w − c)/D(w − c) in w = u + c, c chosen to remove the
//!    second-highest power of N or D, and its normal form (triangular: 1 − 4/(u + 1)²; modified
//!    GAN: −1/((u + 1/2)² − 1/4));
//! 3. an e-graph over the crate's rewrite rules ([`crate_rules::all`]) and the inversion rules of
//!    [`rules`] (`a/b = 1/(b/a)`, `log(1/a) = −log a`, …), extracted with a cost that counts the
//!    occurrences of u first (`log(u/(u + 1)) = −log(1 + 1/u)`).
//!
//! Every form comes from exact rewriting (the normal form, exact polynomial arithmetic, or rules
//! that are identities on the domain their conditions admit, checked numerically in
//! `tests/rules.rs`), so the form is equal to f' for every u > 0.
//!
//! [`lambert`] recognises f'(u) = a·log u + b/u + c with a > 0 > b (Jeffreys), which no
//! rearrangement brings to one occurrence; the root is u* = 1/v with
//! v = −(a/b)·W₀(−(b/a)·e^{−(t−c)/a}), and log u* = (t − c)/a + W₀(…). The coefficients are
//! guessed from u²·f''(u) = a·u − b and confirmed by the exact normal form of
//! f' − (a·log u + b/u) being the constant c.

use egg::{CostFunction, Extractor, Id, Language, Runner};

use crate::expr::exact::eval;
use crate::expr::{Expr, Math, Rational};
use crate::simplify::analysis::Fact::{Nonzero, Positive};
use crate::simplify::rules::{self as crate_rules, Group, Rule};
use crate::simplify::{Assumptions, FactAnalysis, normal};

/// Bounds of the e-graph search for a single-occurrence form (nodes, iterations): enough for
/// every catalogue entry in a few milliseconds; hitting one means "not found", not an error.
const SEARCH_NODES: usize = 12_000;
const SEARCH_ITERATIONS: usize = 10;

#[rustfmt::skip]
const RULES: &[Rule] = &[
    Rule { name: "div-flip",          group: Group::Fractions, lhs: "(/ ?a ?b)",            rhs: "(/ 1 (/ ?b ?a))",  requires: &[("?a", Nonzero)],  shown: true, stages: crate_rules::EXPAND },
    Rule { name: "cancel-numerator",  group: Group::Fractions, lhs: "(/ ?a (* ?c ?a))",     rhs: "(/ 1 ?c)",         requires: &[("?a", Nonzero)],  shown: true, stages: crate_rules::EXPAND },
    Rule { name: "log-recip",         group: Group::LogExp,    lhs: "(log (/ 1 ?a))",       rhs: "(* -1 (log ?a))",  requires: &[("?a", Positive)], shown: true, stages: crate_rules::EXPAND },
    Rule { name: "log-flip",          group: Group::LogExp,    lhs: "(log (/ ?a ?b))",      rhs: "(* -1 (log (/ ?b ?a)))", requires: &[("?a", Positive), ("?b", Positive)], shown: true, stages: crate_rules::EXPAND },
];

/// The inversion rules, used with the crate's rules when looking for a form of f' with one
/// occurrence of u (identities on the domain their conditions admit, like [`rules::all`]).
///
/// [`rules::all`]: crate::simplify::rules::all
///
/// # Examples
///
/// ```
/// let names: Vec<&str> = fdiv::transforms::conjugate::solve::rules().iter().map(|r| r.name).collect();
/// assert!(names.contains(&"div-flip"));
/// ```
pub fn rules() -> &'static [Rule] {
    RULES
}

/// How many times `var` occurs in the tree of `expr` (a shared node counts once per use).
pub fn occurrences(expr: &Expr, var: &str) -> usize {
    let mut count = vec![0usize; expr.nodes().len()];
    for (i, n) in expr.nodes().iter().enumerate() {
        count[i] = match n {
            Math::Symbol(s) if s.as_str() == var => 1,
            _ => n.children().iter().map(|&c| count[usize::from(c)]).sum(),
        };
    }
    count[count.len() - 1]
}

/// Extraction cost: (occurrences of the variable, tree size), compared in that order.
struct Occurrences<'a> {
    var: &'a str,
}

impl CostFunction<Math> for Occurrences<'_> {
    type Cost = (usize, usize);

    fn cost<C>(&mut self, enode: &Math, mut costs: C) -> (usize, usize)
    where
        C: FnMut(Id) -> (usize, usize),
    {
        let own = usize::from(matches!(enode, Math::Symbol(s) if s.as_str() == self.var));
        enode.children().iter().fold((own, 1), |(o, s), &c| {
            let (co, cs) = costs(c);
            (o.saturating_add(co), s.saturating_add(cs))
        })
    }
}

/// A form of `df` equal to it on the domain of `assumptions` in which `var` occurs exactly
/// once, or `None` when neither the normal form nor the bounded e-graph search finds one.
///
/// # Examples
///
/// ```
/// use fdiv::expr::Expr;
/// use fdiv::simplify::Assumptions;
/// use fdiv::transforms::conjugate::solve::single_occurrence;
/// let gan = Expr::parse("log(u) - log(u + 1)").unwrap();
/// let one = single_occurrence(&gan, "u", &Assumptions::default()).unwrap();
/// assert_eq!(one.to_string(), "-log(1 + 1/u)");
/// ```
pub fn single_occurrence(df: &Expr, var: &str, assumptions: &Assumptions) -> Option<Expr> {
    let mut candidates = vec![df.clone()];
    if let Some(c) = normal::collect(df, assumptions) {
        candidates.push(c.expanded);
        candidates.push(c.collected);
    }
    if let Some(c) = candidates.iter().find(|c| occurrences(c, var) == 1) {
        return Some(c.clone());
    }
    if let Some(form) = shifted(df, var) {
        return Some(form);
    }
    let mut rewrites = crate_rules::rewrites(crate_rules::CANCEL | crate_rules::EXPAND);
    rewrites.extend(RULES.iter().map(Rule::rewrite));
    let mut runner: Runner<Math, FactAnalysis, ()> = Runner::new(FactAnalysis::new(assumptions.clone()))
        .with_node_limit(SEARCH_NODES)
        .with_iter_limit(SEARCH_ITERATIONS)
        // a safety net only: the node and iteration limits decide where the search stops
        .with_time_limit(std::time::Duration::from_secs(10));
    for c in &candidates {
        runner = runner.with_expr(c.as_rec());
    }
    let owned = var.to_string();
    let runner = runner
        .with_hook(move |r| {
            let found = r
                .roots
                .iter()
                .any(|&root| Extractor::new(&r.egraph, Occurrences { var: &owned }).find_best_cost(root).0 <= 1);
            if found { Err("found".to_string()) } else { Ok(()) }
        })
        .run(&rewrites);
    // every root is in the same class only if the rules unioned them; each is f' either way
    let mut best: Option<((usize, usize), egg::RecExpr<Math>)> = None;
    for &root in &runner.roots {
        let (cost, rec) = Extractor::new(&runner.egraph, Occurrences { var }).find_best(root);
        if best.as_ref().is_none_or(|(b, _)| cost < *b) {
            best = Some((cost, rec));
        }
    }
    let ((count, _), rec) = best?;
    (count == 1).then(|| Expr::from_rec(rec)).flatten()
}

/// Σ aᵢ·wⁱ as an expression, highest power first (`None` for coefficients beyond the bit limit).
fn poly_expr(p: &crate::poly::Poly, w: &Expr) -> Option<Expr> {
    let mut out: Option<Expr> = None;
    for (i, a) in p.coefficients().iter().enumerate().rev() {
        if num_traits::Zero::is_zero(a) {
            continue;
        }
        let a = Rational::from_big(a.clone())?;
        let power = match i {
            0 => None,
            1 => Some(w.clone()),
            _ => Some(w.combine(Math::Pow, &Expr::int(i64::try_from(i).ok()?))),
        };
        let (negative, a) = match &out {
            Some(_) if a.is_negative() => (true, a.neg()),
            _ => (false, a),
        };
        let term = match power {
            None => Expr::num(a),
            Some(x) if a.is_one() => x,
            Some(x) => &Expr::num(a) * &x,
        };
        out = Some(match out {
            None => term,
            Some(o) if negative => &o - &term,
            Some(o) => &o + &term,
        });
    }
    Some(out.unwrap_or_else(|| Expr::int(0)))
}

/// The variable of a shifted form (a name the parser never produces).
const SHIFTED: &str = "#w";

/// For a rational f' = N(u)/D(u): with w = u + c, where c = a_{n−1}/(n·a_n) is the shift that
/// removes the second-highest power of N or D, the polynomials N(w − c) and D(w − c) are computed
/// exactly; if w occurs once in their quotient or its exact normal form over w > c, that form
/// with w = u + c (triangular:
/// (u² + 2u − 3)/(u + 1)² = 1 − 4/(u + 1)²; modified GAN: −1/(u(u + 1)) = −1/((u + 1/2)² − 1/4)).
fn shifted(df: &Expr, var: &str) -> Option<Expr> {
    let rf = crate::poly::RationalFunction::from_expr(df, var)?;
    if rf.root != 1 {
        return None;
    }
    for p in [&rf.den, &rf.num] {
        let n = p.degree();
        if n < 2 {
            continue;
        }
        let a = p.coefficients();
        let c = &a[n - 1] / (&a[n] * num_rational::BigRational::from_integer(n.into()));
        if num_traits::Zero::is_zero(&c) {
            continue;
        }
        let Some(c) = Rational::from_big(c) else { continue };
        let shift = Expr::num(c.clone());
        let w = Expr::symbol(SHIFTED);
        // num(w − c)/den(w − c), exactly, as polynomials in w
        let moved = crate::poly::Poly::x().sub(&crate::poly::Poly::constant(c.as_big().clone()));
        let compose = |q: &crate::poly::Poly| -> Option<crate::poly::Poly> {
            let mut out = crate::poly::Poly::zero();
            for (i, a) in q.coefficients().iter().enumerate() {
                out = out.add(&moved.pow(u32::try_from(i).ok()?)?.scale(a));
            }
            Some(out)
        };
        let (Some(top), Some(bottom)) = (compose(&rf.num), compose(&rf.den)) else { continue };
        let (Some(top), Some(bottom)) = (poly_expr(&top, &w), poly_expr(&bottom, &w)) else { continue };
        let direct = &top / &bottom;
        // w ranges over (c, ∞): widened outward by a few ulps (c need not be a float)
        let lo = c.to_f64();
        let lo = lo - 4.0 * f64::EPSILON * lo.abs() - f64::MIN_POSITIVE;
        let Some(range) = crate::simplify::Interval::new(lo, f64::INFINITY, true, true) else { continue };
        let domain = Assumptions::default().with(SHIFTED, range);
        let mut forms = vec![direct.clone()];
        if let Some(collected) = normal::collect(&direct, &domain) {
            forms.extend([collected.expanded, collected.collected]);
        }
        for form in forms {
            if occurrences(&form, SHIFTED) == 1 {
                return Some(form.substitute(SHIFTED, &(&Expr::symbol(var) + &shift)));
            }
        }
    }
    None
}

/// f'(u) = a·log u + b/u + c with a > 0 > b, the coefficients exact.
#[derive(Debug, Clone, PartialEq)]
pub struct LambertForm {
    /// The coefficient of log u (positive).
    pub a: Rational,
    /// The coefficient of 1/u (negative).
    pub b: Rational,
    /// The constant.
    pub c: Rational,
}

impl LambertForm {
    /// The argument z(t) = −(b/a)·exp(−(t − c)/a) of W₀, positive for every real t.
    pub fn argument(&self, t: &Expr) -> Expr {
        let (a, b, c) = (Expr::num(self.a.clone()), Expr::num(self.b.clone()), Expr::num(self.c.clone()));
        let rate = -&(&b / &a);
        &rate * &(-&(&(t - &c) / &a)).apply(Math::Exp)
    }

    /// u* = 1/v with v = −(a/b)·W₀(z(t)): the root of f'(u) = t.
    pub fn root(&self, t: &Expr) -> Expr {
        let (a, b) = (Expr::num(self.a.clone()), Expr::num(self.b.clone()));
        let w = self.argument(t).apply(Math::LambertW);
        &Expr::int(1) / &(&(-&(&a / &b)) * &w)
    }

    /// log u* = (t − c)/a + W₀(z(t)) (from W·e^W = z).
    pub fn log_root(&self, t: &Expr) -> Expr {
        let (a, c) = (Expr::num(self.a.clone()), Expr::num(self.c.clone()));
        &(&(t - &c) / &a) + &self.argument(t).apply(Math::LambertW)
    }
}

/// The coefficients of f'(u) = a·log u + b/u + c with a > 0 > b, confirmed by the exact normal
/// form, or `None` when f' is not of that shape.
///
/// # Examples
///
/// ```
/// use fdiv::expr::{Expr, Rational};
/// use fdiv::simplify::Assumptions;
/// use fdiv::transforms::conjugate::solve::lambert;
/// // Jeffreys: f(u) = (u − 1)·log u
/// let df = Expr::parse("log(u) + (u - 1)/u").unwrap();
/// let form = lambert(&df, "u", &Assumptions::default()).unwrap();
/// assert_eq!((form.a, form.b, form.c), (Rational::one(), Rational::from_integer(-1), Rational::one()));
/// ```
pub fn lambert(df: &Expr, var: &str, assumptions: &Assumptions) -> Option<LambertForm> {
    let d2 = crate::calculus::derivative(df, var).ok()?;
    let u = Expr::symbol(var);
    let scaled = &(&u * &u) * &d2;
    // u²·f'' = a·u − b: read at u = 1 and u = 2, exactly
    let at = |x: i64| eval(&scaled, &|s| (s == var).then(|| Rational::from_integer(x))).ok();
    let (p1, p2) = (at(1)?, at(2)?);
    let a = p2.checked_sub(&p1)?;
    let b = a.checked_sub(&p1)?;
    if !a.is_positive() || !b.is_negative() {
        return None;
    }
    let shape = &(&Expr::num(a.clone()) * &u.apply(Math::Log)) + &(&Expr::num(b.clone()) / &u);
    // the rest must be the constant c, by the exact normal form (which proves f' = shape + c)
    let rest = normal::collect(&(df - &shape), assumptions)?;
    let c = match rest.collected.nodes() {
        [Math::Num(c)] => c.clone(),
        _ => return None,
    };
    Some(LambertForm { a, b, c })
}
