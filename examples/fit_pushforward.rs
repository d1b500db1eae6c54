//! Fit one Gaussian push-forward μ + σz to two-mode data, by forward KL, reverse KL, JS and TV,
//! and a small two-layer network by k-NN KL.
//!
//! `cargo run --release --example fit_pushforward [n] [seed] [out.svg]`
//!
//! Prints the fitted θ per divergence (stdout), shows an optimiser progress bar (stderr) and
//! writes an SVG of the data histogram with each fitted density (default
//! `target/fit_pushforward.svg`).

use std::path::PathBuf;

use fdiv::dist::Continuous;
use fdiv::fit::kde::Kde;
use fdiv::fit::model::{PushForward1, TwoLayer};
use fdiv::fit::{Density, FitOptions, demo, fitting};
use fdiv::plot::{Chart, Histogram, Series};
use indicatif::{ProgressBar, ProgressStyle};
use rand::SeedableRng;
use rand_distr::{Distribution as _, StandardNormal};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).map(|s| s.parse()).transpose()?.unwrap_or(10_000);
    let seed: u64 = args.get(2).map(|s| s.parse()).transpose()?.unwrap_or(42);
    let out = args.get(3).map(PathBuf::from).unwrap_or_else(|| PathBuf::from("target/fit_pushforward.svg"));

    let budget = FitOptions::default().max_iters as u64;
    let style = ProgressStyle::default_bar().template("{msg:>12} [{bar:30}] {pos:>3}/{len} iterations")?;
    let mut bar: Option<(String, ProgressBar)> = None;
    let (xs, rows) = demo::run(n, seed, |name, it| {
        if bar.as_ref().is_none_or(|(current, _)| current != name) {
            if let Some((_, b)) = bar.take() {
                b.finish();
            }
            let b = ProgressBar::new(budget).with_style(style.clone());
            b.set_message(name.to_string());
            bar = Some((name.to_string(), b));
        }
        if let Some((_, b)) = &bar {
            b.set_position(it.iteration as u64);
        }
    })?;
    if let Some((_, b)) = bar.take() {
        b.finish();
    }

    println!("data: {n} samples of 0.5·N(-3, 1) + 0.5·N(3, 1), seed {seed}\n");
    print!("{}", demo::table(&rows));
    let mean = xs.iter().sum::<f64>() / n as f64;
    let sd = (xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / n as f64).sqrt();
    println!("\nforward KL is maximum likelihood: sample mean {mean:.4}, sd (1/n) {sd:.4}");

    // a two-layer network g(z) = c + Σ a_j tanh(w_j z + b_j), fitted through samples
    let net = TwoLayer::new(3)?;
    let fit_n = n.min(2000);
    let spinner = ProgressBar::new(3000).with_style(style.clone());
    spinner.set_message("network");
    let options = FitOptions { max_iters: 3000, ..FitOptions::default() };
    let net_fit =
        fitting::fit_pushforward(&net, &net.initial(mean, sd), &xs[..fit_n], 10, fit_n, seed, &options, |it| {
            spinner.set_position(it.iteration as u64)
        })?;
    spinner.finish();
    println!(
        "two-layer network (3 tanh units) by k-NN KL on {fit_n} samples: KL ≈ {:.3} after {} iterations ({:?})",
        net_fit.divergence, net_fit.iterations, net_fit.stop
    );

    // the plot: histogram, each fitted normal, and a kernel estimate of the network's samples
    let mut chart = Chart::new("one Gaussian fitted to two modes", "x")
        .with_histogram(Histogram::density(&xs, 80).ok_or("no histogram")?);
    for row in &rows {
        let q = fdiv::dist::Normal::new(row.fit.theta.mean, row.fit.theta.sd)?;
        let label = format!("{} N({:.2}, {:.2})", row.name, row.fit.theta.mean, row.fit.theta.sd);
        chart = chart.with(Series::sample(&label, -9.0, 9.0, 400, |x| q.pdf(x)));
    }
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed + 1);
    let net_samples: Vec<f64> = (0..fit_n).map(|_| net.push(&net_fit.theta, StandardNormal.sample(&mut rng))).collect();
    let net_density = Kde::new(&net_samples)?;
    chart = chart.with(Series::sample("network (KDE of samples)", -9.0, 9.0, 400, |x| net_density.density(x)));
    chart.write_svg(&out)?;
    println!("plot: {}", out.display());
    Ok(())
}
