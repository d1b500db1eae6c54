//! The family registry: every name and alias parses everywhere it is offered (`D`, `derive`,
//! `fit`, `sample`, through the library entry points the REPL calls and through
//! `repl::Session::execute`); each family's f64 log-density equals its symbolic one at random
//! points; the sampler's mean matches the declared mean; the declared tails and singular ends
//! match the f64 densities.

use fdiv::closed_form::family::Parametric;
use fdiv::dist::{self, Decay, Distribution, EndPoint, Family, Moment};
use fdiv::expr::{Expr, Rational};
use fdiv::fit::{self, FitError};
use fdiv::numeric::Compiled;
use fdiv::repl::Session;
use rand::rngs::StdRng;
use rand::{Rng, RngExt, SeedableRng};

/// Numeric parameters for a family, as written after its name.
fn numeric_args(f: Family) -> &'static str {
    match f {
        Family::Normal => "(0.5, 1.5)",
        Family::Laplace => "(-1, 0.7)",
        Family::Logistic => "(0.3, 2)",
        Family::Cauchy => "(1, 0.5)",
        Family::StudentT => "(5, 0.2, 1.3)",
        Family::Exponential => "(2)",
        Family::Gamma => "(2.5, 1.5)",
        Family::LogNormal => "(0.1, 0.6)",
        Family::Beta => "(2, 3)",
        Family::Uniform => "(-1, 3)",
        Family::Poisson => "(3)",
        Family::Geometric => "(0.25)",
        Family::Bernoulli => "(0.3)",
        Family::Categorical => "(0.2, 0.5, 0.3)",
    }
}

/// Symbolic parameters (suffix `i` for P = 1, Q = 2).
fn symbolic_args(f: Family, i: usize) -> String {
    let names: Vec<String> = match f {
        Family::Categorical => vec![format!("c{i}"), format!("1 - c{i}")],
        _ => f.info().params.iter().map(|p| format!("{}{i}", p.symbol)).collect(),
    };
    format!("({})", names.join(", "))
}

#[test]
fn every_name_parses_in_the_library_entry_points() {
    for (name, family) in dist::names() {
        let numeric = format!("{name}{}", numeric_args(family));
        // D and sample: the numeric parser
        let d = dist::parse_distribution(&numeric).unwrap_or_else(|e| panic!("{numeric}: {e}"));
        assert_eq!(dist::parse(&numeric).unwrap().family, family, "{numeric}");
        assert!(!d.to_string().is_empty());
        // derive: the symbolic parser, through the closed forms' reader
        let symbolic = format!("{name}{}", symbolic_args(family, 1));
        let p = Parametric::parse(&symbolic).unwrap_or_else(|e| panic!("{symbolic}: {e}"));
        assert_eq!(p.family, family, "{symbolic}");
        assert_eq!(Parametric::parse(&numeric).unwrap().family, family, "{numeric}");
        // fit: the same names; a family that cannot be fitted says so, never "unknown"
        let fit_name = if family == Family::StudentT { format!("{name}(3)") } else { name.to_string() };
        match fit::FitFamily::from_name(&fit_name) {
            Ok(f) => {
                assert!(family.info().fittable, "{name}");
                assert_eq!(f.registered(), family, "{name}");
            }
            Err(FitError::UnsupportedFamily { .. }) => assert!(!family.info().fittable, "{name}"),
            Err(e) => panic!("fit {fit_name}: {e}"),
        }
        assert!(dist::is_family_name(name), "{name}");
    }
    // the vector notations of the categorical
    for text in ["[0.2, 0.8]", "Cat([0.2, 0.8])", "Categorical(0.2, 0.8)"] {
        assert_eq!(dist::parse_distribution(text).unwrap().to_string(), "[0.2, 0.8]", "{text}");
        assert_eq!(Parametric::parse(text).unwrap().family, Family::Categorical, "{text}");
    }
}

