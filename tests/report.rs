//! `assess report`: the workbook read back with calamine and checked against `assess score`,
//! each sheet dumped to CSV and compared with its golden file, and the safety of writing it.

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

/// The column whose header (row 3) is `name`.
fn col(r: &calamine::Range<Data>, name: &str) -> u32 {
    (0..r.width() as u32)
        .find(|&c| text(r, 3, c) == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

/// A sheet as CSV text, for the golden files: every cell as shown by calamine, numbers to 6
/// significant digits.
fn sheet_csv(path: &Path, sheet: &str) -> String {
    let r = range(path, sheet);
    let mut out = String::new();
    for row in r.rows() {
        let cells: Vec<String> = row
            .iter()
            .map(|d| match d {
                Data::Float(f) => format!("{:.6}", f)
                    .trim_end_matches('0')
                    .trim_end_matches('.')
                    .to_string(),
                other => other.to_string().replace('\n', "⏎").replace(',', "，"),
            })
            .collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
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
            "读取文件 8 个，调查表 9 张，2024年1-6月 排名 9 个：错误 0 条，警告 5 条；报告已写入"
        ),
        "{summary}"
    );

    let wb: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "排名",
            "图表",
            "分项得分",
            "原始数据",
            "同比变化",
            "数据问题",
            "评分方案"
        ]
    );

    let score = json_of(assess().args(["score", "fixtures/submissions", "--format", "json"]));
    let results = score["results"].as_array().unwrap();
    let r = range(&out, "排名");
    assert_eq!(text(&r, 0, 0), "北岭旗2024年上半年临床重点专科评估");
    assert!(text(&r, 1, 0).contains("2024年1-6月") && text(&r, 1, 0).contains("综合评分法"));
    let (rank, grade, hosp, spec, total) = (
        col(&r, "排名"),
        col(&r, "等级"),
        col(&r, "医院"),
        col(&r, "专科"),
        col(&r, "总分"),
    );
    let areas = ["基本情况", "质量与安全", "人才队伍", "服务满意"].map(|a| col(&r, a));
    let (change, moved, problems) = (
        col(&r, "总分变化"),
        col(&r, "名次变化"),
        col(&r, "数据问题"),
    );
    for (i, res) in results.iter().enumerate() {
        let row = 4 + i as u32;
        assert_eq!(num(&r, row, rank), res["rank"].as_f64(), "rank order");
        assert_eq!(text(&r, row, grade), res["grade"].as_str().unwrap());
        assert_eq!(text(&r, row, hosp), res["hospital"].as_str().unwrap());
        assert_eq!(text(&r, row, spec), res["specialty"].as_str().unwrap());
        // Full precision is kept; only the format shows one decimal.
        assert!(same(num(&r, row, total), res["total"].as_f64()));
        for (a, c) in areas.iter().enumerate() {
            assert!(same(
                num(&r, row, *c),
                res["areas"][(a + 1).to_string()].as_f64()
            ));
        }
        assert!(same(
            num(&r, row, change),
            res["yoy"]["total_change"].as_f64()
        ));
        let moved_text = text(&r, row, moved);
        match res["yoy"]["rank_change"].as_i64() {
            Some(0) => assert_eq!(moved_text, "持平"),
            Some(d) if d > 0 => assert_eq!(moved_text, format!("上升 {d}")),
            Some(d) => assert_eq!(moved_text, format!("下降 {}", -d)),
            None => assert_eq!(moved_text, ""),
        }
        assert_eq!(num(&r, row, problems), None, "no errors in the fixtures");
    }

    // Item scores: an indicator per row, a unit per column in rank order.
    let s = range(&out, "分项得分");
    let mut checked = 0;
    for row in 4..s.height() as u32 {
        let id = text(&s, row, 0);
        if text(&s, row, 1).is_empty() {
            continue; // an area's band
        }
        for (j, res) in results.iter().enumerate() {
            let it = res["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["id"] == id.as_str())
                .unwrap_or_else(|| panic!("{id}"));
            assert!(
                same(num(&s, row, 2 + j as u32), it["score"].as_f64()),
                "{id}"
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 56 + 5, "every scored item and derived indicator");

    // Raw values, the period assessed first, with missing / n.a. / invalid marked.
    let v = range(&out, "原始数据");
    assert_eq!(text(&v, 4, 0), "1.基本情况");
    assert_eq!(text(&v, 5, 1), "科室业务用房面积（平方米）");
    assert_eq!(v.width() as u32, 2 + 18);
    let typed = (2..v.width() as u32)
        .find(|&c| text(&v, 3, c).starts_with("人民医院\n神经内科\n2023年1-6月"))
        .unwrap();
    let row_of = |no: u32| {
        (4..v.height() as u32)
            .find(|&r| text(&v, r, 0) == no.to_string())
            .unwrap()
    };
    assert_eq!(num(&v, row_of(1), typed), Some(823.0));
    assert_eq!(text(&v, row_of(41), typed), "不适用"); // item 41 '/'
    assert_eq!(num(&v, row_of(63), typed), Some(12.0)); // 第12名

    // Year-over-year: the summary lines and one per directional indicator.
    let y = range(&out, "同比变化");
    assert_eq!(text(&y, 5, 1), "改善项数");
    let first = &results[0]["yoy"];
    assert_eq!(num(&y, 5, 2), first["improved"].as_f64());
    assert_eq!(num(&y, 6, 2), first["worsened"].as_f64());
    assert!(same(num(&y, 7, 2), first["total_change"].as_f64()));
    let m = range(&out, "评分方案");
    assert!((0..m.height() as u32).any(|row| text(&m, row, 0) == "43"
        && num(&m, row, 5) == Some(50.0)
        && num(&m, row, 6) == Some(25.0)));
}

/// Every sheet of the fixture report, dumped to CSV: a snapshot of what the writer lays out.
#[test]
fn each_sheet_is_its_golden_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.xlsx");
    assert!(write_report(&["fixtures/submissions"], &out)
        .status
        .success());
    for (sheet, file) in [
        ("排名", "report-ranking.csv"),
        ("分项得分", "report-scores.csv"),
        ("原始数据", "report-values.csv"),
        ("同比变化", "report-changes.csv"),
        ("数据问题", "report-problems.csv"),
    ] {
        golden(file, &sheet_csv(&out, sheet));
    }
    // 评分方案 names the files and the program's version; its scheme part is the snapshot.
    let scheme = sheet_csv(&out, "评分方案");
    let part = scheme.split("本次运行").next().unwrap();
    golden("report-scheme.csv", part);
}

#[test]
fn the_report_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ranking.xlsx");
    let o = write_report(&["fixtures/submissions", "--lang", "en"], &out);
    assert!(o.status.success());
    let wb: Xlsx<_> = open_workbook(&out).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "Ranking",
            "Charts",
            "Item scores",
            "Values",
            "Changes",
            "Data problems",
            "Scheme"
        ]
    );
    let r = range(&out, "Ranking");
    assert_eq!(text(&r, 3, 0), "Rank");
    assert!(text(&r, 0, 0).starts_with("北岭旗 · Clinical key specialty assessment"));
    assert_eq!(text(&r, 4, col(&r, "Rank move")), "up 5");
}

