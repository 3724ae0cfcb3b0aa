//! Uncertainty from a fitted model's draws: quantiles, intervals, and each draw's ROI.
//!
//! Intervals are equal-tailed: the `(1 − level)/2` and `(1 + level)/2` quantiles of a quantity
//! over the draws, with quantiles by linear interpolation between order statistics (Hyndman and
//! Fan's type 7, the default of R and NumPy).
//!
//! **Weighted quantiles** (for figures evaluated under each draw, such as a plan's uplift): the
//! draws are equally weighted today; the weights are explicit so that likelihood-weighted draws
//! (or importance weights) need no new code.
//!
//! For values `v` with non-negative weights `w` (zero-weight values are
//! dropped, the rest normalized to sum 1), sort the values, and place the `k`-th smallest
//! (0-based) at the plotting position
//!
//! ```text
//! p_k = (w_0 + … + w_{k−1}) / (w_0 + … + w_{n−2})
//! ```
//!
//! (the weight strictly below it, over the weight strictly below the largest value), so the
//! smallest value sits at 0 and the largest at 1. The `q`-quantile interpolates linearly between
//! the two values whose positions enclose `q`. With equal weights `p_k = k / (n − 1)`: this is
//! Hyndman and Fan's type 7, the default of R's `quantile` and of NumPy's `quantile`.

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
/// contribution and response intervals per channel, the fitted KPI's band per period); cleared
/// when the model has none.
///
/// - **Posterior draws** (the Bayesian estimator): equal-tailed quantiles over the draws.
/// - **The ridge search** with interval ends ([`FittedModel::interval_ends`]): each paid
///   channel's ROI and contribution interval run between its two ends (profile-likelihood
///   intervals, [`crate::estimate::search::profile`]); its response band spans its curve under
///   the parameter set shown and under its two ends; the fitted KPI's band spans the fitted
///   values under the parameter set shown and every end.
/// - The ridge search's draws alone make no interval: they are the alternatives that fit about
///   as well, not a sample of a distribution, and their 5–95 % spread held the true ROI for only
///   48 of 123 channels on the out-of-family generator (BENCHMARKS.md).
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
    if model.estimator == super::EstimatorKind::RidgeSearch {
        if model.interval_ends.len() == 2 * features.paid && features.paid > 0 {
            set_profile_intervals(results, model, features);
        }
        return;
    }
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

