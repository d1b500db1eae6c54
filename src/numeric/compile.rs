//! Compiled `f64` evaluation: an expression turned once into a flat register program.
//!
//! Compilation shares repeated subexpressions (`p/q` in `p/q*log(p/q)` is computed once), folds
//! subexpressions without variables into constants, and specialises powers (`x^2` is `x*x`,
//! `x^k` for a small integer is `powi`, `x^(1/2)` is `sqrt`). Variables are bound by slot: the
//! caller passes `&[f64]` in the order given to [`Compiled::new`], never names.
//!
//! The register file holds the variables first, then the constants, then one register per
//! instruction: variables and constants are operands, not instructions. `x*ln(y)` is one fused
//! instruction and `x/2` a multiplication by 1/2, so `u*log(u)` runs a single instruction.
//! Constants are kept in a template that each evaluation copies.
//!
//! This is internal machinery and follows IEEE arithmetic (NaN, ±∞); every public result built on
//! it checks for non-finite values before a user sees them.

use std::collections::HashMap;

use egg::Id;

use super::NumericError;
use super::special;
use crate::expr::{Expr, Math};

/// Registers kept on the stack when evaluating one point; longer programs use the heap.
const STACK_REGISTERS: usize = 32;

/// Registers of the smaller stack frame, enough for most generators. A power of two: register
/// indices are masked with `SMALL_REGISTERS - 1`, which costs less than a bounds check and is
/// exact since every index of a program that uses this frame is below it.
const SMALL_REGISTERS: usize = 16;

/// `SMALL_REGISTERS - 1`: `k & SMALL_MASK` is `k` for every register index `k` of a program
/// that uses the small register file.
const SMALL_MASK: usize = SMALL_REGISTERS - 1;

/// Points evaluated together, one instruction at a time, by [`Compiled::eval_batch`].
const BATCH: usize = 64;

/// One instruction: its operands are register indices (variables, constants, earlier
/// instructions). `Const` and `Var` exist while building; the finished program has none.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Op {
    Const(f64),
    Var(u32),
    Add(u32, u32),
    Sub(u32, u32),
    Mul(u32, u32),
    Div(u32, u32),
    Pow(u32, u32),
    PowI(u32, i32),
    Square(u32),
    Neg(u32),
    Log(u32),
    Exp(u32),
    Sqrt(u32),
    Abs(u32),
    Min(u32, u32),
    Max(u32, u32),
    Lgamma(u32),
    Digamma(u32),
    LambertW(u32),
    /// `x * ln(y)`, the shape of every divergence integrand: fused so that it costs one
    /// dispatch, not two.
    MulLn(u32, u32),
}

/// An expression compiled for fast repeated `f64` evaluation.
///
/// # Examples
///
/// ```
/// use fdiv::expr::Expr;
/// use fdiv::numeric::Compiled;
/// let integrand = Expr::parse("q*(p/q)*log(p/q)").unwrap();
/// let f = Compiled::new(&integrand, &["p", "q"]).unwrap();
/// assert!((f.eval(&[0.2, 0.4]) - 0.2 * 0.5f64.ln()).abs() < 1e-16);
/// ```
#[derive(Debug, Clone)]
pub struct Compiled {
    /// The instructions; instruction `i` writes register `registers.len() + i`.
    ops: Vec<Op>,
    /// The register file before the first instruction: `arity` variables (placeholders, 0),
    /// then the constants.
    registers: Vec<f64>,
    /// The register holding the result.
    root: u32,
    arity: usize,
    /// Variables used, constants and instructions: the size of the program.
    len: usize,
}

