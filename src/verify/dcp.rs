//! Convexity strategies (a) and (c): curvature facts by composition (DCP), and interval
//! enclosures of f'' — each on the expression as written, its exact normal form, and every form
//! an e-graph saturation finds equal to it.
//!
//! A proof names the form that carries it and is re-checked on that tree alone, outside the
//! e-graph: [`tree_shapes`] recomputes the composition bottom-up with plain interval
//! enclosures, and [`enclose`] recomputes the enclosure of f''. The form's equality with f (or
//! f'') is the e-graph's (every rule is an identity on the domain), confirmed by the exact
//! normal form when it decides it.

use num_rational::BigRational;

use super::{Certificate, rational_f64};
use crate::expr::Expr;
use crate::generator::VARIABLE;
use crate::numeric::interval::{Interval, enclose};
use crate::simplify::curvature::{Shape, tree_shapes};
use crate::simplify::derivation::tidy;
use crate::simplify::{Assumptions, Limits, normal, saturate};

/// Bounds of the e-graph runs of this module: small, since every case that needs more is
/// decided (or left unknown) by the other strategies.
fn limits() -> Limits {
    Limits { nodes: 3_000, iterations: 8, ..Limits::default() }
}

/// The domain u ∈ (lo, hi), widened outward to floats (a fact proved on a larger interval holds
/// on the smaller), with the parameters' declared ranges.
fn domain(lo: &BigRational, hi: Option<&BigRational>, params: &Assumptions) -> Assumptions {
    let lo = rational_f64(lo).next_down().max(0.0);
    let hi = hi.map_or(f64::INFINITY, |h| rational_f64(h).next_up());
    let u = Interval::new(lo, hi, true, true).unwrap_or_else(Interval::positive);
    params.clone().with(VARIABLE, u)
}

/// Whether `form` is convex on the domain by the composition rules alone, as a tree: the
/// steps of the proof that are not affine, or `None`.
fn tree_proof(form: &Expr, domain: &Assumptions) -> Option<Vec<String>> {
    let shapes = tree_shapes(form, VARIABLE, &|s| domain.range(s));
    let root = shapes.last()?;
    if !(root.shape.convex && root.enclosure.total) {
        return None;
    }
    let mut steps = Vec::new();
    for (i, node) in shapes.iter().enumerate() {
        let sub = form.subexpr(egg::Id::from(i));
        // affine parts are not where curvature is decided: the steps name the rest
        if node.shape.is_affine() || node.shape == Shape::UNKNOWN || sub.nodes().len() == 1 {
            continue;
        }
        steps.push(format!("{sub}: {} ({})", node.shape.describe(), node.rule));
    }
    if steps.len() > MAX_STEPS {
        let cut = steps.len() - MAX_STEPS;
        steps.drain(..cut);
        steps.insert(0, "…".into());
    }
    Some(steps)
}

/// The most proof steps a certificate lists (the last ones, nearest the root).
const MAX_STEPS: usize = 8;

/// A form read out of an e-graph, re-checked by `proof` on the tree alone: as a reader writes
/// it (`a - b` for `a + -1·b`) when that spelling keeps the proof, else as extracted.
fn recheck<T>(raw: Expr, proof: impl Fn(&Expr) -> Option<T>) -> Option<(Expr, T)> {
    let tidied = tidy(&raw);
    match proof(&tidied) {
        Some(t) => Some((tidied, t)),
        None => proof(&raw).map(|t| (raw, t)),
    }
}

/// How `form` is known equal to `f`: the exact normal form when it decides, else rewriting.
fn equal_by(f: &Expr, form: &Expr, domain: &Assumptions, fallback: &str) -> String {
    if form == f {
        "as written".into()
    } else if normal::equal(f, form, domain) == Some(true) {
        "equal by the exact normal form".into()
    } else {
        fallback.into()
    }
}

/// Strategy (a) on trees: f as written and its exact normal forms.
pub(super) fn by_composition(
    f: &Expr,
    lo: &BigRational,
    hi: Option<&BigRational>,
    params: &Assumptions,
) -> Option<Certificate> {
    let domain = domain(lo, hi, params);
    let mut candidates = vec![f.clone()];
    if let Some(nf) = normal::collect(f, &domain) {
        candidates.push(nf.expanded);
        candidates.push(nf.collected);
    }
    candidates.into_iter().find_map(|form| {
        let steps = tree_proof(&form, &domain)?;
        let equal_by = equal_by(f, &form, &domain, "equal by the exact normal form");
        Some(Certificate::Curvature { form, equal_by, steps, interval: super::interval_text(lo, hi) })
    })
}

/// Strategy (a) in the e-graph: a form of f's class that the composition rules certify.
pub(super) fn by_composition_in_egraph(
    f: &Expr,
    lo: &BigRational,
    hi: Option<&BigRational>,
    params: &Assumptions,
) -> Option<Certificate> {
    let domain = domain(lo, hi, params);
    let saturated = saturate(f, &domain, VARIABLE, &limits());
    if !saturated.egraph[saturated.root].data.shape.convex {
        return None;
    }
    let (raw, _) = saturated.convex_form();
    // the re-check outside the e-graph: the chosen tree alone
    let (form, steps) = recheck(raw, |e| tree_proof(e, &domain))?;
    let equal_by = equal_by(f, &form, &domain, "equal by e-graph rewriting");
    Some(Certificate::Curvature { form, equal_by, steps, interval: super::interval_text(lo, hi) })
}

/// Strategy (c): f'' ≥ 0 by the interval enclosure of a form of its e-class.
pub(super) fn by_enclosure(
    second: &Expr,
    lo: &BigRational,
    hi: Option<&BigRational>,
    params: &Assumptions,
) -> Option<Certificate> {
    let domain = domain(lo, hi, params);
    let range = |s: &str| domain.range(s);
    let nonnegative = |e: &Expr| {
        let enc = enclose(e, &range);
        (enc.total && enc.range.is_nonnegative()).then_some(enc.range)
    };
    let interval = super::interval_text(lo, hi);
    if let Some(r) = nonnegative(second) {
        return Some(Certificate::Enclosure {
            second: second.clone(),
            form: second.clone(),
            equal_by: "as written".into(),
            range: r.to_string(),
            interval,
        });
    }
    let saturated = saturate(second, &domain, VARIABLE, &limits());
    let class = saturated.egraph[saturated.root].data.enclosure;
    if !(class.total && class.range.is_nonnegative()) {
        return None;
    }
    let (raw, _) = saturated.signed_form();
    // the re-check outside the e-graph: the chosen tree's own enclosure
    let (form, r) = recheck(raw, nonnegative)?;
    let equal_by = equal_by(second, &form, &domain, "equal by e-graph rewriting");
    Some(Certificate::Enclosure { second: second.clone(), form, equal_by, range: r.to_string(), interval })
}
