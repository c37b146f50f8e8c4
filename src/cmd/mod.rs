//! One module per subcommand: turn arguments into library calls and pick a writer.

pub mod compare;
pub mod extract;
pub mod report;
pub mod scheme;
pub mod score;
pub mod template;
pub mod validate;

use crate::cli::Inputs;
use anyhow::Result;
use assess::load::{self, Batch};
use assess::read;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// How a command ended, for the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Clean,
    Findings,
}

/// Read every input, with a progress bar on a terminal for long runs.
pub fn load_inputs(inputs: &Inputs) -> Result<(Batch, Vec<PathBuf>)> {
    let found = assess::inputs::collect(&inputs.paths).map_err(anyhow::Error::msg)?;
    let bar = (std::io::stderr().is_terminal() && found.inputs.len() > 20).then(|| {
        let b = indicatif::ProgressBar::new(found.inputs.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template("reading {pos}/{len} files {wide_bar}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let tick = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let batch = load::load(&found, &load::LoadOptions::default(), &tick);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    // Files assess wrote itself (a report in the submissions folder) may be written again.
    let paths = batch
        .files
        .iter()
        .filter(|f| f.skipped != Some(load::Skipped::MadeByAssess) && !f.is_folder)
        .map(|f| f.path.clone())
        .collect();
    if batch.files_read() == 0 {
        anyhow::bail!(
            "no spreadsheet found in {} (assess reads .xlsx, .xlsm, .xls, .et, .ods and .csv)",
            inputs
                .paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok((batch, paths))
}

/// Write bytes to the file (whole or not at all) or to standard output.
pub fn emit(output: Option<&Path>, bytes: &[u8], inputs: &[PathBuf]) -> Result<()> {
    match output {
        Some(p) => assess::output::write_atomic(p, bytes, inputs),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()?;
            Ok(())
        }
    }
}

/// Workbooks we write must be named .xlsx, or Excel will refuse them.
pub fn require_xlsx(path: &Path, what: &str) -> Result<()> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext != "xlsx" {
        anyhow::bail!(
            "the {what} is an Excel workbook: name it with .xlsx (e.g. 排名.xlsx), not {}",
            path.display()
        );
    }
    Ok(())
}

/// A period given on the command line.
pub fn parse_period(s: &str) -> Result<assess::period::Period> {
    assess::period::Period::parse(s).ok_or_else(|| {
        anyhow::anyhow!(
            "cannot read the period '{s}'; write it like 2024年1-6月, 2024年上半年 or 2024年"
        )
    })
}

/// The scoring options from the command line: scheme file, method, weights, period, groups.
pub fn scoring_options(a: &crate::cli::ScoringArgs) -> Result<assess::ranking::Options> {
    use crate::cli::{GroupByArg, MethodArg, WeightsArg};
    use assess::scheme::{Method, Scheme, Weights};
    let scheme = match &a.scheme {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| {
                anyhow::anyhow!(
                    "cannot read the scheme {}: {}",
                    p.display(),
                    read::io_words(&e)
                )
            })?;
            Scheme::from_toml(&text).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?
        }
        None => Scheme::default(),
    };
    let method = a.method.map(|m| match m {
        MethodArg::Composite => Method::Composite,
        MethodArg::Topsis => Method::Topsis,
        MethodArg::Rsr => Method::Rsr,
    });
    let weights = a.weights.map(|w| match w {
        WeightsArg::Scheme => Weights::Scheme,
        WeightsArg::Entropy => Weights::Entropy,
    });
    Ok(assess::ranking::Options {
        period: a.period.as_deref().map(parse_period).transpose()?,
        baseline: None,
        group_by: match a.group_by {
            GroupByArg::None => assess::ranking::GroupBy::None,
            GroupByArg::Specialty => assess::ranking::GroupBy::Specialty,
            GroupByArg::Hospital => assess::ranking::GroupBy::Hospital,
            GroupByArg::County => assess::ranking::GroupBy::County,
        },
        scheme: assess::ranking::with_method(scheme, method, weights),
    })
}

/// One decimal, or empty.
pub fn one_decimal(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.1}")).unwrap_or_default()
}

/// `+3.2`, `-1.0`.
pub fn signed(v: Option<f64>) -> String {
    v.map(|x| format!("{x:+.1}")).unwrap_or_default()
}

/// A change in a value as people write it: `+12`, `-0.35`, `0`.
pub fn signed_value(v: Option<f64>) -> String {
    match v {
        Some(0.0) => "0".into(),
        Some(x) => {
            let r = (x * 100.0).round() / 100.0;
            format!(
                "{}{}",
                if r > 0.0 { "+" } else { "" },
                assess::text::fmt_number(r)
            )
        }
        None => String::new(),
    }
}

/// Tell the clerk on stderr when the data has errors that the scores stand on.
pub fn warn_about_errors(batch: &Batch) {
    let diags = assess::check(batch);
    let errors = diags
        .iter()
        .filter(|d| d.severity == assess::diag::Severity::Error)
        .count();
    if errors > 0 {
        eprintln!(
            "note: the data has {} error(s); `assess validate` lists them. Unreadable values count as missing.",
            errors
        );
    }
}
