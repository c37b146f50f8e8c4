//! `assess scheme`: the default scheme (or a preset) as a commented TOML file.

use super::{emit, side_files, Outcome, SideInputs};
use crate::cli::SchemeArgs;
use anyhow::Result;
use assess::i18n::Lang;

pub fn run(args: &SchemeArgs, lang: Lang) -> Result<Outcome> {
    let forms = super::forms(args.form.as_slice(), lang)?;
    let text = args.preset.scheme().to_toml(&forms[0]);
    let reads = side_files(&SideInputs {
        forms: args.form.as_slice(),
        ..SideInputs::default()
    });
    emit(args.output.as_deref(), text.as_bytes(), &reads, lang)?;
    if let Some(p) = &args.output {
        eprintln!(
            "{}",
            match lang {
                Lang::Zh => format!("评分方案已写入 {}；修改后用 --scheme 指定", p.display()),
                Lang::En => format!(
                    "wrote the scoring scheme to {}; edit it and pass it with --scheme",
                    p.display()
                ),
            }
        );
    }
    Ok(Outcome::Clean)
}
