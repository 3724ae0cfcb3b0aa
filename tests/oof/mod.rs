//! An out-of-family yardstick: data made by a generator that shares no code and no
//! parameterisation with `src/simulate.rs`, its truth, and an *oracle* that is told the true
//! curves.
//!
//! Used by `tests/out_of_family.rs` (`mod oof;`) and `benches/oof_table.rs`
//! (`#[path = "../tests/oof/mod.rs"] mod oof;`). Not every item is used by both.
//!
//! # The generator's maths
//!
//! Time is measured in days so one description yields weekly, monthly and daily data alike; a
//! period lasts `d` days (7, 30.44 or 1) and `t = 0..n` counts periods.
//!
//! **Spend.** Each channel has a mean spend per week `m` (per period: `m·d/7`) and a pattern:
//! *flighted* (a two-state Markov chain of bursts and gaps with a given share of periods on and a
//! mean burst length in days), *mixed* (each period dark with a given probability) or *always on*
//! (a smooth AR(1) wobble around the mean, never below a floor share of it). Some channels are
//! tilted towards the season: spend × (1 + tilt · sin(2πt/P)), `P` periods per year. Every
//! series is then rescaled to its exact mean spend.
//!
//! **Seeds.** Each component (the controls, each channel by its name, the noise) draws from its
//! own stream of the seed, and the case's name does not enter: two cases with the same seed and
//! length share the spends, controls and noise draws they do not change, so the cases are paired
//! comparisons.
//!
//! **Carryover** is a continuous-time lag distribution with density `f` on days since the spend:
//! exponential with a half-life (`f(τ) = λe^{−λτ}`, `λ = ln 2 / h`) or Weibull with a shape `k > 1`
//! and a scale (a lagged peak at `scale·((k−1)/k)^{1/k}` days). Spend of period `t` lands at the
//! start of the period; the weight of lag `l` is the mass of the distribution inside that lag's
//! period, `w_l = F((l+1)d) − F(ld)`, truncated where the mass left is below 10⁻⁴ and normalized
//! (Σw = 1). The adstocked spend is `a_t = Σ_l w_l · spend_{t−l}` (starting from nothing before
//! the first period). For an exponential lag this is a normalized geometric adstock with
//! `θ = 2^{−d/h}`; for a Weibull lag with `k > 1` the first weight is the smallest.
//!
//! **Saturation** acts on `a_t` in money per period, with a half-scale `K = κ · mean spend per
//! period`: exponential `1 − e^{−a/K}`, Michaelis–Menten `a/(K + a)`, or `tanh(a/K)`. The
//! exponential and tanh curves are not Hill curves; Michaelis–Menten is a Hill curve with slope 1,
//! but MixLens searches its half-saturation point only up to the largest adstocked value, so with
//! a large `κ` it too lies outside the searched family. The media feature is
//! `x_{c,t} = s_c(a_{c,t})`, and the channel's effect is `β_c · x_{c,t}` (additive data) or
//! `base_t · β_c · x_{c,t}` (multiplicative data); `β_c` is solved so the channel's true ROI equals
//! the ROI asked for (0 for a channel with no effect).
//!
//! **Baseline** (KPI without paid media), with `b` the base level:
//! `base_t = b · (1 + g·t/n + Σ_{j=1,2} (a_j sin(2πjt/P) + c_j cos(2πjt/P)) +
//! ρ·(price_t − 1) + η·event_t + dow(t))`, where `price_t` is a slow AR(1) price index around 1
//! with occasional promotional dips, `event_t` a 0/1 event indicator and `dow` a day-of-week
//! pattern (daily data only; it sums to 0 over a week).
//!
//! **Revenue.** Additive: `y_t = base_t + Σ_c β_c x_{c,t} + ε_t`. Multiplicative:
//! `y_t = base_t · (1 + Σ_c β_c x_{c,t}) + ε_t`. The noise is AR(1), `ε_t = φ ε_{t−1} + ν_t`, with
//! stationary standard deviation σ = noise share × mean noiseless revenue.
//!
//! **Truth.** A channel's true contribution is the counterfactual `Σ_t [ŷ_t(all) − ŷ_t(channel
//! zeroed)]` on the noiseless revenue `ŷ`, over the periods in the file; its true ROI is that over
//! its total spend. Both revenue forms are linear in the media terms, so contributions add up to
//! the total media effect. The true steady-state response per period at a constant spend `x` is
//! `β_c · s_c(x)` (Σw = 1, so the adstocked level of a constant spend is that spend), times the
//! mean baseline of the planning window for multiplicative data.
//!
//! # The oracle
//!
//! Least squares of revenue on the *true* media features `x_{c,t}` (coefficients unknown) and the
//! baseline columns a careful analyst would use: intercept, linear trend, yearly Fourier terms of
//! order 3, the controls, and weekday dummies for daily data. Media coefficients are kept
//! non-negative by dropping any negative one and refitting. Its ROI is `β̂_c Σ_t x_{c,t} /
//! spend_c`. For additive data the baseline lies in the oracle's span, so without noise it
//! recovers the truth exactly; for multiplicative data the oracle is still additive (a constant
//! coefficient cannot follow base_t), so it carries a small misspecification of its own.

#![allow(dead_code)]

use std::f64::consts::PI;

use chrono::{Datelike, Months, NaiveDate};
use nalgebra::{DMatrix, DVector};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha20Rng;

/// How far apart periods are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    Daily,
    Weekly,
    Monthly,
}

impl Cadence {
    /// Days per period.
    pub fn days(self) -> f64 {
        match self {
            Cadence::Daily => 1.0,
            Cadence::Weekly => 7.0,
            Cadence::Monthly => 365.25 / 12.0,
        }
    }

    /// Periods per year.
    pub fn per_year(self) -> f64 {
        365.25 / self.days()
    }

    fn date(self, t: usize) -> NaiveDate {
        // 2022-01-03 is a Monday; monthly data is dated on the first of the month.
        let start = NaiveDate::from_ymd_opt(2022, 1, 3).unwrap_or_default();
        match self {
            Cadence::Daily => start + chrono::Days::new(t as u64),
            Cadence::Weekly => start + chrono::Days::new(7 * t as u64),
            Cadence::Monthly => NaiveDate::from_ymd_opt(2021, 1, 1)
                .unwrap_or_default()
                .checked_add_months(Months::new(t as u32))
                .unwrap_or_default(),
        }
    }
}

