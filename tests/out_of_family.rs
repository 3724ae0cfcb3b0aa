//! Accuracy on data from a generator outside MixLens's model family (`tests/oof/mod.rs`: its own
//! lag distributions, exponential / Michaelis–Menten / tanh saturation, AR(1) noise, and more),
//! compared with an oracle that is told the true curves, not with thresholds tuned on our own
//! simulator.
//!
//! The first group checks the generator and the yardsticks themselves (no fit); the second fits
//! a few cases with the default settings and bounds our error by the oracle's. The bounds come
//! from the measured table in BENCHMARKS.md ("Out-of-family accuracy") with slack for other
//! seeds and platforms, and are meant to fail if accuracy on these cases gets clearly worse.

mod oof;

use std::sync::OnceLock;

use mixlens::data::{Frequency, RoleRequest, load_csv};
use mixlens::fit::FitRequest;
use oof::{CASES, Lag, Measured, Scenario, generate, measure, median, misattribution};

fn quiet(name: &str, noise: f64) -> Scenario {
    let mut s = Scenario::named(name);
    s.noise = noise;
    s
}

// ---- The generator and the yardsticks -------------------------------------------------------

#[test]
fn the_oracle_recovers_the_truth_exactly_without_noise_on_additive_data() {
    for case in CASES.iter().filter(|c| **c != "multiplicative") {
        let g = generate(&Scenario::named(case), 1);
        for (c, r) in g.channels.iter().zip(g.oracle_roi_on(&g.noiseless)) {
            assert!(
                (r - c.roi).abs() <= 1e-6 * c.roi.max(1.0),
                "{case} {}: oracle {r} truth {}",
                c.name,
                c.roi
            );
        }
    }
}

#[test]
fn the_oracle_is_within_five_percent_of_the_truth_at_low_noise() {
    for case in ["standard_weekly_156", "lagged_tv", "daily_2y"] {
        // Noise sd 0.2% of revenue: the smallest channel (display) still has its ROI within 2%.
        let g = generate(&quiet(case, 0.002), 2);
        for (c, r) in g.channels.iter().zip(g.oracle_roi()) {
            assert!(
                (r - c.roi).abs() <= 0.05 * c.roi,
                "{case} {}: oracle {r} truth {}",
                c.name,
                c.roi
            );
        }
    }
}

#[test]
fn the_zero_effect_channel_has_a_true_roi_of_exactly_zero() {
    let g = generate(&Scenario::named("zero_effect"), 1);
    let radio = g.channels.iter().find(|c| c.name == "radio").unwrap();
    assert!(radio.spend > 0.0);
    assert!(radio.roi.abs() < 1e-12 && radio.contribution.abs() < 1e-9);
    assert!(
        g.channels
            .iter()
            .filter(|c| c.name != "radio")
            .all(|c| c.roi > 0.5)
    );
}

#[test]
fn true_contributions_add_up_to_the_media_effect_even_when_multiplicative() {
    for case in ["standard_weekly_156", "multiplicative"] {
        let g = generate(&Scenario::named(case), 1);
        let effect: f64 = g.noiseless.iter().zip(&g.base).map(|(y, b)| y - b).sum();
        let total = g.true_media_contribution();
        assert!(
            (total - effect).abs() <= 1e-9 * effect,
            "{case}: {total} vs {effect}"
        );
    }
}

#[test]
fn true_rois_are_the_ones_asked_for() {
    for case in CASES {
        let s = Scenario::named(case);
        let g = generate(&s, 3);
        for (asked, c) in s.channels.iter().zip(&g.channels) {
            assert!((asked.roi - c.roi).abs() < 1e-9, "{case} {}", c.name);
        }
    }
}

#[test]
fn lag_weights_are_normalized() {
    for lag in [
        Lag::Exponential { half_life: 10.0 },
        Lag::Weibull {
            shape: 2.5,
            scale: 25.0,
        },
    ] {
        for d in [1.0, 7.0, 30.44] {
            let s: f64 = lag.weights(d).iter().sum();
            assert!((s - 1.0).abs() < 1e-12, "{lag:?} {d}");
        }
    }
}

#[test]
fn an_exponential_lag_is_a_geometric_adstock_with_its_half_life() {
    // Half-life 7 days on weekly data: each week's weight is half the previous one.
    let w = Lag::Exponential { half_life: 7.0 }.weights(7.0);
    for l in 1..5 {
        assert!((w[l] / w[l - 1] - 0.5).abs() < 1e-12);
    }
}

