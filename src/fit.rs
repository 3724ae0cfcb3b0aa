//! From CSV text to MODEL.json: the one library pipeline behind `mixlens fit`, the page's
//! workers and the npm package. The CSV is parsed once and the design built once per
//! [`Prepared`]; a search over all trials or one worker's share runs on it, and the trials of
//! every worker are merged and assembled into the report on it.
//!
//! ```no_run
//! use mixlens::fit::{FitRequest, prepare};
//! # fn main() -> mixlens::Result<()> {
//! let csv = std::fs::read_to_string("data.csv").unwrap();
//! // The ridge search (the default request fits by the Bayesian estimator: `Prepared::run`).
//! let ridge = FitRequest {
//!     estimator: mixlens::model::EstimatorKind::RidgeSearch.into(),
//!     ..FitRequest::default()
//! };
//! let prepared = prepare(&csv, &ridge)?;
//! let mut search = prepared.search()?;
//! while !search.is_done() {
//!     let progress = search.step(500); // report progress, check for cancel...
//!     # let _ = progress;
//! }
//! let report = prepared.report(&search.finish()?)?;
//! println!("{}", report.to_json());
//! # Ok(()) }
//! ```

use serde::{Deserialize, Serialize};

use crate::data::{
    LiftTest, LoadedData, ReadOptions, RoleRequest, Warning, WarningKind, load_csv_with,
};
use crate::error::{Error, Result};
use crate::estimate::bayes::{BayesSettings, ChainOutput, Posterior, Sampler};
use crate::estimate::ridge::Design;
use crate::estimate::search::{
    MmmProblem, Progress, Search, SearchOutcome, SearchSettings, TrialResult,
};
use crate::model::EstimatorKind;
use crate::model::ModelSpec;
use crate::model::options::ModelOptions;
use crate::numbers::count;
use crate::report::{FitSettings, ModelReport};

/// Which estimator a fit asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EstimatorChoice {
    /// The Bayesian estimator, unless the data are too big for its full grid of curve shapes:
    /// then the ridge search (with an [`WarningKind::EstimatorChosen`] warning). On big data the
    /// coarser grid misread ROIs badly where the ridge search did not (BENCHMARKS.md, "Big
    /// data": 10 years of daily data, 8 channels: 66 % of media revenue misattributed against
    /// 4 %).
    #[default]
    Auto,
    RidgeSearch,
    Bayes,
}

impl From<EstimatorKind> for EstimatorChoice {
    fn from(kind: EstimatorKind) -> Self {
        match kind {
            EstimatorKind::RidgeSearch => EstimatorChoice::RidgeSearch,
            EstimatorKind::Bayes => EstimatorChoice::Bayes,
        }
    }
}

/// The estimator `choice` resolves to for this model description and these data, and what the
/// user should be told about it: why the automatic choice is the ridge search, or that an
/// explicit Bayesian fit runs on a coarse grid.
fn choose_estimator(
    choice: EstimatorChoice,
    spec: &ModelSpec,
    design: &Design,
) -> (EstimatorKind, Option<Warning>) {
    let coarse = crate::estimate::bayes::coarse_grid(spec, design.train);
    let size = || {
        format!(
            "Big data ({} periods × {} media columns)",
            count(design.train),
            spec.channels.len() + spec.organic.len()
        )
    };
    match (choice, coarse) {
        (EstimatorChoice::RidgeSearch, _) => (EstimatorKind::RidgeSearch, None),
        (EstimatorChoice::Bayes | EstimatorChoice::Auto, None) => (EstimatorKind::Bayes, None),
        (EstimatorChoice::Auto, Some((shapes, full))) => (
            EstimatorKind::RidgeSearch,
            Some(Warning::new(
                WarningKind::EstimatorChosen,
                format!(
                    "{}: fitted by the ridge search, not the Bayesian estimator. At this size the \
                     Bayesian estimator could try only {shapes} curve shapes per channel instead \
                     of {full}, and on such data its ROIs were far off where the ridge search's \
                     were close. Choose the Bayesian estimator to get posterior intervals anyway.",
                    size()
                ),
            )),
        ),
        (EstimatorChoice::Bayes, Some((shapes, full))) => (
            EstimatorKind::Bayes,
            Some(Warning::new(
                WarningKind::CoarseGrid,
                format!(
                    "{}: the Bayesian estimator tried only {shapes} curve shapes per channel \
                     instead of {full}, to stay within memory. On data this size its ROIs can be \
                     far off while their intervals look narrow; the ridge search is more accurate \
                     here.",
                    size()
                ),
            )),
        ),
    }
}

