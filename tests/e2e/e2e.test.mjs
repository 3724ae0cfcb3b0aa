// End-to-end tests of the page in Debian's Chromium, driven by playwright-core (`make test-e2e`).
// Screenshots are written to tests/e2e/artifacts/.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serve } from './serve.mjs';
import { env, useBrowser, root, artifacts, openPage, ready, chartsWithData, shot, useRidge, useBayes, waitDone, fitDemo } from './helpers.mjs';

useBrowser();

test('the whole flow works offline and no request leaves the origin', async () => {
  const { context, page, requests, errors } = await openPage(env.site.url);
  try {
  await ready(page);
  await shot(page, '01-loaded.png');
  const origin = new URL(env.site.url).origin;
  assert.deepEqual(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')), [], 'only same-origin requests while loading');
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /default-src 'self'/);
  assert.match(await page.textContent('#privacy'), /nothing is uploaded/i);

  // Once loaded, nothing is fetched: the rest of the flow runs with the network off.
  const loadedCount = requests.length;
  await context.setOffline(true);

  await page.click('#demo-button');
  await page.waitForSelector('#fit-section:not([hidden])');
  assert.match(await page.textContent('#coverage'), /156 weekly periods/);
  const headers = await page.$$eval('#preview thead select', (s) => s.map((x) => x.value));
  assert.deepEqual(headers, ['date', 'kpi_revenue', 'media', 'media', 'media', 'media', 'media', 'organic', 'control', 'control']);
  await shot(page, '02-demo-loaded.png');

  // 2,000 per trial: with 1,000 the corrected likelihood cut-off leaves no other model about as good, so no range.
  await useRidge(page);
  await page.fill('#iterations', '2000');
  await page.click('#fit-button');
  await waitDone(page, 60000);
  const charts = await chartsWithData(page, ['chart-fit', 'chart-contrib', 'chart-shares', 'chart-waterfall', 'chart-curves', 'chart-decay', 'chart-pareto']);
  assert.deepEqual(charts.filter(([, ok]) => !ok), [], 'every results chart holds data');
  const rows = await page.$$eval('#channel-table tbody tr', (r) => r.map((x) => [...x.children].map((c) => c.textContent)));
  assert.equal(rows.length, 6, 'five channels and the organic variable');
  assert.deepEqual(rows.slice(0, 5).map((r) => r[0]), ['tv', 'search', 'social', 'radio', 'display']);
  const truthColumn = await page.$$eval('#channel-table thead th', (h) => h.map((x) => x.textContent));
  assert.ok(truthColumn.includes('true ROI'), 'the demo shows the true ROIs beside the estimates');
  // Each ROI comes with its 90 % interval ("1.41–1.72"), and the estimate lies inside it.
  const roiAt = truthColumn.indexOf('ROI');
  const rangeAt = truthColumn.indexOf('ROI 90 % interval');
  assert.ok(await page.isVisible('#search-interval-hint'), 'the ridge search\'s interval is explained');
  assert.ok(!(await page.isVisible('#range-hint')) && !(await page.isVisible('#interval-hint')));
  assert.equal(rangeAt, roiAt + 1, `columns: ${truthColumn}`);
  for (const r of rows.slice(0, 5)) {
    const [lo, hi] = r[rangeAt].replace(/[^0-9.–]/g, '').split('–').map(Number);
    const roi = Number(r[roiAt].replace(/,/g, ''));
    assert.ok(lo <= roi && roi <= hi, `${r[0]}: ROI ${r[roiAt]}, range ${r[rangeAt]}`);
  }
  await shot(page, '03-results.png');

  // The Pareto front switches the model shown, and back. (Pick a Pareto model other than the
  // recommended one: the far end of the front; the front is under Advanced.)
  await page.click('#advanced > summary');
  const before = await page.textContent('#model-summary');
  const last = await page.$$eval('#pareto-select option', (o) => o[o.length - 1].value);
  await page.selectOption('#pareto-select', last);
  await page.waitForFunction((b) => document.getElementById('model-summary').textContent !== b, before);
  assert.match(await page.textContent('#model-summary'), /Alternative Pareto model \d+, chosen by hand; not the recommended one\.$/);
  await page.selectOption('#pareto-select', 'recommended');
  await page.waitForFunction(() => /Recommended/.test(document.getElementById('model-summary').textContent));

  // Allocate.
  await page.click('#plan-button');
  await page.waitForSelector('#plan-table tbody tr');
  const planRows = await page.$$eval('#plan-table tbody tr', (r) => r.length);
  assert.equal(planRows, 6, 'five channels and the total');
  assert.match(await page.textContent('#plan-summary'), /Best split of .* per week/);
  // How sure the uplift is: the plan evaluated under each of the model's draws; the cautious
  // figure beside the expected one.
  assert.match(await page.textContent('#plan-expected'), /^Expected[+−][\d,]+ \([+-][\d.]+%\)revenue per week$/);
  assert.match(await page.textContent('#plan-cautious'), /^Cautious \(low end of the 90 % interval\)[+−][\d,]+ \([+-][\d.]+%\)revenue per week\. At best [+−][\d,]+$/);
  assert.match(await page.textContent('#plan-sure'), /^(?:\S+: the model reads .+? an S-shaped curve, .+? test it (?:at the planned spend )?first\. )*The plan beats the current split with probability [01]\.\d\d\. Both figures assume the model.s curve shapes: move in steps, or test before a large shift\.$/);
  assert.deepEqual((await chartsWithData(page, ['chart-plan', 'chart-whatif'])).filter(([, ok]) => !ok), []);
  const planned = await page.$$eval('#plan-table tbody tr', (r) => r.slice(0, 5).map((x) => Number(x.children[2].textContent.replace(/[^0-9.]/g, ''))));
  const budget = Number(await page.inputValue('#budget'));
  const total = planned.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(total - budget) <= 5, `planned spends add up to the budget (${total} vs ${budget}, rounded per channel)`);
  await shot(page, '04-plan.png');

  // The printable report is one A4 page (charts redrawn at print size on beforeprint).
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  await writeFile(join(artifacts, 'report.pdf'), pdf);
  assert.equal((pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length, 1, 'a one-page report');
  await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  await page.emulateMedia({ media: 'screen' });

  // What-if: moving a slider updates the totals and the curve markers.
  const summaryBefore = await page.textContent('#whatif-summary');
  const slider = page.locator('#whatif-sliders input').first();
  await slider.evaluate((s) => { s.value = String(Number(s.max) * 0.9); s.dispatchEvent(new Event('input', { bubbles: true })); });
  const summaryAfter = await page.textContent('#whatif-summary');
  assert.notEqual(summaryAfter, summaryBefore);
  assert.match(summaryAfter, /Under the model's draws: [+-][\d.]+% expected \(cautious [+-][\d.]+%, at best [+-][\d.]+%, 90 % interval\); responds more than the current spends with probability [01]\.\d\d, for .+? spend per week\.( Beyond the spends .+)?$/);
  // A channel set beyond the spends it ran at is named (the CLI's note), and only then.
  const far = await page.evaluate(() => window.__mixlens.lastWhatIf.channels.filter((c) => c.ran_at && c.scenario_spend !== c.current_spend && c.scenario_spend > c.ran_at[1]).map((c) => c.name));
  if (far.length) assert.ok(summaryAfter.endsWith(` Beyond the spends ${far.join(', ')} ran at in 90% of the periods: there the curve${far.length > 1 ? 's are' : ' is'} the model's guess.`), summaryAfter);
  else assert.ok(!summaryAfter.includes('Beyond the spends'), summaryAfter);
  await slider.evaluate((s) => { s.value = s.max; s.dispatchEvent(new Event('input', { bubbles: true })); });
  const top = await page.evaluate(() => window.__mixlens.lastWhatIf.channels.find((c) => c.scenario_spend > c.current_spend));
  assert.ok(top.ran_at && top.scenario_spend > top.ran_at[1], `3 times the current spend, ${top.scenario_spend}, lies beyond ${top.ran_at}`);
  assert.match(await page.textContent('#whatif-summary'), new RegExp(`Beyond the spends ${top.name} ran at in 90% of the periods: there the curve is the model's guess\\.$`));
  const ms = await page.evaluate(() => window.__mixlens.lastWhatIfMs);
  assert.ok(Number.isFinite(ms));
  // The markers lie on the curve drawn (the plans' curve, the mean over the draws; the point
  // estimate's curve passed above or below them): the slider put on a spend of the curve's
  // grid, the "what if" marker is the curve's point there.
  const name = await slider.getAttribute('data-channel');
  const curveAt = () => page.evaluate((name) => {
    // One small chart per channel: the one whose curve is this channel's.
    const chart = document.getElementById('chart-whatif').__multiples.charts.find((c) => c.data.datasets[0].label === name);
    const set = (label) => chart.data.datasets.find((d) => d.label === label).data;
    return { curve: set(name), marker: set(`${name}: what if`)[0], now: set(`${name}: now`)[0] };
  }, name);
  const { curve } = await curveAt();
  const max = Number(await slider.getAttribute('max'));
  const grid = curve.filter((p) => p.x > 0 && p.x <= max);
  const pick = grid[Math.floor(grid.length / 2)];
  await slider.evaluate((s, x) => { s.value = String(x); s.dispatchEvent(new Event('input', { bubbles: true })); }, pick.x);
  const after = await curveAt();
  // (The range input keeps about 17 significant digits of the spend.)
  assert.ok(Math.abs(after.marker.x - pick.x) <= 1e-12 * pick.x, `${after.marker.x} at ${pick.x}`);
  const drawn = after.curve.find((p) => p.x === pick.x);
  assert.ok(Math.abs(after.marker.y - drawn.y) <= 1e-9 * Math.abs(drawn.y), `${after.marker.y} on ${drawn.y}`);

  // Export the model, the tables and a chart.
  const [modelDownload] = await Promise.all([page.waitForEvent('download'), page.click('#export-model')]);
  const modelPath = join(artifacts, 'MODEL.json');
  await modelDownload.saveAs(modelPath);
  const model = JSON.parse(await readFile(modelPath, 'utf8'));
  assert.equal(model.schema_version, 2);
  for (const [id, check] of [['#export-channels', /^channel,kind,spend/], ['#export-decomposition', /^date,actual,fitted,holdout/], ['#export-plan', /^channel,current_spend,optimal_spend/]]) {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(id)]);
    const p = join(artifacts, d.suggestedFilename());
    await d.saveAs(p);
    assert.match(await readFile(p, 'utf8'), check, id);
  }
  const [png] = await Promise.all([page.waitForEvent('download'), page.click('button.png[data-chart="shares"]')]);
  await png.saveAs(join(artifacts, png.suggestedFilename()));
  const head = (await readFile(join(artifacts, png.suggestedFilename()))).subarray(0, 8);
  assert.deepEqual([...head], [137, 80, 78, 71, 13, 10, 26, 10], 'a PNG file');

  // A broken file: the error names row and column, the cell is highlighted.
  await page.setInputFiles('#file-input', { name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from('date,revenue,tv_spend,search_spend\n2024-01-01,100,10,5\n2024-01-08,120,-4,6\n2024-01-15,130,20,4\n') });
  await page.waitForSelector('#load-error:not([hidden])');
  const message = await page.textContent('#load-error');
  assert.match(message, /Row 3 \(2024-01-08\), column 'tv_spend': spend is negative/);
  assert.equal(await page.$$eval('#preview td.bad', (c) => c.map((x) => x.textContent).join()), '-4');
  assert.equal(await page.isHidden('#fit-section'), true, 'no fit until the file is fixed');
  await shot(page, '05-broken-csv.png');

  assert.equal(requests.length, loadedCount, `no request after loading: ${requests.slice(loadedCount).join(', ')}`);
  assert.deepEqual(errors, []);

  // Reload (online), open the saved model: everything shows without refitting.
  await context.setOffline(false);
  await page.reload();
  await ready(page);
  await page.setInputFiles('#model-input', modelPath);
  await page.waitForSelector('#results-section:not([hidden])');
  const reopened = await page.$$eval('#channel-table tbody tr', (r) => r.map((x) => [...x.children].map((c) => c.textContent)));
  assert.deepEqual(reopened.map((r) => r.slice(0, 4)), rows.map((r) => r.slice(0, 4)), 'the same figures, no refit');
  assert.equal(await page.textContent('#progress-text'), '');
  assert.deepEqual((await chartsWithData(page, ['chart-fit', 'chart-contrib', 'chart-curves', 'chart-pareto'])).filter(([, ok]) => !ok), []);
  await page.click('#plan-button');
  await page.waitForSelector('#plan-table tbody tr');
  } finally {
    await context.close();
  }
});

