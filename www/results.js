// Step 3, results: fit metrics, warnings, the channel table, the charts, and the Pareto front
// with the switch between its models.

import { Model } from './pkg/index.js';
import * as charts from './charts.js';
import { $, el, show, setError, renderTable } from './dom.js';
import { state, showsCpa } from './state.js';
import { withHelp, renderSummary } from './words.js';
import { renderCalibration } from './lift.js';
import { renderDesign, wireDesign } from './design.js';

const { money, num2, pct } = charts;
const count = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

let onModelShown = () => {}; // after another Pareto model is shown

/** Show a newly fitted or opened model, recommended model first. */
export function openModel(model) {
  state.model = model;
  state.originalJson = model.toJSON();
  state.plan = null;
  const report = model.report();
  // Which model the fit or the file holds (a file saved while showing another Pareto model does
  // not hold the recommended one).
  state.opened = { recommended: report.selected.recommended, paretoIndex: report.selected.pareto_index };
  showReport(report);
}

/** The simulator's true channel (for the demo), or null. */
function truthOf(name) {
  if (!state.truth || state.truth.settings === undefined) return null;
  return state.truth.channels.find((c) => c.name === name) || null;
}

/** Whether the model shown was fitted by the Bayesian estimator. */
const isBayes = (report) => !!report.diagnostics;
/** A 90 % interval per channel: the posterior's, or the ridge search's calibrated profile (files from before it keep the search's range). */
const hasIntervals = (report) => isBayes(report) || report.channels.some((c) => c.roi_interval);

/** The fit metrics a marketer reads (R², MAPE, holdout R²); the others in Advanced. No MAPE where it is null (a KPI below zero). */
function renderMetrics(f) {
  const metric = (label, value, key) => el('div', { class: 'metric' }, el('b', { text: value }), el('span', {}, withHelp(label, key)));
  $('metrics').replaceChildren(
    metric('R²', num2(f.r2), 'r2'), ...(f.mape === null ? [] : [metric('MAPE', pct(f.mape), 'mape')]),
    ...(f.holdout ? [metric(`holdout R² (${f.holdout.rows} periods)`, num2(f.holdout.r2), 'holdoutR2')] : []),
  );
  $('advanced-metrics').replaceChildren(
    metric('adjusted R²', num2(f.adj_r2), 'adjR2'), metric('NRMSE', f.nrmse.toFixed(4), 'nrmse'), metric('DECOMP.RSSD', f.decomp_rssd.toFixed(3), 'decompRssd'),
    ...(f.holdout ? [metric('holdout NRMSE', f.holdout.nrmse.toFixed(4), 'holdoutNrmse'), ...(f.holdout.mape === null ? [] : [metric('holdout MAPE', pct(f.holdout.mape), 'holdoutMape')])] : []),
  );
}

/** The search in numbers (Advanced): candidates, trials, seed, the model shown. */
function renderSearchFacts(report) {
  const box = $('search-facts');
  const set = report.settings;
  if (isBayes(report)) {
    box.textContent = `Seed ${set.bayes.seed}.`;
    return;
  }
  const s = report.selected;
  box.replaceChildren(
    `${count.format(report.search.candidates)} candidate models in ${set.search.trials} trials (seed ${set.search.seed}); the model shown is candidate ${count.format(s.candidate)} (trial ${s.trial + 1}, iteration ${s.iteration + 1}). `
    + (hasIntervals(report)
      ? `Its 90 % ROI intervals are profile-likelihood intervals: the models that fit about as well (the search's and each channel's grid of curve shapes), each with its own sampling error, widened for curves that are never exactly the data's (calibrated on out-of-family test data).`
      : `Its ROI range comes from the ${count.format(s.considered)} models whose fit is not significantly worse than the best (a likelihood-ratio test at 95 %).`),
    el('span', {}, withHelp('', 'pareto')),
  );
}

/**
 * The warnings: channels shown without effect that may work first, in full (a 0 would read as
 * "cut it"); several channels with wide ROI ranges: one line naming them, details folded. A poor
 * fit is said before all of them.
 */
