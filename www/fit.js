// Step 2, fit: the estimator and its settings (search settings, or chains, draws and ROI
// priors), adstock for all or per channel, the fit in the Web Workers with its progress (per
// chain for the Bayesian estimator) and Cancel.

import { fit, priors, defaultRequest } from './pkg/index.js';
import { $, el, show, setError } from './dom.js';
import { money, num2 } from './charts.js';
import { state, probe } from './state.js';
import { rolesFromSelects } from './load.js';
import { liftTests, liftError, showLiftWarnings, wireLift, setLiftData } from './lift.js';
import { stopDesign } from './design.js';

// The last fit without lift tests (its data, its options and its MODEL.json): a fit with tests
// of the same data and options reuses it as the model "without the tests".
let plainFit = null;

const ADSTOCKS = [['', 'as above'], ['geometric', 'geometric'], ['weibull_cdf', 'Weibull CDF'], ['weibull_pdf', 'Weibull PDF']];

/** The estimator chosen. */
const estimator = () => (document.querySelector('input[name="estimator"]:checked') || {}).value;

/** Show the settings of the estimator chosen only. */
function showEstimatorSettings() {
  const chosen = estimator();
  // Automatic: either estimator may run, so the settings of both show.
  for (const node of document.querySelectorAll('#fit-section [data-estimator]')) show(node, chosen === 'auto' || node.dataset.estimator === chosen);
}

/**
 * Start from the core's defaults (`defaultRequest()`): the estimator, the search's and the
 * Bayesian estimator's settings. The page repeats none of them.
 */
export async function initFitSettings() {
  const d = await defaultRequest();
  const radio = $(`estimator-${d.estimator}`);
  if (radio) radio.checked = true;
  $('iterations').value = String(d.search.iterations);
  $('trials').value = String(d.search.trials);
  $('scale-to-data').checked = d.search.scale_to_data;
  $('seed').value = String(d.search.seed);
  $('chains').value = String(d.bayes.chains);
  $('draws').value = String(d.bayes.draws);
  $('tune').value = String(d.bayes.tune);
  showEstimatorSettings();
}

/** One adstock menu and one ROI prior row per paid channel, keeping the choices already made. */
export function renderFitSettings(channels) {
  const box = $('channel-adstock');
  const keep = Object.fromEntries([...box.querySelectorAll('select')].map((s) => [s.dataset.channel, s.value]));
  box.replaceChildren(el('legend', { text: 'Per channel' }));
  for (const ch of channels) {
    const s = el('select', { 'data-channel': ch, 'aria-label': `Adstock of ${ch}` });
    s.append(...ADSTOCKS.map(([value, text]) => el('option', { value, text })));
    s.value = keep[ch] || '';
    box.append(el('label', {}, ch, s));
  }
  renderPriorTable(channels);
  const c = state.inspection && state.inspection.coverage;
  setLiftData(channels, c ? c.first : '', c ? c.last : '');
}

/** The prior editor: per paid channel, centre and spread (empty: the default, shown). */
function renderPriorTable(channels) {
  const table = $('prior-table');
  const keep = {};
  for (const i of table.querySelectorAll('input')) keep[`${i.dataset.channel}\u0000${i.dataset.part}`] = i.value;
  const input = (ch, part) => {
    const i = el('input', { type: 'number', step: 'any', min: '0', 'data-channel': ch, 'data-part': part, 'aria-label': `ROI prior ${part} of ${ch}` });
    i.value = keep[`${ch}\u0000${part}`] || '';
    return i;
  };
  const thead = el('thead', {}, el('tr', {}, ...['channel', 'centre (best guess of ROI)', 'spread', 'used when empty'].map((h) => el('th', { scope: 'col', text: h }))));
  const tbody = el('tbody', {}, ...channels.map((ch) => el('tr', {},
    el('td', { text: ch }), el('td', {}, input(ch, 'centre')), el('td', {}, input(ch, 'spread')),
    el('td', { class: 'prior-default', 'data-channel': ch, text: 'default: weak' }))));
  table.replaceChildren(thead, tbody);
  showDefaultPriors();
}

/** Fill in the default each channel's prior would take, as the core resolves it for this data. */
async function showDefaultPriors() {
  if (!state.csv) return;
  let resolved;
  try {
    resolved = await priors(state.csv, { ...fitOptions(), bayes: { roi_priors: [] } });
  } catch {
    return; // the data's problem is shown when fitting; the cells keep "default: weak"
  }
  for (const cell of $('prior-table').querySelectorAll('td.prior-default')) {
    const p = resolved.find((r) => r.quantity === 'roi' && r.name === cell.dataset.channel);
    if (p) cell.textContent = `default: ${p.centre === 0 ? 'half-normal' : `centre ${num2(p.centre)}`}, spread ${num2(p.spread)}`;
  }
}

