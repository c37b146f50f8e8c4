//! Spreadsheet files → sheets of cells, by content and not by file extension.
//!
//! Every format is read into the same sparse [`Sheet`]: only cells that hold something are
//! kept, so a sheet with one stray value in XFD1048576 costs nothing. Each reader also reports
//! what the value alone does not say: a percent number format (12.5% is stored as 0.125) and a
//! formula whose result was never saved.
//!
//! [`read_path`] never panics: a damaged file becomes a [`ReadError`] that names what is wrong
//! in words a clerk can act on.

mod delimited;
pub mod locate;
mod ods;
pub mod package;
pub mod unit;
mod xls;
mod xlsx;

use std::io::{Cursor, Read};
use std::path::Path;

/// How much one file may cost, decided before anything is allocated from what the file says
/// about itself. Declared counts (shared-string counts, dimensions, repeats) are never used to
/// size an allocation; every cell and every byte of text is charged to a [`Budget`] as it is
/// read, and a file that goes over is one `file-unreadable` diagnostic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Files larger than this are refused before they are read.
    pub file_bytes: u64,
    /// Bytes one part of a zip package (an XML file inside .xlsx/.ods) may unpack to.
    pub part_bytes: u64,
    /// Bytes all the parts read from one package may unpack to (zip bombs).
    pub unpacked_bytes: u64,
    /// Filled cells in the whole workbook.
    pub cells: usize,
    /// Bytes of cell text in the whole workbook, after shared strings and repeats are expanded.
    pub text_bytes: usize,
    /// Worksheets in one workbook.
    pub sheets: usize,
    /// Worksheets holding a survey table in one workbook. Each table gives up to
    /// 69 items × [`locate::TABLE_COLUMNS`] values and the diagnostics about them, so this is
    /// what bounds the work after reading (a sheet-per-specialty workbook has a sheet for each
    /// of a hospital's key specialties, a handful).
    pub survey_sheets: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            file_bytes: 64 * 1024 * 1024,
            part_bytes: 64 * 1024 * 1024,
            unpacked_bytes: 400 * 1024 * 1024,
            cells: 500_000,
            text_bytes: 16 * 1024 * 1024,
            sheets: 256,
            survey_sheets: 16,
        }
    }
}

/// Which limit a file went over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Cells(usize),
    TextBytes(usize),
    Sheets(usize),
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mb = |b: u64| b / 1024 / 1024;
        match self {
            Limit::Cells(n) => write!(f, "more than {n} filled cells"),
            Limit::TextBytes(b) => write!(f, "more than {} MB of text in its cells", mb(*b as u64)),
            Limit::Sheets(n) => write!(f, "more than {n} worksheets"),
        }
    }
}

/// What one file has used of its [`Limits`] so far. Readers charge every cell, every byte of
/// text and every sheet here before they keep it.
#[derive(Debug, Clone)]
pub struct Budget {
    limits: Limits,
    cells: usize,
    text: usize,
    sheets: usize,
    unpacked: u64,
}

impl Budget {
    pub fn new(limits: Limits) -> Budget {
        Budget {
            limits,
            cells: 0,
            text: 0,
            sheets: 0,
            unpacked: 0,
        }
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// One more filled cell holding `text_bytes` bytes of text.
    pub fn cell(&mut self, text_bytes: usize) -> Result<(), ReadError> {
        self.cells += 1;
        if self.cells > self.limits.cells {
            return Err(ReadError::TooLarge(Limit::Cells(self.limits.cells)));
        }
        self.text(text_bytes)
    }

    /// Text kept outside cells (a shared-string table), or a cell's text.
    pub fn text(&mut self, bytes: usize) -> Result<(), ReadError> {
        self.text = self.text.saturating_add(bytes);
        if self.text > self.limits.text_bytes {
            return Err(ReadError::TooLarge(Limit::TextBytes(
                self.limits.text_bytes,
            )));
        }
        Ok(())
    }

    /// One more worksheet.
    pub fn sheet(&mut self) -> Result<(), ReadError> {
        self.sheets += 1;
        if self.sheets > self.limits.sheets {
            return Err(ReadError::TooLarge(Limit::Sheets(self.limits.sheets)));
        }
        Ok(())
    }

    /// Bytes unpacked from a package, across all its parts.
    pub fn unpacked(&mut self, bytes: u64) -> Result<(), ReadError> {
        self.unpacked = self.unpacked.saturating_add(bytes);
        if self.unpacked > self.limits.unpacked_bytes {
            return Err(ReadError::Bomb(self.limits.unpacked_bytes / 1024 / 1024));
        }
        Ok(())
    }
}

impl Default for Budget {
    fn default() -> Budget {
        Budget::new(Limits::default())
    }
}

/// What a cell holds.
#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A date or time, as shown (`2024-06-30`).
    Date(String),
    /// An error value such as `#DIV/0!`.
    Error(String),
}

