//! Printers: infix text with minimal parentheses, and LaTeX.
//!
//! The infix form re-parses to the same tree once exact constants are folded on both sides
//! (a constant `-3` prints as `-3`, which parses as `neg 3`). Parentheses are added only where
//! the grammar needs them, plus around a sign that follows an operator (`a - (-b)`, `u^(-1)`),
//! which reads better than `a - -b`.
//!
//! Both printers walk the tree with an explicit stack, so no depth can overflow the call stack.

use egg::Id;

use super::{Expr, Math, Rational};

/// Infix text: `p/q*log(p/q)`, `(u - 1)^2`, `-u^2`.
///
/// # Examples
///
/// ```
/// use fdiv::expr::{Expr, print::infix};
/// let e = Expr::parse("((u)-1)^(2)").unwrap();
/// assert_eq!(infix(&e), "(u - 1)^2");
/// ```
pub fn infix(expr: &Expr) -> String {
    render(expr, &Infix { python: false })
}

/// LaTeX: `\frac{p}{q} \log \frac{p}{q}`, `\left(u - 1\right)^{2}`.
///
/// # Examples
///
/// ```
/// use fdiv::expr::{Expr, print::latex};
/// let e = Expr::parse("0.5*abs(p - q)").unwrap();
/// assert_eq!(latex(&e), r"\frac{1}{2} \left|p - q\right|");
/// ```
pub fn latex(expr: &Expr) -> String {
    render(expr, &Latex)
}

/// Binding strength of a printed node: a child binding looser than its position allows is
/// parenthesised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Prec {
    Sum = 1,
    Product = 2,
    Sign = 3,
    Power = 4,
    Atom = 5,
}

/// One piece of a node's layout: literal text, or a child printed with or without parentheses.
enum Piece {
    Text(String),
    Child(Id, bool),
}

trait Style {
    /// How `node` is laid out, given its children (read from `expr`).
    fn layout(&self, expr: &Expr, node: &Math) -> Vec<Piece>;
    fn open(&self) -> &'static str;
    fn close(&self) -> &'static str;
}

fn render(expr: &Expr, style: &dyn Style) -> String {
    enum Task {
        Text(String),
        Node(Id),
    }
    let mut out = String::new();
    let mut stack = vec![Task::Node(expr.root())];
    while let Some(task) = stack.pop() {
        match task {
            Task::Text(text) => out.push_str(&text),
            Task::Node(id) => {
                for piece in style.layout(expr, expr.node(id)).into_iter().rev() {
                    match piece {
                        Piece::Text(text) => stack.push(Task::Text(text)),
                        Piece::Child(child, false) => stack.push(Task::Node(child)),
                        Piece::Child(child, true) => {
                            stack.push(Task::Text(style.close().into()));
                            stack.push(Task::Node(child));
                            stack.push(Task::Text(style.open().into()));
                        }
                    }
                }
            }
        }
    }
    out
}

/// How tightly the infix form of `node` binds.
fn infix_prec(node: &Math) -> Prec {
    match node {
        Math::Add(_) | Math::Sub(_) => Prec::Sum,
        Math::Mul(_) | Math::Div(_) => Prec::Product,
        Math::Neg(_) => Prec::Sign,
        Math::Pow(_) => Prec::Power,
        Math::Num(q) if !q.is_integer() => Prec::Product,
        Math::Num(q) if q.is_negative() => Prec::Sign,
        _ => Prec::Atom,
    }
}

/// Whether the printed form starts with a minus sign.
fn starts_with_sign(expr: &Expr, id: Id) -> bool {
    let mut id = id;
    loop {
        match expr.node(id) {
            Math::Neg(_) => return true,
            Math::Num(q) => return q.is_negative(),
            // a left operand is printed first
            Math::Add([a, _]) | Math::Sub([a, _]) | Math::Mul([a, _]) | Math::Div([a, _]) => id = *a,
            _ => return false,
        }
    }
}

/// Infix text; `python` switches to NumPy/SciPy spelling (`**`, `np.log`, `scipy.special.gammaln`).
struct Infix {
    python: bool,
}