/** The ROI priors typed in: a centre and a spread both set; one set alone is an error. */
function roiPriors() {
  const rows = new Map();
  for (const i of $('prior-table').querySelectorAll('input')) {
    const r = rows.get(i.dataset.channel) || {};
    r[i.dataset.part] = i.value.trim();
    rows.set(i.dataset.channel, r);
  }
  const out = [];
  for (const [channel, r] of rows) {
    if (!r.centre && !r.spread) continue;
    const centre = Number(r.centre);
    const spread = Number(r.spread);
    if (!r.centre || !r.spread || !Number.isFinite(centre) || !Number.isFinite(spread)) {
      const e = new Error(`The ROI prior of ${channel} needs both a centre and a spread (numbers), or neither for the default.`);
      e.kind = 'invalid_setting';
      throw e;
    }
    out.push({ channel, centre, spread });
  }
  return out;
}

export function fitOptions() {
  const channelAdstock = {};
  for (const s of document.querySelectorAll('#channel-adstock select')) if (s.value) channelAdstock[s.dataset.channel] = s.value;
  const int = (id, d) => { const v = Number.parseInt($(id).value, 10); return Number.isFinite(v) ? v : d; };
  const seed = int('seed', 1);
  return {
    read: state.read || {},
    roles: state.inspection && state.inspection.roles ? rolesFromSelects() : {},
    model: { adstock: $('adstock').value, saturation: $('saturation').value, channel_adstock: channelAdstock, delayed_lags: $('delayed-lags').checked ? null : 0 },
    estimator: estimator(),
    search: { iterations: int('iterations', 4000), trials: int('trials', 5), seed, holdout: Math.max(0, Number($('holdout').value) || 0) / 100, scale_to_data: $('scale-to-data').checked },
    bayes: { chains: int('chains', 4), draws: int('draws', 1000), tune: int('tune', 1000), seed },
  };
}

/** "Fit 1 of 2 (without the lift tests): " while fitting twice, else nothing. */
let stageText = '';

/** The workers report progress about 40 times a second each, and every report repaints the page
 * (its charts included, once a model is shown): on two cores that painting took a third of the
 * time the chains needed. The page shows progress at most every PROGRESS_EVERY_MS. */
const PROGRESS_EVERY_MS = 200;
let pendingProgress = null;
let progressTimer = null;
let progressShownAt = 0;

function showProgress(p) {
  if (p.done === 0) {
    stopProgress();
    renderProgress(p);
    return;
  }
  pendingProgress = p;
  if (progressTimer !== null) return;
  const wait = Math.max(0, progressShownAt + PROGRESS_EVERY_MS - performance.now());
  progressTimer = setTimeout(() => {
    const q = pendingProgress;
    progressTimer = null;
    pendingProgress = null;
    progressShownAt = performance.now();
    if (q && state.controller) renderProgress(q);
  }, wait);
}

/** Drop a progress report still waiting to be shown (the fit has ended). */
function stopProgress() {
  if (progressTimer !== null) clearTimeout(progressTimer);
  progressTimer = null;
  pendingProgress = null;
}

function renderProgress(p) {
  if (p.done === 0) {
    // Before the workers start: the estimate (and the big-data note), for long fits.
    const about = p.estimatedSeconds >= 90 ? `${Math.ceil(p.estimatedSeconds / 60)} min` : `${Math.max(1, Math.round(p.estimatedSeconds))} s`;
    // The core's note says how to search fully from the CLI or the API; in the page it is a box.
    const note = p.searchNote ? ` ${p.searchNote}${/search fully/.test(p.searchNote) ? ' (Here: untick “Shorten the search for big data”.)' : ''}` : '';
    $('progress-text').textContent = `${stageText}Estimated time: about ${about}.${note}`;
    return;
  }
  $('progress').value = p.fraction;
  const left = p.secondsLeft === null ? '' : ` · about ${Math.max(1, Math.round(p.secondsLeft))} s left`;
  if (p.chains) {
    $('progress-text').textContent = `${stageText}${Math.round(100 * p.fraction)}% of the sweeps${left}`;
    showChains(p.chains);
  } else {
    $('progress-text').textContent = `${stageText}${Math.round(100 * p.fraction)}% · ${money(p.done)} of ${money(p.total)} models · best NRMSE ${p.bestNrmse === null ? '–' : p.bestNrmse.toFixed(4)}${left}`;
  }
}

