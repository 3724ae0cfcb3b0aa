//! Criterion benchmarks of budget planning. Targets: max response for 10 channels ≤ 20 ms,
//! a what-if evaluation ≤ 1 ms (the page recomputes it on every slider move).

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use mixlens::allocate::{Goal, PlanRequest, Planner, ResponseCurve};
use mixlens::transform::{Adstock, ChannelTransform, Saturation};

/// `n` channels with a mix of concave and S-shaped curves and different carryover.
fn planner(n: usize) -> Planner {
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
            ResponseCurve::new(40_000.0 + 5_000.0 * i as f64, 1.0, t)
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

criterion_group!(benches, plans);
criterion_main!(benches);
