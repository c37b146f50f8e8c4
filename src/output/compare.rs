//! Views of the year-over-year comparison (`assess compare`): per unit a heading with the
//! counts, then the items that changed (all items with `--all`); CSV one row per unit and item;
//! JSON the documented contract.

use super::table::{self, Col};
use crate::assess::{Assessment, ResultRow, Yoy};
use crate::i18n::Lang;
use crate::score::Indicator;
use crate::text::fmt_number;
use crate::yoy::{Change, Trend};
use serde::Serialize;

#[derive(Serialize)]
struct Comparison<'a> {
    file: &'a str,
    sheet: &'a str,
    county: Option<&'a str>,
    hospital: Option<&'a str>,
    specialty: Option<&'a str>,
    period: String,
    baseline: String,
    improved: usize,
    worsened: usize,
    unchanged: usize,
    changes: Vec<ChangeView<'a>>,
}

/// One change as the JSON contract has it: the indicator's names beside the numbers.
#[derive(Serialize)]
struct ChangeView<'a> {
    id: &'a str,
    key: &'a str,
    name: &'a str,
    baseline: Option<f64>,
    current: Option<f64>,
    delta: Option<f64>,
    delta_pct: Option<f64>,
    trend: Option<Trend>,
}

impl<'a> ChangeView<'a> {
    fn of(ind: &'a Indicator, ch: &Change) -> ChangeView<'a> {
        ChangeView {
            id: &ind.id,
            key: &ind.key,
            name: &ind.name,
            baseline: ch.baseline(),
            current: ch.current(),
            delta: ch.delta(),
            delta_pct: ch.delta_pct(),
            trend: ch.trend,
        }
    }
}

fn with_baseline<'a, 'b>(a: &'b Assessment<'a>) -> impl Iterator<Item = &'b ResultRow<'a>> {
    a.results.iter().filter(|r| r.yoy.is_some())
}

pub fn json(a: &Assessment<'_>) -> anyhow::Result<Vec<u8>> {
    let v: Vec<Comparison<'_>> = with_baseline(a)
        .filter_map(|r| {
            let y = r.yoy.as_ref()?;
            let changes = a.changes(r)?;
            let u = r.unit();
            Some(Comparison {
                file: r.file(),
                sheet: r.sheet(),
                county: u.county.as_deref(),
                hospital: u.hospital.as_deref(),
                specialty: u.specialty.as_deref(),
                period: r.submission.period().to_string(),
                baseline: y.baseline.to_string(),
                improved: y.improved,
                worsened: y.worsened,
                unchanged: y.unchanged,
                changes: a
                    .indicators
                    .iter()
                    .zip(&changes)
                    .map(|(ind, ch)| ChangeView::of(ind, ch))
                    .collect(),
            })
        })
        .collect();
    super::json_bytes(&v)
}

pub const COLUMNS: [&str; 14] = [
    "file",
    "sheet",
    "county",
    "hospital",
    "specialty",
    "period",
    "baseline",
    "id",
    "name",
    "baseline_value",
    "value",
    "delta",
    "delta_pct",
    "trend",
];

pub fn csv(a: &Assessment<'_>) -> anyhow::Result<Vec<u8>> {
    let num = |v: Option<f64>| v.map(fmt_number).unwrap_or_default();
    let rows = with_baseline(a).flat_map(|r| {
        let y = r.yoy.as_ref().expect("filtered");
        let changes = a.changes(r).expect("filtered");
        let u = r.unit();
        a.indicators.iter().zip(changes).map(move |(ind, ch)| {
            vec![
                r.file().to_string(),
                r.sheet().to_string(),
                u.county.clone().unwrap_or_default(),
                u.hospital.clone().unwrap_or_default(),
                u.specialty.clone().unwrap_or_default(),
                r.submission.period().to_string(),
                y.baseline.to_string(),
                ind.id.clone(),
                ind.name.clone(),
                num(ch.baseline()),
                num(ch.current()),
                ch.delta().map(|d| d.to_string()).unwrap_or_default(),
                ch.delta_pct().map(|d| d.to_string()).unwrap_or_default(),
                ch.trend
                    .map(|t| t.contract().to_string())
                    .unwrap_or_default(),
            ]
        })
    });
    super::csv_bytes(&COLUMNS, rows)
}

/// The comparison for the terminal.
pub fn table(a: &Assessment<'_>, all: bool, lang: Lang) -> String {
    let mut out = String::new();
    for r in with_baseline(a) {
        let y = r.yoy.as_ref().expect("filtered");
        out.push_str(&table::wrap("", &unit_heading(a, r, y, lang)));
        let changes = a.changes(r).expect("filtered");
        let shown = shown_changes(a, &changes, all);
        if shown.is_empty() {
            out.push('\n');
            continue;
        }
        out.push_str(&format!("{}\n\n", changes_table(&shown, lang)));
    }
    if let Some(text) = without_baseline_note(a, lang) {
        out.push_str(&table::wrap(lang.pick("注：", "note: "), &text));
    }
    if !all {
        out.push_str(&table::wrap(
            lang.pick("注：", "note: "),
            lang.pick(
                "只列出有变化的指标；加 --all 列出全部指标",
                "only items that changed are listed; add --all for every item",
            ),
        ));
    }
    out
}

/// A unit's heading: the periods compared and how many items improved, worsened, stayed.
fn unit_heading(a: &Assessment<'_>, r: &ResultRow<'_>, y: &Yoy, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "{} · {} 与 {} 比较：改善 {} 项，下降 {} 项，持平 {} 项",
            r.unit().label(),
            a.period.label(lang),
            y.baseline.label(lang),
            y.improved,
            y.worsened,
            y.unchanged
        ),
        Lang::En => format!(
            "{} · {} against {}: {} better, {} worse, {} the same",
            r.unit().label(),
            a.period.label(lang),
            y.baseline.label(lang),
            y.improved,
            y.worsened,
            y.unchanged
        ),
    }
}

