//! Distribution text, one parser for every use: `N(0, 1)`, `Exp(2)`, `T(3)`, `N(m1, s1)`,
//! `Gamma(k, 1/2)`, `Poisson(l)`, `Cat(1/2, 1/2)`, `[0.2, 0.8]`, `Mix([0.5, 0.5], N(-3,1), N(3,1))`.
//!
//! [`parse`] reads a family and its parameters as expressions ([`Written`]), numeric or
//! symbolic; [`Written::to_distribution`] builds the numeric [`Distribution`] when every
//! parameter is a number; [`parse_distribution`] does both (and reads mixtures). The names come
//! from the registry ([`super::registry`]).

use super::registry::{Family, constant_value, lookup};
use super::{ContinuousMixture, DistError, Distribution, VARIABLE};
use crate::expr::{Expr, Rational};

/// A family with one expression per parameter, as written: `N(m1, s1)`, `Exp(2)`.
///
/// Omitted trailing parameters carry their defaults (`T(nu)` is `T(nu, 0, 1)`); a probability
/// vector `[0.2, 0.8]` or `Cat([0.2, 0.8])` is [`Family::Categorical`] with one parameter per entry.
///
/// # Examples
///
/// ```
/// use fdiv::dist::{Family, parse};
/// let w = parse("Norm(m1, s1)").unwrap();
/// assert_eq!(w.family, Family::Normal);
/// assert!(w.to_distribution().is_err());
/// let n = parse("N(0, 1/2)").unwrap();
/// assert_eq!(n.to_distribution().unwrap().to_string(), "N(0, 0.5)");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Written {
    /// The family.
    pub family: Family,
    /// The parameters, in the constructor's order, defaults filled in.
    pub params: Vec<Expr>,
    /// Each parameter as written (empty for a default), for messages.
    texts: Vec<String>,
    /// Each parameter's value when it is a number (decimal text read as `f64` directly).
    values: Vec<Option<f64>>,
    /// The whole text.
    text: String,
}

impl Written {
    /// A family with parameters given as expressions (no texts).
    ///
    /// # Errors
    ///
    /// [`DistError::Arity`] for a number of parameters the family does not take.
    pub fn new(family: Family, params: Vec<Expr>) -> Result<Written, DistError> {
        let info = family.info();
        let defaults = family.complete(params.len()).ok_or(DistError::Arity {
            family: info.long_name,
            expected: info.arity,
            found: params.len(),
        })?;
        let texts: Vec<String> = params.iter().map(|p| p.to_string()).collect();
        let mut values: Vec<Option<f64>> = params.iter().map(constant_value).collect();
        let mut params = params;
        for d in defaults {
            params.push(Expr::int(d));
            values.push(Some(d as f64));
        }
        let text = format!("{}({})", info.name, texts.join(", "));
        Ok(Written { family, params, texts, values, text })
    }

    /// Whether every parameter is a number.
    pub fn is_numeric(&self) -> bool {
        self.values.iter().all(Option::is_some)
    }

    /// The parameters as numbers, when each is one.
    pub fn values(&self) -> Option<Vec<f64>> {
        self.values.iter().copied().collect()
    }

    /// The numeric distribution.
    ///
    /// # Errors
    ///
    /// [`DistError::Syntax`] naming the first parameter that is not a number, and the family's
    /// constructor errors.
    pub fn to_distribution(&self) -> Result<Distribution, DistError> {
        if let Some(i) = self.values.iter().position(Option::is_none) {
            let shown = self.texts.get(i).cloned().unwrap_or_default();
            return Err(DistError::Syntax {
                text: self.text.clone(),
                message: format!("parameter {} ('{shown}') is not a number", i + 1),
            });
        }
        let given: Vec<f64> = self.values.iter().take(self.texts.len()).map(|v| v.unwrap_or(f64::NAN)).collect();
        self.family.build(&given)
    }
}

