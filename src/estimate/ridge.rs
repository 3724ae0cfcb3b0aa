//! The ridge estimator: the regression design on the model's features (baseline columns scaled
//! once; media columns rebuilt for every candidate set of curve parameters), and the bounded
//! ridge fit of one candidate, delivered as a full parameter set ([`CandidateFit::parameters`]).
//!
//! Columns are scaled by their standard deviation over the training rows (1/n, like glmnet) and
//! the ridge penalty is put on the scaled coefficients, which is ridge on standardized features
//! with an unpenalized intercept. Scaling without centering keeps sign bounds simple (a positive
//! scale does not change a sign) while the intercept absorbs the means.
//!
//! The penalty follows Robyn: `λ_max = 0.1 · max_j |Σ_t z_tj ỹ_t| / (0.001 n)` with `z`, `ỹ`
//! standardized, i.e. `λ_max = 100 · max_j |corr(x_j, y)|`; `λ_min = 10⁻⁴ λ_max`;
//! `λ = λ_min + h (λ_max − λ_min)`. The objective is glmnet's,
//! `(1/2n) ‖ỹ − Z b‖² + (λ/2) ‖b‖²`.

use nalgebra::{Cholesky, DMatrix, DVector, Dyn};

use crate::data::Experiment;
use crate::data::{Dataset, Warning, WarningKind};
use crate::error::{Error, Result};
use crate::regression::{Bound, solve_bounded_qp};
use crate::transform::ChannelTransform;

use crate::model::features::{BaseGroup, Features};
use crate::model::fitted::{EstimatorKind, FittedModel, MediaParameters, Parameters};
use crate::model::results::decomp_rssd;
use crate::model::spec::{HyperParams, ModelSpec, Sign};

/// Largest share of rows that may be held out.
pub const MAX_HOLDOUT_SHARE: f64 = 0.5;

/// The prepared design for one data set and spec.
#[derive(Debug, Clone)]
pub struct Design {
    /// Rows in all.
    pub n: usize,
    /// The first `train` rows are fitted; the rest are the holdout.
    pub train: usize,
    pub y: Vec<f64>,
    /// The model's columns (baseline, activity, spend).
    pub features: Features,
    /// Whether each baseline column varies on the training rows (others are left out).
    base_active: Vec<bool>,
    /// Scale of each baseline column (1 for the intercept).
    base_scale: Vec<f64>,
    /// Scaled baseline columns, each of length n.
    base_scaled: Vec<Vec<f64>>,
    /// Gram matrix and cross products of the scaled baseline over the training rows.
    gram_bb: DMatrix<f64>,
    bty: Vec<f64>,
    y_mean: f64,
    y_sd: f64,
    /// Warnings found while preparing.
    pub warnings: Vec<Warning>,
    /// Lift tests the fit must agree with (none by default; see [`Design::with_experiments`]).
    pub experiments: Vec<Experiment>,
    /// The lowest intercept allowed for a KPI that goes below zero, whose intercept is not
    /// held at zero ([`crate::data::kpi_goes_below_zero`]): the KPI's lowest value over the
    /// training rows less its range. Without a floor nothing in the data bounds a channel that
    /// never pauses, which the intercept offsets: an outside check's profit KPI read search's
    /// interval as 0.94–115,729, and the plans on the alternatives put it in the thousands,
    /// where the same data as revenue (the intercept held at zero) read 0.94–14.63. The floor
    /// lets the baseline sit a whole range below the KPI's worst period, and it moves with any
    /// shift of the KPI (the fits are the same). Where channels never pause it can bind, and
    /// their level then rests on it as a revenue KPI's rests on the intercept's zero: with every
    /// channel of the simulator always on, ROIs read up to a fifth lower than on the same data
    /// as revenue (a floor of twice the range read tv 39 % higher instead); nothing in such
    /// data tells which is right.
    pub intercept_floor: Option<f64>,
}

/// What a candidate's fit produces.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateFit {
    /// Transforms of the paid channels then organic variables.
    pub transforms: Vec<ChannelTransform>,
    /// Raw-unit coefficients of the baseline columns.
    pub base_coef: Vec<f64>,
    /// Raw-unit coefficients of the media columns (on the saturated values, in KPI units).
    pub media_coef: Vec<f64>,
    /// The ridge penalty used (glmnet scale).
    pub lambda: f64,
    /// NRMSE on the training rows.
    pub nrmse_train: f64,
    /// NRMSE on the holdout rows, when there are any.
    pub nrmse_holdout: Option<f64>,
    /// DECOMP.RSSD on the training rows (with Robyn's zero-effect penalty).
    pub decomp_rssd: f64,
    /// ROI (or contribution per unit of spend) of each paid channel over all rows.
    pub roi: Vec<f64>,
    /// Penalty of the shape prior, minus its log density, `Σ (ln α)² / (2 sd²)` up to a
    /// constant (0 without a prior; see [`shape_prior_penalty`]), plus the lift tests' minus
    /// log-likelihood, `Σ (lift − implied)² / (2 SE²)` (0 without tests).
    pub prior_penalty: f64,
    /// Rows the fit error was measured on.
    pub fit_rows: usize,
    /// Residual standard deviation on the training rows (KPI units): the noise scale.
    pub sigma: f64,
}

impl CandidateFit {
    /// The fit as a full parameter set of the fitted-model contract.
    pub fn parameters(&self) -> Parameters {
        Parameters {
            media: self
                .transforms
                .iter()
                .zip(&self.media_coef)
                .map(|(&transform, &coefficient)| MediaParameters {
                    transform,
                    coefficient,
                })
                .collect(),
            baseline: self.base_coef.clone(),
            sigma: self.sigma,
        }
    }

    /// The fit objective of the search: holdout NRMSE when there is a holdout, else training NRMSE.
    pub fn nrmse(&self) -> f64 {
        self.nrmse_holdout.unwrap_or(self.nrmse_train)
    }

    /// NRMSE with the shape prior folded in, on the rows the fit error is measured on:
    /// [`penalized_score`]. Minimizing it maximizes the posterior density (Gaussian noise with
    /// its variance profiled out, normal prior on ln α).
    pub fn penalized_nrmse(&self) -> f64 {
        penalized_score(self.nrmse(), self.prior_penalty, self.fit_rows)
    }
}

/// An NRMSE measured on `rows` rows with a prior's penalty (`−ln prior`) folded in:
/// `NRMSE · exp(penalty / rows)`.
///
/// With Gaussian noise and σ profiled out, `ln L = −rows · ln NRMSE + const`, so
/// `−rows · ln(score) = ln L + ln prior + const`, the log posterior density: one unit of penalty
/// weighs as much as one unit of log-likelihood.
pub fn penalized_score(nrmse: f64, penalty: f64, rows: usize) -> f64 {
    nrmse * libm::exp(penalty / rows.max(1) as f64)
}