/// When a channel spends.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pattern {
    /// Bursts and gaps: a share of periods on, bursts lasting `burst_days` on average.
    Flighted { on_share: f64, burst_days: f64 },
    /// Each period dark with probability `dark_share`, otherwise a random level.
    Mixed { dark_share: f64 },
    /// Never paused: a smooth wobble around the mean, never below `floor` × the mean.
    AlwaysOn { floor: f64 },
}

/// The lag distribution of a channel's effect, in days.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Lag {
    /// Exponential decay with this half-life.
    Exponential { half_life: f64 },
    /// Weibull with shape `k > 1` (a delayed peak) and a scale in days.
    Weibull { shape: f64, scale: f64 },
}

impl Lag {
    fn cdf(self, days: f64) -> f64 {
        match self {
            Lag::Exponential { half_life } => 1.0 - (-(2f64.ln()) * days / half_life).exp(),
            Lag::Weibull { shape, scale } => 1.0 - (-(days / scale).powf(shape)).exp(),
        }
    }

    /// Normalized weights per period of `d` days (Σw = 1).
    pub fn weights(self, d: f64) -> Vec<f64> {
        let mut w = Vec::new();
        let mut l = 0.0;
        while self.cdf(l * d) < 1.0 - 1e-4 && w.len() < 400 {
            w.push(self.cdf((l + 1.0) * d) - self.cdf(l * d));
            l += 1.0;
        }
        let total: f64 = w.iter().sum();
        w.iter().map(|v| v / total).collect()
    }
}

/// A saturation curve with its half-scale `k` in money per period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Curve {
    Exponential {
        k: f64,
    },
    MichaelisMenten {
        k: f64,
    },
    Tanh {
        k: f64,
    },
    /// S-shaped, and not a Hill curve: `1 − exp(−(a/k)^s)` (a Weibull distribution function),
    /// its inflexion at `k ((s − 1)/s)^(1/s)`.
    WeibullS {
        k: f64,
        s: f64,
    },
}

impl Curve {
    pub fn value(self, a: f64) -> f64 {
        let a = a.max(0.0);
        match self {
            Curve::Exponential { k } => 1.0 - (-a / k).exp(),
            Curve::MichaelisMenten { k } => a / (k + a),
            Curve::Tanh { k } => (a / k).tanh(),
            Curve::WeibullS { k, s } => 1.0 - (-(a / k).powf(s)).exp(),
        }
    }

    fn with_k(self, k: f64) -> Curve {
        match self {
            Curve::Exponential { .. } => Curve::Exponential { k },
            Curve::MichaelisMenten { .. } => Curve::MichaelisMenten { k },
            Curve::Tanh { .. } => Curve::Tanh { k },
            Curve::WeibullS { s, .. } => Curve::WeibullS { k, s },
        }
    }
}

/// One paid channel of a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct ChannelSetup {
    pub name: &'static str,
    /// Mean spend per week.
    pub weekly_spend: f64,
    pub pattern: Pattern,
    /// Spend × (1 + tilt · sin(2πt/P)).
    pub season_tilt: f64,
    pub lag: Lag,
    /// The curve's family; its `k` is a multiple of the mean spend per period (κ).
    pub curve: Curve,
    /// The true ROI over the file.
    pub roi: f64,
}

/// A named case.
#[derive(Debug, Clone, PartialEq)]
pub struct Scenario {
    pub name: &'static str,
    pub cadence: Cadence,
    pub periods: usize,
    pub channels: Vec<ChannelSetup>,
    /// Noise sd as a share of mean noiseless revenue.
    pub noise: f64,
    /// AR(1) coefficient of the noise.
    pub phi: f64,
    pub multiplicative: bool,
}

/// The names of the cases, in table order.
pub const CASES: &[&str] = &[
    "standard_weekly_156",
    "always_on",
    "zero_effect",
    "lagged_tv",
    "michaelis_menten",
    "ar1_noise",
    "multiplicative",
    "short_78w",
    "monthly_48",
    "daily_2y",
];

fn standard_channels() -> Vec<ChannelSetup> {
    vec![
        ChannelSetup {
            name: "tv",
            weekly_spend: 40_000.0,
            pattern: Pattern::Flighted {
                on_share: 0.45,
                burst_days: 28.0,
            },
            season_tilt: 0.3,
            lag: Lag::Exponential { half_life: 10.0 },
            curve: Curve::Exponential { k: 1.5 },
            roi: 1.4,
        },
        ChannelSetup {
            name: "social",
            weekly_spend: 25_000.0,
            pattern: Pattern::Mixed { dark_share: 0.25 },
            season_tilt: 0.0,
            lag: Lag::Exponential { half_life: 5.0 },
            curve: Curve::MichaelisMenten { k: 1.5 },
            roi: 2.0,
        },
        ChannelSetup {
            name: "search",
            weekly_spend: 30_000.0,
            pattern: Pattern::Mixed { dark_share: 0.12 },
            season_tilt: 0.2,
            lag: Lag::Exponential { half_life: 2.0 },
            curve: Curve::Tanh { k: 2.5 },
            roi: 3.5,
        },
        ChannelSetup {
            name: "display",
            weekly_spend: 10_000.0,
            pattern: Pattern::Flighted {
                on_share: 0.5,
                burst_days: 21.0,
            },
            season_tilt: 0.0,
            lag: Lag::Exponential { half_life: 4.0 },
            curve: Curve::Exponential { k: 0.8 },
            roi: 0.7,
        },
    ]
}

