//! Building MODEL.json from a finished ridge search: the recommended model's parameters become
//! the point estimate, the alternatives that fit about as well become the draws, the parameter
//! sets at the ends of each channel's 90 % interval become the interval ends, and each Pareto
//! model keeps its parameters, so nothing downstream refits.

use crate::data::{Dataset, RoleAssignment, Warning};
use crate::error::Result;
use crate::estimate::bayes::{Diagnostics, Posterior, PriorInfo};
use crate::estimate::ridge::{Design, Scratch};
use crate::estimate::search::SelectionRule;
use crate::estimate::search::profile::intervals;
use crate::estimate::search::{Candidate, SearchOutcome};
use crate::model::lift::{calibration_table, calibration_warnings};
use crate::model::results::ModelResults;
use crate::model::results::compute;
use crate::model::uncertainty::{INTERVAL_LEVEL, roi_intervals};
use crate::model::{FittedModel, ModelSpec, Parameters};

use super::{
    FitSettings, KpiInfo, ModelReport, ParetoModel, SCHEMA_VERSION, SearchSummary, SelectedModel,
    cpa_ranges, wording,
};

/// Largest number of candidates in `cloud`.
pub const CLOUD_POINTS: usize = 1000;

impl ModelReport {
    /// Assemble the report of a finished search on the design it ran on.
    ///
    /// # Errors
    /// [`crate::Error::Numerical`] if a kept model cannot be refitted (each was fitted during
    /// the search, so this does not happen with the same inputs).
    pub fn build(
        data: &Dataset,
        roles: &RoleAssignment,
        settings: FitSettings,
        spec: &ModelSpec,
        design: &Design,
        outcome: &SearchOutcome,
        mut warnings: Vec<Warning>,
    ) -> Result<ModelReport> {
        warnings.extend(design.warnings.iter().cloned());
        let mut scratch = Scratch::default();
        let mut parameters_of = |c: &Candidate| -> Result<(Parameters, f64)> {
            let fit = design.fit(spec, &spec.from_unit(&c.unit), &mut scratch)?;
            Ok((fit.parameters(), fit.lambda))
        };
        let sel = outcome.selected();
        let (point, lambda) = parameters_of(sel)?;
        let draws = outcome
            .selection
            .alternatives
            .iter()
            .map(|&i| parameters_of(&outcome.candidates[i]).map(|p| p.0))
            .collect::<Result<Vec<_>>>()?;
        let iterations = settings.search.iterations;
        let index_of = |c: &Candidate| c.trial * iterations + c.iteration;
        let pareto = outcome
            .pareto
            .iter()
            .map(|&i| {
                let c = &outcome.candidates[i];
                Ok(ParetoModel {
                    candidate: index_of(c),
                    trial: c.trial,
                    iteration: c.iteration,
                    nrmse: c.nrmse,
                    decomp_rssd: c.decomp_rssd,
                    roi: c.roi.clone(),
                    hyperparameters: spec.from_unit(&c.unit),
                    parameters: parameters_of(c)?.0,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let mut model = design.fitted_model(data, spec, point, draws);
        // Each channel's calibrated 90 % interval where the profile has one (always, unless the
        // best candidate cannot be refitted), else the likelihood range of the models that fit
        // about as well.
        let roi_range = match intervals(design, spec, outcome, INTERVAL_LEVEL)? {
            Some(profile) => {
                model.interval_ends = profile.parameters();
                profile.rois()
            }
            None => outcome.selection.roi_range.clone(),
        };
        let results = compute(
            data,
            &design.features,
            design.train,
            &model,
            &model.point,
            lambda,
        );
        let usable: Vec<&Candidate> = outcome
            .candidates
            .iter()
            .filter(|c| c.nrmse.is_finite() && c.decomp_rssd.is_finite())
            .collect();
        let step = usable.len().div_ceil(CLOUD_POINTS).max(1);
        let cloud = usable
            .iter()
            .step_by(step)
            .map(|c| [c.nrmse, c.decomp_rssd])
            .collect();
        warnings.extend(wording::poor_fit_warning(&results.fit));
        if outcome.selection.considered < 5 {
            warnings.push(wording::few_equivalent_models(outcome.selection.considered));
        }
        warnings.extend(wording::uncertain_roi_warnings(
            data,
            &results.channels,
            &roi_range,
            &model,
        ));
        let failed = outcome.candidates.len() - usable.len();
        let selected_index = index_of(sel);
        let selected = SelectedModel {
            recommended: true,
            pareto_index: pareto.iter().position(|p| p.candidate == selected_index),
            recommended_point: Some([sel.nrmse, sel.decomp_rssd]),
            candidate: selected_index,
            trial: sel.trial,
            iteration: sel.iteration,
            nrmse: sel.nrmse,
            decomp_rssd: sel.decomp_rssd,
            rule: outcome.selection.rule,
            considered: outcome.selection.considered,
            median_roi: outcome.selection.median_roi.clone(),
            cpa_range: cpa_ranges(data.kpi_type, &roi_range),
            roi_range,
            hyperparameters: spec.from_unit(&sel.unit),
        };
        let search = SearchSummary {
            candidates: outcome.candidates.len(),
            failed,
        };
        Ok(Parts {
            settings,
            model,
            selected,
            pareto,
            cloud,
            search,
            diagnostics: None,
            priors: Vec::new(),
            warnings,
        }
        .into_report(data, roles, spec, results, design))
    }

    /// Assemble the report of a Bayesian fit on the design it ran on: the point estimate
    /// (posterior-median ROIs), the saved posterior draws, diagnostics and priors.
    ///
    /// # Errors
    /// None today; the signature matches [`ModelReport::build`].
    pub fn build_posterior(
        data: &Dataset,
        roles: &RoleAssignment,
        settings: FitSettings,
        spec: &ModelSpec,
        design: &Design,
        posterior: &Posterior,
        mut warnings: Vec<Warning>,
    ) -> Result<ModelReport> {
        warnings.extend(design.warnings.iter().cloned());
        let model = posterior.model.clone();
        let features = &design.features;
        let results = compute(data, features, design.train, &model, &model.point, 0.0);
        let intervals = roi_intervals(&model, features, INTERVAL_LEVEL).unwrap_or_default();
        warnings.extend(wording::uncertain_roi_warnings(
            data,
            &results.channels,
            &intervals,
            &model,
        ));
        warnings.extend(wording::late_lag_warnings(&model, spec));
        warnings.extend(wording::poor_fit_warning(&results.fit));
        warnings.extend(wording::convergence_warnings(&posterior.diagnostics));
        let d = &posterior.diagnostics;
        let selected = SelectedModel {
            recommended: true,
            pareto_index: None,
            recommended_point: Some([results.fit.nrmse, results.fit.decomp_rssd]),
            candidate: 0,
            trial: 0,
            iteration: 0,
            nrmse: results.fit.nrmse,
            decomp_rssd: results.fit.decomp_rssd,
            rule: SelectionRule::PosteriorMedian,
            considered: d.chains * d.draws,
            median_roi: results.channels.iter().map(|c| c.roi).collect(),
            cpa_range: cpa_ranges(data.kpi_type, &intervals),
            roi_range: intervals,
            hyperparameters: posterior.hyperparameters.clone(),
        };
        let search = SearchSummary {
            candidates: d.chains * (d.draws + d.tune),
            failed: 0,
        };
        Ok(Parts {
            settings,
            model,
            selected,
            pareto: Vec::new(),
            cloud: Vec::new(),
            search,
            diagnostics: Some(posterior.diagnostics.clone()),
            priors: posterior.priors.clone(),
            warnings,
        }
        .into_report(data, roles, spec, results, design))
    }
}

/// What an estimator adds to the parts every report shares.
struct Parts {
    settings: FitSettings,
    model: FittedModel,
    selected: SelectedModel,
    pareto: Vec<ParetoModel>,
    cloud: Vec<[f64; 2]>,
    search: SearchSummary,
    diagnostics: Option<Diagnostics>,
    priors: Vec<PriorInfo>,
    warnings: Vec<Warning>,
}

impl Parts {
    fn into_report(
        self,
        data: &Dataset,
        roles: &RoleAssignment,
        spec: &ModelSpec,
        results: ModelResults,
        design: &Design,
    ) -> ModelReport {
        let features = &design.features;
        let mut report = ModelReport {
            schema_version: SCHEMA_VERSION,
            generator: format!("mixlens {}", env!("CARGO_PKG_VERSION")),
            kpi: KpiInfo::new(data.kpi.name.clone(), data.kpi_type),
            settings: self.settings,
            roles: roles.clone(),
            model: self.model,
            selected: self.selected,
            channels: Vec::new(),
            organic: Vec::new(),
            baseline: Vec::new(),
            fit: results.fit,
            decomposition: results.decomposition.clone(),
            pareto: self.pareto,
            cloud: self.cloud,
            search: self.search,
            interval_level: INTERVAL_LEVEL,
            diagnostics: self.diagnostics,
            priors: self.priors,
            calibration: Vec::new(),
            spec: spec.clone(),
            data: data.clone(),
            warnings: self.warnings,
        };
        report.set_results(results, features);
        report.calibration =
            calibration_table(&report.model, features, &design.experiments, INTERVAL_LEVEL);
        report
            .warnings
            .extend(calibration_warnings(&report.calibration));
        wording::advise_tested_channels(&mut report.warnings, &report.calibration);
        wording::poor_fit_first(&mut report.warnings);
        report
    }
}
