//! Reading MODEL.json version 1 (MixLens before the fitted-model contract).
//!
//! Version 1 kept each model as hyperparameters only (curve parameters and the ridge penalty's
//! position) and refitted it on demand. Upgrading fits each kept model once on the saved data
//! with the ridge estimator that wrote it (the same deterministic regression), so the upgraded
//! report carries full parameter sets and nothing downstream refits. A version-1 file does not
//! say whether it showed the recommended model or a Pareto model chosen by hand; it is taken
//! as the recommended one (what `mixlens fit` writes).

use serde::Deserialize;

use crate::data::{Dataset, RoleAssignment, Warning};
use crate::error::{Error, Result};
use crate::estimate::ridge::{Design, Scratch};
use crate::estimate::search::SelectionRule;
use crate::model::results::compute;
use crate::model::{HyperParams, ModelSpec, Parameters};

use super::{
    FitSettings, KpiInfo, ModelReport, ParetoModel, SCHEMA_VERSION, SearchSummary, SelectedModel,
    cpa_ranges,
};

#[derive(Deserialize)]
struct SelectedV1 {
    candidate: usize,
    trial: usize,
    iteration: usize,
    nrmse: f64,
    decomp_rssd: f64,
    rule: SelectionRule,
    considered: usize,
    median_roi: Vec<f64>,
    #[serde(default)]
    roi_range: Vec<[f64; 2]>,
    hyperparameters: HyperParams,
}

#[derive(Deserialize)]
struct CandidateV1 {
    candidate: usize,
    trial: usize,
    iteration: usize,
    nrmse: f64,
    decomp_rssd: f64,
    roi: Vec<f64>,
    hyperparameters: HyperParams,
}

#[derive(Deserialize)]
struct ReportV1 {
    generator: String,
    kpi: KpiInfo,
    settings: FitSettings,
    roles: RoleAssignment,
    selected: SelectedV1,
    pareto: Vec<CandidateV1>,
    #[serde(default)]
    alternatives: Vec<CandidateV1>,
    cloud: Vec<[f64; 2]>,
    search: SearchSummary,
    spec: ModelSpec,
    data: Dataset,
    warnings: Vec<Warning>,
}

/// Upgrade a version-1 MODEL.json text to the current layout.
///
/// # Errors
/// [`Error::InvalidModel`] for a damaged file, or hyperparameters that do not fit its
/// description.
pub fn upgrade(text: &str) -> Result<ModelReport> {
    let old: ReportV1 = serde_json::from_str(text).map_err(|e| Error::InvalidModel {
        reason: format!("a field is missing or has the wrong type ({e})"),
    })?;
    let invalid = |e: Error| Error::InvalidModel {
        reason: format!("its models do not fit its data ({e})"),
    };
    old.data.check().map_err(invalid)?;
    let design = Design::new(&old.data, &old.spec, old.settings.search.holdout).map_err(invalid)?;
    let dims_ok = |h: &HyperParams| {
        h.media.len() == old.spec.channels.len() + old.spec.organic.len()
            && h.media
                .iter()
                .zip(old.spec.channels.iter().chain(&old.spec.organic))
                .all(|(v, m)| v.len() == m.ranges.len())
    };
    let mut scratch = Scratch::default();
    let mut fit = |h: &HyperParams| -> Result<(Parameters, f64)> {
        if !dims_ok(h) {
            return Err(Error::InvalidModel {
                reason: "a model's hyperparameter list is cut short or too long".into(),
            });
        }
        let f = design.fit(&old.spec, h, &mut scratch).map_err(invalid)?;
        Ok((f.parameters(), f.lambda))
    };
    let (point, lambda) = fit(&old.selected.hyperparameters)?;
    let draws = old
        .alternatives
        .iter()
        .map(|a| fit(&a.hyperparameters).map(|p| p.0))
        .collect::<Result<Vec<_>>>()?;
    let pareto = old
        .pareto
        .into_iter()
        .map(|p| {
            Ok(ParetoModel {
                parameters: fit(&p.hyperparameters)?.0,
                candidate: p.candidate,
                trial: p.trial,
                iteration: p.iteration,
                nrmse: p.nrmse,
                decomp_rssd: p.decomp_rssd,
                roi: p.roi,
                hyperparameters: p.hyperparameters,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let model = design.fitted_model(&old.data, &old.spec, point, draws);
    let results = compute(
        &old.data,
        &design.features,
        design.train,
        &model,
        &model.point,
        lambda,
    );
    let s = old.selected;
    Ok(ModelReport {
        schema_version: SCHEMA_VERSION,
        generator: old.generator,
        kpi: KpiInfo::new(old.kpi.name, old.kpi.kind),
        settings: old.settings,
        roles: old.roles,
        selected: SelectedModel {
            recommended: true,
            pareto_index: pareto.iter().position(|p| p.candidate == s.candidate),
            recommended_point: Some([s.nrmse, s.decomp_rssd]),
            candidate: s.candidate,
            trial: s.trial,
            iteration: s.iteration,
            nrmse: s.nrmse,
            decomp_rssd: s.decomp_rssd,
            rule: s.rule,
            considered: s.considered,
            median_roi: s.median_roi,
            cpa_range: cpa_ranges(old.data.kpi_type, &s.roi_range),
            roi_range: s.roi_range,
            hyperparameters: s.hyperparameters,
        },
        model,
        channels: results.channels,
        organic: results.organic,
        baseline: results.baseline,
        fit: results.fit,
        decomposition: results.decomposition,
        pareto,
        cloud: old.cloud,
        search: old.search,
        interval_level: crate::model::uncertainty::INTERVAL_LEVEL,
        diagnostics: None,
        priors: Vec::new(),
        calibration: Vec::new(),
        spec: old.spec,
        data: old.data,
        warnings: old.warnings,
    })
}
