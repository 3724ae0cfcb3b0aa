//! What a fitted model says a lift test should have measured: the KPI the channel's spend inside
//! the test window added, computed through the model's own transforms exactly as the test
//! defines it (see [`crate::data::experiments`]):
//!
//! `lift = Σ_{t ∈ T} β · [s(adstock(x))_t − s(adstock(x̃))_t]`,
//!
//! where `x̃` is the channel's activity with the window's periods set to zero, and `T` is the
//! window and every period after it (scope `total`: the carryover of the window's spend), or
//! the window alone (scope `immediate`). The saturation's reference level is the fitted
//! transform's own, so switching spend off does not rescale the curve.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::data::{Experiment, LiftScope, Warning, WarningKind};
use crate::transform::ChannelTransform;

use super::features::Features;
use super::fitted::{FittedModel, Parameters};
use super::uncertainty::{interval, quantile_sorted};

/// A calibrated model disagrees with a test when the measured lift is more than this many
/// standard deviations (the test's and the model's, combined) from the model's implied lift.
pub const CONFLICT_Z: f64 = 2.0;

/// A test contradicts the sales data strongly when the model fitted without it is more than
/// this many combined standard deviations from the measured lift.
pub const CONTRADICTION_Z: f64 = 3.0;

/// One lift test beside what the model implies for it (MODEL.json `calibration`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationRow {
    /// The channel's display name.
    pub channel: String,
    #[serde(with = "crate::data::dates::iso_serde")]
    pub start: NaiveDate,
    #[serde(with = "crate::data::dates::iso_serde")]
    pub end: NaiveDate,
    pub periods: usize,
    pub scope: LiftScope,
    /// The channel's spend inside the window.
    pub spend: f64,
    /// The measured lift and its standard error (KPI units).
    pub lift: f64,
    pub standard_error: f64,
    /// The model's implied lift: the median over the draws (the point estimate's without
    /// draws), and its interval over the draws at the report's level.
    pub model_lift: f64,
    pub model_lift_interval: Option<[f64; 2]>,
    /// The same from the model fitted without the tests, when it was fitted.
    #[serde(default)]
    pub uncalibrated_lift: Option<f64>,
    #[serde(default)]
    pub uncalibrated_interval: Option<[f64; 2]>,
    /// `(model_lift − lift) / √(SE² + model sd²)`, the model's sd from its interval.
    pub z: f64,
    /// The same for the model fitted without the tests.
    #[serde(default)]
    pub z_uncalibrated: Option<f64>,
    /// `|z| ≤` [`CONFLICT_Z`] and `|z_uncalibrated| ≤` [`CONTRADICTION_Z`]: the calibrated model
    /// agrees with the test, and the sales data alone did not contradict it.
    pub agrees: bool,
    /// The share of the model's implied lift (of the model shown) that comes after the data's
    /// last period, where the channel is taken to spend its average over the last 52 periods
    /// ([`window_change`]); 0 for tests that end well inside the data.
    #[serde(default)]
    pub after_data: f64,
}

/// A test whose implied lift comes after the data's end by more than this share is named in a
/// warning: its reading rests on the spend assumed after the data.
pub const AFTER_DATA_SHARE: f64 = 0.1;

