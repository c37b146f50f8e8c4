//! From a batch to the assessment: one typed model of a run that every writer only formats.
//!
//! Submissions (survey × period) of units that are known, projected onto the reporting form;
//! cohorts per period and group, each scored (so a baseline has its own total and rank);
//! year-over-year changes for the period assessed; notes as data; the run's diagnostics with
//! a count per submission, so no rank built on unreadable cells goes unseen.

use crate::decide::targets::{attain, TargetBook, Targets};
use crate::diag::{Diagnostic, Severity};
use crate::form::Form;
use crate::load::{Batch, Skipped};
use crate::model::{Num, Survey, Unit, UnitKey};
use crate::period::Period;
use crate::scheme::{Method, Scheme, Weights};
use crate::score::{self, observe, Indicator, MemberScore};
use crate::value::{Parsed, Status};
use crate::yoy::{self, Change};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// How submissions are split into cohorts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GroupBy {
    #[default]
    None,
    Specialty,
    Hospital,
    County,
}

impl GroupBy {
    /// The column heading for the group.
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        match self {
            GroupBy::None => lang.pick("全部", "all"),
            GroupBy::Specialty => lang.pick("专科", "specialty"),
            GroupBy::Hospital => lang.pick("医院", "hospital"),
            GroupBy::County => lang.pick("旗县区", "county"),
        }
    }

    /// `specialty`, `专科`, `hospital`, `医院`, `county`, `旗县区`, `none`, `不分组` …
    pub fn parse(s: &str) -> Option<GroupBy> {
        let t = s.trim().to_ascii_lowercase();
        Some(match t.as_str() {
            "none" | "all" | "不分组" | "全部" | "无" => GroupBy::None,
            "specialty" | "专科" | "科室" => GroupBy::Specialty,
            "hospital" | "医院" | "单位" => GroupBy::Hospital,
            "county" | "旗县区" | "旗县" | "县区" | "区县" | "旗县市区" => {
                GroupBy::County
            }
            _ => return None,
        })
    }
}

/// What to score and how.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The period to assess; when `None`, [`default_period`].
    pub period: Option<Period>,
    /// The baseline period; one year before `period` when `None`.
    pub baseline: Option<Period>,
    pub group_by: GroupBy,
    pub scheme: Scheme,
    /// Targets from separate target workbooks (`--targets`), by unit.
    pub targets: Option<Arc<TargetBook>>,
}

/// One survey column: a unit's values for one period, on the reporting form.
#[derive(Debug, Clone)]
pub struct Submission<'a> {
    pub survey: &'a Survey,
    /// Index of the period column in the survey.
    pub col: usize,
    /// One per item of the reporting form (projected by key when the survey was read with
    /// another form).
    pub values: Cow<'a, [Parsed]>,
}

impl<'a> Submission<'a> {
    pub fn period(&self) -> Period {
        self.survey.periods[self.col].period
    }

    pub fn key(&self) -> Option<UnitKey> {
        self.survey.unit.key()
    }
}

/// A survey's values projected onto another form: items linked by key; items the survey's form
/// lacks are missing.
pub fn project<'a>(survey: &'a Survey, col: usize, form: &Form) -> Cow<'a, [Parsed]> {
    let values = &survey.values[col];
    if std::ptr::eq(survey.form.as_ref(), form) || *survey.form == *form {
        return Cow::Borrowed(values);
    }
    Cow::Owned(
        form.items()
            .iter()
            .map(|it| {
                survey
                    .form
                    .index_of(it.key())
                    .and_then(|i| values.get(i).cloned())
                    .unwrap_or_else(Parsed::missing)
            })
            .collect(),
    )
}

/// All submissions of a batch whose unit is known, in a stable order, on `form`; a unit
/// submitted twice for the same period counts once (the first; validation reports the other).
pub fn submissions<'a>(batch: &'a Batch, form: &Form) -> Vec<Submission<'a>> {
    let mut seen = crate::model::ByUnit::default();
    let mut out = Vec::new();
    for s in batch.surveys().filter(|s| s.unit.is_known()) {
        for col in 0..s.periods.len() {
            if seen
                .first(&s.unit, s.periods[col].period, out.len())
                .is_none()
            {
                out.push(Submission {
                    survey: s,
                    col,
                    values: project(s, col, form),
                });
            }
        }
    }
    out
}

/// One indicator of one result (24 bytes: a run keeps one per indicator per unit).
#[derive(Debug, Clone, PartialEq)]
pub struct ItemResult {
    value: Num,
    pub status: Status,
    score: Num,
}

impl ItemResult {
    pub fn new(value: Option<f64>, status: Status, score: Option<f64>) -> ItemResult {
        ItemResult {
            value: value.into(),
            status,
            score: score.into(),
        }
    }

