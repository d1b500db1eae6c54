//! Exact normal forms computed in Rust, where they decide more than rewriting.
//!
//! An expression is expanded into a polynomial with rational coefficients over *atoms*: the
//! symbols, logarithms of positive atoms, and any other subterm kept whole (`exp(x)`, `|x|`, a
//! sum in a denominator). Exponents are rational; a fractional or negative exponent is used only
//! for an atom proved positive (or nonzero, for a negative integer). Logarithms are expanded
//! under positivity — `log(c·Π aᵢ^eᵢ) = log c + Σ eᵢ log aᵢ` when c > 0 and every aᵢ > 0, with c
//! split into primes — so that a sum of log-atoms with polynomial coefficients is a canonical
//! form: two expressions with equal normal forms are equal on the domain.
//!
//! The normal form is then written back in the shape a mathematician writes ([`collect`]): the
//! log terms grouped by proportional coefficients into single logarithms, `p·log(p/q)`, and the
//! rational part over a common monomial denominator with its numerator factored when it is a
//! binary form with rational roots, `(p − q)²·(p + 2q)/(6q²)`.
//!
//! Only a term proved *total* (defined on the whole domain) is normalised: every denominator of a
//! total term is nonzero and every log argument positive there, so the rewriting keeps the
//! domain. The positivity facts used are recorded as the step's conditions.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use egg::{Id, Language, RecExpr};
use num_traits::ToPrimitive;

use super::Assumptions;
use crate::expr::{Expr, Math, Rational};
use crate::numeric::interval::enclose;
use crate::poly::content as content_of;
use crate::poly::factor::factorise;
use crate::poly::roots::{RationalRoots, rational_roots};

/// A monomial: (atom index, nonzero exponent), sorted by atom index.
type Monomial = Vec<(usize, Rational)>;

/// A polynomial over atoms: monomial → nonzero coefficient.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Poly(BTreeMap<Monomial, Rational>);

/// The largest integer power expanded, and the largest number of terms kept while expanding.
const MAX_POWER: i64 = 12;
const MAX_TERMS: usize = 400;

#[derive(Debug, Clone)]
struct Atom {
    expr: Expr,
    positive: bool,
    /// For `log(a)`: the atom `a`, when it is proved positive (the log may be merged).
    log_of: Option<usize>,
}

/// The state of one normalisation: the atoms met so far and the facts relied on.
pub struct Normalizer<'a> {
    assumptions: &'a Assumptions,
    atoms: Vec<Atom>,
    index: HashMap<String, usize>,
    conditions: BTreeSet<String>,
    /// Set when an expansion was cut short (a power or term limit): the form is then not used.
    overflow: bool,
}

/// The result of [`collect`]: the expanded normal form and the collected form, both exact.
#[derive(Debug, Clone, PartialEq)]
pub struct Collected {
    /// The normal form written out term by term.
    pub expanded: Expr,
    /// The collected form: grouped logarithms, factored rational part.
    pub collected: Expr,
    /// The positivity facts relied on, as text (`p > 0`).
    pub conditions: Vec<String>,
}

/// Normalises `expr` and writes it back collected, if `expr` is total over the domain.
///
/// # Examples
///
/// ```
/// use fdiv::expr::Expr;
/// use fdiv::simplify::{normal::collect, Assumptions};
/// let e = Expr::parse("p*log(p) - p*log(q)").unwrap();
/// let c = collect(&e, &Assumptions::default()).unwrap();
/// assert_eq!(c.collected.to_string(), "p*log(p/q)");
/// ```
pub fn collect(expr: &Expr, assumptions: &Assumptions) -> Option<Collected> {
    if !enclose(expr, &|s| assumptions.range(s)).total {
        return None;
    }
    let mut n = Normalizer::new(assumptions);
    let poly = n.normalize(expr);
    if n.overflow {
        return None;
    }
    let expanded = n.plain(&poly);
    let mut best: Option<Expr> = None;
    for by_monomial in [false, true] {
        let Some(candidate) = n.grouped(&poly, by_monomial) else { continue };
        if best.as_ref().is_none_or(|b| smaller(&candidate, b)) {
            best = Some(candidate);
        }
    }
    let collected = best.unwrap_or_else(|| expanded.clone());
    Some(Collected { expanded, collected, conditions: n.conditions.into_iter().collect() })
}

/// Whether `a` and `b` are equal on the domain by their normal forms: `Some(true)` when the
/// normal form of `a − b` is 0, `Some(false)` when it is not (which does not prove them
/// different: atoms are not independent in general), `None` when either is not total.
pub fn equal(a: &Expr, b: &Expr, assumptions: &Assumptions) -> Option<bool> {
    let total = |e: &Expr| enclose(e, &|s| assumptions.range(s)).total;
    if !total(a) || !total(b) {
        return None;
    }
    let mut n = Normalizer::new(assumptions);
    let pa = n.normalize(a);
    let pb = n.normalize(b);
    if n.overflow {
        return None;
    }
    Some(pa == pb)
}

/// The common normal form of `a` and `b`, written out, when they are equal by it: the
/// evidence of `a = b`, with the positivity facts relied on.
pub fn common_form(a: &Expr, b: &Expr, assumptions: &Assumptions) -> Option<(Expr, Vec<String>)> {
    let total = |e: &Expr| enclose(e, &|s| assumptions.range(s)).total;
    if !total(a) || !total(b) {
        return None;
    }
    let mut n = Normalizer::new(assumptions);
    let pa = n.normalize(a);
    let pb = n.normalize(b);
    (!n.overflow && pa == pb).then(|| (n.plain(&pa), n.conditions.into_iter().collect()))
}

