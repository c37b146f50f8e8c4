//! `assess validate`: diagnostics as a table, CSV or JSON; exit 1 when there are errors.

use super::{emit, load_inputs, load_options, side_files, Outcome, SideInputs};
use crate::cli::{ReportFormat, ValidateArgs};
use anyhow::Result;
use assess::i18n::Lang;
use assess::output::diagnostics::{self, Summary};
use std::io::Write;

pub fn run(args: &ValidateArgs, lang: Lang) -> Result<Outcome> {
    let opts = load_options(&args.inputs, lang)?;
    let (batch, mut protected) = load_inputs(&args.inputs.paths, &opts, lang)?;
    protected.extend(side_files(&SideInputs {
        forms: &args.inputs.form,
        names: args.inputs.names.as_deref(),
        scheme: args.scheme.as_deref(),
        ..SideInputs::default()
    }));
    let scheme = super::scheme(args.scheme.as_deref(), lang)?;
    let diags = assess::check(&batch, &scheme);
    let summary = || Summary::of(&batch, &diags);
    let format = super::output_format(args.format, args.output.as_deref(), &protected, lang)?;
    match (format, args.output.as_deref()) {
        // To the terminal, file by file as it is made.
        (ReportFormat::Table, None) => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            diagnostics::write_table(&mut out, &diags, &summary(), lang)?;
            out.flush()?;
        }
        (format, output) => {
            let bytes = match format {
                ReportFormat::Json => diagnostics::json(&diags, lang)?,
                ReportFormat::Csv => diagnostics::csv(&diags, lang)?,
                ReportFormat::Table => diagnostics::table(&diags, &summary(), lang).into_bytes(),
            };
            emit(output, &bytes, &protected, lang)?;
            super::say_written(output, lang);
        }
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    Ok(if errors > 0 || (args.deny_warnings && warnings > 0) {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
