//! The `earmark` command for podcasters, as a library so that its tests can reach each piece:
//! reading a feed, its dates and show notes, writing and merging documents, fetching.
//!
//! The design decision: a host-only crate beside the app, sharing only `earmark-core` with it,
//! so the command's XML parser, HTTP client and file system code never reach the browser build,
//! and what the command writes is checked by the very parser the build uses.

pub mod cmd;
pub mod document;
pub mod feed;
pub mod fetch;
pub mod fsx;
pub mod html;
pub mod report;
pub mod rfc822;

/// The command's usage, for `earmark --help`.
pub const USAGE: &str = "Usage: earmark <command> [options]

Commands:
  import <feed.xml> --into <episodes-dir>   write episode documents from a podcast feed

Run `earmark <command> --help` for a command's options.
";

/// Runs the command line `args` (without the program name) and gives the exit status.
pub fn main_with(args: Vec<std::ffi::OsString>) -> i32 {
    let mut parser = lexopt::Parser::from_args(args);
    let command = match parser.next() {
        Ok(Some(lexopt::Arg::Value(command))) => command,
        Ok(Some(lexopt::Arg::Short('h') | lexopt::Arg::Long("help"))) | Ok(None) => {
            print!("{USAGE}");
            return cmd::OK;
        }
        Ok(Some(lexopt::Arg::Short('V') | lexopt::Arg::Long("version"))) => {
            println!("earmark {}", env!("CARGO_PKG_VERSION"));
            return cmd::OK;
        }
        Ok(Some(other)) => {
            eprintln!("earmark: {}\n{USAGE}", other.unexpected());
            return cmd::USAGE;
        }
        Err(error) => {
            eprintln!("earmark: {error}\n{USAGE}");
            return cmd::USAGE;
        }
    };
    match command.to_str() {
        Some("import") => cmd::import::run(parser),
        Some("help") => {
            print!("{USAGE}");
            cmd::OK
        }
        _ => {
            eprintln!("earmark: unknown command {command:?}\n{USAGE}");
            cmd::USAGE
        }
    }
}
