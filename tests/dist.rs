//! The distributions through the public API: densities and cdfs against mpmath, parsing, errors,
//! symbolic log-densities and sampling.
//!
//! References: mpmath 1.3.0 at `mp.dps = 30`, the expression recorded next to each value (x and
//! the parameters as exact decimals, e.g. `mpf('0.7')`).

use fdiv::dist::{
    Beta, Continuous, Discrete, DistError, Distribution, Gamma, LogNormal, Logistic, Normal, StudentT,
    parse_distribution,
};
use fdiv::numeric::Compiled;

fn r(text: &str) -> f64 {
    text.parse().unwrap()
}

fn check(got: f64, want: &str) {
    let want = r(want);
    assert!((got - want).abs() <= 1e-14 * want.abs().max(1.0), "{got} vs {want}");
}

#[test]
fn log_densities_match_mpmath() {
    // -(mpf('0.7')-mpf('0.5'))**2/(2*mpf('1.5')**2) - log(mpf('1.5')) - log(2*pi)/2
    check(Normal::new(0.5, 1.5).unwrap().ln_pdf(0.7), "-1.33329253020172601264723174076");
    // loggamma(2) - loggamma(1.5) - log(3*pi)/2 - log(1.3) - 2*log(1 + ((2.1-0.2)/1.3)**2/3)
    check(StudentT::new(3.0, 0.2, 1.3).unwrap().ln_pdf(2.1), "-2.33861453622933477519283621693");
    // 2.5*log(1.5) - loggamma(2.5) + 1.5*log(0.8) - 1.5*0.8
    check(Gamma::new(2.5, 1.5).unwrap().ln_pdf(0.8), "-0.805735427173822838336904516486");
    // loggamma(5) - loggamma(2) - loggamma(3) + log(0.3) + 2*log(0.7)
    check(Beta::new(2.0, 3.0).unwrap().ln_pdf(0.3), "0.567583957584599559781685839595");
    // -log(1.2) - log(0.6) - log(2*pi)/2 - (log(1.2)-0.1)**2/(2*0.36)
    check(LogNormal::new(0.1, 0.6).unwrap().ln_pdf(1.2), "-0.599846742222887097393003074994");
    // -(1.3-0.3)/2 - log(2) - 2*log(1+exp(-(1.3-0.3)/2))
    check(Logistic::new(0.3, 2.0).unwrap().ln_pdf(1.3), "-2.14130114892015867116322683162");
}

#[test]
fn cdfs_match_mpmath() {
    let close = |got: f64, want: &str| assert!((got - r(want)).abs() < 1e-13, "{got} vs {want}");
    // erfc(-(1-0.5)/(1.5*sqrt(2)))/2
    close(Normal::new(0.5, 1.5).unwrap().cdf(1.0), "0.63055865981823636172720771793");
    // 1 - betainc(1.5, 0.5, 0, 3/(3+1.7**2), regularized=True)/2
    close(StudentT::standard(3.0).unwrap().cdf(1.7), "0.906154679223294959995744330084");
    // gammainc(2.5, 0, 1.5*0.8, regularized=True)
    close(Gamma::new(2.5, 1.5).unwrap().cdf(0.8), "0.208525879405675333865841074869");
    // betainc(2, 3, 0, 0.3, regularized=True)
    close(Beta::new(2.0, 3.0).unwrap().cdf(0.3), "0.3483");
}

#[test]
fn parsing_round_trips_through_display() {
    for text in [
        "N(0, 1)",
        "Laplace(0, 1)",
        "Logistic(1, 2)",
        "Cauchy(0, 3)",
        "T(3, 0, 1)",
        "Exp(2)",
        "Gamma(2, 1)",
        "LogN(0, 1)",
        "Beta(2, 3)",
        "U(0, 1)",
        "[0.2, 0.8]",
    ] {
        let d = parse_distribution(text).unwrap();
        assert_eq!(d.to_string(), text);
        assert_eq!(parse_distribution(&d.to_string()).unwrap(), d);
    }
}

#[test]
fn parse_errors_name_the_parameter_and_the_closest_family() {
    let err = parse_distribution("Exp(0)").unwrap_err();
    assert!(matches!(err, DistError::InvalidParameter { family: "Exponential", parameter: "rate", .. }));
    let err = parse_distribution("Cauhy(0, 1)").unwrap_err();
    assert_eq!(err, DistError::UnknownName { name: "Cauhy".into(), suggestion: Some("Cauchy".into()) });
    assert!(matches!(parse_distribution("Beta(1, 2, 3)"), Err(DistError::Arity { family: "Beta", found: 3, .. })));
    assert!(matches!(parse_distribution("U(2, 1)"), Err(DistError::InconsistentParameters { .. })));
    assert!(matches!(parse_distribution("N 0 1"), Err(DistError::Syntax { .. })));
    assert!(matches!(Discrete::new(vec![0.5, f64::NAN]), Err(DistError::BadEntry { index: 1, .. })));
}

#[test]
fn symbolic_log_densities_evaluate_to_ln_pdf() {
    for text in [
        "N(0.5, 1.5)",
        "Laplace(-1, 0.7)",
        "Logistic(0.3, 2)",
        "Cauchy(1, 0.5)",
        "T(3, 0.2, 1.3)",
        "Exp(2)",
        "Gamma(2.5, 1.5)",
        "LogN(0.1, 0.6)",
        "Beta(2, 3)",
        "U(-1, 3)",
    ] {
        let d = parse_distribution(text).unwrap();
        let c = d.as_continuous().unwrap();
        let free: Vec<String> = c.log_density_expr().free_symbols().iter().map(|s| s.to_string()).collect();
        let mut names: Vec<String> = c.params().iter().map(|(n, _)| n.to_string()).collect();
        names.push("x".into());
        for f in &free {
            assert!(names.contains(f), "{text}: unexpected symbol {f}");
        }
        let f = Compiled::new(&c.log_density_at_params(), &["x"]).unwrap();
        let x = 0.45;
        assert!((f.eval(&[x]) - c.ln_pdf(x)).abs() < 1e-13, "{text}");
    }
}

#[test]
fn sampling_is_reproducible_and_inside_the_support() {
    use rand::SeedableRng;
    for text in ["N(0, 1)", "Gamma(0.5, 2)", "Beta(0.5, 0.5)", "U(2, 3)", "T(1)", "[0.3, 0.7]"] {
        let d: Distribution = parse_distribution(text).unwrap();
        let mut a = rand::rngs::StdRng::seed_from_u64(1);
        let mut b = rand::rngs::StdRng::seed_from_u64(1);
        for _ in 0..1000 {
            let x = d.sample(&mut a);
            assert_eq!(x, d.sample(&mut b));
            match d.as_continuous() {
                Some(c) => {
                    let (lo, hi) = c.support();
                    assert!(x >= lo && x <= hi && x.is_finite(), "{text}: {x}");
                }
                None => assert!(x == 0.0 || x == 1.0),
            }
        }
    }
}
