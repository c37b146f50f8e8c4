//! Scoring a cohort: item scores, area scores, totals, competition ranks and grades, by the
//! composite method, TOPSIS or the weighted rank-sum ratio, with the scheme's weights or
//! entropy weights. Everything here is a pure function of its inputs (SCORING.md).

use crate::catalog::{self, Direction};
use crate::scheme::{GradeBy, Method, Scheme, Weights};
use crate::value::{Parsed, Status};

/// Where an indicator's value comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    Item(u8),
    /// Σ numerator / Σ denominator × scale.
    Ratio {
        num: Vec<u8>,
        den: Vec<u8>,
        scale: f64,
    },
}

/// An item or a derived indicator, as the scheme scores it.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// `"27"` or `"D1"`.
    pub id: String,
    pub name: String,
    pub unit: String,
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
}

/// The 69 items, then the derived indicators, as the scheme defines them. Items the scheme
/// does not list have weight 0 (shown, not scored).
pub fn indicators(scheme: &Scheme) -> Vec<Indicator> {
    let mut out: Vec<Indicator> = catalog::items()
        .iter()
        .map(|it| {
            let rule = scheme.items.get(&it.no.to_string());
            let area_ok = scheme.area_weight(it.area) > 0.0;
            Indicator {
                id: it.no.to_string(),
                name: it.name.clone(),
                unit: it.unit.clone(),
                area: it.area,
                direction: rule.and_then(|r| r.direction).unwrap_or(it.direction),
                weight: rule.filter(|_| area_ok).map_or(0.0, |r| r.weight),
                bench: rule.and_then(|r| r.full.zip(r.zero)),
                source: Source::Item(it.no),
            }
        })
        .collect();
    for (id, d) in &scheme.derived {
        out.push(Indicator {
            id: id.clone(),
            name: d.name.clone(),
            unit: d.unit.clone(),
            area: d.area,
            direction: d.direction,
            weight: if scheme.area_weight(d.area) > 0.0 {
                d.weight
            } else {
                0.0
            },
            bench: d.full.zip(d.zero),
            source: Source::Ratio {
                num: d.numerator.clone(),
                den: d.denominator.clone(),
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

    pub fn status(self) -> &'static str {
        match self {
            Obs::Value(_) => "ok",
            Obs::Missing => "missing",
            Obs::Na => "na",
        }
    }
}

fn obs_of(p: Option<&Parsed>) -> Obs {
    match p.map(|p| (p.status, p.value)) {
        Some((Status::Ok, Some(x))) => Obs::Value(x),
        Some((Status::Na, _)) => Obs::Na,
        _ => Obs::Missing,
    }
}

/// Observe an indicator in a submission's 69 values (`values[no − 1]`).
pub fn observe(values: &[Parsed], ind: &Indicator) -> Obs {
    let get = |no: u8| obs_of(values.get(usize::from(no) - 1));
    match &ind.source {
        Source::Item(no) => get(*no),
        Source::Ratio { num, den, scale } => {
            let sum = |nos: &[u8]| -> Result<f64, Obs> {
                let mut s = 0.0;
                for &n in nos {
                    match get(n) {
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

/// 0–100 against a benchmark: 100 at or beyond `full`, 0 at or beyond `zero`.
pub fn bench_score(x: f64, full: f64, zero: f64) -> f64 {
    (100.0 * (x - zero) / (full - zero)).clamp(0.0, 100.0)
}

/// Scores of one member of a cohort.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MemberScore {
    /// Per indicator (same order as the indicators given); `None` when left out or not scored.
    pub items: Vec<Option<f64>>,
    /// Area scores 1–4 (composite), `None` when the area has no scored item.
    pub areas: [Option<f64>; 4],
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

/// Min-max normalised 0–1 scores per indicator (direction applied, all-equal → 1, missing → 0,
/// benchmark items s/100, not applicable → None). Indicators no member has a value for are
/// `None` throughout.
fn normalised(inds: &[Indicator], obs: &[Vec<Obs>]) -> Vec<Vec<Option<f64>>> {
    let n = obs.len();
    let mut z = vec![vec![None; inds.len()]; n];
    for (j, ind) in inds.iter().enumerate() {
        if !ind.scored() {
            continue;
        }
        let vals: Vec<f64> = obs.iter().filter_map(|o| o[j].value()).collect();
        if vals.is_empty() {
            continue; // left out for the whole cohort
        }
        let min = vals.iter().copied().fold(f64::INFINITY, f64::min);
        let max = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        for i in 0..n {
            z[i][j] = match obs[i][j] {
                Obs::Value(x) => Some(match ind.bench {
                    Some((full, zero)) => bench_score(x, full, zero) / 100.0,
                    None if max == min => 1.0,
                    None => match ind.direction {
                        Direction::Lower => (max - x) / (max - min),
                        _ => (x - min) / (max - min),
                    },
                }),
                Obs::Missing => Some(0.0),
                Obs::Na => None,
            };
        }
    }
    z
}

/// Entropy weights from normalised values (SCORING.md): p = y / Σy, e = −Σ p ln p / ln n,
/// d = 1 − e, w = d / Σd. Equal weights when no indicator varies.
pub fn entropy_weights(z: &[Vec<Option<f64>>], count: usize) -> Vec<f64> {
    let mut d = vec![0.0; count];
    let mut used = vec![false; count];
    for j in 0..count {
        let y: Vec<f64> = z.iter().filter_map(|r| r[j]).collect();
        if y.is_empty() {
            continue;
        }
        used[j] = true;
        let sum: f64 = y.iter().sum();
        if y.len() < 2 || sum <= 0.0 {
            continue;
        }
        let e = -y
            .iter()
            .map(|&v| v / sum)
            .filter(|&p| p > 0.0)
            .map(|p| p * p.ln())
            .sum::<f64>()
            / (y.len() as f64).ln();
        d[j] = (1.0 - e).max(0.0);
    }
    let total: f64 = d.iter().sum();
    if total > 0.0 {
        d.iter().map(|x| x / total).collect()
    } else {
        let k = used.iter().filter(|u| **u).count().max(1) as f64;
        used.iter()
            .map(|&u| if u { 1.0 / k } else { 0.0 })
            .collect()
    }
}

/// Scheme weights as shares of the total: area weight × the item's share of its area,
/// over the indicators in use, normalised to sum 1.
fn scheme_weights(inds: &[Indicator], in_use: &[bool], scheme: &Scheme) -> Vec<f64> {
    let mut area_sum = [0.0; 4];
    for (j, ind) in inds.iter().enumerate() {
        if in_use[j] {
            area_sum[usize::from(ind.area) - 1] += ind.weight;
        }
    }
    let mut w: Vec<f64> = inds
        .iter()
        .enumerate()
        .map(|(j, ind)| {
            let a = usize::from(ind.area) - 1;
            if in_use[j] && area_sum[a] > 0.0 {
                scheme.area_weight(ind.area) * ind.weight / area_sum[a]
            } else {
                0.0
            }
        })
        .collect();
    let s: f64 = w.iter().sum();
    if s > 0.0 {
        w.iter_mut().for_each(|x| *x /= s);
    }
    w
}

/// Score a cohort. `obs[i][j]` is member i's observation of indicator j.
pub fn score_cohort(inds: &[Indicator], obs: &[Vec<Obs>], scheme: &Scheme) -> CohortScore {
    let n = obs.len();
    let z = normalised(inds, obs);
    let in_use: Vec<bool> = (0..inds.len())
        .map(|j| z.iter().any(|r| r[j].is_some()))
        .collect();

    // Item scores (0–100) and composite area scores.
    let mut members: Vec<MemberScore> = (0..n)
        .map(|i| {
            let items: Vec<Option<f64>> = (0..inds.len())
                .map(|j| z[i][j].map(|v| v * 100.0))
                .collect();
            let mut areas = [None; 4];
            for (a, slot) in areas.iter_mut().enumerate() {
                let (mut num, mut den) = (0.0, 0.0);
                for (j, ind) in inds.iter().enumerate() {
                    if usize::from(ind.area) == a + 1 {
                        if let Some(s) = items[j] {
                            num += ind.weight * s;
                            den += ind.weight;
                        }
                    }
                }
                *slot = (den > 0.0).then(|| num / den);
            }
            MemberScore {
                items,
                areas,
                ..Default::default()
            }
        })
        .collect();

    let weights = match scheme.weights {
        Weights::Scheme => scheme_weights(inds, &in_use, scheme),
        Weights::Entropy => entropy_weights(&z, inds.len()),
    };

    if n < 2 {
        // A cohort of one has no ranking: only absolute (benchmark) scores are shown.
        for m in &mut members {
            for (j, ind) in inds.iter().enumerate() {
                if ind.bench.is_none() {
                    m.items[j] = None;
                }
            }
            m.areas = [None; 4];
        }
        return CohortScore { members, weights };
    }

    let totals: Vec<Option<f64>> = match scheme.method {
        Method::Composite => members
            .iter()
            .map(|m| match scheme.weights {
                Weights::Scheme => {
                    let (mut num, mut den) = (0.0, 0.0);
                    for (a, s) in m.areas.iter().enumerate() {
                        if let Some(s) = s {
                            let w = scheme.area_weight(a as u8 + 1);
                            num += w * s;
                            den += w;
                        }
                    }
                    (den > 0.0).then(|| num / den)
                }
                Weights::Entropy => weighted_mean(&m.items, &weights),
            })
            .collect(),
        Method::Topsis => topsis(&z, &weights),
        Method::Rsr => z
            .iter()
            .map(|row| {
                let r: Vec<Option<f64>> = row
                    .iter()
                    .map(|v| v.map(|v| 1.0 + (n as f64 - 1.0) * v))
                    .collect();
                weighted_mean(&r, &weights).map(|w| 100.0 * w / n as f64)
            })
            .collect(),
    };
    let ranks = competition_ranks(&totals, scheme.tie_tolerance);
    let ranked = ranks.iter().filter(|r| r.is_some()).count();
    let probit_grades = (scheme.method == Method::Rsr
        && scheme.grade.by == GradeBy::Position
        && scheme.grade.tiers.len() == 3)
        .then(|| rsr_tiers(&totals, scheme.rsr.probit_cuts))
        .flatten();
    for (i, m) in members.iter_mut().enumerate() {
        m.total = totals[i];
        m.rank = ranks[i];
        m.grade = match (&probit_grades, m.rank) {
            (Some(t), Some(_)) => t[i].map(|tier| scheme.grade.tiers[tier].label.clone()),
            (None, Some(r)) => grade(scheme, r, ranked, m.total.unwrap_or(0.0)),
            _ => None,
        };
    }
    CohortScore { members, weights }
}

/// Σ w·x / Σ w over the entries that are defined.
fn weighted_mean(x: &[Option<f64>], w: &[f64]) -> Option<f64> {
    let (mut num, mut den) = (0.0, 0.0);
    for (v, w) in x.iter().zip(w) {
        if let Some(v) = v {
            if *w > 0.0 {
                num += w * v;
                den += w;
            }
        }
    }
    (den > 0.0).then(|| num / den)
}

/// TOPSIS closeness × 100 (pymcdm's conventions with min-max normalisation).
fn topsis(z: &[Vec<Option<f64>>], w: &[f64]) -> Vec<Option<f64>> {
    let m = w.len();
    let mut best = vec![f64::NEG_INFINITY; m];
    let mut worst = vec![f64::INFINITY; m];
    for row in z {
        for j in 0..m {
            if let Some(v) = row[j] {
                best[j] = best[j].max(w[j] * v);
                worst[j] = worst[j].min(w[j] * v);
            }
        }
    }
    z.iter()
        .map(|row| {
            let (mut dp, mut dm, mut any) = (0.0, 0.0, false);
            for j in 0..m {
                if let (Some(v), true) = (row[j], w[j] > 0.0) {
                    let v = w[j] * v;
                    dp += (v - best[j]).powi(2);
                    dm += (v - worst[j]).powi(2);
                    any = true;
                }
            }
            let (dp, dm) = (dp.sqrt(), dm.sqrt());
            any.then(|| {
                if dp + dm == 0.0 {
                    100.0
                } else {
                    100.0 * dm / (dp + dm)
                }
            })
        })
        .collect()
}

/// Competition ranks, highest first; totals within `tol` share a rank (1, 2, 2, 4).
pub fn competition_ranks(totals: &[Option<f64>], tol: f64) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..totals.len()).filter(|&i| totals[i].is_some()).collect();
    order.sort_by(|&a, &b| {
        totals[b]
            .partial_cmp(&totals[a])
            .unwrap_or(std::cmp::Ordering::Equal)
            .then(a.cmp(&b))
    });
    let mut ranks = vec![None; totals.len()];
    let mut lead = f64::NAN;
    let mut lead_rank = 0;
    for (pos, &i) in order.iter().enumerate() {
        let t = totals[i].unwrap_or(0.0);
        if pos == 0 || (lead - t).abs() > tol {
            lead = t;
            lead_rank = pos + 1;
        }
        ranks[i] = Some(lead_rank);
    }
    ranks
}

/// The grade of a ranked member by the scheme's rule.
pub fn grade(scheme: &Scheme, rank: usize, n: usize, total: f64) -> Option<String> {
    let x = match scheme.grade.by {
        GradeBy::Position => (n as f64 - rank as f64 + 0.5) / n as f64,
        GradeBy::Total => total,
    };
    scheme
        .grade
        .tiers
        .iter()
        .find(|t| x >= t.min)
        .or(scheme.grade.tiers.last())
        .map(|t| t.label.clone())
}

/// RSR tiers by probit (0 = top, 1 = middle, 2 = bottom), or `None` when fewer than two
/// distinct values make the regression impossible.
pub fn rsr_tiers(wrsr: &[Option<f64>], cuts: [f64; 2]) -> Option<Vec<Option<usize>>> {
    let fit = probit_fit(wrsr)?;
    let (a, b) = (fit.a, fit.b);
    let (lo, hi) = (a + b * cuts[0], a + b * cuts[1]);
    Some(
        wrsr.iter()
            .map(|v| {
                let v = (*v)?;
                let k = fit.values.iter().position(|x| (x - v).abs() <= 1e-12)?;
                let fitted = a + b * fit.probits[k];
                Some(if fitted >= hi {
                    0
                } else if fitted < lo {
                    2
                } else {
                    1
                })
            })
            .collect(),
    )
}

/// The probit regression of the RSR method.
#[derive(Debug, Clone, PartialEq)]
pub struct ProbitFit {
    /// Distinct values, ascending.
    pub values: Vec<f64>,
    pub probits: Vec<f64>,
    pub a: f64,
    pub b: f64,
}

/// Sort distinct values ascending, p = mean rank / n (the last 1 − 1/(4n)), probit = 5 + Φ⁻¹(p),
/// least squares value = a + b·probit.
pub fn probit_fit(values: &[Option<f64>]) -> Option<ProbitFit> {
    let mut v: Vec<f64> = values.iter().flatten().copied().collect();
    let n = v.len();
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let mut distinct: Vec<(f64, usize)> = Vec::new();
    for x in v {
        match distinct.last_mut() {
            Some((d, c)) if (*d - x).abs() <= 1e-12 => *c += 1,
            _ => distinct.push((x, 1)),
        }
    }
    if distinct.len() < 2 {
        return None;
    }
    let mut cum = 0usize;
    let mut probits = Vec::new();
    for (k, (_, f)) in distinct.iter().enumerate() {
        let first = cum + 1;
        cum += f;
        let mean_rank = (first + cum) as f64 / 2.0;
        let p = if k + 1 == distinct.len() {
            1.0 - 1.0 / (4.0 * n as f64)
        } else {
            mean_rank / n as f64
        };
        probits.push(5.0 + inverse_normal(p));
    }
    let xs = &probits;
    let ys: Vec<f64> = distinct.iter().map(|d| d.0).collect();
    let k = xs.len() as f64;
    let mx = xs.iter().sum::<f64>() / k;
    let my = ys.iter().sum::<f64>() / k;
    let sxy: f64 = xs.iter().zip(&ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let sxx: f64 = xs.iter().map(|x| (x - mx).powi(2)).sum();
    if sxx == 0.0 {
        return None;
    }
    let b = sxy / sxx;
    Some(ProbitFit {
        values: ys,
        probits,
        a: my - b * mx,
        b,
    })
}

/// Φ⁻¹(p), the standard normal quantile (Acklam's rational approximation refined by one step
/// of Halley's method; accurate to about 1e-15 over (0, 1)).
pub fn inverse_normal(p: f64) -> f64 {
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    const A: [f64; 6] = [
        -3.969683028665376e1,
        2.209460984245205e2,
        -2.759285104469687e2,
        1.38357751867269e2,
        -3.066479806614716e1,
        2.506628277459239,
    ];
    const B: [f64; 5] = [
        -5.447609879822406e1,
        1.615858368580409e2,
        -1.556989798598866e2,
        6.680_131_188_771_972e1,
        -1.328068155288572e1,
    ];
    const C: [f64; 6] = [
        -7.784894002430293e-3,
        -3.223964580411365e-1,
        -2.400758277161838,
        -2.549732539343734,
        4.374664141464968,
        2.938163982698783,
    ];
    const D: [f64; 4] = [
        7.784695709041462e-3,
        3.224671290700398e-1,
        2.445134137142996,
        3.754408661907416,
    ];
    let plow = 0.02425;
    let x = if p < plow {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - plow {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        let q = (-2.0 * (1.0 - p).ln()).sqrt();
        -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    // Halley refinement with Φ from erfc.
    let e = 0.5 * erfc(-x / std::f64::consts::SQRT_2) - p;
    let u = e * (2.0 * std::f64::consts::PI).sqrt() * (x * x / 2.0).exp();
    x - u / (1.0 + x * u / 2.0)
}

/// The complementary error function: the Maclaurin series of erf for |x| < 2, a continued
/// fraction (modified Lentz) beyond; relative error below 1e-12 (tested against Python's).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let r = if z < 2.0 {
        // erf series: erf(z) = 2/√π Σ (−1)^n z^(2n+1) / (n! (2n+1))
        let mut sum = z;
        let mut term = z;
        let z2 = z * z;
        let mut n = 0.0;
        while term.abs() > 1e-17 * sum.abs() {
            n += 1.0;
            term *= -z2 / n;
            sum += term / (2.0 * n + 1.0);
            if n > 200.0 {
                break;
            }
        }
        1.0 - 2.0 / std::f64::consts::PI.sqrt() * sum
    } else {
        // Continued fraction (Lentz), converges fast for z ≥ 2.
        let tiny = 1e-300;
        let mut f = tiny;
        let mut c = f;
        let mut d = 0.0;
        // erfc(z) = exp(−z²)/√π · 1/(z + 1/2/(z + 1/(z + 3/2/(z + 2/(z + …)))))
        for i in 0..300 {
            let (an, bn) = if i == 0 {
                (1.0, z)
            } else {
                (i as f64 / 2.0, z)
            };
            d = bn + an * d;
            d = if d.abs() < tiny { tiny } else { d };
            c = bn + an / c;
            c = if c.abs() < tiny { tiny } else { c };
            d = 1.0 / d;
            let delta = c * d;
            f *= delta;
            if (delta - 1.0).abs() < 1e-16 {
                break;
            }
        }
        (-z * z).exp() / std::f64::consts::PI.sqrt() * f
    };
    if x < 0.0 {
        2.0 - r
    } else {
        r
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scheme::Scheme;

    /// A scheme with only the given items (and areas), everything else as the default.
    fn scheme(areas: &str, items: &str, extra: &str) -> Scheme {
        let base = Scheme::default().to_toml();
        let head = base.split("[areas]").next().unwrap();
        let grade_rsr = {
            let g = base.find("[grade]").unwrap();
            let i = base.find("[items]").unwrap();
            &base[g..i]
        };
        Scheme::from_toml(&format!(
            "{head}{extra}\n[areas]\n{areas}\n{grade_rsr}\n[items]\n{items}\n"
        ))
        .unwrap()
    }

    /// Observations for the scored items, in indicator order; others missing.
    fn obs(inds: &[Indicator], rows: &[&[(u8, Obs)]]) -> Vec<Vec<Obs>> {
        rows.iter()
            .map(|r| {
                inds.iter()
                    .map(|ind| match ind.source {
                        Source::Item(no) => r
                            .iter()
                            .find(|(n, _)| *n == no)
                            .map_or(Obs::Missing, |(_, o)| *o),
                        _ => Obs::Missing,
                    })
                    .collect()
            })
            .collect()
    }

    fn idx(inds: &[Indicator], id: &str) -> usize {
        inds.iter().position(|i| i.id == id).unwrap()
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() < 1e-9, "{a} ≠ {b}");
    }

    use Obs::{Missing, Na, Value as V};

    fn hand_scheme() -> Scheme {
        scheme(
            "1 = 50.0\n2 = 50.0\n3 = 0.0\n4 = 0.0",
            "1 = { weight = 1.0 }\n3 = { weight = 1.0 }\n32 = { weight = 1.0 }\n43 = { weight = 1.0, full = 50.0, zero = 25.0 }",
            "",
        )
    }

    #[test]
    fn composite_by_hand_with_missing_benchmarks_and_all_equal() {
        let s = hand_scheme();
        let inds = indicators(&s);
        let o = obs(
            &inds,
            &[
                &[(1, V(10.0)), (3, V(5.0)), (32, V(2.0)), (43, V(50.0))],
                &[(1, V(20.0)), (3, V(5.0)), (32, Missing), (43, V(37.5))],
                &[(1, V(30.0)), (3, V(5.0)), (32, V(4.0)), (43, V(10.0))],
            ],
        );
        let r = score_cohort(&inds, &o, &s);
        let item = |m: usize, id: &str| r.members[m].items[idx(&inds, id)];
        // min-max, higher
        assert_eq!(
            [0, 1, 2].map(|m| item(m, "1")),
            [Some(0.0), Some(50.0), Some(100.0)]
        );
        // all equal → 100
        assert_eq!([0, 1, 2].map(|m| item(m, "3")), [Some(100.0); 3]);
        // lower is better; missing scores 0
        assert_eq!(
            [0, 1, 2].map(|m| item(m, "32")),
            [Some(100.0), Some(0.0), Some(0.0)]
        );
        // benchmark: at full, between, past zero
        assert_eq!(
            [0, 1, 2].map(|m| item(m, "43")),
            [Some(100.0), Some(50.0), Some(0.0)]
        );
        // neutral and unscored items have no score
        assert_eq!(item(0, "8"), None);
        assert_eq!(item(0, "2"), None);
        assert_eq!(r.members[0].areas, [Some(50.0), Some(100.0), None, None]);
        assert_eq!(r.members[1].areas, [Some(75.0), Some(25.0), None, None]);
        assert_eq!(
            r.members.iter().map(|m| m.total).collect::<Vec<_>>(),
            [Some(75.0), Some(50.0), Some(50.0)]
        );
        // ties share a rank; grades by position p = (n − r + 0.5) / n
        assert_eq!(
            r.members.iter().map(|m| m.rank).collect::<Vec<_>>(),
            [Some(1), Some(2), Some(2)]
        );
        assert_eq!(r.members[0].grade.as_deref(), Some("合格")); // p = 0.8333 < 0.84134
    }

    #[test]
    fn not_applicable_is_left_out_for_that_submission_only() {
        let s = hand_scheme();
        let inds = indicators(&s);
        let o = obs(
            &inds,
            &[
                &[(1, V(10.0)), (3, V(5.0)), (32, V(2.0)), (43, V(50.0))],
                &[(1, V(20.0)), (3, V(5.0)), (32, Na), (43, V(37.5))],
                &[(1, V(30.0)), (3, V(5.0)), (32, V(4.0)), (43, V(10.0))],
            ],
        );
        let r = score_cohort(&inds, &o, &s);
        assert_eq!(r.members[1].items[idx(&inds, "32")], None);
        assert_eq!(r.members[1].areas[1], Some(50.0)); // 43 alone
        assert_eq!(r.members[1].total, Some(62.5));
        assert_eq!(r.members[2].items[idx(&inds, "32")], Some(0.0));
    }

    #[test]
    fn an_item_nobody_has_is_left_out_for_the_cohort() {
        let s = hand_scheme();
        let inds = indicators(&s);
        let o = obs(
            &inds,
            &[
                &[(1, V(10.0)), (3, V(1.0)), (43, V(50.0))],
                &[(1, V(20.0)), (3, V(2.0)), (32, Na), (43, V(25.0))],
            ],
        );
        let r = score_cohort(&inds, &o, &s);
        assert_eq!(
            r.members[0].items[idx(&inds, "32")],
            None,
            "missing for all: left out, not 0"
        );
        assert_eq!(r.members[0].areas[1], Some(100.0));
        assert_eq!(r.members[0].total, Some(50.0));
        // Member 1: area 1 = 100 (top on 1 and 3), area 2 = 0 (43 at its zero, 32 n/a).
        assert_eq!(r.members[1].areas[1], Some(0.0));
        assert_eq!(r.members[1].total, Some(50.0));
    }

    #[test]
    fn a_cohort_of_one_has_no_total_rank_or_grade_but_keeps_benchmarks() {
        let s = hand_scheme();
        let inds = indicators(&s);
        let o = obs(&inds, &[&[(1, V(10.0)), (43, V(37.5))]]);
        let m = &score_cohort(&inds, &o, &s).members[0];
        assert_eq!((m.total, m.rank, m.grade.clone()), (None, None, None));
        assert_eq!(m.areas, [None; 4]);
        assert_eq!(m.items[idx(&inds, "43")], Some(50.0));
        assert_eq!(m.items[idx(&inds, "1")], None);
    }

    #[test]
    fn benchmarks_at_and_past_their_ends_both_directions() {
        // 43 higher: full 50, zero 25. 44 lower: full 40, zero 80.
        assert_eq!(bench_score(50.0, 50.0, 25.0), 100.0);
        assert_eq!(bench_score(70.0, 50.0, 25.0), 100.0);
        assert_eq!(bench_score(25.0, 50.0, 25.0), 0.0);
        assert_eq!(bench_score(10.0, 50.0, 25.0), 0.0);
        assert_eq!(bench_score(40.0, 40.0, 80.0), 100.0);
        assert_eq!(bench_score(30.0, 40.0, 80.0), 100.0);
        assert_eq!(bench_score(60.0, 40.0, 80.0), 50.0);
        assert_eq!(bench_score(90.0, 40.0, 80.0), 0.0);
    }

    #[test]
    fn competition_ranks_with_ties() {
        let t = [Some(80.0), Some(60.0), Some(60.0 + 1e-12), Some(10.0), None];
        assert_eq!(
            competition_ranks(&t, 1e-9),
            [Some(1), Some(2), Some(2), Some(4), None]
        );
        assert_eq!(competition_ranks(&[Some(5.0); 3], 1e-9), [Some(1); 3]);
    }

    #[test]
    fn grades_by_position_and_by_total() {
        let s = Scheme::default();
        // n = 10: rank 1 p = 0.95 优秀, rank 2 p = 0.85 优秀, rank 3 p = 0.75 合格, rank 9 p = 0.15 待改进
        assert_eq!(grade(&s, 1, 10, 0.0).as_deref(), Some("优秀"));
        assert_eq!(grade(&s, 2, 10, 0.0).as_deref(), Some("优秀"));
        assert_eq!(grade(&s, 3, 10, 0.0).as_deref(), Some("合格"));
        assert_eq!(grade(&s, 8, 10, 0.0).as_deref(), Some("合格"));
        assert_eq!(grade(&s, 9, 10, 0.0).as_deref(), Some("待改进"));
        let t = Scheme::from_toml(
            &s.to_toml()
                .replace("by = \"position\"", "by = \"total\"")
                .replace("min = 0.84134", "min = 85.0")
                .replace(
                    "label = \"合格\", min = 0.15866",
                    "label = \"合格\", min = 60.0",
                )
                .replace("待改进", "不合格"),
        )
        .unwrap();
        assert_eq!(grade(&t, 5, 10, 85.0).as_deref(), Some("优秀"));
        assert_eq!(grade(&t, 1, 10, 84.9).as_deref(), Some("合格"));
        assert_eq!(grade(&t, 1, 10, 59.9).as_deref(), Some("不合格"));
    }

    /// The five-member cohort of tests/reference/score_reference.py.
    fn reference(method: &str, weights: &str) -> (Vec<Indicator>, CohortScore) {
        let s = scheme(
            "1 = 15.0\n2 = 50.0\n3 = 0.0\n4 = 0.0",
            "1 = { weight = 1.0 }\n3 = { weight = 2.0 }\n22 = { weight = 1.0 }\n32 = { weight = 1.0 }",
            "",
        );
        let s = Scheme::from_toml(
            &s.to_toml()
                .replace("method = \"composite\"", &format!("method = \"{method}\""))
                .replace("weights = \"scheme\"", &format!("weights = \"{weights}\"")),
        )
        .unwrap();
        let inds = indicators(&s);
        let x = [
            [10.0, 40.0, 900.0, 3.5],
            [20.0, 45.0, 1500.0, 2.0],
            [30.0, 50.0, 1200.0, 4.1],
            [25.0, 42.0, 2000.0, 1.2],
            [12.0, 60.0, 1000.0, 2.8],
        ];
        let rows: Vec<Vec<(u8, Obs)>> = x
            .iter()
            .map(|r| vec![(1, V(r[0])), (3, V(r[1])), (22, V(r[2])), (32, V(r[3]))])
            .collect();
        let refs: Vec<&[(u8, Obs)]> = rows.iter().map(|r| r.as_slice()).collect();
        let o = obs(&inds, &refs);
        let r = score_cohort(&inds, &o, &s);
        (inds, r)
    }

    #[test]
    fn scheme_weights_are_area_weight_times_item_share() {
        let (inds, r) = reference("topsis", "scheme");
        let w = |id| r.weights[idx(&inds, id)];
        close(w("1"), 0.07692307692307693);
        close(w("3"), 0.15384615384615385);
        close(w("22"), 0.38461538461538464);
        close(w("32"), 0.38461538461538464);
    }

    #[test]
    fn topsis_matches_pymcdm() {
        let (_, r) = reference("topsis", "scheme");
        let expected = [
            13.268496702822588,
            59.72904259402173,
            23.87828525812932,
            79.65161252972874,
            36.048659326390286,
        ];
        for (m, e) in r.members.iter().zip(expected) {
            close(m.total.unwrap(), e);
        }
        assert_eq!(
            r.members
                .iter()
                .map(|m| m.rank.unwrap())
                .collect::<Vec<_>>(),
            [5, 2, 4, 1, 3]
        );
    }

    #[test]
    fn rsr_matches_the_reference_and_tiers_by_probit() {
        let (_, r) = reference("rsr", "scheme");
        let expected = [
            26.366047745358088,
            65.21823004581626,
            40.6993006993007,
            87.38461538461539,
            49.513383168555585,
        ];
        for (m, e) in r.members.iter().zip(expected) {
            close(m.total.unwrap(), e);
        }
        let fit = probit_fit(&expected.map(|e| Some(e / 100.0))).unwrap();
        close(fit.a, -0.7562044355029807);
        close(fit.b, 0.2429301372256006);
        let grades: Vec<&str> = r
            .members
            .iter()
            .map(|m| m.grade.as_deref().unwrap())
            .collect();
        assert_eq!(grades, ["合格", "合格", "合格", "优秀", "合格"]);
    }

    #[test]
    fn entropy_weights_match_the_reference() {
        let (inds, r) = reference("composite", "entropy");
        let w = |id| r.weights[idx(&inds, id)];
        close(w("1"), 0.2375034272979629);
        close(w("3"), 0.2814881048611801);
        close(w("22"), 0.27848493932042245);
        close(w("32"), 0.20252352852043456);
        let expected = [
            4.190141969388299,
            48.76795847858247,
            45.419791772503174,
            68.72848488004472,
            42.13416695932159,
        ];
        for (m, e) in r.members.iter().zip(expected) {
            close(m.total.unwrap(), e);
        }
    }

    #[test]
    fn entropy_gives_no_weight_to_an_indicator_that_does_not_vary() {
        let z = vec![vec![Some(1.0), Some(0.0)], vec![Some(1.0), Some(1.0)]];
        let w = entropy_weights(&z, 2);
        assert_eq!(w, [0.0, 1.0]);
    }

    #[test]
    fn derived_indicators_and_their_denominators() {
        let s = Scheme::default();
        let inds = indicators(&s);
        let d = |id: &str| inds.iter().find(|i| i.id == id).unwrap().clone();
        let mut vals = vec![crate::value::Parsed::missing(); 69];
        let set = |vals: &mut Vec<crate::value::Parsed>, no: usize, s: &str| {
            vals[no - 1] = crate::value::parse_text(s, catalog::item(no as u8).unwrap())
        };
        for (no, v) in [
            (9, "0"),
            (10, "1"),
            (11, "3"),
            (12, "10"),
            (13, "6"),
            (3, "40"),
            (7, "30"),
            (29, "0"),
            (30, "0"),
        ] {
            set(&mut vals, no, v);
        }
        assert_eq!(observe(&vals, &d("D1")), V(20.0));
        assert_eq!(observe(&vals, &d("D3")), V(0.75));
        assert_eq!(observe(&vals, &d("D4")), Na, "zero denominator");
        assert_eq!(observe(&vals, &d("D2")), Na, "missing denominator");
        set(&mut vals, 29, "100");
        assert_eq!(observe(&vals, &d("D4")), V(0.0));
        assert_eq!(
            observe(&vals, &d("D5")),
            Missing,
            "missing numerator scores 0"
        );
    }

    #[test]
    fn normal_quantiles_match_pythons() {
        for (p, q) in [
            (0.001, -3.090232306167813),
            (0.025, -1.9599639845400538),
            (0.1, -1.2815515655446008),
            (0.3, -0.5244005127080407),
            (0.5, 0.0),
            (0.84134, 0.9999803859660789),
            (0.975, 1.9599639845400536),
            (0.999, 3.090232306167813),
        ] {
            assert!(
                (inverse_normal(p) - q).abs() < 1e-12,
                "Φ⁻¹({p}) = {} ≠ {q}",
                inverse_normal(p)
            );
        }
        for (x, e) in [
            (0.5, 0.4795001221869535),
            (1.9, 0.0072095707647425325),
            (2.5, 0.0004069520174449589),
            (4.5, 1.9661604415428873e-10),
            (-1.0, 1.842700792949715),
        ] {
            assert!(
                ((erfc(x) - e) / e).abs() < 1e-12,
                "erfc({x}) = {} ≠ {e}",
                erfc(x)
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn scores_are_bounded_and_deterministic(vals in proptest::collection::vec((0.0f64..1000.0, 0.0f64..100.0, 0u8..3), 2..12)) {
            let s = hand_scheme();
            let inds = indicators(&s);
            let rows: Vec<Vec<(u8, Obs)>> = vals.iter().map(|(a, b, k)| {
                let o = match k { 0 => V(*b), 1 => Missing, _ => Na };
                vec![(1, V(*a)), (3, V(*b)), (32, o), (43, V(*b))]
            }).collect();
            let refs: Vec<&[(u8, Obs)]> = rows.iter().map(|r| r.as_slice()).collect();
            let o = obs(&inds, &refs);
            let r1 = score_cohort(&inds, &o, &s);
            let r2 = score_cohort(&inds, &o, &s);
            proptest::prop_assert_eq!(&r1, &r2);
            for m in &r1.members {
                let t = m.total.unwrap();
                proptest::prop_assert!((0.0..=100.0 + 1e-9).contains(&t));
                proptest::prop_assert!(m.rank.unwrap() >= 1 && m.rank.unwrap() <= vals.len());
            }
            proptest::prop_assert!(r1.members.iter().any(|m| m.rank == Some(1)));
        }
    }
}