impl Compiled {
    /// Compiles `expr` with the variables `vars`, bound by position at evaluation.
    ///
    /// # Errors
    ///
    /// [`NumericError::UnboundSymbol`] if `expr` uses a symbol not in `vars`.
    pub fn new(expr: &Expr, vars: &[&str]) -> Result<Compiled, NumericError> {
        let mut builder = Builder::default();
        let mut reg_of: Vec<u32> = Vec::with_capacity(expr.nodes().len());
        for node in expr.nodes() {
            let r = |id: &Id| reg_of[usize::from(*id)];
            let op = match node {
                Math::Num(q) => Op::Const(q.to_f64()),
                Math::Pi => Op::Const(std::f64::consts::PI),
                Math::E => Op::Const(std::f64::consts::E),
                Math::Symbol(s) => {
                    let slot = vars
                        .iter()
                        .position(|v| *v == s.as_str())
                        .ok_or_else(|| NumericError::UnboundSymbol(s.to_string()))?;
                    Op::Var(slot as u32)
                }
                Math::Add([a, b]) => Op::Add(r(a), r(b)),
                Math::Sub([a, b]) => Op::Sub(r(a), r(b)),
                Math::Mul([a, b]) => Op::Mul(r(a), r(b)),
                Math::Div([a, b]) => builder.divide(r(a), r(b)),
                Math::Pow([a, b]) => builder.power(r(a), r(b)),
                Math::Neg(a) => Op::Neg(r(a)),
                Math::Log(a) => Op::Log(r(a)),
                Math::Exp(a) => Op::Exp(r(a)),
                Math::Sqrt(a) => Op::Sqrt(r(a)),
                Math::Abs(a) => Op::Abs(r(a)),
                Math::Min([a, b]) => Op::Min(r(a), r(b)),
                Math::Max([a, b]) => Op::Max(r(a), r(b)),
                Math::Lgamma(a) => Op::Lgamma(r(a)),
                Math::Digamma(a) => Op::Digamma(r(a)),
                Math::LambertW(a) => Op::LambertW(r(a)),
            };
            let reg = builder.push(op);
            reg_of.push(reg);
        }
        let root = *reg_of.last().expect("an expression has a root");
        Ok(builder.finish(root, vars.len()))
    }

    /// The number of variables the program takes.
    pub fn arity(&self) -> usize {
        self.arity
    }

    /// The number of values the program holds after sharing and folding: the variables it
    /// uses, its constants and its instructions.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the program is empty (never: a program computes at least one value).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The size of the register file: variables, constants and one per instruction.
    fn register_count(&self) -> usize {
        self.registers.len() + self.ops.len()
    }

    /// Evaluates at one point; `args[i]` is the value of the `i`-th variable given to
    /// [`Compiled::new`]. IEEE semantics: the result may be NaN or ±∞.
    ///
    /// # Panics
    ///
    /// If `args` is shorter than [`Compiled::arity`].
    #[inline]
    pub fn eval(&self, args: &[f64]) -> f64 {
        assert!(args.len() >= self.arity, "Compiled::eval: {} values for {} variables", args.len(), self.arity);
        let n = self.register_count();
        if n <= SMALL_REGISTERS {
            // element by element: a slice copy of a few values would be a call to memmove
            let mut regs = [0.0; SMALL_REGISTERS];
            for (k, &a) in args.iter().enumerate().take(self.arity) {
                regs[k & SMALL_MASK] = a;
            }
            for (k, &c) in self.registers.iter().enumerate().skip(self.arity) {
                regs[k & SMALL_MASK] = c;
            }
            self.execute_small(args, &mut regs)
        } else if n <= STACK_REGISTERS {
            self.run(args, &mut [0.0; STACK_REGISTERS])
        } else {
            self.run(args, &mut vec![0.0; n])
        }
    }

    /// Evaluates at one point and checks the result: `Ok` only for a finite value.
    ///
    /// # Errors
    ///
    /// [`NumericError::NotFinite`] for NaN or ±∞.
    pub fn eval_finite(&self, args: &[f64]) -> Result<f64, NumericError> {
        let value = self.eval(args);
        if value.is_finite() {
            Ok(value)
        } else {
            Err(NumericError::NotFinite { what: format!("the value at {args:?}") })
        }
    }

