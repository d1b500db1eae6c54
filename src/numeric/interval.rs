//! Interval enclosures: sound, outward-rounded ranges of an expression over a box of its
//! symbols, carrying whether the expression is defined on the whole box.
//!
//! An [`Interval`] is a connected set of reals with closed or open ends (ends may be ±∞, which
//! are always open). An [`Enclosure`] pairs the range of a term with a totality flag:
//!
//! - `range` contains the value of the term at every point of the box where the term is defined;
//! - `total` is true only when the term is proved defined at *every* point of the box (`1/x` needs
//!   `x ≠ 0` proved, `log x` needs `x > 0`, `sqrt x` needs `x ≥ 0`, …). A term that is not total
//!   still gets a range enclosing its values where it is defined (the whole line at worst).
//!
//! [`Enclosure::of_node`] is the per-node transfer function (the e-graph analysis calls it with its
//! children's enclosures); [`enclose`] walks a whole [`Expr`] in node order, without recursion.
//!
//! # Soundness and rounding
//!
//! Every endpoint computed in `f64` is rounded outward: sums, products, quotients and square roots
//! stay exact when an error-free transformation proves them exact and otherwise move one ulp out;
//! `ln`, `exp`, `powf` and the special functions are not correctly rounded and are widened by a
//! margin that covers both the exact value and the value [`Compiled`](super::Compiled) computes at
//! any point of the box. An endpoint that was rounded is strict (open): the exact set lies
//! strictly inside it. Open ends propagate soundly, so that strict signs survive: for
//! u ∈ (0, ∞), 1/u ∈ (0, ∞), u + 1 ∈ (1, ∞), exp(u) ∈ (1, ∞) and sqrt(u) ∈ (0, ∞).
//! Products of a 0 end with an ∞ end count as 0 (the standard convention, sound for closed
//! hulls). Ends that are limits (1/u → ∞ as u → 0+) are open.
//!
//! A computed `f64` value may land *on* an open end through rounding (`1 + 1e-300` is `1`, and
//! `exp(-1000)` underflows to 0): open ends are claims about exact real values, the closed hull
//! also bounds computed ones.
//!
//! # Examples
//!
//! ```
//! use fdiv::expr::Expr;
//! use fdiv::numeric::interval::{Interval, enclose};
//!
//! let js = Expr::parse("1/2*(u*log(u) - (u + 1)*log((u + 1)/2))").unwrap();
//! let e = enclose(&js, &|name| (name == "u").then(Interval::positive));
//! assert!(e.total);
//!
//! let pole = Expr::parse("1/(u - 1)").unwrap();
//! assert!(!enclose(&pole, &|_| Some(Interval::positive())).total);
//!
//! // strict signs survive: q*(p/q) > 0 for p, q > 0
//! let q_p_q = Expr::parse("q*(p/q)").unwrap();
//! let e = enclose(&q_p_q, &|_| Some(Interval::positive()));
//! assert!(e.total && e.range.is_positive());
//! ```

use std::fmt;

use egg::Language;
use num_traits::ToPrimitive;

use super::special;
use crate::expr::{Expr, Math, Rational};

/// A connected set of real numbers: `lo ≤ hi`, ends closed or open, possibly ±∞.
///
/// `lo_open` / `hi_open` say whether the end is excluded. Invariants, kept by every constructor
/// and operation: no NaN; `lo ≤ hi`; an infinite end is open; `lo` is never +∞ and `hi` never
/// −∞; a degenerate interval (`lo == hi`) is closed (a point). The set is never empty.
///
/// # Examples
///
/// ```
/// use fdiv::numeric::interval::Interval;
/// let u = Interval::positive(); // (0, ∞)
/// assert!(u.is_positive() && !u.contains(0.0) && u.contains(1e-300));
/// assert_eq!(u.to_string(), "(0, ∞)");
/// let one_two = Interval::closed(1.0, 2.0);
/// assert_eq!(one_two.intersect(&Interval::open(1.5, 3.0)), Some(Interval::new(1.5, 2.0, true, false).unwrap()));
/// assert_eq!(one_two.add(&u).to_string(), "(1, ∞)");
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    /// The lower end (−∞ allowed).
    pub lo: f64,
    /// The upper end (+∞ allowed).
    pub hi: f64,
    /// Whether `lo` is excluded.
    pub lo_open: bool,
    /// Whether `hi` is excluded.
    pub hi_open: bool,
}

/// The enclosure of a term over a box: its range, and whether it is defined everywhere on the box.
///
/// `range` contains the value of the term at every point of the box where the term is defined;
/// `total` is true only if the term is proved defined at every point of the box. A term that is
/// defined nowhere has the whole line as its range and is not total.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Enclosure {
    /// Contains every value the term takes where it is defined.
    pub range: Interval,
    /// Whether the term is proved defined at every point of the box.
    pub total: bool,
}

/// Relative widening of `ln`, `exp` (glibc: under 1 ulp), in units of `f64::EPSILON`.
const ELEMENTARY_REL: f64 = 4.0;
/// Relative widening of `powf` and `powi` (the compiled evaluator uses `powi` for small integer
/// exponents: up to ~8 ulps from repeated squaring), in units of `f64::EPSILON`.
const POW_REL: f64 = 64.0;
/// Relative and absolute widening of `lgamma` (musl's, a few ulps; relative accuracy kept near
/// its zeros 1 and 2).
const LGAMMA_REL: f64 = 64.0;
const LGAMMA_ABS: f64 = 1e-300;
/// Relative and absolute widening of `digamma` (statrs: the asymptotic series truncated at 12
/// leaves ~2.4e-15 absolute error, and cancellation near its zero x ≈ 1.4616).
const DIGAMMA_REL: f64 = 64.0;
const DIGAMMA_ABS: f64 = 1e-14;
/// Relative and absolute widening of `lambertw` (~50 bits; absolute near the branch point).
const LAMBERTW_REL: f64 = 64.0;
const LAMBERTW_ABS: f64 = 1e-14;
/// An absolute widening that covers a few subnormal ulps (results that underflow).
const SUBNORMAL_ABS: f64 = 16.0 * 5e-324;

/// Where lgamma has its minimum on (0, ∞): x₀ = 1.461632144968362341262659542325721328468
/// (`python3 -c "import mpmath as mp; mp.mp.dps=40; print(mp.findroot(mp.digamma, 1.46))"`).
/// lgamma decreases on (0, x₀] and increases on [x₀, ∞); these floats bracket x₀
/// (`float(x0) < x0` and its successor is above, checked with mpmath).
const LGAMMA_ARGMIN_BELOW: f64 = 1.4616321449683622;
const LGAMMA_ARGMIN_ABOVE: f64 = 1.4616321449683625;
/// The minimum lgamma(x₀) = −0.1214862905358496080955145571776915821514
/// (`python3 -c "import mpmath as mp; mp.mp.dps=40; print(mp.loggamma(mp.findroot(mp.digamma, 1.46)))"`);
/// this float is the nearest double, and below it (`mp.mpf(float(m)) < m`; it is widened further like every lgamma value).
const LGAMMA_MIN_BELOW: f64 = -0.12148629053584961;

