//! The `earmark` binary: a thin entry point over the library's dispatcher, so that every
//! subcommand is a function the tests can also reach.

fn main() {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    std::process::exit(earmark_cli::main_with(args));
}
