//! Parametric families with symbolic parameters: `N(m1, s1)`, `Gamma(k, 2)`, `Poisson(l1)`.
//!
//! A [`Parametric`] is a family and one expression per parameter (a symbol such as `m1`, a number,
//! or any expression free of `x`). It knows the family's symbolic log-density (taken from
//! [`crate::dist`], the single source of the densities), which parameters must be positive (they
//! become [`Assumptions`] of the simplifier), its support, and — when every parameter is a number —
//! the numeric [`Distribution`] used to check closed forms by quadrature.

use std::fmt;

use crate::dist::{self, Distribution, SupportKind};
use crate::expr::{Expr, Math};
use crate::simplify::Assumptions;

pub use crate::dist::{Family, constant_value, instantiate};

/// Where a family puts its mass.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Support {
    /// The real line.
    Line,
    /// (0, ∞).
    PositiveHalfLine,
    /// [a, b], finite ends (U with numeric parameters, Beta's [0, 1]).
    Interval(f64, f64),
    /// [a, b] with an end that is a symbol: where it lies is not decided.
    Undecided,
    /// {0, 1, 2, …}.
    Naturals,
    /// {0, …, n − 1}.
    Finite(usize),
}

impl Support {
    /// Whether every point of `self` is a point of `other` (for the families here); `false`
    /// also when either is [`Support::Undecided`].
    pub fn within(self, other: Support) -> bool {
        use Support::*;
        match (self, other) {
            (Line, Line) | (PositiveHalfLine, Line | PositiveHalfLine) | (Naturals, Naturals) => true,
            (Interval(..), Line) => true,
            (Interval(a, _), PositiveHalfLine) => a >= 0.0,
            (Interval(a, b), Interval(c, d)) => c <= a && b <= d,
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
    #[error("unknown family '{name}' (known: {known})", name = .0, known = known_families())]
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

/// The registry's short names, as listed in [`FamilyError::UnknownFamily`].
fn known_families() -> String {
    Family::ALL.iter().map(|f| f.short()).collect::<Vec<_>>().join(", ")
}

/// A family with one expression per parameter.
///
/// The family, its parameters' names, domains and symbolic log-density all come from the
/// registry ([`crate::dist::Family`]); text is read by the one distribution parser
/// ([`crate::dist::parse`]).
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
/// // every name of the registry
/// assert_eq!(Parametric::parse("Norm(m, s)").unwrap().family, Family::Normal);
/// assert_eq!(Parametric::parse("Pois(l)").unwrap().family, Family::Poisson);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Parametric {
    /// The family.
    pub family: Family,
    /// The parameters, in the constructor's order.
    pub params: Vec<Expr>,
}

impl Parametric {
    /// A family with its parameters (omitted trailing parameters take their defaults).
    ///
    /// # Errors
    ///
    /// [`FamilyError::Arity`] for the wrong number of parameters, [`FamilyError::MentionsVariable`]
    /// for a parameter containing `x`, [`FamilyError::Invalid`] for a numeric parameter outside
    /// its range.
    pub fn new(family: Family, params: Vec<Expr>) -> Result<Parametric, FamilyError> {
        let Some(defaults) = family.complete(params.len()) else {
            let expected = if family == Family::Categorical { 1 } else { family.info().params.len() };
            return Err(FamilyError::Arity { family: family.short(), expected, found: params.len() });
        };
        if let Some(p) = params.iter().find(|p| p.contains_symbol(dist::VARIABLE)) {
            return Err(FamilyError::MentionsVariable(p.to_string()));
        }
        let mut params = params;
        params.extend(defaults.into_iter().map(Expr::int));
        let p = Parametric { family, params };
        p.check_numeric()?;
        Ok(p)
    }

    /// Reads `N(m1, s1)`, `Exp(2)`, `Gamma(k, 1/2)`, `Poisson(l1)`, `Cat(1/2, 1/4, 1/4)`, with
    /// the one distribution parser ([`crate::dist::parse`]).
    ///
    /// # Errors
    ///
    /// [`FamilyError`] for an unknown name, malformed text or invalid parameters.
    pub fn parse(text: &str) -> Result<Parametric, FamilyError> {
        let written = match dist::parse(text) {
            Ok(w) => w,
            Err(dist::DistError::UnknownName { name, .. }) => return Err(FamilyError::UnknownFamily(name)),
            Err(dist::DistError::Arity { found, .. }) => {
                let family = text.split('(').next().and_then(|n| dist::lookup(n.trim()).ok());
                let (short, expected) = family.map_or(("?", 0), |f| (f.short(), f.info().params.len()));
                return Err(FamilyError::Arity { family: short, expected, found });
            }
            Err(dist::DistError::MentionsVariable { parameter }) => {
                return Err(FamilyError::MentionsVariable(parameter));
            }
            Err(dist::DistError::Syntax { text, message }) => return Err(FamilyError::Syntax { text, message }),
            Err(e) => return Err(FamilyError::Invalid(e)),
        };
        let p = Parametric { family: written.family, params: written.params };
        p.check_numeric()?;
        Ok(p)
    }

    /// The support.
    pub fn support(&self) -> Support {
        match self.family.info().support {
            SupportKind::Line => Support::Line,
            SupportKind::PositiveHalfLine => Support::PositiveHalfLine,
            SupportKind::UnitInterval => Support::Interval(0.0, 1.0),
            SupportKind::ParameterInterval => match (self.params.first(), self.params.get(1)) {
                (Some(a), Some(b)) => match (constant_value(a), constant_value(b)) {
                    (Some(a), Some(b)) => Support::Interval(a, b),
                    _ => Support::Undecided,
                },
                _ => Support::Undecided,
            },
            SupportKind::Naturals => Support::Naturals,
            SupportKind::Finite => match self.family {
                Family::Categorical => Support::Finite(self.params.len()),
                _ => Support::Finite(2),
            },
        }
    }

    /// Whether the family is discrete.
    pub fn is_discrete(&self) -> bool {
        self.family.is_discrete()
    }

    /// The log-density (log-mass) in `x` with the parameters substituted, from the registry
    /// (0 for [`Family::Categorical`], whose log-mass is `log(p_x)` entry by entry).
    pub fn log_density(&self) -> Expr {
        let Some(template) = self.family.log_density() else { return Expr::int(0) };
        let symbols = self.family.symbols();
        let bindings: Vec<(&str, &Expr)> = symbols.into_iter().zip(self.params.iter()).collect();
        instantiate(&template, &bindings)
    }

    /// The simplifier's assumptions: each symbol that is a positive parameter (or a probability)
    /// ranges over (0, ∞) (or (0, 1)).
    pub fn assumptions(&self, mut a: Assumptions) -> Assumptions {
        for (i, p) in self.params.iter().enumerate() {
            let range = self.family.param(i).and_then(|d| d.domain.assumed_range());
            if let (Math::Symbol(s), Some(range)) = (p.node(p.root()), range) {
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

    /// The numeric distribution, when every parameter is a number and valid.
    pub fn to_distribution(&self) -> Option<Distribution> {
        self.family.build(&self.numeric_params()?).ok()
    }

    fn check_numeric(&self) -> Result<(), FamilyError> {
        let info = self.family.info();
        for (i, p) in self.params.iter().enumerate() {
            // a parameter of the registry: the closed forms need log p and log(1 − p) finite, so
            // a probability other than a vector's entry is taken in the open interval
            let Some(param) = self.family.param(i) else { continue };
            let invalid = |value: f64, requirement: &'static str| {
                FamilyError::Invalid(dist::DistError::InvalidParameter {
                    family: info.long_name,
                    parameter: param.name,
                    value,
                    requirement,
                })
            };
            let Some(v) = constant_value(p) else {
                if p.free_symbols().is_empty() {
                    return Err(invalid(f64::NAN, "a finite number"));
                }
                continue;
            };
            let domain = match param.domain {
                dist::Domain::ProbabilityPositive if self.family != Family::Categorical => {
                    dist::Domain::ProbabilityOpen
                }
                dist::Domain::Probability if self.family != Family::Categorical => dist::Domain::ProbabilityOpen,
                d => d,
            };
            if !domain.contains(v) {
                return Err(invalid(v, domain.requirement()));
            }
        }
        // the numeric constructor checks what a single parameter cannot (a vector's sum, U's a < b)
        if let Some(v) = self.numeric_params() {
            self.family.build(&v)?;
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
