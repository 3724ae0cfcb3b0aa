//! The grid of curve shapes a media column's adstock and saturation parameters take in the
//! Bayesian estimator: points over each parameter's range in the model description, every
//! combination of them — evenly spaced, except decays (even in the logarithm of the half-life),
//! the logistic λ (log-spaced: its effect is multiplicative) and a Hill γ reaching beyond 1
//! (even up to 1, geometric beyond: [`crate::model::spec::gamma_at`]). A uniform prior over the
//! grid is a uniform prior over those coordinates.
//!
//! A geometric decay cannot put a channel's effect weeks after its spend (a TV campaign whose
//! sales peak in week three), and such a channel read with one alone can come out at nothing.
//! So a geometric Hill column's grid also holds [`DELAYED_SCALES`] delayed lags (Weibull
//! densities) with the same saturation grid; the estimator gives them together a small share
//! of the prior ([`crate::model::spec::ModelSpec::delayed_lag_share`]), so a channel reads as
//! delayed only where its data say so. Measured in BENCHMARKS.md ("Delayed lags").

use crate::error::Result;
use crate::model::spec::MediaSpec;
use crate::transform::{Adstock, ChannelTransform, Saturation};

/// One grid point of a column.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// Parameter values in [`MediaSpec::parameter_names`] order; for a delayed lag, the Weibull
    /// density's shape and scale in place of θ (`[shape, scale, α, γ]`).
    pub values: Vec<f64>,
    /// A delayed lag added to a geometric column's grid (see the module docs).
    pub delayed: bool,
    /// The transform (absent for a sign-held baseline column, which has no shape).
    pub transform: Option<ChannelTransform>,
    /// Coefficient per unit of ρ: the column's total (spend, or KPI) over its transformed
    /// activity's total.
    pub coefficient_per_rho: f64,
}

impl Shape {
    /// The single "shape" of a column without one.
    pub fn fixed() -> Shape {
        Shape {
            values: Vec::new(),
            transform: None,
            coefficient_per_rho: 1.0,
            delayed: false,
        }
    }
}

/// How finely to grid each kind of parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Points for a geometric decay θ.
    pub theta: usize,
    /// Points for each Weibull parameter.
    pub weibull: usize,
    /// Points for Hill α.
    pub alpha: usize,
    /// Points for Hill γ and the logistic λ.
    pub inflexion: usize,
}

/// The grid's resolutions, finest first.
const LEVELS: [Budget; 5] = [
    Budget {
        theta: 9,
        weibull: 5,
        alpha: 6,
        inflexion: 8,
    },
    Budget {
        theta: 7,
        weibull: 4,
        alpha: 5,
        inflexion: 6,
    },
    Budget {
        theta: 5,
        weibull: 3,
        alpha: 4,
        inflexion: 5,
    },
    Budget {
        theta: 4,
        weibull: 3,
        alpha: 3,
        inflexion: 4,
    },
    Budget {
        theta: 3,
        weibull: 2,
        alpha: 2,
        inflexion: 3,
    },
];

/// Largest number of stored grid values (two per row per shape) over all columns: 6 M values,
/// 48 MB per chain's worker, keeps the page within its memory budget with two workers.
pub const MAX_GRID_VALUES: usize = 6_000_000;

/// Beyond this many values (384 MB) even the coarsest grid is refused: the Bayesian estimator
/// would run out of memory in a page's worker and take hours on the command line.
pub const REFUSED_GRID_VALUES: usize = 8 * MAX_GRID_VALUES;

impl Budget {
    /// The default grid (9 decays × 6 slopes × 11 inflexion points = 594 shapes for a geometric
    /// Hill channel: 8 inflexions up to the largest adstocked value, 3 beyond), made coarser
    /// step by step until the grid series of `columns` over `rows` rows fit in
    /// [`MAX_GRID_VALUES`]. Counted on the columns' own grids (without delayed lags: see
    /// [`Budget::with_delayed`]), so a Weibull channel (up to 25 lag shapes) costs what it costs
    /// and geometric ones (9 decays) keep the full grid longer.
    pub fn for_columns(rows: usize, columns: &[&MediaSpec]) -> Budget {
        LEVELS
            .into_iter()
            .find(|b| b.fits(rows, columns, false))
            .unwrap_or(LEVELS[LEVELS.len() - 1])
    }

