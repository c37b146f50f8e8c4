//! `assess form`: the survey's items and rules as the CSV files `--form` reads, to revise.

use super::{emit, write_file, Outcome};
use crate::cli::FormArgs;
use anyhow::Result;
use assess::form::Form;
use assess::i18n::Lang;

pub fn run(args: &FormArgs, lang: Lang) -> Result<Outcome> {
    let (items, rules) = Form::builtin_sources();
    let Some(p) = &args.output else {
        emit(None, items.as_bytes(), &[], lang)?;
        return Ok(Outcome::Clean);
    };
    let rules_path = Form::rules_path(p);
    // Excel opens a CSV as UTF-8 only with its byte-order mark.
    let bom = |t: &str| [b"\xEF\xBB\xBF".as_slice(), t.as_bytes()].concat();
    write_file(p, &bom(items), &[], lang)?;
    write_file(&rules_path, &bom(rules), &[], lang)?;
    eprintln!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "调查表条目已写入 {}，校验规则写入 {}；修订后用 --form {} 指定",
                p.display(),
                rules_path.display(),
                p.display()
            ),
            Lang::En => format!(
                "wrote the items to {} and the rules to {}; revise them and pass --form {}",
                p.display(),
                rules_path.display(),
                p.display()
            ),
        }
    );
    Ok(Outcome::Clean)
}