test("Robyn's demo file: each channel's range, and wide ones marked and explained once", async () => {
  const { context, page } = await openPage(env.site.url);
  try {
  await ready(page);
  await page.setInputFiles('#file-input', join(root, 'tests', 'data', 'robyn_dt_simulated_weekly.csv'));
  await page.waitForSelector('#fit-section:not([hidden])');
  await useRidge(page);
  await page.fill('#iterations', '1500');
  await page.click('#fit-button');
  await waitDone(page, 60000);
  const head = await page.$$eval('#channel-table thead th', (h) => h.map((x) => x.textContent));
  const rows = await page.$$eval('#channel-table tbody tr', (r) => r.map((x) => [...x.children].map((c) => c.textContent)));
  assert.deepEqual(rows.slice(0, 5).map((r) => r[0]), ['tv', 'ooh', 'print', 'search', 'facebook']);
  const rangeAt = head.indexOf('ROI 90 % interval');
  assert.ok(rangeAt > 0, `columns: ${head}`);
  const marked = rows.slice(0, 5).filter((r) => r[rangeAt].endsWith('⚠')).map((r) => r[0]);
  const details = await page.$$eval('#result-warnings details p', (p) => p.map((x) => x.textContent));
  const single = await page.$$eval('#result-warnings > p', (p) => p.map((x) => x.textContent).filter((t) => t.startsWith('The data does not pin down')));
  // A channel shown without effect is marked too, and explained in its own line.
  const noEffect = await page.$$eval('#result-warnings > p.no-effect', (p) => p.map((x) => x.textContent));
  const explained = [...details, ...single, ...noEffect].map((t) => t.match(/'([^']+)'/)[1]);
  assert.ok(marked.length >= 1, `noisy data leaves some ROI wide open: ${rows.map((r) => r[rangeAt])}`);
  assert.deepEqual(explained.sort(), [...marked].sort(), 'every marked channel is explained, and only those');
  const wide = marked.length - noEffect.length;
  if (wide > 1) {
    assert.equal(single.length, 0);
    assert.match(await page.textContent('#result-warnings summary'), new RegExp(`of ${wide} ${noEffect.length ? 'more ' : ''}channels \\(marked ⚠ in the table`));
  }
  } finally {
    await context.close();
  }
});

