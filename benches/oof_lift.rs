//! Calibration with lift tests on the out-of-family generator (`tests/oof/mod.rs`): each case
//! fitted without tests, with a pause test of each of the two largest channels, and with one
//! test of every channel; tests drawn from the generator's truth with noise (standard error
//! `LIFT_SE` × the true lift, default 0.15). Misattribution beside the oracle's (least squares
//! told the true curves, no tests), and plan capture under the true curves.
//!
//! `cargo bench --bench oof_lift -- [SEEDS] [CASE...]` (default: 3 seeds, every case).
//! `LIFT_ESTIMATOR=ridge` calibrates the ridge search instead of the Bayesian estimator;
//! `LIFT_ONLY=all` fits only with every channel tested (the other columns print NaN);
//! `BAYES_DRAWS`, `BAYES_TUNE` change the sampler's settings. `LIFT_DESIGN=1` runs the design
//! check (`LIFT_DESIGN_ALL=1`: a test of every channel, one `EVERY` line per case;
//! `LIFT_SEED_FROM=k`: seeds from k); `LIFT_PROBE` one case and channel (see `main`).

#[path = "../tests/oof/mod.rs"]
mod oof;

use mixlens::estimate::bayes::BayesSettings;
use mixlens::fit::FitRequest;
use mixlens::model::EstimatorKind;
use oof::{Generated, Scenario, generate, measure, measure_bayes, median};

fn env<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

/// Misattribution and plan capture of one fit.
fn run(
    g: &Generated,
    tests: &[usize],
    se: f64,
    ridge: bool,
    settings: &BayesSettings,
) -> (f64, f64, f64) {
    run_salted(g, tests, se, ridge, settings, "bench")
}

/// As [`run`], with the tests' noise drawn from the stream named by `salt`.
fn run_salted(
    g: &Generated,
    tests: &[usize],
    se: f64,
    ridge: bool,
    settings: &BayesSettings,
    salt: &str,
) -> (f64, f64, f64) {
    let experiments = tests.iter().map(|&i| g.pause_test(i, se, salt)).collect();
    run_tests(g, experiments, ridge, settings)
}

/// As [`run`], with the tests given.
fn run_tests(
    g: &Generated,
    experiments: Vec<mixlens::data::LiftTest>,
    ridge: bool,
    settings: &BayesSettings,
) -> (f64, f64, f64) {
    let request = FitRequest {
        estimator: if ridge {
            EstimatorKind::RidgeSearch.into()
        } else {
            EstimatorKind::Bayes.into()
        },
        bayes: settings.clone(),
        experiments,
        ..FitRequest::default()
    };
    if ridge {
        let m = measure(g, &request);
        (m.ours, m.oracle, m.plan_capture)
    } else {
        let m = measure_bayes(g, &request, settings);
        if std::env::var("OOF_CHANNELS").is_ok_and(|v| v == "1") {
            for (i, (n, t, o, q, [lo, hi])) in m.rois.iter().enumerate() {
                let test = request.experiments.iter().find(|e| &e.channel == n);
                eprintln!(
                    "  {} {} tests: {n}: true {t:.2}, ours {o:.2} [{lo:.2}, {hi:.2}], oracle {q:.2}, spend {:.0}{}",
                    g.scenario.name,
                    request.experiments.len(),
                    g.channels[i].spend,
                    test.map_or(String::new(), |e| {
                        let (f, l) = g.pause_window(i);
                        let ws: f64 = g.channels[i].spends[f..=l].iter().sum();
                        format!(
                            ", test {:.0} ± {:.0} ({:+.1} SE); per window spend: test {:.2}, truth {:.2}",
                            e.lift,
                            e.standard_error,
                            (e.lift - g.true_lift(i, f, l)) / e.standard_error,
                            e.lift / ws,
                            g.true_lift(i, f, l) / ws
                        )
                    })
                );
            }
        }
        (m.ours, m.oracle, m.plan_capture)
    }
}

