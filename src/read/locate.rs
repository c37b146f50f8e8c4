//! Finding the survey table in a sheet: its header, its period and target columns, its items
//! and their values.
//!
//! Nothing is assumed about where the table is: the header row is the row that names the
//! 三级指标 column; period columns are the header cells that read as periods, in that row or the
//! row below it (a two-row header with 填报数据 merged above the periods); a column headed
//! 目标值 / 承诺值 / 2026年目标 holds targets. Items are recognised by code and name against the
//! form, with the serial number (序号) as the last resort. When several forms are known (a
//! revised form beside the current one), the table is read with the form that recognises it
//! best.

use super::{a1, col_letters, Sheet};
use crate::diag::{Diagnostic, Finding};
use crate::form::{Form, Labels};
use crate::model::{PeriodColumn, Survey, TargetColumn};
use crate::period::{classify_header, HeaderCell, Period};
use crate::text::{norm_label, normalize, normalize_keep_spaces, without_paren};
use crate::value::{parse_cell, Parsed, Status};
use std::collections::HashMap;
use std::sync::Arc;

/// The header is near the top: rows below this are not searched for it.
const HEADER_SEARCH_ROWS: u32 = 300;

/// A survey table is small: 序号, 一级, 二级, 三级 and a few period columns across, 69 items
/// down. Header cells further right than this many columns past the 三级指标 column, and rows
/// further below the header than [`TABLE_ROWS`], are not part of the table: the first of them
/// is reported as a stray cell, and nothing beyond is read. This bounds what one table can
/// give (values, and the diagnostics about them) whatever the file holds: without it, an
/// 87 KB CSV whose header named 1,000 periods gave 68,000 diagnostics.
pub const TABLE_COLUMNS: u32 = 12;
/// See [`TABLE_COLUMNS`]: rows of the table below its header.
pub const TABLE_ROWS: u32 = 500;

/// One classified cell of the header.
#[derive(Debug, Clone)]
pub struct HeaderColumn {
    pub row: u32,
    pub col: u32,
    /// As written.
    pub text: String,
    pub kind: HeaderCell,
}

/// The header of a survey table and the columns it names.
#[derive(Debug, Clone)]
pub struct Header {
    /// The row that names 三级指标.
    pub row: u32,
    /// The last row of the header (the row below `row` for a two-row header).
    pub last_row: u32,
    pub name_col: u32,
    pub serial_col: Option<u32>,
    pub group_col: Option<u32>,
    pub columns: Vec<HeaderColumn>,
}

fn squash(s: &str) -> String {
    normalize(s).trim_end_matches([':', '：']).to_string()
}

/// Find the header row of the survey table, if the sheet has one.
pub fn find_header(sheet: &Sheet) -> Option<Header> {
    let mut cells = sheet
        .cells()
        .take_while(|(r, _, _)| *r <= HEADER_SEARCH_ROWS)
        .peekable();
    while let Some(&(row, _, _)) = cells.peek() {
        let mut texts: Vec<(u32, String)> = Vec::new();
        while let Some(&(r, c, cell)) = cells.peek() {
            if r != row {
                break;
            }
            texts.push((c, squash(&cell.text())));
            cells.next();
        }
        let find = |names: &[&str]| {
            texts
                .iter()
                .find(|(_, t)| names.contains(&t.as_str()))
                .map(|(c, _)| *c)
        };
        let serial_col = find(&["序号", "编号", "No.", "No"]);
        let name_col = find(&["三级指标"]).or_else(|| {
            serial_col.and_then(|_| find(&["指标名称", "指标", "评价指标", "项目", "内容"]))
        });
        let Some(name_col) = name_col else { continue };
        let columns_of = |r: u32| -> Vec<HeaderColumn> {
            sheet
                .row(r)
                .filter(|(c, _)| *c != name_col && Some(*c) != serial_col)
                .filter_map(|(c, cell)| {
                    let text = cell.text().trim().to_string();
                    classify_header(&text).map(|kind| HeaderColumn {
                        row: r,
                        col: c,
                        text,
                        kind,
                    })
                })
                .collect()
        };
        let mut columns = columns_of(row);
        let mut last_row = row;
        // A two-row header: 填报数据 merged above the period cells of the next row.
        let below = columns_of(row + 1);
        if below
            .iter()
            .any(|h| !matches!(h.kind, HeaderCell::Target { .. }))
            && !columns
                .iter()
                .any(|h| matches!(h.kind, HeaderCell::Period { .. }))
        {
            columns.retain(|h| !below.iter().any(|b| b.col == h.col));
            columns.extend(below);
            columns.sort_by_key(|h| h.col);
            last_row = row + 1;
        }
        return Some(Header {
            row,
            last_row,
            name_col,
            serial_col,
            group_col: find(&["二级指标"]),
            columns,
        });
    }
    None
}

