// Shared set-up of the end-to-end tests (every *.test.mjs file here): the servers, the browser,
// and the steps every test takes. `make test-e2e` runs each test file in its own process.

import { before, after } from 'node:test';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, '..', '..');
export const artifacts = join(here, 'artifacts');
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The browser and the two sites (the page, the npm example), set by `useBrowser()`. */
export const env = { browser: null, site: null, example: null };

/** Start the servers and the browser before this file's tests, stop them after. */
export function useBrowser() {
  before(async () => {
    await mkdir(artifacts, { recursive: true });
    env.site = await serve(join(root, 'www'));
    env.example = await serve(join(root, 'pkg-config', 'example'));
    env.browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  after(async () => {
    await env.browser?.close();
    await env.site?.close();
    await env.example?.close();
  });
}

/** A page that records every request and page error. */
export async function openPage(url, viewport = { width: 1280, height: 720 }, setup = async () => {}, contextOptions = {}) {
  const context = await env.browser.newContext({ viewport, acceptDownloads: true, ...contextOptions });
  await setup(context);
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  return { context, page, requests, errors };
}

export async function ready(page) {
  await page.waitForFunction(() => window.__mixlens && window.__mixlens.ready, null, { timeout: 30000 });
}

/** Every chart canvas on the page has a Chart with at least one non-empty dataset; an id of
 * small multiples (a box of canvases) has one in each of its canvases. */
export async function chartsWithData(page, ids) {
  return page.evaluate((ids) => ids.map((id) => {
    const box = document.getElementById(id);
    const canvases = box.tagName === 'CANVAS' ? [box] : [...box.querySelectorAll('canvas')];
    const ok = (canvas) => { const c = window.Chart.getChart(canvas); return !!c && c.data.datasets.some((d) => d.data.length > 0); };
    return [id, canvases.length > 0 && canvases.every(ok)];
  }), ids);
}

export async function shot(page, name) {
  await page.screenshot({ path: join(artifacts, name), fullPage: true });
}

/** Choose the ridge search (the default estimator may be either). */
export async function useRidge(page) {
  await page.check('#estimator-ridge_search');
}

/** Choose the Bayesian estimator with short chains (the figures as strings or numbers). */
export async function useBayes(page, { chains, draws, tune }) {
  await page.check('#estimator-bayes');
  await page.fill('#chains', String(chains));
  await page.fill('#draws', String(draws));
  await page.fill('#tune', String(tune));
}

/** Wait until the fit under way says "Done". */
export async function waitDone(page, timeout = 120000) {
  await page.waitForFunction(() => (document.getElementById('progress-text').textContent || '').startsWith('Done'), null, { timeout });
}

export async function fitDemo(page, iterations = '1000') {
  await page.click('#demo-button');
  await page.waitForSelector('#fit-section:not([hidden])');
  await useRidge(page);
  await page.fill('#iterations', iterations);
  await page.click('#fit-button');
  await waitDone(page, 60000);
}
