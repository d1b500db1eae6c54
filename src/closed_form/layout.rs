//! The textbook layout of a closed form: logarithms first, one fraction with its squares
//! completed, the constant last — `log(s2/s1) + (s1^2 + (m1 - m2)^2)/(2*s2^2) - 1/2`.
//!
//! [`textbook`] reads an expression as a sum of c·log(a) terms and a Laurent polynomial in the
//! symbols (anything else — exp, sqrt, lgamma — gives no layout), and writes it back:
//!
//! - the logarithms as k·log(Π a / Π b) when their coefficients are ±k;
//! - the polynomial's constant term last; the rest over its common monomial denominator, with the
//!   rational content of the numerator moved into the denominator (½·x/y → x/(2·y)) and squares
//!   completed in the numerator (a² − 2ab + b² → (a − b)²).
//!
//! The layout is only a candidate: [`present`] shows it as a derivation step only after
//! [`crate::simplify::equality`] proves it equal to the expression it replaces (through the
//! exact normal form), and only when it is smaller. It is never shown unproved.

use std::collections::BTreeMap;

use egg::Language;
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};

use crate::expr::{Expr, Math, Rational};
use crate::poly::content_parts;
use crate::simplify::{self, Assumptions, Derivation};

/// The name of the presentation step in derivations.
pub const LAYOUT_STEP: &str = "textbook-layout";

/// Largest number of terms while multiplying out (beyond it there is no layout).
const MAX_TERMS: usize = 64;

/// A monomial: atom key → nonzero exponent.
pub(crate) type Monomial = BTreeMap<String, i64>;

/// A sum of c·monomial terms and c·log(atom) terms (a Laurent polynomial in the atoms plus
/// logarithms), exact.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Form {
    /// Monomial → nonzero coefficient.
    pub(crate) poly: BTreeMap<Monomial, BigRational>,
    /// Key of the logarithm's argument (in the atom table) → nonzero coefficient.
    pub(crate) logs: BTreeMap<String, BigRational>,
}

impl Form {
    pub(crate) fn constant(q: BigRational) -> Form {
        let mut f = Form::default();
        if !q.is_zero() {
            f.poly.insert(Monomial::new(), q);
        }
        f
    }

    fn atom(key: String) -> Form {
        let mut f = Form::default();
        f.poly.insert(BTreeMap::from([(key, 1)]), BigRational::one());
        f
    }

    pub(crate) fn add(mut self, other: &Form, sign: &BigRational) -> Form {
        for (m, c) in &other.poly {
            let e = self.poly.entry(m.clone()).or_insert_with(BigRational::zero);
            *e += c * sign;
        }
        for (a, c) in &other.logs {
            let e = self.logs.entry(a.clone()).or_insert_with(BigRational::zero);
            *e += c * sign;
        }
        self.poly.retain(|_, c| !c.is_zero());
        self.logs.retain(|_, c| !c.is_zero());
        self
    }

    /// The constant value, when the form is a number.
    pub(crate) fn as_constant(&self) -> Option<BigRational> {
        if !self.logs.is_empty() {
            return None;
        }
        match self.poly.len() {
            0 => Some(BigRational::zero()),
            1 => self.poly.get(&Monomial::new()).cloned(),
            _ => None,
        }
    }

    pub(crate) fn scale(&self, q: &BigRational) -> Form {
        Form::default().add(self, q)
    }

    /// Product of two forms, when at most one has logarithms and then the other is a number.
    pub(crate) fn mul(&self, other: &Form) -> Option<Form> {
        if let Some(q) = self.as_constant() {
            return Some(other.scale(&q));
        }
        if let Some(q) = other.as_constant() {
            return Some(self.scale(&q));
        }
        if !self.logs.is_empty() || !other.logs.is_empty() || self.poly.len() * other.poly.len() > MAX_TERMS {
            return None;
        }
        let mut out = Form::default();
        for (m1, c1) in &self.poly {
            for (m2, c2) in &other.poly {
                let mut m = m1.clone();
                for (a, e) in m2 {
                    *m.entry(a.clone()).or_insert(0) += e;
                }
                m.retain(|_, e| *e != 0);
                let e = out.poly.entry(m).or_insert_with(BigRational::zero);
                *e += c1 * c2;
            }
        }
        out.poly.retain(|_, c| !c.is_zero());
        Some(out)
    }