    /// The indicator's value as observed.
    pub fn value(&self) -> Option<f64> {
        self.value.get()
    }

    /// Its score, when it was scored.
    pub fn score(&self) -> Option<f64> {
        self.score.get()
    }
}

/// The comparison with the baseline. The change of each indicator is not kept (a national run
/// has 50,000 units of 70 indicators): [`Assessment::changes`] computes them from the two
/// submissions.
#[derive(Debug, Clone, PartialEq)]
pub struct Yoy {
    pub baseline: Period,
    pub improved: usize,
    pub worsened: usize,
    pub unchanged: usize,
    /// Total now − total then, when both were scored.
    pub total_change: Option<f64>,
    /// Rank then − rank now (positive: moved up), when both were ranked.
    pub rank_change: Option<i64>,
    /// The baseline submission: its index in [`Assessment::submissions`].
    pub then: usize,
}

/// One submission of the period assessed, scored.
#[derive(Debug, Clone)]
pub struct ResultRow<'a> {
    pub submission: Submission<'a>,
    pub group: String,
    pub cohort_size: usize,
    pub total: Option<f64>,
    pub rank: Option<usize>,
    pub grade: Option<String>,
    /// One per area of the form.
    pub areas: Vec<Option<f64>>,
    /// One per indicator: its score, when it was scored (the values are the submission's:
    /// [`ResultRow::item`]).
    scores: Box<[Num]>,
    pub yoy: Option<Yoy>,
    /// Errors and warnings found in this submission's cells (and its sheet).
    pub errors: usize,
    pub warnings: usize,
    /// The unit's targets and how far this period's values are, when it committed to any.
    pub targets: Option<Targets>,
}

impl ResultRow<'_> {
    /// Indicator `j` (of `inds`, the assessment's indicators): its value as observed in the
    /// submission, its status and its score.
    pub fn item(&self, inds: &[Indicator], j: usize) -> ItemResult {
        let values = &self.submission.values;
        let o = observe(values, &inds[j]);
        let status = match &inds[j].source {
            score::Source::Item(k) => values[*k].status,
            _ => o.status(),
        };
        ItemResult::new(o.value(), status, self.score(j))
    }

    /// Every indicator, in the order of `inds`.
    pub fn items<'s>(&'s self, inds: &'s [Indicator]) -> impl Iterator<Item = ItemResult> + 's {
        (0..inds.len()).map(move |j| self.item(inds, j))
    }

    /// The score of indicator `j`, when it was scored.
    pub fn score(&self, j: usize) -> Option<f64> {
        self.scores.get(j).and_then(|s| s.get())
    }

    pub fn unit(&self) -> &Unit {
        &self.submission.survey.unit
    }

    pub fn file(&self) -> &str {
        &self.submission.survey.file
    }

    pub fn sheet(&self) -> &str {
        &self.submission.survey.sheet
    }
}

/// What a cohort looks like, for comparing one member with the rest: medians of the totals,
/// the area scores and each indicator's value, and each indicator's best value.
#[derive(Debug, Clone, PartialEq)]
pub struct Cohort {
    pub group: String,
    pub size: usize,
    pub total_median: Option<f64>,
    /// One per area of the form.
    pub area_median: Vec<Option<f64>>,
    /// One per indicator: the median value of the members that have one.
    pub value_median: Vec<Option<f64>>,
    /// One per indicator: the best value by its direction (none for a neutral one).
    pub value_best: Vec<Option<f64>>,
}

/// The median of some numbers (the mean of the middle two for an even count).
pub fn median(mut v: Vec<f64>) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

