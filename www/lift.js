// Lift tests (experiments): the table where tests are entered or loaded from a CSV before
// fitting, and, once fitted, the calibration table and chart (each test's measured lift beside
// the model's implied lift without and with the tests). The core reads and matches the tests
// (`parseLiftCsv`, `check`) and computes every figure shown; the page only formats them.

/* global Chart */

import { parseLiftCsv, check, fileText } from './pkg/index.js';
import { $, el, show, setError, renderTable } from './dom.js';
import { readable } from './charts.js';
import { state } from './state.js';

let channels = []; // the paid channels of the data (or of the model opened)
let range = { first: '', last: '' }; // the data's first and last dates (ISO)
let fitOptionsOf = () => ({}); // the fit's options without tests (set by fit.js)

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const SCOPES = [['total', 'total (window + carryover)'], ['immediate', 'immediate (window only)']];

/** The rows of the tests table. */
const rows = () => [...$('lift-table').querySelectorAll('tbody tr')];

/** A date cell: a date picker limited to the data's dates, or text for a date written otherwise. */
function dateInput(value, label) {
  const iso = !value || ISO.test(value);
  const i = el('input', { type: iso ? 'date' : 'text', 'aria-label': label, class: 'lift-date' });
  if (iso) { if (range.first) i.min = range.first; if (range.last) i.max = range.last; }
  i.value = value || '';
  return i;
}

function channelSelect(value, label) {
  const s = el('select', { 'aria-label': label, class: 'lift-channel' });
  const names = value && !channels.includes(value) ? [...channels, value] : channels;
  s.append(...names.map((c) => el('option', { value: c, text: c })));
  if (value) s.value = value;
  return s;
}

function numberInput(value, label, cls) {
  const i = el('input', { type: 'number', step: 'any', 'aria-label': label, class: cls });
  if (value !== undefined && value !== null && value !== '') i.value = String(value);
  return i;
}

/** Renumber the rows ("1", "2"...) and their labels after a row is added or removed. */
function renumber() {
  rows().forEach((tr, k) => {
    const n = k + 1;
    tr.querySelector('.lift-n').textContent = String(n);
    for (const [cls, what] of [['lift-channel', 'channel'], ['lift-start', 'first day'], ['lift-end', 'last day'], ['lift-lift', 'measured lift'], ['lift-se', 'standard error'], ['lift-scope', 'scope']]) {
      const node = tr.querySelector(`.${cls}`);
      if (node) node.setAttribute('aria-label', `Test ${n}: ${what}`);
    }
    tr.querySelector('.lift-remove').setAttribute('aria-label', `Remove test ${n}`);
  });
  show($('lift-table'), rows().length > 0);
}

/** Add one test to the table (`test`: a LiftTest, or nothing for an empty row). */
function addRow(test = {}) {
  const start = dateInput(test.start, 'first day');
  start.classList.add('lift-start');
  const end = dateInput(test.end, 'last day');
  end.classList.add('lift-end');
  const scope = el('select', { class: 'lift-scope' }, ...SCOPES.map(([value, text]) => el('option', { value, text })));
  scope.value = test.scope || 'total';
  const remove = el('button', { type: 'button', class: 'lift-remove', text: 'Remove' });
  const tr = el('tr', {},
    el('td', { class: 'lift-n' }), el('td', {}, channelSelect(test.channel, 'channel')),
    el('td', {}, start), el('td', {}, end),
    el('td', {}, numberInput(test.lift, 'lift', 'lift-lift')), el('td', {}, numberInput(test.standard_error, 'standard error', 'lift-se')),
    el('td', {}, scope), el('td', {}, remove));
  // A test loaded from a file keeps its file row (for messages) and how its SE was found.
  tr.dataset.row = String(test.row || 0);
  tr.dataset.derived = test.derived_standard_error ? 'true' : '';
  remove.addEventListener('click', () => {
    // Focus stays in the table: on the next test's Remove, else the previous one's, else "Add a test".
    const next = tr.nextElementSibling || tr.previousElementSibling;
    tr.remove();
    renumber();
    setError($('lift-error'), null);
    (next ? next.querySelector('.lift-remove') : $('lift-add')).focus();
  });
  $('lift-table').querySelector('tbody').append(tr);
  renumber();
  return tr;
}

function renderHead() {
  const table = $('lift-table');
  if (table.querySelector('thead')) return;
  const head = ['#', 'channel', 'first day', 'last day', 'measured lift', 'standard error', 'scope', ''];
  table.append(el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { scope: 'col', text: h })))), el('tbody'));
}

/**
 * The tests as entered: `LiftTest[]`. Throws an Error in words naming the test for a lift or a
 * standard error that is not a number or a missing date (the core checks the rest when fitting).
 */