/// How a row was recognised.
#[derive(Debug, Clone, Copy, PartialEq)]
enum By {
    CodeOrName,
    Serial,
}

/// Split `1.6.2 31-40岁` into the code `1.6.2` and the name. Of the ways to cut a run of digits
/// and dots, the longest that is a code of the form wins.
fn split_code(form: &Form, text: &str) -> (Option<String>, String) {
    let t = normalize_keep_spaces(text);
    let t = t.trim();
    let run: String = t
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    if run.matches('.').count() < 1 || run.starts_with('.') {
        return (None, t.to_string());
    }
    // A run that is a well-formed code on its own (`2.3.10`) is that code, known or not: a
    // revised form's new item is not an old one with a digit left over. Only a run no code
    // can be (`1.6.231-40岁`, a part of three digits) is cut at a code of the form.
    let whole = run.trim_end_matches('.');
    if whole.split('.').count() >= 2 && whole.split('.').all(|p| (1..=2).contains(&p.len())) {
        return (Some(whole.to_string()), t[run.len()..].trim().to_string());
    }
    for end in (1..=run.len()).rev() {
        let cand = run[..end].trim_end_matches('.');
        if cand.len() == end && cand.contains('.') && form.labels.by_code.contains_key(cand) {
            return (Some(cand.to_string()), t[end..].trim().to_string());
        }
    }
    let code = run.trim_end_matches('.').to_string();
    let rest = t[run.len()..].trim().to_string();
    if code.split('.').count() >= 2 && code.split('.').all(|p| !p.is_empty() && p.len() <= 2) {
        (Some(code), rest)
    } else {
        (None, t.to_string())
    }
}

/// Recognise one row: the item's position in the form. `prev` is the item recognised on the
/// row above (for `其他`, which is three items).
fn identify(
    form: &Form,
    name_cell: &str,
    serial: Option<u32>,
    group: &str,
    prev: Option<usize>,
) -> Option<(usize, By)> {
    let labels = &form.labels;
    // The label as the form prints it names its item whatever the rest of the row says.
    if let Some(&i) = labels.by_label.get(name_cell.trim()) {
        return Some((i, By::CodeOrName));
    }
    let (code, rest) = split_code(form, name_cell);
    let name = norm_label(&rest);
    let by_code: Option<usize> = code.as_deref().and_then(|c| labels.by_code.get(c).copied());
    let by_name = items_named(labels, &name);
    let clues = Clues {
        by_code,
        group,
        serial,
        prev,
    };
    if let Some(i) = pick(labels, &by_name, &clues) {
        return Some((i, By::CodeOrName));
    }
    if let Some(i) = by_code {
        if name.is_empty() || by_name.is_empty() {
            return Some((i, By::CodeOrName));
        }
    }
    // A row that carries a code the form does not have is no item of it, whatever its
    // serial number says.
    if code.is_some() && by_code.is_none() {
        return None;
    }
    serial
        .and_then(|s| usize::try_from(s).ok())
        .filter(|s| (1..=form.len()).contains(s))
        .map(|s| (s - 1, By::Serial))
}

/// The items a normalised name may mean: those of that name, else those of a name like it.
fn items_named(labels: &Labels, name: &str) -> Vec<usize> {
    let by_name: Vec<usize> = labels.by_name.get(name).cloned().unwrap_or_default();
    if !by_name.is_empty() || name.is_empty() {
        return by_name;
    }
    // Alike: the same without the parenthesis, or (four characters or more) one begins with
    // the other.
    let short = without_paren(name);
    let long_enough = short.chars().count() >= 4;
    labels
        .names
        .iter()
        .enumerate()
        .filter(|(_, n)| {
            without_paren(n) == short
                || (long_enough
                    && n.chars().count() >= 4
                    && (n.starts_with(short) || short.starts_with(n.as_str())))
        })
        .map(|(i, _)| i)
        .collect()
}

/// What else a row says, for choosing among items of the same name.
struct Clues<'a> {
    /// The item its code names, if the form knows the code.
    by_code: Option<usize>,
    /// The group (二级指标) the row is under.
    group: &'a str,
    serial: Option<u32>,
    /// The item recognised on the row above.
    prev: Option<usize>,
}