test("Robyn's demo without delayed lags: ooh, shown without effect, is said first to be a channel the data cannot tell about", async () => {
  // The Bayesian fit with geometric decays only (`mixlens fit --delayed-lags 0`; the page's
  // "Delayed lags" box unticked) puts ooh (62 % of spend, off in 123 of 208 weeks) at a posterior
  // median of 0: in 54 % of the draws it has no effect; its interval reaches 3.21. (With the
  // default delayed lags it reads 0.40, 0–2.70.)
  const { context, page } = await openPage(env.site.url);
  try {
  await ready(page);
  await page.setInputFiles('#file-input', join(root, 'tests', 'data', 'robyn_dt_simulated_weekly.csv'));
  await page.waitForSelector('#fit-section:not([hidden])');
  assert.equal(await page.isChecked('#delayed-lags'), true);
  await page.uncheck('#delayed-lags');
  await page.click('#fit-button');
  await waitDone(page, 120000);
  const first = await page.$eval('#result-warnings > p', (p) => ({ text: p.textContent, cls: p.className }));
  assert.equal(first.cls, 'no-effect');
  assert.equal(first.text, "⚠ The data cannot tell whether 'ooh' works: this model shows no effect (in about 54 % of its draws the channel has none, so their median is 0), but its 90 % interval reaches an ROI of 3.21 (the paid channels average 2.66). Do not cut it on this number alone: a lift test or a planned pause shows whether it pays.");
  // The other channels with wide intervals are folded, counted apart from ooh.
  const folded = await page.$$eval('#result-warnings details p', (p) => p.length);
  if (folded > 1) assert.match(await page.textContent('#result-warnings summary'), new RegExp(`of ${folded} more channels \\(marked ⚠ in the table, like the one above\\)`));
  const head = await page.$$eval('#channel-table thead th', (h) => h.map((x) => x.textContent));
  const rows = await page.$$eval('#channel-table tbody tr', (r) => r.map((x) => [...x.children].map((c) => c.textContent)));
  const ooh = rows.find((r) => r[0] === 'ooh');
  const at = head.findIndex((h) => h.startsWith('ROI 90 % interval'));
  assert.ok(at > 0, `columns: ${head}`);
  assert.ok(ooh[at].endsWith('⚠'), `ooh's interval is marked: ${ooh[at]}`);
  } finally {
    await context.close();
  }
});

