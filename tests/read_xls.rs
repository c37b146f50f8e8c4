//! Our own .xls reader: the fixtures read exactly as calamine reads them (calamine is the
//! oracle here, and the percent cells are those the record scan that came before found), and
//! hostile workbooks built by the test — far cells, lying counts, hidden sheets, passwords,
//! dangling references, cut records, BIFF5 in GBK — are read or refused quickly, never aborted.

use assess::read::{read_bytes, Book, Content, Limits, ReadError};
use calamine::{Data, Reader, SheetType, SheetVisible, Xls};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::time::{Duration, Instant};

const FIXTURES: [&str; 2] = [
    "fixtures/submissions/北岭旗/北岭旗中医医院/重症医学科.xls",
    "fixtures/template/resaved.xls",
];

fn fixture(p: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(p)).unwrap()
}

fn book(bytes: &[u8]) -> Result<Book, ReadError> {
    read_bytes(bytes, Path::new("x.xls"), &Limits::default()).map(|b| b.unwrap())
}

/// What calamine makes of a cell, in our terms.
fn oracle_content(v: &Data) -> Option<Content> {
    Some(match v {
        Data::Int(i) => Content::Number(*i as f64),
        Data::Float(f) => Content::Number(*f),
        Data::String(s) => Content::Text(s.clone()),
        Data::Bool(b) => Content::Bool(*b),
        Data::DateTime(d) => {
            let (y, m, day, h, mi, s, _) = d.to_ymd_hms_milli();
            Content::Date(if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{m:02}-{day:02}")
            } else {
                format!("{y:04}-{m:02}-{day:02} {h:02}:{mi:02}:{s:02}")
            })
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => Content::Date(s.clone()),
        Data::Error(e) => Content::Error(e.to_string()),
        Data::Empty => return None,
    })
}

/// The record scan `xls.rs` used before it read values itself: each NUMBER, RK, MULRK and
/// FORMULA cell whose XF points to a percent number format (built-in 9 or 10, or a FORMAT
/// code with `%` outside quotes and escapes).
fn percent_cells_by_old_scan(bytes: &[u8]) -> BTreeMap<String, BTreeSet<(u32, u32)>> {
    let mut cf = cfb::CompoundFile::open(Cursor::new(bytes)).unwrap();
    let mut stream = Vec::new();
    cf.open_stream("/Workbook")
        .unwrap()
        .read_to_end(&mut stream)
        .unwrap();
    let u16_at = |d: &[u8], i: usize| u16::from_le_bytes([d[i], d[i + 1]]);
    let records = |start: usize| {
        let s = &stream;
        let mut pos = start;
        std::iter::from_fn(move || {
            if pos + 4 > s.len() {
                return None;
            }
            let typ = u16_at(s, pos);
            let len = usize::from(u16_at(s, pos + 2));
            let d = &s[pos + 4..pos + 4 + len];
            pos += 4 + len;
            Some((typ, d))
        })
    };
    let percent_code = |code: &str| {
        let (mut q, mut e) = (false, false);
        for c in code.chars() {
            match c {
                _ if e => e = false,
                '\\' => e = true,
                '"' => q = !q,
                ';' if !q => return false,
                '%' if !q => return true,
                _ => {}
            }
        }
        false
    };
    let mut formats = BTreeMap::new();
    let mut xf_percent = Vec::new();
    let mut sheets = Vec::new();
    for (typ, d) in records(0) {
        match typ {
            0x041E => {
                let cch = usize::from(u16_at(d, 2));
                let code: String = if d[4] & 1 == 1 {
                    String::from_utf16_lossy(
                        &d[5..5 + 2 * cch]
                            .chunks(2)
                            .map(|c| u16::from_le_bytes([c[0], c[1]]))
                            .collect::<Vec<_>>(),
                    )
                } else {
                    d[5..5 + cch].iter().map(|&b| char::from(b)).collect()
                };
                formats.insert(u16_at(d, 0), percent_code(&code));
            }
            0x00E0 => {
                let f = u16_at(d, 2);
                xf_percent.push(matches!(f, 9 | 10) || formats.get(&f) == Some(&true));
            }
            0x0085 => {
                let pos = u32::from_le_bytes([d[0], d[1], d[2], d[3]]) as usize;
                let cch = usize::from(d[6]);
                let name: String = if d[7] & 1 == 1 {
                    String::from_utf16_lossy(
                        &d[8..8 + 2 * cch]
                            .chunks(2)
                            .map(|c| u16::from_le_bytes([c[0], c[1]]))
                            .collect::<Vec<_>>(),
                    )
                } else {
                    d[8..8 + cch].iter().map(|&b| char::from(b)).collect()
                };
                sheets.push((name, pos));
            }
            0x000A => break,
            _ => {}
        }
    }
    let is_pct = |xf: u16| xf_percent.get(usize::from(xf)).copied().unwrap_or(false);
    let mut out = BTreeMap::new();
    for (name, pos) in sheets {
        let mut set = BTreeSet::new();
        for (typ, d) in records(pos).skip(1) {
            if typ == 0x000A {
                break;
            }
            if d.len() < 6 {
                continue;
            }
            let (row, col) = (u32::from(u16_at(d, 0)), u32::from(u16_at(d, 2)));
            match typ {
                0x0203 | 0x027E | 0x0006 if is_pct(u16_at(d, 4)) => {
                    set.insert((row, col));
                }
                0x00BD => {
                    for i in 0..(d.len() - 6) / 6 {
                        if is_pct(u16_at(d, 4 + i * 6)) {
                            set.insert((row, col + i as u32));
                        }
                    }
                }
                _ => {}
            }
        }
        out.insert(name, set);
    }
    out
}

