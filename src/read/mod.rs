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
mod ods;
pub mod survey;
mod xls;
mod xlsx;

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 100 * 1024 * 1024;
/// A spreadsheet that unpacks to more than this is refused (zip bomb).
pub const MAX_UNPACKED_BYTES: u64 = 400 * 1024 * 1024;
/// A sheet with more used cells than this, or a bounding box larger than
/// [`MAX_SHEET_AREA`] where the format forces a dense read, is refused.
pub const MAX_SHEET_CELLS: usize = 500_000;
pub const MAX_SHEET_AREA: u64 = 4_000_000;

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
                format!(
                    "{}%",
                    crate::value::fmt_number(crate::value::tidy(n * 100.0))
                )
            }
            Content::Number(n) => crate::value::fmt_number(*n),
            Content::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
            Content::Date(d) | Content::Error(d) => d.clone(),
        }
    }
}

/// One sheet, sparse: (row, column), both from 0.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    pub name: String,
    pub cells: BTreeMap<(u32, u32), Cell>,
}

impl Sheet {
    pub fn new(name: impl Into<String>) -> Sheet {
        Sheet {
            name: name.into(),
            cells: BTreeMap::new(),
        }
    }

    pub fn get(&self, row: u32, col: u32) -> Option<&Cell> {
        self.cells.get(&(row, col))
    }

    /// The visible text of a cell, trimmed; empty when there is none.
    pub fn text(&self, row: u32, col: u32) -> String {
        self.get(row, col)
            .map(|c| c.text().trim().to_string())
            .unwrap_or_default()
    }

    fn insert(&mut self, row: u32, col: u32, cell: Cell) -> Result<(), ReadError> {
        if cell.content == Content::Empty && !cell.formula_without_result {
            return Ok(());
        }
        if self.cells.len() >= MAX_SHEET_CELLS {
            return Err(ReadError::SheetTooLarge {
                sheet: self.name.clone(),
                detail: format!("more than {MAX_SHEET_CELLS} filled cells"),
            });
        }
        self.cells.insert((row, col), cell);
        Ok(())
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
}

/// Why a file could not be read. Messages are for a county clerk.
#[derive(Debug, thiserror::Error, Clone, PartialEq)]
pub enum ReadError {
    #[error("cannot open the file: {0}")]
    Io(String),
    #[error("the file is empty (0 bytes)")]
    Empty,
    #[error("the file is {0} MB, more than the {max} MB a survey can be; refused", max = MAX_FILE_BYTES / 1024 / 1024)]
    FileTooLarge(u64),
    #[error("the file is named .{ext} but is not a spreadsheet: it holds {found}")]
    NotSpreadsheet { ext: String, found: &'static str },
    #[error(
        "the file is protected with a password; ask the hospital to send it again without one"
    )]
    Encrypted,
    #[error("the file is damaged and cannot be opened ({0}); ask the hospital to save it again and resend it")]
    Damaged(String),
    #[error("the file would unpack to more than {max} MB (a \"zip bomb\"); refused for safety", max = MAX_UNPACKED_BYTES / 1024 / 1024)]
    Bomb,
    #[error("sheet '{sheet}' is too large to be a survey ({detail}); delete the stray cells far below or to the right of the table and save again")]
    SheetTooLarge { sheet: String, detail: String },
    #[error(
        "the program reading the file failed unexpectedly ({0}); the file is probably damaged"
    )]
    Panic(String),
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
        return Kind::Other("plain text");
    }
    Kind::Other("data of an unknown kind")
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
/// (skip it quietly); a file named as a spreadsheet that is not one is an error.
pub fn read_path(path: &Path) -> Result<Option<Book>, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| ReadError::Io(e.to_string()))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadError::FileTooLarge(meta.len() / 1024 / 1024));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(|e| ReadError::Io(e.to_string()))?;
    read_bytes(&bytes, path)
}

