//! The model description: which channels, which transform family per channel, the ranges their
//! parameters may take, the baseline terms, and sign constraints. It says nothing about how the
//! model is fitted (ridge search now, Bayesian sampling later) and holds no data.

use serde::{Deserialize, Serialize};

use crate::data::{Dataset, Frequency};
use crate::error::{Error, Result};
use crate::transform::{Adstock, AdstockKind, ChannelTransform, Saturation, SaturationKind};

/// The range a transform parameter is searched in; `low == high` fixes it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Range {
    pub low: f64,
    pub high: f64,
}

impl Range {
    pub const fn new(low: f64, high: f64) -> Self {
        Range { low, high }
    }

    /// Map a point of [0, 1] into the range.
    pub fn at(&self, u: f64) -> f64 {
        self.low + u.clamp(0.0, 1.0) * (self.high - self.low)
    }

    /// Map a value of the range back to [0, 1].
    pub fn unit_of(&self, v: f64) -> f64 {
        if self.high > self.low {
            ((v - self.low) / (self.high - self.low)).clamp(0.0, 1.0)
        } else {
            0.5
        }
    }
}

/// Share of the γ coordinate (the unit interval the ridge search moves in, and the Bayesian
/// grid's spacing) given to inflexions up to the largest adstocked value, when a Hill γ range
/// reaches beyond 1: curves that bend inside the spends the channel ran at get 70 % of the
/// search and of the prior, the nearly straight ones beyond the rest.
pub const GAMMA_INSIDE_SHARE: f64 = 0.7;

/// A Hill γ from its coordinate `u` in [0, 1]: evenly spaced up to 1, geometrically beyond (the
/// curve changes slowly as its inflexion moves out past the data, so even steps there would
/// spend the search on curves that look alike). A range on one side of 1 is mapped evenly
/// (below) or geometrically (above).
pub fn gamma_at(r: Range, u: f64) -> f64 {
    let u = u.clamp(0.0, 1.0);
    if r.high <= 1.0 || r.high <= r.low {
        r.at(u)
    } else if r.low >= 1.0 {
        r.low * libm::pow(r.high / r.low, u)
    } else if u <= GAMMA_INSIDE_SHARE {
        r.low + (u / GAMMA_INSIDE_SHARE) * (1.0 - r.low)
    } else {
        libm::pow(
            r.high,
            (u - GAMMA_INSIDE_SHARE) / (1.0 - GAMMA_INSIDE_SHARE),
        )
    }
}

/// The coordinate of a Hill γ: the inverse of [`gamma_at`].
pub fn gamma_unit_of(r: Range, v: f64) -> f64 {
    if r.high <= 1.0 || r.high <= r.low {
        r.unit_of(v)
    } else if r.low >= 1.0 {
        (libm::log(v.max(r.low) / r.low) / libm::log(r.high / r.low)).clamp(0.0, 1.0)
    } else if v <= 1.0 {
        (GAMMA_INSIDE_SHARE * (v - r.low) / (1.0 - r.low)).clamp(0.0, GAMMA_INSIDE_SHARE)
    } else {
        (GAMMA_INSIDE_SHARE + (1.0 - GAMMA_INSIDE_SHARE) * libm::log(v) / libm::log(r.high))
            .clamp(GAMMA_INSIDE_SHARE, 1.0)
    }
}

/// Robyn's default search ranges (MMM-REFERENCE.md).
pub mod defaults {
    use super::Range;
    /// Geometric decay θ per week (Robyn's range).
    pub const THETA: Range = Range::new(0.0, 0.8);

