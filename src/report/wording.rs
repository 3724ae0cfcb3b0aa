//! The sentences of the report's warnings: what the user should know, in a marketer's words.

use crate::data::{Dataset, KpiType, Warning, WarningKind};
use crate::estimate::bayes::Diagnostics;
use crate::estimate::bayes::grid::{DELAYED_SCALES, delayed_lambda, takes_delayed_lags};
use crate::model::lift::CalibrationRow;
use crate::model::results::FitMetrics;
use crate::model::{ChannelResult, EstimatorKind, FittedModel, ModelSpec, Parameters};

/// A channel's ROI range wider than this share of its ROI earns a warning.
pub const WIDE_RANGE: f64 = 0.5;

/// A channel the model gives no effect earns a warning when its range reaches this share of
/// the paid channels' average ROI (total contribution over total spend): enough that cutting
/// it could cost something.
pub const MATERIAL_SHARE: f64 = 0.25;

/// A number short enough for a sentence: two decimals, none from 100 up.
pub(crate) fn short(v: f64) -> String {
    if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

pub use crate::numbers::number;

/// Where a model's range comes from, in the warning's words.
pub fn range_source(model: &FittedModel) -> &'static str {
    match model.estimator {
        EstimatorKind::Bayes => "its 90 % posterior interval puts it",
        _ if !model.interval_ends.is_empty() => "its 90 % interval puts it",
        _ => "models that fit about as well put it",
    }
}

/// One warning per channel whose ROI the data leaves wide open, saying how wide and why; and,
/// first, one per channel the model gives no effect while its range reaches [`MATERIAL_SHARE`]
/// of the paid channels' average ROI (a posterior median of 0 means only that more than half
/// the draws have the channel doing nothing: the data cannot tell whether it works, and the
/// number alone would read as "cut it").
pub fn uncertain_roi_warnings(
    data: &Dataset,
    channels: &[ChannelResult],
    ranges: &[[f64; 2]],
    model: &FittedModel,
) -> Vec<Warning> {
    let spend: f64 = channels.iter().map(|c| c.spend).sum();
    let average = channels.iter().map(|c| c.contribution).sum::<f64>() / spend;
    // Without spend (no average) every positive end is material.
    let material = |hi: f64| {
        hi.is_finite() && hi > 0.0 && (average.is_nan() || hi >= MATERIAL_SHARE * average)
    };
    let mut out: Vec<Warning> = channels
        .iter()
        .enumerate()
        .zip(ranges)
        .filter_map(|((k, c), &[lo, hi])| {
            let spend = data
                .channels
                .iter()
                .find(|p| p.name == c.name)
                .map(|p| p.spend.as_slice())
                .unwrap_or_default();
            let low = spend.iter().filter(|&&x| x < 0.1 * c.mean_spend).count();
            let why = if c.mean_spend > 0.0 && 10 * low < spend.len() {
                format!(
                    " '{}' is seldom off (its spend is under a tenth of its mean in {low} of {} periods), so its average return rests on the curve shape assumed below the spends it ran at.",
                    c.name,
                    spend.len()
                )
            } else {
                String::new()
            };
            if c.roi <= 0.0 {
                return material(hi).then(|| {
                    no_effect_warning(data.kpi_type, c, [hi, average], k, model, &why)
                });
            }
            // NaN (no range) earns no warning.
            if !((hi - lo) / c.roi > WIDE_RANGE) {
                return None;
            }
            let (word, lo, hi, at) = if data.kpi_type == KpiType::Conversions {
                ("CPA", 1.0 / hi, 1.0 / lo, 1.0 / c.roi)
            } else {
                ("ROI", lo, hi, c.roi)
            };
            let span = if !hi.is_finite() || lo <= 0.0 {
                format!(
                    "anywhere from {}, including models where the channel has no effect",
                    if hi.is_finite() {
                        format!("0 to {}", short(hi))
                    } else {
                        format!("{} upwards", short(lo))
                    }
                )
            } else {
                format!("anywhere from {} to {}", short(lo), short(hi))
            };
            Some(Warning::about(
                WarningKind::UncertainRoi,
                &c.name,
                format!(
                    "The data does not pin down the {word} of '{}' (this model: {}): {} {span}.{why}{UNTESTED_ADVICE}",
                    c.name,
                    short(at),
                    range_source(model),
                ),
            ))
        })
        .collect();
    // Channels shown without effect first (a stable sort keeps the channel order within each).
    out.sort_by_key(|w| w.kind != WarningKind::UncertainEffect);
    out
}

