//! The JavaScript bindings, run under Node with wasm-bindgen-test (`make test-wasm`).

#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Float64Array, Reflect};
use mixlens::wasm::{
    BayesChain, FitJob, Model, assemble, assemble_chains, attach_uncalibrated, check,
    default_request, inspect, parse_lift, priors, simulate,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const CSV: &str = include_str!("data/sim_seed7_104w.csv");
/// MODEL.json written by the native `mixlens fit` with the request below (schema 2; the
/// version-1 file beside it was written before the fitted-model contract).
const NATIVE_MODEL: &str = include_str!("data/sim_seed7_104w.model.json");

fn get(v: &JsValue, key: &str) -> JsValue {
    Reflect::get(v, &key.into()).unwrap()
}

fn request() -> JsValue {
    // `mixlens fit --estimator ridge --iterations 200 --trials 3 --seed 11`: --seed seeds both
    // estimators, and iterations asked for are searched as given (not scaled to the data).
    js_sys::JSON::parse(
        r#"{"search": {"iterations": 200, "trials": 3, "seed": 11, "scale_to_data": false},
            "bayes": {"seed": 11}}"#,
    )
    .unwrap()
}

#[wasm_bindgen_test]
fn simulate_returns_csv_and_truth() {
    let v = simulate(js_sys::JSON::parse(r#"{"seed": 3, "channels": 2}"#).unwrap()).unwrap();
    let csv = get(&v, "csv").as_string().unwrap();
    assert!(csv.starts_with("date,revenue,tv_spend,search_spend"));
    let truth = get(&get(&v, "truth"), "channels");
    assert_eq!(Array::from(&truth).length(), 2);
    assert!(get(&Array::from(&truth).get(0), "roi").as_f64().unwrap() > 1.0);
}

#[wasm_bindgen_test]
fn inspect_points_at_the_bad_cell_with_plain_values() {
    let i = inspect(
        "date,revenue,tv_spend\n2024-01-01,10,1\n2024-01-08,12,-3\n",
        JsValue::UNDEFINED,
        JsValue::UNDEFINED,
    )
    .unwrap();
    let e = get(&i, "error");
    assert_eq!(get(&e, "kind").as_string().unwrap(), "negative_spend");
    assert_eq!(get(&e, "row").as_f64().unwrap(), 3.0);
    assert_eq!(get(&e, "column").as_string().unwrap(), "tv_spend");
    // JSON-compatible: absent values are null (not undefined), maps are plain objects.
    assert!(get(&i, "coverage").is_null());
    assert!(get(&i, "roles").is_object() && !get(&i, "roles").is_instance_of::<js_sys::Map>());
}

#[wasm_bindgen_test]
fn errors_are_js_errors_with_kind_row_and_column() {
    let err = check(
        "date,revenue,tv_spend\n2024-01-01,1,2\n2024-01-08,x,3\n",
        JsValue::UNDEFINED,
    )
    .unwrap_err();
    let e: js_sys::Error = err.dyn_into().unwrap();
    assert!(
        String::from(e.message())
            .starts_with("Row 3 (2024-01-08), column 'revenue': 'x' is not a number")
    );
    assert_eq!(get(&e, "kind").as_string().unwrap(), "non_numeric");
    assert_eq!(get(&e, "row").as_f64().unwrap(), 3.0);
    assert_eq!(get(&e, "column").as_string().unwrap(), "revenue");
    let bad = FitJob::new(
        CSV,
        js_sys::JSON::parse(r#"{"search": {"trials": 0}}"#).unwrap(),
        0,
        1,
    )
    .err()
    .unwrap();
    assert_eq!(get(&bad, "kind").as_string().unwrap(), "invalid_setting");
    // A value of the wrong type is named in a developer's words, not Rust's (`usize`).
    let message = |options: &str| {
        let e = FitJob::new(CSV, js_sys::JSON::parse(options).unwrap(), 0, 1)
            .err()
            .unwrap();
        get(&e, "message").as_string().unwrap()
    };
    assert_eq!(
        message(r#"{"bayes": {"chains": 2.5}}"#),
        "Setting 'fit settings' = 2.5 is not allowed: a whole number of 0 or more is expected there (see index.d.ts for each option's type)."
    );
    assert_eq!(
        message(r#"{"bayes": {"chains": "4"}}"#),
        "Setting 'fit settings' = string \"4\" is not allowed: a whole number of 0 or more is expected there (see index.d.ts for each option's type)."
    );
}

/// Run a search the way the page does: jobs of some trials each, then one assembly.
fn fit_in_jobs(shares: &[(usize, usize)]) -> String {
    let mut all: Vec<f64> = Vec::new();
    for &(start, end) in shares {
        let mut job = FitJob::new(CSV, request(), start, end).unwrap();
        while !job.finished() {
            let p = job.step(37).unwrap();
            assert!(get(&p, "done").as_f64().unwrap() <= get(&p, "total").as_f64().unwrap());
        }
        let r: Float64Array = job.results();
        all.extend(r.to_vec());
    }
    assemble(CSV, request(), &all).unwrap()
}

#[wasm_bindgen_test]
fn workers_in_wasm_give_the_native_model_byte_for_byte() {
    // Same seed, same answer: across platforms (native and wasm) and however the trials are
    // spread over workers.
    let one = fit_in_jobs(&[(0, 3)]);
    let split = fit_in_jobs(&[(2, 3), (0, 2)]);
    assert_eq!(one, split);
    assert_eq!(one, NATIVE_MODEL.trim_end());
}

#[wasm_bindgen_test]
fn the_model_handle_plans_and_what_ifs_by_name() {
    let mut m = Model::new(NATIVE_MODEL).unwrap();
    let report = m.report().unwrap();
    assert_eq!(Array::from(&get(&report, "channels")).length(), 3);
    let plan = m.plan(JsValue::UNDEFINED).unwrap();
    let budget = get(&plan, "total_budget").as_f64().unwrap();
    let current = get(&plan, "total_budget_current").as_f64().unwrap();
    assert!(((budget - current) / current).abs() < 1e-9);
    let w = m
        .what_if(js_sys::JSON::parse(r#"{"search": 0}"#).unwrap(), 52)
        .unwrap();
    let chans = Array::from(&get(&w, "channels"));
    let search = chans
        .iter()
        .find(|c| get(c, "name").as_string().as_deref() == Some("search"))
        .unwrap();
    assert_eq!(get(&search, "scenario_spend").as_f64().unwrap(), 0.0);
    let unknown = m
        .what_if(js_sys::JSON::parse(r#"{"podcast": 1}"#).unwrap(), 52)
        .unwrap_err();
    assert_eq!(
        get(&unknown, "kind").as_string().unwrap(),
        "unknown_channel"
    );
    let other = m.select_pareto(0).unwrap();
    assert!(get(&get(&other, "fit"), "r2").as_f64().unwrap() > 0.0);
    assert!(m.channels_csv().starts_with("channel,kind,spend"));
    assert!(m.to_json().contains("\"schema_version\": 2"));
    assert!(Model::new("{}").is_err());
}

#[wasm_bindgen_test]
fn a_version_1_file_opens_and_plans_in_the_browser_too() {
    let mut m = Model::new(include_str!("data/sim_seed7_104w.model.v1.json")).unwrap();
    assert!(m.to_json().contains("\"schema_version\": 2"));
    let plan = m.plan(JsValue::UNDEFINED).unwrap();
    assert!(get(&plan, "uplift").as_f64().unwrap() >= -1e-9);
}

/// Worker results that do not belong to the fit are typed errors, never a trap of the
/// instance: a header whose sizes wrap around 32-bit arithmetic (4 + 357,913,941 × 12 is
/// 2³² on wasm32), and trials searched under another model description.
#[wasm_bindgen_test]
fn foreign_worker_results_are_refused_by_name() {
    let wrapped = assemble(CSV, request(), &[0.0, 357_913_941.0, 6.0, 0.0]).unwrap_err();
    assert_eq!(
        get(&wrapped, "kind").as_string().unwrap(),
        "search_mismatch"
    );

    let mut job = FitJob::new(CSV, request(), 0, 3).unwrap();
    while !job.finished() {
        job.step(1000).unwrap();
    }
    let trials = job.results().to_vec();
    let weibull = js_sys::JSON::parse(
        r#"{"search": {"iterations": 200, "trials": 3, "seed": 11, "scale_to_data": false},
            "model": {"adstock": "weibull_pdf"}}"#,
    )
    .unwrap();
    let other = assemble(CSV, weibull, &trials).unwrap_err();
    assert_eq!(get(&other, "kind").as_string().unwrap(), "search_mismatch");
    assert!(assemble(CSV, request(), &trials).is_ok());
}

fn bayes_request(chains: usize) -> JsValue {
    js_sys::JSON::parse(&format!(
        r#"{{"estimator": "bayes", "bayes": {{"chains": {chains}, "draws": 60, "tune": 40, "seed": 5,
            "roi_priors": [{{"channel": "tv", "centre": 1.5, "spread": 0.5}}]}}}}"#
    ))
    .unwrap()
}

/// Run chain `k` through the bindings the way a page's worker does, in chunks.
fn run_chain(chains: usize, k: usize) -> String {
    let mut c = BayesChain::new(CSV, bayes_request(chains), k).unwrap();
    assert!(c.output().is_err(), "an unfinished chain has no output");
    while !c.finished() {
        let p = c.step(17).unwrap();
        assert!(get(&p, "done").as_f64().unwrap() <= get(&p, "total").as_f64().unwrap());
    }
    c.output().unwrap()
}

#[wasm_bindgen_test]
fn chains_in_workers_give_the_one_run_bayesian_model_byte_for_byte() {
    // Chains run by separate handles (workers), handed over in any order, assemble to the
    // model of one run of every chain in a row.
    let outputs = vec![run_chain(2, 1), run_chain(2, 0)];
    let json = assemble_chains(CSV, bayes_request(2), outputs.clone()).unwrap();
    let text = js_sys::JSON::stringify(&bayes_request(2)).unwrap();
    let request: mixlens::fit::FitRequest =
        serde_json::from_str(&text.as_string().unwrap()).unwrap();
    let one_run = mixlens::fit::prepare(CSV, &request)
        .unwrap()
        .run(50, |_| true)
        .unwrap()
        .to_json();
    assert_eq!(json, one_run);
    assert!(json.contains("\"rhat_max\""));
    assert!(json.contains("\"set_by_user\": true"));

    // One chain short, or the outputs of a two-chain fit for a three-chain request: a typed error.
    let short = assemble_chains(CSV, bayes_request(2), outputs[..1].to_vec()).unwrap_err();
    assert_eq!(get(&short, "kind").as_string().unwrap(), "invalid_setting");
    // A draw whose transform claims another series length (a worker of another data set, or
    // a tampered hand-over): refused before any curve is built from it.
    let tampered: Vec<String> = outputs
        .iter()
        .map(|o| o.replace("\"series_len\":104", "\"series_len\":4000000000"))
        .collect();
    assert_ne!(tampered, outputs);
    let foreign = assemble_chains(CSV, bayes_request(2), tampered).unwrap_err();
    assert_eq!(get(&foreign, "kind").as_string().unwrap(), "invalid_model");
    let more = assemble_chains(CSV, bayes_request(3), outputs).unwrap_err();
    assert_eq!(get(&more, "kind").as_string().unwrap(), "invalid_setting");
    let beyond = BayesChain::new(CSV, bayes_request(2), 2).err().unwrap();
    assert_eq!(get(&beyond, "kind").as_string().unwrap(), "invalid_setting");
    let garbled = assemble_chains(CSV, bayes_request(1), vec!["{".into()]).unwrap_err();
    assert_eq!(
        get(&garbled, "kind").as_string().unwrap(),
        "invalid_setting"
    );
}

#[wasm_bindgen_test]
fn the_default_request_names_its_estimator_and_bayesian_settings() {
    let r = default_request().unwrap();
    // Chosen by the data's size: the Bayesian estimator, or the ridge search for big data.
    assert_eq!(get(&r, "estimator").as_string().unwrap(), "auto");
    assert_eq!(get(&get(&r, "bayes"), "chains").as_f64().unwrap(), 4.0);
}

#[wasm_bindgen_test]
fn priors_resolve_as_the_fit_would_before_it_runs() {
    let p = Array::from(&priors(CSV, bayes_request(2)).unwrap());
    let tv = p.get(0);
    assert_eq!(get(&tv, "name").as_string().unwrap(), "tv");
    assert_eq!(get(&tv, "centre").as_f64().unwrap(), 1.5);
    assert!(get(&tv, "set_by_user").as_bool().unwrap());
    let search = p.get(1);
    assert!(!get(&search, "set_by_user").as_bool().unwrap());
    assert!(get(&search, "spread").as_f64().unwrap() > 0.0);
}

/// The figures of `tests/data/sim_seed7_104w.bayes.json` (written by the native CLI) in a
/// MODEL.json text.
fn bayes_figures(model: &str) -> serde_json::Value {
    let m: serde_json::Value = serde_json::from_str(model).unwrap();
    let channels: Vec<serde_json::Value> = m["channels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            serde_json::json!({
                "name": c["name"], "roi": c["roi"], "roi_interval": c["roi_interval"],
                "contribution_interval": c["contribution_interval"],
            })
        })
        .collect();
    serde_json::json!({
        "diagnostics": m["diagnostics"],
        "channels": channels,
        "sigma": m["model"]["point"]["sigma"],
        "fitted_band_first": m["decomposition"]["fitted_band"][0],
    })
}

#[wasm_bindgen_test]
fn bayesian_chains_in_wasm_give_the_native_cli_figures() {
    let request = || {
        js_sys::JSON::parse(
            r#"{"estimator": "bayes", "bayes": {"chains": 2, "draws": 20, "tune": 20, "seed": 5,
                "roi_priors": [{"channel": "tv", "centre": 1.5, "spread": 0.5}]}}"#,
        )
        .unwrap()
    };
    let outputs = (0..2)
        .map(|k| {
            let mut c = BayesChain::new(CSV, request(), k).unwrap();
            while !c.finished() {
                c.step(7).unwrap();
            }
            c.output().unwrap()
        })
        .collect();
    let json = assemble_chains(CSV, request(), outputs).unwrap();
    let mut native: serde_json::Value =
        serde_json::from_str(include_str!("data/sim_seed7_104w.bayes.json")).unwrap();
    native.as_object_mut().unwrap().remove("_about");
    // Bit for bit: the sampler draws through `libm` and sums in a fixed order.
    assert_eq!(bayes_figures(&json), native);
    // The trace plot's data: per channel, 2 chains of 20 saved draws each, as the core splits
    // them natively.
    let model = Model::new(&json).unwrap();
    let traces: serde_json::Value = serde_json::from_str(
        &js_sys::JSON::stringify(&model.traces().unwrap())
            .unwrap()
            .as_string()
            .unwrap(),
    )
    .unwrap();
    let native_traces = mixlens::report::ModelReport::from_json(&json)
        .unwrap()
        .traces()
        .unwrap();
    assert_eq!(traces, serde_json::to_value(&native_traces).unwrap());
    assert_eq!(traces.as_array().unwrap().len(), 3);
    assert!(traces.as_array().unwrap().iter().all(|t| {
        t["chains"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_array().unwrap().len())
            .collect::<Vec<_>>()
            == [20, 20]
    }));
}

