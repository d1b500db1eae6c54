//! Transcripts of REPL sessions through the command language, and through the built binary over a
//! pipe. Each transcript is an insta snapshot in snapshots/; timings are redacted.

use std::io::Write;
use std::process::{Command, Stdio};

use fdiv::repl::Session;

/// Runs `lines` in a fresh session and renders what a user sees: the prompt and the command, then
/// the answer or the error.
fn transcript(lines: &[&str]) -> String {
    let mut session = Session::new();
    let mut out = String::new();
    for line in lines {
        out.push_str(&format!("fdiv> {line}\n"));
        match session.execute(line) {
            Ok(answer) if answer.text.is_empty() => {}
            Ok(answer) => out.push_str(&format!("{}\n", answer.text)),
            Err(error) => out.push_str(&format!("error: {error}\n")),
        }
    }
    out
}

fn check(name: &str, lines: &[&str]) {
    let text = transcript(lines);
    insta::with_settings!({
        snapshot_path => "../snapshots",
        prepend_module_to_snapshot => false,
        filters => vec![
            (r"\d+ runs: median .*", "[runs: median and spread]"),
            (r"\n\d\.\d+e-?\d+\n", "\n[seconds]\n"),
            // error estimates and evaluation counts depend on floating-point details of the platform
            (r"± [0-9.e-]+ \(\d+ evaluations\)", "± [error] ([n] evaluations)"),
        ],
    }, {
        insta::assert_snapshot!(name, text);
    });
}

#[test]
fn transcript_bindings_and_evaluation() {
    check(
        "repl_bindings",
        &[
            "help eval",
            "f = u*log(u)",
            "g(u) = 0.5*abs(u - 1)",
            "list",
            "eval f 1",
            "eval g 3/2",
            "eval f 2.5",
            "latex show g",
            "export rust f",
            "export numpy g",
            "assume alpha in (0, 1)",
            "time eval f 2",
        ],
    );
}

#[test]
fn transcript_errors_keep_the_session() {
    check(
        "repl_errors",
        &[
            "f = u*log(u)",
            "g = u*log(",
            "h = 2u",
            "k = lgo(u)",
            "chekc f",
            "eval nothing 2",
            "eval f 0",
            "assume alpha in (1, 0)",
            "log = u",
            "list",
        ],
    );
}

#[test]
fn transcript_families() {
    // every family of the registry is reached: closed forms of the discrete families, numeric
    // D between probability vectors written as Bernoulli and Cat, sampling from the counts
    check(
        "repl_families",
        &[
            "derive kl Norm(m1, s1) Norm(m2, s2)",
            "derive kl Poisson(a) Poisson(b)",
            "derive kl Geom(p1) Geom(p2)",
            "derive kl Bernoulli(p1) Bernoulli(p2)",
            "derive kl Cat(1/2, 1/4, 1/4) [1/4, 1/4, 1/2]",
            "derive kl Poisson(2) N(0, 1)",
            "derive kl Cauchy(a, b) Cauchy(c, d)",
            "D kl Bernoulli(0.3) Bernoulli(0.5)",
            "D kl Cat(0.2, 0.8) [0.5, 0.5]",
            "D kl Poisson(1) Poisson(2)",
            "sample Pois(3) 1000 as ks",
            "sample Geom(0.25) 1000 as gs",
            "fit Poisson kl ks",
        ],
    );
}

#[test]
fn transcript_divergences() {
    check(
        "repl_divergences",
        &[
            "help conventions",
            "kl = u*log(u)",
            "tv = 1/2*abs(u - 1)",
            "D kl N(0,1) N(1,2)",
            "D kl N(1,2) N(0,1)",
            "D tv N(0,1) N(1,2)",
            "D kl U(0,2) U(0,1)",
            "D tv U(0,2) U(0,1)",
            "D (u - 1)^2 N(0,1) N(0,0.5)",
            "D kl [0.2, 0.5, 0.3] [0.4, 0.4, 0.2]",
            "D kl N(0,0) N(0,1)",
            "D kl Nrmal(0,1) N(0,1)",
            "D kl [0.5, 0.6] [0.5, 0.5]",
        ],
    );
}

#[test]
fn transcript_derivations() {
    check(
        "repl_derivations",
        &[
            "f = u*log(u)",
            "derive f",
            "latex derive f",
            "derive reverse-kl",
            "derive hellinger",
            "simplify q*(p/q)*log(p/q)",
            "g = tv",
            "derive g",
            "export rust derive g",
        ],
    );
}

#[test]
fn transcript_checks() {
    check(
        "repl_checks",
        &[
            "kl = u*log(u)",
            "check kl",
            "mine = u^3 - 1",
            "check mine",
            "check sqrt(u) - 1",
            "check u^2",
            "diff kl",
            "check tv",
            "check u*log(u) + digamma(u)",
            "g = u*log(u) - u + 1",
            "same kl g",
            "same kl (u - 1)^2",
        ],
    );
}

