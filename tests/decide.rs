//! The commission's decisions end to end: targets read from a survey's own column and from
//! separate target workbooks, attained by direction; the designation status of every unit from
//! a five-year ledger (fixtures/history/历年评估.csv) and this year's submissions; and
//! `report --record` writing the ledger.

mod common;
use common::*;
use serde_json::Value;
use std::path::Path;

fn status(args: &[&str]) -> Vec<Value> {
    let mut a = vec![
        "status",
        "--history",
        "fixtures/history/历年评估.csv",
        "--format",
        "json",
    ];
    a.extend_from_slice(args);
    json_of(assess().args(&a)).as_array().unwrap().clone()
}

fn unit<'a>(v: &'a [Value], hospital: &str, specialty: &str) -> &'a Value {
    v.iter()
        .find(|u| u["hospital"] == hospital && u["specialty"] == specialty)
        .unwrap_or_else(|| panic!("no {hospital} {specialty}: {v:#?}"))
}

#[test]
fn every_status_over_five_years_with_this_years_results() {
    let v = status(&["fixtures/submissions"]);
    assert_eq!(v.len(), 9, "8 units of the ledger and 1 new");
    let s = |h: &str, sp: &str| unit(&v, h, sp);
    // Awarded in 2022, approved nationally in 2024 within the deadline.
    assert_eq!(s("北岭旗中医医院", "重症医学科")["state"], "national");
    // Awarded in 2021; the deadline is the end of this year.
    let g = s("北岭旗中医医院", "骨科");
    assert_eq!(
        (g["state"].as_str(), g["deadline"].as_u64()),
        (Some("awarded"), Some(2024))
    );
    assert_eq!(g["next"], "须在2024年底前获批国家级临床重点专科，否则撤牌");
    // 心内科 in the ledger (written with a stamp note once) is 心血管内科 this year: three passing
    // years in a row award the plaque now.
    let c = s("北岭旗人民医院", "心血管内科");
    assert_eq!(
        (c["state"].as_str(), c["since"].as_u64()),
        (Some("awarded"), Some(2024))
    );
    assert_eq!(c["grades"].as_object().unwrap().len(), 3);
    // Two failing years in a row: withdrawn, whatever came after.
    let n = s("北岭旗人民医院", "神经内科");
    assert_eq!(
        (n["state"].as_str(), n["since"].as_u64()),
        (Some("revoked"), Some(2022))
    );
    // A gap year breaks "in a row" and is flagged.
    let f = s("北岭旗第二人民医院", "妇产科");
    assert_eq!(f["state"], "building");
    assert_eq!(f["gaps"], serde_json::json!([2022]));
    assert_eq!(f["next"], "再一年合格即可授牌");
    // A failing year, then a pass: rectification is over.
    assert_eq!(s("北岭旗蒙医医院", "康复医学科")["state"], "building");
    // A failing year, and this year's grade fails too (待改进 is the last tier).
    let t = s("北岭旗蒙医医院", "肿瘤科");
    assert_eq!(
        (t["state"].as_str(), t["since"].as_u64()),
        (Some("revoked"), Some(2024))
    );
    // New to the ledger: its history starts this year.
    let k = s("北岭旗妇幼保健院", "儿科");
    assert_eq!(k["grades"].as_object().unwrap().len(), 1);
    assert_eq!(k["next"], "再连续2年合格即可授牌");
}

#[test]
fn without_submissions_the_ledger_alone_decides() {
    let v = status(&[]);
    assert_eq!(v.len(), 8);
    // Rectification after the 2023 fail, until the end of 2024.
    let r = unit(&v, "北岭旗蒙医医院", "康复医学科");
    assert_eq!(
        (r["state"].as_str(), r["until"].as_u64()),
        (Some("rectifying"), Some(2024))
    );
    assert_eq!(r["next"], "再次不合格将取消资格");
    let text = stdout_of(assess().args([
        "status",
        "--history",
        "fixtures/history/历年评估.csv",
        "--lang",
        "en",
        "--format",
        "csv",
    ]));
    assert!(
        text.contains("rectification (until the end of 2024)"),
        "{text}"
    );
    assert!(
        text.contains("another failing year withdraws the status"),
        "{text}"
    );
}