function renderWarnings(noEffect, uncertain, others, conv, intervals) {
  const why = intervals ? 'their 90 % intervals are wide' : 'models that fit about as well disagree';
  const poor = others.filter((w) => w.kind === 'poor_fit');
  $('result-warnings').replaceChildren(
    ...poor.map((w) => el('p', { text: w.message })),
    ...noEffect.map((w) => el('p', { class: 'no-effect', text: `⚠ ${w.message}` })),
    ...others.filter((w) => w.kind !== 'poor_fit').map((w) => el('p', { text: w.message })),
    ...(uncertain.length > 1
      ? [el('details', {},
          el('summary', { text: `The data does not pin down the ${conv ? 'CPA' : 'ROI'} of ${uncertain.length} ${noEffect.length ? 'more ' : ''}channels (marked ⚠ in the table${noEffect.length ? `, like the ${noEffect.length > 1 ? 'ones' : 'one'} above` : ''}): ${why}. Details` }),
          ...uncertain.map((w) => el('p', { text: w.message })))]
      : uncertain.map((w) => el('p', { text: w.message }))),
  );
}

function adstockText(a) {
  return a.type === 'geometric' ? `θ ${num2(a.theta)}` : `${a.type === 'weibull_pdf' ? 'PDF' : 'CDF'} k ${num2(a.shape)} λ ${num2(a.scale)}`;
}

function saturationText(s) {
  return s.type === 'hill' ? `α ${num2(s.alpha)} γ ${num2(s.gamma)}` : `λ ${num2(s.lambda)}`;
}

/**
 * The Bayesian fit's convergence in one line: "4 chains × 1000 draws, R-hat 1.002, effective
 * draws 2,700; converged", or the core's warning in words.
 */
function renderDiagnostics(report) {
  const d = report.diagnostics;
  const line = $('diagnostics');
  show(line, !!d);
  if (!d) return;
  const unsettled = report.warnings.filter((w) => w.kind === 'not_converged');
  const head = `${d.chains} chain${d.chains === 1 ? '' : 's'} × ${count.format(d.draws)} draws (after ${count.format(d.tune)} tuning sweeps), R-hat ${d.rhat_max.toFixed(3)}, effective draws ${count.format(Math.round(d.ess_min))}`
    + (d.divergences ? `, ${count.format(d.divergences)} divergences` : '');
  line.textContent = unsettled.length
    ? `${head}; not converged: ${unsettled.map((w) => w.message).join(' ')}`
    : `${head}; converged.`;
  line.append(withHelp('', 'diagnostics'));
  line.classList.toggle('bad', unsettled.length > 0);
}

/** A Bayesian fit's chains, channel by channel: the trace plot and the posterior of each ROI
 * (from the saved draws: the core splits them by chain). Hidden for the ridge search. */
function renderTraces() {
  const traces = isBayes(state.report) ? state.model.traces() : [];
  show($('trace-figure'), traces.length > 0);
  show($('posterior-figure'), traces.length > 0);
  if (!traces.length) return;
  const byName = new Map(state.report.channels.map((c) => [c.name, c]));
  state.charts.traces = charts.traces($('chart-traces'), { series: traces.map((t) => ({ name: t.channel, chains: t.chains })) });
  state.charts.posteriors = charts.posteriors($('chart-posteriors'), {
    series: traces.map((t) => ({ name: t.channel, values: t.chains.flat(), interval: (byName.get(t.channel) || {}).roi_interval || null })),
  });
}

