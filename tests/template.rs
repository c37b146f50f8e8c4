//! `assess template`: the form, its protection and validation, and the round trip through
//! `validate` and `extract`, also after LibreOffice saves it again as .xlsx, .xls and .ods.

mod common;
#[path = "common/template_sample.rs"]
mod template_sample;

use assess::output::template::{fill_cells, Fill};
use common::*;
use serde_json::Value;
use std::path::Path;

fn make(dir: &Path, name: &str, extra: &[&str]) -> std::path::PathBuf {
    let out = dir.join(name);
    let mut a = vec!["template", "-o", out.to_str().unwrap()];
    a.extend_from_slice(extra);
    assess().args(&a).assert().success();
    out
}

fn sheet_xml(path: &Path) -> String {
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    std::io::Read::read_to_string(&mut z.by_name("xl/worksheets/sheet1.xml").unwrap(), &mut s)
        .unwrap();
    s
}

fn filled(dir: &Path) -> std::path::PathBuf {
    let t = make(
        dir,
        "form.xlsx",
        &[
            "--periods",
            "2023年1-6月,2024年1-6月",
            "--county",
            "北岭旗",
            "--hospital",
            "北岭旗人民医院",
            "--specialty",
            "心血管内科",
        ],
    );
    let bytes = fill_cells(&std::fs::read(&t).unwrap(), &template_sample::sample(2)).unwrap();
    let out = dir.join("北岭旗人民医院_心血管内科.xlsx");
    std::fs::write(&out, bytes).unwrap();
    out
}

fn extract(path: &Path) -> Vec<Value> {
    json_of(assess().args(["extract", path.to_str().unwrap(), "--format", "json"]))
        .as_array()
        .unwrap()
        .clone()
}

/// What the reader should make of what was typed.
fn expected(no: u8, p: usize) -> (Option<f64>, &'static str, String) {
    let it = assess::form::Form::builtin_static().item(no).unwrap();
    let parsed = match template_sample::typed(no, p) {
        Fill::Number(x) => assess::value::parse_text(&x.to_string(), it),
        Fill::Text(s) => assess::value::parse_text(&s, it),
    };
    (
        parsed.value(),
        parsed.status.as_str(),
        parsed.detail().unwrap_or_default().to_string(),
    )
}

fn check_values(recs: &[Value], what: &str) {
    assert_eq!(recs.len(), 2 * 69, "{what}");
    for r in recs {
        let p = if r["period"] == "2023年1-6月" { 0 } else { 1 };
        let no = r["no"].as_u64().unwrap() as u8;
        let (v, status, detail) = expected(no, p);
        assert_eq!(r["value"].as_f64(), v, "{what}: item {no} period {p}: {r}");
        assert_eq!(r["status"], status, "{what}: item {no}");
        assert_eq!(r["detail"], detail.as_str(), "{what}: item {no}");
        assert_eq!(
            (
                r["county"].as_str(),
                r["hospital"].as_str(),
                r["specialty"].as_str()
            ),
            (Some("北岭旗"), Some("北岭旗人民医院"), Some("心血管内科")),
            "{what}"
        );
    }
}

#[test]
fn a_filled_template_validates_clean_and_extracts_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let f = filled(dir.path());
    let diags = json_of(assess().args(["validate", f.to_str().unwrap(), "--format", "json"]));
    assert_eq!(diags, serde_json::json!([]), "no error and no warning");
    assess()
        .args(["validate", f.to_str().unwrap(), "--deny-warnings"])
        .assert()
        .code(0);
    check_values(&extract(&f), "filled");
}

