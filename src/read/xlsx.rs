//! .xlsx / .xlsm, read by our own streaming parser over the zip package: each worksheet in one
//! pass, sparse, with each cell's number format (percent, date) and whether a formula lacks a
//! saved result.
//!
//! Nothing here is sized from what the file declares (`uniqueCount`, `<dimension>`, counts):
//! shared strings, styles and cells grow only with the bytes actually read, every kept byte of
//! text and every cell is charged to the file's [`Budget`], and a cell reference outside
//! A1:XFD1048576 is [`ReadError::Damaged`], naming the cell.

use super::package::Package;
use super::{Budget, Cell, Content, Limit, ReadError, Sheet};
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::Reader;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// Excel's last row and column (XFD1048576), counted from 1.
const MAX_ROW: u32 = 1_048_576;
const MAX_COL: u32 = 16_384;

/// Read the worksheets in workbook order (hidden ones marked, and left out when they cannot be
/// read within the limits), and the `assess` custom property.
pub fn read(
    pkg: &mut Package<'_>,
    budget: &mut Budget,
) -> Result<(Vec<Sheet>, Option<String>), ReadError> {
    let root = match pkg.read("_rels/.rels", budget)? {
        Some(xml) => parse_root_rels(&xml)?,
        None => RootRels::default(),
    };
    let workbook = root
        .workbook
        .unwrap_or_else(|| "xl/workbook.xml".to_string());
    let wb = {
        let xml = pkg
            .read(&workbook, budget)?
            .ok_or_else(|| missing(&workbook))?;
        parse_workbook(&xml, &workbook, budget.limits().sheets)?
    };
    let dir = match workbook.rfind('/') {
        Some(i) => &workbook[..=i],
        None => "",
    };
    let rels_name = format!("{dir}_rels/{}.rels", &workbook[dir.len()..]);
    let rels = {
        let xml = pkg
            .read(&rels_name, budget)?
            .ok_or_else(|| missing(&rels_name))?;
        let wanted: HashSet<&str> = wb.sheets.iter().map(|s| s.rel.as_str()).collect();
        parse_rels(&xml, &rels_name, dir, &wanted)?
    };
    let book = read_book(pkg, budget, &rels, dir, wb.date1904)?;
    let names = PartNames {
        workbook: &workbook,
        rels: &rels_name,
    };
    let sheets = read_sheets(pkg, budget, &wb.sheets, &rels, &book, names)?;
    let custom = root
        .custom
        .unwrap_or_else(|| "docProps/custom.xml".to_string());
    let made_by = match pkg.read(&custom, budget)? {
        Some(xml) => parse_made_by(&xml, &custom, budget)?,
        None => None,
    };
    Ok((sheets, made_by))
}

/// The shared strings, cell styles and date system every sheet's cells are read with.
fn read_book(
    pkg: &mut Package<'_>,
    budget: &mut Budget,
    rels: &Rels,
    dir: &str,
    date1904: bool,
) -> Result<BookCtx, ReadError> {
    let strings_part = rels
        .shared_strings
        .clone()
        .unwrap_or_else(|| format!("{dir}sharedStrings.xml"));
    let strings = match pkg.read(&strings_part, budget)? {
        Some(xml) => parse_strings(&xml, &strings_part, budget)?,
        None => Strings::default(),
    };
    let styles_part = rels
        .styles
        .clone()
        .unwrap_or_else(|| format!("{dir}styles.xml"));
    let styles = match pkg.read(&styles_part, budget)? {
        Some(xml) => parse_styles(&xml, &styles_part)?,
        None => Vec::new(),
    };
    Ok(BookCtx {
        strings,
        styles,
        date1904,
    })
}

/// The names of the workbook part and of its relationships part, for messages.
#[derive(Clone, Copy)]
struct PartNames<'a> {
    workbook: &'a str,
    rels: &'a str,
}

/// The worksheets of the workbook's list, in its order, hidden ones that cannot be read left out.
fn read_sheets(
    pkg: &mut Package<'_>,
    budget: &mut Budget,
    entries: &[SheetEntry],
    rels: &Rels,
    book: &BookCtx,
    names: PartNames<'_>,
) -> Result<Vec<Sheet>, ReadError> {
    let mut sheets = Vec::new();
    for entry in entries {
        let Some(target) = worksheet_part(entry, rels, names)? else {
            continue;
        };
        // A hidden sheet is read for a survey that no visible sheet holds; one that cannot be
        // read within the file's limits is left out, as hidden sheets always were, and costs
        // nothing.
        let saved = entry.hidden.then(|| budget.clone());
        match (read_worksheet(pkg, budget, entry, target, book), saved) {
            (Ok(sheet), _) => sheets.push(sheet),
            (Err(_), Some(saved)) => *budget = saved,
            (Err(e), None) => return Err(e),
        }
    }
    Ok(sheets)
}

/// The part that holds a sheet's cells; `None` for a chart, dialog or macro sheet.
fn worksheet_part<'r>(
    entry: &SheetEntry,
    rels: &'r Rels,
    names: PartNames<'_>,
) -> Result<Option<&'r str>, ReadError> {
    let Some((target, kind)) = rels.sheets.get(&entry.rel) else {
        return Err(ReadError::Damaged(format!(
            "{}: sheet \"{}\" points to {} but {} does not say which part that is",
            names.workbook,
            entry.name,
            shown(&entry.rel),
            names.rels
        )));
    };
    match kind {
        PartKind::Worksheet => Ok(Some(target)),
        PartKind::NotData => Ok(None),
        PartKind::Unknown => Err(ReadError::Damaged(format!(
            "{}: sheet \"{}\" is of a kind no spreadsheet program writes",
            names.rels, entry.name
        ))),
    }
}

/// One worksheet, its cells charged to the budget.
fn read_worksheet(
    pkg: &mut Package<'_>,
    budget: &mut Budget,
    entry: &SheetEntry,
    target: &str,
    book: &BookCtx,
) -> Result<Sheet, ReadError> {
    budget.sheet()?;
    let xml = pkg.read(target, budget)?.ok_or_else(|| {
        ReadError::Damaged(format!(
            "the part {target} holding sheet \"{}\" is missing",
            entry.name
        ))
    })?;
    let mut sheet = Sheet::new(entry.name.clone());
    sheet.hidden = entry.hidden;
    read_sheet(&xml, target, book, &mut sheet, budget)?;
    Ok(sheet)
}

// ---------------------------------------------------------------------------------------------
// XML helpers

fn xml_reader(bytes: &[u8]) -> Reader<&[u8]> {
    let mut r = Reader::from_reader(bytes);
    let c = r.config_mut();
    // Damaged-but-readable files from small generators sometimes close tags loosely; the
    // elements we need are matched by name, not by nesting.
    c.check_end_names = false;
    c.trim_text(false);
    r
}

fn damaged(part: &str) -> impl Fn(quick_xml::Error) -> ReadError + '_ {
    move |e| ReadError::Damaged(format!("{part}: {e}"))
}