#[test]
fn broken_files_are_listed_and_the_report_is_still_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("排名.xlsx");
    let o = write_report(&["fixtures/submissions", "fixtures/broken"], &out);
    assert!(o.status.success());
    let err = String::from_utf8(o.stderr).unwrap();
    assert!(
        err.contains("zip-bomb.xlsx") && err.contains("报告已写入"),
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
    let validate = validate.as_array().unwrap();
    assert_eq!(p.height() as u32 - 4, validate.len() as u32);
    for (i, d) in validate.iter().enumerate() {
        let row = 4 + i as u32;
        assert_eq!(text(&p, row, 0), d["file"].as_str().unwrap());
        assert_eq!(text(&p, row, 6), d["message"].as_str().unwrap());
        assert_eq!(text(&p, row, 7), d["rule"].as_str().unwrap());
    }
    // Rows resting on errors say how many in 排名.
    let r = range(&out, "排名");
    let problems = col(&r, "数据问题");
    assert!((4..r.height() as u32).any(|row| num(&r, row, problems).is_some_and(|n| n > 0.0)));
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
    assert!(String::from_utf8(o.stderr).unwrap().contains("未生成报告"));
}

#[test]
fn grouped_reports_rank_within_groups() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("分专科.xlsx");
    assert!(
        write_report(&["fixtures/submissions", "--group-by", "专科"], &out)
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
    assert!(String::from_utf8(o.stderr).unwrap().contains("输入文件"));
    assert_eq!(std::fs::read(&input).unwrap(), before);
    // A workbook open in Excel (its lock file beside it).
    let out = dir.path().join("排名.xlsx");
    std::fs::write(dir.path().join("~$排名.xlsx"), b"lock").unwrap();
    let o = write_report(&["fixtures/submissions"], &out);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8(o.stderr)
        .unwrap()
        .contains("正在 Excel 或 WPS 中打开"));
    assert!(!out.exists());
    // A folder that does not exist.
    let o = write_report(
        &["fixtures/submissions"],
        &dir.path().join("no/such/排名.xlsx"),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8(o.stderr).unwrap().contains("不存在"));
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

