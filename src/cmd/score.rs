//! `assess score`: the ranking on the terminal, or as CSV or JSON.

use super::{
    assess, emit, load_inputs, load_options, scoring_options, side_files, warn_about_errors,
    Outcome, SideInputs,
};
use crate::cli::{ReportFormat, ScoreArgs};
use anyhow::Result;
use assess::i18n::Lang;
use assess::output::ranking;

pub fn run(args: &ScoreArgs, lang: Lang) -> Result<Outcome> {
    let load = load_options(&args.inputs, lang)?;
    let mut opts = scoring_options(&args.scoring, &load.forms, lang)?;
    opts.targets = super::target_book(&args.scoring.targets, &load, lang)?;
    let (batch, mut protected) = load_inputs(&args.inputs.paths, &load, lang)?;
    protected.extend(side_files(&SideInputs::scoring(
        &args.inputs,
        &args.scoring,
    )));
    let diags = assess::check(&batch, &opts.scheme);
    warn_about_errors(&diags, lang);
    let a = assess(&batch, diags, &opts, lang)?;
    let format = super::output_format(args.format, args.output.as_deref(), &protected, lang)?;
    let bytes = match format {
        ReportFormat::Json => ranking::json(&a)?,
        ReportFormat::Csv => ranking::csv(&a, args.detail)?,
        ReportFormat::Table => ranking::table(&a, args.detail, lang).into_bytes(),
    };
    emit(args.output.as_deref(), &bytes, &protected, lang)?;
    super::say_written(args.output.as_deref(), lang);
    Ok(Outcome::Clean)
}
