//! Smart constructors over a growing `RecExpr`: constants folded, 0 and 1 factors dropped,
//! identical nodes shared.
//!
//! Soundness of the dropping: `0·a → 0` and `a + 0 → a` change the domain of definition only by
//! removing a subterm; every caller in this crate builds from subterms of an expression whose
//! domain is already assumed (a derivative is claimed only on the interior of f's domain), so no
//! point where the result is claimed becomes undefined or changes value.

use std::collections::HashMap;

use egg::{Id, Language, RecExpr};

use crate::expr::{Expr, Math, Rational};

/// A `RecExpr` under construction, with hash-consing and folding constructors.
#[derive(Default, Clone)]
pub(crate) struct Builder {
    rec: RecExpr<Math>,
    memo: HashMap<Math, Id>,
}

impl Builder {
    /// Adds a node as is (shared if already present).
    pub(crate) fn add(&mut self, node: Math) -> Id {
        if let Some(&id) = self.memo.get(&node) {
            return id;
        }
        let id = self.rec.add(node.clone());
        self.memo.insert(node, id);
        id
    }

    /// Copies `expr` in, folding operations on exact constants (`lgamma(1)` → 0); returns the
    /// new id of each of its nodes.
    pub(crate) fn import(&mut self, expr: &Expr) -> Vec<Id> {
        let mut ids: Vec<Id> = Vec::with_capacity(expr.nodes().len());
        for node in expr.nodes() {
            let mapped = node.clone().map_children(|c| ids[usize::from(c)]);
            let constant_args = !mapped.is_leaf() && mapped.children().iter().all(|&c| self.constant(c).is_some());
            let id = if constant_args {
                let small = mapped.build_recexpr(|c| self.rec[c].clone());
                match Expr::from_rec(small).map(|e| crate::expr::exact::eval_constant(&e)) {
                    Some(Ok(v)) => self.num(v),
                    _ => self.add(mapped),
                }
            } else {
                self.add(mapped)
            };
            ids.push(id);
        }
        ids
    }

    /// Copies `expr` in through the folding constructors (`a − a → 0` for shared `a`, constants
    /// folded, 0 and 1 factors dropped); returns the id of its root. Sound where `expr` is defined.
    pub(crate) fn rebuild(&mut self, expr: &Expr) -> Id {
        let mut ids: Vec<Id> = Vec::with_capacity(expr.nodes().len());
        for node in expr.nodes() {
            let c = |i: &Id| ids[usize::from(*i)];
            let id = match node {
                Math::Add([a, b]) => self.add2(c(a), c(b)),
                Math::Sub([a, b]) => self.sub(c(a), c(b)),
                Math::Mul([a, b]) => self.mul(c(a), c(b)),
                Math::Div([a, b]) => self.div(c(a), c(b)),
                Math::Pow([a, b]) => self.pow(c(a), c(b)),
                Math::Neg(a) => self.neg(c(a)),
                Math::Log(a) => self.unary(Math::Log, c(a)),
                Math::Exp(a) => self.unary(Math::Exp, c(a)),
                Math::Sqrt(a) => self.unary(Math::Sqrt, c(a)),
                Math::Abs(a) => self.unary(Math::Abs, c(a)),
                Math::Lgamma(a) => self.unary(Math::Lgamma, c(a)),
                Math::Digamma(a) => self.unary(Math::Digamma, c(a)),
                Math::LambertW(a) => self.unary(Math::LambertW, c(a)),
                other => {
                    let mapped = other.clone().map_children(|i| ids[usize::from(i)]);
                    self.add(mapped)
                }
            };
            ids.push(id);
        }
        *ids.last().expect("an expression has a root")
    }

    /// The node at `id`.
    pub(crate) fn node(&self, id: Id) -> &Math {
        &self.rec[id]
    }

    /// The exact constant at `id`, if it is a number node.
    pub(crate) fn constant(&self, id: Id) -> Option<&Rational> {
        match &self.rec[id] {
            Math::Num(q) => Some(q),
            _ => None,
        }
    }

    /// The expression rooted at `id`, as a standalone [`Expr`].
    pub(crate) fn finish(&self, id: Id) -> Expr {
        // the builder is never empty once `id` exists
        Expr::from_rec(self.rec.clone()).expect("an id exists, so the RecExpr is nonempty").subexpr(id)
    }

    pub(crate) fn num(&mut self, q: Rational) -> Id {
        self.add(Math::Num(q))
    }

    pub(crate) fn int(&mut self, n: i64) -> Id {
        self.num(Rational::from_integer(n))
    }

    fn is_zero(&self, id: Id) -> bool {
        self.constant(id).is_some_and(Rational::is_zero)
    }