/// Regression (issue: never silently wrong): a report written into the submissions folder was
/// read back as a broken survey by the next run, and the next report refused to run.
#[test]
fn a_report_in_the_submissions_folder_is_not_read_back() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["standard-form.xlsx", "values-as-typed.xlsx", "utf8-bom.csv"] {
        std::fs::copy(
            root().join("fixtures/submissions").join(f),
            dir.path().join(f),
        )
        .unwrap();
    }
    let folder = dir.path().to_str().unwrap();
    let out = dir.path().join("排名.xlsx");
    for _ in 0..2 {
        let o = write_report(&[folder], &out);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    // A blank template and an extract CSV in the folder are not surveys either.
    let t = dir.path().join("模板.xlsx");
    assess()
        .args(["template", "-o", t.to_str().unwrap()])
        .assert()
        .success();
    let x = dir.path().join("数值.csv");
    assess()
        .args(["extract", folder, "-o", x.to_str().unwrap()])
        .assert()
        .success();
    let v = json_of(assess().args(["validate", folder, "--format", "json"]));
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .all(|d| d["severity"] != "error"),
        "{v:#}"
    );
    let summary = stdout_of(assess().args(["validate", folder]));
    assert!(
        summary.contains("另有 assess 生成的文件 3 个，已跳过"),
        "{summary}"
    );
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

