//! Commands on one generator (or two): `eval`, `check`, `diff`, `simplify`, `derive` (the
//! integrand q·f(p/q); with two distributions, a closed form), `same` and `dual`.

use crate::expr::exact;
use crate::generator::VARIABLE;
use crate::generator::integrand;
use crate::numeric::Compiled;
use crate::simplify;
use crate::transforms::dual::{self, Symmetry};
use crate::transforms::equivalence::{self, Equivalence};
use crate::verify;

use super::super::args::{looks_like_distribution, split_top_level};
use super::super::command::Call;
use super::super::outcome::{Checked, Derived, Detail, Details, Evaluated, Number, Sameness, steps};
use super::super::{Answer, ReplError, Session};
use super::{derivation_answer, distributions};

/// `eval f 2.5`: the value of a generator at a point, exact when the point is rational and the
/// value is.
pub(in crate::repl) fn eval(session: &mut Session, call: &Call<'_>) -> Result<Answer, ReplError> {
    let usage = || ReplError::Usage("eval <generator> <u>, e.g. eval f 2.5".into());
    let (gen_text, point_text) = call.rest.rsplit_once(char::is_whitespace).ok_or_else(usage)?;
    let generator = session.generator(call.line, gen_text)?;
    let name = generator.name().unwrap_or("f").to_string();
    let point = session.expression(call.line, point_text)?;
    let u = exact::eval_constant(&point).ok();
    if let Some(u) = &u {
        let value_of = |name: &str| (name == VARIABLE).then(|| u.clone());
        if let Ok(value) = exact::eval(generator.f(), &value_of) {
            let text = format!("{name}({u}) = {value} (exact)\n{value}");
            let outcome = Evaluated { value: Number(value.to_f64()), exact: Some(value.to_string()), t: None };
            return Ok(Answer::new(text, &outcome));
        }
    }
    let at = Compiled::new(&point, &[]).map_err(|e| ReplError::Failed(e.to_string()))?.eval(&[]);
    let f = Compiled::new(generator.f(), &[VARIABLE]).map_err(|e| ReplError::Failed(e.to_string()))?;
    let value = f.eval(&[at]);
    if !value.is_finite() {
        return Err(ReplError::Failed(format!("{name}({at}) is not a finite number (the value is {value})")));
    }
    let outcome = Evaluated { value: Number(value), exact: None, t: None };
    Ok(Answer::new(format!("{name}({at}) = {value}\n{value}"), &outcome))
}

/// `check f`: f(1) = 0, convexity, semicontinuity, f(0+) and f'(∞), each proved, refuted with
/// numbers, or unknown with the reason. The last line is the overall verdict.
pub(in crate::repl) fn check(session: &mut Session, call: &Call<'_>) -> Result<Answer, ReplError> {
    if call.rest.is_empty() {
        return Err(ReplError::Usage("check <generator>, e.g. check f".into()));
    }
    let generator = session.generator(call.line, call.rest)?;
    let report = verify::check_with(&generator, &session.declared_assumptions());
    let verdicts = [&report.normalised, &report.convex, &report.lsc];
    let valid = report.validity();
    let detail = |v: &verify::Verdict| match v {
        verify::Verdict::Proved(c) => Detail::Proved { certificate: c.to_string() },
        verify::Verdict::Refuted(w) => Detail::Refuted { witness: w.to_string() },
        verify::Verdict::Unknown(r) => Detail::Unknown { reason: r.clone() },
    };
    let outcome = Checked {
        f: report.f.to_string(),
        normalised: report.normalised.status(),
        convex: report.convex.status(),
        lsc: report.lsc.status(),
        f0: report.f0.to_string(),
        slope_inf: report.slope_inf.to_string(),
        witness: verdicts.iter().find_map(|v| v.witness()).map(|w| w.to_string()),
        reason: verdicts.iter().find_map(|v| v.reason()).map(str::to_string),
        fixes: report.fixes.iter().map(|e| e.to_string()).collect(),
        valid,
        details: Details {
            normalised: detail(&report.normalised),
            convex: detail(&report.convex),
            lsc: detail(&report.lsc),
        },
    };
    // to_text ends with the "valid generator" line; the bare verdict is the last line
    let text = format!("{}{valid}", report.to_text());
    let mut answer = Answer::new(text, &outcome);
    answer.latex = Some(report.to_latex());
    Ok(answer)
}

/// `diff f`: f'(u), simplified by the e-graph.
pub(in crate::repl) fn diff(session: &mut Session, call: &Call<'_>) -> Result<Answer, ReplError> {
    if call.rest.is_empty() {
        return Err(ReplError::Usage("diff <generator>, e.g. diff f".into()));
    }
    let generator = session.generator(call.line, call.rest)?;
    let derivative =
        crate::calculus::derivative(generator.f(), VARIABLE).map_err(|e| ReplError::Failed(e.to_string()))?;
    let derivation = simplify::simplify(&derivative, &session.simplify_assumptions(), &simplify::Limits::default());
    Ok(derivation_answer(&derivation, Derived::of(&derivation), &[VARIABLE]))
}

