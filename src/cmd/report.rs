//! `assess report`: the ranked workbook, written whole or not at all, a one-line summary, and
//! with `--record` this period's results added to the history ledger.

use super::{
    assess, fail, ledger, load_inputs, load_options, save_ledger, scoring_options, side_files,
    target_book, warn_about_errors, Outcome, SideInputs,
};
use crate::cli::ReportArgs;
use anyhow::Result;
use assess::i18n::Lang;
use assess::output::report::{self, ReportInput};

pub fn run(args: &ReportArgs, lang: Lang) -> Result<Outcome> {
    super::require_xlsx(&args.output, lang.pick("排名.xlsx", "ranking.xlsx"), lang)?;
    super::refuse_if_open(&args.output, lang)?;
    let load = load_options(&args.inputs, lang)?;
    let mut opts = scoring_options(&args.scoring, &load.forms, lang)?;
    opts.targets = target_book(&args.scoring.targets, &load, lang)?;
    let history = ledger(
        args.scoring.history.as_deref(),
        &load.names,
        args.record,
        lang,
    )?;
    let (batch, mut protected) = load_inputs(&args.inputs.paths, &load, lang)?;
    protected.extend(side_files(&SideInputs::scoring(
        &args.inputs,
        &args.scoring,
    )));
    let diags = assess::check(&batch, &opts.scheme);
    let errors = diags.iter().filter(|d| d.is_error()).count();
    if args.strict && errors > 0 {
        print_errors(&diags, errors, lang);
        return Ok(Outcome::Findings);
    }
    warn_about_errors(&diags, lang);
    let a = assess(&batch, diags, &opts, lang)?;
    let status = history
        .as_ref()
        .map(|l| assess::decide::status(l, Some(&a), &opts.scheme));
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| report::default_title(&a, lang));
    let input = ReportInput {
        title,
        assessment: &a,
        status: status.as_ref(),
        lang,
        date: assess::output::xlsx::today_text(),
        sheet_rows: report::SHEET_ROWS,
        streamed: true,
    };
    super::write_report(&args.output, &input, &protected, lang)?;
    if args.record {
        let (Some(path), Some(l)) = (args.scoring.history.as_deref(), history) else {
            return Err(fail(
                lang,
                "--record 需要 --history",
                "--record needs --history",
            ));
        };
        record(&a, path, l, args.force, lang)?;
    }
    summary(&a, &args.output, lang);
    Ok(Outcome::Clean)
}

/// Under `--strict`: every error, where it is and what it says, and that no report was
/// written.
fn print_errors(diags: &[assess::diag::Diagnostic], errors: usize, lang: Lang) {
    for d in diags.iter().filter(|d| d.is_error()) {
        // Where, on its own line; the message under it, wrapped to the terminal.
        eprintln!(
            "{}{}{}{}",
            lang.pick("错误：", "error: "),
            assess::output::table::safe(&d.file),
            d.sheet
                .as_ref()
                .map(|s| format!(" [{}]", assess::output::table::safe(s)))
                .unwrap_or_default(),
            d.cell.as_ref().map(|c| format!(" {c}")).unwrap_or_default()
        );
        eprint!(
            "{}",
            assess::output::table::wrap("    ", &assess::messages::message(d, lang))
        );
    }
    eprintln!(
        "{}",
        match lang {
            Lang::Zh => format!("--strict：数据中有 {errors} 处错误，未生成报告"),
            Lang::En => format!(
                "--strict: {} in the data; no report written",
                assess::i18n::plural(errors, "error")
            ),
        }
    );
}

