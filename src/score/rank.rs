//! Competition ranks (1, 2, 2, 4), grades by position or by total, and the RSR method's three
//! tiers by probit.

use crate::scheme::{GradeBy, Method, Scheme};
use crate::stats::probit_fit;

/// Competition ranks, highest first; totals within `tol` share a rank (1, 2, 2, 4).
pub fn competition_ranks(totals: &[Option<f64>], tol: f64) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..totals.len()).filter(|&i| totals[i].is_some()).collect();
    // A total order (f64::total_cmp), so the ranking never depends on how a sort meets NaN.
    order.sort_by(|&a, &b| {
        let (x, y) = (totals[a].unwrap_or(f64::NAN), totals[b].unwrap_or(f64::NAN));
        y.total_cmp(&x).then(a.cmp(&b))
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

/// The grade of each ranked member: RSR's probit tiers when the scheme grades the rank-sum
/// ratio by position into three tiers, else the scheme's rule.
pub fn grades(
    scheme: &Scheme,
    totals: &[Option<f64>],
    ranks: &[Option<usize>],
) -> Vec<Option<String>> {
    let ranked = ranks.iter().filter(|r| r.is_some()).count();
    let probit = (scheme.method == Method::Rsr
        && scheme.grade.by == GradeBy::Position
        && scheme.grade.tiers.len() == 3)
        .then(|| rsr_tiers(totals, scheme.rsr.probit_cuts))
        .flatten();
    ranks
        .iter()
        .enumerate()
        .map(|(i, r)| match (&probit, r) {
            (Some(t), Some(_)) => t[i].map(|tier| scheme.grade.tiers[tier].label.clone()),
            (None, Some(r)) => grade(scheme, *r, ranked, totals[i].unwrap_or(0.0)),
            _ => None,
        })
        .collect()
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
