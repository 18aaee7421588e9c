// facade.test.mjs: web/backprop.js refuses every kind of bad argument with a clear Error and
// loses nothing when it does; a million mixed calls leave the WebAssembly memory as it was.
// Run: make all && node --test tests/facade.test.mjs
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { isDeepStrictEqual } from 'node:util';

import { ReferenceNet } from './reference.mjs';
import {
  loadBackprop, loadWithExports, BackpropError, snapshot, assertClose, assertSameBits, mirror,
} from './helpers.mjs';

// What each method's message must talk about, besides naming the method.
const TOPIC = {
  train: /step/,
  setParams: /param|overflow/,
  setInitialParams: /param|overflow/,
  setData: /xs|ys|points|input|observed/,
  setLearningRate: /learning rate/,
  setFrozen: /mask|param|frozen/,
  fdGradients: /eps|finite-difference/,
  predict: /\bx\b|input/,
  setHidden: /hidden/,
  setActivation: /activation/,
  randomize: /seed/,
  setSteps: /step count|steps/,
  curve: /x0|x1|\bm\b|sampl|interval/,
  frame: /steps|x0|x1|\bm\b|sampl|interval/,
  ssrGrid: /\bi\b|\bj\b|a0|a1|c0|c1|nx|ny|grid|sampl|interval|index|part|into/,
};

// Short readable form of an argument for test names.
function show(v) {
  if (typeof v === 'string') return JSON.stringify(v.length > 12 ? v.slice(0, 12) + '…' : v);
  if (typeof v === 'bigint') return `${v}n`;
  if (Array.isArray(v)) return v.length <= 3 ? `[${v.map(show).join(', ')}]` : `array(${v.length}: ${show(v[0])}…)`;
  if (v && typeof v === 'object') return ArrayBuffer.isView(v) ? `${v.constructor.name}(${v.length})` : '{…}';
  return Object.is(v, -0) ? '-0' : String(v);
}

// Building blocks for the cases: seven copies of a value, valid H = 2 params, valid data, f(0..n-1).
const seven = (v) => new Array(7).fill(v);
const params7 = [1, 0.5, -1, 0.25, 0.3, 0.6, 0.1];
const xs3 = [0, 0.5, 1], ys3 = [0, 1, 0];
const range = (n, f) => Array.from({ length: n }, (_, i) => f(i));
// Values no numeric argument may take (undefined is left out where a default applies).
const NON_NUMBERS = ['2', '', undefined, null, {}, [], [3], true, 3n, () => 3, Symbol('s')];
const NON_FINITE = [NaN, Infinity, -Infinity];