/// What to fit: column roles, model options, the estimator and its settings (all with defaults).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FitRequest {
    /// How to read the file's numbers (the decimal mark of columns whose cells leave it open).
    pub read: ReadOptions,
    pub roles: RoleRequest,
    pub model: ModelOptions,
    /// Which estimator fits the model (by default chosen by the data's size).
    pub estimator: EstimatorChoice,
    /// Settings of the ridge search (its holdout share applies to both estimators).
    pub search: SearchSettings,
    /// Settings of the Bayesian estimator.
    pub bayes: BayesSettings,
    /// Lift tests to calibrate with (both estimators; see [`crate::data::experiments`]).
    pub experiments: Vec<LiftTest>,
}

/// Loaded, validated data, the model description and its design, ready to search.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub loaded: LoadedData,
    pub spec: ModelSpec,
    /// The request, its estimator resolved (never [`EstimatorChoice::Auto`]).
    pub request: FitRequest,
    /// The estimator that runs.
    pub estimator: EstimatorKind,
    /// Built once, for the request's holdout.
    pub design: Design,
}

/// What a prepared fit will do, before it starts (for a user interface to show).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FitOutlook {
    /// The estimator that will run (the automatic choice resolved).
    pub estimator: EstimatorKind,
    /// The search as it will run (its iterations cut for big data, see
    /// [`crate::estimate::search::budget`]).
    pub search: SearchSettings,
    /// Estimated seconds of the whole search on one core of the reference machine.
    pub estimated_seconds: f64,
    /// The data's warnings so far.
    pub warnings: Vec<crate::data::Warning>,
}

/// Load and validate the CSV, decide the roles, build the model description and its design,
/// and check that the search can run (settings, enough rows).
///
/// # Errors
/// Any data, role or setting error; see [`Error`].
pub fn prepare(csv: &str, request: &FitRequest) -> Result<Prepared> {
    let loaded = load_csv_with(csv, &request.roles, &request.read)?;
    prepare_loaded(loaded, request)
}

/// As [`prepare`], for data already loaded.
///
/// # Errors
/// Setting errors, [`Error::TooFewRows`].
pub fn prepare_loaded(mut loaded: LoadedData, request: &FitRequest) -> Result<Prepared> {
    let mut spec = request.model.spec_for(&loaded.dataset)?;
    request.search.check()?;
    request.bayes.check()?;
    let (experiments, lift_warnings) = crate::data::experiments::resolve(
        &request.experiments,
        &loaded.dataset,
        &crate::model::FittedModel::identities(&loaded.dataset),
    )?;
    loaded.warnings.extend(lift_warnings);
    let design =
        Design::new(&loaded.dataset, &spec, request.search.holdout)?.with_experiments(experiments);
    let (estimator, chosen) = choose_estimator(request.estimator, &spec, &design);
    loaded.warnings.extend(chosen);
    if estimator == EstimatorKind::RidgeSearch {
        // The design does not depend on the curves' ranges.
        spec = request.model.ridge_spec_for(&loaded.dataset)?;
        // ROI priors are the Bayesian estimator's: named channels are checked all the same,
        // and their going unused is said (MODEL.json's `priors` stays empty).
        let priors = &request.bayes.roi_priors;
        let channels = crate::model::FittedModel::identities(&loaded.dataset);
        let mut seen = Vec::new();
        for p in priors {
            let k = crate::model::fitted::channel_index(&channels, &p.channel)?;
            crate::data::names::take_once(&mut seen, k, &p.channel, "ROI prior")?;
        }
        if !priors.is_empty() {
            loaded.warnings.push(Warning::new(
                WarningKind::PriorUnused,
                format!(
                    "The ROI priors ({}) went unused: only the Bayesian estimator (--estimator bayes) takes priors.",
                    priors.iter().map(|p| p.channel.as_str()).collect::<Vec<_>>().join(", ")
                ),
            ));
        }
    }
    let mut request = request.clone();
    request.estimator = estimator.into();
    // Big data: the default ridge search scales its work to the data (estimate::search::budget).
    if estimator == EstimatorKind::RidgeSearch {
        let (search, scaled) = request.search.scaled_to(&design.work());
        request.search = search;
        loaded.warnings.extend(scaled);
    }
    Ok(Prepared {
        loaded,
        spec,
        request,
        estimator,
        design,
    })
}

