//! What hospitals' sheets do that a reader easily gets silently wrong, each built here the way
//! Excel and WPS save it (fictional 北岭旗, 南山县 and 北山县 hospitals): a value typed in the
//! second row of an item name merged over two rows, 合计/小计 lines inside the table, a survey on
//! a hidden sheet, Excel's "Unicode text" export saved as .txt, and two units side by side in
//! one sheet. Each must end as read values with a warning, or as an error that says what to do.

use assess::diag::{Diagnostic, Finding};
use assess::load::{load, load_bytes, FileOutcome, LoadOptions, Skipped};
use assess::model::Survey;
use rust_xlsxwriter::{Format, Workbook};

const HEADER: [&str; 6] = [
    "序号",
    "一级指标",
    "二级指标",
    "三级指标",
    "2023年1-6月",
    "2024年1-6月",
];

/// The form's items: (number, code, name).
fn items() -> Vec<(u32, String, String)> {
    include_str!("../data/indicators.csv")
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[0].parse().unwrap(), f[1].to_string(), f[4].to_string())
        })
        .collect()
}

/// A value every item accepts, different per item and period.
fn value(no: u32, period: usize) -> String {
    (10 + no + period as u32).to_string()
}

/// A filled survey: title, unit line, header, 69 rows.
fn survey(hospital: &str, specialty: &str) -> Vec<Vec<String>> {
    let mut rows = vec![
        vec!["重点专科基本情况调查表".to_string()],
        vec![format!("填报单位：{hospital}    专科名称：{specialty}")],
        HEADER.iter().map(|s| s.to_string()).collect(),
    ];
    for (no, code, name) in items() {
        rows.push(vec![
            no.to_string(),
            String::new(),
            String::new(),
            format!("{code}{name}"),
            value(no, 0),
            value(no, 1),
        ]);
    }
    rows
}

/// The sheet row (0-based) of item `no` in [`survey`].
fn row_of(no: u32) -> usize {
    2 + no as usize
}

fn csv(rows: &[Vec<String>], sep: &str) -> String {
    rows.iter()
        .map(|r| r.join(sep))
        .collect::<Vec<_>>()
        .join("\r\n")
}

/// Write rows into a worksheet: numbers as numbers, the rest as text.
fn write_rows(ws: &mut rust_xlsxwriter::Worksheet, rows: &[Vec<String>]) {
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if v.is_empty() {
                continue;
            }
            match v.parse::<f64>() {
                Ok(n) => ws.write_number(r as u32, c as u16, n).unwrap(),
                Err(_) => ws.write_string(r as u32, c as u16, v).unwrap(),
            };
        }
    }
}

fn opts() -> LoadOptions {
    LoadOptions {
        today: (2025, 6, 1),
        ..LoadOptions::default()
    }
}

fn rules(out: &FileOutcome) -> Vec<&'static str> {
    out.diagnostics.iter().map(|d| d.rule().id()).collect()
}

fn of_rule<'a>(out: &'a FileOutcome, id: &str) -> Vec<&'a Diagnostic> {
    out.diagnostics
        .iter()
        .filter(|d| d.rule().id() == id)
        .collect()
}

/// The value read for item `no` in period column `p`.
fn read_value(s: &Survey, p: usize, no: u32) -> Option<f64> {
    s.values[p][no as usize - 1].value()
}

// ---------------------------------------------------------------------------------------------
// A4: a value in the row below an item's name

