//! Distribution text: `N(0, 1)`, `Exp(2)`, `T(3)`, `T(3, 0, 2)`, `[0.2, 0.8]`.

use super::{
    Beta, Cauchy, Discrete, DistError, Distribution, Exponential, Gamma, Laplace, LogNormal, Logistic, Normal,
    StudentT, Uniform,
};

/// The names accepted, each with its family (short names first, then long aliases).
const NAMES: [(&str, Family); 24] = [
    ("N", Family::Normal),
    ("Normal", Family::Normal),
    ("Gaussian", Family::Normal),
    ("Laplace", Family::Laplace),
    ("Logistic", Family::Logistic),
    ("Cauchy", Family::Cauchy),
    ("T", Family::StudentT),
    ("StudentT", Family::StudentT),
    ("Student", Family::StudentT),
    ("t", Family::StudentT),
    ("Exp", Family::Exponential),
    ("Exponential", Family::Exponential),
    ("Gamma", Family::Gamma),
    ("LogN", Family::LogNormal),
    ("LogNormal", Family::LogNormal),
    ("Lognormal", Family::LogNormal),
    ("Beta", Family::Beta),
    ("U", Family::Uniform),
    ("Uniform", Family::Uniform),
    ("Unif", Family::Uniform),
    ("Norm", Family::Normal),
    ("Expo", Family::Exponential),
    ("LN", Family::LogNormal),
    ("Student_t", Family::StudentT),
];

#[derive(Debug, Clone, Copy, PartialEq)]
enum Family {
    Normal,
    Laplace,
    Logistic,
    Cauchy,
    StudentT,
    Exponential,
    Gamma,
    LogNormal,
    Beta,
    Uniform,
}

/// Reads a distribution in the REPL's notation.
///
/// `N(mean, sd)`, `Laplace(loc, scale)`, `Logistic(loc, scale)`, `Cauchy(loc, scale)`, `T(df)` and
/// `T(df, loc, scale)`, `Exp(rate)`, `Gamma(shape, rate)`, `LogN(mu, sigma)`, `Beta(a, b)`,
/// `U(a, b)`; long names (`Normal`, `StudentT`, `Exponential`, `LogNormal`, `Uniform`, …) are
/// aliases; names are matched ignoring case when no exact match exists. A probability vector is
/// written `[0.2, 0.8]`. Parameters are decimal numbers (`1e-6`, `-0.5`).
///
/// # Errors
///
/// [`DistError::Syntax`] for malformed text, [`DistError::UnknownName`] (with the closest name),
/// [`DistError::Arity`], and the constructors' parameter errors.
///
/// # Examples
///
/// ```
/// use fdiv::dist::parse_distribution;
/// assert_eq!(parse_distribution("Normal(0, 1e-6)").unwrap().to_string(), "N(0, 0.000001)");
/// assert_eq!(parse_distribution("[0.5,0.5]").unwrap().to_string(), "[0.5, 0.5]");
/// let err = parse_distribution("Nromal(0, 1)").unwrap_err();
/// assert_eq!(err.to_string(), "unknown distribution 'Nromal' (did you mean 'Normal'?)");
/// ```
pub fn parse_distribution(text: &str) -> Result<Distribution, DistError> {
    let syntax = |message: &str| DistError::Syntax { text: text.to_string(), message: message.to_string() };
    let t = text.trim();
    if let Some(inner) = t.strip_prefix('[') {
        let inner = inner.strip_suffix(']').ok_or_else(|| syntax("a probability vector must end with ']'"))?;
        let values = numbers(inner).map_err(|m| syntax(&m))?;
        return Ok(Distribution::Discrete(Discrete::new(values)?));
    }
    let open = t.find('(').ok_or_else(|| syntax("expected a name followed by '(' parameters ')'"))?;
    let name = t[..open].trim();
    let rest = t[open + 1..].trim_end();
    let inner = rest.strip_suffix(')').ok_or_else(|| syntax("the parameters must end with ')'"))?;
    if name.is_empty() {
        return Err(syntax("missing distribution name before '('"));
    }
    let family = lookup(name)?;
    let args = numbers(inner).map_err(|m| syntax(&m))?;
    build(family, &args)
}

