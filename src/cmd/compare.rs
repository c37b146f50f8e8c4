//! `assess compare`: each submission against the same unit a year earlier, item by item, with
//! the same scoring options as `score`.

use super::{
    assess, emit, load_inputs, load_options, parse_period, scoring_options, side_files, Outcome,
    SideInputs,
};
use crate::cli::{CompareArgs, ReportFormat};
use anyhow::Result;
use assess::i18n::Lang;
use assess::output::compare;

pub fn run(args: &CompareArgs, lang: Lang) -> Result<Outcome> {
    let load = load_options(&args.inputs, lang)?;
    let mut opts = scoring_options(&args.scoring, &load.forms, lang)?;
    opts.targets = super::target_book(&args.scoring.targets, &load, lang)?;
    opts.baseline = args
        .baseline
        .as_deref()
        .map(|p| parse_period(p, lang))
        .transpose()?;
    let (batch, mut protected) = load_inputs(&args.inputs.paths, &load, lang)?;
    protected.extend(side_files(&SideInputs::scoring(
        &args.inputs,
        &args.scoring,
    )));
    let diags = assess::check(&batch, &opts.scheme);
    let a = assess(&batch, diags, &opts, lang)?;
    let format = super::output_format(args.format, args.output.as_deref(), &protected, lang)?;
    let bytes = match format {
        ReportFormat::Json => compare::json(&a)?,
        ReportFormat::Csv => compare::csv(&a)?,
        ReportFormat::Table => compare::table(&a, args.all, lang).into_bytes(),
    };
    emit(args.output.as_deref(), &bytes, &protected, lang)?;
    super::say_written(args.output.as_deref(), lang);
    Ok(Outcome::Clean)
}