impl Style for Infix {
    fn layout(&self, expr: &Expr, node: &Math) -> Vec<Piece> {
        let prec = |id: Id| infix_prec(expr.node(id));
        // a child after an operator: parenthesised if it binds looser than `min` or starts with a sign
        let right = |id: Id, min: Prec| Piece::Child(id, prec(id) < min || starts_with_sign(expr, id));
        let left = |id: Id, min: Prec| Piece::Child(id, prec(id) < min);
        let text = |s: &str| Piece::Text(s.to_string());
        match node {
            Math::Add([a, b]) => vec![left(*a, Prec::Sum), text(" + "), right(*b, Prec::Product)],
            Math::Sub([a, b]) => vec![left(*a, Prec::Sum), text(" - "), right(*b, Prec::Product)],
            Math::Mul([a, b]) => vec![left(*a, Prec::Product), text("*"), right(*b, Prec::Sign)],
            Math::Div([a, b]) => vec![left(*a, Prec::Product), text("/"), right(*b, Prec::Sign)],
            Math::Pow([a, b]) => {
                vec![left(*a, Prec::Atom), text(if self.python { "**" } else { "^" }), right(*b, Prec::Power)]
            }
            // -1/2 rather than -(1/2): it parses as (-1)/2, the same number once folded
            Math::Neg(a) if matches!(expr.node(*a), Math::Num(q) if !q.is_negative()) => {
                vec![text("-"), Piece::Child(*a, false)]
            }
            Math::Neg(a) => vec![text("-"), right(*a, Prec::Sign)],
            Math::Min([a, b]) | Math::Max([a, b]) => {
                let name = match (self.python, matches!(node, Math::Min(_))) {
                    (false, true) => "min(",
                    (false, false) => "max(",
                    (true, true) => "np.minimum(",
                    (true, false) => "np.maximum(",
                };
                vec![text(name), Piece::Child(*a, false), text(", "), Piece::Child(*b, false), text(")")]
            }
            Math::Log(a)
            | Math::Exp(a)
            | Math::Sqrt(a)
            | Math::Abs(a)
            | Math::Lgamma(a)
            | Math::Digamma(a)
            | Math::LambertW(a) => {
                let name = if self.python { numpy_name(node) } else { function_name(node) };
                let close = if self.python && matches!(node, Math::LambertW(_)) { ").real" } else { ")" };
                vec![Piece::Text(format!("{name}(")), Piece::Child(*a, false), text(close)]
            }
            Math::Pi => vec![text(if self.python { "np.pi" } else { "pi" })],
            Math::E => vec![text(if self.python { "np.e" } else { "e" })],
            Math::Num(q) => vec![Piece::Text(q.to_string())],
            Math::Symbol(s) => vec![text(s.as_str())],
        }
    }

    fn open(&self) -> &'static str {
        "("
    }

    fn close(&self) -> &'static str {
        ")"
    }
}

/// The name a unary function node is written with.
fn function_name(node: &Math) -> &'static str {
    match node {
        Math::Log(_) => "log",
        Math::Exp(_) => "exp",
        Math::Sqrt(_) => "sqrt",
        Math::Abs(_) => "abs",
        Math::Lgamma(_) => "lgamma",
        Math::Digamma(_) => "digamma",
        Math::LambertW(_) => "lambertw",
        Math::Min(_) => "min",
        Math::Max(_) => "max",
        _ => "",
    }
}

/// The NumPy/SciPy name of a unary function node.
fn numpy_name(node: &Math) -> &'static str {
    match node {
        Math::Log(_) => "np.log",
        Math::Exp(_) => "np.exp",
        Math::Sqrt(_) => "np.sqrt",
        Math::Abs(_) => "np.abs",
        Math::Lgamma(_) => "scipy.special.gammaln",
        Math::Digamma(_) => "scipy.special.digamma",
        Math::LambertW(_) => "scipy.special.lambertw",
        _ => "",
    }
}

/// A Python function using NumPy (and SciPy for special functions), vectorised over arrays.
///
/// # Examples
///
/// ```
/// use fdiv::expr::{Expr, print::numpy_function};
/// let e = Expr::parse("u*log(u) - u^2").unwrap();
/// assert_eq!(numpy_function(&e, "f", &["u"]), "import numpy as np\n\ndef f(u):\n    return u*np.log(u) - u**2\n");
/// ```
pub fn numpy_function(expr: &Expr, name: &str, vars: &[&str]) -> String {
    let body = render(expr, &Infix { python: true });
    let scipy = if body.contains("scipy.") { "import scipy.special\n" } else { "" };
    format!("import numpy as np\n{scipy}\ndef {name}({}):\n    return {body}\n", vars.join(", "))
}

