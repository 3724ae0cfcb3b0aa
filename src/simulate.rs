//! Realistic marketing data with a known truth.
//!
//! The KPI is built additively, exactly in the model's family, so the truth is a number the
//! model can be checked against:
//!
//! `revenue_t = level·(1 + trend·t/T + season_t) + price effect + promo effect + organic effect
//!              + Σ_c β_c · hill_c(adstock_c(spend_c))_t + noise_t`
//!
//! - spends are flighted (TV, radio, social, display: bursts of periods on, periods off) or
//!   always-on with pushes and pauses (search); they share a budget cycle and join common
//!   campaign pushes (so they are correlated, as in real plans), and search follows demand;
//! - each channel has its own adstock and Hill curve; β is set so the channel's ROI over the data
//!   equals a chosen true ROI;
//! - noise is Gaussian with standard deviation `noise × mean(revenue)`.
//!
//! The truth records each channel's ROI, contribution, response parameters and the steady-state
//! response curve, for tests of the fit and of the budget allocator.
//!
//! Normal draws use a hand-written Box–Muller transform over `libm` so that every platform (native
//! and WebAssembly) draws bit-identical data for a seed; `rand_distr` uses the platform's maths.

use chrono::{Days, Months, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::data::{Control, Dataset, Frequency, KpiType, PaidChannel, Series};
use crate::error::{Error, Result};
use crate::model::{ResponseCurve, cost_per};
use crate::transform::{Adstock, ChannelTransform, Saturation};

/// Settings of a simulation.
///
/// | name      | default     | range      | purpose                                          |
/// |-----------|-------------|------------|--------------------------------------------------|
/// | seed      | 1           | any        | the random stream                                |
/// | periods   | 156         | 30..=5000  | number of periods (3 years of weeks); at least [`minimum_periods`] |
/// | channels  | 5           | 1..=40     | paid channels (past 8, variants of the first 8)  |
/// | frequency | weekly      |            | daily, weekly or monthly                         |
/// | noise     | 0.02        | 0..=0.5    | noise standard deviation / mean revenue          |
/// | organic   | true        |            | include an organic newsletter column             |
/// | controls  | true        |            | include a price index and a promo event column   |
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SimulationSettings {
    pub seed: u64,
    pub periods: usize,
    pub channels: usize,
    pub frequency: Frequency,
    pub noise: f64,
    pub organic: bool,
    pub controls: bool,
    /// First date (a Monday by default).
    #[serde(with = "crate::data::dates::iso_serde")]
    pub start: NaiveDate,
}

impl Default for SimulationSettings {
    fn default() -> Self {
        SimulationSettings {
            seed: 1,
            periods: 156,
            channels: 5,
            frequency: Frequency::Weekly,
            noise: 0.02,
            organic: true,
            controls: true,
            start: NaiveDate::from_ymd_opt(2022, 1, 3).unwrap_or_default(),
        }
    }
}

/// The truth about one paid channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TruthChannel {
    pub name: String,
    pub spend_column: String,
    /// Total spend over the data.
    pub spend: f64,
    /// Total contribution to the KPI over the data.
    pub contribution: f64,
    /// contribution / spend.
    pub roi: f64,
    /// spend / contribution: the true cost per unit of KPI, for reading the simulated KPI as
    /// conversions (absent when the contribution is not positive).
    #[serde(default)]
    pub cpa: Option<f64>,
    /// Mean spend per period.
    pub mean_spend: f64,
    /// Slope of the steady-state response at the mean spend per period.
    pub marginal_roi: f64,
    /// Share of the contribution that arrives after the period of the spend.
    pub carryover_share: f64,
    /// KPI units per unit of saturated activity.
    pub coefficient: f64,
    /// The response transform (on spend).
    pub transform: ChannelTransform,
}

impl TruthChannel {
    /// The true steady-state response curve (the model's one definition, on spend).
    pub fn curve(&self) -> ResponseCurve {
        ResponseCurve::new(self.coefficient, 1.0, self.transform)
    }

    /// True KPI per period when `spend` is spent every period (steady state).
    pub fn response(&self, spend: f64) -> f64 {
        self.curve().value(spend)
    }

