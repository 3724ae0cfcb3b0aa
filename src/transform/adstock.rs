//! Adstock: how the effect of activity in one period carries into later periods.
//!
//! All three forms are Robyn's (see `MMM-REFERENCE.md`): the output at period t is
//! `y_t = Σ_{l≥0} w_l · x_{t−l}`, with unnormalized weights `w`:
//!
//! | kind         | weights                                                   | parameters                   |
//! |--------------|-----------------------------------------------------------|------------------------------|
//! | geometric    | `w_l = θ^l`                                               | θ ∈ [0, 1)                   |
//! | Weibull CDF  | `w_0 = 1`, `w_l = Π_{k=1..l} (1 − F(k; shape, λ))`        | shape ∈ (0, 20), scale ∈ [0, 1] |
//! | Weibull PDF  | min-max normalized Weibull density at lags 1..n           | shape ∈ (0, 20), scale ∈ [0, 1] |
//!
//! For the Weibull forms `λ = round(1 + scale·(n − 1))` with `n` the series length, rounding half
//! to even as R does. Robyn lets shape be 0 (all weights 0, i.e. the channel vanishes); this crate
//! requires shape > 0, since a channel that can never have an effect is better removed.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::precision::WEIGHT_CUTOFF;

/// The adstock family, chosen per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum AdstockKind {
    #[default]
    Geometric,
    WeibullCdf,
    WeibullPdf,
}

impl AdstockKind {
    /// Parse the names used on the command line and in files.
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "geometric" | "geo" => Ok(AdstockKind::Geometric),
            "weibull_cdf" | "weibull" => Ok(AdstockKind::WeibullCdf),
            "weibull_pdf" => Ok(AdstockKind::WeibullPdf),
            _ => Err(Error::setting(
                "adstock",
                s,
                "use geometric, weibull_cdf or weibull_pdf",
            )),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            AdstockKind::Geometric => "geometric",
            AdstockKind::WeibullCdf => "weibull_cdf",
            AdstockKind::WeibullPdf => "weibull_pdf",
        }
    }
}

/// A fully specified adstock.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Adstock {
    Geometric { theta: f64 },
    WeibullCdf { shape: f64, scale: f64 },
    WeibullPdf { shape: f64, scale: f64 },
}

fn check(
    transform: &'static str,
    parameter: &'static str,
    value: f64,
    ok: bool,
    range: &'static str,
) -> Result<()> {
    if value.is_finite() && ok {
        Ok(())
    } else {
        Err(Error::InvalidParameter {
            transform,
            parameter,
            value,
            range,
        })
    }
}

impl Adstock {
    /// Geometric adstock with decay θ.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] unless 0 ≤ θ < 1.
    pub fn geometric(theta: f64) -> Result<Self> {
        check(
            "Geometric adstock",
            "theta",
            theta,
            (0.0..1.0).contains(&theta),
            "[0, 1)",
        )?;
        Ok(Adstock::Geometric { theta })
    }

    /// Weibull CDF adstock.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] unless 0 < shape < 20 and 0 ≤ scale ≤ 1.
    pub fn weibull_cdf(shape: f64, scale: f64) -> Result<Self> {
        check(
            "Weibull CDF adstock",
            "shape",
            shape,
            shape > 0.0 && shape < 20.0,
            "(0, 20)",
        )?;
        check(
            "Weibull CDF adstock",
            "scale",
            scale,
            (0.0..=1.0).contains(&scale),
            "[0, 1]",
        )?;
        Ok(Adstock::WeibullCdf { shape, scale })
    }

    /// Weibull PDF adstock (allows a peak after the first period: a lagged effect).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] unless 0 < shape < 20 and 0 ≤ scale ≤ 1.
    pub fn weibull_pdf(shape: f64, scale: f64) -> Result<Self> {
        check(
            "Weibull PDF adstock",
            "shape",
            shape,
            shape > 0.0 && shape < 20.0,
            "(0, 20)",
        )?;
        check(
            "Weibull PDF adstock",
            "scale",
            scale,
            (0.0..=1.0).contains(&scale),
            "[0, 1]",
        )?;
        Ok(Adstock::WeibullPdf { shape, scale })
    }

    /// The family of this adstock.
    pub fn kind(&self) -> AdstockKind {
        match self {
            Adstock::Geometric { .. } => AdstockKind::Geometric,
            Adstock::WeibullCdf { .. } => AdstockKind::WeibullCdf,
            Adstock::WeibullPdf { .. } => AdstockKind::WeibullPdf,
        }
    }

