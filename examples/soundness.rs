//! The large soundness run of the generator checker.
//!
//! `cargo run --release --example soundness -- --cases N [--seed S]`
//!
//! Two sets of N generators each:
//!
//! - *random*: random expressions in u (sums, products, quotients, log, sqrt, abs, max, squares,
//!   exp), convex or not;
//! - *disguised*: convex by construction — nonnegative combinations of convex atoms (x log x,
//!   −log x, x², 1/x, x³, exp(x/4), |x − c|, max(x, c), −√x) composed with affine maps
//!   x = αu + β (α > 0, β ≥ 0), with the rational parts expanded and combined over one denominator,
//!   products distributed over logs, and f(1) subtracted.
//!
//! For every `Proved` convexity the generator is checked numerically on a dense log grid and
//! random Jensen triples; every `Refuted` witness is re-checked exactly; a `Refuted` on the
//! disguised set is a contradiction. Prints the counts and every contradiction
//! (`FDIV_SHOW_UNKNOWN=1` also lists the unknowns with their reasons, `FDIV_SHOW_SLOW=1` the
//! checks slower than 50 ms).

use fdiv::expr::exact::eval;
use fdiv::expr::{Expr, Rational};
use fdiv::numeric::Compiled;
use fdiv::poly::RationalFunction;
use fdiv::verify::{Verdict, Witness, check_expr};

#[path = "../tests/support/convexity.rs"]
mod convexity;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn random_expr(rng: &mut Rng, depth: u32) -> String {
    if depth == 0 || rng.below(4) == 0 {
        return match rng.below(4) {
            0 | 1 => "u".into(),
            2 => format!("{}", 1 + rng.below(3)),
            _ => "(1/2)".into(),
        };
    }
    let a = random_expr(rng, depth - 1);
    match rng.below(10) {
        0 => format!("({a} + {})", random_expr(rng, depth - 1)),
        1 => format!("({a} - {})", random_expr(rng, depth - 1)),
        2 => format!("({a} * {})", random_expr(rng, depth - 1)),
        3 => format!("({a} / {})", random_expr(rng, depth - 1)),
        4 => format!("log({a})"),
        5 => format!("sqrt({a})"),
        6 => format!("abs({a} - 1)"),
        7 => format!("max({a}, {})", random_expr(rng, depth - 1)),
        8 => format!("({a})^2"),
        _ => format!("exp({a}/4)"),
    }
}

/// A convex generator in disguise: (text, expected convex).
fn disguised(rng: &mut Rng) -> String {
    let small = |rng: &mut Rng| Rational::new(1 + rng.below(4) as i64, 1 + rng.below(3) as i64);
    let mut rational_part = String::from("0");
    let mut other: Vec<String> = Vec::new();
    for _ in 0..1 + rng.below(3) {
        let alpha = small(rng);
        let beta = if rng.below(2) == 0 { Rational::zero() } else { small(rng) };
        let c = small(rng);
        let x = if beta.is_zero() { format!("{alpha}*u") } else { format!("({alpha}*u + {beta})") };
        match rng.below(9) {
            0 => {
                // c·x·log x, distributed: c·α·u·log x + c·β·log x
                other.push(format!("{}*u*log({x})", c.checked_mul(&alpha).unwrap()));
                if !beta.is_zero() {
                    other.push(format!("{}*log({x})", c.checked_mul(&beta).unwrap()));
                }
            }
            1 => other.push(format!("-{c}*log({x})")),
            2 => rational_part = format!("{rational_part} + {c}*{x}^2"),
            3 => rational_part = format!("{rational_part} + {c}/{x}"),
            4 => rational_part = format!("{rational_part} + {c}*{x}^3"),
            5 => other.push(format!("{c}*exp({x}/4)")),
            6 => other.push(format!("{c}*abs({x} - {})", small(rng))),
            7 => other.push(format!("{c}*max({x}, {})", small(rng))),
            _ => other.push(format!("-{c}*sqrt({x})")),
        }
    }
    // the rational part expanded over one denominator
    let rational = Expr::parse(&rational_part).unwrap();
    let combined = match RationalFunction::from_expr(&rational, "u") {
        Some(rf) if rf.den.degree() == 0 => format!("({})", rf.num.to_string().replace('t', "u")),
        Some(rf) => format!("({})/({})", rf.num.to_string().replace('t', "u"), rf.den.to_string().replace('t', "u")),
        None => rational_part,
    };
    let mut f = combined;
    for t in other {
        f = format!("{f} + {t}");
    }
    // subtract f(1), written as the same expression at 1
    let at_one = Expr::parse(&f).unwrap().substitute("u", &Expr::int(1));
    format!("{f} - ({at_one})")
}

