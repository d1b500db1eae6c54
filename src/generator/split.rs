//! Splitting a generator into power and power-log terms: f(u) = Σ c·u^r·(log u)^l, l ∈ {0, 1}.
//!
//! The split is exact (no floating point): exponents are rationals, coefficients expressions
//! free of `u`. (√u − 1)² splits into u − 2·u^(1/2) + 1, u·log u into one power-log term, and
//! (u − 1)·log u into u·log u − log u. Generators with `abs`, `min`, `max` or a logarithm of a
//! sum (TV, JS, triangular) do not split: [`split`] returns `None`.

use egg::Language;

use crate::expr::{Expr, Math, Rational, exact};

/// One term c·u^r·(log u)^l of a split generator.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// The exponent r of u.
    pub power: Rational,
    /// Whether the term has the factor log u.
    pub log: bool,
    /// The coefficient c (free of u), constants folded.
    pub coef: Expr,
}

type Terms = Vec<(Rational, bool, Expr)>;

/// Splits `f` (in `var`) into terms; `None` when it is not such a sum. Terms with the same
/// (power, log) are merged; terms whose coefficient folds to 0 are dropped.
///
/// # Examples
///
/// ```
/// use fdiv::generator::split::split;
/// use fdiv::expr::Expr;
/// let t = split(&Expr::parse("(sqrt(u) - 1)^2").unwrap(), "u").unwrap();
/// let shown: Vec<String> = t.iter().map(|t| format!("{}*u^{}{}", t.coef, t.power, if t.log { "*log(u)" } else { "" })).collect();
/// assert_eq!(shown, ["1*u^1", "-2*u^1/2", "1*u^0"]);
/// assert!(split(&Expr::parse("abs(u - 1)").unwrap(), "u").is_none());
/// ```
pub fn split(f: &Expr, var: &str) -> Option<Vec<Term>> {
    let nodes = f.nodes();
    let mut depends = vec![false; nodes.len()];
    let mut terms: Vec<Option<Terms>> = vec![None; nodes.len()];
    let one = Expr::int(1);
    for (i, node) in nodes.iter().enumerate() {
        let dep = match node {
            Math::Symbol(s) => s.as_str() == var,
            _ => node.children().iter().any(|&c| depends[usize::from(c)]),
        };
        depends[i] = dep;
        let id = egg::Id::from(i);
        if !dep {
            terms[i] = Some(vec![(Rational::zero(), false, f.subexpr(id))]);
            continue;
        }
        let t = |c: egg::Id| terms[usize::from(c)].clone();
        let constant = |c: egg::Id| (!depends[usize::from(c)]).then(|| f.subexpr(c));
        terms[i] = match node {
            Math::Symbol(_) => Some(vec![(Rational::one(), false, one.clone())]),
            Math::Add([a, b]) => t(*a).zip(t(*b)).map(|(x, y)| merge(x, y)),
            Math::Sub([a, b]) => t(*a).zip(t(*b)).map(|(x, y)| merge(x, scale(y, &Expr::int(-1)))),
            Math::Neg(a) => t(*a).map(|x| scale(x, &Expr::int(-1))),
            Math::Mul([a, b]) => t(*a).zip(t(*b)).and_then(|(x, y)| product(&x, &y)),
            Math::Div([a, b]) => match constant(*b) {
                Some(c) => t(*a).map(|x| x.into_iter().map(|(r, l, k)| (r, l, &k / &c)).collect()),
                None => match t(*b)?.as_slice() {
                    [(r, false, c)] => t(*a).and_then(|x| product(&x, &[(r.neg(), false, &one / c)])),
                    _ => None,
                },
            },
            Math::Pow([a, k]) if !depends[usize::from(*k)] => match exact::eval_constant(&f.subexpr(*k)) {
                Ok(k) => t(*a).and_then(|x| power(&x, &k)),
                Err(_) => None,
            },
            Math::Sqrt(a) => t(*a).and_then(|x| power(&x, &Rational::new(1, 2))),
            Math::Log(a) => match t(*a)?.as_slice() {
                // log(u^r) = r·log u (u > 0); a coefficient other than 1 is not split
                [(r, false, c)] if is_one(c) => Some(vec![(Rational::zero(), true, Expr::num(r.clone()))]),
                _ => None,
            },
            _ => None,
        };
    }
    let last = terms.pop()??;
    let mut out = Vec::new();
    for (power, log, coef) in last {
        let coef = exact::fold_constants(&coef);
        if matches!(coef.node(coef.root()), Math::Num(r) if r.is_zero()) {
            continue;
        }
        out.push(Term { power, log, coef });
    }
    Some(out)
}

fn is_one(c: &Expr) -> bool {
    matches!(exact::eval_constant(c), Ok(r) if r.is_one())
}

fn scale(x: Terms, c: &Expr) -> Terms {
    x.into_iter().map(|(r, l, k)| (r, l, c * &k)).collect()
}

fn merge(mut x: Terms, y: Terms) -> Terms {
    for (r, l, k) in y {
        match x.iter_mut().find(|(s, m, _)| *s == r && *m == l) {
            Some(slot) => slot.2 = &slot.2 + &k,
            None => x.push((r, l, k)),
        }
    }
    x
}

fn product(x: &[(Rational, bool, Expr)], y: &[(Rational, bool, Expr)]) -> Option<Terms> {
    let mut out: Terms = Vec::new();
    for (r, l, a) in x {
        for (s, m, b) in y {
            if *l && *m {
                return None;
            }
            out = merge(out, vec![(r.checked_add(s)?, *l || *m, a * b)]);
        }
    }
    Some(out)
}

fn power(x: &[(Rational, bool, Expr)], k: &Rational) -> Option<Terms> {
    if let [(r, false, c)] = x
        && (is_one(c) || k.is_integer())
    {
        let ck = if is_one(c) { Expr::int(1) } else { c.combine(Math::Pow, &Expr::num(k.clone())) };
        return Some(vec![(r.checked_mul(k)?, false, ck)]);
    }
    let n = k.to_i64().filter(|n| (1..=6).contains(n))?;
    let mut acc: Terms = x.to_vec();
    for _ in 1..n {
        acc = product(&acc, x)?;
    }
    Some(acc)
}
