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

use crate::closed_form::{self, ClosedForm, family::Parametric};
use crate::dist::{Distribution, parse_distribution};
use crate::divergence::conjugate;
use crate::divergence::dual::{self, Symmetry};
use crate::divergence::equivalence::{self, Equivalence};
use crate::divergence::numeric as numeric_divergence;
use crate::divergence::{Generator, VARIABLE};
use crate::divergence::{catalogue, integrand};
use crate::expr::exact;
use crate::expr::{Expr, ParseError, Rational, print};
use crate::fit::{self, Sample};
use crate::numeric::Compiled;
use crate::numeric::interval::Interval;
use crate::simplify::{self, Assumptions, Derivation};
use crate::verify;
use rand::SeedableRng;

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
    /// Sample sets drawn with `sample … as <name>`.
    samples: BTreeMap<String, Vec<f64>>,
    /// Draws so far: each `sample` command gets its own seed, so a session is reproducible.
    draws: u64,
    /// Where `plot` writes its SVG files (the current directory if unset).
    plot_dir: Option<std::path::PathBuf>,
}

/// The commands, with a one-line summary each; `help <command>` has the details.
pub const COMMANDS: [&str; 25] = [
    "help", "list", "assume", "eval", "derive", "same", "check", "D", "dual", "conj", "diff", "simplify", "latex",
    "export", "plot", "time", "sample", "estimate", "bound", "fit", "show", "quit", "exit", "unbind", "clear",
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
            "dual" => self.dual(line, rest),
            "conj" => self.conjugate(line, rest),
            "plot" => self.plot(line, rest),
            "sample" => self.sample(rest),
            "estimate" => self.estimate(line, rest),
            "bound" => self.variational_bound(line, rest),
            "fit" => self.fit(line, rest),
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
        let usage = || ReplError::Usage("plot <generator> [u_max] | plot D <f> <P> <Q>, e.g. plot f 10".into());
        if rest.is_empty() {
            return Err(usage());
        }
        if let Some(args) = rest.strip_prefix("D ") {
            return self.plot_divergence(line, args.trim());
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

    /// `plot D f P Q`: p, q and the integrand q·f(p/q) over x, written as `plot-D-<name>.svg`.
    fn plot_divergence(&self, line: &str, rest: &str) -> Result<Answer, ReplError> {
        let usage = || ReplError::Usage("plot D <generator> <P> <Q>, e.g. plot D kl N(0,1) N(1,2)".into());
        let tokens = split_top_level(rest);
        let [generator_tokens @ .., p_text, q_text] = tokens.as_slice() else { return Err(usage()) };
        if generator_tokens.is_empty() {
            return Err(usage());
        }
        let generator = self.generator(line, &generator_tokens.join(" "))?;
        let (p_source, q_source) = (sampling_source(p_text)?, sampling_source(q_text)?);
        let (Some(pc), Some(qc)) = (p_source.continuous(), q_source.continuous()) else {
            return Err(ReplError::Failed("plot D needs two continuous distributions".into()));
        };
        let (p, q) = (p_source.describe(p_text), q_source.describe(q_text));
        // x over both bulks: modes ± 4 scales, clipped to the union of the supports
        let centres: Vec<f64> = pc.modes().into_iter().chain(qc.modes()).collect();
        let spread = 4.0 * pc.scale().max(qc.scale());
        let lo = centres.iter().fold(f64::INFINITY, |a, &b| a.min(b)) - spread;
        let hi = centres.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b)) + spread;
        let (lo, hi) = (lo.max(pc.support().0.min(qc.support().0)), hi.min(pc.support().1.max(qc.support().1)));
        if !(lo < hi && lo.is_finite() && hi.is_finite()) {
            return Err(ReplError::Failed(format!("no finite range of x to plot for {p} and {q}")));
        }
        let f = Compiled::new(generator.f(), &[VARIABLE]).map_err(|e| ReplError::Failed(e.to_string()))?;
        let integrand = |x: f64| {
            let (lp, lq) = (pc.ln_pdf(x), qc.ln_pdf(x));
            // drawn only where both densities are positive: elsewhere the conventions apply
            if lp.is_finite() && lq.is_finite() { lq.exp() * f.eval(&[(lp - lq).exp()]) } else { f64::NAN }
        };
        let name = generator.name().unwrap_or("f");
        let chart = crate::plot::Chart::new(&format!("D_{name}({p} || {q})"), "x")
            .with(crate::plot::Series::sample("p", lo, hi, 400, |x| pc.pdf(x)))
            .with(crate::plot::Series::sample("q", lo, hi, 400, |x| qc.pdf(x)))
            .with(crate::plot::Series::sample("q f(p/q)", lo, hi, 400, integrand));
        let file =
            format!("plot-D-{}.svg", name.chars().filter(|c| c.is_alphanumeric() || *c == '_').collect::<String>());
        let path = self.plot_dir.clone().unwrap_or_default().join(file);
        chart.write_svg(&path).map_err(|e| ReplError::Failed(e.to_string()))?;
        let shown = path.display().to_string();
        Ok(Answer::new(format!("wrote {shown}\n{shown}"), json!({"path": shown})))
    }

    /// `sample <P> <n> as <name>`: n draws of a distribution (or a mixture), kept in the session.
    fn sample(&mut self, rest: &str) -> Result<Answer, ReplError> {
        let usage = || ReplError::Usage("sample <P> <n> as <name>, e.g. sample N(1,1) 2000 as xs".into());
        let tokens = split_top_level(rest);
        let [dist_text, n_text, "as", name] = tokens.as_slice() else { return Err(usage()) };
        let n: usize = n_text.parse().map_err(|_| ReplError::Failed(format!("'{n_text}' is not a sample size")))?;
        if n == 0 || n > 10_000_000 {
            return Err(ReplError::Failed(format!("the sample size must be between 1 and 10000000, not {n}")));
        }
        if is_reserved(name) || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
            return Err(ReplError::Failed(format!("'{name}' cannot name a sample set")));
        }
        let source = sampling_source(dist_text)?;
        self.draws += 1;
        let mut rng = rand::rngs::StdRng::seed_from_u64(self.draws);
        let xs = match &source {
            Source::Plain(d) => d.sample_n(n, &mut rng),
            Source::Mixture(m) => m.mixture().sample_n(n, &mut rng),
        };
        let (mean, sd) = mean_and_sd(&xs);
        let text = format!("{name}: {n} samples of {dist_text} (seed {}), mean {mean:.4}, sd {sd:.4}\n{n}", self.draws);
        let json = json!({"sampled": name, "n": n, "mean": mean, "sd": sd, "seed": self.draws});
        self.samples.insert(name.to_string(), xs);
        Ok(Answer::new(text, json))
    }

    /// The sample set called `name`.
    fn sample_set(&self, name: &str) -> Result<&Vec<f64>, ReplError> {
        self.samples.get(name).ok_or_else(|| {
            ReplError::Failed(format!("no sample set '{name}': draw one first, e.g. sample N(0,1) 2000 as {name}"))
        })
    }

    /// `estimate <f> xs <Q | ys>`: D_f from samples (KL by k-NN, other f by a kernel plug-in).
    fn estimate(&self, line: &str, rest: &str) -> Result<Answer, ReplError> {
        let usage = || ReplError::Usage("estimate <f> <samples> <Q or samples>, e.g. estimate kl xs N(0,1)".into());
        let tokens = split_top_level(rest);
        let [generator_tokens @ .., xs_name, q_text] = tokens.as_slice() else { return Err(usage()) };
        if generator_tokens.is_empty() {
            return Err(usage());
        }
        let generator = self.generator(line, &generator_tokens.join(" "))?;
        let xs = self.sample_set(xs_name)?;
        let bootstrap = fit::Bootstrap::default();
        let failed = |e: fit::FitError| ReplError::Failed(e.to_string());
        let estimate = match self.samples.get(*q_text) {
            Some(ys) => fit::estimate(&generator, xs, fit::Against::Samples(ys), &bootstrap).map_err(failed)?,
            None => match sampling_source(q_text)? {
                Source::Plain(d) => fit::estimate(&generator, xs, fit::Against::Density(&d), &bootstrap),
                Source::Mixture(m) => fit::estimate(&generator, xs, fit::Against::Density(&m), &bootstrap),
            }
            .map_err(failed)?,
        };
        let name = generator.name().unwrap_or("f");
        let text = format!(
            "D_{name}({xs_name} || {q_text}) ≈ {} ± {:.2e} (one standard error; {:?})\n{}",
            estimate.value, estimate.abs_error, estimate.method, estimate.value
        );
        Ok(Answer::new(
            text,
            json!({"value": estimate.value, "abs_error": estimate.abs_error, "method": format!("{:?}", estimate.method)}),
        ))
    }

    /// `bound <f> xs ys`: the variational lower bound sup_T E_P[T] − E_Q[f*(T)] from samples, with
    /// a fitted parametric critic.
    fn variational_bound(&self, line: &str, rest: &str) -> Result<Answer, ReplError> {
        let usage = || ReplError::Usage("bound <f> <samples of P> <samples of Q>, e.g. bound kl xs ys".into());
        let tokens = split_top_level(rest);
        let [generator_tokens @ .., xs_name, ys_name] = tokens.as_slice() else { return Err(usage()) };
        if generator_tokens.is_empty() {
            return Err(usage());
        }
        let generator = self.generator(line, &generator_tokens.join(" "))?;
        let (xs, ys) = (self.sample_set(xs_name)?, self.sample_set(ys_name)?);
        let b = fit::variational::bound(&generator, xs, ys, &fit::Bootstrap::default())
            .map_err(|e| ReplError::Failed(e.to_string()))?;
        let [a, b1, c] = b.theta;
        let name = generator.name().unwrap_or("f");
        let text = format!(
            "D_{name}({xs_name} || {ys_name}) >= {} ± {:.2e} (critic f'(exp({a:.4} + {b1:.4}*x + {c:.4}*x^2)))\n{}",
            b.estimate.value, b.estimate.abs_error, b.estimate.value
        );
        Ok(Answer::new(
            text,
            json!({"value": b.estimate.value, "abs_error": b.estimate.abs_error, "theta": [a, b1, c], "method": "Variational"}),
        ))
    }

    /// `fit <family> <f> xs`: the member of a family (N, Laplace, Logistic, Cauchy, T(df), U, Exp,
    /// Gamma, LogN) minimising D_f(P_xs‖P_θ); `fit net kl xs [hidden]`: a two-layer network.
    fn fit(&self, line: &str, rest: &str) -> Result<Answer, ReplError> {
        let usage = || {
            ReplError::Usage(
                "fit <family> <f> <samples> | fit net kl <samples> [hidden], e.g. fit N kl xs, fit Laplace kl xs"
                    .into(),
            )
        };
        let tokens = split_top_level(rest);
        let [family, generator_tokens @ .., xs_name] = tokens.as_slice() else { return Err(usage()) };
        if *family == "net" {
            return self.fit_network(line, &tokens[1..]);
        }
        if generator_tokens.is_empty() {
            return Err(usage());
        }
        let family = fit::Family::from_name(family).map_err(|e| ReplError::Failed(e.to_string()))?;
        if family != fit::Family::Normal {
            return self.fit_family(line, family, &generator_tokens.join(" "), xs_name);
        }
        let generator = self.generator(line, &generator_tokens.join(" "))?;
        let xs = self.sample_set(xs_name)?;
        let fitted = fit::fit_normal(&generator, xs, &fit::FitOptions::default(), |_| {})
            .map_err(|e| ReplError::Failed(e.to_string()))?;
        let (mean, sd) = (fitted.theta.mean, fitted.theta.sd);
        let text = format!(
            "N({mean:.6}, {sd:.6}) minimises D({xs_name} || N(mean, sd)) ≈ {} ({:?}, {} iterations, {:?})\nN({mean}, {sd})",
            fitted.divergence, fitted.objective, fitted.iterations, fitted.stop
        );
        let json = json!({
            "theta": {"mean": mean, "sd": sd},
            "divergence": fitted.divergence,
            "iterations": fitted.iterations,
            "objective": format!("{:?}", fitted.objective),
        });
        Ok(Answer::new(text, json))
    }

    /// `fit Laplace <f> xs` and the other families but N: numbers rounded to 4 decimals in the
    /// text (stable across platforms), full precision in the JSON.
    fn fit_family(&self, line: &str, family: fit::Family, generator: &str, xs_name: &str) -> Result<Answer, ReplError> {
        let generator = self.generator(line, generator)?;
        let xs = self.sample_set(xs_name)?;
        let fitted = fit::fit_family(family, &generator, xs, &fit::FitOptions::default(), |_| {})
            .map_err(|e| samples_failed(&e, xs_name))?;
        let name = generator.name().unwrap_or("f");
        let space = if family.is_positive() { " on log x" } else { "" };
        let how = match fitted.objective {
            fit::fitting::Objective::KdePlugIn { bandwidth } => {
                format!("kernel plug-in{space}, bandwidth {bandwidth:.4}")
            }
            _ => format!("maximum likelihood{space}"),
        };
        let stop = match fitted.stop {
            fit::optimize::StopReason::Converged => "converged",
            fit::optimize::StopReason::Budget => "iteration budget reached",
        };
        let shown = fitted.display(Some(4));
        let text = format!(
            "{shown} minimises D_{name}({xs_name} || {}) ≈ {:.4} ({how}; {stop})\n{shown}",
            family.model_text(),
            fitted.divergence,
        );
        let theta: serde_json::Map<String, Value> =
            fitted.theta.iter().map(|(n, v)| (n.to_string(), json!(v))).collect();
        let json = json!({
            "family": family.name(),
            "theta": theta,
            "divergence": fitted.divergence,
            "iterations": fitted.iterations,
            "objective": format!("{:?}", fitted.objective),
        });
        Ok(Answer::new(text, json))
    }

    /// `fit net kl xs [hidden]`: a two-layer tanh network g(z) = c + Σ aⱼ tanh(wⱼz + bⱼ) by k-NN
    /// KL; prints θ, and quantiles of fresh pushed-forward samples beside the data's.
    fn fit_network(&self, line: &str, tokens: &[&str]) -> Result<Answer, ReplError> {
        let usage =
            || ReplError::Usage("fit net kl <samples> [hidden units, 1 to 16; default 3], e.g. fit net kl xs 4".into());
        let (tokens, hidden) = match tokens {
            [rest @ .., xs, h] if !rest.is_empty() && self.samples.contains_key(*xs) => {
                let hidden = h
                    .parse::<usize>()
                    .map_err(|_| ReplError::Failed(format!("'{h}' is not a number of hidden units")))?;
                (&tokens[..tokens.len() - 1], hidden)
            }
            _ => (tokens, 3),
        };
        let [generator_tokens @ .., xs_name] = tokens else { return Err(usage()) };
        if generator_tokens.is_empty() {
            return Err(usage());
        }
        if !(1..=16).contains(&hidden) {
            return Err(ReplError::Failed(format!("the network needs 1 to 16 hidden units, not {hidden}")));
        }
        let generator = self.generator(line, &generator_tokens.join(" "))?;
        if !fit::is_kl(&generator) {
            return Err(ReplError::Failed(
                "the network has no density: it is fitted by forward KL (k-NN between samples) only, e.g. fit net kl xs"
                    .into(),
            ));
        }
        let xs = self.sample_set(xs_name)?;
        let options = fit::FitOptions { max_iters: 2000, ..fit::FitOptions::default() };
        let fitted = fit::fitting::fit_two_layer(xs, hidden, &options).map_err(|e| samples_failed(&e, xs_name))?;
        let net = fit::model::TwoLayer::new(hidden).map_err(|e| ReplError::Failed(e.to_string()))?;
        // fresh latent draws (seed 2, not the fit's), so the quantiles show the model itself
        let mut rng = rand::rngs::StdRng::seed_from_u64(2);
        let model: Vec<f64> = (0..10_000)
            .map(|_| {
                let z: f64 = rand_distr::Distribution::sample(&rand_distr::StandardNormal, &mut rng);
                fit::model::PushForward1::push(&net, &fitted.theta, z)
            })
            .collect();
        let ps = [0.05, 0.25, 0.5, 0.75, 0.95];
        let (data_q, model_q) = (fit::fitting::quantiles(xs, &ps), fit::fitting::quantiles(&model, &ps));
        let (w, rest) = fitted.theta.split_at(hidden);
        let (b, rest) = rest.split_at(hidden);
        let (a, c) = rest.split_at(hidden);
        let list = |v: &[f64]| v.iter().map(|x| format!("{x:.3}")).collect::<Vec<_>>().join(", ");
        let row = |v: &[f64]| v.iter().map(|x| format!("{x:>9.3}")).collect::<String>();
        let stop = match fitted.stop {
            fit::optimize::StopReason::Converged => "converged",
            fit::optimize::StopReason::Budget => "iteration budget reached",
        };
        let k = fit::fitting::TWO_LAYER_K;
        let m = xs.len().min(2000);
        let text = format!(
            "net({hidden} tanh units) minimises D_kl({xs_name} || net) ≈ {:.4} (k-NN, k = {k}, {m} model draws; {stop})\n\
             g(z) = c + sum_j a_j tanh(w_j z + b_j): w = [{}], b = [{}], a = [{}], c = {:.3}\n\
             quantile {}\n\
             data     {}\n\
             model    {}\n\
             {:.4}",
            fitted.divergence,
            list(w),
            list(b),
            list(a),
            c[0],
            ps.iter().map(|p| format!("{:>9}", format!("{}%", p * 100.0))).collect::<String>(),
            row(&data_q),
            row(&model_q),
            fitted.divergence,
        );
        let json = json!({
            "theta": {"w": w, "b": b, "a": a, "c": c[0]},
            "divergence": fitted.divergence,
            "hidden": hidden,
            "iterations": fitted.iterations,
            "objective": format!("{:?}", fit::fitting::Objective::KnnKl { k, m }),
            "quantiles": {"p": ps, "data": data_q, "model": model_q},
        });
        Ok(Answer::new(text, json))
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
        // only what the session declared: p and q are not parameters known to be positive
        let declared = self.assumptions.iter().fold(Assumptions::none(), |a, (name, range)| a.with(name, *range));
        let report = verify::check_with(&generator, &declared);
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
            [g, p, q] if looks_like_distribution(p) && looks_like_distribution(q) => self.closed_form(line, g, p, q),
            _ => {
                let generator = self.generator(line, rest)?;
                let derivation = integrand::derive(&generator, &self.simplify_assumptions());
                Ok(derivation_answer(&derivation, &["p", "q"]))
            }
        }
    }

    /// `derive <f> <P> <Q>`: D_f(P‖Q) in closed form between parametric families, parameters
    /// symbolic (`N(m1,s1)`) or numeric (`N(0,1)`).
    fn closed_form(&self, line: &str, g: &str, p: &str, q: &str) -> Result<Answer, ReplError> {
        let generator = self.generator(line, g)?;
        let family = |text: &str| Parametric::parse(text).map_err(|e| ReplError::Failed(format!("{text}: {e}")));
        let (p, q) = (family(p)?, family(q)?);
        let outcome = if generator.name() == Some("kl") {
            closed_form::kl(&p, &q)
        } else {
            closed_form::derive(&generator, &p, &q)
        };
        match outcome {
            ClosedForm::Derived { derivation, conditions } => {
                let vars: Vec<String> = derivation.result.free_symbols().iter().map(|s| s.to_string()).collect();
                let vars: Vec<&str> = vars.iter().map(String::as_str).collect();
                let mut answer = derivation_answer(&derivation, &vars);
                if !conditions.is_empty() {
                    let listed: Vec<String> = conditions.iter().map(|c| c.to_string()).collect();
                    let result = answer.text.lines().last().unwrap_or_default().to_string();
                    let body = answer.text.strip_suffix(&result).unwrap_or(&answer.text).to_string();
                    answer.text = format!("{body}valid when {}\n{result}", listed.join(", "));
                    answer.json["conditions"] = json!(listed);
                }
                Ok(answer)
            }
            ClosedForm::Infinite { reason } => {
                Ok(Answer::new(format!("+inf: {reason}\ninf"), json!({"result": "inf", "reason": reason, "steps": []})))
            }
            ClosedForm::NotDerivable { reason } => Err(ReplError::Failed(format!(
                "no closed form: {reason}; for numbers use D {g} with numeric parameters"
            ))),
        }
    }

    /// `dual f`: u·f(1/u) simplified, with whether f is symmetric.
    fn dual(&self, line: &str, rest: &str) -> Result<Answer, ReplError> {
        if rest.is_empty() {
            return Err(ReplError::Usage("dual <generator>, e.g. dual kl".into()));
        }
        let generator = self.generator(line, rest)?;
        let d = dual::dual(&generator);
        let mut answer = derivation_answer(&d.derivation, &[VARIABLE]);
        let (symmetric, note) = match &d.symmetry {
            Symmetry::Symmetric { c } => ("yes", format!("symmetric: the dual is f + {c}*(u - 1)")),
            Symmetry::NotSymmetric { witness } => ("no", format!("not symmetric: {witness}")),
            Symmetry::Unknown(reason) => ("unknown", format!("symmetry unknown: {reason}")),
        };
        let result = d.derivation.result.to_string();
        let body = answer.text.strip_suffix(&result).unwrap_or(&answer.text).to_string();
        answer.text = format!("{body}{note}\n{result}");
        answer.json["symmetric"] = json!(symmetric);
        Ok(answer)
    }

    /// `conj f [t]`: the convex conjugate f*(t) = sup_u (t·u − f(u)), symbolic by pieces with its
    /// domain, or its value at one t.
    fn conjugate(&self, line: &str, rest: &str) -> Result<Answer, ReplError> {
        let usage = || ReplError::Usage("conj <generator> [t], e.g. conj kl or conj kl 0.5".into());
        if rest.is_empty() {
            return Err(usage());
        }
        // the whole argument is the generator when it reads as one (`conj u - 1`); otherwise a
        // trailing number is t (`conj kl 0.5`)
        let whole = self.generator(line, rest);
        let tokens = split_top_level(rest);
        if whole.is_err()
            && let [generator_tokens @ .., t_text] = tokens.as_slice()
            && !generator_tokens.is_empty()
            && let Ok(t) = t_text.parse::<Rational>()
        {
            let generator = self.generator(line, &generator_tokens.join(" "))?;
            require_convex(&generator)?;
            let t = t.to_f64();
            let value = conjugate::conjugate_at(&generator, t).map_err(|e| ReplError::Failed(e.to_string()))?;
            if value.is_nan() {
                return Err(ReplError::Failed(format!("f*({t}) could not be computed")));
            }
            let shown = if value == f64::INFINITY { "inf".to_string() } else { value.to_string() };
            let json_value = if value.is_finite() { json!(value) } else { json!(shown) };
            return Ok(Answer::new(format!("f*({t}) = {shown}\n{shown}"), json!({"value": json_value, "t": t})));
        }
        let generator = whole?;
        require_convex(&generator)?;
        let c = conjugate::conjugate(&generator).map_err(|e| ReplError::Failed(e.to_string()))?;
        let range = |p: &conjugate::Piece| {
            let end = |x: f64| match x {
                f64::INFINITY => "inf".to_string(),
                f64::NEG_INFINITY => "-inf".to_string(),
                x => x.to_string(),
            };
            let lo = if p.lo_closed { format!("{} <= t", end(p.lo)) } else { format!("{} < t", end(p.lo)) };
            let hi = if p.hi_closed { format!("t <= {}", end(p.hi)) } else { format!("t < {}", end(p.hi)) };
            match (p.lo == f64::NEG_INFINITY, p.hi == f64::INFINITY) {
                (true, true) => "all real t".to_string(),
                (true, false) => hi,
                (false, true) => lo,
                (false, false) => format!("{lo} and {hi}"),
            }
        };
        // the interior piece (the last, when derived) is the result; other pieces and the
        // effective domain come with it. Without it, the boundary pieces alone would misstate f*.
        let interior = match c.pieces.last() {
            // an affine f has no interior (f'(0+) = f'(∞)): its boundary pieces are all of f*
            Some(piece) if c.interior.is_some() || c.slopes.0 >= c.slopes.1 => piece,
            _ => {
                let known = if c.pieces.is_empty() {
                    String::new()
                } else {
                    let shown: Vec<String> = c.pieces.iter().map(|p| format!("{} for {}", p.value, range(p))).collect();
                    format!("; known: f*(t) = {}", shown.join("; "))
                };
                return Err(ReplError::Failed(format!(
                    "f'(u) = t is not invertible by the rules{known}; evaluate numerically with conj {rest} <t> (effective domain: {})",
                    c.domain
                )));
            }
        };
        let pieces: Vec<Value> =
            c.pieces.iter().map(|p| json!({"value": p.value.to_string(), "domain": range(p)})).collect();
        let result = interior.value.to_string();
        // how the interior piece was found: the form of f' inverted and the root u*(t)
        let solved = c.inversion.as_ref().map(|inv| {
            let method = match inv.method {
                conjugate::Method::Rules => "rules",
                conjugate::Method::LambertW(_) => "lambertw",
            };
            (method, inv.form.to_string(), inv.root.to_string())
        });
        let how = solved.as_ref().map_or(String::new(), |(method, form, root)| {
            let by = if *method == "lambertw" { "the Lambert W rule" } else { "the inversion rules" };
            format!("solved f'(u) = {form} = t by {by}: u* = {root}\n")
        });
        let text = format!(
            "f*(t) = {}\nfinite for {} (+inf elsewhere)\n{how}{result}",
            c.pieces.iter().map(|p| format!("{} for {}", p.value, range(p))).collect::<Vec<_>>().join("; "),
            c.domain
        );
        let mut answer = Answer::new(
            text,
            json!({"result": result, "domain": range(interior), "effective_domain": c.domain.to_string(), "pieces": pieces}),
        )
        .with_expr(&interior.value, &["t"]);
        if let Some(derivation) = &c.interior {
            answer.json["steps"] = json!(derivation_steps(derivation));
        }
        if let Some((method, form, root)) = solved {
            answer.json["inversion"] = json!({"method": method, "form": form, "root": root});
        }
        Ok(answer)
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
        let p = sampling_source(p_text)?;
        let q = sampling_source(q_text)?;
        // limits proved symbolically where the engine decides them, estimated numerically otherwise
        let options = numeric_divergence::Options {
            limits: numeric_divergence::Limits::symbolic(&generator),
            ..numeric_divergence::Options::default()
        };
        let failed = |e: numeric_divergence::DivergenceError| ReplError::Failed(e.to_string());
        let prepared = numeric_divergence::Prepared::new(&generator, options).map_err(failed)?;
        let report = match (&p, &q) {
            (Source::Plain(p), Source::Plain(q)) => prepared.report(p, q),
            _ => match (p.continuous(), q.continuous()) {
                (Some(p), Some(q)) => prepared.report_continuous(p, q),
                _ => return Err(ReplError::Failed("a mixture is compared with continuous distributions only".into())),
            },
        }
        .map_err(failed)?;
        let estimate = report.estimate;
        let name = generator.name().unwrap_or("f");
        let what = format!("D_{name}({} || {})", p.describe(p_text), q.describe(q_text));
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

/// Something to sample from or estimate against: a distribution, or a mixture of them.
enum Source {
    Plain(Distribution),
    Mixture(crate::dist::ContinuousMixture),
}

impl Source {
    /// The continuous distribution, if it is one.
    fn continuous(&self) -> Option<&dyn crate::dist::Continuous> {
        match self {
            Source::Plain(d) => d.as_continuous(),
            Source::Mixture(m) => Some(m),
        }
    }

    /// How it is shown: a distribution in canonical form, a mixture as it was written.
    fn describe(&self, text: &str) -> String {
        match self {
            Source::Plain(d) => d.to_string(),
            Source::Mixture(_) => text.to_string(),
        }
    }
}

/// `N(0,1)`, `[0.2, 0.8]` or `Mix([0.5, 0.5], N(-3,1), N(3,1))`, read by the one distribution
/// parser.
fn sampling_source(text: &str) -> Result<Source, ReplError> {
    match parse_distribution(text) {
        Ok(Distribution::Mixture(m)) => Ok(Source::Mixture(m)),
        Ok(d) => Ok(Source::Plain(d)),
        Err(e) => Err(ReplError::Failed(format!("{text}: {e}"))),
    }
}

/// A fitting error about the library's sample set `xs`, told with the session's name for it.
fn samples_failed(error: &fit::FitError, name: &str) -> ReplError {
    ReplError::Failed(error.to_string().replace("'xs'", &format!("'{name}'")))
}

fn mean_and_sd(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    (mean, var.sqrt())
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
/// The conjugate's pieces assume a convex f (f' increasing): a generator refuted as convex is
/// an error that shows the witness.
fn require_convex(generator: &Generator) -> Result<(), ReplError> {
    match verify::check(generator).convex {
        verify::Verdict::Refuted(w) => Err(ReplError::Failed(format!(
            "f is not convex on (0, inf) ({w}): conj computes f* for convex generators only"
        ))),
        _ => Ok(()),
    }
}

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

    #[test]
    fn top_level_split_respects_brackets() {
        assert_eq!(split_top_level("f N(0, 1) [0.5, 0.5]"), ["f", "N(0, 1)", "[0.5, 0.5]"]);
        assert_eq!(split_top_level("  a   b "), ["a", "b"]);
    }
}
