// Types of the MixLens JavaScript API. Field names follow MODEL.json and PLAN.json (README.md).

// The string unions below mirror the core's enums (serialized in snake case); a unit test in
// src/report/mod.rs checks that every name of the Rust enums appears here.

export type KpiType = 'revenue' | 'conversions';
/** How a KPI's efficiency is read: `roi` (return per unit of spend: the `roi`/`roas` fields) for
 * revenue, `cpa` (cost per conversion: the `cpa` fields) for conversions. */
export type Efficiency = 'roi' | 'cpa';
export type AdstockKind = 'geometric' | 'weibull_cdf' | 'weibull_pdf';
export type SaturationKind = 'hill' | 'logistic';
/** The role a column plays. */
export type ColumnRole = 'date' | 'kpi' | 'media' | 'exposure' | 'organic' | 'control' | 'ignored';
/** What a series of the decomposition is. */
export type ComponentKind = 'intercept' | 'trend' | 'seasonality' | 'weekday' | 'control' | 'organic' | 'paid';
/** What a baseline term stands for. */
export type BaseGroup = 'intercept' | 'trend' | 'seasonality' | 'weekday' | 'control';
/** Which estimator produced a fitted model. */
export type EstimatorKind = 'ridge_search' | 'bayes';
/** Which estimator a fit asks for; 'auto' (the default): the Bayesian estimator, or the ridge
 * search for data too big for the Bayesian estimator's full grid of curve shapes (with an
 * 'estimator_chosen' warning). */
export type EstimatorChoice = 'auto' | EstimatorKind;
/** Something to know that did not stop the work; `other`: a kind written by a newer MixLens. */
export type WarningKind =
  | 'rows_sorted' | 'negative_kpi' | 'exposure_without_spend' | 'control_dropped' | 'column_unused'
  | 'no_seasonality' | 'few_rows' | 'few_equivalent_models' | 'uncertain_roi' | 'uncertain_effect'
  | 'text_column_ignored' | 'spend_scale' | 'search_scaled' | 'not_converged'
  | 'lift_overlap' | 'lift_standard_error_derived' | 'lift_conflict' | 'lift_after_data'
  | 'lift_window_rounded' | 'lift_spend_mismatch'
  | 'estimator_chosen' | 'coarse_grid' | 'late_lag' | 'prior_unused' | 'poor_fit'
  | 'spend_follows_sales' | 'rare_spend' | 'other';
/** The core's kinds of error (`Error::kind`). */
export type ErrorKind =
  | 'empty_file' | 'not_csv_text' | 'model_given_as_data' | 'no_data_rows' | 'malformed_csv' | 'ragged_row' | 'blank_column_name' | 'duplicate_column'
  | 'unknown_column' | 'role_conflict' | 'no_date_column' | 'no_kpi_column' | 'empty_kpi_column' | 'kpi_column_taken' | 'date_column_taken'
  | 'ambiguous_kpi' | 'no_media_columns'
  | 'exposure_without_spend' | 'missing_value' | 'non_numeric' | 'number_too_large' | 'column_too_small' | 'negative_spend' | 'negative_activity'
  | 'bad_date' | 'ambiguous_date_format' | 'duplicate_date' | 'several_rows_per_date' | 'unsupported_frequency'
  | 'irregular_spacing' | 'constant_column' | 'constant_kpi' | 'all_zero_column' | 'too_few_rows' | 'invalid_setting'
  | 'invalid_parameter' | 'invalid_model' | 'numerical' | 'search_not_started' | 'cancelled' | 'search_mismatch'
  | 'unknown_channel' | 'infeasible_budget' | 'invalid_bounds' | 'unreachable_target'
  | 'total_row' | 'ambiguous_number_format' | 'mixed_number_format'
  | 'title_above_header' | 'repeated_row' | 'long_format'
  | 'lift_missing_column' | 'lift_bad_cell' | 'lift_unknown_channel' | 'lift_window' | 'lift_no_spend'
  | 'lift_standard_error' | 'lift_no_tests';

/** Something the user should know that did not stop the work. */
export interface Warning {
  kind: WarningKind;
  /** The sentence to show. */
  message: string;
  /** The channel or column it is about, when it is about one. */
  subject?: string;
}

