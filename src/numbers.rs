//! Numbers every layer needs (data, model, estimation, reports): a number written for a
//! sentence, and the standard normal quantile. They live here, not in `report` or in the
//! Bayesian sampler, so that reading an experiments file or computing a model's implied lift
//! does not reach into either.

/// From this size on, numbers are written in exponent form ("2.548e305", not 306 digits).
pub const EXPONENT_FROM: f64 = 1e15;

/// A number for a sentence: thousands grouped and no decimals from 100 up ("60,319"), two
/// decimals below ("0.18"), exponent form from [`EXPONENT_FROM`] ("2.548e17"), "-" when not
/// finite.
pub fn number(v: f64) -> String {
    if !v.is_finite() {
        return "-".into();
    }
    if v.abs() >= EXPONENT_FROM {
        return format!("{v:.3e}");
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

/// A number as written, for an error message: its shortest exact form ("7", "0.5", "1234.5"),
/// in exponent form when very large or very small ("2.5477797e305", "7.593e-297").
pub fn exact(v: f64) -> String {
    if v == 0.0 || (1e-4..EXPONENT_FROM).contains(&v.abs()) || !v.is_finite() {
        format!("{v}")
    } else {
        format!("{v:e}")
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

/// Student's t quantile for `nu` degrees of freedom (`nu` held to 3 or more; NaN for `p`
/// outside (0, 1)): the Cornish–Fisher expansion about the normal quantile (Abramowitz and
/// Stegun 26.7.5, four terms), within 10⁻⁴ of the tables from 5 degrees of freedom at the 95 %
/// quantile. Written by hand: one quantile per fit, where an exact incomplete-beta inversion
/// would bring in a statistics crate for one number.
pub fn student_t_quantile(p: f64, nu: f64) -> f64 {
    let z = normal_quantile(p);
    let nu = nu.max(3.0);
    let z2 = z * z;
    let g1 = z * (z2 + 1.0) / 4.0;
    let g2 = z * ((5.0 * z2 + 16.0) * z2 + 3.0) / 96.0;
    let g3 = z * (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) / 384.0;
    let g4 = z * ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) / 92160.0;
    z + g1 / nu + g2 / (nu * nu) + g3 / nu.powi(3) + g4 / nu.powi(4)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Very large and very small numbers are written short (a KPI of 2.5e305 was printed in
    /// 306 digits).
    #[test]
    fn extreme_numbers_are_written_in_exponent_form() {
        assert_eq!(number(2.5477797e305), "2.548e305");
        assert_eq!(number(-1e15), "-1.000e15");
        assert_eq!(number(999_999_999_999_999.0), "999,999,999,999,999");
        assert_eq!(exact(2.5477797e305), "2.5477797e305");
        assert_eq!(exact(7.593e-297), "7.593e-297");
        assert_eq!(exact(7.0), "7");
        assert_eq!(exact(0.5), "0.5");
        assert_eq!(exact(-3.25), "-3.25");
        assert_eq!(exact(0.0), "0");
    }

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
    fn student_t_quantiles_match_tables() {
        // R: qt(0.95, c(5, 10, 30, 100)), qt(0.975, 20)
        for (p, nu, table) in [
            (0.95, 5.0, 2.015048),
            (0.95, 10.0, 1.812461),
            (0.95, 30.0, 1.697261),
            (0.95, 100.0, 1.660234),
            (0.975, 20.0, 2.085963),
        ] {
            let t = student_t_quantile(p, nu);
            assert!(
                (t - table).abs() < 1e-4,
                "t({p}, {nu}) = {t}, table {table}"
            );
        }
        assert!((student_t_quantile(0.95, 1e9) - 1.644854).abs() < 1e-6);
        assert!(student_t_quantile(1.5, 10.0).is_nan());
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
