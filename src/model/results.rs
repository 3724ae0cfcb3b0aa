//! What a fitted model says: the decomposition of every period, each channel's spend,
//! contribution, ROI, shares, marginal ROI, carryover and response curve, and fit metrics.
//!
//! Results depend only on the data, the transforms and the coefficients, not on how they were
//! estimated, so any fitting method (the ridge search now, Bayesian sampling later) reports
//! through the same code.
//!
//! Definitions (all over every period of the data unless noted):
//! - contribution = Σ_t β · s(adstock(x))_t; ROI = contribution / spend (revenue KPI);
//!   CPA = spend / contribution (conversion KPI);
//! - effect share = contribution / Σ paid contributions; spend share = spend / Σ spends;
//! - response per period at spend x (steady state) = β · s(k · x · Σw), with k the exposure per
//!   unit of spend (1 without exposure) and Σw the adstock's total weight;
//! - marginal ROI = d response / d spend at the mean spend per period;
//! - carryover share = part of the contribution that comes from earlier periods' activity:
//!   Σ_t contribution_t · (1 − w₀ x_t / a_t) / Σ_t contribution_t, with a_t the adstocked activity;
//! - R², adjusted R² (counting the estimated curve parameters, see [`FitMetrics::adj_r2`]),
//!   NRMSE = RMSE / (max y − min y), MAPE over periods with y ≠ 0, on the training periods; the
//!   same on the holdout when there is one.
//! - A continuous control's part of the decomposition is its deviation from its average level
//!   (`γ·(z_t − mean z)`); the effect of the average level is part of the intercept's series.
//!   0/1 event columns keep `γ·z_t` (no event is a meaningful zero). The parts still add up to
//!   the fitted values.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::data::{Dataset, KpiType};
use crate::transform::{Adstock, ChannelTransform, Saturation};

use super::design::{BaseGroup, Design, decomp_rssd};
use super::spec::ModelSpec;

/// One point of a response curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CurvePoint {
    /// Spend per period.
    pub spend: f64,
    /// Expected KPI per period from this channel at that spend (steady state).
    pub response: f64,
    /// Slope of the curve: extra KPI per extra unit of spend (at the first point, the slope
    /// just above zero spend).
    pub marginal: f64,
}

/// A paid channel's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelResult {
    pub name: String,
    pub spend_column: String,
    pub exposure_column: Option<String>,
    /// Total spend.
    pub spend: f64,
    /// Mean spend per period.
    pub mean_spend: f64,
    /// Total contribution to the KPI.
    pub contribution: f64,
    /// contribution / spend.
    pub roi: f64,
    /// spend / contribution, for conversion KPIs.
    pub cpa: Option<f64>,
    pub spend_share: f64,
    pub effect_share: f64,
    /// Extra KPI per extra unit of spend at the mean spend per period.
    pub marginal_roi: f64,
    /// Share of the contribution that arrives in later periods.
    pub carryover_share: f64,
    /// KPI per unit of saturated activity.
    pub coefficient: f64,
    /// Exposure per unit of spend (1 when spend is modeled).
    pub exposure_per_spend: f64,
    pub adstock: Adstock,
    pub saturation: Saturation,
    /// Periods until half the effect of a period's activity has arrived.
    pub half_life: f64,
    /// Length of the series the model was fitted on (Weibull adstock weights depend on it).
    pub series_len: usize,
    /// Adstock weights, first = 1 (how a unit of activity decays over the following periods).
    pub decay: Vec<f64>,
    /// Response curve from 0 to beyond the largest observed spend.
    pub response_curve: Vec<CurvePoint>,
}

impl ChannelResult {
    /// Expected KPI per period at `spend` per period (steady state).
    pub fn response(&self, spend: f64) -> f64 {
        let t = self.transform();
        self.coefficient * t.steady_state(self.exposure_per_spend * spend.max(0.0))
    }

