//! .xls (BIFF8 from Excel 97–2003, LibreOffice and WPS; BIFF5 from Excel 95) read from its BIFF
//! records by our own code.
//!
//! calamine builds a dense grid over every sheet while it opens an .xls, sized from the file's
//! own DIMENSIONS record and cell positions, so one crafted or damaged file could make it reserve
//! terabytes and abort the process. Here nothing is sized from what the file declares: the
//! records are walked with every index checked, DIMENSIONS and the shared-string counts are
//! ignored, and every shared string, cell and sheet is charged to the file's [`Budget`] as it is
//! read. A record that is cut short or points nowhere makes the file [`ReadError::Damaged`]
//! rather than a cell quietly dropped. Each number's XF → FORMAT says whether it is shown as a
//! percentage (kept as `percent`) or a date (given as [`Content::Date`]).

use super::{Budget, Cell, Content, ReadError, Sheet};
use encoding_rs::Encoding;
use std::collections::HashMap;
use std::io::{Cursor, Read};

// Record types (MS-XLS 2.3).
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const CONTINUE: u16 = 0x003C;
const FILEPASS: u16 = 0x002F;
const CODEPAGE: u16 = 0x0042;
const DATEMODE: u16 = 0x0022;
const FORMAT: u16 = 0x041E;
const XF: u16 = 0x00E0;
const BOUNDSHEET: u16 = 0x0085;
const SST: u16 = 0x00FC;
const LABELSST: u16 = 0x00FD;
const LABEL: u16 = 0x0204;
const RSTRING: u16 = 0x00D6;
const NUMBER: u16 = 0x0203;
const RK: u16 = 0x027E;
const MULRK: u16 = 0x00BD;
const FORMULA: u16 = 0x0006;
const STRING: u16 = 0x0207;
const BOOLERR: u16 = 0x0205;
const MERGEDCELLS: u16 = 0x00E5;

/// Read the worksheets of an .xls in workbook order, hidden ones marked (and left out when they
/// cannot be read within the limits).
pub fn read(bytes: &[u8], budget: &mut Budget) -> Result<Vec<Sheet>, ReadError> {
    let stream = workbook_stream(bytes)?;
    let book = Globals::read(&stream, budget)?;
    let mut sheets = Vec::new();
    // Sheets that overlap would make us walk the same records again and again.
    let mut walked = 0usize;
    for bound in &book.sheets {
        if !bound.worksheet {
            continue;
        }
        // A hidden sheet that cannot be read within the limits is left out, as hidden sheets
        // always were, and costs nothing.
        let saved = (!bound.visible).then(|| budget.clone());
        let (mut sheet, used) = match (book.worksheet(&stream, bound, budget), saved) {
            (Ok(read), _) => read,
            (Err(_), Some(saved)) => {
                *budget = saved;
                continue;
            }
            (Err(e), None) => return Err(e),
        };
        walked = walked.saturating_add(used);
        if walked > stream.len() {
            return Err(damaged("its worksheets overlap one another"));
        }
        sheet.hidden = !bound.visible;
        sheets.push(sheet);
    }
    Ok(sheets)
}

fn damaged(what: impl Into<String>) -> ReadError {
    ReadError::Damaged(what.into())
}

/// The `Workbook` (BIFF8) or `Book` (BIFF5) stream, never read past the size of the file.
fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, ReadError> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| damaged(e.to_string()))?;
    if cf.exists("/EncryptedPackage") {
        return Err(ReadError::Encrypted);
    }
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| cf.is_stream(n))
        .ok_or_else(|| damaged("it holds no workbook"))?;
    let mut stream = Vec::new();
    cf.open_stream(name)
        .and_then(|s| s.take(bytes.len() as u64).read_to_end(&mut stream))
        .map_err(|e| damaged(e.to_string()))?;
    Ok(stream)
}

fn u16_at(d: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*d.get(i)?, *d.get(i.checked_add(1)?)?]))
}

fn u32_at(d: &[u8], i: usize) -> Option<u32> {
    let b = d.get(i..i.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

fn f64_at(d: &[u8], i: usize) -> Option<f64> {
    let b = d.get(i..i.checked_add(8)?)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(b);
    Some(f64::from_le_bytes(a))
}

/// One BIFF record: its type, its data, and where the next record starts.
#[derive(Clone, Copy)]
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
    end: usize,
}

/// The record at `pos`, if all of it is there.
fn record_at(stream: &[u8], pos: usize) -> Option<Record<'_>> {
    let typ = u16_at(stream, pos)?;
    let len = usize::from(u16_at(stream, pos.checked_add(2)?)?);
    let start = pos.checked_add(4)?;
    let end = start.checked_add(len)?;
    Some(Record {
        typ,
        data: stream.get(start..end)?,
        end,
    })
}

