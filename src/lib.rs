//! `assess` checks, scores, ranks and reports the 69-item clinical key specialty survey
//! (重点专科基本情况调查表) that county and city health commissions collect from hospitals.
//!
//! Data flows one way: [`read`] (files → sheets → surveys) → [`validate`] (diagnostics) →
//! scoring and year-over-year comparison → [`output`] writers. The [`catalog`] of the 69 items
//! is the one source of truth for codes, names, units and directions.

pub mod catalog;
pub mod diag;
pub mod extract;
pub mod load;
pub mod names;
pub mod output;
pub mod period;
pub mod ranking;
pub mod read;
pub mod scheme;
pub mod score;
pub mod text;
pub mod validate;
pub mod value;
pub mod yoy;

/// Every diagnostic of a batch: reading, value rules and duplicates, in a stable order.
pub fn check(batch: &load::Batch) -> Vec<diag::Diagnostic> {
    let mut out: Vec<diag::Diagnostic> = batch.read_diagnostics().cloned().collect();
    for s in batch.surveys() {
        out.extend(validate::check_survey(s));
    }
    out.extend(validate::check_duplicates(batch.surveys()));
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
