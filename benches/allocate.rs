//! Criterion benchmarks of budget planning. Targets: max response for 10 channels ≤ 20 ms,
//! a what-if evaluation ≤ 1 ms (the page recomputes it on every slider move). `plan_under_draws`:
//! the same on the mean response over D draws, each plan also evaluated under every draw.

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use mixlens::allocate::{Goal, PlanBasis, PlanRequest, Planner, PlannerSet, ResponseCurve};
use mixlens::transform::{Adstock, ChannelTransform, Saturation};

/// `n` channels with a mix of concave and S-shaped curves and different carryover.
fn planner(n: usize) -> Planner {
    scaled(n, |_| 1.0)
}

/// As [`planner`], each channel's coefficient times `scale(channel)`.
fn scaled(n: usize, scale: impl Fn(usize) -> f64) -> Planner {
    let curves: Vec<ResponseCurve> = (0..n)
        .map(|i| {
            let alpha = [0.8, 1.0, 1.5, 2.2, 3.0][i % 5];
            let t = ChannelTransform {
                adstock: Adstock::geometric(0.1 * (i % 7) as f64).unwrap(),
                saturation: Saturation::hill(
                    alpha,
                    0.2 + 0.07 * (i % 9) as f64,
                    50_000.0 + 7_000.0 * i as f64,
                )
                .unwrap(),
                series_len: 208,
            };
            ResponseCurve::new((40_000.0 + 5_000.0 * i as f64) * scale(i), 1.0, t)
        })
        .collect();
    let current: Vec<f64> = (0..n).map(|i| 8_000.0 + 1_500.0 * i as f64).collect();
    Planner::from_curves(
        (0..n).map(|i| format!("channel{i}")).collect(),
        curves,
        current,
        100_000.0,
    )
}

fn plans(c: &mut Criterion) {
    let mut g = c.benchmark_group("plan");
    for n in [5usize, 10, 20] {
        let p = planner(n);
        g.bench_with_input(BenchmarkId::new("max_response", n), &p, |b, p| {
            b.iter(|| p.plan(black_box(&PlanRequest::default())).unwrap())
        });
        let req = PlanRequest {
            goal: Some(Goal::TargetRoas { target: 1.5 }),
            ..Default::default()
        };
        g.bench_with_input(BenchmarkId::new("target_roas", n), &p, |b, p| {
            b.iter(|| p.plan(black_box(&req)))
        });
        let mut spends = BTreeMap::new();
        spends.insert("channel0".to_string(), 12_345.0);
        g.bench_with_input(BenchmarkId::new("what_if", n), &p, |b, p| {
            b.iter(|| p.what_if(black_box(&spends)).unwrap())
        });
    }
    g.finish();
}

/// 5 channels, D draws whose coefficients are the point's times 0.7–1.3 (a fixed pattern).
fn under_draws(c: &mut Criterion) {
    let mut g = c.benchmark_group("plan_under_draws");
    g.sample_size(10);
    for d in [40usize, 1000] {
        let draws = (0..d)
            .map(|k| scaled(5, |i| 0.7 + 0.6 * (((k * 7 + i * 13) % 101) as f64 / 100.0)))
            .collect();
        let set = PlannerSet::new(planner(5), draws, PlanBasis::MeanOfDraws).unwrap();
        g.bench_with_input(BenchmarkId::new("max_response", d), &set, |b, s| {
            b.iter(|| s.plan(black_box(&PlanRequest::default())).unwrap())
        });
        let req = PlanRequest {
            goal: Some(Goal::TargetRoas { target: 1.5 }),
            ..Default::default()
        };
        g.bench_with_input(BenchmarkId::new("target_roas", d), &set, |b, s| {
            b.iter(|| s.plan(black_box(&req)))
        });
        let mut spends = BTreeMap::new();
        spends.insert("channel0".to_string(), 12_345.0);
        g.bench_with_input(BenchmarkId::new("what_if", d), &set, |b, s| {
            b.iter(|| s.what_if(black_box(&spends)).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, plans, under_draws);
criterion_main!(benches);