#[test]
fn recording_the_same_period_twice_leaves_one_row_per_unit() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("历年评估.xlsx");
    let out = dir.path().join("评估.xlsx");
    for _ in 0..2 {
        let o = assess()
            .args([
                "report",
                "fixtures/submissions",
                "-o",
                out.to_str().unwrap(),
                "--history",
                ledger.to_str().unwrap(),
                "--record",
            ])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    let rows = ledger_rows(&ledger);
    assert_eq!(rows.len(), 9, "{rows:#?}");
    assert!(rows.iter().all(|r| r[0] == "2024年1-6月"));
    // The old ledger was kept beside it.
    assert!(dir.path().join("历年评估.bak.xlsx").exists());
    // The report has the status sheet and the status column.
    let wb: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    use calamine::Reader;
    assert!(wb.sheet_names().contains(&"建设状态".to_string()));
}

fn ledger_rows(path: &Path) -> Vec<Vec<String>> {
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    let name = wb.sheet_names()[0].clone();
    let r = wb.worksheet_range(&name).unwrap();
    r.rows()
        .skip(1)
        .map(|row| row.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// The standard-form survey with a target column added after its period columns.
fn with_target_column(dir: &Path) -> std::path::PathBuf {
    let src = std::fs::read_to_string(root().join("fixtures/submissions/utf8-bom.csv")).unwrap();
    let mut out = Vec::new();
    for line in src.lines() {
        let l = line.trim_start_matches('\u{feff}');
        let fields: Vec<&str> = l.split(',').collect();
        let extra = if l.contains("三级指标") {
            "2026年目标"
        } else if l.contains("1.1.3科室开放床位数") {
            "60" // more than it has: not attained
        } else if l.contains("住院患者死亡率") {
            "5" // lower is better, and its value is lower: attained
        } else if l.contains("门诊人次") {
            "1" // attained
        } else {
            ""
        };
        if fields.len() > 3 && (l.contains("三级指标") || fields[0].parse::<u32>().is_ok()) {
            out.push(format!("{l},{extra}"));
        } else {
            out.push(l.to_string());
        }
    }
    let p = dir.join("儿科_目标.csv");
    std::fs::write(&p, out.join("\n")).unwrap();
    p
}

#[test]
fn targets_from_the_surveys_own_column() {
    let dir = tempfile::tempdir().unwrap();
    let p = with_target_column(dir.path());
    let v = json_of(assess().args(["score", p.to_str().unwrap(), "--format", "json"]));
    let r = &v["results"][0];
    assert_eq!(
        (r["targets_met"].as_u64(), r["targets_set"].as_u64()),
        (Some(2), Some(3))
    );
    let item = |id: &str| {
        r["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        (
            item("3")["target"].as_f64(),
            item("3")["attained"].as_bool()
        ),
        (Some(60.0), Some(false))
    );
    assert_eq!(item("34")["attained"], true);
    assert!(item("1")["target"].is_null());
    // The detail on the terminal has the target beside each item.
    let text = stdout_of(assess().args(["score", p.to_str().unwrap(), "--detail"]));
    assert!(text.contains("目标"), "{text}");
}

#[test]
fn targets_from_separate_workbooks_matched_by_unit() {
    let dir = tempfile::tempdir().unwrap();
    // A target workbook for 北岭旗妇幼保健院 儿科: the same form, one column headed 建设目标.
    let src = std::fs::read_to_string(root().join("fixtures/submissions/utf8-bom.csv")).unwrap();
    let mut out = Vec::new();
    for line in src.lines() {
        let l = line.trim_start_matches('\u{feff}');
        let f: Vec<&str> = l.split(',').collect();
        if l.contains("三级指标") {
            out.push(format!("{},{},{},{},建设目标", f[0], f[1], f[2], f[3]));
        } else if f.len() > 3 && f[0].parse::<u32>().is_ok() {
            let t = if l.contains("1.1.3科室开放床位数") {
                "10"
            } else {
                ""
            };
            out.push(format!("{},{},{},{},{t}", f[0], f[1], f[2], f[3]));
        } else {
            out.push(l.to_string());
        }
    }
    let targets = dir.path().join("目标");
    std::fs::create_dir(&targets).unwrap();
    std::fs::write(targets.join("儿科目标.csv"), out.join("\n")).unwrap();
    let v = json_of(assess().args([
        "score",
        "fixtures/submissions",
        "--targets",
        targets.to_str().unwrap(),
        "--format",
        "json",
    ]));
    let with: Vec<&Value> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !r["targets_set"].is_null())
        .collect();
    assert_eq!(with.len(), 1);
    assert_eq!(with[0]["hospital"], "北岭旗妇幼保健院");
    assert_eq!(
        (
            with[0]["targets_met"].as_u64(),
            with[0]["targets_set"].as_u64()
        ),
        (Some(1), Some(1))
    );
    // The report has the 目标达成 sheet.
    let out = dir.path().join("r.xlsx");
    assess()
        .args([
            "report",
            "fixtures/submissions",
            "--targets",
            targets.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    use calamine::Reader;
    let wb: calamine::Xlsx<_> = calamine::open_workbook(&out).unwrap();
    assert!(wb.sheet_names().contains(&"目标达成".to_string()));
}

#[test]
fn a_target_that_cannot_be_read_is_a_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let p = with_target_column(dir.path());
    let text = std::fs::read_to_string(&p).unwrap().replace(",60", ",很多");
    std::fs::write(&p, text).unwrap();
    let d = json_of(assess().args(["validate", p.to_str().unwrap(), "--format", "json"]));
    assert!(
        d.as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "value-unreadable" && d["item"] == 3 && d["period"].is_null()),
        "{d:#}"
    );
}

/// A grade that stands on data with errors is not written into the ledger unless asked: the
/// unit is named, the others are recorded, and the kept copy of the ledger is said.
#[test]
fn record_leaves_out_units_whose_data_has_errors() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("历年评估.csv");
    std::fs::copy(root().join("fixtures/history/历年评估.csv"), &ledger).unwrap();
    let out = dir.path().join("评估.xlsx");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "report",
            "fixtures/submissions",
            "fixtures/broken/data-errors.xlsx",
            "-o",
            out.to_str().unwrap(),
            "--history",
            ledger.to_str().unwrap(),
            "--record",
        ];
        args.extend(extra);
        let o = assess().args(&args).output().unwrap();
        assert!(o.status.success());
        String::from_utf8_lossy(&o.stderr).into_owned()
    };
    let err = run(&[]);
    assert!(
        err.contains("以下单位的数据有错误，其等级未写入台账：北岭旗第三人民医院 呼吸内科"),
        "{err}"
    );
    assert!(err.contains("原台账已备份为"), "{err}");
    let recorded = |rows: &[Vec<String>]| {
        rows.iter()
            .filter(|r| r[0] == "2024年1-6月")
            .map(|r| r[3].clone())
            .collect::<Vec<_>>()
    };
    let rows = csv_rows(&ledger);
    assert_eq!(recorded(&rows).len(), 9, "{rows:#?}");
    assert!(!recorded(&rows).contains(&"呼吸内科".to_string()));
    run(&["--force"]);
    let rows = csv_rows(&ledger);
    assert!(
        recorded(&rows).contains(&"呼吸内科".to_string()),
        "{rows:#?}"
    );
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut r = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    r.records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect()
}

