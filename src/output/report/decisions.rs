//! The report's sheets for the commission's decisions: 目标达成 (each unit's targets, the value
//! against each, attained or not) and 建设状态 (each unit's grades year by year, its status as
//! `assess status` says it, what the next result would change, and what the ledger did not
//! settle).

use super::ReportInput;
use crate::decide::status::{next_text, status_line, Next, State, StatusTable, UnitStatus};
use crate::decide::targets::{ItemTarget, Targets};
use crate::diag::{Rule, Severity};
use crate::form::Item;
use crate::i18n::Lang;
use crate::model::Unit;
use crate::output::status::notes;
use crate::output::xlsx::{excel_text, print_setup, wrapped_lines, Grid, Print, Styles};
use rust_xlsxwriter::{Format, Worksheet, XlsxError};

pub fn targets_sheet(
    ws: &mut Worksheet,
    input: &ReportInput<'_>,
    st: &Styles,
) -> Result<(), XlsxError> {
    let lang = input.lang;
    targets_heading(ws, &input.title, lang, st)?;
    let hr = 3u32;
    let mut g = Grid::new(ws);
    g.fixed(3, 30.0);
    g.fixed(8, 30.0);
    for (c, h) in target_columns(lang).iter().enumerate() {
        g.text(hr, c as u16, h, &st.head)?;
    }
    let a = input.assessment;
    let pct = st.value.clone().set_num_format("0.0%");
    let mut row = hr + 1;
    for r in &a.results {
        let Some(t) = &r.targets else { continue };
        for it in &t.items {
            let line = TargetLine {
                unit: r.unit(),
                targets: t,
                item: &a.form.items()[it.item],
                target: it,
            };
            target_row(&mut g, row, &line, lang, st, &pct)?;
            row += 1;
        }
    }
    if row > hr + 1 {
        g.ws.autofilter(hr, 0, row - 1, 8)?;
    }
    g.ws.set_freeze_panes(hr + 1, 0)?;
    print_setup(
        g.ws,
        &Print {
            repeat_rows: Some((hr, hr)),
            ..Print::landscape(&input.title, lang, &input.date)
        },
    )?;
    g.finish(6, 30)
}

/// Writes the 目标达成 sheet's title and the note on how attainment is decided (rows 1 and 2).
fn targets_heading(
    ws: &mut Worksheet,
    title: &str,
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    let title = format!("{title} · {}", lang.pick("目标达成", "Targets"));
    ws.merge_range(0, 0, 0, 8, &excel_text(&title), &st.title)?;
    ws.set_row_height(0, 24)?;
    let note = lang.pick(
        "各单位承诺书中的建设目标与本期数值。越高越好的指标：本期值 ≥ 目标即达成，达成度 = 本期值 ÷ 目标；越低越好的指标：本期值 ≤ 目标即达成，达成度 = 目标 ÷ 本期值。汇总中的达成度最高计100%。",
        "Each unit's committed targets against this period's values. Higher is better: attained at or above the target, degree = value ÷ target; lower is better: attained at or below it, degree = target ÷ value. Summaries cap the degree at 100%.",
    );
    ws.merge_range(1, 0, 1, 8, note, &st.subtitle)?;
    ws.set_row_height(1, 30)?;
    Ok(())
}

/// The 目标达成 sheet's column heads.
fn target_columns(lang: Lang) -> [&'static str; 9] {
    [
        lang.pick("医院", "Hospital"),
        lang.pick("专科", "Specialty"),
        lang.pick("达成", "Met"),
        lang.pick("指标", "Item"),
        lang.pick("目标值", "Target"),
        lang.pick("本期值", "Value"),
        lang.pick("达成度", "Degree"),
        lang.pick("是否达成", "Attained"),
        lang.pick("目标来源", "From"),
    ]
}

/// One line of the 目标达成 sheet: a unit's target for one item.
struct TargetLine<'a> {
    unit: &'a Unit,
    /// All the unit's targets (how many met, where they came from).
    targets: &'a Targets,
    item: &'a Item,
    target: &'a ItemTarget,
}