/** An Error thrown by MixLens; points at the cell when it can. */
export interface MixLensError extends Error {
  /** The core's kind of problem; `'cancelled'` for a cancelled fit or design (then `name` is
   * `'AbortError'` and `cause` the signal's `reason`); `'crashed'` after an internal error
   * trapped the engine (it restarts itself: the call can be tried again); `'load_failed'` when
   * mixlens_bg.wasm or worker.js is not served beside index.js (the message names the URL);
   * `'not_loaded'` for `new Model()` before `load()`; `'invalid_setting'` also for an unknown
   * option key or an input that is not text. A newer core may add kinds. */
  kind: ErrorKind | 'crashed' | 'load_failed' | 'not_loaded';
  /** Spreadsheet row (header = 1). */
  row?: number;
  column?: string;
}

export interface RoleRequest {
  date?: string | null;
  kpi?: string | null;
  kpi_type?: KpiType | null;
  media?: string[] | null;
  exposure?: { spend: string; exposure: string }[];
  organic?: string[] | null;
  controls?: string[] | null;
  ignore?: string[];
}

export interface ModelOptions {
  adstock?: AdstockKind;
  saturation?: SaturationKind;
  channel_adstock?: Record<string, AdstockKind>;
  channel_saturation?: Record<string, SaturationKind>;
  ranges?: { channel: string; parameter: string; low: number; high: number }[];
  control_signs?: Record<string, 'free' | 'positive' | 'negative'>;
  baseline?: { trend?: boolean; seasonality_order?: number | null; weekday?: boolean | null };
  /** Spread of a normal prior on ln(Hill α) around α = 1 (for example 0.5) for every channel:
   *  the Bayesian grid weighs each curve shape by the log-normal density of its α, the ridge
   *  search adds ln²α / (2 spread²) to its objective. `0`: none on any channel. `null` (the
   *  default): none, except 0.5 on channels that never pause under the Bayesian estimator. */
  hill_slope_prior?: number | null;
  /** Bayesian estimator: the prior share of delayed lags (Weibull densities whose weights peak
   *  1 to 5 periods after the spend) beside each geometric Hill channel's decays, from 0 to below
   *  1. `null` (the default): 0.1; `0`: geometric decays only. */
  delayed_lags?: number | null;
}

export interface SearchSettings {
  /** Candidate models per trial (default 4000). */
  iterations?: number;
  /** Independent trials (default 5). */
  trials?: number;
  seed?: number;
  /** Share of the last periods held out (0 to 0.5). */
  holdout?: number;
  population?: number;
  /** Cut the iterations for big data to about 40 s of one core (default true). */
  scale_to_data?: boolean;
}

/** A prior on a paid channel's ROI: Normal(centre, spread²) restricted to ROI ≥ 0. */
export interface RoiPrior {
  /** Display name or spend column. */
  channel: string;
  centre: number;
  spread: number;
}

/** Settings of the Bayesian estimator. */
export interface BayesSettings {
  /** Independent chains (default 4; the page runs one per worker). */
  chains?: number;
  /** Kept draws per chain (default 1000). */
  draws?: number;
  /** Tuning (burn-in) sweeps per chain (default 1000). */
  tune?: number;
  seed?: number;
  /** Draws stored in MODEL.json (default 400). */
  saved_draws?: number;
  /** Channels not named get the default: half-normal with a spread of half the total KPI / total
   * spend (for a KPI that goes below zero in a twentieth of the periods or more, periods × its
   * range in place of the total KPI). */
  roi_priors?: RoiPrior[];
  /** Prior probability that a paid channel has no effect at all (ROI exactly 0; default 0.2). */
  no_effect?: number;
  /** Model the noise as AR(1), its coefficient estimated by a pilot chain (default true). */
  autocorrelated_noise?: boolean;
}

/** Convergence of the Bayesian estimator's chains. */
export interface Diagnostics {
  sampler: 'gibbs_shape_grid';
  chains: number;
  draws: number;
  tune: number;
  /** Largest split R-hat over every channel's ROI and the noise (≤ 1.01: converged). */
  rhat_max: number;
  /** Smallest effective sample size. */
  ess_min: number;
  divergences: number;
  /** Grid shapes per media column. */
  shapes: number[];
  /** Lag-1 autocorrelation of the noise the model assumed (0: independent). */
  noise_autocorrelation: number;
}

/** A resolved prior of the Bayesian estimator. */
export interface PriorInfo {
  name: string;
  /** `roi` (paid channel) or `kpi_share` (organic variable). */
  quantity: 'roi' | 'kpi_share';
  centre: number;
  spread: number;
  set_by_user: boolean;
  /** Prior probability of no effect (0 for organic variables). */
  no_effect: number;
  shapes: number;
  /** The spread of the prior on ln(Hill α) the curve shapes were weighted by; null: every slope
   *  equally likely. */
  slope_prior?: number | null;
  /** The channel never pauses (activity at or above a quarter of its median positive activity in more than 95 % of the
   *  periods): by default its shapes lean to returns that diminish from the first unit. */
  never_pauses?: boolean;
  /** A channel with a lift test (and no other slope prior): the spread in ln α of the prior
   *  against Hill slopes below 1, whose first unit returns without bound; absent otherwise. */
  slope_below_one?: number;
  /** The prior share of delayed lags among the channel's curve shapes (0: none). */
  delayed_share?: number;
}

