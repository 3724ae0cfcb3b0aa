//! The Bayesian estimator: posterior draws of the whole model by Markov chain Monte Carlo.
//!
//! # The model
//! On the fitted rows, `y_t = Σ_j b_j z_tj + Σ_c ρ_c u_{c,t}(shape_c) + ε_t`, `ε_t ~ N(0, σ²)`:
//! - `z` are the baseline columns (intercept, trend, seasonality, weekday, controls), scaled by
//!   their standard deviation;
//! - for a paid channel, `u_c(shape) = s(adstock(x_c)) · S_c / F_c(shape)`, where `S_c` is the
//!   channel's total spend and `F_c` the total of its transformed activity over all periods. So
//!   `ρ_c` *is* the channel's ROI (its contribution over all periods divided by its spend), and
//!   the ROI prior is a prior on `ρ_c` itself (Meridian's idea: a prior a marketer can read);
//! - for an organic variable, `S` is the KPI's total, so `ρ` is its share of the KPI;
//! - the curve shape (adstock and saturation parameters) of each media column takes values on a
//!   grid over the model description's ranges ([`grid`]), uniform a priori.
//!
//! Priors: `ρ_c ~ N(centre, spread²)` restricted to `ρ ≥ 0` ([`RoiPrior`]); the free baseline
//! coefficients `b ~ N(0, σ² / κ)` on the scaled columns with a vague `κ` ([`BASELINE_PRECISION`]);
//! baseline columns held to a sign by the description get a wide half-normal; `p(σ²) ∝ 1/σ²`.
//!
//! # The sampler
//! A collapsed, blocked Gibbs sampler, exact for this model: the free baseline coefficients are
//! integrated out analytically (the likelihood then uses `M = I − Z(Z'Z + κI)⁻¹Z'`), and each
//! media column's shape and ROI are drawn *jointly* from their full conditional: for every grid
//! shape the ROI integrates out in closed form (a Gaussian likelihood times a truncated normal
//! prior), a shape is drawn from those marginal weights, then the ROI from its truncated normal.
//! Then `σ²` from its inverse gamma. Drawing the shape with the ROI integrated out lets a chain
//! jump between curve families that fit alike (concave, S-shaped, nearly straight), so the
//! posterior averages over shapes instead of picking one. Baseline draws are made for the saved
//! draws from their Gaussian conditional.
//!
//! Why not NUTS (nuts-rs): the grid turns each channel's shape into a discrete variable whose
//! conditional is computed exactly, which mixes across the separated modes that flat curve
//! likelihoods have (a gradient sampler moves between them slowly), and needs no gradients of
//! the Weibull adstocks. Measured against the ridge search on the out-of-family generator in
//! BENCHMARKS.md.
//!
//! Chains are independent, each with its own random stream of the seed
//! (`ChaCha8Rng::seed_from_u64(seed)`, stream = chain index): the same seed and chain count give
//! bit-identical draws however many workers run them.

pub mod diagnostics;
pub mod grid;
pub mod random;

use nalgebra::{Cholesky, DMatrix, DVector, Dyn};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::model::features::BaseGroup;
use crate::model::fitted::{EstimatorKind, FittedModel, MediaParameters, Parameters};
use crate::model::lift::window_effect;
use crate::model::spec::{HyperParams, ModelSpec, Sign};
use crate::numbers::count;
use crate::transform::Saturation;

use super::ridge::{Design, dot};
use grid::Shape;

/// Precision κ of the free baseline coefficients' prior `N(0, σ²/κ)` on columns scaled to unit
/// standard deviation: a prior standard deviation of 1,000 σ per standard deviation of the
/// column, vague, and enough to keep `Z'Z + κI` well conditioned.
pub const BASELINE_PRECISION: f64 = 1e-6;

/// Spread of the half-normal prior on a sign-held baseline coefficient, in standard deviations
/// of the KPI per standard deviation of the column.
pub const SIGNED_BASELINE_SPREAD: f64 = 10.0;

/// Default prior on an organic variable's share of the KPI: half-normal with this spread.
pub const ORGANIC_SHARE_SPREAD: f64 = 0.5;

/// Seconds per grid shape per fitted row per sweep on one core of the reference machine (the
/// 2-core Xeon VM of BENCHMARKS.md: 208 weeks, 6 media columns × 432 shapes (the grid then),
/// 4 chains × 2,000 sweeps and the pilot took 5.7 s of CPU, 1.29 ns per shape-row).
pub const SECONDS_PER_SHAPE_ROW: f64 = 1.3e-9;

/// Estimated seconds of a Bayesian fit on `workers` cores (chains run side by side, each worker
/// builds its sampler with its pilot chain). A cost model, not a clock.
pub fn estimated_seconds(
    spec: &ModelSpec,
    train: usize,
    settings: &BayesSettings,
    workers: usize,
) -> f64 {
    let columns: Vec<_> = spec.channels.iter().chain(&spec.organic).collect();
    let (budget, delayed) = grid::Budget::with_delayed(train, &columns, spec.delayed_lag_share);
    let shapes = budget.shapes(&columns, delayed);
    let per_sweep = shapes as f64 * train as f64 * SECONDS_PER_SHAPE_ROW;
    let rounds = settings.chains.div_ceil(workers.max(1));
    let pilot = if settings.autocorrelated_noise {
        PILOT_SWEEPS
    } else {
        0
    };
    per_sweep * (pilot + rounds * (settings.tune + settings.draws)) as f64
}

/// The grid of curve shapes the estimator can afford for these data: `None` at full resolution,
/// else `(shapes, shapes at full resolution)` of the paid channel with the largest full grid
/// (coarser for big data: [`grid::Budget::for_columns`]).
pub fn coarse_grid(spec: &ModelSpec, train: usize) -> Option<(usize, usize)> {
    let columns: Vec<_> = spec.channels.iter().chain(&spec.organic).collect();
    let budget = grid::Budget::for_columns(train, &columns);
    if budget.is_full() {
        return None;
    }
    let full = grid::Budget::full();
    spec.channels
        .iter()
        .max_by_key(|m| grid::count(m, full))
        .map(|m| (grid::count(m, budget), grid::count(m, full)))
}

/// Sweeps of the pilot chain that estimates the noise's autocorrelation.
pub const PILOT_SWEEPS: usize = 200;

/// Below this lag-1 autocorrelation the noise is taken as independent.
pub const MIN_AUTOCORRELATION: f64 = 0.05;

/// Range the noise's estimated autocorrelation is held to.
pub const MIN_PHI: f64 = -0.5;
pub const MAX_PHI: f64 = 0.9;

/// The Prais–Winsten transform of a series for AR(1) noise with coefficient `phi`:
/// `v*_0 = √(1 − φ²) v_0`, `v*_t = v_t − φ v_{t−1}`; the identity for `phi = 0`.
pub fn whiten(v: &[f64], phi: f64) -> Vec<f64> {
    if phi == 0.0 {
        return v.to_vec();
    }
    let first = (1.0 - phi * phi).sqrt();
    (0..v.len())
        .map(|t| {
            if t == 0 {
                first * v[0]
            } else {
                v[t] - phi * v[t - 1]
            }
        })
        .collect()
}

/// Default prior probability that a paid channel has no effect.
pub const DEFAULT_NO_EFFECT: f64 = 0.2;

/// A paid channel *never pauses* when its activity stays at or above
/// [`NEVER_PAUSES_LEVEL`] × its median positive activity in all but [`NEVER_PAUSES_SHARE`] of
/// the fitted periods. The data then cannot show its curve below the spends it ran at, and its
/// ROI (a return from zero) follows the shape assumed there: concave, S-shaped and straight
/// curves fit alike and give different ROIs.
pub const NEVER_PAUSES_LEVEL: f64 = 0.25;
/// See [`NEVER_PAUSES_LEVEL`].
pub const NEVER_PAUSES_SHARE: f64 = 0.05;

/// The prior on `ln α` (Hill slope) given by default to a channel that never pauses: shapes
/// lean to Meridian's default slope (α = 1, returns diminishing from the first unit), S-shaped
/// ones stay possible. A channel that pauses keeps every shape equally likely, so its data can
/// show an S-shape. Measured on the out-of-family generator (BENCHMARKS.md, "Channels that
/// never pause"): the always-on case's mean misattribution 29.2 % → 23.3 %, its worst fit
/// 45.6 % → 31.0 %; channels that pause (S-shaped ones among them) unchanged. Applied to every
/// channel instead, the same prior broke S-shaped channels that pause (a plan at a third of
/// the true gain), so it is not.
pub const NEVER_PAUSES_SLOPE_SD: f64 = 0.5;

