// core.test.mjs: the WebAssembly core, through the facade, against numbers computed elsewhere:
// finite differences, the article's chain-rule formulas term by term, an independent JavaScript
// reference (tests/reference.mjs) and the native build (build/bp_cli).
// Run: make all && node --test tests/core.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';

import * as ref from './reference.mjs';
import { ReferenceNet, ARTICLE_PARAMS, DOSAGE } from './reference.mjs';
import {
  loadBackprop, runCli, near, assertClose, assertSameBits, rng, mirror,
} from './helpers.mjs';

const net = await loadBackprop();
// The activations the reference knows; the core must offer exactly these (checked below), so the
// loops over them cannot quietly cover fewer.
const ACTIVATIONS = Object.keys(ref.ACTIVATIONS);

// Put the shared net back to the article's example.
function defaults(n = net) {
  n.setHidden(2);
  n.setActivation('softplus');
  n.setLearningRate(0.1);
  n.setData(DOSAGE.xs, DOSAGE.ys);
  n.setInitialParams(ARTICLE_PARAMS);
}

// Random data: n points, inputs in [-1, 2], observed in [-1, 1].
function randomData(rand, n) {
  return { xs: rand.array(n, -1, 2), ys: rand.array(n, -1, 1) };
}

// True when some hidden pre-activation sits within `gap` of relu's kink (finite differences
// across a kink measure a one-sided slope, not the derivative).
function nearKink(H, params, xs, gap) {
  return xs.some((x) => ref.forward(H, 'relu', params, x).x.some((v) => Math.abs(v) < gap));
}

// Central difference of the SSR in parameter j, measured through setParams + ssr().
function centralDifference(n, params, j, h) {
  const q = params.slice();
  q[j] = params[j] + h;
  n.setParams(q);
  const up = n.ssr();
  q[j] = params[j] - h;
  n.setParams(q);
  const down = n.ssr();
  n.setParams(params);
  return (up - down) / ((params[j] + h) - (params[j] - h));
}

test('the core offers exactly the reference\'s activations, in its order', () => {
  assert.deepEqual(net.activations, ACTIVATIONS);
});

test('gradients agree with central finite differences (every activation, H = 1, 2, 8)', () => {
  const rand = rng(20240601);
  let checked = 0;
  for (const activation of ACTIVATIONS) {
    for (const H of [1, 2, 8]) {
      net.setHidden(H);
      net.setActivation(activation);
      for (let trial = 0; trial < 25; trial++) {
        const params = rand.array(3 * H + 1, -3, 3);
        const { xs, ys } = randomData(rand, 1 + Math.floor(rand() * 8));
        if (activation === 'relu' && nearKink(H, params, xs, 1e-3)) continue;
        net.setData(xs, ys);
        net.setParams(params);
        const g = net.getGradients(), S = net.ssr();
        const fdCore = net.fdGradients(1e-5), fdDefault = net.fdGradients();
        // Relative error 1e-6, floored at 1e-3 of the problem's scale: where a gradient is
        // tiny next to the SSR, a difference quotient can only resolve it absolutely.
        const floor = 1e-3 * Math.max(1, S, ...g.map(Math.abs));
        const where = `${activation} H=${H} trial ${trial}`;
        for (let j = 0; j < g.length; j++) {
          const fd = centralDifference(net, params, j, 1e-5 * Math.max(1, Math.abs(params[j])));
          assertClose(g[j], fd, { rel: 1e-6, abs: 1e-6 * floor, label: `${where} dSSR/dθ${j} vs setParams/ssr FD` });
          assertClose(g[j], fdCore[j], { rel: 1e-6, abs: 1e-6 * floor, label: `${where} dSSR/dθ${j} vs fdGradients(1e-5)` });
          assertClose(g[j], fdDefault[j], { rel: 1e-6, abs: 1e-6 * floor, label: `${where} dSSR/dθ${j} vs fdGradients()` });
        }
        checked++;
      }
    }
  }
  assert.ok(checked >= 250, `only ${checked} parameter sets were checked`);
  defaults();
});

