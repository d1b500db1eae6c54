//! Where f is defined and smooth on an interval of (0, ∞), and which `abs`/`min`/`max` branch
//! holds there.
//!
//! A forward pass over the nodes (children first) carries, per node, the set of signs its value
//! can take on the interval, sharpened exactly by Sturm sequences wherever the node is a rational
//! function of u. A function applied outside its domain gives an exact witness point when one is
//! found (a rational point where `log`'s argument is ≤ 0), otherwise an unknown. `abs(a)`,
//! `min(a, b)` and `max(a, b)` whose branch is fixed on the interval (a ≥ 0 throughout, …) are
//! replaced by that branch in [`Analysis::resolved`], which agrees with f on the whole interval;
//! the others are kinks, listed with their exact locations when these are rational.
//!
//! This is a sign analysis, not interval arithmetic: it decides definedness and branches only.

use egg::{Id, Symbol};
use num_rational::BigRational;
use num_traits::{One, Signed, Zero};

use crate::calculus::Builder;
use crate::expr::exact::eval;
use crate::expr::{Expr, Math, Rational};
use crate::poly::{Poly, Sign, per_node, rational_roots_in, sign_on_interval};

/// The signs a value can take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Signs {
    pub neg: bool,
    pub zero: bool,
    pub pos: bool,
}

impl Signs {
    const ANY: Signs = Signs { neg: true, zero: true, pos: true };
    const POS: Signs = Signs { neg: false, zero: false, pos: true };
    const NONNEG: Signs = Signs { neg: false, zero: true, pos: true };

    fn of_rational(q: &BigRational) -> Signs {
        Signs { neg: q.is_negative(), zero: q.is_zero(), pos: q.is_positive() }
    }

    fn flip(self) -> Signs {
        Signs { neg: self.pos, zero: self.zero, pos: self.neg }
    }

    fn union(self, o: Signs) -> Signs {
        Signs { neg: self.neg || o.neg, zero: self.zero || o.zero, pos: self.pos || o.pos }
    }

    fn intersect(self, o: Signs) -> Signs {
        let s = Signs { neg: self.neg && o.neg, zero: self.zero && o.zero, pos: self.pos && o.pos };
        // both enclose the same values: an empty meet is impossible; keep the first if it happens
        if s.neg || s.zero || s.pos { s } else { self }
    }

    fn add(self, o: Signs) -> Signs {
        let pos = self.pos || o.pos;
        let neg = self.neg || o.neg;
        let zero = (self.zero && o.zero) || (pos && neg);
        Signs { neg, zero, pos }
    }

    fn mul(self, o: Signs) -> Signs {
        Signs {
            neg: (self.neg && o.pos) || (self.pos && o.neg),
            zero: self.zero || o.zero,
            pos: (self.pos && o.pos) || (self.neg && o.neg),
        }
    }

    fn nonzero(self) -> bool {
        !self.zero
    }

    fn positive(self) -> bool {
        !self.zero && !self.neg
    }

    pub(crate) fn nonnegative(self) -> bool {
        !self.neg
    }

    fn nonpositive(self) -> bool {
        !self.pos
    }

    fn from_sign(s: &Sign) -> Signs {
        match s {
            Sign::Zero => Signs { neg: false, zero: true, pos: false },
            Sign::Positive => Signs::POS,
            Sign::NonNegative => Signs::NONNEG,
            Sign::Negative => Signs::POS.flip(),
            Sign::NonPositive => Signs::NONNEG.flip(),
            Sign::Changes { .. } | Sign::Undecided => Signs::ANY,
        }
    }
}

/// A kink: a point where an `abs`/`min`/`max` argument changes branch.
#[derive(Debug, Clone)]
pub(crate) struct Kinks {
    /// Their exact locations in the interval, sorted, when all are rational.
    pub points: Option<Vec<BigRational>>,
    /// How many kink nodes.
    pub count: usize,
}