/// The one item of `cands` the row means, by its code, group, serial number, then order.
fn pick(labels: &Labels, cands: &[usize], clues: &Clues<'_>) -> Option<usize> {
    // The only one; else the one its code names, the only one in its group, the one its serial
    // number gives, the first after the row above's item, or the first.
    match cands {
        [one] => Some(*one),
        [] => None,
        many => {
            if let Some(c) = clues.by_code.filter(|c| many.contains(c)) {
                return Some(c);
            }
            let g = norm_label(clues.group);
            let in_group: Vec<usize> = many
                .iter()
                .copied()
                .filter(|&i| {
                    let group = &labels.groups[i];
                    !g.is_empty() && (group.contains(&g) || g.contains(group.as_str()))
                })
                .collect();
            if let [one] = in_group.as_slice() {
                return Some(*one);
            }
            if let Some(s) = clues.serial.and_then(|s| usize::try_from(s).ok()) {
                if let Some(&i) = many.iter().find(|&&i| i + 1 == s) {
                    return Some(i);
                }
            }
            many.iter()
                .copied()
                .find(|&i| clues.prev.is_none_or(|p| i > p))
                .or(many.first().copied())
        }
    }
}

fn looks_like_note(text: &str) -> bool {
    let t = normalize(text);
    [
        "注",
        "说明",
        "备注",
        "填表",
        "填报",
        "联系",
        "审核",
        "负责",
        "制表",
        "单位负责",
        "签字",
        "盖章",
        "日期",
    ]
    .iter()
    .any(|p| t.starts_with(p))
}

/// A row of the table, as the locator sees it.
struct Row {
    row: u32,
    name: String,
    serial_text: String,
    serial: Option<u32>,
    group: String,
    /// A 合计/小计/总计 line: no item, whatever its serial number says.
    total: bool,
}

/// A total line a clerk adds under a group: its name is, or starts with, 合计, 小计, 总计 or
/// 累计 (blanks ignored: `合 计`). No item of the form is named so.
fn is_total(name: &str) -> bool {
    // Asked of every row of every table: looked at in place, not normalised into a copy.
    let mut chars = name.chars().filter(|c| !crate::text::is_blank(*c));
    matches!(
        (chars.next(), chars.next()),
        (Some('合' | '小' | '总' | '累'), Some('计'))
    )
}

/// The rows below the header that hold a name or a serial number (the first `limit` of them),
/// and the first such row beyond [`TABLE_ROWS`] (its row, column and text), which is not read.
fn table_rows(sheet: &Sheet, h: &Header, limit: usize) -> (Vec<Row>, Option<(u32, u32, String)>) {
    let mut out = Vec::new();
    let mut beyond = None;
    let end = h.last_row.saturating_add(TABLE_ROWS);
    let mut group = String::new();
    let mut current: Option<u32> = None;
    let rows: Vec<u32> = {
        let mut v: Vec<u32> = sheet
            .cells_from(h.last_row + 1)
            .map(|(r, _, _)| r)
            .collect();
        v.dedup();
        v
    };
    for r in rows {
        if out.len() >= limit {
            break;
        }
        if current == Some(r) {
            continue;
        }
        current = Some(r);
        let name = sheet.text(r, h.name_col);
        let serial_text = h.serial_col.map(|c| sheet.text(r, c)).unwrap_or_default();
        let serial: Option<u32> = normalize(&serial_text).parse().ok();
        if let Some(gc) = h.group_col {
            let g = sheet.text(r, gc);
            if !g.is_empty() {
                group = g;
            }
        }
        if name.is_empty() && serial.is_none() {
            continue;
        }
        if serial.is_none() && looks_like_note(&name) {
            continue;
        }
        if r > end {
            beyond = Some(if name.is_empty() {
                (r, h.serial_col.unwrap_or(h.name_col), serial_text)
            } else {
                (r, h.name_col, name)
            });
            break;
        }
        out.push(Row {
            row: r,
            total: is_total(&name),
            name,
            serial_text,
            serial,
            group: group.clone(),
        });
    }
    (out, beyond)
}

/// Whether a header has nothing under it: no row with an item name or a serial number. Such a
/// sheet holds no survey (a header copied alone, a one-line CSV) and is treated like a sheet
/// without a header, so a file of nothing else is one `no-table` error and not 69 missing
/// items.
pub fn is_empty_table(sheet: &Sheet, h: &Header) -> bool {
    table_rows(sheet, h, 1).0.is_empty()
}

/// How each row of a table was recognised with one form.
struct Reading {
    form: Arc<Form>,
    /// Per row: the item's position, how, or `None`.
    ids: Vec<Option<(usize, By)>>,
}

