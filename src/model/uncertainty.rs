//! Uncertainty from a fitted model's draws: quantiles, intervals, and each draw's ROI.
//!
//! Intervals are equal-tailed: the `(1 − level)/2` and `(1 + level)/2` quantiles of a quantity
//! over the draws, with quantiles by linear interpolation between order statistics (Hyndman and
//! Fan's type 7, the default of R and NumPy).

use super::features::Features;
use super::fitted::{FittedModel, Parameters};
use super::results::ModelResults;

/// The level of every interval MixLens reports (MODEL.json `interval_level`).
pub const INTERVAL_LEVEL: f64 = 0.9;

/// The `q` quantile of sorted values (type 7); NaN for none.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let h = (n - 1) as f64 * q.clamp(0.0, 1.0);
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

/// The equal-tailed interval at `level` of some values (NaN ends for none).
pub fn interval(values: &[f64], level: f64) -> [f64; 2] {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    let tail = 0.5 * (1.0 - level);
    [quantile_sorted(&v, tail), quantile_sorted(&v, 1.0 - tail)]
}

/// Each paid channel's ROI under a parameter set: its contribution over all periods divided by
/// its spend (the definition of [`super::results::compute`]).
pub fn roi_of(params: &Parameters, features: &Features) -> Vec<f64> {
    (0..features.paid)
        .map(|k| {
            let spend: f64 = features.spend[k].iter().sum();
            let contribution: f64 = params.media[k].series(&features.activity[k]).iter().sum();
            if spend > 0.0 {
                contribution / spend
            } else {
                0.0
            }
        })
        .collect()
}

/// Each paid channel's ROI interval at `level` over the model's draws; `None` without draws.
pub fn roi_intervals(
    model: &FittedModel,
    features: &Features,
    level: f64,
) -> Option<Vec<[f64; 2]>> {
    if model.draws.is_empty() {
        return None;
    }
    let rois: Vec<Vec<f64>> = model.draws.iter().map(|d| roi_of(d, features)).collect();
    Some(
        (0..features.paid)
            .map(|k| interval(&rois.iter().map(|r| r[k]).collect::<Vec<_>>(), level))
            .collect(),
    )
}

/// Fill the intervals of results computed for one parameter set of `model` (its ROI,
/// contribution and response intervals per channel, the fitted KPI's band per period) from the
/// model's draws; cleared when it has none.
pub fn set_intervals(
    results: &mut ModelResults,
    model: &FittedModel,
    features: &Features,
    level: f64,
) {
    let draws = &model.draws;
    for c in &mut results.channels {
        c.roi_interval = None;
        c.contribution_interval = None;
        c.response_band.clear();
    }
    results.decomposition.fitted_band.clear();
    if draws.is_empty() {
        return;
    }
    let n = features.n;
    let mut fitted: Vec<Vec<f64>> = vec![Vec::with_capacity(draws.len()); n];
    let mut contributions: Vec<Vec<f64>> = vec![Vec::with_capacity(draws.len()); features.paid];
    for d in draws {
        let mut total = features.baseline_series(&d.baseline);
        for (k, (m, x)) in d.media.iter().zip(&features.activity).enumerate() {
            let s = m.series(x);
            if k < features.paid {
                contributions[k].push(s.iter().sum());
            }
            total.iter_mut().zip(&s).for_each(|(t, v)| *t += v);
        }
        for (f, v) in fitted.iter_mut().zip(total) {
            f.push(v);
        }
    }
    results.decomposition.fitted_band = fitted.iter().map(|v| interval(v, level)).collect();
    for (k, c) in results.channels.iter_mut().enumerate() {
        let [lo, hi] = interval(&contributions[k], level);
        c.contribution_interval = Some([lo, hi]);
        c.roi_interval = (c.spend > 0.0).then(|| [lo / c.spend, hi / c.spend]);
        let curves: Vec<_> = draws.iter().map(|d| model.curve(d, k)).collect();
        c.response_band = c
            .response_curve
            .iter()
            .map(|p| {
                let v: Vec<f64> = curves.iter().map(|r| r.value(p.spend)).collect();
                interval(&v, level)
            })
            .collect();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_7_quantiles_match_r() {
        // R: quantile(c(1, 2, 4, 8, 16), c(0.05, 0.5, 0.95)) = 1.2, 4, 14.4
        let v = [1.0, 2.0, 4.0, 8.0, 16.0];
        assert!((quantile_sorted(&v, 0.05) - 1.2).abs() < 1e-12);
        assert_eq!(quantile_sorted(&v, 0.5), 4.0);
        assert!((quantile_sorted(&v, 0.95) - 14.4).abs() < 1e-12);
        let [lo, hi] = interval(&[16.0, 1.0, 8.0, 2.0, 4.0, f64::NAN], 0.9);
        assert!((lo - 1.2).abs() < 1e-12 && (hi - 14.4).abs() < 1e-12);
        assert!(quantile_sorted(&[], 0.5).is_nan());
    }
}
