//! Views of an assessment for `assess score`: the terminal ranking (one table per group; a
//! group of one in one line; with `--detail` every item's value, score and change), CSV (one
//! row per submission) and JSON (the documented contract). Numbers are rounded for the
//! terminal only; CSV and JSON keep full precision.

use super::table::{self, Col};
use crate::assess::{Assessment, GroupBy, Note, ResultRow};
use crate::i18n::Lang;
use crate::messages::quote;
use crate::model::Unit;
use crate::period::Period;
use crate::text::fmt_number;
use serde::Serialize;
use serde_json::{Map, Value};

/// `名次上升 5`, `名次下降 2`, `名次持平` / `up 5`, `down 2`, `same`.
pub fn rank_change(d: Option<i64>, lang: Lang) -> String {
    match d {
        Some(0) => lang.pick("持平", "same").into(),
        Some(d) if d > 0 => format!("{} {d}", lang.pick("上升", "up")),
        Some(d) => format!("{} {}", lang.pick("下降", "down"), -d),
        None => String::new(),
    }
}

/// `北岭旗人民医院` without the county every row shares, over the specialty.
fn unit_cell(r: &ResultRow<'_>, county: Option<&str>) -> String {
    let u = r.unit();
    let h = u.hospital.as_deref().unwrap_or("?");
    let h = county
        .and_then(|c| h.strip_prefix(c))
        .filter(|rest| !rest.is_empty())
        .unwrap_or(h);
    format!("{h} {}", u.specialty.as_deref().unwrap_or("?"))
}

/// The title line: `北岭旗 重点专科评分 · 2024年1-6月 · 综合评分法 · 方案权重`.
pub fn title(a: &Assessment<'_>, lang: Lang) -> String {
    let county = a.common_county();
    format!(
        "{}{} · {} · {} · {}",
        county.map(|c| format!("{c} ")).unwrap_or_default(),
        lang.pick("重点专科评分", "Key specialty scores"),
        a.period.label(lang),
        a.method().label(lang),
        a.weights().label(lang)
    )
}

/// The group's heading, or the group-by's word for the whole run.
pub fn group_name<'a>(a: &Assessment<'_>, group: &'a str, lang: Lang) -> &'a str {
    if a.group_by == GroupBy::None {
        GroupBy::None.label(lang)
    } else {
        group
    }
}

/// What the clerk can do about a note, said on the terminal only (the report and the feedback
/// are read by people who do not run `assess`).
pub fn note_hint(n: &Note, lang: Lang) -> Option<&'static str> {
    match n {
        Note::OtherPeriods { .. } => Some(lang.pick(
            "如需评估其他期间，请用 --period 指定",
            "choose another period with --period",
        )),
        Note::UnitsUnknown { .. } => Some(lang.pick(
            "assess validate 列出了要补写的标签或要改的文件名",
            "assess validate says which label or file name to fix",
        )),
        Note::CountiesMixed {
            by_county: false, ..
        } => Some(lang.pick(
            "如需各旗县区分别排名，请用 --group-by 旗县区",
            "rank each county apart with --group-by county",
        )),
        _ => None,
    }
}

