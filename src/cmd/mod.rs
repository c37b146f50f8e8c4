//! One module per subcommand: turn arguments into library calls and hand the model to a
//! writer. What the commands share lives here: reading the inputs with a progress bar, the
//! scoring options, writing the output, and errors in the clerk's language.

pub mod compare;
pub mod extract;
pub mod feedback;
pub mod form;
pub mod names;
pub mod report;
pub mod scheme;
pub mod score;
pub mod status;
pub mod template;
pub mod validate;

use crate::cli::{Inputs, ScoringArgs};
use anyhow::Result;
use assess::form::Form;
use assess::i18n::Lang;
use assess::load::{self, Batch, LoadOptions};
use assess::names::Names;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// How a command ended, for the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Clean,
    Findings,
}

/// An error for the clerk, in their language.
pub fn fail(lang: Lang, zh: impl Into<String>, en: impl Into<String>) -> anyhow::Error {
    anyhow::Error::msg(match lang {
        Lang::Zh => zh.into(),
        Lang::En => en.into(),
    })
}

/// A file of ours (scheme, form, names) that cannot be read.
fn cannot_read(
    lang: Lang,
    what_zh: &str,
    what_en: &str,
    p: &Path,
    e: &std::io::Error,
) -> anyhow::Error {
    fail(
        lang,
        format!("无法读取{what_zh} {}：{}", p.display(), io_words(e, lang)),
        format!(
            "cannot read the {what_en} {}: {}",
            p.display(),
            io_words(e, lang)
        ),
    )
}

/// An I/O error in plain words.
pub fn io_words(e: &std::io::Error, lang: Lang) -> String {
    assess::read::io_words(e).text(lang)
}

/// The forms a run may read tables with: the revised ones given, then the built-in.
pub fn forms(paths: &[PathBuf], lang: Lang) -> Result<Vec<Arc<Form>>> {
    let mut out = Vec::new();
    for p in paths {
        let f = Form::load(p).map_err(|e| anyhow::Error::msg(e.text(lang)))?;
        out.push(Arc::new(f));
    }
    out.push(Form::builtin());
    Ok(out)
}

/// The names: built in, merged with the user's file.
pub fn names(path: Option<&Path>, lang: Lang) -> Result<Arc<Names>> {
    let Some(p) = path else {
        return Ok(Arc::new(Names::builtin()));
    };
    let bytes =
        std::fs::read(p).map_err(|e| cannot_read(lang, "名称对照文件", "names file", p, &e))?;
    let text = assess::read::decode_text(&bytes);
    Names::from_toml(&text).map(Arc::new).map_err(|e| {
        fail(
            lang,
            format!("名称对照文件 {} 有误：{}", p.display(), e.text(lang)),
            format!(
                "the names file {} cannot be used: {}",
                p.display(),
                e.text(lang)
            ),
        )
    })
}

/// The reading options from the input arguments.
pub fn load_options(inputs: &Inputs, lang: Lang) -> Result<LoadOptions> {
    Ok(LoadOptions {
        jobs: inputs.jobs,
        forms: forms(&inputs.form, lang)?,
        names: names(inputs.names.as_deref(), lang)?,
        ..LoadOptions::default()
    })
}