    /// Derivative of [`TruthChannel::response`].
    pub fn marginal_response(&self, spend: f64) -> f64 {
        self.curve().marginal(spend)
    }
}

/// The full truth of a simulation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Truth {
    pub settings: SimulationSettings,
    pub channels: Vec<TruthChannel>,
    /// Total contribution of the organic column.
    pub organic_contribution: f64,
    /// Coefficients of the controls, in KPI units per unit of the control.
    pub control_effects: Vec<(String, f64)>,
    /// Mean of the KPI without noise.
    pub mean_kpi: f64,
    /// Standard deviation of the noise.
    pub noise_sd: f64,
    /// Sum of all paid contributions / sum of the KPI.
    pub media_share: f64,
}

/// A simulated data set with its truth.
#[derive(Debug, Clone, PartialEq)]
pub struct Simulation {
    pub dataset: Dataset,
    pub truth: Truth,
}

#[derive(Debug, Clone, Copy)]
struct Archetype {
    name: &'static str,
    /// Mean spend per week.
    weekly: f64,
    /// Runs in bursts; `floor` is the always-on share between bursts (0 = dark).
    flighted: bool,
    floor: f64,
    /// How strongly spend follows demand (seasonality).
    demand: f64,
    theta: f64,
    alpha: f64,
    gamma: f64,
    roi: f64,
}

const ARCHETYPES: [Archetype; 8] = [
    Archetype {
        name: "tv",
        weekly: 30_000.0,
        flighted: true,
        floor: 0.0,
        demand: 0.2,
        theta: 0.6,
        alpha: 1.8,
        gamma: 0.15,
        roi: 1.6,
    },
    Archetype {
        name: "search",
        weekly: 14_000.0,
        flighted: false,
        floor: 1.0,
        demand: 0.25,
        theta: 0.1,
        alpha: 1.1,
        gamma: 0.7,
        roi: 2.4,
    },
    Archetype {
        name: "social",
        weekly: 12_000.0,
        flighted: true,
        floor: 0.1,
        demand: 0.3,
        theta: 0.3,
        alpha: 1.4,
        gamma: 0.6,
        roi: 2.0,
    },
    Archetype {
        name: "radio",
        weekly: 10_000.0,
        flighted: true,
        floor: 0.0,
        demand: 0.3,
        theta: 0.45,
        alpha: 2.2,
        gamma: 0.4,
        roi: 1.7,
    },
    Archetype {
        name: "display",
        weekly: 10_000.0,
        flighted: true,
        floor: 0.0,
        demand: 0.2,
        theta: 0.15,
        alpha: 1.0,
        gamma: 0.2,
        roi: 1.2,
    },
    Archetype {
        name: "ooh",
        weekly: 7_000.0,
        flighted: true,
        floor: 0.0,
        demand: 0.1,
        theta: 0.5,
        alpha: 1.5,
        gamma: 0.4,
        roi: 1.1,
    },
    Archetype {
        name: "video",
        weekly: 9_000.0,
        flighted: true,
        floor: 0.1,
        demand: 0.3,
        theta: 0.35,
        alpha: 1.6,
        gamma: 0.5,
        roi: 1.8,
    },
    Archetype {
        name: "affiliate",
        weekly: 5_000.0,
        flighted: false,
        floor: 1.0,
        demand: 0.4,
        theta: 0.05,
        alpha: 1.0,
        gamma: 0.5,
        roi: 2.6,
    },
];

/// Most paid channels a simulation has.
pub const MAX_CHANNELS: usize = 40;

/// The archetype of paid channel `k`: the eight above, then variants of them (`tv_2`,
/// `search_2`, …) with other carryover, curve and ROI, for big data sets (a copy `c` ≥ 1 scales
/// θ, γ and the ROI by fixed factors, so the data stay the same for every seed's first 8).
fn archetype(k: usize) -> (String, Archetype) {
    let a = &ARCHETYPES[k % ARCHETYPES.len()];
    let copy = k / ARCHETYPES.len();
    if copy == 0 {
        return (a.name.to_string(), *a);
    }
    let f = [1.0, 0.7, 1.3, 0.5, 1.15][copy % 5];
    let g = [1.0, 1.3, 0.8, 1.1, 0.9][copy % 5];
    let variant = Archetype {
        weekly: a.weekly * g,
        theta: (a.theta * f).min(0.85),
        gamma: (a.gamma * g).clamp(0.1, 0.9),
        roi: a.roi * [1.0, 0.8, 1.25, 0.9, 1.1][copy % 5],
        ..*a
    };
    (format!("{}_{}", a.name, copy + 1), variant)
}

