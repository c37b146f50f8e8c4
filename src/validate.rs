//! Rules on the values of each survey and across the batch → diagnostics. Never prints.
//!
//! Errors are values that cannot be right; warnings are values the clerk should look at.
//! Rule ids are stable and listed in [`crate::diag::RULES`].

use crate::catalog::{self, Kind};
use crate::diag::Diagnostic;
use crate::read::survey::Survey;
use crate::text::fmt_number;
use crate::value::{Problem, Status};
use std::collections::HashMap;

/// All value rules for one survey, every period.
pub fn check_survey(s: &Survey) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (p, pc) in s.periods.iter().enumerate() {
        let period = pc.period.to_string();
        let at = |no: u8, d: Diagnostic| {
            d.sheet(&s.sheet)
                .cell(s.cell(p, no))
                .item(no)
                .period(period.clone())
        };
        let num = |no: u8| s.value(p, no).and_then(|v| v.value);
        for it in catalog::items() {
            if s.rows[usize::from(it.no) - 1].is_none() {
                continue; // reported as item-missing
            }
            let Some(v) = s.value(p, it.no) else { continue };
            let d = |sev_err: bool, rule, msg: String| {
                at(
                    it.no,
                    if sev_err {
                        Diagnostic::error(&s.file, rule, msg)
                    } else {
                        Diagnostic::warning(&s.file, rule, msg)
                    },
                )
            };
            match (v.status, &v.problem) {
                (Status::Invalid, Some(Problem::ErrorCell(e))) => out.push(d(true, "value-error-cell", format!(
                    "{}: the cell shows the error {e}; the formula behind it failed, type the value instead",
                    it.describe()
                ))),
                (Status::Invalid, Some(Problem::Date)) => out.push(d(true, "value-unreadable", format!(
                    "{}: the cell shows a date ({}); Excel turned what was typed into a date. Format the cell as a number and type the value again",
                    it.describe(), v.raw
                ))),
                (Status::Invalid, _) => out.push(d(true, "value-unreadable", format!(
                    "{}: '{}' is not a number; type a number{}, 无 for none or / if it does not apply",
                    it.describe(),
                    v.raw,
                    if it.unit.is_empty() { String::new() } else { format!(" (unit: {})", it.unit) }
                ))),
                (Status::Missing, Some(Problem::FormulaNoResult)) => out.push(d(false, "formula-no-result", format!(
                    "{}: the cell holds a formula but no saved result (the file was saved by a program that does not calculate); open it in Excel or WPS and save it again. Counted as missing",
                    it.describe()
                ))),
                (Status::Missing, _) if v.detail.is_none() => out.push(d(false, "value-missing", format!(
                    "{}: no value; type it, 0 or 无 if there is none, or / if it does not apply",
                    it.describe()
                ))),
                (Status::Ok, _) => {
                    let x = v.value.unwrap_or(0.0);
                    if x < 0.0 {
                        out.push(d(true, "value-negative", format!(
                            "{}: {} is below zero, which is impossible",
                            it.describe(), v.raw
                        )));
                    } else if it.kind == Kind::Rate && x > 100.0 {
                        out.push(d(true, "rate-out-of-range", format!(
                            "{}: {} is more than 100%; a rate must be between 0 and 100 (type 12.5 or 12.5% for 12.5%)",
                            it.describe(), v.raw
                        )));
                    }
                    if it.kind.is_count() && x.fract() != 0.0 {
                        out.push(d(false, "count-fractional", format!(
                            "{}: {} is not a whole number of {}",
                            it.describe(), v.raw, if it.count_unit().is_empty() { "units" } else { it.count_unit() }
                        )));
                    }
                    if it.no == 27 && !(0.3..=5.0).contains(&x) {
                        out.push(d(false, "cmi-implausible", format!(
                            "{}: {} is unusual for a case mix index (usually 0.3–5); check it",
                            it.describe(), v.raw
                        )));
                    }
                    if it.no == 44 && x > 200.0 {
                        out.push(d(false, "ddds-implausible", format!(
                            "{}: {} DDDs per 100 bed-days is implausibly high (the national limit is 40); check it",
                            it.describe(), v.raw
                        )));
                    }
                }
                _ => {}
            }
        }

        // Items that must not exceed others.
        let over = |a: u8, b: u8, rule: &'static str, out: &mut Vec<Diagnostic>| {
            if let (Some(x), Some(y)) = (num(a), num(b)) {
                if x > y {
                    let (ia, ib) = (catalog::item(a).unwrap(), catalog::item(b).unwrap());
                    out.push(at(
                        a,
                        Diagnostic::error(
                            &s.file,
                            rule,
                            format!(
                        "{} ({}) is more than {} ({}); it is part of it and cannot exceed it",
                        ia.describe(), fmt_number(x), ib.describe(), fmt_number(y)
                    ),
                        ),
                    ));
                }
            }
        };
        over(4, 3, "icu-over-beds", &mut out);
        over(30, 29, "grade4-over-surgeries", &mut out);
        over(31, 29, "minimally-invasive-over-surgeries", &mut out);
        over(29, 22, "surgeries-over-discharges", &mut out);

        // Staff breakdowns against physicians + nurses + others.
        let sum = |nos: &[u8]| -> Option<f64> { nos.iter().map(|&n| num(n)).sum() };
        if let Some(total) = sum(&[6, 7, 8]) {
            let staff = |nos: &[u8],
                         rule: &'static str,
                         what: &str,
                         exceed_only: bool,
                         out: &mut Vec<Diagnostic>| {
                if let Some(part) = sum(nos) {
                    let bad = if exceed_only {
                        part > total + 1e-9
                    } else {
                        (part - total).abs() > 1e-9
                    };
                    if bad {
                        out.push(at(nos[0], Diagnostic::warning(&s.file, rule, format!(
                            "staff by {what} (items {}–{}) add up to {}, but physicians + nurses + others (items 6–8) are {}{}",
                            nos[0], nos[nos.len() - 1], fmt_number(part), fmt_number(total),
                            if exceed_only { "; titles cannot exceed the staff" } else { "" }
                        ))));
                    }
                }
            };
            staff(
                &[9, 10, 11, 12, 13],
                "staff-education-sum",
                "education",
                false,
                &mut out,
            );
            staff(&[17, 18, 19, 20], "staff-age-sum", "age", false, &mut out);
            staff(&[14, 15, 16], "staff-title-sum", "title", true, &mut out);
        }
    }
    out
}

