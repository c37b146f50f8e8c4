//! `assess extract`: every value as a tidy CSV or JSON table.

use super::{emit, load_inputs, Outcome};
use crate::cli::{DataFormat, ExtractArgs};
use anyhow::Result;
use assess::extract::{records, COLUMNS};
use assess::output;

pub fn run(args: &ExtractArgs) -> Result<Outcome> {
    let (batch, inputs) = load_inputs(&args.inputs)?;
    let recs = records(batch.surveys());
    let bytes = match args.format {
        DataFormat::Json => output::json_bytes(&recs)?,
        DataFormat::Csv => output::csv_bytes(&COLUMNS, recs.iter().map(|r| r.csv_row()))?,
    };
    emit(args.output.as_deref(), &bytes, &inputs)?;
    // Files that could not be read are said on stderr; the table holds what could.
    for d in batch.read_diagnostics().filter(|d| d.is_file_level()) {
        eprintln!("warning: {}: {}", d.file, d.message);
    }
    Ok(Outcome::Clean)
}
