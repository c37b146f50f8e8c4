//! The clerk's language: every command, in Chinese (the default) and in English, on the
//! fixtures. In Chinese no English sentence may appear (file names, rule ids, column names of
//! the CSV/JSON contracts and abbreviations such as CMI aside); in English no Chinese may
//! appear but names from the data (units, sheets, cells as written, periods as headed) and the
//! survey's own terms a clerk types into the form (三级指标, 填报单位, 无, 未上榜 …).
//! Also: snapshots of the terminal tables at 80 columns in both languages.

mod common;
use calamine::{Data, Reader};
use common::*;
use std::collections::BTreeSet;
use std::path::Path;

/// What a command printed on stdout and stderr, in a language.
fn run(lang: &str, args: &[&str]) -> String {
    let mut a: Vec<&str> = args.to_vec();
    a.extend(["--lang", lang]);
    // Wide, so no name is wrapped across lines; the 80-column layout has its own snapshots.
    let out = assess().env("COLUMNS", "200").args(&a).output().unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Every string cell of every sheet of a workbook.
fn workbook_text(p: &Path) -> String {
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(p).unwrap();
    let mut out = String::new();
    for name in wb.sheet_names() {
        out.push_str(&name);
        out.push('\n');
        let r = wb.worksheet_range(&name).unwrap();
        for row in r.rows() {
            for c in row {
                if let Data::String(s) = c {
                    out.push_str(s);
                    out.push('\n');
                }
            }
        }
    }
    out
}

fn has_cjk(s: &str) -> bool {
    assess::i18n::has_cjk(s)
}

/// Runs of three or more English words: a sentence, not a name or a code.
fn english_sentences(text: &str) -> Vec<String> {
    let allowed = [
        // The columns of extract's CSV, a contract that does not change with the language.
        "file",
        "sheet",
        "no",
        "code",
        "name",
        "value",
        "raw",
        "assess",
        "validate",
        "extract",
        "score",
        "compare",
        "report",
        "feedback",
        "status",
        "template",
        "scheme",
        "names",
        "help",
        "lang",
        "format",
        "json",
        "csv",
        "table",
        "xlsx",
        "topsis",
        "rsr",
        "composite",
        "entropy",
        "specialty",
        "hospital",
        "county",
        "none",
        "group",
        "by",
        "period",
        "history",
        "record",
        "output",
        "force",
        "single",
        "detail",
        "targets",
        "strict",
        "title",
        "preset",
        "default",
        "pass",
        "fail",
        "higher",
        "lower",
        "direction",
        "weight",
        "full",
        "zero",
    ];
    let mut out = Vec::new();
    for line in text.lines() {
        // Example commands and options are not sentences.
        if line.contains("assess ") || line.trim_start().starts_with("--") {
            continue;
        }
        // clap's own words, which its help would print in English.
        if line.contains("[default:") || line.contains("[possible values") {
            out.push(format!("clap: {line}"));
        }
        let line = &without_codes(line);
        // A run ends at anything that is not ASCII (a Chinese character, a full-width mark).
        for run in line.split(|c: char| !c.is_ascii()) {
            let words: Vec<&str> = run
                .split(|c: char| !(c.is_ascii_alphabetic() || c == '\''))
                .filter(|w| w.len() >= 2 && !allowed.contains(&w.to_ascii_lowercase().as_str()))
                .collect();
            if words.len() >= 3 {
                out.push(format!("{}: {line}", words.join(" ")));
            }
        }
    }
    out
}

/// A line without its file names, paths, rule ids and options: every run of ASCII letters,
/// digits and `/ . - _ :` that holds one of `/ . - _` (`fixtures/broken/a.xlsx`,
/// `[unit-from-name]`, `--no-such-option`) is a code, not words.
fn without_codes(line: &str) -> String {
    let mut out = String::new();
    let mut token = String::new();
    let flush = |token: &mut String, out: &mut String| {
        if !token.chars().any(|c| matches!(c, '/' | '.' | '-' | '_')) {
            out.push_str(token);
        } else {
            out.push(' ');
        }
        token.clear();
    };
    for c in line.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '-' | '_' | ':') {
            token.push(c);
        } else {
            flush(&mut token, &mut out);
            out.push(c);
        }
    }
    flush(&mut token, &mut out);
    out
}