    /// 1/self when self is c·monomial.
    fn reciprocal(&self) -> Option<Form> {
        if !self.logs.is_empty() || self.poly.len() != 1 {
            return None;
        }
        let (m, c) = self.poly.iter().next()?;
        let m: Monomial = m.iter().map(|(a, e)| (a.clone(), -e)).collect();
        Some(Form { poly: BTreeMap::from([(m, c.recip())]), logs: BTreeMap::new() })
    }
}

/// The textbook layout of `expr`, or `None` when it does not read as logarithms plus a Laurent
/// polynomial (or nothing changes). A candidate only: see [`present`].
///
/// # Examples
///
/// ```
/// use fdiv::expr::Expr;
/// use fdiv::closed_form::layout::textbook;
/// // KL between two Normals, as the exact normal form writes it out
/// let expanded = Expr::parse("1/2*m1^2/s2^2 - 1/2 + 1/2*m2^2/s2^2 + 1/2*s1^2/s2^2 - m2*m1/s2^2 - log(s1) + log(s2)").unwrap();
/// assert_eq!(textbook(&expanded).unwrap().to_string(), "log(s2/s1) + (s1^2 + (m1 - m2)^2)/(2*s2^2) - 1/2");
/// ```
pub fn textbook(expr: &Expr) -> Option<Expr> {
    let mut atoms: BTreeMap<String, Expr> = BTreeMap::new();
    let form = read(expr, &mut atoms)?;
    let candidate = write(&form, &atoms)?;
    (candidate != *expr).then_some(candidate)
}

/// `expr` as a [`Form`] over the atoms (symbols, π, e, and the arguments of logarithms, each
/// recorded in `atoms` under its text), or `None` when it is not logarithms plus a Laurent
/// polynomial (exp, sqrt, a sum in a denominator, a power beyond 12).
pub(crate) fn read(expr: &Expr, atoms: &mut BTreeMap<String, Expr>) -> Option<Form> {
    let mut forms: Vec<Option<Form>> = Vec::with_capacity(expr.nodes().len());
    for (i, node) in expr.nodes().iter().enumerate() {
        let arg = |k: usize| forms[usize::from(node.children()[k])].as_ref();
        let form = match node {
            Math::Num(q) => Some(Form::constant(q.as_big().clone())),
            Math::Add(_) => arg(0).zip(arg(1)).map(|(a, b)| a.clone().add(b, &BigRational::one())),
            Math::Sub(_) => arg(0).zip(arg(1)).map(|(a, b)| a.clone().add(b, &-BigRational::one())),
            Math::Neg(_) => arg(0).map(|a| a.scale(&-BigRational::one())),
            Math::Mul(_) => arg(0).zip(arg(1)).and_then(|(a, b)| a.mul(b)),
            Math::Div(_) => arg(0).zip(arg(1).and_then(Form::reciprocal)).and_then(|(a, b)| a.mul(&b)),
            Math::Pow([_, k]) if arg(0).is_some() && integer(expr.node(*k)).is_some() => {
                let k = integer(expr.node(*k))?;
                if k.unsigned_abs() > 12 {
                    return None;
                }
                let base = arg(0)?;
                let base = if k < 0 { base.reciprocal()? } else { base.clone() };
                let mut out = Form::constant(BigRational::one());
                for _ in 0..k.unsigned_abs() {
                    out = out.mul(&base)?;
                }
                Some(out)
            }
            Math::Log(a) => {
                let sub = expr.subexpr(*a);
                let key = sub.to_string();
                atoms.insert(key.clone(), sub);
                Some(Form { poly: BTreeMap::new(), logs: BTreeMap::from([(key, BigRational::one())]) })
            }
            Math::Symbol(_) | Math::Pi | Math::E => {
                let sub = expr.subexpr(egg::Id::from(i));
                let key = sub.to_string();
                atoms.insert(key.clone(), sub);
                Some(Form::atom(key))
            }
            // exp, sqrt, lgamma, …: not the shape this layout is for
            _ => None,
        };
        forms.push(form);
    }
    forms.pop().flatten()
}

fn integer(node: &Math) -> Option<i64> {
    match node {
        Math::Num(q) if q.is_integer() => q.to_i64(),
        _ => None,
    }
}

