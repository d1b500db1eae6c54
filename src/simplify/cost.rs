//! The extraction cost: which of the equal forms in an e-class is shown.
//!
//! The cost of a form is, in this order of priority:
//!
//! 1. its **weight**: the number of nodes of the tree ([`Expr::tree_size`](crate::expr::Expr::tree_size))
//!    plus [`NESTED_FRACTION`] for every fraction that contains another fraction
//!    (`2/(1 + p/q)`) and for every fraction (or power of a fraction) added to something
//!    (`1 + p/q`, `(p/q)^3 - 1`: the common denominator is not taken), so no form with needless
//!    repetition of `p` and `q` is preferred to a smaller one — `p·log(p/q)` (6 nodes), not `q·(p/q)·log(p/q)` (10) — and a nested fraction
//!    is written out only when it saves more than that many nodes;
//! 2. then a **penalty** for shapes a mathematician avoids, among forms of the same size: a
//!    fraction inside a fraction (`(a/b)/c`), a fraction as a factor of a product (`a·(b/c)`
//!    rather than `a·b/c`), and a product whose first factor is larger than the second
//!    (`log(p/q)·p` rather than `p·log(p/q)`), and a negative constant exponent (`q^(-2)`).
//!
//! Size comes first, so the extracted form is always one of the smallest in its class.

use egg::{CostFunction, Id, Language};

use super::analysis::{GraphView, MathGraph};
use super::curvature::{Shape, View, node_shape};
use crate::expr::{Math, Rational};
use crate::numeric::interval::{Enclosure, Interval};

/// The weight of a fraction inside a fraction, in nodes.
pub const NESTED_FRACTION: usize = 2;

/// The cost of a form: compared by `(weight, penalty)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cost {
    /// Number of nodes, plus [`NESTED_FRACTION`] per nested fraction.
    pub size: usize,
    /// Penalties for avoidable shapes (see the module doc).
    pub penalty: usize,
    /// Whether the form is a quotient at its top (not compared; read by the parent).
    is_fraction: bool,
    /// Whether the form contains a quotient (not compared; read by the parent).
    has_fraction: bool,
    /// Whether the form is a negative constant (not compared; read by the parent).
    negative: bool,
    /// A structural hash of the form (not compared; read by the parent to see `q + q`).
    fingerprint: u64,
    /// The name of a symbol leaf (not compared; read by the parent to order `p + q`).
    symbol: Option<egg::Symbol>,
    /// Whether the form is a number (not compared; read by the parent).
    constant: bool,
}

impl PartialOrd for Cost {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some((self.size, self.penalty).cmp(&(other.size, other.penalty)))
    }
}

/// The cost function of the module doc.
#[derive(Debug, Clone, Copy, Default)]
pub struct MathCost;

impl CostFunction<Math> for MathCost {
    type Cost = Cost;

    fn cost<C>(&mut self, enode: &Math, mut costs: C) -> Cost
    where
        C: FnMut(Id) -> Cost,
    {
        let children: Vec<Cost> = enode.children().iter().map(|&c| costs(c)).collect();
        let mut size = 1 + children.iter().map(|c| c.size).sum::<usize>();
        let mut penalty = children.iter().map(|c| c.penalty).sum::<usize>();
        let is_fraction = match enode {
            Math::Div(_) => true,
            Math::Pow(_) => children[0].is_fraction,
            _ => false,
        };
        if matches!(enode, Math::Div(_)) && children.iter().any(|c| c.has_fraction) {
            size += NESTED_FRACTION;
        }
        if matches!(enode, Math::Add(_) | Math::Sub(_)) {
            size += NESTED_FRACTION * children.iter().filter(|c| c.is_fraction).count();
        }
        match enode {
            Math::Div(_) => penalty += children.iter().filter(|c| c.is_fraction).count(),
            // q^(-2) rather than 1/q^2
            Math::Pow(_) => penalty += usize::from(children[1].negative),
            Math::Add(_) | Math::Mul(_) if children[0].fingerprint == children[1].fingerprint => {
                // `q + q` and `q*q` rather than `2*q` and `q^2`
                penalty += 1;
            }
            _ => {}
        }
        if let (Math::Add(_) | Math::Mul(_), [left, right]) = (enode, children.as_slice())
            && let (Some(a), Some(b)) = (left.symbol, right.symbol)
            && a.as_str() > b.as_str()
        {
            // `p + q`, not `q + p`
            penalty += 1;
        }
        if let Math::Mul(_) = enode {
            penalty += children.iter().filter(|c| c.is_fraction).count();
            if children[0].size > children[1].size {
                penalty += 1;
            }
        }
        let has_fraction = matches!(enode, Math::Div(_)) || children.iter().any(|c| c.has_fraction);
        if let (Math::Mul(_), [left, right]) = (enode, children.as_slice())
            && right.constant
            && !left.constant
        {
            // `2*q`, not `q*2`
            penalty += 1;
        }
        let negative = matches!(enode, Math::Num(c) if c.is_negative());
        let constant = matches!(enode, Math::Num(_));
        let fingerprint = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            std::mem::discriminant(enode).hash(&mut h);
            match enode {
                Math::Num(c) => c.hash(&mut h),
                Math::Symbol(s) => s.as_str().hash(&mut h),
                _ => children.iter().for_each(|c| c.fingerprint.hash(&mut h)),
            }
            h.finish()
        };
        let symbol = match enode {
            Math::Symbol(s) => Some(*s),
            _ => None,
        };
        Cost { size, penalty, is_fraction, has_fraction, negative, fingerprint, symbol, constant }
    }
}