/// A note for the reader, in a language.
pub fn note(n: &Note, lang: Lang) -> String {
    match (n, lang) {
        (Note::CohortOfOne { unit, group }, Lang::Zh) => format!(
            "{} 是其分组（{}）中唯一的参评单位：不排名、不计总分；其数值、标杆得分和同比变化照常列出",
            unit.label(),
            group
        ),
        (Note::CohortOfOne { unit, group }, Lang::En) => format!(
            "{} is the only submission in its group ({}): it is not ranked and has no total; its values, benchmark scores and changes are shown",
            unit.label(),
            group
        ),
        (Note::SmallCohort { group, members, min }, Lang::Zh) => format!(
            "{}仅有 {members} 个参评单位（少于 {min} 个），排名仅供参考",
            if group.is_empty() || group == "全部" { "本次评估".to_string() } else { format!("分组“{group}”") }
        ),
        (Note::SmallCohort { group, members, min }, Lang::En) => format!(
            "{} has only {members} submissions (fewer than {min}): ranks mean little",
            if group.is_empty() || group == "全部" { "this assessment".to_string() } else { format!("the group {group}") }
        ),
        (Note::OtherPeriods { periods }, _) => other_periods_note(periods, lang),
        (Note::UnitsUnknown { surveys }, Lang::Zh) => format!(
            "{surveys} 张调查表无法确定医院或专科，未参加排名（见“数据问题”）"
        ),
        (Note::UnitsUnknown { surveys }, Lang::En) => format!(
            "{} not ranked because the hospital or specialty is unknown (see the data problems)",
            crate::i18n::plural(*surveys, "survey")
        ),
        (Note::SchemeItemsNotInForm { keys }, Lang::Zh) => format!(
            "评分方案中的指标 {} 不在本次使用的调查表中，未计分",
            keys.join("、")
        ),
        (Note::SchemeItemsNotInForm { keys }, Lang::En) => format!(
            "the scheme scores {}, which the form used here does not have; left out",
            keys.join(", ")
        ),
        (Note::OtherForms { forms }, _) => other_forms_note(forms, lang),
        (Note::AbsentNow { period, baseline, units }, _) => {
            absent_now_note(*period, *baseline, units, lang)
        }
        (Note::CountiesMixed { counties, by_county }, _) => counties_note(counties, *by_county, lang),
    }
}

