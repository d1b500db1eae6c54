//! The REPL's command language and session, testable without a terminal.
//!
//! A [`Session`] holds the user's bindings (`f = u*log(u)`) and declared parameter ranges
//! (`assume s1 > 0`), and runs one command line at a time ([`Session::execute`]), returning an
//! [`Answer`]: human text whose last line is the bare result (so `tail -1` works), and one JSON
//! object for `--json`. The terminal shell (`examples/repl.rs`, the `fdiv` binary) is in
//! [`shell`]; it only reads lines and prints answers.
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

pub mod help;
pub mod shell;

use std::collections::BTreeMap;
use std::time::Instant;

use serde_json::{Value, json};

use crate::dist::{Distribution, parse_distribution};
use crate::divergence::equivalence::{self, Equivalence};
use crate::divergence::numeric as numeric_divergence;
use crate::divergence::{Generator, VARIABLE};
use crate::divergence::{catalogue, integrand};
use crate::expr::exact;
use crate::expr::{Expr, ParseError, Rational, print};
use crate::numeric::Compiled;
use crate::numeric::interval::Interval;
use crate::simplify::{self, Assumptions, Derivation};
use crate::verify;

/// The result of one command.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// Human-readable output; its last line is the bare result (an infix expression that
    /// re-parses, or a number).
    pub text: String,
    /// The machine-readable result, printed on one line with `--json`.
    pub json: Value,
    /// The LaTeX form of the result, when it has one (`latex <command>`).
    pub latex: Option<String>,
    /// The result as an expression with its variables, when it is one (`export <lang> <command>`).
    pub expr: Option<(Expr, Vec<String>)>,
}

impl Answer {
    fn new(text: impl Into<String>, json: Value) -> Answer {
        Answer { text: text.into(), json, latex: None, expr: None }
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
    /// A command whose capability has not landed yet.
    #[error("'{command}' is not available yet ({reason})")]
    NotYetAvailable {
        /// The command.
        command: String,
        /// What it waits for.
        reason: String,
    },
    /// A computation failed.
    #[error("{0}")]
    Failed(String),
}

/// A range as the REPL writes it: `(0, inf)`, `[0, 1)` — ASCII, so that `assume` reads it back.
fn range_text(range: &Interval) -> String {
    let end = |x: f64| match x {
        f64::INFINITY => "inf".to_string(),
        f64::NEG_INFINITY => "-inf".to_string(),
        x => x.to_string(),
    };
    let open = if range.lo_open { '(' } else { '[' };
    let close = if range.hi_open { ')' } else { ']' };
    format!("{open}{}, {}{close}", end(range.lo), end(range.hi))
}

/// A REPL session: bindings and assumptions, and the commands that use them.
#[derive(Debug, Clone, Default)]
pub struct Session {
    bindings: BTreeMap<String, Generator>,
    assumptions: BTreeMap<String, Interval>,
    /// Where `plot` writes its SVG files (the current directory if unset).
    plot_dir: Option<std::path::PathBuf>,
}

/// The commands, with a one-line summary each; `help <command>` has the details.
pub const COMMANDS: [&str; 24] = [
    "help", "list", "assume", "eval", "derive", "same", "check", "D", "dual", "conj", "diff", "simplify", "latex",
    "export", "plot", "time", "sample", "estimate", "fit", "show", "quit", "exit", "unbind", "clear",
];

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

    /// The declared parameter ranges.
    pub fn assumptions(&self) -> &BTreeMap<String, Interval> {
        &self.assumptions
    }