/// Strings that come from the data of the fixtures: names, sheets, cells as written.
fn data_strings() -> Vec<String> {
    let mut set: BTreeSet<String> = BTreeSet::new();
    for path in ["fixtures/submissions", "fixtures/broken"] {
        let recs = json_of(assess().args(["extract", path, "--format", "json"]));
        for r in recs.as_array().unwrap() {
            for k in [
                "file",
                "sheet",
                "county",
                "hospital",
                "specialty",
                "period",
                "raw",
                "detail",
                "county_raw",
                "hospital_raw",
                "specialty_raw",
            ] {
                if let Some(s) = r[k].as_str() {
                    if !s.is_empty() {
                        set.insert(s.to_string());
                    }
                    // Hospitals are shown without their county where it is one.
                    if let (Some(h), Some(c)) = (r[k].as_str(), r["county"].as_str()) {
                        if let Some(short) = h.strip_prefix(c).filter(|s| !s.is_empty()) {
                            set.insert(short.to_string());
                        }
                    }
                }
            }
        }
    }
    // The survey's own terms, which a clerk types into the form as they are.
    for t in [
        "三级指标",
        "填报单位：…",
        "专科名称：…",
        "填报单位",
        "专科名称",
        "医院_专科.xlsx",
        "2024年1-6月",
        "2023年1-6月",
        "2026年目标",
        "目标值",
        "建设目标",
        "无",
        "未上榜",
        "万元",
        "万",
        "元",
        "张",
        "人",
        "人次",
        "个",
        "台",
        "组",
        "项",
        "篇",
        "件",
        "名",
        "平方米",
        "次",
        "说明",
        "科室自定义指标",
        "北岭旗第三人民医院",
        "消化内科",
        "北岭旗",
        "较多",
        "名称对照.toml",
        "历年评估.xlsx",
        "报送材料",
        "排名.xlsx",
        "我们的方案.toml",
        "心内科.xlsx",
        "骨科.xls",
        "数值.csv",
        "反馈",
        "全部反馈.xlsx",
        "合格制方案.toml",
        "重点专科基本情况调查表.xlsx",
        "心内科",
        "北岭旗人民医院",
        "心血管内科",
        "建设量化指标表.xlsx",
        "分专科排名.xlsx",
        "评估.xlsx",
        "北岭旗2024年上半年临床重点专科评估",
        "名称对照",
        "万元）",
        "约",
        "（",
        "）",
        "“",
        "”",
        "、",
        "：",
        "，",
        "≦",
        "≧",
        "重点专科基本情况调查表",
        "明细甲、明细乙",
        "明细甲",
        "明细乙",
        // Values a clerk may type in Chinese, shown in the English help as accepted.
        "2024年上半年",
        "专科|医院|旗县区|不分组",
        "综合|topsis|rsr",
        "方案|熵权",
        "熵权",
        "专科",
        "优秀/合格/不合格",
        "所属旗县区",
        "临床重点专科评估",
        "排名",
        "图表",
        "调查表2026.csv",
        "2024年",
        "建设量化指标表",
        "上半年",
        "2023年7-12月",
        "7-12月",
    ] {
        set.insert(t.to_string());
    }
    let mut v: Vec<String> = set.into_iter().collect();
    // Longest first, so a name is removed before the words inside it.
    v.sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    v
}

/// Chinese left in English output once the data's own strings are taken out.
fn chinese_left(text: &str, data: &[String]) -> Vec<String> {
    let mut t = text.to_string();
    for d in data {
        if has_cjk(d) {
            t = t.replace(d.as_str(), " ");
        }
    }
    t.lines()
        .filter(|l| has_cjk(l))
        .map(|l| l.trim().to_string())
        .collect()
}

