//! What a caller may choose about the model, in a form that survives JSON (the page, the CLI,
//! MODEL.json), and how it becomes a [`ModelSpec`] for a data set.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::transform::{AdstockKind, SaturationKind};

use super::spec::{BaselineSpec, ModelSpec, Range, Sign};

/// A search range set for one parameter of one channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RangeOverride {
    /// Channel or organic variable.
    pub channel: String,
    /// `theta`, `shape`, `scale`, `alpha`, `gamma` or `lambda`.
    pub parameter: String,
    pub low: f64,
    pub high: f64,
}

/// Model choices. Every field has a default; maps are by channel name.
///
/// | name               | default     | purpose                                                  |
/// |--------------------|-------------|----------------------------------------------------------|
/// | adstock            | geometric   | adstock family of every channel                          |
/// | saturation         | hill        | saturation family of every channel                       |
/// | channel_adstock    | {}          | per-channel adstock family                               |
/// | channel_saturation | {}          | per-channel saturation family                            |
/// | ranges             | []          | search ranges replacing Robyn's defaults                 |
/// | control_signs      | {}          | `positive`/`negative` for a control (or all levels of a categorical column) |
/// | baseline           | trend, seasonality by frequency, weekday for daily data |                   |
/// | delayed_lags       | null        | the Bayesian estimator's prior share of delayed lags (effects peaking 1–5 periods after the spend) beside each geometric Hill channel's decays, from 0 to below 1; `null`: 0.1 ([`crate::model::spec::defaults::DELAYED_LAG_SHARE`]); `0`: geometric decays only |
/// | hill_slope_prior   | null        | sd of a prior on ln(Hill α) around 0 (for example 0.5) for every channel: the Bayesian grid weighs shapes by the log-normal density of α, the ridge search adds ln²α/(2 sd²) to its objective; `0` for none on any channel; `null`: none, except that the Bayesian estimator gives channels that never pause 0.5 ([`crate::estimate::bayes::NEVER_PAUSES_SLOPE_SD`]) |
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ModelOptions {
    pub adstock: AdstockKind,
    pub saturation: SaturationKind,
    pub channel_adstock: BTreeMap<String, AdstockKind>,
    pub channel_saturation: BTreeMap<String, SaturationKind>,
    pub ranges: Vec<RangeOverride>,
    pub control_signs: BTreeMap<String, Sign>,
    pub baseline: BaselineSpec,
    pub hill_slope_prior: Option<f64>,
    pub delayed_lags: Option<f64>,
}

impl Default for ModelOptions {
    fn default() -> Self {
        ModelOptions {
            adstock: AdstockKind::Geometric,
            saturation: SaturationKind::Hill,
            channel_adstock: BTreeMap::new(),
            channel_saturation: BTreeMap::new(),
            ranges: Vec::new(),
            control_signs: BTreeMap::new(),
            baseline: BaselineSpec::default(),
            hill_slope_prior: None,
            delayed_lags: None,
        }
    }
}

impl ModelOptions {
    /// The model description for a data set.
    ///
    /// # Errors
    /// [`Error::UnknownChannel`] for a channel name the data does not have,
    /// [`Error::InvalidSetting`] for an unknown parameter, a bad range, an unknown control or a
    /// negative prior.
    pub fn spec_for(&self, data: &Dataset) -> Result<ModelSpec> {
        self.spec_with_gamma(data, super::spec::defaults::GAMMA)
    }

    /// The description the ridge search fits: as [`ModelOptions::spec_for`], with Robyn's Hill
    /// γ range ([`super::spec::defaults::ROBYN_GAMMA`]) where `ranges` does not set one. Curves
    /// that stay straight beyond the data (γ > 1) made the Bayesian estimator more accurate;
    /// for the search they changed nothing out of family and cost accuracy on in-family data
    /// (BENCHMARKS.md, "Curves that may stay straight"), so the Robyn-style search keeps
    /// Robyn's range. Its geometric channels have no delayed lags (`delayed_lag_share` 0).
    ///
    /// # Errors
    /// As [`ModelOptions::spec_for`].
    pub fn ridge_spec_for(&self, data: &Dataset) -> Result<ModelSpec> {
        let mut spec = self.spec_with_gamma(data, super::spec::defaults::ROBYN_GAMMA)?;
        // Delayed lags are the Bayesian grid's; the search's geometric channels have none.
        spec.delayed_lag_share = 0.0;
        Ok(spec)
    }