/** How a file's numbers are read: the decimal mark of number columns whose cells could be read
 * two ways (`1,234` or `1.234` and nothing else); columns whose cells settle it are read as they say. */
export interface ReadOptions {
  decimal_mark?: 'point' | 'comma' | null;
}

/** The text of a file: a string, a File or Blob, or its bytes (read as UTF-8, or as
 * Windows-1252 when they are not UTF-8). */
export type TextInput = string | Blob | ArrayBuffer | ArrayBufferView;

/** The text of a file as MixLens reads it: UTF-8, or Windows-1252 (Excel's "CSV" on Windows)
 * when its bytes are not UTF-8; a string as it is. Anything else: kind 'invalid_setting'. */
export function fileText(file: TextInput): Promise<string>;
/** A MODEL.json: its text (as `TextInput`), a Model, or the parsed JSON. */
export type ModelInput = TextInput | Model | Report | Record<string, unknown>;

/** Fit options; a key not declared here (at any level) is refused with kind 'invalid_setting'. */
export interface FitOptions {
  read?: ReadOptions;
  roles?: RoleRequest;
  model?: ModelOptions;
  /** `auto` (the default: `bayes` unless the data are too big for it), `bayes` (posterior
   * draws, 90 % intervals) or `ridge_search`. */
  estimator?: EstimatorChoice;
  /** Both `search.seed` and `bayes.seed` (as the CLI's --seed), where those are not set. */
  seed?: number;
  search?: SearchSettings;
  bayes?: BayesSettings;
  /** Lift tests to calibrate with: `LiftTest[]` or the text of an experiments CSV. */
  experiments?: LiftTest[] | TextInput;
  /** With lift tests: the model already fitted with the same options but without them (a
   * Model or its MODEL.json), so that it is not fitted again. */
  uncalibrated?: ModelInput;
  /** Number of Web Workers (default: logical processors, at most the number of trials). */
  workers?: number;
  signal?: AbortSignal;
}

export interface Progress {
  /** Candidates evaluated (ridge search) or sweeps run (Bayesian chains, tuning included). */
  done: number;
  total: number;
  fraction: number;
  /** Ridge search only (null for the Bayesian estimator). */
  bestNrmse: number | null;
  bestDecompRssd: number | null;
  secondsLeft: number | null;
  /** Bayesian estimator only: each chain's sweeps, tuning included (`started` false while it
   * waits for a free worker). */
  chains: { done: number; total: number; started: boolean }[] | null;
  /** Estimated seconds of the whole fit, before it started (from the data's size). */
  estimatedSeconds: number;
  /** Big data: why the automatic choice is the ridge search and how the search was shortened
   * (the `estimator_chosen` and `search_scaled` warnings), or null. */
  searchNote: string | null;
  /** Null without lift tests; with them, which fit runs (each reported from 0 to 1). */
  stage: { index: number; of: number; name: 'without the lift tests' | 'with the lift tests' } | null;
}

/** Which periods a lift test's lift covers: `total` (the window and the carryover after it,
 * the default) or `immediate` (the window only: Robyn's default `calibration_scope`). */
export type LiftScope = 'total' | 'immediate';

/** One lift test: the KPI that the channel's spend inside the window added (KPI units). */
export interface LiftTest {
  /** The channel's name or its spend column. */
  channel: string;
  /** First and last dates of the window (inclusive), as the data writes its dates or YYYY-MM-DD. */
  start: string;
  end: string;
  lift: number;
  standard_error: number;
  scope?: LiftScope;
  /** Row of the experiments file (header: row 1); 0 or absent when entered by hand. */
  row?: number;
  /** True when the standard error was derived from Robyn's `confidence`. */
  derived_standard_error?: boolean;
  /** The KPI the test measured (Robyn's `metric`); refused when it is not the model's KPI. */
  metric?: string;
  /** The channel's spend in the window as the test reports it (Robyn's `spend`); a warning
   * when it is more than 10 % from the data's. */
  reported_spend?: number;
}