#[test]
fn fixtures_read_exactly_as_calamine_reads_them() {
    for path in FIXTURES {
        let bytes = fixture(path);
        let ours = book(&bytes).unwrap();
        let mut wb: Xls<_> = Xls::new(Cursor::new(&bytes)).unwrap();
        let names: Vec<String> = wb
            .sheets_metadata()
            .iter()
            .filter(|m| m.visible == SheetVisible::Visible && m.typ == SheetType::WorkSheet)
            .map(|m| m.name.clone())
            .collect();
        assert_eq!(
            ours.sheets.iter().map(|s| &s.name).collect::<Vec<_>>(),
            names.iter().collect::<Vec<_>>(),
            "{path}"
        );
        let percent = percent_cells_by_old_scan(&bytes);
        let mut numbers = 0;
        for sheet in &ours.sheets {
            let range = wb.worksheet_range(&sheet.name).unwrap();
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let mut want = BTreeMap::new();
            for (r, c, v) in range.used_cells() {
                if let Some(content) = oracle_content(v) {
                    want.insert((r0 + r as u32, c0 + c as u32), content);
                }
            }
            let got: BTreeMap<_, _> = sheet.cells().map(|(r, c, cell)| ((r, c), cell)).collect();
            assert_eq!(
                got.keys().collect::<Vec<_>>(),
                want.keys().collect::<Vec<_>>(),
                "{path} {}: cells missing or extra",
                sheet.name
            );
            for (pos, cell) in &got {
                let w = &want[pos];
                match (&cell.content, w) {
                    (Content::Number(a), Content::Number(b)) => {
                        numbers += 1;
                        assert!((a - b).abs() <= 1e-9, "{path} {pos:?}: {a} vs {b}")
                    }
                    (a, b) => assert_eq!(a, b, "{path} {pos:?}"),
                }
                assert!(!cell.formula_without_result, "{path} {pos:?}");
            }
            let pct: BTreeSet<(u32, u32)> = got
                .iter()
                .filter(|(_, c)| c.percent)
                .map(|(p, _)| *p)
                .collect();
            let old: BTreeSet<(u32, u32)> = percent[&sheet.name]
                .iter()
                .filter(|p| matches!(got.get(p).map(|c| &c.content), Some(Content::Number(_))))
                .copied()
                .collect();
            assert_eq!(pct, old, "{path} {}: percent cells", sheet.name);
            if path.contains("重症医学科") {
                assert!(!pct.is_empty(), "the fixture has percent-formatted rates");
            }
        }
        assert!(numbers > 50, "{path}: {numbers} numbers compared");
    }
}