/// The float just below −1/e from which `lambertw` computes (W₀ is NaN below it in f64).
const LAMBERTW_DOMAIN_START: f64 = lambert_w::SMALLEST_F64_IN_DOMAIN;

impl Interval {
    /// The interval with the given ends, or `None` if it would be empty or invalid (NaN, `lo > hi`,
    /// `lo = +∞`, `hi = −∞`, or `lo == hi` with an open end). Infinite ends are made open.
    ///
    /// # Examples
    ///
    /// ```
    /// use fdiv::numeric::interval::Interval;
    /// assert_eq!(Interval::new(0.0, f64::INFINITY, true, false), Some(Interval::positive()));
    /// assert_eq!(Interval::new(1.0, 1.0, true, false), None);
    /// ```
    pub fn new(lo: f64, hi: f64, lo_open: bool, hi_open: bool) -> Option<Interval> {
        if lo.is_nan() || hi.is_nan() || lo > hi || lo == f64::INFINITY || hi == f64::NEG_INFINITY {
            return None;
        }
        let lo_open = lo_open || lo.is_infinite();
        let hi_open = hi_open || hi.is_infinite();
        if lo == hi && (lo_open || hi_open) {
            return None;
        }
        Some(Interval { lo, hi, lo_open, hi_open })
    }

    /// The single point `{x}`.
    ///
    /// # Panics
    ///
    /// If `x` is not finite (a programming error: points of the real line are finite).
    pub fn point(x: f64) -> Interval {
        assert!(x.is_finite(), "Interval::point({x}): not a finite number");
        Interval { lo: x, hi: x, lo_open: false, hi_open: false }
    }

    /// `[lo, hi]` (infinite ends are open: `closed(0.0, f64::INFINITY)` is `[0, ∞)`).
    ///
    /// # Panics
    ///
    /// If the interval would be empty or invalid (see [`Interval::new`]).
    pub fn closed(lo: f64, hi: f64) -> Interval {
        Interval::new(lo, hi, false, false).unwrap_or_else(|| panic!("Interval::closed({lo}, {hi}): empty"))
    }

    /// `(lo, hi)`.
    ///
    /// # Panics
    ///
    /// If the interval would be empty or invalid (`lo ≥ hi` or NaN).
    pub fn open(lo: f64, hi: f64) -> Interval {
        Interval::new(lo, hi, true, true).unwrap_or_else(|| panic!("Interval::open({lo}, {hi}): empty"))
    }

    /// `(0, ∞)`, the domain of `u`, `p` and `q`.
    pub fn positive() -> Interval {
        Interval { lo: 0.0, hi: f64::INFINITY, lo_open: true, hi_open: true }
    }

    /// `[0, ∞)`.
    pub fn nonnegative() -> Interval {
        Interval { lo: 0.0, hi: f64::INFINITY, lo_open: false, hi_open: true }
    }

    /// `(−∞, 0)`.
    pub fn negative() -> Interval {
        Interval { lo: f64::NEG_INFINITY, hi: 0.0, lo_open: true, hi_open: true }
    }

    /// `(−∞, 0]`.
    pub fn nonpositive() -> Interval {
        Interval { lo: f64::NEG_INFINITY, hi: 0.0, lo_open: true, hi_open: false }
    }

    /// `(−∞, ∞)`.
    pub fn real() -> Interval {
        Interval { lo: f64::NEG_INFINITY, hi: f64::INFINITY, lo_open: true, hi_open: true }
    }

    /// The tightest enclosure of the exact value of `q`: the point itself when `q` is a double,
    /// otherwise the open interval between the two doubles around it.
    ///
    /// # Examples
    ///
    /// ```
    /// use fdiv::expr::Rational;
    /// use fdiv::numeric::interval::Interval;
    /// assert_eq!(Interval::of_rational(&Rational::new(3, 4)), Interval::point(0.75));
    /// let third = Interval::of_rational(&Rational::new(1, 3));
    /// // 1/3 is not a double: the two doubles around it, ends excluded
    /// assert!(third.lo_open && third.hi_open && third.lo.next_up() == third.hi);
    /// assert!(third.lo == 1.0 / 3.0 || third.hi == 1.0 / 3.0);
    /// ```
    pub fn of_rational(q: &Rational) -> Interval {
        const EXACT_INT: u64 = 1 << 53;
        if let (Some(n), Some(d)) = (q.numer().to_i64(), q.denom().to_i64())
            && n.unsigned_abs() <= EXACT_INT
            && d.unsigned_abs() <= EXACT_INT
        {
            if d == 1 {
                return Interval::point(n as f64);
            }
            // both exact in f64: one correctly rounded division, its exactness checked
            let c = div_finite(n as f64, d as f64, false);
            return Interval::from_corner(c);
        }
        rational_slow(q)
    }

    /// Whether `x` belongs to the set (never for ±∞ or NaN).
    pub fn contains(&self, x: f64) -> bool {
        x.is_finite()
            && (self.lo < x || (self.lo == x && !self.lo_open))
            && (x < self.hi || (x == self.hi && !self.hi_open))
    }

    /// Whether `x` lies in the closed hull `[lo, hi]` (where rounded `f64` values may land).
    pub fn hull_contains(&self, x: f64) -> bool {
        self.lo <= x && x <= self.hi
    }

    /// The intersection, or `None` if it is empty.
    pub fn intersect(&self, other: &Interval) -> Option<Interval> {
        let (lo, lo_open) = match self.lo.partial_cmp(&other.lo) {
            Some(std::cmp::Ordering::Greater) => (self.lo, self.lo_open),
            Some(std::cmp::Ordering::Less) => (other.lo, other.lo_open),
            _ => (self.lo, self.lo_open || other.lo_open),
        };
        let (hi, hi_open) = match self.hi.partial_cmp(&other.hi) {
            Some(std::cmp::Ordering::Less) => (self.hi, self.hi_open),
            Some(std::cmp::Ordering::Greater) => (other.hi, other.hi_open),
            _ => (self.hi, self.hi_open || other.hi_open),
        };
        Interval::new(lo, hi, lo_open, hi_open)
    }

    /// The smallest interval containing both.
    pub fn hull(&self, other: &Interval) -> Interval {
        let (lo, lo_open) = if self.lo < other.lo {
            (self.lo, self.lo_open)
        } else if other.lo < self.lo {
            (other.lo, other.lo_open)
        } else {
            (self.lo, self.lo_open && other.lo_open)
        };
        let (hi, hi_open) = if self.hi > other.hi {
            (self.hi, self.hi_open)
        } else if other.hi > self.hi {
            (other.hi, other.hi_open)
        } else {
            (self.hi, self.hi_open && other.hi_open)
        };
        Interval { lo, hi, lo_open, hi_open }
    }

