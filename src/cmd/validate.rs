//! `assess validate`: diagnostics as a table, CSV or JSON; exit 1 when there are errors.

use super::{emit, load_inputs, Outcome};
use crate::cli::{ReportFormat, ValidateArgs};
use anyhow::Result;
use assess::diag::{Diagnostic, Severity};
use assess::output;

pub fn run(args: &ValidateArgs) -> Result<Outcome> {
    let (batch, inputs) = load_inputs(&args.inputs)?;
    let diags = assess::check(&batch);
    let bytes = match args.format {
        ReportFormat::Json => output::json_bytes(&diags)?,
        ReportFormat::Csv => output::csv_bytes(
            &[
                "file", "sheet", "cell", "item", "name", "period", "severity", "rule", "message",
            ],
            diags.iter().map(|d| {
                vec![
                    d.file.clone(),
                    d.sheet.clone().unwrap_or_default(),
                    d.cell.clone().unwrap_or_default(),
                    d.item.map(|i| i.to_string()).unwrap_or_default(),
                    d.name.clone().unwrap_or_default(),
                    d.period.clone().unwrap_or_default(),
                    d.severity.as_str().into(),
                    d.rule.into(),
                    d.message.clone(),
                ]
            }),
        )?,
        ReportFormat::Table => render(&batch, &diags).into_bytes(),
    };
    emit(args.output.as_deref(), &bytes, &inputs)?;
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diags.len() - errors;
    Ok(if errors > 0 || (args.deny_warnings && warnings > 0) {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}

/// Diagnostics grouped by file, then a summary line.
fn render(batch: &assess::load::Batch, diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    let mut files: Vec<&str> = diags.iter().map(|d| d.file.as_str()).collect();
    files.dedup();
    for file in files {
        out.push_str(&format!("{file}\n"));
        let mut t = output::table::new_table(
            ["工作表", "单元格", "指标", "期间", "级别", "说明"]
                .map(String::from)
                .to_vec(),
        );
        for d in diags.iter().filter(|d| d.file == file) {
            t.add_row(vec![
                d.sheet.clone().unwrap_or_default(),
                d.cell.clone().unwrap_or_default(),
                d.item
                    .map(|i| format!("{i} {}", d.name.clone().unwrap_or_default()))
                    .unwrap_or_default(),
                d.period.clone().unwrap_or_default(),
                d.severity.label().to_string(),
                format!("{} [{}]", d.message, d.rule),
            ]);
        }
        out.push_str(&format!("{t}\n\n"));
    }
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let surveys = batch.surveys().count();
    let periods: usize = batch.surveys().map(|s| s.periods.len()).sum();
    out.push_str(&format!(
        "{}, {}, {}: {}, {}\n",
        plural(batch.files_read(), "file"),
        plural(surveys, "survey"),
        plural(periods, "submission"),
        plural(errors, "error"),
        plural(diags.len() - errors, "warning"),
    ));
    out
}

/// `1 file`, `3 files`.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
