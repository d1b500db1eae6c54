//! Infix text to [`Expr`]: a precedence-climbing parser with spans on every error.
//!
//! Grammar, loosest first:
//!
//! | level | operators | associativity |
//! | --- | --- | --- |
//! | sum | `+` `-` | left |
//! | product | `*` `/` | left |
//! | sign | unary `-` (and `+`) | prefix: `-u^2` is −(u²), `-a*b` is (−a)·b |
//! | power | `^` (also `**`) | right: `2^3^2` is 2^(3²); the exponent may carry a sign: `u^-1` |
//! | atom | number, symbol, `pi`, `e`, `f(args)`, `( … )` | |
//!
//! Numbers (`2`, `0.5`, `1e-3`) become exact rationals; `3/4` stays a division of two literals.
//! Functions: `log` (alias `ln`), `exp`, `sqrt`, `abs`, `lgamma`, `digamma`, `lambertw`, and the
//! binary `min(a, b)`, `max(a, b)`. Implicit multiplication (`2u`) is refused with a hint.
//! Identifiers are letters (any alphabet), digits and `_`, starting with a letter or `_`.
//!
//! Spans count characters, not bytes, so a caret drawn under the text lines up.

use std::fmt;

use egg::{Id, RecExpr, Symbol};

use super::{BINARY_FUNCTIONS, Expr, LiteralError, MAX_DEPTH, Math, Rational, UNARY_FUNCTIONS};

/// The longest input accepted, in characters.
pub const MAX_LEN: usize = 100_000;

/// A half-open range of character positions `start..end` in the parsed text (0-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// First character.
    pub start: usize,
    /// One past the last character (equal to `start` at the end of input).
    pub end: usize,
}

/// What went wrong in a parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseErrorKind {
    /// Something else was expected here.
    #[error("expected {expected}, found {found}")]
    Expected {
        /// What the parser wanted, e.g. `')'`.
        expected: String,
        /// What it saw, e.g. `end of input`.
        found: String,
    },
    /// A character that starts no token.
    #[error("unexpected character '{0}'")]
    UnexpectedChar(char),
    /// Two operands side by side, such as `2u`.
    #[error("implicit multiplication is not supported: write '*' between the factors")]
    ImplicitMultiplication,
    /// A malformed or oversized number.
    #[error("bad number: {0}")]
    BadNumber(LiteralError),
    /// A name followed by `(` that is not a function.
    #[error("unknown function '{name}'{}", suggestion.as_ref().map(|s| format!(" (did you mean '{s}'?)")).unwrap_or_default())]
    UnknownFunction {
        /// The name used.
        name: String,
        /// The closest known function, if any is close.
        suggestion: Option<String>,
    },
    /// A function name used without its arguments.
    #[error("'{0}' is a function: write {0}(…)")]
    MissingArguments(String),
    /// A call with the wrong number of arguments.
    #[error("'{name}' takes {expected} argument{}, found {found}", if *expected == 1 { "" } else { "s" })]
    Arity {
        /// The function.
        name: String,
        /// How many it takes.
        expected: usize,
        /// How many were given.
        found: usize,
    },
    /// The expression nests deeper than [`MAX_DEPTH`].
    #[error("expression nested too deeply (the limit is {MAX_DEPTH} levels)")]
    TooDeep,
    /// The input is longer than [`MAX_LEN`] characters.
    #[error("input too long (the limit is {MAX_LEN} characters)")]
    TooLong,
    /// Nothing to parse.
    #[error("empty expression")]
    Empty,
}