/// A ledger row written without the county (`人民医院`) is the same hospital as the run's
/// `北岭旗人民医院`: its years count, and the status says it linked them.
#[test]
fn a_ledger_hospital_without_its_county_links_to_the_full_name() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("历年评估.csv");
    std::fs::write(
        &ledger,
        "期间,旗县区,医院,专科,等级,国家级获批日期\n\
         2022年,北岭旗,人民医院,心血管内科,合格,\n\
         2023年,北岭旗,北岭旗人民医院,心血管内科,合格,\n",
    )
    .unwrap();
    let out = stdout_of(assess().args(["status", "--history", ledger.to_str().unwrap()]));
    assert!(out.contains("“人民医院”按“北岭旗人民医院”"), "{out}");
    assert!(out.contains("再一年合格即可授牌"), "{out}");
}

/// Every cell of a sheet as text, row by row.
fn sheet_rows(path: &Path, sheet: &str) -> Vec<Vec<String>> {
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    let r = wb.worksheet_range(sheet).unwrap();
    r.rows()
        .map(|row| row.iter().map(|c| c.to_string()).collect())
        .collect()
}

/// The fixture ledger with what `status` says and the sheets did not: a period with two grades
/// (肿瘤科 2023), a grade from a half-year (神经内科 2023年1-6月), a unit without this year's
/// result (眼科).
fn unsettled_ledger(dir: &Path) -> std::path::PathBuf {
    let mut text = std::fs::read_to_string(root().join("fixtures/history/历年评估.csv")).unwrap();
    text.push_str("2023年,北岭旗,北岭旗蒙医医院,肿瘤科,合格,\n");
    text.push_str("2023年1-6月,北岭旗,北岭旗人民医院,神经内科,合格,\n");
    text.push_str("2022年,北岭旗,北岭旗第三医院,眼科,合格,\n");
    text.push_str("2023年,北岭旗,北岭旗第三医院,眼科,合格,\n");
    let p = dir.join("历年评估.csv");
    std::fs::write(&p, text).unwrap();
    p
}

