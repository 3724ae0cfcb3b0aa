//! MODEL.json: a fitted model as a versioned, self-contained document.
//!
//! It holds the fitted model ([`FittedModel`]: the point estimate and the draws as full
//! parameter sets), the results of the model shown (decomposition, ROI, curves, fit), the
//! Pareto-optimal alternatives with their parameters, the settings and resolved model
//! description needed to refit it, and the data it was fitted on, so a saved model can be
//! reopened, explored and used for budget planning without the original file and without
//! refitting anything. The field reference is in README.md; the version changes whenever a field
//! changes meaning or disappears. Version-1 files are upgraded on reading ([`v1`]).
//!
//! The jobs are split by file: this one is the schema and what can be done with an opened
//! report; [`assemble`] builds one from a finished search; [`wording`] writes the warnings'
//! sentences; [`export`] writes the CSV files with one number formatter; [`summary`] writes the
//! executive summary in plain words.

pub mod assemble;
pub mod export;
pub mod summary;
pub mod v1;
pub mod wording;

use serde::{Deserialize, Serialize};

use crate::allocate::{PlanBasis, Planner, PlannerSet};
use crate::data::{
    Dataset, Experiment, KpiType, LiftTest, ReadOptions, RoleAssignment, RoleRequest, Warning,
    WarningKind,
};
use crate::error::{Error, Result};
use crate::estimate::bayes::{BayesSettings, Diagnostics, PriorInfo};
use crate::estimate::search::{SearchSettings, SelectionRule};
use crate::model::EstimatorKind;
use crate::model::lift::{
    CalibrationRow, attach_uncalibrated, calibration_table, calibration_warnings,
    is_calibration_warning,
};
use crate::model::options::ModelOptions;
use crate::model::results::{
    BaselineTerm, ChannelResult, Decomposition, FitMetrics, ModelResults, OrganicResult, compute,
};
use crate::model::uncertainty::{INTERVAL_LEVEL, set_intervals};
use crate::model::{Efficiency, Features, FittedModel, HyperParams, ModelSpec, Parameters};

pub use export::num;

/// Files written before the Bayesian estimator were fitted by the ridge search.
fn older_estimator() -> EstimatorKind {
    EstimatorKind::RidgeSearch
}

fn default_interval_level() -> f64 {
    INTERVAL_LEVEL
}

/// Version of the MODEL.json layout.
pub const SCHEMA_VERSION: u32 = 2;

/// The KPI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiInfo {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: KpiType,
    /// How its efficiency is read: `roi` for revenue, `cpa` for conversions (follows `type`;
    /// set again on reading).
    #[serde(default)]
    pub efficiency: Efficiency,
}

impl KpiInfo {
    /// The KPI named `name` of type `kind`, with its efficiency measure.
    pub fn new(name: String, kind: KpiType) -> KpiInfo {
        KpiInfo {
            name,
            kind,
            efficiency: Efficiency::of(kind),
        }
    }
}

/// Everything needed to refit the same model from the same CSV.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitSettings {
    /// How the file's numbers were read (absent from older files: the defaults).
    #[serde(default)]
    pub read: ReadOptions,
    pub roles: RoleRequest,
    pub model: ModelOptions,
    /// The estimator that fitted the model (absent from older files: the ridge search).
    #[serde(default = "older_estimator")]
    pub estimator: EstimatorKind,
    pub search: SearchSettings,
    /// Settings of the Bayesian estimator (absent from older files: the defaults).
    #[serde(default)]
    pub bayes: BayesSettings,
    /// The lift tests the model was calibrated with (absent: none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub experiments: Vec<LiftTest>,
}

/// The model shown and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelectedModel {
    /// True when the model shown is the recommended one; false after switching to a Pareto
    /// model (a reopened file says so).
    pub recommended: bool,
    /// Position of the model shown in `pareto`, when it is on the front.
    pub pareto_index: Option<usize>,
    /// `[nrmse, decomp_rssd]` of the recommended model, whichever model is shown (kept when
    /// another Pareto model is shown). Absent only in a file written before it was kept that
    /// showed another model.
    #[serde(default)]
    pub recommended_point: Option<[f64; 2]>,
    /// Index among all candidates (trial × iterations + iteration).
    pub candidate: usize,
    pub trial: usize,
    pub iteration: usize,
    pub nrmse: f64,
    pub decomp_rssd: f64,
    /// How the recommended model was chosen.
    pub rule: SelectionRule,
    /// Candidates that fit as well as the best.
    pub considered: usize,
    /// Median ROI of each paid channel over those candidates.
    pub median_roi: Vec<f64>,
    /// Each paid channel's 90 % ROI interval (the posterior's, or the ridge search's profile
    /// likelihood: `search::profile`); in a ridge model saved before those, the lowest and
    /// highest ROI among the candidates whose fit is not significantly worse than the best
    /// (see `search::select`).
    pub roi_range: Vec<[f64; 2]>,
    /// The same ranges as costs per conversion, `[1 / high, 1 / low]` (conversion KPIs; empty
    /// otherwise); an end is null where its ROI is not positive (no finite CPA).
    #[serde(default)]
    pub cpa_range: Vec<[Option<f64>; 2]>,
    pub hyperparameters: HyperParams,
}