/// The shape prior's penalty, `−ln prior` up to a constant: each Hill slope's ln α is normal
/// with mean 0 (α = 1) and standard deviation `sd`, so the penalty is `Σ (ln α)² / (2 sd²)`
/// over the Hill curves (other saturation families carry none). The prior is a density on ln α
/// (no Jacobian term), so its mode is α = 1 as documented. 0 when `sd` is `None` or not positive.
pub fn shape_prior_penalty(transforms: &[ChannelTransform], sd: Option<f64>) -> f64 {
    match sd {
        Some(sd) if sd > 0.0 => transforms
            .iter()
            .map(|t| match t.saturation {
                crate::transform::Saturation::Hill { alpha, .. } => {
                    libm::log(alpha).powi(2) / (2.0 * sd * sd)
                }
                _ => 0.0,
            })
            .sum(),
        _ => 0.0,
    }
}

/// Reusable buffers for [`Design::fit`] (one per worker).
#[derive(Debug, Default, Clone)]
pub struct Scratch {
    adstocked: Vec<f64>,
    media: Vec<Vec<f64>>,
    prediction: Vec<f64>,
}

/// A candidate's solved ridge system (scaled columns), before scoring.
#[derive(Debug, Clone)]
struct Solved {
    transforms: Vec<ChannelTransform>,
    /// Column of each coefficient: (is_media, position).
    index: Vec<(bool, usize)>,
    /// The system's matrix: the training rows' Gram matrix plus the prior's diagonal.
    q: DMatrix<f64>,
    /// The prior's diagonal (ridge penalty and lift tests' information).
    prior: Vec<f64>,
    bounds: Vec<Bound>,
    /// Scaled coefficients; the intercept's measured from its floor ([`Solved::floor`]).
    b: DVector<f64>,
    /// The intercept's place among the coefficients and its floor ([`Design::intercept_floor`]),
    /// when it has one: its coefficient is `floor + b[place]`, with `b[place] ≥ 0`.
    floor: Option<(usize, f64)>,
    media_scale: Vec<f64>,
    media_active: Vec<bool>,
    lambda: f64,
    /// (position, lift per unit of scaled coefficient, lift, SE) of each lift test.
    lift_terms: Vec<(usize, f64, f64, f64)>,
}

fn mean_sd(v: &[f64]) -> (f64, f64) {
    let n = v.len() as f64;
    let mean = v.iter().sum::<f64>() / n;
    let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
    (mean, var.max(0.0).sqrt())
}

