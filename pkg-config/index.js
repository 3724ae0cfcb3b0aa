// MixLens: marketing mix modeling in the browser. The public JavaScript API.
//
// Everything runs locally: the WebAssembly module is compiled once, fitting runs in module Web
// Workers (never on the calling thread), and nothing is sent anywhere.
//
//   import { simulate, fit } from 'mixlens';
//   const { csv } = await simulate();
//   const model = await fit(csv, {}, p => console.log(p.done, '/', p.total));
//   console.table(model.report().channels);
//   const plan = model.plan({ goal: { type: 'max_response', budget: 90000 } });

import init, * as wasm from './mixlens.js';

let compiled = null; // Promise<WebAssembly.Module>
let pool = null; // worker pool

/** Compile the WebAssembly module (once) and make it usable on this thread. */
export function load() {
  if (!compiled) {
    const url = new URL('./mixlens_bg.wasm', import.meta.url);
    compiled = (async () => {
      const module = typeof WebAssembly.compileStreaming === 'function'
        ? await WebAssembly.compileStreaming(fetch(url)).catch(async () => WebAssembly.compile(await (await fetch(url)).arrayBuffer()))
        : await WebAssembly.compile(await (await fetch(url)).arrayBuffer());
      await init({ module_or_path: module });
      return module;
    })();
  }
  return compiled;
}

/** An Error from the core carries `kind` and, when it points at a cell, `row` and `column`. */
function toError(e) {
  if (e instanceof Error) return e;
  const err = new Error(e && e.message ? e.message : String(e));
  if (e && typeof e === 'object') {
    for (const k of ['kind', 'row', 'column']) if (e[k] !== undefined && e[k] !== null) err[k] = e[k];
  }
  return err;
}

/** Simulated data with a known truth: `{ csv, truth }`. */
export async function simulate(options = {}) {
  await load();
  return wasm.simulate(options);
}

/** First rows, decided roles, coverage and the first problem of a CSV text. */
export async function inspect(csvText, roles = {}) {
  await load();
  return wasm.inspect(csvText, roles);
}

/** Library version. */
export async function version() {
  await load();
  return wasm.version();
}

