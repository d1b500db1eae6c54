//! Other forms of a result: `latex <command>`, `export rust|numpy <command>`, `plot` (an SVG
//! file), and `time <command>` (how long it takes).

use std::time::Instant;

use crate::expr::{Rational, print};
use crate::generator::VARIABLE;
use crate::numeric::Compiled;

use super::super::args::{split_top_level, split_word};
use super::super::command::Call;
use super::super::outcome::{Code, Latex, Plotted, Timing};
use super::super::{Answer, ReplError, Session};
use super::distributions::sampling_source;

/// `latex <command>`: the LaTeX of the command's result.
pub(in crate::repl) fn latex(session: &mut Session, call: &Call<'_>) -> Result<Answer, ReplError> {
    let answer = session.execute_inner(call.rest, "latex <command>")?;
    let latex = answer.latex.ok_or_else(|| ReplError::Failed("this result has no LaTeX form".into()))?;
    Ok(Answer::new(latex.clone(), &Latex { latex }))
}

/// `export rust|numpy <command>`: the command's result as a function to paste.
pub(in crate::repl) fn export(session: &mut Session, call: &Call<'_>) -> Result<Answer, ReplError> {
    let usage = || ReplError::Usage("export rust|numpy <command>, e.g. export rust show f".into());
    let (language, command) = split_word(call.rest);
    if !matches!(language, "rust" | "numpy") {
        return Err(usage());
    }
    let answer = session.execute_inner(command, "export rust|numpy <command>")?;
    let (expr, vars) = answer.expr.ok_or_else(|| ReplError::Failed("this result is not an expression".into()))?;
    let vars: Vec<&str> = vars.iter().map(String::as_str).collect();
    let name = "f";
    let code = match language {
        "rust" => print::rust_function(&expr, name, &vars),
        _ => print::numpy_function(&expr, name, &vars),
    };
    Ok(Answer::new(code.clone(), &Code { code, language: language.to_string() }))
}

/// `time <command>`: runs the command repeatedly, about half a second in all (at least 3 runs, at
/// most 10 000), and reports the median and spread of one run.
pub(in crate::repl) fn time(session: &mut Session, call: &Call<'_>) -> Result<Answer, ReplError> {
    let rest = call.rest;
    if rest.is_empty() || split_word(rest).0 == "time" {
        return Err(ReplError::Usage("time <command>, e.g. time derive f".into()));
    }
    // a failing command is reported as such, not timed
    session.execute(rest)?;
    let budget = std::time::Duration::from_millis(500);
    let started = Instant::now();
    let mut runs = Vec::new();
    while runs.len() < 3 || (started.elapsed() < budget && runs.len() < 10_000) {
        let t = Instant::now();
        let _ = std::hint::black_box(session.execute(rest));
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
    Ok(Answer::new(text, &Timing { median_s: median, runs: runs.len(), p10_s: low, p90_s: high }))
}

/// `plot f [u_max]`: an SVG of f on (0, u_max] (default 4), written as `plot-<name>.svg`;
/// `plot D f P Q`: see [`plot_divergence`].
pub(in crate::repl) fn plot(session: &mut Session, call: &Call<'_>) -> Result<Answer, ReplError> {
    let (line, rest) = (call.line, call.rest);
    let usage = || ReplError::Usage("plot <generator> [u_max] | plot D <f> <P> <Q>, e.g. plot f 10".into());
    if rest.is_empty() {
        return Err(usage());
    }
    if let Some(args) = rest.strip_prefix("D ") {
        return plot_divergence(session, line, args.trim());
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
    let generator = session.generator(line, gen_text)?;
    let name = generator.name().unwrap_or("f");
    let f = Compiled::new(generator.f(), &[VARIABLE]).map_err(|e| ReplError::Failed(e.to_string()))?;
    let chart = crate::plot::Chart::new(&format!("{name}(u) = {}", generator.f()), "u")
        .with(crate::plot::Series::sample(name, 0.0, u_max, 400, |u| f.eval(&[u])));
    write_chart(session, &chart, &format!("plot-{}.svg", file_stem(name)))
}

/// `plot D f P Q`: p, q and the integrand q·f(p/q) over x, written as `plot-D-<name>.svg`.
fn plot_divergence(session: &Session, line: &str, rest: &str) -> Result<Answer, ReplError> {
    let usage = || ReplError::Usage("plot D <generator> <P> <Q>, e.g. plot D kl N(0,1) N(1,2)".into());
    let tokens = split_top_level(rest);
    let [generator_tokens @ .., p_text, q_text] = tokens.as_slice() else { return Err(usage()) };
    if generator_tokens.is_empty() {
        return Err(usage());
    }
    let generator = session.generator(line, &generator_tokens.join(" "))?;
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
    write_chart(session, &chart, &format!("plot-D-{}.svg", file_stem(name)))
}

/// Writes `chart` as `file` in the session's plot directory; the answer is its path.
fn write_chart(session: &Session, chart: &crate::plot::Chart, file: &str) -> Result<Answer, ReplError> {
    let path = session.plot_dir.clone().unwrap_or_default().join(file);
    chart.write_svg(&path).map_err(|e| ReplError::Failed(e.to_string()))?;
    let shown = path.display().to_string();
    Ok(Answer::new(format!("wrote {shown}\n{shown}"), &Plotted { path: shown }))
}

/// A name's letters, digits and underscores: safe in a file name.
fn file_stem(name: &str) -> String {
    name.chars().filter(|c| c.is_alphanumeric() || *c == '_').collect()
}

/// Seconds for people: `12 ns`, `3.40 µs`, `1.25 ms`, `2.00 s`.
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