/// Reads a family and its parameters, each a number or an expression free of `x`:
/// `N(mean, sd)`, `Laplace(loc, scale)`, `Logistic(loc, scale)`, `Cauchy(loc, scale)`, `T(df)`
/// and `T(df, loc, scale)`, `Exp(rate)`, `Gamma(shape, rate)`, `LogN(mu, sigma)`, `Beta(a, b)`,
/// `U(a, b)`, `Poisson(rate)`, `Geom(p)`, `Bernoulli(p)`, `Cat(p1, ...)`, `Cat([p1, ...])` and
/// `[p1, ...]`; every alias of the registry (`Normal`, `Norm`, `StudentT`, …), matched ignoring
/// case when no exact match exists.
///
/// # Errors
///
/// [`DistError::Syntax`] for malformed text, [`DistError::MentionsVariable`],
/// [`DistError::UnknownName`] (with the closest name), [`DistError::Arity`].
///
/// # Examples
///
/// ```
/// use fdiv::dist::{Family, parse};
/// assert_eq!(parse("Poisson(l1)").unwrap().family, Family::Poisson);
/// assert_eq!(parse("[1/2, 1/2]").unwrap().params.len(), 2);
/// assert!(parse("N(x, 1)").is_err());
/// ```
pub fn parse(text: &str) -> Result<Written, DistError> {
    parse_with(text, false)
}

/// [`parse`]; with `numeric`, a parameter that is not a number is reported as such (by
/// [`Written::to_distribution`]) rather than as a malformed expression or one mentioning `x`.
fn parse_with(text: &str, numeric: bool) -> Result<Written, DistError> {
    let syntax = |message: &str| DistError::Syntax { text: text.to_string(), message: message.to_string() };
    let t = text.trim();
    let (family, args) = if let Some(inner) = t.strip_prefix('[') {
        let inner = inner.strip_suffix(']').ok_or_else(|| syntax("a probability vector must end with ']'"))?;
        (Family::Categorical, split_commas(inner))
    } else {
        let open = t.find('(').ok_or_else(|| syntax("expected a name followed by '(' parameters ')'"))?;
        let name = t[..open].trim();
        let rest = t[open + 1..].trim_end();
        let inner = rest.strip_suffix(')').ok_or_else(|| syntax("the parameters must end with ')'"))?;
        if name.is_empty() {
            return Err(syntax("missing distribution name before '('"));
        }
        let family = lookup(name)?;
        let mut args = split_commas(inner);
        // Cat([p1, ...]): the vector's entries are the parameters
        if family == Family::Categorical
            && let [one] = args.as_slice()
            && let Some(v) = one.trim().strip_prefix('[')
        {
            let v = v.trim_end().strip_suffix(']').ok_or_else(|| syntax("a probability vector must end with ']'"))?;
            args = split_commas(v);
        }
        (family, args)
    };
    let info = family.info();
    let given = if args.len() == 1 && args[0].trim().is_empty() { 0 } else { args.len() };
    let args = &args[..given];
    if family == Family::Categorical && given == 0 {
        return Err(DistError::EmptyVector);
    }
    let defaults = family.complete(given).ok_or(DistError::Arity {
        family: info.long_name,
        expected: info.arity,
        found: given,
    })?;
    let mut params = Vec::with_capacity(given + defaults.len());
    let mut values = Vec::with_capacity(given + defaults.len());
    for (i, a) in args.iter().enumerate() {
        let a = a.trim();
        let (expr, value) = match argument(a) {
            Ok(ok) => ok,
            Err(_) if numeric => (Expr::symbol(VARIABLE), None),
            Err(m) => return Err(syntax(&format!("parameter {} ('{a}') {m}", i + 1))),
        };
        if !numeric && expr.contains_symbol(VARIABLE) {
            return Err(DistError::MentionsVariable { parameter: a.to_string() });
        }
        params.push(expr);
        values.push(value);
    }
    for d in defaults {
        params.push(Expr::int(d));
        values.push(Some(d as f64));
    }
    let texts = args.iter().map(|a| a.trim().to_string()).collect();
    Ok(Written { family, params, texts, values, text: text.to_string() })
}

