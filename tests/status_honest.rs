//! `assess status` tells what the ledger does not settle (the second trial clerk's findings A6
//! and B11): a year whose half-year and whole-year grades differ (which counted, and why), two
//! grades for the same period (the unit is not decided), a unit without this year's result (said,
//! not silently decided on older years), the ledger period each grade came from, a run's grade
//! replacing the ledger's, and units from more than one county. Each in the terminal, the CSV
//! and the JSON.

mod common;
use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A ledger of 南山县 and one unit of 北山县, with what the clerk found.
const LEDGER: &str = "期间,旗县区,医院,专科,等级,国家级获批日期
2022年,南山县,南山县人民医院,骨科,合格,
2023年,南山县,南山县人民医院,骨科,合格,
2024年1-6月,南山县,南山县人民医院,骨科,合格,
2024年度,南山县,南山县人民医院,骨科,不合格,
2023年,南山县,南山县中医医院,骨科,合格,
2024年,南山县,南山县中医医院,骨科,合格,
2024年,南山县,南山县中医医院,骨科,不合格,
2022年,南山县,南山县第五医院,儿科,合格,
2023年,南山县,南山县第五医院,儿科,合格,
2024年1-6月,北山县,北山县人民医院,儿科,合格,
";

fn ledger(dir: &Path, text: &str) -> PathBuf {
    let p = dir.join("历年评估.csv");
    std::fs::write(&p, text).unwrap();
    p
}

