// The npm package's JavaScript layer as a developer meets it (the packed tarball, installed in
// pkg-config/example/node_modules by `make npm-pack`): what it accepts as CSV and MODEL.json
// input, unknown options, a missing wasm or worker file, the typings against the runtime's
// objects, cancellation, and `new Model()` before `load()`.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { env, useBrowser, root, openPage } from './helpers.mjs';

useBrowser();

const PKG = join(root, 'pkg-config', 'example', 'node_modules', 'mixlens');

/** Run `body(api)` in the example page (the installed package's module as `api`); its errors. */
async function withApi(body, arg, setup) {
  const { context, page, errors } = await openPage(env.example.url, undefined, setup);
  try {
    const result = await page.evaluate(async ([source, arg]) => {
      const api = await import('./node_modules/mixlens/index.js');
      return (0, eval)(`(${source})`)(api, arg);
    }, [body.toString(), arg]);
    return { result, errors };
  } finally {
    await context.close();
  }
}

test('CSV and MODEL.json inputs: text, File, Blob, bytes and parsed JSON are read; anything else is refused before the engine', async () => {
  const { result: r, errors } = await withApi(async (api) => {
    const { csv } = await api.simulate({ seed: 4, periods: 104, channels: 3 });
    const small = { estimator: 'ridge_search', search: { iterations: 300, trials: 2, seed: 3 } };
    const model = await api.fit(csv, small);
    const json = model.toJSON();
    const bytes = new TextEncoder().encode(csv);
    const outcome = async (f) => { try { await f(); return 'ok'; } catch (e) { return { kind: e.kind, message: e.message }; } };
    const same = JSON.stringify(await api.inspect(csv));
    const inspected = {};
    for (const [name, v] of Object.entries({ File: new File([csv], 'data.csv'), Blob: new Blob([csv]), ArrayBuffer: bytes.buffer, Uint8Array: bytes })) {
      inspected[name] = JSON.stringify(await api.inspect(v)) === same;
    }
    const fitted = (await api.fit(new File([csv], 'data.csv'), small)).toJSON() === json;
    const reopened = [JSON.parse(json), new Blob([json]), new TextEncoder().encode(json), model]
      .map((v) => api.openModel(v).then((m) => m.toJSON() === json));
    const bad = {};
    for (const [name, v] of Object.entries({ number: 42, object: { schema_version: 2 }, null: null, undefined })) {
      bad[`fit(${name})`] = await outcome(() => api.fit(v, small));
      bad[`inspect(${name})`] = await outcome(() => api.inspect(v));
    }
    for (const [name, v] of Object.entries({ number: 42, null: null, boolean: true })) {
      bad[`openModel(${name})`] = await outcome(() => api.openModel(v));
      bad[`design(${name})`] = await outcome(() => api.design(v));
      bad[`optimize(${name})`] = await outcome(() => api.optimize(v, 1000));
    }
    bad['check experiments'] = await outcome(() => api.check(csv, { experiments: 42 }));
    bad['parseLiftCsv'] = await outcome(() => api.parseLiftCsv(7));
    bad['new Model(Blob)'] = await outcome(() => new api.Model(new Blob([json])));
    // Excel's "CSV" on Windows: the header renamed to `télé_spend` and `£ revenue`, written as
    // Windows-1252 bytes (é = 0xE9, £ = 0xA3: not UTF-8). Read as the page reads it.
    const [head, ...rows] = csv.split('\n');
    const cells = head.split(',');
    const renamed = [cells[0], '£ revenue', 'télé_spend', ...cells.slice(3)].join(',');
    const latin1 = Uint8Array.from([...`${renamed}\n${rows.join('\n')}`].map((ch) => ch.charCodeAt(0)));
    const windows = {
      text: await api.fileText(new Blob([latin1])),
      bytes: (await api.inspect(latin1)).columns,
      file: (await api.inspect(new File([latin1], 'excel.csv'))).columns,
      utf8: await api.fileText(new TextEncoder().encode('télé')),
      string: await api.fileText('as it is'),
      refused: await outcome(() => api.fileText(42)),
    };
    // The engine is alive: no crash, no restart.
    const alive = (await api.version()).length > 0 && model.plan().channels.length === 3;
    return { inspected, fitted, reopened: await Promise.all(reopened), bad, alive, windows, header: cells };
  });
  // date,revenue,tv_spend,…: the second and third names replaced.
  const header = [r.header[0], '£ revenue', 'télé_spend', ...r.header.slice(3)];
  assert.equal(r.windows.text.split('\n')[0], header.join(','));
  assert.deepEqual(r.windows.bytes, header);
  assert.deepEqual(r.windows.file, header);
  assert.equal(r.windows.utf8, 'télé');
  assert.equal(r.windows.string, 'as it is');
  assert.equal(r.windows.refused.kind, 'invalid_setting');
  assert.deepEqual(r.inspected, { File: true, Blob: true, ArrayBuffer: true, Uint8Array: true });
  assert.equal(r.fitted, true);
  assert.deepEqual(r.reopened, [true, true, true, true]);
  for (const [call, o] of Object.entries(r.bad)) {
    assert.equal(o.kind, 'invalid_setting', `${call}: ${JSON.stringify(o)}`);
    assert.match(o.message, /expected the text of a (CSV file|MODEL\.json) \(a string, .*\), not (number|Object|null|undefined|boolean|Blob)/, call);
  }
  assert.match(r.bad['fit(number)'].message, /^csvText: .*File, Blob, ArrayBuffer or typed array\), not number\.$/);
  assert.match(r.bad['openModel(number)'].message, /or the parsed JSON\), not number/);
  assert.match(r.bad['new Model(Blob)'].message, /await openModel\(file\) reads a File/);
  assert.equal(r.alive, true);
  assert.deepEqual(errors, []);
});