/** One lift test beside the model's implied lift (MODEL.json `calibration`). */
export interface CalibrationRow {
  channel: string;
  /** ISO dates of the window's first and last periods. */
  start: string;
  end: string;
  periods: number;
  scope: LiftScope;
  /** The channel's spend inside the window. */
  spend: number;
  /** Measured lift and its standard error. */
  lift: number;
  standard_error: number;
  /** The model's implied lift (posterior median, or the model shown) and its interval at
   * `interval_level`: over the draws, or for a ridge fit between the lifts at the ends of the
   * tested channel's ROI interval (null without either). */
  model_lift: number;
  model_lift_interval: [number, number] | null;
  /** The same from the model fitted without the tests (null when it was not fitted). */
  uncalibrated_lift: number | null;
  uncalibrated_interval: [number, number] | null;
  /** (model lift − lift) / combined sd. */
  z: number;
  z_uncalibrated: number | null;
  /** The calibrated model agrees with the test and the sales data did not contradict it. */
  agrees: boolean;
  /** Share of the model's implied lift that comes after the data's last period (the channel
   * taken to spend its average of the last 52 periods there); a 'lift_after_data' warning
   * above 0.1. Absent in files written before it. */
  after_data?: number;
}

/** A fit request with every setting filled in (see `defaultRequest`). */
export interface FitRequest {
  read: ReadOptions;
  roles: RoleRequest;
  model: ModelOptions;
  /** 'auto' by default. */
  estimator: EstimatorChoice;
  search: Required<SearchSettings>;
  bayes: Required<BayesSettings>;
  experiments: LiftTest[];
}

export interface SimulationOptions {
  seed?: number;
  periods?: number;
  channels?: number;
  frequency?: 'daily' | 'weekly' | 'monthly';
  noise?: number;
  organic?: boolean;
  controls?: boolean;
}

export interface TruthChannel {
  name: string;
  spend_column: string;
  spend: number;
  contribution: number;
  /** contribution / spend. */
  roi: number;
  /** spend / contribution: the true CPA when the simulated KPI is read as conversions (null
   * without a positive contribution). */
  cpa: number | null;
  mean_spend: number;
  marginal_roi: number;
  carryover_share: number;
  coefficient: number;
  transform: ChannelTransform;
}

export interface ErrorInfo {
  kind: string;
  message: string;
  row: number | null;
  column: string | null;
}

export interface Inspection {
  columns: string[];
  preview: string[][];
  /** The file line (spreadsheet row) of each preview row, as errors name rows. */
  preview_rows: number[];
  rows: number;
  roles: RoleAssignment | null;
  coverage: { frequency: string; periods: number; first: string; last: string; channels: string[]; organic: string[]; controls: string[] } | null;
  /** Each preview cell as the model reads it (null where it is not a number). */
  numbers: (number | null)[][];
  warnings: Warning[];
  error: ErrorInfo | null;
}

export interface RoleAssignment {
  date: string;
  kpi: string;
  kpi_type: KpiType;
  media: { name: string; spend: string; exposure: string | null }[];
  organic: string[];
  controls: { column: string; categorical: boolean }[];
  ignored: string[];
  /** One note per column: its role, whether you gave it, and why. */
  notes: { column: string; role: ColumnRole; given: boolean; reason: string }[];
}

export interface CurvePoint { spend: number; response: number; marginal: number }

export type Adstock =
  | { type: 'geometric'; theta: number }
  | { type: 'weibull_cdf' | 'weibull_pdf'; shape: number; scale: number };
export type Saturation =
  | { type: 'hill'; alpha: number; gamma: number; inflexion: number }
  | { type: 'logistic'; lambda: number; reference: number };
export interface ChannelTransform { adstock: Adstock; saturation: Saturation; series_len: number }

/** One full set of model parameters: the point estimate or one draw. */
export interface Parameters {
  /** Paid channels then organic variables. */
  media: { transform: ChannelTransform; coefficient: number }[];
  /** Coefficients of the baseline features, in `FittedModel.baseline` order. */
  baseline: number[];
  /** Residual standard deviation on the fitted periods. */
  sigma: number;
}

export interface ChannelIdentity {
  name: string;
  spend_column: string;
  exposure_column: string | null;
  exposure_per_spend: number;
}

/** What every estimator delivers and everything downstream reads. */
export interface FittedModel {
  estimator: EstimatorKind;
  kpi_type: KpiType;
  channels: ChannelIdentity[];
  organic: string[];
  baseline: string[];
  /** Curve parameters estimated from the data per media column (for adjusted R²). */
  curve_parameters: number[];
  /** The point estimate (the model shown). */
  point: Parameters;
  /** Full parameter sets of the models that fit about as well (plans are made on their mean response and evaluated under each). */
  draws: Parameters[];
  /** Ridge search: the parameter sets at the ends of each paid channel's 90 % interval (channel k's low end at 2k, high end at 2k + 1); absent for the Bayesian estimator. */
  interval_ends?: Parameters[];
}