    /// Geometric decay θ per period of data at `frequency`: Robyn's weekly range for weekly
    /// and monthly data; for daily data the same decay per week, θ_day = θ_week^(1/7) (Robyn's
    /// naive mapping), so [0, 0.969]. With [0, 0.8] per day no channel could carry over for more
    /// than a few days: on the out-of-family daily cases that cap tripled the misattribution
    /// (BENCHMARKS.md).
    pub fn theta_for(frequency: crate::data::Frequency) -> Range {
        match frequency {
            crate::data::Frequency::Daily => Range::new(0.0, libm::pow(THETA.high, 1.0 / 7.0)),
            _ => THETA,
        }
    }
    /// The Bayesian estimator's prior share of delayed lags beside a geometric decay (a tenth:
    /// with a uniform share, a third, channels that act at once lost a little accuracy; at a
    /// tenth a channel is read as delayed where its data say so; BENCHMARKS.md, "Delayed
    /// lags").
    pub const DELAYED_LAG_SHARE: f64 = 0.1;
    /// Weibull CDF shape.
    pub const WEIBULL_CDF_SHAPE: Range = Range::new(0.0001, 2.0);
    /// Weibull PDF shape (up to 10 allows a peak several periods after the spend).
    pub const WEIBULL_PDF_SHAPE: Range = Range::new(0.0001, 10.0);
    /// Weibull scale (both forms).
    pub const WEIBULL_SCALE: Range = Range::new(0.0, 0.1);
    /// Hill α.
    pub const ALPHA: Range = Range::new(0.5, 3.0);
    /// Hill γ: the inflexion as a multiple of the largest adstocked value. Robyn searches
    /// [0.01, 1], which puts the inflexion inside the spends the channel ran at and so makes
    /// every curve bend there; up to 4 lets a channel far from saturation be nearly straight
    /// (on the out-of-family generator the Bayesian estimator then read search — a nearly
    /// straight tanh curve — with a quarter fewer interval misses; BENCHMARKS.md). Searched and
    /// gridded through [`super::gamma_at`], 70 % of it up to 1.
    pub const GAMMA: Range = Range::new(0.01, 4.0);
    /// Robyn's Hill γ range, which the ridge search keeps (see
    /// [`crate::model::options::ModelOptions::ridge_spec_for`]).
    pub const ROBYN_GAMMA: Range = Range::new(0.01, 1.0);
    /// Logistic λ on max-scaled activity.
    pub const LOGISTIC_LAMBDA: Range = Range::new(0.1, 10.0);
    /// Ridge penalty position h in [λ_min, λ_max].
    pub const LAMBDA_H: Range = Range::new(0.0, 1.0);
    /// A suggested standard deviation for the optional prior on ln α (Hill slope), centred at
    /// α = 1 (95% of the prior on α ∈ [0.37, 2.7]). Off by default: see BENCHMARKS.md.
    pub const HILL_SLOPE_PRIOR_SD: f64 = 0.5;
}

/// One transformed activity column: a paid channel or an organic variable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MediaSpec {
    pub name: String,
    pub adstock: AdstockKind,
    pub saturation: SaturationKind,
    /// Search ranges, in the order of [`MediaSpec::parameter_names`].
    pub ranges: Vec<Range>,
}

impl MediaSpec {
    /// A channel with the default ranges of its families (weekly decay range).
    pub fn new(name: &str, adstock: AdstockKind, saturation: SaturationKind) -> Self {
        Self::with_theta(name, adstock, saturation, defaults::THETA)
    }

    /// A channel with the default ranges of its families and `theta` for a geometric decay
    /// (see [`defaults::theta_for`]).
    pub fn with_theta(
        name: &str,
        adstock: AdstockKind,
        saturation: SaturationKind,
        theta: Range,
    ) -> Self {
        let mut ranges = match adstock {
            AdstockKind::Geometric => vec![theta],
            AdstockKind::WeibullCdf => vec![defaults::WEIBULL_CDF_SHAPE, defaults::WEIBULL_SCALE],
            AdstockKind::WeibullPdf => vec![defaults::WEIBULL_PDF_SHAPE, defaults::WEIBULL_SCALE],
        };
        match saturation {
            SaturationKind::Hill => ranges.extend([defaults::ALPHA, defaults::GAMMA]),
            SaturationKind::Logistic => ranges.push(defaults::LOGISTIC_LAMBDA),
        }
        MediaSpec {
            name: name.to_string(),
            adstock,
            saturation,
            ranges,
        }
    }

