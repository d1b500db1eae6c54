//! The term language: real-valued expressions over exact rational constants.
//!
//! [`Math`] is an [`egg`] language, so an [`Expr`] (a thin wrapper over [`egg::RecExpr<Math>`]) goes
//! straight into an e-graph. A `RecExpr` is a flat array in which every node's children come before
//! it and the root is the last node: every pass over an expression in this crate walks that array
//! in order (or keeps an explicit stack), never recursing on the tree, so no input depth can
//! overflow the stack. The parser additionally refuses trees deeper than [`MAX_DEPTH`].
//!
//! - [`parse`]: infix text to [`Expr`], errors with spans ([`ParseError`]);
//! - [`print`](mod@print): infix text with minimal parentheses and LaTeX;
//! - [`exact`]: exact rational evaluation and constant folding.
//!
//! # Examples
//!
//! ```
//! use fdiv::expr::Expr;
//! let f = Expr::parse("u*log(u)").unwrap();
//! let integrand = f.substitute("u", &Expr::parse("p/q").unwrap());
//! assert_eq!(integrand.to_string(), "p/q*log(p/q)");
//! assert_eq!(f.to_latex(), r"u \log u");
//! ```

pub mod exact;
pub mod parse;
pub mod print;
mod rational;

use std::collections::BTreeSet;
use std::fmt;

use egg::{Id, Language, RecExpr, Symbol, define_language};

pub use parse::{ParseError, ParseErrorKind, Span};
pub use rational::{LiteralError, MAX_BITS, Rational};

/// The deepest expression tree the parser accepts (nesting of parentheses, calls and operators,
/// and the length of left-associated chains such as long sums).
pub const MAX_DEPTH: usize = 500;

define_language! {
    /// The operators, functions, constants and symbols of fdiv's expressions.
    ///
    /// In egg's s-expression form: `(* u (log u))`. Natural logarithm; `lgamma` is log Γ,
    /// `digamma` is ψ = Γ'/Γ, `lambertw` is the principal branch W₀ of the Lambert W function.
    /// `neg` is unary minus; `Num` an exact rational; `pi` and `e` the named constants.
    #[allow(missing_docs, reason = "egg's macro does not take docs on variants: the table is the doc")]
    pub enum Math {
        "+" = Add([Id; 2]),
        "-" = Sub([Id; 2]),
        "*" = Mul([Id; 2]),
        "/" = Div([Id; 2]),
        "^" = Pow([Id; 2]),
        "neg" = Neg(Id),
        "log" = Log(Id),
        "exp" = Exp(Id),
        "sqrt" = Sqrt(Id),
        "abs" = Abs(Id),
        "min" = Min([Id; 2]),
        "max" = Max([Id; 2]),
        "lgamma" = Lgamma(Id),
        "digamma" = Digamma(Id),
        "lambertw" = LambertW(Id),
        "pi" = Pi,
        "e" = E,
        Num(Rational),
        Symbol(Symbol),
    }
}

/// A constructor of a unary node, such as [`Math::Log`].
pub type UnaryOp = fn(Id) -> Math;

/// A constructor of a binary node, such as [`Math::Add`].
pub type BinaryOp = fn([Id; 2]) -> Math;

/// A unary function of the language, by its name in text.
///
/// Used by the parser and printers, so that the set of functions is written down once.
pub const UNARY_FUNCTIONS: [(&str, UnaryOp); 8] = [
    ("log", Math::Log),
    ("exp", Math::Exp),
    ("sqrt", Math::Sqrt),
    ("abs", Math::Abs),
    ("lgamma", Math::Lgamma),
    ("digamma", Math::Digamma),
    ("lambertw", Math::LambertW),
    ("ln", Math::Log),
];

/// A binary function of the language (written `min(a, b)`), by its name in text.
pub const BINARY_FUNCTIONS: [(&str, BinaryOp); 2] = [("min", Math::Min), ("max", Math::Max)];

/// An expression of the term language: a [`RecExpr<Math>`] that is never empty.
///
/// Displays as infix text that re-parses ([`fmt::Display`]); [`Expr::to_latex`] gives LaTeX and
/// [`Expr::to_sexp`] egg's s-expression.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Expr(RecExpr<Math>);

impl Expr {
    /// Parses infix text; see [`parse`] for the grammar.
    ///
    /// # Errors
    ///
    /// A [`ParseError`] with the span of the offending text; [`ParseError::render`] draws a caret.
    pub fn parse(text: &str) -> Result<Expr, ParseError> {
        parse::parse(text)
    }

    /// Wraps a `RecExpr`, or `None` if it is empty.
    pub fn from_rec(rec: RecExpr<Math>) -> Option<Expr> {
        (!rec.as_ref().is_empty()).then_some(Expr(rec))
    }

