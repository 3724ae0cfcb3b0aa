//! Accuracy on data from a generator outside MixLens's model family (`tests/oof/mod.rs`), next
//! to the oracle that is told the true curves, the lowest-NRMSE model and the Robyn-style pick;
//! and how much of the true optimal uplift the plans capture under the true curves: planned on
//! the recommended model's point estimate, on the mean response over its draws (the default
//! basis is one of the two, `PlanBasis::for_estimator`), and on the lowest-NRMSE model.
//!
//! `cargo bench --bench oof_table -- [SEEDS] [CASE...]` (default: 3 seeds, every case).
//! Prints a markdown table, then the medians; `OOF_CHANNELS=1` adds every channel's ROIs on
//! stderr, `THETA_MAX=v` searches every channel's geometric decay in [0, v] instead of the
//! default range, `OOF_ITERATIONS=i OOF_TRIALS=t` searches t trials of i candidates (to compare
//! settings; the table in BENCHMARKS.md uses the defaults).

#[path = "../tests/oof/mod.rs"]
mod oof;

use mixlens::fit::FitRequest;
use mixlens::model::options::RangeOverride;
use oof::{Scenario, generate, measure, median};

fn main() {
    let (seeds, cases) = oof::bench_args();
    let mut request = FitRequest {
        estimator: mixlens::model::EstimatorKind::RidgeSearch.into(),
        ..FitRequest::default()
    };
    // THETA_MAX=v widens every channel's geometric decay range to [0, v], for comparing settings.
    if let Some(high) = std::env::var("THETA_MAX")
        .ok()
        .and_then(|v| v.parse::<f64>().ok())
    {
        let g = generate(&Scenario::named(&cases[0]), 1);
        for c in &g.channels {
            request.model.ranges.push(RangeOverride {
                channel: c.name.clone(),
                parameter: "theta".into(),
                low: 0.0,
                high,
            });
        }
    }
    // OOF_ITERATIONS=i and OOF_TRIALS=t search every case with that shape (for measuring what
    // the big-data scaling of `estimate::search::budget` costs on data of ordinary size).
    let knob = |name: &str| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
    };
    if let Some(i) = knob("OOF_ITERATIONS") {
        request.search.iterations = i;
    }
    if let Some(t) = knob("OOF_TRIALS") {
        request.search.trials = t;
    }
    // OOF_CHANNELS=1 also prints every channel's ROIs (to stderr).
    let verbose = std::env::var("OOF_CHANNELS").is_ok_and(|v| v == "1");
    println!(
        "| case | seed | ours | oracle | ours / oracle | lowest NRMSE | consensus median ROIs | Robyn-style | plan capture (point) | plan capture (mean of draws) | plan capture (lowest NRMSE) | true optimal uplift | worst channel: true ROI → ours (oracle) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    let mut all = Vec::new();
    // Channels whose 90 % interval holds the true ROI, and channels, per seed.
    let mut by_seed = vec![(0usize, 0usize); seeds as usize];
    for case in &cases {
        let scenario = Scenario::named(case);
        for seed in 1..=seeds {
            let g = generate(&scenario, seed);
            let m = measure(&g, &request);
            let worst = m
                .rois
                .iter()
                .max_by(|a, b| {
                    let e = |r: &(String, f64, f64, f64, f64)| {
                        let c = g
                            .channels
                            .iter()
                            .find(|c| c.name == r.0)
                            .map_or(0.0, |c| c.spend);
                        c * (r.2 - r.1).abs()
                    };
                    e(a).total_cmp(&e(b))
                })
                .cloned();
            let worst = worst.map_or(String::new(), |(n, t, o, q, _)| {
                format!("{n}: {t:.2} → {o:.2} ({q:.2})")
            });
            println!(
                "| {case} | {seed} | {:.1}% | {:.1}% | {:.2} | {:.1}% | {:.1}% | {:.1}% | {:.1}% | {:.1}% | {:.1}% | {:.1}% | {worst} |",
                100.0 * m.ours,
                100.0 * m.oracle,
                m.ours / m.oracle,
                100.0 * m.lowest_nrmse,
                100.0 * m.consensus_median,
                100.0 * m.robyn_style,
                100.0 * m.plan_capture_point,
                100.0 * m.plan_capture_mean,
                100.0 * m.plan_capture_lowest_nrmse,
                100.0 * m.true_uplift,
            );
            if verbose {
                for ((n, t, o, q, l), i) in m.rois.iter().zip(&m.intervals) {
                    let i = i.map_or("-".to_string(), |[a, b]| format!("[{a:.2}–{b:.2}]"));
                    eprintln!(
                        "  {case}/{seed} {n}: true {t:.2}, ours {o:.2} {i}, oracle {q:.2}, lowest NRMSE {l:.2}"
                    );
                }
            }
            by_seed[(seed - 1) as usize].0 += m.interval_holds;
            by_seed[(seed - 1) as usize].1 += m.rois.len();
            all.push(m);
        }
    }
    let col = |f: &dyn Fn(&oof::Measured) -> f64| median(&all.iter().map(f).collect::<Vec<_>>());
    println!(
        "| **median** | | **{:.1}%** | **{:.1}%** | **{:.2}** | **{:.1}%** | **{:.1}%** | **{:.1}%** | **{:.1}%** | **{:.1}%** | **{:.1}%** | {:.1}% | |",
        100.0 * col(&|m| m.ours),
        100.0 * col(&|m| m.oracle),
        col(&|m| m.ours / m.oracle),
        100.0 * col(&|m| m.lowest_nrmse),
        100.0 * col(&|m| m.consensus_median),
        100.0 * col(&|m| m.robyn_style),
        100.0 * col(&|m| m.plan_capture_point),
        100.0 * col(&|m| m.plan_capture_mean),
        100.0 * col(&|m| m.plan_capture_lowest_nrmse),
        100.0 * col(&|m| m.true_uplift),
    );
    let (held, channels) = all.iter().fold((0, 0), |(h, n), m| {
        (h + m.range_holds.0, n + m.range_holds.1)
    });
    let interval_held: usize = all.iter().map(|m| m.interval_holds).sum();
    let widths: Vec<f64> = all
        .iter()
        .flat_map(|m| {
            m.rois
                .iter()
                .zip(&m.intervals)
                .filter_map(|(r, i)| i.filter(|_| r.1 > 0.0).map(|[lo, hi]| (hi - lo) / r.1))
        })
        .collect();
    println!(
        "the 90 % roi_interval holds the true ROI for {interval_held} of {channels} channels; median width {:.2}× the true ROI",
        median(&widths)
    );
    let per_seed: Vec<String> = by_seed
        .iter()
        .enumerate()
        .map(|(s, (h, n))| format!("seed {}: {h}/{n}", s + 1))
        .collect();
    println!("by seed: {}", per_seed.join(", "));
    let mean = |f: &dyn Fn(&oof::Measured) -> f64| {
        100.0 * all.iter().map(f).sum::<f64>() / all.len() as f64
    };
    println!(
        "\nthe ROI range holds the true ROI for {held} of {channels} channels; mean plan capture: point {:.1}%, mean of draws {:.1}%, default basis {:.1}%, lowest NRMSE {:.1}%",
        mean(&|m| m.plan_capture_point),
        mean(&|m| m.plan_capture_mean),
        mean(&|m| m.plan_capture),
        mean(&|m| m.plan_capture_lowest_nrmse),
    );
    let mean_better = all
        .iter()
        .filter(|m| m.plan_capture_mean > m.plan_capture_point + 1e-9)
        .count();
    let point_better = all
        .iter()
        .filter(|m| m.plan_capture_point > m.plan_capture_mean + 1e-9)
        .count();
    println!(
        "plan capture: the mean of draws beats the point estimate on {mean_better} of {} fits, the point estimate beats it on {point_better}; worst fit: point {:.1}%, mean of draws {:.1}%",
        all.len(),
        100.0
            * all
                .iter()
                .map(|m| m.plan_capture_point)
                .fold(f64::INFINITY, f64::min),
        100.0
            * all
                .iter()
                .map(|m| m.plan_capture_mean)
                .fold(f64::INFINITY, f64::min),
    );
    let better = all.iter().filter(|m| m.ours < m.lowest_nrmse).count();
    println!(
        "recommended beats lowest NRMSE on {better} of {} fits; mean misattribution: ours {:.1}%, lowest NRMSE {:.1}%, consensus median ROIs {:.1}%, Robyn-style {:.1}%, oracle {:.1}%",
        all.len(),
        mean(&|m| m.ours),
        mean(&|m| m.lowest_nrmse),
        mean(&|m| m.consensus_median),
        mean(&|m| m.robyn_style),
        mean(&|m| m.oracle),
    );
}
