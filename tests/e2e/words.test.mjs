// End-to-end tests of the page's words (issue 12, part A): the executive summary, one
// vocabulary with the period it covers, a help line on every metric (hover and keyboard focus),
// statistics in a collapsed Advanced section, a reopened alternative model that says what it
// is, the printed report's heading, and PyMC-Marketing's example file read without CLI words.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { env, useBrowser, root, artifacts, openPage, ready, shot, useRidge, useBayes, waitDone, fitDemo } from './helpers.mjs';

useBrowser();

const texts = (page, sel) => page.$$eval(sel, (n) => n.map((x) => x.textContent));
const num = (t) => Number(String(t).replace(/[^0-9.−-]/g, '').replace('−', '-'));

/** "156 weekly periods from 2021-01-04 to 2023-12-25; ..." → the first and last date. */
async function coverageDates(page) {
  const m = (await page.textContent('#coverage')).match(/from (\d{4}-\d\d-\d\d) to (\d{4}-\d\d-\d\d)/);
  assert.ok(m, 'the coverage line names the dates');
  return [m[1], m[2]];
}

/** What a help marker shows: its tip's visibility and text (a CSS tip drawn from `data-tip`). */
function tipOf(page, sel) {
  return page.$eval(sel, (b) => {
    const after = getComputedStyle(b, '::after');
    return { visible: after.visibility === 'visible' && after.opacity === '1', text: after.content.replace(/^"|"$/g, '').replace(/\\"/g, '"'), described: document.getElementById(b.getAttribute('aria-describedby'))?.textContent, name: b.getAttribute('aria-label') };
  });
}

test('the summary opens the results in words, every metric explains itself, statistics wait in Advanced', async () => {
  const { context, page, errors } = await openPage(env.site.url);
  try {
    await ready(page);
    await page.click('#demo-button');
    await page.waitForSelector('#fit-section:not([hidden])');
    const [first, last] = await coverageDates(page);
    // A search large enough to find several equally good models.
    await useRidge(page);
    await page.fill('#iterations', '3000');
    await page.click('#fit-button');
    await waitDone(page, 120000);
    const over = `over ${first} to ${last}`;

    // The channel table, as the user reads it.
    const head = await texts(page, '#channel-table thead th');
    const rows = await page.$$eval('#channel-table tbody tr', (r) => r.slice(0, 5).map((x) => [...x.children].map((c) => c.textContent)));
    const roiAt = head.indexOf('ROI');
    const marginalAt = head.indexOf('marginal ROI');
    assert.ok(roiAt > 0 && marginalAt > 0, `columns: ${head}`);
    const roi = Object.fromEntries(rows.map((r) => [r[0], num(r[roiAt])]));
    const marginal = Object.fromEntries(rows.map((r) => [r[0], num(r[marginalAt])]));
    const best = Object.keys(roi).reduce((a, b) => (roi[b] > roi[a] ? b : a));
    const worst = Object.keys(roi).reduce((a, b) => (roi[b] < roi[a] ? b : a));
    // The table says which period and kind of return it shows.
    assert.equal(await page.textContent('#channel-table caption'), `Over the whole period, ${first} to ${last}: ROI is the average return per 1 spent; marginal ROI what the next 1 spent returns at the channel's average spend.`);

    // The summary: what paid media brought over the period, best and least, in the same numbers.
    assert.equal(await page.isVisible('#exec-summary'), true);
    const headline = await page.textContent('#summary-headline');
    assert.match(headline, new RegExp(`^Paid media brought [\\d,]+ of [\\d,]+ revenue \\(\\d+\\.\\d %\\) ${over} \\(\\d+ weeks\\)\\. The highest return per 1 spent came from ${best}, the lowest from ${worst}\\.$`));
    const points = await texts(page, '#summary-points li');
    const top = points[0].match(new RegExp(`^Highest return: (\\w+) returned (\\d+\\.\\d\\d) per 1 spent \\(90 %: (\\d+\\.\\d\\d)–(\\d+\\.\\d\\d)\\), ${over}\\.$`));
    assert.ok(top, points[0]);
    assert.equal(top[1], best);
    assert.ok(Math.abs(Number(top[2]) - roi[best]) <= 0.0051, `${top[2]} vs the table's ${roi[best]}`);
    assert.ok(Number(top[3]) <= Number(top[2]) && Number(top[2]) <= Number(top[4]));
    assert.match(points[1], new RegExp(`^Lowest return: ${worst} returned \\d+\\.\\d\\d per 1 spent`));
    // Marginal return named as such, for each channel of the table (at today's spend, the
    // plan's, checked against the plan table below; the table's is at the average spend).
    // When the two channels' intervals overlap, the summary says so next.
    let next = 2;
    if (points[2].startsWith('Their intervals overlap')) {
      assert.match(points[2], new RegExp(`^Their intervals overlap \\(${best}'s reaches down to \\d+\\.\\d\\d, ${worst}'s up to \\d+\\.\\d\\d\\): these data do not settle which of the two returns more\\.$`));
      next = 3;
    }
    const m = points[next].match(/^Marginal return at today's spend \(the mean of the last 52 weeks; what the next 1 spent returns\): (.*)\.$/);
    assert.ok(m, points[next]);
    const listed = Object.fromEntries(m[1].split(', ').map((p) => { const [n, v] = p.split(' '); return [n, Number(v)]; }));
    assert.deepEqual(Object.keys(listed).sort(), Object.keys(marginal).sort());
    // The least certain channel is named; which test to run is left to the test ranking, which
    // the summary does not run (it named another channel than the 'Test next' panel did).
    const least = points.find((p) => p.startsWith('Least certain: '));
    assert.ok(least, points.join('\n'));
    assert.match(least, /^Least certain: (\w+) \(its 90 % interval spans [\d.]+ % of its return\)\.$/);
    // (This fit is the ridge search's: the ranking needs a posterior, and the summary says so.)
    assert.ok(points.includes('Ranking the lift tests by what each would add to the budget plan needs a Bayesian fit: the test design reads its posterior.'), points.join('\n'));
    assert.ok(!points.some((p) => /a lift test of \w+ .*would narrow/.test(p)), points.join('\n'));

    // Every metric has a help marker; its line shows on keyboard focus and on hover.
    const markers = await page.$$eval('#results-section .help', (b) => b.filter((x) => x.offsetParent !== null).map((x) => x.dataset.help));
    for (const key of ['r2', 'mape', 'spend', 'contribution', 'roi', 'searchInterval', 'truth', 'spendShare', 'effectShare', 'marginal', 'carryover']) assert.ok(markers.includes(key), `a visible marker for ${key}: ${markers}`);
    const roiHelp = '#channel-table th button.help[data-help="roi"]';
    assert.equal((await tipOf(page, roiHelp)).visible, false, 'hidden until asked for');
    // Tab from the marker before it: the markers are in the keyboard order.
    await page.focus('#channel-table th button.help[data-help="contribution"]');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.help), 'roi');
    const focused = await tipOf(page, roiHelp);
    const roiLine = 'Return per 1 spent: the revenue the model gives this channel divided by its spend, averaged over the whole period of the data.';
    assert.deepEqual(focused, { visible: true, text: roiLine, described: roiLine, name: 'What is ROI?' });
    await page.keyboard.press('Tab');
    assert.equal((await tipOf(page, roiHelp)).visible, false, 'gone when focus moves on');
    await page.hover('#metrics button.help[data-help="mape"]');
    assert.match((await tipOf(page, '#metrics button.help[data-help="mape"]')).text, /^MAPE: the model's typical error per period/);
    assert.equal((await tipOf(page, '#metrics button.help[data-help="mape"]')).visible, true, 'on hover too');
    await shot(page, 'words-01-summary-and-help.png');

    // Statistics are in Advanced, collapsed: none of their words shows until it is opened.
    assert.equal(await page.$eval('#advanced', (d) => d.open), false);
    const shown = await page.$eval('#results-section', (s) => s.innerText);
    for (const word of ['NRMSE', 'DECOMP.RSSD', 'θ', 'α', 'γ', 'Pareto', 'candidate', 'trials', 'seed', 'R-hat', 'likelihood ratio', 'adjusted R²']) {
      assert.ok(!shown.includes(word), `'${word}' is not shown before Advanced is opened`);
    }
    await page.focus('#advanced > summary');
    await page.keyboard.press('Enter');
    assert.equal(await page.$eval('#advanced', (d) => d.open), true);
    const advanced = await page.$eval('#advanced', (s) => s.innerText);
    for (const word of ['NRMSE', 'DECOMP.RSSD', 'θ', 'Pareto front', 'candidate models in', 'trials (seed 1)', 'profile-likelihood intervals']) assert.ok(advanced.includes(word), `Advanced shows '${word}'`);
    assert.match((await tipOf(page, '#advanced-metrics button.help[data-help="nrmse"]')).described, /^NRMSE: the typical error per period divided by the range of the KPI/);
    assert.equal(await page.isVisible('#chart-pareto'), true);

    // The plan: its table says the period and kind of each return; the summary gains the plan's
    // cautious and expected gain, the same figures as the plan's own line.
    await page.click('#plan-button');
    await page.waitForSelector('#plan-table tbody tr');
    const planHead = await texts(page, '#plan-table thead th');
    for (const h of ['avg ROAS now, last 52', 'avg ROAS planned', 'marginal ROI now', 'marginal ROI planned']) assert.ok(planHead.includes(h), `plan columns: ${planHead}`);
    // The summary's marginal returns are the plan's at today's spend.
    const planRows = await page.$$eval('#plan-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    const nowAt = planHead.indexOf('marginal ROI now');
    for (const [n, v] of Object.entries(listed)) {
      const row = planRows.find((r) => r[0] === n || r[0].startsWith(`${n} (`));
      assert.ok(row && Math.abs(v - num(row[nowAt])) <= 0.0051, `${n}: ${v} vs the plan's ${row && row[nowAt]}`);
    }
    await page.focus('#plan-table th button.help[data-help="planAvg"]');
    const planTip = await tipOf(page, '#plan-table th button.help[data-help="planAvg"]');
    assert.equal(planTip.visible, true);
    assert.equal(planTip.name, 'What is avg ROAS now, last 52?');
    assert.match(planTip.text, /over the planning window \(the last periods\)\. The results' ROI averages the whole period instead, so the two differ\.$/);
    // The plan's headline figures, each "+1,234 (+5.2%)": the expected and the cautious share.
    const shareIn = async (id) => Number((await page.textContent(`${id} .plan-figure-value`)).match(/\(([+-][\d.]+)%\)$/)[1]);
    const sure = [null, await shareIn('#plan-expected'), await shareIn('#plan-cautious')];
    await page.waitForFunction(() => [...document.querySelectorAll('#summary-points li')].some((l) => l.textContent.startsWith('The best split of')));
    const planPoint = (await texts(page, '#summary-points li')).find((t) => t.startsWith('The best split of'));
    const p = planPoint.match(/^The best split of [\d,]+ per period \(now [\d,]+\): the media contribution to revenue changes by ([+−]?[\d.]+) % \([+−]?[\d,]+ per period\) at the low end of the model's 90 % interval and ([+−]?[\d.]+) % \([+−]?[\d,]+ per period\) expected; it beats the current split with probability [01]\.\d\d\. Both assume the model's curve shapes: move in steps, or test before a large shift\.$/);
    assert.ok(p, planPoint);
    assert.equal(num(p[1]), Number(sure[2]), 'the cautious figure');
    assert.equal(num(p[2]), Number(sure[1]), 'the expected figure');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a Bayesian fit words each return with its 90 % interval; convergence waits in Advanced', async () => {
  const { context, page, errors } = await openPage(env.site.url);
  try {
    await ready(page);
    await page.click('#demo-button');
    await page.waitForSelector('#fit-section:not([hidden])');
    const [first, last] = await coverageDates(page);
    await useBayes(page, { chains: 2, draws: 100, tune: 100 });
    await page.click('#fit-button');
    await waitDone(page, 120000);
    const head = await texts(page, '#channel-table thead th');
    const rows = await page.$$eval('#channel-table tbody tr', (r) => r.slice(0, 5).map((x) => [...x.children].map((c) => c.textContent)));
    const at = head.indexOf('ROI 90 % interval');
    assert.ok(at > 0, `columns: ${head}`);
    assert.match(await page.textContent('#model-summary'), /Bayesian posterior: each figure is the median over 200 draws\.$/);
    const points = await texts(page, '#summary-points li');
    const top = points[0].match(new RegExp(`^Highest return: (\\w+) returned (\\d+\\.\\d\\d) per 1 spent \\(90 %: (\\d+\\.\\d\\d)–(\\d+\\.\\d\\d)\\), over ${first} to ${last}\\.$`));
    assert.ok(top, points[0]);
    // The interval is the table's.
    const row = rows.find((r) => r[0] === top[1]);
    const [lo, hi] = row[at].split('–').map(num);
    assert.ok(Math.abs(lo - Number(top[3])) <= 0.0051 && Math.abs(hi - Number(top[4])) <= 0.0051, `${row[at]} vs ${top[3]}–${top[4]}`);
    assert.match(points.find((p) => p.startsWith('Least certain: ')), /^Least certain: \w+ \(its 90 % interval spans [\d.]+ % of its return\)\.$/);
    assert.equal(await page.isVisible('#diagnostics'), false, 'R-hat and effective draws wait in Advanced');
    assert.ok(!(await page.$eval('#results-section', (s) => s.innerText)).includes('R-hat'));
    await page.click('#advanced > summary');
    assert.match(await page.textContent('#diagnostics'), /^2 chains × 100 draws \(after 100 tuning sweeps\), R-hat \d\.\d{3}/);
    assert.match((await tipOf(page, '#diagnostics button.help')).described, /^Convergence: several chains of draws/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a reopened alternative Pareto model says exactly what it is, never "Recommended"', async () => {
  const { context, page, errors } = await openPage(env.site.url);
  try {
    await ready(page);
    await fitDemo(page);
    assert.match(await page.textContent('#model-summary'), /Recommended model: /);
    await page.click('#advanced > summary');
    const options = await page.$$eval('#pareto-select option', (o) => o.map((x) => x.value));
    const pick = options[options.length - 1];
    const k = Number(pick) + 1;
    await page.selectOption('#pareto-select', pick);
    const label = `Alternative Pareto model ${k}, chosen by hand; not the recommended one.`;
    await page.waitForFunction((l) => document.getElementById('model-summary').textContent.endsWith(l), label);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-model')]);
    const path = join(artifacts, 'words-alternative-MODEL.json');
    await download.saveAs(path);

    await page.reload();
    await ready(page);
    await page.setInputFiles('#model-input', path);
    await page.waitForSelector('#results-section:not([hidden])');
    const summary = await page.textContent('#model-summary');
    assert.ok(summary.endsWith(label), summary);
    assert.ok(!/Recommended/.test(summary));
    assert.match(await page.textContent('#summary-headline'), /^Paid media brought /);
    await page.click('#advanced > summary');
    assert.equal(await page.inputValue('#pareto-select'), pick, 'the list shows the model the file holds');
    const rec = await page.$eval('#pareto-select option[value="recommended"]', (o) => ({ text: o.textContent, disabled: o.disabled }));
    assert.deepEqual(rec, { text: `Recommended: not in this file (it holds Pareto model ${k}); refit to see it`, disabled: true });
    assert.equal(await page.textContent('#status'), 'Opened words-alternative-MODEL.json: results and plans without refitting.');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the printed report: title, data set, date range, the summary and the plan; no empty Load heading', async () => {
  const { context, page, errors } = await openPage(env.site.url);
  try {
    await ready(page);
    await page.click('#demo-button');
    await page.waitForSelector('#fit-section:not([hidden])');
    const [first, last] = await coverageDates(page);
    await useRidge(page);
    await page.fill('#iterations', '1000');
    await page.click('#fit-button');
    await waitDone(page, 60000);
    await page.click('#plan-button');
    await page.waitForSelector('#plan-table tbody tr');
    assert.equal(await page.isVisible('#print-head'), false, 'the report heading is for print only');

    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    assert.equal(await page.textContent('#print-head h1'), 'MixLens report');
    assert.equal(await page.isVisible('#print-head'), true);
    assert.equal(await page.textContent('#print-dataset'), 'Data: Demo data (simulated, true ROIs known)');
    assert.equal(await page.textContent('#print-range'), `${first} to ${last} (156 periods)`);
    assert.match(await page.textContent('#print-date'), /^printed \d{4}-\d\d-\d\d$/);
    assert.equal(await page.isVisible('#load-title'), false, 'no empty "1 Load data" heading');
    assert.equal(await page.isVisible('#fit-title'), false);
    assert.equal(await page.isVisible('#summary-headline'), true, 'the summary is printed');
    assert.ok((await texts(page, '#summary-points li')).some((t) => t.startsWith('The best split of')), 'with the plan');
    for (const id of ['#plan-summary', '#plan-table', '#chart-roi', '#chart-fit']) assert.equal(await page.isVisible(id), true, `${id} is printed`);
    assert.equal(await page.isVisible('#advanced'), false, 'the statistics are left to the screen');
    const printed = await page.evaluate(() => document.body.innerText);
    assert.ok(printed.startsWith('MixLens report\n'), printed.slice(0, 80));
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    await writeFile(join(artifacts, 'words-report.pdf'), pdf);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.equal((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length, 1, 'one page, the summary included');
    await page.screenshot({ path: join(artifacts, 'words-03-print.png'), fullPage: true });
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    await page.emulateMedia({ media: 'screen' });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("PyMC-Marketing's example: x1 and x2 taken as media by their values, page words only, a working default plan", async () => {
  const { context, page, errors } = await openPage(env.site.url);
  const noFlag = async () => assert.ok(!/(^|\s|\()--[a-z]/.test(await page.evaluate(() => document.body.innerText)), 'no command-line flag on the page');
  try {
    await ready(page);
    await page.setInputFiles('#file-input', join(root, 'tests', 'data', 'pymc_mmm_example.csv'));
    await page.waitForSelector('#fit-section:not([hidden])');
    const roles = await page.$$eval('#preview thead select', (s) => Object.fromEntries(s.map((x) => [x.dataset.column, x.value])));
    assert.deepEqual(roles, { date_week: 'date', y: 'kpi_revenue', x1: 'media', x2: 'media', event_1: 'control', event_2: 'control', dayofyear: 'ignored', t: 'ignored' });
    assert.ok((await texts(page, '#warnings li')).includes("No column is named like spend, so 'x1' and 'x2' were taken as paid media spend: their values look like spend. Check that they are paid media, and change any column's role if not."));
    await noFlag();

    // Without paid media, the page says what to do in its own words.
    for (const col of ['x1', 'x2']) {
      await page.$eval(`#preview thead select[data-column="${col}"]`, (s) => { s.dataset.old = '1'; });
      await page.selectOption(`#preview thead select[data-column="${col}"]`, 'control');
      await page.waitForFunction((c) => { const s = document.querySelector(`#preview thead select[data-column="${c}"]`); return s && !s.dataset.old; }, col);
    }
    await page.waitForSelector('#load-error:not([hidden])');
    assert.equal(await page.textContent('#load-error'), "No paid media spend columns were found. Name spend columns like 'tv_spend' or 'tv_S', or choose which columns are paid media spend.In the table below, set the menu above each paid media spend column to \"paid media spend\".");
    await noFlag();
    await shot(page, 'words-04-pymc-no-media.png');
    for (const col of ['x1', 'x2']) {
      await page.$eval(`#preview thead select[data-column="${col}"]`, (s) => { s.dataset.old = '1'; });
      await page.selectOption(`#preview thead select[data-column="${col}"]`, 'media');
      await page.waitForFunction((c) => { const s = document.querySelector(`#preview thead select[data-column="${c}"]`); return s && !s.dataset.old; }, col);
    }
    await page.waitForSelector('#fit-section:not([hidden])');
    assert.equal(await page.isHidden('#load-error'), true);

    await useRidge(page);
    await page.fill('#iterations', '300');
    await page.fill('#trials', '2');
    await page.click('#fit-button');
    await waitDone(page, 60000);
    // Current spend is the mean of the last 52 weeks: x1 0.24533…, x2 0.12061… (by hand from
    // the file); the budget is their sum, 0.36594… → 0.366, and the sliders show 0.25 and 0.12.
    assert.equal(await page.inputValue('#budget'), '0.366');
    assert.deepEqual(await texts(page, '#whatif-sliders output'), ['0.25', '0.12']);
    await page.click('#plan-button');
    await page.waitForSelector('#plan-table tbody tr');
    assert.equal(await page.isHidden('#plan-error'), true, await page.textContent('#plan-error'));
    assert.match(await page.textContent('#plan-summary'), /^Best split of 0\.37 per week/);
    await noFlag();
    await shot(page, 'words-05-pymc-plan.png');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
