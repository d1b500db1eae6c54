//! `fit`: a parametric family (N, Laplace, Logistic, Cauchy, T(df), U, Exp, Gamma, LogN; all by
//! one path, [`crate::fit::fit_family`]) or a two-layer tanh network, by minimising D_f from
//! samples.

use std::collections::BTreeMap;

use rand::SeedableRng;

use crate::fit;
use crate::fit::fitting::Objective;

use super::super::args::split_top_level;
use super::super::command::Call;
use super::super::outcome::{FamilyFitted, NetworkFitted, NetworkTheta, Number, Quantiles};
use super::super::{Answer, ReplError, Session};

/// `fit <family> <f> xs`: the member of a family minimising D_f(P_xs‖P_θ); `fit net kl xs
/// [hidden]`: a two-layer network.
pub(in crate::repl) fn fit(session: &mut Session, call: &Call<'_>) -> Result<Answer, ReplError> {
    let usage = || {
        ReplError::Usage(
            "fit <family> <f> <samples> | fit net kl <samples> [hidden], e.g. fit N kl xs, fit Laplace kl xs".into(),
        )
    };
    let tokens = split_top_level(call.rest);
    let [family, generator_tokens @ .., xs_name] = tokens.as_slice() else { return Err(usage()) };
    if *family == "net" {
        return fit_network(session, call.line, &tokens[1..]);
    }
    if generator_tokens.is_empty() {
        return Err(usage());
    }
    let family = fit::FitFamily::from_name(family).map_err(|e| ReplError::Failed(e.to_string()))?;
    fit_family(session, call.line, family, &generator_tokens.join(" "), xs_name)
}

/// Any family, N included: numbers rounded to 4 decimals in the text (stable across platforms),
/// full precision in the JSON.
fn fit_family(
    session: &Session,
    line: &str,
    family: fit::FitFamily,
    generator: &str,
    xs_name: &str,
) -> Result<Answer, ReplError> {
    let generator = session.generator(line, generator)?;
    let xs = session.sample_set(xs_name)?;
    let fitted = fit::fit_family(family, &generator, xs, &fit::FitOptions::default(), |_| {})
        .map_err(|e| samples_failed(&e, xs_name))?;
    let name = generator.name().unwrap_or("f");
    let space = if family.is_positive() { " on log x" } else { "" };
    let (how, bandwidth) = match fitted.objective {
        Objective::KdePlugIn { bandwidth } => {
            (format!("kernel plug-in{space}, bandwidth {bandwidth:.4}"), Some(bandwidth))
        }
        _ => (format!("maximum likelihood{space}"), None),
    };
    let shown = fitted.display(Some(4));
    let text = format!(
        "{shown} minimises D_{name}({xs_name} || {}) ≈ {:.4} ({how}; {})\n{shown}",
        family.model_text(),
        fitted.divergence,
        stop_text(fitted.stop),
    );
    let outcome = FamilyFitted {
        family: family.name(),
        theta: fitted.theta.iter().copied().collect::<BTreeMap<_, _>>(),
        divergence: Number(fitted.divergence),
        iterations: fitted.iterations,
        objective: fitted.objective.name(),
        bandwidth,
        stop: fitted.stop.name(),
    };
    Ok(Answer::new(text, &outcome))
}

/// `fit net kl xs [hidden]`: a two-layer tanh network g(z) = c + Σ aⱼ tanh(wⱼz + bⱼ) by k-NN KL;
/// prints θ, and quantiles of fresh pushed-forward samples beside the data's.
fn fit_network(session: &Session, line: &str, tokens: &[&str]) -> Result<Answer, ReplError> {
    let usage =
        || ReplError::Usage("fit net kl <samples> [hidden units, 1 to 16; default 3], e.g. fit net kl xs 4".into());
    let (tokens, hidden) = match tokens {
        [rest @ .., xs, h] if !rest.is_empty() && session.samples.contains_key(*xs) => {
            let hidden =
                h.parse::<usize>().map_err(|_| ReplError::Failed(format!("'{h}' is not a number of hidden units")))?;
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
    let generator = session.generator(line, &generator_tokens.join(" "))?;
    if !fit::is_kl(&generator) {
        return Err(ReplError::Failed(
            "the network has no density: it is fitted by forward KL (k-NN between samples) only, e.g. fit net kl xs"
                .into(),
        ));
    }
    let xs = session.sample_set(xs_name)?;
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
    let k = fit::fitting::TWO_LAYER_K;
    let m = xs.len().min(2000);
    let text = format!(
        "net({hidden} tanh units) minimises D_kl({xs_name} || net) ≈ {:.4} (k-NN, k = {k}, {m} model draws; {})\n\
         g(z) = c + sum_j a_j tanh(w_j z + b_j): w = [{}], b = [{}], a = [{}], c = {:.3}\n\
         quantile {}\n\
         data     {}\n\
         model    {}\n\
         {:.4}",
        fitted.divergence,
        stop_text(fitted.stop),
        list(w),
        list(b),
        list(a),
        c[0],
        ps.iter().map(|p| format!("{:>9}", format!("{}%", p * 100.0))).collect::<String>(),
        row(&data_q),
        row(&model_q),
        fitted.divergence,
    );
    let outcome = NetworkFitted {
        theta: NetworkTheta { w: w.to_vec(), b: b.to_vec(), a: a.to_vec(), c: c[0] },
        divergence: Number(fitted.divergence),
        hidden,
        iterations: fitted.iterations,
        objective: Objective::KnnKl { k, m }.name(),
        k,
        model_draws: m,
        stop: fitted.stop.name(),
        quantiles: Quantiles { p: ps.to_vec(), data: data_q, model: model_q },
    };
    Ok(Answer::new(text, &outcome))
}

/// Why the optimiser stopped, in words.
fn stop_text(stop: fit::optimize::OptimizerStop) -> &'static str {
    match stop {
        fit::optimize::OptimizerStop::Converged => "converged",
        fit::optimize::OptimizerStop::Budget => "iteration budget reached",
    }
}

/// A fitting error about the library's sample set `xs`, told with the session's name for it.
fn samples_failed(error: &fit::FitError, name: &str) -> ReplError {
    ReplError::Failed(error.to_string().replace("'xs'", &format!("'{name}'")))
}