fn missing(part: &str) -> ReadError {
    ReadError::Damaged(format!("the part {part} is missing"))
}

/// Text from the file, quoted in a message: at most 40 characters.
fn shown(s: &str) -> String {
    let cut: String = s.chars().take(40).collect();
    if cut.len() < s.len() {
        format!("\"{cut}…\"")
    } else {
        format!("\"{cut}\"")
    }
}

/// An attribute's raw value (entities not resolved), matched by local name, without
/// allocating. For values that are numbers, references and keywords.
fn raw_attr<'a>(e: &'a BytesStart<'_>, local: &str) -> Result<Option<Cow<'a, str>>, ReadError> {
    for a in e.attributes().with_checks(false) {
        let a = a.map_err(|err| ReadError::Damaged(format!("<{}>: {err}", e.name().as_ref())))?;
        if a.key.local_name().as_ref() == local {
            return Ok(Some(a.value));
        }
    }
    Ok(None)
}

/// An attribute's value as text (entities and character references resolved).
fn text_attr(e: &BytesStart<'_>, local: &str) -> Result<Option<String>, ReadError> {
    for a in e.attributes().with_checks(false) {
        let a = a.map_err(|err| ReadError::Damaged(format!("<{}>: {err}", e.name().as_ref())))?;
        if a.key.local_name().as_ref() == local {
            let v = a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|err| ReadError::Damaged(format!("<{}>: {err}", e.name().as_ref())))?;
            return Ok(Some(v.into_owned()));
        }
    }
    Ok(None)
}

/// Append an entity or character reference. One we cannot resolve stays as written, so it is
/// seen rather than lost.
fn push_ref(buf: &mut String, r: &BytesRef<'_>) {
    let name: &str = r;
    if let Some(s) = quick_xml::escape::resolve_xml_entity(name) {
        buf.push_str(s);
    } else if let Ok(Some(c)) = r.resolve_char_ref() {
        buf.push(c);
    } else {
        buf.push('&');
        buf.push_str(name);
        buf.push(';');
    }
}

/// Decode Excel's `_xHHHH_` escapes (a UTF-16 code unit each; `_x005F_` escapes the `_`).
/// Unpaired surrogates become U+FFFD. Borrows when there is nothing to decode.
fn unescape_x(s: &str) -> Cow<'_, str> {
    fn unit_at(s: &str, i: usize) -> Option<u16> {
        let b = s.as_bytes().get(i..i + 7)?;
        if b[0] != b'_'
            || b[1] != b'x'
            || b[6] != b'_'
            || !b[2..6].iter().all(u8::is_ascii_hexdigit)
        {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&b[2..6]).ok()?, 16).ok()
    }
    if !s.contains("_x") {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut copied = 0;
    while let Some(off) = s[i..].find('_') {
        let at = i + off;
        let Some(unit) = unit_at(s, at) else {
            i = at + 1;
            continue;
        };
        out.push_str(&s[copied..at]);
        let mut next = at + 7;
        let c = match unit {
            0xD800..=0xDBFF => match unit_at(s, next) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    next += 7;
                    char::from_u32(
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00),
                    )
                }
                _ => None,
            },
            _ => char::from_u32(u32::from(unit)),
        };
        out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
        i = next;
        copied = next;
    }
    out.push_str(&s[copied..]);
    Cow::Owned(out)
}

/// Text held while reading (one cell's value, the shared-string table) that is already past
/// the file's text limit is refused before it grows further: all of it would be charged.
fn within(text: &str, max: usize) -> Result<(), ReadError> {
    if text.len() > max {
        return Err(ReadError::TooLarge(Limit::TextBytes(max)));
    }
    Ok(())
}

/// Finish one `<t>` run appended to `text` from byte `from`: trim it unless
/// `xml:space="preserve"` (spaces, tabs and line ends only, as Excel does) and decode `_xHHHH_`.
fn finish_run(text: &mut String, from: usize, preserve: bool) {
    let run = &text[from..];
    let kept = if preserve {
        run
    } else {
        run.trim_matches([' ', '\t', '\r', '\n'])
    };
    let fixed = unescape_x(kept);
    if matches!(fixed, Cow::Borrowed(_)) && kept.len() == run.len() {
        return;
    }
    let fixed = fixed.into_owned();
    text.truncate(from);
    text.push_str(&fixed);
}

fn preserves_space(e: &BytesStart<'_>) -> Result<bool, ReadError> {
    Ok(raw_attr(e, "space")?.as_deref() == Some("preserve"))
}