// [method, args]: every one must throw and change nothing.
const CASES = [
  ...[...NON_NUMBERS.filter((v) => v !== undefined), ...NON_FINITE, -1, 2.5, -0.5, 1e300, 2 ** 32 + 5, 2 ** 31, 1000001, -(2 ** 31)]
    .map((v) => ['train', [v]]),
  ...[undefined, null, 'abc', 7, {}, { length: 7 }, new ArrayBuffer(56), new DataView(new ArrayBuffer(56)),
    [], seven(0).slice(1), [...seven(0), 0], new Array(25).fill(0), new Float64Array(6),
    [NaN, ...seven(0).slice(1)], [...seven(0).slice(1), Infinity], [0, 0, -Infinity, 0, 0, 0, 0],
    ['1', 0, 0, 0, 0, 0, 0], [0, null, 0, 0, 0, 0, 0], [0, 0, undefined, 0, 0, 0, 0], new Array(7),
    [0, 0, 0, {}, 0, 0, 0], seven(1e300), [1e200, 0, 1e200, 0, 1e200, 1e200, 0]]
    .flatMap((v) => [['setParams', [v]], ['setInitialParams', [v]]]),
  ...[[undefined, undefined], [null, null], ['abc', ys3], [xs3, 'abc'], [xs3, undefined], [{}, {}],
    [[], []], [[0, 1], [0]], [xs3, [0, 1, 0, 1]], [range(1025, (i) => i / 1024), range(1025, () => 0)],
    [range(100000, () => 0), range(100000, () => 0)],
    [[0, 1e7, 1], ys3], [xs3, [0, -1e7, 0]], [[0, NaN, 1], ys3], [xs3, [0, Infinity, 0]],
    [[0, '0.5', 1], ys3], [xs3, [0, null, 0]], [[0, {}, 1], ys3], [[0, 0.5, 1e6 * (1 + 1e-15)], ys3]]
    .map((a) => ['setData', a]),
  ...[...NON_NUMBERS, ...NON_FINITE, 0, -0, -1, -1e-300, 1e6 * 1.0000001, 1e7, 1e300]
    .map((v) => ['setLearningRate', [v]]),
  ...[undefined, null, 'abc', 1, {}, [], seven(false).slice(1), [...seven(false), false], new Array(25).fill(false),
    ['x', ...seven(false).slice(1)], [{}, ...seven(false).slice(1)], [null, ...seven(false).slice(1)], new Array(7)]
    .map((v) => ['setFrozen', [v]]),
  ['setFrozen', [[NaN, ...seven(false).slice(1)]]],
  ['setFrozen', [[2, -1, 0.5, 0, 0, 0, 0]]],
  ...[...NON_NUMBERS.filter((v) => v !== undefined), ...NON_FINITE, 0, -0, -1e-6]
    .map((v) => ['fdGradients', [v]]),
  ...[...NON_NUMBERS, ...NON_FINITE].map((v) => ['predict', [v]]),
  ...[...NON_NUMBERS, ...NON_FINITE, 0, 9, -1, 2.5, 1e300, 2 ** 32 + 2, -(2 ** 31), 100]
    .map((v) => ['setHidden', [v]]),
  ...['Softplus', 'softplus ', 'sigmoid2', '', 'linear', 'relu\0', 'toString', '__proto__', undefined, null, 0, 1, NaN, {}, [], ['tanh']]
    .map((v) => ['setActivation', [v]]),
  ...NON_NUMBERS.map((v) => ['randomize', [v]]),
  ...[...NON_FINITE, -1, 2 ** 32, 1.5, -0.5, 1e300, 2 ** 53]
    .map((v) => ['randomize', [v]]),
  ...[...NON_NUMBERS, ...NON_FINITE, -1, -0.5, 1.5, 2 ** 53 + 2, 1e300, -(2 ** 63)]
    .map((v) => ['setSteps', [v]]),
  ...[[0, 1, 1], [0, 1, 5000], [0, 1, 4097], [0, 1, 0], [0, 1, -5], [0, 1, 2.5], [0, 1, 1e300], [0, 1, NaN],
    [1, 0, 10], [0.5, 0.5, 10], [NaN, 1, 10], [0, NaN, 10], [-Infinity, 1, 10], [0, Infinity, 10],
    [-1e308, 1e308, 10], ['0', 1, 10], [0, '1', 10], [0, 1, '10'], [undefined, 1, 10], [0, undefined, 10],
    [null, 1, 10], [0, 1, null], [{}, 1, 10]]
    .map((a) => ['curve', a]),
  ...[['10'], [undefined], [null], [{}]].map((a) => ['frame', a]),
  ...[[-1], [2.5], [1e300], [2 ** 32 + 5], [NaN], [Infinity], [1000001]]
    .map((a) => ['frame', a]),
  ...[[1, 1, 0, 10], [1, 0, 1, 1], [1, 0, 1, 5000], [1, 0, 1, 2.5], [1, NaN, 1, 5], [1, 0, Infinity, 5], [1, 0, 1, -3]]
    .map((a) => ['frame', a]),
  ...[[1, '0', 1, 5], [1, 0, null, 5], [1, 0, 1, {}]].map((a) => ['frame', a]),
  ...[[7, -1, 0, 1, 10], [-1, -1, 0, 1, 10], [2.5, -1, 0, 1, 10], [0, 0, 0, 1, 5, 0, 1, 5], [0, 7, 0, 1, 5, 0, 1, 5],
    [0, -2, 0, 1, 10], [0, -1, 0, 1, 1], [0, -1, 0, 1, 10, 0, 1, 3], [0, 1, 0, 1, 10, 0, 1, 1],
    [0, 1, 0, 1, 300, 0, 1, 300], [0, -1, 1, 0, 10], [0, 1, 0, 1, 5, 1, 1, 5], [0, -1, NaN, 1, 10],
    [0, -1, 0, Infinity, 10], ['0', -1, 0, 1, 10], [0, null, 0, 1, 10], [0, -1, 0, 1, undefined], [0, -1, 0, 1, 1e300]]
    .map((a) => ['ssrGrid', a]),
  // blocks (part): empty, outside the grid, not whole numbers, not numbers; `into` of the wrong kind or size
  ...[{ q0: 2, q1: 2 }, { q0: -1 }, { q1: 6 }, { r0: 3, r1: 2 }, { r1: 5 }, { q0: 0.5 }, { r0: NaN }, { q1: '3' },
    { into: new Float64Array(19) }, { into: new Float32Array(20) }, { into: [] }, null, 'rows']
    .map((part) => ['ssrGrid', [0, 1, 0, 1, 5, 0, 1, 4, part]]),
];

