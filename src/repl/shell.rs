//! The terminal shell around a [`Session`]: arguments, line editing, pipes and `--json`.
//!
//! ```text
//! fdiv                              interactive, with history and tab completion
//! fdiv < session.txt                one command per line, no prompts
//! fdiv --eval 'f = u*log(u)' --eval 'eval f 2'
//! fdiv --json ...                   one JSON object per command on stdout
//! ```
//!
//! The exit status is 1 if any command failed (a parse error, an unknown name, a bad parameter),
//! 2 for bad arguments, 0 otherwise. A `Refuted` verdict is an answer, not a failure.

use std::cell::RefCell;
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;
use std::rc::Rc;

use rustyline::completion::{Completer, Pair};
use rustyline::error::ReadlineError;
use rustyline::highlight::Highlighter;
use rustyline::hint::Hinter;
use rustyline::history::DefaultHistory;
use rustyline::validate::Validator;
use rustyline::{Context, Editor, Helper};

use super::outcome::failure;
use super::{Session, table};

/// How the shell was asked to run.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Options {
    /// One JSON object per command on stdout.
    pub json: bool,
    /// Commands given with `--eval`, run in order instead of reading stdin.
    pub eval: Vec<String>,
}

const USAGE: &str = "usage: fdiv [--json] [--eval '<command>']...
  --json            print one JSON object per command on stdout
  --eval <command>  run a command (several allowed, in order) instead of reading input
  --help            this message
Without --eval, commands are read from the terminal (with history) or from a pipe.";

/// Parses the arguments (without the program name).
///
/// # Errors
///
/// A message for an unknown flag or a missing value.
pub fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
    let mut options = Options::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => options.json = true,
            "--eval" | "-e" => options.eval.push(args.next().ok_or("--eval needs a command")?),
            other => match other.strip_prefix("--eval=") {
                Some(command) => options.eval.push(command.to_string()),
                None => return Err(format!("unknown argument '{other}'")),
            },
        }
    }
    Ok(options)
}

/// Runs the shell with the process's arguments and standard streams.
pub fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let options = match parse_args(args) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("fdiv: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut session = Session::new();
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let failed = if !options.eval.is_empty() {
        run_lines(&mut session, options.eval.iter().map(String::as_str), options.json, &mut out)
    } else if std::io::stdin().is_terminal() && !options.json {
        interactive(&mut session)
    } else {
        let lines: Vec<String> = std::io::stdin().lock().lines().map_while(Result::ok).collect();
        run_lines(&mut session, lines.iter().map(String::as_str), options.json, &mut out)
    };
    if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

/// Runs commands without prompts, writing answers to `out` (errors to stderr in text mode, as
/// `{"error": …}` objects in JSON mode). Stops at `quit`. Returns whether any command failed.
pub fn run_lines<'a>(
    session: &mut Session,
    lines: impl IntoIterator<Item = &'a str>,
    json: bool,
    out: &mut impl Write,
) -> bool {
    let mut failed = false;
    for line in lines {
        let (quit, ok) = run_one(session, line, json, out);
        failed |= !ok;
        if quit {
            break;
        }
    }
    failed
}

/// Runs one line; returns (quit requested, succeeded).
fn run_one(session: &mut Session, line: &str, json: bool, out: &mut impl Write) -> (bool, bool) {
    let result = session.execute(line);
    // a closed stdout (e.g. `| head`) is not a failure of the command
    let _ = match &result {
        Ok(answer) if answer.json.is_null() => Ok(()),
        Ok(answer) if json => writeln!(out, "{}", answer.json),
        Ok(answer) => writeln!(out, "{}", answer.text),
        Err(error) if json => writeln!(out, "{}", failure(error.to_string())),
        Err(error) => {
            eprintln!("error: {error}");
            Ok(())
        }
    };
    let quit = matches!(&result, Ok(a) if a.json.get("quit").is_some());
    (quit, result.is_ok())
}