test('unknown options are refused, naming the key and the known ones; a top-level seed sets both seeds', async () => {
  const { result: r, errors } = await withApi(async (api) => {
    const { csv } = await api.simulate({ seed: 4, periods: 104, channels: 3 });
    const quick = { estimator: 'bayes', bayes: { chains: 2, draws: 60, tune: 40 } };
    const outcome = async (f) => { try { await f(); return 'ok'; } catch (e) { return { kind: e.kind, message: e.message }; } };
    const model = await api.fit(csv, { estimator: 'ridge_search', search: { iterations: 300, trials: 2 } });
    let progress = 0;
    const refused = {
      top: await outcome(() => api.fit(csv, { seeds: 99 }, () => { progress += 1; })),
      bayes: await outcome(() => api.fit(csv, { bayes: { chain: 2 } })),
      search: await outcome(() => api.check(csv, { search: { iteration: 10 } })),
      model: await outcome(() => api.priors(csv, { model: { baseline: { trends: false } } })),
      roles: await outcome(() => api.inspect(csv, { medai: ['tv_spend'] })),
      read: await outcome(() => api.parseLiftCsv('channel,start,end,lift,standard_error\n', { decimal: 'comma' })),
      bounds: await outcome(() => model.plan({ bounds: { tv: { min: 1000, max: 2000 } } })),
      relative: await outcome(() => model.plan({ relative_bounds: { lo: 0.5, high: 2 } })),
      plan: await outcome(() => model.summary({ budget: 5 })),
      planCsv: await outcome(() => model.planCsv({ lock: ['tv'] })),
      optimize: await outcome(() => api.optimize(model, 1000, { bound: {} })),
      design: await outcome(() => api.design(model, { period: 8 })),
      modelDesign: await outcome(() => model.design({ period: 8 })),
    };
    // Accepted: every key of defaultRequest() (and a saved model's settings) as options, a map's
    // own keys (channel names), keys set to undefined, and the page's own options.
    const accepted = {
      defaults: await outcome(async () => api.check(csv, { ...(await api.defaultRequest()), seed: 1, workers: 1, signal: undefined })),
      settings: await outcome(() => api.check(csv, JSON.parse(model.toJSON()).settings)),
      maps: await outcome(() => api.check(csv, { model: { channel_adstock: { tv: 'weibull_pdf' } }, spelled: undefined })),
      plan: await outcome(() => model.plan({ goal: null, bounds: { tv: { low: 100 } }, relative_bounds: { low: 0.5, high: 2 }, locked: ['search'], window: 0, within_history: true })),
    };
    const settings = (m) => JSON.parse(m.toJSON()).settings;
    const seeded = await api.fit(csv, { ...quick, seed: 5 });
    const both = await api.fit(csv, { ...quick, bayes: { ...quick.bayes, seed: 5 }, search: { seed: 5 } });
    const other = await api.fit(csv, { ...quick, seed: 6 });
    const explicit = settings(await api.fit(csv, { ...quick, seed: 5, bayes: { ...quick.bayes, seed: 2 } }));
    return {
      refused, accepted, progress,
      seed: [settings(seeded).bayes.seed, settings(seeded).search.seed],
      sameAsBoth: seeded.toJSON() === both.toJSON(),
      differs: seeded.toJSON() !== other.toJSON(),
      explicit: [explicit.bayes.seed, explicit.search.seed],
    };
  });
  for (const [where, o] of Object.entries(r.refused)) assert.equal(o.kind, 'invalid_setting', `${where}: ${JSON.stringify(o)}`);
  assert.equal(r.refused.top.message, "Unknown option 'seeds': the known ones are read, roles, model, estimator, search, bayes, experiments, seed, uncalibrated, workers, signal.");
  assert.equal(r.refused.bayes.message, "Unknown option 'bayes.chain': the known ones are chains, draws, tune, seed, saved_draws, roi_priors, no_effect, autocorrelated_noise.");
  assert.match(r.refused.search.message, /^Unknown option 'search\.iteration': the known ones are iterations, /);
  assert.match(r.refused.model.message, /^Unknown option 'model\.baseline\.trends': the known ones are trend, seasonality_order, weekday\.$/);
  assert.match(r.refused.roles.message, /^Unknown option 'roles\.medai': /);
  assert.match(r.refused.read.message, /^Unknown option 'read\.decimal': the known ones are decimal_mark\.$/);
  assert.equal(r.refused.bounds.message, "Unknown option 'bounds.tv.min': the known ones are low, high.");
  assert.match(r.refused.relative.message, /^Unknown option 'relative_bounds\.lo': /);
  assert.match(r.refused.plan.message, /^Unknown option 'budget': the known ones are goal, bounds, relative_bounds, locked, window, within_history\.$/);
  assert.match(r.refused.planCsv.message, /^Unknown option 'lock': /);
  assert.match(r.refused.optimize.message, /^Unknown option 'bound': /);
  assert.equal(r.refused.design.message, "Unknown option 'period': the known ones are periods, change, standard_error, relative_standard_error, outcomes, draws, window, seed.");
  assert.equal(r.refused.modelDesign.message, r.refused.design.message);
  assert.equal(r.progress, 0, 'refused before any work');
  assert.deepEqual(r.accepted, { defaults: 'ok', settings: 'ok', maps: 'ok', plan: 'ok' });
  assert.deepEqual(r.seed, [5, 5]);
  assert.equal(r.sameAsBoth, true);
  assert.equal(r.differs, true, 'the seed changes the default (Bayesian) fit');
  assert.deepEqual(r.explicit, [2, 5], 'bayes.seed set explicitly wins over seed');
  assert.deepEqual(errors, []);
});

