// Step 4, plan: the goal and bounds form, the plan table and chart, and the what-if sliders
// that move the response curves' markers.

/* global Chart */

import * as charts from './charts.js';
import { $, el, show, setError, renderTable } from './dom.js';
import { state, probe, kpiWord, isConversions } from './state.js';
import { withHelp, renderSummary } from './words.js';

const { money, num2, signedPct } = charts;

function windowSize() { return Math.max(0, Number.parseInt($('window').value, 10) || 0); }

// ---- Units: the currency symbol (set once, kept in this browser) and the period ----------------

const CURRENCY_KEY = 'mixlens-currency';

/** The currency symbol the user set ('' when none). */
export function currency() {
  try { return localStorage.getItem(CURRENCY_KEY) || ''; } catch { return ''; }
}

/** A money figure with the currency symbol: "€1,234", "−€56", "€0.45" (two decimals below 100). */
export function cash(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const a = Math.abs(v);
  const body = a < 100 ? num2(a) : money(a);
  // No sign on a figure that shows as 0 (a what-if at today's spends: −0).
  return `${v < 0 && /[1-9]/.test(body) ? '−' : ''}${currency()}${body}`;
}

/** A change in money, always signed: "+€1,234", "−€56". */
function signedCash(v) { const c = cash(v); return `${v >= 0 || !/[1-9]/.test(c) ? '+' : ''}${c}`; }

/** The data's period in words ("week"), from its frequency. */
export function periodWord() {
  const f = state.report && state.report.data.frequency;
  return { daily: 'day', weekly: 'week', monthly: 'month' }[f] || 'period';
}

/** Periods in a horizon ('period', 'quarter', 'year') for the data's frequency. */
function periodsIn(horizon) {
  if (horizon === 'period') return 1;
  const f = state.report && state.report.data.frequency;
  const per = { daily: { quarter: 91, year: 365 }, weekly: { quarter: 13, year: 52 }, monthly: { quarter: 3, year: 12 } }[f] || { quarter: 13, year: 52 };
  return per[horizon];
}

const plural = (n, w) => `${n} ${w}${n === 1 ? '' : 's'}`;

/** The horizon menu's words for the data's period: "per week", "per quarter (13 weeks)". */
function labelHorizons() {
  const w = periodWord();
  for (const o of $('horizon').options) {
    o.textContent = o.value === 'period' ? `per ${w}` : `per ${o.value} (${plural(periodsIn(o.value), w)})`;
  }
}

/** The budget per period the form asks for (the field is in the chosen horizon's units). */
function budgetPerPeriod() { return Number($('budget').value) / periodsIn($('horizon').value); }

/** Both readings of the budget: "= €12,345 per week" or "= €641,940 per year, €12,345 per week". */
function updateBudgetHint() {
  const h = $('horizon').value;
  const per = budgetPerPeriod();
  $('budget-hint').textContent = $('budget').value === '' || !Number.isFinite(per)
    ? ''
    : h === 'period'
    ? `= ${cash(per * periodsIn('quarter'))} per quarter, ${cash(per * periodsIn('year'))} per year`
    : `= ${cash(per)} per ${periodWord()}`;
}

// The horizon the budget field is in (the menu's value before a change).
let fieldHorizon = 'period';

/** Show the budget in another horizon's units, same amount per period (kept exact across
 * changes until the field is edited). */
function onHorizonChange(e) {
  const before = Number($('budget').dataset.perPeriod || Number($('budget').value) / periodsIn(fieldHorizon));
  fieldHorizon = e.target.value;
  $('budget').value = String(Math.round(before * periodsIn(fieldHorizon)));
  $('budget').dataset.perPeriod = String(before);
  updateBudgetHint();
}

/** The target field's unit and default, in words, for the goal chosen. */
function updateTargetHint(base) {
  const g = $('goal').value;
  const cur = currency() || 'money';
  const k = kpiWord();
  $('target-unit').textContent = g === 'target_roas' ? `ROAS: ${k} per ${currency()}1 spent` : `CPA: ${cur} per conversion`;
  if (!base) return;
  $('target-hint').textContent = g === 'target_roas'
    ? `Default: 90 % of the current ROAS (${num2(base.roas_current)}), so the plan may spend a little more than now.`
    : `Default: 110 % of the current CPA (${cash(base.cpa_current)}), so the plan may spend a little more than now.`;
}

