//! Numbers every layer needs (data, model, estimation, reports): a number written for a
//! sentence, and the standard normal quantile. They live here, not in `report` or in the
//! Bayesian sampler, so that reading an experiments file or computing a model's implied lift
//! does not reach into either.

/// A number for a sentence: thousands grouped and no decimals from 100 up ("60,319"), two
/// decimals below ("0.18"), "-" when not finite.
pub fn number(v: f64) -> String {
    if !v.is_finite() {
        return "-".into();
    }
    if v.abs() < 100.0 {
        return format!("{v:.2}");
    }
    let grouped = grouped(&format!("{:.0}", v.abs()));
    if v < 0.0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

/// A count for a sentence: thousands grouped ("3,652"), no decimals.
pub fn count(v: usize) -> String {
    grouped(&v.to_string())
}

/// A string of digits with a comma between each group of three from the right.
fn grouped(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// The standard normal quantile `Φ⁻¹(p)` for `0 < p < 1` (NaN outside): bisection on
/// `erfc`, exact to the last few bits; for the few quantiles a fit needs (a test's confidence
/// level), so speed does not matter.
pub fn normal_quantile(p: f64) -> f64 {
    if !(p > 0.0 && p < 1.0) {
        return f64::NAN;
    }
    let (mut lo, mut hi) = (-40.0f64, 40.0f64);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if 0.5 * libm::erfc(-mid / std::f64::consts::SQRT_2) < p {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= f64::EPSILON * mid.abs().max(1e-300) {
            break;
        }
    }
    0.5 * (lo + hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_for_sentences() {
        assert_eq!(number(60318.716), "60,319");
        assert_eq!(number(-1234.6), "-1,235");
        assert_eq!(number(0.1816), "0.18");
        assert_eq!(number(f64::NAN), "-");
        assert_eq!(count(96), "96");
        assert_eq!(count(3652), "3,652");
        assert_eq!(count(1_000_000), "1,000,000");
    }

    #[test]
    fn normal_quantiles_match_tables() {
        // Φ⁻¹(0.95) = 1.6448536269514722, Φ⁻¹(0.975) = 1.959963984540054 (R's qnorm).
        assert!((normal_quantile(0.95) - 1.644_853_626_951_472_2).abs() < 1e-12);
        assert!((normal_quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-12);
        assert!((normal_quantile(0.5)).abs() < 1e-15);
        assert!(normal_quantile(1.0).is_nan() && normal_quantile(0.0).is_nan());
    }
}
