//! Plans under uncertainty: planning on the draws of a fitted model.
//!
//! A fitted model has a point estimate and draws (full parameter sets: the ridge search's
//! alternatives that fit about as well, or posterior draws). Each draw gives a planner with its
//! own curves and baseline over the same current spends. A [`PlannerSet`] holds them all, plans
//! on one basis ([`PlanBasis`]: the point estimate's curves, or the mean response over the draws,
//! [`MeanCurve`]), and then evaluates the allocation under every draw:
//!
//! - `uplift_interval`: the 5 % and 95 % quantiles ([`INTERVAL_LEVEL`]) of the change in media
//!   response from the current spends to the plan's, each draw on its own curves
//!   ([`crate::model::uncertainty`] defines the quantile);
//! - `probability_better`: the share of draws under which the plan's total KPI beats the current
//!   split's (baseline + media; the baseline is the same for both under one draw, so this is the
//!   share with a positive change).
//!
//! With the mean response as basis, the plan's uplift is the expected uplift over the draws
//! (the mean of the per-draw uplifts) and its allocation the one with the largest expected
//! total; with the point basis both are the point estimate's.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::EstimatorKind;
use crate::model::uncertainty::{
    INTERVAL_LEVEL, equal_weights, weighted_quantiles, weighted_share,
};

use super::curve::{MeanCurve, Response, ResponseCurve};
use super::plan::{DefaultTargets, Plan, PlanRequest, Planner, Scenario};

/// Which curves an allocation is optimized on (and its figures computed on).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanBasis {
    /// The point estimate's curves.
    #[default]
    Point,
    /// The mean response over the draws (the point estimate's curves when there are none).
    MeanOfDraws,
}

impl PlanBasis {
    /// The basis to plan on for an estimator's draws. The ridge search's alternatives: the mean
    /// of the draws, measured to plan better than the point estimate (BENCHMARKS.md, "Plans
    /// under draws"). Posterior draws: their mean, the plan that maximizes the posterior
    /// expected response (the Bayes decision; not yet measured against the posterior point).
    pub fn for_estimator(kind: EstimatorKind) -> PlanBasis {
        match kind {
            EstimatorKind::RidgeSearch | EstimatorKind::Bayes => PlanBasis::MeanOfDraws,
        }
    }
}

impl<R: Response + Clone> Planner<MeanCurve<R>> {
    /// The planner of the mean response over `draws` (each channel's [`MeanCurve`], the mean
    /// baseline); `None` without draws.
    ///
    /// # Errors
    /// [`Error::InvalidModel`] when the draws do not plan the same channels over the same
    /// current spends and window.
    pub fn mean_of(draws: &[Planner<R>]) -> Result<Option<Planner<MeanCurve<R>>>> {
        let Some(first) = draws.first() else {
            return Ok(None);
        };
        let same = |d: &Planner<R>| {
            d.names == first.names
                && d.curves.len() == first.curves.len()
                && d.current == first.current
                && d.window == first.window
        };
        if !draws.iter().all(same) {
            return Err(Error::InvalidModel {
                reason: "the draws do not describe the same channels and spends".into(),
            });
        }
        let curves = (0..first.curves.len())
            .map(|k| {
                MeanCurve::new(draws.iter().map(|d| d.curves[k].clone()).collect()).ok_or_else(
                    || Error::InvalidModel {
                        reason: "a channel has no curve in the draws".into(),
                    },
                )
            })
            .collect::<Result<Vec<_>>>()?;
        let baseline = draws.iter().map(|d| d.baseline).sum::<f64>() / draws.len() as f64;
        Ok(Some(Planner {
            names: first.names.clone(),
            aliases: first.aliases.clone(),
            curves,
            current: first.current.clone(),
            baseline,
            kpi_type: first.kpi_type,
            window: first.window,
            history: first.history.clone(),
            curve_points: first.curve_points.clone(),
        }))
    }
}

/// A point estimate's planner, one planner per draw, and the mean-response planner over the
/// draws: plans and what-ifs on `basis`, each with its interval and probability under the draws.
#[derive(Debug, Clone)]
pub struct PlannerSet<R = ResponseCurve> {
    pub point: Planner<R>,
    pub draws: Vec<Planner<R>>,
    /// The mean response over the draws (none without draws).
    pub mean: Option<Planner<MeanCurve<R>>>,
    pub basis: PlanBasis,
}

