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
//! - marginal ROI = d response / d spend at the mean spend per period; marginal CPA = 1 / marginal
//!   ROI (conversion KPIs, when the marginal ROI is positive; see [`Efficiency`]);
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

use super::efficiency::Efficiency;
use super::features::{BaseGroup, Features};
use super::fitted::{FittedModel, Parameters};
use super::response::ResponseCurve;

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
    /// spend / contribution, for conversion KPIs with a positive contribution.
    pub cpa: Option<f64>,
    pub spend_share: f64,
    pub effect_share: f64,
    /// Expected KPI per period at the mean spend per period (steady state): the point marked
    /// on the response curve. Absent (0) in files written before version 2.
    #[serde(default)]
    pub mean_response: f64,
    /// Extra KPI per extra unit of spend at the mean spend per period.
    pub marginal_roi: f64,
    /// Extra spend per extra conversion at the mean spend per period (1 / `marginal_roi`), for
    /// conversion KPIs with a positive marginal ROI.
    #[serde(default)]
    pub marginal_cpa: Option<f64>,
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
    /// The ROI's interval at the report's `interval_level`: over the posterior draws (Bayesian
    /// estimator), or the ridge search's calibrated profile-likelihood interval (its
    /// `interval_ends`); absent for a ridge model saved without them.
    #[serde(default)]
    pub roi_interval: Option<[f64; 2]>,
    /// The total contribution's interval over the draws.
    #[serde(default)]
    pub contribution_interval: Option<[f64; 2]>,
    /// The response's interval at each point of `response_curve` over the draws (empty without
    /// draws).
    #[serde(default)]
    pub response_band: Vec<[f64; 2]>,
}

impl ChannelResult {
    /// The channel's steady-state response curve (the one definition, [`ResponseCurve`]).
    pub fn curve(&self) -> ResponseCurve {
        ResponseCurve::new(
            self.coefficient,
            self.exposure_per_spend,
            ChannelTransform {
                adstock: self.adstock,
                saturation: self.saturation,
                series_len: self.series_len,
            },
        )
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

/// What a series of the decomposition is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComponentKind {
    Intercept,
    Trend,
    Seasonality,
    Weekday,
    Control,
    Organic,
    Paid,
}

impl ComponentKind {
    /// The stable name (as in JSON).
    pub fn as_str(self) -> &'static str {
        match self {
            ComponentKind::Intercept => "intercept",
            ComponentKind::Trend => "trend",
            ComponentKind::Seasonality => "seasonality",
            ComponentKind::Weekday => "weekday",
            ComponentKind::Control => "control",
            ComponentKind::Organic => "organic",
            ComponentKind::Paid => "paid",
        }
    }
}

/// One series of the decomposition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Component {
    pub name: String,
    pub kind: ComponentKind,
    /// Total over every period (the sum of `values`).
    #[serde(default)]
    pub total: f64,
    pub values: Vec<f64>,
}

impl Component {
    /// A series with its total.
    pub fn new(name: String, kind: ComponentKind, values: Vec<f64>) -> Component {
        Component {
            name,
            kind,
            total: values.iter().sum(),
            values,
        }
    }
}

/// The KPI of every period split into its parts; the parts add up to `fitted`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Decomposition {
    #[serde(with = "crate::data::dates::iso_serde::list")]
    pub dates: Vec<NaiveDate>,
    pub actual: Vec<f64>,
    pub fitted: Vec<f64>,
    /// Index of the first holdout period (= number of periods without a holdout).
    pub holdout_start: usize,
    pub components: Vec<Component>,
    /// The fitted KPI's band in each period (the expected KPI, noise not included): the 90 %
    /// interval over the posterior draws, or for the ridge search the span of the fitted values
    /// under its interval ends; empty without either.
    #[serde(default)]
    pub fitted_band: Vec<[f64; 2]>,
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

