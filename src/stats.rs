//! Statistics the methods need and the standard library lacks: the standard normal quantile
//! Φ⁻¹ (for the rank-sum ratio's probits), the complementary error function, and the probit
//! regression of the RSR method. Checked against Python's `statistics.NormalDist` and `math.erfc`.

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
    v.sort_by(f64::total_cmp);
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
pub fn erfc(x: f64) -> f64 {
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
}