/// A symbolic parameter is checked for every value of its assumed range.
#[test]
fn transcript_symbolic_parameter() {
    check(
        "repl_symbolic_parameter",
        &[
            "alpha = (u^a - 1 - a*(u - 1))/(a*(a - 1))",
            "check alpha",
            "assume a in (0, 1)",
            "check alpha",
            "assume a in (0, 2)",
            "check alpha",
            "assume t in (0, 1)",
            "check 1 - u^t",
        ],
    );
}

#[test]
fn transcript_generative_loop() {
    check(
        "repl_generative_loop",
        &[
            "sample Mix([0.5, 0.5], N(-3,1), N(3,1)) 2000 as xs",
            "fit N kl xs",
            "fit N reverse-kl xs",
            "estimate kl xs N(0,3)",
            "sample N(0,1) 2000 as ys",
            "estimate js xs ys",
            "bound kl xs ys",
            "estimate kl missing N(0,1)",
            "D kl Mix([0.5, 0.5], N(-3,1), N(3,1)) N(0,3.1622776601683795)",
            "D reverse-kl Mix([0.5, 0.5], N(-3,1), N(3,1)) N(3,1)",
            "D kl Mix([0.5, 0.5], N(-3,1), N(3,1)) [0.5, 0.5]",
        ],
    );
}

/// `fit` over the families and the two-layer network: the text rounds every number (4 decimals
/// for θ and divergences, 3 for the network), so the snapshot is stable across platforms.
#[test]
fn transcript_fitting_families() {
    check(
        "repl_fit_families",
        &[
            "help fit",
            "sample Laplace(1,2) 2000 as xs",
            "fit Laplace kl xs",
            "fit Laplace tv xs",
            "fit Logistic kl xs",
            "fit Cauchy kl xs",
            "sample T(3, 1, 2) 2000 as heavy",
            "fit T(3) kl heavy",
            "fit T(3) js heavy",
            "sample U(-1, 3) 2000 as flat",
            "fit U kl flat",
            "fit U js flat",
            "sample Exp(2) 2000 as times",
            "fit Exp kl times",
            "fit Exponential reverse-kl times",
            "fit Gamma kl times",
            "sample LogN(0.5, 0.7) 2000 as sizes",
            "fit LogN kl sizes",
            "fit LogN js sizes",
            "sample Gamma(2,1) 2000 as skewed",
            "fit net kl skewed 2",
            // uniform draws are exact arithmetic on the generator's bits: the value shown is the same everywhere
            "sample U(-1,1) 100 as signed",
            "fit Exp kl signed",
            "fit LogN kl signed",
            "fit Beta kl times",
            "fit T kl heavy",
            "fit U pearson flat",
            "fit Weibull kl times",
            "fit net js skewed",
            "fit net kl skewed 40",
            "fit Laplace kl",
        ],
    );
}

/// The JSON of `fit`: θ named as in the family's constructor; the network's θ by layer.
#[test]
fn fit_json_names_the_parameters() {
    let mut session = Session::new();
    let mut run = |line: &str| session.execute(line).expect(line).json;
    run("sample Laplace(1,2) 2000 as xs");
    let laplace = run("fit Laplace kl xs");
    let keys: Vec<&String> = laplace["theta"].as_object().expect("an object").keys().collect();
    assert_eq!(keys, ["loc", "scale"]);
    assert!((laplace["theta"]["scale"].as_f64().expect("a number") - 2.0).abs() < 0.2);
    assert_eq!(laplace["family"], "Laplace");
    assert!(laplace["divergence"].is_f64());
    run("sample Gamma(3,2) 2000 as ys");
    for (family, names) in [
        ("Exp", &["rate"][..]),
        ("Gamma", &["rate", "shape"]),
        ("LogN", &["mu", "sigma"]),
        ("T(3)", &["df", "loc", "scale"]),
        ("U", &["a", "b"]),
    ] {
        let fit = run(&format!("fit {family} kl ys"));
        let keys: Vec<&String> = fit["theta"].as_object().expect("an object").keys().collect();
        assert_eq!(keys, names, "{family}");
    }
    // N goes the families' way: θ {mean, sd}, named objective and stop reason
    let normal = run("fit N kl xs");
    let keys: Vec<&String> = normal.as_object().expect("an object").keys().collect();
    assert_eq!(keys, ["divergence", "family", "iterations", "objective", "stop", "theta"]);
    let theta: Vec<&String> = normal["theta"].as_object().expect("an object").keys().collect();
    assert_eq!(theta, ["mean", "sd"]);
    assert_eq!((normal["family"].as_str(), normal["objective"].as_str()), (Some("N"), Some("maximum-likelihood")));
    let reverse = run("fit N reverse-kl xs");
    assert_eq!(reverse["objective"], "kde-plug-in");
    assert!(reverse["bandwidth"].as_f64().is_some_and(|h| h > 0.0));
    let net = run("fit net kl ys 2");
    assert_eq!(net["hidden"], 2);
    for layer in ["w", "b", "a"] {
        assert_eq!(net["theta"][layer].as_array().expect("an array").len(), 2, "{layer}");
    }
    assert!(net["theta"]["c"].is_f64() && net["divergence"].is_f64());
    assert_eq!(net["quantiles"]["model"].as_array().expect("quantiles").len(), 5);
}

