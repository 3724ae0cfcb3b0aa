// Issue 10 (page): lift tests entered by hand and loaded from a CSV before fitting, the fit
// with and without them, the calibration table and chart, errors in words naming the row, and
// the tests kept in the model file. Screenshots go to tests/e2e/artifacts/lift-*.png.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { env, useBrowser, artifacts, openPage, ready, shot, useRidge, useBayes, waitDone, chartsWithData } from './helpers.mjs';

useBrowser();

/** The calibration table as text: header and rows of cells. */
function calibrationTable(page) {
  return page.$$eval('#calibration-table tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
}

/**
 * The demo's data, loaded with the page's demo button: its channels and dates (ISO), and
 * `truth(channel, first, last)`: a lift near the truth, the channel's true ROI times its spend
 * in rows first..last (the simulator's truth, as the demo shows it).
 */
async function loadDemo(page) {
  await page.click('#demo-button');
  await page.waitForSelector('#fit-section:not([hidden])');
  const channels = await page.$$eval('#channel-adstock select', (ss) => ss.map((s) => s.dataset.channel));
  const demo = await page.evaluate(async () => {
    const { simulate } = await import('./pkg/index.js');
    return simulate({ seed: 1 });
  });
  const lines = demo.csv.trim().split('\n').map((l) => l.split(','));
  const dates = lines.slice(1).map((l) => l[0]);
  const truth = (channel, first, last) => {
    const t = demo.truth.channels.find((c) => c.name === channel);
    const col = lines[0].indexOf(t.spend_column);
    let spend = 0;
    for (let r = first; r <= last; r++) spend += Number(lines[r + 1][col]);
    return Math.round(t.roi * spend / 100) * 100;
  };
  return { channels, dates, truth };
}

// Numbers as the page formats them (en-US in the test browser): "12,000", "1,500".
const N = '-?[\\d,]+(\\.\\d+)?';

test('lift tests: entered by hand and from a CSV, a bad row named in words, the calibration table with the model before and after, kept in the model file', async () => {
  const { page, errors } = await openPage(env.site.url, { width: 1280, height: 900 });
  await ready(page);
  const { channels, dates, truth } = await loadDemo(page);
  assert.ok(channels.length >= 2, `the demo has paid channels: ${channels}`);
  const [first, second] = channels;
  // A test near the truth (standard error a tenth of it), and one eight times above it (in the CSV).
  const lift = truth(first, 60, 63);
  const se = Math.round(lift / 10);
  const far = Math.round((8 * truth(second, 80, 83)) / 1000) * 1000;
  const farSe = Math.round(far / 20);
  const fmt = (v) => new Intl.NumberFormat('en-US').format(v);

  // The one-line explanation of a lift test and of the two scopes.
  const hint = await page.textContent('#lift-tests .hint');
  assert.match(hint, /its spend is paused/);
  assert.match(hint, /total: the lift counts the sales during the test and the carryover after it; immediate: during the test only/);

  // A test by hand: the channel menu has the data's channels, the date pickers its dates.
  await page.click('#lift-add');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Test 1: channel');
  assert.deepEqual(await page.$$eval('#lift-table tbody tr:nth-child(1) .lift-channel option', (os) => os.map((o) => o.value)), channels);
  const [min, max] = await page.$eval('#lift-table .lift-start', (i) => [i.min, i.max]);
  assert.deepEqual([min, max], [dates[0], dates[dates.length - 1]]);
  await page.selectOption('[aria-label="Test 1: channel"]', first);
  await page.fill('[aria-label="Test 1: first day"]', dates[60]);
  await page.fill('[aria-label="Test 1: last day"]', dates[63]);
  await page.fill('[aria-label="Test 1: measured lift"]', String(lift));
  await page.fill('[aria-label="Test 1: standard error"]', String(se));

  // A CSV whose third row (spreadsheet numbering) names a channel the data does not have:
  // nothing is loaded, and the message says which row and why, in words.
  const bad = `channel,start,end,lift,standard_error\n${second},${dates[80]},${dates[83]},${far},${farSe}\nradio_xyz,${dates[80]},${dates[83]},100,50\n`;
  await page.setInputFiles('#lift-input', { name: 'tests-bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await page.waitForSelector('#lift-error:not([hidden])');
  const message = await page.textContent('#lift-error');
  assert.match(message, /^tests-bad\.csv: Experiments file, row 3, column 'channel': 'radio_xyz' is not a paid channel of the data\./);
  assert.match(message, /Nothing was loaded from this file\./);
  assert.equal(await page.$$eval('#lift-table tbody tr', (trs) => trs.length), 1, 'only the test entered by hand');

  // The same file without that row, naming the channel by its spend column, with a scope.
  const good = `channel,start,end,lift,standard_error,scope\n${second}_spend,${dates[80]},${dates[83]},${far},${farSe},immediate\n`;
  await page.setInputFiles('#lift-input', { name: 'tests.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await page.waitForFunction(() => document.getElementById('lift-status').textContent.includes('1 test loaded'));
  assert.ok(await page.isHidden('#lift-error'));
  assert.equal(await page.$eval('[aria-label="Test 2: measured lift"]', (i) => i.value), String(far));
  assert.equal(await page.$eval('[aria-label="Test 2: scope"]', (i) => i.value), 'immediate');
  // A third test, removed again: focus moves to the Remove button of the test before it.
  await page.click('#lift-add');
  await page.click('[aria-label="Remove test 3"]');
  assert.equal(await page.$$eval('#lift-table tbody tr', (trs) => trs.length), 2);
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Remove test 2');

  // Fit with the ridge search: twice (without the tests, then with them), said in the progress.
  await useRidge(page);
  await page.fill('#iterations', '300');
  await page.fill('#trials', '2');
  const stages = [];
  await page.exposeFunction('__stage', (t) => stages.push(t));
  await page.evaluate(() => new MutationObserver(() => window.__stage(document.getElementById('progress-text').textContent))
    .observe(document.getElementById('progress-text'), { childList: true, characterData: true, subtree: true }));
  await page.click('#fit-button');
  await waitDone(page);
  assert.ok(stages.some((t) => t.startsWith('Fit 1 of 2 (without the lift tests): ')), stages.slice(0, 3).join(' | '));
  assert.ok(stages.some((t) => t.startsWith('Fit 2 of 2 (with the lift tests): ')), stages.slice(-3).join(' | '));

  await page.waitForSelector('#calibration-box:not([hidden])');
  const table = await calibrationTable(page);
  assert.deepEqual(table[0], ['channel', 'test window', 'spend in the window', 'measured lift ± SE', 'model without the tests (90 % interval)', 'model with the tests (90 % interval)', 'agrees']);
  assert.equal(table.length, 3, 'a row per test');
  assert.equal(table[1][0], first);
  assert.equal(table[1][1], `${dates[60]} to ${dates[63]} (4 periods, total)`);
  assert.equal(table[1][3], `${fmt(lift)} ± ${fmt(se)}`);
  assert.equal(table[2][0], second);
  assert.equal(table[2][1], `${dates[80]} to ${dates[83]} (4 periods, immediate)`);
  assert.equal(table[2][3], `${fmt(far)} ± ${fmt(farSe)}`);
  for (const row of table.slice(1)) {
    // The ridge search: the model's lifts with the span between its ROI interval's ends.
    assert.match(row[4], new RegExp(`^${N} \\(${N} to ${N}\\)$`), `model without the tests: ${row[4]}`);
    assert.match(row[5], new RegExp(`^${N} \\(${N} to ${N}\\)$`), `model with the tests: ${row[5]}`);
    assert.match(row[6], /^(yes|no)$/);
  }
  assert.deepEqual(await chartsWithData(page, ['chart-calibration']), [['chart-calibration', true]]);
  assert.ok(await page.isHidden('#design-box'), '"Test next" is for Bayesian models');
  const legend = await page.evaluate(() => window.Chart.getChart(document.getElementById('chart-calibration')).data.datasets.map((d) => d.label));
  assert.deepEqual(legend, ['measured lift (± 1.96 SE)', 'model without the tests (90 % interval)', 'model with the tests (90 % interval)']);
  // The test far above what the sales data implies: flagged beside the table, in words, and not
  // among the other warnings nor in the fit step.
  assert.equal(table[2][6], 'no');
  const conflicts = await page.$$eval('#calibration-warnings p', (ps) => ps.map((p) => p.textContent));
  assert.ok(conflicts.some((t) => t.startsWith(`The ${second} test from ${dates[80]} to ${dates[83]} measured a lift of ${fmt(far)} ± ${fmt(farSe)}; the sales data alone implied `)), conflicts.join(' | '));
  assert.equal(await page.$$eval('#result-warnings p', (ps) => ps.filter((p) => p.textContent.includes('measured a lift of')).length), 0);
  assert.equal(await page.$$eval('#lift-warnings li', (ls) => ls.filter((l) => l.textContent.includes('measured a lift of')).length), 0);
  // Both tables fit their boxes at 1280 px (nothing clipped or scrolled sideways).
  for (const id of ['lift-table', 'calibration-table']) {
    const [scroll, client] = await page.$eval(`#${id}`, (t) => [t.parentElement.scrollWidth, t.parentElement.clientWidth]);
    assert.ok(scroll <= client, `${id}: ${scroll} in ${client}`);
  }
  await shot(page, 'lift-calibration.png');
  // In large type too.
  await page.click('#large-type');
  for (const id of ['lift-table', 'calibration-table']) {
    const [scroll, client] = await page.$eval(`#${id}`, (t) => [t.parentElement.scrollWidth, t.parentElement.clientWidth]);
    assert.ok(scroll <= client, `large type, ${id}: ${scroll} in ${client}`);
  }
  await page.click('#large-type');

  // The model file keeps the tests; reopened, the calibration table and the tests are back.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-model')]);
  const modelPath = join(artifacts, 'lift-MODEL.json');
  await download.saveAs(modelPath);
  const saved = JSON.parse(await readFile(modelPath, 'utf8'));
  assert.deepEqual(saved.settings.experiments.map((t) => [t.channel, t.lift, t.standard_error, t.scope]), [[first, lift, se, 'total'], [`${second}_spend`, far, farSe, 'immediate']]);
  assert.equal(saved.calibration.length, 2);
  assert.ok(saved.calibration.every((r) => Number.isFinite(r.model_lift) && Number.isFinite(r.uncalibrated_lift)));

  const again = await openPage(env.site.url, { width: 1280, height: 900 });
  try {
    await ready(again.page);
    await again.page.setInputFiles('#model-input', modelPath);
    await again.page.waitForSelector('#calibration-box:not([hidden])');
    assert.deepEqual(await calibrationTable(again.page), table);
    const restored = await again.page.$$eval('#lift-table tbody tr', (trs) => trs.map((tr) => [tr.querySelector('.lift-channel').value, tr.querySelector('.lift-start').value, tr.querySelector('.lift-lift').value, tr.querySelector('.lift-scope').value]));
    assert.deepEqual(restored, [[first, dates[60], String(lift), 'total'], [`${second}_spend`, dates[80], String(far), 'immediate']]);
    assert.deepEqual(again.errors, []);
  } finally {
    await again.context.close();
  }
  assert.deepEqual(errors, []);
  await page.context().close();
});

test('lift tests: a test entered by hand with a problem is named by its number, and a second fit reuses the fit without tests', async () => {
  const { page, errors } = await openPage(env.site.url, { width: 1280, height: 900 });
  try {
    await ready(page);
    const { channels, dates } = await loadDemo(page);
    await useRidge(page);
    await page.fill('#iterations', '200');
    await page.fill('#trials', '1');
    // A fit without tests first.
    await page.click('#fit-button');
    await waitDone(page);
    assert.ok(await page.isHidden('#calibration-box'), 'no calibration without tests');

    // A hand-entered test whose lift is not a number: said before any fit starts.
    await page.click('#lift-add');
    await page.selectOption('[aria-label="Test 1: channel"]', channels[0]);
    await page.fill('[aria-label="Test 1: first day"]', dates[40]);
    await page.fill('[aria-label="Test 1: last day"]', dates[43]);
    await page.fill('[aria-label="Test 1: standard error"]', '1000');
    await page.click('#fit-button');
    await page.waitForSelector('#fit-error:not([hidden])');
    assert.match(await page.textContent('#fit-error'), /^Lift test 1: the measured lift must be a number in the KPI's units/);

    // A standard error of zero: the core's message, with the test named as the table numbers it.
    await page.fill('[aria-label="Test 1: measured lift"]', '5000');
    await page.fill('[aria-label="Test 1: standard error"]', '0');
    await page.click('#fit-button');
    await page.waitForFunction(() => /standard error must be a positive number/.test(document.getElementById('fit-error').textContent));
    assert.match(await page.textContent('#fit-error'), /^Lift test 1, column 'standard_error': the standard error must be a positive number in the KPI's units/);

    // Fixed: one fit only (the one without tests is reused).
    await page.fill('[aria-label="Test 1: standard error"]', '1000');
    const texts = [];
    await page.exposeFunction('__progress', (t) => texts.push(t));
    await page.evaluate(() => new MutationObserver(() => window.__progress(document.getElementById('progress-text').textContent))
      .observe(document.getElementById('progress-text'), { childList: true, characterData: true, subtree: true }));
    await page.click('#fit-button');
    await waitDone(page);
    assert.ok(texts.some((t) => t.startsWith('With the lift tests: ')), texts.slice(0, 3).join(' | '));
    assert.ok(!texts.some((t) => t.startsWith('Fit 1 of 2')), 'the fit without tests was not run again');
    const table = await calibrationTable(page);
    assert.equal(table.length, 2);
    assert.equal(table[1][3], '5,000 ± 1,000');
    assert.match(table[1][4], new RegExp(`^${N} \\(${N} to ${N}\\)$`));
    assert.deepEqual(errors, []);
  } finally {
    await page.context().close();
  }
});

test('lift tests: a short Bayesian fit shows both lifts with their 90 % intervals, and which test to run next (in a worker)', async () => {
  const { page, errors } = await openPage(env.site.url, { width: 1280, height: 900 });
  try {
    await ready(page);
    const { channels, dates, truth } = await loadDemo(page);
    const lift = truth(channels[0], 60, 63);
    const se = Math.round(lift / 10);
    await useBayes(page, { chains: 2, draws: 60, tune: 60 });
    await page.click('#lift-add');
    await page.selectOption('[aria-label="Test 1: channel"]', channels[0]);
    await page.fill('[aria-label="Test 1: first day"]', dates[60]);
    await page.fill('[aria-label="Test 1: last day"]', dates[63]);
    await page.fill('[aria-label="Test 1: measured lift"]', String(lift));
    await page.fill('[aria-label="Test 1: standard error"]', String(se));
    await page.click('#fit-button');
    await waitDone(page, 300000);
    const table = await calibrationTable(page);
    assert.equal(table.length, 2);
    const fmt = (v) => new Intl.NumberFormat('en-US').format(v);
    assert.equal(table[1][3], `${fmt(lift)} ± ${fmt(se)}`);
    // "8,123 (6,001 to 10,456)": the median and its interval, before and after.
    const iv = new RegExp(`^${N} \\(${N} to ${N}\\)$`);
    assert.match(table[1][4], iv);
    assert.match(table[1][5], iv);

    // Test next: the most valuable test in words, every channel ranked, 4 weeks by default.
    await page.waitForSelector('#design-box:not([hidden])');
    // Ranked once the panel is in view (not while the results above it are read).
    await page.$eval('#results-section', (e) => e.scrollIntoView());
    assert.equal(await page.textContent('#design-status'), 'The tests are ranked when this panel is in view.');
    await page.$eval('#design-box', (e) => e.scrollIntoView());
    await page.waitForFunction(() => /ranked in/.test(document.getElementById('design-status').textContent), null, { timeout: 120000 });
    assert.equal(await page.inputValue('#design-periods'), '4');
    const design = await page.$$eval('#design-table tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    assert.deepEqual(design[0], ['rank', 'channel', 'suggested window', 'spend at stake', 'ROI now (90 % interval)', 'ROI expected after the test', 'worth a year (revenue)']);
    assert.deepEqual(design.slice(1).map((r) => r[1]).sort(), [...channels].sort(), 'one row per channel');
    assert.deepEqual(design.slice(1).map((r) => r[0]), channels.map((_, k) => String(k + 1)));
    // The suggested window: the 4 weeks after the data ends (its last date + 7 days on), from
    // the first week's Monday to the fourth week's Sunday.
    const day = (iso, n) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86400000).toISOString().slice(0, 10);
    const last = dates[dates.length - 1];
    for (const r of design.slice(1)) {
      assert.equal(r[2], `${day(last, 7)} to ${day(last, 34)} (4 periods)`);
      assert.match(r[3], new RegExp(`^${N}$`));
      assert.match(r[4], /^\d+(\.\d+)?–\d+(\.\d+)?$/);
      assert.match(r[5], /^\d+(\.\d+)?–\d+(\.\d+)?$/);
      assert.match(r[6], new RegExp(`^(under )?${N}$`));
    }
    const headline = await page.textContent('#design-headline');
    assert.match(headline, new RegExp(`^Test ${design[1][1]} next: a 4-week pause from ${day(last, 7)} to ${day(last, 34)} \\(about ${N} of spend\\) (is expected to narrow its ROI from .+ to a range about .+ wide|would leave its ROI about as open as now \\(.+\\)), (worth about ${N} of revenue a year in a better plan|though it is not expected to change the plan)\\.$`));
    // Another length: 2 periods.
    await page.fill('#design-periods', '2');
    await page.click('#design-button');
    // The tests are simulated in a worker: the page answers at once meanwhile.
    const t0 = Date.now();
    assert.equal(await page.evaluate(() => new Promise((r) => setTimeout(() => r(document.getElementById('design-status').textContent), 50))), 'Simulating each test…');
    assert.ok(Date.now() - t0 < 1500, `the page answered in ${Date.now() - t0} ms`);
    await page.waitForFunction(() => /tests of 2 periods ranked/.test(document.getElementById('design-status').textContent), null, { timeout: 120000 });
    assert.equal(await page.$eval('#design-table tbody tr td:nth-child(3)', (td) => td.textContent), `${day(last, 7)} to ${day(last, 20)} (2 periods)`);
    // Tests that read the lift to ±1 %: each channel's expected interval narrower than with
    // tests read to ±100 % (the same outcomes, drawn from one seed, weigh the draws harder).
    const expectedWidths = async (precision) => {
      await page.fill('#design-precision', precision);
      await page.click('#design-button');
      await page.waitForFunction(() => /ranked in/.test(document.getElementById('design-status').textContent), null, { timeout: 120000 });
      const rows = await page.$$eval('#design-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
      return Object.fromEntries(rows.map((r) => [r[1], r[5].split('–').map(Number).reduce((lo, hi) => hi - lo)]));
    };
    const loose = await expectedWidths('100');
    const sharp = await expectedWidths('1');
    for (const c of channels) assert.ok(sharp[c] < loose[c], `${c}: ${sharp[c]} against ${loose[c]}`);
    // A precision that is not a percentage is named, and nothing is ranked.
    await page.fill('#design-precision', '-3');
    await page.click('#design-button');
    assert.equal(await page.textContent('#design-error'), "Test precision: '-3' is not a percentage the test could read its lift to. Enter one such as 15 (for ±15 %), or leave it empty to derive it from the model's noise.");
    assert.equal(await page.$$eval('#design-table tr', (trs) => trs.length), 0);
    await page.fill('#design-precision', '');
    await shot(page, 'lift-bayes.png');

    // A fit started while the tests are being ranked stops the ranking (its worker is needed
    // for the chains; the worker is replaced), then the new model's tests are ranked.
    await page.click('#design-button');
    assert.equal(await page.textContent('#design-status'), 'Simulating each test…');
    await page.click('#fit-button');
    await page.waitForFunction(() => document.getElementById('design-status').textContent === 'Stopped: a fit started. Rank the tests again when it is done.', null, { timeout: 5000 });
    // Asked again during the fit, the ranking waits (the fit has the workers) and the fit ends.
    await page.click('#design-button');
    assert.equal(await page.textContent('#design-status'), 'A fit is running: rank the tests when it is done.');
    await waitDone(page, 300000);
    await page.$eval('#design-box', (e) => e.scrollIntoView());
    await page.waitForFunction(() => /ranked in/.test(document.getElementById('design-status').textContent), null, { timeout: 120000 });
    assert.equal((await page.$$eval('#design-table tbody tr', (trs) => trs.length)), channels.length);
    assert.deepEqual(errors, []);
  } finally {
    await page.context().close();
  }
});

test('npm API: fit(csv, { experiments: CSV text }) fits without and with the tests, says which runs, and returns both lifts', async () => {
  const { page, errors } = await openPage(env.site.url, { width: 1280, height: 720 });
  try {
    await ready(page);
    const out = await page.evaluate(async () => {
      const { simulate, fit, parseLiftCsv } = await import('./pkg/index.js');
      const { csv } = await simulate({ seed: 3, periods: 60 });
      const dates = csv.trim().split('\n').slice(1).map((l) => l.split(',')[0]);
      const text = `channel,liftStartDate,liftEndDate,liftAbs,confidence\ntv,${dates[20]},${dates[23]},50000,0.9\n`;
      const parsed = await parseLiftCsv(text);
      const stages = new Set();
      const model = await fit(csv, { estimator: 'ridge_search', search: { iterations: 100, trials: 1 }, experiments: text },
        (p) => stages.add(p.stage ? `${p.stage.index}/${p.stage.of} ${p.stage.name}` : 'none'));
      const r = model.report();
      let bad = null;
      try { await parseLiftCsv('channel,start,end,lift,standard_error\ntv,2024-01-01,2024-01-28,abc,5\n'); } catch (e) { bad = { message: e.message, kind: e.kind, row: e.row, column: e.column }; }
      return { parsed, stages: [...stages], calibration: r.calibration, experiments: r.settings.experiments, warnings: r.warnings.map((w) => w.kind), bad, dates: [dates[20], dates[23]] };
    });
    // Robyn's layout: a lift significant at 90 % has a standard error of lift / 1.645 (by hand:
    // 50000 / 1.6449 = 30,397), scope immediate (Robyn's default).
    assert.equal(out.parsed.length, 1);
    assert.equal(out.parsed[0].channel, 'tv');
    assert.equal(out.parsed[0].scope, 'immediate');
    assert.ok(Math.abs(out.parsed[0].standard_error - 30397) < 1, String(out.parsed[0].standard_error));
    assert.equal(out.parsed[0].derived_standard_error, true);
    assert.deepEqual(out.stages, ['1/2 without the lift tests', '2/2 with the lift tests']);
    assert.equal(out.calibration.length, 1);
    const c = out.calibration[0];
    assert.deepEqual([c.channel, c.start, c.end, c.periods, c.lift], ['tv', out.dates[0], out.dates[1], 4, 50000]);
    assert.ok(Number.isFinite(c.model_lift) && Number.isFinite(c.uncalibrated_lift), JSON.stringify(c));
    assert.equal(out.experiments.length, 1);
    assert.ok(out.warnings.includes('lift_standard_error_derived'), out.warnings.join(', '));
    assert.deepEqual(out.bad, { message: "Experiments file, row 2, column 'lift': 'abc' is not a number. Correct the cell, or delete the row.", kind: 'lift_bad_cell', row: 2, column: 'lift' });
    assert.deepEqual(errors, []);
  } finally {
    await page.context().close();
  }
});