/// The warning for paid channel `k`, which the model shown gives no effect while its range
/// reaches `hi` (an ROI); `average` is the paid channels' average ROI, the yardstick.
fn no_effect_warning(
    kpi: KpiType,
    c: &ChannelResult,
    [hi, average]: [f64; 2],
    k: usize,
    model: &FittedModel,
    why: &str,
) -> Warning {
    let reach = if kpi == KpiType::Conversions {
        format!(
            "a CPA as low as {} (the paid channels average {})",
            short(1.0 / hi),
            short(1.0 / average)
        )
    } else {
        format!(
            "an ROI of {} (the paid channels average {})",
            short(hi),
            short(average)
        )
    };
    let read = match (model.estimator, model.no_effect_share(k)) {
        (EstimatorKind::Bayes, Some(share)) => format!(
            "this model shows no effect (in about {:.0} % of its draws the channel has none, so their median is 0), but its 90 % interval reaches {reach}",
            100.0 * share
        ),
        (EstimatorKind::Bayes, None) => {
            format!("this model shows no effect, but its 90 % interval reaches {reach}")
        }
        (EstimatorKind::RidgeSearch, _) if !model.interval_ends.is_empty() => {
            format!("this model gives it no effect, but its 90 % interval reaches {reach}")
        }
        (EstimatorKind::RidgeSearch, _) => format!(
            "this model gives it no effect, but models that fit about as well reach {reach}"
        ),
    };
    Warning::about(
        WarningKind::UncertainEffect,
        &c.name,
        format!(
            "The data cannot tell whether '{}' works: {read}.{why} Do not cut it on this number alone:{UNTESTED_EFFECT_ADVICE}",
            c.name
        ),
    )
}

/// The warning for a recommendation resting on few equally good models (`considered`, the best
/// among them).
pub fn few_equivalent_models(considered: usize) -> Warning {
    let how_many = if considered <= 1 {
        "No other candidate model fits".to_string()
    } else {
        format!("Only {considered} candidate models fit")
    };
    Warning::new(
        WarningKind::FewEquivalentModels,
        format!(
            "{how_many} as well as the best; run more iterations for a steadier recommendation."
        ),
    )
}

/// Largest split R̂ of chains that agree.
pub const RHAT_LIMIT: f64 = 1.01;

/// Smallest effective sample size for steady 90 % intervals.
pub const ESS_LIMIT: f64 = 400.0;

/// A channel earns a [`late_lag_warnings`] warning when at least this share of the draws put its
/// effect at the grid's longest delayed lag.
pub const LATE_LAG_SHARE: f64 = 0.5;

/// One warning per paid channel whose draws mostly sit at the longest of the grid's delayed
/// lags ([`DELAYED_SCALES`]' last, an effect peaking about five periods after the spend):
/// where the data ask for that edge, the effect may peak later still, and a lag cut short reads
/// the channel's return low (an outside check's tv peaking four weeks on read 0.63–0.82
/// against 2.0 before the grid reached five). A Weibull PDF carryover of the channel's own
/// (`--channel-adstock tv=weibull_pdf`) fits the delay over a tenth of the data.
pub fn late_lag_warnings(model: &FittedModel, spec: &ModelSpec) -> Vec<Warning> {
    let longest = DELAYED_SCALES[DELAYED_SCALES.len() - 1];
    let at_edge = |p: &Parameters, k: usize| {
        p.media.get(k).is_some_and(|m| {
            delayed_lambda(&m.transform.adstock, m.transform.series_len)
                .is_some_and(|lambda| lambda > longest - 0.5)
        })
    };
    if model.draws.is_empty() {
        return Vec::new();
    }
    model
        .channels
        .iter()
        .enumerate()
        .filter(|&(k, _)| {
            // Only the grid's own lags: a channel fitted with a carryover of its own is not.
            if !spec.channels.get(k).is_some_and(takes_delayed_lags) {
                return false;
            }
            let n = model.draws.iter().filter(|d| at_edge(d, k)).count();
            n as f64 >= LATE_LAG_SHARE * model.draws.len() as f64
        })
        .map(|(_, c)| {
            Warning::about(
                WarningKind::LateLag,
                &c.name,
                format!(
                    "{0}'s effect peaks at the latest delay tried (about 5 periods after the spend); it may come later still, and its ROI then reads low. Fit its delay freely: adstock weibull_pdf for {0} (--channel-adstock {0}=weibull_pdf).",
                    c.name
                ),
            )
        })
        .collect()
}

