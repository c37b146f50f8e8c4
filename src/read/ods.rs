//! .ods, read from its `content.xml` with a streaming XML parser of our own.
//!
//! calamine reads .ods into a dense grid and drops the value type, so a percentage cell
//! (`office:value-type="percentage"`, value 0.125, shown 12.5%) would look like 0.125. This
//! reader keeps only filled cells and records percentages and formulas without a result.
//!
//! Repeats (`number-columns-repeated`, `number-rows-repeated`, `text:c`) are counts the file
//! declares: an empty repeat only moves the position, and a filled one is checked against the
//! file's limits before anything is copied, so a few bytes cannot ask for 10⁹ cells. Sheets a
//! table style hides (`table:display="false"`) are read and marked hidden, as in .xlsx and
//! .xls (their cells count against the file's limits like any other's).

use super::package::Package;
use super::{Budget, Cell, Content, Limit, Limits, ReadError, Sheet};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashSet;

pub fn read(
    pkg: &mut Package<'_>,
    budget: &mut Budget,
) -> Result<(Vec<Sheet>, Option<String>), ReadError> {
    if pkg.is_encrypted("content.xml") || is_encrypted(pkg, budget) {
        return Err(ReadError::Encrypted);
    }
    let xml = pkg
        .read("content.xml", budget)?
        .ok_or_else(|| ReadError::Damaged("content.xml is missing".into()))?;
    let xml = String::from_utf8(xml)
        .map_err(|_| ReadError::Damaged("content.xml is not UTF-8".into()))?;
    let sheets = parse_content(&xml, budget)?;
    let made_by = match pkg.read("meta.xml", budget)? {
        Some(meta) => parse_made_by(&meta, budget)?,
        None => None,
    };
    Ok((sheets, made_by))
}

/// LibreOffice marks password-protected files in the manifest.
fn is_encrypted(pkg: &mut Package<'_>, budget: &mut Budget) -> bool {
    matches!(pkg.read("META-INF/manifest.xml", budget), Ok(Some(m)) if String::from_utf8_lossy(&m).contains("encryption-data"))
}

/// The user-defined property `assess` in `meta.xml`, which `assess` writes into its own files.
fn parse_made_by(xml: &[u8], budget: &mut Budget) -> Result<Option<String>, ReadError> {
    let mut rdr = Reader::from_reader(xml);
    let mut value: Option<String> = None;
    loop {
        let ev = rdr
            .read_event()
            .map_err(|e| ReadError::Damaged(format!("meta.xml: {e}")))?;
        match (ev, value.as_mut()) {
            (Event::Start(e), None) if e.name().as_ref() == "meta:user-defined" => {
                value = attr(&e, "meta:name")
                    .filter(|n| n == "assess")
                    .map(|_| String::new());
            }
            (Event::Text(t), Some(v)) => {
                let t = t.xml10_content();
                budget.text(t.len())?;
                v.push_str(&t);
            }
            (Event::GeneralRef(r), Some(v)) => push_ref(v, &r),
            (Event::End(_), Some(_)) | (Event::Eof, _) => break,
            _ => {}
        }
    }
    Ok(value.map(|v| v.trim().to_string()))
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// A repeat count; absent or unreadable is 1, and a count past `u32` is `u32::MAX` (positions
/// saturate, and a filled cell repeated that often is refused by the limits anyway).
fn repeat(e: &BytesStart<'_>, name: &str) -> u32 {
    let Some(v) = attr(e, name) else {
        return 1;
    };
    let v = v.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        v.parse::<u32>().unwrap_or(u32::MAX).max(1)
    } else {
        1
    }
}

fn push_ref(buf: &mut String, r: &quick_xml::events::BytesRef<'_>) {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        buf.push(c);
    } else {
        buf.push_str(match r.as_ref() {
            "amp" => "&",
            "lt" => "<",
            "gt" => ">",
            "quot" => "\"",
            "apos" => "'",
            _ => "",
        });
    }
}

/// The cell being read.
struct Pending {
    cell: Cell,
    repeat: u32,
    text: String,
    paragraphs: u32,
    /// The content comes from the cell's text (strings, errors): only then is text kept.
    from_text: bool,
    error: bool,
}

