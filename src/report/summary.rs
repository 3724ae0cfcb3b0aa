//! The executive summary: what a fitted model says, in sentences a marketer reads without a
//! statistician, with the period every figure covers.
//!
//! One vocabulary everywhere (the page, the printed report, the npm API, the CLI):
//! - a channel's **return** is its contribution per 1 spent over the whole period of the data
//!   ("search returned 2.21 per 1 spent (90 %: 1.83–2.67), over 2022-01-03 to 2024-12-23"); a
//!   conversion KPI's is its **cost per conversion**;
//! - the **marginal return** is what the next 1 spent brings at today's spend, the planner's
//!   current spend (the mean over the planning window, a year by default), on the curves plans
//!   are made on, as `optimize` and the what-if show it ("the next 1 spent on search returns
//!   0.94");
//! - every fit gives a **90 % interval** (the posterior's, or the ridge search's profile
//!   likelihood); a ridge model saved before those gives a **range** (the lowest and highest
//!   return among the models that fit about as well).
//!
//! Numbers are written for people: thousands separators, returns with 2 decimals, shares in
//! percent with 1 decimal. The structure is serializable; the sentences are the product, the
//! per-channel facts let a caller build its own.

use serde::{Deserialize, Serialize};

use crate::allocate::{Goal, Plan, PlanBasis, PlannerSet};
use crate::data::{Frequency, WarningKind};
use crate::model::{Efficiency, EstimatorKind};

use super::ModelReport;

/// A no-effect probability from which a channel is named as possibly doing nothing.
pub const NO_EFFECT_NOTED: f64 = 0.2;

/// What the model shown is, in words and as fields.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelIdentity {
    /// `bayes` or `ridge_search`.
    pub estimator: EstimatorKind,
    /// True for the recommended model (always for a Bayesian fit).
    pub recommended: bool,
    /// 1-based number of the Pareto model shown when it is not the recommended one.
    pub pareto_model: Option<usize>,
    /// "Recommended model: …", "Alternative Pareto model 60, chosen by hand; not the
    /// recommended one." or "Bayesian posterior: …".
    pub label: String,
}

/// One paid channel's facts, as the sentences quote them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChannelFact {
    pub name: String,
    /// Return per 1 spent over the whole period (ROI), or cost per conversion (CPA) for a
    /// conversion KPI; absent for a CPA without a positive contribution.
    pub value: Option<f64>,
    /// Its 90 % interval (or an older ridge model's range); absent when there is none (an older
    /// search that found one equally good model). An end is absent where a CPA is infinite.
    pub low: Option<f64>,
    pub high: Option<f64>,
    /// Width of the interval relative to the value (`(high − low) / value`).
    pub relative_width: Option<f64>,
    /// What the next 1 spent returns at today's spend (or what the next conversion costs): the
    /// planner's current spend, on the curves plans are made on.
    pub marginal: Option<f64>,
    /// Share of the posterior draws in which the channel has no effect (Bayesian fits).
    pub no_effect_probability: Option<f64>,
    /// "search returned 2.21 per 1 spent (90 %: 1.83–2.67)".
    pub sentence: String,
}

/// The executive summary of a model (and of a plan, when one is given).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// One sentence: what paid media brought over the period, best and worst channel.
    pub headline: String,
    /// The points that follow, in order: best, least, marginal returns, what is uncertain, what
    /// would settle it, the plan.
    pub sentences: Vec<String>,
    /// First and last date of the data (ISO), and the number of periods.
    pub first: String,
    pub last: String,
    pub periods: usize,
    /// `roi` or `cpa`.
    pub efficiency: Efficiency,
    /// Interval words: "90 %" (a 90 % interval) or "range" (a ridge model saved before those).
    pub interval_word: String,
    pub model: ModelIdentity,
    pub channels: Vec<ChannelFact>,
    /// The channel least pinned down: one that may not work at all (the most spend among
    /// them), else the widest interval relative to its value. Not the test worth most to a
    /// plan: that is the test design's ranking.
    pub test_next: Option<String>,
}

/// `1234567.8` → "1,234,568"; below 100 in absolute value, 2 decimals ("0.37"): the report's
/// [`number`](super::wording::number) with a typographic minus ("−68,090").
pub fn amount(v: f64) -> String {
    if !v.is_finite() {
        return "–".into();
    }
    super::wording::number(v).replace('-', "−")
}

/// A return or a cost per conversion: 2 decimals, thousands separated above 100.
fn ratio(v: f64) -> String {
    if v.abs() >= 1000.0 {
        amount(v)
    } else {
        format!("{v:.2}").replace('-', "−")
    }
}

/// A share as a percentage with 1 decimal ("35.2 %"); `signed` adds "+" (and "−").
fn percent(share: f64, signed: bool) -> String {
    let p = 100.0 * share;
    let body = format!("{:.1}", p.abs());
    let sign = if body == "0.0" {
        ""
    } else if p < 0.0 {
        "−"
    } else if signed {
        "+"
    } else {
        ""
    };
    format!("{sign}{body} %")
}

fn signed_amount(v: f64) -> String {
    let a = amount(v);
    if v > 0.0 && a != "0.00" {
        format!("+{a}")
    } else {
        a
    }
}

fn period_word(f: Frequency, n: usize) -> String {
    let w = match f {
        Frequency::Daily => "day",
        Frequency::Weekly => "week",
        Frequency::Monthly => "month",
    };
    format!("{n} {w}{}", if n == 1 { "" } else { "s" })
}

/// "Alternative Pareto model 60, chosen by hand; not the recommended one." and the like.
pub fn identity(report: &ModelReport) -> ModelIdentity {
    let s = &report.selected;
    let estimator = report.model.estimator;
    let pareto_model = if s.recommended {
        None
    } else {
        s.pareto_index.map(|i| i + 1)
    };
    let label = match (estimator, s.recommended, pareto_model) {
        (EstimatorKind::Bayes, _, _) => {
            let draws = report.model.draws.len();
            format!(
                "Bayesian posterior: each figure is the median over {} draws.",
                amount(draws as f64).trim_end_matches(".00")
            )
        }
        (_, true, _) if s.considered <= 1 => {
            "Recommended model: the best fit of the search (no other model fits about as well)."
                .into()
        }
        (_, true, _) => format!(
            "Recommended model: the most typical of {} models that fit about equally well.",
            s.considered
        ),
        (_, false, Some(k)) => {
            format!("Alternative Pareto model {k}, chosen by hand; not the recommended one.")
        }
        (_, false, None) => "An alternative model, chosen by hand; not the recommended one.".into(),
    };
    ModelIdentity {
        estimator,
        recommended: s.recommended || estimator == EstimatorKind::Bayes,
        pareto_model,
        label,
    }
}

