//! The REPL's command language and session, testable without a terminal.
//!
//! A [`Session`] holds the user's bindings (`f = u*log(u)`) and declared parameter ranges
//! (`assume s1 > 0`), and runs one command line at a time ([`Session::execute`]), returning an
//! [`Answer`]: human text whose last line is the bare result (so `tail -1` works), and one JSON
//! object for `--json`. The terminal shell (`examples/repl.rs`, the `fdiv` binary) is in
//! [`shell`]; it only reads lines and prints answers.
//!
//! The commands are a table ([`table::COMMANDS`]): one entry per command with its usage,
//! summary, example and handler, from which dispatch, `help`, completion and the README's
//! command table test all come. The handlers live in `commands`, one module per concept, and
//! each builds a typed outcome ([`outcome`]) that serialises to the command's JSON.
//!
//! # Examples
//!
//! ```
//! use fdiv::repl::Session;
//! let mut session = Session::new();
//! session.execute("f = u*log(u)").unwrap();
//! let answer = session.execute("eval f 1").unwrap();
//! assert_eq!(answer.json["value"], 0.0);
//! assert_eq!(answer.text.lines().last(), Some("0"));
//! ```

mod args;
mod command;
mod commands;
pub mod outcome;
pub mod shell;
pub mod table;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use crate::expr::{Expr, ParseError};
use crate::generator::catalogue;
use crate::generator::{Generator, VARIABLE};
use crate::numeric::interval::Interval;
use crate::simplify::Assumptions;
pub use command::{Call, Command};
pub use table::COMMANDS;

/// The result of one command.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// Human-readable output; its last line is the bare result (an infix expression that
    /// re-parses, or a number).
    pub text: String,
    /// The machine-readable result, printed on one line with `--json`: the command's typed
    /// outcome ([`outcome`]) serialised.
    pub json: Value,
    /// The LaTeX form of the result, when it has one (`latex <command>`).
    pub latex: Option<String>,
    /// The result as an expression with its variables, when it is one (`export <lang> <command>`).
    pub expr: Option<(Expr, Vec<String>)>,
}

impl Answer {
    /// An answer: the text, and the typed outcome serialised for `--json`.
    fn new(text: impl Into<String>, outcome: &impl Serialize) -> Answer {
        // serialising the outcome types cannot fail: their fields are strings, numbers (a
        // non-finite one is a `Number`), sequences and maps with string keys
        let json = serde_json::to_value(outcome).unwrap_or_else(|e| outcome::failure(e.to_string()));
        Answer { text: text.into(), json, latex: None, expr: None }
    }

    /// The blank answer of an empty line or a comment: no text, JSON `null`.
    fn blank() -> Answer {
        Answer { text: String::new(), json: Value::Null, latex: None, expr: None }
    }

    fn with_expr(mut self, expr: &Expr, vars: &[&str]) -> Answer {
        self.latex = Some(expr.to_latex());
        self.expr = Some((expr.clone(), vars.iter().map(|v| v.to_string()).collect()));
        self
    }
}

/// Why a command failed. The session is unchanged by a failed command.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReplError {
    /// An expression did not parse; `rendered` shows the command line with a caret.
    #[error("{rendered}")]
    Parse {
        /// The error with its span relative to the expression.
        error: ParseError,
        /// The whole command line with a caret under the offending column, and the message.
        rendered: String,
    },
    /// The first word is not a command.
    #[error("unknown command '{word}'{}", suggestion.as_ref().map(|s| format!(" (did you mean '{s}'?)")).unwrap_or_default())]
    UnknownCommand {
        /// What was typed.
        word: String,
        /// The closest command, if one is close.
        suggestion: Option<String>,
    },
    /// A name that is neither bound in the session nor in the catalogue.
    #[error("unknown name '{0}': bind it first, e.g. {0} = u*log(u) (see 'list')")]
    UnknownName(String),
    /// A command used with the wrong arguments.
    #[error("usage: {0}")]
    Usage(String),
    /// A computation failed.
    #[error("{0}")]
    Failed(String),
}