/// A syntax error and where it is. Its `Display` shows the parsed text with a caret under the
/// offending characters (a window of it, for long text), then the message; [`ParseError::message`]
/// is the message alone.
///
/// # Examples
///
/// ```
/// use fdiv::expr::Expr;
/// let err = Expr::parse("u*log(u").unwrap_err();
/// assert_eq!(err.message(), "expected ')', found end of input");
/// assert_eq!(err.to_string(), "u*log(u\n       ^ expected ')', found end of input");
/// assert_eq!((err.span.start, err.span.end), (7, 7));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", caret(text, span, kind))]
pub struct ParseError {
    /// What went wrong.
    pub kind: ParseErrorKind,
    /// Where, in characters.
    pub span: Span,
    /// The text that was parsed (empty when unknown), for the caret of `Display`.
    text: String,
}

/// How many characters of context `Display` shows on each side of a span in long text.
const CONTEXT: usize = 40;

/// The text with carets under `span` and the message; long text is cut to a window around the
/// span, marked with `…`.
fn caret(text: &str, span: &Span, kind: &ParseErrorKind) -> String {
    if text.is_empty() {
        return kind.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let from = span.start.saturating_sub(CONTEXT);
    let to = (span.end + CONTEXT).min(chars.len());
    let mut shown: String = chars[from.min(to)..to].iter().collect();
    let mut column = span.start - from.min(span.start);
    if from > 0 {
        shown.insert(0, '…');
        column += 1;
    }
    if to < chars.len() {
        shown.push('…');
    }
    let width = span.end.saturating_sub(span.start).max(1);
    format!("{shown}\n{}{} {kind}", " ".repeat(column), "^".repeat(width))
}

impl ParseError {
    /// An error at `span`, without the text (see [`ParseError::in_text`]).
    pub fn new(kind: ParseErrorKind, span: Span) -> ParseError {
        ParseError { kind, span, text: String::new() }
    }

    /// The same error, remembering the text it was found in (for `Display`).
    pub fn in_text(mut self, text: &str) -> ParseError {
        self.text = text.to_string();
        self
    }

    /// The message alone, without the text and caret.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }

    /// `source` with carets under the offending characters and the message (the span is
    /// relative to `source`).
    pub fn render(&self, source: &str) -> String {
        let width = self.span.end.saturating_sub(self.span.start).max(1);
        format!("{source}\n{}{} {}", " ".repeat(self.span.start), "^".repeat(width), self.kind)
    }
}

/// Parses infix text into an [`Expr`]; see the module documentation for the grammar.
///
/// # Errors
///
/// Every syntax error, oversized number, unknown function, wrong arity and too-deep nesting is a
/// [`ParseError`] with its span. No input makes it panic.
///
/// # Examples
///
/// ```
/// use fdiv::expr::parse::parse;
/// assert_eq!(parse("-u^2").unwrap().to_sexp(), "(neg (^ u 2))");
/// assert_eq!(parse("2^3^2").unwrap().to_sexp(), "(^ 2 (^ 3 2))");
/// assert_eq!(parse("ln(0.5)").unwrap().to_sexp(), "(log 1/2)");
/// ```
pub fn parse(text: &str) -> Result<Expr, ParseError> {
    parse_text(text).map_err(|e| if e.span.start <= MAX_LEN { e.in_text(text) } else { e })
}

fn parse_text(text: &str) -> Result<Expr, ParseError> {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() > MAX_LEN {
        return Err(ParseError::new(ParseErrorKind::TooLong, Span { start: MAX_LEN, end: chars.len() }));
    }
    let tokens = lex(&chars)?;
    let mut parser = Parser { tokens, pos: 0, rec: RecExpr::default(), depth: Vec::new(), nesting: 0 };
    if parser.peek().kind == Tok::End {
        return Err(ParseError::new(ParseErrorKind::Empty, parser.peek().span));
    }
    let root = parser.sum()?;
    let next = parser.peek().clone();
    if next.kind != Tok::End {
        let kind = if next.kind.starts_operand() {
            ParseErrorKind::ImplicitMultiplication
        } else {
            ParseErrorKind::Expected { expected: "an operator or end of input".into(), found: next.kind.describe() }
        };
        return Err(ParseError { kind, span: next.span, text: String::new() });
    }
    let expr = Expr::from_rec(parser.rec).expect("a parsed expression has a node");
    // the root is the last node added
    debug_assert_eq!(expr.root(), root);
    Ok(expr)
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(Rational),
    Ident(String),
    Plus,
    Minus,
    Star,
    Slash,
    Caret,
    LParen,
    RParen,
    Comma,
    End,
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Tok::Num(n) => format!("number {n}"),
            Tok::Ident(name) => format!("'{name}'"),
            Tok::Plus => "'+'".into(),
            Tok::Minus => "'-'".into(),
            Tok::Star => "'*'".into(),
            Tok::Slash => "'/'".into(),
            Tok::Caret => "'^'".into(),
            Tok::LParen => "'('".into(),
            Tok::RParen => "')'".into(),
            Tok::Comma => "','".into(),
            Tok::End => "end of input".into(),
        }
    }

    fn starts_operand(&self) -> bool {
        matches!(self, Tok::Num(_) | Tok::Ident(_) | Tok::LParen)
    }
}