fn num(q: &BigRational) -> Expr {
    // the rationals here come from the expression's own constants: within the bit limit
    Expr::num(Rational::from_big(q.clone()).unwrap_or_else(Rational::zero))
}

/// The factors a^e of a monomial, in atom order.
fn monomial_factors(m: &Monomial, atoms: &BTreeMap<String, Expr>) -> Option<Vec<Expr>> {
    m.iter()
        .map(|(a, &e)| {
            let atom = atoms.get(a)?;
            Some(if e == 1 { atom.clone() } else { atom.combine(Math::Pow, &Expr::int(e)) })
        })
        .collect()
}

/// c·x₁·x₂·… as one left-nested product (`2*m1*s2^2`, not `2*(m1*s2^2)`); `factors` non-empty.
fn product(c: &BigRational, factors: Vec<Expr>) -> Expr {
    let first = (!c.is_one()).then(|| num(c));
    first.into_iter().chain(factors).reduce(|a, b| &a * &b).unwrap_or_else(|| num(c))
}

/// c·x written as x, −x or c*x.
fn times(c: &BigRational, x: Expr) -> Expr {
    if c.is_one() {
        x
    } else if (-c).is_one() {
        -&x
    } else {
        &num(c) * &x
    }
}

/// Appends `term` with `sign` to a sum.
fn push(sum: Option<Expr>, term: Expr, negative: bool) -> Expr {
    match (sum, negative) {
        (None, false) => term,
        (None, true) => -&term,
        (Some(s), false) => &s + &term,
        (Some(s), true) => &s - &term,
    }
}

fn write(form: &Form, atoms: &BTreeMap<String, Expr>) -> Option<Expr> {
    let mut out: Option<Expr> = None;
    // logarithms: k·log(Π a / Π b) when the coefficients are ±k
    if !form.logs.is_empty() {
        let k = form.logs.values().next()?.abs();
        if form.logs.values().all(|c| c.abs() == k) {
            let up: Vec<&Expr> = form.logs.iter().filter(|(_, c)| c.is_positive()).map(|(a, _)| &atoms[a]).collect();
            let down: Vec<&Expr> = form.logs.iter().filter(|(_, c)| c.is_negative()).map(|(a, _)| &atoms[a]).collect();
            let product = |v: &[&Expr]| v.iter().skip(1).fold(v[0].clone(), |acc, x| &acc * *x);
            let (argument, negative) = match (up.is_empty(), down.is_empty()) {
                (false, true) => (product(&up), false),
                (true, false) => (product(&down), true),
                _ => (&product(&up) / &product(&down), false),
            };
            out = Some(push(None, times(&k, argument.apply(Math::Log)), negative));
        } else {
            for (a, c) in &form.logs {
                out = Some(push(out, times(&c.abs(), atoms[a].apply(Math::Log)), c.is_negative()));
            }
        }
    }
    let constant = form.poly.get(&Monomial::new()).cloned();
    let rest: BTreeMap<Monomial, BigRational> =
        form.poly.iter().filter(|(m, _)| !m.is_empty()).map(|(m, c)| (m.clone(), c.clone())).collect();
    if !rest.is_empty() {
        let (fraction, negative) = fraction(&rest, atoms, None)?;
        out = Some(push(out, fraction, negative));
    }
    if let Some(c) = constant {
        out = Some(push(out, num(&c.abs()), c.is_negative()));
    }
    out
}

