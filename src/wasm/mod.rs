//! JavaScript bindings (compiled for wasm32 only): type conversions and handles, nothing else.
//!
//! Every export returns a `Result`; an error becomes a JavaScript `Error` whose message is the
//! Rust message and which carries `kind`, `row` and `column` properties for the page to point
//! at the cell. Values cross as JSON: written by serde_json and read by `JSON.parse` on the way
//! out, written by `JSON.stringify` and read by serde_json on the way in (maps become plain
//! objects, `None` becomes `null`); bulk search results cross as one `Float64Array`, a
//! Bayesian chain's draws as JSON text. One serializer for MODEL.json and the boundary: with
//! serde-wasm-bindgen beside serde_json every type's serde code was compiled twice, and the
//! page's wasm carried both (BENCHMARKS.md, "The page's size").

use std::collections::BTreeMap;
use std::ptr::NonNull;

use js_sys::{Error as JsErr, Float64Array, Reflect};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

use crate::allocate::{PlanRequest, PlannerSet};
use crate::data::{ReadOptions, RoleRequest, inspect_with, parse_lift_csv_with};
use crate::design::{DesignRequest, design as design_tests};
use crate::error::Error;
use crate::estimate::bayes::{Chain, ChainOutput, Sampler};
use crate::estimate::search::{Search, TrialResult};
use crate::fit::{FitRequest, Prepared, prepare};
use crate::report::ModelReport;
use crate::report::summary::summarize;
use crate::simulate::{SimulationSettings, simulate as simulate_data};

fn js_error(e: &Error) -> JsValue {
    let err = JsErr::new(&e.to_string());
    let _ = Reflect::set(&err, &"kind".into(), &e.kind().into());
    if let Some(row) = e.row() {
        let _ = Reflect::set(&err, &"row".into(), &(row as f64).into());
    }
    if let Some(col) = e.column() {
        let _ = Reflect::set(&err, &"column".into(), &col.into());
    }
    err.into()
}

fn to_js<T: Serialize>(v: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(v)
        .map_err(|e| js_error(&Error::setting("result", "", &e.to_string())))?;
    js_sys::JSON::parse(&text)
}

fn from_js<T: DeserializeOwned + Default>(v: JsValue, what: &str) -> Result<T, JsValue> {
    if v.is_undefined() || v.is_null() {
        return Ok(T::default());
    }
    let text = js_sys::JSON::stringify(&v)?.as_string().unwrap_or_default();
    serde_json::from_str(&text).map_err(|e| {
        let message = e.to_string();
        // serde_json adds where in the text it stopped, which is not the caller's text.
        let place = format!(" at line {} column {}", e.line(), e.column());
        let (got, reason) = plain_serde_words(message.strip_suffix(&place).unwrap_or(&message));
        js_error(&Error::setting(what, got, &reason))
    })
}

/// serde's message about a JavaScript value (`invalid type: floating point `2.5`, expected
/// usize`) in a developer's words, not Rust's: what was given, and what is expected instead.
/// (Split on characters only: a string pattern brings its own searcher into the wasm.)
fn plain_serde_words(message: &str) -> (String, String) {
    let Some((_, rest)) = message.split_once(':') else {
        return (String::new(), format!("it could not be read: {message}"));
    };
    // After the last ':' before the ',' ("Error: invalid type: string \"4\"").
    let got = rest.split_once(',').map_or(rest, |(g, _)| g);
    let got = got.rsplit_once(':').map_or(got, |(_, g)| g).trim();
    // The value itself where serde quotes it (`2.5`), else what it is (`string "4"`).
    let got = match got.split_once('`').and_then(|(_, v)| v.split_once('`')) {
        Some((v, _)) => v,
        None => got,
    };
    let expected = match message.rsplit_once(' ').map_or("", |(_, e)| e) {
        "usize" | "u64" | "u32" => "a whole number of 0 or more",
        "f64" => "a number",
        "sequence" => "an array",
        e if e == "map" || e.starts_with(|c: char| c.is_ascii_uppercase()) => "an object",
        e => e,
    };
    (
        got.to_string(),
        format!("{expected} is expected there (see index.d.ts for each option's type)"),
    )
}

