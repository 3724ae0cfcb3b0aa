//! Saturation: diminishing returns of (adstocked) activity.
//!
//! | kind     | formula                                   | parameters                                  |
//! |----------|-------------------------------------------|---------------------------------------------|
//! | Hill     | `s(x) = x^α / (x^α + I^α)`                | α ∈ (0, 10), I = γ · max(adstocked x), γ ∈ (0, 10] |
//! | logistic | `s(x) = (1 − e^{−λx/m}) / (1 + e^{−λx/m})` | λ ∈ (0, 50), m = max(adstocked x)           |
//!
//! The γ → inflexion scaling is Robyn 3.12's; Robyn keeps γ ≤ 1, MixLens lets the inflexion lie
//! beyond the largest adstocked value (γ > 1) so that a channel far from saturation can have a
//! nearly straight curve over the spends it ran at. The reference level (`max` of the adstocked series
//! over the modeling window) is fixed when the model is fitted, so the same curve applies to any
//! spend afterwards (response curves, budget allocation).

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The saturation family, chosen per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum SaturationKind {
    #[default]
    Hill,
    Logistic,
}

impl SaturationKind {
    /// Parse the names used on the command line and in files.
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "hill" => Ok(SaturationKind::Hill),
            "logistic" => Ok(SaturationKind::Logistic),
            _ => Err(Error::setting("saturation", s, "use hill or logistic")),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            SaturationKind::Hill => "hill",
            SaturationKind::Logistic => "logistic",
        }
    }
}

/// A fully specified saturation curve, in the units of the adstocked activity.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Saturation {
    /// Hill curve; `gamma` is kept for reporting, `inflexion = gamma × reference`.
    Hill {
        alpha: f64,
        gamma: f64,
        inflexion: f64,
    },
    /// Logistic curve on activity scaled by `reference`.
    Logistic { lambda: f64, reference: f64 },
}

impl Saturation {
    /// Hill curve with inflexion `gamma × reference` (reference: the largest adstocked value).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] unless 0 < α < 10, 0 < γ ≤ 10 and reference > 0.
    pub fn hill(alpha: f64, gamma: f64, reference: f64) -> Result<Self> {
        let bad = |parameter, value, range| Error::InvalidParameter {
            transform: "Hill saturation",
            parameter,
            value,
            range,
        };
        if !(alpha > 0.0 && alpha < 10.0) {
            return Err(bad("alpha", alpha, "(0, 10)"));
        }
        if !(gamma > 0.0 && gamma <= 10.0) {
            return Err(bad("gamma", gamma, "(0, 10]"));
        }
        if !(reference > 0.0 && reference.is_finite()) {
            return Err(bad("reference level", reference, "(0, ∞)"));
        }
        Ok(Saturation::Hill {
            alpha,
            gamma,
            inflexion: gamma * reference,
        })
    }

    /// Logistic curve on activity divided by `reference`.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] unless 0 < λ < 50 and reference > 0.
    pub fn logistic(lambda: f64, reference: f64) -> Result<Self> {
        let bad = |parameter, value, range| Error::InvalidParameter {
            transform: "Logistic saturation",
            parameter,
            value,
            range,
        };
        if !(lambda > 0.0 && lambda < 50.0) {
            return Err(bad("lambda", lambda, "(0, 50)"));
        }
        if !(reference > 0.0 && reference.is_finite()) {
            return Err(bad("reference level", reference, "(0, ∞)"));
        }
        Ok(Saturation::Logistic { lambda, reference })
    }

    pub fn kind(&self) -> SaturationKind {
        match self {
            Saturation::Hill { .. } => SaturationKind::Hill,
            Saturation::Logistic { .. } => SaturationKind::Logistic,
        }
    }

    /// s(x) for x ≥ 0, in [0, 1).
    #[inline]
    pub fn value(&self, x: f64) -> f64 {
        if x <= 0.0 {
            return 0.0;
        }
        match *self {
            // 1 / (1 + (I/x)^α) is the Hill curve without overflow for large x; exp(α ln(I/x))
            // is 2.3× faster than pow and agrees with it to 1e-15 (pow is most of a fit's time).
            Saturation::Hill {
                alpha, inflexion, ..
            } => 1.0 / (1.0 + libm::exp(alpha * libm::log(inflexion / x))),
            Saturation::Logistic { lambda, reference } => libm::tanh(0.5 * lambda * x / reference),
        }
    }