impl Content {
    /// Bytes of text the content holds.
    pub fn text_len(&self) -> usize {
        match self {
            Content::Text(s) | Content::Date(s) | Content::Error(s) => s.len(),
            _ => 0,
        }
    }
}

/// One cell with what the reader learnt about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub content: Content,
    /// The cell has a percent number format: 0.125 is shown as 12.5%.
    pub percent: bool,
    /// The cell holds a formula and no saved result.
    pub formula_without_result: bool,
}

impl Cell {
    pub fn new(content: Content) -> Cell {
        Cell {
            content,
            percent: false,
            formula_without_result: false,
        }
    }

    /// The text a person sees, for labels and headers.
    pub fn text(&self) -> String {
        match &self.content {
            Content::Empty => String::new(),
            Content::Text(t) => t.clone(),
            Content::Number(n) if self.percent => {
                format!("{}%", crate::text::fmt_number(crate::text::tidy(n * 100.0)))
            }
            Content::Number(n) => crate::text::fmt_number(*n),
            Content::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
            Content::Date(d) | Content::Error(d) => d.clone(),
        }
    }

    /// The text of a text cell, borrowed; `None` for any other content.
    pub fn as_text(&self) -> Option<&str> {
        match &self.content {
            Content::Text(t) => Some(t),
            _ => None,
        }
    }

    fn is_empty(&self) -> bool {
        self.content == Content::Empty && !self.formula_without_result
    }
}

/// One sheet, sparse: only filled cells, in row-major order once [`Sheet::finish`] has run.
/// Rows and columns count from 0.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    /// The workbook hides the sheet (Format → Sheet → Hide, or a hidden table style in ODS).
    pub hidden: bool,
    cells: Vec<((u32, u32), Cell)>,
    sorted: bool,
    /// Merged ranges, as (first row, first column, last row, last column), where the format
    /// says (.xlsx); at most [`MAX_MERGES`].
    merged: Vec<[u32; 4]>,
}

/// Merged ranges kept for one sheet: a survey has a few dozen; beyond this they are ignored
/// (they only help place a value typed below a merged item name).
pub const MAX_MERGES: usize = 10_000;

impl Sheet {
    pub fn new(name: impl Into<String>) -> Sheet {
        Sheet {
            name: name.into(),
            hidden: false,
            cells: Vec::new(),
            sorted: true,
            merged: Vec::new(),
        }
    }

    /// Note a merged range from `first` to `last` (row, column), both included.
    pub fn add_merge(&mut self, first: (u32, u32), last: (u32, u32)) {
        if self.merged.len() < MAX_MERGES && first.0 <= last.0 && first.1 <= last.1 {
            self.merged.push([first.0, first.1, last.0, last.1]);
        }
    }

    /// The top row of a merged range that covers (`row`, `col`) from a row above it.
    pub fn merged_top(&self, row: u32, col: u32) -> Option<u32> {
        self.merged
            .iter()
            .find(|m| m[0] < row && row <= m[2] && m[1] <= col && col <= m[3])
            .map(|m| m[0])
    }

    /// Keep a cell (an empty one is dropped), charging it to the file's budget.
    pub fn push(
        &mut self,
        budget: &mut Budget,
        row: u32,
        col: u32,
        cell: Cell,
    ) -> Result<(), ReadError> {
        if cell.is_empty() {
            return Ok(());
        }
        budget.cell(cell.content.text_len())?;
        if let Some((last, _)) = self.cells.last() {
            if *last >= (row, col) {
                self.sorted = false;
            }
        }
        self.cells.push(((row, col), cell));
        Ok(())
    }

