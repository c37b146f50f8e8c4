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

/// What recording a run's results in a ledger did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recorded {
    /// How many of the run's results were recorded.
    pub added: usize,
    /// Hospitals of the ledger written without their county, linked to the full name: each
    /// (as written, full name) once.
    pub linked: Vec<(String, String)>,
    /// The ledger's rows the run replaced (same unit and period), each with the run's grade.
    pub replaced: Vec<(Entry, String)>,
}

/// Record a run's results in the ledger, as `status` counts them and `report --record` writes
/// them: the ledger's hospitals written without their county are linked first (to the full
/// names of the ledger and of the whole run), so that a result replaces their row; only the
/// results `keep` accepts are recorded. Returns what was linked and replaced.
pub fn record_run(
    ledger: &mut Ledger,
    run: &Assessment<'_>,
    keep: impl Fn(&Entry) -> bool,
) -> Recorded {
    let entries = entries_of(run);
    let linked = link_short_hospitals(&mut ledger.entries, entries.iter().map(|e| &e.unit));
    let added: Vec<Entry> = entries.into_iter().filter(|e| keep(e)).collect();
    let n = added.len();
    let new: Vec<(Option<crate::model::UnitKey>, crate::period::Period, String)> = added
        .iter()
        .map(|e| (e.key(), e.period, e.grade.clone()))
        .collect();
    let replaced = ledger
        .record(added)
        .into_iter()
        .filter_map(|old| {
            let key = old.key();
            let (_, _, g) = new.iter().find(|(k, p, _)| *k == key && *p == old.period)?;
            Some((old, g.clone()))
        })
        .collect();
    Recorded {
        added: n,
        linked,
        replaced,
    }
}

/// Status from the ledger with the run's results added (not written): units new to the ledger
/// start their history with this year. A result of the run replaces the ledger's for the same
/// period, as `report --record` does ([`record_run`]); where the grades differ, that is kept in
/// the table.
pub fn status(
    ledger: &Ledger,
    run: Option<&Assessment<'_>>,
    scheme: &crate::scheme::Scheme,
) -> StatusTable {
    let mut l = ledger.clone();
    let mut current = l.entries.iter().map(|e| e.period.year).max();
    let recorded = match run {
        Some(a) => {
            current = current.max(Some(a.period.year));
            record_run(&mut l, a, |_| true)
        }
        None => Recorded {
            linked: link_short_hospitals(&mut l.entries, []),
            ..Recorded::default()
        },
    };
    let mut table = status::decide(&l.entries, scheme, current);
    table.linked = recorded.linked;
    table.replaced = recorded
        .replaced
        .into_iter()
        .filter(|(old, run)| !status::same_grade(run, &old.grade))
        .map(|(old, run)| status::Replaced {
            unit: old.unit,
            period: old.period,
            ledger: old.grade,
            run,
        })
        .collect();
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