impl Reading {
    fn of(form: &Arc<Form>, rows: &[Row]) -> Reading {
        let mut prev = None;
        let mut ids: Vec<Option<(usize, By)>> = rows
            .iter()
            .map(|r| {
                if r.total {
                    return None;
                }
                let id = identify(form, &r.name, r.serial, &r.group, prev);
                if let Some((i, _)) = id {
                    prev = Some(i);
                }
                id
            })
            .collect();
        // A row recognised by its code or name beats one placed only by its serial number,
        // wherever it stands: the serial row is then no item of this form.
        let mut named = vec![false; form.len()];
        for (i, by) in ids.iter().flatten() {
            if *by == By::CodeOrName {
                named[*i] = true;
            }
        }
        for id in &mut ids {
            if matches!(id, Some((i, By::Serial)) if named[*i]) {
                *id = None;
            }
        }
        Reading {
            form: form.clone(),
            ids,
        }
    }

    /// Rows recognised by code or name (the serial number proves little), and the items of
    /// the form the table lacks.
    fn fit(&self) -> (usize, usize) {
        let mut seen = vec![false; self.form.len()];
        let mut named = 0;
        for (i, by) in self.ids.iter().flatten() {
            seen[*i] = true;
            if *by == By::CodeOrName {
                named += 1;
            }
        }
        (named, seen.iter().filter(|s| !**s).count())
    }
}

/// What the locator needs besides the sheet.
pub struct Context<'a> {
    /// The forms a table may be read with; the first is preferred when they fit equally well.
    pub forms: &'a [Arc<Form>],
    /// Today, for periods that cannot have happened yet.
    pub today: (u16, u8, u8),
}

/// Read the survey table of a sheet whose header was found. The unit is left empty: the caller
/// finds it (it needs the file name and folders as well as the sheet).
pub fn read_table(
    sheet: &Sheet,
    file: &str,
    header: &Header,
    ctx: &Context<'_>,
) -> (Survey, Vec<Diagnostic>) {
    let (rows, row_beyond) = table_rows(sheet, header, usize::MAX);
    let last_col = header.name_col.saturating_add(TABLE_COLUMNS);
    let col_beyond = header.columns.iter().find(|h| h.col > last_col);
    let reading = best_reading(ctx.forms, &rows);
    let form = reading.form.clone();
    let mut out = Diags {
        file,
        sheet: &sheet.name,
        list: Vec::new(),
    };
    let (mut item_rows, last_item_row) = place_items(&rows, &reading, header, &mut out);

    // Two units side by side: only the first unit's columns are read, and the clerk is told.
    let period_cols = period_columns(header.columns.iter().filter(|h| h.col <= last_col));
    let second_unit = side_by_side(sheet, header, &period_cols);
    if let Some(second) = second_unit {
        out.push(units_side_by_side(&out, header, &period_cols, second));
    }
    let read_col = |col: u32| col <= last_col && second_unit.is_none_or(|(b, _)| col < b);
    let in_table = header.columns.iter().filter(|h| read_col(h.col));
    let value_cols = value_columns(in_table.clone(), &period_cols);
    let moved = values_below_names(sheet, header, &value_cols, &form, &mut item_rows, &mut out);
    let values = Values {
        sheet,
        form: &form,
        rows: &item_rows,
        moved: &moved,
    };

    // Period columns: one per period, each with at least one value, none in the future.
    let current = current_period(in_table.clone());
    let columns = read_columns(in_table.clone(), current, &values, ctx.today, &mut out);
    if !has_period(in_table, current) {
        out.push(
            out.at(Finding::NoPeriod {
                header_row: header.row,
            })
            .cell(a1(header.row, header.name_col)),
        );
    }
    report_strays(sheet, col_beyond, row_beyond, last_item_row, &mut out);
    (
        Survey {
            file: file.to_string(),
            sheet: sheet.name.clone(),
            form,
            unit: Default::default(),
            written: Default::default(),
            periods: columns.periods,
            rows: item_rows.into(),
            values: columns.values,
            target: columns.target,
        },
        out.list,
    )
}

/// The diagnostics of one table, each naming its file and sheet.
struct Diags<'a> {
    file: &'a str,
    sheet: &'a str,
    list: Vec<Diagnostic>,
}

impl Diags<'_> {
    /// A diagnostic about this table's sheet, to be given its cell and pushed.
    fn at(&self, f: Finding) -> Diagnostic {
        Diagnostic::new(self.file, f).sheet(self.sheet)
    }

    /// Add a diagnostic to the table's.
    fn push(&mut self, d: Diagnostic) {
        self.list.push(d);
    }
}

/// The reading of the rows with the form that fits them best.
fn best_reading(forms: &[Arc<Form>], rows: &[Row]) -> Reading {
    // Most rows recognised by code or name, then fewest items lacking, then the first form.
    forms
        .iter()
        .map(|f| Reading::of(f, rows))
        .enumerate()
        .max_by_key(|(k, r)| {
            let (named, missing) = r.fit();
            (named, std::cmp::Reverse(missing), std::cmp::Reverse(*k))
        })
        .map(|(_, r)| r)
        .expect("at least one form is known")
}