impl<R: Response + Clone> PlannerSet<R> {
    /// # Errors
    /// As [`Planner::mean_of`].
    pub fn new(point: Planner<R>, draws: Vec<Planner<R>>, basis: PlanBasis) -> Result<Self> {
        let mean = Planner::mean_of(&draws)?;
        Ok(PlannerSet {
            point,
            draws,
            mean,
            basis,
        })
    }

    /// The basis plans are made on: [`PlanBasis::Point`] when asked for or without draws.
    pub fn basis_used(&self) -> PlanBasis {
        match (&self.mean, self.basis) {
            (Some(_), PlanBasis::MeanOfDraws) => PlanBasis::MeanOfDraws,
            _ => PlanBasis::Point,
        }
    }

    fn mean_basis(&self) -> Option<&Planner<MeanCurve<R>>> {
        self.mean
            .as_ref()
            .filter(|_| self.basis == PlanBasis::MeanOfDraws)
    }

    /// Display names of the channels, in order.
    pub fn names(&self) -> &[String] {
        &self.point.names
    }

    /// Current spend per period of each channel.
    pub fn current(&self) -> &[f64] {
        &self.point.current
    }

    /// A plan on the basis ([`Planner::plan`]), with its interval and probability under the
    /// draws (equally weighted).
    ///
    /// # Errors
    /// As [`Planner::plan`].
    pub fn plan(&self, req: &PlanRequest) -> Result<Plan> {
        let mut plan = match self.mean_basis() {
            Some(m) => m.plan(req)?,
            None => self.point.plan(req)?,
        };
        plan.basis = self.basis_used();
        plan.set_uplift_interval(&self.draws, &equal_weights(self.draws.len()))?;
        Ok(plan)
    }

    /// A what-if scenario on the basis ([`Planner::what_if`]), with its interval and
    /// probability under the draws (equally weighted).
    ///
    /// # Errors
    /// As [`Planner::what_if`].
    pub fn what_if(&self, spends: &BTreeMap<String, f64>) -> Result<Scenario> {
        let mut s = match self.mean_basis() {
            Some(m) => m.what_if(spends)?,
            None => self.point.what_if(spends)?,
        };
        s.basis = self.basis_used();
        s.set_difference_interval(&self.draws, &equal_weights(self.draws.len()))?;
        Ok(s)
    }

    /// Channel `k`'s response per period at each of `spends` on the basis: the curve plans and
    /// what-ifs are made on (the mean over the draws, or the point estimate's), so that a chart
    /// of it passes through the what-if's markers. `None` for a channel it does not plan.
    pub fn basis_curve(&self, k: usize, spends: &[f64]) -> Option<Vec<f64>> {
        let at = |curve: &dyn Response| spends.iter().map(|&x| curve.value(x)).collect();
        match self.mean_basis() {
            Some(m) => m.curves.get(k).map(|c| at(c)),
            None => self.point.curves.get(k).map(|c| at(c)),
        }
    }

    /// Where a target goal starts, on the basis ([`Planner::default_targets`]).
    pub fn default_targets(&self) -> DefaultTargets {
        match self.mean_basis() {
            Some(m) => m.default_targets(),
            None => self.point.default_targets(),
        }
    }
}

/// What the draws say about a move from the current spends to `spends`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct UnderDraws {
    interval: Option<[f64; 2]>,
    interval_pct: Option<[f64; 2]>,
    probability_better: Option<f64>,
}