impl Prepared {
    /// Estimated seconds of the search on `workers` cores of the reference machine (native
    /// code; see [`crate::estimate::search::budget`] for the cost model and its constants).
    pub fn estimated_seconds(&self, workers: usize) -> f64 {
        if self.estimator == EstimatorKind::Bayes {
            return crate::estimate::bayes::estimated_seconds(
                &self.spec,
                self.design.train,
                &self.request.bayes,
                workers,
            );
        }
        self.design.work().seconds(&self.request.search, workers)
    }

    /// What this fit will do: [`FitOutlook`].
    pub fn outlook(&self) -> FitOutlook {
        FitOutlook {
            estimator: self.estimator,
            search: self.request.search,
            estimated_seconds: self.estimated_seconds(1),
            warnings: self.loaded.warnings.clone(),
        }
    }

    /// A search over all trials.
    ///
    /// # Errors
    /// As [`Search::on_problem`].
    pub fn search(&self) -> Result<Search> {
        self.search_trials(0..self.request.search.trials)
    }

    /// A search over some trials (one worker's share).
    ///
    /// # Errors
    /// As [`Search::on_problem`]; [`Error::InvalidSetting`] when the data were prepared for the
    /// Bayesian estimator, whose description (Hill γ up to 4) is not the ridge search's.
    pub fn search_trials(&self, trials: std::ops::Range<usize>) -> Result<Search> {
        if self.estimator != EstimatorKind::RidgeSearch {
            return Err(Error::setting(
                "estimator",
                "bayes",
                "these data were prepared for the Bayesian estimator: ask for the ridge search \
                 (estimator ridge) to run a search",
            ));
        }
        Search::on_problem(
            MmmProblem::with_design(&self.spec, self.design.clone()),
            self.request.search,
            trials,
        )
    }

    /// Combine the trials of every worker (in any order) into the search's outcome.
    ///
    /// # Errors
    /// As [`SearchOutcome::merge`].
    pub fn merge(&self, trials: Vec<TrialResult>) -> Result<SearchOutcome> {
        // Workers run on their own copy of the request: a candidate of another description
        // (other roles, channels or adstocks) would be read past its end.
        let (dim, channels) = (self.spec.dim(), self.design.features.paid);
        if let Some(c) = trials
            .iter()
            .flat_map(|t| &t.candidates)
            .find(|c| c.unit.len() != dim || !(c.roi.is_empty() || c.roi.len() == channels))
        {
            return Err(Error::SearchMismatch {
                reason: format!(
                    "a worker searched another model description (trial {}: {} parameters, \
                     this fit has {dim}; ROIs of {} channels, this fit has {channels})",
                    c.trial,
                    c.unit.len(),
                    c.roi.len()
                ),
            });
        }
        SearchOutcome::merge(&self.request.search, self.design.train, trials)
    }

    /// The MODEL.json of a finished search.
    ///
    /// # Errors
    /// As [`ModelReport::build`].
    pub fn report(&self, outcome: &SearchOutcome) -> Result<ModelReport> {
        ModelReport::build(
            &self.loaded.dataset,
            &self.loaded.roles,
            self.settings(EstimatorKind::RidgeSearch),
            &self.spec,
            &self.design,
            outcome,
            self.loaded.warnings.clone(),
        )
    }