impl Design {
    /// Prepare the design.
    ///
    /// # Errors
    /// [`Error::InvalidSetting`] for a holdout share outside [0, 0.5] or too short a holdout,
    /// [`Error::TooFewRows`] when there are fewer training rows than coefficients plus 5, and
    /// spec/data mismatches.
    pub fn new(data: &Dataset, spec: &ModelSpec, holdout_share: f64) -> Result<Design> {
        spec.check_against(data)?;
        if !(0.0..=MAX_HOLDOUT_SHARE).contains(&holdout_share) || !holdout_share.is_finite() {
            return Err(Error::setting(
                "holdout",
                holdout_share,
                "use a share between 0 and 0.5 (for example 0.1 for the last 10% of periods)",
            ));
        }
        let n = data.len();
        let holdout = (n as f64 * holdout_share).round() as usize;
        if holdout_share > 0.0 && holdout < 2 {
            return Err(Error::setting(
                "holdout",
                holdout_share,
                &format!("it leaves {holdout} of {n} periods to test on; use a larger share"),
            ));
        }
        let train = n - holdout;
        let features = Features::new(data, spec)?;
        let mut warnings = features.warnings.clone();
        let base = &features.base;

        let mut base_active = Vec::with_capacity(base.len());
        let mut base_scale = Vec::with_capacity(base.len());
        for col in base {
            if col.group == BaseGroup::Intercept {
                base_active.push(true);
                base_scale.push(1.0);
                continue;
            }
            let (_, sd) = mean_sd(&col.values[..train]);
            let active = sd
                > 1e-12
                    * col.values[..train]
                        .iter()
                        .fold(0.0f64, |m, v| m.max(v.abs()))
                        .max(1e-300);
            if !active {
                warnings.push(Warning::new(
                    WarningKind::ColumnUnused,
                    format!("'{}' does not change over the fitted periods and is left out of the model.", col.name),
                ));
            }
            base_active.push(active);
            base_scale.push(if active { sd } else { 1.0 });
        }
        let base_scaled: Vec<Vec<f64>> = base
            .iter()
            .zip(&base_scale)
            .map(|(c, s)| c.values.iter().map(|v| v / s).collect())
            .collect();

        let media_count = spec.channels.len() + spec.organic.len();
        let coefficients = base_active.iter().filter(|a| **a).count() + media_count;
        // Curve parameters are estimated too (by the search), so they count against the rows.
        let parameters = coefficients + spec.dim() - 1;
        let needed = parameters + 5;
        if train < needed {
            let seasonality = base
                .iter()
                .zip(&base_active)
                .filter(|(c, a)| **a && c.group == BaseGroup::Seasonality)
                .count();
            return Err(Error::TooFewRows {
                rows: train,
                parameters,
                needed,
                held_out: holdout,
                seasonality,
            });
        }
        if train < 3 * parameters {
            warnings.push(Warning::new(
                WarningKind::FewRows,
                format!("{train} periods for {parameters} coefficients and curve parameters is little data; estimates will be uncertain."),
            ));
        }

        let y = data.kpi.values.clone();
        let pb = base.len();
        let mut gram_bb = DMatrix::zeros(pb, pb);
        let mut bty = vec![0.0; pb];
        for i in 0..pb {
            for j in i..pb {
                let s: f64 = (0..train)
                    .map(|t| base_scaled[i][t] * base_scaled[j][t])
                    .sum();
                gram_bb[(i, j)] = s;
                gram_bb[(j, i)] = s;
            }
            bty[i] = (0..train).map(|t| base_scaled[i][t] * y[t]).sum();
        }
        let (y_mean, y_sd) = mean_sd(&y[..train]);
        let intercept_floor = (features.base.first().is_some_and(|b| {
            b.group == crate::model::BaseGroup::Intercept && b.sign == Sign::Free
        }) && crate::data::kpi_goes_below_zero(&y[..train]))
        .then(|| {
            let (low, high) = y[..train]
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
                    (l.min(v), h.max(v))
                });
            low - (high - low)
        });
        if y_sd <= 0.0 {
            return Err(Error::ConstantKpi {
                column: data.kpi.name.clone(),
                value: y_mean,
            });
        }

        for (a, name) in features.activity.iter().zip(spec.media_names()) {
            if a[..train].iter().all(|&v| v <= 0.0) {
                return Err(Error::AllZeroColumn { column: name });
            }
        }
        Ok(Design {
            n,
            train,
            y,
            features,
            base_active,
            base_scale,
            base_scaled,
            gram_bb,
            bty,
            y_mean,
            y_sd,
            warnings,
            experiments: Vec::new(),
            intercept_floor,
        })
    }

    /// This design with lift tests: both estimators add each test's Gaussian likelihood term
    /// (see [`crate::model::lift`]).
    pub fn with_experiments(mut self, experiments: Vec<Experiment>) -> Design {
        self.experiments = experiments;
        self
    }

    /// The fitted model this estimator delivers on this design: `point` and `draws` are
    /// parameter sets of its fits ([`CandidateFit::parameters`]).
    pub fn fitted_model(
        &self,
        data: &Dataset,
        spec: &ModelSpec,
        point: Parameters,
        draws: Vec<Parameters>,
    ) -> FittedModel {
        FittedModel {
            estimator: EstimatorKind::RidgeSearch,
            kpi_type: data.kpi_type,
            channels: FittedModel::identities(data),
            organic: data.organic.iter().map(|o| o.name.clone()).collect(),
            baseline: self.features.base.iter().map(|b| b.name.clone()).collect(),
            curve_parameters: spec.estimated_curve_parameters(),
            point,
            draws,
            interval_ends: Vec::new(),
        }
    }

    /// The size of the search problem on this design (what a candidate's time depends on).
    pub fn work(&self) -> crate::estimate::search::SearchWork {
        crate::estimate::search::SearchWork {
            rows: self.n,
            media: self.features.activity.len(),
            baseline: self.features.base.len(),
        }
    }

    /// Whether each baseline column varies on the training rows (the others are left out).
    pub fn base_active(&self) -> &[bool] {
        &self.base_active
    }

    /// Each baseline column's scale (its standard deviation over the training rows; 1 for the
    /// intercept and for columns left out).
    pub fn base_scale(&self) -> &[f64] {
        &self.base_scale
    }

    /// Number of holdout rows.
    pub fn holdout(&self) -> usize {
        self.n - self.train
    }

    /// Rows the fit objective is measured on: the holdout if there is one, else the training rows.
    pub fn fit_rows(&self) -> usize {
        if self.train < self.n {
            self.n - self.train
        } else {
            self.train
        }
    }

    /// Adstock media column `k` into `out` and build its transform (the reference level of the
    /// saturation is the largest adstocked value).
    fn adstock_column(
        &self,
        k: usize,
        m: &crate::model::MediaSpec,
        vals: &[f64],
        out: &mut Vec<f64>,
    ) -> Result<ChannelTransform> {
        let adstock = m.adstock_of(vals)?;
        out.resize(self.n, 0.0);
        adstock.apply_into(&self.features.activity[k], out);
        let reference = out.iter().fold(0.0f64, |a, &b| a.max(b));
        m.transform(vals, self.n, reference.max(f64::MIN_POSITIVE))
    }

    /// `Σ (y − ŷ)²` over the training rows for coefficients `b` on the columns `index`
    /// ((is_media, position) as in [`Design::fit`]; media columns in `scratch`, scaled).
    fn training_sse(&self, index: &[(bool, usize)], b: &DVector<f64>, scratch: &Scratch) -> f64 {
        let mut pred = vec![0.0; self.train];
        for (a, &(is_media, j)) in index.iter().enumerate() {
            let col = if is_media {
                &scratch.media[j]
            } else {
                &self.base_scaled[j]
            };
            axpy(b[a], &col[..self.train], &mut pred);
        }
        self.y[..self.train]
            .iter()
            .zip(&pred)
            .map(|(y, p)| (y - p) * (y - p))
            .sum()
    }

    /// Build the transforms of a candidate.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] for parameter values outside a transform's domain.
    pub fn transforms(
        &self,
        spec: &ModelSpec,
        hp: &HyperParams,
        scratch: &mut Scratch,
    ) -> Result<Vec<ChannelTransform>> {
        spec.channels
            .iter()
            .chain(&spec.organic)
            .zip(&hp.media)
            .enumerate()
            .map(|(k, (m, vals))| self.adstock_column(k, m, vals, &mut scratch.adstocked))
            .collect()
    }

    /// Transform a candidate's media columns (scaled, into `scratch.media`) and solve its bounded
    /// ridge system, with the lift tests' terms.
    fn solve(&self, spec: &ModelSpec, hp: &HyperParams, scratch: &mut Scratch) -> Result<Solved> {
        let pm = hp.media.len();
        let (train, pb) = (self.train, self.features.base.len());
        scratch.media.resize(pm, Vec::new());
        let mut media_scale = vec![1.0; pm];
        let mut media_active = vec![true; pm];
        let mut transforms = Vec::with_capacity(pm);
        for (k, (m, vals)) in spec
            .channels
            .iter()
            .chain(&spec.organic)
            .zip(&hp.media)
            .enumerate()
        {
            let col = &mut scratch.media[k];
            let tr = self.adstock_column(k, m, vals, col)?;
            transforms.push(tr);
            for v in col.iter_mut() {
                *v = tr.saturation.value(*v);
            }
            let (_, sd) = mean_sd(&col[..train]);
            if sd > 1e-9 {
                media_scale[k] = sd;
                for v in col.iter_mut() {
                    *v /= sd;
                }
            } else {
                media_active[k] = false;
            }
        }

        // Assemble Q and c over the active columns.
        let mut index: Vec<(bool, usize)> = Vec::with_capacity(pb + pm); // (is_media, position)
        for j in 0..pb {
            if self.base_active[j] {
                index.push((false, j));
            }
        }
        for k in 0..pm {
            if media_active[k] {
                index.push((true, k));
            }
        }
        let p = index.len();
        let col = |e: (bool, usize)| -> &[f64] {
            if e.0 {
                &scratch.media[e.1]
            } else {
                &self.base_scaled[e.1]
            }
        };
        let mut q = DMatrix::zeros(p, p);
        let mut c = DVector::zeros(p);
        for a in 0..p {
            for b in a..p {
                let v = match (index[a], index[b]) {
                    ((false, i), (false, j)) => self.gram_bb[(i, j)],
                    (ea, eb) => dot(&col(ea)[..train], &col(eb)[..train]),
                };
                q[(a, b)] = v;
                q[(b, a)] = v;
            }
            c[a] = match index[a] {
                (false, i) => self.bty[i],
                e => dot(&col(e)[..train], &self.y[..train]),
            };
        }
        // Robyn's λ: 100 × the largest |correlation| of a feature with y.
        let nt = train as f64;
        let mut max_corr = 0.0f64;
        for a in 0..p {
            if index[a] == (false, 0) {
                continue;
            }
            let mean = q[(0, a)] / nt; // row 0 is the intercept column of ones
            let corr = (c[a] - nt * mean * self.y_mean) / (nt * self.y_sd);
            max_corr = max_corr.max(corr.abs());
        }
        let lambda_max = 100.0 * max_corr;
        let lambda_min = 1e-4 * lambda_max;
        let lambda = lambda_min + hp.lambda_h * (lambda_max - lambda_min);
        // The prior's part of the system (ridge penalty, lift tests' information): diagonal.
        let mut prior = vec![0.0; p];
        for a in 1..p {
            q[(a, a)] += nt * lambda;
            prior[a] += nt * lambda;
        }
        // The intercept measured from its floor (if any): `b = floor + b'`, `b' ≥ 0`, so the
        // right-hand side loses `floor × Q[·, intercept]` (the penalty is not on the intercept).
        let floor = self.intercept_floor.and_then(|f| {
            let place = index.iter().position(|&e| e == (false, 0))?;
            for a in 0..p {
                c[a] -= f * q[(a, place)];
            }
            Some((place, f))
        });
        let bounds: Vec<Bound> = index
            .iter()
            .map(|&(is_media, j)| {
                // Media, and an intercept measured from its floor, are held at 0 and above.
                if is_media || (floor.is_some() && j == 0) {
                    Bound::NonNegative
                } else {
                    match self.features.base[j].sign {
                        Sign::Free => Bound::Free,
                        Sign::Positive => Bound::NonNegative,
                        Sign::Negative => Bound::NonPositive,
                    }
                }
            })
            .collect();
        let mut b = solve_bounded_qp(&q, &c, &bounds)?;

        // Lift tests: each is a Gaussian observation of `b_k · L_e` (L_e: the test's lift per
        // unit of the scaled coefficient, through this candidate's transforms). Weighted by
        // σ̂²/SE² against the rows' squared errors (σ̂ from the fit without them), they join the
        // least squares as extra rows; their log-likelihood joins the score as a penalty.
        let mut lift_terms: Vec<(usize, f64, f64, f64)> = Vec::new(); // (position, L, lift, SE)
        for e in &self.experiments {
            let (k, Some(a)) = (
                e.channel,
                index.iter().position(|&x| x == (true, e.channel)),
            ) else {
                continue;
            };
            let l = crate::model::lift::window_effect(
                &transforms[k],
                &self.features.activity[k],
                e.first,
                e.last,
                e.scope,
            ) / media_scale[k];
            lift_terms.push((a, l, e.lift, e.standard_error));
        }
        if !lift_terms.is_empty() {
            let sse = self.training_sse(&index, &raw(&b, floor), scratch);
            let sigma2 = (sse / nt).max(f64::MIN_POSITIVE);
            // The rows' information before any test (two tests of one channel weigh alike).
            let rows_information: Vec<f64> = (0..p).map(|a| q[(a, a)]).collect();
            for &(a, l, lift, se) in &lift_terms {
                // A test is worth at most a million times the rows' information on its
                // coefficient (`Q_aa`, the penalty included), which is exact for any purpose and
                // keeps the system solvable for a near-zero SE. (Not `nt`, a unit-variance
                // column's: a curve saturated at every spend has a nearly constant column, whose
                // `Q_aa` is its mean² over its tiny variance times `nt`, and there the cap took
                // all but a ten-thousandth of a precise test's weight.)
                let w = (sigma2 / (se * se))
                    .min(1e6 * rows_information[a] / (l * l).max(f64::MIN_POSITIVE));
                q[(a, a)] += w * l * l;
                prior[a] += w * l * l;
                c[a] += w * l * lift;
            }
            b = solve_bounded_qp(&q, &c, &bounds)?;
        }
        Ok(Solved {
            transforms,
            index,
            q,
            prior,
            bounds,
            b,
            floor,
            media_scale,
            media_active,
            lambda,
            lift_terms,
        })
    }

    /// Fit one candidate: transform media, solve the bounded ridge, score it.
    ///
    /// # Errors
    /// [`Error::InvalidParameter`] or [`Error::Numerical`]; a search treats them as a failed
    /// candidate.
    pub fn fit(
        &self,
        spec: &ModelSpec,
        hp: &HyperParams,
        scratch: &mut Scratch,
    ) -> Result<CandidateFit> {
        let solved = self.solve(spec, hp, scratch)?;
        self.score(spec, solved, scratch)
    }

    /// Score a solved candidate: its coefficients in raw units, objectives and ROIs.
    fn score(
        &self,
        spec: &ModelSpec,
        solved: Solved,
        scratch: &mut Scratch,
    ) -> Result<CandidateFit> {
        let Solved {
            transforms,
            index,
            b,
            floor,
            media_scale,
            media_active,
            lambda,
            lift_terms,
            ..
        } = solved;
        let b = raw(&b, floor);
        let pm = media_scale.len();
        let (n, train, pb) = (self.n, self.train, self.features.base.len());
        let nt = train as f64;
        let lift_penalty: f64 = lift_terms
            .iter()
            .map(|&(a, l, lift, se)| 0.5 * ((lift - b[a] * l) / se).powi(2))
            .sum();

        let mut base_coef = vec![0.0; pb];
        let mut media_coef = vec![0.0; pm];
        let mut scaled_coef_media = vec![0.0; pm];
        let mut scaled_coef_base = vec![0.0; pb];
        for (a, &(is_media, j)) in index.iter().enumerate() {
            if is_media {
                scaled_coef_media[j] = b[a];
                media_coef[j] = b[a] / media_scale[j];
            } else {
                scaled_coef_base[j] = b[a];
                base_coef[j] = b[a] / self.base_scale[j];
            }
        }

        // Predictions (column by column, so the loops vectorize) and objectives.
        let pred = &mut scratch.prediction;
        pred.clear();
        pred.resize(n, 0.0);
        for j in 0..pb {
            axpy(scaled_coef_base[j], &self.base_scaled[j], pred);
        }
        for k in 0..pm {
            if media_active[k] {
                axpy(scaled_coef_media[k], &scratch.media[k], pred);
            }
        }
        let sse = |range: std::ops::Range<usize>| -> f64 {
            range
                .map(|t| (self.y[t] - pred[t]) * (self.y[t] - pred[t]))
                .sum()
        };
        let sse_train = sse(0..train);
        let sse_hold = sse(train..n);
        let range = |s: &[f64]| {
            s.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b))
                - s.iter().fold(f64::INFINITY, |a, &b| a.min(b))
        };
        let nrmse_train = (sse_train / nt).sqrt() / range(&self.y[..train]).max(f64::MIN_POSITIVE);
        let nrmse_holdout = (train < n).then(|| {
            ((sse_hold / (n - train) as f64).sqrt()) / range(&self.y[train..]).max(self.y_sd * 1e-6)
        });

        // Contributions of the paid channels: training rows for DECOMP.RSSD, all rows for ROI.
        let mut contrib_train = vec![0.0; self.features.paid];
        let mut roi = vec![0.0; self.features.paid];
        for k in 0..self.features.paid {
            if !media_active[k] {
                continue;
            }
            let s_train: f64 = scratch.media[k][..train].iter().sum();
            let s_all: f64 = s_train + scratch.media[k][train..].iter().sum::<f64>();
            contrib_train[k] = scaled_coef_media[k] * s_train;
            let spend: f64 = self.features.spend[k].iter().sum();
            roi[k] = if spend > 0.0 {
                scaled_coef_media[k] * s_all / spend
            } else {
                0.0
            };
        }
        let spend_train: Vec<f64> = self
            .features
            .spend
            .iter()
            .map(|s| s[..train].iter().sum())
            .collect();
        let decomp_rssd = decomp_rssd(&contrib_train, &spend_train);
        if !(nrmse_train.is_finite() && decomp_rssd.is_finite()) {
            return Err(Error::Numerical {
                reason: "the fit is not finite".into(),
            });
        }
        let prior_penalty = shape_prior_penalty(&transforms, spec.hill_slope_prior) + lift_penalty;
        let fit_rows = self.fit_rows();
        Ok(CandidateFit {
            transforms,
            base_coef,
            media_coef,
            lambda,
            nrmse_train,
            nrmse_holdout,
            decomp_rssd,
            roi,
            prior_penalty,
            fit_rows,
            sigma: (sse_train / nt).sqrt(),
        })
    }
}

