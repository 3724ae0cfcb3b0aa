//! The model's features, built from the data and the model description alone: the baseline
//! columns (intercept, trend, yearly Fourier terms, weekday, controls) and each media column's
//! activity and spend. No estimator lives here: the ridge search ([`crate::estimate`]) scales
//! and solves on these columns, results and planning evaluate a fitted model on them, and a
//! Bayesian sampler can take them as they are.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::data::{Dataset, Warning, WarningKind};
use crate::error::Result;

use super::spec::{ModelSpec, Sign};

/// What a baseline column stands for (for the decomposition).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BaseGroup {
    Intercept,
    Trend,
    Seasonality,
    Weekday,
    Control,
}

impl BaseGroup {
    /// The decomposition component this column belongs to.
    pub fn component(self) -> super::results::ComponentKind {
        use super::results::ComponentKind as K;
        match self {
            BaseGroup::Intercept => K::Intercept,
            BaseGroup::Trend => K::Trend,
            BaseGroup::Seasonality => K::Seasonality,
            BaseGroup::Weekday => K::Weekday,
            BaseGroup::Control => K::Control,
        }
    }
}

/// A baseline column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BaseColumn {
    pub name: String,
    pub group: BaseGroup,
    /// Raw values over all rows.
    pub values: Vec<f64>,
    /// Sign its coefficient is held to (the intercept is non-negative, as in Robyn, unless the
    /// KPI goes below zero).
    #[serde(default)]
    pub sign: Sign,
}

impl BaseColumn {
    /// True for a 0/1 event column (its decomposition keeps `γ·z`, not a deviation from a mean).
    pub fn is_dummy(&self) -> bool {
        self.values
            .iter()
            .all(|&x| x.abs() < f64::MIN_POSITIVE || (x - 1.0).abs() < f64::EPSILON)
    }
}

/// Every column of the model for one data set and description.
#[derive(Debug, Clone, PartialEq)]
pub struct Features {
    /// Rows.
    pub n: usize,
    pub base: Vec<BaseColumn>,
    /// Activity of each paid channel (its exposure, or its spend) then of each organic
    /// variable, length n.
    pub activity: Vec<Vec<f64>>,
    /// Spend of each paid channel, length n.
    pub spend: Vec<Vec<f64>>,
    /// Number of paid channels (the first `paid` activity columns).
    pub paid: usize,
    /// Notes made while building them (no seasonality for short data).
    pub warnings: Vec<Warning>,
}

fn days_since_epoch(d: NaiveDate) -> f64 {
    d.num_days_from_ce() as f64 - 719_163.0
}

