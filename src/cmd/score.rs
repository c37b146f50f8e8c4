//! `assess score`: the ranking first, then (with --detail) every item's value and score.

use super::{
    emit, load_inputs, one_decimal, scoring_options, signed, signed_value, warn_about_errors,
    Outcome,
};
use crate::cli::{ReportFormat, ScoreArgs};
use anyhow::Result;
use assess::catalog;
use assess::output::{self, table::new_table};
use assess::ranking::{self, Assessment, ResultRow};
use assess::scheme::Method;

pub fn run(args: &ScoreArgs) -> Result<Outcome> {
    let opts = scoring_options(&args.scoring)?;
    let (batch, inputs) = load_inputs(&args.inputs)?;
    warn_about_errors(&batch);
    let a = ranking::assess(&batch, &opts)?;
    let bytes = match args.format {
        ReportFormat::Json => output::json_bytes(&a)?,
        ReportFormat::Csv => csv(&a, args.detail)?,
        ReportFormat::Table => render(&a, &opts.scheme.method, args.detail).into_bytes(),
    };
    emit(args.output.as_deref(), &bytes, &inputs)?;
    Ok(Outcome::Clean)
}

/// `+2.5 ↑1` style change since the baseline.
pub fn change(r: &ResultRow) -> String {
    let Some(y) = &r.yoy else {
        return String::new();
    };
    let total = signed(y.total_change);
    let rank = match y.rank_change {
        Some(0) => "持平".to_string(),
        Some(d) if d > 0 => format!("↑{d}"),
        Some(d) => format!("↓{}", -d),
        None => String::new(),
    };
    let s = format!("{total} {rank}").trim().to_string();
    if s.is_empty() {
        format!("改善{} 下降{}", y.improved, y.worsened)
    } else {
        s
    }
}

fn render(a: &Assessment, method: &Method, detail: bool) -> String {
    let weights = if a.weights == "entropy" {
        "熵权"
    } else {
        "方案权重"
    };
    let county = common_county(a);
    let mut out = format!(
        "{}重点专科评分 · {} · {} · {}\n",
        county.map(|c| format!("{c} ")).unwrap_or_default(),
        a.period,
        method.label(),
        weights
    );
    let mut groups: Vec<&str> = a.results.iter().map(|r| r.group.as_str()).collect();
    groups.dedup();
    for g in &groups {
        let rows: Vec<&ResultRow> = a.results.iter().filter(|r| r.group == *g).collect();
        if groups.len() > 1 || *g != "全部" {
            out.push_str(&format!("\n分组 {g}（{}）\n", rows.len()));
        }
        let mut head = vec![
            "排名".to_string(),
            "等级".into(),
            "单位".into(),
            "总分".into(),
        ];
        head.extend((1..=4).map(|n| {
            catalog::area_short_name(n)
                .chars()
                .take(2)
                .collect::<String>()
        }));
        head.push("同比".into());
        let mut t = new_table(head);
        for r in &rows {
            let mut row = vec![
                r.rank.map(|x| x.to_string()).unwrap_or_else(|| "—".into()),
                r.grade.clone().unwrap_or_default(),
                unit_cell(r, county),
                one_decimal(r.total),
            ];
            row.extend((1..=4).map(|n| one_decimal(r.areas[&n.to_string()])));
            row.push(change(r));
            t.add_row(row);
        }
        out.push_str(&format!("{t}\n"));
    }
    // A cohort of one has no ranking, so its values and benchmark scores are shown always.
    for r in a.results.iter().filter(|r| detail || r.cohort_size == 1) {
        out.push_str(&format!("\n{} · {}\n", r.unit_label(), r.file));
        let mut t = new_table(
            ["指标", "数值", "得分", "同比变化"]
                .map(String::from)
                .to_vec(),
        );
        for (ind, it) in a.indicators.iter().zip(&r.items) {
            let ch = r
                .yoy
                .as_ref()
                .and_then(|y| y.changes.iter().find(|c| c.id == ind.id));
            t.add_row(vec![
                format!("{} {}", ind.id, ind.name),
                match it.value {
                    Some(v) => assess::text::fmt_number(v),
                    None => assess::value::Status::parse(it.status)
                        .map_or("", |s| s.label())
                        .to_string(),
                },
                one_decimal(it.score),
                ch.map(|c| {
                    format!(
                        "{} {}",
                        signed_value(c.delta),
                        c.trend.map(|t| t.label()).unwrap_or("")
                    )
                })
                .unwrap_or_default(),
            ]);
        }
        out.push_str(&format!("{t}\n"));
    }
    for n in &a.notes {
        out.push_str(&format!("note: {n}\n"));
    }
    out
}

/// The county every result shares, if any: the table then leaves it out of hospital names.
fn common_county(a: &Assessment) -> Option<&str> {
    let first = a.results.first()?.county.as_deref()?;
    a.results
        .iter()
        .all(|r| r.county.as_deref() == Some(first))
        .then_some(first)
}

/// Hospital over specialty, without the county prefix every row shares.
fn unit_cell(r: &ResultRow, county: Option<&str>) -> String {
    let h = r.hospital.as_deref().unwrap_or("?");
    let h = county
        .and_then(|c| h.strip_prefix(c))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(h);
    format!("{h}\n{}", r.specialty.as_deref().unwrap_or("?"))
}

fn csv(a: &Assessment, detail: bool) -> Result<Vec<u8>> {
    let mut head: Vec<String> = [
        "file",
        "sheet",
        "county",
        "hospital",
        "specialty",
        "period",
        "group",
        "cohort_size",
        "total",
        "rank",
        "grade",
        "area_1",
        "area_2",
        "area_3",
        "area_4",
        "baseline",
        "improved",
        "worsened",
        "unchanged",
        "total_change",
        "rank_change",
    ]
    .map(String::from)
    .to_vec();
    if detail {
        head.extend(a.indicators.iter().map(|i| format!("score_{}", i.id)));
    }
    let num = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    let rows = a.results.iter().map(|r| {
        let y = r.yoy.as_ref();
        let mut row = vec![
            r.file.clone(),
            r.sheet.clone(),
            r.county.clone().unwrap_or_default(),
            r.hospital.clone().unwrap_or_default(),
            r.specialty.clone().unwrap_or_default(),
            r.period.clone(),
            r.group.clone(),
            r.cohort_size.to_string(),
            num(r.total),
            r.rank.map(|x| x.to_string()).unwrap_or_default(),
            r.grade.clone().unwrap_or_default(),
        ];
        row.extend((1..=4).map(|n| num(r.areas[&n.to_string()])));
        row.push(y.map(|y| y.baseline.clone()).unwrap_or_default());
        row.push(y.map(|y| y.improved.to_string()).unwrap_or_default());
        row.push(y.map(|y| y.worsened.to_string()).unwrap_or_default());
        row.push(y.map(|y| y.unchanged.to_string()).unwrap_or_default());
        row.push(num(y.and_then(|y| y.total_change)));
        row.push(
            y.and_then(|y| y.rank_change)
                .map(|x| x.to_string())
                .unwrap_or_default(),
        );
        if detail {
            row.extend(r.items.iter().map(|i| num(i.score)));
        }
        row
    });
    let head_ref: Vec<&str> = head.iter().map(String::as_str).collect();
    output::csv_bytes(&head_ref, rows)
}