/// The row of each item (the first recognised as it) and the last item row, with what is amiss.
fn place_items(
    rows: &[Row],
    reading: &Reading,
    header: &Header,
    out: &mut Diags<'_>,
) -> (Vec<Option<u32>>, u32) {
    let form = &reading.form;
    let mut item_rows: Vec<Option<u32>> = vec![None; form.len()];
    let mut last_item_row = header.last_row;
    for (row, id) in rows.iter().zip(&reading.ids) {
        let r = row.row;
        if row.total {
            out.push(
                out.at(Finding::TotalRowSkipped {
                    row: r,
                    written: row.name.clone(),
                })
                .cell(a1(r, header.name_col)),
            );
            continue;
        }
        match id {
            Some((i, by)) => {
                let it = &form.items()[*i];
                let cell = a1(r, header.name_col);
                if let Some(first) = item_rows[*i] {
                    out.push(
                        out.at(Finding::ItemRepeated {
                            first_row: first,
                            row: r,
                        })
                        .cell(cell)
                        .item(it),
                    );
                    continue;
                }
                if *by == By::Serial {
                    out.push(
                        out.at(Finding::ItemBySerial {
                            written: row.name.clone(),
                            serial: row.serial.unwrap_or(0),
                        })
                        .cell(cell)
                        .item(it),
                    );
                }
                item_rows[*i] = Some(r);
                last_item_row = r;
            }
            None => out.push(
                out.at(Finding::ItemUnrecognised {
                    row: r,
                    written: if row.name.is_empty() {
                        row.serial_text.clone()
                    } else {
                        row.name.clone()
                    },
                })
                .cell(a1(r, header.name_col)),
            ),
        }
    }
    for (i, row) in item_rows.iter().enumerate() {
        if row.is_none() {
            out.push(out.at(Finding::ItemMissing).item(&form.items()[i]));
        }
    }
    (item_rows, last_item_row)
}

/// The first period named that is no baseline: the one 去年同期 is the year before of.
fn current_period<'h>(mut cols: impl Iterator<Item = &'h HeaderColumn>) -> Option<Period> {
    cols.find_map(|h| match h.kind {
        HeaderCell::Period {
            period,
            baseline: false,
        } => Some(period),
        _ => None,
    })
}

/// The header columns that name a period, each with its period, in order.
fn period_columns<'h>(cols: impl Iterator<Item = &'h HeaderColumn> + Clone) -> Vec<(u32, Period)> {
    // 去年同期 names a period only beside a current period.
    let current = current_period(cols.clone());
    cols.filter_map(|h| match h.kind {
        HeaderCell::Period { period, .. } => Some((h.col, period)),
        HeaderCell::LastYear => current.map(|p| (h.col, p.year_before())),
        HeaderCell::Target { .. } => None,
    })
    .collect()
}

/// `A` for one column, `C–F` for several.
fn col_span(a: u32, z: u32) -> String {
    if a == z {
        col_letters(a)
    } else {
        format!("{}–{}", col_letters(a), col_letters(z))
    }
}

/// The `units-side-by-side` diagnostic: the first `k` period columns, and the rest from `b`.
fn units_side_by_side(
    out: &Diags<'_>,
    header: &Header,
    period_cols: &[(u32, Period)],
    (b, k): (u32, usize),
) -> Diagnostic {
    let last = period_cols.last().map_or(b, |(c, _)| *c);
    out.at(Finding::UnitsSideBySide {
        first_cols: col_span(period_cols[0].0, period_cols[k - 1].0),
        cols: col_span(b, last),
    })
    .cell(a1(header.last_row, b))
}

/// The columns whose values are read, each with its period (none for a target column).
fn value_columns<'h>(
    in_table: impl Iterator<Item = &'h HeaderColumn>,
    period_cols: &[(u32, Period)],
) -> Vec<(u32, Option<Period>)> {
    in_table
        .map(|h| {
            let p = period_cols
                .iter()
                .find(|(c, _)| *c == h.col)
                .map(|(_, p)| *p);
            (h.col, p)
        })
        .collect()
}

/// Where each item's values are: on its row, or on a row below it that a value was taken from.
struct Values<'a> {
    sheet: &'a Sheet,
    form: &'a Form,
    rows: &'a [Option<u32>],
    /// (item, column) → row, for values taken from a row below the item's.
    moved: &'a HashMap<(usize, u32), u32>,
}