/// A Rust function over `f64` (special functions from `fdiv::numeric::special`).
///
/// # Examples
///
/// ```
/// use fdiv::expr::{Expr, print::rust_function};
/// let e = Expr::parse("p*log(p/q) + 1/2*(p - q)^2").unwrap();
/// assert_eq!(
///     rust_function(&e, "f", &["p", "q"]),
///     "pub fn f(p: f64, q: f64) -> f64 {\n    p * (p / q).ln() + 1.0 / 2.0 * (p - q).powi(2)\n}\n"
/// );
/// ```
pub fn rust_function(expr: &Expr, name: &str, vars: &[&str]) -> String {
    let params: Vec<String> = vars.iter().map(|v| format!("{v}: f64")).collect();
    format!("pub fn {name}({}) -> f64 {{\n    {}\n}}\n", params.join(", "), render(expr, &RustCode))
}

/// Rust source: methods on `f64` (`x.ln()`, `x.powi(2)`), literals as `f64`.
struct RustCode;

/// A Rust literal for an exact constant: `2.0`, `(1.0 / 3.0)`, `-2.0`.
fn rust_number(q: &Rational, receiver: bool) -> String {
    let suffix = if receiver { "_f64" } else { "" };
    if q.is_integer() {
        let text = format!("{}.0{suffix}", q.numer());
        if q.is_negative() && receiver { format!("({text})") } else { text }
    } else {
        format!("({}.0{suffix} / {}.0)", q.numer(), q.denom())
    }
}

impl Style for RustCode {
    fn layout(&self, expr: &Expr, node: &Math) -> Vec<Piece> {
        let prec = |id: Id| match expr.node(id) {
            Math::Num(q) if q.is_negative() => Prec::Sign,
            // fractions print parenthesised
            Math::Num(_) => Prec::Atom,
            Math::Div(_) => Prec::Product,
            other => infix_prec(other),
        };
        let text = |s: &str| Piece::Text(s.to_string());
        let right = |id: Id, min: Prec| Piece::Child(id, prec(id) < min || starts_with_sign(expr, id));
        let left = |id: Id, min: Prec| Piece::Child(id, prec(id) < min);
        // a method receiver: an atom, parenthesised otherwise; number literals need a type
        let receiver = |id: Id| match expr.node(id) {
            Math::Num(q) => Piece::Text(rust_number(q, true)),
            _ => Piece::Child(id, prec(id) < Prec::Atom || matches!(expr.node(id), Math::Pow(_))),
        };
        let method = |a: Id, name: &str| vec![receiver(a), Piece::Text(format!(".{name}()"))];
        let call = |path: &str, a: Id| vec![Piece::Text(format!("{path}(")), Piece::Child(a, false), text(")")];
        match node {
            Math::Add([a, b]) => vec![left(*a, Prec::Sum), text(" + "), right(*b, Prec::Product)],
            Math::Sub([a, b]) => vec![left(*a, Prec::Sum), text(" - "), right(*b, Prec::Product)],
            Math::Mul([a, b]) => vec![left(*a, Prec::Product), text(" * "), right(*b, Prec::Sign)],
            Math::Div([a, b]) => vec![left(*a, Prec::Product), text(" / "), right(*b, Prec::Sign)],
            Math::Neg(a) => vec![text("-"), right(*a, Prec::Sign)],
            Math::Pow([a, b]) => match expr.node(*b) {
                Math::Num(k) if k.is_integer() && k.to_i64().is_some_and(|k| k.unsigned_abs() <= 1 << 20) => {
                    vec![receiver(*a), Piece::Text(format!(".powi({k})"))]
                }
                Math::Num(k) if *k == Rational::new(1, 2) => method(*a, "sqrt"),
                _ => vec![receiver(*a), text(".powf("), Piece::Child(*b, false), text(")")],
            },
            Math::Log(a) => method(*a, "ln"),
            Math::Exp(a) => method(*a, "exp"),
            Math::Sqrt(a) => method(*a, "sqrt"),
            Math::Abs(a) => method(*a, "abs"),
            Math::Min([a, b]) | Math::Max([a, b]) => {
                let name = if matches!(node, Math::Min(_)) { ".min(" } else { ".max(" };
                vec![receiver(*a), text(name), Piece::Child(*b, false), text(")")]
            }
            Math::Lgamma(a) => call("fdiv::numeric::special::lgamma", *a),
            Math::Digamma(a) => call("fdiv::numeric::special::digamma", *a),
            Math::LambertW(a) => call("fdiv::numeric::special::lambertw", *a),
            Math::Pi => vec![text("std::f64::consts::PI")],
            Math::E => vec![text("std::f64::consts::E")],
            Math::Num(q) => vec![Piece::Text(rust_number(q, false))],
            Math::Symbol(s) => vec![text(s.as_str())],
        }
    }