    /// Runs one command line.
    ///
    /// Blank lines and `#` comments give an empty answer with a `null` JSON value.
    ///
    /// # Errors
    ///
    /// A [`ReplError`] saying what went wrong; the session is unchanged by a failed command.
    pub fn execute(&mut self, line: &str) -> Result<Answer, ReplError> {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return Ok(Answer::new("", Value::Null));
        }
        if let Some((name, rhs)) = split_binding(line) {
            return self.bind(line, name, rhs);
        }
        let (word, rest) = split_word(line);
        match word {
            "help" => help::help(rest),
            "list" => Ok(self.list()),
            "show" => self.show(line, rest),
            "unbind" => self.unbind(rest),
            "clear" => {
                self.bindings.clear();
                self.assumptions.clear();
                Ok(Answer::new("cleared", json!({"cleared": true})))
            }
            "assume" => self.assume(rest),
            "eval" => self.eval(line, rest),
            "latex" => {
                let answer = self.execute_inner(rest, "latex <command>")?;
                let latex = answer.latex.ok_or_else(|| ReplError::Failed("this result has no LaTeX form".into()))?;
                Ok(Answer::new(latex.clone(), json!({ "latex": latex })))
            }
            "export" => self.export(rest),
            "time" => self.time(rest),
            "derive" => self.derive(line, rest),
            "simplify" => self.simplify(line, rest),
            "same" => self.same(line, rest),
            "check" => self.check(line, rest),
            "diff" => self.diff(line, rest),
            "D" => self.divergence(line, rest),
            "dual" | "conj" => Err(not_yet(word, "closed forms, issue 6")),
            "plot" => self.plot(line, rest),
            "sample" | "estimate" | "fit" => Err(not_yet(word, "the generative loop, issue 8")),
            "quit" | "exit" => Ok(Answer::new("bye", json!({"quit": true}))),
            _ if self.bindings.contains_key(word) && rest.is_empty() => self.show(line, word),
            _ => Err(ReplError::UnknownCommand { word: word.to_string(), suggestion: closest_command(word) }),
        }
    }

    /// Runs a nested command (`latex <command>`, `time <command>`).
    fn execute_inner(&mut self, rest: &str, usage: &str) -> Result<Answer, ReplError> {
        if rest.is_empty() {
            return Err(ReplError::Usage(usage.into()));
        }
        self.execute(rest)
    }

    fn bind(&mut self, line: &str, name: &str, rhs: &str) -> Result<Answer, ReplError> {
        if is_reserved(name) {
            return Err(ReplError::Failed(format!("'{name}' is reserved: choose another name")));
        }
        let generator = self.generator(line, rhs)?;
        let expr = generator.f().to_string();
        // a user's generator that is a catalogue entry up to c·(u − 1) is named as such
        let recognised = match catalogue::lookup(rhs.trim()) {
            Some(_) => None,
            None => equivalence::recognise(&generator, &self.simplify_assumptions()).map(|(entry, _)| entry.name),
        };
        let note = recognised.map(|n| format!("  (the same divergence as {n})")).unwrap_or_default();
        let text = format!("{name}(u) = {expr}{note}\n{expr}");
        let answer = Answer::new(text, json!({"bound": name, "expr": expr, "recognised": recognised}));
        let answer = answer.with_expr(generator.f(), &[VARIABLE]);
        self.bindings.insert(name.to_string(), generator.named(name));
        Ok(answer)
    }

    /// A generator from an argument: a bound name, or an expression in `u`.
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
            let offset = char_offset(line, arg);
            let width = error.span.end.saturating_sub(error.span.start).max(1);
            let pad = " ".repeat(offset + error.span.start);
            let rendered = format!("{error}\n  {line}\n  {pad}{}", "^".repeat(width));
            ReplError::Parse { rendered, error }
        })
    }

    fn list(&self) -> Answer {
        let mut lines = Vec::new();
        let mut bound = serde_json::Map::new();
        for (name, generator) in &self.bindings {
            lines.push(format!("{name}(u) = {}", generator.f()));
            bound.insert(name.clone(), Value::String(generator.f().to_string()));
        }
        let mut assumed = serde_json::Map::new();
        for (name, range) in &self.assumptions {
            lines.push(format!("assume {name} in {}", range_text(range)));
            assumed.insert(name.clone(), Value::String(range_text(range)));
        }
        if lines.is_empty() {
            lines.push("no bindings yet: try f = u*log(u)".into());
        }
        lines.push("catalogue:".into());
        let mut named = serde_json::Map::new();
        for entry in catalogue::entries() {
            lines.push(format!("  {:<12} {} — f(u) = {}", entry.name, entry.title, entry.f));
            named.insert(entry.name.to_string(), Value::String(entry.f.to_string()));
        }
        Answer::new(lines.join("\n"), json!({"bindings": bound, "assumptions": assumed, "catalogue": named}))
    }

    fn show(&self, line: &str, rest: &str) -> Result<Answer, ReplError> {
        let generator = self.generator(line, rest)?;
        let expr = generator.f().to_string();
        Ok(Answer::new(expr.clone(), json!({"expr": expr})).with_expr(generator.f(), &[VARIABLE]))
    }

    fn unbind(&mut self, rest: &str) -> Result<Answer, ReplError> {
        let name = rest.trim();
        match self.bindings.remove(name) {
            Some(_) => Ok(Answer::new(format!("unbound {name}"), json!({"unbound": name}))),
            None => Err(ReplError::UnknownName(name.to_string())),
        }
    }

    fn assume(&mut self, rest: &str) -> Result<Answer, ReplError> {
        let usage = || ReplError::Usage("assume <name> > 0 | assume <name> in (lo, hi)".into());
        let (name, range) = parse_assumption(rest).ok_or_else(usage)?;
        let text = format!("assume {name} in {}", range_text(&range));
        let json = json!({"assumed": name, "range": range_text(&range)});
        self.assumptions.insert(name, range);
        Ok(Answer::new(text, json))
    }

    /// `eval f 2.5`: the value of a generator at a point, exact when the point is rational and
    /// the value is.
    fn eval(&self, line: &str, rest: &str) -> Result<Answer, ReplError> {
        let usage = || ReplError::Usage("eval <generator> <u>, e.g. eval f 2.5".into());
        let (gen_text, point_text) = rest.rsplit_once(char::is_whitespace).ok_or_else(usage)?;
        let generator = self.generator(line, gen_text)?;
        let name = generator.name().unwrap_or("f").to_string();
        let point = self.expression(line, point_text)?;
        let u = exact::eval_constant(&point).ok();
        if let Some(u) = &u {
            let value_of = |name: &str| (name == VARIABLE).then(|| u.clone());
            if let Ok(value) = exact::eval(generator.f(), &value_of) {
                let text = format!("{name}({u}) = {value} (exact)\n{value}");
                return Ok(Answer::new(text, json!({"value": value.to_f64(), "exact": value.to_string()})));
            }
        }
        let at = Compiled::new(&point, &[]).map_err(|e| ReplError::Failed(e.to_string()))?.eval(&[]);
        let f = Compiled::new(generator.f(), &[VARIABLE]).map_err(|e| ReplError::Failed(e.to_string()))?;
        let value = f.eval(&[at]);
        if !value.is_finite() {
            return Err(ReplError::Failed(format!("{name}({at}) is not a finite number (the value is {value})")));
        }
        Ok(Answer::new(format!("{name}({at}) = {value}\n{value}"), json!({"value": value})))
    }

    /// `plot f [u_max]`: an SVG of f on (0, u_max] (default 4), written as `plot-<name>.svg`.
    fn plot(&self, line: &str, rest: &str) -> Result<Answer, ReplError> {
        let usage = || ReplError::Usage("plot <generator> [u_max], e.g. plot f 10".into());
        if rest.is_empty() {
            return Err(usage());
        }
        let (gen_text, u_max) = match rest.rsplit_once(char::is_whitespace) {
            Some((g, last)) if last.parse::<Rational>().is_ok() => {
                let u_max = last.parse::<Rational>().map(|q| q.to_f64()).unwrap_or(4.0);
                (g, u_max)
            }
            _ => (rest, 4.0),
        };
        if !(u_max > 0.0 && u_max.is_finite()) {
            return Err(ReplError::Failed(format!("u_max must be positive and finite, not {u_max}")));
        }
        let generator = self.generator(line, gen_text)?;
        let name = generator.name().unwrap_or("f");
        let f = Compiled::new(generator.f(), &[VARIABLE]).map_err(|e| ReplError::Failed(e.to_string()))?;
        let chart = crate::plot::Chart::new(&format!("{name}(u) = {}", generator.f()), "u")
            .with(crate::plot::Series::sample(name, 0.0, u_max, 400, |u| f.eval(&[u])));
        let file =
            format!("plot-{}.svg", name.chars().filter(|c| c.is_alphanumeric() || *c == '_').collect::<String>());
        let path = self.plot_dir.clone().unwrap_or_default().join(file);
        chart.write_svg(&path).map_err(|e| ReplError::Failed(e.to_string()))?;
        let shown = path.display().to_string();
        Ok(Answer::new(format!("wrote {shown}\n{shown}"), json!({"path": shown})))
    }

    /// `same f g`: whether f and g define the same divergence (f − g = c·(u − 1)).
    fn same(&self, line: &str, rest: &str) -> Result<Answer, ReplError> {
        let usage = || ReplError::Usage("same <f> <g>, e.g. same f u*log(u) - u + 1".into());
        let tokens = split_top_level(rest);
        // the first split at which both sides are generators (names or expressions)
        let (f, g) = (1..tokens.len())
            .find_map(|i| {
                let f = self.generator(line, &tokens[..i].join(" ")).ok()?;
                let g = self.generator(line, &tokens[i..].join(" ")).ok()?;
                Some((f, g))
            })
            .ok_or_else(usage)?;
        let (name_f, name_g) = (f.name().unwrap_or("f").to_string(), g.name().unwrap_or("g").to_string());
        let (result, detail, steps) = match equivalence::same(&f, &g, &self.simplify_assumptions()) {
            Equivalence::Same { c, evidence } => {
                let steps = derivation_steps(&evidence);
                (
                    "same",
                    format!("{name_f} − {name_g} = {c}·(u − 1): the same divergence\n{}", evidence.to_text()),
                    steps,
                )
            }
            Equivalence::Different(witness) => {
                ("different", format!("{name_f} − {name_g} is not c·(u − 1): {witness}"), vec![])
            }
            Equivalence::Unknown { reason } => ("unknown", reason, vec![]),
        };
        Ok(Answer::new(format!("{detail}\n{result}"), json!({"result": result, "steps": steps})))
    }

    /// `check f`: f(1) = 0, convexity, semicontinuity, f(0+) and f'(∞), each proved, refuted
    /// with numbers, or unknown with the reason. The last line is the overall verdict.
    fn check(&self, line: &str, rest: &str) -> Result<Answer, ReplError> {
        if rest.is_empty() {
            return Err(ReplError::Usage("check <generator>, e.g. check f".into()));
        }
        let generator = self.generator(line, rest)?;
        let report = verify::check(&generator);
        let verdicts = [&report.normalised, &report.convex, &report.lsc];
        let overall = if verdicts.iter().all(|v| v.is_proved()) {
            "proved"
        } else if verdicts.iter().any(|v| v.is_refuted()) {
            "refuted"
        } else {
            "unknown"
        };
        let text = format!("{}valid generator: {overall}\n{overall}", report.to_text());
        let mut json = report.to_json();
        json["valid"] = json!(overall);
        let mut answer = Answer::new(text, json);
        answer.latex = Some(report.to_latex());
        Ok(answer)
    }

    /// `diff f`: f'(u), simplified by the e-graph.
    fn diff(&self, line: &str, rest: &str) -> Result<Answer, ReplError> {
        if rest.is_empty() {
            return Err(ReplError::Usage("diff <generator>, e.g. diff f".into()));
        }
        let generator = self.generator(line, rest)?;
        let derivative =
            crate::calculus::derivative(generator.f(), VARIABLE).map_err(|e| ReplError::Failed(e.to_string()))?;
        let derivation = simplify::simplify(&derivative, &self.simplify_assumptions(), &simplify::Limits::default());
        Ok(derivation_answer(&derivation, &[VARIABLE]))
    }

    /// The simplifier's domain: p, q, u > 0 and the declared parameter ranges.
    fn simplify_assumptions(&self) -> Assumptions {
        self.assumptions.iter().fold(Assumptions::default(), |a, (name, range)| a.with(name, *range))
    }

    /// `derive f`: the integrand q·f(p/q), derived step by step.
    fn derive(&self, line: &str, rest: &str) -> Result<Answer, ReplError> {
        let tokens = split_top_level(rest);
        match tokens.as_slice() {
            [] => Err(ReplError::Usage("derive <generator>, e.g. derive f".into())),
            [_, p, q] if looks_like_distribution(p) && looks_like_distribution(q) => {
                Err(not_yet("derive <generator> <P> <Q>", "closed forms, issue 6"))
            }
            _ => {
                let generator = self.generator(line, rest)?;
                let derivation = integrand::derive(&generator, &self.simplify_assumptions());
                Ok(derivation_answer(&derivation, &["p", "q"]))
            }
        }
    }

    /// `simplify <expression>`: the e-graph simplifier over the session's domain.
    fn simplify(&self, line: &str, rest: &str) -> Result<Answer, ReplError> {
        if rest.is_empty() {
            return Err(ReplError::Usage("simplify <expression>, e.g. simplify q*(p/q)*log(p/q)".into()));
        }
        let expr = match self.bindings.get(rest) {
            Some(generator) => generator.f().clone(),
            None => self.expression(line, rest)?,
        };
        let derivation = simplify::simplify(&expr, &self.simplify_assumptions(), &simplify::Limits::default());
        let vars: Vec<String> = derivation.result.free_symbols().iter().map(|s| s.to_string()).collect();
        let vars: Vec<&str> = vars.iter().map(String::as_str).collect();
        Ok(derivation_answer(&derivation, &vars))
    }

    /// `D f P Q`: D_f(P‖Q) by quadrature, with its error estimate and evaluation count.
    fn divergence(&self, line: &str, rest: &str) -> Result<Answer, ReplError> {
        let usage = || ReplError::Usage("D <generator> <P> <Q>, e.g. D f N(0,1) N(1,2) (see help conventions)".into());
        let tokens = split_top_level(rest);
        let [generator_tokens @ .., p_text, q_text] = tokens.as_slice() else { return Err(usage()) };
        if generator_tokens.is_empty() {
            return Err(usage());
        }
        let generator = self.generator(line, &generator_tokens.join(" "))?;
        let p = distribution(p_text)?;
        let q = distribution(q_text)?;
        // limits proved symbolically where the engine decides them, estimated numerically otherwise
        let options = numeric_divergence::Options {
            limits: numeric_divergence::Limits::symbolic(&generator),
            ..numeric_divergence::Options::default()
        };
        let report = numeric_divergence::divergence_report(&generator, &p, &q, options)
            .map_err(|e| ReplError::Failed(e.to_string()))?;
        let estimate = report.estimate;
        let name = generator.name().unwrap_or("f");
        let what = format!("D_{name}({p} || {q})");
        if estimate.value.is_infinite() {
            let why = match report.infinite {
                Some(reason) => format!(" ({reason})"),
                None => String::new(),
            };
            let text = format!("{what} = inf{why}\ninf");
            let numerical = report.infinite.is_some_and(|r| r.is_numerical());
            return Ok(Answer::new(
                text,
                json!({"value": "inf", "abs_error": 0.0, "evals": estimate.evals, "numerical_evidence": numerical}),
            ));
        }
        let text = format!(
            "{what} = {} ± {:.1e} ({} evaluations)\n{}",
            estimate.value, estimate.abs_error, estimate.evals, estimate.value
        );
        Ok(Answer::new(
            text,
            json!({"value": estimate.value, "abs_error": estimate.abs_error, "evals": estimate.evals}),
        ))
    }

    fn export(&mut self, rest: &str) -> Result<Answer, ReplError> {
        let usage = || ReplError::Usage("export rust|numpy <command>, e.g. export rust show f".into());
        let (language, command) = split_word(rest);
        if !matches!(language, "rust" | "numpy") {
            return Err(usage());
        }
        let answer = self.execute_inner(command, "export rust|numpy <command>")?;
        let (expr, vars) = answer.expr.ok_or_else(|| ReplError::Failed("this result is not an expression".into()))?;
        let vars: Vec<&str> = vars.iter().map(String::as_str).collect();
        let name = "f";
        let code = match language {
            "rust" => print::rust_function(&expr, name, &vars),
            _ => print::numpy_function(&expr, name, &vars),
        };
        Ok(Answer::new(code.clone(), json!({"code": code, "language": language})))
    }

    /// `time <command>`: runs the command repeatedly, about half a second in all (at least 3 runs,
    /// at most 10 000), and reports the median and spread of one run.
    fn time(&mut self, rest: &str) -> Result<Answer, ReplError> {
        if rest.is_empty() || split_word(rest).0 == "time" {
            return Err(ReplError::Usage("time <command>, e.g. time derive f".into()));
        }
        // a failing command is reported as such, not timed
        self.execute(rest)?;
        let budget = std::time::Duration::from_millis(500);
        let started = Instant::now();
        let mut runs = Vec::new();
        while runs.len() < 3 || (started.elapsed() < budget && runs.len() < 10_000) {
            let t = Instant::now();
            let _ = std::hint::black_box(self.execute(rest));
            runs.push(t.elapsed().as_secs_f64());
        }
        runs.sort_by(f64::total_cmp);
        let median = runs[runs.len() / 2];
        let (low, high) = (runs[runs.len() / 10], runs[runs.len() * 9 / 10]);
        let text = format!(
            "{} runs: median {}, 10%–90% {} – {}\n{median:e}",
            runs.len(),
            human_seconds(median),
            human_seconds(low),
            human_seconds(high)
        );
        Ok(Answer::new(text, json!({"median_s": median, "runs": runs.len(), "p10_s": low, "p90_s": high})))
    }
}

