//! Plain-text tables for the terminal.

use mixlens::allocate::{Goal, Plan, PlanBasis, Scenario};
use mixlens::data::dates::iso;
use mixlens::model::Efficiency;
use mixlens::report::ModelReport;

/// 1234567.8 -> "1,234,568"; small numbers keep two decimals (the report's number format).
pub fn money(v: f64) -> String {
    mixlens::report::wording::number(v)
}

fn pct(v: f64) -> String {
    format!("{:.1}%", 100.0 * v)
}

/// "[#####-----]  45%  20,000 models  best NRMSE 0.0412  ~3 s left"
pub fn progress_line(done: usize, total: usize, best: Option<f64>, seconds_left: f64) -> String {
    let frac = if total > 0 {
        done as f64 / total as f64
    } else {
        1.0
    };
    let filled = (frac * 24.0).round() as usize;
    format!(
        "[{}{}] {:>3.0}%  {} of {} models  best NRMSE {}  ~{:.0} s left",
        "#".repeat(filled),
        "-".repeat(24 - filled.min(24)),
        100.0 * frac,
        money(done as f64),
        money(total as f64),
        best.map_or("-".into(), |b| format!("{b:.4}")),
        seconds_left
    )
}

/// The summary printed by `mixlens fit`.
/// The lift tests beside the model's implied lifts, without and with them (empty without
/// tests).
pub fn calibration(r: &ModelReport) -> String {
    if r.calibration.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "\nLift tests ({:.0} % intervals; 'without': the model fitted without the tests):\n",
        100.0 * r.interval_level
    );
    s += &format!(
        "{:<14} {:<24} {:>19} {:>27} {:>27}  {}\n",
        "channel", "window", "measured ± SE", "model without", "model with", "agrees"
    );
    let lift = |v: f64, iv: Option<[f64; 2]>| match iv {
        Some([lo, hi]) => format!("{} ({}-{})", money(v), money(lo), money(hi)),
        None => money(v),
    };
    for c in &r.calibration {
        s += &format!(
            "{:<14} {:<24} {:>19} {:>27} {:>27}  {}\n",
            c.channel,
            format!("{} to {}", iso(c.start), iso(c.end)),
            format!("{} ± {}", money(c.lift), money(c.standard_error)),
            c.uncalibrated_lift
                .map_or("-".into(), |u| lift(u, c.uncalibrated_interval)),
            lift(c.model_lift, c.model_lift_interval),
            if c.agrees { "yes" } else { "NO" }
        );
    }
    s
}