    /// Weights `w_0..w_{n−1}` for a series of length `n`, trailing negligible weights dropped.
    pub fn weights(&self, n: usize) -> Vec<f64> {
        let n = n.max(1);
        let mut w = match *self {
            Adstock::Geometric { theta } => {
                let mut w = Vec::with_capacity(n);
                let mut v = 1.0;
                for _ in 0..n {
                    w.push(v);
                    v *= theta;
                    if v < WEIGHT_CUTOFF {
                        break;
                    }
                }
                w
            }
            Adstock::WeibullCdf { shape, scale } => {
                let lambda = weibull_scale(scale, n);
                let mut w = Vec::with_capacity(n);
                let mut v = 1.0;
                w.push(v);
                for k in 1..n {
                    v *= libm::exp(-libm::pow(k as f64 / lambda, shape));
                    if v < WEIGHT_CUTOFF {
                        break;
                    }
                    w.push(v);
                }
                w
            }
            Adstock::WeibullPdf { shape, scale } => {
                let lambda = weibull_scale(scale, n);
                let pdf: Vec<f64> = (1..=n)
                    .map(|x| weibull_density(x as f64, shape, lambda))
                    .collect();
                let (lo, hi) = pdf
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &p| {
                        (lo.min(p), hi.max(p))
                    });
                let range = hi - lo;
                if !range.is_finite() || range <= 0.0 {
                    let mut w = vec![0.0; n];
                    w[0] = 1.0;
                    w
                } else {
                    pdf.iter().map(|&p| (p - lo) / (hi - lo)).collect()
                }
            }
        };
        while w.len() > 1 && w.last().is_some_and(|&v| v < WEIGHT_CUTOFF) {
            w.pop();
        }
        w
    }

    /// Apply to a series: `out[t] = Σ_l w_l · x[t − l]`.
    pub fn apply(&self, x: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; x.len()];
        self.apply_into(x, &mut out);
        out
    }

    /// As [`Adstock::apply`], with the weights of a series of `fitted_len` periods (the Weibull
    /// forms scale with the series' length): for a series that runs on past the one the model
    /// was fitted on, whose weights must not change with it.
    pub fn apply_as_fitted(&self, x: &[f64], fitted_len: usize) -> Vec<f64> {
        let mut out = vec![0.0; x.len()];
        match *self {
            Adstock::Geometric { .. } => self.apply_into(x, &mut out),
            _ => convolve(x, &self.weights(fitted_len), &mut out),
        }
        out
    }

    /// Like [`Adstock::apply`], writing into `out` (same length as `x`).
    pub fn apply_into(&self, x: &[f64], out: &mut [f64]) {
        match *self {
            Adstock::Geometric { theta } => {
                let mut carry = 0.0;
                for (o, &v) in out.iter_mut().zip(x) {
                    carry = v + theta * carry;
                    *o = carry;
                }
            }
            _ => convolve(x, &self.weights(x.len()), out),
        }
    }

    /// Total weight `Σ w_l`: the adstocked level reached when the same activity is repeated every
    /// period for long enough (the steady state is `activity × total_weight`). `n` is the length
    /// of the series the model was fitted on (the Weibull forms depend on it).
    pub fn total_weight(&self, n: usize) -> f64 {
        match *self {
            Adstock::Geometric { theta } => 1.0 / (1.0 - theta),
            _ => self.weights(n).iter().sum(),
        }
    }

    /// Share of the total weight in the period of the activity itself (`w_0 / Σ w`).
    pub fn immediate_share(&self, n: usize) -> f64 {
        let w = self.weights(n);
        let total: f64 = self.total_weight(n);
        if total > 0.0 { w[0] / total } else { 1.0 }
    }

    /// Lags (in periods) until half of the total effect has been delivered.
    pub fn half_life(&self, n: usize) -> f64 {
        let w = self.weights(n);
        let total: f64 = w.iter().sum();
        let mut acc = 0.0;
        for (l, &v) in w.iter().enumerate() {
            acc += v;
            if acc >= 0.5 * total {
                return l as f64;
            }
        }
        (w.len() - 1) as f64
    }
}

/// Robyn's scale transformation: `round(quantile(1:n, scale))`, ties to even like R.
fn weibull_scale(scale: f64, n: usize) -> f64 {
    (1.0 + scale * (n as f64 - 1.0)).round_ties_even().max(1.0)
}

fn weibull_density(x: f64, shape: f64, lambda: f64) -> f64 {
    let z = x / lambda;
    (shape / lambda) * libm::pow(z, shape - 1.0) * libm::exp(-libm::pow(z, shape))
}

fn convolve(x: &[f64], w: &[f64], out: &mut [f64]) {
    for t in 0..x.len() {
        let lags = w.len().min(t + 1);
        let mut s = 0.0;
        for l in 0..lags {
            s += w[l] * x[t - l];
        }
        out[t] = s;
    }
}

