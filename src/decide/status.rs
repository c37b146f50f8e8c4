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
//! What the ledger does not settle is said, never resolved in silence:
//!
//! - One grade per unit and year. When the ledger has the whole year's (`2024年`, `2024年度`),
//!   that is the year's grade; else the period ending latest (the longest of those). Where the
//!   periods of a year give different grades, the choice is kept ([`PeriodChoice`]); the period
//!   each year's grade came from is kept for every unit ([`UnitStatus::periods`]).
//! - Two rows of the same unit and period with different grades: the ledger contradicts itself,
//!   and the unit is not decided ([`State::Undecided`], [`GradeConflict`]).
//! - A unit without a result for the current year (the latest of the ledger and the run), whose
//!   status is still open, is decided on the years it has and says so ([`UnitStatus::missing`]):
//!   the years after its latest result neither break nor extend its runs; only a national
//!   deadline that passed in them counts.

use super::ledger::Entry;
use crate::diag::Rule;
use crate::i18n::Lang;
use crate::model::{Unit, UnitKey};
use crate::period::Period;
use crate::scheme::{Scheme, StatusRule};
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
    /// Not decided: the ledger gives `period` two different grades.
    Undecided { period: Period },
}

impl State {
    /// A state no later result changes: revoked, withdrawn, national.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            State::Revoked { .. } | State::Withdrawn { .. } | State::National { .. }
        )
    }
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

/// A year whose ledger periods give different grades, and which one counted.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodChoice {
    pub year: u16,
    /// The period whose grade is the year's, and that grade.
    pub counted: (Period, String),
    /// The other periods of the year whose grade differs, with their grades.
    pub others: Vec<(Period, String)>,
}

impl PeriodChoice {
    /// `2024年1-6月为合格`: each other period of the year with its grade.
    pub fn others_text(&self, lang: Lang) -> Vec<String> {
        self.others
            .iter()
            .map(|(q, h)| match lang {
                Lang::Zh => format!("{}为{h}", period_text(*q, lang)),
                Lang::En => format!("{h} of {}", period_text(*q, lang)),
            })
            .collect()
    }
}

/// Rows of one unit and one period with different grades.
#[derive(Debug, Clone, PartialEq)]
pub struct GradeConflict {
    pub period: Period,
    /// Each grade written, once, in ledger order.
    pub grades: Vec<String>,
}

/// A result of the run that replaced a different grade the ledger had for the same period.
#[derive(Debug, Clone, PartialEq)]
pub struct Replaced {
    pub unit: Unit,
    pub period: Period,
    pub ledger: String,
    pub run: String,
}

/// One unit's history and status.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitStatus {
    pub unit: Unit,
    /// The grade of each year with a result.
    pub grades: BTreeMap<u16, String>,
    /// The ledger period each year's grade came from (`2024年`, `2024年1-6月`).
    pub periods: BTreeMap<u16, Period>,
    pub state: State,
    pub next: Next,
    /// Years between the first and the last with no result.
    pub gaps: Vec<u16>,
    /// Years after the latest result, up to the current year, with no result, for a unit whose
    /// status is still open (not revoked, withdrawn or national): its status is decided on the
    /// years before.
    pub missing: Vec<u16>,
    /// Years whose periods give different grades: which counted.
    pub choices: Vec<PeriodChoice>,
    /// Periods with two different grades: the unit is [`State::Undecided`].
    pub conflicts: Vec<GradeConflict>,
    /// The latest result passes: a 旗级临床重点专科.
    pub county_level: bool,
}

impl UnitStatus {
    /// The latest year with a result.
    pub fn last_year(&self) -> Option<u16> {
        self.grades.keys().next_back().copied()
    }
}

/// Every unit's status.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StatusTable {
    /// Every year with a result, oldest first.
    pub years: Vec<u16>,
    /// The year now: the latest of the ledger and the run.
    pub current: Option<u16>,
    pub units: Vec<UnitStatus>,
    /// Hospitals of the ledger written without their county, taken as the full name.
    pub linked: Vec<(String, String)>,
    /// Grades of the run that replaced a different grade of the ledger for the same period.
    pub replaced: Vec<Replaced>,
}

impl StatusTable {
    pub fn of(&self, unit: &Unit) -> Option<&UnitStatus> {
        let key = unit.key()?;
        self.units
            .iter()
            .find(|u| u.unit.key().as_ref() == Some(&key))
    }