/// The warnings of chains that have not converged, with what to do.
pub fn convergence_warnings(d: &Diagnostics) -> Vec<Warning> {
    let mut out = Vec::new();
    if !(d.rhat_max <= RHAT_LIMIT) {
        out.push(Warning::new(
            WarningKind::NotConverged,
            format!(
                "The {} chains do not agree yet (R-hat {:.3}, above {RHAT_LIMIT}): the ROIs and intervals may change on another run. Run more tuning and draws (for example {} tuning sweeps and {} draws per chain), or set ROI priors for the channels the data cannot tell apart.",
                d.chains,
                d.rhat_max,
                2 * d.tune.max(500),
                2 * d.draws
            ),
        ));
    }
    if !(d.ess_min >= ESS_LIMIT) {
        out.push(Warning::new(
            WarningKind::NotConverged,
            format!(
                "The chains hold the equivalent of only {:.0} independent draws of the least settled quantity (400 or more give steady 90 % intervals): run more draws (for example {} per chain).",
                d.ess_min,
                2 * d.draws
            ),
        ));
    }
    out
}

/// Below this R² over the fitted periods the model explains too little of the KPI for its
/// returns to mean much ([`poor_fit_warning`]). Fits of real weekly MMM data run at 0.8 and
/// above; an outside check's revenue booked monthly on weekly rows (80 of 104 weeks at 0) fitted
/// at 0.007, and its ranking of the channels was the truth's reversed, without a word.
pub const POOR_FIT_R2: f64 = 0.5;

/// A warning when the model explains less than [`POOR_FIT_R2`] of the KPI's variation.
pub fn poor_fit_warning(fit: &FitMetrics) -> Option<Warning> {
    (fit.r2 < POOR_FIT_R2).then(|| {
        Warning::new(
            WarningKind::PoorFit,
            format!(
                "The model explains only {:.0} % of the KPI's ups and downs over the fitted periods (R² {:.2}), so the returns it reads mean little. Check that the KPI is booked in the periods it was earned (not a month's revenue on one week's row, no weeks left at 0), that each row is one period, and whether a driver of sales is missing (a price, a promotion, a season): add it as a control.",
                100.0 * fit.r2.max(0.0),
                fit.r2
            ),
        )
    })
}

/// What an uncertain-ROI warning advises for a channel without a lift test.
const UNTESTED_ADVICE: &str = " A lift test, a planned pause or the other saturation curve family shows how much depends on it.";
/// The same for a channel that may not work at all.
const UNTESTED_EFFECT_ADVICE: &str = " a lift test or a planned pause shows whether it pays.";
/// What both advise instead for a channel that already has a lift test.
const TESTED_ADVICE: &str =
    " Its lift test leaves it this open; a longer or larger test would narrow it.";
/// For a tested channel whose test the model does not agree with: the width is the
/// disagreement's, not the test's precision.
const CONFLICT_ADVICE: &str = " Its lift test and the sales data disagree (see that warning): check the test before acting on this channel.";

