//! `help` and `help <command>`: a summary, and per command its usage and a worked example.

use serde_json::json;

use super::{Answer, ReplError, closest_command};

/// One entry of the help: the command, its usage, what it does, and an example.
struct Entry {
    name: &'static str,
    usage: &'static str,
    summary: &'static str,
    example: &'static str,
}

const ENTRIES: &[Entry] = &[
    Entry {
        name: "=",
        usage: "<name> = <expression in u>",
        summary: "bind a generator f(u); the text may be any expression in u and declared parameters",
        example: "f = u*log(u)\ntv(u) = 1/2*abs(u - 1)",
    },
    Entry { name: "list", usage: "list", summary: "show the session's bindings and assumptions", example: "list" },
    Entry {
        name: "show",
        usage: "show <name>",
        summary: "show a bound generator (also: just type its name)",
        example: "show f",
    },
    Entry { name: "unbind", usage: "unbind <name>", summary: "forget a binding", example: "unbind f" },
    Entry { name: "clear", usage: "clear", summary: "forget every binding and assumption", example: "clear" },
    Entry {
        name: "assume",
        usage: "assume <name> > 0 | assume <name> in (lo, hi)",
        summary: "declare a parameter's range (open ( ) or closed [ ] ends; inf for no bound)",
        example: "assume s1 > 0\nassume alpha in (0, 1)",
    },
    Entry {
        name: "eval",
        usage: "eval <generator> <u>",
        summary: "the value f(u): exact when u and the value are rational, else a float",
        example: "eval f 2.5\neval (u - 1)^2 3/2",
    },
    Entry {
        name: "derive",
        usage: "derive <generator> | derive <generator> <P> <Q>",
        summary: "derive the integrand q*f(p/q) step by step, or a closed form between two families",
        example: "derive f\nderive kl N(m1,s1) N(m2,s2)",
    },
    Entry {
        name: "same",
        usage: "same <f> <g>",
        summary: "whether f and g define the same divergence",
        example: "same f u*log(u) - u + 1",
    },
    Entry {
        name: "check",
        usage: "check <generator>",
        summary: "prove or refute f(1) = 0 and convexity; report f(0+), f'(inf) and lower semicontinuity; a parameter is checked for every value of its assumed range (assume a in (0, 1))",
        example: "check f",
    },
    Entry {
        name: "D",
        usage: "D <generator> <P> <Q>",
        summary: "D_f(P||Q) numerically, with its error estimate and evaluation count (see help conventions)",
        example: "D f N(0,1) N(1,2)",
    },
    Entry {
        name: "dual",
        usage: "dual <generator>",
        summary: "the dual generator u*f(1/u), simplified",
        example: "dual f",
    },
    Entry {
        name: "conj",
        usage: "conj <generator>",
        summary: "the convex conjugate f*(t) and its domain",
        example: "conj f",
    },
    Entry { name: "diff", usage: "diff <generator>", summary: "the derivative f'(u), simplified", example: "diff f" },
    Entry {
        name: "simplify",
        usage: "simplify <expression>",
        summary: "simplify an expression with the e-graph",
        example: "simplify q*(p/q)*log(p/q)",
    },
    Entry {
        name: "latex",
        usage: "latex <command>",
        summary: "the LaTeX of a command's result",
        example: "latex show f",
    },
    Entry {
        name: "export",
        usage: "export rust|numpy <command>",
        summary: "the result as a function to paste into Rust or Python",
        example: "export rust show f\nexport numpy f",
    },
    Entry {
        name: "plot",
        usage: "plot <generator> [u_max] | plot D <f> <P> <Q>",
        summary: "write an SVG of f on (0, u_max] (default 4), or of p, q and q*f(p/q) over x; print its path",
        example: "plot f\nplot f 10\nplot D kl N(0,1) N(1,2)",
    },
    Entry {
        name: "time",
        usage: "time <command>",
        summary: "run a command repeatedly (about half a second) and report the median and spread",
        example: "time eval f 2.5",
    },
    Entry {
        name: "sample",
        usage: "sample <P> <n> as <name>",
        summary: "draw n samples of a distribution",
        example: "sample N(1,1) 2000 as xs",
    },
    Entry {
        name: "estimate",
        usage: "estimate <f> <samples> <Q>",
        summary: "estimate D_f from samples",
        example: "estimate kl xs N(0,1)",
    },
    Entry {
        name: "bound",
        usage: "bound <f> <samples of P> <samples of Q>",
        summary: "the variational lower bound sup_T E_P[T] - E_Q[f*(T)] with a fitted critic",
        example: "sample N(0,1) 2000 as xs\nsample N(1,2) 2000 as ys\nbound kl xs ys",
    },
    Entry {
        name: "fit",
        usage: "fit <family | net> <f> <samples> [hidden]",
        summary: "fit N, Laplace, Logistic, Cauchy, T(df), U, Exp, Gamma or LogN by minimising D_f; net: a tanh network (kl)",
        example: "fit N kl xs\nfit Laplace tv xs\nsample Exp(2) 2000 as times\nfit Exp kl times\nfit net kl xs 2",
    },
    Entry { name: "help", usage: "help [command | conventions]", summary: "this help", example: "help derive" },
    Entry { name: "quit", usage: "quit", summary: "leave (also exit, Ctrl-D)", example: "quit" },
];

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
        let width = ENTRIES.iter().map(|e| e.usage.len()).max().unwrap_or(0);
        let mut lines = vec!["fdiv: f-divergences, checked, derived and computed. Commands:".to_string()];
        for entry in ENTRIES {
            lines.push(format!("  {:width$}  {}", entry.usage, entry.summary));
        }
        lines.push("help <command> shows an example; help conventions lists the distributions.".into());
        let commands: Vec<&str> = ENTRIES.iter().map(|e| e.name).collect();
        return Ok(Answer::new(lines.join("\n"), json!({"help": commands})));
    }
    if topic == "conventions" {
        return Ok(Answer::new(CONVENTIONS, json!({"help": "conventions", "text": CONVENTIONS})));
    }
    let name = if topic == "bind" { "=" } else { topic };
    let entry = ENTRIES
        .iter()
        .find(|e| e.name == name)
        .ok_or_else(|| ReplError::UnknownCommand { word: topic.to_string(), suggestion: closest_command(topic) })?;
    let text = format!("{}\n  {}\nexample:\n  {}", entry.usage, entry.summary, entry.example.replace('\n', "\n  "));
    Ok(Answer::new(text, json!({"help": entry.name, "usage": entry.usage, "example": entry.example})))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_help() {
        for command in super::super::COMMANDS {
            if matches!(command, "exit") {
                continue;
            }
            assert!(help(command).is_ok(), "no help for {command}");
        }
        assert!(help("").unwrap().text.contains("D <generator> <P> <Q>"));
        assert!(help("conventions").unwrap().text.contains("N(mean, sd)"));
        assert_eq!(help("chek").unwrap_err().to_string(), "unknown command 'chek' (did you mean 'check'?)");
    }
}