    /// The underlying `RecExpr`, ready for [`egg::EGraph::add_expr`].
    pub fn as_rec(&self) -> &RecExpr<Math> {
        &self.0
    }

    /// Consumes the wrapper.
    pub fn into_rec(self) -> RecExpr<Math> {
        self.0
    }

    /// The nodes in order: children before parents, the root last.
    pub fn nodes(&self) -> &[Math] {
        self.0.as_ref()
    }

    /// The id of the root node (the last one).
    pub fn root(&self) -> Id {
        Id::from(self.0.as_ref().len() - 1)
    }

    /// The node at `id`.
    pub fn node(&self, id: Id) -> &Math {
        &self.0[id]
    }

    /// A symbol such as `u`.
    pub fn symbol(name: &str) -> Expr {
        Expr::leaf(Math::Symbol(Symbol::from(name)))
    }

    /// An exact constant.
    pub fn num(value: Rational) -> Expr {
        Expr::leaf(Math::Num(value))
    }

    /// The integer constant `n`.
    pub fn int(n: i64) -> Expr {
        Expr::num(Rational::from_integer(n))
    }

    /// A leaf node (constant, symbol, π or e) as an expression.
    pub fn leaf(node: Math) -> Expr {
        debug_assert!(node.is_leaf());
        let mut rec = RecExpr::default();
        rec.add(node);
        Expr(rec)
    }

    /// `op(self)` for a unary operator such as [`Math::Log`].
    pub fn apply(&self, op: UnaryOp) -> Expr {
        let mut rec = self.0.clone();
        let root = self.root();
        rec.add(op(root));
        Expr(rec)
    }

    /// `op(self, other)` for a binary operator such as [`Math::Add`].
    pub fn combine(&self, op: BinaryOp, other: &Expr) -> Expr {
        let mut rec = self.0.clone();
        let left = self.root();
        let offset = rec.as_ref().len();
        for node in other.nodes() {
            rec.add(node.clone().map_children(|c| Id::from(usize::from(c) + offset)));
        }
        let right = Id::from(rec.as_ref().len() - 1);
        rec.add(op([left, right]));
        Expr(rec)
    }

    /// The subexpression rooted at `id`, as an expression of its own.
    pub fn subexpr(&self, id: Id) -> Expr {
        Expr(self.node(id).build_recexpr(|child| self.node(child).clone()))
    }

    /// Replaces every occurrence of the symbol `name` by `replacement`.
    ///
    /// # Examples
    ///
    /// ```
    /// use fdiv::expr::Expr;
    /// let f = Expr::parse("(u - 1)^2").unwrap();
    /// let g = f.substitute("u", &Expr::parse("p/q").unwrap());
    /// assert_eq!(g.to_string(), "(p/q - 1)^2");
    /// ```
    pub fn substitute(&self, name: &str, replacement: &Expr) -> Expr {
        let target = Symbol::from(name);
        let mut rec = RecExpr::default();
        // the replacement is added once, on first use, and shared by every occurrence
        let mut replacement_root: Option<Id> = None;
        let mut new_ids: Vec<Id> = Vec::with_capacity(self.nodes().len());
        for node in self.nodes() {
            let id = match node {
                Math::Symbol(s) if *s == target => *replacement_root.get_or_insert_with(|| {
                    let offset = rec.as_ref().len();
                    for n in replacement.nodes() {
                        rec.add(n.clone().map_children(|c| Id::from(usize::from(c) + offset)));
                    }
                    Id::from(rec.as_ref().len() - 1)
                }),
                _ => rec.add(node.clone().map_children(|c| new_ids[usize::from(c)])),
            };
            new_ids.push(id);
        }
        // the root must be the last node: re-root if the root was the shared replacement
        let root = new_ids[new_ids.len() - 1];
        Expr::from_rec(rec).expect("nonempty").subexpr(root)
    }

    /// The symbols that occur in the expression, sorted by name.
    ///
    /// # Examples
    ///
    /// ```
    /// use fdiv::expr::Expr;
    /// let e = Expr::parse("q*log(p/q) + pi").unwrap();
    /// let names: Vec<String> = e.free_symbols().iter().map(|s| s.to_string()).collect();
    /// assert_eq!(names, ["p", "q"]);
    /// ```
    pub fn free_symbols(&self) -> BTreeSet<SymbolName> {
        self.reachable()
            .filter_map(|id| match self.node(id) {
                Math::Symbol(s) => Some(SymbolName(*s)),
                _ => None,
            })
            .collect()
    }