/// A relationship target, resolved against the folder of the part that names it.
fn resolve(dir: &str, target: &str) -> String {
    let target = target.replace('\\', "/");
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{dir}{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

// ---------------------------------------------------------------------------------------------
// Package and workbook structure

#[derive(Default)]
struct RootRels {
    workbook: Option<String>,
    custom: Option<String>,
}

fn parse_root_rels(xml: &[u8]) -> Result<RootRels, ReadError> {
    let part = "_rels/.rels";
    let mut rdr = xml_reader(xml);
    let mut out = RootRels::default();
    loop {
        match rdr.read_event().map_err(damaged(part))? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let (Some(kind), Some(target)) = (raw_attr(&e, "Type")?, text_attr(&e, "Target")?)
                else {
                    continue;
                };
                let slot = if kind.ends_with("/officeDocument") {
                    &mut out.workbook
                } else if kind.ends_with("/custom-properties") {
                    &mut out.custom
                } else {
                    continue;
                };
                if slot.is_none() {
                    *slot = Some(resolve("", &target));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

struct SheetEntry {
    name: String,
    hidden: bool,
    rel: String,
}

struct Workbook {
    sheets: Vec<SheetEntry>,
    date1904: bool,
}

fn parse_workbook(xml: &[u8], part: &str, max_sheets: usize) -> Result<Workbook, ReadError> {
    let mut rdr = xml_reader(xml);
    let mut wb = Workbook {
        sheets: Vec::new(),
        date1904: false,
    };
    loop {
        match rdr.read_event().map_err(damaged(part))? {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "sheet" => {
                    // Hidden sheets count too: a workbook of more sheets than a file may hold
                    // is refused before its list costs anything.
                    if wb.sheets.len() >= max_sheets {
                        return Err(ReadError::TooLarge(Limit::Sheets(max_sheets)));
                    }
                    let name = text_attr(&e, "name")?.unwrap_or_default();
                    let hidden = matches!(
                        raw_attr(&e, "state")?.as_deref(),
                        Some("hidden" | "veryHidden")
                    );
                    // `r:id`: the only attribute named `id` with a prefix.
                    let mut rel = None;
                    for a in e.attributes().with_checks(false) {
                        let a = a.map_err(|err| ReadError::Damaged(format!("{part}: {err}")))?;
                        if a.key.prefix().is_some() && a.key.local_name().as_ref() == "id" {
                            rel = Some(a.value.into_owned());
                        }
                    }
                    let Some(rel) = rel else {
                        return Err(ReadError::Damaged(format!(
                            "{part}: sheet \"{name}\" does not say which part holds it"
                        )));
                    };
                    wb.sheets.push(SheetEntry { name, hidden, rel });
                }
                "workbookPr" => {
                    // `<x15:workbookPr>` in extensions shares the name but has no date1904.
                    if let Some(v) = raw_attr(&e, "date1904")? {
                        wb.date1904 = matches!(v.trim(), "1" | "true");
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(wb)
}

enum PartKind {
    Worksheet,
    /// Chart sheets, dialog sheets, macro sheets: no cells to read.
    NotData,
    Unknown,
}

#[derive(Default)]
struct Rels {
    /// Only the relationships the workbook's sheets name: target and kind.
    sheets: HashMap<String, (String, PartKind)>,
    shared_strings: Option<String>,
    styles: Option<String>,
}

fn parse_rels(
    xml: &[u8],
    part: &str,
    dir: &str,
    wanted: &HashSet<&str>,
) -> Result<Rels, ReadError> {
    let mut rdr = xml_reader(xml);
    let mut out = Rels::default();
    loop {
        match rdr.read_event().map_err(damaged(part))? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let kind = raw_attr(&e, "Type")?.unwrap_or_default();
                let Some(target) = text_attr(&e, "Target")? else {
                    continue;
                };
                let kind = kind.rsplit('/').next().unwrap_or("");
                if kind == "sharedStrings" && out.shared_strings.is_none() {
                    out.shared_strings = Some(resolve(dir, &target));
                } else if kind == "styles" && out.styles.is_none() {
                    out.styles = Some(resolve(dir, &target));
                }
                let Some(id) = raw_attr(&e, "Id")? else {
                    continue;
                };
                if !wanted.contains(id.as_ref()) || out.sheets.contains_key(id.as_ref()) {
                    continue;
                }
                let kind = match kind {
                    "worksheet" => PartKind::Worksheet,
                    "chartsheet" | "dialogsheet" | "xlMacrosheet" | "xlIntlMacrosheet" => {
                        PartKind::NotData
                    }
                    _ => PartKind::Unknown,
                };
                out.sheets
                    .insert(id.into_owned(), (resolve(dir, &target), kind));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// The text of the custom property named `assess`, if there is one.
fn parse_made_by(xml: &[u8], part: &str, budget: &mut Budget) -> Result<Option<String>, ReadError> {
    let mut rdr = xml_reader(xml);
    let mut value: Option<String> = None;
    loop {
        let ev = rdr.read_event().map_err(damaged(part))?;
        match (ev, value.as_mut()) {
            (Event::Start(e), None) if e.local_name().as_ref() == "property" => {
                let name = text_attr(&e, "name")?;
                value = name.filter(|n| n == "assess").map(|_| String::new());
            }
            (Event::Text(t), Some(v)) => {
                let t = t.xml10_content();
                budget.text(t.len())?;
                v.push_str(&t);
            }
            (Event::GeneralRef(r), Some(v)) => push_ref(v, &r),
            (Event::End(e), Some(_)) if e.local_name().as_ref() == "property" => break,
            (Event::Eof, _) => break,
            _ => {}
        }
    }
    Ok(value.map(|v| v.trim().to_string()))
}

// ---------------------------------------------------------------------------------------------
// Shared strings

/// The shared-string table: all strings in one buffer, each ending at an offset. No string
/// costs an allocation of its own, and nothing is reserved from `count` or `uniqueCount`.
#[derive(Default)]
struct Strings {
    text: String,
    ends: Vec<u32>,
}

impl Strings {
    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = match i {
            0 => 0,
            _ => self.ends[i - 1] as usize,
        };
        self.text.get(start..end)
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    fn end_string(&mut self, start: usize, budget: &mut Budget) -> Result<(), ReadError> {
        budget.text(self.text.len() - start)?;
        let end = u32::try_from(self.text.len())
            .map_err(|_| ReadError::TooLarge(Limit::TextBytes(budget.limits().text_bytes)))?;
        self.ends.push(end);
        Ok(())
    }
}

fn parse_strings(xml: &[u8], part: &str, budget: &mut Budget) -> Result<Strings, ReadError> {
    let mut rdr = xml_reader(xml);
    let max_text = budget.limits().text_bytes;
    let mut out = Strings::default();
    // Start of the string being read, inside `<si>`.
    let mut si: Option<usize> = None;
    // Depth of phonetic runs (`<rPh>`), whose text is a reading aid, not the string.
    let mut phonetic = 0u32;
    // The `<t>` being read: where its text starts, and whether it keeps its spaces.
    let mut run: Option<(usize, bool)> = None;
    loop {
        match rdr.read_event().map_err(damaged(part))? {
            Event::Start(e) => match e.local_name().as_ref() {
                "si" => {
                    si = Some(out.text.len());
                    phonetic = 0;
                    run = None;
                }
                "rPh" if si.is_some() => phonetic += 1,
                "t" if si.is_some() && phonetic == 0 => {
                    run = Some((out.text.len(), preserves_space(&e)?));
                }
                _ => {}
            },
            Event::Empty(e) if e.local_name().as_ref() == "si" => {
                let start = out.text.len();
                out.end_string(start, budget)?;
            }
            // Every string is charged when it ends; the table as a whole is held to the limit
            // as it grows, so one endless string fails before it is all in memory.
            Event::Text(t) if run.is_some() => {
                out.text.push_str(&t.xml10_content());
                within(&out.text, max_text)?;
            }
            Event::CData(t) if run.is_some() => {
                out.text.push_str(&t.xml10_content());
                within(&out.text, max_text)?;
            }
            Event::GeneralRef(r) if run.is_some() => push_ref(&mut out.text, &r),
            Event::End(e) => match e.local_name().as_ref() {
                "t" => {
                    if let Some((from, preserve)) = run.take() {
                        finish_run(&mut out.text, from, preserve);
                    }
                }
                "rPh" => phonetic = phonetic.saturating_sub(1),
                "si" => {
                    if let Some(start) = si.take() {
                        run = None;
                        out.end_string(start, budget)?;
                    }
                }
                _ => {}
            },
            Event::Eof => {
                if si.is_some() {
                    return Err(ReadError::Damaged(format!(
                        "{part} ends in the middle of a string"
                    )));
                }
                break;
            }
            _ => {}
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// Number formats

/// How a style shows a number, as far as reading is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    Plain,
    Percent,
    Date,
}

fn shown_by(code: &str, id: Option<u32>) -> Shown {
    if is_date_format(code, id) {
        Shown::Date
    } else if is_percent_format(code, id) {
        Shown::Percent
    } else {
        Shown::Plain
    }
}

/// What each cell style (`cellXfs`, by index) shows numbers as.
fn parse_styles(xml: &[u8], part: &str) -> Result<Vec<Shown>, ReadError> {
    let mut rdr = xml_reader(xml);
    let mut custom: HashMap<u32, Shown> = HashMap::new();
    let mut xf_formats: Vec<u32> = Vec::new();
    let mut in_cell_xfs = false;
    loop {
        match rdr.read_event().map_err(damaged(part))? {
            ref ev @ (Event::Start(ref e) | Event::Empty(ref e)) => match e.local_name().as_ref() {
                "numFmt" => {
                    let id = raw_attr(e, "numFmtId")?.and_then(|v| v.trim().parse::<u32>().ok());
                    if let (Some(id), Some(code)) = (id, text_attr(e, "formatCode")?) {
                        custom.insert(id, shown_by(&code, None));
                    }
                }
                "cellXfs" => in_cell_xfs = matches!(ev, Event::Start(_)),
                "xf" if in_cell_xfs => {
                    let id = raw_attr(e, "numFmtId")?
                        .and_then(|v| v.trim().parse::<u32>().ok())
                        .unwrap_or(0);
                    xf_formats.push(id);
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == "cellXfs" => in_cell_xfs = false,
            Event::Eof => break,
            _ => {}
        }
    }
    // A format code defined in the file is what Excel shows, even under a built-in id.
    Ok(xf_formats
        .into_iter()
        .map(|id| {
            custom
                .get(&id)
                .copied()
                .unwrap_or_else(|| shown_by("", Some(id)))
        })
        .collect())
}

/// A number format shows a percentage when it has `%` outside quotes and escapes, in its
/// first section (positive numbers). Built-in ids 9 (`0%`) and 10 (`0.00%`) are percentages.
pub fn is_percent_format(code: &str, id: Option<u32>) -> bool {
    if matches!(id, Some(9 | 10)) {
        return true;
    }
    let mut quoted = false;
    let mut escaped = false;
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

/// A number format shows a date or a time. Built-in ids 14–22 and 45–47 are dates and times,
/// and so are 27–36 and 50–58, which Chinese, Japanese and Korean Excel use for `yyyy"年"m"月"d"日"`
/// and the like. In a format code, a `y m d h s` letter (either case) in the first section,
/// outside quotes, escapes (`\x`, `_x`, `*x`) and brackets, makes a date; so does an elapsed
/// time in brackets (`[h]`, `[mm]`, `[ss]`). `[Red]`, `[$-804]`, `[DBNum1]` and `General` do not.
pub fn is_date_format(code: &str, id: Option<u32>) -> bool {
    if matches!(id, Some(14..=22 | 27..=36 | 45..=47 | 50..=58)) {
        return true;
    }
    let mut quoted = false;
    let mut escaped = false;
    let mut bracket: Option<usize> = None;
    for (i, c) in code.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        if quoted {
            quoted = c != '"';
            continue;
        }
        if let Some(start) = bracket {
            if c == ']' {
                let inside = &code[start + 1..i];
                if !inside.is_empty() && inside.chars().all(|c| "hHmMsS".contains(c)) {
                    return true;
                }
                bracket = None;
            }
            continue;
        }
        match c {
            '\\' | '_' | '*' => escaped = true,
            '"' => quoted = true,
            '[' => bracket = Some(i),
            ';' => return false,
            'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' => return true,
            _ => {}
        }
    }
    false
}

/// An Excel serial date as shown: `2024-06-30`, with ` 08:30:00` when not midnight, or only the
/// time for a serial below 1. 1900 system with Excel's 1900-02-29 (serial 60), or 1904 system.
/// `None` for a serial no date can show (negative, past 9999-12-31).
fn excel_date(serial: f64, date1904: bool) -> Option<String> {
    let last_day: i64 = if date1904 { 2_957_003 } else { 2_958_465 };
    if !(serial >= 0.0 && serial < (last_day + 1) as f64) {
        return None;
    }
    let mut days = serial.floor() as i64;
    // The time as Excel rounds it: to the millisecond, then shown to the second.
    let secs_f = serial.fract() * 86_400.0;
    let mut secs = secs_f as u64;
    if (secs_f.fract() * 1000.0).round() >= 1000.0 {
        secs += 1;
    }
    if secs >= 86_400 {
        days += 1;
        secs = 0;
    }
    if days > last_day {
        return None;
    }
    let time = format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
    if days == 0 && serial < 1.0 {
        return Some(time);
    }
    let (y, m, d) = if !date1904 && days == 60 {
        (1900, 2, 29)
    } else {
        // Days since 1970-01-01: serial 1 is 1900-01-01 (the fictitious 1900-02-29 shifts
        // later serials by one); in the 1904 system serial 0 is 1904-01-01.
        let unix = if date1904 {
            days - 24_107
        } else if days < 60 {
            days - 25_568
        } else {
            days - 25_569
        };
        civil_from_days(unix)
    };
    let date = format!("{y:04}-{m:02}-{d:02}");
    Some(if secs == 0 {
        date
    } else {
        format!("{date} {time}")
    })
}

/// Year, month, day of a day count since 1970-01-01 (proleptic Gregorian; Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// An ISO 8601 date cell (`t="d"`) shown like a serial date: `2024-06-30`, time added when not
/// midnight. Anything else is kept as written.
fn iso_date(s: &str) -> String {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if !(digits(0..4)
        && b.get(4) == Some(&b'-')
        && digits(5..7)
        && b.get(7) == Some(&b'-')
        && digits(8..10))
    {
        return s.to_string();
    }
    let date = &s[..10];
    let Some(rest) = s[10..].strip_prefix('T') else {
        return if s.len() == 10 {
            date.to_string()
        } else {
            s.to_string()
        };
    };
    let rb = rest.as_bytes();
    let two = |i: usize| {
        rb.get(i..i + 2)
            .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    if !(two(0) && rb.get(2) == Some(&b':') && two(3)) {
        return s.to_string();
    }
    let secs = if rb.get(5) == Some(&b':') && two(6) {
        &rest[6..8]
    } else {
        "00"
    };
    let (h, m) = (&rest[0..2], &rest[3..5]);
    if h == "00" && m == "00" && secs == "00" {
        date.to_string()
    } else {
        format!("{date} {h}:{m}:{secs}")
    }
}

// ---------------------------------------------------------------------------------------------
// Worksheets

struct BookCtx {
    strings: Strings,
    styles: Vec<Shown>,
    date1904: bool,
}

/// The `t` of a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Number,
    Shared,
    FormulaText,
    Inline,
    Bool,
    Error,
    IsoDate,
}

/// The cell being read.
struct Pending {
    row: u32,
    col: u32,
    shown: Shown,
    kind: Kind,
    formula: bool,
    value: bool,
    inline: bool,
}

/// `A1` → (0, 0); `None` unless letters then digits within A1:XFD1048576.
fn parse_ref(s: &str) -> Option<(u32, u32)> {
    let b = s.as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    if !(1..=3).contains(&letters) {
        return None;
    }
    let col = b[..letters].iter().fold(0u32, |n, c| {
        n * 26 + u32::from(c.to_ascii_uppercase() - b'A') + 1
    });
    let row = parse_row(&s[letters..])?;
    (col <= MAX_COL).then(|| (row, col - 1))
}

/// A row number `1` … `1048576` → 0-based.
fn parse_row(s: &str) -> Option<u32> {
    let b = s.as_bytes();
    if b.is_empty() || b.len() > 7 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let row = b.iter().fold(0u32, |n, c| n * 10 + u32::from(c - b'0'));
    (1..=MAX_ROW).contains(&row).then(|| row - 1)
}

fn read_sheet(
    xml: &[u8],
    part: &str,
    book: &BookCtx,
    sheet: &mut Sheet,
    budget: &mut Budget,
) -> Result<(), ReadError> {
    let mut rdr = xml_reader(xml);
    let max_text = budget.limits().text_bytes;
    let mut st = SheetRead {
        part,
        book,
        in_data: false,
        after_data: false,
        pos: Position::default(),
        cell: None,
        text: CellText::default(),
    };
    loop {
        let ev = match rdr.read_event() {
            Ok(ev) => ev,
            Err(_) if st.after_data => break,
            Err(e) => return Err(damaged(part)(e)),
        };
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                st.start(e, matches!(ev, Event::Empty(_)), sheet)?;
            }
            Event::Text(t) if st.text.wants() => st.text.push(&t.xml10_content(), max_text)?,
            Event::CData(t) if st.text.wants() => st.text.push(&t.xml10_content(), max_text)?,
            Event::GeneralRef(r) => st.text.push_ref(&r),
            Event::End(e) => {
                let done = st.end(e.local_name().as_ref(), sheet, budget)?;
                if done {
                    break;
                }
            }
            Event::Eof => {
                if st.in_data {
                    return Err(ReadError::Damaged(format!(
                        "{part} ends in the middle of its cells"
                    )));
                }
                break;
            }
            _ => {}
        }
    }
    Ok(())
}

/// A cell or row reference outside A1:XFD1048576, as an error.
fn bad_ref(sheet: &str, what: &str, r: &str) -> ReadError {
    ReadError::Damaged(format!(
        "sheet \"{sheet}\": the {what} {} is not in A1:XFD1048576",
        shown(r)
    ))
}

/// Where a worksheet's XML is being read.
struct SheetRead<'a> {
    part: &'a str,
    book: &'a BookCtx,
    in_data: bool,
    /// Past the cells: only the merged ranges are read, and damage there loses nothing else.
    after_data: bool,
    pos: Position,
    cell: Option<Pending>,
    text: CellText,
}

impl SheetRead<'_> {
    /// Take in an element's start (`empty` for `<x/>`).
    fn start(
        &mut self,
        e: &BytesStart<'_>,
        empty: bool,
        sheet: &mut Sheet,
    ) -> Result<(), ReadError> {
        match e.local_name().as_ref() {
            "sheetData" => {
                if empty {
                    self.after_data = true;
                } else {
                    self.in_data = true;
                }
            }
            "mergeCell" if self.after_data => add_merge(e, sheet),
            "row" if self.in_data => self.pos.start_row(raw_attr(e, "r")?, &sheet.name)?,
            "c" if self.in_data => self.start_cell(e, empty, &sheet.name)?,
            "v" => {
                if let Some(p) = self.cell.as_mut() {
                    p.value = true;
                    self.text.in_v = !empty;
                }
            }
            "f" => {
                if let Some(p) = self.cell.as_mut() {
                    p.formula = true;
                }
            }
            "is" => {
                if let Some(p) = self.cell.as_mut() {
                    p.inline = true;
                    self.text.in_inline = !empty;
                }
            }
            "rPh" if self.text.in_inline && !empty => self.text.phonetic += 1,
            "t" if self.text.in_inline && self.text.phonetic == 0 && !empty => {
                self.text.run = Some((self.text.inline.len(), preserves_space(e)?));
            }
            _ => {}
        }
        Ok(())
    }

    /// Start the cell a `<c>` is: its place, style and type (`<c …/>` only takes its column).
    fn start_cell(
        &mut self,
        e: &BytesStart<'_>,
        empty: bool,
        sheet: &str,
    ) -> Result<(), ReadError> {
        let (r, s, t) = cell_attrs(e, self.part)?;
        let (row, col) = self.pos.cell(r, sheet)?;
        let shown = s
            .and_then(|s| s.trim().parse::<usize>().ok())
            .and_then(|i| self.book.styles.get(i).copied())
            .unwrap_or(Shown::Plain);
        let kind = kind_of(t.as_deref());
        self.text.clear();
        if !empty {
            self.cell = Some(Pending {
                row,
                col,
                shown,
                kind,
                formula: false,
                value: false,
                inline: false,
            });
        }
        Ok(())
    }

    /// Take in an element's end (a cell goes into the sheet); `true` when reading is done.
    fn end(
        &mut self,
        name: &str,
        sheet: &mut Sheet,
        budget: &mut Budget,
    ) -> Result<bool, ReadError> {
        match name {
            "v" => self.text.in_v = false,
            "t" => {
                if let Some((from, preserve)) = self.text.run.take() {
                    finish_run(&mut self.text.inline, from, preserve);
                }
            }
            "rPh" => self.text.phonetic = self.text.phonetic.saturating_sub(1),
            "is" => self.text.in_inline = false,
            "c" => {
                if let Some(p) = self.cell.take() {
                    self.text.in_v = false;
                    self.text.in_inline = false;
                    let c = cell_of(&p, &self.text.v, &self.text.inline, self.book, &sheet.name)?;
                    sheet.push(budget, p.row, p.col, c)?;
                }
            }
            "sheetData" => {
                if self.cell.is_some() {
                    return Err(ReadError::Damaged(format!(
                        "{}: the cells end inside a cell",
                        self.part
                    )));
                }
                self.in_data = false;
                self.after_data = true;
            }
            "mergeCells" if self.after_data => return Ok(true),
            _ => {}
        }
        Ok(false)
    }
}

/// Add the range a `<mergeCell>` names; one that cannot be read is left out.
fn add_merge(e: &BytesStart<'_>, sheet: &mut Sheet) {
    if let Ok(Some(r)) = raw_attr(e, "ref") {
        if let Some((a, b)) = r.trim().split_once(':') {
            if let (Some(a), Some(b)) = (parse_ref(a), parse_ref(b)) {
                sheet.add_merge(a, b);
            }
        }
    }
}

/// The `r`, `s` and `t` attributes of a `<c>`, raw.
type CellAttrs<'a> = (
    Option<Cow<'a, str>>,
    Option<Cow<'a, str>>,
    Option<Cow<'a, str>>,
);

/// The `r`, `s` and `t` attributes of a `<c>`, without allocating.
fn cell_attrs<'a>(e: &'a BytesStart<'_>, part: &str) -> Result<CellAttrs<'a>, ReadError> {
    let (mut r, mut s, mut t) = (None, None, None);
    for a in e.attributes().with_checks(false) {
        let a = a.map_err(|err| ReadError::Damaged(format!("{part}: {err}")))?;
        match a.key.as_ref() {
            "r" => r = Some(a.value),
            "s" => s = Some(a.value),
            "t" => t = Some(a.value),
            _ => {}
        }
    }
    Ok((r, s, t))
}

/// The kind of a cell by its `t`.
fn kind_of(t: Option<&str>) -> Kind {
    match t.map(str::trim) {
        Some("s") => Kind::Shared,
        Some("str") => Kind::FormulaText,
        Some("inlineStr") => Kind::Inline,
        Some("b") => Kind::Bool,
        Some("e") => Kind::Error,
        Some("d") => Kind::IsoDate,
        // `n`, none, or a type no program writes: the value decides.
        _ => Kind::Number,
    }
}

/// Where the next row and cell are when they do not say (`<row>` or `<c>` without `r`).
#[derive(Default)]
struct Position {
    /// Row of the last `<row>` or cell.
    row: u32,
    /// What a `<row>` without `r` is.
    next_row: u32,
    /// What a `<c>` without `r` is.
    next_col: u32,
}

impl Position {
    /// Move to the row a `<row>` starts: its `r`, else the row after the last.
    fn start_row(&mut self, r: Option<Cow<'_, str>>, sheet: &str) -> Result<(), ReadError> {
        self.row = match r {
            Some(r) => parse_row(r.trim()).ok_or_else(|| bad_ref(sheet, "row", &r))?,
            None if self.next_row < MAX_ROW => self.next_row,
            None => return Err(bad_ref(sheet, "row after", "1048576")),
        };
        self.next_row = self.row + 1;
        self.next_col = 0;
        Ok(())
    }

    /// The row and column of a `<c>`: its `r`, else the column after the last cell's.
    fn cell(&mut self, r: Option<Cow<'_, str>>, sheet: &str) -> Result<(u32, u32), ReadError> {
        let (row, col) = match r {
            Some(r) => parse_ref(r.trim()).ok_or_else(|| bad_ref(sheet, "cell", &r))?,
            None if self.next_col < MAX_COL => (self.row, self.next_col),
            None => {
                let last = super::a1(self.row, MAX_COL - 1);
                return Err(bad_ref(sheet, "cell after", &last));
            }
        };
        self.row = row;
        self.next_row = row + 1;
        self.next_col = col + 1;
        Ok((row, col))
    }
}

/// The text of the cell being read, in buffers reused for every cell.
#[derive(Default)]
struct CellText {
    /// Its `<v>`.
    v: String,
    /// Its inline string (`<is>`).
    inline: String,
    in_v: bool,
    in_inline: bool,
    /// Depth of phonetic runs (`<rPh>`), whose text is a reading aid, not the string.
    phonetic: u32,
    /// The `<t>` being read: where its text starts in `inline`, and whether it keeps its
    /// spaces.
    run: Option<(usize, bool)>,
}

impl CellText {
    /// Empty, for a new cell.
    fn clear(&mut self) {
        self.v.clear();
        self.inline.clear();
        (self.in_v, self.in_inline, self.phonetic, self.run) = (false, false, 0, None);
    }

    /// Whether text read now is the cell's.
    fn wants(&self) -> bool {
        self.in_v || self.run.is_some()
    }

    /// The buffer text read now goes to: the `<v>`, an inline run, or none.
    fn buffer(&mut self) -> Option<&mut String> {
        if self.in_v {
            Some(&mut self.v)
        } else if self.run.is_some() {
            Some(&mut self.inline)
        } else {
            None
        }
    }

    /// Add text read, refused once the buffer is past the file's text limit.
    fn push(&mut self, s: &str, max_text: usize) -> Result<(), ReadError> {
        if let Some(buf) = self.buffer() {
            buf.push_str(s);
            within(buf, max_text)?;
        }
        Ok(())
    }

    /// Add an entity or character reference read.
    fn push_ref(&mut self, r: &BytesRef<'_>) {
        if let Some(buf) = self.buffer() {
            push_ref(buf, r);
        }
    }
}

/// The cell a `<c>` holds. Numbers do not allocate; text is copied once, into the cell.
fn cell_of(
    p: &Pending,
    v: &str,
    inline: &str,
    book: &BookCtx,
    sheet: &str,
) -> Result<Cell, ReadError> {
    let mut percent = false;
    let content = match p.kind {
        Kind::Shared => match v.trim() {
            "" => Content::Empty,
            i => match i.parse::<usize>().ok().and_then(|i| book.strings.get(i)) {
                Some(s) => Content::Text(s.to_string()),
                None => {
                    return Err(ReadError::Damaged(format!(
                    "sheet \"{sheet}\", cell {}: refers to shared string {} but the file has {}",
                    super::a1(p.row, p.col),
                    shown(i),
                    book.strings.len()
                )))
                }
            },
        },
        Kind::FormulaText if p.value => Content::Text(unescape_x(v).into_owned()),
        Kind::Inline if p.inline => Content::Text(inline.to_string()),
        Kind::FormulaText | Kind::Inline => Content::Empty,
        Kind::Bool => match v.trim() {
            "" => Content::Empty,
            "1" => Content::Bool(true),
            "0" => Content::Bool(false),
            b if b.eq_ignore_ascii_case("true") => Content::Bool(true),
            b if b.eq_ignore_ascii_case("false") => Content::Bool(false),
            _ => Content::Text(v.to_string()),
        },
        Kind::Error => match v.trim() {
            "" => Content::Empty,
            e => Content::Error(e.to_string()),
        },
        Kind::IsoDate => match v.trim() {
            "" => Content::Empty,
            d => Content::Date(iso_date(d)),
        },
        Kind::Number => match v {
            "" => Content::Empty,
            _ => match v.parse::<f64>() {
                Ok(n) if n.is_finite() => match p.shown {
                    Shown::Date => {
                        excel_date(n, book.date1904).map_or(Content::Number(n), Content::Date)
                    }
                    Shown::Percent => {
                        percent = true;
                        Content::Number(n)
                    }
                    Shown::Plain => Content::Number(n),
                },
                // What was written, so the clerk sees it rather than a guess.
                _ => Content::Text(v.to_string()),
            },
        },
    };
    Ok(Cell {
        formula_without_result: p.formula && content == Content::Empty,
        percent,
        content,
    })
}

/// A date as calamine shows it, for the tests that check our dates against calamine's.
#[cfg(test)]
pub(crate) fn show_date(d: &calamine::ExcelDateTime) -> String {
    let (y, m, day, h, mi, s, _) = d.to_ymd_hms_milli();
    if h == 0 && mi == 0 && s == 0 {
        format!("{y:04}-{m:02}-{day:02}")
    } else {
        format!("{y:04}-{m:02}-{day:02} {h:02}:{mi:02}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_formats() {
        assert!(is_percent_format("0.0%", None));
        assert!(is_percent_format("General", Some(9)));
        assert!(!is_percent_format("0.00", Some(2)));
        assert!(!is_percent_format("0\"%\"", None));
        assert!(!is_percent_format("0\\%", None));
        assert!(!is_percent_format("0;0%", None));
    }

    #[test]
    fn date_formats() {
        for id in [14, 22, 31, 45, 47, 57] {
            assert!(is_date_format("", Some(id)), "{id}");
        }
        for id in [0, 9, 23, 49, 164] {
            assert!(!is_date_format("", Some(id)), "{id}");
        }
        for code in [
            "yyyy-mm-dd",
            "yyyy\"年\"m\"月\"d\"日\"",
            "[$-804]yyyy/m/d;@",
            "h:mm AM/PM",
            "[h]:mm:ss",
            "[mm]",
            "DD/MM/YY",
            "[Red]d-mmm",
        ] {
            assert!(is_date_format(code, None), "{code}");
        }
        for code in [
            "General",
            "0.00",
            "[Red]0.00",
            "0\"天\"",
            "0\\d",
            "0_d",
            "#,##0.0####\" YMD\"",
            "[DBNum1][$-804]General",
            "0;[Red]dd",
            "0.0%",
        ] {
            assert!(!is_date_format(code, None), "{code}");
        }
    }

    #[test]
    fn serial_dates_in_both_systems() {
        let d = |s, y1904| excel_date(s, y1904);
        assert_eq!(d(1.0, false).as_deref(), Some("1900-01-01"));
        assert_eq!(d(59.0, false).as_deref(), Some("1900-02-28"));
        assert_eq!(d(60.0, false).as_deref(), Some("1900-02-29"));
        assert_eq!(d(61.0, false).as_deref(), Some("1900-03-01"));
        assert_eq!(d(45473.0, false).as_deref(), Some("2024-06-30"));
        assert_eq!(d(45473.5, false).as_deref(), Some("2024-06-30 12:00:00"));
        assert_eq!(d(2_958_465.0, false).as_deref(), Some("9999-12-31"));
        assert_eq!(d(0.0, true).as_deref(), Some("00:00:00"));
        assert_eq!(d(1.0, true).as_deref(), Some("1904-01-02"));
        assert_eq!(d(44011.0, true).as_deref(), Some("2024-06-30"));
        assert_eq!(d(0.75, false).as_deref(), Some("18:00:00"));
        // A hair before midnight rounds to the next day, as Excel shows it.
        assert_eq!(d(45_472.999_999_999, false).as_deref(), Some("2024-06-30"));
        assert_eq!(d(-1.0, false), None);
        assert_eq!(d(2_958_466.0, false), None);
        assert_eq!(d(2_957_004.0, true), None);
    }

    #[test]
    fn serial_dates_agree_with_calamine() {
        use calamine::{ExcelDateTime, ExcelDateTimeType};
        // Every day from 1900 to 2100, at a time that varies, and a sweep to 9999.
        let mut serials: Vec<f64> = (1..73_051)
            .map(|d| d as f64 + (d % 97) as f64 / 97.0)
            .collect();
        serials.extend((1..2_958_465).step_by(9_973).map(|d| d as f64 + 0.25));
        for y1904 in [false, true] {
            for &s in &serials {
                if y1904 && s >= 2_957_004.0 {
                    continue;
                }
                let ours = excel_date(s, y1904).unwrap();
                let theirs = show_date(&ExcelDateTime::new(s, ExcelDateTimeType::DateTime, y1904));
                assert_eq!(ours, theirs, "serial {s}, 1904: {y1904}");
            }
        }
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso_date("2024-06-30"), "2024-06-30");
        assert_eq!(iso_date("2024-06-30T00:00:00Z"), "2024-06-30");
        assert_eq!(iso_date("2024-06-30T08:30:00.000"), "2024-06-30 08:30:00");
        assert_eq!(iso_date("2024-06-30T08:30"), "2024-06-30 08:30:00");
        assert_eq!(iso_date("30/06/2024"), "30/06/2024");
        assert_eq!(iso_date("2024-06-30x"), "2024-06-30x");
    }

    #[test]
    fn excel_escapes() {
        assert_eq!(unescape_x("a_x000D_b"), "a\rb");
        assert_eq!(unescape_x("_x005F_x000D_"), "_x000D_");
        assert_eq!(unescape_x("_xD83D__xDE00_"), "😀");
        assert_eq!(unescape_x("_xD83D_"), "\u{FFFD}");
        assert_eq!(unescape_x("_x12_ and _xZZZZ_"), "_x12_ and _xZZZZ_");
        assert!(matches!(unescape_x("plain_text"), Cow::Borrowed(_)));
    }

    #[test]
    fn cell_references() {
        assert_eq!(parse_ref("A1"), Some((0, 0)));
        assert_eq!(parse_ref("xfd1048576"), Some((1_048_575, 16_383)));
        for bad in [
            "XFE1",
            "A1048577",
            "A0",
            "1A",
            "A",
            "",
            "ZZZZ99999999",
            "A1:B2",
            "Ä1",
        ] {
            assert_eq!(parse_ref(bad), None, "{bad}");
        }
        assert_eq!(
            resolve("xl/", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl/", "/xl/worksheets/s.xml"),
            "xl/worksheets/s.xml"
        );
        assert_eq!(resolve("xl/", "../xl/./s.xml"), "xl/s.xml");
    }

    fn strings(xml: &str) -> Vec<String> {
        let s = parse_strings(xml.as_bytes(), "s", &mut Budget::default()).unwrap();
        (0..s.len())
            .map(|i| s.get(i).unwrap().to_string())
            .collect()
    }

    #[test]
    fn shared_strings_skip_phonetics_and_decode() {
        let got = strings(
            r#"<sst xmlns="x" count="4294967295" uniqueCount="4294967295">
            <si><t>plain</t></si>
            <si><r><rPr/><t xml:space="preserve">rich </t></r><r><t>text</t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>
            <si/>
            <si><t>  trimmed  </t></si>
            <si><t xml:space="preserve">  kept  </t></si>
            <si><t>a_x000D_b &amp; &#x4E2D;&lt;</t></si>
            <si><t><![CDATA[<raw>]]></t></si>
            </sst>"#,
        );
        assert_eq!(
            got,
            [
                "plain",
                "rich text",
                "",
                "trimmed",
                "  kept  ",
                "a\rb & 中<",
                "<raw>"
            ]
        );
    }

    #[test]
    fn shared_strings_are_charged_to_the_text_budget() {
        let limits = super::super::Limits {
            text_bytes: 10,
            ..Default::default()
        };
        let e = parse_strings(
            b"<sst><si><t>0123456789A</t></si></sst>",
            "s",
            &mut Budget::new(limits),
        )
        .err();
        assert_eq!(e, Some(ReadError::TooLarge(Limit::TextBytes(10))));
    }

    #[test]
    fn styles_give_percent_and_date_per_cell_style() {
        let got = parse_styles(
            r#"<styleSheet><numFmts count="99"><numFmt numFmtId="164" formatCode="0.0%"/>
            <numFmt numFmtId="165" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/>
            <numFmt numFmtId="14" formatCode="0.00"/></numFmts>
            <cellStyleXfs count="1"><xf numFmtId="9"/></cellStyleXfs>
            <cellXfs count="1000000"><xf numFmtId="0"/><xf numFmtId="164"><alignment/></xf>
            <xf numFmtId="165"/><xf numFmtId="10"/><xf numFmtId="14"/><xf numFmtId="31"/><xf/></cellXfs></styleSheet>"#
                .as_bytes(),
            "styles",
        )
        .unwrap();
        use Shown::*;
        assert_eq!(got, [Plain, Percent, Date, Percent, Plain, Date, Plain]);
    }

    fn sheet_of(
        cells: &str,
        strings: &[&str],
        styles: &[Shown],
        date1904: bool,
    ) -> Result<Sheet, ReadError> {
        let mut st = Strings::default();
        let mut budget = Budget::default();
        for s in strings {
            let start = st.text.len();
            st.text.push_str(s);
            st.end_string(start, &mut budget).unwrap();
        }
        let book = BookCtx {
            strings: st,
            styles: styles.to_vec(),
            date1904,
        };
        let xml = format!(
            r#"<worksheet xmlns="m"><dimension ref="A1:XFD1048576"/><sheetData>{cells}</sheetData></worksheet>"#
        );
        let mut sheet = Sheet::new("S");
        read_sheet(
            xml.as_bytes(),
            "xl/worksheets/sheet1.xml",
            &book,
            &mut sheet,
            &mut budget,
        )?;
        sheet.finish();
        Ok(sheet)
    }

    #[test]
    fn every_cell_type() {
        use Shown::*;
        let s = sheet_of(
            r#"<row r="1">
              <c r="A1" t="s"><v>1</v></c>
              <c r="B1"><v>12.5</v></c>
              <c r="C1" s="1"><v>0.125</v></c>
              <c r="D1" s="2"><v>45473</v></c>
              <c r="E1" t="str"><f>A1&amp;"x"</f><v>b_x000D_x</v></c>
              <c r="F1" t="inlineStr"><is><r><t xml:space="preserve">in </t></r><r><t>line</t></r><rPh><t>no</t></rPh></is></c>
              <c r="G1" t="b"><v>1</v></c>
              <c r="H1" t="e"><f>1/0</f><v>#DIV/0!</v></c>
              <c r="I1" t="d"><v>2024-06-30T00:00:00</v></c>
              <c r="J1" s="3"><f>SUM(A2:A3)</f></c>
              <c r="K1"><f t="shared" si="0"/></c>
              <c r="L1"><v>12abc</v></c>
              <c r="M1"><v>inf</v></c>
              <c r="N1" s="2"><v>-3</v></c>
              <c r="O1" s="99"><v>7</v></c>
              <c r="P1" s="1" t="s"><v>0</v></c>
            </row>"#,
            &["zero", "one"],
            &[Plain, Percent, Date, Plain],
            false,
        )
        .unwrap();
        let at = |c: u32| {
            s.get(0, c)
                .cloned()
                .unwrap_or_else(|| panic!("no cell in column {c}"))
        };
        assert_eq!(at(0).content, Content::Text("one".into()));
        assert_eq!(at(1).content, Content::Number(12.5));
        assert!(!at(1).percent);
        assert_eq!(at(2).content, Content::Number(0.125));
        assert!(at(2).percent);
        assert_eq!(at(3).content, Content::Date("2024-06-30".into()));
        assert!(!at(3).percent);
        assert_eq!(at(4).content, Content::Text("b\rx".into()));
        assert!(!at(4).formula_without_result);
        assert_eq!(at(5).content, Content::Text("in line".into()));
        assert_eq!(at(6).content, Content::Bool(true));
        assert_eq!(at(7).content, Content::Error("#DIV/0!".into()));
        assert_eq!(at(8).content, Content::Date("2024-06-30".into()));
        assert_eq!(at(9).content, Content::Empty);
        assert!(at(9).formula_without_result);
        assert!(at(10).formula_without_result);
        assert_eq!(at(11).content, Content::Text("12abc".into()));
        assert_eq!(at(12).content, Content::Text("inf".into()));
        assert_eq!(at(13).content, Content::Number(-3.0), "no date before 1900");
        assert_eq!(
            at(14).content,
            Content::Number(7.0),
            "unknown style is plain"
        );
        assert_eq!(at(15).content, Content::Text("zero".into()));
        assert!(!at(15).percent, "percent is for numbers only");
        assert_eq!(s.len(), 16);
    }

    #[test]
    fn positions_without_r_follow_on() {
        let s = sheet_of(
            r#"<row><c><v>1</v></c><c/><c><v>3</v></c></row>
               <row r="5"><c r="C5"><v>4</v></c><c><v>5</v></c></row>
               <row><c><v>6</v></c></row>
               <row r="8"/><row><c><v>9</v></c></row>"#,
            &[],
            &[],
            false,
        )
        .unwrap();
        let cells: Vec<(u32, u32)> = s.cells().map(|(r, c, _)| (r, c)).collect();
        assert_eq!(cells, [(0, 0), (0, 2), (4, 2), (4, 3), (5, 0), (8, 0)]);
    }

    #[test]
    fn bad_references_and_strings_are_damage_named() {
        let e = sheet_of(
            r#"<row><c r="ZZZZ99999999"><v>1</v></c></row>"#,
            &[],
            &[],
            false,
        )
        .unwrap_err();
        assert!(
            matches!(&e, ReadError::Damaged(m) if m.contains("ZZZZ99999999")),
            "{e:?}"
        );
        let e = sheet_of(r#"<row r="0"><c><v>1</v></c></row>"#, &[], &[], false).unwrap_err();
        assert!(
            matches!(&e, ReadError::Damaged(m) if m.contains("row")),
            "{e:?}"
        );
        let e = sheet_of(
            r#"<row><c r="B3" t="s"><v>2</v></c></row>"#,
            &["a"],
            &[],
            false,
        )
        .unwrap_err();
        assert!(
            matches!(&e, ReadError::Damaged(m) if m.contains("B3") && m.contains("has 1")),
            "{e:?}"
        );
        let e = sheet_of(
            r#"<row><c r="XFD1"><v>1</v></c><c><v>2</v></c></row>"#,
            &[],
            &[],
            false,
        )
        .unwrap_err();
        assert!(matches!(&e, ReadError::Damaged(_)), "{e:?}");
        let e = sheet_of(r#"<row><c r="A1"><v>1"#, &[], &[], false).unwrap_err();
        assert!(matches!(&e, ReadError::Damaged(_)), "{e:?}");
        let book = BookCtx {
            strings: Strings::default(),
            styles: Vec::new(),
            date1904: false,
        };
        let e = read_sheet(
            b"<worksheet><sheetData><row><c><v>1</v></c>",
            "xl/worksheets/sheet1.xml",
            &book,
            &mut Sheet::new("S"),
            &mut Budget::default(),
        )
        .unwrap_err();
        assert!(
            matches!(&e, ReadError::Damaged(m) if m.contains("sheet1.xml")),
            "{e:?}"
        );
    }

    #[test]
    fn date_1904_system() {
        let s = sheet_of(
            r#"<row><c s="0"><v>44011</v></c></row>"#,
            &[],
            &[Shown::Date],
            true,
        )
        .unwrap();
        assert_eq!(
            s.get(0, 0).unwrap().content,
            Content::Date("2024-06-30".into())
        );
    }
}
