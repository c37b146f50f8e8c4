//! .xlsx / .xlsm through calamine's streaming cell reader: sparse, with each cell's number
//! format (to see percentages) and whether a formula lacks a saved result.

use super::package::Package;
use super::{Budget, Cell, Content, ReadError, Sheet};
use calamine::{DataRef, Reader, Xlsx};
use std::collections::HashSet;
use std::io::Cursor;

pub fn read(
    pkg: &mut Package<'_>,
    budget: &mut Budget,
) -> Result<(Vec<Sheet>, Option<String>), ReadError> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(pkg.bytes())).map_err(map_err)?;
    let metas = super::visible_worksheets(wb.sheets_metadata());
    let mut sheets = Vec::new();
    for name in metas {
        budget.sheet()?;
        sheets.push(read_sheet(&mut wb, &name, budget)?);
    }
    Ok((sheets, None))
}

fn read_sheet(
    wb: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    budget: &mut Budget,
) -> Result<Sheet, ReadError> {
    let mut sheet = Sheet::new(name);
    // Pass 1: formulas without a saved result.
    let mut unsaved = HashSet::new();
    {
        let mut rdr = wb.worksheet_cells_reader(name).map_err(map_err)?;
        while let Some(rec) = rdr.next_cell_with_formula_metadata().map_err(map_err)? {
            if rec.formula.is_some() && matches!(rec.value, DataRef::Empty) {
                unsaved.insert(rec.pos);
                budget.cell(0)?;
            }
        }
    }
    // Pass 2: values and styles.
    let mut rdr = wb.worksheet_cells_reader(name).map_err(map_err)?;
    let percent: Vec<bool> = rdr
        .styles()
        .iter()
        .map(|s| {
            s.number_format
                .as_ref()
                .is_some_and(|f| is_percent_format(&f.format_code, f.format_id))
        })
        .collect();
    while let Some((cell, style)) = rdr.next_cell_with_style_id().map_err(map_err)? {
        let (row, col) = cell.get_position();
        let content = content_of(cell.get_value());
        let c = Cell {
            percent: matches!(content, Content::Number(_))
                && percent.get(style).copied().unwrap_or(false),
            formula_without_result: unsaved.contains(&(row, col)),
            content,
        };
        sheet.push(budget, row, col, c)?;
    }
    Ok(sheet)
}

/// A number format shows a percentage when it has `%` outside quotes and escapes.
pub fn is_percent_format(code: &str, id: Option<u32>) -> bool {
    if matches!(id, Some(9 | 10)) {
        return true;
    }
    let mut quoted = false;
    let mut escaped = false;
    // Only the first section (positive numbers) matters.
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            ';' if !quoted => return false,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

fn content_of(v: &DataRef<'_>) -> Content {
    match v {
        DataRef::Int(i) => Content::Number(*i as f64),
        DataRef::Float(f) => Content::Number(*f),
        DataRef::String(s) => Content::Text(s.clone()),
        DataRef::SharedString(s) => Content::Text((*s).to_string()),
        DataRef::Bool(b) => Content::Bool(*b),
        DataRef::DateTime(d) => Content::Date(show_date(d)),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Content::Date(s.clone()),
        DataRef::Error(e) => Content::Error(e.to_string()),
        DataRef::Empty => Content::Empty,
    }
}

/// A date as Excel would show it.
pub fn show_date(d: &calamine::ExcelDateTime) -> String {
    let (y, m, day, h, mi, s, _) = d.to_ymd_hms_milli();
    if h == 0 && mi == 0 && s == 0 {
        format!("{y:04}-{m:02}-{day:02}")
    } else {
        format!("{y:04}-{m:02}-{day:02} {h:02}:{mi:02}:{s:02}")
    }
}

fn map_err(e: calamine::XlsxError) -> ReadError {
    match e {
        calamine::XlsxError::Password => ReadError::Encrypted,
        e => ReadError::Damaged(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::is_percent_format;

    #[test]
    fn percent_formats() {
        assert!(is_percent_format("0.0%", None));
        assert!(is_percent_format("General", Some(9)));
        assert!(!is_percent_format("0.00", Some(2)));
        assert!(!is_percent_format("0\"%\"", None));
        assert!(!is_percent_format("0\\%", None));
    }
}
