//! The `assess` binary: parse arguments, run the subcommand, turn the result into an exit
//! status (0 clean, 1 findings, 2 could not run). A closed pipe is not an error.

mod cli;
mod cmd;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    let result = match &cli.command {
        cli::Command::Validate(a) => cmd::validate::run(a),
        cli::Command::Extract(a) => cmd::extract::run(a),
        cli::Command::Score(a) => cmd::score::run(a),
        cli::Command::Compare(a) => cmd::compare::run(a),
        cli::Command::Scheme(a) => cmd::scheme::run(a),
        cli::Command::Report(a) => cmd::report::run(a),
        cli::Command::Template(a) => cmd::template::run(a),
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
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