/// Records from `pos` on; ends at the end of the data or at a record cut short (every record
/// advances by at least its 4-byte header, so this always ends).
struct Records<'a> {
    stream: &'a [u8],
    pos: usize,
}

impl<'a> Iterator for Records<'a> {
    type Item = Record<'a>;

    fn next(&mut self) -> Option<Record<'a>> {
        let r = record_at(self.stream, self.pos)?;
        self.pos = r.end;
        Some(r)
    }
}

/// A record's data followed by the data of the CONTINUE records after it, read as one.
struct Continued<'a> {
    stream: &'a [u8],
    cur: &'a [u8],
    next: usize,
}

impl<'a> Continued<'a> {
    fn new(stream: &'a [u8], r: Record<'a>) -> Continued<'a> {
        Continued {
            stream,
            cur: r.data,
            next: r.end,
        }
    }

    /// Move into the CONTINUE record that follows, if there is one.
    fn advance(&mut self) -> bool {
        match record_at(self.stream, self.next) {
            Some(r) if r.typ == CONTINUE => {
                self.cur = r.data;
                self.next = r.end;
                true
            }
            _ => false,
        }
    }

    /// Nothing is left in the record or its continuations.
    fn done(&mut self) -> bool {
        while self.cur.is_empty() {
            if !self.advance() {
                return true;
            }
        }
        false
    }

    fn byte(&mut self) -> Option<u8> {
        if self.done() {
            return None;
        }
        let (&b, rest) = self.cur.split_first()?;
        self.cur = rest;
        Some(b)
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes([self.byte()?, self.byte()?]))
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from(self.u16()?) | u32::from(self.u16()?) << 16)
    }

    /// Skip `n` bytes, which must be there.
    fn skip(&mut self, mut n: usize) -> Option<()> {
        while n > 0 {
            if self.done() {
                return None;
            }
            let k = n.min(self.cur.len());
            self.cur = &self.cur[k..];
            n -= k;
        }
        Some(())
    }

    /// `cch` characters, one byte each (`wide` false) or UTF-16; characters that go on in a
    /// CONTINUE record go on after a new option byte, which may switch the width.
    fn chars(&mut self, mut cch: usize, mut wide: bool, out: &mut Vec<u16>) -> Option<()> {
        out.clear();
        loop {
            let width = if wide { 2 } else { 1 };
            let n = cch.min(self.cur.len() / width);
            let (take, rest) = self.cur.split_at(n * width);
            if wide {
                out.extend(
                    take.chunks_exact(2)
                        .map(|c| u16::from_le_bytes([c[0], c[1]])),
                );
            } else {
                out.extend(take.iter().map(|&b| u16::from(b)));
            }
            self.cur = rest;
            cch -= n;
            if cch == 0 {
                return Some(());
            }
            // Half a UTF-16 character before the end of a record: not how strings are split.
            if !self.cur.is_empty() || !self.advance() {
                return None;
            }
            wide = self.byte()? & 1 == 1;
        }
    }
}