    /// The units of each county (`None`: not given), most first, then by name.
    pub fn counties(&self) -> Vec<(Option<&str>, usize)> {
        let mut n: BTreeMap<Option<&str>, usize> = BTreeMap::new();
        for u in &self.units {
            *n.entry(u.unit.county.as_deref()).or_default() += 1;
        }
        let mut v: Vec<_> = n.into_iter().collect();
        v.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then(a.0.is_none().cmp(&b.0.is_none()))
                .then(a.0.cmp(&b.0))
        });
        v
    }
}

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

/// Whether two grades as written are the same grade.
pub fn same_grade(a: &str, b: &str) -> bool {
    crate::text::normalize(a) == crate::text::normalize(b)
}

/// Which of a year's periods gives the year's grade: the whole year, else the period ending
/// latest, else the longest of those. Whole years end last and are the longest, so one order
/// says it all.
fn precedence(p: &Period) -> (u8, std::cmp::Reverse<u8>) {
    (p.to, std::cmp::Reverse(p.from))
}

/// One unit's rows, sorted out: each period's grades, each year's chosen period.
struct Sorted<'a> {
    /// Each period's rows, in ledger order.
    by_period: BTreeMap<Period, Vec<&'a Entry>>,
    conflicts: Vec<GradeConflict>,
    /// Each year's chosen period and its row; `None` when that period is in conflict.
    years: BTreeMap<u16, (Period, Option<&'a Entry>)>,
    choices: Vec<PeriodChoice>,
}

fn sort_out<'a>(rows: &[&'a Entry]) -> Sorted<'a> {
    let mut by_period: BTreeMap<Period, Vec<&Entry>> = BTreeMap::new();
    for e in rows {
        by_period.entry(e.period).or_default().push(e);
    }
    let mut conflicts = Vec::new();
    for (p, es) in &by_period {
        let mut grades: Vec<String> = Vec::new();
        for e in es {
            if !grades.iter().any(|g| same_grade(g, &e.grade)) {
                grades.push(e.grade.clone());
            }
        }
        if grades.len() > 1 {
            conflicts.push(GradeConflict { period: *p, grades });
        }
    }
    let in_conflict = |p: &Period| conflicts.iter().any(|c| c.period == *p);
    let mut years: BTreeMap<u16, (Period, Option<&Entry>)> = BTreeMap::new();
    for (p, es) in &by_period {
        let better = years
            .get(&p.year)
            .is_none_or(|(q, _)| precedence(p) > precedence(q));
        if better {
            years.insert(p.year, (*p, (!in_conflict(p)).then_some(es[0])));
        }
    }
    let mut choices = Vec::new();
    for (y, (p, e)) in &years {
        let Some(e) = e else { continue };
        let others: Vec<(Period, String)> = by_period
            .iter()
            .filter(|(q, _)| q.year == *y && *q != p && !in_conflict(q))
            .filter(|(_, es)| !same_grade(&es[0].grade, &e.grade))
            .map(|(q, es)| (*q, es[0].grade.clone()))
            .collect();
        if !others.is_empty() {
            choices.push(PeriodChoice {
                year: *y,
                counted: (*p, e.grade.clone()),
                others,
            });
        }
    }
    Sorted {
        by_period,
        conflicts,
        years,
        choices,
    }
}

/// Decide every unit's status from its results. `current` is the year now (the latest of the
/// run), so a deadline that has passed is seen even without a result that year, and a unit
/// without a result this year is said.
pub fn decide(entries: &[Entry], scheme: &Scheme, current: Option<u16>) -> StatusTable {
    let current = current.or_else(|| entries.iter().map(|e| e.period.year).max());
    let mut years: Vec<u16> = Vec::new();
    let mut units = Vec::new();
    for (_, (unit, rows)) in by_unit(entries) {
        let status = decide_unit(unit, &rows, scheme, current);
        years.extend(status.periods.keys().copied());
        units.push(status);
    }
    years.sort_unstable();
    years.dedup();
    StatusTable {
        years,
        current,
        units,
        linked: Vec::new(),
        replaced: Vec::new(),
    }
}

