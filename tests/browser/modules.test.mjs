// modules.test.mjs: the page's DOM-free modules under Node: number formatting (what the page
// shows), URL options, and the bounded SSR history the loss chart draws.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import {
  formatCount, formatFixed, formatLedger, formatRate, formatRateText, parseDecimal, formatShort, formatSSR, formatTick,
} from '../../web/format.js';
import { SsrHistory, parseOptions } from '../../web/state.js';

test('formatting: plain in the readable range, superscript powers of ten outside it', () => {
  assert.equal(formatSSR(1.8958781559227895), '1.896');
  assert.equal(formatSSR(0.000158), '1.580 × 10⁻⁴');
  assert.equal(formatSSR(1.5180179821660193e-29), '1.518 × 10⁻²⁹');
  assert.equal(formatSSR(1.759e302), '1.759 × 10³⁰²');
  assert.equal(formatSSR(0), '0');
  assert.equal(formatFixed(-1.13), '\u22121.1300');
  assert.equal(formatFixed(0), '0.0000');
  assert.equal(formatFixed(-2.269e-164), '\u22122.269 × 10⁻¹⁶⁴');
  assert.equal(formatShort(2.74), '2.74');
  assert.equal(formatShort(-0.001), '0.00');
  assert.equal(formatShort(7.658e150), '7.7 × 10¹⁵⁰');
  assert.equal(formatRate(0.1), '0.1');
  assert.equal(formatRate(1000), '1000');
  assert.deepEqual([1e6, 2.5e-5, 1.2345e-7].map(formatRate), ['1e+6', '2.5e-5', '1.23e-7']);
  for (const v of [1e6, 2.5e-5]) assert.equal(parseDecimal(formatRate(v)), v, 'the field reads its own text back');
  // In a sentence or a label, the page's own notation instead of the field's.
  assert.deepEqual([0.1, 1000, 1e-4, 1e6, 2.5e-5, 1.2345e-7].map(formatRateText), ['0.1', '1000', '0.0001', '1 × 10⁶', '2.5 × 10⁻⁵', '1.23 × 10⁻⁷']);
  // The ledger: 6 decimals, or 4 significant digits where 6 decimals would show fewer.
  assert.deepEqual([0, 0.076094, -1.13, 7.60944e-6, -0.000999, 0.001].map(formatLedger),
    ['0.000000', '0.076094', '\u22121.130000', '7.609 × 10⁻⁶', '\u22129.990 × 10⁻⁴', '0.001000']);
  assert.equal(formatTick(2500), '2.5k');
  assert.equal(formatCount(1234567), '1,234,567');
  // Every formatted SSR reads back as the number it shows (to its 4 significant digits).
  for (const v of [3.14159, 0.00123456, 98765.4, 1e-300, 2.5e-8]) {
    const shown = formatSSR(v).replace(' × 10', 'e').replace(/[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]/g, (c) => '-0123456789'['⁻⁰¹²³⁴⁵⁶⁷⁸⁹'.indexOf(c)]);
    assert.ok(Math.abs(Number(shown) - v) <= 5e-4 * v, `${v} shown as ${formatSSR(v)}`);
  }
});

test('URL options: query or hash, hash wins; flags; numbers', () => {
  const o = parseOptions('http://x/index.html?autoplay=1&lr=0.5#spf=20&hidden=3&activation=tanh&embed');
  assert.deepEqual(o, { autoplay: true, embed: true, learningRate: 0.5, stepsPerFrame: 20, hidden: 3, activation: 'tanh', seed: undefined });
  assert.equal(parseOptions('http://x/?autoplay=0').autoplay, false);
  assert.equal(parseOptions('http://x/#autoplay').autoplay, true);
  assert.equal(parseOptions('http://x/?lr=abc').learningRate, NaN);
});

test('SSR history stays bounded, keeps the first point and covers the whole run evenly', () => {
  const h = new SsrHistory(1000);
  h.reset(0, 10);
  for (let step = 2; step <= 1_000_000; step += 2) h.push(step, 10 / step);
  assert.ok(h.length <= 1000 && h.length >= 400, `length ${h.length}`);
  assert.equal(h.steps[0], 0);
  assert.equal(h.values[0], 10);
  assert.deepEqual(h.last, { step: 1_000_000, value: 10 / 1_000_000 });
  for (let i = 1; i < h.length; i++) assert.ok(h.steps[i] > h.steps[i - 1], 'increasing steps');
  // No stretch of the run is left without points: the largest gap is a small fraction of it.
  let gap = 0;
  for (let i = 1; i < h.length; i++) gap = Math.max(gap, h.steps[i] - h.steps[i - 1]);
  assert.ok(gap <= 1_000_000 / 200, `largest gap ${gap}`);
  for (let i = 0; i < h.length; i++) if (h.steps[i] > 0) assert.equal(h.values[i], 10 / h.steps[i], 'values stay paired with their steps');
  h.reset(0, 3);
  assert.equal(h.length, 1);
  assert.deepEqual(h.last, { step: 0, value: 3 });
});
