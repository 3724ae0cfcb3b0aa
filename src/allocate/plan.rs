//! Budget plans on a fitted model: maximum response for a budget, the largest budget that keeps
//! a target efficiency, and what-if scenarios. Channels are always matched by name.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::data::KpiType;
use crate::error::{Error, Result};
use crate::model::results::{CURVE_POINTS, CurvePoint};
use crate::model::uncertainty::INTERVAL_LEVEL;
use crate::model::{Efficiency, Features, FittedModel, Parameters, cost_per};
use crate::precision::{BUDGET_AS_TYPED, MAX_MAGNITUDE};

use super::curve::{Response, ResponseCurve};
use super::draws::PlanBasis;
use super::solver::{Problem, budget_table, maximize, refine};

/// Bounds on one channel's spend per period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Bounds {
    pub low: f64,
    pub high: f64,
}

/// Bounds a request gives one channel's spend per period; a side left out is the current spend
/// times the request's `relative_bounds` (so `{ "low": 1000 }` only raises the floor). Reads
/// `{ "low": L, "high": H }` as before.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct ChannelBounds {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
}

impl From<Bounds> for ChannelBounds {
    fn from(b: Bounds) -> Self {
        ChannelBounds {
            low: Some(b.low),
            high: Some(b.high),
        }
    }
}

/// Each channel's bounds for a request ([`Planner::bounds`]).
#[derive(Debug, Clone, PartialEq)]
pub struct PlanBounds {
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
    pub locked: Vec<bool>,
    /// Bounds of its own (given or locked): the spends it ran at neither narrow them nor are
    /// reported in its plan.
    pub own: Vec<bool>,
}

/// What to plan.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Goal {
    /// The allocation of `budget` per period with the largest total response.
    MaxResponse { budget: f64 },
    /// The largest budget (and its allocation) whose total ROAS stays at or above `target`.
    TargetRoas { target: f64 },
    /// The largest budget whose CPA stays at or below `target` (conversion KPIs).
    TargetCpa { target: f64 },
}

/// A planning request. Maps are keyed by channel name.
///
/// | name            | default     | meaning                                                   |
/// |-----------------|-------------|-----------------------------------------------------------|
/// | goal            | max response at the current total spend |                                 |
/// | bounds          | {}          | absolute spend-per-period bounds for some channels (either side may be left out) |
/// | relative_bounds | 0.5 – 2     | bounds for the others, as multiples of current spend      |
/// | locked          | []          | channels held at their current spend                      |
/// | within_history  | false       | keep each channel without bounds of its own within the spends it ran at ([`Planner::history`]) |
/// | window          | 0           | current spend = mean over the last `window` periods (all if fewer); 0: a year of the data's periods (52 weeks, 365 days, 12 months) |
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanRequest {
    pub goal: Option<Goal>,
    pub bounds: BTreeMap<String, ChannelBounds>,
    pub relative_bounds: Bounds,
    pub locked: Vec<String>,
    pub window: usize,
    /// Keep each channel that has no bounds of its own within the spends per period it ran at
    /// in most periods ([`Planner::history`]), inside the relative bounds.
    pub within_history: bool,
}

impl Default for PlanRequest {
    fn default() -> Self {
        PlanRequest {
            goal: None,
            bounds: BTreeMap::new(),
            relative_bounds: Bounds {
                low: 0.5,
                high: 2.0,
            },
            locked: Vec::new(),
            window: 0,
            within_history: false,
        }
    }
}

/// One channel of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelPlan {
    pub name: String,
    pub current_spend: f64,
    pub optimal_spend: f64,
    /// Change of spend as a share of the current spend (0.25: +25%); absent when nothing is
    /// spent now.
    #[serde(default)]
    pub change_pct: Option<f64>,
    /// The bounds the plan kept to (the request's, with missing sides filled in).
    pub lower: f64,
    pub upper: f64,
    pub locked: bool,
    /// The spends per period the channel ran at in most periods of the data
    /// ([`Planner::history`]): a planned spend outside them rests on the model's curve beyond
    /// the data. Absent for a channel with bounds of its own or locked, for a planner without
    /// data, and in plans saved before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ran_at: Option<[f64; 2]>,
    pub current_response: f64,
    pub optimal_response: f64,
    /// Response / spend (ROAS; conversions per unit of spend for conversion KPIs).
    pub current_roas: f64,
    pub optimal_roas: f64,
    pub current_marginal_roi: f64,
    pub optimal_marginal_roi: f64,
    /// Spend / response (conversion KPIs with a positive response; see [`Efficiency`]).
    #[serde(default)]
    pub current_cpa: Option<f64>,
    #[serde(default)]
    pub optimal_cpa: Option<f64>,
    /// 1 / marginal ROI (conversion KPIs with a positive marginal ROI).
    #[serde(default)]
    pub current_marginal_cpa: Option<f64>,
    #[serde(default)]
    pub optimal_marginal_cpa: Option<f64>,
    /// Response curve with both spends marked by the fields above.
    pub curve: Vec<CurvePoint>,
}

/// A plan (PLAN.json).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// `max_response`, `target_roas` or `target_cpa`.
    pub goal: Goal,
    pub kpi_type: KpiType,
    /// The measure to show: `roi` (the `roas` fields) or `cpa` (the `cpa` fields).
    #[serde(default)]
    pub efficiency: Efficiency,
    /// Periods the current spend is averaged over.
    pub window: usize,
    /// Whether the plan kept channels within the spends they ran at (the request's).
    #[serde(default)]
    pub within_history: bool,
    pub total_budget: f64,
    pub total_budget_current: f64,
    /// Expected KPI per period from everything but paid media (over the window).
    pub baseline: f64,
    pub total_response_current: f64,
    pub total_response_optimal: f64,
    /// Baseline + media response.
    pub total_kpi_current: f64,
    pub total_kpi_optimal: f64,
    pub uplift: f64,
    /// Uplift as a share of the current media response.
    pub uplift_pct: f64,
    pub roas_current: f64,
    pub roas_optimal: f64,
    /// Total spend / total media response (conversion KPIs with a positive response).
    #[serde(default)]
    pub cpa_current: Option<f64>,
    #[serde(default)]
    pub cpa_optimal: Option<f64>,
    /// The 5 % and 95 % quantiles of this allocation's uplift under each draw of the model
    /// (each draw's own curves, from the current spends to the planned ones; see
    /// [`Plan::set_uplift_interval`]); absent without draws.
    #[serde(default)]
    pub uplift_interval: Option<[f64; 2]>,
    /// The same as shares of the current media response (each draw's uplift over its own
    /// current response); absent without an interval or without a positive current response.
    #[serde(default)]
    pub uplift_interval_pct: Option<[f64; 2]>,
    /// Share of the draws under which this allocation's total KPI beats the current split's;
    /// absent without draws.
    #[serde(default)]
    pub probability_better: Option<f64>,
    /// Probability the interval is meant to hold ([`INTERVAL_LEVEL`], 0.9).
    #[serde(default = "interval_level")]
    pub interval_level: f64,
    /// The curves planned on: `mean_of_draws` (every response figure is then the expected one
    /// over the draws) or `point`.
    #[serde(default)]
    pub basis: PlanBasis,
    pub channels: Vec<ChannelPlan>,
    /// What in the request may not mean what it says, in words (bounds that look like
    /// multiples of the current spend but are spend per period).
    #[serde(default)]
    pub notes: Vec<String>,
    /// What the fit warned of that bears on this plan, in words: a model that explains little
    /// of the KPI, or a moved channel whose return the data cannot show (its spend follows
    /// sales, or it spent in only a few periods). Set from the model's warnings
    /// (`ModelReport::plan`); empty from a bare planner.
    #[serde(default)]
    pub cautions: Vec<String>,
}