/// Each unit's rows, by its key; rows without a key are left out.
fn by_unit(entries: &[Entry]) -> BTreeMap<UnitKey, (Unit, Vec<&Entry>)> {
    let mut by_unit: BTreeMap<UnitKey, (Unit, Vec<&Entry>)> = BTreeMap::new();
    for e in entries {
        let Some(key) = e.key() else { continue };
        by_unit
            .entry(key)
            .or_insert_with(|| (e.unit.clone(), Vec::new()))
            .1
            .push(e);
    }
    by_unit
}

/// One unit's status from its rows: undecided when the ledger contradicts itself, else the
/// state its years lead to and what the next result would change.
fn decide_unit(unit: Unit, rows: &[&Entry], scheme: &Scheme, current: Option<u16>) -> UnitStatus {
    let rules = &scheme.status;
    let sorted = sort_out(rows);
    let results: BTreeMap<u16, &Entry> = sorted
        .years
        .iter()
        .filter_map(|(y, (_, e))| e.map(|e| (*y, e)))
        .collect();
    let periods: BTreeMap<u16, Period> = sorted.years.iter().map(|(y, (p, _))| (*y, *p)).collect();
    let grades: BTreeMap<u16, String> =
        results.iter().map(|(y, e)| (*y, e.grade.clone())).collect();
    let national = sorted
        .by_period
        .values()
        .flatten()
        .find_map(|e| e.national.clone())
        .and_then(|d| year_of(&d).map(|y| (y, d)));
    let first = *sorted.years.keys().next().expect("a unit has a row");
    let last = sorted.years.keys().next_back().copied().unwrap_or(first);
    let now = current.unwrap_or(last).max(last);
    let gaps: Vec<u16> = (first..=last)
        .filter(|y| !sorted.years.contains_key(y))
        .collect();
    if let Some(c) = sorted.conflicts.first() {
        return UnitStatus {
            unit,
            grades,
            periods,
            state: State::Undecided { period: c.period },
            next: Next::Nothing,
            gaps,
            missing: Vec::new(),
            choices: sorted.choices,
            conflicts: sorted.conflicts,
            county_level: false,
        };
    }
    let mut walk = Walk::new(scheme);
    for y in first..=now {
        if !walk.year(y, last, results.get(&y).copied(), national.as_ref()) {
            break;
        }
    }
    let Walk {
        mut state,
        fails,
        passes,
        ..
    } = walk;
    // National approval recorded before the plaque: national all the same.
    if let (State::Building | State::Rectifying { .. }, Some((_, date))) = (&state, &national) {
        state = State::National { date: date.clone() };
    }
    let next = next_change(&state, fails, passes, rules);
    let county_level = results
        .values()
        .next_back()
        .is_some_and(|e| scheme.grade.passes(&e.grade))
        && !matches!(state, State::Revoked { .. } | State::Withdrawn { .. });
    let missing = if state.is_final() {
        Vec::new()
    } else {
        (last + 1..=now).collect()
    };
    UnitStatus {
        unit,
        grades,
        periods,
        state,
        next,
        gaps,
        missing,
        choices: sorted.choices,
        conflicts: Vec::new(),
        county_level,
    }
}

/// A unit's years walked in order: the state so far and the fails and passes in a row.
struct Walk<'a> {
    scheme: &'a Scheme,
    state: State,
    fails: u32,
    passes: u32,
}

impl<'a> Walk<'a> {
    /// A walk about to start: building, no runs yet.
    fn new(scheme: &'a Scheme) -> Self {
        Walk {
            scheme,
            state: State::Building,
            fails: 0,
            passes: 0,
        }
    }

    /// Take year `y` (with its result, if any; `last` is the latest year with one): whether
    /// the walk goes on, false once the state is final.
    fn year(
        &mut self,
        y: u16,
        last: u16,
        result: Option<&Entry>,
        national: Option<&(u16, String)>,
    ) -> bool {
        if self.state.is_final() {
            return false;
        }
        if let (State::Awarded { deadline, .. }, Some((ny, date))) = (&self.state, national) {
            if ny <= deadline && *ny <= y {
                self.state = State::National { date: date.clone() };
                return false;
            }
        }
        if let State::Awarded { deadline, .. } = self.state {
            if y > deadline {
                self.state = State::Withdrawn {
                    since: deadline + 1,
                };
                return false;
            }
        }
        if y > last {
            // No result yet after the latest: the status stands as of it (said as missing).
            return true;
        }
        match result {
            None => self.no_result(y),
            Some(e) if self.scheme.grade.passes(&e.grade) => self.pass(y),
            Some(_) => self.fail(y),
        }
        true
    }