#[derive(Debug, Clone)]
struct Token {
    kind: Tok,
    span: Span,
}

fn lex(chars: &[char]) -> Result<Vec<Token>, ParseError> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let single = |kind| Token { kind, span: Span { start, end: start + 1 } };
        match c {
            c if c.is_whitespace() => i += 1,
            '+' => {
                tokens.push(single(Tok::Plus));
                i += 1;
            }
            '-' | '−' => {
                tokens.push(single(Tok::Minus));
                i += 1;
            }
            '*' | '·' | '×' => {
                if c == '*' && chars.get(i + 1) == Some(&'*') {
                    tokens.push(Token { kind: Tok::Caret, span: Span { start, end: start + 2 } });
                    i += 2;
                } else {
                    tokens.push(single(Tok::Star));
                    i += 1;
                }
            }
            '/' => {
                tokens.push(single(Tok::Slash));
                i += 1;
            }
            '^' => {
                tokens.push(single(Tok::Caret));
                i += 1;
            }
            '(' => {
                tokens.push(single(Tok::LParen));
                i += 1;
            }
            ')' => {
                tokens.push(single(Tok::RParen));
                i += 1;
            }
            ',' => {
                tokens.push(single(Tok::Comma));
                i += 1;
            }
            c if c.is_ascii_digit() || c == '.' => {
                i = scan_number(chars, i);
                if chars.get(i) == Some(&'.') {
                    // a second decimal point, as in 2..5 or 1.2.3: one malformed number
                    while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                        i += 1;
                    }
                    let kind = ParseErrorKind::BadNumber(LiteralError::Malformed);
                    return Err(ParseError { kind, span: Span { start, end: i }, text: String::new() });
                }
                let text: String = chars[start..i].iter().collect();
                let value = text
                    .parse::<Rational>()
                    .map_err(|e| ParseError::new(ParseErrorKind::BadNumber(e), Span { start, end: i }))?;
                tokens.push(Token { kind: Tok::Num(value), span: Span { start, end: i } });
            }
            c if c.is_alphabetic() || c == '_' => {
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                let name: String = chars[start..i].iter().collect();
                tokens.push(Token { kind: Tok::Ident(name), span: Span { start, end: i } });
            }
            c => {
                return Err(ParseError {
                    kind: ParseErrorKind::UnexpectedChar(c),
                    span: Span { start, end: start + 1 },
                    text: String::new(),
                });
            }
        }
    }
    tokens.push(Token { kind: Tok::End, span: Span { start: chars.len(), end: chars.len() } });
    Ok(tokens)
}