    /// Grid shapes of all `columns` at this level, with their delayed lags if `delayed`.
    pub fn shapes(&self, columns: &[&MediaSpec], delayed: bool) -> usize {
        columns
            .iter()
            .map(|m| count(m, *self) + if delayed { delayed_count(m, *self) } else { 0 })
            .sum()
    }

    /// The values the grid series of `columns` over `rows` rows take at this level (`None`
    /// beyond `usize`).
    pub fn values(&self, rows: usize, columns: &[&MediaSpec], delayed: bool) -> Option<usize> {
        let shapes = self.shapes(columns, delayed);
        shapes.checked_mul(rows).and_then(|v| v.checked_mul(2))
    }

    /// Whether they fit in [`MAX_GRID_VALUES`] (the coarsest level may not, beyond eleven
    /// years of daily rows with thirty-one channels).
    pub fn fits(&self, rows: usize, columns: &[&MediaSpec], delayed: bool) -> bool {
        self.values(rows, columns, delayed)
            .is_some_and(|v| v <= MAX_GRID_VALUES)
    }

    /// The Bayesian estimator's grid for `columns` over `rows` fitted rows: the level their own
    /// shapes fit at ([`Budget::for_columns`]), and whether the delayed lags of a prior share
    /// `delayed_share` come too: only beside the full grid, where they fit in
    /// [`MAX_GRID_VALUES`] with it, and with at least [`MIN_DELAYED_ROWS`] rows. So they never
    /// make a grid coarser: from about 3,200 periods × media columns (full grid and lags for
    /// all-geometric columns) the full grid goes without them, and big data's coarser grids have
    /// none. MODEL.json's `priors[].delayed_share` is then 0.
    pub fn with_delayed(rows: usize, columns: &[&MediaSpec], delayed_share: f64) -> (Budget, bool) {
        let budget = Budget::for_columns(rows, columns);
        let delayed = delayed_share > 0.0
            && rows >= MIN_DELAYED_ROWS
            && budget.is_full()
            && budget.fits(rows, columns, true);
        (budget, delayed)
    }

    /// The full grid.
    pub fn full() -> Budget {
        LEVELS[0]
    }

    /// True for the full default grid.
    pub fn is_full(&self) -> bool {
        self.theta == 9
    }
}

fn linspace(low: f64, high: f64, k: usize) -> Vec<f64> {
    if high <= low || k <= 1 {
        return vec![low];
    }
    (0..k)
        .map(|i| low + (high - low) * i as f64 / (k - 1) as f64)
        .collect()
}

/// Geometric decays spaced evenly in the logarithm of their half-life, `h = ln 2 / −ln θ`:
/// carryover acts on time scales, so a 1-to-2-period half-life differs as much as 8-to-16. From
/// `low` (0: no carryover, kept as a point) to `high`, with the shortest half-life after 0 a
/// sixteenth of the longest. Denser at high θ than even spacing, where daily data's decays lie.
fn half_life_spaced(low: f64, high: f64, k: usize) -> Vec<f64> {
    if high <= low || k <= 2 || high <= 0.0 {
        return linspace(low, high, k);
    }
    let h = |theta: f64| std::f64::consts::LN_2 / -libm::log(theta);
    let h_high = h(high);
    let (first, rest) = if low <= 0.0 {
        (vec![low], k - 1)
    } else {
        (Vec::new(), k)
    };
    let h_low = if low > 0.0 { h(low) } else { h_high / 16.0 };
    let mut out = first;
    out.extend(
        logspace(h_low, h_high, rest)
            .into_iter()
            .map(|hl| libm::exp(-std::f64::consts::LN_2 / hl).clamp(low, high)),
    );
    out
}

fn logspace(low: f64, high: f64, k: usize) -> Vec<f64> {
    if high <= low || k <= 1 || low <= 0.0 {
        return linspace(low, high, k);
    }
    linspace(libm::log(low), libm::log(high), k)
        .into_iter()
        .map(libm::exp)
        .collect()
}

/// Shape of the Weibull densities of the delayed lags: their weights rise from near nothing at
/// the spend's own period to a peak and fall (the density's mode, 0.87 λ, at lag 0.87 λ − 1).
pub const DELAYED_SHAPE: f64 = 3.0;

