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
/// start their history with this year.
pub fn status(
    ledger: &Ledger,
    run: Option<&Assessment<'_>>,
    scheme: &crate::scheme::Scheme,
) -> StatusTable {
    let mut l = ledger.clone();
    let mut current = l.entries.iter().map(|e| e.period.year).max();
    if let Some(a) = run {
        l.record(entries_of(a));
        current = current.max(Some(a.period.year));
    }
    let linked = link_short_hospitals(&mut l.entries);
    let mut table = status::decide(&l.entries, scheme, current);
    table.linked = linked;
    table
}

/// The ledger's hospitals written without their county, linked to the full name of the same
/// county found in the ledger or the run; returns each (as written, full name) once.
fn link_short_hospitals(entries: &mut [Entry]) -> Vec<(String, String)> {
    let known: std::collections::BTreeSet<String> = entries
        .iter()
        .filter_map(|e| {
            let (c, h) = (e.unit.county.as_deref()?, e.unit.hospital.as_deref()?);
            h.starts_with(c).then(|| h.to_string())
        })
        .collect();
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