/// A derivation's steps as JSON: `[{"rule", "conditions", "expr"}, …]`.
fn derivation_steps(derivation: &Derivation) -> Vec<Value> {
    derivation
        .steps
        .iter()
        .map(|s| json!({"rule": s.rule, "conditions": s.conditions, "expr": s.expr.to_string()}))
        .collect()
}

/// A derivation as text (its steps, then the bare result) and as JSON (`result`, `steps`).
fn derivation_answer(derivation: &Derivation, vars: &[&str]) -> Answer {
    let steps = derivation_steps(derivation);
    let result = derivation.result.to_string();
    let mut text = derivation.to_text();
    if !derivation.complete {
        text.push_str("\n(only partly simplified: a work limit was hit)");
    }
    text.push_str(&format!("\n{result}"));
    let json = json!({"result": result, "steps": steps, "complete": derivation.complete});
    let mut answer = Answer::new(text, json).with_expr(&derivation.result, vars);
    answer.latex = Some(derivation.to_latex());
    answer
}

/// Whether a token is written like a distribution: `N(0, 1)`, `Gamma(k, b)`, `[0.2, 0.8]`.
fn looks_like_distribution(token: &str) -> bool {
    token.starts_with('[')
        || token
            .split_once('(')
            .is_some_and(|(name, _)| token.ends_with(')') && crate::dist::is_family_name(name.trim()))
}

