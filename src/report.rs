//! MODEL.json: a fitted model as a versioned, self-contained document.
//!
//! It holds the results of the recommended model, the Pareto-optimal alternatives (with the
//! hyperparameters to rebuild any of them), the settings and resolved model description needed to
//! refit it, and the data it was fitted on, so a saved model can be reopened, explored and used
//! for budget planning without the original file. The field reference is in README.md; the
//! version changes whenever a field changes meaning or disappears.

use serde::{Deserialize, Serialize};

use crate::data::{Dataset, KpiType, RoleAssignment, RoleRequest, Warning};
use crate::error::{Error, Result};
use crate::model::options::ModelOptions;
use crate::model::results::{
    BaselineTerm, ChannelResult, Decomposition, FitMetrics, ModelResults, OrganicResult, compute,
};
use crate::model::{Design, HyperParams, ModelSpec, Scratch};
use crate::search::{SearchOutcome, SearchSettings, SelectionRule};

/// Version of the MODEL.json layout.
pub const SCHEMA_VERSION: u32 = 1;

/// The KPI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiInfo {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: KpiType,
}

/// Everything needed to refit the same model from the same CSV.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitSettings {
    pub roles: RoleRequest,
    pub model: ModelOptions,
    pub search: SearchSettings,
}

/// The recommended model and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SelectedModel {
    /// Index among all candidates (trial × iterations + iteration).
    pub candidate: usize,
    pub trial: usize,
    pub iteration: usize,
    pub nrmse: f64,
    pub decomp_rssd: f64,
    pub rule: SelectionRule,
    /// Candidates that fit as well as the best.
    pub considered: usize,
    /// Median ROI of each paid channel over those candidates.
    pub median_roi: Vec<f64>,
    /// Lowest and highest ROI of each paid channel among the candidates whose fit is not
    /// significantly worse than the best (see `search::select`); absent from older files.
    #[serde(default)]
    pub roi_range: Vec<[f64; 2]>,
    pub hyperparameters: HyperParams,
}

/// A candidate model kept in the report: a Pareto-optimal one, or an alternative that fits
/// about as well as the recommended one.
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
    pub selected: SelectedModel,
    pub channels: Vec<ChannelResult>,
    pub organic: Vec<OrganicResult>,
    pub baseline: Vec<BaselineTerm>,
    pub fit: FitMetrics,
    pub decomposition: Decomposition,
    /// Pareto-optimal models by increasing NRMSE.
    pub pareto: Vec<ParetoModel>,
    /// Models whose fit is not significantly worse than the best (those behind `roi_range`,
    /// at most about 40): plans are re-evaluated under them. Absent from older files.
    #[serde(default)]
    pub alternatives: Vec<ParetoModel>,
    /// (NRMSE, DECOMP.RSSD) of an evenly spaced sample of at most 1,000 candidates, for plotting.
    pub cloud: Vec<[f64; 2]>,
    pub search: SearchSummary,
    /// The resolved model description (ranges, families, baseline, signs).
    pub spec: ModelSpec,
    /// The data the model was fitted on.
    pub data: Dataset,
    pub warnings: Vec<Warning>,
}

/// A channel's ROI range wider than this share of its ROI earns a warning.
pub const WIDE_RANGE: f64 = 0.5;

