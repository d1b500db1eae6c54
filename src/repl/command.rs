//! What a command is: its [`Command`] row of the table, and the [`Call`] its handler receives.
//!
//! The types live apart from the table (`super::table`) so that the handlers, which the table
//! names, do not import the table back.

use super::{Answer, ReplError, Session};

/// What a handler is given: the whole command line (for carets under parse errors) and the text
/// after the command word, trimmed.
#[derive(Debug, Clone, Copy)]
pub struct Call<'a> {
    /// The whole line as typed (trimmed).
    pub line: &'a str,
    /// The arguments: the line after the command word, trimmed.
    pub rest: &'a str,
}

/// A command's handler: runs it on the session.
pub type Handler = fn(&mut Session, &Call<'_>) -> Result<Answer, ReplError>;

/// One command of the REPL.
#[derive(Debug)]
pub struct Command {
    /// The word that starts it (`=` for a binding, which is written `f = …`).
    pub name: &'static str,
    /// Other words for it (`exit` for `quit`).
    pub aliases: &'static [&'static str],
    /// How it is written.
    pub usage: &'static str,
    /// What it does, on one line.
    pub summary: &'static str,
    /// Worked examples, one command per line.
    pub example: &'static str,
    /// Runs it.
    pub run: Handler,
}

impl Command {
    /// Whether `word` starts this command.
    pub fn is_called(&self, word: &str) -> bool {
        self.name == word || self.aliases.contains(&word)
    }
}
