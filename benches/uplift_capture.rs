//! How much of the true optimum's uplift the plan from the fitted model captures, judged under
//! the simulator's true response curves (same budget, same bounds for both).
//! `cargo bench --bench uplift_capture -- [SEEDS] [NOISE] [PERIODS]`
use mixlens::allocate::{PlanRequest, Planner};
use mixlens::fit::{FitRequest, prepare};
use mixlens::simulate::{SimulationSettings, TruthChannel, simulate};

fn main() {
    // `cargo bench` passes --bench to harness-less benches; only numbers are ours.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let seeds: u64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(10);
    let noise: f64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(0.02);
    let periods: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(156);
    let mut request = FitRequest::default();
    // PRIOR=sd (0 for none) overrides the Hill slope prior, for comparing settings.
    if let Ok(v) = std::env::var("PRIOR") {
        request.model.hill_slope_prior = v.parse::<f64>().ok().filter(|v| *v > 0.0);
    }
    println!(
        "| seed | true optimum: uplift | model's plan under the truth: uplift | captured | plan's uplift: predicted (range) |"
    );
    println!("|---|---|---|---|---|");
    let mut a = vec![];
    let mut held = 0;
    for seed in 1..=seeds {
        let sim = simulate(&SimulationSettings {
            seed,
            noise,
            periods,
            ..Default::default()
        })
        .unwrap();
        let prepared = prepare(&sim.dataset.to_csv(), &request).unwrap();
        let mut search = prepared.search().unwrap();
        search.run();
        let model = prepared.report(&search.finish().unwrap()).unwrap();
        let planner = model.planner(52).unwrap();
        let req = PlanRequest::default();
        let truth = Planner::from_curves(
            planner.names.clone(),
            sim.truth.channels.iter().map(TruthChannel::curve).collect(),
            planner.current.clone(),
            0.0,
        );
        let true_plan = truth.plan(&req).unwrap();
        let under_truth =
            |x: &[f64]| -> f64 { x.iter().zip(&truth.curves).map(|(&v, c)| c.value(v)).sum() };
        let cur = under_truth(&planner.current);
        let u = |plan: &mixlens::allocate::Plan| {
            under_truth(
                &plan
                    .channels
                    .iter()
                    .map(|c| c.optimal_spend)
                    .collect::<Vec<_>>(),
            ) - cur
        };
        let mut plan = planner.plan(&req).unwrap();
        plan.set_uplift_range(&model.planners(52).unwrap().1)
            .unwrap();
        let single = u(&plan) / true_plan.uplift;
        a.push(single);
        let [lo, hi] = plan.uplift_range.unwrap_or([f64::NAN; 2]);
        held += usize::from(lo <= u(&plan) && u(&plan) <= hi);
        let pct = |v: f64| 100.0 * v / plan.total_response_current;
        println!(
            "| {seed} | {:.1}% | {:.1}% | {:.1}% | {:.1}% ({:.1}% to {:.1}%) |",
            100.0 * true_plan.uplift / cur,
            100.0 * single * true_plan.uplift / cur,
            100.0 * single,
            pct(plan.uplift),
            pct(lo),
            pct(hi)
        );
    }
    a.sort_by(f64::total_cmp);
    println!(
        "\ncaptured: min {:.1}%, median {:.1}%, mean {:.1}%; {} of {} seeds at 90% or more",
        100.0 * a[0],
        100.0 * a[a.len() / 2],
        100.0 * a.iter().sum::<f64>() / a.len() as f64,
        a.iter().filter(|&&v| v >= 0.9).count(),
        a.len()
    );
    println!(
        "the uplift range holds the plan's true uplift in {held} of {} seeds",
        a.len()
    );
}
