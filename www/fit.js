// Step 2, fit: the search settings (adstock for all channels or per channel), the fit in the
// Web Workers with its progress and Cancel.

import { fit } from './pkg/index.js';
import { $, el, show, setError } from './dom.js';
import { money } from './charts.js';
import { state, probe } from './state.js';
import { rolesFromSelects } from './load.js';

const ADSTOCKS = [['', 'as above'], ['geometric', 'geometric'], ['weibull_cdf', 'Weibull CDF'], ['weibull_pdf', 'Weibull PDF']];

/** One adstock menu per paid channel, keeping the choices already made. */
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
}

function fitOptions() {
  const channelAdstock = {};
  for (const s of document.querySelectorAll('#channel-adstock select')) if (s.value) channelAdstock[s.dataset.channel] = s.value;
  const int = (id, d) => { const v = Number.parseInt($(id).value, 10); return Number.isFinite(v) ? v : d; };
  return {
    read: state.read || {},
    roles: state.inspection && state.inspection.roles ? rolesFromSelects() : {},
    model: { adstock: $('adstock').value, saturation: $('saturation').value, channel_adstock: channelAdstock },
    search: { iterations: int('iterations', 4000), trials: int('trials', 5), seed: int('seed', 1), holdout: Math.max(0, Number($('holdout').value) || 0) / 100 },
  };
}

function showProgress(p) {
  if (p.done === 0) {
    // Before the workers start: the estimate (and the big-data note), for long fits.
    const about = p.estimatedSeconds >= 90 ? `${Math.ceil(p.estimatedSeconds / 60)} min` : `${Math.max(1, Math.round(p.estimatedSeconds))} s`;
    $('progress-text').textContent = `Estimated time: about ${about}.${p.searchNote ? ` ${p.searchNote}` : ''}`;
    return;
  }
  $('progress').value = p.fraction;
  const left = p.secondsLeft === null ? '' : ` · about ${Math.max(1, Math.round(p.secondsLeft))} s left`;
  $('progress-text').textContent = `${Math.round(100 * p.fraction)}% · ${money(p.done)} of ${money(p.total)} models · best NRMSE ${p.bestNrmse === null ? '–' : p.bestNrmse.toFixed(4)}${left}`;
}

function setRunning(controller) {
  state.controller = controller;
  $('fit-button').disabled = !!controller;
  show($('cancel-button'), !!controller);
}

async function runFit(onModel) {
  setError($('fit-error'), null);
  const controller = new AbortController();
  setRunning(controller);
  $('cancel-button').focus();
  $('progress').value = 0;
  $('progress-text').textContent = 'Starting…';
  const started = performance.now();
  try {
    const model = await fit(state.csv, { ...fitOptions(), signal: controller.signal }, showProgress);
    const seconds = (performance.now() - started) / 1000;
    probe.lastFitMs = seconds * 1000;
    $('progress').value = 1;
    $('progress-text').textContent = `Done: ${money(model.report().search.candidates)} candidate models in ${seconds.toFixed(1)} s.`;
    onModel(model);
  } catch (e) {
    if (e.kind === 'cancelled') $('progress-text').textContent = 'Cancelled.';
    else { setError($('fit-error'), e); $('progress-text').textContent = ''; }
  } finally {
    setRunning(null);
  }
}

/** Wire step 2; `onModel(model)` when a fit is done. */
export function wireFit({ onModel }) {
  $('fit-button').addEventListener('click', () => runFit(onModel));
  $('cancel-button').addEventListener('click', () => state.controller && state.controller.abort());
}