    /// Put the cells in row-major order; a cell given twice keeps its last value.
    pub fn finish(&mut self) {
        if !self.sorted {
            self.cells.sort_by_key(|(k, _)| *k);
            // Keep the last of equal keys: reverse runs so dedup keeps the later one.
            let mut out: Vec<((u32, u32), Cell)> = Vec::with_capacity(self.cells.len());
            for c in self.cells.drain(..) {
                match out.last_mut() {
                    Some(last) if last.0 == c.0 => *last = c,
                    _ => out.push(c),
                }
            }
            self.cells = out;
            self.sorted = true;
        }
        self.cells.shrink_to_fit();
    }

    fn index(&self, row: u32, col: u32) -> Result<usize, usize> {
        debug_assert!(self.sorted, "Sheet::finish was not called");
        self.cells.binary_search_by_key(&(row, col), |(k, _)| *k)
    }

    pub fn get(&self, row: u32, col: u32) -> Option<&Cell> {
        self.index(row, col).ok().map(|i| &self.cells[i].1)
    }

    /// The visible text of a cell, trimmed; empty when there is none.
    pub fn text(&self, row: u32, col: u32) -> String {
        self.get(row, col)
            .map(|c| c.text().trim().to_string())
            .unwrap_or_default()
    }

    /// Every filled cell, row by row.
    pub fn cells(&self) -> impl DoubleEndedIterator<Item = (u32, u32, &Cell)> + '_ {
        self.cells.iter().map(|((r, c), cell)| (*r, *c, cell))
    }

    /// The filled cells from row `from` on, row by row.
    pub fn cells_from(&self, from: u32) -> impl Iterator<Item = (u32, u32, &Cell)> + '_ {
        let start = self.index(from, 0).unwrap_or_else(|i| i);
        self.cells[start..]
            .iter()
            .map(|((r, c), cell)| (*r, *c, cell))
    }

    /// The filled cells of one row, left to right.
    pub fn row(&self, row: u32) -> impl Iterator<Item = (u32, &Cell)> + '_ {
        self.cells_from(row)
            .take_while(move |(r, _, _)| *r == row)
            .map(|(_, c, cell)| (c, cell))
    }

    /// The last row that holds a cell.
    pub fn last_row(&self) -> Option<u32> {
        self.cells.last().map(|((r, _), _)| *r)
    }

    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// Cut every text longer than `max` characters; returns where and how long each was.
    pub fn cut_long_text(&mut self, max: usize) -> Vec<(u32, u32, usize)> {
        let mut out = Vec::new();
        for ((r, c), cell) in &mut self.cells {
            if let Content::Text(t) = &mut cell.content {
                if t.len() > max {
                    if let Some(cut) = cut_text(t, max) {
                        out.push((*r, *c, t.chars().count()));
                        *t = cut;
                    }
                }
            }
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }
}

/// The formats `assess` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    Xls,
    Ods,
    Csv,
}

/// A workbook read into memory.
#[derive(Debug, Clone)]
pub struct Book {
    pub format: Format,
    /// Visible worksheets, in workbook order.
    pub sheets: Vec<Sheet>,
    /// Hidden worksheets, in workbook order: read only when no visible sheet holds a survey.
    pub hidden: Vec<Sheet>,
    /// What `assess` wrote into the file's properties when it made it (`report`, `template`),
    /// so that its own outputs are not read back as surveys.
    pub made_by: Option<String>,
    /// What the reader had to do to particular cells, for the clerk to check.
    pub notes: Vec<ReadNote>,
}

/// Something the reader had to do to a cell that the clerk should know about.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadNote {
    pub sheet: String,
    pub row: u32,
    pub col: u32,
    pub kind: ReadNoteKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ReadNoteKind {
    /// Bytes that are not valid in the file's text encoding were replaced by `�`.
    InvalidBytes { encoding: &'static str },
    /// The text was longer than an Excel cell holds and was cut (its length in characters).
    Truncated { chars: usize },
}

/// The most characters an Excel cell holds.
pub const EXCEL_CELL_CHARS: usize = 32_767;

/// Cut text to at most `max` characters, ending in `…` when cut.
pub fn cut_text(s: &str, max: usize) -> Option<String> {
    let n = s.chars().count();
    (n > max).then(|| {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    })
}

/// Why a file could not be read. Messages are for a county clerk.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum ReadError {
    #[error("cannot open the file: {0}")]
    Io(IoWhy),
    #[error("this is {0}, not a file; only regular files are read")]
    NotRegular(&'static str),
    #[error("the file is empty (0 bytes)")]
    Empty,
    #[error("the file is {size_mb} MB, more than the {max_mb} MB a survey can be; refused")]
    FileTooLarge { size_mb: u64, max_mb: u64 },
    #[error("the file is named .{ext} but is not a spreadsheet: it holds {found}")]
    NotSpreadsheet { ext: String, found: &'static str },
    #[error(
        "the file is protected with a password; ask the hospital to send it again without one"
    )]
    Encrypted,
    #[error("the file is damaged and cannot be opened ({0}); ask the hospital to save it again and resend it")]
    Damaged(String),
    #[error("the file is incomplete (its zip structure is cut short, often by a broken download or copy); ask the hospital to send it again")]
    Truncated,
    #[error("the file would unpack to more than {0} MB (a \"zip bomb\"); refused for safety")]
    Bomb(u64),
    #[error("the file is too large to be a survey ({0}); refused for safety. If it is a real survey, delete the stray cells and sheets far from the table and save it again")]
    TooLarge(Limit),
    #[error(
        "the program reading the file failed unexpectedly ({0}); the file is probably damaged"
    )]
    Panic(String),
}

