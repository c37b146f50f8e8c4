//! What every workbook `assess` writes shares: the formats, a worksheet that measures its
//! columns (Chinese counts two), rows as tall as their wrapped text, page setup for A4 with a
//! header and footer, text made safe for Excel (no control characters, at most 32,767
//! characters), and the document property that marks the workbook as ours so it is never read
//! back as a survey.

use crate::i18n::Lang;
use rust_xlsxwriter::{
    DocProperties, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use unicode_width::UnicodeWidthStr;

pub const GREEN: u32 = 0xC6EFCE;
pub const GREEN_TEXT: u32 = 0x006100;
pub const RED: u32 = 0xFFC7CE;
pub const RED_TEXT: u32 = 0x9C0006;
pub const YELLOW: u32 = 0xFFEB9C;
pub const GREY: u32 = 0xEDEDED;
pub const BLUE: u32 = 0xDDEBF7;
pub const HEAD: u32 = 0xD9E1F2;
/// The font every workbook uses: present in Office and WPS, and LibreOffice falls back to a
/// CJK font for it.
pub const FONT: &str = "等线";

/// A new workbook marked as `assess`'s own (`kind`: report, template, feedback), with a title.
pub fn workbook(kind: &str, title: &str) -> Workbook {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(excel_text(title))
            .set_author("assess")
            .set_custom_property("assess", kind),
    );
    wb
}

/// Text as Excel can hold it: control characters (other than tab and line breaks) removed,
/// at most 32,767 characters (cut with `…`).
pub fn excel_text(s: &str) -> String {
    let clean: String = s
        .chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect();
    crate::read::cut_text(&clean, crate::read::EXCEL_CELL_CHARS).unwrap_or(clean)
}

/// The formats of a workbook.
pub struct Styles {
    pub title: Format,
    pub subtitle: Format,
    pub head: Format,
    pub text: Format,
    pub wrap: Format,
    pub int: Format,
    pub score: Format,
    pub value: Format,
    pub delta: Format,
    pub good: Format,
    pub bad: Format,
    pub mid: Format,
    pub missing: Format,
    pub na: Format,
    pub invalid: Format,
    /// A value read by converting what was typed (1.2万, 35000元, 约8).
    pub converted: Format,
    pub section: Format,
    pub note: Format,
    pub bold: Format,
}

impl Styles {
    pub fn new() -> Styles {
        let cell = Format::new()
            .set_border(FormatBorder::Thin)
            .set_font_name(FONT)
            .set_font_size(10)
            .set_align(FormatAlign::VerticalCenter);
        Styles {
            title: Format::new()
                .set_bold()
                .set_font_size(15)
                .set_font_name(FONT)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            subtitle: Format::new()
                .set_font_size(9.5)
                .set_font_name(FONT)
                .set_font_color(0x404040)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            head: cell
                .clone()
                .set_bold()
                .set_background_color(HEAD)
                .set_align(FormatAlign::Center)
                .set_text_wrap(),
            text: cell.clone(),
            wrap: cell.clone().set_text_wrap().set_align(FormatAlign::Top),
            int: cell
                .clone()
                .set_num_format("0")
                .set_align(FormatAlign::Center),
            score: cell.clone().set_num_format("0.0"),
            value: cell.clone().set_num_format("General"),
            delta: cell.clone().set_num_format("+0.0;-0.0;0.0"),
            good: cell
                .clone()
                .set_background_color(GREEN)
                .set_font_color(GREEN_TEXT)
                .set_align(FormatAlign::Center),
            bad: cell
                .clone()
                .set_background_color(RED)
                .set_font_color(RED_TEXT)
                .set_align(FormatAlign::Center),
            mid: cell
                .clone()
                .set_background_color(YELLOW)
                .set_align(FormatAlign::Center),
            missing: cell
                .clone()
                .set_background_color(GREY)
                .set_font_color(0x7F7F7F),
            na: cell
                .clone()
                .set_background_color(BLUE)
                .set_font_color(0x1F4E79),
            invalid: cell
                .clone()
                .set_background_color(RED)
                .set_font_color(RED_TEXT),
            converted: cell
                .clone()
                .set_num_format("General")
                .set_background_color(YELLOW),
            section: Format::new()
                .set_bold()
                .set_font_size(12)
                .set_font_name(FONT),
            note: Format::new()
                .set_font_size(9.5)
                .set_font_name(FONT)
                .set_text_wrap()
                .set_align(FormatAlign::Top),
            bold: cell.set_bold(),
        }
    }
}

impl Default for Styles {
    fn default() -> Self {
        Styles::new()
    }
}

