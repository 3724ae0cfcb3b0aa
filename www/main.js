// The MixLens page: wires the UI to the package API (pkg/index.js). Fitting runs in Web Workers;
// inspecting a file, planning and what-ifs are light and run here. Nothing is sent anywhere.

import { load, startWorkers, simulate, inspect, fit, Model, version } from './pkg/index.js';
import * as charts from './charts.js';

const $ = (id) => document.getElementById(id);
const { money, num2, pct } = charts;

const state = {
  csv: null, // the CSV text being modeled
  source: '', // where it came from
  truth: null, // the simulator's truth, for the demo
  inspection: null,
  model: null, // Model handle
  originalJson: null, // MODEL.json of the fit (to return to the recommended model)
  report: null, // the report shown
  recommended: null, // [nrmse, rssd] of the recommended model
  plan: null,
  planRequest: null,
  charts: {},
  controller: null,
};
// For tests and the benchmark page.
window.__mixlens = { ready: false, lastFitMs: null, lastWhatIfMs: null, lastPlanMs: null };

const ROLE_LABELS = [
  ['auto', '(let MixLens decide)'],
  ['date', 'date'],
  ['kpi_revenue', 'KPI: revenue'],
  ['kpi_conversions', 'KPI: conversions'],
  ['media', 'paid media spend'],
  ['organic', 'organic activity'],
  ['control', 'control'],
  ['ignored', 'ignore'],
];