    fn spec_with_gamma(&self, data: &Dataset, gamma: Range) -> Result<ModelSpec> {
        let mut spec = ModelSpec::for_dataset(data, self.adstock);
        if self.saturation != SaturationKind::Hill {
            for m in spec.channels.iter_mut().chain(spec.organic.iter_mut()) {
                *m = super::spec::MediaSpec::with_theta(
                    &m.name,
                    self.adstock,
                    self.saturation,
                    spec.default_theta,
                );
            }
        }
        let names: Vec<String> = spec.media_names();
        // A channel is named by its display name or its column, in any case.
        let media_at = |name: &str| -> Result<usize> {
            crate::data::names::find_named(
                name,
                data.channels
                    .iter()
                    .map(|c| [c.name.as_str(), c.spend_column.as_str()])
                    .chain(
                        data.organic
                            .iter()
                            .map(|o| [o.name.as_str(), o.name.as_str()]),
                    ),
            )
            .ok_or_else(|| Error::UnknownChannel {
                channel: name.to_string(),
                available: names.join(", "),
            })
        };
        let media = |name: &str| -> Result<String> { Ok(names[media_at(name)?].clone()) };
        // Each name given resolved once (an unknown one refused, two names of one channel
        // refused).
        let mut seen = Vec::new();
        let mut adstocks: Vec<(String, AdstockKind)> = Vec::new();
        for (n, &k) in &self.channel_adstock {
            let i = media_at(n)?;
            crate::data::names::take_once(&mut seen, i, n, "channel adstock")?;
            adstocks.push((names[i].clone(), k));
        }
        seen.clear();
        let mut saturations: Vec<(String, SaturationKind)> = Vec::new();
        for (n, &k) in &self.channel_saturation {
            let i = media_at(n)?;
            crate::data::names::take_once(&mut seen, i, n, "channel saturation")?;
            saturations.push((names[i].clone(), k));
        }
        for name in &names {
            let a = adstocks
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map_or(self.adstock, |&(_, k)| k);
            let s = saturations
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map_or(self.saturation, |&(_, k)| k);
            if a != self.adstock || s != self.saturation {
                spec.set_transform(name, a, s)?;
            }
        }
        for m in spec.channels.iter_mut().chain(spec.organic.iter_mut()) {
            if let Some(k) = m.gamma_index() {
                m.ranges[k] = gamma;
            }
        }
        for r in &self.ranges {
            spec.set_range(&media(&r.channel)?, &r.parameter, Range::new(r.low, r.high))?;
        }
        for (name, sign) in &self.control_signs {
            let mut found = false;
            for (c, data_c) in spec.controls.iter_mut().zip(&data.controls) {
                if crate::data::names::names(name, [&c.name, &data_c.column]) {
                    c.sign = *sign;
                    found = true;
                }
            }
            if !found {
                let available = data
                    .controls
                    .iter()
                    .map(|c| c.name.clone())
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(Error::setting(
                    "control sign",
                    name,
                    &format!("there is no control of that name; the controls are: {available}"),
                ));
            }
        }
        spec.baseline = self.baseline;
        if let Some(sd) = self.hill_slope_prior
            && !(sd >= 0.0 && sd.is_finite())
        {
            return Err(Error::setting(
                "hill_slope_prior",
                sd,
                "use a standard deviation such as 0.5, 0 for no prior on any channel, or leave it unset for the default",
            ));
        }
        spec.hill_slope_prior = self.hill_slope_prior;
        if let Some(share) = self.delayed_lags {
            if !(0.0..1.0).contains(&share) {
                return Err(Error::setting(
                    "delayed_lags",
                    share,
                    "use a prior share from 0 (geometric decays only) to below 1, such as 0.1, or leave it unset for the default",
                ));
            }
            spec.delayed_lag_share = share;
        }
        spec.check_against(data)?;
        Ok(spec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::simulate::{SimulationSettings, simulate};

    fn data() -> Dataset {
        simulate(&SimulationSettings::default()).unwrap().dataset
    }

    #[test]
    fn per_channel_adstock_and_ranges_apply_by_name() {
        let mut o = ModelOptions::default();
        o.channel_adstock
            .insert("tv".into(), AdstockKind::WeibullPdf);
        o.ranges.push(RangeOverride {
            channel: "search".into(),
            parameter: "theta".into(),
            low: 0.0,
            high: 0.3,
        });
        let spec = o.spec_for(&data()).unwrap();
        assert_eq!(spec.channels[0].adstock, AdstockKind::WeibullPdf);
        assert_eq!(spec.channels[1].adstock, AdstockKind::Geometric);
        assert_eq!(spec.channels[1].ranges[0], Range::new(0.0, 0.3));
    }

    #[test]
    fn channels_are_named_by_spend_column_or_in_any_case() {
        // The simulator's organic variable is `newsletter_sends`; its paid columns `tv_spend`...
        let mut o = ModelOptions::default();
        o.channel_adstock
            .insert("TV_Spend".into(), AdstockKind::WeibullPdf);
        o.channel_saturation
            .insert("Search".into(), SaturationKind::Logistic);
        o.ranges.push(RangeOverride {
            channel: "NEWSLETTER_SENDS".into(),
            parameter: "theta".into(),
            low: 0.1,
            high: 0.2,
        });
        o.control_signs.insert("Price_Index".into(), Sign::Negative);
        let spec = o.spec_for(&data()).unwrap();
        assert_eq!(spec.channels[0].name, "tv");
        assert_eq!(spec.channels[0].adstock, AdstockKind::WeibullPdf);
        assert_eq!(spec.channels[1].saturation, SaturationKind::Logistic);
        assert_eq!(spec.organic[0].ranges[0], Range::new(0.1, 0.2));
        assert_eq!(spec.controls[0].sign, Sign::Negative);
    }

    #[test]
    fn two_names_of_one_channel_are_refused() {
        let mut o = ModelOptions::default();
        o.channel_adstock
            .insert("TV_Spend".into(), AdstockKind::WeibullPdf);
        o.channel_adstock
            .insert("tv".into(), AdstockKind::Geometric);
        match o.spec_for(&data()) {
            Err(Error::InvalidSetting {
                name,
                value,
                reason,
            }) => {
                assert_eq!((name.as_str(), value.as_str()), ("channel adstock", "tv"));
                assert!(reason.contains("'TV_Spend' and 'tv'"), "{reason}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unknown_names_are_reported() {
        let mut o = ModelOptions::default();
        o.channel_adstock
            .insert("podcast".into(), AdstockKind::WeibullCdf);
        assert_eq!(o.spec_for(&data()).unwrap_err().kind(), "unknown_channel");
        let mut o = ModelOptions::default();
        o.control_signs.insert("weather".into(), Sign::Positive);
        assert!(
            o.spec_for(&data())
                .unwrap_err()
                .to_string()
                .contains("price_index")
        );
        let mut o = ModelOptions::default();
        o.ranges.push(RangeOverride {
            channel: "tv".into(),
            parameter: "decay".into(),
            low: 0.0,
            high: 0.3,
        });
        assert_eq!(o.spec_for(&data()).unwrap_err().kind(), "invalid_setting");
    }

    #[test]
    fn control_signs_apply() {
        let mut o = ModelOptions::default();
        o.control_signs.insert("price_index".into(), Sign::Negative);
        let spec = o.spec_for(&data()).unwrap();
        assert_eq!(spec.controls[0].sign, Sign::Negative);
        assert_eq!(spec.controls[1].sign, Sign::Free);
    }
}
