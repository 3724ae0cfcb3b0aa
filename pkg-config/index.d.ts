// Types of the MixLens JavaScript API. Field names follow MODEL.json and PLAN.json (README.md).

export type KpiType = 'revenue' | 'conversions';
export type AdstockKind = 'geometric' | 'weibull_cdf' | 'weibull_pdf';
export type SaturationKind = 'hill' | 'logistic';

/** An Error thrown by MixLens; points at the cell when it can. */
export interface MixLensError extends Error {
  /** The core's kind of problem; `'cancelled'` for a cancelled fit; `'crashed'` after an internal
   * error trapped the engine (it restarts itself: the call can be tried again). */
  kind: string;
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
  hill_slope_prior?: number | null;
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
}

export interface FitOptions {
  roles?: RoleRequest;
  model?: ModelOptions;
  search?: SearchSettings;
  /** Number of Web Workers (default: logical processors, at most the number of trials). */
  workers?: number;
  signal?: AbortSignal;
}

export interface Progress {
  done: number;
  total: number;
  fraction: number;
  bestNrmse: number | null;
  bestDecompRssd: number | null;
  secondsLeft: number | null;
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
  roi: number;
  mean_spend: number;
  marginal_roi: number;
  carryover_share: number;
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
  rows: number;
  roles: RoleAssignment | null;
  coverage: { frequency: string; periods: number; first: string; last: string; channels: string[]; organic: string[]; controls: string[] } | null;
  /** `subject`: the channel or column a warning is about, when it is about one. */
  warnings: { kind: string; message: string; subject?: string }[];
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
  notes: { column: string; role: string; given: boolean; reason: string }[];
}

export interface CurvePoint { spend: number; response: number; marginal: number }

export interface ChannelResult {
  name: string;
  spend_column: string;
  exposure_column: string | null;
  spend: number;
  mean_spend: number;
  contribution: number;
  roi: number;
  cpa: number | null;
  spend_share: number;
  effect_share: number;
  marginal_roi: number;
  carryover_share: number;
  coefficient: number;
  exposure_per_spend: number;
  adstock: { type: AdstockKind; theta?: number; shape?: number; scale?: number };
  saturation: { type: SaturationKind; alpha?: number; gamma?: number; inflexion?: number; lambda?: number; reference?: number };
  half_life: number;
  decay: number[];
  response_curve: CurvePoint[];
}

export interface Report {
  schema_version: number;
  generator: string;
  kpi: { name: string; type: KpiType };
  channels: ChannelResult[];
  organic: { name: string; contribution: number; effect_share_of_kpi: number }[];
  fit: { r2: number; adj_r2: number; nrmse: number; mape: number | null; decomp_rssd: number; rows: number; holdout: { rows: number; r2: number; nrmse: number; mape: number | null } | null };
  decomposition: { dates: string[]; actual: number[]; fitted: number[]; holdout_start: number; components: { name: string; kind: string; values: number[] }[] };
  pareto: { candidate: number; trial: number; iteration: number; nrmse: number; decomp_rssd: number; roi: number[] }[];
  cloud: [number, number][];
  selected: { candidate: number; trial: number; iteration: number; nrmse: number; decomp_rssd: number; considered: number; median_roi: number[];
    /** Lowest and highest ROI of each paid channel among the models whose fit is not significantly worse (likelihood ratio, 95%). */
    roi_range: [number, number][] };
  /** `subject`: the channel or column a warning is about, when it is about one. */
  warnings: { kind: string; message: string; subject?: string }[];
  [key: string]: unknown;
}

export type Goal =
  | { type: 'max_response'; budget: number }
  | { type: 'target_roas'; target: number }
  | { type: 'target_cpa'; target: number };

export interface PlanRequest {
  goal?: Goal | null;
  bounds?: Record<string, { low: number; high: number }>;
  relative_bounds?: { low: number; high: number };
  locked?: string[];
  window?: number;
}

export interface ChannelPlan {
  name: string;
  current_spend: number;
  optimal_spend: number;
  lower: number;
  upper: number;
  locked: boolean;
  current_response: number;
  optimal_response: number;
  current_roas: number;
  optimal_roas: number;
  current_marginal_roi: number;
  optimal_marginal_roi: number;
  curve: CurvePoint[];
}

export interface Plan {
  goal: Goal;
  kpi_type: KpiType;
  window: number;
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
  /** Lowest and highest uplift of this allocation under the model and the models that fit about as well. */
  uplift_range: [number, number] | null;
  channels: ChannelPlan[];
}

export interface Scenario {
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
  /** Lowest and highest difference under the model and the models that fit about as well. */
  difference_range: [number, number] | null;
  channels: { name: string; current_spend: number; scenario_spend: number; current_response: number; scenario_response: number; scenario_roas: number; current_marginal_roi: number; scenario_marginal_roi: number }[];
}

export function load(): Promise<WebAssembly.Module>;
export function version(): Promise<string>;
export function simulate(options?: SimulationOptions): Promise<{ csv: string; truth: { channels: TruthChannel[] } & Record<string, unknown> }>;
export function inspect(csvText: string, roles?: RoleRequest): Promise<Inspection>;
export function startWorkers(size?: number): Promise<number>;
export function fit(csvText: string, options?: FitOptions, onProgress?: (p: Progress) => void): Promise<Model>;
export function openModel(json: string): Promise<Model>;
export function optimize(model: Model | string, budget?: number, options?: PlanRequest): Promise<Plan>;

export class Model {
  constructor(json: string);
  report(): Report;
  selectPareto(index: number): Report;
  plan(request?: PlanRequest): Plan;
  planCsv(request?: PlanRequest): string;
  whatIf(spends?: Record<string, number>, window?: number): Scenario;
  channelsCsv(): string;
  decompositionCsv(): string;
  toJSON(): string;
}