fn cohort_stats(group: &str, rows: &[&ResultRow<'_>], inds: &[Indicator], areas: usize) -> Cohort {
    use rayon::prelude::*;
    let vals = |f: &dyn Fn(&ResultRow<'_>) -> Option<f64>| -> Vec<f64> {
        rows.iter().filter_map(|r| f(r)).collect()
    };
    // Each indicator's values once, for its median and its best, each indicator on its own.
    let (value_median, value_best): (Vec<Option<f64>>, Vec<Option<f64>>) = inds
        .par_iter()
        .enumerate()
        .map(|(j, ind)| {
            let v = vals(&|r| r.item(inds, j).value());
            let best = match ind.direction {
                crate::form::Direction::Higher => v.iter().copied().reduce(f64::max),
                crate::form::Direction::Lower => v.iter().copied().reduce(f64::min),
                crate::form::Direction::Neutral => None,
            };
            (median(v), best)
        })
        .unzip();
    Cohort {
        group: group.to_string(),
        size: rows.len(),
        total_median: median(vals(&|r| r.total)),
        area_median: (0..areas)
            .map(|a| median(vals(&|r| r.areas.get(a).copied().flatten())))
            .collect(),
        value_median,
        value_best,
    }
}

/// Something the reader of an assessment should know, as data.
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// The only submission in its cohort: not ranked, no total.
    CohortOfOne { unit: Unit, group: String },
    /// A cohort too small for ranks to mean much.
    SmallCohort {
        group: String,
        members: usize,
        min: usize,
    },
    /// Submissions of other periods than the one assessed, with their counts.
    OtherPeriods { periods: Vec<(Period, usize)> },
    /// Surveys not ranked because their hospital or specialty is unknown.
    UnitsUnknown { surveys: usize },
    /// Items the scheme scores that the reporting form does not have: left out.
    SchemeItemsNotInForm { keys: Vec<String> },
    /// Submissions read with another form than the reporting one, projected onto it.
    OtherForms { forms: Vec<(String, usize)> },
    /// Units that submitted for the baseline period but not for the one assessed: they are
    /// missing from the ranking, which a reader would otherwise not notice.
    AbsentNow {
        period: Period,
        baseline: Period,
        units: Vec<Unit>,
    },
    /// The units assessed come from more than one county (`None`: not given): each with its
    /// count, most first. A run is usually one county's; `by_county` when ranked by county.
    CountiesMixed {
        counties: Vec<(Option<String>, usize)>,
        by_county: bool,
    },
}

impl Note {
    /// The rule a note belongs to, where it has one.
    pub fn rule(&self) -> Option<crate::diag::Rule> {
        match self {
            Note::CountiesMixed { .. } => Some(crate::diag::Rule::CountiesMixed),
            _ => None,
        }
    }
}

/// The counties of the results with their counts (`None`: not given), most first, then by
/// name, the unnamed last.
pub fn counties_of(results: &[ResultRow<'_>]) -> Vec<(Option<String>, usize)> {
    let mut n: BTreeMap<Option<&str>, usize> = BTreeMap::new();
    for r in results {
        *n.entry(r.unit().county.as_deref()).or_default() += 1;
    }
    let mut v: Vec<(Option<String>, usize)> = n
        .into_iter()
        .map(|(c, k)| (c.map(String::from), k))
        .collect();
    v.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then(a.0.is_none().cmp(&b.0.is_none()))
            .then(a.0.cmp(&b.0))
    });
    v
}

/// What the run read, for the report's record of it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RunStats {
    pub files_read: usize,
    pub files_skipped: usize,
    pub own_outputs: usize,
    pub surveys: usize,
    pub submissions: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Every period found, oldest first, with its count of submissions.
    pub periods: Vec<(Period, usize)>,
}

/// Everything a run of `score`, `compare` or `report` produces. Writers only format it.
#[derive(Debug, Clone)]
pub struct Assessment<'a> {
    pub batch: &'a Batch,
    /// The form results are shown on: the form most submissions of the period were read with.
    pub form: Arc<Form>,
    pub scheme: Scheme,
    pub group_by: GroupBy,
    pub period: Period,
    pub baseline: Period,
    pub indicators: Vec<Indicator>,
    /// Ordered by group, then rank, then unit.
    pub results: Vec<ResultRow<'a>>,
    /// Each group's statistics, in the order of `results`.
    pub cohorts: Vec<Cohort>,
    /// Every submission of every period (for the values as read), in batch order.
    pub submissions: Vec<Submission<'a>>,
    pub notes: Vec<Note>,
    /// Every diagnostic of the run, in a stable order.
    pub diagnostics: Vec<Diagnostic>,
    pub stats: RunStats,
}

impl Assessment<'_> {
    /// A result's change since the baseline, per indicator (`changes[j]` is
    /// `indicators[j]`), when it has a baseline.
    pub fn changes(&self, r: &ResultRow<'_>) -> Option<Vec<Change>> {
        let then = self.baseline_values(r)?;
        Some(yoy::compare(&self.indicators, &r.submission.values, then))
    }

    /// A result's change since the baseline of indicator `j` alone.
    pub fn change(&self, r: &ResultRow<'_>, j: usize) -> Option<Change> {
        let then = self.baseline_values(r)?;
        Some(yoy::change(
            self.indicators.get(j)?,
            &r.submission.values,
            then,
        ))
    }

    /// The values of a result's baseline submission, when it has one.
    fn baseline_values(&self, r: &ResultRow<'_>) -> Option<&[Parsed]> {
        Some(&self.submissions.get(r.yoy.as_ref()?.then)?.values)
    }

    pub fn method(&self) -> Method {
        self.scheme.method
    }

    pub fn weights(&self) -> Weights {
        self.scheme.weights
    }

    /// The county every result shares, if any.
    pub fn common_county(&self) -> Option<&str> {
        let first = self.results.first()?.unit().county.as_deref()?;
        self.results
            .iter()
            .all(|r| r.unit().county.as_deref() == Some(first))
            .then_some(first)
    }

    /// The statistics of a result's cohort.
    pub fn cohort_of(&self, r: &ResultRow<'_>) -> Option<&Cohort> {
        self.cohorts.iter().find(|c| c.group == r.group)
    }

    /// The groups, in order, each with its results.
    pub fn groups(&self) -> Vec<(&str, Vec<&ResultRow<'_>>)> {
        let mut out: Vec<(&str, Vec<&ResultRow<'_>>)> = Vec::new();
        for r in &self.results {
            match out.last_mut() {
                Some((g, v)) if *g == r.group => v.push(r),
                _ => out.push((r.group.as_str(), vec![r])),
            }
        }
        out
    }
}