impl Scenario {
    /// The case of this name.
    ///
    /// # Panics
    /// For a name not in [`CASES`].
    pub fn named(name: &str) -> Scenario {
        let mut s = Scenario {
            name: "standard_weekly_156",
            cadence: Cadence::Weekly,
            periods: 156,
            channels: standard_channels(),
            noise: 0.04,
            phi: 0.0,
            multiplicative: false,
        };
        let ch = |s: &mut Scenario, n: &str| -> usize {
            s.channels.iter().position(|c| c.name == n).unwrap()
        };
        match name {
            "standard_weekly_156" => {}
            "always_on" => {
                s.name = "always_on";
                let i = ch(&mut s, "social");
                s.channels[i].pattern = Pattern::AlwaysOn { floor: 0.4 };
                let i = ch(&mut s, "search");
                s.channels[i].pattern = Pattern::AlwaysOn { floor: 0.5 };
            }
            "zero_effect" => {
                s.name = "zero_effect";
                s.channels.push(ChannelSetup {
                    name: "radio",
                    weekly_spend: 15_000.0,
                    pattern: Pattern::Flighted {
                        on_share: 0.4,
                        burst_days: 28.0,
                    },
                    season_tilt: 0.2,
                    lag: Lag::Exponential { half_life: 7.0 },
                    curve: Curve::Exponential { k: 1.0 },
                    roi: 0.0,
                });
            }
            "lagged_tv" => {
                s.name = "lagged_tv";
                let i = ch(&mut s, "tv");
                // Peak at 25·(1.5/2.5)^(1/2.5) ≈ 20 days: the third week.
                s.channels[i].lag = Lag::Weibull {
                    shape: 2.5,
                    scale: 25.0,
                };
            }
            "michaelis_menten" => {
                s.name = "michaelis_menten";
                for (c, k) in s.channels.iter_mut().zip([5.0, 1.0, 4.0, 0.6]) {
                    c.curve = Curve::MichaelisMenten { k };
                }
            }
            "ar1_noise" => {
                s.name = "ar1_noise";
                s.phi = 0.6;
            }
            "multiplicative" => {
                s.name = "multiplicative";
                s.multiplicative = true;
            }
            "short_78w" => {
                s.name = "short_78w";
                s.periods = 78;
            }
            "monthly_48" => {
                s.name = "monthly_48";
                s.cadence = Cadence::Monthly;
                s.periods = 48;
            }
            "daily_2y" => {
                s.name = "daily_2y";
                s.cadence = Cadence::Daily;
                s.periods = 730;
            }
            // Not in CASES (the tables' ten): S-shaped curves, which the ten lack, for
            // judging a prior on the curves' shape (`cargo bench --bench oof_bayes -- 10
            // s_shaped`).
            "s_shaped" => {
                s.name = "s_shaped";
                let i = ch(&mut s, "tv");
                s.channels[i].curve = Curve::WeibullS { k: 1.5, s: 2.5 };
                let i = ch(&mut s, "social");
                s.channels[i].curve = Curve::WeibullS { k: 1.2, s: 2.0 };
            }
            other => panic!("unknown case {other}"),
        }
        s
    }
}

/// A bench's command line, `[SEEDS] [CASE...]`: the seeds (default 3) and the cases (default
/// every case). `cargo bench` passes `--bench` to harness-less benches; flags are skipped.
pub fn bench_args() -> (u64, Vec<String>) {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let seeds = args.first().and_then(|s| s.parse().ok()).unwrap_or(3);
    let cases = if args.len() > 1 {
        args[1..].to_vec()
    } else {
        CASES.iter().map(|c| c.to_string()).collect()
    };
    (seeds, cases)
}

/// The truth about one paid channel.
#[derive(Debug, Clone, PartialEq)]
pub struct TrueChannel {
    pub name: String,
    pub spend_column: String,
    /// Total spend over the file.
    pub spend: f64,
    /// Counterfactual contribution over the file.
    pub contribution: f64,
    /// contribution / spend.
    pub roi: f64,
    /// β: the effect is β·s(a) (additive) or base·β·s(a) (multiplicative).
    pub coefficient: f64,
    /// The saturation with its `k` in money per period.
    pub curve: Curve,
    /// Multiplier of β·s(x) in the steady-state response (1, or the window's mean baseline).
    pub level: f64,
    /// Spend per period.
    pub spends: Vec<f64>,
    /// The true media feature s(a_t).
    pub feature: Vec<f64>,
    /// The lag's weights per period (Σ = 1): the adstock is `Σ_l w_l · spend_{t−l}`.
    pub lag_weights: Vec<f64>,
}

impl TrueChannel {
    /// True steady-state KPI per period from spending `x` every period.
    pub fn response(&self, x: f64) -> f64 {
        self.level * self.coefficient * self.curve.value(x)
    }
}

/// A generated data set and its truth.
#[derive(Debug, Clone)]
pub struct Generated {
    pub scenario: Scenario,
    pub seed: u64,
    /// The file a user would upload.
    pub csv: String,
    pub revenue: Vec<f64>,
    /// Revenue without noise.
    pub noiseless: Vec<f64>,
    /// The baseline (revenue without paid media, without noise).
    pub base: Vec<f64>,
    pub channels: Vec<TrueChannel>,
    /// Control columns by name.
    pub controls: Vec<(String, Vec<f64>)>,
    /// Day of the week (0 = Monday) of each period, daily data only.
    pub weekday: Option<Vec<usize>>,
    /// Periods the planner averages current spend over.
    pub window: usize,
}

/// The random stream of one component of the data (the controls, a channel by its name, the
/// noise). The case's name does not enter: two cases with the same seed share every random draw
/// of what they do not change, so the table's cases are paired comparisons. Built with its own
/// generator (ChaCha20, FNV-1a of the name as the stream), unrelated to the simulator's seeding.
fn stream(seed: u64, component: &str) -> ChaCha20Rng {
    let id = component.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    rng.set_stream(id);
    rng
}

fn normal(rng: &mut ChaCha20Rng) -> f64 {
    // Box–Muller.
    let u: f64 = rng.random::<f64>().max(1e-300);
    let v: f64 = rng.random();
    (-2.0 * u.ln()).sqrt() * (2.0 * PI * v).cos()
}

fn spend_series(c: &ChannelSetup, cad: Cadence, n: usize, rng: &mut ChaCha20Rng) -> Vec<f64> {
    let d = cad.days();
    let p = cad.per_year();
    let mut x: Vec<f64> = match c.pattern {
        Pattern::Flighted {
            on_share,
            burst_days,
        } => {
            let off = (d / burst_days).clamp(0.05, 0.9);
            let on = (off * on_share / (1.0 - on_share)).clamp(0.05, 0.9);
            let mut state = rng.random::<f64>() < on_share;
            (0..n)
                .map(|_| {
                    let level = if state {
                        (0.3 * normal(rng)).exp()
                    } else {
                        0.0
                    };
                    let flip = if state { off } else { on };
                    if rng.random::<f64>() < flip {
                        state = !state;
                    }
                    level
                })
                .collect()
        }
        Pattern::Mixed { dark_share } => (0..n)
            .map(|_| {
                if rng.random::<f64>() < dark_share {
                    0.0
                } else {
                    (0.35 * normal(rng)).exp()
                }
            })
            .collect(),
        Pattern::AlwaysOn { floor } => {
            let mut z = normal(rng);
            (0..n)
                .map(|_| {
                    z = 0.8 * z + 0.6 * normal(rng);
                    (1.0 + 0.3 * z).max(floor)
                })
                .collect()
        }
    };
    for (t, v) in x.iter_mut().enumerate() {
        *v *= 1.0 + c.season_tilt * (2.0 * PI * t as f64 / p).sin();
    }
    let target = c.weekly_spend * d / 7.0;
    let floor = match c.pattern {
        Pattern::AlwaysOn { floor } => floor,
        _ => 0.0,
    };
    // Rescale to the exact mean; for an always-on channel, alternate with raising the low
    // periods to the floor until both hold (each round moves the mean less).
    for _ in 0..100 {
        let mean = x.iter().sum::<f64>() / n as f64;
        let scale = if mean > 0.0 { target / mean } else { 0.0 };
        x.iter_mut()
            .for_each(|v| *v = (*v * scale).max(floor * target));
    }
    let mean = x.iter().sum::<f64>() / n as f64;
    x.iter().map(|v| v * target / mean).collect()
}