pub fn summary(r: &ModelReport, candidates: usize, seconds: f64) -> String {
    let d = &r.data;
    let mut s = String::new();
    let first = d.dates.first().map(|x| iso(*x)).unwrap_or_default();
    let last = d.dates.last().map(|x| iso(*x)).unwrap_or_default();
    s += &format!(
        "MixLens model of '{}': {} {} periods, {} to {}\n",
        r.kpi.name,
        d.len(),
        d.frequency.word(),
        first,
        last
    );
    for n in r.roles.notes.iter().filter(|n| !n.given) {
        s += &format!(
            "  {:<22} {:<9} ({})\n",
            format!("'{}'", n.column),
            n.role,
            n.reason
        );
    }
    for w in &r.warnings {
        s += &format!("  note: {}\n", w.message);
    }
    s += "\n";
    let conv = r.kpi.efficiency == Efficiency::Cpa;
    s += &format!(
        "{:<14} {:>13} {:>14} {:>7} {:>13} {:>7} {:>7} {:>8} {:>9}\n",
        "channel",
        "spend",
        "contribution",
        if conv { "CPA" } else { "ROI" },
        "range",
        "spend%",
        "effect%",
        if conv { "mCPA" } else { "mROI" },
        "carryover"
    );
    for (k, c) in r.channels.iter().enumerate() {
        let range = if conv {
            // A CPA range open upwards (an ROI of 0 in the range) has no high end: "42.94 or
            // more".
            r.selected
                .cpa_range
                .get(k)
                .map_or("-".into(), |&[lo, hi]| match (lo, hi) {
                    (Some(lo), Some(hi)) => format!("{}-{}", ratio(lo), ratio(hi)),
                    (Some(lo), None) => format!("{} or more", ratio(lo)),
                    (None, _) => "-".into(),
                })
        } else {
            r.selected.roi_range.get(k).map_or("-".into(), |&[lo, hi]| {
                format!("{}-{}", ratio(lo), ratio(hi))
            })
        };
        let (eff, marg) = if conv {
            (two(c.cpa), two(c.marginal_cpa))
        } else {
            (format!("{:.2}", c.roi), format!("{:.2}", c.marginal_roi))
        };
        s += &format!(
            "{:<14} {:>13} {:>14} {:>7} {:>13} {:>7} {:>7} {:>8} {:>9}\n",
            c.name,
            money(c.spend),
            money(c.contribution),
            eff,
            range,
            pct(c.spend_share),
            pct(c.effect_share),
            marg,
            pct(c.carryover_share)
        );
    }
    for o in &r.organic {
        s += &format!(
            "{:<14} {:>13} {:>14}   (organic, {} of the KPI)\n",
            o.name,
            "-",
            money(o.contribution),
            pct(o.effect_share_of_kpi)
        );
    }
    // MODEL.json's marginal return is read at the mean spend over all the data; the summary
    // and the plan read it at today's spend. Say which, so the two figures are not taken for
    // one.
    let year = r.window(0).min(d.len()).max(1);
    // A Bayesian model's figure is its point estimate's curve; the summary and the plan average
    // the draws' curves, which can differ much (an outside check: social 1.95 here, 1.13 there).
    let bayes = r.model.estimator == mixlens::model::EstimatorKind::Bayes;
    s += &format!(
        "{}: {} at the channel's mean spend over all the data{}; the summary and optimize give it at today's spend (the mean of the last {year} {}{}){}.\n",
        if conv { "mCPA" } else { "mROI" },
        if conv {
            "what the next conversion costs"
        } else {
            "what the next 1 spent returns"
        },
        if bayes {
            ", on the point estimate's curve"
        } else {
            ""
        },
        r.data.frequency.unit(),
        if year == 1 { "" } else { "s" },
        if bayes {
            ", on the mean of the draws' curves"
        } else {
            ""
        }
    );
    s += &calibration(r);
    let f = &r.fit;
    // No MAPE for a KPI that goes below zero (profit near zero makes any error a huge share;
    // models saved before it was left out still carry one).
    let below = mixlens::data::kpi_goes_below_zero(&r.decomposition.actual);
    let mape = |m: Option<f64>| match m {
        Some(m) if !below => format!("  MAPE {}", pct(m)),
        _ => String::new(),
    };
    s += &format!(
        "\nFit: R² {:.3}  adjusted R² {:.3}  NRMSE {:.4}{}  DECOMP.RSSD {:.3}\n",
        f.r2,
        f.adj_r2,
        f.nrmse,
        mape(f.mape),
        f.decomp_rssd
    );
    if let Some(h) = &f.holdout {
        s += &format!(
            "Holdout ({} periods): R² {:.3}  NRMSE {:.4}{}\n",
            h.rows,
            h.r2,
            h.nrmse,
            mape(h.mape)
        );
    }
    if below {
        s += "No MAPE: the KPI goes below zero, where errors as a share of it mean nothing.\n";
    }
    if let Some(d) = &r.diagnostics {
        s += &format!(
            "Bayesian fit: {} chains × {} draws (after {} tuning sweeps) in {:.1} s; R-hat {:.3}, effective draws {:.0}.\n",
            d.chains, d.draws, d.tune, seconds, d.rhat_max, d.ess_min
        );
        s += &format!(
            "{}: the posterior median; range: its {:.0} % interval.\n",
            if conv { "CPA" } else { "ROI" },
            100.0 * r.interval_level
        );
        for p in r.priors.iter().filter(|p| p.set_by_user) {
            s += &format!(
                "Prior on {}'s ROI: {:.2} ± {:.2} (set by you).\n",
                p.name, p.centre, p.spread
            );
        }
        let steady: Vec<&str> = r
            .priors
            .iter()
            .filter(|p| p.never_pauses && p.slope_prior.is_some())
            .map(|p| p.name.as_str())
            .collect();
        if !steady.is_empty() && r.spec.hill_slope_prior.is_none() {
            s += &format!(
                "Never paused: {} (the data cannot show the curve below the spends run; {} shapes lean to returns that diminish from the first unit; --hill-prior 0 turns this off).\n",
                steady.join(", "),
                if steady.len() == 1 { "its" } else { "their" }
            );
        }
        let tested: Vec<&str> = r
            .priors
            .iter()
            .filter(|p| p.slope_below_one.is_some())
            .map(|p| p.name.as_str())
            .collect();
        if !tested.is_empty() {
            s += &format!(
                "Lift-tested: {} (curves whose first unit returns without bound, Hill slopes below 1, are less likely, so a test's window does not carry the ROI up; --hill-prior 0 turns this off).\n",
                tested.join(", ")
            );
        }
        return s;
    }
    let which = match r.selected.considered {
        0 | 1 => "the best fit (no other model fits about as well)".to_string(),
        n => format!("the most typical of {n} equally good models"),
    };
    s += &format!(
        "Search: {} candidate models in {:.1} s; {} on the Pareto front. Recommended: trial {}, iteration {}, {which}.\n",
        money(candidates as f64),
        seconds,
        r.pareto.len(),
        r.selected.trial + 1,
        r.selected.iteration + 1,
    );
    s += &if r.model.interval_ends.is_empty() {
        format!(
            "Range: the lowest and highest {} of the models whose fit is not significantly worse (likelihood ratio, 95%).\n",
            if conv { "CPA" } else { "ROI" },
        )
    } else {
        format!(
            "Range: the {}'s 90% interval (profile likelihood over the models that fit about as well, with their own sampling error, calibrated on out-of-family data).\n",
            if conv { "CPA" } else { "ROI" },
        )
    };
    s
}

