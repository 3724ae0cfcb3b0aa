//! Accuracy against a known truth: the simulator's default scenario (156 weeks, 5 channels,
//! noise 2% of mean revenue, which leaves the true model an R² of about 0.986), default fit
//! settings, seeds 1 to 6.
//!
//! Every channel's ROI must be within 25% of the truth and the mean absolute percentage error
//! across channels at most 15%. The seeds were fixed before looking at per-seed results; see
//! BENCHMARKS.md for 20 seeds, including noisier data where no method can pass.
//!
//! Ranking is checked by ROI, not by contribution (the contribution order mostly follows spend,
//! which the model is given): of the channel pairs whose true ROIs differ by more than 10% (all
//! but tv 1.6 and radio 1.7), at least 90% must be estimated in the true order (seeds 1–6:
//! 51 of 54; over 20 seeds BENCHMARKS.md gives the share for every method, the true curves
//! included).
//!
//! Each channel's 90 % interval (`roi_interval`, also the selected model's `roi_range`: the
//! profile-likelihood interval of `estimate::search::profile`) must be narrower than 60 % of its
//! ROI and hold the truth for at least 24 of the 30 channels (seeds 1–6: 27; the likelihood
//! range it replaced, which left out the coefficients' own sampling error, held 22).

use mixlens::data::{LoadedData, RoleRequest, load_csv};
use mixlens::fit::{FitRequest, prepare_loaded};
use mixlens::precision::close;
use mixlens::report::ModelReport;
use mixlens::search::SearchOutcome;
use mixlens::simulate::{SimulationSettings, Truth, simulate};

struct Score {
    errors: Vec<f64>,
    mape: f64,
    /// Channel pairs whose true ROIs differ by more than 10%: in the true order, compared.
    pairs: (usize, usize),
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
    let ridge = FitRequest {
        estimator: mixlens::model::EstimatorKind::RidgeSearch.into(),
        ..FitRequest::default()
    };
    let prepared = prepare_loaded(loaded, &ridge).unwrap();
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
    let (est, truth): (Vec<f64>, Vec<f64>) = report
        .channels
        .iter()
        .zip(&sim.truth.channels)
        .map(|(e, t)| (e.roi, t.roi))
        .unzip();
    let mut pairs = (0, 0);
    for a in 0..truth.len() {
        for b in 0..truth.len() {
            if truth[a] > 1.1 * truth[b] {
                pairs.0 += usize::from(est[a] > est[b]);
                pairs.1 += 1;
            }
        }
    }
    (
        Score {
            errors,
            mape,
            pairs,
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
    let (mut in_order, mut pairs) = (0, 0);
    for seed in 1..=6 {
        let (s, truth, report) = fit_and_score(seed);
        for (k, (c, t)) in report.channels.iter().zip(&truth.channels).enumerate() {
            let [lo, hi] = report.selected.roi_range[k];
            let [ilo, ihi] = c.roi_interval.expect("a ridge fit has a 90 % interval");
            assert!(
                close(ilo, lo, 1e-9) && close(ihi, hi, 1e-9),
                "seed {seed} {}: roi_interval [{ilo}, {ihi}], roi_range [{lo}, {hi}]",
                c.name
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
            "seed {seed}: errors {:?}, MAPE {:.3}, pairs in order {} of {}; truth {:?}, estimate {:?}",
            s.errors
                .iter()
                .map(|e| (e * 1000.0).round() / 1000.0)
                .collect::<Vec<_>>(),
            s.mape,
            s.pairs.0,
            s.pairs.1,
            truth.channels.iter().map(|c| c.roi).collect::<Vec<_>>(),
            report
                .channels
                .iter()
                .map(|c| (c.roi * 100.0).round() / 100.0)
                .collect::<Vec<_>>()
        );
        println!("{detail}");
        in_order += s.pairs.0;
        pairs += s.pairs.1;
        if s.errors.iter().any(|&e| e > 0.25) || s.mape > 0.15 {
            failures.push(detail);
        }
    }
    println!("the 90 % interval holds the truth for {covered} of {channels} channels");
    println!("{in_order} of {pairs} channel pairs estimated in the true ROI order");
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(
        in_order * 10 >= pairs * 9,
        "only {in_order} of {pairs} channel pairs in the true ROI order"
    );
    assert!(
        covered >= 24,
        "the 90 % interval holds the truth for only {covered} of {channels} channels"
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

/// Ten years of daily data with thirty paid channels: the ridge search's 90 % intervals on data
/// large enough that their grid of shapes is thinned (`estimate::search::profile::REFIT_WORK`).
/// A measurement, not run by `make test` (a minute or two of work):
/// `cargo test --release --test accuracy -- --ignored --nocapture big`.
#[test]
#[ignore = "a measurement on big data; run by hand"]
fn big_daily_data_intervals_hold_the_truth() {
    let sim = simulate(&SimulationSettings {
        seed: 1,
        periods: 3652,
        channels: 30,
        frequency: mixlens::data::Frequency::Daily,
        ..Default::default()
    })
    .unwrap();
    let loaded = load_csv(&sim.dataset.to_csv(), &RoleRequest::default()).unwrap();
    let ridge = FitRequest {
        estimator: mixlens::model::EstimatorKind::RidgeSearch.into(),
        ..FitRequest::default()
    };
    let prepared = prepare_loaded(loaded, &ridge).unwrap();
    let mut search = prepared.search().unwrap();
    search.run();
    let outcome = search.finish().unwrap();
    let report = prepared.report(&outcome).unwrap();
    let mut held = 0;
    let mut widths = Vec::new();
    for (c, t) in report.channels.iter().zip(&sim.truth.channels) {
        let [lo, hi] = c.roi_interval.expect("a ridge fit has a 90 % interval");
        held += usize::from(lo <= t.roi && t.roi <= hi);
        widths.push((hi - lo) / t.roi);
        println!(
            "{}: true {:.3}, read {:.3} [{lo:.3}, {hi:.3}]",
            c.name, t.roi, c.roi
        );
    }
    widths.sort_by(f64::total_cmp);
    let n = widths.len();
    println!(
        "the 90 % interval holds the truth for {held} of {n} channels; median width {:.2} of the true ROI",
        widths[n / 2]
    );
    assert!(held >= 24, "held {held} of {n}");
}
