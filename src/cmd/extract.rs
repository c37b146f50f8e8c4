//! `assess extract`: every value as a tidy CSV or JSON table.

use super::{emit, load_inputs, load_options, side_files, Outcome, SideInputs};
use crate::cli::{DataFormat, ExtractArgs};
use anyhow::Result;
use assess::extract::{records, COLUMNS};
use assess::i18n::Lang;
use assess::output;

pub fn run(args: &ExtractArgs, lang: Lang) -> Result<Outcome> {
    let opts = load_options(&args.inputs, lang)?;
    let (batch, mut protected) = load_inputs(&args.inputs.paths, &opts, lang)?;
    protected.extend(side_files(&SideInputs {
        forms: &args.inputs.form,
        names: args.inputs.names.as_deref(),
        ..SideInputs::default()
    }));
    let recs = records(batch.surveys(), lang);
    let bytes = match args.format {
        DataFormat::Json => output::json_bytes(&recs)?,
        DataFormat::Csv => output::csv_bytes(&COLUMNS, recs.iter().map(|r| r.csv_row()))?,
    };
    emit(args.output.as_deref(), &bytes, &protected, lang)?;
    // Files that could not be read are said on stderr; the table holds what could.
    let file_level: Vec<_> = batch
        .read_diagnostics()
        .filter(|d| d.is_file_level())
        .cloned()
        .collect();
    super::warn_about_errors(&file_level, lang);
    Ok(Outcome::Clean)
}