    /// Slope of [`ChannelResult::response`].
    pub fn marginal(&self, spend: f64) -> f64 {
        let t = self.transform();
        self.coefficient
            * self.exposure_per_spend
            * t.steady_state_derivative(self.exposure_per_spend * spend.max(0.0))
    }

    /// The channel's transform (adstock then saturation, in activity units).
    pub fn transform(&self) -> ChannelTransform {
        ChannelTransform {
            adstock: self.adstock,
            saturation: self.saturation,
            series_len: self.series_len,
        }
    }
}

/// An organic variable's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganicResult {
    pub name: String,
    pub contribution: f64,
    pub effect_share_of_kpi: f64,
    pub coefficient: f64,
    pub adstock: Adstock,
    pub saturation: Saturation,
    pub carryover_share: f64,
}

/// A baseline term's results (intercept, trend, seasonality, weekday, a control).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BaselineTerm {
    pub name: String,
    pub group: BaseGroup,
    /// Coefficient in KPI units per unit of the column (0 for a column left out).
    pub coefficient: f64,
    /// Total contribution over the data.
    pub contribution: f64,
}

/// Fit metrics on one set of periods.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Metrics {
    pub rows: usize,
    pub r2: f64,
    pub nrmse: f64,
    pub mape: Option<f64>,
}

/// Fit metrics of the model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FitMetrics {
    pub r2: f64,
    /// `1 − (1 − R²)(n − 1)/(n − p − 1)` on the training rows, with p the non-zero coefficients
    /// (intercept excluded) plus the curve parameters estimated for the channels with an effect
    /// (searched adstock and saturation parameters; fixed ones and the ridge λ not counted).
    pub adj_r2: f64,
    pub nrmse: f64,
    pub mape: Option<f64>,
    pub decomp_rssd: f64,
    /// Training periods.
    pub rows: usize,
    /// Coefficients estimated (intercept included).
    pub coefficients: usize,
    /// Ridge penalty (glmnet scale).
    pub lambda: f64,
    pub holdout: Option<Metrics>,
}

/// One series of the decomposition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Component {
    pub name: String,
    /// `intercept`, `trend`, `seasonality`, `weekday`, `control`, `organic` or `paid`.
    pub kind: String,
    pub values: Vec<f64>,
}

/// The KPI of every period split into its parts; the parts add up to `fitted`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decomposition {
    pub dates: Vec<NaiveDate>,
    pub actual: Vec<f64>,
    pub fitted: Vec<f64>,
    /// Index of the first holdout period (= number of periods without a holdout).
    pub holdout_start: usize,
    pub components: Vec<Component>,
}

/// Everything a fitted model reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelResults {
    pub kpi_type: KpiType,
    pub channels: Vec<ChannelResult>,
    pub organic: Vec<OrganicResult>,
    pub baseline: Vec<BaselineTerm>,
    pub fit: FitMetrics,
    pub decomposition: Decomposition,
}

/// Number of points on each response curve.
pub const CURVE_POINTS: usize = 61;

fn metrics(y: &[f64], fitted: &[f64]) -> Metrics {
    let n = y.len();
    let mean = y.iter().sum::<f64>() / n.max(1) as f64;
    let sse: f64 = y.iter().zip(fitted).map(|(a, b)| (a - b) * (a - b)).sum();
    let tss: f64 = y.iter().map(|a| (a - mean) * (a - mean)).sum();
    let range = y.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b))
        - y.iter().fold(f64::INFINITY, |a, &b| a.min(b));
    let nonzero: Vec<f64> = y
        .iter()
        .zip(fitted)
        .filter(|(a, _)| a.abs() > 0.0)
        .map(|(a, b)| ((a - b) / a).abs())
        .collect();
    Metrics {
        rows: n,
        r2: if tss > 0.0 { 1.0 - sse / tss } else { 0.0 },
        nrmse: if range > 0.0 {
            (sse / n.max(1) as f64).sqrt() / range
        } else {
            0.0
        },
        mape: (!nonzero.is_empty()).then(|| nonzero.iter().sum::<f64>() / nonzero.len() as f64),
    }
}