/// The README's tour, kept true: README.md shows this transcript.
#[test]
fn transcript_readme_tour() {
    check(
        "repl_tour",
        &[
            "f = u*log(u)",
            "derive f",
            "check f",
            "D f N(0,1) N(1,2)",
            "D f U(0,2) U(0,1)",
            "mine = (u - 1)^2/(u + 1)",
            "check sqrt(u) - 1",
            "derive js",
            "derive kl Exp(a) Exp(b)",
            "conj pearson",
            "sample Mix([0.5, 0.5], N(-3,1), N(3,1)) 2000 as xs",
            "fit N kl xs",
            "fit N reverse-kl xs",
        ],
    );
}

/// Runs the built `fdiv` binary with `args`, feeding `input` on stdin.
fn run_binary(args: &[&str], input: &str) -> (String, String, i32) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fdiv"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the fdiv binary runs");
    child.stdin.take().expect("piped stdin").write_all(input.as_bytes()).expect("write stdin");
    let output = child.wait_with_output().expect("fdiv finishes");
    let text = |bytes: Vec<u8>| String::from_utf8(bytes).expect("utf-8 output");
    (text(output.stdout), text(output.stderr), output.status.code().unwrap_or(-1))
}

#[test]
fn pipe_without_prompts_and_tail_gives_the_result() {
    let (out, err, code) = run_binary(&[], "f = (u - 1)^2\neval f 3\n");
    assert_eq!(out.lines().last(), Some("4"), "{out}");
    assert!(!out.contains("fdiv>"), "no prompts on a pipe: {out}");
    assert_eq!((err.as_str(), code), ("", 0));
}

#[test]
fn pipe_errors_go_to_stderr_and_set_the_exit_status() {
    let (out, err, code) = run_binary(&[], "f = u*log(\nf = u\n");
    assert_eq!(out, "f(u) = u\nu\n");
    assert_eq!(err, "error: expected an operand, found end of input\n  f = u*log(\n            ^\n");
    assert_eq!(code, 1);
}

#[test]
fn json_eval_arguments_run_in_order() {
    let (out, _, code) = run_binary(&["--json", "--eval", "f = u*log(u)", "--eval", "eval f 1"], "");
    assert_eq!(out, "{\"bound\":\"f\",\"expr\":\"u*log(u)\",\"recognised\":\"kl\"}\n{\"exact\":\"0\",\"value\":0.0}\n");
    assert_eq!(code, 0);
    let (out, _, code) = run_binary(&["--json", "--eval", "f = u*log("], "");
    let object: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON object");
    assert!(object["error"].as_str().is_some_and(|m| m.contains("expected an operand")));
    assert_eq!(code, 1);
}

#[test]
fn bad_arguments_exit_with_status_2() {
    let (_, err, code) = run_binary(&["--frobnicate"], "");
    assert!(err.contains("unknown argument"));
    assert_eq!(code, 2);
}