/// The CPA ranges of ROI ranges under a KPI type's measure (empty for revenue).
pub fn cpa_ranges(kpi: KpiType, roi_range: &[[f64; 2]]) -> Vec<[Option<f64>; 2]> {
    let efficiency = Efficiency::of(kpi);
    roi_range
        .iter()
        .filter_map(|&r| efficiency.cpa_range(r))
        .collect()
}

/// A Pareto-optimal candidate model, with its full parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ParetoModel {
    pub candidate: usize,
    pub trial: usize,
    pub iteration: usize,
    pub nrmse: f64,
    pub decomp_rssd: f64,
    /// ROI of each paid channel, in the order of `channels`.
    pub roi: Vec<f64>,
    pub hyperparameters: HyperParams,
    pub parameters: Parameters,
}

/// Size of the search.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SearchSummary {
    /// Candidate models evaluated.
    pub candidates: usize,
    /// Candidates that could not be fitted.
    pub failed: usize,
}

/// MODEL.json.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelReport {
    pub schema_version: u32,
    pub generator: String,
    pub kpi: KpiInfo,
    pub settings: FitSettings,
    pub roles: RoleAssignment,
    /// The fitted model: what planning and every result below are computed from.
    pub model: FittedModel,
    pub selected: SelectedModel,
    /// Results of the model shown (`model.point`).
    pub channels: Vec<ChannelResult>,
    pub organic: Vec<OrganicResult>,
    pub baseline: Vec<BaselineTerm>,
    pub fit: FitMetrics,
    pub decomposition: Decomposition,
    /// Pareto-optimal models by increasing NRMSE.
    pub pareto: Vec<ParetoModel>,
    /// (NRMSE, DECOMP.RSSD) of an evenly spaced sample of at most 1,000 candidates, for plotting.
    pub cloud: Vec<[f64; 2]>,
    pub search: SearchSummary,
    /// The level of every interval in the file (`roi_interval`, bands, plans' uplift): 0.9.
    #[serde(default = "default_interval_level")]
    pub interval_level: f64,
    /// Convergence of the Bayesian estimator's chains (absent for the ridge search).
    #[serde(default)]
    pub diagnostics: Option<Diagnostics>,
    /// The Bayesian estimator's priors, as resolved (empty for the ridge search).
    #[serde(default)]
    pub priors: Vec<PriorInfo>,
    /// Each lift test beside the lift the model implies (empty without tests).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calibration: Vec<CalibrationRow>,
    /// The resolved model description (ranges, families, baseline, signs).
    pub spec: ModelSpec,
    /// The data the model was fitted on.
    pub data: Dataset,
    pub warnings: Vec<Warning>,
}

/// One paid channel's ROI over a Bayesian fit's saved draws, chain by chain in sampling order:
/// a trace plot (chains that agree overlap) and, all chains together, its posterior.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelTrace {
    pub channel: String,
    /// Per chain, the ROI of each of its saved draws (evenly spaced over its kept draws).
    pub chains: Vec<Vec<f64>>,
}

/// How far [`ModelReport::basis_curves`] reaches, as a multiple of the current spend: the
/// page's what-if sliders run to 3 times it, and a planned spend shown on them 1.2 times further.
pub const WHAT_IF_REACH: f64 = 3.6;

/// A channel's response curve on the plans' basis ([`ModelReport::basis_curves`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BasisCurve {
    pub name: String,
    pub points: Vec<SpendResponse>,
}

/// KPI per period at a spend per period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SpendResponse {
    pub spend: f64,
    pub response: f64,
}