/// The changes to list, each with its item: those that changed, or all with `all`.
fn shown_changes<'y, 'a>(
    a: &'a Assessment<'_>,
    changes: &'y [Change],
    all: bool,
) -> Vec<(&'y Change, &'a Indicator)> {
    changes
        .iter()
        .zip(&a.indicators)
        .filter(|(c, _)| {
            all || matches!(
                c.trend,
                Some(Trend::Improved | Trend::Worsened | Trend::Changed)
            )
        })
        .collect()
}

/// The table of a unit's changes: item, then, now, change (with the percentage), trend.
fn changes_table(shown: &[(&Change, &Indicator)], lang: Lang) -> table::Grid {
    let mut t = table::new_table(&[
        (lang.pick("指标", "Item"), Col::Text),
        (lang.pick("基期", "Then"), Col::Number),
        (lang.pick("本期", "Now"), Col::Number),
        (lang.pick("变化", "Change"), Col::Number),
        (lang.pick("趋势", "Trend"), Col::Word),
    ]);
    for (ch, ind) in shown {
        let num = |v: Option<f64>| v.map(|x| fmt_number(ind.shown(x))).unwrap_or_default();
        let pct = ch
            .delta_pct()
            .map(|p| format!(" ({p:+.1}%)"))
            .unwrap_or_default();
        table::add_row(
            &mut t,
            vec![
                format!("{} {}", ind.id, ind.name_in(lang)),
                num(ch.baseline()),
                num(ch.current()),
                format!("{}{pct}", table::signed_value(ch.delta())),
                ch.trend
                    .map(|t| t.label(lang).to_string())
                    .unwrap_or_default(),
            ],
        );
    }
    t
}

/// The note naming the units without a submission for the baseline period, if any.
fn without_baseline_note(a: &Assessment<'_>, lang: Lang) -> Option<String> {
    let without: Vec<String> = a
        .results
        .iter()
        .filter(|r| r.yoy.is_none())
        .map(|r| r.unit().label())
        .collect();
    if without.is_empty() {
        return None;
    }
    Some(match lang {
        Lang::Zh => format!(
            "{} 没有基期（{}）的提交，无法比较",
            without.join("、"),
            a.baseline.label(lang)
        ),
        Lang::En => format!(
            "{} have no submission for the baseline period ({}); not compared",
            without.join(", "),
            a.baseline.label(lang)
        ),
    })
}