/// The prior given by default to a paid channel with a lift test (and none of the above), for
/// a test that pins its ROI (less precise tests get a wider spread, [`tested_spread`]):
/// Hill slopes below 1, curves whose first unit returns without bound, weighed by
/// `exp(−ln²α / (2 · 0.5²))` (α = 0.5: 0.38 of the weight of α = 1), slopes of 1 and more as
/// they are. A pause test pins the channel's effect at the window's spend, and its ROI then
/// follows the curve from there to the spends of the other periods; under α < 1 that curve
/// rises without bound near zero, which carried tested channels' ROIs high
/// (`standard_weekly_156` seed 2: social's exact test, 1.92 per unit of window spend against a
/// true 1.89, read as an ROI of 2.31 against 2.00). S-shaped curves (α > 1) keep their weight. Measured on the out-of-family generator
/// (BENCHMARKS.md, "Lift-tested channels lean away from slopes below 1"): with every channel
/// tested at 15 %, mean misattribution 11.59 → 11.00 % over 100 fits, lower in every case;
/// fits without tests unchanged. The same prior on every channel had cost the untested fits
/// (BENCHMARKS.md, "Three attempts"), so it is not.
pub const TESTED_STEEP_START_SD: f64 = 0.5;

/// The spread of a lift-tested channel's prior against slopes below 1:
/// [`TESTED_STEEP_START_SD`] over `√w`, w the share of the channel's ROI precision its tests
/// give beside its ROI prior, `P / (P + 1/spread²)` with `P = Σ_e L_e²/SE_e²` (the tests'
/// precision on the ROI; the median over the shapes). A test that pins the ROI (w near 1) gets
/// the full prior; a vaguer one a wider spread; below w = 1/16 (a spread above 2, where α = 0.5
/// keeps 94 % of its weight) none at all, so a test with a large standard error changes the
/// model no more than its own term does. `None` also without tests.
fn tested_spread(lift_precision: &[f64], roi_spread: f64) -> Option<f64> {
    let c = 1.0 / (roi_spread * roi_spread);
    // Written as 1/(1 + c/P): 1 for an exact test (P infinite), 0 for none.
    let mut shares: Vec<f64> = lift_precision
        .iter()
        .map(|&p| 1.0 / (1.0 + c / p))
        .filter(|w| w.is_finite())
        .collect();
    if shares.is_empty() {
        return None;
    }
    shares.sort_by(f64::total_cmp);
    let w = shares[shares.len() / 2];
    (w >= TESTED_MIN_SHARE).then(|| TESTED_STEEP_START_SD / w.sqrt())
}

/// The least share of a channel's ROI precision from its tests for which they bring the prior
/// against slopes below 1 ([`tested_spread`]).
const TESTED_MIN_SHARE: f64 = 1.0 / 16.0;

/// The prior on a column's Hill slope α that weighs its grid's shapes (none: every shape
/// equally likely).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SlopePrior {
    /// `ln α ~ N(0, sd²)` (as a density in α, the grid being even in α): slopes near 1.
    Around(f64),
    /// Slopes below 1 weighed by `exp(−ln²α / (2 sd²))`, the others as they are.
    NotBelowOne(f64),
}

impl SlopePrior {
    /// The log weight of a shape of Hill slope `alpha` (> 0), up to a constant.
    fn ln_weight(self, alpha: f64) -> f64 {
        let l = libm::log(alpha);
        match self {
            SlopePrior::Around(sd) => -l * l / (2.0 * sd * sd) - l,
            SlopePrior::NotBelowOne(sd) if l < 0.0 => -l * l / (2.0 * sd * sd),
            SlopePrior::NotBelowOne(_) => 0.0,
        }
    }

    fn spread(self) -> f64 {
        match self {
            SlopePrior::Around(sd) | SlopePrior::NotBelowOne(sd) => sd,
        }
    }
}

/// Whether a channel's activity never pauses (see [`NEVER_PAUSES_LEVEL`]).
pub fn never_pauses(x: &[f64]) -> bool {
    let mut positive: Vec<f64> = x.iter().copied().filter(|v| *v > 0.0).collect();
    if positive.is_empty() {
        return false;
    }
    positive.sort_by(f64::total_cmp);
    let median = positive[positive.len() / 2];
    let low = x
        .iter()
        .filter(|v| !(**v >= NEVER_PAUSES_LEVEL * median))
        .count();
    (low as f64) < NEVER_PAUSES_SHARE * x.len() as f64
}

/// A prior on a paid channel's ROI: `N(centre, spread²)` restricted to ROI ≥ 0.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoiPrior {
    /// The channel's display name or spend column.
    pub channel: String,
    pub centre: f64,
    pub spread: f64,
}

impl RoiPrior {
    /// Parse `name=centre:spread`, e.g. `tv=1.5:0.5`.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] saying what form is expected.
    pub fn parse(s: &str) -> Result<RoiPrior> {
        let bad = || {
            Error::setting(
                "roi-prior",
                s,
                "write channel=centre:spread, for example tv=1.5:0.5 (ROI around 1.5, give or take 0.5)",
            )
        };
        let (name, rest) = s.split_once('=').ok_or_else(bad)?;
        let (c, sp) = rest.split_once(':').ok_or_else(bad)?;
        let centre: f64 = c.trim().parse().map_err(|_| bad())?;
        let spread: f64 = sp.trim().parse().map_err(|_| bad())?;
        let prior = RoiPrior {
            channel: name.trim().to_string(),
            centre,
            spread,
        };
        prior.check()?;
        Ok(prior)
    }

    fn check(&self) -> Result<()> {
        if !(self.centre.is_finite() && self.centre >= 0.0 && self.centre <= 1e6) {
            return Err(Error::setting(
                &format!("roi-prior {}", self.channel),
                self.centre,
                "the centre is an ROI: use a number from 0 (for example 1.5)",
            ));
        }
        if !(self.spread.is_finite() && self.spread > 0.0 && self.spread <= 1e6) {
            return Err(Error::setting(
                &format!("roi-prior {}", self.channel),
                self.spread,
                "the spread is how far the ROI may be from the centre: use a positive number (for example 0.5)",
            ));
        }
        Ok(())
    }
}

/// Settings of the Bayesian estimator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BayesSettings {
    /// Independent chains (the page runs one per worker).
    pub chains: usize,
    /// Draws kept per chain.
    pub draws: usize,
    /// Sweeps per chain before the kept draws (burn-in; the Gibbs sampler needs no adaptation).
    pub tune: usize,
    pub seed: u64,
    /// Draws stored in MODEL.json (spread evenly over every chain's draws); intervals, bands and
    /// plans are computed from them.
    pub saved_draws: usize,
    /// Priors on paid channels' ROI; channels not named get the default
    /// ([`default_roi_prior`]).
    pub roi_priors: Vec<RoiPrior>,
    /// Prior probability that a paid channel has no effect at all (ROI exactly 0): the share of
    /// draws at 0 is then the posterior probability of no effect, and a channel that does
    /// nothing gets an interval starting at 0.
    pub no_effect: f64,
    /// Model the noise as AR(1), its coefficient estimated by a pilot chain (true by default):
    /// periods whose errors run together count as less evidence, so intervals stay honest
    /// when the model misses part of the baseline.
    pub autocorrelated_noise: bool,
}

impl Default for BayesSettings {
    fn default() -> Self {
        BayesSettings {
            chains: 4,
            draws: 1000,
            tune: 1000,
            seed: 1,
            saved_draws: 400,
            roi_priors: Vec::new(),
            no_effect: DEFAULT_NO_EFFECT,
            autocorrelated_noise: true,
        }
    }
}

impl BayesSettings {
    /// Check the settings' ranges.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] naming the setting.
    pub fn check(&self) -> Result<()> {
        if !(1..=16).contains(&self.chains) {
            return Err(Error::setting(
                "chains",
                self.chains,
                "use between 1 and 16 chains",
            ));
        }
        if !(20..=100_000).contains(&self.draws) {
            return Err(Error::setting(
                "draws",
                self.draws,
                "use between 20 and 100,000 draws per chain",
            ));
        }
        if self.tune > 100_000 {
            return Err(Error::setting(
                "tune",
                self.tune,
                "use at most 100,000 tuning sweeps per chain",
            ));
        }
        if !(self.chains..=5_000).contains(&self.saved_draws) {
            return Err(Error::setting(
                "saved draws",
                self.saved_draws,
                "keep between one per chain and 5,000 draws in the model file",
            ));
        }
        for p in &self.roi_priors {
            p.check()?;
        }
        if !(0.0..0.95).contains(&self.no_effect) {
            return Err(Error::setting(
                "no-effect prior",
                self.no_effect,
                "use a probability from 0 to 0.95 (for example 0.2)",
            ));
        }
        Ok(())
    }
}