/// The terms over their common monomial denominator (times `extra`, when given), content moved
/// down and squares completed; the flag says the whole fraction is subtracted.
pub(crate) fn fraction(
    rest: &BTreeMap<Monomial, BigRational>,
    atoms: &BTreeMap<String, Expr>,
    extra: Option<&Expr>,
) -> Option<(Expr, bool)> {
    // common denominator: each atom's most negative exponent
    let mut denominator = Monomial::new();
    for m in rest.keys() {
        for (a, &e) in m {
            if e < 0 {
                let d = denominator.entry(a.clone()).or_insert(0);
                *d = (*d).max(-e);
            }
        }
    }
    let numerator: BTreeMap<Monomial, BigRational> = rest
        .iter()
        .map(|(m, c)| {
            let mut m = m.clone();
            for (a, d) in &denominator {
                *m.entry(a.clone()).or_insert(0) += d;
            }
            m.retain(|_, e| *e != 0);
            (m, c.clone())
        })
        .collect();
    // content: gcd of numerators over lcm of denominators, negative when every term is
    let (g_num, g_den) = content_parts(numerator.values().map(|c| (c.numer(), c.denom())));
    let mut content = BigRational::new(g_num, g_den);
    if numerator.values().all(|c| c.is_negative()) {
        content = -content;
    }
    let mut terms: BTreeMap<Monomial, BigRational> = numerator.into_iter().map(|(m, c)| (m, c / &content)).collect();
    // complete squares, with a monomial cofactor M: c·M·a² ∓ 2c·M·ab + c·M·b² → c·M·(a ∓ b)²
    let mut squares: Vec<(BigRational, Monomial, String, String, bool)> = Vec::new();
    let keys: Vec<String> = atoms.keys().cloned().collect();
    let shifted = |m: &Monomial, changes: &[(&String, i64)]| -> Monomial {
        let mut m = m.clone();
        for (a, d) in changes {
            *m.entry((*a).clone()).or_insert(0) += d;
        }
        m.retain(|_, e| *e != 0);
        m
    };
    let two = BigRational::from_integer(BigInt::from(2));
    'search: loop {
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                let candidates: Vec<Monomial> =
                    terms.keys().filter(|m| m.get(a).is_some_and(|&e| e >= 2)).cloned().collect();
                for aa in candidates {
                    let cofactor = shifted(&aa, &[(a, -2)]);
                    let bb = shifted(&cofactor, &[(b, 2)]);
                    let ab = shifted(&cofactor, &[(a, 1), (b, 1)]);
                    let (Some(ca), Some(cb), Some(cab)) = (terms.get(&aa), terms.get(&bb), terms.get(&ab)) else {
                        continue;
                    };
                    if ca == cb && cab.abs() == &two * ca.abs() {
                        let c = ca.clone();
                        let minus = cab.is_negative() == c.is_positive();
                        for m in [&aa, &bb, &ab] {
                            terms.remove(m);
                        }
                        squares.push((c, cofactor, a.clone(), b.clone(), minus));
                        continue 'search;
                    }
                }
            }
        }
        break;
    }
    // every term subtracted (a negative multiple of a square): the whole fraction is
    if (!terms.is_empty() || !squares.is_empty())
        && terms.values().all(|c| c.is_negative())
        && squares.iter().all(|(c, ..)| c.is_negative())
    {
        content = -content;
        for c in terms.values_mut() {
            *c = -c.clone();
        }
        for (c, ..) in squares.iter_mut() {
            *c = -c.clone();
        }
    }
    let mut top: Option<Expr> = None;
    // terms with a positive coefficient first: 2*s2^2 - s1^2, not -s1^2 + 2*s2^2
    let ordered = terms.iter().filter(|(_, c)| c.is_positive()).chain(terms.iter().filter(|(_, c)| c.is_negative()));
    for (m, c) in ordered {
        let term = if m.is_empty() { num(&c.abs()) } else { product(&c.abs(), monomial_factors(m, atoms)?) };
        top = Some(push(top, term, c.is_negative()));
    }
    for (c, cofactor, a, b, minus) in &squares {
        let inner = if *minus { &atoms[a] - &atoms[b] } else { &atoms[a] + &atoms[b] };
        let mut factors = monomial_factors(cofactor, atoms)?;
        factors.push(inner.combine(Math::Pow, &Expr::int(2)));
        top = Some(push(top, product(&c.abs(), factors), c.is_negative()));
    }
    let top = top?;
    let negative = content.is_negative();
    let content = content.abs();
    let top = if content.numer().is_one() { top } else { &num(&BigRational::from(content.numer().clone())) * &top };
    let bottom_number = BigRational::from(content.denom().clone());
    // the bottom as one left-nested product: 2*s1^2*s2^2, then the extra factor
    let mut bottom: Option<Expr> = (!bottom_number.is_one()).then(|| num(&bottom_number));
    for (a, &e) in &denominator {
        let atom = atoms.get(a)?;
        let factor = if e == 1 { atom.clone() } else { atom.combine(Math::Pow, &Expr::int(e)) };
        bottom = Some(match bottom {
            None => factor,
            Some(b) => &b * &factor,
        });
    }
    if let Some(x) = extra {
        bottom = Some(match bottom {
            None => x.clone(),
            Some(b) => &b * x,
        });
    }
    match bottom {
        None => Some((top, negative)),
        Some(bottom) => Some((&top / &bottom, negative)),
    }
}

