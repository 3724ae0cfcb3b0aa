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

import init, * as first from './mixlens.js';

let compiled = null; // Promise<WebAssembly.Module>
let pool = null; // worker pool

// ---- Restarting after a trap
// A panic in the core traps the WebAssembly instance (RuntimeError: unreachable) and leaves it
// unusable. wasm-bindgen's glue instantiates once per module record, so a fresh instance needs a
// fresh copy of the glue: one spare copy is imported while loading (no fetch is needed when a
// trap happens), instantiated from the compiled module when the running one traps, and replaced.
// Model handles of a dead instance reopen themselves in the new one from their MODEL.json.
let wasmModule = null; // the compiled module, once loaded
let engine = first; // the glue whose instance this thread uses; null when none could restart
let spare = null; // a not yet instantiated copy of the glue
let generation = 0; // bumped at every restart
let copies = 0;

// (Where a bundler has merged the glue into its output, the copy cannot be imported: a trap then
// asks for a reload instead of restarting.)
function importSpare() {
  copies += 1;
  const url = new URL(`./mixlens.js?instance=${copies}`, import.meta.url).href;
  return import(/* @vite-ignore */ /* webpackIgnore: true */ url).then((glue) => { spare = glue; }, () => { spare = null; });
}

/** Replace the trapped instance by a fresh one; false when none could be made. */
function restart() {
  generation += 1;
  engine = null;
  if (!spare || !wasmModule) return false;
  try {
    spare.initSync({ module: wasmModule });
    engine = spare;
  } catch {
    return false;
  } finally {
    spare = null;
  }
  importSpare(); // for the next time
  return true;
}

const isTrap = (e) => typeof WebAssembly !== 'undefined' && e instanceof WebAssembly.RuntimeError;

/** The Error a trap becomes: in words, `kind: 'crashed'`, the trap as `cause`. */
function crashError(e, restarted) {
  const err = new Error(`MixLens stopped on an internal error (a bug in MixLens, not a problem with your data)${restarted
    ? ' and has restarted its engine: try again, and please report it if it happens again'
    : ': reload the page to start again'}. (${e && e.message ? e.message : e})`);
  err.kind = 'crashed';
  err.cause = e;
  return err;
}

/** Run `f(glue)` on this thread's instance; a trap restarts the instance and throws a crash error. */
function guard(f) {
  if (!engine) throw crashError(new Error('no engine'), false);
  try {
    return f(engine);
  } catch (e) {
    if (isTrap(e)) throw crashError(e, restart());
    throw e;
  }
}

