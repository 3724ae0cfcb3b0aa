// Step 1, load data: a CSV file (picked or dropped), the demo data, or a saved model; the first
// rows with the role of each column, which the user can change.

import { simulate, inspect, Model, fileText } from './pkg/index.js';
import { $, el, show, setError, status } from './dom.js';
import { state } from './state.js';
import { readPlanSettings } from './plan.js';
import { showAdvice } from './words.js';
import { restoreLiftTests } from './lift.js';

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

let onInspected = () => {}; // (channels) when a file is ready to fit
let onModel = () => {}; // (Model) when a saved model is opened

async function handleCsv(text, source, truth = null) {
  state.csv = text;
  state.source = source;
  state.truth = truth;
  state.read = {};
  // The model of the file before is not this file's: its results, plans and exports go, and a
  // fit of it still running is stopped (it would show under this file's name).
  if (state.controller) state.controller.abort();
  state.model = state.report = state.plan = null;
  for (const id of ['results-section', 'allocate-section', 'export-section']) show($(id), false);
  await runInspect({});
}

async function runInspect(roles) {
  let i;
  try {
    i = await inspect(state.csv, roles, state.read || {});
  } catch (e) {
    setError($('load-error'), e);
    return;
  }
  state.inspection = i;
  renderInspection(i);
  const ok = !i.error && i.coverage;
  show($('fit-section'), !!ok);
  if (ok) onInspected(i.coverage.channels);
  const kept = document.querySelectorAll('#lift-table tbody tr').length;
  status(ok ? `${state.source}: ${i.rows} rows ready to fit.${kept ? ` The ${kept} lift test${kept > 1 ? 's' : ''} entered before stay: remove any that belong to other data.` : ''}` : `${state.source}: fix the problem below, or change a column's role.`);
}

/** The menu value of `column` for the roles the core decided. */
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

function coverageText(c) {
  if (!c) return '';
  return `${c.periods} ${c.frequency} periods from ${c.first} to ${c.last}; paid channels: ${c.channels.join(', ')}`
    + `${c.organic.length ? `; organic: ${c.organic.join(', ')}` : ''}${c.controls.length ? `; controls: ${c.controls.join(', ')}` : ''}.`;
}

function roleSelect(col, value, media) {
  const select = el('select', { 'aria-label': `Role of column ${col}`, 'data-column': col });
  for (const [v, label] of ROLE_LABELS) select.append(el('option', { value: v, text: label }));
  for (const m of media) if (m !== col) select.append(el('option', { value: `exposure:${m}`, text: `exposure of ${m}` }));
  select.value = [...select.options].some((o) => o.value === value) ? value : 'auto';
  select.addEventListener('change', () => runInspect(rolesFromSelects()));
  return select;
}

function headerRow(i) {
  const media = i.columns.filter((col) => roleValue(col, i.roles) === 'media');
  const head = el('tr');
  i.columns.forEach((col, k) => {
    const note = i.roles && i.roles.notes.find((n) => n.column === col);
    const th = el('th', { class: `role-${note ? note.role : 'auto'}`, title: note ? note.reason : '', scope: 'col' }, col, roleSelect(col, roleValue(col, i.roles), media));
    th.dataset.index = String(k);
    head.append(th);
  });
  return head;
}

function previewBody(i) {
  const body = el('tbody');
  const bad = i.error && i.error.row ? { row: i.error.row, column: i.error.column } : null;
  i.preview.forEach((cells, r) => {
    const tr = el('tr');
    cells.forEach((cell, k) => {
      // The number as the model reads it (the raw text on hover), so a misread column shows.
      const n = i.numbers && i.numbers[r] ? i.numbers[r][k] : null;
      const td = typeof n === 'number' && cell.trim() !== ''
        ? el('td', { text: n.toLocaleString('en-US', { maximumFractionDigits: 6 }), title: `In the file: ${cell}`, class: 'num' })
        : el('td', { text: cell });
      if (bad && bad.row === (i.preview_rows ? i.preview_rows[r] : r + 2) && (!bad.column || bad.column === i.columns[k])) td.className = 'bad';
      tr.append(td);
    });
    body.append(tr);
  });
  return body;
}

/** The file writes numbers two ways could read: ask which decimal mark it uses, in words. */
function askDecimalMark(error) {
  if (!error || error.kind !== 'ambiguous_number_format') return;
  const choose = (mark) => async () => {
    state.read = { decimal_mark: mark };
    await runInspect(state.inspection && state.inspection.roles ? rolesFromSelects() : {});
  };
  const button = (id, text, mark) => {
    const b = el('button', { type: 'button', id, text });
    b.addEventListener('click', choose(mark));
    return b;
  };
  $('load-error').append(el('div', { class: 'choice' },
    el('span', { text: 'This file writes numbers like: ' }),
    button('decimal-point', '1,234.5 (decimal point)', 'point'),
    button('decimal-comma', '1.234,5 (decimal comma)', 'comma')));
}

function renderInspection(i) {
  setError($('load-error'), i.error);
  showAdvice($('load-error'), i.error);
  askDecimalMark(i.error);
  $('warnings').replaceChildren(...i.warnings.map((w) => el('li', { text: w.message })));
  $('coverage').textContent = coverageText(i.coverage);
  const table = $('preview');
  table.replaceChildren();
  if (!i.columns.length) return;
  table.append(el('thead', {}, headerRow(i)), previewBody(i));
  if (i.rows > i.preview.length) table.append(el('caption', { text: `First ${i.preview.length} of ${i.rows} rows. Rows are numbered like a spreadsheet: the header is row 1.` }));
}

/** The roles chosen in the preview's menus, as a request for the core. */
export function rolesFromSelects() {
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

async function openSavedModel(file) {
  try {
    const text = await fileText(file);
    const model = new Model(text);
    if (state.controller) state.controller.abort();
    state.truth = null;
    // The plan the file was saved with (goal, bounds, locks, sliders): restored by the planner.
    state.pagePlan = readPlanSettings(text);
    state.source = file.name;
    // The lift tests it was fitted with, back in the tests table.
    restoreLiftTests(model.report());
    onModel(model);
    status(`Opened ${file.name}: results and plans without refitting.`);
    setError($('load-error'), null);
  } catch (err) {
    setError($('load-error'), err);
  }
}

function wireDropZone() {
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
    if (file) await handleCsv(await fileText(file), file.name);
  });
}

/** Wire step 1. `onFileReady(channels)` when a CSV can be fitted; `onModelOpened(model)` when a
 * saved model is opened. */
export function wireLoad({ onFileReady, onModelOpened }) {
  onInspected = onFileReady;
  onModel = onModelOpened;
  wireDropZone();
  $('file-input').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    if (file) await handleCsv(await fileText(file), file.name);
    e.target.value = '';
  });
  $('demo-button').addEventListener('click', async () => {
    let demo;
    try {
      demo = await simulate({ seed: 1 });
    } catch (e) {
      setError($('load-error'), e);
      return;
    }
    await handleCsv(demo.csv, 'Demo data (simulated, true ROIs known)', demo.truth);
  });
  $('open-model').addEventListener('click', () => $('model-input').click());
  $('model-input').addEventListener('change', async (e) => {
    const file = e.target.files[0];
    e.target.value = '';
    if (file) await openSavedModel(file);
  });
}
