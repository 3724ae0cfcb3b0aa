//! Accuracy of the recommended model against the simulator's truth, over many seeds and noise
//! levels, next to two references: the "oracle" (the true transform parameters, so only the
//! coefficients are estimated: the best any method could do) and the single lowest-NRMSE model.
//!
//! `cargo bench --bench accuracy_table -- [SEEDS] [NOISE...]`
//! A seed passes when every channel's ROI is within 25% of the truth and the mean error is at
//! most 15%. Ranking is measured by ROI, not contribution (the contribution order mostly follows
//! spend, which the model is given): the share of channel pairs whose true ROIs differ by more
//! than 10% that the estimates put in the true order (closer pairs are within the estimates' own
//! error, the oracle's included).
//!
//! `TOLERANCES=t,r` adds a row and a coverage line for the recommendation with other
//! likelihood distances (t for the equally good set, r for the ROI range), on the same searches.

use mixlens::data::{RoleRequest, load_csv};
use mixlens::estimate::ridge::{Design, Scratch};
use mixlens::fit::{FitRequest, prepare_loaded};
use mixlens::model::HyperParams;
use mixlens::simulate::{SimulationSettings, simulate};
use mixlens::transform::{Adstock, Saturation};

/// Pairs of channels whose true ROIs differ by more than this share are expected in order.
const RANK_MARGIN: f64 = 0.10;

/// Of the pairs of channels whose true ROIs differ by more than [`RANK_MARGIN`]: how many the
/// estimates put in the true order, and how many there are.
fn pairs_in_order(roi: &[f64], truth: &[f64]) -> (usize, usize) {
    let (mut right, mut all) = (0, 0);
    for a in 0..truth.len() {
        for b in 0..truth.len() {
            if truth[a] > truth[b] * (1.0 + RANK_MARGIN) {
                all += 1;
                right += usize::from(roi[a] > roi[b]);
            }
        }
    }
    (right, all)
}

/// One method on one seed.
struct Score {
    mean: f64,
    worst: f64,
    /// Pairs in the true order, pairs compared.
    pairs: (usize, usize),
    /// Estimate / truth of the highest-ROI channel.
    top: f64,
}

fn score(roi: &[f64], truth: &[f64]) -> Score {
    let e: Vec<f64> = roi
        .iter()
        .zip(truth)
        .map(|(r, t)| (r - t).abs() / t)
        .collect();
    let top = (0..truth.len())
        .max_by(|&a, &b| truth[a].total_cmp(&truth[b]))
        .unwrap_or(0);
    Score {
        mean: e.iter().sum::<f64>() / e.len() as f64,
        worst: e.iter().fold(0.0f64, |a, &b| a.max(b)),
        pairs: pairs_in_order(roi, truth),
        top: roi[top] / truth[top],
    }
}

/// Robyn ranks Pareto models by their distance to the origin after scaling each objective to
/// [0, 1] over the front; the closest is its top solution.
fn robyn_style(out: &mixlens::search::SearchOutcome) -> usize {
    let f: Vec<&mixlens::search::Candidate> =
        out.pareto.iter().map(|&i| &out.candidates[i]).collect();
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
        .unwrap_or(0)]
}

/// Per method, its score on each seed.
type Rows<'a> = Vec<(&'a str, Vec<Score>)>;

