//! The fitted model: what every estimator delivers and everything downstream reads.
//!
//! A [`FittedModel`] holds, for the model description it was fitted under, one full set of
//! parameters ([`Parameters`]: per media column its transform and coefficient, the baseline
//! coefficients, the noise scale) as the point estimate, and a set of draws of the same shape:
//! the alternative models that fit about as well (the ridge search), or posterior draws (a
//! Bayesian sampler). Results (decomposition, ROI, curves), the planner, what-if, the report
//! and the page read only this, together with the data's features ([`super::Features`]); none of
//! them refits anything or knows which estimator produced it.

use serde::{Deserialize, Serialize};

use crate::data::{Dataset, KpiType};
use crate::error::{Error, Result};
use crate::precision::MAX_MAGNITUDE;
use crate::transform::ChannelTransform;

use super::features::Features;
use super::response::ResponseCurve;

/// Which estimator produced a fitted model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EstimatorKind {
    /// Multi-objective evolutionary search over curve parameters, bounded ridge for the
    /// coefficients; draws are the alternative models that fit about as well.
    RidgeSearch,
    /// Bayesian posterior sampling ([`crate::estimate::bayes`]); draws are posterior draws.
    /// The default: more accurate on data from outside the model's family, with intervals that
    /// hold the truth (BENCHMARKS.md).
    #[default]
    Bayes,
}

/// One media column's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MediaParameters {
    pub transform: ChannelTransform,
    /// KPI per unit of saturated activity.
    pub coefficient: f64,
}

/// One full set of model parameters: a point estimate or one draw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Parameters {
    /// Paid channels then organic variables, in the model description's order.
    pub media: Vec<MediaParameters>,
    /// Coefficient of each baseline feature in raw units, in [`Features::base`] order.
    pub baseline: Vec<f64>,
    /// Noise scale: residual standard deviation on the fitted periods, KPI units.
    pub sigma: f64,
}

impl MediaParameters {
    /// `β · s(a)` for each adstocked value `a` (in place).
    pub fn respond_to_adstocked(&self, adstocked: &mut [f64]) {
        for v in adstocked.iter_mut() {
            *v = self.coefficient * self.transform.saturation.value(*v);
        }
    }

    /// The column's series `β · s(adstock(x))` for activity `x`.
    pub fn series(&self, activity: &[f64]) -> Vec<f64> {
        let mut a = self.transform.adstock.apply(activity);
        self.respond_to_adstocked(&mut a);
        a
    }
}

impl Parameters {
    /// Each media column's series `β · s(adstock(x))`.
    pub fn media_series(&self, features: &Features) -> Vec<Vec<f64>> {
        self.media
            .iter()
            .zip(&features.activity)
            .map(|(m, x)| m.series(x))
            .collect()
    }

    /// Check lengths and finiteness against the columns they belong to.
    ///
    /// # Errors
    /// [`Error::InvalidModel`] naming what does not fit.
    pub fn check(&self, features: &Features, what: &str) -> Result<()> {
        let bad = |reason: String| Err(Error::InvalidModel { reason });
        if self.media.len() != features.activity.len() {
            return bad(format!(
                "{what} has {} media columns, and the data {}",
                self.media.len(),
                features.activity.len()
            ));
        }
        if self.baseline.len() != features.base.len() {
            return bad(format!(
                "{what} has {} baseline coefficients, and the model {}",
                self.baseline.len(),
                features.base.len()
            ));
        }
        let finite = self.baseline.iter().all(|v| v.is_finite())
            && self.sigma.is_finite()
            && self.media.iter().all(|m| m.coefficient.is_finite());
        if !finite {
            return bad(format!("{what} has a number that is not finite"));
        }
        // The noise is a standard deviation: a negative one was edited in.
        if self.sigma < 0.0 {
            return bad(format!(
                "{what} gives the noise a negative standard deviation (sigma = {}); it must be 0 or more",
                self.sigma
            ));
        }
        // Every estimator holds media effects at zero or above; a negative one was edited in.
        if let Some(k) = self.media.iter().position(|m| m.coefficient < 0.0) {
            return bad(format!(
                "{what} gives media column {} a negative effect ({}), which no MixLens fit does",
                k + 1,
                self.media[k].coefficient
            ));
        }
        for m in &self.media {
            m.transform.check().map_err(|e| Error::InvalidModel {
                reason: format!("{what}: {e}"),
            })?;
            // The Weibull adstocks build one weight per period of this length.
            if m.transform.series_len > features.n {
                return bad(format!(
                    "{what} has a transform fitted on {} periods, and the data has {}",
                    m.transform.series_len, features.n
                ));
            }
        }
        // Every part of every period's prediction stays small enough to add up.
        let too_large = |s: &[f64]| s.iter().any(|v| !(v.abs() <= MAX_MAGNITUDE));
        if too_large(&features.baseline_series(&self.baseline))
            || self.media_series(features).iter().any(|s| too_large(s))
        {
            return bad(format!("{what} predicts numbers too large to compute"));
        }
        Ok(())
    }
}