fn run(args: &[&str]) -> (String, String) {
    let o = assess().args(args).output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    (
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn status_json(ledger: &Path, extra: &[&str]) -> Vec<Value> {
    let mut a = vec![
        "status",
        "--history",
        ledger.to_str().unwrap(),
        "--format",
        "json",
    ];
    a.extend_from_slice(extra);
    serde_json::from_str::<Value>(&run(&a).0)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn unit<'a>(v: &'a [Value], hospital: &str, specialty: &str) -> &'a Value {
    v.iter()
        .find(|u| u["hospital"] == hospital && u["specialty"] == specialty)
        .unwrap_or_else(|| panic!("no {hospital} {specialty}: {v:#?}"))
}

fn rules(u: &Value) -> Vec<String> {
    u["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

fn csv_records(text: &str) -> Vec<std::collections::HashMap<String, String>> {
    let mut r = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let head: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records()
        .map(|x| {
            head.iter()
                .cloned()
                .zip(x.unwrap().iter().map(String::from))
                .collect()
        })
        .collect()
}

/// A6 (a): 2024年1-6月 合格 and 2024年度 不合格 for one unit were resolved in silence. The whole
/// year's grade counts, and the choice is said with both periods and grades.
#[test]
fn a6a_half_year_and_whole_year_grades_that_differ_say_which_counted() {
    let dir = tempfile::tempdir().unwrap();
    let l = ledger(dir.path(), LEDGER);
    let v = status_json(&l, &[]);
    let u = unit(&v, "南山县人民医院", "骨科");
    assert_eq!(u["grades"]["2024"], "不合格");
    assert_eq!(u["periods"]["2024"], "2024年");
    assert_eq!(
        u["period_choices"],
        serde_json::json!([{"year": 2024, "period": "2024年", "grade": "不合格",
            "others": [{"period": "2024年1-6月", "grade": "合格"}]}])
    );
    assert_eq!(
        (u["state"].as_str(), u["until"].as_u64()),
        (Some("rectifying"), Some(2025)),
        "the whole year fails: rectification"
    );
    assert_eq!(rules(u), ["ledger-period-choice"]);
    let (out, _) = run(&["status", "--history", l.to_str().unwrap()]);
    let flat: String = out.split_whitespace().collect();
    assert!(
        flat.contains("同一年不同期间的等级不一致时，按全年等级计，无全年时按截止最晚的期间：南山县人民医院骨科2024年按2024年度“不合格”计，2024年1-6月为合格"),
        "{out}"
    );
}

/// A6 (a): two rows giving the same period different grades are an error for that unit: it is
/// not decided, and listed.
#[test]
fn a6a_two_grades_for_the_same_period_leave_the_unit_undecided_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let l = ledger(dir.path(), LEDGER);
    let v = status_json(&l, &[]);
    let u = unit(&v, "南山县中医医院", "骨科");
    assert_eq!(u["state"], "undecided");
    assert_eq!(u["status"], "无法判定：台账中2024年度的等级不一致");
    assert_eq!(u["next"], "");
    assert_eq!(u["county_level"], false);
    assert!(u["grades"].get("2024").is_none(), "{u}");
    assert_eq!(
        u["conflicts"],
        serde_json::json!([{"period": "2024年", "grades": ["合格", "不合格"]}])
    );
    assert_eq!(rules(u), ["ledger-grade-conflict"]);
    assert_eq!(u["findings"][0]["severity"], "error");
    let (out, _) = run(&["status", "--history", l.to_str().unwrap()]);
    let flat: String = out.split_whitespace().collect();
    assert!(
        flat.contains("错误：台账中同一单位同一期间有不同的等级，以下单位未判定建设状态，请核对台账：南山县中医医院骨科（2024年度：合格、不合格）"),
        "{out}"
    );
    // Its 2024 cell is neither grade.
    let row = out
        .lines()
        .find(|l| l.contains("南山县中医医院"))
        .unwrap_or_else(|| panic!("{out}"));
    assert!(row.contains("?"), "{row}");
    // In English too.
    let (en, _) = run(&["status", "--history", l.to_str().unwrap(), "--lang", "en"]);
    let flat: String = en.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("these units are not decided (check the ledger): 南山县中医医院 骨科 (whole-year 2024: 合格, 不合格)"),
        "{en}"
    );
}

/// A6 (b): a unit with no grade for the current year (2024, the ledger's latest) was decided
/// on older years in silence. It is listed with 缺少2024年度评估结果, and its status says what it
/// stands on.
#[test]
fn a6b_a_unit_without_this_years_result_is_listed_not_silently_decided() {
    let dir = tempfile::tempdir().unwrap();
    let l = ledger(dir.path(), LEDGER);
    let v = status_json(&l, &[]);
    let u = unit(&v, "南山县第五医院", "儿科");
    assert_eq!(u["missing"], serde_json::json!([2024]));
    assert_eq!(rules(u), ["ledger-year-missing"]);
    assert_eq!(
        u["findings"][0]["message"],
        "缺少2024年度评估结果，建设状态按2023年及以前的结果判定"
    );
    // Decided on 2022 and 2023: the missing year does not break the run of passes.
    assert_eq!(u["state"], "building");
    assert_eq!(u["next"], "再一年合格即可授牌");
    // Units with a 2024 result miss nothing.
    assert_eq!(
        unit(&v, "南山县人民医院", "骨科")["missing"],
        serde_json::json!([])
    );
    let wide = stdout_of(assess().env("COLUMNS", "200").args([
        "status",
        "--history",
        l.to_str().unwrap(),
    ]));
    let row = wide.lines().find(|r| r.contains("南山县第五医院")).unwrap();
    assert!(
        row.contains("缺少2024年度评估结果；截至2023年：建设中；再一年合格即可授牌"),
        "{row}"
    );
    let (out, _) = run(&["status", "--history", l.to_str().unwrap()]);
    let flat: String = out.split_whitespace().collect();
    assert!(
        flat.contains("注：以下单位缺少最近年度的评估结果，建设状态按其此前各年的结果判定：南山县第五医院儿科（缺少2024年度评估结果）"),
        "{out}"
    );
    // The CSV says it in its own columns.
    let (csv, _) = run(&[
        "status",
        "--history",
        l.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    let recs = csv_records(&csv);
    let r = recs
        .iter()
        .find(|r| r["hospital"] == "南山县第五医院")
        .unwrap();
    assert_eq!(r["missing"], "2024");
    assert_eq!(r["rules"], "ledger-year-missing");
    assert!(r["findings"].contains("缺少2024年度评估结果"), "{r:?}");
}

/// A6 (c): which ledger period each year's grade came from is said: the terminal's note, the
/// JSON's `periods`, the CSV's `period_YYYY`; the existing columns stay where they were.
#[test]
fn a6c_each_grade_says_the_ledger_period_it_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let l = ledger(dir.path(), LEDGER);
    let v = status_json(&l, &[]);
    let u = unit(&v, "北山县人民医院", "儿科");
    assert_eq!(u["periods"], serde_json::json!({"2024": "2024年1-6月"}));
    assert_eq!(
        unit(&v, "南山县第五医院", "儿科")["periods"],
        serde_json::json!({"2022": "2022年", "2023": "2023年"})
    );
    let (out, _) = run(&["status", "--history", l.to_str().unwrap()]);
    let flat: String = out.split_whitespace().collect();
    assert!(
        flat.contains("注：各年等级所取的台账期间：2022—2023年取全年（年度）结果；2024年取2024年度（2个单位），北山县人民医院儿科取2024年1-6月"),
        "{out}"
    );
    let (csv, _) = run(&[
        "status",
        "--history",
        l.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    let head = csv.trim_start_matches('\u{feff}').lines().next().unwrap();
    assert_eq!(
        head,
        "county,hospital,specialty,grade_2022,grade_2023,grade_2024,state,since,until,deadline,\
         status,next,county_level,gaps,period_2022,period_2023,period_2024,missing,rules,findings"
    );
    let recs = csv_records(&csv);
    let r = recs
        .iter()
        .find(|r| r["hospital"] == "北山县人民医院")
        .unwrap();
    assert_eq!(
        (r["grade_2024"].as_str(), r["period_2024"].as_str()),
        ("合格", "2024年1-6月")
    );
    // With this year's submissions, the run's half year is the 2024 grade's period.
    let v = status_json(
        Path::new("fixtures/history/历年评估.csv"),
        &["fixtures/submissions"],
    );
    let u = unit(&v, "北岭旗人民医院", "心血管内科");
    assert_eq!(u["periods"]["2024"], "2024年1-6月");
    assert_eq!(u["periods"]["2023"], "2023年");
}

/// B11: units from several counties in one run were not said. The status lists the counties
/// and their units.
#[test]
fn b11_units_from_several_counties_are_said() {
    let dir = tempfile::tempdir().unwrap();
    let l = ledger(dir.path(), LEDGER);
    let (out, _) = run(&["status", "--history", l.to_str().unwrap()]);
    let flat: String = out.split_whitespace().collect();
    assert!(
        flat.contains(
            "注：单位来自2个旗县区：南山县3个、北山县1个；通常一次只评估一个旗县区，请核对"
        ),
        "{out}"
    );
    let (en, _) = run(&["status", "--history", l.to_str().unwrap(), "--lang", "en"]);
    let flat: String = en.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("note: the units come from 2 counties: 南山县 3, 北山县 1"),
        "{en}"
    );
    // One county: nothing to say.
    let (out, _) = run(&["status", "--history", "fixtures/history/历年评估.csv"]);
    assert!(!out.contains("旗县区："), "{out}");
    // A unit of another county in the ledger beside this year's submissions.
    let one = ledger(
        dir.path(),
        "期间,旗县区,医院,专科,等级\n2023年,南山县,南山县人民医院,骨科,合格\n",
    );
    let (out, _) = run(&[
        "status",
        "--history",
        one.to_str().unwrap(),
        "fixtures/submissions",
    ]);
    let flat: String = out.split_whitespace().collect();
    assert!(
        flat.contains("单位来自2个旗县区：北岭旗9个、南山县1个"),
        "{out}"
    );
}

/// A run's grade replaces the ledger's for the same period (as `report --record` would); where
/// they differ, that is said instead of done in silence.
#[test]
fn a_run_grade_replacing_a_different_ledger_grade_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = std::fs::read_to_string("fixtures/history/历年评估.csv").unwrap();
    text.push_str("2024年1-6月,北岭旗,北岭旗蒙医医院,肿瘤科,合格,\n");
    text.push_str("2024年1-6月,北岭旗,北岭旗中医医院,骨科,合格,\n");
    // Written without its county: linked first, so the run's result replaces it too.
    text.push_str("2024年1-6月,北岭旗,人民医院,心血管内科,不合格,\n");
    let l = ledger(dir.path(), &text);
    let v = status_json(&l, &["fixtures/submissions"]);
    let u = unit(&v, "北岭旗蒙医医院", "肿瘤科");
    assert_eq!(u["grades"]["2024"], "待改进");
    assert_eq!(rules(u), ["ledger-grade-replaced"]);
    assert_eq!(
        u["findings"][0]["message"],
        "2024年1-6月的等级按本次结果“待改进”计，台账中为“合格”"
    );
    let c = unit(&v, "北岭旗人民医院", "心血管内科");
    assert_eq!(c["state"], "awarded", "{c}");
    assert_eq!(rules(c), ["ledger-grade-replaced"]);
    // The same grade replaced is nothing to say.
    assert!(rules(unit(&v, "北岭旗中医医院", "骨科")).is_empty());
    let (out, _) = run(&[
        "status",
        "--history",
        l.to_str().unwrap(),
        "fixtures/submissions",
    ]);
    let flat: String = out.split_whitespace().collect();
    assert!(
        flat.contains("本次结果与台账中同一期间的等级不同，按本次结果计：北岭旗人民医院心血管内科2024年1-6月（台账：不合格，本次：合格）；北岭旗蒙医医院肿瘤科2024年1-6月（台账：合格，本次：待改进）"),
        "{out}"
    );
}

/// CSV and JSON hold the notes per unit only: what concerns the whole table (several counties,
/// same-period conflicts, missing years, period choices, where the grades came from) is said on
/// stderr as under the terminal table, and stdout stays the data alone.
#[test]
fn csv_and_json_say_the_table_notes_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let l = ledger(dir.path(), LEDGER);
    let (table, table_err) = run(&["status", "--history", l.to_str().unwrap()]);
    assert!(
        !table_err.contains("单位来自"),
        "the table says its notes once, on stdout: {table_err}"
    );
    let flat = |s: &str| s.split_whitespace().collect::<String>();
    for format in ["json", "csv"] {
        let (out, err) = run(&[
            "status",
            "--history",
            l.to_str().unwrap(),
            "--format",
            format,
        ]);
        if format == "json" {
            serde_json::from_str::<Value>(&out).expect("stdout is JSON alone");
        } else {
            assert!(out.starts_with('\u{feff}'), "{out}");
            assert!(!out.contains("注："), "{out}");
        }
        let e = flat(&err);
        for said in [
            "错误：台账中同一单位同一期间有不同的等级，以下单位未判定建设状态，请核对台账：南山县中医医院骨科（2024年度：合格、不合格）",
            "注：以下单位缺少最近年度的评估结果，建设状态按其此前各年的结果判定：南山县第五医院儿科（缺少2024年度评估结果）",
            "注：同一年不同期间的等级不一致时，按全年等级计",
            "注：各年等级所取的台账期间：",
            "注：单位来自2个旗县区：南山县3个、北山县1个；通常一次只评估一个旗县区，请核对",
        ] {
            assert!(e.contains(said), "{format}: {said} not in {err}");
        }
        // The same notes as under the table, in the same order.
        let t = flat(&table);
        let notes_start = t.find("错误：").unwrap();
        assert_eq!(&t[notes_start..], e, "{format}");
    }
    // In English too; and a ledger with nothing to settle says only where its grades came from.
    let (_, err) = run(&[
        "status",
        "--history",
        l.to_str().unwrap(),
        "--format",
        "json",
        "--lang",
        "en",
    ]);
    assert!(
        err.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .contains("note: the units come from 2 counties: 南山县 3, 北山县 1"),
        "{err}"
    );
    let clean = ledger(
        dir.path(),
        "期间,旗县区,医院,专科,等级\n2023年,南山县,南山县人民医院,骨科,合格\n",
    );
    let (_, err) = run(&[
        "status",
        "--history",
        clean.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert_eq!(
        err,
        "注：各年等级所取的台账期间：2023年取全年（年度）结果\n"
    );
}