    /// Evaluates at many points: `columns[i][k]` is the `i`-th variable at point `k`, and
    /// `out[k]` receives the value. Runs each instruction over a block of points at a time,
    /// which lets the compiler vectorise arithmetic.
    ///
    /// # Panics
    ///
    /// If there are fewer columns than variables, or a column is shorter than `out`.
    pub fn eval_batch(&self, columns: &[&[f64]], out: &mut [f64]) {
        assert!(columns.len() >= self.arity, "Compiled::eval_batch: too few columns");
        assert!(columns.iter().all(|c| c.len() >= out.len()), "Compiled::eval_batch: short column");
        let first = self.registers.len();
        let mut regs = vec![[0.0f64; BATCH]; self.register_count()];
        // the constants, once for all blocks
        for (reg, &c) in regs.iter_mut().zip(&self.registers).skip(self.arity) {
            reg.fill(c);
        }
        for start in (0..out.len()).step_by(BATCH) {
            let n = BATCH.min(out.len() - start);
            for (reg, column) in regs.iter_mut().zip(columns).take(self.arity) {
                reg[..n].copy_from_slice(&column[start..start + n]);
            }
            for (i, op) in self.ops.iter().enumerate() {
                let (done, rest) = regs.split_at_mut(first + i);
                let dst = &mut rest[0][..n];
                let src = |r: u32| &done[r as usize][..n];
                match *op {
                    // not in a finished program: constants and variables are registers
                    Op::Const(c) => dst.fill(c),
                    Op::Var(v) => dst.copy_from_slice(&columns[v as usize][start..start + n]),
                    Op::Add(a, b) => zip2(dst, src(a), src(b), |x, y| x + y),
                    Op::Sub(a, b) => zip2(dst, src(a), src(b), |x, y| x - y),
                    Op::Mul(a, b) => zip2(dst, src(a), src(b), |x, y| x * y),
                    Op::Div(a, b) => zip2(dst, src(a), src(b), |x, y| x / y),
                    Op::Pow(a, b) => zip2(dst, src(a), src(b), f64::powf),
                    Op::Min(a, b) => zip2(dst, src(a), src(b), min),
                    Op::Max(a, b) => zip2(dst, src(a), src(b), max),
                    Op::PowI(a, k) => map1(dst, src(a), |x| x.powi(k)),
                    Op::Square(a) => map1(dst, src(a), |x| x * x),
                    Op::Neg(a) => map1(dst, src(a), |x| -x),
                    Op::Log(a) => map1(dst, src(a), f64::ln),
                    Op::Exp(a) => map1(dst, src(a), f64::exp),
                    Op::Sqrt(a) => map1(dst, src(a), f64::sqrt),
                    Op::Abs(a) => map1(dst, src(a), f64::abs),
                    Op::Lgamma(a) => map1(dst, src(a), special::lgamma),
                    Op::Digamma(a) => map1(dst, src(a), special::digamma),
                    Op::LambertW(a) => map1(dst, src(a), special::lambertw),
                    Op::MulLn(a, b) => zip2(dst, src(a), src(b), |x, y| x * y.ln()),
                }
            }
            out[start..start + n].copy_from_slice(&regs[self.root as usize][..n]);
        }
    }

    /// Loads the variables and constants into `regs` (at least [`Compiled::register_count`]
    /// long) and runs the program.
    fn run(&self, args: &[f64], regs: &mut [f64]) -> f64 {
        regs[..self.registers.len()].copy_from_slice(&self.registers);
        regs[..self.arity].copy_from_slice(&args[..self.arity]);
        self.execute(args, regs)
    }

    /// Runs the instructions on registers already holding the variables and constants.
    #[inline(always)]
    fn execute(&self, args: &[f64], regs: &mut [f64]) -> f64 {
        let first = self.registers.len();
        for (i, op) in self.ops.iter().enumerate() {
            regs[first + i] = step(*op, |k| regs[k as usize], args);
        }
        regs[self.root as usize]
    }

    /// [`Compiled::execute`] on the small register file, with masked indices.
    #[inline(always)]
    fn execute_small(&self, args: &[f64], regs: &mut [f64; SMALL_REGISTERS]) -> f64 {
        const MASK: usize = SMALL_MASK;
        let first = self.registers.len();
        // the previous instruction's value stays in a CPU register: reading it back from
        // memory would wait for the store to be forwarded
        let mut last = regs[first.wrapping_sub(1) & MASK];
        for (i, op) in self.ops.iter().enumerate() {
            let previous = (first + i).wrapping_sub(1);
            last = step(*op, |k| if k as usize == previous { last } else { regs[k as usize & MASK] }, args);
            regs[(first + i) & MASK] = last;
        }
        // the root is the last instruction, or a variable or constant when there is none
        if self.ops.is_empty() { regs[self.root as usize & MASK] } else { last }
    }
}