    /// The value if the interval is a single point.
    pub fn as_point(&self) -> Option<f64> {
        (self.lo == self.hi).then_some(self.lo)
    }

    /// Whether every point is > 0.
    pub fn is_positive(&self) -> bool {
        self.lo > 0.0 || (self.lo == 0.0 && self.lo_open)
    }

    /// Whether every point is ≥ 0.
    pub fn is_nonnegative(&self) -> bool {
        self.lo >= 0.0
    }

    /// Whether every point is < 0.
    pub fn is_negative(&self) -> bool {
        self.hi < 0.0 || (self.hi == 0.0 && self.hi_open)
    }

    /// Whether every point is ≤ 0.
    pub fn is_nonpositive(&self) -> bool {
        self.hi <= 0.0
    }

    /// Whether 0 is excluded (the interval is connected, so it lies on one side of 0).
    pub fn is_nonzero(&self) -> bool {
        self.is_positive() || self.is_negative()
    }

    /// Whether both ends are finite.
    pub fn is_bounded(&self) -> bool {
        self.lo.is_finite() && self.hi.is_finite()
    }

    /// `{−x : x ∈ self}` (exact).
    pub fn neg(&self) -> Interval {
        Interval { lo: -self.hi, hi: -self.lo, lo_open: self.hi_open, hi_open: self.lo_open }
    }

    /// `{x + y}`, rounded outward.
    pub fn add(&self, other: &Interval) -> Interval {
        let lo = add_bound(self.lo, other.lo, self.lo_open || other.lo_open);
        let hi = add_bound(self.hi, other.hi, self.hi_open || other.hi_open);
        Interval::from_ends(lo.down, lo.open, hi.up, hi.open)
    }

    /// `{x − y}`, rounded outward.
    pub fn sub(&self, other: &Interval) -> Interval {
        self.add(&other.neg())
    }

    /// `{x · y}`, rounded outward (a 0 end times an ∞ end counts as 0).
    pub fn mul(&self, other: &Interval) -> Interval {
        corners(self, other, mul_corner)
    }

    /// `{|x|}`.
    pub fn abs(&self) -> Interval {
        if self.is_nonnegative() {
            *self
        } else if self.is_nonpositive() {
            self.neg()
        } else {
            let (hi, hi_open) = if -self.lo > self.hi {
                (-self.lo, self.lo_open)
            } else if self.hi > -self.lo {
                (self.hi, self.hi_open)
            } else {
                (self.hi, self.lo_open && self.hi_open)
            };
            Interval { lo: 0.0, hi, lo_open: false, hi_open }
        }
    }

    /// `{min(x, y)}`.
    pub fn min(&self, other: &Interval) -> Interval {
        // the lower end is attained if either attains it; the upper end only if both can reach it
        let (lo, lo_open) = pick(self.lo, self.lo_open, other.lo, other.lo_open, true, true);
        let (hi, hi_open) = pick(self.hi, self.hi_open, other.hi, other.hi_open, true, false);
        Interval { lo, hi, lo_open, hi_open }
    }

    /// `{max(x, y)}`.
    pub fn max(&self, other: &Interval) -> Interval {
        let (lo, lo_open) = pick(self.lo, self.lo_open, other.lo, other.lo_open, false, false);
        let (hi, hi_open) = pick(self.hi, self.hi_open, other.hi, other.hi_open, false, true);
        Interval { lo, hi, lo_open, hi_open }
    }

    /// An interval from computed ends, repaired to keep the invariants if rounding made them
    /// degenerate (an open end at a repeated value is closed, which only enlarges the set).
    fn from_ends(lo: f64, lo_open: bool, hi: f64, hi_open: bool) -> Interval {
        let lo = if lo == f64::INFINITY { f64::MAX } else { lo };
        let hi = if hi == f64::NEG_INFINITY { f64::MIN } else { hi };
        if lo.is_nan() || hi.is_nan() || lo > hi {
            return Interval::real();
        }
        let (lo_open, hi_open) = if lo == hi { (false, false) } else { (lo_open, hi_open) };
        Interval { lo, hi, lo_open: lo_open || lo.is_infinite(), hi_open: hi_open || hi.is_infinite() }
    }

    fn from_corner(c: Corner) -> Interval {
        Interval::from_ends(c.down, c.open, c.up, c.open)
    }
}

impl fmt::Display for Interval {
    /// `[0, 1)`, `(0, ∞)`, `[1e-300, 0.5]`: shortest round-trip digits, so the ends are exact;
    /// a point prints as `[x, x]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let end = |x: f64| {
            if x == f64::INFINITY {
                "∞".to_string()
            } else if x == f64::NEG_INFINITY {
                "-∞".to_string()
            } else if x == x.trunc() && x.abs() < 1e16 {
                // integers without a trailing ".0"
                format!("{x}")
            } else {
                // shortest round-trip digits, with an exponent for tiny and huge values
                format!("{x:?}")
            }
        };
        write!(
            f,
            "{}{}, {}{}",
            if self.lo_open { '(' } else { '[' },
            end(self.lo),
            end(self.hi),
            if self.hi_open { ')' } else { ']' }
        )
    }
}

impl Enclosure {
    /// A term defined everywhere on the box, with values in `range`.
    pub fn total(range: Interval) -> Enclosure {
        Enclosure { range, total: true }
    }

    /// A term that may be undefined somewhere on the box; where defined, its values lie in `range`.
    pub fn partial(range: Interval) -> Enclosure {
        Enclosure { range, total: false }
    }

