// data.test.mjs: editing the data on the fit chart (pointer and keyboard), the point limits, and
// every preset, in headless Chromium. Numbers are checked against tests/reference.mjs (an
// independent JavaScript network), never against values read back from the page alone.
//
//   make all && node --test tests/browser/data.test.mjs
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { ARTICLE_PARAMS, DOSAGE } from '../reference.mjs';
import { PRESETS } from '../../web/presets.js';
import {
  ROOT, assertClose, canvasStats, endSuite, frames, openPage, readNet as readNetState, reference, startSuite,
} from './helpers.mjs';

const VIEWPORT = { viewport: { width: 1280, height: 1000 } };
let server, browser;

before(async () => ({ server, browser } = await startSuite()));
after(() => endSuite({ server, browser }));

// The net's state plus what the page adds to it (settings, the selected point, the message).
async function readNet(page) {
  return {
    ...await readNetState(page),
    ...await page.evaluate(() => ({
      spf: backpropApp.snapshot().stepsPerFrame, preset: backpropApp.snapshot().preset,
      selected: backpropDataEditor.selected, message: document.getElementById('message').textContent,
    })),
  };
}

// Open the page with the fit chart scrolled into view (pointer input needs it on screen).
async function openFit(path = '', options = VIEWPORT) {
  const opened = await openPage(browser, server, path, options);
  await opened.page.locator('#fit-canvas').scrollIntoViewIfNeeded();
  await frames(opened.page, 2);
  return opened;
}

const at = (page, x, y) => page.evaluate(([a, b]) => backpropDataEditor.toClient(a, b), [x, y]);
const transform = (page) => page.evaluate(() => backpropDataEditor.transform);
const fitHash = async (page) => (await canvasStats(page, ['fit-canvas']))['fit-canvas'].hash;

test('dragging a point with the mouse moves it; axes hold while dragging; SSR and the next step follow the new data', async () => {
  const { page, context, problems } = await openFit();
  assert.match(await page.locator('.data-hint').innerText(), /^Drag a point to move it, click empty space to add one, .* arrows move it\.$/);
  assert.match(await page.locator('.page-footer').innerText(), /^Keys: Space play or pause/);
  const before = await readNet(page);
  assert.deepEqual(before.data, { xs: [...DOSAGE.xs], ys: [...DOSAGE.ys] });
  const hash0 = await fitHash(page);
  const t0 = await transform(page);
  const from = await at(page, 0.5, 1);
  const to = await at(page, 0.5, 0.4);
  const wide = await at(page, 1.2, 0.7); // beyond the data's inputs: unheld, the input range would widen

  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(wide.x, wide.y, { steps: 4 });
  await frames(page, 2);
  // Mid-drag the data has changed, yet the axes have not moved (no rescale under the pointer).
  const mid = (await readNet(page)).data;
  assert.ok(Math.abs(mid.xs[1] - 1.2) < 0.01 && Math.abs(mid.ys[1] - 0.7) < 0.02, `mid-drag at (${mid.xs[1]}, ${mid.ys[1]})`);
  assert.deepEqual(await transform(page), t0, 'axes held during the drag');
  // The example picker waits too: its note changing length would move the chart under the pointer.
  assert.deepEqual([await page.inputValue('#preset'), await page.locator('#preset-note').textContent()],
    ['dosage', PRESETS[0].note], 'mid-drag the picker still shows the example');
  await page.mouse.move(to.x, to.y, { steps: 4 });
  await page.mouse.up();
  await frames(page, 2);
  assert.equal(await page.inputValue('#preset'), '', 'after the drag: your own settings');
  assert.match(await page.locator('#preset-note').textContent(), /Dosage \(classic\).*, with the data changed since/);

  const s = await readNet(page);
  assert.equal(s.data.xs.length, 3);
  assert.deepEqual([s.data.xs[0], s.data.xs[2], s.data.ys[0], s.data.ys[2]], [0, 1, 0, 0], 'the other points stay');
  const ySpan = t0.y1 - t0.y0, xSpan = t0.x1 - t0.x0;
  assert.ok(Math.abs(s.data.ys[1] - 0.4) <= 0.01 * ySpan, `dragged to observed ≈ 0.4, got ${s.data.ys[1]}`);
  assert.ok(Math.abs(s.data.xs[1] - 0.5) <= 0.01 * xSpan, `input stays ≈ 0.5, got ${s.data.xs[1]}`);
  assert.equal(s.selected, 1, 'the dragged point is selected');
  // The SSR is that of the article's parameters on the new data (independent reference).
  const ref = reference(s, [...ARTICLE_PARAMS]);
  assert.ok(Math.abs(s.ssr - ref.ssr()) <= 1e-12 * ref.ssr(), `SSR ${s.ssr} vs reference ${ref.ssr()}`);
  assert.notEqual(s.ssr, before.ssr);
  assert.notEqual(await fitHash(page), hash0, 'the fit was redrawn');

  // Training continues on the new data: one step equals the reference's step.
  await page.click('#step');
  await frames(page, 2);
  ref.step();
  assertClose((await readNet(page)).params, ref.params, 1e-12, 'params after a step on the edited data');
  assert.deepEqual(problems, []);
  await context.close();
});