/** The priors of a Bayesian fit: what each channel's ROI was assumed to be before the data. */
function renderPriors(report) {
  const box = $('prior-summary-box');
  const priors = report.priors || [];
  show(box, isBayes(report) && priors.length > 0);
  if (!priors.length) return;
  // The curve shapes' prior: every shape equally likely, or leaning to a Hill slope near 1
  // (the analyst's for every channel, or the default for a channel that never pauses).
  const userSlope = report.spec ? report.spec.hill_slope_prior : null;
  // A file written before the per-channel field: the analyst's prior, for every channel.
  const shapeText = (p) => {
    if (p.slope_below_one) return `slopes under 1 less likely (lift-tested; ${num2(p.slope_below_one)} in ln α)`;
    const sd = p.slope_prior !== undefined ? p.slope_prior : userSlope;
    return sd ? `slope near 1 (± ${num2(sd)} in ln α)${p.never_pauses && !userSlope ? ', never pauses' : ''}` : 'any slope, equally likely';
  };
  const rows = priors.map((p) => [
    p.quantity === 'roi' ? p.name : `${p.name} (organic)`,
    p.quantity === 'roi' ? 'ROI' : 'share of the KPI',
    `${num2(p.centre)} ± ${num2(p.spread)}${p.centre === 0 ? ' (half-normal)' : ''}`,
    p.set_by_user ? 'yours' : 'default',
    shapeText(p),
  ]);
  renderTable($('prior-summary'), ['channel', 'prior on', 'centre ± spread', 'set by', 'curve shape'], rows);
  const steady = priors.filter((p) => p.never_pauses && p.slope_prior);
  const tested = priors.filter((p) => p.slope_below_one).map((p) => p.name);
  const names = steady.map((p) => p.name);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
  const one = names.length === 1;
  // Delayed lags beside the geometric decays hold a share of the prior (MODEL.json's
  // priors[].delayed_share; absent in files before them).
  const delayed = Math.max(0, ...priors.map((p) => p.delayed_share || 0));
  const delayedText = delayed > 0
    ? ` Between them the delayed lags (effects peaking 1 to 5 periods after the spend) hold ${Math.round(100 * delayed)} % of the prior, so a channel reads as delayed only where its data say so.`
    : '';
  const alike = delayed > 0 ? 'is equally likely before the data among the decays, and among the delayed lags' : 'is equally likely before the data';
  $('shape-prior-hint').textContent = (userSlope
    ? `Curve shapes: each channel's grid of shapes (carryover × slope × bend) is weighted by your prior on the Hill slope α, centred on 1 with a spread of ${num2(userSlope)} in ln α: curves that bend gently are expected, S-shaped ones stay possible where the data show them.`
    : names.length
      ? `Curve shapes: every shape of each channel's grid (carryover × slope × bend) ${alike}, except for ${list}: ${one ? 'it never pauses' : 'they never pause'}, so the data cannot show ${one ? 'its curve' : 'their curves'} below the spends ${one ? 'it' : 'they'} ran at, and ${one ? 'its' : 'their'} shapes lean to returns that diminish from the first unit (a prior on the Hill slope around 1, spread ${num2(steady[0].slope_prior)} in ln α); S-shapes stay possible.`
      : `Curve shapes: every shape of each channel's grid (carryover × slope × bend) ${alike}.`) + delayedText
    + (tested.length ? ` Except: with a lift test, ${tested.join(', ')} ${tested.length > 1 ? 'lean' : 'leans'} away from slopes under 1 (curves whose first unit returns without bound), so a test's window does not carry the ROI up.` : '');
}

/** "1.41–1.72"; a CPA range open upwards (no high end) is "1.41 or more". */
function rangeText(r) {
  return r[0] === null ? '–' : r[1] === null ? `${num2(r[0])} or more` : `${num2(r[0])}–${num2(r[1])}`;
}

