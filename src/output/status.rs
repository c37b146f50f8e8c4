//! Views of the designation status (`assess status`): the terminal table with its notes, CSV
//! and JSON. Whatever the ledger did not settle is said in each: the period each year's grade
//! came from, a choice between a year's periods, a period with two grades (the unit is not
//! decided), a unit without a result for the current year, a grade the run replaced, units from
//! more than one county.

use super::table::{self, Col};
use crate::decide::status::{
    next_text, period_text, state_text, status_line, State, StatusTable, UnitStatus,
};
use crate::diag::{Rule, Severity};
use crate::i18n::Lang;
use serde::Serialize;
use std::collections::BTreeMap;

/// The grade cell of a year: its short grade, `?` when the year's period has two grades, `—`
/// when there is no result.
fn grade_cell(u: &UnitStatus, y: u16, lang: Lang) -> String {
    match (u.grades.get(&y), u.periods.get(&y)) {
        (Some(g), _) => crate::scheme::grade_short(g, lang).to_string(),
        (None, Some(_)) => "?".into(),
        (None, None) => "—".into(),
    }
}

pub fn table(t: &StatusTable, lang: Lang) -> String {
    let mut head: Vec<(String, Col)> = vec![(lang.pick("单位", "Unit").into(), Col::Text)];
    head.extend(t.years.iter().map(|y| (y.to_string(), Col::Word)));
    head.push((
        lang.pick("建设状态及下一步", "Status and what comes next")
            .into(),
        Col::Text,
    ));
    let head_ref: Vec<(&str, Col)> = head.iter().map(|(h, c)| (h.as_str(), *c)).collect();
    let mut tb = table::new_table(&head_ref);
    for u in &t.units {
        let mut row = vec![u.unit.label()];
        row.extend(t.years.iter().map(|y| grade_cell(u, *y, lang)));
        row.push(status_line(u, lang));
        table::add_row(&mut tb, row);
    }
    let mut out = format!("{tb}\n");
    let legend = crate::scheme::grade_legend(
        t.units
            .iter()
            .flat_map(|u| u.grades.values().map(String::as_str)),
        lang,
    );
    if !legend.is_empty() {
        out.push_str(&table::wrap(lang.pick("等级：", "grades: "), &legend));
    }
    out.push_str(&notes_text(t, lang));
    out
}

/// The notes as the terminal shows them, each labelled `注：` or `错误：` and wrapped: under
/// the table, or on stderr when `status` writes CSV or JSON (stdout stays the data alone).
pub fn notes_text(t: &StatusTable, lang: Lang) -> String {
    let mut out = String::new();
    for (rule, text) in notes(t, lang) {
        let label = match rule.map(Rule::severity) {
            Some(Severity::Error) => lang.pick("错误：", "error: "),
            _ => lang.pick("注：", "note: "),
        };
        out.push_str(&table::wrap(label, &text));
    }
    out
}

/// Consecutive years as ranges: `2019—2023、2025` / `2019–2023, 2025`.
fn year_ranges(ys: &[u16], lang: Lang) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < ys.len() {
        let mut j = i;
        while j + 1 < ys.len() && ys[j + 1] == ys[j] + 1 {
            j += 1;
        }
        parts.push(if j > i {
            format!("{}{}{}", ys[i], lang.pick("—", "–"), ys[j])
        } else {
            ys[i].to_string()
        });
        i = j + 1;
    }
    parts.join(lang.sep())
}

