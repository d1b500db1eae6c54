//! Curvature and monotonicity facts: disciplined convex programming (DCP) over expressions
//! and e-classes.
//!
//! A [`Shape`] records what is *proved* about a function of one variable (the *variable*,
//! `u` for generators) on the domain of the [`Assumptions`](super::Assumptions): convex,
//! concave, nondecreasing, nonincreasing. Affine is convex and concave; constant is
//! nondecreasing and nonincreasing; every other symbol is a parameter, so a constant.
//!
//! [`node_shape`] is the composition calculus. For a node whose children are all total
//! (defined on the whole domain), it combines their shapes and value ranges by the DCP rules:
//!
//! - sums and nonnegative scalings keep curvature; negation flips it;
//! - h ∘ g is convex when h is convex and g affine, or h convex nondecreasing and g convex, or
//!   h convex nonincreasing and g concave (and dually for concave), with h among
//!   exp, log, √, x^k (k ≥ 1, 0 ≤ k ≤ 1 or k ≤ 0 on the range of g), c/x, |·|, lgamma,
//!   digamma, lambertw and a^x;
//! - max of convex is convex, min of concave is concave;
//! - the atoms x·log x and the relative entropy x·log(x/y) for affine x, y > 0 (convex), and
//!   the quadratic-over-linear x²/y for affine x and affine y > 0 (convex).
//!
//! Children's value ranges are the interval enclosures of the analysis (signs, exponent
//! ranges, so a parameter with a declared range such as α ∈ (0, 1) gives u^α concave).
//!
//! The same calculus runs over a plain tree ([`tree_shapes`], the re-check outside the
//! e-graph) and over e-classes ([`Facts::shape`](super::Facts), merged by "or": every form of
//! a class denotes the same function, so a fact proved by any form holds for the class — the
//! class of (√u − 1)² is convex through its equal u − 2√u + 1). [`ShapeCost`](super::cost::ShapeCost) extracts from an
//! e-graph the tree that carries the proof, and [`SignCost`](super::cost::SignCost) one whose interval enclosure is
//! sign-definite.

use egg::{Id, Language};

use crate::expr::{Expr, Math, Rational};
use crate::numeric::interval::{Enclosure, Interval};

/// What is proved about a function of the variable on the domain.
///
/// # Examples
///
/// ```
/// use fdiv::simplify::curvature::Shape;
/// let s = Shape::CONVEX.join(Shape::CONCAVE);
/// assert!(s.is_affine() && !s.is_constant());
/// assert!((-Shape::CONVEX).concave);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Shape {
    /// Convex on the domain.
    pub convex: bool,
    /// Concave on the domain.
    pub concave: bool,
    /// Nondecreasing on the domain.
    pub nondecreasing: bool,
    /// Nonincreasing on the domain.
    pub nonincreasing: bool,
}

impl Shape {
    /// Nothing proved.
    pub const UNKNOWN: Shape = Shape { convex: false, concave: false, nondecreasing: false, nonincreasing: false };
    /// Convex, monotonicity unknown.
    pub const CONVEX: Shape = Shape { convex: true, ..Shape::UNKNOWN };
    /// Concave, monotonicity unknown.
    pub const CONCAVE: Shape = Shape { concave: true, ..Shape::UNKNOWN };
    /// Affine, monotonicity unknown.
    pub const AFFINE: Shape = Shape { convex: true, concave: true, ..Shape::UNKNOWN };
    /// Constant: everything holds.
    pub const CONSTANT: Shape = Shape { convex: true, concave: true, nondecreasing: true, nonincreasing: true };
    /// The identity x ↦ x.
    const IDENTITY: Shape = Shape { nondecreasing: true, ..Shape::AFFINE };

    /// Convex and concave.
    pub fn is_affine(self) -> bool {
        self.convex && self.concave
    }

