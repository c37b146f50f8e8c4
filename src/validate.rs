//! Rules on the values of each survey and across the batch → diagnostics. Never prints.
//!
//! Errors are values that cannot be right; warnings are values the clerk should look at.
//! The rules on single values follow the item's kind; the rules over several items (sums and
//! comparisons) are data of the form ([`crate::form::CrossRule`]).

use crate::diag::{Diagnostic, Finding, ItemName, Rule};
use crate::form::{Check, Form, Item, Kind};
use crate::model::Survey;
use crate::text::fmt_number;
use crate::value::{Adjustment, Parsed, Problem, Status};

/// Values beyond this are not numbers anyone typed on purpose: an error, left out of scoring.
pub const MAX_VALUE: f64 = 1e15;

/// All value rules for one survey, every period.
pub fn check_survey(s: &Survey) -> Vec<Diagnostic> {
    let form = &s.form;
    let mut out = Vec::new();
    for (p, pc) in s.periods.iter().enumerate() {
        let at = |it: &Item, f: Finding| {
            Diagnostic::new(&s.file, f)
                .sheet(&s.sheet)
                .cell(s.cell(p, usize::from(it.no) - 1))
                .item(it)
                .period(pc.period)
        };
        for (i, it) in form.items().iter().enumerate() {
            if s.rows.get(i).is_none() {
                continue; // reported as item-missing
            }
            let Some(v) = s.value(p, i) else { continue };
            out.extend(value_findings(it, v).into_iter().map(|f| at(it, f)));
        }
        let num = |i: usize| s.value(p, i).and_then(|v| v.value());
        for r in form.rules() {
            if let Some((at_item, f)) = cross(form, r.rule, &r.check, &num) {
                out.push(at(&form.items()[at_item], f));
            }
        }
    }
    // The target column: read like any value, but a blank target is simply no target.
    if let Some(t) = &s.target {
        for (i, it) in form.items().iter().enumerate() {
            let (Some(row), Some(v)) = (s.rows.get(i), t.values.get(i)) else {
                continue;
            };
            for f in value_findings(it, v) {
                if f == Finding::ValueMissing {
                    continue;
                }
                out.push(
                    Diagnostic::new(&s.file, f)
                        .sheet(&s.sheet)
                        .cell(crate::read::a1(row, t.col))
                        .item(it),
                );
            }
        }
    }
    out
}

/// What is wrong with, or worth a look at, one value.
pub fn value_findings(it: &Item, v: &Parsed) -> Vec<Finding> {
    let raw = || v.raw().into_owned();
    let mut out = Vec::new();
    match (v.status, v.problem()) {
        (Status::Invalid, Some(Problem::ErrorCell(e))) => {
            out.push(Finding::ValueErrorCell { raw: e.clone() })
        }
        (Status::Invalid, Some(Problem::Date)) => out.push(Finding::ValueDate { raw: raw() }),
        (Status::Invalid, Some(Problem::Implausible)) => {
            out.push(Finding::ValueImplausible { raw: raw() })
        }
        (Status::Invalid, Some(Problem::Negative)) => {
            out.push(Finding::ValueNegative { raw: raw() })
        }
        (Status::Invalid, Some(Problem::OverHundred)) => {
            out.push(Finding::RateOutOfRange { raw: raw() })
        }
        (Status::Invalid, Some(Problem::Range)) => out.push(Finding::ValueRange { raw: raw() }),
        (Status::Invalid, Some(Problem::DecimalComma)) => {
            out.push(Finding::ValueDecimalComma { raw: raw() })
        }
        (Status::Invalid, _) => out.push(Finding::ValueUnreadable { raw: raw() }),
        (Status::Missing, Some(Problem::FormulaNoResult)) => out.push(Finding::FormulaNoResult),
        (Status::Na, Some(Problem::Dash)) => out.push(Finding::ValueDash { raw: raw() }),
        (Status::Missing, _) if v.detail().is_none() => out.push(Finding::ValueMissing),
        (Status::Ok, _) => {
            let x = v.value().unwrap_or(0.0);
            if let Some(extra) = v.detail().filter(|_| !it.kind.has_detail()) {
                out.push(Finding::ValueExtraText {
                    raw: raw(),
                    value: x,
                    extra: extra.to_string(),
                });
            }
            if it.kind.is_count() && x.fract() != 0.0 {
                out.push(Finding::CountFractional { raw: raw() });
            }
            if !v.adjustments().is_empty() {
                let approximate = v
                    .adjustments()
                    .iter()
                    .any(|a| matches!(a, Adjustment::Approximate { .. }));
                let (raw, value, adjustments) = (raw(), x, v.adjustments().to_vec());
                out.push(if approximate {
                    Finding::ValueApproximate {
                        raw,
                        value,
                        adjustments,
                    }
                } else {
                    Finding::ValueConverted {
                        raw,
                        value,
                        adjustments,
                    }
                });
            }
        }
        _ => {}
    }
    out
}