test('a missing wasm or worker file rejects naming the URL and the files to serve; the next load tries again', async () => {
  let wasm = 'missing';
  const { result: r } = await withApi(async (api) => {
    const outcome = async (f) => { try { await f(); return 'ok'; } catch (e) { return { kind: e.kind, message: e.message }; } };
    const missing = await outcome(() => api.simulate());
    await window.__wasm('html');
    const html = await outcome(() => api.load());
    await window.__wasm('ok');
    const retried = await outcome(() => api.simulate());
    const worker = await outcome(() => api.startWorkers(1));
    return { missing, html, retried, worker };
  }, null, async (context) => {
    await context.route('**/node_modules/mixlens/mixlens_bg.wasm', (route) => (wasm === 'ok' ? route.continue()
      : wasm === 'html' ? route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>app</title>' })
        : route.fulfill({ status: 404, body: 'not found' })));
    await context.route('**/node_modules/mixlens/worker.js', (route) => route.fulfill({ status: 404, body: 'not found' }));
    await context.exposeFunction('__wasm', (v) => { wasm = v; });
  });
  assert.equal(r.missing.kind, 'load_failed');
  assert.match(r.missing.message, /^http:\/\/127\.0\.0\.1:\d+\/node_modules\/mixlens\/mixlens_bg\.wasm answered 404: serve mixlens_bg\.wasm, mixlens\.js and worker\.js unchanged beside index\.js/);
  assert.equal(r.html.kind, 'load_failed');
  assert.match(r.html.message, /mixlens_bg\.wasm is not WebAssembly: serve mixlens_bg\.wasm/);
  assert.equal(r.retried, 'ok');
  assert.equal(r.worker.kind, 'load_failed');
  assert.match(r.worker.message, /\/node_modules\/mixlens\/worker\.js failed to start .*: serve mixlens_bg\.wasm, mixlens\.js and worker\.js/);
});

