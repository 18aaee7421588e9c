// helpers.mjs: shared tools for the Node tests: loading the built module, the native driver,
// tolerant comparisons, a seeded random source and a full snapshot of a net's observable state.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { loadBackprop, BackpropError } from '../build/web/backprop.js';

export { loadBackprop, BackpropError };

const CLI = fileURLToPath(new URL('../build/bp_cli', import.meta.url));

// Load a net and also capture its WebAssembly instance's exports (the facade keeps them private),
// by wrapping WebAssembly.instantiate for the duration of the call.
export async function loadWithExports(options) {
  const original = WebAssembly.instantiate;
  let exports = null;
  WebAssembly.instantiate = async (...args) => {
    const result = await original.apply(WebAssembly, args);
    exports = (result.instance ?? result).exports;
    return result;
  };
  try {
    const net = await loadBackprop(options);
    return { net, exports };
  } finally {
    WebAssembly.instantiate = original;
  }
}

// Run a script through the native driver build/bp_cli; returns one parsed JSON object per line.
export function runCli(lines) {
  const result = spawnSync(CLI, { input: lines.join('\n') + '\n', encoding: 'utf8', maxBuffer: 64 << 20 });
  if (result.error) throw result.error;
  assert.equal(result.status, 0, `bp_cli exited ${result.status}: ${result.stderr}`);
  return result.stdout.trim().split('\n').map((line) => JSON.parse(line));
}

// True when a and b agree to `rel` relative to the larger magnitude, or to `abs` absolutely.
export function near(a, b, rel, abs = 0) {
  if (Number.isNaN(a) || Number.isNaN(b)) return false; // (NaN is never near anything, NaN included)
  if (Object.is(a, b)) return true; // (equal infinities)
  return Math.abs(a - b) <= Math.max(rel * Math.max(Math.abs(a), Math.abs(b)), abs);
}

// Assert two numbers (or arrays of numbers) agree as in near(), naming the first mismatch.
export function assertClose(actual, expected, { rel = 1e-12, abs = 0, label = 'value' } = {}) {
  if (typeof expected === 'number') {
    assert.ok(near(actual, expected, rel, abs), `${label}: got ${actual}, expected ${expected} (rel ${rel}, abs ${abs})`);
    return;
  }
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < expected.length; i++)
    assert.ok(near(actual[i], expected[i], rel, abs),
      `${label}[${i}]: got ${actual[i]}, expected ${expected[i]} (rel ${rel}, abs ${abs})`);
}

// Assert two arrays hold the very same doubles (bit for bit, -0 distinct from 0).
export function assertSameBits(actual, expected, label = 'value') {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < expected.length; i++)
    assert.ok(Object.is(actual[i], expected[i]), `${label}[${i}]: got ${actual[i]}, expected ${expected[i]}`);
}

// A small seeded generator (mulberry32) so every random test is reproducible.
export function rng(seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.uniform = (lo, hi) => lo + (hi - lo) * next();
  next.array = (n, lo, hi) => Array.from({ length: n }, () => next.uniform(lo, hi));
  return next;
}

// Everything a caller can observe about a net, for "nothing changed" checks.
export function snapshot(net) {
  return {
    hidden: net.getHidden(),
    activation: net.getActivation(),
    learningRate: net.getLearningRate(),
    steps: net.steps,
    params: net.getParams(),
    initial: net.getInitialParams(),
    frozen: net.getFrozen(),
    data: net.getData(),
    lastStep: net.lastStep(),
    ssr: net.ssr(),
    gradients: net.getGradients(),
  };
}

// The reference-net options that mirror a facade net's current state.
export function mirror(net) {
  const { xs, ys } = net.getData();
  return {
    hidden: net.getHidden(), activation: net.getActivation(), learningRate: net.getLearningRate(),
    xs, ys, params: net.getParams(), frozen: net.getFrozen(),
  };
}
