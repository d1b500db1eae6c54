//! The command table: one [`Command`] per command, the single place a command is declared.
//!
//! Dispatch ([`super::Session::execute`]), `help` and `help <command>` ([`help`]), the
//! shell's tab completion ([`super::shell`]), reserved names, "did you mean" suggestions and the
//! test of README.md's command table all read [`COMMANDS`]. Adding a command is one entry here
//! (and its handler in a module of `commands`), plus its line in README.md and a test. `help`
//! lives here too: it reads the table, and the table holds its handler.

use super::command::Command;
use super::commands::{bindings, conjugate, distributions, fitting, generator, output, samples};
use super::outcome::{HelpEntry, HelpIndex, HelpText};
use super::{Answer, ReplError};

/// The name of the binding pseudo-command: `f = u*log(u)` is recognised by its shape, not a word.
pub const BIND: &str = "=";

/// Every command, in the order `help` lists them.
pub const COMMANDS: &[Command] = &[
    Command {
        name: BIND,
        aliases: &[],
        usage: "<name> = <expression in u>",
        summary: "bind a generator f(u); the text may be any expression in u and declared parameters",
        example: "f = u*log(u)\ntv(u) = 1/2*abs(u - 1)",
        run: bindings::bind,
    },
    Command {
        name: "list",
        aliases: &[],
        usage: "list",
        summary: "show the session's bindings and assumptions",
        example: "list",
        run: bindings::list,
    },
    Command {
        name: "show",
        aliases: &[],
        usage: "show <name>",
        summary: "show a bound generator (also: just type its name)",
        example: "show f",
        run: bindings::show,
    },
    Command {
        name: "unbind",
        aliases: &[],
        usage: "unbind <name>",
        summary: "forget a binding",
        example: "unbind f",
        run: bindings::unbind,
    },
    Command {
        name: "clear",
        aliases: &[],
        usage: "clear",
        summary: "forget every binding and assumption",
        example: "clear",
        run: bindings::clear,
    },
    Command {
        name: "assume",
        aliases: &[],
        usage: "assume <name> > 0 | assume <name> in (lo, hi)",
        summary: "declare a parameter's range (open ( ) or closed [ ] ends; inf for no bound)",
        example: "assume s1 > 0\nassume alpha in (0, 1)",
        run: bindings::assume,
    },
    Command {
        name: "eval",
        aliases: &[],
        usage: "eval <generator> <u>",
        summary: "the value f(u): exact when u and the value are rational, else a float",
        example: "eval f 2.5\neval (u - 1)^2 3/2",
        run: generator::eval,
    },
    Command {
        name: "derive",
        aliases: &[],
        usage: "derive <generator> | derive <generator> <P> <Q>",
        summary: "derive the integrand q*f(p/q) step by step, or a closed form between two families",
        example: "derive f\nderive kl N(m1,s1) N(m2,s2)",
        run: generator::derive,
    },
    Command {
        name: "same",
        aliases: &[],
        usage: "same <f> <g>",
        summary: "whether f and g define the same divergence",
        example: "same f u*log(u) - u + 1",
        run: generator::same,
    },
    Command {
        name: "check",
        aliases: &[],
        usage: "check <generator>",
        summary: "prove or refute f(1) = 0 and convexity; report f(0+), f'(inf) and lower semicontinuity; a parameter is checked for every value of its assumed range (assume a in (0, 1))",
        example: "check f",
        run: generator::check,
    },
    Command {
        name: "D",
        aliases: &[],
        usage: "D <generator> <P> <Q>",
        summary: "D_f(P||Q) numerically, with its error estimate and evaluation count (see help conventions)",
        example: "D f N(0,1) N(1,2)",
        run: distributions::divergence,
    },
    Command {
        name: "dual",
        aliases: &[],
        usage: "dual <generator>",
        summary: "the dual generator u*f(1/u), simplified",
        example: "dual f",
        run: generator::dual,
    },
    Command {
        name: "conj",
        aliases: &[],
        usage: "conj <generator> [at <t>]",
        summary: "the convex conjugate f*(t) by pieces with its domain, or its value at t (any real t)",
        example: "conj f\nconj kl at -1",
        run: conjugate::conj,
    },
    Command {
        name: "diff",
        aliases: &[],
        usage: "diff <generator>",
        summary: "the derivative f'(u), simplified",
        example: "diff f",
        run: generator::diff,
    },
    Command {
        name: "simplify",
        aliases: &[],
        usage: "simplify <expression>",
        summary: "simplify an expression with the e-graph",
        example: "simplify q*(p/q)*log(p/q)",
        run: generator::simplify,
    },
    Command {
        name: "latex",
        aliases: &[],
        usage: "latex <command>",
        summary: "the LaTeX of a command's result",
        example: "latex show f",
        run: output::latex,
    },
    Command {
        name: "export",
        aliases: &[],
        usage: "export rust|numpy <command>",
        summary: "the result as a function to paste into Rust or Python",
        example: "export rust show f\nexport numpy f",
        run: output::export,
    },
    Command {
        name: "plot",
        aliases: &[],
        usage: "plot <generator> [u_max] | plot D <f> <P> <Q>",
        summary: "write an SVG of f on (0, u_max] (default 4), or of p, q and q*f(p/q) over x; print its path",
        example: "plot f\nplot f 10\nplot D kl N(0,1) N(1,2)",
        run: output::plot,
    },
    Command {
        name: "time",
        aliases: &[],
        usage: "time <command>",
        summary: "run a command repeatedly (about half a second) and report the median and spread",
        example: "time eval f 2.5",
        run: output::time,
    },
    Command {
        name: "sample",
        aliases: &[],
        usage: "sample <P> <n> as <name>",
        summary: "draw n samples of a distribution",
        example: "sample N(1,1) 2000 as xs",
        run: samples::sample,
    },
    Command {
        name: "estimate",
        aliases: &[],
        usage: "estimate <f> <samples> <Q>",
        summary: "estimate D_f from samples",
        example: "estimate kl xs N(0,1)",
        run: samples::estimate,
    },
    Command {
        name: "bound",
        aliases: &[],
        usage: "bound <f> <samples of P> <samples of Q>",
        summary: "the variational lower bound sup_T E_P[T] - E_Q[f*(T)] with a fitted critic",
        example: "sample N(0,1) 2000 as xs\nsample N(1,2) 2000 as ys\nbound kl xs ys",
        run: samples::variational_bound,
    },
    Command {
        name: "fit",
        aliases: &[],
        usage: "fit <family | net> <f> <samples> [hidden]",
        summary: "fit N, Laplace, Logistic, Cauchy, T(df), U, Exp, Gamma or LogN by minimising D_f; net: a tanh network (kl)",
        example: "fit N kl xs\nfit Laplace tv xs\nsample Exp(2) 2000 as times\nfit Exp kl times\nfit net kl xs 2",
        run: fitting::fit,
    },
    Command {
        name: "help",
        aliases: &[],
        usage: "help [command | conventions]",
        summary: "this help",
        example: "help derive",
        run: |_, call| help(call.rest),
    },
    Command {
        name: "quit",
        aliases: &["exit"],
        usage: "quit",
        summary: "leave (also exit, Ctrl-D)",
        example: "quit",
        run: bindings::quit,
    },
];