test('single evaluations agree with the reference: SSR, gradients, predict, trace, ssrGrid', () => {
  const rand = rng(7);
  for (const activation of ACTIVATIONS) {
    for (const H of [1, 2, 3, 8]) {
      net.setHidden(H);
      net.setActivation(activation);
      for (let trial = 0; trial < 10; trial++) {
        const params = rand.array(3 * H + 1, -3, 3);
        const { xs, ys } = randomData(rand, 1 + Math.floor(rand() * 10));
        net.setData(xs, ys);
        net.setParams(params);
        const r = new ReferenceNet({ hidden: H, activation, xs, ys, params });
        const S = r.ssr(), g = r.gradients();
        // Sums may cancel, so the floor is relative to the largest term's scale.
        const scale = Math.max(1, S, ...g.map(Math.abs));
        const where = `${activation} H=${H} trial ${trial}`;
        assertClose(net.ssr(), S, { rel: 1e-12, abs: 1e-15 * scale, label: `${where} ssr` });
        assertClose(net.getGradients(), g, { rel: 1e-12, abs: 1e-14 * scale, label: `${where} gradients` });
        const probe = rand.uniform(-2, 3);
        assertClose(net.predict(probe), r.predict(probe), { rel: 1e-12, abs: 1e-15 * scale, label: `${where} predict` });
        const tr = net.trace();
        assert.equal(tr.points.length, xs.length);
        tr.points.forEach((p, i) => {
          const f = ref.forward(H, activation, params, xs[i]);
          assertClose(p.x, f.x, { rel: 1e-13, abs: 1e-15, label: `${where} trace x, point ${i}` });
          assertClose(p.y, f.y, { rel: 1e-13, abs: 1e-300, label: `${where} trace y, point ${i}` });
          assertClose(p.dydx, f.dydx, { rel: 1e-12, abs: 1e-300, label: `${where} trace dydx, point ${i}` });
          assertClose(p.predicted, f.predicted, { rel: 1e-12, abs: 1e-15 * scale, label: `${where} trace predicted` });
        });
        assertClose(tr.gradient, g, { rel: 1e-12, abs: 1e-14 * scale, label: `${where} trace gradient` });
        // A 2-D SSR grid over two parameters and a 1-D slice, sample positions as documented.
        const i = Math.floor(rand() * params.length), j = (i + 1 + Math.floor(rand() * (params.length - 1))) % params.length;
        const [a0, a1, c0, c1] = [-2, 1.5, -1, 2.5];
        const grid = net.ssrGrid(i, j, a0, a1, 5, c0, c1, 4);
        for (let row = 0; row < 4; row++)
          for (let q = 0; q < 5; q++) {
            const p = params.slice();
            p[i] = a0 + ((a1 - a0) * q) / 4;
            p[j] = c0 + ((c1 - c0) * row) / 3;
            const want = r.ssr(p);
            assertClose(grid.values[row * 5 + q], want, { rel: 1e-12, abs: 1e-15 * Math.max(1, want), label: `${where} ssrGrid(${i},${j})[${row},${q}]` });
          }
        // Blocks of the grid, alone or written into a whole grid's array, are its cells bit for bit.
        const block = net.ssrGrid(i, j, a0, a1, 5, c0, c1, 4, { q0: 1, q1: 4, r0: 2, r1: 4 });
        assert.equal(block.values.length, 6);
        for (let row = 2; row < 4; row++)
          for (let q = 1; q < 4; q++) assert.equal(block.values[(row - 2) * 3 + q - 1], grid.values[row * 5 + q], `${where} block cell ${row},${q}`);
        const into = new Float64Array(20).fill(-1);
        for (const part of [{ r0: 0, r1: 1 }, { r0: 1, r1: 4, q0: 0, q1: 2 }, { r0: 1, r1: 4, q0: 2, q1: 5 }]) {
          assert.equal(net.ssrGrid(i, j, a0, a1, 5, c0, c1, 4, { ...part, into }).values, into, 'into is returned');
        }
        assertSameBits(Array.from(into), Array.from(grid.values), `${where} grid written block by block into one array`);
        const slice = net.ssrGrid(i, -1, a0, a1, 7);
        assert.equal(slice.values.length, 7);
        for (let q = 0; q < 7; q++) {
          const p = params.slice();
          p[i] = a0 + ((a1 - a0) * q) / 6;
          assertClose(slice.values[q], r.ssr(p), { rel: 1e-12, abs: 1e-15 * Math.max(1, r.ssr(p)), label: `${where} ssr slice ${q}` });
        }
        assertSameBits(net.getParams(), params, `${where} params after queries`);
      }
    }
  }
  defaults();
});

