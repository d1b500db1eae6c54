//! The fdiv REPL: `cargo run --release --example repl` (see `help` inside, and README.md).
//!
//! A thin shell over [`fdiv::repl`]; the same shell is the `fdiv` binary (`cargo install --path .`).

fn main() -> std::process::ExitCode {
    fdiv::repl::shell::main()
}
