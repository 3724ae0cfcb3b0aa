//! JavaScript bindings (compiled for wasm32 only): type conversions and handles, nothing else.
//!
//! Every export returns a `Result`; an error becomes a JavaScript `Error` whose message is the
//! Rust message and which carries `kind`, `row` and `column` properties for the page to point
//! at the cell. Values cross as JSON-compatible objects (maps become plain objects, `None`
//! becomes `null`); bulk search results cross as one `Float64Array`.

use std::collections::BTreeMap;

use js_sys::{Error as JsErr, Float64Array, Reflect};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

use crate::allocate::{PlanRequest, Planner};
use crate::data::{ReadOptions, RoleRequest, inspect_with};
use crate::error::Error;
use crate::estimate::search::{Search, TrialResult};
use crate::fit::{FitRequest, Prepared, prepare};
use crate::report::ModelReport;
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
    v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_error(&Error::setting("result", "", &e.to_string())))
}

fn from_js<T: DeserializeOwned + Default>(v: JsValue, what: &str) -> Result<T, JsValue> {
    if v.is_undefined() || v.is_null() {
        return Ok(T::default());
    }
    serde_wasm_bindgen::from_value(v).map_err(|e| {
        js_error(&Error::setting(
            what,
            "",
            &format!("it could not be read ({e})"),
        ))
    })
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
/// fit's outlook `{ search, estimated_seconds, warnings }` (the search as scaled to the data, its
/// estimated seconds on one native core).
#[wasm_bindgen]
pub fn check(csv: &str, request: JsValue) -> Result<JsValue, JsValue> {
    let request: FitRequest = from_js(request, "fit settings")?;
    let p = prepare(csv, &request).map_err(|e| js_error(&e))?;
    to_js(&p.outlook())
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
        let p = prepare(csv, &request).map_err(|e| js_error(&e))?;
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
    let p: Prepared = prepare(csv, &request).map_err(|e| js_error(&e))?;
    let results = TrialResult::decode_all(trials).map_err(|e| js_error(&e))?;
    let outcome = p.merge(results).map_err(|e| js_error(&e))?;
    Ok(p.report(&outcome).map_err(|e| js_error(&e))?.to_json())
}

/// A fitted model, for showing results and planning budgets.
#[wasm_bindgen]
pub struct Model {
    report: ModelReport,
    /// The window, the planner of the model shown, and those of its alternatives.
    planner: Option<(usize, Planner, Vec<Planner>)>,
}

impl Model {
    fn planner(&mut self, window: usize) -> Result<(&Planner, &[Planner]), JsValue> {
        if self.planner.as_ref().is_none_or(|(w, _, _)| *w != window) {
            let (main, draws) = self.report.planners(window).map_err(|e| js_error(&e))?;
            self.planner = Some((window, main, draws));
        }
        self.planner
            .as_ref()
            .map(|(_, p, a)| (p, a.as_slice()))
            .ok_or_else(|| js_error(&Error::SearchNotStarted))
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
        let (planner, alternatives) = self.planner(request.window)?;
        let mut plan = planner.plan(&request).map_err(|e| js_error(&e))?;
        plan.set_uplift_range(alternatives)
            .map_err(|e| js_error(&e))?;
        to_js(&plan)
    }

    /// A plan as CSV.
    #[wasm_bindgen(js_name = planCsv)]
    pub fn plan_csv(&mut self, request: JsValue) -> Result<String, JsValue> {
        let request: PlanRequest = from_js(request, "plan request")?;
        Ok(self
            .planner(request.window)?
            .0
            .plan(&request)
            .map_err(|e| js_error(&e))?
            .to_csv())
    }

    /// A what-if scenario: `{ channel: spend per period }`.
    #[wasm_bindgen(js_name = whatIf)]
    pub fn what_if(&mut self, spends: JsValue, window: usize) -> Result<JsValue, JsValue> {
        let spends: BTreeMap<String, f64> = from_js(spends, "spends")?;
        let (planner, alternatives) = self.planner(window)?;
        let mut s = planner.what_if(&spends).map_err(|e| js_error(&e))?;
        s.set_difference_range(alternatives)
            .map_err(|e| js_error(&e))?;
        to_js(&s)
    }

    /// Where a target goal starts (`{ target_roas, target_cpa }`) over the last `window`
    /// periods: 90% of the current ROAS, 110% of the current CPA.
    #[wasm_bindgen(js_name = defaultTargets)]
    pub fn default_targets(&mut self, window: usize) -> Result<JsValue, JsValue> {
        to_js(&self.planner(window)?.0.default_targets())
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