/// The progress line of the Bayesian estimator's chains.
pub fn chain_progress_line(done: usize, total: usize, chains: usize, left: f64) -> String {
    format!(
        "Sampling {chains} chains: {:>3.0}%  about {left:.0} s left",
        100.0 * done as f64 / total.max(1) as f64
    )
}

/// An ROI or CPA with two decimals, or grouped digits when large.
/// Two decimals, "-" for none.
fn two(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{v:.2}"))
}

fn ratio(v: f64) -> String {
    if v.is_finite() && v.abs() >= 100.0 {
        money(v)
    } else if v.is_finite() {
        format!("{v:.2}")
    } else {
        "-".into()
    }
}

/// `v` rounded to tenths, a zero written as +0.0 ("-0.0%" read as a loss in an outside check).
fn tenths(v: f64) -> f64 {
    (10.0 * v).round() / 10.0 + 0.0
}

fn signed(v: f64) -> String {
    if v >= 0.0 {
        format!("+{}", money(v))
    } else {
        money(v)
    }
}

/// "40 draws", "1 draw".
fn draws_word(draws: usize) -> String {
    format!("{draws} draw{}", if draws == 1 { "" } else { "s" })
}

/// "Planned on the mean response over the model's 40 draws.", or nothing on the point.
fn basis_line(basis: PlanBasis, draws: usize, what: &str) -> String {
    match basis {
        PlanBasis::MeanOfDraws => format!(
            "{what} on the mean response over the model's {} (the expected response).\n",
            draws_word(draws)
        ),
        PlanBasis::Point => String::new(),
    }
}

