//! The rewrite rules: a reviewed table with stable kebab-case names.
//!
//! Every rule is an equality of real functions on the whole domain its condition admits, and it
//! keeps the domain of definition unchanged: a rule that deletes a subterm (`0·a → 0`,
//! `a·(b/a) → b`) requires that subterm to be total (defined everywhere), and a rule whose sides
//! are defined on different sets (`√a·√a → a`) requires the fact that makes them equal. A
//! condition is a list of [`Fact`]s about pattern variables that the analysis must *prove*.
//! `tests/rules.rs` evaluates both sides of every rule of [`all`] at random and edge points of
//! its admitted domain.
//!
//! Subtraction and negation have two spellings each (`a - b` and `a + -1·b`; `-a` and `-1·a`),
//! linked by the `sub-as-add`/`neg-as-mul` rules, so the other rules need not be repeated for
//! each. Rules marked hidden (commutativity, associativity, these spellings) are folded out of
//! the derivations shown to a reader.
//!
//! # Adding a rule
//!
//! Add a row to the table in its group with a new kebab-case name (names are stable: they appear
//! in snapshots), the weakest condition under which it is an identity *and* preserves the domain,
//! and the stages it belongs to; `tests/rules.rs` then checks it numerically.

use egg::{ConditionalApplier, Pattern, Rewrite, Var};

use super::analysis::{Fact, FactAnalysis, Requires};
use crate::expr::Math;

/// The group of a rule (its section in the table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    /// Commutativity, associativity, units, zeros, distribution, collecting terms.
    Algebra,
    /// Cancellation and fraction arithmetic.
    Fractions,
    /// Powers and square roots.
    Powers,
    /// Logarithms and exponentials.
    LogExp,
    /// Absolute value, min and max.
    AbsMinMax,
}

/// A set of stages, as bits: each run of the simplifier uses the rules of one stage.
pub type Stages = u8;

/// Rewrite the integrand into a compact form: cancellation, fractions, powers, abs.
pub const CANCEL: Stages = 1;
/// Expand: distribute products over sums and split logarithms of products.
pub const EXPAND: Stages = 2;
/// Every stage.
const ALL: Stages = CANCEL | EXPAND;

/// One rewrite rule: `lhs → rhs` when every fact of `requires` is proved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// Stable kebab-case name.
    pub name: &'static str,
    /// The group.
    pub group: Group,
    /// Left side, an egg pattern such as `(* ?a (/ ?b ?a))`.
    pub lhs: &'static str,
    /// Right side.
    pub rhs: &'static str,
    /// Side condition: each variable (`"?a"`) with the fact it needs.
    pub requires: &'static [(&'static str, Fact)],
    /// Whether a derivation shown to a reader keeps its steps (false for shuffles).
    pub shown: bool,
    /// The stages that use it.
    pub stages: Stages,
}

impl Rule {
    /// The egg rewrite.
    ///
    /// # Panics
    ///
    /// Never for the rules of [`all`]: their patterns are checked by a unit test.
    pub fn rewrite(&self) -> Rewrite<Math, FactAnalysis> {
        let lhs: Pattern<Math> = self.lhs.parse().expect("rule table patterns parse (unit-tested)");
        let rhs: Pattern<Math> = self.rhs.parse().expect("rule table patterns parse (unit-tested)");
        let rule = if self.requires.is_empty() {
            Rewrite::new(self.name, lhs, rhs)
        } else {
            let condition = Requires(self.conditions());
            Rewrite::new(self.name, lhs, ConditionalApplier { condition, applier: rhs })
        };
        rule.expect("rule table rewrites are well formed (unit-tested)")
    }

    /// The side condition as (variable, fact) pairs.
    pub fn conditions(&self) -> Vec<(Var, Fact)> {
        self.requires
            .iter()
            .map(|(v, f)| (v.parse().expect("rule variables start with '?' (unit-tested)"), *f))
            .collect()
    }
}

use Fact::{Constant, Natural, Nonnegative, Nonzero, Positive, Total};
use Group::{AbsMinMax, Algebra, Fractions, LogExp, Powers};

const fn rule(
    name: &'static str,
    group: Group,
    lhs: &'static str,
    rhs: &'static str,
    requires: &'static [(&'static str, Fact)],
) -> Rule {
    Rule { name, group, lhs, rhs, requires, shown: true, stages: ALL }
}