impl ModelReport {
    /// Each paid channel's ROI trace over the saved draws (see [`ChannelTrace`]); empty for a
    /// model without posterior draws (the ridge search's), or whose draws do not split evenly
    /// into its chains.
    ///
    /// # Errors
    /// As [`ModelReport::features`].
    pub fn traces(&self) -> Result<Vec<ChannelTrace>> {
        let chains = self.diagnostics.as_ref().map_or(0, |d| d.chains);
        let draws = &self.model.draws;
        if self.model.estimator != EstimatorKind::Bayes
            || chains == 0
            || draws.is_empty()
            || draws.len() % chains != 0
        {
            return Ok(Vec::new());
        }
        let features = self.features()?;
        let per_chain = draws.len() / chains;
        let rois: Vec<Vec<f64>> = draws
            .iter()
            .map(|d| crate::model::uncertainty::roi_of(d, &features))
            .collect();
        Ok(self
            .model
            .channels
            .iter()
            .enumerate()
            .map(|(k, c)| ChannelTrace {
                channel: c.name.clone(),
                chains: rois
                    .chunks(per_chain)
                    .map(|chain| chain.iter().map(|r| r[k]).collect())
                    .collect(),
            })
            .collect())
    }

    /// The columns the model is evaluated on (built from the saved data and description; no
    /// fitting).
    ///
    /// # Errors
    /// [`Error::InvalidModel`] when the description does not fit the data.
    pub fn features(&self) -> Result<Features> {
        Features::new(&self.data, &self.spec).map_err(|e| Error::InvalidModel {
            reason: e.to_string(),
        })
    }

    /// The results of a parameter set of this model (the point estimate, a draw, a Pareto
    /// model), computed from the saved data: no fitting.
    ///
    /// # Errors
    /// As [`ModelReport::features`].
    pub fn results_for(&self, params: &Parameters) -> Result<ModelResults> {
        let features = self.features()?;
        Ok(compute(
            &self.data,
            &features,
            self.fit.rows,
            &self.model,
            params,
            self.fit.lambda,
        ))
    }

    /// This report showing Pareto model `pareto_index` instead of the model shown: its
    /// parameters become the point estimate, its results replace the ones shown; the
    /// recommended model's point and the ROI ranges stay.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] for an index past the front; as [`ModelReport::results_for`].
    pub fn with_model(&self, pareto_index: usize) -> Result<ModelReport> {
        let p = self.pareto.get(pareto_index).ok_or_else(|| {
            Error::setting(
                "model",
                pareto_index,
                &format!("the search has {} Pareto models", self.pareto.len()),
            )
        })?;
        let mut out = self.clone();
        out.model.point = p.parameters.clone();
        out.set_results(self.results_for(&p.parameters)?, &self.features()?);
        out.selected = SelectedModel {
            recommended: false,
            pareto_index: Some(pareto_index),
            candidate: p.candidate,
            trial: p.trial,
            iteration: p.iteration,
            nrmse: p.nrmse,
            decomp_rssd: p.decomp_rssd,
            hyperparameters: p.hyperparameters.clone(),
            ..self.selected.clone()
        };
        let before = std::mem::take(&mut out.calibration);
        out.calibration = calibration_table(
            &out.model,
            &self.features()?,
            &self.experiments()?,
            self.interval_level,
        );
        if before.iter().all(|r| r.uncalibrated_lift.is_some()) {
            let uncalibrated: Vec<CalibrationRow> = before
                .iter()
                .map(|r| CalibrationRow {
                    model_lift: r.uncalibrated_lift.unwrap_or(f64::NAN),
                    model_lift_interval: r.uncalibrated_interval,
                    ..r.clone()
                })
                .collect();
            attach_uncalibrated(&mut out.calibration, &uncalibrated, self.interval_level);
        }
        out.warnings.retain(|w| !is_calibration_warning(w.kind));
        out.warnings.extend(calibration_warnings(&out.calibration));
        // The uncertain-ROI warnings quote the model shown.
        out.warnings.retain(|w| {
            !matches!(
                w.kind,
                WarningKind::UncertainRoi | WarningKind::UncertainEffect
            )
        });
        out.warnings.extend(wording::uncertain_roi_warnings(
            &self.data,
            &out.channels,
            &self.selected.roi_range,
            &self.model,
        ));
        // And the fit's quality is the model shown's.
        out.warnings.retain(|w| w.kind != WarningKind::PoorFit);
        out.warnings.extend(wording::poor_fit_warning(&out.fit));
        wording::advise_tested_channels(&mut out.warnings, &out.calibration);
        wording::poor_fit_first(&mut out.warnings);
        Ok(out)
    }

    /// Show results of a parameter set of this model, with their intervals over the draws.
    fn set_results(&mut self, mut r: ModelResults, features: &Features) {
        set_intervals(&mut r, &self.model, features, self.interval_level);
        self.channels = r.channels;
        self.organic = r.organic;
        self.baseline = r.baseline;
        self.fit = r.fit;
        self.decomposition = r.decomposition;
    }