    /// The transfer function: the enclosure of `node` from its children's enclosures, given in
    /// the order of `node.children()`. A symbol's box comes from `symbol` (`None`: an unknown
    /// symbol, the whole real line, total).
    ///
    /// If `children` is shorter than the node's arity (a caller's mistake), the answer is the
    /// whole line, not total — never a panic and never an unsound range.
    ///
    /// # Examples
    ///
    /// ```
    /// use fdiv::expr::Math;
    /// use fdiv::numeric::interval::{Enclosure, Interval};
    /// let id = egg::Id::from(0);
    /// let u = Enclosure::total(Interval::positive());
    /// let log_u = Enclosure::of_node(&Math::Log(id), &[u], &|_| None);
    /// assert!(log_u.total && log_u.range == Interval::real());
    /// let recip = Enclosure::of_node(&Math::Div([id, id]), &[Enclosure::total(Interval::point(1.0)), u], &|_| None);
    /// assert!(recip.total && recip.range == Interval::positive());
    /// ```
    pub fn of_node(node: &Math, children: &[Enclosure], symbol: &dyn Fn(&str) -> Option<Interval>) -> Enclosure {
        if children.len() < node.children().len() {
            return Enclosure::partial(Interval::real());
        }
        let total = children.iter().take(node.children().len()).all(|c| c.total);
        let arg = |i: usize| &children[i].range;
        let both = |range: Interval| Enclosure { range, total };
        // a partial operation: `range` where defined (None: nowhere), and whether its own domain
        // condition holds on the whole box
        let partial = |(range, domain): (Option<Interval>, bool)| Enclosure {
            range: range.unwrap_or_else(Interval::real),
            total: total && domain && range.is_some(),
        };
        match node {
            Math::Num(q) => Enclosure::total(Interval::of_rational(q)),
            Math::Pi => Enclosure::total(Interval::open(std::f64::consts::PI, std::f64::consts::PI.next_up())),
            Math::E => Enclosure::total(Interval::open(std::f64::consts::E, std::f64::consts::E.next_up())),
            Math::Symbol(s) => Enclosure::total(symbol(s.as_str()).unwrap_or_else(Interval::real)),
            Math::Add(_) => both(arg(0).add(arg(1))),
            Math::Sub(_) => both(arg(0).sub(arg(1))),
            Math::Mul(_) => both(arg(0).mul(arg(1))),
            Math::Neg(_) => both(arg(0).neg()),
            Math::Abs(_) => both(arg(0).abs()),
            Math::Min(_) => both(arg(0).min(arg(1))),
            Math::Max(_) => both(arg(0).max(arg(1))),
            Math::Div(_) => partial(div(arg(0), arg(1))),
            Math::Pow(_) => partial(pow(arg(0), arg(1))),
            Math::Exp(_) => both(map_increasing(arg(0), exp_end)),
            Math::Log(_) => partial(log(arg(0))),
            Math::Sqrt(_) => partial(sqrt(arg(0))),
            Math::Lgamma(_) => partial(lgamma(arg(0))),
            Math::Digamma(_) => partial(digamma(arg(0))),
            Math::LambertW(_) => partial(lambertw(arg(0))),
        }
    }
}

/// The enclosure of a whole expression over the box given by `symbol` (`None`: an unknown symbol,
/// the real line), computed node by node in order (no recursion).
///
/// # Examples
///
/// ```
/// use fdiv::expr::Expr;
/// use fdiv::numeric::interval::{Interval, enclose};
/// let e = enclose(&Expr::parse("sqrt(u) + 1").unwrap(), &|_| Some(Interval::closed(0.0, 4.0)));
/// assert_eq!(e.range, Interval::closed(1.0, 3.0));
/// assert!(e.total);
/// assert!(!enclose(&Expr::parse("log(u - 1)").unwrap(), &|_| Some(Interval::positive())).total);
/// ```
pub fn enclose(expr: &Expr, symbol: &dyn Fn(&str) -> Option<Interval>) -> Enclosure {
    let mut done: Vec<Enclosure> = Vec::with_capacity(expr.nodes().len());
    for node in expr.nodes() {
        let mut children = [Enclosure::total(Interval::real()); 2];
        for (slot, &id) in children.iter_mut().zip(node.children()) {
            *slot = done[usize::from(id)];
        }
        let e = Enclosure::of_node(node, &children[..node.children().len()], symbol);
        done.push(e);
    }
    // an Expr is never empty
    done[done.len() - 1]
}

// ---------------------------------------------------------------------------------------------
// Rounding machinery

/// One candidate end of a result: the exact value lies in `[down, up]` (equal when exact), and
/// `open` says the value is not attained by any point of the set (always true when rounded: the
/// exact value is then strictly inside).
#[derive(Clone, Copy, Debug)]
struct Corner {
    down: f64,
    up: f64,
    open: bool,
}

impl Corner {
    /// An exactly known value (or limit): attained unless `open`; infinities are never attained.
    fn exact(v: f64, open: bool) -> Corner {
        Corner { down: v, up: v, open: open || v.is_infinite() }
    }

    /// A correctly rounded result `v` of an inexact operation: the exact value is strictly within
    /// one ulp (past ±MAX when `v` overflowed to ±∞).
    fn rounded(v: f64) -> Corner {
        Corner { down: v.next_down(), up: v.next_up(), open: true }
    }

    /// A result `v` of a function that is not correctly rounded: widened by `rel` epsilons relative
    /// plus `abs` absolute, plus a few subnormal ulps, then one more ulp.
    fn loose(v: f64, rel: f64, abs: f64) -> Corner {
        if v.is_infinite() {
            // overflow: the exact value may be any huge finite number beyond MAX
            return Corner::rounded(v);
        }
        let margin = v.abs() * (rel * f64::EPSILON) + abs + SUBNORMAL_ABS;
        Corner { down: (v - margin).next_down(), up: (v + margin).next_up(), open: true }
    }

    /// The same, knowing the exact value is > 0: the lower bound stays ≥ 0.
    fn positive(mut self) -> Corner {
        if self.down <= 0.0 {
            self.down = 0.0;
            self.open = true;
        }
        self
    }

    /// The same, knowing the exact value is < 0.
    fn negative(mut self) -> Corner {
        if self.up >= 0.0 {
            self.up = 0.0;
            self.open = true;
        }
        self
    }
}

/// The hull of candidate ends: the lowest `down` (open only if every candidate reaching it is
/// open) and the highest `up`.
fn hull_of(corners: &[Corner]) -> Interval {
    let (mut lo, mut lo_open) = (f64::INFINITY, true);
    let (mut hi, mut hi_open) = (f64::NEG_INFINITY, true);
    for c in corners {
        if c.down < lo {
            (lo, lo_open) = (c.down, c.open);
        } else if c.down == lo {
            lo_open &= c.open;
        }
        if c.up > hi {
            (hi, hi_open) = (c.up, c.open);
        } else if c.up == hi {
            hi_open &= c.open;
        }
    }
    Interval::from_ends(lo, lo_open, hi, hi_open)
}

/// The hull of `f` at the corners of `a × b` (`f(x, x_open, y, y_open)`); a point contributes
/// one end, not two.
fn corners(a: &Interval, b: &Interval, f: impl Fn(f64, bool, f64, bool) -> Corner) -> Interval {
    let mut out = [Corner::exact(0.0, false); 4];
    let mut n = 0;
    let a_ends = [(a.lo, a.lo_open), (a.hi, a.hi_open)];
    let b_ends = [(b.lo, b.lo_open), (b.hi, b.hi_open)];
    let a_ends = if a.lo == a.hi { &a_ends[..1] } else { &a_ends[..] };
    let b_ends = if b.lo == b.hi { &b_ends[..1] } else { &b_ends[..] };
    for &(x, xo) in a_ends {
        for &(y, yo) in b_ends {
            out[n] = f(x, xo, y, yo);
            n += 1;
        }
    }
    hull_of(&out[..n])
}

