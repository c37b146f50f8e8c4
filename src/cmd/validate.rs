//! `assess validate`: diagnostics as a table, CSV or JSON; exit 1 when there are errors.

use super::{emit, load_inputs, load_options, side_files, Outcome, SideInputs};
use crate::cli::{ReportFormat, ValidateArgs};
use anyhow::Result;
use assess::i18n::Lang;
use assess::output::diagnostics::{self, Summary};

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
    let bytes = match args.format {
        ReportFormat::Json => diagnostics::json(&diags, lang)?,
        ReportFormat::Csv => diagnostics::csv(&diags, lang)?,
        ReportFormat::Table => {
            diagnostics::table(&diags, &Summary::of(&batch, &diags), lang).into_bytes()
        }
    };
    emit(args.output.as_deref(), &bytes, &protected, lang)?;
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    Ok(if errors > 0 || (args.deny_warnings && warnings > 0) {
        Outcome::Findings
    } else {
        Outcome::Clean
    })
}