    /// The planner of the point estimate of the model shown, over the last `window` periods (0:
    /// a year, [`ModelReport::window`]). No fitting. The CLI and the page plan with [`ModelReport::planners`] (the draws too).
    ///
    /// # Errors
    /// As [`ModelReport::planners`].
    pub fn planner(&self, window: usize) -> Result<Planner> {
        let window = self.window(window);
        Planner::new(&self.model, &self.model.point, &self.features()?, window)
    }

    /// The planning window in periods: `window`, or for 0 a year of the data's periods (52
    /// weeks, 365 days, 12 months: the default, so that daily and monthly data are planned on
    /// their last year too).
    pub fn window(&self, window: usize) -> usize {
        if window == 0 {
            self.data.frequency.year_periods()
        } else {
            window
        }
    }

    /// The planners of the model shown: its point estimate's, one per draw (each with its own
    /// curves and baseline and the same current spends) and the mean response over the draws,
    /// over the last `window` periods (0: a year, [`ModelReport::window`]). No fitting. The recommended model plans on the basis
    /// measured best for its estimator ([`PlanBasis::for_estimator`]); another Pareto model,
    /// chosen to be looked at, plans on its own curves (the draws surround the recommended one).
    /// Both are evaluated under the draws.
    ///
    /// # Errors
    /// As [`ModelReport::features`].
    pub fn planners(&self, window: usize) -> Result<PlannerSet> {
        let window = self.window(window);
        let features = self.features()?;
        let point = Planner::new(&self.model, &self.model.point, &features, window)?;
        let draws = self
            .model
            .draws
            .iter()
            .map(|d| Planner::new(&self.model, d, &features, window))
            .collect::<Result<Vec<_>>>()?;
        let basis = if self.selected.recommended {
            PlanBasis::for_estimator(self.model.estimator)
        } else {
            PlanBasis::Point
        };
        PlannerSet::new(point, draws, basis)
    }

    /// A plan of the model shown for `request`, on `planners` ([`ModelReport::planners`]),
    /// with the fit's warnings that bear on it as its `cautions`
    /// ([`summary::plan_cautions`]). The CLI, the page and the npm package plan through this.
    ///
    /// # Errors
    /// As [`PlannerSet::plan`].
    pub fn plan(
        &self,
        planners: &PlannerSet,
        request: &crate::allocate::PlanRequest,
    ) -> Result<crate::allocate::Plan> {
        let mut plan = planners.plan(request)?;
        plan.cautions = summary::plan_cautions(self, &plan);
        Ok(plan)
    }

    /// Each paid channel's response curve as plans and what-ifs read it (`planners`' basis:
    /// the mean over the draws for the recommended model), at the spends of the results'
    /// `response_curve`. The results' curve is the point estimate's; where the draws disagree
    /// (a channel most draws give nothing), the two differ, and a what-if's markers lie on
    /// this one. The grid goes on at the same step up to [`WHAT_IF_REACH`] times the current
    /// spend, so that a what-if beyond the results' curve still has its curve drawn.
    pub fn basis_curves(&self, planners: &PlannerSet) -> Vec<BasisCurve> {
        let current = planners.current();
        self.channels
            .iter()
            .enumerate()
            .filter_map(|(k, c)| {
                let mut spends: Vec<f64> = c.response_curve.iter().map(|p| p.spend).collect();
                let reach = WHAT_IF_REACH * current.get(k).copied().unwrap_or(0.0);
                if let [.., a, b] = spends[..]
                    && b > a
                {
                    let steps = ((reach - b) / (b - a)).ceil().clamp(0.0, 240.0) as usize;
                    spends.extend((1..=steps).map(|i| b + i as f64 * (b - a)));
                }
                let values = planners.basis_curve(k, &spends)?;
                let points = spends
                    .into_iter()
                    .zip(values)
                    .map(|(spend, response)| SpendResponse { spend, response })
                    .collect();
                Some(BasisCurve {
                    name: c.name.clone(),
                    points,
                })
            })
            .collect()
    }

    /// The lift tests the model was calibrated with, matched to its data.
    ///
    /// # Errors
    /// As [`crate::data::experiments::resolve`] (a file whose tests no longer fit its data).
    pub fn experiments(&self) -> Result<Vec<Experiment>> {
        crate::data::experiments::resolve(
            &self.settings.experiments,
            &self.data,
            &self.model.channels,
        )
        .map(|(e, _)| e)
    }

