//! The e-class analysis: facts every form of an e-class shares.
//!
//! Per class: the exact rational value when the class is a rational constant (π, e, log 2 stay
//! symbolic); whether the class is *total* (defined at every point of the domain); and, for total
//! classes, an interval enclosing its value over the domain. Every form in a class denotes the
//! same function with the same domain of definition (the rules preserve it), so a fact proved by
//! *any* form holds for the class: totality is merged by "or", enclosures of total forms by
//! intersection. Curvature certificates (the verification issue) will be one more field of
//! [`Facts`], merged by keeping the stronger certificate.
//!
//! Constant folding adds the value as a `Num` node and records the union under the reason
//! `const-fold`, so derivations name the step.

use egg::{Analysis, DidMerge, EGraph, Id, Language, RecExpr, Subst, Var};

use super::curvature::{Shape, View, node_shape};
use super::{Assumptions, Enclosure};
use crate::expr::{Expr, Math, Rational, exact};

/// The e-graph type of the simplifier.
pub type MathGraph = EGraph<Math, FactAnalysis>;

/// The reason recorded for a constant-folding union.
pub const CONST_FOLD: &str = "const-fold";

/// What the analysis knows about one e-class.
#[derive(Debug, Clone, PartialEq)]
pub struct Facts {
    /// The exact value, when the class is a rational constant.
    pub constant: Option<Rational>,
    /// Totality and, when total, a range enclosing every value over the domain.
    pub enclosure: Enclosure,
    /// Curvature and monotonicity in the analysis's variable (nothing when it has none).
    pub shape: Shape,
}

/// The analysis: reads the symbols' ranges from the [`Assumptions`].
#[derive(Debug, Clone, Default)]
pub struct FactAnalysis {
    /// The domain.
    pub assumptions: Assumptions,
    /// The variable whose curvature facts are tracked, if any.
    pub variable: Option<egg::Symbol>,
}

impl FactAnalysis {
    /// The analysis over a domain.
    pub fn new(assumptions: Assumptions) -> FactAnalysis {
        FactAnalysis { assumptions, variable: None }
    }

    /// The analysis over a domain that also tracks curvature facts in `variable`.
    pub fn with_variable(assumptions: Assumptions, variable: &str) -> FactAnalysis {
        FactAnalysis { assumptions, variable: Some(egg::Symbol::from(variable)) }
    }
}

impl Analysis<Math> for FactAnalysis {
    type Data = Facts;

    fn make(egraph: &mut MathGraph, enode: &Math, _id: Id) -> Facts {
        // only the children's data is read: make is not re-run when grandchildren change
        let constant = match enode {
            Math::Num(q) => Some(q.clone()),
            Math::Symbol(_) | Math::Pi | Math::E => None,
            _ => {
                let args: Option<Vec<Rational>> =
                    enode.children().iter().map(|&c| egraph[c].data.constant.clone()).collect();
                args.and_then(|args| fold(enode, &args))
            }
        };
        let children: Vec<Enclosure> = enode.children().iter().map(|&c| egraph[c].data.enclosure).collect();
        let assumptions = &egraph.analysis.assumptions;
        let mut enclosure = Enclosure::of_node(enode, &children, &|s| assumptions.range(s));
        if let Some(q) = &constant {
            // an exact value is defined (exact evaluation succeeded) and is its own enclosure
            enclosure = Enclosure::of_node(&Math::Num(q.clone()), &[], &|_| None).refine(&enclosure);
        }
        let shape = match egraph.analysis.variable {
            Some(variable) => {
                let view = GraphView { egraph, variable: variable.as_str() };
                let (mut shape, _) = node_shape(enode, &view);
                if constant.is_some() {
                    shape = Shape::CONSTANT;
                }
                shape
            }
            None => Shape::UNKNOWN,
        };
        Facts { constant, enclosure, shape }
    }

    fn merge(&mut self, a: &mut Facts, b: Facts) -> DidMerge {
        let mut changed_a = false;
        let mut changed_b = false;
        match (&a.constant, &b.constant) {
            (None, Some(_)) => {
                a.constant = b.constant.clone();
                changed_a = true;
            }
            (Some(_), None) => changed_b = true,
            (Some(x), Some(y)) => debug_assert_eq!(x, y, "two constants in one e-class: an unsound rule"),
            (None, None) => {}
        }
        let shape = a.shape.join(b.shape);
        changed_a |= shape != a.shape;
        changed_b |= shape != b.shape;
        a.shape = shape;
        let merged = a.enclosure.refine(&b.enclosure);
        changed_a |= merged != a.enclosure;
        changed_b |= merged != b.enclosure;
        a.enclosure = merged;
        DidMerge(changed_a, changed_b)
    }

    fn modify(egraph: &mut MathGraph, id: Id) {
        if let Some(q) = egraph[id].data.constant.clone() {
            let num = egraph.add(Math::Num(q));
            egraph.union_trusted(id, num, CONST_FOLD);
        }
    }
}