let net;

// A net in a state worth protecting: H = 2, other data and rate, a mask, some steps, a ledger.
async function richNet() {
  const n = await loadBackprop();
  n.setData([0, 0.25, 0.5, 0.75, 1], [0, 0.6, 1, 0.6, 0]);
  n.setLearningRate(0.07);
  n.setActivation('tanh');
  n.setInitialParams(params7);
  n.setFrozen([false, false, false, true, false, false, false]);
  n.train(17);
  return n;
}

before(async () => {
  net = await richNet();
});

for (const [method, args] of CASES) {
  test(`${method}(${args.map(show).join(', ')}) throws a clear Error and changes nothing`, async () => {
    const before = snapshot(net);
    let error = null;
    try {
      net[method](...args);
    } catch (e) {
      error = e;
    }
    const after = snapshot(net);
    try {
      assert.ok(error, 'no error was thrown');
      assert.ok(error instanceof Error, `threw a non-Error: ${error}`);
      assert.deepEqual(after, before, `state changed (error: "${error.message}")`);
      assert.ok(error.message.startsWith(`${method}:`), `message does not name ${method}: "${error.message}"`);
      assert.match(error.message.slice(method.length + 1), TOPIC[method], `message does not say what is wrong: "${error.message}"`);
    } finally {
      // A case that got through or changed the net must not spill into the next one.
      if (!error || !isDeepStrictEqual(after, before)) net = await richNet();
    }
  });
}

test('errors are BackpropError with a code; core refusals carry the core\'s sentence', async () => {
  const n = await richNet();
  const codeOf = (f) => { try { f(); } catch (e) { assert.ok(e instanceof BackpropError && e instanceof Error); return e.code; } return null; };
  assert.equal(codeOf(() => n.setLearningRate(-1)), 'learning-rate');
  assert.equal(codeOf(() => n.setParams([1, 2])), 'param-count');
  assert.equal(codeOf(() => n.setHidden(9)), 'hidden');
  assert.equal(codeOf(() => n.train(-1)), 'steps');
  assert.equal(codeOf(() => n.setData([0, 1e7], [0, 0])), 'data');
  assert.equal(codeOf(() => n.fdGradients(0)), 'epsilon');
  assert.equal(codeOf(() => n.curve(1, 0, 5)), 'range');
  assert.equal(codeOf(() => n.setParams(seven(1e300))), 'overflow');
  assert.equal(codeOf(() => n.setSteps(-1)), 'step-count');
});