/// Read every input, with a progress bar on a terminal for long runs. Returns the batch and
/// the files that must not be overwritten (every input but those assess wrote itself).
pub fn load_inputs(
    paths: &[PathBuf],
    opts: &LoadOptions,
    lang: Lang,
) -> Result<(Batch, Vec<PathBuf>)> {
    let found = assess::inputs::collect(paths)
        .map_err(|e| anyhow::Error::msg(format!("{}: {}", e.path, io_words(&e.error, lang))))?;
    let bar = (std::io::stderr().is_terminal() && found.inputs.len() > 20).then(|| {
        let b = indicatif::ProgressBar::new(found.inputs.len() as u64);
        b.set_style(
            indicatif::ProgressStyle::with_template(lang.pick(
                "读取 {pos}/{len} 个文件 {wide_bar}",
                "reading {pos}/{len} files {wide_bar}",
            ))
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let tick = || {
        if let Some(b) = &bar {
            b.inc(1);
        }
    };
    let batch = load::load(&found, opts, &tick);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let shown = paths
        .iter()
        .map(|p| assess::inputs::show(p))
        .collect::<Vec<_>>();
    if batch.files_read() == 0 && batch.own_outputs() == 0 && found.problems.is_empty() {
        return Err(fail(
            lang,
            format!(
                "在 {} 中没有找到表格文件（assess 读取 .xlsx、.xlsm、.xls、.et、.ods 和 .csv）",
                shown.join("、")
            ),
            format!(
                "no spreadsheet found in {} (assess reads .xlsx, .xlsm, .xls, .et, .ods and .csv)",
                shown.join(", ")
            ),
        ));
    }
    // Files assess wrote itself (a report in the submissions folder) may be written again.
    let protected = batch
        .files
        .iter()
        .filter(|f| f.skipped != Some(load::Skipped::MadeByAssess) && !f.is_folder)
        .map(|f| f.path.clone())
        .collect();
    Ok((batch, protected))
}

/// What a run reads besides the submissions: files its output must never overwrite.
#[derive(Debug, Default, Clone, Copy)]
pub struct SideInputs<'a> {
    /// Revised forms (`--form`); the rules file beside each is read with it.
    pub forms: &'a [PathBuf],
    /// The names file (`--names`).
    pub names: Option<&'a Path>,
    /// The scoring scheme (`--scheme`).
    pub scheme: Option<&'a Path>,
    /// Target workbooks or folders of them (`--targets`).
    pub targets: &'a [PathBuf],
    /// The history ledger (`--history`).
    pub ledger: Option<&'a Path>,
}

impl<'a> SideInputs<'a> {
    /// What a scoring command (score, compare, report, feedback) reads besides the submissions.
    pub fn scoring(inputs: &'a Inputs, scoring: &'a ScoringArgs) -> Self {
        SideInputs {
            forms: &inputs.form,
            names: inputs.names.as_deref(),
            scheme: scoring.scheme.as_deref(),
            targets: &scoring.targets,
            ledger: scoring.history.as_deref(),
        }
    }
}

/// Every file a run reads besides the submissions: each form and the rules file beside it,
/// the names file, the scheme, the ledger, and the target files (those in a target folder).
/// An output onto any of them is refused like one onto a submission.
pub fn side_files(side: &SideInputs<'_>) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = side
        .forms
        .iter()
        .flat_map(|f| [f.clone(), assess::form::Form::rules_path(f)])
        .collect();
    files.extend(
        [side.names, side.scheme, side.ledger]
            .into_iter()
            .flatten()
            .map(Path::to_path_buf),
    );
    for t in side.targets {
        match assess::inputs::collect(std::slice::from_ref(t)) {
            Ok(found) => files.extend(found.inputs.into_iter().map(|i| i.path)),
            Err(_) => files.push(t.clone()),
        }
    }
    files
}

/// The format of a table command's output (`validate`, `score`, `compare`, `status`):
/// `--format` as given, except that the default table follows `-o`'s extension (`问题.csv` is
/// CSV, `问题.json` JSON). A workbook name is refused: these commands write no workbook, and a
/// table of box characters named .xlsx is a file Excel will not open. (A name that is one of
/// the run's inputs is refused for that when it is written.)
pub fn output_format(
    format: crate::cli::ReportFormat,
    output: Option<&Path>,
    protected: &[PathBuf],
    lang: Lang,
) -> Result<crate::cli::ReportFormat> {
    use crate::cli::ReportFormat;
    let ext = output
        .filter(|p| !assess::output::is_one_of(p, protected))
        .and_then(Path::extension)
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match (format, ext.as_deref()) {
        (_, Some("xlsx" | "xlsm" | "xls" | "ods")) => Err(fail(
            lang,
            format!(
                "{} 是 Excel 工作簿的名字，这个命令只写表格文本、CSV 或 JSON；请用 .csv（Excel 可以打开）或 .txt，要工作簿请用 assess report",
                output.map(|p| p.display().to_string()).unwrap_or_default()
            ),
            format!(
                "{} names an Excel workbook; this command writes a text table, CSV or JSON: use .csv (Excel opens it) or .txt, or assess report for a workbook",
                output.map(|p| p.display().to_string()).unwrap_or_default()
            ),
        )),
        (ReportFormat::Table, Some("csv")) => Ok(ReportFormat::Csv),
        (ReportFormat::Table, Some("json")) => Ok(ReportFormat::Json),
        (f, _) => Ok(f),
    }
}

/// Say where a table command's output went, when it went to a file.
pub fn say_written(output: Option<&Path>, lang: Lang) {
    if let Some(p) = output {
        eprintln!(
            "{}",
            match lang {
                Lang::Zh => format!("已写入 {}", p.display()),
                Lang::En => format!("written to {}", p.display()),
            }
        );
    }
}

/// Write bytes to the file (whole or not at all) or to standard output.
pub fn emit(output: Option<&Path>, bytes: &[u8], protected: &[PathBuf], lang: Lang) -> Result<()> {
    match output {
        Some(p) => write_file(p, bytes, protected, lang),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()?;
            Ok(())
        }
    }
}

/// Write a file whole or not at all, with the reason in the clerk's language.
pub fn write_file(p: &Path, bytes: &[u8], protected: &[PathBuf], lang: Lang) -> Result<()> {
    assess::output::write_atomic(p, bytes, protected).map_err(|e| anyhow::Error::msg(e.text(lang)))
}

/// Write a report to `p` as it is made, whole or not at all: a failure to write is said as
/// [`write_file`] says it, a report that could not be made as itself.
pub fn write_report(
    p: &Path,
    input: &assess::output::report::ReportInput<'_>,
    protected: &[PathBuf],
    lang: Lang,
) -> Result<()> {
    use rust_xlsxwriter::XlsxError;
    let mut failed: Option<XlsxError> = None;
    let written = assess::output::write_atomic_with(p, protected, |f| {
        let mut out = std::io::BufWriter::new(f);
        match assess::output::report::write_to(input, &mut out) {
            Ok(()) => std::io::Write::flush(&mut out),
            Err(XlsxError::IoError(e)) => Err(e),
            Err(e) => {
                failed = Some(e);
                Err(std::io::Error::other("the report could not be made"))
            }
        }
    });
    if let Some(e) = failed {
        return Err(e.into());
    }
    written.map_err(|e| anyhow::Error::msg(e.text(lang)))
}

/// Workbooks we write must be named .xlsx, or Excel will refuse them. `example` is the name
/// to suggest.
pub fn require_xlsx(path: &Path, example: &str, lang: Lang) -> Result<()> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ext != "xlsx" {
        return Err(fail(
            lang,
            format!(
                "要写入的是 Excel 工作簿，文件名请以 .xlsx 结尾（如 {example}），而不是 {}",
                path.display()
            ),
            format!(
                "the output is an Excel workbook: name it with .xlsx (e.g. {example}), not {}",
                path.display()
            ),
        ));
    }
    Ok(())
}

