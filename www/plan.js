// Step 4, plan: the goal and bounds form, the plan table and chart, and the what-if sliders
// that move the response curves' markers.

/* global Chart */

import * as charts from './charts.js';
import { $, el, show, setError, renderTable } from './dom.js';
import { state, probe, kpiWord } from './state.js';
import { withHelp, renderSummary } from './words.js';

const { money, num2, signedPct } = charts;

function windowSize() { return Math.max(1, Number.parseInt($('window').value, 10) || 52); }

/**
 * How sure a move is, from the core's figures: the expected change and the cautious end of the
 * interval with the same weight, then the probability the move beats the current split:
 * "+22.0% expected (90%: −6.4% to +35.6%); beats the current split with probability 0.83."
 * `pct` is the change as a share (the expected one when planned on the mean of the draws, the
 * model's own otherwise), `interval`/`shares` the interval under the draws.
 */
function sureText(pct, basis, interval, shares, level, probability) {
  const [plo, phi] = shares || [null, null];
  const signed = (v) => `${v >= 0 ? '+' : ''}${money(v)}`;
  // Without a positive current response there are no shares: the amounts instead.
  const [lo, hi] = shares ? [signedPct(plo), signedPct(phi)] : interval.map(signed);
  const better = probability === null ? '' : `; beats the current split with probability ${probability.toFixed(2)}`;
  const word = basis === 'mean_of_draws' ? 'expected' : 'on this model';
  return `${signedPct(pct)} ${word} (${Math.round(100 * level)}%: ${lo} to ${hi})${better}.`;
}

function boundsRow(c) {
  const lock = el('input', { type: 'checkbox', 'data-channel': c.name, 'aria-label': `Lock ${c.name} at its current spend` });
  const bound = (which, word) => el('input', { type: 'number', min: '0', step: '100', 'data-channel': c.name, 'data-bound': which, 'aria-label': `${word} spend for ${c.name}`, placeholder: 'relative' });
  return el('tr', {}, el('td', { text: c.name }), el('td', { text: money(c.current_spend) }), el('td', {}, lock), el('td', {}, bound('low', 'Lowest')), el('td', {}, bound('high', 'Highest')));
}

