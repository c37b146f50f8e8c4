//! Views of the designation status (`assess status`): the terminal table, CSV and JSON.

use super::table::{self, Col};
use crate::decide::status::{next_text, state_text, State, StatusTable};
use crate::i18n::Lang;
use serde::Serialize;

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
        row.extend(t.years.iter().map(|y| {
            u.grades
                .get(y)
                .map(|g| crate::scheme::grade_short(g, lang).to_string())
                .unwrap_or_else(|| "—".into())
        }));
        let next = next_text(&u.next, lang);
        row.push(if next.is_empty() {
            state_text(&u.state, lang)
        } else {
            format!(
                "{}{}{next}",
                state_text(&u.state, lang),
                lang.pick("；", "; ")
            )
        });
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
    let gaps: Vec<String> = t
        .units
        .iter()
        .filter(|u| !u.gaps.is_empty())
        .map(|u| {
            format!(
                "{}（{}）",
                u.unit.label(),
                u.gaps
                    .iter()
                    .map(|y| y.to_string())
                    .collect::<Vec<_>>()
                    .join(lang.sep())
            )
        })
        .collect();
    if !t.linked.is_empty() {
        let pairs: Vec<String> = t
            .linked
            .iter()
            .map(|(w, n)| match lang {
                Lang::Zh => format!("“{w}”按“{n}”"),
                Lang::En => format!("'{w}' as '{n}'"),
            })
            .collect();
        out.push_str(&table::wrap(
            lang.pick("注：", "note: "),
            &match lang {
                Lang::Zh => format!(
                    "台账中未写旗县区的医院按同一旗县区的全称计：{}",
                    pairs.join("、")
                ),
                Lang::En => format!(
                    "hospitals of the ledger written without their county are taken as the full name in the same county: {}",
                    pairs.join(", ")
                ),
            },
        ));
    }
    if !gaps.is_empty() {
        out.push_str(&table::wrap(
            lang.pick("注：", "note: "),
            &match lang {
                Lang::Zh => format!(
                    "以下单位有缺少评估结果的年份，中断了“连续”：{}",
                    gaps.join("、")
                ),
                Lang::En => format!(
                    "these units have years without a result, which break “in a row”: {}",
                    gaps.join(", ")
                ),
            },
        ));
    }
    out
}

#[derive(Serialize)]
struct UnitJson<'a> {
    county: Option<&'a str>,
    hospital: Option<&'a str>,
    specialty: Option<&'a str>,
    grades: std::collections::BTreeMap<String, &'a str>,
    state: &'static str,
    since: Option<u16>,
    until: Option<u16>,
    deadline: Option<u16>,
    status: String,
    next: String,
    county_level: bool,
    gaps: &'a [u16],
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
            u.gaps
                .iter()
                .map(|g| g.to_string())
                .collect::<Vec<_>>()
                .join(" "),
        ]);
        r
    });
    let head_ref: Vec<&str> = head.iter().map(String::as_str).collect();
    super::csv_bytes(&head_ref, rows)
}
