//! Helpers shared by the integration tests: run the binary, compare with golden files.

#![allow(dead_code)] // each test binary uses its own subset

use assert_cmd::Command;
use std::path::{Path, PathBuf};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, run from the repository root so that paths in its output are relative.
pub fn assess() -> Command {
    let mut c = Command::cargo_bin("assess").unwrap();
    // A fixed day, so printed dates and "a period later than today" do not change with the clock.
    c.current_dir(root())
        .env("COLUMNS", "100")
        .env("ASSESS_TODAY", "2025-03-01")
        .env_remove("ASSESS_LANG");
    c
}

/// Compare `actual` with `tests/expected/NAME`; `UPDATE_GOLDEN=1` rewrites the file instead.
/// Golden files are reviewed by hand when they change: they are the contract.
pub fn golden(name: &str, actual: &str) {
    let path = root().join("tests/expected").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "{} is missing; run with UPDATE_GOLDEN=1 and review it",
            path.display()
        )
    });
    if expected != actual {
        let (i, (e, a)) = expected
            .lines()
            .zip(actual.lines())
            .enumerate()
            .find(|(_, (e, a))| e != a)
            .unwrap_or((
                expected.lines().count().min(actual.lines().count()),
                ("<end>", "<end>"),
            ));
        panic!(
            "{} differs at line {}:\n  expected: {e}\n  actual:   {a}\n(expected {} lines, got {})",
            name,
            i + 1,
            expected.lines().count(),
            actual.lines().count()
        );
    }
}

pub fn stdout_of(c: &mut Command) -> String {
    let out = c.output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

pub fn json_of(c: &mut Command) -> serde_json::Value {
    serde_json::from_str(&stdout_of(c)).unwrap()
}

pub fn fixture(p: &str) -> String {
    Path::new("fixtures").join(p).display().to_string()
}

/// Whether LibreOffice is installed; says so on stderr when a test has to skip for it.
pub fn soffice_available() -> bool {
    let ok = std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok();
    // CI installs LibreOffice (.ci/run): there a missing soffice is a failure, not a skip.
    assert!(
        ok || std::env::var_os("CI").is_none(),
        "LibreOffice (soffice) is needed in CI"
    );
    if !ok {
        eprintln!("skipped: LibreOffice (soffice) is not installed");
    }
    ok
}

/// A submission as a hospital might send it as CSV: the values of
/// `fixtures/submissions/standard-form.xlsx` (2023年1-6月 and 2024年1-6月) for `hospital` and
/// `specialty` of 北岭旗, with the cells in `edits` (item code or name, period, text) typed
/// instead. Returns the file's path.
pub fn hospital_csv(
    dir: &Path,
    hospital: &str,
    specialty: &str,
    edits: &[(&str, &str, &str)],
) -> PathBuf {
    hospital_csv_as(
        &dir.join(format!("{hospital}_{specialty}.csv")),
        hospital,
        specialty,
        &["2023年1-6月", "2024年1-6月"],
        edits,
    )
}

/// Five eye departments of 北岭旗 whose item 4.1.1 (a rate) is typed 95, 93.5, 97, 96% and,
/// at 北岭旗戊医院, 0.96: a percentage typed as a fraction; then `more` (hospital, text).
pub fn rate_cohort(dir: &Path, more: &[(&str, &str)]) {
    let five = [
        ("北岭旗甲医院", "95"),
        ("北岭旗乙医院", "93.5"),
        ("北岭旗丙医院", "97"),
        ("北岭旗丁医院", "96%"),
        ("北岭旗戊医院", "0.96"),
    ];
    for (h, v) in five.iter().chain(more) {
        hospital_csv(dir, h, "眼科", &[("4.1.1", "2024年1-6月", v)]);
    }
}

/// Like [`hospital_csv`], written to `path` with the period columns headed `headers` (at most
/// two: the fixture's 2023 and 2024 values, in that order). `edits` name the headers.
pub fn hospital_csv_as(
    path: &Path,
    hospital: &str,
    specialty: &str,
    headers: &[&str],
    edits: &[(&str, &str, &str)],
) -> PathBuf {
    let rows = json_of(assess().args([
        "extract",
        "fixtures/submissions/standard-form.xlsx",
        "--format",
        "json",
    ]));
    let periods = ["2023年1-6月", "2024年1-6月"];
    let mut table: Vec<(u64, String, String, [String; 2])> = Vec::new();
    for r in rows.as_array().unwrap() {
        let no = r["no"].as_u64().unwrap();
        let k = periods
            .iter()
            .position(|p| r["period"] == *p)
            .expect("a period of the fixture");
        let at = match table.iter().position(|t| t.0 == no) {
            Some(at) => at,
            None => {
                table.push((
                    no,
                    r["code"].as_str().unwrap().to_string(),
                    r["name"].as_str().unwrap().to_string(),
                    Default::default(),
                ));
                table.len() - 1
            }
        };
        table[at].3[k] = r["raw"].as_str().unwrap().to_string();
    }
    for (item, period, text) in edits {
        let k = headers.iter().position(|p| p == period).expect("a period");
        let row = table
            .iter_mut()
            .find(|t| t.1 == *item || t.2 == *item)
            .unwrap_or_else(|| panic!("no item {item}"));
        row.3[k] = text.to_string();
    }
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    w.write_record([
        "所属旗县区：北岭旗",
        &format!("填报单位：{hospital}"),
        &format!("专科名称：{specialty}"),
    ])
    .unwrap();
    let mut head = vec!["序号", "三级指标"];
    head.extend(headers);
    w.write_record(&head).unwrap();
    for (no, code, name, v) in &table {
        let mut rec = vec![no.to_string(), format!("{code}{name}")];
        rec.extend(v.iter().take(headers.len()).cloned());
        w.write_record(&rec).unwrap();
    }
    if let Some(d) = path.parent() {
        std::fs::create_dir_all(d).unwrap();
    }
    std::fs::write(path, w.into_inner().unwrap()).unwrap();
    path.to_path_buf()
}