    /// A year without a result: the runs are broken; a rectification that is over ends.
    fn no_result(&mut self, y: u16) {
        self.fails = 0;
        self.passes = 0;
        self.end_rectification(y);
    }

    /// A passing year: a rectification that is over ends; enough in a row award the plaque.
    fn pass(&mut self, y: u16) {
        let rules = &self.scheme.status;
        self.passes += 1;
        self.fails = 0;
        self.end_rectification(y);
        if self.passes >= rules.award_after_passes && matches!(self.state, State::Building) {
            self.state = State::Awarded {
                year: y,
                deadline: y + rules.national_within_years as u16,
            };
        }
    }

    /// A failing year: rectification, or revocation after enough in a row; a plaque stays.
    fn fail(&mut self, y: u16) {
        let rules = &self.scheme.status;
        self.fails += 1;
        self.passes = 0;
        self.state = if self.fails >= rules.revoke_after_fails {
            State::Revoked { since: y }
        } else {
            match self.state {
                // A failing year does not take a plaque away; the deadline stands.
                State::Awarded { .. } => self.state.clone(),
                _ => State::Rectifying {
                    until: y + rules.rectify_years as u16,
                },
            }
        };
    }

    /// Back to building once the rectification period has run to `y`.
    fn end_rectification(&mut self, y: u16) {
        if let State::Rectifying { until } = self.state {
            if y >= until {
                self.state = State::Building;
            }
        }
    }
}

/// What the next result would change, given the state and the fails and passes in a row.
fn next_change(state: &State, fails: u32, passes: u32, rules: &StatusRule) -> Next {
    match state {
        State::Revoked { .. }
        | State::Withdrawn { .. }
        | State::National { .. }
        | State::Undecided { .. } => Next::Nothing,
        State::Awarded { deadline, .. } if fails + 1 < rules.revoke_after_fails => {
            Next::NationalBy(*deadline)
        }
        _ if fails > 0 && fails + 1 >= rules.revoke_after_fails => Next::FailRevokes,
        State::Awarded { deadline, .. } => Next::NationalBy(*deadline),
        _ => Next::PassesToAward(rules.award_after_passes.saturating_sub(passes).max(1)),
    }
}

/// A period as the status says it: `2024年度` / `2024年1-6月`; `whole-year 2024` /
/// `2024 Jan–Jun`.
pub fn period_text(p: Period, lang: Lang) -> String {
    match (lang, p.from, p.to) {
        (Lang::Zh, 1, 12) => format!("{}年度", p.year),
        (Lang::En, 1, 12) => format!("whole-year {}", p.year),
        _ => p.label(lang),
    }
}

/// Years as a short list: `2022、2023、2024` / `2022, 2023, 2024`.
fn years_list(ys: &[u16], lang: Lang) -> String {
    ys.iter()
        .map(|y| y.to_string())
        .collect::<Vec<_>>()
        .join(lang.sep())
}

impl StatusTable {
    /// What is said about one unit beyond its status, each with its rule: a same-period
    /// conflict, a choice between periods of a year, a missing current year, a grade of the
    /// ledger the run replaced.
    pub fn findings(&self, u: &UnitStatus, lang: Lang) -> Vec<(Rule, String)> {
        let mut out = findings(u, lang);
        let key = u.unit.key();
        for r in self.replaced.iter().filter(|r| r.unit.key() == key) {
            let p = period_text(r.period, lang);
            out.push((
                Rule::LedgerGradeReplaced,
                match lang {
                    Lang::Zh => format!("{p}的等级按本次结果“{}”计，台账中为“{}”", r.run, r.ledger),
                    Lang::En => format!(
                        "{p} counts as this run's {}; the ledger has {}",
                        r.run, r.ledger
                    ),
                },
            ));
        }
        out
    }
}