/// A model's implied lift for a test: its centre (the posterior median over the draws, or the
/// ridge search's model shown) and its interval at `level`: over the draws, or for a ridge
/// search with calibrated intervals, between the lifts at the ends of the tested channel's ROI
/// interval (the parameter sets saved with it; the draws, models that fit about as well, held
/// the truth less often: BENCHMARKS.md, "Intervals for the ridge search"). None without either.
fn lift_summary(
    model: &FittedModel,
    features: &Features,
    e: &Experiment,
    level: f64,
) -> (f64, Option<[f64; 2]>) {
    let point = implied_lift(&model.point, features, e);
    if model.estimator != super::EstimatorKind::Bayes
        && let Some([lo, hi]) = model.interval_ends.get(2 * e.channel..2 * e.channel + 2)
    {
        let (a, b) = (implied_lift(lo, features, e), implied_lift(hi, features, e));
        // The model shown inside (another Pareto model keeps the recommended one's ends).
        return (point, Some([a.min(b).min(point), a.max(b).max(point)]));
    }
    if model.draws.is_empty() {
        return (point, None);
    }
    let mut v: Vec<f64> = model
        .draws
        .iter()
        .map(|d| implied_lift(d, features, e))
        .collect();
    let iv = interval(&v, level);
    v.sort_by(f64::total_cmp);
    // A posterior's centre is its median; the ridge search's draws are alternatives around the
    // model shown, which is its estimate.
    match model.estimator {
        super::EstimatorKind::Bayes => (quantile_sorted(&v, 0.5), Some(iv)),
        _ => (point, Some(iv)),
    }
}

/// How far a model's implied lift is from the measured one, in combined standard deviations:
/// the test's SE and the model's spread (its interval's width over that of a normal's).
fn z_score(e: &Experiment, centre: f64, iv: Option<[f64; 2]>, level: f64) -> f64 {
    let half = crate::numbers::normal_quantile(0.5 + 0.5 * level);
    let model_sd = iv.map_or(0.0, |[lo, hi]| (hi - lo) / (2.0 * half));
    (centre - e.lift) / (e.standard_error.powi(2) + model_sd.powi(2)).sqrt()
}

/// The calibration table of a fitted model: each test beside the lift the model implies.
pub fn calibration_table(
    model: &FittedModel,
    features: &Features,
    experiments: &[Experiment],
    level: f64,
) -> Vec<CalibrationRow> {
    experiments
        .iter()
        .map(|e| {
            let (centre, iv) = lift_summary(model, features, e, level);
            let z = z_score(e, centre, iv, level);
            CalibrationRow {
                channel: e.name.clone(),
                start: e.start,
                end: e.end,
                periods: e.periods(),
                scope: e.scope,
                spend: e.spend,
                lift: e.lift,
                standard_error: e.standard_error,
                model_lift: centre,
                model_lift_interval: iv,
                uncalibrated_lift: None,
                uncalibrated_interval: None,
                z,
                z_uncalibrated: None,
                agrees: z.abs() <= CONFLICT_Z,
                after_data: share_after_data(&model.point, features, e),
            }
        })
        .collect()
}

/// Fill in what the model fitted without the tests implied (`before`: its calibration table
/// for the same tests, in the same order), and whether the sales data alone contradicted each
/// test.
pub fn attach_uncalibrated(rows: &mut [CalibrationRow], before: &[CalibrationRow], level: f64) {
    let half = crate::numbers::normal_quantile(0.5 + 0.5 * level);
    for (r, b) in rows.iter_mut().zip(before) {
        let sd = b
            .model_lift_interval
            .map_or(0.0, |[lo, hi]| (hi - lo) / (2.0 * half));
        let z = (b.model_lift - r.lift) / (r.standard_error.powi(2) + sd.powi(2)).sqrt();
        r.uncalibrated_lift = Some(b.model_lift);
        r.uncalibrated_interval = b.model_lift_interval;
        r.z_uncalibrated = Some(z);
        r.agrees = r.z.abs() <= CONFLICT_Z && z.abs() <= CONTRADICTION_Z;
    }
}

/// The warnings of a calibration table, in words: each test the model does not agree with
/// ([`WarningKind::LiftConflict`]), and each whose implied lift rests on the spend after the
/// data ([`WarningKind::LiftAfterData`]).
pub fn calibration_warnings(rows: &[CalibrationRow]) -> Vec<Warning> {
    let mut out = conflict_warnings(rows);
    out.extend(rows.iter().filter(|r| r.after_data > AFTER_DATA_SHARE).map(|r| {
        Warning::about(
            WarningKind::LiftAfterData,
            &r.channel,
            format!(
                "{:.0} % of the lift the model implies for the {} test from {} to {} comes after the data's end, where {} is taken to spend its average of the last 52 periods (of all of them, in shorter data): a shorter follow-up, or other spend there, reads it off by up to that share.",
                100.0 * r.after_data,
                r.channel,
                r.start,
                r.end,
                r.channel
            ),
        )
    }));
    out
}