/// The ridge search's intervals from its interval ends (see [`set_intervals`]).
fn set_profile_intervals(results: &mut ModelResults, model: &FittedModel, features: &Features) {
    let ends = &model.interval_ends;
    let fitted_of = |p: &Parameters| -> Vec<f64> {
        let mut total = features.baseline_series(&p.baseline);
        for (m, x) in p.media.iter().zip(&features.activity) {
            total.iter_mut().zip(m.series(x)).for_each(|(t, v)| *t += v);
        }
        total
    };
    let shown: Vec<f64> = results.decomposition.fitted.clone();
    let mut band: Vec<[f64; 2]> = shown.iter().map(|&v| [v, v]).collect();
    for e in ends {
        for (b, v) in band.iter_mut().zip(fitted_of(e)) {
            b[0] = b[0].min(v);
            b[1] = b[1].max(v);
        }
    }
    results.decomposition.fitted_band = band;
    for (k, c) in results.channels.iter_mut().enumerate() {
        let contribution =
            |p: &Parameters| -> f64 { p.media[k].series(&features.activity[k]).iter().sum() };
        let (lo, hi) = (contribution(&ends[2 * k]), contribution(&ends[2 * k + 1]));
        let (lo, hi) = (lo.min(hi), lo.max(hi));
        c.contribution_interval = Some([lo, hi]);
        c.roi_interval = (c.spend > 0.0).then(|| [lo / c.spend, hi / c.spend]);
        let curves = [
            model.curve(&ends[2 * k], k),
            model.curve(&ends[2 * k + 1], k),
        ];
        c.response_band = c
            .response_curve
            .iter()
            .map(|p| {
                curves.iter().fold([p.response, p.response], |[l, h], r| {
                    let v = r.value(p.spend);
                    [l.min(v), h.max(v)]
                })
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
        assert!((quantile_sorted(&v, 0.5) - 4.0).abs() < 1e-12);
        assert!((quantile_sorted(&v, 0.95) - 14.4).abs() < 1e-12);
        let [lo, hi] = interval(&[16.0, 1.0, 8.0, 2.0, 4.0, f64::NAN], 0.9);
        assert!((lo - 1.2).abs() < 1e-12 && (hi - 14.4).abs() < 1e-12);
        assert!(quantile_sorted(&[], 0.5).is_nan());
    }
}

// ---- weighted quantiles and shares ------------------------------------------------------

/// `n` equal weights (the draws of today's estimators).
pub fn equal_weights(n: usize) -> Vec<f64> {
    vec![1.0; n]
}

/// The weighted `q`-quantile of `values` (see the module documentation for the definition).
///
/// `None` when there is nothing to summarize or the input cannot be summarized: no values, a
/// weights slice of another length, a weight that is negative or not finite, all weights zero,
/// a value that is not finite among those weighted, or `q` outside [0, 1].
pub fn weighted_quantile(values: &[f64], weights: &[f64], q: f64) -> Option<f64> {
    weighted_quantiles(values, weights, &[q]).map(|v| v[0])
}

/// Several weighted quantiles of the same values (sorted once); `None` as
/// [`weighted_quantile`], or when any `q` is outside [0, 1].
pub fn weighted_quantiles(values: &[f64], weights: &[f64], qs: &[f64]) -> Option<Vec<f64>> {
    let mut pairs = valid_pairs(values, weights)?;
    if !qs.iter().all(|q| (0.0..=1.0).contains(q)) {
        return None;
    }
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let n = pairs.len();
    if n == 1 {
        return Some(vec![pairs[0].0; qs.len()]);
    }
    // Positions: the weight strictly below each value, over the weight below the largest.
    let mut below = Vec::with_capacity(n);
    let mut acc = 0.0;
    for &(_, w) in &pairs {
        below.push(acc);
        acc += w;
    }
    let span = below[n - 1];
    let pos: Vec<f64> = below.iter().map(|b| b / span).collect();
    Some(
        qs.iter()
            .map(|&q| {
                // The last position at or below q (the first is 0, so there is one).
                let k = pos.partition_point(|&p| p <= q).saturating_sub(1);
                if k + 1 >= n {
                    return pairs[n - 1].0;
                }
                let (p0, p1) = (pos[k], pos[k + 1]);
                let t = if p1 > p0 { (q - p0) / (p1 - p0) } else { 0.0 };
                pairs[k].0 + t * (pairs[k + 1].0 - pairs[k].0)
            })
            .collect(),
    )
}

/// The weighted share of `hits` that are true (the probability of an event under the draws);
/// `None` as [`weighted_quantile`] for the weights.
pub fn weighted_share(hits: &[bool], weights: &[f64]) -> Option<f64> {
    if hits.len() != weights.len() || !weights.iter().all(|w| w.is_finite() && *w >= 0.0) {
        return None;
    }
    let total: f64 = weights.iter().sum();
    if !(total > 0.0 && total.is_finite()) {
        return None;
    }
    // A fold from +0 (a float `sum` of nothing is −0, which would print as "-0.00").
    let yes = hits
        .iter()
        .zip(weights)
        .filter(|(h, _)| **h)
        .fold(0.0, |a, (_, w)| a + w);
    Some(yes / total)
}

/// The weighted values with a positive weight, weights normalized; `None` for invalid input.
fn valid_pairs(values: &[f64], weights: &[f64]) -> Option<Vec<(f64, f64)>> {
    if values.len() != weights.len() || !weights.iter().all(|w| w.is_finite() && *w >= 0.0) {
        return None;
    }
    let total: f64 = weights.iter().sum();
    if !(total > 0.0 && total.is_finite()) {
        return None;
    }
    let pairs: Vec<(f64, f64)> = values
        .iter()
        .zip(weights)
        .filter(|(_, w)| **w > 0.0)
        .map(|(&v, &w)| (v, w / total))
        .collect();
    pairs.iter().all(|(v, _)| v.is_finite()).then_some(pairs)
}

#[cfg(test)]
mod weighted_tests {
    use super::*;
    use crate::precision::assert_close;

    #[test]
    fn equal_weights_give_type_7_by_hand() {
        // Sorted 1, 2, 4, 8 at positions 0, 1/3, 2/3, 1.
        let v = [8.0, 1.0, 4.0, 2.0];
        let w = equal_weights(4);
        // q = 0.5: position 1.5 of 3 -> halfway between 2 and 4.
        assert_close(weighted_quantile(&v, &w, 0.5).unwrap(), 3.0, 1e-15);
        // q = 0.05: h = 0.15 -> 1 + 0.15 · (2 − 1).
        assert_close(weighted_quantile(&v, &w, 0.05).unwrap(), 1.15, 1e-14);
        // q = 0.95: h = 2.85 -> 4 + 0.85 · (8 − 4).
        assert_close(weighted_quantile(&v, &w, 0.95).unwrap(), 7.4, 1e-14);
        assert_close(weighted_quantile(&v, &w, 0.0).unwrap(), 1.0, 1e-15);
        assert_close(weighted_quantile(&v, &w, 1.0).unwrap(), 8.0, 1e-15);
    }

    /// Python's `statistics.quantiles([i * i for i in range(1, 11)], n=20,
    /// method='inclusive')` (type 7) gives 2.35 first and 91.45 last.
    #[test]
    fn equal_weights_match_python_on_squares() {
        let v: Vec<f64> = (1..=10).map(|i| f64::from(i * i)).collect();
        let q = weighted_quantiles(&v, &equal_weights(10), &[0.05, 0.95]).unwrap();
        assert_close(q[0], 2.35, 1e-13);
        assert_close(q[1], 91.45, 1e-13);
    }

    #[test]
    fn unequal_weights_by_hand() {
        // Weights 1, 2, 1 on 10, 20, 30: weight below each 0, 1/4, 3/4, positions 0, 1/3, 1;
        // q = 0.5 lies a quarter of the way from 20 (1/3) to 30 (1): 22.5.
        let q = weighted_quantile(&[30.0, 10.0, 20.0], &[1.0, 1.0, 2.0], 0.5).unwrap();
        assert_close(q, 22.5, 1e-14);
        // A zero weight removes the value.
        let q = weighted_quantile(&[1.0, 100.0, 3.0], &[1.0, 0.0, 1.0], 0.5).unwrap();
        assert_close(q, 2.0, 1e-15);
    }

    #[test]
    fn weights_only_matter_relative_to_each_other() {
        let v = [3.0, -1.0, 7.0, 2.5, 0.0];
        let a = weighted_quantiles(&v, &[1.0, 2.0, 0.5, 1.0, 3.0], &[0.05, 0.5, 0.95]).unwrap();
        let b = weighted_quantiles(&v, &[10.0, 20.0, 5.0, 10.0, 30.0], &[0.05, 0.5, 0.95]).unwrap();
        for (x, y) in a.iter().zip(&b) {
            assert_close(*x, *y, 1e-14);
        }
        assert!(a[0] < a[1] && a[1] < a[2], "{a:?}");
    }

    #[test]
    fn one_value_is_every_quantile() {
        assert_eq!(
            weighted_quantiles(&[4.0], &[0.3], &[0.05, 0.95]),
            Some(vec![4.0, 4.0])
        );
    }

    #[test]
    fn what_cannot_be_summarized_gives_none() {
        assert_eq!(weighted_quantile(&[], &[], 0.5), None);
        assert_eq!(weighted_quantile(&[1.0, 2.0], &[1.0], 0.5), None);
        assert_eq!(weighted_quantile(&[1.0, 2.0], &[1.0, -1.0], 0.5), None);
        assert_eq!(weighted_quantile(&[1.0, 2.0], &[0.0, 0.0], 0.5), None);
        assert_eq!(weighted_quantile(&[1.0, f64::NAN], &[1.0, 1.0], 0.5), None);
        assert_eq!(weighted_quantile(&[1.0, 2.0], &[1.0, 1.0], 1.5), None);
        assert_eq!(weighted_share(&[true], &[f64::INFINITY]), None);
    }

    #[test]
    fn weighted_share_counts_the_weight_of_the_hits() {
        assert_close(
            weighted_share(&[true, false, true], &[1.0, 1.0, 1.0]).unwrap(),
            2.0 / 3.0,
            1e-15,
        );
        assert_close(
            weighted_share(&[true, false], &[3.0, 1.0]).unwrap(),
            0.75,
            1e-15,
        );
        // No hit is +0, not −0.
        let none = weighted_share(&[false, false], &[1.0, 1.0]).unwrap();
        assert_eq!(none.to_bits(), 0.0f64.to_bits(), "{none}");
    }
}