/// A distribution from its REPL text, such as `N(0,1)` or `[0.2, 0.8]`.
fn distribution(text: &str) -> Result<Distribution, ReplError> {
    parse_distribution(text).map_err(|e| ReplError::Failed(format!("{text}: {e}")))
}

/// Splits at whitespace outside parentheses and brackets: `f N(0, 1) [0.5, 0.5]` has three parts.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut start = None;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
        if c.is_whitespace() && depth <= 0 {
            if let Some(s) = start.take() {
                parts.push(&text[s..i]);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        parts.push(&text[s..]);
    }
    parts
}

fn not_yet(command: &str, reason: &str) -> ReplError {
    ReplError::NotYetAvailable { command: command.to_string(), reason: format!("it comes with {reason}") }
}

fn human_seconds(s: f64) -> String {
    if s < 1e-6 {
        format!("{:.0} ns", s * 1e9)
    } else if s < 1e-3 {
        format!("{:.2} µs", s * 1e6)
    } else if s < 1.0 {
        format!("{:.2} ms", s * 1e3)
    } else {
        format!("{s:.2} s")
    }
}

/// `name = rhs` or `name(u) = rhs`, where name is an identifier.
fn split_binding(line: &str) -> Option<(&str, &str)> {
    let (lhs, rhs) = line.split_once('=')?;
    let lhs = lhs.trim();
    let name = lhs.strip_suffix("(u)").map(str::trim_end).unwrap_or(lhs);
    let mut chars = name.chars();
    let first = chars.next()?;
    ((first.is_alphabetic() || first == '_') && chars.all(|c| c.is_alphanumeric() || c == '_')).then_some((name, rhs))
}