/// Normalized-weight convolution starting from nothing before period 0.
pub fn adstock(spend: &[f64], w: &[f64]) -> Vec<f64> {
    (0..spend.len())
        .map(|t| {
            w.iter()
                .enumerate()
                .take(t + 1)
                .map(|(l, wl)| wl * spend[t - l])
                .sum()
        })
        .collect()
}

fn mean(v: &[f64]) -> f64 {
    v.iter().sum::<f64>() / v.len().max(1) as f64
}

/// Generate a case's data set. The same scenario and seed always give the same file.
pub fn generate(scenario: &Scenario, seed: u64) -> Generated {
    let n = scenario.periods;
    let cad = scenario.cadence;
    let (d, p) = (cad.days(), cad.per_year());
    // Controls.
    let mut rng = stream(seed, "controls");
    let mut price = Vec::with_capacity(n);
    let mut level = 0.0;
    let keep = 0.9f64.powf(d / 7.0);
    for _ in 0..n {
        level = keep * level + 0.02 * (1.0 - keep * keep).sqrt() * normal(&mut rng);
        let promo = if rng.random::<f64>() < 0.06 {
            -0.06
        } else {
            0.0
        };
        price.push(1.0 + level + promo);
    }
    // About four events a year, lasting about four days.
    let event_start = (4.0 / p).min(0.5);
    let event_len = (4.0 / d).round().max(1.0) as usize;
    let mut event = vec![0.0; n];
    let mut t = 0;
    while t < n {
        if rng.random::<f64>() < event_start {
            for e in event.iter_mut().skip(t).take(event_len) {
                *e = 1.0;
            }
            t += event_len + 1;
        } else {
            t += 1;
        }
    }
    let weekday: Option<Vec<usize>> = (cad == Cadence::Daily).then(|| {
        (0..n)
            .map(|t| cad.date(t).weekday().num_days_from_monday() as usize)
            .collect()
    });
    // Day-of-week pattern, Monday first; sums to 0.
    const DOW: [f64; 7] = [-0.04, -0.02, 0.0, 0.01, 0.05, 0.06, -0.06];

    // Baseline.
    let b = 500_000.0 * d / 7.0;
    let (g, a1, c1, a2, c2) = (0.12, 0.10, -0.04, 0.03, 0.02);
    let (rho, eta) = (-1.5, 0.08);
    let base: Vec<f64> = (0..n)
        .map(|t| {
            let s = 2.0 * PI * t as f64 / p;
            let dow = weekday.as_ref().map_or(0.0, |w| DOW[w[t]]);
            b * (1.0
                + g * t as f64 / n as f64
                + a1 * s.sin()
                + c1 * s.cos()
                + a2 * (2.0 * s).sin()
                + c2 * (2.0 * s).cos()
                + rho * (price[t] - 1.0)
                + eta * event[t]
                + dow)
        })
        .collect();

    // Channels: spend, adstock, saturation, then β for the asked ROI.
    // A year of periods, as the planner's default window.
    let window = (p.round() as usize).min(n);
    let window_base = mean(&base[n - window..]);
    let mut channels = Vec::new();
    for c in &scenario.channels {
        let spends = spend_series(c, cad, n, &mut stream(seed, c.name));
        let per_period = c.weekly_spend * d / 7.0;
        let k = match c.curve {
            Curve::Exponential { k }
            | Curve::MichaelisMenten { k }
            | Curve::Tanh { k }
            | Curve::WeibullS { k, .. } => k,
        };
        let curve = c.curve.with_k(k * per_period);
        let lag_weights = c.lag.weights(d);
        let a = adstock(&spends, &lag_weights);
        let feature: Vec<f64> = a.iter().map(|&v| curve.value(v)).collect();
        let spend: f64 = spends.iter().sum();
        let effect_per_beta: f64 = if scenario.multiplicative {
            feature.iter().zip(&base).map(|(x, b)| x * b).sum()
        } else {
            feature.iter().sum()
        };
        let coefficient = c.roi * spend / effect_per_beta;
        channels.push(TrueChannel {
            name: c.name.to_string(),
            spend_column: format!("{}_spend", c.name),
            spend,
            contribution: 0.0,
            roi: 0.0,
            coefficient,
            curve,
            level: if scenario.multiplicative {
                window_base
            } else {
                1.0
            },
            spends,
            feature,
            lag_weights,
        });
    }

    // Noiseless revenue with a set of channels switched on.
    let revenue_with = |on: &dyn Fn(usize) -> bool| -> Vec<f64> {
        (0..n)
            .map(|t| {
                let media: f64 = channels
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| on(*i))
                    .map(|(_, c)| c.coefficient * c.feature[t])
                    .sum();
                if scenario.multiplicative {
                    base[t] * (1.0 + media)
                } else {
                    base[t] + media
                }
            })
            .collect()
    };
    let noiseless = revenue_with(&|_| true);
    let contributions: Vec<f64> = (0..channels.len())
        .map(|i| {
            let without = revenue_with(&|j| j != i);
            noiseless.iter().zip(&without).map(|(a, b)| a - b).sum()
        })
        .collect();
    for (c, contribution) in channels.iter_mut().zip(contributions) {
        c.contribution = contribution;
        c.roi = contribution / c.spend;
    }

    // AR(1) noise with stationary sd σ.
    let sigma = scenario.noise * mean(&noiseless);
    let phi = scenario.phi;
    let mut rng = stream(seed, "noise");
    let mut e = sigma * normal(&mut rng);
    let revenue: Vec<f64> = noiseless
        .iter()
        .map(|y| {
            let out = y + e;
            e = phi * e + sigma * (1.0 - phi * phi).sqrt() * normal(&mut rng);
            out
        })
        .collect();

    let controls = vec![
        ("price_index".to_string(), price),
        ("event".to_string(), event),
    ];
    let mut csv = String::from("date,revenue");
    for c in &channels {
        csv.push(',');
        csv.push_str(&c.spend_column);
    }
    for (name, _) in &controls {
        csv.push(',');
        csv.push_str(name);
    }
    csv.push('\n');
    for t in 0..n {
        csv.push_str(&format!(
            "{},{:.2}",
            cad.date(t).format("%Y-%m-%d"),
            revenue[t]
        ));
        for c in &channels {
            csv.push_str(&format!(",{:.2}", c.spends[t]));
        }
        let (price, event) = (&controls[0].1, &controls[1].1);
        csv.push_str(&format!(",{:.4},{:.0}\n", price[t], event[t]));
    }
    Generated {
        scenario: scenario.clone(),
        seed,
        csv,
        revenue,
        noiseless,
        base,
        channels,
        controls,
        weekday,
        window,
    }
}

