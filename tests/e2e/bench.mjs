// Browser benchmarks of the page in headless Chromium (`make bench-web`): what is transferred
// (gzipped), time until the page is interactive, the default fit on 208 weeks with 5 paid
// channels, 1 organic and 2 controls (wall time, all workers), a what-if update, and how soon a
// cancel takes effect.
// Medians of several runs; the figures go in BENCHMARKS.md.

import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const www = join(here, '..', '..', 'www');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const median = (v) => { const s = [...v].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };

const site = await serve(www);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS });
const out = {};

// 1. Everything transferred for the page, gzipped.
{
  const page = await browser.newPage();
  const files = new Set();
  page.on('requestfinished', (r) => files.add(new URL(r.url()).pathname));
  await page.goto(site.url);
  await page.waitForFunction(() => window.__mixlens && window.__mixlens.ready);
  let raw = 0, gz = 0;
  const rows = [];
  for (const f of [...files].sort()) {
    const body = await readFile(join(www, f === '/' ? 'index.html' : f));
    raw += body.length;
    const z = gzipSync(body, { level: 9 }).length;
    gz += z;
    rows.push(`${f} ${body.length} -> ${z}`);
  }
  out.transfer = { files: rows, rawKB: raw / 1024, gzippedKB: gz / 1024 };
  await page.close();
}

// 2. Interactive: navigation start to "engine ready, workers started" (5 fresh loads).
{
  const times = [];
  for (let i = 0; i < 5; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(site.url);
    await page.waitForFunction(() => window.__mixlens && window.__mixlens.ready);
    times.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
  out.interactiveMs = { runs: times.map(Math.round), median: Math.round(median(times)) };
}

// 3. Default fit (4,000 x 5 = 20,000 candidates) on 208 weeks, 5 paid, 1 organic, 2 controls.
// 4. What-if updates (the slider handler: scenario, totals text, chart markers).
{
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(site.url);
  await page.waitForFunction(() => window.__mixlens && window.__mixlens.ready);
  // Through the npm API: the default (Bayesian: 4 chains x (1,000 + 1,000)) and the ridge search.
  const timeFit = async (options) => {
    const runs = [];
    for (let i = 0; i < 3; i++) {
      runs.push(await page.evaluate(async (opts) => {
        const api = await import('./pkg/index.js');
        const { csv } = await api.simulate({ seed: 1, periods: 208 });
        const t0 = performance.now();
        await api.fit(csv, opts);
        return performance.now() - t0;
      }, options));
    }
    return { runs: runs.map(Math.round), median: Math.round(median(runs)) };
  };
  out.defaultFitMs = { ...(await timeFit({})), workers: await page.evaluate(() => navigator.hardwareConcurrency) };
  out.ridgeFitMs = await timeFit({ estimator: 'ridge_search' });

  // The page's own default fit (one worker per chain): click to "Done", 3 runs on the demo data.
  await page.click('#demo-button');
  await page.waitForSelector('#fit-section:not([hidden])');
  const pageFits = [];
  for (let i = 0; i < 3; i++) {
    const t0 = Date.now();
    await page.click('#fit-button');
    await page.waitForFunction(() => (document.getElementById('progress-text').textContent || '').startsWith('Done'), null, { timeout: 120000, polling: 20 });
    pageFits.push(Date.now() - t0);
  }
  out.pageDefaultFitMs = { runs: pageFits, median: median(pageFits) };
  const whatIf = await page.evaluate(async () => {
    const sliders = [...document.querySelectorAll('#whatif-sliders input')];
    const times = [];
    for (let k = 0; k < 60; k++) {
      const s = sliders[k % sliders.length];
      s.value = String(Number(s.max) * ((k * 37) % 100) / 100);
      s.dispatchEvent(new Event('input', { bubbles: true }));
      times.push(window.__mixlens.lastWhatIfMs);
      await new Promise(requestAnimationFrame);
    }
    return times;
  });
  out.whatIfMs = { median: Number(median(whatIf).toFixed(2)), max: Number(Math.max(...whatIf).toFixed(2)), runs: whatIf.length };

  // 5. Cancel: from the click on Cancel during a long fit to the page saying "Cancelled." (5 runs).
  await page.check('#estimator-ridge_search');
  await page.fill('#iterations', '200000');
  const cancels = [];
  for (let i = 0; i < 5; i++) {
    await page.click('#fit-button');
    await page.waitForFunction(() => document.getElementById('progress').value > 0, null, { timeout: 30000 });
    cancels.push(await page.evaluate(() => new Promise((resolve) => {
      const text = document.getElementById('progress-text');
      const t0 = performance.now();
      const seen = new MutationObserver(() => {
        if (text.textContent === 'Cancelled.') { seen.disconnect(); resolve(performance.now() - t0); }
      });
      seen.observe(text, { childList: true, characterData: true, subtree: true });
      document.getElementById('cancel-button').click();
    })));
    await page.waitForFunction(() => !document.getElementById('fit-button').disabled);
  }
  out.cancelMs = { runs: cancels.map((v) => Number(v.toFixed(1))), median: Number(median(cancels).toFixed(1)), max: Number(Math.max(...cancels).toFixed(1)) };
  await page.close();
}

await browser.close();
await site.close();
out.machine = `${os.cpus()[0].model}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; Chromium ${browser.version()}`;
console.log(JSON.stringify(out, null, 2));