/// Curve parameters estimated from the data, for adjusted R²: each searched adstock and
/// saturation parameter ([`super::MediaSpec::dim`], less those whose range is a single value)
/// of every channel or organic variable whose coefficient is not zero (a curve with no effect
/// does not shape the fit). The ridge λ is not counted: it shrinks the coefficients, which are
/// already counted as if unpenalized, so counting it too would charge the fit twice.
fn curve_parameters(spec: &ModelSpec, media_coef: &[f64]) -> usize {
    spec.channels
        .iter()
        .chain(&spec.organic)
        .zip(media_coef)
        .filter(|(_, b)| **b != 0.0)
        .map(|(m, _)| m.ranges.iter().filter(|r| r.high > r.low).count())
        .sum()
}

/// Compute the results of a model from its transforms and raw-unit coefficients.
pub fn compute(
    data: &Dataset,
    spec: &ModelSpec,
    design: &Design,
    transforms: &[ChannelTransform],
    base_coef: &[f64],
    media_coef: &[f64],
    lambda: f64,
) -> ModelResults {
    let n = data.len();
    let train = design.train;
    let mut components: Vec<Component> = Vec::new();
    let mut fitted = vec![0.0; n];

    // Baseline terms, grouped.
    let mut baseline = Vec::with_capacity(design.base.len());
    let mut group_series: Vec<(BaseGroup, Vec<f64>)> = Vec::new();
    let mut intercept_shift = 0.0;
    for (col, &b) in design.base.iter().zip(base_coef) {
        let is_dummy = col
            .values
            .iter()
            .all(|&x| x.abs() < f64::MIN_POSITIVE || (x - 1.0).abs() < f64::EPSILON);
        let centre = if col.group == BaseGroup::Control && !is_dummy {
            col.values.iter().sum::<f64>() / n as f64
        } else {
            0.0
        };
        intercept_shift += b * centre;
        let v: Vec<f64> = col.values.iter().map(|x| b * (x - centre)).collect();
        baseline.push(BaselineTerm {
            name: col.name.clone(),
            group: col.group,
            coefficient: b,
            contribution: v.iter().sum(),
        });
        for t in 0..n {
            fitted[t] += v[t];
        }
        match col.group {
            BaseGroup::Control => components.push(Component {
                name: col.name.clone(),
                kind: "control".into(),
                values: v,
            }),
            g => match group_series.iter_mut().find(|(h, _)| *h == g) {
                Some((_, s)) => s.iter_mut().zip(&v).for_each(|(a, b)| *a += b),
                None => group_series.push((g, v)),
            },
        }
    }
    // The average level of continuous controls joins the intercept.
    if let Some((_, s)) = group_series
        .iter_mut()
        .find(|(g, _)| *g == BaseGroup::Intercept)
    {
        s.iter_mut().for_each(|v| *v += intercept_shift);
    }
    fitted.iter_mut().for_each(|v| *v += intercept_shift);
    if let Some(t) = baseline
        .iter_mut()
        .find(|t| t.group == BaseGroup::Intercept)
    {
        t.contribution += intercept_shift * n as f64;
    }
    let mut base_components: Vec<Component> = group_series
        .into_iter()
        .map(|(g, values)| {
            let kind = match g {
                BaseGroup::Intercept => "intercept",
                BaseGroup::Trend => "trend",
                BaseGroup::Seasonality => "seasonality",
                BaseGroup::Weekday => "weekday",
                BaseGroup::Control => "control",
            };
            Component {
                name: kind.to_string(),
                kind: kind.to_string(),
                values,
            }
        })
        .collect();
    base_components.append(&mut components);
    let mut components = base_components;

    // Media.
    let mut contributions = Vec::with_capacity(transforms.len());
    let mut carry = Vec::with_capacity(transforms.len());
    for (k, tr) in transforms.iter().enumerate() {
        let x = &design.activity[k];
        let a = tr.adstock.apply(x);
        let w0 = tr.adstock.weights(n)[0];
        let v: Vec<f64> = a
            .iter()
            .map(|&ai| media_coef[k] * tr.saturation.value(ai))
            .collect();
        let c: f64 = v.iter().sum();
        let carried: f64 = (0..n)
            .map(|t| {
                if a[t] > 0.0 {
                    v[t] * (1.0 - (w0 * x[t] / a[t]).min(1.0))
                } else {
                    0.0
                }
            })
            .sum();
        for t in 0..n {
            fitted[t] += v[t];
        }
        contributions.push(c);
        carry.push(if c > 0.0 { carried / c } else { 0.0 });
        let (name, kind) = if k < design.paid {
            (spec.channels[k].name.clone(), "paid")
        } else {
            (spec.organic[k - design.paid].name.clone(), "organic")
        };
        components.push(Component {
            name,
            kind: kind.into(),
            values: v,
        });
    }

    let paid = design.paid;
    let total_effect: f64 = contributions[..paid].iter().map(|c| c.max(0.0)).sum();
    let total_spend: f64 = data
        .channels
        .iter()
        .map(|c| c.spend.iter().sum::<f64>())
        .sum();
    let mut channels = Vec::with_capacity(paid);
    for (k, ch) in data.channels.iter().enumerate() {
        let spend: f64 = ch.spend.iter().sum();
        let mean_spend = spend / n as f64;
        let exposure_per_spend = match &ch.exposure {
            Some(e) => e.iter().sum::<f64>() / spend,
            None => 1.0,
        };
        let tr = transforms[k];
        let decay = tr.adstock.weights(n);
        let mut result = ChannelResult {
            name: ch.name.clone(),
            spend_column: ch.spend_column.clone(),
            exposure_column: ch.exposure_column.clone(),
            spend,
            mean_spend,
            contribution: contributions[k],
            roi: contributions[k] / spend,
            cpa: (data.kpi_type == KpiType::Conversions && contributions[k] > 0.0)
                .then(|| spend / contributions[k]),
            spend_share: spend / total_spend,
            effect_share: if total_effect > 0.0 {
                contributions[k].max(0.0) / total_effect
            } else {
                0.0
            },
            marginal_roi: 0.0,
            carryover_share: carry[k],
            coefficient: media_coef[k],
            exposure_per_spend,
            adstock: tr.adstock,
            saturation: tr.saturation,
            half_life: tr.adstock.half_life(n),
            series_len: n,
            decay,
            response_curve: Vec::new(),
        };
        result.marginal_roi = result.marginal(mean_spend);
        let max_spend = ch.spend.iter().fold(0.0f64, |a, &b| a.max(b));
        let top = (3.0 * mean_spend).max(max_spend);
        result.response_curve = (0..CURVE_POINTS)
            .map(|i| {
                let x = top * i as f64 / (CURVE_POINTS - 1) as f64;
                // The slope at exactly 0 is infinite for α < 1; report it just above 0 so every
                // number stays finite (JSON has no infinity).
                let marginal = result.marginal(x.max(top * 1e-4));
                CurvePoint {
                    spend: x,
                    response: result.response(x),
                    marginal,
                }
            })
            .collect();
        channels.push(result);
    }

    let kpi_total: f64 = data.kpi.values.iter().sum();
    let organic = (paid..transforms.len())
        .map(|k| OrganicResult {
            name: spec.organic[k - paid].name.clone(),
            contribution: contributions[k],
            effect_share_of_kpi: if kpi_total != 0.0 {
                contributions[k] / kpi_total
            } else {
                0.0
            },
            coefficient: media_coef[k],
            adstock: transforms[k].adstock,
            saturation: transforms[k].saturation,
            carryover_share: carry[k],
        })
        .collect();

    let y = &data.kpi.values;
    let train_metrics = metrics(&y[..train], &fitted[..train]);
    let coefficients = 1
        + base_coef.iter().skip(1).filter(|b| **b != 0.0).count()
        + media_coef.iter().filter(|b| **b != 0.0).count();
    let p = (coefficients - 1 + curve_parameters(spec, media_coef)) as f64;
    let adj_r2 = if (train as f64) > p + 1.0 {
        1.0 - (1.0 - train_metrics.r2) * (train as f64 - 1.0) / (train as f64 - p - 1.0)
    } else {
        train_metrics.r2
    };
    let spend_train: Vec<f64> = data
        .channels
        .iter()
        .map(|c| c.spend[..train].iter().sum())
        .collect();
    let contrib_train: Vec<f64> = (0..paid)
        .map(|k| {
            components
                .iter()
                .find(|c| c.kind == "paid" && c.name == data.channels[k].name)
                .map_or(0.0, |c| c.values[..train].iter().sum())
        })
        .collect();
    let fit = FitMetrics {
        r2: train_metrics.r2,
        adj_r2,
        nrmse: train_metrics.nrmse,
        mape: train_metrics.mape,
        decomp_rssd: decomp_rssd(&contrib_train, &spend_train),
        rows: train,
        coefficients,
        lambda,
        holdout: (train < n).then(|| metrics(&y[train..], &fitted[train..])),
    };

    ModelResults {
        kpi_type: data.kpi_type,
        channels,
        organic,
        baseline,
        fit,
        decomposition: Decomposition {
            dates: data.dates.clone(),
            actual: y.clone(),
            fitted,
            holdout_start: train,
            components,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::spec::Range;
    use crate::model::{Design, Scratch};
    use crate::precision::assert_close;
    use crate::simulate::{SimulationSettings, simulate};
    use crate::transform::AdstockKind;

    #[test]
    fn adjusted_r2_counts_the_estimated_curve_parameters() {
        let sim = simulate(&SimulationSettings::default()).unwrap();
        let data = &sim.dataset;
        let mut spec = ModelSpec::for_dataset(data, AdstockKind::Geometric);
        let design = Design::new(data, &spec, 0.0).unwrap();
        let hp = spec.from_unit(&vec![0.5; spec.dim()]);
        let fit = design.fit(&spec, &hp, &mut Scratch::default()).unwrap();
        let metrics = |spec: &ModelSpec| {
            compute(
                data,
                spec,
                &design,
                &fit.transforms,
                &fit.base_coef,
                &fit.media_coef,
                fit.lambda,
            )
            .fit
        };
        let n = design.train as f64;
        let adjusted = |r2: f64, p: usize| 1.0 - (1.0 - r2) * (n - 1.0) / (n - p as f64 - 1.0);
        let with_effect: Vec<usize> = (0..fit.media_coef.len())
            .filter(|&k| fit.media_coef[k] != 0.0)
            .collect();
        assert!(with_effect.len() >= 2, "{:?}", fit.media_coef);
        // Geometric adstock and Hill saturation: θ, α, γ for each curve with an effect.
        let m = metrics(&spec);
        let p = m.coefficients - 1 + 3 * with_effect.len();
        assert_close(m.adj_r2, adjusted(m.r2, p), 1e-12);
        assert!(m.adj_r2 < adjusted(m.r2, m.coefficients - 1));
        // A parameter fixed by its range is not estimated.
        let name = spec.media_names()[with_effect[0]].clone();
        spec.set_range(&name, "theta", Range::new(0.3, 0.3))
            .unwrap();
        let fixed = metrics(&spec);
        assert_close(fixed.adj_r2, adjusted(m.r2, p - 1), 1e-12);
    }
}