impl Generated {
    /// Current spend per period of each channel: the mean over the planning window.
    pub fn current_spend(&self) -> Vec<f64> {
        let n = self.revenue.len();
        self.channels
            .iter()
            .map(|c| mean(&c.spends[n - self.window..]))
            .collect()
    }

    /// Total true steady-state response per period of an allocation.
    pub fn true_response(&self, x: &[f64]) -> f64 {
        self.channels
            .iter()
            .zip(x)
            .map(|(c, &v)| c.response(v))
            .sum()
    }

    /// The true lift of switching channel `i`'s spend off in rows `first..=last`: the KPI it
    /// added over the window and after it (noiseless), as a lift test defines it. Its carryover
    /// past the data's last period counts too, the world going on after the data with the
    /// channel at its mean spend of the last 52 periods and the baseline at its mean there (as
    /// the model's implied lift: [`mixlens::model::lift::AFTER_DATA_WINDOW`]).
    pub fn true_lift(&self, i: usize, first: usize, last: usize) -> f64 {
        let c = &self.channels[i];
        let n = self.revenue.len();
        let recent = n - mixlens::model::lift::AFTER_DATA_WINDOW.min(n);
        let tail = c.lag_weights.len().saturating_sub(1);
        let mut on = c.spends.clone();
        on.resize(n + tail, mean(&c.spends[recent..]));
        let mut off = on.clone();
        off[first..=last].iter_mut().for_each(|v| *v = 0.0);
        let (a_on, a_off) = (adstock(&on, &c.lag_weights), adstock(&off, &c.lag_weights));
        let base_after = mean(&self.base[recent..]);
        (first..n + tail)
            .map(|t| {
                let level = if self.scenario.multiplicative {
                    self.base.get(t).copied().unwrap_or(base_after)
                } else {
                    1.0
                };
                level * c.coefficient * (c.curve.value(a_on[t]) - c.curve.value(a_off[t]))
            })
            .sum()
    }

    /// Periods of a four-week test at this cadence (one month for monthly data).
    pub fn test_periods(&self) -> usize {
        (28.0 / self.scenario.cadence.days()).round().max(1.0) as usize
    }

    /// The rows of channel `i`'s pause test: of the windows of [`Generated::test_periods`] in
    /// the second half of the data with spend in them, the one of median spend (a typical
    /// stretch of the channel's activity, as a marketer would pick to test).
    pub fn pause_window(&self, i: usize) -> (usize, usize) {
        let n = self.revenue.len();
        let p = self.test_periods();
        let c = &self.channels[i];
        let spend = |f: usize| c.spends[f..f + p].iter().sum::<f64>();
        let mut windows: Vec<usize> = (n / 2..=n - p).filter(|&f| spend(f) > 0.0).collect();
        windows.sort_by(|&a, &b| spend(a).total_cmp(&spend(b)).then(a.cmp(&b)));
        let first = windows.get(windows.len() / 2).copied().unwrap_or(n - p);
        (first, first + p - 1)
    }

    /// A pause test of channel `i` in its [`Generated::pause_window`]:
    /// its true lift plus noise with a standard error of
    /// `se_share` of the true lift (of the window's spend, if larger: a zero-effect channel's
    /// test is not exact) (`salt` picks the noise draw). Each case, seed and channel draws its
    /// own noise: with the case left out of the stream, one seed's draw was shared by the ten
    /// cases (seed 2's search test was 2.9 standard errors low in every case).
    pub fn pause_test(&self, i: usize, se_share: f64, salt: &str) -> mixlens::data::LiftTest {
        let (first, last) = self.pause_window(i);
        let c = &self.channels[i];
        let truth = self.true_lift(i, first, last);
        // A channel without effect still gets a test of ordinary precision: `se_share` of the
        // lift it would have at an ROI of 1.
        let window_spend: f64 = c.spends[first..=last].iter().sum();
        self.pause_test_with_se(i, se_share * truth.abs().max(window_spend), salt)
    }

    /// A pause test of channel `i` as [`Generated::pause_test`], with a standard error in KPI
    /// units (the one `mixlens design` assumed, say).
    pub fn pause_test_with_se(&self, i: usize, se: f64, salt: &str) -> mixlens::data::LiftTest {
        let (first, last) = self.pause_window(i);
        let c = &self.channels[i];
        let truth = self.true_lift(i, first, last);
        let mut rng = stream(
            self.seed,
            &format!("lift test {} {} {salt}", self.scenario.name, c.name),
        );
        let date = |t: usize| self.scenario.cadence.date(t).format("%Y-%m-%d").to_string();
        mixlens::data::LiftTest {
            channel: c.name.clone(),
            start: date(first),
            end: date(last),
            lift: truth + se * normal(&mut rng),
            standard_error: se,
            scope: mixlens::data::LiftScope::Total,
            row: 0,
            derived_standard_error: false,
            metric: None,
            reported_spend: None,
        }
    }

    /// Total true contribution of the paid channels.
    pub fn true_media_contribution(&self) -> f64 {
        self.channels.iter().map(|c| c.contribution).sum()
    }

    /// The oracle's ROI per channel (see the module docs).
    pub fn oracle_roi(&self) -> Vec<f64> {
        self.oracle_roi_on(&self.revenue)
    }