impl Values<'_> {
    /// The values of one column, item by item (missing for an item the table lacks).
    fn column(&self, col: u32) -> Vec<Parsed> {
        self.form
            .items()
            .iter()
            .zip(self.rows)
            .enumerate()
            .map(|(i, (it, r))| match r {
                Some(r) => {
                    let r = self.moved.get(&(i, col)).copied().unwrap_or(*r);
                    parse_cell(self.sheet.get(r, col), it)
                }
                None => Parsed::missing(),
            })
            .collect()
    }
}

/// Whether a column holds nothing at all: no value, no problem, no note.
fn is_empty_column(vals: &[Parsed]) -> bool {
    vals.iter()
        .all(|v| v.status == Status::Missing && v.problem().is_none() && v.detail().is_none())
}

/// The columns of a table that are read as data.
struct Columns {
    periods: Vec<PeriodColumn>,
    /// Per period column, its values item by item.
    values: Vec<Vec<Parsed>>,
    target: Option<TargetColumn>,
}

/// The period columns read with their values, and the first target column; the rest reported.
fn read_columns<'h>(
    in_table: impl Iterator<Item = &'h HeaderColumn>,
    current: Option<Period>,
    values: &Values<'_>,
    today: (u16, u8, u8),
    out: &mut Diags<'_>,
) -> Columns {
    let mut read = Columns {
        periods: Vec::new(),
        values: Vec::new(),
        target: None,
    };
    for h in in_table {
        let period = match &h.kind {
            HeaderCell::Period { period, .. } => *period,
            HeaderCell::LastYear => match current {
                Some(p) => p.year_before(),
                None => continue,
            },
            HeaderCell::Target { period } => {
                if read.target.is_none() {
                    read.target = Some(TargetColumn {
                        period: *period,
                        row: h.row,
                        col: h.col,
                        header: h.text.clone(),
                        values: values.column(h.col),
                    });
                }
                continue;
            }
        };
        let cell = a1(h.row, h.col);
        if let Some(f) = period_refused(h, period, &read.periods, today) {
            out.push(out.at(f).cell(cell).period(period));
            continue;
        }
        let vals = values.column(h.col);
        if is_empty_column(&vals) {
            out.push(
                out.at(Finding::PeriodEmpty {
                    header: h.text.clone(),
                    col: col_letters(h.col),
                })
                .cell(cell)
                .period(period),
            );
            continue;
        }
        read.periods.push(PeriodColumn {
            period,
            row: h.row,
            col: h.col,
            header: h.text.clone(),
        });
        read.values.push(vals);
    }
    read
}

/// Why a period column is not read whatever its values: its period is repeated or to come.
fn period_refused(
    h: &HeaderColumn,
    period: Period,
    periods: &[PeriodColumn],
    today: (u16, u8, u8),
) -> Option<Finding> {
    if let Some(first) = periods.iter().find(|p| p.period == period) {
        return Some(Finding::PeriodRepeated {
            first_col: col_letters(first.col),
            col: col_letters(h.col),
        });
    }
    period.ends_after(today).then(|| Finding::PeriodFuture {
        header: h.text.clone(),
    })
}

/// Whether the table names a period: a period column, or 去年同期 beside a current period.
fn has_period<'h>(
    mut in_table: impl Iterator<Item = &'h HeaderColumn>,
    current: Option<Period>,
) -> bool {
    in_table.any(|h| {
        matches!(h.kind, HeaderCell::Period { .. })
            || (matches!(h.kind, HeaderCell::LastYear) && current.is_some())
    })
}

/// Report the cells outside the table: the first beyond its bounds, and three far away.
fn report_strays(
    sheet: &Sheet,
    col_beyond: Option<&HeaderColumn>,
    row_beyond: Option<(u32, u32, String)>,
    last_item_row: u32,
    out: &mut Diags<'_>,
) {
    let mut beyond: Vec<(u32, u32, String)> = Vec::new();
    if let Some(h) = col_beyond {
        beyond.push((h.row, h.col, h.text.clone()));
    }
    beyond.extend(row_beyond);
    for (r, c, text) in &beyond {
        out.push(
            out.at(Finding::StrayCell {
                text: text.clone(),
                rows: r + 1,
                cols: c + 1,
            })
            .cell(a1(*r, *c)),
        );
    }
    // Values far outside the table: harmless to read, but the sheet is broken for printing and
    // for every other program that reads it whole.
    let far = |r: u32, c: u32| {
        (r > last_item_row.saturating_add(10_000) || c > 1_000)
            && !beyond.iter().any(|(br, bc, _)| (*br, *bc) == (r, c))
    };
    for (r, c, cell) in sheet.cells().filter(|(r, c, _)| far(*r, *c)).take(3) {
        out.push(
            out.at(Finding::StrayCell {
                text: cell.text(),
                rows: r + 1,
                cols: c + 1,
            })
            .cell(a1(r, c)),
        );
    }
}