/// The table printed by `mixlens optimize`.
/// `draws`: how many draws the model has.
pub fn plan(p: &Plan, draws: usize, seconds: f64) -> String {
    let conv = p.efficiency == Efficiency::Cpa;
    // The measure's figure: the CPA for a conversion KPI, the return otherwise.
    let eff = |roi: f64, cpa: Option<f64>| {
        if conv { two(cpa) } else { format!("{roi:.2}") }
    };
    let mut s = String::new();
    // The same budget planned to less response than the current split: bounds rule that split
    // out, and the plan is the best within them, not a better one.
    let same_budget = (p.total_budget - p.total_budget_current).abs()
        <= mixlens::precision::BUDGET_AS_TYPED * p.total_budget_current.max(1.0);
    let worse = same_budget && p.uplift < -1e-9 * p.total_response_current.abs().max(1.0);
    s += &match p.goal {
        Goal::MaxResponse { budget } if worse => format!(
            "Allocation of {} per period within your bounds, {:.1}% below the current split's response (current total {}; spend = mean of the last {} periods)\n",
            money(budget),
            -100.0 * p.uplift_pct,
            money(p.total_budget_current),
            p.window
        ),
        Goal::MaxResponse { budget } => format!(
            "Best allocation of {} per period (current total {}; spend = mean of the last {} periods)\n",
            money(budget),
            money(p.total_budget_current),
            p.window
        ),
        Goal::TargetRoas { target } => format!(
            "Largest budget keeping ROAS at or above {target:.2}: {} per period (current {})\n",
            money(p.total_budget),
            money(p.total_budget_current)
        ),
        Goal::TargetCpa { target } => format!(
            "Largest budget keeping CPA at or below {target:.2}: {} per period (current {})\n",
            money(p.total_budget),
            money(p.total_budget_current)
        ),
    };
    s += &format!(
        "\n{:<14} {:>11} {:>11} {:>9} {:>11} {:>11} {:>7} {:>7} {:>7} {:>7}\n",
        "channel",
        "current",
        "optimal",
        "change",
        "resp. now",
        "resp. opt",
        if conv { "CPA" } else { "ROAS" },
        if conv { "CPAopt" } else { "ROASopt" },
        if conv { "mCPA" } else { "mROI" },
        if conv { "mCPAopt" } else { "mROIopt" }
    );
    let mut paused = Vec::new();
    for c in &p.channels {
        if c.current_spend <= 0.0 && c.upper <= 0.0 && !c.locked {
            paused.push(c.name.as_str());
        }
        s += &format!(
            "{:<14} {:>11} {:>11} {:>9} {:>11} {:>11} {:>7} {:>7} {:>7} {:>7}{}\n",
            c.name,
            money(c.current_spend),
            money(c.optimal_spend),
            match c.change_pct {
                Some(v) => format!("{:.0}%", 100.0 * v),
                None if c.optimal_spend > 0.0 => "new".into(),
                None => "0%".into(),
            },
            money(c.current_response),
            money(c.optimal_response),
            eff(c.current_roas, c.current_cpa),
            eff(c.optimal_roas, c.optimal_cpa),
            eff(c.current_marginal_roi, c.current_marginal_cpa),
            eff(c.optimal_marginal_roi, c.optimal_marginal_cpa),
            if c.locked { "  (locked)" } else { "" }
        );
    }
    s += &format!(
        "{:<14} {:>11} {:>11} {:>9} {:>11} {:>11} {:>7} {:>7}\n",
        "total",
        money(p.total_budget_current),
        money(p.total_budget),
        "",
        money(p.total_response_current),
        money(p.total_response_optimal),
        eff(p.roas_current, p.cpa_current),
        eff(p.roas_optimal, p.cpa_optimal)
    );
    s += &format!(
        "\nMedia response per period: {} -> {} ({}, {:+.1}%). Expected KPI per period with the baseline of {}: {} -> {}.\nPlanned in {:.0} ms.\n",
        money(p.total_response_current),
        money(p.total_response_optimal),
        signed(p.uplift),
        tenths(100.0 * p.uplift_pct),
        money(p.baseline),
        money(p.total_kpi_current),
        money(p.total_kpi_optimal),
        seconds * 1000.0
    );
    for name in paused {
        s += &format!(
            "Note: '{name}' spent nothing in the last {} periods, so bounds relative to its current spend hold it at 0. To plan it, give it a range: --bounds {name}=0:AMOUNT.\n",
            p.window
        );
    }
    // Channels planned outside the spends they ran at (locked ones and those with bounds of
    // their own carry no range).
    let beyond = beyond_ran_at(
        p.channels
            .iter()
            .map(|c| (c.name.as_str(), c.optimal_spend, c.ran_at)),
    );
    if !beyond.is_empty() {
        s += &if p.within_history {
            format!("{BEYOND}, as their current spend already is: {beyond}.\n")
        } else {
            format!(
                "{BEYOND}, where the curves are the model's guess: {beyond}. Move in steps or test first; --within-history keeps the plan inside.\n"
            )
        };
    }
    s += &basis_line(p.basis, draws, "Planned");
    // The interval's shares over the headline's base, as the page's and the summary's cautious
    // figure (each draw's own base is `uplift_interval_pct`, in PLAN.json).
    let base = p.total_response_current;
    s += &interval_line(
        draws,
        p.uplift_interval,
        Shares::Of(
            p.uplift_interval
                .filter(|_| base > 0.0)
                .map(|[a, b]| [a / base, b / base]),
        ),
        p.interval_level,
        p.probability_better,
        p.total_budget - p.total_budget_current,
        p.total_budget_current,
    );
    s
}

/// How a plan's or a what-if's note of spends beyond those the channels ran at opens.
const BEYOND: &str = "Beyond the spends they ran at in 90% of the data's periods";

/// A spend in a sentence: "0" for nothing (not "0.00"), else the tables' number.
fn spend(v: f64) -> String {
    if v > 0.0 { money(v) } else { "0".into() }
}