/// Saved draws nearest the posterior medians whose shapes are tried for the point estimate
/// (the best fitting is kept).
const POINT_CANDIDATES: usize = 20;

/// The default ROI prior's spread as a share of `R = Σ KPI / Σ spend`, the ROI every channel
/// would have if paid media drove the whole KPI: with half of it, a channel's ROI passes `R`
/// with a prior probability of 5 % (two spreads). With the spread at `R` itself, ROIs the data
/// could not pin down inflated (search read at 9.7 against a true 3.5 on daily data); with half
/// of it the Bayesian estimator misattributed 18.3 % of media revenue on the out-of-family
/// generator instead of 21.1 %, and its intervals held more true ROIs (87.8 % against 85.1 %;
/// BENCHMARKS.md, "Curves that may stay straight, and a tighter default ROI prior", with 0.35
/// and 0.7 beside it).
pub const DEFAULT_ROI_SPREAD_SHARE: f64 = 0.5;

/// The default ROI prior of a paid channel: half-normal (centre 0) with a spread of
/// [`DEFAULT_ROI_SPREAD_SHARE`] × the KPI per unit of all paid spend, `R = Σ KPI / Σ spend`. It
/// is scale-free (revenue or conversions), lets any plausible ROI through (a channel returning
/// `R` is two spreads out), and pulls ROIs the data cannot pin down towards zero instead of
/// letting them inflate.
///
/// `kpi_total` is the KPI's size, [`kpi_size`]: its sum, or for a KPI that goes below zero
/// (profit or margin after fixed costs, whose level is arbitrary) at least its range over the
/// periods.
pub fn default_roi_prior(kpi_total: f64, spend_total: f64) -> (f64, f64) {
    let r = if spend_total > 0.0 && kpi_total.abs() > 0.0 {
        kpi_total.abs() / spend_total
    } else {
        1.0
    };
    (0.0, DEFAULT_ROI_SPREAD_SHARE * r)
}

/// The KPI's size that scales the default priors: its sum over the periods, or for a KPI that
/// goes below zero in earnest ([`crate::data::kpi_goes_below_zero`]) `n × (max − min)`, which no
/// shift changes. The sum of a KPI whose baseline is negative (profit after fixed costs) says
/// nothing of what media move: with fixed costs of 1,000 a period, a true ROI of 2.0 was read at
/// 0.53 under a prior of spread 0.08, and the same data shifted up by 4,000 read 2.11. A KPI that
/// does not go below zero keeps its sum (its fits are unchanged).
///
/// Between the two, a KPI below zero in fewer periods than a twentieth is sized by a mix,
/// `(1 − w) × |sum| + w × n × (max − min)` with `w` its share of periods below zero over a
/// twentieth: an outside check's profit below zero in 6 of 130 weeks read search at 1.59 and
/// the same in 7 weeks (the KPI 7.7k a week lower) at 2.72, a cliff at the rule's edge.
pub fn kpi_size(y: &[f64]) -> f64 {
    let below = y.iter().filter(|&&v| v < 0.0).count();
    let sum = y.iter().sum::<f64>().abs();
    if below == 0 {
        return sum;
    }
    let (low, high) = y
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
            (l.min(v), h.max(v))
        });
    let range = y.len() as f64 * (high - low);
    if crate::data::kpi_goes_below_zero(y) {
        return range;
    }
    let w = 20.0 * below as f64 / y.len() as f64;
    (1.0 - w) * sum + w * range
}

/// A resolved prior as shown in the page and stored in MODEL.json.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriorInfo {
    /// Paid channel or organic variable.
    pub name: String,
    /// `roi` for a paid channel, `kpi_share` for an organic variable.
    pub quantity: String,
    /// `N(centre, spread²)` restricted to ≥ 0.
    pub centre: f64,
    pub spread: f64,
    /// True when set by the user, false for the default.
    pub set_by_user: bool,
    /// Prior probability of no effect (0 for organic variables).
    pub no_effect: f64,
    /// Grid points of the curve shape.
    pub shapes: usize,
    /// The spread of the prior on `ln α` (Hill slope) the shapes were weighted by; null: every
    /// slope equally likely.
    #[serde(default)]
    pub slope_prior: Option<f64>,
    /// The channel never pauses ([`never_pauses`]): its slope prior is the default one for
    /// such channels unless `hill_slope_prior` was set.
    #[serde(default)]
    pub never_pauses: bool,
    /// For a channel with a lift test (and no other slope prior): the spread in ln α of the
    /// prior against Hill slopes below 1 (0.5 for a test that pins the ROI, up to 2 for vaguer
    /// ones: [`tested_spread`]); absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slope_below_one: Option<f64>,
    /// The prior share of delayed lags among the curve shapes ([`grid`]); 0 when there are
    /// none.
    #[serde(default)]
    pub delayed_share: f64,
}

/// What a chain saves of one kept draw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChainOutput {
    pub chain: usize,
    /// Per kept draw, ρ of every block (media columns then sign-held baseline columns).
    pub rho: Vec<Vec<f64>>,
    /// Per kept draw, σ.
    pub sigma: Vec<f64>,
    /// Full parameter sets of the draws saved to MODEL.json, with their draw index.
    pub saved: Vec<(usize, Parameters)>,
    /// Shape index of each block at each saved draw.
    pub saved_shapes: Vec<Vec<usize>>,
}

/// One updated quantity of the Gibbs sweep: a media column, or a sign-held baseline column.
#[derive(Debug, Clone)]
struct Block {
    /// Media column index, or baseline column index for a sign-held column.
    target: BlockTarget,
    shapes: Vec<Shape>,
    /// Per shape, `u` on the fitted rows (row-major by shape, `train` each).
    u: Vec<f64>,
    /// Per shape, `M u`.
    mu: Vec<f64>,
    /// Per shape, `u'Mu`.
    a: Vec<f64>,
    /// Prior `N(centre, spread²)` on ρ ≥ 0.
    centre: f64,
    spread: f64,
    /// Prior probability of no effect (ρ = 0 exactly).
    no_effect: f64,
    /// `ln((1 − no_effect)/shapes) − ln(spread √(2π) Φ(centre/spread)) − centre²/(2 spread²)`: the
    /// log of each shape's prior weight (uniform) times the normalizing constant of the
    /// truncated normal.
    ln_slab: f64,
    /// With a prior on Hill α ([`ModelSpec::hill_slope_prior`]): each shape's log prior weight
    /// over the uniform one, `ln(shapes · w_g)` with `Σ w_g = 1` (`None`: uniform).
    ln_shape: Option<Vec<f64>>,
    /// Lift tests of this column, per shape: `Σ_e L_e²/SE_e²` and `Σ_e L_e·lift_e/SE_e²`, where
    /// `ρ·L_e` is the lift the shape implies for test e (empty without tests). Each test is a
    /// Gaussian observation of `ρ·L_e`, so it adds to ρ's precision and mean like rows do.
    lift_precision: Vec<f64>,
    lift_shift: Vec<f64>,
}

impl Block {
    /// A block of `shapes` with their columns; its priors are set after
    /// ([`Block::set_prior`], [`Block::set_shape_prior`]).
    fn new(
        target: BlockTarget,
        shapes: Vec<Shape>,
        u: Vec<f64>,
        mu: Vec<f64>,
        a: Vec<f64>,
    ) -> Block {
        Block {
            target,
            shapes,
            u,
            mu,
            a,
            centre: 0.0,
            spread: 1.0,
            no_effect: 0.0,
            ln_slab: 0.0,
            ln_shape: None,
            lift_precision: Vec::new(),
            lift_shift: Vec::new(),
        }
    }

    fn set_prior(&mut self, centre: f64, spread: f64, no_effect: f64) {
        self.centre = centre;
        self.spread = spread;
        self.no_effect = no_effect;
        let g = self.shapes.len().max(1) as f64;
        self.ln_slab = libm::log((1.0 - no_effect) / g)
            - random::ln_phi(centre / spread)
            - libm::log(spread)
            - 0.5 * (centre / spread) * (centre / spread);
    }

