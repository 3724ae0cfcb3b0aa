// What the page's steps share: the data, the model and what is shown of it.

export const state = {
  csv: null, // the CSV text being modeled
  source: '', // where it came from
  truth: null, // the simulator's truth, for the demo
  inspection: null,
  model: null, // Model handle
  originalJson: null, // MODEL.json of the fit (to return to the recommended model)
  report: null, // the report shown
  plan: null,
  planRequest: null,
  pagePlan: null, // the plan settings of a model file being opened (`page_plan`), until applied
  baseScenario: null, // the what-if at current spends (the planner's starting point)
  planCurves: null, // each channel's response curve as plans read it (Model.planCurves)
  charts: {},
  controller: null,
  opened: null, // { recommended, paretoIndex } of the model as fitted or opened
  summary: null, // the executive summary shown
};

// For tests and the benchmark page.
export const probe = { ready: false, lastFitMs: null, lastWhatIfMs: null, lastPlanMs: null, lastWhatIf: null };
window.__mixlens = probe;

export const isConversions = () => !!state.report && state.report.kpi.type === 'conversions';
/** Whether the model shown measures efficiency by CPA (the `cpa` fields) rather than ROI. */
export const showsCpa = () => !!state.report && state.report.kpi.efficiency === 'cpa';
export const kpiWord = () => (isConversions() ? 'conversions' : 'revenue');
