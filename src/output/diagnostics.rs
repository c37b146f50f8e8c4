//! Views of a run's diagnostics (`assess validate`): the terminal table grouped by file with a
//! summary line, CSV and JSON. The JSON keys and CSV columns are a stable contract:
//! `file, sheet, cell, item, code, name, period, severity, rule, message` (`item` is the 序号
//! on the form the table was read with, `code` the item's code, which stays the same on a
//! revised form); only the language of `message` follows `--lang`.

use super::table::{self, Col};
use crate::diag::{Diagnostic, Severity};
use crate::i18n::Lang;
use crate::load::Batch;
use crate::messages::message;
use serde::Serialize;

/// One diagnostic as the contract has it.
#[derive(Debug, Serialize)]
pub struct Record<'a> {
    pub file: &'a str,
    pub sheet: Option<&'a str>,
    pub cell: Option<&'a str>,
    pub item: Option<u8>,
    pub code: Option<&'a str>,
    pub name: Option<&'a str>,
    pub period: Option<String>,
    pub severity: &'static str,
    pub rule: &'static str,
    pub message: String,
}

pub const COLUMNS: [&str; 10] = [
    "file", "sheet", "cell", "item", "code", "name", "period", "severity", "rule", "message",
];

pub fn record(d: &Diagnostic, lang: Lang) -> Record<'_> {
    Record {
        file: &d.file,
        sheet: d.sheet.as_deref(),
        cell: d.cell.as_deref(),
        item: d.item.as_ref().map(|i| i.no),
        code: d.item.as_ref().map(|i| i.code.as_str()),
        name: d.item.as_ref().map(|i| i.name.as_str()),
        period: d.period.map(|p| p.to_string()),
        severity: d.severity().as_str(),
        rule: d.rule().id(),
        message: message(d, lang),
    }
}

pub fn json(diags: &[Diagnostic], lang: Lang) -> anyhow::Result<Vec<u8>> {
    let recs: Vec<Record<'_>> = diags.iter().map(|d| record(d, lang)).collect();
    super::json_bytes(&recs)
}

pub fn csv(diags: &[Diagnostic], lang: Lang) -> anyhow::Result<Vec<u8>> {
    super::csv_bytes(
        &COLUMNS,
        diags.iter().map(|d| {
            let r = record(d, lang);
            vec![
                r.file.to_string(),
                r.sheet.unwrap_or_default().to_string(),
                r.cell.unwrap_or_default().to_string(),
                r.item.map(|i| i.to_string()).unwrap_or_default(),
                r.code.unwrap_or_default().to_string(),
                r.name.unwrap_or_default().to_string(),
                r.period.unwrap_or_default(),
                r.severity.to_string(),
                r.rule.to_string(),
                r.message,
            ]
        }),
    )
}

/// The word for a severity.
pub fn severity_word(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Error => lang.pick("错误", "error"),
        Severity::Warning => lang.pick("警告", "warning"),
    }
}

/// What a run read, for the summary line.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub files: usize,
    pub own_outputs: usize,
    /// Archives skipped unread (see `Batch::archives`).
    pub archives: Vec<String>,
    pub surveys: usize,
    pub submissions: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Summary {
    pub fn of(batch: &Batch, diags: &[Diagnostic]) -> Summary {
        let errors = diags.iter().filter(|d| d.is_error()).count();
        Summary {
            files: batch.files_read(),
            own_outputs: batch.own_outputs(),
            archives: batch.archives().into_iter().map(String::from).collect(),
            surveys: batch.surveys().count(),
            submissions: batch.surveys().map(|s| s.periods.len()).sum(),
            errors,
            warnings: diags.len() - errors,
        }
    }

    /// `读取文件 12 个，调查表 7 张，提交 9 份：错误 24 条，警告 8 条`.
    pub fn line(&self, lang: Lang) -> String {
        let own = if self.own_outputs > 0 {
            match lang {
                Lang::Zh => format!("（另有 assess 生成的文件 {} 个，已跳过）", self.own_outputs),
                Lang::En => format!(" (and {} written by assess, skipped)", self.own_outputs),
            }
        } else {
            String::new()
        };
        let line = match lang {
            Lang::Zh => format!(
                "读取文件 {} 个{own}，调查表 {} 张，提交 {} 份：错误 {} 条，警告 {} 条",
                self.files, self.surveys, self.submissions, self.errors, self.warnings
            ),
            Lang::En => format!(
                "{}{own}, {}, {}: {}, {}",
                plural(self.files, "file"),
                plural(self.surveys, "survey"),
                plural(self.submissions, "submission"),
                plural(self.errors, "error"),
                plural(self.warnings, "warning"),
            ),
        };
        if self.archives.is_empty() {
            return line;
        }
        let names = self.archives.join(lang.pick("、", ", "));
        match lang {
            Lang::Zh => format!("{line}\n压缩包未读取：{names}；请解压后再运行"),
            Lang::En => format!("{line}\nArchives not read: {names}; unpack them and run again"),
        }
    }
}