class Pool {
  constructor(size, module) {
    this.module = module;
    this.workers = [];
    this.ready = Promise.all(Array.from({ length: size }, () => this.#spawn()));
    this.nextId = 1;
  }

  #spawn() {
    const w = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    const entry = { worker: w, busy: false };
    this.workers.push(entry);
    return new Promise((resolve, reject) => {
      const onMessage = (ev) => {
        if (ev.data && ev.data.type === 'ready') { w.removeEventListener('message', onMessage); resolve(entry); }
        if (ev.data && ev.data.type === 'error') { w.removeEventListener('message', onMessage); reject(toError(ev.data.error)); }
      };
      w.addEventListener('message', onMessage);
      w.addEventListener('error', (ev) => reject(new Error(`A worker failed to start: ${ev.message || 'unknown error'}`)), { once: true });
      w.postMessage({ type: 'init', module: this.module });
    });
  }

  get size() { return this.workers.length; }

  /** Run one request on worker `i`; `onMessage` sees progress messages. */
  request(i, message, onMessage, transfer = []) {
    const { worker } = this.workers[i];
    const id = this.nextId++;
    return {
      id,
      cancel: () => worker.postMessage({ type: 'cancel', id }),
      done: new Promise((resolve, reject) => {
        const listener = (ev) => {
          const m = ev.data;
          if (!m || m.id !== id) return;
          if (m.type === 'progress') { onMessage && onMessage(m); return; }
          worker.removeEventListener('message', listener);
          if (m.type === 'error') reject(toError(m.error));
          else if (m.type === 'cancelled') { const e = new Error('The fit was cancelled.'); e.kind = 'cancelled'; reject(e); }
          else resolve(m);
        };
        worker.addEventListener('message', listener);
        worker.postMessage({ ...message, id }, transfer);
      }),
    };
  }
}

/**
 * Start the fitting workers now (for example when a page loads), so that no file is fetched
 * later. `size` defaults to the number of logical processors.
 */
export async function startWorkers(size) {
  const module = await load();
  const n = Math.max(1, Math.min(16, size || (globalThis.navigator && navigator.hardwareConcurrency) || 2));
  if (!pool || pool.size < n) pool = new Pool(n, module);
  await pool.ready;
  return pool.size;
}

/**
 * Fit a marketing mix model to a CSV text.
 *
 * options: `{ roles, model, search: { iterations, trials, seed, holdout }, workers, signal }`.
 * `onProgress({ done, total, fraction, bestNrmse, bestDecompRssd, secondsLeft })` is called
 * after every chunk of work. Trials are spread over the workers; the result is identical to a
 * one-worker run with the same seed. Rejects with an Error (`kind: 'cancelled'` when aborted).
 */
export async function fit(csvText, options = {}, onProgress) {
  const module = await load();
  const request = { roles: options.roles || {}, model: options.model || {}, search: options.search || {} };
  wasm.check(csvText, request); // throws the data's first problem before any worker starts
  const trials = request.search.trials || 5;
  const wanted = Math.max(1, Math.min(trials, options.workers || (globalThis.navigator && navigator.hardwareConcurrency) || 2));
  if (!pool || pool.size < wanted) pool = new Pool(wanted, module);
  await pool.ready;
  // Contiguous, nearly equal shares of the trials.
  const shares = [];
  for (let w = 0, start = 0; w < wanted; w++) {
    const end = start + Math.floor(trials / wanted) + (w < trials % wanted ? 1 : 0);
    if (end > start) shares.push([start, end]);
    start = end;
  }
  const started = performance.now();
  const progress = shares.map(() => ({ done: 0, total: 0, best_nrmse: null, best_decomp_rssd: null }));
  // A worker can still deliver a progress message after the fit has failed or been cancelled
  // (its last chunk was under way): once settled, progress is no longer reported.
  let settled = false;
  const report = () => {
    if (!onProgress || settled) return;
    const done = progress.reduce((s, p) => s + p.done, 0);
    const total = progress.reduce((s, p) => s + p.total, 0) || 1;
    const best = (k) => progress.map(p => p[k]).filter(v => v !== null).reduce((a, b) => Math.min(a, b), Infinity);
    const elapsed = (performance.now() - started) / 1000;
    onProgress({
      done, total, fraction: done / total,
      bestNrmse: Number.isFinite(best('best_nrmse')) ? best('best_nrmse') : null,
      bestDecompRssd: Number.isFinite(best('best_decomp_rssd')) ? best('best_decomp_rssd') : null,
      secondsLeft: done > 0 ? elapsed * (total - done) / done : null,
    });
  };
  const jobs = shares.map(([start, end], i) =>
    pool.request(i, { type: 'fit', csv: csvText, request, start, end }, (m) => { progress[i] = m; report(); }));
  const abort = () => jobs.forEach(j => j.cancel());
  if (options.signal) {
    if (options.signal.aborted) abort();
    options.signal.addEventListener('abort', abort, { once: true });
  }
  try {
    const parts = await Promise.all(jobs.map(j => j.done));
    const length = parts.reduce((s, p) => s + p.buffer.length, 0);
    const all = new Float64Array(length);
    let offset = 0;
    for (const p of parts) { all.set(p.buffer, offset); offset += p.buffer.length; }
    const merged = pool.request(0, { type: 'assemble', csv: csvText, request, buffer: all }, null, [all.buffer]);
    const { json } = await merged.done;
    return new Model(json);
  } catch (e) {
    settled = true;
    if (e.kind !== 'cancelled') abort();
    throw e;
  } finally {
    settled = true;
    if (options.signal) options.signal.removeEventListener('abort', abort);
  }
}

/** A fitted model: results, Pareto alternatives, budget plans and what-ifs. */
export class Model {
  #inner;

  /** Open MODEL.json text (as written by `fit` or the `mixlens` CLI). Call `load()` first. */
  constructor(json) {
    this.#inner = new wasm.Model(json);
  }

  /** Everything the model reports (channels, fit, decomposition, Pareto front, data...). */
  report() { return this.#inner.report(); }

  /** Show Pareto model `index` instead of the recommended one; returns its report. */
  selectPareto(index) { return this.#inner.selectPareto(index); }

  /**
   * A budget plan. request: `{ goal: { type: 'max_response', budget } | { type: 'target_roas',
   * target } | { type: 'target_cpa', target }, bounds: { channel: { low, high } },
   * relative_bounds: { low, high }, locked: [channel], window }`.
   */
  plan(request = {}) { return this.#inner.plan(request); }

  /** The same plan as CSV text. */
  planCsv(request = {}) { return this.#inner.planCsv(request); }

  /** Expected response of your own spends: `{ channel: spend per period }`. */
  whatIf(spends = {}, window = 52) { return this.#inner.whatIf(spends, window); }

  /** Channel results as CSV text. */
  channelsCsv() { return this.#inner.channelsCsv(); }

  /** Decomposition of every period as CSV text. */
  decompositionCsv() { return this.#inner.decompositionCsv(); }

  /** MODEL.json text. */
  toJSON() { return this.#inner.toJson(); }
}

/** Open a saved MODEL.json text. */
export async function openModel(json) {
  await load();
  return new Model(json);
}

/** Convenience: the best allocation of `budget` per period (other options as in `Model.plan`). */
export async function optimize(model, budget, options = {}) {
  await load();
  const m = model instanceof Model ? model : new Model(typeof model === 'string' ? model : JSON.stringify(model));
  return m.plan({ ...options, goal: budget === undefined ? undefined : { type: 'max_response', budget } });
}
