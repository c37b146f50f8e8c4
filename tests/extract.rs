//! `assess extract` on the fixtures: the tidy table, exactly, and each value form by hand.

mod common;
use common::*;
use serde_json::Value;

fn records(path: &str) -> Vec<Value> {
    json_of(assess().args(["extract", path, "--format", "json"]))
        .as_array()
        .unwrap()
        .clone()
}

fn rec<'a>(rs: &'a [Value], file: &str, sheet: Option<&str>, period: &str, no: u64) -> &'a Value {
    rs.iter()
        .find(|r| {
            r["file"].as_str().unwrap().ends_with(file)
                && sheet.is_none_or(|s| r["sheet"] == s)
                && r["period"] == period
                && r["no"] == no
        })
        .unwrap_or_else(|| panic!("no record {file} {period} {no}"))
}

#[test]
fn every_survey_period_and_item_once() {
    let rs = records("fixtures/submissions");
    // 9 surveys × 2 periods × 69 items.
    assert_eq!(rs.len(), 9 * 2 * 69);
    let keys: Vec<&String> = rs[0].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "file",
            "sheet",
            "county",
            "hospital",
            "specialty",
            "period",
            "no",
            "code",
            "name",
            "value",
            "status",
            "raw",
            "detail",
            "county_raw",
            "hospital_raw",
            "specialty_raw"
        ]
    );
}

#[test]
fn values_as_people_type_them() {
    let rs = records("fixtures/submissions/values-as-typed.xlsx");
    let p = "2023年1-6月";
    let v = |no| rec(&rs, "values-as-typed.xlsx", None, p, no);
    let check = |no: u64, value: Value, status: &str, raw_has: &str, detail: &str| {
        let r = v(no);
        assert_eq!(r["value"], value, "item {no}: {r}");
        assert_eq!(r["status"], status, "item {no}");
        assert!(
            r["raw"].as_str().unwrap().contains(raw_has),
            "item {no}: {r}"
        );
        assert_eq!(r["detail"], detail, "item {no}");
    };
    check(1, 823.0.into(), "ok", "平方米", "");
    check(3, 55.0.into(), "ok", "张", "");
    check(2, 50.0.into(), "ok", "50", ""); // typed " 50 "
    check(4, 0.0.into(), "ok", "0张/0.0%", "0.0%");
    check(5, 3.0.into(), "ok", "（DR", "DR、彩超、呼吸机");
    check(6, 11.0.into(), "ok", "１１", "");
    check(8, 3.0.into(), "ok", "3", ""); // a formula's saved result
    check(21, 19461.0.into(), "ok", "19,461", "");
    check(25, 19.7.into(), "ok", "19.7%", "");
    check(33, 0.0.into(), "ok", "无", "");
    check(41, Value::Null, "na", "/", "");
    check(46, 53.8.into(), "ok", "５３．８％", "");
    check(53, 153.0.into(), "ok", "人次", "");
    check(63, 12.0.into(), "ok", "第12名", "");
    let r = v(56);
    assert_eq!(
        (r["value"].clone(), r["raw"].as_str()),
        (0.0.into(), Some("无"))
    );
}

#[test]
fn compound_cells_and_unranked() {
    let rs = records("fixtures/submissions/standard-form.xlsx");
    for r in rs
        .iter()
        .filter(|r| r["no"] == 56 && r["status"] == "ok" && r["raw"] != "无")
    {
        assert!(r["detail"].as_str().unwrap().ends_with("万元"), "{r}");
    }
    let ranks: Vec<&Value> = rs.iter().filter(|r| r["no"] == 63).collect();
    assert_eq!(ranks.len(), 2);
    for r in ranks {
        match r["raw"].as_str().unwrap() {
            "未上榜" => assert_eq!(
                (r["status"].as_str(), r["detail"].as_str()),
                (Some("missing"), Some("未上榜"))
            ),
            raw => assert_eq!(
                r["value"].as_f64().unwrap().to_string(),
                raw.trim_start_matches('第').trim_end_matches('名')
            ),
        }
    }
}

#[test]
fn percent_formatted_cells_mean_what_they_show_in_xlsx_xls_and_ods() {
    for f in [
        "standard-form.xlsx",
        "北岭旗/北岭旗中医医院/重症医学科.xls",
        "北岭旗/北岭旗中医医院/骨科.ods",
    ] {
        let rs = records(&fixture(&format!("submissions/{f}")));
        let rates: Vec<&Value> = rs
            .iter()
            .filter(|r| {
                assess::form::Form::builtin_static()
                    .item(r["no"].as_u64().unwrap() as u8)
                    .unwrap()
                    .kind
                    == assess::form::Kind::Rate
            })
            .collect();
        let rate_items = assess::form::Form::builtin_static()
            .items()
            .iter()
            .filter(|i| i.kind == assess::form::Kind::Rate)
            .count();
        assert_eq!(rates.len(), 2 * rate_items, "{f}");
        for r in rates {
            let raw = r["raw"].as_str().unwrap();
            assert!(raw.ends_with('%'), "{f}: {r}");
            let shown: f64 = raw.trim_end_matches('%').parse().unwrap();
            let v = r["value"].as_f64().unwrap();
            assert!(
                (v - shown).abs() < 1e-9 && v > 0.0 && v <= 100.0,
                "{f}: {r}"
            );
        }
    }
}

