//! Criterion benchmarks of the modeling core. `make bench` runs them; medians go in BENCHMARKS.md.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use mixlens::estimate::ridge::{Design, Scratch};
use mixlens::fit::{FitRequest, prepare};
use mixlens::model::ModelSpec;
use mixlens::simulate::{SimulationSettings, simulate};
use mixlens::transform::{Adstock, AdstockKind, Saturation};
use std::hint::black_box;

fn transforms(c: &mut Criterion) {
    let mut g = c.benchmark_group("transform");
    for n in [104usize, 208, 730] {
        let x: Vec<f64> = (0..n).map(|i| ((i * 37) % 101) as f64).collect();
        g.bench_with_input(BenchmarkId::new("geometric", n), &x, |b, x| {
            b.iter(|| Adstock::geometric(0.5).unwrap().apply(black_box(x)))
        });
        g.bench_with_input(BenchmarkId::new("weibull_pdf", n), &x, |b, x| {
            b.iter(|| Adstock::weibull_pdf(2.0, 0.05).unwrap().apply(black_box(x)))
        });
        let h = Saturation::hill(1.5, 0.4, 100.0).unwrap();
        g.bench_with_input(BenchmarkId::new("hill", n), &x, |b, x| {
            b.iter(|| h.apply(black_box(x)))
        });
    }
    g.finish();
}

fn candidate_fit(c: &mut Criterion) {
    let mut g = c.benchmark_group("candidate_fit");
    for periods in [156usize, 208] {
        let sim = simulate(&SimulationSettings {
            periods,
            ..Default::default()
        })
        .unwrap();
        let spec = ModelSpec::for_dataset(&sim.dataset, AdstockKind::Geometric);
        let design = Design::new(&sim.dataset, &spec, 0.0).unwrap();
        let hp = spec.from_unit(&vec![0.4; spec.dim()]);
        let mut scratch = Scratch::default();
        g.bench_function(BenchmarkId::new("geometric_hill", periods), |b| {
            b.iter(|| design.fit(&spec, black_box(&hp), &mut scratch).unwrap())
        });
    }
    g.finish();
}

fn default_search(c: &mut Criterion) {
    // The acceptance case: 208 weeks, 5 paid channels, 1 organic, 2 controls, default settings
    // (4,000 iterations x 5 trials = 20,000 candidate models), one core.
    let sim = simulate(&SimulationSettings {
        periods: 208,
        ..Default::default()
    })
    .unwrap();
    let csv = sim.dataset.to_csv();
    let ridge = FitRequest {
        estimator: mixlens::model::EstimatorKind::RidgeSearch.into(),
        ..FitRequest::default()
    };
    let prepared = prepare(&csv, &ridge).unwrap();
    let mut g = c.benchmark_group("search");
    g.sample_size(10);
    g.bench_function("default_208w_5paid_1organic_2controls", |b| {
        b.iter(|| {
            let mut s = prepared.search().unwrap();
            s.run();
            prepared.report(&s.finish().unwrap()).unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, transforms, candidate_fit, default_search);
criterion_main!(benches);