/// `LIFT_DESIGN=1`: does a test of the channel `design` ranks first cut the error at least as
/// much as a test of the channel it ranks in the middle? `LIFT_DESIGN_DRAWS=k` averages each
/// test's error over k draws of its noise (default 1): one draw of a test with a standard error
/// of 15 % can move a channel either way, which is the test's luck, not the ranking's.
fn design_check(cases: &[String], seeds: u64, se: f64, settings: &BayesSettings) {
    let draws: usize = env("LIFT_DESIGN_DRAWS").unwrap_or(1).max(1);
    let salts: Vec<String> = (0..draws)
        .map(|k| {
            if k == 0 {
                "bench".to_string()
            } else {
                format!("bench {k}")
            }
        })
        .collect();
    // `LIFT_DESIGN_SE`: `design` (default) lets the design assume its default standard error
    // (`σ·√(2m)` from the model's noise) and runs each test with the standard error the design
    // assumed for it; `share` runs tests as the other columns do (`LIFT_SE` × the true lift, or
    // × the window's spend if larger) and tells the design `relative_standard_error = LIFT_SE`
    // (of the mean size of its draws' effects: close, not the same); `model` (the earlier
    // check) runs tests as `share` does while the design assumes its default.
    // `LIFT_DESIGN_ALL=1`: test every channel and print one `EVERY` line per case (design's
    // order; per channel its value, settles, interval width × spend at stake, and error).
    let every = std::env::var("LIFT_DESIGN_ALL").is_ok_and(|v| v == "1");
    // `LIFT_SEED_FROM=k`: start at seed k (to add seeds to an earlier run).
    let from: u64 = env("LIFT_SEED_FROM").unwrap_or(1);
    let mode = std::env::var("LIFT_DESIGN_SE").unwrap_or_else(|_| "design".into());
    assert!(
        ["design", "share", "model"].contains(&mode.as_str()),
        "LIFT_DESIGN_SE is design, share or model, not {mode}"
    );
    let averaged = |g: &Generated, i: usize, design_se: f64| -> f64 {
        salts
            .iter()
            .map(|salt| {
                if mode == "design" {
                    run_tests(
                        g,
                        vec![g.pause_test_with_se(i, design_se, salt)],
                        false,
                        settings,
                    )
                    .0
                } else {
                    run_salted(g, &[i], se, false, settings, salt).0
                }
            })
            .sum::<f64>()
            / salts.len() as f64
    };
    println!(
        "| case | seed | no test | test of design's first: channel, error | test of its median: channel, error | values per year (first / median) |"
    );
    println!("|---|---|---|---|---|---|");
    let (mut wins, mut total) = (0, 0);
    // Mean fall of the error from the fit without tests: the first choice's and the median's.
    let (mut cut_first, mut cut_middle) = (0.0, 0.0);
    for case in cases {
        let scenario = Scenario::named(case);
        for seed in from..=seeds {
            let g = generate(&scenario, seed);
            let request = FitRequest {
                bayes: settings.clone(),
                ..FitRequest::default()
            };
            let prepared = mixlens::fit::prepare(&g.csv, &request).unwrap();
            let report = prepared.run(usize::MAX, |_| true).unwrap();
            // The design is told the tests' precision (a share of the effect), as an analyst
            // who knows their test would, unless it is to assume its default.
            let design_request = if mode == "model" || mode == "design" {
                mixlens::design::DesignRequest::default()
            } else {
                mixlens::design::DesignRequest {
                    relative_standard_error: Some(se),
                    ..mixlens::design::DesignRequest::default()
                }
            };
            let d = mixlens::design::design(&report, &design_request).unwrap();
            for e in &d.experiments {
                eprintln!(
                    "  {case} {seed} design: {} value {:.0} (material from {:.0}), settles {:.0}, ROI {:.2}–{:.2} → {:.2}–{:.2}, SE {:.0}",
                    e.channel,
                    e.value,
                    d.material_value,
                    e.settles,
                    e.current_roi_interval[0],
                    e.current_roi_interval[1],
                    e.expected_roi_interval[0],
                    e.expected_roi_interval[1],
                    e.standard_error
                );
            }
            let idx = |name: &str| g.channels.iter().position(|c| c.name == name).unwrap();
            if every {
                // Every channel's test, for judging other orders than the design's.
                let (none, _, _) = run(&g, &[], se, false, settings);
                let rows: Vec<(String, f64, f64, f64, f64)> = d
                    .experiments
                    .iter()
                    .map(|e| {
                        let w = e.current_roi_interval[1] - e.current_roi_interval[0];
                        (
                            e.channel.clone(),
                            e.value,
                            e.settles,
                            w * e.spend_at_stake,
                            averaged(&g, idx(&e.channel), e.standard_error),
                        )
                    })
                    .collect();
                println!(
                    "EVERY {case} {seed} none {:.4} material {:.1} {}",
                    none,
                    d.material_value,
                    rows.iter()
                        .map(|(c, v, s, w, err)| format!("{c}:{v:.1}:{s:.1}:{w:.1}:{err:.4}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                );
                continue;
            }
            let first = &d.experiments[0];
            let middle = &d.experiments[d.experiments.len() / 2];
            let (none, _, _) = run(&g, &[], se, false, settings);
            let a = averaged(&g, idx(&first.channel), first.standard_error);
            let b = averaged(&g, idx(&middle.channel), middle.standard_error);
            total += 1;
            cut_first += none - a;
            cut_middle += none - b;
            if a <= b + 1e-9 {
                wins += 1;
            }
            println!(
                "| {case} | {seed} | {:.1}% | {}: {:.1}% | {}: {:.1}% | {:.0} / {:.0} |",
                100.0 * none,
                first.channel,
                100.0 * a,
                middle.channel,
                100.0 * b,
                first.value,
                middle.value
            );
        }
    }
    println!(
        "\nthe test design ranks first cuts the error at least as much as the median-ranked test in {wins} of {total} cases; on average it cuts {:.2} points, the median-ranked test {:.2}",
        100.0 * cut_first / f64::from(total.max(1)),
        100.0 * cut_middle / f64::from(total.max(1)),
    );
}

fn main() {
    let (seeds, cases) = oof::bench_args();
    let se: f64 = env("LIFT_SE").unwrap_or(0.15);
    let ridge = std::env::var("LIFT_ESTIMATOR").is_ok_and(|v| v == "ridge");
    let only_all = std::env::var("LIFT_ONLY").is_ok_and(|v| v == "all");
    let mut settings = BayesSettings::default();
    settings.draws = env("BAYES_DRAWS").unwrap_or(settings.draws);
    settings.tune = env("BAYES_TUNE").unwrap_or(settings.tune);
    // `LIFT_PROBE="CASE SEED CHANNEL [FOLDER]"`: one case fitted without tests and with a pause
    // test of one channel (standard error `LIFT_SE` of its lift); with `OOF_CHANNELS=1` every
    // channel's reading; a folder gets the data and the test as files, for the CLI.
    if let Ok(probe) = std::env::var("LIFT_PROBE") {
        let p: Vec<&str> = probe.split_whitespace().collect();
        let g = generate(&Scenario::named(p[0]), p[1].parse().unwrap());
        let i = g.channels.iter().position(|c| c.name == p[2]).unwrap();
        if let Some(dir) = p.get(3) {
            // The data and the test as files, for the CLI.
            let t = g.pause_test(i, se, "bench");
            std::fs::write(format!("{dir}/data.csv"), &g.csv).unwrap();
            std::fs::write(
                format!("{dir}/lift.csv"),
                format!(
                    "channel,start,end,lift,standard_error\n{},{},{},{},{}\n",
                    t.channel, t.start, t.end, t.lift, t.standard_error
                ),
            )
            .unwrap();
        }
        for tests in [vec![], vec![i]] {
            let (ours, oracle, capture) = run(&g, &tests, se, false, &settings);
            println!(
                "{probe} tests {tests:?}: {:.1}% (oracle {:.1}%), capture {:.0}%",
                100.0 * ours,
                100.0 * oracle,
                100.0 * capture
            );
        }
        return;
    }
    if std::env::var("LIFT_DESIGN").is_ok_and(|v| v == "1") {
        design_check(&cases, seeds, se, &settings);
        return;
    }
    println!(
        "{} estimator, tests with a standard error of {:.0} % of the true lift\n",
        if ridge { "ridge search" } else { "Bayesian" },
        100.0 * se
    );
    println!(
        "| case | seed | oracle | no tests | two largest tested | all tested | capture: none / two / all |"
    );
    println!("|---|---|---|---|---|---|---|");
    let mut rows = Vec::new();
    for case in &cases {
        let scenario = Scenario::named(case);
        for seed in 1..=seeds {
            let g = generate(&scenario, seed);
            let mut by_spend: Vec<usize> = (0..g.channels.len()).collect();
            by_spend.sort_by(|&a, &b| g.channels[b].spend.total_cmp(&g.channels[a].spend));
            let skip = (f64::NAN, f64::NAN, f64::NAN);
            let (none, oracle, c0) = if only_all {
                skip
            } else {
                run(&g, &[], se, ridge, &settings)
            };
            let (two, _, c2) = if only_all {
                skip
            } else {
                run(&g, &by_spend[..2], se, ridge, &settings)
            };
            let (all, oracle_all, ca) = run(&g, &by_spend, se, ridge, &settings);
            let oracle = if only_all { oracle_all } else { oracle };
            println!(
                "| {case} | {seed} | {:.1}% | {:.1}% ({:.2}×) | {:.1}% ({:.2}×) | {:.1}% ({:.2}×) | {:.0}% / {:.0}% / {:.0}% |",
                100.0 * oracle,
                100.0 * none,
                none / oracle,
                100.0 * two,
                two / oracle,
                100.0 * all,
                all / oracle,
                100.0 * c0,
                100.0 * c2,
                100.0 * ca
            );
            rows.push([oracle, none, two, all, c0, c2, ca]);
        }
    }
    let col = |i: usize| median(&rows.iter().map(|r| r[i]).collect::<Vec<_>>());
    println!(
        "| **median** | | **{:.1}%** | **{:.1}%** ({:.2}× the oracle's median) | **{:.1}%** ({:.2}×) | **{:.1}%** ({:.2}×) | **{:.0}% / {:.0}% / {:.0}%** |",
        100.0 * col(0),
        100.0 * col(1),
        col(1) / col(0),
        100.0 * col(2),
        col(2) / col(0),
        100.0 * col(3),
        col(3) / col(0),
        100.0 * col(4),
        100.0 * col(5),
        100.0 * col(6)
    );
}