/// One channel of a what-if scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelScenario {
    pub name: String,
    pub current_spend: f64,
    pub scenario_spend: f64,
    pub current_response: f64,
    pub scenario_response: f64,
    pub scenario_roas: f64,
    pub current_marginal_roi: f64,
    pub scenario_marginal_roi: f64,
    /// Spend / response and 1 / marginal ROI (conversion KPIs, where positive).
    #[serde(default)]
    pub scenario_cpa: Option<f64>,
    #[serde(default)]
    pub current_marginal_cpa: Option<f64>,
    #[serde(default)]
    pub scenario_marginal_cpa: Option<f64>,
    /// The spends per period the channel ran at in most periods of the data, as in a plan
    /// ([`ChannelPlan::ran_at`]): a scenario's spend outside them rests on the model's curve
    /// beyond the data. Absent for a planner without data, and in scenarios saved before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ran_at: Option<[f64; 2]>,
}

/// A what-if scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    pub kpi_type: KpiType,
    /// The measure to show: `roi` (the `roas` fields) or `cpa` (the `cpa` fields).
    #[serde(default)]
    pub efficiency: Efficiency,
    pub window: usize,
    pub baseline: f64,
    pub total_spend_current: f64,
    pub total_spend_scenario: f64,
    pub total_response_current: f64,
    pub total_response_scenario: f64,
    pub total_kpi_current: f64,
    pub total_kpi_scenario: f64,
    pub difference: f64,
    pub difference_pct: f64,
    pub roas_current: f64,
    pub roas_scenario: f64,
    /// Total spend / total media response (conversion KPIs with a positive response).
    #[serde(default)]
    pub cpa_current: Option<f64>,
    #[serde(default)]
    pub cpa_scenario: Option<f64>,
    /// The 5 % and 95 % quantiles of the difference under each draw of the model (see
    /// [`Scenario::set_difference_interval`]); absent without draws.
    #[serde(default)]
    pub difference_interval: Option<[f64; 2]>,
    /// The same as shares of the current media response (each draw's difference over its own
    /// current response); absent without an interval or without a positive current response.
    #[serde(default)]
    pub difference_interval_pct: Option<[f64; 2]>,
    /// Share of the draws under which the scenario's total KPI beats the current split's;
    /// absent without draws.
    #[serde(default)]
    pub probability_better: Option<f64>,
    /// Probability the interval is meant to hold ([`INTERVAL_LEVEL`], 0.9).
    #[serde(default = "interval_level")]
    pub interval_level: f64,
    /// The curves planned on: `mean_of_draws` (every response figure is then the expected one
    /// over the draws) or `point`.
    #[serde(default)]
    pub basis: PlanBasis,
    pub channels: Vec<ChannelScenario>,
}

/// Where a target goal starts before the user sets one (see [`Planner::default_targets`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DefaultTargets {
    /// 90% of the current ROAS; absent for a conversions KPI, whose plans refuse a ROAS target
    /// (revenue per unit of spend has no meaning there).
    pub target_roas: Option<f64>,
    /// 110% of the current CPA (current spend / current media response); absent when the
    /// current response is not positive, and for a revenue KPI (whose plans refuse a CPA
    /// target).
    pub target_cpa: Option<f64>,
}

/// A model ready for planning: each channel's curve and current spend, and the baseline.
#[derive(Debug, Clone)]
pub struct Planner<R = ResponseCurve> {
    /// Display names of the channels.
    pub names: Vec<String>,
    /// Another name each channel answers to (its spend column).
    pub aliases: Vec<String>,
    pub curves: Vec<R>,
    pub current: Vec<f64>,
    pub baseline: f64,
    pub kpi_type: KpiType,
    pub window: usize,
    /// Per channel, the spends per period it ran at: from the [`HISTORY_TAIL`] quantile of its
    /// spends over the data to the `1 − HISTORY_TAIL` one. Beyond them its response curve is
    /// the model's extrapolation, not something the data showed.
    pub history: Vec<Bounds>,
    pub(super) curve_points: Vec<Vec<f64>>,
}

/// The share of periods left out at each end of a channel's spends for the range it ran at
/// ([`Planner::history`]). On an outside check's data, plan moves beyond that range claimed 45 %
/// more gain than the truth gave, moves inside it 7 %; keeping plans inside it by default
/// helped there and cost plans on `tests/oof`, so it is an option (BENCHMARKS.md, "Plans
/// within the spends each channel ran at").
pub const HISTORY_TAIL: f64 = 0.05;

/// The spends per period a channel ran at ([`Planner::history`]): from the [`HISTORY_TAIL`]
/// quantile of `spend` to the `1 − HISTORY_TAIL` one. A channel that spent in fewer periods
/// than twice that tail has its upper end at or near 0, as if it never spent (an outside check
/// saw a plan say a channel that spent 25,000 in 3 of 130 weeks "ran at 0 to 0"): its upper end
/// is then at least the same quantile of the periods it spent in.
fn spends_ran_at(spend: &[f64]) -> Bounds {
    let share = 1.0 - 2.0 * HISTORY_TAIL;
    let [low, high] = crate::model::uncertainty::interval(spend, share);
    let active: Vec<f64> = spend.iter().copied().filter(|&s| s > 0.0).collect();
    if active.is_empty() || active.len() as f64 >= 2.0 * HISTORY_TAIL * spend.len() as f64 {
        return Bounds { low, high };
    }
    let [_, top] = crate::model::uncertainty::interval(&active, share);
    Bounds {
        low,
        high: high.max(top),
    }
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 0.0 }
}

fn interval_level() -> f64 {
    INTERVAL_LEVEL
}

/// A number as it was typed: `50000.5`, `-5`; from 10^15 up, where every digit would be
/// written out, in exponent form (`1e308`, not 309 digits, nor "inf" from rounding it).
fn as_typed(v: f64) -> String {
    if v.abs() < 1e15 {
        format!("{v}")
    } else {
        format!("{v:e}")
    }
}

/// Why an amount is refused: below 0, or beyond what a plan can add up ([`MAX_MAGNITUDE`]).
fn amount_reason(v: f64) -> &'static str {
    if v > MAX_MAGNITUDE {
        "that is more than any spend per period MixLens can plan with (1e100 at most)"
    } else {
        "use a spend per period of 0 or more"
    }
}