test('the article\'s H = 2 softplus chain rule, term by term, matches trace()', () => {
  const rand = rng(99);
  // The article's formulas, written out literally for the top (1) and bottom (2) neuron.
  const softplus = (x) => Math.log(1 + Math.exp(x));
  const dSoftplus = (x) => Math.exp(x) / (1 + Math.exp(x));
  // The article's network at random parameters, over n random points.
  const randomState = (n) => {
    defaults();
    const { xs, ys } = randomData(rand, n);
    net.setData(xs, ys);
    net.setParams(rand.array(7, -2, 2));
  };
  const states = [
    { name: 'article defaults', setup: () => defaults() },
    { name: 'after 10 steps', setup: () => { defaults(); net.train(10); } },
    { name: 'after 300 steps', setup: () => { defaults(); net.train(300); } },
    { name: 'random params, other data', setup: () => randomState(6) },
    { name: 'random params, 40 points', setup: () => randomState(40) },
  ];
  for (const { name, setup } of states) {
    setup();
    const [w1, b1, w2, b2, w3, w4, b3] = net.getParams();
    const { xs, ys } = net.getData();
    const tr = net.trace(), gradients = net.getGradients();
    const sums = new Array(7).fill(0);
    const close = (a, b, label) => assertClose(a, b, { rel: 1e-12, abs: 1e-15, label: `${name}: ${label}` });
    xs.forEach((input, i) => {
      const observed = ys[i];
      const x1 = input * w1 + b1, x2 = input * w2 + b2;
      const y1 = softplus(x1), y2 = softplus(x2);
      const predicted = y1 * w3 + y2 * w4 + b3;
      const dSSRdPredicted = -2 * (observed - predicted);
      const p = tr.points[i];
      assert.equal(p.input, input);
      assert.equal(p.observed, observed);
      close(p.x, [x1, x2], `x1, x2 at point ${i}`);
      close(p.y, [y1, y2], `y1, y2 at point ${i}`);
      close(p.dydx, [dSoftplus(x1), dSoftplus(x2)], `dy/dx at point ${i}`);
      close(p.predicted, predicted, `predicted at point ${i}`);
      close(p.residual, observed - predicted, `residual at point ${i}`);
      close(p.dSSRdPredicted, dSSRdPredicted, `dSSR/dpredicted at point ${i}`);
      // [dSSR/dpredicted, dpredicted/dy, dy/dx, dx/dθ] per hidden parameter, per the article.
      const article = [
        [dSSRdPredicted, w3, dSoftplus(x1), input], // w1
        [dSSRdPredicted, w3, dSoftplus(x1), 1], // b1
        [dSSRdPredicted, w4, dSoftplus(x2), input], // w2
        [dSSRdPredicted, w4, dSoftplus(x2), 1], // b2
        [dSSRdPredicted, y1], // w3: dpredicted/dw3 = y1
        [dSSRdPredicted, y2], // w4: dpredicted/dw4 = y2
        [dSSRdPredicted, 1], // b3: dpredicted/db3 = 1
      ];
      const names = net.paramNames();
      article.forEach((factors, j) => {
        const link = tr.chain[i][j];
        assert.equal(link.factors.length, factors.length, `${name}: factor count for ${names[j]}`);
        close(link.factors, factors, `factors of dSSR/d${names[j]} at point ${i}`);
        const own = link.factors.reduce((a, b) => a * b, 1);
        close(link.product, own, `product of its own factors, dSSR/d${names[j]} at point ${i}`);
        close(link.product, factors.reduce((a, b) => a * b, 1), `article product, dSSR/d${names[j]} at point ${i}`);
        sums[j] += link.product;
      });
    });
    const scale = Math.max(1, ...gradients.map(Math.abs));
    assertClose(sums, gradients, { rel: 1e-13, abs: 1e-15 * scale, label: `${name}: sum of products vs getGradients()` });
    assertClose(tr.gradient, gradients, { rel: 1e-13, abs: 1e-15 * scale, label: `${name}: trace gradient vs getGradients()` });
  }
  defaults();
});

// Cross-implementation training runs. Every run here is well conditioned: runs where the
// trajectory is chaotic (a last-bit difference between two libm exp() grows to O(1), as it does
// between WASM and native themselves) cannot be compared at any tolerance, and are not used.
const RUNS = [
  { name: 'defaults, 5000 steps', steps: 5000, every: 250 },
  { name: 'relu', activation: 'relu', steps: 3000, every: 300 },
  { name: 'sigmoid', activation: 'sigmoid', steps: 3000, every: 300 },
  { name: 'tanh, lr 0.05', activation: 'tanh', lr: 0.05, steps: 3000, every: 300 },
  { name: 'softplus, other data', data: 'wave', steps: 3000, every: 300 },
  { name: 'relu, other data, lr 0.05', activation: 'relu', data: 'wave', lr: 0.05, steps: 3000, every: 300 },
  { name: 'sigmoid, other data, lr 0.05', activation: 'sigmoid', data: 'wave', lr: 0.05, steps: 3000, every: 300 },
  { name: 'H=1 softplus seed 42', hidden: 1, seed: 42, steps: 3000, every: 500 },
  { name: 'H=3 softplus seed 7', hidden: 3, seed: 7, steps: 3000, every: 500 },
  { name: 'H=3 relu seed 42', hidden: 3, activation: 'relu', seed: 42, steps: 3000, every: 500 },
  { name: 'H=8 sigmoid seed 7', hidden: 8, activation: 'sigmoid', seed: 7, steps: 3000, every: 500 },
  { name: 'H=8 tanh seed 42', hidden: 8, activation: 'tanh', seed: 42, steps: 3000, every: 500 },
  { name: 'H=8 relu seed 42', hidden: 8, activation: 'relu', seed: 42, steps: 3000, every: 500 },
  { name: 'frozen biases, lr 0.05', frozen: [0, 1, 0, 1, 0, 0, 0], lr: 0.05, steps: 3000, every: 300 },
  { name: 'frozen bottom neuron', frozen: [0, 0, 1, 1, 0, 0, 0], steps: 3000, every: 300 },
  { name: 'frozen output layer, lr 0.05', frozen: [0, 0, 0, 0, 1, 1, 1], lr: 0.05, steps: 2000, every: 200 },
];
const WAVE = { xs: [0, 0.25, 0.5, 0.75, 1, 1.25, 1.5], ys: [0, 0.7, 1, 0.7, 0, -0.5, 0.2] };

