//! The ranked Excel workbook for the meeting, written from the assessment only: 排名, 图表,
//! 分项得分, 原始数据, 同比变化, 数据问题, 评分方案 (and 目标达成, 建设状态 when the run has
//! targets and a history). Every number is written as a number (scores keep full precision and
//! show one decimal); column widths are measured so Chinese fits and rows grow with wrapped
//! text. Each sheet has its own print design: 排名 and 图表 print on A4 landscape one page
//! wide; the data sheets show values on every page with a short key repeated.

mod charts;
pub mod decisions;
mod matrix;
mod sheets;

use super::xlsx::{self, Styles};
use crate::assess::{Assessment, GroupBy};
use crate::decide::status::StatusTable;
use crate::i18n::Lang;
use rust_xlsxwriter::{Worksheet, XlsxError};

/// What the report is made from.
pub struct ReportInput<'a> {
    pub title: String,
    pub assessment: &'a Assessment<'a>,
    /// Designation status, when the run has a history ledger.
    pub status: Option<&'a StatusTable>,
    pub lang: Lang,
    /// The printed date in each page's header (yyyy-mm-dd).
    pub date: String,
    /// Data rows in one sheet before it continues in `… (2)`: [`SHEET_ROWS`], as Excel holds
    /// 1,048,576 rows (smaller only to try the split).
    pub sheet_rows: usize,
    /// Write the ranking, the long data sheets and 数据问题 row by row (rust_xlsxwriter's
    /// constant-memory mode: each row goes to a temporary file as soon as the next begins, its
    /// texts with it rather than into the workbook's shared strings), so that a national run's
    /// millions of cells are never all held at once. Off only to compare with
    /// the writer that holds a whole sheet.
    pub streamed: bool,
}

/// Data rows in one sheet of a report (Excel holds 1,048,576 rows, a few are the heading).
pub const SHEET_ROWS: usize = 1_000_000;

/// The sheets, in order, in a language.
pub fn sheet_names(lang: Lang, targets: bool, status: bool) -> Vec<&'static str> {
    let mut v = vec![
        lang.pick("排名", "Ranking"),
        lang.pick("图表", "Charts"),
        lang.pick("分项得分", "Item scores"),
        lang.pick("原始数据", "Values"),
        lang.pick("同比变化", "Changes"),
    ];
    if targets {
        v.push(lang.pick("目标达成", "Targets"));
    }
    if status {
        v.push(lang.pick("建设状态", "Status"));
    }
    v.push(lang.pick("数据问题", "Data problems"));
    v.push(lang.pick("评分方案", "Scheme"));
    v
}

/// The default title: `北岭旗2024年1-6月临床重点专科评估`.
pub fn default_title(a: &Assessment<'_>, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "{}{}临床重点专科评估",
            a.common_county().unwrap_or_default(),
            a.period
        ),
        Lang::En => format!(
            "{}Clinical key specialty assessment, {}",
            a.common_county()
                .map(|c| format!("{c} · "))
                .unwrap_or_default(),
            a.period.label(lang)
        ),
    }
}

/// The line under each sheet's title: period, method, cohort, baseline.
pub fn method_line(a: &Assessment<'_>, lang: Lang) -> String {
    let grouped = a.group_by != GroupBy::None;
    match lang {
        Lang::Zh => format!(
            "评估期间：{}　评分方法：{}（{}）　参评：{}个{}　同比基期：{}",
            a.period,
            a.method().label(lang),
            a.weights().label(lang),
            a.results.len(),
            if grouped {
                format!("　分组：按{}", a.group_by.label(lang))
            } else {
                String::new()
            },
            a.baseline
        ),
        Lang::En => format!(
            "Period: {}  Method: {} ({})  Units: {}{}  Compared with: {}",
            a.period.label(lang),
            a.method().label(lang),
            a.weights().label(lang),
            a.results.len(),
            if grouped {
                format!("  Grouped by {}", a.group_by.label(lang))
            } else {
                String::new()
            },
            a.baseline.label(lang)
        ),
    }
}