/// What is said about one unit from the ledger alone: a same-period conflict, a choice between
/// periods of a year, a missing current year.
fn findings(u: &UnitStatus, lang: Lang) -> Vec<(Rule, String)> {
    let mut out = Vec::new();
    for c in &u.conflicts {
        let p = period_text(c.period, lang);
        out.push((
            Rule::LedgerGradeConflict,
            match lang {
                Lang::Zh => format!(
                    "台账中{p}有{}个不同的等级（{}），未判定建设状态；请核对台账",
                    c.grades.len(),
                    c.grades.join("、")
                ),
                Lang::En => format!(
                    "the ledger gives {p} {} different grades ({}); the status is not decided: check the ledger",
                    c.grades.len(),
                    c.grades.join(", ")
                ),
            },
        ));
    }
    for ch in &u.choices {
        let (p, g) = &ch.counted;
        let others = ch.others_text(lang);
        out.push((
            Rule::LedgerPeriodChoice,
            match lang {
                Lang::Zh => format!(
                    "{}年按{}的等级“{g}”计（{}）；全年等级优先，无全年时取截止最晚的期间",
                    ch.year,
                    period_text(*p, lang),
                    others.join("，")
                ),
                Lang::En => format!(
                    "{} counts as {g} of {}, not {}: the whole year's grade comes first, else the period ending last",
                    ch.year,
                    period_text(*p, lang),
                    others.join(", ")
                ),
            },
        ));
    }
    if !u.missing.is_empty() {
        let basis = match (u.last_year(), lang) {
            (Some(y), Lang::Zh) => format!("，建设状态按{y}年及以前的结果判定"),
            (Some(y), Lang::En) => format!("; the status is decided on the results up to {y}"),
            (None, _) => String::new(),
        };
        out.push((
            Rule::LedgerYearMissing,
            match lang {
                Lang::Zh => format!("缺少{}年度评估结果{basis}", years_list(&u.missing, lang)),
                Lang::En => format!("no result for {}{basis}", years_list(&u.missing, lang)),
            },
        ));
    }
    out
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
        (State::Undecided { period }, Lang::Zh) => {
            format!("无法判定：台账中{}的等级不一致", period_text(*period, lang))
        }
        (State::Undecided { period }, Lang::En) => format!(
            "not decided: the ledger's grades for {} disagree",
            period_text(*period, lang)
        ),
    }
}

