// Step 5, export: the model (JSON, with the plan settings), results, decomposition and plan
// (CSV), each chart (a titled PNG at twice the device pixels, a titled vector SVG), and
// the printable report (charts redrawn at print size).

/* global Chart */

import * as charts from './charts.js';
import { $, el } from './dom.js';
import { state } from './state.js';
import { runPlan, withPlanSettings } from './plan.js';
import { chartToSvg } from './svg.js';

function download(name, content, type) {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const a = el('a', { href: URL.createObjectURL(blob), download: name });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

function dataUrlToBlob(url) {
  const [head, data] = url.split(',');
  const bytes = Uint8Array.from(atob(data), (ch) => ch.charCodeAt(0));
  return new Blob([bytes], { type: head.slice(5, head.indexOf(';')) });
}

function exportPlan() {
  if (!state.plan) runPlan();
  if (state.planRequest) download('mixlens-plan.csv', state.model.planCsv(state.planRequest), 'text/csv');
}

// Charts are drawn for the screen; redraw them at the report's sizes (and a smaller font) for
// printing, and back afterwards.
function wirePrint() {
  $('print-report').addEventListener('click', () => window.print());
  let screenFont = null;
  const redraw = () => Object.values(Chart.instances).forEach((c) => { c.resize(); c.update('none'); });
  window.addEventListener('beforeprint', () => { screenFont = Chart.defaults.font.size; Chart.defaults.font.size = 8; redraw(); });
  window.addEventListener('afterprint', () => { if (screenFont !== null) Chart.defaults.font.size = screenFont; redraw(); });
  // beforeprint runs in the screen layout: redraw again once the print boxes apply.
  matchMedia('print').addEventListener('change', redraw);
}

/** A chart's title: its caption's text without the export buttons. */
function chartTitle(button) {
  const caption = button.closest('figcaption').cloneNode(true);
  for (const b of caption.querySelectorAll('button, select, .exports')) b.remove();
  return caption.textContent.replace(/\s+/g, ' ').trim();
}

/** Name every export button for what it does: "Download Response curves … as PNG". */
export function labelExportButtons() {
  for (const b of document.querySelectorAll('.exports button')) {
    b.setAttribute('aria-label', `Download ${chartTitle(b)} as ${b.dataset.format.toUpperCase()}`);
  }
}

/** Wire step 5 and the PNG and SVG buttons of every chart. */
export function wireExport() {
  $('export-model').addEventListener('click', () => download('MODEL.json', withPlanSettings(state.model.toJSON()), 'application/json'));
  $('export-channels').addEventListener('click', () => download('mixlens-results.csv', state.model.channelsCsv(), 'text/csv'));
  $('export-decomposition').addEventListener('click', () => download('mixlens-decomposition.csv', state.model.decompositionCsv(), 'text/csv'));
  $('export-plan').addEventListener('click', exportPlan);
  wirePrint();
  labelExportButtons();
  for (const b of document.querySelectorAll('.exports button')) {
    b.addEventListener('click', () => {
      const chart = state.charts[b.dataset.chart];
      if (!chart) return;
      const title = chartTitle(b);
      labelExportButtons();
      if (b.dataset.format === 'svg') download(`mixlens-${b.dataset.chart}.svg`, chartToSvg(chart, title), 'image/svg+xml');
      else download(`mixlens-${b.dataset.chart}.png`, dataUrlToBlob(charts.toPng(chart, title)));
    });
  }
}