/// One instruction's value, reading registers through `r`.
#[inline(always)]
fn step(op: Op, r: impl Fn(u32) -> f64, args: &[f64]) -> f64 {
    match op {
        Op::Const(c) => c,
        Op::Var(v) => args[v as usize],
        Op::Add(a, b) => r(a) + r(b),
        Op::Sub(a, b) => r(a) - r(b),
        Op::Mul(a, b) => r(a) * r(b),
        Op::Div(a, b) => r(a) / r(b),
        Op::Pow(a, b) => r(a).powf(r(b)),
        Op::PowI(a, k) => r(a).powi(k),
        Op::Square(a) => r(a) * r(a),
        Op::Neg(a) => -r(a),
        Op::Log(a) => r(a).ln(),
        Op::Exp(a) => r(a).exp(),
        Op::Sqrt(a) => r(a).sqrt(),
        Op::Abs(a) => r(a).abs(),
        Op::Min(a, b) => min(r(a), r(b)),
        Op::Max(a, b) => max(r(a), r(b)),
        Op::Lgamma(a) => special::lgamma(r(a)),
        Op::Digamma(a) => special::digamma(r(a)),
        Op::LambertW(a) => special::lambertw(r(a)),
        Op::MulLn(a, b) => r(a) * r(b).ln(),
    }
}

/// Whether `x` is ±2ᵏ: its significand bits are all zero.
fn is_power_of_two(x: f64) -> bool {
    x.is_normal() && x.to_bits() & ((1u64 << 52) - 1) == 0
}

/// min that propagates NaN (f64::min would hide it).
fn min(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() { f64::NAN } else { x.min(y) }
}

/// max that propagates NaN (f64::max would hide it).
fn max(x: f64, y: f64) -> f64 {
    if x.is_nan() || y.is_nan() { f64::NAN } else { x.max(y) }
}

fn zip2(dst: &mut [f64], a: &[f64], b: &[f64], f: impl Fn(f64, f64) -> f64) {
    for ((d, &x), &y) in dst.iter_mut().zip(a).zip(b) {
        *d = f(x, y);
    }
}

fn map1(dst: &mut [f64], a: &[f64], f: impl Fn(f64) -> f64) {
    for (d, &x) in dst.iter_mut().zip(a) {
        *d = f(x);
    }
}

/// Builds the program: hash-consing shares repeated instructions, and instructions whose
/// operands are all constants are evaluated at once.
#[derive(Default)]
struct Builder {
    ops: Vec<Op>,
    seen: HashMap<OpKey, u32>,
}

/// A hashable image of an [`Op`] (constants by their bits).
#[derive(Hash, PartialEq, Eq)]
struct OpKey(u8, u64, u64);

impl Builder {
    fn constant(&self, r: u32) -> Option<f64> {
        match self.ops[r as usize] {
            Op::Const(c) => Some(c),
            _ => None,
        }
    }

    /// `a / b`, a multiplication when `b` is a constant power of two: `x/2` is `x*0.5`, the
    /// same number (both are x·2⁻¹ correctly rounded), at a fraction of the latency.
    fn divide(&mut self, a: u32, b: u32) -> Op {
        match self.constant(b) {
            Some(c) if is_power_of_two(c) && (1.0 / c).is_normal() => {
                let reciprocal = self.push(Op::Const(1.0 / c));
                Op::Mul(a, reciprocal)
            }
            _ => Op::Div(a, b),
        }
    }

    /// `a ^ b`, specialised when the exponent is a known constant.
    fn power(&mut self, a: u32, b: u32) -> Op {
        match self.constant(b) {
            Some(2.0) => Op::Square(a),
            Some(0.5) => Op::Sqrt(a),
            // powi is exact enough for small integers (at most a few roundings)
            Some(k) if k.fract() == 0.0 && k.abs() <= 16.0 => Op::PowI(a, k as i32),
            _ => Op::Pow(a, b),
        }
    }

