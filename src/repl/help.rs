//! `help` and `help <command>`: a summary, and per command its usage and a worked example, all
//! read from the command table ([`super::table::COMMANDS`]); `help conventions`: the distributions.

use super::outcome::{HelpEntry, HelpIndex, HelpText};
use super::table::{self, COMMANDS};
use super::{Answer, ReplError};

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
    let entry = table::entry(topic)
        .ok_or_else(|| ReplError::UnknownCommand { word: topic.to_string(), suggestion: table::closest(topic) })?;
    let text = format!("{}\n  {}\nexample:\n  {}", entry.usage, entry.summary, entry.example.replace('\n', "\n  "));
    Ok(Answer::new(text, &HelpEntry { help: entry.name, usage: entry.usage, example: entry.example }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_has_help() {
        for command in table::words() {
            assert!(help(command).is_ok(), "no help for {command}");
        }
        assert!(help("").unwrap().text.contains("D <generator> <P> <Q>"));
        assert!(help("conventions").unwrap().text.contains("N(mean, sd)"));
        assert_eq!(help("chek").unwrap_err().to_string(), "unknown command 'chek' (did you mean 'check'?)");
    }
}