/// Robyn's DECOMP.RSSD: `sqrt(Σ (effect_share − spend_share)²)`, times `1 + share of paid
/// channels with no effect`. Shares are of the paid total.
pub fn decomp_rssd(contributions: &[f64], spends: &[f64]) -> f64 {
    let total_effect: f64 = contributions.iter().map(|c| c.max(0.0)).sum();
    let total_spend: f64 = spends.iter().sum();
    let k = contributions.len().max(1) as f64;
    let zero = contributions.iter().filter(|&&c| c <= 0.0).count() as f64;
    let rss: f64 = contributions
        .iter()
        .zip(spends)
        .map(|(&c, &s)| {
            let e = if total_effect > 0.0 {
                c.max(0.0) / total_effect
            } else {
                0.0
            };
            let sp = if total_spend > 0.0 {
                s / total_spend
            } else {
                0.0
            };
            (e - sp) * (e - sp)
        })
        .sum();
    rss.sqrt() * (1.0 + zero / k)
}

/// Number of points on each response curve.
pub const CURVE_POINTS: usize = 61;

/// The fit metrics of `y` against `fitted`. MAPE (each period's error as a share of its KPI)
/// is left out for a KPI that goes below zero ([`crate::data::kpi_goes_below_zero`], decided on
/// `whole`, the KPI over all periods): profit near zero makes any error a huge share (an outside
/// check read 44 %, 142 % and 152 % for fits of about the same quality). NRMSE measures those.
fn metrics(y: &[f64], fitted: &[f64], whole: &[f64]) -> Metrics {
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
        mape: (!nonzero.is_empty() && !crate::data::kpi_goes_below_zero(whole))
            .then(|| nonzero.iter().sum::<f64>() / nonzero.len() as f64),
    }
}