#[test]
fn every_name_is_accepted_by_the_repl_commands() {
    let mut s = Session::new();
    let not_unknown = |line: &str, r: Result<fdiv::repl::Answer, fdiv::repl::ReplError>| {
        if let Err(e) = &r {
            let e = e.to_string();
            assert!(!e.contains("unknown"), "{line}: {e}");
        }
        r
    };
    for (name, family) in dist::names() {
        let p = format!("{name}{}", numeric_args(family));
        let line = format!("sample {p} 200 as xs");
        not_unknown(&line, s.execute(&line)).unwrap_or_else(|e| panic!("{line}: {e}"));
        let line = format!("D kl {p} {p}");
        let d = not_unknown(&line, s.execute(&line));
        if !matches!(family, Family::Poisson | Family::Geometric) {
            let d = d.unwrap_or_else(|e| panic!("{line}: {e}"));
            assert!(d.json["value"].as_f64().is_some_and(|v| v.abs() < 1e-9), "{line}: {}", d.text);
        }
        let line = format!("derive kl {name}{} {name}{}", symbolic_args(family, 1), symbolic_args(family, 2));
        let _ = not_unknown(&line, s.execute(&line));
        let line = format!("derive kl {p} {p}");
        let _ = not_unknown(&line, s.execute(&line));
    }
    // fit through the session, by each family's short name, on its own samples
    for family in Family::ALL.iter().filter(|f| f.info().fittable) {
        let p = format!("{}{}", family.short(), numeric_args(*family));
        s.execute(&format!("sample {p} 300 as ys")).unwrap();
        let fit_name = if *family == Family::StudentT { "T(5)".to_string() } else { family.short().to_string() };
        let line = format!("fit {fit_name} kl ys");
        let a = s.execute(&line).unwrap_or_else(|e| panic!("{line}: {e}"));
        assert!(a.text.starts_with(family.short()), "{line}: {}", a.text);
    }
    let line = "fit Poisson kl ys";
    let e = s.execute(line).unwrap_err().to_string();
    assert!(e.contains("cannot fit the family 'Poisson'"), "{e}");
}