/// The delayed lags' Weibull scales λ, in whole periods (so `Adstock::weibull_pdf`'s rounding
/// keeps them): modes 0.7, 1.6, 2.5, 3.4 and 5.1 periods after the spend. The last reaches an
/// effect peaking four to five periods on: an outside check's tv, whose effect peaked four weeks
/// after its spend, was read at 0.63–0.82 against 2.0 with the scales up to 5, at 1.42–1.63 with
/// 7 (BENCHMARKS.md, "A longer delayed lag, and plans over a year of any cadence").
pub const DELAYED_SCALES: [f64; 5] = [2.0, 3.0, 4.0, 5.0, 7.0];

/// `Adstock::weibull_pdf`'s scale of the delayed lag of scale `lambda` periods over a series of
/// `n`: a share of the series, λ = 1 + scale·(n − 1).
pub fn delayed_scale(lambda: f64, n: usize) -> f64 {
    (lambda - 1.0) / (n as f64 - 1.0)
}

/// The scale λ in periods of a grid's delayed lag ([`delayed_scale`] inverted), or `None` for
/// any other carryover.
pub fn delayed_lambda(adstock: &Adstock, n: usize) -> Option<f64> {
    match *adstock {
        Adstock::WeibullPdf { shape, scale } if shape == DELAYED_SHAPE => {
            Some(1.0 + scale * (n as f64 - 1.0))
        }
        _ => None,
    }
}

/// Fewest rows (fitted periods) with which a grid holds delayed lags: twice the longest scale.
pub const MIN_DELAYED_ROWS: usize = 14;

/// Whether column `m` gets delayed lags beside its geometric decays: a geometric Hill column
/// (paid or organic) whose decay is not fixed by its range (`--range tv.theta=0:0` asks for no
/// carryover at all).
pub fn takes_delayed_lags(m: &MediaSpec) -> bool {
    m.parameter_names() == ["theta", "alpha", "gamma"] && m.ranges[0].high > m.ranges[0].low
}

/// Number of delayed-lag shapes column `m` gets at this budget (0 unless
/// [`takes_delayed_lags`]).
pub fn delayed_count(m: &MediaSpec, budget: Budget) -> usize {
    if !takes_delayed_lags(m) {
        return 0;
    }
    let axes = axes(m, budget);
    DELAYED_SCALES.len() * axes[1..].iter().map(Vec::len).product::<usize>()
}

/// Every grid shape of column `m` with activity `x` over all `n` rows, and its transformed
/// series (over all rows); with `delayed` (from [`Budget::with_delayed`]), a geometric Hill
/// column's delayed lags after its own shapes. Shapes whose series is zero or not finite are
/// left out.
///
/// # Errors
/// [`crate::Error::InvalidParameter`] if the description's ranges leave a transform's domain
/// (they are checked when the description is built, so this does not happen).
pub fn shapes(
    m: &MediaSpec,
    x: &[f64],
    n: usize,
    budget: Budget,
    delayed: bool,
) -> Result<Vec<(Shape, Vec<f64>)>> {
    let names = m.parameter_names();
    let axes = axes(m, budget);
    let adstock_dims = if names[0] == "theta" { 1 } else { 2 };
    let mut out = Vec::new();
    for ad in product(&axes[..adstock_dims]) {
        let adstock = m.adstock_of(&ad)?;
        let a = adstock.apply(x);
        let reference = peak(&a);
        for sat in product(&axes[adstock_dims..]) {
            let values: Vec<f64> = ad.iter().chain(&sat).copied().collect();
            let transform = m.transform(&values, n, reference)?;
            push_shape(&mut out, values, transform, &a, false);
        }
    }
    if delayed && takes_delayed_lags(m) && n >= MIN_DELAYED_ROWS {
        for lambda in DELAYED_SCALES {
            let scale = delayed_scale(lambda, n);
            let adstock = Adstock::weibull_pdf(DELAYED_SHAPE, scale)?;
            let a = adstock.apply(x);
            let reference = peak(&a);
            for sat in product(&axes[1..]) {
                let transform = ChannelTransform {
                    adstock,
                    saturation: Saturation::hill(sat[0], sat[1], reference)?,
                    series_len: n,
                };
                let values = vec![DELAYED_SHAPE, scale, sat[0], sat[1]];
                push_shape(&mut out, values, transform, &a, true);
            }
        }
    }
    Ok(out)
}