/// The end of a numeric literal starting at `i`: digits, one `.`, an exponent `e[+-]digits`
/// (only if digits follow, so that `2e` is the number 2 then the name `e`… which is then an
/// implicit multiplication error, the clearest message for it).
fn scan_number(chars: &[char], mut i: usize) -> usize {
    let digits = |i: &mut usize| {
        while *i < chars.len() && chars[*i].is_ascii_digit() {
            *i += 1;
        }
    };
    digits(&mut i);
    if i < chars.len() && chars[i] == '.' {
        i += 1;
        digits(&mut i);
    }
    if i < chars.len() && (chars[i] == 'e' || chars[i] == 'E') {
        let mut j = i + 1;
        if j < chars.len() && (chars[j] == '+' || chars[j] == '-') {
            j += 1;
        }
        if j < chars.len() && chars[j].is_ascii_digit() {
            digits(&mut j);
            i = j;
        }
    }
    i
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    rec: RecExpr<Math>,
    /// Tree depth of every node added so far, indexed like `rec`.
    depth: Vec<usize>,
    /// Current recursion depth of the parser itself.
    nesting: usize,
}

impl Parser {
    fn peek(&self) -> &Token {
        &self.tokens[self.pos]
    }

    fn bump(&mut self) -> Token {
        let token = self.tokens[self.pos].clone();
        if token.kind != Tok::End {
            self.pos += 1;
        }
        token
    }

    /// Adds a node, refusing trees deeper than [`MAX_DEPTH`]; `span` locates the error.
    fn add(&mut self, node: Math, span: Span) -> Result<Id, ParseError> {
        use egg::Language;
        let depth = 1 + node.children().iter().map(|&c| self.depth[usize::from(c)]).max().unwrap_or(0);
        if depth > MAX_DEPTH {
            return Err(ParseError { kind: ParseErrorKind::TooDeep, span, text: String::new() });
        }
        self.depth.push(depth);
        Ok(self.rec.add(node))
    }

    fn enter(&mut self, span: Span) -> Result<(), ParseError> {
        self.nesting += 1;
        if self.nesting > MAX_DEPTH {
            return Err(ParseError { kind: ParseErrorKind::TooDeep, span, text: String::new() });
        }
        Ok(())
    }

    fn sum(&mut self) -> Result<Id, ParseError> {
        let mut left = self.product()?;
        loop {
            let op = match self.peek().kind {
                Tok::Plus => Math::Add,
                Tok::Minus => Math::Sub,
                _ => return Ok(left),
            };
            let span = self.bump().span;
            let right = self.product()?;
            left = self.add(op([left, right]), span)?;
        }
    }

    fn product(&mut self) -> Result<Id, ParseError> {
        let mut left = self.signed()?;
        loop {
            let op = match self.peek().kind {
                Tok::Star => Math::Mul,
                Tok::Slash => Math::Div,
                _ => return Ok(left),
            };
            let span = self.bump().span;
            let right = self.signed()?;
            left = self.add(op([left, right]), span)?;
        }
    }

    fn signed(&mut self) -> Result<Id, ParseError> {
        match self.peek().kind {
            Tok::Minus | Tok::Plus => {
                let token = self.bump();
                self.enter(token.span)?;
                let operand = self.signed()?;
                self.nesting -= 1;
                if token.kind == Tok::Minus { self.add(Math::Neg(operand), token.span) } else { Ok(operand) }
            }
            _ => self.power(),
        }
    }

    fn power(&mut self) -> Result<Id, ParseError> {
        let base = self.atom()?;
        if self.peek().kind != Tok::Caret {
            return Ok(base);
        }
        let span = self.bump().span;
        self.enter(span)?;
        // right associative, and the exponent may carry a sign: u^-1, 2^3^2
        let exponent = self.signed()?;
        self.nesting -= 1;
        self.add(Math::Pow([base, exponent]), span)
    }

    fn atom(&mut self) -> Result<Id, ParseError> {
        let token = self.bump();
        match token.kind {
            Tok::Num(value) => self.add(Math::Num(value), token.span),
            Tok::LParen => {
                self.enter(token.span)?;
                let inner = self.sum()?;
                self.nesting -= 1;
                self.expect(Tok::RParen, "')'")?;
                Ok(inner)
            }
            Tok::Ident(name) => self.identifier(name, token.span),
            other => Err(ParseError {
                kind: ParseErrorKind::Expected { expected: "an operand".into(), found: other.describe() },
                span: token.span,
                text: String::new(),
            }),
        }
    }

