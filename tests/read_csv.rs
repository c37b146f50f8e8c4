//! CSV encodings decided on the whole file: one stray byte keeps a UTF-8 file UTF-8 with a note
//! on its cell, GBK still reads as GBK, UTF-16 with a BOM reads, and bytes that are nothing at
//! all still give a sheet rather than a panic.

use assess::read::{read_bytes, Book, Limits, ReadNote, ReadNoteKind};
use std::path::Path;

fn fixture(p: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/submissions")
            .join(p),
    )
    .unwrap()
}

fn read(bytes: &[u8], name: &str) -> Book {
    read_bytes(bytes, Path::new(name), &Limits::default())
        .unwrap()
        .unwrap()
}

/// Every filled cell as (row, col, text).
fn cells(b: &Book) -> Vec<(u32, u32, String)> {
    b.sheets[0]
        .cells()
        .map(|(r, c, cell)| (r, c, cell.text()))
        .collect()
}

/// The UTF-8 fixture without its byte-order mark.
fn utf8_without_bom() -> Vec<u8> {
    let bytes = fixture("utf8-bom.csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    bytes[3..].to_vec()
}

#[test]
fn one_stray_byte_keeps_a_utf8_file_utf8_with_a_note_on_its_cell() {
    let clean = read(&fixture("utf8-bom.csv"), "儿科.csv");
    let mut bytes = utf8_without_bom();
    let at = bytes
        .windows("科室开放床位数".len())
        .position(|w| w == "科室开放床位数".as_bytes())
        .unwrap()
        + "科室".len();
    bytes.insert(at, 0xFF);
    let b = read(&bytes, "儿科.csv");
    assert_eq!(
        b.notes,
        [ReadNote {
            sheet: "儿科".into(),
            row: 5,
            col: 3,
            kind: ReadNoteKind::InvalidBytes { encoding: "UTF-8" },
        }]
    );
    assert_eq!(b.sheets[0].text(5, 3), "1.1.3科室\u{FFFD}开放床位数");
    // Every other cell reads as in the clean file.
    let mut want = cells(&clean);
    let got = cells(&b);
    for (r, c, t) in &mut want {
        if (*r, *c) == (5, 3) {
            *t = "1.1.3科室\u{FFFD}开放床位数".into();
        }
    }
    assert_eq!(got, want);
    assert!(clean.notes.is_empty());
}

#[test]
fn a_gbk_file_still_reads_as_gbk() {
    let bytes = fixture("北岭旗蒙医医院_康复医学科.csv");
    assert!(std::str::from_utf8(&bytes).is_err());
    let b = read(&bytes, "北岭旗蒙医医院_康复医学科.csv");
    assert!(b.notes.is_empty(), "{:?}", b.notes);
    assert_eq!(b.sheets[0].text(0, 3), "三级指标");
    assert_eq!(b.sheets[0].text(3, 3), "1.1.3科室开放床位数");
    let (text, _, _) = encoding_rs::GBK.decode(&bytes);
    assert_eq!(
        cells(&b).len(),
        text.lines()
            .flat_map(|l| l.split(','))
            .filter(|f| !f.trim().is_empty())
            .count()
    );

    // A byte GB18030 cannot decode: noted on its cell, the rest still GBK.
    let mut damaged = bytes.clone();
    let gbk_label = encoding_rs::GBK.encode("科室开放床位数").0;
    let at = damaged
        .windows(gbk_label.len())
        .position(|w| w == &gbk_label[..])
        .unwrap();
    damaged.insert(at, 0xFF);
    let b = read(&damaged, "x.csv");
    let at: Vec<(u32, u32, &str)> = b
        .notes
        .iter()
        .map(|n| match n.kind {
            ReadNoteKind::InvalidBytes { encoding } => (n.row, n.col, encoding),
            ReadNoteKind::Truncated { .. } => (n.row, n.col, "truncated"),
        })
        .collect();
    assert_eq!(at, [(3, 3, "GB18030")]);
    assert_eq!(b.sheets[0].text(3, 3), "1.1.3\u{FFFD}科室开放床位数");
}

#[test]
fn utf16_with_a_bom_reads_like_utf8() {
    let clean = read(&fixture("utf8-bom.csv"), "儿科.csv");
    let text = String::from_utf8(utf8_without_bom()).unwrap();
    let mut le = vec![0xFF, 0xFE];
    le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let mut be = vec![0xFE, 0xFF];
    be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
    for bytes in [le, be] {
        let b = read(&bytes, "儿科.csv");
        assert_eq!(cells(&b), cells(&clean));
        assert!(b.notes.is_empty());
    }
}

#[test]
fn a_file_of_ff_bytes_is_one_noted_cell() {
    for n in [1, 2, 3, 1000] {
        let b = read(&vec![0xFF; n], "x.csv");
        assert_eq!(b.sheets[0].len(), 1);
        assert_eq!(b.sheets[0].text(0, 0), "\u{FFFD}".repeat(n));
        assert_eq!(b.notes.len(), 1);
        assert_eq!(
            b.notes[0].kind,
            ReadNoteKind::InvalidBytes {
                encoding: "GB18030"
            }
        );
    }
}

/// A cell longer than Excel holds (32,767 characters) is cut with `…`, and the cut is noted
/// beside the replaced bytes.
#[test]
fn a_cell_longer_than_excel_holds_is_cut_and_noted() {
    let b = read(&vec![0xFF; 100_000], "x.csv");
    let t = b.sheets[0].text(0, 0);
    assert_eq!(t.chars().count(), 32_767);
    assert!(t.ends_with('…'));
    let kinds: Vec<&ReadNoteKind> = b.notes.iter().map(|n| &n.kind).collect();
    assert_eq!(
        kinds,
        [
            &ReadNoteKind::InvalidBytes {
                encoding: "GB18030"
            },
            &ReadNoteKind::Truncated { chars: 100_000 }
        ]
    );
}