    /// Add what the same model fitted without the lift tests implied for each of them
    /// (`uncalibrated`: that fit's report, on the same data), and warn about tests the sales
    /// data contradict.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] when the other report is not on the same data; as
    /// [`ModelReport::experiments`].
    pub fn attach_uncalibrated(&mut self, uncalibrated: &ModelReport) -> Result<()> {
        if uncalibrated.model.estimator != self.model.estimator {
            let name = |k: EstimatorKind| match k {
                EstimatorKind::RidgeSearch => "the ridge search",
                EstimatorKind::Bayes => "the Bayesian estimator",
            };
            return Err(Error::setting(
                "uncalibrated model",
                &uncalibrated.kpi.name,
                &format!(
                    "it was fitted by {}, this model by {}: fit both with the same estimator",
                    name(uncalibrated.model.estimator),
                    name(self.model.estimator)
                ),
            ));
        }
        if uncalibrated.data != self.data || uncalibrated.spec != self.spec {
            return Err(Error::setting(
                "uncalibrated model",
                &uncalibrated.kpi.name,
                "it was not fitted on the same data and model description",
            ));
        }
        let before = calibration_table(
            &uncalibrated.model,
            &self.features()?,
            &self.experiments()?,
            self.interval_level,
        );
        attach_uncalibrated(&mut self.calibration, &before, self.interval_level);
        self.warnings.retain(|w| !is_calibration_warning(w.kind));
        self.warnings
            .extend(calibration_warnings(&self.calibration));
        Ok(())
    }

    /// Serialize as pretty JSON (deterministic: same model, same bytes).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Read a MODEL.json (version 2, or version 1 upgraded) and check every part of it against
    /// the others: data, description, fitted model, results, Pareto models.
    ///
    /// # Errors
    /// [`Error::InvalidModel`] naming what is wrong (not JSON, wrong version, a part cut short,
    /// numbers that are not finite, channels that disagree between sections).
    pub fn from_json(text: &str) -> Result<ModelReport> {
        // A byte-order mark, as some editors save: read past it, as in data files.
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        #[derive(Deserialize)]
        struct Version {
            schema_version: Option<u32>,
        }
        let v: Version = serde_json::from_str(text).map_err(|e| Error::InvalidModel {
            reason: format!("it is not a MixLens model file ({e})"),
        })?;
        let mut report: ModelReport = match v.schema_version {
            Some(SCHEMA_VERSION) => {
                serde_json::from_str(text).map_err(|e| Error::InvalidModel {
                    reason: format!("a field is missing or has the wrong type ({e})"),
                })?
            }
            Some(1) => v1::upgrade(text)?,
            Some(other) => {
                return Err(Error::InvalidModel {
                    reason: format!(
                        "it was written in format version {other}, and this MixLens reads versions 1 and {SCHEMA_VERSION}"
                    ),
                });
            }
            None => {
                return Err(Error::InvalidModel {
                    reason: "it has no schema_version; it is not a MixLens model file".into(),
                });
            }
        };
        report.check()?;
        report.refresh()?;
        Ok(report)
    }

    /// Bring what is derived up to date after reading: the KPI's efficiency measure, the
    /// results of the model shown recomputed from the fitted model (no fitting, milliseconds:
    /// a file written before a results field was added gets it), the CPA ranges, and the
    /// recommended model's point when the file shows the recommended model.
    ///
    /// # Errors
    /// As [`ModelReport::results_for`].
    fn refresh(&mut self) -> Result<()> {
        self.kpi.efficiency = Efficiency::of(self.kpi.kind);
        let results = self.results_for(&self.model.point)?;
        if !(self.interval_level > 0.0 && self.interval_level < 1.0) {
            self.interval_level = INTERVAL_LEVEL;
        }
        self.set_results(results, &self.features()?);
        self.selected.cpa_range = cpa_ranges(self.kpi.kind, &self.selected.roi_range);
        if self.selected.recommended && self.selected.recommended_point.is_none() {
            self.selected.recommended_point =
                Some([self.selected.nrmse, self.selected.decomp_rssd]);
        }
        Ok(())
    }

