//! The typed outcomes of the commands: what each command's `--json` object holds.
//!
//! Every handler builds one of these and the [`super::Answer`] serialises it with serde, so the
//! JSON contract (README.md's table, checked by `tests/json_contract.rs`) is written down here as
//! types: field names are the struct fields, kinds of things are kebab-case strings (never Rust
//! `Debug` text), and a number that may be infinite is a [`Number`] (`"inf"` in JSON).
//! Optional fields marked `skip_serializing_if` are absent, not `null`, when they do not apply.

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};

use crate::simplify::Derivation;

/// A number that may be infinite: JSON has no infinity, so ±∞ is written `"inf"` / `"-inf"`
/// (and NaN, which no command should produce, `"nan"` rather than a silent `null`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Number(pub f64);

impl Serialize for Number {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            x if x.is_finite() => serializer.serialize_f64(x),
            f64::INFINITY => serializer.serialize_str("inf"),
            f64::NEG_INFINITY => serializer.serialize_str("-inf"),
            _ => serializer.serialize_str("nan"),
        }
    }
}

/// `f = <expr>`: the binding, its expression, and the catalogue entry it is the same as.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bound {
    /// The name bound.
    pub bound: String,
    /// f(u), infix that re-parses.
    pub expr: String,
    /// The catalogue name of the same divergence, if recognised.
    pub recognised: Option<&'static str>,
}

/// `list`: bindings, assumptions and the catalogue, each name → text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Listing {
    /// Bound generators: name → f(u).
    pub bindings: BTreeMap<String, String>,
    /// Declared ranges: name → `(0, inf)`.
    pub assumptions: BTreeMap<String, String>,
    /// The catalogue: name → f(u).
    pub catalogue: BTreeMap<String, String>,
}

/// `show f`: a generator's expression.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Shown {
    /// f(u), infix.
    pub expr: String,
}

/// `unbind f`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unbound {
    /// The name forgotten.
    pub unbound: String,
}

/// `clear`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cleared {
    /// Always true.
    pub cleared: bool,
}

/// `quit`, `exit`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quit {
    /// Always true: the shell stops reading.
    pub quit: bool,
}

/// `assume a in (0, 1)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assumed {
    /// The parameter.
    pub assumed: String,
    /// Its range, as `assume` reads it back: `(0, 1]`.
    pub range: String,
}

/// `eval f u` and `conj f t`: a value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Evaluated {
    /// The value (`"inf"` for f*(t) outside the effective domain).
    pub value: Number,
    /// `eval`: the exact value, when it is rational.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exact: Option<String>,
    /// `conj f t`: the point t.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub t: Option<f64>,
}

/// `latex <command>`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Latex {
    /// The LaTeX of the inner command's result.
    pub latex: String,
}

/// `export rust|numpy <command>`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Code {
    /// The function's source.
    pub code: String,
    /// `rust` or `numpy`.
    pub language: String,
}

/// `time <command>`: seconds per run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Timing {
    /// The median.
    pub median_s: f64,
    /// How many runs.
    pub runs: usize,
    /// The 10th percentile.
    pub p10_s: f64,
    /// The 90th percentile.
    pub p90_s: f64,
}

/// One step of a derivation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    /// The rule's stable kebab-case name.
    pub rule: String,
    /// The side conditions the step relied on.
    pub conditions: Vec<String>,
    /// The whole expression after the step, infix.
    pub expr: String,
}

/// A derivation's steps.
pub fn steps(derivation: &Derivation) -> Vec<Step> {
    derivation
        .steps
        .iter()
        .map(|s| Step { rule: s.rule.clone(), conditions: s.conditions.clone(), expr: s.expr.to_string() })
        .collect()
}