/// A REPL session: bindings and assumptions, and the commands that use them.
#[derive(Debug, Clone, Default)]
pub struct Session {
    bindings: BTreeMap<String, Generator>,
    assumptions: BTreeMap<String, Interval>,
    /// Sample sets drawn with `sample … as <name>`.
    samples: BTreeMap<String, Vec<f64>>,
    /// Draws so far: each `sample` command gets its own seed, so a session is reproducible.
    draws: u64,
    /// Where `plot` writes its SVG files (the current directory if unset).
    plot_dir: Option<std::path::PathBuf>,
}

impl Session {
    /// An empty session.
    pub fn new() -> Session {
        Session::default()
    }

    /// A session whose plots go to `dir` instead of the current directory.
    pub fn with_plot_dir(dir: impl Into<std::path::PathBuf>) -> Session {
        Session { plot_dir: Some(dir.into()), ..Session::default() }
    }

    /// The generator bound to `name`, if any.
    pub fn binding(&self, name: &str) -> Option<&Generator> {
        self.bindings.get(name)
    }

    /// The names bound in the session, in order.
    pub fn binding_names(&self) -> impl Iterator<Item = &str> {
        self.bindings.keys().map(String::as_str)
    }

    /// The declared parameter ranges.
    pub fn assumptions(&self) -> &BTreeMap<String, Interval> {
        &self.assumptions
    }

    /// Runs one command line: a binding `name = …`, a command of [`table::COMMANDS`], or a
    /// bound name alone (shown).
    ///
    /// Blank lines and `#` comments give an empty answer with a `null` JSON value.
    ///
    /// # Errors
    ///
    /// A [`ReplError`] saying what went wrong; the session is unchanged by a failed command.
    pub fn execute(&mut self, line: &str) -> Result<Answer, ReplError> {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return Ok(Answer::blank());
        }
        if args::split_binding(line).is_some() {
            return commands::bindings::bind(self, &command::Call { line, rest: line });
        }
        let (word, rest) = args::split_word(line);
        match table::find(word) {
            Some(command) => (command.run)(self, &command::Call { line, rest }),
            None if self.bindings.contains_key(word) && rest.is_empty() => {
                commands::bindings::show(self, &command::Call { line, rest: word })
            }
            None => Err(ReplError::UnknownCommand { word: word.to_string(), suggestion: table::closest(word) }),
        }
    }

    /// Runs a nested command (`latex <command>`, `time <command>`).
    fn execute_inner(&mut self, rest: &str, usage: &str) -> Result<Answer, ReplError> {
        if rest.is_empty() {
            return Err(ReplError::Usage(usage.into()));
        }
        self.execute(rest)
    }

    /// A generator from an argument: a bound name, a catalogue name, or an expression in `u`.
    fn generator(&self, line: &str, arg: &str) -> Result<Generator, ReplError> {
        let arg = arg.trim();
        if let Some(bound) = self.bindings.get(arg) {
            return Ok(bound.clone());
        }
        if let Some(entry) = catalogue::lookup(arg) {
            return Ok(entry.generator());
        }
        let expr = self.expression(line, arg)?;
        // a lone unknown name is more likely a typo of a binding than the generator "f(u) = name"
        if let [crate::Math::Symbol(s)] = expr.nodes()
            && s.as_str() != VARIABLE
        {
            return Err(ReplError::UnknownName(s.to_string()));
        }
        Ok(Generator::new(expr))
    }

    /// Parses `arg`, a slice of `line`, reporting errors with a caret under the column of `line`.
    fn expression(&self, line: &str, arg: &str) -> Result<Expr, ReplError> {
        Expr::parse(arg).map_err(|error| {
            let offset = args::char_offset(line, arg);
            let width = error.span.end.saturating_sub(error.span.start).max(1);
            let pad = " ".repeat(offset + error.span.start);
            let rendered = format!("{}\n  {line}\n  {pad}{}", error.message(), "^".repeat(width));
            ReplError::Parse { rendered, error }
        })
    }

    /// The simplifier's domain: p, q, u > 0 and the declared parameter ranges.
    fn simplify_assumptions(&self) -> Assumptions {
        self.assumptions.iter().fold(Assumptions::default(), |a, (name, range)| a.with(name, *range))
    }

    /// Only what the session declared: p and q are not parameters known to be positive.
    fn declared_assumptions(&self) -> Assumptions {
        self.assumptions.iter().fold(Assumptions::none(), |a, (name, range)| a.with(name, *range))
    }

    /// The sample set called `name`.
    fn sample_set(&self, name: &str) -> Result<&Vec<f64>, ReplError> {
        self.samples.get(name).ok_or_else(|| {
            ReplError::Failed(format!("no sample set '{name}': draw one first, e.g. sample N(0,1) 2000 as {name}"))
        })
    }
}