/// Display width of a text (CJK counts two), its widest line.
pub fn text_width(s: &str) -> usize {
    s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// Lines a text takes when wrapped in a column `width` characters wide.
pub fn wrapped_lines(s: &str, width: f64) -> usize {
    let w = width.max(4.0) - 1.0;
    s.lines()
        .map(|l| ((UnicodeWidthStr::width(l) as f64) / w).ceil().max(1.0) as usize)
        .sum::<usize>()
        .max(1)
}

/// The width of `format!("{v:.1}")`, counted instead of written (a report has a million).
fn one_decimal_width(v: f64) -> usize {
    let tenths = (v.abs() * 10.0).round();
    if !tenths.is_finite() || tenths >= 1e15 {
        return format!("{v:.1}").len();
    }
    let mut int = (tenths as u64) / 10;
    let mut digits = 1;
    while int >= 10 {
        int /= 10;
        digits += 1;
    }
    let negative = v.is_sign_negative();
    usize::from(negative) + digits + 2
}

/// A worksheet that remembers how wide each column's content is and how tall each row must be.
pub struct Grid<'a> {
    pub ws: &'a mut Worksheet,
    widths: Vec<usize>,
    /// Columns whose width is fixed (wrapping text), with that width.
    fixed: Vec<Option<f64>>,
    /// Lines of wrapped text per row.
    lines: std::collections::BTreeMap<u32, usize>,
    /// The last row written through the grid, and the last given a height.
    last_row: u32,
    last_tall: Option<u32>,
    /// The worksheet is written row by row (see `ReportInput::streamed`).
    streamed: bool,
}

impl<'a> Grid<'a> {
    pub fn new(ws: &'a mut Worksheet) -> Self {
        Grid {
            ws,
            widths: Vec::new(),
            fixed: Vec::new(),
            lines: Default::default(),
            last_row: 0,
            last_tall: None,
            streamed: false,
        }
    }

    /// The worksheet was added in rust_xlsxwriter's constant-memory mode: rows are written in
    /// order, each flushed with its texts when the next begins.
    pub fn stream(&mut self, streamed: bool) {
        self.streamed = streamed;
    }

    fn wrote(&mut self, row: u32) {
        self.last_row = self.last_row.max(row);
    }

    /// Fix a column's width; text in it wraps and its rows grow to fit.
    pub fn fixed(&mut self, col: u16, width: f64) {
        let c = usize::from(col);
        if self.fixed.len() <= c {
            self.fixed.resize(c + 1, None);
        }
        self.fixed[c] = Some(width);
    }

    fn fixed_width(&self, col: u16) -> Option<f64> {
        self.fixed.get(usize::from(col)).copied().flatten()
    }

    pub fn fit(&mut self, col: u16, s: &str) {
        self.fit_width(col, text_width(s));
    }

    fn fit_width(&mut self, col: u16, w: usize) {
        let c = usize::from(col);
        if self.widths.len() <= c {
            self.widths.resize(c + 1, 0);
        }
        self.widths[c] = self.widths[c].max(w);
    }

    /// Make the row tall enough for `s`, at once: a sheet written row by row (see
    /// `ReportInput::streamed`) cannot change a row once the next has begun.
    fn grow(&mut self, row: u32, col: u16, s: &str) -> Result<(), XlsxError> {
        let lines = match self.fixed_width(col) {
            Some(w) => wrapped_lines(s, w),
            None => s.lines().count().max(1),
        };
        let e = self.lines.entry(row).or_insert(1);
        if lines > *e {
            *e = lines;
            self.height(row, row_height(lines))?;
        }
        Ok(())
    }

    /// Set a row's height.
    pub fn height(&mut self, row: u32, height: f64) -> Result<(), XlsxError> {
        self.last_tall = self.last_tall.max(Some(row));
        self.ws.set_row_height(row, height)?;
        Ok(())
    }

    /// Text merged across a row's columns `first..=last`.
    pub fn merged(
        &mut self,
        row: u32,
        (first, last): (u16, u16),
        s: &str,
        f: &Format,
    ) -> Result<(), XlsxError> {
        self.wrote(row);
        self.ws.merge_range(row, first, row, last, s, f)?;
        Ok(())
    }

    pub fn text(&mut self, r: u32, c: u16, s: &str, f: &Format) -> Result<(), XlsxError> {
        let s = excel_text(s);
        if self.fixed_width(c).is_none() {
            self.fit(c, &s);
        }
        self.grow(r, c, &s)?;
        self.wrote(r);
        self.ws.write_string_with_format(r, c, &s, f)?;
        Ok(())
    }

