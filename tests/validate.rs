//! `assess validate` on every fixture: the diagnostics, exactly, and the exit status.

mod common;
use common::*;
use serde_json::Value;

fn diags(path: &str) -> Vec<Value> {
    json_of(assess().args(["validate", path, "--format", "json"]))
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn clean_submissions_pass() {
    assess()
        .args(["validate", "fixtures/submissions"])
        .assert()
        .code(0);
    // No error; the only warnings say which units were taken from file, folder or sheet names.
    let ds = diags("fixtures/submissions");
    let files: Vec<&str> = ds
        .iter()
        .map(|d| {
            assert_eq!(d["rule"], "unit-from-name", "{d}");
            d["file"].as_str().unwrap()
        })
        .collect();
    assert_eq!(
        files,
        [
            "fixtures/submissions/sheet-per-specialty.xlsx",
            "fixtures/submissions/sheet-per-specialty.xlsx",
            "fixtures/submissions/北岭旗/北岭旗中医医院/重症医学科.xls",
            "fixtures/submissions/北岭旗/北岭旗中医医院/骨科.ods",
            "fixtures/submissions/北岭旗蒙医医院_康复医学科.csv",
        ]
    );
}

#[test]
fn broken_files_each_give_one_clear_error_and_the_batch_goes_on() {
    let ds = diags("fixtures/broken");
    let one = |file: &str, rule: &str, words: &str| {
        let found: Vec<&Value> = ds
            .iter()
            .filter(|d| d["file"].as_str().unwrap().ends_with(file))
            .collect();
        assert_eq!(found.len(), 1, "{file}: {found:#?}");
        assert_eq!(found[0]["rule"], rule, "{file}");
        assert_eq!(found[0]["severity"], "error", "{file}");
        let msg = found[0]["message"].as_str().unwrap();
        assert!(msg.contains(words), "{file}: {msg}");
    };
    one("truncated.xlsx", "file-unreadable", "不完整");
    one("password-protected.xlsx", "file-unreadable", "密码");
    one("text-named.xlsx", "file-unreadable", "不是表格");
    one("zip-bomb.xlsx", "file-unreadable", "压缩炸弹");
    one("stray-cell-XFD1048576.xlsx", "stray-cell", "XFD1048576");
    one("no-table.xlsx", "no-table", "三级指标");
    one("no-period-column.xlsx", "no-period", "期间");
    one("empty-period-column.xlsx", "period-empty", "2023年1-6月");
    one(
        "duplicate-second.xlsx",
        "duplicate-submission",
        "duplicate-first.xlsx",
    );
    // The stray cell does not lose the survey around it.
    let ex = stdout_of(assess().args(["extract", "fixtures/broken/stray-cell-XFD1048576.xlsx"]));
    assert_eq!(ex.lines().count(), 1 + 2 * 69);
}

#[test]
fn items_missing_repeated_and_unrecognised() {
    let ds = diags("fixtures/broken/items-missing-repeated-unrecognised.xlsx");
    let pick = |rule: &str| {
        ds.iter()
            .filter(|d| d["rule"] == rule)
            .cloned()
            .collect::<Vec<_>>()
    };
    let missing: Vec<_> = pick("item-missing")
        .iter()
        .map(|d| d["item"].as_u64().unwrap())
        .collect();
    assert_eq!(missing, [12, 50]);
    let rep = pick("item-repeated");
    assert_eq!(rep.len(), 1);
    assert_eq!(rep[0]["item"], 22);
    assert_eq!(rep[0]["name"], "出院人次");
    assert_eq!(rep[0]["cell"], "D34");
    let un = pick("item-unrecognised");
    assert_eq!(un.len(), 1);
    assert_eq!(un[0]["cell"], "D72");
    assert!(un[0]["message"]
        .as_str()
        .unwrap()
        .contains("科室自定义指标"));
}

#[test]
fn value_rules_name_the_cell_item_and_period() {
    let ds = diags("fixtures/broken/data-errors.xlsx");
    let find = |rule: &str, period: &str| {
        ds.iter()
            .find(|d| d["rule"] == rule && d["period"] == period)
            .unwrap_or_else(|| panic!("no {rule} in {period}: {ds:#?}"))
            .clone()
    };
    let h1 = "2023年1-6月";
    let d = find("value-negative", h1);
    assert_eq!(
        (d["cell"].as_str(), d["item"].as_u64()),
        (Some("E6"), Some(3))
    );
    assert_eq!(d["name"], "科室开放床位数");
    assert_eq!(d["sheet"], "Sheet1");
    assert_eq!(find("count-fractional", h1)["item"], 7);
    assert_eq!(find("value-unreadable", h1)["cell"], "E24");
    assert_eq!(find("rate-out-of-range", h1)["item"], 25);
    assert_eq!(find("cmi-implausible", h1)["item"], 27);
    assert_eq!(find("surgeries-over-discharges", h1)["item"], 29);
    assert_eq!(find("grade4-over-surgeries", h1)["item"], 30);
    assert_eq!(find("minimally-invasive-over-surgeries", h1)["item"], 31);
    let e = find("value-error-cell", h1);
    assert_eq!(
        (e["cell"].as_str(), e["item"].as_u64()),
        (Some("E35"), Some(32))
    );
    assert!(e["message"].as_str().unwrap().contains("#DIV/0!"));
    assert_eq!(find("value-missing", h1)["item"], 37);
    assert_eq!(find("value-missing", h1)["severity"], "warning");
    assert_eq!(find("ddds-implausible", h1)["item"], 44);
    assert_eq!(find("formula-no-result", h1)["item"], 47);
    assert_eq!(find("staff-education-sum", h1)["severity"], "warning");
    assert_eq!(find("staff-title-sum", h1)["item"], 14);
    assert_eq!(find("staff-age-sum", h1)["item"], 17);
    let h2 = "2024年1-6月";
    assert_eq!(find("icu-over-beds", h2)["cell"], "F7");
    // A date cell (item 21) and a date typed as text (item 20).
    for (no, cell) in [(21, "F24"), (20, "F23")] {
        let d = ds
            .iter()
            .find(|d| d["rule"] == "value-unreadable" && d["period"] == h2 && d["item"] == no)
            .unwrap();
        assert_eq!(d["cell"], cell);
        assert!(d["message"].as_str().unwrap().contains("日期"), "{d}");
    }
}

#[test]
fn broken_diagnostics_are_exactly_the_golden_ones() {
    let out = stdout_of(assess().args(["validate", "fixtures/broken", "--format", "json"]));
    golden("validate-broken.json", &out);
    let csv = stdout_of(assess().args(["validate", "fixtures/broken", "--format", "csv"]));
    golden("validate-broken.csv", &csv);
}

#[test]
fn json_keys_are_the_documented_contract() {
    let ds = diags("fixtures/broken");
    for d in &ds {
        let keys: Vec<&String> = d.as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "file", "sheet", "cell", "item", "code", "name", "period", "severity", "rule",
                "message"
            ]
        );
    }
    assert!(ds.iter().any(|d| d["item"].is_null()));
}