function renderChannelTable(report, uncertainChannels, conv) {
  const showTruth = report.channels.some((c) => truthOf(c.name) !== null);
  const ranges = (conv ? report.selected.cpa_range : report.selected.roi_range) || [];
  const rangeHead = hasIntervals(report) ? `${conv ? 'CPA' : 'ROI'} ${Math.round(100 * report.interval_level)} % interval` : (conv ? 'CPA range' : 'ROI range');
  const m = conv ? 'CPA' : 'ROI';
  const head = [
    'channel', withHelp('spend', 'spend'), withHelp('contribution', 'contribution'), withHelp(m, conv ? 'cpa' : 'roi'),
    ...(ranges.length ? [withHelp(rangeHead, isBayes(report) ? 'interval' : hasIntervals(report) ? 'searchInterval' : 'range')] : []),
    ...(showTruth ? [withHelp(`true ${m}`, 'truth')] : []),
    withHelp('spend share', 'spendShare'), withHelp('effect share', 'effectShare'),
    withHelp(conv ? 'marginal CPA' : 'marginal ROI', conv ? 'marginalCpa' : 'marginal'), withHelp('carryover', 'carryover'),
  ];
  const rows = report.channels.map((c, k) => {
    const t = truthOf(c.name);
    const r = ranges[k];
    const span = r ? rangeText(r) : '–';
    // The report warned that the data does not pin this one down.
    const wide = uncertainChannels.has(c.name);
    const range = { text: wide ? `${span} ⚠` : span, cls: wide ? 'wide' : '' };
    const eff = num2(conv ? c.cpa : c.roi);
    const marginal = num2(conv ? c.marginal_cpa : c.marginal_roi);
    const truth = t === null ? null : conv ? t.cpa : t.roi;
    return [c.name, money(c.spend), money(c.contribution), eff, ...(ranges.length ? [range] : []), ...(showTruth ? [{ text: num2(truth), cls: 'truth' }] : []), pct(c.spend_share), pct(c.effect_share), marginal, pct(c.carryover_share)];
  });
  for (const o of report.organic) rows.push([`${o.name} (organic)`, '–', money(o.contribution), '–', ...(ranges.length ? ['–'] : []), ...(showTruth ? ['–'] : []), '–', '–', '–', pct(o.carryover_share)]);
  const table = $('channel-table');
  renderTable(table, head, rows);
  // What period and kind of return the table shows.
  const d = report.data.dates;
  table.prepend(el('caption', { text: conv
    ? `Over the whole period, ${d[0]} to ${d[d.length - 1]}: CPA is the average cost per conversion; marginal CPA what the next conversion costs at the channel's average spend.`
    : `Over the whole period, ${d[0]} to ${d[d.length - 1]}: ROI is the average return per 1 spent; marginal ROI what the next 1 spent returns at the channel's average spend.` }));
  // The fitted curve parameters (Advanced).
  renderTable($('curve-table'), ['channel', withHelp('adstock', 'adstock'), 'half-life (periods)', withHelp('saturation', 'saturation')],
    report.channels.map((c) => [c.name, adstockText(c.adstock), num2(c.half_life), saturationText(c.saturation)]));
}

function renderCharts(report, conv) {
  const dec = report.decomposition;
  // One colour per channel (then organic variables and controls), the same in every chart.
  charts.keyColors([...report.channels.map((c) => c.name), ...dec.components.map((c) => c.name)]);
  const level = `${Math.round(100 * (report.interval_level || 0.9))} %`;
  state.charts.fit = charts.actualVsPredicted($('chart-fit'), { dates: dec.dates, actual: dec.actual, fitted: dec.fitted, holdoutStart: dec.holdout_start, band: dec.fitted_band, bandLabel: `${level} band` });
  const roi = roiSeries(report, conv);
  $('roi-chart-title').textContent = `${roi.label} per channel, with its ${roi.intervalLabel}`;
  state.charts.roi = charts.roiBars($('chart-roi'), roi);
  state.charts.contrib = charts.contributions($('chart-contrib'), { dates: dec.dates, components: dec.components });
  state.charts.shares = charts.shares($('chart-shares'), {
    channels: report.channels.map((c) => c.name), spendShare: report.channels.map((c) => c.spend_share), effectShare: report.channels.map((c) => c.effect_share),
    roi: report.channels.map((c) => (conv ? c.cpa : c.roi)), roiLabel: conv ? 'CPA' : 'ROI',
  });
  const parts = dec.components.map((c) => ({ name: c.name, value: c.total, color: charts.componentColor(c) }));
  state.charts.waterfall = charts.waterfall($('chart-waterfall'), { labels: parts.map((p) => p.name), values: parts.map((p) => p.value), colors: parts.map((p) => p.color) });
  state.charts.curves = charts.curves($('chart-curves'), {
    unit: { daily: 'day', weekly: 'week', monthly: 'month' }[report.data.frequency] || 'period', kpi: report.kpi.name,
    series: report.channels.map((c) => ({ name: c.name, points: c.response_curve, band: c.response_band, markers: [{ label: 'mean spend', x: c.mean_spend, y: c.mean_response }] })),
  });
  state.charts.decay = charts.decay($('chart-decay'), { series: report.channels.map((c) => ({ name: c.name, weights: c.decay })) });
}

/**
 * Each channel's ROI with its interval (`roi_interval`, else the search's `roi_range`), or its
 * CPA with `cpa_range`; the true value beside it for the demo.
 */