    /// A header: wraps, so it widens the column to at most `cap` characters.
    pub fn head(
        &mut self,
        r: u32,
        c: u16,
        s: &str,
        f: &Format,
        cap: usize,
    ) -> Result<(), XlsxError> {
        let w = text_width(s).min(cap);
        self.fit(c, &"x".repeat(w));
        self.ws.write_string_with_format(r, c, excel_text(s), f)?;
        Ok(())
    }

    pub fn num(
        &mut self,
        r: u32,
        c: u16,
        v: f64,
        f: &Format,
        shown: &str,
    ) -> Result<(), XlsxError> {
        self.fit(c, shown);
        self.wrote(r);
        self.ws.write_number_with_format(r, c, v, f)?;
        Ok(())
    }

    /// A number shown with one decimal (a score); measured without writing it out.
    pub fn num1(&mut self, r: u32, c: u16, v: f64, f: &Format) -> Result<(), XlsxError> {
        self.fit_width(c, one_decimal_width(v));
        self.wrote(r);
        self.ws.write_number_with_format(r, c, v, f)?;
        Ok(())
    }

    /// A score (one decimal shown) or a blank cell.
    pub fn opt(
        &mut self,
        r: u32,
        c: u16,
        v: Option<f64>,
        f: &Format,
        blank: &Format,
    ) -> Result<(), XlsxError> {
        match v {
            Some(x) => self.num1(r, c, x, f),
            None => self.blank(r, c, blank),
        }
    }

    /// Text without a format, as it is.
    pub fn plain(&mut self, r: u32, c: u16, s: &str) -> Result<(), XlsxError> {
        self.wrote(r);
        self.ws.write_string(r, c, s)?;
        Ok(())
    }

    /// A blank cell with a format (its borders, its fill).
    pub fn blank(&mut self, r: u32, c: u16, f: &Format) -> Result<(), XlsxError> {
        self.wrote(r);
        self.ws.write_blank(r, c, f)?;
        Ok(())
    }

    /// Set every column's width from its content (within limits). (Rows were made tall
    /// enough for their wrapped text as it was written.)
    pub fn finish(self, min: usize, max: usize) -> Result<(), XlsxError> {
        // rust_xlsxwriter 0.102 writes the last row of a streamed sheet twice when that row
        // has a height (the second time empty, with the height): a file Excel repairs. An
        // empty cell without a format under it makes that row an ordinary flushed one.
        if self.streamed && self.last_tall == Some(self.last_row) {
            self.ws.write_blank(self.last_row + 1, 0, &Format::new())?;
        }
        for (c, w) in self.widths.iter().enumerate() {
            let col = c as u16;
            if self.fixed.get(c).copied().flatten().is_some() {
                continue;
            }
            let w = (*w + 2).clamp(min, max);
            self.ws.set_column_width(col, w as f64)?;
        }
        for (c, w) in self.fixed.iter().enumerate() {
            if let Some(w) = w {
                self.ws.set_column_width(c as u16, *w)?;
            }
        }
        Ok(())
    }
}

/// The height of a row of `lines` wrapped lines.
fn row_height(lines: usize) -> f64 {
    14.5 * lines as f64 + 2.0
}

/// How a sheet prints.
pub struct Print<'a> {
    pub title: &'a str,
    pub lang: Lang,
    pub landscape: bool,
    /// Fit to one page wide (never shrunk below `min_scale` %; LibreOffice and Excel apply it).
    pub one_page_wide: bool,
    /// Rows repeated at the top of every page.
    pub repeat_rows: Option<(u32, u32)>,
    /// Columns repeated at the left of every page.
    pub repeat_cols: Option<(u16, u16)>,
    /// A print area: (first row, first col, last row, last col).
    pub area: Option<(u32, u16, u32, u16)>,
    /// Printed date in the header (yyyy-mm-dd).
    pub date: &'a str,
}

impl<'a> Print<'a> {
    /// A4 landscape, one page wide, nothing repeated, no print area: a sheet states only
    /// what differs (`Print { repeat_rows: Some((3, 3)), ..Print::landscape(…) }`).
    pub fn landscape(title: &'a str, lang: Lang, date: &'a str) -> Print<'a> {
        Print {
            title,
            lang,
            landscape: true,
            one_page_wide: true,
            repeat_rows: None,
            repeat_cols: None,
            area: None,
            date,
        }
    }
}

/// `&8` (8 pt) before a text in a page header or footer. The size code reads every digit that
/// follows it, so a title that starts with a digit (`2024年…`) would become a size of 82024
/// and lose its year: the font code `&"-,Regular"` ends the size before the text.
pub const SMALL: &str = "&8&\"-,Regular\"";