/// `derive`, `simplify`, `diff`, `dual`: a derivation and its result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Derived {
    /// The result, infix that re-parses, or `inf` (a closed form that is +∞).
    pub result: String,
    /// The steps.
    pub steps: Vec<Step>,
    /// Whether simplification finished within its work limits (absent for +∞).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub complete: Option<bool>,
    /// `derive f P Q`: the conditions under which the closed form holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conditions: Option<Vec<String>>,
    /// `derive f P Q` equal to +∞: why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// `dual`: `yes`, `no` or `unknown`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub symmetric: Option<&'static str>,
}

impl Derived {
    /// A finished or partial derivation, with no extra fields.
    pub fn of(derivation: &Derivation) -> Derived {
        Derived {
            result: derivation.result.to_string(),
            steps: steps(derivation),
            complete: Some(derivation.complete),
            conditions: None,
            reason: None,
            symmetric: None,
        }
    }
}

/// `same f g`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sameness {
    /// `same`, `different` or `unknown`.
    pub result: &'static str,
    /// The evidence when the same.
    pub steps: Vec<Step>,
}

/// One verdict of `check`, with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Detail {
    /// Proved, with the certificate as text.
    Proved {
        /// The certificate.
        certificate: String,
    },
    /// Refuted, with the witness as text.
    Refuted {
        /// The witness.
        witness: String,
    },
    /// Not decided.
    Unknown {
        /// Why.
        reason: String,
    },
}

/// The three verdicts of `check`, with their evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Details {
    /// f(1) = 0.
    pub normalised: Detail,
    /// Convexity on (0, ∞).
    pub convex: Detail,
    /// Lower semicontinuity.
    pub lsc: Detail,
}

/// `check f`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Checked {
    /// f as checked, infix.
    pub f: String,
    /// `proved`, `refuted` or `unknown`.
    pub normalised: &'static str,
    /// `proved`, `refuted` or `unknown`.
    pub convex: &'static str,
    /// `proved`, `refuted` or `unknown`.
    pub lsc: &'static str,
    /// f(0+): infix, or `inf`.
    pub f0: String,
    /// f'(∞): infix, or `inf`.
    pub slope_inf: String,
    /// The first refutation's witness.
    pub witness: Option<String>,
    /// The first unknown's reason.
    pub reason: Option<String>,
    /// Normalised variants of f when f(1) ≠ 0.
    pub fixes: Vec<String>,
    /// The overall verdict: `proved`, `refuted` or `unknown`.
    pub valid: &'static str,
    /// Each verdict with its evidence.
    pub details: Details,
}

/// `D f P Q`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Divergence {
    /// D_f(P‖Q), or `inf`.
    pub value: Number,
    /// The quadrature's error estimate (0 for +∞).
    pub abs_error: Number,
    /// Integrand evaluations.
    pub evals: u64,
    /// For +∞: whether it rests on numbers only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numerical_evidence: Option<bool>,
}

/// A piece of the conjugate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Piece {
    /// f*(t) there, in `t`.
    pub value: String,
    /// Where, as text: `t <= -2`, `all real t`.
    pub domain: String,
}

/// How f'(u) = t was inverted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inversion {
    /// `rules` or `lambertw`.
    pub method: &'static str,
    /// The form of f' inverted.
    pub form: String,
    /// The root u*(t).
    pub root: String,
}

/// `conj f`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conjugated {
    /// The interior piece, in `t`.
    pub result: String,
    /// Where the interior piece holds.
    pub domain: String,
    /// Where f* is finite.
    pub effective_domain: String,
    /// All pieces, in increasing t.
    pub pieces: Vec<Piece>,
    /// The derivation of the interior piece, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub steps: Option<Vec<Step>>,
    /// How f'(u) = t was solved, when it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inversion: Option<Inversion>,
}

/// `plot …`: the file written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plotted {
    /// The SVG's path.
    pub path: String,
}