test('a conversions KPI: CPAs, their ranges, a one-sided bound and a target CPA all come from the core', async () => {
  const { context, page, errors } = await openPage(env.site.url);
  try {
  await ready(page);
  await page.click('#demo-button');
  await page.waitForSelector('#fit-section:not([hidden])');
  // The preview is drawn again from the core's answer to the new roles.
  const kpi = '#preview thead select[data-column="revenue"]';
  await page.$eval(kpi, (s) => { s.dataset.old = '1'; });
  await page.selectOption(kpi, 'kpi_conversions');
  await page.waitForFunction((sel) => { const s = document.querySelector(sel); return s && !s.dataset.old && s.value === 'kpi_conversions'; }, kpi);
  await useRidge(page);
  await page.fill('#iterations', '600');
  await page.click('#fit-button');
  await waitDone(page, 60000);
  const head = await page.$$eval('#channel-table thead th', (h) => h.map((x) => x.textContent));
  for (const h of ['CPA', 'CPA 90 % interval', 'true CPA', 'marginal CPA']) assert.ok(head.includes(h), `columns: ${head}`);
  const rows = await page.$$eval('#channel-table tbody tr', (r) => r.slice(0, 5).map((x) => [...x.children].map((c) => c.textContent)));
  const num = (t) => Number(t.replace(/[^0-9.]/g, ''));
  for (const r of rows) {
    const span = r[head.indexOf('CPA 90 % interval')];
    const [lo, hi] = span.endsWith(' or more') ? [span.replace(/[^0-9.]/g, ''), '∞'] : span.replace(/[^0-9.–]/g, '').split('–');
    const cpa = num(r[head.indexOf('CPA')]);
    assert.ok(Number(lo) <= cpa && (hi === '∞' || cpa <= Number(hi)), `${r[0]}: CPA ${cpa}, range ${lo}–${hi}`);
    assert.ok(num(r[head.indexOf('true CPA')]) > 0 && num(r[head.indexOf('marginal CPA')]) > 0, r.join(' | '));
  }
  // A floor for one channel only: its ceiling comes from the relative bounds.
  await page.click('#plan-button');
  await page.waitForSelector('#plan-table tbody tr');
  const first = await page.$eval('#bounds-table tbody tr', (tr) => ({ name: tr.children[0].textContent, current: Number(tr.children[1].textContent.replace(/[^0-9.]/g, '')) }));
  const floor = Math.round(1.5 * first.current);
  await page.fill(`#bounds-table input[data-channel="${first.name}"][data-bound="low"]`, String(floor));
  await page.click('#plan-button');
  await page.waitForFunction((f) => { const r = document.querySelector('#plan-table tbody tr'); return r && Number(r.children[2].textContent.replace(/[^0-9.]/g, '')) >= f - 1; }, floor);
  const planHead = await page.$$eval('#plan-table thead th', (h) => h.map((x) => x.textContent));
  assert.ok(planHead.includes('avg CPA now, last 52') && planHead.includes('marginal CPA planned'), `plan columns: ${planHead}`);
  const total = await page.$eval('#plan-table tbody tr:last-child', (tr) => [...tr.children].map((c) => c.textContent));
  assert.ok(num(total[6]) > 0 && num(total[7]) > 0, `total CPAs: ${total}`);
  // A target CPA starts from the core's default, and the plan meets it (without the floor).
  await page.fill(`#bounds-table input[data-channel="${first.name}"][data-bound="low"]`, '');
  await page.selectOption('#goal', 'target_cpa');
  const target = Number(await page.inputValue('#target'));
  assert.ok(target > 0, `default target CPA: ${target}`);
  await page.click('#plan-button');
  await page.waitForFunction(() => /Largest budget meeting the target/.test(document.getElementById('plan-summary').textContent) || !document.getElementById('plan-error').hidden);
  assert.equal(await page.isHidden('#plan-error'), true, await page.textContent('#plan-error'));
  const planned = await page.$eval('#plan-table tbody tr:last-child', (tr) => Number(tr.children[7].textContent.replace(/[^0-9.]/g, '')));
  assert.ok(planned <= target + 0.01, `planned CPA ${planned} within the target ${target}`);
  assert.match(await page.textContent('#whatif-summary'), /CPA [\d.]+/);
  await shot(page, '03-conversions.png');
  assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('cancel stops a fit and the page stays usable', async () => {
  const { context, page } = await openPage(env.site.url);
  try {
  await ready(page);
  await page.click('#demo-button');
  await page.waitForSelector('#fit-section:not([hidden])');
  await useRidge(page);
  await page.fill('#iterations', '200000');
  await page.click('#fit-button');
  await page.waitForFunction(() => document.getElementById('progress').value > 0, null, { timeout: 30000 });
  // The main thread answers while the workers fit.
  assert.equal(await page.evaluate(() => 6 * 7), 42);
  await page.click('#cancel-button');
  await page.waitForFunction(() => document.getElementById('progress-text').textContent === 'Cancelled.', null, { timeout: 5000 });
  assert.equal(await page.isHidden('#results-section'), true);
  assert.equal(await page.isDisabled('#fit-button'), false);
  } finally {
    await context.close();
  }
});

test('a Bayesian fit: chains per worker, diagnostics, intervals drawn, priors, then a plan', async () => {
  const { context, page, errors } = await openPage(env.site.url);
  try {
  await ready(page);
  await page.click('#demo-button');
  await page.waitForSelector('#fit-section:not([hidden])');
  await page.check('#estimator-bayes');
  assert.equal(await page.isVisible('#chains'), true);
  assert.equal(await page.isVisible('#iterations'), false, 'only the chosen estimator\'s settings are shown');
  // The prior editor shows the default each channel would get, computed by the core.
  await page.waitForFunction(() => /spread/.test(document.querySelector('#prior-table td.prior-default')?.textContent || ''));
  await page.fill('#chains', '2');
  await page.fill('#draws', '200');
  await page.fill('#tune', '200');
  // A centre without a spread is refused in words before anything runs.
  await page.fill('#prior-table input[data-channel="tv"][data-part="centre"]', '1.5');
  await page.click('#fit-button');
  assert.match(await page.textContent('#fit-error'), /ROI prior of tv needs both a centre and a spread/);
  await page.fill('#prior-table input[data-channel="tv"][data-part="spread"]', '0.5');
  await page.click('#fit-button');
  await waitDone(page, 120000);
  assert.deepEqual(await page.$$eval('#chain-progress .chain-state', (s) => s.map((x) => x.textContent)), ['done', 'done'], 'one progress bar per chain');
  assert.match(await page.textContent('#progress-text'), /2 chains × 200 draws/);

  const diagnostics = await page.textContent('#diagnostics');
  assert.match(diagnostics, /^2 chains × 200 draws \(after 200 tuning sweeps\), R-hat \d\.\d{3}, effective draws [\d,. ]+; (converged\.|not converged: .+)$/);
  assert.match(await page.textContent('#model-summary'), /Bayesian posterior/);
  const head = await page.$$eval('#channel-table thead th', (h) => h.map((x) => x.textContent));
  const at = head.indexOf('ROI 90 % interval');
  assert.ok(at > 0, `columns: ${head}`);
  const first = await page.$$eval('#channel-table tbody tr', (r) => [...r[0].children].map((c) => c.textContent));
  assert.match(first[at], /^\d[\d.,]*–\d[\d.,]*/);
  // The priors used: tv's is yours, the others the default.
  const priors = await page.$$eval('#prior-summary tbody tr', (r) => r.map((x) => [...x.children].map((c) => c.textContent)));
  assert.deepEqual(priors.find((r) => r[0] === 'tv').slice(2), ['1.5 ± 0.5', 'yours', 'any slope, equally likely']);
  assert.equal(priors.find((r) => r[0] === 'search')[3], 'default');
  // The prior on the curves' shapes is said too: by default none on the slope (every decay,
  // slope and bend alike), and a tenth of the prior on delayed lags.
  assert.equal(await page.textContent('#shape-prior-hint'), 'Curve shapes: every shape of each channel\'s grid (carryover × slope × bend) is equally likely before the data among the decays, and among the delayed lags. Between them the delayed lags (effects peaking 1 to 5 periods after the spend) hold 10 % of the prior, so a channel reads as delayed only where its data say so.');
  // Intervals are drawn: whiskers on the ROI bars, bands on the curves and on actual vs predicted.
  const drawn = await page.evaluate(() => {
    const roi = window.Chart.getChart(document.getElementById('chart-roi'));
    const fitChart = window.Chart.getChart(document.getElementById('chart-fit'));
    const curves = [...document.querySelectorAll('#chart-curves canvas')].map((c) => window.Chart.getChart(c));
    const w = roi.options.plugins.whiskers;
    return {
      whiskers: w.low.every((lo, i) => Number.isFinite(lo) && lo <= roi.data.datasets[0].data[i] && roi.data.datasets[0].data[i] <= w.high[i]),
      fitBand: fitChart.data.datasets.filter((d) => d.fill === '-1').length,
      curveBands: curves.reduce((n, c) => n + c.data.datasets.filter((d) => d.fill === '-1').length, 0),
      title: document.getElementById('roi-chart-title').textContent,
    };
  });
  assert.deepEqual(drawn, { whiskers: true, fitBand: 1, curveBands: 5, title: 'ROI per channel, with its 90 % interval' });
  assert.equal(await page.isVisible('#pareto-figure'), false, 'no Pareto front for a posterior');
  await shot(page, '10-bayes-results.png');

  // Under Advanced: each channel's trace (one line per chain, 200 saved draws each) and its
  // posterior histogram (all 400 draws, the bins inside its 90 % interval in full colour).
  await page.click('#advanced summary');
  await page.waitForSelector('#trace-figure:not([hidden])');
  const chains = await page.evaluate(() => {
    const get = (sel) => [...document.querySelectorAll(sel)].map((c) => window.Chart.getChart(c));
    const tables = [...document.querySelectorAll('#channel-table tbody tr')].map((r) => r.children[0].textContent);
    return {
      traces: get('#chart-traces canvas').map((c) => ({ title: c.options.plugins.title.text, lines: c.data.datasets.map((d) => d.data) })),
      posteriors: get('#chart-posteriors canvas').map((c) => ({ title: c.options.plugins.title.text, counts: c.data.datasets[0].data, colours: c.data.datasets[0].backgroundColor })),
      channels: tables,
      size: (() => { const r = document.querySelector('#chart-traces canvas').getBoundingClientRect(); return [r.width, r.height]; })(),
    };
  });
  assert.deepEqual(chains.traces.map((t) => t.title), ['tv', 'search', 'social', 'radio', 'display']);
  assert.deepEqual(chains.posteriors.map((t) => t.title), ['tv', 'search', 'social', 'radio', 'display']);
  for (const [k, t] of chains.traces.entries()) {
    assert.deepEqual(t.lines.map((l) => l.length), [200, 200], `${t.title}: two chains of 200 saved draws`);
    assert.ok(t.lines.flat().every((v) => Number.isFinite(v) && v >= 0), `${t.title}: ROIs`);
    assert.notDeepEqual(t.lines[0], t.lines[1], `${t.title}: the chains are independent`);
    const p = chains.posteriors[k];
    assert.equal(p.counts.reduce((a, b) => a + b, 0), 400, `${p.title}: every draw in the histogram`);
    // Two shades: the bins inside the 90 % interval (most of the draws) and the tails.
    const shades = [...new Set(p.colours)];
    assert.equal(shades.length, 2, `${p.title}: ${shades}`);
    const inside = p.counts.filter((_, i) => p.colours[i] === p.colours[p.counts.indexOf(Math.max(...p.counts))]).reduce((a, b) => a + b, 0);
    assert.ok(inside >= 0.75 * 400 && inside < 400, `${p.title}: ${inside} of 400 draws in the interval's bins`);
  }
  assert.ok(chains.size[0] > 100 && chains.size[1] > 100, `drawn at a readable size: ${chains.size}`);
  await page.click('#advanced summary');

  // A plan from the posterior.
  await page.click('#plan-button');
  await page.waitForSelector('#plan-table tbody tr');
  assert.match(await page.textContent('#plan-summary'), /Best split of .* per week/);

  // Cancel stops a long Bayesian fit at once, and the page stays usable.
  await page.fill('#draws', '100000');
  await page.fill('#tune', '0');
  await page.click('#fit-button');
  await page.waitForFunction(() => /^\d+% of the sweeps/.test(document.getElementById('progress-text').textContent || ''));
  await page.click('#cancel-button');
  await page.waitForFunction(() => document.getElementById('progress-text').textContent === 'Cancelled.', null, { timeout: 5000 });
  assert.equal(await page.isDisabled('#fit-button'), false);
  assert.match(await page.textContent('#diagnostics'), /2 chains × 200 draws/, 'the model shown is still the last one fitted');

  // The same draws whatever the number of workers, and cancel stops a Bayesian fit.
  const api = await page.evaluate(async () => {
    const api = await import('./pkg/index.js');
    const { csv } = await api.simulate({ seed: 4, periods: 104, channels: 3 });
    const options = { estimator: 'bayes', bayes: { chains: 3, draws: 60, tune: 40, seed: 3 } };
    const seen = [];
    const one = (await api.fit(csv, { ...options, workers: 1 })).toJSON();
    const three = (await api.fit(csv, { ...options, workers: 3 }, (p) => seen.push(p.chains.length))).toJSON();
    const controller = new AbortController();
    const pending = api.fit(csv, { estimator: 'bayes', bayes: { chains: 2, draws: 100000, tune: 0 }, signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    const kind = await pending.then(() => 'finished', (e) => e.kind);
    return { same: one === three && one.includes('"rhat_max"'), chains: seen.every((n) => n === 3), kind };
  });
  assert.deepEqual(api, { same: true, chains: true, kind: 'cancelled' });
  assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the result does not depend on the number of workers', async () => {
  const { context, page } = await openPage(env.site.url);
  try {
  await ready(page);
  const same = await page.evaluate(async () => {
    const api = await import('./pkg/index.js');
    const { csv } = await api.simulate({ seed: 4, periods: 104, channels: 3 });
    const options = { search: { iterations: 300, trials: 4, seed: 9 } };
    const one = (await api.fit(csv, { ...options, workers: 1 })).toJSON();
    const two = (await api.fit(csv, { ...options, workers: 2 })).toJSON();
    const four = (await api.fit(csv, { ...options, workers: 4 })).toJSON();
    return one === two && two === four && one.length > 1000;
  });
  assert.equal(same, true);
  } finally {
    await context.close();
  }
});

test('keyboard, large type and a small screen', async () => {
  const { context, page } = await openPage(env.site.url, { width: 1280, height: 720 });
  try {
  await ready(page);
  await page.click('#large-type');
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('large')), true);
  assert.equal(await page.getAttribute('#large-type', 'aria-pressed'), 'true');
  // Enter on the drop zone opens the file picker (it clicks the hidden file input; Playwright's
  // own file-chooser interception is not reliable enough to wait on).
  await page.evaluate(() => { window.__picks = 0; document.getElementById('file-input').addEventListener('click', () => { window.__picks += 1; }); });
  await page.focus('#drop-zone');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => window.__picks), 1, 'Enter on the drop zone opens the file picker');
  await page.keyboard.press('Escape');
  // Every button and field has an accessible name.
  const unnamed = await page.$$eval('button, input:not([type=hidden]):not([hidden]), select', (els) => els
    .filter((e) => !e.closest('[hidden]'))
    .filter((e) => !(e.getAttribute('aria-label') || e.textContent.trim() || (e.labels && e.labels.length) || e.title))
    .map((e) => e.outerHTML.slice(0, 80)));
  assert.deepEqual(unnamed, []);
  await fitDemo(page);
  assert.equal(await page.isHidden('#trace-figure'), true, 'no chains to trace for the ridge search');
  assert.equal(await page.isHidden('#posterior-figure'), true);
  await shot(page, '06-large-type-1280x720.png');
  // Nothing overflows the viewport horizontally at 1280x720 except scrollable tables.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `horizontal overflow of ${overflow}px`);
  } finally {
    await context.close();
  }
});

test('the embedding example works from the packed npm tarball alone', async () => {
  const { context, page, requests, errors } = await openPage(env.example.url);
  try {
  await page.click('#run');
  await page.waitForFunction(() => document.getElementById('status').textContent === 'Done.', null, { timeout: 60000 });
  const rows = await page.$$eval('#roi tbody tr', (r) => r.length);
  assert.equal(rows, 5);
  assert.match(await page.textContent('#plan'), /more media response/);
  const origin = new URL(env.example.url).origin;
  assert.deepEqual(requests.filter((u) => !u.startsWith(origin)), []);
  assert.ok(requests.some((u) => u.includes('/node_modules/mixlens/mixlens_bg.wasm')), 'the wasm comes from the installed package');
  assert.deepEqual(errors, []);
  await shot(page, '07-embed-example.png');
  await writeFile(join(artifacts, 'embed-requests.txt'), requests.join('\n'));
  } finally {
    await context.close();
  }
});

/** The names of the page's caches and the paths each holds. */
async function cachedFiles(page) {
  return page.evaluate(async () => {
    const out = {};
    for (const name of await caches.keys()) out[name] = (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname).sort();
    return out;
  });
}

test('with the server stopped, the page opens again from its copy and fits the demo', async () => {
  const own = await serve(join(root, 'www')); // this test's own server, to stop it
  let stopped = false;
  const { context, page, requests, errors } = await openPage(own.url);
  try {
    await ready(page);
    // The service worker copies the page's files, then takes control of the page.
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 30000 });
    const version = await page.textContent('#version');
    const cached = await cachedFiles(page);
    assert.deepEqual(Object.keys(cached), [`mixlens-${version}`], 'one cache, named after the version');
    const files = cached[`mixlens-${version}`];
    const origin = new URL(own.url).origin;
    const loaded = [...new Set(requests.filter((u) => u.startsWith(origin)).map((u) => new URL(u).pathname))].filter((p) => p !== '/sw.js');
    assert.deepEqual(loaded.filter((p) => !files.includes(p)), [], 'every file the page loads is kept');
    assert.deepEqual(files.filter((p) => !/^\/((index\.html)?|[a-z]+(\.min)?\.(js|css)|vendor\/chart\.min\.js|pkg\/[a-z_]+\.(js|wasm))$/.test(p)), [], `only the page's own files: ${files}`);

    await own.close();
    stopped = true;
    await page.reload();
    await ready(page);
    assert.match(await page.textContent('#status'), /^Ready: /);
    await fitDemo(page);
    const rows = await page.$$eval('#channel-table tbody tr', (r) => r.map((x) => x.children[0].textContent));
    assert.deepEqual(rows.slice(0, 5), ['tv', 'search', 'social', 'radio', 'display']);
    // A user's file goes through no fetch, so nothing of it is kept.
    await page.setInputFiles('#file-input', join(root, 'tests', 'data', 'sim_seed7_104w.csv'));
    await page.waitForSelector('#fit-section:not([hidden])');
    assert.deepEqual(await cachedFiles(page), cached, 'the copy holds the same files after fitting and loading data');
    assert.deepEqual(errors, [], 'nothing fails offline (main.js ignores the failed update check of sw.js)');
  } finally {
    await context.close();
    if (!stopped) await own.close();
  }
});

