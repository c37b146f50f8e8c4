//! Hostile input through the binary, one test per class of the issue "one broken file never
//! stops a batch; hostile files stay small". Each test crafts its file (small on disk), puts it
//! next to a good survey, runs `assess` and checks: the exit status, exactly one diagnostic for
//! the bad file, the good survey still read (its unit and its values), and — where memory is the
//! point — the peak resident memory of the process (GNU `time -f %M`; where it is missing, the
//! highest `VmHWM` seen in `/proc` while the process ran): under 256 MB for one file up to
//! 20 MB, under 512 MB for a whole batch.
//!
//! The small hostile files added to `fixtures/broken/` are made by [`broken_fixtures`] here
//! (`UPDATE_FIXTURES=1 cargo test --test hostile broken_fixtures` rewrites them).

mod common;
use common::root;

use serde_json::Value;
use std::ffi::{OsStr, OsString};
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One input file up to 20 MB, with the good survey beside it.
const FILE_MB: u64 = 256;
/// A whole batch, whatever it holds.
const BATCH_MB: u64 = 512;
/// Long enough for a debug build on a shared machine; a hang is far longer.
const TIMEOUT: Duration = Duration::from_secs(120);

// ---------------------------------------------------------------------------------------------
// Running the binary

struct Run {
    /// `None` when the process was killed (timeout or signal).
    code: Option<i32>,
    stdout: String,
    stderr: String,
    /// Peak resident memory in MB.
    peak_mb: Option<u64>,
}

impl Run {
    fn json(&self) -> Vec<Value> {
        match serde_json::from_str::<Value>(&self.stdout) {
            Ok(Value::Array(a)) => a,
            _ => panic!(
                "not a JSON array (exit {:?}):\n{}\n{}",
                self.code, self.stdout, self.stderr
            ),
        }
    }

    /// Assert the peak memory, when it could be measured (always on Linux).
    fn peak_under(&self, mb: u64, what: &str) -> u64 {
        let peak = match self.peak_mb {
            Some(p) => p,
            // Linux always has /proc, if not GNU time.
            None if cfg!(target_os = "linux") => panic!("{what}: peak memory not measured"),
            None => 0,
        };
        assert!(peak < mb, "{what}: peak {peak} MB, over {mb} MB");
        eprintln!("{what}: peak {peak} MB");
        peak
    }
}

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_assess"))
}

/// Run `assess ARGS` in `cwd` with a timeout, measuring its peak memory.
fn run_in(cwd: &Path, args: &[&OsStr]) -> Run {
    run_with(cwd, args, TIMEOUT)
}

fn run_with(cwd: &Path, args: &[&OsStr], timeout: Duration) -> Run {
    let scratch = tempfile::tempdir().unwrap();
    let (out, err, mem) = (
        scratch.path().join("out"),
        scratch.path().join("err"),
        scratch.path().join("mem"),
    );
    let time = Path::new("/usr/bin/time");
    let timed = time.exists();
    let mut cmd = if timed {
        let mut c = Command::new(time);
        c.arg("-f").arg("%M").arg("-o").arg(&mem).arg(bin());
        c
    } else {
        Command::new(bin())
    };
    cmd.args(args)
        .current_dir(cwd)
        .env("COLUMNS", "100")
        .env("ASSESS_TODAY", "2025-03-01")
        .env_remove("ASSESS_LANG")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut cmd, 0);
    let mut child = cmd.spawn().unwrap();
    let start = Instant::now();
    let mut hwm_kb = 0u64;
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break Some(s);
        }
        if !timed {
            hwm_kb = hwm_kb.max(vm_hwm_kb(child.id()).unwrap_or(0));
        }
        if start.elapsed() > timeout {
            // The whole group: /usr/bin/time and assess under it.
            let _ = Command::new("kill")
                .args(["-KILL", &format!("-{}", child.id())])
                .status();
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    let status = status.unwrap_or_else(|| {
        panic!(
            "assess {:?} did not end within {timeout:?}",
            args.iter().map(|a| a.to_string_lossy()).collect::<Vec<_>>()
        )
    });
    let peak_mb = if timed {
        std::fs::read_to_string(&mem)
            .ok()
            .and_then(|s| s.lines().last().and_then(|l| l.trim().parse::<u64>().ok()))
            .map(|kb| kb.div_ceil(1024))
    } else {
        (hwm_kb > 0).then(|| hwm_kb.div_ceil(1024))
    };
    let stderr = std::fs::read_to_string(&err).unwrap_or_default();
    // GNU time reports a signal as a line of its own and exits 128+N.
    let code = if stderr.contains("Command terminated by signal") {
        None
    } else {
        status.code()
    };
    Run {
        code,
        stdout: String::from_utf8_lossy(&std::fs::read(&out).unwrap()).into_owned(),
        stderr,
        peak_mb,
    }
}

fn vm_hwm_kb(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn os<S: AsRef<OsStr> + ?Sized>(s: &S) -> &OsStr {
    s.as_ref()
}

/// `assess validate PATHS --format json` from the repository root.
fn validate(paths: &[&Path]) -> (Run, Vec<Value>) {
    let mut args: Vec<&OsStr> = vec![os("validate")];
    args.extend(paths.iter().map(|p| p.as_os_str()));
    args.extend([os("--format"), os("json")]);
    let run = run_in(&root(), &args);
    let json = run.json();
    (run, json)
}

/// The diagnostics about one file (its path ends with `name`).
fn about<'a>(diags: &'a [Value], name: &str) -> Vec<&'a Value> {
    diags
        .iter()
        .filter(|d| d["file"].as_str().is_some_and(|f| f.ends_with(name)))
        .collect()
}

/// Exactly one diagnostic for `name`, of this rule; returns its message.
fn one(diags: &[Value], name: &str, rule: &str) -> String {
    let found = about(diags, name);
    assert_eq!(found.len(), 1, "{name}: {found:#?}");
    assert_eq!(found[0]["rule"], rule, "{name}: {:#}", found[0]);
    found[0]["message"].as_str().unwrap().to_string()
}

// ---------------------------------------------------------------------------------------------
// The good survey

const GOOD: &str = "standard-form.xlsx";

/// A folder holding the good survey.
fn with_good() -> tempfile::TempDir {
    let d = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("fixtures/submissions").join(GOOD),
        d.path().join(GOOD),
    )
    .unwrap();
    d
}

/// The good survey was read: no error about it, and `extract` gives its unit and all 138
/// values (69 items, two periods), the first one exactly.
fn assert_good_read(diags: &[Value], paths: &[&Path]) {
    let errors: Vec<_> = about(diags, GOOD)
        .into_iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "the good survey has errors: {errors:#?}");
    let mut args: Vec<&OsStr> = vec![os("extract")];
    args.extend(paths.iter().map(|p| p.as_os_str()));
    let run = run_in(&root(), &args);
    let rows: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.contains(GOOD) && l.contains(",北岭旗,北岭旗人民医院,心血管内科,"))
        .collect();
    assert_eq!(rows.len(), 138, "extract:\n{}\n{}", run.stdout, run.stderr);
    assert!(
        rows.iter()
            .any(|l| l.contains(",2023年1-6月,1,1.1.1,科室业务用房面积,1374,ok,")),
        "{rows:#?}"
    );
}