/// Each draw's change in media response from the current spends to `spends`, summarized with
/// `weights` (one per draw); the shares are each draw's change over its own current media
/// response (so a scenario without media is −100 % under every draw, not −127 % to −77 % of
/// the mean response), absent unless every draw's is positive.
fn under_draws<R: Response>(
    draws: &[Planner<R>],
    weights: &[f64],
    spends: &BTreeMap<String, f64>,
) -> Result<UnderDraws> {
    let (changes, shares): (Vec<f64>, Vec<f64>) = draws
        .iter()
        .map(|d| {
            let now = d.total(&d.current);
            let change = d.total(&d.spends(spends)?) - now;
            Ok((change, if now > 0.0 { change / now } else { f64::NAN }))
        })
        .collect::<Result<Vec<(f64, f64)>>>()?
        .into_iter()
        .unzip();
    let tail = 0.5 * (1.0 - INTERVAL_LEVEL);
    let quantiles =
        |v: &[f64]| weighted_quantiles(v, weights, &[tail, 1.0 - tail]).map(|q| [q[0], q[1]]);
    let hits: Vec<bool> = changes.iter().map(|&c| c > 0.0).collect();
    Ok(UnderDraws {
        interval: quantiles(&changes),
        interval_pct: if shares.iter().all(|s| s.is_finite()) {
            quantiles(&shares)
        } else {
            None
        },
        probability_better: weighted_share(&hits, weights),
    })
}

impl Plan {
    /// Evaluate this allocation under each of `draws` (with `weights`, one per draw) and record
    /// the 5 %–95 % interval of its uplift, the same as shares of the current media response,
    /// and the probability it beats the current split. Without draws (or with weights that do
    /// not fit them) all three are absent.
    ///
    /// # Errors
    /// [`Error::UnknownChannel`] if a draw lacks a channel of the plan.
    pub fn set_uplift_interval<R: Response>(
        &mut self,
        draws: &[Planner<R>],
        weights: &[f64],
    ) -> Result<()> {
        let spends = self
            .channels
            .iter()
            .map(|c| (c.name.clone(), c.optimal_spend))
            .collect();
        let u = under_draws(draws, weights, &spends)?;
        self.uplift_interval = u.interval;
        self.uplift_interval_pct = u.interval_pct;
        self.probability_better = u.probability_better;
        self.interval_level = INTERVAL_LEVEL;
        Ok(())
    }
}

impl Scenario {
    /// As [`Plan::set_uplift_interval`], for the scenario's difference.
    ///
    /// # Errors
    /// [`Error::UnknownChannel`] if a draw lacks a channel of the scenario.
    pub fn set_difference_interval<R: Response>(
        &mut self,
        draws: &[Planner<R>],
        weights: &[f64],
    ) -> Result<()> {
        let spends = self
            .channels
            .iter()
            .map(|c| (c.name.clone(), c.scenario_spend))
            .collect();
        let u = under_draws(draws, weights, &spends)?;
        self.difference_interval = u.interval;
        self.difference_interval_pct = u.interval_pct;
        self.probability_better = u.probability_better;
        self.interval_level = INTERVAL_LEVEL;
        Ok(())
    }
}

#[cfg(test)]
// Exact comparisons are intended: absent figures and shares of whole counts.
#[allow(clippy::float_cmp)]
mod tests {
    use super::*;
    use crate::allocate::plan::{Bounds, Goal};
    use crate::precision::assert_close;

    /// `k √x`: the best split of a budget goes by k².
    #[derive(Debug, Clone)]
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

    /// `k x`: every change is k times the change of spend.
    #[derive(Debug, Clone)]
    struct Linear(f64);

    impl Response for Linear {
        fn value(&self, x: f64) -> f64 {
            self.0 * x
        }
        fn marginal(&self, _: f64) -> f64 {
            self.0
        }
        fn inflection(&self) -> f64 {
            0.0
        }
    }