/// One cross-item rule on one period's values: the item the finding is placed on, and it.
fn cross(
    form: &Form,
    rule: Rule,
    check: &Check,
    num: &dyn Fn(usize) -> Option<f64>,
) -> Option<(usize, Finding)> {
    let sum = |ids: &[usize]| -> Option<f64> { ids.iter().map(|&i| num(i)).sum() };
    let names = |ids: &[usize]| -> Vec<ItemName> {
        ids.iter()
            .map(|&i| ItemName::of(&form.items()[i]))
            .collect()
    };
    match check {
        Check::NotAbove { parts, whole } => {
            let (part, total) = (sum(parts)?, sum(whole)?);
            (part > total + 1e-9).then(|| {
                (
                    parts[0],
                    Finding::NotAbove {
                        rule,
                        parts: names(parts),
                        whole: names(whole),
                        part,
                        total,
                    },
                )
            })
        }
        Check::SumEquals { parts, whole } => {
            let (part, total) = (sum(parts)?, sum(whole)?);
            ((part - total).abs() > 1e-9).then(|| {
                (
                    parts[0],
                    Finding::SumMismatch {
                        rule,
                        parts: names(parts),
                        whole: names(whole),
                        part,
                        total,
                    },
                )
            })
        }
        Check::Range { item, min, max } => {
            let x = num(*item)?;
            let outside = min.is_some_and(|m| x < m) || max.is_some_and(|m| x > m);
            outside.then(|| {
                (
                    *item,
                    Finding::OutOfRange {
                        rule,
                        raw: fmt_number(x),
                        min: *min,
                        max: *max,
                    },
                )
            })
        }
    }
}

/// The same unit and period in two places. Each repeat names where the first one is.
pub fn check_duplicates<'a>(surveys: impl IntoIterator<Item = &'a Survey>) -> Vec<Diagnostic> {
    let mut seen = crate::model::ByUnit::default();
    let mut firsts: Vec<(&Survey, usize)> = Vec::new();
    let mut out = Vec::new();
    for s in surveys.into_iter().filter(|s| s.unit.is_known()) {
        for (p, pc) in s.periods.iter().enumerate() {
            match seen.first(&s.unit, pc.period, firsts.len()) {
                Some(k) => {
                    let (first, fp) = firsts[k];
                    out.push(
                        Diagnostic::new(
                            &s.file,
                            Finding::DuplicateSubmission {
                                unit: s.unit.describe(),
                                first_file: first.file.clone(),
                                first_sheet: first.sheet.clone(),
                                first_col: crate::read::col_letters(first.periods[fp].col),
                            },
                        )
                        .sheet(&s.sheet)
                        .cell(crate::read::a1(pc.row, pc.col))
                        .period(pc.period),
                    )
                }
                None => firsts.push((s, p)),
            }
        }
    }
    out
}

/// Values more than `ratio` times above or below their cohort's median (cohorts of at least
/// `min_members` positive values): most often a unit written wrong (元 for 万元, 1.2 for 1.2万).
/// Returns the position in `members` of each value flagged.
pub fn check_units(
    it: &Item,
    members: &[(f64, &Parsed)],
    check: &crate::scheme::CheckRule,
) -> Vec<(usize, Finding)> {
    let (min_members, ratio) = (check.unit_members, check.unit_ratio);
    let mut vals: Vec<f64> = members
        .iter()
        .map(|(x, _)| *x)
        .filter(|x| *x > 0.0)
        .collect();
    if vals.len() < min_members {
        return Vec::new();
    }
    vals.sort_by(f64::total_cmp);
    let n = vals.len();
    let median = if n % 2 == 1 {
        vals[n / 2]
    } else {
        (vals[n / 2 - 1] + vals[n / 2]) / 2.0
    };
    if median <= 0.0 || it.kind == Kind::Rank {
        return Vec::new();
    }
    members
        .iter()
        .enumerate()
        .filter_map(|(k, (x, p))| {
            let x = *x;
            if x <= 0.0 {
                return None;
            }
            // Written out only for a finding (every value of a national run passes here).
            let raw = || p.raw().into_owned();
            // A share typed as a fraction (0.96 for 96 %) is a hundredth of its cohort's: less
            // than the ratio apart, so it is looked for on its own.
            if it.kind == Kind::Rate && x <= 1.0 && median >= check.rate_fraction_median {
                let f = Finding::RateAsFraction {
                    raw: raw(),
                    value: x,
                    median,
                    members: n,
                };
                return Some((k, f));
            }
            (x > median * ratio || x < median / ratio).then_some((
                k,
                Finding::ValueCheckUnit {
                    raw: raw(),
                    median,
                    members: n,
                    ratio,
                },
            ))
        })
        .collect()
}