/// The uncertain-ROI and uncertain-effect warnings of a channel with a lift test in
/// `calibration` advise a stronger test, not a first one (an outside check saw a tested channel
/// told to run a lift test).
pub fn advise_tested_channels(warnings: &mut [Warning], calibration: &[CalibrationRow]) {
    let conflicts: Vec<String> = warnings
        .iter()
        .filter(|w| w.kind == WarningKind::LiftConflict)
        .filter_map(|w| w.subject.clone())
        .collect();
    for w in warnings.iter_mut().filter(|w| {
        matches!(
            w.kind,
            WarningKind::UncertainRoi | WarningKind::UncertainEffect
        )
    }) {
        let tested = w
            .subject
            .as_ref()
            .is_some_and(|s| calibration.iter().any(|c| &c.channel == s));
        if !tested {
            continue;
        }
        let advice = if w.subject.as_ref().is_some_and(|s| conflicts.contains(s)) {
            CONFLICT_ADVICE
        } else {
            TESTED_ADVICE
        };
        if let Some(stem) = w.message.strip_suffix(UNTESTED_ADVICE) {
            w.message = format!("{stem}{advice}");
        } else if let Some(stem) = w.message.strip_suffix(UNTESTED_EFFECT_ADVICE) {
            // "… Do not cut it on this number alone:" ends the stem.
            w.message = format!("{}.{advice}", stem.trim_end_matches(':'));
        }
    }
}