/** The top-level field names of `export interface NAME { ... }` in index.d.ts. */
function fields(types, name) {
  const start = types.indexOf(`export interface ${name} {`);
  assert.ok(start >= 0, name);
  const body = types.slice(start, types.indexOf('\n}', start));
  return body.split('\n').map((l) => /^ {2}(\w+)\??:/.exec(l)).filter(Boolean).map((m) => m[1]);
}

test('the typings declare what the runtime returns', async () => {
  const types = await readFile(join(PKG, 'index.d.ts'), 'utf8');
  const { result: r } = await withApi(async (api) => {
    const { csv } = await api.simulate({ seed: 4, periods: 104, channels: 3 });
    const defaults = await api.defaultRequest();
    const report = (await api.fit(csv, { estimator: 'bayes', bayes: { chains: 2, draws: 60, tune: 40 } })).report();
    const keys = (o) => Object.keys(o);
    return {
      estimator: defaults.estimator, request: keys(defaults), bayes: keys(defaults.bayes), search: keys(defaults.search),
      diagnostics: keys(report.diagnostics), prior: keys(report.priors[0]), model: keys(report.model),
      settings: keys(report.settings), settingsBayes: keys(report.settings.bayes),
    };
  });
  const within = (got, declared, what) => assert.deepEqual(got.filter((k) => !declared.includes(k)), [], what);
  assert.match(types, /export type EstimatorChoice = 'auto' \| EstimatorKind;/);
  assert.match(types, /export interface FitRequest \{[^}]*\n {2}estimator: EstimatorChoice;/);
  assert.equal(r.estimator, 'auto');
  within(r.request, fields(types, 'FitRequest'), 'FitRequest');
  within(r.bayes, fields(types, 'BayesSettings'), 'BayesSettings');
  within(r.search, fields(types, 'SearchSettings'), 'SearchSettings');
  within(r.diagnostics, fields(types, 'Diagnostics'), 'Diagnostics');
  within(r.prior, fields(types, 'PriorInfo'), 'PriorInfo');
  within(r.model, fields(types, 'FittedModel'), 'FittedModel');
  within(r.settingsBayes, fields(types, 'BayesSettings'), 'Report.settings.bayes');
  const settings = /\n {2}settings: \{ ([^\n]*) \};/.exec(types)[1].split('; ').map((f) => f.split(/\??:/)[0]);
  within(r.settings, settings, 'Report.settings');
});

test('package.json: ESM with a default condition, package.json exported, LICENSE shipped', async () => {
  const pkg = JSON.parse(await readFile(join(PKG, 'package.json'), 'utf8'));
  assert.equal(pkg.type, 'module');
  assert.deepEqual(pkg.exports['.'], { types: './index.d.ts', import: './index.js', default: './index.js' });
  const require = createRequire(join(root, 'pkg-config', 'example', 'index.html'));
  assert.equal(require.resolve('mixlens'), join(PKG, 'index.js'));
  assert.equal(require.resolve('mixlens/package.json'), join(PKG, 'package.json'));
  assert.match(await readFile(join(PKG, 'LICENSE'), 'utf8'), /^MIT License/);
});