fn utf16(units: &[u16]) -> String {
    char::decode_utf16(units.iter().copied())
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// A BIFF8 string without its character count: an option byte, then `cch` characters.
fn unicode_str(d: &[u8], cch: usize) -> Option<String> {
    // Some writers leave out the option byte of an empty string.
    if cch == 0 {
        return Some(String::new());
    }
    let (&flags, body) = d.split_first()?;
    if flags & 1 == 1 {
        let b = body.get(..cch.checked_mul(2)?)?;
        Some(
            char::decode_utf16(b.chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])))
                .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect(),
        )
    } else {
        Some(body.get(..cch)?.iter().map(|&b| char::from(b)).collect())
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Biff {
    /// Excel 5 and 95: 8-bit strings in the CODEPAGE record's code page.
    V5,
    /// Excel 97 and later: UTF-16 strings, some compressed to one byte a character.
    V8,
}

/// How 8-bit (BIFF5) text is decoded.
#[derive(Clone, Copy)]
struct CodePage {
    page: u16,
    encoding: Option<&'static Encoding>,
}

impl CodePage {
    fn new(page: u16) -> CodePage {
        use encoding_rs::*;
        let encoding = match page {
            // 367 is US-ASCII; 32769 is what BIFF2–3 call Windows Latin 1.
            367 | 1252 | 20127 | 32769 => Some(WINDOWS_1252),
            874 => Some(WINDOWS_874),
            932 => Some(SHIFT_JIS),
            936 => Some(GBK),
            949 => Some(EUC_KR),
            950 => Some(BIG5),
            1250 => Some(WINDOWS_1250),
            1251 => Some(WINDOWS_1251),
            1253 => Some(WINDOWS_1253),
            1254 => Some(WINDOWS_1254),
            1255 => Some(WINDOWS_1255),
            1256 => Some(WINDOWS_1256),
            1257 => Some(WINDOWS_1257),
            1258 => Some(WINDOWS_1258),
            866 => Some(IBM866),
            10000 | 32768 => Some(MACINTOSH),
            20866 => Some(KOI8_R),
            21866 => Some(KOI8_U),
            54936 => Some(GB18030),
            65001 => Some(UTF_8),
            _ => None,
        };
        CodePage { page, encoding }
    }

    fn decode(&self, bytes: &[u8]) -> Result<String, ReadError> {
        if bytes.is_ascii() {
            return Ok(bytes.iter().map(|&b| char::from(b)).collect());
        }
        match self.encoding {
            Some(e) => Ok(e.decode_without_bom_handling(bytes).0.into_owned()),
            None => Err(damaged(format!(
                "its text is in a character set this program does not know (code page {})",
                self.page
            ))),
        }
    }
}

/// How an XF shows numbers.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
struct Style {
    percent: bool,
    date: bool,
}

/// A sheet as the workbook globals list it (BOUNDSHEET).
#[derive(Debug)]
struct BoundSheet {
    name: String,
    /// Where its BOF record is in the workbook stream.
    pos: usize,
    visible: bool,
    worksheet: bool,
}

/// The shared strings, one buffer for all.
#[derive(Default)]
struct Sst {
    text: String,
    ends: Vec<usize>,
}

impl Sst {
    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = match i {
            0 => 0,
            _ => *self.ends.get(i - 1)?,
        };
        self.text.get(start..end)
    }
}

/// The BIFF version the workbook's first record (its BOF) says.
fn biff_version(bof: Option<Record<'_>>) -> Result<Biff, ReadError> {
    let bof = bof
        .filter(|r| r.typ == BOF)
        .ok_or_else(|| damaged("it does not start like an Excel workbook"))?;
    match u16_at(bof.data, 0) {
        Some(0x0600) => Ok(Biff::V8),
        Some(0x0500) => Ok(Biff::V5),
        v => Err(damaged(format!(
            "it is an Excel version this program does not read (BIFF version {:#06x})",
            v.unwrap_or(0)
        ))),
    }
}

/// What the workbook globals say that the sheets need.
struct Globals {
    biff: Biff,
    codepage: CodePage,
    date1904: bool,
    styles: Vec<Style>,
    sst: Sst,
    sheets: Vec<BoundSheet>,
}

impl Globals {
    fn read(stream: &[u8], budget: &mut Budget) -> Result<Globals, ReadError> {
        let mut recs = Records { stream, pos: 0 };
        let biff = biff_version(recs.next())?;
        let mut g = Globals {
            biff,
            // Without a CODEPAGE record, the code page of the Chinese Windows these files
            // come from.
            codepage: CodePage::new(936),
            date1904: false,
            styles: Vec::new(),
            sst: Sst::default(),
            sheets: Vec::new(),
        };
        let mut formats: HashMap<u16, Style> = HashMap::new();
        let mut xf_formats: Vec<u16> = Vec::new();
        let mut ended = false;
        let short = |what: &str| damaged(format!("a {what} record of the workbook is cut short"));
        for r in recs.by_ref() {
            let d = r.data;
            match r.typ {
                FILEPASS => return Err(ReadError::Encrypted),
                CODEPAGE => {
                    g.codepage = CodePage::new(u16_at(d, 0).ok_or_else(|| short("code page"))?)
                }
                DATEMODE => g.date1904 = u16_at(d, 0) == Some(1),
                FORMAT => {
                    let (ifmt, style) = g.format(d).ok_or_else(|| short("number format"))??;
                    formats.insert(ifmt, style);
                }
                XF => xf_formats.push(u16_at(d, 2).ok_or_else(|| short("cell format"))?),
                BOUNDSHEET => {
                    let sheet = g.bound_sheet(d).ok_or_else(|| short("sheet"))??;
                    // Every sheet listed counts, hidden ones and charts too: the list itself
                    // takes memory.
                    budget.sheet()?;
                    budget.text(sheet.name.len())?;
                    g.sheets.push(sheet);
                }
                SST if biff == Biff::V8 => g.sst = read_sst(stream, r, budget)?,
                EOF => {
                    ended = true;
                    break;
                }
                _ => {}
            }
        }
        if !ended {
            return Err(damaged("the workbook's list of sheets is cut short"));
        }
        g.styles = xf_formats
            .iter()
            .map(|ifmt| {
                formats.get(ifmt).copied().unwrap_or(Style {
                    percent: matches!(ifmt, 9 | 10),
                    date: is_date_format("", Some(*ifmt)),
                })
            })
            .collect();
        Ok(g)
    }

