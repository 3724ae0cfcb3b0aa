// The wasm the page and the npm package ship is rewritten by wasm-opt (scripts/build-web.sh,
// among others with --low-memory-unused); tests/wasm.rs checks the build before that step. Here
// the shipped file itself gives the native CLI's figures: the ridge fixture byte for byte and the
// Bayesian figures bit for bit (the same requests as tests/wasm.rs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const m = await import(join(root, 'build', 'pkg', 'mixlens.js'));
m.initSync({ module: readFileSync(join(root, 'build', 'pkg', 'mixlens_bg.wasm')) });
const csv = readFileSync(join(root, 'tests', 'data', 'sim_seed7_104w.csv'), 'utf8');

test('the shipped wasm writes the native ridge model byte for byte', () => {
  const request = () => ({ search: { iterations: 200, trials: 3, seed: 11, scale_to_data: false }, bayes: { seed: 11 } });
  const job = new m.FitJob(csv, request(), 0, 3);
  while (!job.finished) job.step(37);
  const json = m.assemble(csv, request(), job.results());
  assert.equal(json, readFileSync(join(root, 'tests', 'data', 'sim_seed7_104w.model.json'), 'utf8').trimEnd());
});

test('the shipped wasm draws the native Bayesian chains bit for bit', () => {
  const request = () => ({ estimator: 'bayes', bayes: { chains: 2, draws: 20, tune: 20, seed: 5, roi_priors: [{ channel: 'tv', centre: 1.5, spread: 0.5 }] } });
  const outputs = [0, 1].map((k) => {
    const chain = new m.BayesChain(csv, request(), k);
    while (!chain.finished) chain.step(7);
    return chain.output();
  });
  const b = JSON.parse(m.assembleChains(csv, request(), outputs));
  const want = JSON.parse(readFileSync(join(root, 'tests', 'data', 'sim_seed7_104w.bayes.json'), 'utf8'));
  delete want._about;
  assert.deepEqual({
    diagnostics: b.diagnostics,
    channels: b.channels.map((c) => ({ name: c.name, roi: c.roi, roi_interval: c.roi_interval, contribution_interval: c.contribution_interval })),
    sigma: b.model.point.sigma,
    fitted_band_first: b.decomposition.fitted_band[0],
  }, want);
});