/// Which ledger period each year's grades came from, in one sentence.
fn period_origin(t: &StatusTable, lang: Lang) -> Option<String> {
    let mut whole: Vec<u16> = Vec::new();
    let mut parts: Vec<String> = Vec::new();
    for y in &t.years {
        let mut groups: BTreeMap<crate::period::Period, Vec<String>> = BTreeMap::new();
        for u in &t.units {
            if let Some(p) = u.periods.get(y) {
                groups.entry(*p).or_default().push(u.unit.label());
            }
        }
        let mut groups: Vec<_> = groups.into_iter().collect();
        if let [(p, _)] = groups.as_slice() {
            if (p.from, p.to) == (1, 12) {
                whole.push(*y);
                continue;
            }
        }
        // Most units first; the others are named.
        groups.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(b.0.cmp(&a.0)));
        let mut said: Vec<String> = Vec::new();
        for (k, (p, units)) in groups.iter().enumerate() {
            let pt = period_text(*p, lang);
            said.push(match (lang, k, groups.len()) {
                (Lang::Zh, 0, 1) => format!("{y}年取{pt}"),
                (Lang::En, 0, 1) => format!("{y} from {pt}"),
                (Lang::Zh, 0, _) => format!("{y}年取{pt}（{}个单位）", units.len()),
                (Lang::En, 0, _) => format!("{y} from {pt} ({} units)", units.len()),
                (Lang::Zh, _, _) => format!("{}取{pt}", units.join("、")),
                (Lang::En, _, _) => format!("{} from {pt}", units.join(", ")),
            });
        }
        parts.push(said.join(lang.pick("，", ", ")));
    }
    if !whole.is_empty() {
        let ys = year_ranges(&whole, lang);
        parts.insert(
            0,
            match lang {
                Lang::Zh => format!("{ys}年取全年（年度）结果"),
                Lang::En => format!("{ys} from the whole year"),
            },
        );
    }
    (!parts.is_empty()).then(|| match lang {
        Lang::Zh => format!("各年等级所取的台账期间：{}", parts.join("；")),
        Lang::En => format!(
            "the ledger period each year's grade comes from: {}",
            parts.join("; ")
        ),
    })
}