    /// Names of the transform parameters, adstock first.
    pub fn parameter_names(&self) -> Vec<&'static str> {
        let mut v: Vec<&'static str> = match self.adstock {
            AdstockKind::Geometric => vec!["theta"],
            _ => vec!["shape", "scale"],
        };
        match self.saturation {
            SaturationKind::Hill => v.extend(["alpha", "gamma"]),
            SaturationKind::Logistic => v.push("lambda"),
        }
        v
    }

    /// Position of Hill γ among the parameters (the last one), `None` for a logistic curve.
    /// Called per candidate by the search, so it does not build [`MediaSpec::parameter_names`].
    pub fn gamma_index(&self) -> Option<usize> {
        match self.saturation {
            SaturationKind::Hill => self.ranges.len().checked_sub(1),
            SaturationKind::Logistic => None,
        }
    }

    /// Number of transform parameters.
    pub fn dim(&self) -> usize {
        self.ranges.len()
    }

    /// Build the transform from parameter values (not unit values) and the series' reference
    /// level (the largest adstocked value).
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] when a value is outside the transform's allowed range.
    pub fn transform(
        &self,
        values: &[f64],
        series_len: usize,
        reference: f64,
    ) -> Result<ChannelTransform> {
        let adstock = self.adstock_of(values)?;
        let k = match self.adstock {
            AdstockKind::Geometric => 1,
            _ => 2,
        };
        let saturation = self.saturation_of(&values[k..], reference)?;
        Ok(ChannelTransform {
            adstock,
            saturation,
            series_len,
        })
    }

    /// The adstock part from parameter values.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] when a value is outside the allowed range.
    pub fn adstock_of(&self, values: &[f64]) -> Result<Adstock> {
        match self.adstock {
            AdstockKind::Geometric => Adstock::geometric(values[0]),
            // Robyn's lower shape bound is 0.0001; a 0 from a user range is nudged to it.
            AdstockKind::WeibullCdf => Adstock::weibull_cdf(values[0].max(1e-4), values[1]),
            AdstockKind::WeibullPdf => Adstock::weibull_pdf(values[0].max(1e-4), values[1]),
        }
    }

    fn saturation_of(&self, values: &[f64], reference: f64) -> Result<Saturation> {
        match self.saturation {
            SaturationKind::Hill => Saturation::hill(values[0], values[1], reference),
            SaturationKind::Logistic => Saturation::logistic(values[0], reference),
        }
    }

    /// Check that every range lies inside what the transform accepts.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] naming the parameter.
    pub fn check(&self) -> Result<()> {
        let names = self.parameter_names();
        if self.ranges.len() != names.len() {
            return Err(Error::setting(
                &format!("{} ranges", self.name),
                self.ranges.len(),
                &format!(
                    "this transform has {} parameters ({})",
                    names.len(),
                    names.join(", ")
                ),
            ));
        }
        for (r, name) in self.ranges.iter().zip(&names) {
            let allowed = match *name {
                "theta" => (0.0, 0.99),
                "shape" => (0.0, 19.99),
                "scale" => (0.0, 1.0),
                "alpha" => (0.01, 9.99),
                "gamma" => (0.001, 10.0),
                _ => (0.001, 49.0),
            };
            if !(r.low.is_finite()
                && r.high.is_finite()
                && r.low <= r.high
                && r.low >= allowed.0
                && r.high <= allowed.1)
            {
                return Err(Error::setting(
                    &format!("{}.{}", self.name, name),
                    format!("{}:{}", r.low, r.high),
                    &format!(
                        "use a range from low to high within [{}, {}]",
                        allowed.0, allowed.1
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// The sign a control's coefficient may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Sign {
    #[default]
    Free,
    Positive,
    Negative,
}

impl Sign {
    pub fn parse(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "free" | "default" | "any" => Ok(Sign::Free),
            "positive" | "+" | "pos" => Ok(Sign::Positive),
            "negative" | "-" | "neg" => Ok(Sign::Negative),
            _ => Err(Error::setting("sign", s, "use positive, negative or free")),
        }
    }
}

/// A control variable and its sign constraint.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ControlSpec {
    pub name: String,
    pub sign: Sign,
}

/// Baseline terms. `None` fields are decided from the data's frequency.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BaselineSpec {
    /// Linear trend.
    pub trend: bool,
    /// Number of yearly Fourier pairs; `None`: 2 for monthly, 3 for weekly, 4 for daily data
    /// (0 when the data covers less than a year).
    pub seasonality_order: Option<usize>,
    /// Day-of-week dummies; `None`: on for daily data.
    pub weekday: Option<bool>,
}

impl Default for BaselineSpec {
    fn default() -> Self {
        BaselineSpec {
            trend: true,
            seasonality_order: None,
            weekday: None,
        }
    }
}

impl BaselineSpec {
    /// The Fourier order used for data of this frequency and length.
    pub fn seasonality_order_for(&self, frequency: Frequency, periods: usize) -> usize {
        let years = periods as f64 / frequency.periods_per_year();
        let auto = match frequency {
            Frequency::Monthly => 2,
            Frequency::Weekly => 3,
            Frequency::Daily => 4,
        };
        let order = self
            .seasonality_order
            .unwrap_or(if years >= 1.0 { auto } else { 0 });
        // Never more harmonics than the Nyquist limit of a year allows.
        order.min((frequency.periods_per_year() / 2.0).floor() as usize)
    }

    pub fn weekday_for(&self, frequency: Frequency) -> bool {
        frequency == Frequency::Daily && self.weekday.unwrap_or(true)
    }
}

/// The full model description.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelSpec {
    /// Paid channels, in the data set's order.
    pub channels: Vec<MediaSpec>,
    /// Organic (unpaid) activity, transformed like media.
    pub organic: Vec<MediaSpec>,
    pub controls: Vec<ControlSpec>,
    pub baseline: BaselineSpec,
    /// Range of the ridge penalty position h (λ = λ_min + h·(λ_max − λ_min)).
    pub lambda: Range,
    /// Standard deviation of the log-normal prior on Hill α, centred at α = 1, for every media
    /// column; `Some(0)` for none on any; `None`: none, except the Bayesian estimator's default
    /// for paid channels that never pause ([`crate::estimate::bayes::NEVER_PAUSES_SLOPE_SD`]).
    /// When the data cannot tell a curve's shape, this prefers plain diminishing returns.
    #[serde(default)]
    pub hill_slope_prior: Option<f64>,
    /// The Bayesian estimator's prior share of delayed lags in a geometric Hill column's grid
    /// of curve shapes (`estimate::bayes::grid`); 0: geometric decays only (and in files
    /// before it).
    #[serde(default)]
    pub delayed_lag_share: f64,
    /// Default range of geometric decay for this data's period length (files before it: the
    /// weekly range).
    #[serde(default = "weekly_theta")]
    pub default_theta: Range,
}

fn weekly_theta() -> Range {
    defaults::THETA
}

impl ModelSpec {
    /// Defaults for a data set: every channel and organic variable with `adstock` and Hill
    /// saturation and Robyn's ranges; every control free; baseline by frequency.
    pub fn for_dataset(data: &Dataset, adstock: AdstockKind) -> Self {
        let theta = defaults::theta_for(data.frequency);
        ModelSpec {
            channels: data
                .channels
                .iter()
                .map(|c| MediaSpec::with_theta(&c.name, adstock, SaturationKind::Hill, theta))
                .collect(),
            organic: data
                .organic
                .iter()
                .map(|o| MediaSpec::with_theta(&o.name, adstock, SaturationKind::Hill, theta))
                .collect(),
            controls: data
                .controls
                .iter()
                .map(|c| ControlSpec {
                    name: c.name.clone(),
                    sign: Sign::Free,
                })
                .collect(),
            baseline: BaselineSpec::default(),
            lambda: defaults::LAMBDA_H,
            hill_slope_prior: None,
            delayed_lag_share: defaults::DELAYED_LAG_SHARE,
            default_theta: theta,
        }
    }

    /// Change one channel's (or organic variable's) transform families, resetting its ranges.
    ///
    /// # Errors
    /// [`Error::UnknownChannel`] when no channel has that name.
    pub fn set_transform(
        &mut self,
        name: &str,
        adstock: AdstockKind,
        saturation: SaturationKind,
    ) -> Result<()> {
        let available = self.media_names().join(", ");
        let m = self
            .channels
            .iter_mut()
            .chain(self.organic.iter_mut())
            .find(|m| m.name == name)
            .ok_or_else(|| Error::UnknownChannel {
                channel: name.to_string(),
                available,
            })?;
        *m = MediaSpec::with_theta(name, adstock, saturation, self.default_theta);
        Ok(())
    }

    /// Set the search range of one parameter, e.g. ("tv", "theta", 0.3..0.8).
    ///
    /// # Errors
    /// [`Error::UnknownChannel`], or [`Error::InvalidSetting`] for an unknown parameter name.
    pub fn set_range(&mut self, name: &str, parameter: &str, range: Range) -> Result<()> {
        let available = self.media_names().join(", ");
        let m = self
            .channels
            .iter_mut()
            .chain(self.organic.iter_mut())
            .find(|m| m.name == name)
            .ok_or_else(|| Error::UnknownChannel {
                channel: name.to_string(),
                available,
            })?;
        let names = m.parameter_names();
        let i = names.iter().position(|&p| p == parameter).ok_or_else(|| {
            Error::setting(
                &format!("{name}.{parameter}"),
                "",
                &format!("this channel's parameters are {}", names.join(", ")),
            )
        })?;
        m.ranges[i] = range;
        m.check()
    }

    /// Names of paid channels then organic variables.
    pub fn media_names(&self) -> Vec<String> {
        self.channels
            .iter()
            .chain(&self.organic)
            .map(|m| m.name.clone())
            .collect()
    }

    /// Number of searched dimensions (all transform parameters plus the ridge penalty).
    pub fn dim(&self) -> usize {
        self.channels
            .iter()
            .chain(&self.organic)
            .map(MediaSpec::dim)
            .sum::<usize>()
            + 1
    }

    /// Check the spec against a data set: same channels, organic variables and controls, in order.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] or [`Error::UnknownChannel`] describing the mismatch.
    pub fn check_against(&self, data: &Dataset) -> Result<()> {
        let names = |v: &[MediaSpec]| v.iter().map(|m| m.name.clone()).collect::<Vec<_>>();
        if names(&self.channels) != data.channel_names() {
            return Err(Error::setting(
                "channels",
                names(&self.channels).join(","),
                &format!(
                    "the data's paid channels are {}",
                    data.channel_names().join(", ")
                ),
            ));
        }
        let org: Vec<String> = data.organic.iter().map(|o| o.name.clone()).collect();
        if names(&self.organic) != org {
            return Err(Error::setting(
                "organic",
                names(&self.organic).join(","),
                &format!("the data's organic columns are {}", org.join(", ")),
            ));
        }
        let ctl: Vec<String> = data.controls.iter().map(|c| c.name.clone()).collect();
        let spec_ctl: Vec<String> = self.controls.iter().map(|c| c.name.clone()).collect();
        if spec_ctl != ctl {
            return Err(Error::setting(
                "controls",
                spec_ctl.join(","),
                &format!("the data's controls are {}", ctl.join(", ")),
            ));
        }
        for m in self.channels.iter().chain(&self.organic) {
            m.check()?;
        }
        if !(0.0..=1.0).contains(&self.lambda.low)
            || !(0.0..=1.0).contains(&self.lambda.high)
            || self.lambda.low > self.lambda.high
        {
            return Err(Error::setting(
                "lambda",
                format!("{}:{}", self.lambda.low, self.lambda.high),
                "the penalty position must be a range within [0, 1]",
            ));
        }
        Ok(())
    }
}

/// A point of the search space in parameter units: per media column its transform parameters,
/// and the ridge penalty position h.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HyperParams {
    /// Paid channels then organic variables, each in [`MediaSpec::parameter_names`] order; a
    /// Bayesian point whose curve is a delayed lag has its Weibull density's shape and scale in
    /// place of θ (`[shape, scale, α, γ]`, see `estimate::bayes::grid`).
    pub media: Vec<Vec<f64>>,
    /// Ridge penalty position h ∈ [0, 1].
    pub lambda_h: f64,
}