#[test]
fn the_form_is_protected_validated_and_prefilled() {
    let dir = tempfile::tempdir().unwrap();
    let t = make(
        dir.path(),
        "t.xlsx",
        &["--periods", "2024年1-6月", "--hospital", "北岭旗人民医院"],
    );
    let xml = sheet_xml(&t);
    assert!(xml.contains("<sheetProtection"));
    assert!(!xml.contains("password="));
    assert_eq!(xml.matches("<dataValidation ").count(), 69);
    assert!(xml.contains("ISNUMBER(F9)"), "item 3's rule");
    assert!(xml.contains("promptTitle=\"第47项\""));
    assert!(xml.contains("口径：3个月以上"));
    // A blank template is recognised as assess's own and skipped quietly, not a broken survey.
    let d = json_of(assess().args(["validate", t.to_str().unwrap(), "--format", "json"]));
    assert_eq!(d, serde_json::json!([]));
    assert!(stdout_of(assess().args(["validate", t.to_str().unwrap()]))
        .contains("另有 assess 生成的文件 1 个，已跳过"));
    assert!(
        xml.contains("北岭旗人民医院") || {
            let mut z = zip::ZipArchive::new(std::fs::File::open(&t).unwrap()).unwrap();
            let mut s = String::new();
            std::io::Read::read_to_string(&mut z.by_name("xl/sharedStrings.xml").unwrap(), &mut s)
                .unwrap();
            s.contains("北岭旗人民医院")
        }
    );
    // A password when asked.
    let p = make(
        dir.path(),
        "p.xlsx",
        &["--periods", "2024年1-6月", "--password", "abc"],
    );
    assert!(sheet_xml(&p).contains("password="));
}

#[test]
fn input_cells_are_unlocked_and_the_rest_locked() {
    let dir = tempfile::tempdir().unwrap();
    let t = make(dir.path(), "t.xlsx", &["--periods", "2024年1-6月"]);
    let xml = sheet_xml(&t);
    let style_of = |cell: &str| {
        let i = xml.find(&format!("<c r=\"{cell}\" ")).unwrap();
        let s = &xml[i..i + 40];
        s.split("s=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string()
    };
    let mut z = zip::ZipArchive::new(std::fs::File::open(&t).unwrap()).unwrap();
    let mut styles = String::new();
    std::io::Read::read_to_string(&mut z.by_name("xl/styles.xml").unwrap(), &mut styles).unwrap();
    let xfs: Vec<&str> = styles
        .split("<cellXfs")
        .nth(1)
        .unwrap()
        .split("<xf ")
        .skip(1)
        .collect();
    let unlocked =
        |cell: &str| xfs[style_of(cell).parse::<usize>().unwrap()].contains("locked=\"0\"");
    assert!(unlocked("F7"), "value cell");
    assert!(unlocked("G7"), "备注");
    assert!(unlocked("C2"), "填报单位 input");
    assert!(!unlocked("D7"), "item name");
    assert!(!unlocked("E7"), "unit");
    assert!(!unlocked("A7"), "serial");
}

#[test]
fn libreoffice_resaves_read_the_same() {
    // Committed: a filled form and LibreOffice's .xlsx, .xls and .ods of it.
    let base = root().join("fixtures/template");
    check_values(&extract(&base.join("filled.xlsx")), "filled.xlsx");
    for f in ["resaved.xlsx", "resaved.xls", "resaved.ods"] {
        check_values(&extract(&base.join(f)), f);
        let d = json_of(assess().args([
            "validate",
            base.join(f).to_str().unwrap(),
            "--format",
            "json",
        ]));
        assert_eq!(d, serde_json::json!([]), "{f}");
    }
}

#[test]
fn libreoffice_resaves_read_the_same_live() {
    if !soffice_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let f = filled(dir.path());
    for ext in ["xls", "ods", "xlsx"] {
        let out = dir.path().join(ext);
        std::fs::create_dir_all(&out).unwrap();
        let st = std::process::Command::new("soffice")
            .args(["--headless", "--convert-to", ext, "--outdir"])
            .arg(&out)
            .arg(&f)
            .env("HOME", dir.path())
            .output()
            .unwrap();
        assert!(st.status.success());
        let resaved = out.join(format!("北岭旗人民医院_心血管内科.{ext}"));
        check_values(&extract(&resaved), ext);
    }
}

#[test]
fn periods_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.xlsx");
    assess()
        .args([
            "template",
            "-o",
            out.to_str().unwrap(),
            "--periods",
            "上半年",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("无法识别期间"));
    assert!(!out.exists());
    // A period that has not ended is a typo in the year (today is 2025-03-01 in the tests).
    assess()
        .args([
            "template",
            "-o",
            out.to_str().unwrap(),
            "--periods",
            "2024年1-6月,2025年1-6月",
        ])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("2025年1-6月 还没有结束"));
    assert!(!out.exists());
    // Default periods: the last half-year that has ended (today is 2025-03-01 in the tests)
    // and the same half a year earlier.
    let t = make(dir.path(), "d.xlsx", &[]);
    let xml = sheet_xml(&t);
    let mut z = zip::ZipArchive::new(std::fs::File::open(&t).unwrap()).unwrap();
    let mut strings = String::new();
    std::io::Read::read_to_string(
        &mut z.by_name("xl/sharedStrings.xml").unwrap(),
        &mut strings,
    )
    .unwrap();
    assert!(strings.contains("2023年7-12月") && strings.contains("2024年7-12月"));
    assert!(xml.contains("r=\"F6\"") && xml.contains("r=\"G6\""));
}