/// The library version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Simulated data with a known truth: `{ csv, truth }`.
#[wasm_bindgen]
pub fn simulate(options: JsValue) -> Result<JsValue, JsValue> {
    let settings: SimulationSettings = from_js(options, "simulation options")?;
    let sim = simulate_data(&settings).map_err(|e| js_error(&e))?;
    #[derive(Serialize)]
    struct Out<'a> {
        csv: String,
        truth: &'a crate::simulate::Truth,
    }
    to_js(&Out {
        csv: sim.dataset.to_csv(),
        truth: &sim.truth,
    })
}

/// Preview, roles, coverage and the first problem of a CSV text (never throws for bad data).
#[wasm_bindgen]
pub fn inspect(csv: &str, roles: JsValue, read: JsValue) -> Result<JsValue, JsValue> {
    let request: RoleRequest = from_js(roles, "roles")?;
    let read: ReadOptions = from_js(read, "read options")?;
    to_js(&inspect_with(csv, &request, &read))
}

/// Check a fit request against a CSV without searching (errors as for a fit); returns the
/// fit's outlook `{ estimator, search, estimated_seconds, warnings }` (the estimator that will
/// run, the automatic choice resolved; the search as scaled to the data; its estimated seconds on
/// one native core).
#[wasm_bindgen]
pub fn check(csv: &str, request: JsValue) -> Result<JsValue, JsValue> {
    let request: FitRequest = from_js(request, "fit settings")?;
    let p = prepare(csv, &request).map_err(|e| js_error(&e))?;
    to_js(&p.outlook())
}

/// The lift tests of an experiments CSV (either layout; see `crate::data::experiments`):
/// `LiftTest[]`, not yet matched to any data (a fit or `check` does that). `read`: the data
/// file's read options (its decimal mark answers numbers that read two ways).
#[wasm_bindgen(js_name = parseLiftCsv)]
pub fn parse_lift(text: &str, read: JsValue) -> Result<JsValue, JsValue> {
    let read: ReadOptions = from_js(read, "read options")?;
    to_js(&parse_lift_csv_with(text, &read).map_err(|e| js_error(&e))?)
}

/// A calibrated model's MODEL.json text with the model fitted without its tests beside each
/// test (`ModelReport::attach_uncalibrated`): the calibration table's "before".
#[wasm_bindgen(js_name = attachUncalibrated)]
pub fn attach_uncalibrated(calibrated: &str, uncalibrated: &str) -> Result<String, JsValue> {
    let mut report = ModelReport::from_json(calibrated).map_err(|e| js_error(&e))?;
    let before = ModelReport::from_json(uncalibrated).map_err(|e| js_error(&e))?;
    report
        .attach_uncalibrated(&before)
        .map_err(|e| js_error(&e))?;
    Ok(report.to_json())
}

/// Which lift test to run next for a MODEL.json text (see `crate::design`): the DESIGN.json
/// object, its experiments from most to least valuable (then those of no material value, by
/// `settles`).
#[wasm_bindgen]
pub fn design(model: &str, request: JsValue) -> Result<JsValue, JsValue> {
    let request: DesignRequest = from_js(request, "design request")?;
    let report = ModelReport::from_json(model).map_err(|e| js_error(&e))?;
    to_js(&design_tests(&report, &request).map_err(|e| js_error(&e))?)
}

/// The request prepared for the ridge search, which [`FitJob`] and [`assemble`] run whatever
/// estimator the request's `auto` would choose: when it chooses the Bayesian one, the search is
/// asked for by name, so it gets its own description (Robyn's γ range,
/// [`crate::model::options::ModelOptions::ridge_spec_for`]). A request whose `auto` chooses the
/// ridge search keeps its `estimator_chosen` warning.
fn prepare_ridge(csv: &str, request: &FitRequest) -> crate::error::Result<Prepared> {
    let p = prepare(csv, request)?;
    if p.estimator == crate::model::EstimatorKind::RidgeSearch {
        return Ok(p);
    }
    prepare(
        csv,
        &FitRequest {
            estimator: crate::model::EstimatorKind::RidgeSearch.into(),
            ..request.clone()
        },
    )
}

/// A share of a search, run in chunks by a Web Worker.
#[wasm_bindgen]
pub struct FitJob {
    search: Search,
}

