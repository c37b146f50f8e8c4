//! `assess` checks, scores, ranks and reports the clinical key specialty survey
//! (重点专科基本情况调查表) that county and city health commissions collect from hospitals.
//!
//! Data flows one way: [`inputs`] (paths → files) → [`read`] (files → sheets → survey tables,
//! located against the [`form`], units found with [`names`]) → [`value`] (cells → numbers) →
//! [`validate`] (diagnostics) → [`assess`] (scores by [`score`], year-over-year by [`yoy`]: one
//! typed [`assess::Assessment`]) → [`output`] writers, which only format it. Messages are data
//! ([`diag`]) rendered in the clerk's language ([`i18n`], [`messages`]).

pub mod assess;
pub mod decide;
pub mod diag;
pub mod extract;
pub mod form;
pub mod i18n;
pub mod inputs;
pub mod load;
pub mod messages;
pub mod model;
pub mod names;
pub mod output;
pub mod period;
pub mod read;
pub mod scheme;
pub mod score;
pub mod stats;
pub mod text;
pub mod validate;
pub mod value;
pub mod yoy;

use diag::Diagnostic;

/// Every diagnostic of a batch, in a stable order: reading, value rules, duplicates, and values
/// far off their period's median (a unit written wrong).
pub fn check(batch: &load::Batch, scheme: &scheme::Scheme) -> Vec<Diagnostic> {
    // On as many threads as read the files: one pool for every check.
    load::in_pool(batch.jobs, || check_on_pool(batch, scheme))
}

fn check_on_pool(batch: &load::Batch, scheme: &scheme::Scheme) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let mut out: Vec<Diagnostic> = batch.read_diagnostics().cloned().collect();
    // Each survey's values on their own, a thousand surveys at a time (their findings are
    // gathered in order, never all held twice).
    let surveys: Vec<&model::Survey> = batch.surveys().collect();
    for part in surveys.chunks(1000) {
        let found: Vec<Diagnostic> = part
            .par_iter()
            .flat_map_iter(|s| validate::check_survey(s))
            .collect();
        out.extend(found);
    }
    out.extend(validate::check_duplicates(batch.surveys()));
    out.extend(unit_checks(batch, scheme));
    let order: std::collections::HashMap<&str, usize> = batch
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.file.as_str(), i))
        .collect();
    out.sort_by(|a, b| {
        order
            .get(a.file.as_str())
            .cmp(&order.get(b.file.as_str()))
            .then_with(|| a.sort_key().cmp(&b.sort_key()))
    });
    out
}

/// The cohort check of units: per period and item, every value against the median of all the
/// batch's values of that period (the widest cohort, so validate, score and report agree).
fn unit_checks(batch: &load::Batch, scheme: &scheme::Scheme) -> Vec<Diagnostic> {
    let forms = assess::forms_of(batch);
    let Some(form) = forms.first() else {
        return Vec::new();
    };
    let subs = assess::submissions(batch, form);
    let mut by_period: std::collections::BTreeMap<period::Period, Vec<&assess::Submission<'_>>> =
        Default::default();
    for s in &subs {
        by_period.entry(s.period()).or_default().push(s);
    }
    // Each period and item on its own, in order.
    use rayon::prelude::*;
    let tasks: Vec<(period::Period, &[&assess::Submission<'_>], usize)> = by_period
        .iter()
        .flat_map(|(p, m)| (0..form.len()).map(move |i| (*p, m.as_slice(), i)))
        .collect();
    tasks
        .par_iter()
        .flat_map_iter(|&(period, members, i)| unit_check(form, period, members, i, scheme))
        .collect()
}

/// The cohort check of item `i` in a period's submissions.
fn unit_check(
    form: &form::Form,
    period: period::Period,
    members: &[&assess::Submission<'_>],
    i: usize,
    scheme: &scheme::Scheme,
) -> Vec<Diagnostic> {
    let it = &form.items()[i];
    let vals: Vec<(f64, &value::Parsed, &assess::Submission<'_>)> = members
        .iter()
        .filter_map(|s| {
            let p = &s.values[i];
            (p.status == value::Status::Ok)
                .then(|| p.value().map(|x| (x, p, *s)))
                .flatten()
        })
        .collect();
    let pairs: Vec<(f64, &value::Parsed)> = vals.iter().map(|(x, p, _)| (*x, *p)).collect();
    validate::check_units(it, &pairs, &scheme.check)
        .into_iter()
        .map(|(k, finding)| {
            let s = vals[k].2;
            let own = s.survey.form.index_of(it.key()).unwrap_or(i);
            Diagnostic::new(&s.survey.file, finding)
                .sheet(&s.survey.sheet)
                .cell(s.survey.cell(s.col, own))
                .item(it)
                .period(period)
        })
        .collect()
}
