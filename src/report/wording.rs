//! The sentences of the report's warnings: what the user should know, in a marketer's words.

use crate::data::{Dataset, KpiType, Warning, WarningKind};
use crate::estimate::bayes::Diagnostics;
use crate::model::{ChannelResult, EstimatorKind};

/// A channel's ROI range wider than this share of its ROI earns a warning.
pub const WIDE_RANGE: f64 = 0.5;

/// A number short enough for a sentence: two decimals, none from 100 up.
pub(crate) fn short(v: f64) -> String {
    if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}

pub use crate::numbers::number;

/// Where a range comes from, in the warning's words.
pub fn range_source(estimator: EstimatorKind) -> &'static str {
    match estimator {
        EstimatorKind::Bayes => "its 90 % posterior interval puts it",
        _ => "models that fit about as well put it",
    }
}

/// One warning per channel whose ROI the data leaves wide open, saying how wide and why.
pub fn uncertain_roi_warnings(
    data: &Dataset,
    channels: &[ChannelResult],
    ranges: &[[f64; 2]],
    estimator: EstimatorKind,
) -> Vec<Warning> {
    channels
        .iter()
        .zip(ranges)
        .filter(|(c, [lo, hi])| c.roi > 0.0 && (hi - lo) / c.roi > WIDE_RANGE)
        .map(|(c, [lo, hi])| {
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
            let (word, lo, hi, at) = if data.kpi_type == KpiType::Conversions {
                ("CPA", 1.0 / hi, 1.0 / lo, 1.0 / c.roi)
            } else {
                ("ROI", *lo, *hi, c.roi)
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
            Warning::about(
                WarningKind::UncertainRoi,
                &c.name,
                format!(
                    "The data does not pin down the {word} of '{}' (this model: {}): {} {span}.{why} A lift test, a planned pause or the other saturation curve family shows how much depends on it.",
                    c.name,
                    short(at),
                    range_source(estimator),
                ),
            )
        })
        .collect()
}

/// The warning for a recommendation resting on few equally good models.
pub fn few_equivalent_models(considered: usize) -> Warning {
    Warning::new(
        WarningKind::FewEquivalentModels,
        format!(
            "Only {considered} candidate models fit as well as the best; run more iterations for a steadier recommendation."
        ),
    )
}

/// Largest split R̂ of chains that agree.
pub const RHAT_LIMIT: f64 = 1.01;

/// Smallest effective sample size for steady 90 % intervals.
pub const ESS_LIMIT: f64 = 400.0;

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

#[cfg(test)]
mod tests {
    use super::*;

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