    fn open(&self) -> &'static str {
        "("
    }

    fn close(&self) -> &'static str {
        ")"
    }
}

struct Latex;

/// How tightly the LaTeX form of the node `id` binds: `\frac`s and function calls are atoms,
/// except a fraction written with a leading sign (`-\frac{a}{b}`) and a division written with a
/// slash (see [`slash_division`]).
fn latex_prec(expr: &Expr, id: Id) -> Prec {
    match expr.node(id) {
        Math::Add(_) | Math::Sub(_) => Prec::Sum,
        Math::Mul(_) => Prec::Product,
        Math::Div(_) if slash_division(expr, id) => Prec::Product,
        Math::Div([a, _]) if matches!(expr.node(*a), Math::Neg(_)) => Prec::Sign,
        Math::Neg(_) => Prec::Sign,
        Math::Num(q) if q.is_negative() => Prec::Sign,
        Math::Pow(_) => Prec::Power,
        _ => Prec::Atom,
    }
}

/// A division whose numerator or denominator is itself a division is written `a \big/ b`
/// rather than as a fraction of fractions.
fn slash_division(expr: &Expr, id: Id) -> bool {
    match expr.node(id) {
        Math::Div(operands) => has_division_operand(expr, operands),
        _ => false,
    }
}

fn has_division_operand(expr: &Expr, operands: &[Id; 2]) -> bool {
    operands.iter().any(|&c| matches!(expr.node(c), Math::Div(_)))
}

/// Whether `\log` or `\exp` of the node `a` is written without parentheses: `\log u`,
/// `\log \frac{p}{q}`, `\exp 2`; sums, products, powers and signed terms get `\left( \right)`.
fn bare_argument(expr: &Expr, function: &Math, a: Id) -> bool {
    match expr.node(a) {
        Math::Symbol(_) | Math::Pi | Math::E => true,
        Math::Num(q) => !q.is_negative(),
        Math::Div(_) => matches!(function, Math::Log(_)) && latex_prec(expr, a) == Prec::Atom,
        _ => false,
    }
}

/// Whether the LaTeX form of `id` ends with a function written without parentheses
/// (`a \log u`): a factor juxtaposed after it would read as part of its argument.
fn ends_with_bare_function(expr: &Expr, id: Id) -> bool {
    let mut id = id;
    loop {
        match expr.node(id) {
            node @ (Math::Log(a) | Math::Exp(a)) => return bare_argument(expr, node, *a),
            // the right operand is printed last (parenthesised only if it binds looser)
            Math::Mul([_, b]) => id = *b,
            Math::Div([_, b]) if slash_division(expr, id) => id = *b,
            Math::Neg(a) => id = *a,
            _ => return false,
        }
    }
}

