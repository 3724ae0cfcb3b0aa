//! From CSV text to MODEL.json: the whole pipeline behind `mixlens fit` and the page.
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

use crate::data::{LoadedData, RoleRequest, load_csv};
use crate::error::{Error, Result};
use crate::model::ModelSpec;
use crate::model::options::ModelOptions;
use crate::report::{FitSettings, ModelReport};
use crate::search::{Progress, Search, SearchOutcome, SearchSettings};

/// What to fit: column roles, model options, search settings (all with defaults).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FitRequest {
    pub roles: RoleRequest,
    pub model: ModelOptions,
    pub search: SearchSettings,
}

/// Loaded, validated data and the model description, ready to search.
#[derive(Debug, Clone)]
pub struct Prepared {
    pub loaded: LoadedData,
    pub spec: ModelSpec,
    pub request: FitRequest,
}

/// Load and validate the CSV, decide the roles, build the model description, and check that
/// the search can run (settings, enough rows).
///
/// # Errors
/// Any data, role or setting error; see [`Error`].
pub fn prepare(csv: &str, request: &FitRequest) -> Result<Prepared> {
    let loaded = load_csv(csv, &request.roles)?;
    prepare_loaded(loaded, request)
}

/// As [`prepare`], for data already loaded.
///
/// # Errors
/// Setting errors, [`Error::TooFewRows`].
pub fn prepare_loaded(loaded: LoadedData, request: &FitRequest) -> Result<Prepared> {
    let spec = request.model.spec_for(&loaded.dataset)?;
    request.search.check()?;
    // Builds the design once to surface row-count and holdout errors before any work starts.
    crate::model::Design::new(&loaded.dataset, &spec, request.search.holdout)?;
    Ok(Prepared {
        loaded,
        spec,
        request: request.clone(),
    })
}

impl Prepared {
    /// A search over all trials.
    ///
    /// # Errors
    /// As [`Search::new`].
    pub fn search(&self) -> Result<Search> {
        Search::new(&self.loaded.dataset, &self.spec, self.request.search)
    }

    /// A search over some trials (one worker's share).
    ///
    /// # Errors
    /// As [`Search::for_trials`].
    pub fn search_trials(&self, trials: std::ops::Range<usize>) -> Result<Search> {
        Search::for_trials(
            &self.loaded.dataset,
            &self.spec,
            self.request.search,
            trials,
        )
    }

    /// The MODEL.json of a finished search.
    ///
    /// # Errors
    /// As [`ModelReport::build`].
    pub fn report(&self, outcome: &SearchOutcome) -> Result<ModelReport> {
        let settings = FitSettings {
            roles: self.loaded.roles.to_request(),
            model: self.request.model.clone(),
            search: self.request.search,
        };
        ModelReport::build(
            &self.loaded.dataset,
            &self.loaded.roles,
            settings,
            &self.spec,
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
    mut progress: impl FnMut(&Progress) -> bool,
) -> Result<ModelReport> {
    let prepared = prepare(csv, request)?;
    let mut search = prepared.search()?;
    while !search.is_done() {
        let p = search.step(chunk.max(1));
        if !progress(&p) {
            return Err(Error::Cancelled);
        }
    }
    prepared.report(&search.finish()?)
}
