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
    /// Score and rank submissions, with changes since the year before
    #[command(
        after_help = "The cohort is the submissions of one period (--period, default the latest found), split by \
--group-by. A cohort of one is not ranked. Numbers in JSON are unrounded.\n\n\
Examples:\n  assess score survey.xlsx\n  assess score submissions/ --group-by specialty\n  \
assess score submissions/ --method topsis --weights entropy --format json\n  \
assess score submissions/ --scheme 我们的方案.toml --detail"
    )]
    Score(ScoreArgs),
    /// Compare each submission with the same unit a year earlier, item by item
    #[command(
        after_help = "Examples:\n  assess compare submissions/\n  assess compare submissions/ --period 2024年1-6月 --baseline 2023年1-6月 --format csv"
    )]
    Compare(CompareArgs),
    /// Write the ranked Excel report for the meeting from a folder of submissions
    #[command(
        after_help = "Sheets: 排名, 分项得分, 原始数据, 同比变化, 数据问题, 评分方案, 图表. A broken input file is listed in \
数据问题 and on stderr, and the report is still written (unless --strict).\n\n\
Examples:\n  assess report submissions/ -o 排名.xlsx\n  \
assess report submissions/ -o 评估.xlsx --title \"北岭旗2024年上半年临床重点专科评估\"\n  \
assess report submissions/ -o 分专科排名.xlsx --group-by specialty"
    )]
    Report(ReportArgs),
    /// Write the fillable survey form, which stops bad data where it is typed
    #[command(
        after_help = "Only the input cells can be edited; every row checks what is typed and says the unit.\n\
Default periods: the last half-year that has ended and the same half a year earlier.\n\n\
Examples:\n  assess template -o 重点专科基本情况调查表.xlsx --periods 2023年1-6月,2024年1-6月\n  \
assess template -o 心内科.xlsx --county 北岭旗 --hospital 北岭旗人民医院 --specialty 心血管内科"
    )]
    Template(TemplateArgs),
    /// Write the scoring scheme as a commented TOML file to edit
    #[command(
        after_help = "Examples:\n  assess scheme -o 我们的方案.toml\n  assess score submissions/ --scheme 我们的方案.toml"
    )]
    Scheme(SchemeArgs),
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GroupByArg {
    None,
    Specialty,
    Hospital,
    County,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MethodArg {
    Composite,
    Topsis,
    Rsr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum WeightsArg {
    Scheme,
    Entropy,
}

/// Options shared by `score` and `report`.
#[derive(Debug, Args)]
pub struct ScoringArgs {
    /// The period to rank (2024年1-6月, 2024年上半年, 2024年 …); default: the latest found
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// Rank within groups instead of all together
    #[arg(long, value_enum, default_value_t = GroupByArg::None)]
    pub group_by: GroupByArg,
    /// Scoring method (default: the scheme's, composite)
    #[arg(long, value_enum)]
    pub method: Option<MethodArg>,
    /// Indicator weights: the scheme's, or entropy weights from the cohort
    #[arg(long, value_enum)]
    pub weights: Option<WeightsArg>,
    /// A scheme file written by `assess scheme` and edited
    #[arg(long, value_name = "FILE")]
    pub scheme: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub scoring: ScoringArgs,
    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Write to FILE instead of the terminal
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Also show every item's value and score
    #[arg(long)]
    pub detail: bool,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    #[command(flatten)]
    pub scoring: ScoringArgs,
    /// The workbook to write (.xlsx)
    #[arg(short, long, value_name = "FILE", required = true)]
    pub output: PathBuf,
    /// The title printed on every sheet (default: 重点专科评估 with the county and period)
    #[arg(long)]
    pub title: Option<String>,
    /// Stop without writing when any file is broken or any value is an error
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// The period to compare (default: the latest found)
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,
    /// The period to compare with (default: one year before)
    #[arg(long, value_name = "PERIOD")]
    pub baseline: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub format: ReportFormat,
    /// Write to FILE instead of the terminal
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// The workbook to write (.xlsx)
    #[arg(short, long, value_name = "FILE", required = true)]
    pub output: PathBuf,
    /// Period columns, comma-separated (2023年1-6月,2024年1-6月)
    #[arg(long, value_name = "P1,P2", value_delimiter = ',')]
    pub periods: Vec<String>,
    /// Prefill 所属旗县区
    #[arg(long)]
    pub county: Option<String>,
    /// Prefill 填报单位
    #[arg(long)]
    pub hospital: Option<String>,
    /// Prefill 专科名称
    #[arg(long)]
    pub specialty: Option<String>,
    /// Protect the sheet with this password (by default protected without one)
    #[arg(long)]
    pub password: Option<String>,
    /// Replace FILE if it exists
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct SchemeArgs {
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