function show(el, yes = true) { el.hidden = !yes; }
function setError(el, e) {
  if (!e) { el.textContent = ''; show(el, false); return; }
  const where = e.row || e.column ? `\n(${[e.row ? `row ${e.row}` : '', e.column ? `column '${e.column}'` : ''].filter(Boolean).join(', ')})` : '';
  el.textContent = `${e.message}${where}`;
  show(el, true);
}
function status(text) { $('status').textContent = text; }
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) node.append(c);
  return node;
}
function download(name, content, type) {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const a = el('a', { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}
const kpiWord = () => (state.report && state.report.kpi.type === 'conversions' ? 'conversions' : 'revenue');
const isConversions = () => state.report && state.report.kpi.type === 'conversions';

// ---------------------------------------------------------------- loading data

async function handleCsv(text, source, truth = null) {
  state.csv = text;
  state.source = source;
  state.truth = truth;
  await runInspect({});
}

async function runInspect(roles) {
  const i = await inspect(state.csv, roles);
  state.inspection = i;
  renderInspection(i);
  const ok = !i.error && i.coverage;
  show($('fit-section'), !!ok);
  if (ok) renderFitSettings(i.coverage.channels);
  status(ok ? `${state.source}: ${i.rows} rows ready to fit.` : `${state.source}: fix the problem below, or change a column's role.`);
}

function roleValue(column, roles) {
  if (!roles) return 'auto';
  const note = roles.notes.find((n) => n.column === column);
  if (!note) return 'auto';
  if (note.role === 'kpi') return roles.kpi_type === 'conversions' ? 'kpi_conversions' : 'kpi_revenue';
  if (note.role === 'exposure') {
    const m = roles.media.find((x) => x.exposure === column);
    return m ? `exposure:${m.spend}` : 'ignored';
  }
  return note.role;
}

function renderInspection(i) {
  setError($('load-error'), i.error);
  const warnings = $('warnings');
  warnings.replaceChildren(...i.warnings.map((w) => el('li', { text: w.message })));
  const c = i.coverage;
  $('coverage').textContent = c
    ? `${c.periods} ${c.frequency} periods from ${c.first} to ${c.last}; paid channels: ${c.channels.join(', ')}${c.organic.length ? `; organic: ${c.organic.join(', ')}` : ''}${c.controls.length ? `; controls: ${c.controls.join(', ')}` : ''}.`
    : '';
  const table = $('preview');
  table.replaceChildren();
  if (!i.columns.length) return;
  const media = i.columns.filter((col) => roleValue(col, i.roles) === 'media');
  const head = el('tr');
  i.columns.forEach((col, k) => {
    const value = roleValue(col, i.roles);
    const select = el('select', { 'aria-label': `Role of column ${col}`, 'data-column': col });
    for (const [v, label] of ROLE_LABELS) select.append(el('option', { value: v, text: label }));
    for (const m of media) if (m !== col) select.append(el('option', { value: `exposure:${m}`, text: `exposure of ${m}` }));
    select.value = [...select.options].some((o) => o.value === value) ? value : 'auto';
    select.addEventListener('change', () => runInspect(rolesFromSelects()));
    const note = i.roles && i.roles.notes.find((n) => n.column === col);
    const th = el('th', { class: `role-${note ? note.role : 'auto'}`, title: note ? note.reason : '', scope: 'col' }, col, select);
    th.dataset.index = String(k);
    head.append(th);
  });
  const body = el('tbody');
  const bad = i.error && i.error.row ? { row: i.error.row, column: i.error.column } : null;
  i.preview.forEach((cells, r) => {
    const tr = el('tr');
    cells.forEach((cell, k) => {
      const td = el('td', { text: cell });
      if (bad && bad.row === r + 2 && (!bad.column || bad.column === i.columns[k])) td.className = 'bad';
      tr.append(td);
    });
    body.append(tr);
  });
  table.append(el('thead', {}, head), body);
  if (i.rows > i.preview.length) table.append(el('caption', { text: `First ${i.preview.length} of ${i.rows} rows. Rows are numbered like a spreadsheet: the header is row 1.` }));
}

function rolesFromSelects() {
  const selects = [...document.querySelectorAll('#preview select')];
  const complete = !!(state.inspection && state.inspection.roles);
  const req = { date: null, kpi: null, kpi_type: null, media: [], exposure: [], organic: [], controls: [], ignore: [] };
  for (const s of selects) {
    const col = s.dataset.column;
    const v = s.value;
    if (v === 'date') req.date = col;
    else if (v === 'kpi_revenue' || v === 'kpi_conversions') { req.kpi = col; req.kpi_type = v === 'kpi_revenue' ? 'revenue' : 'conversions'; }
    else if (v === 'media') req.media.push(col);
    else if (v.startsWith('exposure:')) req.exposure.push({ spend: v.slice(9), exposure: col });
    else if (v === 'organic') req.organic.push(col);
    else if (v === 'control') req.controls.push(col);
    else if (v === 'ignored') req.ignore.push(col);
  }
  for (const k of ['media', 'organic', 'controls']) if (!complete && req[k].length === 0) req[k] = null;
  return req;
}

// ---------------------------------------------------------------- fitting

function renderFitSettings(channels) {
  const box = $('channel-adstock');
  const keep = Object.fromEntries([...box.querySelectorAll('select')].map((s) => [s.dataset.channel, s.value]));
  box.replaceChildren(el('legend', { text: 'Per channel' }));
  for (const ch of channels) {
    const s = el('select', { 'data-channel': ch, 'aria-label': `Adstock of ${ch}` });
    s.append(el('option', { value: '', text: 'as above' }), el('option', { value: 'geometric', text: 'geometric' }), el('option', { value: 'weibull_cdf', text: 'Weibull CDF' }), el('option', { value: 'weibull_pdf', text: 'Weibull PDF' }));
    s.value = keep[ch] || '';
    box.append(el('label', {}, ch, s));
  }
}

function fitOptions() {
  const channelAdstock = {};
  for (const s of document.querySelectorAll('#channel-adstock select')) if (s.value) channelAdstock[s.dataset.channel] = s.value;
  const int = (id, d) => { const v = Number.parseInt($(id).value, 10); return Number.isFinite(v) ? v : d; };
  return {
    roles: state.inspection && state.inspection.roles ? rolesFromSelects() : {},
    model: { adstock: $('adstock').value, saturation: $('saturation').value, channel_adstock: channelAdstock },
    search: { iterations: int('iterations', 4000), trials: int('trials', 5), seed: int('seed', 1), holdout: Math.max(0, Number($('holdout').value) || 0) / 100 },
  };
}

async function runFit() {
  setError($('fit-error'), null);
  const controller = new AbortController();
  state.controller = controller;
  $('fit-button').disabled = true;
  show($('cancel-button'), true);
  $('cancel-button').focus();
  $('progress').value = 0;
  $('progress-text').textContent = 'Starting…';
  const started = performance.now();
  try {
    const model = await fit(state.csv, { ...fitOptions(), signal: controller.signal }, (p) => {
      $('progress').value = p.fraction;
      const left = p.secondsLeft === null ? '' : ` · about ${Math.max(1, Math.round(p.secondsLeft))} s left`;
      $('progress-text').textContent = `${Math.round(100 * p.fraction)}% · ${money(p.done)} of ${money(p.total)} models · best NRMSE ${p.bestNrmse === null ? '–' : p.bestNrmse.toFixed(4)}${left}`;
    });
    const seconds = (performance.now() - started) / 1000;
    window.__mixlens.lastFitMs = seconds * 1000;
    $('progress').value = 1;
    $('progress-text').textContent = `Done: ${money(model.report().search.candidates)} candidate models in ${seconds.toFixed(1)} s.`;
    openModelHandle(model);
  } catch (e) {
    if (e.kind === 'cancelled') $('progress-text').textContent = 'Cancelled.';
    else { setError($('fit-error'), e); $('progress-text').textContent = ''; }
  } finally {
    $('fit-button').disabled = false;
    show($('cancel-button'), false);
    state.controller = null;
  }
}

// ---------------------------------------------------------------- results

function openModelHandle(model) {
  state.model = model;
  state.originalJson = model.toJSON();
  const report = model.report();
  state.recommended = [report.selected.nrmse, report.selected.decomp_rssd];
  state.plan = null;
  showReport(report);
  setupAllocation();
  show($('export-section'), true);
  $('results-section').scrollIntoView({ behavior: 'smooth', block: 'start' });
}

function truthRoi(name) {
  if (!state.truth || state.truth.settings === undefined) return null;
  const t = state.truth.channels.find((c) => c.name === name);
  return t ? t.roi : null;
}

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

function showReport(report) {
  state.report = report;
  show($('results-section'), true);
  const d = report.data;
  const conv = isConversions();
  const n = d.dates.length;
  const isRecommended = report.selected.nrmse === state.recommended[0] && report.selected.decomp_rssd === state.recommended[1];
  $('model-summary').textContent = `Model of ${report.kpi.name}: ${n} ${d.frequency} periods from ${d.dates[0]} to ${d.dates[n - 1]}. `
    + (isRecommended
      ? `Recommended: the most typical of ${report.selected.considered} equally good models (trial ${report.selected.trial + 1}, candidate ${report.selected.iteration + 1}).`
      : `Showing an alternative Pareto model (trial ${report.selected.trial + 1}, candidate ${report.selected.iteration + 1}).`);
  const f = report.fit;
  const metric = (label, value) => el('div', { class: 'metric' }, el('b', { text: value }), el('span', { text: label }));
  $('metrics').replaceChildren(
    metric('R²', num2(f.r2)), metric('adjusted R²', num2(f.adj_r2)), metric('NRMSE', f.nrmse.toFixed(4)),
    metric('MAPE', pct(f.mape)), metric('DECOMP.RSSD', f.decomp_rssd.toFixed(3)),
    ...(f.holdout ? [metric(`holdout R² (${f.holdout.rows} periods)`, num2(f.holdout.r2)), metric('holdout NRMSE', f.holdout.nrmse.toFixed(4)), metric('holdout MAPE', pct(f.holdout.mape))] : []),
  );
  // Several channels with wide ROI ranges: one line naming them, the details folded.
  const uncertain = report.warnings.filter((w) => w.kind === 'uncertain_roi');
  const others = report.warnings.filter((w) => w.kind !== 'uncertain_roi');
  $('result-warnings').replaceChildren(
    ...others.map((w) => el('p', { text: w.message })),
    ...(uncertain.length > 1
      ? [el('details', {},
          el('summary', { text: `The data does not pin down the ${conv ? 'CPA' : 'ROI'} of ${uncertain.length} channels (marked ⚠ in the table): models that fit about as well disagree. Details` }),
          ...uncertain.map((w) => el('p', { text: w.message })))]
      : uncertain.map((w) => el('p', { text: w.message }))),
  );

  // Channel table.
  const showTruth = report.channels.some((c) => truthRoi(c.name) !== null);
  const ranges = report.selected.roi_range || [];
  const uncertainChannels = new Set(uncertain.map((w) => w.subject));
  const head = ['channel', 'spend', 'contribution', conv ? 'CPA' : 'ROI', ...(ranges.length ? [conv ? 'CPA range' : 'ROI range'] : []), ...(showTruth ? [conv ? 'true CPA' : 'true ROI'] : []), 'spend share', 'effect share', conv ? 'marginal CPA' : 'marginal ROI', 'carryover', 'adstock', 'saturation'];
  const rows = report.channels.map((c, k) => {
    const t = truthRoi(c.name);
    const r = ranges[k];
    const span = r ? (conv ? `${num2(1 / r[1])}–${num2(1 / r[0])}` : `${num2(r[0])}–${num2(r[1])}`) : '–';
    // The report warned that the data does not pin this one down.
    const wide = uncertainChannels.has(c.name);
    const range = { text: wide ? `${span} ⚠` : span, cls: wide ? 'wide' : '' };
    const adstock = c.adstock.type === 'geometric' ? `θ ${num2(c.adstock.theta)}` : `${c.adstock.type === 'weibull_pdf' ? 'PDF' : 'CDF'} k ${num2(c.adstock.shape)} λ ${num2(c.adstock.scale)}`;
    const sat = c.saturation.type === 'hill' ? `α ${num2(c.saturation.alpha)} γ ${num2(c.saturation.gamma)}` : `λ ${num2(c.saturation.lambda)}`;
    const eff = conv ? (c.cpa === null ? '–' : num2(c.cpa)) : num2(c.roi);
    const marginal = conv ? (c.marginal_roi > 0 ? num2(1 / c.marginal_roi) : '–') : num2(c.marginal_roi);
    return [c.name, money(c.spend), money(c.contribution), eff, ...(ranges.length ? [range] : []), ...(showTruth ? [{ text: conv && t ? num2(1 / t) : num2(t), cls: 'truth' }] : []), pct(c.spend_share), pct(c.effect_share), marginal, pct(c.carryover_share), adstock, sat];
  });
  for (const o of report.organic) rows.push([`${o.name} (organic)`, '–', money(o.contribution), '–', ...(ranges.length ? ['–'] : []), ...(showTruth ? ['–'] : []), '–', '–', '–', pct(o.carryover_share), '', '']);
  renderTable($('channel-table'), head, rows);

  // Charts.
  const dec = report.decomposition;
  state.charts.fit = charts.actualVsPredicted($('chart-fit'), { dates: dec.dates, actual: dec.actual, fitted: dec.fitted, holdoutStart: dec.holdout_start });
  state.charts.contrib = charts.contributions($('chart-contrib'), { dates: dec.dates, components: dec.components });
  state.charts.shares = charts.shares($('chart-shares'), {
    channels: report.channels.map((c) => c.name), spendShare: report.channels.map((c) => c.spend_share), effectShare: report.channels.map((c) => c.effect_share),
    roi: report.channels.map((c) => (conv ? c.cpa : c.roi)), roiLabel: conv ? 'CPA' : 'ROI',
  });
  const sum = (v) => v.reduce((a, b) => a + b, 0);
  let paidIndex = 0;
  const parts = dec.components.map((c) => ({ name: c.name, value: sum(c.values), color: c.kind === 'paid' ? charts.color(paidIndex++) : ({ intercept: '#adb5bd', trend: '#868e96', seasonality: '#ced4da', weekday: '#dee2e6', control: '#a5d8ff', organic: '#b2f2bb' })[c.kind] }));
  state.charts.waterfall = charts.waterfall($('chart-waterfall'), { labels: parts.map((p) => p.name), values: parts.map((p) => p.value), colors: parts.map((p) => p.color) });
  state.charts.curves = charts.curves($('chart-curves'), {
    series: report.channels.map((c) => ({ name: c.name, points: c.response_curve, markers: [{ label: 'mean spend', x: c.mean_spend, y: interpolate(c.response_curve, c.mean_spend) }] })),
  });
  state.charts.decay = charts.decay($('chart-decay'), { series: report.channels.map((c) => ({ name: c.name, weights: c.decay })) });
  renderPareto(report);
}

/** "Under the models that fit about as well: +1,200 to +3,400 (+1.1% to +3.2%)." */
function rangeText([lo, hi], base) {
  const signed = (v) => `${v >= 0 ? '+' : ''}${money(v)}`;
  const pctOf = (v) => (base > 0 ? `${v >= 0 ? '+' : ''}${(100 * v / base).toFixed(1)}%` : '–');
  return `Under the models that fit about as well: ${signed(lo)} to ${signed(hi)} (${pctOf(lo)} to ${pctOf(hi)}); the low end is the cautious figure.`;
}

function renderTable(table, head, rows) {
  const thead = el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col', text: h }))));
  const tbody = el('tbody', {}, ...rows.map((r) => el('tr', {}, ...r.map((v) => (typeof v === 'object' && v !== null ? el('td', { class: v.cls, text: v.text }) : el('td', { text: v }))))));
  table.replaceChildren(thead, tbody);
}

function renderPareto(report) {
  const front = report.pareto.map((p) => [p.nrmse, p.decomp_rssd]);
  const shownIndex = report.pareto.findIndex((p) => p.candidate === report.selected.candidate);
  state.charts.pareto = charts.pareto($('chart-pareto'), {
    cloud: report.cloud, front, selectedIndex: shownIndex >= 0 ? shownIndex : null, recommended: state.recommended, onSelect: selectPareto,
  });
  const select = $('pareto-select');
  select.replaceChildren(el('option', { value: 'recommended', text: `Recommended (most typical of ${report.selected.considered}): NRMSE ${state.recommended[0].toFixed(4)}, DECOMP.RSSD ${state.recommended[1].toFixed(3)}` }));
  report.pareto.forEach((p, k) => select.append(el('option', { value: String(k), text: `Pareto model ${k + 1}: NRMSE ${p.nrmse.toFixed(4)}, DECOMP.RSSD ${p.decomp_rssd.toFixed(3)}` })));
  const isRecommended = report.selected.nrmse === state.recommended[0] && report.selected.decomp_rssd === state.recommended[1];
  select.value = isRecommended ? 'recommended' : String(Math.max(0, shownIndex));
}

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
    setupAllocation();
  } catch (e) {
    setError($('fit-error'), e);
  }
}