#[test]
fn exit_status() {
    assess()
        .args(["validate", "fixtures/broken"])
        .assert()
        .code(1);
    assess()
        .args([
            "validate",
            "fixtures/submissions/standard-form.xlsx",
            "--deny-warnings",
        ])
        .assert()
        .code(0);
    assess()
        .args(["validate", "fixtures/submissions", "--deny-warnings"])
        .assert()
        .code(1);
    assess()
        .args(["validate", "fixtures/broken/data-errors.xlsx"])
        .assert()
        .code(1);
    assess()
        .args(["validate", "no/such/folder"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("没有这个文件或文件夹"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "hello").unwrap();
    assess()
        .args(["validate", dir.path().to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("没有找到表格文件"));
}

#[test]
fn warnings_count_with_deny_warnings() {
    // A clean file with one blank value: a warning only.
    let dir = tempfile::tempdir().unwrap();
    let src = std::fs::read_to_string(root().join("fixtures/submissions/utf8-bom.csv")).unwrap();
    let blanked = src.replacen(",3.1.3引进团队数,", ",3.1.3引进团队数,,", 1);
    let p = dir.path().join("儿科.csv");
    let lines: Vec<String> = blanked
        .lines()
        .map(|l| {
            if l.contains("3.1.3引进团队数") {
                let f: Vec<&str> = l.split(',').collect();
                format!("{},{},{},{},,{}", f[0], f[1], f[2], f[3], f[f.len() - 1])
            } else {
                l.to_string()
            }
        })
        .collect();
    std::fs::write(&p, lines.join("\n")).unwrap();
    let path = p.to_str().unwrap();
    assess().args(["validate", path]).assert().code(0);
    assess()
        .args(["validate", path, "--deny-warnings"])
        .assert()
        .code(1);
}

#[test]
fn office_lock_files_and_hidden_files_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("fixtures/submissions/standard-form.xlsx"),
        dir.path().join("a.xlsx"),
    )
    .unwrap();
    std::fs::write(dir.path().join("~$a.xlsx"), b"lock").unwrap();
    std::fs::write(dir.path().join(".hidden.xlsx"), b"x").unwrap();
    std::fs::write(dir.path().join("说明.docx"), b"PK\x03\x04 not really").unwrap();
    let out =
        json_of(assess().args(["validate", dir.path().to_str().unwrap(), "--format", "json"]));
    assert_eq!(out, serde_json::json!([]));
}

#[test]
fn terminal_table_fits_80_columns() {
    let out = stdout_of(
        assess()
            .env("COLUMNS", "80")
            .args(["validate", "fixtures/broken/data-errors.xlsx"]),
    );
    for line in out.lines() {
        assert!(
            unicode_width::UnicodeWidthStr::width(line) <= 80,
            "too wide: {line}"
        );
    }
    assert!(out.contains("错误 10 条，警告 8 条"), "{out}");
}

/// A CSV file's one sheet is named after the file: the table under the file's name leaves
/// that column out (at 80 columns it took a fifth of the width to repeat the file name).
#[test]
fn a_csv_files_table_has_no_sheet_column() {
    let dir = tempfile::tempdir().unwrap();
    let csv = std::fs::read_to_string(root().join("fixtures/submissions/utf8-bom.csv")).unwrap();
    let path = dir.path().join("北岭旗妇幼保健院_儿科.csv");
    std::fs::write(&path, csv.replace(",623,1007", ",623,1000——1200")).unwrap();
    let out = stdout_of(
        assess()
            .env("COLUMNS", "80")
            .args(["validate", path.to_str().unwrap()]),
    );
    assert!(out.contains("F4") && out.contains("单元格"), "{out}");
    assert!(!out.contains("工作表"), "{out}");
    let xlsx = stdout_of(assess().args(["validate", "fixtures/broken/data-errors.xlsx"]));
    assert!(xlsx.contains("工作表"), "{xlsx}");
}

/// What a hospital types by slip is never read silently: a full stop for the decimal point is
/// read and said, a range, a decimal comma and an impossible value are errors that are not
/// scored, and words after a number are a warning naming them. Found by a clerk's folder.
#[test]
fn typos_are_never_read_silently() {
    let dir = tempfile::tempdir().unwrap();
    let p = hospital_csv(
        dir.path(),
        "北岭旗康宁医院",
        "眼科",
        &[
            ("2.2.2", "2024年1-6月", "96。5"),
            ("2.3.9", "2024年1-6月", "5-8%"),
            ("2.3.1", "2024年1-6月", "1,5"),
            ("2.3.8", "2024年1-6月", "0,95"),
            ("1.1.3", "2024年1-6月", "-3"),
            ("4.1.1", "2024年1-6月", "130"),
            ("2.1.1", "2024年1-6月", "12060人次（含义诊）"),
        ],
    );
    let d = json_of(assess().args(["validate", p.to_str().unwrap(), "--format", "json"]));
    let find = |code: &str| -> (String, String, String) {
        let x = d
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["code"] == code)
            .unwrap_or_else(|| panic!("nothing on {code}: {d:#}"));
        (
            x["rule"].as_str().unwrap().into(),
            x["severity"].as_str().unwrap().into(),
            x["message"].as_str().unwrap().into(),
        )
    };
    let (rule, sev, msg) = find("2.2.2");
    assert_eq!(
        (rule.as_str(), sev.as_str()),
        ("value-converted", "warning")
    );
    assert!(
        msg.contains("96.5") && msg.contains("“。”按小数点读取"),
        "{msg}"
    );
    assert_eq!(find("2.3.9").0, "value-range");
    assert_eq!(find("2.3.1").0, "value-decimal-comma");
    assert_eq!(find("2.3.8").0, "value-decimal-comma");
    assert_eq!(find("1.1.3").0, "value-negative");
    assert_eq!(find("4.1.1").0, "rate-out-of-range");
    let (rule, sev, msg) = find("2.1.1");
    assert_eq!(
        (rule.as_str(), sev.as_str()),
        ("value-extra-text", "warning")
    );
    assert!(msg.contains("含义诊") && msg.contains("12060"), "{msg}");
    // Each names its cell: column D is 2024年1-6月, the row is the item's.
    let cell = |code: &str| {
        d.as_array()
            .unwrap()
            .iter()
            .find(|x| x["code"] == code)
            .unwrap()["cell"]
            .clone()
    };
    assert_eq!(cell("1.1.3"), "D5");
    // The errors are not scored: extract says invalid with no value, score counts them as
    // missing and shows the errors beside the unit.
    let rows = json_of(assess().args(["extract", p.to_str().unwrap(), "--format", "json"]));
    for code in ["2.3.9", "2.3.1", "2.3.8", "1.1.3", "4.1.1"] {
        let r = rows
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["code"] == code && r["period"] == "2024年1-6月")
            .unwrap();
        assert_eq!(
            (r["status"].as_str(), r["value"].as_f64()),
            (Some("invalid"), None),
            "{code}"
        );
    }
    let s = json_of(assess().args(["score", p.to_str().unwrap(), "--format", "json"]));
    assert_eq!(s["results"][0]["errors"], 5, "{s:#}");
}

