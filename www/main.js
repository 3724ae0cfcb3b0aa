// The MixLens page: wires the page's steps to each other and starts the engine. Each step is one
// module: load.js (data in), fit.js (settings, workers, progress), results.js (tables, charts,
// Pareto), plan.js (planner, what-if), export.js (downloads, print). They share state.js. The
// page does no model arithmetic: every figure shown (CPAs, totals, shares, ranges, default
// targets, bounds) comes from the core; the page only picks fields and formats them. Fitting
// runs in Web Workers (pkg/index.js); nothing is sent anywhere.

import { load, startWorkers, version } from './pkg/index.js';
import * as charts from './charts.js';
import { $, show, setError, status } from './dom.js';
import { probe } from './state.js';
import { wireLoad } from './load.js';
import { wireFit, renderFitSettings, initFitSettings } from './fit.js';
import { wireResults, openModel } from './results.js';
import { wirePlan, setupAllocation } from './plan.js';
import { wireExport, labelExportButtons } from './export.js';

/** A fitted or opened model: results, planner and exports. */
function showModel(model) {
  openModel(model);
  setupAllocation();
  show($('export-section'), true);
  labelExportButtons();
  // Focus goes to the results heading (not the page body), so keyboard users continue there.
  $('results-title').focus({ preventScroll: true });
  $('results-section').scrollIntoView({ behavior: 'smooth', block: 'start' });
}

function wire() {
  wireLoad({ onFileReady: renderFitSettings, onModelOpened: showModel });
  wireFit({ onModel: showModel });
  wireResults({ onShown: setupAllocation });
  wirePlan();
  wireExport();
  $('large-type').addEventListener('click', () => {
    const on = document.documentElement.classList.toggle('large');
    $('large-type').setAttribute('aria-pressed', String(on));
    charts.setFontSize(on ? 17 : 12);
  });
}

/**
 * Keep a copy of the page's own files so that it opens again without a network (sw.js). Service
 * workers need http(s) in a secure context (https, or localhost).
 */
function keepOfflineCopy(v) {
  if (!('serviceWorker' in navigator) || !window.isSecureContext || !/^https?:$/.test(location.protocol)) return;
  // Offline, the browser's update check of sw.js fails; the copy already in use stays.
  navigator.serviceWorker.register(`sw.js?v=${encodeURIComponent(v)}`).catch(() => {});
}

async function main() {
  wire();
  const loaders = ['demo-button', 'open-model', 'drop-zone'];
  for (const id of loaders) $(id).setAttribute('aria-disabled', 'true');
  try {
    await load();
    await initFitSettings();
    const workers = await startWorkers();
    const v = await version();
    $('version').textContent = v;
    status(`Ready: ${workers} worker${workers === 1 ? '' : 's'} for fitting. Load a CSV, or try the demo.`);
    probe.ready = true;
    keepOfflineCopy(v);
  } catch (e) {
    status('The modeling engine could not start in this browser.');
    setError($('load-error'), e);
  }
  for (const id of loaders) $(id).removeAttribute('aria-disabled');
}

main();