/// Excel holds 1,048,576 rows: a data sheet or 数据问题 longer than a sheet continues in
/// `分项得分 (2)` and so on, every unit and every problem in exactly one part. Tried with 20
/// rows a sheet so that 45 units split as a national run would at a million.
#[test]
fn a_sheet_past_excels_rows_continues_in_numbered_sheets() {
    use assess::output::report::{self, ReportInput};
    let dir = tempfile::tempdir().unwrap();
    let batch = forty_five_units(dir.path());
    let opts = assess::assess::Options::default();
    let diags = assess::check(&batch, &opts.scheme);
    let problems = diags.len();
    assert!(problems >= 45, "{problems} problems");
    let a = assess::assess::assess(&batch, diags, &opts).unwrap();
    assert_eq!(a.results.len(), 45);
    let bytes = report::write(&ReportInput {
        title: "北岭旗".into(),
        assessment: &a,
        status: None,
        lang: assess::i18n::Lang::Zh,
        date: "2026-11-23".into(),
        sheet_rows: 20,
        streamed: true,
    })
    .unwrap();
    let path = dir.path().join("r.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let wb: Xlsx<_> = open_workbook(&path).unwrap();
    let names = wb.sheet_names();
    // Rows under the header (row 4) of every part of a sheet, in order.
    let rows_of = |base: &str, parts: usize| -> Vec<String> {
        let mut all = Vec::new();
        for k in 0..parts {
            let name = if k == 0 {
                base.to_string()
            } else {
                format!("{base} ({})", k + 1)
            };
            assert!(names.contains(&name), "{name} not in {names:?}");
            let r = range(&path, &name);
            let (h, _) = r.end().unwrap();
            let part: Vec<String> = (4..=h)
                .map(|row| {
                    format!(
                        "{}|{}|{}",
                        text(&r, row, 0),
                        text(&r, row, 1),
                        text(&r, row, 2)
                    )
                })
                .filter(|s| s != "||")
                .collect();
            assert!(
                part.len() <= 20 && !part.is_empty(),
                "{name}: {}",
                part.len()
            );
            let note = text(&r, 1, 0);
            assert!(
                note.contains("分") && note.contains("张表"),
                "{name}: {note}"
            );
            all.push(part);
        }
        let next = if parts == 1 {
            base.to_string()
        } else {
            format!("{base} ({})", parts + 1)
        };
        assert!(!names.contains(&next), "{next} should not exist");
        all.concat()
    };
    let scores = rows_of("分项得分", 3);
    assert_eq!(scores.len(), 45);
    let mut units = scores.clone();
    units.sort();
    units.dedup();
    assert_eq!(units.len(), 45, "every unit once");
    assert_eq!(rows_of("原始数据", 5).len(), 90);
    assert_eq!(rows_of("同比变化", 3).len(), 45);
    assert_eq!(rows_of("数据问题", problems.div_ceil(20)).len(), problems);
}

/// 45 units of 北岭旗 (more than a wide data sheet holds), each with one approximate value.
fn forty_five_units(dir: &Path) -> assess::load::Batch {
    let first = hospital_csv(
        dir,
        "北岭旗第1人民医院",
        "骨科",
        &[("门诊人次", "2024年1-6月", "约800")],
    );
    let csv = std::fs::read_to_string(&first).unwrap();
    for i in 2..=45 {
        let h = format!("北岭旗第{i}人民医院");
        std::fs::write(
            dir.join(format!("{h}_骨科.csv")),
            csv.replace("北岭旗第1人民医院", &h),
        )
        .unwrap();
    }
    let found = assess::inputs::collect(&[dir.to_path_buf()]).unwrap();
    assess::load::load(&found, &assess::load::LoadOptions::default(), &|| {})
}

/// The long data sheets and 数据问题 are written row by row (so a national run never holds
/// all its cells): what they hold, cell by cell, and every row's height are what the writer
/// that holds a whole sheet makes.
#[test]
fn a_report_written_row_by_row_holds_what_a_whole_sheet_writer_makes() {
    use assess::output::report::{self, ReportInput};
    let dir = tempfile::tempdir().unwrap();
    let batch = forty_five_units(dir.path());
    let opts = assess::assess::Options::default();
    let diags = assess::check(&batch, &opts.scheme);
    let a = assess::assess::assess(&batch, diags, &opts).unwrap();
    let write = |streamed: bool| {
        let bytes = report::write(&ReportInput {
            title: "北岭旗".into(),
            assessment: &a,
            status: None,
            lang: assess::i18n::Lang::Zh,
            date: "2026-11-23".into(),
            sheet_rows: report::SHEET_ROWS,
            streamed,
        })
        .unwrap();
        let path = dir.path().join(format!("r-{streamed}.xlsx"));
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let (streamed, whole) = (write(true), write(false));
    // Every cell of every sheet, as calamine reads it.
    let cells = |p: &Path| {
        let mut wb: Xlsx<_> = open_workbook(p).unwrap();
        let mut out = Vec::new();
        for name in wb.sheet_names() {
            let r = wb.worksheet_range(&name).unwrap();
            for (row, col, v) in r.used_cells() {
                out.push(format!("{name}!{row},{col}={v:?}"));
            }
        }
        out
    };
    let got = cells(&streamed);
    assert!(
        got.iter().any(|c| c.starts_with("原始数据!")),
        "{}",
        got.len()
    );
    assert_eq!(got, cells(&whole));
    // Every row given a height (`ht`) in each sheet's XML, each once: the streamed sheet may
    // end in one empty row more (see `Grid::finish`).
    let heights = |p: &Path| {
        let mut z = zip::ZipArchive::new(std::fs::File::open(p).unwrap()).unwrap();
        let mut out = Vec::new();
        for i in 0..z.len() {
            let mut f = z.by_index(i).unwrap();
            let name = f.name().unwrap().to_string();
            if !name.starts_with("xl/worksheets/sheet") {
                continue;
            }
            let mut s = String::new();
            std::io::Read::read_to_string(&mut f, &mut s).unwrap();
            for row in s.split("<row ").skip(1) {
                let tag = &row[..row.find('>').unwrap()];
                let attr = |k: &str| {
                    tag.split_whitespace()
                        .find_map(|a| a.strip_prefix(k))
                        .unwrap_or("")
                        .to_string()
                };
                if !attr("ht=").is_empty() {
                    out.push(format!("{name} {} {}", attr("r="), attr("ht=")));
                }
            }
        }
        out
    };
    let h = heights(&streamed);
    assert!(
        h.iter().any(|r| r.starts_with("xl/worksheets/sheet6.xml")),
        "{h:?}"
    );
    assert_eq!(h, heights(&whole));
}

/// The fixture's submissions and two units of 南山县 beside them.
fn two_counties(dir: &Path) -> std::path::PathBuf {
    let inputs = dir.join("报送材料");
    for e in walk(&root().join("fixtures/submissions")) {
        let rel = e.strip_prefix(root().join("fixtures/submissions")).unwrap();
        let to = inputs.join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(&e, &to).unwrap();
    }
    for (h, s) in [("南山县人民医院", "眼科"), ("南山县中医医院", "骨科")] {
        let p = hospital_csv(dir, h, s, &[]);
        let text = std::fs::read_to_string(&p)
            .unwrap()
            .replace("所属旗县区：北岭旗", "所属旗县区：南山县");
        std::fs::write(inputs.join(p.file_name().unwrap()), text).unwrap();
    }
    inputs
}

fn walk(d: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(d).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// B11 for score and report: a run whose units come from more than one county says so, with
/// each county's count, on the terminal, in the JSON, and in the notes of 排名 and 评分方案.
#[test]
fn b11_a_run_of_several_counties_says_so_in_score_and_report() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = two_counties(dir.path());
    let inputs = inputs.to_str().unwrap();
    let said = "参评单位来自2个旗县区：北岭旗9个、南山县2个；通常一次只评估一个旗县区，各单位在一起排名，请核对";
    let out = stdout_of(assess().args(["score", inputs]));
    let flat: String = out.split_whitespace().collect();
    assert!(
        flat.contains(&format!(
            "注：{said}；如需各旗县区分别排名，请用--group-by旗县区"
        )),
        "{out}"
    );
    let en = stdout_of(assess().args(["score", inputs, "--lang", "en"]));
    let flat = en.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains("note: the units come from 2 counties: 北岭旗 9, 南山县 2;"),
        "{en}"
    );
    // Ranked by county, the mix is chosen: said without the warning.
    let out = stdout_of(assess().args(["score", inputs, "--group-by", "旗县区"]));
    let flat: String = out.split_whitespace().collect();
    assert!(
        flat.contains("参评单位来自2个旗县区：北岭旗9个、南山县2个；按旗县区分别排名"),
        "{out}"
    );
    assert!(!flat.contains("请核对"), "{out}");
    let json = json_of(assess().args(["score", inputs, "--format", "json"]));
    assert_eq!(
        json["counties"],
        serde_json::json!([{"county": "北岭旗", "units": 9}, {"county": "南山县", "units": 2}])
    );
    // One county: nothing said, and the JSON is as it was.
    let one = json_of(assess().args(["score", "fixtures/submissions", "--format", "json"]));
    assert!(one.get("counties").is_none(), "{one}");
    let out = stdout_of(assess().args(["score", "fixtures/submissions"]));
    assert!(!out.contains("旗县区："), "{out}");
    // The report: under 排名 and in 评分方案.
    let xlsx = dir.path().join("排名.xlsx");
    let o = write_report(&[inputs], &xlsx);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let ranking = sheet_csv(&xlsx, "排名");
    assert!(ranking.contains(&format!("说明：{said}")), "{ranking}");
    let scheme = sheet_csv(&xlsx, "评分方案");
    assert!(scheme.contains(said), "{scheme}");
}

/// Regression: `-o` onto a file the run reads besides the submissions (the ledger, the scheme,
/// the names file, a form or its rules, a target workbook) replaced it with the output; `status`
/// did not even spare its submissions. Every command with `-o` refuses, naming the file, and
/// leaves it byte for byte as it was.
#[test]
fn an_output_never_overwrites_the_ledger_or_scheme_it_reads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let path = |name: &str| d.join(name).to_str().unwrap().to_string();
    let copy = |from: &str, name: &str| {
        std::fs::copy(root().join(from), d.join(name)).unwrap();
        path(name)
    };
    let made = |cmd: &str, name: &str| {
        assess().args([cmd, "-o", &path(name)]).assert().success();
        path(name)
    };
    let scheme = made("scheme", "方案.toml");
    let names = made("names", "名称对照.toml");
    let ledger = copy("fixtures/history/历年评估.csv", "台账.csv");
    let form = copy("fixtures/revised/调查表2026.csv", "调查表.csv");
    let rules = copy("fixtures/revised/调查表2026.rules.csv", "调查表.rules.csv");
    let target = copy("fixtures/submissions/standard-form.xlsx", "目标.xlsx");
    std::fs::create_dir(d.join("目标")).unwrap();
    let in_folder = copy(
        "fixtures/submissions/standard-form.xlsx",
        "目标/儿科目标.xlsx",
    );
    let submission = copy("fixtures/submissions/standard-form.xlsx", "提交.xlsx");
    let folder = path("目标");
    let subs = "fixtures/submissions";
    let book = path("台账.xlsx");
    assess()
        .args([
            "report",
            subs,
            "--history",
            &book,
            "--record",
            "-o",
            &path("排名.xlsx"),
        ])
        .assert()
        .success();
    let revised = "fixtures/revised/submissions";
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["score", subs, "--scheme", &scheme], &scheme),
        (vec!["score", revised, "--form", &form], &form),
        (vec!["score", revised, "--form", &form], &rules),
        (vec!["compare", subs, "--names", &names], &names),
        (vec!["validate", subs, "--scheme", &scheme], &scheme),
        (vec!["extract", subs, "--names", &names], &names),
        (vec!["scheme", "--form", &form], &form),
        (vec!["report", subs, "--targets", &target], &target),
        (vec!["report", subs, "--history", &book], &book),
        (vec!["report", subs, "--targets", &folder], &in_folder),
        (
            vec!["feedback", subs, "--single", "--targets", &target],
            &target,
        ),
        (vec!["status", "--history", &ledger], &ledger),
        (
            vec!["status", "--history", &ledger, "--scheme", &scheme],
            &scheme,
        ),
        (
            vec!["status", "--history", &ledger, &submission],
            &submission,
        ),
    ];
    for (lang, said) in [
        ("zh", "是输入文件之一"),
        ("en", "is one of the input files"),
    ] {
        for (args, onto) in &cases {
            let before = std::fs::read(onto).unwrap();
            let o = assess()
                .args(["--lang", lang])
                .args(args)
                .args(["-o", onto])
                .output()
                .unwrap();
            let err = String::from_utf8(o.stderr).unwrap();
            assert_eq!(o.status.code(), Some(2), "{args:?} -o {onto}: {err}");
            assert!(err.contains(onto) && err.contains(said), "{args:?}: {err}");
            assert_eq!(std::fs::read(onto).unwrap(), before, "{args:?} -o {onto}");
        }
    }
}

