//! The Bayesian estimator on the out-of-family generator (`tests/oof/mod.rs`), next to the
//! oracle: misattribution, interval coverage and width, plan capture, convergence.
//!
//! `cargo bench --bench oof_bayes -- [SEEDS] [CASE...]` (default: 3 seeds, every case).
//! `BAYES_DRAWS`, `BAYES_TUNE`, `BAYES_CHAINS` change the sampler's settings, `BAYES_AR=0` turns
//! the AR(1) noise off, `BAYES_NO_EFFECT=p` sets the prior probability of no effect,
//! `BAYES_SLOPE_SD=sd` a log-normal prior on Hill α around 1, `BAYES_PDF=tv,...` a delayed
//! (Weibull PDF) adstock for the channels named;
//! `OOF_CHANNELS=1` prints every channel on stderr.

#[path = "../tests/oof/mod.rs"]
mod oof;

use mixlens::estimate::bayes::BayesSettings;
use mixlens::fit::FitRequest;
use oof::{Scenario, generate, measure_bayes, median};

fn env(name: &str) -> Option<usize> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

fn main() {
    let (seeds, cases) = oof::bench_args();
    let mut settings = BayesSettings::default();
    settings.draws = env("BAYES_DRAWS").unwrap_or(settings.draws);
    settings.tune = env("BAYES_TUNE").unwrap_or(settings.tune);
    settings.chains = env("BAYES_CHAINS").unwrap_or(settings.chains);
    if std::env::var("BAYES_AR").is_ok_and(|v| v == "0") {
        settings.autocorrelated_noise = false;
    }
    if let Some(v) = std::env::var("BAYES_NO_EFFECT")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        settings.no_effect = v;
    }
    let mut request = FitRequest::default();
    request.model.hill_slope_prior = std::env::var("BAYES_SLOPE_SD")
        .ok()
        .and_then(|v| v.parse().ok());
    // `BAYES_PDF=tv,...`: those channels with a delayed (Weibull PDF) adstock, as an analyst
    // who knows they act with a delay would set them (`--channel-adstock tv=weibull_pdf`).
    if let Ok(v) = std::env::var("BAYES_PDF") {
        for c in v.split(',').filter(|c| !c.is_empty()) {
            request
                .model
                .channel_adstock
                .insert(c.to_string(), mixlens::transform::AdstockKind::WeibullPdf);
        }
    }
    let verbose = std::env::var("OOF_CHANNELS").is_ok_and(|v| v == "1");
    println!(
        "| case | seed | ours | oracle | ours / oracle | posterior mean | 90 % interval holds | median width / true ROI | plan capture | oracle's plan | R̂ max | ESS min | worst channel: true ROI → ours [interval] (oracle) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    let mut all = Vec::new();
    for case in &cases {
        let scenario = Scenario::named(case);
        for seed in 1..=seeds {
            let g = generate(&scenario, seed);
            let m = measure_bayes(&g, &request, &settings);
            let worst = m
                .rois
                .iter()
                .max_by(|a, b| {
                    let e = |r: &(String, f64, f64, f64, [f64; 2])| {
                        let s = g
                            .channels
                            .iter()
                            .find(|c| c.name == r.0)
                            .map_or(0.0, |c| c.spend);
                        s * (r.2 - r.1).abs()
                    };
                    e(a).total_cmp(&e(b))
                })
                .map_or(String::new(), |(n, t, o, q, [lo, hi])| {
                    format!("{n}: {t:.2} → {o:.2} [{lo:.2}–{hi:.2}] ({q:.2})")
                });
            println!(
                "| {case} | {seed} | {:.1}% | {:.1}% | {:.2} | {:.1}% | {}/{} | {:.2} | {:.0}% | {:.0}% | {:.3} | {:.0} | {worst} |",
                100.0 * m.ours,
                100.0 * m.oracle,
                m.ours / m.oracle,
                100.0 * m.posterior_mean,
                m.interval_holds.0,
                m.interval_holds.1,
                median(&m.relative_widths),
                100.0 * m.plan_capture,
                100.0 * m.plan_capture_oracle,
                m.rhat_max,
                m.ess_min,
            );
            if verbose {
                for ((n, t, o, q, [lo, hi]), v) in m.rois.iter().zip(&m.moves) {
                    eprintln!(
                        "  {case}/{seed} {n}: true {t:.2}, ours {o:.2} [{lo:.2}, {hi:.2}], oracle {q:.2}; spend {:.0} → planned {:.0} (true best {:.0}), gain claimed {:.0}, true {:.0}; marginal model {:.2}, true {:.2}",
                        v.current,
                        v.planned,
                        v.best,
                        v.claimed,
                        v.truth,
                        v.marginal_model,
                        v.marginal_true
                    );
                }
            }
            all.push(m);
        }
    }
    let col =
        |f: &dyn Fn(&oof::MeasuredBayes) -> f64| median(&all.iter().map(f).collect::<Vec<_>>());
    let (held, channels) = all.iter().fold((0, 0), |(h, n), m| {
        (h + m.interval_holds.0, n + m.interval_holds.1)
    });
    let widths: Vec<f64> = all.iter().flat_map(|m| m.relative_widths.clone()).collect();
    println!(
        "| **median** | | **{:.1}%** | **{:.1}%** | **{:.2}** | **{:.1}%** | **{held}/{channels}** | **{:.2}** | **{:.0}%** | **{:.0}%** | {:.3} | {:.0} | |",
        100.0 * col(&|m| m.ours),
        100.0 * col(&|m| m.oracle),
        col(&|m| m.ours / m.oracle),
        100.0 * col(&|m| m.posterior_mean),
        median(&widths),
        100.0 * col(&|m| m.plan_capture),
        100.0 * col(&|m| m.plan_capture_oracle),
        all.iter().map(|m| m.rhat_max).fold(0.0, f64::max),
        all.iter().map(|m| m.ess_min).fold(f64::INFINITY, f64::min),
    );
    let worst = all.iter().map(|m| m.ours).fold(0.0, f64::max);
    let min_capture = all
        .iter()
        .map(|m| m.plan_capture)
        .fold(f64::INFINITY, f64::min);
    let below = |f: &dyn Fn(&oof::MeasuredBayes) -> f64| all.iter().filter(|m| f(m) < 0.5).count();
    let min_oracle = all
        .iter()
        .map(|m| m.plan_capture_oracle)
        .fold(f64::INFINITY, f64::min);
    println!(
        "\nworst case {:.1}%; lowest plan capture {:.0}% ({} below 50 %; the oracle's plans: lowest {:.0}%, {} below 50 %); the 90 % interval holds the true ROI for {held} of {channels} channels ({:.0}%)",
        100.0 * worst,
        100.0 * min_capture,
        below(&|m| m.plan_capture),
        100.0 * min_oracle,
        below(&|m| m.plan_capture_oracle),
        100.0 * held as f64 / channels as f64
    );
    // The plans' moves under the truth: do cuts cost what the model says (the optimizer's
    // curse: a plan cuts the channels read lowest, and noise reads some of them too low)?
    let moves: Vec<oof::Move> = all.iter().flat_map(|m| m.moves.clone()).collect();
    let sum = |f: &dyn Fn(&oof::Move) -> bool| {
        let (n, claimed, truth) = moves.iter().filter(|m| f(m)).fold((0, 0.0, 0.0), |a, m| {
            (a.0 + 1, a.1 + m.claimed, a.2 + m.truth)
        });
        format!("{n} moves, claimed / true {:.2}", claimed / truth)
    };
    let up = |m: &oof::Move| m.planned > 1.001 * m.current;
    let cut = |m: &oof::Move| m.planned < 0.999 * m.current && m.truth < 0.0;
    let low = |m: &oof::Move| m.marginal_model < m.marginal_true;
    let ratios: Vec<f64> = moves
        .iter()
        .filter(|m| m.marginal_true > 0.05)
        .map(|m| m.marginal_model / m.marginal_true)
        .collect();
    println!(
        "plans' moves under the truth: up {}; cuts {} (marginal return read low: {}; read high: {}); each channel's marginal return at current spend, model / truth: median {:.2}",
        sum(&up),
        sum(&cut),
        sum(&|m| cut(m) && low(m)),
        sum(&|m| cut(m) && !low(m)),
        median(&ratios),
    );
}