    /// The oracle fitted to another revenue series (e.g. the noiseless one).
    pub fn oracle_roi_on(&self, y: &[f64]) -> Vec<f64> {
        let n = y.len();
        let p = self.scenario.cadence.per_year();
        let mut base_cols: Vec<Vec<f64>> =
            vec![vec![1.0; n], (0..n).map(|t| t as f64 / n as f64).collect()];
        let order = if n as f64 >= p { 3 } else { 1 };
        let order = order.min((p / 2.0).floor() as usize);
        for j in 1..=order {
            let f = |t: usize| 2.0 * PI * j as f64 * t as f64 / p;
            base_cols.push((0..n).map(|t| f(t).sin()).collect());
            base_cols.push((0..n).map(|t| f(t).cos()).collect());
        }
        for (_, v) in &self.controls {
            base_cols.push(v.clone());
        }
        if let Some(w) = &self.weekday {
            for day in 1..7 {
                base_cols.push(w.iter().map(|&x| f64::from(u8::from(x == day))).collect());
            }
        }
        let mut active: Vec<bool> = vec![true; self.channels.len()];
        loop {
            let media: Vec<usize> = (0..self.channels.len()).filter(|&i| active[i]).collect();
            let cols: Vec<&Vec<f64>> = base_cols
                .iter()
                .chain(media.iter().map(|&i| &self.channels[i].feature))
                .collect();
            let beta = least_squares(&cols, y);
            let mb = &beta[base_cols.len()..];
            if let Some(j) = (0..mb.len())
                .filter(|&j| mb[j] < 0.0)
                .min_by(|&a, &b| mb[a].total_cmp(&mb[b]))
            {
                active[media[j]] = false;
                continue;
            }
            let mut roi = vec![0.0; self.channels.len()];
            for (j, &i) in media.iter().enumerate() {
                let c = &self.channels[i];
                roi[i] = mb[j] * c.feature.iter().sum::<f64>() / c.spend;
            }
            return roi;
        }
    }
}

/// Ordinary least squares through the SVD, columns scaled to unit norm first.
fn least_squares(cols: &[&Vec<f64>], y: &[f64]) -> Vec<f64> {
    let n = y.len();
    let norms: Vec<f64> = cols
        .iter()
        .map(|c| c.iter().map(|v| v * v).sum::<f64>().sqrt().max(1e-300))
        .collect();
    let x = DMatrix::from_fn(n, cols.len(), |t, j| cols[j][t] / norms[j]);
    let yv = DVector::from_column_slice(y);
    let sol = x.svd(true, true).solve(&yv, 1e-12).unwrap();
    sol.iter().zip(&norms).map(|(b, s)| b / s).collect()
}

/// Misattributed share of media revenue: Σ spend·|ROI_est − ROI_true| / Σ true contribution.
pub fn misattribution(g: &Generated, roi: &[f64]) -> f64 {
    let wrong: f64 = g
        .channels
        .iter()
        .zip(roi)
        .map(|(c, r)| c.spend * (r - c.roi).abs())
        .sum();
    wrong / g.true_media_contribution()
}

/// The best allocation under the true curves: maximum total response for a budget, each
/// channel between its bounds, found by dynamic programming on a grid of `steps` budget units
/// (independent of `mixlens::allocate`). Returns the spends.
pub fn true_optimum(
    g: &Generated,
    lower: &[f64],
    upper: &[f64],
    budget: f64,
    steps: usize,
) -> Vec<f64> {
    let c = g.channels.len();
    let extra = budget - lower.iter().sum::<f64>();
    assert!(extra >= 0.0, "budget below the lower bounds");
    let delta = extra / steps as f64;
    // best[m]: best response of the channels so far with m units of extra spend.
    let mut best = vec![f64::NEG_INFINITY; steps + 1];
    best[0] = 0.0;
    let mut choice = vec![vec![0usize; steps + 1]; c];
    for i in 0..c {
        let cap = if delta > 0.0 {
            (((upper[i] - lower[i]) / delta).floor() as usize).min(steps)
        } else {
            0
        };
        let r: Vec<f64> = (0..=cap)
            .map(|j| g.channels[i].response(lower[i] + j as f64 * delta))
            .collect();
        let mut next = vec![f64::NEG_INFINITY; steps + 1];
        for m in 0..=steps {
            for j in 0..=cap.min(m) {
                let v = best[m - j] + r[j];
                if v > next[m] {
                    next[m] = v;
                    choice[i][m] = j;
                }
            }
        }
        best = next;
    }
    let mut x = vec![0.0; c];
    let mut m = steps;
    for i in (0..c).rev() {
        let j = choice[i][m];
        x[i] = lower[i] + j as f64 * delta;
        m -= j;
    }
    x
}

/// What one fit got right, measured against the truth.
#[derive(Debug, Clone)]
pub struct Measured {
    /// Recommended model's misattribution.
    pub ours: f64,
    pub oracle: f64,
    /// Lowest-NRMSE model's misattribution.
    pub lowest_nrmse: f64,
    /// Misattribution of each channel's median ROI over the models that fit as well as the best
    /// (the consensus the recommended model is chosen to be closest to).
    pub consensus_median: f64,
    /// The DECOMP.RSSD-balanced (Robyn-style) Pareto model's misattribution.
    pub robyn_style: f64,
    /// Share of the true optimal uplift the default plan captures (the recommended model, on
    /// the default basis: `PlanBasis::for_estimator`).
    pub plan_capture: f64,
    /// The same, planned on the recommended model's point estimate.
    pub plan_capture_point: f64,
    /// The same, planned on the mean response over the draws.
    pub plan_capture_mean: f64,
    /// The same for the lowest-NRMSE model's plan.
    pub plan_capture_lowest_nrmse: f64,
    /// True optimal uplift as a share of the current true media response.
    pub true_uplift: f64,
    /// Channels whose reported ROI range holds the true ROI, and channels.
    pub range_holds: (usize, usize),
    /// Channels whose `roi_interval` (90 % over the draws) holds the true ROI.
    pub interval_holds: usize,
    /// Each channel's `roi_interval`, in the generator's order.
    pub intervals: Vec<Option<[f64; 2]>>,
    /// Per channel: (name, true ROI, our ROI, oracle ROI, lowest-NRMSE ROI).
    pub rois: Vec<(String, f64, f64, f64, f64)>,
}