/// Item 1's name merged over two rows with its values typed in the second row; item 4's
/// name merged over two rows with the count in the first and the share in the second. Gives
/// the workbook and the two items' first rows.
fn merged_names() -> (Vec<u8>, usize, usize) {
    let mut rows = survey("南山县人民医院", "骨科");
    let r1 = row_of(1);
    rows.insert(r1 + 1, vec![String::new(); 6]);
    rows[r1 + 1][4] = "950".into();
    rows[r1 + 1][5] = "1055".into();
    rows[r1][4].clear();
    rows[r1][5].clear();
    let r4 = row_of(4) + 1;
    rows.insert(r4 + 1, vec![String::new(); 6]);
    rows[r4 + 1][4] = "10.5%".into();
    rows[r4 + 1][5] = "11.6%".into();

    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("骨科").unwrap();
    write_rows(ws, &rows);
    let f = Format::new();
    for r in [r1, r4] {
        let (a, d) = (&rows[r][0], &rows[r][3]);
        ws.merge_range(r as u32, 0, r as u32 + 1, 0, a, &f).unwrap();
        ws.merge_range(r as u32, 3, r as u32 + 1, 3, d, &f).unwrap();
    }
    (wb.save_to_buffer().unwrap(), r1, r4)
}

/// What [`merged_names`] must read as; `merged`: the format tells merges.
fn check_merged_names(out: &FileOutcome, r1: usize, r4: usize, merged: bool) {
    assert!(!rules(out).contains(&"item-missing"), "{:?}", rules(out));
    let s = &out.surveys[0];
    assert_eq!(read_value(s, 0, 1), Some(950.0));
    assert_eq!(read_value(s, 1, 1), Some(1055.0));
    // Its values are all on the second row: later messages name that row.
    assert_eq!(s.rows.get(0), Some(r1 as u32 + 1));
    assert_eq!(
        s.cell(1, 0).as_deref(),
        Some(format!("F{}", r1 + 2).as_str())
    );
    // Item 4 keeps its count; the shares are reported, not read.
    assert_eq!(read_value(s, 1, 4), Some(value(4, 1).parse().unwrap()));

    let below = of_rule(out, "value-below-name");
    assert_eq!(below.len(), 4, "{below:#?}");
    let used: Vec<(String, bool, bool)> = below
        .iter()
        .map(|d| match &d.finding {
            Finding::ValueBelowName { used, merged, .. } => {
                (d.cell.clone().unwrap(), *used, *merged)
            }
            f => panic!("{f:?}"),
        })
        .collect();
    let e = |r: usize| format!("E{}", r + 2);
    let fc = |r: usize| format!("F{}", r + 2);
    assert!(used.contains(&(e(r1), true, merged)), "{used:?}");
    assert!(used.contains(&(fc(r1), true, merged)), "{used:?}");
    assert!(used.contains(&(e(r4), false, merged)), "{used:?}");
    assert!(used.contains(&(fc(r4), false, merged)), "{used:?}");
    assert!(below.iter().all(|d| d.item.is_some() && d.period.is_some()));
    assert!(below.iter().all(|d| !d.is_error()));
}

#[test]
fn value_below_a_merged_name_is_the_items() {
    let (bytes, r1, r4) = merged_names();
    let out = load_bytes(&bytes, "南山县人民医院_骨科.xlsx", &opts());
    check_merged_names(&out, r1, r4, true);
}

/// The workbook resaved by LibreOffice as `ext`; `None` when LibreOffice is not installed.
fn resaved(bytes: &[u8], ext: &str) -> Option<Vec<u8>> {
    if std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_err()
    {
        // CI installs LibreOffice (.ci/run): there a missing soffice is a failure.
        assert!(
            std::env::var_os("CI").is_none(),
            "LibreOffice (soffice) is needed in CI"
        );
        eprintln!("skipped: LibreOffice (soffice) is not installed");
        return None;
    }
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("book.xlsx");
    std::fs::write(&src, bytes).unwrap();
    let st = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", ext, "--outdir"])
        .arg(dir.path().join("out"))
        .arg(&src)
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert!(st.status.success(), "{st:?}");
    Some(std::fs::read(dir.path().join("out").join(format!("book.{ext}"))).unwrap())
}

#[test]
fn value_below_a_merged_name_in_xls_and_ods_resaves() {
    let (bytes, r1, r4) = merged_names();
    // .xls says what is merged; .ods is read without merges, by the row right below.
    for (ext, merged) in [("xls", true), ("ods", false)] {
        let Some(b) = resaved(&bytes, ext) else {
            return;
        };
        let out = load_bytes(&b, &format!("南山县人民医院_骨科.{ext}"), &opts());
        check_merged_names(&out, r1, r4, merged);
    }
}