/// The hull of the pieces that exist, or `None` if none does.
fn hull_opt(a: Option<Interval>, b: Option<Interval>) -> Option<Interval> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.hull(&b)),
        (a, b) => a.or(b),
    }
}

/// Min or max of two ends with attainment: `lower` picks the smaller value; on a tie the end is
/// open if both are (`tie_and`) or if either is.
fn pick(x: f64, xo: bool, y: f64, yo: bool, lower: bool, tie_and: bool) -> (f64, bool) {
    if x == y {
        (x, if tie_and { xo && yo } else { xo || yo })
    } else if (x < y) == lower {
        (x, xo)
    } else {
        (y, yo)
    }
}

/// The rounding error of `a + b` (Knuth's two-sum): `a + b = s + err` exactly.
fn two_sum_err(a: f64, b: f64, s: f64) -> f64 {
    let bb = s - a;
    (a - (s - bb)) + (b - bb)
}

/// Veltkamp's split of `a` into two halves of 26 bits.
fn split(a: f64) -> (f64, f64) {
    let c = 134_217_729.0 * a; // 2^27 + 1
    let hi = c - (c - a);
    (hi, a - hi)
}

/// The rounding error of the product `a·b` rounded to `p` (Dekker's two-product; no FMA needed):
/// `a·b = p + err` exactly. `None` when under- or overflow could hide the error.
fn two_prod_err(a: f64, b: f64, p: f64) -> Option<f64> {
    const SAFE_MAX: f64 = 1e290; // splitting multiplies by 2^27
    const SAFE_MIN: f64 = 1e-280; // the low parts' product must not underflow
    if !(p.abs() >= SAFE_MIN && p.abs() <= SAFE_MAX && a.abs() <= SAFE_MAX && b.abs() <= SAFE_MAX) {
        return None;
    }
    let (ah, al) = split(a);
    let (bh, bl) = split(b);
    Some(((ah * bh - p) + ah * bl + al * bh) + al * bl)
}

/// Whether the product `a·b`, rounded to `p`, is exact.
fn product_is_exact(a: f64, b: f64, p: f64) -> bool {
    two_prod_err(a, b, p) == Some(0.0)
}

/// `x + y` for two ends of the same kind (both lower or both upper), `open` if either is.
fn add_bound(x: f64, y: f64, open: bool) -> Corner {
    let s = x + y;
    if x.is_infinite() || y.is_infinite() {
        // lower ends are never +∞ and upper ends never −∞: no ∞ − ∞ here
        return Corner::exact(s, true);
    }
    if s.is_infinite() {
        return Corner::rounded(s);
    }
    if two_sum_err(x, y, s) == 0.0 { Corner::exact(s, open) } else { Corner::rounded(s) }
}

/// One corner `x·y` of a product (x, y ends of the factors, with their openness).
fn mul_corner(x: f64, xo: bool, y: f64, yo: bool) -> Corner {
    if x == 0.0 || y == 0.0 {
        // a closed 0 end makes the product 0 along a whole edge: attained
        let attained = (x == 0.0 && !xo) || (y == 0.0 && !yo);
        return Corner::exact(0.0, !attained);
    }
    let positive = (x > 0.0) == (y > 0.0);
    let p = x * y;
    if x.is_infinite() || y.is_infinite() {
        return Corner::exact(p, true);
    }
    let c = if product_is_exact(x, y, p) { Corner::exact(p, xo || yo) } else { Corner::rounded(p) };
    if positive { c.positive() } else { c.negative() }
}

/// `x / y` for finite `x` and finite nonzero `y`: exact when the quotient is, otherwise the two
/// doubles around it (found from the sign of the remainder).
fn div_finite(x: f64, y: f64, open: bool) -> Corner {
    if x == 0.0 {
        return Corner::exact(0.0, open);
    }
    let q = x / y;
    let positive = (x > 0.0) == (y > 0.0);
    let c = match (q.is_finite(), q.is_finite().then_some(q * y)) {
        (true, Some(p)) => match two_prod_err(q, y, p) {
            // q·y = p + err exactly, and x − p is exact (p is within an ulp or two of x)
            Some(err) => {
                let remainder = (x - p) - err;
                if remainder == 0.0 {
                    Corner::exact(q, open)
                } else if (remainder > 0.0) == (y > 0.0) {
                    // x/y = q + remainder/y lies above q
                    Corner { down: q, up: q.next_up(), open: true }
                } else {
                    Corner { down: q.next_down(), up: q, open: true }
                }
            }
            None => Corner::rounded(q),
        },
        _ => Corner::rounded(q),
    };
    if positive { c.positive() } else { c.negative() }
}

/// Exact conversion of a rational that does not fit the fast path: the doubles around it.
fn rational_slow(q: &Rational) -> Interval {
    let v = q.to_f64();
    let as_rational = |x: f64| Rational::from_f64(x);
    // lo: the largest double ≤ q (a handful of steps from the nearest double at most)
    let mut lo = if v == f64::INFINITY { f64::MAX } else { v };
    let mut steps = 0;
    while lo.is_finite() && as_rational(lo).is_none_or(|r| &r > q) {
        lo = lo.next_down();
        steps += 1;
        if steps > 8 {
            lo = f64::NEG_INFINITY;
        }
    }
    let mut hi = if v == f64::NEG_INFINITY { f64::MIN } else { v };
    steps = 0;
    while hi.is_finite() && as_rational(hi).is_none_or(|r| &r < q) {
        hi = hi.next_up();
        steps += 1;
        if steps > 8 {
            hi = f64::INFINITY;
        }
    }
    if lo == hi { Interval::point(lo) } else { Interval::from_ends(lo, true, hi, true) }
}

// ---------------------------------------------------------------------------------------------
// Operations

/// Maps an increasing function over the ends (`end(x, open)` gives the image of one end).
fn map_increasing(a: &Interval, end: fn(f64, bool) -> Corner) -> Interval {
    let lo = end(a.lo, a.lo_open);
    let hi = end(a.hi, a.hi_open);
    Interval::from_ends(lo.down, lo.open, hi.up, hi.open)
}

/// Maps a decreasing function over the ends.
fn map_decreasing(a: &Interval, end: fn(f64, bool) -> Corner) -> Interval {
    let lo = end(a.hi, a.hi_open);
    let hi = end(a.lo, a.lo_open);
    Interval::from_ends(lo.down, lo.open, hi.up, hi.open)
}

/// `a / b`: defined where b ≠ 0.
fn div(a: &Interval, b: &Interval) -> (Option<Interval>, bool) {
    if b.is_nonzero() {
        return (Some(div_nonzero(a, b)), true);
    }
    let pos = b.intersect(&Interval::positive()).map(|p| div_nonzero(a, &p));
    let neg = b.intersect(&Interval::negative()).map(|n| div_nonzero(a, &n));
    (hull_opt(pos, neg), false)
}

