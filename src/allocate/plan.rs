//! Budget plans on a fitted model: maximum response for a budget, the largest budget that keeps
//! a target efficiency, and what-if scenarios. Channels are always matched by name.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::data::KpiType;
use crate::error::{Error, Result};
use crate::model::results::{CURVE_POINTS, CurvePoint};
use crate::model::{Features, FittedModel, Parameters};
use crate::precision::{BUDGET_SUM_TOLERANCE, MAX_MAGNITUDE};

use super::curve::{Response, ResponseCurve};
use super::solver::{Problem, budget_table, maximize, refine};

/// Bounds on one channel's spend per period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Bounds {
    pub low: f64,
    pub high: f64,
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
/// | bounds          | {}          | absolute spend-per-period bounds for some channels        |
/// | relative_bounds | 0.5 – 2     | bounds for the others, as multiples of current spend      |
/// | locked          | []          | channels held at their current spend                      |
/// | window          | 52          | current spend = mean over the last `window` periods (all if fewer) |
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanRequest {
    pub goal: Option<Goal>,
    pub bounds: BTreeMap<String, Bounds>,
    pub relative_bounds: Bounds,
    pub locked: Vec<String>,
    pub window: usize,
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
            window: 52,
        }
    }
}

/// One channel of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelPlan {
    pub name: String,
    pub current_spend: f64,
    pub optimal_spend: f64,
    pub lower: f64,
    pub upper: f64,
    pub locked: bool,
    pub current_response: f64,
    pub optimal_response: f64,
    /// Response / spend (ROAS; conversions per unit of spend for conversion KPIs).
    pub current_roas: f64,
    pub optimal_roas: f64,
    pub current_marginal_roi: f64,
    pub optimal_marginal_roi: f64,
    /// Response curve with both spends marked by the fields above.
    pub curve: Vec<CurvePoint>,
}

/// A plan (PLAN.json).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// `max_response`, `target_roas` or `target_cpa`.
    pub goal: Goal,
    pub kpi_type: KpiType,
    /// Periods the current spend is averaged over.
    pub window: usize,
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
    /// Lowest and highest uplift of this allocation under the model and the alternatives that
    /// fit about as well (see [`Plan::set_uplift_range`]); absent until computed.
    #[serde(default)]
    pub uplift_range: Option<[f64; 2]>,
    pub channels: Vec<ChannelPlan>,
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
}

/// A what-if scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    pub kpi_type: KpiType,
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
    /// Lowest and highest difference under the model and its alternatives; absent until
    /// computed ([`Scenario::set_difference_range`]).
    #[serde(default)]
    pub difference_range: Option<[f64; 2]>,
    pub channels: Vec<ChannelScenario>,
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
    curve_points: Vec<Vec<f64>>,
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 { a / b } else { 0.0 }
}

fn money(v: f64) -> String {
    format!("{:.2}", (v * 100.0).round() / 100.0)
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
        for s in params.media_series(features).iter().skip(features.paid) {
            rest.iter_mut().zip(s).for_each(|(r, v)| *r += v);
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
            curve_points,
        })
    }
}