impl AssessError {
    /// The reason in a language.
    pub fn text(&self, lang: crate::i18n::Lang) -> String {
        use crate::i18n::Lang;
        match (self, lang) {
            (AssessError::Nothing, Lang::Zh) => {
                "没有能确定医院和专科的调查表，无法评分；assess validate 列出了原因".into()
            }
            (AssessError::Nothing, Lang::En) => self.to_string(),
            (AssessError::NoPeriod, Lang::Zh) => {
                "调查表的医院和专科已确定，但都没有可用的期间列（如表头写“2024年1-6月”），无法评分；assess validate 列出了原因".into()
            }
            (AssessError::NoPeriod, Lang::En) => self.to_string(),
            (AssessError::NoSuchPeriod { wanted, found }, Lang::Zh) => {
                format!("没有 {wanted} 的提交；找到的期间有：{found}")
            }
            (AssessError::NoSuchPeriod { .. }, Lang::En) => self.to_string(),
        }
    }
}

/// Why scoring could not run.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum AssessError {
    #[error(
        "no survey could be read with a known hospital and specialty, so there is nothing to score"
    )]
    Nothing,
    #[error(
        "the surveys name their hospital and specialty, but none has a period column that can be used (a header such as 2024年1-6月), so there is nothing to score"
    )]
    NoPeriod,
    #[error("no submission is for {wanted}; the periods found are {found}")]
    NoSuchPeriod { wanted: String, found: String },
}

fn group_of(sub: &Submission<'_>, by: GroupBy) -> String {
    let u = &sub.survey.unit;
    let f = |s: &Option<String>| s.clone().unwrap_or_else(|| "?".into());
    match by {
        GroupBy::None => "全部".into(),
        GroupBy::Specialty => f(&u.specialty),
        GroupBy::Hospital => f(&u.hospital),
        GroupBy::County => f(&u.county),
    }
}

/// A submission as scored in its cohort: what a result and its baseline need of it.
#[derive(Debug, Clone)]
struct Scored {
    group: String,
    size: usize,
    total: Option<f64>,
    rank: Option<usize>,
    grade: Option<String>,
}

/// Item and area scores of a submission of the period assessed (only those are kept: the
/// baseline's are needed for its total and rank alone).
type Detail = (Box<[Num]>, Vec<Option<f64>>);