impl Planner<ResponseCurve> {
    /// The planner of one parameter set of a fitted model: each channel's curve, its current
    /// spend (mean over the last `window` periods, all if fewer) and the expected KPI per period
    /// from everything but paid media over the same periods. Reads the fitted model and its
    /// features only; nothing is refitted.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] for a window of 0.
    pub fn new(
        model: &FittedModel,
        params: &Parameters,
        features: &Features,
        window: usize,
    ) -> Result<Planner> {
        if window == 0 {
            return Err(Error::setting("window", window, "use at least 1 period"));
        }
        let n = features.n;
        let window = window.min(n).max(1);
        let from = n - window;
        let mean = |s: &[f64]| s[from..].iter().sum::<f64>() / window as f64;
        let current = features.spend.iter().map(|s| mean(s)).collect();
        // Everything but paid media: the baseline terms and the organic variables.
        let mut rest = features.baseline_series(&params.baseline);
        let organic = params
            .media
            .iter()
            .zip(&features.activity)
            .skip(features.paid);
        for s in organic.map(|(m, x)| m.series(x)) {
            rest.iter_mut().zip(&s).for_each(|(r, v)| *r += v);
        }
        let curves = model.curves(params);
        let curve_points = (0..curves.len())
            .map(|k| {
                let s = &features.spend[k];
                let top = (3.0 * s.iter().sum::<f64>() / n as f64)
                    .max(s.iter().fold(0.0f64, |a, &b| a.max(b)));
                (0..CURVE_POINTS)
                    .map(|i| top * i as f64 / (CURVE_POINTS - 1) as f64)
                    .collect()
            })
            .collect();
        let history = features.spend.iter().map(|s| spends_ran_at(s)).collect();
        Ok(Planner {
            names: model.channels.iter().map(|c| c.name.clone()).collect(),
            aliases: model
                .channels
                .iter()
                .map(|c| c.spend_column.clone())
                .collect(),
            curves,
            current,
            baseline: mean(&rest),
            kpi_type: model.kpi_type,
            window,
            history,
            curve_points,
        })
    }
}

impl<R: Response> Planner<R> {
    /// Planner over arbitrary curves (tests, the simulator's truth, model averages).
    pub fn from_curves(
        names: Vec<String>,
        curves: Vec<R>,
        current: Vec<f64>,
        baseline: f64,
    ) -> Planner<R> {
        let curve_points = current
            .iter()
            .map(|&c| {
                (0..=60)
                    .map(|i| 3.0 * c.max(1.0) * i as f64 / 60.0)
                    .collect()
            })
            .collect();
        let history = vec![
            Bounds {
                low: 0.0,
                high: f64::INFINITY,
            };
            names.len()
        ];
        Planner {
            aliases: names.clone(),
            names,
            curves,
            current,
            baseline,
            kpi_type: KpiType::Revenue,
            window: 0,
            history,
            curve_points,
        }
    }

    /// The measure of efficiency of the KPI planned.
    pub fn efficiency(&self) -> Efficiency {
        Efficiency::of(self.kpi_type)
    }

    /// Where a target goal starts: 90% of the current ROAS, or 110% of the current CPA
    /// (current spend / current media response), so the largest budget meeting it is a little
    /// above the current one.
    pub fn default_targets(&self) -> DefaultTargets {
        let spend: f64 = self.current.iter().sum();
        let response = self.total(&self.current);
        DefaultTargets {
            target_roas: (self.kpi_type != KpiType::Conversions)
                .then(|| 0.9 * ratio(response, spend)),
            target_cpa: (self.kpi_type == KpiType::Conversions)
                .then(|| cost_per(spend, response).map(|cpa| 1.1 * cpa))
                .flatten(),
        }
    }

    fn index(&self, name: &str) -> Result<usize> {
        crate::data::names::find_named(
            name,
            self.names
                .iter()
                .zip(&self.aliases)
                .map(|(n, a)| [n.as_str(), a.as_str()]),
        )
        .ok_or_else(|| Error::UnknownChannel {
            channel: name.to_string(),
            available: self.names.join(", "),
        })
    }

    /// Per-channel bounds from a request, by name: the request's absolute bounds where given
    /// (a missing side from the default), elsewhere the relative bounds, with `within_history`
    /// narrowed to the spends the channel ran at ([`Planner::history`], never past its current
    /// spend), and the current spend for locked channels.
    ///
    /// # Errors
    /// [`Error::UnknownChannel`], [`Error::InvalidBounds`], [`Error::InvalidSetting`].
    pub fn bounds(&self, req: &PlanRequest) -> Result<PlanBounds> {
        let rb = req.relative_bounds;
        if !(rb.low >= 0.0 && rb.low <= rb.high && rb.high.is_finite()) {
            return Err(Error::setting(
                "relative bounds",
                format!("{}:{}", rb.low, rb.high),
                "use LOW:HIGH multiples of current spend with 0 ≤ LOW ≤ HIGH",
            ));
        }
        let mut lower: Vec<f64> = self.current.iter().map(|c| c * rb.low).collect();
        let mut upper: Vec<f64> = self.current.iter().map(|c| c * rb.high).collect();
        if upper.iter().any(|u| !u.is_finite()) {
            return Err(Error::setting(
                "relative bounds",
                format!("{}:{}", rb.low, rb.high),
                "the upper multiple is too large for the current spends",
            ));
        }
        let mut locked = vec![false; self.names.len()];
        let mut own = vec![false; self.names.len()];
        let mut seen = Vec::new();
        for (name, b) in &req.bounds {
            let i = self.index(name)?;
            crate::data::names::take_once(&mut seen, i, name, "bounds")?;
            let low = b.low.unwrap_or(lower[i]);
            let high = b.high.unwrap_or(upper[i]);
            if !(low.is_finite()
                && high.is_finite()
                && low >= 0.0
                && low <= high
                && high <= MAX_MAGNITUDE)
            {
                return Err(Error::InvalidBounds {
                    channel: name.clone(),
                    low,
                    high,
                });
            }
            lower[i] = low;
            upper[i] = high;
            own[i] = true;
        }
        for name in &req.locked {
            let i = self.index(name)?;
            // Both would otherwise be kept silently, the lock winning.
            if own[i] && !locked[i] {
                return Err(Error::setting(
                    "locked channels",
                    name,
                    "it also has bounds of its own, and a locked channel stays at its current spend: remove the lock or its bounds",
                ));
            }
            lower[i] = self.current[i];
            upper[i] = self.current[i];
            locked[i] = true;
            own[i] = true;
        }
        if req.within_history {
            for (i, h) in self.history.iter().enumerate().filter(|(i, _)| !own[*i]) {
                let c = self.current[i];
                lower[i] = lower[i].max(h.low).min(c);
                upper[i] = upper[i].min(h.high).max(c);
            }
        }
        Ok(PlanBounds {
            lower,
            upper,
            locked,
            own,
        })
    }

    /// Channel `i`'s marginal ROI at spend `s`; at no spend, the return per unit of the
    /// curve's first step (a sixtieth of its drawn range): a Hill curve with α < 1 rises
    /// infinitely steeply from zero, and its derivative a hair above zero (437,484 for a paused
    /// channel in an outside check) is no figure to plan by.
    fn marginal_at(&self, i: usize, s: f64) -> f64 {
        let r = &self.curves[i];
        match self.curve_points[i].get(1) {
            Some(&h) if s <= 0.0 && h > 0.0 => (r.value(h) - r.value(0.0)) / h,
            _ => r.marginal(s),
        }
    }