/// The warning kinds [`calibration_warnings`] writes (to replace when the table changes).
pub fn is_calibration_warning(kind: WarningKind) -> bool {
    matches!(kind, WarningKind::LiftConflict | WarningKind::LiftAfterData)
}

/// A warning for each test the model does not agree with, in words.
fn conflict_warnings(rows: &[CalibrationRow]) -> Vec<Warning> {
    use crate::numbers::number;
    rows.iter()
        .filter(|r| !r.agrees || scale_off(r).is_some())
        .map(|r| {
            let test = format!(
                "The {} test from {} to {} measured a lift of {} ± {}",
                r.channel,
                r.start,
                r.end,
                number(r.lift),
                number(r.standard_error)
            );
            let check = "check the test's dates, spend and standard error, and whether something else changed during it";
            if let Some((factor, reference)) = scale_off(r) {
                let way = if r.lift > reference { "more" } else { "less" };
                let message = format!(
                    "{test}, about {} times {way} than the {} the sales data imply. A lift this far off is usually written in other units (thousands, cents) or with the decimal mark misread (1.234 taken for about a thousand, or 1,234 for about one): check the experiments file.",
                    number(factor.round()),
                    number(reference)
                );
                return Warning::about(WarningKind::LiftConflict, &r.channel, message);
            }
            let message = match r.uncalibrated_lift {
                Some(u) if r.z.abs() <= CONFLICT_Z => format!(
                    "{test}; the sales data alone implied {}, far from it. The calibrated model follows the test ({}), but the two sources disagree: {check}.",
                    number(u),
                    number(r.model_lift)
                ),
                Some(u) => format!(
                    "{test}; the sales data alone implied {}, and even calibrated with the test the model implies {}. The model cannot agree with this test: {check}.",
                    number(u),
                    number(r.model_lift)
                ),
                None => format!(
                    "{test}, and the model, calibrated with it, implies {}. The model cannot agree with this test: {check}.",
                    number(r.model_lift)
                ),
            };
            Warning::about(WarningKind::LiftConflict, &r.channel, message)
        })
        .collect()
}

/// A measured lift at least this many times above or below the sales data's is taken for a
/// unit or decimal-mark slip, whatever its standard error (and, where the data allow no
/// effect, one this many times below their centre whose standard error is as far below the
/// data's spread).
pub const SCALE_SLIP: f64 = 30.0;

/// `(factor, the data's lift)` when a test's measured lift and the lift the sales data imply
/// (the model without tests when it was fitted, else the model) are [`SCALE_SLIP`] times or
/// more apart, both positive, measured from the end of that lift's interval nearest the test:
/// where the data allow a lift near zero, a test far above it is what calibration is for, not
/// a slip.
fn scale_off(r: &CalibrationRow) -> Option<(f64, f64)> {
    let (reference, interval) = match r.uncalibrated_lift {
        Some(u) => (u, r.uncalibrated_interval),
        None => (r.model_lift, r.model_lift_interval),
    };
    let nearest = match interval {
        Some([_, hi]) if r.lift > reference => hi.max(reference),
        Some([lo, _]) => lo.min(reference),
        None => reference,
    };
    // The data allow a lift near zero and the test is far below their centre: a slip shrinks
    // the standard error with the lift, so a test that also claims a precision far beyond the
    // data's spread is one (an outside check: 149 ± 14.5 for 149,287 ± 14,487, the data's lift
    // 51,758 in 0–208,253; search then read 0.31 against a true 2.5, unwarned).
    if let Some([lo, hi]) = interval
        && lo <= 0.0
        && r.lift > 0.0
        && reference >= SCALE_SLIP * r.lift
        && hi - lo >= SCALE_SLIP * r.standard_error
    {
        return Some((reference / r.lift, reference));
    }
    // A test within two standard errors of the data's interval says nothing the data do not
    // (an outside check: 408 ± 8,226 on a channel read at no effect was "about - times more
    // than the 0.00 the sales data imply"); nor can a lift be so many times one of zero.
    if !(r.lift > 0.0 && nearest > 0.0 && reference > 0.0)
        || (r.lift - nearest).abs() < 2.0 * r.standard_error
    {
        return None;
    }
    let factor = (r.lift / nearest).max(nearest / r.lift);
    (factor >= SCALE_SLIP)
        .then_some((r.lift / reference).max(reference / r.lift))
        .map(|f| (f, reference))
}