#[test]
fn units_from_labels_sheets_file_names_and_folders() {
    let rs = records("fixtures/submissions");
    let unit = |file: &str, sheet: &str| {
        let r = rs
            .iter()
            .find(|r| r["file"].as_str().unwrap().ends_with(file) && r["sheet"] == sheet)
            .unwrap_or_else(|| panic!("{file} {sheet}"));
        (
            r["county"].as_str().unwrap(),
            r["hospital"].as_str().unwrap(),
            r["specialty"].as_str().unwrap(),
        )
    };
    assert_eq!(
        unit("standard-form.xlsx", "调查表"),
        ("北岭旗", "北岭旗人民医院", "心血管内科")
    );
    assert_eq!(
        unit("values-as-typed.xlsx", "Sheet1"),
        ("北岭旗", "北岭旗人民医院", "神经内科")
    );
    assert_eq!(
        unit("sheet-per-specialty.xlsx", "骨科"),
        ("北岭旗", "北岭旗第二人民医院", "骨科")
    );
    assert_eq!(
        unit("sheet-per-specialty.xlsx", "妇产科"),
        ("北岭旗", "北岭旗第二人民医院", "妇产科")
    );
    assert_eq!(
        unit("table-moved-rows-reordered.xlsx", "肿瘤科"),
        ("北岭旗", "北岭旗蒙医医院", "肿瘤科")
    );
    assert_eq!(
        unit("北岭旗蒙医医院_康复医学科.csv", "北岭旗蒙医医院_康复医学科"),
        ("北岭旗", "北岭旗蒙医医院", "康复医学科")
    );
    assert_eq!(
        unit("utf8-bom.csv", "utf8-bom"),
        ("北岭旗", "北岭旗妇幼保健院", "儿科")
    );
    assert_eq!(
        unit("重症医学科.xls", "Sheet1"),
        ("北岭旗", "北岭旗中医医院", "重症医学科")
    );
    assert_eq!(
        unit("骨科.ods", "Sheet1"),
        ("北岭旗", "北岭旗中医医院", "骨科")
    );
    // No instructions sheet became a survey.
    assert!(!rs.iter().any(|r| r["sheet"] == "填表说明"));
}

#[test]
fn periods_written_differently_are_the_same_period() {
    let rs = records("fixtures/submissions/table-moved-rows-reordered.xlsx");
    let periods: std::collections::BTreeSet<&str> =
        rs.iter().map(|r| r["period"].as_str().unwrap()).collect();
    assert_eq!(
        periods.into_iter().collect::<Vec<_>>(),
        ["2023年1-6月", "2024年1-6月"]
    );
}

#[test]
fn the_same_survey_reads_the_same_in_every_format() {
    // GBK CSV and UTF-8 CSV have the same structure; both read all 69 items with no invalid.
    for f in ["北岭旗蒙医医院_康复医学科.csv", "utf8-bom.csv"] {
        let rs = records(&fixture(&format!("submissions/{f}")));
        assert_eq!(rs.len(), 138, "{f}");
        assert!(rs.iter().all(|r| r["status"] != "invalid"), "{f}");
    }
}

#[test]
fn csv_output_is_exactly_the_golden_table_and_opens_in_excel() {
    let out = assess()
        .args(["extract", "fixtures/submissions"])
        .output()
        .unwrap();
    assert!(
        out.stdout.starts_with("\u{feff}".as_bytes()),
        "BOM for Excel"
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.lines().next().unwrap().ends_with(
        "file,sheet,county,hospital,specialty,period,no,code,name,value,status,raw,detail,county_raw,hospital_raw,specialty_raw"
    ));
    golden("extract-submissions.csv", &text);
}

#[test]
fn output_file_is_written_whole_and_inputs_are_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("values.csv");
    let before = std::fs::read(root().join("fixtures/submissions/standard-form.xlsx")).unwrap();
    assess()
        .args([
            "extract",
            "fixtures/submissions",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    assert_eq!(
        std::fs::read_to_string(&out).unwrap().lines().count(),
        1 + 9 * 2 * 69
    );
    assert_eq!(
        std::fs::read(root().join("fixtures/submissions/standard-form.xlsx")).unwrap(),
        before
    );
    // Refuses to overwrite an input.
    assess()
        .args([
            "extract",
            "fixtures/submissions/standard-form.xlsx",
            "-o",
            "fixtures/submissions/standard-form.xlsx",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("输入文件"));
    assert_eq!(
        std::fs::read(root().join("fixtures/submissions/standard-form.xlsx")).unwrap(),
        before
    );
}

#[test]
fn broken_files_do_not_stop_extraction() {
    let out = assess()
        .args(["extract", "fixtures/broken"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("zip-bomb.xlsx"), "{err}");
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("data-errors.xlsx"));
}