/// Who a paid channel is and how spend turns into activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelIdentity {
    /// Display name.
    pub name: String,
    pub spend_column: String,
    pub exposure_column: Option<String>,
    /// Exposure per unit of spend (1 when spend is modeled).
    pub exposure_per_spend: f64,
}

/// A fitted model (see the module documentation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FittedModel {
    pub estimator: EstimatorKind,
    pub kpi_type: KpiType,
    /// Paid channels, in the order of the parameters' first media columns.
    pub channels: Vec<ChannelIdentity>,
    /// Organic variables, in the order of the remaining media columns.
    pub organic: Vec<String>,
    /// Baseline feature names, in the order of [`Parameters::baseline`].
    pub baseline: Vec<String>,
    /// Curve parameters estimated from the data for each media column (for adjusted R²).
    #[serde(default)]
    pub curve_parameters: Vec<usize>,
    /// The point estimate (the recommended model).
    pub point: Parameters,
    /// Draws: full parameter sets of equally plausible models (may be empty).
    pub draws: Vec<Parameters>,
    /// The ridge search's interval ends: the parameter sets at the ends of each paid channel's
    /// 90 % profile-likelihood ROI interval, channel k's low end at `2k` and its high end at
    /// `2k + 1` ([`crate::estimate::search::profile`]). Empty for posterior draws (their
    /// intervals are quantiles of the draws) and in files written before them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub interval_ends: Vec<Parameters>,
}

impl FittedModel {
    /// Identities of a data set's paid channels.
    pub fn identities(data: &Dataset) -> Vec<ChannelIdentity> {
        data.channels
            .iter()
            .map(|ch| {
                let spend: f64 = ch.spend.iter().sum();
                ChannelIdentity {
                    name: ch.name.clone(),
                    spend_column: ch.spend_column.clone(),
                    exposure_column: ch.exposure_column.clone(),
                    exposure_per_spend: match &ch.exposure {
                        Some(e) if spend > 0.0 => e.iter().sum::<f64>() / spend,
                        _ => 1.0,
                    },
                }
            })
            .collect()
    }

    /// The position of a paid channel named by its display name or its spend column.
    ///
    /// # Errors
    /// [`Error::UnknownChannel`] listing the names.
    pub fn channel_index(&self, name: &str) -> Result<usize> {
        channel_index(&self.channels, name)
    }

    /// Share of the posterior draws in which paid channel `k` has no effect (its coefficient 0);
    /// `None` without posterior draws (the ridge search's draws are alternatives, not a sample).
    pub fn no_effect_share(&self, k: usize) -> Option<f64> {
        if self.estimator != EstimatorKind::Bayes || self.draws.is_empty() {
            return None;
        }
        let zero = self
            .draws
            .iter()
            .filter(|d| d.media.get(k).is_some_and(|m| m.coefficient.abs() <= 1e-12))
            .count();
        Some(zero as f64 / self.draws.len() as f64)
    }

    /// Channel `k`'s steady-state response curve under `params`.
    pub fn curve(&self, params: &Parameters, k: usize) -> ResponseCurve {
        let m = params.media[k];
        ResponseCurve::new(
            m.coefficient,
            self.channels[k].exposure_per_spend,
            m.transform,
        )
    }

    /// Every paid channel's curve under `params`.
    pub fn curves(&self, params: &Parameters) -> Vec<ResponseCurve> {
        (0..self.channels.len())
            .map(|k| self.curve(params, k))
            .collect()
    }

