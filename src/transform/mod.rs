//! Media transforms: adstock (carryover) then saturation (diminishing returns).
//!
//! Transcendental functions come from `libm` (pure Rust) rather than the platform's maths
//! library, so native and WebAssembly builds compute bit-identical results for a seed.

pub mod adstock;
pub mod saturation;

use serde::{Deserialize, Serialize};

pub use adstock::{Adstock, AdstockKind};
pub use saturation::{Saturation, SaturationKind};

/// The full transform of one channel: adstock, then saturation.
///
/// `series_len` is the length of the series the model was fitted on; the Weibull adstocks scale
/// their weights with it, so it is part of the transform.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ChannelTransform {
    pub adstock: Adstock,
    pub saturation: Saturation,
    pub series_len: usize,
}

impl ChannelTransform {
    /// Adstocked then saturated series.
    pub fn apply(&self, x: &[f64]) -> Vec<f64> {
        let a = self.adstock.apply(x);
        self.saturation.apply(&a)
    }

    /// Saturated level when `activity` is repeated every period (the steady state of the adstock).
    pub fn steady_state(&self, activity: f64) -> f64 {
        self.saturation
            .value(activity * self.adstock.total_weight(self.series_len))
    }

    /// Derivative of [`ChannelTransform::steady_state`] with respect to the activity.
    pub fn steady_state_derivative(&self, activity: f64) -> f64 {
        let k = self.adstock.total_weight(self.series_len);
        k * self.saturation.derivative(activity * k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::precision::assert_close;

    #[test]
    fn steady_state_is_saturation_of_activity_times_total_weight() {
        let t = ChannelTransform {
            adstock: Adstock::geometric(0.5).unwrap(),
            saturation: Saturation::hill(2.0, 0.5, 40.0).unwrap(),
            series_len: 100,
        };
        // 10 per period -> adstocked 20 = inflexion -> 0.5.
        assert_close(t.steady_state(10.0), 0.5, 1e-12);
        let long = t.apply(&[10.0; 100]);
        assert_close(long[99], 0.5, 1e-9);
        let fd = (t.steady_state(10.0 + 1e-6) - t.steady_state(10.0 - 1e-6)) / 2e-6;
        assert_close(t.steady_state_derivative(10.0), fd, 1e-6);
    }
}