/// `simplify <expression>`: the e-graph simplifier over the session's domain.
pub(in crate::repl) fn simplify(session: &mut Session, call: &Call<'_>) -> Result<Answer, ReplError> {
    if call.rest.is_empty() {
        return Err(ReplError::Usage("simplify <expression>, e.g. simplify q*(p/q)*log(p/q)".into()));
    }
    let expr = match session.bindings.get(call.rest) {
        Some(generator) => generator.f().clone(),
        None => session.expression(call.line, call.rest)?,
    };
    let derivation = simplify::simplify(&expr, &session.simplify_assumptions(), &simplify::Limits::default());
    let vars: Vec<String> = derivation.result.free_symbols().iter().map(|s| s.to_string()).collect();
    let vars: Vec<&str> = vars.iter().map(String::as_str).collect();
    Ok(derivation_answer(&derivation, Derived::of(&derivation), &vars))
}

/// `derive f`: the integrand q·f(p/q), derived step by step; `derive f P Q`: a closed form.
pub(in crate::repl) fn derive(session: &mut Session, call: &Call<'_>) -> Result<Answer, ReplError> {
    let tokens = split_top_level(call.rest);
    match tokens.as_slice() {
        [] => Err(ReplError::Usage("derive <generator>, e.g. derive f".into())),
        [g, p, q] if looks_like_distribution(p) && looks_like_distribution(q) => {
            distributions::closed_form(session, call.line, g, p, q)
        }
        _ => {
            let generator = session.generator(call.line, call.rest)?;
            let derivation = integrand::derive(&generator, &session.simplify_assumptions());
            Ok(derivation_answer(&derivation, Derived::of(&derivation), &["p", "q"]))
        }
    }
}

/// `same f g`: whether f and g define the same divergence (f − g = c·(u − 1)).
pub(in crate::repl) fn same(session: &mut Session, call: &Call<'_>) -> Result<Answer, ReplError> {
    let usage = || ReplError::Usage("same <f> <g>, e.g. same f u*log(u) - u + 1".into());
    let tokens = split_top_level(call.rest);
    // the first split at which both sides are generators (names or expressions)
    let (f, g) = (1..tokens.len())
        .find_map(|i| {
            let f = session.generator(call.line, &tokens[..i].join(" ")).ok()?;
            let g = session.generator(call.line, &tokens[i..].join(" ")).ok()?;
            Some((f, g))
        })
        .ok_or_else(usage)?;
    let (name_f, name_g) = (f.name().unwrap_or("f").to_string(), g.name().unwrap_or("g").to_string());
    let (result, detail, evidence) = match equivalence::same(&f, &g, &session.simplify_assumptions()) {
        Equivalence::Same { c, evidence } => (
            "same",
            format!("{name_f} − {name_g} = {c}·(u − 1): the same divergence\n{}", evidence.to_text()),
            steps(&evidence),
        ),
        Equivalence::Different(witness) => {
            ("different", format!("{name_f} − {name_g} is not c·(u − 1): {witness}"), vec![])
        }
        Equivalence::Unknown { reason } => ("unknown", reason, vec![]),
    };
    Ok(Answer::new(format!("{detail}\n{result}"), &Sameness { result, steps: evidence }))
}

/// `dual f`: u·f(1/u) simplified, with whether f is symmetric.
pub(in crate::repl) fn dual(session: &mut Session, call: &Call<'_>) -> Result<Answer, ReplError> {
    if call.rest.is_empty() {
        return Err(ReplError::Usage("dual <generator>, e.g. dual kl".into()));
    }
    let generator = session.generator(call.line, call.rest)?;
    let d = dual::dual(&generator);
    let (symmetric, note) = match &d.symmetry {
        Symmetry::Symmetric { c } => ("yes", format!("symmetric: the dual is f + {c}*(u - 1)")),
        Symmetry::NotSymmetric { witness } => ("no", format!("not symmetric: {witness}")),
        Symmetry::Unknown(reason) => ("unknown", format!("symmetry unknown: {reason}")),
    };
    let outcome = Derived { symmetric: Some(symmetric), ..Derived::of(&d.derivation) };
    let mut answer = derivation_answer(&d.derivation, outcome, &[VARIABLE]);
    let result = d.derivation.result.to_string();
    let body = answer.text.strip_suffix(&result).unwrap_or(&answer.text).to_string();
    answer.text = format!("{body}{note}\n{result}");
    Ok(answer)
}