/// Compute the results of one parameter set of a fitted model on its data's features; the
/// first `train` rows are the fitted ones (the rest the holdout). `lambda` is the ridge penalty
/// reported in the metrics (0 for estimators without one).
pub fn compute(
    data: &Dataset,
    features: &Features,
    train: usize,
    model: &FittedModel,
    params: &Parameters,
    lambda: f64,
) -> ModelResults {
    let n = data.len();
    let train = train.min(n);
    let mut components: Vec<Component> = Vec::new();
    let mut fitted = vec![0.0; n];

    // Baseline terms, grouped.
    let mut baseline = Vec::with_capacity(features.base.len());
    let mut group_series: Vec<(ComponentKind, Vec<f64>)> = Vec::new();
    let mut intercept_shift = 0.0;
    for (col, &b) in features.base.iter().zip(&params.baseline) {
        let centre = if col.group == BaseGroup::Control && !col.is_dummy() {
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
        fitted.iter_mut().zip(&v).for_each(|(f, x)| *f += x);
        match col.group.component() {
            ComponentKind::Control => {
                components.push(Component::new(col.name.clone(), ComponentKind::Control, v))
            }
            g => match group_series.iter_mut().find(|(h, _)| *h == g) {
                Some((_, s)) => s.iter_mut().zip(&v).for_each(|(a, b)| *a += b),
                None => group_series.push((g, v)),
            },
        }
    }
    // The average level of continuous controls joins the intercept.
    if let Some((_, s)) = group_series
        .iter_mut()
        .find(|(g, _)| *g == ComponentKind::Intercept)
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
        .map(|(kind, values)| Component::new(kind.as_str().to_string(), kind, values))
        .collect();
    base_components.append(&mut components);
    let mut components = base_components;

    // Media.
    let paid = features.paid;
    let mut contributions = Vec::with_capacity(params.media.len());
    let mut carry = Vec::with_capacity(params.media.len());
    for (k, (m, x)) in params.media.iter().zip(&features.activity).enumerate() {
        // The adstocked activity once: the series is computed from it, and so is the carryover.
        let a = m.transform.adstock.apply(x);
        let mut v = a.clone();
        m.respond_to_adstocked(&mut v);
        let w0 = m.transform.adstock.weights(n)[0];
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
        fitted.iter_mut().zip(&v).for_each(|(f, x)| *f += x);
        contributions.push(c);
        carry.push(if c > 0.0 { carried / c } else { 0.0 });
        let (name, kind) = if k < paid {
            (model.channels[k].name.clone(), ComponentKind::Paid)
        } else {
            (model.organic[k - paid].clone(), ComponentKind::Organic)
        };
        components.push(Component::new(name, kind, v));
    }

    let total_effect: f64 = contributions[..paid].iter().map(|c| c.max(0.0)).sum();
    let total_spend: f64 = features.spend.iter().map(|s| s.iter().sum::<f64>()).sum();
    let efficiency = Efficiency::of(data.kpi_type);
    let mut channels = Vec::with_capacity(paid);
    for (k, id) in model.channels.iter().enumerate() {
        let spend: f64 = features.spend[k].iter().sum();
        let mean_spend = spend / n as f64;
        let m = params.media[k];
        let curve = model.curve(params, k);
        let max_spend = features.spend[k].iter().fold(0.0f64, |a, &b| a.max(b));
        let top = (3.0 * mean_spend).max(max_spend);
        let marginal_roi = curve.marginal(mean_spend);
        let response_curve = (0..CURVE_POINTS)
            .map(|i| {
                let x = top * i as f64 / (CURVE_POINTS - 1) as f64;
                // The slope at exactly 0 is infinite for α < 1; report it just above 0 so every
                // number stays finite (JSON has no infinity).
                CurvePoint {
                    spend: x,
                    response: curve.value(x),
                    marginal: curve.marginal(x.max(top * 1e-4)),
                }
            })
            .collect();
        channels.push(ChannelResult {
            name: id.name.clone(),
            spend_column: id.spend_column.clone(),
            exposure_column: id.exposure_column.clone(),
            spend,
            mean_spend,
            contribution: contributions[k],
            roi: contributions[k] / spend,
            cpa: efficiency.cpa(spend, contributions[k]),
            spend_share: spend / total_spend,
            effect_share: if total_effect > 0.0 {
                contributions[k].max(0.0) / total_effect
            } else {
                0.0
            },
            mean_response: curve.value(mean_spend),
            marginal_roi,
            marginal_cpa: efficiency.cpa(1.0, marginal_roi),
            carryover_share: carry[k],
            coefficient: m.coefficient,
            exposure_per_spend: id.exposure_per_spend,
            adstock: m.transform.adstock,
            saturation: m.transform.saturation,
            half_life: m.transform.adstock.half_life(n),
            series_len: m.transform.series_len,
            decay: m.transform.adstock.weights(n),
            response_curve,
            roi_interval: None,
            contribution_interval: None,
            response_band: Vec::new(),
        });
    }

    let kpi_total: f64 = data.kpi.values.iter().sum();
    let organic = (paid..params.media.len())
        .map(|k| OrganicResult {
            name: model.organic[k - paid].clone(),
            contribution: contributions[k],
            effect_share_of_kpi: if kpi_total != 0.0 {
                contributions[k] / kpi_total
            } else {
                0.0
            },
            coefficient: params.media[k].coefficient,
            adstock: params.media[k].transform.adstock,
            saturation: params.media[k].transform.saturation,
            carryover_share: carry[k],
        })
        .collect();

    let y = &data.kpi.values;
    let train_metrics = metrics(&y[..train], &fitted[..train], y);
    let coefficients = 1
        + params
            .baseline
            .iter()
            .skip(1)
            .filter(|b| **b != 0.0)
            .count()
        + params.media.iter().filter(|m| m.coefficient != 0.0).count();
    // Curve parameters estimated from the data: those of every media column with an effect (a
    // curve with no effect does not shape the fit). The ridge λ is not counted: it shrinks the
    // coefficients, which are already counted as if unpenalized.
    let curve_parameters: usize = params
        .media
        .iter()
        .zip(&model.curve_parameters)
        .filter(|(m, _)| m.coefficient != 0.0)
        .map(|(_, &c)| c)
        .sum();
    let p = (coefficients - 1 + curve_parameters) as f64;
    let adj_r2 = if (train as f64) > p + 1.0 {
        1.0 - (1.0 - train_metrics.r2) * (train as f64 - 1.0) / (train as f64 - p - 1.0)
    } else {
        train_metrics.r2
    };
    let spend_train: Vec<f64> = features
        .spend
        .iter()
        .map(|s| s[..train].iter().sum())
        .collect();
    let contrib_train: Vec<f64> = components
        .iter()
        .filter(|c| c.kind == ComponentKind::Paid)
        .map(|c| c.values[..train].iter().sum())
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
        holdout: (train < n).then(|| metrics(&y[train..], &fitted[train..], y)),
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
            fitted_band: Vec::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::estimate::ridge::{Design, Scratch};
    use crate::model::ModelSpec;
    use crate::model::fitted::{EstimatorKind, MediaParameters};
    use crate::model::spec::Range;
    use crate::precision::assert_close;
    use crate::simulate::{SimulationSettings, simulate};
    use crate::transform::AdstockKind;

    /// MAPE: the mean of |error| / |KPI|, (10/100 + 10/50) / 2 = 0.15 for a KPI above zero;
    /// none for one below zero in a twentieth of its periods (profit after fixed costs), in the
    /// holdout too when only the training periods go below zero.
    #[test]
    fn mape_is_left_out_for_a_kpi_that_goes_below_zero() {
        let m = metrics(&[100.0, 50.0], &[110.0, 40.0], &[100.0, 50.0]);
        assert_close(m.mape.unwrap(), 0.15, 1e-12);
        let profit = [100.0, -50.0, 20.0, 30.0];
        assert_eq!(
            metrics(&profit, &[110.0, -40.0, 25.0, 30.0], &profit).mape,
            None
        );
        assert_eq!(metrics(&profit[2..], &[25.0, 30.0], &profit).mape, None);
    }

    #[test]
    fn adjusted_r2_counts_the_estimated_curve_parameters() {
        let sim = simulate(&SimulationSettings::default()).unwrap();
        let data = &sim.dataset;
        let mut spec = ModelSpec::for_dataset(data, AdstockKind::Geometric);
        let design = Design::new(data, &spec, 0.0).unwrap();
        let hp = spec.from_unit(&vec![0.5; spec.dim()]);
        let fit = design.fit(&spec, &hp, &mut Scratch::default()).unwrap();
        let metrics = |spec: &ModelSpec| {
            let model = FittedModel {
                estimator: super::super::EstimatorKind::RidgeSearch,
                kpi_type: data.kpi_type,
                channels: FittedModel::identities(data),
                organic: data.organic.iter().map(|o| o.name.clone()).collect(),
                baseline: design
                    .features
                    .base
                    .iter()
                    .map(|b| b.name.clone())
                    .collect(),
                curve_parameters: spec.estimated_curve_parameters(),
                point: fit.parameters(),
                draws: vec![],
                interval_ends: vec![],
            };
            compute(
                data,
                &design.features,
                design.train,
                &model,
                &model.point,
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

    #[test]
    fn decomp_rssd_is_zero_when_effect_follows_spend() {
        assert_close(decomp_rssd(&[10.0, 30.0], &[1.0, 3.0]), 0.0, 1e-15);
    }

    #[test]
    fn decomp_rssd_by_hand() {
        // effect shares .75/.25, spend shares .5/.5 -> sqrt(2 * .25²) = 0.353553...
        assert_close(
            decomp_rssd(&[3.0, 1.0], &[1.0, 1.0]),
            0.125f64.sqrt(),
            1e-15,
        );
        // one of two channels with no effect: shares 1/0 vs .5/.5 -> sqrt(.5) * 1.5.
        assert_close(
            decomp_rssd(&[2.0, 0.0], &[1.0, 1.0]),
            0.5f64.sqrt() * 1.5,
            1e-15,
        );
    }
    /// Results of a hand-made parameter set on simulated data read with the given KPI type.
    fn results(kpi_type: KpiType) -> ModelResults {
        let mut data = simulate(&SimulationSettings {
            periods: 104,
            ..Default::default()
        })
        .unwrap()
        .dataset;
        data.kpi_type = kpi_type;
        let spec = ModelSpec::for_dataset(&data, AdstockKind::Geometric);
        let features = Features::new(&data, &spec).unwrap();
        let media = features
            .activity
            .iter()
            .map(|x| MediaParameters {
                transform: ChannelTransform {
                    adstock: Adstock::Geometric { theta: 0.3 },
                    saturation: Saturation::Hill {
                        alpha: 2.0,
                        gamma: 0.5,
                        inflexion: x.iter().sum::<f64>() / x.len() as f64,
                    },
                    series_len: x.len(),
                },
                coefficient: 40.0,
            })
            .collect();
        let mut baseline = vec![0.0; features.base.len()];
        baseline[0] = 1000.0;
        let model = FittedModel {
            estimator: EstimatorKind::RidgeSearch,
            kpi_type,
            channels: FittedModel::identities(&data),
            organic: data.organic.iter().map(|o| o.name.clone()).collect(),
            baseline: features.base.iter().map(|b| b.name.clone()).collect(),
            curve_parameters: spec.estimated_curve_parameters(),
            point: Parameters {
                media,
                baseline,
                sigma: 1.0,
            },
            draws: Vec::new(),
            interval_ends: Vec::new(),
        };
        compute(&data, &features, data.len(), &model, &model.point, 0.0)
    }

    #[test]
    fn marginal_cpa_is_one_over_marginal_roi_for_a_conversions_model() {
        let r = results(KpiType::Conversions);
        for c in &r.channels {
            assert!(c.marginal_roi > 0.0, "{}", c.name);
            assert_close(c.marginal_cpa.unwrap(), 1.0 / c.marginal_roi, 1e-12);
            assert_close(c.cpa.unwrap(), c.spend / c.contribution, 1e-12);
        }
    }

    #[test]
    fn a_revenue_model_has_no_cpa() {
        let r = results(KpiType::Revenue);
        assert!(
            r.channels
                .iter()
                .all(|c| c.cpa.is_none() && c.marginal_cpa.is_none())
        );
    }

    #[test]
    fn marginal_roi_is_the_slope_of_the_curve_at_the_mean_spend() {
        let r = results(KpiType::Revenue);
        for c in &r.channels {
            let curve = c.curve();
            let h = 1e-4 * c.mean_spend;
            let slope = (curve.value(c.mean_spend + h) - curve.value(c.mean_spend - h)) / (2.0 * h);
            assert_close(c.marginal_roi, slope, 1e-6);
            assert_close(c.mean_response, curve.value(c.mean_spend), 1e-12);
        }
    }

    #[test]
    fn a_component_total_is_the_sum_of_its_values() {
        let r = results(KpiType::Revenue);
        assert!(r.decomposition.components.len() > 3);
        for c in &r.decomposition.components {
            let sum: f64 = c.values.iter().sum();
            assert_close(c.total, sum, 1e-12);
        }
        // The paid components' totals are the channels' contributions.
        let paid: Vec<f64> = r
            .decomposition
            .components
            .iter()
            .filter(|c| c.kind == ComponentKind::Paid)
            .map(|c| c.total)
            .collect();
        assert_eq!(paid.len(), r.channels.len());
        for (t, c) in paid.iter().zip(&r.channels) {
            assert_close(*t, c.contribution, 1e-12);
        }
    }
}
