//! The extraction cost: which of the equal forms in an e-class is shown.
//!
//! The cost of a form is, in this order of priority:
//!
//! 1. its **size**, the number of nodes of the tree ([`Expr::tree_size`](crate::expr::Expr::tree_size)),
//!    so no form with needless repetition of `p` and `q` is ever preferred to a smaller one:
//!    `p·log(p/q)` (6 nodes), not `q·(p/q)·log(p/q)` (10);
//! 2. then a **penalty** for shapes a mathematician avoids, among forms of the same size: a
//!    fraction inside a fraction (`(a/b)/c`), a fraction as a factor of a product (`a·(b/c)`
//!    rather than `a·b/c`), and a product whose first factor is larger than the second
//!    (`log(p/q)·p` rather than `p·log(p/q)`).
//!
//! Size comes first, so the extracted form is always one of the smallest in its class.

use egg::{CostFunction, Id, Language};

use crate::expr::Math;

/// The cost of a form: compared by `(size, penalty)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cost {
    /// Number of nodes.
    pub size: usize,
    /// Penalties for avoidable shapes (see the module doc).
    pub penalty: usize,
    /// Whether the form is a quotient at its top (not compared; read by the parent).
    is_fraction: bool,
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
        let size = 1 + children.iter().map(|c| c.size).sum::<usize>();
        let mut penalty = children.iter().map(|c| c.penalty).sum::<usize>();
        match enode {
            Math::Div(_) => penalty += children.iter().filter(|c| c.is_fraction).count(),
            Math::Mul(_) => {
                penalty += children.iter().filter(|c| c.is_fraction).count();
                if children[0].size > children[1].size {
                    penalty += 1;
                }
            }
            _ => {}
        }
        Cost { size, penalty, is_fraction: matches!(enode, Math::Div(_)) }
    }
}