/// Put the poor-fit warning first (the others keep their order): a model that explains little
/// of the KPI should say so before any note on a channel's return, which it makes moot. Every
/// report's warnings pass here once they are complete, so MODEL.json, the command line and the
/// page read them in this order.
pub fn poor_fit_first(warnings: &mut [Warning]) {
    // A report has at most one: moved by a rotation, not a sort (a stable sort's code for one
    // more element type is 4 KB of the page's wasm).
    if let Some(i) = warnings.iter().position(|w| w.kind == WarningKind::PoorFit) {
        warnings[..=i].rotate_right(1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tested channel's uncertain-ROI and uncertain-effect warnings advise a stronger test;
    /// an untested channel's keep advising a first one.
    #[test]
    fn a_tested_channel_is_not_told_to_run_a_lift_test() {
        let row = crate::model::lift::CalibrationRow {
            channel: "search".into(),
            start: chrono::NaiveDate::from_ymd_opt(2024, 3, 4).unwrap(),
            end: chrono::NaiveDate::from_ymd_opt(2024, 3, 31).unwrap(),
            periods: 4,
            scope: crate::data::LiftScope::Total,
            spend: 80_000.0,
            lift: 120_000.0,
            standard_error: 15_000.0,
            model_lift: 118_000.0,
            model_lift_interval: None,
            uncalibrated_lift: None,
            uncalibrated_interval: None,
            z: 0.1,
            z_uncalibrated: None,
            agrees: true,
            after_data: 0.0,
        };
        let about =
            |kind, subject: &str, body: &str| Warning::about(kind, subject, body.to_string());
        let mut list = vec![
            about(
                WarningKind::UncertainRoi,
                "search",
                &format!("Wide.{UNTESTED_ADVICE}"),
            ),
            about(
                WarningKind::UncertainRoi,
                "tv",
                &format!("Wide.{UNTESTED_ADVICE}"),
            ),
            about(
                WarningKind::UncertainEffect,
                "search",
                &format!("Unknown. Do not cut it on this number alone:{UNTESTED_EFFECT_ADVICE}"),
            ),
        ];
        advise_tested_channels(&mut list, std::slice::from_ref(&row));
        assert_eq!(
            list[0].message,
            "Wide. Its lift test leaves it this open; a longer or larger test would narrow it."
        );
        assert_eq!(list[1].message, format!("Wide.{UNTESTED_ADVICE}"));
        assert_eq!(
            list[2].message,
            "Unknown. Do not cut it on this number alone. Its lift test leaves it this open; a longer or larger test would narrow it."
        );
        // A test the model does not agree with: the width is the disagreement's.
        let mut list = vec![
            about(WarningKind::LiftConflict, "search", "The search test …"),
            about(
                WarningKind::UncertainRoi,
                "search",
                &format!("Wide.{UNTESTED_ADVICE}"),
            ),
        ];
        advise_tested_channels(&mut list, &[row]);
        assert_eq!(
            list[1].message,
            "Wide. Its lift test and the sales data disagree (see that warning): check the test before acting on this channel."
        );
    }

    /// The poor-fit warning moves to the front; the others keep their order.
    #[test]
    fn the_poor_fit_warning_comes_first() {
        let w = |kind, message: &str| Warning::new(kind, message.to_string());
        let mut list = vec![
            w(WarningKind::UncertainRoi, "tv"),
            w(WarningKind::UncertainRoi, "search"),
            w(WarningKind::PoorFit, "poor"),
            w(WarningKind::FewRows, "few"),
        ];
        poor_fit_first(&mut list);
        let order: Vec<&str> = list.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(order, ["poor", "tv", "search", "few"]);
    }

    /// R² 0.42 is named with what to check; 0.5 and above is not.
    #[test]
    fn a_poor_fit_is_named() {
        let fit = |r2| FitMetrics {
            r2,
            adj_r2: r2,
            nrmse: 0.1,
            mape: None,
            decomp_rssd: 0.1,
            rows: 104,
            coefficients: 10,
            lambda: 0.0,
            holdout: None,
        };
        let w = poor_fit_warning(&fit(0.416)).unwrap();
        assert_eq!(w.kind, WarningKind::PoorFit);
        assert!(
            w.message.starts_with(
                "The model explains only 42 % of the KPI's ups and downs over the fitted periods (R² 0.42)"
            ),
            "{}",
            w.message
        );
        assert!(
            poor_fit_warning(&fit(-0.2))
                .unwrap()
                .message
                .contains("only 0 %")
        );
        assert!(poor_fit_warning(&fit(0.5)).is_none());
        assert!(poor_fit_warning(&fit(0.93)).is_none());
    }

    #[test]
    fn one_equally_good_model_is_not_counted_in_the_plural() {
        assert_eq!(
            few_equivalent_models(1).message,
            "No other candidate model fits as well as the best; run more iterations for a steadier recommendation."
        );
        assert_eq!(
            few_equivalent_models(3).message,
            "Only 3 candidate models fit as well as the best; run more iterations for a steadier recommendation."
        );
    }

    fn diagnostics(rhat_max: f64, ess_min: f64) -> Diagnostics {
        Diagnostics {
            sampler: "gibbs_shape_grid".into(),
            chains: 4,
            draws: 1000,
            tune: 1000,
            rhat_max,
            ess_min,
            divergences: 0,
            shapes: vec![432],
            noise_autocorrelation: 0.0,
        }
    }

    /// A channel whose draws mostly sit at the grid's longest delayed lag (λ = 7: stored as
    /// the share 6/(n − 1) of the series) is named, with the setting that fits its delay
    /// freely; half the draws is enough, fewer are not; a channel given a carryover of its
    /// own is not named whatever its draws.
    #[test]
    fn a_channel_at_the_longest_delayed_lag_is_named_with_the_fix() {
        use crate::estimate::bayes::grid::DELAYED_SHAPE;
        use crate::transform::Adstock;
        // A ridge fixture with geometric Hill channels; its draws are set below.
        let mut r = crate::report::ModelReport::from_json(include_str!(
            "../../tests/data/sim_seed7_104w.model.range.json"
        ))
        .unwrap();
        let n = r.model.point.media[0].transform.series_len;
        assert!(n >= 14);
        let lag = |lambda: f64| Adstock::WeibullPdf {
            shape: DELAYED_SHAPE,
            scale: (lambda - 1.0) / (n as f64 - 1.0),
        };
        let geometric = Adstock::Geometric { theta: 0.3 };
        let mut draws = vec![r.model.point.clone(); 8];
        for d in &mut draws {
            for m in &mut d.media {
                m.transform.adstock = geometric;
            }
        }
        // Four of eight draws at λ = 7 for the first channel; the second at λ = 5 in all.
        for (i, d) in draws.iter_mut().enumerate() {
            if i < 4 {
                d.media[0].transform.adstock = lag(7.0);
            }
            d.media[1].transform.adstock = lag(5.0);
        }
        r.model.draws = draws;
        let name = r.channels[0].name.clone();
        let w = late_lag_warnings(&r.model, &r.spec);
        assert_eq!(w.len(), 1, "{w:?}");
        assert_eq!(w[0].kind, WarningKind::LateLag);
        assert_eq!(w[0].subject.as_deref(), Some(name.as_str()));
        assert_eq!(
            w[0].message,
            format!(
                "{name}'s effect peaks at the latest delay tried (about 5 periods after the spend); it may come later still, and its ROI then reads low. Fit its delay freely: adstock weibull_pdf for {name} (--channel-adstock {name}=weibull_pdf)."
            )
        );
        // Three of eight: no warning.
        r.model.draws[3].media[0].transform.adstock = geometric;
        assert!(late_lag_warnings(&r.model, &r.spec).is_empty());
        // A carryover of the channel's own (a Weibull PDF fitted freely): not the grid's edge.
        r.model.draws[3].media[0].transform.adstock = lag(7.0);
        assert_eq!(late_lag_warnings(&r.model, &r.spec).len(), 1);
        r.spec.channels[0].adstock = crate::transform::AdstockKind::WeibullPdf;
        assert!(late_lag_warnings(&r.model, &r.spec).is_empty());
        // No draws (a ridge search's point alone): nothing to count.
        r.model.draws.clear();
        assert!(late_lag_warnings(&r.model, &r.spec).is_empty());
    }

    #[test]
    fn a_channel_shown_without_effect_gets_a_warning_when_its_range_reaches_a_material_roi() {
        // A ridge fixture read as a Bayesian fit: its draws stand for posterior draws.
        let mut r = crate::report::ModelReport::from_json(include_str!(
            "../../tests/data/sim_seed7_104w.model.range.json"
        ))
        .unwrap();
        r.model.estimator = EstimatorKind::Bayes;
        r.model.draws = vec![r.model.point.clone(); 8];
        // Six draws of eight give the first channel no effect: its posterior median is 0.
        for d in &mut r.model.draws[2..] {
            d.media[0].coefficient = 0.0;
        }
        r.channels[0].roi = 0.0;
        let average = r.channels.iter().map(|c| c.contribution).sum::<f64>()
            / r.channels.iter().map(|c| c.spend).sum::<f64>();
        let mut ranges: Vec<[f64; 2]> = r.channels.iter().map(|c| [c.roi, c.roi]).collect();
        let warn = |ranges: &[[f64; 2]], r: &crate::report::ModelReport| {
            uncertain_roi_warnings(&r.data, &r.channels, ranges, &r.model)
        };
        ranges[0] = [0.0, 0.26 * average];
        // A second channel with a wide range: its warning comes after the first's.
        ranges[1] = [0.1 * r.channels[1].roi, 3.0 * r.channels[1].roi];
        let w = warn(&ranges, &r);
        assert_eq!(w.len(), 2, "{w:?}");
        assert_eq!(w[0].kind, WarningKind::UncertainEffect);
        assert_eq!(w[1].kind, WarningKind::UncertainRoi);
        assert_eq!(w[0].subject.as_deref(), Some(r.channels[0].name.as_str()));
        let name = r.channels[0].name.clone();
        assert_eq!(
            w[0].message,
            format!(
                "The data cannot tell whether '{name}' works: this model shows no effect (in about 75 % of its draws the channel has none, so their median is 0), but its 90 % interval reaches an ROI of {} (the paid channels average {}). Do not cut it on this number alone: a lift test or a planned pause shows whether it pays.",
                short(0.26 * average),
                short(average)
            )
        );
        ranges[1] = [r.channels[1].roi, r.channels[1].roi];
        // A range that stays under a quarter of the average ROI: the channel barely pays at
        // best, and "no effect" misleads nobody.
        ranges[0] = [0.0, 0.24 * average];
        assert!(warn(&ranges, &r).is_empty());
        // No range at all (NaN) earns no warning either.
        ranges[1] = [f64::NAN, f64::NAN];
        assert!(warn(&ranges, &r).is_empty());
        ranges[1] = [r.channels[1].roi, r.channels[1].roi];
        // Conversions: the CPA the interval reaches, and the channels' average CPA.
        ranges[0] = [0.0, 0.26 * average];
        r.data.kpi_type = KpiType::Conversions;
        let w = warn(&ranges, &r);
        assert!(
            w[0].message.contains(&format!(
                "its 90 % interval reaches a CPA as low as {} (the paid channels average {})",
                short(1.0 / (0.26 * average)),
                short(1.0 / average)
            )),
            "{}",
            w[0].message
        );
        r.data.kpi_type = KpiType::Revenue;
        // The ridge search's words: models that fit about as well.
        r.model.estimator = EstimatorKind::RidgeSearch;
        let w = warn(&ranges, &r);
        assert!(
            w[0].message.contains(
                "this model gives it no effect, but models that fit about as well reach an ROI of"
            ),
            "{}",
            w[0].message
        );
        // A ridge fit with calibrated intervals (its ends saved): the interval's words, in both
        // warnings.
        r.model.interval_ends = vec![r.model.point.clone(); 2 * r.channels.len()];
        ranges[1] = [0.1 * r.channels[1].roi, 3.0 * r.channels[1].roi];
        let w = warn(&ranges, &r);
        assert!(
            w[0].message
                .contains("this model gives it no effect, but its 90 % interval reaches an ROI of"),
            "{}",
            w[0].message
        );
        assert_eq!(w[1].kind, WarningKind::UncertainRoi);
        assert!(
            w[1].message.contains(&format!(
                "its 90 % interval puts it anywhere from {} to {}.",
                short(0.1 * r.channels[1].roi),
                short(3.0 * r.channels[1].roi)
            )),
            "{}",
            w[1].message
        );
    }

    /// Another Pareto model shown: its own warnings, the stale ones dropped.
    #[test]
    fn a_pareto_model_shown_without_effect_gets_the_warning_and_the_recommended_one_does_not() {
        let mut r = crate::report::ModelReport::from_json(include_str!(
            "../../tests/data/sim_seed7_104w.model.range.json"
        ))
        .unwrap();
        let effect = |r: &crate::report::ModelReport| -> Vec<Option<String>> {
            r.warnings
                .iter()
                .filter(|w| w.kind == WarningKind::UncertainEffect)
                .map(|w| w.subject.clone())
                .collect()
        };
        assert!(effect(&r).is_empty());
        let last = r.pareto.len() - 1;
        r.pareto[last].parameters.media[0].coefficient = 0.0;
        let [_, hi] = r.selected.roi_range[0];
        assert!(hi > 1.0, "the fixture's range of channel 0 reaches {hi}");
        let shown = r.with_model(last).unwrap();
        crate::precision::assert_close(shown.channels[0].roi, 0.0, 0.0);
        assert_eq!(effect(&shown), [Some(r.channels[0].name.clone())]);
        // Another model of the front, where the channel works: gone again.
        assert!(last > 0);
        let back = shown.with_model(0).unwrap();
        assert!(back.channels[0].roi > 0.0);
        assert!(effect(&back).is_empty());
    }

    #[test]
    fn converged_chains_get_no_warning_and_others_say_what_to_do() {
        assert!(convergence_warnings(&diagnostics(1.004, 2500.0)).is_empty());
        let w = convergence_warnings(&diagnostics(1.05, 2500.0));
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].kind, WarningKind::NotConverged);
        assert!(w[0].message.contains("R-hat 1.050"), "{}", w[0].message);
        assert!(
            w[0].message.contains("2000 tuning sweeps and 2000 draws"),
            "{}",
            w[0].message
        );
        let w = convergence_warnings(&diagnostics(1.0, 150.0));
        assert_eq!(w.len(), 1);
        assert!(
            w[0].message.contains("only 150 independent draws"),
            "{}",
            w[0].message
        );
        // A NaN (too few draws to tell) warns too.
        assert_eq!(
            convergence_warnings(&diagnostics(f64::NAN, f64::NAN)).len(),
            2
        );
    }
}