// Near a fit the residuals are differences of O(1) numbers, known to about 1e-13 absolutely, so
// the SSR (their squares) agrees to about 2 sqrt(SSR) 1e-13, not relatively.
const ssrFloor = (ssr) => 2e-13 * Math.sqrt(ssr) + 1e-24;

// Set the facade's net up, and write the bp_cli script that sets the native net up the same way.
function configure({ hidden, activation, lr, seed, data }, { reset = false } = {}) {
  const script = [`hidden ${hidden}`, `activation ${ACTIVATIONS.indexOf(activation)}`, `lr ${lr}`,
    `data ${data.xs.length} ${data.xs.map((x, i) => `${x} ${data.ys[i]}`).join(' ')}`];
  net.setHidden(hidden);
  net.setActivation(activation);
  net.setLearningRate(lr);
  net.setData(data.xs, data.ys);
  if (seed !== undefined) {
    script.push(`seed ${seed}`);
    net.randomize(seed);
  } else if (reset) {
    net.reset();
  }
  return script;
}

for (const run of RUNS) {
  test(`reference, WASM and native agree over a training run: ${run.name}`, () => {
    const { hidden = 2, activation = 'softplus', lr = 0.1, seed, frozen, steps, every } = run;
    const data = run.data === 'wave' ? WAVE : DOSAGE;
    const script = configure({ hidden, activation, lr, seed, data }, { reset: true });
    if (frozen) {
      script.push(`frozen ${frozen.length} ${frozen.join(' ')}`);
      net.setFrozen(frozen.map(Boolean));
    }
    const start = script.length - 1;
    for (let s = 0; s < steps; s += every) script.push(`train ${every}`);
    const native = runCli(script);
    native.forEach((line, k) => assert.equal(line.status, 0, `native line ${k}: ${line.message}`));
    // The seeded draw is the same bits natively and in WebAssembly.
    assertSameBits(net.getParams(), native[start].params, 'initial params, WASM vs native');
    const r = new ReferenceNet(mirror(net));
    for (let k = 1; k * every <= steps; k++) {
      const got = net.train(every);
      assert.equal(r.train(every), every, 'the reference diverged');
      const nat = native[start + k], at = `after ${k * every} steps`;
      assert.equal(net.steps, k * every);
      assert.equal(nat.steps, k * every);
      const params = net.getParams();
      assertClose(params, r.params, { rel: 1e-12, abs: 1e-13, label: `${at}: WASM vs reference params` });
      assertClose(nat.params, r.params, { rel: 1e-12, abs: 1e-13, label: `${at}: native vs reference params` });
      // The core computes exp, log1p and tanh itself, so WASM and native agree bit for bit.
      assertSameBits(params, nat.params, `${at}: WASM vs native params`);
      assert.ok(Object.is(got, nat.ssr), `${at}: WASM SSR ${got} vs native ${nat.ssr}`);
      assert.equal(got, net.ssr(), 'train() returns the SSR after the last step');
      assertClose(got, r.ssr(), { rel: 1e-12, abs: ssrFloor(r.ssr()), label: `${at}: WASM vs reference SSR` });
      assertClose(nat.ssr, r.ssr(), { rel: 1e-12, abs: ssrFloor(r.ssr()), label: `${at}: native vs reference SSR` });
      if (frozen) frozen.forEach((f, j) => f && assert.ok(Object.is(params[j], r.params[j]), `frozen θ${j} moved`));
    }
    defaults();
  });
}