    /// The shapes' prior weights. With a slope prior, each shape's weight at its Hill α
    /// ([`SlopePrior`]: `ln α ~ N(0, sd²)` as a density in α, `∝ exp(−ln²α / (2 sd²)) / α`, the
    /// grid being even in α; or `exp(−ln²α / (2 sd²))` below α = 1 only); uniform otherwise
    /// (and for shapes without a Hill α). Delayed lags among the shapes (if any) get
    /// `delayed_share` of the prior in all and the column's own shapes the rest, the slope prior
    /// weighing the shapes within each family. `ln_shape` holds each shape's weight over the
    /// uniform `1/G` as a log (`None`: uniform). Returns whether the slope prior weighs the
    /// shapes (not when they share one α).
    fn set_shape_prior(&mut self, slope_prior: Option<SlopePrior>, delayed_share: f64) -> bool {
        let prior = slope_prior.filter(|p| p.spread() > 0.0);
        let slope: Vec<f64> = self
            .shapes
            .iter()
            .map(
                |sh| match (prior, sh.transform.as_ref().map(|t| t.saturation)) {
                    (Some(p), Some(Saturation::Hill { alpha, .. })) if alpha > 0.0 => {
                        p.ln_weight(alpha)
                    }
                    _ => 0.0,
                },
            )
            .collect();
        let (lo, hi) = slope
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &l| {
                (a.min(l), b.max(l))
            });
        // No Hill α among the shapes, or a single α: no slope prior, and the same draws as
        // without it.
        let sloped = hi - lo >= 1e-12;
        let slope = |g: usize| if sloped { slope[g] } else { 0.0 };
        let delayed = self.shapes.iter().filter(|sh| sh.delayed).count();
        let mixed = delayed > 0
            && delayed < self.shapes.len()
            && delayed_share > 0.0
            && delayed_share < 1.0;
        if !sloped && !mixed {
            self.ln_shape = None;
            return false;
        }
        // ln Σ exp(slope) over one family's shapes.
        let ln_total = |family: bool| {
            let w: Vec<f64> = (0..self.shapes.len())
                .filter(|&g| self.shapes[g].delayed == family)
                .map(slope)
                .collect();
            let top = w.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            top + libm::log(w.iter().map(|l| libm::exp(l - top)).sum::<f64>())
        };
        let totals = [ln_total(false), ln_total(true)];
        let shares = if mixed {
            [libm::log(1.0 - delayed_share), libm::log(delayed_share)]
        } else {
            [0.0, 0.0]
        };
        let ln_g = libm::log(self.shapes.len() as f64);
        let ln_w: Vec<f64> = (0..self.shapes.len())
            .map(|g| {
                let f = usize::from(self.shapes[g].delayed);
                ln_g + slope(g) - totals[f] + shares[f]
            })
            .collect();
        self.ln_shape = ln_w.iter().all(|l| l.is_finite()).then_some(ln_w);
        sloped && self.ln_shape.is_some()
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum BlockTarget {
    Media(usize),
    /// Baseline column, and −1 for a column held negative (ρ multiplies −z).
    Baseline(usize, f64),
}

/// The prepared sampler for one data set, description and settings: every grid shape's
/// column built and projected once; chains run on it.
#[derive(Debug, Clone)]
pub struct Sampler {
    pub settings: BayesSettings,
    /// Lag-1 autocorrelation of the noise the sampler assumes (0: independent).
    pub phi: f64,
    /// Rows fitted.
    train: usize,
    y: Vec<f64>,
    blocks: Vec<Block>,
    /// Free baseline columns (scaled), the indices into the baseline, and their scales.
    free: Vec<usize>,
    z: Columns,
    chol: Cholesky<f64, Dyn>,
    base_scale: Vec<f64>,
    base_len: usize,
    media_len: usize,
    pub priors: Vec<PriorInfo>,
    /// The fitted model's frame (channels, names, curve parameters), points and draws empty.
    frame: FittedModel,
}

/// The free baseline columns on the fitted rows. Products with them are written out here (not
/// nalgebra's matrix product, whose kernels are chosen at run time by CPU features) so native
/// and WebAssembly builds sum in the same order and draw bit-identical chains.
#[derive(Debug, Clone)]
struct Columns {
    cols: Vec<Vec<f64>>,
    rows: usize,
}

impl Columns {
    /// `Z'v`.
    fn t_times(&self, v: &[f64]) -> DVector<f64> {
        DVector::from_iterator(self.cols.len(), self.cols.iter().map(|c| dot(c, v)))
    }

    /// `Z c`.
    fn times(&self, c: &DVector<f64>) -> Vec<f64> {
        let mut out = vec![0.0; self.rows];
        for (col, &ci) in self.cols.iter().zip(c.iter()) {
            out.iter_mut().zip(col).for_each(|(o, z)| *o += ci * z);
        }
        out
    }
}

impl Sampler {
    /// Prepare the sampler on a design (the ridge design's features, fitted rows and baseline
    /// scales are reused; nothing of the ridge fit is).
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] for bad settings or a prior naming no channel;
    /// [`Error::Numerical`] when the baseline columns are degenerate.
    pub fn new(
        data: &Dataset,
        spec: &ModelSpec,
        design: &Design,
        settings: &BayesSettings,
    ) -> Result<Sampler> {
        settings.check()?;
        let independent = Self::build(data, spec, design, settings, 0.0)?;
        if !settings.autocorrelated_noise {
            return Ok(independent);
        }
        let phi = independent.pilot_autocorrelation();
        if phi.abs() < MIN_AUTOCORRELATION {
            return Ok(independent);
        }
        Self::build(data, spec, design, settings, phi)
    }

    /// The lag-1 autocorrelation of the residuals of a short pilot chain (its own random stream,
    /// so it does not depend on which worker runs it), after the baseline: the mean residual of
    /// its last half, projected off the baseline columns. Clipped to
    /// [[`MIN_PHI`], [`MAX_PHI`]].
    fn pilot_autocorrelation(&self) -> f64 {
        let mut chain = self.chain_on_stream(u64::MAX);
        let mut mean = vec![0.0; self.train];
        let mut kept = 0usize;
        for sweep in 0..PILOT_SWEEPS {
            chain.gibbs_sweep();
            if sweep >= PILOT_SWEEPS / 2 {
                mean.iter_mut()
                    .zip(&chain.state.r)
                    .for_each(|(m, r)| *m += r);
                kept += 1;
            }
        }
        mean.iter_mut().for_each(|m| *m /= kept.max(1) as f64);
        let c = self.chol.solve(&self.z.t_times(&mean));
        let zc = self.z.times(&c);
        let e: Vec<f64> = mean.iter().zip(&zc).map(|(r, z)| r - z).collect();
        let num: f64 = (1..e.len()).map(|t| e[t] * e[t - 1]).sum();
        let den: f64 = e.iter().map(|v| v * v).sum();
        if den > 0.0 {
            (num / den).clamp(MIN_PHI, MAX_PHI)
        } else {
            0.0
        }
    }