function roiSeries(report, conv) {
  const channels = report.channels.map((c) => c.name);
  const values = report.channels.map((c) => (conv ? c.cpa : c.roi));
  const ranges = (conv ? report.selected.cpa_range : report.selected.roi_range) || [];
  const interval = (c, k) => (!conv && c.roi_interval ? c.roi_interval : ranges[k] || [null, null]);
  const truth = report.channels.map((c) => { const t = truthOf(c.name); return t === null ? null : conv ? t.cpa : t.roi; });
  const level = `${Math.round(100 * (report.interval_level || 0.9))} %`;
  const intervals = hasIntervals(report);
  return {
    channels, values, truth, label: conv ? 'CPA' : 'ROI',
    low: report.channels.map((c, k) => interval(c, k)[0]),
    high: report.channels.map((c, k) => interval(c, k)[1]),
    intervalLabel: intervals ? `${level} interval` : 'range',
  };
}

function showReport(report) {
  state.report = report;
  show($('results-section'), true);
  const conv = showsCpa();
  state.plan = null;
  state.planRequest = null;
  renderSummary();
  renderMetrics(report.fit);
  renderSearchFacts(report);
  renderDiagnostics(report);
  renderTraces();
  const uncertain = report.warnings.filter((w) => w.kind === 'uncertain_roi');
  const noEffect = report.warnings.filter((w) => w.kind === 'uncertain_effect');
  // Convergence in figures is in Advanced; here, what it means. Lift tests the model cannot
  // agree with are shown beside the calibration table.
  const unsettled = report.warnings.some((w) => w.kind === 'not_converged')
    ? [{ message: 'The fit has not settled: the returns and their intervals may change on another run. Fit again with more tuning sweeps and draws per chain (the figures are under Advanced).' }]
    : [];
  const shownApart = new Set(['uncertain_roi', 'uncertain_effect', 'not_converged', 'lift_conflict']);
  renderWarnings(noEffect, uncertain, [...report.warnings.filter((w) => !shownApart.has(w.kind)), ...unsettled], conv, hasIntervals(report));
  renderChannelTable(report, new Set([...uncertain, ...noEffect].map((w) => w.subject)), conv);
  show($('range-hint'), !hasIntervals(report));
  show($('interval-hint'), isBayes(report));
  show($('search-interval-hint'), !isBayes(report) && hasIntervals(report));
  renderPriors(report);
  renderCharts(report, conv);
  renderCalibration(report);
  renderDesign(report);
  show($('pareto-figure'), report.pareto.length > 0);
  if (report.pareto.length > 0) renderPareto(report);
}

function renderPareto(report) {
  const s = report.selected;
  const front = report.pareto.map((p) => [p.nrmse, p.decomp_rssd]);
  state.charts.pareto = charts.pareto($('chart-pareto'), {
    cloud: report.cloud, front, selectedIndex: s.pareto_index, recommended: s.recommended_point, onSelect: selectPareto,
  });
  const select = $('pareto-select');
  const point = s.recommended_point ? `: NRMSE ${s.recommended_point[0].toFixed(4)}, DECOMP.RSSD ${s.recommended_point[1].toFixed(3)}` : '';
  // A file saved while showing another Pareto model does not hold the recommended one.
  const kept = state.opened.recommended;
  select.replaceChildren(el('option', { value: 'recommended', disabled: !kept, text: kept ? `Recommended (${s.considered > 1 ? `most typical of ${s.considered}` : 'the best fit'})${point}` : `Recommended: not in this file (it holds Pareto model ${(state.opened.paretoIndex ?? 0) + 1}); refit to see it` }));
  report.pareto.forEach((p, k) => select.append(el('option', { value: String(k), text: `Pareto model ${k + 1}: NRMSE ${p.nrmse.toFixed(4)}, DECOMP.RSSD ${p.decomp_rssd.toFixed(3)}` })));
  select.value = s.recommended ? 'recommended' : String(s.pareto_index ?? 0);
}

/** Show Pareto model `index` ('recommended' for the recommended one). */
function selectPareto(index) {
  try {
    let report;
    if (index === 'recommended') {
      state.model = new Model(state.originalJson);
      report = state.model.report();
    } else {
      report = state.model.selectPareto(Number(index));
    }
    showReport(report);
    onModelShown();
  } catch (e) {
    setError($('fit-error'), e);
  }
}

/** Wire step 3; `onShown()` after the user switches to another Pareto model. */
export function wireResults({ onShown }) {
  onModelShown = onShown;
  $('pareto-select').addEventListener('change', (e) => selectPareto(e.target.value));
  wireDesign();
}
