//! The `yanshou` binary: the command line, at the edge of the program.

mod cli;

fn main() -> std::process::ExitCode {
    // Printing into a closed pipe (`yanshou scorecards list | head`) ends the program quietly, as other command-line
    // tools do, instead of panicking.
    #[cfg(unix)]
    // SAFETY: called once at start-up, before any thread exists; SIG_DFL is a valid disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    cli::main()
}
