//! Indicator weights as shares of the total: the scheme's (area weight × the item's share of
//! its area) or entropy weights from the cohort's data.

use super::Indicator;
use crate::model::Num;
use crate::scheme::Scheme;

/// Entropy weights from normalised values (SCORING.md): p = y / Σy, e = −Σ p ln p / ln n,
/// d = 1 − e, w = d / Σd. Equal weights when no indicator varies.
pub fn entropy_weights(z: &[Vec<Num>], count: usize) -> Vec<f64> {
    let mut d = vec![0.0; count];
    let mut used = vec![false; count];
    for j in 0..count {
        let y: Vec<f64> = z.iter().filter_map(|r| r[j].get()).collect();
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

/// Scheme weights as shares of the total: area weight × the item's share of its area, over
/// the indicators in use, normalised to sum 1.
pub fn scheme_weights(inds: &[Indicator], in_use: &[bool], scheme: &Scheme) -> Vec<f64> {
    let areas = inds.iter().map(|i| usize::from(i.area)).max().unwrap_or(0);
    let mut area_sum = vec![0.0; areas + 1];
    for (j, ind) in inds.iter().enumerate() {
        if in_use[j] {
            area_sum[usize::from(ind.area)] += ind.weight;
        }
    }
    let mut w: Vec<f64> = inds
        .iter()
        .enumerate()
        .map(|(j, ind)| {
            let a = usize::from(ind.area);
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