#[test]
fn value_below_a_name_without_merges_is_taken_only_right_below_the_item() {
    // A CSV has no merges: a nameless row directly below an item gives the item's missing
    // value; a nameless row after a blank row belongs to nothing and is left alone.
    let mut rows = survey("北山县人民医院", "心血管内科");
    let r2 = row_of(2);
    rows[r2][5].clear();
    rows.insert(r2 + 1, vec![String::new(); 6]);
    rows[r2 + 1][5] = "77".into();
    let r9 = row_of(9) + 1;
    rows.insert(r9 + 1, vec![String::new(); 6]);
    rows.insert(r9 + 2, vec![String::new(); 6]);
    rows[r9 + 2][5] = "5".into();
    let out = load_bytes(
        csv(&rows, ",").as_bytes(),
        "北山县人民医院_心血管内科.csv",
        &opts(),
    );
    let s = &out.surveys[0];
    assert_eq!(read_value(s, 1, 2), Some(77.0));
    assert_eq!(read_value(s, 0, 2), Some(value(2, 0).parse().unwrap()));
    // Item 2 has a value of its own in E: it stays on its row.
    assert_eq!(s.rows.get(1), Some(r2 as u32));
    assert_eq!(read_value(s, 1, 9), Some(value(9, 1).parse().unwrap()));
    let below = of_rule(&out, "value-below-name");
    assert_eq!(below.len(), 1, "{below:#?}");
    assert_eq!(
        below[0].cell.as_deref(),
        Some(format!("F{}", r2 + 2).as_str())
    );
    assert!(matches!(
        below[0].finding,
        Finding::ValueBelowName {
            used: true,
            merged: false,
            ..
        }
    ));
    let en = assess::messages::message(below[0], assess::i18n::Lang::En);
    assert!(en.contains("read as that item's value"), "{en}");
}

// ---------------------------------------------------------------------------------------------
// B12: 合计 / 小计 lines

#[test]
fn total_rows_are_skipped_with_a_warning() {
    let mut rows = survey("南山县第二人民医院", "康复医学科");
    let r8 = row_of(8);
    let mut total = vec![String::new(); 6];
    total[3] = "合 计".into();
    total[4] = "30".into();
    total[5] = "33".into();
    rows.insert(r8 + 1, total);
    // A 小计 with a serial number of its own is still no item.
    let r20 = row_of(20) + 1;
    let mut sub = vec![String::new(); 6];
    sub[0] = "21".into();
    sub[3] = "小计（年龄结构）".into();
    sub[4] = "40".into();
    rows.insert(r20 + 1, sub);
    let out = load_bytes(
        csv(&rows, ",").as_bytes(),
        "南山县第二人民医院_康复医学科.csv",
        &opts(),
    );
    let r = rules(&out);
    assert!(!r.contains(&"item-unrecognised"), "{r:?}");
    assert!(!r.contains(&"item-repeated"), "{r:?}");
    assert!(!r.contains(&"item-missing"), "{r:?}");
    let totals = of_rule(&out, "total-row-skipped");
    let cells: Vec<&str> = totals.iter().filter_map(|d| d.cell.as_deref()).collect();
    assert_eq!(
        cells,
        [format!("D{}", r8 + 2), format!("D{}", r20 + 2)],
        "{totals:#?}"
    );
    assert!(totals.iter().all(|d| !d.is_error()));
    // Item 21 is read from its own row, not from the 小计 numbered 21.
    let s = &out.surveys[0];
    assert_eq!(read_value(s, 0, 21), Some(value(21, 0).parse().unwrap()));
}

// ---------------------------------------------------------------------------------------------
// B9: hidden sheets and .txt exports

