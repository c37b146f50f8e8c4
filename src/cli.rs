//! Command-line arguments (clap). Only this module and `cmd/` see clap types.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "assess",
    version,
    about = "Check, score, rank and report the clinical key specialty survey (重点专科基本情况调查表)",
    long_about = "Check, score, rank and report the 69-item clinical key specialty survey \
(重点专科基本情况调查表) that hospitals send back as spreadsheets (.xlsx, .xls, .ods, .csv).",
    after_help = "Examples:\n  assess validate submissions/\n  assess extract submissions/ -o values.csv\n  assess score submissions/ --group-by specialty\n  assess report submissions/ -o 排名.xlsx"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check submissions: every problem with file, sheet, cell, item and period
    #[command(
        after_help = "Exit status: 0 no error, 1 errors found (or warnings with --deny-warnings), 2 could not run.\n\n\
Examples:\n  assess validate submissions/\n  assess validate 心内科.xlsx 骨科.xls --format json\n  assess validate submissions/ --deny-warnings"
    )]
    Validate(ValidateArgs),
    /// Every value as one tidy table: one row per survey, period and item
    #[command(
        after_help = "Columns: file, sheet, county, hospital, specialty, period, no, code, name, value, status, raw, detail\n\
(status: ok, missing, na, invalid).\n\n\
Examples:\n  assess extract submissions/ -o values.csv\n  assess extract 心内科.xlsx --format json"
    )]
    Extract(ExtractArgs),
}

#[derive(Debug, Args)]
pub struct Inputs {
    /// Spreadsheet files or folders (read recursively)
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Table,
    Csv,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DataFormat {
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Write to FILE instead of the terminal
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Count warnings as errors for the exit status
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Output format
    #[arg(long, value_enum, default_value_t = DataFormat::Csv)]
    pub format: DataFormat,
    /// Write to FILE instead of the terminal
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }
}
