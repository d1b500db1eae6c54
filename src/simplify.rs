//! Simplification by equality saturation, with derivations.
//!
//! [`simplify`] puts an expression into an e-graph ([`egg`]) over the [`Assumptions`] of the
//! problem, applies the [`rules`] in small stages (one saturation with every rule explodes),
//! extracts the smallest form by the documented [`cost`], and turns egg's explanation of
//! `start = result` into a [`Derivation`]: named steps, the side conditions each relied on, and
//! the expression after each.
//!
//! - `assumptions`: symbol ranges (`p, q, u > 0` by default);
//! - `analysis`: the facts of an e-class — exact value, totality, an enclosure of its values;
//! - [`rules`]: the rewrite rules, a table with stable names;
//! - [`cost`]: the extraction cost;
//! - [`curvature`]: curvature and monotonicity facts (DCP), over trees and e-classes;
//! - `derivation`: steps, summaries, text and LaTeX.
//!
//! Every run is bounded by [`Limits`]; hitting a limit is reported in the derivation
//! ([`Derivation::complete`], [`StageReport::stop`]), never a panic or a hang.
//!
//! # Examples
//!
//! ```
//! use fdiv::expr::Expr;
//! use fdiv::simplify::{simplify, Assumptions, Limits};
//! let integrand = Expr::parse("q*(p/q - 1)^2").unwrap();
//! let d = simplify(&integrand, &Assumptions::default(), &Limits::default());
//! assert_eq!(d.result.to_string(), "(p - q)^2/q");
//! ```

pub(crate) mod analysis;
pub(crate) mod assumptions;
pub mod cost;
pub mod curvature;
pub(crate) mod derivation;
pub mod normal;
pub mod rules;

use std::time::Duration;

use egg::{Extractor, Runner};

pub use crate::numeric::interval::{Enclosure, Interval};
pub use analysis::{Fact, FactAnalysis, Facts};
pub use assumptions::Assumptions;
pub use derivation::{Derivation, StageReport, Step, StopReason};

use crate::expr::{Expr, Math};
use cost::MathCost;

/// Bounds on the work of one stage of the simplifier.
///
/// The defaults keep every catalogue derivation fast; the time limit is only a safety net, far
/// beyond what any of them needs, so that no result depends on the machine's speed.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Maximum e-nodes in the e-graph.
    pub nodes: usize,
    /// Maximum iterations (rounds of rule application).
    pub iterations: usize,
    /// Safety net on wall-clock time per stage.
    pub time: Duration,
    /// Maximum e-nodes when the exact normal form is available as the fallback: rewriting then
    /// only has to find a form as good as it, with a short derivation.
    pub assisted_nodes: usize,
    /// Stop a stage when the best form has not become cheaper for this many iterations (or
    /// as soon as it is as cheap as the exact normal form's).
    pub patience: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { nodes: 5_000, assisted_nodes: 300, iterations: 20, time: Duration::from_secs(20), patience: 3 }
    }
}

/// A named stage: the rules it runs.
#[derive(Debug, Clone, Copy)]
struct Stage {
    name: &'static str,
    rules: rules::Stages,
}

const STAGES: [Stage; 1] = [Stage { name: "cancel", rules: rules::CANCEL }];

/// Simplifies `expr` over the domain `assumptions`, within `limits`.
///
/// Returns the derivation; if a limit was hit, [`Derivation::complete`] is false and the result
/// is the best form found so far.
pub fn simplify(expr: &Expr, assumptions: &Assumptions, limits: &Limits) -> Derivation {
    let mut derivation = simplify_raw(expr, assumptions, limits);
    // the result reads as its last shown step does (`a - b`, not `a + -1*b`): notation only
    derivation.result = derivation::tidy(&derivation.result);
    derivation
}

