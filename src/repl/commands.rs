//! The handlers of the commands, one module per concept. [`super::table::COMMANDS`] names each
//! handler with its command; each returns an [`super::Answer`] built from a typed outcome of
//! [`super::outcome`].

pub(super) mod bindings;
pub(super) mod conjugate;
pub(super) mod distributions;
pub(super) mod fitting;
pub(super) mod generator;
pub(super) mod output;
pub(super) mod samples;

use super::Answer;
use super::outcome::Derived;
use crate::simplify::Derivation;

/// A derivation as text (its steps, then the bare result), with its outcome for JSON, the result
/// as an expression in `vars` and the derivation's LaTeX.
pub(in crate::repl) fn derivation_answer(derivation: &Derivation, outcome: Derived, vars: &[&str]) -> Answer {
    let mut text = derivation.to_text();
    if !derivation.complete {
        text.push_str("\n(only partly simplified: a work limit was hit)");
    }
    text.push_str(&format!("\n{}", derivation.result));
    let mut answer = Answer::new(text, &outcome).with_expr(&derivation.result, vars);
    answer.latex = Some(derivation.to_latex());
    answer
}