/// A share typed as a fraction (0.96 for 96 %) is a hundredth of the others', less than the
/// unit check's 100×: it has its own rule, an error.
#[test]
fn a_rate_typed_as_a_fraction_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    rate_cohort(dir.path(), &[]);
    let d = json_of(assess().args(["validate", dir.path().to_str().unwrap(), "--format", "json"]));
    let hits: Vec<&Value> = d
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["rule"] == "rate-as-fraction")
        .collect();
    assert_eq!(hits.len(), 1, "{d:#}");
    assert!(hits[0]["file"].as_str().unwrap().contains("戊医院"));
    assert_eq!(hits[0]["severity"], "error");
    assert!(hits[0]["message"].as_str().unwrap().contains("0.96"));
    // A small rate whose cohort is small too is nobody's slip.
    let d = json_of(assess().args(["validate", "fixtures/submissions", "--format", "json"]));
    assert!(!d.to_string().contains("rate-as-fraction"));
}

/// The unit check says the ratio the scheme sets, not a fixed 100.
#[test]
fn the_unit_check_names_the_schemes_ratio() {
    let dir = tempfile::tempdir().unwrap();
    for (h, v) in [
        ("北岭旗甲医院", "12060"),
        ("北岭旗乙医院", "11000"),
        ("北岭旗丙医院", "13000"),
        ("北岭旗丁医院", "12500"),
        ("北岭旗戊医院", "1.2"),
    ] {
        hospital_csv(dir.path(), h, "眼科", &[("2.1.1", "2024年1-6月", v)]);
    }
    let scheme = dir.path().join("方案.toml");
    let text = stdout_of(assess().args(["scheme"])).replace("unit_ratio = 100", "unit_ratio = 50");
    std::fs::write(&scheme, text).unwrap();
    let subs = dir.path().to_str().unwrap();
    let d = stdout_of(assess().args(["validate", subs, "--format", "json"]));
    assert!(d.contains("相差100倍以上"), "{d}");
    let s = scheme.to_str().unwrap();
    let d = stdout_of(assess().args(["validate", subs, "--format", "json", "--scheme", s]));
    assert!(d.contains("相差50倍以上") && !d.contains("100倍"), "{d}");
}

