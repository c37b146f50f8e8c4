//! Designation status over the years (seed 000, 七 考核和退出), by the scheme's rules:
//!
//! - a failing year (a grade the scheme does not pass) starts a rectification period (整改期) of
//!   `rectify_years`;
//! - `revoke_after_fails` failing years in a row withdraw the status (取消资格);
//! - `award_after_passes` passing years in a row award the plaque (授牌), after which national
//!   approval must come within `national_within_years` or the plaque is withdrawn (撤牌);
//! - a year with no result breaks "in a row" and is flagged;
//! - at county level a unit whose latest result passes is a 旗级临床重点专科 (seed 004, 六).
//!
//! One result per unit and year: the whole year's when the ledger has it, else the latest
//! period of that year.

use super::ledger::Entry;
use crate::i18n::Lang;
use crate::model::{Unit, UnitKey};
use crate::scheme::Scheme;
use std::collections::BTreeMap;

/// Where a unit stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// 建设中.
    Building,
    /// 整改期, until the end of `until`.
    Rectifying { until: u16 },
    /// 取消资格 since `since`.
    Revoked { since: u16 },
    /// 已授牌 in `year`; national approval is due by the end of `deadline`.
    Awarded { year: u16, deadline: u16 },
    /// 撤牌 since `since` (no national approval by the deadline).
    Withdrawn { since: u16 },
    /// 已获批国家级临床重点专科.
    National { date: String },
}

/// What the next result would change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// 再 n 年合格即可授牌.
    PassesToAward(u32),
    /// 再次不合格将取消资格.
    FailRevokes,
    /// 须在 y 年底前获批国家级临床重点专科，否则撤牌.
    NationalBy(u16),
    Nothing,
}

/// One unit's history and status.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitStatus {
    pub unit: Unit,
    /// The grade of each year with a result.
    pub grades: BTreeMap<u16, String>,
    pub state: State,
    pub next: Next,
    /// Years between the first and the last with no result.
    pub gaps: Vec<u16>,
    /// The latest result passes: a 旗级临床重点专科.
    pub county_level: bool,
}

/// Every unit's status.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StatusTable {
    /// Every year with a result, oldest first.
    pub years: Vec<u16>,
    pub units: Vec<UnitStatus>,
    /// Hospitals of the ledger written without their county, taken as the full name.
    pub linked: Vec<(String, String)>,
}

impl StatusTable {
    pub fn of(&self, unit: &Unit) -> Option<&UnitStatus> {
        let key = unit.key()?;
        self.units
            .iter()
            .find(|u| u.unit.key().as_ref() == Some(&key))
    }
}

/// A unit's result for each year, with how complete the period was (13 for a whole year).
type Years<'a> = BTreeMap<u16, (u8, &'a Entry)>;

/// The year of a national approval date as written (`2026-05-01`, `2026年5月`, `2026`).
fn year_of(date: &str) -> Option<u16> {
    let digits: String = crate::text::normalize(date)
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits
        .get(..4)
        .and_then(|y| y.parse().ok())
        .filter(|y| (1990..=2200).contains(y))
}