impl Style for Latex {
    fn layout(&self, expr: &Expr, node: &Math) -> Vec<Piece> {
        let prec = |id: Id| latex_prec(expr, id);
        let right = |id: Id, min: Prec| Piece::Child(id, prec(id) < min || starts_with_sign(expr, id));
        let left = |id: Id, min: Prec| Piece::Child(id, prec(id) < min);
        let text = |s: &str| Piece::Text(s.to_string());
        let call =
            |name: &str, a: Id| vec![Piece::Text(format!(r"{name}\left(")), Piece::Child(a, false), text(r"\right)")];
        match node {
            Math::Add([a, b]) => vec![left(*a, Prec::Sum), text(" + "), right(*b, Prec::Product)],
            Math::Sub([a, b]) => vec![left(*a, Prec::Sum), text(" - "), right(*b, Prec::Product)],
            Math::Mul([a, b]) => {
                // juxtaposition, except where two numbers would run together (also 2 \frac{1}{2},
                // which reads as a mixed number) or a function without parentheses would seem to
                // take the next factor as its argument
                let sep = if latex_starts_with_digit(expr, *b)
                    || ends_with_bare_function(expr, *a)
                    || latex_ends_with_number(expr, *a) && latex_starts_with_fraction(expr, *b)
                {
                    r" \cdot "
                } else {
                    " "
                };
                // a slash division before a juxtaposed factor would seem to divide by it too
                let left_paren = prec(*a) < Prec::Product || slash_division(expr, *a);
                vec![Piece::Child(*a, left_paren), text(sep), right(*b, Prec::Power)]
            }
            Math::Div(operands @ [a, b]) if has_division_operand(expr, operands) => {
                vec![left(*a, Prec::Product), text(r" \big/ "), right(*b, Prec::Sign)]
            }
            Math::Div([a, b]) => {
                // the sign of the numerator goes in front: -\frac{3}{2}
                let (sign, numerator) = match expr.node(*a) {
                    Math::Neg(x) => ("-", *x),
                    _ => ("", *a),
                };
                vec![
                    Piece::Text(format!(r"{sign}\frac{{")),
                    Piece::Child(numerator, false),
                    text("}{"),
                    Piece::Child(*b, false),
                    text("}"),
                ]
            }
            Math::Pow([a, b]) => {
                // a fraction, a function call or a number other than a natural one as a base
                // needs parentheses too: \left(\log u\right)^{2}, not \log u^{2}
                let base = expr.node(*a);
                let base_paren = prec(*a) < Prec::Atom
                    || matches!(
                        base,
                        Math::Div(_)
                            | Math::Log(_)
                            | Math::Exp(_)
                            | Math::Lgamma(_)
                            | Math::Digamma(_)
                            | Math::LambertW(_)
                            | Math::Min(_)
                            | Math::Max(_)
                    )
                    || matches!(base, Math::Num(q) if !q.is_integer() || q.is_negative());
                vec![Piece::Child(*a, base_paren), text("^{"), Piece::Child(*b, false), text("}")]
            }
            Math::Neg(a) => vec![text("-"), right(*a, Prec::Product)],
            Math::Sqrt(a) => vec![text(r"\sqrt{"), Piece::Child(*a, false), text("}")],
            Math::Abs(a) => vec![text(r"\left|"), Piece::Child(*a, false), text(r"\right|")],
            Math::Log(a) | Math::Exp(a) => {
                let name = if matches!(node, Math::Log(_)) { r"\log" } else { r"\exp" };
                if bare_argument(expr, node, *a) {
                    vec![Piece::Text(format!("{name} ")), Piece::Child(*a, false)]
                } else {
                    call(name, *a)
                }
            }
            Math::Lgamma(a) => call(r"\log\Gamma", *a),
            Math::Digamma(a) => call(r"\psi", *a),
            Math::LambertW(a) => call("W_0", *a),
            Math::Min([a, b]) | Math::Max([a, b]) => {
                let name = if matches!(node, Math::Min(_)) { r"\min" } else { r"\max" };
                vec![
                    Piece::Text(format!(r"{name}\left(")),
                    Piece::Child(*a, false),
                    text(", "),
                    Piece::Child(*b, false),
                    text(r"\right)"),
                ]
            }
            Math::Pi => vec![text(r"\pi")],
            Math::E => vec![text("e")],
            Math::Num(q) => vec![Piece::Text(latex_number(q))],
            Math::Symbol(s) => vec![Piece::Text(latex_symbol(s.as_str()))],
        }
    }

    fn open(&self) -> &'static str {
        r"\left("
    }

    fn close(&self) -> &'static str {
        r"\right)"
    }
}

fn latex_starts_with_digit(expr: &Expr, id: Id) -> bool {
    let mut id = id;
    loop {
        match expr.node(id) {
            Math::Num(q) => return !q.is_negative() && q.is_integer(),
            Math::Mul([a, _]) | Math::Pow([a, _]) => id = *a,
            _ => return false,
        }
    }
}

/// Whether the LaTeX form of `id` ends with a number (`2`, `x \cdot 3`, `-2`).
fn latex_ends_with_number(expr: &Expr, id: Id) -> bool {
    let mut id = id;
    loop {
        match expr.node(id) {
            Math::Num(_) => return true,
            Math::Mul([_, b]) => id = *b,
            Math::Neg(a) => id = *a,
            _ => return false,
        }
    }
}