#[wasm_bindgen]
impl FitJob {
    /// Prepare trials `trial_start..trial_end` of the search a request describes.
    #[wasm_bindgen(constructor)]
    pub fn new(
        csv: &str,
        request: JsValue,
        trial_start: usize,
        trial_end: usize,
    ) -> Result<FitJob, JsValue> {
        let request: FitRequest = from_js(request, "fit settings")?;
        let p = prepare_ridge(csv, &request).map_err(|e| js_error(&e))?;
        Ok(FitJob {
            search: p
                .search_trials(trial_start..trial_end)
                .map_err(|e| js_error(&e))?,
        })
    }

    /// Evaluate up to `budget` candidates; returns `{ done, total, best_nrmse, best_decomp_rssd }`.
    pub fn step(&mut self, budget: usize) -> Result<JsValue, JsValue> {
        to_js(&self.search.step(budget))
    }

    #[wasm_bindgen(getter)]
    pub fn finished(&self) -> bool {
        self.search.is_done()
    }

    /// This job's trials, encoded for transfer.
    pub fn results(&self) -> Float64Array {
        let mut buf = Vec::new();
        for t in self.search.trial_results() {
            t.encode(&mut buf);
        }
        Float64Array::from(buf.as_slice())
    }
}

/// Combine the trials of all jobs (one buffer, trials back to back) into MODEL.json text.
#[wasm_bindgen]
pub fn assemble(csv: &str, request: JsValue, trials: &[f64]) -> Result<String, JsValue> {
    let request: FitRequest = from_js(request, "fit settings")?;
    let p: Prepared = prepare_ridge(csv, &request).map_err(|e| js_error(&e))?;
    let results = TrialResult::decode_all(trials).map_err(|e| js_error(&e))?;
    let outcome = p.merge(results).map_err(|e| js_error(&e))?;
    Ok(p.report(&outcome).map_err(|e| js_error(&e))?.to_json())
}

/// The request every field of which is left at its default (the estimator the page starts with,
/// the Bayesian settings, the search settings).
#[wasm_bindgen(js_name = defaultRequest)]
pub fn default_request() -> Result<JsValue, JsValue> {
    to_js(&FitRequest::default())
}

/// The Bayesian estimator's priors as a fit with this request would resolve them (the
/// defaults computed from the data, the user's where set): `PriorInfo[]`.
#[wasm_bindgen]
pub fn priors(csv: &str, request: JsValue) -> Result<JsValue, JsValue> {
    let request: FitRequest = from_js(request, "fit settings")?;
    let p = prepare(csv, &request).map_err(|e| js_error(&e))?;
    to_js(&p.sampler().map_err(|e| js_error(&e))?.priors)
}

/// One chain of the Bayesian estimator, run in chunks by a Web Worker. Chain `k` draws from
/// stream `k` of the seed, so its draws are the same whichever worker runs it.
#[wasm_bindgen]
pub struct BayesChain {
    // Declared first so that it is dropped first, while the sampler it borrows is alive.
    chain: Option<Chain<'static>>,
    output: Option<ChainOutput>,
    /// Owned (from `Box::into_raw`), freed in `Drop` after the chain. A raw pointer rather than
    /// a `Box`, so that moving this handle does not assert unique access to a sampler the
    /// chain borrows.
    sampler: NonNull<Sampler>,
}

impl Drop for BayesChain {
    fn drop(&mut self) {
        self.chain = None;
        // SAFETY: `sampler` came from `Box::into_raw` in `new`, is freed only here, and the
        // only borrow of it (the chain) was dropped on the line above.
        drop(unsafe { Box::from_raw(self.sampler.as_ptr()) });
    }
}

#[wasm_bindgen]
impl BayesChain {
    /// Prepare chain `chain` (0-based, below the request's `bayes.chains`) of the request's
    /// Bayesian fit.
    #[wasm_bindgen(constructor)]
    pub fn new(csv: &str, request: JsValue, chain: usize) -> Result<BayesChain, JsValue> {
        let request: FitRequest = from_js(request, "fit settings")?;
        let p = prepare(csv, &request).map_err(|e| js_error(&e))?;
        if chain >= request.bayes.chains {
            return Err(js_error(&Error::setting(
                "chain",
                chain,
                &format!(
                    "the fit has {} chains, numbered from 0",
                    request.bayes.chains
                ),
            )));
        }
        let sampler = p.sampler().map_err(|e| js_error(&e))?;
        let sampler = NonNull::from(Box::leak(Box::new(sampler)));
        // SAFETY: the sampler lives, unmoved and never mutated, until `drop`, which drops the
        // chain first; the chain is private to this handle and never outlives it.
        let borrowed: &'static Sampler = unsafe { sampler.as_ref() };
        Ok(BayesChain {
            chain: Some(borrowed.chain(chain)),
            output: None,
            sampler,
        })
    }

