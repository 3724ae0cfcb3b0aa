// The priors a Bayesian fit used, as the page shows them: a channel that never pauses is named,
// with what that means for its curve, in the prior table and in the sentence under it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { env, useBrowser, root, openPage, ready, useBayes, waitDone } from './helpers.mjs';

useBrowser();

/** The example file with search spending at least half its median every week. */
async function steadySearchCsv() {
  const lines = (await readFile(join(root, 'tests', 'data', 'sim_seed7_104w.csv'), 'utf8')).trim().split('\n');
  const head = lines[0].split(',');
  const k = head.indexOf('search_spend');
  const rows = lines.slice(1).map((l) => l.split(','));
  const positive = rows.map((r) => Number(r[k])).filter((v) => v > 0).sort((a, b) => a - b);
  const floor = 0.5 * positive[Math.floor(positive.length / 2)];
  return [lines[0], ...rows.map((r) => { r[k] = String(Math.max(Number(r[k]), floor).toFixed(2)); return r.join(','); })].join('\n');
}

test('a channel that never pauses is named in the priors, with the shape its curve leans to', async () => {
  const { page, errors } = await openPage(env.site.url);
  try {
    await ready(page);
    await page.setInputFiles('#file-input', { name: 'steady.csv', mimeType: 'text/csv', buffer: Buffer.from(await steadySearchCsv()) });
    await page.waitForSelector('#fit-section:not([hidden])');
    await useBayes(page, { chains: 2, draws: 200, tune: 200 });
    await page.click('#fit-button');
    await waitDone(page, 180000);
    const priors = await page.$$eval('#prior-summary tbody tr', (r) => r.map((x) => [...x.children].map((c) => c.textContent)));
    assert.equal(priors.find((r) => r[0] === 'search')[4], 'slope near 1 (± 0.5 in ln α), never pauses');
    for (const name of ['tv', 'social']) assert.equal(priors.find((r) => r[0] === name)[4], 'any slope, equally likely');
    assert.equal(await page.textContent('#shape-prior-hint'), "Curve shapes: every shape of each channel's grid (carryover × slope × bend) is equally likely before the data among the decays, and among the delayed lags, except for search: it never pauses, so the data cannot show its curve below the spends it ran at, and its shapes lean to returns that diminish from the first unit (a prior on the Hill slope around 1, spread 0.5 in ln α); S-shapes stay possible. Between them the delayed lags (effects peaking 1 to 5 periods after the spend) hold 10 % of the prior, so a channel reads as delayed only where its data say so.");
    assert.deepEqual(errors, []);
  } finally {
    await page.context().close();
  }
});