/// Whether `name` cannot be bound: a command word, a variable, a constant or a function.
fn is_reserved(name: &str) -> bool {
    table::words().any(|w| w == name)
        || matches!(name, "u" | "p" | "q" | "x" | "pi" | "e")
        || crate::expr::UNARY_FUNCTIONS.iter().any(|(f, _)| *f == name)
        || crate::expr::BINARY_FUNCTIONS.iter().any(|(f, _)| *f == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::numeric::Compiled;
    use serde_json::json;

    fn run(session: &mut Session, line: &str) -> Answer {
        session.execute(line).unwrap_or_else(|e| panic!("{line}: {e}"))
    }

    #[test]
    fn binding_and_evaluating() {
        let mut s = Session::new();
        let a = run(&mut s, "f = u*log(u)");
        assert_eq!(a.json, json!({"bound": "f", "expr": "u*log(u)", "recognised": "kl"}));
        assert_eq!(a.text.lines().last(), Some("u*log(u)"));
        assert_eq!(run(&mut s, "eval f 1").json["exact"], "0");
        let v = run(&mut s, "eval f 2.5").json["value"].as_f64().unwrap();
        assert_eq!(v, 2.5 * 2.5f64.ln());
        assert_eq!(run(&mut s, "g(u) = (u - 1)^2").json["bound"], "g");
        assert_eq!(run(&mut s, "eval g 3/2").json["exact"], "1/4");
    }

    #[test]
    fn errors_say_where_and_keep_the_session() {
        let mut s = Session::new();
        run(&mut s, "f = u*log(u)");
        let err = s.execute("g = u*log(").unwrap_err();
        assert_eq!(err.to_string(), "expected an operand, found end of input\n  g = u*log(\n            ^");
        assert!(s.binding("f").is_some());
        assert!(s.binding("g").is_none());
        assert_eq!(s.execute("chekc f").unwrap_err().to_string(), "unknown command 'chekc' (did you mean 'check'?)");
        assert!(matches!(s.execute("eval h 2"), Err(ReplError::UnknownName(_))));
        assert!(s.execute("eval f 0").unwrap_err().to_string().contains("not a finite number"));
        assert!(matches!(s.execute("log = u"), Err(ReplError::Failed(_))));
    }

    #[test]
    fn assumptions_are_parsed() {
        let mut s = Session::new();
        assert_eq!(run(&mut s, "assume s1 > 0").json["range"], "(0, inf)");
        assert_eq!(run(&mut s, "assume alpha in (0, 1]").json["range"], "(0, 1]");
        assert_eq!(run(&mut s, "assume t <= 1/2").json["range"], "(-inf, 0.5]");
        assert!(matches!(s.execute("assume alpha in (1, 0)"), Err(ReplError::Usage(_))));
        assert!(matches!(s.execute("assume 2 > 0"), Err(ReplError::Usage(_))));
        assert_eq!(s.assumptions().len(), 3);
    }

    #[test]
    fn latex_export_and_time_wrap_commands() {
        let mut s = Session::new();
        run(&mut s, "f = (sqrt(u) - 1)^2");
        assert_eq!(run(&mut s, "latex show f").text, r"\left(\sqrt{u} - 1\right)^{2}");
        let code = run(&mut s, "export rust show f").text;
        assert!(code.contains("pub fn f(u: f64) -> f64"), "{code}");
        let code = run(&mut s, "export numpy f").text;
        assert!(code.contains("def f(u):"), "{code}");
        let t = run(&mut s, "time eval f 2");
        assert!(t.json["runs"].as_u64().unwrap() >= 3);
        assert!(s.execute("time chekc f").is_err());
    }

    #[test]
    fn commands_not_landed_say_so() {
        let mut s = Session::new();
        run(&mut s, "f = u*log(u)");
        assert_eq!(run(&mut s, "dual f").json["result"], "-log(u)");
        // KL's conjugate is exp(t − 1) on the whole line (compared by value: its printed form may vary)
        let conj = run(&mut s, "conj f");
        let result = Expr::parse(conj.json["result"].as_str().unwrap()).unwrap();
        let at = Compiled::new(&result, &["t"]).unwrap().eval(&[0.3]);
        assert!((at - (-0.7f64).exp()).abs() < 1e-14, "{at}");
        assert_eq!(conj.json["domain"], "all real t");
    }

    #[test]
    fn divergences_by_quadrature() {
        let mut s = Session::new();
        run(&mut s, "f = u*log(u)");
        let kl = run(&mut s, "D f N(0,1) N(1,2)").json["value"].as_f64().unwrap();
        let exact = 2f64.ln() + 2.0 / 8.0 - 0.5;
        assert!((kl - exact).abs() < 1e-10 * exact, "{kl} vs {exact}");
        assert_eq!(run(&mut s, "D f U(0,2) U(0,1)").json["value"], "inf");
        let tv = run(&mut s, "D 1/2*abs(u - 1) U(0, 2) U(0, 1)").json["value"].as_f64().unwrap();
        assert!((tv - 0.5).abs() < 1e-12);
        assert!(run(&mut s, "D f [0.5, 0.5] [0.9, 0.1]").json["value"].as_f64().unwrap() > 0.0);
        assert!(s.execute("D f N(0,-1) N(0,1)").unwrap_err().to_string().contains("sd"));
        assert!(matches!(s.execute("D f N(0,1)"), Err(ReplError::Usage(_))));
    }

    #[test]
    fn the_generative_loop() {
        let mut s = Session::new();
        run(&mut s, "sample Mix([0.5, 0.5], N(-3,1), N(3,1)) 2000 as xs");
        // forward KL is maximum likelihood: the fitted sd spans both modes (sqrt(10) ≈ 3.16)
        let forward = run(&mut s, "fit N kl xs");
        assert!((forward.json["theta"]["sd"].as_f64().unwrap() - 10f64.sqrt()).abs() < 0.2);
        // reverse KL seeks a mode
        let reverse = run(&mut s, "fit N reverse-kl xs");
        assert!((reverse.json["theta"]["mean"].as_f64().unwrap().abs() - 3.0).abs() < 0.3);
        let estimate = run(&mut s, "estimate kl xs N(0, 3)");
        assert!(estimate.json["abs_error"].as_f64().unwrap() > 0.0);
        assert!(s.execute("estimate kl nothing N(0,1)").is_err());
        assert!(s.execute("sample N(0,1) 0 as a").is_err());
        assert!(s.execute("sample Mix([0.5], N(0,1), N(1,1)) 10 as a").is_err());
        // Gamma is fitted, but the mixture's samples include negatives
        assert!(s.execute("fit Gamma kl xs").unwrap_err().to_string().contains("outside the support (0, inf)"));
        assert!(s.execute("fit Beta kl xs").unwrap_err().to_string().contains("cannot fit the family 'Beta'"));
    }
}
