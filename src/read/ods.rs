//! .ods, read from its `content.xml` with a streaming XML parser of our own.
//!
//! calamine reads .ods into a dense grid and drops the value type, so a percentage cell
//! (`office:value-type="percentage"`, value 0.125, shown 12.5%) would look like 0.125. This
//! reader keeps only filled cells and records percentages and formulas without a result.

use super::package::Package;
use super::{Budget, Cell, Content, ReadError, Sheet};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

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
    Ok((parse_content(&xml, budget)?, None))
}

/// LibreOffice marks password-protected files in the manifest.
fn is_encrypted(pkg: &mut Package<'_>, budget: &mut Budget) -> bool {
    matches!(pkg.read("META-INF/manifest.xml", budget), Ok(Some(m)) if String::from_utf8_lossy(&m).contains("encryption-data"))
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

fn repeat(e: &BytesStart<'_>, name: &str) -> u32 {
    attr(e, name)
        .and_then(|v| v.parse().ok())
        .unwrap_or(1)
        .max(1)
}

/// The cell being read.
struct Pending {
    cell: Cell,
    repeat: u32,
    text: String,
    paragraphs: u32,
    from_text: bool,
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
    }
}

fn finish_cell(mut p: Pending, error: bool) -> Cell {
    if p.from_text && !p.text.is_empty() {
        p.cell.content = if error {
            Content::Error(p.text)
        } else {
            Content::Text(p.text)
        };
        p.cell.formula_without_result = false;
    }
    p.cell
}

fn parse_content(xml: &str, budget: &mut Budget) -> Result<Vec<Sheet>, ReadError> {
    let mut rdr = Reader::from_str(xml);
    let mut sheets: Vec<Sheet> = Vec::new();
    let mut row: u32 = 0;
    let mut col: u32 = 0;
    let mut row_repeat: u32 = 1;
    let mut row_cells: Vec<(u32, Cell)> = Vec::new();
    let mut pending: Option<(Pending, bool)> = None;
    let mut skip_depth = 0u32; // inside office:annotation
    let bad = |e: quick_xml::Error| ReadError::Damaged(format!("content.xml: {e}"));
    loop {
        let ev = rdr.read_event().map_err(bad)?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let name = e.name();
                let name = name.as_ref();
                if skip_depth > 0 {
                    if !empty {
                        skip_depth += 1;
                    }
                    continue;
                }
                match name {
                    "table:table" => {
                        budget.sheet()?;
                        sheets.push(Sheet::new(attr(e, "table:name").unwrap_or_default()));
                        row = 0;
                    }
                    "table:table-row" => {
                        row_repeat = repeat(e, "table:number-rows-repeated");
                        col = 0;
                        row_cells.clear();
                        if empty {
                            row = row.saturating_add(row_repeat);
                        }
                    }
                    "table:table-cell" | "table:covered-table-cell" => {
                        let error = attr(e, "calcext:value-type").as_deref() == Some("error");
                        let p = start_cell(e);
                        if empty {
                            let n = p.repeat;
                            push_cells(&mut row_cells, col, n, finish_cell(p, error));
                            col = col.saturating_add(n);
                        } else {
                            pending = Some((p, error));
                        }
                    }
                    "office:annotation" if !empty => skip_depth = 1,
                    "text:p" | "text:h" => {
                        if let Some((p, _)) = pending.as_mut() {
                            if p.paragraphs > 0 {
                                p.text.push('\n');
                            }
                            p.paragraphs += 1;
                        }
                    }
                    "text:s" => {
                        if let Some((p, _)) = pending.as_mut() {
                            let n = repeat(e, "text:c").min(1000);
                            p.text.extend(std::iter::repeat_n(' ', n as usize));
                        }
                    }
                    "text:tab" => {
                        if let Some((p, _)) = pending.as_mut() {
                            p.text.push('\t');
                        }
                    }
                    "text:line-break" => {
                        if let Some((p, _)) = pending.as_mut() {
                            p.text.push('\n');
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if skip_depth == 0 => {
                if let Some((p, _)) = pending.as_mut() {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if skip_depth == 0 => {
                if let Some((p, _)) = pending.as_mut() {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        p.text.push(c);
                    } else {
                        p.text.push_str(match r.as_ref() {
                            "amp" => "&",
                            "lt" => "<",
                            "gt" => ">",
                            "quot" => "\"",
                            "apos" => "'",
                            _ => "",
                        });
                    }
                }
            }
            Event::End(ref e) => {
                if skip_depth > 0 {
                    skip_depth -= 1;
                    continue;
                }
                match e.name().as_ref() {
                    "table:table-cell" | "table:covered-table-cell" => {
                        if let Some((p, error)) = pending.take() {
                            let n = p.repeat;
                            push_cells(&mut row_cells, col, n, finish_cell(p, error));
                            col = col.saturating_add(n);
                        }
                    }
                    "table:table-row" => {
                        if let Some(sheet) = sheets.last_mut() {
                            let reps = if row_cells.is_empty() { 0 } else { row_repeat };
                            for k in 0..reps {
                                for (c, cell) in &row_cells {
                                    sheet.push(budget, row + k, *c, cell.clone())?;
                                }
                            }
                        }
                        row = row.saturating_add(row_repeat);
                        row_cells.clear();
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(sheets)
}

fn push_cells(row_cells: &mut Vec<(u32, Cell)>, col: u32, n: u32, cell: Cell) {
    if cell.content == Content::Empty && !cell.formula_without_result {
        return;
    }
    // A filled cell repeated across a whole row is still bounded by the sheet's cell limit.
    for k in 0..n.min(100_000) {
        row_cells.push((col.saturating_add(k), cell.clone()));
    }
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

    fn sheet_cell(s: &Sheet, r: u32, c: u32) -> &Cell {
        s.get(r, c)
            .unwrap_or_else(|| panic!("no cell at {r},{c}: {:?}", s.cells))
    }
}