/// The same unit and period in two places. Each repeat names where the first one is.
pub fn check_duplicates<'a>(surveys: impl IntoIterator<Item = &'a Survey>) -> Vec<Diagnostic> {
    let mut seen: HashMap<(String, String, String, String), (&Survey, usize)> = HashMap::new();
    let mut out = Vec::new();
    for s in surveys {
        if s.unit.hospital.is_none() || s.unit.specialty.is_none() {
            continue;
        }
        let (c, h, sp) = s.unit.key();
        for (p, pc) in s.periods.iter().enumerate() {
            let key = (c.clone(), h.clone(), sp.clone(), pc.period.to_string());
            match seen.get(&key) {
                Some((first, fp)) => out.push(
                    Diagnostic::error(&s.file, "duplicate-submission", format!(
                        "{} {} is submitted twice: here and in {} (sheet '{}', column {}); keep one and remove the other. The first one is used",
                        s.unit.describe(),
                        pc.period,
                        first.file,
                        first.sheet,
                        crate::read::col_letters(first.periods[*fp].col)
                    ))
                    .sheet(&s.sheet)
                    .cell(crate::read::a1(pc.row, pc.col))
                    .period(pc.period.to_string()),
                ),
                None => {
                    seen.insert(key, (s, p));
                }
            }
        }
    }
    out
}