/// The Pareto model closest to the origin once NRMSE and DECOMP.RSSD are scaled to [0, 1] over
/// the front (how Robyn ranks its top solutions); an index into the front.
fn robyn_style(out: &mixlens::search::SearchOutcome) -> usize {
    let f: Vec<&mixlens::search::Candidate> =
        out.pareto.iter().map(|&i| &out.candidates[i]).collect();
    let span = |v: Vec<f64>| {
        let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        (lo, (hi - lo).max(1e-12))
    };
    let (n0, nw) = span(f.iter().map(|c| c.nrmse).collect());
    let (r0, rw) = span(f.iter().map(|c| c.decomp_rssd).collect());
    let d = |c: &mixlens::search::Candidate| {
        ((c.nrmse - n0) / nw).powi(2) + ((c.decomp_rssd - r0) / rw).powi(2)
    };
    (0..f.len())
        .min_by(|&a, &b| d(f[a]).total_cmp(&d(f[b])))
        .unwrap_or(0)
}

/// The default plan request, its bounds on each channel's spend and the budget (the current
/// total), from the current spends of `g`.
fn default_bounds(g: &Generated) -> (mixlens::allocate::PlanRequest, Vec<f64>, Vec<f64>, f64) {
    let current = g.current_spend();
    let req = mixlens::allocate::PlanRequest::default();
    let scaled = |k: f64| current.iter().map(|c| k * c).collect::<Vec<f64>>();
    let (lower, upper) = (
        scaled(req.relative_bounds.low),
        scaled(req.relative_bounds.high),
    );
    (req, lower, upper, current.iter().sum())
}

/// The default plan request, the true response at the current spends, and the true optimal
/// uplift within that request's bounds (an independent optimum, [`true_optimum`]).
fn true_plan_reference(g: &Generated) -> (mixlens::allocate::PlanRequest, f64, f64) {
    let (req, lower, upper, budget) = default_bounds(g);
    let best = true_optimum(g, &lower, &upper, budget, 3000);
    let now = g.true_response(&g.current_spend());
    let uplift = g.true_response(&best) - now;
    (req, now, uplift)
}

/// The share of the true optimal uplift that the oracle's plan captures: the oracle knows every
/// channel's true curve and adstock and estimates only the coefficients (by least squares,
/// [`Generated::oracle_roi`]); its plan is the exact optimum of its own response within the
/// default request's bounds, judged under the true curves. What the sales data allow a plan
/// to capture when the curves are known.
pub fn oracle_plan_capture(g: &Generated) -> f64 {
    let (_, now, uplift) = true_plan_reference(g);
    let (_, lower, upper, budget) = default_bounds(g);
    let oracle = g.oracle_roi();
    let mut told = g.clone();
    for (c, o) in told.channels.iter_mut().zip(&oracle) {
        // Contribution is linear in the coefficient, so the ROI ratio scales it.
        c.coefficient *= if c.roi > 0.0 { o / c.roi } else { 0.0 };
    }
    let x = true_optimum(&told, &lower, &upper, budget, 3000);
    (g.true_response(&x) - now) / uplift
}

/// Fit MixLens through the public pipeline, as a user would, and measure it against the truth
/// and the oracle.
pub fn measure(g: &Generated, request: &mixlens::fit::FitRequest) -> Measured {
    use mixlens::allocate::PlanBasis;
    // The ridge search, whatever the request's estimator (and its description: Robyn's γ range).
    let request = &mixlens::fit::FitRequest {
        estimator: mixlens::model::EstimatorKind::RidgeSearch.into(),
        ..request.clone()
    };
    let prepared = mixlens::fit::prepare(&g.csv, request).unwrap();
    let mut search = prepared.search().unwrap();
    search.run();
    let outcome = search.finish().unwrap();
    let report = prepared.report(&outcome).unwrap();
    // Channels matched by spend column, never by position.
    let pos: Vec<usize> = g
        .channels
        .iter()
        .map(|c| {
            report
                .channels
                .iter()
                .position(|r| r.spend_column == c.spend_column)
                .unwrap()
        })
        .collect();
    let ours: Vec<f64> = pos.iter().map(|&k| report.channels[k].roi).collect();
    let lowest = &outcome.candidates[outcome.pareto[0]];
    let lowest_roi: Vec<f64> = pos.iter().map(|&k| lowest.roi[k]).collect();
    let robyn = &outcome.candidates[outcome.pareto[robyn_style(&outcome)]];
    let robyn_roi: Vec<f64> = pos.iter().map(|&k| robyn.roi[k]).collect();
    let oracle = g.oracle_roi();
    let consensus: Vec<f64> = pos.iter().map(|&k| report.selected.median_roi[k]).collect();
    let holds = g
        .channels
        .iter()
        .zip(&pos)
        .filter(|(c, k)| {
            let [lo, hi] = report.selected.roi_range[**k];
            lo <= c.roi && c.roi <= hi
        })
        .count();

    // Plans, judged under the true curves against an independent optimum.
    let (req, now, uplift) = true_plan_reference(g);
    // The plan's channels are named like the report's; find each by its spend column.
    let names: Vec<&str> = pos
        .iter()
        .map(|&k| report.channels[k].name.as_str())
        .collect();
    // None: the default basis.
    let capture = |model: &mixlens::report::ModelReport, basis: Option<PlanBasis>| -> f64 {
        let mut planners = model.planners(g.window).unwrap();
        if let Some(b) = basis {
            planners.basis = b;
        }
        let plan = planners.plan(&req).unwrap();
        let x: Vec<f64> = names
            .iter()
            .map(|n| {
                plan.channels
                    .iter()
                    .find(|p| p.name == *n)
                    .unwrap()
                    .optimal_spend
            })
            .collect();
        (g.true_response(&x) - now) / uplift
    };
    let lowest_report = report.with_model(0).unwrap();
    Measured {
        ours: misattribution(g, &ours),
        oracle: misattribution(g, &oracle),
        lowest_nrmse: misattribution(g, &lowest_roi),
        consensus_median: misattribution(g, &consensus),
        robyn_style: misattribution(g, &robyn_roi),
        range_holds: (holds, g.channels.len()),
        interval_holds: g
            .channels
            .iter()
            .zip(&pos)
            .filter(|(c, k)| {
                report.channels[**k]
                    .roi_interval
                    .is_some_and(|[lo, hi]| lo <= c.roi && c.roi <= hi)
            })
            .count(),
        intervals: pos
            .iter()
            .map(|&k| report.channels[k].roi_interval)
            .collect(),
        plan_capture: capture(&report, None),
        plan_capture_point: capture(&report, Some(PlanBasis::Point)),
        plan_capture_mean: capture(&report, Some(PlanBasis::MeanOfDraws)),
        plan_capture_lowest_nrmse: capture(&lowest_report, Some(PlanBasis::Point)),
        true_uplift: uplift / now,
        rois: g
            .channels
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name.clone(), c.roi, ours[i], oracle[i], lowest_roi[i]))
            .collect(),
    }
}