// Ill-conditioned runs, where a last-bit difference grows to O(1): the reference cannot follow
// them, but WASM and native must still agree bit for bit, including where training diverges.
const CHAOTIC = [
  { name: 'H=3 softplus, default draw', hidden: 3, activation: 'softplus', lr: 0.1 },
  { name: 'H=8 softplus seed 3', hidden: 8, activation: 'softplus', lr: 0.1, seed: 3 },
  { name: 'H=2 tanh, article params', hidden: 2, activation: 'tanh', lr: 0.1 },
  { name: 'H=8 tanh seed 7 (diverges)', hidden: 8, activation: 'tanh', lr: 0.1, seed: 7 },
  { name: 'H=2 sigmoid, other data', hidden: 2, activation: 'sigmoid', lr: 0.1, data: WAVE },
];

for (const { name, hidden, activation, lr, seed, data = DOSAGE } of CHAOTIC) {
  test(`WASM and native agree bit for bit on an ill-conditioned run: ${name}`, () => {
    const script = configure({ hidden, activation, lr, seed, data });
    const start = script.length - 1;
    for (let k = 0; k < 10; k++) script.push('train 500');
    const native = runCli(script);
    for (let k = 1; k <= 10; k++) {
      let status = 0;
      try {
        net.train(500);
      } catch (e) {
        assert.equal(e.code, 'diverged');
        status = e.status;
      }
      const nat = native[start + k];
      assert.equal(nat.status, status, `status after checkpoint ${k}`);
      assert.equal(nat.steps, net.steps, `steps after checkpoint ${k}`);
      assertSameBits(net.getParams(), nat.params, `params after ${net.steps} steps`);
      assertSameBits(net.getGradients(), nat.gradients, `gradients after ${net.steps} steps`);
      assert.ok(Object.is(net.ssr(), nat.ssr), `SSR after ${net.steps} steps`);
    }
    defaults();
  });
}

test('training from the defaults converges (SSR < 1e-3 within 2000 steps) and fits the data', () => {
  defaults();
  const start = net.ssr();
  assertClose(start, new ReferenceNet().ssr(), { rel: 1e-12, label: 'initial SSR' });
  let ssr = start, steps = 0;
  while (ssr >= 1e-3 && steps < 2000) {
    const next = net.train(100);
    assert.ok(next < ssr, `SSR rose from ${ssr} to ${next} at step ${steps + 100}`);
    ssr = next;
    steps += 100;
  }
  assert.ok(ssr < 1e-3, `SSR ${ssr} after ${steps} steps`);
  net.train(2000);
  DOSAGE.xs.forEach((x, i) => assertClose(net.predict(x), DOSAGE.ys[i], { rel: 0, abs: 1e-6, label: `predict(${x})` }));
  net.getGradients().forEach((g, j) => assert.ok(Math.abs(g) < 1e-6, `gradient ${j} = ${g} at the minimum`));
  defaults();
});

test('freezing: the classic walkthrough (b3 only, then w3, w4, b3, then all seven)', () => {
  defaults();
  net.setLearningRate(0.05);
  const r = new ReferenceNet({ learningRate: 0.05 });
  const stages = [
    { train: [6], steps: 1000 },
    { train: [4, 5, 6], steps: 1000 },
    { train: [0, 1, 2, 3, 4, 5, 6], steps: 3000 },
  ];
  let ssr = net.ssr();
  for (const { train, steps } of stages) {
    const mask = ARTICLE_PARAMS.map((_, j) => !train.includes(j));
    net.setFrozen(mask);
    assert.deepEqual(net.getFrozen(), mask);
    r.frozen = mask;
    const before = net.getParams();
    const after = net.train(steps);
    r.train(steps);
    const params = net.getParams();
    mask.forEach((frozen, j) => {
      if (frozen) assert.ok(Object.is(params[j], before[j]), `frozen θ${j} changed: ${before[j]} -> ${params[j]}`);
      else assert.notEqual(params[j], before[j], `trained θ${j} did not move`);
    });
    assert.ok(after < ssr, `stage training ${train} did not lower the SSR (${ssr} -> ${after})`);
    assertClose(params, r.params, { rel: 1e-12, abs: 1e-13, label: `stage ${train}: params vs reference` });
    if (train.length === 1) {
      // With everything else fixed, the best b3 is the mean of observed - (y1 w3 + y2 w4).
      const rest = DOSAGE.xs.map((x, i) => DOSAGE.ys[i] - ref.forward(2, 'softplus', [...params.slice(0, 6), 0], x).predicted);
      assertClose(params[6], rest.reduce((a, b) => a + b) / rest.length, { rel: 1e-9, label: 'b3 alone converges to the mean residual' });
    }
    ssr = after;
  }
  defaults();
  net.setFrozen(new Array(7).fill(false));
});

