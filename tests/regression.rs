//! Regression tests from fuzzing: every input the fuzz targets in `fuzz/` start from, and every
//! input that once crashed one, read through the same whole path as the targets read them
//! (`read_bytes`, then `load_bytes` through the locator and the value parser), without a panic
//! and with at most one `file-unreadable` diagnostic. A crash found by fuzzing gets a test of
//! its own here, named after it, with the input embedded; `fuzz/README.md` lists them.

use assess::diag::Finding;
use assess::load::{load_bytes, LoadOptions};
use assess::read::{read_bytes, Limits, ReadError};
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

fn options() -> LoadOptions {
    LoadOptions {
        today: (2025, 3, 1),
        ..LoadOptions::default()
    }
}

/// What the fuzz targets check, for one input read as the file `name`.
fn whole_path(bytes: &[u8], name: &str, opts: &LoadOptions) {
    let read = std::panic::catch_unwind(|| read_bytes(bytes, Path::new(name), &Limits::default()));
    match read {
        Err(_) => panic!("{name}: the reader panicked through its guard"),
        Ok(Err(ReadError::Panic(m))) => panic!("{name}: the reader panicked: {m}"),
        Ok(_) => {}
    }
    let out = std::panic::catch_unwind(|| load_bytes(bytes, name, opts))
        .unwrap_or_else(|_| panic!("{name}: loading panicked through its guard"));
    for d in &out.diagnostics {
        if let Finding::Unreadable(ReadError::Panic(m)) = &d.finding {
            panic!("{name}: loading panicked: {m}");
        }
    }
    let unreadable = out
        .diagnostics
        .iter()
        .filter(|d| d.rule().id() == "file-unreadable")
        .count();
    assert!(unreadable <= 1, "{name}: {unreadable} file-unreadable");
}

// ---------------------------------------------------------------------------------------------
// The inputs as the fuzz targets build them (see fuzz/fuzz_targets/*.rs)

fn parts(data: &[u8]) -> Vec<&[u8]> {
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

fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
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

/// The file a target reads for an input: its bytes and its name.
fn as_target_reads(target: &str, data: &[u8]) -> Option<(Vec<u8>, String)> {
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
            let mut cf = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
            cf.create_stream("/Workbook")
                .unwrap()
                .write_all(data)
                .unwrap();
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

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    out.sort();
    out
}

/// Every seed of the corpus the fuzzers start from, and every input kept in
/// `fuzz/regressions/<target>/` (crashes, timeouts and out-of-memory inputs once found).
#[test]
fn fuzz_corpus_and_kept_crashes_read_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let opts = options();
    let mut read = 0;
    for target in ["xlsx", "xls", "ods", "csv", "locate"] {
        for dir in ["corpus", "regressions"] {
            for path in files_under(&root.join(dir).join(target)) {
                let data = std::fs::read(&path).unwrap();
                let Some((bytes, name)) = as_target_reads(target, &data) else {
                    continue;
                };
                let started = std::time::Instant::now();
                whole_path(&bytes, &name, &opts);
                assert!(
                    started.elapsed() < std::time::Duration::from_secs(20),
                    "{}: {:?}",
                    path.display(),
                    started.elapsed()
                );
                read += 1;
            }
        }
    }
    assert!(read >= 15, "only {read} inputs");
}

/// The value target's checks on its corpus and kept inputs: values finite and within the
/// bound, periods real and read back as themselves, file names read without panic.
#[test]
fn value_corpus_and_kept_crashes_parse_cleanly() {
    use assess::form::Form;
    use assess::period::{classify_header, HeaderCell, Period};
    use assess::value::{parse_text, MAX_VALUE};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let names = assess::names::Names::builtin();
    let check = |p: Period| {
        assert!((1..=12).contains(&p.from) && (p.from..=12).contains(&p.to));
        assert_eq!(Period::parse(&p.to_string()), Some(p));
    };
    let mut read = 0;
    for dir in ["corpus", "regressions"] {
        for path in files_under(&root.join(dir).join("value")) {
            let Ok(text) = String::from_utf8(std::fs::read(&path).unwrap()) else {
                continue;
            };
            for item in Form::builtin_static().items() {
                if let Some(v) = parse_text(&text, item).value {
                    assert!(v.is_finite() && v.abs() <= MAX_VALUE, "{text:?}: {v}");
                }
            }
            match classify_header(&text) {
                Some(HeaderCell::Period { period, .. }) => check(period),
                Some(HeaderCell::Target { period: Some(p) }) => check(p),
                _ => {}
            }
            if let Some(p) = Period::parse(&text) {
                check(p);
            }
            let mut folders: Vec<String> = text.split('/').map(str::to_string).collect();
            let stem = folders.pop().unwrap_or_default();
            let _ = names.from_path(&stem, &folders);
            read += 1;
        }
    }
    assert!(read >= 20, "only {read} inputs");
}
