//! The expectation engine: E_P[g(x)] by linearity and moment rules.
//!
//! [`expectation`] walks g's node array once, children before parents. A subterm free of `x` is
//! its own expectation; sums, differences, negations, products and quotients by `x`-free
//! factors go through linearity (`E-linear`); every other subterm must match a moment rule of
//! P's family (the registry's, [`crate::dist::Family::moment`]) (`E[x]`, `E[(x − c)²] = Var + (E[x] − c)²`, `E[|x − c|]` for Laplace,
//! `E[log x] = ψ(k) − log β` for Gamma, …). A subterm that matches no rule makes the whole
//! expectation [`NoRule`]: the engine never guesses.
//!
//! [`cancel_common_terms`] removes terms that occur with both signs in a sum (log(2π)/2 of two
//! Normals, lgamma(x + 1) of two Poissons) before the expectation, so that no rule is needed
//! for them.

use std::fmt;

use egg::Language;

use super::family::Parametric;
use crate::dist::{Moment, VARIABLE};
use crate::expr::{Expr, Math};

/// No moment rule applies to a subterm.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no moment rule of {family} for E[{term}]")]
pub struct NoRule {
    /// The family's text, e.g. `N(m1, s1)`.
    pub family: String,
    /// The smallest subterm in `x` that no rule matched.
    pub term: String,
}

/// One moment rule used: `E[(x - m2)^2] = s1^2 + (m1 - m2)^2`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleUse {
    /// The rule's stable name (`moment-square`).
    pub rule: &'static str,
    /// The instance, as text.
    pub statement: String,
}

impl fmt::Display for RuleUse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.rule, self.statement)
    }
}

/// An expectation: its value and the moment rules it used (linearity is implied).
#[derive(Debug, Clone, PartialEq)]
pub struct Expectation {
    /// E_P(g), unsimplified.
    pub value: Expr,
    /// The moment rules used, in order of first use, each once.
    pub rules: Vec<RuleUse>,
}

/// The shape of an `x`-dependent subterm that a moment rule can match: the registry's moments.
type Atom = Moment;

/// E_P[g(x)] for an expression `g` in `x` (and parameters).
///
/// # Errors
///
/// [`NoRule`] when a subterm in `x` matches no linearity or moment rule of P's family.
///
/// # Examples
///
/// ```
/// use fdiv::closed_form::{expect::expectation, family::Parametric};
/// use fdiv::expr::Expr;
/// let p = Parametric::parse("Gamma(k, b)").unwrap();
/// let e = expectation(&Expr::parse("3*log(x) - x").unwrap(), &p).unwrap();
/// assert_eq!(e.value.to_string(), "3*(digamma(k) - log(b)) - k/b");
/// ```
pub fn expectation(g: &Expr, p: &Parametric) -> Result<Expectation, NoRule> {
    let nodes = g.nodes();
    let mut depends = vec![false; nodes.len()];
    let mut value: Vec<Option<Expr>> = vec![None; nodes.len()];
    // the rule each node used (None: x-free or linearity), and whether it used linearity
    let mut used: Vec<Option<RuleUse>> = vec![None; nodes.len()];
    let mut by_linearity = vec![false; nodes.len()];
    let mut first_failure: Option<usize> = None;
    for (i, node) in nodes.iter().enumerate() {
        let dep = match node {
            Math::Symbol(s) => s.as_str() == VARIABLE,
            _ => node.children().iter().any(|&c| depends[usize::from(c)]),
        };
        depends[i] = dep;
        if !dep {
            value[i] = Some(g.subexpr(egg::Id::from(i)));
            continue;
        }
        let ch = |k: usize| usize::from(node.children()[k]);
        let linear = match node {
            Math::Add([a, b]) => both(&value, *a, *b).map(|(x, y)| &x + &y),
            Math::Sub([a, b]) => both(&value, *a, *b).map(|(x, y)| &x - &y),
            Math::Neg(a) => value[usize::from(*a)].as_ref().map(|x| -x),
            Math::Mul(_) if !depends[ch(0)] => value[ch(1)].as_ref().map(|y| &g.subexpr(node.children()[0]) * y),
            Math::Mul(_) if !depends[ch(1)] => value[ch(0)].as_ref().map(|x| x * &g.subexpr(node.children()[1])),
            Math::Div(_) if !depends[ch(1)] => value[ch(0)].as_ref().map(|x| x / &g.subexpr(node.children()[1])),
            _ => None,
        };
        by_linearity[i] = linear.is_some();
        value[i] = match linear {
            Some(v) => Some(v),
            None => {
                let sub = g.subexpr(egg::Id::from(i));
                match atom(&sub).and_then(|(a, c)| moment(p, a, &c).map(|v| (a, c, v))) {
                    Some((a, _, v)) => {
                        used[i] = Some(RuleUse { rule: rule_name(a), statement: format!("E[{sub}] = {v}") });
                        Some(v)
                    }
                    None => {
                        // report the smallest failing subterm: the first in node order whose
                        // children all had expectations
                        let children_ok = node.children().iter().all(|&c| value[usize::from(c)].is_some());
                        if first_failure.is_none() && children_ok {
                            first_failure = Some(i);
                        }
                        None
                    }
                }
            }
        };
    }
    // the rules on the path of the result: below a matched atom, children's values are unused
    let mut reached = vec![false; nodes.len()];
    let mut stack = vec![nodes.len() - 1];
    while let Some(i) = stack.pop() {
        reached[i] = true;
        if by_linearity[i] {
            stack.extend(nodes[i].children().iter().map(|&c| usize::from(c)).filter(|&c| depends[c]));
        }
    }
    let mut rules: Vec<RuleUse> = Vec::new();
    for (i, u) in used.into_iter().enumerate() {
        if let Some(u) = u
            && reached[i]
            && !rules.contains(&u)
        {
            rules.push(u);
        }
    }
    match value.pop().flatten() {
        Some(value) => Ok(Expectation { value, rules }),
        None => {
            let at = first_failure.unwrap_or(nodes.len() - 1);
            Err(NoRule { family: p.to_string(), term: g.subexpr(egg::Id::from(at)).to_string() })
        }
    }
}

