//! One writer for the report's data sheets (分项得分, 原始数据, 同比变化): indicators by units.
//!
//! For a county-sized run (up to [`WIDE_LIMIT`] units) the sheet is wide: an indicator per row
//! and a unit per column, so every item's name is read in full and a page shows every unit's
//! values; the short key (编号, 指标) repeats on every printed page. For a larger run it is long:
//! a unit per row and an indicator per column, which Excel can hold for any number of units and
//! filter; it prints the first [`LONG_PRINT_ROWS`] units and says so in its header line. A
//! sheet never exceeds Excel's rows or columns.

use super::super::xlsx::{excel_text, print_setup, Grid, Print, Styles};
use crate::i18n::Lang;
use rust_xlsxwriter::{ConditionalFormat3ColorScale, Format, Worksheet, XlsxError};

/// Up to this many units a data sheet is wide (a unit per column).
pub const WIDE_LIMIT: usize = 40;
/// A long data sheet prints this many units.
pub const LONG_PRINT_ROWS: usize = 30;
/// A long data sheet prints this many pages wide.
pub const LONG_PAGES_WIDE: u16 = 3;
/// A wide data sheet prints at most this many units (two pages wide).
pub const WIDE_PRINT_COLS: usize = 24;
/// How many sheets `units` units take in a data sheet's layout, `per_sheet` in each long
/// sheet (Excel holds 1,048,576 rows, so a larger run continues in `原始数据 (2)` and so on,
/// each part saying which units it holds).
pub fn parts(units: usize, per_sheet: usize) -> usize {
    if units <= WIDE_LIMIT {
        1
    } else {
        units.div_ceil(per_sheet.max(1)).max(1)
    }
}

/// A row label: an indicator.
pub struct Line {
    /// `27`, `D1`.
    pub id: String,
    pub name: String,
    /// The first-level area it belongs to, shown as a band in the wide layout.
    pub area: String,
    /// Its column's width in the long layout ([`Line::WIDTH`] but for a wider text).
    pub width: f64,
}

impl Line {
    /// A number's column in the long layout.
    pub const WIDTH: f64 = 9.0;
}

/// A column label: a unit (and period).
pub struct Unit {
    /// What the short key says: `1 中医医院 重症医学科`, or with a period.
    pub label: String,
    /// For the long layout: rank, hospital, specialty (and period) in their own columns.
    pub key: Vec<String>,
}

/// What goes into a cell.
pub enum Out<'a> {
    Blank,
    Num(f64, &'a Format),
    Text(String, &'a Format),
}

/// A data sheet.
pub struct Matrix<'a> {
    pub title: String,
    /// The header line under the title: what the sheet shows, how to read the colours.
    pub note: String,
    pub lines: Vec<Line>,
    /// How many units (columns of the wide layout, rows of the long).
    pub count: usize,
    /// Unit `j`'s labels, made when its column or row is written (a national run's sheet has
    /// 100,000 units).
    pub unit: &'a dyn Fn(usize) -> Unit,
    /// Headings of the long layout's key columns.
    pub key_heads: Vec<String>,
    /// Colour the scores from red to green (分项得分).
    pub color_scale: bool,
    /// How many of the first units to print, when fewer than all (the period assessed of
    /// 原始数据); the header line says so.
    pub print_units: Option<usize>,
    pub lang: Lang,
    pub date: &'a str,
    /// Which part of a long sheet this is (0 for the first; see [`parts`]).
    pub part: usize,
    /// Units in each part.
    pub per_sheet: usize,
    /// The sheet is written row by row (only the long layout may be: see `report::write`).
    pub streamed: bool,
}