    /// Nondecreasing and nonincreasing.
    pub fn is_constant(self) -> bool {
        self.nondecreasing && self.nonincreasing
    }

    /// Facts about one function proved two ways: each holds.
    pub fn join(self, other: Shape) -> Shape {
        Shape {
            convex: self.convex || other.convex,
            concave: self.concave || other.concave,
            nondecreasing: self.nondecreasing || other.nondecreasing,
            nonincreasing: self.nonincreasing || other.nonincreasing,
        }
    }

    /// The shape of c·f for a constant c with values in `c`.
    fn scale(self, c: &Interval) -> Shape {
        if c.as_point() == Some(0.0) {
            Shape::CONSTANT
        } else if c.is_nonnegative() {
            self
        } else if c.is_nonpositive() {
            -self
        } else if self.is_constant() {
            Shape::CONSTANT
        } else if self.is_affine() {
            Shape::AFFINE
        } else {
            Shape::UNKNOWN
        }
    }

    /// The shape of h ∘ g, for `self` the shape of h on the range of g.
    fn compose(self, g: Shape) -> Shape {
        if g.is_constant() || self.is_constant() {
            return Shape::CONSTANT;
        }
        let (h, g_) = (self, g);
        Shape {
            convex: h.convex && (g_.is_affine() || (h.nondecreasing && g_.convex) || (h.nonincreasing && g_.concave)),
            concave: h.concave && (g_.is_affine() || (h.nondecreasing && g_.concave) || (h.nonincreasing && g_.convex)),
            nondecreasing: (h.nondecreasing && g_.nondecreasing) || (h.nonincreasing && g_.nonincreasing),
            nonincreasing: (h.nondecreasing && g_.nonincreasing) || (h.nonincreasing && g_.nondecreasing),
        }
    }

    /// `convex, nondecreasing`: the proved facts as text (`no curvature known` when none).
    pub fn describe(self) -> String {
        let mut parts = Vec::new();
        if self.is_constant() {
            return "constant".into();
        }
        match (self.convex, self.concave) {
            (true, true) => parts.push("affine"),
            (true, false) => parts.push("convex"),
            (false, true) => parts.push("concave"),
            (false, false) => {}
        }
        if self.nondecreasing {
            parts.push("nondecreasing");
        }
        if self.nonincreasing {
            parts.push("nonincreasing");
        }
        if parts.is_empty() { "no curvature known".into() } else { parts.join(", ") }
    }
}

impl std::ops::Neg for Shape {
    type Output = Shape;

    /// The shape of −f.
    fn neg(self) -> Shape {
        Shape {
            convex: self.concave,
            concave: self.convex,
            nondecreasing: self.nonincreasing,
            nonincreasing: self.nondecreasing,
        }
    }
}

impl std::ops::Add for Shape {
    type Output = Shape;

    /// The shape of f + g.
    fn add(self, other: Shape) -> Shape {
        Shape {
            convex: self.convex && other.convex,
            concave: self.concave && other.concave,
            nondecreasing: self.nondecreasing && other.nondecreasing,
            nonincreasing: self.nonincreasing && other.nonincreasing,
        }
    }
}

/// What [`node_shape`] reads about the children of a node.
pub trait View {
    /// The name of the variable.
    fn variable(&self) -> &str;
    /// The shape proved for a child.
    fn shape(&self, id: Id) -> Shape;
    /// The enclosure of a child's values over the domain.
    fn enclosure(&self, id: Id) -> Enclosure;
    /// A child's exact value, when it is a rational constant.
    fn constant(&self, id: Id) -> Option<Rational>;
    /// Whether two children denote the same function.
    fn same(&self, a: Id, b: Id) -> bool;
    /// The forms of a child known to the view (its node in a tree; the nodes of its class).
    fn forms(&self, id: Id) -> Vec<Math>;
}