test('clicking empty space adds a point; Delete and Backspace remove the selected one', async () => {
  const { page, context, problems } = await openFit();
  const t = await transform(page);
  const x = t.x0 + 0.3 * (t.x1 - t.x0), y = t.y0 + 0.8 * (t.y1 - t.y0);
  const p = await at(page, x, y);
  await page.mouse.click(p.x, p.y);
  await frames(page, 2);
  let s = await readNet(page);
  assert.equal(s.data.xs.length, 4, 'a point was added');
  assert.ok(Math.abs(s.data.xs[3] - x) <= 0.01 * (t.x1 - t.x0) && Math.abs(s.data.ys[3] - y) <= 0.01 * (t.y1 - t.y0),
    `added at (${s.data.xs[3]}, ${s.data.ys[3]}), clicked (${x}, ${y})`);
  assert.equal(s.selected, 3, 'the new point is selected');
  assert.match(await page.locator('#data-status').textContent(), /Point 4 of 4 selected/);
  const ref = reference(s);
  assert.ok(Math.abs(s.ssr - ref.ssr()) <= 1e-12 * ref.ssr(), 'SSR over four points matches the reference');

  await page.keyboard.press('Delete');
  await frames(page, 2);
  s = await readNet(page);
  assert.deepEqual(s.data, { xs: [...DOSAGE.xs], ys: [...DOSAGE.ys] }, 'Delete removed the added point');

  // Click a point to select it, then Backspace.
  const q = await at(page, 1, 0);
  await page.mouse.click(q.x, q.y);
  assert.equal((await readNet(page)).selected, 2);
  await page.keyboard.press('Backspace');
  await frames(page, 2);
  s = await readNet(page);
  assert.deepEqual(s.data, { xs: [0, 0.5], ys: [0, 1] });
  assert.equal(s.steps, 0, 'editing never trains');
  assert.deepEqual(problems, []);
  await context.close();
});