#[test]
fn the_weibull_lag_of_lagged_tv_peaks_two_to_four_weeks_after_the_spend() {
    let s = Scenario::named("lagged_tv");
    let tv = s.channels.iter().find(|c| c.name == "tv").unwrap();
    let w = tv.lag.weights(7.0);
    let peak = (0..w.len()).max_by(|&a, &b| w[a].total_cmp(&w[b])).unwrap();
    assert!((2..=4).contains(&peak), "peak at lag {peak}: {w:?}");
    assert!(w[0] < 0.25 * w[peak]);
}

#[test]
fn michaelis_menten_puts_half_saturation_beyond_the_data_for_tv_and_search() {
    // A Hill curve's inflexion is searched up to the largest adstocked value (γ ≤ 1); these two
    // channels' K lies beyond it, outside the searched family.
    let s = Scenario::named("michaelis_menten");
    for seed in 1..=3 {
        let g = generate(&s, seed);
        for (setup, c) in s.channels.iter().zip(&g.channels) {
            let top = oof::adstock(&c.spends, &setup.lag.weights(7.0))
                .into_iter()
                .fold(0.0, f64::max);
            let oof::Curve::MichaelisMenten { k } = c.curve else {
                panic!("{} is not Michaelis–Menten", c.name);
            };
            if c.name == "tv" || c.name == "search" {
                assert!(k > top, "seed {seed} {}: K {k} vs max {top}", c.name);
            }
        }
    }
}

#[test]
fn always_on_channels_never_pause() {
    let g = generate(&Scenario::named("always_on"), 2);
    for name in ["social", "search"] {
        let c = g.channels.iter().find(|c| c.name == name).unwrap();
        let mean = c.spend / c.spends.len() as f64;
        let low = c.spends.iter().copied().fold(f64::INFINITY, f64::min);
        assert!(low >= 0.4 * mean - 1e-6, "{name}: {low} vs mean {mean}");
    }
    let tv = g.channels.iter().find(|c| c.name == "tv").unwrap();
    assert!(tv.spends.iter().filter(|&&v| v <= 0.0).count() > 20);
}

#[test]
fn the_same_seed_gives_the_same_file_and_another_seed_another() {
    let s = Scenario::named("standard_weekly_156");
    assert_eq!(generate(&s, 4).csv, generate(&s, 4).csv);
    assert_ne!(generate(&s, 4).csv, generate(&s, 5).csv);
}

#[test]
fn cases_of_one_seed_share_what_they_do_not_change() {
    let standard = generate(&Scenario::named("standard_weekly_156"), 2);
    let radio = generate(&Scenario::named("zero_effect"), 2);
    for (a, b) in standard.channels.iter().zip(&radio.channels) {
        assert_eq!(a.spends, b.spends, "{}", a.name);
    }
    assert_eq!(standard.controls, radio.controls);
    // The AR(1) case differs from the standard one only in its noise.
    let ar1 = generate(&Scenario::named("ar1_noise"), 2);
    assert_eq!(standard.noiseless, ar1.noiseless);
    assert_ne!(standard.revenue, ar1.revenue);
}

#[test]
fn the_file_reads_as_a_users_file_would() {
    for (case, freq, rows) in [
        ("standard_weekly_156", Frequency::Weekly, 156),
        ("monthly_48", Frequency::Monthly, 48),
        ("daily_2y", Frequency::Daily, 730),
    ] {
        let g = generate(&Scenario::named(case), 1);
        let loaded = load_csv(&g.csv, &RoleRequest::default()).unwrap();
        assert_eq!(loaded.dataset.frequency, freq, "{case}");
        assert_eq!(loaded.dataset.dates.len(), rows);
        assert_eq!(loaded.roles.kpi, "revenue");
        let spend: Vec<&str> = loaded
            .roles
            .media
            .iter()
            .map(|m| m.spend.as_str())
            .collect();
        let truth: Vec<&str> = g.channels.iter().map(|c| c.spend_column.as_str()).collect();
        assert_eq!(spend, truth, "{case}");
        let controls: Vec<&str> = loaded
            .roles
            .controls
            .iter()
            .map(|c| c.column.as_str())
            .collect();
        assert_eq!(controls, ["price_index", "event"], "{case}");
    }
}