/// One warning per channel whose ROI the data leaves wide open, saying how wide and why.
fn uncertain_roi_warnings(
    data: &Dataset,
    channels: &[ChannelResult],
    ranges: &[[f64; 2]],
) -> Vec<Warning> {
    let short = |v: f64| {
        if v.abs() >= 100.0 {
            format!("{v:.0}")
        } else {
            format!("{v:.2}")
        }
    };
    channels
        .iter()
        .zip(ranges)
        .filter(|(c, [lo, hi])| c.roi > 0.0 && (hi - lo) / c.roi > WIDE_RANGE)
        .map(|(c, [lo, hi])| {
            let spend = data
                .channels
                .iter()
                .find(|p| p.name == c.name)
                .map(|p| p.spend.as_slice())
                .unwrap_or_default();
            let low = spend.iter().filter(|&&x| x < 0.1 * c.mean_spend).count();
            let why = if c.mean_spend > 0.0 && 10 * low < spend.len() {
                format!(
                    " '{}' is seldom off (its spend is under a tenth of its mean in {low} of {} periods), so its average return rests on the curve shape assumed below the spends it ran at.",
                    c.name,
                    spend.len()
                )
            } else {
                String::new()
            };
            let (word, lo, hi, at) = if data.kpi_type == KpiType::Conversions {
                ("CPA", 1.0 / hi, 1.0 / lo, 1.0 / c.roi)
            } else {
                ("ROI", *lo, *hi, c.roi)
            };
            let span = if !hi.is_finite() || lo <= 0.0 {
                format!(
                    "anywhere from {}, including models where the channel has no effect",
                    if hi.is_finite() {
                        format!("0 to {}", short(hi))
                    } else {
                        format!("{} upwards", short(lo))
                    }
                )
            } else {
                format!("anywhere from {} to {}", short(lo), short(hi))
            };
            Warning::about(
                "uncertain_roi",
                &c.name,
                format!(
                    "The data does not pin down the {word} of '{}' (this model: {}): models that fit about as well put it {span}.{why} A lift test, a planned pause or the other saturation curve family shows how much depends on it.",
                    c.name,
                    short(at),
                ),
            )
        })
        .collect()
}

/// Largest number of candidates in `cloud`.
pub const CLOUD_POINTS: usize = 1000;

impl ModelReport {
    /// Assemble the report of a finished search.
    ///
    /// # Errors
    /// [`Error::Numerical`] if the recommended model cannot be refitted (it was fitted during the
    /// search, so this does not happen with the same inputs).
    pub fn build(
        data: &Dataset,
        roles: &RoleAssignment,
        settings: FitSettings,
        spec: &ModelSpec,
        outcome: &SearchOutcome,
        mut warnings: Vec<Warning>,
    ) -> Result<ModelReport> {
        let design = Design::new(data, spec, settings.search.holdout)?;
        warnings.extend(design.warnings.iter().cloned());
        let sel = outcome.selected();
        let hp = spec.from_unit(&sel.unit);
        let results = results_with(data, spec, &design, &hp)?;
        let iterations = settings.search.iterations;
        let index_of = |t: usize, i: usize| t * iterations + i;
        let keep = |&i: &usize| {
            let c = &outcome.candidates[i];
            ParetoModel {
                candidate: index_of(c.trial, c.iteration),
                trial: c.trial,
                iteration: c.iteration,
                nrmse: c.nrmse,
                decomp_rssd: c.decomp_rssd,
                roi: c.roi.clone(),
                hyperparameters: spec.from_unit(&c.unit),
            }
        };
        let pareto = outcome.pareto.iter().map(keep).collect();
        let alternatives = outcome.selection.alternatives.iter().map(keep).collect();
        let usable: Vec<&crate::search::Candidate> = outcome
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
        if outcome.selection.considered < 5 {
            warnings.push(Warning::new(
                "few_equivalent_models",
                format!("Only {} candidate models fit as well as the best; run more iterations for a steadier recommendation.", outcome.selection.considered),
            ));
        }
        warnings.extend(uncertain_roi_warnings(
            data,
            &results.channels,
            &outcome.selection.roi_range,
        ));
        let failed = outcome.candidates.len() - usable.len();
        Ok(ModelReport {
            schema_version: SCHEMA_VERSION,
            generator: format!("mixlens {}", env!("CARGO_PKG_VERSION")),
            kpi: KpiInfo {
                name: data.kpi.name.clone(),
                kind: data.kpi_type,
            },
            settings,
            roles: roles.clone(),
            selected: SelectedModel {
                candidate: index_of(sel.trial, sel.iteration),
                trial: sel.trial,
                iteration: sel.iteration,
                nrmse: sel.nrmse,
                decomp_rssd: sel.decomp_rssd,
                rule: outcome.selection.rule,
                considered: outcome.selection.considered,
                median_roi: outcome.selection.median_roi.clone(),
                roi_range: outcome.selection.roi_range.clone(),
                hyperparameters: hp,
            },
            channels: results.channels,
            organic: results.organic,
            baseline: results.baseline,
            fit: results.fit,
            decomposition: results.decomposition,
            pareto,
            alternatives,
            cloud,
            search: SearchSummary {
                candidates: outcome.candidates.len(),
                failed,
            },
            spec: spec.clone(),
            data: data.clone(),
            warnings,
        })
    }