    /// Every consistency check of [`ModelReport::from_json`].
    ///
    /// # Errors
    /// [`Error::InvalidModel`].
    pub fn check(&self) -> Result<()> {
        let bad = |reason: &str| {
            Err(Error::InvalidModel {
                reason: reason.into(),
            })
        };
        self.data.check().map_err(|e| Error::InvalidModel {
            reason: format!("its data is damaged: {e}"),
        })?;
        let features = self.features()?;
        self.model.check(&features)?;
        self.model.check_channels(&self.data)?;
        let n = self.data.len();
        let names_agree = |names: &mut dyn Iterator<Item = &String>| {
            names.eq(self.data.channels.iter().map(|c| &c.name))
        };
        if !names_agree(&mut self.model.channels.iter().map(|c| &c.name))
            || !names_agree(&mut self.channels.iter().map(|c| &c.name))
        {
            return bad("its channels do not match its data");
        }
        if self.fit.rows == 0 || self.fit.rows > n {
            return bad("its count of fitted periods does not match its data");
        }
        let d = &self.decomposition;
        if d.dates.len() != n
            || d.actual.len() != n
            || d.fitted.len() != n
            || d.components.iter().any(|c| c.values.len() != n)
        {
            return bad("its decomposition is cut short or does not match its data");
        }
        let k = self.data.channels.len();
        if self.selected.roi_range.len() != k && !self.selected.roi_range.is_empty() {
            return bad("its ROI ranges do not match its channels");
        }
        for p in &self.pareto {
            if p.roi.len() != k {
                return bad("a Pareto model's ROIs do not match its channels");
            }
            p.parameters.check(&features, "a Pareto model")?;
            self.model.check_curves(&p.parameters, "a Pareto model")?;
        }
        if self
            .selected
            .pareto_index
            .is_some_and(|i| i >= self.pareto.len())
        {
            return bad("the model shown points past the Pareto models");
        }
        let finite = self.channels.iter().all(|c| {
            [c.spend, c.mean_spend, c.contribution, c.roi, c.marginal_roi]
                .iter()
                .all(|v| v.is_finite())
        });
        if !finite {
            return bad("a channel's results hold a number that is not finite");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde::Serialize;

    use crate::data::{ColumnRole, KpiType, WarningKind};
    use crate::model::results::ComponentKind;
    use crate::model::{BaseGroup, Efficiency, EstimatorKind};

    const TYPES: &str = include_str!("../../pkg-config/index.d.ts");

    /// The string literals of `export type NAME = ...;` in index.d.ts.
    fn union(name: &str) -> Vec<String> {
        let start = TYPES
            .find(&format!("export type {name} ="))
            .unwrap_or_else(|| panic!("index.d.ts has no type {name}"));
        let body = &TYPES[start..];
        let body = &body[..body.find(';').unwrap()];
        body.split('\'')
            .skip(1)
            .step_by(2)
            .map(String::from)
            .collect()
    }

    /// A Pareto model shown carries its own fit's warning: a poor-fit warning of the model
    /// before goes, and the model shown's R² decides.
    #[test]
    fn a_pareto_model_shown_carries_its_own_poor_fit_warning() {
        let text = include_str!("../../tests/data/sim_seed7_104w.model.json");
        let mut r = super::ModelReport::from_json(text).unwrap();
        r.warnings.push(crate::data::Warning::new(
            crate::data::WarningKind::PoorFit,
            "stale",
        ));
        let shown = r.with_model(0).unwrap();
        let poor: Vec<_> = shown
            .warnings
            .iter()
            .filter(|w| w.kind == crate::data::WarningKind::PoorFit)
            .collect();
        assert!(poor.iter().all(|w| w.message != "stale"), "{poor:?}");
        assert_eq!(poor.len(), usize::from(shown.fit.r2 < 0.5));
    }

    /// Every kind `Error::kind` returns (its `match` is exhaustive, so a new error variant needs
    /// one) is in index.d.ts's `ErrorKind`, and nothing else is.
    #[test]
    fn the_error_kinds_are_the_typescript_union() {
        let source = include_str!("../../src/error.rs");
        let start = source.find("pub fn kind(&self)").unwrap();
        let body = &source[start..];
        let body = &body[..body.find("\n    }\n").unwrap()];
        let mut kinds: Vec<String> = body
            .split("=> \"")
            .skip(1)
            .map(|rest| rest[..rest.find('"').unwrap()].to_string())
            .collect();
        let mut typed = union("ErrorKind");
        kinds.sort();
        typed.sort();
        assert!(kinds.len() > 50, "{kinds:?}");
        assert_eq!(typed, kinds);
    }

    fn names<T: Serialize>(all: &[T]) -> Vec<String> {
        all.iter()
            .map(|v| {
                serde_json::to_value(v)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    }

    /// The what-if chart's curves are the plans' basis: with two draws whose channel 0 has half
    /// and two and a half times the point estimate's effect, the mean of the draws is 1.5
    /// times the results' curve (the response is linear in the coefficient), the other
    /// channels' the same; a what-if's markers lie on it. Without draws it is the results'
    /// curve.
    #[test]
    fn the_plans_curves_are_the_mean_over_the_draws_and_hold_the_what_if_markers() {
        let text = include_str!("../../tests/data/sim_seed7_104w.model.json");
        let mut r = super::ModelReport::from_json(text).unwrap();
        // The last year's spend of channel 1 tripled: its current spend times the reach lies
        // beyond the results' grid (3 times its mean spend over the data).
        let n = r.data.channels[1].spend.len();
        r.data.channels[1].spend[n - 52..]
            .iter_mut()
            .for_each(|x| *x *= 3.0);
        let planners = r.planners(0).unwrap();
        let plain = r.basis_curves(&planners);
        let mut extended = 0;
        for (k, (c, b)) in r.channels.iter().zip(&plain).enumerate() {
            assert_eq!(b.name, c.name);
            assert!(b.points.len() >= c.response_curve.len());
            for (p, q) in c.response_curve.iter().zip(&b.points) {
                assert_eq!(p.spend.to_bits(), q.spend.to_bits());
                crate::precision::assert_close(q.response, p.response, 1e-9);
            }
            // Beyond the results' curve: the same step, up to the what-if's reach, on the
            // point estimate's curve (no draws here).
            let step = c.response_curve[1].spend - c.response_curve[0].spend;
            let reach = super::WHAT_IF_REACH * planners.current()[k];
            let last = b.points.last().unwrap().spend;
            assert!(
                last >= reach && last < reach.max(c.response_curve.last().unwrap().spend) + step
            );
            for w in b.points[c.response_curve.len() - 1..].windows(2) {
                crate::precision::assert_close(w[1].spend - w[0].spend, step, 1e-9);
            }
            for q in &b.points[c.response_curve.len()..] {
                let direct = planners.point.curves[k].value(q.spend);
                crate::precision::assert_close(q.response, direct, 1e-9);
            }
            extended += b.points.len() - c.response_curve.len();
        }
        assert!(
            extended > 0,
            "no channel's curve reached past its results' grid"
        );
        let scaled = |f: f64| {
            let mut d = r.model.point.clone();
            d.media[0].coefficient *= f;
            d
        };
        r.model.draws = vec![scaled(0.5), scaled(2.5)];
        let planners = r.planners(0).unwrap();
        let curves = r.basis_curves(&planners);
        for (k, (c, b)) in r.channels.iter().zip(&curves).enumerate() {
            let factor = if k == 0 { 1.5 } else { 1.0 };
            for (p, q) in c.response_curve.iter().zip(&b.points) {
                crate::precision::assert_close(q.response, factor * p.response, 1e-9);
            }
        }
        let w = planners
            .what_if(&std::collections::BTreeMap::from([(
                r.channels[0].name.clone(),
                2.0 * planners.current()[0],
            )]))
            .unwrap();
        let on = |k: usize, x: f64| planners.basis_curve(k, &[x]).unwrap()[0];
        let c = &w.channels[0];
        crate::precision::assert_close(c.current_response, on(0, c.current_spend), 1e-9);
        crate::precision::assert_close(c.scenario_response, on(0, c.scenario_spend), 1e-9);
    }

    /// Each list is checked exhaustive by a `match`: a new variant does not compile until it is
    /// listed here, and then this test asks for it in index.d.ts.
    #[test]
    fn typescript_unions_mirror_the_enums() {
        use WarningKind as W;
        let warnings = [
            W::RowsSorted,
            W::NegativeKpi,
            W::ExposureWithoutSpend,
            W::ControlDropped,
            W::ColumnUnused,
            W::NoSeasonality,
            W::FewRows,
            W::FewEquivalentModels,
            W::UncertainRoi,
            W::UncertainEffect,
            W::TextColumnIgnored,
            W::SpendScale,
            W::SearchScaled,
            W::NotConverged,
            W::LiftOverlap,
            W::LiftStandardErrorDerived,
            W::LiftConflict,
            W::LiftAfterData,
            W::LiftWindowRounded,
            W::LiftSpendMismatch,
            W::EstimatorChosen,
            W::CoarseGrid,
            W::LateLag,
            W::PriorUnused,
            W::PoorFit,
            W::SpendFollowsSales,
            W::RareSpend,
            W::Other,
        ];
        for w in warnings {
            match w {
                W::RowsSorted
                | W::NegativeKpi
                | W::ExposureWithoutSpend
                | W::ControlDropped
                | W::ColumnUnused
                | W::NoSeasonality
                | W::FewRows
                | W::FewEquivalentModels
                | W::UncertainRoi
                | W::UncertainEffect
                | W::TextColumnIgnored
                | W::SpendScale
                | W::SearchScaled
                | W::NotConverged
                | W::LiftOverlap
                | W::LiftStandardErrorDerived
                | W::LiftConflict
                | W::LiftAfterData
                | W::LiftWindowRounded
                | W::LiftSpendMismatch
                | W::EstimatorChosen
                | W::CoarseGrid
                | W::LateLag
                | W::PriorUnused
                | W::PoorFit
                | W::SpendFollowsSales
                | W::RareSpend
                | W::Other => {}
            }
        }
        use ComponentKind as C;
        let components = [
            C::Intercept,
            C::Trend,
            C::Seasonality,
            C::Weekday,
            C::Control,
            C::Organic,
            C::Paid,
        ];
        for c in components {
            match c {
                C::Intercept
                | C::Trend
                | C::Seasonality
                | C::Weekday
                | C::Control
                | C::Organic
                | C::Paid => {}
            }
        }
        use ColumnRole as R;
        let roles = [
            R::Date,
            R::Kpi,
            R::Media,
            R::Exposure,
            R::Organic,
            R::Control,
            R::Ignored,
        ];
        for r in roles {
            match r {
                R::Date
                | R::Kpi
                | R::Media
                | R::Exposure
                | R::Organic
                | R::Control
                | R::Ignored => {}
            }
        }
        use BaseGroup as B;
        let groups = [
            B::Intercept,
            B::Trend,
            B::Seasonality,
            B::Weekday,
            B::Control,
        ];
        for g in groups {
            match g {
                B::Intercept | B::Trend | B::Seasonality | B::Weekday | B::Control => {}
            }
        }
        let estimators = [EstimatorKind::RidgeSearch, EstimatorKind::Bayes];
        for e in estimators {
            match e {
                EstimatorKind::RidgeSearch | EstimatorKind::Bayes => {}
            }
        }
        let efficiencies = [Efficiency::Roi, Efficiency::Cpa];
        let kpis = [KpiType::Revenue, KpiType::Conversions];
        assert_eq!(union("WarningKind"), names(&warnings));
        assert_eq!(union("ComponentKind"), names(&components));
        assert_eq!(union("ColumnRole"), names(&roles));
        assert_eq!(union("BaseGroup"), names(&groups));
        assert_eq!(union("EstimatorKind"), names(&estimators));
        assert_eq!(union("Efficiency"), names(&efficiencies));
        assert_eq!(union("KpiType"), names(&kpis));
        use crate::allocate::PlanBasis as P;
        let bases = [P::Point, P::MeanOfDraws];
        for b in bases {
            match b {
                P::Point | P::MeanOfDraws => {}
            }
        }
        assert_eq!(union("PlanBasis"), names(&bases));
    }

    /// The field names declared in `export interface NAME { ... }` of index.d.ts (top level).
    fn interface(name: &str) -> Vec<String> {
        let start = TYPES
            .find(&format!("export interface {name} {{"))
            .unwrap_or_else(|| panic!("index.d.ts has no interface {name}"));
        let body = &TYPES[start..];
        let body = &body[..body.find("\n}").unwrap()];
        body.lines()
            .filter_map(|l| l.strip_prefix("  ")?.split_once(':'))
            .map(|(k, _)| k.trim_end_matches('?').to_string())
            .filter(|k| k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .collect()
    }

    /// Every field a plan or a scenario (with its interval) serializes is declared in
    /// index.d.ts, and no other.
    #[test]
    fn typescript_plan_and_scenario_declare_every_field() {
        use crate::allocate::{PlanBasis, PlanRequest, Planner, PlannerSet, ResponseCurve};
        use crate::transform::{Adstock, ChannelTransform, Saturation};
        let curve = |coef: f64| {
            let t = ChannelTransform {
                adstock: Adstock::geometric(0.0).unwrap(),
                saturation: Saturation::hill(1.5, 0.1, 1000.0).unwrap(),
                series_len: 52,
            };
            ResponseCurve::new(coef, 1.0, t)
        };
        let planner = |k: f64| {
            Planner::from_curves(
                vec!["tv".into(), "social".into()],
                vec![curve(500.0 * k), curve(300.0)],
                vec![100.0, 50.0],
                1000.0,
            )
        };
        let set = PlannerSet::new(
            planner(1.0),
            vec![planner(0.8), planner(1.2)],
            PlanBasis::MeanOfDraws,
        )
        .unwrap();
        let keys = |v: serde_json::Value| -> Vec<String> {
            let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
            k.sort();
            k
        };
        let sorted = |mut v: Vec<String>| {
            v.sort();
            v
        };
        let plan = set.plan(&PlanRequest::default()).unwrap();
        assert!(plan.uplift_interval.is_some());
        assert_eq!(
            keys(serde_json::to_value(&plan).unwrap()),
            sorted(interface("Plan"))
        );
        let scenario = set.what_if(&Default::default()).unwrap();
        assert_eq!(
            keys(serde_json::to_value(&scenario).unwrap()),
            sorted(interface("Scenario"))
        );
    }
}