// ---- Workbooks built by the test -------------------------------------------------------

fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut v = typ.to_le_bytes().to_vec();
    v.extend((data.len() as u16).to_le_bytes());
    v.extend(data);
    v
}

fn bof(version: u16, dt: u16) -> Vec<u8> {
    let mut d = version.to_le_bytes().to_vec();
    d.extend(dt.to_le_bytes());
    if version == 0x0600 {
        d.extend([0; 12]);
    } else {
        d.extend([0; 4]);
    }
    rec(0x0809, &d)
}

fn eof() -> Vec<u8> {
    rec(0x000A, &[])
}

/// A BIFF8 string body: option byte (UTF-16) and the characters.
fn wide(s: &str) -> Vec<u8> {
    let mut v = vec![1u8];
    v.extend(s.encode_utf16().flat_map(|u| u.to_le_bytes()));
    v
}

fn cell_head(row: u16, col: u16, xf: u16) -> Vec<u8> {
    [row.to_le_bytes(), col.to_le_bytes(), xf.to_le_bytes()].concat()
}

fn number(row: u16, col: u16, xf: u16, v: f64) -> Vec<u8> {
    let mut d = cell_head(row, col, xf);
    d.extend(v.to_le_bytes());
    rec(0x0203, &d)
}

fn label_sst(row: u16, col: u16, i: u32) -> Vec<u8> {
    let mut d = cell_head(row, col, 0);
    d.extend(i.to_le_bytes());
    rec(0x00FD, &d)
}

fn label8(row: u16, col: u16, s: &str) -> Vec<u8> {
    let mut d = cell_head(row, col, 0);
    d.extend((s.encode_utf16().count() as u16).to_le_bytes());
    d.extend(wide(s));
    rec(0x0204, &d)
}

fn sst(total: u32, unique: u32, strings: &[&str]) -> Vec<u8> {
    let mut d = total.to_le_bytes().to_vec();
    d.extend(unique.to_le_bytes());
    for s in strings {
        d.extend((s.encode_utf16().count() as u16).to_le_bytes());
        d.extend(wide(s));
    }
    rec(0x00FC, &d)
}

/// XF record pointing at number format `ifmt`.
fn xf(ifmt: u16) -> Vec<u8> {
    let mut d = vec![0u8; 20];
    d[2..4].copy_from_slice(&ifmt.to_le_bytes());
    rec(0x00E0, &d)
}

struct SheetSpec {
    name: Vec<u8>,
    state: u8,
    records: Vec<u8>,
}

fn sheet8(name: &str, state: u8, records: Vec<Vec<u8>>) -> SheetSpec {
    let mut n = vec![name.encode_utf16().count() as u8];
    n.extend(wide(name));
    SheetSpec {
        name: n,
        state,
        records: records.concat(),
    }
}

/// A workbook stream: globals (BOF, `globals`, BOUNDSHEETs, EOF), then each sheet's
/// substream (BOF, its records, EOF).
fn stream(version: u16, globals: Vec<Vec<u8>>, sheets: &[SheetSpec]) -> Vec<u8> {
    let bound = |pos: u32, s: &SheetSpec| {
        let mut d = pos.to_le_bytes().to_vec();
        d.extend([s.state, 0]);
        d.extend(&s.name);
        rec(0x0085, &d)
    };
    let head_len = bof(version, 5).len()
        + globals.iter().map(Vec::len).sum::<usize>()
        + sheets.iter().map(|s| bound(0, s).len()).sum::<usize>()
        + eof().len();
    let mut out = bof(version, 5);
    out.extend(globals.concat());
    let mut pos = head_len;
    let mut bodies = Vec::new();
    for s in sheets {
        out.extend(bound(pos as u32, s));
        let body = [bof(version, 0x10), s.records.clone(), eof()].concat();
        pos += body.len();
        bodies.extend(body);
    }
    out.extend(eof());
    assert_eq!(out.len(), head_len);
    out.extend(bodies);
    out
}

