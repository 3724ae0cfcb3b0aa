// "Test next": which lift test would be worth the most for a Bayesian model, and what it would
// narrow the channel's ROI to (the core's `design`, most valuable first, then by what they settle). The page shows the
// core's sentences and fields; it computes nothing.

import { $, show, setError, renderTable } from './dom.js';
import { readable, num2 } from './charts.js';
import { design } from './pkg/index.js';
import { state } from './state.js';

const isBayes = (report) => !!report && !!report.diagnostics;

const range = (r) => (r ? `${num2(r[0])}–${num2(r[1])}` : '–');
// A conversions KPI's interval as costs per conversion: the ROI's ends inverted, open upwards
// where the ROI reaches 0.
const cpaRange = (r) => (r ? (r[0] > 0 ? `${num2(1 / r[1])}–${num2(1 / r[0])}` : `${num2(1 / r[1])} or more`) : '–');

function clear() {
  $('design-headline').textContent = '';
  $('design-table').replaceChildren();
  $('design-status').textContent = '';
  setError($('design-error'), null);
}

/** The ranking under way: it takes seconds of a worker, which a new fit needs. */
let ranking = null;

/** Ranks the tests of a new model when its panel comes into view: the ranking takes seconds of
 * a worker, and right after a fit the user looks at the results above it and moves the what-if
 * sliders, which it would slow (on two cores, from 8 ms to 28 ms a move). */
let watcher = null;

/** A fit is starting: stop the ranking under way (its worker is needed for the fit) or waiting
 * for its panel to come into view, and say so. */
export function stopDesign() {
  const active = ranking || watcher;
  if (ranking) ranking.abort();
  ranking = null;
  if (watcher) watcher.disconnect();
  watcher = null;
  if (active) {
    clear();
    $('design-status').textContent = 'Stopped: a fit started. Rank the tests again when it is done.';
  }
  $('design-button').disabled = false;
}

/** Rank the tests for the model shown, of the length asked (empty: the core's default). */
export function runDesign() {
  const model = state.model;
  const report = state.report;
  if (!model || !isBayes(report)) return;
  if (state.controller) {
    // The fit needs the workers; its model will be ranked when it is done.
    $('design-status').textContent = 'A fit is running: rank the tests when it is done.';
    return;
  }
  // A ranking asked for again (another length) replaces the one under way.
  if (ranking) ranking.abort();
  if (watcher) watcher.disconnect();
  watcher = null;
  // The test's precision as ± a share of its lift; empty: the core's default from the noise.
  const typedPrecision = $('design-precision').value.trim();
  const precision = Number.parseFloat(typedPrecision);
  if (typedPrecision && !(precision > 0 && precision <= 500)) {
    clear();
    setError($('design-error'), { message: `Test precision: '${typedPrecision}' is not a percentage the test could read its lift to. Enter one such as 15 (for ±15 %), or leave it empty to derive it from the model's noise.` });
    return;
  }
  const controller = new AbortController();
  ranking = controller;
  clear();
  $('design-status').textContent = 'Simulating each test…';
  $('design-button').disabled = true;
  // In a worker: seconds of simulated tests and plans.
  (async () => {
    try {
      const typed = Number.parseInt($('design-periods').value, 10);
      const started = performance.now();
      const d = await design(model, {
        ...(Number.isFinite(typed) && typed > 0 ? { periods: typed } : {}),
        ...(typedPrecision ? { relative_standard_error: precision / 100 } : {}),
        signal: controller.signal,
      });
      if (state.model !== model || controller.signal.aborted) return; // another model is shown by now
      const seconds = (performance.now() - started) / 1000;
      $('design-periods').value = String(d.periods);
      const lv = `${Math.round(100 * d.interval_level)} %`;
      // The most valuable test in words; every channel's in the table, most valuable first (a
      // value under a thousandth of the KPI of a year would not change the plan: such tests
      // come after, by how much of the KPI's split they would settle).
      $('design-headline').textContent = d.experiments.length ? d.experiments[0].sentence : 'No channel can be tested: every one needs spend in its recent periods.';
      const [m, show] = d.efficiency === 'cpa' ? ['CPA', cpaRange] : ['ROI', range];
      renderTable($('design-table'), ['rank', 'channel', 'suggested window', 'spend at stake', `${m} now (${lv} interval)`, `${m} expected after the test`, `worth a year (${d.kpi})`],
        d.experiments.map((x, k) => [String(k + 1), x.channel, `${x.start} to ${x.end} (${x.periods} period${x.periods === 1 ? '' : 's'})`, readable(x.spend_at_stake), show(x.current_roi_interval), show(x.expected_roi_interval), x.value >= d.material_value ? readable(x.value) : `under ${readable(d.material_value)}`]));
      $('design-status').textContent = `${d.experiments.length} tests of ${d.periods} period${d.periods === 1 ? '' : 's'} ranked in ${seconds.toFixed(1)} s.`;
    } catch (e) {
      // Stopped (by a fit, or replaced by another ranking): whoever stopped it says so.
      if (e.kind === 'cancelled' || ranking !== controller || state.model !== model) return;
      $('design-status').textContent = '';
      setError($('design-error'), e);
    } finally {
      if (ranking === controller) {
        ranking = null;
        $('design-button').disabled = false;
      }
    }
  })();
}

/** Show the panel for a Bayesian model (its tests ranked once it is in view), hide it otherwise. */
export function renderDesign(report) {
  const on = isBayes(report);
  show($('design-box'), on);
  clear();
  $('design-periods').value = ''; // a new model: the core's default length for its data
  if (watcher) watcher.disconnect();
  watcher = null;
  if (!on) return;
  $('design-status').textContent = 'The tests are ranked when this panel is in view.';
  const model = state.model;
  watcher = new IntersectionObserver((entries) => {
    if (!entries.some((e) => e.isIntersecting)) return;
    watcher.disconnect();
    watcher = null;
    if (state.model === model && !state.controller) runDesign();
  });
  watcher.observe($('design-box'));
}

export function wireDesign() {
  $('design-button').addEventListener('click', runDesign);
  for (const id of ['design-periods', 'design-precision']) {
    $(id).addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); runDesign(); } });
  }
}