    /// The spends per period channel `i` ran at ([`Planner::history`]) as plans and what-ifs
    /// report them; `None` for a planner without data (its range is unbounded).
    fn ran_at(&self, i: usize) -> Option<[f64; 2]> {
        let h = self.history[i];
        h.high.is_finite().then_some([h.low, h.high])
    }

    /// Channel `i`'s part of a plan at spend `x` within its bounds (a channel with bounds of
    /// its own, given or locked, reports no range it ran at).
    fn channel_plan(&self, i: usize, x: f64, b: &PlanBounds) -> ChannelPlan {
        let (lower, upper, locked) = (b.lower[i], b.upper[i], b.locked[i]);
        let r = &self.curves[i];
        let cur = self.current[i];
        let mut points = self.curve_points[i].clone();
        let top = points
            .last()
            .copied()
            .unwrap_or(0.0)
            .max(1.2 * upper.min(4.0 * cur.max(x)))
            .max(1.2 * x);
        if points.last().is_none_or(|&p| p < top) {
            points = (0..=60).map(|k| top * k as f64 / 60.0).collect();
        }
        let eff = self.efficiency();
        let (rc, rx) = (r.value(cur), r.value(x));
        let (mc, mx) = (self.marginal_at(i, cur), self.marginal_at(i, x));
        ChannelPlan {
            name: self.names[i].clone(),
            current_spend: cur,
            optimal_spend: x,
            change_pct: (cur > 0.0).then(|| x / cur - 1.0),
            lower,
            upper,
            locked,
            ran_at: self.ran_at(i).filter(|_| !b.own[i]),
            current_response: rc,
            optimal_response: rx,
            current_roas: ratio(rc, cur),
            optimal_roas: ratio(rx, x),
            current_marginal_roi: mc,
            optimal_marginal_roi: mx,
            current_cpa: eff.cpa(cur, rc),
            optimal_cpa: eff.cpa(x, rx),
            current_marginal_cpa: eff.cpa(1.0, mc),
            optimal_marginal_cpa: eff.cpa(1.0, mx),
            curve: points
                .iter()
                .map(|&s| CurvePoint {
                    spend: s,
                    response: r.value(s),
                    marginal: r.marginal(s.max(top * 1e-4)),
                })
                .collect(),
        }
    }

    /// The current spends with those named replaced, by name.
    ///
    /// # Errors
    /// [`Error::UnknownChannel`], [`Error::InvalidSetting`] for a negative spend or one beyond
    /// [`MAX_MAGNITUDE`] (whose total could overflow).
    pub(super) fn spends(&self, spends: &BTreeMap<String, f64>) -> Result<Vec<f64>> {
        let mut x = self.current.clone();
        let mut seen = Vec::new();
        for (name, &v) in spends {
            let i = self.index(name)?;
            crate::data::names::take_once(&mut seen, i, name, "spend")?;
            if !(0.0..=MAX_MAGNITUDE).contains(&v) {
                return Err(Error::setting(
                    &format!("spend of {name}"),
                    as_typed(v),
                    amount_reason(v),
                ));
            }
            x[i] = v;
        }
        Ok(x)
    }

    /// Total media response per period at spends `x` (in channel order).
    pub fn total(&self, x: &[f64]) -> f64 {
        x.iter().zip(&self.curves).map(|(&v, r)| r.value(v)).sum()
    }

    /// Plan for a goal (max response at the current total when the request has none).
    ///
    /// # Errors
    /// [`Error::UnknownChannel`], [`Error::InvalidBounds`], [`Error::InfeasibleBudget`],
    /// [`Error::UnreachableTarget`], [`Error::InvalidSetting`].
    pub fn plan(&self, req: &PlanRequest) -> Result<Plan> {
        let bounds = self.bounds(req)?;
        let (lower, upper) = (&bounds.lower, &bounds.upper);
        let current_total: f64 = self.current.iter().sum();
        let goal = req.goal.unwrap_or(Goal::MaxResponse {
            budget: current_total,
        });
        let problem = Problem {
            curves: &self.curves,
            lower,
            upper,
        };
        let (min_total, max_total): (f64, f64) = (lower.iter().sum(), upper.iter().sum());
        let x = match goal {
            Goal::MaxResponse { budget } => {
                if !(0.0..=MAX_MAGNITUDE).contains(&budget) {
                    return Err(Error::setting(
                        "budget",
                        as_typed(budget),
                        amount_reason(budget),
                    ));
                }
                let tol = BUDGET_AS_TYPED * budget.max(1.0);
                if budget < min_total - tol || budget > max_total + tol {
                    // Bounds meant as multiples are the likelier cause: named first.
                    if let Some((channel, note)) = self.multiples_notes(req).into_iter().next() {
                        return Err(Error::setting(
                            "bounds",
                            channel,
                            &format!("{note} With them the budget cannot be met"),
                        ));
                    }
                    return Err(Error::InfeasibleBudget {
                        budget,
                        min_total,
                        max_total,
                    });
                }
                let budget = budget.clamp(min_total, max_total);
                maximize(&problem, budget)
            }
            Goal::TargetRoas { target } | Goal::TargetCpa { target } => {
                if !(target > 0.0 && target <= MAX_MAGNITUDE) {
                    let name = match goal {
                        Goal::TargetRoas { .. } => "target ROAS",
                        _ => "target CPA",
                    };
                    return Err(Error::setting(
                        name,
                        as_typed(target),
                        "use a positive number, below 1e100",
                    ));
                }
                // A cost per acquisition of a revenue KPI would act as a ROAS of its inverse,
                // and a ROAS of conversions (a few thousandths per unit of spend) as a CPA.
                match (goal, self.kpi_type) {
                    (Goal::TargetCpa { .. }, KpiType::Revenue) => {
                        return Err(Error::setting(
                            "target CPA",
                            target,
                            "the KPI is revenue: give a target ROAS instead",
                        ));
                    }
                    (Goal::TargetRoas { .. }, KpiType::Conversions) => {
                        return Err(Error::setting(
                            "target ROAS",
                            target,
                            "the KPI is conversions: give a target CPA instead",
                        ));
                    }
                    _ => {}
                }
                let (roas_target, kind) = match goal {
                    Goal::TargetCpa { .. } => (1.0 / target, "a CPA of"),
                    _ => (target, "a ROAS of"),
                };
                self.target(&problem, roas_target, kind, target)?
            }
        };
        let channels: Vec<ChannelPlan> = (0..self.names.len())
            .map(|i| self.channel_plan(i, x[i], &bounds))
            .collect();
        let total_budget: f64 = x.iter().sum();
        let (rc, ro) = (self.total(&self.current), self.total(&x));
        let eff = self.efficiency();
        Ok(Plan {
            goal,
            kpi_type: self.kpi_type,
            efficiency: eff,
            window: self.window,
            within_history: req.within_history,
            total_budget,
            total_budget_current: current_total,
            baseline: self.baseline,
            total_response_current: rc,
            total_response_optimal: ro,
            total_kpi_current: self.baseline + rc,
            total_kpi_optimal: self.baseline + ro,
            uplift: ro - rc,
            uplift_pct: ratio(ro - rc, rc),
            roas_current: ratio(rc, current_total),
            roas_optimal: ratio(ro, total_budget),
            cpa_current: eff.cpa(current_total, rc),
            cpa_optimal: eff.cpa(total_budget, ro),
            uplift_interval: None,
            uplift_interval_pct: None,
            probability_better: None,
            interval_level: INTERVAL_LEVEL,
            basis: PlanBasis::Point,
            channels,
            notes: self
                .multiples_notes(req)
                .into_iter()
                .map(|(_, n)| n)
                .collect(),
            cautions: Vec::new(),
        })
    }