    /// A FORMAT record's index and how it shows numbers; `None` when it is cut short.
    fn format(&self, d: &[u8]) -> Option<Result<(u16, Style), ReadError>> {
        let ifmt = u16_at(d, 0)?;
        let code = match self.biff {
            Biff::V8 => unicode_str(d.get(4..)?, usize::from(u16_at(d, 2)?))?,
            Biff::V5 => {
                let cch = usize::from(*d.get(2)?);
                match self.codepage.decode(d.get(3..3 + cch)?) {
                    Ok(code) => code,
                    Err(e) => return Some(Err(e)),
                }
            }
        };
        Some(Ok((
            ifmt,
            Style {
                percent: super::xlsx::is_percent_format(&code, Some(u32::from(ifmt))),
                date: is_date_format(&code, None),
            },
        )))
    }

    /// A BOUNDSHEET record; `None` when it is cut short.
    fn bound_sheet(&self, d: &[u8]) -> Option<Result<BoundSheet, ReadError>> {
        let pos = u32_at(d, 0)? as usize;
        let (&state, &kind, &cch) = (d.get(4)?, d.get(5)?, d.get(6)?);
        let name = match self.biff {
            Biff::V8 => Ok(unicode_str(d.get(7..)?, usize::from(cch))?),
            Biff::V5 => self.codepage.decode(d.get(7..7 + usize::from(cch))?),
        };
        Some(name.map(|mut name| {
            name.retain(|c| c != '\0');
            BoundSheet {
                name,
                pos,
                visible: state & 0x03 == 0,
                worksheet: kind == 0,
            }
        }))
    }

    fn style(&self, xf: u16) -> Style {
        self.styles
            .get(usize::from(xf))
            .copied()
            .unwrap_or_default()
    }

    /// A number in the format of XF `xf`.
    fn number(&self, v: f64, xf: u16) -> Cell {
        let style = self.style(xf);
        if style.date {
            if let Some(d) = show_serial(v, self.date1904) {
                return Cell::new(Content::Date(d));
            }
        }
        Cell {
            content: Content::Number(v),
            percent: style.percent,
            formula_without_result: false,
        }
    }

    /// An 8-bit or Unicode string with a 16-bit character count, all in this record.
    fn string(&self, d: &[u8]) -> Option<Result<String, ReadError>> {
        let cch = usize::from(u16_at(d, 0)?);
        match self.biff {
            Biff::V8 => unicode_str(d.get(2..)?, cch).map(Ok),
            Biff::V5 => Some(self.codepage.decode(d.get(2..2 + cch)?)),
        }
    }

    /// Read one worksheet's substream; also gives how many bytes of the stream it took.
    fn worksheet(
        &self,
        stream: &[u8],
        bound: &BoundSheet,
        budget: &mut Budget,
    ) -> Result<(Sheet, usize), ReadError> {
        let name = &bound.name;
        let mut sheet = Sheet::new(name.clone());
        let mut recs = Records {
            stream,
            pos: bound.pos,
        };
        if recs.next().is_none_or(|r| r.typ != BOF) {
            return Err(damaged(format!(
                "sheet \"{name}\" is not where the workbook says it is"
            )));
        }
        let mut scratch = Vec::new();
        // Embedded charts are substreams of their own, BOF to EOF, inside the sheet.
        let mut depth = 0usize;
        let mut ended = false;
        // A formula whose string result is in the STRING record that follows.
        let mut pending: Option<(u32, u32)> = None;
        for r in recs.by_ref() {
            if depth > 0 {
                match r.typ {
                    BOF => depth += 1,
                    EOF => depth -= 1,
                    _ => {}
                }
                continue;
            }
            if matches!(
                r.typ,
                LABELSST | LABEL | RSTRING | NUMBER | RK | MULRK | FORMULA | BOOLERR
            ) {
                if let Some((row, col)) = pending.take() {
                    sheet.push(budget, row, col, unsaved())?;
                }
            }
            match r.typ {
                BOF => depth += 1,
                EOF => {
                    ended = true;
                    break;
                }
                MERGEDCELLS => add_merges(&mut sheet, r.data),
                FORMULA => match self.formula(&r, name)? {
                    Formula::Cell(row, col, cell) => sheet.push(budget, row, col, cell)?,
                    Formula::TextFollows(row, col) => pending = Some((row, col)),
                },
                STRING => {
                    if let Some((row, col)) = pending.take() {
                        let s = self.formula_text(stream, r, name, &mut scratch)?;
                        sheet.push(budget, row, col, Cell::new(Content::Text(s)))?;
                    }
                }
                _ => self.value_cells(&r, name, &mut sheet, budget)?,
            }
        }
        if let Some((row, col)) = pending {
            sheet.push(budget, row, col, unsaved())?;
        }
        if !ended {
            return Err(damaged(format!("sheet \"{name}\" is cut short")));
        }
        Ok((sheet, recs.pos.saturating_sub(bound.pos)))
    }