    fn settings(&self, estimator: EstimatorKind) -> FitSettings {
        FitSettings {
            read: self.request.read,
            roles: self.loaded.roles.to_request(),
            model: self.request.model.clone(),
            estimator,
            search: self.request.search,
            bayes: self.request.bayes.clone(),
            experiments: self.request.experiments.clone(),
        }
    }

    /// The same fit without the lift tests (to show what the sales data alone imply for each
    /// test: [`ModelReport::attach_uncalibrated`]).
    pub fn uncalibrated(&self) -> Prepared {
        let mut p = self.clone();
        p.design.experiments.clear();
        p.request.experiments.clear();
        p
    }

    /// The Bayesian sampler on this data (each worker builds its own and runs its chains).
    ///
    /// # Errors
    /// As [`Sampler::new`].
    pub fn sampler(&self) -> Result<Sampler> {
        Sampler::new(
            &self.loaded.dataset,
            &self.spec,
            &self.design,
            &self.request.bayes,
        )
    }

    /// The MODEL.json of finished chains (any order).
    ///
    /// # Errors
    /// As [`Sampler::assemble`] and [`ModelReport::build_posterior`].
    pub fn report_chains(
        &self,
        sampler: &Sampler,
        chains: Vec<ChainOutput>,
    ) -> Result<ModelReport> {
        let posterior = sampler.assemble(chains)?;
        self.report_posterior(&posterior)
    }

    /// The MODEL.json of a posterior.
    ///
    /// # Errors
    /// [`Error::InvalidModel`] for draws that do not fit the data (chains from workers of
    /// another fit); as [`ModelReport::build_posterior`].
    pub fn report_posterior(&self, posterior: &Posterior) -> Result<ModelReport> {
        // Chains may come back from workers: their draws are checked (lengths, transforms,
        // sizes that stay computable) before any curve is built from them, as a model file is.
        posterior.model.check(&self.design.features)?;
        ModelReport::build_posterior(
            &self.loaded.dataset,
            &self.loaded.roles,
            self.settings(EstimatorKind::Bayes),
            &self.spec,
            &self.design,
            posterior,
            self.loaded.warnings.clone(),
        )
    }
}

/// Run everything. `progress` is called after every chunk of `chunk` candidates; returning
/// `false` cancels the fit.
///
/// # Errors
/// Any error of [`prepare`], [`Error::Cancelled`] when cancelled.
pub fn fit(
    csv: &str,
    request: &FitRequest,
    chunk: usize,
    progress: impl FnMut(&Progress) -> bool,
) -> Result<ModelReport> {
    prepare(csv, request)?.run(chunk, progress)
}

impl Prepared {
    /// Fit with the requested estimator in chunks (candidates of the search, or sweeps of the
    /// chains, run one after the other), then assemble the report (see [`fit`]). With lift tests
    /// it fits twice (with them, then without, for the calibration table's "before"); progress
    /// counts both fits, from 0 to their combined total, once.
    ///
    /// # Errors
    /// [`Error::Cancelled`] when `progress` returns false; as [`Prepared::report`].
    pub fn run(
        &self,
        chunk: usize,
        mut progress: impl FnMut(&Progress) -> bool,
    ) -> Result<ModelReport> {
        if self.design.experiments.is_empty() {
            return self.run_once(chunk, &mut progress);
        }
        // Both fits run the same settings: the same total each.
        let mut report = self.run_once(chunk, &mut |p: &Progress| {
            progress(&Progress {
                total: 2 * p.total,
                ..*p
            })
        })?;
        let before = self.uncalibrated().run_once(chunk, &mut |p: &Progress| {
            progress(&Progress {
                done: p.total + p.done,
                total: 2 * p.total,
                ..*p
            })
        })?;
        report.attach_uncalibrated(&before)?;
        Ok(report)
    }

