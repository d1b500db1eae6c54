//! Divergences between distributions: `D f P Q` by quadrature, `derive f P Q` in closed form,
//! and the REPL's distribution arguments (`N(0,1)`, `[0.2, 0.8]`, `Mix([w…], P1, P2)`).

use crate::closed_form::{self, ClosedForm, family::Parametric};
use crate::dist::{Distribution, parse_distribution};
use crate::divergence as numeric_divergence;

use super::super::args::split_top_level;
use super::super::command::Call;
use super::super::outcome::{Derived, Divergence, Number};
use super::super::{Answer, ReplError, Session};
use super::derivation_answer;

/// `D f P Q`: D_f(P‖Q) by quadrature, with its error estimate and evaluation count.
pub(in crate::repl) fn divergence(session: &mut Session, call: &Call<'_>) -> Result<Answer, ReplError> {
    let usage = || ReplError::Usage("D <generator> <P> <Q>, e.g. D f N(0,1) N(1,2) (see help conventions)".into());
    let tokens = split_top_level(call.rest);
    let [generator_tokens @ .., p_text, q_text] = tokens.as_slice() else { return Err(usage()) };
    if generator_tokens.is_empty() {
        return Err(usage());
    }
    let generator = session.generator(call.line, &generator_tokens.join(" "))?;
    let p = sampling_source(p_text)?;
    let q = sampling_source(q_text)?;
    // limits proved symbolically where the engine decides them, estimated numerically otherwise
    let options = numeric_divergence::Options {
        limits: numeric_divergence::GeneratorLimits::symbolic(&generator),
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
        let outcome = Divergence {
            value: Number(estimate.value),
            abs_error: Number(0.0),
            evals: estimate.evals,
            numerical_evidence: Some(numerical),
        };
        return Ok(Answer::new(text, &outcome));
    }
    let text = format!(
        "{what} = {} ± {:.1e} ({} evaluations)\n{}",
        estimate.value, estimate.abs_error, estimate.evals, estimate.value
    );
    let outcome = Divergence {
        value: Number(estimate.value),
        abs_error: Number(estimate.abs_error),
        evals: estimate.evals,
        numerical_evidence: None,
    };
    Ok(Answer::new(text, &outcome))
}

/// `derive <f> <P> <Q>`: D_f(P‖Q) in closed form between parametric families, parameters
/// symbolic (`N(m1,s1)`) or numeric (`N(0,1)`).
pub(in crate::repl) fn closed_form(
    session: &Session,
    line: &str,
    g: &str,
    p: &str,
    q: &str,
) -> Result<Answer, ReplError> {
    let generator = session.generator(line, g)?;
    let family = |text: &str| Parametric::parse(text).map_err(|e| ReplError::Failed(format!("{text}: {e}")));
    let (p, q) = (family(p)?, family(q)?);
    let outcome =
        if generator.name() == Some("kl") { closed_form::kl(&p, &q) } else { closed_form::derive(&generator, &p, &q) };
    match outcome {
        ClosedForm::Derived { derivation, conditions } => {
            let vars: Vec<String> = derivation.result.free_symbols().iter().map(|s| s.to_string()).collect();
            let vars: Vec<&str> = vars.iter().map(String::as_str).collect();
            let listed: Vec<String> = conditions.iter().map(|c| c.to_string()).collect();
            let derived =
                Derived { conditions: (!listed.is_empty()).then(|| listed.clone()), ..Derived::of(&derivation) };
            let mut answer = derivation_answer(&derivation, derived, &vars);
            if !listed.is_empty() {
                let result = answer.text.lines().last().unwrap_or_default().to_string();
                let body = answer.text.strip_suffix(&result).unwrap_or(&answer.text).to_string();
                answer.text = format!("{body}valid when {}\n{result}", listed.join(", "));
            }
            Ok(answer)
        }
        ClosedForm::Infinite { reason } => {
            let derived = Derived {
                result: "inf".into(),
                steps: vec![],
                complete: None,
                conditions: None,
                reason: Some(reason.clone()),
                symmetric: None,
            };
            Ok(Answer::new(format!("+inf: {reason}\ninf"), &derived))
        }
        ClosedForm::NotDerivable { reason } => {
            Err(ReplError::Failed(format!("no closed form: {reason}; for numbers use D {g} with numeric parameters")))
        }
    }
}

/// Something to sample from or estimate against: a distribution, or a mixture of them.
pub(in crate::repl) enum Source {
    /// A distribution of [`crate::dist`].
    Plain(Distribution),
    /// `Mix([w…], P1, P2, …)`.
    Mixture(crate::dist::ContinuousMixture),
}

impl Source {
    /// The continuous distribution, if it is one.
    pub(in crate::repl) fn continuous(&self) -> Option<&dyn crate::dist::Continuous> {
        match self {
            Source::Plain(d) => d.as_continuous(),
            Source::Mixture(m) => Some(m),
        }
    }

    /// How it is shown: a distribution in canonical form, a mixture as it was written.
    pub(in crate::repl) fn describe(&self, text: &str) -> String {
        match self {
            Source::Plain(d) => d.to_string(),
            Source::Mixture(_) => text.to_string(),
        }
    }
}

/// `N(0,1)`, `[0.2, 0.8]` or `Mix([0.5, 0.5], N(-3,1), N(3,1))`, read by the one distribution
/// parser.
pub(in crate::repl) fn sampling_source(text: &str) -> Result<Source, ReplError> {
    match parse_distribution(text) {
        Ok(Distribution::Mixture(m)) => Ok(Source::Mixture(m)),
        Ok(d) => Ok(Source::Plain(d)),
        Err(e) => Err(ReplError::Failed(format!("{text}: {e}"))),
    }
}