/// The first whitespace-separated word and the trimmed rest.
fn split_word(line: &str) -> (&str, &str) {
    let line = line.trim();
    match line.split_once(char::is_whitespace) {
        Some((word, rest)) => (word, rest.trim()),
        None => (line, ""),
    }
}

/// The position, in characters, at which `part` (a subslice of `line`) starts.
fn char_offset(line: &str, part: &str) -> usize {
    let start = (part.as_ptr() as usize).saturating_sub(line.as_ptr() as usize);
    if start > line.len() {
        return 0;
    }
    line[..start].chars().count()
}

fn is_reserved(name: &str) -> bool {
    COMMANDS.contains(&name)
        || matches!(name, "u" | "p" | "q" | "x" | "pi" | "e")
        || crate::expr::UNARY_FUNCTIONS.iter().any(|(f, _)| *f == name)
        || crate::expr::BINARY_FUNCTIONS.iter().any(|(f, _)| *f == name)
}

/// The command nearest to `word`, if within two edits.
fn closest_command(word: &str) -> Option<String> {
    COMMANDS
        .iter()
        .map(|c| (crate::expr::parse::edit_distance(&word.to_lowercase(), &c.to_lowercase()), *c))
        .filter(|(d, _)| *d <= 2 && *d < word.chars().count())
        .min()
        .map(|(_, c)| c.to_string())
}