/// Wrap a workbook stream in a compound file, as Excel does.
fn ole(stream_name: &str, stream: &[u8]) -> Vec<u8> {
    let mut cf = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    cf.create_stream(stream_name)
        .unwrap()
        .write_all(stream)
        .unwrap();
    cf.flush().unwrap();
    cf.into_inner().into_inner()
}

fn xls8(globals: Vec<Vec<u8>>, sheets: &[SheetSpec]) -> Vec<u8> {
    ole("/Workbook", &stream(0x0600, globals, sheets))
}

/// Read in well under a second.
fn timed(bytes: &[u8]) -> Result<Book, ReadError> {
    let t = Instant::now();
    let r = book(bytes);
    assert!(
        t.elapsed() < Duration::from_millis(500),
        "{:?}",
        t.elapsed()
    );
    r
}

fn text(b: &Book, sheet: usize, row: u32, col: u32) -> Option<&Content> {
    b.sheets[sheet].get(row, col).map(|c| &c.content)
}

#[test]
fn a_cell_at_column_and_row_65535_is_one_sparse_cell() {
    let bytes = xls8(
        vec![],
        &[sheet8(
            "表",
            0,
            vec![number(0, 0, 0, 1.0), number(65535, 65535, 0, 2.0)],
        )],
    );
    let b = timed(&bytes).unwrap();
    assert_eq!(b.sheets[0].len(), 2);
    assert_eq!(text(&b, 0, 65535, 65535), Some(&Content::Number(2.0)));
}

#[test]
fn dimensions_claiming_four_billion_rows_are_ignored() {
    let mut dims = u32::MAX.to_le_bytes().to_vec(); // first row
    dims.extend(u32::MAX.to_le_bytes()); // last row + 1
    dims.extend([0, 0, 0xFF, 0xFF, 0, 0]);
    let bytes = xls8(
        vec![],
        &[sheet8(
            "表",
            0,
            vec![rec(0x0200, &dims), number(3, 1, 0, 12.5)],
        )],
    );
    let b = timed(&bytes).unwrap();
    assert_eq!(b.sheets[0].len(), 1);
    assert_eq!(text(&b, 0, 3, 1), Some(&Content::Number(12.5)));
}

#[test]
fn a_shared_string_count_of_two_billion_with_two_strings() {
    let bytes = xls8(
        vec![sst(1 << 31, 1 << 31, &["序号", "床位数"])],
        &[sheet8(
            "表",
            0,
            vec![label_sst(0, 0, 0), label_sst(0, 1, 1)],
        )],
    );
    let b = timed(&bytes).unwrap();
    assert_eq!(text(&b, 0, 0, 0), Some(&Content::Text("序号".into())));
    assert_eq!(text(&b, 0, 0, 1), Some(&Content::Text("床位数".into())));
}

#[test]
fn a_nul_in_a_sheet_name_does_not_lose_the_sheet_or_its_percentages() {
    // XF 0 general, XF 1 percent (built-in 10).
    let bytes = xls8(
        vec![xf(0), xf(10)],
        &[sheet8("重症\0医学科", 0, vec![number(2, 3, 1, 0.125)])],
    );
    let b = timed(&bytes).unwrap();
    assert_eq!(b.sheets.len(), 1);
    assert_eq!(b.sheets[0].name, "重症医学科");
    let c = b.sheets[0].get(2, 3).unwrap();
    assert_eq!(c.content, Content::Number(0.125));
    assert!(c.percent);
}