/// The interval or range of channel `k` in the report's measure (`[low, high]`, `None` when
/// there is none or it is a single point).
fn interval_of(report: &ModelReport, k: usize, eff: Efficiency) -> Option<[Option<f64>; 2]> {
    let c = &report.channels[k];
    let roi = c
        .roi_interval
        .or_else(|| report.selected.roi_range.get(k).copied())?;
    if (roi[1] - roi[0]).abs() <= 1e-9 * roi[1].abs().max(1.0) {
        return None;
    }
    match eff {
        Efficiency::Roi => Some([Some(roi[0]), Some(roi[1])]),
        Efficiency::Cpa => eff.cpa_range(roi),
    }
}

/// Each paid channel's marginal ROI at today's spend, by name: the what-if of the current
/// spends, as `optimize` and the what-if read it (none if the planner cannot make it).
fn marginal_today(planners: &PlannerSet) -> Vec<(String, f64)> {
    planners
        .what_if(&Default::default())
        .map(|w| {
            w.channels
                .into_iter()
                .map(|c| (c.name, c.current_marginal_roi))
                .collect()
        })
        .unwrap_or_default()
}

fn facts(
    report: &ModelReport,
    planners: &PlannerSet,
    eff: Efficiency,
    level: &str,
) -> Vec<ChannelFact> {
    let today = marginal_today(planners);
    // A 90 % interval (the posterior's or the ridge search's profile), or an older ridge model's range.
    let intervals =
        report.model.estimator == EstimatorKind::Bayes || !report.model.interval_ends.is_empty();
    report
        .channels
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let value = match eff {
                Efficiency::Roi => Some(c.roi),
                Efficiency::Cpa => c.cpa,
            };
            let marginal = today
                .iter()
                .find(|(name, _)| *name == c.name)
                .and_then(|&(_, m)| match eff {
                    Efficiency::Roi => Some(m),
                    Efficiency::Cpa => eff.cpa(1.0, m),
                });
            let iv = interval_of(report, k, eff);
            let (low, high) = iv.map_or((None, None), |[l, h]| (l, h));
            let relative_width = match (value, low, high) {
                (Some(v), Some(l), Some(h)) if v > 0.0 => Some((h - l) / v),
                (Some(_), Some(_), None) => Some(f64::INFINITY),
                _ => None,
            };
            let span = iv.map(|[l, h]| {
                let words = if intervals {
                    level.to_string()
                } else {
                    "range".into()
                };
                // A CPA range open upwards (an ROI of 0 in it) has no high end.
                match (l, h) {
                    (Some(l), Some(h)) => format!(" ({words}: {}–{})", ratio(l), ratio(h)),
                    (Some(l), None) => format!(" ({words}: {} or more)", ratio(l)),
                    (None, _) => String::new(),
                }
            });
            let span = span.unwrap_or_default();
            let sentence = match (eff, value) {
                (Efficiency::Roi, Some(v)) => {
                    format!("{} returned {} per 1 spent{span}", c.name, ratio(v))
                }
                (Efficiency::Cpa, Some(v)) => {
                    format!("{} cost {} per conversion{span}", c.name, ratio(v))
                }
                (_, None) => format!("{} brought no measurable conversions", c.name),
            };
            ChannelFact {
                name: c.name.clone(),
                value,
                low,
                high,
                relative_width: relative_width.filter(|w| w.is_finite()),
                marginal,
                no_effect_probability: report.model.no_effect_share(k),
                sentence,
            }
        })
        .collect()
}

/// "(+68,090 per period, +22.0 %)".
fn change_text(amount_: f64, share: Option<f64>) -> String {
    match share {
        Some(s) => format!(
            "{} ({} per period)",
            percent(s, true),
            signed_amount(amount_)
        ),
        None => format!("{} per period", signed_amount(amount_)),
    }
}

/// The plan's sentence: the cautious and the expected gain side by side.
fn plan_sentence(plan: &Plan, kpi: &str) -> String {
    let what = match plan.goal {
        Goal::MaxResponse { .. } => format!(
            "The best split of {} per period (now {})",
            amount(plan.total_budget),
            amount(plan.total_budget_current)
        ),
        Goal::TargetRoas { .. } | Goal::TargetCpa { .. } => format!(
            "The largest budget that meets the target, {} per period (now {})",
            amount(plan.total_budget),
            amount(plan.total_budget_current)
        ),
    };
    let share =
        |v: f64| (plan.total_response_current > 0.0).then(|| v / plan.total_response_current);
    let expected_word = match plan.basis {
        PlanBasis::MeanOfDraws => "expected",
        PlanBasis::Point => "on this model",
    };
    match plan.uplift_interval {
        Some([low, _]) => {
            let level = format!("{:.0} %", 100.0 * plan.interval_level);
            let better = plan
                .probability_better
                .map(|p| format!("; it beats the current split with probability {p:.2}"))
                .unwrap_or_default();
            format!(
                "{what}: the media contribution to {kpi} changes by {} at the low end of the model's {level} interval and {} {expected_word}{better}. Both assume the model's curve shapes: move in steps, or test before a large shift.",
                change_text(low, share(low)),
                change_text(plan.uplift, share(plan.uplift)),
            )
        }
        None => format!(
            "{what}: the media contribution to {kpi} changes by {} {expected_word}.",
            change_text(plan.uplift, share(plan.uplift))
        ),
    }
}

/// The paid channels whose return the data cannot show, by the fit's warnings, with why: spend
/// that follows sales ([`WarningKind::SpendFollowsSales`]) or spend in only a few periods
/// ([`WarningKind::RareSpend`]). An outside check saw the summary open with such a channel as
/// the best (8.86 per 1 spent, its spend 6 % of the same week's sales and its true effect
/// nothing) and a plan double it "with probability 1.00", neither naming the fit's warning.
///
/// A channel with a lift test is not among them: the test shows its return.
fn unreadable(report: &ModelReport) -> Vec<(&str, &'static str)> {
    report
        .channels
        .iter()
        .filter(|c| report.calibration.iter().all(|r| r.channel != c.name))
        .filter_map(|c| {
            let why = warnings_about(report, c).find_map(|w| match w.kind {
                WarningKind::SpendFollowsSales => Some("its spend follows sales"),
                WarningKind::RareSpend => Some("it spent in only a few periods"),
                _ => None,
            })?;
            Some((c.name.as_str(), why))
        })
        .collect()
}