/// The shape of `node` from its children, with the rule that gave it.
///
/// Unknown unless every child is total on the domain. See the module doc for the rules.
pub fn node_shape<V: View>(node: &Math, v: &V) -> (Shape, &'static str) {
    let children = node.children();
    if !children.iter().all(|&c| v.enclosure(c).total) {
        return (Shape::UNKNOWN, "a part is not defined everywhere");
    }
    let s = |id: Id| v.shape(id);
    let range = |id: Id| v.enclosure(id).range;
    match node {
        Math::Num(_) | Math::Pi | Math::E => (Shape::CONSTANT, "constant"),
        Math::Symbol(name) if name.as_str() == v.variable() => (Shape::IDENTITY, "the variable"),
        Math::Symbol(_) => (Shape::CONSTANT, "a parameter"),
        Math::Add([a, b]) => (s(*a) + s(*b), "sum"),
        Math::Sub([a, b]) => (s(*a) + -s(*b), "difference"),
        Math::Neg(a) => (-s(*a), "negation"),
        Math::Mul([a, b]) => mul_shape(*a, *b, v),
        Math::Div([a, b]) => div_shape(*a, *b, v),
        Math::Pow([g, k]) => pow_shape(*g, *k, v),
        Math::Sqrt(g) if range(*g).is_nonnegative() => {
            (Shape { concave: true, nondecreasing: true, ..Shape::UNKNOWN }.compose(s(*g)), "√ ∘")
        }
        Math::Exp(g) => (Shape { convex: true, nondecreasing: true, ..Shape::UNKNOWN }.compose(s(*g)), "exp ∘"),
        Math::Log(g) if range(*g).is_positive() => {
            (Shape { concave: true, nondecreasing: true, ..Shape::UNKNOWN }.compose(s(*g)), "log ∘")
        }
        Math::Abs(g) => {
            let r = range(*g);
            if r.is_nonnegative() {
                (s(*g), "|g| = g (g ≥ 0)")
            } else if r.is_nonpositive() {
                (-s(*g), "|g| = −g (g ≤ 0)")
            } else {
                (Shape::CONVEX.compose(s(*g)), "|·| ∘")
            }
        }
        Math::Max([a, b]) => {
            let (x, y) = (s(*a), s(*b));
            let both = x + y;
            (Shape { concave: x.is_constant() && y.is_constant(), ..both }, "max")
        }
        Math::Min([a, b]) => {
            let (x, y) = (s(*a), s(*b));
            let both = x + y;
            (Shape { convex: x.is_constant() && y.is_constant(), ..both }, "min")
        }
        Math::Lgamma(g) if range(*g).is_positive() => {
            let r = range(*g);
            // lgamma is convex on (0, ∞), decreasing below its minimum x₀ ≈ 1.4616, increasing above
            let h = Shape { convex: true, nondecreasing: r.lo >= 1.5, nonincreasing: r.hi <= 1.4, concave: false };
            (h.compose(s(*g)), "lgamma ∘")
        }
        Math::Digamma(g) if range(*g).is_positive() => {
            (Shape { concave: true, nondecreasing: true, ..Shape::UNKNOWN }.compose(s(*g)), "digamma ∘")
        }
        // W₀ is concave and increasing on its whole domain [−1/e, ∞)
        Math::LambertW(g) if range(*g).lo >= -0.367_879_441_171_442_2 => {
            (Shape { concave: true, nondecreasing: true, ..Shape::UNKNOWN }.compose(s(*g)), "lambertw ∘")
        }
        _ => (Shape::UNKNOWN, "no rule"),
    }
}