/** Compile the WebAssembly module (once) and make it usable on this thread. */
export function load() {
  if (!compiled) {
    const url = new URL('./mixlens_bg.wasm', import.meta.url);
    compiled = (async () => {
      const module = typeof WebAssembly.compileStreaming === 'function'
        ? await WebAssembly.compileStreaming(fetch(url)).catch(async () => WebAssembly.compile(await (await fetch(url)).arrayBuffer()))
        : await WebAssembly.compile(await (await fetch(url)).arrayBuffer());
      await init({ module_or_path: module });
      wasmModule = module;
      await importSpare();
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
  return guard((glue) => glue.simulate(options));
}

/** First rows, decided roles, coverage and the first problem of a CSV text. `read`:
 * `{ decimal_mark: 'point' | 'comma' }` for number columns whose cells could be read two ways. */
export async function inspect(csvText, roles = {}, read = {}) {
  await load();
  return guard((glue) => glue.inspect(csvText, roles, read));
}

/** Library version. */
export async function version() {
  await load();
  return guard((glue) => glue.version());
}

function cancelledError(what = 'The fit') {
  const e = new Error(`${what} was cancelled.`);
  e.kind = 'cancelled';
  return e;
}

class Pool {
  constructor(size, module) {
    this.module = module;
    this.workers = Array.from({ length: size }, () => this.#spawn());
    this.ready = Promise.all(this.workers.map((entry) => entry.ready));
    this.nextId = 1;
  }

  #spawn() {
    const w = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    // `pending`: how to end each request under way on this worker if the worker is replaced.
    const entry = { worker: w, pending: new Set() };
    entry.ready = new Promise((resolve, reject) => {
      const onMessage = (ev) => {
        if (ev.data && ev.data.type === 'ready') { w.removeEventListener('message', onMessage); resolve(entry); }
        if (ev.data && ev.data.type === 'error') { w.removeEventListener('message', onMessage); reject(toError(ev.data.error)); }
      };
      w.addEventListener('message', onMessage);
      w.addEventListener('error', (ev) => reject(new Error(`A worker failed to start: ${ev.message || 'unknown error'}`)), { once: true });
      w.postMessage({ type: 'init', module: this.module });
    });
    return entry;
  }

  /** Worker `i`'s instance trapped (or a request on it was stopped): end it and start a fresh
   * one in its place. Every other request still under way on it is rejected as cancelled, never
   * left waiting for a worker that is gone. */
  #replace(i) {
    const old = this.workers[i];
    old.worker.terminate();
    for (const end of [...old.pending]) end();
    old.pending.clear();
    this.workers[i] = this.#spawn();
    this.workers[i].ready.catch(() => {}); // reported by the next request on it
  }

  get size() { return this.workers.length; }

  /** Run one request on worker `i`; `onMessage` sees progress messages. */
  request(i, message, onMessage, transfer = []) {
    const entry = this.workers[i];
    const { worker } = entry;
    const id = this.nextId++;
    let stop = null;
    let stopped = false;
    return {
      id,
      cancel: () => worker.postMessage({ type: 'cancel', id }),
      // For work that does not check for a cancel (one long call into the core): end the worker
      // now and start a fresh one in its place; the request is rejected as cancelled.
      stop: () => { stopped = true; if (stop) stop(); },
      done: entry.ready.then(() => new Promise((resolve, reject) => {
        if (stopped) { reject(cancelledError()); return; }
        const end = () => {
          entry.pending.delete(end);
          worker.removeEventListener('message', listener);
          reject(cancelledError());
        };
        stop = () => {
          end();
          if (this.workers[i] === entry) this.#replace(i);
        };
        const listener = (ev) => {
          const m = ev.data;
          if (!m || m.id !== id) return;
          if (m.type === 'progress') { onMessage && onMessage(m); return; }
          entry.pending.delete(end);
          worker.removeEventListener('message', listener);
          if (m.type === 'error' && m.crashed) {
            if (this.workers[i] === entry) this.#replace(i);
            reject(crashError(m.error, true));
          } else if (m.type === 'error') reject(toError(m.error));
          else if (m.type === 'cancelled') reject(cancelledError());
          else resolve(m);
        };
        entry.pending.add(end);
        worker.addEventListener('message', listener);
        worker.postMessage({ ...message, id }, transfer);
      })),
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

/** How much slower the search runs in a browser's WebAssembly than the native estimate of the
 * core (`Prepared::estimated_seconds`): measured on the 2-core VM in headless Chromium
 * (BENCHMARKS.md, "Big data"). */
const WASM_SLOWDOWN = 1.3;

/**
 * The fit request with every setting at its default, as the core defines it:
 * `{ estimator, search: {...}, bayes: {...}, model: {...}, ... }`. Pages read their initial
 * settings (the estimator among them) from here instead of repeating them.
 */
export async function defaultRequest() {
  await load();
  return guard((glue) => glue.defaultRequest());
}

/** The lift tests of `options.experiments`: an array as given, or read from CSV text (with the
 * data's `read` options: its decimal mark answers numbers that read two ways). */
function liftTests(experiments, read) {
  if (experiments === undefined || experiments === null) return [];
  if (typeof experiments === 'string') return guard((glue) => glue.parseLiftCsv(experiments, read));
  return experiments;
}

/** The request a fit with these options sends to the core. */
function fitRequest(options) {
  const request = { read: options.read || {}, roles: options.roles || {}, model: options.model || {}, search: options.search || {} };
  if (options.estimator !== undefined) request.estimator = options.estimator;
  if (options.bayes !== undefined) request.bayes = options.bayes;
  request.experiments = liftTests(options.experiments, options.read);
  return request;
}

/**
 * Read an experiments CSV (one lift test per row: `channel,start,end,lift,standard_error` and
 * an optional `scope`, or Robyn's `channel,liftStartDate,liftEndDate,liftAbs,confidence,
 * calibration_scope`): `LiftTest[]`. Throws an Error with `kind`, `row` and `column` for a cell
 * that cannot be read; channels and dates are matched to the data by `check` and `fit`. `read`:
 * the data file's read options (its decimal mark answers numbers like `120.000`).
 */
export async function parseLiftCsv(text, read = {}) {
  await load();
  return guard((glue) => glue.parseLiftCsv(text, read));
}

/**
 * Check a fit's data and options without fitting (the lift tests matched to the data among
 * them): `{ search, estimated_seconds, warnings }`. Throws the first problem, as `fit` would.
 */
export async function check(csvText, options = {}) {
  await load();
  const request = fitRequest(options);
  return guard((glue) => glue.check(csvText, request));
}

/**
 * The Bayesian estimator's priors as a fit with these options would resolve them, before it
 * runs: `[{ name, quantity, centre, spread, set_by_user, shapes }]` (defaults computed from the
 * data, yours where `options.bayes.roi_priors` sets them). Throws the data's first problem.
 */
export async function priors(csvText, options = {}) {
  await load();
  return guard((glue) => glue.priors(csvText, fitRequest(options)));
}

/**
 * Fit a marketing mix model to a CSV text.
 *
 * options: `{ read, roles, model, estimator: 'auto' | 'ridge_search' | 'bayes' (default 'auto':
 * the Bayesian estimator, the ridge search for big data), search: { iterations, trials, seed,
 * holdout, scale_to_data }, bayes: { chains, draws, tune, seed, roi_priors }, experiments,
 * uncalibrated, workers, signal }`. `experiments`: lift tests to calibrate with, `LiftTest[]` or
 * the text of an experiments CSV (see `parseLiftCsv`); with tests, the model is also fitted
 * without them (same options; or pass that fit as `uncalibrated`, a Model or its MODEL.json) and
 * `report().calibration` gives each test's measured lift beside the model's before and after.
 * `onProgress({ done, total, fraction, bestNrmse, bestDecompRssd, secondsLeft, chains,
 * estimatedSeconds, searchNote, stage })` is called once before the workers start (done 0) and after
 * every chunk of work; `estimatedSeconds` is the time estimated before the start, `searchNote`
 * says, for big data, that the automatic choice is the ridge search and how the search was
 * shortened (null when neither). The ridge search spreads its trials over the workers; the
 * Bayesian estimator runs one chain per worker (`chains`: each chain's `{ done, total,
 * started }` sweeps; a chain waits for a free worker when there are more chains than workers).
 * Either way the result is identical to a one-worker run with the same seed. `stage` is null for
 * a fit without lift tests, else `{ index, of, name }` ('without the lift tests', 'with the lift
 * tests'): which of the fits runs, each reported from 0 to 1. Rejects with an Error (`kind:
 * 'cancelled'` when aborted).
 */
export async function fit(csvText, options = {}, onProgress) {
  const module = await load();
  const request = fitRequest(options);
  if (request.experiments.length === 0) return fitOnce(module, csvText, options, request, onProgress, null);
  // With lift tests: the model without them too (or the one given), so that each test's row of
  // `calibration` shows the model's implied lift before and after.
  let without = options.uncalibrated;
  const stages = without ? 1 : 2;
  if (!without) {
    const plain = { ...request, experiments: [] };
    without = await fitOnce(module, csvText, options, plain, onProgress, { index: 1, of: stages, name: 'without the lift tests' });
  }
  const withTests = await fitOnce(module, csvText, options, request, onProgress, { index: stages, of: stages, name: 'with the lift tests' });
  const json = typeof without === 'string' ? without : without.toJSON();
  return new Model(guard((glue) => glue.attachUncalibrated(withTests.toJSON(), json)));
}

/** One fit of `request` (see `fit`); progress reports carry `stage` (null for a single fit). */
async function fitOnce(module, csvText, options, request, onProgress, stage) {
  // Throws the data's first problem before any worker starts; says how the fit will run.
  const outlook = guard((glue) => glue.check(csvText, request));
  const defaults = guard((glue) => glue.defaultRequest());
  // The estimator that runs ('auto' resolved by the core for these data: the workers resolve the
  // request the same way, and the model keeps the core's word on the choice).
  const bayes = outlook.estimator === 'bayes';
  const processors = options.workers || (globalThis.navigator && navigator.hardwareConcurrency) || 2;
  const settings = { ...defaults.bayes, ...request.bayes };
  const chains = bayes ? settings.chains : 0;
  const units = bayes ? chains : outlook.search.trials;
  const wanted = Math.max(1, Math.min(units, processors));
  if (!pool || pool.size < wanted) pool = new Pool(wanted, module);
  await pool.ready;
  // The core estimates seconds on one native core; each worker runs whole trials or chains.
  const estimatedSeconds = outlook.estimated_seconds / units * Math.ceil(units / wanted) * WASM_SLOWDOWN;
  // Big data: which estimator was chosen for it, and how the search was shortened.
  const notes = outlook.warnings.filter((w) => w.kind === 'estimator_chosen' || w.kind === 'search_scaled');
  const searchNote = notes.length ? notes.map((w) => w.message).join(' ') : null;
  const started = performance.now();
  // A worker can still deliver a progress message after the fit has failed or been cancelled
  // (its last chunk was under way): once settled, progress is no longer reported.
  let settled = false;
  const progress = [];
  const report = () => {
    if (!onProgress || settled) return;
    const done = progress.reduce((s, p) => s + p.done, 0);
    const total = progress.reduce((s, p) => s + p.total, 0) || 1;
    const best = (k) => progress.map(p => p[k]).filter(v => v !== null && v !== undefined).reduce((a, b) => Math.min(a, b), Infinity);
    const elapsed = (performance.now() - started) / 1000;
    onProgress({
      done, total, fraction: done / total,
      bestNrmse: Number.isFinite(best('best_nrmse')) ? best('best_nrmse') : null,
      bestDecompRssd: Number.isFinite(best('best_decomp_rssd')) ? best('best_decomp_rssd') : null,
      secondsLeft: done > 0 ? elapsed * (total - done) / done : null,
      chains: bayes ? progress.map((p) => ({ done: p.done, total: p.total, started: p.started })) : null,
      estimatedSeconds, searchNote, stage,
    });
  };
  if (onProgress) {
    onProgress({
      done: 0, total: bayes ? chains * (settings.tune + settings.draws) : outlook.search.iterations * units,
      fraction: 0, bestNrmse: null, bestDecompRssd: null,
      secondsLeft: null,
      chains: bayes ? Array.from({ length: chains }, () => ({ done: 0, total: settings.tune + settings.draws, started: false })) : null,
      estimatedSeconds, searchNote, stage,
    });
  }
  const running = new Set();
  let cancelled = false;
  const abort = () => { cancelled = true; running.forEach(j => j.cancel()); };
  if (options.signal) {
    if (options.signal.aborted) abort();
    options.signal.addEventListener('abort', abort, { once: true });
  }
  const run = (job) => { running.add(job); return job.done.finally(() => running.delete(job)); };
  try {
    let merged;
    if (bayes) {
      // One chain per worker; a worker that finishes its chain takes the next one waiting.
      for (let c = 0; c < chains; c++) progress.push({ done: 0, total: settings.tune + settings.draws, started: false });
      const outputs = new Array(chains);
      let next = 0;
      const workerLoop = async (i) => {
        while (next < chains) {
          if (cancelled) throw cancelledError();
          const c = next++;
          const m = await run(pool.request(i, { type: 'chain', csv: csvText, request, chain: c }, (p) => { progress[c] = { done: p.done, total: p.total, started: true }; report(); }));
          outputs[c] = m.output;
        }
      };
      await Promise.all(Array.from({ length: wanted }, (_, i) => workerLoop(i)));
      merged = pool.request(0, { type: 'assembleChains', csv: csvText, request, outputs });
    } else {
      if (cancelled) throw cancelledError();
      // Contiguous, nearly equal shares of the trials.
      const shares = [];
      for (let w = 0, start = 0; w < wanted; w++) {
        const end = start + Math.floor(units / wanted) + (w < units % wanted ? 1 : 0);
        if (end > start) shares.push([start, end]);
        start = end;
      }
      // Each share's total is known before its worker reports, so "of N models" is the whole
      // search's from the first report on.
      shares.forEach(([start, end]) => progress.push({ done: 0, total: (end - start) * outlook.search.iterations, best_nrmse: null, best_decomp_rssd: null }));
      const parts = await Promise.all(shares.map(([start, end], i) =>
        run(pool.request(i, { type: 'fit', csv: csvText, request, start, end }, (m) => { progress[i] = m; report(); }))));
      const length = parts.reduce((s, p) => s + p.buffer.length, 0);
      const all = new Float64Array(length);
      let offset = 0;
      for (const p of parts) { all.set(p.buffer, offset); offset += p.buffer.length; }
      merged = pool.request(0, { type: 'assemble', csv: csvText, request, buffer: all }, null, [all.buffer]);
    }
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
  #json; // the MODEL.json text it was opened from
  #selected = null; // the Pareto model shown instead of the recommended one
  #inner;
  #generation;

  /** Open MODEL.json text (as written by `fit` or the `mixlens` CLI). Call `load()` first. */
  constructor(json) {
    this.#json = json;
    guard(() => this.#open());
  }

  // Open the model in the current instance (again, after a restart), showing the same model.
  #open() {
    const inner = new engine.Model(this.#json);
    if (this.#selected !== null) inner.selectPareto(this.#selected);
    // A handle of a dead instance is dropped without calling into it (the glue's finalizer would).
    if (this.#inner && this.#generation !== generation && this.#inner.__destroy_into_raw) this.#inner.__destroy_into_raw();
    this.#inner = inner;
    this.#generation = generation;
  }

  #call(f) {
    return guard(() => {
      if (this.#generation !== generation) this.#open();
      return f(this.#inner);
    });
  }

  /** Everything the model reports (channels, fit, decomposition, Pareto front, data...). */
  report() { return this.#call((m) => m.report()); }

  /** Show Pareto model `index` instead of the recommended one; returns its report. */
  selectPareto(index) {
    const report = this.#call((m) => m.selectPareto(index));
    this.#selected = index;
    return report;
  }

  /**
   * A budget plan. request: `{ goal: { type: 'max_response', budget } | { type: 'target_roas',
   * target } | { type: 'target_cpa', target }, bounds: { channel: { low, high } } (either side
   * may be left out: it comes from relative_bounds),
   * relative_bounds: { low, high }, locked: [channel], window }`.
   */
  plan(request = {}) { return this.#call((m) => m.plan(request)); }

  /**
   * The executive summary in plain words: `{ headline, sentences, first, last, model: { label },
   * channels, test_next }`; with a plan request, its last sentence gives the plan's cautious and
   * expected gain.
   */
  summary(planRequest = null) { return this.#call((m) => m.summary(planRequest)); }

  /** The same plan as CSV text. */
  planCsv(request = {}) { return this.#call((m) => m.planCsv(request)); }

  /** Expected response of your own spends: `{ channel: spend per period }`. */
  whatIf(spends = {}, window = 0) { return this.#call((m) => m.whatIf(spends, window)); }

  /** Where a target goal starts over the last `window` periods: `{ target_roas, target_cpa }`
   * (90% of the current ROAS, 110% of the current CPA; `target_cpa` null without a response). */
  defaultTargets(window = 0) { return this.#call((m) => m.defaultTargets(window)); }

  /**
   * Which lift test to run next (for a Bayesian model; the ridge search's alternatives stand in
   * for draws otherwise): `{ periods, interval_level, kpi, experiments: [{ channel, start, end,
   * periods, change, spend_at_stake, standard_error, expected_effect, current_roi_interval,
   * expected_roi_interval, value, settles, sentence }], material_value }`, most valuable first (then
   * those worth less than `material_value`, by `settles`). request: `{ periods,
   * change (-1: a pause), standard_error (KPI units) or relative_standard_error (a share of the
   * expected effect: 0.15), outcomes, draws, window, seed }`, all optional.
   */
  design(request = {}) { return this.#call((m) => m.design(request)); }

  /** Each paid channel's ROI over the saved draws, chain by chain in sampling order:
   * `[{ channel, chains: number[][] }]` (a trace plot; empty without posterior draws). */
  traces() { return this.#call((m) => m.traces()); }

  /** Channel results as CSV text. */
  channelsCsv() { return this.#call((m) => m.channelsCsv()); }

  /** Decomposition of every period as CSV text. */
  decompositionCsv() { return this.#call((m) => m.decompositionCsv()); }

  /** MODEL.json text. */
  toJSON() { return this.#call((m) => m.toJson()); }
}

/** Open a saved MODEL.json text. */
export async function openModel(json) {
  await load();
  return new Model(json);
}

/**
 * Which lift test to run next for a model (a Model, shown as it is, or MODEL.json text), in a
 * worker (seconds of work, off the calling thread); the result and `options` as in
 * `Model.design`.
 */
export async function design(model, options = {}) {
  const { signal, ...request } = options;
  const module = await load();
  const json = model instanceof Model ? model.toJSON() : typeof model === 'string' ? model : JSON.stringify(model);
  if (!pool) pool = new Pool(1, module);
  await pool.ready;
  if (signal && signal.aborted) throw cancelledError('Ranking the tests');
  const job = pool.request(0, { type: 'design', json, request });
  // The ranking is one call into the core: a cancel ends its worker (a fresh one takes its place).
  const abort = () => job.stop();
  if (signal) signal.addEventListener('abort', abort, { once: true });
  try {
    const { report } = await job.done;
    return report;
  } catch (e) {
    if (e.kind === 'cancelled') throw cancelledError('Ranking the tests');
    throw e;
  } finally {
    if (signal) signal.removeEventListener('abort', abort);
  }
}

/** Convenience: the best allocation of `budget` per period (other options as in `Model.plan`). */
export async function optimize(model, budget, options = {}) {
  await load();
  const m = model instanceof Model ? model : new Model(typeof model === 'string' ? model : JSON.stringify(model));
  return m.plan({ ...options, goal: budget === undefined ? undefined : { type: 'max_response', budget } });
}
