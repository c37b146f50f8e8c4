//! One module per subcommand: turn arguments into library calls and pick a writer.

pub mod extract;
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
    let files = read::collect_inputs(&inputs.paths).map_err(anyhow::Error::msg)?;
    let bar = (std::io::stderr().is_terminal() && files.len() > 20).then(|| {
        let b = indicatif::ProgressBar::new(files.len() as u64);
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
    let batch = load::load(&files, &tick);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let paths = files.into_iter().map(|f| f.path).collect();
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