/// Read bytes that came from `path` (the name matters only for plain text and messages).
pub fn read_bytes(bytes: &[u8], path: &Path) -> Result<Option<Book>, ReadError> {
    let ext = ext_of(path);
    let named_spreadsheet = has_spreadsheet_ext(&ext);
    if bytes.is_empty() {
        return if named_spreadsheet {
            Err(ReadError::Empty)
        } else {
            Ok(None)
        };
    }
    let format = match sniff(bytes, path) {
        Kind::Spreadsheet(f) => f,
        Kind::DamagedZip if named_spreadsheet => {
            return Err(ReadError::Damaged(
                "the zip structure is incomplete, the file may be truncated".into(),
            ));
        }
        Kind::Other(found) if named_spreadsheet => {
            return Err(ReadError::NotSpreadsheet { ext, found });
        }
        Kind::Other(_) | Kind::DamagedZip => return Ok(None),
    };
    let result = std::panic::catch_unwind(|| read_format(bytes, path, format));
    match result {
        Ok(r) => r.map(Some),
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

fn read_format(bytes: &[u8], path: &Path, format: Format) -> Result<Book, ReadError> {
    let sheets = match format {
        Format::Xlsx => {
            if bytes.starts_with(OLE) {
                return Err(ReadError::Encrypted);
            }
            check_zip_size(bytes)?;
            xlsx::read(bytes)?
        }
        Format::Ods => {
            check_zip_size(bytes)?;
            ods::read(bytes)?
        }
        Format::Xls => xls::read(bytes)?,
        Format::Csv => vec![delimited::read(bytes, path)?],
    };
    Ok(Book { format, sheets })
}

/// Refuse archives whose declared contents are absurdly large (zip bombs).
fn check_zip_size(bytes: &[u8]) -> Result<(), ReadError> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| ReadError::Damaged(e.to_string()))?;
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let f = zip
            .by_index_raw(i)
            .map_err(|e| ReadError::Damaged(e.to_string()))?;
        total = total.saturating_add(f.size());
        let ratio = f.size() / f.compressed_size().max(1);
        if total > MAX_UNPACKED_BYTES || (f.size() > 50 * 1024 * 1024 && ratio > 200) {
            return Err(ReadError::Bomb);
        }
    }
    Ok(())
}

/// One input file found under the paths the user gave.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    /// Folder names between the folder the user gave and the file (`县/医院`), outermost first.
    pub folders: Vec<String>,
    /// The user named this file directly.
    pub explicit: bool,
}

/// Expand files and folders (recursively) into input files, in a stable (sorted) order.
/// Office lock files (`~$…`) and hidden files are skipped. A path that does not exist is an
/// error.
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<Input>, String> {
    let mut out = Vec::new();
    for p in paths {
        let meta =
            std::fs::metadata(p).map_err(|e| format!("{}: {}", p.display(), io_words(&e)))?;
        if meta.is_dir() {
            walk(p, &mut Vec::new(), &mut out)
                .map_err(|e| format!("{}: {}", p.display(), io_words(&e)))?;
        } else {
            let folders = p
                .parent()
                .map(|d| {
                    d.components()
                        .filter_map(|c| match c {
                            std::path::Component::Normal(s) => s.to_str().map(String::from),
                            _ => None,
                        })
                        .collect()
                })
                .unwrap_or_default();
            out.push(Input {
                path: p.clone(),
                folders,
                explicit: true,
            });
        }
    }
    Ok(out)
}

fn walk(dir: &Path, folders: &mut Vec<String>, out: &mut Vec<Input>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.starts_with("~$") || name.starts_with(".~lock") {
            continue;
        }
        let ft = e.file_type()?;
        let path = e.path();
        if ft.is_dir() {
            folders.push(name);
            walk(&path, folders, out)?;
            folders.pop();
        } else if ft.is_file() || (ft.is_symlink() && path.is_file()) {
            out.push(Input {
                path,
                folders: folders.clone(),
                explicit: false,
            });
        }
    }
    Ok(())
}

/// Names of the visible worksheets (hidden sheets and chart sheets are not read).
fn visible_worksheets(metas: &[calamine::Sheet]) -> Vec<String> {
    metas
        .iter()
        .filter(|m| {
            m.visible == calamine::SheetVisible::Visible && m.typ == calamine::SheetType::WorkSheet
        })
        .map(|m| m.name.clone())
        .collect()
}

/// An I/O error in plain words.
pub fn io_words(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
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
        let e = read_bytes(b"not a workbook", Path::new("x.xlsx")).unwrap_err();
        assert!(matches!(e, ReadError::NotSpreadsheet { .. }), "{e}");
        assert!(read_bytes(b"notes", Path::new("readme.txt"))
            .unwrap()
            .is_none());
        assert_eq!(
            read_bytes(b"", Path::new("x.xlsx")).unwrap_err(),
            ReadError::Empty
        );
    }

    #[test]
    fn truncated_zip_is_damaged() {
        let e = read_bytes(b"PK\x03\x04\x14\x00\x00\x00garbage", Path::new("x.xlsx")).unwrap_err();
        assert!(matches!(e, ReadError::Damaged(_)), "{e:?}");
    }
}