/// Median of a list (the mean of the middle two for an even count).
pub fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    let m = s.len();
    if m == 0 {
        f64::NAN
    } else if m % 2 == 1 {
        s[m / 2]
    } else {
        0.5 * (s[m / 2 - 1] + s[m / 2])
    }
}

/// What a Bayesian fit got right, measured against the truth.
#[derive(Debug, Clone)]
pub struct MeasuredBayes {
    /// Misattribution of the reported ROIs (posterior medians).
    pub ours: f64,
    pub oracle: f64,
    /// Misattribution of the posterior mean ROIs.
    pub posterior_mean: f64,
    /// Channels whose 90 % interval holds the true ROI, and channels.
    pub interval_holds: (usize, usize),
    /// Each channel's interval width over its true ROI (channels with a positive true ROI).
    pub relative_widths: Vec<f64>,
    /// Share of the true optimal uplift the default plan captures (on the mean response over
    /// the posterior draws).
    pub plan_capture: f64,
    /// The same, planned on the point estimate's curves.
    pub plan_capture_point: f64,
    /// The oracle's plan ([`oracle_plan_capture`]).
    pub plan_capture_oracle: f64,
    pub rhat_max: f64,
    pub ess_min: f64,
    /// Per channel: (name, true ROI, ours, oracle, interval).
    pub rois: Vec<(String, f64, f64, f64, [f64; 2])>,
    /// Each channel's move in the default plan, judged under the truth.
    pub moves: Vec<Move>,
}

/// One channel's move in a plan: what the model claims it adds and what it truly adds, and the
/// channel's marginal return at its current spend, the model's (on the plan's basis) and the
/// truth's. Summed over moves up and cuts, these say whether plans cut what is read low (the
/// optimizer's curse).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Move {
    pub current: f64,
    pub planned: f64,
    /// The channel's spend in the true optimum (the same request's bounds and budget).
    pub best: f64,
    pub claimed: f64,
    pub truth: f64,
    pub marginal_model: f64,
    pub marginal_true: f64,
}

/// Fit the Bayesian estimator through the public pipeline and measure it against the truth.
pub fn measure_bayes(
    g: &Generated,
    request: &mixlens::fit::FitRequest,
    settings: &mixlens::estimate::bayes::BayesSettings,
) -> MeasuredBayes {
    use mixlens::allocate::Planner;
    use mixlens::model::uncertainty::{INTERVAL_LEVEL, roi_intervals, roi_of};
    let prepared = mixlens::fit::prepare(&g.csv, request).unwrap();
    let data = &prepared.loaded.dataset;
    let sampler =
        mixlens::estimate::bayes::Sampler::new(data, &prepared.spec, &prepared.design, settings)
            .unwrap();
    let post = sampler.assemble(sampler.run()).unwrap();
    let features = &prepared.design.features;
    let model = &post.model;
    let pos: Vec<usize> = g
        .channels
        .iter()
        .map(|c| {
            model
                .channels
                .iter()
                .position(|r| r.spend_column == c.spend_column)
                .unwrap()
        })
        .collect();
    let point = roi_of(&model.point, features);
    let ours: Vec<f64> = pos.iter().map(|&k| point[k]).collect();
    let draws: Vec<Vec<f64>> = model.draws.iter().map(|d| roi_of(d, features)).collect();
    let mean: Vec<f64> = pos
        .iter()
        .map(|&k| draws.iter().map(|r| r[k]).sum::<f64>() / draws.len() as f64)
        .collect();
    let iv = roi_intervals(model, features, INTERVAL_LEVEL).unwrap();
    let intervals: Vec<[f64; 2]> = pos.iter().map(|&k| iv[k]).collect();
    let holds = g
        .channels
        .iter()
        .zip(&intervals)
        .filter(|(c, [lo, hi])| *lo <= c.roi && c.roi <= *hi)
        .count();
    let relative_widths = g
        .channels
        .iter()
        .zip(&intervals)
        .filter(|(c, _)| c.roi > 0.0)
        .map(|(c, [lo, hi])| (hi - lo) / c.roi)
        .collect();
    let oracle = g.oracle_roi();
    // Plan on the reported model, judged under the true curves.
    let (req, now, uplift) = true_plan_reference(g);
    let best = {
        let (_, lower, upper, budget) = default_bounds(g);
        true_optimum(g, &lower, &upper, budget, 3000)
    };
    let capture = |basis: mixlens::allocate::PlanBasis| -> (f64, Vec<Move>) {
        let point = Planner::new(model, &model.point, features, g.window).unwrap();
        let draws = model
            .draws
            .iter()
            .map(|d| Planner::new(model, d, features, g.window).unwrap())
            .collect();
        let set = mixlens::allocate::PlannerSet::new(point, draws, basis).unwrap();
        let plan = set.plan(&req).unwrap();
        let x: Vec<f64> = pos
            .iter()
            .map(|&k| plan.channels[k].optimal_spend)
            .collect();
        let moves = g
            .channels
            .iter()
            .zip(&pos)
            .zip(&x)
            .zip(&best)
            .map(|(((c, &k), &planned), &best)| {
                let p = &plan.channels[k];
                let current = p.current_spend;
                let h = 0.01 * current.max(1e-9);
                Move {
                    current,
                    planned,
                    best,
                    claimed: p.optimal_response - p.current_response,
                    truth: c.response(planned) - c.response(current),
                    marginal_model: p.current_marginal_roi,
                    marginal_true: {
                        let below = (current - h).max(0.0);
                        (c.response(current + h) - c.response(below)) / (current + h - below)
                    },
                }
            })
            .collect();
        ((g.true_response(&x) - now) / uplift, moves)
    };
    let (plan_capture, moves) = capture(mixlens::allocate::PlanBasis::for_estimator(
        mixlens::model::EstimatorKind::Bayes,
    ));
    MeasuredBayes {
        plan_capture_point: capture(mixlens::allocate::PlanBasis::Point).0,
        plan_capture_oracle: oracle_plan_capture(g),
        ours: misattribution(g, &ours),
        oracle: misattribution(g, &oracle),
        posterior_mean: misattribution(g, &mean),
        interval_holds: (holds, g.channels.len()),
        relative_widths,
        plan_capture,
        moves,
        rhat_max: post.diagnostics.rhat_max,
        ess_min: post.diagnostics.ess_min,
        rois: g
            .channels
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name.clone(), c.roi, ours[i], oracle[i], intervals[i]))
            .collect(),
    }
}