/// Add this period's grades to the ledger. A grade that stands on data with errors is not a
/// decision to write down: those units are left out and named, unless `force`.
fn record(
    a: &assess::assess::Assessment<'_>,
    path: &std::path::Path,
    mut l: assess::decide::ledger::Ledger,
    force: bool,
    lang: Lang,
) -> Result<()> {
    let with_errors: Vec<String> = a
        .results
        .iter()
        .filter(|r| r.grade.is_some() && r.errors > 0)
        .map(|r| r.unit().label())
        .collect();
    let recorded = assess::decide::record_run(&mut l, a, |e| {
        force || !with_errors.contains(&e.unit.label())
    });
    let n = recorded.added;
    let backup = save_ledger(path, &l, lang)?;
    eprintln!(
        "{}",
        match lang {
            Lang::Zh => format!("已把 {} 的 {n} 个结果写入台账 {}", a.period, path.display()),
            Lang::En => format!(
                "recorded {n} results of {} in the ledger {}",
                a.period.label(lang),
                path.display()
            ),
        }
    );
    if let Some(text) = replaced_note(&recorded.replaced, lang) {
        eprint!(
            "{}",
            assess::output::table::wrap(lang.pick("注：", "note: "), &text)
        );
    }
    if let Some(b) = backup {
        eprintln!(
            "{}",
            match lang {
                Lang::Zh => format!(
                    "原台账已备份为 {}（台账按标准列和标准名称重写）",
                    b.display()
                ),
                Lang::En => format!(
                    "the ledger as it was is kept as {} (it is rewritten with the standard columns and names)",
                    b.display()
                ),
            }
        );
    }
    if !with_errors.is_empty() && !force {
        eprint!(
            "{}",
            assess::output::table::wrap(
                lang.pick("注：", "note: "),
                &match lang {
                    Lang::Zh => format!(
                        "以下单位的数据有错误，其等级未写入台账：{}；改正后重新运行，或加 --force 仍然写入",
                        with_errors.join("、")
                    ),
                    Lang::En => format!(
                        "these units' data has errors, so their grades were not recorded: {}; correct it and run again, or add --force to record them anyway",
                        with_errors.join(", ")
                    ),
                }
            )
        );
    }
    Ok(())
}

/// What recording replaced: the rows of the ledger for the same unit and period, each whose
/// grade changed named with the old and the new grade, the others counted.
fn replaced_note(
    replaced: &[(assess::decide::ledger::Entry, String)],
    lang: Lang,
) -> Option<String> {
    if replaced.is_empty() {
        return None;
    }
    let mut changed: Vec<String> = Vec::new();
    for (old, g) in replaced {
        if !assess::decide::status::same_grade(g, &old.grade) {
            changed.push(match lang {
                Lang::Zh => format!("{} {}（{} → {g}）", old.unit.label(), old.period, old.grade),
                Lang::En => format!(
                    "{} {} ({} → {g})",
                    old.unit.label(),
                    old.period.label(lang),
                    old.grade
                ),
            });
        }
    }
    let same = replaced.len() - changed.len();
    Some(match (lang, changed.is_empty()) {
        (Lang::Zh, true) => format!("替换了台账中同一期间的 {} 行，等级均未改变", replaced.len()),
        (Lang::En, true) => format!(
            "replaced {} of the ledger for the same period; no grade changed",
            assess::i18n::plural(replaced.len(), "row")
        ),
        (Lang::Zh, false) => format!(
            "替换了台账中同一期间的 {} 行，其中等级改变的 {} 行：{}{}",
            replaced.len(),
            changed.len(),
            changed.join("；"),
            if same > 0 {
                format!("；其余 {same} 行等级未变")
            } else {
                String::new()
            }
        ),
        (Lang::En, false) => format!(
            "replaced {} of the ledger for the same period; the grade changed in {}: {}{}",
            assess::i18n::plural(replaced.len(), "row"),
            changed.len(),
            changed.join("; "),
            if same > 0 {
                format!("; the other {same} kept their grade")
            } else {
                String::new()
            }
        ),
    })
}

/// The one line a report run ends with.
fn summary(a: &assess::assess::Assessment<'_>, output: &std::path::Path, lang: Lang) {
    let t = &a.stats;
    let ranked = a.results.iter().filter(|r| r.rank.is_some()).count();
    eprintln!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "读取文件 {} 个，调查表 {} 张，{} 排名 {} 个：错误 {} 条，警告 {} 条；报告已写入 {}",
                t.files_read,
                t.surveys,
                a.period,
                ranked,
                t.errors,
                t.warnings,
                output.display()
            ),
            Lang::En => format!(
                "{}, {}, {} ranked in {}: {}, {}; report written to {}",
                assess::i18n::plural(t.files_read, "file"),
                assess::i18n::plural(t.surveys, "survey"),
                ranked,
                a.period.label(lang),
                assess::i18n::plural(t.errors, "error"),
                assess::i18n::plural(t.warnings, "warning"),
                output.display()
            ),
        }
    );
}