    /// Run up to `sweeps` more sweeps; returns `{ done, total }` (sweeps of this chain,
    /// tuning included).
    pub fn step(&mut self, sweeps: usize) -> Result<JsValue, JsValue> {
        #[derive(Serialize)]
        struct Progress {
            done: usize,
            total: usize,
        }
        let (done, total) = match &mut self.chain {
            Some(c) => {
                c.step(sweeps);
                c.progress()
            }
            None => {
                // SAFETY: as in `new`; the sampler is alive for as long as this handle.
                let n = unsafe { self.sampler.as_ref() }.sweeps_per_chain();
                (n, n)
            }
        };
        to_js(&Progress { done, total })
    }

    #[wasm_bindgen(getter)]
    pub fn finished(&self) -> bool {
        self.chain.as_ref().is_none_or(Chain::is_done)
    }

    /// The finished chain's draws as JSON text, for `assembleChains`.
    pub fn output(&mut self) -> Result<String, JsValue> {
        if self.output.is_none() {
            match self.chain.take() {
                Some(c) if c.is_done() => self.output = Some(c.finish()),
                other => {
                    self.chain = other;
                    return Err(js_error(&Error::setting(
                        "chain",
                        "unfinished",
                        "run every sweep of the chain before taking its draws",
                    )));
                }
            }
        }
        serde_json::to_string(&self.output)
            .map_err(|e| js_error(&Error::setting("chain output", "", &e.to_string())))
    }
}