/// Text from bytes in whatever encoding Excel or WPS saved it (BOM, UTF-8, else GB18030).
pub fn decode_text(bytes: &[u8]) -> String {
    delimited::decode_to_string(bytes)
}

/// Magic numbers.
const ZIP: &[u8] = b"PK\x03\x04";
const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// What a file is, decided from its bytes (and its name only for plain text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Spreadsheet(Format),
    /// Not a spreadsheet; the words say what it is.
    Other(&'static str),
    /// A zip archive whose directory cannot be read (often a truncated download).
    DamagedZip,
}

fn has_spreadsheet_ext(ext: &str) -> bool {
    matches!(
        ext,
        "xlsx"
            | "xlsm"
            | "xltx"
            | "xltm"
            | "xls"
            | "xlt"
            | "et"
            | "ett"
            | "ods"
            | "ots"
            | "csv"
            | "tsv"
    )
}

fn ext_of(path: &Path) -> String {
    path.extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase()
}

/// Decide what the bytes are.
pub fn sniff(bytes: &[u8], path: &Path) -> Kind {
    let ext = ext_of(path);
    if bytes.starts_with(ZIP) {
        return match zip_kind(bytes) {
            Some(k) => k,
            None => Kind::DamagedZip,
        };
    }
    if bytes.starts_with(OLE) {
        return ole_kind(bytes);
    }
    if bytes.starts_with(b"%PDF") {
        return Kind::Other("a PDF document");
    }
    let head = &bytes[..bytes.len().min(2048)];
    let lower = String::from_utf8_lossy(head).to_ascii_lowercase();
    if lower.contains("<html") || lower.contains("<table") || lower.contains("<!doctype html") {
        return Kind::Other("a web page (HTML) saved under a spreadsheet name; open it in Excel and save it as .xlsx");
    }
    if looks_like_text(head) {
        if matches!(ext.as_str(), "csv" | "tsv") {
            return Kind::Spreadsheet(Format::Csv);
        }
        if ext == "txt" && looks_like_table(bytes) {
            return Kind::Spreadsheet(Format::Csv);
        }
        return Kind::Other("plain text");
    }
    Kind::Other("data of an unknown kind")
}

/// A `.txt` that is a table: Excel's "Unicode text" (UTF-16 with a BOM, tab-separated) or
/// "text (tab delimited)", WPS's, a comma-separated export: at least two of its first lines
/// hold a tab or a comma. Only the first 64 KB are looked at. A text read so that holds no
/// survey is skipped like any other non-spreadsheet (see `load`).
fn looks_like_table(bytes: &[u8]) -> bool {
    let text = decode_text(&bytes[..bytes.len().min(64 * 1024)]);
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .take(20)
        .filter(|l| l.contains('\t') || l.contains(','))
        .count()
        >= 2
}

fn looks_like_text(head: &[u8]) -> bool {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    !head.is_empty() && !head.contains(&0)
}

