//! The .ods reader checked two ways: against calamine on the .ods fixtures, wherever the two
//! agree on a cell's type; and on hostile packages built here, whose declared repeats
//! (`number-columns-repeated`, `number-rows-repeated`, `text:c`) ask for billions of cells or
//! bytes and must be refused quickly, plus hidden sheets and the `assess` property.

use assess::read::{read_bytes, Book, Content, Limit, Limits, ReadError};
use calamine::{Data, Reader};
use std::io::{Cursor, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// Generous for a debug build on a shared machine; the reader takes milliseconds.
const QUICK: Duration = Duration::from_secs(5);

/// Compare our reading of an .ods with calamine's. Returns (cells compared, cells where the
/// two readers give different types, which are not compared).
fn compare_with_calamine(name: &str, bytes: &[u8]) -> (usize, usize) {
    let book = read_bytes(bytes, Path::new(name), &Limits::default())
        .unwrap()
        .unwrap();
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .unwrap_or_else(|e| panic!("{name}: calamine: {e}"));
    let visible: Vec<String> = wb
        .sheets_metadata()
        .iter()
        .filter(|m| m.visible == calamine::SheetVisible::Visible)
        .map(|m| m.name.clone())
        .collect();
    let ours: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(ours, visible, "{name}: sheets");
    let (mut compared, mut other) = (0, 0);
    for sheet in &book.sheets {
        let range = wb.worksheet_range(&sheet.name).unwrap();
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let at = |r: u32, c: u32| format!("{name} {}!{}", sheet.name, assess::read::a1(r, c));
        for (r, c, v) in range.used_cells() {
            let (r, c) = (r0 + r as u32, c0 + c as u32);
            let cell = sheet
                .get(r, c)
                .unwrap_or_else(|| panic!("{}: calamine has {v:?}, we have nothing", at(r, c)));
            let ok = match (v, &cell.content) {
                (Data::Float(f), Content::Number(n)) => (f - n).abs() <= 1e-9 * f.abs().max(1.0),
                (Data::Int(i), Content::Number(n)) => (*i as f64 - n).abs() <= 1e-9,
                (Data::String(s), Content::Text(t)) => s == t,
                (Data::Bool(b), Content::Bool(x)) => b == x,
                (Data::DateTimeIso(d), Content::Date(s)) => d == s,
                _ => {
                    other += 1;
                    continue;
                }
            };
            assert!(ok, "{}: calamine {v:?}, ours {:?}", at(r, c), cell.content);
            compared += 1;
        }
        for (r, c, cell) in sheet.cells() {
            if cell.content != Content::Empty {
                let v = range.get_value((r, c)).unwrap_or(&Data::Empty);
                assert!(*v != Data::Empty, "{}: ours {cell:?} is extra", at(r, c));
            }
        }
    }
    (compared, other)
}

#[test]
fn every_ods_fixture_reads_as_calamine_reads_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut total = 0;
    for p in [
        "template/resaved.ods",
        "submissions/北岭旗/北岭旗中医医院/骨科.ods",
    ] {
        let bytes = std::fs::read(root.join(p)).unwrap();
        let (compared, other) = compare_with_calamine(p, &bytes);
        assert!(compared > 100, "{p}: only {compared} cells compared");
        assert!(other * 20 < compared, "{p}: {other} cells of other types");
        total += compared;
    }
    assert!(total > 300);
}

// ---------------------------------------------------------------------------------------------
// Hostile packages

const NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3""#;