/** Per media column its curve parameters in its adstock's and saturation's order; a Bayesian
 *  point on a delayed lag has the Weibull density's shape and scale in place of θ. */
export interface HyperParams { media: number[][]; lambda_h: number }

export interface ChannelResult {
  name: string;
  spend_column: string;
  exposure_column: string | null;
  spend: number;
  mean_spend: number;
  contribution: number;
  roi: number;
  /** spend / contribution (conversion KPIs with a positive contribution). */
  cpa: number | null;
  spend_share: number;
  effect_share: number;
  /** Response per period at the mean spend (the point marked on the curve). */
  mean_response: number;
  marginal_roi: number;
  /** 1 / marginal_roi (conversion KPIs with a positive marginal ROI). */
  marginal_cpa: number | null;
  carryover_share: number;
  coefficient: number;
  exposure_per_spend: number;
  adstock: Adstock;
  saturation: Saturation;
  half_life: number;
  series_len: number;
  decay: number[];
  response_curve: CurvePoint[];
  /** The ROI's interval at `interval_level`: over the posterior's draws (Bayesian estimator) or the ridge search's calibrated profile-likelihood interval; null in a ridge model saved before such intervals. */
  roi_interval: [number, number] | null;
  contribution_interval: [number, number] | null;
  /** The response's interval at each point of `response_curve` (the ridge search: its curve and its interval ends' curves; empty without intervals). */
  response_band: [number, number][];
}

export interface SelectedModel {
  /** True when the model shown is the recommended one. */
  recommended: boolean;
  /** Place of the model shown in `pareto`, or null when it is not on the front. */
  pareto_index: number | null;
  /** [NRMSE, DECOMP.RSSD] of the recommended model, also while another model is shown (null only
   * in an older file that showed another model). */
  recommended_point: [number, number] | null;
  candidate: number;
  trial: number;
  iteration: number;
  nrmse: number;
  decomp_rssd: number;
  /** `consensus` (ridge search) or `posterior_median` (Bayesian). */
  rule: 'consensus' | 'posterior_median';
  considered: number;
  median_roi: number[];
  /** Each paid channel's 90 % ROI interval (`roi_interval`): the posterior's (Bayesian) or the
   * ridge search's calibrated profile-likelihood interval. A ridge model saved before those:
   * lowest and highest ROI among the models whose fit is not significantly worse. */
  roi_range: [number, number][];
  /** The same as CPAs, [1 / highest ROI, 1 / lowest ROI], for conversion KPIs (empty otherwise);
   * an end is null where its ROI is not positive (no finite CPA: open upwards). */
  cpa_range: [number | null, number | null][];
  hyperparameters: HyperParams;
}

export interface ParetoModel {
  candidate: number;
  trial: number;
  iteration: number;
  nrmse: number;
  decomp_rssd: number;
  roi: number[];
  hyperparameters: HyperParams;
  parameters: Parameters;
}

export interface Metrics { rows: number; r2: number; nrmse: number; mape: number | null }

/** MODEL.json (schema 2). */
export interface Report {
  schema_version: 2;
  generator: string;
  kpi: { name: string; type: KpiType; efficiency: Efficiency };
  /** The settings fitted with (the estimator resolved; settings missing from older files at their defaults). */
  settings: { read: ReadOptions; roles: RoleRequest; model: ModelOptions; estimator: EstimatorKind; search: Required<SearchSettings>; bayes: Required<BayesSettings>; experiments?: LiftTest[] };
  roles: RoleAssignment;
  model: FittedModel;
  selected: SelectedModel;
  channels: ChannelResult[];
  organic: { name: string; contribution: number; effect_share_of_kpi: number; coefficient: number; adstock: Adstock; saturation: Saturation; carryover_share: number }[];
  baseline: { name: string; group: BaseGroup; coefficient: number; contribution: number }[];
  fit: { r2: number; adj_r2: number; nrmse: number; mape: number | null; decomp_rssd: number; rows: number; coefficients: number; lambda: number; holdout: Metrics | null };
  decomposition: { dates: string[]; actual: number[]; fitted: number[]; holdout_start: number;
    /** The parts add up to `fitted`; `total` is the sum of `values`. */
    components: { name: string; kind: ComponentKind; total: number; values: number[] }[];
    /** The fitted KPI's interval per period over the draws (empty without draws). */
    fitted_band: [number, number][] };
  pareto: ParetoModel[];
  cloud: [number, number][];
  search: { candidates: number; failed: number };
  /** The level of every interval in the file (0.9). */
  interval_level: number;
  /** Bayesian estimator only. */
  diagnostics: Diagnostics | null;
  /** Bayesian estimator only: the priors as resolved. */
  priors: PriorInfo[];
  /** The resolved model description. */
  spec: Record<string, unknown>;
  /** The data fitted. */
  data: Record<string, unknown>;
  warnings: Warning[];
  /** One row per lift test fitted with (empty without tests). */
  calibration?: CalibrationRow[];
}