fn zip_kind(bytes: &[u8]) -> Option<Kind> {
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let names: Vec<String> = zip
        .file_names()
        .filter_map(|n| n.ok().map(|n| n.into_owned()))
        .collect();
    let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
    Some(if has("xl/workbook.xml") {
        Kind::Spreadsheet(Format::Xlsx)
    } else if has("content.xml") && has("mimetype") {
        Kind::Spreadsheet(Format::Ods)
    } else if has("xl/workbook.bin") {
        Kind::Other("an Excel binary workbook (.xlsb); save it as .xlsx")
    } else if has("word/document.xml") {
        Kind::Other("a Word document")
    } else if has("ppt/presentation.xml") {
        Kind::Other("a PowerPoint presentation")
    } else {
        Kind::Other("a zip archive")
    })
}

fn ole_kind(bytes: &[u8]) -> Kind {
    let Ok(c) = cfb::CompoundFile::open(Cursor::new(bytes)) else {
        return Kind::Other("a damaged Office file");
    };
    let exists = |n: &str| c.exists(n);
    if exists("/EncryptedPackage") || exists("/EncryptionInfo") {
        // An encrypted .xlsx: the real workbook is inside, locked.
        Kind::Spreadsheet(Format::Xlsx)
    } else if exists("/Workbook") || exists("/Book") {
        Kind::Spreadsheet(Format::Xls)
    } else if exists("/WordDocument") {
        Kind::Other("a Word document")
    } else {
        Kind::Other("an Office file that is not a workbook")
    }
}

/// Read a file from disk. `Ok(None)` means it is not a spreadsheet and was not named as one
/// (skip it quietly); a file named as a spreadsheet that is not one is an error. Only regular
/// files are read: a FIFO or a device named on the command line would hang or never end.
pub fn read_path(path: &Path, limits: &Limits) -> Result<Option<Book>, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| ReadError::Io(io_words(&e)))?;
    if let Some(kind) = not_regular(&meta) {
        return Err(ReadError::NotRegular(kind));
    }
    if meta.len() > limits.file_bytes {
        return Err(too_big(meta.len(), limits));
    }
    // The size the file system gives, within the limit just checked: one allocation.
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    std::fs::File::open(path)
        .and_then(|f| f.take(limits.file_bytes + 1).read_to_end(&mut bytes))
        .map_err(|e| ReadError::Io(io_words(&e)))?;
    if bytes.len() as u64 > limits.file_bytes {
        return Err(too_big(bytes.len() as u64, limits));
    }
    read_bytes(&bytes, path, limits)
}

fn too_big(size: u64, limits: &Limits) -> ReadError {
    ReadError::FileTooLarge {
        size_mb: size.div_ceil(1024 * 1024),
        max_mb: limits.file_bytes / 1024 / 1024,
    }
}

/// What a path is when it is not a regular file (after following links).
pub fn not_regular(meta: &std::fs::Metadata) -> Option<&'static str> {
    let ft = meta.file_type();
    if ft.is_file() {
        return None;
    }
    if ft.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if ft.is_socket() {
            return Some("a socket");
        }
        if ft.is_char_device() || ft.is_block_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

/// Read bytes that came from `path` (the name matters only for plain text and messages).
/// Everything runs under a panic guard: a reader bug on a damaged file is one error.
pub fn read_bytes(bytes: &[u8], path: &Path, limits: &Limits) -> Result<Option<Book>, ReadError> {
    let ext = ext_of(path);
    let named_spreadsheet = has_spreadsheet_ext(&ext);
    if bytes.is_empty() {
        return if named_spreadsheet {
            Err(ReadError::Empty)
        } else {
            Ok(None)
        };
    }
    if bytes.len() as u64 > limits.file_bytes {
        return Err(too_big(bytes.len() as u64, limits));
    }
    guard(|| {
        let format = match sniff(bytes, path) {
            Kind::Spreadsheet(f) => f,
            Kind::DamagedZip if named_spreadsheet => return Err(ReadError::Truncated),
            Kind::Other(found) if named_spreadsheet => {
                return Err(ReadError::NotSpreadsheet { ext, found });
            }
            Kind::Other(_) | Kind::DamagedZip => return Ok(None),
        };
        let mut budget = Budget::new(*limits);
        read_format(bytes, path, format, &mut budget).map(Some)
    })
}

/// Run `f`, turning a panic into [`ReadError::Panic`].
pub fn guard<T>(f: impl FnOnce() -> Result<T, ReadError>) -> Result<T, ReadError> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(p) => {
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown".into());
            Err(ReadError::Panic(msg))
        }
    }
}