    /// Bounds of a channel that look like multiples of its current spend (Robyn's channel
    /// constraints: `0.5` to `2`) but are spend per period, as every bound is: such bounds
    /// often leave the budget unreachable, or plan the channel at nothing. A note for each.
    /// The channel's name and the note.
    fn multiples_notes(&self, req: &PlanRequest) -> Vec<(String, String)> {
        req.bounds
            .iter()
            .filter_map(|(name, b)| {
                let i = self.index(name).ok()?;
                let (current, low, high) = (self.current[i], b.low.unwrap_or(0.0), b.high?);
                (high > 0.0 && high <= 10.0 && current >= 1000.0 * high).then(|| {
                    let n = crate::numbers::number;
                    let note = format!(
                        "{}'s bounds ({low} to {high}) are spend per period, a tiny share of its current {}. Meant as multiples of its current spend, they are {} to {}.",
                        self.names[i],
                        n(current),
                        n(low * current),
                        n(high * current),
                    );
                    (self.names[i].clone(), note)
                })
            })
            .collect()
    }

    /// The largest budget in the bounds whose best allocation keeps ROAS ≥ `roas`.
    fn target(
        &self,
        problem: &Problem<R>,
        roas: f64,
        kind: &'static str,
        shown: f64,
    ) -> Result<Vec<f64>> {
        let max_total: f64 = problem.upper.iter().sum();
        let table = budget_table(problem, max_total);
        let meets = |b: usize| {
            table.value[b].is_finite()
                && table.budget(b) > 0.0
                && table.value[b] / table.budget(b) >= roas
        };
        let Some(b) = (0..table.len()).rev().find(|&b| meets(b)) else {
            let best = (0..table.len())
                .filter(|&b| table.value[b].is_finite() && table.budget(b) > 0.0)
                .map(|b| table.value[b] / table.budget(b))
                .fold(0.0f64, f64::max);
            let best = if kind == "a CPA of" {
                if best > 0.0 {
                    1.0 / best
                } else {
                    f64::INFINITY
                }
            } else {
                best
            };
            return Err(Error::UnreachableTarget {
                target_kind: kind,
                target: shown,
                best: (best * 100.0).round() / 100.0,
            });
        };
        let grid = table.allocation(b);
        if b + 1 >= table.len() {
            return Ok(refine(problem, &table, &grid, table.budget(b)));
        }
        // The exact crossing lies between grid budgets b and b + 1: bisect on the budget.
        let eval = |budget: f64| {
            let x = refine(problem, &table, &grid, budget);
            let r = self.total(&x);
            (x, r / budget)
        };
        let (mut lo, mut hi) = (table.budget(b), table.budget(b + 1));
        let mut best = eval(lo).0;
        for _ in 0..60 {
            let mid = 0.5 * (lo + hi);
            let (x, r) = eval(mid);
            if r >= roas {
                lo = mid;
                best = x;
            } else {
                hi = mid;
            }
            if hi - lo <= 1e-12 * hi {
                break;
            }
        }
        Ok(best)
    }

    /// A what-if scenario: the given spends (by name; channels not named keep their current spend).
    ///
    /// # Errors
    /// [`Error::UnknownChannel`], [`Error::InvalidSetting`] for a negative or non-finite spend.
    pub fn what_if(&self, spends: &BTreeMap<String, f64>) -> Result<Scenario> {
        let x = self.spends(spends)?;
        let eff = self.efficiency();
        let channels: Vec<ChannelScenario> = (0..self.names.len())
            .map(|i| {
                let r = &self.curves[i];
                let (rs, mc, ms) = (
                    r.value(x[i]),
                    self.marginal_at(i, self.current[i]),
                    self.marginal_at(i, x[i]),
                );
                ChannelScenario {
                    name: self.names[i].clone(),
                    current_spend: self.current[i],
                    scenario_spend: x[i],
                    current_response: r.value(self.current[i]),
                    scenario_response: rs,
                    scenario_roas: ratio(rs, x[i]),
                    current_marginal_roi: mc,
                    scenario_marginal_roi: ms,
                    scenario_cpa: eff.cpa(x[i], rs),
                    current_marginal_cpa: eff.cpa(1.0, mc),
                    scenario_marginal_cpa: eff.cpa(1.0, ms),
                    ran_at: self.ran_at(i),
                }
            })
            .collect();
        let (sc, ss): (f64, f64) = (self.current.iter().sum(), x.iter().sum());
        let (rc, rs) = (self.total(&self.current), self.total(&x));
        Ok(Scenario {
            kpi_type: self.kpi_type,
            efficiency: eff,
            window: self.window,
            baseline: self.baseline,
            total_spend_current: sc,
            total_spend_scenario: ss,
            total_response_current: rc,
            total_response_scenario: rs,
            total_kpi_current: self.baseline + rc,
            total_kpi_scenario: self.baseline + rs,
            difference: rs - rc,
            difference_pct: ratio(rs - rc, rc),
            roas_current: ratio(rc, sc),
            roas_scenario: ratio(rs, ss),
            cpa_current: eff.cpa(sc, rc),
            cpa_scenario: eff.cpa(ss, rs),
            difference_interval: None,
            difference_interval_pct: None,
            probability_better: None,
            interval_level: INTERVAL_LEVEL,
            basis: PlanBasis::Point,
            channels,
        })
    }
}

impl Plan {
    /// Serialize as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::precision::assert_close;

    /// `k √x`: the best split of a budget is proportional to k², and every figure is easy by hand.
    struct Sqrt(f64);

    impl Response for Sqrt {
        fn value(&self, x: f64) -> f64 {
            self.0 * x.max(0.0).sqrt()
        }
        fn marginal(&self, x: f64) -> f64 {
            self.0 / (2.0 * x.max(1e-12).sqrt())
        }
        fn inflection(&self) -> f64 {
            0.0
        }
    }

    /// Two channels `a` (1 √x) and `b` (2 √x), spending 250 each now, no baseline.
    fn planner(kpi_type: KpiType, scale: f64) -> Planner<Sqrt> {
        let mut p = Planner::from_curves(
            vec!["a".into(), "b".into()],
            vec![Sqrt(scale), Sqrt(2.0 * scale)],
            vec![250.0, 250.0],
            0.0,
        );
        p.kpi_type = kpi_type;
        p
    }

    fn wide() -> PlanRequest {
        PlanRequest {
            goal: Some(Goal::MaxResponse { budget: 500.0 }),
            relative_bounds: Bounds {
                low: 0.0,
                high: 4.0,
            },
            ..PlanRequest::default()
        }
    }

    #[test]
    fn the_best_split_goes_by_the_square_of_the_coefficients() {
        let plan = planner(KpiType::Revenue, 1.0).plan(&wide()).unwrap();
        assert_close(plan.channels[0].optimal_spend, 100.0, 1e-6);
        assert_close(plan.channels[1].optimal_spend, 400.0, 1e-6);
    }