/// The first sheet's cells as text.
fn first_sheet_texts(path: &Path) -> Vec<String> {
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
    let name = wb.sheet_names()[0].clone();
    let r = wb.worksheet_range(&name).unwrap();
    r.used_cells().map(|(_, _, c)| c.to_string()).collect()
}

/// C19: `--hospital "南山县第五医院（盖章）"` kept the stamp note in the header. The name is
/// cleaned as the reader cleans it (stamp note, blanks, bracket width) and stderr says so.
#[test]
fn template_hospital_with_stamp_note_is_cleaned_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("t.xlsx");
    let o = assess()
        .args([
            "template",
            "-o",
            out.to_str().unwrap(),
            "--periods",
            "2024年1-6月",
            "--county",
            "南山县",
            "--hospital",
            "南山县第五医院（盖章）",
            "--specialty",
            "骨 科(盖章)",
        ])
        .output()
        .unwrap();
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("“南山县第五医院（盖章）”按读取时的规则整理为“南山县第五医院”"),
        "{err}"
    );
    assert!(
        err.contains("“骨 科(盖章)”按读取时的规则整理为“骨科”"),
        "{err}"
    );
    assert!(
        !err.contains("“南山县”按"),
        "a clean name is not mentioned: {err}"
    );
    let cells = first_sheet_texts(&out);
    assert!(cells.iter().any(|c| c == "南山县第五医院"), "{cells:?}");
    assert!(cells.iter().any(|c| c == "骨科"), "{cells:?}");
    assert!(cells.iter().all(|c| !c.contains("盖章")), "{cells:?}");
    // In English too, and a name that is nothing but a stamp note is not prefilled.
    let o = assess()
        .args([
            "template",
            "-o",
            out.to_str().unwrap(),
            "--force",
            "--lang",
            "en",
            "--hospital",
            "（盖章）",
        ])
        .output()
        .unwrap();
    assert!(o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("the hospital “（盖章）” is empty"), "{err}");
    assert!(first_sheet_texts(&out).iter().all(|c| !c.contains("盖章")));
}

/// The display width of a line: CJK characters are two columns.
fn width(line: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(line)
}

/// C18: help lines over 80 columns in `report --help` and `template --help`. Every subcommand's
/// help, in both languages, fits 80 columns, even when the terminal says it is wider.
#[test]
fn help_lines_over_80_columns_in_no_subcommand() {
    let top = stdout_of(assess().args(["--help", "--lang", "en"]));
    let subs: Vec<String> = top
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        // A wrapped description continues deeper in.
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next().map(String::from))
        .collect();
    for s in [
        "validate", "extract", "score", "compare", "report", "template", "status", "form", "names",
        "scheme",
    ] {
        assert!(subs.iter().any(|x| x == s), "{s} not in {subs:?}");
    }
    let mut runs: Vec<Vec<String>> = vec![vec!["--help".into()]];
    runs.extend(subs.iter().map(|s| vec![s.clone(), "--help".into()]));
    let mut checked = 0;
    for lang in ["zh", "en"] {
        for args in &runs {
            for columns in ["200", "80"] {
                let out = stdout_of(
                    assess()
                        .env("COLUMNS", columns)
                        .args(args)
                        .args(["--lang", lang]),
                );
                assert!(out.lines().count() > 3, "{args:?} {lang}: {out}");
                for line in out.lines() {
                    assert!(
                        width(line) <= 80,
                        "{args:?} --lang {lang} (COLUMNS={columns}): {} columns: {line}",
                        width(line)
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 500, "{checked}");
}