fn start_cell(e: &BytesStart<'_>) -> Pending {
    let value_type = attr(e, "office:value-type");
    let formula = attr(e, "table:formula").is_some();
    let error = attr(e, "calcext:value-type").as_deref() == Some("error");
    let number = || {
        attr(e, "office:value")
            .and_then(|v| v.parse::<f64>().ok())
            .map_or(Content::Empty, Content::Number)
    };
    let mut from_text = false;
    let mut percent = false;
    let content = match value_type.as_deref() {
        _ if error => {
            from_text = true;
            Content::Empty
        }
        Some("float") | Some("currency") => number(),
        Some("percentage") => {
            percent = true;
            number()
        }
        Some("date") => Content::Date(attr(e, "office:date-value").unwrap_or_default()),
        Some("time") => Content::Date(attr(e, "office:time-value").unwrap_or_default()),
        Some("boolean") => {
            Content::Bool(attr(e, "office:boolean-value").as_deref() == Some("true"))
        }
        Some("string") => match attr(e, "office:string-value") {
            Some(s) => Content::Text(s),
            None => {
                from_text = true;
                Content::Empty
            }
        },
        _ => {
            from_text = true;
            Content::Empty
        }
    };
    Pending {
        cell: Cell {
            content,
            percent,
            formula_without_result: formula && value_type.is_none() && !error,
        },
        repeat: repeat(e, "table:number-columns-repeated"),
        text: String::new(),
        paragraphs: 0,
        from_text: from_text || error,
        error,
    }
}

fn finish_cell(mut p: Pending) -> Cell {
    if p.from_text && !p.text.is_empty() {
        p.cell.content = if p.error {
            Content::Error(p.text)
        } else {
            Content::Text(p.text)
        };
        p.cell.formula_without_result = false;
    }
    p.cell
}

/// The filled cells of the row being read, as runs of one cell repeated, before the row's own
/// repeat is known. Nothing is expanded until the row ends and its cost is checked.
#[derive(Default)]
struct RowRuns {
    runs: Vec<(u32, u32, Cell)>,
    /// Cells the runs stand for.
    cells: u64,
    /// Bytes of text the runs stand for, each repeat counted.
    text: u64,
}

impl RowRuns {
    fn clear(&mut self) {
        self.runs.clear();
        self.cells = 0;
        self.text = 0;
    }

    /// Add `n` copies of `cell` from column `col`: an empty cell only takes its columns.
    fn push(&mut self, col: u32, n: u32, cell: Cell, limits: &Limits) -> Result<(), ReadError> {
        if cell.content == Content::Empty && !cell.formula_without_result {
            return Ok(());
        }
        self.cells = self.cells.saturating_add(u64::from(n));
        self.text = self
            .text
            .saturating_add(u64::from(n).saturating_mul(cell.content.text_len() as u64));
        check(self.cells, self.text, limits)?;
        self.runs.push((col, n, cell));
        Ok(())
    }
}

/// Refuse what the limits already rule out, before it is built.
fn check(cells: u64, text: u64, limits: &Limits) -> Result<(), ReadError> {
    if cells > limits.cells as u64 {
        return Err(ReadError::TooLarge(Limit::Cells(limits.cells)));
    }
    if text > limits.text_bytes as u64 {
        return Err(ReadError::TooLarge(Limit::TextBytes(limits.text_bytes)));
    }
    Ok(())
}

/// Add `n` copies of `s` to the text of the cell being read, once the text this row would
/// then hold (the cell's text counted for each of its column repeats) is within the limits.
fn add_text(
    p: &mut Pending,
    s: &str,
    n: u64,
    row: &RowRuns,
    limits: &Limits,
) -> Result<(), ReadError> {
    if !p.from_text {
        return Ok(());
    }
    let len = (p.text.len() as u64).saturating_add((s.len() as u64).saturating_mul(n));
    check(
        row.cells,
        row.text
            .saturating_add(len.saturating_mul(u64::from(p.repeat))),
        limits,
    )?;
    match n {
        1 => p.text.push_str(s),
        // Within the limits checked above, so at most the text limit.
        n => p.text.push_str(&s.repeat(n as usize)),
    }
    Ok(())
}

/// Names of the table styles that hide a sheet (`table:display="false"`).
fn hides(e: &BytesStart<'_>) -> bool {
    attr(e, "table:display").as_deref() == Some("false")
}

fn parse_content(xml: &str, budget: &mut Budget) -> Result<Vec<Sheet>, ReadError> {
    let mut rdr = Reader::from_str(xml);
    let mut st = ContentRead {
        limits: *budget.limits(),
        sheets: Vec::new(),
        styles: TableStyles::default(),
        row: 0,
        col: 0,
        row_repeat: 1,
        runs: RowRuns::default(),
        pending: None,
        skip_depth: 0,
    };
    let bad = |e: quick_xml::Error| ReadError::Damaged(format!("content.xml: {e}"));
    loop {
        let ev = rdr.read_event().map_err(bad)?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                st.start(e, matches!(ev, Event::Empty(_)), budget)?;
            }
            Event::Text(t) if st.skip_depth == 0 && st.pending.is_some() => {
                st.add_text(&t.xml10_content(), 1)?;
            }
            Event::GeneralRef(r) if st.skip_depth == 0 && st.pending.is_some() => {
                let mut s = String::new();
                push_ref(&mut s, &r);
                st.add_text(&s, 1)?;
            }
            Event::End(ref e) => st.end(e.name().as_ref(), budget)?,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(st.sheets)
}