/// Excel and WPS leave `~$name.xlsx` beside a workbook they have open.
pub fn refuse_if_open(target: &Path, lang: Lang) -> Result<()> {
    let Some(name) = target.file_name().and_then(|n| n.to_str()) else {
        return Ok(());
    };
    let lock = target.with_file_name(format!("~${name}"));
    if lock.exists() {
        return Err(fail(
            lang,
            format!(
                "{} 正在 Excel 或 WPS 中打开（存在锁文件 {}）；请关闭后再运行",
                target.display(),
                lock.display()
            ),
            format!(
                "{} is open in Excel or WPS (its lock file {} exists); close it and run again",
                target.display(),
                lock.display()
            ),
        ));
    }
    Ok(())
}

/// A period given on the command line, in any spelling the reader accepts.
pub fn parse_period(s: &str, lang: Lang) -> Result<assess::period::Period> {
    assess::period::Period::parse(s).ok_or_else(|| {
        fail(
            lang,
            format!("无法识别期间“{s}”；请写成 2024年1-6月、2024年上半年、2024.1-6 或 2024年"),
            format!("cannot read the period '{s}'; write it like 2024年1-6月, 2024年上半年, 2024.1-6 or 2024年"),
        )
    })
}

/// The scheme: the file given, or the default.
pub fn scheme(path: Option<&Path>, lang: Lang) -> Result<assess::scheme::Scheme> {
    use assess::scheme::Scheme;
    let Some(p) = path else {
        return Ok(Scheme::default());
    };
    let bytes = std::fs::read(p).map_err(|e| cannot_read(lang, "评分方案", "scheme", p, &e))?;
    let text = assess::read::decode_text(&bytes);
    Scheme::from_toml(&text).map_err(|e| {
        fail(
            lang,
            format!("评分方案 {} 有误：{}", p.display(), e.text(lang)),
            format!("{}: {}", p.display(), e.text(lang)),
        )
    })
}

