//! `assess report`: the ranked workbook, written whole or not at all, and a one-line summary.

use super::{load_inputs, scoring_options, Outcome};
use crate::cli::ReportArgs;
use anyhow::{bail, Result};
use assess::diag::Severity;
use assess::output::report::{self, ReportInput};
use assess::ranking;

pub fn run(args: &ReportArgs) -> Result<Outcome> {
    super::require_xlsx(&args.output, "report")?;
    refuse_if_open(&args.output)?;
    let opts = scoring_options(&args.scoring)?;
    let (batch, inputs) = load_inputs(&args.inputs)?;
    let diags = assess::check(&batch);
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    for d in diags.iter().filter(|d| d.is_file_level()) {
        eprintln!("warning: {}: {}", d.file, d.message);
    }
    if args.strict && errors > 0 {
        for d in diags.iter().filter(|d| d.severity == Severity::Error) {
            eprintln!(
                "error: {}{}{}: {}",
                d.file,
                d.sheet
                    .as_ref()
                    .map(|s| format!(" [{s}]"))
                    .unwrap_or_default(),
                d.cell.as_ref().map(|c| format!(" {c}")).unwrap_or_default(),
                d.message
            );
        }
        eprintln!("--strict: {errors} error(s) in the data; no report written");
        return Ok(Outcome::Findings);
    }
    let a = ranking::assess(&batch, &opts)?;
    let title = args.title.clone().unwrap_or_else(|| {
        let county = a
            .results
            .first()
            .and_then(|r| r.county.clone())
            .filter(|c| a.results.iter().all(|r| r.county.as_deref() == Some(c)));
        format!("{}{}临床重点专科评估", county.unwrap_or_default(), a.period)
    });
    let bytes = report::write(&ReportInput {
        title,
        assessment: &a,
        scheme: &opts.scheme,
        group_by: opts.group_by,
        diagnostics: &diags,
        batch: &batch,
    })?;
    assess::output::write_atomic(&args.output, &bytes, &inputs)?;
    eprintln!(
        "{}, {} surveys, {} ranked in {}: {} errors, {} warnings; report written to {}",
        super::validate::plural(batch.files_read(), "file"),
        batch.surveys().count(),
        a.results.iter().filter(|r| r.rank.is_some()).count(),
        a.period,
        errors,
        diags.len() - errors,
        args.output.display()
    );
    Ok(Outcome::Clean)
}

/// Excel and WPS leave `~$name.xlsx` beside a workbook they have open.
fn refuse_if_open(target: &std::path::Path) -> Result<()> {
    let Some(name) = target.file_name().and_then(|n| n.to_str()) else {
        return Ok(());
    };
    let lock = target.with_file_name(format!("~${name}"));
    if lock.exists() {
        bail!(
            "{} is open in Excel or WPS (its lock file {} exists); close it and run again",
            target.display(),
            lock.display()
        );
    }
    Ok(())
}