/// A candidate refitted with what its coefficients' uncertainty needs: the solved system, the
/// training residuals' variance and autocorrelation, and the residual correlation's effect on
/// the coefficients (see [`crate::estimate::search::profile`]).
pub struct Linearized {
    pub fit: CandidateFit,
    solved: Solved,
    /// The noise variance: training residuals' sum of squares over `rows − df`.
    pub noise_variance: f64,
    /// Effective number of coefficients, `tr((Z'Z + P)⁻¹ Z'Z)` over the coefficients not held
    /// at a bound (`P`: the prior's diagonal).
    pub df: f64,
    /// Lag-1 autocorrelation of the training residuals.
    pub residual_autocorrelation: f64,
    /// `Z'RZ` with `R_ts = φ^|t−s|` (AR(1) noise of coefficient φ), when φ ≠ 0.
    correlated_gram: Option<DMatrix<f64>>,
    /// Each media column's ROI per unit of its scaled coefficient (0 for organic or unspent).
    roi_per_unit: Vec<f64>,
    base_scale: Vec<f64>,
}

/// One end of a channel's profile interval: its ROI and the full parameter set there.
#[derive(Debug, Clone)]
pub struct ProfileEnd {
    pub roi: f64,
    pub parameters: Parameters,
}

impl Design {
    /// Refit a candidate and measure what its coefficients' uncertainty needs, for AR(1) noise
    /// of coefficient `phi` (0: independent noise).
    ///
    /// # Errors
    /// As [`Design::fit`].
    pub fn linearize(
        &self,
        spec: &ModelSpec,
        hp: &HyperParams,
        scratch: &mut Scratch,
        phi: f64,
    ) -> Result<Linearized> {
        let solved = self.solve(spec, hp, scratch)?;
        let train = self.train;
        let p = solved.index.len();
        let column = |scratch: &Scratch, (is_media, j): (bool, usize)| -> Vec<f64> {
            if is_media {
                scratch.media[j][..train].to_vec()
            } else {
                self.base_scaled[j][..train].to_vec()
            }
        };
        // Z'RZ = H + H' − Z'Z with H = Σ_t z_t G_t', G_t = z_t + φ G_{t−1} (= Σ_{s≤t} φ^{t−s} z_s).
        let correlated_gram = (phi != 0.0).then(|| {
            let z: Vec<Vec<f64>> = solved.index.iter().map(|&e| column(scratch, e)).collect();
            let g: Vec<Vec<f64>> = z
                .iter()
                .map(|col| {
                    let mut acc = 0.0;
                    col.iter()
                        .map(|&v| {
                            acc = v + phi * acc;
                            acc
                        })
                        .collect()
                })
                .collect();
            let mut m = DMatrix::zeros(p, p);
            for a in 0..p {
                for b in a..p {
                    let v = dot(&z[a], &g[b]) + dot(&g[a], &z[b]) - dot(&z[a], &z[b]);
                    m[(a, b)] = v;
                    m[(b, a)] = v;
                }
            }
            m
        });
        let roi_per_unit: Vec<f64> = (0..solved.media_scale.len())
            .map(|k| {
                let spend: f64 = self.features.spend.get(k).map_or(0.0, |s| s.iter().sum());
                if k < self.features.paid && spend > 0.0 {
                    scratch.media[k].iter().sum::<f64>() / spend
                } else {
                    0.0
                }
            })
            .collect();
        let q = solved.q.clone();
        let prior = solved.prior.clone();
        let free = solved.free();
        let fit = self.score(spec, solved.clone(), scratch)?;
        let residuals: Vec<f64> = (0..train)
            .map(|t| self.y[t] - scratch.prediction[t])
            .collect();
        let sse = dot(&residuals, &residuals);
        let residual_autocorrelation = if sse > 0.0 {
            dot(&residuals[1..], &residuals[..train - 1]) / sse
        } else {
            0.0
        };
        // tr((Z'Z + P)⁻¹ Z'Z) = Σ (1 − [(Z'Z + P)⁻¹]_aa P_aa) over the free coefficients.
        let df = match factor_on(&q, &free) {
            Some(chol) => free
                .iter()
                .enumerate()
                .map(|(i, &a)| 1.0 - chol.solve(&unit(free.len(), i))[i] * prior[a])
                .sum(),
            None => free.len() as f64,
        };
        let dof = (train as f64 - df).max(1.0);
        Ok(Linearized {
            fit,
            solved,
            noise_variance: sse / dof,
            df,
            residual_autocorrelation,
            correlated_gram,
            roi_per_unit,
            base_scale: self.base_scale.clone(),
        })
    }
}