/// Whether the LaTeX form of `id` starts with `\frac`.
fn latex_starts_with_fraction(expr: &Expr, id: Id) -> bool {
    let mut id = id;
    loop {
        match expr.node(id) {
            Math::Num(q) => return !q.is_integer() && !q.is_negative(),
            Math::Div([a, _]) => return !slash_division(expr, id) && !matches!(expr.node(*a), Math::Neg(_)),
            Math::Mul([a, _]) => id = *a,
            _ => return false,
        }
    }
}

fn latex_number(q: &Rational) -> String {
    if q.is_integer() {
        q.to_string()
    } else {
        let sign = if q.is_negative() { "-" } else { "" };
        format!(r"{sign}\frac{{{}}}{{{}}}", q.numer().magnitude(), q.denom())
    }
}

const GREEK: [&str; 24] = [
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda", "mu", "nu", "xi",
    "omicron", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi", "omega", "Gamma",
];

/// `alpha` → `\alpha`, `m1` → `m_{1}`, `s_2` → `s_{2}`, `theta0` → `\theta_{0}`, `foo` → `\mathrm{foo}`.
fn latex_symbol(name: &str) -> String {
    let (stem, sub) = match name.split_once('_') {
        Some((stem, sub)) if !stem.is_empty() && !sub.is_empty() => (stem, Some(sub)),
        _ => {
            let cut = name.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            if cut > 0 && cut < name.len() { (&name[..cut], Some(&name[cut..])) } else { (name, None) }
        }
    };
    let stem = if GREEK.contains(&stem) || stem == "pi" {
        format!(r"\{stem}")
    } else if stem.chars().count() > 1 {
        format!(r"\mathrm{{{stem}}}")
    } else {
        stem.to_string()
    };
    match sub {
        Some(sub) => format!("{stem}_{{{sub}}}"),
        None => stem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, printed: &str) {
        let e = Expr::parse(text).unwrap();
        assert_eq!(infix(&e), printed, "printing {text}");
        let again = Expr::parse(printed).unwrap();
        let fold = crate::expr::exact::fold_constants;
        assert_eq!(fold(&again), fold(&e), "re-parsing {printed}");
    }

    #[test]
    fn minimal_parentheses() {
        check("(a + b) + c", "a + b + c");
        check("a + (b + c)", "a + (b + c)");
        check("a - (b - c)", "a - (b - c)");
        check("(a*b)*c", "a*b*c");
        check("a/(b*c)", "a/(b*c)");
        check("(a^b)^c", "(a^b)^c");
        check("a^(b^c)", "a^b^c");
        check("-(a^2)", "-a^2");
        check("(-a)^2", "(-a)^2");
        check("-(a*b)", "-(a*b)");
        check("a - -b", "a - (-b)");
        check("u^-1", "u^(-1)");
        check("--u", "-(-u)");
        check("(p/q)*log(p/q)", "p/q*log(p/q)");
        check("max(u, 1) - min(0, -u)", "max(u, 1) - min(0, -u)");
        check("0.5*abs(u - 1)", "1/2*abs(u - 1)");
    }

    #[test]
    fn latex_forms() {
        let l = |text: &str| latex(&Expr::parse(text).unwrap());
        assert_eq!(l("p*log(p/q)"), r"p \log \frac{p}{q}");
        assert_eq!(l("(sqrt(p) - sqrt(q))^2"), r"\left(\sqrt{p} - \sqrt{q}\right)^{2}");
        assert_eq!(l("(p/q)^2"), r"\left(\frac{p}{q}\right)^{2}");
        assert_eq!(l("2*3^u"), r"2 \cdot 3^{u}");
        assert_eq!(l("log(u + 1)"), r"\log\left(u + 1\right)");
        assert_eq!(l("m1 + alpha + s_2 + theta0 + foo"), r"m_{1} + \alpha + s_{2} + \theta_{0} + \mathrm{foo}");
        assert_eq!(l("-0.5*u"), r"-\frac{1}{2} u");
        assert_eq!(
            l("lgamma(k) + digamma(k) + lambertw(t)"),
            r"\log\Gamma\left(k\right) + \psi\left(k\right) + W_0\left(t\right)"
        );
    }

    #[test]
    fn printing_a_deep_tree_does_not_recurse() {
        let mut rec = egg::RecExpr::default();
        let mut id = rec.add(Math::Symbol("u".into()));
        for _ in 0..200_000 {
            id = rec.add(Math::Exp(id));
        }
        let e = Expr::from_rec(rec).unwrap();
        assert_eq!(infix(&e).len(), 200_000 * 5 + 1);
    }
}