/// `1 file`, `3 files`.
pub use crate::i18n::plural;

/// Diagnostics grouped by file, then the summary line, written file by file (a national
/// run's table is never held whole).
pub fn write_table(
    w: &mut dyn std::io::Write,
    diags: &[Diagnostic],
    summary: &Summary,
    lang: Lang,
) -> std::io::Result<()> {
    for (file, rows) in by_file(diags) {
        writeln!(w, "{}", table::safe(file))?;
        // Columns that are empty for every finding of the file are left out.
        let has = |f: &dyn Fn(&Diagnostic) -> bool| rows.iter().any(|d| f(d));
        // A CSV file's one sheet is named after the file: the heading above says it already.
        let stem = std::path::Path::new(file)
            .file_stem()
            .and_then(|s| s.to_str());
        let cols: [(bool, &str, Col); 6] = [
            (
                has(&|d| d.sheet.is_some() && d.sheet.as_deref() != stem),
                lang.pick("工作表", "Sheet"),
                Col::Short,
            ),
            (
                has(&|d| d.cell.is_some()),
                lang.pick("单元格", "Cell"),
                Col::Word,
            ),
            (
                has(&|d| d.item.is_some()),
                lang.pick("指标", "Item"),
                Col::Short,
            ),
            (
                has(&|d| d.period.is_some()),
                lang.pick("期间", "Period"),
                Col::Word,
            ),
            (true, lang.pick("级别", "Level"), Col::Word),
            (true, lang.pick("说明", "Message"), Col::Prose),
        ];
        let head: Vec<(&str, Col)> = cols.iter().filter(|c| c.0).map(|c| (c.1, c.2)).collect();
        let mut t = table::new_table(&head);
        for d in rows {
            let cells = [
                d.sheet.clone().unwrap_or_default(),
                d.cell.clone().unwrap_or_default(),
                d.item
                    .as_ref()
                    .map(|i| format!("{} {}", i.no, lang.name(&i.name, &i.name_en)))
                    .unwrap_or_default(),
                d.period.map(|p| p.label(lang)).unwrap_or_default(),
                severity_word(d.severity(), lang).to_string(),
                format!("{} [{}]", message(d, lang), d.rule().id()),
            ];
            table::add_row(
                &mut t,
                cells
                    .into_iter()
                    .zip(&cols)
                    .filter(|(_, c)| c.0)
                    .map(|(s, _)| s)
                    .collect(),
            );
        }
        write!(w, "{t}\n\n")?;
    }
    writeln!(w, "{}", summary.line(lang))
}

/// The terminal table of [`write_table`] as one text.
pub fn table(diags: &[Diagnostic], summary: &Summary, lang: Lang) -> String {
    let mut out = Vec::new();
    write_table(&mut out, diags, summary, lang).expect("a Vec takes every write");
    String::from_utf8(out).expect("the table is text")
}

/// The diagnostics file by file, each file where it first appears (one pass: a national run
/// has 50,000 files).
fn by_file(diags: &[Diagnostic]) -> Vec<(&str, Vec<&Diagnostic>)> {
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut out: Vec<(&str, Vec<&Diagnostic>)> = Vec::new();
    for d in diags {
        let k = *index.entry(d.file.as_str()).or_insert_with(|| {
            out.push((d.file.as_str(), Vec::new()));
            out.len() - 1
        });
        out[k].1.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Finding;

    /// Each file's findings in one table, under its name once, in the order files first
    /// appear (grouped in one pass: the table was quadratic in files, 50,000 at a time).
    #[test]
    fn a_file_is_one_table_whatever_the_order_of_its_findings() {
        let d = |file: &str, cell: &str| {
            Diagnostic::new(file, Finding::ValueMissing).cell(Some(cell.into()))
        };
        let diags = [d("甲.xlsx", "C5"), d("乙.xlsx", "C6"), d("甲.xlsx", "C7")];
        let text = table(&diags, &Summary::default(), Lang::Zh);
        assert_eq!(text.matches("甲.xlsx").count(), 1, "{text}");
        assert_eq!(text.matches("乙.xlsx").count(), 1, "{text}");
        let (jia, yi) = (text.find("甲.xlsx").unwrap(), text.find("乙.xlsx").unwrap());
        let (c5, c6, c7) = (
            text.find("C5").unwrap(),
            text.find("C6").unwrap(),
            text.find("C7").unwrap(),
        );
        assert!(jia < c5 && c5 < c7 && c7 < yi && yi < c6, "{text}");
    }
}