/// The command started by `word` (a name or an alias; not the binding pseudo-command).
pub fn find(word: &str) -> Option<&'static Command> {
    COMMANDS.iter().find(|c| c.name != BIND && c.is_called(word))
}

/// The command named `name` in help (`=` or `bind` for binding), if any.
pub fn entry(name: &str) -> Option<&'static Command> {
    let name = if name == "bind" { BIND } else { name };
    COMMANDS.iter().find(|c| c.is_called(name))
}

/// Every word that starts a command: names and aliases, in table order (what the shell
/// completes, and what cannot name a binding).
pub fn words() -> impl Iterator<Item = &'static str> {
    COMMANDS.iter().filter(|c| c.name != BIND).flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied()))
}

/// The command word nearest to `word`, if within two edits.
pub fn closest(word: &str) -> Option<String> {
    words()
        .map(|c| (crate::expr::parse::edit_distance(&word.to_lowercase(), &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= 2 && *d < word.chars().count())
        .min()
        .map(|(_, c)| c.to_string())
}

/// The conventions for distributions and units.
const CONVENTIONS: &str = "\
Distributions (parameters in this order; natural logs, so divergences are in nats):
  N(mean, sd)            Normal, with the standard deviation (not the variance)
  Laplace(loc, scale)    Logistic(loc, scale)    Cauchy(loc, scale)
  T(df), T(df, loc, scale)                       Student's t (StudentT)
  Exp(rate)              Exponential, mean 1/rate
  Gamma(shape, rate)     mean shape/rate
  LogN(mu, sigma)        log-normal: log x ~ N(mu, sigma)
  Beta(a, b)             U(a, b)   uniform on [a, b] (Uniform)
  Poisson(rate)          Geom(p): failures before the first success    Bernoulli(p)
  [0.2, 0.8], Cat(0.2, 0.8)   a discrete distribution on {0, 1, ...}
Generators are functions of u; a generator's scaling is part of its name (js has the 1/2, so js <= log 2).";

/// `help` or `help <topic>`.
///
/// # Errors
///
/// An unknown topic, with the closest command suggested.
pub fn help(topic: &str) -> Result<Answer, ReplError> {
    let topic = topic.trim();
    if topic.is_empty() {
        let width = COMMANDS.iter().map(|e| e.usage.len()).max().unwrap_or(0);
        let mut lines = vec!["fdiv: f-divergences, checked, derived and computed. Commands:".to_string()];
        for entry in COMMANDS {
            lines.push(format!("  {:width$}  {}", entry.usage, entry.summary));
        }
        lines.push("help <command> shows an example; help conventions lists the distributions.".into());
        let help = COMMANDS.iter().map(|e| e.name).collect();
        return Ok(Answer::new(lines.join("\n"), &HelpIndex { help }));
    }
    if topic == "conventions" {
        return Ok(Answer::new(CONVENTIONS, &HelpText { help: "conventions", text: CONVENTIONS }));
    }
    let entry = entry(topic)
        .ok_or_else(|| ReplError::UnknownCommand { word: topic.to_string(), suggestion: closest(topic) })?;
    let text = format!("{}\n  {}\nexample:\n  {}", entry.usage, entry.summary, entry.example.replace('\n', "\n  "));
    Ok(Answer::new(text, &HelpEntry { help: entry.name, usage: entry.usage, example: entry.example }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repl::Session;

    #[test]
    fn names_are_unique_and_documented() {
        let mut seen = std::collections::BTreeSet::new();
        for command in COMMANDS {
            for word in std::iter::once(command.name).chain(command.aliases.iter().copied()) {
                assert!(seen.insert(word), "{word} is declared twice");
            }
            assert!(!command.usage.is_empty() && !command.summary.is_empty() && !command.example.is_empty());
        }
        assert!(find("exit").is_some_and(|c| c.name == "quit"));
        assert!(find(BIND).is_none());
        assert_eq!(entry("bind").map(|c| c.name), Some(BIND));
        assert_eq!(closest("chekc").as_deref(), Some("check"));
    }

    /// Every example runs (a fresh session per command, after bindings the examples rely on).
    #[test]
    fn every_example_runs() {
        for command in COMMANDS {
            if matches!(command.name, "plot" | "time" | "fit" | "bound") {
                continue; // slow, or writes files: covered by tests/repl.rs and tests/json_contract.rs
            }
            let mut session = Session::new();
            for setup in ["f = u*log(u)", "sample N(0,1) 200 as xs"] {
                session.execute(setup).expect(setup);
            }
            for line in command.example.lines() {
                session.execute(line).unwrap_or_else(|e| panic!("{}: {line}: {e}", command.name));
            }
        }
    }

    #[test]
    fn every_command_has_help() {
        for command in words() {
            assert!(help(command).is_ok(), "no help for {command}");
        }
        assert!(help("").unwrap().text.contains("D <generator> <P> <Q>"));
        assert!(help("conventions").unwrap().text.contains("N(mean, sd)"));
        assert_eq!(help("chek").unwrap_err().to_string(), "unknown command 'chek' (did you mean 'check'?)");
    }
}
