//! The fdiv REPL (a minimal parse–print–evaluate loop until the command language lands).
use std::io::BufRead;

fn main() {
    let stdin = std::io::stdin();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        match fdiv::Expr::parse(line) {
            Ok(e) => println!("{e}"),
            Err(err) => println!("{}", err.render(line)),
        }
    }
}
