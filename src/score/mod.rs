//! Scoring a cohort (SCORING.md): the indicators a scheme scores on a form, what each
//! submission says for them, item scores, area scores, totals by the scheme's method, and
//! competition ranks and grades. Everything here is a pure function of its inputs.
//!
//! - [`normalise`]: benchmark and min–max scores, 0–1;
//! - [`weights`]: the scheme's weights as shares of the total, or entropy weights;
//! - [`methods`]: composite, TOPSIS and the rank-sum ratio behind one trait;
//! - [`rank`]: competition ranks, grades by position or total, RSR tiers by probit.

pub mod methods;
pub mod normalise;
pub mod rank;
pub mod weights;

use crate::form::{Direction, Form};
use crate::model::Num;
use crate::scheme::{ItemRule, Scheme, Weights};
use crate::value::{Parsed, Status};

/// Where an indicator's value comes from: positions of items in the form.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    Item(usize),
    /// Σ numerator / Σ denominator × scale.
    Ratio {
        num: Vec<usize>,
        den: Vec<usize>,
        scale: f64,
    },
}

/// An item or a derived indicator, as the scheme scores it on a form.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// The item's number as text (`"27"`) or the derived indicator's id (`"D1"`).
    pub id: String,
    /// What links it across forms: the item's key, or the derived id.
    pub key: String,
    pub name: String,
    pub name_en: String,
    pub unit: String,
    pub unit_en: String,
    pub area: u8,
    pub direction: Direction,
    /// Weight within its area; 0 when not scored.
    pub weight: f64,
    /// (full, zero) benchmark.
    pub bench: Option<(f64, f64)>,
    pub source: Source,
}

impl Indicator {
    pub fn scored(&self) -> bool {
        self.weight > 0.0 && self.direction != Direction::Neutral
    }

    /// The name in a language.
    pub fn name_in(&self, lang: crate::i18n::Lang) -> &str {
        lang.name(&self.name, &self.name_en)
    }

    /// The unit in a language: the scheme's English unit, else the form's unit translated.
    pub fn unit_in(&self, lang: crate::i18n::Lang) -> String {
        match lang {
            crate::i18n::Lang::En if !self.unit_en.is_empty() => self.unit_en.clone(),
            _ => crate::i18n::unit(&self.unit, lang),
        }
    }

    /// A value as shown to a person: an item's as typed (float noise removed), a derived
    /// ratio to two decimals (`11.63`, not `11.627906977`). Computations keep every digit.
    pub fn shown(&self, v: f64) -> f64 {
        match self.source {
            Source::Item(_) => crate::text::tidy(v),
            Source::Ratio { .. } => crate::text::tidy((v * 100.0).round() / 100.0),
        }
    }

    /// Whether this is one of the form's items (not a derived indicator).
    pub fn is_item(&self) -> bool {
        matches!(self.source, Source::Item(_))
    }
}

/// The form's items, then the derived indicators, as the scheme defines them on this form.
/// Items the scheme does not list have weight 0 (shown, not scored); scheme entries the form
/// does not have are left out (the caller says so).
pub fn indicators(scheme: &Scheme, form: &Form) -> Vec<Indicator> {
    let mut rules: Vec<Option<&ItemRule>> = vec![None; form.len()];
    for (k, r) in &scheme.items {
        if let Some(i) = form.index_of(k) {
            rules[i] = Some(r);
        }
    }
    let mut out: Vec<Indicator> = form
        .items()
        .iter()
        .zip(&rules)
        .enumerate()
        .map(|(i, (it, rule))| {
            let area_ok = scheme.area_weight(it.area) > 0.0;
            Indicator {
                id: it.no.to_string(),
                key: it.key().to_string(),
                name: it.name.clone(),
                name_en: it.name_en.clone(),
                unit: it.unit.clone(),
                unit_en: String::new(),
                area: it.area,
                direction: rule.and_then(|r| r.direction).unwrap_or(it.direction),
                weight: rule.filter(|_| area_ok).map_or(0.0, |r| r.weight),
                bench: rule.and_then(|r| r.full.zip(r.zero)),
                source: Source::Item(i),
            }
        })
        .collect();
    for (id, d) in &scheme.derived {
        let resolve = |keys: &[crate::scheme::ItemKey]| -> Option<Vec<usize>> {
            keys.iter().map(|k| form.index_of(&k.text())).collect()
        };
        let (Some(num), Some(den)) = (resolve(&d.numerator), resolve(&d.denominator)) else {
            continue;
        };
        if usize::from(d.area) > form.areas().len() {
            continue;
        }
        out.push(Indicator {
            id: id.clone(),
            key: id.clone(),
            name: d.name.clone(),
            name_en: d.name_en.clone(),
            unit: d.unit.clone(),
            unit_en: d.unit_en.clone(),
            area: d.area,
            direction: d.direction,
            weight: if scheme.area_weight(d.area) > 0.0 {
                d.weight
            } else {
                0.0
            },
            bench: d.full.zip(d.zero),
            source: Source::Ratio {
                num,
                den,
                scale: d.scale,
            },
        });
    }
    out
}

/// What a submission says for an indicator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Obs {
    Value(f64),
    /// Blank, unranked or unreadable: scores 0.
    Missing,
    /// Not applicable: left out for this submission.
    Na,
}

impl Obs {
    pub fn value(self) -> Option<f64> {
        match self {
            Obs::Value(x) => Some(x),
            _ => None,
        }
    }

    pub fn status(self) -> Status {
        match self {
            Obs::Value(_) => Status::Ok,
            Obs::Missing => Status::Missing,
            Obs::Na => Status::Na,
        }
    }
}