/// A result keeps its scores, not copies of its values and changes (a national run has 50,000
/// units): the values and the change since the baseline are computed from the submissions when
/// a writer asks, and are what was typed.
#[test]
fn a_results_values_and_changes_are_read_from_its_submissions() {
    let dir = tempfile::tempdir().unwrap();
    hospital_csv(
        dir.path(),
        "北岭旗甲医院",
        "骨科",
        &[
            ("2.1.1", "2023年1-6月", "800"),
            ("2.1.1", "2024年1-6月", "900"),
        ],
    );
    hospital_csv(
        dir.path(),
        "北岭旗乙医院",
        "骨科",
        &[
            ("2.1.1", "2023年1-6月", "700"),
            ("2.1.1", "2024年1-6月", "650"),
        ],
    );
    let found = assess::inputs::collect(&[dir.path().to_path_buf()]).unwrap();
    let batch = assess::load::load(&found, &assess::load::LoadOptions::default(), &|| {});
    let opts = assess::assess::Options::default();
    let diags = assess::check(&batch, &opts.scheme);
    let a = assess::assess::assess(&batch, diags, &opts).unwrap();
    let j = a.indicators.iter().position(|i| i.key == "2.1.1").unwrap();
    let of = |h: &str| {
        a.results
            .iter()
            .find(|r| r.unit().hospital.as_deref() == Some(h))
            .unwrap()
    };
    for (h, then, now, trend) in [
        ("北岭旗甲医院", 800.0, 900.0, assess::yoy::Trend::Improved),
        ("北岭旗乙医院", 700.0, 650.0, assess::yoy::Trend::Worsened),
    ] {
        let r = of(h);
        let item = r.item(&a.indicators, j);
        assert_eq!(item.value(), Some(now), "{h}");
        assert_eq!(item.status, assess::value::Status::Ok);
        assert_eq!(item.score(), r.score(j));
        let changes = a.changes(r).expect("a baseline in the same sheet");
        assert_eq!(changes.len(), a.indicators.len());
        let ch = changes[j];
        assert_eq!(
            (ch.baseline(), ch.current()),
            (Some(then), Some(now)),
            "{h}"
        );
        assert_eq!(ch.delta(), Some(now - then));
        assert_eq!(ch.trend, Some(trend));
        for (k, c) in changes.iter().enumerate() {
            assert_eq!(a.change(r, k).as_ref(), Some(c), "{h} indicator {k}");
        }
    }
    // The higher count scores higher: the scores kept are this period's, not the baseline's.
    assert!(of("北岭旗甲医院").score(j) > of("北岭旗乙医院").score(j));
}