fn simplify_raw(expr: &Expr, assumptions: &Assumptions, limits: &Limits) -> Derivation {
    // the exact normal form, computed first: rewriting stops as soon as it is as good
    let nf = normal::collect(expr, assumptions);
    let target = nf.as_ref().map(|nf| cost::of(&nf.collected));
    let mut derivation = Derivation::trivial(expr.clone());
    let assisted = Limits { nodes: limits.nodes.min(limits.assisted_nodes), ..limits.clone() };
    let stage_limits = if nf.is_some() { &assisted } else { limits };
    for stage in STAGES {
        let next = run_stage(&derivation.result, stage, assumptions, stage_limits, target);
        derivation = derivation.then(next);
    }
    // the normal form decides what rewriting leaves open: when its collected form is cheaper,
    // the derivation is the normal form's exact steps from the start. Either way the result is
    // at least as good as the exact normal form, so a limit hit by the assisted rewriting does
    // not leave it partly simplified.
    let Some(nf) = nf else { return derivation };
    derivation.complete = true;
    let unexplained = derivation.trace.is_empty() && derivation.result != *expr;
    if cost::of(&nf.collected) < cost::of(&derivation.result) || unexplained {
        let stages = std::mem::take(&mut derivation.stages);
        let complete = true;
        derivation = Derivation::trivial(expr.clone());
        if nf.expanded != *expr && nf.expanded != nf.collected {
            derivation = derivation.then_step(EXPAND_STEP, nf.conditions.clone(), nf.expanded);
        }
        derivation = derivation.then_step(COLLECT_STEP, nf.conditions, nf.collected);
        derivation.stages = stages;
        derivation.complete = complete;
    }
    derivation
}

/// A derivation of `a = b` through their common exact normal form, or `None` when the normal
/// forms differ (which does not prove `a ≠ b`) or either side is not total.
///
/// # Examples
///
/// ```
/// use fdiv::expr::Expr;
/// use fdiv::simplify::{equality, Assumptions};
/// let a = Expr::parse("log(p*q)").unwrap();
/// let b = Expr::parse("log(q) + log(p)").unwrap();
/// let d = equality(&a, &b, &Assumptions::default()).unwrap();
/// assert_eq!(d.result, b);
/// ```
pub fn equality(a: &Expr, b: &Expr, assumptions: &Assumptions) -> Option<Derivation> {
    let (form, conditions) = normal::common_form(a, b, assumptions)?;
    let mut d = Derivation::trivial(a.clone());
    if form != *a {
        d = d.then_step(EXPAND_STEP, conditions.clone(), form.clone());
    }
    if form != *b {
        d = d.then_step(EXPAND_BACK_STEP, conditions, b.clone());
    }
    Some(d)
}

/// The name of the step from a normal form back to an expression that has it.
pub const EXPAND_BACK_STEP: &str = "normal-form-reversed";

/// The name of the step that writes out the exact normal form (logarithms expanded under
/// positivity, products multiplied out).
pub const EXPAND_STEP: &str = "normal-form";
/// The name of the step that collects the normal form (logarithms grouped, numerator factored).
pub const COLLECT_STEP: &str = "collect";

/// One stage: a saturation that finds the best form, then a second, explained run that stops
/// as soon as the start and that form are proved equal (a small e-graph gives a short proof).
fn run_stage(
    start: &Expr,
    stage: Stage,
    assumptions: &Assumptions,
    limits: &Limits,
    target: Option<cost::Cost>,
) -> Derivation {
    let rewrites = rules::cached(stage.rules);
    let runner = discover(start, rewrites, assumptions, limits, target, false);
    let (_, best) = Extractor::new(&runner.egraph, MathCost).find_best(runner.roots[0]);
    let result = Expr::from_rec(best).expect("extraction yields a term");
    let stop = stop_reason(&runner);
    let mut report = StageReport {
        stage: stage.name,
        stop: stop.clone(),
        iterations: runner.iterations.len(),
        peak_nodes: 0,
        peak_classes: 0,
    };
    peak(&mut report, &runner);
    drop(runner);
    // a result the normal form beats is not explained: the derivation will not show it
    // or one the normal form ties after a long search (its proof would be long: the normal
    // form's two exact steps read better)
    let long = report.iterations > SHORT_SEARCH;
    let found = cost::of(&result);
    let beaten = target.is_some_and(|t| t < found || (long && t <= found));
    let trace = if result == *start || beaten {
        vec![]
    } else {
        explain(start, &result, rewrites, assumptions, limits, target, &mut report)
    };
    let steps = derivation::summarize(start, &trace);
    Derivation { start: start.clone(), steps, result, complete: !stop.hit_limit(), stages: vec![report], trace }
}