/// The scoring options from the command line: scheme file, method, weights, period, groups;
/// the scheme checked against the forms of the run.
pub fn scoring_options(
    a: &ScoringArgs,
    forms: &[Arc<Form>],
    lang: Lang,
) -> Result<assess::assess::Options> {
    let scheme = scheme(a.scheme.as_deref(), lang)?;
    let refs: Vec<&Form> = forms.iter().map(|f| f.as_ref()).collect();
    scheme.check_against(&refs).map_err(|e| {
        let file = a
            .scheme
            .as_deref()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        fail(
            lang,
            format!("评分方案 {file} 有误：{}", e.text(lang)),
            format!("{file}: {}", e.text(lang)),
        )
    })?;
    Ok(assess::assess::Options {
        period: a
            .period
            .as_deref()
            .map(|p| parse_period(p, lang))
            .transpose()?,
        baseline: None,
        group_by: a.group_by,
        scheme: assess::assess::with_method(scheme, a.method, a.weights),
        targets: None,
    })
}

/// Score a batch, with the reason in the clerk's language when it cannot be done.
pub fn assess<'a>(
    batch: &'a Batch,
    diags: Vec<assess::diag::Diagnostic>,
    opts: &assess::assess::Options,
    lang: Lang,
) -> Result<assess::assess::Assessment<'a>> {
    assess::assess::assess(batch, diags, opts).map_err(|e| anyhow::Error::msg(e.text(lang)))
}

/// Tell the clerk on stderr when the data has errors that the scores stand on.
pub fn warn_about_errors(diags: &[assess::diag::Diagnostic], lang: Lang) {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        eprint!(
            "{}",
            assess::output::table::wrap(
                lang.pick("注：", "note: "),
                &match lang {
                    Lang::Zh => format!(
                        "数据中有 {errors} 处错误，assess validate 逐一列出；无法识别的数值按缺失计"
                    ),
                    Lang::En => format!(
                        "the data has {}; assess validate lists them. Unreadable values count as missing",
                        assess::i18n::plural(errors, "error")
                    ),
                }
            )
        );
    }
    for d in diags.iter().filter(|d| d.is_file_level()) {
        eprint!(
            "{}",
            assess::output::table::wrap(
                &format!(
                    "{}{} ",
                    lang.pick("警告：", "warning: "),
                    assess::output::table::safe(&d.file)
                ),
                &assess::messages::message(d, lang)
            )
        );
    }
}

/// Target workbooks (`--targets`), read like submissions, by unit.
pub fn target_book(
    paths: &[PathBuf],
    load: &LoadOptions,
    lang: Lang,
) -> Result<Option<Arc<assess::decide::targets::TargetBook>>> {
    if paths.is_empty() {
        return Ok(None);
    }
    let (batch, _) = load_inputs(paths, load, lang)?;
    let book = assess::decide::targets::TargetBook::from_surveys(batch.surveys());
    let unreadable: Vec<_> = batch
        .read_diagnostics()
        .filter(|d| d.is_file_level())
        .cloned()
        .collect();
    warn_about_errors(&unreadable, lang);
    Ok(Some(Arc::new(book)))
}

/// The history ledger, when `--history` is given. A ledger that does not exist yet is empty
/// when it is to be recorded into, else an error.
pub fn ledger(
    path: Option<&Path>,
    names: &Names,
    create: bool,
    lang: Lang,
) -> Result<Option<assess::decide::ledger::Ledger>> {
    let Some(p) = path else { return Ok(None) };
    if create && !p.exists() {
        return Ok(Some(Default::default()));
    }
    assess::decide::ledger::Ledger::read(p, names)
        .map(Some)
        .map_err(|e| {
            fail(
                lang,
                format!("历年评估台账 {}：{}", p.display(), e.text(lang)),
                format!("the history ledger {}: {}", p.display(), e.text(lang)),
            )
        })
}

/// Write the ledger back whole, keeping the old file beside it as a backup.
/// Write the ledger back, keeping the file as it was beside it; returns that copy's path.
pub fn save_ledger(
    path: &Path,
    ledger: &assess::decide::ledger::Ledger,
    lang: Lang,
) -> Result<Option<PathBuf>> {
    use assess::decide::ledger::{backup_path, is_csv};
    let bytes = if is_csv(path) {
        ledger.to_csv(lang)
    } else {
        ledger.to_xlsx(lang)?
    };
    let mut kept = None;
    if path.exists() {
        let backup = backup_path(path);
        std::fs::copy(path, &backup).map_err(|e| {
            fail(
                lang,
                format!(
                    "无法备份台账到 {}：{}",
                    backup.display(),
                    io_words(&e, lang)
                ),
                format!(
                    "cannot back the ledger up to {}: {}",
                    backup.display(),
                    io_words(&e, lang)
                ),
            )
        })?;
        kept = Some(backup);
    }
    write_file(path, &bytes, &[], lang)?;
    Ok(kept)
}
