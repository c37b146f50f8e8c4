//! The .xlsx reader checked two ways: against calamine (the oracle) on every .xlsx fixture,
//! cell by cell; and on hostile packages built here, small on disk, whose declared counts,
//! dimensions, huge shared strings, far cells, bad references and missing parts must each end
//! as a value or a clear error, quickly.

use assess::read::{read_bytes, Book, Content, Limit, Limits, ReadError};
use calamine::{DataRef, Reader, Xlsx};
use std::collections::HashMap;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Generous for a debug build on a shared machine; the readers take milliseconds.
const QUICK: Duration = Duration::from_secs(5);

fn fixtures(ext: &str) -> Vec<PathBuf> {
    fn walk(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
        entries.sort_by_key(|e| e.path());
        for e in entries {
            let p = e.path();
            if p.is_dir() {
                walk(&p, ext, out);
            } else if p.extension().and_then(|e| e.to_str()) == Some(ext) {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        ext,
        &mut out,
    );
    out
}

/// What calamine shows for a date: ours gives a time alone for a serial below 1, where
/// calamine puts it on 1899-12-31.
fn calamine_date(d: &calamine::ExcelDateTime) -> String {
    let (y, m, day, h, mi, s, _) = d.to_ymd_hms_milli();
    let time = format!("{h:02}:{mi:02}:{s:02}");
    if d.as_f64() < 1.0 {
        time
    } else if (h, mi, s) == (0, 0, 0) {
        format!("{y:04}-{m:02}-{day:02}")
    } else {
        format!("{y:04}-{m:02}-{day:02} {time}")
    }
}

/// Whether our content is calamine's value.
fn same(theirs: &DataRef<'_>, ours: &Content) -> bool {
    match (theirs, ours) {
        (DataRef::Float(f), Content::Number(n)) => (f - n).abs() <= 1e-9 * f.abs().max(1.0),
        (DataRef::Int(i), Content::Number(n)) => (*i as f64 - n).abs() <= 1e-9,
        (DataRef::String(s), Content::Text(t)) => s == t,
        (DataRef::SharedString(s), Content::Text(t)) => s == t,
        (DataRef::Bool(b), Content::Bool(x)) => b == x,
        (DataRef::DateTime(d), Content::Date(s)) => calamine_date(d) == *s,
        (DataRef::DateTimeIso(d), Content::Date(s)) => s.starts_with(&d[..d.len().min(10)]),
        (DataRef::Error(e), Content::Error(s)) => e.to_string() == *s,
        _ => false,
    }
}

#[test]
fn every_xlsx_fixture_reads_as_calamine_reads_it() {
    let mut compared = 0;
    let mut cells = 0;
    for path in fixtures("xlsx") {
        let name = path.display().to_string();
        let bytes = std::fs::read(&path).unwrap();
        let ours = read_bytes(&bytes, &path, &Limits::default());
        // calamine would inflate the whole bomb into memory before saying anything.
        if matches!(ours, Err(ReadError::Bomb(_))) {
            continue;
        }
        let Ok(mut wb) = calamine::open_workbook::<Xlsx<_>, _>(&path) else {
            assert!(
                ours.is_err(),
                "{name}: calamine cannot open it, but we read it"
            );
            continue;
        };
        let book = ours
            .unwrap_or_else(|e| panic!("{name}: calamine reads it, we do not: {e}"))
            .unwrap();
        let visible: Vec<String> = wb
            .sheets_metadata()
            .iter()
            .filter(|m| {
                m.visible == calamine::SheetVisible::Visible
                    && m.typ == calamine::SheetType::WorkSheet
            })
            .map(|m| m.name.clone())
            .collect();
        let ours_names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(ours_names, visible, "{name}: sheets");
        for sheet in &book.sheets {
            let at = |r: u32, c: u32| format!("{name} {}!{}", sheet.name, assess::read::a1(r, c));
            // calamine's sparse cell reader: its dense `worksheet_range` would try to allocate
            // 500 GB for the fixture with a value in XFD1048576.
            let mut theirs: HashMap<(u32, u32), (String, bool, bool)> = HashMap::new();
            {
                let mut rdr = wb.worksheet_cells_reader(&sheet.name).unwrap();
                while let Some(rec) = rdr.next_cell_with_formula_metadata().unwrap() {
                    let value = &rec.value;
                    if *value == DataRef::Empty && rec.formula.is_none() {
                        continue;
                    }
                    let cell = sheet.get(rec.pos.0, rec.pos.1);
                    let at = at(rec.pos.0, rec.pos.1);
                    if *value != DataRef::Empty {
                        let ours = cell.unwrap_or_else(|| {
                            panic!("{at}: calamine has {value:?}, we have nothing")
                        });
                        assert!(
                            same(value, &ours.content),
                            "{at}: calamine {value:?}, ours {:?}",
                            ours.content
                        );
                        cells += 1;
                    }
                    let unsaved = rec.formula.is_some() && *value == DataRef::Empty;
                    theirs.insert(rec.pos, (format!("{value:?}"), unsaved, false));
                }
            }
            {
                let mut rdr = wb.worksheet_cells_reader(&sheet.name).unwrap();
                while let Some((cell, style)) = rdr.next_cell_with_style_id().unwrap() {
                    let fmt = rdr
                        .styles()
                        .get(style)
                        .and_then(|s| s.number_format.as_ref());
                    let p = matches!(cell.get_value(), DataRef::Float(_))
                        && fmt.is_some_and(|f| {
                            matches!(f.format_id, Some(9 | 10)) || f.format_code.contains('%')
                        });
                    if let Some(t) = theirs.get_mut(&cell.get_position()) {
                        t.2 = p;
                    }
                }
            }
            for (r, c, cell) in sheet.cells() {
                let Some((value, unsaved, percent)) = theirs.get(&(r, c)) else {
                    panic!("{}: ours {cell:?} is not in calamine's", at(r, c));
                };
                assert_eq!(
                    cell.formula_without_result,
                    *unsaved,
                    "{}: {value}, formula without result",
                    at(r, c)
                );
                assert_eq!(cell.percent, *percent, "{}: {value}, percent", at(r, c));
            }
            assert_eq!(sheet.len(), theirs.len(), "{name} {}: cells", sheet.name);
        }
        compared += 1;
    }
    assert!(compared >= 12, "only {compared} fixtures compared");
    assert!(cells > 1000, "only {cells} cells compared");
}

// ---------------------------------------------------------------------------------------------
// Hostile packages

fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in parts {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

fn workbook_xml(sheets: &str, pr: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{pr}<sheets>{sheets}</sheets></workbook>"#
    )
}

fn rels_xml(rels: &[(&str, &str, &str)]) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (id, kind, target) in rels {
        s.push_str(&format!(
            r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{target}"/>"#
        ));
    }
    s + "</Relationships>"
}

fn sheet_xml(head: &str, rows: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{head}<sheetData>{rows}</sheetData></worksheet>"#
    )
}

