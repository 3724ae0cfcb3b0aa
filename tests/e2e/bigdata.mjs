// Big data in the page (`make bench-big-web`): ten years of daily data with 30 paid channels
// (simulated in the page), fitted with the default settings on all workers. Prints the estimated
// time the page showed before the fit, the fit's wall time, and the peak memory of the page:
// the resident set of Chromium's renderer processes (the page and its Web Workers, their wasm
// memories included; sampled every 100 ms from /proc), with the JS heap of the page from CDP.
// The figures go in BENCHMARKS.md.

import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const www = join(here, '..', '..', 'www');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const PERIODS = Number(process.env.BIG_PERIODS || 3652);
const CHANNELS = Number(process.env.BIG_CHANNELS || 30);

/** Resident set (MB) of each Chromium renderer process. */
function renderers() {
  const out = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chrom') || !cmd.includes('--type=renderer')) continue;
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (rss) out.push({ pid, mb: Number(rss[1]) / 1024 });
    } catch { /* the process ended */ }
  }
  return out;
}

const site = await serve(www);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS });
const page = await browser.newPage();
await page.goto(site.url);
await page.waitForFunction(() => window.__mixlens && window.__mixlens.ready);
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
const before = renderers();

let peak = 0, peakHeap = 0;
const sampler = setInterval(async () => {
  const total = renderers().reduce((s, r) => s + r.mb, 0);
  peak = Math.max(peak, total);
  try {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize');
    if (heap) peakHeap = Math.max(peakHeap, heap.value / 1048576);
  } catch { /* between navigations */ }
}, 100);

const result = await page.evaluate(async ({ periods, channels }) => {
  const api = await import('./pkg/index.js');
  const { csv } = await api.simulate({ seed: 1, periods, channels, frequency: 'daily' });
  let first = null;
  const t0 = performance.now();
  const model = await api.fit(csv, {}, (p) => { if (first === null) first = p; });
  const seconds = (performance.now() - t0) / 1000;
  const report = model.report();
  return {
    csvMB: csv.length / 1048576,
    estimatedSeconds: first && first.estimatedSeconds,
    searchNote: first && first.searchNote,
    seconds,
    candidates: report.search.candidates,
    workers: navigator.hardwareConcurrency,
  };
}, { periods: PERIODS, channels: CHANNELS });
clearInterval(sampler);

console.log(JSON.stringify({
  periods: PERIODS,
  channels: CHANNELS,
  ...result,
  rendererMBBefore: Math.round(before.reduce((s, r) => s + r.mb, 0)),
  rendererPeakMB: Math.round(peak),
  pageJsHeapPeakMB: Math.round(peakHeap),
}, null, 2));
await browser.close();
await site.close();