function setCurrencyFromField() {
  try { localStorage.setItem(CURRENCY_KEY, $('currency').value.trim()); } catch { /* private mode: this page only */ }
  if (!state.model) return;
  for (const td of document.querySelectorAll('#bounds-table td[data-spend]')) td.textContent = cash(Number(td.dataset.spend));
  updateBudgetHint();
  updateTargetHint(state.baseScenario);
  if (state.plan) showPlan(state.plan);
  updateWhatIf();
}

/**
 * The plan headline: the expected change and the cautious one (the low end of the interval under
 * the model's draws), same size and weight, each in money and as a share; then how likely the
 * plan beats the current split. Without draws, the expected change alone, and why.
 */
function renderHeadline(plan) {
  const level = Math.round(100 * plan.interval_level);
  const k = kpiWord();
  const w = periodWord();
  const n = periodsIn($('horizon').value);
  const h = $('horizon').value;
  const over = (v) => (h === 'period' ? '' : `; ${signedCash(v * n)} per ${h}`);
  const pctOf = (v) => (plan.total_response_current > 0 ? ` (${signedPct(v / plan.total_response_current)})` : '');
  const figure = (id, label, v, note) => el('div', { id, class: `plan-figure ${v >= 0 ? 'up' : 'down'}` },
    el('span', { class: 'plan-figure-label', text: label }),
    el('span', { class: 'plan-figure-value', text: `${signedCash(v)}${pctOf(v)}` }),
    el('span', { class: 'plan-figure-note', text: `${k} per ${w}${over(v)}${note ? `. ${note}` : ''}` }));
  const expectedWord = plan.basis === 'mean_of_draws' ? 'Expected' : 'On this model';
  const figures = [figure('plan-expected', expectedWord, plan.uplift, '')];
  if (plan.uplift_interval) {
    const [lo, hi] = plan.uplift_interval;
    figures.push(figure('plan-cautious', `Cautious (low end of the ${level} % interval)`, lo, `At best ${signedCash(hi)}`));
  }
  const sure = plan.probability_better === null
    ? (plan.uplift_interval ? '' : 'This model has no posterior draws, so no interval: read the figure as the model\'s best guess.')
    : `The plan ${Math.abs(plan.total_budget - plan.total_budget_current) <= 1e-3 * Math.max(1, plan.total_budget_current)
      ? 'beats the current split'
      : `responds more than the current spends (for ${signedCash(plan.total_budget - plan.total_budget_current)} spend per ${w})`} with probability ${plan.probability_better.toFixed(2)}. Both figures assume the model's curve shapes: move in steps, or test before a large shift.`;
  $('plan-headline').replaceChildren(...figures);
  // Notes on the request first (bounds that look like multiples), then the fit's cautions.
  $('plan-sure').textContent = [...(plan.notes || []), ...(plan.cautions || []), sure].join(' ');
}

function renderPlanSummary(plan) {
  const k = kpiWord();
  const w = periodWord();
  const what = plan.goal.type === 'max_response'
    ? `Best split of ${cash(plan.total_budget)} per ${w}`
    : `Largest budget meeting the target: ${cash(plan.total_budget)} per ${w} (now ${cash(plan.total_budget_current)})`;
  $('plan-summary').textContent = `${what}: media ${k} per ${w} goes from ${cash(plan.total_response_current)} to ${cash(plan.total_response_optimal)}; with the baseline, ${k} per ${w} ${cash(plan.total_kpi_current)} → ${cash(plan.total_kpi_optimal)}.`;
}

/** Clear the plan shown (a new plan failed, or the model changed). */
function clearPlan() {
  state.plan = null;
  state.planRequest = null;
  $('plan-table').replaceChildren();
  $('plan-headline').replaceChildren();
  $('plan-sure').textContent = '';
  $('plan-summary').textContent = '';
  const planChart = Chart.getChart($('chart-plan'));
  if (planChart) planChart.destroy();
  delete state.charts.plan;
}

/**
 * How sure a move is, from the core's figures: the expected change and the cautious end of the
 * interval, then the probability the move beats the current split:
 * "+22.0% expected (90%: −6.4% to +35.6%); beats the current split with probability 0.83."
 * A move that spends `extra` more (or less) per period is more response, not a better split.
 */