    fn push(&mut self, op: Op) -> u32 {
        let op = self.fold(op);
        let key = key(&op);
        if let Some(&r) = self.seen.get(&key) {
            return r;
        }
        let r = self.ops.len() as u32;
        self.ops.push(op);
        self.seen.insert(key, r);
        r
    }

    /// Evaluates an instruction whose operands are all constants.
    fn fold(&self, op: Op) -> Op {
        let operands = operands(&op);
        if operands.is_empty() || operands.iter().any(|&r| self.constant(r).is_none()) {
            return op;
        }
        // every operand is a constant: checked just above
        Op::Const(step(op, |r| self.constant(r).unwrap_or(f64::NAN), &[]))
    }

    /// The program that ends at `root`, dropping instructions the root does not use, with the
    /// variables and constants moved into the register file ahead of the instructions.
    fn finish(self, root: u32, arity: usize) -> Compiled {
        let mut ops = self.ops;
        fuse_multiply_log(&mut ops, root);
        let mut used = vec![false; ops.len()];
        used[root as usize] = true;
        for i in (0..ops.len()).rev() {
            if used[i] {
                for r in operands(&ops[i]) {
                    used[r as usize] = true;
                }
            }
        }
        // registers: variables by slot, then constants, then instructions in order
        let mut registers = vec![0.0; arity];
        for op in ops.iter().zip(&used).filter(|(_, u)| **u).map(|(op, _)| op) {
            if let Op::Const(c) = op {
                registers.push(*c);
            }
        }
        let mut new_index = vec![0u32; ops.len()];
        let mut next_constant = arity as u32;
        let mut next_instruction = registers.len() as u32;
        let mut program = Vec::new();
        let mut len = 0;
        for (i, op) in ops.iter().enumerate() {
            if !used[i] {
                continue;
            }
            len += 1;
            new_index[i] = match *op {
                Op::Var(v) => v,
                Op::Const(_) => {
                    next_constant += 1;
                    next_constant - 1
                }
                _ => {
                    program.push(remap(op, &new_index));
                    next_instruction += 1;
                    next_instruction - 1
                }
            };
        }
        // the root is the last instruction (every other used one feeds into it), which
        // `execute_small` relies on, or a variable or constant when there is no instruction
        debug_assert!(program.is_empty() || new_index[root as usize] + 1 == next_instruction);
        Compiled { ops: program, registers, root: new_index[root as usize], arity, len }
    }
}

/// Rewrites `x * ln(y)` (either order) into one [`Op::MulLn`] where the logarithm has no other
/// use; the logarithm's instruction is then dead and dropped by [`Builder::finish`].
fn fuse_multiply_log(ops: &mut [Op], root: u32) {
    let mut uses = vec![0usize; ops.len()];
    uses[root as usize] += 1;
    for op in ops.iter() {
        for r in operands(op) {
            uses[r as usize] += 1;
        }
    }
    for i in 0..ops.len() {
        if let Op::Mul(a, b) = ops[i] {
            let log_of = |r: u32| match ops[r as usize] {
                Op::Log(y) if uses[r as usize] == 1 => Some(y),
                _ => None,
            };
            if let Some(y) = log_of(b) {
                ops[i] = Op::MulLn(a, y);
            } else if let Some(y) = log_of(a) {
                ops[i] = Op::MulLn(b, y);
            }
        }
    }
}

fn operands(op: &Op) -> Vec<u32> {
    match *op {
        Op::Const(_) | Op::Var(_) => vec![],
        Op::Add(a, b)
        | Op::Sub(a, b)
        | Op::Mul(a, b)
        | Op::Div(a, b)
        | Op::Pow(a, b)
        | Op::Min(a, b)
        | Op::Max(a, b)
        | Op::MulLn(a, b) => {
            vec![a, b]
        }
        Op::PowI(a, _)
        | Op::Square(a)
        | Op::Neg(a)
        | Op::Log(a)
        | Op::Exp(a)
        | Op::Sqrt(a)
        | Op::Abs(a)
        | Op::Lgamma(a)
        | Op::Digamma(a)
        | Op::LambertW(a) => vec![a],
    }
}

