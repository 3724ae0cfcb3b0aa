//! Accuracy against a known truth: the simulator's default scenario (156 weeks, 5 channels,
//! noise 2% of mean revenue, which leaves the true model an R² of about 0.986), default fit
//! settings, seeds 1 to 6.
//!
//! Every channel's ROI must be within 25% of the truth, the mean absolute percentage error across
//! channels at most 15%, and the ranking of channels by contribution right. The seeds were fixed
//! before looking at per-seed results; over 20 seeds the recommended model passes all 20 (see
//! BENCHMARKS.md for the table, including noisier data where no method can pass).
//!
//! The ROI range (the models whose fit is not significantly worse) must hold each estimate, and
//! the truth for at least 80% of the channels (it is built like a 95% profile-likelihood
//! interval but leaves out the coefficients' own sampling error; over seeds 1–20 it holds 89 of
//! 100).

use mixlens::data::{LoadedData, RoleRequest, load_csv};
use mixlens::fit::{FitRequest, prepare_loaded};
use mixlens::report::ModelReport;
use mixlens::search::SearchOutcome;
use mixlens::simulate::{SimulationSettings, Truth, simulate};

struct Score {
    errors: Vec<f64>,
    mape: f64,
    ranking_ok: bool,
}

fn fit_and_score(seed: u64) -> (Score, Truth, ModelReport) {
    let (s, t, r, _) = fit_score_outcome(seed);
    (s, t, r)
}

fn fit_score_outcome(seed: u64) -> (Score, Truth, ModelReport, SearchOutcome) {
    let sim = simulate(&SimulationSettings {
        seed,
        ..Default::default()
    })
    .unwrap();
    // Through the CSV, as a user would.
    let loaded: LoadedData = load_csv(&sim.dataset.to_csv(), &RoleRequest::default()).unwrap();
    let prepared = prepare_loaded(loaded, &FitRequest::default()).unwrap();
    let mut search = prepared.search().unwrap();
    search.run();
    let outcome = search.finish().unwrap();
    let report = prepared.report(&outcome).unwrap();
    let errors: Vec<f64> = report
        .channels
        .iter()
        .zip(&sim.truth.channels)
        .map(|(e, t)| {
            assert_eq!(e.name, t.name);
            (e.roi - t.roi).abs() / t.roi
        })
        .collect();
    let mape = errors.iter().sum::<f64>() / errors.len() as f64;
    let order = |v: Vec<f64>| {
        let mut idx: Vec<usize> = (0..v.len()).collect();
        idx.sort_by(|&a, &b| v[b].total_cmp(&v[a]));
        idx
    };
    let ranking_ok = order(report.channels.iter().map(|c| c.contribution).collect())
        == order(sim.truth.channels.iter().map(|c| c.contribution).collect());
    (
        Score {
            errors,
            mape,
            ranking_ok,
        },
        sim.truth,
        report,
        outcome,
    )
}

#[test]
fn roi_is_recovered_on_the_default_scenario_for_several_seeds() {
    let mut failures = Vec::new();
    let (mut covered, mut channels) = (0, 0);
    for seed in 1..=6 {
        let (s, truth, report) = fit_and_score(seed);
        for (k, (c, t)) in report.channels.iter().zip(&truth.channels).enumerate() {
            let [lo, hi] = report.selected.roi_range[k];
            assert!(
                lo <= c.roi && c.roi <= hi,
                "seed {seed} {}: {} outside [{lo}, {hi}]",
                c.name,
                c.roi
            );
            assert!(
                hi - lo < 0.6 * c.roi,
                "seed {seed} {}: range [{lo}, {hi}] too wide to say anything",
                c.name
            );
            covered += usize::from(lo <= t.roi && t.roi <= hi);
            channels += 1;
        }
        let detail = format!(
            "seed {seed}: errors {:?}, MAPE {:.3}, ranking {}; truth {:?}, estimate {:?}",
            s.errors
                .iter()
                .map(|e| (e * 1000.0).round() / 1000.0)
                .collect::<Vec<_>>(),
            s.mape,
            s.ranking_ok,
            truth.channels.iter().map(|c| c.roi).collect::<Vec<_>>(),
            report
                .channels
                .iter()
                .map(|c| (c.roi * 100.0).round() / 100.0)
                .collect::<Vec<_>>()
        );
        println!("{detail}");
        if s.errors.iter().any(|&e| e > 0.25) || s.mape > 0.15 || !s.ranking_ok {
            failures.push(detail);
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
    println!("ROI range holds the truth for {covered} of {channels} channels");
    assert!(
        covered * 5 >= channels * 4,
        "ROI range holds the truth for only {covered} of {channels} channels"
    );
}

/// Robyn ranks Pareto models by their distance to the origin after scaling NRMSE and
/// DECOMP.RSSD to [0, 1] over the front; its top solution is the closest.
fn robyn_style_pick(out: &SearchOutcome) -> usize {
    let f: Vec<_> = out.pareto.iter().map(|&i| &out.candidates[i]).collect();
    let (n0, n1) = (
        f.iter().map(|c| c.nrmse).fold(f64::INFINITY, f64::min),
        f.iter().map(|c| c.nrmse).fold(0.0, f64::max),
    );
    let (r0, r1) = (
        f.iter()
            .map(|c| c.decomp_rssd)
            .fold(f64::INFINITY, f64::min),
        f.iter().map(|c| c.decomp_rssd).fold(0.0, f64::max),
    );
    let d = |c: &mixlens::search::Candidate| {
        ((c.nrmse - n0) / (n1 - n0).max(1e-12)).powi(2)
            + ((c.decomp_rssd - r0) / (r1 - r0).max(1e-12)).powi(2)
    };
    out.pareto[(0..f.len())
        .min_by(|&a, &b| d(f[a]).total_cmp(&d(f[b])))
        .unwrap()]
}

#[test]
fn the_strongest_channel_is_not_pulled_towards_its_spend_share() {
    // Robyn's known weakness: DECOMP.RSSD pulls effect shares to spend shares, so the channel
    // with the highest ROI is under-read. Here that is search (ROI 2.4 on 18% of spend). On the
    // same searches, compare how the recommended model and a Robyn-style pick read it.
    let (mut ours, mut robyn) = (Vec::new(), Vec::new());
    for seed in 1..=4 {
        let (_, truth, report, outcome) = fit_score_outcome(seed);
        let k = truth
            .channels
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.roi.total_cmp(&b.1.roi))
            .unwrap()
            .0;
        ours.push(report.channels[k].roi / truth.channels[k].roi);
        robyn.push(outcome.candidates[robyn_style_pick(&outcome)].roi[k] / truth.channels[k].roi);
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len() as f64;
    println!("strongest channel read at: recommended {ours:?}, Robyn-style {robyn:?}");
    assert!(ours.iter().all(|&r| r > 0.7), "recommended {ours:?}");
    assert!(
        mean(&ours) > 0.88,
        "recommended reads it at {:.0}% on average",
        100.0 * mean(&ours)
    );
    assert!(
        mean(&robyn) < mean(&ours) - 0.1,
        "Robyn-style {:.2} vs recommended {:.2}",
        mean(&robyn),
        mean(&ours)
    );
}