/// The baseline is looked for beside a submission (the same sheet's other column) and else by
/// unit among the baseline period's submissions (another file): a unit that sent each year in
/// its own file is compared as one that sent both in one sheet.
#[test]
fn a_baseline_in_another_file_is_found_as_one_in_the_same_sheet() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (year, v) in [("2023年1-6月", "800"), ("2024年1-6月", "900")] {
        common::hospital_csv_as(
            &d.join(format!("北岭旗甲医院_骨科_{}.csv", &year[..4])),
            "北岭旗甲医院",
            "骨科",
            &[year],
            &[("2.1.1", year, v)],
        );
    }
    hospital_csv(
        d,
        "北岭旗乙医院",
        "骨科",
        &[
            ("2.1.1", "2023年1-6月", "700"),
            ("2.1.1", "2024年1-6月", "650"),
        ],
    );
    let found = assess::inputs::collect(&[d.to_path_buf()]).unwrap();
    let batch = assess::load::load(&found, &assess::load::LoadOptions::default(), &|| {});
    let opts = assess::assess::Options::default();
    let diags = assess::check(&batch, &opts.scheme);
    let a = assess::assess::assess(&batch, diags, &opts).unwrap();
    assert_eq!(a.results.len(), 2);
    let j = a.indicators.iter().position(|i| i.key == "2.1.1").unwrap();
    for (h, then, now) in [
        ("北岭旗甲医院", 800.0, 900.0),
        ("北岭旗乙医院", 700.0, 650.0),
    ] {
        let r = a
            .results
            .iter()
            .find(|r| r.unit().hospital.as_deref() == Some(h))
            .unwrap();
        let y = r.yoy.as_ref().expect(h);
        let base = &a.submissions[y.then];
        assert_eq!(base.period().to_string(), "2023年1-6月");
        assert_eq!(base.survey.unit.hospital.as_deref(), Some(h));
        let ch = a.change(r, j).unwrap();
        assert_eq!(
            (ch.baseline(), ch.current()),
            (Some(then), Some(now)),
            "{h}"
        );
    }
}

/// A unit alone in its cohort is not ranked: the note under the ranking says what its data
/// errors are, not that its rank rests on them.
#[test]
fn an_unranked_unit_with_errors_is_not_said_to_rest_its_rank_on_them() {
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("报送");
    std::fs::create_dir(&inputs).unwrap();
    hospital_csv(
        &inputs,
        "北岭旗甲医院",
        "骨科",
        &[("1.1.2", "2024年1-6月", "5——8")],
    );
    let out = dir.path().join("排名.xlsx");
    let o = write_report(&[inputs.to_str().unwrap()], &out);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let r = range(&out, "排名");
    let cells: Vec<String> = r.used_cells().map(|(_, _, v)| v.to_string()).collect();
    let all = cells.join("\n");
    assert!(
        all.contains("“数据问题”为该单位本期数据的错误数，会前请核实"),
        "{all}"
    );
    assert!(!all.contains("其排名建立在有错误的数据上"), "{all}");
}