/// Combining two enclosures of the same function: totality proved by either form holds for
/// both; ranges of total forms intersect.
trait Refine {
    fn refine(&self, other: &Enclosure) -> Enclosure;
}

impl Refine for Enclosure {
    fn refine(&self, other: &Enclosure) -> Enclosure {
        match (self.total, other.total) {
            (true, true) => match self.range.intersect(&other.range) {
                Some(range) => Enclosure { range, total: true },
                None => {
                    // both enclose the same total function: an empty intersection is a soundness bug
                    debug_assert!(false, "empty intersection of {self:?} and {other:?}");
                    *self
                }
            },
            (true, false) => *self,
            (false, true) => *other,
            (false, false) => *self,
        }
    }
}

/// The exact value of `node` applied to constant arguments, if rational.
fn fold(node: &Math, args: &[Rational]) -> Option<Rational> {
    let mut rec = RecExpr::default();
    let ids: Vec<Id> = args.iter().map(|q| rec.add(Math::Num(q.clone()))).collect();
    let mut next = ids.into_iter();
    // map_children visits the children in order, one id each
    rec.add(node.clone().map_children(|_| next.next().unwrap_or(Id::from(0))));
    let value = exact::eval(&Expr::from_rec(rec)?, &|_| None).ok()?;
    // runaway constants (2^-1000 from repeated powers) are kept symbolic: no derivation needs them
    (value.numer().bits() <= FOLD_BITS && value.denom().bits() <= FOLD_BITS).then_some(value)
}

/// The largest numerator or denominator, in bits, that constant folding produces.
const FOLD_BITS: u64 = 128;

/// A fact a rule's side condition needs about one of its pattern variables.
///
/// Each answers true only when the analysis *proves* it; unknown means no.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fact {
    /// Defined at every point of the domain.
    Total,
    /// Total and > 0 everywhere.
    Positive,
    /// Total and ≥ 0 everywhere.
    Nonnegative,
    /// Total and ≠ 0 everywhere.
    Nonzero,
    /// A rational constant.
    Constant,
    /// A constant natural number 0, 1, 2, ….
    Natural,
}

impl Fact {
    /// Whether the analysis proves this fact for the class `id`.
    pub fn holds(self, egraph: &MathGraph, id: Id) -> bool {
        let facts = &egraph[id].data;
        let e = &facts.enclosure;
        match self {
            Fact::Total => e.total,
            Fact::Positive => e.total && e.range.is_positive(),
            Fact::Nonnegative => e.total && e.range.is_nonnegative(),
            Fact::Nonzero => e.total && e.range.is_nonzero(),
            Fact::Constant => facts.constant.is_some(),
            Fact::Natural => facts.constant.as_ref().is_some_and(|q| q.is_integer() && !q.is_negative()),
        }
    }

    /// The condition as text about a term: `q > 0`.
    pub fn describe(self, term: &str) -> String {
        match self {
            Fact::Total => format!("{term} is defined"),
            Fact::Positive => format!("{term} > 0"),
            Fact::Nonnegative => format!("{term} ≥ 0"),
            Fact::Nonzero => format!("{term} ≠ 0"),
            Fact::Constant => format!("{term} is a constant"),
            Fact::Natural => format!("{term} ∈ ℕ"),
        }
    }
}

/// A rule's side condition: every listed variable has its fact.
#[derive(Debug, Clone)]
pub struct Requires(pub Vec<(Var, Fact)>);

impl egg::Condition<Math, FactAnalysis> for Requires {
    fn check(&self, egraph: &mut MathGraph, _eclass: Id, subst: &Subst) -> bool {
        self.0.iter().all(|(var, fact)| subst.get(*var).is_some_and(|&id| fact.holds(egraph, id)))
    }

    fn vars(&self) -> Vec<Var> {
        self.0.iter().map(|(v, _)| *v).collect()
    }
}

/// An e-graph as a [`View`]: the facts of the classes.
pub(crate) struct GraphView<'a> {
    pub(crate) egraph: &'a MathGraph,
    pub(crate) variable: &'a str,
}

impl View for GraphView<'_> {
    fn variable(&self) -> &str {
        self.variable
    }
    fn shape(&self, id: Id) -> Shape {
        self.egraph[id].data.shape
    }
    fn enclosure(&self, id: Id) -> Enclosure {
        self.egraph[id].data.enclosure
    }
    fn constant(&self, id: Id) -> Option<Rational> {
        self.egraph[id].data.constant.clone()
    }
    fn same(&self, a: Id, b: Id) -> bool {
        self.egraph.find(a) == self.egraph.find(b)
    }
    fn forms(&self, id: Id) -> Vec<Math> {
        self.egraph[id].nodes.clone()
    }
}