/// `a / b` for `b` entirely on one side of 0 (0 may be an open end of `b`).
fn div_nonzero(a: &Interval, b: &Interval) -> Interval {
    let b_positive = b.is_positive();
    let corner = |x: f64, xo: bool, y: f64, yo: bool| -> Corner {
        if x == 0.0 {
            // 0/y = 0 wherever y ≠ 0; the limit corner 0/0± counts as 0·∞ = 0
            return Corner::exact(0.0, xo);
        }
        if y == 0.0 {
            // an open end of b: x/0± = ±∞
            let plus = (x > 0.0) == b_positive;
            return Corner::exact(if plus { f64::INFINITY } else { f64::NEG_INFINITY }, true);
        }
        if y.is_infinite() {
            return Corner::exact(0.0, true);
        }
        if x.is_infinite() {
            let plus = (x > 0.0) == (y > 0.0);
            return Corner::exact(if plus { f64::INFINITY } else { f64::NEG_INFINITY }, true);
        }
        div_finite(x, y, xo || yo)
    };
    corners(a, b, corner)
}

/// The image of one end under exp.
fn exp_end(x: f64, open: bool) -> Corner {
    if x == f64::NEG_INFINITY {
        Corner::exact(0.0, true)
    } else if x == 0.0 {
        Corner::exact(1.0, open)
    } else {
        Corner::loose(x.exp(), ELEMENTARY_REL, 0.0).positive()
    }
}

/// log: defined where a > 0.
fn log(a: &Interval) -> (Option<Interval>, bool) {
    let end = |x: f64, open: bool| -> Corner {
        if x == 0.0 {
            Corner::exact(f64::NEG_INFINITY, true)
        } else if x == 1.0 {
            Corner::exact(0.0, open)
        } else if x == f64::INFINITY {
            Corner::exact(x, true)
        } else {
            Corner::loose(x.ln(), ELEMENTARY_REL, 0.0)
        }
    };
    let range = a.intersect(&Interval::positive()).map(|m| map_increasing(&m, end));
    (range, a.is_positive())
}

/// sqrt: defined where a ≥ 0 (correctly rounded, so exact roots stay exact).
fn sqrt(a: &Interval) -> (Option<Interval>, bool) {
    let end = |x: f64, open: bool| -> Corner {
        if x == 0.0 || x.is_infinite() {
            return Corner::exact(x, open);
        }
        let s = x.sqrt();
        if s * s == x && product_is_exact(s, s, x) { Corner::exact(s, open) } else { Corner::rounded(s).positive() }
    };
    let range = a.intersect(&Interval::nonnegative()).map(|m| map_increasing(&m, end));
    (range, a.is_nonnegative())
}

/// `a ^ b`, with real-valued semantics: an integer exponent takes any base (0 only when it is
/// nonnegative, 0^0 = 1); a non-integer one needs a base > 0, or 0 with an exponent > 0.
fn pow(a: &Interval, b: &Interval) -> (Option<Interval>, bool) {
    if let Some(k) = b.as_point()
        && k.fract() == 0.0
    {
        return pow_integer(a, k);
    }
    let total = a.is_positive() || (a.is_nonnegative() && b.is_positive());
    if a.lo < 0.0 && hull_contains_integer(b) {
        // a negative base with some integer exponent: any sign, any size
        return (Some(Interval::real()), false);
    }
    // where defined, the base is ≥ 0 (negative bases need an integer exponent, excluded above)
    let range = a.intersect(&Interval::nonnegative()).map(|m| pow_nonnegative(&m, b));
    (range, total)
}

/// `a ^ k` for an integer `k` (exactly known).
fn pow_integer(a: &Interval, k: f64) -> (Option<Interval>, bool) {
    if k == 0.0 {
        return (Some(Interval::point(1.0)), true);
    }
    let e = Interval::point(k);
    let odd = k % 2.0 != 0.0;
    // negative exponents exclude 0 from the base
    let (right, left) = if k > 0.0 {
        (Interval::nonnegative(), Interval::nonpositive())
    } else {
        (Interval::positive(), Interval::negative())
    };
    let plus = a.intersect(&right).map(|m| pow_nonnegative(&m, &e));
    let minus = a.intersect(&left).map(|m| {
        let r = pow_nonnegative(&m.neg(), &e);
        if odd { r.neg() } else { r }
    });
    let total = k > 0.0 || a.is_nonzero();
    (hull_opt(plus, minus), total)
}

/// `m ^ e` for a base `m ⊂ [0, ∞)`: x^y is monotone in each argument, so its extremes are at the
/// corners, taken as limits in x first (0^y = 0 for y > 0, ∞ for y < 0, 1 for y = 0; ∞^y
/// likewise; 1^y = 1; x^±∞ is 0 or ∞).
fn pow_nonnegative(m: &Interval, e: &Interval) -> Interval {
    corners(m, e, pow_corner)
}

fn pow_corner(x: f64, xo: bool, y: f64, yo: bool) -> Corner {
    if y == 0.0 {
        // x^0 = 1 for every x: attained wherever the exponent 0 is
        return Corner::exact(1.0, yo);
    }
    if x == 1.0 {
        return Corner::exact(1.0, xo);
    }
    if x == 0.0 {
        return if y > 0.0 { Corner::exact(0.0, xo) } else { Corner::exact(f64::INFINITY, true) };
    }
    if x.is_infinite() {
        return Corner::exact(if y > 0.0 { f64::INFINITY } else { 0.0 }, true);
    }
    if y.is_infinite() {
        return Corner::exact(if (x > 1.0) == (y > 0.0) { f64::INFINITY } else { 0.0 }, true);
    }
    // finite x > 0, x ≠ 1, finite y ≠ 0
    if y.fract() == 0.0
        && y.abs() <= 32.0
        && let Some(p) = exact_power(x, y.abs() as u32)
    {
        if y > 0.0 {
            return Corner::exact(p, xo || yo);
        }
        return div_finite(1.0, p, xo || yo);
    }
    Corner::loose(x.powf(y), POW_REL, 0.0).positive()
}

/// `x^n` if every step of the repeated product is exact (then so is any evaluation order).
fn exact_power(x: f64, n: u32) -> Option<f64> {
    let mut p = x;
    for _ in 1..n {
        let next = p * x;
        if !product_is_exact(p, x, next) {
            return None;
        }
        p = next;
    }
    Some(p)
}

/// Whether the closed hull of the interval contains an integer. The hull, not the interval: an
/// exponent in (1, 2) is never an integer exactly, but a computed one may round onto 1, and the
/// enclosure must also hold for computed values.
fn hull_contains_integer(b: &Interval) -> bool {
    !b.is_bounded() || b.lo.ceil() <= b.hi
}