export function liftTests() {
  return rows().map((tr, k) => {
    const v = (cls) => tr.querySelector(`.${cls}`).value.trim();
    const n = k + 1;
    const fail = (text) => { const e = new Error(`Lift test ${n}: ${text}`); e.kind = 'lift_bad_cell'; throw e; };
    if (!v('lift-start') || !v('lift-end')) fail('enter the first and last day of the test window.');
    const lift = Number(v('lift-lift'));
    if (v('lift-lift') === '' || !Number.isFinite(lift)) fail(`the measured lift must be a number in the KPI's units (sales the channel added during the test), not '${v('lift-lift')}'.`);
    const se = Number(v('lift-se'));
    if (v('lift-se') === '' || !Number.isFinite(se)) fail(`the standard error must be a number in the KPI's units, not '${v('lift-se')}'. If the test report gives a 95% interval, its width divided by 3.92 is the standard error.`);
    return {
      channel: v('lift-channel'), start: v('lift-start'), end: v('lift-end'), lift, standard_error: se,
      scope: v('lift-scope'), row: Number(tr.dataset.row) || 0, derived_standard_error: tr.dataset.derived === 'true',
    };
  });
}

/**
 * An error of the core about a test, with the test named as the table numbers it: a test entered
 * by hand is "Lift test N", not a row of a file.
 */
export function liftError(e, tests) {
  if (!e || !String(e.kind || '').startsWith('lift_') || !e.row) return e;
  const k = tests.findIndex((t, i) => (t.row > 0 ? t.row : i + 1) === e.row);
  rows().forEach((tr, i) => tr.classList.toggle('bad', i === k));
  if (k < 0 || tests[k].row > 0) return e;
  const out = new Error(e.message.replace(/^Experiments file, row \d+/, `Lift test ${k + 1}`));
  out.kind = e.kind;
  out.column = e.column;
  return out;
}

/** Load a CSV of tests (either layout): each is matched to the data first; nothing is added
 * when a row has a problem (the message names the row of the file). */
async function loadCsv(file) {
  setError($('lift-error'), null);
  $('lift-warnings').replaceChildren();
  const text = await fileText(file);
  let tests;
  try {
    tests = await parseLiftCsv(text, state.read);
    if (state.csv) {
      const outlook = await check(state.csv, { ...fitOptionsOf(), experiments: [...liftTests(), ...tests] });
      showLiftWarnings(outlook.warnings);
    }
  } catch (e) {
    const err = liftError(e, [...safeTests(), ...(tests || [])]);
    err.message = `${file.name}: ${err.message} Nothing was loaded from this file.`;
    setError($('lift-error'), err);
    return;
  }
  for (const t of tests) addRow(t);
  $('lift-status').textContent = `${file.name}: ${tests.length} test${tests.length === 1 ? '' : 's'} loaded.`;
}

function safeTests() {
  try { return liftTests(); } catch { return []; }
}

/** The warnings about the tests (overlapping windows, standard errors derived from a confidence);
 * a model that cannot agree with a test says so in the results, beside the calibration table. */
export function showLiftWarnings(warnings) {
  const mine = (warnings || []).filter((w) => String(w.kind).startsWith('lift_') && w.kind !== 'lift_conflict');
  $('lift-warnings').replaceChildren(...mine.map((w) => el('li', { text: w.message })));
}

/** The data's paid channels and dates, for the menus and the date pickers; tests already entered
 * are kept. */
export function setLiftData(names, first, last) {
  channels = names;
  range = { first: first || '', last: last || '' };
  renderHead();
  const kept = safeTests();
  $('lift-table').querySelector('tbody').replaceChildren();
  for (const t of kept) addRow(t);
  renumber();
}

/** Put the tests of a model file back in the table (a model reopened). */
export function restoreLiftTests(report) {
  const tests = (report.settings && report.settings.experiments) || [];
  const dates = report.data && report.data.dates ? report.data.dates : [];
  channels = report.channels.map((c) => c.name);
  range = { first: dates[0] || '', last: dates[dates.length - 1] || '' };
  renderHead();
  $('lift-table').querySelector('tbody').replaceChildren();
  for (const t of tests) addRow(t);
  renumber();
}

// ---- Results: the calibration table and chart

const level = (report) => `${Math.round(100 * (report.interval_level || 0.9))} %`;

function withInterval(value, iv) {
  if (value === null || value === undefined) return '–';
  return iv ? `${readable(value)} (${readable(iv[0])} to ${readable(iv[1])})` : readable(value);
}

