//! `conj f [at t]`: the convex conjugate f*(t) = sup_u (t·u − f(u)), by pieces with its domain and
//! how f'(u) = t was inverted, or its value at one t.

use crate::expr::Rational;
use crate::transforms::conjugate;

use super::super::args::split_top_level;
use super::super::command::Call;
use super::super::outcome::{Conjugated, Evaluated, Inversion, Number, Piece, steps};
use super::super::{Answer, ReplError, Session};

/// `conj f`, `conj f at t` (any t, negative included), or `conj f t` (a trailing number that
/// cannot be part of the generator).
pub(in crate::repl) fn conj(session: &mut Session, call: &Call<'_>) -> Result<Answer, ReplError> {
    let (line, rest) = (call.line, call.rest);
    let usage = || ReplError::Usage("conj <generator> [at <t>], e.g. conj kl or conj kl at -1".into());
    if rest.is_empty() {
        return Err(usage());
    }
    let tokens = split_top_level(rest);
    // `at` separates the generator from t, so `conj kl at -1` is never read as kl - 1
    let at_t = match tokens.iter().position(|t| *t == "at") {
        Some(i) => {
            let (generator_tokens, t_tokens) = (&tokens[..i], &tokens[i + 1..]);
            let t = t_tokens.join(" ");
            let t = t.parse::<Rational>().map_err(|_| {
                ReplError::Usage(format!("conj <generator> at <t>: '{t}' is not a number, e.g. conj kl at -1"))
            })?;
            if generator_tokens.is_empty() {
                return Err(usage());
            }
            Some((generator_tokens.join(" "), t))
        }
        None => None,
    };
    // without `at`, the whole argument is the generator when it reads as one (`conj u - 1`);
    // otherwise a trailing number is t (`conj kl 0.5`)
    let whole = if at_t.is_some() { Err(usage()) } else { session.generator(line, rest) };
    let trailing = || match tokens.as_slice() {
        [generator_tokens @ .., t_text] if !generator_tokens.is_empty() => {
            t_text.parse::<Rational>().ok().map(|t| (generator_tokens.join(" "), t))
        }
        _ => None,
    };
    let at_t = at_t.or_else(|| if whole.is_err() { trailing() } else { None });
    if let Some((generator_text, t)) = at_t {
        let generator = session.generator(line, &generator_text)?;
        let t = t.to_f64();
        let value = conjugate::conjugate_at(&generator, t).map_err(|e| ReplError::Failed(e.to_string()))?;
        if value.is_nan() {
            return Err(ReplError::Failed(format!("f*({t}) could not be computed")));
        }
        let shown = if value == f64::INFINITY { "inf".to_string() } else { value.to_string() };
        let outcome = Evaluated { value: Number(value), exact: None, t: Some(t) };
        return Ok(Answer::new(format!("f*({t}) = {shown}\n{shown}"), &outcome));
    }
    let generator = whole?;
    let c = conjugate::conjugate(&generator).map_err(|e| ReplError::Failed(e.to_string()))?;
    // the interior piece (the last, when derived) is the result; other pieces and the
    // effective domain come with it. Without it, the boundary pieces alone would misstate f*.
    let interior = match c.pieces.last() {
        // an affine f has no interior (f'(0+) = f'(∞)): its boundary pieces are all of f*
        Some(piece) if c.interior.is_some() || c.slopes.0 >= c.slopes.1 => piece,
        _ => {
            let known = if c.pieces.is_empty() {
                String::new()
            } else {
                let shown: Vec<String> = c.pieces.iter().map(|p| format!("{} for {}", p.value, range(p))).collect();
                format!("; known: f*(t) = {}", shown.join("; "))
            };
            return Err(ReplError::Failed(format!(
                "f'(u) = t is not invertible by the rules{known}; evaluate numerically with conj {rest} at <t> (effective domain: {})",
                c.domain
            )));
        }
    };
    let result = interior.value.to_string();
    // how the interior piece was found: the form of f' inverted and the root u*(t)
    let inversion = c.inversion.as_ref().map(|inv| Inversion {
        method: match inv.method {
            conjugate::Method::Rules => "rules",
            conjugate::Method::LambertW(_) => "lambertw",
        },
        form: inv.form.to_string(),
        root: inv.root.to_string(),
    });
    let how = inversion.as_ref().map_or(String::new(), |inv| {
        let by = if inv.method == "lambertw" { "the Lambert W rule" } else { "the inversion rules" };
        format!("solved f'(u) = {} = t by {by}: u* = {}\n", inv.form, inv.root)
    });
    let text = format!(
        "f*(t) = {}\nfinite for {} (+inf elsewhere)\n{how}{result}",
        c.pieces.iter().map(|p| format!("{} for {}", p.value, range(p))).collect::<Vec<_>>().join("; "),
        c.domain
    );
    let outcome = Conjugated {
        result,
        domain: range(interior),
        effective_domain: c.domain.to_string(),
        pieces: c.pieces.iter().map(|p| Piece { value: p.value.to_string(), domain: range(p) }).collect(),
        steps: c.interior.as_ref().map(steps),
        inversion,
    };
    Ok(Answer::new(text, &outcome).with_expr(&interior.value, &["t"]))
}

/// Where a piece holds, as text: `t <= -2`, `-2 < t`, `all real t`.
fn range(p: &conjugate::Piece) -> String {
    let end = |x: f64| match x {
        f64::INFINITY => "inf".to_string(),
        f64::NEG_INFINITY => "-inf".to_string(),
        x => x.to_string(),
    };
    let lo = if p.lo_closed { format!("{} <= t", end(p.lo)) } else { format!("{} < t", end(p.lo)) };
    let hi = if p.hi_closed { format!("t <= {}", end(p.hi)) } else { format!("t < {}", end(p.hi)) };
    match (p.lo == f64::NEG_INFINITY, p.hi == f64::INFINITY) {
        (true, true) => "all real t".to_string(),
        (true, false) => hi,
        (false, true) => lo,
        (false, false) => format!("{lo} and {hi}"),
    }
}