/// The notes under the status table, each with its rule where it has one: errors first. The
/// `status` command may print them on stderr when it writes CSV or JSON.
pub fn notes(t: &StatusTable, lang: Lang) -> Vec<(Option<Rule>, String)> {
    [
        conflicts_note(t, lang),
        missing_note(t, lang),
        choices_note(t, lang),
        replaced_note(t, lang),
        linked_note(t, lang),
        gaps_note(t, lang),
        period_origin(t, lang).map(|o| (None, o)),
        counties_note(t, lang),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// The separator between the units a note lists: `；` / `; `.
fn note_sep(lang: Lang) -> &'static str {
    lang.pick("；", "; ")
}

/// Years as a list: `2022、2023` / `2022, 2023`.
fn year_list(ys: &[u16], lang: Lang) -> String {
    ys.iter()
        .map(|y| y.to_string())
        .collect::<Vec<_>>()
        .join(lang.sep())
}

/// The note on units whose ledger gives one period two grades (not decided), if any.
fn conflicts_note(t: &StatusTable, lang: Lang) -> Option<(Option<Rule>, String)> {
    let conflicts: Vec<String> = t
        .units
        .iter()
        .flat_map(|u| {
            u.conflicts.iter().map(move |c| {
                let p = period_text(c.period, lang);
                match lang {
                    Lang::Zh => format!("{}（{p}：{}）", u.unit.label(), c.grades.join("、")),
                    Lang::En => format!("{} ({p}: {})", u.unit.label(), c.grades.join(", ")),
                }
            })
        })
        .collect();
    if conflicts.is_empty() {
        return None;
    }
    let list = conflicts.join(note_sep(lang));
    Some((
        Some(Rule::LedgerGradeConflict),
        match lang {
            Lang::Zh => format!(
                "台账中同一单位同一期间有不同的等级，以下单位未判定建设状态，请核对台账：{list}"
            ),
            Lang::En => format!(
                "the ledger gives one unit different grades for the same period; these units are not decided (check the ledger): {list}"
            ),
        },
    ))
}

/// The note on units without a result for the latest year, decided on the years before, if any.
fn missing_note(t: &StatusTable, lang: Lang) -> Option<(Option<Rule>, String)> {
    let missing: Vec<String> = t
        .units
        .iter()
        .filter(|u| !u.missing.is_empty())
        .map(|u| {
            let ys = year_list(&u.missing, lang);
            match lang {
                Lang::Zh => format!("{}（缺少{ys}年度评估结果）", u.unit.label()),
                Lang::En => format!("{} (no result for {ys})", u.unit.label()),
            }
        })
        .collect();
    if missing.is_empty() {
        return None;
    }
    let list = missing.join(note_sep(lang));
    Some((
        Some(Rule::LedgerYearMissing),
        match lang {
            Lang::Zh => format!(
                "以下单位缺少最近年度的评估结果，建设状态按其此前各年的结果判定：{list}"
            ),
            Lang::En => format!(
                "these units have no result for the latest year; their status is decided on the years before: {list}"
            ),
        },
    ))
}

/// The note on years whose periods give different grades, and which counted, if any.
fn choices_note(t: &StatusTable, lang: Lang) -> Option<(Option<Rule>, String)> {
    let choices: Vec<String> = t
        .units
        .iter()
        .flat_map(|u| {
            u.choices.iter().map(move |c| {
                let (p, g) = &c.counted;
                let others = c.others_text(lang);
                match lang {
                    Lang::Zh => format!(
                        "{} {}年按{}“{g}”计，{}",
                        u.unit.label(),
                        c.year,
                        period_text(*p, lang),
                        others.join("，")
                    ),
                    Lang::En => format!(
                        "{} {} counts as {g} of {}, not {}",
                        u.unit.label(),
                        c.year,
                        period_text(*p, lang),
                        others.join(", ")
                    ),
                }
            })
        })
        .collect();
    if choices.is_empty() {
        return None;
    }
    let list = choices.join(note_sep(lang));
    Some((
        Some(Rule::LedgerPeriodChoice),
        match lang {
            Lang::Zh => format!(
                "同一年不同期间的等级不一致时，按全年等级计，无全年时按截止最晚的期间：{list}"
            ),
            Lang::En => format!(
                "where a year's periods give different grades, the whole year's counts, else the period ending last: {list}"
            ),
        },
    ))
}

/// The note on the run's grades that replaced a different grade of the ledger, if any.
fn replaced_note(t: &StatusTable, lang: Lang) -> Option<(Option<Rule>, String)> {
    let replaced: Vec<String> = t
        .replaced
        .iter()
        .map(|r| {
            let p = period_text(r.period, lang);
            match lang {
                Lang::Zh => format!(
                    "{} {p}（台账：{}，本次：{}）",
                    r.unit.label(),
                    r.ledger,
                    r.run
                ),
                Lang::En => format!(
                    "{} {p} (ledger: {}, this run: {})",
                    r.unit.label(),
                    r.ledger,
                    r.run
                ),
            }
        })
        .collect();
    if replaced.is_empty() {
        return None;
    }
    let list = replaced.join(note_sep(lang));
    Some((
        Some(Rule::LedgerGradeReplaced),
        match lang {
            Lang::Zh => format!("本次结果与台账中同一期间的等级不同，按本次结果计：{list}"),
            Lang::En => format!(
                "this run's grades differ from the ledger's for the same period; this run's count: {list}"
            ),
        },
    ))
}

/// The note on the ledger's hospitals written without their county and the full names they
/// were taken as, if any.
fn linked_note(t: &StatusTable, lang: Lang) -> Option<(Option<Rule>, String)> {
    if t.linked.is_empty() {
        return None;
    }
    let pairs: Vec<String> = t
        .linked
        .iter()
        .map(|(w, n)| match lang {
            Lang::Zh => format!("“{w}”按“{n}”"),
            Lang::En => format!("'{w}' as '{n}'"),
        })
        .collect();
    Some((
        Some(Rule::NameLinked),
        match lang {
            Lang::Zh => format!(
                "台账中未写旗县区的医院按同一旗县区的全称计：{}",
                pairs.join("、")
            ),
            Lang::En => format!(
                "hospitals of the ledger written without their county are taken as the full name in the same county: {}",
                pairs.join(", ")
            ),
        },
    ))
}

/// The note on units with years without a result, which break "in a row", if any.
fn gaps_note(t: &StatusTable, lang: Lang) -> Option<(Option<Rule>, String)> {
    let gaps: Vec<String> = t
        .units
        .iter()
        .filter(|u| !u.gaps.is_empty())
        .map(|u| {
            let ys = year_list(&u.gaps, lang);
            match lang {
                Lang::Zh => format!("{}（{ys}）", u.unit.label()),
                Lang::En => format!("{} ({ys})", u.unit.label()),
            }
        })
        .collect();
    if gaps.is_empty() {
        return None;
    }
    Some((
        None,
        match lang {
            Lang::Zh => format!(
                "以下单位有缺少评估结果的年份，中断了“连续”：{}",
                gaps.join("、")
            ),
            Lang::En => format!(
                "these units have years without a result, which break “in a row”: {}",
                gaps.join(", ")
            ),
        },
    ))
}

/// The note on units from more than one county, if they are.
fn counties_note(t: &StatusTable, lang: Lang) -> Option<(Option<Rule>, String)> {
    let counties = t.counties();
    if counties.len() < 2 {
        return None;
    }
    let list = crate::output::ranking::county_list(&counties, lang);
    Some((
        Some(Rule::CountiesMixed),
        match lang {
            Lang::Zh => format!(
                "单位来自{}个旗县区：{}；通常一次只评估一个旗县区，请核对",
                counties.len(),
                list
            ),
            Lang::En => format!(
                "the units come from {} counties: {}; a run is usually one county's: check",
                counties.len(),
                list
            ),
        },
    ))
}

#[derive(Serialize)]
struct GradeJson {
    period: String,
    grade: String,
}

#[derive(Serialize)]
struct ChoiceJson {
    year: u16,
    period: String,
    grade: String,
    others: Vec<GradeJson>,
}

#[derive(Serialize)]
struct ConflictJson {
    period: String,
    grades: Vec<String>,
}

#[derive(Serialize)]
struct FindingJson {
    rule: &'static str,
    severity: &'static str,
    message: String,
}

#[derive(Serialize)]
struct UnitJson<'a> {
    county: Option<&'a str>,
    hospital: Option<&'a str>,
    specialty: Option<&'a str>,
    grades: BTreeMap<String, &'a str>,
    state: &'static str,
    since: Option<u16>,
    until: Option<u16>,
    deadline: Option<u16>,
    status: String,
    next: String,
    county_level: bool,
    gaps: &'a [u16],
    /// The ledger period each year's grade came from (`2024年`, `2024年1-6月`).
    periods: BTreeMap<String, String>,
    /// Years up to the current one without a result, after the latest.
    missing: &'a [u16],
    period_choices: Vec<ChoiceJson>,
    conflicts: Vec<ConflictJson>,
    findings: Vec<FindingJson>,
}