#[test]
fn the_truth_misattributes_nothing() {
    let g = generate(&Scenario::named("zero_effect"), 1);
    let truth: Vec<f64> = g.channels.iter().map(|c| c.roi).collect();
    assert!(misattribution(&g, &truth).abs() < 1e-12);
    // Reading every channel at twice its ROI misattributes exactly all media revenue.
    let double: Vec<f64> = truth.iter().map(|r| 2.0 * r).collect();
    assert!((misattribution(&g, &double) - 1.0).abs() < 1e-12);
}

#[test]
fn the_independent_optimum_spends_the_budget_within_bounds_and_beats_random_plans() {
    use rand::{Rng, SeedableRng};
    let g = generate(&Scenario::named("zero_effect"), 1);
    let cur = g.current_spend();
    let lo: Vec<f64> = cur.iter().map(|c| 0.5 * c).collect();
    let hi: Vec<f64> = cur.iter().map(|c| 2.0 * c).collect();
    let budget: f64 = cur.iter().sum();
    let best = oof::true_optimum(&g, &lo, &hi, budget, 3000);
    assert!((best.iter().sum::<f64>() - budget).abs() < 1e-6 * budget);
    for i in 0..best.len() {
        assert!(lo[i] - 1e-9 <= best[i] && best[i] <= hi[i] + 1e-9);
    }
    let top = g.true_response(&best);
    assert!(top > g.true_response(&cur));
    // Random feasible plans: a random point of the box, moved along the box to the budget.
    let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(9);
    for _ in 0..500 {
        let u: Vec<f64> = (0..cur.len()).map(|_| rng.random()).collect();
        let at = |s: f64| -> Vec<f64> {
            (0..cur.len())
                .map(|i| (lo[i] + u[i] * (hi[i] - lo[i]) * s).min(hi[i]))
                .collect()
        };
        let (mut a, mut b) = (0.0, 1e6);
        for _ in 0..200 {
            let m = 0.5 * (a + b);
            if at(m).iter().sum::<f64>() < budget {
                a = m;
            } else {
                b = m;
            }
        }
        let x = at(b);
        // The grid costs at most a hair of the optimum.
        assert!(g.true_response(&x) <= top * (1.0 + 1e-6));
    }
    // The channel with no effect is cut to its floor.
    assert!((best[4] - lo[4]).abs() < 1e-9);
}

// ---- MixLens against the oracle -------------------------------------------------------------

/// The cases fitted here (default settings; a fit takes 1–3 s in release).
const FITTED: &[(&str, u64)] = &[
    ("standard_weekly_156", 1),
    ("standard_weekly_156", 2),
    ("zero_effect", 1),
    ("lagged_tv", 1),
    ("always_on", 1),
    ("short_78w", 1),
];

fn fitted() -> &'static [(String, Measured)] {
    static FITS: OnceLock<Vec<(String, Measured)>> = OnceLock::new();
    FITS.get_or_init(|| {
        FITTED
            .iter()
            .map(|&(case, seed)| {
                let g = generate(&Scenario::named(case), seed);
                let m = measure(&g, &FitRequest::default());
                // Shown with --nocapture, to compare with the table.
                println!(
                    "{case}/{seed}: ours {:.3}, oracle {:.3}, ratio {:.2}, plan capture {:.2}",
                    m.ours,
                    m.oracle,
                    m.ours / m.oracle,
                    m.plan_capture
                );
                (format!("{case}/{seed}"), m)
            })
            .collect()
    })
}

#[test]
fn median_error_is_within_a_bound_of_the_oracles() {
    let ratios: Vec<f64> = fitted().iter().map(|(_, m)| m.ours / m.oracle).collect();
    assert!(median(&ratios) <= MEDIAN_RATIO_CAP, "{ratios:?}");
}

#[test]
fn no_case_misattributes_far_more_than_the_oracle() {
    for (name, m) in fitted() {
        assert!(
            m.ours <= CASE_RATIO_CAP * m.oracle.max(ORACLE_FLOOR),
            "{name}: ours {:.3}, oracle {:.3}",
            m.ours,
            m.oracle
        );
    }
}

#[test]
fn the_default_plan_captures_most_of_the_true_optimal_uplift() {
    let capture: Vec<f64> = fitted().iter().map(|(_, m)| m.plan_capture).collect();
    assert!(median(&capture) >= PLAN_CAPTURE_FLOOR, "{capture:?}");
}