impl ModelSpec {
    /// Curve parameters searched for each media column (paid then organic): those whose range
    /// is not a single value.
    pub fn estimated_curve_parameters(&self) -> Vec<usize> {
        self.channels
            .iter()
            .chain(&self.organic)
            .map(|m| m.ranges.iter().filter(|r| r.high > r.low).count())
            .collect()
    }

    /// Map a point of the unit cube to parameter values.
    pub fn from_unit(&self, unit: &[f64]) -> HyperParams {
        let mut k = 0;
        let mut media = Vec::with_capacity(self.channels.len() + self.organic.len());
        for m in self.channels.iter().chain(&self.organic) {
            let gamma = m.gamma_index();
            media.push(
                m.ranges
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        let v = if Some(i) == gamma {
                            gamma_at(*r, unit[k])
                        } else {
                            r.at(unit[k])
                        };
                        k += 1;
                        v
                    })
                    .collect(),
            );
        }
        HyperParams {
            media,
            lambda_h: self.lambda.at(unit[k]),
        }
    }

    /// Map parameter values back to the unit cube.
    pub fn to_unit(&self, h: &HyperParams) -> Vec<f64> {
        let mut u = Vec::with_capacity(self.dim());
        for (m, vals) in self.channels.iter().chain(&self.organic).zip(&h.media) {
            let gamma = m.gamma_index();
            for (i, (r, &v)) in m.ranges.iter().zip(vals).enumerate() {
                u.push(if Some(i) == gamma {
                    gamma_unit_of(*r, v)
                } else {
                    r.unit_of(v)
                });
            }
        }
        u.push(self.lambda.unit_of(h.lambda_h));
        u
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_geometric_hill_channel_has_three_parameters() {
        let m = MediaSpec::new("tv", AdstockKind::Geometric, SaturationKind::Hill);
        assert_eq!(m.parameter_names(), vec!["theta", "alpha", "gamma"]);
        assert_eq!(
            m.ranges,
            vec![defaults::THETA, defaults::ALPHA, defaults::GAMMA]
        );
    }

    #[test]
    fn daily_decay_range_carries_the_weekly_decay_over_seven_days() {
        use crate::data::Frequency;
        let daily = defaults::theta_for(Frequency::Daily);
        assert!((libm::pow(daily.high, 7.0) - defaults::THETA.high).abs() < 1e-12);
        assert_eq!(defaults::theta_for(Frequency::Weekly), defaults::THETA);
        assert_eq!(defaults::theta_for(Frequency::Monthly), defaults::THETA);
    }

    #[test]
    fn weibull_logistic_channel_has_three_parameters_too() {
        let m = MediaSpec::new("tv", AdstockKind::WeibullPdf, SaturationKind::Logistic);
        assert_eq!(m.parameter_names(), vec!["shape", "scale", "lambda"]);
        m.check().unwrap();
    }

    /// γ's coordinate: even up to 1 over 70 % of it, geometric beyond; the inverse maps back.
    #[test]
    fn gamma_coordinate_is_even_up_to_one_and_geometric_beyond() {
        let r = defaults::GAMMA;
        for (u, want) in [
            (0.0, 0.01),
            (0.35, 0.505),
            (0.7, 1.0),
            (0.85, 2.0),
            (1.0, 4.0),
        ] {
            assert!((gamma_at(r, u) - want).abs() < 1e-12, "{u}");
            assert!((gamma_unit_of(r, want) - u).abs() < 1e-12, "{u}");
        }
        // Robyn's range is mapped evenly, as any other parameter.
        let robyn = Range::new(0.3, 1.0);
        assert!((gamma_at(robyn, 0.5) - 0.65).abs() < 1e-12);
        assert!((gamma_unit_of(robyn, 0.65) - 0.5).abs() < 1e-12);
        // A range wholly beyond 1 geometrically.
        let far = Range::new(2.0, 8.0);
        assert!((gamma_at(far, 0.5) - 4.0).abs() < 1e-12);
        assert!((gamma_unit_of(far, 4.0) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn unit_cube_round_trip() {
        let spec = ModelSpec {
            channels: vec![MediaSpec::new(
                "a",
                AdstockKind::Geometric,
                SaturationKind::Hill,
            )],
            organic: vec![MediaSpec::new(
                "o",
                AdstockKind::WeibullCdf,
                SaturationKind::Hill,
            )],
            controls: vec![],
            baseline: BaselineSpec::default(),
            lambda: defaults::LAMBDA_H,
            hill_slope_prior: None,
            delayed_lag_share: 0.0,
            default_theta: defaults::THETA,
        };
        assert_eq!(spec.dim(), 3 + 4 + 1);
        let u = vec![0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
        let h = spec.from_unit(&u);
        assert!((h.media[0][0] - 0.08).abs() < 1e-12, "theta = 0.1 * 0.8");
        let back = spec.to_unit(&h);
        for (a, b) in u.iter().zip(back) {
            assert!((a - b).abs() < 1e-12);
        }
    }

    #[test]
    fn ranges_outside_the_transform_domain_are_refused() {
        let mut m = MediaSpec::new("tv", AdstockKind::Geometric, SaturationKind::Hill);
        m.ranges[0] = Range::new(0.2, 1.2);
        let e = m.check().unwrap_err();
        assert_eq!(e.kind(), "invalid_setting");
        assert!(e.to_string().contains("tv.theta"), "{e}");
    }

    #[test]
    fn seasonality_order_follows_frequency_and_length() {
        let b = BaselineSpec::default();
        assert_eq!(b.seasonality_order_for(Frequency::Weekly, 156), 3);
        assert_eq!(b.seasonality_order_for(Frequency::Weekly, 40), 0);
        assert_eq!(b.seasonality_order_for(Frequency::Monthly, 36), 2);
        let forced = BaselineSpec {
            seasonality_order: Some(10),
            ..b
        };
        assert_eq!(forced.seasonality_order_for(Frequency::Monthly, 36), 6);
    }
}