/// Whether the normal form of `d` is `c·(u − 1)`: `Some(Some(c))` if so, `Some(None)` if not
/// (which does not prove that `d` is not affine), `None` when `d` is not total.
pub fn affine_in_u(d: &Expr, assumptions: &Assumptions) -> Option<Option<Rational>> {
    if !enclose(d, &|s| assumptions.range(s)).total {
        return None;
    }
    let mut n = Normalizer::new(assumptions);
    let poly = n.normalize(d);
    if n.overflow {
        return None;
    }
    let u = n.index.get("u").copied();
    let mut c_u = Rational::zero();
    let mut c_1 = Rational::zero();
    for (m, c) in &poly.0 {
        match (m.as_slice(), u) {
            ([], _) => c_1 = c.clone(),
            ([(i, e)], Some(ui)) if *i == ui && e.is_one() => c_u = c.clone(),
            _ => return Some(None),
        }
    }
    Some((c_u.checked_add(&c_1)? == Rational::zero()).then_some(c_u))
}

fn smaller(a: &Expr, b: &Expr) -> bool {
    super::cost::of(a) < super::cost::of(b)
}

impl<'a> Normalizer<'a> {
    fn new(assumptions: &'a Assumptions) -> Normalizer<'a> {
        Normalizer { assumptions, atoms: vec![], index: HashMap::new(), conditions: BTreeSet::new(), overflow: false }
    }

    fn atom(&mut self, expr: Expr, positive: bool, log_of: Option<usize>) -> usize {
        let key = expr.to_string();
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        self.atoms.push(Atom { expr, positive, log_of });
        self.index.insert(key, self.atoms.len() - 1);
        self.atoms.len() - 1
    }

    fn constant(c: Rational) -> Poly {
        let mut p = Poly::default();
        if !c.is_zero() {
            p.0.insert(vec![], c);
        }
        p
    }

    fn var(i: usize, e: Rational) -> Poly {
        let mut p = Poly::default();
        p.0.insert(vec![(i, e)], Rational::one());
        p
    }

    fn add(&mut self, a: &Poly, b: &Poly, sign: i64) -> Poly {
        let mut out = a.clone();
        for (m, c) in &b.0 {
            let c = if sign < 0 { c.neg() } else { c.clone() };
            let sum = match out.0.get(m) {
                Some(d) => d.checked_add(&c),
                None => Some(c),
            };
            match sum {
                Some(s) if s.is_zero() => {
                    out.0.remove(m);
                }
                Some(s) => {
                    out.0.insert(m.clone(), s);
                }
                None => self.overflow = true,
            }
        }
        out
    }

    fn mul(&mut self, a: &Poly, b: &Poly) -> Poly {
        let mut out = Poly::default();
        if a.0.len() * b.0.len() > MAX_TERMS {
            self.overflow = true;
            return out;
        }
        for (ma, ca) in &a.0 {
            for (mb, cb) in &b.0 {
                let Some(c) = ca.checked_mul(cb) else {
                    self.overflow = true;
                    continue;
                };
                let Some(m) = mul_monomials(ma, mb) else {
                    self.overflow = true;
                    continue;
                };
                let term = Poly(BTreeMap::from([(m, c)]));
                out = self.add(&out, &term, 1);
            }
        }
        out
    }

    fn scale(&mut self, a: &Poly, c: &Rational) -> Poly {
        self.mul(a, &Self::constant(c.clone()))
    }

    /// `1/a` when `a` is a single term whose atoms may be inverted.
    fn invert(&self, a: &Poly) -> Option<Poly> {
        let (m, c) = single(a)?;
        let inv = Rational::one().checked_div(c)?;
        let m: Monomial = m.iter().map(|(i, e)| (*i, e.neg())).collect();
        Some(Poly(BTreeMap::from([(m, inv)])))
    }

    fn pow_int(&mut self, a: &Poly, k: i64) -> Poly {
        let mut out = Self::constant(Rational::one());
        for _ in 0..k {
            out = self.mul(&out, a);
        }
        out
    }

    /// Whether every coefficient is positive and every atom is positive: then `a > 0`.
    fn positive(&self, a: &Poly) -> bool {
        !a.0.is_empty() && a.0.iter().all(|(m, c)| c.is_positive() && m.iter().all(|(i, _)| self.atoms[*i].positive))
    }

    fn note_positive(&mut self, i: usize) {
        let text = format!("{} > 0", self.atoms[i].expr);
        if !matches!(self.atoms[i].expr.nodes().last(), Some(Math::Num(_))) {
            self.conditions.insert(text);
        }
    }

    /// An opaque atom for `node` over normalised children.
    fn opaque(&mut self, node: &Math, children: &[Poly], positive: bool) -> Poly {
        let exprs: Vec<Expr> = children.iter().map(|c| self.plain(c)).collect();
        let expr = build(node, &exprs);
        let i = self.atom(expr, positive, None);
        Self::var(i, Rational::one())
    }

    fn normalize(&mut self, expr: &Expr) -> Poly {
        let mut done: Vec<Poly> = Vec::with_capacity(expr.nodes().len());
        for node in expr.nodes() {
            let ch: Vec<Poly> = node.children().iter().map(|&c| done[usize::from(c)].clone()).collect();
            let p = match node {
                Math::Num(c) => Self::constant(c.clone()),
                Math::Pi | Math::E => {
                    let i = self.atom(Expr::leaf(node.clone()), true, None);
                    Self::var(i, Rational::one())
                }
                Math::Symbol(s) => {
                    let positive = self.assumptions.range(s.as_str()).is_some_and(|r| r.is_positive());
                    let i = self.atom(Expr::leaf(node.clone()), positive, None);
                    Self::var(i, Rational::one())
                }
                Math::Add(_) => self.add(&ch[0], &ch[1], 1),
                Math::Sub(_) => self.add(&ch[0], &ch[1], -1),
                Math::Neg(_) => self.scale(&ch[0], &Rational::from_integer(-1)),
                Math::Mul(_) => self.mul(&ch[0], &ch[1]),
                Math::Div(_) => match self.invert(&ch[1]) {
                    Some(inv) => self.mul(&ch[0], &inv),
                    None => {
                        // the term is total: this denominator is nonzero on the whole domain;
                        // written c·g·P (content, common monomial, primitive part), 1/P is an atom
                        let Some((c, g, primitive)) = split_content(&ch[1]) else {
                            self.overflow = true;
                            done.push(Poly::default());
                            continue;
                        };
                        let den = self.plain(&primitive);
                        let positive = self.positive(&primitive);
                        let i = self.atom(den, positive, None);
                        let mut inv_m: Monomial = g.iter().map(|(j, e)| (*j, e.neg())).collect();
                        inv_m.push((i, Rational::from_integer(-1)));
                        inv_m.sort_by_key(|(j, _)| *j);
                        let Some(inv_c) = Rational::one().checked_div(&c) else {
                            self.overflow = true;
                            done.push(Poly::default());
                            continue;
                        };
                        let inv = Poly(BTreeMap::from([(inv_m, inv_c)]));
                        self.mul(&ch[0], &inv)
                    }
                },
                Math::Pow(_) => match single(&ch[1]) {
                    Some((m, k)) if m.is_empty() => self.power(node, &ch, k.clone()),
                    _ => {
                        let positive = self.positive(&ch[0]);
                        self.opaque(node, &ch, positive)
                    }
                },
                Math::Sqrt(_) => {
                    let half = Rational::new(1, 2);
                    match self.root_of_monomial(&ch[0], &half) {
                        Some(p) => p,
                        None => {
                            let positive = self.positive(&ch[0]);
                            self.opaque(node, &ch, positive)
                        }
                    }
                }
                Math::Log(_) => self.log(node, &ch),
                Math::Exp(_) => self.opaque(node, &ch, true),
                Math::Abs(_) if self.positive(&ch[0]) => ch[0].clone(),
                Math::Abs(_) => {
                    // |c·g·P| = |c|·g·|P| when the common monomial g is positive
                    let split = split_content(&ch[0]);
                    if let Some((c, g, primitive)) = split
                        && g.iter().all(|(i, _)| self.atoms[*i].positive)
                        && primitive.0.len() > 1
                    {
                        for (i, _) in &g {
                            self.note_positive(*i);
                        }
                        // |p − q|, not |q − p|
                        let primitive = if self.leads_negative(&primitive) {
                            scale_poly(&primitive, &Rational::from_integer(-1)).unwrap_or(primitive)
                        } else {
                            primitive
                        };
                        let inner = self.plain(&primitive);
                        let i = self.atom(inner.apply(Math::Abs), false, None);
                        let mut m = g.clone();
                        m.push((i, Rational::one()));
                        m.sort_by_key(|(j, _)| *j);
                        Poly(BTreeMap::from([(m, c.abs())]))
                    } else {
                        self.opaque(node, &ch, false)
                    }
                }
                _ => self.opaque(node, &ch, false),
            };
            done.push(p);
        }
        done.pop().unwrap_or_default()
    }

    fn power(&mut self, node: &Math, ch: &[Poly], k: Rational) -> Poly {
        if let Some(k) = k.to_i64() {
            if (0..=MAX_POWER).contains(&k) {
                return self.pow_int(&ch[0], k);
            }
            if (-MAX_POWER..0).contains(&k)
                && let Some(inv) = self.invert(&ch[0])
            {
                return self.pow_int(&inv, -k);
            }
        } else if let Some(p) = self.root_of_monomial(&ch[0], &k) {
            return p;
        }
        let positive = self.positive(&ch[0]);
        self.opaque(node, ch, positive)
    }

    /// `a^k` for a rational `k`, when `a` is a single term with positive coefficient and atoms.
    fn root_of_monomial(&mut self, a: &Poly, k: &Rational) -> Option<Poly> {
        let (m, c) = single(a)?;
        if !c.is_positive() || !m.iter().all(|(i, _)| self.atoms[*i].positive) {
            return None;
        }
        let (m, c) = (m.clone(), c.clone());
        let mut out: Monomial = Vec::new();
        for (i, e) in &m {
            self.note_positive(*i);
            out.push((*i, e.checked_mul(k)?));
        }
        let mut poly = Poly(BTreeMap::from([(out, Rational::one())]));
        if !c.is_one() {
            // c^k: exact when the root is rational, else the constant stays an atom
            let exact =
                k.denom().to_u32().and_then(|d| c.exact_root(d)).and_then(|r| r.checked_powi(k.numer().to_i64()?));
            let factor = match exact {
                Some(v) => Self::constant(v),
                None => {
                    let i = self.atom(Expr::num(c), true, None);
                    Self::var(i, k.clone())
                }
            };
            poly = self.mul(&poly, &factor);
        }
        Some(poly)
    }

    fn log_atom(&mut self, of: usize) -> Poly {
        let expr = self.atoms[of].expr.apply(Math::Log);
        let i = self.atom(expr, false, Some(of));
        Self::var(i, Rational::one())
    }

    /// `log c` for a rational `c > 0`, split into logs of primes.
    fn log_constant(&mut self, c: &Rational) -> Poly {
        let mut out = Poly::default();
        for (n, sign) in [(c.numer(), 1), (c.denom(), -1)] {
            // a cofactor left by trial division is kept whole: exact, only less merged
            for (prime, e) in factorise(n).factors() {
                // a factor of a numerator or denominator of a Rational: within MAX_BITS
                let Some(prime) = Rational::from_big(prime.into()) else {
                    self.overflow = true;
                    return out;
                };
                let i = self.atom(Expr::num(prime), true, None);
                let l = self.log_atom(i);
                let term = self.scale(&l, &Rational::from_integer(sign * i64::from(e)));
                out = self.add(&out, &term, 1);
            }
        }
        out
    }

    fn log(&mut self, node: &Math, ch: &[Poly]) -> Poly {
        let a = &ch[0];
        // pull out the common monomial g and the positive content c: a = c·g·P
        let g = common_monomial(a);
        let Some(p_raw) = div_monomial(a, &g) else {
            self.overflow = true;
            return Poly::default();
        };
        let content = content(&p_raw);
        let ok = content.is_positive()
            && g.iter().all(|(i, _)| self.atoms[*i].positive)
            && ((p_raw.0.len() == 1 && p_raw.0.values().all(Rational::is_positive)) || self.positive(&p_raw));
        if !ok {
            let positive = false;
            let out = self.opaque(node, ch, positive);
            return out;
        }
        let mut out = self.log_constant(&content);
        for (i, e) in &g {
            self.note_positive(*i);
            let l = self.log_atom(*i);
            let term = self.scale(&l, e);
            out = self.add(&out, &term, 1);
        }
        if p_raw.0.len() > 1 {
            let Some(inv) = Rational::one().checked_div(&content) else {
                self.overflow = true;
                return Poly::default();
            };
            let primitive = self.scale(&p_raw, &inv);
            let expr = self.plain(&primitive);
            let i = self.atom(expr, true, None);
            self.note_positive(i);
            let l = self.log_atom(i);
            out = self.add(&out, &l, 1);
        }
        out
    }

    /// Whether the alphabetically first term of `a` has a negative coefficient.
    fn leads_negative(&self, a: &Poly) -> bool {
        a.0.iter()
            .min_by_key(|(m, _)| self.monomial_expr(m).map(|e| e.to_string()).unwrap_or_default())
            .is_some_and(|(_, c)| c.is_negative())
    }

    /// The polynomial written out term by term.
    fn plain(&self, a: &Poly) -> Expr {
        let mut terms: Vec<(Rational, Option<Expr>)> = Vec::new();
        for (m, c) in &a.0 {
            let sign = if c.is_negative() { Rational::from_integer(-1) } else { Rational::one() };
            match self.term_expr(&c.abs(), m) {
                Some(t) => terms.push((sign, Some(t))),
                None => terms.push((c.clone(), None)),
            }
        }
        // terms without logarithms first, constants last, then by text, so that the output is stable
        terms.sort_by_key(|(_, e)| match e {
            Some(e) => (has_log(e), false, e.to_string()),
            None => (false, true, String::new()),
        });
        sum_of_terms(terms)
    }

    /// A monomial as a product over a product (None for the empty monomial).
    fn monomial_expr(&self, m: &Monomial) -> Option<Expr> {
        self.term_expr(&Rational::one(), m)
    }

    /// `c·m` with the coefficient leading the numerator: `1/2*p*log(2)`, `p^3/(6*q^2)` is not
    /// used (the coefficient stays in front): `1/6*p^3/q^2`. None for `1·(empty monomial)`.
    fn term_expr(&self, c: &Rational, m: &Monomial) -> Option<Expr> {
        let mut num: Vec<Expr> = Vec::new();
        let mut den: Vec<Expr> = Vec::new();
        if !c.is_one() {
            num.push(Expr::num(c.clone()));
        }
        for (i, e) in m {
            let base = &self.atoms[*i].expr;
            let (target, e) = if e.is_negative() { (&mut den, e.neg()) } else { (&mut num, e.clone()) };
            target.push(power_expr(base, &e));
        }
        let product = |v: Vec<Expr>| v.into_iter().reduce(|a, b| &a * &b);
        match (product(num), product(den)) {
            (None, None) => None,
            (Some(n), None) => Some(n),
            (None, Some(d)) => Some(&Expr::int(1) / &d),
            (Some(n), Some(d)) => Some(&n / &d),
        }
    }

    /// The collected form: log terms grouped into single logarithms, the rest factored.
    ///
    /// None when exact arithmetic overflows (never a form that drops a term).
    fn grouped(&self, a: &Poly, by_monomial: bool) -> Option<Expr> {
        // split: coefficient polynomial per mergeable log atom, and the rest
        let mut logs: Vec<(usize, Poly)> = Vec::new();
        let mut rest = Poly::default();
        for (m, c) in &a.0 {
            let log_factors: Vec<&(usize, Rational)> =
                m.iter().filter(|(i, _)| self.atoms[*i].log_of.is_some()).collect();
            // one mergeable log, and no other atom with a logarithm in it
            match log_factors.as_slice() {
                [(l, e)] if e.is_one() && m.iter().filter(|(i, _)| has_log(&self.atoms[*i].expr)).count() == 1 => {
                    let coef: Monomial = m.iter().filter(|(i, _)| i != l).cloned().collect();
                    let term = Poly(BTreeMap::from([(coef, c.clone())]));
                    match logs.iter_mut().find(|(k, _)| k == l) {
                        Some((_, p)) => *p = add_poly(p, &term)?,
                        None => logs.push((*l, term)),
                    }
                }
                _ => {
                    rest.0.insert(m.clone(), c.clone());
                }
            }
        }
        // groups: base polynomial → (log atom, rational multiple)
        let mut groups: Vec<(Poly, Vec<(usize, Rational)>)> = Vec::new();
        for (l, coef) in &logs {
            let parts: Vec<(Poly, Rational)> = if by_monomial {
                coef.0.iter().map(|(m, c)| (Poly(BTreeMap::from([(m.clone(), Rational::one())])), c.clone())).collect()
            } else {
                let mut c = signed_content(coef);
                if self.leads_negative(&scale_poly(coef, &Rational::one().checked_div(&c)?)?) {
                    // (p − q)·log(p/q), not (q − p)·log(q/p)
                    c = c.neg();
                }
                let inv = Rational::one().checked_div(&c)?;
                vec![(scale_poly(coef, &inv)?, c)]
            };
            for (base, r) in parts {
                match groups.iter_mut().find(|(b, _)| *b == base) {
                    Some((_, v)) => v.push((*l, r)),
                    None => groups.push((base, vec![(*l, r)])),
                }
            }
        }
        if groups.is_empty() {
            return Some(self.rational(&rest).unwrap_or_else(|| Expr::int(0)));
        }
        // a common rational factor
        let mut all: Vec<Rational> = groups.iter().flat_map(|(_, v)| v.iter().map(|(_, r)| r.clone())).collect();
        all.extend(rest.0.values().cloned());
        let g = content_of(&all);
        let inv_g = Rational::one().checked_div(&g)?;
        let mut terms: Vec<Expr> = Vec::new();
        for (base, v) in &groups {
            let mut num: Vec<Expr> = Vec::new();
            let mut den: Vec<Expr> = Vec::new();
            let mut num_c = Rational::one();
            let mut den_c = Rational::one();
            for (l, r) in v {
                let arg = self.atoms[*l].log_of?;
                let k = r.checked_mul(&inv_g)?;
                let (positive, k) = if k.is_negative() { (false, k.neg()) } else { (true, k) };
                let atom = &self.atoms[arg].expr;
                match (atom.nodes().last(), k.to_i64()) {
                    (Some(Math::Num(c)), Some(k)) => {
                        let cc = c.checked_powi(k)?;
                        let target = if positive { &mut num_c } else { &mut den_c };
                        *target = target.checked_mul(&cc)?;
                    }
                    _ => (if positive { &mut num } else { &mut den }).push(power_expr(atom, &k)),
                }
            }
            if !num_c.is_one() {
                num.insert(0, Expr::num(num_c));
            }
            if !den_c.is_one() {
                den.insert(0, Expr::num(den_c));
            }
            let product = |v: Vec<Expr>| v.into_iter().reduce(|a, b| &a * &b);
            let arg = match (product(num), product(den)) {
                (Some(n), Some(d)) => &n / &d,
                (Some(n), None) => n,
                (None, Some(d)) => &Expr::int(1) / &d,
                (None, None) => continue,
            };
            let log = arg.apply(Math::Log);
            let b = self.plain(base);
            terms.push(if constant(&b).is_some_and(|c| c.is_one()) { log } else { &b * &log });
        }
        // simplest coefficients first: p·log(p) + q·log(q) + (p + q)·log(2/(p + q))
        terms.sort_by_cached_key(|t| (t.tree_size(), t.to_string()));
        let rest_scaled = scale_poly(&rest, &inv_g)?;
        let rest_expr = self.rational(&rest_scaled);
        let mut sum: Option<Expr> = None;
        for t in terms.into_iter().chain(rest_expr) {
            sum = Some(match sum {
                None => t,
                Some(s) => &s + &t,
            });
        }
        let sum = sum.unwrap_or_else(|| Expr::int(0));
        let sum = tidy_signs(&sum);
        Some(if g.is_one() { sum } else { &Expr::num(g) * &sum })
    }

    /// The rational part: plain, or over a common monomial denominator with a factored
    /// numerator, whichever is smaller. None when zero.
    fn rational(&self, a: &Poly) -> Option<Expr> {
        if a.0.is_empty() {
            return None;
        }
        let plain = self.plain(a);
        let factored = self.factored(a);
        Some(match factored {
            Some(f) if smaller(&f, &plain) => f,
            _ => plain,
        })
    }

    fn factored(&self, a: &Poly) -> Option<Expr> {
        let g = common_monomial(a);
        let n = div_monomial(a, &g)?;
        let c = content(&n);
        let n = scale_poly(&n, &Rational::one().checked_div(&c)?)?;
        // a binary form in two atoms x, y (exponents scaled by their common denominator)
        let atoms: BTreeSet<usize> = n.0.keys().flat_map(|m| m.iter().map(|(i, _)| *i)).collect();
        let body = if atoms.len() == 2 && n.0.len() > 1 {
            let mut v: Vec<usize> = atoms.into_iter().collect();
            v.sort_by_key(|&i| self.atoms[i].expr.to_string());
            let (x, y) = (v[0], v[1]);
            self.factor_binary_form(&n, x, y)?
        } else {
            self.plain(&n)
        };
        let g_num: Monomial = g.iter().filter(|(_, e)| e.is_positive()).cloned().collect();
        let g_den: Monomial = g.iter().filter(|(_, e)| e.is_negative()).map(|(i, e)| (*i, e.neg())).collect();
        let mut num = body;
        if let Some(m) = self.monomial_expr(&g_num) {
            num = &m * &num;
        }
        let (cn, cd) = (
            Rational::from_big(c.as_big().numer().clone().into())?,
            Rational::from_big(c.as_big().denom().clone().into())?,
        );
        if !cn.is_one() {
            num = if cn == Rational::from_integer(-1) { num.apply(Math::Neg) } else { &Expr::num(cn) * &num };
        }
        let den = self.monomial_expr(&g_den);
        let den = match (cd.is_one(), den) {
            (true, d) => d,
            (false, None) => Some(Expr::num(cd)),
            (false, Some(d)) => Some(&Expr::num(cd) * &d),
        };
        Some(match den {
            Some(d) => &num / &d,
            None => num,
        })
    }

    /// Factors a homogeneous polynomial in the atoms x, y by its rational roots.
    fn factor_binary_form(&self, n: &Poly, x: usize, y: usize) -> Option<Expr> {
        let exps = |m: &Monomial, v: usize| {
            m.iter().find(|(i, _)| *i == v).map(|(_, e)| e.clone()).unwrap_or_else(Rational::zero)
        };
        // the common denominator of the exponents: x = X^L, y = Y^L
        let mut l: i64 = 1;
        for m in n.0.keys() {
            for (_, e) in m {
                let d = e.denom().to_i64()?;
                l = lcm(l, d);
            }
        }
        let lq = Rational::from_integer(l);
        let mut coeffs: BTreeMap<i64, Rational> = BTreeMap::new();
        let mut degree = None;
        for (m, c) in &n.0 {
            let ex = exps(m, x).checked_mul(&lq)?.to_i64()?;
            let ey = exps(m, y).checked_mul(&lq)?.to_i64()?;
            if ex < 0 || ey < 0 || *degree.get_or_insert(ex + ey) != ex + ey || ex + ey > 3 * MAX_POWER {
                return None;
            }
            coeffs.insert(ex, c.clone());
        }
        let d = degree?;
        let poly: Vec<Rational> = (0..=d).map(|k| coeffs.get(&k).cloned().unwrap_or_else(Rational::zero)).collect();
        let RationalRoots { roots, cofactor: poly } = rational_roots(&poly)?;
        let factors: Vec<(Rational, i64)> = roots.into_iter().map(|(t, m)| (t, i64::from(m))).collect();
        if factors.is_empty() {
            return None;
        }
        let root = |v: usize| {
            let base = &self.atoms[v].expr;
            power_expr(base, &Rational::new(1, l))
        };
        let (xe, ye) = (root(x), root(y));
        let mut out: Option<Expr> = None;
        let mut scale = Rational::one();
        for (t, mult) in &factors {
            // x − t·y = (s·x − r·y)/s for t = r/s
            let r = Rational::from_big(t.as_big().numer().clone().into())?;
            let s = Rational::from_big(t.as_big().denom().clone().into())?;
            let sx = if s.is_one() { xe.clone() } else { &Expr::num(s.clone()) * &xe };
            let ry = if r.abs().is_one() { ye.clone() } else { &Expr::num(r.abs()) * &ye };
            let lin = if r.is_negative() { &sx + &ry } else { &sx - &ry };
            let f = if *mult == 1 { lin } else { lin.combine(Math::Pow, &Expr::int(*mult)) };
            scale = scale.checked_div(&s.checked_powi(*mult)?)?;
            out = Some(match out {
                None => f,
                Some(o) => &o * &f,
            });
        }
        // the cofactor, a binary form of lower degree, times the leading coefficient
        let mut rest = Poly::default();
        let dd = poly.len() as i64 - 1;
        for (k, c) in poly.iter().enumerate() {
            if c.is_zero() {
                continue;
            }
            let k = k as i64;
            let mut m: Monomial = Vec::new();
            let e = |n: i64| Rational::new(n, l);
            if k > 0 {
                m.push((x, e(k)));
            }
            if dd - k > 0 {
                m.push((y, e(dd - k)));
            }
            m.sort_by_key(|(i, _)| *i);
            rest.0.insert(m, c.checked_mul(&scale)?);
        }
        let out = out?;
        let cof = self.plain(&rest);
        let unit = constant(&cof).filter(|c| c.abs().is_one());
        Some(match unit {
            Some(c) if c.is_one() => out,
            Some(_) => out.apply(Math::Neg),
            _ if rest.0.len() == 1 && rest.0.keys().next().is_some_and(|m| m.is_empty()) => &cof * &out,
            _ => &out * &cof,
        })
    }
}

/// Whether `e` has a logarithm anywhere in it (a node walk, not its printed text).
fn has_log(e: &Expr) -> bool {
    e.nodes().iter().any(|n| matches!(n, Math::Log(_)))
}

/// The value of `e` when it is a constant as written: `c` or `-c`.
fn constant(e: &Expr) -> Option<Rational> {
    match e.node(e.root()) {
        Math::Num(c) => Some(c.clone()),
        Math::Neg(a) => match e.node(*a) {
            Math::Num(c) => Some(c.neg()),
            _ => None,
        },
        _ => None,
    }
}

/// `base^e` as written: `sqrt(b)` for ½, `b` for 1.
fn power_expr(base: &Expr, e: &Rational) -> Expr {
    if e.is_one() {
        base.clone()
    } else if *e == Rational::new(1, 2) {
        base.apply(Math::Sqrt)
    } else {
        base.combine(Math::Pow, &Expr::num(e.clone()))
    }
}

/// A sum of (coefficient, monomial) terms with subtraction for negative coefficients, a
/// positive term first when there is one.
fn sum_of_terms(mut terms: Vec<(Rational, Option<Expr>)>) -> Expr {
    if let Some(i) = terms.iter().position(|(c, _)| c.is_positive())
        && i > 0
    {
        let t = terms.remove(i);
        terms.insert(0, t);
    }
    let mut out: Option<Expr> = None;
    for (c, m) in terms {
        let negative = c.is_negative();
        let mag = c.abs();
        let term = match m {
            None => Expr::num(mag),
            Some(m) if mag.is_one() => m,
            Some(m) => &Expr::num(mag) * &m,
        };
        out = Some(match (out, negative) {
            (None, false) => term,
            (None, true) => term.apply(Math::Neg),
            (Some(s), false) => &s + &term,
            (Some(s), true) => &s - &term,
        });
    }
    out.unwrap_or_else(|| Expr::int(0))
}

/// `a + -b` → `a - b` and `a + (-c)` for a negative constant, at the top-level sum.
fn tidy_signs(e: &Expr) -> Expr {
    let mut rec: RecExpr<Math> = RecExpr::default();
    let mut ids: Vec<Id> = Vec::new();
    for node in e.nodes() {
        let mapped = node.clone().map_children(|c| ids[usize::from(c)]);
        let id = match &mapped {
            Math::Add([a, b]) => match rec[*b].clone() {
                Math::Neg(inner) => rec.add(Math::Sub([*a, inner])),
                Math::Mul([c, m]) if matches!(&rec[c], Math::Num(k) if k.is_negative()) => {
                    let Math::Num(k) = rec[c].clone() else { unreachable!("matched above") };
                    let pos = rec.add(Math::Num(k.neg()));
                    let t = if k.neg().is_one() { m } else { rec.add(Math::Mul([pos, m])) };
                    rec.add(Math::Sub([*a, t]))
                }
                _ => rec.add(mapped),
            },
            _ => rec.add(mapped),
        };
        ids.push(id);
    }
    let root = *ids.last().unwrap_or(&Id::from(0));
    Expr::from_rec(rec).map(|r| r.subexpr(root)).unwrap_or_else(|| e.clone())
}

fn build(node: &Math, children: &[Expr]) -> Expr {
    let mut rec: RecExpr<Math> = RecExpr::default();
    let mut roots = Vec::new();
    for c in children {
        let offset = rec.as_ref().len();
        for n in c.nodes() {
            rec.add(n.clone().map_children(|i| Id::from(usize::from(i) + offset)));
        }
        roots.push(Id::from(rec.as_ref().len() - 1));
    }
    let mut it = roots.into_iter();
    rec.add(node.clone().map_children(|_| it.next().unwrap_or(Id::from(0))));
    Expr::from_rec(rec).expect("nonempty")
}

/// `a = c·g·P`: the signed content c, the common monomial g, and the primitive part P (its
/// first coefficient positive).
fn split_content(a: &Poly) -> Option<(Rational, Monomial, Poly)> {
    let g = common_monomial(a);
    let p = div_monomial(a, &g)?;
    let c = signed_content(&p);
    let inv = Rational::one().checked_div(&c)?;
    Some((c, g, scale_poly(&p, &inv)?))
}

fn single(a: &Poly) -> Option<(&Monomial, &Rational)> {
    if a.0.len() == 1 { a.0.iter().next() } else { None }
}

/// The product of two monomials; None if an exponent exceeds exact arithmetic.
fn mul_monomials(a: &Monomial, b: &Monomial) -> Option<Monomial> {
    let mut out: BTreeMap<usize, Rational> = a.iter().cloned().collect();
    for (i, e) in b {
        let s = match out.get(i) {
            Some(f) => f.checked_add(e)?,
            None => e.clone(),
        };
        if s.is_zero() {
            out.remove(i);
        } else {
            out.insert(*i, s);
        }
    }
    Some(out.into_iter().collect())
}

/// Per atom, the least exponent over the terms (0 where absent).
fn common_monomial(a: &Poly) -> Monomial {
    let atoms: BTreeSet<usize> = a.0.keys().flat_map(|m| m.iter().map(|(i, _)| *i)).collect();
    let mut g = Vec::new();
    for i in atoms {
        let min =
            a.0.keys()
                .map(|m| m.iter().find(|(j, _)| *j == i).map(|(_, e)| e.clone()).unwrap_or_else(Rational::zero))
                .min()
                .unwrap_or_else(Rational::zero);
        if !min.is_zero() {
            g.push((i, min));
        }
    }
    g
}

fn add_poly(a: &Poly, b: &Poly) -> Option<Poly> {
    let mut out = a.clone();
    for (m, c) in &b.0 {
        let s = match out.0.get(m) {
            Some(d) => d.checked_add(c)?,
            None => c.clone(),
        };
        if s.is_zero() {
            out.0.remove(m);
        } else {
            out.0.insert(m.clone(), s);
        }
    }
    Some(out)
}

/// `c·a`; None if a coefficient exceeds exact arithmetic.
fn scale_poly(a: &Poly, c: &Rational) -> Option<Poly> {
    let mut out = Poly::default();
    for (m, d) in &a.0 {
        let v = d.checked_mul(c)?;
        if !v.is_zero() {
            out.0.insert(m.clone(), v);
        }
    }
    Some(out)
}

/// `a / m` for a monomial `m`; None on overflow.
fn div_monomial(a: &Poly, m: &Monomial) -> Option<Poly> {
    let inv: Monomial = m.iter().map(|(i, e)| (*i, e.neg())).collect();
    let mut out = Poly::default();
    for (k, c) in &a.0 {
        out.0.insert(mul_monomials(k, &inv)?, c.clone());
    }
    Some(out)
}

/// The positive rational gcd of the coefficients.
fn content(a: &Poly) -> Rational {
    content_of(&a.0.values().cloned().collect::<Vec<_>>())
}

/// The content, with the sign of the first coefficient.
fn signed_content(a: &Poly) -> Rational {
    let c = content(a);
    match a.0.values().next() {
        Some(first) if first.is_negative() => c.neg(),
        _ => c,
    }
}

fn lcm(a: i64, b: i64) -> i64 {
    use num_integer::Integer;
    a.lcm(&b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collected(text: &str) -> String {
        collect(&Expr::parse(text).unwrap(), &Assumptions::default()).unwrap().collected.to_string()
    }

    #[test]
    fn logs_group_by_proportional_coefficients() {
        assert_eq!(collected("q*(p/q*log(p/q))"), "p*log(p/q)");
        assert_eq!(collected("q*(-log(p/q))"), "q*log(q/p)");
        assert_eq!(collected("(p - q)*(log(p) - log(q))"), "(p - q)*log(p/q)");
    }

    #[test]
    fn binary_forms_factor_by_rational_roots() {
        assert_eq!(collected("q*((p/q)^3 - 1 - 3*(p/q - 1))/6"), "(p - q)^2*(p + 2*q)/(6*q^2)");
        assert_eq!(collected("q*(p/q - 1)^2"), "(p - q)^2/q");
    }

    /// The root node kinds of a term, outermost first along the first child.
    fn spine(e: &Expr) -> Vec<&'static str> {
        let mut out = Vec::new();
        let mut id = e.root();
        loop {
            let node = e.node(id);
            out.push(match node {
                Math::Log(_) => "log",
                Math::Mul(_) => "mul",
                Math::Div(_) => "div",
                Math::Pow(_) => "pow",
                Math::Sub(_) => "sub",
                Math::Add(_) => "add",
                Math::Neg(_) => "neg",
                Math::Symbol(_) => "symbol",
                Math::Num(_) => "num",
                _ => "other",
            });
            match node.children().first() {
                Some(c) => id = *c,
                None => return out,
            }
        }
    }

    #[test]
    fn structure_is_read_from_nodes_not_text() {
        let a = Assumptions::default();
        // a single grouped logarithm times its coefficient: p*log(p/q)
        let c = collect(&Expr::parse("p*log(p) - p*log(q)").unwrap(), &a).unwrap().collected;
        assert_eq!(spine(&c), ["mul", "symbol"]);
        assert!(matches!(c.node(c.root()), Math::Mul([_, l]) if matches!(c.node(*l), Math::Log(_))));
        // a coefficient with a logarithm in it is not grouped: log(p)*log(q) stays a product
        let c = collect(&Expr::parse("log(p)*log(q)").unwrap(), &a).unwrap().collected;
        assert_eq!(c.nodes().iter().filter(|n| matches!(n, Math::Log(_))).count(), 2);
        assert!(has_log(&c) && !has_log(&Expr::parse("blog + 1").unwrap()));
        // the cofactor of a factored binary form: −1 is written as a negation, 1 not at all
        let c = collect(&Expr::parse("q - p").unwrap(), &a).unwrap().collected;
        assert_eq!(constant(&Expr::parse("-1").unwrap()), Some(Rational::from_integer(-1)));
        assert!(!spine(&c).is_empty());
    }

    #[test]
    fn equality_by_normal_forms() {
        let e = |t: &str| Expr::parse(t).unwrap();
        let a = Assumptions::default();
        assert_eq!(equal(&e("log(p*q)"), &e("log(p) + log(q)"), &a), Some(true));
        assert_eq!(equal(&e("log(p*q)"), &e("log(p) - log(q)"), &a), Some(false));
        assert_eq!(equal(&e("log(p - q)"), &e("0"), &a), None);
    }
}
