//! Derivations: the steps from a start term to its simplified form, rule by rule.
//!
//! A [`Derivation`] is built from egg's explanation of `start = result`, one explanation per
//! stage. Each raw step rewrites one subterm with one rule; the step records the rule's name, the
//! side conditions it relied on (egg does not record them: they are re-derived here by matching
//! the rule's left side at the rewritten subterm and stating each required fact about the bound
//! subterms, e.g. `q ≠ 0`), and the whole expression after it. The summary shown to a reader
//! drops the hidden rules (commutativity, associativity, spellings of subtraction) — the
//! expression after each kept step already includes them — and a final `rearrange` step shows
//! any reordering left at the end; [`Derivation::trace`] keeps every raw step.

use std::fmt;

use egg::{ENodeOrVar, FlatTerm, Id, Language, Pattern, RecExpr, Var};

use super::analysis::CONST_FOLD;
use super::rules;
use crate::expr::{Expr, Math};

/// The name of the step that shows reordering left after the last kept step.
pub const REARRANGE: &str = "rearrange";

/// One step of a derivation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The rule's stable name (`cancel-mul-div`), `const-fold`, `rearrange`, or the name of an
    /// exact normal-form step.
    pub rule: String,
    /// The side conditions the step relied on, as text: `q ≠ 0`.
    pub conditions: Vec<String>,
    /// The whole expression after the step.
    pub expr: Expr,
}

/// Why a stage of the simplifier stopped.
#[derive(Debug, Clone, PartialEq)]
pub enum StopReason {
    /// No rule applies any more: the e-graph is saturated.
    Saturated,
    /// No smaller form appeared for [`Limits::patience`](super::Limits::patience) iterations,
    /// or the best form is as cheap as the exact normal form's.
    Converged,
    /// The iteration limit was hit (a partial result).
    IterationLimit(usize),
    /// The e-graph node limit was hit (a partial result).
    NodeLimit(usize),
    /// The time limit (a safety net) was hit (a partial result).
    TimeLimit(f64),
}

impl StopReason {
    /// Whether a limit cut the stage short.
    pub fn hit_limit(&self) -> bool {
        !matches!(self, StopReason::Saturated | StopReason::Converged)
    }
}

impl fmt::Display for StopReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StopReason::Saturated => f.write_str("saturated"),
            StopReason::Converged => f.write_str("converged"),
            StopReason::IterationLimit(n) => write!(f, "iteration limit ({n}) hit"),
            StopReason::NodeLimit(n) => write!(f, "node limit ({n}) hit"),
            StopReason::TimeLimit(s) => write!(f, "time limit ({s} s) hit"),
        }
    }
}

/// What one stage did: its name, why it stopped, and the e-graph's peak size.
#[derive(Debug, Clone, PartialEq)]
pub struct StageReport {
    /// The stage's name (`cancel`, `expand`, or a normal form's name).
    pub stage: &'static str,
    /// Why it stopped.
    pub stop: StopReason,
    /// Iterations run.
    pub iterations: usize,
    /// Peak number of e-nodes.
    pub peak_nodes: usize,
    /// Peak number of e-classes.
    pub peak_classes: usize,
}

/// A derivation: `start`, the steps, and the `result`.
///
/// # Examples
///
/// ```
/// use fdiv::expr::Expr;
/// use fdiv::simplify::{simplify, Assumptions, Limits};
/// let kl = Expr::parse("q*(p/q*log(p/q))").unwrap();
/// let d = simplify(&kl, &Assumptions::default(), &Limits::default());
/// assert_eq!(d.result.to_string(), "p*log(p/q)");
/// assert!(d.complete);
/// assert!(d.steps.iter().any(|s| s.rule == "cancel-mul-div" && s.conditions == ["q ≠ 0"]));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Derivation {
    /// The term derived from.
    pub start: Expr,
    /// The steps shown to a reader.
    pub steps: Vec<Step>,
    /// The final form.
    pub result: Expr,
    /// False when a limit cut a stage short: the result is then only partly simplified.
    pub complete: bool,
    /// One report per stage.
    pub stages: Vec<StageReport>,
    /// Every raw step, shuffles included.
    pub trace: Vec<Step>,
}

impl Derivation {
    /// A derivation of no steps.
    pub fn trivial(start: Expr) -> Derivation {
        Derivation { result: start.clone(), start, steps: vec![], complete: true, stages: vec![], trace: vec![] }
    }

    /// Appends a derivation that starts where this one ends.
    pub fn then(mut self, next: Derivation) -> Derivation {
        debug_assert_eq!(self.result, next.start, "derivations chained at different terms");
        self.steps.extend(next.steps);
        self.trace.extend(next.trace);
        self.stages.extend(next.stages);
        self.result = next.result;
        self.complete &= next.complete;
        self
    }