#[test]
fn hidden_and_very_hidden_sheets_are_skipped() {
    let bytes = xls8(
        vec![],
        &[
            sheet8("填表说明", 1, vec![label8(0, 0, "说明")]),
            sheet8("心血管内科", 0, vec![label8(0, 0, "序号")]),
            sheet8("隐藏", 2, vec![label8(0, 0, "x")]),
        ],
    );
    let b = timed(&bytes).unwrap();
    let names: Vec<&str> = b.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["心血管内科"]);
}

#[test]
fn a_filepass_record_means_encrypted() {
    let bytes = xls8(
        vec![rec(0x002F, &[1, 0, 1, 0])],
        &[sheet8("表", 0, vec![label8(0, 0, "乱码")])],
    );
    assert_eq!(timed(&bytes).unwrap_err(), ReadError::Encrypted);
}

/// A LABELSST index past the table is Damaged, not a skipped cell: skipping would drop what
/// the hospital typed without a word.
#[test]
fn a_label_pointing_past_the_string_table_is_damaged() {
    let bytes = xls8(
        vec![sst(2, 2, &["序号", "床位数"])],
        &[sheet8(
            "表",
            0,
            vec![label_sst(0, 0, 1), label_sst(5, 2, 2)],
        )],
    );
    let e = timed(&bytes).unwrap_err();
    assert!(
        matches!(&e, ReadError::Damaged(m) if m.contains("C6")),
        "{e:?}"
    );
}

#[test]
fn truncated_records_are_damaged() {
    let good = stream(
        0x0600,
        vec![sst(1, 1, &["序号"])],
        &[sheet8(
            "表",
            0,
            vec![
                label_sst(0, 0, 0),
                number(1, 0, 0, 3.0),
                number(1, 1, 0, 4.0),
            ],
        )],
    );
    // Every cut short of the whole: damaged (or, cut in the compound file's own header,
    // not recognised), never a panic and never a quietly shorter sheet.
    for cut in (0..good.len()).step_by(3) {
        let bytes = ole("/Workbook", &good[..cut]);
        match timed(&bytes) {
            Err(ReadError::Damaged(_)) => {}
            other => panic!("cut at {cut}: {other:?}"),
        }
    }
    // A cell record whose own length is too short for what it must hold.
    let bytes = xls8(
        vec![],
        &[sheet8(
            "表",
            0,
            vec![rec(0x0203, &[0, 0, 0, 0, 0, 0, 1, 2])],
        )],
    );
    assert!(matches!(timed(&bytes), Err(ReadError::Damaged(_))));
    assert!(timed(&ole("/Workbook", &good)).is_ok());
}

#[test]
fn formulas_give_their_saved_results() {
    let formula = |row: u16, res: [u8; 8]| {
        let mut d = cell_head(row, 0, 0);
        d.extend(res);
        d.extend([0; 6]); // flags, chn
        d.extend([0, 0]); // no tokens
        rec(0x0006, &d)
    };
    let mut string = 4u16.to_le_bytes().to_vec();
    string.extend(wide("二级甲等"));
    let bytes = xls8(
        vec![],
        &[sheet8(
            "表",
            0,
            vec![
                formula(0, 1.5f64.to_le_bytes()),
                formula(1, [0, 0, 0, 0, 0, 0, 0xFF, 0xFF]),
                rec(0x0207, &string),
                formula(2, [1, 0, 1, 0, 0, 0, 0xFF, 0xFF]),
                formula(3, [2, 0, 0x07, 0, 0, 0, 0xFF, 0xFF]),
                formula(4, [3, 0, 0, 0, 0, 0, 0xFF, 0xFF]),
                // A string result whose STRING record never comes.
                formula(5, [0, 0, 0, 0, 0, 0, 0xFF, 0xFF]),
                number(6, 0, 0, 1.0),
            ],
        )],
    );
    let b = timed(&bytes).unwrap();
    let s = &b.sheets[0];
    assert_eq!(s.get(0, 0).unwrap().content, Content::Number(1.5));
    assert_eq!(
        s.get(1, 0).unwrap().content,
        Content::Text("二级甲等".into())
    );
    assert_eq!(s.get(2, 0).unwrap().content, Content::Bool(true));
    assert_eq!(
        s.get(3, 0).unwrap().content,
        Content::Error("#DIV/0!".into())
    );
    let empty = s.get(4, 0).unwrap();
    assert_eq!(empty.content, Content::Text(String::new()));
    assert!(!empty.formula_without_result);
    assert!(s.get(5, 0).unwrap().formula_without_result);
}