/// The table styles of `content.xml`: those that hide a sheet, and the one being read.
#[derive(Default)]
struct TableStyles {
    hidden: HashSet<String>,
    /// The table style being read.
    current: Option<String>,
}

impl TableStyles {
    /// Start a `style:style`: it is followed when it is a table style.
    fn start_style(&mut self, e: &BytesStart<'_>) {
        self.current = (attr(e, "style:family").as_deref() == Some("table"))
            .then(|| attr(e, "style:name"))
            .flatten();
    }

    /// Note a table style's properties: whether it hides its sheet.
    fn properties(&mut self, e: &BytesStart<'_>) {
        if let Some(style) = &self.current {
            if hides(e) {
                self.hidden.insert(style.clone());
            }
        }
    }

    /// Whether the style a `table:table` names hides it.
    fn hide(&self, table: &BytesStart<'_>) -> bool {
        attr(table, "table:style-name").is_some_and(|s| self.hidden.contains(&s))
    }
}

/// Where the reading of `content.xml` is.
struct ContentRead {
    limits: Limits,
    sheets: Vec<Sheet>,
    styles: TableStyles,
    row: u32,
    col: u32,
    row_repeat: u32,
    runs: RowRuns,
    pending: Option<Pending>,
    /// Inside an element whose content is not read (an annotation): depth.
    skip_depth: u32,
}

impl ContentRead {
    /// Take in an element's start (`empty` for `<x/>`).
    fn start(
        &mut self,
        e: &BytesStart<'_>,
        empty: bool,
        budget: &mut Budget,
    ) -> Result<(), ReadError> {
        if self.skip_depth > 0 {
            if !empty {
                self.skip_depth += 1;
            }
            return Ok(());
        }
        match e.name().as_ref() {
            "style:style" if !empty => self.styles.start_style(e),
            "style:table-properties" => self.styles.properties(e),
            "table:table" => {
                let hidden = self.styles.hide(e);
                budget.sheet()?;
                let mut sheet = Sheet::new(attr(e, "table:name").unwrap_or_default());
                sheet.hidden = hidden;
                self.sheets.push(sheet);
                self.row = 0;
            }
            "table:table-row" => {
                self.row_repeat = repeat(e, "table:number-rows-repeated");
                self.col = 0;
                self.runs.clear();
                if empty {
                    self.row = self.row.saturating_add(self.row_repeat);
                }
            }
            "table:table-cell" | "table:covered-table-cell" => {
                let p = start_cell(e);
                if empty {
                    self.end_cell(p)?;
                } else {
                    self.pending = Some(p);
                }
            }
            "office:annotation" if !empty => self.skip_depth = 1,
            name => self.text_mark(name, e)?,
        }
        Ok(())
    }