    /// Appends one step computed outside the e-graph (an exact normal form), with its name.
    pub fn then_step(mut self, rule: &str, conditions: Vec<String>, expr: Expr) -> Derivation {
        let step = Step { rule: rule.to_string(), conditions, expr: expr.clone() };
        self.steps.push(step.clone());
        self.trace.push(step);
        self.result = expr;
        self
    }

    /// The derivation as text, one step per line:
    ///
    /// ```text
    ///   q*(p/q*log(p/q))
    /// = p*log(p/q)    [cancel-mul-div; q ≠ 0]
    /// ```
    pub fn to_text(&self) -> String {
        render_text(&self.start, &self.steps, self.complete)
    }

    /// Every raw step as text (shuffles included).
    pub fn trace_text(&self) -> String {
        render_text(&self.start, &self.trace, self.complete)
    }

    /// The derivation as a LaTeX `align*` environment, the rule of each step in `\text{}`.
    pub fn to_latex(&self) -> String {
        let mut out = String::from("\\begin{align*}\n");
        out.push_str(&format!("  & {}", self.start.to_latex()));
        for step in &self.steps {
            let why = if step.conditions.is_empty() {
                step.rule.clone()
            } else {
                format!("{}; {}", step.rule, step.conditions.join(", "))
            };
            out.push_str(&format!(" \\\\\n  &= {} && \\text{{{}}}", step.expr.to_latex(), latex_text(&why)));
        }
        out.push_str("\n\\end{align*}");
        if !self.complete {
            out.push_str("\n% partly simplified: a limit was hit");
        }
        out
    }
}

/// The derivation as [`Derivation::to_text`] writes it: the start, then one step per line.
impl fmt::Display for Derivation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.to_text().trim_end())
    }
}

fn render_text(start: &Expr, steps: &[Step], complete: bool) -> String {
    let mut out = format!("  {start}");
    for step in steps {
        out.push_str(&format!("\n= {}    [{}", step.expr, step.rule));
        if !step.conditions.is_empty() {
            out.push_str(&format!("; {}", step.conditions.join(", ")));
        }
        out.push(']');
    }
    if !complete {
        out.push_str("\n(partly simplified: a limit was hit)");
    }
    out
}

/// Escapes text for `\text{}` and spells the condition symbols in LaTeX.
fn latex_text(text: &str) -> String {
    text.replace('≠', "$\\neq$").replace('≥', "$\\geq$").replace('ℕ', "$\\mathbb{N}$")
}

/// The raw steps of egg's flat explanation `terms` (the first term is the start).
pub(crate) fn raw_steps(terms: &[FlatTerm<Math>]) -> Vec<Step> {
    let mut steps = Vec::with_capacity(terms.len().saturating_sub(1));
    for pair in terms.windows(2) {
        let (before, after) = (&pair[0], &pair[1]);
        let expr = tidy(&to_expr(after));
        let (rule, conditions) = match locate_rewrite(after) {
            Some((name, forward, path)) => {
                // the left side of the rule is the subterm before a forward step, after a backward one
                let instance = if forward { at_path(before, &path) } else { at_path(after, &path) };
                let conditions = instance.map(|t| conditions_of(&name, &to_expr(t))).unwrap_or_default();
                (name, conditions)
            }
            None => ("?".to_string(), vec![]),
        };
        steps.push(Step { rule, conditions, expr });
    }
    steps
}

/// The summary of raw steps: hidden rules dropped, consecutive constant folds merged, and a
/// `rearrange` step if the last kept step is not the final term.
pub(crate) fn summarize(start: &Expr, raw: &[Step]) -> Vec<Step> {
    let mut kept: Vec<Step> = Vec::new();
    for step in raw {
        let shown = rules::by_name(&step.rule).is_none_or(|r| r.shown);
        if !shown {
            // a hidden step changes the term: fold it into the previous kept step if it is
            // a constant fold (so that a fold after shuffles shows the shuffled term)
            continue;
        }
        let previous = kept.last().map(|s| &s.expr).unwrap_or(start);
        if step.expr.to_string() == previous.to_string() {
            // no visible change once subtraction is spelled as such
            continue;
        }
        match kept.last_mut() {
            Some(last) if last.rule == CONST_FOLD && step.rule == CONST_FOLD => last.expr = step.expr.clone(),
            _ => kept.push(step.clone()),
        }
    }
    let last_expr = kept.last().map(|s| &s.expr).unwrap_or(start);
    if let Some(final_step) = raw.last()
        && final_step.expr.to_string() != last_expr.to_string()
    {
        kept.push(Step { rule: REARRANGE.to_string(), conditions: vec![], expr: final_step.expr.clone() });
    }
    kept
}