// ---------------------------------------------------------------- allocation

function windowSize() { return Math.max(1, Number.parseInt($('window').value, 10) || 52); }

function setupAllocation() {
  show($('allocate-section'), true);
  const base = state.model.whatIf({}, windowSize());
  $('budget').value = Math.round(base.total_spend_current);
  const channels = base.channels;
  const head = ['channel', 'current spend', 'lock', 'lowest', 'highest'];
  const table = $('bounds-table');
  const tbody = el('tbody');
  for (const c of channels) {
    const lock = el('input', { type: 'checkbox', 'data-channel': c.name, 'aria-label': `Lock ${c.name} at its current spend` });
    const low = el('input', { type: 'number', min: '0', step: '100', 'data-channel': c.name, 'data-bound': 'low', 'aria-label': `Lowest spend for ${c.name}`, placeholder: 'relative' });
    const high = el('input', { type: 'number', min: '0', step: '100', 'data-channel': c.name, 'data-bound': 'high', 'aria-label': `Highest spend for ${c.name}`, placeholder: 'relative' });
    tbody.append(el('tr', {}, el('td', { text: c.name }), el('td', { text: money(c.current_spend) }), el('td', {}, lock), el('td', {}, low), el('td', {}, high)));
  }
  table.replaceChildren(el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col', text: h })))), tbody);
  $('plan-table').replaceChildren();
  $('plan-summary').textContent = '';
  setError($('plan-error'), null);
  const planChart = Chart.getChart($('chart-plan'));
  if (planChart) planChart.destroy();
  buildSliders(base);
  updateWhatIf();
}

function planRequest() {
  const goal = $('goal').value;
  const req = {
    relative_bounds: { low: Number($('rel-low').value), high: Number($('rel-high').value) },
    window: windowSize(), bounds: {}, locked: [],
  };
  if (goal === 'max_response') req.goal = { type: 'max_response', budget: Number($('budget').value) };
  else req.goal = { type: goal, target: Number($('target').value) };
  for (const box of document.querySelectorAll('#bounds-table input[type=checkbox]')) if (box.checked) req.locked.push(box.dataset.channel);
  const byChannel = {};
  for (const input of document.querySelectorAll('#bounds-table input[type=number]')) {
    if (input.value === '') continue;
    (byChannel[input.dataset.channel] ||= {})[input.dataset.bound] = Number(input.value);
  }
  const current = Object.fromEntries(state.model.whatIf({}, req.window).channels.map((c) => [c.name, c.current_spend]));
  for (const [ch, b] of Object.entries(byChannel)) {
    req.bounds[ch] = { low: b.low ?? current[ch] * req.relative_bounds.low, high: b.high ?? current[ch] * req.relative_bounds.high };
  }
  return req;
}

function runPlan() {
  setError($('plan-error'), null);
  const req = planRequest();
  const t0 = performance.now();
  let plan;
  try {
    plan = state.model.plan(req);
  } catch (e) {
    setError($('plan-error'), e);
    return;
  }
  window.__mixlens.lastPlanMs = performance.now() - t0;
  state.plan = plan;
  state.planRequest = req;
  const conv = isConversions();
  const eff = (r) => (conv ? (r > 0 ? num2(1 / r) : '–') : num2(r));
  const change = (c) => (c.current_spend > 0 ? `${c.optimal_spend >= c.current_spend ? '+' : ''}${Math.round(100 * (c.optimal_spend / c.current_spend - 1))}%` : '');
  renderTable($('plan-table'),
    ['channel', 'current', 'planned', 'change', `${kpiWord()} now`, `${kpiWord()} planned`, conv ? 'CPA now' : 'ROAS now', conv ? 'CPA planned' : 'ROAS planned', conv ? 'marginal CPA now' : 'mROI now', conv ? 'marginal CPA planned' : 'mROI planned'],
    [...plan.channels.map((c) => [c.locked ? `${c.name} (locked)` : c.name, money(c.current_spend), money(c.optimal_spend), change(c), money(c.current_response), money(c.optimal_response), eff(c.current_roas), eff(c.optimal_roas), eff(c.current_marginal_roi), eff(c.optimal_marginal_roi)]),
      ['total', money(plan.total_budget_current), money(plan.total_budget), '', money(plan.total_response_current), money(plan.total_response_optimal), eff(plan.roas_current), eff(plan.roas_optimal), '', '']]);
  const what = plan.goal.type === 'max_response' ? `Best split of ${money(plan.total_budget)} per period` : `Largest budget meeting the target: ${money(plan.total_budget)} per period (now ${money(plan.total_budget_current)})`;
  $('plan-summary').replaceChildren(`${what}: media ${kpiWord()} per period goes from ${money(plan.total_response_current)} to ${money(plan.total_response_optimal)} `,
    el('b', { class: plan.uplift >= 0 ? 'up' : 'down', text: `(${plan.uplift >= 0 ? '+' : ''}${money(plan.uplift)}, ${plan.uplift_pct >= 0 ? '+' : ''}${(100 * plan.uplift_pct).toFixed(1)}%)` }),
    `. With the baseline, expected ${kpiWord()} per period: ${money(plan.total_kpi_current)} → ${money(plan.total_kpi_optimal)}.`,
    ...(plan.uplift_range ? [el('span', { id: 'plan-range', text: ` ${rangeText(plan.uplift_range, plan.total_response_current)}` })] : []));
  state.charts.plan = charts.spendBars($('chart-plan'), { channels: plan.channels.map((c) => c.name), current: plan.channels.map((c) => c.current_spend), optimal: plan.channels.map((c) => c.optimal_spend), optimalLabel: 'planned' });
  // Start the what-if from the plan.
  for (const c of plan.channels) {
    const s = document.querySelector(`#whatif-sliders input[data-channel="${CSS.escape(c.name)}"]`);
    if (s) { s.max = String(Math.max(Number(s.max), Math.ceil(c.optimal_spend * 1.2))); s.value = String(c.optimal_spend); }
  }
  updateWhatIf();
}

function buildSliders(base) {
  const box = $('whatif-sliders');
  box.replaceChildren();
  for (const c of base.channels) {
    const max = Math.max(1, Math.ceil(3 * c.current_spend));
    const id = `whatif-${c.name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    const input = el('input', { type: 'range', id, min: '0', max: String(max), step: 'any', value: String(c.current_spend), 'data-channel': c.name });
    const out = el('output', { for: id, text: money(c.current_spend) });
    input.addEventListener('input', updateWhatIf);
    box.append(el('div', { class: 'slider' }, el('label', { for: id, text: c.name }), input, out));
  }
  state.whatifCurves = state.report.channels.map((c) => ({ name: c.name, points: c.response_curve }));
}

function updateWhatIf() {
  const t0 = performance.now();
  const spends = {};
  for (const s of document.querySelectorAll('#whatif-sliders input')) {
    spends[s.dataset.channel] = Number(s.value);
    s.nextElementSibling.textContent = money(Number(s.value));
  }
  let w;
  try {
    w = state.model.whatIf(spends, windowSize());
  } catch (e) {
    $('whatif-summary').textContent = e.message;
    return;
  }
  const sign = w.difference >= 0 ? '+' : '';
  $('whatif-summary').textContent = `Spend ${money(w.total_spend_scenario)} per period (now ${money(w.total_spend_current)}): media ${kpiWord()} ${money(w.total_response_scenario)} (${sign}${money(w.difference)}, ${sign}${(100 * w.difference_pct).toFixed(1)}%), ROAS ${num2(w.roas_scenario)}; expected ${kpiWord()} per period ${money(w.total_kpi_scenario)}.`
    + (w.difference_range ? ` ${rangeText(w.difference_range, w.total_response_current)}` : '');
  const series = state.report.channels.map((c) => {
    const sc = w.channels.find((x) => x.name === c.name);
    const top = Math.max(c.response_curve[c.response_curve.length - 1].spend, sc.scenario_spend);
    const points = c.response_curve.filter((p) => p.spend <= top);
    return { name: c.name, points, markers: [{ label: 'now', x: sc.current_spend, y: sc.current_response, hollow: true }, { label: 'what if', x: sc.scenario_spend, y: sc.scenario_response, style: 'rectRot' }] };
  });
  const existing = state.charts.whatif && Chart.getChart($('chart-whatif'));
  if (existing && existing.data.datasets.length === series.length * 3) {
    // Move only the markers: a full redraw is not needed on every slider step.
    series.forEach((s, i) => {
      existing.data.datasets[3 * i + 1].data = [{ x: s.markers[0].x, y: s.markers[0].y }];
      existing.data.datasets[3 * i + 2].data = [{ x: s.markers[1].x, y: s.markers[1].y }];
    });
    existing.update('none');
  } else {
    state.charts.whatif = charts.curves($('chart-whatif'), { series });
  }
  window.__mixlens.lastWhatIfMs = performance.now() - t0;
}

// ---------------------------------------------------------------- wiring

function wire() {
  const drop = $('drop-zone');
  const pick = () => $('file-input').click();
  drop.addEventListener('click', pick);
  drop.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); pick(); } });
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', async (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const file = e.dataTransfer.files[0];
    if (file) await handleCsv(await file.text(), file.name);
  });
  $('file-input').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    if (file) await handleCsv(await file.text(), file.name);
    e.target.value = '';
  });
  $('demo-button').addEventListener('click', async () => {
    const { csv, truth } = await simulate({ seed: 1 });
    await handleCsv(csv, 'Demo data (simulated, true ROIs known)', truth);
  });
  $('open-model').addEventListener('click', () => $('model-input').click());
  $('model-input').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    e.target.value = '';
    if (!file) return;
    try {
      const model = new Model(await file.text());
      state.truth = null;
      openModelHandle(model);
      status(`Opened ${file.name}: results and plans without refitting.`);
      setError($('load-error'), null);
    } catch (err) {
      setError($('load-error'), err);
    }
  });
  $('fit-button').addEventListener('click', runFit);
  $('cancel-button').addEventListener('click', () => state.controller && state.controller.abort());
  $('pareto-select').addEventListener('change', (e) => selectPareto(e.target.value));
  $('goal').addEventListener('change', () => {
    const g = $('goal').value;
    show($('budget-label'), g === 'max_response');
    show($('target-label'), g !== 'max_response');
    if (g !== 'max_response' && state.model) {
      const w = state.model.whatIf({}, windowSize());
      const roas = w.roas_current;
      $('target').value = g === 'target_roas' ? (0.9 * roas).toFixed(2) : roas > 0 ? (1.1 / roas).toFixed(2) : '';
    }
  });
  $('window').addEventListener('change', () => state.model && setupAllocation());
  $('plan-button').addEventListener('click', runPlan);
  $('export-model').addEventListener('click', () => download('MODEL.json', state.model.toJSON(), 'application/json'));
  $('export-channels').addEventListener('click', () => download('mixlens-results.csv', state.model.channelsCsv(), 'text/csv'));
  $('export-decomposition').addEventListener('click', () => download('mixlens-decomposition.csv', state.model.decompositionCsv(), 'text/csv'));
  $('export-plan').addEventListener('click', () => {
    if (!state.plan) runPlan();
    if (state.planRequest) download('mixlens-plan.csv', state.model.planCsv(state.planRequest), 'text/csv');
  });
  $('print-report').addEventListener('click', () => window.print());
  // Charts are drawn for the screen; redraw them at the report's sizes (and a smaller font) for
  // printing, and back afterwards.
  let screenFont = null;
  const redraw = () => Object.values(Chart.instances).forEach((c) => { c.resize(); c.update('none'); });
  window.addEventListener('beforeprint', () => { screenFont = Chart.defaults.font.size; Chart.defaults.font.size = 8; redraw(); });
  window.addEventListener('afterprint', () => { if (screenFont !== null) Chart.defaults.font.size = screenFont; redraw(); });
  for (const b of document.querySelectorAll('button.png')) {
    b.addEventListener('click', () => {
      const chart = state.charts[b.dataset.chart];
      if (!chart) return;
      download(`mixlens-${b.dataset.chart}.png`, dataUrlToBlob(charts.toPng(chart)));
    });
  }
  $('large-type').addEventListener('click', () => {
    const on = document.documentElement.classList.toggle('large');
    $('large-type').setAttribute('aria-pressed', String(on));
    charts.setFontSize(on ? 17 : 12);
  });
}

function dataUrlToBlob(url) {
  const [head, data] = url.split(',');
  const bytes = Uint8Array.from(atob(data), (ch) => ch.charCodeAt(0));
  return new Blob([bytes], { type: head.slice(5, head.indexOf(';')) });
}

async function main() {
  wire();
  for (const id of ['demo-button', 'open-model', 'drop-zone']) $(id).setAttribute('aria-disabled', 'true');
  try {
    await load();
    const workers = await startWorkers();
    $('version').textContent = await version();
    status(`Ready: ${workers} worker${workers === 1 ? '' : 's'} for fitting. Load a CSV, or try the demo.`);
    window.__mixlens.ready = true;
  } catch (e) {
    status('The modeling engine could not start in this browser.');
    setError($('load-error'), e);
  }
  for (const id of ['demo-button', 'open-model', 'drop-zone']) $(id).removeAttribute('aria-disabled');
}

main();
