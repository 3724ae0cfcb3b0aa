//! A channel's steady-state response: the KPI per period from holding a spend per period
//! constant (the steady state of its adstock, then its saturation, times its coefficient).
//! The one definition: results (curves, marginal ROI) and planning both read it.

use serde::{Deserialize, Serialize};

use crate::transform::{ChannelTransform, Saturation};

/// `r(x) = β · s(k · x · Σw)` with β the coefficient, k the exposure per unit of spend, Σw the
/// adstock's total weight and s the saturation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ResponseCurve {
    pub coefficient: f64,
    pub exposure_per_spend: f64,
    pub transform: ChannelTransform,
    /// Σw, cached.
    total_weight: f64,
}

impl ResponseCurve {
    pub fn new(coefficient: f64, exposure_per_spend: f64, transform: ChannelTransform) -> Self {
        let total_weight = transform.adstock.total_weight(transform.series_len);
        ResponseCurve {
            coefficient,
            exposure_per_spend,
            transform,
            total_weight,
        }
    }

    /// Activity per unit of spend at the steady state, `k · Σw`.
    pub fn scale(&self) -> f64 {
        self.exposure_per_spend * self.total_weight
    }

    /// KPI per period at spend `x` per period.
    #[inline]
    pub fn value(&self, x: f64) -> f64 {
        self.coefficient * self.transform.saturation.value(self.scale() * x.max(0.0))
    }

    /// Slope dr/dx at `x` (finite: just above 0 when the slope at 0 is infinite).
    ///
    /// A curve whose scale overflows has no finite slope anywhere; it gives 0 rather than
    /// nudging forever (a validated model never has one, see [`crate::model::FittedModel::check`]).
    pub fn marginal(&self, x: f64) -> f64 {
        let k = self.scale();
        let mut x = x.max(0.0);
        for _ in 0..64 {
            let d = self.coefficient * k * self.transform.saturation.derivative(k * x);
            if d.is_finite() {
                return d;
            }
            x += 1e-9 * (1.0 + x);
        }
        0.0
    }

    /// The spend where the curve turns from convex to concave (0 when it is concave everywhere).
    pub fn inflection(&self) -> f64 {
        match self.transform.saturation {
            // Hill with α > 1: inflection at I·((α−1)/(α+1))^{1/α} in activity units.
            Saturation::Hill {
                alpha, inflexion, ..
            } if alpha > 1.0 => {
                inflexion * libm::pow((alpha - 1.0) / (alpha + 1.0), 1.0 / alpha) / self.scale()
            }
            _ => 0.0,
        }
    }
}

#[cfg(test)]
// Exact comparisons are intended: zero is exact by construction.
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;
    use crate::precision::assert_close;
    use crate::transform::{Adstock, Saturation};

    fn curve(alpha: f64) -> ResponseCurve {
        let t = ChannelTransform {
            adstock: Adstock::geometric(0.5).unwrap(),
            saturation: Saturation::hill(alpha, 0.5, 100.0).unwrap(),
            series_len: 100,
        };
        ResponseCurve::new(1000.0, 1.0, t)
    }

    #[test]
    fn steady_state_by_hand() {
        // x = 25 per period -> adstocked 50 = inflexion -> half of the coefficient.
        assert_close(curve(2.0).value(25.0), 500.0, 1e-12);
        assert_eq!(curve(2.0).value(0.0), 0.0);
    }

    #[test]
    fn steady_state_is_where_a_constant_spend_settles() {
        // Spending 10 every period: the adstocked series settles at 10 / (1 − 0.5) = 20.
        let c = curve(2.0);
        let long = c.transform.apply(&[10.0; 100]);
        assert_close(c.value(10.0), 1000.0 * long[99], 1e-9);
    }

    /// Fuzz case (a model file with exposure_per_spend 1e308): the slope is never finite, and
    /// looking for one used to loop forever.
    #[test]
    fn marginal_of_an_overflowing_curve_is_finite_and_returns() {
        let c = ResponseCurve::new(38_508.9, 1e308, curve(0.78).transform);
        assert!(c.marginal(100.0).is_finite());
        assert!(c.marginal(0.0).is_finite());
    }

    #[test]
    fn marginal_is_the_slope() {
        for a in [0.7, 1.0, 2.5] {
            let c = curve(a);
            let fd = (c.value(30.0 + 1e-4) - c.value(30.0 - 1e-4)) / 2e-4;
            assert_close(c.marginal(30.0), fd, 1e-6);
            assert!(c.marginal(0.0).is_finite());
        }
    }

    #[test]
    fn inflection_is_where_the_second_derivative_changes_sign() {
        let c = curve(3.0);
        let z = c.inflection();
        let second = |x: f64| (c.marginal(x + 1e-3) - c.marginal(x - 1e-3)) / 2e-3;
        assert!(second(0.9 * z) > 0.0 && second(1.1 * z) < 0.0, "z = {z}");
        assert_eq!(curve(0.8).inflection(), 0.0);
    }
}
