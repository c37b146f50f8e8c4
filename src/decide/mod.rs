//! What the commission decides beyond the ranking: whether each unit met the targets it
//! committed to ([`targets`]), and its designation status over the years from the history
//! ledger ([`ledger`], [`status`]).

pub mod ledger;
pub mod status;
pub mod targets;

use crate::assess::Assessment;
use ledger::{Entry, Ledger};
use status::StatusTable;

/// The run's graded results as ledger entries for its period.
pub fn entries_of(a: &Assessment<'_>) -> Vec<Entry> {
    a.results
        .iter()
        .filter_map(|r| {
            Some(Entry {
                period: a.period,
                unit: r.unit().clone(),
                grade: r.grade.clone()?,
                national: None,
            })
        })
        .collect()
}

/// Status from the ledger with the run's results added (not written): units new to the ledger
/// start their history with this year. A result of the run replaces the ledger's for the same
/// period, as `report --record` would; where the grades differ, that is kept in the table.
pub fn status(
    ledger: &Ledger,
    run: Option<&Assessment<'_>>,
    scheme: &crate::scheme::Scheme,
) -> StatusTable {
    let mut l = ledger.clone();
    let mut current = l.entries.iter().map(|e| e.period.year).max();
    let added = run.map(entries_of).unwrap_or_default();
    // Link the ledger's short names first, so that the run's results replace their rows.
    let linked = link_short_hospitals(&mut l.entries, added.iter().map(|e| &e.unit));
    let mut replaced = Vec::new();
    if let Some(a) = run {
        current = current.max(Some(a.period.year));
        let new: Vec<(Option<crate::model::UnitKey>, crate::period::Period, String)> = added
            .iter()
            .map(|e| (e.key(), e.period, e.grade.clone()))
            .collect();
        for old in l.record(added) {
            let key = old.key();
            if let Some((_, _, g)) = new.iter().find(|(k, p, g)| {
                *k == key && *p == old.period && !status::same_grade(g, &old.grade)
            }) {
                replaced.push(status::Replaced {
                    unit: old.unit.clone(),
                    period: old.period,
                    ledger: old.grade.clone(),
                    run: g.clone(),
                });
            }
        }
    }
    let mut table = status::decide(&l.entries, scheme, current);
    table.linked = linked;
    table.replaced = replaced;
    table
}

/// The ledger's hospitals written without their county, linked to the full name of the same
/// county found in the ledger or the run; returns each (as written, full name) once.
fn link_short_hospitals<'a>(
    entries: &mut [Entry],
    also: impl IntoIterator<Item = &'a crate::model::Unit>,
) -> Vec<(String, String)> {
    let full = |u: &crate::model::Unit| {
        let (c, h) = (u.county.as_deref()?, u.hospital.as_deref()?);
        h.starts_with(c).then(|| h.to_string())
    };
    let mut known: std::collections::BTreeSet<String> = also.into_iter().filter_map(full).collect();
    known.extend(entries.iter().filter_map(|e| full(&e.unit)));
    let mut linked: Vec<(String, String)> = Vec::new();
    for e in entries.iter_mut() {
        let (Some(c), Some(h)) = (e.unit.county.as_deref(), e.unit.hospital.as_deref()) else {
            continue;
        };
        if let Some(full) = crate::names::full_hospital_name(c, h, &known) {
            let pair = (h.to_string(), full.clone());
            if !linked.contains(&pair) {
                linked.push(pair);
            }
            e.unit.hospital = Some(full);
        }
    }
    linked
}