    fn identifier(&mut self, name: String, span: Span) -> Result<Id, ParseError> {
        let unary = UNARY_FUNCTIONS.iter().find(|(n, _)| *n == name).map(|(_, op)| *op);
        let binary = BINARY_FUNCTIONS.iter().find(|(n, _)| *n == name).map(|(_, op)| *op);
        let is_call = self.peek().kind == Tok::LParen;
        if !is_call {
            if unary.is_some() || binary.is_some() {
                return Err(ParseError { kind: ParseErrorKind::MissingArguments(name), span, text: String::new() });
            }
            let node = match name.as_str() {
                "pi" | "π" => Math::Pi,
                "e" => Math::E,
                _ => Math::Symbol(Symbol::from(name.as_str())),
            };
            return self.add(node, span);
        }
        let open = self.bump().span;
        self.enter(open)?;
        let mut args = Vec::new();
        if self.peek().kind != Tok::RParen {
            loop {
                args.push(self.sum()?);
                if self.peek().kind == Tok::Comma {
                    self.bump();
                } else {
                    break;
                }
            }
        }
        self.nesting -= 1;
        let close = self.expect(Tok::RParen, "')'")?;
        let call_span = Span { start: span.start, end: close.end };
        let arity_error = |expected: usize, found: usize| ParseError {
            kind: ParseErrorKind::Arity { name: name.clone(), expected, found },
            span: call_span,
            text: String::new(),
        };
        match (unary, binary) {
            (Some(op), _) => match args[..] {
                [a] => self.add(op(a), call_span),
                _ => Err(arity_error(1, args.len())),
            },
            (_, Some(op)) => match args[..] {
                [a, b] => self.add(op([a, b]), call_span),
                _ => Err(arity_error(2, args.len())),
            },
            _ => Err(ParseError {
                kind: ParseErrorKind::UnknownFunction { suggestion: closest_function(&name), name },
                span,
                text: String::new(),
            }),
        }
    }

    fn expect(&mut self, kind: Tok, what: &str) -> Result<Span, ParseError> {
        let token = self.peek().clone();
        if token.kind == kind {
            self.bump();
            return Ok(token.span);
        }
        let kind = if token.kind.starts_operand() && kind == Tok::RParen {
            ParseErrorKind::ImplicitMultiplication
        } else {
            ParseErrorKind::Expected { expected: what.into(), found: token.kind.describe() }
        };
        Err(ParseError { kind, span: token.span, text: String::new() })
    }
}

/// The known function nearest to `name` by edit distance, if within 1 edit (2 for names of
/// five characters or more: `foo` is not a misspelt `log`, `lamberw` is `lambertw`).
fn closest_function(name: &str) -> Option<String> {
    let names = UNARY_FUNCTIONS.iter().map(|(n, _)| *n).chain(BINARY_FUNCTIONS.iter().map(|(n, _)| *n));
    let limit = if name.chars().count() >= 5 { 2 } else { 1 };
    names
        .map(|candidate| (edit_distance(name, candidate), candidate))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c.to_string())
}