#[test]
fn plot_writes_an_svg_file() {
    let dir = std::env::temp_dir().join(format!("fdiv-plot-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut session = Session::with_plot_dir(&dir);
    session.execute("kl = u*log(u)").expect("bind");
    let answer = session.execute("plot kl 3").expect("plot");
    let path = answer.json["path"].as_str().expect("a path");
    let svg = std::fs::read_to_string(path).expect("the file exists");
    assert!(svg.starts_with("<svg") && svg.contains("<polyline"));
    assert!(session.execute("plot kl -1").is_err());
    let answer = session.execute("plot D kl N(0,1) N(1,2)").expect("plot D");
    let svg = std::fs::read_to_string(answer.json["path"].as_str().expect("a path")).expect("the file exists");
    assert!(svg.matches("<polyline").count() >= 3, "p, q and the integrand");
    assert!(session.execute("plot D kl [0.5, 0.5] N(0,1)").is_err());
    std::fs::remove_dir_all(&dir).ok();
}

/// README.md shows the tour transcript exactly as the snapshot has it.
#[test]
fn readme_shows_the_tour_snapshot() {
    let root = env!("CARGO_MANIFEST_DIR");
    let snap = std::fs::read_to_string(format!("{root}/snapshots/repl_tour.snap")).unwrap();
    // the body follows the second `---` line of insta's header
    let body = snap.splitn(3, "---\n").nth(2).unwrap().trim();
    let readme = std::fs::read_to_string(format!("{root}/README.md")).unwrap();
    assert!(readme.contains(body), "README.md's tour differs from snapshots/repl_tour.snap: copy the snapshot's body");
}

/// `conj` says how f'(u) = t was solved, and never passes a boundary piece off as f*.
#[test]
fn conj_names_its_inversion_and_refuses_a_partial_answer() {
    let mut session = Session::new();
    let jeffreys = session.execute("conj jeffreys").unwrap();
    assert_eq!(jeffreys.json["inversion"]["method"], "lambertw");
    assert_eq!(jeffreys.json["inversion"]["root"], "1/lambertw(exp(1 - t))");
    assert_eq!(session.execute("conj kl").unwrap().json["inversion"]["method"], "rules");
    // total variation: only the piece t ≤ −1/2 is symbolic; f*(t) = t between is not shown as −1/2
    let tv = session.execute("conj tv").unwrap_err().to_string();
    assert!(tv.contains("not invertible") && tv.contains("known: f*(t) = -1/2 for t <= -0.5"), "{tv}");
    assert_eq!(session.execute("conj tv 0.25").unwrap().json["value"], 0.25);
    // a generator that ends in a number is read whole; an affine one has no interior piece
    let affine = session.execute("conj u - 1").unwrap();
    assert_eq!((affine.json["result"].as_str(), affine.json["effective_domain"].as_str()), (Some("1"), Some("t <= 1")));
    assert!(session.execute("conj (sqrt(u) - 2)^2 - 1").unwrap().json["inversion"].is_object());
    // the pieces assume convexity: a concave f is an error with its witness
    let concave = session.execute("conj log(u)").unwrap_err().to_string();
    assert!(concave.contains("not convex") && concave.contains("u1 = 1/2"), "{concave}");
}

/// README.md's command table and the REPL's command table ([`fdiv::repl::COMMANDS`]) list the
/// same commands: every command the README shows exists, and every command is shown.
#[test]
fn readme_command_table_matches_the_command_table() {
    let root = env!("CARGO_MANIFEST_DIR");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).expect("README.md");
    let section = readme.split("### Commands").nth(1).expect("a Commands section in README.md");
    let section = section.split("\n## ").next().unwrap_or(section);
    let mut shown = std::collections::BTreeSet::new();
    for row in section.lines().filter(|l| l.starts_with("| `")) {
        let first_cell = row.trim_start_matches('|').split(" | ").next().unwrap_or_default();
        for snippet in first_cell.split('`').skip(1).step_by(2) {
            let word =
                if snippet.contains(" = ") { "=" } else { snippet.split_whitespace().next().unwrap_or_default() };
            let command = fdiv::repl::table::find(word).or_else(|| fdiv::repl::table::entry(word));
            let command = command.unwrap_or_else(|| panic!("README.md shows `{snippet}`, which is no command"));
            shown.insert(command.name);
        }
    }
    for command in fdiv::repl::COMMANDS {
        assert!(shown.contains(command.name), "README.md's command table does not show '{}'", command.name);
    }
}

/// `conj f at t` reads t apart from the generator, negative t included: `conj kl -1` used to be
/// read as the conjugate of u*log(u) - 1 (issue 15).
#[test]
fn conj_at_a_negative_t_answers_that_question() {
    let mut session = Session::new();
    let value = |session: &mut Session, line: &str| session.execute(line).unwrap().json["value"].as_f64().unwrap();
    // KL: f*(t) = exp(t - 1), so f*(-1) = exp(-2) (python3 -c "import math; print(math.exp(-2))")
    for line in ["conj kl at -1", "conj u*log(u) at -1", "conj u*log(u) at -2/2"] {
        assert!((value(&mut session, line) - 0.1353352832366127).abs() < 1e-12, "{line}");
    }
    // reverse KL: f*(t) = -1 - log(-t) for t < 0, +inf for t >= 0
    assert!((value(&mut session, "conj -log(u) at -1") + 1.0).abs() < 1e-12);
    assert_eq!(session.execute("conj -log(u) at 1").unwrap().json["value"], "inf");
    session.execute("f = u*log(u)").unwrap();
    assert!((value(&mut session, "conj f at -1") - 0.1353352832366127).abs() < 1e-12);
    // without `at`, a trailing number is still t when it cannot be part of the generator
    assert!((value(&mut session, "conj kl 0.5") - (-0.5f64).exp()).abs() < 1e-12);
    assert!(matches!(session.execute("conj kl at"), Err(fdiv::repl::ReplError::Usage(_))));
    assert!(matches!(session.execute("conj at 1"), Err(fdiv::repl::ReplError::Usage(_))));
}