/// `s1 > 0`, `s1 >= 0`, `x < 1`, `alpha in (0, 1)`, `alpha in [0, 1)`.
fn parse_assumption(text: &str) -> Option<(String, Interval)> {
    let number = |s: &str| -> Option<f64> {
        match s.trim() {
            "inf" | "+inf" | "oo" => Some(f64::INFINITY),
            "-inf" | "-oo" => Some(f64::NEG_INFINITY),
            s => s.parse::<Rational>().ok().map(|q| q.to_f64()),
        }
    };
    let valid_name = |s: &str| {
        let s = s.trim();
        !s.is_empty()
            && s.chars().all(|c| c.is_alphanumeric() || c == '_')
            && !s.starts_with(|c: char| c.is_ascii_digit())
    };
    if let Some((name, interval)) = text.split_once(" in ") {
        let interval = interval.trim();
        let lo_open = interval.starts_with('(');
        let hi_open = interval.ends_with(')');
        if !(lo_open || interval.starts_with('[')) || !(hi_open || interval.ends_with(']')) {
            return None;
        }
        let (lo, hi) = interval[1..interval.len().checked_sub(1)?].split_once(',')?;
        let (lo, hi) = (number(lo)?, number(hi)?);
        return (valid_name(name) && lo <= hi).then(|| {
            (
                name.trim().to_string(),
                Interval { lo, hi, lo_open: lo_open || lo.is_infinite(), hi_open: hi_open || hi.is_infinite() },
            )
        });
    }
    for (op, lower, open) in [(">=", true, false), ("<=", false, false), (">", true, true), ("<", false, true)] {
        if let Some((name, bound)) = text.split_once(op) {
            let bound = number(bound)?;
            if !valid_name(name) {
                return None;
            }
            let range = if lower {
                Interval { lo: bound, hi: f64::INFINITY, lo_open: open, hi_open: true }
            } else {
                Interval { lo: f64::NEG_INFINITY, hi: bound, lo_open: true, hi_open: open }
            };
            return Some((name.trim().to_string(), range));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let err = s.execute("fit N f xs").unwrap_err();
        assert!(matches!(err, ReplError::NotYetAvailable { .. }), "{err}");
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
    fn top_level_split_respects_brackets() {
        assert_eq!(split_top_level("f N(0, 1) [0.5, 0.5]"), ["f", "N(0, 1)", "[0.5, 0.5]"]);
        assert_eq!(split_top_level("  a   b "), ["a", "b"]);
    }
}