/// Whether `name` names a distribution family (`N`, `Normal`, `Exp`, …; case-insensitive), so
/// that `N(m1, s1)` with symbolic parameters can be told apart from an expression.
pub fn is_family_name(name: &str) -> bool {
    lookup(name).is_ok()
}

fn lookup(name: &str) -> Result<Family, DistError> {
    if let Some((_, f)) = NAMES.iter().find(|(n, _)| *n == name) {
        return Ok(*f);
    }
    if let Some((_, f)) = NAMES.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
        return Ok(*f);
    }
    let lower = name.to_lowercase();
    let suggestion = NAMES
        .iter()
        .map(|(n, _)| (edit_distance(&lower, &n.to_lowercase()), *n))
        .filter(|(d, n)| *d <= 2.max(n.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n.to_string());
    Err(DistError::UnknownName { name: name.to_string(), suggestion })
}

fn build(family: Family, a: &[f64]) -> Result<Distribution, DistError> {
    let arity = |family: &'static str, expected: &'static str| DistError::Arity { family, expected, found: a.len() };
    Ok(match (family, a) {
        (Family::Normal, [m, s]) => Normal::new(*m, *s)?.into(),
        (Family::Normal, _) => return Err(arity("Normal", "(mean, sd)")),
        (Family::Laplace, [m, s]) => Laplace::new(*m, *s)?.into(),
        (Family::Laplace, _) => return Err(arity("Laplace", "(loc, scale)")),
        (Family::Logistic, [m, s]) => Logistic::new(*m, *s)?.into(),
        (Family::Logistic, _) => return Err(arity("Logistic", "(loc, scale)")),
        (Family::Cauchy, [m, s]) => Cauchy::new(*m, *s)?.into(),
        (Family::Cauchy, _) => return Err(arity("Cauchy", "(loc, scale)")),
        (Family::StudentT, [df]) => StudentT::standard(*df)?.into(),
        (Family::StudentT, [df, m, s]) => StudentT::new(*df, *m, *s)?.into(),
        (Family::StudentT, _) => return Err(arity("StudentT", "(df) or (df, loc, scale)")),
        (Family::Exponential, [r]) => Exponential::new(*r)?.into(),
        (Family::Exponential, _) => return Err(arity("Exponential", "(rate)")),
        (Family::Gamma, [k, r]) => Gamma::new(*k, *r)?.into(),
        (Family::Gamma, _) => return Err(arity("Gamma", "(shape, rate)")),
        (Family::LogNormal, [m, s]) => LogNormal::new(*m, *s)?.into(),
        (Family::LogNormal, _) => return Err(arity("LogNormal", "(mu, sigma)")),
        (Family::Beta, [x, y]) => Beta::new(*x, *y)?.into(),
        (Family::Beta, _) => return Err(arity("Beta", "(a, b)")),
        (Family::Uniform, [x, y]) => Uniform::new(*x, *y)?.into(),
        (Family::Uniform, _) => return Err(arity("Uniform", "(a, b)")),
    })
}

/// Comma-separated decimal numbers (possibly none).
fn numbers(inner: &str) -> Result<Vec<f64>, String> {
    if inner.trim().is_empty() {
        return Ok(Vec::new());
    }
    inner
        .split(',')
        .enumerate()
        .map(|(i, s)| {
            let s = s.trim();
            let ok = !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
            match s.parse::<f64>() {
                Ok(v) if ok => Ok(v),
                _ => Err(format!("parameter {} ('{s}') is not a number", i + 1)),
            }
        })
        .collect()
}

/// Levenshtein distance (small strings only).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
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
        assert_eq!(e("N(0, 1"), "cannot read 'N(0, 1' as a distribution: the parameters must end with ')'");
        assert_eq!(e("[0.5, 0.6]"), "the probability vector sums to 1.1, not 1 (tolerance 0.000000001)");
        assert_eq!(e("[0.5, -0.5, 1]"), "entry 1 of the probability vector is -0.5: it must be finite and >= 0");
        assert!(matches!(parse_distribution("N(0, nan)"), Err(DistError::Syntax { .. })));
        assert!(matches!(parse_distribution("[]"), Err(DistError::EmptyVector)));
    }
}
