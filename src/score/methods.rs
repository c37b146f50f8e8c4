//! The ranking methods behind one trait: each turns a cohort's normalised scores into totals.
//! Composite (the scheme's area-weighted total, SCORING.md), TOPSIS (closeness × 100, pymcdm's
//! conventions with min–max normalisation) and the weighted non-integer rank-sum ratio.

use super::{weighted_mean, MemberScore};
use crate::model::Num;
use crate::scheme::{Method as MethodId, Scheme, Weights};

/// What a method sees of a cohort.
pub struct Cohort<'a> {
    /// `z[i][j]`: member i's normalised score (0–1) on indicator j; `None` when left out.
    pub z: &'a [Vec<Num>],
    /// Indicator weights, summing to 1.
    pub weights: &'a [f64],
    /// Item and area scores already computed.
    pub members: &'a [MemberScore],
    pub scheme: &'a Scheme,
}

/// A ranking method: the total of each member (0–100), `None` when it has nothing scored.
pub trait Method {
    fn totals(&self, c: &Cohort<'_>) -> Vec<Option<f64>>;
}

/// The method a scheme names.
pub fn of(m: MethodId) -> &'static dyn Method {
    match m {
        MethodId::Composite => &Composite,
        MethodId::Topsis => &Topsis,
        MethodId::Rsr => &Rsr,
    }
}

/// Σ area weight × area score / Σ weights of the areas that have a scored item; with entropy
/// weights, the weighted mean of the item scores.
pub struct Composite;

impl Method for Composite {
    fn totals(&self, c: &Cohort<'_>) -> Vec<Option<f64>> {
        c.members
            .iter()
            .zip(c.z)
            .map(|(m, z)| match c.scheme.weights {
                Weights::Scheme => {
                    let (mut num, mut den) = (0.0, 0.0);
                    for (a, s) in m.areas.iter().enumerate() {
                        if let Some(s) = s {
                            let w = c.scheme.area_weight(a as u8 + 1);
                            num += w * s;
                            den += w;
                        }
                    }
                    (den > 0.0).then(|| num / den)
                }
                Weights::Entropy => weighted_mean(super::item_scores(z), c.weights),
            })
            .collect()
    }
}

/// TOPSIS: v = w·z, ideal v⁺ = max, anti-ideal v⁻ = min over the cohort, closeness
/// C = D⁻ / (D⁺ + D⁻); a not-applicable value is left out of that member's distances.
pub struct Topsis;

impl Method for Topsis {
    fn totals(&self, c: &Cohort<'_>) -> Vec<Option<f64>> {
        let w = c.weights;
        let m = w.len();
        let mut best = vec![f64::NEG_INFINITY; m];
        let mut worst = vec![f64::INFINITY; m];
        for row in c.z {
            for j in 0..m {
                if let Some(v) = row[j].get() {
                    best[j] = best[j].max(w[j] * v);
                    worst[j] = worst[j].min(w[j] * v);
                }
            }
        }
        c.z.iter()
            .map(|row| {
                let (mut dp, mut dm, mut any) = (0.0, 0.0, false);
                for j in 0..m {
                    if let (Some(v), true) = (row[j].get(), w[j] > 0.0) {
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
}

/// Weighted rank-sum ratio: R = 1 + (n − 1)·z, WRSR = Σ w·R / n, × 100.
pub struct Rsr;

impl Method for Rsr {
    fn totals(&self, c: &Cohort<'_>) -> Vec<Option<f64>> {
        let n = c.z.len() as f64;
        c.z.iter()
            .map(|row| {
                let r = row.iter().map(|v| v.get().map(|v| 1.0 + (n - 1.0) * v));
                weighted_mean(r, c.weights).map(|w| 100.0 * w / n)
            })
            .collect()
    }
}