fn witness_ok(f: &Expr, w: &Witness) -> bool {
    let at = |x: &Rational| eval(f, &|_| Some(x.clone()));
    match w {
        Witness::Value { numeric, .. } => numeric.abs() > 1e-9,
        Witness::Undefined { at: x, .. } => at(x).is_err(),
        Witness::Concave { at: x, .. } => {
            let d2 = fdiv::calculus::second_derivative(f, "u").unwrap();
            Compiled::new(&d2, &["u"]).unwrap().eval(&[x.to_f64()]) < 0.0
        }
        Witness::ConcaveKink { left, right, .. } => {
            let v = |e: &Expr| Compiled::new(e, &[]).unwrap().eval(&[]);
            v(left) > v(right)
        }
        Witness::Jensen(j) if matches!(j.confirmed, fdiv::verify::Confirmation::Enclosed { .. }) => {
            use fdiv::numeric::interval::{Interval, enclose};
            let v = |x: &Rational| enclose(f, &|_| Some(Interval::of_rational(x))).range;
            let one = Rational::one();
            let l = Interval::of_rational(&j.lambda);
            let r = Interval::of_rational(&one.checked_sub(&j.lambda).unwrap());
            v(&j.mid).sub(&l.mul(&v(&j.u1)).add(&r.mul(&v(&j.u2)))).lo > 0.0
        }
        Witness::Jensen(j) => {
            let (Ok(a), Ok(m), Ok(b)) = (at(&j.u1), at(&j.mid), at(&j.u2)) else { return false };
            let one = Rational::one();
            let chord = j
                .lambda
                .checked_mul(&a)
                .unwrap()
                .checked_add(&one.checked_sub(&j.lambda).unwrap().checked_mul(&b).unwrap())
                .unwrap();
            m > chord
        }
    }
}

#[derive(Default)]
struct Counts {
    proved: usize,
    refuted: usize,
    unknown: usize,
    contradictions: Vec<String>,
}

fn run(name: &str, texts: &[String], convex_by_construction: bool) -> Counts {
    let mut c = Counts::default();
    let start = std::time::Instant::now();
    for text in texts {
        let f = Expr::parse(text).unwrap();
        let t0 = std::time::Instant::now();
        let report = check_expr(&f);
        if std::env::var("FDIV_SHOW_SLOW").is_ok() && t0.elapsed().as_millis() > 50 {
            println!("slow {:?}: {text}", t0.elapsed());
        }
        let compiled = Compiled::new(&f, &["u"]).unwrap();
        for v in [&report.normalised, &report.convex] {
            if let Some(w) = v.witness()
                && !witness_ok(&f, w)
            {
                c.contradictions.push(format!("{text}: witness fails: {w}"));
            }
        }
        if report.normalised.is_proved() && compiled.eval(&[1.0]).abs() > 1e-9 {
            c.contradictions.push(format!("{text}: f(1) = 0 proved, but f(1) = {}", compiled.eval(&[1.0])));
        }
        match &report.convex {
            Verdict::Proved(_) => {
                c.proved += 1;
                if let Some(s) = convexity::contradiction(&f) {
                    c.contradictions.push(format!("{text}: proved convex, but {s}"));
                }
            }
            Verdict::Refuted(w) => {
                c.refuted += 1;
                if convex_by_construction {
                    c.contradictions.push(format!("{text}: convex by construction, refuted: {w}"));
                }
            }
            Verdict::Unknown(reason) => {
                c.unknown += 1;
                if std::env::var("FDIV_SHOW_UNKNOWN").is_ok() {
                    println!("  unknown {text}: {reason}");
                }
            }
        }
    }
    let n = texts.len().max(1);
    println!(
        "{name}: {} generators: proved {} / refuted {} / unknown {} ({:.1}% unknown), contradictions {}, {:.1} ms total",
        texts.len(),
        c.proved,
        c.refuted,
        c.unknown,
        100.0 * c.unknown as f64 / n as f64,
        c.contradictions.len(),
        start.elapsed().as_secs_f64() * 1e3
    );
    for s in &c.contradictions {
        println!("  CONTRADICTION {s}");
    }
    c
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let value = |flag: &str, default: u64| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(default)
    };
    let cases = value("--cases", 1000) as usize;
    let mut rng = Rng(value("--seed", 0x2545f4914f6cdd1d).max(1));
    let random: Vec<String> = (0..cases).map(|_| random_expr(&mut rng, 4)).collect();
    let hidden: Vec<String> = (0..cases).map(|_| disguised(&mut rng)).collect();
    let a = run("random", &random, false);
    let b = run("disguised convex", &hidden, true);
    if !(a.contradictions.is_empty() && b.contradictions.is_empty()) {
        std::process::exit(1);
    }
}