/// The 建设状态 sheet, the status column of 排名 and the feedback page say what `status` says:
/// a missing year and what the status stands on, an undecided unit and why, the conflicts and
/// choices, and (under the sheet) the ledger period each year's grade came from.
#[test]
fn the_report_and_feedback_say_the_status_as_status_does() {
    let dir = tempfile::tempdir().unwrap();
    let l = unsettled_ledger(dir.path());
    let out = dir.path().join("评估.xlsx");
    let o = assess()
        .args([
            "report",
            "fixtures/submissions",
            "-o",
            out.to_str().unwrap(),
            "--history",
            l.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows = sheet_rows(&out, "建设状态");
    let head = &rows[3];
    let col = |name: &str| {
        head.iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no {name} in {head:?}"))
    };
    let row = |h: &str, s: &str| {
        rows.iter()
            .find(|r| r.len() > 2 && r[1] == h && r[2] == s)
            .unwrap_or_else(|| panic!("no {h} {s}"))
    };
    let (state, next, check) = (col("建设状态"), col("下一年结果的影响"), col("台账核对"));
    let tumour = row("北岭旗蒙医医院", "肿瘤科");
    assert_eq!(tumour[col("2023年")], "等级不一致");
    assert_eq!(tumour[state], "无法判定：台账中2023年度的等级不一致");
    assert_eq!(
        tumour[check],
        "台账中2023年度有2个不同的等级（不合格、合格），未判定建设状态；请核对台账"
    );
    let eye = row("北岭旗第三医院", "眼科");
    assert_eq!(eye[state], "缺少2024年度评估结果；截至2023年：建设中");
    assert_eq!(eye[next], "再一年合格即可授牌");
    assert_eq!(eye[col("缺少结果的年份")], "2024");
    // The missing year is said once, in the status.
    assert_eq!(eye[check], "");
    let notes: Vec<&String> = rows.iter().filter_map(|r| r.first()).collect();
    for said in [
        "错误：台账中同一单位同一期间有不同的等级，以下单位未判定建设状态，请核对台账：北岭旗蒙医医院 肿瘤科（2023年度：不合格、合格）",
        "说明：以下单位缺少最近年度的评估结果，建设状态按其此前各年的结果判定：北岭旗第三医院 眼科（缺少2024年度评估结果）",
        "说明：各年等级所取的台账期间：2019—2022年取全年（年度）结果；2023年取2023年度（5个单位），北岭旗人民医院 神经内科取2023年1-6月；2024年取2024年1-6月",
    ] {
        assert!(notes.iter().any(|n| *n == said), "{said} not in {notes:#?}");
    }
    // 排名's status column: the undecided unit says why.
    let ranking = sheet_rows(&out, "排名");
    let r = ranking
        .iter()
        .find(|r| r.iter().any(|c| c == "肿瘤科"))
        .unwrap();
    assert_eq!(
        r.last().unwrap(),
        "无法判定：台账中2023年度的等级不一致",
        "{r:?}"
    );
    // The feedback page.
    let fb = dir.path().join("反馈.xlsx");
    let o = assess()
        .args([
            "feedback",
            "fixtures/submissions",
            "--single",
            "-o",
            fb.to_str().unwrap(),
            "--history",
            l.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let fact = |sheet_rows: &[Vec<String>], key: &str| -> Option<String> {
        sheet_rows
            .iter()
            .find(|r| r.first().is_some_and(|k| k == key))
            .map(|r| r[1].clone())
    };
    use calamine::Reader;
    let wb: calamine::Xlsx<_> = calamine::open_workbook(&fb).unwrap();
    let names = wb.sheet_names();
    let page = |unit: &str| {
        let name = names
            .iter()
            .find(|n| n.contains(unit))
            .unwrap_or_else(|| panic!("no {unit} in {names:?}"));
        sheet_rows(&fb, name)
    };
    let p = page("肿瘤科");
    assert_eq!(
        fact(&p, "建设状态").as_deref(),
        Some("无法判定：台账中2023年度的等级不一致")
    );
    assert_eq!(
        fact(&p, "台账核对").as_deref(),
        Some("台账中2023年度有2个不同的等级（不合格、合格），未判定建设状态；请核对台账")
    );
    let p = page("神经内科");
    assert_eq!(
        fact(&p, "建设状态").as_deref(),
        Some("取消资格（2022年起）")
    );
    assert_eq!(fact(&p, "台账核对"), None);
}

/// `report --record` replaces the ledger's rows of the same unit and period: it says which,
/// with the old and the new grade, instead of overwriting in silence.
#[test]
fn record_says_which_ledger_rows_it_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = std::fs::read_to_string(root().join("fixtures/history/历年评估.csv")).unwrap();
    text.push_str("2024年1-6月,北岭旗,北岭旗蒙医医院,肿瘤科,合格,\n");
    text.push_str("2024年1-6月,北岭旗,北岭旗中医医院,骨科,合格,\n");
    let l = dir.path().join("历年评估.csv");
    std::fs::write(&l, text).unwrap();
    let out = dir.path().join("评估.xlsx");
    let record = |lang: &str| {
        let o = assess()
            .args([
                "report",
                "fixtures/submissions",
                "-o",
                out.to_str().unwrap(),
                "--history",
                l.to_str().unwrap(),
                "--record",
                "--lang",
                lang,
            ])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8_lossy(&o.stderr)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let err = record("zh");
    assert!(
        err.contains("注：替换了台账中同一期间的 2 行，其中等级改变的 1 行：北岭旗蒙医医院 肿瘤科 2024年1-6月（合格 → 待改进）；其余 1 行等级未变"),
        "{err}"
    );
    let rows = csv_rows(&l);
    assert!(
        rows.iter()
            .any(|r| r[0] == "2024年1-6月" && r[2] == "北岭旗蒙医医院" && r[4] == "待改进"),
        "{rows:?}"
    );
    // Recorded again: every row of the period replaced by the same grade.
    let err = record("en");
    assert!(
        err.contains("note: replaced 9 rows of the ledger for the same period; no grade changed"),
        "{err}"
    );
}

/// `report --record` links a ledger hospital written without its county (`人民医院`) to the
/// run's full name (`北岭旗人民医院`) as `status` does, so the run's result replaces its row of
/// the same period instead of standing beside it, and the ledger `status` reads afterwards
/// decides as `status` did with the run.
#[test]
fn record_links_a_hospital_without_its_county_as_status_does() {
    let dir = tempfile::tempdir().unwrap();
    let l = dir.path().join("历年评估.csv");
    std::fs::write(
        &l,
        "期间,旗县区,医院,专科,等级,国家级获批日期\n\
         2022年,北岭旗,人民医院,心血管内科,合格,\n\
         2023年,北岭旗,北岭旗人民医院,心血管内科,合格,\n\
         2024年1-6月,北岭旗,人民医院,心血管内科,不合格,\n",
    )
    .unwrap();
    let status_of = |extra: &[&str]| {
        let mut a = vec![
            "status",
            "--history",
            l.to_str().unwrap(),
            "--format",
            "json",
        ];
        a.extend_from_slice(extra);
        let v = json_of(assess().args(&a)).as_array().unwrap().clone();
        unit(&v, "北岭旗人民医院", "心血管内科").clone()
    };
    let before = status_of(&["fixtures/submissions"]);
    let out = dir.path().join("评估.xlsx");
    let o = assess()
        .args([
            "report",
            "fixtures/submissions",
            "-o",
            out.to_str().unwrap(),
            "--history",
            l.to_str().unwrap(),
            "--record",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let err: String = String::from_utf8_lossy(&o.stderr)
        .split_whitespace()
        .collect();
    assert!(
        err.contains("替换了台账中同一期间的1行，其中等级改变的1行：北岭旗人民医院心血管内科2024年1-6月（不合格→"),
        "{err}"
    );
    let rows = csv_rows(&l);
    assert!(rows.iter().all(|r| r[2] != "人民医院"), "{rows:#?}");
    let this = |r: &&Vec<String>| {
        r[0] == "2024年1-6月" && r[2] == "北岭旗人民医院" && r[3] == "心血管内科"
    };
    assert_eq!(rows.iter().filter(this).count(), 1, "{rows:#?}");
    let after = status_of(&[]);
    for k in ["state", "since", "grades", "next"] {
        assert_eq!(after[k], before[k], "{k}: {after:#} / {before:#}");
    }
}