    /// The results of another model of this search (for example a Pareto model), recomputed
    /// from the saved data: no refitting of hyperparameters, one regression.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for hyperparameters outside the transforms' domains,
    /// [`Error::Numerical`] if the regression fails.
    pub fn results_for(&self, hp: &HyperParams) -> Result<ModelResults> {
        let design = Design::new(&self.data, &self.spec, self.settings.search.holdout)?;
        results_with(&self.data, &self.spec, &design, hp)
    }

    /// The results of each of the alternative models ([`ModelReport::alternatives`]), on one
    /// design: one regression each.
    ///
    /// # Errors
    /// As [`ModelReport::results_for`].
    pub fn alternative_results(&self) -> Result<Vec<ModelResults>> {
        let design = Design::new(&self.data, &self.spec, self.settings.search.holdout)?;
        self.alternatives
            .iter()
            .map(|a| results_with(&self.data, &self.spec, &design, &a.hyperparameters))
            .collect()
    }

    /// This report with another model's results in place of the recommended one's.
    ///
    /// # Errors
    /// As [`ModelReport::results_for`].
    pub fn with_model(&self, pareto_index: usize) -> Result<ModelReport> {
        let p = self.pareto.get(pareto_index).ok_or_else(|| {
            Error::setting(
                "model",
                pareto_index,
                &format!("the search has {} Pareto models", self.pareto.len()),
            )
        })?;
        let r = self.results_for(&p.hyperparameters)?;
        let mut out = self.clone();
        out.channels = r.channels;
        out.organic = r.organic;
        out.baseline = r.baseline;
        out.fit = r.fit;
        out.decomposition = r.decomposition;
        // The uncertain-ROI warnings quote the model shown.
        out.warnings.retain(|w| w.kind != "uncertain_roi");
        out.warnings.extend(uncertain_roi_warnings(
            &self.data,
            &out.channels,
            &self.selected.roi_range,
        ));
        out.selected = SelectedModel {
            candidate: p.candidate,
            trial: p.trial,
            iteration: p.iteration,
            nrmse: p.nrmse,
            decomp_rssd: p.decomp_rssd,
            rule: self.selected.rule,
            considered: self.selected.considered,
            median_roi: self.selected.median_roi.clone(),
            roi_range: self.selected.roi_range.clone(),
            hyperparameters: p.hyperparameters.clone(),
        };
        Ok(out)
    }