impl Solved {
    /// Coefficients not held at a bound.
    fn free(&self) -> Vec<usize> {
        (0..self.index.len())
            .filter(|&a| self.bounds[a] == Bound::Free || self.b[a] != 0.0)
            .collect()
    }
}

/// The Cholesky factor of `q` restricted to the rows and columns `on`; `None` when not positive
/// definite. (Columns of the inverse are solved for as needed: no inverse or matrix products,
/// which keeps the page's wasm small.)
fn factor_on(q: &DMatrix<f64>, on: &[usize]) -> Option<Cholesky<f64, Dyn>> {
    DMatrix::from_fn(on.len(), on.len(), |i, j| q[(on[i], on[j])]).cholesky()
}

/// The `i`-th unit vector of length `n`.
fn unit(n: usize, i: usize) -> DVector<f64> {
    let mut e = DVector::zeros(n);
    e[i] = 1.0;
    e
}

impl Linearized {
    /// Column `i` of the covariance of the coefficients `on` (scaled): `σ² A (M + P) A e_i`
    /// with `A = (Z'Z + P)⁻¹` restricted to `on` and `M = Z'RZ` (`σ² A e_i` for independent
    /// noise: the ridge fit read as a posterior mode with the prior `P`).
    fn covariance_column(&self, on: &[usize], i: usize, correlated: bool) -> Option<DVector<f64>> {
        let chol = factor_on(&self.solved.q, on)?;
        let x = chol.solve(&unit(on.len(), i));
        let column = match (&self.correlated_gram, correlated) {
            (Some(m), true) => {
                let inner = DVector::from_fn(on.len(), |r, _| {
                    let row: f64 = on
                        .iter()
                        .zip(x.iter())
                        .map(|(&c, v)| m[(on[r], c)] * v)
                        .sum();
                    row + self.solved.prior[on[r]] * x[r]
                });
                chol.solve(&inner)
            }
            _ => x,
        };
        Some(column * self.noise_variance)
    }

    /// Media column `k`'s coefficient position and the coefficients its profile moves: the free
    /// ones and itself.
    fn profile_set(&self, k: usize) -> Option<(usize, Vec<usize>)> {
        let a = self.solved.index.iter().position(|&e| e == (true, k))?;
        let mut on = self.solved.free();
        if !on.contains(&a) {
            on.push(a);
            on.sort_unstable();
        }
        Some((a, on))
    }

    /// How much AR(1) noise widens media column `k`'s coefficient: its variance under the
    /// correlated noise over its variance under independent noise (1 without correlation).
    pub fn variance_inflation(&self, k: usize) -> Option<f64> {
        let (a, on) = self.profile_set(k)?;
        let i = on.iter().position(|&x| x == a)?;
        let iid = self.covariance_column(&on, i, false)?[i];
        let ar = self.covariance_column(&on, i, true)?[i];
        (iid > 0.0 && ar.is_finite()).then(|| ar / iid)
    }