/// `Σ_{t ∈ T} [s(adstock(x))_t − s(adstock(x̃))_t]`: the lift per unit of the coefficient.
pub fn window_effect(
    transform: &ChannelTransform,
    activity: &[f64],
    first: usize,
    last: usize,
    scope: LiftScope,
) -> f64 {
    -window_change(transform, activity, first, last, scope, 0.0)
}

/// `Σ_{t ∈ T} [s(adstock(x'))_t − s(adstock(x))_t]` where `x'` is the activity with the window's
/// periods multiplied by `factor` (0: a pause, 1.5: a 50 % increase): what a spend change in the
/// window does, per unit of the coefficient.
///
/// With scope `total`, `T` runs on past the data's last period for as long as the adstock
/// carries anything over ([`carryover_periods`]), the activity after the data held at its mean
/// over the last [`AFTER_DATA_WINDOW`] periods (for weekly data the planner's current spend): a test that ends in the data's last weeks measured the
/// carryover that came after them too, and cutting the model's sum at the data's end made it
/// imply less than such a test measured (an outside check: tv read 1.67 with a test of its
/// last two weeks against 1.57 with an equally precise one mid-data, truth 1.60).
pub fn window_change(
    transform: &ChannelTransform,
    activity: &[f64],
    first: usize,
    last: usize,
    scope: LiftScope,
    factor: f64,
) -> f64 {
    let (inside, after) = window_change_parts(transform, activity, first, last, scope, factor);
    inside + after
}

/// [`window_change`] in two parts: the change up to the data's last period, and after it.
fn window_change_parts(
    transform: &ChannelTransform,
    activity: &[f64],
    first: usize,
    last: usize,
    scope: LiftScope,
    factor: f64,
) -> (f64, f64) {
    let n = activity.len();
    if first > last || last >= n {
        return (0.0, 0.0);
    }
    let (end, tail) = match scope {
        LiftScope::Total => {
            let tail = carryover_periods(transform, n);
            (n + tail, tail)
        }
        LiftScope::Immediate => (last + 1, 0),
    };
    // After the data the channel spends as over its last periods (for weekly data the
    // planner's current spend).
    let recent = &activity[n - AFTER_DATA_WINDOW.min(n)..];
    let level = recent.iter().sum::<f64>() / recent.len() as f64;
    let mut actual = activity.to_vec();
    actual.resize(n + tail, level);
    let mut changed = actual.clone();
    changed[first..=last].iter_mut().for_each(|v| *v *= factor);
    let respond = |x: &[f64]| {
        transform
            .saturation
            .apply(&transform.adstock.apply_as_fitted(x, n))
    };
    let (actual, changed) = (respond(&actual), respond(&changed));
    let sum = |range: std::ops::Range<usize>| range.map(|t| changed[t] - actual[t]).sum::<f64>();
    (sum(first..end.min(n)), sum(n.min(end)..end))
}

/// Periods before the data's end over whose mean the activity is taken to go on after it (52,
/// or the whole series when shorter: a year of weekly data, the planner's default window
/// there).
pub const AFTER_DATA_WINDOW: usize = 52;