test('reset() restores the initial parameters and zero steps', () => {
  defaults();
  const initial = net.getInitialParams();
  assertSameBits(initial, ARTICLE_PARAMS, 'initial params');
  net.train(123);
  assert.equal(net.steps, 123);
  assert.notDeepEqual(net.getParams(), initial);
  net.reset();
  assert.equal(net.steps, 0);
  assertSameBits(net.getParams(), initial, 'params after reset');
  assertSameBits(net.getInitialParams(), initial, 'initial params after reset');
  assert.equal(net.ssr(), new ReferenceNet().ssr(), 'SSR after reset');
  // setParams moves the current parameters only; setInitialParams moves both and resets.
  const other = [1, -0.5, 0.25, 0.125, -1, 2, 0.5];
  net.train(5);
  net.setParams(other);
  assert.equal(net.steps, 5);
  net.reset();
  assertSameBits(net.getParams(), initial, 'params after setParams + reset');
  net.train(5);
  net.setInitialParams(other);
  assert.equal(net.steps, 0);
  assertSameBits(net.getParams(), other, 'params after setInitialParams');
  net.train(9);
  net.reset();
  assertSameBits(net.getParams(), other, 'params after setInitialParams + train + reset');
  defaults();
});

test('randomize(seed) is deterministic, seed-dependent, and resets', async () => {
  const other = await loadBackprop();
  for (const H of [1, 2, 5, 8]) {
    net.setHidden(H);
    other.setHidden(H);
    const draws = new Map();
    for (const seed of [0, 1, 2, 12345, 4294967295]) {
      net.train(3);
      net.randomize(seed);
      assert.equal(net.steps, 0, 'randomize resets the step count');
      const p = net.getParams();
      assertSameBits(net.getInitialParams(), p, 'randomize sets the initial params');
      assert.ok(p.every(Number.isFinite));
      net.randomize(seed);
      assertSameBits(net.getParams(), p, `seed ${seed} twice, same net`);
      other.randomize(seed);
      assertSameBits(other.getParams(), p, `seed ${seed} on a second net`);
      for (const [s, q] of draws) assert.notDeepEqual(q, p, `seeds ${s} and ${seed} drew the same params`);
      draws.set(seed, p);
    }
    const native = runCli([`hidden ${H}`, 'seed 12345']);
    assertSameBits(native[1].params, draws.get(12345), `H=${H} seed 12345, native vs WASM`);
  }
  defaults();
});

test('lastStep() is the last applied step: old, derivative, stepSize = derivative * lr, new = old - stepSize; the SSR before and after', () => {
  defaults();
  const fresh = net.lastStep();
  for (const key of ['old', 'derivative', 'stepSize', 'new']) {
    assert.equal(fresh[key].length, 7, `${key} before any step`);
    assert.ok(fresh[key].every(Number.isNaN), `${key} before any step`);
  }
  assert.ok(Number.isNaN(fresh.ssrBefore) && Number.isNaN(fresh.ssrAfter), 'no SSRs before any step');
  for (const [lr, mask] of [[0.1, null], [0.05, [false, true, false, false, true, false, false]]]) {
    net.setLearningRate(lr);
    if (mask) net.setFrozen(mask);
    for (let s = 0; s < 5; s++) {
      const old = net.getParams(), derivative = net.getGradients(), ssr = net.ssr();
      net.step();
      const last = net.lastStep();
      assertSameBits(last.old, old, 'old');
      assert.ok(Object.is(last.ssrBefore, ssr) && Object.is(last.ssrAfter, net.ssr()), `SSR ${last.ssrBefore} -> ${last.ssrAfter}`);
      const before = new ReferenceNet({ learningRate: lr, params: old }).ssr(), after = new ReferenceNet({ params: last.new }).ssr();
      assertClose([last.ssrBefore, last.ssrAfter], [before, after], { rel: 1e-12, label: 'SSR before and after vs reference' });
      assertSameBits(last.derivative, derivative, 'derivative');
      const r = new ReferenceNet({ learningRate: lr, params: old });
      assertClose(last.derivative, r.gradients(), { rel: 1e-12, abs: 1e-15, label: 'derivative vs reference' });
      derivative.forEach((d, j) => {
        const frozen = mask?.[j] ?? false;
        assert.ok(Object.is(last.stepSize[j], frozen ? 0 : d * lr), `stepSize[${j}] = ${last.stepSize[j]}`);
        assert.ok(Object.is(last.new[j], frozen ? old[j] : old[j] - last.stepSize[j]), `new[${j}] = ${last.new[j]}`);
      });
      assertSameBits(net.getParams(), last.new, 'params equal lastStep().new');
    }
  }
  // After train(n) the ledger holds step n: its old values are the params after n - 1 steps.
  defaults();
  const twin = new ReferenceNet();
  twin.train(49);
  net.train(50);
  assertClose(net.lastStep().old, twin.params, { rel: 1e-12, abs: 1e-13, label: 'old after train(50)' });
  assertClose(net.lastStep().ssrBefore, twin.ssr(), { rel: 1e-12, label: 'SSR before step 50' });
  assertSameBits(net.lastStep().new, net.getParams(), 'new after train(50)');
  assert.ok(Object.is(net.lastStep().ssrAfter, net.ssr()), 'SSR after step 50');
  // The article's default start at learning rate 0.1: its first step raises the SSR (the page's
  // ledger says so when it happens).
  defaults();
  net.step();
  assert.ok(net.lastStep().ssrAfter > net.lastStep().ssrBefore, `${net.lastStep().ssrBefore} -> ${net.lastStep().ssrAfter}`);
  defaults();
  net.setFrozen(new Array(7).fill(false));
});