fn remap(op: &Op, new_index: &[u32]) -> Op {
    let m = |r: u32| new_index[r as usize];
    match *op {
        Op::Const(c) => Op::Const(c),
        Op::Var(v) => Op::Var(v),
        Op::Add(a, b) => Op::Add(m(a), m(b)),
        Op::Sub(a, b) => Op::Sub(m(a), m(b)),
        Op::Mul(a, b) => Op::Mul(m(a), m(b)),
        Op::Div(a, b) => Op::Div(m(a), m(b)),
        Op::Pow(a, b) => Op::Pow(m(a), m(b)),
        Op::Min(a, b) => Op::Min(m(a), m(b)),
        Op::Max(a, b) => Op::Max(m(a), m(b)),
        Op::PowI(a, k) => Op::PowI(m(a), k),
        Op::Square(a) => Op::Square(m(a)),
        Op::Neg(a) => Op::Neg(m(a)),
        Op::Log(a) => Op::Log(m(a)),
        Op::Exp(a) => Op::Exp(m(a)),
        Op::Sqrt(a) => Op::Sqrt(m(a)),
        Op::Abs(a) => Op::Abs(m(a)),
        Op::Lgamma(a) => Op::Lgamma(m(a)),
        Op::Digamma(a) => Op::Digamma(m(a)),
        Op::LambertW(a) => Op::LambertW(m(a)),
        Op::MulLn(a, b) => Op::MulLn(m(a), m(b)),
    }
}