    /// Put the cells of a value record (NUMBER, RK, MULRK, LABEL…, BOOLERR) in the sheet.
    fn value_cells(
        &self,
        r: &Record<'_>,
        name: &str,
        sheet: &mut Sheet,
        budget: &mut Budget,
    ) -> Result<(), ReadError> {
        let d = r.data;
        let pos = || cell_pos(d);
        let short = || cut_short(name, r);
        match r.typ {
            NUMBER => {
                let ((row, col), xf, v) =
                    (|| Some((pos()?, u16_at(d, 4)?, f64_at(d, 6)?)))().ok_or_else(short)?;
                sheet.push(budget, row, col, self.number(v, xf))?;
            }
            RK => {
                let ((row, col), xf, v) =
                    (|| Some((pos()?, u16_at(d, 4)?, u32_at(d, 6)?)))().ok_or_else(short)?;
                sheet.push(budget, row, col, self.number(rk(v), xf))?;
            }
            MULRK => {
                let (row, col) = pos().ok_or_else(short)?;
                // Row, first column, 6 bytes a cell, last column.
                let cells = d.get(4..d.len().saturating_sub(2)).unwrap_or_default();
                if d.len() < 6 || cells.len() % 6 != 0 {
                    return Err(short());
                }
                for (i, c) in cells.chunks_exact(6).enumerate() {
                    let xf = u16::from_le_bytes([c[0], c[1]]);
                    let v = u32::from_le_bytes([c[2], c[3], c[4], c[5]]);
                    sheet.push(budget, row, col + i as u32, self.number(rk(v), xf))?;
                }
            }
            LABELSST => {
                let ((row, col), i) = (|| Some((pos()?, u32_at(d, 6)?)))().ok_or_else(short)?;
                // Skipping the cell would lose what the hospital typed without a word.
                let s = self.sst.get(i as usize).ok_or_else(|| {
                    damaged(format!(
                        "sheet \"{name}\", cell {}: its text is not in the file's table of texts",
                        super::a1(row, col)
                    ))
                })?;
                sheet.push(budget, row, col, Cell::new(Content::Text(s.to_string())))?;
            }
            LABEL | RSTRING => {
                let (row, col) = pos().ok_or_else(short)?;
                let s = d
                    .get(6..)
                    .and_then(|s| self.string(s))
                    .ok_or_else(short)??;
                sheet.push(budget, row, col, Cell::new(Content::Text(s)))?;
            }
            BOOLERR => {
                let ((row, col), v, is_err) =
                    (|| Some((pos()?, *d.get(6)?, *d.get(7)?)))().ok_or_else(short)?;
                let content = bool_or_error(v, is_err).ok_or_else(short)?;
                sheet.push(budget, row, col, Cell::new(content))?;
            }
            _ => {}
        }
        Ok(())
    }

    /// A FORMULA record's cell, or where the text result in the STRING record after it goes.
    fn formula(&self, r: &Record<'_>, name: &str) -> Result<Formula, ReadError> {
        let d = r.data;
        let short = || cut_short(name, r);
        let ((row, col), xf, res) =
            (|| Some((cell_pos(d)?, u16_at(d, 4)?, d.get(6..14)?)))().ok_or_else(short)?;
        if res[6..8] != [0xFF, 0xFF] {
            let v = f64_at(res, 0).ok_or_else(short)?;
            return Ok(Formula::Cell(row, col, self.number(v, xf)));
        }
        let content = match res[0] {
            0 => return Ok(Formula::TextFollows(row, col)),
            1 => Content::Bool(res[2] != 0),
            2 => Content::Error(error_text(res[2]).ok_or_else(short)?.into()),
            3 => Content::Text(String::new()),
            _ => return Err(short()),
        };
        Ok(Formula::Cell(row, col, Cell::new(content)))
    }

    /// A formula's text result, from its STRING record (and CONTINUE records, in BIFF8).
    fn formula_text(
        &self,
        stream: &[u8],
        r: Record<'_>,
        name: &str,
        scratch: &mut Vec<u16>,
    ) -> Result<String, ReadError> {
        match self.biff {
            Biff::V8 => {
                let mut c = Continued::new(stream, r);
                (|| {
                    let cch = usize::from(c.u16()?);
                    if cch == 0 {
                        scratch.clear();
                        return Some(());
                    }
                    let wide = c.byte()? & 1 == 1;
                    c.chars(cch, wide, scratch)
                })()
                .ok_or_else(|| cut_short(name, &r))?;
                Ok(utf16(scratch))
            }
            Biff::V5 => self.string(r.data).ok_or_else(|| cut_short(name, &r))?,
        }
    }
}