// Bounds, set from the measured table (BENCHMARKS.md, "Out-of-family accuracy"). On these six
// fits the measured ratios of our misattribution to the oracle's are 2.11, 0.66, 1.38, 3.18,
// 5.01 and 1.63 (median 1.87; over all 30 fits of the table, 1.83, at most 5.01), and plan
// capture is 94%, 97%, 97%, 94%, 97% and 96% (median 96.5%; over the 30 fits, 73% to 100%).

/// Median of (our misattribution / the oracle's) over the fitted cases.
const MEDIAN_RATIO_CAP: f64 = 2.5;
/// Any one case: our misattribution at most this multiple of the oracle's...
const CASE_RATIO_CAP: f64 = 6.5;
/// ...counting the oracle's as at least this much (a lucky oracle must not fail the test).
const ORACLE_FLOOR: f64 = 0.06;
/// Median share of the true optimal uplift the default plan captures.
const PLAN_CAPTURE_FLOOR: f64 = 0.85;

/// The same six fits with the Bayesian estimator (the default; default settings).
fn fitted_bayes() -> &'static [(String, oof::MeasuredBayes)] {
    static FITS: OnceLock<Vec<(String, oof::MeasuredBayes)>> = OnceLock::new();
    FITS.get_or_init(|| {
        FITTED
            .iter()
            .map(|&(case, seed)| {
                let g = generate(&Scenario::named(case), seed);
                let m = oof::measure_bayes(
                    &g,
                    &FitRequest::default(),
                    &mixlens::estimate::bayes::BayesSettings::default(),
                );
                println!(
                    "bayes {case}/{seed}: ours {:.3}, oracle {:.3}, ratio {:.2}, holds {}/{}, plan capture {:.2}",
                    m.ours,
                    m.oracle,
                    m.ours / m.oracle,
                    m.interval_holds.0,
                    m.interval_holds.1,
                    m.plan_capture
                );
                (format!("{case}/{seed}"), m)
            })
            .collect()
    })
}

// Bounds for the Bayesian estimator, from `cargo bench --bench oof_bayes -- 10` (BENCHMARKS.md,
// "Curves that may stay straight, and a tighter default ROI prior"): on these six fits the
// ratios to the oracle are 1.87, 0.99, 1.90, 2.01, 3.60 and 1.95 (median 1.93; 1.88 over all
// 100), the largest misattribution 33.0% (45.6% over all 100; the limit is 45%), the
// 90 % intervals hold 21 of 25 true ROIs (360 of 410 over all 100), plan capture 93–100%.

#[test]
fn bayes_median_error_is_within_a_bound_of_the_oracles() {
    let ratios: Vec<f64> = fitted_bayes()
        .iter()
        .map(|(_, m)| m.ours / m.oracle)
        .collect();
    assert!(median(&ratios) <= 2.2, "{ratios:?}");
}

#[test]
fn bayes_no_case_misattributes_more_than_45_percent() {
    for (name, m) in fitted_bayes() {
        assert!(m.ours <= 0.45, "{name}: {:.3}", m.ours);
        assert!(m.rhat_max <= 1.01, "{name}: R-hat {}", m.rhat_max);
    }
}

#[test]
fn bayes_intervals_hold_most_true_rois_and_a_dead_channel_starts_at_zero() {
    let (held, all) = fitted_bayes().iter().fold((0, 0), |(h, n), (_, m)| {
        (h + m.interval_holds.0, n + m.interval_holds.1)
    });
    assert!(held * 4 >= all * 3, "{held} of {all}");
    let (_, zero) = fitted_bayes()
        .iter()
        .find(|(n, _)| n == "zero_effect/1")
        .unwrap();
    let radio = zero.rois.iter().find(|r| r.0 == "radio").unwrap();
    assert_eq!(radio.1, 0.0);
    assert_eq!(radio.4[0], 0.0, "{radio:?}");
}

#[test]
fn bayes_plans_capture_most_of_the_true_optimal_uplift() {
    let capture: Vec<f64> = fitted_bayes().iter().map(|(_, m)| m.plan_capture).collect();
    assert!(median(&capture) >= 0.85, "{capture:?}");
    assert!(capture.iter().all(|&c| c >= 0.5), "{capture:?}");
}
