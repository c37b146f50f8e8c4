//! `assess status`: each unit's designation status from the history ledger, with the results
//! of the submissions given (scored, not recorded) as this year's.

use super::{assess, emit, ledger, load_inputs, parse_period, side_files, Outcome, SideInputs};
use crate::cli::{ReportFormat, StatusArgs};
use anyhow::Result;
use assess::i18n::Lang;
use assess::output::status;

pub fn run(args: &StatusArgs, lang: Lang) -> Result<Outcome> {
    let s = &args.scoring;
    let names = super::names(s.names.as_deref(), lang)?;
    let scheme = super::scheme(s.scheme.as_deref(), lang)?;
    let l = ledger(Some(&args.history), &names, false, lang)?.unwrap_or_default();
    let mut protected = side_files(&SideInputs {
        forms: &s.form,
        names: s.names.as_deref(),
        scheme: s.scheme.as_deref(),
        ledger: Some(&args.history),
        ..SideInputs::default()
    });
    let table = if args.paths.is_empty() {
        assess::decide::status(&l, None, &scheme)
    } else {
        let load = assess::load::LoadOptions {
            forms: super::forms(&s.form, lang)?,
            names: names.clone(),
            ..Default::default()
        };
        let (batch, submissions) = load_inputs(&args.paths, &load, lang)?;
        protected.extend(submissions);
        let opts = assess::assess::Options {
            period: s
                .period
                .as_deref()
                .map(|p| parse_period(p, lang))
                .transpose()?,
            scheme: scheme.clone(),
            ..Default::default()
        };
        let diags = assess::check(&batch, &scheme);
        let a = assess(&batch, diags, &opts, lang)?;
        assess::decide::status(&l, Some(&a), &scheme)
    };
    let format = super::output_format(args.format, args.output.as_deref(), &protected, lang)?;
    let bytes = match format {
        ReportFormat::Json => status::json(&table, lang)?,
        ReportFormat::Csv => status::csv(&table, lang)?,
        ReportFormat::Table => status::table(&table, lang).into_bytes(),
    };
    emit(args.output.as_deref(), &bytes, &protected, lang)?;
    super::say_written(args.output.as_deref(), lang);
    // CSV and JSON carry the notes per unit only; what concerns the whole table (several
    // counties, the periods the grades came from) is said on stderr, as under the table.
    if !matches!(format, ReportFormat::Table) {
        eprint!("{}", status::notes_text(&table, lang));
    }
    Ok(Outcome::Clean)
}