/// The state's stable id for JSON and CSV.
fn state_id(s: &State) -> (&'static str, Option<u16>, Option<u16>, Option<u16>) {
    match s {
        State::Building => ("building", None, None, None),
        State::Rectifying { until } => ("rectifying", None, Some(*until), None),
        State::Revoked { since } => ("revoked", Some(*since), None, None),
        State::Awarded { year, deadline } => ("awarded", Some(*year), None, Some(*deadline)),
        State::Withdrawn { since } => ("withdrawn", Some(*since), None, None),
        State::National { .. } => ("national", None, None, None),
        State::Undecided { .. } => ("undecided", None, None, None),
    }
}

fn units<'a>(t: &'a StatusTable, lang: Lang) -> Vec<UnitJson<'a>> {
    t.units
        .iter()
        .map(|u| {
            let (state, since, until, deadline) = state_id(&u.state);
            UnitJson {
                county: u.unit.county.as_deref(),
                hospital: u.unit.hospital.as_deref(),
                specialty: u.unit.specialty.as_deref(),
                grades: u
                    .grades
                    .iter()
                    .map(|(y, g)| (y.to_string(), g.as_str()))
                    .collect(),
                state,
                since,
                until,
                deadline,
                status: state_text(&u.state, lang),
                next: next_text(&u.next, lang),
                county_level: u.county_level,
                gaps: &u.gaps,
                periods: u
                    .periods
                    .iter()
                    .map(|(y, p)| (y.to_string(), p.to_string()))
                    .collect(),
                missing: &u.missing,
                period_choices: u
                    .choices
                    .iter()
                    .map(|c| ChoiceJson {
                        year: c.year,
                        period: c.counted.0.to_string(),
                        grade: c.counted.1.clone(),
                        others: c
                            .others
                            .iter()
                            .map(|(p, g)| GradeJson {
                                period: p.to_string(),
                                grade: g.clone(),
                            })
                            .collect(),
                    })
                    .collect(),
                conflicts: u
                    .conflicts
                    .iter()
                    .map(|c| ConflictJson {
                        period: c.period.to_string(),
                        grades: c.grades.clone(),
                    })
                    .collect(),
                findings: t
                    .findings(u, lang)
                    .into_iter()
                    .map(|(r, message)| FindingJson {
                        rule: r.id(),
                        severity: r.severity().as_str(),
                        message,
                    })
                    .collect(),
            }
        })
        .collect()
}