function sureText(pct, basis, interval, shares, level, probability, extra = 0, spend = 0) {
  const [plo, phi] = shares || [null, null];
  const [lo, hi] = shares ? [signedPct(plo), signedPct(phi)] : interval.map(signedCash);
  // A budget typed rounded (a few tenths apart) is the same budget.
  const same = Math.abs(extra) <= 1e-3 * Math.max(1, spend);
  const better = probability === null ? ''
    : same ? `; beats the current split with probability ${probability.toFixed(2)}`
      : `; responds more than the current spends with probability ${probability.toFixed(2)}, for ${signedCash(extra)} spend per ${periodWord()}`;
  const word = basis === 'mean_of_draws' ? 'expected' : 'on this model';
  return `${signedPct(pct)} ${word} (cautious ${lo}, at best ${hi}, ${Math.round(100 * level)} % interval)${better}.`;
}

function boundsRow(c) {
  const lock = el('input', { type: 'checkbox', 'data-channel': c.name, 'aria-label': `Lock ${c.name} at its current spend` });
  const bound = (which, word) => el('input', { type: 'number', min: '0', step: '100', 'data-channel': c.name, 'data-bound': which, 'aria-label': `${word} spend per ${periodWord()} for ${c.name}`, placeholder: 'default' });
  lock.addEventListener('change', () => syncLock(lock));
  return el('tr', {}, el('td', { text: c.name }), el('td', { text: cash(c.current_spend), 'data-spend': String(c.current_spend) }), el('td', {}, lock), el('td', {}, bound('low', 'Lowest')), el('td', {}, bound('high', 'Highest')));
}

/** A locked channel keeps its current spend, so its bounds are greyed out and not sent (the
 * planner refuses a lock beside bounds); unlocking brings back what was typed. */
function syncLock(box) {
  for (const input of box.closest('tr').querySelectorAll('input[type=number]')) input.disabled = box.checked;
}

/** Show only the fields of the chosen goal, with their units and defaults. */
function syncGoalFields() {
  const g = $('goal').value;
  show($('budget-label'), g === 'max_response');
  show($('horizon-label'), g === 'max_response');
  show($('budget-hint'), g === 'max_response');
  show($('target-label'), g !== 'max_response');
  show($('target-hint'), g !== 'max_response');
  updateTargetHint(state.baseScenario);
}

/** Set the planner up for the model shown: budget, bounds table, sliders; no plan yet. A model
 * opened from a file with the page's plan settings gets them back, and its plan. */
