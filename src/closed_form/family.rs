//! Parametric families with symbolic parameters: `N(m1, s1)`, `Gamma(k, 2)`, `Poisson(l1)`.
//!
//! A [`Parametric`] is a family and one expression per parameter (a symbol such as `m1`, a number,
//! or any expression free of `x`). It knows the family's symbolic log-density (taken from
//! [`crate::dist`], the single source of the densities), which parameters must be positive (they
//! become [`Assumptions`] of the simplifier), its support, and — when every parameter is a number —
//! the numeric [`Distribution`] used to check closed forms by quadrature.

use std::fmt;

use crate::dist::{self, Continuous, Distribution};
use crate::expr::{Expr, Math, exact};
use crate::simplify::{Assumptions, Interval};

/// How far from 1 the entries of a numeric categorical may sum (as [`dist::Discrete`]).
const SUM_TOLERANCE: f64 = 1e-9;

/// The families the closed-form engine knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// N(mean, sd).
    Normal,
    /// Laplace(loc, scale).
    Laplace,
    /// Exp(rate).
    Exponential,
    /// Gamma(shape, rate).
    Gamma,
    /// LogN(mu, sigma) of the underlying Normal.
    LogNormal,
    /// Poisson(rate) on {0, 1, 2, …}.
    Poisson,
    /// Geometric(p) on {0, 1, 2, …}: P(k) = (1 − p)^k p (failures before the first success).
    Geometric,
    /// Bernoulli(p) on {0, 1}.
    Bernoulli,
    /// Categorical(p₁, …, pₙ) on {0, …, n − 1}.
    Categorical,
}

/// Where a family puts its mass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Support {
    /// The real line.
    Line,
    /// (0, ∞).
    PositiveHalfLine,
    /// {0, 1, 2, …}.
    Naturals,
    /// {0, …, n − 1}.
    Finite(usize),
}

impl Support {
    /// Whether every point of `self` is a point of `other` (for the families here).
    pub fn within(self, other: Support) -> bool {
        use Support::*;
        match (self, other) {
            (Line, Line) | (PositiveHalfLine, Line | PositiveHalfLine) | (Naturals, Naturals) => true,
            (Finite(n), Finite(m)) => n <= m,
            (Finite(_), Naturals) => true,
            _ => false,
        }
    }
}

/// Why a parametric distribution could not be read or built.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FamilyError {
    /// Unknown family name.
    #[error("unknown family '{0}' (known: N, Laplace, Exp, Gamma, LogN, Poisson, Geom, Bernoulli, Cat)")]
    UnknownFamily(String),
    /// Malformed text.
    #[error("cannot read '{text}': {message}")]
    Syntax {
        /// The text.
        text: String,
        /// What is wrong.
        message: String,
    },
    /// Wrong number of parameters.
    #[error("{family} takes {expected} parameter(s), got {found}")]
    Arity {
        /// The family.
        family: &'static str,
        /// How many it takes.
        expected: usize,
        /// How many were given.
        found: usize,
    },
    /// A parameter that mentions the variable `x`.
    #[error("parameter '{0}' mentions the variable x")]
    MentionsVariable(String),
    /// A numeric parameter outside its range.
    #[error(transparent)]
    Invalid(#[from] dist::DistError),
}

/// A family with one expression per parameter.
///
/// # Examples
///
/// ```
/// use fdiv::closed_form::family::{Family, Parametric};
/// let p = Parametric::parse("N(m1, s1)").unwrap();
/// assert_eq!(p.family, Family::Normal);
/// assert_eq!(p.to_string(), "N(m1, s1)");
/// assert_eq!(p.log_density().to_string(), "-(x - m1)^2/(2*s1^2) - log(s1) - log(2*pi)/2");
/// assert!(Parametric::parse("N(0, 1)").unwrap().to_distribution().is_some());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Parametric {
    /// The family.
    pub family: Family,
    /// The parameters, in the constructor's order.
    pub params: Vec<Expr>,
}