/// A hospital that sends last year's file again: the name says 2025, the table 2023 and 2024.
/// The table's periods are used, with a warning naming both.
#[test]
fn a_period_in_the_file_name_that_is_none_of_the_tables_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let heads = ["2023年1-6月", "2024年1-6月"];
    let resent = hospital_csv_as(
        &dir.path().join("2025年1-6月_北岭旗康宁医院_眼科.csv"),
        "北岭旗康宁医院",
        "眼科",
        &heads,
        &[],
    );
    let fine = hospital_csv_as(
        &dir.path()
            .join("2024年上半年_北岭旗康宁医院_耳鼻咽喉科.csv"),
        "北岭旗康宁医院",
        "耳鼻咽喉科",
        &heads,
        &[],
    );
    let in_folder = hospital_csv_as(
        &dir.path()
            .join("2025年1-6月")
            .join("北岭旗康宁医院_口腔科.csv"),
        "北岭旗康宁医院",
        "口腔科",
        &heads,
        &[],
    );
    let d = json_of(assess().args(["validate", dir.path().to_str().unwrap(), "--format", "json"]));
    let hits: Vec<&Value> = d
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["rule"] == "period-name-mismatch")
        .collect();
    let files: Vec<&str> = hits.iter().map(|h| h["file"].as_str().unwrap()).collect();
    let name = |p: &std::path::Path| p.file_name().unwrap().to_str().unwrap().to_string();
    assert_eq!(hits.len(), 2, "{d:#}");
    assert!(files.iter().any(|f| f.ends_with(&name(&resent))));
    assert!(files.iter().any(|f| f.ends_with(&name(&in_folder))));
    assert!(!files.iter().any(|f| f.ends_with(&name(&fine))));
    assert_eq!(hits[0]["severity"], "warning");
    let m = hits[0]["message"].as_str().unwrap();
    assert!(
        m.contains("2025年1-6月") && m.contains("2023年1-6月、2024年1-6月"),
        "{m}"
    );
}

