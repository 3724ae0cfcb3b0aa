//! Same seed, same answer: identical MODEL.json bytes, whatever the chunking of the work and
//! however the trials are spread over workers.

use mixlens::fit::{FitRequest, fit, prepare};
use mixlens::report::ModelReport;
use mixlens::search::{SearchOutcome, SearchSettings};
use mixlens::simulate::{SimulationSettings, simulate};

fn csv(seed: u64) -> String {
    simulate(&SimulationSettings {
        seed,
        ..Default::default()
    })
    .unwrap()
    .dataset
    .to_csv()
}

/// A small ridge search (the tests below are about the search's seeds, chunks and Pareto models).
fn small(seed: u64) -> FitRequest {
    FitRequest {
        estimator: mixlens::model::EstimatorKind::RidgeSearch.into(),
        search: SearchSettings {
            iterations: 300,
            trials: 4,
            seed,
            ..Default::default()
        },
        ..Default::default()
    }
}

#[test]
fn same_seed_gives_identical_model_json_bytes() {
    let data = csv(3);
    let a = fit(&data, &FitRequest::default(), 1000, |_| true)
        .unwrap()
        .to_json();
    let b = fit(&data, &FitRequest::default(), 1000, |_| true)
        .unwrap()
        .to_json();
    assert!(a.len() > 10_000);
    assert_eq!(a, b);
}

#[test]
fn another_seed_gives_another_search() {
    let data = csv(3);
    let a = fit(&data, &small(1), 100, |_| true).unwrap();
    let b = fit(&data, &small(2), 100, |_| true).unwrap();
    assert_ne!(a.selected.hyperparameters, b.selected.hyperparameters);
}

#[test]
fn chunk_size_does_not_change_the_result() {
    let data = csv(4);
    let whole = fit(&data, &small(7), usize::MAX, |_| true)
        .unwrap()
        .to_json();
    for chunk in [1, 37, 299, 301] {
        assert_eq!(
            fit(&data, &small(7), chunk, |_| true).unwrap().to_json(),
            whole,
            "chunk {chunk}"
        );
    }
}

#[test]
fn trials_spread_over_workers_merge_to_the_single_worker_result() {
    let data = csv(5);
    let request = small(11);
    let prepared = prepare(&data, &request).unwrap();
    let mut one = prepared.search().unwrap();
    one.run();
    let single = prepared.report(&one.finish().unwrap()).unwrap().to_json();

    // Three "workers" with uneven shares, finishing in a different order.
    let mut parts = Vec::new();
    for range in [2..4, 0..1, 1..2] {
        let mut w = prepared.search_trials(range).unwrap();
        while !w.is_done() {
            w.step(53);
        }
        parts.extend(w.trial_results());
    }
    let rows = prepared.search().unwrap().problem().design.train;
    let merged = SearchOutcome::merge(&request.search, rows, parts).unwrap();
    assert_eq!(prepared.report(&merged).unwrap().to_json(), single);
}

#[test]
fn merging_refuses_missing_or_repeated_trials() {
    let data = csv(5);
    let request = small(11);
    let prepared = prepare(&data, &request).unwrap();
    let mut w = prepared.search_trials(0..2).unwrap();
    w.run();
    let rows = w.problem().design.train;
    let e = SearchOutcome::merge(&request.search, rows, w.trial_results()).unwrap_err();
    assert_eq!(e.kind(), "search_mismatch");
    let mut twice = w.trial_results();
    twice.extend(w.trial_results());
    assert_eq!(
        SearchOutcome::merge(&request.search, rows, twice)
            .unwrap_err()
            .kind(),
        "search_mismatch"
    );
}

#[test]
fn model_json_round_trips_and_rebuilds_the_same_results() {
    let data = csv(6);
    let report = fit(&data, &small(3), 500, |_| true).unwrap();
    let text = report.to_json();
    let back = ModelReport::from_json(&text).unwrap();
    let again_text = back.to_json();
    if let Some(line) = text
        .lines()
        .zip(again_text.lines())
        .position(|(a, b)| a != b)
    {
        panic!(
            "round trip differs at line {}: {:?} vs {:?}",
            line + 1,
            text.lines().nth(line),
            again_text.lines().nth(line)
        );
    }
    assert!(
        back == report,
        "the parsed report differs from the original"
    );
    // The saved parameters rebuild the saved results exactly (nothing is refitted); the
    // intervals come from the interval ends on reading (`back == report` above), not from
    // `results_for`.
    let again = back.results_for(&back.model.point).unwrap();
    let mut shown = report.channels.clone();
    for c in &mut shown {
        assert!(
            c.roi_interval.is_some(),
            "{}: a ridge fit has a 90 % interval",
            c.name
        );
        c.roi_interval = None;
        c.contribution_interval = None;
        c.response_band.clear();
    }
    assert_eq!(again.channels, shown);
    let mut decomposition = report.decomposition.clone();
    decomposition.fitted_band.clear();
    assert_eq!(again.decomposition, decomposition);
    // And a Pareto model can be shown from the file alone.
    let other = back.with_model(back.pareto.len() - 1).unwrap();
    assert_eq!(
        other.selected.decomp_rssd,
        back.pareto[back.pareto.len() - 1].decomp_rssd
    );
}

#[test]
fn cancelling_stops_the_fit() {
    let data = csv(1);
    let mut calls = 0;
    let e = fit(&data, &small(1), 100, |_| {
        calls += 1;
        calls < 3
    })
    .unwrap_err();
    assert_eq!(e.kind(), "cancelled");
    assert_eq!(calls, 3);
}