    /// One row per paid channel (and organic variable): the results table as CSV.
    pub fn channels_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(Vec::new());
        let _ = w.write_record([
            "channel",
            "kind",
            "spend",
            "mean_spend",
            "contribution",
            "roi",
            "roi_range_low",
            "roi_range_high",
            "cpa",
            "spend_share",
            "effect_share",
            "marginal_roi",
            "carryover_share",
            "adstock",
            "saturation",
        ]);
        for (k, c) in self.channels.iter().enumerate() {
            let range = self.selected.roi_range.get(k);
            let _ = w.write_record([
                c.name.clone(),
                "paid".into(),
                num(c.spend),
                num(c.mean_spend),
                num(c.contribution),
                num(c.roi),
                range.map(|r| num(r[0])).unwrap_or_default(),
                range.map(|r| num(r[1])).unwrap_or_default(),
                c.cpa.map(num).unwrap_or_default(),
                num(c.spend_share),
                num(c.effect_share),
                num(c.marginal_roi),
                num(c.carryover_share),
                describe_adstock(&c.adstock),
                describe_saturation(&c.saturation),
            ]);
        }
        for o in &self.organic {
            let _ = w.write_record([
                o.name.clone(),
                "organic".into(),
                String::new(),
                String::new(),
                num(o.contribution),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                num(o.carryover_share),
                describe_adstock(&o.adstock),
                describe_saturation(&o.saturation),
            ]);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// The decomposition as CSV: one row per period, one column per component.
    pub fn decomposition_csv(&self) -> String {
        let d = &self.decomposition;
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header = vec![
            "date".to_string(),
            "actual".into(),
            "fitted".into(),
            "holdout".into(),
        ];
        header.extend(d.components.iter().map(|c| c.name.clone()));
        let _ = w.write_record(&header);
        for t in 0..d.dates.len() {
            let mut row = vec![
                crate::data::dates::iso(d.dates[t]),
                num(d.actual[t]),
                num(d.fitted[t]),
                if t >= d.holdout_start {
                    "1".into()
                } else {
                    "0".into()
                },
            ];
            row.extend(d.components.iter().map(|c| num(c.values[t])));
            let _ = w.write_record(&row);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }

    /// Serialize as pretty JSON (deterministic: same model, same bytes).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Read a MODEL.json and check it can be used.
    ///
    /// # Errors
    /// [`Error::InvalidModel`] naming what is wrong (not JSON, wrong version, inconsistent data).
    pub fn from_json(text: &str) -> Result<ModelReport> {
        #[derive(Deserialize)]
        struct Version {
            schema_version: Option<u32>,
        }
        let v: Version = serde_json::from_str(text).map_err(|e| Error::InvalidModel {
            reason: format!("it is not a MixLens model file ({e})"),
        })?;
        match v.schema_version {
            Some(SCHEMA_VERSION) => {}
            Some(other) => {
                return Err(Error::InvalidModel {
                    reason: format!(
                        "it was written in format version {other}, and this MixLens reads version {SCHEMA_VERSION}"
                    ),
                });
            }
            None => {
                return Err(Error::InvalidModel {
                    reason: "it has no schema_version; it is not a MixLens model file".into(),
                });
            }
        }
        let r: ModelReport = serde_json::from_str(text).map_err(|e| Error::InvalidModel {
            reason: format!("a field is missing or has the wrong type ({e})"),
        })?;
        r.data.check()?;
        r.spec
            .check_against(&r.data)
            .map_err(|e| Error::InvalidModel {
                reason: e.to_string(),
            })?;
        if r.channels.len() != r.data.channels.len()
            || r.channels
                .iter()
                .zip(&r.data.channels)
                .any(|(a, b)| a.name != b.name)
        {
            return Err(Error::InvalidModel {
                reason: "its channels do not match its data".into(),
            });
        }
        Ok(r)
    }
}

/// Numbers in CSV exports: full precision, no exponent surprises for spreadsheet users.
pub(crate) fn num(v: f64) -> String {
    if v.is_finite() {
        format!("{}", (v * 1e9).round() / 1e9)
    } else {
        String::new()
    }
}

fn describe_adstock(a: &crate::transform::Adstock) -> String {
    match *a {
        crate::transform::Adstock::Geometric { theta } => format!("geometric theta={}", num(theta)),
        crate::transform::Adstock::WeibullCdf { shape, scale } => {
            format!("weibull_cdf shape={} scale={}", num(shape), num(scale))
        }
        crate::transform::Adstock::WeibullPdf { shape, scale } => {
            format!("weibull_pdf shape={} scale={}", num(shape), num(scale))
        }
    }
}

fn describe_saturation(s: &crate::transform::Saturation) -> String {
    match *s {
        crate::transform::Saturation::Hill {
            alpha,
            gamma,
            inflexion,
        } => format!(
            "hill alpha={} gamma={} inflexion={}",
            num(alpha),
            num(gamma),
            num(inflexion)
        ),
        crate::transform::Saturation::Logistic { lambda, reference } => format!(
            "logistic lambda={} reference={}",
            num(lambda),
            num(reference)
        ),
    }
}

fn results_with(
    data: &Dataset,
    spec: &ModelSpec,
    design: &Design,
    hp: &HyperParams,
) -> Result<ModelResults> {
    let fit = design.fit(spec, hp, &mut Scratch::default())?;
    Ok(compute(
        data,
        spec,
        design,
        &fit.transforms,
        &fit.base_coef,
        &fit.media_coef,
        fit.lambda,
    ))
}