/// Writes one target's row: the unit, the item, the target against the value, attained or not.
fn target_row(
    g: &mut Grid<'_>,
    row: u32,
    line: &TargetLine<'_>,
    lang: Lang,
    st: &Styles,
    pct: &Format,
) -> Result<(), XlsxError> {
    let (u, t, item, it) = (line.unit, line.targets, line.item, line.target);
    g.text(row, 0, u.hospital.as_deref().unwrap_or(""), &st.text)?;
    g.text(row, 1, u.specialty.as_deref().unwrap_or(""), &st.text)?;
    g.text(row, 2, &format!("{}/{}", t.met, t.set), &st.text)?;
    g.text(
        row,
        3,
        &format!("{} {}", item.no, item.name_in(lang)),
        &st.wrap,
    )?;
    g.num(
        row,
        4,
        it.target,
        &st.value,
        &crate::text::fmt_number(it.target),
    )?;
    match it.value {
        Some(v) => g.num(row, 5, v, &st.value, &crate::text::fmt_number(v))?,
        None => g.text(
            row,
            5,
            crate::value::Status::Missing.label(lang),
            &st.missing,
        )?,
    }
    match it.degree {
        Some(d) => g.num(row, 6, d, pct, "000.0%")?,
        None => {
            g.ws.write_blank(row, 6, &st.text)?;
        }
    }
    let (word, f) = if it.attained {
        (lang.pick("达成", "yes"), &st.good)
    } else {
        (lang.pick("未达成", "no"), &st.bad)
    };
    g.text(row, 7, word, f)?;
    g.text(row, 8, &t.source, &st.wrap)
}

pub fn status_sheet(
    ws: &mut Worksheet,
    input: &ReportInput<'_>,
    st: &Styles,
) -> Result<(), XlsxError> {
    let Some(t) = input.status else {
        return Ok(());
    };
    write_status(ws, &input.title, t, input.lang, &input.date, st)
}

/// A unit's status without what comes next, as [`status_line`] says it: a missing current year
/// and what the status stands on, an undecided unit and why (`缺少2024年度评估结果；截至2023年：
/// 建设中`). For the 建设状态 sheet and the status column of 排名.
pub fn status_text(u: &UnitStatus, lang: Lang) -> String {
    status_line(
        &UnitStatus {
            next: Next::Nothing,
            ..u.clone()
        },
        lang,
    )
}

/// The status table as a worksheet: each unit's grades year by year (`等级不一致` where the
/// ledger gives a period two grades), its status as `status` says it, what the next result
/// changes, the years without a result, what the ledger did not settle for it; under the table
/// the notes of `status` (the ledger period each year's grade came from, conflicts, choices,
/// missing years, replaced grades, several counties).
pub fn write_status(
    ws: &mut Worksheet,
    title: &str,
    t: &StatusTable,
    lang: Lang,
    date: &str,
    st: &Styles,
) -> Result<(), XlsxError> {
    let cols = status_columns(t, lang);
    let layout = StatusLayout {
        last: (cols.len() - 1) as u16,
        first_year: 3,
        after: 3 + t.years.len() as u16,
        // The sheet's width in characters, about: for the rows of text merged across it.
        across: 150.0 + 8.0 * t.years.len() as f64,
    };
    status_heading(ws, title, &layout, lang, st)?;
    let hr = 3u32;
    let mut g = Grid::new(ws);
    for (c, h) in cols.iter().enumerate() {
        g.head(hr, c as u16, h, &st.head, 12)?;
    }
    g.fixed(layout.after, 24.0);
    g.fixed(layout.after + 1, 26.0);
    g.fixed(layout.after + 4, 40.0);
    let sst = StatusStyles::new(st);
    for (i, u) in t.units.iter().enumerate() {
        let row = hr + 1 + i as u32;
        g.text(row, 0, u.unit.county.as_deref().unwrap_or(""), &st.text)?;
        g.text(row, 1, u.unit.hospital.as_deref().unwrap_or(""), &st.text)?;
        g.text(row, 2, u.unit.specialty.as_deref().unwrap_or(""), &st.text)?;
        grade_cells(&mut g, row, u, t, &layout, lang, st)?;
        status_cells(&mut g, row, u, t, &layout, lang, &sst)?;
    }
    let last_row = hr + t.units.len().max(1) as u32;
    if !t.units.is_empty() {
        g.ws.autofilter(hr, 0, last_row, layout.last)?;
    }
    status_notes(&mut g, last_row + 2, t, &layout, lang, st)?;
    g.ws.set_freeze_panes(hr + 1, 3)?;
    print_setup(
        g.ws,
        &Print {
            repeat_rows: Some((hr, hr)),
            ..Print::landscape(title, lang, date)
        },
    )?;
    g.finish(6, 24)
}