impl Family {
    /// The short name used in text (`N`, `Exp`, …).
    pub fn short(self) -> &'static str {
        match self {
            Family::Normal => "N",
            Family::Laplace => "Laplace",
            Family::Exponential => "Exp",
            Family::Gamma => "Gamma",
            Family::LogNormal => "LogN",
            Family::Poisson => "Poisson",
            Family::Geometric => "Geom",
            Family::Bernoulli => "Bernoulli",
            Family::Categorical => "Cat",
        }
    }

    fn from_name(name: &str) -> Option<Family> {
        Some(match name.to_lowercase().as_str() {
            "n" | "normal" | "gaussian" => Family::Normal,
            "laplace" => Family::Laplace,
            "exp" | "exponential" => Family::Exponential,
            "gamma" => Family::Gamma,
            "logn" | "lognormal" => Family::LogNormal,
            "poisson" | "pois" => Family::Poisson,
            "geom" | "geometric" => Family::Geometric,
            "bernoulli" | "bern" => Family::Bernoulli,
            "cat" | "categorical" => Family::Categorical,
            _ => return None,
        })
    }

    /// The log-density (log-mass) as text in `x` and the parameter names, and the names.
    ///
    /// The continuous texts are those of [`crate::dist`]; the discrete ones are written here.
    fn template(self) -> (&'static str, &'static [&'static str]) {
        // every constructor below gets valid constants
        match self {
            Family::Normal => (dist::Normal::new(0.0, 1.0).expect("valid").log_density_text(), &["mu", "sigma"]),
            Family::Laplace => (dist::Laplace::new(0.0, 1.0).expect("valid").log_density_text(), &["mu", "b"]),
            Family::Exponential => (dist::Exponential::new(1.0).expect("valid").log_density_text(), &["lambda"]),
            Family::Gamma => (dist::Gamma::new(1.0, 1.0).expect("valid").log_density_text(), &["alpha", "beta"]),
            Family::LogNormal => (dist::LogNormal::new(0.0, 1.0).expect("valid").log_density_text(), &["mu", "sigma"]),
            Family::Poisson => ("x*log(lambda) - lambda - lgamma(x + 1)", &["lambda"]),
            Family::Geometric => ("x*log(1 - p) + log(p)", &["p"]),
            Family::Bernoulli => ("x*log(p) + (1 - x)*log(1 - p)", &["p"]),
            // a categorical has no single formula: its log-mass is read entry by entry
            Family::Categorical => ("0", &[]),
        }
    }

    /// For each parameter, whether it must be positive (a scale, a rate, a shape).
    fn positive(self) -> &'static [bool] {
        match self {
            Family::Normal | Family::Laplace | Family::LogNormal => &[false, true],
            Family::Exponential | Family::Poisson | Family::Geometric | Family::Bernoulli => &[true],
            Family::Gamma => &[true, true],
            Family::Categorical => &[],
        }
    }

    /// The range of each parameter, as a simplifier assumption.
    fn range(self, index: usize) -> Option<Interval> {
        match self {
            Family::Geometric | Family::Bernoulli => Some(Interval::open(0.0, 1.0)),
            Family::Categorical => Some(Interval::open(0.0, 1.0)),
            _ => self.positive().get(index).copied().unwrap_or(false).then(Interval::positive),
        }
    }
}

impl Parametric {
    /// A family with its parameters.
    ///
    /// # Errors
    ///
    /// [`FamilyError::Arity`] for the wrong number of parameters, [`FamilyError::MentionsVariable`]
    /// for a parameter containing `x`, [`FamilyError::Invalid`] for a numeric parameter outside
    /// its range.
    pub fn new(family: Family, params: Vec<Expr>) -> Result<Parametric, FamilyError> {
        let expected = family.template().1.len();
        if family == Family::Categorical {
            if params.is_empty() {
                return Err(FamilyError::Arity { family: "Cat", expected: 1, found: 0 });
            }
        } else if params.len() != expected {
            return Err(FamilyError::Arity { family: family.short(), expected, found: params.len() });
        }
        if let Some(p) = params.iter().find(|p| p.contains_symbol(dist::VARIABLE)) {
            return Err(FamilyError::MentionsVariable(p.to_string()));
        }
        let p = Parametric { family, params };
        p.check_numeric()?;
        Ok(p)
    }