/// Periods the adstock still carries a window's spend after the data's last period: its
/// weights as fitted, and for a geometric decay until `θ^k` falls under a millionth (its
/// weights stop at the series' length; at θ = 0.99 on 104 weeks a third of the weight lies
/// beyond), at most 10,000.
fn carryover_periods(transform: &ChannelTransform, n: usize) -> usize {
    match transform.adstock {
        crate::transform::Adstock::Geometric { theta } if theta > 0.0 && theta < 1.0 => {
            ((1e-6f64.ln() / theta.ln()).ceil() as usize).min(10_000)
        }
        _ => transform.adstock.weights(n).len() - 1,
    }
}

/// The share of the lift `params` imply for a test that comes after the data's last period
/// (0 for scope `immediate`, or when the implied lift is 0).
pub fn share_after_data(params: &Parameters, features: &Features, e: &Experiment) -> f64 {
    let (Some(m), Some(x)) = (
        params.media.get(e.channel),
        features.activity.get(e.channel),
    ) else {
        return 0.0;
    };
    let (inside, after) = window_change_parts(&m.transform, x, e.first, e.last, e.scope, 0.0);
    let total = inside + after;
    if total.abs() > 0.0 && total.is_finite() {
        // + 0.0: no "-0" in MODEL.json.
        (after / total).clamp(0.0, 1.0) + 0.0
    } else {
        0.0
    }
}