/// Score every period's cohorts; per submission its group, cohort size, total, rank and grade,
/// and the item and area scores of those of `period`.
fn score_all(
    subs: &[Submission<'_>],
    inds: &[Indicator],
    opts: &Options,
    areas: usize,
    period: Period,
) -> (Vec<Scored>, Vec<Option<Detail>>) {
    let mut cohorts: BTreeMap<(Period, String), Vec<usize>> = BTreeMap::new();
    for (i, s) in subs.iter().enumerate() {
        cohorts
            .entry((s.period(), group_of(s, opts.group_by)))
            .or_default()
            .push(i);
    }
    let mut out: Vec<Option<Scored>> = vec![None; subs.len()];
    let mut details: Vec<Option<Detail>> = vec![None; subs.len()];
    for ((p, group), members) in cohorts {
        let obs = |i: usize, j: usize| observe(&subs[members[i]].values, &inds[j]);
        let scored = score::score_cohort_by(inds, members.len(), &obs, &opts.scheme, areas);
        let size = members.len();
        for (m, &i) in scored.members.into_iter().zip(&members) {
            let MemberScore {
                items,
                areas,
                total,
                rank,
                grade,
            } = m;
            if p == period {
                details[i] = Some((items.into_boxed_slice(), areas));
            }
            out[i] = Some(Scored {
                group: group.clone(),
                size,
                total,
                rank,
                grade,
            });
        }
    }
    let scored = out
        .into_iter()
        .map(|o| o.expect("every submission is in a cohort"))
        .collect();
    (scored, details)
}

/// The periods found with their counts, oldest first.
fn period_counts(subs: &[Submission<'_>]) -> Vec<(Period, usize)> {
    let mut counts: BTreeMap<(u16, u8, u8), (Period, usize)> = BTreeMap::new();
    for s in subs {
        let p = s.period();
        counts.entry((p.year, p.to, p.from)).or_insert((p, 0)).1 += 1;
    }
    counts.into_values().collect()
}

/// The form most of these surveys were read with (ties: the first in `forms`).
fn reporting_form(batch: &Batch, period: Option<Period>, forms: &[Arc<Form>]) -> Arc<Form> {
    let mut counts = vec![0usize; forms.len()];
    for s in batch.surveys() {
        if period.is_some_and(|p| !s.periods.iter().any(|c| c.period == p)) {
            continue;
        }
        if let Some(k) = forms
            .iter()
            .position(|f| Arc::ptr_eq(f, &s.form) || **f == *s.form)
        {
            counts[k] += 1;
        }
    }
    let best = counts
        .iter()
        .enumerate()
        .max_by_key(|(k, c)| (**c, std::cmp::Reverse(*k)))
        .map_or(0, |(k, _)| k);
    forms.get(best).cloned().unwrap_or_else(Form::builtin)
}

/// The period assessed when none is asked for: the latest that at least half as many units
/// submitted as the most-submitted one. Every survey also carries last year's column, so the
/// most-submitted period is often last year's; one unit that sent only last year's file must
/// not turn the assessment back a year, nor one stray file push it forward.
pub fn default_period(counts: &[(Period, usize)]) -> Option<Period> {
    let most = counts.iter().map(|(_, n)| *n).max()?;
    counts
        .iter()
        .filter(|(_, n)| n * 2 >= most)
        .map(|(p, _)| *p)
        .max_by_key(|p| (p.year, p.to, p.from))
}

/// The forms the batch's surveys were read with, in first-seen order.
pub fn forms_of(batch: &Batch) -> Vec<Arc<Form>> {
    let mut out: Vec<Arc<Form>> = Vec::new();
    for s in batch.surveys() {
        if !out
            .iter()
            .any(|f| Arc::ptr_eq(f, &s.form) || **f == *s.form)
        {
            out.push(s.form.clone());
        }
    }
    out
}

/// Score a batch. `diagnostics` are the run's (from [`crate::check`]). Results and cohorts are
/// made on as many threads as read the files.
pub fn assess<'a>(
    batch: &'a Batch,
    diagnostics: Vec<Diagnostic>,
    opts: &Options,
) -> Result<Assessment<'a>, AssessError> {
    crate::load::in_pool(batch.jobs, || assess_on_pool(batch, diagnostics, opts))
}

fn assess_on_pool<'a>(
    batch: &'a Batch,
    diagnostics: Vec<Diagnostic>,
    opts: &Options,
) -> Result<Assessment<'a>, AssessError> {
    let Scope {
        form,
        subs,
        periods,
        period,
    } = scope(batch, opts)?;
    let mut subs = subs;
    set_aside(&mut subs, &diagnostics, &form);
    let baseline = opts.baseline.unwrap_or_else(|| period.year_before());
    let inds = score::indicators(&opts.scheme, &form);
    let areas = form.areas().len();
    let (scored, mut details) = score_all(&subs, &inds, opts, areas, period);
    // The baseline's submissions by unit (the first of a unit, as `submissions` keeps it).
    let mut index = crate::model::ByUnit::default();
    for (i, s) in subs.iter().enumerate() {
        if s.period() == baseline {
            index.first(&s.survey.unit, baseline, i);
        }
    }
    let counts = problem_counts(&diagnostics, period);
    let run = Run {
        subs: &subs,
        scored: &scored,
        index: &index,
        inds: &inds,
        form: &form,
        period,
        baseline,
        opts,
    };
    // Each result on its own, on as many threads as read the files, in order.
    let mut results: Vec<ResultRow<'a>> = {
        use rayon::prelude::*;
        subs.par_iter()
            .zip(std::mem::take(&mut details))
            .enumerate()
            .filter(|(_, (s, _))| s.period() == period)
            .map(|(i, (sub, detail))| {
                let (errors, warnings) = counts
                    .get(&(sub.survey.file.as_str(), sub.survey.sheet.as_str()))
                    .copied()
                    .unwrap_or((0, 0));
                let detail = detail.expect("scored in the period assessed");
                run.result(i, sub, detail, errors, warnings)
            })
            .collect()
    };
    // Collected from a filter, the list may have room for more than its results.
    results.shrink_to_fit();
    let notes = run.notes(batch, &results, &periods);
    sort_results(&mut results);
    let cohorts = cohorts_of(&results, &inds, areas);
    let stats = RunStats::of(batch, &diagnostics, subs.len(), periods);
    Ok(Assessment {
        batch,
        form,
        scheme: opts.scheme.clone(),
        group_by: opts.group_by,
        period,
        baseline,
        indicators: inds,
        results,
        cohorts,
        submissions: subs,
        notes,
        diagnostics,
        stats,
    })
}