/// Standard normal draws, bit-identical on every platform.
struct Normal {
    spare: Option<f64>,
}

impl Normal {
    fn draw(&mut self, rng: &mut ChaCha8Rng) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        // Box–Muller; u1 in (0, 1] so the log is finite.
        let u1: f64 = 1.0 - rng.random::<f64>();
        let u2: f64 = rng.random::<f64>();
        let r = libm::sqrt(-2.0 * libm::log(u1));
        let a = 2.0 * std::f64::consts::PI * u2;
        self.spare = Some(r * libm::sin(a));
        r * libm::cos(a)
    }
}

fn day_of(d: NaiveDate) -> f64 {
    use chrono::Datelike;
    d.num_days_from_ce() as f64
}

/// Simulate a data set and its truth: data that `fit` takes as they are, so periods too few for
/// its default model of them are refused with the number it needs.
///
/// # Errors
/// [`Error::InvalidSetting`] for settings outside the table's ranges, or periods too few for
/// the default model of the data ([`minimum_periods`]).
pub fn simulate(s: &SimulationSettings) -> Result<Simulation> {
    let sim = generate(s)?;
    if let Some((parameters, _)) = too_short_to_fit(&sim.dataset)? {
        let needed = minimum_periods(s)?;
        return Err(Error::setting(
            "periods",
            s.periods,
            &format!(
                "the default model of these data has {parameters} coefficients and curve parameters to estimate and needs at least {needed} periods; use {needed} or more (or fewer channels)"
            ),
        ));
    }
    Ok(sim)
}

/// The fewest periods of these settings' data (from 30) that the default model of them fits
/// on (5 more than its coefficients and curve parameters): the model grows with the data's
/// seasonality terms once it covers a year, so the count is taken again at each length
/// asked for until it holds.
///
/// # Errors
/// [`Error::InvalidSetting`] for settings outside the table's ranges.
pub fn minimum_periods(s: &SimulationSettings) -> Result<usize> {
    let mut n = 30;
    loop {
        let sim = generate(&SimulationSettings {
            periods: n,
            ..s.clone()
        })?;
        match too_short_to_fit(&sim.dataset)? {
            Some((_, needed)) if needed > n => n = needed,
            _ => return Ok(n),
        }
    }
}

/// The parameters to estimate and the periods needed when the default model of `data` (as
/// `fit` builds it, without a holdout) has too few periods; `None` when it has enough.
fn too_short_to_fit(data: &Dataset) -> Result<Option<(usize, usize)>> {
    let spec = crate::model::options::ModelOptions::default().spec_for(data)?;
    match crate::estimate::ridge::Design::new(data, &spec, 0.0) {
        Err(Error::TooFewRows {
            parameters, needed, ..
        }) => Ok(Some((parameters, needed))),
        // Anything else is for the fit to say, on the data as written.
        _ => Ok(None),
    }
}