test('arguments at the edge of validity are accepted', async () => {
  const n = await loadBackprop();
  n.train(0);
  assert.equal(n.steps, 0);
  // The step count: 0 to 2^53, nothing else changes, and steps count on from it.
  const params = n.getParams();
  for (const k of [2 ** 53, 123456789, 0, 41]) {
    n.setSteps(k);
    assert.equal(n.steps, k);
  }
  assert.deepEqual(n.getParams(), params);
  n.train(2);
  assert.equal(n.steps, 43);
  n.setSteps(2 ** 53 - 1);
  n.train(3);
  assert.equal(n.steps, 2 ** 53, 'the count stops at 2^53 (so it always reads back exactly)');
  n.reset();
  assert.equal(n.steps, 0);
  n.setLearningRate(1e6);
  n.setLearningRate(Number.MIN_VALUE);
  n.setLearningRate(0.1);
  n.setHidden(1);
  n.setHidden(8);
  n.setHidden(2);
  n.randomize(0);
  n.randomize(2 ** 32 - 1);
  n.setData([-1e6, 1e6], [1e6, -1e6]);
  n.setData([0.5], [1]);
  n.setData(new Float64Array(range(1024, (i) => i / 1023)), new Float64Array(1024));
  assert.equal(n.getData().xs.length, 1024);
  n.setData(xs3, ys3);
  n.setParams(new Float64Array(params7));
  n.setFrozen([1, 0, 0, 0, 0, 0, true]);
  assert.deepEqual(n.getFrozen(), [true, false, false, false, false, false, true]);
  assert.equal(n.curve(0, 1, 2).xs.length, 2);
  assert.equal(n.curve(-1, 1, 4096).xs.length, 4096);
  assert.equal(n.fdGradients(1).length, 7);
  for (const name of n.activations) {
    n.setActivation(name);
    assert.equal(n.getActivation(), name);
  }
});

// Everything here must be allowed; the net is brought back to a known state at the end.
function validCall(n, k) {
  switch (k % 10) {
    case 0: return n.train(1);
    case 1: return n.getParams();
    case 2: return n.ssr();
    case 3: return n.getGradients();
    case 4: return n.predict(k % 7 / 7);
    case 5: return n.setParams(params7);
    case 6: return n.setLearningRate(0.05 + (k % 3) * 0.01);
    case 7: return n.curve(0, 1, 8);
    case 8: return n.lastStep();
    default: return n.setFrozen([false, false, false, k % 2 === 0, false, false, false]);
  }
}

// Every one of these must be refused.
function invalidCall(n, k) {
  switch (k % 10) {
    case 0: return n.train(-1);
    case 1: return n.setHidden(9);
    case 2: return n.setParams([1]);
    case 3: return n.predict(NaN);
    case 4: return n.curve(1, 0, 5);
    case 5: return n.randomize(-1);
    case 6: return n.setData([], []);
    case 7: return n.setActivation('nope');
    case 8: return n.setLearningRate(Infinity);
    default: return n.setParams(seven(1e300));
  }
}

test('a million mixed valid and invalid calls keep the WebAssembly memory and stack unchanged', async () => {
  const { net: n, exports } = await loadWithExports();
  assert.ok(exports?.memory instanceof WebAssembly.Memory, 'could not reach the instance memory');
  // memoryBytes is the facade's own report; the captured instance confirms it and gives the stack.
  const bytes = n.memoryBytes, stack = exports.stackSave();
  assert.equal(bytes, exports.memory.buffer.byteLength);
  n.setActivation('softplus');
  n.setLearningRate(0.05);
  let refused = 0;
  const N = 1000000;
  for (let k = 0; k < N; k++) {
    if (k % 2 === 0) {
      validCall(n, k >> 1);
    } else {
      try {
        invalidCall(n, k >> 1);
      } catch (e) {
        if (!(e instanceof Error)) throw e;
        refused++;
      }
    }
  }
  assert.equal(refused, N / 2, 'every invalid call is refused');
  assert.equal(n.memoryBytes, bytes, 'memory size (memoryBytes)');
  assert.equal(exports.memory.buffer.byteLength, bytes, 'memory size (instance)');
  assert.equal(exports.stackSave(), stack, 'stack pointer');
  // The net still computes what the reference computes.
  n.setFrozen(seven(false));
  n.setInitialParams(params7);
  n.train(200);
  const r = new ReferenceNet({ ...mirror(n), params: params7 });
  r.train(200);
  assertClose(n.getParams(), r.params, { rel: 1e-12, abs: 1e-13, label: 'params after the million calls' });
  assertSameBits(n.getInitialParams(), params7, 'initial params');
});
