//! Sample sets: `sample P n as xs` draws them (seeded per session, so a session is
//! reproducible); `estimate f xs Q` and `bound f xs ys` estimate D_f from them.

use rand::SeedableRng;

use crate::fit::{self, Sample as _};

use super::super::args::split_top_level;
use super::super::command::Call;
use super::super::outcome::{Estimated, Number, Sampled, VariationalBound};
use super::super::{Answer, ReplError, Session, is_reserved};
use super::distributions::{Source, sampling_source};

/// `sample <P> <n> as <name>`: n draws of a distribution (or a mixture), kept in the session.
pub(in crate::repl) fn sample(session: &mut Session, call: &Call<'_>) -> Result<Answer, ReplError> {
    let usage = || ReplError::Usage("sample <P> <n> as <name>, e.g. sample N(1,1) 2000 as xs".into());
    let tokens = split_top_level(call.rest);
    let [dist_text, n_text, "as", name] = tokens.as_slice() else { return Err(usage()) };
    let n: usize = n_text.parse().map_err(|_| ReplError::Failed(format!("'{n_text}' is not a sample size")))?;
    if n == 0 || n > 10_000_000 {
        return Err(ReplError::Failed(format!("the sample size must be between 1 and 10000000, not {n}")));
    }
    if is_reserved(name) || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
        return Err(ReplError::Failed(format!("'{name}' cannot name a sample set")));
    }
    let source = sampling_source(dist_text)?;
    session.draws += 1;
    let seed = session.draws;
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let xs = match &source {
        Source::Plain(d) => d.sample_n(n, &mut rng),
        Source::Mixture(m) => m.mixture().sample_n(n, &mut rng),
    };
    let (mean, sd) = mean_and_sd(&xs);
    let text = format!("{name}: {n} samples of {dist_text} (seed {seed}), mean {mean:.4}, sd {sd:.4}\n{n}");
    let outcome = Sampled { sampled: name.to_string(), n, mean: Number(mean), sd: Number(sd), seed };
    session.samples.insert(name.to_string(), xs);
    Ok(Answer::new(text, &outcome))
}

/// `estimate <f> xs <Q | ys>`: D_f from samples (KL by k-NN, other f by a kernel plug-in).
pub(in crate::repl) fn estimate(session: &mut Session, call: &Call<'_>) -> Result<Answer, ReplError> {
    let usage = || ReplError::Usage("estimate <f> <samples> <Q or samples>, e.g. estimate kl xs N(0,1)".into());
    let tokens = split_top_level(call.rest);
    let [generator_tokens @ .., xs_name, q_text] = tokens.as_slice() else { return Err(usage()) };
    if generator_tokens.is_empty() {
        return Err(usage());
    }
    let generator = session.generator(call.line, &generator_tokens.join(" "))?;
    let xs = session.sample_set(xs_name)?;
    let bootstrap = fit::Bootstrap::default();
    let failed = |e: fit::FitError| ReplError::Failed(e.to_string());
    let estimate = match session.samples.get(*q_text) {
        Some(ys) => fit::estimate(&generator, xs, fit::Against::Samples(ys), &bootstrap).map_err(failed)?,
        None => match sampling_source(q_text)? {
            Source::Plain(d) => fit::estimate(&generator, xs, fit::Against::Density(&d), &bootstrap),
            Source::Mixture(m) => fit::estimate(&generator, xs, fit::Against::Density(&m), &bootstrap),
        }
        .map_err(failed)?,
    };
    let (how, k, bandwidth) = match estimate.method {
        fit::Method::KnnKl { k } => (format!("k-NN, k = {k}"), Some(k), None),
        fit::Method::KnnEntropy { k } => (format!("k-NN entropy, k = {k}"), Some(k), None),
        fit::Method::KdePlugIn { bandwidth } => {
            (format!("kernel plug-in, bandwidth {bandwidth:.4}"), None, Some(bandwidth))
        }
        fit::Method::Variational => ("variational bound".to_string(), None, None),
    };
    let name = generator.name().unwrap_or("f");
    let text = format!(
        "D_{name}({xs_name} || {q_text}) ≈ {} ± {:.2e} (one standard error; {how})\n{}",
        estimate.value, estimate.abs_error, estimate.value
    );
    let outcome = Estimated {
        value: Number(estimate.value),
        abs_error: Number(estimate.abs_error),
        method: estimate.method.name(),
        k,
        bandwidth,
    };
    Ok(Answer::new(text, &outcome))
}

/// `bound <f> xs ys`: the variational lower bound sup_T E_P[T] − E_Q[f*(T)] from samples, with a
/// fitted parametric critic.
pub(in crate::repl) fn variational_bound(session: &mut Session, call: &Call<'_>) -> Result<Answer, ReplError> {
    let usage = || ReplError::Usage("bound <f> <samples of P> <samples of Q>, e.g. bound kl xs ys".into());
    let tokens = split_top_level(call.rest);
    let [generator_tokens @ .., xs_name, ys_name] = tokens.as_slice() else { return Err(usage()) };
    if generator_tokens.is_empty() {
        return Err(usage());
    }
    let generator = session.generator(call.line, &generator_tokens.join(" "))?;
    let (xs, ys) = (session.sample_set(xs_name)?, session.sample_set(ys_name)?);
    let b = fit::variational::bound(&generator, xs, ys, &fit::Bootstrap::default())
        .map_err(|e| ReplError::Failed(e.to_string()))?;
    let [a, b1, c] = b.theta;
    let name = generator.name().unwrap_or("f");
    let text = format!(
        "D_{name}({xs_name} || {ys_name}) >= {} ± {:.2e} (critic f'(exp({a:.4} + {b1:.4}*x + {c:.4}*x^2)))\n{}",
        b.estimate.value, b.estimate.abs_error, b.estimate.value
    );
    let outcome = VariationalBound {
        value: Number(b.estimate.value),
        abs_error: Number(b.estimate.abs_error),
        method: fit::Method::Variational.name(),
        theta: [a, b1, c],
    };
    Ok(Answer::new(text, &outcome))
}

/// The mean and the 1/(n − 1) standard deviation.
fn mean_and_sd(xs: &[f64]) -> (f64, f64) {
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0).max(1.0);
    (mean, var.sqrt())
}