/// The largest value of an adstocked series (the saturation's reference level), at least the
/// smallest positive number.
fn peak(a: &[f64]) -> f64 {
    a.iter()
        .fold(0.0f64, |s, &v| s.max(v))
        .max(f64::MIN_POSITIVE)
}

/// Adds the shape `transform` makes of the adstocked activity `a`, unless its series is zero or
/// not finite.
fn push_shape(
    out: &mut Vec<(Shape, Vec<f64>)>,
    values: Vec<f64>,
    transform: ChannelTransform,
    a: &[f64],
    delayed: bool,
) {
    let series = transform.saturation.apply(a);
    let total: f64 = series.iter().sum();
    if total.is_finite() && total > 0.0 {
        let shape = Shape {
            values,
            transform: Some(transform),
            coefficient_per_rho: 1.0,
            delayed,
        };
        out.push((shape, series));
    }
}

/// Each parameter's grid values.
fn axes(m: &MediaSpec, budget: Budget) -> Vec<Vec<f64>> {
    m.parameter_names()
        .iter()
        .zip(&m.ranges)
        .map(|(name, r)| match *name {
            "theta" => half_life_spaced(r.low, r.high, budget.theta),
            "shape" | "scale" => linspace(r.low, r.high, budget.weibull),
            "alpha" => linspace(r.low, r.high, budget.alpha),
            "lambda" => logspace(r.low, r.high, budget.inflexion),
            "gamma" => gamma_axis(*r, budget.inflexion),
            _ => linspace(r.low, r.high, budget.inflexion),
        })
        .collect()
}

/// Hill γ (inflexion over the largest adstocked value): for a range up to 1, `k` points evenly;
/// for one reaching beyond 1, `k / 0.7` points (rounded) evenly in the γ coordinate of
/// [`crate::model::spec::gamma_at`], so about `k` of them bend inside the spends the channel ran
/// at and 70 % of the grid's prior lies there: at full resolution 8 points up to 1, then 1.59,
/// 2.52 and 4 for the default range; 4 in all on the coarsest grid.
fn gamma_axis(r: crate::model::spec::Range, k: usize) -> Vec<f64> {
    if r.high <= 1.0 || r.high <= r.low {
        return linspace(r.low, r.high, k);
    }
    let n = ((k as f64 / crate::model::spec::GAMMA_INSIDE_SHARE).round() as usize).max(k.max(2));
    (0..n)
        .map(|i| crate::model::spec::gamma_at(r, i as f64 / (n - 1) as f64))
        .collect()
}

/// The parameter values of every grid shape of column `m` (in [`MediaSpec::parameter_names`]
/// order, the order of [`shapes`]), without their series.
pub fn values(m: &MediaSpec, budget: Budget) -> Vec<Vec<f64>> {
    product(&axes(m, budget))
}

/// Number of grid shapes of column `m` (before unusable ones are left out).
pub fn count(m: &MediaSpec, budget: Budget) -> usize {
    axes(m, budget).iter().map(Vec::len).product()
}

