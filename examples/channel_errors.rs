//! Per-channel ROI error of the oracle and the recommended model over seeds (development tool).
use mixlens::fit::{FitRequest, prepare};
use mixlens::model::{Design, HyperParams, Scratch};
use mixlens::simulate::{SimulationSettings, simulate};
use mixlens::transform::{Adstock, Saturation};
fn main() {
    let seeds: u64 = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(20);
    let iterations: usize = std::env::args().nth(2).and_then(|s| s.parse().ok()).unwrap_or(4000);
    let (mut eo, mut er) = (vec![vec![]; 5], vec![vec![]; 5]);
    for seed in 1..=seeds {
        let sim = simulate(&SimulationSettings { seed, ..Default::default() }).unwrap();
        let mut req = FitRequest::default();
        req.search.iterations = iterations;
        let p = prepare(&sim.dataset.to_csv(), &req).unwrap();
        let d = Design::new(&p.loaded.dataset, &p.spec, 0.0).unwrap();
        let mut media: Vec<Vec<f64>> = sim.truth.channels.iter().map(|c| match (c.transform.adstock, c.transform.saturation) { (Adstock::Geometric { theta }, Saturation::Hill { alpha, gamma, .. }) => vec![theta, alpha, gamma], _ => unreachable!() }).collect();
        media.push(vec![0.2, 1.2, 0.5]);
        let o = d.fit(&p.spec, &HyperParams { media, lambda_h: 0.0 }, &mut Scratch::default()).unwrap();
        let mut s = p.search().unwrap(); s.run(); let out = s.finish().unwrap();
        for k in 0..5 { let t = sim.truth.channels[k].roi; eo[k].push(o.roi[k] / t - 1.0); er[k].push(out.selected().roi[k] / t - 1.0); }
    }
    let st = |v: &Vec<f64>| { let m = v.iter().sum::<f64>() / v.len() as f64; let sd = (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / v.len() as f64).sqrt(); let mx = v.iter().fold(0.0f64, |a, b| a.max(b.abs())); format!("bias {:+.3} sd {:.3} max {:.3}", m, sd, mx) };
    for (k, n) in ["tv", "search", "social", "radio", "display"].iter().enumerate() { println!("{n:<8} oracle {} | recommended {}", st(&eo[k]), st(&er[k])); }
}