fn workbook(sheets: &[(&str, Vec<Vec<String>>, bool)]) -> Vec<u8> {
    let mut wb = Workbook::new();
    for (name, rows, hidden) in sheets {
        let ws = wb.add_worksheet().set_name(*name).unwrap();
        write_rows(ws, rows);
        if *hidden {
            ws.set_hidden(true);
        }
    }
    wb.save_to_buffer().unwrap()
}

fn instructions() -> Vec<Vec<String>> {
    vec![vec!["填报说明：请按调查表填写本专科数据。".to_string()]]
}

#[test]
fn hidden_survey_sheet_is_read_when_no_visible_sheet_holds_one() {
    let bytes = workbook(&[
        ("填报说明", instructions(), false),
        ("调查表", survey("北岭旗人民医院", "儿科"), true),
    ]);
    let out = load_bytes(&bytes, "北岭旗人民医院_儿科.xlsx", &opts());
    assert_eq!(out.surveys.len(), 1, "{:?}", rules(&out));
    assert_eq!(out.surveys[0].sheet, "调查表");
    assert!(!rules(&out).contains(&"no-table"));
    let hidden = of_rule(&out, "sheet-hidden");
    assert_eq!(hidden.len(), 1);
    assert_eq!(hidden[0].sheet.as_deref(), Some("调查表"));
    assert_eq!(hidden[0].finding, Finding::SheetHidden { read: true });
}

#[test]
fn hidden_survey_sheet_in_xls_and_ods_resaves_is_read() {
    let bytes = workbook(&[
        ("填报说明", instructions(), false),
        ("调查表", survey("北岭旗人民医院", "儿科"), true),
    ]);
    for ext in ["xls", "ods"] {
        let Some(b) = resaved(&bytes, ext) else {
            return;
        };
        let out = load_bytes(&b, &format!("北岭旗人民医院_儿科.{ext}"), &opts());
        assert_eq!(out.surveys.len(), 1, "{ext}: {:?}", rules(&out));
        let hidden = of_rule(&out, "sheet-hidden");
        assert_eq!(hidden.len(), 1, "{ext}");
        assert_eq!(hidden[0].finding, Finding::SheetHidden { read: true });
    }
}

#[test]
fn hidden_survey_sheet_beside_a_visible_one_is_not_read_and_said_so() {
    let mut old = survey("北岭旗人民医院", "儿科");
    old[row_of(3)][4] = "999".into();
    let bytes = workbook(&[
        ("2024年", survey("北岭旗人民医院", "儿科"), false),
        ("旧表", old, true),
    ]);
    let out = load_bytes(&bytes, "北岭旗人民医院_儿科.xlsx", &opts());
    assert_eq!(out.surveys.len(), 1);
    assert_eq!(out.surveys[0].sheet, "2024年");
    assert_eq!(
        read_value(&out.surveys[0], 0, 3),
        Some(value(3, 0).parse().unwrap())
    );
    let hidden = of_rule(&out, "sheet-hidden");
    assert_eq!(hidden.len(), 1);
    assert_eq!(hidden[0].sheet.as_deref(), Some("旧表"));
    assert_eq!(hidden[0].finding, Finding::SheetHidden { read: false });
    // A hidden sheet with no survey in it is no news.
    let bytes = workbook(&[
        ("2024年", survey("北岭旗人民医院", "儿科"), false),
        ("下拉列表", instructions(), true),
    ]);
    let out = load_bytes(&bytes, "北岭旗人民医院_儿科.xlsx", &opts());
    assert!(of_rule(&out, "sheet-hidden").is_empty());
}

