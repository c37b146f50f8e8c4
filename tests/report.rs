//! `assess report`: the workbook read back with calamine and checked against `assess score`.

mod common;
use calamine::{open_workbook, Data, Reader, Xlsx};
use common::*;

use std::path::Path;

fn write_report(args: &[&str], out: &Path) -> std::process::Output {
    let mut a = vec!["report"];
    a.extend_from_slice(args);
    a.extend_from_slice(&["-o", out.to_str().unwrap()]);
    assess().args(&a).output().unwrap()
}

fn range(path: &Path, sheet: &str) -> calamine::Range<Data> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    wb.worksheet_range(sheet).unwrap()
}

fn text(r: &calamine::Range<Data>, row: u32, col: u32) -> String {
    r.get_value((row, col))
        .map(|d| d.to_string())
        .unwrap_or_default()
}

/// Equal to the last bit or two (Excel stores 17 significant digits).
fn same(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => (x - y).abs() <= 1e-12 * x.abs().max(1.0),
        (None, None) => true,
        _ => false,
    }
}

fn num(r: &calamine::Range<Data>, row: u32, col: u32) -> Option<f64> {
    match r.get_value((row, col)) {
        Some(Data::Float(f)) => Some(*f),
        Some(Data::Int(i)) => Some(*i as f64),
        _ => None,
    }
}

#[test]
fn the_report_matches_score_json() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("2024年上半年重点专科评估.xlsx");
    let o = write_report(
        &[
            "fixtures/submissions",
            "--title",
            "北岭旗2024年上半年临床重点专科评估",
        ],
        &out,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let summary = String::from_utf8(o.stderr).unwrap();
    assert!(
        summary.contains(
            "8 files, 9 surveys, 9 ranked in 2024年1-6月: 0 errors, 0 warnings; report written to"
        ),
        "{summary}"
    );

    let wb: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "排名",
            "分项得分",
            "原始数据",
            "同比变化",
            "数据问题",
            "评分方案",
            "图表"
        ]
    );

    let score = json_of(assess().args(["score", "fixtures/submissions", "--format", "json"]));
    let results = score["results"].as_array().unwrap();
    let r = range(&out, "排名");
    assert_eq!(text(&r, 0, 0), "北岭旗2024年上半年临床重点专科评估");
    assert!(text(&r, 1, 0).contains("2024年1-6月") && text(&r, 1, 0).contains("综合评分法"));
    let head: Vec<String> = (0..13).map(|c| text(&r, 3, c)).collect();
    assert_eq!(
        head,
        [
            "排名",
            "等级",
            "旗县区",
            "医院",
            "专科",
            "总分",
            "1.基本情况",
            "2.质量与安全",
            "3.人才队伍",
            "4.服务满意",
            "总分变化",
            "名次变化",
            ""
        ]
    );
    for (i, res) in results.iter().enumerate() {
        let row = 4 + i as u32;
        assert_eq!(num(&r, row, 0), res["rank"].as_f64(), "rank order");
        assert_eq!(text(&r, row, 1), res["grade"].as_str().unwrap());
        assert_eq!(text(&r, row, 3), res["hospital"].as_str().unwrap());
        assert_eq!(text(&r, row, 4), res["specialty"].as_str().unwrap());
        // Full precision is kept; only the format shows one decimal.
        assert!(same(num(&r, row, 5), res["total"].as_f64()));
        for a in 1..=4u32 {
            assert!(same(
                num(&r, row, 5 + a),
                res["areas"][a.to_string()].as_f64()
            ));
        }
        assert!(same(num(&r, row, 10), res["yoy"]["total_change"].as_f64()));
        assert_eq!(num(&r, row, 11), res["yoy"]["rank_change"].as_f64());
    }

    // Item scores.
    let s = range(&out, "分项得分");
    let first = &results[0];
    let items = first["items"].as_array().unwrap();
    let mut checked = 0;
    for c in 3..s.width() as u32 {
        let label = text(&s, 3, c);
        let id = label.split(' ').next().unwrap();
        let it = items
            .iter()
            .find(|i| i["id"] == id)
            .unwrap_or_else(|| panic!("{label}"));
        assert!(same(num(&s, 4, c), it["score"].as_f64()), "{label}");
        checked += 1;
    }
    assert_eq!(checked, 56 + 5, "every scored item and derived indicator");

    // Raw values, with missing / n.a. / invalid marked.
    let v = range(&out, "原始数据");
    assert_eq!(text(&v, 3, 6), "1 科室业务用房面积（平方米）");
    assert_eq!(v.height() as u32, 4 + 18);
    let typed = (4..v.height() as u32)
        .find(|&row| {
            text(&v, row, 0).ends_with("values-as-typed.xlsx") && text(&v, row, 5) == "2023年1-6月"
        })
        .unwrap();
    assert_eq!(num(&v, typed, 6), Some(823.0));
    assert_eq!(text(&v, typed, 6 + 40), "不适用"); // item 41 '/'
    assert_eq!(num(&v, typed, 6 + 62), Some(12.0)); // 第12名

    // Year-over-year, and an empty problems sheet that says so.
    let y = range(&out, "同比变化");
    assert_eq!(text(&y, 3, 9), "趋势");
    assert!(y.height() > 100);
    let p = range(&out, "数据问题");
    assert_eq!(text(&p, 4, 0), "未发现数据问题。");
    let m = range(&out, "评分方案");
    assert!((0..m.height() as u32).any(|row| text(&m, row, 0) == "43"
        && num(&m, row, 6) == Some(50.0)
        && num(&m, row, 7) == Some(25.0)));
}