/// Header names of the columns that name an item: a second one beside the first table's
/// period columns starts a second table.
const NAME_HEADERS: &[&str] = &["三级指标", "二级指标", "一级指标", "指标名称", "序号"];

/// Where a second unit's columns begin (the column, and how many period columns the first unit
/// has), when the header repeats the first unit's periods after a second name column, under a
/// second unit's label above the header, or as a whole block of two or more periods in the
/// same order: a sheet with two units side by side. One period repeated alone, with none of
/// that, is a mistyped header and stays a plain `period-repeated`.
fn side_by_side(sheet: &Sheet, header: &Header, cols: &[(u32, Period)]) -> Option<(u32, usize)> {
    let k = (1..cols.len()).find(|&k| cols[..k].iter().any(|(_, p)| *p == cols[k].1))?;
    let (b, prev) = (cols[k].0, cols[k - 1].0);
    let last = cols.last().map_or(b, |(c, _)| *c);
    let name_between = (header.row..=header.last_row).any(|r| {
        sheet
            .row(r)
            .filter(|(c, _)| *c > prev && *c < b)
            .any(|(_, cell)| NAME_HEADERS.contains(&squash(&cell.text()).as_str()))
    });
    let m = k.min(cols.len() - k);
    let block_repeated = m >= 2 && (0..m).all(|j| cols[j].1 == cols[k + j].1);
    let label_above = (header.row.saturating_sub(10)..header.row).any(|r| {
        sheet
            .row(r)
            .filter(|(c, _)| *c >= b && *c <= last)
            .any(|(_, cell)| {
                let t = normalize(&cell.text());
                ["专科", "科室", "医院", "填报单位", "单位名称"]
                    .iter()
                    .any(|l| t.contains(l))
            })
    });
    (name_between || block_repeated || label_above).then_some((b, k))
}

/// Whether a cell holds something a clerk typed.
fn filled(sheet: &Sheet, row: u32, col: u32) -> bool {
    sheet
        .get(row, col)
        .is_some_and(|c| c.formula_without_result || !c.text().trim().is_empty())
}

/// Values in rows with no name and no serial number just below an item's row: Excel and WPS
/// keep the text of a name merged over two rows in the top cell, and the value is sometimes
/// typed in the second row. A row belongs to the item above when the workbook says the item's
/// name cell is merged over it, or when it directly follows the item's row (or another such
/// row). Each of its values is taken as the item's where the item has none in that column,
/// else it is not read; either way the clerk is told, naming the cell. An item whose values
/// are all on one row below moves there, so that every later message names the right cell.
/// Returns the cells taken: (item, column) → row.
fn values_below_names(
    sheet: &Sheet,
    header: &Header,
    value_cols: &[(u32, Option<Period>)],
    form: &Form,
    item_rows: &mut [Option<u32>],
    out: &mut Diags<'_>,
) -> HashMap<(usize, u32), u32> {
    let mut moved: HashMap<(usize, u32), u32> = HashMap::new();
    if value_cols.is_empty() {
        return moved;
    }
    let mut owner: HashMap<u32, usize> = item_rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.map(|r| (r, i)))
        .collect();
    for r in rows_below_header(sheet, header) {
        if filled(sheet, r, header.name_col)
            || header.serial_col.is_some_and(|c| filled(sheet, r, c))
        {
            continue;
        }
        let cols: Vec<(u32, Option<Period>)> = value_cols
            .iter()
            .copied()
            .filter(|(c, _)| filled(sheet, r, *c))
            .collect();
        if cols.is_empty() {
            continue;
        }
        let by_merge = sheet
            .merged_top(r, header.name_col)
            .and_then(|top| owner.get(&top).copied());
        let Some(i) = by_merge.or_else(|| r.checked_sub(1).and_then(|p| owner.get(&p).copied()))
        else {
            continue;
        };
        owner.insert(r, i);
        let Some(item_row) = item_rows[i] else {
            continue;
        };
        let it = &form.items()[i];
        for (c, period) in cols {
            let from = moved.get(&(i, c)).copied().unwrap_or(item_row);
            let used = !filled(sheet, from, c);
            if used {
                moved.insert((i, c), r);
            }
            let mut d = out
                .at(Finding::ValueBelowName {
                    raw: sheet.get(r, c).map(|x| x.text()).unwrap_or_default(),
                    item_row,
                    merged: by_merge.is_some(),
                    used,
                })
                .cell(a1(r, c))
                .item(it);
            if let Some(p) = period {
                d = d.period(p);
            }
            out.push(d);
        }
    }
    move_items_below(sheet, value_cols, item_rows, &mut moved);
    moved
}

