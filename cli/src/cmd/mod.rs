//! The subcommands, one module each, each with its own `run(args) -> exit status` and usage.
//!
//! The design decision: a subcommand owns its flags entirely (parsing, checking, `--help`), so
//! that adding `build` and `check` (to come) touches nothing of `import`'s, and `main` only dispatches.

pub mod import;

/// Exit status: success (warnings allowed unless `--strict`).
pub const OK: i32 = 0;
/// Exit status: errors in the input (or warnings under `--strict`).
pub const FAILED: i32 = 1;
/// Exit status: the command line was wrong.
pub const USAGE: i32 = 2;

/// Reports a command-line mistake the same way for every subcommand.
pub fn usage_error(command: &str, message: impl std::fmt::Display) -> i32 {
    eprintln!("earmark {command}: {message}\nRun `earmark {command} --help` for its usage.");
    USAGE
}
