// The wasm's speed under Node, without a browser: one Bayesian chain (1,000 + 1,000 sweeps with
// its pilot) and one ridge trial (4,000 candidates) on 208 simulated weeks, three runs each.
// Used to compare wasm builds (BENCHMARKS.md, "The wasm built for size"):
//   node scripts/wasm-speed.mjs /abs/path/to/build/pkg
import { readFileSync } from 'node:fs';
const dir = process.argv[2];
const mod = await import(dir + '/mixlens.js');
mod.initSync({ module: readFileSync(dir + '/mixlens_bg.wasm') });
const { csv } = mod.simulate({ seed: 1, periods: 208 });
const req = mod.defaultRequest();
req.estimator = 'bayes';
const times = [];
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  const c = new mod.BayesChain(csv, req, 0);
  while (!c.finished) c.step(100);
  c.output();
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ bayesChainMs: times.map(Math.round), median: Math.round(times[1]) }));
const rt = [];
const rreq = mod.defaultRequest();
rreq.estimator = 'ridge_search';
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  const j = new mod.FitJob(csv, rreq, 0, 1);
  while (!j.finished) j.step(500);
  rt.push(performance.now() - t0);
}
rt.sort((a, b) => a - b);
console.log(JSON.stringify({ ridgeTrialMs: rt.map(Math.round), median: Math.round(rt[1]) }));
