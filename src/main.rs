//! The `assess` binary: parse arguments in the clerk's language, run the subcommand, turn the
//! result into an exit status (0 clean, 1 findings, 2 could not run). A closed pipe is not an
//! error.

mod cli;
mod cmd;

use clap::FromArgMatches;
use std::process::ExitCode;

/// mimalloc gives freed memory back to the system as a run goes on; the system allocator kept
/// the pages of every file's transient buffers, so a run's resident memory grew with the files
/// read rather than with what it keeps (see BENCHMARKS.md).
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = cli::lang_from_args(&args);
    let matches = match cli::command(lang).try_get_matches_from(&args) {
        Ok(m) => m,
        Err(e) => {
            use clap::error::ErrorKind;
            return match e.kind() {
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                    let _ = e.print();
                    ExitCode::SUCCESS
                }
                _ => {
                    eprint!("{}", cli::error_text(&e, lang));
                    ExitCode::from(2)
                }
            };
        }
    };
    let cli = match cli::Cli::from_arg_matches(&matches) {
        Ok(c) => c,
        Err(e) => {
            eprint!("{}", cli::error_text(&e, lang));
            return ExitCode::from(2);
        }
    };
    let lang = cli.lang.unwrap_or(lang);
    let result = match &cli.command {
        cli::Cmd::Validate(a) => cmd::validate::run(a, lang),
        cli::Cmd::Extract(a) => cmd::extract::run(a, lang),
        cli::Cmd::Score(a) => cmd::score::run(a, lang),
        cli::Cmd::Compare(a) => cmd::compare::run(a, lang),
        cli::Cmd::Report(a) => cmd::report::run(a, lang),
        cli::Cmd::Feedback(a) => cmd::feedback::run(a, lang),
        cli::Cmd::Status(a) => cmd::status::run(a, lang),
        cli::Cmd::Template(a) => cmd::template::run(a, lang),
        cli::Cmd::Scheme(a) => cmd::scheme::run(a, lang),
        cli::Cmd::Names(a) => cmd::names::run(a, lang),
        cli::Cmd::Form(a) => cmd::form::run(a, lang),
    };
    match result {
        Ok(cmd::Outcome::Clean) => ExitCode::SUCCESS,
        Ok(cmd::Outcome::Findings) => ExitCode::from(1),
        Err(e) => {
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!(
                "{}{}",
                lang.pick("错误：", "error: "),
                assess::output::table::safe(&format!("{e:#}"))
            );
            ExitCode::from(2)
        }
    }
}
