//! From a batch to results: submissions (survey × period), cohorts per period and group,
//! scores for every period (so a baseline has its own total and rank), and year-over-year
//! changes for the period reported. Returns data; writers format it.

use crate::catalog;
use crate::load::Batch;
use crate::period::Period;
use crate::read::survey::Survey;
use crate::scheme::{Method, Scheme, Weights};
use crate::score::{self, observe, Indicator, MemberScore};
use crate::value::Parsed;
use crate::yoy::{self, Change};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// How submissions are split into cohorts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    None,
    Specialty,
    Hospital,
    County,
}

impl GroupBy {
    /// The column heading for the group.
    pub fn label(self) -> &'static str {
        match self {
            GroupBy::None => "全部",
            GroupBy::Specialty => "专科",
            GroupBy::Hospital => "医院",
            GroupBy::County => "旗县区",
        }
    }
}

/// What to score and how.
#[derive(Debug, Clone)]
pub struct Options {
    /// The period to report; the latest found when `None`.
    pub period: Option<Period>,
    /// The baseline period; one year before `period` when `None`.
    pub baseline: Option<Period>,
    pub group_by: GroupBy,
    pub scheme: Scheme,
}

/// One survey column: a unit's values for one period.
#[derive(Debug, Clone, Copy)]
pub struct Submission<'a> {
    pub survey: &'a Survey,
    /// Index of the period column in the survey.
    pub col: usize,
}

impl<'a> Submission<'a> {
    pub fn period(&self) -> Period {
        self.survey.periods[self.col].period
    }

    pub fn values(&self) -> &'a [Parsed] {
        &self.survey.values[self.col]
    }

    fn key(&self) -> (String, String, String) {
        self.survey.unit.key()
    }
}

/// All submissions of a batch, in a stable order; a unit submitted twice for the same period
/// counts once (the first; validation reports the other).
pub fn submissions(batch: &Batch) -> Vec<Submission<'_>> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for s in batch.surveys() {
        for col in 0..s.periods.len() {
            let sub = Submission { survey: s, col };
            let known = s.unit.hospital.is_some() && s.unit.specialty.is_some();
            if !known || seen.insert((sub.key(), sub.period())) {
                out.push(sub);
            }
        }
    }
    out
}

/// One indicator of one result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemResult {
    /// Item number as text, or `D1` … for derived indicators.
    pub id: String,
    pub value: Option<f64>,
    pub status: &'static str,
    pub score: Option<f64>,
}

/// The comparison with the baseline, summarised.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct YoySummary {
    /// The baseline period.
    pub baseline: String,
    pub improved: usize,
    pub worsened: usize,
    pub unchanged: usize,
    /// Total now − total then, when both were scored.
    pub total_change: Option<f64>,
    /// Rank then − rank now (positive: moved up), when both were ranked.
    pub rank_change: Option<i64>,
    #[serde(skip)]
    pub changes: Vec<Change>,
}

/// One submission's result. Serialised as the documented JSON contract.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultRow {
    pub file: String,
    pub sheet: String,
    pub county: Option<String>,
    pub hospital: Option<String>,
    pub specialty: Option<String>,
    pub period: String,
    pub group: String,
    pub cohort_size: usize,
    pub total: Option<f64>,
    pub rank: Option<usize>,
    pub grade: Option<String>,
    pub areas: BTreeMap<String, Option<f64>>,
    pub items: Vec<ItemResult>,
    pub yoy: Option<YoySummary>,
}

impl ResultRow {
    /// `北岭旗人民医院 心血管内科`.
    pub fn unit_label(&self) -> String {
        format!(
            "{} {}",
            self.hospital.as_deref().unwrap_or("?"),
            self.specialty.as_deref().unwrap_or("?")
        )
    }
}

/// Everything `assess score` reports.
#[derive(Debug, Clone, Serialize)]
pub struct Assessment {
    pub method: &'static str,
    pub weights: &'static str,
    pub period: String,
    pub results: Vec<ResultRow>,
    #[serde(skip)]
    pub indicators: Vec<Indicator>,
    /// Plain-English notes: cohorts of one, small cohorts.
    #[serde(skip)]
    pub notes: Vec<String>,
    /// Every period found, oldest first.
    #[serde(skip)]
    pub periods: Vec<Period>,
}

/// Why scoring could not run.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum RankingError {
    #[error("no survey could be read, so there is nothing to score")]
    Nothing,
    #[error("no submission is for {wanted}; the periods found are {found}")]
    NoSuchPeriod { wanted: String, found: String },
}

fn group_of(sub: &Submission<'_>, by: GroupBy) -> String {
    let u = &sub.survey.unit;
    let f = |s: &Option<String>| s.clone().unwrap_or_else(|| "未知".into());
    match by {
        GroupBy::None => "全部".into(),
        GroupBy::Specialty => f(&u.specialty),
        GroupBy::Hospital => f(&u.hospital),
        GroupBy::County => f(&u.county),
    }
}

