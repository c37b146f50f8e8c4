//! `assess report`: the ranked workbook, written whole or not at all, a one-line summary, and
//! with `--record` this period's results added to the history ledger.

use super::{
    assess, fail, ledger, load_inputs, load_options, save_ledger, scoring_options, target_book,
    warn_about_errors, Outcome,
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
    let (batch, protected) = load_inputs(&args.inputs.paths, &load, lang)?;
    let diags = assess::check(&batch, &opts.scheme);
    let errors = diags.iter().filter(|d| d.is_error()).count();
    if args.strict && errors > 0 {
        for d in diags.iter().filter(|d| d.is_error()) {
            eprint!(
                "{}",
                assess::output::table::wrap(
                    &format!(
                        "{}{}{}{} ",
                        lang.pick("错误：", "error: "),
                        assess::output::table::safe(&d.file),
                        d.sheet
                            .as_ref()
                            .map(|s| format!(" [{s}]"))
                            .unwrap_or_default(),
                        d.cell.as_ref().map(|c| format!(" {c}")).unwrap_or_default()
                    ),
                    &assess::messages::message(d, lang)
                )
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
    let bytes = report::write(&ReportInput {
        title,
        assessment: &a,
        status: status.as_ref(),
        lang,
        date: assess::output::xlsx::today_text(),
    })?;
    super::write_file(&args.output, &bytes, &protected, lang)?;
    if args.record {
        let (Some(path), Some(mut l)) = (args.scoring.history.as_deref(), history) else {
            return Err(fail(
                lang,
                "--record 需要 --history",
                "--record needs --history",
            ));
        };
        let added = assess::decide::entries_of(&a);
        let n = added.len();
        l.record(added);
        save_ledger(path, &l, lang)?;
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
    }
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
                args.output.display()
            ),
            Lang::En => format!(
                "{}, {}, {} ranked in {}: {}, {}; report written to {}",
                assess::i18n::plural(t.files_read, "file"),
                assess::i18n::plural(t.surveys, "survey"),
                ranked,
                a.period.label(lang),
                assess::i18n::plural(t.errors, "error"),
                assess::i18n::plural(t.warnings, "warning"),
                args.output.display()
            ),
        }
    );
    Ok(Outcome::Clean)
}