/// The channels whose lift test the model does not agree with (their `lift_conflict`
/// warning): their figures follow a test the sales data contradict, or one in other units.
fn conflicted(report: &ModelReport) -> Vec<&str> {
    report
        .channels
        .iter()
        .filter(|c| warnings_about(report, c).any(|w| w.kind == WarningKind::LiftConflict))
        .map(|c| c.name.as_str())
        .collect()
}

/// The fit's warnings about channel `c` (named by its display name or its spend column, as
/// data warnings and model warnings name it).
fn warnings_about<'a>(
    report: &'a ModelReport,
    c: &'a crate::model::ChannelResult,
) -> impl Iterator<Item = &'a crate::data::Warning> {
    report.warnings.iter().filter(|w| {
        w.subject
            .as_deref()
            .is_some_and(|s| s == c.spend_column || s == c.name)
    })
}

/// The poor-fit warning's point in one sentence, when the fit has one.
fn poor_fit_caution(report: &ModelReport) -> Option<String> {
    report
        .warnings
        .iter()
        .any(|w| w.kind == WarningKind::PoorFit)
        .then(|| {
            format!(
                "Read with care: the model explains only {} of the KPI's ups and downs (R² {:.2}); see the fit's warning.",
                percent(report.fit.r2.max(0.0), false),
                report.fit.r2
            )
        })
}

/// A sentence when the best and the least channel's intervals overlap: the data do not settle
/// which of the two does better, so neither ranking sentence is a reason to move budget. An
/// outside check's summary led with a channel of no effect, "Highest return: display returned
/// 2.29 per 1 spent (90 %: 0.14–5.97)", above social (true return 1.8) at 0.00 (0.00–2.56).
fn unsettled_ranking(best: &ChannelFact, least: &ChannelFact, eff: Efficiency) -> Option<String> {
    let (reach, edge, better) = match eff {
        // The best's lowest reading against the least's highest.
        Efficiency::Roi => (best.low?, least.high?, "returns more"),
        // The cheapest's highest cost against the dearest's lowest.
        Efficiency::Cpa => (least.low?, best.high?, "costs less per conversion"),
    };
    // Touching ends are not an overlap.
    (reach < edge).then(|| {
        let (down, up) = match eff {
            Efficiency::Roi => (
                format!("{}'s reaches down to {}", best.name, ratio(reach)),
                format!("{}'s up to {}", least.name, ratio(edge)),
            ),
            Efficiency::Cpa => (
                format!("{}'s reaches up to {}", best.name, ratio(edge)),
                format!("{}'s down to {}", least.name, ratio(reach)),
            ),
        };
        format!(
            "Their intervals overlap ({down}, {up}): these data do not settle which of the two {better}."
        )
    })
}

/// The moved channels of `plan` whose return the data cannot show ([`unreadable`]), and those it
/// raises on an S-shaped reading of their curve ([`rising_return`]), each in a sentence with
/// what to do.
fn channel_cautions(report: &ModelReport, plan: &Plan) -> Vec<String> {
    let guess = "is the model's guess. Lock it, or test it first";
    let disputed = "rests on that test. Check the test first, or lock it";
    let named: Vec<(&str, &str, &str)> = unreadable(report)
        .into_iter()
        .map(|(name, why)| (name, why, guess))
        .chain(
            conflicted(report)
                .into_iter()
                .map(|name| (name, "its lift test and the sales data disagree", disputed)),
        )
        .collect();
    let mut cautions: Vec<String> = named
        .iter()
        .filter_map(|&(name, why, then)| {
            let c = plan.channels.iter().find(|c| c.name == name)?;
            let moved = !c.locked
                && (c.optimal_spend - c.current_spend).abs()
                    > 0.01 * c.current_spend.max(c.optimal_spend);
            moved.then(|| {
                format!(
                    "{name}: {why} (see the fit's warning), so its move from {} to {} per period {then}.",
                    amount(c.current_spend),
                    amount(c.optimal_spend)
                )
            })
        })
        .collect();
    cautions.extend(
        plan.channels
            .iter()
            .filter(|c| named.iter().all(|(name, ..)| *name != c.name))
            .filter_map(|c| {
                let tested = report.calibration.iter().any(|r| r.channel == c.name);
                rising_return(c, plan.efficiency, tested)
            }),
    );
    cautions
}

/// An average return that rises by at least this factor from a channel's current spend to a
/// higher planned one reads its curve as S-shaped there ([`rising_return`]). A little rise is
/// left unsaid: the in-family simulator's Hill curves (slopes up to 2.2) give plans such as
/// search's 1.63 → 1.85, where the shape is the truth and the gain it adds is small.
const RISING_RETURN: f64 = 1.25;

/// A channel the plan raises to where the model reads its average return (response per unit of
/// spend) higher than at today's spend: an S-shaped curve, steepest beyond today's spend. On
/// concave curves the average return only falls as spend grows, so such a move rests on the
/// shape alone; an outside check's plans claimed +109 % of the media response from such reads
/// (a search budget that rose with demand, search's return read 1.13 at its spend and 2.67 at
/// twice it) where the truth gave +1.6 %.
///
/// Not for a channel off today (no return to compare with: any curve's first unit returns more
/// than nothing), nor for one its own lower bound raised (the bound, not the shape, moved it).
/// A lift-tested channel is told to test at the planned spend (its test says little of the
/// curve beyond the spends of its window).
fn rising_return(
    c: &crate::allocate::ChannelPlan,
    efficiency: Efficiency,
    tested: bool,
) -> Option<String> {
    let raised = !c.locked
        && c.current_spend > 0.0
        && c.current_response > 0.0
        && c.optimal_spend > 1.01 * c.current_spend
        && c.optimal_spend > c.lower * (1.0 + 1e-9);
    if !(raised && c.optimal_roas > RISING_RETURN * c.current_roas) {
        return None;
    }
    let (now, then) = (amount(c.current_spend), amount(c.optimal_spend));
    let read = match efficiency {
        Efficiency::Cpa => format!(
            "its cost per conversion as falling as its spend grows ({} at {now} per period, {} at {then})",
            ratio(c.current_cpa?),
            ratio(c.optimal_cpa?)
        ),
        Efficiency::Roi => format!(
            "its return per 1 spent as rising with its spend ({} at {now} per period, {} at {then})",
            ratio(c.current_roas),
            ratio(c.optimal_roas)
        ),
    };
    let test = if tested {
        "test it at the planned spend first"
    } else {
        "test it first"
    };
    Some(format!(
        "{}: the model reads {read}: an S-shaped curve, steepest beyond today's spend. The shape may be right, but sales that rise with the season or with demand when its budget does look the same to the model. Its planned gain rests on that shape: raise it in steps, or {test}.",
        c.name
    ))
}

