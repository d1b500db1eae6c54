//! The `fdiv` command: the REPL shell (`cargo install --path .`), identical to `examples/repl.rs`.

fn main() -> std::process::ExitCode {
    fdiv::repl::shell::main()
}
