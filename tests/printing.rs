//! The infix and LaTeX printers on a table of expressions, and parse error messages, as
//! snapshots (`snapshots/printing_table.snap`, `snapshots/parse_errors.snap`).

use fdiv::expr::Expr;
use fdiv::expr::exact::fold_constants;

/// Every operator and function, the catalogue generators and typical integrands.
const TABLE: [&str; 45] = [
    // the catalogue generators
    "u*log(u)",
    "-log(u)",
    "(u-1)^2",
    "(1-u)^2/u",
    "(sqrt(u)-1)^2",
    "1/2*abs(u-1)",
    "1/2*(u*log(u) - (u+1)*log((u+1)/2))",
    "(u-1)*log(u)",
    "(u-1)^2/(u+1)",
    "(u^alpha - 1 - alpha*(u-1))/(alpha*(alpha-1))",
    // integrands
    "p*log(p/q)",
    "(sqrt(p)-sqrt(q))^2",
    "q*(p/q)*log(p/q)",
    "q*((p/q)^2 - 1)",
    "1/2*abs(p - q)",
    // signs and powers
    "a - (-b)",
    "u^-1",
    "u^(-3/2)",
    "-u^2",
    "(-u)^2",
    "2^3^2",
    "(a^b)^c",
    "2*3^u",
    "x^2*(-3)",
    "-(u + 1)",
    "u - (v - w)",
    "-0.5*u + 0.001",
    // fractions
    "1/(1 + u)/2",
    "(p/q)/(q/p)",
    "((u + 1)/2)^alpha",
    "u^(1/2) + sqrt(u + 1)",
    // functions
    "log(u*v) + log(2*u) + log(u^2)",
    "log(u)^2 + exp(u)^2 + sqrt(u)^3",
    "exp(-x^2/2)/sqrt(2*pi)",
    "e^u - exp(1)",
    "min(u, 1) + max(u, 1/u)",
    "lgamma(k + 1) - digamma(k)",
    "lambertw(exp(t - 1))",
    "log((m1 - m2)^2/(s1*s2)) + alpha_2*theta0",
    "abs(x - m)/s",
    // a function without parentheses followed by a factor
    "log(u)*v",
    "exp(u)*log(v)*w",
    "-log(p)*q",
    "1/(1 + u)/2*u",
    "2*0.5 - (-3)/4",
];

#[test]
fn printing_table() {
    let mut out = String::from("input | infix | latex\n");
    for text in TABLE {
        let e = Expr::parse(text).unwrap();
        let printed = e.to_string();
        // the infix form re-parses to the same expression
        let back = Expr::parse(&printed).unwrap();
        assert_eq!(fold_constants(&back), fold_constants(&e), "{text} printed as {printed}");
        out.push_str(&format!("{text} | {printed} | {}\n", e.to_latex()));
    }
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("printing_table", out);
    });
}

/// Bad inputs, each a different error.
const BAD: [&str; 19] = [
    "",
    "u*log(u",
    "2u",
    "u + * 2",
    "lgo(u)",
    "min(u)",
    "log(u, 2)",
    "log + 1",
    "u $ 2",
    "u)",
    "(u - 1)^",
    "α·u € 2",
    "1e100000",
    "2..5",
    "u^^2",
    "sqrt()",
    "max(u,)",
    "foo(u)",
    "lambrtw(u)",
];

#[test]
fn parse_errors() {
    let mut out = String::new();
    for text in BAD {
        let err = Expr::parse(text).unwrap_err();
        out.push_str(&err.render(text));
        out.push_str("\n\n");
    }
    insta::with_settings!({snapshot_path => "../snapshots", prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("parse_errors", out);
    });
}