fn read_format(
    bytes: &[u8],
    path: &Path,
    format: Format,
    budget: &mut Budget,
) -> Result<Book, ReadError> {
    let mut notes = Vec::new();
    let (mut sheets, made_by) = match format {
        Format::Xlsx => {
            if bytes.starts_with(OLE) {
                return Err(ReadError::Encrypted);
            }
            let mut pkg = package::Package::open(bytes)?;
            pkg.refuse_declared_bombs(budget.limits())?;
            xlsx::read(&mut pkg, budget)?
        }
        Format::Ods => {
            let mut pkg = package::Package::open(bytes)?;
            pkg.refuse_declared_bombs(budget.limits())?;
            ods::read(&mut pkg, budget)?
        }
        Format::Xls => (xls::read(bytes, budget)?, None),
        Format::Csv => {
            let (sheet, csv_notes) = delimited::read(bytes, path, budget)?;
            notes = csv_notes;
            (vec![sheet], None)
        }
    };

    for s in &mut sheets {
        s.finish();
        if let Some(name) = cut_text(&s.name, 255) {
            s.name = name;
        }
        for (row, col, chars) in s.cut_long_text(EXCEL_CELL_CHARS) {
            notes.push(ReadNote {
                sheet: s.name.clone(),
                row,
                col,
                kind: ReadNoteKind::Truncated { chars },
            });
        }
    }
    let (hidden, sheets): (Vec<Sheet>, Vec<Sheet>) = sheets.into_iter().partition(|s| s.hidden);
    Ok(Book {
        format,
        sheets,
        hidden,
        made_by,
        notes,
    })
}

/// An I/O error in plain words.
pub fn io_words(e: &std::io::Error) -> IoWhy {
    match e.kind() {
        std::io::ErrorKind::NotFound => IoWhy::NotFound,
        std::io::ErrorKind::PermissionDenied => IoWhy::PermissionDenied,
        _ => IoWhy::Other(e.to_string()),
    }
}

/// Why the system would not open a file or folder, in words for a clerk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IoWhy {
    NotFound,
    PermissionDenied,
    /// Anything else, as the system says it.
    Other(String),
}

impl IoWhy {
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        match self {
            IoWhy::NotFound => lang
                .pick("没有这个文件或文件夹", "no such file or folder")
                .into(),
            IoWhy::PermissionDenied => lang.pick("没有权限", "permission denied").into(),
            IoWhy::Other(s) => match lang {
                crate::i18n::Lang::Zh => format!("系统错误：{s}"),
                crate::i18n::Lang::En => s.clone(),
            },
        }
    }
}

impl std::fmt::Display for IoWhy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(crate::i18n::Lang::En))
    }
}

/// `A1` notation for a zero-based cell.
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", col_letters(col), row + 1)
}

/// `A`, `Z`, `AA` … `XFD`.
pub fn col_letters(col: u32) -> String {
    let mut n = col + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_names() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(9, 25), "Z10");
        assert_eq!(a1(0, 26), "AA1");
        assert_eq!(a1(1_048_575, 16_383), "XFD1048576");
    }

    #[test]
    fn sniffing_ignores_the_extension() {
        assert_eq!(
            sniff(b"hello, world", Path::new("a.xlsx")),
            Kind::Other("plain text")
        );
        assert_eq!(
            sniff(b"a,b\n1,2\n", Path::new("a.csv")),
            Kind::Spreadsheet(Format::Csv)
        );
        assert_eq!(
            sniff(b"%PDF-1.7", Path::new("a.xls")),
            Kind::Other("a PDF document")
        );
    }

    #[test]
    fn text_named_xlsx_is_an_error_and_a_text_note_is_skipped() {
        let e = read_bytes(b"not a workbook", Path::new("x.xlsx"), &Limits::default()).unwrap_err();
        assert!(matches!(e, ReadError::NotSpreadsheet { .. }), "{e}");
        assert!(
            read_bytes(b"notes", Path::new("readme.txt"), &Limits::default())
                .unwrap()
                .is_none()
        );
        assert_eq!(
            read_bytes(b"", Path::new("x.xlsx"), &Limits::default()).unwrap_err(),
            ReadError::Empty
        );
    }

    #[test]
    fn truncated_zip_is_damaged() {
        let e = read_bytes(
            b"PK\x03\x04\x14\x00\x00\x00garbage",
            Path::new("x.xlsx"),
            &Limits::default(),
        )
        .unwrap_err();
        assert!(matches!(e, ReadError::Truncated), "{e:?}");
    }
}