/// Whether the interval contains one of 0, −1, −2, … (the poles of lgamma and digamma).
fn contains_pole(a: &Interval) -> bool {
    if a.is_positive() {
        return false;
    }
    let (cap, cap_open) = if a.hi > 0.0 { (0.0, false) } else { (a.hi, a.hi_open) };
    let mut n = cap.floor();
    if n == cap && cap_open {
        n -= 1.0;
    }
    n > a.lo || (n == a.lo && !a.lo_open)
}

/// lgamma = log|Γ|: defined off the poles 0, −1, −2, …; precise on x > 0 (decreasing up to
/// x₀ ≈ 1.4616, increasing after), the whole line on negative arguments.
fn lgamma(a: &Interval) -> (Option<Interval>, bool) {
    let total = !contains_pole(a);
    if a.lo < 0.0 {
        return (Some(Interval::real()), total);
    }
    let end = |x: f64, open: bool| -> Corner {
        if x == 0.0 || x.is_infinite() {
            Corner::exact(f64::INFINITY, true)
        } else if x == 1.0 || x == 2.0 {
            Corner::exact(0.0, open)
        } else {
            Corner::loose(special::lgamma(x), LGAMMA_REL, LGAMMA_ABS)
        }
    };
    let range = a.intersect(&Interval::positive()).map(|m| {
        if m.hi <= LGAMMA_ARGMIN_BELOW {
            map_decreasing(&m, end)
        } else if m.lo >= LGAMMA_ARGMIN_ABOVE {
            map_increasing(&m, end)
        } else {
            let bottom = Corner::loose(LGAMMA_MIN_BELOW, LGAMMA_REL, LGAMMA_ABS);
            let (left, right) = (end(m.lo, m.lo_open), end(m.hi, m.hi_open));
            let (hi, hi_open) = pick(left.up, left.open, right.up, right.open, false, true);
            Interval::from_ends(bottom.down, true, hi, hi_open)
        }
    });
    (range, total)
}

/// digamma ψ: defined off the poles; increasing on x > 0; the whole line on negative arguments.
fn digamma(a: &Interval) -> (Option<Interval>, bool) {
    let total = !contains_pole(a);
    if a.lo < 0.0 {
        return (Some(Interval::real()), total);
    }
    let end = |x: f64, _open: bool| -> Corner {
        if x == 0.0 {
            Corner::exact(f64::NEG_INFINITY, true)
        } else if x.is_infinite() {
            Corner::exact(x, true)
        } else {
            Corner::loose(special::digamma(x), DIGAMMA_REL, DIGAMMA_ABS)
        }
    };
    let range = a.intersect(&Interval::positive()).map(|m| map_increasing(&m, end));
    (range, total)
}