/// The outcome of the analysis on one interval.
#[derive(Debug, Clone)]
pub(crate) enum Definedness {
    /// Defined at every point of the interval; `smooth` when also twice differentiable there
    /// away from the kinks.
    Defined { smooth: bool, kinks: Kinks },
    /// Undefined at the exact point `at` (a value of u).
    Undefined { at: BigRational, why: String },
    /// Not decided.
    Unknown(String),
}

/// The analysis of f on an interval.
#[derive(Debug, Clone)]
pub(crate) struct Analysis {
    pub definedness: Definedness,
    /// f with every `abs`/`min`/`max` whose branch is fixed on the interval replaced by it.
    pub resolved: Expr,
    /// The signs f can take on the interval (where defined).
    pub signs: Signs,
}

/// Analyses `f` (in `var` only) on (lo, hi), hi = None for ∞, 0 ≤ lo.
pub(crate) fn analyse(f: &Expr, var: &str, lo: &BigRational, hi: Option<&BigRational>) -> Analysis {
    let target = Symbol::from(var);
    let rf = per_node(f, var, 1);
    let n = f.nodes().len();
    let mut signs: Vec<Signs> = Vec::with_capacity(n);
    let mut b = Builder::default();
    let mut new_id: Vec<Id> = Vec::with_capacity(n);
    let mut smooth = true;
    let mut kink_points: Option<Vec<BigRational>> = Some(vec![]);
    let mut kink_count = 0usize;
    let mut failure: Option<Definedness> = None;
    let exact_sign = |i: usize| -> Option<Signs> {
        let (num, den) = rf[i].as_ref()?;
        let sd = sign_on_interval(den, lo, hi);
        let sd = Signs::from_sign(&sd);
        if !sd.nonzero() {
            return None;
        }
        Some(Signs::from_sign(&sign_on_interval(num, lo, hi)).mul(sd))
    };
    for (i, node) in f.nodes().iter().enumerate() {
        let s = |c: &Id| signs[usize::from(*c)];
        let id = |c: &Id| new_id[usize::from(*c)];
        let mut fail = |d: Definedness| {
            if failure.is_none()
                || matches!(failure, Some(Definedness::Unknown(_))) && matches!(d, Definedness::Undefined { .. })
            {
                failure = Some(d);
            }
        };
        let (lattice, built) = match node {
            Math::Num(q) => (Signs::of_rational(q.as_big()), b.add(node.clone())),
            Math::Pi | Math::E => (Signs::POS, b.add(node.clone())),
            Math::Symbol(sym) if *sym == target => {
                (if lo.is_zero() || lo.is_positive() { Signs::POS } else { Signs::ANY }, b.add(node.clone()))
            }
            Math::Symbol(sym) => {
                fail(Definedness::Unknown(format!("symbol '{sym}' has no value")));
                (Signs::ANY, b.add(node.clone()))
            }
            Math::Add([x, y]) => (s(x).add(s(y)), b.add(Math::Add([id(x), id(y)]))),
            Math::Sub([x, y]) => (s(x).add(s(y).flip()), b.add(Math::Sub([id(x), id(y)]))),
            Math::Mul([x, y]) => (s(x).mul(s(y)), b.add(Math::Mul([id(x), id(y)]))),
            Math::Neg(x) => (s(x).flip(), b.add(Math::Neg(id(x)))),
            Math::Div([x, y]) => {
                if !s(y).nonzero() {
                    fail(violation(f, usize::from(*y), &rf, lo, hi, Need::NonZero, "division by zero"));
                }
                (s(x).mul(s(y)), b.add(Math::Div([id(x), id(y)])))
            }
            Math::Pow([x, y]) => {
                let base = s(x);
                let out = match f.node(*y) {
                    Math::Num(c) if c.is_integer() => {
                        if c.is_negative() && !base.nonzero() {
                            fail(violation(f, usize::from(*x), &rf, lo, hi, Need::NonZero, "a negative power of 0"));
                        }
                        let even = !c.numer().bit(0);
                        if c.is_zero() {
                            Signs::POS
                        } else if even {
                            Signs { neg: false, zero: base.zero, pos: true }
                        } else {
                            base
                        }
                    }
                    Math::Num(c) => {
                        let need = if c.is_positive() { Need::NonNegative } else { Need::Positive };
                        if !(base.positive() || base.nonnegative() && c.is_positive()) {
                            fail(violation(
                                f,
                                usize::from(*x),
                                &rf,
                                lo,
                                hi,
                                need,
                                "a fractional power of a negative value",
                            ));
                        }
                        if !base.positive() {
                            smooth = false;
                        }
                        Signs { neg: false, zero: base.zero, pos: true }
                    }
                    _ => {
                        if !base.positive() {
                            fail(violation(
                                f,
                                usize::from(*x),
                                &rf,
                                lo,
                                hi,
                                Need::Positive,
                                "a variable power of a nonpositive value",
                            ));
                        }
                        Signs::POS
                    }
                };
                (out, b.add(Math::Pow([id(x), id(y)])))
            }
            Math::Log(x) => {
                if !s(x).positive() {
                    fail(violation(f, usize::from(*x), &rf, lo, hi, Need::Positive, "log of a nonpositive value"));
                }
                (Signs::ANY, b.add(Math::Log(id(x))))
            }
            Math::Exp(x) => (Signs::POS, b.add(Math::Exp(id(x)))),
            Math::Sqrt(x) => {
                if !s(x).nonnegative() {
                    fail(violation(f, usize::from(*x), &rf, lo, hi, Need::NonNegative, "sqrt of a negative value"));
                }
                if !s(x).positive() {
                    smooth = false;
                }
                (Signs { neg: false, zero: s(x).zero, pos: true }, b.add(Math::Sqrt(id(x))))
            }
            Math::Abs(x) => {
                let a = s(x);
                if a.nonnegative() {
                    (a, id(x))
                } else if a.nonpositive() {
                    (a.flip(), b.neg(id(x)))
                } else {
                    kink_count += 1;
                    add_kinks(&mut kink_points, rf[usize::from(*x)].as_ref().map(|(n, _)| n.clone()), lo, hi);
                    (Signs::NONNEG, b.add(Math::Abs(id(x))))
                }
            }
            Math::Min([x, y]) | Math::Max([x, y]) => {
                let is_max = matches!(node, Math::Max(_));
                // the sign of x − y
                let diff_rf = match (&rf[usize::from(*x)], &rf[usize::from(*y)]) {
                    (Some((xn, xd)), Some((yn, yd))) => Some((xn.mul(yd).sub(&yn.mul(xd)), xd.mul(yd))),
                    _ => None,
                };
                let mut d = s(x).add(s(y).flip());
                if let Some((num, den)) = &diff_rf {
                    let sd = Signs::from_sign(&sign_on_interval(den, lo, hi));
                    if sd.nonzero() {
                        d = d.intersect(Signs::from_sign(&sign_on_interval(num, lo, hi)).mul(sd));
                    }
                }
                let union = s(x).union(s(y));
                if d.nonnegative() {
                    (union, if is_max { id(x) } else { id(y) })
                } else if d.nonpositive() {
                    (union, if is_max { id(y) } else { id(x) })
                } else {
                    kink_count += 1;
                    add_kinks(&mut kink_points, diff_rf.map(|(n, _)| n), lo, hi);
                    (union, b.add(if is_max { Math::Max([id(x), id(y)]) } else { Math::Min([id(x), id(y)]) }))
                }
            }
            Math::Lgamma(x) | Math::Digamma(x) => {
                if !s(x).positive() {
                    fail(Definedness::Unknown("lgamma/digamma of an argument not proved positive".into()));
                }
                let op = if matches!(node, Math::Lgamma(_)) { Math::Lgamma(id(x)) } else { Math::Digamma(id(x)) };
                (Signs::ANY, b.add(op))
            }
            Math::LambertW(x) => {
                if !s(x).nonnegative() {
                    fail(Definedness::Unknown("lambertw of an argument not proved nonnegative".into()));
                }
                (s(x), b.add(Math::LambertW(id(x))))
            }
        };
        let sharp = if lattice.neg && lattice.pos || lattice.zero {
            exact_sign(i).map_or(lattice, |e| lattice.intersect(e))
        } else {
            lattice
        };
        signs.push(sharp);
        new_id.push(built);
    }
    // the root is the last node
    let resolved = b.finish(*new_id.last().expect("an expression has a root"));
    let definedness =
        failure.unwrap_or(Definedness::Defined { smooth, kinks: Kinks { points: kink_points, count: kink_count } });
    let root_signs = *signs.last().expect("an expression has a root");
    Analysis { definedness, resolved, signs: root_signs }
}

