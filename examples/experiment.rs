//! Compare selection rules against the simulator's truth over many seeds (development tool).
use mixlens::model::{HyperParams, ModelSpec, Scratch, Design};
use mixlens::search::{Search, SearchSettings, Candidate};
use mixlens::simulate::{simulate, SimulationSettings};
use mixlens::transform::{Adstock, AdstockKind, Saturation};

fn score(roi: &[f64], truth: &[f64], contrib_truth: &[f64], spend: &[f64]) -> (f64, f64, bool) {
    let e: Vec<f64> = roi.iter().zip(truth).map(|(r, t)| (r - t).abs() / t).collect();
    let est: Vec<f64> = roi.iter().zip(spend).map(|(r, s)| r * s).collect();
    let rank = |v: &[f64]| { let mut o: Vec<usize> = (0..v.len()).collect(); o.sort_by(|&a, &b| v[b].total_cmp(&v[a])); o };
    (e.iter().sum::<f64>() / e.len() as f64, e.iter().fold(0.0f64, |a, &b| a.max(b)), rank(&est) == rank(contrib_truth))
}

fn closest(cands: &[&Candidate], target: &[f64]) -> usize {
    let d = |c: &Candidate| c.roi.iter().zip(target).map(|(r, m)| ((r - m) / m.abs().max(1e-9)).powi(2)).sum::<f64>();
    (0..cands.len()).min_by(|&a, &b| d(cands[a]).total_cmp(&d(cands[b]))).unwrap()
}
fn median_roi(cands: &[&Candidate]) -> Vec<f64> {
    let k = cands[0].roi.len();
    (0..k).map(|c| { let mut v: Vec<f64> = cands.iter().map(|x| x.roi[c]).collect(); v.sort_by(f64::total_cmp); let m = v.len(); if m % 2 == 1 { v[m/2] } else { 0.5*(v[m/2-1]+v[m/2]) } }).collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let seeds: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(10);
    let noise: f64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(0.03);
    let iters: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(2000);
    let verbose = std::env::var("VERBOSE").is_ok();
    let mut table: Vec<(String, Vec<(f64, f64, bool)>)> = Vec::new();
    let mut push = |name: &str, r: (f64, f64, bool)| {
        if let Some(e) = table.iter_mut().find(|e| e.0 == name) { e.1.push(r) } else { table.push((name.to_string(), vec![r])) }
    };
    for seed in 1..=seeds {
        let sim = simulate(&SimulationSettings { seed, noise, ..Default::default() }).unwrap();
        let data = &sim.dataset;
        let mut spec = ModelSpec::for_dataset(data, AdstockKind::Geometric); if let Ok(v) = std::env::var("PRIOR") { spec.hill_slope_prior = v.parse().ok().filter(|v: &f64| *v > 0.0); }
        let truth: Vec<f64> = sim.truth.channels.iter().map(|c| c.roi).collect();
        let ctruth: Vec<f64> = sim.truth.channels.iter().map(|c| c.contribution).collect();
        let spend: Vec<f64> = sim.truth.channels.iter().map(|c| c.spend).collect();
        let design = Design::new(data, &spec, 0.0).unwrap();
        let mut media: Vec<Vec<f64>> = sim.truth.channels.iter().map(|c| {
            let th = match c.transform.adstock { Adstock::Geometric { theta } => theta, _ => 0.0 };
            let (a, g) = match c.transform.saturation { Saturation::Hill { alpha, gamma, .. } => (alpha, gamma), _ => (0.0, 0.0) };
            vec![th, a, g]
        }).collect();
        if !data.organic.is_empty() { media.push(vec![0.2, 1.2, 0.5]); }
        let oracle = design.fit(&spec, &HyperParams { media, lambda_h: 0.0 }, &mut Scratch::default()).unwrap();
        push("oracle", score(&oracle.roi, &truth, &ctruth, &spend));
        let mut s = Search::new(data, &spec, SearchSettings { iterations: iters, ..Default::default() }).unwrap();
        let t0 = std::time::Instant::now();
        s.run();
        let out = s.finish().unwrap();
        let c = &out.candidates;
        let ok: Vec<&Candidate> = c.iter().filter(|x| x.nrmse.is_finite()).collect();
        let best = ok.iter().map(|x| x.nrmse).fold(f64::INFINITY, f64::min);
        let pareto: Vec<&Candidate> = out.pareto.iter().map(|&i| &c[i]).collect();
        push("min_nrmse", score(&pareto[0].roi, &truth, &ctruth, &spend));
        push("RECOMMENDED", score(&c[out.selection.index].roi, &truth, &ctruth, &spend));
        let _ = t0;
        let map = ok.iter().min_by(|a, b| a.fit_score.total_cmp(&b.fit_score)).unwrap();
        push("min_fit_score", score(&map.roi, &truth, &ctruth, &spend));
        let bs = map.fit_score;
        for tol in [0.01, 0.03] {
            let near: Vec<&Candidate> = ok.iter().copied().filter(|x| x.fit_score <= bs * (1.0 + tol)).collect();
            let med = median_roi(&near);
            push(&format!("score_median@{tol}"), score(&med, &truth, &ctruth, &spend));
            push(&format!("score_closest@{tol}"), score(&near[closest(&near, &med)].roi, &truth, &ctruth, &spend));
        }
        for tol in [0.01, 0.03, 0.06, 0.1] {
            let near: Vec<&Candidate> = ok.iter().copied().filter(|x| x.nrmse <= best * (1.0 + tol)).collect();
            let med = median_roi(&near);
            push(&format!("median_all@{tol}"), score(&med, &truth, &ctruth, &spend));
            push(&format!("closest_all@{tol}"), score(&near[closest(&near, &med)].roi, &truth, &ctruth, &spend));
            let nearp: Vec<&Candidate> = pareto.iter().copied().filter(|x| x.nrmse <= best * (1.0 + tol)).collect();
            let r = nearp.iter().min_by(|a, b| a.decomp_rssd.total_cmp(&b.decomp_rssd)).unwrap();
            push(&format!("tol_rssd@{tol}"), score(&r.roi, &truth, &ctruth, &spend));
        }
        // best of each trial
        let trials: Vec<&Candidate> = (0..5).map(|t| *ok.iter().filter(|x| x.trial == t).min_by(|a, b| a.nrmse.total_cmp(&b.nrmse)).unwrap()).collect();
        let med = median_roi(&trials);
        push("trial_median", score(&med, &truth, &ctruth, &spend));
        push("trial_closest", score(&trials[closest(&trials, &med)].roi, &truth, &ctruth, &spend));
        if verbose {
            let r = |v: &[f64]| v.iter().map(|x| format!("{x:.2}")).collect::<Vec<_>>().join(" ");
            let bs = ok.iter().map(|x| x.fit_score).fold(f64::INFINITY, f64::min);
            let near: Vec<&Candidate> = ok.iter().copied().filter(|x| x.fit_score <= bs * 1.01).collect();
            let rec = &c[out.selection.index].roi;
            let (m, x, rk) = score(rec, &truth, &ctruth, &spend);
            println!("seed {seed:>2} oracle {} | rec {} | n {} | mape {m:.3} max {x:.3} rank {rk} {}", r(&oracle.roi), r(rec), out.selection.considered, if m <= 0.15 && x <= 0.25 && rk { "" } else { "FAIL" });
            let _ = near;
        }
    }
    println!("{:<22} {:>7} {:>7} {:>6} {:>6}", "rule", "mape", "maxerr", "rank", "pass");
    for (name, rs) in &table {
        let n = rs.len() as f64;
        let mape = rs.iter().map(|r| r.0).sum::<f64>() / n;
        let mx = rs.iter().map(|r| r.1).sum::<f64>() / n;
        let rank = rs.iter().filter(|r| r.2).count();
        let pass = rs.iter().filter(|r| r.0 <= 0.15 && r.1 <= 0.25 && r.2).count();
        println!("{:<22} {:>7.3} {:>7.3} {:>6} {:>6}", name, mape, mx, rank, pass);
    }
}