/// The lift a parameter set implies for an experiment (KPI units).
pub fn implied_lift(params: &Parameters, features: &Features, e: &Experiment) -> f64 {
    let Some(m) = params.media.get(e.channel) else {
        return f64::NAN;
    };
    let Some(x) = features.activity.get(e.channel) else {
        return f64::NAN;
    };
    m.coefficient * window_effect(&m.transform, x, e.first, e.last, e.scope)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::precision::assert_close;
    use crate::transform::{Adstock, Saturation};

    fn transform(theta: f64) -> ChannelTransform {
        ChannelTransform {
            adstock: Adstock::Geometric { theta },
            saturation: Saturation::Hill {
                alpha: 1.0,
                gamma: 0.5,
                inflexion: 5.0,
            },
            series_len: 6,
        }
    }

    /// A ridge fit with calibrated intervals: the implied lift's interval runs between the
    /// lifts at the tested channel's ROI interval ends (the low ROI end the lower lift); an older
    /// ridge file without ends keeps the spread of its draws.
    #[test]
    fn a_ridge_fits_lift_interval_comes_from_its_roi_interval_ends() {
        let with_ends = crate::report::ModelReport::from_json(include_str!(
            "../../tests/data/sim_seed7_104w.model.json"
        ))
        .unwrap();
        let older = crate::report::ModelReport::from_json(include_str!(
            "../../tests/data/sim_seed7_104w.model.range.json"
        ))
        .unwrap();
        let k = 1;
        let experiment = |r: &crate::report::ModelReport| Experiment {
            channel: k,
            name: r.channels[k].name.clone(),
            first: 60,
            last: 63,
            start: r.data.dates[60],
            end: r.data.dates[63],
            lift: 1000.0,
            standard_error: 100.0,
            scope: LiftScope::Total,
            spend: r.data.channels[k].spend[60..=63].iter().sum(),
            row: 1,
        };
        let r = &with_ends;
        let features = r.features().unwrap();
        let e = experiment(r);
        let row = &calibration_table(&r.model, &features, std::slice::from_ref(&e), 0.9)[0];
        let point = implied_lift(&r.model.point, &features, &e);
        let lo = implied_lift(&r.model.interval_ends[2 * k], &features, &e);
        let hi = implied_lift(&r.model.interval_ends[2 * k + 1], &features, &e);
        assert!(lo < point && point < hi, "{lo} {point} {hi}");
        assert_close(row.model_lift, point, 0.0);
        assert_eq!(row.model_lift_interval, Some([lo, hi]));
        // An older ridge file: no ends, and no draws either (no interval); with draws, their
        // spread.
        let mut r = older;
        assert!(r.model.interval_ends.is_empty() && r.model.draws.is_empty());
        let features = r.features().unwrap();
        let e = experiment(&r);
        let row = &calibration_table(&r.model, &features, std::slice::from_ref(&e), 0.9)[0];
        assert_eq!(row.model_lift_interval, None);
        r.model.draws = [0.8, 1.0, 1.3]
            .iter()
            .map(|f| {
                let mut d = r.model.point.clone();
                d.media[k].coefficient *= f;
                d
            })
            .collect();
        let row = &calibration_table(&r.model, &features, std::slice::from_ref(&e), 0.9)[0];
        let draws: Vec<f64> = r
            .model
            .draws
            .iter()
            .map(|d| implied_lift(d, &features, &e))
            .collect();
        assert_eq!(row.model_lift_interval, Some(interval(&draws, 0.9)));
    }

    /// A test read a thousand times too small (`120.000` as 120) agrees with a model it pulls
    /// down to it, but is named as a likely unit or decimal-mark slip; a test within the slip
    /// factor that agrees earns nothing.
    #[test]
    fn a_lift_a_thousand_times_off_is_named_as_a_slip() {
        let row = |lift: f64, uncalibrated: f64| CalibrationRow {
            channel: "tv".into(),
            start: NaiveDate::from_ymd_opt(2024, 3, 4).unwrap(),
            end: NaiveDate::from_ymd_opt(2024, 3, 31).unwrap(),
            periods: 4,
            scope: LiftScope::Total,
            spend: 80_000.0,
            lift,
            standard_error: 15.0,
            model_lift: lift,
            model_lift_interval: None,
            uncalibrated_lift: Some(uncalibrated),
            uncalibrated_interval: None,
            z: 0.0,
            z_uncalibrated: Some(0.0),
            agrees: true,
            after_data: 0.0,
        };
        let w = conflict_warnings(&[row(120.0, 143_439.0)]);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].kind, WarningKind::LiftConflict);
        assert!(
            w[0].message.contains("measured a lift of 120 ± 15.00, about 1,195 times less than the 143,439 the sales data imply"),
            "{}",
            w[0].message
        );
        assert!(conflict_warnings(&[row(5_000.0, 143_439.0)]).is_empty());
        assert_eq!(conflict_warnings(&[row(4_000_000.0, 120_000.0)]).len(), 1);
        // The data allow a lift near zero: a test far above the centre is not called a slip.
        let mut wide = row(4_000_000.0, 120_000.0);
        wide.uncalibrated_interval = Some([1_000.0, 500_000.0]);
        assert!(conflict_warnings(&[wide]).is_empty());
        // The data allow no effect and the test reads far below their centre: a slip when the
        // test also claims a precision far beyond the data's spread (149 ± 14.5 against
        // 51,758 in 0–208,253), not when its standard error is of the data's order.
        let mut slipped = row(149.0, 51_758.0);
        slipped.standard_error = 14.5;
        slipped.uncalibrated_interval = Some([0.0, 208_253.0]);
        let w = conflict_warnings(std::slice::from_ref(&slipped));
        assert_eq!(w.len(), 1);
        assert!(
            w[0].message
                .contains("about 347 times less than the 51,758"),
            "{}",
            w[0].message
        );
        let mut null_test = slipped;
        null_test.standard_error = 20_000.0;
        assert!(conflict_warnings(&[null_test]).is_empty());
        // A test of a channel the data read at no effect, far above its tiny lift but within
        // its own noise of it (an outside check's 408 ± 8,226): nothing to name.
        let mut vague = row(408.0, 0.4);
        vague.standard_error = 8_226.0;
        vague.uncalibrated_interval = Some([0.0, 12.0]);
        assert!(conflict_warnings(std::slice::from_ref(&vague)).is_empty());
        // Data that read no lift at all (the check's 0.00): no factor of it, however precise the
        // test ("about - times more than the 0.00" before).
        vague.uncalibrated_lift = Some(0.0);
        vague.standard_error = 20.0;
        assert!(conflict_warnings(&[vague]).is_empty());
    }

    /// Geometric decay 0.5, linear-ish Hill `a / (a + 5)`: by hand for a pause of period 2.
    #[test]
    fn a_pause_removes_the_window_and_its_carryover() {
        let x = [4.0, 4.0, 4.0, 4.0, 0.0, 0.0];
        let t = transform(0.5);
        // With spend: adstock 4, 6, 7, 7.5, 3.75, 1.875. Without period 2: 4, 6, 3, 5.5, 2.75, 1.375.
        let s = |a: f64| a / (a + 5.0);
        let inside: f64 = [(7.0, 3.0), (7.5, 5.5), (3.75, 2.75), (1.875, 1.375)]
            .iter()
            .map(|&(a, b)| s(a) - s(b))
            .sum();
        // After the data the carryover runs on until 0.5^k falls under a millionth (20 more
        // periods), the activity held at the mean of the last 52 periods, here all 6 (16/6):
        // adstock a_t = 8/3 + a_{t−1}/2 from 1.875 and 1.375.
        let (mut a, mut b, mut after) = (1.875, 1.375, 0.0);
        for _ in 0..20 {
            a = 16.0 / 6.0 + 0.5 * a;
            b = 16.0 / 6.0 + 0.5 * b;
            after += s(a) - s(b);
        }
        assert_close(
            window_effect(&t, &x, 2, 2, LiftScope::Total),
            inside + after,
            1e-12,
        );
        assert_close(
            window_effect(&t, &x, 2, 2, LiftScope::Immediate),
            s(7.0) - s(3.0),
            1e-12,
        );
        // Without carryover the two scopes agree.
        let t0 = transform(0.0);
        assert_close(
            window_effect(&t0, &x, 1, 2, LiftScope::Total),
            window_effect(&t0, &x, 1, 2, LiftScope::Immediate),
            1e-12,
        );
        // A window outside the series has no effect.
        assert_close(window_effect(&t, &x, 3, 9, LiftScope::Total), 0.0, 0.0);
    }

    /// A test in the data's last periods measures the carryover after them too: under steady
    /// spend its implied lift is the one the same test has deep inside a longer series, for a
    /// geometric decay and for a delayed (Weibull PDF) lag whose weights are those of the
    /// series fitted, not of the series run on past it.
    #[test]
    fn a_test_at_the_data_end_counts_the_carryover_after_it() {
        let hill = Saturation::Hill {
            alpha: 1.5,
            gamma: 0.5,
            inflexion: 40.0,
        };
        for adstock in [
            Adstock::Geometric { theta: 0.7 },
            Adstock::WeibullPdf {
                shape: 3.0,
                scale: 0.05,
            },
        ] {
            let n = 60;
            let t = ChannelTransform {
                adstock,
                saturation: hill,
                series_len: n,
            };
            let steady = vec![10.0; n];
            let at_end = window_effect(&t, &steady, n - 4, n - 1, LiftScope::Total);
            // The same window deep inside a series of 2n periods, with its weights held at
            // those of n periods (`apply_as_fitted`), summed to that series' end by hand.
            let long = vec![10.0; 2 * n];
            let mut paused = long.clone();
            paused[n - 4..n].iter_mut().for_each(|v| *v = 0.0);
            let respond = |x: &[f64]| hill.apply(&adstock.apply_as_fitted(x, n));
            let (with, without) = (respond(&long), respond(&paused));
            let inside: f64 = (n - 4..2 * n).map(|i| with[i] - without[i]).sum();
            assert!(inside > 0.0);
            // (The sum after the data stops where the weights fall under a millionth.)
            assert_close(at_end, inside, 1e-5 * inside);
            // Cut at the data's end (the old sum) it implied less.
            let cut: f64 = (n - 4..n).map(|i| with[i] - without[i]).sum();
            assert!(cut < 0.9 * inside, "{adstock:?}: {cut} against {inside}");
        }
    }
}