/// The discovery run: saturate until a limit, `patience` iterations without a cheaper form,
/// or a form as cheap as `target`.
fn discover(
    start: &Expr,
    rewrites: &[egg::Rewrite<Math, FactAnalysis>],
    assumptions: &Assumptions,
    limits: &Limits,
    target: Option<cost::Cost>,
    explanations: bool,
) -> Runner<Math, FactAnalysis, ()> {
    let patience = limits.patience.max(1);
    let mut best: Option<cost::Cost> = None;
    let mut stale = 0usize;
    let mut runner = Runner::new(FactAnalysis::new(assumptions.clone()));
    if explanations {
        runner = runner.with_explanations_enabled();
    }
    bounded(runner, limits)
        .with_expr(start.as_rec())
        .with_hook(move |runner| {
            let cost = Extractor::new(&runner.egraph, MathCost).find_best_cost(runner.roots[0]);
            if best.is_none_or(|b| cost < b) {
                best = Some(cost);
                stale = 0;
            } else {
                stale += 1;
            }
            let reached = target.is_some_and(|t| cost <= t);
            if stale >= patience || reached { Err(CONVERGED.to_string()) } else { Ok(()) }
        })
        .run(rewrites)
}

/// The raw steps proving `start = result` with `rewrites`.
fn explain(
    start: &Expr,
    result: &Expr,
    rewrites: &[egg::Rewrite<Math, FactAnalysis>],
    assumptions: &Assumptions,
    limits: &Limits,
    target: Option<cost::Cost>,
    report: &mut StageReport,
) -> Vec<Step> {
    let mut runner: Runner<Math, FactAnalysis, ()> =
        bounded(Runner::new(FactAnalysis::new(assumptions.clone())).with_explanations_enabled(), limits)
            .with_expr(start.as_rec())
            .with_expr(result.as_rec())
            .with_hook(|runner| {
                let (a, b) = (runner.roots[0], runner.roots[1]);
                if runner.egraph.find(a) == runner.egraph.find(b) { Err(PROVED.to_string()) } else { Ok(()) }
            })
            .run(rewrites);
    peak(report, &runner);
    let (a, b) = (runner.roots[0], runner.roots[1]);
    if runner.egraph.find(a) != runner.egraph.find(b) {
        // the focused run did not get there within the limits: repeat the discovery run (same
        // rules, limits and stopping rule: deterministic) with explanations, which finds `result`
        let mut runner = discover(start, rewrites, assumptions, limits, target, true);
        peak(report, &runner);
        let found = runner.egraph.lookup_expr(result.as_rec());
        if found.map(|id| runner.egraph.find(id)) != Some(runner.egraph.find(runner.roots[0])) {
            debug_assert!(false, "the discovery run did not repeat");
            return vec![];
        }
        let mut explanation = runner.explain_equivalence(start.as_rec(), result.as_rec());
        return derivation::raw_steps(explanation.make_flat_explanation());
    }
    let mut explanation = runner.explain_equivalence(start.as_rec(), result.as_rec());
    derivation::raw_steps(explanation.make_flat_explanation())
}

/// Why a runner stopped, as a derivation reports it.
fn stop_reason(runner: &Runner<Math, FactAnalysis, ()>) -> StopReason {
    match runner.stop_reason.clone() {
        Some(egg::StopReason::Saturated) | None => StopReason::Saturated,
        Some(egg::StopReason::IterationLimit(n)) => StopReason::IterationLimit(n),
        Some(egg::StopReason::NodeLimit(n)) => StopReason::NodeLimit(n),
        Some(egg::StopReason::TimeLimit(s)) => StopReason::TimeLimit(s),
        Some(egg::StopReason::Other(_)) => StopReason::Converged,
    }
}

/// A runner with the node, iteration and time limits.
fn bounded(runner: Runner<Math, FactAnalysis, ()>, limits: &Limits) -> Runner<Math, FactAnalysis, ()> {
    runner.with_node_limit(limits.nodes).with_iter_limit(limits.iterations).with_time_limit(limits.time)
}