#[test]
fn dates_rk_and_mulrk() {
    // FORMAT 164 is a Chinese date; XF 0 general, XF 1 that date, XF 2 built-in 14.
    let mut fmt = 164u16.to_le_bytes().to_vec();
    let code = "yyyy\"年\"m\"月\"d\"日\"";
    fmt.extend((code.encode_utf16().count() as u16).to_le_bytes());
    fmt.extend(wide(code));
    let rk = |row: u16, col: u16, xf: u16, v: u32| {
        let mut d = cell_head(row, col, xf);
        d.extend(v.to_le_bytes());
        rec(0x027E, &d)
    };
    let mut mulrk = [0u16.to_le_bytes(), 5u16.to_le_bytes()].concat();
    for (xf, v) in [
        (0u16, 7u32 << 2 | 2),
        (2, 45_473 << 2 | 2),
        (0, 0x3FF0_0001),
    ] {
        mulrk.extend(xf.to_le_bytes());
        mulrk.extend(v.to_le_bytes());
    }
    mulrk.extend(7u16.to_le_bytes());
    let bytes = xls8(
        vec![rec(0x041E, &fmt), xf(0), xf(164), xf(14)],
        &[sheet8(
            "表",
            0,
            vec![
                number(0, 0, 1, 45_473.0),
                rk(0, 1, 0, 12345 << 2 | 3),
                rk(0, 2, 0, 0x3FF0_0000),
                rec(0x00BD, &mulrk),
            ],
        )],
    );
    let b = timed(&bytes).unwrap();
    let s = &b.sheets[0];
    assert_eq!(
        s.get(0, 0).unwrap().content,
        Content::Date("2024-06-30".into())
    );
    assert_eq!(s.get(0, 1).unwrap().content, Content::Number(123.45));
    assert_eq!(s.get(0, 2).unwrap().content, Content::Number(1.0));
    assert_eq!(s.get(0, 5).unwrap().content, Content::Number(7.0));
    assert_eq!(
        s.get(0, 6).unwrap().content,
        Content::Date("2024-06-30".into())
    );
    assert_eq!(s.get(0, 7).unwrap().content, Content::Number(0.01));
}

#[test]
fn a_biff5_workbook_in_gbk() {
    let gbk = |s: &str| encoding_rs::GBK.encode(s).0.into_owned();
    let label5 = |row: u16, col: u16, s: &str| {
        let b = gbk(s);
        let mut d = cell_head(row, col, 0);
        d.extend((b.len() as u16).to_le_bytes());
        d.extend(b);
        rec(0x0204, &d)
    };
    let name = gbk("重症医学科");
    let mut n = vec![name.len() as u8];
    n.extend(&name);
    let sheet = SheetSpec {
        name: n,
        state: 0,
        records: [
            label5(0, 0, "填报单位：北岭旗中医医院"),
            label5(1, 1, "床位数"),
            number(1, 2, 0, 30.0),
        ]
        .concat(),
    };
    let bytes = ole(
        "/Book",
        &stream(0x0500, vec![rec(0x0042, &936u16.to_le_bytes())], &[sheet]),
    );
    let b = timed(&bytes).unwrap();
    assert_eq!(b.sheets[0].name, "重症医学科");
    assert_eq!(
        text(&b, 0, 0, 0),
        Some(&Content::Text("填报单位：北岭旗中医医院".into()))
    );
    assert_eq!(text(&b, 0, 1, 1), Some(&Content::Text("床位数".into())));
    assert_eq!(text(&b, 0, 1, 2), Some(&Content::Number(30.0)));
}