/// One parameter: a decimal number (read as `f64` as written, and as the exact rational), or an
/// expression (its value when it is constant).
fn argument(a: &str) -> Result<(Expr, Option<f64>), String> {
    let decimal = !a.is_empty() && a.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    if decimal && let Ok(v) = a.parse::<f64>() {
        // the exact value when the expression parser reads it too, else the f64's own value
        let expr = Expr::parse(a).ok().or_else(|| Rational::from_f64(v).map(Expr::num));
        return match expr {
            Some(e) => Ok((e, Some(v))),
            // a non-finite f64 (1e999): the constructor says which parameter and why
            None => Ok((Expr::symbol("inf"), Some(v))),
        };
    }
    let expr = Expr::parse(a).map_err(|_| "is not a number or an expression".to_string())?;
    let value = constant_value(&expr);
    Ok((expr, value))
}

/// Reads a distribution in the REPL's notation, with numeric parameters: every family of
/// [`parse`], and a mixture `Mix([w1, w2, ...], P1, P2, ...)` of continuous distributions.
/// Parameters are numbers (`1e-6`, `-0.5`) or constant expressions (`1/3`).
///
/// # Errors
///
/// [`DistError::Syntax`] for malformed text or a parameter that is not a number,
/// [`DistError::UnknownName`] (with the closest name), [`DistError::Arity`], the constructors'
/// parameter errors, and [`DistError::Mixture`] for a malformed mixture.
///
/// # Examples
///
/// ```
/// use fdiv::dist::parse_distribution;
/// assert_eq!(parse_distribution("Normal(0, 1e-6)").unwrap().to_string(), "N(0, 0.000001)");
/// assert_eq!(parse_distribution("[0.5,0.5]").unwrap().to_string(), "[0.5, 0.5]");
/// assert_eq!(parse_distribution("Poisson(2)").unwrap().to_string(), "Poisson(2)");
/// let err = parse_distribution("Nromal(0, 1)").unwrap_err();
/// assert_eq!(err.to_string(), "unknown distribution 'Nromal' (did you mean 'Normal'?)");
/// ```
pub fn parse_distribution(text: &str) -> Result<Distribution, DistError> {
    if let Some(inner) = text.trim().strip_prefix("Mix(").and_then(|t| t.strip_suffix(')')) {
        return parse_mixture(inner).map(Distribution::Mixture);
    }
    parse_with(text, true)?.to_distribution()
}

/// The inside of `Mix(...)`: a weight vector, then the components.
fn parse_mixture(inner: &str) -> Result<ContinuousMixture, DistError> {
    let usage = || DistError::Mixture {
        message: "write Mix([w1, w2, ...], P1, P2, ...), e.g. Mix([0.5, 0.5], N(-3,1), N(3,1))".into(),
    };
    let parts = split_commas(inner);
    let [weights, components @ ..] = parts.as_slice() else { return Err(usage()) };
    let weights: Vec<f64> = weights
        .trim()
        .strip_prefix('[')
        .and_then(|w| w.strip_suffix(']'))
        .ok_or_else(usage)?
        .split(',')
        .map(|w| w.trim().parse::<Rational>().map(|q| q.to_f64()).map_err(|_| usage()))
        .collect::<Result<_, _>>()?;
    let components: Vec<Distribution> = components
        .iter()
        .map(|c| {
            let c = c.trim();
            if c.starts_with("Mix(") {
                return Err(DistError::Mixture { message: format!("{c}: a mixture cannot be a component") });
            }
            parse_distribution(c)
        })
        .collect::<Result<_, _>>()?;
    if weights.len() != components.len() {
        return Err(DistError::Mixture {
            message: format!("Mix has {} weights for {} components", weights.len(), components.len()),
        });
    }
    ContinuousMixture::new(weights, components)
}

/// Whether `name` names a distribution family (`N`, `Normal`, `Poisson`, …; case-insensitive),
/// so that `N(m1, s1)` with symbolic parameters can be told apart from an expression.
pub fn is_family_name(name: &str) -> bool {
    lookup(name).is_ok()
}