fn add_kinks(points: &mut Option<Vec<BigRational>>, num: Option<Poly>, lo: &BigRational, hi: Option<&BigRational>) {
    let found = num.and_then(|p| rational_roots_in(&p, lo, hi));
    match (points.as_mut(), found) {
        (Some(list), Some(roots)) => {
            for r in roots {
                if !list.contains(&r) {
                    list.push(r);
                }
            }
            list.sort();
        }
        _ => *points = None,
    }
}

/// What an argument must satisfy.
#[derive(Debug, Clone, Copy)]
enum Need {
    Positive,
    NonNegative,
    NonZero,
}

/// An exact point of (lo, hi) where node `i` of `f` violates `need`, or an unknown.
fn violation(
    f: &Expr,
    i: usize,
    rf: &[Option<(Poly, Poly)>],
    lo: &BigRational,
    hi: Option<&BigRational>,
    need: Need,
    why: &str,
) -> Definedness {
    let undefined = |at: BigRational| Definedness::Undefined { at, why: why.to_string() };
    if let Some((num, den)) = &rf[i] {
        // zeros of the numerator (where the denominator is not 0) violate Positive and NonZero
        if !matches!(need, Need::NonNegative)
            && let Some(roots) = rational_roots_in(num, lo, hi)
            && let Some(r) = roots.into_iter().find(|r| !den.eval(r).is_zero())
        {
            return undefined(r);
        }
        if !matches!(need, Need::NonZero) {
            for (p, other) in [(num, den), (den, num)] {
                let negative_at = match sign_on_interval(p, lo, hi) {
                    Sign::Changes { negative_at, .. } => Some(negative_at.as_big().clone()),
                    Sign::Negative | Sign::NonPositive => None,
                    _ => continue,
                };
                let candidates = negative_at.into_iter().chain(simple_points(lo, hi));
                for x in candidates {
                    let (a, b) = (num.eval(&x), den.eval(&x));
                    if !b.is_zero() && (a / b).is_negative() && !other.eval(&x).is_zero() {
                        return undefined(x);
                    }
                }
            }
        }
    }
    // exact evaluation of the argument at simple points
    let sub = f.subexpr(Id::from(i));
    for x in simple_points(lo, hi) {
        let Some(q) = Rational::from_big(x.clone()) else { continue };
        if let Ok(v) = eval(&sub, &|_| Some(q.clone())) {
            let bad = match need {
                Need::Positive => !v.is_positive(),
                Need::NonNegative => v.is_negative(),
                Need::NonZero => v.is_zero(),
            };
            if bad {
                return undefined(x);
            }
        }
    }
    Definedness::Unknown(format!("not proved defined on the interval: possible {why}"))
}

/// Simple rational points of (lo, hi), those near 1 first.
pub(crate) fn simple_points(lo: &BigRational, hi: Option<&BigRational>) -> Vec<BigRational> {
    let mut out = Vec::new();
    for (n, d) in [(1, 1), (1, 2), (2, 1), (3, 2), (1, 4), (3, 1), (4, 1), (1, 10), (10, 1), (1, 100), (100, 1)] {
        let x = BigRational::new(n.into(), d.into());
        if x > *lo && hi.is_none_or(|h| x < *h) {
            out.push(x);
        }
    }
    if let Some(h) = hi {
        for k in 1..8 {
            out.push(lo + (h - lo) * BigRational::new(k.into(), 8.into()));
        }
    } else {
        out.push(lo + BigRational::one());
    }
    out
}