/// Spells the hidden forms of subtraction and negation as a reader writes them:
/// `a + -1·b` → `a - b`, `a + (-c)` → `a - c`, `-1·a` → `-a`, `a + (-b)` → `a - b`.
/// Only notation changes: the `sub-as-add` and `neg-as-mul` rules link these spellings.
pub fn tidy(e: &Expr) -> Expr {
    let mut rec: RecExpr<Math> = RecExpr::default();
    let mut ids: Vec<Id> = Vec::with_capacity(e.nodes().len());
    for node in e.nodes() {
        let mapped = node.clone().map_children(|c| ids[usize::from(c)]);
        let id = match &mapped {
            Math::Mul([c, a]) if matches!(&rec[*c], Math::Num(k) if *k == crate::expr::Rational::from_integer(-1)) => {
                rec.add(Math::Neg(*a))
            }
            Math::Add([a, b]) => match rec[*b].clone() {
                Math::Neg(inner) => rec.add(Math::Sub([*a, inner])),
                Math::Num(k) if k.is_negative() => {
                    let pos = rec.add(Math::Num(k.neg()));
                    rec.add(Math::Sub([*a, pos]))
                }
                _ => match rec[*a].clone() {
                    Math::Neg(inner) => rec.add(Math::Sub([*b, inner])),
                    _ => rec.add(mapped),
                },
            },
            _ => rec.add(mapped),
        };
        ids.push(id);
    }
    let root = ids[ids.len() - 1];
    Expr::from_rec(rec).map(|r| r.subexpr(root)).unwrap_or_else(|| e.clone())
}

fn to_expr(term: &FlatTerm<Math>) -> Expr {
    Expr::from_rec(term.get_recexpr()).expect("a flat term has a root")
}

/// Where `term` carries its rewrite annotation: (rule, forward?, path of child indices).
fn locate_rewrite(term: &FlatTerm<Math>) -> Option<(String, bool, Vec<usize>)> {
    let mut stack: Vec<(&FlatTerm<Math>, Vec<usize>)> = vec![(term, vec![])];
    while let Some((t, path)) = stack.pop() {
        if let Some(rule) = t.forward_rule {
            return Some((rule.to_string(), true, path));
        }
        if let Some(rule) = t.backward_rule {
            return Some((rule.to_string(), false, path));
        }
        for (i, child) in t.children.iter().enumerate().rev() {
            let mut p = path.clone();
            p.push(i);
            stack.push((child, p));
        }
    }
    None
}

fn at_path<'a>(term: &'a FlatTerm<Math>, path: &[usize]) -> Option<&'a FlatTerm<Math>> {
    let mut t = term;
    for &i in path {
        t = t.children.get(i)?;
    }
    Some(t)
}

/// The conditions of rule `name` at an instance of its left side, as text.
fn conditions_of(name: &str, instance: &Expr) -> Vec<String> {
    let Some(rule) = rules::by_name(name) else { return vec![] };
    if rule.requires.is_empty() {
        return vec![];
    }
    let Ok(lhs) = rule.lhs.parse::<Pattern<Math>>() else { return vec![] };
    let Some(bindings) = match_pattern(&lhs.ast, instance) else { return vec![] };
    rule.conditions()
        .into_iter()
        .filter_map(|(var, fact)| {
            let id = bindings.iter().find(|(v, _)| *v == var)?.1;
            let term = instance.subexpr(id);
            // facts about constants and symbols that are evident are still stated: they are
            // what the step relied on
            Some(fact.describe(&term.to_string()))
        })
        .collect()
}

/// Syntactic match of a pattern at the root of `expr`: the node bound to each variable.
fn match_pattern(pattern: &RecExpr<ENodeOrVar<Math>>, expr: &Expr) -> Option<Vec<(Var, Id)>> {
    let mut bindings: Vec<(Var, Id)> = Vec::new();
    let root = Id::from(pattern.as_ref().len() - 1);
    let mut stack = vec![(root, expr.root())];
    while let Some((p, e)) = stack.pop() {
        match &pattern[p] {
            ENodeOrVar::Var(v) => match bindings.iter().find(|(w, _)| w == v) {
                Some(&(_, bound)) => {
                    if expr.subexpr(bound) != expr.subexpr(e) {
                        return None;
                    }
                }
                None => bindings.push((*v, e)),
            },
            ENodeOrVar::ENode(node) => {
                let target = expr.node(e);
                if !node.matches(target) {
                    return None;
                }
                for (&pc, &ec) in node.children().iter().zip(target.children()) {
                    stack.push((pc, ec));
                }
            }
        }
    }
    Some(bindings)
}