/// The channels whose spend lies outside the spends they ran at (each `(name, spend,
/// ran_at)`), as "tv 5,000 (ran at 0 to 1,200), search …"; empty when none does.
fn beyond_ran_at<'a>(channels: impl Iterator<Item = (&'a str, f64, Option<[f64; 2]>)>) -> String {
    channels
        .filter_map(|(name, x, ran_at)| {
            let [lo, hi] = ran_at?;
            let eps = 1e-9 * hi.abs().max(1.0);
            (x < lo - eps || x > hi + eps).then(|| {
                format!(
                    "{name} {} (ran at {} to {})",
                    spend(x),
                    spend(lo),
                    spend(hi)
                )
            })
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// An interval's ends as shares of the current media response.
#[derive(Debug, Clone, Copy)]
enum Shares {
    /// Over one base, the headline's (a plan: as the page's cautious figure).
    Of(Option<[f64; 2]>),
    /// Each draw's change over its own current response (a what-if, where switching all media
    /// off is −100 % under every draw), said so.
    PerDraw(Option<[f64; 2]>),
}

/// "Under the model's 40 draws, 90% interval: +1,200 to +3,400 (+1.1% to +3.2%); beats the
/// current split with probability 0.83." With `extra_spend` (per period) more than a thousandth
/// of the current `spend`, the probability is of more response for that spend, not of a better
/// split.
fn interval_line(
    draws: usize,
    interval: Option<[f64; 2]>,
    shares: Shares,
    level: f64,
    probability: Option<f64>,
    extra_spend: f64,
    spend: f64,
) -> String {
    let Some([lo, hi]) = interval else {
        return String::new();
    };
    // An outside check read a plan's "+72,690 to +186,360 (+47.1% to +261.0%)", each draw's own
    // shares, against the headline's +109.3% of 113,144 as a slip: a plan's shares are over the
    // headline's base, a what-if's say theirs.
    let pct = |v: f64| format!("{:+.1}%", tenths(100.0 * v));
    let shares = match shares {
        Shares::Of(Some([a, b])) => format!(" ({} to {})", pct(a), pct(b)),
        Shares::PerDraw(Some([a, b])) => format!(
            " ({} to {} of each draw's own current response)",
            pct(a),
            pct(b)
        ),
        Shares::Of(None) | Shares::PerDraw(None) => String::new(),
    };
    // A budget typed rounded (a few tenths apart) is the same budget.
    let same_budget = extra_spend.abs() <= mixlens::precision::BUDGET_AS_TYPED * spend.max(1.0);
    let better = probability.map_or(String::new(), |p| {
        if same_budget {
            format!("; beats the current split with probability {p:.2}")
        } else {
            format!(
                "; responds more than the current spends with probability {p:.2}, for {} {} spend per period",
                money(extra_spend.abs()),
                if extra_spend > 0.0 { "more" } else { "less" }
            )
        }
    });
    format!(
        "Under the model's {}, {:.0}% interval: {} to {}{shares}{better}. The interval assumes the model's curve shapes: move in steps, or test before a large shift.\n",
        draws_word(draws),
        100.0 * level,
        signed(lo),
        signed(hi),
    )
}

/// The table printed by `mixlens whatif`: ROAS and marginal ROI, or for a conversions KPI the
/// CPA and marginal CPA, as in a plan.
pub fn scenario(w: &Scenario, draws: usize) -> String {
    let conv = w.efficiency == Efficiency::Cpa;
    let eff = |roi: f64, cpa: Option<f64>| {
        if conv { two(cpa) } else { format!("{roi:.2}") }
    };
    let mut s = format!(
        "\n{:<14} {:>11} {:>11} {:>11} {:>11} {:>7} {:>7}\n",
        "channel",
        "current",
        "scenario",
        "resp. now",
        "resp. new",
        if conv { "CPA" } else { "ROAS" },
        if conv { "mCPA" } else { "mROI" }
    );
    for c in &w.channels {
        s += &format!(
            "{:<14} {:>11} {:>11} {:>11} {:>11} {:>7} {:>7}\n",
            c.name,
            money(c.current_spend),
            money(c.scenario_spend),
            money(c.current_response),
            money(c.scenario_response),
            eff(c.scenario_roas, c.scenario_cpa),
            eff(c.scenario_marginal_roi, c.scenario_marginal_cpa)
        );
    }
    s += &format!(
        "{:<14} {:>11} {:>11} {:>11} {:>11} {:>7}\n\nMedia response per period: {} ({:+.1}%). Expected KPI per period: {} -> {}.\n",
        "total",
        money(w.total_spend_current),
        money(w.total_spend_scenario),
        money(w.total_response_current),
        money(w.total_response_scenario),
        eff(w.roas_scenario, w.cpa_scenario),
        signed(w.difference),
        tenths(100.0 * w.difference_pct),
        money(w.total_kpi_current),
        money(w.total_kpi_scenario)
    );
    // The channels the what-if moves (one left at a current spend outside its range is not news).
    let beyond = beyond_ran_at(
        w.channels
            .iter()
            .filter(|c| c.scenario_spend != c.current_spend)
            .map(|c| (c.name.as_str(), c.scenario_spend, c.ran_at)),
    );
    if !beyond.is_empty() {
        s += &format!(
            "{BEYOND}, where the curves are the model's guess: {beyond}. Move in steps or test first.\n"
        );
    }
    s += &basis_line(w.basis, draws, "Evaluated");
    s += &interval_line(
        draws,
        w.difference_interval,
        Shares::PerDraw(w.difference_interval_pct),
        w.interval_level,
        w.probability_better,
        w.total_spend_scenario - w.total_spend_current,
        w.total_spend_current,
    );
    s
}

/// The suggested experiments, most valuable first (then those worth less than
/// `material_value`, which would hardly change the plan).
pub fn design(d: &mixlens::design::DesignReport) -> String {
    // A conversions KPI's in costs per conversion: the ROI interval's ends inverted.
    let (now, after) = match d.efficiency {
        Efficiency::Roi => ("ROI now", "ROI after"),
        Efficiency::Cpa => ("CPA now", "CPA after"),
    };
    let mut s = format!(
        "{:<14} {:<25} {:>13} {:>13} {:>15} {:>15}\n",
        "channel", "window", "spend moved", "test SE", now, after
    );
    let iv = |roi: [f64; 2]| match d.efficiency.cpa_range(roi) {
        None => format!("{}-{}", ratio(roi[0]), ratio(roi[1])),
        Some([Some(lo), Some(hi)]) => format!("{}-{}", money(lo), money(hi)),
        Some([Some(lo), None]) => format!("{} or more", money(lo)),
        Some(_) => "open".to_string(),
    };
    for e in &d.experiments {
        s += &format!(
            "{:<14} {:<25} {:>13} {:>13} {:>15} {:>15}   worth {} a year\n",
            e.channel,
            format!("{} to {}", iso(e.start), iso(e.end)),
            money(e.spend_at_stake),
            money(e.standard_error),
            iv(e.current_roi_interval),
            iv(e.expected_roi_interval),
            if e.value >= d.material_value {
                money(e.value)
            } else {
                format!("under {}", money(d.material_value))
            }
        );
    }
    if let Some(first) = d.experiments.first() {
        s += &format!("\n{}\n", first.sentence);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_groups_thousands() {
        assert_eq!(money(1234567.8), "1,234,568");
        assert_eq!(money(-1500.0), "-1,500");
        assert_eq!(money(12.345), "12.35");
        assert_eq!(money(100.0), "100");
    }

    /// A channel without current spend is named with the way to plan it; one given spend by a
    /// bound shows "new", not a change of 0 %.
    #[test]
    fn a_plan_names_a_channel_without_current_spend() {
        use mixlens::allocate::{Bounds, PlanRequest};
        let planner = tv_and_podcast(0.0);
        let text = plan(&planner.plan(&PlanRequest::default()).unwrap(), 0, 0.0);
        assert!(
            text.contains("Note: 'podcast' spent nothing in the last 0 periods, so bounds relative to its current spend hold it at 0. To plan it, give it a range: --bounds podcast=0:AMOUNT."),
            "{text}"
        );
        let mut req = PlanRequest::default();
        req.bounds.insert(
            "podcast".into(),
            Bounds {
                low: 0.0,
                high: 50.0,
            }
            .into(),
        );
        let text = plan(&planner.plan(&req).unwrap(), 0, 0.0);
        let row = text.lines().find(|l| l.starts_with("podcast")).unwrap();
        assert!(row.contains(" new "), "{row}");
        assert!(!text.contains("Note:"), "{text}");
    }

    /// A plan of the current budget whose bounds leave it below the current split is not
    /// called the best allocation (it was, at -15.1 %).
    #[test]
    fn a_plan_below_the_current_split_is_not_called_best() {
        use mixlens::allocate::{Bounds, PlanRequest};
        let planner = tv_and_podcast(100.0);
        let text = plan(&planner.plan(&PlanRequest::default()).unwrap(), 0, 0.0);
        assert!(
            text.starts_with("Best allocation of 200 per period (current total 200;"),
            "{text}"
        );
        let mut req = PlanRequest::default();
        req.bounds.insert(
            "tv".into(),
            Bounds {
                low: 0.0,
                high: 10.0,
            }
            .into(),
        );
        let p = planner.plan(&req).unwrap();
        assert!(p.uplift < 0.0, "{p:?}");
        let text = plan(&p, 0, 0.0);
        assert!(
            text.starts_with(&format!(
                "Allocation of 200 per period within your bounds, {:.1}% below the current split's response (current total 200;",
                -100.0 * p.uplift_pct
            )),
            "{text}"
        );
    }

    /// Less spend is said in words, with the tables' numbers (it read "for -74.92 spend per
    /// period"); one draw and one equally good model in the singular.
    #[test]
    fn spend_changes_and_single_counts_read_as_words() {
        let line = interval_line(
            1,
            Some([-10.0, 5.0]),
            Shares::PerDraw(Some([-0.1, 0.05])),
            0.9,
            Some(0.25),
            -74.92,
            1_000.0,
        );
        assert!(
            line.starts_with("Under the model's 1 draw, 90% interval: -10.00 to +5.00 (-10.0% to +5.0% of each draw's own current response); responds more than the current spends with probability 0.25, for 74.92 less spend per period."),
            "{line}"
        );
        let line = interval_line(
            40,
            Some([1.0, 2.0]),
            Shares::Of(None),
            0.9,
            Some(0.9),
            2_500.0,
            1_000.0,
        );
        assert!(
            line.contains("model's 40 draws, 90% interval: +1.00 to +2.00; responds")
                && line.contains("for 2,500 more spend per period"),
            "{line}"
        );
        let r = ModelReport::from_json(include_str!("../../tests/data/sim_seed7_104w.model.json"))
            .unwrap();
        assert_eq!(r.selected.considered, 1);
        let text = summary(&r, 4_000, 1.0);
        assert!(
            text.contains(", the best fit (no other model fits about as well).\n"),
            "{text}"
        );
    }

    /// Two channels on the same Hill curve: tv spending 100 now, podcast `podcast`.
    fn tv_and_podcast(podcast: f64) -> mixlens::allocate::Planner {
        use mixlens::allocate::Planner;
        use mixlens::model::ResponseCurve;
        use mixlens::transform::{Adstock, ChannelTransform, Saturation};
        let t = ChannelTransform {
            adstock: Adstock::geometric(0.0).unwrap(),
            saturation: Saturation::hill(1.0, 0.5, 1000.0).unwrap(),
            series_len: 52,
        };
        let curves = vec![ResponseCurve::new(1000.0, 1.0, t); 2];
        let names = vec!["tv".to_string(), "podcast".to_string()];
        Planner::from_curves(names, curves, vec![100.0, podcast], 0.0)
    }

    /// A what-if on a conversions KPI shows the CPA and marginal CPA (it showed ROAS and
    /// marginal ROI, 0.02 and 0.01, where a plan showed CPA and mCPA).
    #[test]
    fn a_what_if_on_conversions_shows_cpa() {
        let mut p = tv_and_podcast(100.0);
        p.kpi_type = mixlens::data::KpiType::Conversions;
        let w = p.what_if(&[("tv".to_string(), 300.0)].into()).unwrap();
        let text = scenario(&w, 0);
        let header = text.lines().nth(1).unwrap();
        assert!(header.ends_with("    CPA    mCPA"), "{header}");
        let tv = &w.channels[0];
        let row = text.lines().find(|l| l.starts_with("tv ")).unwrap();
        assert!(
            row.ends_with(&format!(
                " {:>7} {:>7}",
                format!("{:.2}", tv.scenario_cpa.unwrap()),
                format!("{:.2}", tv.scenario_marginal_cpa.unwrap())
            )),
            "{row}"
        );
        let total = text.lines().find(|l| l.starts_with("total")).unwrap();
        assert!(
            total.ends_with(&format!(" {:.2}", w.cpa_scenario.unwrap())),
            "{total}"
        );
        // A revenue KPI keeps ROAS and marginal ROI.
        p.kpi_type = mixlens::data::KpiType::Revenue;
        let w = p.what_if(&[("tv".to_string(), 300.0)].into()).unwrap();
        let header = scenario(&w, 0).lines().nth(1).unwrap().to_string();
        assert!(header.ends_with("   ROAS    mROI"), "{header}");
    }

    /// The fit table's CPA range whose ROI reaches 0 reads "0.50 or more" (it read
    /// "0.50-inf").
    #[test]
    fn a_cpa_range_open_upwards_reads_or_more_in_the_fit_table() {
        let mut r =
            ModelReport::from_json(include_str!("../../tests/data/sim_seed7_104w.model.json"))
                .unwrap();
        r.kpi.efficiency = Efficiency::Cpa;
        r.selected.cpa_range = vec![[Some(0.5), None], [Some(0.4), Some(0.8)], [None, None]];
        let text = summary(&r, 4_000, 1.0);
        let row = |name: &str| {
            text.lines()
                .find(|l| l.starts_with(&format!("{name} ")))
                .unwrap()
                .to_string()
        };
        assert!(
            row(&r.channels[0].name).contains(" 0.50 or more "),
            "{text}"
        );
        assert!(row(&r.channels[1].name).contains(" 0.40-0.80 "), "{text}");
        assert!(!text.contains("inf"), "{text}");
    }

    /// A KPI that goes below zero (profit) prints no MAPE, even from a model saved with one,
    /// and says why; one above zero prints it.
    #[test]
    fn the_fit_table_leaves_out_mape_for_a_kpi_below_zero() {
        let mut r =
            ModelReport::from_json(include_str!("../../tests/data/sim_seed7_104w.model.json"))
                .unwrap();
        r.fit.mape = Some(0.05);
        let text = summary(&r, 4_000, 1.0);
        assert!(text.contains("  MAPE 5.0%  DECOMP.RSSD"), "{text}");
        assert!(!text.contains("No MAPE"), "{text}");
        let n = r.decomposition.actual.len();
        for v in &mut r.decomposition.actual[..n / 2] {
            *v = -1.0;
        }
        let text = summary(&r, 4_000, 1.0);
        assert!(!text.contains("MAPE 5.0%"), "{text}");
        assert!(
            text.contains(
                "No MAPE: the KPI goes below zero, where errors as a share of it mean nothing.\n"
            ),
            "{text}"
        );
    }

    /// The fit table says at which spend its marginal ROI is read (its 1.71 was taken for the
    /// summary's 1.24, read at today's spend).
    #[test]
    fn the_fit_table_says_where_its_marginal_return_is_read() {
        let mut r =
            ModelReport::from_json(include_str!("../../tests/data/sim_seed7_104w.model.json"))
                .unwrap();
        let text = summary(&r, 4_000, 1.0);
        assert!(
            text.contains("\nmROI: what the next 1 spent returns at the channel's mean spend over all the data; the summary and optimize give it at today's spend (the mean of the last 52 weeks).\n"),
            "{text}"
        );
        r.kpi.efficiency = Efficiency::Cpa;
        let text = summary(&r, 4_000, 1.0);
        assert!(
            text.contains("\nmCPA: what the next conversion costs at the channel's mean spend over all the data;"),
            "{text}"
        );
        // A Bayesian model's: the point estimate's curve here, the draws' mean curve there.
        r.kpi.efficiency = Efficiency::Roi;
        r.model.estimator = mixlens::model::EstimatorKind::Bayes;
        let text = summary(&r, 4_000, 1.0);
        assert!(
            text.contains("\nmROI: what the next 1 spent returns at the channel's mean spend over all the data, on the point estimate's curve; the summary and optimize give it at today's spend (the mean of the last 52 weeks), on the mean of the draws' curves.\n"),
            "{text}"
        );
    }

    /// tv spending 100 now, having run at 80 to 120; podcast spending 10 now, never in 90 % of
    /// the periods (it ran at 0 to 0).
    fn ran_planner() -> mixlens::allocate::Planner {
        use mixlens::allocate::Bounds;
        let mut p = tv_and_podcast(10.0);
        p.history = vec![
            Bounds {
                low: 80.0,
                high: 120.0,
            },
            Bounds {
                low: 0.0,
                high: 0.0,
            },
        ];
        p
    }

    /// A what-if beyond the spends a channel ran at says so as a plan does, without the plan's
    /// option; a range of nothing reads "0 to 0".
    #[test]
    fn a_what_if_names_spends_beyond_those_a_channel_ran_at() {
        let p = ran_planner();
        let w = p.what_if(&[("tv".to_string(), 300.0)].into()).unwrap();
        let text = scenario(&w, 0);
        // Podcast, left at its current 10 (outside its range), is not named: only what moves.
        assert!(
            text.contains("Beyond the spends they ran at in 90% of the data's periods, where the curves are the model's guess: tv 300 (ran at 80.00 to 120). Move in steps or test first.\n"),
            "{text}"
        );
        let both = p
            .what_if(&[("tv".to_string(), 300.0), ("podcast".to_string(), 20.0)].into())
            .unwrap();
        assert!(
            scenario(&both, 0)
                .contains("tv 300 (ran at 80.00 to 120), podcast 20.00 (ran at 0 to 0). Move"),
            "{}",
            scenario(&both, 0)
        );
        let inside = p
            .what_if(&[("tv".to_string(), 90.0), ("podcast".to_string(), 0.0)].into())
            .unwrap();
        assert!(!scenario(&inside, 0).contains("Beyond"));
        let text = plan(
            &p.plan(&mixlens::allocate::PlanRequest::default()).unwrap(),
            0,
            0.0,
        );
        assert!(
            text.contains("(ran at 0 to 0)") && !text.contains("to 0.00"),
            "{text}"
        );
    }
}