export function setupAllocation() {
  state.planCurves = null; // the model before's, until this one's are read
  show($('allocate-section'), true);
  // A target CPA is a conversion KPI's, a target ROAS a revenue KPI's; the other is refused.
  const cpa = document.querySelector('#goal option[value="target_cpa"]');
  const roas = document.querySelector('#goal option[value="target_roas"]');
  cpa.hidden = cpa.disabled = !isConversions();
  roas.hidden = roas.disabled = isConversions();
  if ((cpa.disabled && $('goal').value === 'target_cpa') || (roas.disabled && $('goal').value === 'target_roas')) $('goal').value = 'max_response';
  labelHorizons();
  $('currency').value = currency();
  const saved = state.pagePlan;
  state.pagePlan = null;
  if (saved) {
    if (Number.isInteger(saved.window)) $('window').value = saved.window > 0 ? String(saved.window) : '';
    if (['period', 'quarter', 'year'].includes(saved.horizon)) $('horizon').value = saved.horizon;
  }
  fieldHorizon = $('horizon').value;
  const base = state.model.whatIf({}, windowSize());
  state.baseScenario = base;
  state.planCurves = state.model.planCurves(windowSize());
  const n = periodsIn($('horizon').value);
  // Small spends (PyMC-Marketing's example spends 0.37 per week) keep 3 significant digits.
  const spend = base.total_spend_current * n;
  $('budget').value = String(Math.abs(spend) >= 100 ? Math.round(spend) : Number(spend.toPrecision(3)));
  delete $('budget').dataset.perPeriod;
  $('budget-unit').textContent = currency() ? `(${currency()})` : '';
  const w = periodWord();
  const head = ['channel', `current spend per ${w}`, 'lock', `lowest spend per ${w}`, `highest spend per ${w}`];
  $('bounds-table').replaceChildren(el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col', text: h })))), el('tbody', {}, ...base.channels.map(boundsRow)));
  clearPlan();
  setError($('plan-error'), null);
  buildSliders(base);
  if (saved) restorePlanSettings(saved);
  else if ($('goal').value !== 'max_response') fillDefaultTarget();
  syncGoalFields();
  updateBudgetHint();
  if (saved && saved.planned) runPlan({ keepSliders: !!saved.sliders });
  if (saved && saved.sliders) setSliders(saved.sliders);
  updateWhatIf();
}

function planRequest() {
  const goal = $('goal').value;
  const req = {
    relative_bounds: { low: Number($('rel-low').value), high: Number($('rel-high').value) },
    window: windowSize(), bounds: {}, locked: [], within_history: $('history').checked,
  };
  if (goal === 'max_response') req.goal = { type: 'max_response', budget: budgetPerPeriod() };
  else req.goal = { type: goal, target: Number($('target').value) };
  for (const box of document.querySelectorAll('#bounds-table input[type=checkbox]')) if (box.checked) req.locked.push(box.dataset.channel);
  // A side left empty is filled by the planner from the relative bounds.
  for (const input of document.querySelectorAll('#bounds-table input[type=number]')) {
    if (input.value === '' || input.disabled) continue;
    (req.bounds[input.dataset.channel] ||= {})[input.dataset.bound] = Number(input.value);
  }
  return req;
}

/** Whether spend `x` lies outside the spends channel `c` ran at (its curve is then the model's guess). */
const beyondAt = (c, x) => !!c.ran_at && (x < c.ran_at[0] * (1 - 1e-9) || x > c.ran_at[1] * (1 + 1e-9));
const beyond = (c) => beyondAt(c, c.optimal_spend);

function renderPlanTable(plan) {
  const conv = plan.efficiency === 'cpa';
  // The measure's fields: the CPAs for a conversion KPI, the returns otherwise.
  const eff = (c) => (conv
    ? [cash(c.current_cpa), cash(c.optimal_cpa), cash(c.current_marginal_cpa), cash(c.optimal_marginal_cpa)]
    : [c.current_roas, c.optimal_roas, c.current_marginal_roi, c.optimal_marginal_roi].map(num2));
  const change = (c) => (c.change_pct === null ? '' : signedPct(c.change_pct, 0));
  const k = kpiWord();
  const money2 = conv ? (v) => money(v) : cash;
  // Averages and margins over the planning window, not the results' whole period.
  const w = `last ${plan.window}`;
  renderTable($('plan-table'),
    ['channel', 'spend now', 'spend planned', 'change', `${k} now`, `${k} planned`,
      withHelp(conv ? `avg CPA now, ${w}` : `avg ROAS now, ${w}`, 'planAvg'), conv ? 'avg CPA planned' : 'avg ROAS planned',
      withHelp(conv ? 'marginal CPA now' : 'marginal ROI now', 'planMarginal'), conv ? 'marginal CPA planned' : 'marginal ROI planned'],
    [...plan.channels.map((c) => [c.locked ? `${c.name} (locked)` : beyond(c) ? `${c.name} (beyond the spends it ran at)` : c.name, cash(c.current_spend), cash(c.optimal_spend), change(c), money2(c.current_response), money2(c.optimal_response), ...eff(c)]),
      ['total', cash(plan.total_budget_current), cash(plan.total_budget), '', money2(plan.total_response_current), money2(plan.total_response_optimal), ...(conv ? [cash(plan.cpa_current), cash(plan.cpa_optimal)] : [num2(plan.roas_current), num2(plan.roas_optimal)]), '', '']]);
}

function showPlan(plan) {
  renderHeadline(plan);
  renderPlanSummary(plan);
  renderPlanTable(plan);
  renderSummary();
  state.charts.plan = charts.spendBars($('chart-plan'), { channels: plan.channels.map((c) => c.name), current: plan.channels.map((c) => c.current_spend), optimal: plan.channels.map((c) => c.optimal_spend), optimalLabel: 'planned', unit: `spend per ${periodWord()}` });
}

/** Find the plan for the form's goal and bounds, show it, and start the what-if from it. A plan
 * that cannot be made clears the one shown, so no old plan stands under the error. */
export function runPlan({ keepSliders = false } = {}) {
  setError($('plan-error'), null);
  const req = planRequest();
  const t0 = performance.now();
  let plan;
  try {
    plan = state.model.plan(req);
  } catch (e) {
    clearPlan();
    renderSummary();
    setError($('plan-error'), e);
    // The core speaks per period; a budget typed over a quarter or a year is said both ways.
    const h = $('horizon').value;
    if (e.kind === 'infeasible_budget' && h !== 'period' && req.goal.type === 'max_response') {
      $('plan-error').append(`\nYour budget of ${cash(Number($('budget').value))} per ${h} is ${cash(req.goal.budget)} per ${periodWord()}.`);
    }
    return;
  }
  probe.lastPlanMs = performance.now() - t0;
  state.plan = plan;
  state.planRequest = req;
  showPlan(plan);
  if (!keepSliders) {
    setSliders(Object.fromEntries(plan.channels.map((c) => [c.name, c.optimal_spend])));
    updateWhatIf();
  }
}

/** Put the what-if sliders at these spends per period (by channel), widening a slider's range
 * when a spend is beyond it. */
function setSliders(spends) {
  for (const [name, v] of Object.entries(spends)) {
    const s = document.querySelector(`#whatif-sliders input[data-channel="${CSS.escape(name)}"]`);
    if (!s || !Number.isFinite(v)) continue;
    s.max = String(Math.max(Number(s.max), Math.ceil(v * 1.2)));
    s.value = String(v);
  }
}

function buildSliders(base) {
  const box = $('whatif-sliders');
  box.replaceChildren();
  for (const c of base.channels) {
    const max = Math.max(1, Math.ceil(3 * c.current_spend));
    const id = `whatif-${c.name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    const input = el('input', { type: 'range', id, min: '0', max: String(max), step: 'any', value: String(c.current_spend), 'data-channel': c.name, 'aria-label': `${c.name}: spend per ${periodWord()}` });
    const out = el('output', { for: id, text: cash(c.current_spend) });
    input.addEventListener('input', updateWhatIf);
    box.append(el('div', { class: 'slider' }, el('label', { for: id, text: c.name }), input, out));
  }
}

function whatIfText(w) {
  const k = kpiWord();
  const p = periodWord();
  const eff = w.efficiency === 'cpa' ? `CPA ${cash(w.cpa_scenario)}` : `ROAS ${num2(w.roas_scenario)}`;
  return `Spend ${cash(w.total_spend_scenario)} per ${p} (now ${cash(w.total_spend_current)}): media ${k} ${cash(w.total_response_scenario)} (${signedCash(w.difference)}, ${signedPct(w.difference_pct)}), ${eff}; expected ${k} per ${p} ${cash(w.total_kpi_scenario)}.`
    + (w.difference_interval && w.channels.some((c) => c.scenario_spend !== c.current_spend) ? ` Under the model's draws: ${sureText(w.difference_pct, w.basis, w.difference_interval, w.difference_interval_pct, w.interval_level, w.probability_better, w.total_spend_scenario - w.total_spend_current, w.total_spend_current)}` : '')
    + beyondText(w.channels.filter((c) => c.scenario_spend !== c.current_spend && beyondAt(c, c.scenario_spend)).map((c) => c.name));
}

/** The what-if's channels set beyond the spends they ran at, named (the CLI's note). */
function beyondText(names) {
  return names.length ? ` Beyond the spends ${names.join(', ')} ran at in 90% of the periods: there the curve${names.length > 1 ? 's are' : ' is'} the model's guess.` : '';
}

/** The response curves under the what-if's markers: the ones plans are made on (the mean over
 * the draws for the recommended model), which the results' point-estimate curves are not. */
function drawWhatIf(w) {
  const series = state.report.channels.map((c) => {
    const sc = w.channels.find((x) => x.name === c.name);
    const curve = (state.planCurves || []).find((x) => x.name === c.name);
    const all = curve ? curve.points : c.response_curve;
    // The results' range, or on to the first point past a what-if beyond it (planCurves reach further).
    const top = Math.max(c.response_curve[c.response_curve.length - 1].spend, sc.scenario_spend);
    const cut = all.findIndex((p) => p.spend >= top);
    const points = cut < 0 ? all : all.slice(0, cut + 1);
    return { name: c.name, points, markers: [{ label: 'now', x: sc.current_spend, y: sc.current_response, hollow: true }, { label: 'what if', x: sc.scenario_spend, y: sc.scenario_response, style: 'rectRot' }] };
  });
  state.charts.whatif = charts.curves($('chart-whatif'), { series, unit: periodWord(), kpi: kpiWord() });
}

function updateWhatIf() {
  const t0 = performance.now();
  const spends = {};
  for (const s of document.querySelectorAll('#whatif-sliders input')) {
    spends[s.dataset.channel] = Number(s.value);
    s.nextElementSibling.textContent = cash(Number(s.value));
  }
  let w;
  try {
    w = state.model.whatIf(spends, windowSize());
  } catch (e) {
    $('whatif-summary').textContent = e.message;
    return;
  }
  $('whatif-summary').textContent = whatIfText(w);
  probe.lastWhatIf = w;
  drawWhatIf(w);
  probe.lastWhatIfMs = performance.now() - t0;
}

function fillDefaultTarget() {
  const g = $('goal').value;
  if (g === 'max_response' || !state.model) return;
  const t = state.model.defaultTargets(windowSize());
  const v = g === 'target_roas' ? t.target_roas : t.target_cpa;
  $('target').value = v === null ? '' : v.toFixed(2);
}

function onGoalChange() {
  fillDefaultTarget();
  syncGoalFields();
}

// ---- The plan in the model file ----------------------------------------------------------------

/** The plan form as it stands (goal, budget per period and horizon, target, bounds, locks,
 * window) and the sliders' spends: what a saved model keeps as `page_plan`. */
export function planSettings() {
  const bounds = {};
  for (const input of document.querySelectorAll('#bounds-table input[type=number]')) {
    if (input.value !== '') (bounds[input.dataset.channel] ||= {})[input.dataset.bound] = Number(input.value);
  }
  const sliders = {};
  for (const s of document.querySelectorAll('#whatif-sliders input')) sliders[s.dataset.channel] = Number(s.value);
  return {
    goal: $('goal').value,
    budget: budgetPerPeriod(),
    horizon: $('horizon').value,
    target: $('target').value === '' ? null : Number($('target').value),
    relative_bounds: { low: Number($('rel-low').value), high: Number($('rel-high').value) },
    window: windowSize(),
    within_history: $('history').checked,
    bounds,
    locked: [...document.querySelectorAll('#bounds-table input[type=checkbox]')].filter((b) => b.checked).map((b) => b.dataset.channel),
    sliders,
    planned: !!state.plan,
  };
}

/** MODEL.json text with the plan settings added as `page_plan` (the core's bytes unchanged:
 * the field is appended before the closing brace; the core ignores it when reading). */
export function withPlanSettings(json) {
  const end = json.lastIndexOf('}');
  return `${json.slice(0, end).trimEnd()},\n  "page_plan": ${JSON.stringify(planSettings())}\n}\n`;
}

/** The `page_plan` of a saved model's text, or null; it is applied by the next setupAllocation. */
export function readPlanSettings(text) {
  try {
    const p = JSON.parse(text).page_plan;
    return p && typeof p === 'object' ? p : null;
  } catch { return null; }
}

function restorePlanSettings(p) {
  const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  // A goal this KPI does not take (a target ROAS saved with a conversions model) is left out.
  if (['max_response', 'target_roas', 'target_cpa'].includes(p.goal) && !document.querySelector(`#goal option[value="${p.goal}"]`).disabled) $('goal').value = p.goal;
  if (num(p.budget) !== null) $('budget').value = String(Math.round(p.budget * periodsIn($('horizon').value)));
  if (num(p.target) !== null) $('target').value = String(p.target);
  else fillDefaultTarget();
  $('history').checked = p.within_history === true;
  if (p.relative_bounds) {
    if (num(p.relative_bounds.low) !== null) $('rel-low').value = String(p.relative_bounds.low);
    if (num(p.relative_bounds.high) !== null) $('rel-high').value = String(p.relative_bounds.high);
  }
  for (const input of document.querySelectorAll('#bounds-table input[type=number]')) {
    const v = p.bounds && p.bounds[input.dataset.channel] && num(p.bounds[input.dataset.channel][input.dataset.bound]);
    input.value = v === null || v === undefined ? '' : String(v);
  }
  const locked = new Set(Array.isArray(p.locked) ? p.locked : []);
  for (const box of document.querySelectorAll('#bounds-table input[type=checkbox]')) {
    box.checked = locked.has(box.dataset.channel);
    syncLock(box);
  }
}

/** Wire step 4. */
export function wirePlan() {
  $('goal').addEventListener('change', onGoalChange);
  $('window').addEventListener('change', () => state.model && setupAllocation());
  $('plan-button').addEventListener('click', () => runPlan());
  $('horizon').addEventListener('change', onHorizonChange);
  $('budget').addEventListener('input', () => { delete $('budget').dataset.perPeriod; updateBudgetHint(); });
  $('currency').value = currency();
  $('currency').addEventListener('change', setCurrencyFromField);
  // Enter in any field of the plan form (budget, target, bounds) plans.
  for (const form of [$('plan-form'), $('bounds-table')]) {
    form.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' || !(e.target instanceof HTMLInputElement) || e.target.type === 'checkbox') return;
      e.preventDefault();
      if (e.target.id === 'currency') { setCurrencyFromField(); return; }
      if (state.model) runPlan();
    });
  }
}