fn main() {
    // `cargo bench` passes --bench to harness-less benches; only numbers are ours.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let seeds: u64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(20);
    let noises: Vec<f64> = if args.len() > 1 {
        args[1..].iter().filter_map(|s| s.parse().ok()).collect()
    } else {
        vec![0.02, 0.03, 0.05]
    };
    println!(
        "| noise | true-model R² | method | mean error | worst channel (mean) | highest-ROI channel read at | ROI pairs in true order | seeds passing |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let other: Option<(f64, f64)> = std::env::var("TOLERANCES").ok().and_then(|v| {
        let (a, b) = v.split_once(',')?;
        Some((a.parse().ok()?, b.parse().ok()?))
    });
    let other_name = other.map_or(String::new(), |(t, r)| {
        format!("recommended, Δlog L ≤ {t} (range ≤ {r})")
    });
    // Per noise level and cut-offs: channels whose ROI range holds the truth, channels, summed
    // relative width.
    let mut coverage: Vec<(String, usize, usize, f64)> = Vec::new();
    for noise in noises {
        let mut cov = [(0, 0, 0.0); 2];
        let mut rows: Rows = vec![
            ("oracle (true curves)", vec![]),
            ("lowest NRMSE", vec![]),
            ("Robyn-style pick", vec![]),
            ("recommended, with α prior sd 0.5", vec![]),
            ("recommended", vec![]),
        ];
        if other.is_some() {
            rows.push((&other_name, vec![]));
        }
        let mut r2 = 0.0;
        for seed in 1..=seeds {
            let sim = simulate(&SimulationSettings {
                seed,
                noise,
                ..Default::default()
            })
            .unwrap();
            let y = &sim.dataset.kpi.values;
            let m = y.iter().sum::<f64>() / y.len() as f64;
            r2 += 1.0
                - sim.truth.noise_sd.powi(2)
                    / (y.iter().map(|v| (v - m).powi(2)).sum::<f64>() / y.len() as f64);
            let truth: Vec<f64> = sim.truth.channels.iter().map(|c| c.roi).collect();
            let loaded = load_csv(&sim.dataset.to_csv(), &RoleRequest::default()).unwrap();
            let mut request = FitRequest {
                estimator: mixlens::model::EstimatorKind::RidgeSearch.into(),
                ..FitRequest::default()
            };
            // PRIOR=sd (0 for none) overrides the Hill slope prior, for comparing settings.
            if let Ok(v) = std::env::var("PRIOR") {
                request.model.hill_slope_prior = v.parse::<f64>().ok().filter(|v| *v > 0.0);
            }
            let prepared = prepare_loaded(loaded, &request).unwrap();
            // Oracle.
            let design = Design::new(&prepared.loaded.dataset, &prepared.spec, 0.0).unwrap();
            let mut media: Vec<Vec<f64>> = sim
                .truth
                .channels
                .iter()
                .map(|c| match (c.transform.adstock, c.transform.saturation) {
                    (Adstock::Geometric { theta }, Saturation::Hill { alpha, gamma, .. }) => {
                        vec![theta, alpha, gamma]
                    }
                    _ => unreachable!("the simulator uses geometric adstock and Hill saturation"),
                })
                .collect();
            media.push(vec![0.2, 1.2, 0.5]);
            let oracle = design
                .fit(
                    &prepared.spec,
                    &HyperParams {
                        media,
                        lambda_h: 0.0,
                    },
                    &mut Scratch::default(),
                )
                .unwrap();
            rows[0].1.push(score(&oracle.roi, &truth));
            let mut search = prepared.search().unwrap();
            search.run();
            let out = search.finish().unwrap();
            rows[1]
                .1
                .push(score(&out.candidates[out.pareto[0]].roi, &truth));
            rows[2]
                .1
                .push(score(&out.candidates[robyn_style(&out)].roi, &truth));
            rows[4].1.push(score(&out.selected().roi, &truth));
            let mut selections = vec![out.selection.clone()];
            if let Some((t, r)) = other {
                let sel =
                    mixlens::search::select::recommend_within(&out.candidates, design.train, t, r)
                        .unwrap();
                rows[5]
                    .1
                    .push(score(&out.candidates[sel.index].roi, &truth));
                selections.push(sel);
            }
            for (sel, (covered, channels, width)) in selections.iter().zip(&mut cov) {
                let roi = &out.candidates[sel.index].roi;
                for ((&[lo, hi], &t), &r) in sel.roi_range.iter().zip(&truth).zip(roi) {
                    *covered += usize::from(lo <= t && t <= hi);
                    *channels += 1;
                    *width += (hi - lo) / r;
                }
            }
            let mut with_prior = request.clone();
            with_prior.model.hill_slope_prior =
                Some(mixlens::model::spec::defaults::HILL_SLOPE_PRIOR_SD);
            let p2 = prepare_loaded(prepared.loaded.clone(), &with_prior).unwrap();
            let mut s2 = p2.search().unwrap();
            s2.run();
            let out2 = s2.finish().unwrap();
            rows[3].1.push(score(&out2.selected().roi, &truth));
        }
        for (name, r) in &rows {
            let n = r.len() as f64;
            println!(
                "| {:.0}% | {:.3} | {} | {:.1}% | {:.1}% | {:.0}% | {:.0}% | {}/{} |",
                100.0 * noise,
                r2 / seeds as f64,
                name,
                100.0 * r.iter().map(|x| x.mean).sum::<f64>() / n,
                100.0 * r.iter().map(|x| x.worst).sum::<f64>() / n,
                100.0 * r.iter().map(|x| x.top).sum::<f64>() / n,
                100.0 * r.iter().map(|x| x.pairs.0).sum::<usize>() as f64
                    / r.iter().map(|x| x.pairs.1).sum::<usize>().max(1) as f64,
                r.iter()
                    .filter(|x| x.mean <= 0.15 && x.worst <= 0.25)
                    .count(),
                r.len()
            );
        }
        let (covered, channels, width) = cov[0];
        coverage.push((format!("{:.0}%", 100.0 * noise), covered, channels, width));
        if let Some((_, r)) = other {
            let (covered, channels, width) = cov[1];
            let label = format!("{:.0}%, range ≤ {r}", 100.0 * noise);
            coverage.push((label, covered, channels, width));
        }
    }
    println!();
    println!("| noise | ROI range holds the true ROI | mean width (share of the ROI) |");
    println!("|---|---|---|");
    for (label, covered, channels, width) in coverage {
        println!(
            "| {label} | {covered} of {channels} channels | {:.0}% |",
            100.0 * width / channels.max(1) as f64
        );
    }
}
