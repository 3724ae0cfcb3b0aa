//! From CSV text to MODEL.json: the one library pipeline behind `mixlens fit`, the page's
//! workers and the npm package. The CSV is parsed once and the design built once per
//! [`Prepared`]; a search over all trials or one worker's share runs on it, and the trials of
//! every worker are merged and assembled into the report on it.
//!
//! ```no_run
//! use mixlens::fit::{FitRequest, prepare};
//! # fn main() -> mixlens::Result<()> {
//! let csv = std::fs::read_to_string("data.csv").unwrap();
//! let prepared = prepare(&csv, &FitRequest::default())?;
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

use crate::data::{LoadedData, ReadOptions, RoleRequest, load_csv_with};
use crate::error::{Error, Result};
use crate::model::options::ModelOptions;
use crate::estimate::ridge::Design;
use crate::model::ModelSpec;
use crate::report::{FitSettings, ModelReport};
use crate::estimate::search::{MmmProblem, Progress, Search, SearchOutcome, SearchSettings, TrialResult};

/// What to fit: column roles, model options, search settings (all with defaults).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FitRequest {
    /// How to read the file's numbers (the decimal mark of columns whose cells leave it open).
    pub read: ReadOptions,
    pub roles: RoleRequest,
    pub model: ModelOptions,
    pub search: SearchSettings,
}

/// Loaded, validated data, the model description and its design, ready to search.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub loaded: LoadedData,
    pub spec: ModelSpec,
    pub request: FitRequest,
    /// Built once, for the request's holdout.
    pub design: Design,
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
    let spec = request.model.spec_for(&loaded.dataset)?;
    request.search.check()?;
    let design = Design::new(&loaded.dataset, &spec, request.search.holdout)?;
    // Big data: the default search scales its iterations to the work (estimate::search::budget).
    let mut request = request.clone();
    let (search, scaled) = request.search.scaled_to(&design.work());
    request.search = search;
    loaded.warnings.extend(scaled);
    Ok(Prepared {
        loaded,
        spec,
        request,
        design,
    })
}

impl Prepared {
    /// Estimated seconds of the search on `workers` cores of the reference machine (native
    /// code; see [`crate::estimate::search::budget`] for the cost model and its constants).
    pub fn estimated_seconds(&self, workers: usize) -> f64 {
        self.design.work().seconds(&self.request.search, workers)
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
    /// As [`Search::on_problem`].
    pub fn search_trials(&self, trials: std::ops::Range<usize>) -> Result<Search> {
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
        SearchOutcome::merge(&self.request.search, self.design.train, trials)
    }

    /// The MODEL.json of a finished search.
    ///
    /// # Errors
    /// As [`ModelReport::build`].
    pub fn report(&self, outcome: &SearchOutcome) -> Result<ModelReport> {
        let settings = FitSettings {
            read: self.request.read,
            roles: self.loaded.roles.to_request(),
            model: self.request.model.clone(),
            search: self.request.search,
        };
        ModelReport::build(
            &self.loaded.dataset,
            &self.loaded.roles,
            settings,
            &self.spec,
            &self.design,
            outcome,
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
    /// Search all trials in chunks, then assemble the report (see [`fit`]).
    ///
    /// # Errors
    /// [`Error::Cancelled`] when `progress` returns false; as [`Prepared::report`].
    pub fn run(
        &self,
        chunk: usize,
        mut progress: impl FnMut(&Progress) -> bool,
    ) -> Result<ModelReport> {
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