/// `另有其他期间的提交未参加本次评估：…`: the other periods submitted, each with its count.
fn other_periods_note(periods: &[(Period, usize)], lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "另有其他期间的提交未参加本次评估：{}",
            periods
                .iter()
                .map(|(p, n)| format!("{} {n} 份", p.label(lang)))
                .collect::<Vec<_>>()
                .join("、")
        ),
        Lang::En => format!(
            "submissions of other periods are not in this assessment: {}",
            periods
                .iter()
                .map(|(p, n)| format!("{} ({n})", p.label(lang)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `部分提交按另一版调查表读取…`: the other forms submissions were read with, each with its count.
fn other_forms_note(forms: &[(String, usize)], lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "部分提交按另一版调查表读取，已按指标编号对应到本次调查表：{}",
            forms
                .iter()
                .map(|(f, n)| format!("{} {n} 份", quote(f)))
                .collect::<Vec<_>>()
                .join("、")
        ),
        Lang::En => format!(
            "some submissions were read with another version of the form and matched to this one by item code: {}",
            forms
                .iter()
                .map(|(f, n)| format!("{} ({n})", quote(f)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// `以下单位有…的提交，但没有本期…`: the units that submitted for the baseline only.
fn absent_now_note(period: Period, baseline: Period, units: &[Unit], lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "以下单位有{}的提交，但没有本期（{}）的提交，未参加本次排名：{}；请核对是否漏报，或期间写错",
            baseline.label(lang),
            period.label(lang),
            units.iter().map(|u| u.label()).collect::<Vec<_>>().join("、")
        ),
        Lang::En => format!(
            "these units submitted for {} but not for {}, so they are not ranked: {}; check whether a submission is missing or its period is mistyped",
            baseline.label(lang),
            period.label(lang),
            units.iter().map(|u| u.label()).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// `参评单位来自2个旗县区：北岭旗9个、南山县1个；…`: the counties of a run with their units.
fn counties_note(counties: &[(Option<String>, usize)], by_county: bool, lang: Lang) -> String {
    let (k, list) = (counties.len(), county_list(counties, lang));
    match (lang, by_county) {
        (Lang::Zh, false) => format!(
            "参评单位来自{k}个旗县区：{list}；通常一次只评估一个旗县区，各单位在一起排名，请核对"
        ),
        (Lang::En, false) => format!(
            "the units come from {k} counties: {list}; a run is usually one county's, and these are ranked together: check"
        ),
        (Lang::Zh, true) => format!("参评单位来自{k}个旗县区：{list}；按旗县区分别排名"),
        (Lang::En, true) => format!("the units come from {k} counties: {list}; ranked by county"),
    }
}

/// `北岭旗9个、南山县1个`: each county of a run with its count of units.
pub fn county_list<C: AsRef<str>>(counties: &[(Option<C>, usize)], lang: Lang) -> String {
    let list: Vec<String> = counties
        .iter()
        .map(|(c, n)| match (lang, c.as_ref().map(AsRef::as_ref)) {
            (Lang::Zh, Some(c)) => format!("{c}{n}个"),
            (Lang::Zh, None) => format!("未注明旗县区{n}个"),
            (Lang::En, Some(c)) => format!("{c} {n}"),
            (Lang::En, None) => format!("county not given {n}"),
        })
        .collect();
    list.join(lang.pick("、", ", "))
}

/// The ranking for the terminal.
pub fn table(a: &Assessment<'_>, detail: bool, lang: Lang) -> String {
    let county = a.common_county();
    let mut out = title(a, lang);
    out.push('\n');
    let wide = table::width() >= 110;
    let grouped = a.group_by != GroupBy::None;
    // The notes on the table's columns are for the rows shown in a table (a group of one is a
    // line that says its own).
    let (mut changes, mut errors) = (false, false);
    for (g, rows) in &a.groups() {
        if rows.len() == 1 && rows[0].cohort_size == 1 {
            out.push_str(&table::wrap("", &only_one_line(a, g, rows[0], lang)));
            continue;
        }
        changes |= rows.iter().any(|r| r.yoy.is_some());
        errors |= rows.iter().any(|r| r.errors > 0);
        if grouped {
            out.push_str(&format!(
                "\n{} {}{}\n",
                lang.pick("分组", "Group"),
                g,
                lang.paren(&rows.len().to_string())
            ));
        }
        let head = ranking_head(a, wide, lang);
        let head_ref: Vec<(&str, Col)> = head.iter().map(|(h, c)| (h.as_str(), *c)).collect();
        let mut t = table::new_table(&head_ref);
        for r in rows {
            table::add_row(&mut t, ranking_row(r, county, wide, lang));
        }
        out.push_str(&format!("{t}\n"));
    }
    if changes {
        out.push_str(&table::wrap(lang.pick("注：", "note: "), &against(a, lang)));
    }
    if errors {
        out.push_str(&table::wrap(
            lang.pick("注：", "note: "),
            lang.pick(
                "“问题”为该提交的数据错误数，其排名建立在有错误的数据上；assess validate 列出每一处",
                "“Issues” counts the data errors of a submission: its rank rests on cells that could not be read right; assess validate lists each",
            ),
        ));
    }
    if detail {
        for r in &a.results {
            out.push_str(&detail_table(a, r, lang));
        }
    }
    out.push_str(&notes_text(a, lang));
    out
}

/// What 总分变化 and 名次变化 are measured against: the baseline period, named.
fn against(a: &Assessment<'_>, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "总分变化、名次变化为与{}相比的变化；空白为没有该期数据",
            a.baseline.label(lang)
        ),
        Lang::En => format!(
            "Change and Rank move are against {}; blank where there is no data for it",
            a.baseline.label(lang)
        ),
    }
}

/// The line that stands for a group of one: its unit, not ranked, and its data errors.
fn only_one_line(a: &Assessment<'_>, group: &str, r: &ResultRow<'_>, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!(
            "{}：{}（唯一参评单位，不排名）{}",
            group_name(a, group, lang),
            r.unit().label(),
            problems(r, lang)
        ),
        Lang::En => format!(
            "{}: {} (the only one, not ranked){}",
            group_name(a, group, lang),
            r.unit().label(),
            problems(r, lang)
        ),
    }
}

/// The ranking table's heads: rank, grade, unit, total, each area when `wide`, the changes
/// and the issues.
fn ranking_head(a: &Assessment<'_>, wide: bool, lang: Lang) -> Vec<(String, Col)> {
    let mut head: Vec<(String, Col)> = vec![
        (lang.pick("排名", "Rank").into(), Col::Number),
        (lang.pick("等级", "Grade").into(), Col::Word),
        (lang.pick("单位", "Unit").into(), Col::Text),
        (lang.pick("总分", "Total").into(), Col::Number),
    ];
    if wide {
        head.extend(
            a.form
                .areas()
                .iter()
                .map(|ar| (ar.short(lang).to_string(), Col::Number)),
        );
    }
    head.extend([
        (lang.pick("总分变化", "Change").into(), Col::Number),
        (lang.pick("名次变化", "Rank move").into(), Col::Word),
        (lang.pick("问题", "Issues").into(), Col::Number),
    ]);
    head
}

/// One result's row of the ranking table, under [`ranking_head`].
fn ranking_row(r: &ResultRow<'_>, county: Option<&str>, wide: bool, lang: Lang) -> Vec<String> {
    let mut row = vec![
        r.rank.map(|x| x.to_string()).unwrap_or_else(|| "—".into()),
        r.grade
            .as_deref()
            .map(|g| crate::scheme::grade_label(g, lang).to_string())
            .unwrap_or_default(),
        unit_cell(r, county),
        table::score(r.total),
    ];
    if wide {
        row.extend(r.areas.iter().map(|s| table::score(*s)));
    }
    let y = r.yoy.as_ref();
    row.push(table::signed_score(y.and_then(|y| y.total_change)));
    row.push(rank_change(y.and_then(|y| y.rank_change), lang));
    row.push(if r.errors > 0 {
        r.errors.to_string()
    } else {
        String::new()
    });
    row
}

/// The run's notes under the ranking, each with what the clerk can do about it, wrapped. A
/// group of one is left out: it has had its line.
fn notes_text(a: &Assessment<'_>, lang: Lang) -> String {
    let mut out = String::new();
    for n in a
        .notes
        .iter()
        .filter(|n| !matches!(n, Note::CohortOfOne { .. }))
    {
        let text = match note_hint(n, lang) {
            Some(h) => format!("{}{}{h}", note(n, lang), lang.pick("；", "; ")),
            None => note(n, lang),
        };
        out.push_str(&table::wrap(lang.pick("注：", "note: "), &text));
    }
    out
}

fn problems(r: &ResultRow<'_>, lang: Lang) -> String {
    if r.errors == 0 {
        return String::new();
    }
    match lang {
        Lang::Zh => format!("；数据错误 {} 处", r.errors),
        Lang::En => format!("; {}", crate::i18n::plural(r.errors, "data error")),
    }
}

/// What stands for a missing value: the word the unit wrote (`未上榜`) where there is one,
/// else the status.
fn why_none(
    r: &ResultRow<'_>,
    ind: &crate::score::Indicator,
    status: crate::value::Status,
    lang: Lang,
) -> String {
    let written = match ind.source {
        crate::score::Source::Item(i) => r
            .submission
            .values
            .get(i)
            .and_then(|p| p.detail())
            .filter(|d| status == crate::value::Status::Missing && !d.is_empty()),
        _ => None,
    };
    match (written, lang) {
        (Some(w), Lang::Zh) => w.to_string(),
        (Some(w), Lang::En) => format!("{} ({w})", status.label(lang)),
        (None, _) => status.label(lang).to_string(),
    }
}

/// Every indicator of one submission: value, score, change.
fn detail_table(a: &Assessment<'_>, r: &ResultRow<'_>, lang: Lang) -> String {
    let mut out = format!("\n{} · {}\n", r.unit().label(), r.file());
    let mut head = vec![
        (lang.pick("指标", "Item"), Col::Text),
        (lang.pick("数值", "Value"), Col::Number),
        (lang.pick("得分", "Score"), Col::Number),
        (lang.pick("同比变化", "Change"), Col::Word),
    ];
    if r.targets.is_some() {
        head.push((lang.pick("目标", "Target"), Col::Word));
    }
    let mut t = table::new_table(&head);
    let changes = a.changes(r);
    for (j, (ind, it)) in a.indicators.iter().zip(r.items(&a.indicators)).enumerate() {
        let ch = changes.as_ref().map(|c| &c[j]);
        let target = match (&ind.source, &r.targets) {
            (crate::score::Source::Item(i), Some(t)) => Some(
                t.items
                    .iter()
                    .find(|x| x.item == *i)
                    .map(|x| {
                        format!(
                            "{} {}",
                            fmt_number(x.target),
                            if x.attained { "✓" } else { "✗" }
                        )
                    })
                    .unwrap_or_default(),
            ),
            (_, Some(_)) => Some(String::new()),
            _ => None,
        };
        let mut row = vec![
            format!("{} {}", ind.id, ind.name_in(lang)),
            match it.value() {
                Some(v) => fmt_number(ind.shown(v)),
                None => why_none(r, ind, it.status, lang),
            },
            table::score(it.score()),
            ch.map(|c| {
                format!(
                    "{} {}",
                    table::signed_value(c.delta()),
                    c.trend.map(|t| t.label(lang)).unwrap_or("")
                )
                .trim()
                .to_string()
            })
            .unwrap_or_default(),
        ];
        row.extend(target);
        table::add_row(&mut t, row);
    }
    out.push_str(&format!("{t}\n"));
    out
}

/// The CSV columns; `area_N` for each area of the form, `score_ID` per indicator with
/// `--detail`.
pub fn csv_columns(a: &Assessment<'_>, detail: bool) -> Vec<String> {
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
    ]
    .map(String::from)
    .to_vec();
    head.extend(a.form.areas().iter().map(|ar| format!("area_{}", ar.no)));
    head.extend(
        [
            "baseline",
            "improved",
            "worsened",
            "unchanged",
            "total_change",
            "rank_change",
            "errors",
            "warnings",
        ]
        .map(String::from),
    );
    if detail {
        head.extend(a.indicators.iter().map(|i| format!("score_{}", i.id)));
    }
    head
}

pub fn csv(a: &Assessment<'_>, detail: bool) -> anyhow::Result<Vec<u8>> {
    let head = csv_columns(a, detail);
    let num = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    let rows = a.results.iter().map(|r| {
        let u = r.unit();
        let y = r.yoy.as_ref();
        let mut row = vec![
            r.file().to_string(),
            r.sheet().to_string(),
            u.county.clone().unwrap_or_default(),
            u.hospital.clone().unwrap_or_default(),
            u.specialty.clone().unwrap_or_default(),
            r.submission.period().to_string(),
            r.group.clone(),
            r.cohort_size.to_string(),
            num(r.total),
            r.rank.map(|x| x.to_string()).unwrap_or_default(),
            r.grade.clone().unwrap_or_default(),
        ];
        row.extend(r.areas.iter().map(|s| num(*s)));
        row.push(y.map(|y| y.baseline.to_string()).unwrap_or_default());
        row.push(y.map(|y| y.improved.to_string()).unwrap_or_default());
        row.push(y.map(|y| y.worsened.to_string()).unwrap_or_default());
        row.push(y.map(|y| y.unchanged.to_string()).unwrap_or_default());
        row.push(num(y.and_then(|y| y.total_change)));
        row.push(
            y.and_then(|y| y.rank_change)
                .map(|x| x.to_string())
                .unwrap_or_default(),
        );
        row.push(r.errors.to_string());
        row.push(r.warnings.to_string());
        if detail {
            row.extend((0..a.indicators.len()).map(|j| num(r.score(j))));
        }
        row
    });
    let head_ref: Vec<&str> = head.iter().map(String::as_str).collect();
    super::csv_bytes(&head_ref, rows)
}

#[derive(Serialize)]
struct ItemJson<'a> {
    id: &'a str,
    key: &'a str,
    value: Option<f64>,
    status: &'static str,
    score: Option<f64>,
    target: Option<f64>,
    attained: Option<bool>,
}

#[derive(Serialize)]
struct YoyJson {
    baseline: String,
    improved: usize,
    worsened: usize,
    unchanged: usize,
    total_change: Option<f64>,
    rank_change: Option<i64>,
}

#[derive(Serialize)]
struct ResultJson<'a> {
    file: &'a str,
    sheet: &'a str,
    county: Option<&'a str>,
    hospital: Option<&'a str>,
    specialty: Option<&'a str>,
    period: String,
    group: &'a str,
    cohort_size: usize,
    total: Option<f64>,
    rank: Option<usize>,
    grade: Option<&'a str>,
    areas: Map<String, Value>,
    items: Vec<ItemJson<'a>>,
    yoy: Option<YoyJson>,
    errors: usize,
    warnings: usize,
    targets_met: Option<usize>,
    targets_set: Option<usize>,
}

#[derive(Serialize)]
struct CountyJson {
    county: Option<String>,
    units: usize,
}

#[derive(Serialize)]
struct ScoreJson<'a> {
    method: &'static str,
    weights: &'static str,
    period: String,
    results: Vec<ResultJson<'a>>,
    /// Only when the results come from more than one county (the note `counties-mixed`):
    /// each county with its count, most first. Absent for one county, so the contract of a
    /// one-county run is as it was.
    #[serde(skip_serializing_if = "Option::is_none")]
    counties: Option<Vec<CountyJson>>,
}