    /// The ends of paid channel `k`'s profile interval at a log-likelihood drop of `h²/2`: its
    /// coefficient moved by up to `h` standard deviations (held at 0 from below), the other free
    /// coefficients moved with it to where the penalized fit is best. `None` for a column left
    /// out of the fit.
    ///
    /// The fit around the candidate is the Gaussian of covariance `Σ`, so with channel k's
    /// coefficient moved by `δ` the others' best move is `Σ_{·a} δ / Σ_aa`. A sign-bounded
    /// coefficient that this move takes across zero is held at zero from there on, and the
    /// path goes on conditioned on it: with `C` = {a} and the held ones, the others move by
    /// `Σ_{·C} Σ_CC⁻¹ Δ_C` and the fit costs `Δ_C' Σ_CC⁻¹ Δ_C / 2`, so the held coefficients'
    /// cost comes out of the budget `h²/2`. (Clamping the crossed coefficient back without
    /// conditioning left the others where they had gone to make up for it: on three years of
    /// daily data, a flat curve moved the intercept below zero and the end went to 50 times the
    /// budget, an ROI of 0–7,269 for a channel with no effect.) The path is a homotopy in `δ`,
    /// piecewise linear between crossings (the active-set path of the bounded quadratic).
    pub fn ends(&self, k: usize, h: f64) -> Option<[ProfileEnd; 2]> {
        let (a, on) = self.profile_set(k)?;
        let i = on.iter().position(|&x| x == a)?;
        let column = self.covariance_column(&on, i, true)?;
        let var = column[i];
        if !(var > 0.0 && var.is_finite()) {
            return None;
        }
        Some([
            self.end(k, &on, i, &column, h, -1.0)?,
            self.end(k, &on, i, &column, h, 1.0)?,
        ])
    }

    /// One end of [`Linearized::ends`], `side` −1 (low) or +1 (high); `on` the coefficients the
    /// profile moves, `i` channel k's place among them, `column` its covariance column there.
    ///
    /// Each segment of the path ends at the first event before the budget runs out: a free
    /// sign-bounded coefficient reaching zero (held from there on), or a held one whose
    /// multiplier `(Σ_CC⁻¹ Δ_C)_c` turns to pull it back inside its bound (let go: the fit is
    /// better with it free). A crossing a rounding error behind the segment's start counts as
    /// at the start. Where the held set's covariance cannot be factored (held columns that are
    /// nearly copies of each other), the end is where the path got to: feasible and within the
    /// budget.
    fn end(
        &self,
        k: usize,
        on: &[usize],
        i: usize,
        column: &DVector<f64>,
        h: f64,
        side: f64,
    ) -> Option<ProfileEnd> {
        let b = &self.solved.b;
        let a = on[i];
        // +1: held at zero from below (may move up); −1: from above; 0: unbounded.
        let outward = |c: usize| match self.solved.bounds[c] {
            Bound::NonNegative => 1.0,
            Bound::NonPositive => -1.0,
            Bound::Free => 0.0,
        };
        let finish = |u: &DVector<f64>, v: &DVector<f64>, held: &[usize], delta: f64| {
            let mut moved = b.clone();
            for (row, &c) in on.iter().enumerate() {
                moved[c] += u[row] * delta + v[row];
            }
            for &row in &held[1..] {
                moved[on[row]] = 0.0;
            }
            for c in 0..moved.len() {
                moved[c] = match outward(c) {
                    s if s > 0.0 => moved[c].max(0.0),
                    s if s < 0.0 => moved[c].min(0.0),
                    _ => moved[c],
                };
            }
            moved[a] = b[a] + delta;
            let roi = moved[a] * self.roi_per_unit[k];
            roi.is_finite().then(|| ProfileEnd {
                roi,
                parameters: self.parameters_at(&moved),
            })
        };
        // Places in `on` of the coefficients in C: channel k's first, then those held at zero.
        let mut held = vec![i];
        let mut columns = vec![column.clone()];
        let mut start = 0.0;
        let mut last: Option<(DVector<f64>, DVector<f64>, Vec<usize>)> = None;
        let delta_c = |held: &[usize]| -> DVector<f64> {
            DVector::from_fn(
                held.len(),
                |j, _| if j == 0 { 0.0 } else { -b[on[held[j]]] },
            )
        };
        for _ in 0..4 * on.len() + 4 {
            let sigma = DMatrix::from_fn(held.len(), held.len(), |r, c| columns[c][held[r]]);
            let Some(chol) = sigma.cholesky() else {
                let (u, v, held) = last?;
                return finish(&u, &v, &held, start);
            };
            // W = Σ_CC⁻¹ and the move of `on` at δ: `Σ_{·C} W Δ_C` = `u δ + v`; the held ones'
            // multipliers `W Δ_C` = `w0 δ + wh`.
            let dh = delta_c(&held);
            let w0 = chol.solve(&unit(held.len(), 0));
            let wh = chol.solve(&dh);
            let along = |x: &DVector<f64>| -> DVector<f64> {
                DVector::from_fn(on.len(), |r, _| {
                    columns
                        .iter()
                        .zip(x.iter())
                        .map(|(col, v)| col[r] * v)
                        .sum()
                })
            };
            let (u, v) = (along(&w0), along(&wh));
            // Cost `Δ_C' W Δ_C = W00 δ² + 2 β δ + γ` reaches h² at the root on this side.
            let (w00, beta, gamma) = (w0[0], w0.dot(&dh), dh.dot(&wh));
            let disc = (beta * beta - w00 * (gamma - h * h)).max(0.0);
            let mut target = (-beta + side * disc.sqrt()) / w00;
            if side < 0.0 {
                target = target.max(-b[a].max(0.0));
            }
            if !target.is_finite() {
                return None;
            }
            let tol = 1e-12 * (target - start).abs().max(start.abs());
            // The first event strictly before the target: (δ, place in `on`, hold or let go).
            let mut event: Option<(f64, usize, bool)> = None;
            let mut consider = |at: f64, row: usize, hold: bool| {
                let at = if (at - start) * side < 0.0 { start } else { at };
                if (target - at) * side > 0.0 && event.is_none_or(|(z, ..)| (at - z) * side < 0.0) {
                    event = Some((at, row, hold));
                }
            };
            for (row, &c) in on.iter().enumerate() {
                let s = outward(c);
                if s == 0.0 || u[row] == 0.0 || held.contains(&row) {
                    continue;
                }
                if s * (b[c] + u[row] * target + v[row]) < 0.0 {
                    consider(-(b[c] + v[row]) / u[row], row, true);
                }
            }
            for (j, &row) in held.iter().enumerate().skip(1) {
                let s = outward(on[row]);
                let zero = -wh[j] / w0[j];
                if s * (w0[j] * target + wh[j]) < 0.0 && (zero - start) * side > tol {
                    consider(zero, row, false);
                }
            }
            let Some((at, row, hold)) = event else {
                return finish(&u, &v, &held, target);
            };
            start = at;
            if hold {
                held.push(row);
                match self.covariance_column(on, row, true) {
                    Some(col) => columns.push(col),
                    None => return finish(&u, &v, &held[..held.len() - 1], start),
                }
            } else {
                let j = held.iter().position(|&x| x == row)?;
                held.remove(j);
                columns.remove(j);
            }
            last = Some((u, v, held.clone()));
        }
        let (u, v, held) = last?;
        finish(&u, &v, &held, start)
    }