    /// Check the model against the features of its data: every parameter set has the right
    /// lengths, finite numbers and valid transforms, and the names agree.
    ///
    /// # Errors
    /// [`Error::InvalidModel`] naming what does not fit.
    pub fn check(&self, features: &Features) -> Result<()> {
        let bad = |reason: String| Err(Error::InvalidModel { reason });
        if self.channels.len() != features.paid
            || self.channels.len() + self.organic.len() != features.activity.len()
        {
            return bad("its channels do not match its data".into());
        }
        if self.baseline.len() != features.base.len()
            || self
                .baseline
                .iter()
                .zip(&features.base)
                .any(|(a, b)| *a != b.name)
        {
            return bad("its baseline terms do not match its data and model description".into());
        }
        if self
            .channels
            .iter()
            .any(|c| !(c.exposure_per_spend.is_finite() && c.exposure_per_spend > 0.0))
        {
            return bad("a channel's exposure per unit of spend is not a positive number".into());
        }
        self.point.check(features, "the model")?;
        self.check_curves(&self.point, "the model")?;
        for (i, d) in self.draws.iter().enumerate() {
            d.check(features, &format!("draw {}", i + 1))?;
            self.check_curves(d, &format!("draw {}", i + 1))?;
        }
        if !self.interval_ends.is_empty() && self.interval_ends.len() != 2 * self.channels.len() {
            return bad(format!(
                "it has {} interval ends for {} channels (two per channel)",
                self.interval_ends.len(),
                self.channels.len()
            ));
        }
        for (i, d) in self.interval_ends.iter().enumerate() {
            let what = format!("interval end {}", i + 1);
            d.check(features, &what)?;
            self.check_curves(d, &what)?;
        }
        Ok(())
    }

    /// Every paid channel's response curve under `params` can be computed and planned with:
    /// responses are at most |β| and slopes scale with β·k, so plan totals stay finite.
    ///
    /// # Errors
    /// [`Error::InvalidModel`] naming the channel.
    pub fn check_curves(&self, params: &Parameters, what: &str) -> Result<()> {
        for k in 0..self.channels.len().min(params.media.len()) {
            let c = self.curve(params, k);
            let (beta, scale) = (c.coefficient.abs(), c.scale());
            if !(beta <= MAX_MAGNITUDE && scale > 0.0 && (beta * scale).is_finite()) {
                return Err(Error::InvalidModel {
                    reason: format!(
                        "{what}: the response curve of '{}' is too large to compute",
                        self.channels[k].name
                    ),
                });
            }
        }
        Ok(())
    }

    /// The channels are the data's paid channels, with the same columns and the same exposure
    /// per unit of spend (the planner turns spend into activity with it).
    ///
    /// # Errors
    /// [`Error::InvalidModel`] naming the first channel that differs.
    pub fn check_channels(&self, data: &Dataset) -> Result<()> {
        let expected = Self::identities(data);
        if expected.len() != self.channels.len() {
            return Err(Error::InvalidModel {
                reason: "its channels do not match its data".into(),
            });
        }
        for (c, e) in self.channels.iter().zip(&expected) {
            let same_rate = (c.exposure_per_spend - e.exposure_per_spend).abs()
                <= 1e-9 * e.exposure_per_spend.abs().max(1.0);
            if c.name != e.name
                || c.spend_column != e.spend_column
                || c.exposure_column != e.exposure_column
                || !same_rate
            {
                return Err(Error::InvalidModel {
                    reason: format!("channel '{}' does not match its data", c.name),
                });
            }
        }
        Ok(())
    }
}

/// The position of a channel named by its display name or its spend column (exactly, else
/// ignoring case: [`crate::data::names::find_named`]).
///
/// # Errors
/// [`Error::UnknownChannel`] listing the display names.
pub fn channel_index(channels: &[ChannelIdentity], name: &str) -> Result<usize> {
    crate::data::names::find_named(
        name,
        channels
            .iter()
            .map(|c| [c.name.as_str(), c.spend_column.as_str()]),
    )
    .ok_or_else(|| Error::UnknownChannel {
        channel: name.to_string(),
        available: channels
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> Vec<ChannelIdentity> {
        ["tv", "search"]
            .iter()
            .map(|n| ChannelIdentity {
                name: n.to_string(),
                spend_column: format!("{n}_spend"),
                exposure_column: None,
                exposure_per_spend: 1.0,
            })
            .collect()
    }

    #[test]
    fn a_channel_is_found_by_display_name_or_spend_column() {
        assert_eq!(channel_index(&ids(), "search").unwrap(), 1);
        assert_eq!(channel_index(&ids(), "search_spend").unwrap(), 1);
        assert_eq!(channel_index(&ids(), "tv_spend").unwrap(), 0);
        assert_eq!(channel_index(&ids(), "Search").unwrap(), 1);
        assert_eq!(channel_index(&ids(), "TV_Spend").unwrap(), 0);
    }

    #[test]
    fn an_unknown_channel_lists_the_names() {
        match channel_index(&ids(), "radio") {
            Err(Error::UnknownChannel { channel, available }) => {
                assert_eq!(channel, "radio");
                assert_eq!(available, "tv, search");
            }
            other => panic!("{other:?}"),
        }
    }
}