fn obs_of(p: Option<&Parsed>) -> Obs {
    match p.map(|p| (p.status, p.value())) {
        Some((Status::Ok, Some(x))) => Obs::Value(x),
        Some((Status::Na, _)) => Obs::Na,
        _ => Obs::Missing,
    }
}

/// Observe an indicator in a submission's values (one per item of the form).
pub fn observe(values: &[Parsed], ind: &Indicator) -> Obs {
    let get = |i: usize| obs_of(values.get(i));
    match &ind.source {
        Source::Item(i) => get(*i),
        Source::Ratio { num, den, scale } => {
            let sum = |ids: &[usize]| -> Result<f64, Obs> {
                let mut s = 0.0;
                for &i in ids {
                    match get(i) {
                        Obs::Value(x) => s += x,
                        other => return Err(other),
                    }
                }
                Ok(s)
            };
            // A zero or missing denominator: not applicable.
            let d = match sum(den) {
                Ok(d) if d != 0.0 => d,
                _ => return Obs::Na,
            };
            match sum(num) {
                Ok(n) => Obs::Value(n / d * scale),
                Err(o) => o,
            }
        }
    }
}

/// Scores of one member of a cohort.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MemberScore {
    /// Per indicator (same order as the indicators given), 0–100; none when left out or not
    /// scored.
    pub items: Vec<Num>,
    /// Area scores (composite), one per area of the form, `None` when the area has no scored
    /// item.
    pub areas: Vec<Option<f64>>,
    pub total: Option<f64>,
    pub rank: Option<usize>,
    pub grade: Option<String>,
}

/// The result of scoring a cohort.
#[derive(Debug, Clone, PartialEq)]
pub struct CohortScore {
    pub members: Vec<MemberScore>,
    /// Weight of each indicator in the total, normalised to sum 1 (0 when not used).
    pub weights: Vec<f64>,
}

/// Score a cohort. `obs[i][j]` is member i's observation of indicator j; `areas` is the
/// number of areas of the form.
pub fn score_cohort(
    inds: &[Indicator],
    obs: &[Vec<Obs>],
    scheme: &Scheme,
    areas: usize,
) -> CohortScore {
    score_cohort_by(inds, obs.len(), &|i, j| obs[i][j], scheme, areas)
}

/// Item scores 0–100 of a member from its normalised scores.
fn item_scores(z: &[Num]) -> impl Iterator<Item = Option<f64>> + '_ {
    z.iter().map(|v| v.get().map(|v| v * 100.0))
}

/// Score a cohort of `n` members, `obs(i, j)` being member i's observation of indicator j.
/// Observations are not held (a national cohort has 50,000 members), and each member's item
/// scores are made from its normalised scores only at the end, in their place.
pub fn score_cohort_by(
    inds: &[Indicator],
    n: usize,
    obs: &dyn Fn(usize, usize) -> Obs,
    scheme: &Scheme,
    areas: usize,
) -> CohortScore {
    let z = normalise::normalised(inds, n, obs);
    let in_use: Vec<bool> = (0..inds.len())
        .map(|j| z.iter().any(|r| r[j].get().is_some()))
        .collect();

    // Composite area scores from the item scores (0–100).
    let mut members: Vec<MemberScore> = z
        .iter()
        .map(|row| MemberScore {
            areas: area_scores(inds, item_scores(row), areas),
            ..Default::default()
        })
        .collect();

    let weights = match scheme.weights {
        Weights::Scheme => weights::scheme_weights(inds, &in_use, scheme),
        Weights::Entropy => weights::entropy_weights(&z, inds.len()),
    };

    if n >= 2 {
        let cohort = methods::Cohort {
            z: &z,
            weights: &weights,
            members: &members,
            scheme,
        };
        let totals = methods::of(scheme.method).totals(&cohort);
        let ranks = rank::competition_ranks(&totals, scheme.tie_tolerance);
        let grades = rank::grades(scheme, &totals, &ranks);
        for (i, m) in members.iter_mut().enumerate() {
            m.total = totals[i];
            m.rank = ranks[i];
            m.grade = grades[i].clone();
        }
    }
    for (m, row) in members.iter_mut().zip(z) {
        m.items = row
            .into_iter()
            .map(|v| Num::from(v.get().map(|v| v * 100.0)))
            .collect();
    }
    if n < 2 {
        // A cohort of one has no ranking: only absolute (benchmark) scores are shown.
        for m in &mut members {
            for (j, ind) in inds.iter().enumerate() {
                if ind.bench.is_none() {
                    m.items[j] = Num::from(None);
                }
            }
            m.areas.iter_mut().for_each(|a| *a = None);
        }
    }
    CohortScore { members, weights }
}

/// Weighted mean of the item scores of each area.
fn area_scores(
    inds: &[Indicator],
    items: impl Iterator<Item = Option<f64>>,
    areas: usize,
) -> Vec<Option<f64>> {
    let mut num = vec![0.0; areas];
    let mut den = vec![0.0; areas];
    for (ind, s) in inds.iter().zip(items) {
        if let (Some(s), Some(a)) = (s, usize::from(ind.area).checked_sub(1)) {
            if a < areas {
                num[a] += ind.weight * s;
                den[a] += ind.weight;
            }
        }
    }
    num.iter()
        .zip(&den)
        .map(|(n, d)| (*d > 0.0).then(|| n / d))
        .collect()
}

/// Σ w·x / Σ w over the entries that are defined.
pub fn weighted_mean(x: impl IntoIterator<Item = Option<f64>>, w: &[f64]) -> Option<f64> {
    let (mut num, mut den) = (0.0, 0.0);
    for (v, w) in x.into_iter().zip(w) {
        if let Some(v) = v {
            if *w > 0.0 {
                num += w * v;
                den += w;
            }
        }
    }
    (den > 0.0).then(|| num / den)
}

#[cfg(test)]
mod tests;
