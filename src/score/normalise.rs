//! Item scores on 0–1: against a benchmark (`full`, `zero`) or min–max within the cohort,
//! with the item's direction; missing scores 0, not applicable is left out.

use super::{Indicator, Obs};
use crate::form::Direction;
use crate::model::Num;

/// 0–100 against a benchmark: 100 at or beyond `full`, 0 at or beyond `zero`.
pub fn bench_score(x: f64, full: f64, zero: f64) -> f64 {
    (100.0 * (x - zero) / (full - zero)).clamp(0.0, 100.0)
}

/// Min-max normalised 0–1 scores per indicator (direction applied, all-equal → 1, missing → 0,
/// benchmark items s/100, not applicable → None). Indicators no member has a value for are
/// `None` throughout. `obs(i, j)` is member i's observation of indicator j, of `n` members.
pub fn normalised(
    inds: &[Indicator],
    n: usize,
    obs: &dyn Fn(usize, usize) -> Obs,
) -> Vec<Vec<Num>> {
    let mut z = vec![vec![Num::from(None); inds.len()]; n];
    for (j, ind) in inds.iter().enumerate() {
        if !ind.scored() {
            continue;
        }
        let mut vals = (0..n).filter_map(|i| obs(i, j).value()).peekable();
        if vals.peek().is_none() {
            continue; // left out for the whole cohort
        }
        let (min, max) = vals.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), x| {
            (lo.min(x), hi.max(x))
        });
        for (i, row) in z.iter_mut().enumerate() {
            row[j] = Num::from(match obs(i, j) {
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
            });
        }
    }
    z
}