/// a·b: constant scalings, and the atoms x·log x and x·log(x/y).
fn mul_shape<V: View>(a: Id, b: Id, v: &V) -> (Shape, &'static str) {
    let (sa, sb) = (v.shape(a), v.shape(b));
    if sa.is_constant() {
        return (sb.scale(&v.enclosure(a).range), "constant multiple");
    }
    if sb.is_constant() {
        return (sa.scale(&v.enclosure(b).range), "constant multiple");
    }
    for (x, l) in [(a, b), (b, a)] {
        let sx = v.shape(x);
        if !sx.is_affine() || !v.enclosure(x).range.is_positive() {
            continue;
        }
        for form in v.forms(l) {
            let Math::Log(y) = form else { continue };
            if v.same(y, x) {
                return (Shape::CONVEX, "x·log(x), x affine > 0");
            }
            for inner in v.forms(y) {
                let Math::Div([n, d]) = inner else { continue };
                let affine_positive = |z: Id| v.shape(z).is_affine() && v.enclosure(z).range.is_positive();
                if v.same(n, x) && affine_positive(d) {
                    return (Shape::CONVEX, "relative entropy x·log(x/y), x, y affine > 0");
                }
                if v.same(d, x) && affine_positive(n) {
                    return (Shape::CONCAVE, "−(relative entropy) x·log(y/x), x, y affine > 0");
                }
            }
        }
    }
    (Shape::UNKNOWN, "product of non-constant factors")
}

/// a/b: division by a constant, c/g, and the atom x²/y.
fn div_shape<V: View>(a: Id, b: Id, v: &V) -> (Shape, &'static str) {
    let (sa, sb) = (v.shape(a), v.shape(b));
    let (ra, rb) = (v.enclosure(a).range, v.enclosure(b).range);
    if sb.is_constant() {
        // 1/b has the sign of b
        let sign = if rb.is_positive() {
            Interval::positive()
        } else if rb.is_negative() {
            Interval::negative()
        } else {
            Interval::real()
        };
        return (sa.scale(&sign), "division by a constant");
    }
    if sa.is_constant() {
        // h(x) = c/x on the range of b
        let h = match (ra.is_nonnegative(), ra.is_nonpositive(), rb.is_positive(), rb.is_negative()) {
            (true, _, true, _) => Shape { convex: true, nonincreasing: true, ..Shape::UNKNOWN },
            (_, true, true, _) => Shape { concave: true, nondecreasing: true, ..Shape::UNKNOWN },
            (true, _, _, true) => Shape { concave: true, nonincreasing: true, ..Shape::UNKNOWN },
            (_, true, _, true) => Shape { convex: true, nondecreasing: true, ..Shape::UNKNOWN },
            _ => return (Shape::UNKNOWN, "c/g with signs unknown"),
        };
        return (h.compose(sb), "c/x ∘");
    }
    if sb.is_affine() && rb.is_positive() {
        for form in v.forms(a) {
            let x = match form {
                Math::Pow([x, k]) if v.constant(k).is_some_and(|k| k == Rational::from_integer(2)) => x,
                Math::Mul([x, y]) if v.same(x, y) => x,
                _ => continue,
            };
            if v.shape(x).is_affine() {
                return (Shape::CONVEX, "quadratic over linear x²/y, x affine, y affine > 0");
            }
        }
    }
    (Shape::UNKNOWN, "quotient of non-constant terms")
}