/// The lowest and highest change in media response from the current spends to `spends`, under
/// `main` (the change already computed) and under each alternative planner; `None` without
/// alternatives (a model saved before they were kept, or a search too short to find any).
fn change_range<R: Response>(
    main: f64,
    alternatives: &[Planner<R>],
    spends: &BTreeMap<String, f64>,
) -> Result<Option<[f64; 2]>> {
    if alternatives.is_empty() {
        return Ok(None);
    }
    let mut range = [main, main];
    for a in alternatives {
        let x = a.spends(spends)?;
        let d = a.total(&x) - a.total(&a.current);
        range = [range[0].min(d), range[1].max(d)];
    }
    Ok(Some(range))
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
        Planner {
            aliases: names.clone(),
            names,
            curves,
            current,
            baseline,
            kpi_type: KpiType::Revenue,
            window: 0,
            curve_points,
        }
    }

    fn index(&self, name: &str) -> Result<usize> {
        self.names
            .iter()
            .position(|n| n == name)
            .or_else(|| self.aliases.iter().position(|n| n == name))
            .ok_or_else(|| Error::UnknownChannel {
                channel: name.to_string(),
                available: self.names.join(", "),
            })
    }

    /// Per-channel bounds from a request, by name.
    ///
    /// # Errors
    /// [`Error::UnknownChannel`], [`Error::InvalidBounds`], [`Error::InvalidSetting`].
    pub fn bounds(&self, req: &PlanRequest) -> Result<(Vec<f64>, Vec<f64>, Vec<bool>)> {
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
        for (name, b) in &req.bounds {
            let i = self.index(name)?;
            if !(b.low >= 0.0 && b.high <= MAX_MAGNITUDE) {
                return Err(Error::InvalidBounds {
                    channel: name.clone(),
                    low: b.low,
                    high: b.high,
                });
            }
            if b.low > b.high {
                return Err(Error::InvalidBounds {
                    channel: name.clone(),
                    low: b.low,
                    high: b.high,
                });
            }
            lower[i] = b.low;
            upper[i] = b.high;
        }
        for name in &req.locked {
            let i = self.index(name)?;
            lower[i] = self.current[i];
            upper[i] = self.current[i];
            locked[i] = true;
        }
        Ok((lower, upper, locked))
    }

    fn channel_plan(&self, i: usize, x: f64, lower: f64, upper: f64, locked: bool) -> ChannelPlan {
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
        ChannelPlan {
            name: self.names[i].clone(),
            current_spend: cur,
            optimal_spend: x,
            lower,
            upper,
            locked,
            current_response: r.value(cur),
            optimal_response: r.value(x),
            current_roas: ratio(r.value(cur), cur),
            optimal_roas: ratio(r.value(x), x),
            current_marginal_roi: r.marginal(cur),
            optimal_marginal_roi: r.marginal(x),
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
    fn spends(&self, spends: &BTreeMap<String, f64>) -> Result<Vec<f64>> {
        let mut x = self.current.clone();
        for (name, &v) in spends {
            let i = self.index(name)?;
            if !(v >= 0.0 && v <= MAX_MAGNITUDE) {
                return Err(Error::setting(
                    &format!("spend of {name}"),
                    money(v),
                    "use a spend per period of 0 or more",
                ));
            }
            x[i] = v;
        }
        Ok(x)
    }

    fn total(&self, x: &[f64]) -> f64 {
        x.iter().zip(&self.curves).map(|(&v, r)| r.value(v)).sum()
    }

    /// Plan for a goal (max response at the current total when the request has none).
    ///
    /// # Errors
    /// [`Error::UnknownChannel`], [`Error::InvalidBounds`], [`Error::InfeasibleBudget`],
    /// [`Error::UnreachableTarget`], [`Error::InvalidSetting`].
    pub fn plan(&self, req: &PlanRequest) -> Result<Plan> {
        let (lower, upper, locked) = self.bounds(req)?;
        let current_total: f64 = self.current.iter().sum();
        let goal = req.goal.unwrap_or(Goal::MaxResponse {
            budget: current_total,
        });
        let problem = Problem {
            curves: &self.curves,
            lower: &lower,
            upper: &upper,
        };
        let (min_total, max_total): (f64, f64) = (lower.iter().sum(), upper.iter().sum());
        let x = match goal {
            Goal::MaxResponse { budget } => {
                if !(budget >= 0.0 && budget <= MAX_MAGNITUDE) {
                    return Err(Error::setting(
                        "budget",
                        budget,
                        "use a spend per period of 0 or more",
                    ));
                }
                let tol = BUDGET_SUM_TOLERANCE * budget.max(1.0);
                if budget < min_total - tol || budget > max_total + tol {
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
                    return Err(Error::setting("target", target, "use a positive number"));
                }
                let (roas_target, kind) = match goal {
                    Goal::TargetCpa { .. } => (1.0 / target, "a CPA of"),
                    _ => (target, "a ROAS of"),
                };
                self.target(&problem, roas_target, kind, target)?
            }
        };
        let channels: Vec<ChannelPlan> = (0..self.names.len())
            .map(|i| self.channel_plan(i, x[i], lower[i], upper[i], locked[i]))
            .collect();
        let total_budget: f64 = x.iter().sum();
        let (rc, ro) = (self.total(&self.current), self.total(&x));
        Ok(Plan {
            goal,
            kpi_type: self.kpi_type,
            window: self.window,
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
            uplift_range: None,
            channels,
        })
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
        let channels: Vec<ChannelScenario> = (0..self.names.len())
            .map(|i| {
                let r = &self.curves[i];
                ChannelScenario {
                    name: self.names[i].clone(),
                    current_spend: self.current[i],
                    scenario_spend: x[i],
                    current_response: r.value(self.current[i]),
                    scenario_response: r.value(x[i]),
                    scenario_roas: ratio(r.value(x[i]), x[i]),
                    current_marginal_roi: r.marginal(self.current[i]),
                    scenario_marginal_roi: r.marginal(x[i]),
                }
            })
            .collect();
        let (sc, ss): (f64, f64) = (self.current.iter().sum(), x.iter().sum());
        let (rc, rs) = (self.total(&self.current), self.total(&x));
        Ok(Scenario {
            kpi_type: self.kpi_type,
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
            difference_range: None,
            channels,
        })
    }
}

impl Scenario {
    /// Re-evaluate this scenario under the alternative models and record the lowest and highest
    /// difference from the current plan, this model's included (none without alternatives).
    ///
    /// # Errors
    /// [`Error::UnknownChannel`] if an alternative lacks a channel of the scenario.
    pub fn set_difference_range<R: Response>(&mut self, alternatives: &[Planner<R>]) -> Result<()> {
        let spends = self
            .channels
            .iter()
            .map(|c| (c.name.clone(), c.scenario_spend))
            .collect();
        self.difference_range = change_range(self.difference, alternatives, &spends)?;
        Ok(())
    }
}

impl Plan {
    /// Re-evaluate this allocation under the draws ([`crate::report::ModelReport::planners`]) and
    /// record the lowest and highest uplift, this model's included (none without alternatives).
    ///
    /// # Errors
    /// [`Error::UnknownChannel`] if an alternative lacks a channel of the plan.
    pub fn set_uplift_range<R: Response>(&mut self, alternatives: &[Planner<R>]) -> Result<()> {
        let spends = self
            .channels
            .iter()
            .map(|c| (c.name.clone(), c.optimal_spend))
            .collect();
        self.uplift_range = change_range(self.uplift, alternatives, &spends)?;
        Ok(())
    }

    /// Serialize as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transform::{Adstock, ChannelTransform, Saturation};

    fn planner() -> Planner {
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
        match planner().plan(&req) {
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
            bounds: BTreeMap::from([("tv".to_string(), huge)]),
            ..PlanRequest::default()
        };
        assert!(matches!(planner().plan(&req), Err(Error::InvalidBounds { .. })));
        let req = PlanRequest {
            goal: Some(Goal::MaxResponse { budget: 1e300 }),
            ..PlanRequest::default()
        };
        assert!(matches!(planner().plan(&req), Err(Error::InvalidSetting { .. })));
        let spends = BTreeMap::from([("tv".to_string(), 1e300)]);
        assert!(planner().what_if(&spends).is_err());
    }

    /// Fuzz case plan-650: two spends of f64::MAX are each finite, their total is not.
    #[test]
    fn what_if_refuses_spends_whose_total_overflows() {
        let spends = BTreeMap::from([("social".to_string(), f64::MAX), ("tv".to_string(), f64::MAX)]);
        match planner().what_if(&spends) {
            Err(Error::InvalidSetting { name, .. }) => assert_eq!(name, "spend of social"),
            other => panic!("{other:?}"),
        }
    }
}