/// `sample P n as xs`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sampled {
    /// The sample set's name.
    pub sampled: String,
    /// How many draws.
    pub n: usize,
    /// Their mean.
    pub mean: Number,
    /// Their standard deviation (1/(n − 1)).
    pub sd: Number,
    /// The seed of the draw.
    pub seed: u64,
}

/// `estimate f xs Q`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimated {
    /// The estimate of D_f.
    pub value: Number,
    /// One bootstrap standard error.
    pub abs_error: Number,
    /// `knn-kl`, `knn-entropy` or `kde-plug-in`.
    pub method: &'static str,
    /// The neighbour order of the k-NN methods.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub k: Option<usize>,
    /// The bandwidth of the kernel plug-in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bandwidth: Option<f64>,
}

/// `bound f xs ys`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VariationalBound {
    /// The lower bound.
    pub value: Number,
    /// One bootstrap standard error.
    pub abs_error: Number,
    /// Always `variational`.
    pub method: &'static str,
    /// The critic's coefficients (a, b, c) of exp(a + b·x + c·x²).
    pub theta: [f64; 3],
}

/// `fit <family> f xs`, `fit N f xs` included.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FamilyFitted {
    /// The family's short name: `N`, `Laplace`, `T`, `Exp`, …
    pub family: &'static str,
    /// θ*, named as in the constructor.
    pub theta: BTreeMap<&'static str, f64>,
    /// The estimated D_f(P_xs‖P_θ*).
    pub divergence: Number,
    /// Nelder–Mead iterations.
    pub iterations: usize,
    /// `maximum-likelihood` or `kde-plug-in`.
    pub objective: &'static str,
    /// The kernel's bandwidth, for `kde-plug-in` (in log space for the families on (0, ∞)).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bandwidth: Option<f64>,
    /// Why the optimiser stopped: `converged` or `budget`.
    pub stop: &'static str,
}

/// The network's θ by layer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetworkTheta {
    /// Input weights, one per hidden unit.
    pub w: Vec<f64>,
    /// Biases, one per hidden unit.
    pub b: Vec<f64>,
    /// Output weights, one per hidden unit.
    pub a: Vec<f64>,
    /// The output offset.
    pub c: f64,
}

/// Quantiles of the data and of the fitted model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantiles {
    /// The probabilities.
    pub p: Vec<f64>,
    /// The data's quantiles.
    pub data: Vec<f64>,
    /// The model's, from fresh draws.
    pub model: Vec<f64>,
}

/// `fit net kl xs [hidden]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetworkFitted {
    /// θ* by layer.
    pub theta: NetworkTheta,
    /// k-NN KL at θ*.
    pub divergence: Number,
    /// Hidden units.
    pub hidden: usize,
    /// Nelder–Mead iterations.
    pub iterations: usize,
    /// Always `knn-kl`.
    pub objective: &'static str,
    /// The neighbour order.
    pub k: usize,
    /// Model samples per objective evaluation.
    pub model_draws: usize,
    /// Why the optimiser stopped: `converged` or `budget`.
    pub stop: &'static str,
    /// Quantiles of the data and the model.
    pub quantiles: Quantiles,
}

/// `help`: the command names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HelpIndex {
    /// Every command, in the table's order (`=` for binding).
    pub help: Vec<&'static str>,
}

/// `help <command>`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HelpEntry {
    /// The command.
    pub help: &'static str,
    /// Its usage.
    pub usage: &'static str,
    /// Its example, lines separated by newlines.
    pub example: &'static str,
}

/// `help conventions`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HelpText {
    /// The topic.
    pub help: &'static str,
    /// The text.
    pub text: &'static str,
}

/// A failed command's object in `--json` mode, `{"error": message}`: the message as the text
/// mode prints it after `error: `. Built directly, so it cannot fail to serialise.
pub fn failure(message: impl Into<String>) -> serde_json::Value {
    let mut object = serde_json::Map::new();
    object.insert("error".to_string(), serde_json::Value::String(message.into()));
    serde_json::Value::Object(object)
}