/// The name of part `k` (from 0) of a sheet: `原始数据`, then `原始数据 (2)`, ….
pub fn part_name(name: &str, k: usize) -> String {
    if k == 0 {
        name.to_string()
    } else {
        format!("{name} ({})", k + 1)
    }
}

/// Writes one part of a sheet: (worksheet, sheet name, part, written row by row).
type SheetWriter<'w> = dyn FnMut(&mut Worksheet, &str, usize, bool) -> Result<(), XlsxError> + 'w;

/// Write the report; returns the .xlsx bytes.
pub fn write(input: &ReportInput<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut bytes = Vec::new();
    write_to(input, &mut bytes)?;
    Ok(bytes)
}

/// A data sheet's parts, and whether it streams: in its long layout (a unit per row). The sheet
/// is told whether it streams, so that its grid closes it as a streamed sheet must be
/// (`Grid::finish`).
fn data_sheet(units: usize, per_sheet: usize) -> (usize, bool) {
    (matrix::parts(units, per_sheet), units > matrix::WIDE_LIMIT)
}

/// Write the report into `out` as it is made (the workbook is never held whole).
pub fn write_to(input: &ReportInput<'_>, out: impl std::io::Write + Send) -> Result<(), XlsxError> {
    let st = Styles::new();
    let lang = input.lang;
    let a = input.assessment;
    let targets = a.results.iter().any(|r| r.targets.is_some());
    let status = input.status.is_some();
    let names = sheet_names(lang, targets, status);
    let mut wb = xlsx::workbook("report", &input.title);
    let mut k = 0;
    // Each sheet in turn, in as many parts as Excel's row limit asks for. A sheet written row
    // by row streams (all but a data sheet's wide layout and the decisions): what grows with a
    // run is never held whole.
    let mut next = |wb: &mut rust_xlsxwriter::Workbook,
                    (parts, streams): (usize, bool),
                    write: &mut SheetWriter<'_>|
     -> Result<(), XlsxError> {
        let name = names[k];
        k += 1;
        for part in 0..parts.max(1) {
            let streamed = streams && input.streamed;
            let ws = if streamed {
                wb.add_worksheet_with_constant_memory()?
            } else {
                wb.add_worksheet()
            };
            ws.set_name(part_name(name, part))?;
            write(ws, name, part, streamed)?;
        }
        Ok(())
    };
    let with_yoy = a.results.iter().filter(|r| r.yoy.is_some()).count();
    let whole = (1, false);
    let data = |units: usize| data_sheet(units, input.sheet_rows);
    next(&mut wb, (1, true), &mut |ws, _, _, streamed| {
        sheets::ranking(ws, input, &st, streamed)
    })?;
    next(&mut wb, (1, true), &mut |ws, name, _, streamed| {
        charts::charts(ws, name, input, &st, streamed)
    })?;
    next(
        &mut wb,
        data(a.results.len()),
        &mut |ws, _, part, streamed| sheets::scores(ws, input, &st, part, streamed),
    )?;
    next(
        &mut wb,
        data(a.submissions.len()),
        &mut |ws, _, part, streamed| sheets::values(ws, input, &st, part, streamed),
    )?;
    next(&mut wb, data(with_yoy), &mut |ws, _, part, streamed| {
        sheets::changes(ws, input, &st, part, streamed)
    })?;
    if targets {
        next(&mut wb, whole, &mut |ws, _, _, _| {
            decisions::targets_sheet(ws, input, &st)
        })?;
    }
    if status {
        next(&mut wb, whole, &mut |ws, _, _, _| {
            decisions::status_sheet(ws, input, &st)
        })?;
    }
    next(
        &mut wb,
        (
            sheets::problem_parts(a.diagnostics.len(), input.sheet_rows),
            true,
        ),
        &mut |ws, _, part, streamed| sheets::problems(ws, input, &st, part, streamed),
    )?;
    next(&mut wb, (1, true), &mut |ws, _, _, streamed| {
        sheets::scheme(ws, input, &st, streamed)
    })?;
    wb.save_to_writer(out)
}