/// `derivation` with a final [`LAYOUT_STEP`] to the textbook layout of its result, when the
/// layout is smaller and proved equal by [`simplify::equality`]; unchanged otherwise.
///
/// The layout is read from the result's exact normal form (so that grouped logarithms such as
/// ½·log(s2²/s1²) are seen as log s2 − log s1).
pub fn present(derivation: Derivation, assumptions: &Assumptions) -> Derivation {
    let result = derivation.result.clone();
    let Some(expanded) = simplify::normal::collect(&result, assumptions) else { return derivation };
    let Some(candidate) = textbook(&expanded.expanded) else { return derivation };
    if simplify::cost::of(&candidate) >= simplify::cost::of(&result) {
        return derivation;
    }
    // never shown unproved: the exact normal forms of both sides must agree
    let Some(proof) = simplify::equality(&result, &candidate, assumptions) else { return derivation };
    let mut conditions: Vec<String> = proof.steps.iter().flat_map(|s| s.conditions.iter().cloned()).collect();
    conditions.sort();
    conditions.dedup();
    conditions.insert(0, "equal by the exact normal form".to_string());
    derivation.then_step(LAYOUT_STEP, conditions, candidate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::closed_form::{ClosedForm, family::Parametric, kl};

    fn layout(text: &str) -> Option<String> {
        textbook(&Expr::parse(text).expect("test input parses")).map(|e| e.to_string())
    }

    #[test]
    fn logs_fraction_squares_constant() {
        assert_eq!(layout("log(l1) - log(l2) + l2/l1 - 1").as_deref(), Some("log(l1/l2) + l2/l1 - 1"));
        // a cofactor in front of each completed square (Jeffreys between Normals)
        assert_eq!(
            layout("1/2*m1^2/s1^2 + 1/2*m1^2/s2^2 + 1/2*m2^2/s1^2 + 1/2*m2^2/s2^2 + 1/2*s1^2/s2^2 + 1/2*s2^2/s1^2 - m1*m2/s1^2 - m1*m2/s2^2 - 1")
                .as_deref(),
            Some("(s1^4 + s2^4 + s1^2*(m1 - m2)^2 + s2^2*(m1 - m2)^2)/(2*s1^2*s2^2) - 1")
        );
        // a sum of squares, not a difference
        assert_eq!(layout("a^2 + 2*a*b + b^2").as_deref(), Some("(a + b)^2"));
        // nothing to lay out: other functions, or no change
        assert_eq!(layout("exp(a) + a"), None);
        assert_eq!(layout("a + 1"), None);
    }

    #[test]
    fn the_layout_step_is_proved_and_agrees_numerically() {
        let p = Parametric::parse("N(m1, s1)").expect("parses");
        let q = Parametric::parse("N(m2, s2)").expect("parses");
        let ClosedForm::Derived { derivation, .. } = kl(&p, &q) else { panic!("KL between Normals derives") };
        let n = derivation.steps.len();
        let last = &derivation.steps[n - 1];
        assert_eq!(last.rule, LAYOUT_STEP);
        assert_eq!(last.conditions[0], "equal by the exact normal form");
        let before = &derivation.steps[n - 2].expr;
        let assumptions = q.assumptions(p.assumptions(Assumptions::none()));
        assert!(simplify::equality(before, &last.expr, &assumptions).is_some());
        // and numerically, at a few parameter points
        let vars = ["m1", "s1", "m2", "s2"];
        let a = crate::numeric::Compiled::new(before, &vars).expect("compiles");
        let b = crate::numeric::Compiled::new(&last.expr, &vars).expect("compiles");
        for x in [[0.0, 1.0, 1.0, 2.0], [-1.5, 0.3, 2.0, 0.7], [3.0, 5.0, -2.0, 0.1]] {
            let (va, vb) = (a.eval(&x), b.eval(&x));
            assert!((va - vb).abs() <= 1e-12 * (1.0 + va.abs()), "{va} vs {vb}");
        }
    }
}