test('curve() samples agree with predict() and the reference', () => {
  const rand = rng(3);
  for (const activation of ACTIVATIONS) {
    for (const H of [1, 2, 8]) {
      net.setHidden(H);
      net.setActivation(activation);
      net.setParams(rand.array(3 * H + 1, -3, 3));
      const params = net.getParams();
      for (const [x0, x1, m] of [[0, 1, 2], [-1, 2, 200], [-0.3, 0.7, 4096], [5, 5.5, 17]]) {
        const c = net.curve(x0, x1, m);
        assert.ok(c.xs instanceof Float64Array && c.predicted instanceof Float64Array);
        assert.equal(c.xs.length, m);
        assert.equal(c.contributions.length, H);
        for (let i = 0; i < m; i++) {
          const x = c.xs[i];
          assertClose(x, x0 + ((x1 - x0) * i) / (m - 1), { rel: 1e-15, abs: 1e-15, label: `xs[${i}]` });
          assert.equal(c.predicted[i], net.predict(x), `predicted[${i}] vs predict(${x})`);
          const f = ref.forward(H, activation, params, x);
          const scale = Math.max(1, ...f.y.map((y, k) => Math.abs(y * params[2 * H + k])));
          assertClose(c.predicted[i], f.predicted, { rel: 1e-12, abs: 1e-14 * scale, label: `predicted[${i}] vs reference` });
          let sum = params[3 * H];
          for (let k = 0; k < H; k++) {
            assertClose(c.contributions[k][i], f.y[k] * params[2 * H + k], { rel: 1e-12, abs: 1e-300, label: `contribution ${k} at ${i}` });
            sum += c.contributions[k][i];
          }
          assertClose(sum, c.predicted[i], { rel: 1e-13, abs: 1e-14 * scale, label: `contributions + c at ${i}` });
        }
      }
    }
  }
  defaults();
});

test('frame() trains like train() and snapshots params, gradients, SSR, steps and curve', async () => {
  const twin = await loadBackprop();
  defaults();
  for (const [steps, x0, x1, m] of [[0, 0, 1, 0], [1, 0, 1, 5], [37, -0.5, 1.5, 64], [500, 0, 1, 200]]) {
    const snap = net.frame(steps, x0, x1, m);
    const ssr = twin.train(steps);
    assertSameBits(net.getParams(), twin.getParams(), 'frame trains exactly like train');
    assert.equal(snap.steps, net.steps);
    assert.equal(snap.steps, twin.steps);
    assert.equal(snap.ssr, net.ssr());
    assert.equal(snap.ssr, ssr);
    assertSameBits(snap.params, net.getParams(), 'frame params');
    assertSameBits(snap.gradients, net.getGradients(), 'frame gradients');
    if (m === 0) {
      assert.equal(snap.curve, null);
    } else {
      const c = net.curve(x0, x1, m);
      assertSameBits(snap.curve.xs, c.xs, 'frame curve xs');
      assertSameBits(snap.curve.predicted, c.predicted, 'frame curve predicted');
      c.contributions.forEach((row, k) => assertSameBits(snap.curve.contributions[k], row, `frame contribution ${k}`));
    }
  }
  defaults();
});

// Step one at a time until the core refuses; returns the error.
function stepUntilDiverged(n, limit = 100000) {
  for (let s = 0; s < limit; s++) {
    try {
      n.step();
    } catch (e) {
      return e;
    }
  }
  return null;
}