/// Where the 建设状态 sheet's columns are, and how wide it is.
struct StatusLayout {
    /// The last column.
    last: u16,
    /// The column of the first year.
    first_year: u16,
    /// The first column after the years (the status).
    after: u16,
    /// The sheet's width in characters, about: for the rows of text merged across it.
    across: f64,
}

/// The formats of the status cells beyond [`Styles`]: wrapping text, red for an undecided unit,
/// yellow for one decided on older years.
struct StatusStyles<'a> {
    st: &'a Styles,
    bad_wrap: Format,
    mid_wrap: Format,
}

impl<'a> StatusStyles<'a> {
    fn new(st: &'a Styles) -> Self {
        StatusStyles {
            st,
            bad_wrap: st.bad.clone().set_text_wrap(),
            mid_wrap: st.mid.clone().set_text_wrap(),
        }
    }
}

/// The 建设状态 sheet's column heads: the unit, each year, then the status columns.
fn status_columns(t: &StatusTable, lang: Lang) -> Vec<String> {
    let mut cols: Vec<String> = vec![
        lang.pick("旗县区", "County").into(),
        lang.pick("医院", "Hospital").into(),
        lang.pick("专科", "Specialty").into(),
    ];
    cols.extend(t.years.iter().map(|y| match lang {
        Lang::Zh => format!("{y}年"),
        Lang::En => y.to_string(),
    }));
    cols.extend(
        [
            lang.pick("建设状态", "Status"),
            lang.pick("下一年结果的影响", "What the next result changes"),
            lang.pick("旗级重点专科", "County key specialty"),
            lang.pick("缺少结果的年份", "Years without a result"),
            lang.pick("台账核对", "Ledger findings"),
        ]
        .map(String::from),
    );
    cols
}

/// Writes the 建设状态 sheet's title and the note on the designation rules (rows 1 and 2).
fn status_heading(
    ws: &mut Worksheet,
    title: &str,
    layout: &StatusLayout,
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    let full = format!("{title} · {}", lang.pick("建设状态", "Designation status"));
    ws.merge_range(0, 0, 0, layout.last, &excel_text(&full), &st.title)?;
    ws.set_row_height(0, 24)?;
    let note = lang.pick(
        "按评分方案中的建设状态规则：不合格后进入整改期；连续不合格取消资格；连续合格以上授牌，授牌后限期获批国家级临床重点专科，否则撤牌。中间缺少结果的年份中断“连续”；缺少最近年度结果的单位按此前各年判定。台账未能确定的（同一期间等级不一致、同一年不同期间等级不一致等）列在“台账核对”和表下说明中。",
        "By the scheme's designation rules: a failing year starts rectification; failing years in a row withdraw the status; passing years in a row award the plaque, after which national approval is due by a deadline or the plaque is withdrawn. A year without a result between others breaks “in a row”; a unit without the latest year's result is decided on the years before. What the ledger does not settle (two grades for one period, a year's periods that disagree) is in “Ledger findings” and the notes below the table.",
    );
    ws.merge_range(1, 0, 1, layout.last, note, &st.subtitle)?;
    ws.set_row_height(1, 13.0 * wrapped_lines(note, layout.across) as f64 + 4.0)?;
    Ok(())
}