/// Decide every unit's status from its results. `current` is the year now (the latest of the
/// run), so a deadline that has passed is seen even without a result that year.
pub fn decide(entries: &[Entry], scheme: &Scheme, current: Option<u16>) -> StatusTable {
    let rules = &scheme.status;
    let mut by_unit: BTreeMap<UnitKey, (Unit, Years<'_>)> = BTreeMap::new();
    for e in entries {
        let Some(key) = e.key() else { continue };
        let slot = by_unit
            .entry(key)
            .or_insert_with(|| (e.unit.clone(), BTreeMap::new()));
        // The whole year's result wins; else the latest period of the year.
        let rank = if e.period.from == 1 && e.period.to == 12 {
            13
        } else {
            e.period.to
        };
        match slot.1.get(&e.period.year) {
            Some((r, _)) if *r >= rank => {}
            _ => {
                slot.1.insert(e.period.year, (rank, e));
            }
        }
    }
    let mut years: Vec<u16> = Vec::new();
    let mut units = Vec::new();
    for (_, (unit, results)) in by_unit {
        let first = *results.keys().next().expect("a unit has a result");
        let last = results.keys().next_back().copied().unwrap_or(first);
        let now = current.unwrap_or(last).max(last);
        let national = results
            .values()
            .find_map(|(_, e)| e.national.clone())
            .and_then(|d| year_of(&d).map(|y| (y, d)));
        let mut state = State::Building;
        let (mut fails, mut passes) = (0u32, 0u32);
        let mut gaps = Vec::new();
        for y in first..=now {
            if matches!(
                state,
                State::Revoked { .. } | State::Withdrawn { .. } | State::National { .. }
            ) {
                break;
            }
            if let (State::Awarded { deadline, .. }, Some((ny, date))) = (&state, &national) {
                if ny <= deadline && *ny <= y {
                    state = State::National { date: date.clone() };
                    break;
                }
            }
            if let State::Awarded { deadline, .. } = state {
                if y > deadline {
                    state = State::Withdrawn {
                        since: deadline + 1,
                    };
                    break;
                }
            }
            match results.get(&y) {
                None => {
                    if y <= last {
                        gaps.push(y);
                    }
                    fails = 0;
                    passes = 0;
                    if let State::Rectifying { until } = state {
                        if y >= until {
                            state = State::Building;
                        }
                    }
                }
                Some((_, e)) if scheme.grade.passes(&e.grade) => {
                    passes += 1;
                    fails = 0;
                    if let State::Rectifying { until } = state {
                        if y >= until {
                            state = State::Building;
                        }
                    }
                    if passes >= rules.award_after_passes && matches!(state, State::Building) {
                        state = State::Awarded {
                            year: y,
                            deadline: y + rules.national_within_years as u16,
                        };
                    }
                }
                Some(_) => {
                    fails += 1;
                    passes = 0;
                    state = if fails >= rules.revoke_after_fails {
                        State::Revoked { since: y }
                    } else {
                        match state {
                            // A failing year does not take a plaque away; the deadline stands.
                            State::Awarded { .. } => state,
                            _ => State::Rectifying {
                                until: y + rules.rectify_years as u16,
                            },
                        }
                    };
                }
            }
        }
        // National approval recorded before the plaque: national all the same.
        if let (State::Building | State::Rectifying { .. }, Some((_, date))) = (&state, &national) {
            state = State::National { date: date.clone() };
        }
        let next = match &state {
            State::Revoked { .. } | State::Withdrawn { .. } | State::National { .. } => {
                Next::Nothing
            }
            State::Awarded { deadline, .. } if fails + 1 < rules.revoke_after_fails => {
                Next::NationalBy(*deadline)
            }
            _ if fails > 0 && fails + 1 >= rules.revoke_after_fails => Next::FailRevokes,
            State::Awarded { deadline, .. } => Next::NationalBy(*deadline),
            _ => Next::PassesToAward(rules.award_after_passes.saturating_sub(passes).max(1)),
        };
        let grades: BTreeMap<u16, String> = results
            .iter()
            .map(|(y, (_, e))| (*y, e.grade.clone()))
            .collect();
        let county_level = results
            .values()
            .next_back()
            .is_some_and(|(_, e)| scheme.grade.passes(&e.grade))
            && !matches!(state, State::Revoked { .. } | State::Withdrawn { .. });
        years.extend(grades.keys().copied());
        units.push(UnitStatus {
            unit,
            grades,
            state,
            next,
            gaps,
            county_level,
        });
    }
    years.sort_unstable();
    years.dedup();
    StatusTable {
        years,
        units,
        linked: Vec::new(),
    }
}

/// The state in words: `整改期（至2025年底）`.
pub fn state_text(s: &State, lang: Lang) -> String {
    match (s, lang) {
        (State::Building, _) => lang.pick("建设中", "under construction").into(),
        (State::Rectifying { until }, Lang::Zh) => format!("整改期（至{until}年底）"),
        (State::Rectifying { until }, Lang::En) => {
            format!("rectification (until the end of {until})")
        }
        (State::Revoked { since }, Lang::Zh) => format!("取消资格（{since}年起）"),
        (State::Revoked { since }, Lang::En) => format!("status withdrawn (since {since})"),
        (State::Awarded { year, .. }, Lang::Zh) => format!("已授牌（{year}年）"),
        (State::Awarded { year, .. }, Lang::En) => format!("plaque awarded ({year})"),
        (State::Withdrawn { since }, Lang::Zh) => format!("撤牌（{since}年起）"),
        (State::Withdrawn { since }, Lang::En) => format!("plaque withdrawn (since {since})"),
        (State::National { date }, Lang::Zh) => format!("已获批国家级临床重点专科（{date}）"),
        (State::National { date }, Lang::En) => format!("national key specialty ({date})"),
    }
}

/// What the next result would change, in words.
pub fn next_text(n: &Next, lang: Lang) -> String {
    match (n, lang) {
        (Next::PassesToAward(1), Lang::Zh) => "再一年合格即可授牌".into(),
        (Next::PassesToAward(k), Lang::Zh) => format!("再连续{k}年合格即可授牌"),
        (Next::PassesToAward(1), Lang::En) => "one more passing year awards the plaque".into(),
        (Next::PassesToAward(k), Lang::En) => {
            format!("{k} more passing years in a row award the plaque")
        }
        (Next::FailRevokes, Lang::Zh) => "再次不合格将取消资格".into(),
        (Next::FailRevokes, Lang::En) => "another failing year withdraws the status".into(),
        (Next::NationalBy(y), Lang::Zh) => format!("须在{y}年底前获批国家级临床重点专科，否则撤牌"),
        (Next::NationalBy(y), Lang::En) => {
            format!("national approval is due by the end of {y}, or the plaque is withdrawn")
        }
        (Next::Nothing, _) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::period::Period;

    fn scheme() -> Scheme {
        crate::scheme::Preset::PassFail.scheme()
    }

    fn history(grades: &[(u16, &str)], national: Option<&str>) -> Vec<Entry> {
        grades
            .iter()
            .map(|(y, g)| Entry {
                period: Period::parse(&format!("{y}年")).unwrap(),
                unit: Unit {
                    county: Some("北岭旗".into()),
                    hospital: Some("北岭旗人民医院".into()),
                    specialty: Some("心血管内科".into()),
                },
                grade: g.to_string(),
                national: national.map(String::from),
            })
            .collect()
    }

    fn status(grades: &[(u16, &str)], national: Option<&str>, now: Option<u16>) -> UnitStatus {
        decide(&history(grades, national), &scheme(), now)
            .units
            .remove(0)
    }

    #[test]
    fn passing_years_count_toward_the_plaque() {
        let s = status(&[(2022, "合格")], None, None);
        assert_eq!((s.state, s.next), (State::Building, Next::PassesToAward(2)));
        let s = status(&[(2022, "合格"), (2023, "优秀")], None, None);
        assert_eq!(s.next, Next::PassesToAward(1));
        assert_eq!(next_text(&s.next, Lang::Zh), "再一年合格即可授牌");
        assert!(s.county_level);
    }

    #[test]
    fn three_passing_years_award_the_plaque_with_a_deadline() {
        let s = status(
            &[(2022, "合格"), (2023, "合格"), (2024, "优秀")],
            None,
            None,
        );
        assert_eq!(
            s.state,
            State::Awarded {
                year: 2024,
                deadline: 2027
            }
        );
        assert_eq!(s.next, Next::NationalBy(2027));
        assert_eq!(state_text(&s.state, Lang::Zh), "已授牌（2024年）");
    }

    #[test]
    fn no_national_approval_by_the_deadline_withdraws_the_plaque() {
        let g = [
            (2022, "合格"),
            (2023, "合格"),
            (2024, "合格"),
            (2025, "合格"),
            (2026, "合格"),
            (2027, "合格"),
            (2028, "合格"),
        ];
        let s = status(&g, None, None);
        assert_eq!(s.state, State::Withdrawn { since: 2028 });
        assert_eq!(s.next, Next::Nothing);
        // Even with no result in the years after, the deadline passes.
        let s = status(&g[..3], None, Some(2028));
        assert_eq!(s.state, State::Withdrawn { since: 2028 });
    }

    #[test]
    fn national_approval_in_time_keeps_the_plaque_for_good() {
        let g = [
            (2022, "合格"),
            (2023, "合格"),
            (2024, "合格"),
            (2025, "合格"),
        ];
        let s = status(&g, Some("2026-03-01"), Some(2029));
        assert_eq!(
            s.state,
            State::National {
                date: "2026-03-01".into()
            }
        );
    }

    #[test]
    fn a_failing_year_starts_rectification_and_a_second_revokes() {
        let s = status(&[(2022, "合格"), (2023, "不合格")], None, None);
        assert_eq!(s.state, State::Rectifying { until: 2024 });
        assert_eq!(s.next, Next::FailRevokes);
        assert_eq!(next_text(&s.next, Lang::Zh), "再次不合格将取消资格");
        assert!(!s.county_level);
        let s = status(
            &[(2022, "合格"), (2023, "不合格"), (2024, "不合格")],
            None,
            None,
        );
        assert_eq!(s.state, State::Revoked { since: 2024 });
        assert_eq!(state_text(&s.state, Lang::Zh), "取消资格（2024年起）");
        // After rectification a passing year is back to building.
        let s = status(&[(2022, "不合格"), (2023, "合格")], None, None);
        assert_eq!((s.state, s.next), (State::Building, Next::PassesToAward(2)));
    }

    #[test]
    fn a_gap_year_breaks_in_a_row_and_is_flagged() {
        let s = status(
            &[(2021, "合格"), (2022, "合格"), (2024, "合格")],
            None,
            None,
        );
        assert_eq!(s.gaps, [2023]);
        assert_eq!(
            s.state,
            State::Building,
            "2021, 2022 and 2024 are not three in a row"
        );
        assert_eq!(s.next, Next::PassesToAward(2));
        let s = status(&[(2021, "不合格"), (2023, "不合格")], None, None);
        assert_eq!(
            s.state,
            State::Rectifying { until: 2024 },
            "not two fails in a row"
        );
        assert_eq!(s.gaps, [2022]);
    }

    #[test]
    fn five_years_through_every_transition() {
        // 2020 pass, 2021 fail (rectify), 2022 pass, 2023 pass, 2024 pass → plaque 2024.
        let s = status(
            &[
                (2020, "合格"),
                (2021, "不合格"),
                (2022, "合格"),
                (2023, "合格"),
                (2024, "优秀"),
            ],
            None,
            None,
        );
        assert_eq!(
            s.state,
            State::Awarded {
                year: 2024,
                deadline: 2027
            }
        );
        assert_eq!(s.grades.len(), 5);
    }

    #[test]
    fn the_whole_year_wins_over_a_half_year() {
        let mut e = history(&[(2024, "不合格")], None);
        e.push(Entry {
            period: Period::parse("2024年1-6月").unwrap(),
            grade: "合格".into(),
            ..e[0].clone()
        });
        let t = decide(&e, &scheme(), None);
        assert_eq!(t.units[0].grades[&2024], "不合格");
    }

    #[test]
    fn rules_come_from_the_scheme() {
        let mut s = scheme();
        s.status.award_after_passes = 2;
        let t = decide(&history(&[(2022, "合格"), (2023, "合格")], None), &s, None);
        assert_eq!(
            t.units[0].state,
            State::Awarded {
                year: 2023,
                deadline: 2026
            }
        );
    }
}