/// The cost of a whole expression.
pub fn of(expr: &crate::expr::Expr) -> Cost {
    MathCost.cost_rec(expr.as_rec())
}

/// The cost of a form when extracting the tree that proves a shape: first how much is proved
/// (affine, then convex or concave, then nothing), then size.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapeRank {
    /// The shape the chosen tree proves (not compared).
    pub shape: Shape,
    rank: u8,
    size: usize,
}

impl PartialOrd for ShapeRank {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some((self.rank, self.size).cmp(&(other.rank, other.size)))
    }
}

/// Extraction by [`ShapeRank`]: each class's tree is the one that proves most about it, as
/// computed from its children's chosen trees (a tree, so it can be re-checked by
/// [`tree_shapes`](super::curvature::tree_shapes)).
pub struct ShapeCost<'a> {
    /// The saturated e-graph (its enclosures give the signs).
    pub egraph: &'a MathGraph,
    /// The variable.
    pub variable: &'a str,
    /// Whether convexity (true) or concavity (false) is sought, ranked before the other.
    pub want_convex: bool,
}

impl CostFunction<Math> for ShapeCost<'_> {
    type Cost = ShapeRank;

    fn cost<C>(&mut self, enode: &Math, mut costs: C) -> ShapeRank
    where
        C: FnMut(Id) -> ShapeRank,
    {
        let chosen: Vec<(Id, ShapeRank)> = enode.children().iter().map(|&c| (c, costs(c))).collect();
        let view = ChosenView { graph: GraphView { egraph: self.egraph, variable: self.variable }, chosen: &chosen };
        let (shape, _) = node_shape(enode, &view);
        let size = chosen.iter().fold(1usize, |acc, (_, c)| acc.saturating_add(c.size));
        let wanted = if self.want_convex { shape.convex } else { shape.concave };
        let rank = match (shape.is_constant(), shape.is_affine(), wanted) {
            (true, _, _) => 0,
            (_, true, _) => 1,
            (_, _, true) => 2,
            _ if shape.convex || shape.concave => 3,
            _ => 4,
        };
        ShapeRank { shape, rank, size }
    }
}

/// The e-graph view with the shapes of the children's chosen trees.
struct ChosenView<'a> {
    graph: GraphView<'a>,
    chosen: &'a [(Id, ShapeRank)],
}

impl View for ChosenView<'_> {
    fn variable(&self) -> &str {
        self.graph.variable
    }
    fn shape(&self, id: Id) -> Shape {
        self.chosen.iter().find(|(c, _)| *c == id).map_or(Shape::UNKNOWN, |(_, r)| r.shape)
    }
    fn enclosure(&self, id: Id) -> Enclosure {
        self.graph.enclosure(id)
    }
    fn constant(&self, id: Id) -> Option<Rational> {
        self.graph.constant(id)
    }
    fn same(&self, a: Id, b: Id) -> bool {
        self.graph.same(a, b)
    }
    fn forms(&self, id: Id) -> Vec<Math> {
        self.graph.forms(id)
    }
}

/// The cost of a form when extracting a tree whose plain interval enclosure is sign-definite:
/// first the sign information of its enclosure, then size.
#[derive(Debug, Clone, PartialEq)]
pub struct SignRank {
    /// The enclosure of the chosen tree, computed from its children's (not compared).
    pub enclosure: Enclosure,
    rank: u8,
    size: usize,
}

impl PartialOrd for SignRank {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some((self.rank, self.size).cmp(&(other.rank, other.size)))
    }
}

/// Extraction by [`SignRank`]: each class's tree is the one whose own enclosure says most
/// about its sign (strict, then weak, then total, then partial).
pub struct SignCost<'a> {
    /// The symbol ranges.
    pub range: &'a dyn Fn(&str) -> Option<Interval>,
}

impl CostFunction<Math> for SignCost<'_> {
    type Cost = SignRank;

    fn cost<C>(&mut self, enode: &Math, mut costs: C) -> SignRank
    where
        C: FnMut(Id) -> SignRank,
    {
        let chosen: Vec<SignRank> = enode.children().iter().map(|&c| costs(c)).collect();
        let children: Vec<Enclosure> = chosen.iter().map(|c| c.enclosure).collect();
        let enclosure = Enclosure::of_node(enode, &children, self.range);
        let size = chosen.iter().fold(1usize, |acc, c| acc.saturating_add(c.size));
        let r = enclosure.range;
        let rank = match (enclosure.total, r.is_positive() || r.is_negative(), r.is_nonnegative() || r.is_nonpositive())
        {
            (false, _, _) => 3,
            (true, true, _) => 0,
            (true, false, true) => 1,
            (true, false, false) => 2,
        };
        SignRank { enclosure, rank, size }
    }
}