/// What bears on `plan` (its `cautions`): a poor fit, each moved channel whose return the data
/// cannot show, and each channel raised on an S-shaped reading of its curve.
pub fn plan_cautions(report: &ModelReport, plan: &Plan) -> Vec<String> {
    poor_fit_caution(report)
        .into_iter()
        .chain(channel_cautions(report, plan))
        .collect()
}

/// The summary of the model shown, with marginal returns at the current spends of `planners`
/// (the model's, [`ModelReport::planners`]), and of `plan` when one is given.
pub fn summarize(report: &ModelReport, planners: &PlannerSet, plan: Option<&Plan>) -> Summary {
    let eff = report.kpi.efficiency;
    let level = format!("{:.0} %", 100.0 * report.interval_level);
    // A 90 % interval (the posterior's or the ridge search's profile), or an older ridge model's range.
    let intervals =
        report.model.estimator == EstimatorKind::Bayes || !report.model.interval_ends.is_empty();
    let dates = &report.data.dates;
    let first = dates.first().map(|d| d.to_string()).unwrap_or_default();
    let last = dates.last().map(|d| d.to_string()).unwrap_or_default();
    let over = format!("over {first} to {last}");
    let kpi = report.kpi.name.clone();
    let facts = facts(report, planners, eff, &level);
    let model = identity(report);

    // Best and least: highest ROI, or lowest CPA; without the channels whose return the data
    // cannot show (said in a sentence of their own).
    let unknown_return = unreadable(report);
    let readable = |f: &ChannelFact| unknown_return.iter().all(|(n, _)| *n != f.name);
    let mut ranked: Vec<&ChannelFact> = facts
        .iter()
        .filter(|f| f.value.is_some() && readable(f))
        .collect();
    ranked.sort_by(|a, b| {
        let (x, y) = (a.value.unwrap_or(0.0), b.value.unwrap_or(0.0));
        match eff {
            Efficiency::Roi => y.total_cmp(&x),
            Efficiency::Cpa => x.total_cmp(&y),
        }
    });
    let paid: f64 = report.channels.iter().map(|c| c.contribution).sum();
    let total: f64 = report.decomposition.actual.iter().sum();
    // A share of a KPI that goes below zero (profit after fixed costs) can pass 100 %: left out.
    let brought = if total > 0.0
        && paid <= total
        && !crate::data::kpi_goes_below_zero(&report.decomposition.actual)
    {
        format!(
            "Paid media brought {} of {} {kpi} ({}) {over} ({}).",
            amount(paid),
            amount(total),
            percent(paid / total, false),
            period_word(report.data.frequency, dates.len())
        )
    } else {
        format!("Paid media brought {} {kpi} {over}.", amount(paid))
    };
    // Channel names as the data writes them: the sentence does not open with one, so none is
    // capitalised ("tv" is not "Tv").
    let headline = match (ranked.first(), ranked.last()) {
        (Some(b), Some(l)) if ranked.len() > 1 => {
            let (best, least) = match eff {
                Efficiency::Roi => ("The highest return per 1 spent", "the lowest"),
                Efficiency::Cpa => ("The lowest cost per conversion", "the highest"),
            };
            format!(
                "{brought} {best} came from {}, {least} from {}.",
                b.name, l.name
            )
        }
        _ => brought,
    };

    let mut sentences: Vec<String> = poor_fit_caution(report).into_iter().collect();
    let disputed = conflicted(report);
    if !disputed.is_empty() {
        let one = disputed.len() == 1;
        sentences.push(format!(
            "Read {} with care: {} lift test and the sales data disagree (see the fit's warning), and the model follows the test; check the test's dates, spend and units before acting on {}.",
            disputed.join(" and "),
            if one { "its" } else { "their" },
            if one { "it" } else { "them" }
        ));
    }
    if !unknown_return.is_empty() {
        let list = unknown_return
            .iter()
            .map(|(n, why)| format!("{n} ({why})"))
            .collect::<Vec<_>>()
            .join(" and ");
        sentences.push(format!(
            "Left out of the rankings: {list}; the data cannot show {} return (see the fit's warnings).",
            if unknown_return.len() == 1 { "its" } else { "their" }
        ));
    }
    if let (Some(b), Some(l)) = (ranked.first(), ranked.last()) {
        let best = match eff {
            Efficiency::Roi => "Highest return",
            Efficiency::Cpa => "Lowest cost per conversion",
        };
        sentences.push(format!("{best}: {}, {over}.", b.sentence));
        if ranked.len() > 1 {
            let least = match eff {
                Efficiency::Roi => "Lowest return",
                Efficiency::Cpa => "Highest cost per conversion",
            };
            sentences.push(format!("{least}: {}, {over}.", l.sentence));
            sentences.extend(unsettled_ranking(b, l, eff));
        }
    }
    // Marginal returns at today's spend (the planner's current spend), largest first.
    let mut marginal: Vec<(&str, f64)> = facts
        .iter()
        .filter(|f| readable(f))
        .filter_map(|f| f.marginal.map(|m| (f.name.as_str(), m)))
        .collect();
    marginal.sort_by(|a, b| match eff {
        Efficiency::Roi => b.1.total_cmp(&a.1),
        Efficiency::Cpa => a.1.total_cmp(&b.1),
    });
    if !marginal.is_empty() {
        let list = marginal
            .iter()
            .map(|(n, m)| format!("{n} {}", ratio(*m)))
            .collect::<Vec<_>>()
            .join(", ");
        let today = period_word(report.data.frequency, planners.point.window);
        sentences.push(match eff {
            Efficiency::Roi => format!(
                "Marginal return at today's spend (the mean of the last {today}; what the next 1 spent returns): {list}."
            ),
            Efficiency::Cpa => format!(
                "Marginal cost at today's spend (the mean of the last {today}; what the next conversion costs): {list}."
            ),
        });
    }
    // What is uncertain, and what would settle it.
    let widest = facts
        .iter()
        .filter(|f| f.low.is_some() && (f.relative_width.is_some() || f.high.is_none()))
        .max_by(|a, b| {
            let w = |f: &ChannelFact| f.relative_width.unwrap_or(f64::INFINITY);
            w(a).total_cmp(&w(b))
        });
    let iv_word = if intervals {
        format!("{level} interval")
    } else {
        "range".to_string()
    };
    let mut test_next = None;
    match widest {
        Some(w) => {
            let of = match eff {
                Efficiency::Roi => "return",
                Efficiency::Cpa => "cost per conversion",
            };
            let how = match w.relative_width {
                // "spans 2976.8 % of its return" read as a typo: wide intervals in times.
                Some(r) if r >= 2.0 => format!("its {iv_word} is {r:.0} times as wide as its {of}"),
                Some(r) => format!("its {iv_word} spans {} of its {of}", percent(r, false)),
                None => format!("its {iv_word} is open-ended"),
            };
            sentences.push(format!("Least certain: {} ({how}).", w.name));
            test_next = Some(w.name.clone());
        }
        None if !intervals => sentences.push(
            "The search found no other model that fits about as well, so it gives no range: a Bayesian fit gives every return an interval."
                .into(),
        ),
        None => {}
    }
    let doubtful: Vec<String> = facts
        .iter()
        .filter_map(|f| {
            let includes_zero = eff == Efficiency::Roi && f.low.is_some_and(|l| l <= 0.0);
            match f.no_effect_probability {
                Some(p) if p >= NO_EFFECT_NOTED => Some(format!(
                    "{} (no effect in {} of the draws)",
                    f.name,
                    percent(p, false)
                )),
                _ if includes_zero => Some(format!("{} (its {iv_word} includes 0)", f.name)),
                _ => None,
            }
        })
        .collect();
    if !doubtful.is_empty() {
        sentences.push(format!(
            "The data cannot rule out that {} had no effect at all.",
            doubtful.join(" and ")
        ));
    }
    // A channel shown without effect that may work (its `uncertain_effect` warning) comes
    // first, the one with the most spend: whether it works at all matters more than how wide
    // another channel's interval is.
    let unknown = report
        .warnings
        .iter()
        .filter(|w| w.kind == WarningKind::UncertainEffect)
        .filter_map(|w| {
            report
                .channels
                .iter()
                .find(|c| Some(&c.name) == w.subject.as_ref())
        })
        .max_by(|a, b| a.spend.total_cmp(&b.spend));
    if let Some(c) = unknown {
        test_next = Some(c.name.clone());
        let tested = report.calibration.iter().any(|r| r.channel == c.name);
        sentences.push(format!(
            "Open question: whether {} works at all ({} of the paid spend); {} would tell.",
            c.name,
            percent(c.spend_share, false),
            if tested {
                "a longer lift test, or one that moves more of its spend,"
            } else {
                "a lift test or a few weeks' pause of its spend in some regions"
            }
        ));
    } else if test_next.is_some() {
        // The widest interval is not the test worth most: that is the test design's ranking
        // (`design::rank`), which this summary does not run (seconds of work), so it names none.
        sentences.push(
            if report.model.estimator == EstimatorKind::Bayes {
                "Which lift test to run next is ranked by what each would add to the budget plan: the test design ('Test next' on the page, mixlens design)."
            } else {
                "Ranking the lift tests by what each would add to the budget plan needs a Bayesian fit: the test design reads its posterior."
            }
            .into(),
        );
    }
    if let Some(p) = plan {
        sentences.push(plan_sentence(p, &kpi));
        // The poor fit is said first already.
        sentences.extend(channel_cautions(report, p));
    }
    Summary {
        headline,
        sentences,
        first,
        last,
        periods: dates.len(),
        efficiency: eff,
        interval_word: if intervals { level } else { "range".into() },
        model,
        channels: facts,
        test_next,
    }
}