/// g^k: x^k on the range of g for a constant k, and a^g for a constant a > 0.
fn pow_shape<V: View>(g: Id, k: Id, v: &V) -> (Shape, &'static str) {
    let (sg, sk) = (v.shape(g), v.shape(k));
    let (rg, rk) = (v.enclosure(g).range, v.enclosure(k).range);
    if sk.is_constant() {
        let exact = v.constant(k);
        let integer = exact.as_ref().and_then(Rational::to_i64);
        let h = if rk.as_point() == Some(1.0) {
            Shape::IDENTITY
        } else if rk.as_point() == Some(0.0) {
            Shape::CONSTANT
        } else if rk.lo >= 1.0 && rg.is_nonnegative() {
            Shape { convex: true, nondecreasing: true, ..Shape::UNKNOWN }
        } else if rk.lo >= 0.0 && rk.hi <= 1.0 && rg.is_nonnegative() {
            Shape { concave: true, nondecreasing: true, ..Shape::UNKNOWN }
        } else if rk.hi <= 0.0 && rg.is_positive() {
            Shape { convex: true, nonincreasing: true, ..Shape::UNKNOWN }
        } else if integer.is_some_and(|n| n >= 2 && n % 2 == 0) {
            // an even power is convex on ℝ, monotone on each half-line
            Shape {
                convex: true,
                nondecreasing: rg.is_nonnegative(),
                nonincreasing: rg.is_nonpositive(),
                concave: false,
            }
        } else if integer.is_some_and(|n| n >= 1 && n % 2 == 1) && rg.is_nonpositive() {
            Shape { concave: true, nondecreasing: true, ..Shape::UNKNOWN }
        } else {
            return (Shape::UNKNOWN, "x^k with k or the sign of x not known");
        };
        return (h.compose(sg), "x^k ∘");
    }
    if sg.is_constant() && rg.is_positive() {
        // a^x = exp(x·log a): convex, increasing for a ≥ 1, decreasing for a ≤ 1
        let h = Shape { convex: true, nondecreasing: rg.lo >= 1.0, nonincreasing: rg.hi <= 1.0, concave: false };
        return (h.compose(sk), "a^x ∘");
    }
    (Shape::UNKNOWN, "power with a non-constant base and exponent")
}

/// One node of a tree with its proved shape, its enclosure and the rule applied.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeShape {
    /// The shape proved for the subtree at this node.
    pub shape: Shape,
    /// The enclosure of its values.
    pub enclosure: Enclosure,
    /// The rule that gave the shape.
    pub rule: &'static str,
}

/// The shape of every node of `expr` as a function of `variable`, children before parents
/// (the root last), over the symbol ranges `range`: the re-check outside the e-graph.
///
/// # Examples
///
/// ```
/// use fdiv::expr::Expr;
/// use fdiv::simplify::curvature::tree_shapes;
/// use fdiv::numeric::interval::Interval;
/// let e = Expr::parse("u - 2*sqrt(u) + 1").unwrap();
/// let shapes = tree_shapes(&e, "u", &|s| (s == "u").then(Interval::positive));
/// let root = shapes.last().unwrap();
/// assert!(root.shape.convex && !root.shape.concave);
/// ```
pub fn tree_shapes(expr: &Expr, variable: &str, range: &dyn Fn(&str) -> Option<Interval>) -> Vec<NodeShape> {
    let mut done: Vec<NodeShape> = Vec::with_capacity(expr.nodes().len());
    for node in expr.nodes() {
        let children: Vec<Enclosure> = node.children().iter().map(|&c| done[usize::from(c)].enclosure).collect();
        let enclosure = Enclosure::of_node(node, &children, range);
        let view = TreeView { expr, variable, done: &done };
        let (shape, rule) = node_shape(node, &view);
        done.push(NodeShape { shape, enclosure, rule });
    }
    done
}

/// A tree as a [`View`]: the shapes computed so far.
struct TreeView<'a> {
    expr: &'a Expr,
    variable: &'a str,
    done: &'a [NodeShape],
}

impl View for TreeView<'_> {
    fn variable(&self) -> &str {
        self.variable
    }
    fn shape(&self, id: Id) -> Shape {
        self.done[usize::from(id)].shape
    }
    fn enclosure(&self, id: Id) -> Enclosure {
        self.done[usize::from(id)].enclosure
    }
    fn constant(&self, id: Id) -> Option<Rational> {
        match self.expr.node(id) {
            Math::Num(q) => Some(q.clone()),
            _ => None,
        }
    }
    fn same(&self, a: Id, b: Id) -> bool {
        a == b || self.expr.subexpr(a) == self.expr.subexpr(b)
    }
    fn forms(&self, id: Id) -> Vec<Math> {
        vec![self.expr.node(id).clone()]
    }
}