    #[test]
    fn change_pct_is_the_change_as_a_share_of_current_spend() {
        let plan = planner(KpiType::Revenue, 1.0).plan(&wide()).unwrap();
        // 250 → 100 and 250 → 400.
        assert_close(plan.channels[0].change_pct.unwrap(), -0.6, 1e-6);
        assert_close(plan.channels[1].change_pct.unwrap(), 0.6, 1e-6);
        for c in &plan.channels {
            assert_close(
                c.change_pct.unwrap(),
                c.optimal_spend / c.current_spend - 1.0,
                1e-12,
            );
        }
        // Nothing spent now: no percentage.
        let mut p = planner(KpiType::Revenue, 1.0);
        p.current = vec![0.0, 500.0];
        let plan = p
            .plan(&PlanRequest {
                bounds: [(
                    "a".to_string(),
                    ChannelBounds::from(Bounds {
                        low: 0.0,
                        high: 500.0,
                    }),
                )]
                .into(),
                ..wide()
            })
            .unwrap();
        assert_eq!(plan.channels[0].change_pct, None);
    }

    #[test]
    fn a_conversions_plan_reports_cpas_by_hand() {
        let plan = planner(KpiType::Conversions, 1.0).plan(&wide()).unwrap();
        assert_eq!(plan.efficiency, Efficiency::Cpa);
        // a: 100 spent, √100 = 10 conversions, marginal 1 / (2·10) = 0.05.
        // b: 400 spent, 2√400 = 40 conversions, marginal 2 / (2·20) = 0.05.
        for c in &plan.channels {
            assert_close(c.optimal_cpa.unwrap(), 10.0, 1e-6);
            assert_close(c.optimal_marginal_cpa.unwrap(), 20.0, 1e-6);
            assert_close(c.optimal_cpa.unwrap(), 1.0 / c.optimal_roas, 1e-12);
            assert_close(c.current_cpa.unwrap(), 1.0 / c.current_roas, 1e-12);
            assert_close(
                c.current_marginal_cpa.unwrap(),
                1.0 / c.current_marginal_roi,
                1e-12,
            );
        }
        assert_close(plan.cpa_optimal.unwrap(), 500.0 / 50.0, 1e-6);
        assert_close(
            plan.cpa_current.unwrap(),
            500.0 / (3.0 * 250f64.sqrt()),
            1e-12,
        );
    }

    #[test]
    fn a_revenue_plan_has_no_cpa() {
        let plan = planner(KpiType::Revenue, 1.0).plan(&wide()).unwrap();
        assert_eq!(plan.efficiency, Efficiency::Roi);
        assert!(plan.cpa_current.is_none() && plan.cpa_optimal.is_none());
        assert!(plan.channels.iter().all(|c| c.optimal_cpa.is_none()
            && c.current_cpa.is_none()
            && c.optimal_marginal_cpa.is_none()
            && c.current_marginal_cpa.is_none()));
        let w = planner(KpiType::Revenue, 1.0)
            .what_if(&BTreeMap::new())
            .unwrap();
        assert!(w.cpa_current.is_none() && w.channels.iter().all(|c| c.scenario_cpa.is_none()));
    }

    #[test]
    fn a_conversions_scenario_reports_cpas() {
        let w = planner(KpiType::Conversions, 1.0)
            .what_if(&[("b".to_string(), 400.0)].into())
            .unwrap();
        assert_eq!(w.efficiency, Efficiency::Cpa);
        assert_close(
            w.cpa_scenario.unwrap(),
            650.0 / (250f64.sqrt() + 40.0),
            1e-12,
        );
        assert_close(w.channels[1].scenario_cpa.unwrap(), 10.0, 1e-12);
        assert_close(w.channels[1].scenario_marginal_cpa.unwrap(), 20.0, 1e-12);
    }

    /// Each KPI takes its own target: a CPA for conversions, a ROAS for revenue.
    #[test]
    fn a_target_of_the_other_kpi_is_refused() {
        let target = |kpi, goal| {
            planner(kpi, 1.0).plan(&PlanRequest {
                goal: Some(goal),
                ..PlanRequest::default()
            })
        };
        assert_eq!(
            target(KpiType::Conversions, Goal::TargetRoas { target: 0.001 }).unwrap_err(),
            Error::setting(
                "target ROAS",
                0.001,
                "the KPI is conversions: give a target CPA instead"
            )
        );
        assert_eq!(
            target(KpiType::Revenue, Goal::TargetCpa { target: 10.0 }).unwrap_err(),
            Error::setting(
                "target CPA",
                10,
                "the KPI is revenue: give a target ROAS instead"
            )
        );
        assert!(target(KpiType::Conversions, Goal::TargetCpa { target: 20.0 }).is_ok());
        assert!(target(KpiType::Revenue, Goal::TargetRoas { target: 0.05 }).is_ok());
    }

    /// A target out of reach is moved the way that makes it easier: a CPA up, a ROAS down.
    /// Spends held at 250 each: 500 spent for √250 + 2√250 = 47.43 of response, a CPA of
    /// 500 / 47.43 = 10.54 and a ROAS of 0.0949 (0.09 at two decimals).
    #[test]
    fn an_unreachable_target_says_which_way_to_move_it() {
        let held = |kpi, goal| {
            planner(kpi, 1.0)
                .plan(&PlanRequest {
                    goal: Some(goal),
                    relative_bounds: Bounds {
                        low: 1.0,
                        high: 1.0,
                    },
                    ..PlanRequest::default()
                })
                .unwrap_err()
        };
        let cpa = held(KpiType::Conversions, Goal::TargetCpa { target: 10.0 });
        assert_eq!(
            cpa,
            Error::UnreachableTarget {
                target_kind: "a CPA of",
                target: 10.0,
                best: 10.54
            }
        );
        assert_eq!(
            cpa.to_string(),
            "No budget reaches a CPA of 10: even the most efficient spend within the bounds gives 10.54. Raise the target (allow a higher CPA) or widen the bounds."
        );
        let roas = held(KpiType::Revenue, Goal::TargetRoas { target: 0.5 });
        assert_eq!(
            roas,
            Error::UnreachableTarget {
                target_kind: "a ROAS of",
                target: 0.5,
                best: 0.09
            }
        );
        assert!(
            roas.to_string()
                .ends_with("gives 0.09. Lower the target or widen the bounds."),
            "{roas}"
        );
    }

    #[test]
    fn a_missing_bound_side_comes_from_the_relative_bounds() {
        let p = planner(KpiType::Revenue, 1.0);
        let req = PlanRequest {
            goal: None,
            bounds: [(
                "a".to_string(),
                ChannelBounds {
                    low: Some(200.0),
                    high: None,
                },
            )]
            .into(),
            ..PlanRequest::default()
        };
        let PlanBounds { lower, upper, .. } = p.bounds(&req).unwrap();
        // Relative bounds 0.5–2 of 250 fill the missing high side (and b entirely).
        assert_eq!((lower, upper), (vec![200.0, 125.0], vec![500.0, 500.0]));
        let plan = p.plan(&req).unwrap();
        assert_close(plan.channels[0].lower, 200.0, 1e-15);
        assert_close(plan.channels[0].upper, 500.0, 1e-15);
        // A high side under the relative low side is refused with the bounds it makes.
        let req = PlanRequest {
            bounds: [(
                "a".to_string(),
                ChannelBounds {
                    low: None,
                    high: Some(100.0),
                },
            )]
            .into(),
            ..PlanRequest::default()
        };
        assert_eq!(
            p.bounds(&req).unwrap_err(),
            Error::InvalidBounds {
                channel: "a".into(),
                low: 125.0,
                high: 100.0
            }
        );
    }