    /// Reads `N(m1, s1)`, `Exp(2)`, `Gamma(k, 1/2)`, `Poisson(l1)`, `Cat(1/2, 1/4, 1/4)`.
    ///
    /// # Errors
    ///
    /// [`FamilyError`] for an unknown name, malformed text or invalid parameters.
    pub fn parse(text: &str) -> Result<Parametric, FamilyError> {
        let syntax = |message: &str| FamilyError::Syntax { text: text.to_string(), message: message.to_string() };
        let t = text.trim();
        let open = t.find('(').ok_or_else(|| syntax("expected name(parameters)"))?;
        if !t.ends_with(')') {
            return Err(syntax("expected a closing ')'"));
        }
        let name = t[..open].trim();
        let family = Family::from_name(name).ok_or_else(|| FamilyError::UnknownFamily(name.to_string()))?;
        let inner = &t[open + 1..t.len() - 1];
        let mut params = Vec::new();
        let mut depth = 0i32;
        let mut start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                ',' if depth == 0 => {
                    params.push(&inner[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        params.push(&inner[start..]);
        let params = params
            .into_iter()
            .map(|p| Expr::parse(p.trim()).map_err(|e| syntax(&e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        Parametric::new(family, params)
    }

    /// The support.
    pub fn support(&self) -> Support {
        match self.family {
            Family::Normal | Family::Laplace => Support::Line,
            Family::Exponential | Family::Gamma | Family::LogNormal => Support::PositiveHalfLine,
            Family::Poisson | Family::Geometric => Support::Naturals,
            Family::Bernoulli => Support::Finite(2),
            Family::Categorical => Support::Finite(self.params.len()),
        }
    }

    /// Whether the family is discrete.
    pub fn is_discrete(&self) -> bool {
        matches!(self.support(), Support::Naturals | Support::Finite(_))
    }

    /// The log-density (log-mass) in `x` with the parameters substituted (not for
    /// [`Family::Categorical`], whose log-mass is `log(p_x)` entry by entry).
    pub fn log_density(&self) -> Expr {
        let (text, names) = self.family.template();
        // the templates are fixed in this crate and parse (tested)
        let template = Expr::parse(text).expect("templates parse");
        let bindings: Vec<(&str, &Expr)> = names.iter().copied().zip(self.params.iter()).collect();
        instantiate(&template, &bindings)
    }

    /// The simplifier's assumptions: each symbol that is a positive parameter (or a probability)
    /// ranges over (0, ∞) (or (0, 1)).
    pub fn assumptions(&self, mut a: Assumptions) -> Assumptions {
        for (i, p) in self.params.iter().enumerate() {
            if let (Math::Symbol(s), Some(range)) = (p.node(p.root()), self.family.range(i)) {
                let range = match a.range(s.as_str()) {
                    Some(old) => old.intersect(&range).unwrap_or(range),
                    None => range,
                };
                a = a.with(s.as_str(), range);
            }
        }
        a
    }

    /// The parameters as numbers, when each is a constant expression with a rational or
    /// otherwise finite value.
    pub fn numeric_params(&self) -> Option<Vec<f64>> {
        self.params.iter().map(constant_value).collect()
    }

    /// The numeric distribution, when every parameter is a number (continuous families, and
    /// the categorical/Bernoulli as a probability vector).
    pub fn to_distribution(&self) -> Option<Distribution> {
        let v = self.numeric_params()?;
        Some(match self.family {
            Family::Normal => dist::Normal::new(v[0], v[1]).ok()?.into(),
            Family::Laplace => dist::Laplace::new(v[0], v[1]).ok()?.into(),
            Family::Exponential => dist::Exponential::new(v[0]).ok()?.into(),
            Family::Gamma => dist::Gamma::new(v[0], v[1]).ok()?.into(),
            Family::LogNormal => dist::LogNormal::new(v[0], v[1]).ok()?.into(),
            Family::Bernoulli => dist::Discrete::new(vec![1.0 - v[0], v[0]]).ok()?.into(),
            Family::Categorical => dist::Discrete::new(v).ok()?.into(),
            Family::Poisson | Family::Geometric => return None,
        })
    }

    fn check_numeric(&self) -> Result<(), FamilyError> {
        let invalid = |parameter: &'static str, value: f64, requirement: &'static str| {
            FamilyError::Invalid(dist::DistError::InvalidParameter {
                family: self.family.short(),
                parameter,
                value,
                requirement,
            })
        };
        for (i, p) in self.params.iter().enumerate() {
            let Some(v) = constant_value(p) else {
                if p.free_symbols().is_empty() {
                    return Err(invalid("parameter", f64::NAN, "a finite number"));
                }
                continue;
            };
            let probability = matches!(self.family, Family::Geometric | Family::Bernoulli | Family::Categorical);
            if probability {
                let ok = if self.family == Family::Categorical { (0.0..=1.0).contains(&v) } else { v > 0.0 && v < 1.0 };
                if !ok {
                    return Err(invalid("p", v, "a probability in (0, 1)"));
                }
            } else if self.family.positive().get(i).copied().unwrap_or(false) && !(v > 0.0 && v.is_finite()) {
                return Err(invalid("scale/rate/shape", v, "finite and > 0"));
            }
        }
        if self.family == Family::Categorical
            && let Some(v) = self.numeric_params()
        {
            let sum: f64 = v.iter().sum();
            if (sum - 1.0).abs() > SUM_TOLERANCE {
                return Err(FamilyError::Invalid(dist::DistError::NotNormalised { sum, tolerance: SUM_TOLERANCE }));
            }
        }
        Ok(())
    }
}

impl fmt::Display for Parametric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let params: Vec<String> = self.params.iter().map(|p| p.to_string()).collect();
        write!(f, "{}({})", self.family.short(), params.join(", "))
    }
}

/// The value of a constant expression (no symbols), exactly when rational, else by f64.
pub(crate) fn constant_value(e: &Expr) -> Option<f64> {
    if !e.free_symbols().is_empty() {
        return None;
    }
    if let Ok(r) = exact::eval_constant(e) {
        return Some(r.to_f64());
    }
    let v = crate::numeric::Compiled::new(e, &[]).ok()?.eval(&[]);
    v.is_finite().then_some(v)
}

/// Substitutes every symbol named in `bindings` at once (a replacement is never substituted into
/// again, so a parameter called `mu` in a replacement is safe).
pub fn instantiate(template: &Expr, bindings: &[(&str, &Expr)]) -> Expr {
    let mut rec = egg::RecExpr::<Math>::default();
    let mut new_ids: Vec<egg::Id> = Vec::with_capacity(template.nodes().len());
    for node in template.nodes() {
        let replacement = match node {
            Math::Symbol(s) => bindings.iter().find(|(n, _)| *n == s.as_str()).map(|(_, e)| *e),
            _ => None,
        };
        let id = match replacement {
            Some(r) => {
                let offset = rec.as_ref().len();
                for n in r.nodes() {
                    rec.add(egg::Language::map_children(n.clone(), |c| egg::Id::from(usize::from(c) + offset)));
                }
                egg::Id::from(rec.as_ref().len() - 1)
            }
            None => rec.add(egg::Language::map_children(node.clone(), |c| new_ids[usize::from(c)])),
        };
        new_ids.push(id);
    }
    let root = new_ids[new_ids.len() - 1];
    // a nonempty template gives a nonempty RecExpr
    Expr::from_rec(rec).expect("nonempty").subexpr(root)
}

/// Parses a fixed template of this crate and instantiates it.
pub(crate) fn template(text: &str, bindings: &[(&str, &Expr)]) -> Expr {
    // templates are literals of this crate, covered by tests
    instantiate(&Expr::parse(text).expect("templates parse"), bindings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_symbolic_and_numeric() {
        let p = Parametric::parse("Gamma(k1, 1/2)").unwrap();
        assert_eq!(p.log_density().to_string(), "k1*log(1/2) - lgamma(k1) + (k1 - 1)*log(x) - 1/2*x");
        assert!(matches!(Parametric::parse("N(0, -1)"), Err(FamilyError::Invalid(_))));
        assert!(matches!(Parametric::parse("N(0)"), Err(FamilyError::Arity { .. })));
        assert!(matches!(Parametric::parse("Foo(1)"), Err(FamilyError::UnknownFamily(_))));
        assert!(matches!(Parametric::parse("N(x, 1)"), Err(FamilyError::MentionsVariable(_))));
        let a = Parametric::parse("N(m, s)").unwrap().assumptions(Assumptions::none());
        assert!(a.range("s").unwrap().is_positive());
        assert!(a.range("m").is_none());
    }

    #[test]
    fn instantiation_is_simultaneous() {
        let t = Expr::parse("mu + sigma").unwrap();
        let (a, b) = (Expr::parse("sigma").unwrap(), Expr::parse("mu").unwrap());
        assert_eq!(instantiate(&t, &[("mu", &a), ("sigma", &b)]).to_string(), "sigma + mu");
    }
}