/// Splits at commas outside parentheses and brackets.
fn split_commas(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_family_and_alias() {
        for (text, shown) in [
            ("N(0,1)", "N(0, 1)"),
            ("normal(1, 2)", "N(1, 2)"),
            ("Laplace(0, 1)", "Laplace(0, 1)"),
            ("Logistic(0, 2)", "Logistic(0, 2)"),
            ("Cauchy(0, 1)", "Cauchy(0, 1)"),
            ("T(3)", "T(3, 0, 1)"),
            ("StudentT(3, 1, 2)", "T(3, 1, 2)"),
            ("Exp(2)", "Exp(2)"),
            ("Exponential(0.5)", "Exp(0.5)"),
            ("Gamma(2, 1)", "Gamma(2, 1)"),
            ("LogNormal(0, 1)", "LogN(0, 1)"),
            ("Beta(2, 3)", "Beta(2, 3)"),
            ("Uniform(0, 1)", "U(0, 1)"),
            (" [0.2, 0.5, 0.3] ", "[0.2, 0.5, 0.3]"),
            ("Cat([0.2, 0.8])", "[0.2, 0.8]"),
            ("Cat(1/4, 3/4)", "[0.25, 0.75]"),
            ("Bernoulli(0.25)", "[0.75, 0.25]"),
            ("Pois(3)", "Poisson(3)"),
            ("Geometric(0.5)", "Geom(0.5)"),
            ("Mix([0.5, 0.5], N(-3,1), N(3,1))", "Mix([0.5, 0.5], N(-3, 1), N(3, 1))"),
        ] {
            assert_eq!(parse_distribution(text).unwrap().to_string(), shown, "{text}");
        }
    }

    #[test]
    fn errors_are_typed_and_say_why() {
        let e = |t: &str| parse_distribution(t).unwrap_err().to_string();
        assert_eq!(e("N(0)"), "Normal takes (mean, sd), got 1 parameter(s)");
        assert_eq!(e("N(0, -1)"), "Normal: parameter 'sd' = -1 is invalid: it must be finite and > 0");
        assert_eq!(e("Gama(2, 1)"), "unknown distribution 'Gama' (did you mean 'Gamma'?)");
        assert_eq!(e("Foo(1)"), "unknown distribution 'Foo'");
        assert_eq!(e("N(0, x)"), "cannot read 'N(0, x)' as a distribution: parameter 2 ('x') is not a number");
        assert_eq!(e("N(0, 1 +)"), "cannot read 'N(0, 1 +)' as a distribution: parameter 2 ('1 +') is not a number");
        assert_eq!(e("N(0, s)"), "cannot read 'N(0, s)' as a distribution: parameter 2 ('s') is not a number");
        assert_eq!(e("N(0, 1"), "cannot read 'N(0, 1' as a distribution: the parameters must end with ')'");
        assert_eq!(e("[0.5, 0.6]"), "the probability vector sums to 1.1, not 1 (tolerance 0.000000001)");
        assert_eq!(e("[0.5, -0.5, 1]"), "entry 1 of the probability vector is -0.5: it must be finite and >= 0");
        assert_eq!(e("Mix([0.5], N(0,1), N(1,1))"), "invalid mixture: Mix has 1 weights for 2 components");
        assert!(matches!(parse_distribution("N(0, nan)"), Err(DistError::Syntax { .. })));
        assert!(matches!(parse_distribution("[]"), Err(DistError::EmptyVector)));
        assert!(matches!(parse_distribution("Mix([1], [0.5, 0.5])"), Err(DistError::Mixture { .. })));
    }

    #[test]
    fn symbolic_parameters() {
        let w = parse("T(nu)").unwrap();
        assert_eq!(w.params.iter().map(|p| p.to_string()).collect::<Vec<_>>(), ["nu", "0", "1"]);
        assert!(!w.is_numeric());
        let g = parse("Gamma(k, 1/2)").unwrap();
        assert_eq!(g.params[1].to_string(), "1/2");
        assert!(matches!(parse("N(1, 2, 3)"), Err(DistError::Arity { .. })));
        assert!(matches!(parse("N(0, 1 +)"), Err(DistError::Syntax { .. })));
        let x = parse("N(x, 1)").unwrap_err().to_string();
        assert_eq!(x, "parameter 'x' mentions the variable x");
    }
}
