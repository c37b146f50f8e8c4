//! `assess template`: the fillable form, for the built-in form or a revised one.

use super::{fail, parse_period, Outcome};
use crate::cli::TemplateArgs;
use anyhow::Result;
use assess::i18n::Lang;
use assess::output::template::{self, TemplateOptions};
use assess::period::Period;
use std::path::Path;

pub fn run(args: &TemplateArgs, lang: Lang) -> Result<Outcome> {
    let forms = super::forms(args.form.as_slice(), lang)?;
    let form = &forms[0];
    super::require_xlsx(&args.output, &template::suggested_name(form), lang)?;
    refuse_to_replace(&args.output, args.force, lang)?;
    let periods = periods(&args.periods, lang)?;
    if let Some(t) = &args.target {
        check_target_heading(t, lang)?;
    }
    let county = prefill(
        lang.pick("所属旗县区", "county"),
        args.county.as_deref(),
        lang,
    );
    let hospital = prefill(
        lang.pick("填报单位", "hospital"),
        args.hospital.as_deref(),
        lang,
    );
    let specialty = prefill(
        lang.pick("专科名称", "specialty"),
        args.specialty.as_deref(),
        lang,
    );
    let bytes = template::write(
        form,
        &TemplateOptions {
            periods,
            target: args.target.clone(),
            county,
            hospital,
            specialty,
            password: args.password.clone(),
            lang,
        },
    )?;
    let reads = super::side_files(&super::SideInputs {
        forms: args.form.as_slice(),
        ..super::SideInputs::default()
    });
    super::write_file(&args.output, &bytes, &reads, lang)?;
    eprintln!(
        "{}",
        match lang {
            Lang::Zh => format!("调查表模板已写入 {}", args.output.display()),
            Lang::En => format!("wrote the survey form to {}", args.output.display()),
        }
    );
    Ok(Outcome::Clean)
}

/// An error when `output` exists and `--force` is not given.
fn refuse_to_replace(output: &Path, force: bool, lang: Lang) -> Result<()> {
    if output.exists() && !force {
        return Err(fail(
            lang,
            format!(
                "{} 已存在；加 --force 覆盖，或换一个文件名",
                output.display()
            ),
            format!(
                "{} exists; add --force to replace it, or choose another name",
                output.display()
            ),
        ));
    }
    Ok(())
}

/// The period headings of the template: those given (`--periods`, split at Chinese commas
/// too), each ended and given once; else the last half-year that has ended and the one a
/// year before.
fn periods(written: &[String], lang: Lang) -> Result<Vec<String>> {
    // `2023年1-6月，2024年1-6月` as typed on a Chinese keyboard separates as well as a comma.
    let given: Vec<String> = written
        .iter()
        .flat_map(|p| p.split(['，', '、']))
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    if given.is_empty() {
        let (y, m, _) = assess::load::today();
        return Ok(default_periods((y, m))
            .iter()
            .map(|p| p.to_string())
            .collect());
    }
    let mut seen = Vec::new();
    for p in &given {
        let parsed = parse_period(p.trim(), lang)?;
        refuse_unended(parsed, lang)?;
        if seen.contains(&parsed) {
            return Err(fail(
                lang,
                format!("期间 {parsed} 给了两次"),
                format!("the period {parsed} is given twice"),
            ));
        }
        seen.push(parsed);
    }
    Ok(given)
}

/// An error when `period` has not ended today: no hospital can report it yet.
fn refuse_unended(period: Period, lang: Lang) -> Result<()> {
    let today = assess::load::today();
    if period.ends_after(today) {
        return Err(fail(
            lang,
            format!(
                "期间 {period} 还没有结束（今天是{}年{}月{}日），医院无法填报；年份是否写错了？",
                today.0, today.1, today.2
            ),
            format!(
                "the period {} has not ended (today is {}-{:02}-{:02}), so no hospital can report it; is the year a typo?",
                period.label(lang),
                today.0,
                today.1,
                today.2
            ),
        ));
    }
    Ok(())
}

/// An error when the target column's heading would not be read back as a target column.
fn check_target_heading(t: &str, lang: Lang) -> Result<()> {
    if !matches!(
        assess::period::classify_header(t),
        Some(assess::period::HeaderCell::Target { .. })
    ) {
        return Err(fail(
            lang,
            format!("目标列的标题“{t}”读不出是目标列；请写成 目标值、建设目标 或 2026年目标"),
            format!("the heading '{t}' does not read as a target column; write 目标值, 建设目标 or 2026年目标"),
        ));
    }
    Ok(())
}

/// A unit field to prefill, cleaned as the reader cleans names read from a survey (stamp notes
/// such as `（盖章）`, blanks, invisible characters, full-width letters and bracket widths), so
/// the header holds the name the reader will find. What was changed is said on stderr; a name
/// that is nothing once cleaned is not prefilled, and that is said too.
fn prefill(field: &str, written: Option<&str>, lang: Lang) -> Option<String> {
    let written = written?;
    let name = assess::names::clean(written);
    if name == written {
        return Some(name);
    }
    let q = assess::messages::quote;
    if name.is_empty() {
        eprintln!(
            "{}",
            match lang {
                Lang::Zh => format!(
                    "注意：{field}{}去掉盖章说明、空格和符号后为空，未预先填写",
                    q(written)
                ),
                Lang::En => format!(
                    "note: the {field} {} is empty once stamp notes, blanks and separators are removed; it is not prefilled",
                    q(written)
                ),
            }
        );
        return None;
    }
    eprintln!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "注意：{field}{}按读取时的规则整理为{}（去掉盖章说明、空格和不可见字符，统一全角字符和括号）",
                q(written),
                q(&name)
            ),
            Lang::En => format!(
                "note: the {field} {} is written as {}, cleaned as names are when read (stamp notes, blanks and invisible characters removed, full-width characters and brackets unified)",
                q(written),
                q(&name)
            ),
        }
    );
    Some(name)
}

/// The last half-year that has ended, and the same half a year earlier.
pub fn default_periods((year, month): (u16, u8)) -> [Period; 2] {
    let last = if month >= 7 {
        Period {
            year,
            from: 1,
            to: 6,
        }
    } else {
        Period {
            year: year - 1,
            from: 7,
            to: 12,
        }
    };
    [last.year_before(), last]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_periods_are_the_last_ended_half_year() {
        let p = |y, m| default_periods((y, m)).map(|p| p.to_string());
        assert_eq!(p(2026, 11), ["2025年1-6月", "2026年1-6月"]);
        assert_eq!(p(2026, 3), ["2024年7-12月", "2025年7-12月"]);
    }
}