test('cancelling: AbortError with the reason as cause, no progress after the abort, a throwing onProgress rejects the fit', async () => {
  const { result: r, errors } = await withApi(async (api) => {
    const { csv } = await api.simulate({ seed: 4, periods: 104, channels: 3 });
    const long = { estimator: 'bayes', bayes: { chains: 2, draws: 100000, tune: 0 } };
    const described = (e) => ({ name: e.name, kind: e.kind, message: e.message, error: e instanceof Error });
    // Aborted from the progress callback, with a reason.
    const controller = new AbortController();
    const reason = new Error('user left');
    let after = 0;
    let aborted = false;
    const mid = await api.fit(csv, { ...long, signal: controller.signal }, (p) => {
      if (aborted) after += 1;
      else if (p.done > 0) { aborted = true; controller.abort(reason); }
    }).then(() => 'finished', (e) => ({ ...described(e), cause: e.cause === reason }));
    await new Promise((resolve) => setTimeout(resolve, 300)); // a chunk under way reports nothing
    // Aborted before the start: not even the first report.
    let before = 0;
    const pre = await api.fit(csv, { ...long, signal: AbortSignal.abort('gone') }, () => { before += 1; })
      .then(() => 'finished', (e) => ({ ...described(e), cause: e.cause }));
    // The ranking of lift tests.
    const model = await api.fit(csv, { estimator: 'bayes', bayes: { chains: 2, draws: 200, tune: 40 } });
    const dc = new AbortController();
    const pending = api.design(model, { signal: dc.signal });
    setTimeout(() => dc.abort('stop'), 20);
    const design = await pending.then(() => 'finished', (e) => ({ ...described(e), cause: e.cause }));
    // A callback that throws: the fit stops and rejects with its exception, the first time or later.
    let calls = 0;
    const boom = await api.fit(csv, long, () => { calls += 1; throw new Error('boom'); }).then(() => 'finished', (e) => e.message);
    const firstCalls = calls;
    calls = 0;
    const later = await api.fit(csv, long, () => { calls += 1; if (calls > 3) throw new Error('later'); }).then(() => 'finished', (e) => e.message);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ok = (await api.fit(csv, { estimator: 'bayes', bayes: { chains: 2, draws: 60, tune: 40 } })).report().channels.length;
    return { mid, after, pre, before, design, boom, firstCalls, later, laterCalls: calls, ok };
  });
  assert.deepEqual(r.mid, { name: 'AbortError', kind: 'cancelled', message: 'The fit was cancelled.', error: true, cause: true });
  assert.equal(r.after, 0, 'no progress after the abort');
  assert.deepEqual(r.pre, { name: 'AbortError', kind: 'cancelled', message: 'The fit was cancelled.', error: true, cause: 'gone' });
  assert.equal(r.before, 0);
  assert.deepEqual(r.design, { name: 'AbortError', kind: 'cancelled', message: 'Ranking the tests was cancelled.', error: true, cause: 'stop' });
  assert.equal(r.boom, 'boom');
  assert.equal(r.firstCalls, 1);
  assert.equal(r.later, 'later');
  assert.equal(r.laterCalls, 4);
  assert.equal(r.ok, 3);
  assert.deepEqual(errors, [], 'nothing uncaught');
});

test('new Model() before load() says to await load() first', async () => {
  const { result: r } = await withApi(async (api) => {
    const json = '{"schema_version": 2}';
    let before;
    try { new api.Model(json); before = 'constructed'; } catch (e) { before = { kind: e.kind, message: e.message }; }
    await api.load();
    let after;
    try { new api.Model(json); after = 'constructed'; } catch (e) { after = e.kind; }
    return { before, after };
  });
  assert.deepEqual(r.before, { kind: 'not_loaded', message: 'MixLens is not loaded yet: await load() before new Model(json), or use await openModel(json).' });
  assert.equal(r.after, 'invalid_model', 'after load() the engine reads the text');
});
