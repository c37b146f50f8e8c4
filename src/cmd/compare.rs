//! `assess compare`: each submission against the same unit a year earlier, item by item.

use super::{emit, load_inputs, parse_period, signed_value, Outcome};
use crate::cli::{CompareArgs, ReportFormat};
use anyhow::Result;
use assess::output::{self, table::new_table};
use assess::ranking::{self, GroupBy, Options};
use assess::scheme::Scheme;
use assess::text::fmt_number;
use serde::Serialize;

#[derive(Serialize)]
struct Comparison<'a> {
    file: &'a str,
    sheet: &'a str,
    county: Option<&'a str>,
    hospital: Option<&'a str>,
    specialty: Option<&'a str>,
    period: &'a str,
    baseline: &'a str,
    improved: usize,
    worsened: usize,
    unchanged: usize,
    changes: &'a [assess::yoy::Change],
}

pub fn run(args: &CompareArgs) -> Result<Outcome> {
    let opts = Options {
        period: args.period.as_deref().map(parse_period).transpose()?,
        baseline: args.baseline.as_deref().map(parse_period).transpose()?,
        group_by: GroupBy::None,
        scheme: Scheme::default(),
    };
    let (batch, inputs) = load_inputs(&args.inputs)?;
    let a = ranking::assess(&batch, &opts)?;
    let with: Vec<Comparison> = a
        .results
        .iter()
        .filter_map(|r| {
            let y = r.yoy.as_ref()?;
            Some(Comparison {
                file: &r.file,
                sheet: &r.sheet,
                county: r.county.as_deref(),
                hospital: r.hospital.as_deref(),
                specialty: r.specialty.as_deref(),
                period: &r.period,
                baseline: &y.baseline,
                improved: y.improved,
                worsened: y.worsened,
                unchanged: y.unchanged,
                changes: &y.changes,
            })
        })
        .collect();
    let without: Vec<String> = a
        .results
        .iter()
        .filter(|r| r.yoy.is_none())
        .map(|r| r.unit_label())
        .collect();
    let num = |v: Option<f64>| v.map(fmt_number).unwrap_or_default();
    let bytes = match args.format {
        ReportFormat::Json => output::json_bytes(&with)?,
        ReportFormat::Csv => output::csv_bytes(
            &[
                "file",
                "sheet",
                "county",
                "hospital",
                "specialty",
                "period",
                "baseline",
                "id",
                "name",
                "baseline_value",
                "value",
                "delta",
                "delta_pct",
                "trend",
            ],
            with.iter().flat_map(|c| {
                c.changes.iter().map(move |ch| {
                    vec![
                        c.file.to_string(),
                        c.sheet.to_string(),
                        c.county.unwrap_or("").to_string(),
                        c.hospital.unwrap_or("").to_string(),
                        c.specialty.unwrap_or("").to_string(),
                        c.period.to_string(),
                        c.baseline.to_string(),
                        ch.id.clone(),
                        ch.name.clone(),
                        num(ch.baseline),
                        num(ch.current),
                        ch.delta.map(|d| d.to_string()).unwrap_or_default(),
                        ch.delta_pct.map(|d| d.to_string()).unwrap_or_default(),
                        ch.trend.map(|t| t.label().to_string()).unwrap_or_default(),
                    ]
                })
            }),
        )?,
        ReportFormat::Table => {
            let mut out = String::new();
            for c in &with {
                out.push_str(&format!(
                    "{} {} · {} 与 {} 比较: 改善 {} 项, 下降 {} 项, 持平 {} 项\n",
                    c.hospital.unwrap_or("?"),
                    c.specialty.unwrap_or("?"),
                    c.period,
                    c.baseline,
                    c.improved,
                    c.worsened,
                    c.unchanged
                ));
                let mut t = new_table(
                    ["指标", "基期", "本期", "变化", "变化%", "趋势"]
                        .map(String::from)
                        .to_vec(),
                );
                for ch in c.changes.iter() {
                    t.add_row(vec![
                        format!("{} {}", ch.id, ch.name),
                        num(ch.baseline),
                        num(ch.current),
                        signed_value(ch.delta),
                        ch.delta_pct
                            .map(|p| format!("{p:+.1}%"))
                            .unwrap_or_default(),
                        ch.trend.map(|t| t.label().to_string()).unwrap_or_default(),
                    ]);
                }
                out.push_str(&format!("{t}\n\n"));
            }
            for w in &without {
                out.push_str(&format!(
                    "note: {w} has no submission for the baseline period\n"
                ));
            }
            out.into_bytes()
        }
    };
    emit(args.output.as_deref(), &bytes, &inputs)?;
    Ok(Outcome::Clean)
}