/// Every command's human-readable output in a language: terminal text and workbook text.
fn outputs(lang: &str, dir: &Path) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = Vec::new();
    let mut add = |name: &str, args: &[&str]| v.push((name.to_string(), run(lang, args)));
    add("help", &["--help"]);
    for sub in [
        "validate", "extract", "score", "compare", "report", "feedback", "status", "template",
        "scheme", "names",
    ] {
        add(&format!("{sub} --help"), &[sub, "--help"]);
    }
    add(
        "validate",
        &["validate", "fixtures/submissions", "fixtures/broken"],
    );
    add("score", &["score", "fixtures/submissions"]);
    add(
        "score --detail",
        &[
            "score",
            "fixtures/submissions/standard-form.xlsx",
            "fixtures/submissions/values-as-typed.xlsx",
            "--detail",
        ],
    );
    add(
        "score grouped",
        &["score", "fixtures/submissions", "--group-by", "specialty"],
    );
    add("compare", &["compare", "fixtures/submissions"]);
    add(
        "status",
        &[
            "status",
            "--history",
            "fixtures/history/历年评估.csv",
            "fixtures/submissions",
        ],
    );
    add(
        "an unknown argument",
        &["score", "fixtures/submissions", "--no-such-option"],
    );
    add(
        "an unknown period",
        &["score", "fixtures/submissions", "--period", "上半年"],
    );
    add("no such path", &["validate", "no/such/folder"]);
    // extract's stdout is the CSV contract; only what it says on stderr is for a person.
    let out = assess()
        .args(["extract", "fixtures/broken", "--lang", lang])
        .output()
        .unwrap();
    v.push((
        "extract broken".into(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    ));
    let msg = |args: &[&str]| -> String {
        let mut a: Vec<&str> = args.to_vec();
        a.extend(["--lang", lang, "--format", "json"]);
        json_of(assess().args(&a))
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["message"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    v.push((
        "validate json messages".into(),
        msg(&["validate", "fixtures/submissions", "fixtures/broken"]),
    ));
    let report = dir.join(format!("report-{lang}.xlsx"));
    run(
        lang,
        &[
            "report",
            "fixtures/submissions",
            "fixtures/broken/data-errors.xlsx",
            "-o",
            report.to_str().unwrap(),
            "--history",
            "fixtures/history/历年评估.csv",
        ],
    );
    v.push(("report".into(), workbook_text(&report)));
    let fb = dir.join(format!("feedback-{lang}.xlsx"));
    run(
        lang,
        &[
            "feedback",
            "fixtures/submissions",
            "-o",
            fb.to_str().unwrap(),
            "--single",
        ],
    );
    v.push(("feedback".into(), workbook_text(&fb)));
    let t = dir.join(format!("template-{lang}.xlsx"));
    run(
        lang,
        &[
            "template",
            "-o",
            t.to_str().unwrap(),
            "--target",
            "2026年目标",
        ],
    );
    v.push(("template".into(), workbook_text(&t)));
    v
}

#[test]
fn chinese_by_default_with_no_english_sentence() {
    let dir = tempfile::tempdir().unwrap();
    // The default, whatever the locale says.
    let out = assess()
        .env("LANG", "C")
        .env("LC_ALL", "C")
        .args(["score", "fixtures/submissions"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("北岭旗 重点专科评分"));
    let mut bad = Vec::new();
    for (name, text) in outputs("zh", dir.path()) {
        for s in english_sentences(&text) {
            bad.push(format!("[{name}] {s}"));
        }
    }
    assert!(
        bad.is_empty(),
        "English in Chinese mode:\n{}",
        bad.join("\n")
    );
}

#[test]
fn english_on_request_with_no_chinese_but_the_datas() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_strings();
    let mut bad = Vec::new();
    for (name, text) in outputs("en", dir.path()) {
        for l in chinese_left(&text, &data) {
            bad.push(format!("[{name}] {l}"));
        }
    }
    assert!(
        bad.is_empty(),
        "Chinese in English mode:\n{}",
        bad.join("\n")
    );
    // ASSESS_LANG works too.
    let out = assess()
        .env("ASSESS_LANG", "en")
        .args(["score", "fixtures/submissions"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("Key specialty scores"));
}

/// The rule ids and the JSON keys do not change with the language; only the messages do.
#[test]
fn the_json_contract_is_the_same_in_both_languages() {
    let zh = json_of(assess().args(["validate", "fixtures/broken", "--format", "json"]));
    let en = json_of(assess().args([
        "validate",
        "fixtures/broken",
        "--format",
        "json",
        "--lang",
        "en",
    ]));
    let strip = |v: &serde_json::Value| {
        let mut v = v.clone();
        for d in v.as_array_mut().unwrap() {
            d.as_object_mut().unwrap().remove("message");
        }
        v
    };
    assert_eq!(strip(&zh), strip(&en));
    let s_zh = stdout_of(assess().args(["score", "fixtures/submissions", "--format", "json"]));
    let s_en = stdout_of(assess().args([
        "score",
        "fixtures/submissions",
        "--format",
        "json",
        "--lang",
        "en",
    ]));
    assert_eq!(s_zh, s_en);
}

/// The terminal tables at 80 columns, in both languages, as their golden snapshots.
#[test]
fn terminal_tables_at_80_columns_in_both_languages() {
    for lang in ["zh", "en"] {
        for (name, args) in [
            ("score", vec!["score", "fixtures/submissions"]),
            (
                "score-grouped",
                vec!["score", "fixtures/submissions", "--group-by", "specialty"],
            ),
            (
                "validate",
                vec!["validate", "fixtures/broken/data-errors.xlsx"],
            ),
            (
                "compare",
                vec!["compare", "fixtures/submissions/standard-form.xlsx"],
            ),
            (
                "status",
                vec!["status", "--history", "fixtures/history/历年评估.csv"],
            ),
        ] {
            let mut a = args.clone();
            a.extend(["--lang", lang]);
            let out = stdout_of(assess().env("COLUMNS", "80").args(&a));
            for line in out.lines() {
                assert!(
                    unicode_width::UnicodeWidthStr::width(line) <= 80,
                    "{name} {lang} too wide: {line}"
                );
            }
            golden(&format!("terminal-{name}-{lang}.txt"), &out);
        }
    }
}

/// The checks above can fail: each finds what it looks for.
#[test]
fn the_detectors_find_what_they_look_for() {
    assert!(!english_sentences("错误：could not read the file").is_empty());
    assert!(!english_sentences("  [default: none]").is_empty());
    assert!(english_sentences("fixtures/broken/a.xlsx [unit-from-name] 第3项 CMI").is_empty());
    let data = vec!["北岭旗人民医院".to_string()];
    assert!(chinese_left("Unit 北岭旗人民医院 scored", &data).is_empty());
    assert!(!chinese_left("Unit 北岭旗人民医院 得分", &data).is_empty());
}