/// Every combination of the axes' values, the last axis fastest.
fn product(axes: &[Vec<f64>]) -> Vec<Vec<f64>> {
    axes.iter().fold(vec![Vec::new()], |acc, axis| {
        acc.iter()
            .flat_map(|p| {
                axis.iter().map(move |&v| {
                    let mut q = p.clone();
                    q.push(v);
                    q
                })
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transform::{AdstockKind, SaturationKind};

    #[test]
    fn a_geometric_hill_column_has_every_combination_of_the_axes() {
        let m = MediaSpec::new("tv", AdstockKind::Geometric, SaturationKind::Hill);
        let x: Vec<f64> = (0..20).map(|t| (t % 3) as f64).collect();
        let b = Budget::for_columns(20, &[&m]);
        let s = shapes(&m, &x, 20, b, false).unwrap();
        assert_eq!(s.len(), 9 * 6 * 11);
        // θ first (slowest), then α, then γ: the second shape differs in γ only.
        assert_eq!(s[0].0.values, vec![0.0, 0.5, 0.01]);
        assert_eq!(s[1].0.values[..2], [0.0, 0.5]);
        assert!((s[1].0.values[2] - (0.01 + 0.99 / 7.0)).abs() < 1e-12);
        assert_eq!(s.last().unwrap().0.values, vec![0.8, 3.0, 4.0]);
    }

    /// With delayed lags a geometric Hill column's 594 shapes are followed by 5 lags × the
    /// same 6 × 11 saturation shapes; the lag of scale λ = 3 periods weighs the spend two
    /// periods back most (the density `x² exp(−(x/3)³)` at x = 1, 2, 3, 4 is 0.964, 2.974,
    /// 3.311, 1.494: the peak at x = 3, lag 2). Series shorter than 14 rows get none.
    #[test]
    fn delayed_lags_follow_a_geometric_columns_own_shapes() {
        let m = MediaSpec::new("tv", AdstockKind::Geometric, SaturationKind::Hill);
        let x: Vec<f64> = (0..20).map(|t| (t % 3) as f64).collect();
        let b = Budget::for_columns(20, &[&m]);
        let s = shapes(&m, &x, 20, b, true).unwrap();
        assert_eq!(s.len(), 594 + 5 * 6 * 11);
        assert_eq!(delayed_count(&m, b), 5 * 6 * 11);
        assert!(s[..594].iter().all(|(sh, _)| !sh.delayed));
        let lag3: Vec<_> = s[594..]
            .iter()
            .filter(|(sh, _)| (sh.values[1] - 2.0 / 19.0).abs() < 1e-12)
            .collect();
        assert_eq!(lag3.len(), 6 * 11);
        let (sh, _) = lag3[0];
        assert!(sh.delayed);
        assert!((sh.values[0] - DELAYED_SHAPE).abs() < 1e-12);
        let w = sh.transform.as_ref().unwrap().adstock.weights(20);
        let peak = (0..w.len()).max_by(|&i, &j| w[i].total_cmp(&w[j])).unwrap();
        assert_eq!(peak, 2, "{w:?}");
        // Another family has none, and neither has a short series.
        let weibull = MediaSpec::new("tv", AdstockKind::WeibullPdf, SaturationKind::Hill);
        assert_eq!(delayed_count(&weibull, b), 0);
        let short = shapes(&m, &x[..13], 13, b, true).unwrap();
        assert_eq!(short.len(), 594);
        // The longest lag (λ = 7) weighs the spend five periods back most: the density
        // `x² exp(−(x/7)³)` at x = 5, 6, 7 is 17.37, 19.18, 18.03 (the peak at x = 6, lag 5).
        let lag7 = s
            .iter()
            .find(|(sh, _)| sh.delayed && (sh.values[1] - 6.0 / 19.0).abs() < 1e-12)
            .unwrap();
        let w = lag7.0.transform.as_ref().unwrap().adstock.weights(20);
        let peak = (0..w.len()).max_by(|&i, &j| w[i].total_cmp(&w[j])).unwrap();
        assert_eq!(peak, 5, "{w:?}");
        // Delayed lags only where they fit beside the full grid: six columns × 924 shapes × 2
        // values fit 6 M up to 541 rows; beyond, the same full grid without them.
        let six = [&m; 6];
        assert_eq!(Budget::with_delayed(541, &six, 0.1), (Budget::full(), true));
        assert_eq!(
            Budget::with_delayed(542, &six, 0.1),
            (Budget::full(), false)
        );
        assert_eq!(
            Budget::with_delayed(100, &six, 0.0),
            (Budget::full(), false)
        );
        // Nor beside a coarser grid, however much room it leaves (900 rows: level 1, which
        // would hold 6 × (315 + 5 × 45) shapes), nor with fewer than 14 rows.
        let (coarse, delayed) = Budget::with_delayed(900, &six, 0.1);
        assert!(!coarse.is_full() && !delayed);
        assert!(coarse.fits(900, &six, true));
        assert_eq!(Budget::with_delayed(13, &six, 0.1), (Budget::full(), false));
        assert_eq!(Budget::with_delayed(14, &six, 0.1), (Budget::full(), true));
        // What the budget counts is what `shapes` makes.
        assert_eq!(b.values(20, &[&m], true), Some(2 * 20 * s.len()));
        // A decay pinned by its range (no carryover asked for) takes none.
        let mut pinned = m.clone();
        pinned.ranges[0] = crate::model::spec::Range::new(0.0, 0.0);
        assert_eq!(delayed_count(&pinned, b), 0);
    }

    #[test]
    fn gamma_is_even_up_to_one_then_geometric_beyond() {
        use crate::model::spec::Range;
        let g = gamma_axis(Range::new(0.01, 4.0), 8);
        assert_eq!(g.len(), 11);
        assert!((g[7] - 1.0).abs() < 1e-12);
        // 4^(1/3), 4^(2/3), 4: each a factor 1.587 from the last.
        for (v, want) in g[8..].iter().zip([1.587_401, 2.519_842, 4.0]) {
            assert!((v - want).abs() < 1e-6, "{g:?}");
        }
        // Robyn's range gets no points beyond 1, a range beyond 1 is log-spaced.
        assert_eq!(gamma_axis(Range::new(0.3, 1.0), 8).len(), 8);
        let far = gamma_axis(Range::new(2.0, 8.0), 2);
        assert!((far[1] - 4.0).abs() < 1e-9 && (far[2] - 8.0).abs() < 1e-9);
    }

    #[test]
    fn a_fixed_range_is_one_point_and_lambda_is_log_spaced() {
        let mut m = MediaSpec::new("tv", AdstockKind::Geometric, SaturationKind::Logistic);
        m.ranges[0] = crate::model::spec::Range::new(0.3, 0.3);
        let x = vec![1.0, 2.0, 0.0, 4.0];
        let s = shapes(&m, &x, 4, Budget::for_columns(4, &[&m]), false).unwrap();
        assert_eq!(s.len(), 8);
        let l: Vec<f64> = s.iter().map(|p| p.0.values[1]).collect();
        assert!((l[0] - 0.1).abs() < 1e-12 && (l[7] - 10.0).abs() < 1e-9);
        assert!((l[1] / l[0] - l[2] / l[1]).abs() < 1e-9);
    }

    #[test]
    fn big_data_gets_a_coarser_grid() {
        let geo = MediaSpec::new("tv", AdstockKind::Geometric, SaturationKind::Hill);
        let weibull = MediaSpec::new("tv", AdstockKind::WeibullPdf, SaturationKind::Hill);
        assert_eq!(count(&geo, Budget::full()), 594);
        assert_eq!(count(&weibull, Budget::full()), 5 * 5 * 6 * 11);
        // 2 values × rows × shapes ≤ 6 M: 5,050 row-columns of geometric channels at full
        // resolution, 1,818 of Weibull ones.
        assert!(Budget::for_columns(505, &[&geo; 10]).is_full());
        assert!(!Budget::for_columns(506, &[&geo; 10]).is_full());
        assert!(Budget::for_columns(181, &[&weibull; 10]).is_full());
        assert!(!Budget::for_columns(182, &[&weibull; 10]).is_full());
        // Ten years of daily data, 31 columns: the coarsest grid, 3 decays × 2 slopes × 4
        // inflexions (3 / 0.7 rounded), which fits: 2 × 3,652 × 31 × 24 ≤ 6 M.
        let big = Budget::for_columns(3652, &[&geo; 31]);
        assert_eq!(big, LEVELS[4]);
        assert!(big.fits(3652, &[&geo; 31], false));
        // Beyond (2 × 4,033 × 31 × 24 > 6 M) even the coarsest grid does not fit; beyond eight
        // times that (32,259 rows) the Bayesian estimator refuses the data in words.
        assert!(big.fits(4_032, &[&geo; 31], false));
        assert!(!Budget::for_columns(4_033, &[&geo; 31]).fits(4_033, &[&geo; 31], false));
        assert_eq!(big.values(32_258, &[&geo; 31], false), Some(47_999_904));
        assert!(big.values(32_259, &[&geo; 31], false).unwrap() > REFUSED_GRID_VALUES);
        assert_eq!(big.values(usize::MAX, &[&geo; 31], false), None);
        assert_eq!(count(&geo, big), 3 * 2 * 4);
        assert!(2 * 3652 * 31 * count(&geo, big) <= MAX_GRID_VALUES);
        // Every level's γ axis: 8 → 11, 6 → 9, 5 → 7, 4 → 6, 3 → 4 points.
        let g = crate::model::spec::defaults::GAMMA;
        let lens: Vec<usize> = LEVELS
            .iter()
            .map(|b| gamma_axis(g, b.inflexion).len())
            .collect();
        assert_eq!(lens, [11, 9, 7, 6, 4]);
    }
}