    /// Build the sampler for noise with lag-1 autocorrelation `phi` (0: independent): every
    /// column and the KPI are whitened by the Prais–Winsten transform, so the Gibbs steps are
    /// those of independent noise on the whitened rows.
    fn build(
        data: &Dataset,
        spec: &ModelSpec,
        design: &Design,
        settings: &BayesSettings,
        phi: f64,
    ) -> Result<Sampler> {
        let features = &design.features;
        let n = features.n;
        let train = design.train;
        let whiten = |v: &[f64]| whiten(v, phi);
        let y = whiten(&design.y[..train]);
        let frame = design.fitted_model(
            data,
            spec,
            Parameters {
                media: Vec::new(),
                baseline: Vec::new(),
                sigma: 0.0,
            },
            Vec::new(),
        );
        let mut frame = frame;
        frame.estimator = EstimatorKind::Bayes;

        // Baseline: free columns are integrated out; sign-held ones become blocks.
        let active = design.base_active();
        let scale = design.base_scale();
        let mut free = Vec::new();
        let mut signed = Vec::new();
        for (j, col) in features.base.iter().enumerate() {
            if !active[j] {
                continue;
            }
            match (col.group, col.sign) {
                (BaseGroup::Intercept, _) | (_, Sign::Free) => free.push(j),
                (_, Sign::Positive) => signed.push((j, 1.0)),
                (_, Sign::Negative) => signed.push((j, -1.0)),
            }
        }
        let pf = free.len();
        let z_columns: Vec<Vec<f64>> = free
            .iter()
            .map(|&j| {
                let v: Vec<f64> = features.base[j].values[..train]
                    .iter()
                    .map(|v| v / scale[j])
                    .collect();
                whiten(&v)
            })
            .collect();
        let z = Columns {
            cols: z_columns,
            rows: train,
        };
        let mut a = DMatrix::from_fn(pf, pf, |i, j| dot(&z.cols[i], &z.cols[j]));
        for i in 0..pf {
            a[(i, i)] += BASELINE_PRECISION;
        }
        let chol = Cholesky::new(a).ok_or_else(|| Error::Numerical {
            reason: "the baseline columns are degenerate".into(),
        })?;
        let project = |u: &[f64]| -> Vec<f64> {
            let c = chol.solve(&z.t_times(u));
            let zc = z.times(&c);
            u.iter().zip(zc.iter()).map(|(a, b)| a - b).collect()
        };

        // Priors.
        let kpi_total = kpi_size(&design.y);
        let spends: Vec<f64> = features.spend.iter().map(|s| s.iter().sum()).collect();
        let spend_total: f64 = spends.iter().sum();
        let default = default_roi_prior(kpi_total, spend_total);
        let mut user = vec![None; features.paid];
        let mut seen = Vec::new();
        for p in &settings.roi_priors {
            let k = crate::model::fitted::channel_index(&frame.channels, &p.channel)?;
            crate::data::names::take_once(&mut seen, k, &p.channel, "ROI prior")?;
            user[k] = Some((p.centre, p.spread));
        }
        let mut priors = Vec::new();

        // Media blocks.
        let media_specs: Vec<_> = spec.channels.iter().chain(&spec.organic).collect();
        let (budget, delayed) =
            grid::Budget::with_delayed(train, &media_specs, spec.delayed_lag_share);
        if budget
            .values(train, &media_specs, delayed)
            .is_none_or(|v| v > grid::REFUSED_GRID_VALUES)
        {
            return Err(Error::setting(
                "estimator",
                "bayes",
                &format!(
                    "{} rows of {} media columns are too many for the Bayesian estimator's grid \
                     of curve shapes, even at its coarsest; use the ridge search (estimator \
                     'ridge'), or fewer rows (weekly instead of daily data) or channels",
                    count(train),
                    media_specs.len()
                ),
            ));
        }
        let mut blocks = Vec::new();
        for (k, m) in media_specs.iter().enumerate() {
            let x = &features.activity[k];
            let (total, (centre, spread), quantity) = if k < features.paid {
                (spends[k], user[k].unwrap_or(default), "roi")
            } else {
                (
                    kpi_total.max(f64::MIN_POSITIVE),
                    (0.0, ORGANIC_SHARE_SPREAD),
                    "kpi_share",
                )
            };
            let shapes = grid::shapes(m, x, n, budget, delayed)?;
            if shapes.is_empty() {
                return Err(Error::Numerical {
                    reason: format!("no curve shape of '{}' gives a usable column", m.name),
                });
            }
            let mut block = Block::new(
                BlockTarget::Media(k),
                Vec::with_capacity(shapes.len()),
                Vec::with_capacity(shapes.len() * train),
                Vec::with_capacity(shapes.len() * train),
                Vec::with_capacity(shapes.len()),
            );
            let tests: Vec<_> = design
                .experiments
                .iter()
                .filter(|e| e.channel == k)
                .collect();
            for (shape, series) in shapes {
                let f: f64 = series.iter().sum();
                let u: Vec<f64> = series[..train].iter().map(|v| v * total / f).collect();
                let u = whiten(&u);
                let mu = project(&u);
                block.a.push(dot(&u, &mu).max(0.0));
                block.u.extend_from_slice(&u);
                block.mu.extend_from_slice(&mu);
                if let (false, Some(transform)) = (tests.is_empty(), &shape.transform) {
                    let (mut precision, mut shift) = (0.0, 0.0);
                    for e in &tests {
                        let l = total / f * window_effect(transform, x, e.first, e.last, e.scope);
                        let w = 1.0 / (e.standard_error * e.standard_error);
                        precision += l * l * w;
                        shift += l * e.lift * w;
                    }
                    block.lift_precision.push(precision);
                    block.lift_shift.push(shift);
                }
                block.shapes.push(Shape {
                    coefficient_per_rho: total / f,
                    ..shape
                });
            }
            let no_effect = if k < features.paid {
                settings.no_effect
            } else {
                0.0
            };
            block.set_prior(centre, spread, no_effect);
            // The slope prior: the analyst's for every column (0: none anywhere); by default
            // for paid channels that never pause, and against slopes below 1 for paid channels
            // with a lift test, in step with what the test tells (see `tested_spread`).
            let always_on = k < features.paid && never_pauses(&x[..train]);
            let tested = (k < features.paid)
                .then(|| tested_spread(&block.lift_precision, spread))
                .flatten();
            let prior = match (spec.hill_slope_prior, tested) {
                (Some(sd), _) => Some(SlopePrior::Around(sd)).filter(|_| sd > 0.0),
                (None, _) if always_on => Some(SlopePrior::Around(NEVER_PAUSES_SLOPE_SD)),
                (None, Some(sd)) => Some(SlopePrior::NotBelowOne(sd)),
                (None, None) => None,
            };
            let sloped = block.set_shape_prior(prior, spec.delayed_lag_share);
            // Only where it weighs the shapes (a curve without a Hill α has none).
            let prior = prior.filter(|_| sloped);
            let slope_prior = match prior {
                Some(SlopePrior::Around(sd)) => Some(sd),
                _ => None,
            };
            let slope_below_one = match prior {
                Some(SlopePrior::NotBelowOne(sd)) => Some(sd),
                _ => None,
            };
            let delayed_share = if block.shapes.iter().any(|sh| sh.delayed) {
                spec.delayed_lag_share
            } else {
                0.0
            };
            priors.push(PriorInfo {
                name: m.name.clone(),
                no_effect,
                quantity: quantity.into(),
                centre,
                spread,
                set_by_user: k < features.paid && user[k].is_some(),
                shapes: block.shapes.len(),
                slope_prior,
                never_pauses: always_on,
                slope_below_one,
                delayed_share,
            });
            blocks.push(block);
        }
        let y_sd = {
            let m = y.iter().sum::<f64>() / train as f64;
            (y.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / train as f64).sqrt()
        };
        for (j, sign) in signed {
            let u: Vec<f64> = features.base[j].values[..train]
                .iter()
                .map(|v| sign * v / scale[j])
                .collect();
            let u = whiten(&u);
            let mu = project(&u);
            let a = vec![dot(&u, &mu).max(0.0)];
            let mut block = Block::new(
                BlockTarget::Baseline(j, sign),
                vec![Shape::fixed()],
                u,
                mu,
                a,
            );
            block.set_prior(
                0.0,
                SIGNED_BASELINE_SPREAD * y_sd.max(f64::MIN_POSITIVE),
                0.0,
            );
            blocks.push(block);
        }
        Ok(Sampler {
            phi,
            settings: settings.clone(),
            train,
            y,
            blocks,
            free,
            z,
            chol,
            base_scale: scale.to_vec(),
            base_len: features.base.len(),
            media_len: media_specs.len(),
            priors,
            frame,
        })
    }