/// Validate a folder holding the good survey and `bad` (written by the test), expect exactly
/// one diagnostic of `rule` for it, and the good survey read. Returns the message and the peak.
fn one_bad_file(name: &str, bytes: &[u8], rule: &str) -> (String, u64) {
    let d = with_good();
    std::fs::write(d.path().join(name), bytes).unwrap();
    let (run, diags) = validate(&[d.path()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let msg = one(&diags, name, rule);
    let peak = run.peak_under(FILE_MB, name);
    assert_good_read(&diags, &[d.path()]);
    (msg, peak)
}

// ---------------------------------------------------------------------------------------------
// Building workbooks

fn zip_parts(parts: &[(&str, &[u8])], stored: bool) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let method = if stored {
        zip::CompressionMethod::Stored
    } else {
        zip::CompressionMethod::Deflated
    };
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(method)
        .large_file(false);
    for (name, data) in parts {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// An .xlsx of these sheets (name, the XML inside `<sheetData>`, what goes before it) and
/// this shared-string part.
fn xlsx(sheets: &[(String, String, String)], sst: Option<&str>, stored: bool) -> Vec<u8> {
    let mut wb = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"#,
    );
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for (i, (name, data, head)) in sheets.iter().enumerate() {
        let n = i + 1;
        wb.push_str(&format!(
            r#"<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>"#
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="{REL}/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        ));
        parts.push((
            format!("xl/worksheets/sheet{n}.xml"),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{head}<sheetData>{data}</sheetData></worksheet>"#
            )
            .into_bytes(),
        ));
    }
    wb.push_str("</sheets></workbook>");
    rels.push_str(&format!(
        r#"<Relationship Id="rIdS" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#
    ));
    let mut all: Vec<(&str, &[u8])> = vec![
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("xl/workbook.xml", wb.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
    ];
    if let Some(s) = sst {
        all.push(("xl/sharedStrings.xml", s.as_bytes()));
    }
    for (n, d) in &parts {
        all.push((n, d));
    }
    zip_parts(&all, stored)
}

fn sst_xml(count: &str, unique: &str, strings: &[&str]) -> String {
    let mut s = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{count}" uniqueCount="{unique}">"#
    );
    for t in strings {
        s.push_str(&format!("<si><t>{t}</t></si>"));
    }
    s + "</sst>"
}

/// `A`, `B` … `XFD`.
fn col(mut c: u32) -> String {
    let mut s = Vec::new();
    c += 1;
    while c > 0 {
        s.push(b'A' + ((c - 1) % 26) as u8);
        c = (c - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

/// Rewrite the parts of a package (here: the good survey) through `edit`.
fn rewrite_package(bytes: &[u8], edit: impl Fn(&str, Vec<u8>) -> Vec<u8>) -> Vec<u8> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        let name = f.name().unwrap().into_owned();
        let data = edit(&name, data);
        parts.push((name, data));
    }
    let refs: Vec<(&str, &[u8])> = parts.iter().map(|(n, d)| (n.as_str(), &d[..])).collect();
    zip_parts(&refs, false)
}

fn good_bytes() -> Vec<u8> {
    std::fs::read(root().join("fixtures/submissions").join(GOOD)).unwrap()
}

/// The good survey with a text replaced in its shared strings.
fn good_with_string(from: &str, to: &str) -> Vec<u8> {
    rewrite_package(&good_bytes(), |name, data| {
        if name == "xl/sharedStrings.xml" {
            let s = String::from_utf8(data).unwrap();
            assert!(s.contains(from), "{from} is not in the shared strings");
            s.replacen(from, to, 1).into_bytes()
        } else {
            data
        }
    })
}

// .xls: BIFF8 records in a compound file.

fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut v = typ.to_le_bytes().to_vec();
    v.extend((data.len() as u16).to_le_bytes());
    v.extend(data);
    v
}

fn bof(dt: u16) -> Vec<u8> {
    let mut d = 0x0600u16.to_le_bytes().to_vec();
    d.extend(dt.to_le_bytes());
    d.extend([0; 12]);
    rec(0x0809, &d)
}

fn eof() -> Vec<u8> {
    rec(0x000A, &[])
}

fn number(row: u16, col: u16, v: f64) -> Vec<u8> {
    let mut d = [row.to_le_bytes(), col.to_le_bytes(), 0u16.to_le_bytes()].concat();
    d.extend(v.to_le_bytes());
    rec(0x0203, &d)
}

fn label(row: u16, col: u16, s: &str) -> Vec<u8> {
    let mut d = [row.to_le_bytes(), col.to_le_bytes(), 0u16.to_le_bytes()].concat();
    d.extend((s.encode_utf16().count() as u16).to_le_bytes());
    d.push(1);
    d.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
    rec(0x0204, &d)
}

/// DIMENSIONS (BIFF8): first row, last row + 1, first column, last column + 1.
fn dimensions(rows: u32, cols: u16) -> Vec<u8> {
    let mut d = 0u32.to_le_bytes().to_vec();
    d.extend(rows.to_le_bytes());
    d.extend(0u16.to_le_bytes());
    d.extend(cols.to_le_bytes());
    d.extend([0, 0]);
    rec(0x0200, &d)
}

/// A BIFF8 workbook of sheets (name as UTF-16 units, its records), in a compound file.
fn xls(sheets: &[(Vec<u16>, Vec<Vec<u8>>)]) -> Vec<u8> {
    let bound = |pos: u32, name: &[u16]| {
        let mut d = pos.to_le_bytes().to_vec();
        d.extend([0, 0, name.len() as u8, 1]);
        d.extend(name.iter().flat_map(|u| u.to_le_bytes()));
        rec(0x0085, &d)
    };
    let head_len =
        bof(5).len() + sheets.iter().map(|(n, _)| bound(0, n).len()).sum::<usize>() + eof().len();
    let mut out = bof(5);
    let mut pos = head_len;
    let mut bodies = Vec::new();
    for (name, records) in sheets {
        out.extend(bound(pos as u32, name));
        let body = [bof(0x10), records.concat(), eof()].concat();
        pos += body.len();
        bodies.extend(body);
    }
    out.extend(eof());
    out.extend(bodies);
    // Version 3 (512-byte sectors), as Excel writes .xls: a small file stays small.
    let mut cf =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, Cursor::new(Vec::new())).unwrap();
    cf.create_stream("/Workbook")
        .unwrap()
        .write_all(&out)
        .unwrap();
    cf.flush().unwrap();
    cf.into_inner().into_inner()
}

fn utf16(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

// .ods

const ODS_NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.3""#;

fn ods(rows: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS}><office:body><office:spreadsheet><table:table table:name="S">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    w.start_file("mimetype", stored).unwrap();
    w.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    w.start_file("content.xml", deflated).unwrap();
    w.write_all(content.as_bytes()).unwrap();
    w.finish().unwrap().into_inner()
}

// ---------------------------------------------------------------------------------------------
// The hostile files, as the tests and `fixtures/broken/` use them

fn header_only_csv() -> Vec<u8> {
    "序号,三级指标,2024年1-6月\n".as_bytes().to_vec()
}

/// A shared-string table declaring 2³² strings, holding two, referenced by two cells.
fn sst_unique_count_2_32() -> Vec<u8> {
    let sst = sst_xml("4294967296", "4294967296", &["北岭旗", "南山县"]);
    let rows = r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>"#;
    xlsx(
        &[("S".into(), rows.into(), String::new())],
        Some(&sst),
        false,
    )
}

/// A sheet declaring A1:XFD1048576, with a cell in each corner.
fn dimension_a1_xfd1048576() -> Vec<u8> {
    let rows = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>北山县</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#;
    xlsx(
        &[(
            "S".into(),
            rows.into(),
            r#"<dimension ref="A1:XFD1048576"/>"#.into(),
        )],
        None,
        false,
    )
}

/// One shared string of `mb` MB referenced by `cells` cells.
fn shared_string_amplified(mb: usize, cells: u32) -> Vec<u8> {
    let big = "北".repeat(mb * 1024 * 1024 / 3);
    let sst = sst_xml("1", "1", &[&big]);
    let mut rows = String::new();
    for r in 0..cells / 100 {
        rows.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for c in 0..100 {
            rows.push_str(&format!(r#"<c r="{}{}" t="s"><v>0</v></c>"#, col(c), r + 1));
        }
        rows.push_str("</row>");
    }
    xlsx(&[("S".into(), rows, String::new())], Some(&sst), false)
}

/// `sheets` sheets of `rows` × 10 numeric cells, stored uncompressed (about 28 bytes a cell).
fn many_sheets_many_cells(sheets: usize, rows: u32) -> Vec<u8> {
    let mut data = String::new();
    for r in 0..rows {
        data.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for c in 0..10u32 {
            data.push_str(&format!(
                r#"<c r="{}{}"><v>{}.5</v></c>"#,
                col(c),
                r + 1,
                (r * 10 + c) % 9973
            ));
        }
        data.push_str("</row>");
    }
    let all: Vec<(String, String, String)> = (0..sheets)
        .map(|i| (format!("S{i}"), data.clone(), String::new()))
        .collect();
    xlsx(&all, None, true)
}

fn xls_cell_column_65535() -> Vec<u8> {
    xls(&[(
        utf16("Sheet1"),
        vec![
            label(0, 0, "北岭旗"),
            number(0, 65535, 1.0),
            number(65535, 65535, 2.0),
        ],
    )])
}

fn xls_dimensions_2_32() -> Vec<u8> {
    xls(&[(
        utf16("Sheet1"),
        vec![dimensions(u32::MAX, 0xFFFF), label(0, 0, "北岭旗")],
    )])
}

/// A sheet whose name holds a NUL, with cells in far corners: a dense grid of 16 million cells.
fn xls_nul_in_sheet_name() -> Vec<u8> {
    xls(&[(
        utf16("S\0heet"),
        vec![
            dimensions(65536, 256),
            label(0, 0, "北岭旗"),
            number(65535, 255, 1.0),
        ],
    )])
}

fn ods_columns_repeated() -> Vec<u8> {
    ods(
        r#"<table:table-row><table:table-cell table:number-columns-repeated="1000000000" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>"#,
    )
}

fn ods_rows_repeated() -> Vec<u8> {
    ods(
        r#"<table:table-row table:number-rows-repeated="1000000000"><table:table-cell office:value-type="string"><text:p>北岭旗</text:p></table:table-cell></table:table-row>"#,
    )
}

fn ods_text_c() -> Vec<u8> {
    ods(
        r#"<table:table-row><table:table-cell office:value-type="string"><text:p>a<text:s text:c="2000000000"/>b</text:p></table:table-cell></table:table-row>"#,
    )
}

/// The .xls fixture with bytes overwritten by a fixed pseudo-random sequence.
fn damaged_xls(seed: u64, edits: usize) -> Vec<u8> {
    let mut bytes =
        std::fs::read(root().join("fixtures/submissions/北岭旗/北岭旗中医医院/重症医学科.xls"))
            .unwrap();
    let mut x = seed;
    let mut next = || {
        // xorshift64*
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    };
    for _ in 0..edits {
        let i = (next() % bytes.len() as u64) as usize;
        bytes[i] = next() as u8;
    }
    bytes
}

// ---------------------------------------------------------------------------------------------
// Readers

#[test]
fn header_only_csv_is_one_no_table_error() {
    one_bad_file("header-only.csv", &header_only_csv(), "no-table");
}

#[test]
fn sst_unique_count_of_2_pow_32_is_not_trusted() {
    let (_, peak) = one_bad_file(
        "sst-unique-count.xlsx",
        &sst_unique_count_2_32(),
        "no-table",
    );
    assert!(peak < 64, "{peak} MB for two strings");
}

#[test]
fn xlsx_dimension_a1_xfd1048576_is_not_trusted() {
    let (_, peak) = one_bad_file("dimension-XFD.xlsx", &dimension_a1_xfd1048576(), "no-table");
    assert!(peak < 64, "{peak} MB for two cells");
}

#[test]
fn one_mb_shared_string_in_10000_cells_is_refused() {
    let bytes = shared_string_amplified(1, 10_000);
    assert!(bytes.len() < 200 * 1024, "{} bytes on disk", bytes.len());
    let (msg, peak) = one_bad_file("shared-string-x10000.xlsx", &bytes, "file-unreadable");
    assert!(msg.contains("16 MB"), "{msg}");
    assert!(peak < 128, "{peak} MB");
}

#[test]
fn one_45_mb_shared_string_in_200_cells_is_refused() {
    let bytes = shared_string_amplified(45, 200);
    assert!(bytes.len() < 512 * 1024, "{} bytes on disk", bytes.len());
    let (msg, peak) = one_bad_file("shared-string-45MB.xlsx", &bytes, "file-unreadable");
    assert!(msg.contains("16 MB"), "{msg}");
    assert!(peak < 160, "{peak} MB");
}

#[test]
fn twenty_mb_workbook_of_many_sheets_is_capped_per_workbook() {
    // 25 sheets × 30,000 cells: each sheet well under any per-sheet size, together 750,000.
    let bytes = many_sheets_many_cells(25, 3_000);
    let mb = bytes.len() / 1024 / 1024;
    assert!((15..=25).contains(&mb), "{mb} MB");
    let (msg, _) = one_bad_file("many-sheets.xlsx", &bytes, "file-unreadable");
    assert!(msg.contains("500000"), "{msg}");
}

#[test]
fn workbook_just_under_every_cap_is_read_within_the_memory_bound() {
    // 480,000 cells referencing one 30-byte string: 14.4 MB of text after expansion, under the
    // 16 MB and 500,000-cell caps, so the file is read whole — the most one file may cost.
    let s = "北岭旗人民医院心血管"; // 30 bytes
    assert_eq!(s.len(), 30);
    let sst = sst_xml("1", "1", &[s]);
    let mut data = String::new();
    for r in 0..2_000u32 {
        data.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for c in 0..10u32 {
            data.push_str(&format!(r#"<c r="{}{}" t="s"><v>0</v></c>"#, col(c), r + 1));
        }
        data.push_str("</row>");
    }
    let sheets: Vec<(String, String, String)> = (0..24)
        .map(|i| (format!("S{i}"), data.clone(), String::new()))
        .collect();
    let bytes = xlsx(&sheets, Some(&sst), true);
    let (_, peak) = one_bad_file("just-under-caps.xlsx", &bytes, "no-table");
    eprintln!("{} MB on disk, peak {peak} MB", bytes.len() / 1024 / 1024);
}

#[test]
fn xls_cell_column_65535_is_one_sparse_cell() {
    let (_, peak) = one_bad_file("column-65535.xls", &xls_cell_column_65535(), "no-table");
    assert!(peak < 64, "{peak} MB");
}

#[test]
fn xls_dimensions_of_2_pow_32_rows_are_not_trusted() {
    let (_, peak) = one_bad_file("dimensions-2-32.xls", &xls_dimensions_2_32(), "no-table");
    assert!(peak < 64, "{peak} MB");
}

#[test]
fn xls_nul_in_a_sheet_name_builds_no_grid() {
    let (_, peak) = one_bad_file("nul-sheet-name.xls", &xls_nul_in_sheet_name(), "no-table");
    assert!(peak < 64, "{peak} MB");
}

#[test]
fn ods_repeats_are_charged_before_they_are_copied() {
    let d = with_good();
    let files = [
        ("columns-repeated.ods", ods_columns_repeated()),
        ("rows-repeated.ods", ods_rows_repeated()),
        ("text-c.ods", ods_text_c()),
    ];
    for (name, bytes) in &files {
        assert!(bytes.len() < 4096, "{name}: {} bytes", bytes.len());
        std::fs::write(d.path().join(name), bytes).unwrap();
    }
    let (run, diags) = validate(&[d.path()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    for (name, _) in &files {
        one(&diags, name, "file-unreadable");
    }
    run.peak_under(FILE_MB, "three .ods repeats");
    assert_good_read(&diags, &[d.path()]);
}

#[test]
fn randomly_damaged_xls_files_never_stop_the_batch() {
    let d = with_good();
    let n: u64 = 24;
    for seed in 1..=n {
        let edits = 1 + (seed as usize * 7) % 40;
        std::fs::write(
            d.path().join(format!("damaged-{seed:02}.xls")),
            damaged_xls(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15), edits),
        )
        .unwrap();
    }
    let (run, diags) = validate(&[d.path()]);
    assert!(
        matches!(run.code, Some(0 | 1)),
        "{:?} {}",
        run.code,
        run.stderr
    );
    for seed in 1..=n {
        let name = format!("damaged-{seed:02}.xls");
        let unreadable = about(&diags, &name)
            .iter()
            .filter(|d| d["rule"] == "file-unreadable")
            .count();
        assert!(unreadable <= 1, "{name}: {unreadable} file-unreadable");
        // A file that could not be read says only that.
        if unreadable == 1 {
            assert_eq!(about(&diags, &name).len(), 1, "{name}");
        }
    }
    assert!(
        !diags
            .iter()
            .any(|d| d["message"].as_str().unwrap().contains("unexpectedly")
                || d["message"].as_str().unwrap().contains("意外")),
        "a reader panicked: {diags:#?}"
    );
    run.peak_under(BATCH_MB, "24 damaged .xls");
    assert_good_read(&diags, &[d.path()]);
}

// ---------------------------------------------------------------------------------------------
// Paths that are not files

#[cfg(unix)]
#[test]
fn fifo_on_the_command_line_is_refused_without_hanging() {
    let d = with_good();
    let fifo = d.path().join("pipe.xlsx");
    let ok = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(ok.success());
    let good = d.path().join(GOOD);
    let args = [
        os("--lang"),
        os("en"),
        os("validate"),
        good.as_os_str(),
        fifo.as_os_str(),
        os("--format"),
        os("json"),
    ];
    let run = run_with(&root(), &args, Duration::from_secs(60));
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let diags = run.json();
    let msg = one(&diags, "pipe.xlsx", "file-unreadable");
    assert!(msg.contains("named pipe"), "{msg}");
    assert_good_read(&diags, &[&good]);
}

#[cfg(target_os = "linux")]
#[test]
fn dev_zero_on_the_command_line_is_refused() {
    let d = with_good();
    let good = d.path().join(GOOD);
    let args = [
        os("--lang"),
        os("en"),
        os("validate"),
        good.as_os_str(),
        os("/dev/zero"),
        os("--format"),
        os("json"),
    ];
    let run = run_with(&root(), &args, Duration::from_secs(60));
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let diags = run.json();
    let msg = one(&diags, "/dev/zero", "file-unreadable");
    assert!(msg.contains("device"), "{msg}");
    run.peak_under(64, "/dev/zero");
    assert_good_read(&diags, &[&good]);
}

// ---------------------------------------------------------------------------------------------
// Numbers

/// The submissions fixtures (nine surveys of one period) and one more member whose every value
/// is 1.8e308: as text in a CSV, and as numbers in an .xlsx.
#[test]
fn values_of_1_8e308_are_implausible_and_ranks_stay_distinct() {
    let d = tempfile::tempdir().unwrap();
    copy_dir(&root().join("fixtures/submissions"), d.path());
    // A CSV member: every value of both periods typed as 1.8e308.
    let src = std::fs::read_to_string(root().join("fixtures/submissions/utf8-bom.csv")).unwrap();
    let mut huge = String::new();
    for (i, line) in src.lines().enumerate() {
        let line = line.replace("北岭旗妇幼保健院", "北岭旗第三人民医院");
        let f: Vec<&str> = line.split(',').collect();
        if i >= 3 && f.len() >= 6 {
            huge.push_str(&format!(
                "{},{},{},{},1.8e308,1.8e308\n",
                f[0], f[1], f[2], f[3]
            ));
        } else {
            huge.push_str(&line);
            huge.push('\n');
        }
    }
    std::fs::write(d.path().join("huge.csv"), huge).unwrap();
    // An .xlsx member: the good survey's numbers stored as 1.8e308.
    let xl = rewrite_package(&good_bytes(), |name, data| {
        let s = String::from_utf8(data).unwrap();
        match name {
            "xl/worksheets/sheet1.xml" => replace_numbers(&s, "1.8e308").into_bytes(),
            "xl/sharedStrings.xml" => s
                .replace("北岭旗人民医院", "北岭旗第四人民医院")
                .into_bytes(),
            _ => s.into_bytes(),
        }
    });
    std::fs::write(d.path().join("huge-numbers.xlsx"), xl).unwrap();

    let (run, diags) = validate(&[d.path()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    for f in ["huge.csv", "huge-numbers.xlsx"] {
        let implausible = about(&diags, f)
            .iter()
            .filter(|d| d["rule"] == "value-implausible")
            .count();
        assert!(implausible >= 60, "{f}: {implausible} value-implausible");
    }
    let run = run_in(
        &root(),
        &[
            os("score"),
            d.path().as_os_str(),
            os("--format"),
            os("json"),
        ],
    );
    assert!(matches!(run.code, Some(0 | 1)), "{}", run.stderr);
    let out: Value = serde_json::from_str(&run.stdout).unwrap();
    let results = out["results"].as_array().unwrap();
    assert_eq!(results.len(), 11, "{results:#?}");
    let mut ranks: Vec<u64> = Vec::new();
    for r in results {
        let total = r["total"].as_f64();
        assert!(
            total.is_some_and(f64::is_finite),
            "{}: total {}",
            r["file"],
            r["total"]
        );
        ranks.push(r["rank"].as_u64().unwrap());
    }
    ranks.sort();
    assert_eq!(ranks, (1..=11).collect::<Vec<u64>>());
}

/// Every `<v>` of a number cell (no `t=`) replaced.
fn replace_numbers(xml: &str, with: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find("<c ") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find("</c>").map(|e| i + e + 4);
        let Some(end) = end else { break };
        let cell = &rest[i..end];
        let open_end = cell.find('>').unwrap();
        if cell[..open_end].contains(" t=") || cell[..open_end].ends_with('/') {
            out.push_str(cell);
        } else {
            match (cell.find("<v>"), cell.find("</v>")) {
                (Some(a), Some(b)) => {
                    out.push_str(&cell[..a + 3]);
                    out.push_str(with);
                    out.push_str(&cell[b..]);
                }
                _ => out.push_str(cell),
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

fn copy_dir(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

#[test]
fn scheme_weights_of_1e308_are_refused_naming_the_key() {
    let d = with_good();
    let scheme = run_in(&root(), &[os("scheme")]).stdout;
    for (from, to, key) in [
        (
            r#""1.1.1" = { weight = 1.0 }"#,
            r#""1.1.1" = { weight = 1e308 }"#,
            "1.1.1",
        ),
        ("2 = 50.0", "2 = 1e308", "areas"),
    ] {
        assert!(scheme.contains(from), "{from}");
        let path = d.path().join("scheme.toml");
        std::fs::write(&path, scheme.replacen(from, to, 1)).unwrap();
        let run = run_in(
            &root(),
            &[
                os("--lang"),
                os("en"),
                os("score"),
                d.path().join(GOOD).as_os_str(),
                os("--scheme"),
                path.as_os_str(),
            ],
        );
        assert_eq!(run.code, Some(2), "{to}: {}{}", run.stdout, run.stderr);
        assert!(run.stderr.contains(key), "{to}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{to}: {}", run.stdout);
    }
}

// ---------------------------------------------------------------------------------------------
// Text

#[test]
fn cell_and_unit_name_of_40000_characters_are_cut_and_the_report_written() {
    let d = tempfile::tempdir().unwrap();
    let long_cell = format!("DR、彩超{}", "、呼吸机".repeat(10_000));
    assert!(long_cell.chars().count() > 40_000);
    std::fs::write(
        d.path().join("long-cell.xlsx"),
        good_with_string("4（DR、彩超、呼吸机、监护仪）", &long_cell),
    )
    .unwrap();
    let long_unit = format!("北岭旗{}医院", "人民".repeat(20_000));
    std::fs::write(
        d.path().join("long-unit.xlsx"),
        good_with_string("北岭旗人民医院", &long_unit),
    )
    .unwrap();
    std::fs::copy(
        root().join("fixtures/submissions/utf8-bom.csv"),
        d.path().join("utf8-bom.csv"),
    )
    .unwrap();

    let (_, diags) = validate(&[d.path()]);
    for f in ["long-cell.xlsx", "long-unit.xlsx"] {
        let cut: Vec<_> = about(&diags, f)
            .into_iter()
            .filter(|d| d["rule"] == "text-truncated")
            .collect();
        assert_eq!(cut.len(), 1, "{f}: {:#?}", about(&diags, f));
        assert_eq!(cut[0]["severity"], "warning");
        assert!(cut[0]["cell"].is_string(), "{:#}", cut[0]);
    }
    let report = d.path().join("out").join("排名.xlsx");
    std::fs::create_dir(report.parent().unwrap()).unwrap();
    let run = run_in(
        &root(),
        &[
            os("report"),
            d.path().as_os_str(),
            os("-o"),
            report.as_os_str(),
        ],
    );
    assert!(matches!(run.code, Some(0 | 1)), "{}", run.stderr);
    run.peak_under(FILE_MB, "report with 40,000-character texts");
    // The report opens, and every text in it fits an Excel cell.
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&report).unwrap();
    let names = calamine::Reader::sheet_names(&wb);
    assert!(!names.is_empty());
    for name in names {
        let range = calamine::Reader::worksheet_range(&mut wb, &name).unwrap();
        for c in range.used_cells() {
            if let calamine::Data::String(s) = c.2 {
                assert!(s.chars().count() <= 32_767, "{name}: {} chars", s.len());
            }
        }
    }
}

#[test]
fn one_stray_byte_in_a_utf8_csv_stays_utf8_with_one_warning() {
    let d = with_good();
    let src = std::fs::read(root().join("fixtures/submissions/utf8-bom.csv")).unwrap();
    // Without its BOM, and one byte of 科室业务用房面积's value replaced by 0xFF.
    let text = String::from_utf8(src[3..].to_vec()).unwrap();
    let at = text.find(",623,").unwrap() + 2;
    let mut bytes = text.into_bytes();
    bytes[at] = 0xFF; // ",6\xFF3,"
    std::fs::write(d.path().join("stray-byte.csv"), &bytes).unwrap();
    let (run, diags) = validate(&[d.path()]);
    let warned: Vec<_> = about(&diags, "stray-byte.csv")
        .into_iter()
        .filter(|d| d["rule"] == "text-invalid-bytes")
        .collect();
    assert_eq!(warned.len(), 1, "{diags:#?}");
    assert_eq!(warned[0]["cell"], "E4");
    assert!(warned[0]["message"].as_str().unwrap().contains("UTF-8"));
    // The rest of the file is still read as UTF-8: its unit and its Chinese names are intact.
    let ex = run_in(&root(), &[os("extract"), d.path().as_os_str()]);
    assert!(
        ex.stdout
            .lines()
            .any(|l| l.contains("stray-byte.csv") && l.contains(",北岭旗妇幼保健院,儿科,")),
        "{}",
        ex.stdout
    );
    assert!(!ex.stdout.contains("鍖"), "read as GBK");
    run.peak_under(FILE_MB, "stray byte");
    assert_good_read(&diags, &[d.path()]);
}

/// A survey whose value cell, unit name and file name hold terminal escapes: no ESC reaches
/// the terminal from `validate` or `score`; where the text is shown as it is (the file and
/// sheet names in the table), ESC appears as `␛`.
#[cfg(unix)]
#[test]
fn ansi_escape_in_a_cell_is_shown_escaped() {
    let d = with_good();
    let src = std::fs::read_to_string(root().join("fixtures/submissions/utf8-bom.csv")).unwrap();
    let evil = src
        .replacen(",623,", ",\u{1b}[2J\u{1b}[31m623,", 1)
        .replacen("北岭旗妇幼保健院", "北岭旗妇幼\u{1b}[31m保健院", 1);
    assert_ne!(evil, src);
    std::fs::write(d.path().join("escape\u{1b}[5m.csv"), evil).unwrap();
    let dir = d.path().as_os_str();
    let run = run_in(&root(), &[os("validate"), dir]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(!run.stdout.contains('\u{1b}'), "ESC reached the terminal");
    assert!(!run.stderr.contains('\u{1b}'), "ESC reached the terminal");
    assert!(run.stdout.contains("escape␛[5m"), "{}", run.stdout);
    assert!(
        run.stdout.contains("[2J"),
        "the value is not quoted: {}",
        run.stdout
    );
    for cmd in ["score", "compare"] {
        let run = run_in(&root(), &[os(cmd), dir]);
        assert!(matches!(run.code, Some(0 | 1)), "{cmd}: {}", run.stderr);
        assert!(
            !run.stdout.contains('\u{1b}'),
            "{cmd}: ESC reached the terminal"
        );
        assert!(
            !run.stderr.contains('\u{1b}'),
            "{cmd}: ESC reached the terminal"
        );
    }
}

/// Found by this suite, outside the reader: `assess extract` without `-o` writes its CSV to
/// the terminal with the cells as they are, ESC included (`src/cmd/extract.rs`); and
/// `score --detail` heads each unit with its file name unescaped (`src/output/ranking.rs`,
/// `format!("\n{} · {}\n", r.unit().label(), r.file())`). Both should show control
/// characters as the tables do (`output::table::safe`) when writing to a terminal.
#[cfg(unix)]
#[test]
#[ignore = "extract and score --detail print text raw to a terminal; fix outside the reader"]
fn extract_and_score_detail_do_not_print_escapes_raw() {
    let d = with_good();
    let src = std::fs::read_to_string(root().join("fixtures/submissions/utf8-bom.csv")).unwrap();
    let evil = src.replacen(",623,", ",\u{1b}[2J623,", 1);
    std::fs::write(d.path().join("escape\u{1b}[5m.csv"), evil).unwrap();
    for args in [vec!["extract"], vec!["score", "--detail"]] {
        let mut all: Vec<&OsStr> = args.iter().map(os).collect();
        all.push(d.path().as_os_str());
        let run = run_in(&root(), &all);
        assert!(
            !run.stdout.contains('\u{1b}'),
            "{args:?}: ESC reached the terminal"
        );
    }
}

#[cfg(unix)]
#[test]
fn gbk_file_name_is_shown_escaped_and_its_unit_decoded() {
    use std::os::unix::ffi::OsStrExt;
    let d = with_good();
    let (gbk, _, _) = encoding_rs::GBK.encode("北岭旗蒙医医院_康复医学科.csv");
    let name = OsStr::from_bytes(&gbk);
    std::fs::copy(
        root().join("fixtures/submissions/北岭旗蒙医医院_康复医学科.csv"),
        d.path().join(name),
    )
    .unwrap();
    let (_, diags) = validate(&[d.path()]);
    let about_it: Vec<_> = diags
        .iter()
        .filter(|d| d["file"].as_str().unwrap().contains("\\x"))
        .collect();
    assert!(!about_it.is_empty(), "{diags:#?}");
    for d in &about_it {
        let f = d["file"].as_str().unwrap();
        assert!(f.ends_with(".csv") && f.contains("\\xB1"), "{f}");
    }
    let ex = run_in(&root(), &[os("extract"), d.path().as_os_str()]);
    let rows = ex
        .stdout
        .lines()
        .filter(|l| l.contains("\\x") && l.contains(",北岭旗蒙医医院,康复医学科,"))
        .count();
    assert_eq!(rows, 138, "{}", ex.stdout);
    assert_good_read(&diags, &[d.path()]);
}

// ---------------------------------------------------------------------------------------------
// Folders

/// Make `depth` nested folders named `name` under `base`, with `leaf` (a file) in the deepest.
/// Paths may end up longer than the system takes (PATH_MAX): the chain is built in chunks of
/// short paths, each chunk moved under the next by a rename.
fn nest(base: &Path, name: &str, depth: usize, leaf: &str) {
    let chunk = (1500 / (name.len() + 1)).max(1);
    let make = |top: &Path, n: usize| {
        let mut p = top.to_path_buf();
        for _ in 0..n {
            p.push(name);
        }
        std::fs::create_dir_all(&p).unwrap();
        p
    };
    let mut top = base.join("nest-0");
    let n = chunk.min(depth);
    let deepest = make(&top, n);
    std::fs::write(deepest.join(leaf), "x").unwrap();
    let mut built = n;
    let mut k = 0;
    while built < depth {
        k += 1;
        let n = chunk.min(depth - built);
        let next = base.join(format!("nest-{k}"));
        let bottom = make(&next, n);
        std::fs::rename(top.join(name), bottom.join(name)).unwrap();
        std::fs::remove_dir(&top).unwrap();
        top = next;
        built += n;
    }
    std::fs::rename(top.join(name), base.join(name)).unwrap();
    std::fs::remove_dir(&top).unwrap();
}

/// Remove what [`nest`] made, a chunk at a time (removing it whole would hold a file
/// descriptor per level).
fn unnest(base: &Path, name: &str) {
    let chunk = (1500 / (name.len() + 1)).max(1);
    let top = base.join(name);
    while top.exists() {
        let mut p = top.clone();
        let mut levels = 0;
        while levels < chunk && p.join(name).is_dir() {
            p.push(name);
            levels += 1;
        }
        if levels < chunk {
            std::fs::remove_dir_all(&top).unwrap();
            break;
        }
        let rest = base.join("unnest");
        std::fs::rename(&p, &rest).unwrap();
        std::fs::remove_dir_all(&top).unwrap();
        std::fs::rename(&rest, &top).unwrap();
    }
}

#[cfg(unix)]
#[test]
fn unreadable_subfolder_is_one_error_and_the_rest_is_read() {
    use std::os::unix::fs::PermissionsExt;
    let d = with_good();
    let locked = d.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::write(locked.join("inside.csv"), "x").unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let long = "长".repeat(83);
    let (locked_name, why) = if std::fs::read_dir(&locked).is_err() {
        ("locked", "权限")
    } else {
        // Root reads any folder. A folder whose path is longer than the system takes
        // (PATH_MAX, 4096 bytes) cannot be listed by anyone: 20 names of 250 bytes.
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        std::fs::remove_dir_all(&locked).unwrap();
        nest(d.path(), &long, 20, "deep.csv");
        (long.as_str(), "36")
    };
    let (run, diags) = validate(&[d.path()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    // One error, about the folder (folders share the rule of files that cannot be read).
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["rule"], "file-unreadable");
    assert!(diags[0]["file"].as_str().unwrap().ends_with(locked_name));
    let msg = diags[0]["message"].as_str().unwrap();
    assert!(msg.contains("文件夹") && msg.contains(why), "{msg}");
    assert_good_read(&diags, &[d.path()]);
    if locked.exists() {
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    unnest(d.path(), &long);
}

#[cfg(unix)]
#[test]
fn folder_2100_deep_is_one_error_and_the_rest_is_read() {
    let d = with_good();
    nest(d.path(), "d", 2_100, "deep.xlsx");
    let (run, diags) = validate(&[d.path()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!(diags[0]["rule"], "file-unreadable");
    let msg = diags[0]["message"].as_str().unwrap();
    assert!(msg.contains("32"), "{msg}");
    // The folder named is the one at the limit, not the 2,100th.
    let shown = diags[0]["file"].as_str().unwrap();
    assert_eq!(shown.matches("/d").count(), 32, "{shown}");
    assert_good_read(&diags, &[d.path()]);
    unnest(d.path(), "d");
}

// ---------------------------------------------------------------------------------------------
// Output

#[cfg(unix)]
#[test]
fn output_onto_a_symlink_writes_the_target_and_keeps_the_link() {
    let d = with_good();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("real.csv");
    std::fs::write(&target, "old").unwrap();
    let link = out.path().join("link.csv");
    std::os::unix::fs::symlink("real.csv", &link).unwrap();
    let run = run_in(
        &root(),
        &[
            os("extract"),
            d.path().as_os_str(),
            os("-o"),
            link.as_os_str(),
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let written = std::fs::read_to_string(&target).unwrap();
    assert_eq!(written.lines().count(), 1 + 138);
}

#[cfg(unix)]
#[test]
fn output_onto_dev_null_is_refused() {
    let d = with_good();
    let run = run_in(
        &root(),
        &[
            os("--lang"),
            os("en"),
            os("extract"),
            d.path().as_os_str(),
            os("-o"),
            os("/dev/null"),
        ],
    );
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("/dev/null"), "{}", run.stderr);
    assert!(Path::new("/dev/null").exists());
}

#[test]
fn stale_temporary_of_a_killed_run_is_removed() {
    let d = with_good();
    let out = tempfile::tempdir().unwrap();
    let stale = out.path().join(".assess-999999-0.tmp");
    std::fs::write(&stale, "half a report").unwrap();
    let target = out.path().join("values.csv");
    let run = run_in(
        &root(),
        &[
            os("extract"),
            d.path().as_os_str(),
            os("-o"),
            target.as_os_str(),
        ],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!stale.exists(), "the stale temporary is still there");
    let left: Vec<OsString> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, [OsString::from("values.csv")]);
}

#[test]
fn template_does_not_overwrite_without_force() {
    let out = tempfile::tempdir().unwrap();
    let path = out.path().join("模板.xlsx");
    std::fs::write(&path, "a file the clerk wants to keep").unwrap();
    let run = run_in(&root(), &[os("template"), os("-o"), path.as_os_str()]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "a file the clerk wants to keep"
    );
    let run = run_in(
        &root(),
        &[os("template"), os("-o"), path.as_os_str(), os("--force")],
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(std::fs::read(&path).unwrap().starts_with(b"PK"));
}

// ---------------------------------------------------------------------------------------------
// Tables that ask for more work than a survey can: bounded diagnostics

/// `n` distinct periods (`2000年1-6月`, `2000年2-6月` …).
fn periods(n: usize) -> Vec<String> {
    (2000..2100)
        .flat_map(|y| (1..=12).flat_map(move |a| (a..=12).map(move |b| format!("{y}年{a}-{b}月"))))
        .take(n)
        .collect()
}

/// Rows of a survey table as cells: the header (序号, 三级指标, the periods), then every item
/// of the form with a value in the first row only, so each period column is kept and every
/// other cell of it is a missing value.
fn sparse_table(periods: &[String]) -> Vec<Vec<String>> {
    let mut rows = vec![["序号".to_string(), "三级指标".to_string()]
        .into_iter()
        .chain(periods.iter().cloned())
        .collect::<Vec<_>>()];
    for (i, it) in assess::form::Form::builtin_static()
        .items()
        .iter()
        .enumerate()
    {
        let mut row = vec![it.no.to_string(), format!("{}{}", it.code, it.name)];
        row.extend(
            periods
                .iter()
                .map(|_| if i == 0 { "1" } else { "" }.to_string()),
        );
        rows.push(row);
    }
    rows
}

fn csv_of(rows: &[Vec<String>]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.into_inner().unwrap()
}

fn sheet_of(rows: &[Vec<String>]) -> String {
    let mut x = String::new();
    for (r, row) in rows.iter().enumerate() {
        x.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, v) in row.iter().enumerate().filter(|(_, v)| !v.is_empty()) {
            x.push_str(&format!(
                r#"<c r="{}{}" t="inlineStr"><is><t>{v}</t></is></c>"#,
                col(c as u32),
                r + 1
            ));
        }
        x.push_str("</row>");
    }
    x
}

/// A header naming 1,000 periods (87 KB) gave 68,000 diagnostics and 420 MB. Columns past the
/// table's width are now one stray cell, and the table is read over its width only.
#[test]
fn header_of_1000_periods_is_one_stray_cell_and_a_bounded_table() {
    let mut rows = vec![
        vec!["填报单位：北岭旗人民医院".to_string()],
        vec!["专科名称：心血管内科".to_string()],
    ];
    rows.extend(sparse_table(&periods(1_000)));
    let (_, peak) = {
        let d = with_good();
        std::fs::write(d.path().join("wide.csv"), csv_of(&rows)).unwrap();
        let (run, diags) = validate(&[d.path()]);
        assert_eq!(run.code, Some(1), "{}", run.stderr);
        let mine = about(&diags, "wide.csv");
        let stray: Vec<_> = mine.iter().filter(|d| d["rule"] == "stray-cell").collect();
        // The header cell past the table (column O: 三级指标 in B + 12), and far cells.
        assert!(stray.iter().any(|d| d["cell"] == "O3"), "{stray:#?}");
        assert!(stray.len() <= 4, "{stray:#?}");
        let limit = assess::read::locate::TABLE_COLUMNS as usize;
        let periods_read = mine.iter().filter(|d| d["rule"] == "value-missing").count() / 68;
        assert_eq!(periods_read, limit, "{} diagnostics", mine.len());
        assert!(mine.len() < 1_000, "{} diagnostics", mine.len());
        assert_good_read(&diags, &[d.path()]);
        (run.code, run.peak_under(FILE_MB, "1,000 periods"))
    };
    assert!(peak < 64, "{peak} MB");
}

/// 160,000 rows under a header (a 17 MB CSV): 160,000 item-unrecognised diagnostics, 1.2 GB in
/// the table output and two minutes. Rows past the table's length are now one stray cell.
#[test]
fn table_of_160000_rows_is_one_stray_cell_and_a_bounded_table() {
    let mut text = String::from("序号,三级指标,2024年1-6月\n");
    for i in 0..160_000u32 {
        text.push_str(&format!("{},某个新指标{i},{i}\n", i % 60 + 1));
    }
    let d = with_good();
    std::fs::write(d.path().join("long.csv"), text).unwrap();
    let started = Instant::now();
    let (run, diags) = validate(&[d.path()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let mine = about(&diags, "long.csv");
    let stray: Vec<_> = mine.iter().filter(|d| d["rule"] == "stray-cell").collect();
    let first_beyond = assess::read::locate::TABLE_ROWS + 2;
    let cell = format!("B{first_beyond}");
    assert!(stray.iter().any(|d| d["cell"] == *cell), "{stray:#?}");
    assert!(stray.len() <= 4, "{stray:#?}");
    assert!(mine.len() < 1_000, "{} diagnostics", mine.len());
    let table = run_in(&root(), &[os("validate"), d.path().as_os_str()]);
    table.peak_under(FILE_MB, "160,000 rows, table output");
    run.peak_under(FILE_MB, "160,000 rows");
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
    assert_good_read(&diags, &[d.path()]);
}

/// The most a file can ask after reading: 16 survey sheets of 12 period columns each, every
/// column holding one value (68 missing values each). One more sheet and it is refused.
#[test]
fn survey_sheets_are_bounded_per_workbook() {
    let rows = sparse_table(&periods(12));
    let book = |n: usize| {
        let sheets: Vec<(String, String, String)> = (0..n)
            .map(|i| (format!("科{i}"), sheet_of(&rows), String::new()))
            .collect();
        xlsx(&sheets, None, false)
    };
    let limit = assess::read::Limits::default().survey_sheets;
    let d = with_good();
    std::fs::write(d.path().join("at-limit.xlsx"), book(limit)).unwrap();
    let (run, diags) = validate(&[d.path()]);
    let mine = about(&diags, "at-limit.xlsx");
    assert!(mine.len() > 10_000 && mine.len() < 20_000, "{}", mine.len());
    run.peak_under(FILE_MB, "16 sheets × 12 periods");
    let table = run_in(&root(), &[os("validate"), d.path().as_os_str()]);
    table.peak_under(FILE_MB, "16 sheets × 12 periods, table output");
    assert_good_read(&diags, &[d.path()]);
    let (msg, _) = one_bad_file("over-limit.xlsx", &book(limit + 1), "file-unreadable");
    assert!(msg.contains(&limit.to_string()), "{msg}");
}

/// Found by this suite, outside the reader: diagnostics are kept for the whole batch and the
/// table output holds them all at once (1.5–2 KB each). Twenty workbooks of 67 KB at the
/// per-file bound (16 sheets × 12 periods, one value a column) give 261,000 value-missing
/// warnings and peak at 363 MB; forty at 924 MB (a 447 MB table, four minutes in a debug
/// build). Bounding it needs the validate stage (say, one finding for a column that is mostly
/// empty, or a cap per file) or output written file by file.
#[test]
#[ignore = "diagnostics of a batch are held whole; fix in validate/output (see the report)"]
fn batch_of_forty_workbooks_at_the_file_bound_stays_under_the_batch_bound() {
    let rows = sparse_table(&periods(12));
    let limit = assess::read::Limits::default().survey_sheets;
    let sheets: Vec<(String, String, String)> = (0..limit)
        .map(|i| (format!("科{i}"), sheet_of(&rows), String::new()))
        .collect();
    let book = xlsx(&sheets, None, false);
    let d = with_good();
    for i in 0..40 {
        std::fs::write(d.path().join(format!("wide-{i:02}.xlsx")), &book).unwrap();
    }
    let run = run_in(&root(), &[os("validate"), d.path().as_os_str()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    run.peak_under(BATCH_MB, "forty workbooks at the file bound, table output");
}

// ---------------------------------------------------------------------------------------------
// A whole batch

/// Every hostile file of this suite in one folder, with the good survey: one run, each bad
/// file one diagnostic, the batch under its memory bound.
#[test]
fn whole_batch_of_hostile_files_stays_under_the_batch_bound() {
    let d = with_good();
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("header-only.csv", header_only_csv()),
        ("sst-unique-count.xlsx", sst_unique_count_2_32()),
        ("dimension-XFD.xlsx", dimension_a1_xfd1048576()),
        (
            "shared-string-x10000.xlsx",
            shared_string_amplified(1, 10_000),
        ),
        ("many-sheets.xlsx", many_sheets_many_cells(25, 3_000)),
        ("column-65535.xls", xls_cell_column_65535()),
        ("dimensions-2-32.xls", xls_dimensions_2_32()),
        ("nul-sheet-name.xls", xls_nul_in_sheet_name()),
        ("columns-repeated.ods", ods_columns_repeated()),
        ("rows-repeated.ods", ods_rows_repeated()),
        ("text-c.ods", ods_text_c()),
    ];
    for (name, bytes) in &files {
        std::fs::write(d.path().join(name), bytes).unwrap();
    }
    let (run, diags) = validate(&[d.path()]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    for (name, _) in &files {
        assert_eq!(about(&diags, name).len(), 1, "{name}: {diags:#?}");
    }
    run.peak_under(BATCH_MB, "the whole hostile batch");
    assert_good_read(&diags, &[d.path()]);
}

// ---------------------------------------------------------------------------------------------
// fixtures/broken

/// The small hostile files of `fixtures/broken/`, as made here, and the rule each must give.
/// The hostile .xlsx files stay in this suite only: `tests/read_xlsx.rs` reads every .xlsx
/// fixture with calamine as its oracle, and calamine aborts on a declared `uniqueCount` of 2³²
/// (the very bug of the issue) and copies a shared string into each of 10,000 cells.
fn broken_files() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    vec![
        ("header-only.csv", header_only_csv(), "no-table"),
        ("cell-column-65535.xls", xls_cell_column_65535(), "no-table"),
        (
            "dimensions-4294967295-rows.xls",
            xls_dimensions_2_32(),
            "no-table",
        ),
        ("nul-in-sheet-name.xls", xls_nul_in_sheet_name(), "no-table"),
        (
            "columns-repeated-1e9.ods",
            ods_columns_repeated(),
            "file-unreadable",
        ),
        (
            "rows-repeated-1e9.ods",
            ods_rows_repeated(),
            "file-unreadable",
        ),
        ("text-c-2e9-spaces.ods", ods_text_c(), "file-unreadable"),
    ]
}

#[test]
fn broken_fixtures() {
    let dir = root().join("fixtures/broken");
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        for (name, bytes, _) in broken_files() {
            std::fs::write(dir.join(name), bytes).unwrap();
        }
    }
    for (name, _, _) in broken_files() {
        let len = std::fs::metadata(dir.join(name))
            .unwrap_or_else(|_| panic!("{name} is missing: UPDATE_FIXTURES=1"))
            .len();
        assert!(len < 200 * 1024, "{name}: {len} bytes");
    }
    let (run, diags) = validate(&[&dir]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    for (name, _, rule) in broken_files() {
        one(&diags, name, rule);
    }
    run.peak_under(BATCH_MB, "fixtures/broken");
}