#[test]
fn the_repl_reaches_the_discrete_closed_forms() {
    let mut s = Session::new();
    for (line, want) in [
        ("derive kl Poisson(a) Poisson(b)", "a*log(a/b) - a + b"),
        ("derive kl Norm(m1, s1) Norm(m2, s2)", "log(s2/s1) + (s1^2 + (m1 - m2)^2)/(2*s2^2) - 1/2"),
    ] {
        let a = s.execute(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        let result = a.json["result"].as_str().unwrap().to_string();
        let (got, want) = (Expr::parse(&result).unwrap(), Expr::parse(want).unwrap());
        // the same function of the parameters (checked at a few points)
        let vars: Vec<String> = want.free_symbols().iter().map(|v| v.to_string()).collect();
        let vars: Vec<&str> = vars.iter().map(String::as_str).collect();
        let (g, w) = (Compiled::new(&got, &vars).unwrap(), Compiled::new(&want, &vars).unwrap());
        for k in 1..4 {
            let at: Vec<f64> = (0..vars.len()).map(|i| 0.3 + 0.7 * (k * (i + 1)) as f64).collect();
            assert!((g.eval(&at) - w.eval(&at)).abs() < 1e-12, "{line}: {result}");
        }
    }
    for line in
        ["derive kl Geom(p1) Geom(p2)", "derive kl Bernoulli(p1) Bernoulli(p2)", "derive kl Cat(1/2, 1/2) [1/4, 3/4]"]
    {
        let a = s.execute(line).unwrap_or_else(|e| panic!("{line}: {e}"));
        assert!(!a.json["result"].as_str().unwrap().contains('x'), "{line}: {}", a.text);
    }
    // KL(Cat(1/2, 1/2) ‖ Cat(1/4, 3/4)) = ½ log 2 + ½ log(2/3)
    let a = s.execute("D kl Cat(1/2, 1/2) [0.25, 0.75]").unwrap();
    let want = 0.5 * 2f64.ln() + 0.5 * (2.0f64 / 3.0).ln();
    assert!((a.json["value"].as_f64().unwrap() - want).abs() < 1e-15);
}

/// Random parameters in each family's domain.
fn random_params(f: Family, rng: &mut StdRng) -> Vec<f64> {
    let mut v: Vec<f64> = match f {
        Family::Categorical => {
            let w: Vec<f64> = (0..4).map(|_| rng.random_range(0.1..1.0)).collect();
            let s: f64 = w.iter().sum();
            return w.iter().map(|x| x / s).collect();
        }
        _ => f
            .info()
            .params
            .iter()
            .map(|p| match p.domain {
                dist::Domain::Real => rng.random_range(-2.0..2.0),
                dist::Domain::Positive => rng.random_range(-0.7f64..1.2).exp(),
                _ => rng.random_range(0.1..0.9),
            })
            .collect(),
    };
    match f {
        // U(a, b) needs a < b
        Family::Uniform => v[1] = v[0] + rng.random_range(0.5..3.0),
        // finite variance for the sampler check
        Family::StudentT => v[0] += 4.0,
        _ => {}
    }
    v
}

/// The symbolic log-density at numeric parameters, compiled in x.
fn compiled_log_density(f: Family, params: &[f64]) -> Option<Compiled> {
    let template = f.log_density()?;
    let values: Vec<Expr> = params.iter().map(|v| Expr::num(Rational::from_f64(*v).unwrap())).collect();
    let bindings: Vec<(&str, &Expr)> = f.symbols().into_iter().zip(values.iter()).collect();
    Some(Compiled::new(&dist::instantiate(&template, &bindings), &["x"]).unwrap())
}

/// ln p(x) (ln P(k) for the counts) in f64.
fn ln_density(d: &Distribution, x: f64) -> f64 {
    match d {
        Distribution::Poisson(p) => p.ln_pmf(x as u64),
        Distribution::Geometric(g) => g.ln_pmf(x as u64),
        Distribution::Discrete(v) => v.probs()[x as usize].ln(),
        _ => d.as_continuous().unwrap().ln_pdf(x),
    }
}

#[test]
fn f64_and_symbolic_log_densities_agree_at_random_points() {
    let mut rng = StdRng::seed_from_u64(12);
    for f in Family::ALL {
        for _ in 0..5 {
            let params = random_params(f, &mut rng);
            let d = f.build(&params).unwrap_or_else(|e| panic!("{f:?} {params:?}: {e}"));
            let Some(c) = compiled_log_density(f, &params) else {
                assert_eq!(f, Family::Categorical);
                continue;
            };
            for _ in 0..20 {
                // points where the distribution puts its mass: its own draws
                let x = d.sample(&mut rng);
                let (a, b) = (c.eval(&[x]), ln_density(&d, x));
                if b.is_infinite() {
                    continue;
                }
                assert!((a - b).abs() <= 1e-11 * (1.0 + b.abs()), "{f:?} {params:?} at {x}: {a} vs {b}");
            }
        }
    }
}

#[test]
fn sample_means_match_the_declared_means() {
    let mut rng = StdRng::seed_from_u64(5);
    let n = 20_000;
    for f in Family::ALL {
        if f == Family::Cauchy {
            // no mean: declared as such
            assert_eq!(f.build(&[0.0, 1.0]).unwrap().mean(), None);
            continue;
        }
        let params = random_params(f, &mut rng);
        let d = f.build(&params).unwrap();
        let (mean, var) = (d.mean().unwrap(), d.variance().unwrap());
        let m = (0..n).map(|_| d.sample(&mut rng)).sum::<f64>() / n as f64;
        let se = (var / n as f64).sqrt();
        assert!((m - mean).abs() < 5.0 * se, "{f:?} {params:?}: {m} vs {mean} (se {se})");
        // the registry's symbolic mean rule, where it has one, says the same
        let symbolic: Vec<Expr> = params.iter().map(|v| Expr::num(Rational::from_f64(*v).unwrap())).collect();
        if let Some(e) = f.moment(Moment::Mean, &symbolic, &Expr::int(0)) {
            let v = dist::constant_value(&e).unwrap();
            assert!((v - mean).abs() <= 1e-12 * mean.abs().max(1.0), "{f:?}: {e} = {v} vs {mean}");
        }
    }
}

/// The value of a declared expression at numeric parameters.
fn value(f: Family, params: &[f64], e: &Expr) -> f64 {
    let values: Vec<Expr> = params.iter().map(|v| Expr::num(Rational::from_f64(*v).unwrap())).collect();
    let bindings: Vec<(&str, &Expr)> = f.symbols().into_iter().zip(values.iter()).collect();
    dist::constant_value(&dist::instantiate(e, &bindings)).unwrap()
}

#[test]
fn declared_tails_and_ends_match_the_densities() {
    let mut rng = StdRng::seed_from_u64(9);
    for f in Family::ALL.into_iter().filter(|f| !f.is_discrete()) {
        let params = random_params(f, &mut rng);
        let d = f.build(&params).unwrap();
        let c = d.as_continuous().unwrap();
        let ends = f.ends();
        for (end, sign) in [(&ends.lower, -1.0), (&ends.upper, 1.0)] {
            let lp = |x: f64| c.ln_pdf(x);
            let (observed, declared) = match (&end.at, &end.decay) {
                (EndPoint::At(a), Decay::Edge { exponent }) => {
                    // slope of ln p against ln|x − a| as x → a from inside
                    let a = value(f, &params, a);
                    let (h1, h2) = (1e-7, 1e-9);
                    let s = (lp(a - sign * h1) - lp(a - sign * h2)) / (h1.ln() - h2.ln());
                    (s, value(f, &params, exponent))
                }
                (_, Decay::Gaussian { sigma }) => {
                    let s = value(f, &params, sigma);
                    let (x1, x2) = (sign * 40.0 * s, sign * 80.0 * s);
                    ((lp(x2) - lp(x1)) / (x2 * x2 - x1 * x1), -1.0 / (2.0 * s * s))
                }
                (_, Decay::Exponential { rate, power }) => {
                    let (r, k) = (value(f, &params, rate), value(f, &params, power));
                    let (x1, x2) = (sign * 200.0 / r, sign * 400.0 / r);
                    let g = |x: f64| lp(x) - k * x.abs().ln();
                    ((g(x2) - g(x1)) / (x2.abs() - x1.abs()), -r)
                }
                (_, Decay::Power { exponent }) => {
                    let (x1, x2) = (sign * 1e7, sign * 1e9);
                    ((lp(x2) - lp(x1)) / (x2.abs().ln() - x1.abs().ln()), value(f, &params, exponent))
                }
                (_, Decay::LogGaussian { sigma }) => {
                    let s = value(f, &params, sigma);
                    let (y1, y2) = (sign * 30.0 * s, sign * 60.0 * s);
                    let g = |y: f64| lp(y.exp()) + y;
                    ((g(y2) - g(y1)) / (y2 * y2 - y1 * y1), -1.0 / (2.0 * s * s))
                }
                (at, decay) => panic!("{f:?}: {at:?} {decay:?} has no check"),
            };
            let tolerance = 2e-2 * declared.abs().max(1e-2);
            assert!((observed - declared).abs() < tolerance, "{f:?} {params:?} {end:?}: {observed} vs {declared}");
        }
    }
    // the counts: Geometric's ratio is exact, Poisson's tail falls faster than any ratio
    let g = Family::Geometric.build(&[0.3]).unwrap();
    let Decay::Geometric { ratio } = Family::Geometric.ends().upper.decay else { panic!() };
    let step = ln_density(&g, 11.0) - ln_density(&g, 10.0);
    assert!((step - value(Family::Geometric, &[0.3], &ratio).ln()).abs() < 1e-12);
    assert_eq!(Family::Poisson.ends().upper.decay, Decay::Factorial);
    let p = Family::Poisson.build(&[3.0]).unwrap();
    assert!(ln_density(&p, 201.0) - ln_density(&p, 200.0) < -3.0);
}

#[test]
fn the_mixture_lives_in_dist() {
    let d = dist::parse_distribution("Mix([0.25, 0.75], N(-3,1), N(3,1))").unwrap();
    let Distribution::Mixture(m) = &d else { panic!("{d}") };
    assert_eq!(m.mixture().weights(), &[0.25, 0.75]);
    assert!((d.mean().unwrap() - 1.5).abs() < 1e-15);
    let mut rng = StdRng::seed_from_u64(3);
    let right = (0..4000).filter(|_| d.sample(&mut rng) > 0.0).count() as f64 / 4000.0;
    assert!((right - 0.75).abs() < 0.03, "{right}");
    // fit's mixture is the same type
    let _: &fit::Mixture<Distribution> = m.mixture();
    let _ = rng.next_u64();
}