fn ods(tables: &str, meta: Option<&str>) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {NS}><office:automatic-styles><style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style><style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style></office:automatic-styles><office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"#
    );
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("mimetype", stored).unwrap();
    w.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    w.start_file("META-INF/manifest.xml", deflated).unwrap();
    w.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#)
        .unwrap();
    w.start_file("content.xml", deflated).unwrap();
    w.write_all(content.as_bytes()).unwrap();
    if let Some(props) = meta {
        w.start_file("meta.xml", deflated).unwrap();
        w.write_all(
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><office:document-meta {NS}><office:meta><meta:generator>LibreOffice</meta:generator>{props}</office:meta></office:document-meta>"#)
                .as_bytes(),
        )
        .unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn table(name: &str, rows: &str) -> String {
    format!(r#"<table:table table:name="{name}" table:style-name="ta1">{rows}</table:table>"#)
}

const FILLED: &str = r#"<table:table-cell office:value-type="float" office:value="12.5"><text:p>12.5</text:p></table:table-cell>"#;

/// Read, and check it was quick.
fn read_quickly(bytes: &[u8]) -> Result<Book, ReadError> {
    let t = Instant::now();
    let r = read_bytes(bytes, Path::new("hostile.ods"), &Limits::default()).map(|b| b.unwrap());
    assert!(t.elapsed() < QUICK, "took {:?}", t.elapsed());
    r
}

fn too_many_cells() -> ReadError {
    ReadError::TooLarge(Limit::Cells(Limits::default().cells))
}

#[test]
fn a_filled_cell_repeated_a_billion_columns_is_too_large_quickly() {
    let rows = r#"<table:table-row><table:table-cell table:number-columns-repeated="1000000000" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>"#;
    let bytes = ods(&table("S", rows), None);
    assert_eq!(read_quickly(&bytes).unwrap_err(), too_many_cells());
}

#[test]
fn a_filled_row_repeated_a_billion_times_is_too_large_quickly() {
    let rows = format!(
        r#"<table:table-row table:number-rows-repeated="1000000000"><table:table-cell/>{FILLED}</table:table-row>"#
    );
    let bytes = ods(&table("S", &rows), None);
    assert_eq!(read_quickly(&bytes).unwrap_err(), too_many_cells());
}

#[test]
fn two_billion_spaces_are_too_large_quickly() {
    let rows = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>北<text:s text:c="2000000000"/>山</text:p></table:table-cell></table:table-row>"#;
    let bytes = ods(&table("S", rows), None);
    assert_eq!(
        read_quickly(&bytes).unwrap_err(),
        ReadError::TooLarge(Limit::TextBytes(Limits::default().text_bytes))
    );
}

#[test]
fn empty_repeats_only_move_the_position() {
    // What LibreOffice writes after the last filled row and column, and a far filled cell.
    let rows = format!(
        r#"<table:table-row>{FILLED}<table:table-cell table:number-columns-repeated="16383"/></table:table-row><table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="16384"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="16383"/>{FILLED}</table:table-row>"#
    );
    let book = read_quickly(&ods(&table("S", &rows), None)).unwrap();
    let s = &book.sheets[0];
    assert_eq!(s.len(), 2);
    assert_eq!(s.get(0, 0).unwrap().content, Content::Number(12.5));
    assert_eq!(
        s.get(1_048_575, 16_383).unwrap().content,
        Content::Number(12.5)
    );
}

#[test]
fn a_hidden_sheet_is_skipped_as_calamine_skips_it() {
    let shown = table(
        "调查表",
        &format!("<table:table-row>{FILLED}</table:table-row>"),
    );
    let hidden = format!(
        r#"<table:table table:name="隐藏" table:style-name="ta2"><table:table-row>{FILLED}</table:table-row></table:table>"#
    );
    let notes = table(
        "填表说明",
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>南山县</text:p></table:table-cell></table:table-row>"#,
    );
    let tables = format!("{shown}{hidden}{notes}");
    let bytes = ods(&tables, None);
    let book = read_quickly(&bytes).unwrap();
    let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["调查表", "填表说明"]);
    let (compared, _) = compare_with_calamine("hidden.ods", &bytes);
    assert_eq!(compared, 2);
}

#[test]
fn made_by_is_the_assess_user_defined_property() {
    let rows = format!("<table:table-row>{FILLED}</table:table-row>");
    let with = ods(
        &table("S", &rows),
        Some(
            r#"<meta:user-defined meta:name="AppVersion">12.0000</meta:user-defined><meta:user-defined meta:name="assess">report</meta:user-defined>"#,
        ),
    );
    assert_eq!(
        read_quickly(&with).unwrap().made_by.as_deref(),
        Some("report")
    );
    let without = ods(
        &table("S", &rows),
        Some(r#"<meta:user-defined meta:name="AppVersion">12.0000</meta:user-defined>"#),
    );
    assert_eq!(read_quickly(&without).unwrap().made_by, None);
    assert_eq!(
        read_quickly(&ods(&table("S", &rows), None))
            .unwrap()
            .made_by,
        None
    );
}
