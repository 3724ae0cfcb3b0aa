//! Accuracy of the recommended model against the simulator's truth, over many seeds and noise
//! levels, next to two references: the "oracle" (the true transform parameters, so only the
//! coefficients are estimated: the best any method could do) and the single lowest-NRMSE model.
//!
//! `cargo bench --bench accuracy_table -- [SEEDS] [NOISE...]`
//! A seed passes when every channel's ROI is within 25% of the truth, the mean error is at most
//! 15% and the channels' ranking by contribution is right.

use mixlens::data::{RoleRequest, load_csv};
use mixlens::fit::{FitRequest, prepare_loaded};
use mixlens::estimate::ridge::{Design, Scratch};
use mixlens::model::HyperParams;
use mixlens::simulate::{SimulationSettings, simulate};
use mixlens::transform::{Adstock, Saturation};

/// (mean error, worst error, ranking right, estimate / truth of the highest-ROI channel)
fn score(
    roi: &[f64],
    truth: &[f64],
    truth_contrib: &[f64],
    spend: &[f64],
) -> (f64, f64, bool, f64) {
    let e: Vec<f64> = roi
        .iter()
        .zip(truth)
        .map(|(r, t)| (r - t).abs() / t)
        .collect();
    let rank = |v: &[f64]| {
        let mut o: Vec<usize> = (0..v.len()).collect();
        o.sort_by(|&a, &b| v[b].total_cmp(&v[a]));
        o
    };
    let est: Vec<f64> = roi.iter().zip(spend).map(|(r, s)| r * s).collect();
    let top = (0..truth.len())
        .max_by(|&a, &b| truth[a].total_cmp(&truth[b]))
        .unwrap_or(0);
    (
        e.iter().sum::<f64>() / e.len() as f64,
        e.iter().fold(0.0f64, |a, &b| a.max(b)),
        rank(&est) == rank(truth_contrib),
        roi[top] / truth[top],
    )
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

/// Per method: (mean error, worst error, ranking right, highest-ROI channel read) per seed.
type Rows<'a> = Vec<(&'a str, Vec<(f64, f64, bool, f64)>)>;

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
        "| noise | true-model R² | method | mean error | worst channel (mean) | highest-ROI channel read at | ranking right | seeds passing |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    // Per noise level: channels whose ROI range holds the truth, channels, summed relative width.
    let mut coverage: Vec<(f64, usize, usize, f64)> = Vec::new();
    for noise in noises {
        let (mut covered, mut channels, mut width) = (0, 0, 0.0);
        let mut rows: Rows = vec![
            ("oracle (true curves)", vec![]),
            ("lowest NRMSE", vec![]),
            ("Robyn-style pick", vec![]),
            ("recommended, with α prior sd 0.5", vec![]),
            ("recommended", vec![]),
        ];
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
            let contrib: Vec<f64> = sim.truth.channels.iter().map(|c| c.contribution).collect();
            let spend: Vec<f64> = sim.truth.channels.iter().map(|c| c.spend).collect();
            let loaded = load_csv(&sim.dataset.to_csv(), &RoleRequest::default()).unwrap();
            let mut request = FitRequest::default();
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
            rows[0].1.push(score(&oracle.roi, &truth, &contrib, &spend));
            let mut search = prepared.search().unwrap();
            search.run();
            let out = search.finish().unwrap();
            rows[1].1.push(score(
                &out.candidates[out.pareto[0]].roi,
                &truth,
                &contrib,
                &spend,
            ));
            rows[2].1.push(score(
                &out.candidates[robyn_style(&out)].roi,
                &truth,
                &contrib,
                &spend,
            ));
            rows[4]
                .1
                .push(score(&out.selected().roi, &truth, &contrib, &spend));
            for ((&[lo, hi], &t), &r) in out
                .selection
                .roi_range
                .iter()
                .zip(&truth)
                .zip(&out.selected().roi)
            {
                covered += usize::from(lo <= t && t <= hi);
                channels += 1;
                width += (hi - lo) / r;
            }
            let mut with_prior = request.clone();
            with_prior.model.hill_slope_prior =
                Some(mixlens::model::spec::defaults::HILL_SLOPE_PRIOR_SD);
            let p2 = prepare_loaded(prepared.loaded.clone(), &with_prior).unwrap();
            let mut s2 = p2.search().unwrap();
            s2.run();
            let out2 = s2.finish().unwrap();
            rows[3]
                .1
                .push(score(&out2.selected().roi, &truth, &contrib, &spend));
        }
        for (name, r) in &rows {
            let n = r.len() as f64;
            println!(
                "| {:.0}% | {:.3} | {} | {:.1}% | {:.1}% | {:.0}% | {}/{} | {}/{} |",
                100.0 * noise,
                r2 / seeds as f64,
                name,
                100.0 * r.iter().map(|x| x.0).sum::<f64>() / n,
                100.0 * r.iter().map(|x| x.1).sum::<f64>() / n,
                100.0 * r.iter().map(|x| x.3).sum::<f64>() / n,
                r.iter().filter(|x| x.2).count(),
                r.len(),
                r.iter()
                    .filter(|x| x.0 <= 0.15 && x.1 <= 0.25 && x.2)
                    .count(),
                r.len()
            );
        }
        coverage.push((noise, covered, channels, width));
    }
    println!();
    println!("| noise | ROI range holds the true ROI | mean width (share of the ROI) |");
    println!("|---|---|---|");
    for (noise, covered, channels, width) in coverage {
        println!(
            "| {:.0}% | {covered} of {channels} channels | {:.0}% |",
            100.0 * noise,
            100.0 * width / channels as f64
        );
    }
}
