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
    status::decide(&l.entries, scheme, current)
}