const fn hidden(rule: Rule) -> Rule {
    Rule { shown: false, ..rule }
}

const fn only(stages: Stages, rule: Rule) -> Rule {
    Rule { stages, ..rule }
}

#[rustfmt::skip]
const RULES: &[Rule] = &[
    // algebra
    hidden(rule("comm-add",        Algebra, "(+ ?a ?b)",               "(+ ?b ?a)",                  &[])),
    hidden(rule("comm-mul",        Algebra, "(* ?a ?b)",               "(* ?b ?a)",                  &[])),
    hidden(rule("assoc-add",       Algebra, "(+ ?a (+ ?b ?c))",        "(+ (+ ?a ?b) ?c)",           &[])),
    hidden(rule("assoc-add-rev",   Algebra, "(+ (+ ?a ?b) ?c)",        "(+ ?a (+ ?b ?c))",           &[])),
    hidden(rule("assoc-mul",       Algebra, "(* ?a (* ?b ?c))",        "(* (* ?a ?b) ?c)",           &[])),
    hidden(rule("assoc-mul-rev",   Algebra, "(* (* ?a ?b) ?c)",        "(* ?a (* ?b ?c))",           &[])),
    hidden(rule("sub-as-add",      Algebra, "(- ?a ?b)",               "(+ ?a (* -1 ?b))",           &[])),
    hidden(rule("add-as-sub",      Algebra, "(+ ?a (* -1 ?b))",        "(- ?a ?b)",                  &[])),
    hidden(rule("neg-as-mul",      Algebra, "(neg ?a)",                "(* -1 ?a)",                  &[])),
    hidden(rule("mul-as-neg",      Algebra, "(* -1 ?a)",               "(neg ?a)",                   &[])),
    rule("add-zero",               Algebra, "(+ ?a 0)",                "?a",                         &[]),
    rule("mul-one",                Algebra, "(* ?a 1)",                "?a",                         &[]),
    rule("mul-zero",               Algebra, "(* ?a 0)",                "0",                          &[("?a", Total)]),
    rule("add-self",               Algebra, "(+ ?a ?a)",               "(* 2 ?a)",                   &[]),
    rule("sub-self",               Algebra, "(+ ?a (* -1 ?a))",        "0",                          &[("?a", Total)]),
    only(EXPAND, rule("distribute", Algebra, "(* ?a (+ ?b ?c))",       "(+ (* ?a ?b) (* ?a ?c))",    &[])),
    rule("collect-terms",          Algebra, "(+ (* ?c ?a) (* ?d ?a))", "(* (+ ?c ?d) ?a)",           &[("?c", Constant), ("?d", Constant)]),
    rule("collect-term",           Algebra, "(+ ?a (* ?c ?a))",        "(* (+ 1 ?c) ?a)",            &[("?c", Constant)]),
    // fractions
    rule("cancel-mul-div",         Fractions, "(* ?a (/ ?b ?a))",      "?b",                         &[("?a", Nonzero)]),
    rule("cancel-div-mul",         Fractions, "(/ (* ?a ?b) ?a)",      "?b",                         &[("?a", Nonzero)]),
    rule("cancel-common-factor",   Fractions, "(/ (* ?a ?b) (* ?a ?c))", "(/ ?b ?c)",                &[("?a", Nonzero)]),
    rule("div-self",               Fractions, "(/ ?a ?a)",             "1",                          &[("?a", Nonzero)]),
    rule("zero-div",               Fractions, "(/ 0 ?a)",              "0",                          &[("?a", Nonzero)]),
    rule("div-one",                Fractions, "(/ ?a 1)",              "?a",                         &[]),
    rule("mul-div",                Fractions, "(* ?a (/ ?b ?c))",      "(/ (* ?a ?b) ?c)",           &[]),
    rule("div-as-mul",             Fractions, "(/ (* ?a ?b) ?c)",      "(* ?a (/ ?b ?c))",           &[]),
    rule("div-div",                Fractions, "(/ (/ ?a ?b) ?c)",      "(/ ?a (* ?b ?c))",           &[]),
    rule("div-by-div",             Fractions, "(/ ?a (/ ?b ?c))",      "(/ (* ?a ?c) ?b)",           &[("?c", Nonzero)]),
    rule("mul-fractions",          Fractions, "(* (/ ?a ?b) (/ ?c ?d))", "(/ (* ?a ?c) (* ?b ?d))",  &[]),
    rule("add-same-denominator",   Fractions, "(+ (/ ?a ?c) (/ ?b ?c))", "(/ (+ ?a ?b) ?c)",         &[]),
    rule("add-fraction",           Fractions, "(+ ?a (/ ?b ?c))",      "(/ (+ (* ?a ?c) ?b) ?c)",    &[]),
    rule("add-fractions",          Fractions, "(+ (/ ?a ?b) (/ ?c ?d))", "(/ (+ (* ?a ?d) (* ?b ?c)) (* ?b ?d))", &[]),
    only(EXPAND, rule("split-fraction", Fractions, "(/ (+ ?a ?b) ?c)", "(+ (/ ?a ?c) (/ ?b ?c))",    &[])),
    rule("neg-div",                Fractions, "(/ (* -1 ?a) ?b)",      "(* -1 (/ ?a ?b))",           &[]),
    // powers
    rule("pow-one",                Powers, "(^ ?a 1)",                 "?a",                         &[]),
    rule("pow-zero",               Powers, "(^ ?a 0)",                 "1",                          &[("?a", Total)]),
    rule("square",                 Powers, "(^ ?a 2)",                 "(* ?a ?a)",                  &[]),
    rule("unsquare",               Powers, "(* ?a ?a)",                "(^ ?a 2)",                   &[]),
    rule("pow-div",                Powers, "(^ (/ ?a ?b) ?k)",         "(/ (^ ?a ?k) (^ ?b ?k))",    &[("?k", Natural)]),
    rule("pow-div-positive",       Powers, "(^ (/ ?a ?b) ?k)",         "(/ (^ ?a ?k) (^ ?b ?k))",    &[("?a", Positive), ("?b", Positive)]),
    rule("pow-mul",                Powers, "(^ (* ?a ?b) ?k)",         "(* (^ ?a ?k) (^ ?b ?k))",    &[("?k", Natural)]),
    rule("pow-mul-positive",       Powers, "(^ (* ?a ?b) ?k)",         "(* (^ ?a ?k) (^ ?b ?k))",    &[("?a", Positive), ("?b", Positive)]),
    rule("pow-add-exponents",      Powers, "(* (^ ?a ?b) (^ ?a ?c))",  "(^ ?a (+ ?b ?c))",           &[("?a", Positive)]),
    rule("mul-pow-self",           Powers, "(* ?a (^ ?a ?b))",         "(^ ?a (+ ?b 1))",            &[("?a", Positive)]),
    rule("div-pow",                Powers, "(/ (^ ?a ?b) (^ ?a ?c))",  "(^ ?a (- ?b ?c))",           &[("?a", Positive)]),
    rule("div-pow-self",           Powers, "(/ (^ ?a ?b) ?a)",         "(^ ?a (- ?b 1))",            &[("?a", Positive)]),
    rule("div-self-pow",           Powers, "(/ ?a (^ ?a ?b))",         "(^ ?a (- 1 ?b))",            &[("?a", Positive)]),
    rule("pow-pow",                Powers, "(^ (^ ?a ?b) ?c)",         "(^ ?a (* ?b ?c))",           &[("?a", Positive)]),
    rule("one-pow",                Powers, "(^ 1 ?a)",                 "1",                          &[("?a", Total)]),
    rule("pow-neg-one",            Powers, "(^ ?a -1)",                "(/ 1 ?a)",                   &[]),
    rule("sqrt-as-pow",            Powers, "(sqrt ?a)",                "(^ ?a 1/2)",                 &[]),
    rule("sqrt-squared",           Powers, "(^ (sqrt ?a) 2)",          "?a",                         &[("?a", Nonnegative)]),
    rule("sqrt-of-square",         Powers, "(sqrt (^ ?a 2))",          "(abs ?a)",                   &[]),
    rule("sqrt-mul",               Powers, "(sqrt (* ?a ?b))",         "(* (sqrt ?a) (sqrt ?b))",    &[("?a", Nonnegative), ("?b", Nonnegative)]),
    rule("sqrt-div",               Powers, "(sqrt (/ ?a ?b))",         "(/ (sqrt ?a) (sqrt ?b))",    &[("?a", Nonnegative), ("?b", Positive)]),
    // logarithms and exponentials
    rule("log-mul",                LogExp, "(log (* ?a ?b))",          "(+ (log ?a) (log ?b))",      &[("?a", Positive), ("?b", Positive)]),
    rule("log-div",                LogExp, "(log (/ ?a ?b))",          "(- (log ?a) (log ?b))",      &[("?a", Positive), ("?b", Positive)]),
    rule("log-pow",                LogExp, "(log (^ ?a ?k))",          "(* ?k (log ?a))",            &[("?a", Positive)]),
    rule("log-sqrt",               LogExp, "(log (sqrt ?a))",          "(* 1/2 (log ?a))",           &[("?a", Positive)]),
    rule("merge-logs",             LogExp, "(+ (log ?a) (log ?b))",    "(log (* ?a ?b))",            &[("?a", Positive), ("?b", Positive)]),
    rule("merge-log-quotient",     LogExp, "(- (log ?a) (log ?b))",    "(log (/ ?a ?b))",            &[("?a", Positive), ("?b", Positive)]),
    rule("neg-log",                LogExp, "(* -1 (log ?a))",          "(log (/ 1 ?a))",             &[("?a", Positive)]),
    rule("log-exp",                LogExp, "(log (exp ?a))",           "?a",                         &[]),
    rule("exp-log",                LogExp, "(exp (log ?a))",           "?a",                         &[("?a", Positive)]),
    rule("exp-add",                LogExp, "(exp (+ ?a ?b))",          "(* (exp ?a) (exp ?b))",      &[]),
    // absolute value, min, max
    rule("abs-nonnegative",        AbsMinMax, "(abs ?a)",              "?a",                         &[("?a", Nonnegative)]),
    rule("abs-neg",                AbsMinMax, "(abs (* -1 ?a))",       "(abs ?a)",                   &[]),
    rule("abs-mul",                AbsMinMax, "(abs (* ?a ?b))",       "(* (abs ?a) (abs ?b))",      &[]),
    rule("abs-div",                AbsMinMax, "(abs (/ ?a ?b))",       "(/ (abs ?a) (abs ?b))",      &[]),
    rule("abs-sub",                AbsMinMax, "(abs (- ?a ?b))",       "(abs (- ?b ?a))",            &[]),
    rule("max-as-abs",             AbsMinMax, "(max ?a ?b)",           "(* 1/2 (+ (+ ?a ?b) (abs (- ?a ?b))))", &[]),
    rule("min-as-abs",             AbsMinMax, "(min ?a ?b)",           "(* 1/2 (- (+ ?a ?b) (abs (- ?a ?b))))", &[]),
];

