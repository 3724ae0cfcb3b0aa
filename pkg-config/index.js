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

/** An Error of MixLens's own (`kind`: 'invalid_setting' unless said). */
const fail = (message, kind = 'invalid_setting') => Object.assign(new Error(message), { kind });

/** What a missing or unservable file's error adds: the files that must sit beside index.js. */
const SERVE = 'serve mixlens_bg.wasm, mixlens.js and worker.js unchanged beside index.js (or the bundle made from it).';

/** Compile the WebAssembly module (once) and make it usable on this thread. A wasm file that
 * is not served (404, or a page served in its place) rejects with `kind: 'load_failed'`, naming
 * the URL; the next call tries again. */
export function load() {
  if (!compiled) {
    const url = new URL('./mixlens_bg.wasm', import.meta.url);
    compiled = (async () => {
      const response = await fetch(url).catch((e) => { throw fail(`${url} could not be fetched (${e.message}; Node: see the README's "Where it runs").`, 'load_failed'); });
      if (!response.ok) throw fail(`${url} answered ${response.status}: ${SERVE}`, 'load_failed');
      // Streaming needs the wasm MIME type; without it, the bytes (which must be WebAssembly).
      const module = await (WebAssembly.compileStreaming ? WebAssembly.compileStreaming(response.clone()) : Promise.reject()).catch(async () => {
        const bytes = await response.arrayBuffer();
        if (String.fromCharCode(...new Uint8Array(bytes.slice(0, 4))) !== '\0asm') throw fail(`${url} is not WebAssembly: ${SERVE}`, 'load_failed');
        return WebAssembly.compile(bytes);
      });
      await init({ module_or_path: module });
      wasmModule = module;
      await importSpare();
      return module;
    })();
    compiled.catch(() => { compiled = null; });
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

/** What `v` is, in a word, for messages. */
const typeName = (v) => (v === null ? 'null' : typeof v === 'object' ? (v.constructor && v.constructor.name) || 'object' : typeof v);
const isBlob = (v) => typeof Blob !== 'undefined' && v instanceof Blob;

/**
 * The text of a CSV file, or of a MODEL.json (`json`), checked before it reaches the core (which
 * takes strings only): a string; an ArrayBuffer or typed array (read as UTF-8, or Windows-1252
 * when not UTF-8); for a model, a
 * Model or the parsed JSON too. A File or Blob is read by `readText` (`sync`: not here). Anything
 * else throws `kind: 'invalid_setting'` saying what was passed.
 */
function textOf(v, name, json, sync) {
  if (typeof v === 'string') return v;
  if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return decode(v);
  if (json && v instanceof Model) return v.toJSON();
  if (json && v && typeof v === 'object' && !isBlob(v)) return JSON.stringify(v);
  throw fail(`${name}: expected the text of ${json ? 'a MODEL.json' : 'a CSV file'} (a string, ${sync ? '' : 'File, Blob, '}ArrayBuffer or typed array${json ? ', or the parsed JSON' : ''}), not ${typeName(v)}${sync && isBlob(v) ? ': await openModel(file) reads a File' : ''}.`);
}
const readText = async (v, name, json) => (isBlob(v) ? decode(await v.arrayBuffer()) : textOf(v, name, json));

/**
 * The text of a file as MixLens reads it: a File, Blob, ArrayBuffer or typed array decoded as
 * UTF-8, or (when its bytes are not UTF-8) as Windows-1252, which Excel on Windows writes for
 * "CSV" and whose accented names and `€` signs would otherwise turn into `�`. A string is
 * returned as it is. The page reads every file it is given through this.
 */
export async function fileText(file) {
  return readText(file, 'fileText', false);
}

/** Bytes as text: UTF-8, else Windows-1252 (see `fileText`). */
function decode(bytes) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/**
 * Throw `kind: 'invalid_setting'` naming a key of `value` that `shape` does not have, at every
 * level: `shape`'s keys are the accepted ones (`{}`: any; `'*'`: any key, each value checked
 * against `shape['*']`). Keys set to undefined are left alone.
 */
function known(value, shape, path = '') {
  const plain = (o) => o && typeof o === 'object' && !Array.isArray(o);
  const keys = plain(value) && plain(shape) ? Object.keys(shape) : [];
  if (!keys.length) return;
  for (const k of Object.keys(value)) {
    if (value[k] === undefined) continue;
    if (!shape['*'] && !keys.includes(k)) throw fail(`Unknown option '${path}${k}': the known ones are ${keys.join(', ')}.`);
    known(value[k], shape['*'] || shape[k], `${path}${k}.`);
  }
}

// The options of a plan (and summary, planCsv, optimize) and of a design, as index.d.ts's
// PlanRequest and DesignRequest declare them (the core has no defaults to read them from).
const PLAN = { goal: 0, bounds: { '*': { low: 0, high: 0 } }, relative_bounds: { low: 0, high: 0 }, locked: 0, window: 0, within_history: 0 };
const DESIGN = Object.fromEntries('periods change standard_error relative_standard_error outcomes draws window seed'.split(' ').map((k) => [k, 0]));

let defaults = null;
/** The core's fit request with every setting at its default (read once): the fit options'
 * accepted keys at every level. */
const fitDefaults = () => defaults || (defaults = guard((glue) => glue.defaultRequest()));

/** Simulated data with a known truth: `{ csv, truth }`. */
export async function simulate(options = {}) {
  await load();
  return guard((glue) => glue.simulate(options));
}

/** First rows, decided roles, coverage and the first problem of a CSV text. `read`:
 * `{ decimal_mark: 'point' | 'comma' }` for number columns whose cells could be read two ways. */
export async function inspect(csvText, roles = {}, read = {}) {
  await load();
  known(roles, fitDefaults().roles, 'roles.');
  known(read, defaults.read, 'read.');
  const text = await readText(csvText, 'csvText');
  return guard((glue) => glue.inspect(text, roles, read));
}

/** Library version. */
export async function version() {
  await load();
  return guard((glue) => glue.version());
}

/** A cancelled call's Error: `name` 'AbortError', `kind` 'cancelled', and the reason of the
 * signal that aborted it (if any) as `cause`. */
function cancelledError(what = 'The fit', signal) {
  const e = fail(`${what} was cancelled.`, 'cancelled');
  e.name = 'AbortError';
  if (signal && signal.aborted) e.cause = signal.reason;
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
    const url = new URL('./worker.js', import.meta.url);
    const w = new Worker(url, { type: 'module' });
    // `pending`: how to end each request under way on this worker if the worker is replaced.
    const entry = { worker: w, pending: new Set() };
    entry.ready = new Promise((resolve, reject) => {
      const onMessage = (ev) => {
        if (ev.data && ev.data.type === 'ready') { w.removeEventListener('message', onMessage); resolve(entry); }
        if (ev.data && ev.data.type === 'error') { w.removeEventListener('message', onMessage); reject(toError(ev.data.error)); }
      };
      w.addEventListener('message', onMessage);
      w.addEventListener('error', (ev) => reject(fail(`${url} failed to start (${ev.message || 'not served?'}): ${SERVE}`, 'load_failed')), { once: true });
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

/** The lift tests of `options.experiments`: an array as given, or read from an experiments
 * CSV's text (with the data's `read` options: its decimal mark answers numbers that read two
 * ways). */
async function liftTests(experiments, read) {
  if (experiments === undefined || experiments === null) return [];
  if (Array.isArray(experiments)) return experiments;
  const text = await readText(experiments, 'experiments (or LiftTest[])');
  return guard((glue) => glue.parseLiftCsv(text, read));
}

/** The request a fit with these options sends to the core. Unknown options are refused at every
 * level of `defaultRequest()`; `seed` sets `bayes.seed` and `search.seed` where they are not set. */
async function fitRequest(options) {
  known(options, { ...fitDefaults(), seed: 0, uncalibrated: 0, workers: 0, signal: 0 });
  const seed = options.seed === undefined ? {} : { seed: options.seed };
  const request = { read: options.read || {}, roles: options.roles || {}, model: options.model || {}, search: { ...seed, ...options.search }, bayes: { ...seed, ...options.bayes } };
  if (options.estimator !== undefined) request.estimator = options.estimator;
  request.experiments = await liftTests(options.experiments, options.read);
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
  known(read, fitDefaults().read, 'read.');
  const csv = await readText(text, 'text');
  return guard((glue) => glue.parseLiftCsv(csv, read));
}

/**
 * Check a fit's data and options without fitting (the lift tests matched to the data among
 * them): `{ search, estimated_seconds, warnings }`. Throws the first problem, as `fit` would.
 */
export async function check(csvText, options = {}) {
  await load();
  const request = await fitRequest(options);
  const text = await readText(csvText, 'csvText');
  return guard((glue) => glue.check(text, request));
}

/**
 * The Bayesian estimator's priors as a fit with these options would resolve them, before it
 * runs: `[{ name, quantity, centre, spread, set_by_user, shapes }]` (defaults computed from the
 * data, yours where `options.bayes.roi_priors` sets them). Throws the data's first problem.
 */
export async function priors(csvText, options = {}) {
  await load();
  const request = await fitRequest(options);
  const text = await readText(csvText, 'csvText');
  return guard((glue) => glue.priors(text, request));
}

/**
 * Fit a marketing mix model to a CSV text (or a File, Blob, ArrayBuffer or typed array of it).
 *
 * options: `{ read, roles, model, estimator: 'auto' | 'ridge_search' | 'bayes' (default 'auto':
 * the Bayesian estimator, the ridge search for big data), seed (sets `search.seed` and
 * `bayes.seed`, as the CLI's --seed), search: { iterations, trials, seed, holdout, scale_to_data },
 * bayes: { chains, draws, tune, seed, roi_priors, no_effect, autocorrelated_noise }, experiments,
 * uncalibrated, workers, signal }`; an unknown key at any level is refused (`kind:
 * 'invalid_setting'`). `experiments`: lift tests to calibrate with, `LiftTest[]` or
 * the text of an experiments CSV (see `parseLiftCsv`); with tests, the model is also fitted
 * without them (same options; or pass that fit as `uncalibrated`, a Model or its MODEL.json) and
 * `report().calibration` gives each test's measured lift beside the model's before and after.
 * `onProgress({ done, total, fraction, bestNrmse, bestDecompRssd, secondsLeft, chains,
 * estimatedSeconds, searchNote, stage })` is called once before the workers start (done 0) and after
 * every chunk of work, never after the fit was aborted or failed; `estimatedSeconds` is the time estimated before the start, `searchNote`
 * says, for big data, that the automatic choice is the ridge search and how the search was
 * shortened (null when neither). The ridge search spreads its trials over the workers; the
 * Bayesian estimator runs one chain per worker (`chains`: each chain's `{ done, total,
 * started }` sweeps; a chain waits for a free worker when there are more chains than workers).
 * Either way the result is identical to a one-worker run with the same seed. `stage` is null for
 * a fit without lift tests, else `{ index, of, name }` ('without the lift tests', 'with the lift
 * tests'): which of the fits runs, each reported from 0 to 1. Rejects with an Error (`kind:
 * 'cancelled'` and `name: 'AbortError'` when aborted, the signal's reason as `cause`). An
 * exception thrown by `onProgress` stops the fit, which rejects with that exception.
 */
export async function fit(csvText, options = {}, onProgress) {
  const module = await load();
  const request = await fitRequest(options);
  const csv = await readText(csvText, 'csvText');
  if (request.experiments.length === 0) return fitOnce(module, csv, options, request, onProgress, null);
  // With lift tests: the model without them too (or the one given), so that each test's row of
  // `calibration` shows the model's implied lift before and after.
  let without = options.uncalibrated;
  const stages = without ? 1 : 2;
  if (!without) {
    const plain = { ...request, experiments: [] };
    without = await fitOnce(module, csv, options, plain, onProgress, { index: 1, of: stages, name: 'without the lift tests' });
  }
  const json = await readText(without, 'uncalibrated', true);
  const withTests = await fitOnce(module, csv, options, request, onProgress, { index: stages, of: stages, name: 'with the lift tests' });
  return new Model(guard((glue) => glue.attachUncalibrated(withTests.toJSON(), json)));
}

/** One fit of `request` (see `fit`); progress reports carry `stage` (null for a single fit). */
async function fitOnce(module, csvText, options, request, onProgress, stage) {
  const { signal } = options;
  // Throws the data's first problem before any worker starts; says how the fit will run.
  const outlook = guard((glue) => glue.check(csvText, request));
  // The estimator that runs ('auto' resolved by the core for these data: the workers resolve the
  // request the same way, and the model keeps the core's word on the choice).
  const bayes = outlook.estimator === 'bayes';
  const processors = options.workers || (globalThis.navigator && navigator.hardwareConcurrency) || 2;
  const settings = { ...fitDefaults().bayes, ...request.bayes };
  const chains = bayes ? settings.chains : 0;
  const units = bayes ? chains : outlook.search.trials;
  const wanted = Math.max(1, Math.min(units, processors));
  // The core estimates seconds on one native core; each worker runs whole trials or chains.
  const estimatedSeconds = outlook.estimated_seconds / units * Math.ceil(units / wanted) * WASM_SLOWDOWN;
  // Big data: which estimator was chosen for it, and how the search was shortened.
  const notes = outlook.warnings.filter((w) => w.kind === 'estimator_chosen' || w.kind === 'search_scaled');
  const searchNote = notes.length ? notes.map((w) => w.message).join(' ') : null;
  // A worker can still deliver a progress message after the fit has failed or been cancelled
  // (its last chunk was under way): once settled, progress is no longer reported. A callback
  // that throws stops the fit, which rejects with its exception (`failure`).
  let settled = false;
  let cancelled = false;
  let failure = null;
  const running = new Set();
  const abort = () => { cancelled = settled = true; running.forEach((j) => j.cancel()); };
  const tell = (p) => {
    if (settled) return;
    try { onProgress(p); } catch (e) { failure = e; abort(); }
  };
  if (signal) {
    if (signal.aborted) abort();
    signal.addEventListener('abort', abort, { once: true });
  }
  const progress = [];
  let started;
  const report = () => {
    if (!onProgress || settled) return;
    const done = progress.reduce((s, p) => s + p.done, 0);
    const total = progress.reduce((s, p) => s + p.total, 0) || 1;
    const best = (k) => progress.map(p => p[k]).filter(v => v !== null && v !== undefined).reduce((a, b) => Math.min(a, b), Infinity);
    const elapsed = (performance.now() - started) / 1000;
    tell({
      done, total, fraction: done / total,
      bestNrmse: Number.isFinite(best('best_nrmse')) ? best('best_nrmse') : null,
      bestDecompRssd: Number.isFinite(best('best_decomp_rssd')) ? best('best_decomp_rssd') : null,
      secondsLeft: done > 0 ? elapsed * (total - done) / done : null,
      chains: bayes ? progress.map((p) => ({ done: p.done, total: p.total, started: p.started })) : null,
      estimatedSeconds, searchNote, stage,
    });
  };
  const run = (job) => { running.add(job); return job.done.finally(() => running.delete(job)); };
  try {
    if (!pool || pool.size < wanted) pool = new Pool(wanted, module);
    await pool.ready;
    started = performance.now();
    if (onProgress) {
      tell({
        done: 0, total: bayes ? chains * (settings.tune + settings.draws) : outlook.search.iterations * units,
        fraction: 0, bestNrmse: null, bestDecompRssd: null,
        secondsLeft: null,
        chains: bayes ? Array.from({ length: chains }, () => ({ done: 0, total: settings.tune + settings.draws, started: false })) : null,
        estimatedSeconds, searchNote, stage,
      });
    }
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
    // Aborted (or the callback threw) while the last work finished: rejected all the same.
    if (cancelled) throw cancelledError();
    return new Model(json);
  } catch (e) {
    abort();
    throw failure || (e.kind === 'cancelled' ? cancelledError('The fit', signal) : e);
  } finally {
    settled = true;
    if (signal) signal.removeEventListener('abort', abort);
  }
}

/** A fitted model: results, Pareto alternatives, budget plans and what-ifs. */
export class Model {
  #json; // the MODEL.json text it was opened from
  #selected = null; // the Pareto model shown instead of the recommended one
  #inner;
  #generation;

  /** Open MODEL.json text (as written by `fit` or the `mixlens` CLI; or an ArrayBuffer, typed
   * array or parsed object of it). `await load()` first (or use `openModel`). */
  constructor(json) {
    if (!wasmModule) throw fail('MixLens is not loaded yet: await load() before new Model(json), or use await openModel(json).', 'not_loaded');
    this.#json = textOf(json, 'json', true, true);
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
  plan(request = {}) { known(request, PLAN); return this.#call((m) => m.plan(request)); }

  /**
   * The executive summary in plain words: `{ headline, sentences, first, last, model: { label },
   * channels, test_next }`; with a plan request, a sentence gives the plan's cautious and
   * expected gain, followed by its cautions (`Plan.cautions`) about channels it moves.
   */
  summary(planRequest = null) { known(planRequest, PLAN); return this.#call((m) => m.summary(planRequest)); }

  /** The same plan as CSV text. */
  planCsv(request = {}) { known(request, PLAN); return this.#call((m) => m.planCsv(request)); }

  /** Expected response of your own spends: `{ channel: spend per period }`. */
  whatIf(spends = {}, window = 0) { return this.#call((m) => m.whatIf(spends, window)); }

  /** Each paid channel's response curve as plans and what-ifs over the last `window` periods
   * read it (the mean over the draws for the recommended model; the report's `response_curve`
   * is the point estimate's), at the report curve's spends: `[{ name, points: [{ spend,
   * response }] }]`. A what-if's markers lie on it. */
  planCurves(window = 0) { return this.#call((m) => m.planCurves(window)); }

  /** Where a target goal starts over the last `window` periods: `{ target_roas, target_cpa }`
   * (90% of the current ROAS, null for a conversions KPI; 110% of the current CPA, null for a
   * revenue KPI or without a response). */
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
  design(request = {}) { known(request, DESIGN); return this.#call((m) => m.design(request)); }

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

/** Open a saved MODEL.json: its text, a File or Blob, an ArrayBuffer or typed array, or the
 * parsed JSON. */
export async function openModel(json) {
  await load();
  return new Model(await readText(json, 'json', true));
}

/**
 * Which lift test to run next for a model (a Model, shown as it is, or MODEL.json text), in a
 * worker (seconds of work, off the calling thread); the result and `options` as in
 * `Model.design`.
 */
export async function design(model, options = {}) {
  const { signal, ...request } = options;
  known(request, DESIGN);
  const module = await load();
  const json = await readText(model, 'model', true);
  if (!pool) pool = new Pool(1, module);
  await pool.ready;
  if (signal && signal.aborted) throw cancelledError('Ranking the tests', signal);
  const job = pool.request(0, { type: 'design', json, request });
  // The ranking is one call into the core: a cancel ends its worker (a fresh one takes its place).
  const abort = () => job.stop();
  if (signal) signal.addEventListener('abort', abort, { once: true });
  try {
    const { report } = await job.done;
    return report;
  } catch (e) {
    if (e.kind === 'cancelled') throw cancelledError('Ranking the tests', signal);
    throw e;
  } finally {
    if (signal) signal.removeEventListener('abort', abort);
  }
}

/** Convenience: the best allocation of `budget` per period (other options as in `Model.plan`). */
export async function optimize(model, budget, options = {}) {
  await load();
  const m = model instanceof Model ? model : new Model(await readText(model, 'model', true));
  return m.plan({ ...options, goal: budget === undefined ? undefined : { type: 'max_response', budget } });
}
