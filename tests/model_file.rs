//! MODEL.json: version-1 files open and plan; damaged files of either version are refused with
//! `Error::InvalidModel`, never a panic.

use mixlens::Error;
use mixlens::allocate::PlanRequest;
use mixlens::fit::{FitRequest, fit};
use mixlens::report::{ModelReport, SCHEMA_VERSION};
use serde_json::Value;

/// Written by `mixlens fit` before the fitted-model contract (schema 1).
const V1: &str = include_str!("data/sim_seed7_104w.model.v1.json");
const CSV: &str = include_str!("data/sim_seed7_104w.csv");

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + a.abs().max(b.abs()))
}

/// A ridge-search model (with Pareto models to damage).
fn v2() -> String {
    let request: FitRequest = serde_json::from_str(
        r#"{"estimator": "ridge_search", "search": {"iterations": 200, "trials": 3, "seed": 11}}"#,
    )
    .unwrap();
    fit(CSV, &request, 1000, |_| true).unwrap().to_json()
}

fn invalid(text: &str) -> String {
    match ModelReport::from_json(text) {
        Err(Error::InvalidModel { reason }) => reason,
        Err(other) => panic!("expected InvalidModel, got {other:?}"),
        Ok(_) => panic!("a damaged file was accepted"),
    }
}

#[test]
fn a_version_1_file_opens_with_the_results_it_was_saved_with() {
    let old: Value = serde_json::from_str(V1).unwrap();
    let m = ModelReport::from_json(V1).unwrap();
    assert_eq!(m.schema_version, SCHEMA_VERSION);
    assert!(m.selected.recommended);
    // The upgrade refits each kept model once with the same regression: same numbers.
    for (c, o) in m.channels.iter().zip(old["channels"].as_array().unwrap()) {
        assert_eq!(c.name, o["name"].as_str().unwrap());
        for key in ["roi", "contribution", "marginal_roi", "coefficient"] {
            let (a, b) = (c_field(c, key), o[key].as_f64().unwrap());
            assert!(close(a, b, 1e-9), "{} {key}: {a} vs {b}", c.name);
        }
    }
    assert!(close(
        m.fit.nrmse,
        old["fit"]["nrmse"].as_f64().unwrap(),
        1e-9
    ));
    assert_eq!(m.pareto.len(), old["pareto"].as_array().unwrap().len());
    // And it plans.
    let plan = m
        .planner(52)
        .unwrap()
        .plan(&PlanRequest::default())
        .unwrap();
    assert!(close(plan.total_budget, plan.total_budget_current, 1e-9));
    assert!(plan.uplift >= -1e-9);
}

fn c_field(c: &mixlens::model::ChannelResult, key: &str) -> f64 {
    match key {
        "roi" => c.roi,
        "contribution" => c.contribution,
        "marginal_roi" => c.marginal_roi,
        _ => c.coefficient,
    }
}

#[test]
fn an_upgraded_version_1_file_saves_as_version_2_and_reopens_identically() {
    let m = ModelReport::from_json(V1).unwrap();
    let again = ModelReport::from_json(&m.to_json()).unwrap();
    assert!(again == m);
}

#[test]
fn a_version_1_hyperparameter_list_cut_short_is_refused() {
    let mut v: Value = serde_json::from_str(V1).unwrap();
    v["selected"]["hyperparameters"]["media"][1]
        .as_array_mut()
        .unwrap()
        .pop();
    let reason = invalid(&v.to_string());
    assert!(reason.contains("cut short"), "{reason}");
}

#[test]
fn a_version_2_decomposition_cut_short_is_refused() {
    let mut v: Value = serde_json::from_str(&v2()).unwrap();
    v["decomposition"]["components"][2]["values"]
        .as_array_mut()
        .unwrap()
        .truncate(10);
    let reason = invalid(&v.to_string());
    assert!(reason.contains("decomposition"), "{reason}");
}

#[test]
fn damaged_parameters_are_refused() {
    let text = v2();
    let base: Value = serde_json::from_str(&text).unwrap();
    // A draw with a media column missing.
    let mut v = base.clone();
    if let Some(d) = v["model"]["draws"]
        .as_array_mut()
        .and_then(|d| d.first_mut())
    {
        d["media"].as_array_mut().unwrap().pop();
        assert!(invalid(&v.to_string()).contains("media columns"));
    }
    // A baseline coefficient list cut short.
    let mut v = base.clone();
    v["model"]["point"]["baseline"]
        .as_array_mut()
        .unwrap()
        .pop();
    assert!(invalid(&v.to_string()).contains("baseline"));
    // A decay rate outside [0, 1).
    let mut v = base.clone();
    v["model"]["point"]["media"][0]["transform"]["adstock"] =
        serde_json::json!({"type": "geometric", "theta": 1.5});
    assert!(invalid(&v.to_string()).contains("theta"));
    // A Pareto model's parameters of the wrong shape.
    let mut v = base.clone();
    v["pareto"][0]["parameters"]["media"]
        .as_array_mut()
        .unwrap()
        .pop();
    assert!(invalid(&v.to_string()).contains("Pareto"));
    // A media effect edited to a negative number (no fit gives one).
    let mut v = base.clone();
    v["model"]["point"]["media"][0]["coefficient"] = (-5.0).into();
    assert!(
        invalid(&v.to_string()).contains("media column 1 a negative effect (-5)"),
        "{}",
        invalid(&v.to_string())
    );
    // Saved with a byte-order mark (some editors do): read past it.
    assert!(ModelReport::from_json(&format!("\u{feff}{text}")).is_ok());
    // Channels renamed in one section only.
    let mut v = base;
    v["channels"][0]["name"] = "radio".into();
    assert!(invalid(&v.to_string()).contains("channels"));
}

