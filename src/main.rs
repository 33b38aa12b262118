//! The `yanshou` binary: the command line, at the edge of the program.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