/** A CSV whose paid spend column, and a level of its event column, are markup. */
const HOSTILE_COLUMN = '<img src=x onerror=window.__pwned=1>_spend';
const HOSTILE_LEVEL = '<img src=y onerror=window.__pwned=2>';
async function hostileCsv() {
  const lines = (await readFile(join(root, 'tests', 'data', 'sim_seed7_104w.csv'), 'utf8')).trim().split('\n');
  return [
    `${lines[0].replace('tv_spend', HOSTILE_COLUMN)},events`,
    ...lines.slice(1).map((l, k) => `${l},${k % 13 === 5 ? HOSTILE_LEVEL : 'na'}`),
  ].join('\n');
}

/** Nothing was made of the markup: no element, no script run, no request for its image. */
async function assertInert(page, requests) {
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no script ran');
  assert.equal(await page.evaluate(() => document.querySelectorAll('img').length), 0, 'no img element');
  assert.deepEqual(requests.filter((u) => /\/[xy]$/.test(u)), [], 'no image requested');
}

test('column names, category values and saved models are shown as text, never as markup', async () => {
  const { context, page, requests, errors } = await openPage(env.site.url);
  try {
    await ready(page);
    await page.setInputFiles('#file-input', { name: 'hostile.csv', mimeType: 'text/csv', buffer: Buffer.from(await hostileCsv()) });
    await page.waitForSelector('#fit-section:not([hidden])');
    assert.ok((await page.textContent('#preview thead')).includes(HOSTILE_COLUMN), 'the column name, literally, in the preview');
    assert.ok((await page.textContent('#preview tbody')).includes(HOSTILE_LEVEL), 'the category value, literally, in the preview');
    assert.ok((await page.textContent('#coverage')).includes(`events=${HOSTILE_LEVEL}`), 'the level, literally, among the controls');
    assert.equal(await page.$eval('#preview thead select', (s) => s.value), 'date');
    const roles = await page.$$eval('#preview thead th', (h) => h.map((x) => [x.firstChild.textContent, x.querySelector('select').value]));
    assert.deepEqual(roles.find(([c]) => c === HOSTILE_COLUMN), [HOSTILE_COLUMN, 'media'], 'read as paid spend');
    await useRidge(page);
    await page.fill('#iterations', '300');
    await page.fill('#trials', '2');
    await page.click('#fit-button');
    await waitDone(page, 60000);
    const names = await page.$$eval('#channel-table tbody tr', (r) => r.map((x) => x.children[0].textContent));
    // The core names the channel after the column (it may make the name safe itself, as it does
    // now: `img_src_x_...`); whatever the name, the page shows it as the text it is.
    const channel = names[0];
    assert.match(channel, /img/, `the channel from the hostile column first: ${names}`);
    const labels = await page.evaluate(() => window.Chart.getChart(document.getElementById('chart-contrib')).data.datasets.map((d) => d.label));
    assert.ok(labels.includes(channel) && labels.includes(`events=${HOSTILE_LEVEL}`), `chart labels as text: ${labels}`);
    await page.click('#plan-button');
    await page.waitForSelector('#plan-table tbody tr');
    for (const id of ['#plan-table', '#whatif-sliders', '#bounds-table']) assert.ok((await page.textContent(id)).includes(channel), id);
    await assertInert(page, requests);

    // The Bayesian estimator: the prior editor, the default the core resolves for the channel,
    // and the priors table name it as text too (the model saved below is this one).
    await page.check('#estimator-bayes');
    await page.waitForFunction(() => /spread/.test(document.querySelector('#prior-table td.prior-default')?.textContent || ''));
    assert.equal(await page.$eval('#prior-table tbody td', (td) => td.textContent), channel);
    await page.fill('#chains', '1');
    await page.fill('#draws', '50');
    await page.fill('#tune', '20');
    await page.fill('#prior-table input[data-part="centre"]', '1');
    await page.fill('#prior-table input[data-part="spread"]', '1');
    await page.click('#fit-button');
    await waitDone(page, 60000);
    const priorRows = await page.$$eval('#prior-summary tbody tr', (r) => r.map((x) => [x.children[0].textContent, x.children[3].textContent]));
    assert.deepEqual(priorRows[0], [channel, 'yours']);
    await assertInert(page, requests);

    // The saved model, reopened: the same names, still text.
    const [saved] = await Promise.all([page.waitForEvent('download'), page.click('#export-model')]);
    const modelPath = join(artifacts, 'hostile-MODEL.json');
    await saved.saveAs(modelPath);
    await page.reload();
    await ready(page);
    await page.setInputFiles('#model-input', modelPath);
    await page.waitForSelector('#results-section:not([hidden])');
    assert.equal(await page.$eval('#channel-table tbody tr td', (td) => td.textContent), channel);
    const reopened = await page.evaluate(() => window.Chart.getChart(document.getElementById('chart-contrib')).data.datasets.map((d) => d.label));
    assert.ok(reopened.includes(`events=${HOSTILE_LEVEL}`), `chart labels of the reopened model: ${reopened}`);
    await assertInert(page, requests);

    // An error naming the column.
    const broken = (await hostileCsv()).split('\n');
    broken[3] = broken[3].replace(/^([^,]*,[^,]*,)[^,]*/, '$1-4');
    await page.setInputFiles('#file-input', { name: 'broken.csv', mimeType: 'text/csv', buffer: Buffer.from(broken.join('\n')) });
    await page.waitForSelector('#load-error:not([hidden])');
    assert.ok((await page.textContent('#load-error')).includes(`'${HOSTILE_COLUMN}'`), await page.textContent('#load-error'));
    await assertInert(page, requests);
    await shot(page, '08-hostile-names.png');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test("a new version's service worker replaces the copy and deletes the old one", async () => {
  const { context, page } = await openPage(env.site.url);
  try {
    await ready(page);
    await page.waitForFunction(() => !!navigator.serviceWorker.controller, null, { timeout: 30000 });
    const version = await page.textContent('#version');
    assert.deepEqual(Object.keys(await cachedFiles(page)), [`mixlens-${version}`]);
    // What main.js does when the page comes with a new version.
    await page.evaluate(() => navigator.serviceWorker.register('sw.js?v=next-version'));
    await page.waitForFunction(async () => (await caches.keys()).join() === 'mixlens-next-version', null, { timeout: 30000 });
    await page.waitForFunction(() => navigator.serviceWorker.controller.scriptURL.endsWith('sw.js?v=next-version'), null, { timeout: 10000 });
    const files = (await cachedFiles(page))['mixlens-next-version'];
    assert.ok(files.includes('/pkg/mixlens_bg.wasm') && files.includes('/app.min.js'), `${files}`);
  } finally {
    await context.close();
  }
});

// A trap of the WebAssembly instance (what a panic in the core becomes), made without a bug in the
// core: a method of the bindings is called on a handle whose pointer lies outside the instance's
// memory, which traps with "RuntimeError: memory access out of bounds".
const TRAP = 'const bad = Object.create(trapGlue.FitJob.prototype); bad.__wbg_ptr = 0xfffffff0; return bad.step(1);';

test('a trap on the page is said in words, and the engine restarts', async () => {
  const { context, page, errors } = await openPage(env.site.url);
  try {
    await ready(page);
    await fitDemo(page, '300');
    // The next what-if traps the page's instance (once: the restarted one has its own bindings).
    await page.evaluate(async () => {
      const glue = await import('./pkg/mixlens.js');
      glue.Model.prototype.whatIf = function () { const bad = Object.create(glue.FitJob.prototype); bad.__wbg_ptr = 0xfffffff0; return bad.step(1); };
    });
    const move = (f) => page.locator('#whatif-sliders input').first().evaluate((s, f) => { s.value = String(Number(s.max) * f); s.dispatchEvent(new Event('input', { bubbles: true })); }, f);
    await move(0.5);
    assert.match(await page.textContent('#whatif-summary'), /^MixLens stopped on an internal error \(a bug in MixLens, not a problem with your data\) and has restarted its engine: try again.*\(.*memory access out of bounds\)$/);
    await move(0.7);
    assert.match(await page.textContent('#whatif-summary'), /^Spend [\d,]+ per week/, 'the model reopened in the new instance');
    await page.click('#plan-button');
    await page.waitForSelector('#plan-table tbody tr');
    await page.click('#advanced > summary');
    const last = await page.$$eval('#pareto-select option', (o) => o[o.length - 1].value);
    await page.selectOption('#pareto-select', last);
    await page.waitForFunction(() => /Alternative Pareto model \d+, chosen by hand/.test(document.getElementById('model-summary').textContent));
    await page.click('#demo-button');
    await page.waitForSelector('#fit-section:not([hidden])');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a trap in a fitting worker is said in words, the worker is replaced, and the next fit works', async () => {
  let served = 0;
  // The first worker started gets a fit step that traps.
  const setup = (context) => context.route('**/pkg/worker.js', async (route) => {
    if (served++ > 0) return route.continue();
    const response = await route.fetch();
    const body = `${await response.text()}
import * as trapGlue from './mixlens.js';
const realStep = trapGlue.FitJob.prototype.step;
trapGlue.FitJob.prototype.step = function () { trapGlue.FitJob.prototype.step = realStep; ${TRAP} };
`;
    return route.fulfill({ response, body });
  });
  // No service worker: every worker.js request is the page's own, and routed here.
  const { context, page, errors } = await openPage(env.site.url, undefined, setup, { serviceWorkers: 'block' });
  try {
    await ready(page);
    const started = served; // one per worker of the pool
    await page.click('#demo-button');
    await page.waitForSelector('#fit-section:not([hidden])');
    await useRidge(page);
    await page.fill('#iterations', '300');
    await page.click('#fit-button');
    await page.waitForSelector('#fit-error:not([hidden])', { timeout: 30000 });
    assert.match(await page.textContent('#fit-error'), /^MixLens stopped on an internal error .* and has restarted its engine/);
    assert.equal(await page.isDisabled('#fit-button'), false);
    for (let k = 0; k < 50 && served === started; k++) await page.waitForTimeout(100);
    assert.equal(served, started + 1, 'the crashed worker was replaced');
    await page.click('#fit-button');
    await waitDone(page, 60000);
    assert.equal(await page.isHidden('#fit-error'), true);
    assert.equal(await page.$$eval('#channel-table tbody tr', (r) => r.length), 6);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a trap in a worker running a Bayesian chain is said in words, the worker is replaced, and the next fit works', async () => {
  let served = 0;
  // The first worker started gets a chain step that traps.
  const setup = (context) => context.route('**/pkg/worker.js', async (route) => {
    if (served++ > 0) return route.continue();
    const response = await route.fetch();
    const body = `${await response.text()}
import * as trapGlue from './mixlens.js';
const realStep = trapGlue.BayesChain.prototype.step;
trapGlue.BayesChain.prototype.step = function () { trapGlue.BayesChain.prototype.step = realStep; ${TRAP} };
`;
    return route.fulfill({ response, body });
  });
  const { context, page, errors } = await openPage(env.site.url, undefined, setup, { serviceWorkers: 'block' });
  try {
    await ready(page);
    const started = served;
    await page.click('#demo-button');
    await page.waitForSelector('#fit-section:not([hidden])');
    await useBayes(page, { chains: 2, draws: 50, tune: 20 });
    await page.click('#fit-button');
    await page.waitForSelector('#fit-error:not([hidden])', { timeout: 30000 });
    assert.match(await page.textContent('#fit-error'), /^MixLens stopped on an internal error .* and has restarted its engine/);
    assert.equal(await page.isDisabled('#fit-button'), false);
    for (let k = 0; k < 50 && served === started; k++) await page.waitForTimeout(100);
    assert.equal(served, started + 1, 'the crashed worker was replaced');
    await page.click('#fit-button');
    await waitDone(page, 60000);
    assert.equal(await page.isHidden('#fit-error'), true);
    assert.match(await page.textContent('#diagnostics'), /^2 chains × 50 draws/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a fit reports its estimated time before it starts, and big data says how the search was shortened', async () => {
  const { context, page, errors } = await openPage(env.site.url);
  await ready(page);
  await page.click('#demo-button');
  await page.waitForSelector('#fit-section:not([hidden])');
  assert.equal(await page.isChecked('#estimator-auto'), true, 'the estimator is chosen for the data by default');
  // The page shows the estimate when the fit starts (then the progress replaces it).
  await page.evaluate(() => {
    window.__progressTexts = [];
    new MutationObserver(() => window.__progressTexts.push(document.getElementById('progress-text').textContent))
      .observe(document.getElementById('progress-text'), { childList: true, characterData: true, subtree: true });
  });
  await fitDemo(page, '300');
  const texts = await page.evaluate(() => window.__progressTexts);
  assert.ok(texts.some((t) => /^Estimated time: about \d+ s\.$/.test(t)), JSON.stringify(texts.slice(0, 3)));
  // Ten years of daily data with 30 channels: the estimate and the note come before any work
  // (the fit is cancelled at once).
  const big = await page.evaluate(async () => {
    const api = await import('./pkg/index.js');
    const { csv } = await api.simulate({ seed: 1, periods: 3652, channels: 30, frequency: 'daily' });
    const controller = new AbortController();
    let first = null;
    const outcome = await api.fit(csv, { estimator: 'ridge_search', signal: controller.signal }, (p) => { if (!first) { first = p; controller.abort(); } })
      .then(() => 'finished', (e) => e.kind);
    return { first, outcome };
  });
  assert.equal(big.outcome, 'cancelled');
  assert.equal(big.first.done, 0);
  assert.equal(big.first.total, 2 * 2700);
  assert.ok(big.first.estimatedSeconds > 5 && big.first.estimatedSeconds < 120, String(big.first.estimatedSeconds));
  assert.match(big.first.searchNote, /runs 2 trials of 2,700 candidate models instead of 5 of 4,000/);
  assert.ok(!/fitted by the ridge search/.test(big.first.searchNote), 'asked for by name: no word on the choice');
  // The default estimator ("Automatic", checked in the page) is the ridge search for such data,
  // and says why before any work; two years of weekly data get the Bayesian one.
  const auto = await page.evaluate(async () => {
    const api = await import('./pkg/index.js');
    const { csv } = await api.simulate({ seed: 1, periods: 3652, channels: 30, frequency: 'daily' });
    const first = async (text) => {
      const controller = new AbortController();
      let seen = null;
      await api.fit(text, { signal: controller.signal }, (p) => { if (!seen) { seen = p; controller.abort(); } }).catch(() => {});
      return seen;
    };
    const weekly = (await api.simulate({ seed: 1, periods: 104 })).csv;
    return { big: await first(csv), weekly: await first(weekly) };
  });
  assert.equal(auto.big.chains, null, 'the ridge search runs, not chains');
  assert.equal(auto.big.total, 2 * 2700);
  assert.match(auto.big.searchNote, /^Big data \(3,652 periods × 31 media columns\): fitted by the ridge search, not the Bayesian estimator\. At this size the Bayesian estimator could try only 24 curve shapes per channel instead of 594/);
  assert.match(auto.big.searchNote, /runs 2 trials of 2,700 candidate models instead of 5 of 4,000/);
  assert.equal(auto.weekly.searchNote, null);
  assert.equal(auto.weekly.chains.length, 4, 'two years of weekly data: the Bayesian estimator');

  // In the page: the big data loaded from a file; the note says how to search fully here, and
  // unticking "Shorten the search for big data" runs every candidate model asked for.
  const bigCsv = await page.evaluate(async () => (await (await import('./pkg/index.js')).simulate({ seed: 1, periods: 3652, channels: 30, frequency: 'daily' })).csv);
  await page.setInputFiles('#file-input', { name: 'daily30.csv', mimeType: 'text/csv', buffer: Buffer.from(bigCsv) });
  await page.waitForFunction(() => /daily30\.csv/.test(document.getElementById('status').textContent), null, { timeout: 60000 });
  await page.check('#estimator-ridge_search');
  await page.fill('#iterations', '4000');
  await page.fill('#trials', '5');
  const firstText = async () => {
    await page.evaluate(() => { window.__progressTexts = []; });
    await page.click('#fit-button');
    await page.waitForFunction(() => window.__progressTexts.some((t) => / of [\d,]+ models/.test(t)), null, { timeout: 60000 });
    await page.click('#cancel-button');
    await page.waitForFunction(() => document.getElementById('progress-text').textContent === 'Cancelled.');
    return page.evaluate(() => window.__progressTexts.filter((t) => t !== 'Starting…'));
  };
  const shortened = await firstText();
  assert.match(shortened[0], /runs 2 trials of 2,700 candidate models instead of 5 of 4,000.*\(Here: untick “Shorten the search for big data”\.\)$/);
  assert.match(shortened.find((t) => / of [\d,]+ models/.test(t)), / of 5,400 models/);
  await page.uncheck('#scale-to-data');
  const full = await firstText();
  assert.match(full[0], /^Estimated time: about \d+ (s|min)\.$/);
  assert.match(full.find((t) => / of [\d,]+ models/.test(t)), / of 20,000 models/);
  assert.deepEqual(errors, []);
  await context.close();
});