    /// Start chain `chain` (0-based).
    pub fn chain(&self, chain: usize) -> Chain<'_> {
        let mut c = self.chain_on_stream(chain as u64);
        c.chain = chain;
        c.out.chain = chain;
        c
    }

    fn chain_on_stream(&self, stream: u64) -> Chain<'_> {
        let chain = 0;
        let mut rng = ChaCha8Rng::seed_from_u64(self.settings.seed);
        rng.set_stream(stream);
        let per_chain = self.settings.saved_draws.div_ceil(self.settings.chains);
        let draws = self.settings.draws;
        // Saved draws evenly over the chain's kept draws.
        let saved_at: Vec<usize> = (0..per_chain.min(draws))
            .map(|i| (i * draws) / per_chain.min(draws))
            .collect();
        let mut state = State {
            shape: vec![0; self.blocks.len()],
            rho: vec![0.0; self.blocks.len()],
            sigma2: 0.0,
            r: self.y.clone(),
        };
        // Start anywhere the prior allows: a random shape and an ROI drawn from its prior.
        for (i, b) in self.blocks.iter().enumerate() {
            let g = rand::Rng::random_range(&mut rng, 0..b.shapes.len());
            let rho = random::truncated_normal(&mut rng, b.centre, b.spread);
            state.shape[i] = g;
            state.rho[i] = rho;
            let u = &b.u[g * self.train..(g + 1) * self.train];
            state.r.iter_mut().zip(u).for_each(|(r, u)| *r -= rho * u);
        }
        state.sigma2 = {
            let m = self.y.iter().sum::<f64>() / self.train as f64;
            self.y.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / self.train as f64
        }
        .max(f64::MIN_POSITIVE);
        Chain {
            sampler: self,
            chain,
            rng,
            state,
            sweep: 0,
            saved_at,
            out: ChainOutput {
                chain,
                rho: Vec::with_capacity(draws),
                sigma: Vec::with_capacity(draws),
                saved: Vec::new(),
                saved_shapes: Vec::new(),
            },
            ln_w: Vec::new(),
            cum: Vec::new(),
        }
    }

    /// The noise's standard deviation from its innovations' (`σ / √(1 − φ²)`).
    fn marginal_sd(&self, innovation: f64) -> f64 {
        innovation / (1.0 - self.phi * self.phi).sqrt()
    }

    /// Total sweeps of one chain.
    pub fn sweeps_per_chain(&self) -> usize {
        self.settings.tune + self.settings.draws
    }

    /// Number of grid shapes of each media column.
    pub fn shapes_per_column(&self) -> Vec<usize> {
        self.blocks
            .iter()
            .filter(|b| matches!(b.target, BlockTarget::Media(_)))
            .map(|b| b.shapes.len())
            .collect()
    }

    /// Run every chain here, one after the other.
    pub fn run(&self) -> Vec<ChainOutput> {
        (0..self.settings.chains)
            .map(|c| {
                let mut ch = self.chain(c);
                ch.step(usize::MAX);
                ch.finish()
            })
            .collect()
    }

    /// The fitted model and diagnostics of finished chains (any order; each chain once).
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] when chains are missing or repeated.
    pub fn assemble(&self, mut chains: Vec<ChainOutput>) -> Result<Posterior> {
        chains.sort_by_key(|c| c.chain);
        let expected: Vec<usize> = (0..self.settings.chains).collect();
        let blocks = self.blocks.len();
        // Outputs come back from workers: every index is checked before it is used.
        let well_formed = |c: &ChainOutput| {
            c.rho.len() == self.settings.draws
                && c.sigma.len() == self.settings.draws
                && c.rho.iter().all(|r| r.len() == blocks)
                && !c.saved.is_empty()
                && c.saved.len() == c.saved_shapes.len()
                && c.saved.iter().all(|(d, p)| {
                    *d < c.rho.len()
                        && p.media.len() == self.media_len
                        && p.baseline.len() == self.base_len
                })
                && c.saved_shapes.iter().all(|g| {
                    g.len() == blocks
                        && g.iter().zip(&self.blocks).all(|(&k, b)| k < b.shapes.len())
                })
        };
        if chains.iter().map(|c| c.chain).collect::<Vec<_>>() != expected
            || !chains.iter().all(well_formed)
        {
            return Err(Error::setting(
                "chains",
                chains.len(),
                "every chain must finish once before the model is assembled",
            ));
        }
        // Diagnostics over every block's ρ and σ.
        let mut rhat_max: f64 = 1.0;
        let mut ess_min = f64::INFINITY;
        for j in 0..=blocks {
            let series: Vec<Vec<f64>> = chains
                .iter()
                .map(|c| {
                    if j < blocks {
                        c.rho.iter().map(|r| r[j]).collect()
                    } else {
                        c.sigma.clone()
                    }
                })
                .collect();
            let r = diagnostics::split_rhat(&series);
            let e = diagnostics::ess(&series);
            if r.is_finite() || r.is_infinite() {
                rhat_max = rhat_max.max(r);
            }
            if e.is_finite() {
                ess_min = ess_min.min(e);
            }
        }
        // Posterior median of each media column's ρ (the point's ROI).
        let median_of = |j: usize| -> f64 {
            let mut v: Vec<f64> = chains
                .iter()
                .flat_map(|c| c.rho.iter().map(move |r| r[j]))
                .collect();
            v.sort_by(f64::total_cmp);
            crate::model::uncertainty::quantile_sorted(&v, 0.5)
        };
        let sd_of = |j: usize| -> f64 {
            let v: Vec<f64> = chains
                .iter()
                .flat_map(|c| c.rho.iter().map(move |r| r[j]))
                .collect();
            let m = v.iter().sum::<f64>() / v.len() as f64;
            (v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / v.len() as f64).sqrt()
        };
        let medians: Vec<f64> = (0..self.media_len).map(median_of).collect();
        let sds: Vec<f64> = (0..self.media_len).map(sd_of).collect();
        // The point's curve shapes: of the saved draws nearest the medians (in posterior
        // standard deviations), the one whose shapes fit the data best with every ROI at its
        // median. The nearest draw alone carries shapes drawn for ROIs a little off the medians
        // (an outside check saw R² 0.977 without a test too vague to move any ROI and 0.948
        // with it; on the current data R² 0.9811 and 0.9800 rise to 0.9818 and 0.9820).
        let mut near: Vec<(f64, usize, usize)> = Vec::new();
        for (ci, c) in chains.iter().enumerate() {
            for (si, (d, _)) in c.saved.iter().enumerate() {
                let dist: f64 = (0..self.media_len)
                    .map(|j| (c.rho[*d][j] - medians[j]).abs() / sds[j].max(1e-12))
                    .sum();
                near.push((dist, ci, si));
            }
        }
        // The nearest, one at a time (a sort would add a sort's code to the page's wasm for
        // 20 picks).
        let mut best: Option<(f64, Parameters, usize, usize)> = None;
        for _ in 0..POINT_CANDIDATES.min(near.len()) {
            let Some(k) = (0..near.len()).min_by(|&a, &b| near[a].0.total_cmp(&near[b].0)) else {
                break;
            };
            let (_, ci, si) = near[k];
            near[k].0 = f64::INFINITY;
            let (_, template) = &chains[ci].saved[si];
            let (p, rss) = self.point(template, &chains[ci].saved_shapes[si], &medians);
            if best.as_ref().is_none_or(|b| rss < b.0) {
                best = Some((rss, p, ci, si));
            }
        }
        let (_, point, ci, si) = best.ok_or_else(|| Error::InvalidModel {
            reason: "the chains saved no draws".into(),
        })?;
        let shapes = &chains[ci].saved_shapes[si];
        let hyperparameters = HyperParams {
            media: (0..self.media_len)
                .map(|j| self.blocks[j].shapes[shapes[j]].values.clone())
                .collect(),
            lambda_h: 0.0,
        };
        let draws: Vec<Parameters> = chains
            .into_iter()
            .flat_map(|c| c.saved.into_iter().map(|(_, p)| p))
            .collect();
        let mut model = self.frame.clone();
        model.point = point;
        model.draws = draws;
        Ok(Posterior {
            model,
            hyperparameters,
            diagnostics: Diagnostics {
                sampler: "gibbs_shape_grid".into(),
                chains: self.settings.chains,
                draws: self.settings.draws,
                tune: self.settings.tune,
                rhat_max,
                ess_min: if ess_min.is_finite() { ess_min } else { 0.0 },
                divergences: 0,
                shapes: self.shapes_per_column(),
                noise_autocorrelation: self.phi,
            },
            priors: self.priors.clone(),
        })
    }

    /// The point estimate: the saved draw's shapes with each media column's ρ at its posterior
    /// median, the sign-held baseline as drawn, and the free baseline at its conditional mean
    /// given them (so the fitted line is the best this media implies).
    fn point(&self, template: &Parameters, shapes: &[usize], medians: &[f64]) -> (Parameters, f64) {
        let t = self.train;
        let mut p = template.clone();
        let mut r = self.y.clone();
        for (j, b) in self.blocks.iter().enumerate() {
            let g = shapes[j];
            let rho = match b.target {
                BlockTarget::Media(k) => {
                    let rho = medians[j];
                    p.media[k].coefficient = rho * b.shapes[g].coefficient_per_rho;
                    rho
                }
                BlockTarget::Baseline(col, sign) => sign * p.baseline[col] * self.base_scale[col],
            };
            let u = &b.u[g * t..(g + 1) * t];
            r.iter_mut().zip(u).for_each(|(r, u)| *r -= rho * u);
        }
        let c = self.chol.solve(&self.z.t_times(&r));
        for (i, &col) in self.free.iter().enumerate() {
            p.baseline[col] = c[i] / self.base_scale[col];
        }
        let zc = self.z.times(&c);
        let rss: f64 = r
            .iter()
            .zip(zc.iter())
            .map(|(a, b)| (a - b) * (a - b))
            .sum();
        p.sigma = self.marginal_sd((rss / t as f64).sqrt());
        (p, rss)
    }
}

/// A chain's state.
#[derive(Debug, Clone)]
struct State {
    shape: Vec<usize>,
    rho: Vec<f64>,
    sigma2: f64,
    /// `y − Σ ρ u` on the fitted rows.
    r: Vec<f64>,
}

/// One running chain.
pub struct Chain<'a> {
    sampler: &'a Sampler,
    pub chain: usize,
    rng: ChaCha8Rng,
    state: State,
    sweep: usize,
    saved_at: Vec<usize>,
    out: ChainOutput,
    ln_w: Vec<f64>,
    cum: Vec<f64>,
}