/** One progress bar per chain ("waiting" until a worker is free for it). */
function showChains(chains) {
  const list = $('chain-progress');
  if (list.children.length !== chains.length) {
    list.replaceChildren(...chains.map((_, k) => el('li', {}, el('span', { text: `chain ${k + 1}` }), el('progress', { max: '1', value: '0', 'aria-label': `Chain ${k + 1}` }), el('span', { class: 'chain-state' }))));
  }
  chains.forEach((c, k) => {
    const item = list.children[k];
    item.querySelector('progress').value = c.total ? c.done / c.total : 0;
    item.querySelector('.chain-state').textContent = !c.started ? 'waiting' : c.done >= c.total ? 'done' : `${money(c.done)} / ${money(c.total)}`;
  });
  show(list, true);
}

function setRunning(controller) {
  state.controller = controller;
  $('fit-button').disabled = !!controller;
  show($('cancel-button'), !!controller);
}

function doneText(report, seconds) {
  const d = report.diagnostics;
  if (d) return `Done: ${d.chains} chain${d.chains === 1 ? '' : 's'} × ${money(d.draws)} draws in ${seconds.toFixed(1)} s.`;
  return `Done: ${money(report.search.candidates)} candidate models in ${seconds.toFixed(1)} s.`;
}

async function runFit(onModel) {
  setError($('fit-error'), null);
  $('chain-progress').replaceChildren();
  show($('chain-progress'), false);
  let options;
  let tests = [];
  try {
    options = fitOptions();
    options.bayes.roi_priors = roiPriors();
    tests = liftTests();
  } catch (e) {
    setError($('fit-error'), e);
    return;
  }
  // A fit of the same data and options without the tests, when the page has one.
  const key = JSON.stringify(options);
  const reuse = plainFit && plainFit.csv === state.csv && plainFit.key === key ? plainFit.json : null;
  // The ranking of lift tests for the model shown needs a worker for seconds: the fit comes first.
  stopDesign();
  const controller = new AbortController();
  setRunning(controller);
  $('cancel-button').focus();
  $('progress').value = 0;
  $('progress-text').textContent = 'Starting…';
  const started = performance.now();
  try {
    let model;
    if (tests.length === 0) {
      stageText = '';
      model = await fit(state.csv, { ...options, signal: controller.signal }, showProgress);
      plainFit = { csv: state.csv, key, json: model.toJSON() };
    } else {
      // With tests: the model without them first (unless the page has it), for the calibration
      // table's "before".
      let without = reuse;
      if (!without) {
        stageText = 'Fit 1 of 2 (without the lift tests): ';
        without = (await fit(state.csv, { ...options, signal: controller.signal }, showProgress)).toJSON();
        plainFit = { csv: state.csv, key, json: without };
      }
      stopProgress(); // a report of fit 1 still waiting is not shown under fit 2's label
      stageText = reuse ? 'With the lift tests: ' : 'Fit 2 of 2 (with the lift tests): ';
      $('progress').value = 0;
      model = await fit(state.csv, { ...options, experiments: tests, uncalibrated: without, signal: controller.signal }, showProgress);
      showLiftWarnings(model.report().warnings);
    }
    stageText = '';
    const seconds = (performance.now() - started) / 1000;
    probe.lastFitMs = seconds * 1000;
    $('progress').value = 1;
    $('progress-text').textContent = doneText(model.report(), seconds);
    onModel(model);
  } catch (e) {
    if (e.kind === 'cancelled') $('progress-text').textContent = 'Cancelled.';
    else { setError($('fit-error'), liftError(e, tests)); $('progress-text').textContent = ''; }
    stageText = '';
  } finally {
    stopProgress();
    setRunning(null);
  }
}

/** Wire step 2; `onModel(model)` when a fit is done. */
export function wireFit({ onModel }) {
  $('fit-button').addEventListener('click', () => runFit(onModel));
  $('cancel-button').addEventListener('click', () => state.controller && state.controller.abort());
  for (const r of document.querySelectorAll('input[name="estimator"]')) r.addEventListener('change', showEstimatorSettings);
  for (const id of ['adstock', 'saturation', 'holdout']) $(id).addEventListener('change', showDefaultPriors);
  showEstimatorSettings();
  wireLift({ optionsOf: fitOptions });
}
