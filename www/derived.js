// ============================================================================================
// MODEL ARITHMETIC DONE IN JAVASCRIPT: every computation the page makes from a model's figures.
//
// The core should deliver each of these as a field of the report, plan or what-if; until it
// does, they live here and nowhere else, so each can be replaced (and deleted) one at a time.
// Each function says which core field would replace it. Everything else on the page only
// formats and lays out what the core returned. Where a core in progress already delivers the
// field, it is used when present, and the JavaScript is only the fallback for older cores.
// ============================================================================================

/**
 * A channel's response per period at its mean spend (the point marked on its curve).
 * Replace with: `report.channels[].mean_response` (used when present).
 */
export function meanResponse(c) {
  return typeof c.mean_response === 'number' ? c.mean_response : interpolate(c.response_curve, c.mean_spend);
}

/**
 * The response at spend `x`, linearly interpolated on a channel's response curve
 * (`[{ spend, response }]`, spend ascending); past the end, the last response.
 */
function interpolate(points, x) {
  for (let k = 1; k < points.length; k++) {
    if (points[k].spend >= x) {
      const a = points[k - 1], b = points[k];
      const w = b.spend > a.spend ? (x - a.spend) / (b.spend - a.spend) : 0;
      return a.response + w * (b.response - a.response);
    }
  }
  return points.length ? points[points.length - 1].response : 0;
}

/**
 * A cost per conversion from a return per unit of spend (1 / ROI); null when the return is not
 * positive. Replace with: `report.channels[].marginal_cpa`, and `current_cpa`, `optimal_cpa`,
 * `current_marginal_cpa`, `optimal_marginal_cpa`, `cpa_current`, `cpa_optimal` in a plan.
 */
export const cpaOf = (roi) => (roi > 0 ? 1 / roi : null);

/**
 * A CPA range from an ROI range: `[1 / high, 1 / low]`.
 * Replace with: `report.selected.cpa_range` (per channel, beside `roi_range`).
 */
export const cpaRange = ([low, high]) => [1 / high, 1 / low];

/**
 * The simulator's true CPA from its true ROI (`1 / roi`; a missing or zero ROI is left as is).
 * Replace with: `truth.channels[].cpa` from `simulate`.
 */
export const trueCpa = (roi) => (roi ? 1 / roi : roi);

/** `[nrmse, decomp_rssd]` of the model a report shows (kept to recognise the recommended one). */
export const fitPoint = (report) => [report.selected.nrmse, report.selected.decomp_rssd];

/**
 * Whether a report shows the recommended model: its NRMSE and DECOMP.RSSD equal those of the
 * model first reported. Replace with: `report.selected.recommended` (used when present).
 */
export function isRecommended(report, recommended) {
  if (typeof report.selected.recommended === 'boolean') return report.selected.recommended;
  return report.selected.nrmse === recommended[0] && report.selected.decomp_rssd === recommended[1];
}

/**
 * Which Pareto model a report shows: the index of the front point with the same candidate, or -1.
 * Replace with: `report.selected.pareto_index` (used when present; null: not on the front).
 */
export function shownParetoIndex(report) {
  if (report.selected.pareto_index !== undefined) return report.selected.pareto_index ?? -1;
  return report.pareto.findIndex((p) => p.candidate === report.selected.candidate);
}

/**
 * A channel's total contribution over the modeled periods (the sum of its per-period values).
 * Replace with: `report.decomposition.components[].total`.
 */
export const componentTotal = (values) => values.reduce((a, b) => a + b, 0);

/**
 * A planned change as a whole percentage of the current spend (null when nothing is spent now).
 * Replace with: `plan.channels[].change_pct`.
 */
export function changePct(c) {
  return c.current_spend > 0 ? Math.round(100 * (c.optimal_spend / c.current_spend - 1)) : null;
}

/**
 * A change in response as a percentage of the current response (null when it is not positive).
 * Replace with: `plan.uplift_range_pct` and `whatIf.difference_range_pct`.
 */
export const pctOfBase = (v, base) => (base > 0 ? 100 * v / base : null);

/**
 * The target a goal starts from: 90% of the current ROAS for a target ROAS, 110% of the current
 * CPA (1.1 / ROAS) for a target CPA; '' when there is none. Replace with: `whatIf.default_targets`
 * (`{ target_roas, target_cpa }`) or a default the planner applies when `target` is omitted.
 */
export function defaultTarget(goal, roas) {
  return goal === 'target_roas' ? (0.9 * roas).toFixed(2) : roas > 0 ? (1.1 / roas).toFixed(2) : '';
}

/**
 * A channel's bounds when the user gave only some: a missing low or high is the current spend
 * times the relative bound. Replace with: the planner accepting `bounds: { channel: { low } }`
 * (or `{ high }`) and filling the other side from `relative_bounds` itself.
 */
export function channelBounds(given, current, relative) {
  return { low: given.low ?? current * relative.low, high: given.high ?? current * relative.high };
}