export type Goal =
  | { type: 'max_response'; budget: number }
  | { type: 'target_roas'; target: number }
  | { type: 'target_cpa'; target: number };

export interface PlanRequest {
  goal?: Goal | null;
  /** Absolute spend-per-period bounds; a side left out comes from `relative_bounds`. */
  bounds?: Record<string, { low?: number; high?: number }>;
  relative_bounds?: { low: number; high: number };
  locked?: string[];
  /** Current spend = mean over the last `window` periods; 0 or left out: a year of the data's
   * periods (52 weeks, 365 days, 12 months). */
  window?: number;
  /** Keep each channel without bounds of its own within the spends per period it ran at in
   * 90 % of periods (default false; beyond them its curve is the model's guess). */
  within_history?: boolean;
}

export interface ChannelPlan {
  name: string;
  current_spend: number;
  optimal_spend: number;
  /** Change as a share of the current spend (0.25: +25%); null when nothing is spent now. */
  change_pct: number | null;
  /** The bounds the plan kept to (missing sides filled in). */
  lower: number;
  upper: number;
  locked: boolean;
  /** The spends per period the channel ran at in 90 % of the data's periods (its 5 % and 95 %
   * quantiles over all of them): a planned spend outside them rests on the model's curve beyond
   * the data. Absent for a channel with bounds of its own or locked. */
  ran_at?: [number, number];
  current_response: number;
  optimal_response: number;
  current_roas: number;
  optimal_roas: number;
  current_marginal_roi: number;
  optimal_marginal_roi: number;
  /** Spend / response and 1 / marginal ROI: conversion KPIs only, null where not positive. */
  current_cpa: number | null;
  optimal_cpa: number | null;
  current_marginal_cpa: number | null;
  optimal_marginal_cpa: number | null;
  curve: CurvePoint[];
}

/** The curves a plan is made on. */
export type PlanBasis = 'point' | 'mean_of_draws';

export interface Plan {
  goal: Goal;
  kpi_type: KpiType;
  /** Which fields to show: `roas`/`roi` ones or `cpa` ones. */
  efficiency: Efficiency;
  window: number;
  /** Whether the plan kept channels within the spends they ran at (the request's). */
  within_history: boolean;
  total_budget: number;
  total_budget_current: number;
  baseline: number;
  total_response_current: number;
  total_response_optimal: number;
  total_kpi_current: number;
  total_kpi_optimal: number;
  uplift: number;
  uplift_pct: number;
  roas_current: number;
  roas_optimal: number;
  /** Total spend / total media response (conversion KPIs). */
  cpa_current: number | null;
  cpa_optimal: number | null;
  /**
   * 5% and 95% quantiles of this allocation's uplift evaluated under each of the model's draws
   * (each draw's own curves, from the current spends to the planned ones); null without draws.
   * With draws, the plan is made on their mean response and `uplift` is the expected uplift.
   */
  uplift_interval: [number, number] | null;
  /** The same for each draw's uplift as a share of that draw's own current media response (its 5 % and 95 % quantiles; not `uplift_interval` over `total_response_current`). */
  uplift_interval_pct: [number, number] | null;
  /** Share of the draws under which the plan's total KPI beats the current split's; null without draws. */
  probability_better: number | null;
  /** Probability the interval is meant to hold: 0.9. */
  interval_level: number;
  /** The curves planned on: the mean response over the draws (figures are expected ones) or the point estimate's. */
  basis: PlanBasis;
  channels: ChannelPlan[];
  /** What in the request may not mean what it says, in words: bounds that look like multiples
   * of the current spend (Robyn's channel constraints) but are spend per period. */
  notes: string[];
  /** What the fit warned of that bears on this plan, in words: a model that explains little of
   * the KPI, a moved channel whose return the data cannot show (its spend follows sales, or
   * it spent in only a few periods), or a channel raised on an S-shaped reading of its curve
   * (its return per 1 spent read a quarter or more higher at the planned spend). */
  cautions: string[];
}

/** A channel's response curve on the plans' basis (`Model.planCurves`): KPI per period at a
 * spend per period. */
export interface BasisCurve {
  name: string;
  points: { spend: number; response: number }[];
}

