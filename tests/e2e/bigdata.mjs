// Big data in the page (`make bench-big-web`): ten years of daily data with 30 paid channels
// (simulated in the page), fitted with the default settings on all workers. Prints the estimated
// time the page reported before the fit, the fit's wall time and the renderers' CPU time, and
// the peak memory of Chromium's renderer processes (the page and its Web Workers, their wasm
// memories included; sampled every 100 ms from /proc: resident, proportional and private), with
// the JS heap of the page from CDP.
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

/** Each Chromium renderer process: resident set, proportional set (shared pages divided among
 * the processes that map them), private memory (MB), and CPU seconds so far. */
function renderers() {
  const out = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chrom') || !cmd.includes('--type=renderer')) continue;
      const smaps = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const kb = (name) => Number((new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(smaps) || [0, 0])[1]) / 1024;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      out.push({
        pid, rss: kb('Rss'), pss: kb('Pss'), priv: kb('Private_Clean') + kb('Private_Dirty'),
        cpu: (Number(stat[11]) + Number(stat[12])) / 100,
      });
    } catch { /* the process ended */ }
  }
  return out;
}
const sum = (rs, k) => rs.reduce((s, r) => s + r[k], 0);

const site = await serve(www);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS });
const page = await browser.newPage();
await page.goto(site.url);
await page.waitForFunction(() => window.__mixlens && window.__mixlens.ready);
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
const before = renderers();

const peak = { rss: 0, pss: 0, priv: 0 };
let peakHeap = 0;
const sampler = setInterval(async () => {
  const now = renderers();
  for (const k of Object.keys(peak)) peak[k] = Math.max(peak[k], sum(now, k));
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
const after = renderers();

console.log(JSON.stringify({
  periods: PERIODS,
  channels: CHANNELS,
  ...result,
  renderers: before.length,
  rendererMBBefore: { rss: Math.round(sum(before, 'rss')), pss: Math.round(sum(before, 'pss')), private: Math.round(sum(before, 'priv')) },
  rendererPeakMB: { rss: Math.round(peak.rss), pss: Math.round(peak.pss), private: Math.round(peak.priv) },
  pageJsHeapPeakMB: Math.round(peakHeap),
  // CPU seconds of the renderers during the fit (simulation included): against the native
  // estimate, the WebAssembly slowdown, whatever the machine's load.
  rendererCpuSeconds: Math.round(10 * (sum(after, 'cpu') - sum(before, 'cpu'))) / 10,
}, null, 2));
await browser.close();
await site.close();