/// Values an error of a check across the batch is about (`rate-as-fraction`: a percentage
/// typed as a fraction) cannot be right, and an error is never scored: they are set aside in
/// the submissions scored (the batch keeps them as read).
fn set_aside(subs: &mut [Submission<'_>], diagnostics: &[Diagnostic], form: &Form) {
    type Place<'d> = (&'d str, Option<&'d str>, Option<Period>);
    let mut doubtful: HashMap<Place<'_>, Vec<&str>> = HashMap::new();
    for d in diagnostics
        .iter()
        .filter(|d| d.rule() == crate::diag::Rule::RateAsFraction && d.is_error())
    {
        if let Some(it) = &d.item {
            let key = if it.code.is_empty() {
                &it.name
            } else {
                &it.code
            };
            doubtful
                .entry((d.file.as_str(), d.sheet.as_deref(), d.period))
                .or_default()
                .push(key);
        }
    }
    if doubtful.is_empty() {
        return;
    }
    for s in subs.iter_mut() {
        let place = (
            s.survey.file.as_str(),
            Some(s.survey.sheet.as_str()),
            Some(s.period()),
        );
        for key in doubtful.get(&place).into_iter().flatten() {
            if let Some(i) = form.index_of(key) {
                let v = s.values[i].set_aside();
                s.values.to_mut()[i] = v;
            }
        }
    }
}

/// Results in the order every view shows them: by group, then rank, then unit, file and sheet.
fn sort_results(results: &mut [ResultRow<'_>]) {
    results.sort_by_cached_key(|r| {
        (
            r.group.clone(),
            r.rank.unwrap_or(usize::MAX),
            r.unit().label(),
            r.file().to_string(),
            r.sheet().to_string(),
        )
    });
}

/// Each group's statistics, for results sorted by group.
fn cohorts_of(results: &[ResultRow<'_>], inds: &[Indicator], areas: usize) -> Vec<Cohort> {
    let mut out: Vec<Cohort> = Vec::new();
    let mut i = 0;
    while i < results.len() {
        let g = &results[i].group;
        let rows: Vec<&ResultRow<'_>> = results[i..].iter().take_while(|r| r.group == *g).collect();
        i += rows.len();
        out.push(cohort_stats(g, &rows, inds, areas));
    }
    out
}

/// What a run assesses: the period, the form results are shown on, and every submission
/// projected onto it.
struct Scope<'a> {
    form: Arc<Form>,
    subs: Vec<Submission<'a>>,
    periods: Vec<(Period, usize)>,
    period: Period,
}

/// The periods do not depend on the form the values are projected onto: decide the period
/// first, then report on the form most of that period's surveys were read with.
fn scope<'a>(batch: &'a Batch, opts: &Options) -> Result<Scope<'a>, AssessError> {
    let forms = forms_of(batch);
    let first = reporting_form(batch, opts.period, &forms);
    let mut subs = submissions(batch, &first);
    let periods = period_counts(&subs);
    let common = default_period(&periods).ok_or_else(|| {
        // Say what is missing: the unit, or (the unit known) the period.
        if batch.surveys().any(|s| s.unit.is_known()) {
            AssessError::NoPeriod
        } else {
            AssessError::Nothing
        }
    })?;
    let period = opts.period.unwrap_or(common);
    if !periods.iter().any(|(p, _)| *p == period) {
        return Err(AssessError::NoSuchPeriod {
            wanted: period.to_string(),
            found: periods
                .iter()
                .map(|(p, _)| p.to_string())
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    let form = reporting_form(batch, Some(period), &forms);
    if !Arc::ptr_eq(&form, &first) {
        subs = submissions(batch, &form);
    }
    Ok(Scope {
        form,
        subs,
        periods,
        period,
    })
}

/// What every result and note of a run is made from.
struct Run<'r, 'a> {
    subs: &'r [Submission<'a>],
    scored: &'r [Scored],
    index: &'r crate::model::ByUnit<'a>,
    inds: &'r [Indicator],
    form: &'r Arc<Form>,
    period: Period,
    baseline: Period,
    opts: &'r Options,
}

impl<'a> Run<'_, 'a> {
    /// The result of submission `i`: scores, the change since the baseline, its targets.
    fn result(
        &self,
        i: usize,
        sub: &Submission<'a>,
        (scores, areas): Detail,
        errors: usize,
        warnings: usize,
    ) -> ResultRow<'a> {
        let m = &self.scored[i];
        let baseline = self.baseline;
        let yoy = baseline_of(i, baseline, self.subs, self.index).map(|b| {
            let changes = yoy::compare(self.inds, &sub.values, &self.subs[b].values);
            let (improved, worsened, unchanged) = yoy::counts(self.inds, &changes);
            let then = &self.scored[b];
            Yoy {
                baseline,
                improved,
                worsened,
                unchanged,
                total_change: m.total.zip(then.total).map(|(a, b)| a - b),
                rank_change: m
                    .rank
                    .zip(then.rank)
                    .map(|(now, then)| then as i64 - now as i64),
                then: b,
            }
        });
        ResultRow {
            submission: sub.clone(),
            group: m.group.clone(),
            cohort_size: m.size,
            total: m.total,
            rank: m.rank,
            grade: m.grade.clone(),
            areas,
            scores,
            yoy,
            errors,
            warnings,
            targets: targets_of(sub, self.form, self.opts.targets.as_deref()),
        }
    }

    /// Units in a cohort of one, and cohorts smaller than the scheme's minimum.
    fn cohort_notes(&self, results: &[ResultRow<'a>]) -> Vec<Note> {
        let mut notes = Vec::new();
        let mut small: BTreeMap<String, usize> = BTreeMap::new();
        for r in results {
            if r.cohort_size == 1 {
                notes.push(Note::CohortOfOne {
                    unit: r.unit().clone(),
                    group: r.group.clone(),
                });
            } else if r.cohort_size < self.opts.scheme.small_cohort {
                small.insert(r.group.clone(), r.cohort_size);
            }
        }
        for (group, members) in small {
            notes.push(Note::SmallCohort {
                group,
                members,
                min: self.opts.scheme.small_cohort,
            });
        }
        notes
    }

    /// Units of the baseline period with no submission for the period assessed, each once,
    /// by label.
    fn absent_now(&self, results: &[ResultRow<'a>]) -> Vec<Unit> {
        // A unit has one submission a period (`submissions`), and a result is compared with
        // its unit's baseline whenever there is one (`baseline_of`): the baseline's
        // submissions no result is compared with are the units absent now.
        let mut compared = vec![false; self.subs.len()];
        for y in results.iter().filter_map(|r| r.yoy.as_ref()) {
            compared[y.then] = true;
        }
        let mut absent: Vec<Unit> = self
            .subs
            .iter()
            .zip(compared)
            .filter(|(s, compared)| s.period() == self.baseline && !compared)
            .map(|(s, _)| s.survey.unit.clone())
            .collect();
        absent.sort_by_cached_key(|u| u.label());
        absent
    }

    /// What the reader of the results should know: cohorts of one or too small, other
    /// periods, units absent this period, unknown units, scheme items the form lacks, other
    /// forms read, units from more than one county.
    fn notes(
        &self,
        batch: &Batch,
        results: &[ResultRow<'a>],
        periods: &[(Period, usize)],
    ) -> Vec<Note> {
        let (period, baseline) = (self.period, self.baseline);
        let mut notes = self.cohort_notes(results);
        let others: Vec<(Period, usize)> = periods
            .iter()
            .filter(|(p, _)| *p != period && *p != baseline)
            .copied()
            .collect();
        if !others.is_empty() {
            notes.push(Note::OtherPeriods { periods: others });
        }
        let absent = self.absent_now(results);
        if !absent.is_empty() {
            notes.push(Note::AbsentNow {
                period,
                baseline,
                units: absent,
            });
        }
        let unknown = batch.surveys().filter(|s| !s.unit.is_known()).count();
        if unknown > 0 {
            notes.push(Note::UnitsUnknown { surveys: unknown });
        }
        let missing = self.opts.scheme.keys_not_in(self.form);
        if !missing.is_empty() {
            notes.push(Note::SchemeItemsNotInForm { keys: missing });
        }
        let mut other_forms: BTreeMap<String, usize> = BTreeMap::new();
        for r in results {
            let f = &r.submission.survey.form;
            if !Arc::ptr_eq(f, self.form) && **f != **self.form {
                *other_forms.entry(f.name.clone()).or_default() += 1;
            }
        }
        if !other_forms.is_empty() {
            notes.push(Note::OtherForms {
                forms: other_forms.into_iter().collect(),
            });
        }
        let counties = counties_of(results);
        if counties.len() > 1 {
            notes.push(Note::CountiesMixed {
                counties,
                by_county: self.opts.group_by == GroupBy::County,
            });
        }
        notes
    }
}

impl RunStats {
    fn of(
        batch: &Batch,
        diagnostics: &[Diagnostic],
        submissions: usize,
        periods: Vec<(Period, usize)>,
    ) -> RunStats {
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .count();
        RunStats {
            files_read: batch.files_read(),
            files_skipped: batch
                .files
                .iter()
                .filter(|f| f.skipped == Some(Skipped::NotSpreadsheet))
                .count(),
            own_outputs: batch.own_outputs(),
            surveys: batch.surveys().count(),
            submissions,
            errors,
            warnings: diagnostics.len() - errors,
            periods,
        }
    }
}

/// A submission's targets: its own survey's target column, else the target workbooks'.
fn targets_of(sub: &Submission<'_>, form: &Form, book: Option<&TargetBook>) -> Option<Targets> {
    if let Some(t) = &sub.survey.target {
        let values = project_values(&sub.survey.form, &t.values, form);
        let t = attain(form, &sub.values, &values, t.header.clone());
        if t.set > 0 {
            return Some(t);
        }
    }
    let (values, source) = book?.get(&sub.key()?, form)?;
    Some(attain(form, &sub.values, &values, source)).filter(|t| t.set > 0)
}

/// Values read with one form, on another (by item key).
fn project_values(from: &Form, values: &[Parsed], to: &Form) -> Vec<Parsed> {
    if from == to {
        return values.to_vec();
    }
    to.items()
        .iter()
        .map(|it| {
            from.index_of(it.key())
                .and_then(|i| values.get(i).cloned())
                .unwrap_or_else(Parsed::missing)
        })
        .collect()
}

/// Errors and warnings per (file, sheet) of a period: those of its column, and those of the
/// whole sheet.
fn problem_counts(diags: &[Diagnostic], period: Period) -> HashMap<(&str, &str), (usize, usize)> {
    let mut out: HashMap<(&str, &str), (usize, usize)> = HashMap::new();
    for d in diags
        .iter()
        .filter(|d| d.period.is_none_or(|p| p == period))
    {
        let Some(sheet) = d.sheet.as_deref() else {
            continue;
        };
        let c = out.entry((d.file.as_str(), sheet)).or_default();
        if d.is_error() {
            c.0 += 1;
        } else {
            c.1 += 1;
        }
    }
    out
}

/// The same unit a year earlier (submission `i` is `subs[i]`): another column of the same
/// sheet first, else another file (`index`: the baseline period's submissions by unit). A
/// survey's columns are next to each other in `subs`, so only its neighbours are looked at.
fn baseline_of(
    i: usize,
    baseline: Period,
    subs: &[Submission<'_>],
    index: &crate::model::ByUnit<'_>,
) -> Option<usize> {
    let survey = subs[i].survey;
    let same = |k: &usize| std::ptr::eq(subs[*k].survey, survey);
    let first = (0..i).rev().take_while(same).last().unwrap_or(i);
    let same_sheet = (first..subs.len())
        .take_while(same)
        .find(|&k| subs[k].period() == baseline);
    same_sheet.or_else(|| index.get(&survey.unit, baseline))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(vec![]), None);
    }

    #[test]
    fn group_by_in_chinese_and_english() {
        assert_eq!(GroupBy::parse("专科"), Some(GroupBy::Specialty));
        assert_eq!(GroupBy::parse("医院"), Some(GroupBy::Hospital));
        assert_eq!(GroupBy::parse("旗县区"), Some(GroupBy::County));
        assert_eq!(GroupBy::parse("不分组"), Some(GroupBy::None));
        assert_eq!(GroupBy::parse("Specialty"), Some(GroupBy::Specialty));
        assert_eq!(GroupBy::parse("department"), None);
    }

    #[test]
    fn the_default_period_is_the_latest_most_units_sent() {
        let p = |s: &str| Period::parse(s).unwrap();
        let (h1_23, h1_24, h1_25) = (p("2023年1-6月"), p("2024年1-6月"), p("2025年1-6月"));
        // Every survey carries last year's column, and one unit sent only last year's.
        assert_eq!(default_period(&[(h1_23, 10), (h1_24, 9)]), Some(h1_24));
        // One stray file does not move the assessment a year on.
        assert_eq!(
            default_period(&[(h1_23, 10), (h1_24, 10), (h1_25, 1)]),
            Some(h1_24)
        );
        // Last year's data alone for most units: that is the period.
        assert_eq!(default_period(&[(h1_23, 10), (h1_24, 4)]), Some(h1_23));
        assert_eq!(default_period(&[]), None);
    }
}