/// Excel's "Unicode text": UTF-16 LE with a BOM, tab-separated.
fn unicode_text(rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for u in csv(rows, "\t").encode_utf16() {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

#[test]
fn txt_tab_export_is_read_and_a_txt_note_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("南山县妇幼保健院_儿科.txt");
    std::fs::write(&table, unicode_text(&survey("南山县妇幼保健院", "儿科"))).unwrap();
    // The same export in GBK with tabs, and a note a clerk left beside the files.
    let gbk = dir.path().join("北山县人民医院_眼科.txt");
    let text = csv(&survey("北山县人民医院", "眼科"), "\t");
    std::fs::write(&gbk, encoding_rs::GBK.encode(&text).0).unwrap();
    let note = dir.path().join("说明.txt");
    std::fs::write(&note, "各院请于月底前报送。\r\n联系人：王芳\r\n").unwrap();
    let listed = dir.path().join("清单.txt");
    std::fs::write(&listed, "医院,专科\r\n北岭旗人民医院,儿科\r\n").unwrap();

    let found = assess::inputs::collect(&[dir.path().to_path_buf()]).unwrap();
    let batch = load(&found, &opts(), &|| {});
    let by_name = |n: &str| {
        batch
            .files
            .iter()
            .find(|f| f.path.file_name().unwrap() == n)
            .unwrap()
    };
    for n in ["南山县妇幼保健院_儿科.txt", "北山县人民医院_眼科.txt"] {
        let f = by_name(n);
        assert_eq!(f.surveys.len(), 1, "{n}: {:?}", rules(f));
        assert_eq!(f.skipped, None);
        assert_eq!(
            read_value(&f.surveys[0], 1, 5),
            Some(value(5, 1).parse().unwrap())
        );
        assert!(of_rule(f, "text-invalid-bytes").is_empty(), "{n}");
    }
    for n in ["说明.txt", "清单.txt"] {
        let f = by_name(n);
        assert_eq!(f.skipped, Some(Skipped::NotSpreadsheet), "{n}");
        assert!(f.diagnostics.is_empty(), "{n}: {:?}", rules(f));
    }
}

// ---------------------------------------------------------------------------------------------
// B8: two units side by side

/// Two specialties' tables side by side: the second block's periods repeat the first's.
fn side_by_side(second_name_column: bool) -> Vec<Vec<String>> {
    let a = survey("南山县中医医院", "骨科");
    let b = survey("南山县中医医院", "针灸推拿科");
    let mut rows = vec![vec!["南山县中医医院重点专科基本情况调查表".to_string()]];
    let mut labels = vec![String::new(); 10];
    labels[0] = "填报单位：南山县中医医院".into();
    rows.push(labels);
    for (ra, rb) in a.iter().zip(&b).skip(2) {
        let mut r = ra.clone();
        if second_name_column {
            r.push(rb[3].clone());
        }
        r.extend(rb[4..].iter().cloned());
        rows.push(r);
    }
    rows
}

#[test]
fn two_units_side_by_side_are_named_as_such() {
    for second_name_column in [false, true] {
        let rows = side_by_side(second_name_column);
        let out = load_bytes(
            csv(&rows, ",").as_bytes(),
            "南山县中医医院_骨科.csv",
            &opts(),
        );
        let repeated = of_rule(&out, "period-repeated");
        assert_eq!(repeated.len(), 1, "{repeated:#?}");
        let (first, second) = if second_name_column {
            ("E–F", "H–I")
        } else {
            ("E–F", "G–H")
        };
        assert_eq!(
            repeated[0].finding,
            Finding::UnitsSideBySide {
                first_cols: first.into(),
                cols: second.into()
            }
        );
        let zh = assess::messages::message(repeated[0], assess::i18n::Lang::Zh);
        assert!(zh.contains("两个单位"), "{zh}");
        let s = &out.surveys[0];
        assert_eq!(s.periods.len(), 2);
        assert_eq!(read_value(s, 1, 7), Some(value(7, 1).parse().unwrap()));
    }
}

#[test]
fn one_period_typed_twice_stays_a_plain_repeat() {
    let mut rows = survey("北岭旗蒙医医院", "蒙医科");
    rows[2][5] = "2023年1-6月".into();
    let out = load_bytes(
        csv(&rows, ",").as_bytes(),
        "北岭旗蒙医医院_蒙医科.csv",
        &opts(),
    );
    let repeated = of_rule(&out, "period-repeated");
    assert_eq!(repeated.len(), 1);
    assert!(
        matches!(repeated[0].finding, Finding::PeriodRepeated { .. }),
        "{:?}",
        repeated[0].finding
    );
}