/// The data and truth of `s`, however few its periods are for a fit.
fn generate(s: &SimulationSettings) -> Result<Simulation> {
    if !(30..=5000).contains(&s.periods) {
        return Err(Error::setting(
            "periods",
            s.periods,
            "use between 30 and 5000 periods",
        ));
    }
    if !(1..=MAX_CHANNELS).contains(&s.channels) {
        return Err(Error::setting(
            "channels",
            s.channels,
            "use between 1 and 40 channels",
        ));
    }
    if !(0.0..=0.5).contains(&s.noise) {
        return Err(Error::setting(
            "noise",
            s.noise,
            "use a share of mean revenue between 0 and 0.5",
        ));
    }
    let n = s.periods;
    let mut rng = ChaCha8Rng::seed_from_u64(s.seed);
    let mut normal = Normal { spare: None };
    let per_week = match s.frequency {
        Frequency::Daily => 1.0 / 7.0,
        Frequency::Weekly => 1.0,
        Frequency::Monthly => 365.25 / 12.0 / 7.0,
    };
    let dates: Vec<NaiveDate> = (0..n)
        .map(|t| match s.frequency {
            Frequency::Daily => s.start.checked_add_days(Days::new(t as u64)),
            Frequency::Weekly => s.start.checked_add_days(Days::new(7 * t as u64)),
            Frequency::Monthly => s.start.checked_add_months(Months::new(t as u32)),
        })
        .collect::<Option<_>>()
        .ok_or_else(|| Error::setting("periods", n, "the dates run past the calendar"))?;

    // Demand seasonality (relative), with a random phase per seed; Q4 peak on average.
    let phase1 = 2.0 * std::f64::consts::PI * (0.8 + 0.1 * normal.draw(&mut rng));
    let phase2 = 2.0 * std::f64::consts::PI * rng.random::<f64>();
    let season: Vec<f64> = dates
        .iter()
        .map(|&d| {
            let w = 2.0 * std::f64::consts::PI * day_of(d) / 365.25;
            0.08 * libm::sin(w + phase1) + 0.035 * libm::cos(2.0 * w + phase2)
        })
        .collect();
    let weekday: Vec<f64> = dates
        .iter()
        .map(|d| {
            use chrono::Datelike;
            if s.frequency == Frequency::Daily {
                [0.02, 0.03, 0.02, 0.0, -0.02, -0.05, -0.06]
                    [d.weekday().num_days_from_monday() as usize]
            } else {
                0.0
            }
        })
        .collect();

    // Common budget cycle: seasonal plus a persistent random component.
    let mut budget = vec![0.0; n];
    let mut ar = 0.0;
    for t in 0..n {
        ar = 0.85 * ar + 0.12 * normal.draw(&mut rng);
        budget[t] = (1.0 + 3.0 * season[t] + ar).max(0.2);
    }

    // Shared campaign pushes (a launch, a sale) that channels join: runs of 3–6 periods.
    let mut pushes: Vec<(usize, usize)> = Vec::new();
    let mut t = (rng.random::<f64>() * 6.0) as usize;
    while t < n {
        let len = 3 + (rng.random::<f64>() * 4.0) as usize;
        pushes.push((t, len));
        t += len + 6 + (rng.random::<f64>() * 9.0) as usize;
    }

    let mut channels = Vec::with_capacity(s.channels);
    let mut truth_channels = Vec::with_capacity(s.channels);
    let mut media_effect = vec![0.0; n];
    for k in 0..s.channels {
        let (name, a) = archetype(k);
        let a = &a;
        let mut spend = vec![0.0; n];
        if a.flighted {
            // Bursts: on for 2–6 periods, off for 2–8, at a level that varies per burst; between
            // bursts the channel runs at `floor` of a typical burst.
            let mut on_level = vec![0.0; n];
            let mut t = (rng.random::<f64>() * 4.0) as usize;
            while t < n {
                let on = 2 + (rng.random::<f64>() * 5.0) as usize;
                let level = libm::exp(0.3 * normal.draw(&mut rng));
                for v in on_level.iter_mut().skip(t).take(on) {
                    *v = level;
                }
                t += on + 2 + (rng.random::<f64>() * 7.0) as usize;
            }
            // Join about 60% of the shared pushes.
            for &(start, len) in &pushes {
                if rng.random::<f64>() < 0.6 {
                    let level = libm::exp(0.3 * normal.draw(&mut rng));
                    for v in on_level.iter_mut().skip(start).take(len) {
                        *v = v.max(level);
                    }
                }
            }
            for k in 0..n {
                let shape = a.floor + (1.0 - a.floor) * on_level[k] * 2.0;
                spend[k] = budget[k]
                    * (1.0 + a.demand * 3.0 * season[k]).max(0.1)
                    * shape
                    * libm::exp(0.15 * normal.draw(&mut rng));
            }
        } else {
            // Always on, with campaign pushes of 2–4 periods at 1.5–3× and budget cuts of 2–4
            // periods to 0–15% (paused campaigns), one or the other every 4–11 periods:
            // performance budgets are adjusted often.
            let mut push = vec![1.0; n];
            let mut t = (rng.random::<f64>() * 8.0) as usize;
            while t < n {
                let len = 2 + (rng.random::<f64>() * 3.0) as usize;
                let lift = if rng.random::<f64>() < 0.6 {
                    1.5 + 1.5 * rng.random::<f64>()
                } else {
                    0.15 * rng.random::<f64>()
                };
                for p in push.iter_mut().skip(t).take(len) {
                    *p = lift;
                }
                t += len + 2 + (rng.random::<f64>() * 6.0) as usize;
            }
            // Join about half of the shared pushes.
            for &(start, len) in &pushes {
                if rng.random::<f64>() < 0.5 {
                    let lift = 1.5 + rng.random::<f64>();
                    for p in push.iter_mut().skip(start).take(len) {
                        *p = lift;
                    }
                }
            }
            let mut ln = 0.0;
            for k in 0..n {
                ln = 0.5 * ln + 0.25 * normal.draw(&mut rng);
                spend[k] = budget[k]
                    * (1.0 + a.demand * 3.0 * season[k]).max(0.1)
                    * push[k]
                    * libm::exp(ln);
            }
        }
        let mean = spend.iter().sum::<f64>() / n as f64;
        if mean <= 0.0 {
            // A flighted channel with no burst (only possible for very short series).
            spend[n / 2] = 1.0;
        }
        let mean = spend.iter().sum::<f64>() / n as f64;
        let target = a.weekly * per_week;
        for v in spend.iter_mut() {
            *v = (*v * target / mean * 100.0).round() / 100.0;
        }
        let adstock = Adstock::geometric(a.theta)?;
        let adstocked = adstock.apply(&spend);
        let reference = adstocked.iter().fold(0.0f64, |m, &v| m.max(v));
        let saturation = Saturation::hill(a.alpha, a.gamma, reference)?;
        let transform = ChannelTransform {
            adstock,
            saturation,
            series_len: n,
        };
        let saturated = saturation.apply(&adstocked);
        let total_spend: f64 = spend.iter().sum();
        let coefficient = a.roi * total_spend / saturated.iter().sum::<f64>();
        let contribution: f64 = coefficient * saturated.iter().sum::<f64>();
        // Carryover: the share of each period's response not due to that period's own spend.
        let carry: f64 = (0..n)
            .map(|t| {
                if adstocked[t] > 0.0 {
                    coefficient * saturated[t] * (1.0 - spend[t] / adstocked[t])
                } else {
                    0.0
                }
            })
            .sum();
        for t in 0..n {
            media_effect[t] += coefficient * saturated[t];
        }
        let mean_spend = total_spend / n as f64;
        let tc = TruthChannel {
            name: name.clone(),
            spend_column: format!("{name}_spend"),
            spend: total_spend,
            contribution,
            roi: contribution / total_spend,
            cpa: cost_per(total_spend, contribution),
            mean_spend,
            marginal_roi: 0.0,
            carryover_share: carry / contribution,
            coefficient,
            transform,
        };
        let marginal_roi = tc.marginal_response(mean_spend);
        truth_channels.push(TruthChannel { marginal_roi, ..tc });
        channels.push(PaidChannel {
            name: name.clone(),
            spend_column: format!("{name}_spend"),
            spend,
            exposure_column: None,
            exposure: None,
        });
    }

    // Baseline level: media is about a third of revenue.
    let media_mean = media_effect.iter().sum::<f64>() / n as f64;
    let level = 2.0 * media_mean.max(1.0);
    let mut kpi: Vec<f64> = (0..n)
        .map(|t| {
            level * (1.0 + 0.2 * t as f64 / n as f64 + season[t] + weekday[t]) + media_effect[t]
        })
        .collect();

    let mut organic = Vec::new();
    let mut organic_contribution = 0.0;
    if s.organic {
        let mut ln = 0.0;
        let sends: Vec<f64> = (0..n)
            .map(|_| {
                ln = 0.6 * ln + 0.35 * normal.draw(&mut rng);
                (100_000.0 * per_week * libm::exp(ln)).round()
            })
            .collect();
        let adstock = Adstock::geometric(0.2)?;
        let adstocked = adstock.apply(&sends);
        let reference = adstocked.iter().fold(0.0f64, |m, &v| m.max(v));
        let sat = Saturation::hill(1.2, 0.5, reference)?.apply(&adstocked);
        let mean_sat = sat.iter().sum::<f64>() / n as f64;
        let coefficient = 0.06 * level / mean_sat;
        for t in 0..n {
            kpi[t] += coefficient * sat[t];
        }
        organic_contribution = coefficient * sat.iter().sum::<f64>();
        organic.push(Series {
            name: "newsletter_sends".into(),
            values: sends,
        });
    }

    let mut controls = Vec::new();
    let mut control_effects = Vec::new();
    if s.controls {
        let mut ar = 0.0;
        let price: Vec<f64> = (0..n)
            .map(|_| {
                ar = 0.8 * ar + 0.02 * normal.draw(&mut rng);
                ((1.0 + ar) * 1000.0).round() / 1000.0
            })
            .collect();
        let price_effect = -1.5 * level;
        let promo: Vec<f64> = (0..n)
            .map(|_| if rng.random::<f64>() < 0.08 { 1.0 } else { 0.0 })
            .collect();
        let promo_effect = 0.06 * level;
        for t in 0..n {
            kpi[t] += price_effect * (price[t] - 1.0) + promo_effect * promo[t];
        }
        controls.push(Control {
            name: "price_index".into(),
            column: "price_index".into(),
            level: None,
            values: price,
        });
        controls.push(Control {
            name: "promo".into(),
            column: "promo".into(),
            level: None,
            values: promo,
        });
        control_effects.push(("price_index".to_string(), price_effect));
        control_effects.push(("promo".to_string(), promo_effect));
    }

    let mean_kpi = kpi.iter().sum::<f64>() / n as f64;
    let noise_sd = s.noise * mean_kpi;
    for v in kpi.iter_mut() {
        *v = ((*v + noise_sd * normal.draw(&mut rng)) * 100.0).round() / 100.0;
    }
    let media_share =
        truth_channels.iter().map(|c| c.contribution).sum::<f64>() / kpi.iter().sum::<f64>();

    let dataset = Dataset {
        dates,
        frequency: s.frequency,
        kpi: Series {
            name: "revenue".into(),
            values: kpi,
        },
        kpi_type: KpiType::Revenue,
        channels,
        organic,
        controls,
        day_first: None,
        week_ending: false,
    };
    dataset.check()?;
    Ok(Simulation {
        dataset,
        truth: Truth {
            settings: s.clone(),
            channels: truth_channels,
            organic_contribution,
            control_effects,
            mean_kpi,
            noise_sd,
            media_share,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{RoleRequest, load_csv};
    use crate::precision::assert_close;

    #[test]
    fn same_seed_same_data_other_seed_other_data() {
        let a = simulate(&SimulationSettings::default()).unwrap();
        let b = simulate(&SimulationSettings::default()).unwrap();
        let c = simulate(&SimulationSettings {
            seed: 2,
            ..Default::default()
        })
        .unwrap();
        assert_eq!(a.dataset, b.dataset);
        assert_ne!(a.dataset.kpi.values, c.dataset.kpi.values);
    }

    #[test]
    fn truth_roi_is_contribution_over_spend_and_matches_the_archetype() {
        let s = simulate(&SimulationSettings::default()).unwrap();
        for (tc, a) in s.truth.channels.iter().zip(&ARCHETYPES) {
            assert_close(tc.roi, tc.contribution / tc.spend, 1e-12);
            assert_close(tc.roi, a.roi, 1e-9);
            assert_close(tc.mean_spend, a.weekly, 1e-3);
        }
    }

    #[test]
    fn truth_cpa_is_spend_over_contribution() {
        let s = simulate(&SimulationSettings::default()).unwrap();
        for tc in &s.truth.channels {
            assert_close(tc.cpa.unwrap(), tc.spend / tc.contribution, 1e-12);
            assert_close(tc.cpa.unwrap() * tc.roi, 1.0, 1e-12);
        }
    }

    #[test]
    fn contributions_are_well_separated_for_ranking() {
        let s = simulate(&SimulationSettings::default()).unwrap();
        let c: Vec<f64> = s.truth.channels.iter().map(|c| c.contribution).collect();
        for w in c.windows(2) {
            assert!(w[0] > 1.2 * w[1], "{c:?}");
        }
    }

    #[test]
    fn the_csv_loads_back_with_inferred_roles() {
        let s = simulate(&SimulationSettings::default()).unwrap();
        let loaded = load_csv(&s.dataset.to_csv(), &RoleRequest::default()).unwrap();
        assert_eq!(
            loaded.dataset.channel_names(),
            vec!["tv", "search", "social", "radio", "display"]
        );
        assert_eq!(loaded.roles.organic, vec!["newsletter_sends"]);
        let controls: Vec<&str> = loaded
            .dataset
            .controls
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(controls, vec!["price_index", "promo"]);
        assert_eq!(loaded.dataset.len(), 156);
    }

    #[test]
    fn spends_are_correlated_but_not_collinear() {
        let s = simulate(&SimulationSettings::default()).unwrap();
        let x = &s.dataset.channels;
        let corr = |a: &[f64], b: &[f64]| {
            let n = a.len() as f64;
            let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
            let cov: f64 = a.iter().zip(b).map(|(p, q)| (p - ma) * (q - mb)).sum();
            let va: f64 = a.iter().map(|p| (p - ma).powi(2)).sum();
            let vb: f64 = b.iter().map(|q| (q - mb).powi(2)).sum();
            cov / (va * vb).sqrt()
        };
        let c = corr(&x[1].spend, &x[2].spend);
        assert!(c > 0.1 && c < 0.9, "search/social correlation {c}");
    }

    #[test]
    fn daily_and_monthly_simulations_validate() {
        for f in [Frequency::Daily, Frequency::Monthly] {
            let s = simulate(&SimulationSettings {
                frequency: f,
                periods: 400.min(if f == Frequency::Monthly { 48 } else { 400 }),
                ..Default::default()
            })
            .unwrap();
            s.dataset.check().unwrap();
        }
    }

    /// Data that `fit` would refuse for too few periods are refused here, with the periods
    /// needed. The default 5 channels, newsletter, price and promo: intercept, trend, 2
    /// controls and 6 coefficients, 3 curve parameters per channel and newsletter (18): 28
    /// parameters under a year, 33 periods needed; weekly from a year (52.18 weeks) on, 3
    /// seasonality pairs more: 34 + 5 = 39, which 39 weeks still is under a year. Monthly data
    /// from a year on: 2 pairs, 32 + 5 = 37. Daily: 6 weekday terms, 34 + 5 = 39.
    #[test]
    fn too_few_periods_for_the_default_fit_are_refused_with_the_number_needed() {
        use Frequency::{Daily, Monthly, Weekly};
        let at = |frequency, periods| SimulationSettings {
            frequency,
            periods,
            ..Default::default()
        };
        assert_eq!(minimum_periods(&at(Weekly, 30)).unwrap(), 33);
        assert_eq!(minimum_periods(&at(Monthly, 30)).unwrap(), 37);
        assert_eq!(minimum_periods(&at(Daily, 30)).unwrap(), 39);
        assert_eq!(
            simulate(&at(Weekly, 32)).unwrap_err(),
            Error::setting(
                "periods",
                32,
                "the default model of these data has 28 coefficients and curve parameters to estimate and needs at least 33 periods; use 33 or more (or fewer channels)"
            )
        );
        assert!(simulate(&at(Weekly, 33)).is_ok());
        assert!(simulate(&at(Monthly, 36)).is_err());
        assert!(simulate(&at(Monthly, 37)).is_ok());
        // 10 channels: 48 parameters under a year (53 periods), 54 from a year on (59).
        let ten = SimulationSettings {
            channels: 10,
            periods: 53,
            ..Default::default()
        };
        assert_eq!(minimum_periods(&ten).unwrap(), 59);
        assert!(simulate(&ten).is_err());
    }

    #[test]
    fn settings_out_of_range_are_refused() {
        assert_eq!(
            simulate(&SimulationSettings {
                channels: MAX_CHANNELS + 1,
                ..Default::default()
            })
            .unwrap_err()
            .kind(),
            "invalid_setting"
        );
        assert_eq!(
            simulate(&SimulationSettings {
                periods: 10,
                ..Default::default()
            })
            .unwrap_err()
            .kind(),
            "invalid_setting"
        );
    }
}
