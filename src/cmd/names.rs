//! `assess names`: the names file to edit (名称对照.toml), with its sections explained.

use super::{emit, Outcome};
use crate::cli::NamesArgs;
use anyhow::Result;
use assess::i18n::Lang;

pub fn run(args: &NamesArgs, lang: Lang) -> Result<Outcome> {
    let text = assess::names::Names::template_toml();
    emit(args.output.as_deref(), text.as_bytes(), &[], lang)?;
    if let Some(p) = &args.output {
        eprintln!(
            "{}",
            match lang {
                Lang::Zh => format!("名称对照文件已写入 {}；修改后用 --names 指定", p.display()),
                Lang::En => format!(
                    "wrote the names file to {}; edit it and pass it with --names",
                    p.display()
                ),
            }
        );
    }
    Ok(Outcome::Clean)
}