export interface Scenario {
  kpi_type: KpiType;
  efficiency: Efficiency;
  window: number;
  baseline: number;
  total_spend_current: number;
  total_spend_scenario: number;
  total_response_current: number;
  total_response_scenario: number;
  total_kpi_current: number;
  total_kpi_scenario: number;
  difference: number;
  difference_pct: number;
  roas_current: number;
  roas_scenario: number;
  /** Total spend / total media response (conversion KPIs). */
  cpa_current: number | null;
  cpa_scenario: number | null;
  /** 5% and 95% quantiles of the difference evaluated under each of the model's draws; null without draws. */
  difference_interval: [number, number] | null;
  /** The same as shares of the current media response. */
  difference_interval_pct: [number, number] | null;
  /** Share of the draws under which the scenario's total KPI beats the current split's; null without draws. */
  probability_better: number | null;
  /** Probability the interval is meant to hold: 0.9. */
  interval_level: number;
  /** The curves planned on: the mean response over the draws (figures are expected ones) or the point estimate's. */
  basis: PlanBasis;
  channels: { name: string; current_spend: number; scenario_spend: number; current_response: number; scenario_response: number; scenario_roas: number; current_marginal_roi: number; scenario_marginal_roi: number;
    scenario_cpa: number | null; current_marginal_cpa: number | null; scenario_marginal_cpa: number | null;
    /** The spends per period the channel ran at in 90 % of the data's periods, as in a plan
     * (`ChannelPlan.ran_at`): a scenario's spend outside them rests on the model's curve
     * beyond the data. */
    ran_at?: [number, number] }[];
}

/** What the model shown is: the recommended model, a Pareto model chosen by hand, or a Bayesian fit. */
export interface ModelIdentity {
  estimator: EstimatorKind;
  recommended: boolean;
  /** 1-based number of the Pareto model shown when it is not the recommended one. */
  pareto_model: number | null;
  /** "Alternative Pareto model 60, chosen by hand; not the recommended one." and the like. */
  label: string;
}

/** One paid channel as the summary quotes it. */
export interface ChannelFact {
  name: string;
  /** Return per 1 spent over the whole period (ROI), or cost per conversion (CPA). */
  value: number | null;
  /** Its 90 % interval (or the range of a ridge model saved before intervals); null when there is none. */
  low: number | null;
  high: number | null;
  relative_width: number | null;
  /** What the next 1 spent returns at today's spend (or what the next conversion costs). */
  marginal: number | null;
  /** Share of the posterior draws in which the channel has no effect (Bayesian fits). */
  no_effect_probability: number | null;
  /** "search returned 2.21 per 1 spent (90 %: 1.83–2.67)". */
  sentence: string;
}

/** The executive summary of a model (and of a plan when one was asked for). */
export interface Summary {
  headline: string;
  sentences: string[];
  /** First and last date of the data, and its number of periods. */
  first: string;
  last: string;
  periods: number;
  efficiency: Efficiency;
  /** "90 %", or "range" for a ridge model saved before intervals. */
  interval_word: string;
  model: ModelIdentity;
  channels: ChannelFact[];
  /** The channel least pinned down: one that may not work at all, else the widest interval
   * relative to its value. Not the test worth most to a plan: that is `design()`'s ranking. */
  test_next: string | null;
}

/** Where a target goal starts: 90% of the current ROAS, 110% of the current CPA. */
export interface DefaultTargets {
  /** Null for a conversions KPI (a ROAS target is refused there). */
  target_roas: number | null;
  /** Null for a revenue KPI (a CPA target is refused there), or when the current media
   * response is not positive. */
  target_cpa: number | null;
}

export function load(): Promise<WebAssembly.Module>;
export function version(): Promise<string>;
export function simulate(options?: SimulationOptions): Promise<{ csv: string; truth: { channels: TruthChannel[] } & Record<string, unknown> }>;
export function inspect(csvText: TextInput, roles?: RoleRequest, read?: ReadOptions): Promise<Inspection>;
export function startWorkers(size?: number): Promise<number>;
/** Every fit setting at the core's default (the default estimator among them). */
export function defaultRequest(): Promise<FitRequest>;
/** The Bayesian estimator's priors as a fit with these options would resolve them. */
export function priors(csvText: TextInput, options?: FitOptions): Promise<PriorInfo[]>;
/** `read`: the data file's read options (its decimal mark answers lift cells like `120.000`,
 * which are refused without one). */