pub fn json(t: &StatusTable, lang: Lang) -> anyhow::Result<Vec<u8>> {
    super::json_bytes(&units(t, lang))
}

pub fn csv(t: &StatusTable, lang: Lang) -> anyhow::Result<Vec<u8>> {
    let mut head: Vec<String> = ["county", "hospital", "specialty"]
        .map(String::from)
        .to_vec();
    head.extend(t.years.iter().map(|y| format!("grade_{y}")));
    head.extend(
        [
            "state",
            "since",
            "until",
            "deadline",
            "status",
            "next",
            "county_level",
            "gaps",
        ]
        .map(String::from),
    );
    // Added after the first columns, which stay where they were.
    head.extend(t.years.iter().map(|y| format!("period_{y}")));
    head.extend(["missing", "rules", "findings"].map(String::from));
    let years = |v: &[u16]| {
        v.iter()
            .map(|g| g.to_string())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let rows = units(t, lang).into_iter().map(|u| {
        let mut r = vec![
            u.county.unwrap_or("").to_string(),
            u.hospital.unwrap_or("").to_string(),
            u.specialty.unwrap_or("").to_string(),
        ];
        r.extend(t.years.iter().map(|y| {
            u.grades
                .get(&y.to_string())
                .map(|g| g.to_string())
                .unwrap_or_default()
        }));
        let n = |v: Option<u16>| v.map(|x| x.to_string()).unwrap_or_default();
        r.extend([
            u.state.to_string(),
            n(u.since),
            n(u.until),
            n(u.deadline),
            u.status,
            u.next,
            u.county_level.to_string(),
            years(u.gaps),
        ]);
        r.extend(
            t.years
                .iter()
                .map(|y| u.periods.get(&y.to_string()).cloned().unwrap_or_default()),
        );
        r.extend([
            years(u.missing),
            u.findings
                .iter()
                .map(|f| f.rule)
                .collect::<Vec<_>>()
                .join(" "),
            u.findings
                .iter()
                .map(|f| f.message.as_str())
                .collect::<Vec<_>>()
                .join(lang.pick("；", "; ")),
        ]);
        r
    });
    let head_ref: Vec<&str> = head.iter().map(String::as_str).collect();
    super::csv_bytes(&head_ref, rows)
}