    /// ds/dx at x ≥ 0.
    pub fn derivative(&self, x: f64) -> f64 {
        match *self {
            Saturation::Hill {
                alpha, inflexion, ..
            } => {
                if x <= 0.0 {
                    // The slope at 0 is infinite for α < 1, 1/I for α = 1, 0 for α > 1.
                    return if alpha < 1.0 {
                        f64::INFINITY
                    } else if (alpha - 1.0).abs() < 1e-12 {
                        1.0 / inflexion
                    } else {
                        0.0
                    };
                }
                let s = self.value(x);
                alpha / x * s * (1.0 - s)
            }
            Saturation::Logistic { lambda, reference } => {
                let th = libm::tanh(0.5 * lambda * x.max(0.0) / reference);
                0.5 * lambda / reference * (1.0 - th * th)
            }
        }
    }

    /// Apply to every element.
    pub fn apply(&self, x: &[f64]) -> Vec<f64> {
        x.iter().map(|&v| self.value(v)).collect()
    }
}

#[cfg(test)]
// Exact comparisons are intended here: the values are exact by construction.
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;
    use crate::precision::assert_close;

    #[test]
    fn hill_is_one_half_at_the_inflexion() {
        let h = Saturation::hill(2.0, 0.5, 100.0).unwrap();
        assert_close(h.value(50.0), 0.5, 1e-15);
        assert_close(h.value(100.0), 0.8, 1e-15);
        assert_close(h.value(25.0), 0.2, 1e-15);
        assert_eq!(h.value(0.0), 0.0);
    }

    #[test]
    fn hill_inflexion_is_gamma_times_the_reference_level() {
        match Saturation::hill(1.5, 0.3, 200.0).unwrap() {
            Saturation::Hill { inflexion, .. } => assert_close(inflexion, 60.0, 1e-12),
            _ => unreachable!(),
        }
    }

    #[test]
    fn hill_derivative_matches_finite_difference() {
        let h = Saturation::hill(2.5, 0.4, 10.0).unwrap();
        for x in [0.5, 2.0, 4.0, 9.0] {
            let fd = (h.value(x + 1e-6) - h.value(x - 1e-6)) / 2e-6;
            assert_close(h.derivative(x), fd, 1e-6);
        }
    }

    #[test]
    fn hill_does_not_overflow_for_huge_inputs() {
        let h = Saturation::hill(9.9, 0.01, 1.0).unwrap();
        assert_close(h.value(1e300), 1.0, 1e-15);
    }

    #[test]
    fn logistic_matches_tanh_of_half_lambda_x() {
        let l = Saturation::logistic(2.0, 100.0).unwrap();
        assert_close(l.value(50.0), 0.46211715726000974, 1e-15);
        let fd = (l.value(30.0 + 1e-5) - l.value(30.0 - 1e-5)) / 2e-5;
        assert_close(l.derivative(30.0), fd, 1e-7);
    }

    #[test]
    fn constructors_refuse_out_of_range_parameters() {
        assert!(matches!(
            Saturation::hill(0.0, 0.5, 1.0),
            Err(Error::InvalidParameter {
                parameter: "alpha",
                ..
            })
        ));
        // The inflexion may lie beyond the largest adstocked value, up to 10 times it.
        assert!(
            Saturation::hill(1.0, 4.0, 1.0).is_ok() && Saturation::hill(1.0, 10.0, 1.0).is_ok()
        );
        assert!(matches!(
            Saturation::hill(1.0, 10.01, 1.0),
            Err(Error::InvalidParameter {
                parameter: "gamma",
                ..
            })
        ));
        assert!(matches!(
            Saturation::hill(1.0, 0.0, 1.0),
            Err(Error::InvalidParameter {
                parameter: "gamma",
                ..
            })
        ));
        assert!(Saturation::hill(1.0, 0.5, 0.0).is_err());
        assert!(Saturation::logistic(-1.0, 1.0).is_err());
    }
}
