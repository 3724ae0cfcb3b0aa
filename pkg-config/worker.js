// A MixLens fitting worker (module Web Worker). It keeps its WebAssembly instance alive across
// messages, runs a share of the search's trials or one chain of the Bayesian estimator in short
// chunks, reports progress after each, and stops at the next chunk boundary when told to cancel.
//
// Messages in:  { type: 'init', module }                      -> { type: 'ready' }
//               { type: 'fit', id, csv, request, start, end } -> progress..., { type: 'result', buffer }
//               { type: 'cancel', id }                        -> { type: 'cancelled' }
//               { type: 'assemble', id, csv, request, buffer } -> { type: 'model', json }
//               { type: 'chain', id, csv, request, chain }    -> progress..., { type: 'chain', output }
//               { type: 'assembleChains', id, csv, request, outputs } -> { type: 'model', json }
//               { type: 'design', id, json, request }        -> { type: 'design', report }
// Errors come back as { type: 'error', id, crashed, error: { message, kind, row, column } };
// `crashed` when the instance trapped (the pool then replaces this worker).

import { initSync, FitJob, assemble, BayesChain, assembleChains, design } from './mixlens.js';

const cancelled = new Set();
// Each chunk aims at this many milliseconds, so a cancel is honoured well within 200 ms.
const CHUNK_MS = 25;

const plain = (e) => ({ message: e && e.message ? e.message : String(e), kind: e && e.kind, row: e && e.row, column: e && e.column });

// Yield to the event loop (to receive a cancel) without setTimeout's 4 ms clamping.
const channel = new MessageChannel();
const waiting = [];
channel.port1.onmessage = () => { const r = waiting.shift(); if (r) r(); };
const yieldNow = () => new Promise((resolve) => { waiting.push(resolve); channel.port2.postMessage(0); });

async function runFit({ id, csv, request, start, end }) {
  const job = new FitJob(csv, request, start, end);
  let chunk = 50;
  while (!job.finished) {
    if (cancelled.has(id)) { cancelled.delete(id); job.free(); postMessage({ type: 'cancelled', id }); return; }
    const t0 = performance.now();
    const p = job.step(chunk);
    const ms = performance.now() - t0;
    // Adapt the chunk to the machine: about CHUNK_MS of work each.
    chunk = Math.max(5, Math.min(2000, Math.round(chunk * CHUNK_MS / Math.max(ms, 1))));
    postMessage({ type: 'progress', id, ...p });
    await yieldNow();
  }
  const buffer = job.results();
  job.free();
  postMessage({ type: 'result', id, buffer }, [buffer.buffer]);
}

// One chain of the Bayesian estimator; `output` is its draws as JSON text.
async function runChain({ id, csv, request, chain }) {
  const job = new BayesChain(csv, request, chain);
  let chunk = 10;
  try {
    while (!job.finished) {
      if (cancelled.has(id)) { cancelled.delete(id); postMessage({ type: 'cancelled', id }); return; }
      const t0 = performance.now();
      const p = job.step(chunk);
      const ms = performance.now() - t0;
      chunk = Math.max(1, Math.min(5000, Math.round(chunk * CHUNK_MS / Math.max(ms, 1))));
      postMessage({ type: 'progress', id, ...p });
      await yieldNow();
    }
    postMessage({ type: 'chain', id, output: job.output() });
  } finally {
    // After a trap the instance is unusable: the original error is the one to report.
    try { job.free(); } catch { /* the pool replaces this worker */ }
  }
}

self.onmessage = async (ev) => {
  const m = ev.data;
  try {
    if (m.type === 'init') {
      initSync({ module: m.module });
      postMessage({ type: 'ready' });
    } else if (m.type === 'cancel') {
      cancelled.add(m.id);
    } else if (m.type === 'fit') {
      await runFit(m);
    } else if (m.type === 'chain') {
      await runChain(m);
    } else if (m.type === 'assembleChains') {
      postMessage({ type: 'model', id: m.id, json: assembleChains(m.csv, m.request, m.outputs) });
    } else if (m.type === 'design') {
      postMessage({ type: 'design', id: m.id, report: design(m.json, m.request) });
    } else if (m.type === 'assemble') {
      postMessage({ type: 'model', id: m.id, json: assemble(m.csv, m.request, m.buffer) });
    }
  } catch (e) {
    // A trap (a panic in the core: RuntimeError) leaves this instance unusable; `crashed` tells
    // the pool to replace this worker.
    postMessage({ type: 'error', id: m.id, crashed: e instanceof WebAssembly.RuntimeError, error: plain(e) });
  }
};