#[test]
fn more_sheets_than_the_limit_are_too_large_even_hidden_ones() {
    let sheets: Vec<SheetSpec> = (0..300)
        .map(|i| sheet8(&format!("表{i}"), 1, vec![]))
        .collect();
    let e = timed(&xls8(vec![], &sheets)).unwrap_err();
    assert!(matches!(e, ReadError::TooLarge(_)), "{e:?}");
}

/// Fifty sheets that all point at the records of the first would have us read them fifty
/// times over.
#[test]
fn sheets_that_share_their_records_are_damaged() {
    let cells: Vec<Vec<u8>> = (0..20).map(|i| number(i, 0, 0, 1.0)).collect();
    let sheets: Vec<SheetSpec> = (0..50)
        .map(|i| {
            sheet8(
                &format!("表{i}"),
                0,
                if i == 0 { cells.clone() } else { vec![] },
            )
        })
        .collect();
    let mut s = stream(0x0600, vec![], &sheets);
    // Point every BOUNDSHEET at the first sheet.
    let mut pos = 0;
    let mut first = None;
    while pos + 4 <= s.len() {
        let typ = u16::from_le_bytes([s[pos], s[pos + 1]]);
        let len = usize::from(u16::from_le_bytes([s[pos + 2], s[pos + 3]]));
        if typ == 0x0085 {
            let at = &mut s[pos + 4..pos + 8];
            match first {
                None => first = Some(at.to_vec()),
                Some(ref f) => at.copy_from_slice(f),
            }
        }
        if typ == 0x000A {
            break;
        }
        pos += 4 + len;
    }
    match timed(&ole("/Workbook", &s)) {
        Err(ReadError::Damaged(m)) => assert!(m.contains("overlap"), "{m}"),
        Err(e) => panic!("{e:?}"),
        Ok(b) => panic!("read {} sheets", b.sheets.len()),
    }
}

/// Some writers leave out the option byte of an empty string: still an empty text, as
/// calamine reads it, not a damaged record.
#[test]
fn an_empty_label_without_its_option_byte() {
    let mut d = cell_head(0, 0, 0);
    d.extend([0, 0]);
    let bytes = xls8(
        vec![],
        &[sheet8("表", 0, vec![rec(0x0204, &d), label8(0, 1, "序号")])],
    );
    let b = timed(&bytes).unwrap();
    assert_eq!(text(&b, 0, 0, 0), Some(&Content::Text(String::new())));
    assert_eq!(text(&b, 0, 0, 1), Some(&Content::Text("序号".into())));
}

/// Time to read the .xls fixture 2,000 times with our reader (the whole `read_bytes` path:
/// sniffing, panic guard, sorting) and with calamine, best of five rounds (the machine is
/// shared): `cargo test --release --test read_xls -- --ignored --nocapture`.
#[test]
#[ignore]
fn speed_against_calamine() {
    let bytes = fixture(FIXTURES[0]);
    let n = 2000;
    let (mut ours, mut theirs) = (Duration::MAX, Duration::MAX);
    for _ in 0..5 {
        let t = Instant::now();
        let mut cells = 0;
        for _ in 0..n {
            cells += book(&bytes).unwrap().sheets[0].len();
        }
        ours = ours.min(t.elapsed());
        let t = Instant::now();
        let mut their_cells = 0;
        for _ in 0..n {
            let mut wb: Xls<_> = Xls::new(Cursor::new(&bytes)).unwrap();
            let name = wb.sheet_names()[0].clone();
            their_cells += wb.worksheet_range(&name).unwrap().used_cells().count();
        }
        theirs = theirs.min(t.elapsed());
        assert_eq!(cells, their_cells);
    }
    println!("{n} reads, best of 5: ours {ours:?}, calamine {theirs:?}");
}
