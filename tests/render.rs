//! How the workbooks print: each is converted to PDF by LibreOffice and its pages counted and
//! read back (`pdfinfo`, `pdftotext`). CI installs LibreOffice, CJK fonts and poppler
//! (`.ci/run`), so these run there; on a machine without them they fail with a clear message
//! rather than pass unseen.
//!
//! The print design asks: the fixture report in at most 15 A4 pages, a 60-unit run in at most
//! 40, every page showing scores or values (never only repeated key columns), each unit's
//! feedback exactly one page, the template and its 填表说明 one page each.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn tools() {
    for (tool, arg) in [
        ("soffice", "--version"),
        ("pdfinfo", "-v"),
        ("pdftotext", "-v"),
    ] {
        let ok = Command::new(tool).arg(arg).output().is_ok();
        assert!(
            ok,
            "{tool} is missing: install libreoffice-calc-nogui, fonts-noto-cjk and poppler-utils (.ci/run does)"
        );
    }
}

/// Convert a workbook to PDF in its folder; returns the PDF's path.
fn pdf(xlsx: &Path) -> PathBuf {
    let dir = xlsx.parent().unwrap();
    let home = tempfile::tempdir().unwrap();
    let out = Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .arg(xlsx)
        .env("HOME", home.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let p = xlsx.with_extension("pdf");
    assert!(p.exists(), "no PDF for {}", xlsx.display());
    p
}

fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap()
}

fn page_text(pdf: &Path, page: usize) -> String {
    let out = Command::new("pdftotext")
        .args(["-layout", "-f", &page.to_string(), "-l", &page.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Numbers on a page other than the page header's date and the footer's page numbers.
fn numbers(text: &str) -> usize {
    text.lines()
        .filter(|l| !l.contains("打印日期") && !l.contains("页，共"))
        .flat_map(|l| l.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+')))
        .filter(|t| t.chars().any(|c| c.is_ascii_digit()))
        .count()
}

/// Every page shows values: not only the repeated key columns and headings.
fn every_page_has_values(pdf: &Path, what: &str) {
    for p in 1..=pages(pdf) {
        let t = page_text(pdf, p);
        assert!(numbers(&t) >= 5, "{what}: page {p} shows no values:\n{t}");
    }
}

#[test]
fn the_fixture_report_prints_in_at_most_15_pages_each_with_values() {
    tools();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.xlsx");
    assess()
        .args([
            "report",
            "fixtures/submissions",
            "-o",
            out.to_str().unwrap(),
        ])
        .assert()
        .success();
    let p = pdf(&out);
    let n = pages(&p);
    assert!(n <= 15, "{n} pages");
    every_page_has_values(&p, "report");
    // The ranking is the first page and holds every unit.
    let first = page_text(&p, 1);
    for unit in ["重症医学科", "神经内科", "肿瘤科"] {
        assert!(first.contains(unit), "{first}");
    }
}

/// 60 units of one county, made from the GBK CSV fixture with the unit in the file name and
/// one value changed per unit.
fn sixty_units(dir: &Path) {
    let src =
        std::fs::read(root().join("fixtures/submissions/北岭旗蒙医医院_康复医学科.csv")).unwrap();
    let (text, _, _) = encoding_rs::GBK.decode(&src);
    for i in 0..60 {
        let changed: String = text
            .lines()
            .map(|l| {
                if l.contains("门诊人次") {
                    let mut f: Vec<String> = l.split(',').map(String::from).collect();
                    let last = f.len() - 1;
                    f[last] = (1000 + 37 * i).to_string();
                    f.join(",")
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let (bytes, _, _) = encoding_rs::GBK.encode(&changed);
        let specialty = ["康复医学科", "骨科", "心血管内科"][i % 3];
        std::fs::write(
            dir.join(format!("北岭旗第{}医院_{specialty}.csv", i / 3 + 1)),
            bytes,
        )
        .unwrap();
    }
}

#[test]
fn a_sixty_unit_report_prints_in_at_most_40_pages_each_with_values() {
    tools();
    let dir = tempfile::tempdir().unwrap();
    let subs = dir.path().join("subs");
    std::fs::create_dir(&subs).unwrap();
    sixty_units(&subs);
    let out = dir.path().join("report.xlsx");
    let o = assess()
        .args([
            "report",
            subs.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let p = pdf(&out);
    let n = pages(&p);
    assert!(n <= 40, "{n} pages");
    every_page_has_values(&p, "60-unit report");
}

#[test]
fn each_units_feedback_is_exactly_one_page() {
    tools();
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("反馈");
    assess()
        .args([
            "feedback",
            "fixtures/submissions",
            "-o",
            folder.to_str().unwrap(),
        ])
        .assert()
        .success();
    let mut sheets = 0;
    let mut printed = 0;
    for e in std::fs::read_dir(&folder).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "xlsx") {
            let wb: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
            use calamine::Reader;
            sheets += wb.sheet_names().len();
            printed += pages(&pdf(&path));
        }
    }
    assert_eq!(sheets, 9);
    assert_eq!(printed, 9, "one page per unit");
    // The archive copy: every page in one workbook, still one page each.
    let all = dir.path().join("全部.xlsx");
    assess()
        .args([
            "feedback",
            "fixtures/submissions",
            "-o",
            all.to_str().unwrap(),
            "--single",
        ])
        .assert()
        .success();
    let p = pdf(&all);
    assert_eq!(pages(&p), 9);
    every_page_has_values(&p, "feedback");
}

#[test]
fn the_template_and_its_instructions_print_one_page_each() {
    tools();
    let dir = tempfile::tempdir().unwrap();
    let t = dir.path().join("重点专科基本情况调查表.xlsx");
    assess()
        .args([
            "template",
            "-o",
            t.to_str().unwrap(),
            "--target",
            "2026年目标",
        ])
        .assert()
        .success();
    let p = pdf(&t);
    assert_eq!(pages(&p), 2);
    let form = page_text(&p, 1);
    assert!(
        form.contains("科室业务用房面积") && form.contains("医疗纠纷发生数量"),
        "{form}"
    );
    let help = page_text(&p, 2);
    assert!(
        help.contains("填表说明") && help.contains("2026年目标"),
        "{help}"
    );
}