fn interactive(session: &mut Session) -> bool {
    let names = Rc::new(RefCell::new(Vec::new()));
    let mut editor: Editor<ShellHelper, DefaultHistory> = match Editor::new() {
        Ok(editor) => editor,
        Err(error) => {
            eprintln!("fdiv: no line editor ({error}); reading plain lines");
            let lines: Vec<String> = std::io::stdin().lock().lines().map_while(Result::ok).collect();
            return run_lines(session, lines.iter().map(String::as_str), false, &mut std::io::stdout());
        }
    };
    editor.set_helper(Some(ShellHelper { names: Rc::clone(&names) }));
    let history = dirs::data_dir().map(|d| d.join("fdiv").join("history.txt"));
    if let Some(path) = &history {
        let _ = editor.load_history(path);
    }
    println!("fdiv {} — f-divergences, checked, derived and computed. Type help, or quit.", env!("CARGO_PKG_VERSION"));
    let mut failed = false;
    loop {
        match editor.readline("fdiv> ") {
            Ok(line) => {
                if !line.trim().is_empty() {
                    let _ = editor.add_history_entry(line.as_str());
                }
                let (quit, ok) = run_one(session, &line, false, &mut std::io::stdout());
                failed |= !ok;
                *names.borrow_mut() = session.binding_names().map(str::to_string).collect();
                if quit {
                    break;
                }
            }
            Err(ReadlineError::Interrupted) => continue,
            Err(ReadlineError::Eof) => break,
            Err(error) => {
                eprintln!("fdiv: {error}");
                failed = true;
                break;
            }
        }
    }
    if let Some(path) = &history {
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = editor.save_history(path);
    }
    failed
}

/// Tab completion of command words (from the command table), bound names and catalogue names.
struct ShellHelper {
    names: Rc<RefCell<Vec<String>>>,
}

impl Completer for ShellHelper {
    type Candidate = Pair;

    fn complete(&self, line: &str, pos: usize, _: &Context<'_>) -> rustyline::Result<(usize, Vec<Pair>)> {
        let start = line[..pos].rfind(|c: char| !(c.is_alphanumeric() || c == '_')).map_or(0, |i| i + 1);
        let word = &line[start..pos];
        let first_word = line[..start].trim().is_empty();
        let names = self.names.borrow();
        let candidates: Vec<Pair> = table::words()
            .filter(|_| first_word)
            .map(|c| c.to_string())
            .chain(names.iter().cloned())
            .chain(crate::generator::catalogue::entries().iter().map(|e| e.name.to_string()))
            .filter(|c| c.starts_with(word))
            .map(|c| Pair { display: c.clone(), replacement: c })
            .collect();
        Ok((start, candidates))
    }
}

impl Hinter for ShellHelper {
    type Hint = String;
}

impl Highlighter for ShellHelper {}

impl Validator for ShellHelper {}

impl Helper for ShellHelper {}

#[cfg(test)]
mod tests {
    use super::*;

    fn transcript(lines: &[&str], json: bool) -> (String, bool) {
        let mut session = Session::new();
        let mut out = Vec::new();
        let failed = run_lines(&mut session, lines.iter().copied(), json, &mut out);
        (String::from_utf8(out).unwrap(), failed)
    }

    #[test]
    fn arguments() {
        let args = |a: &[&str]| parse_args(a.iter().map(|s| s.to_string()));
        assert_eq!(args(&["--json", "--eval", "list"]), Ok(Options { json: true, eval: vec!["list".into()] }));
        assert_eq!(args(&["--eval=list"]).unwrap().eval, ["list"]);
        assert!(args(&["--eval"]).is_err());
        assert!(args(&["--frobnicate"]).is_err());
    }

    #[test]
    fn json_mode_prints_one_object_per_command() {
        let (out, failed) = transcript(&["f = u*log(u)", "", "# a comment", "eval f 1", "g = u*log("], true);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 3, "{out}");
        for line in &lines {
            let _: serde_json::Value = serde_json::from_str(line).unwrap();
        }
        assert!(lines[2].starts_with(r#"{"error":"#));
        assert!(failed);
    }

    #[test]
    fn quit_stops_reading() {
        let (out, failed) = transcript(&["f = u", "quit", "g = u"], false);
        assert_eq!(out, "f(u) = u\nu\nbye\n");
        assert!(!failed);
    }
}