/** Set the planner up for the model shown: budget, bounds table, sliders; no plan yet. */
export function setupAllocation() {
  show($('allocate-section'), true);
  const base = state.model.whatIf({}, windowSize());
  // Small spends (PyMC-Marketing's example spends 0.37 per week) keep 3 significant digits.
  const spend = base.total_spend_current;
  $('budget').value = String(Math.abs(spend) >= 100 ? Math.round(spend) : Number(spend.toPrecision(3)));
  const head = ['channel', 'current spend', 'lock', 'lowest', 'highest'];
  $('bounds-table').replaceChildren(el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col', text: h })))), el('tbody', {}, ...base.channels.map(boundsRow)));
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
  // A side left empty is filled by the planner from the relative bounds.
  for (const input of document.querySelectorAll('#bounds-table input[type=number]')) {
    if (input.value === '') continue;
    (req.bounds[input.dataset.channel] ||= {})[input.dataset.bound] = Number(input.value);
  }
  return req;
}

function renderPlanTable(plan) {
  const conv = plan.efficiency === 'cpa';
  // The measure's fields: the CPAs for a conversion KPI, the returns otherwise.
  const eff = (c) => (conv
    ? [c.current_cpa, c.optimal_cpa, c.current_marginal_cpa, c.optimal_marginal_cpa]
    : [c.current_roas, c.optimal_roas, c.current_marginal_roi, c.optimal_marginal_roi]).map(num2);
  const change = (c) => (c.change_pct === null ? '' : signedPct(c.change_pct, 0));
  const k = kpiWord();
  // Averages and margins over the planning window, not the results' whole period.
  const w = `last ${plan.window}`;
  renderTable($('plan-table'),
    ['channel', 'current', 'planned', 'change', `${k} now`, `${k} planned`,
      withHelp(conv ? `avg CPA now, ${w}` : `avg ROAS now, ${w}`, 'planAvg'), conv ? 'avg CPA planned' : 'avg ROAS planned',
      withHelp(conv ? 'marginal CPA now' : 'marginal ROI now', 'planMarginal'), conv ? 'marginal CPA planned' : 'marginal ROI planned'],
    [...plan.channels.map((c) => [c.locked ? `${c.name} (locked)` : c.name, money(c.current_spend), money(c.optimal_spend), change(c), money(c.current_response), money(c.optimal_response), ...eff(c)]),
      ['total', money(plan.total_budget_current), money(plan.total_budget), '', money(plan.total_response_current), money(plan.total_response_optimal), ...(conv ? [plan.cpa_current, plan.cpa_optimal] : [plan.roas_current, plan.roas_optimal]).map(num2), '', '']]);
}

function renderPlanSummary(plan) {
  const k = kpiWord();
  const what = plan.goal.type === 'max_response' ? `Best split of ${money(plan.total_budget)} per period` : `Largest budget meeting the target: ${money(plan.total_budget)} per period (now ${money(plan.total_budget_current)})`;
  const cls = plan.uplift >= 0 ? 'up' : 'down';
  const change = `${plan.uplift >= 0 ? '+' : ''}${money(plan.uplift)}`;
  // With draws the headline is how sure the gain is: the expected change, the cautious end of
  // the interval and the probability, one bold line; without them the change alone.
  const headline = plan.uplift_interval
    ? [`(${change}). `, el('b', { id: 'plan-interval', class: cls, text: sureText(plan.uplift_pct, plan.basis, plan.uplift_interval, plan.uplift_interval_pct, plan.interval_level, plan.probability_better) })]
    : [el('b', { class: cls, text: `(${change}, ${signedPct(plan.uplift_pct)})` }), '.'];
  $('plan-summary').replaceChildren(`${what}: media ${k} per period goes from ${money(plan.total_response_current)} to ${money(plan.total_response_optimal)} `,
    ...headline,
    ` With the baseline, expected ${k} per period: ${money(plan.total_kpi_current)} → ${money(plan.total_kpi_optimal)}.`);
}

/** Find the plan for the form's goal and bounds, show it, and start the what-if from it. */
export function runPlan() {
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
  probe.lastPlanMs = performance.now() - t0;
  state.plan = plan;
  state.planRequest = req;
  renderPlanTable(plan);
  renderPlanSummary(plan);
  renderSummary();
  state.charts.plan = charts.spendBars($('chart-plan'), { channels: plan.channels.map((c) => c.name), current: plan.channels.map((c) => c.current_spend), optimal: plan.channels.map((c) => c.optimal_spend), optimalLabel: 'planned' });
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
}

function whatIfText(w) {
  const sign = w.difference >= 0 ? '+' : '';
  const k = kpiWord();
  const eff = w.efficiency === 'cpa' ? `CPA ${num2(w.cpa_scenario)}` : `ROAS ${num2(w.roas_scenario)}`;
  return `Spend ${money(w.total_spend_scenario)} per period (now ${money(w.total_spend_current)}): media ${k} ${money(w.total_response_scenario)} (${sign}${money(w.difference)}, ${signedPct(w.difference_pct)}), ${eff}; expected ${k} per period ${money(w.total_kpi_scenario)}.`
    + (w.difference_interval ? ` Under the model's draws: ${sureText(w.difference_pct, w.basis, w.difference_interval, w.difference_interval_pct, w.interval_level, w.probability_better)}` : '');
}

function drawWhatIf(w) {
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
  $('whatif-summary').textContent = whatIfText(w);
  drawWhatIf(w);
  probe.lastWhatIfMs = performance.now() - t0;
}

function onGoalChange() {
  const g = $('goal').value;
  show($('budget-label'), g === 'max_response');
  show($('target-label'), g !== 'max_response');
  if (g !== 'max_response' && state.model) {
    const t = state.model.defaultTargets(windowSize());
    const v = g === 'target_roas' ? t.target_roas : t.target_cpa;
    $('target').value = v === null ? '' : v.toFixed(2);
  }
}

/** Wire step 4. */
export function wirePlan() {
  $('goal').addEventListener('change', onGoalChange);
  $('window').addEventListener('change', () => state.model && setupAllocation());
  $('plan-button').addEventListener('click', runPlan);
}