    fn two<C: Response>(a: C, b: C, baseline: f64) -> Planner<C> {
        Planner::from_curves(
            vec!["a".into(), "b".into()],
            vec![a, b],
            vec![250.0, 250.0],
            baseline,
        )
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

    /// Draw 1: a = √x, b = 2√x; draw 2: a = √x, b = 4√x. The mean is a = √x, b = 3√x, whose
    /// best split of 500 goes 1 : 9 (50 and 450): neither draw's own optimum (100/400 and
    /// 500/17 · (1, 16)).
    fn set(basis: PlanBasis) -> PlannerSet<Sqrt> {
        let point = two(Sqrt(1.0), Sqrt(2.0), 100.0);
        let draws = vec![
            two(Sqrt(1.0), Sqrt(2.0), 100.0),
            two(Sqrt(1.0), Sqrt(4.0), 300.0),
        ];
        PlannerSet::new(point, draws, basis).unwrap()
    }

    /// The curve drawn under a what-if is the basis's: on the mean basis channel b's is
    /// `3√x` (the mean of `2√x` and `4√x`), not the point estimate's `2√x`, and it passes
    /// through the what-if's markers; on the point basis it is `2√x`.
    #[test]
    fn the_basis_curve_is_the_one_what_ifs_are_read_on() {
        let spends = [0.0, 100.0, 400.0];
        let s = set(PlanBasis::MeanOfDraws);
        assert_eq!(s.basis_curve(1, &spends).unwrap(), vec![0.0, 30.0, 60.0]);
        assert_eq!(s.basis_curve(0, &spends).unwrap(), vec![0.0, 10.0, 20.0]);
        assert_eq!(s.basis_curve(2, &spends), None);
        let w = s
            .what_if(&BTreeMap::from([("b".to_string(), 400.0)]))
            .unwrap();
        let b = &w.channels[1];
        assert_close(
            b.scenario_response,
            s.basis_curve(1, &[400.0]).unwrap()[0],
            1e-12,
        );
        assert_close(
            b.current_response,
            s.basis_curve(1, &[250.0]).unwrap()[0],
            1e-12,
        );
        let point = set(PlanBasis::Point);
        assert_eq!(
            point.basis_curve(1, &spends).unwrap(),
            vec![0.0, 20.0, 40.0]
        );
    }

    #[test]
    fn the_mean_planner_splits_by_the_mean_curves() {
        let s = set(PlanBasis::MeanOfDraws);
        assert_eq!(s.basis_used(), PlanBasis::MeanOfDraws);
        let plan = s.plan(&wide()).unwrap();
        assert_eq!(plan.basis, PlanBasis::MeanOfDraws);
        assert_close(plan.channels[0].optimal_spend, 50.0, 1e-6);
        assert_close(plan.channels[1].optimal_spend, 450.0, 1e-6);
        // The mean baseline, and the mean curves' responses: √50 + 3√450.
        assert_close(plan.baseline, 200.0, 1e-12);
        assert_close(
            plan.total_response_optimal,
            50f64.sqrt() + 3.0 * 450f64.sqrt(),
            1e-9,
        );
        // On the point basis: the point estimate's split, 1 : 4.
        let plan = set(PlanBasis::Point).plan(&wide()).unwrap();
        assert_eq!(plan.basis, PlanBasis::Point);
        assert_close(plan.channels[0].optimal_spend, 100.0, 1e-6);
        assert_close(plan.baseline, 100.0, 1e-12);
    }

    #[test]
    fn the_expected_uplift_is_the_mean_of_the_draws_uplifts_and_the_interval_spans_them() {
        let plan = set(PlanBasis::MeanOfDraws).plan(&wide()).unwrap();
        let (a, b) = (
            plan.channels[0].optimal_spend,
            plan.channels[1].optimal_spend,
        );
        let now = 250f64.sqrt();
        // Each draw's uplift from 250/250, by hand.
        let u1 = a.sqrt() + 2.0 * b.sqrt() - 3.0 * now;
        let u2 = a.sqrt() + 4.0 * b.sqrt() - 5.0 * now;
        assert_close(u1, 50f64.sqrt() + 2.0 * 450f64.sqrt() - 3.0 * now, 1e-6);
        assert_close(plan.uplift, 0.5 * (u1 + u2), 1e-9);
        // Two draws: type 7 puts them at 0 and 1, the 5 % quantile 5 % of the way up.
        let [lo, hi] = plan.uplift_interval.unwrap();
        assert_close(lo, u1 + 0.05 * (u2 - u1), 1e-9);
        assert_close(hi, u1 + 0.95 * (u2 - u1), 1e-9);
        // As shares: each draw's uplift over its own current response (3√250 and 5√250).
        let (s1, s2) = (u1 / (3.0 * now), u2 / (5.0 * now));
        let (s_lo, s_hi) = (s1.min(s2), s1.max(s2));
        let [plo, phi] = plan.uplift_interval_pct.unwrap();
        assert_close(plo, s_lo + 0.05 * (s_hi - s_lo), 1e-12);
        assert_close(phi, s_lo + 0.95 * (s_hi - s_lo), 1e-12);
        // Spending nothing loses all of each draw's media response: −100 % under every draw,
        // though the draws' responses differ from the mean response.
        let none = [("a".to_string(), 0.0), ("b".to_string(), 0.0)].into();
        let w = set(PlanBasis::MeanOfDraws).what_if(&none).unwrap();
        assert_eq!(w.difference_interval_pct, Some([-1.0, -1.0]));
        let [dlo, dhi] = w.difference_interval.unwrap();
        assert!(dlo < w.difference && w.difference < dhi, "{dlo} {dhi}");
        // Both draws gain (u1 ≈ 2.06, u2 ≈ 12.87).
        assert!(u1 > 0.0 && u2 > u1, "{u1} {u2}");
        assert_eq!(plan.probability_better, Some(1.0));
        assert_eq!(plan.interval_level, 0.9);
    }

    /// Five draws of linear curves; moving 100 from a to b changes the response by
    /// 100 (k_b − k_a): −10, 10, 20, 30, 50.
    #[test]
    fn interval_and_probability_on_known_changes() {
        let draws: Vec<Planner<Linear>> = [-0.1, 0.1, 0.2, 0.3, 0.5]
            .iter()
            .map(|&d| two(Linear(1.0), Linear(1.0 + d), 0.0))
            .collect();
        let s = PlannerSet::new(
            two(Linear(1.0), Linear(1.2), 0.0),
            draws,
            PlanBasis::MeanOfDraws,
        )
        .unwrap();
        let spends = [("a".to_string(), 150.0), ("b".to_string(), 350.0)].into();
        let w = s.what_if(&spends).unwrap();
        // The mean change: 100 · 0.2 = 20.
        assert_close(w.difference, 20.0, 1e-9);
        // Sorted −10, 10, 20, 30, 50 at positions 0, ¼, ½, ¾, 1:
        // 5 %: −10 + 0.2 · 20 = −6; 95 %: 30 + 0.8 · 20 = 46.
        let [lo, hi] = w.difference_interval.unwrap();
        assert_close(lo, -6.0, 1e-9);
        assert_close(hi, 46.0, 1e-9);
        assert_close(w.probability_better.unwrap(), 0.8, 1e-12);
        // Weights: the losing draw counted three times.
        let mut w2 = w.clone();
        w2.set_difference_interval(&s.draws, &[3.0, 1.0, 1.0, 1.0, 1.0])
            .unwrap();
        assert_close(w2.probability_better.unwrap(), 4.0 / 7.0, 1e-12);
        assert!(w2.difference_interval.unwrap()[0] < lo);
        // No move: no draw gains.
        let w = s.what_if(&BTreeMap::new()).unwrap();
        assert_eq!(w.probability_better, Some(0.0));
        assert_eq!(w.difference_interval, Some([0.0, 0.0]));
    }

    #[test]
    fn without_draws_the_point_plans_and_nothing_is_uncertain() {
        let s = PlannerSet::new(
            two(Sqrt(1.0), Sqrt(2.0), 0.0),
            vec![],
            PlanBasis::MeanOfDraws,
        )
        .unwrap();
        assert_eq!(s.basis_used(), PlanBasis::Point);
        let plan = s.plan(&wide()).unwrap();
        assert_eq!(plan.basis, PlanBasis::Point);
        assert_close(plan.channels[1].optimal_spend, 400.0, 1e-6);
        assert_eq!(plan.uplift_interval, None);
        assert_eq!(plan.uplift_interval_pct, None);
        assert_eq!(plan.probability_better, None);
        let w = s.what_if(&BTreeMap::new()).unwrap();
        assert_eq!(w.difference_interval, None);
    }

    #[test]
    fn draws_over_other_channels_are_refused() {
        let mut other = two(Sqrt(1.0), Sqrt(2.0), 0.0);
        other.current[0] = 1.0;
        let draws = vec![two(Sqrt(1.0), Sqrt(2.0), 0.0), other];
        assert!(matches!(
            Planner::mean_of(&draws),
            Err(Error::InvalidModel { .. })
        ));
    }
}