    /// Add to the cell being read the text a mark stands for: line break, spaces or tab.
    fn text_mark(&mut self, name: &str, e: &BytesStart<'_>) -> Result<(), ReadError> {
        let Some(p) = self.pending.as_mut() else {
            return Ok(());
        };
        match name {
            "text:p" | "text:h" => {
                if p.paragraphs > 0 {
                    add_text(p, "\n", 1, &self.runs, &self.limits)?;
                }
                p.paragraphs += 1;
            }
            "text:s" => {
                // `text:c` is a declared count: the text it asks for is checked against the
                // limits before a byte of it is made.
                let n = attr(e, "text:c")
                    .and_then(|v| {
                        let v = v.trim();
                        (!v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
                            .then(|| v.parse::<u64>().unwrap_or(u64::MAX))
                    })
                    .unwrap_or(1)
                    .max(1);
                add_text(p, " ", n, &self.runs, &self.limits)?;
            }
            "text:tab" => add_text(p, "\t", 1, &self.runs, &self.limits)?,
            "text:line-break" => add_text(p, "\n", 1, &self.runs, &self.limits)?,
            _ => {}
        }
        Ok(())
    }

    /// Add `n` copies of `s` to the text of the cell being read, if one is.
    fn add_text(&mut self, s: &str, n: u64) -> Result<(), ReadError> {
        match self.pending.as_mut() {
            Some(p) => add_text(p, s, n, &self.runs, &self.limits),
            None => Ok(()),
        }
    }

    /// Put a finished cell, with its column repeats, in the row's runs.
    fn end_cell(&mut self, p: Pending) -> Result<(), ReadError> {
        let n = p.repeat;
        self.runs.push(self.col, n, finish_cell(p), &self.limits)?;
        self.col = self.col.saturating_add(n);
        Ok(())
    }

    /// Take in an element's end: a cell goes into its row, a row into its sheet.
    fn end(&mut self, name: &str, budget: &mut Budget) -> Result<(), ReadError> {
        if self.skip_depth > 0 {
            self.skip_depth -= 1;
            return Ok(());
        }
        match name {
            "style:style" => self.styles.current = None,
            "table:table-cell" | "table:covered-table-cell" => {
                if let Some(p) = self.pending.take() {
                    self.end_cell(p)?;
                }
            }
            "table:table-row" => {
                if let Some(sheet) = self.sheets.last_mut() {
                    push_row(sheet, budget, &self.runs, self.row, self.row_repeat)?;
                }
                self.row = self.row.saturating_add(self.row_repeat);
                self.runs.clear();
            }
            _ => {}
        }
        Ok(())
    }
}

/// Copy a row's runs into the sheet, `repeat` times, once what that costs is known to fit.
fn push_row(
    sheet: &mut Sheet,
    budget: &mut Budget,
    runs: &RowRuns,
    row: u32,
    repeat: u32,
) -> Result<(), ReadError> {
    if runs.runs.is_empty() {
        return Ok(());
    }
    let reps = u64::from(repeat);
    check(
        runs.cells.saturating_mul(reps),
        runs.text.saturating_mul(reps),
        budget.limits(),
    )?;
    for k in 0..repeat {
        for (col, n, cell) in &runs.runs {
            for j in 0..*n {
                sheet.push(
                    budget,
                    row.saturating_add(k),
                    col.saturating_add(j),
                    cell.clone(),
                )?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(body: &str) -> Sheet {
        let xml = format!(
            r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x" xmlns:calcext="c"><office:body><office:spreadsheet><table:table table:name="S">{body}</table:table></office:spreadsheet></office:body></office:document-content>"#
        );
        let mut s = parse_content(&xml, &mut Budget::default())
            .unwrap()
            .remove(0);
        s.finish();
        s
    }

    #[test]
    fn percentages_text_repeats_and_errors() {
        let s = sheet(
            r#"<table:table-row table:number-rows-repeated="2"/>
            <table:table-row><table:table-cell table:number-columns-repeated="2"/>
            <table:table-cell office:value-type="percentage" office:value="0.125"><text:p>12.50%</text:p></table:table-cell>
            <table:table-cell office:value-type="string"><text:p>a<text:s text:c="2"/>b &amp; c</text:p><office:annotation><text:p>note</text:p></office:annotation></table:table-cell>
            <table:table-cell table:formula="of:=1/0" office:value-type="float" office:value="0" calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>
            <table:table-cell table:formula="of:=A1"/>
            </table:table-row>"#,
        );
        let c = sheet_cell(&s, 2, 2);
        assert_eq!(c.content, Content::Number(0.125));
        assert!(c.percent);
        assert_eq!(
            sheet_cell(&s, 2, 3).content,
            Content::Text("a  b & c".into())
        );
        assert_eq!(
            sheet_cell(&s, 2, 4).content,
            Content::Error("#DIV/0!".into())
        );
        assert!(sheet_cell(&s, 2, 5).formula_without_result);
    }

    fn content(body: &str, limits: Limits) -> Result<Vec<Sheet>, ReadError> {
        let xml = format!(
            r#"<office:document-content><office:automatic-styles>
            <style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style>
            <style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>
            <style:style style:name="ce1" style:family="table-cell"><style:table-properties table:display="false"/></style:style>
            </office:automatic-styles><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"#
        );
        parse_content(&xml, &mut Budget::new(limits))
    }

    const FILLED: &str = r#"<table:table-cell office:value-type="float" office:value="1"/>"#;

    #[test]
    fn repeated_filled_cells_are_refused_before_they_are_copied() {
        let limits = Limits::default();
        let cases = [
            r#"<table:table-row><table:table-cell table:number-columns-repeated="1000000000" office:value-type="float" office:value="1"/></table:table-row>"#.to_string(),
            format!(
                r#"<table:table-row table:number-rows-repeated="1000000000">{FILLED}</table:table-row>"#
            ),
            format!(
                r#"<table:table-row table:number-rows-repeated="99999999999999">{FILLED}</table:table-row>"#
            ),
            // Under the limit per row, over it when the row repeats.
            r#"<table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="200000" office:value-type="float" office:value="1"/></table:table-row>"#.to_string(),
        ];
        for body in cases {
            let t = std::time::Instant::now();
            let e = content(
                &format!(r#"<table:table table:name="S">{body}</table:table>"#),
                limits,
            )
            .unwrap_err();
            assert_eq!(e, ReadError::TooLarge(Limit::Cells(limits.cells)), "{body}");
            assert!(t.elapsed().as_secs_f64() < 5.0, "{body}");
        }
    }

    #[test]
    fn huge_text_repeats_are_refused_before_they_are_made() {
        let limits = Limits::default();
        for body in [
            r#"<table:table-row><table:table-cell><text:p>a<text:s text:c="2000000000"/></text:p></table:table-cell></table:table-row>"#,
            r#"<table:table-row><table:table-cell><text:p>a<text:s text:c="99999999999999999999999"/></text:p></table:table-cell></table:table-row>"#,
            // 1 KB of text in a cell repeated over 40,000 columns: 40 MB.
            &format!(
                r#"<table:table-row><table:table-cell table:number-columns-repeated="40000"><text:p>{}</text:p></table:table-cell></table:table-row>"#,
                "x".repeat(1000)
            ),
        ] {
            let t = std::time::Instant::now();
            let e = content(
                &format!(r#"<table:table table:name="S">{body}</table:table>"#),
                limits,
            )
            .unwrap_err();
            assert_eq!(e, ReadError::TooLarge(Limit::TextBytes(limits.text_bytes)));
            assert!(t.elapsed().as_secs_f64() < 5.0);
        }
    }

    #[test]
    fn empty_repeats_only_move_the_position() {
        let t = std::time::Instant::now();
        let mut sheets = content(
            &format!(
                r#"<table:table table:name="S">
                <table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
                <table:table-row><table:table-cell table:number-columns-repeated="4000000000"/>{FILLED}</table:table-row>
                <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="string"><text:p>x<text:s text:c="3"/>y</text:p></table:table-cell></table:table-row>
                </table:table>"#
            ),
            Limits::default(),
        )
        .unwrap();
        assert!(t.elapsed().as_secs_f64() < 5.0);
        let s = &mut sheets[0];
        s.finish();
        let cells: Vec<(u32, u32, String)> = s.cells().map(|(r, c, v)| (r, c, v.text())).collect();
        assert_eq!(
            cells,
            [
                (1_000_000, 4_000_000_000, "1".to_string()),
                (1_000_001, 2, "x   y".to_string()),
                (1_000_002, 2, "x   y".to_string()),
            ]
        );
    }

    #[test]
    fn sheets_hidden_by_their_table_style_are_marked_hidden() {
        let sheets = content(
            &format!(
                r#"<table:table table:name="shown" table:style-name="ta1"><table:table-row>{FILLED}</table:table-row></table:table>
                <table:table table:name="hidden" table:style-name="ta2"><table:table-row>{FILLED}</table:table-row></table:table>
                <table:table table:name="cell style" table:style-name="ce1"><table:table-row>{FILLED}</table:table-row></table:table>
                <table:table table:name="unstyled"><table:table-row>{FILLED}</table:table-row></table:table>"#
            ),
            Limits::default(),
        )
        .unwrap();
        let names: Vec<(&str, bool)> = sheets.iter().map(|s| (s.name.as_str(), s.hidden)).collect();
        assert_eq!(
            names,
            [
                ("shown", false),
                ("hidden", true),
                ("cell style", false),
                ("unstyled", false)
            ]
        );
        assert!(sheets.iter().all(|s| s.len() == 1));
    }

    #[test]
    fn made_by_is_the_assess_user_defined_property() {
        let meta = |props: &str| {
            format!(
                r#"<office:document-meta><office:meta><meta:generator>LibreOffice</meta:generator>{props}</office:meta></office:document-meta>"#
            )
        };
        let read = |xml: String| parse_made_by(xml.as_bytes(), &mut Budget::default()).unwrap();
        assert_eq!(
            read(meta(
                r#"<meta:user-defined meta:name="AppVersion">12</meta:user-defined><meta:user-defined meta:name="assess" meta:value-type="string">report</meta:user-defined>"#
            )),
            Some("report".to_string())
        );
        assert_eq!(
            read(meta(
                r#"<meta:user-defined meta:name="other">report</meta:user-defined>"#
            )),
            None
        );
    }

    fn sheet_cell(s: &Sheet, r: u32, c: u32) -> &Cell {
        s.get(r, c)
            .unwrap_or_else(|| panic!("no cell at {r},{c}: {:?}", s.cells))
    }
}