fn opt_num(v: Option<f64>) -> Value {
    v.and_then(serde_json::Number::from_f64)
        .map_or(Value::Null, Value::Number)
}

pub fn json(a: &Assessment<'_>) -> anyhow::Result<Vec<u8>> {
    let results = a
        .results
        .iter()
        .map(|r| {
            let u = r.unit();
            ResultJson {
                file: r.file(),
                sheet: r.sheet(),
                county: u.county.as_deref(),
                hospital: u.hospital.as_deref(),
                specialty: u.specialty.as_deref(),
                period: r.submission.period().to_string(),
                group: &r.group,
                cohort_size: r.cohort_size,
                total: r.total,
                rank: r.rank,
                grade: r.grade.as_deref(),
                areas: a
                    .form
                    .areas()
                    .iter()
                    .zip(&r.areas)
                    .map(|(ar, s)| (ar.no.to_string(), opt_num(*s)))
                    .collect(),
                items: a
                    .indicators
                    .iter()
                    .zip(r.items(&a.indicators))
                    .map(|(ind, it)| {
                        let t = match (&ind.source, &r.targets) {
                            (crate::score::Source::Item(i), Some(t)) => {
                                t.items.iter().find(|x| x.item == *i)
                            }
                            _ => None,
                        };
                        ItemJson {
                            id: &ind.id,
                            key: &ind.key,
                            value: it.value(),
                            status: it.status.as_str(),
                            score: it.score(),
                            target: t.map(|t| t.target),
                            attained: t.map(|t| t.attained),
                        }
                    })
                    .collect(),
                yoy: r.yoy.as_ref().map(|y| YoyJson {
                    baseline: y.baseline.to_string(),
                    improved: y.improved,
                    worsened: y.worsened,
                    unchanged: y.unchanged,
                    total_change: y.total_change,
                    rank_change: y.rank_change,
                }),
                errors: r.errors,
                warnings: r.warnings,
                targets_met: r.targets.as_ref().map(|t| t.met),
                targets_set: r.targets.as_ref().map(|t| t.set),
            }
        })
        .collect();
    super::json_bytes(&ScoreJson {
        method: a.method().as_str(),
        weights: a.weights().as_str(),
        period: a.period.to_string(),
        results,
        counties: Some(crate::assess::counties_of(&a.results))
            .filter(|c| c.len() > 1)
            .map(|c| {
                c.into_iter()
                    .map(|(county, units)| CountyJson { county, units })
                    .collect()
            }),
    })
}

/// `2024年1-6月` for a period given as an option, in the clerk's language.
pub fn period_word(p: Period, lang: Lang) -> String {
    p.label(lang)
}
