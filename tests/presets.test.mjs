// presets.test.mjs: what each example's note says (web/presets.js), and what demo.html says of the
// dosage example, holds, by the independent reference (tests/reference.mjs) trained from the
// example's own start: a note is prose, but a wrong one teaches the wrong thing. Each test quotes
// the claim it checks.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ARTICLE_PARAMS, ReferenceNet } from './reference.mjs';
import { PRESETS } from '../web/presets.js';

const preset = (id) => PRESETS.find((p) => p.id === id);
const frozenOf = (p) => Array.from(p.frozen, (c) => c === '1');

// The example's net as the page loads it (learning rate and parameters may be overridden).
function start(p, over = {}) {
  return new ReferenceNet({
    hidden: p.hidden, activation: p.activation, learningRate: p.learningRate, xs: p.data.xs, ys: p.data.ys,
    params: p.initialParams, frozen: frozenOf(p), ...over,
  });
}

// The SSR after each of `marks` steps (trained on from one mark to the next); every step applied.
function ssrAt(net, marks) {
  return marks.map((k) => {
    const more = k - net.steps;
    assert.equal(net.train(more), more, `every step up to ${k} applied`);
    return net.ssr();
  });
}

const falling = (values) => values.every((v, k) => k === 0 || v < values[k - 1]);

test('every example has a note, and the walkthroughs free what they say', () => {
  for (const p of PRESETS) assert.ok(p.note.length > 40, p.id);
  // "only the output bias b3 starts at 0 and learns"
  const one = preset('walk-b3');
  assert.equal(one.frozen, '1111110');
  assert.equal(one.initialParams[6], 0);
  // "w3, w4 and b3 start from 0.36, 0.63 and 0 and learn together"
  const two = preset('walk-output');
  assert.equal(two.frozen, '1111000');
  assert.deepEqual(two.initialParams.slice(4), [0.36, 0.63, 0]);
  // "Every parameter starts from the article's values and learns at once"
  const three = preset('walk-all');
  assert.deepEqual([three.initialParams, three.frozen], [[...ARTICLE_PARAMS], '0000000']);
});

test('dosage and walkthrough 3: "the first two steps go too far and the SSR rises; then it falls, lingers on a plateau, and falls again almost to 0"', () => {
  for (const id of ['dosage', 'walk-all']) {
    const net = start(preset(id)), ssr0 = net.ssr();
    const [s1, s2, s3, s10, s150, s2000] = ssrAt(net, [1, 2, 3, 10, 150, 2000]);
    assert.ok(s1 > ssr0 && s2 > s1 && s3 < s2, `${id}: ${ssr0} -> ${s1} -> ${s2} -> ${s3}`);
    // (the plateau: from step 10 to 150 the SSR falls by less than a fifth, after falling tenfold from step 2)
    assert.ok(s10 < s2 / 10 && s150 < s10 && s150 > 0.8 * s10, `${id}: a plateau, ${s10} at step 10, ${s150} at 150`);
    assert.ok(s2000 < 1e-6, `${id}: ${s2000} at step 2000`);
  }
});

test('a step: "its input weight keeps growing to make the step sharper, so the SSR falls slowly but never stops falling"', () => {
  const p = preset('step'), net = start(p), w1 = [], ssr = [];
  for (const k of [100, 1000, 3000, 10000, 20000]) {
    ssr.push(ssrAt(net, [k])[0]);
    w1.push(net.params[0]);
  }
  assert.ok(falling(ssr), `SSR ${ssr}`);
  assert.ok(w1.every((v, k) => k === 0 || v > w1[k - 1]), `w1 ${w1}`);
  assert.ok(ssr.at(-1) > 1e-3, `still above 0 at step 20,000: ${ssr.at(-1)}`);
});

test('a sine period: "the learning rate must be small: 0.01 here, while 0.04 diverges"', () => {
  const p = preset('sine');
  assert.equal(p.learningRate, 0.01);
  const ssr = ssrAt(start(p), [10, 1000, 10000]);
  assert.ok(falling(ssr) && ssr.at(-1) < 0.01, `at 0.01: ${ssr}`);
  const fast = start(p, { learningRate: 0.04 });
  assert.ok(fast.train(10000) < 10000, 'at 0.04 a step diverges');
});

test('a noisy line: "the SSR levels off above zero because no smooth curve should chase the noise"', () => {
  const [s1000, s3000, s10000] = ssrAt(start(preset('noisy-line')), [1000, 3000, 10000]);
  assert.ok(s10000 > 0.05, `${s10000}`);
  assert.ok(s3000 - s10000 < 0.001 * s3000 && s1000 >= s3000, `levelled off: ${s1000}, ${s3000}, ${s10000}`);
});

test('a V shape: "the fit becomes exact, so the SSR drops towards zero"', () => {
  const ssr = ssrAt(start(preset('vee')), [10, 100, 1000]);
  assert.ok(falling(ssr) && ssr.at(-1) < 1e-12, `${ssr}`);
});

test('walkthrough 1: "only b3 learns"; each step lowers the SSR', () => {
  const p = preset('walk-b3'), net = start(p), before = net.params.slice();
  const ssr = [net.ssr(), ...ssrAt(net, [1, 2, 3, 10])];
  assert.ok(falling(ssr), `${ssr}`);
  net.params.forEach((v, j) => { if (j !== 6) assert.equal(v, before[j], `parameter ${j} stays`); });
});

test('walkthrough 2: "learning rate 0.1 converges here; with the untrained hidden layer it diverges"', () => {
  const p = preset('walk-output');
  const ssr = ssrAt(start(p), [1, 2, 3, 1000]);
  assert.ok(falling(ssr) && ssr.at(-1) < 1e-6, `${ssr}`);
  const untrained = start(p, { params: [...ARTICLE_PARAMS.slice(0, 4), ...p.initialParams.slice(4)] });
  assert.ok(untrained.train(5000) < 5000, 'with the article\'s untrained hidden layer a step diverges');
});

// demo.html, the example page for writers, says the same kind of thing about the dosage example.
test('demo.html: "with 0.1 ... SSR below 0.001 in under 500 steps"; "with 0.02 ... about 3,000 steps"', () => {
  const below = (lr) => {
    const net = start(preset('dosage'), { learningRate: lr });
    while (net.ssr() >= 1e-3 && net.steps < 20000) assert.ok(net.step(), `step ${net.steps + 1} at ${lr}`);
    return net.steps;
  };
  const fast = below(0.1), slow = below(0.02);
  assert.ok(fast < 500, `${fast} steps at 0.1`);
  assert.ok(slow >= 2500 && slow <= 3500, `${slow} steps at 0.02`);
});