/// A4, margins, header (title left, date right) and footer (page x of y).
pub fn print_setup(ws: &mut Worksheet, p: &Print<'_>) -> Result<(), XlsxError> {
    if p.landscape {
        ws.set_landscape();
    } else {
        ws.set_portrait();
    }
    let title = excel_text(p.title).replace('&', "&&");
    let title: String = title.chars().take(80).collect();
    ws.set_paper_size(9)
        .set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3)
        .set_header(format!(
            "&L{SMALL}{title}&R{SMALL}{}{}",
            p.lang.pick("打印日期：", "Printed "),
            p.date
        ))
        .set_footer(match p.lang {
            Lang::Zh => "&C&8第 &P 页，共 &N 页".to_string(),
            Lang::En => "&C&8Page &P of &N".to_string(),
        });
    if p.one_page_wide {
        ws.set_print_fit_to_pages(1, 0);
    }
    if let Some((a, b)) = p.repeat_rows {
        ws.set_repeat_rows(a, b)?;
    }
    if let Some((a, b)) = p.repeat_cols {
        ws.set_repeat_columns(a, b)?;
    }
    if let Some((r0, c0, r1, c1)) = p.area {
        ws.set_print_area(r0, c0, r1, c1)?;
    }
    Ok(())
}

/// Today as `2026-11-23` (UTC), for the printed date.
pub fn today_text() -> String {
    let (y, m, d) = crate::load::today();
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A streamed sheet whose last row is tall is closed by an empty cell under it (a
    /// rust_xlsxwriter quirk wrote that row twice, see `Grid::finish`): under the last row the
    /// grid knows of, so that it never blanks a row written past the grid.
    #[test]
    fn a_streamed_sheet_keeps_its_last_rows() {
        use calamine::Reader;
        let long = "a text long enough to wrap in a narrow column";
        // (what row 2 holds, written plain or as wrapping text)
        for tall_last in [false, true] {
            let mut wb = Workbook::new();
            let ws = wb.add_worksheet_with_constant_memory().unwrap();
            let mut g = Grid::new(ws);
            g.stream(true);
            g.fixed(0, 4.0);
            g.text(0, 0, long, &Format::new()).unwrap();
            if tall_last {
                g.text(1, 0, long, &Format::new()).unwrap();
            } else {
                g.plain(1, 0, "the last row").unwrap();
            }
            g.finish(5, 40).unwrap();
            let bytes = wb.save_to_buffer().unwrap();
            let cursor = std::io::Cursor::new(bytes);
            let mut z = zip::ZipArchive::new(cursor.clone()).unwrap();
            let mut xml = String::new();
            std::io::Read::read_to_string(
                &mut z.by_name("xl/worksheets/sheet1.xml").unwrap(),
                &mut xml,
            )
            .unwrap();
            for r in ["1", "2"] {
                assert_eq!(xml.matches(&format!("<row r=\"{r}\"")).count(), 1, "{xml}");
            }
            let mut book: calamine::Xlsx<_> = calamine::Xlsx::new(cursor).unwrap();
            let range = book.worksheet_range("Sheet1").unwrap();
            let a2 = range.get_value((1, 0)).map(|v| v.to_string());
            let want = if tall_last { long } else { "the last row" };
            assert_eq!(a2.as_deref(), Some(want), "{xml}");
        }
    }

    #[test]
    fn one_decimal_width_is_what_format_writes() {
        for v in [
            0.0,
            -0.0,
            0.04,
            -0.04,
            1.0,
            9.5,
            12.34,
            -12.34,
            99.0,
            100.0,
            1234.56,
            1e9,
            -1e14,
            1e20,
            f64::MAX,
        ] {
            assert_eq!(one_decimal_width(v), format!("{v:.1}").len(), "{v}");
        }
    }

    #[test]
    fn excel_text_is_safe_and_short_enough() {
        assert_eq!(excel_text("a\u{1b}b\u{0}c"), "abc");
        let long = "字".repeat(40_000);
        let t = excel_text(&long);
        assert_eq!(t.chars().count(), crate::read::EXCEL_CELL_CHARS);
        assert!(t.ends_with('…'));
    }

    #[test]
    fn wrapped_text_takes_lines() {
        assert_eq!(wrapped_lines("abc", 20.0), 1);
        assert_eq!(wrapped_lines(&"字".repeat(30), 21.0), 3);
        assert_eq!(wrapped_lines("a\nb\nc", 20.0), 3);
    }
}