/// A noise level edited below zero is named as such (it was "a number that is not finite").
#[test]
fn a_negative_noise_level_is_named() {
    let mut v: Value =
        serde_json::from_str(include_str!("data/sim_seed7_104w.model.json")).unwrap();
    v["model"]["point"]["sigma"] = (-1.0).into();
    assert_eq!(
        invalid(&v.to_string()),
        "the model gives the noise a negative standard deviation (sigma = -1); it must be 0 or more"
    );
}

#[test]
fn an_unknown_version_is_named() {
    let mut v: Value = serde_json::from_str(V1).unwrap();
    v["schema_version"] = 7.into();
    let reason = invalid(&v.to_string());
    assert!(reason.contains("version 7"), "{reason}");
}

#[test]
fn plans_read_the_saved_parameters_not_a_refit() {
    // Change one coefficient in the file: the plan's response must follow it exactly.
    let text = v2();
    let m = ModelReport::from_json(&text).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    let b = v["model"]["point"]["media"][0]["coefficient"]
        .as_f64()
        .unwrap();
    v["model"]["point"]["media"][0]["coefficient"] = (2.0 * b).into();
    let doubled = ModelReport::from_json(&v.to_string()).unwrap();
    let req = PlanRequest::default();
    let s1 = m.planner(52).unwrap().what_if(&Default::default()).unwrap();
    let s2 = doubled
        .planner(52)
        .unwrap()
        .what_if(&Default::default())
        .unwrap();
    assert!(close(
        s2.channels[0].current_response,
        2.0 * s1.channels[0].current_response,
        1e-12
    ));
    assert!(close(
        s2.channels[1].current_response,
        s1.channels[1].current_response,
        1e-12
    ));
    let _ = m.planner(52).unwrap().plan(&req).unwrap();
}

#[test]
fn a_file_saved_by_the_page_with_its_plan_settings_still_opens_and_plans() {
    // The page adds its plan form (goal, bounds, locks, sliders) as `page_plan`; the core
    // ignores it, so `mixlens plan` reads such a file like any other.
    let text = v2();
    let tail = text.rfind('}').unwrap();
    let with_plan = format!(
        "{},\n  \"page_plan\": {{\"goal\": \"target_roas\", \"target\": 2.5, \"locked\": [\"tv\"], \"sliders\": {{\"tv\": 100}}}}\n}}",
        text[..tail].trim_end()
    );
    let m = ModelReport::from_json(&with_plan).unwrap();
    assert_eq!(m, ModelReport::from_json(&text).unwrap());
    let _ = m
        .planner(52)
        .unwrap()
        .plan(&PlanRequest::default())
        .unwrap();
}

#[test]
fn a_ridge_fit_keeps_its_interval_ends_and_a_damaged_one_is_refused() {
    let text = v2();
    let base: Value = serde_json::from_str(&text).unwrap();
    let paid = base["channels"].as_array().unwrap().len();
    assert_eq!(
        base["model"]["interval_ends"].as_array().unwrap().len(),
        2 * paid
    );
    let r = ModelReport::from_json(&text).unwrap();
    let again = ModelReport::from_json(&r.to_json()).unwrap();
    for (k, (c, d)) in r.channels.iter().zip(&again.channels).enumerate() {
        let [lo, hi] = c.roi_interval.expect("a ridge fit has a 90 % interval");
        assert!(lo <= hi, "{}: [{lo}, {hi}]", c.name);
        assert_eq!(c.roi_interval, d.roi_interval);
        let [rlo, rhi] = r.selected.roi_range[k];
        assert!(close(rlo, lo, 1e-9) && close(rhi, hi, 1e-9), "{}", c.name);
        assert_eq!(c.response_band.len(), c.response_curve.len());
    }
    assert_eq!(
        r.decomposition.fitted_band.len(),
        r.decomposition.fitted.len()
    );
    // An end missing.
    let mut v = base.clone();
    v["model"]["interval_ends"].as_array_mut().unwrap().pop();
    let reason = invalid(&v.to_string());
    assert!(reason.contains("interval ends"), "{reason}");
    // An end with a media column missing.
    let mut v = base;
    v["model"]["interval_ends"][0]["media"]
        .as_array_mut()
        .unwrap()
        .pop();
    let reason = invalid(&v.to_string());
    assert!(reason.contains("interval end 1"), "{reason}");
}