for (const lr of [1e3, 1e5]) {
  test(`divergence at learning rate ${lr}: an Error, finite params equal to the reference replay, recovery`, async () => {
    defaults();
    net.setLearningRate(lr);
    const error = stepUntilDiverged(net);
    assert.ok(error instanceof Error, 'training should have diverged');
    assert.match(error.message, /diverged/);
    assert.equal(error.code, 'diverged');
    const params = net.getParams(), applied = net.steps;
    assert.ok(applied > 0 && params.every(Number.isFinite), `params after ${applied} steps: ${params}`);
    assert.ok(Number.isFinite(net.ssr()) && net.getGradients().every(Number.isFinite));
    // The reference replays exactly the applied steps, and refuses the next one too.
    const r = new ReferenceNet({ learningRate: lr });
    assert.equal(r.train(applied), applied);
    assertClose(params, r.params, { rel: 1e-12, abs: 1e-13, label: 'diverged params vs reference replay' });
    assert.equal(r.step(), false, 'the reference also refuses the next step');
    assertSameBits(net.lastStep().new, params, 'lastStep().new after stepping one at a time');
    // A second refusal changes nothing.
    assert.throws(() => net.train(10), /diverged/);
    assertSameBits(net.getParams(), params, 'params after a second refusal');
    assert.equal(net.steps, applied);
    // The same run in one train() call stops at the same place.
    const other = await loadBackprop();
    other.setLearningRate(lr);
    assert.throws(() => other.train(100000), (e) => e instanceof Error && /diverged/.test(e.message));
    assert.equal(other.steps, applied);
    assertSameBits(other.getParams(), params, 'one train() call vs single steps');
    // frame() throws the same way, with a snapshot of the finite state attached.
    other.reset();
    const e = (() => { try { other.frame(100000); } catch (err) { return err; } return null; })();
    assert.ok(e instanceof Error && /diverged/.test(e.message), 'frame should throw on divergence');
    assertSameBits(e.frame.params, params, 'frame snapshot params on divergence');
    assert.equal(e.frame.steps, applied);
    // Recovery: a sane learning rate and a reset.
    net.setLearningRate(0.1);
    net.reset();
    assert.equal(net.steps, 0);
    assertSameBits(net.getParams(), ARTICLE_PARAMS, 'params after recovery');
    assert.ok(net.train(2000) < 1e-3, 'training converges after recovery');
    assertClose(net.getParams(), (() => { const q = new ReferenceNet(); q.train(2000); return q.params; })(),
      { rel: 1e-12, abs: 1e-13, label: 'params after recovery vs reference' });
    defaults();
  });

  // A call that diverges midway still leaves lastStep() at the last step it applied.
  test(`lastStep() after a train(n) call that diverged midway is the last applied step (lr ${lr})`, async () => {
    const one = await loadBackprop();
    one.setLearningRate(lr);
    assert.throws(() => one.train(100000), /diverged/);
    const last = one.lastStep();
    assertSameBits(last.new, one.getParams(), 'lastStep().new after a diverged train(n)');
    const r = new ReferenceNet({ learningRate: lr });
    r.train(one.steps);
    assertClose(last.old, r.last.old, { rel: 1e-12, abs: 1e-13, label: 'lastStep().old vs reference' });
    assert.ok(Object.is(last.ssrAfter, one.ssr()) && Number.isFinite(last.ssrBefore), `SSR ${last.ssrBefore} -> ${last.ssrAfter}`);
  });
}

test('two nets from two loadBackprop() calls are independent', async () => {
  const a = await loadBackprop(), b = await loadBackprop();
  a.setHidden(3);
  a.setActivation('tanh');
  a.setLearningRate(0.01);
  a.setData([1, 2], [3, 4]);
  a.setFrozen([true, false, false, false, false, false, false, false, false, false]);
  a.train(10);
  assert.equal(b.getHidden(), 2);
  assert.equal(b.getActivation(), 'softplus');
  assert.equal(b.getLearningRate(), 0.1);
  assert.deepEqual(b.getData(), { xs: DOSAGE.xs, ys: DOSAGE.ys });
  assert.equal(b.steps, 0);
  assertSameBits(b.getParams(), ARTICLE_PARAMS, 'b params');
  assert.ok(b.getFrozen().every((f) => !f));
  b.train(100);
  assert.equal(a.steps, 10);
  assert.equal(a.getHidden(), 3);
  const r = new ReferenceNet();
  r.train(100);
  assertClose(b.getParams(), r.params, { rel: 1e-12, abs: 1e-13, label: 'b trained alone' });
  const ra = new ReferenceNet({ hidden: 3, activation: 'tanh', learningRate: 0.01, xs: [1, 2], ys: [3, 4],
    params: a.getInitialParams(), frozen: a.getFrozen() });
  ra.train(10);
  assertClose(a.getParams(), ra.params, { rel: 1e-12, abs: 1e-13, label: 'a trained alone' });
  assert.ok(near(a.ssr(), ra.ssr(), 1e-12));
});