/// A unit that sent last year's figures but none for this period is missing from the ranking:
/// the ranking says so, instead of leaving the reader to notice a row is gone.
#[test]
fn a_unit_absent_this_period_is_named_under_the_ranking() {
    let dir = tempfile::tempdir().unwrap();
    for s in ["眼科", "口腔科", "皮肤科"] {
        hospital_csv(dir.path(), "北岭旗康宁医院", s, &[]);
    }
    hospital_csv_as(
        &dir.path().join("北岭旗康宁医院_耳鼻咽喉科.csv"),
        "北岭旗康宁医院",
        "耳鼻咽喉科",
        &["2023年1-6月"],
        &[],
    );
    let out = stdout_of(assess().args(["score", dir.path().to_str().unwrap()]));
    assert!(
        out.contains("以下单位有2023年1-6月的提交，但没有本期（2024年1-6月）的提交")
            && out.contains("耳鼻咽喉科"),
        "{out}"
    );
    let report = dir.path().join("out").join("排名.xlsx");
    std::fs::create_dir_all(report.parent().unwrap()).unwrap();
    assess()
        .args([
            "report",
            dir.path().to_str().unwrap(),
            "-o",
            report.to_str().unwrap(),
        ])
        .assert()
        .success();
}

/// Names a second clerk's folder had: a hospital written without its county next to its full
/// name, and a specialty with a qualifier the standard list does not have. Both are said; the
/// short hospital name counts as the full one.
#[test]
fn short_hospital_names_link_up_and_unknown_specialties_are_said() {
    let dir = tempfile::tempdir().unwrap();
    let heads = ["2023年1-6月", "2024年1-6月"];
    hospital_csv(dir.path(), "北岭旗康宁医院", "眼科", &[]);
    hospital_csv_as(
        &dir.path().join("康宁医院_口腔科.csv"),
        "康宁医院",
        "口腔科",
        &heads,
        &[],
    );
    hospital_csv_as(
        &dir.path().join("胸痛中心.csv"),
        "北岭旗康宁医院",
        "心血管内科（胸痛中心）",
        &heads,
        &[],
    );
    let path = dir.path().to_str().unwrap();
    let d = json_of(assess().args(["validate", path, "--format", "json"]));
    let rules: Vec<&str> = d
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["rule"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"name-linked"), "{d:#}");
    assert!(rules.contains(&"name-unknown"), "{d:#}");
    let rows = json_of(assess().args(["extract", path, "--format", "json"]));
    let hospitals: std::collections::BTreeSet<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["hospital"].as_str().unwrap())
        .collect();
    assert_eq!(
        hospitals.into_iter().collect::<Vec<_>>(),
        ["北岭旗康宁医院"]
    );
}

/// `validate -o 问题.xlsx` wrote the terminal's box table into a file Excel will not open,
/// and said nothing. A workbook name is refused; `-o 问题.csv` writes the CSV contract; each
/// file written is said.
#[test]
fn an_output_named_for_excel_is_refused_and_a_csv_name_writes_csv() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = dir.path().join("问题.xlsx");
    let out = assess()
        .args(["validate", "fixtures/broken/data-errors.xlsx", "-o"])
        .arg(&xlsx)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!xlsx.exists());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("问题.xlsx") && err.contains(".csv"), "{err}");
    let csv = dir.path().join("问题.csv");
    let out = assess()
        .args(["validate", "fixtures/broken/data-errors.xlsx", "-o"])
        .arg(&csv)
        .output()
        .unwrap();
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(
        text.trim_start_matches('\u{feff}')
            .starts_with("file,sheet,cell,"),
        "{text}"
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("已写入") && err.contains("问题.csv"), "{err}");
}

/// Hospitals send their forms zipped; an archive was skipped like any file that is no
/// spreadsheet, without a word, and its unit was missing from the ranking. validate names it.
#[test]
fn a_zipped_submission_is_named_not_skipped_silently() {
    let dir = tempfile::tempdir().unwrap();
    let form = std::fs::read(root().join("fixtures/submissions/standard-form.xlsx")).unwrap();
    std::fs::write(dir.path().join("standard-form.xlsx"), &form).unwrap();
    // Any zip that is no workbook: here a zip holding the workbook.
    let mut z = zip::ZipWriter::new(std::fs::File::create(dir.path().join("打包.zip")).unwrap());
    z.start_file(
        "standard-form.xlsx",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    std::io::Write::write_all(&mut z, &form).unwrap();
    z.finish().unwrap();
    let out = stdout_of(assess().arg("validate").arg(dir.path()));
    assert!(
        out.contains("压缩包未读取") && out.contains("打包.zip"),
        "{out}"
    );
}