export function parseLiftCsv(text: TextInput, read?: ReadOptions): Promise<LiftTest[]>;
export function check(csvText: TextInput, options?: FitOptions): Promise<{ estimator: EstimatorKind; search: Required<SearchSettings>; estimated_seconds: number; warnings: Warning[] }>;
/** In a worker; `signal` ends the ranking at once (its worker is replaced), rejecting with kind 'cancelled'. */
export function design(model: ModelInput, options?: DesignRequest & { signal?: AbortSignal }): Promise<DesignReport>;
/** `onProgress` is never called after an abort; if it throws, the fit stops and rejects with
 * that exception. */
export function fit(csvText: TextInput, options?: FitOptions, onProgress?: (p: Progress) => void): Promise<Model>;
export function openModel(json: ModelInput): Promise<Model>;
export function optimize(model: ModelInput, budget?: number, options?: PlanRequest): Promise<Plan>;

/** One paid channel's ROI over a Bayesian fit's saved draws: per chain, in sampling order. */
export interface ChannelTrace {
  channel: string;
  chains: number[][];
}

/** What `design` simulates (all optional). */
export interface DesignRequest {
  /** Test length in periods (default: 4 weeks, 28 days or 1 month). */
  periods?: number;
  /** Spend change in the window as a share of the spend: -1 (the default) pauses it. */
  change?: number;
  /** The test's standard error in KPI units (default: from the model's noise). */
  standard_error?: number;
  /** Instead, the standard error as a share of the effect the test is expected to measure
   *  (0.15: ±15 %; of the mean size of the draws' effects), up to 5. Not with `standard_error`. */
  relative_standard_error?: number;
  outcomes?: number;
  draws?: number;
  /** Periods the plans' current spend is averaged over; 0 or left out: a year of them. */
  window?: number;
  seed?: number;
}

/** One suggested lift test. */
export interface ExperimentDesign {
  channel: string;
  /** The suggested window (ISO dates): the periods right after the data ends. */
  start: string;
  end: string;
  periods: number;
  change: number;
  /** The spend the test moves. */
  spend_at_stake: number;
  standard_error: number;
  expected_effect: number;
  /** The ROI's interval now and the one expected after the test, at `interval_level`. */
  current_roi_interval: [number, number];
  expected_roi_interval: [number, number];
  /** Expected improvement of the plan's KPI from knowing the result, per year (KPI units). */
  value: number;
  /** KPI per year whose attribution the test is expected to settle: the expected fall of the
   *  misattribution the draws expect, Σ over every channel of yearly spend × mean |ROI − median
   *  ROI| (orders tests of no material value). */
  settles: number;
  /** The suggestion in words. */
  sentence: string;
}

/** DESIGN.json: the experiments from most to least valuable (then those of no material value,
 *  by `settles`). */
export interface DesignReport {
  periods: number;
  interval_level: number;
  /** The KPI's measure: 'cpa' for a conversions KPI (the experiments' ROI intervals are then
   *  shown inverted, as costs per conversion, and the sentence speaks of them). */
  efficiency: Efficiency;
  /** The KPI's name (the unit of `value`). */
  kpi: string;
  /** The smallest material value (a thousandth of the KPI of a year, at least 1): tests worth
   *  less are not expected to change the plan and are ordered by `settles`. */
  material_value: number;
  experiments: ExperimentDesign[];
}

export class Model {
  /** Throws (kind 'not_loaded') before `load()` has resolved; a File: `openModel(file)`. */
  constructor(json: Exclude<ModelInput, Blob>);
  report(): Report;
  selectPareto(index: number): Report;
  plan(request?: PlanRequest): Plan;
  /** The plan as CSV: a row per channel, then `total`; the last column, `notes`, holds the
   *  plan's `notes` and `cautions` on the total's row. */
  planCsv(request?: PlanRequest): string;
  /** The executive summary; with a plan request, the plan's cautious and expected gain too. */
  summary(planRequest?: PlanRequest | null): Summary;
  whatIf(spends?: Record<string, number>, window?: number): Scenario;
  /** Each paid channel's response curve as plans and what-ifs read it (the mean over the draws
   * for the recommended model), at the spends of the report's `response_curve`, then on at the
   * same step to 3.6 times the current spend (the what-if sliders' reach). */
  planCurves(window?: number): BasisCurve[];
  defaultTargets(window?: number): DefaultTargets;
  /** Which lift test to run next, most valuable first (then by `settles`). */
  design(request?: DesignRequest): DesignReport;
  /** Each paid channel's ROI over the saved draws, chain by chain in sampling order (a trace
   * plot); empty for a model without posterior draws. */
  traces(): ChannelTrace[];
  channelsCsv(): string;
  decompositionCsv(): string;
  toJSON(): string;
}