/// Writes a unit's grade of each year: the grade, `等级不一致` when its period has two, `—` when
/// there is none.
fn grade_cells(
    g: &mut Grid<'_>,
    row: u32,
    u: &UnitStatus,
    t: &StatusTable,
    layout: &StatusLayout,
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    for (k, y) in t.years.iter().enumerate() {
        let c = layout.first_year + k as u16;
        match (u.grades.get(y), u.periods.get(y)) {
            (Some(grade), _) => {
                g.text(row, c, crate::scheme::grade_label(grade, lang), &st.text)?
            }
            // A period of the year with two grades: no grade counts.
            (None, Some(_)) => g.text(row, c, lang.pick("等级不一致", "conflict"), &st.bad)?,
            (None, None) => g.text(row, c, "—", &st.missing)?,
        }
    }
    Ok(())
}

/// Writes a unit's cells after the years: its status, what the next result changes, whether
/// it is a county key specialty, its years without a result, and the ledger's findings on it.
fn status_cells(
    g: &mut Grid<'_>,
    row: u32,
    u: &UnitStatus,
    t: &StatusTable,
    layout: &StatusLayout,
    lang: Lang,
    sst: &StatusStyles<'_>,
) -> Result<(), XlsxError> {
    let (st, after) = (sst.st, layout.after);
    let undecided = matches!(u.state, State::Undecided { .. });
    g.text(
        row,
        after,
        &status_text(u, lang),
        if undecided {
            &sst.bad_wrap
        } else if u.missing.is_empty() {
            &st.wrap
        } else {
            &sst.mid_wrap
        },
    )?;
    g.text(row, after + 1, &next_text(&u.next, lang), &st.wrap)?;
    g.text(
        row,
        after + 2,
        if u.county_level {
            lang.pick("是", "yes")
        } else {
            lang.pick("否", "no")
        },
        &st.text,
    )?;
    let without = years_without_result(u);
    g.text(
        row,
        after + 3,
        &without
            .iter()
            .map(|y| y.to_string())
            .collect::<Vec<_>>()
            .join(lang.pick("、", ", ")),
        if without.is_empty() {
            &st.text
        } else {
            &st.mid
        },
    )?;
    g.text(
        row,
        after + 4,
        &ledger_findings(u, t, lang).join(lang.pick("；", "; ")),
        if undecided { &sst.bad_wrap } else { &st.wrap },
    )
}

/// A unit's years without a result, in order: the gaps and the missing latest years.
fn years_without_result(u: &UnitStatus) -> Vec<u16> {
    let mut without: Vec<u16> = u.gaps.iter().chain(&u.missing).copied().collect();
    without.sort_unstable();
    without
}

/// What the ledger did not settle for a unit, without the missing year (the status says it).
fn ledger_findings(u: &UnitStatus, t: &StatusTable, lang: Lang) -> Vec<String> {
    t.findings(u, lang)
        .into_iter()
        .filter(|(r, _)| *r != Rule::LedgerYearMissing)
        .map(|(_, m)| m)
        .collect()
}

/// Writes the notes of `status` under the table from `first_row`, one merged row each,
/// labelled `错误：` or `说明：`.
fn status_notes(
    g: &mut Grid<'_>,
    first_row: u32,
    t: &StatusTable,
    layout: &StatusLayout,
    lang: Lang,
    st: &Styles,
) -> Result<(), XlsxError> {
    for (row, (rule, text)) in (first_row..).zip(notes(t, lang)) {
        let label = match rule.map(Rule::severity) {
            Some(Severity::Error) => lang.pick("错误：", "Error: "),
            _ => lang.pick("说明：", "Note: "),
        };
        let text = excel_text(&format!("{label}{text}"));
        g.ws.merge_range(row, 0, row, layout.last, &text, &st.note)?;
        g.ws.set_row_height(row, 13.0 * wrapped_lines(&text, layout.across) as f64 + 3.0)?;
    }
    Ok(())
}