/// A ridge fit of `request` (JSON text) in one job, as MODEL.json text.
fn fit_request(request: &str) -> String {
    let req = || js_sys::JSON::parse(request).unwrap();
    let mut job = FitJob::new(CSV, req(), 0, 1).unwrap();
    while !job.finished() {
        job.step(50).unwrap();
    }
    let r: Float64Array = job.results();
    assemble(CSV, req(), &r.to_vec()).unwrap()
}

#[wasm_bindgen_test]
fn a_lift_csv_round_trips_into_a_calibrated_model_with_both_lifts() {
    // search spends every week of the file; a 4-week test in 2022-06.
    let tests = parse_lift(
        "channel,start,end,lift,standard_error\nsearch_spend,2022-06-06,2022-06-27,90000,15000\n",
        JsValue::UNDEFINED,
    )
    .unwrap();
    let test = Array::from(&tests).get(0);
    assert_eq!(get(&test, "channel").as_string().unwrap(), "search_spend");
    assert_eq!(get(&test, "row").as_f64().unwrap(), 2.0);
    let tests_json = js_sys::JSON::stringify(&tests)
        .unwrap()
        .as_string()
        .unwrap();
    let plain = r#"{"search": {"iterations": 60, "trials": 1, "seed": 5, "scale_to_data": false}"#;
    let without = fit_request(&format!("{plain}}}"));
    let with = fit_request(&format!(r#"{plain}, "experiments": {tests_json}}}"#));
    let model: serde_json::Value =
        serde_json::from_str(&attach_uncalibrated(&with, &without).unwrap()).unwrap();
    let rows = model["calibration"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["channel"], "search");
    assert_eq!(rows[0]["periods"], 4);
    assert_eq!(rows[0]["lift"], 90000.0);
    assert!(rows[0]["model_lift"].as_f64().unwrap().is_finite());
    assert!(rows[0]["uncalibrated_lift"].as_f64().unwrap().is_finite());
    assert_eq!(model["settings"]["experiments"][0]["lift"], 90000.0);
    // A bad cell: a JS Error with its kind, row and column.
    let e = parse_lift(
        "channel,start,end,lift,standard_error\nsearch,2022-06-06,2022-06-27,x,1\n",
        JsValue::UNDEFINED,
    )
    .unwrap_err();
    assert_eq!(get(&e, "kind").as_string().unwrap(), "lift_bad_cell");
    assert_eq!(get(&e, "row").as_f64().unwrap(), 2.0);
    assert_eq!(get(&e, "column").as_string().unwrap(), "lift");
    // `90.000` reads two ways: refused without the data's decimal mark, 90,000 with a comma.
    let german =
        "channel,start,end,lift,standard_error\nsearch,2022-06-06,2022-06-27,90.000,15.000\n";
    let e = parse_lift(german, JsValue::UNDEFINED).unwrap_err();
    assert_eq!(
        get(&e, "kind").as_string().unwrap(),
        "ambiguous_number_format"
    );
    let read = js_sys::JSON::parse(r#"{"decimal_mark": "comma"}"#).unwrap();
    let tests = parse_lift(german, read).unwrap();
    let test = Array::from(&tests).get(0);
    assert_eq!(get(&test, "lift").as_f64().unwrap(), 90000.0);
}