    /// One fit (with this design's lift tests, if any).
    fn run_once(
        &self,
        chunk: usize,
        progress: &mut impl FnMut(&Progress) -> bool,
    ) -> Result<ModelReport> {
        if self.estimator == EstimatorKind::Bayes {
            let sampler = self.sampler()?;
            let total = sampler.settings.chains * sampler.sweeps_per_chain();
            let mut chains = Vec::new();
            for c in 0..sampler.settings.chains {
                let mut chain = sampler.chain(c);
                while !chain.is_done() {
                    chain.step(chunk.max(1));
                    let p = Progress {
                        done: c * sampler.sweeps_per_chain() + chain.progress().0,
                        total,
                        best_nrmse: None,
                        best_decomp_rssd: None,
                    };
                    if !progress(&p) {
                        return Err(Error::Cancelled);
                    }
                }
                chains.push(chain.finish());
            }
            return self.report_chains(&sampler, chains);
        }
        let mut search = self.search()?;
        while !search.is_done() {
            let p = search.step(chunk.max(1));
            if !progress(&p) {
                return Err(Error::Cancelled);
            }
        }
        self.report(&search.finish()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::WarningKind;
    use crate::precision::assert_close;
    use crate::simulate::{SimulationSettings, simulate};

    fn prepared(periods: usize, channels: usize) -> Prepared {
        let sim = simulate(&SimulationSettings {
            periods,
            channels,
            frequency: crate::data::Frequency::Daily,
            ..SimulationSettings::default()
        })
        .unwrap();
        let request = FitRequest {
            estimator: EstimatorKind::RidgeSearch.into(),
            ..FitRequest::default()
        };
        prepare(&sim.dataset.to_csv(), &request).unwrap()
    }

    /// The Bayesian estimate: shapes × rows × sweeps, chains side by side on the workers.
    #[test]
    fn the_bayesian_estimate_scales_with_rows_and_sweeps() {
        let weekly = |periods: usize| {
            let sim = simulate(&SimulationSettings {
                periods,
                ..SimulationSettings::default()
            })
            .unwrap();
            prepare(&sim.dataset.to_csv(), &FitRequest::default()).unwrap()
        };
        let (short, long) = (weekly(104), weekly(208));
        assert_eq!(short.estimator, EstimatorKind::Bayes);
        // The same grid (594 shapes and 330 delayed lags a column) on both: twice the rows,
        // twice the time.
        assert_close(
            long.estimated_seconds(1),
            2.0 * short.estimated_seconds(1),
            1e-12,
        );
        // 4 chains on 2 workers: two rounds of 2,000 sweeps instead of four, the pilot once.
        let b = &short.request.bayes;
        let per_sweep = short.estimated_seconds(1) / (PILOT + b.chains * (b.tune + b.draws)) as f64;
        assert_close(
            short.estimated_seconds(2),
            per_sweep * (PILOT + 2 * (b.tune + b.draws)) as f64,
            1e-12,
        );
        // 6 media columns × (594 + 330) shapes × 104 rows × 1.3 ns per sweep.
        assert_close(per_sweep, 6.0 * 924.0 * 104.0 * 1.3e-9, 1e-12);
    }

    const PILOT: usize = crate::estimate::bayes::PILOT_SWEEPS;

    /// Hill γ reaches 4 for the Bayesian estimator and stops at Robyn's 1 for the ridge search,
    /// unless the request sets it.
    #[test]
    fn the_ridge_search_keeps_robyns_gamma_range_unless_asked() {
        use crate::model::options::RangeOverride;
        use crate::model::spec::Range;
        let csv = simulate(&SimulationSettings::default())
            .unwrap()
            .dataset
            .to_csv();
        let gamma = |p: &Prepared, k: usize| {
            let m = &p.spec.channels[k];
            m.ranges[m
                .parameter_names()
                .iter()
                .position(|&n| n == "gamma")
                .unwrap()]
        };
        let bayes = prepare(&csv, &FitRequest::default()).unwrap();
        assert_eq!(bayes.estimator, EstimatorKind::Bayes);
        assert_eq!(gamma(&bayes, 0), Range::new(0.01, 4.0));
        let mut request = FitRequest {
            estimator: EstimatorChoice::RidgeSearch,
            ..FitRequest::default()
        };
        let ridge = prepare(&csv, &request).unwrap();
        assert_eq!(gamma(&ridge, 0), Range::new(0.01, 1.0));
        assert_eq!(gamma(&ridge, 1), Range::new(0.01, 1.0));
        // Delayed lags are the Bayesian grid's only.
        assert_close(bayes.spec.delayed_lag_share, 0.1, 0.0);
        assert_close(ridge.spec.delayed_lag_share, 0.0, 0.0);
        let name = ridge.spec.channels[1].name.clone();
        request.model.ranges.push(RangeOverride {
            channel: name,
            parameter: "gamma".into(),
            low: 0.5,
            high: 3.0,
        });
        let asked = prepare(&csv, &request).unwrap();
        assert_eq!(gamma(&asked, 0), Range::new(0.01, 1.0));
        assert_eq!(gamma(&asked, 1), Range::new(0.5, 3.0));
        // A search is never run over the Bayesian estimator's description.
        match bayes.search() {
            Err(Error::InvalidSetting { name, .. }) => assert_eq!(name, "estimator"),
            other => panic!("{:?}", other.map(|_| ())),
        }
    }

    fn big_data_warnings(p: &Prepared) -> Vec<&Warning> {
        p.loaded
            .warnings
            .iter()
            .filter(|w| {
                matches!(
                    w.kind,
                    WarningKind::EstimatorChosen | WarningKind::CoarseGrid
                )
            })
            .collect()
    }

    /// ROI priors with the ridge search: their channels are checked, and their going unused is
    /// said (they were dropped without a word).
    #[test]
    fn roi_priors_the_ridge_search_cannot_use_are_named() {
        let csv = simulate(&SimulationSettings::default())
            .unwrap()
            .dataset
            .to_csv();
        let mut request = FitRequest {
            estimator: EstimatorKind::RidgeSearch.into(),
            ..FitRequest::default()
        };
        request.bayes.roi_priors =
            vec![crate::estimate::bayes::RoiPrior::parse("tv=1.5:0.5").unwrap()];
        let p = prepare(&csv, &request).unwrap();
        let unused: Vec<_> = p
            .loaded
            .warnings
            .iter()
            .filter(|w| w.kind == WarningKind::PriorUnused)
            .collect();
        assert_eq!(unused.len(), 1);
        assert!(unused[0].message.contains("(tv)"), "{}", unused[0].message);
        request.bayes.roi_priors =
            vec![crate::estimate::bayes::RoiPrior::parse("podcast=1.5:0.5").unwrap()];
        assert_eq!(
            prepare(&csv, &request).unwrap_err().kind(),
            "unknown_channel"
        );
        // Without priors, no such warning.
        request.bayes.roi_priors.clear();
        let p = prepare(&csv, &request).unwrap();
        assert!(
            p.loaded
                .warnings
                .iter()
                .all(|w| w.kind != WarningKind::PriorUnused)
        );
    }

    /// The automatic choice: the Bayesian estimator while its full grid of curve shapes fits the
    /// data, the ridge search beyond, said in a warning with the grid it would have had; asked
    /// for by name, the Bayesian estimator runs on its coarse grid, with a warning.
    #[test]
    fn the_automatic_estimator_is_the_ridge_search_for_big_data() {
        let weekly = simulate(&SimulationSettings {
            periods: 104,
            ..SimulationSettings::default()
        })
        .unwrap();
        let p = prepare(&weekly.dataset.to_csv(), &FitRequest::default()).unwrap();
        assert_eq!(FitRequest::default().estimator, EstimatorChoice::Auto);
        assert_eq!(p.estimator, EstimatorKind::Bayes);
        assert_eq!(p.request.estimator, EstimatorChoice::Bayes);
        assert!(big_data_warnings(&p).is_empty());

        // Ten years of daily data, 8 paid channels and 1 organic: 3,652 × 9 grid columns leave
        // 4 decays × 3 slopes × 6 inflexion points of the full 9 × 6 × 11.
        let daily = simulate(&SimulationSettings {
            periods: 3652,
            channels: 8,
            frequency: crate::data::Frequency::Daily,
            ..SimulationSettings::default()
        })
        .unwrap()
        .dataset
        .to_csv();
        let auto = prepare(&daily, &FitRequest::default()).unwrap();
        assert_eq!(auto.estimator, EstimatorKind::RidgeSearch);
        assert_eq!(auto.request.estimator, EstimatorChoice::RidgeSearch);
        assert_eq!(auto.outlook().estimator, EstimatorKind::RidgeSearch);
        let w = big_data_warnings(&auto);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].kind, WarningKind::EstimatorChosen);
        assert_eq!(
            w[0].message,
            "Big data (3,652 periods × 9 media columns): fitted by the ridge search, not the \
             Bayesian estimator. At this size the Bayesian estimator could try only 72 curve \
             shapes per channel instead of 594, and on such data its ROIs were far off where the \
             ridge search's were close. Choose the Bayesian estimator to get posterior intervals \
             anyway."
        );
        // The ridge search it runs is the default one, scaled to the data as usual.
        assert_eq!(auto.outlook().search, {
            let ridge = FitRequest {
                estimator: EstimatorChoice::RidgeSearch,
                ..FitRequest::default()
            };
            prepare(&daily, &ridge).unwrap().outlook().search
        });

        let bayes = FitRequest {
            estimator: EstimatorChoice::Bayes,
            ..FitRequest::default()
        };
        let asked = prepare(&daily, &bayes).unwrap();
        assert_eq!(asked.estimator, EstimatorKind::Bayes);
        let w = big_data_warnings(&asked);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].kind, WarningKind::CoarseGrid);
        assert!(
            w[0].message
                .contains("only 72 curve shapes per channel instead of 594"),
            "{}",
            w[0].message
        );
        let ridge = FitRequest {
            estimator: EstimatorChoice::RidgeSearch,
            ..FitRequest::default()
        };
        assert!(big_data_warnings(&prepare(&daily, &ridge).unwrap()).is_empty());
    }

    #[test]
    fn the_estimate_doubles_with_the_rows() {
        let (short, long) = (prepared(800, 5), prepared(1600, 5));
        assert_eq!(short.design.work().media, long.design.work().media);
        assert_eq!(short.design.work().baseline, long.design.work().baseline);
        assert_close(
            long.estimated_seconds(1),
            2.0 * short.estimated_seconds(1),
            1e-12,
        );
        // Whole trials per worker: 5 trials on 2 workers take 3 trials' time.
        assert_close(
            short.estimated_seconds(2),
            0.6 * short.estimated_seconds(1),
            1e-12,
        );
        assert_close(
            short.outlook().estimated_seconds,
            short.estimated_seconds(1),
            0.0,
        );
    }

    #[test]
    fn ordinary_data_keeps_the_default_search() {
        let p = prepared(730, 5);
        assert_eq!(p.request.search, SearchSettings::default());
        assert!(
            p.loaded
                .warnings
                .iter()
                .all(|w| w.kind != WarningKind::SearchScaled)
        );
    }

    #[test]
    fn big_data_runs_a_shorter_search_and_warns() {
        let p = prepared(3652, 30);
        let s = p.request.search;
        assert!(s.iterations < SearchSettings::default().iterations);
        assert!(p.estimated_seconds(1) <= crate::estimate::search::budget::DEFAULT_BUDGET_SECONDS);
        let w = p.outlook().warnings;
        assert_eq!(
            w.iter()
                .filter(|w| w.kind == WarningKind::SearchScaled)
                .count(),
            1
        );
        // The search over all trials and the merge see the scaled settings.
        assert_eq!(
            p.search().unwrap().progress().total,
            s.iterations * s.trials
        );
    }
}