/// Score every period's cohorts; the result for each submission by index.
fn score_all(
    subs: &[Submission<'_>],
    inds: &[Indicator],
    opts: &Options,
) -> Vec<(String, usize, MemberScore)> {
    let mut cohorts: BTreeMap<(Period, String), Vec<usize>> = BTreeMap::new();
    for (i, s) in subs.iter().enumerate() {
        cohorts
            .entry((s.period(), group_of(s, opts.group_by)))
            .or_default()
            .push(i);
    }
    let mut out: Vec<Option<(String, usize, MemberScore)>> = vec![None; subs.len()];
    for ((_, group), members) in cohorts {
        let obs: Vec<Vec<_>> = members
            .iter()
            .map(|&i| {
                inds.iter()
                    .map(|ind| observe(subs[i].values(), ind))
                    .collect()
            })
            .collect();
        let scored = score::score_cohort(inds, &obs, &opts.scheme);
        for (k, &i) in members.iter().enumerate() {
            out[i] = Some((group.clone(), members.len(), scored.members[k].clone()));
        }
    }
    out.into_iter()
        .map(|o| o.expect("every submission is in a cohort"))
        .collect()
}

/// Score a batch.
pub fn assess(batch: &Batch, opts: &Options) -> Result<Assessment, RankingError> {
    let subs = submissions(batch);
    let mut periods: Vec<Period> = subs.iter().map(|s| s.period()).collect();
    periods.sort_by_key(|p| (p.year, p.to, p.from));
    periods.dedup();
    let latest = *periods.last().ok_or(RankingError::Nothing)?;
    let period = opts.period.unwrap_or(latest);
    if !periods.contains(&period) {
        return Err(RankingError::NoSuchPeriod {
            wanted: period.to_string(),
            found: periods
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    let baseline = opts.baseline.unwrap_or_else(|| period.year_before());
    let inds = score::indicators(&opts.scheme);
    let scored = score_all(&subs, &inds, opts);
    let index: HashMap<((String, String, String), Period), usize> = subs
        .iter()
        .enumerate()
        .map(|(i, s)| ((s.key(), s.period()), i))
        .collect();

    let mut results = Vec::new();
    let mut notes = Vec::new();
    let mut small: BTreeMap<String, usize> = BTreeMap::new();
    for (i, sub) in subs
        .iter()
        .enumerate()
        .filter(|(_, s)| s.period() == period)
    {
        let (group, size, m) = &scored[i];
        let u = &sub.survey.unit;
        if *size == 1 {
            notes.push(format!(
                "{} is the only submission in its cohort ({}): it is not ranked and has no total; its values, benchmark scores and changes are shown",
                u.describe(),
                group
            ));
        } else if *size < opts.scheme.small_cohort {
            small.insert(group.clone(), *size);
        }
        let items = inds
            .iter()
            .enumerate()
            .map(|(j, ind)| {
                let o = observe(sub.values(), ind);
                let status = match &ind.source {
                    score::Source::Item(no) => sub.values()[usize::from(*no) - 1].status.as_str(),
                    _ => o.status(),
                };
                ItemResult {
                    id: ind.id.clone(),
                    value: o.value(),
                    status,
                    score: m.items[j],
                }
            })
            .collect();
        let yoy = baseline_of(sub, baseline, &subs, &index).map(|b| {
            let changes = yoy::compare(&inds, sub.values(), subs[b].values());
            let (improved, worsened, unchanged) = yoy::counts(&inds, &changes);
            let then = &scored[b].2;
            YoySummary {
                baseline: baseline.to_string(),
                improved,
                worsened,
                unchanged,
                total_change: m.total.zip(then.total).map(|(a, b)| a - b),
                rank_change: m
                    .rank
                    .zip(then.rank)
                    .map(|(now, then)| then as i64 - now as i64),
                changes,
            }
        });
        results.push(ResultRow {
            file: sub.survey.file.clone(),
            sheet: sub.survey.sheet.clone(),
            county: u.county.clone(),
            hospital: u.hospital.clone(),
            specialty: u.specialty.clone(),
            period: period.to_string(),
            group: group.clone(),
            cohort_size: *size,
            total: m.total,
            rank: m.rank,
            grade: m.grade.clone(),
            areas: (1..=catalog::AREA_COUNT as u8)
                .map(|a| (a.to_string(), m.areas[usize::from(a) - 1]))
                .collect(),
            items,
            yoy,
        });
    }
    for (g, n) in small {
        notes.push(format!(
            "the cohort {g} has {n} submissions (fewer than {}): ranks mean little",
            opts.scheme.small_cohort
        ));
    }
    results.sort_by(|a, b| {
        (
            &a.group,
            a.rank.unwrap_or(usize::MAX),
            a.unit_label(),
            &a.file,
            &a.sheet,
        )
            .cmp(&(
                &b.group,
                b.rank.unwrap_or(usize::MAX),
                b.unit_label(),
                &b.file,
                &b.sheet,
            ))
    });
    Ok(Assessment {
        method: opts.scheme.method.as_str(),
        weights: opts.scheme.weights.as_str(),
        period: period.to_string(),
        results,
        indicators: inds,
        notes,
        periods,
    })
}

/// The same unit one year earlier: another column of the same sheet first, else another file.
fn baseline_of(
    sub: &Submission<'_>,
    baseline: Period,
    subs: &[Submission<'_>],
    index: &HashMap<((String, String, String), Period), usize>,
) -> Option<usize> {
    let same_sheet = subs
        .iter()
        .position(|s| std::ptr::eq(s.survey, sub.survey) && s.period() == baseline);
    same_sheet.or_else(|| {
        let u = &sub.survey.unit;
        (u.hospital.is_some() && u.specialty.is_some())
            .then(|| index.get(&(sub.key(), baseline)).copied())
            .flatten()
    })
}

/// Convenience for callers that override the scheme's method or weights.
pub fn with_method(mut scheme: Scheme, method: Option<Method>, weights: Option<Weights>) -> Scheme {
    if let Some(m) = method {
        scheme.method = m;
    }
    if let Some(w) = weights {
        scheme.weights = w;
    }
    scheme
}