/// What a FORMULA record gives.
enum Formula {
    /// The cell at (row, column), its result saved.
    Cell(u32, u32, Cell),
    /// A text result, in the STRING record that follows, for the cell at (row, column).
    TextFollows(u32, u32),
}

/// The row and column a cell record starts with.
fn cell_pos(d: &[u8]) -> Option<(u32, u32)> {
    Some((u32::from(u16_at(d, 0)?), u32::from(u16_at(d, 2)?)))
}

/// A record of sheet `name` that is shorter than its kind needs, as an error.
fn cut_short(name: &str, r: &Record<'_>) -> ReadError {
    damaged(format!(
        "sheet \"{name}\": a record of type {:#06x} is cut short",
        r.typ
    ))
}

/// Add the merged ranges of a MERGEDCELLS record: a count, then (first row, last row, first
/// column, last column) each. A damaged record only loses merges, which only help place
/// values.
fn add_merges(sheet: &mut Sheet, d: &[u8]) {
    for m in d.get(2..).unwrap_or_default().chunks_exact(8) {
        let at = |i: usize| u32::from(u16::from_le_bytes([m[i], m[i + 1]]));
        sheet.add_merge((at(0), at(4)), (at(2), at(6)));
    }
}

/// A formula whose result is not in the file.
fn unsaved() -> Cell {
    Cell {
        content: Content::Empty,
        percent: false,
        formula_without_result: true,
    }
}

/// The shared-string table (SST) and its CONTINUE records. The declared counts are skipped,
/// not used: strings are read while there are bytes, each charged to the budget with the
/// index that finds it.
fn read_sst<'a>(stream: &'a [u8], r: Record<'a>, budget: &mut Budget) -> Result<Sst, ReadError> {
    let cut = || damaged("the table of texts is cut short");
    let mut c = Continued::new(stream, r);
    c.skip(8).ok_or_else(cut)?;
    let mut sst = Sst::default();
    let mut units = Vec::new();
    while !c.done() {
        (|| {
            let cch = usize::from(c.u16()?);
            let flags = c.byte()?;
            let runs = if flags & 0x08 != 0 { c.u16()? } else { 0 };
            let ext = if flags & 0x04 != 0 { c.u32()? } else { 0 };
            c.chars(cch, flags & 0x01 != 0, &mut units)?;
            c.skip(usize::from(runs) * 4)?;
            c.skip(ext as usize)
        })()
        .ok_or_else(cut)?;
        let before = sst.text.len();
        sst.text.extend(
            char::decode_utf16(units.iter().copied())
                .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER)),
        );
        budget.text(sst.text.len() - before + std::mem::size_of::<usize>())?;
        sst.ends.push(sst.text.len());
    }
    Ok(sst)
}

/// An RK number: a 30-bit integer or the top 30 bits of a double, perhaps times 100.
fn rk(v: u32) -> f64 {
    let x = if v & 0x02 != 0 {
        f64::from((v as i32) >> 2)
    } else {
        f64::from_bits(u64::from(v & 0xFFFF_FFFC) << 32)
    };
    if v & 0x01 != 0 {
        x / 100.0
    } else {
        x
    }
}

/// A BOOLERR value: a boolean, or an error code.
fn bool_or_error(v: u8, is_error: u8) -> Option<Content> {
    match is_error {
        0 => Some(Content::Bool(v != 0)),
        1 => Some(Content::Error(error_text(v)?.into())),
        _ => None,
    }
}

/// An error code as Excel shows it.
fn error_text(code: u8) -> Option<&'static str> {
    Some(match code {
        0x00 => "#NULL!",
        0x07 => "#DIV/0!",
        0x0F => "#VALUE!",
        0x17 => "#REF!",
        0x1D => "#NAME?",
        0x24 => "#NUM!",
        0x2A => "#N/A",
        0x2B => "#DATA!",
        _ => return None,
    })
}

/// A number format shows a date or a time: a built-in date id (when the file gives no code
/// for it), or y, m, d, h or s in the first section outside quotes, `[...]` and escapes.
fn is_date_format(code: &str, id: Option<u16>) -> bool {
    // 27–36 and 50–58 are the East Asian built-in dates (`yyyy"年"m"月"d"日"` …).
    if matches!(id, Some(14..=22 | 27..=36 | 45..=47 | 50..=58)) {
        return true;
    }
    let (mut quoted, mut escaped, mut bracket) = (false, false, false);
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '"' => quoted = !quoted,
            _ if quoted => {}
            ']' if bracket => bracket = false,
            _ if bracket => {}
            '[' => bracket = true,
            '\\' | '_' | '*' => escaped = true,
            ';' => return false,
            'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' => return true,
            _ => {}
        }
    }
    false
}