    /// The full parameter set at scaled coefficients `b` (this candidate's curves).
    fn parameters_at(&self, b: &DVector<f64>) -> Parameters {
        let b = &raw(b, self.solved.floor);
        let mut params = self.fit.parameters();
        params.baseline.iter_mut().for_each(|v| *v = 0.0);
        params.media.iter_mut().for_each(|m| m.coefficient = 0.0);
        for (pos, &(is_media, j)) in self.solved.index.iter().enumerate() {
            if is_media {
                params.media[j].coefficient = b[pos] / self.solved.media_scale[j];
            } else {
                params.baseline[j] = b[pos] / self.base_scale[j];
            }
        }
        params
    }
}

/// Scaled coefficients with the intercept measured from zero again (`floor + b'`:
/// [`Solved::floor`]).
fn raw(b: &DVector<f64>, floor: Option<(usize, f64)>) -> DVector<f64> {
    let mut b = b.clone();
    if let Some((place, f)) = floor {
        b[place] += f;
    }
    b
}

#[inline]
fn axpy(a: f64, x: &[f64], y: &mut [f64]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += a * xi;
    }
}

/// Dot product with four partial sums (breaks the dependency chain of one running sum; the
/// order is fixed, so results are the same on every platform).
#[inline]
pub(crate) fn dot(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut s = [0.0f64; 4];
    let chunks = n / 4;
    for i in 0..chunks {
        let k = 4 * i;
        s[0] += a[k] * b[k];
        s[1] += a[k + 1] * b[k + 1];
        s[2] += a[k + 2] * b[k + 2];
        s[3] += a[k + 3] * b[k + 3];
    }
    let mut tail = 0.0;
    for k in 4 * chunks..n {
        tail += a[k] * b[k];
    }
    (s[0] + s[1]) + (s[2] + s[3]) + tail
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::precision::assert_close;

    /// A profile end, from first principles: with the curves held, the penalized log-likelihood
    /// is the quadratic `−(b − b̂)'Q(b − b̂)/(2σ²)` around the fit (`Q = Z'Z + P`), so moving
    /// channel k's coefficient and refitting every other free coefficient within its sign bound
    /// must (1) meet the optimality conditions of that bounded fit: the gradient `(Qδ)_c` zero
    /// for a coefficient inside its bound, and pushing against the bound for one held at it,
    /// (2) cost exactly `h²/2` of log-likelihood unless the channel's coefficient reached zero,
    /// and (3) report the ROI of the parameters it returns. A large `h` takes coefficients to
    /// their bounds, where the conditioned path must hold them (one end here holds two). A
    /// crossing the path missed would leave the other coefficients' gradients off zero.
    #[test]
    fn a_profile_end_moves_one_coefficient_h_standard_errors_and_refits_the_rest() {
        let sim =
            crate::simulate::simulate(&crate::simulate::SimulationSettings::default()).unwrap();
        let data = &sim.dataset;
        let spec = ModelSpec::for_dataset(data, crate::transform::AdstockKind::Geometric);
        let design = Design::new(data, &spec, 0.0).unwrap();
        let (mut inside, mut held, mut several) = (0, 0, 0);
        for unit in [0.5, 0.02] {
            let hp = spec.from_unit(&vec![unit; spec.dim()]);
            let lin = design
                .linearize(&spec, &hp, &mut Scratch::default(), 0.0)
                .unwrap();
            let s = &lin.solved;
            let free = s.free();
            let scaled = |p: &Parameters| -> DVector<f64> {
                DVector::from_iterator(
                    s.index.len(),
                    s.index.iter().map(|&(is_media, j)| {
                        if is_media {
                            p.media[j].coefficient * s.media_scale[j]
                        } else {
                            p.baseline[j] * design.base_scale[j]
                        }
                    }),
                )
            };
            for h in [0.4, 6.0, 40.0] {
                for k in 0..design.features.paid {
                    let a = s.index.iter().position(|&e| e == (true, k)).unwrap();
                    let [lo, hi] = lin.ends(k, h).unwrap();
                    for end in [lo, hi] {
                        let d = scaled(&end.parameters) - &s.b;
                        let roi =
                            crate::model::uncertainty::roi_of(&end.parameters, &design.features)[k];
                        assert_close(end.roi, roi, 1e-9);
                        let qd = &s.q * &d;
                        let tol = 1e-8 * qd[a].abs().max(1e-300);
                        let mut at_bound = 0;
                        for &c in free.iter().filter(|&&c| c != a) {
                            let value = s.b[c] + d[c];
                            match s.bounds[c] {
                                Bound::NonNegative => assert!(value >= 0.0, "{c} below 0"),
                                Bound::NonPositive => assert!(value <= 0.0, "{c} above 0"),
                                Bound::Free => {}
                            }
                            if s.bounds[c] != Bound::Free && value == 0.0 {
                                at_bound += 1;
                                // The fit would take it past its bound: the gradient of the cost
                                // points back into the allowed side.
                                let sign = if s.bounds[c] == Bound::NonNegative {
                                    1.0
                                } else {
                                    -1.0
                                };
                                assert!(sign * qd[c] >= -tol, "h {h}, channel {k}, column {c}");
                            } else {
                                assert!(
                                    qd[c].abs() <= tol,
                                    "h {h}, channel {k}, column {c}: {}",
                                    qd[c]
                                );
                            }
                        }
                        held += usize::from(at_bound > 0);
                        several += usize::from(at_bound > 1);
                        if s.b[a] + d[a] > 0.0 {
                            assert_close(
                                d.dot(&qd) / (2.0 * lin.noise_variance),
                                0.5 * h * h,
                                1e-9,
                            );
                            inside += 1;
                        } else {
                            // Stopped at zero: within the budget.
                            assert!(d.dot(&qd) / (2.0 * lin.noise_variance) <= 0.5 * h * h + 1e-9);
                        }
                    }
                }
            }
        }
        assert!(
            inside >= 12 && held >= 2 && several >= 1,
            "{inside} ends at the budget, {held} holding a bound, {several} holding two or more"
        );
    }

    /// A lift test bounds its channel's coefficient whatever the channel's column looks like: the
    /// test alone gives the coefficient a standard deviation of `SE / L` (`L`: the window's
    /// effect per unit of coefficient), so a profile end one standard deviation out moves the
    /// implied lift by at most one SE. A curve saturated at every spend, its column nearly
    /// constant, has a tiny spread and so a huge `L` per unit of scaled coefficient; the test's
    /// weight was capped at a million times a unit-variance column's information, which there
    /// is a ten-thousandth of the test's, and an outside check's precise search test (149,287 ±
    /// 14,487) left the ROI's interval at 0–37.35 and the implied lift's at 0–513,348.
    #[test]
    fn a_precise_lift_test_bounds_a_saturated_channel_as_any_other() {
        let sim =
            crate::simulate::simulate(&crate::simulate::SimulationSettings::default()).unwrap();
        let mut data = sim.dataset.clone();
        // Channel 0 always on, between 15,000 and 25,000 a week; with θ 0.05, α 5 and γ 0.1 its
        // curve is past its inflexion at every spend, within a ten-thousandth of 1 throughout.
        for (t, v) in data.channels[0].spend.iter_mut().enumerate() {
            *v = 20_000.0 + 5_000.0 * (t as f64).sin();
        }
        let data = &data;
        let spec = ModelSpec::for_dataset(data, crate::transform::AdstockKind::Geometric);
        let mut hp = spec.from_unit(&vec![0.5; spec.dim()]);
        hp.media[0] = vec![0.05, 5.0, 0.1];
        let first = 60;
        let last = 63;
        let plain = Design::new(data, &spec, 0.0).unwrap();
        let fit = plain.fit(&spec, &hp, &mut Scratch::default()).unwrap();
        let t = &fit.transforms[0];
        let activity = &plain.features.activity[0];
        let per_coefficient = crate::model::lift::window_effect(
            t,
            activity,
            first,
            last,
            crate::data::LiftScope::Total,
        );
        let lift = 1.1 * fit.media_coef[0] * per_coefficient;
        let se = 0.01 * lift;
        let experiment = Experiment {
            channel: 0,
            name: data.channels[0].name.clone(),
            first,
            last,
            start: data.dates[first],
            end: data.dates[last],
            lift,
            standard_error: se,
            scope: crate::data::LiftScope::Total,
            spend: data.channels[0].spend[first..=last].iter().sum(),
            row: 1,
        };
        let design = Design::new(data, &spec, 0.0)
            .unwrap()
            .with_experiments(vec![experiment]);
        let lin = design
            .linearize(&spec, &hp, &mut Scratch::default(), 0.0)
            .unwrap();
        let (a, l) = (lin.solved.lift_terms[0].0, lin.solved.lift_terms[0].1);
        // The premise: the column is nearly constant, `L` thousands of times a window's length.
        assert!(l > 1e3, "L = {l}");
        let b = lin.solved.b[a];
        let [lo, hi] = lin.ends(0, 1.0).unwrap();
        for end in [lo, hi] {
            let moved = end.roi / lin.roi_per_unit[0];
            assert!(
                ((moved - b) * l).abs() <= 1.0001 * se,
                "one standard deviation moves the implied lift by {} for an SE of {se}",
                (moved - b) * l
            );
        }
    }

    /// The AR(1) sandwich against its definition written out with explicit matrices: `Z'RZ`
    /// with `R_ts = φ^|t−s|` (the recursion builds it in O(n·p²) without `R`), `Q = Z'Z + P`,
    /// and each covariance column `σ² A (Z'RZ + P) A e_i` (`σ² A e_i` for independent noise),
    /// `A = Q⁻¹` on the free coefficients.
    #[test]
    fn the_ar1_sandwich_is_its_definition_with_explicit_matrices() {
        let sim = crate::simulate::simulate(&crate::simulate::SimulationSettings {
            periods: 80,
            ..Default::default()
        })
        .unwrap();
        let data = &sim.dataset;
        let spec = ModelSpec::for_dataset(data, crate::transform::AdstockKind::Geometric);
        let design = Design::new(data, &spec, 0.0).unwrap();
        let hp = spec.from_unit(&vec![0.4; spec.dim()]);
        let phi = 0.6;
        let mut scratch = Scratch::default();
        let lin = design.linearize(&spec, &hp, &mut scratch, phi).unwrap();
        let s = &lin.solved;
        let (n, p) = (design.train, s.index.len());
        let z = DMatrix::from_fn(n, p, |t, a| match s.index[a] {
            (true, j) => scratch.media[j][t],
            (false, j) => design.base_scaled[j][t],
        });
        let r = DMatrix::from_fn(n, n, |t, u| phi.powi(t.abs_diff(u) as i32));
        let m = z.transpose() * &r * &z;
        let gram = lin.correlated_gram.as_ref().unwrap();
        let q = z.transpose() * &z + DMatrix::from_diagonal(&DVector::from_vec(s.prior.clone()));
        for a in 0..p {
            for b in 0..p {
                assert_close(gram[(a, b)], m[(a, b)], 1e-9);
                assert_close(s.q[(a, b)], q[(a, b)], 1e-9);
            }
        }
        let on = s.free();
        let pick =
            |x: &DMatrix<f64>| DMatrix::from_fn(on.len(), on.len(), |i, j| x[(on[i], on[j])]);
        let a_inv = pick(&q).try_inverse().unwrap();
        let bread = &a_inv
            * (pick(&m) + pick(&DMatrix::from_diagonal(&DVector::from_vec(s.prior.clone()))))
            * &a_inv;
        for i in 0..on.len() {
            let iid = lin.covariance_column(&on, i, false).unwrap();
            let ar = lin.covariance_column(&on, i, true).unwrap();
            for r in 0..on.len() {
                let scale = lin.noise_variance * a_inv[(i, i)];
                assert!((iid[r] - lin.noise_variance * a_inv[(r, i)]).abs() <= 1e-8 * scale);
                assert!((ar[r] - lin.noise_variance * bread[(r, i)]).abs() <= 1e-8 * scale);
            }
        }
        // Positively correlated noise on slow media columns widens their coefficients.
        let widened = (0..design.features.paid)
            .filter_map(|k| lin.variance_inflation(k))
            .filter(|&v| v > 1.0)
            .count();
        assert_eq!(widened, design.features.paid);
    }

    #[test]
    fn the_shape_prior_penalty_is_minus_the_log_prior_density() {
        use crate::transform::{Adstock, Saturation};
        let sd = 0.5;
        let hill = |alpha: f64| ChannelTransform {
            adstock: Adstock::geometric(0.3).unwrap(),
            saturation: Saturation::hill(alpha, 0.5, 100.0).unwrap(),
            series_len: 52,
        };
        let logistic = ChannelTransform {
            saturation: Saturation::logistic(2.0, 100.0).unwrap(),
            ..hill(1.0)
        };
        // ln α ~ N(0, sd²), written out.
        let log_density = |alpha: f64| {
            let z = alpha.ln();
            -0.5 * (2.0 * std::f64::consts::PI * sd * sd).ln() - z * z / (2.0 * sd * sd)
        };
        for (a, b) in [(1.0, 2.0), (0.6, 1.7), (2.5, 0.8)] {
            let pa = shape_prior_penalty(&[hill(a), hill(1.3), logistic], Some(sd));
            let pb = shape_prior_penalty(&[hill(b), hill(1.3), logistic], Some(sd));
            // One unit of penalty is one unit of log density.
            assert_close(pb - pa, log_density(a) - log_density(b), 1e-12);
        }
        assert_close(
            shape_prior_penalty(&[hill(1.0), logistic], Some(sd)),
            0.0,
            0.0,
        );
        assert_close(shape_prior_penalty(&[hill(2.0)], None), 0.0, 0.0);
    }
}
