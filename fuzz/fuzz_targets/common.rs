//! What every fuzz target shares: how an input becomes the file a target reads, the options
//! built once, the whole path through reading, locating and parsing, and the checks that turn
//! a swallowed panic into a crash. `tests/regression.rs` includes this file too, so the corpus
//! replayed in `cargo test` is read and checked exactly as the fuzzers read and check it.
//!
//! `read_bytes` and `load_bytes` run under a panic guard that turns a panic into a
//! `file-unreadable` diagnostic; for fuzzing that is still a bug, so a `Panic` error is
//! re-raised here (libFuzzer's panic hook aborts on the first panic anyway).

#![allow(dead_code)] // each target, and the regression test, uses its own subset

use assess::load::{load_bytes, LoadOptions};
use assess::read::{read_bytes, Limits, ReadError};
use std::path::Path;
use std::sync::OnceLock;

pub fn options() -> &'static LoadOptions {
    static OPTS: OnceLock<LoadOptions> = OnceLock::new();
    OPTS.get_or_init(|| LoadOptions {
        today: (2025, 3, 1),
        ..LoadOptions::default()
    })
}

/// Read `bytes` as the file `name`, then load it through the locator and the value parser.
pub fn whole_path(bytes: &[u8], name: &str) {
    match read_bytes(bytes, Path::new(name), &Limits::default()) {
        Err(ReadError::Panic(m)) => panic!("{name}: reader panicked: {m}"),
        Ok(Some(book)) => {
            for s in &book.sheets {
                // Every cell is reachable and in row-major order.
                let mut last = None;
                for (r, c, _) in s.cells() {
                    assert!(
                        last < Some((r, c)),
                        "{name}: cells out of order in {:?}",
                        s.name
                    );
                    last = Some((r, c));
                }
            }
        }
        _ => {}
    }
    let out = load_bytes(bytes, name, options());
    for d in &out.diagnostics {
        if let assess::diag::Finding::Unreadable(ReadError::Panic(m)) = &d.finding {
            panic!("{name}: load panicked: {m}");
        }
    }
    let unreadable = out
        .diagnostics
        .iter()
        .filter(|d| d.rule().id() == "file-unreadable")
        .count();
    assert!(
        unreadable <= 1,
        "{name}: {unreadable} file-unreadable diagnostics"
    );
}

/// Split a structured input into parts at `\n--PART--\n`.
pub fn parts(data: &[u8]) -> Vec<&[u8]> {
    const SEP: &[u8] = b"\n--PART--\n";
    let mut out = Vec::new();
    let mut rest = data;
    while let Some(i) = rest.windows(SEP.len()).position(|w| w == SEP) {
        out.push(&rest[..i]);
        rest = &rest[i + SEP.len()..];
    }
    out.push(rest);
    out
}

/// A zip of these parts, stored uncompressed (so that what the fuzzer changes is the XML and
/// not a checksum).
pub fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in parts {
        w.start_file(*name, stored).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const XLSX_ROOT_RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>"#;
const XLSX_PARTS: [&str; 7] = [
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/worksheets/sheet1.xml",
    "xl/sharedStrings.xml",
    "xl/styles.xml",
    "xl/worksheets/sheet2.xml",
    "docProps/custom.xml",
];
const ODS_MANIFEST: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
const ODS_PARTS: [&str; 3] = ["content.xml", "meta.xml", "styles.xml"];
const OLE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// The file a target reads for an input: its bytes and its name; `None` for an input the
/// target skips (a grid the CSV writer refuses).
pub fn input(target: &str, data: &[u8]) -> Option<(Vec<u8>, String)> {
    input_of(target, data)
}

fn input_of(target: &str, data: &[u8]) -> Option<(Vec<u8>, String)> {
    Some(match target {
        "xlsx" if data.starts_with(b"PK") => (data.to_vec(), "fuzz.xlsx".into()),
        "xlsx" => {
            let mut files: Vec<(&str, &[u8])> = vec![("_rels/.rels", XLSX_ROOT_RELS)];
            files.extend(XLSX_PARTS.iter().copied().zip(parts(data)));
            (zip(&files), "fuzz.xlsx".into())
        }
        "ods" if data.starts_with(b"PK") => (data.to_vec(), "fuzz.ods".into()),
        "ods" => {
            let mut files: Vec<(&str, &[u8])> = vec![
                (
                    "mimetype",
                    b"application/vnd.oasis.opendocument.spreadsheet",
                ),
                ("META-INF/manifest.xml", ODS_MANIFEST),
            ];
            files.extend(ODS_PARTS.iter().copied().zip(parts(data)));
            (zip(&files), "fuzz.ods".into())
        }
        "xls" if data.starts_with(OLE) => (data.to_vec(), "fuzz.xls".into()),
        "xls" => {
            let mut cf = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
            std::io::Write::write_all(&mut cf.create_stream("/Workbook").unwrap(), data).unwrap();
            cf.flush().unwrap();
            (cf.into_inner().into_inner(), "fuzz.xls".into())
        }
        "csv" => (data.to_vec(), "fuzz.csv".into()),
        "locate" => {
            let text = String::from_utf8_lossy(data);
            let mut lines = text.split('\n').peekable();
            let mut name = "fuzz".to_string();
            if let Some(n) = lines.peek().and_then(|l| l.strip_prefix('@')) {
                name = n.replace(['/', '\\', '\0'], "_").chars().take(80).collect();
                lines.next();
            }
            let mut w = csv::WriterBuilder::new()
                .flexible(true)
                .from_writer(Vec::new());
            for line in lines {
                w.write_record(line.split('\t')).ok()?;
            }
            (w.into_inner().ok()?, format!("{name}.csv"))
        }
        _ => return None,
    })
}

/// What the value target checks of one text: each item's value finite and within the bound,
/// an `Ok` value present, a period read as a real one that reads back as itself, and a file
/// name with folders (`/` between them) read for its unit without a panic.
pub fn check_text(text: &str) {
    use assess::form::Form;
    use assess::period::{classify_header, HeaderCell, Period};
    use assess::value::{parse_text, Status, MAX_VALUE};
    let check_period = |p: Period| {
        assert!(
            (1..=12).contains(&p.from) && (p.from..=12).contains(&p.to),
            "{text:?}: {p:?}"
        );
        assert_eq!(Period::parse(&p.to_string()), Some(p), "{text:?}: {p:?}");
    };
    for item in Form::builtin_static().items() {
        let p = parse_text(text, item);
        if let Some(v) = p.value() {
            assert!(v.is_finite() && v.abs() <= MAX_VALUE, "{text:?} → {v}");
        }
        if p.status == Status::Ok {
            assert!(p.value().is_some(), "{text:?}: ok without a value");
        }
    }
    match classify_header(text) {
        Some(HeaderCell::Period { period, .. }) => check_period(period),
        Some(HeaderCell::Target { period: Some(p) }) => check_period(p),
        _ => {}
    }
    if let Some(p) = Period::parse(text) {
        check_period(p);
    }
    static NAMES: OnceLock<assess::names::Names> = OnceLock::new();
    let mut folders: Vec<String> = text.split('/').map(str::to_string).collect();
    let stem = folders.pop().unwrap_or_default();
    let _ = NAMES
        .get_or_init(assess::names::Names::builtin)
        .from_path(&stem, &folders);
}