fn both(value: &[Option<Expr>], a: egg::Id, b: egg::Id) -> Option<(Expr, Expr)> {
    Some((value[usize::from(a)].clone()?, value[usize::from(b)].clone()?))
}

fn rule_name(a: Atom) -> &'static str {
    a.rule_name()
}

/// Matches `sub` against the atoms; returns the atom and its offset c.
fn atom(sub: &Expr) -> Option<(Atom, Expr)> {
    let zero = Expr::int(0);
    let is_x = |id: egg::Id| matches!(sub.node(id), Math::Symbol(s) if s.as_str() == VARIABLE);
    let free = |id: egg::Id| !sub.subexpr(id).contains_symbol(VARIABLE);
    let is_log_x = |id: egg::Id| matches!(sub.node(id), Math::Log(a) if is_x(*a));
    // base − c with the base matched by `base`; c free of x
    let around = |id: egg::Id, base: &dyn Fn(egg::Id) -> bool| -> Option<Expr> {
        if base(id) {
            return Some(zero.clone());
        }
        match sub.node(id) {
            Math::Sub([a, c]) if base(*a) && free(*c) => Some(sub.subexpr(*c)),
            _ => None,
        }
    };
    match sub.node(sub.root()) {
        Math::Symbol(_) if is_x(sub.root()) => Some((Atom::Mean, zero)),
        Math::Log(a) if is_x(*a) => Some((Atom::Log, zero)),
        Math::Abs(a) => around(*a, &is_x).map(|c| (Atom::AbsAround, c)),
        Math::Pow([b, k]) if matches!(sub.node(*k), Math::Num(r) if *r == crate::expr::Rational::from_integer(2)) => {
            if let Some(c) = around(*b, &is_x) {
                Some((Atom::SquareAround, c))
            } else {
                around(*b, &is_log_x).map(|c| (Atom::LogSquareAround, c))
            }
        }
        _ => None,
    }
}

/// The moment rule of P's family for an atom with offset c, instantiated (from the registry).
fn moment(p: &Parametric, a: Atom, c: &Expr) -> Option<Expr> {
    p.family.moment(a, &p.params, c)
}

/// The terms of a sum, with signs: `a − (b + c)` gives [(+, a), (−, b), (−, c)].
pub fn sum_terms(e: &Expr) -> Vec<(bool, Expr)> {
    let mut out = Vec::new();
    let mut stack = vec![(e.root(), true)];
    while let Some((id, positive)) = stack.pop() {
        match e.node(id) {
            // pushed right first so that terms come out left to right
            Math::Add([a, b]) => {
                stack.push((*b, positive));
                stack.push((*a, positive));
            }
            Math::Sub([a, b]) => {
                stack.push((*b, !positive));
                stack.push((*a, positive));
            }
            Math::Neg(a) => stack.push((*a, !positive)),
            _ => out.push((positive, e.subexpr(id))),
        }
    }
    out
}

/// The sum of signed terms (0 for none).
pub fn from_terms(terms: &[(bool, Expr)]) -> Expr {
    let mut acc: Option<Expr> = None;
    for (positive, t) in terms {
        acc = Some(match (acc, positive) {
            (None, true) => t.clone(),
            (None, false) => -t,
            (Some(a), true) => &a + t,
            (Some(a), false) => &a - t,
        });
    }
    acc.unwrap_or_else(|| Expr::int(0))
}

/// Removes pairs of equal terms with opposite signs from a sum; `None` if nothing cancels.
pub fn cancel_common_terms(e: &Expr) -> Option<Expr> {
    let mut terms = sum_terms(e);
    let mut changed = false;
    let mut i = 0;
    while i < terms.len() {
        let partner = (i + 1..terms.len()).find(|&j| terms[j].0 != terms[i].0 && terms[j].1 == terms[i].1);
        match partner {
            Some(j) => {
                terms.remove(j);
                terms.remove(i);
                changed = true;
            }
            None => i += 1,
        }
    }
    changed.then(|| from_terms(&terms))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(t: &str) -> Expr {
        Expr::parse(t).unwrap()
    }

    #[test]
    fn laplace_abs_and_normal_square() {
        let p = Parametric::parse("Laplace(m1, b1)").unwrap();
        let r = expectation(&e("abs(x - m2)/b2"), &p).unwrap();
        assert_eq!(r.value.to_string(), "(abs(m1 - m2) + b1*exp(-abs(m1 - m2)/b1))/b2");
        let n = Parametric::parse("N(m, s)").unwrap();
        assert_eq!(expectation(&e("x^2"), &n).unwrap().value.to_string(), "s^2 + m^2");
        let err = expectation(&e("log(1 + exp(x))"), &n).unwrap_err();
        assert_eq!(err.term, "exp(x)");
    }

    #[test]
    fn cancellation_of_common_terms() {
        let c = cancel_common_terms(&e("a - log(2*pi)/2 - (b - log(2*pi)/2)")).unwrap();
        assert_eq!(c.to_string(), "a - b");
        assert!(cancel_common_terms(&e("a - b")).is_none());
    }
}