    #[test]
    fn channel_bounds_read_either_side_or_both() {
        let both: ChannelBounds = serde_json::from_str(r#"{"low": 1, "high": 2}"#).unwrap();
        assert_eq!(
            both,
            ChannelBounds::from(Bounds {
                low: 1.0,
                high: 2.0
            })
        );
        let low: ChannelBounds = serde_json::from_str(r#"{"low": 1}"#).unwrap();
        assert_eq!(low.high, None);
    }

    /// The spends a channel ran at: the 5th to 95th percentile; for a channel that spent in 3
    /// of 130 periods, 0 to the 95th percentile of those 3 (linear between 25,000 and 30,000:
    /// 29,500), not "0 to 0"; nothing for a channel that never spent.
    #[test]
    fn a_channel_that_spent_rarely_ran_at_its_few_spends() {
        let mut rare = vec![0.0; 127];
        rare.extend([20_000.0, 25_000.0, 30_000.0]);
        assert_eq!(
            spends_ran_at(&rare),
            Bounds {
                low: 0.0,
                high: 29_500.0
            }
        );
        // At the tail's edge (5 of 100 periods, where the 95th percentile falls a hair into the
        // spends) the upper end is still the spends' own, and one period more does not cut it.
        let edge = |k: usize| {
            let mut s = vec![0.0; 100 - k];
            s.extend(std::iter::repeat_n(20_000.0, k));
            spends_ran_at(&s).high
        };
        for k in 1..=12 {
            assert_close(edge(k), 20_000.0, 1e-9);
        }
        let steady: Vec<f64> = (0..=100).map(f64::from).collect();
        let b = spends_ran_at(&steady);
        assert_close(b.low, 5.0, 1e-12);
        assert_close(b.high, 95.0, 1e-12);
        assert_eq!(
            spends_ran_at(&[0.0; 20]),
            Bounds {
                low: 0.0,
                high: 0.0
            }
        );
    }

    #[test]
    fn default_targets_are_ninety_percent_of_roas_and_110_percent_of_cpa() {
        let t = planner(KpiType::Conversions, 1.0).default_targets();
        let response = 3.0 * 250f64.sqrt();
        // A ROAS target on conversions is refused by `plan`, so none is offered.
        assert_eq!(t.target_roas, None);
        assert_close(t.target_cpa.unwrap(), 1.1 * 500.0 / response, 1e-12);
        let revenue = planner(KpiType::Revenue, 1.0).default_targets();
        assert_close(revenue.target_roas.unwrap(), 0.9 * response / 500.0, 1e-12);
        assert_eq!(revenue.target_cpa, None);
        let mut idle = planner(KpiType::Conversions, 1.0);
        idle.current = vec![0.0, 0.0];
        assert_eq!(idle.default_targets().target_cpa, None);
    }

    use crate::transform::{Adstock, ChannelTransform, Saturation};

    /// With `within_history` the spends a channel ran at narrow its default bounds, never past
    /// its current spend; its own bounds or a lock take them away. By default (and in requests
    /// saved before the option) plans keep the relative bounds.
    /// The spends tv ran at, 80–120, and social's, 10–400.
    fn ran_80_120_and_10_400() -> Vec<Bounds> {
        vec![
            Bounds {
                low: 80.0,
                high: 120.0,
            },
            Bounds {
                low: 10.0,
                high: 400.0,
            },
        ]
    }

    #[test]
    fn plans_may_keep_within_the_spends_each_channel_ran_at() {
        let mut p = hill_planner();
        // A planner without data has no range: nothing to report or keep to.
        assert_eq!(
            p.plan(&PlanRequest::default()).unwrap().channels[0].ran_at,
            None
        );
        // tv (current 100) ran at 80–120; social (current 50) at 10–400, wider than 0.5–2×.
        p.history = ran_80_120_and_10_400();
        let within = PlanRequest {
            within_history: true,
            ..PlanRequest::default()
        };
        let PlanBounds { lower, upper, .. } = p.bounds(&within).unwrap();
        assert_eq!((lower, upper), (vec![80.0, 25.0], vec![120.0, 100.0]));
        let plan = p.plan(&within).unwrap();
        assert_eq!(plan.channels[0].ran_at, Some([80.0, 120.0]));
        assert_eq!(plan.channels[1].ran_at, Some([10.0, 400.0]));
        assert!((80.0..=120.0).contains(&plan.channels[0].optimal_spend));
        // The default: the relative bounds alone, the range still reported.
        let PlanBounds { lower, upper, .. } = p.bounds(&PlanRequest::default()).unwrap();
        assert_eq!((lower, upper), (vec![50.0, 25.0], vec![200.0, 100.0]));
        // A current spend outside the range stays inside the bounds (tv now at 150).
        p.current[0] = 150.0;
        let PlanBounds { lower, upper, .. } = p.bounds(&within).unwrap();
        assert_eq!((lower[0], upper[0]), (80.0, 150.0));
        p.current[0] = 100.0;
        // Bounds of its own or a lock: not narrowed, nor reported; a side left out comes from
        // the relative bounds (a floor of 180 above tv's range of 80–120 keeps its ceiling 200).
        let own = PlanRequest {
            bounds: [(
                "tv".to_string(),
                ChannelBounds {
                    low: Some(180.0),
                    high: None,
                },
            )]
            .into(),
            locked: vec!["social".into()],
            ..within.clone()
        };
        let b = p.bounds(&own).unwrap();
        assert_eq!((b.lower, b.upper), (vec![180.0, 50.0], vec![200.0, 50.0]));
        assert_eq!((b.locked, b.own), (vec![false, true], vec![true, true]));
        let plan = p.plan(&PlanRequest {
            goal: Some(Goal::MaxResponse { budget: 230.0 }),
            ..own.clone()
        });
        let plan = plan.unwrap();
        assert!(plan.within_history);
        assert_eq!(
            (plan.channels[0].ran_at, plan.channels[1].ran_at),
            (None, None)
        );
        // A lock beside bounds of its own is refused, not decided silently for the lock; a
        // channel locked twice is one lock.
        let both = PlanRequest {
            locked: vec!["tv".into()],
            ..own.clone()
        };
        match p.bounds(&both) {
            Err(Error::InvalidSetting { name, value, .. }) => {
                assert_eq!((name.as_str(), value.as_str()), ("locked channels", "tv"))
            }
            other => panic!("{other:?}"),
        }
        let twice = PlanRequest {
            locked: vec!["social".into(), "social".into()],
            ..PlanRequest::default()
        };
        assert!(p.bounds(&twice).unwrap().locked[1]);
    }

    /// A what-if reports the spends each channel ran at, as a plan does (a planner without
    /// data has none to report).
    #[test]
    fn a_what_if_reports_the_spends_each_channel_ran_at() {
        let mut p = hill_planner();
        let spends = BTreeMap::from([("tv".to_string(), 300.0)]);
        assert_eq!(p.what_if(&spends).unwrap().channels[0].ran_at, None);
        p.history = ran_80_120_and_10_400();
        let w = p.what_if(&spends).unwrap();
        assert_eq!(w.channels[0].ran_at, Some([80.0, 120.0]));
        assert_eq!(w.channels[1].ran_at, Some([10.0, 400.0]));
        let json = serde_json::to_value(&w).unwrap();
        assert_eq!(
            json["channels"][0]["ran_at"],
            serde_json::json!([80.0, 120.0])
        );
    }

    fn hill_planner() -> Planner {
        let curve = |coef: f64| {
            let t = ChannelTransform {
                adstock: Adstock::geometric(0.0).unwrap(),
                saturation: Saturation::hill(1.5, 0.1, 1000.0).unwrap(),
                series_len: 52,
            };
            ResponseCurve::new(coef, 1.0, t)
        };
        Planner::from_curves(
            vec!["tv".into(), "social".into()],
            vec![curve(500.0), curve(300.0)],
            vec![100.0, 50.0],
            1000.0,
        )
    }

    /// Every channel locked, and the budget as the page rounds it (60,867 for 60,866.87): the
    /// same budget, planned at the locks' sum; a budget a thousandth and more off is refused.
    #[test]
    fn a_budget_within_its_rounding_of_the_bounds_is_met() {
        let mut p = hill_planner();
        p.current = vec![40_000.0, 20_866.87];
        let req = |budget: f64| PlanRequest {
            locked: vec!["tv".into(), "social".into()],
            goal: Some(Goal::MaxResponse { budget }),
            ..PlanRequest::default()
        };
        let plan = p.plan(&req(60_867.0)).unwrap();
        assert!((plan.total_budget - 60_866.87).abs() < 1e-9);
        assert!((plan.channels[1].optimal_spend - 20_866.87).abs() < 1e-9);
        assert!(matches!(
            p.plan(&req(60_866.87 * 1.0011)),
            Err(Error::InfeasibleBudget { .. })
        ));
    }

    /// Bounds of 0.5 to 2 on a channel spending 5,000 a period were meant as multiples (Robyn's
    /// channel constraints): the plan says so, and when the budget cannot be met with them the
    /// error names them instead of the budget. A bound that is plainly spend gets no note.
    #[test]
    fn bounds_that_look_like_multiples_are_named() {
        let mut p = hill_planner();
        p.current = vec![5_000.0, 50.0];
        let bounds = |high: f64| PlanRequest {
            bounds: [(
                "tv".to_string(),
                ChannelBounds {
                    low: Some(0.5),
                    high: Some(high),
                },
            )]
            .into(),
            goal: Some(Goal::MaxResponse { budget: 100.0 }),
            ..PlanRequest::default()
        };
        let plan = p.plan(&bounds(2.0)).unwrap();
        assert_eq!(
            plan.notes,
            [
                "tv's bounds (0.5 to 2) are spend per period, a tiny share of its current 5,000. Meant as multiples of its current spend, they are 2,500 to 10,000."
            ]
        );
        assert!(p.plan(&bounds(4_000.0)).unwrap().notes.is_empty());
        // The current budget (5,050) is beyond tv's 2 and social's 100 at most.
        let req = PlanRequest {
            goal: None,
            ..bounds(2.0)
        };
        match p.plan(&req) {
            Err(Error::InvalidSetting {
                name,
                value,
                reason,
            }) => {
                assert_eq!((name.as_str(), value.as_str()), ("bounds", "tv"));
                assert!(
                    reason.ends_with("10,000. With them the budget cannot be met"),
                    "{reason}"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    /// Fuzz case model_v2-70774: a relative upper bound of 1e308 times a current spend of 100
    /// gave a plan whose upper bounds were infinite.
    #[test]
    fn a_relative_bound_that_overflows_is_refused() {
        let req = PlanRequest {
            relative_bounds: Bounds {
                low: 0.5,
                high: 1e308,
            },
            ..PlanRequest::default()
        };
        match hill_planner().plan(&req) {
            Err(Error::InvalidSetting { name, .. }) => assert_eq!(name, "relative bounds"),
            other => panic!("{other:?}"),
        }
    }

    /// Fuzz cases plan-*: bounds, budgets and spends of f64::MAX are finite, but plans built on
    /// them (1.2 × the optimal spend for the curve's axis) are not.
    #[test]
    fn amounts_beyond_any_measurement_are_refused() {
        let huge = Bounds {
            low: 0.0,
            high: f64::MAX,
        };
        let req = PlanRequest {
            bounds: BTreeMap::from([("tv".to_string(), huge.into())]),
            ..PlanRequest::default()
        };
        assert!(matches!(
            hill_planner().plan(&req),
            Err(Error::InvalidBounds { .. })
        ));
        let req = PlanRequest {
            goal: Some(Goal::MaxResponse { budget: 1e300 }),
            ..PlanRequest::default()
        };
        assert!(matches!(
            hill_planner().plan(&req),
            Err(Error::InvalidSetting { .. })
        ));
        let spends = BTreeMap::from([("tv".to_string(), 1e300)]);
        assert!(hill_planner().what_if(&spends).is_err());
    }

    /// An amount refused is shown as it was given (1e308 was "inf" after rounding to cents),
    /// with the reason that fits it.
    #[test]
    fn refused_amounts_are_shown_as_given() {
        let p = hill_planner();
        assert_eq!(
            p.what_if(&BTreeMap::from([("tv".to_string(), 1e308)]))
                .unwrap_err()
                .to_string(),
            "Setting 'spend of tv' = 1e308 is not allowed: that is more than any spend per period MixLens can plan with (1e100 at most)."
        );
        assert_eq!(
            p.what_if(&BTreeMap::from([("tv".to_string(), -74.5)]))
                .unwrap_err()
                .to_string(),
            "Setting 'spend of tv' = -74.5 is not allowed: use a spend per period of 0 or more."
        );
        let budget = |budget| {
            p.plan(&PlanRequest {
                goal: Some(Goal::MaxResponse { budget }),
                ..PlanRequest::default()
            })
            .unwrap_err()
            .to_string()
        };
        assert_eq!(
            budget(1e200),
            "Setting 'budget' = 1e200 is not allowed: that is more than any spend per period MixLens can plan with (1e100 at most)."
        );
        assert_eq!(
            p.plan(&PlanRequest {
                goal: Some(Goal::TargetRoas { target: 2e300 }),
                ..PlanRequest::default()
            })
            .unwrap_err()
            .to_string(),
            "Setting 'target ROAS' = 2e300 is not allowed: use a positive number, below 1e100."
        );
    }

    /// Fuzz case plan-650: two spends of f64::MAX are each finite, their total is not.
    #[test]
    fn what_if_refuses_spends_whose_total_overflows() {
        let spends = BTreeMap::from([
            ("social".to_string(), f64::MAX),
            ("tv".to_string(), f64::MAX),
        ]);
        match hill_planner().what_if(&spends) {
            Err(Error::InvalidSetting { name, .. }) => assert_eq!(name, "spend of social"),
            other => panic!("{other:?}"),
        }
    }
}