/// Every rule, in table order.
///
/// # Examples
///
/// ```
/// let names: Vec<&str> = fdiv::simplify::rules::all().iter().map(|r| r.name).collect();
/// assert!(names.contains(&"cancel-mul-div"));
/// ```
pub fn all() -> &'static [Rule] {
    RULES
}

/// The rule called `name`.
pub fn by_name(name: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.name == name)
}

/// The egg rewrites of one stage.
pub fn rewrites(stage: Stages) -> Vec<Rewrite<Math, FactAnalysis>> {
    RULES.iter().filter(|r| r.stages & stage != 0).map(Rule::rewrite).collect()
}

/// The egg rewrites of one stage, built once per process (patterns are parsed once).
pub(crate) fn cached(stage: Stages) -> &'static [Rewrite<Math, FactAnalysis>] {
    use std::sync::OnceLock;
    static CANCEL_RULES: OnceLock<Vec<Rewrite<Math, FactAnalysis>>> = OnceLock::new();
    static EXPAND_RULES: OnceLock<Vec<Rewrite<Math, FactAnalysis>>> = OnceLock::new();
    static ALL_RULES: OnceLock<Vec<Rewrite<Math, FactAnalysis>>> = OnceLock::new();
    let cell = match stage {
        CANCEL => &CANCEL_RULES,
        EXPAND => &EXPAND_RULES,
        _ => &ALL_RULES,
    };
    cell.get_or_init(|| rewrites(if stage == CANCEL || stage == EXPAND { stage } else { ALL }))
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_rule_builds_and_names_are_unique_kebab_case() {
        let mut seen = HashSet::new();
        for r in all() {
            assert!(seen.insert(r.name), "duplicate rule name {}", r.name);
            assert!(r.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{}", r.name);
            let _ = r.rewrite();
            for (v, _) in r.requires {
                assert!(r.lhs.contains(v), "{}: condition on {v}, which the left side does not bind", r.name);
            }
        }
    }
}