impl Chain<'_> {
    /// Sweeps done, and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.sweep, self.sampler.sweeps_per_chain())
    }

    /// True when every sweep is done.
    pub fn is_done(&self) -> bool {
        self.sweep >= self.sampler.sweeps_per_chain()
    }

    /// Run up to `sweeps` more sweeps.
    pub fn step(&mut self, sweeps: usize) {
        let end = self
            .sweep
            .saturating_add(sweeps)
            .min(self.sampler.sweeps_per_chain());
        while self.sweep < end {
            self.gibbs_sweep();
            let tune = self.sampler.settings.tune;
            if self.sweep >= tune {
                let d = self.sweep - tune;
                self.out.rho.push(self.state.rho.clone());
                self.out.sigma.push(self.state.sigma2.sqrt());
                if self.saved_at.binary_search(&d).is_ok() {
                    let p = self.parameters();
                    self.out.saved.push((d, p));
                    self.out.saved_shapes.push(self.state.shape.clone());
                }
            }
            self.sweep += 1;
        }
    }

    /// The chain's output (its kept draws).
    pub fn finish(self) -> ChainOutput {
        self.out
    }

    fn gibbs_sweep(&mut self) {
        let s = self.sampler;
        let t = s.train;
        let st = &mut self.state;
        for (j, b) in s.blocks.iter().enumerate() {
            // Take the block out of the residual.
            let g0 = st.shape[j];
            let u0 = &b.u[g0 * t..(g0 + 1) * t];
            let rho0 = st.rho[j];
            st.r.iter_mut().zip(u0).for_each(|(r, u)| *r += rho0 * u);
            let inv_s2 = 1.0 / (b.spread * b.spread);
            let inv_sigma2 = 1.0 / st.sigma2;
            self.ln_w.clear();
            let mut stats = Vec::with_capacity(b.shapes.len());
            let lifts = !b.lift_precision.is_empty();
            for g in 0..b.shapes.len() {
                let bg = dot(&b.mu[g * t..(g + 1) * t], &st.r);
                let (lp, ls) = if lifts {
                    (b.lift_precision[g], b.lift_shift[g])
                } else {
                    (0.0, 0.0)
                };
                let prec = b.a[g] * inv_sigma2 + inv_s2 + lp;
                let mean = (bg * inv_sigma2 + b.centre * inv_s2 + ls) / prec;
                let sd = 1.0 / prec.sqrt();
                self.ln_w.push(
                    b.ln_slab
                        + b.ln_shape.as_ref().map_or(0.0, |w| w[g])
                        + 0.5 * prec * mean * mean
                        - 0.5 * libm::log(prec)
                        + random::ln_phi(mean / sd),
                );
                stats.push((mean, sd));
            }
            // The "no effect" state (ρ = 0) has likelihood ratio 1 against the residual (and the
            // lift tests' terms at ρ = 0, `−Σ lift²/(2 SE²)`, are left out of every state alike).
            if b.no_effect > 0.0 {
                self.ln_w.push(libm::log(b.no_effect));
            }
            let pick = if self.ln_w.len() == 1 {
                0
            } else {
                random::categorical(&mut self.rng, &self.ln_w, &mut self.cum)
            };
            let (g, rho) = if pick == b.shapes.len() {
                // No effect: the shape is not identified, so it is drawn from its prior.
                let g = match &b.ln_shape {
                    Some(w) => random::categorical(&mut self.rng, w, &mut self.cum),
                    None => rand::Rng::random_range(&mut self.rng, 0..b.shapes.len()),
                };
                (g, 0.0)
            } else {
                let (mean, sd) = stats[pick];
                (pick, random::truncated_normal(&mut self.rng, mean, sd))
            };
            st.shape[j] = g;
            st.rho[j] = rho;
            let u = &b.u[g * t..(g + 1) * t];
            st.r.iter_mut().zip(u).for_each(|(r, u)| *r -= rho * u);
        }
        // σ² | rest: inverse gamma with the residual's quadratic form r'Mr.
        let q = self.quadratic_form();
        let shape = 0.5 * t as f64;
        let g = random::gamma(&mut self.rng, shape);
        self.state.sigma2 = (0.5 * q / g).max(f64::MIN_POSITIVE);
    }

    /// `r'Mr = r'r − (Z'r)'(Z'Z + κI)⁻¹(Z'r)`.
    fn quadratic_form(&self) -> f64 {
        let s = self.sampler;
        let r = &self.state.r;
        let zr = s.z.t_times(r);
        let c = s.chol.solve(&zr);
        let zrc: f64 = zr.iter().zip(c.iter()).map(|(a, b)| a * b).sum();
        (dot(r, r) - zrc).max(0.0)
    }

    /// The current state as a full parameter set (the free baseline drawn from its Gaussian
    /// conditional `N(A⁻¹Z'r, σ²A⁻¹)`).
    fn parameters(&mut self) -> Parameters {
        let s = self.sampler;
        let st = &self.state;
        let mut media = Vec::with_capacity(s.media_len);
        let mut baseline = vec![0.0; s.base_len];
        for (j, b) in s.blocks.iter().enumerate() {
            let shape = &b.shapes[st.shape[j]];
            match (b.target, shape.transform) {
                (BlockTarget::Media(_), Some(transform)) => media.push(MediaParameters {
                    transform,
                    coefficient: st.rho[j] * shape.coefficient_per_rho,
                }),
                (BlockTarget::Baseline(col, sign), _) => {
                    baseline[col] = sign * st.rho[j] / s.base_scale[col];
                }
                // Media shapes always carry a transform (see `grid::shapes`).
                (BlockTarget::Media(_), None) => {}
            }
        }
        let mean = s.chol.solve(&s.z.t_times(&st.r));
        // b = mean + σ L⁻ᵀ e with A = L Lᵀ.
        let e = DVector::from_iterator(
            mean.len(),
            (0..mean.len()).map(|_| random::normal(&mut self.rng)),
        );
        let l = s.chol.l();
        let noise = l
            .transpose()
            .solve_upper_triangular(&e)
            .unwrap_or_else(|| DVector::zeros(mean.len()));
        let sigma = st.sigma2.sqrt();
        for (i, &col) in s.free.iter().enumerate() {
            baseline[col] = (mean[i] + sigma * noise[i]) / s.base_scale[col];
        }
        Parameters {
            media,
            baseline,
            sigma: s.marginal_sd(sigma),
        }
    }
}

/// Convergence of the chains (MODEL.json `diagnostics`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnostics {
    /// `gibbs_shape_grid`.
    pub sampler: String,
    pub chains: usize,
    /// Kept draws per chain.
    pub draws: usize,
    pub tune: usize,
    /// Largest split R̂ over every channel's ROI and σ (≤ 1.01: the chains agree).
    pub rhat_max: f64,
    /// Smallest effective sample size over the same quantities.
    pub ess_min: f64,
    /// Divergent transitions (a gradient sampler's warning sign; a Gibbs sampler has none).
    pub divergences: usize,
    /// Grid shapes per media column.
    pub shapes: Vec<usize>,
    /// Lag-1 autocorrelation of the noise the model assumed (0: independent).
    #[serde(default)]
    pub noise_autocorrelation: f64,
}