impl Matrix<'_> {
    pub fn is_wide(&self) -> bool {
        self.count <= WIDE_LIMIT
    }

    /// Write the sheet. `cell(line, unit)` gives each value.
    pub fn write<'f>(
        &self,
        ws: &mut Worksheet,
        st: &'f Styles,
        cell: &dyn Fn(usize, usize) -> Out<'f>,
    ) -> Result<(), XlsxError> {
        if self.is_wide() {
            self.wide(ws, st, cell)
        } else {
            self.long(ws, st, cell)
        }
    }

    fn heading(
        &self,
        ws: &mut Worksheet,
        st: &Styles,
        last_col: u16,
        note: &str,
    ) -> Result<(), XlsxError> {
        let last = last_col.clamp(1, 12);
        ws.merge_range(0, 0, 0, last, &excel_text(&self.title), &st.title)?;
        ws.set_row_height(0, 24)?;
        ws.merge_range(1, 0, 1, last, &excel_text(note), &st.subtitle)?;
        let width: f64 = 60.0 + 8.0 * f64::from(last);
        ws.set_row_height(
            1,
            13.0 * super::super::xlsx::wrapped_lines(note, width) as f64 + 3.0,
        )?;
        Ok(())
    }

    fn put<'f>(
        g: &mut Grid<'_>,
        r: u32,
        c: u16,
        out: Out<'f>,
        st: &Styles,
    ) -> Result<(), XlsxError> {
        match out {
            Out::Blank => g.blank(r, c, &st.text),
            Out::Num(v, f) if v.is_finite() => g.num1(r, c, v, f),
            Out::Num(_, _) => g.blank(r, c, &st.text),
            Out::Text(s, f) => g.text(r, c, &s, f),
        }
    }

    fn wide<'f>(
        &self,
        ws: &mut Worksheet,
        st: &'f Styles,
        cell: &dyn Fn(usize, usize) -> Out<'f>,
    ) -> Result<(), XlsxError> {
        let lang = self.lang;
        let n = self.count;
        let printed = self.print_units.unwrap_or(n).min(n).min(WIDE_PRINT_COLS);
        let mut note = self.note.clone();
        if printed < n {
            note.push_str(&match lang {
                Lang::Zh => format!("　打印区域为前{printed}列，其余请在电子表格中查看。"),
                Lang::En => format!(
                    " The print area holds the first {printed} columns; see the rest on screen."
                ),
            });
        }
        self.heading(ws, st, (n + 1) as u16, &note)?;
        let hr = 3u32;
        let mut g = Grid::new(ws);
        g.stream(self.streamed);
        g.fixed(1, 30.0);
        g.head(hr, 0, lang.pick("编号", "No."), &st.head, 6)?;
        g.head(hr, 1, lang.pick("指标", "Item"), &st.head, 30)?;
        for j in 0..self.count {
            let u = (self.unit)(j);
            let c = 2 + j as u16;
            g.fixed(c, 10.0);
            g.text(hr, c, &u.label, &st.head)?;
        }
        let mut row = hr + 1;
        let mut area = String::new();
        let last_col = (1 + n) as u16;
        let mut data_rows: Vec<(u32, usize)> = Vec::new();
        for (i, l) in self.lines.iter().enumerate() {
            if l.area != area {
                area = l.area.clone();
                g.ws.merge_range(row, 0, row, last_col.max(1), &excel_text(&area), &st.bold)?;
                row += 1;
            }
            g.text(row, 0, &l.id, &st.text)?;
            g.text(row, 1, &l.name, &st.wrap)?;
            for j in 0..n {
                Self::put(&mut g, row, 2 + j as u16, cell(i, j), st)?;
            }
            data_rows.push((row, i));
            row += 1;
        }
        if self.color_scale && n > 0 {
            for &(r, _) in &data_rows {
                g.ws.add_conditional_format(
                    r,
                    2,
                    r,
                    last_col,
                    &ConditionalFormat3ColorScale::new(),
                )?;
            }
        }
        g.ws.set_freeze_panes(hr + 1, 2)?;
        let last_row = row.saturating_sub(1).max(hr);
        self.wide_print(g.ws, hr, last_row, printed)?;
        g.finish(5, 40)
    }

    /// How a wide sheet prints: portrait or landscape, one or two pages wide, by how many
    /// units print.
    fn wide_print(
        &self,
        ws: &mut Worksheet,
        hr: u32,
        last_row: u32,
        printed: usize,
    ) -> Result<(), XlsxError> {
        // Width in characters of what prints: the key (6 + 30) and 10 per unit. Portrait holds
        // about 105 at full size, landscape about 150; never shrink below three quarters, print
        // two pages wide with the key repeated instead.
        let width = 36 + 10 * printed;
        let (landscape, pages_wide) = if width <= 140 {
            (false, 1)
        } else if width <= 200 {
            (true, 1)
        } else {
            (true, 2)
        };
        print_setup(
            ws,
            &Print {
                title: &self.title,
                lang: self.lang,
                landscape,
                one_page_wide: pages_wide == 1,
                repeat_rows: Some((hr, hr)),
                repeat_cols: Some((0, 1)),
                area: Some((0, 0, last_row, (1 + printed) as u16)),
                date: self.date,
            },
        )?;
        if pages_wide > 1 {
            ws.set_print_fit_to_pages(pages_wide, 0);
        }
        Ok(())
    }

    /// The header line of a long sheet: the sheet's own, then which units this part holds
    /// (when the sheet is split) and how many print.
    fn long_note(&self, these: &std::ops::Range<usize>, printed: usize) -> String {
        let (lang, total, per_sheet) = (self.lang, self.count, self.per_sheet.max(1));
        let (first, n) = (these.start, these.len());
        let mut note = self.note.clone();
        if parts(total, per_sheet) > 1 {
            note.push_str(&match lang {
                Lang::Zh => format!(
                    "　单位太多，一张工作表放不下（Excel最多1048576行），分{}张表；本表为第{}–{}个。",
                    parts(total, per_sheet),
                    first + 1,
                    these.end
                ),
                Lang::En => format!(
                    " Too many units for one sheet (Excel holds 1,048,576 rows): {} sheets; this one holds units {}–{}.",
                    parts(total, per_sheet),
                    first + 1,
                    these.end
                ),
            });
        }
        if printed < n {
            note.push_str(&match lang {
                Lang::Zh => format!("　共{n}个单位，每行一个；打印区域为前{printed}个，其余请在电子表格中查看或筛选。"),
                Lang::En => format!(" {n} units, one per row; the print area holds the first {printed}; see or filter the rest on screen."),
            });
        }
        note
    }

    fn long<'f>(
        &self,
        ws: &mut Worksheet,
        st: &'f Styles,
        cell: &dyn Fn(usize, usize) -> Out<'f>,
    ) -> Result<(), XlsxError> {
        let lang = self.lang;
        let total = self.count;
        let per_sheet = self.per_sheet.max(1);
        let first = self.part.saturating_mul(per_sheet).min(total);
        let these = first..first.saturating_add(per_sheet).min(total);
        let n = these.len();
        let printed = self
            .print_units
            .unwrap_or(total)
            .saturating_sub(first)
            .min(n)
            .min(LONG_PRINT_ROWS);
        let note = self.long_note(&these, printed);
        let keys = self.key_heads.len() as u16;
        self.heading(ws, st, keys + self.lines.len() as u16, &note)?;
        let hr = 3u32;
        let mut g = Grid::new(ws);
        g.stream(self.streamed);
        for (k, h) in self.key_heads.iter().enumerate() {
            g.head(hr, k as u16, h, &st.head, 12)?;
        }
        // Headings cut to three short lines, so the header row stays low enough to print
        // the units under it; the full names are in the wide layout and the scheme.
        for (i, l) in self.lines.iter().enumerate() {
            let c = keys + i as u16;
            g.fixed(c, l.width);
            let head = format!("{} {}", l.id, l.name);
            let head = crate::read::cut_text(&head, 14).unwrap_or(head);
            g.text(hr, c, &head, &st.head)?;
        }
        for (k, j) in these.enumerate() {
            let u = (self.unit)(j);
            let r = hr + 1 + k as u32;
            for (k, v) in u.key.iter().enumerate() {
                g.text(r, k as u16, v, &st.text)?;
            }
            for i in 0..self.lines.len() {
                Self::put(&mut g, r, keys + i as u16, cell(i, j), st)?;
            }
        }
        let last_row = hr + n.max(1) as u32;
        let last_col = keys + self.lines.len() as u16 - 1;
        if self.color_scale && n > 0 {
            g.ws.add_conditional_format(
                hr + 1,
                keys,
                last_row,
                last_col,
                &ConditionalFormat3ColorScale::new(),
            )?;
        }
        g.ws.autofilter(hr, 0, last_row, last_col)?;
        g.ws.set_freeze_panes(hr + 1, keys)?;
        print_setup(
            g.ws,
            &Print {
                one_page_wide: false,
                repeat_rows: Some((hr, hr)),
                repeat_cols: Some((0, keys.saturating_sub(1))),
                area: Some((0, 0, hr + printed as u32, last_col)),
                ..Print::landscape(&self.title, lang, self.date)
            },
        )?;
        // About 60 indicator columns take three landscape pages at three quarters of full size.
        g.ws.set_print_fit_to_pages(LONG_PAGES_WIDE, 0);
        g.finish(5, 24)
    }
}