#[cfg(test)]
// Exact comparisons are intended here: the values are exact by construction.
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;
    use crate::precision::assert_close;

    #[test]
    fn geometric_with_zero_decay_is_identity() {
        let x = [3.0, 0.0, 5.0, 1.0];
        assert_eq!(Adstock::geometric(0.0).unwrap().apply(&x), x.to_vec());
    }

    #[test]
    fn geometric_carries_half_forward() {
        let y = Adstock::geometric(0.5)
            .unwrap()
            .apply(&[100.0, 0.0, 0.0, 100.0]);
        assert_eq!(y, vec![100.0, 50.0, 25.0, 112.5]);
    }

    #[test]
    fn geometric_rejects_theta_of_one_or_more() {
        assert!(matches!(
            Adstock::geometric(1.0),
            Err(Error::InvalidParameter {
                parameter: "theta",
                ..
            })
        ));
        assert!(Adstock::geometric(-0.1).is_err());
        assert!(Adstock::geometric(f64::NAN).is_err());
    }

    #[test]
    fn geometric_steady_state_is_one_over_one_minus_theta() {
        let a = Adstock::geometric(0.6).unwrap();
        assert_close(a.total_weight(52), 2.5, 1e-12);
        let y = a.apply(&[10.0; 200]);
        assert_close(y[199], 25.0, 1e-9);
        assert_close(a.immediate_share(52), 0.4, 1e-12);
    }

    #[test]
    fn weibull_cdf_weights_match_closed_form() {
        // n = 5, scale = 0.5 -> lambda = round(1 + 0.5 * 4) = 3; 1 - F(k) = exp(-k/3) for shape 1.
        let w = Adstock::weibull_cdf(1.0, 0.5).unwrap().weights(5);
        let expected = [
            1.0,
            0.7165313105737893,
            0.36787944117144233,
            0.1353352832366127,
            0.0356739933472524,
        ];
        for (a, b) in w.iter().zip(expected) {
            assert_close(*a, b, 1e-12);
        }
    }

    #[test]
    fn weibull_pdf_weights_are_min_max_normalized_density() {
        // shape 2, lambda 3: peak at lag 1 (the second period): a lagged effect.
        let a = Adstock::weibull_pdf(2.0, 0.5).unwrap();
        let w = a.weights(5);
        let expected = [
            0.6011012112282292,
            1.0,
            0.8160303944006244,
            0.37589176758804727,
        ];
        assert_eq!(w.len(), 4, "the trailing zero weight is dropped");
        for (a, b) in w.iter().zip(expected) {
            assert_close(*a, b, 1e-12);
        }
        let y = a.apply(&[100.0, 0.0, 0.0, 100.0, 0.0]);
        let expected = [
            60.110121122822925,
            100.0,
            81.60303944006245,
            97.69929788162764,
            100.0,
        ];
        for (a, b) in y.iter().zip(expected) {
            assert_close(*a, b, 1e-10);
        }
    }

    #[test]
    fn weibull_scale_rounds_half_to_even_like_r() {
        assert_eq!(weibull_scale(0.125, 5), 2.0); // 1.5 -> 2
        assert_eq!(weibull_scale(0.375, 5), 2.0); // 2.5 -> 2
        assert_eq!(weibull_scale(0.0, 100), 1.0);
    }

    #[test]
    fn convolution_matches_the_geometric_recursion() {
        let x: Vec<f64> = (0..30).map(|i| ((i * 7) % 11) as f64).collect();
        let a = Adstock::geometric(0.7).unwrap();
        let mut by_weights = vec![0.0; x.len()];
        convolve(&x, &a.weights(x.len()), &mut by_weights);
        for (p, q) in a.apply(&x).iter().zip(&by_weights) {
            assert_close(*p, *q, 1e-9);
        }
    }

    #[test]
    fn weibull_rejects_bad_parameters() {
        assert!(Adstock::weibull_cdf(0.0, 0.5).is_err());
        assert!(Adstock::weibull_pdf(2.0, 1.5).is_err());
        assert!(Adstock::weibull_pdf(25.0, 0.5).is_err());
    }

    #[test]
    fn half_life_of_geometric_half_is_one_lag() {
        // weights 1, .5, .25, ... total 2: half is reached at lag 0 (w0 = 1 = half).
        assert_eq!(Adstock::geometric(0.5).unwrap().half_life(100), 0.0);
        assert_eq!(Adstock::geometric(0.8).unwrap().half_life(100), 3.0);
    }

    #[test]
    fn kind_names_parse_back() {
        for k in [
            AdstockKind::Geometric,
            AdstockKind::WeibullCdf,
            AdstockKind::WeibullPdf,
        ] {
            assert_eq!(AdstockKind::parse(k.name()).unwrap(), k);
        }
        assert_eq!(
            AdstockKind::parse("delayed").unwrap_err().kind(),
            "invalid_setting"
        );
    }
}
