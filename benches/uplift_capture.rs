//! How much of the true optimum's uplift the plan from the fitted model captures, judged under
//! the simulator's true response curves (same budget, same bounds for both); the plan on the
//! default basis (`mixlens::allocate::PlanBasis::for_estimator`) and, on the same fit, the plan
//! on the other basis (the point estimate's curves or the mean response over the draws).
//! `cargo bench --bench uplift_capture -- [SEEDS] [NOISE] [PERIODS]`
use mixlens::allocate::{PlanBasis, PlanRequest, Planner};
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
    let mut request = FitRequest {
        estimator: mixlens::model::EstimatorKind::RidgeSearch.into(),
        ..FitRequest::default()
    };
    // PRIOR=sd (0 for none) overrides the Hill slope prior, for comparing settings.
    if let Ok(v) = std::env::var("PRIOR") {
        request.model.hill_slope_prior = v.parse::<f64>().ok().filter(|v| *v > 0.0);
    }
    println!(
        "| seed | true optimum: uplift | model's plan under the truth: uplift | captured | captured, other basis | plan's uplift: predicted (90% interval) | P(better) |"
    );
    println!("|---|---|---|---|---|---|---|");
    let mut a = vec![];
    let mut other = vec![];
    let (mut below, mut above) = (0, 0);
    let (mut err_mid, mut err_low) = (0.0, 0.0);
    let mut basis = None;
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
        let mut planners = model.planners(52).unwrap();
        basis = Some(planners.basis_used());
        let planner = planners.point.clone();
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
        let plan = planners.plan(&req).unwrap();
        planners.basis = match planners.basis_used() {
            PlanBasis::Point => PlanBasis::MeanOfDraws,
            PlanBasis::MeanOfDraws => PlanBasis::Point,
        };
        let alt = planners.plan(&req).unwrap();
        let single = u(&plan) / true_plan.uplift;
        a.push(single);
        other.push(u(&alt) / true_plan.uplift);
        let [lo, hi] = plan.uplift_interval.unwrap_or([f64::NAN; 2]);
        let truth_u = u(&plan);
        held += usize::from(lo <= truth_u && truth_u <= hi);
        below += usize::from(truth_u < lo);
        above += usize::from(truth_u > hi);
        // Errors in points of the current true media response.
        err_mid += (plan.uplift - truth_u).abs() / cur;
        err_low += (lo - truth_u).abs() / cur;
        let pct = |v: f64| 100.0 * v / plan.total_response_current;
        println!(
            "| {seed} | {:.1}% | {:.1}% | {:.1}% | {:.1}% | {:.1}% ({:.1}% to {:.1}%) | {:.2} |",
            100.0 * true_plan.uplift / cur,
            100.0 * single * true_plan.uplift / cur,
            100.0 * single,
            100.0 * u(&alt) / true_plan.uplift,
            pct(plan.uplift),
            pct(lo),
            pct(hi),
            plan.probability_better.unwrap_or(f64::NAN)
        );
    }
    let n = a.len();
    let summary = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        format!(
            "min {:.1}%, median {:.1}%, mean {:.1}%; {} of {} seeds at 90% or more",
            100.0 * v[0],
            100.0 * v[v.len() / 2],
            100.0 * v.iter().sum::<f64>() / v.len() as f64,
            v.iter().filter(|&&x| x >= 0.9).count(),
            v.len()
        )
    };
    println!(
        "\ncaptured on the default basis ({basis:?}): {}",
        summary(&mut a)
    );
    println!("captured on the other basis: {}", summary(&mut other));
    println!(
        "the 90% interval holds the plan's true uplift in {held} of {n} seeds (truth below it in {below}, above in {above}); mean absolute error of the predicted uplift {:.2} points, of the interval's low end {:.2} points",
        100.0 * err_mid / n as f64,
        100.0 * err_low / n as f64
    );
}