/// Days from 1970-01-01 to a date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day counted from 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// An Excel serial date as shown (`2024-06-30`, with the time when there is one); `None` when
/// Excel cannot show it as a date (negative, or after 9999-12-31).
fn show_serial(v: f64, date1904: bool) -> Option<String> {
    // 9999-12-31 is the last day Excel shows.
    let last = if date1904 { 2_957_003.0 } else { 2_958_465.0 };
    if !(0.0..last + 1.0).contains(&v) {
        return None;
    }
    let mut days = v.floor() as i64;
    let mut ms = ((v - v.floor()) * 86_400_000.0).round() as i64;
    if ms >= 86_400_000 {
        days += 1;
        ms = 0;
    }
    let (y, m, d) = if date1904 {
        civil_from_days(days_from_civil(1904, 1, 1) + days)
    } else if days == 60 {
        // Excel's 1900-02-29, a day that never was (kept from Lotus 1-2-3).
        (1900, 2, 29)
    } else if days < 60 {
        civil_from_days(days_from_civil(1899, 12, 31) + days)
    } else {
        civil_from_days(days_from_civil(1899, 12, 30) + days)
    };
    let s = ms / 1000;
    let (h, mi, s) = (s / 3600, s / 60 % 60, s % 60);
    Some(if (h, mi, s) == (0, 0, 0) {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}:{s:02}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rk_numbers_in_all_four_encodings() {
        // A double's top 30 bits: 1.0 is 0x3FF00000_00000000.
        assert_eq!(rk(0x3FF0_0000), 1.0);
        // The same, times 100: 1.0 / 100.
        assert_eq!(rk(0x3FF0_0001), 0.01);
        // A 30-bit integer: 123 << 2 | 2; and a negative one.
        assert_eq!(rk(123 << 2 | 2), 123.0);
        assert_eq!(rk(((-5i32 << 2) as u32) | 2), -5.0);
        // An integer times 100: 12345 / 100.
        assert_eq!(rk(12345 << 2 | 3), 123.45);
    }

    #[test]
    fn date_formats() {
        for code in [
            "yyyy-mm-dd",
            "yyyy\"年\"m\"月\"d\"日\"",
            "[h]:mm:ss",
            "h:mm AM/PM",
            "[$-804]d",
        ] {
            assert!(is_date_format(code, None), "{code}");
        }
        for code in [
            "General",
            "0.00%",
            "0\"天\"",
            "0\\d",
            "#,##0_);[Red](#,##0)",
            "0;\"m\"",
            "[Red]0",
            "0.00E+00",
        ] {
            assert!(!is_date_format(code, None), "{code}");
        }
        assert!(is_date_format("", Some(14)));
        assert!(is_date_format("", Some(31)));
        assert!(!is_date_format("", Some(9)));
    }

    #[test]
    fn serial_dates_agree_with_calamine() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        let mut serials: Vec<f64> = vec![
            1.0,
            59.0,
            60.0,
            61.0,
            366.0,
            367.0,
            45_473.0,
            45_473.5,
            45_473.999_999,
            2_958_465.0,
            36_526.25,
            1.000_01,
        ];
        serials.extend((1..4000).map(|i| f64::from(i) * 731.37));
        serials.push(2_957_003.0);
        for v in serials {
            for date1904 in [false, true] {
                if date1904 && v > 2_957_003.0 {
                    assert_eq!(show_serial(v, date1904), None);
                    continue;
                }
                let d = ExcelDateTime::new(v, ExcelDateTimeType::DateTime, date1904);
                let want = crate::read::xlsx::show_date(&d);
                assert_eq!(
                    show_serial(v, date1904).unwrap(),
                    want,
                    "{v} 1904: {date1904}"
                );
            }
        }
        assert_eq!(show_serial(45473.0, false).unwrap(), "2024-06-30");
        assert_eq!(show_serial(44011.0, true).unwrap(), "2024-06-30");
        assert_eq!(show_serial(-1.0, false), None);
        assert_eq!(show_serial(f64::NAN, false), None);
        assert_eq!(show_serial(3e6, false), None);
    }

    fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut v = typ.to_le_bytes().to_vec();
        v.extend((data.len() as u16).to_le_bytes());
        v.extend(data);
        v
    }

    #[test]
    fn sst_strings_go_on_in_continue_records_and_may_change_width() {
        let mut sst = Vec::new();
        sst.extend(7u32.to_le_bytes());
        sst.extend(u32::MAX.to_le_bytes()); // cstUnique: never used
                                            // "ab", compressed.
        sst.extend([2, 0, 0, b'a', b'b']);
        // "中文x": starts in UTF-16 with a rich-text run and a phonetic block, goes on compressed.
        sst.extend([3, 0, 0x0D, 1, 0, 3, 0, 0, 0]);
        sst.extend("中".encode_utf16().flat_map(|u| u.to_le_bytes()));
        let mut cont = vec![0x01];
        cont.extend("文".encode_utf16().flat_map(|u| u.to_le_bytes()));
        let mut cont2 = vec![0x00, b'x'];
        cont2.extend([9, 9, 9, 9, 7, 7, 7]); // the run, then the 3-byte phonetic block
        let mut stream = rec(SST, &sst);
        stream.extend(rec(CONTINUE, &cont));
        stream.extend(rec(CONTINUE, &cont2));
        stream.extend(rec(EOF, &[]));
        let r = record_at(&stream, 0).unwrap();
        let mut budget = Budget::default();
        let t = read_sst(&stream, r, &mut budget).unwrap();
        assert_eq!(t.ends.len(), 2);
        assert_eq!(t.get(0), Some("ab"));
        assert_eq!(t.get(1), Some("中文x"));
        assert_eq!(t.get(2), None);

        // A phonetic block longer than what is there: damaged, not read past.
        let mut bad = sst.clone();
        bad.truncate(8 + 5 + 9);
        bad[8 + 5 + 5..8 + 5 + 9].copy_from_slice(&0x7FFF_FFFFu32.to_le_bytes());
        bad.extend("中".encode_utf16().flat_map(|u| u.to_le_bytes()));
        bad.extend([9, 9, 9, 9]);
        let stream = rec(SST, &bad);
        let r = record_at(&stream, 0).unwrap();
        assert!(matches!(
            read_sst(&stream, r, &mut budget),
            Err(ReadError::Damaged(_))
        ));
    }

    #[test]
    fn records_stop_at_a_record_cut_short() {
        let mut s = rec(0x0001, &[1, 2, 3]);
        s.extend([0x02, 0x00, 0x10, 0x00, 1, 2]);
        let got: Vec<u16> = Records { stream: &s, pos: 0 }.map(|r| r.typ).collect();
        assert_eq!(got, vec![0x0001]);
        assert!(Records {
            stream: &s,
            pos: usize::MAX - 1
        }
        .next()
        .is_none());
    }

    fn fixtures() -> Vec<Vec<u8>> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        [
            "submissions/北岭旗/北岭旗中医医院/重症医学科.xls",
            "template/resaved.xls",
        ]
        .iter()
        .map(|p| std::fs::read(root.join(p)).unwrap())
        .collect()
    }

    #[test]
    fn fixtures_read() {
        for bytes in fixtures() {
            let sheets = read(&bytes, &mut Budget::default()).unwrap();
            assert!(sheets.iter().map(|s| s.len()).sum::<usize>() > 100);
        }
    }

    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        /// Flipped and truncated bytes never panic, with or without the panic guard.
        #[test]
        fn damaged_xls_never_panics(
            which in 0usize..2,
            edits in proptest::collection::vec((any::<u32>(), any::<u8>()), 1..16),
            cut in any::<u32>(),
        ) {
            let mut bytes = fixtures().swap_remove(which);
            for (pos, b) in edits {
                let i = pos as usize % bytes.len();
                bytes[i] = b;
            }
            if cut % 3 == 0 {
                bytes.truncate(cut as usize % bytes.len());
            }
            let _ = read(&bytes, &mut Budget::default());
            let r = crate::read::read_bytes(&bytes, std::path::Path::new("x.xls"), &Default::default());
            prop_assert!(!matches!(r, Err(ReadError::Panic(_))), "{r:?}");
        }

        /// Damage inside the workbook stream itself (not the compound-file wrapper, which the
        /// cfb crate checks): bytes flipped in the records.
        #[test]
        fn damaged_records_never_panic(
            which in 0usize..2,
            edits in proptest::collection::vec((any::<u32>(), any::<u8>()), 1..16),
            cut in any::<u32>(),
        ) {
            let bytes = fixtures().swap_remove(which);
            let mut stream = workbook_stream(&bytes).unwrap();
            for (pos, b) in edits {
                let i = pos as usize % stream.len();
                stream[i] = b;
            }
            if cut % 3 == 0 {
                stream.truncate(cut as usize % stream.len());
            }
            let mut budget = Budget::default();
            if let Ok(g) = Globals::read(&stream, &mut budget) {
                for b in &g.sheets {
                    let _ = g.worksheet(&stream, b, &mut budget);
                }
            }
        }
    }
}