/// The rows below the header, up to [`TABLE_ROWS`] of them, that hold a cell.
fn rows_below_header(sheet: &Sheet, header: &Header) -> Vec<u32> {
    let end = header.last_row.saturating_add(TABLE_ROWS);
    let mut rows: Vec<u32> = sheet
        .cells_from(header.last_row + 1)
        .map(|(r, _, _)| r)
        .take_while(|r| *r <= end)
        .collect();
    rows.dedup();
    rows
}

/// Move each item whose row is empty and whose values all sit on one row below to that row.
fn move_items_below(
    sheet: &Sheet,
    value_cols: &[(u32, Option<Period>)],
    item_rows: &mut [Option<u32>],
    moved: &mut HashMap<(usize, u32), u32>,
) {
    let mut rows_of: HashMap<usize, Vec<u32>> = HashMap::new();
    for (&(i, _), &r) in moved.iter() {
        rows_of.entry(i).or_default().push(r);
    }
    for (i, rs) in rows_of {
        let Some(item_row) = item_rows[i] else {
            continue;
        };
        let one = rs.iter().all(|r| *r == rs[0]);
        if one && value_cols.iter().all(|(c, _)| !filled(sheet, item_row, *c)) {
            item_rows[i] = Some(rs[0]);
            moved.retain(|(j, _), _| *j != i);
        }
    }
}

/// The last row of the table: for finding labels below it.
pub fn last_row(s: &Survey, header: &Header) -> u32 {
    s.rows.iter().flatten().max().unwrap_or(header.last_row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn total_lines_whatever_their_blanks() {
        for t in [
            "合计",
            "合 计",
            "\u{3000}小计（年龄结构）",
            "总计：",
            " 累　计",
        ] {
            assert!(is_total(t), "{t}");
        }
        for t in [
            "",
            "合",
            "计",
            "合同数",
            "手术人次合计",
            "小 结",
            "门诊人次",
        ] {
            assert!(!is_total(t), "{t}");
        }
    }

    fn form() -> Arc<Form> {
        Form::builtin()
    }

    fn id(name: &str, serial: Option<u32>, group: &str, prev: u8) -> Option<(u8, By)> {
        let prev = usize::from(prev).checked_sub(1);
        identify(&form(), name, serial, group, prev).map(|(i, b)| (i as u8 + 1, b))
    }

    #[test]
    fn codes_are_split_from_names() {
        let f = form();
        assert_eq!(
            split_code(&f, "1.1.1科室业务用房面积"),
            (Some("1.1.1".into()), "科室业务用房面积".into())
        );
        assert_eq!(
            split_code(&f, "1.6.2 31-40岁"),
            (Some("1.6.2".into()), "31-40岁".into())
        );
        assert_eq!(
            split_code(&f, "1.6.231-40岁"),
            (Some("1.6.2".into()), "31-40岁".into())
        );
        assert_eq!(
            split_code(&f, "多学科诊疗团队数"),
            (None, "多学科诊疗团队数".into())
        );
        assert_eq!(
            split_code(&f, "2.3.1 CMI"),
            (Some("2.3.1".into()), "CMI".into())
        );
    }

    #[test]
    fn items_by_code_name_and_serial() {
        assert_eq!(id("1.3.3其他", None, "", 7), Some((8, By::CodeOrName)));
        assert_eq!(id("1.4.5其他", None, "", 12), Some((13, By::CodeOrName)));
        // No code: the group column decides, else the row order.
        assert_eq!(
            id("其他", None, "1.4卫技人员学历", 0),
            Some((13, By::CodeOrName))
        );
        assert_eq!(id("其他", None, "", 7), Some((8, By::CodeOrName)));
        // The form's quirks.
        assert_eq!(
            id("2.1.5下转患者人次数", None, "", 22),
            Some((23, By::CodeOrName))
        );
        assert_eq!(
            id("多学科诊疗团队数", None, "", 25),
            Some((26, By::CodeOrName))
        );
        // Written differently.
        assert_eq!(id("1.6.1 ≤30岁", None, "", 16), Some((17, By::CodeOrName)));
        assert_eq!(
            id("科室业务用房面积（平方米）", None, "", 0),
            Some((1, By::CodeOrName))
        );
        assert_eq!(
            id("抗菌药物使用强度(DDDs)", None, "", 0),
            Some((44, By::CodeOrName))
        );
        // Unknown name, serial as the last resort.
        assert_eq!(id("???", Some(5), "", 4), Some((5, By::Serial)));
        assert_eq!(id("某个新指标", None, "", 4), None);
        assert_eq!(id("???", Some(70), "", 4), None);
    }
}