fn key(op: &Op) -> OpKey {
    let (tag, a, b): (u8, u64, u64) = match *op {
        Op::Const(c) => (0, c.to_bits(), 0),
        Op::Var(v) => (1, v.into(), 0),
        Op::Add(a, b) => (2, a.into(), b.into()),
        Op::Sub(a, b) => (3, a.into(), b.into()),
        Op::Mul(a, b) => (4, a.into(), b.into()),
        Op::Div(a, b) => (5, a.into(), b.into()),
        Op::Pow(a, b) => (6, a.into(), b.into()),
        Op::PowI(a, k) => (7, a.into(), k as u32 as u64),
        Op::Square(a) => (8, a.into(), 0),
        Op::Neg(a) => (9, a.into(), 0),
        Op::Log(a) => (10, a.into(), 0),
        Op::Exp(a) => (11, a.into(), 0),
        Op::Sqrt(a) => (12, a.into(), 0),
        Op::Abs(a) => (13, a.into(), 0),
        Op::Min(a, b) => (14, a.into(), b.into()),
        Op::Max(a, b) => (15, a.into(), b.into()),
        Op::Lgamma(a) => (16, a.into(), 0),
        Op::Digamma(a) => (17, a.into(), 0),
        Op::LambertW(a) => (18, a.into(), 0),
        Op::MulLn(a, b) => (19, a.into(), b.into()),
    };
    OpKey(tag, a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(text: &str, vars: &[&str]) -> Compiled {
        Compiled::new(&Expr::parse(text).unwrap(), vars).unwrap()
    }

    #[test]
    fn shares_repeated_subexpressions_and_folds_constants() {
        // p, q, p/q, and p/q·log(p/q) as one fused instruction; p/q computed once
        assert_eq!(compile("p/q*log(p/q)", &["p", "q"]).len(), 4);
        // a logarithm used twice is computed once and not fused
        let f = compile("log(u)*u + log(u)", &["u"]);
        assert_eq!(f.len(), 4);
        assert_eq!(f.eval(&[2.0]), 2f64.ln() * 2.0 + 2f64.ln());
        // the constant 1/2*log(2) folds to one instruction
        assert_eq!(compile("1/2*log(2)", &[]).len(), 1);
        assert_eq!(compile("(1/2)*log(2)*u", &["u"]).len(), 3);
    }

    #[test]
    fn evaluates_like_plain_rust() {
        let js = compile("1/2*(u*log(u) - (u + 1)*log((u + 1)/2))", &["u"]);
        for u in [1e-300f64, 0.3, 1.0, 2.5, 1e10] {
            let expected = 0.5 * (u * u.ln() - (u + 1.0) * ((u + 1.0) / 2.0).ln());
            assert_eq!(js.eval(&[u]), expected);
        }
        let f = compile("u^2 + u^3 + u^-1 + u^(1/2) + u^0.3 + min(u, 1) + max(u, 1) + abs(-u)", &["u"]);
        let u: f64 = 1.7;
        let expected = u * u + u.powi(3) + u.powi(-1) + u.sqrt() + u.powf(0.3) + 1.0 + u + u;
        assert_eq!(f.eval(&[u]), expected);
    }

    #[test]
    fn follows_ieee_and_eval_finite_reports() {
        let kl = compile("u*log(u)", &["u"]);
        assert!(kl.eval(&[0.0]).is_nan()); // 0·(−∞): the limit is a job for the caller
        assert!(kl.eval_finite(&[0.0]).is_err());
        assert!(compile("max(u, 1)", &["u"]).eval(&[f64::NAN]).is_nan());
        assert_eq!(compile("1/u", &["u"]).eval(&[0.0]), f64::INFINITY);
    }

    #[test]
    fn unbound_symbols_are_errors() {
        let err = Compiled::new(&Expr::parse("p*log(p/q)").unwrap(), &["p"]).unwrap_err();
        assert_eq!(err, NumericError::UnboundSymbol("q".into()));
    }

    #[test]
    fn batch_matches_pointwise() {
        let f = compile("q*((p/q)^2 - 1) + sqrt(p*q) + lgamma(p + 1)", &["p", "q"]);
        let p: Vec<f64> = (0..300).map(|i| 0.01 + i as f64 * 0.1).collect();
        let q: Vec<f64> = (0..300).map(|i| 2.0 / (1.0 + i as f64)).collect();
        let mut out = vec![0.0; 300];
        f.eval_batch(&[&p, &q], &mut out);
        for k in 0..300 {
            assert_eq!(out[k], f.eval(&[p[k], q[k]]));
        }
    }

    #[test]
    fn division_by_a_power_of_two_is_a_multiplication() {
        let f = compile("u/2 + u/(-1/4) + u/3", &["u"]);
        for u in [1.0, 3.0, 1e-310, f64::MAX, 0.1] {
            assert_eq!(f.eval(&[u]), u / 2.0 + u / -0.25 + u / 3.0, "{u}");
        }
        assert!(is_power_of_two(0.5) && is_power_of_two(-4.0) && !is_power_of_two(3.0) && !is_power_of_two(0.0));
    }

    #[test]
    fn programs_without_instructions() {
        // the result is a variable or a constant register: nothing to run
        for (text, expected) in [("u", 3.0), ("v", 5.0), ("2^-1", 0.5), ("pi", std::f64::consts::PI)] {
            let f = compile(text, &["u", "v"]);
            assert_eq!(f.len(), 1, "{text}");
            assert_eq!(f.eval(&[3.0, 5.0]), expected, "{text}");
            let mut out = [0.0; 3];
            f.eval_batch(&[&[3.0; 3], &[5.0; 3]], &mut out);
            assert_eq!(out, [expected; 3], "{text}");
        }
    }

    #[test]
    fn register_files_of_every_size() {
        // 1 + 2 + … + k: small (≤ 16 registers), medium (≤ 32) and heap-allocated files
        for k in [2usize, 5, 12, 40] {
            let text = (1..=k).map(|j| format!("{j}*u")).collect::<Vec<_>>().join(" + ");
            let f = compile(&text, &["u"]);
            let expected = (k * (k + 1) / 2) as f64;
            assert_eq!(f.eval(&[1.0]), expected, "{text}");
            let mut out = [0.0; 100];
            f.eval_batch(&[&[1.0; 100]], &mut out);
            assert!(out.iter().all(|&v| v == expected), "{text}");
        }
    }

    #[test]
    fn long_programs_use_the_heap() {
        let text = (1..=60).map(|k| format!("u^{k}")).collect::<Vec<_>>().join(" + ");
        let f = compile(&text, &["u"]);
        assert!(f.len() > STACK_REGISTERS);
        assert_eq!(f.eval(&[1.0]), 60.0);
    }
}