/** Whiskers over each bar of every dataset that has `whiskers: [[low, high] | null]`. */
const whiskers = {
  id: 'liftWhiskers',
  afterDatasetsDraw(chart) {
    const { ctx, scales } = chart;
    ctx.save();
    ctx.strokeStyle = '#212529';
    ctx.lineWidth = 1.5;
    chart.data.datasets.forEach((d, j) => {
      if (!d.whiskers || !chart.isDatasetVisible(j)) return;
      chart.getDatasetMeta(j).data.forEach((bar, i) => {
        const w = d.whiskers[i];
        if (!w || !Number.isFinite(w[0]) || !Number.isFinite(w[1])) return;
        const lo = scales.y.getPixelForValue(w[0]);
        const hi = scales.y.getPixelForValue(w[1]);
        const cap = Math.min(6, bar.width / 4);
        ctx.beginPath();
        ctx.moveTo(bar.x, lo); ctx.lineTo(bar.x, hi);
        ctx.moveTo(bar.x - cap, lo); ctx.lineTo(bar.x + cap, lo);
        ctx.moveTo(bar.x - cap, hi); ctx.lineTo(bar.x + cap, hi);
        ctx.stroke();
      });
    });
    ctx.restore();
  },
};

function calibrationChart(canvas, report) {
  const rowsOf = report.calibration;
  const labels = rowsOf.map((r) => `${r.channel} ${r.start} to ${r.end}`);
  const lv = level(report);
  const datasets = [
    { label: 'measured lift (± 1.96 SE)', data: rowsOf.map((r) => r.lift), backgroundColor: 'rgba(33, 37, 41, 0.75)', whiskers: rowsOf.map((r) => [r.lift - 1.96 * r.standard_error, r.lift + 1.96 * r.standard_error]) },
    { label: `model without the tests (${lv} interval)`, data: rowsOf.map((r) => r.uncalibrated_lift), backgroundColor: 'rgba(217, 72, 15, 0.75)', whiskers: rowsOf.map((r) => r.uncalibrated_interval) },
    { label: `model with the tests (${lv} interval)`, data: rowsOf.map((r) => r.model_lift), backgroundColor: 'rgba(31, 95, 168, 0.75)', whiskers: rowsOf.map((r) => r.model_lift_interval) },
  ];
  const old = Chart.getChart(canvas);
  if (old) old.destroy();
  return new Chart(canvas, {
    type: 'bar',
    data: { labels, datasets },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      interaction: { mode: 'nearest', intersect: false },
      scales: { y: { title: { display: true, text: `lift (${report.kpi.name})` }, ticks: { callback: (v) => readable(v) } } },
      plugins: {
        legend: { position: 'bottom', labels: { boxWidth: 12 } },
        tooltip: { callbacks: {
          label: (c) => `${c.dataset.label}: ${readable(c.parsed.y)}`,
          afterLabel: (c) => { const w = c.dataset.whiskers[c.dataIndex]; return w ? `${readable(w[0])} to ${readable(w[1])}` : ''; },
        } },
      },
    },
    plugins: [whiskers],
  });
}

/** The calibration table, its chart and the warnings of tests the model cannot agree with. */
export function renderCalibration(report) {
  const cal = report.calibration || [];
  show($('calibration-box'), cal.length > 0);
  if (!cal.length) { if (state.charts.calibration) { state.charts.calibration.destroy(); delete state.charts.calibration; } return; }
  const lv = level(report);
  const head = ['channel', 'test window', 'spend in the window', 'measured lift ± SE', `model without the tests (${lv} interval)`, `model with the tests (${lv} interval)`, 'agrees'];
  renderTable($('calibration-table'), head, cal.map((r) => [
    r.channel, `${r.start} to ${r.end} (${r.periods} period${r.periods === 1 ? '' : 's'}, ${r.scope})`, readable(r.spend),
    `${readable(r.lift)} ± ${readable(r.standard_error)}`,
    withInterval(r.uncalibrated_lift, r.uncalibrated_interval), withInterval(r.model_lift, r.model_lift_interval),
    { text: r.agrees ? 'yes' : 'no', cls: r.agrees ? '' : 'wide' },
  ]));
  const conflicts = report.warnings.filter((w) => w.kind === 'lift_conflict');
  $('calibration-warnings').replaceChildren(...conflicts.map((w) => el('p', { text: w.message })));
  state.charts.calibration = calibrationChart($('chart-calibration'), report);
}

/** Wire the tests table; `optionsOf()` gives the fit's options (to match loaded tests to the data). */
export function wireLift({ optionsOf }) {
  fitOptionsOf = optionsOf;
  renderHead();
  renumber();
  $('lift-add').addEventListener('click', () => {
    setError($('lift-error'), null);
    const tr = addRow({ channel: channels[0], start: range.first, end: range.first });
    tr.querySelector('.lift-channel').focus();
  });
  $('lift-load').addEventListener('click', () => $('lift-input').click());
  $('lift-input').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    e.target.value = '';
    if (file) await loadCsv(file);
  });
}
