//! The session's state: binding generators (`f = …`), `list`, `show`, `unbind`, `clear`,
//! `assume` (parameter ranges), and `quit`.

use crate::generator::{VARIABLE, catalogue};
use crate::transforms::equivalence;

use super::super::args::{parse_assumption, range_text, split_binding};
use super::super::command::Call;
use super::super::outcome::{Assumed, Bound, Cleared, Listing, Quit, Shown, Unbound};
use super::super::{Answer, ReplError, Session, is_reserved};

/// `name = rhs` or `name(u) = rhs` (the whole line): binds a generator, naming the catalogue
/// entry it is the same divergence as.
pub(in crate::repl) fn bind(session: &mut Session, call: &Call<'_>) -> Result<Answer, ReplError> {
    let usage = || ReplError::Usage("<name> = <expression in u>, e.g. f = u*log(u)".into());
    let (name, rhs) = split_binding(call.line).ok_or_else(usage)?;
    if is_reserved(name) {
        return Err(ReplError::Failed(format!("'{name}' is reserved: choose another name")));
    }
    let generator = session.generator(call.line, rhs)?;
    let expr = generator.f().to_string();
    // a user's generator that is a catalogue entry up to c·(u − 1) is named as such
    let recognised = match catalogue::lookup(rhs.trim()) {
        Some(_) => None,
        None => equivalence::recognise(&generator, &session.simplify_assumptions()).map(|(entry, _)| entry.name),
    };
    let note = recognised.map(|n| format!("  (the same divergence as {n})")).unwrap_or_default();
    let text = format!("{name}(u) = {expr}{note}\n{expr}");
    let outcome = Bound { bound: name.to_string(), expr, recognised };
    let answer = Answer::new(text, &outcome).with_expr(generator.f(), &[VARIABLE]);
    session.bindings.insert(name.to_string(), generator.named(name));
    Ok(answer)
}

/// `list`: the bindings, the assumptions and the catalogue.
pub(in crate::repl) fn list(session: &mut Session, _: &Call<'_>) -> Result<Answer, ReplError> {
    let mut lines = Vec::new();
    let mut outcome =
        Listing { bindings: Default::default(), assumptions: Default::default(), catalogue: Default::default() };
    for (name, generator) in &session.bindings {
        lines.push(format!("{name}(u) = {}", generator.f()));
        outcome.bindings.insert(name.clone(), generator.f().to_string());
    }
    for (name, range) in &session.assumptions {
        lines.push(format!("assume {name} in {}", range_text(range)));
        outcome.assumptions.insert(name.clone(), range_text(range));
    }
    if lines.is_empty() {
        lines.push("no bindings yet: try f = u*log(u)".into());
    }
    lines.push("catalogue:".into());
    for entry in catalogue::entries() {
        lines.push(format!("  {:<12} {} — f(u) = {}", entry.name, entry.title, entry.f));
        outcome.catalogue.insert(entry.name.to_string(), entry.f.to_string());
    }
    Ok(Answer::new(lines.join("\n"), &outcome))
}

/// `show f`: a generator's expression.
pub(in crate::repl) fn show(session: &mut Session, call: &Call<'_>) -> Result<Answer, ReplError> {
    let generator = session.generator(call.line, call.rest)?;
    let expr = generator.f().to_string();
    Ok(Answer::new(expr.clone(), &Shown { expr }).with_expr(generator.f(), &[VARIABLE]))
}

/// `unbind f`.
pub(in crate::repl) fn unbind(session: &mut Session, call: &Call<'_>) -> Result<Answer, ReplError> {
    let name = call.rest.trim();
    match session.bindings.remove(name) {
        Some(_) => Ok(Answer::new(format!("unbound {name}"), &Unbound { unbound: name.to_string() })),
        None => Err(ReplError::UnknownName(name.to_string())),
    }
}

/// `clear`: forgets every binding and assumption.
pub(in crate::repl) fn clear(session: &mut Session, _: &Call<'_>) -> Result<Answer, ReplError> {
    session.bindings.clear();
    session.assumptions.clear();
    Ok(Answer::new("cleared", &Cleared { cleared: true }))
}

/// `assume a > 0`, `assume a in (0, 1]`.
pub(in crate::repl) fn assume(session: &mut Session, call: &Call<'_>) -> Result<Answer, ReplError> {
    let usage = || ReplError::Usage("assume <name> > 0 | assume <name> in (lo, hi)".into());
    let (name, range) = parse_assumption(call.rest).ok_or_else(usage)?;
    let text = format!("assume {name} in {}", range_text(&range));
    let outcome = Assumed { assumed: name.clone(), range: range_text(&range) };
    session.assumptions.insert(name, range);
    Ok(Answer::new(text, &outcome))
}

/// `quit`, `exit`: the shell stops reading.
pub(in crate::repl) fn quit(_: &mut Session, _: &Call<'_>) -> Result<Answer, ReplError> {
    Ok(Answer::new("bye", &Quit { quit: true }))
}