/// Records the runner's peak e-graph size in the report.
fn peak(report: &mut StageReport, runner: &Runner<Math, FactAnalysis, ()>) {
    let nodes = runner.iterations.iter().map(|i| i.egraph_nodes).chain([runner.egraph.total_size()]).max();
    let classes = runner.iterations.iter().map(|i| i.egraph_classes).chain([runner.egraph.number_of_classes()]).max();
    report.peak_nodes = report.peak_nodes.max(nodes.unwrap_or(0));
    report.peak_classes = report.peak_classes.max(classes.unwrap_or(0));
}

const PROVED: &str = "proved";

/// Iterations within which a rewriting result that ties with the normal form is still shown
/// (KL's cancellation takes 3).
const SHORT_SEARCH: usize = 4;
const CONVERGED: &str = "converged";

/// An e-graph saturated from one expression (and its exact normal forms), with curvature
/// facts in a variable: what verification reads after rewriting.
pub struct Saturated {
    /// The e-graph.
    pub egraph: analysis::MathGraph,
    /// The class of the expression.
    pub root: egg::Id,
    /// Why rewriting stopped.
    pub stop: StopReason,
}

/// The name of the union of an expression with its exact normal form in [`saturate`].
pub const NORMAL_FORM_UNION: &str = "normal-form";

/// Saturates `expr` with every rule over `assumptions`, within `limits`, tracking curvature in
/// `variable` ([`curvature`]). The exact normal forms of `expr` (expanded and collected) are
/// added to its class first, so facts proved by them count.
///
/// # Examples
///
/// ```
/// use fdiv::expr::Expr;
/// use fdiv::simplify::{saturate, Assumptions, Limits};
/// let e = Expr::parse("(sqrt(u) - 1)^2").unwrap();
/// let s = saturate(&e, &Assumptions::default(), "u", &Limits::default());
/// assert!(s.egraph[s.root].data.shape.convex);
/// let (form, shape) = s.convex_form();
/// assert!(shape.convex, "{form}");
/// ```
pub fn saturate(expr: &Expr, assumptions: &Assumptions, variable: &str, limits: &Limits) -> Saturated {
    let mut egraph = analysis::MathGraph::new(FactAnalysis::with_variable(assumptions.clone(), variable));
    let root = egraph.add_expr(expr.as_rec());
    if let Some(nf) = normal::collect(expr, assumptions) {
        // the normal form is exact on the domain (its conditions are proved from the assumptions)
        for form in [&nf.expanded, &nf.collected] {
            let id = egraph.add_expr(form.as_rec());
            egraph.union_trusted(root, id, NORMAL_FORM_UNION);
        }
        egraph.rebuild();
    }
    let runner =
        bounded(Runner::default().with_egraph(egraph), limits).run(rules::cached(rules::CANCEL | rules::EXPAND));
    let stop = stop_reason(&runner);
    let egraph = runner.egraph;
    let root = egraph.find(root);
    Saturated { egraph, root, stop }
}

impl Saturated {
    /// The form of the root class that proves most about its convexity (see
    /// [`cost::ShapeCost`]), with the shape that tree proves.
    pub fn convex_form(&self) -> (Expr, curvature::Shape) {
        let variable = self.egraph.analysis.variable.map_or("u", |v| v.as_str());
        let cost = cost::ShapeCost { egraph: &self.egraph, variable, want_convex: true };
        let (rank, best) = Extractor::new(&self.egraph, cost).find_best(self.root);
        // extraction of a class of a non-empty e-graph yields a term
        (Expr::from_rec(best).expect("extraction yields a term"), rank.shape)
    }

    /// The form of the root class whose plain interval enclosure says most about its sign (see
    /// [`cost::SignCost`]), with that enclosure.
    pub fn signed_form(&self) -> (Expr, Enclosure) {
        let assumptions = &self.egraph.analysis.assumptions;
        let range = |s: &str| assumptions.range(s);
        let (rank, best) = Extractor::new(&self.egraph, cost::SignCost { range: &range }).find_best(self.root);
        (Expr::from_rec(best).expect("extraction yields a term"), rank.enclosure)
    }
}