impl Summary {
    /// The summary as plain text: the headline, then one line per sentence ("- …").
    pub fn to_text(&self) -> String {
        let mut out = format!("{}\n{}\n", self.model.label, self.headline);
        for s in &self.sentences {
            out.push_str("- ");
            out.push_str(s);
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::allocate::PlanRequest;

    /// A ridge model saved before the search had 90 % intervals (its `roi_range` is the
    /// likelihood range of the models that fit about as well: the "range" wording).
    const RIDGE: &str = include_str!("../../tests/data/sim_seed7_104w.model.range.json");

    fn ridge() -> ModelReport {
        ModelReport::from_json(RIDGE).unwrap()
    }

    /// The summary with the report's own planners (today's spend: the mean of the last year).
    fn summary(r: &ModelReport, plan: Option<&Plan>) -> Summary {
        summarize(r, &r.planners(0).unwrap(), plan)
    }

    #[test]
    fn amounts_are_written_for_people() {
        assert_eq!(amount(1_234_567.8), "1,234,568");
        assert_eq!(amount(999.4), "999");
        assert_eq!(amount(100.0), "100");
        assert_eq!(amount(0.3666), "0.37");
        assert_eq!(amount(-68_090.2), "−68,090");
        assert_eq!(percent(0.22, true), "+22.0 %");
        assert_eq!(percent(-0.064, true), "−6.4 %");
        assert_eq!(percent(-0.0001, true), "0.0 %");
        assert_eq!(ratio(2.2149), "2.21");
        assert_eq!(ratio(12_345.6), "12,346");
    }

    /// The fixture's recommended model: tv 1.883…, search 1.598…, social 2.090… (ROI); one
    /// equally good model, so no ranges. Marginal returns at the mean spend of the last 52
    /// weeks (tv 25,525.95, search 11,999.33, social 9,630.39), by hand from each channel's
    /// β·s(x/(1−θ)) with s the Hill curve, s' = α s (1 − s) / z at z = x/(1−θ): tv 1.1355,
    /// search 2.4095, social 1.5076 (at the mean spend over all 104 weeks, which the summary
    /// said before: 0.9908, 2.3544, 1.2903).
    #[test]
    fn ridge_fixture_summary_reads_by_hand() {
        let r = ridge();
        let s = summary(&r, None);
        assert_eq!(
            (s.first.as_str(), s.last.as_str()),
            ("2022-01-03", "2023-12-25")
        );
        assert_eq!(s.periods, 104);
        assert_eq!(
            s.model.label,
            "Recommended model: the best fit of the search (no other model fits about as well)."
        );
        assert!(
            s.headline.ends_with(
                "over 2022-01-03 to 2023-12-25 (104 weeks). The highest return per 1 spent came from social, the lowest from search."
            ),
            "{}",
            s.headline
        );
        assert!(
            s.headline.starts_with("Paid media brought 10,814,019 of "),
            "{}",
            s.headline
        );
        assert_eq!(
            s.sentences[0],
            "Highest return: social returned 2.09 per 1 spent, over 2022-01-03 to 2023-12-25."
        );
        assert_eq!(
            s.sentences[1],
            "Lowest return: search returned 1.60 per 1 spent, over 2022-01-03 to 2023-12-25."
        );
        assert_eq!(
            s.sentences[2],
            "Marginal return at today's spend (the mean of the last 52 weeks; what the next 1 spent returns): search 2.41, social 1.51, tv 1.14."
        );
        assert!(s.sentences[3].starts_with("The search found no other model"));
        assert_eq!(s.sentences.len(), 4);
        assert_eq!(s.test_next, None);
    }

    /// A channel shown without effect that may work is the test to run first, whatever the
    /// widest interval.
    #[test]
    fn a_channel_that_may_not_work_at_all_is_the_test_to_run_first() {
        let mut r = bayes_with_intervals();
        let name = r.channels[2].name.clone();
        r.warnings.push(crate::data::Warning::about(
            WarningKind::UncertainEffect,
            &name,
            "…".to_string(),
        ));
        let s = summary(&r, None);
        assert_eq!(s.test_next.as_deref(), Some(name.as_str()));
        let share = percent(r.channels[2].spend_share, false);
        assert_eq!(
            s.sentences.last().map(String::as_str),
            Some(
                format!(
                    "Open question: whether {name} works at all ({share} of the paid spend); a lift test or a few weeks' pause of its spend in some regions would tell."
                )
                .as_str()
            )
        );
        // The widest interval is still named.
        assert!(
            s.sentences
                .iter()
                .any(|t| t.starts_with("Least certain: search"))
        );
    }

    /// The fixture read as a Bayesian fit, with intervals set by hand on its channels: tv 1.88
    /// (1.50–2.30: 42.5 %), search 1.60 (−0.10–3.00: 193.9 %), social 2.09 (2.00–2.20).
    fn bayes_with_intervals() -> ModelReport {
        let mut r = ridge();
        r.model.estimator = EstimatorKind::Bayes;
        r.channels[0].roi_interval = Some([1.5, 2.3]);
        r.channels[1].roi_interval = Some([-0.1, 3.0]);
        r.channels[2].roi_interval = Some([2.0, 2.2]);
        r
    }

    #[test]
    fn the_widest_relative_interval_is_named_with_the_test_that_settles_it() {
        let r = bayes_with_intervals();
        let s = summary(&r, None);
        assert_eq!(
            s.sentences[0],
            "Highest return: social returned 2.09 per 1 spent (90 %: 2.00–2.20), over 2022-01-03 to 2023-12-25."
        );
        assert_eq!(
            s.sentences[1],
            "Lowest return: search returned 1.60 per 1 spent (90 %: −0.10–3.00), over 2022-01-03 to 2023-12-25."
        );
        // social's 2.00–2.20 and search's −0.10–3.00 overlap.
        assert_eq!(
            s.sentences[2],
            "Their intervals overlap (social's reaches down to 2.00, search's up to 3.00): these data do not settle which of the two returns more."
        );
        // (3.0 − (−0.1)) / 1.598765… = 1.9390 → 193.9 %; wider than twice: in times.
        let mut wide = r.clone();
        wide.channels[1].roi_interval = Some([0.0, 47.6]);
        assert_eq!(
            summary(&wide, None).sentences[4],
            "Least certain: search (its 90 % interval is 30 times as wide as its return)."
        );
        assert_eq!(
            s.sentences[4],
            "Least certain: search (its 90 % interval spans 193.9 % of its return)."
        );
        assert_eq!(
            s.sentences[5],
            "The data cannot rule out that search (its 90 % interval includes 0) had no effect at all."
        );
        assert_eq!(
            s.sentences[6],
            "Which lift test to run next is ranked by what each would add to the budget plan: the test design ('Test next' on the page, mixlens design)."
        );
        assert_eq!(s.test_next.as_deref(), Some("search"));
        // The ridge search's intervals leave no posterior to rank tests on: said so.
        let mut ridge_iv = r.clone();
        ridge_iv.model.estimator = EstimatorKind::RidgeSearch;
        ridge_iv.model.interval_ends = vec![ridge_iv.model.point.clone()];
        assert_eq!(
            summary(&ridge_iv, None)
                .sentences
                .last()
                .map(String::as_str),
            Some(
                "Ranking the lift tests by what each would add to the budget plan needs a Bayesian fit: the test design reads its posterior."
            )
        );
        assert_eq!(
            s.channels[0].relative_width.map(|w| (w * 1000.0).round()),
            Some(425.0)
        );
    }

    /// The ridge fixture read as a conversions KPI: each channel's CPA and marginal CPA the
    /// inverses of its ROI and marginal ROI.
    fn conversions() -> ModelReport {
        let mut r = ridge();
        r.kpi.efficiency = Efficiency::Cpa;
        r.kpi.name = "conversions".into();
        for c in &mut r.channels {
            c.cpa = Some(1.0 / c.roi);
            c.marginal_cpa = Some(1.0 / c.marginal_roi);
        }
        r
    }

    /// A conversion KPI reads costs per conversion: tv 1/1.8837 = 0.53, search 1/1.5988 = 0.63,
    /// social 1/2.0906 = 0.48; ranges 1/high–1/low; marginal costs at today's spend 1/1.1355 =
    /// 0.88, 1/2.4095 = 0.42, 1/1.5076 = 0.66.
    #[test]
    fn a_conversion_kpi_is_read_as_costs_per_conversion() {
        let mut r = conversions();
        r.selected.roi_range = vec![[1.5, 2.3], [1.0, 2.0], [2.0, 2.2]];
        let s = summary(&r, None);
        assert!(
            s.headline.ends_with(
                "The lowest cost per conversion came from social, the highest from search."
            ),
            "{}",
            s.headline
        );
        assert_eq!(
            s.sentences[0],
            "Lowest cost per conversion: social cost 0.48 per conversion (range: 0.45–0.50), over 2022-01-03 to 2023-12-25."
        );
        assert_eq!(
            s.sentences[1],
            "Highest cost per conversion: search cost 0.63 per conversion (range: 0.50–1.00), over 2022-01-03 to 2023-12-25."
        );
        assert_eq!(
            s.sentences[2],
            "Marginal cost at today's spend (the mean of the last 52 weeks; what the next conversion costs): search 0.42, social 0.66, tv 0.88."
        );
        // (1.0 − 0.5) / 0.6255 = 0.799.
        assert_eq!(
            s.sentences[3],
            "Least certain: search (its range spans 79.9 % of its cost per conversion)."
        );
        // Touching ends (0.50) are no overlap; search's ROI down to 0.8 (a cost up to 1.25) and
        // up to 2.5 (down to 0.40) is.
        assert!(
            s.sentences.iter().all(|t| !t.contains("overlap")),
            "{:?}",
            s.sentences
        );
        r.selected.roi_range[1] = [0.8, 2.5];
        assert_eq!(
            summary(&r, None).sentences[2],
            "Their intervals overlap (social's reaches up to 0.50, search's down to 0.40): these data do not settle which of the two costs less per conversion."
        );
    }

    /// A CPA range whose ROI reaches 0 has no high end and says so in words (it read
    /// "0.50–∞").
    #[test]
    fn a_cpa_range_open_upwards_reads_or_more() {
        let mut r = conversions();
        r.selected.roi_range = vec![[1.5, 2.3], [0.0, 2.0], [2.0, 2.2]];
        let s = summary(&r, None);
        assert_eq!(
            s.sentences[1],
            "Highest cost per conversion: search cost 0.63 per conversion (range: 0.50 or more), over 2022-01-03 to 2023-12-25."
        );
    }

    #[test]
    fn an_alternative_pareto_model_says_what_it_is() {
        let r = ridge().with_model(0).unwrap();
        let s = summary(&r, None);
        assert!(!s.model.recommended);
        assert_eq!(s.model.pareto_model, Some(1));
        assert_eq!(
            s.model.label,
            "Alternative Pareto model 1, chosen by hand; not the recommended one."
        );
        // And after saving and reopening.
        let back = ModelReport::from_json(&r.to_json()).unwrap();
        assert_eq!(summary(&back, None).model.label, s.model.label);
    }

    #[test]
    fn a_plan_gives_its_cautious_and_expected_gain_side_by_side() {
        let r = ridge();
        let plan = r
            .planners(0)
            .unwrap()
            .plan(&PlanRequest::default())
            .unwrap();
        let s = summary(&r, Some(&plan));
        let last = s.sentences.last().unwrap();
        assert!(last.starts_with("The best split of "), "{last}");
        // Without draws there is no cautious figure: the model's own change only.
        assert!(plan.uplift_interval.is_none());
        let want = format!(
            "the media contribution to revenue changes by {} ({} per period) on this model.",
            percent(plan.uplift / plan.total_response_current, true),
            signed_amount(plan.uplift)
        );
        assert!(last.ends_with(&want), "{last}\n{want}");
        // With an interval: both figures, cautious first.
        let mut p = plan.clone();
        p.uplift = 1000.0;
        p.total_response_current = 10_000.0;
        p.uplift_interval = Some([-640.0, 3560.0]);
        p.probability_better = Some(0.83);
        p.basis = PlanBasis::MeanOfDraws;
        let t = plan_sentence(&p, "revenue");
        assert!(
            t.ends_with(
                ": the media contribution to revenue changes by −6.4 % (−640 per period) at the low end of the model's 90 % interval and +10.0 % (+1,000 per period) expected; it beats the current split with probability 0.83. Both assume the model's curve shapes: move in steps, or test before a large shift."
            ),
            "{t}"
        );
    }

    #[test]
    fn a_bayesian_channel_that_may_do_nothing_is_named() {
        let mut r = ridge();
        r.model.estimator = EstimatorKind::Bayes;
        let mut none = r.model.point.clone();
        none.media[2].coefficient = 0.0;
        r.model.draws = vec![
            r.model.point.clone(),
            r.model.point.clone(),
            none.clone(),
            none,
        ];
        let s = summary(&r, None);
        assert_eq!(s.channels[2].no_effect_probability, Some(0.5));
        assert!(
            s.sentences
                .iter()
                .any(|t| t == "The data cannot rule out that social (no effect in 50.0 % of the draws) had no effect at all."),
            "{:?}",
            s.sentences
        );
        assert_eq!(
            s.model.label,
            "Bayesian posterior: each figure is the median over 4 draws."
        );
    }

    /// A channel raised to where its average return reads higher than today's (an S-shaped
    /// reading) gets a caution; one raised along a concave curve, cut, or locked does not.
    #[test]
    fn a_raise_on_a_rising_return_is_named_as_an_s_shaped_reading() {
        let r = ridge();
        let planners = r.planners(0).unwrap();
        let plan = r.plan(&planners, &PlanRequest::default()).unwrap();
        let mut c = plan.channels[0].clone();
        (c.name, c.locked) = ("search".into(), false);
        (c.current_spend, c.optimal_spend) = (32_237.0, 64_474.0);
        (c.current_roas, c.optimal_roas) = (1.13, 2.67);
        assert_eq!(
            rising_return(&c, Efficiency::Roi, false).as_deref(),
            Some(
                "search: the model reads its return per 1 spent as rising with its spend (1.13 at 32,237 per period, 2.67 at 64,474): an S-shaped curve, steepest beyond today's spend. The shape may be right, but sales that rise with the season or with demand when its budget does look the same to the model. Its planned gain rests on that shape: raise it in steps, or test it first."
            )
        );
        // Conversions: the cost per conversion falls.
        (c.current_cpa, c.optimal_cpa) = (Some(1.0 / 1.13), Some(1.0 / 2.67));
        let cpa = rising_return(&c, Efficiency::Cpa, false).unwrap();
        assert!(
            cpa.starts_with("search: the model reads its cost per conversion as falling as its spend grows (0.88 at 32,237 per period, 0.37 at 64,474)"),
            "{cpa}"
        );
        // A lift-tested channel: its test says little beyond its window's spends.
        assert!(
            rising_return(&c, Efficiency::Roi, true)
                .unwrap()
                .ends_with("raise it in steps, or test it at the planned spend first."),
        );
        // Under a quarter higher is no S-shape worth a word; a concave raise, a cut and a lock
        // none.
        let mut flat = c.clone();
        flat.optimal_roas = 1.13 * 1.24;
        assert_eq!(rising_return(&flat, Efficiency::Roi, false), None);
        let mut concave = c.clone();
        concave.optimal_roas = 0.9;
        assert_eq!(rising_return(&concave, Efficiency::Roi, false), None);
        let mut cut = c.clone();
        cut.optimal_spend = 16_000.0;
        assert_eq!(rising_return(&cut, Efficiency::Roi, false), None);
        let mut locked = c.clone();
        locked.locked = true;
        assert_eq!(rising_return(&locked, Efficiency::Roi, false), None);
        // A channel off today (no return now) or raised by its own lower bound: none.
        let mut off = c.clone();
        (off.current_spend, off.current_response, off.current_roas) = (0.0, 0.0, 0.0);
        off.current_cpa = None;
        assert_eq!(rising_return(&off, Efficiency::Roi, false), None);
        assert_eq!(rising_return(&off, Efficiency::Cpa, false), None);
        let mut floored = c.clone();
        floored.lower = floored.optimal_spend;
        assert_eq!(rising_return(&floored, Efficiency::Roi, false), None);
        // Conversions without a cost per conversion are not said in returns.
        let mut no_cpa = c.clone();
        no_cpa.current_cpa = None;
        assert_eq!(rising_return(&no_cpa, Efficiency::Cpa, false), None);
        // Through the plan's cautions: this sentence, once; a channel already cautioned for its
        // spend following sales gets that caution alone.
        let sentence = rising_return(&c, Efficiency::Roi, false).unwrap();
        let mut raised = plan.clone();
        raised.channels[0] = c.clone();
        let cautions = plan_cautions(&r, &raised);
        assert_eq!(
            cautions
                .iter()
                .filter(|t| t.contains("S-shaped"))
                .collect::<Vec<_>>(),
            [&sentence],
            "{cautions:?}"
        );
        let mut named = r.clone();
        let column = named
            .channels
            .iter()
            .find(|k| k.name == plan.channels[0].name)
            .unwrap()
            .spend_column
            .clone();
        named.warnings.push(crate::data::Warning::about(
            WarningKind::SpendFollowsSales,
            &column,
            "follows",
        ));
        let mut same = plan.clone();
        same.channels[0] = crate::allocate::ChannelPlan {
            name: plan.channels[0].name.clone(),
            ..c
        };
        let cautions = plan_cautions(&named, &same);
        assert!(
            cautions.iter().all(|t| !t.contains("S-shaped"))
                && cautions
                    .iter()
                    .any(|t| t.starts_with(&format!("{}: ", plan.channels[0].name))),
            "{cautions:?}"
        );
    }

    /// A channel whose return the data cannot show (its spend follows sales) is left out of the
    /// rankings and marginal returns, said so; a plan that moves it carries a caution, and one
    /// that holds it locked does not. A poor fit opens the summary and the plan's cautions.
    #[test]
    fn channels_the_data_cannot_read_are_named_in_summaries_and_plans() {
        let mut r = ridge();
        let planners = r.planners(0).unwrap();
        let request = PlanRequest::default();
        let before = r.plan(&planners, &request).unwrap();
        assert!(before.cautions.is_empty(), "{:?}", before.cautions);
        // The channel the plan moves most.
        let moved = before
            .channels
            .iter()
            .max_by(|a, b| {
                let d =
                    |c: &crate::allocate::ChannelPlan| (c.optimal_spend - c.current_spend).abs();
                d(a).total_cmp(&d(b))
            })
            .unwrap()
            .clone();
        assert!((moved.optimal_spend - moved.current_spend).abs() > 0.05 * moved.current_spend);
        let column = r
            .channels
            .iter()
            .find(|c| c.name == moved.name)
            .unwrap()
            .spend_column
            .clone();
        r.warnings.push(crate::data::Warning::about(
            WarningKind::SpendFollowsSales,
            &column,
            "follows",
        ));
        let plan = r.plan(&planners, &request).unwrap();
        assert_eq!(
            plan.cautions,
            vec![format!(
                "{}: its spend follows sales (see the fit's warning), so its move from {} to {} per period is the model's guess. Lock it, or test it first.",
                moved.name,
                amount(moved.current_spend),
                amount(moved.optimal_spend)
            )]
        );
        let locked = PlanRequest {
            locked: vec![moved.name.clone()],
            ..PlanRequest::default()
        };
        assert!(r.plan(&planners, &locked).unwrap().cautions.is_empty());

        let s = summarize(&r, &planners, Some(&plan));
        assert!(
            s.sentences.contains(&format!(
                "Left out of the rankings: {} (its spend follows sales); the data cannot show its return (see the fit's warnings).",
                moved.name
            )),
            "{:?}",
            s.sentences
        );
        let named = |t: &str| {
            t.contains(&format!(" {},", moved.name))
                || t.contains(&format!(" {}.", moved.name))
                || t.contains(&format!(" {} ", moved.name))
        };
        assert!(!named(&s.headline), "{}", s.headline);
        let marginal = s
            .sentences
            .iter()
            .find(|t| t.starts_with("Marginal return"))
            .unwrap();
        assert!(!named(marginal), "{marginal}");
        assert_eq!(s.sentences.last(), plan.cautions.last());

        r.warnings
            .push(crate::data::Warning::new(WarningKind::PoorFit, "poor"));
        let opening = format!(
            "Read with care: the model explains only {} of the KPI's ups and downs (R² {:.2}); see the fit's warning.",
            percent(r.fit.r2.max(0.0), false),
            r.fit.r2
        );
        assert_eq!(summary(&r, None).sentences[0], opening);
        assert_eq!(r.plan(&planners, &request).unwrap().cautions[0], opening);
    }

    /// A channel whose lift test the model does not agree with stays ranked (its figures
    /// follow the test), but the summary opens with it and a plan that moves it says so.
    #[test]
    fn a_test_the_model_disputes_is_named_in_summaries_and_plans() {
        let mut r = ridge();
        let planners = r.planners(0).unwrap();
        let request = PlanRequest::default();
        let before = r.plan(&planners, &request).unwrap();
        let moved = before
            .channels
            .iter()
            .find(|c| (c.optimal_spend - c.current_spend).abs() > 0.05 * c.current_spend)
            .unwrap()
            .clone();
        r.warnings.push(crate::data::Warning::about(
            WarningKind::LiftConflict,
            &moved.name,
            "The test measured …",
        ));
        let plan = r.plan(&planners, &request).unwrap();
        assert_eq!(
            plan.cautions,
            vec![format!(
                "{}: its lift test and the sales data disagree (see the fit's warning), so its move from {} to {} per period rests on that test. Check the test first, or lock it.",
                moved.name,
                amount(moved.current_spend),
                amount(moved.optimal_spend)
            )]
        );
        let s = summarize(&r, &planners, Some(&plan));
        assert_eq!(
            s.sentences[0],
            format!(
                "Read {} with care: its lift test and the sales data disagree (see the fit's warning), and the model follows the test; check the test's dates, spend and units before acting on it.",
                moved.name
            )
        );
        assert!(
            !s.sentences.iter().any(|t| t.starts_with("Left out")),
            "{:?}",
            s.sentences
        );
        assert_eq!(s.sentences.last(), plan.cautions.last());
    }
}
