//! Summaries of a quantity evaluated under each draw of a fitted model: weighted quantiles and
//! weighted shares. The draws are equally weighted today; the weights are explicit so that
//! likelihood-weighted draws (or importance weights) need no new code.
//!
//! **Quantile definition.** For values `v` with non-negative weights `w` (zero-weight values are
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

/// The central interval reported for uncertain plan figures: 5 % to 95 %.
pub const INTERVAL_LEVEL: f64 = 0.9;

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
mod tests {
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
        assert_eq!(weighted_quantiles(&[4.0], &[0.3], &[0.05, 0.95]), Some(vec![4.0, 4.0]));
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
        assert_close(weighted_share(&[true, false, true], &[1.0, 1.0, 1.0]).unwrap(), 2.0 / 3.0, 1e-15);
        assert_close(weighted_share(&[true, false], &[3.0, 1.0]).unwrap(), 0.75, 1e-15);
        // No hit is +0, not −0.
        let none = weighted_share(&[false, false], &[1.0, 1.0]).unwrap();
        assert_eq!(none.to_bits(), 0.0f64.to_bits(), "{none}");
    }
}