/// W₀: defined from −1/e on, increasing from W₀(−1/e) = −1.
fn lambertw(a: &Interval) -> (Option<Interval>, bool) {
    // every float ≥ LAMBERTW_DOMAIN_START is above −1/e; the float below it is −1/e rounded up,
    // where W₀ is defined in exact arithmetic but f64 evaluation gives NaN: counted as undefined
    let total = a.lo >= LAMBERTW_DOMAIN_START || (a.lo == LAMBERTW_DOMAIN_START.next_down() && a.lo_open);
    let end = |x: f64, open: bool| -> Corner {
        if x < LAMBERTW_DOMAIN_START {
            // the branch point (or below it: the defined part starts at −1/e)
            Corner::exact(-1.0, false)
        } else if x == 0.0 {
            Corner::exact(0.0, open)
        } else if x.is_infinite() {
            Corner::exact(x, true)
        } else {
            Corner::loose(special::lambertw(x), LAMBERTW_REL, LAMBERTW_ABS)
        }
    };
    if a.hi < LAMBERTW_DOMAIN_START.next_down() {
        return (None, false);
    }
    let lo = end(a.lo, a.lo_open);
    // an upper end at or below the domain's first float: W₀ there is within −1 + ~1e-8
    let hi = end(a.hi.max(LAMBERTW_DOMAIN_START), a.hi_open);
    (Some(Interval::from_ends(lo.down, lo.open, hi.up, hi.open)), total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(text: &str) -> Expr {
        Expr::parse(text).unwrap()
    }

    fn over(text: &str, u: Interval) -> Enclosure {
        enclose(&e(text), &|name| (name == "u").then_some(u))
    }

    #[test]
    fn exact_arithmetic_stays_exact() {
        let u = Interval::closed(1.0, 2.0);
        assert_eq!(over("u + 1", u).range, Interval::closed(2.0, 3.0));
        assert_eq!(over("u*u - 1", u).range, Interval::closed(0.0, 3.0));
        assert_eq!(over("u/2", u).range, Interval::closed(0.5, 1.0));
        assert_eq!(over("u^3", u).range, Interval::closed(1.0, 8.0));
        assert_eq!(over("u^-1", u).range, Interval::closed(0.5, 1.0));
        assert_eq!(over("sqrt(4*u)", u).range.lo, 2.0);
    }

    #[test]
    fn strict_signs_propagate() {
        let pos = Interval::positive();
        assert_eq!(over("1/u", pos).range, pos);
        assert_eq!(over("u + 1", pos).range, Interval::new(1.0, f64::INFINITY, true, true).unwrap());
        assert_eq!(over("exp(u)", pos).range.lo, 1.0);
        assert!(over("exp(u)", pos).range.lo_open);
        assert!(over("exp(-u)", pos).range.is_positive());
        assert_eq!(over("log(u)", pos).range, Interval::real());
        assert_eq!(over("sqrt(u)", pos).range, pos);
        assert_eq!(over("u^(1/2)", pos).range, pos);
        assert!(over("u^-3", pos).range.is_positive());
        assert!(over("u*u", pos).range.is_positive());
        assert!(over("-u", pos).range.is_negative());
    }

    #[test]
    fn zero_ends_are_attained_only_when_closed() {
        let unit = Interval::closed(0.0, 1.0);
        assert!(!over("u*2", unit).range.is_positive());
        assert_eq!(over("u*(u + 1)", unit).range, Interval::closed(0.0, 2.0));
        // x·y with x ∈ (0, 1), y = 0: the product is 0, attained
        let z = Interval::open(0.0, 1.0).mul(&Interval::point(0.0));
        assert_eq!(z, Interval::point(0.0));
        // 1^y = 1 attained along the edge x = 1
        let p = pow_nonnegative(&Interval::closed(1.0, 2.0), &Interval::open(0.0, 1.0));
        assert!(p.contains(1.0));
    }

    #[test]
    fn definedness() {
        let pos = Interval::positive();
        assert!(over("1/u", pos).total);
        assert!(!over("1/(u - 1)", pos).total);
        assert!(!over("log(u - 1)", pos).total);
        assert!(over("log(u + 1)", pos).total);
        assert!(!over("sqrt(u - 1)", pos).total);
        assert!(over("sqrt(u)", Interval::nonnegative()).total);
        assert!(!over("log(u)", Interval::nonnegative()).total);
        assert!(over("u^(1/2)", Interval::nonnegative()).total);
        assert!(!over("u^(-1/2)", Interval::nonnegative()).total);
        assert!(!over("u^-1", Interval::nonnegative()).total);
        assert!(over("u^3", Interval::real()).total);
        assert!(!over("u^(1/3)", Interval::real()).total);
        assert!(over("lgamma(u)", pos).total && over("digamma(u)", pos).total);
        assert!(!over("lgamma(u - 1)", pos).total);
        assert!(over("lgamma(u)", Interval::open(-1.0, 0.0)).total);
        assert!(!over("digamma(u)", Interval::closed(-1.0, -0.5)).total);
        assert!(over("lambertw(u - 1/3)", pos).total);
        assert!(!over("lambertw(u - 1/2)", pos).total);
        assert!(!over("0^u", Interval::closed(-1.0, 1.0)).total);
        assert!(over("0^u", Interval::closed(0.5, 1.0)).total);
    }

    #[test]
    fn partial_terms_still_enclose_where_defined() {
        let r = over("sqrt(u)", Interval::closed(-1.0, 4.0));
        assert!(!r.total);
        assert_eq!(r.range, Interval::closed(0.0, 2.0));
        let r = over("1/u", Interval::closed(0.0, 2.0));
        assert_eq!(r.range, Interval::new(0.5, f64::INFINITY, false, true).unwrap());
        let r = over("log(u)", Interval::closed(-3.0, 1.0));
        assert_eq!(r.range, Interval::new(f64::NEG_INFINITY, 0.0, true, false).unwrap());
        // nowhere defined: the whole line
        assert_eq!(over("1/(u - u)", Interval::point(1.0)).range, Interval::real());
    }

    #[test]
    fn even_odd_and_negative_powers() {
        let s = Interval::closed(-2.0, 1.0);
        assert_eq!(over("u^2", s).range, Interval::closed(0.0, 4.0));
        assert_eq!(over("u^3", s).range, Interval::closed(-8.0, 1.0));
        assert_eq!(over("u^0", s).range, Interval::point(1.0));
        let r = over("u^-2", s);
        assert!(!r.total);
        assert_eq!(r.range, Interval::new(0.25, f64::INFINITY, false, true).unwrap());
        let r = over("u^-1", Interval::closed(-2.0, -1.0));
        assert!(r.total);
        assert_eq!(r.range, Interval::closed(-1.0, -0.5));
        assert_eq!(over("abs(u)", s).range, Interval::closed(0.0, 2.0));
        assert_eq!(over("min(u, 0)", s).range, Interval::closed(-2.0, 0.0));
        assert_eq!(over("max(u, 0)", s).range, Interval::closed(0.0, 1.0));
    }

    #[test]
    fn powers_with_variable_exponents() {
        let r = |text: &str, u: Interval, v: Interval| enclose(&e(text), &|name| Some(if name == "u" { u } else { v }));
        let (pos, real) = (Interval::positive(), Interval::real());
        assert_eq!(r("2^v", pos, real).range, pos);
        assert_eq!(r("u^v", pos, real).range, pos);
        assert!(r("u^v", pos, real).total);
        assert_eq!(r("u^v", Interval::closed(0.0, 1.0), Interval::closed(1.0, 2.0)).range, Interval::closed(0.0, 1.0));
        assert!(r("u^v", Interval::closed(0.0, 1.0), Interval::closed(1.0, 2.0)).total);
        assert!(!r("u^v", Interval::closed(0.0, 1.0), Interval::closed(-1.0, 2.0)).total);
        // a negative base with exponents that may be integers: anything
        let mixed = r("u^v", Interval::closed(-1.0, 1.0), Interval::closed(0.5, 2.5));
        assert!(!mixed.total && mixed.range == real);
        // a negative base with no integer exponent: only the base ≥ 0 is defined
        let halves = r("u^v", Interval::closed(-1.0, 4.0), Interval::closed(0.25, 0.5));
        assert!(!halves.total && halves.range.is_nonnegative() && halves.range.hi <= 2.0 + 1e-12);
        assert!(r("exp(v)", pos, real).range.is_positive());
    }

    #[test]
    fn special_functions_are_monotone_where_they_should_be() {
        let r = over("lgamma(u)", Interval::positive()).range;
        assert!(r.lo < -0.1214862905358496 && r.lo > -0.1214862906);
        assert_eq!(r.hi, f64::INFINITY);
        let r = over("lgamma(u)", Interval::closed(3.0, 4.0)).range;
        assert!(r.lo < 2f64.ln() && r.lo > 0.69 && r.hi > 6f64.ln() && r.hi < 1.8);
        let r = over("digamma(u)", Interval::closed(1.0, 2.0)).range;
        // ψ(1) = −γ, ψ(2) = 1 − γ
        assert!(r.lo < -0.5772156649015329 && r.lo > -0.58 && r.hi > 0.42278433509846713 && r.hi < 0.43);
        let r = over("lambertw(u)", Interval::closed(-1.0, std::f64::consts::E)).range;
        assert_eq!(r.lo, -1.0);
        assert!(r.hi >= 1.0 && r.hi < 1.0 + 1e-12);
    }

    #[test]
    fn rationals_and_constants() {
        let third = Interval::of_rational(&Rational::new(1, 3));
        assert!(third.lo_open && third.hi_open && third.lo.next_up() == third.hi);
        let big: Rational = "123456789012345678901234567890".parse().unwrap();
        let b = Interval::of_rational(&big);
        assert!(b.lo < 1.2345678901234568e29 + 1e14 && b.hi > 1.2345678901234567e29);
        let tiny = Rational::from_big(num_rational::BigRational::new(1.into(), num_bigint::BigInt::from(10).pow(400)))
            .unwrap();
        let t = Interval::of_rational(&tiny);
        assert!(t.is_positive() && t.hi > 0.0 && t.hi < 1e-300);
        assert_eq!(Interval::of_rational(&Rational::from_integer(-7)), Interval::point(-7.0));
    }

    #[test]
    fn contains_pole_and_integer() {
        assert!(contains_pole(&Interval::closed(-0.5, 0.0)));
        assert!(!contains_pole(&Interval::new(-0.5, 0.0, false, true).unwrap()));
        assert!(contains_pole(&Interval::closed(-3.5, -2.5)));
        assert!(!contains_pole(&Interval::open(-3.0, -2.0)));
        assert!(hull_contains_integer(&Interval::closed(0.5, 1.0)));
        assert!(hull_contains_integer(&Interval::new(0.5, 1.0, false, true).unwrap()));
        assert!(!hull_contains_integer(&Interval::closed(0.5, 0.75)));
    }
}