/// A workbook of one sheet `S` with these rows, and these shared strings if any.
fn one_sheet(head: &str, rows: &str, strings: Option<&str>) -> Vec<u8> {
    let wb = workbook_xml(r#"<sheet name="S" sheetId="1" r:id="rId1"/>"#, "");
    let rels = rels_xml(&[
        ("rId1", "worksheet", "worksheets/sheet1.xml"),
        ("rId2", "sharedStrings", "sharedStrings.xml"),
    ]);
    let sheet = sheet_xml(head, rows);
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", wb.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ];
    if let Some(s) = strings {
        parts.push(("xl/sharedStrings.xml", s.as_bytes()));
    }
    zip(&parts)
}

fn read(bytes: &[u8]) -> Result<Book, ReadError> {
    read_bytes(bytes, Path::new("hostile.xlsx"), &Limits::default()).map(|b| b.unwrap())
}

/// Read, and check it was quick.
fn read_quickly(bytes: &[u8]) -> Result<Book, ReadError> {
    let t = Instant::now();
    let r = read(bytes);
    assert!(t.elapsed() < QUICK, "took {:?}", t.elapsed());
    r
}

#[test]
fn a_declared_unique_count_is_not_trusted() {
    let strings = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4294967295" uniqueCount="4294967295"><si><t>北岭旗</t></si><si><t>南山县</t></si></sst>"#;
    let rows = r#"<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="s"><v>0</v></c></row>"#;
    let book = read_quickly(&one_sheet("", rows, Some(strings))).unwrap();
    let s = &book.sheets[0];
    assert_eq!(s.text(0, 0), "南山县");
    assert_eq!(s.text(0, 1), "北岭旗");
    assert_eq!(s.len(), 2);
}

#[test]
fn a_declared_dimension_is_not_trusted() {
    let rows = r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="B2"><v>2</v></c></row>"#;
    let book = read_quickly(&one_sheet(
        r#"<dimension ref="A1:XFD1048576"/>"#,
        rows,
        None,
    ))
    .unwrap();
    let s = &book.sheets[0];
    assert_eq!(s.len(), 2);
    assert_eq!(s.get(1, 1).unwrap().content, Content::Number(2.0));
}

#[test]
fn one_huge_shared_string_in_many_cells_is_too_large_quickly() {
    let big = "北".repeat(350_000); // about 1 MB
    let strings = format!(r#"<sst count="1" uniqueCount="1"><si><t>{big}</t></si></sst>"#);
    let mut rows = String::new();
    for r in 1..=100 {
        rows.push_str(&format!(r#"<row r="{r}">"#));
        for c in 0..100 {
            rows.push_str(&format!(
                r#"<c r="{}" t="s"><v>0</v></c>"#,
                assess::read::a1(r - 1, c)
            ));
        }
        rows.push_str("</row>");
    }
    let bytes = one_sheet("", &rows, Some(&strings));
    assert!(bytes.len() < 100_000, "{} bytes on disk", bytes.len());
    let e = read_quickly(&bytes).unwrap_err();
    assert_eq!(
        e,
        ReadError::TooLarge(Limit::TextBytes(Limits::default().text_bytes))
    );
}

#[test]
fn a_cell_in_xfd1048576_is_only_one_more_cell() {
    let rows = r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>远</t></is></c></row>"#;
    let book = read_quickly(&one_sheet("", rows, None)).unwrap();
    let s = &book.sheets[0];
    assert_eq!(s.len(), 2);
    assert_eq!(
        s.get(1_048_575, 16_383).unwrap().content,
        Content::Text("远".into())
    );
}

#[test]
fn a_bad_cell_reference_is_damage_naming_the_cell() {
    for (r, shown) in [
        ("ZZZZ99999999", "ZZZZ99999999"),
        ("A1048577", "A1048577"),
        ("XFE1", "XFE1"),
        ("1A", "1A"),
    ] {
        let rows = format!(r#"<row r="1"><c r="{r}"><v>1</v></c></row>"#);
        let e = read_quickly(&one_sheet("", &rows, None)).unwrap_err();
        assert!(
            matches!(&e, ReadError::Damaged(m) if m.contains(shown) && m.contains("\"S\"")),
            "{r}: {e:?}"
        );
    }
}

#[test]
fn a_missing_sheet_part_is_damage_naming_it() {
    let wb = workbook_xml(
        r#"<sheet name="调查表" sheetId="1" r:id="rId1"/><sheet name="填表说明" sheetId="2" r:id="rId2"/>"#,
        "",
    );
    let rels = rels_xml(&[
        ("rId1", "worksheet", "worksheets/sheet1.xml"),
        ("rId2", "worksheet", "worksheets/sheet2.xml"),
    ]);
    let sheet = sheet_xml("", r#"<row r="1"><c r="A1"><v>1</v></c></row>"#);
    let bytes = zip(&[
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", wb.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ]);
    let e = read_quickly(&bytes).unwrap_err();
    assert!(
        matches!(&e, ReadError::Damaged(m) if m.contains("xl/worksheets/sheet2.xml") && m.contains("填表说明")),
        "{e:?}"
    );
}

#[test]
fn a_shared_string_that_does_not_exist_is_damage_naming_the_cell() {
    let strings = r#"<sst><si><t>one</t></si></sst>"#;
    let rows = r#"<row r="3"><c r="C3" t="s"><v>7</v></c></row>"#;
    let e = read_quickly(&one_sheet("", rows, Some(strings))).unwrap_err();
    assert!(
        matches!(&e, ReadError::Damaged(m) if m.contains("C3") && m.contains('7')),
        "{e:?}"
    );
}

#[test]
fn sheets_in_order_hidden_and_chart_sheets_skipped_targets_resolved() {
    let wb = workbook_xml(
        r#"<sheet name="B" sheetId="1" r:id="rId1"/><sheet name="H" sheetId="2" state="hidden" r:id="rId2"/><sheet name="V" sheetId="3" state="veryHidden" r:id="rId2"/><sheet name="Chart" sheetId="4" r:id="rId3"/><sheet name="A &amp; Z" sheetId="5" r:id="rId4"/>"#,
        r#"<workbookPr date1904="1"/>"#,
    );
    let rels = rels_xml(&[
        ("rId1", "worksheet", "/xl/worksheets/b.xml"),
        ("rId2", "worksheet", "worksheets/h.xml"),
        ("rId3", "chartsheet", "chartsheets/sheet1.xml"),
        ("rId4", "worksheet", "../xl/worksheets/./a.xml"),
        ("rId5", "sharedStrings", "strings/shared.xml"),
        ("rId6", "styles", "look.xml"),
    ]);
    let styles = r#"<styleSheet><numFmts><numFmt numFmtId="200" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="200"/><xf numFmtId="9"/></cellXfs></styleSheet>"#;
    let b = sheet_xml(
        "",
        r#"<row><c t="s"><v>0</v></c><c s="1"><v>44011</v></c><c s="2"><v>0.125</v></c></row>"#,
    );
    let a = sheet_xml("", r#"<row r="2"><c r="B2"><v>2</v></c></row>"#);
    let bytes = zip(&[
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", wb.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/worksheets/b.xml", b.as_bytes()),
        ("xl/worksheets/a.xml", a.as_bytes()),
        (
            "xl/strings/shared.xml",
            br#"<sst><si><t>in B</t></si></sst>"#,
        ),
        ("xl/look.xml", styles.as_bytes()),
    ]);
    let book = read_quickly(&bytes).unwrap();
    let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["B", "A & Z"]);
    let b = &book.sheets[0];
    assert_eq!(b.get(0, 0).unwrap().content, Content::Text("in B".into()));
    assert_eq!(
        b.get(0, 1).unwrap().content,
        Content::Date("2024-06-30".into()),
        "1904 system, Chinese date format"
    );
    assert!(b.get(0, 2).unwrap().percent);
    assert_eq!(
        book.sheets[1].get(1, 1).unwrap().content,
        Content::Number(2.0)
    );
    assert_eq!(book.made_by, None);
}

#[test]
fn made_by_is_the_assess_custom_property() {
    let make = |props: Option<&str>| {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let mut doc =
            rust_xlsxwriter::DocProperties::new().set_custom_property("Checked by", "北岭旗");
        if let Some(p) = props {
            doc = doc.set_custom_property("assess", p);
        }
        wb.set_properties(&doc);
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "心血管内科").unwrap();
        ws.write_number(1, 0, 0.125).unwrap();
        wb.save_to_buffer().unwrap()
    };
    let book = read_quickly(&make(Some("report"))).unwrap();
    assert_eq!(book.made_by.as_deref(), Some("report"));
    assert_eq!(book.sheets[0].text(0, 0), "心血管内科");
    assert_eq!(read_quickly(&make(None)).unwrap().made_by, None);
}

/// CPU time of this thread so far (user + system), from /proc; zero where there is none.
fn thread_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    // Fields after the command name (which may hold spaces): utime and stime are 14 and 15.
    let rest = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<u64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0))
        .collect();
    let ticks = f.get(11).copied().unwrap_or(0) + f.get(12).copied().unwrap_or(0);
    Duration::from_millis(ticks * 10)
}

/// Reads standard-form.xlsx 2,000 times with our reader and with calamine's
/// `worksheet_range` on every sheet, in alternating rounds, and prints the best round of
/// each (wall and CPU time: the machine is shared). Run in release:
/// `cargo test --release --test read_xlsx -- --ignored --nocapture`
#[test]
#[ignore]
fn speed_against_calamine() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/submissions/standard-form.xlsx");
    let bytes = std::fs::read(&path).unwrap();
    let n = 2000;
    let time = |f: &mut dyn FnMut() -> usize| {
        let (t, c) = (Instant::now(), thread_cpu());
        let cells = (0..n).map(|_| f()).sum::<usize>();
        (t.elapsed(), thread_cpu() - c, cells)
    };
    let mut ours = |/* one read */| {
        let book = read_bytes(&bytes, &path, &Limits::default()).unwrap().unwrap();
        book.sheets.iter().map(|s| s.len()).sum::<usize>()
    };
    let mut theirs = || {
        let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(&bytes[..])).unwrap();
        wb.sheet_names()
            .iter()
            .map(|name| wb.worksheet_range(name).unwrap().used_cells().count())
            .sum::<usize>()
    };
    let (mut best_ours, mut best_theirs) = (
        (Duration::MAX, Duration::MAX, 0),
        (Duration::MAX, Duration::MAX, 0),
    );
    for _ in 0..3 {
        let o = time(&mut ours);
        let t = time(&mut theirs);
        assert_eq!(o.2, t.2, "both read the same cells");
        best_ours = (best_ours.0.min(o.0), best_ours.1.min(o.1), o.2);
        best_theirs = (best_theirs.0.min(t.0), best_theirs.1.min(t.1), t.2);
    }
    println!(
        "{n} reads of standard-form.xlsx ({} cells), best of 3 rounds: ours {:?} wall, {:?} CPU; calamine worksheet_range {:?} wall, {:?} CPU",
        best_ours.2, best_ours.0, best_ours.1, best_theirs.0, best_theirs.1
    );
}