    fn is_one(&self, id: Id) -> bool {
        self.constant(id).is_some_and(Rational::is_one)
    }

    pub(crate) fn add2(&mut self, a: Id, b: Id) -> Id {
        if self.is_zero(a) {
            return b;
        }
        if self.is_zero(b) {
            return a;
        }
        if let (Some(x), Some(y)) = (self.constant(a), self.constant(b))
            && let Some(s) = x.checked_add(y)
        {
            return self.num(s);
        }
        if let Math::Neg(nb) = *self.node(b) {
            return self.sub(a, nb);
        }
        if let Math::Neg(na) = *self.node(a) {
            return self.sub(b, na);
        }
        self.add(Math::Add([a, b]))
    }

    pub(crate) fn sub(&mut self, a: Id, b: Id) -> Id {
        if self.is_zero(b) {
            return a;
        }
        if self.is_zero(a) {
            return self.neg(b);
        }
        if a == b {
            // a − a with a built from subterms of a defined expression
            return self.int(0);
        }
        if let (Some(x), Some(y)) = (self.constant(a), self.constant(b))
            && let Some(s) = x.checked_sub(y)
        {
            return self.num(s);
        }
        if let Math::Neg(nb) = *self.node(b) {
            return self.add2(a, nb);
        }
        self.add(Math::Sub([a, b]))
    }

    pub(crate) fn neg(&mut self, a: Id) -> Id {
        if let Some(x) = self.constant(a) {
            let n = x.neg();
            return self.num(n);
        }
        if let Math::Neg(inner) = *self.node(a) {
            return inner;
        }
        self.add(Math::Neg(a))
    }

    pub(crate) fn mul(&mut self, a: Id, b: Id) -> Id {
        if self.is_zero(a) || self.is_zero(b) {
            return self.int(0);
        }
        if self.is_one(a) {
            return b;
        }
        if self.is_one(b) {
            return a;
        }
        if let (Some(x), Some(y)) = (self.constant(a), self.constant(b))
            && let Some(s) = x.checked_mul(y)
        {
            return self.num(s);
        }
        if self.constant(a).is_some_and(|x| *x == Rational::from_integer(-1)) {
            return self.neg(b);
        }
        if self.constant(b).is_some_and(|x| *x == Rational::from_integer(-1)) {
            return self.neg(a);
        }
        // keep constants in front: c·(d·x) → (cd)·x
        if let (Some(x), Math::Mul([c, rest])) = (self.constant(a).cloned(), self.node(b).clone())
            && let Some(y) = self.constant(c)
            && let Some(s) = x.checked_mul(y)
        {
            let k = self.num(s);
            return self.mul(k, rest);
        }
        if self.constant(b).is_some() && self.constant(a).is_none() {
            return self.mul(b, a);
        }
        // x·(y/x) → y: the quotient is defined wherever the product is claimed, so x ≠ 0 there
        if let Math::Div([y, x]) = *self.node(b)
            && x == a
        {
            return y;
        }
        if let Math::Div([y, x]) = *self.node(a)
            && x == b
        {
            return y;
        }
        if let Math::Neg(na) = *self.node(a) {
            let m = self.mul(na, b);
            return self.neg(m);
        }
        if let Math::Neg(nb) = *self.node(b) {
            let m = self.mul(a, nb);
            return self.neg(m);
        }
        self.add(Math::Mul([a, b]))
    }

    pub(crate) fn div(&mut self, a: Id, b: Id) -> Id {
        if self.is_one(b) {
            return a;
        }
        if self.is_zero(a) {
            return self.int(0);
        }
        if let (Some(x), Some(y)) = (self.constant(a), self.constant(b))
            && !y.is_zero()
            && let Some(s) = x.checked_div(y)
        {
            return self.num(s);
        }
        if let Math::Neg(na) = *self.node(a) {
            let m = self.div(na, b);
            return self.neg(m);
        }
        self.add(Math::Div([a, b]))
    }

    pub(crate) fn pow(&mut self, a: Id, b: Id) -> Id {
        if self.is_one(b) {
            return a;
        }
        if let (Some(x), Some(y)) = (self.constant(a), self.constant(b)) {
            let e = Expr::num(x.clone()).combine(Math::Pow, &Expr::num(y.clone()));
            if let Ok(v) = crate::expr::exact::eval_constant(&e) {
                return self.num(v);
            }
        }
        self.add(Math::Pow([a, b]))
    }

    pub(crate) fn unary(&mut self, op: fn(Id) -> Math, a: Id) -> Id {
        let node = op(a);
        if let Some(x) = self.constant(a) {
            let e = Expr::num(x.clone()).apply(op);
            if let Ok(v) = crate::expr::exact::eval_constant(&e) {
                return self.num(v);
            }
        }
        self.add(node)
    }
}
