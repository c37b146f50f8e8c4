//! .xls (BIFF8, also WPS .et) through calamine, plus a scan of the BIFF records of our own.
//!
//! calamine gives values but not number formats for .xls, and builds a dense grid over each
//! sheet's bounding box. The scan reads each cell's XF → FORMAT to find percent-formatted
//! numbers, measures the bounding box first so a stray far cell cannot exhaust memory, and
//! notices encryption (FILEPASS) before calamine tries to read garbage.

use super::{Budget, Cell, Content, ReadError, Sheet};

const MAX_SHEET_AREA: u64 = 4_000_000;
use calamine::{Data, Reader, Xls};
use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Read};

/// What the scan learnt about one sheet.
#[derive(Default)]
struct SheetScan {
    percent: HashSet<(u32, u32)>,
    min: Option<(u32, u32)>,
    max: (u32, u32),
}

impl SheetScan {
    fn see(&mut self, row: u32, col: u32) {
        let (r0, c0) = self.min.unwrap_or((row, col));
        self.min = Some((r0.min(row), c0.min(col)));
        self.max = (self.max.0.max(row), self.max.1.max(col));
    }

    fn area(&self) -> u64 {
        match self.min {
            Some((r0, c0)) => u64::from(self.max.0 - r0 + 1) * u64::from(self.max.1 - c0 + 1),
            None => 0,
        }
    }
}

pub fn read(bytes: &[u8], budget: &mut Budget) -> Result<Vec<Sheet>, ReadError> {
    let scans = scan(bytes)?;
    let mut wb: Xls<_> =
        Xls::new(Cursor::new(bytes)).map_err(|e| ReadError::Damaged(e.to_string()))?;
    let names = super::visible_worksheets(wb.sheets_metadata());
    let mut sheets = Vec::new();
    for name in names {
        let scan = scans.get(&name);
        if let Some(s) = scan {
            if s.area() > MAX_SHEET_AREA {
                return Err(ReadError::TooLarge(super::Limit::Cells(
                    budget.limits().cells,
                )));
            }
        }
        budget.sheet()?;
        let range = wb
            .worksheet_range(&name)
            .map_err(|e| ReadError::Damaged(e.to_string()))?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let mut sheet = Sheet::new(name.clone());
        for (r, c, v) in range.used_cells() {
            let (row, col) = (r0 + r as u32, c0 + c as u32);
            let content = match v {
                Data::Int(i) => Content::Number(*i as f64),
                Data::Float(f) => Content::Number(*f),
                Data::String(s) => Content::Text(s.clone()),
                Data::Bool(b) => Content::Bool(*b),
                Data::DateTime(d) => Content::Date(super::xlsx::show_date(d)),
                Data::DateTimeIso(s) | Data::DurationIso(s) => Content::Date(s.clone()),
                Data::Error(e) => Content::Error(e.to_string()),
                Data::Empty => continue,
            };
            let percent = matches!(content, Content::Number(_))
                && scan.is_some_and(|s| s.percent.contains(&(row, col)));
            sheet.push(
                budget,
                row,
                col,
                Cell {
                    content,
                    percent,
                    formula_without_result: false,
                },
            )?;
        }
        sheets.push(sheet);
    }
    Ok(sheets)
}

fn u16_at(d: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*d.get(i)?, *d.get(i + 1)?]))
}

fn u32_at(d: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_le_bytes([
        *d.get(i)?,
        *d.get(i + 1)?,
        *d.get(i + 2)?,
        *d.get(i + 3)?,
    ]))
}

/// BIFF records as (type, data), from `start` until EOF of that substream.
fn records(stream: &[u8], start: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut pos = start;
    std::iter::from_fn(move || {
        let typ = u16_at(stream, pos)?;
        let len = usize::from(u16_at(stream, pos + 2)?);
        let data = stream.get(pos + 4..pos + 4 + len)?;
        pos += 4 + len;
        Some((typ, data))
    })
}

/// Read a BIFF8 unicode string: `cch` characters, flags byte first.
fn biff_string(d: &[u8], cch: usize) -> String {
    let Some(&flags) = d.first() else {
        return String::new();
    };
    let body = &d[1..];
    if flags & 1 == 1 {
        let units: Vec<u16> = body
            .chunks_exact(2)
            .take(cch)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        body.iter().take(cch).map(|&b| char::from(b)).collect()
    }
}

fn scan(bytes: &[u8]) -> Result<HashMap<String, SheetScan>, ReadError> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| ReadError::Damaged(e.to_string()))?;
    let name = if cf.exists("/Workbook") {
        "/Workbook"
    } else {
        "/Book"
    };
    let mut stream = Vec::new();
    cf.open_stream(name)
        .and_then(|mut s| s.read_to_end(&mut stream))
        .map_err(|e| ReadError::Damaged(e.to_string()))?;

    let mut formats: HashMap<u16, bool> = HashMap::new();
    let mut xf_percent: Vec<bool> = Vec::new();
    let mut sheets: Vec<(String, usize)> = Vec::new();
    for (typ, d) in records(&stream, 0) {
        match typ {
            0x002F => return Err(ReadError::Encrypted),
            0x041E => {
                let (Some(ifmt), Some(cch)) = (u16_at(d, 0), u16_at(d, 2)) else {
                    continue;
                };
                let code = biff_string(&d[4.min(d.len())..], usize::from(cch));
                formats.insert(ifmt, super::xlsx::is_percent_format(&code, None));
            }
            0x00E0 => {
                let ifmt = u16_at(d, 2).unwrap_or(0);
                let pct = matches!(ifmt, 9 | 10) || formats.get(&ifmt).copied().unwrap_or(false);
                xf_percent.push(pct);
            }
            0x0085 => {
                let (Some(pos), Some(&cch)) = (u32_at(d, 0), d.get(6)) else {
                    continue;
                };
                sheets.push((
                    biff_string(&d[7.min(d.len())..], usize::from(cch)),
                    pos as usize,
                ));
            }
            0x000A => break,
            _ => {}
        }
    }
    let is_pct = |xf: Option<u16>| {
        xf.and_then(|x| xf_percent.get(usize::from(x)).copied())
            .unwrap_or(false)
    };

    let mut out = HashMap::new();
    for (name, pos) in sheets {
        let mut s = SheetScan::default();
        for (typ, d) in records(&stream, pos).skip(1) {
            let (Some(row), Some(col)) = (u16_at(d, 0), u16_at(d, 2)) else {
                if typ == 0x000A {
                    break;
                }
                continue;
            };
            let (row, col) = (u32::from(row), u32::from(col));
            match typ {
                0x000A => break,
                // NUMBER, RK, FORMULA: a number that may be shown as a percentage.
                0x0203 | 0x027E | 0x0006 => {
                    s.see(row, col);
                    if is_pct(u16_at(d, 4)) {
                        s.percent.insert((row, col));
                    }
                }
                // MULRK: several RK cells in one row.
                0x00BD => {
                    let n = d.len().saturating_sub(6) / 6;
                    for i in 0..n {
                        let c = col + i as u32;
                        s.see(row, c);
                        if is_pct(u16_at(d, 4 + i * 6)) {
                            s.percent.insert((row, c));
                        }
                    }
                }
                // LABELSST, LABEL, BOOLERR, RSTRING: filled cells for the bounding box.
                0x00FD | 0x0204 | 0x0205 | 0x00D6 => s.see(row, col),
                _ => {}
            }
        }
        out.insert(name, s);
    }
    Ok(out)
}