impl Features {
    /// Build the columns.
    ///
    /// # Errors
    /// Spec/data mismatches ([`ModelSpec::check_against`]).
    pub fn new(data: &Dataset, spec: &ModelSpec) -> Result<Features> {
        spec.check_against(data)?;
        let n = data.len();
        let mut warnings = Vec::new();
        // Non-negative as in Robyn, unless the KPI itself goes below zero (profit after fixed
        // costs): held at zero there, the intercept left the baseline to the media (a true ROI
        // of 2.0 read at 1.38 by the ridge search; 2.04 with the KPI shifted above zero).
        let intercept_sign = if crate::data::kpi_goes_below_zero(&data.kpi.values) {
            Sign::Free
        } else {
            Sign::Positive
        };
        let mut base = vec![BaseColumn {
            name: "intercept".into(),
            group: BaseGroup::Intercept,
            values: vec![1.0; n],
            sign: intercept_sign,
        }];
        if spec.baseline.trend {
            let ppy = data.frequency.periods_per_year();
            base.push(BaseColumn {
                name: "trend".into(),
                group: BaseGroup::Trend,
                values: (0..n).map(|t| t as f64 / ppy).collect(),
                sign: Sign::Free,
            });
        }
        let order = spec.baseline.seasonality_order_for(data.frequency, n);
        if order == 0 && spec.baseline.seasonality_order.is_none() {
            warnings.push(Warning::new(
                WarningKind::NoSeasonality,
                "The data covers less than a year, so yearly seasonality is not modeled.",
            ));
        }
        let day: Vec<f64> = data.dates.iter().map(|&d| days_since_epoch(d)).collect();
        for k in 1..=order {
            let w = 2.0 * std::f64::consts::PI * k as f64 / 365.25;
            for (name, f) in [("sin", libm::sin as fn(f64) -> f64), ("cos", libm::cos)] {
                base.push(BaseColumn {
                    name: format!("season_{name}{k}"),
                    group: BaseGroup::Seasonality,
                    values: day.iter().map(|d| f(w * d)).collect(),
                    sign: Sign::Free,
                });
            }
        }
        if spec.baseline.weekday_for(data.frequency) {
            let names = [
                "tuesday",
                "wednesday",
                "thursday",
                "friday",
                "saturday",
                "sunday",
            ];
            for (wd, name) in (1..).zip(names) {
                base.push(BaseColumn {
                    name: name.into(),
                    group: BaseGroup::Weekday,
                    values: data
                        .dates
                        .iter()
                        .map(|d| f64::from(u8::from(d.weekday().num_days_from_monday() == wd)))
                        .collect(),
                    sign: Sign::Free,
                });
            }
        }
        for (c, cs) in data.controls.iter().zip(&spec.controls) {
            base.push(BaseColumn {
                name: c.name.clone(),
                group: BaseGroup::Control,
                values: c.values.clone(),
                sign: cs.sign,
            });
        }
        let mut activity: Vec<Vec<f64>> = data
            .channels
            .iter()
            .map(|c| c.activity().to_vec())
            .collect();
        activity.extend(data.organic.iter().map(|o| o.values.clone()));
        Ok(Features {
            n,
            base,
            activity,
            spend: data.channels.iter().map(|c| c.spend.clone()).collect(),
            paid: data.channels.len(),
            warnings,
        })
    }

    /// `Σ_j coef_j · base_j(t)` for every row: the baseline's part of the prediction.
    pub fn baseline_series(&self, coefficients: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; self.n];
        for (col, &b) in self.base.iter().zip(coefficients) {
            for (o, v) in out.iter_mut().zip(&col.values) {
                *o += b * v;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::precision::assert_close;
    use crate::simulate::{SimulationSettings, simulate};

    fn sim() -> Dataset {
        simulate(&SimulationSettings {
            periods: 104,
            ..Default::default()
        })
        .unwrap()
        .dataset
    }

    #[test]
    fn weekly_data_gets_intercept_trend_and_two_seasonal_pairs_by_default() {
        let data = sim();
        let spec = ModelSpec::for_dataset(&data, crate::transform::AdstockKind::Geometric);
        let f = Features::new(&data, &spec).unwrap();
        let groups: Vec<BaseGroup> = f.base.iter().map(|c| c.group).collect();
        assert_eq!(groups[0], BaseGroup::Intercept);
        assert_eq!(groups[1], BaseGroup::Trend);
        assert!(groups.contains(&BaseGroup::Seasonality));
        assert_eq!(f.activity.len(), data.channels.len() + data.organic.len());
        assert_eq!(f.paid, data.channels.len());
        // Trend in years: 52 weeks later it has grown by 52 / 52.18.
        assert_close(
            f.base[1].values[52] - f.base[1].values[0],
            52.0 / data.frequency.periods_per_year(),
            1e-12,
        );
    }

    #[test]
    fn baseline_series_is_the_coefficient_weighted_sum() {
        let data = sim();
        let spec = ModelSpec::for_dataset(&data, crate::transform::AdstockKind::Geometric);
        let f = Features::new(&data, &spec).unwrap();
        let mut coef = vec![0.0; f.base.len()];
        coef[0] = 100.0;
        coef[1] = 10.0;
        let s = f.baseline_series(&coef);
        assert_close(s[7], 100.0 + 10.0 * f.base[1].values[7], 1e-12);
    }
}