/// Combine the outputs of every chain (`BayesChain.output()` texts, any order) into MODEL.json
/// text; the same as one run of every chain in a row.
#[wasm_bindgen(js_name = assembleChains)]
pub fn assemble_chains(
    csv: &str,
    request: JsValue,
    outputs: Vec<String>,
) -> Result<String, JsValue> {
    let request: FitRequest = from_js(request, "fit settings")?;
    let p: Prepared = prepare(csv, &request).map_err(|e| js_error(&e))?;
    let chains = outputs
        .iter()
        .map(|o| {
            serde_json::from_str::<ChainOutput>(o).map_err(|e| {
                js_error(&Error::setting(
                    "chain output",
                    "",
                    &format!("it could not be read ({e})"),
                ))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let sampler = p.sampler().map_err(|e| js_error(&e))?;
    Ok(p.report_chains(&sampler, chains)
        .map_err(|e| js_error(&e))?
        .to_json())
}

/// A fitted model, for showing results and planning budgets.
#[wasm_bindgen]
pub struct Model {
    report: ModelReport,
    /// The window (resolved: a year's periods for 0) and the planners of the model shown (its
    /// point estimate, its draws, their mean).
    planner: Option<(usize, PlannerSet)>,
}

impl Model {
    fn planner(&mut self, window: usize) -> Result<&PlannerSet, JsValue> {
        // 0 and a year's periods are one window: one build serves both.
        let window = self.report.window(window);
        if self.planner.as_ref().is_none_or(|(w, _)| *w != window) {
            let planners = self.report.planners(window).map_err(|e| js_error(&e))?;
            self.planner = Some((window, planners));
        }
        self.planner
            .as_ref()
            .map(|(_, p)| p)
            .ok_or_else(|| js_error(&Error::SearchNotStarted))
    }

    /// The report and its planners over `window` (built as [`Model::planner`]), borrowed
    /// together for a plan with the report's cautions ([`ModelReport::plan`]).
    fn with_planners(&mut self, window: usize) -> Result<(&ModelReport, &PlannerSet), JsValue> {
        self.planner(window)?;
        match &self.planner {
            Some((_, p)) => Ok((&self.report, p)),
            None => Err(js_error(&Error::SearchNotStarted)),
        }
    }
}

#[wasm_bindgen]
impl Model {
    /// Open a MODEL.json text.
    #[wasm_bindgen(constructor)]
    pub fn new(json: &str) -> Result<Model, JsValue> {
        Ok(Model {
            report: ModelReport::from_json(json).map_err(|e| js_error(&e))?,
            planner: None,
        })
    }

    /// The whole report as an object (for charts and tables).
    pub fn report(&self) -> Result<JsValue, JsValue> {
        to_js(&self.report)
    }

    /// MODEL.json text of the model shown.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.report.to_json()
    }

    /// Show Pareto model `index` instead (its results are recomputed from the saved data).
    #[wasm_bindgen(js_name = selectPareto)]
    pub fn select_pareto(&mut self, index: usize) -> Result<JsValue, JsValue> {
        self.report = self.report.with_model(index).map_err(|e| js_error(&e))?;
        self.planner = None;
        to_js(&self.report)
    }

    /// A budget plan (see `PlanRequest`).
    pub fn plan(&mut self, request: JsValue) -> Result<JsValue, JsValue> {
        let request: PlanRequest = from_js(request, "plan request")?;
        let (report, planners) = self.with_planners(request.window)?;
        let plan = report.plan(planners, &request).map_err(|e| js_error(&e))?;
        to_js(&plan)
    }

    /// The executive summary of the model shown, and of the plan `request` asks for when given
    /// (`report::summary::Summary`); marginal returns at today's spend over the request's
    /// window (without one, a year).
    pub fn summary(&mut self, request: JsValue) -> Result<JsValue, JsValue> {
        let request: Option<PlanRequest> = if request.is_undefined() || request.is_null() {
            None
        } else {
            Some(from_js(request, "plan request")?)
        };
        let (report, planners) = self.with_planners(request.as_ref().map_or(0, |r| r.window))?;
        let plan = match &request {
            Some(r) => Some(report.plan(planners, r).map_err(|e| js_error(&e))?),
            None => None,
        };
        to_js(&summarize(report, planners, plan.as_ref()))
    }

    /// A plan as CSV.
    #[wasm_bindgen(js_name = planCsv)]
    pub fn plan_csv(&mut self, request: JsValue) -> Result<String, JsValue> {
        let request: PlanRequest = from_js(request, "plan request")?;
        let (report, planners) = self.with_planners(request.window)?;
        Ok(report
            .plan(planners, &request)
            .map_err(|e| js_error(&e))?
            .to_csv())
    }

    /// A what-if scenario: `{ channel: spend per period }`.
    #[wasm_bindgen(js_name = whatIf)]
    pub fn what_if(&mut self, spends: JsValue, window: usize) -> Result<JsValue, JsValue> {
        let spends: BTreeMap<String, f64> = from_js(spends, "spends")?;
        let s = self
            .planner(window)?
            .what_if(&spends)
            .map_err(|e| js_error(&e))?;
        to_js(&s)
    }

    /// Each channel's response curve as plans and what-ifs over the last `window` periods read
    /// it (`report::BasisCurve`): what the what-if chart draws under its markers.
    #[wasm_bindgen(js_name = planCurves)]
    pub fn plan_curves(&mut self, window: usize) -> Result<JsValue, JsValue> {
        self.planner(window)?;
        match &self.planner {
            Some((_, planners)) => to_js(&self.report.basis_curves(planners)),
            None => Err(js_error(&Error::SearchNotStarted)),
        }
    }

    /// Where a target goal starts (`{ target_roas, target_cpa }`) over the last `window`
    /// periods: 90% of the current ROAS, 110% of the current CPA.
    #[wasm_bindgen(js_name = defaultTargets)]
    pub fn default_targets(&mut self, window: usize) -> Result<JsValue, JsValue> {
        to_js(&self.planner(window)?.default_targets())
    }

    /// Which lift test to run next for the model shown (see `crate::design`): the DESIGN.json
    /// object.
    pub fn design(&self, request: JsValue) -> Result<JsValue, JsValue> {
        let request: DesignRequest = from_js(request, "design request")?;
        to_js(&design_tests(&self.report, &request).map_err(|e| js_error(&e))?)
    }

    /// Each paid channel's ROI draw by draw, chain by chain (`report::ChannelTrace`; empty for
    /// a model without posterior draws).
    pub fn traces(&self) -> Result<JsValue, JsValue> {
        to_js(&self.report.traces().map_err(|e| js_error(&e))?)
    }

    /// Channel results as CSV.
    #[wasm_bindgen(js_name = channelsCsv)]
    pub fn channels_csv(&self) -> String {
        self.report.channels_csv()
    }

    /// The decomposition as CSV.
    #[wasm_bindgen(js_name = decompositionCsv)]
    pub fn decomposition_csv(&self) -> String {
        self.report.decomposition_csv()
    }
}