/// Edit distance between two short strings, by characters, counting a swap of two neighbours
/// as one edit (optimal string alignment): `lgo` is one edit from `log`.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sexp(text: &str) -> String {
        parse(text).unwrap().to_sexp()
    }

    fn error(text: &str) -> String {
        parse(text).unwrap_err().render(text)
    }

    #[test]
    fn precedence_and_associativity() {
        assert_eq!(sexp("-u^2"), "(neg (^ u 2))");
        assert_eq!(sexp("2^3^2"), "(^ 2 (^ 3 2))");
        assert_eq!(sexp("a - b - c"), "(- (- a b) c)");
        assert_eq!(sexp("a / b / c"), "(/ (/ a b) c)");
        assert_eq!(sexp("a + b*c"), "(+ a (* b c))");
        assert_eq!(sexp("-a*b"), "(* (neg a) b)");
        assert_eq!(sexp("u^-1"), "(^ u (neg 1))");
        assert_eq!(sexp("2*-3"), "(* 2 (neg 3))");
        assert_eq!(sexp("u**2"), "(^ u 2)");
        assert_eq!(sexp("3/4"), "(/ 3 4)");
        assert_eq!(sexp("+u"), "u");
    }

    #[test]
    fn functions_constants_and_symbols() {
        assert_eq!(sexp("ln(u)"), "(log u)");
        assert_eq!(sexp("max(u, 1 - u)"), "(max u (- 1 u))");
        assert_eq!(sexp("pi*e"), "(* pi e)");
        assert_eq!(sexp("lambertw(exp(t - 1))"), "(lambertw (exp (- t 1)))");
        assert_eq!(sexp("alpha_2 * s1"), "(* alpha_2 s1)");
        assert_eq!(sexp("α·u"), "(* α u)");
        assert_eq!(sexp("1e-3"), "1/1000");
    }

    #[test]
    fn errors_point_at_the_column() {
        assert_eq!(error("u*log(u"), "u*log(u\n       ^ expected ')', found end of input");
        assert_eq!(error("2u"), "2u\n ^ implicit multiplication is not supported: write '*' between the factors");
        assert_eq!(error("u + * 2"), "u + * 2\n    ^ expected an operand, found '*'");
        assert_eq!(error("lgo(u)"), "lgo(u)\n^^^ unknown function 'lgo' (did you mean 'log'?)");
        assert_eq!(error("min(u)"), "min(u)\n^^^^^^ 'min' takes 2 arguments, found 1");
        assert_eq!(error("log + 1"), "log + 1\n^^^ 'log' is a function: write log(…)");
        assert_eq!(error("u $ 2"), "u $ 2\n  ^ unexpected character '$'");
        assert_eq!(error("  "), "  \n  ^ empty expression");
        assert_eq!(error("u)"), "u)\n ^ expected an operator or end of input, found ')'");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        // 'α' and '·' are two bytes each in UTF-8; the caret must sit under the '$'
        assert_eq!(error("α·u $"), "α·u $\n    ^ unexpected character '$'");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!("{}u{}", "(".repeat(100_000), ")".repeat(100_000));
        assert_eq!(parse(&deep).unwrap_err().kind, ParseErrorKind::TooLong);
        let deep = format!("{}u{}", "(".repeat(20_000), ")".repeat(20_000));
        assert_eq!(parse(&deep).unwrap_err().kind, ParseErrorKind::TooDeep);
        let deep = format!("{}u{}", "exp(".repeat(5_000), ")".repeat(5_000));
        assert_eq!(parse(&deep).unwrap_err().kind, ParseErrorKind::TooDeep);
        let long_sum = vec!["u"; 5_000].join(" + ");
        assert_eq!(parse(&long_sum).unwrap_err().kind, ParseErrorKind::TooDeep);
        let minus = format!("{}u", "-".repeat(50_000));
        assert_eq!(parse(&minus).unwrap_err().kind, ParseErrorKind::TooDeep);
        let tower = vec!["2"; 5_000].join("^");
        assert_eq!(parse(&tower).unwrap_err().kind, ParseErrorKind::TooDeep);
        // the limit itself is accepted
        let ok = format!("{}u{}", "(".repeat(MAX_DEPTH - 1), ")".repeat(MAX_DEPTH - 1));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn huge_numbers_are_errors() {
        assert!(matches!(parse("1e100000").unwrap_err().kind, ParseErrorKind::BadNumber(LiteralError::TooLarge)));
        let long = "9".repeat(5000);
        assert!(matches!(parse(&long).unwrap_err().kind, ParseErrorKind::BadNumber(LiteralError::TooLarge)));
    }
}