    /// Whether the symbol `name` occurs in the expression.
    pub fn contains_symbol(&self, name: &str) -> bool {
        let target = Symbol::from(name);
        self.reachable().any(|id| matches!(self.node(id), Math::Symbol(s) if *s == target))
    }

    /// The depth of the tree: 1 for a leaf.
    pub fn depth(&self) -> usize {
        let mut depth = vec![0usize; self.nodes().len()];
        for (i, node) in self.nodes().iter().enumerate() {
            depth[i] = 1 + node.children().iter().map(|&c| depth[usize::from(c)]).max().unwrap_or(0);
        }
        depth[depth.len() - 1]
    }

    /// The number of nodes of the tree, counting shared subtrees once per occurrence.
    ///
    /// This is the "size" that extraction minimises and that the derivation tables compare.
    pub fn tree_size(&self) -> usize {
        let mut size = vec![0usize; self.nodes().len()];
        for (i, node) in self.nodes().iter().enumerate() {
            size[i] = 1 + node.children().iter().map(|&c| size[usize::from(c)]).sum::<usize>();
        }
        size[size.len() - 1]
    }

    /// egg's s-expression form: `(* u (log u))`.
    pub fn to_sexp(&self) -> String {
        self.0.to_string()
    }

    /// LaTeX, e.g. `\frac{p}{q}`; see [`print`](mod@print).
    pub fn to_latex(&self) -> String {
        print::latex(self)
    }

    /// Ids of the nodes reachable from the root (a `RecExpr` may hold unused nodes).
    fn reachable(&self) -> impl Iterator<Item = Id> + '_ {
        let n = self.nodes().len();
        let mut used = vec![false; n];
        used[n - 1] = true;
        for i in (0..n).rev() {
            if used[i] {
                for &c in self.nodes()[i].children() {
                    used[usize::from(c)] = true;
                }
            }
        }
        (0..n).filter(move |&i| used[i]).map(Id::from)
    }
}

impl fmt::Display for Expr {
    /// Infix text with minimal parentheses; it re-parses to the same expression.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&print::infix(self))
    }
}

impl fmt::Debug for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Expr({self})")
    }
}

impl std::str::FromStr for Expr {
    type Err = ParseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Expr::parse(text)
    }
}

/// A symbol's name, ordered alphabetically (egg's [`Symbol`] orders by interning order).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SymbolName(pub Symbol);

impl SymbolName {
    /// The name as text.
    pub fn as_str(&self) -> &'static str {
        self.0.as_str()
    }
}

impl PartialOrd for SymbolName {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SymbolName {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl fmt::Display for SymbolName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for SymbolName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! binary_op_impl {
    ($trait:ident, $method:ident, $variant:path) => {
        impl std::ops::$trait<&Expr> for &Expr {
            type Output = Expr;
            fn $method(self, other: &Expr) -> Expr {
                self.combine($variant, other)
            }
        }
    };
}
binary_op_impl!(Add, add, Math::Add);
binary_op_impl!(Sub, sub, Math::Sub);
binary_op_impl!(Mul, mul, Math::Mul);
binary_op_impl!(Div, div, Math::Div);

impl std::ops::Neg for &Expr {
    type Output = Expr;
    fn neg(self) -> Expr {
        self.apply(Math::Neg)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(text: &str) -> Expr {
        Expr::parse(text).unwrap()
    }

    #[test]
    fn substitution_replaces_every_occurrence() {
        let f = e("u*log(u) + u");
        let g = f.substitute("u", &e("p/q"));
        assert_eq!(g.to_string(), "p/q*log(p/q) + p/q");
        assert!(!g.contains_symbol("u"));
    }

    #[test]
    fn substituting_the_root_symbol_keeps_a_valid_root() {
        let g = e("u").substitute("u", &e("p + q"));
        assert_eq!(g.to_string(), "p + q");
        assert_eq!(e("x").substitute("u", &e("p")).to_string(), "x");
    }

    #[test]
    fn builders_combine_expressions() {
        let q = Expr::symbol("q");
        let f = e("u^2").substitute("u", &(&Expr::symbol("p") / &q));
        assert_eq!((&q * &f).to_string(), "q*(p/q)^2");
        assert_eq!((-&q).apply(Math::Exp).to_string(), "exp(-q)");
    }

    #[test]
    fn sizes_and_depths() {
        let f = e("q*(p/q*log(p/q))");
        assert_eq!(f.tree_size(), 10);
        assert_eq!(f.depth(), 5);
        assert_eq!(e("u").depth(), 1);
    }

    #[test]
    fn sexp_form_round_trips_through_egg() {
        let f = e("0.5*abs(u - 1)");
        let back: RecExpr<Math> = f.to_sexp().parse().unwrap();
        assert_eq!(&back, f.as_rec());
    }
}