/// The status with what comes next, and, for a unit without a result for the current year,
/// that it is missing and what the status stands on: `缺少2024年度评估结果；截至2023年：建设中；
/// 再一年合格即可授牌`.
pub fn status_line(u: &UnitStatus, lang: Lang) -> String {
    let sep = lang.pick("；", "; ");
    let mut s = String::new();
    if !u.missing.is_empty() {
        let ys = years_list(&u.missing, lang);
        match (lang, u.last_year()) {
            (Lang::Zh, Some(last)) => s.push_str(&format!("缺少{ys}年度评估结果；截至{last}年：")),
            (Lang::En, Some(last)) => s.push_str(&format!("no result for {ys}; as of {last}: ")),
            (Lang::Zh, None) => s.push_str(&format!("缺少{ys}年度评估结果{sep}")),
            (Lang::En, None) => s.push_str(&format!("no result for {ys}{sep}")),
        }
    }
    s.push_str(&state_text(&u.state, lang));
    let next = next_text(&u.next, lang);
    if !next.is_empty() {
        s.push_str(sep);
        s.push_str(&next);
    }
    s
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

    fn row(period: &str, grade: &str) -> Entry {
        Entry {
            period: Period::parse(period).unwrap(),
            grade: grade.into(),
            ..history(&[(2024, "合格")], None).remove(0)
        }
    }

    #[test]
    fn the_whole_year_wins_over_a_half_year() {
        // The half year first and last: the order of the rows does not matter.
        for e in [
            vec![row("2024年1-6月", "合格"), row("2024年度", "不合格")],
            vec![row("2024年度", "不合格"), row("2024年1-6月", "合格")],
        ] {
            let t = decide(&e, &scheme(), None);
            let u = &t.units[0];
            assert_eq!(u.grades[&2024], "不合格");
            assert_eq!(u.periods[&2024].to_string(), "2024年");
            assert_eq!(
                u.choices,
                [PeriodChoice {
                    year: 2024,
                    counted: (Period::parse("2024年").unwrap(), "不合格".into()),
                    others: vec![(Period::parse("2024年1-6月").unwrap(), "合格".into())],
                }]
            );
            let f = t.findings(u, Lang::Zh);
            assert_eq!(f.len(), 1);
            assert_eq!(f[0].0, Rule::LedgerPeriodChoice);
            assert!(
                f[0].1
                    .contains("2024年按2024年度的等级“不合格”计（2024年1-6月为合格）"),
                "{}",
                f[0].1
            );
        }
    }

    #[test]
    fn without_the_whole_year_the_period_ending_last_and_then_the_longest_counts() {
        let t = decide(
            &[
                row("2024年1-9月", "不合格"),
                row("2024年1-6月", "合格"),
                row("2024年4-9月", "合格"),
            ],
            &scheme(),
            None,
        );
        assert_eq!(t.units[0].periods[&2024].to_string(), "2024年1-9月");
        assert_eq!(t.units[0].choices[0].others.len(), 2);
        // Periods that agree are no choice to speak of.
        let t = decide(
            &[row("2024年1-6月", "合格"), row("2024年", "合格")],
            &scheme(),
            None,
        );
        assert!(t.units[0].choices.is_empty());
        assert_eq!(t.units[0].periods[&2024].to_string(), "2024年");
    }

    #[test]
    fn two_grades_for_the_same_period_leave_the_unit_undecided() {
        let mut e = history(&[(2022, "合格"), (2023, "合格")], None);
        e.push(row("2024年", "合格"));
        e.push(row("2024年度", "不合格"));
        let t = decide(&e, &scheme(), None);
        let u = &t.units[0];
        let year = Period::parse("2024年").unwrap();
        assert_eq!(u.state, State::Undecided { period: year });
        assert_eq!(u.next, Next::Nothing);
        assert!(!u.county_level);
        assert!(!u.grades.contains_key(&2024), "no grade stands for 2024");
        assert_eq!(u.periods[&2024], year);
        assert_eq!(
            u.conflicts,
            [GradeConflict {
                period: year,
                grades: vec!["合格".into(), "不合格".into()]
            }]
        );
        assert_eq!(
            state_text(&u.state, Lang::Zh),
            "无法判定：台账中2024年度的等级不一致"
        );
        assert_eq!(t.findings(u, Lang::Zh)[0].0, Rule::LedgerGradeConflict);
        // The same grade twice is no conflict.
        let mut e = history(&[(2023, "合格")], None);
        e.push(row("2024年", "合格"));
        e.push(row("2024年度", " 合格"));
        let u = decide(&e, &scheme(), None).units.remove(0);
        assert!(u.conflicts.is_empty());
        assert_eq!(u.state, State::Building);
    }

    #[test]
    fn a_unit_without_this_years_result_is_decided_on_the_years_before_and_says_so() {
        // Two passing years, and 2024 not yet in the ledger: one more pass awards the plaque,
        // and the missing year is said; it does not break the run of passes.
        let s = status(&[(2022, "合格"), (2023, "合格")], None, Some(2024));
        assert_eq!(
            (s.state.clone(), s.next.clone()),
            (State::Building, Next::PassesToAward(1))
        );
        assert_eq!(s.missing, [2024]);
        assert!(s.gaps.is_empty());
        assert_eq!(
            status_line(&s, Lang::Zh),
            "缺少2024年度评估结果；截至2023年：建设中；再一年合格即可授牌"
        );
        assert_eq!(
            status_line(&s, Lang::En),
            "no result for 2024; as of 2023: under construction; one more passing year awards the plaque"
        );
        // Rectification stands as of the failing year.
        let s = status(&[(2023, "不合格")], None, Some(2024));
        assert_eq!(s.state, State::Rectifying { until: 2024 });
        assert_eq!(s.next, Next::FailRevokes);
        assert_eq!(s.missing, [2024]);
        // Several years missing are all said.
        let s = status(&[(2021, "合格")], None, Some(2024));
        assert_eq!(s.missing, [2022, 2023, 2024]);
        // A status no result changes has nothing missing.
        let s = status(&[(2022, "不合格"), (2023, "不合格")], None, Some(2024));
        assert_eq!(s.state, State::Revoked { since: 2023 });
        assert!(s.missing.is_empty());
        // With this year's result nothing is missing.
        let s = status(&[(2023, "合格"), (2024, "合格")], None, Some(2024));
        assert!(s.missing.is_empty());
        assert_eq!(status_line(&s, Lang::Zh), "建设中；再一年合格即可授牌");
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
