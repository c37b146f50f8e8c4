//! `assess feedback`: one workbook per hospital (a page per specialty) into a folder, or with
//! `--single` every page in one workbook; the same scoring options as `score`.

use super::{
    assess, fail, ledger, load_inputs, load_options, scoring_options, side_files, target_book,
    warn_about_errors, Outcome, SideInputs,
};
use crate::cli::FeedbackArgs;
use anyhow::Result;
use assess::i18n::Lang;
use assess::output::feedback::{self, FeedbackInput};
use std::path::{Path, PathBuf};

pub fn run(args: &FeedbackArgs, lang: Lang) -> Result<Outcome> {
    check_output(args, lang)?;
    let load = load_options(&args.inputs, lang)?;
    let mut opts = scoring_options(&args.scoring, &load.forms, lang)?;
    opts.targets = target_book(&args.scoring.targets, &load, lang)?;
    let history = ledger(args.scoring.history.as_deref(), &load.names, false, lang)?;
    let (batch, mut protected) = load_inputs(&args.inputs.paths, &load, lang)?;
    protected.extend(side_files(&SideInputs::scoring(
        &args.inputs,
        &args.scoring,
    )));
    let diags = assess::check(&batch, &opts.scheme);
    warn_about_errors(&diags, lang);
    let a = assess(&batch, diags, &opts, lang)?;
    let status = history
        .as_ref()
        .map(|l| assess::decide::status(l, Some(&a), &opts.scheme));
    let input = FeedbackInput {
        title: args.title.clone(),
        assessment: &a,
        status: status.as_ref(),
        lang,
        date: assess::output::xlsx::today_text(),
    };
    if args.single {
        write_single(&input, &args.output, &protected)?;
    } else {
        write_per_hospital(&input, &args.output, &protected)?;
    }
    Ok(Outcome::Clean)
}

/// An error when the output cannot take the feedback: with `--single` a workbook named .xlsx
/// and not open in Excel, else a folder (or nothing yet).
fn check_output(args: &FeedbackArgs, lang: Lang) -> Result<()> {
    if args.single {
        super::require_xlsx(&args.output, lang.pick("反馈.xlsx", "feedback.xlsx"), lang)?;
        super::refuse_if_open(&args.output, lang)?;
    } else if args.output.exists() && !args.output.is_dir() {
        return Err(fail(
            lang,
            format!("{} 不是文件夹；请给出写入反馈表的文件夹，或加 --single 写成一个工作簿", args.output.display()),
            format!("{} is not a folder; give the folder to write the feedback into, or add --single for one workbook", args.output.display()),
        ));
    }
    Ok(())
}

/// Every page in one workbook at `output`, said on stderr.
fn write_single(input: &FeedbackInput<'_>, output: &Path, protected: &[PathBuf]) -> Result<()> {
    let lang = input.lang;
    let bytes = feedback::single(input)?;
    super::write_file(output, &bytes, protected, lang)?;
    let units = input.assessment.results.len();
    eprintln!(
        "{}",
        match lang {
            Lang::Zh => format!("{units} 个单位的反馈已写入 {}", output.display()),
            Lang::En => format!(
                "wrote the feedback of {units} units to {}",
                output.display()
            ),
        }
    );
    Ok(())
}

/// One workbook per hospital in the folder `output` (made when missing), said on stderr.
fn write_per_hospital(
    input: &FeedbackInput<'_>,
    output: &Path,
    protected: &[PathBuf],
) -> Result<()> {
    let lang = input.lang;
    std::fs::create_dir_all(output).map_err(|e| {
        fail(
            lang,
            format!(
                "无法创建文件夹 {}：{}",
                output.display(),
                super::io_words(&e, lang)
            ),
            format!(
                "cannot create the folder {}: {}",
                output.display(),
                super::io_words(&e, lang)
            ),
        )
    })?;
    let books = feedback::per_hospital(input)?;
    for (name, bytes) in &books {
        let path = output.join(name);
        super::refuse_if_open(&path, lang)?;
        super::write_file(&path, bytes, protected, lang)?;
    }
    let specialties = input.assessment.results.len();
    eprintln!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "{} 家医院、{specialties} 个专科的反馈已写入 {}",
                books.len(),
                output.display()
            ),
            Lang::En => format!(
                "wrote the feedback of {} hospitals, {specialties} specialties, to {}",
                books.len(),
                output.display()
            ),
        }
    );
    Ok(())
}
