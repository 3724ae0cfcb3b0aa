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
    /// Check that every parameter lies in its family's domain (a transform read from a file).
    ///
    /// # Errors
    /// [`crate::Error::InvalidParameter`] naming the parameter.
    pub fn check(&self) -> crate::Result<()> {
        match self.adstock {
            Adstock::Geometric { theta } => Adstock::geometric(theta)?,
            Adstock::WeibullCdf { shape, scale } => Adstock::weibull_cdf(shape, scale)?,
            Adstock::WeibullPdf { shape, scale } => Adstock::weibull_pdf(shape, scale)?,
        };
        match self.saturation {
            Saturation::Hill {
                alpha,
                gamma,
                inflexion,
            } => Saturation::hill(alpha, gamma, inflexion / gamma)?,
            Saturation::Logistic { lambda, reference } => Saturation::logistic(lambda, reference)?,
        };
        if self.series_len == 0 {
            return Err(crate::Error::InvalidParameter {
                transform: "adstock",
                parameter: "series length",
                value: 0.0,
                range: "1 or more",
            });
        }
        Ok(())
    }

    /// Adstocked then saturated series.
    pub fn apply(&self, x: &[f64]) -> Vec<f64> {
        let a = self.adstock.apply(x);
        self.saturation.apply(&a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transform_read_from_a_file_is_checked() {
        let good = ChannelTransform {
            adstock: Adstock::geometric(0.5).unwrap(),
            saturation: Saturation::hill(2.0, 0.5, 40.0).unwrap(),
            series_len: 100,
        };
        assert!(good.check().is_ok());
        let bad = ChannelTransform {
            adstock: Adstock::Geometric { theta: 1.5 },
            ..good
        };
        assert!(matches!(
            bad.check(),
            Err(crate::Error::InvalidParameter {
                parameter: "theta",
                ..
            })
        ));
        let nan = ChannelTransform {
            saturation: Saturation::Hill {
                alpha: f64::NAN,
                gamma: 0.5,
                inflexion: 20.0,
            },
            ..good
        };
        assert!(nan.check().is_err());
    }
}