#[test]
fn broken_files_are_listed_and_the_report_is_still_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("排名.xlsx");
    let o = write_report(&["fixtures/submissions", "fixtures/broken"], &out);
    assert!(o.status.success());
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("zip-bomb.xlsx") && err.contains("report written to"),
        "{err}"
    );
    let p = range(&out, "数据问题");
    let validate = json_of(assess().args([
        "validate",
        "fixtures/submissions",
        "fixtures/broken",
        "--format",
        "json",
    ]));
    assert_eq!(
        p.height() as u32 - 4,
        validate.as_array().unwrap().len() as u32
    );
    for (i, d) in validate.as_array().unwrap().iter().enumerate() {
        let row = 4 + i as u32;
        assert_eq!(text(&p, row, 0), d["file"].as_str().unwrap());
        assert_eq!(text(&p, row, 7), d["rule"].as_str().unwrap());
        assert_eq!(text(&p, row, 8), d["message"].as_str().unwrap());
    }
}

#[test]
fn strict_stops_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("排名.xlsx");
    let o = write_report(
        &[
            "fixtures/submissions",
            "fixtures/broken/zip-bomb.xlsx",
            "--strict",
        ],
        &out,
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists());
    assert!(String::from_utf8(o.stderr)
        .unwrap()
        .contains("no report written"));
}

#[test]
fn grouped_reports_rank_within_groups() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("分专科.xlsx");
    assert!(
        write_report(&["fixtures/submissions", "--group-by", "specialty"], &out)
            .status
            .success()
    );
    let r = range(&out, "排名");
    assert_eq!(text(&r, 3, 0), "分组");
    let score = json_of(assess().args([
        "score",
        "fixtures/submissions",
        "--format",
        "json",
        "--group-by",
        "specialty",
    ]));
    for (i, res) in score["results"].as_array().unwrap().iter().enumerate() {
        let row = 4 + i as u32;
        assert_eq!(text(&r, row, 0), res["group"].as_str().unwrap());
        match res["rank"].as_f64() {
            Some(k) => assert_eq!(num(&r, row, 1), Some(k)),
            None => assert_eq!(text(&r, row, 1), "—"),
        }
    }
    let notes: Vec<String> = (0..r.height() as u32)
        .map(|row| text(&r, row, 0))
        .filter(|t| t.starts_with("说明"))
        .collect();
    assert_eq!(notes.len(), 7 + 1, "{notes:?}");
}

#[test]
fn safe_output() {
    let dir = tempfile::tempdir().unwrap();
    // Refuses to overwrite an input.
    let input = dir.path().join("in.xlsx");
    std::fs::copy(
        root().join("fixtures/submissions/standard-form.xlsx"),
        &input,
    )
    .unwrap();
    let before = std::fs::read(&input).unwrap();
    let o = write_report(&[input.to_str().unwrap()], &input);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8(o.stderr).unwrap().contains("input"));
    assert_eq!(std::fs::read(&input).unwrap(), before);
    // A workbook open in Excel (its lock file beside it).
    let out = dir.path().join("排名.xlsx");
    std::fs::write(dir.path().join("~$排名.xlsx"), b"lock").unwrap();
    let o = write_report(&["fixtures/submissions"], &out);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8(o.stderr)
        .unwrap()
        .contains("open in Excel"));
    assert!(!out.exists());
    // A folder that does not exist.
    let o = write_report(
        &["fixtures/submissions"],
        &dir.path().join("no/such/排名.xlsx"),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8(o.stderr)
        .unwrap()
        .contains("does not exist"));
    // Not .xlsx.
    let o = write_report(&["fixtures/submissions"], &dir.path().join("排名.pdf"));
    assert_eq!(o.status.code(), Some(2));
    // No temporary file is left behind.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
}

#[test]
fn the_report_is_byte_identical_between_runs() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
    write_report(&["fixtures/submissions"], &a);
    write_report(&["fixtures/submissions"], &b);
    // The zip holds no timestamps of ours; the sheets' XML must match exactly.
    let sheets = |p: &Path| {
        let mut z = zip::ZipArchive::new(std::fs::File::open(p).unwrap()).unwrap();
        let mut out = Vec::new();
        for i in 0..z.len() {
            let mut f = z.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            if name.contains("docProps/core") {
                continue; // creation time
            }
            let mut s = String::new();
            std::io::Read::read_to_string(&mut f, &mut s).ok();
            out.push((name, s));
        }
        out
    };
    assert_eq!(sheets(&a), sheets(&b));
}

/// The report renders in LibreOffice (headless conversion to PDF), where it is installed.
#[test]
fn libreoffice_renders_the_report() {
    if !soffice_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.xlsx");
    assert!(write_report(&["fixtures/submissions"], &out)
        .status
        .success());
    let st = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&out)
        .env("HOME", dir.path())
        .output()
        .unwrap();
    assert!(
        st.status.success(),
        "{}",
        String::from_utf8_lossy(&st.stderr)
    );
    let pdf = std::fs::read(dir.path().join("report.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF") && pdf.len() > 10_000);
}