test('keyboard: N selects left to right, arrows move the point (not a training step), Delete removes, Escape clears', async () => {
  const { page, context, problems } = await openFit();
  await page.evaluate(() => backpropApp.setData([1, 0, 0.5], [0, 0, 1])); // not in input order
  await frames(page, 2);
  await page.focus('#fit-canvas');
  await page.keyboard.press('n');
  assert.equal((await readNet(page)).selected, 1, 'N selects the leftmost point first');
  await page.keyboard.press('n');
  assert.equal((await readNet(page)).selected, 2, 'then the next to the right');
  await page.keyboard.press('p');
  await page.keyboard.press('p');
  assert.equal((await readNet(page)).selected, 0, 'P goes left and wraps around');
  await page.keyboard.press('n');
  await page.keyboard.press('n'); // back to input 0.5 (index 2)
  const t = await transform(page);
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('ArrowRight');
  await frames(page, 2);
  let s = await readNet(page);
  assert.equal(s.steps, 0, 'ArrowRight moved the point instead of stepping');
  assert.ok(Math.abs(s.data.ys[2] - (1 + 0.01 * (t.y1 - t.y0))) <= 1e-3 * (t.y1 - t.y0), `moved up: ${s.data.ys[2]}`);
  assert.ok(Math.abs(s.data.xs[2] - (0.5 + 0.01 * (t.x1 - t.x0))) <= 1e-3 * (t.x1 - t.x0), `moved right: ${s.data.xs[2]}`);
  await page.keyboard.press('Shift+ArrowDown');
  s = await readNet(page);
  assert.ok(s.data.ys[2] < 1, `Shift moves ten times further: ${s.data.ys[2]}`);
  await page.keyboard.press('a');
  s = await readNet(page);
  assert.equal(s.data.xs.length, 4, 'A adds a point beside the selected one');
  assert.equal(s.selected, 3);
  await page.keyboard.press('Delete');
  await page.keyboard.press('Escape');
  s = await readNet(page);
  assert.equal(s.data.xs.length, 3);
  assert.equal(s.selected, -1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('limits: at most 100 points and at least one, each with a message', async () => {
  const { page, context, problems } = await openFit();
  await page.evaluate(() => {
    const xs = Array.from({ length: 100 }, (_, i) => i / 99), ys = xs.map((x) => x * x);
    backpropApp.setData(xs, ys);
  });
  await frames(page, 2);
  const t = await transform(page);
  const empty = await at(page, t.x0 + 0.9 * (t.x1 - t.x0), t.y0 + 0.1 * (t.y1 - t.y0));
  await page.mouse.click(empty.x, empty.y);
  await frames(page, 2);
  let s = await readNet(page);
  assert.equal(s.data.xs.length, 100, 'no 101st point');
  assert.match(s.message, /at most 100 points/);

  await page.evaluate(() => backpropApp.setData([0.5, 0.8], [1, 0.2]));
  await frames(page, 2);
  const second = await at(page, 0.8, 0.2);
  await page.mouse.click(second.x, second.y);
  assert.equal((await readNet(page)).selected, 1);
  await page.keyboard.press('Delete');
  await frames(page, 2);
  const status = () => page.locator('#data-status').textContent();
  assert.match(await status(), /^Point removed; 1 left\. Point 1 of 1 selected/);
  await page.keyboard.press('Delete');
  await frames(page, 2);
  s = await readNet(page);
  assert.deepEqual(s.data, { xs: [0.5], ys: [1] }, 'the last point stays');
  assert.match(s.message, /at least one point/);
  assert.match(await status(), /^Point 1 of 1 selected: input 0\.5, observed 1\./, 'not "removed": this time it was not');
  assert.deepEqual(problems, []);
  await context.close();
});

test('touch: a drag moves a point, a long-press removes it; the hints say so, not keys', async () => {
  const { page, context, problems } = await openFit('', { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  const touch = (type, p, id = 7) => page.evaluate(([t, x, y, pointerId]) => {
    document.getElementById('fit-canvas').dispatchEvent(new PointerEvent(t, {
      pointerId, pointerType: 'touch', isPrimary: true, clientX: x, clientY: y, bubbles: true, cancelable: true, button: 0, buttons: 1,
    }));
  }, [type, p.x, p.y, id]);
  const shown = (selector) => page.locator(selector).innerText();
  assert.equal(await shown('.data-hint'), 'Drag a point to move it, tap empty space to add one, long-press a point to remove it.');
  assert.doesNotMatch(await shown('.page-footer'), /Keys|Space/);
  const t = await transform(page);
  const from = await at(page, 0, 0), to = await at(page, 0, 0.5);
  await touch('pointerdown', from);
  for (let k = 1; k <= 5; k++) await touch('pointermove', { x: from.x, y: from.y + ((to.y - from.y) * k) / 5 });
  await touch('pointerup', to);
  await frames(page, 2);
  let s = await readNet(page);
  assert.ok(Math.abs(s.data.ys[0] - 0.5) <= 0.01 * (t.y1 - t.y0), `touch drag moved observed to ≈ 0.5: ${s.data.ys[0]}`);
  assert.match(await shown('#data-status'), /^Point 1 of 3 selected: .*\. Drag it to move it, long-press it to remove it\.$/);
  await page.keyboard.press('n'); // a keyboard (a tablet's) picks the next point: the keys' hint again
  assert.match(await shown('#data-status'), /^Point 2 of 3 selected: .*\. Arrow keys move it, Delete removes it\.$/);

  const held = await at(page, 1, 0);
  await touch('pointerdown', held, 8);
  await page.waitForFunction(() => backprop.getData().xs.length === 2, null, { timeout: 10000 });
  await touch('pointerup', held, 8);
  s = await readNet(page);
  assert.deepEqual(s.data.xs, [0, 0.5], 'the long-pressed point (input 1) was removed');
  assert.deepEqual(problems, []);
  await context.close();
});

test('every preset loads exactly as defined, shows its note, steps like the reference and trains', async () => {
  const { page, context, problems } = await openFit();
  const options = await page.locator('#preset option:not([disabled])').evaluateAll((os) => os.map((o) => o.value));
  assert.deepEqual(options, PRESETS.map((p) => p.id), 'one option per preset');
  assert.ok(PRESETS.filter((p) => p.group === 'Examples').length >= 4, 'the dosage and at least three more');
  assert.deepEqual(PRESETS.filter((p) => p.group === 'Walkthrough').map((p) => p.frozen),
    ['1111110', '1111000', '0000000'], 'walkthrough: b3 only; w3, w4, b3; all seven');

  for (const p of PRESETS) {
    await page.selectOption('#preset', p.id);
    await frames(page, 2);
    const s = await readNet(page);
    const mask = Array.from(p.frozen, (c) => c === '1');
    assert.deepEqual(s.data, { xs: [...p.data.xs], ys: [...p.data.ys] }, `${p.id}: data`);
    assert.deepEqual(s.params, [...p.initialParams], `${p.id}: params`);
    assert.deepEqual(s.initial, [...p.initialParams], `${p.id}: initial params`);
    assert.deepEqual(s.frozen, mask, `${p.id}: frozen`);
    assert.deepEqual([s.hidden, s.activation, s.lr, s.spf, s.steps, s.preset], [p.hidden, p.activation, p.learningRate, p.stepsPerFrame, 0, p.id], `${p.id}: settings`);
    assert.equal(await page.locator('#preset-note').textContent(), p.note);
    assert.equal(s.message, '');

    // One step, as the independent reference computes it.
    const ref = reference(s);
    const ssr0 = ref.ssr();
    assert.ok(Math.abs(s.ssr - ssr0) <= 1e-12 * ssr0, `${p.id}: initial SSR`);
    await page.click('#step');
    ref.step();
    assertClose((await readNet(page)).params, ref.params, 1e-12, `${p.id}: first step`);

    // Train in the page (the app's own loop), then compare with the reference after as many steps.
    await page.evaluate(() => { backpropApp.setStepsPerFrame(500); backpropApp.play(); });
    await page.waitForFunction(() => backprop.steps >= 5000, null, { timeout: 60000 });
    await page.evaluate(() => backpropApp.pause());
    const trained = await readNet(page);
    assert.equal(trained.message, '', `${p.id}: no divergence`);
    assert.equal(ref.train(trained.steps - 1), trained.steps - 1, `${p.id}: the reference does not diverge either`);
    assertClose(trained.params, ref.params, 1e-6, `${p.id}: params after ${trained.steps} steps`);
    assert.ok(trained.ssr < ssr0 / 20, `${p.id}: SSR fell from ${ssr0} to ${trained.ssr}`);
    for (let j = 0; j < mask.length; j++)
      if (mask[j]) assert.equal(trained.params[j], p.initialParams[j], `${p.id}: frozen parameter ${j} kept`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('an example with other data, another activation or other frozen parameters is "Your own settings", from the example\'s initial weights; a link keeps that', async () => {
  const { page, context, problems } = await openFit();
  const vee = PRESETS.find((p) => p.id === 'vee');
  const picker = async () => ({
    value: await page.inputValue('#preset'), shown: await page.locator('#preset option:checked').textContent(),
    note: await page.locator('#preset-note').textContent(), seedNote: await page.locator('#seed-note').textContent(),
  });
  const own = (what) => `Your own settings: the initial weights of \u201cA V shape (ReLU)\u201d, with ${what} changed since. Pick an example to start from its values.`;
  const example = { value: 'vee', shown: vee.name, note: vee.note, seedNote: 'Initial weights: the example\u2019s' };
  await page.selectOption('#preset', 'vee');
  await frames(page, 2);
  assert.deepEqual(await picker(), example);

  // Another activation: no longer the example, though the initial weights still are its own.
  await page.selectOption('#activation', 'tanh');
  await frames(page, 2);
  assert.deepEqual(await picker(), { ...example, value: '', shown: 'Your own settings', note: own('the activation') });
  let s = await readNet(page);
  assert.deepEqual([s.initial, s.params, s.preset], [[...vee.initialParams], [...vee.initialParams], 'vee']);
  // Back to ReLU: the example as defined again.
  await page.selectOption('#activation', 'relu');
  await frames(page, 2);
  assert.deepEqual(await picker(), example);

  // A parameter frozen by hand: the example's note (walkthrough 1's "only b3 learns", say) may no
  // longer be true. Unfrozen again, it is the example as defined.
  await page.locator('#freeze-0').check();
  await frames(page, 2);
  assert.deepEqual(await picker(), { ...example, value: '', shown: 'Your own settings', note: own('the frozen parameters') });
  await page.locator('#freeze-0').uncheck();
  await frames(page, 2);
  assert.deepEqual(await picker(), example);

  // Other data as well (a point added with the editor's keyboard-free API: the app's setData).
  await page.selectOption('#activation', 'sigmoid');
  await page.evaluate(() => { const d = backprop.getData(); backpropApp.setData([...d.xs, 1.5], [...d.ys, 1.5]); });
  await frames(page, 2);
  const edited = { ...example, value: '', shown: 'Your own settings', note: own('the data and the activation') };
  assert.deepEqual(await picker(), edited);

  // A link to it opens the same: the example's weights, other data and activation.
  const hash = await page.evaluate(() => backpropApp.shareHash());
  assert.match(hash, /preset=vee/);
  const data = (await readNet(page)).data;
  const opened = await openFit(hash);
  const there = await readNet(opened.page);
  assert.deepEqual([there.preset, there.activation, there.data, there.initial], ['vee', 'sigmoid', data, [...vee.initialParams]]);
  assert.deepEqual([await opened.page.inputValue('#preset'), await opened.page.locator('#preset-note').textContent()], ['', edited.note]);
  assert.deepEqual(opened.problems, []);
  await opened.context.close();

  // Picking the example again loads it whole.
  await page.selectOption('#preset', 'vee');
  await frames(page, 2);
  assert.deepEqual(await picker(), example);
  s = await readNet(page);
  assert.deepEqual([s.data, s.activation], [{ xs: [...vee.data.xs], ys: [...vee.data.ys] }, 'relu']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('other hidden neurons and back: the example again when the default weights are its own (dosage), else "Your own settings"', async () => {
  const { page, context, problems } = await openFit();
  const hidden = async (h) => { await page.fill('#hidden', String(h)); await page.press('#hidden', 'Enter'); await frames(page, 2); };
  const shown = async () => [await page.inputValue('#preset'), (await readNet(page)).preset];
  const dosage = PRESETS.find((p) => p.id === 'dosage');
  assert.deepEqual(await shown(), ['dosage', 'dosage']);
  await hidden(3);
  assert.deepEqual(await shown(), ['', null]);
  await hidden(2);
  assert.deepEqual(await shown(), ['dosage', 'dosage']);
  assert.deepEqual((await readNet(page)).initial, [...dosage.initialParams]);
  assert.equal(await page.locator('#preset-note').textContent(), dosage.note);
  // A state that sets only a rate on the way keeps the example to come back to.
  await hidden(3);
  await page.evaluate(() => backpropApp.applyState({ learningRate: 0.2 }));
  await hidden(2);
  assert.deepEqual(await shown(), ['dosage', 'dosage']);
  // Walkthrough 2 and back: its trained hidden layer and frozen set are gone, and what is left is the
  // dosage example exactly (data, activation, weights, nothing frozen).
  await page.selectOption('#preset', 'walk-output');
  await frames(page, 2);
  await hidden(3);
  await hidden(2);
  assert.deepEqual(await shown(), ['dosage', 'dosage']);
  assert.deepEqual((await readNet(page)).frozen, new Array(7).fill(false));
  // The V shape starts from weights of its own: back at two neurons they are the core's defaults.
  await page.selectOption('#preset', 'vee');
  await frames(page, 2);
  await hidden(3);
  await hidden(2);
  assert.deepEqual(await shown(), ['', null]);
  // A seed's weights are never an example's, at any size.
  await page.selectOption('#preset', 'dosage');
  await page.evaluate(() => backpropApp.randomize(7));
  await hidden(3);
  await hidden(2);
  assert.deepEqual(await shown(), ['', null]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('screenshots of the examples row and an edited, selected point at 1280x800 and 360x740; no sideways scrolling', async () => {
  mkdirSync(`${ROOT}build`, { recursive: true });
  for (const [name, viewport, scale] of [['desktop', { width: 1280, height: 800 }, 1], ['phone', { width: 360, height: 740 }, 2]]) {
    const { page, context, problems } = await openPage(browser, server, '', { viewport, deviceScaleFactor: scale, hasTouch: scale > 1 });
    await page.selectOption('#preset', 'walk-b3');
    await page.locator('#fit-canvas').scrollIntoViewIfNeeded();
    await frames(page, 2);
    await page.focus('#fit-canvas');
    await page.keyboard.press('n');
    await page.keyboard.press('n');
    await page.keyboard.press('ArrowUp');
    await frames(page, 2);
    assert.match(await page.locator('#data-status').textContent(), /Point 2 of 3 selected/);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name}: no horizontal overflow`);
    await page.evaluate(() => scrollTo(0, 0));
    await page.screenshot({ path: `${ROOT}build/screenshot-data-${name}.png`, fullPage: name === 'desktop' });
    await page.locator('.panel-fit').screenshot({ path: `${ROOT}build/screenshot-data-${name}-fit.png` });
    assert.deepEqual(problems, []);
    await context.close();
  }
});