/// A finished Bayesian fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Posterior {
    pub model: FittedModel,
    /// The point's curve parameters.
    pub hyperparameters: HyperParams,
    pub diagnostics: Diagnostics,
    pub priors: Vec<PriorInfo>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::precision::assert_close;

    /// Half-normal with half the KPI per unit of all paid spend; 1 when there is no spend.
    #[test]
    fn the_default_roi_prior_spreads_half_the_kpi_per_unit_of_spend() {
        let (centre, spread) = default_roi_prior(200.0, 100.0);
        assert_close(centre, 0.0, 0.0);
        assert_close(spread, 1.0, 1e-15);
        assert_close(default_roi_prior(-200.0, 100.0).1, 1.0, 1e-15);
        assert_close(default_roi_prior(200.0, 0.0).1, 0.5, 1e-15);
    }

    /// A KPI that goes below zero in a twentieth of the periods or more is sized by n × its
    /// range, whatever its shift; one that never does, by its sum; one between, by a mix.
    #[test]
    fn a_kpi_below_zero_is_sized_by_its_range() {
        assert_close(kpi_size(&[10.0, 0.0, 30.0]), 40.0, 0.0);
        // Range 40 over 3 periods: 120, however far down it is shifted.
        assert_close(kpi_size(&[-10.0, 0.0, 30.0]), 120.0, 0.0);
        assert_close(kpi_size(&[-60.0, -50.0, -20.0]), 120.0, 0.0);
        assert_close(kpi_size(&[-1010.0, -1000.0, -970.0]), 120.0, 0.0);
        // One period below zero in 20 is a twentieth: the range. One in 100 is a fifth of a
        // twentieth: a fifth of the range (100 × 105) and four fifths of the sum (9,895).
        let mut y = vec![100.0; 19];
        y.push(-5.0);
        assert_close(kpi_size(&y), 20.0 * 105.0, 1e-12);
        let mut y = vec![100.0; 99];
        y.push(-5.0);
        assert_close(kpi_size(&y), 0.8 * 9895.0 + 0.2 * 10_500.0, 1e-9);
        // Continuous at the edge: 5 of 100 below zero is the range, 4 of 100 four fifths of it.
        let edge = |k: usize| {
            let mut y = vec![100.0; 100 - k];
            y.extend(std::iter::repeat_n(-5.0, k));
            kpi_size(&y)
        };
        assert_close(edge(5), 10_500.0, 1e-9);
        assert_close(edge(4), 0.2 * (9600.0 - 20.0) + 0.8 * 10_500.0, 1e-9);
    }

    fn block_of_alphas(alphas: &[f64]) -> Block {
        use crate::transform::{Adstock, ChannelTransform};
        let shapes = alphas
            .iter()
            .map(|&alpha| Shape {
                values: vec![0.0, alpha, 0.5],
                transform: Some(ChannelTransform {
                    adstock: Adstock::geometric(0.0).unwrap(),
                    saturation: Saturation::hill(alpha, 0.5, 10.0).unwrap(),
                    series_len: 10,
                }),
                coefficient_per_rho: 1.0,
                delayed: false,
            })
            .collect();
        Block::new(
            BlockTarget::Media(0),
            shapes,
            Vec::new(),
            Vec::new(),
            Vec::new(),
        )
    }

    /// A channel never pauses when under 5 % of its periods fall below a quarter of its median
    /// positive activity: by hand, on 40 periods (5 % is 2 periods).
    #[test]
    fn never_pauses_by_hand() {
        // Median 10: one period at 2 (< 2.5) is under 5 %; two are not.
        let mut x = vec![10.0; 40];
        x[3] = 2.0;
        assert!(never_pauses(&x));
        x[7] = 0.0;
        assert!(!never_pauses(&x));
        // 2.5 is a quarter of the median exactly: not a pause.
        x[7] = 2.5;
        assert!(never_pauses(&x));
        // A channel that never spent, and flighting (half the periods dark), pause.
        assert!(!never_pauses(&[0.0; 40]));
        let flighted: Vec<f64> = (0..40)
            .map(|t| if t % 2 == 0 { 10.0 } else { 0.0 })
            .collect();
        assert!(!never_pauses(&flighted));
    }

    /// Each shape's prior weight (its stored log weight over the uniform `1/G`, as a weight).
    fn shape_weights(b: &Block) -> Vec<f64> {
        let g = b.shapes.len() as f64;
        b.ln_shape
            .as_ref()
            .unwrap()
            .iter()
            .map(|l| libm::exp(*l) / g)
            .collect()
    }

    /// `hill_slope_prior` weighs the shapes by the log-normal density of their α: by hand,
    /// with sd 0.5, `exp(−ln²α / 0.5) / α` is 0.7650, 1 and 0.1913 at α = 0.5, 1, 2, which
    /// normalize to 0.39108, 0.51115, 0.09777 (each shape's weight over the uniform 1/3 is
    /// stored as a log). Without the prior (or with a spread of 0) the weights stay uniform.
    #[test]
    fn a_slope_prior_weighs_the_shapes_by_their_hill_alpha() {
        let mut b = block_of_alphas(&[0.5, 1.0, 2.0]);
        b.set_shape_prior(Some(SlopePrior::Around(0.5)), 0.0);
        for (got, want) in shape_weights(&b)
            .iter()
            .zip([0.391_078, 0.511_152, 0.097_770])
        {
            assert_close(*got, want, 1e-5);
        }
        b.set_shape_prior(None, 0.0);
        assert!(b.ln_shape.is_none());
        b.set_shape_prior(Some(SlopePrior::Around(0.0)), 0.0);
        assert!(b.ln_shape.is_none());
        // A single α (its range fixed): the prior weighs nothing, so none is kept.
        let mut single = block_of_alphas(&[2.0, 2.0, 2.0]);
        single.set_shape_prior(Some(SlopePrior::Around(0.5)), 0.0);
        assert!(single.ln_shape.is_none());
        // Shapes without a Hill α (a sign-held column): uniform, not a vector of zeros.
        let mut fixed = Block::new(
            BlockTarget::Media(0),
            vec![Shape::fixed(), Shape::fixed()],
            Vec::new(),
            Vec::new(),
            Vec::new(),
        );
        fixed.set_shape_prior(Some(SlopePrior::Around(0.5)), 0.0);
        assert!(fixed.ln_shape.is_none());
        // Against slopes below 1 only: exp(−ln²0.5 / 0.5) = 0.38247 at α = 0.5, 1 at α = 1
        // and 2 (no 1/α factor), which normalize to 0.16056, 0.41972, 0.41972.
        b.set_shape_prior(Some(SlopePrior::NotBelowOne(0.5)), 0.0);
        for (got, want) in shape_weights(&b)
            .iter()
            .zip([0.160_562, 0.419_719, 0.419_719])
        {
            assert_close(*got, want, 1e-5);
        }
        // Every α at 1 or more: nothing weighed.
        let mut flat = block_of_alphas(&[1.0, 2.0, 3.0]);
        assert!(!flat.set_shape_prior(Some(SlopePrior::NotBelowOne(0.5)), 0.0));
        assert!(flat.ln_shape.is_none());
    }

    /// A tested channel's prior against slopes below 1 grows with what its tests tell: by
    /// hand, with an ROI prior spread of 2 (precision 0.25) and test precisions 0.25, 0.75 and
    /// 24.75 over three shapes, the shares are 0.5, 0.75 and 0.99; their median 0.75 gives a
    /// spread of 0.5 / √0.75 = 0.57735. A precision of 0.25/15 gives a share of 1/16, the
    /// least that brings the prior (spread 2). Without tests, none; a test of no precision,
    /// none.
    #[test]
    fn a_tested_channels_prior_grows_with_what_its_tests_tell() {
        assert_close(
            tested_spread(&[0.25, 24.75, 0.75], 2.0).unwrap(),
            0.5 / 0.75f64.sqrt(),
            1e-12,
        );
        assert_close(tested_spread(&[1e6], 2.0).unwrap(), 0.5, 1e-6);
        // An exact test (infinite precision): the full prior.
        assert_close(tested_spread(&[f64::INFINITY], 2.0).unwrap(), 0.5, 0.0);
        // Shares of 1/16 and just under: a spread of 2, then none.
        assert_close(tested_spread(&[0.25 / 15.0], 2.0).unwrap(), 2.0, 1e-12);
        assert_eq!(tested_spread(&[0.25 / 15.5], 2.0), None);
        assert_eq!(tested_spread(&[], 2.0), None);
        assert_eq!(tested_spread(&[0.0, 0.0], 2.0), None);
    }

    /// Delayed lags get `delayed_share` of the prior in all, each family's shapes weighed by
    /// the slope prior within it: with sd 0.5 and a share of 0.1 the geometric shapes at
    /// α = 0.5, 1, 2 weigh 0.9 × (0.39108, 0.51115, 0.09777) and the delayed ones 0.1 × the
    /// same (the weights over the uniform 1/6 are stored as logs).
    #[test]
    fn delayed_lags_get_their_share_of_the_prior() {
        let weights = shape_weights;
        let mut b = block_of_alphas(&[0.5, 1.0, 2.0, 0.5, 1.0, 2.0]);
        for sh in &mut b.shapes[3..] {
            sh.delayed = true;
        }
        assert!(b.set_shape_prior(Some(SlopePrior::Around(0.5)), 0.1));
        let slope = [0.391_078, 0.511_152, 0.097_770];
        for (k, got) in weights(&b).iter().enumerate() {
            let share = if k < 3 { 0.9 } else { 0.1 };
            assert_close(*got, share * slope[k % 3], 1e-5);
        }
        // Without a slope prior: 0.9 / 3 each and 0.1 / 3 each, and no slope prior reported.
        assert!(!b.set_shape_prior(None, 0.1));
        for (k, got) in weights(&b).iter().enumerate() {
            assert_close(*got, if k < 3 { 0.3 } else { 0.1 / 3.0 }, 1e-12);
        }
        // A share of 0 leaves the shapes uniform (the same draws as before delayed lags).
        assert!(!b.set_shape_prior(None, 0.0));
        assert!(b.ln_shape.is_none());
        // Families with different slopes (shapes left out of one): still 0.9 and 0.1 in all,
        // the slope prior weighing within each (a single delayed shape takes all of its 0.1).
        let mut c = block_of_alphas(&[0.5, 1.0, 2.0, 1.0]);
        c.shapes[3].delayed = true;
        assert!(c.set_shape_prior(Some(SlopePrior::Around(0.5)), 0.1));
        let w = weights(&c);
        for (got, want) in w
            .iter()
            .zip([0.9 * slope[0], 0.9 * slope[1], 0.9 * slope[2], 0.1])
        {
            assert_close(*got, want, 1e-5);
        }
    }
}
