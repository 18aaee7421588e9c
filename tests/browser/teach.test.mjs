// teach.test.mjs: the chain-rule panel, the step ledger and the gradient check (web/chain-panel.js,
// web/ledger.js, web/gradient-check.js) in headless Chromium.
//
// Every number the panel shows (its exact value sits in data-value, the text is the same number
// formatted) is compared with net.trace() and getGradients() from the page, and with the chain
// rule rebuilt from tests/reference.mjs (an independent implementation); the ledger with what the
// reference's gradient step does; the finite-difference column with getGradients(). Selecting a
// parameter is exercised through the network canvas (a click on each label), the parameter table
// (click, Enter) and the panel's own buttons.
//
//   make all && node --test tests/browser/teach.test.mjs
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { ReferenceNet, forward } from '../reference.mjs';
import { formatCount, formatFixed, formatLedger, formatSig, formatSSR } from '../../web/format.js';
import { ROOT, endSuite, frames, openPage, pressOnBody, readNet, startSuite } from './helpers.mjs';

let server, browser;

before(async () => ({ server, browser } = await startSuite()));
after(() => endSuite({ server, browser }));

// |a − b| within rel of |b| (or of `scale`, e.g. the sum of |terms| for a sum with cancellation).
function assertRel(a, b, rel, label, scale = 0) {
  const tol = rel * Math.max(Math.abs(b), scale, 1e-300);
  assert.ok(Math.abs(a - b) <= tol, `${label}: ${a} vs ${b} (tolerance ${tol})`);
}


// The chain rule for parameter j, point by point, from the reference's forward pass (the
// article's factors), independent of the core: [{factors, product}], and the sum.
function referenceChain(state, j) {
  const { hidden: H, activation, params, data } = state;
  const rows = data.xs.map((input, i) => {
    const f = forward(H, activation, params, input);
    const dSSRdPredicted = -2 * (data.ys[i] - f.predicted);
    let factors;
    if (j < 2 * H) {
      const k = Math.floor(j / 2);
      factors = [dSSRdPredicted, params[2 * H + k], f.dydx[k], j % 2 === 0 ? input : 1];
    } else if (j < 3 * H) {
      factors = [dSSRdPredicted, f.y[j - 2 * H]];
    } else {
      factors = [dSSRdPredicted, 1];
    }
    return { factors, product: factors.reduce((a, b) => a * b, 1), x: j < 2 * H ? f.x[Math.floor(j / 2)] : null, predicted: f.predicted };
  });
  return { rows, sum: rows.reduce((a, r) => a + r.product, 0), scale: rows.reduce((a, r) => a + Math.abs(r.product), 0) };
}

// What the panel shows: per row, each data-role cell's exact value and text; the sum; the text.
const readPanel = (page) => page.evaluate(() => {
  const body = document.querySelector('#chain .chain-body');
  const cell = (c) => ({ value: Number(c.dataset.value), text: c.textContent });
  const rows = [...body.querySelectorAll('.chain-table tbody tr')].map((tr) =>
    Object.fromEntries([...tr.children].map((c) => [c.dataset.role, cell(c)])));
  return {
    selected: backpropApp.snapshot().selected,
    title: body.querySelector('.chain-title').textContent,
    eq: [...body.querySelectorAll('.chain-eq-text p')].map((line) => line.textContent.replace(/\s+/g, ' ').trim()),
    act: body.querySelector('.chain-eq .f-act .chain-formula')?.textContent ?? null,
    factorColumns: body.querySelectorAll('.chain-table thead .chain-factor').length,
    where: body.querySelector('.chain-where').textContent.replace(/\s+/g, ' '),
    rows, sum: cell(body.querySelector('[data-role="sum"]')), result: cell(body.querySelector('[data-role="result"]')),
    note: body.querySelector('.chain-note')?.textContent ?? null,
    tableGradient: document.querySelectorAll('#params tr')[backpropApp.snapshot().selected].querySelectorAll('td.num')[1].textContent,
    pressed: [...document.querySelectorAll('#chain .chip')].map((b) => b.getAttribute('aria-pressed') === 'true'),
    trace: backprop.trace(), gradients: backprop.getGradients(),
  };
});

// The article's chain for parameter j, named as paramNames() names them: the factors (top line)
// and their formulas (second line); the activation's slope is checked separately (null here).
function expectedChain(names, H, j) {
  const ssr = ['dSSR/dpredicted', '−2 (observed − predicted)'];
  if (j < 2 * H) {
    const k = Math.floor(j / 2), n = k + 1;
    return [ssr, [`dpredicted/dy${n}`, names[2 * H + k]], [`dy${n}/dx${n}`, null],
      [`dx${n}/d${names[j]}`, j % 2 === 0 ? 'input' : '1']];
  }
  return [ssr, [`dpredicted/d${names[j]}`, j < 3 * H ? `y${j - 2 * H + 1}` : '1']];
}

// "dSSR/dw1 = a · b · c" -> {lhs, parts}
function parseLine(line) {
  const at = line.indexOf(' = ');
  return { lhs: line.slice(0, at), parts: line.slice(at + 3).split(' · ') };
}

// The panel for parameter j agrees with trace(), getGradients() and the reference, number by number.
async function checkPanel(page, j) {
  const p = await readPanel(page), state = await readNet(page);
  const [chain, formulas] = p.eq.map(parseLine), expected = expectedChain(state.names, state.hidden, j);
  assert.equal(chain.lhs, `dSSR/d${state.names[j]}`, 'the chain\'s left side');
  assert.equal(formulas.lhs, `dSSR/d${state.names[j]}`);
  assert.deepEqual(chain.parts, expected.map(([head]) => head), `the chain for ${state.names[j]}`);
  expected.forEach(([, formula], f) => {
    if (formula !== null) assert.equal(formulas.parts[f], formula, `formula of factor ${f} for ${state.names[j]}`);
  });
  assert.equal(p.selected, j, 'selected parameter');
  assert.ok(p.title.includes(state.names[j]), `title names ${state.names[j]}: ${p.title}`);
  assert.deepEqual(p.pressed, state.names.map((_, i) => i === j), 'the chip of the selected parameter is pressed');
  const hidden = j < 2 * state.hidden, nFactors = hidden ? 4 : 2;
  assert.equal(p.factorColumns, nFactors, 'factor columns');
  const ref = referenceChain(state, j);
  assert.equal(p.rows.length, Math.min(100, state.data.xs.length), 'one row per point');
  p.rows.forEach((row, i) => {
    const t = p.trace.chain[i][j], pt = p.trace.points[i];
    assert.equal(row.input.value, pt.input);
    assert.equal(row.observed.value, pt.observed);
    assert.equal(row.predicted.value, pt.predicted);
    assertRel(row.predicted.value, ref.rows[i].predicted, 1e-12, `point ${i} predicted vs reference`, 1);
    if (hidden) assertRel(row.x.value, ref.rows[i].x, 1e-12, `point ${i} x vs reference`, 1);
    for (let f = 0; f < nFactors; f++) {
      const shown = row[`factor-${f}`];
      assert.ok(shown, `point ${i} factor ${f} shown`);
      assert.equal(shown.value, t.factors[f], `point ${i} factor ${f} = trace`);
      assertRel(shown.value, ref.rows[i].factors[f], 1e-12, `point ${i} factor ${f} vs reference`);
      assert.equal(shown.text, formatFixed(shown.value, 4), 'factor text is the number');
    }
    assert.equal(row.product.value, t.product, `point ${i} product = trace`);
    assertRel(row.product.value, ref.rows[i].product, 1e-12, `point ${i} product vs reference`);
    assert.equal(row.product.text, formatFixed(row.product.value, 4));
  });
  assert.equal(p.sum.value, p.trace.gradient[j], 'sum = trace gradient');
  assert.equal(p.sum.value, p.gradients[j], 'sum = getGradients()');
  assertRel(p.sum.value, ref.sum, 1e-12, 'sum vs reference', ref.scale);
  assertRel(p.sum.value, new ReferenceNet({ hidden: state.hidden, activation: state.activation, params: state.params,
    xs: state.data.xs, ys: state.data.ys }).gradients()[j], 1e-12, 'sum vs reference gradient', ref.scale);
  assert.equal(p.sum.text, formatFixed(p.sum.value, 4));
  assert.equal(p.tableGradient, p.sum.text, 'the sum reads as the parameter table\'s dSSR/dθ');
  assert.equal(p.result.value, p.sum.value);
  return p;
}

// Click parameter j's label on the network canvas, where the view drew it.
async function clickLabel(page, j) {
  await page.locator('#network-canvas').scrollIntoViewIfNeeded();
  const box = await page.locator('#network-canvas').boundingBox();
  const label = (await page.evaluate(() => window.backpropNetwork.labelBoxes())).find((b) => b.j === j);
  assert.ok(label, `label ${j} drawn`);
  await page.mouse.click(box.x + label.x, box.y + label.y);
  await frames(page, 2);
}

async function showChain(page) {
  await page.locator('#chain').scrollIntoViewIfNeeded();
  await frames(page, 3);
}

test('picking by network label and by table; each factor, product and sum match trace, gradients and the reference', async () => {
  const { page, context, problems } = await openPage(browser, server);
  await page.click('#step'); // off the article's start, so no factor is a round number
  await showChain(page);
  assert.equal((await readPanel(page)).selected, 0, 'w1 by default');
  await checkPanel(page, 0);

  const names = await page.evaluate(() => backprop.paramNames());
  for (let j = names.length - 1; j >= 0; j--) {
    await clickLabel(page, j);
    await showChain(page);
    await checkPanel(page, j);
  }
  // The article's w1, literally, and the output parameters' two-factor chains, via the panel's buttons.
  await clickLabel(page, 0);
  await showChain(page);
  const p = await readPanel(page);
  assert.deepEqual(p.eq, ['dSSR/dw1 = dSSR/dpredicted · dpredicted/dy1 · dy1/dx1 · dx1/dw1',
    'dSSR/dw1 = −2 (observed − predicted) · w3 · e^x1/(1 + e^x1) · input']);
  assert.equal(p.act.replace(/\s|\//g, ''), 'e^x1(1+e^x1)', `softplus slope e^x1 / (1 + e^x1): ${p.act}`);
  for (const j of [1, 4, 6]) {
    await page.click(`#chain .chip[data-param="${j}"]`);
    await frames(page, 2);
    await checkPanel(page, j);
  }
  assert.deepEqual((await readPanel(page)).eq, ['dSSR/db3 = dSSR/dpredicted · dpredicted/db3', 'dSSR/db3 = −2 (observed − predicted) · 1']);

  // A click away from every label changes nothing.
  await page.locator('#network-canvas').scrollIntoViewIfNeeded();
  const canvasBox = await page.locator('#network-canvas').boundingBox();
  await page.mouse.click(canvasBox.x + 3, canvasBox.y + canvasBox.height - 3);
  await frames(page, 2);
  assert.equal((await readPanel(page)).selected, 6, 'empty canvas: selection kept');

  // The table: a click on a name, Enter on a focused name, a click on a row's value.
  await page.click('#params tr:nth-child(3) .param-name');
  await showChain(page);
  await checkPanel(page, 2);
  await page.focus('#params tr:nth-child(6) .param-name');
  await page.keyboard.press('Enter');
  await showChain(page);
  await checkPanel(page, 5);
  assert.equal(await page.getAttribute('#params tr:nth-child(6) .param-name', 'aria-current'), 'true');
  assert.equal(await page.locator('#params tr.selected').count(), 1);
  await page.click('#params tr:nth-child(2) td.num');
  await showChain(page);
  await checkPanel(page, 1);
  assert.equal(await page.evaluate(() => backprop.steps), 1, 'picking never trains');

  // Live: after training (and while it runs) the panel follows the core.
  const beforePlay = (await readPanel(page)).sum.value;
  await pressOnBody(page, 'Space');
  await page.waitForFunction(() => backprop.steps > 60);
  await frames(page, 2);
  const live = await page.evaluate(() => Number(document.querySelector('#chain [data-role="sum"]').dataset.value));
  assert.notEqual(live, beforePlay, 'the panel refreshes while training');
  await pressOnBody(page, 'Space');
  await frames(page, 2);
  await checkPanel(page, 1);
  assert.deepEqual(problems, []);
  await context.close();
});

// "b3: show its chain rule": at 1280 x 800 the panel starts below the fold, so a name picked in the
// table or the network seemed to do nothing but highlight itself.
test('a name picked in the table or the network brings its chain rule into view; the panel\'s own chips and an example do not scroll', async () => {
  const { page, context, problems } = await openPage(browser, server);
  await page.evaluate(() => window.backpropReady);
  const inView = () => page.evaluate(() => {
    const r = document.getElementById('chain').getBoundingClientRect();
    return Math.min(r.bottom, innerHeight) - Math.max(r.top, 0) >= Math.min(r.height, innerHeight / 2);
  });
  const selected = () => page.evaluate(() => backpropApp.snapshot().selected);
  assert.equal(await inView(), false, 'below the fold at first');
  await page.click('#params tr:nth-child(7) .param-name');
  await page.waitForFunction(() => {
    const r = document.getElementById('chain').getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
  }, null, { timeout: 5000 });
  assert.equal(await selected(), 6);
  assert.equal(await page.evaluate(() => document.querySelector('#chain .chip[aria-pressed="true"]')?.dataset.param ?? null), '6');

  await page.evaluate(() => scrollTo(0, 0));
  await clickLabel(page, 4);
  await page.waitForFunction(() => {
    const r = document.getElementById('chain').getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
  }, null, { timeout: 5000 });
  assert.equal(await selected(), 4);

  // In view already: a chip picks without moving the page; so does a name while the panel is in view.
  const y = await page.evaluate(() => scrollY);
  await page.click('#chain .chip[data-param="1"]');
  await frames(page, 10);
  assert.deepEqual([await selected(), await page.evaluate(() => scrollY)], [1, y]);
  // An example selects a parameter that learns (walkthrough 1: b3), and leaves the page where it is.
  await page.evaluate(() => scrollTo(0, 0));
  await page.selectOption('#preset', 'walk-b3');
  await frames(page, 10);
  assert.deepEqual([await selected(), await page.evaluate(() => scrollY)], [6, 0]);
  assert.deepEqual(problems, []);
  await context.close();
});

test('an example that freezes the selected parameter selects its first free one; a hand-frozen pick stays', async () => {
  const { page, context, problems } = await openPage(browser, server);
  const selected = () => page.evaluate(() => backpropApp.snapshot().selected);
  assert.equal(await selected(), 0, 'w1 by default');
  await page.selectOption('#preset', 'walk-b3'); // w1 .. w4 frozen: b3 (6) is the one that learns
  await frames(page, 2);
  assert.equal(await selected(), 6);
  await showChain(page);
  await checkPanel(page, 6);
  await page.selectOption('#preset', 'dosage'); // b3 learns here too: kept
  await frames(page, 2);
  assert.equal(await selected(), 6);
  await page.click('#chain .chip[data-param="1"]'); // b1, then walkthrough 2 freezes it: w3 (4) is its first free one
  await page.selectOption('#preset', 'walk-output');
  await frames(page, 2);
  assert.equal(await selected(), 4);
  // Frozen by hand, the pick is the learner's: kept.
  await page.evaluate(() => backpropApp.setFrozen(4, true));
  await frames(page, 2);
  assert.equal(await selected(), 4);
  // Every parameter frozen (a link): nothing to move to, the pick stays.
  await page.evaluate(() => backpropApp.applyState({ frozen: Array(7).fill(true) }));
  await frames(page, 2);
  assert.equal(await selected(), 4);
  // A state that does not set the frozen parameters (a rate, say) leaves a hand-frozen pick alone.
  await page.evaluate(() => { backpropApp.applyState({ frozen: [true, false, false, false, false, false, false] }); backpropApp.select(0); });
  await page.evaluate(() => backpropApp.applyState({ learningRate: 0.3 }));
  await frames(page, 2);
  assert.equal(await selected(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the activation changes the dy/dx formula (relu, sigmoid, tanh) and the numbers follow', async () => {
  const { page, context, problems } = await openPage(browser, server);
  // The slope as the page sets it (read as text: a power after a hidden "^", a compound denominator
  // in hidden brackets), and the chain as one line, as assistive technology and copy get it: a
  // factor of more than one term in brackets, so that it means what the stacked columns do.
  const expected = {
    softplus: 'e^x1(1+e^x1)', relu: '1ifx1>0,else0', sigmoid: 'σ(x1)(1−σ(x1))', tanh: '1−tanh^2(x1)',
  };
  const lines = {
    softplus: '· w3 · e^x1/(1 + e^x1) · input', relu: '· w3 · (1 if x1 > 0, else 0) · input',
    sigmoid: '· w3 · σ(x1)(1 − σ(x1)) · input', tanh: '· w3 · (1 − tanh^2(x1)) · input',
  };
  const defs = { softplus: 'log(1 + e^x1)', relu: 'max(0, x1)', sigmoid: 'σ(x1) = 1 / (1 + e^−x1)', tanh: 'tanh(x1)' };
  const seen = new Set();
  for (const name of ['softplus', 'relu', 'sigmoid', 'tanh']) {
    await page.selectOption('#activation', name);
    await page.click('#step');
    await showChain(page);
    const p = await checkPanel(page, 0);
    assert.equal(p.act.replace(/\s|\//g, ''), expected[name], `${name}: ${p.act}`);
    assert.ok(p.eq[1].endsWith(lines[name]), `${name}: "${p.eq[1]}"`);
    assert.ok(p.where.includes(defs[name]), `${name} definition in "${p.where}"`);
    seen.add(p.act);
    await page.click('#chain .chip[data-param="3"]'); // b2: neuron 2's slope
    await frames(page, 2);
    await checkPanel(page, 3);
    await page.click('#chain .chip[data-param="0"]');
    await frames(page, 2);
  }
  assert.equal(seen.size, 4, 'four different formulas');
  assert.deepEqual(problems, []);
  await context.close();
});

test('three hidden neurons: names and symbols follow paramNames() (w_k, b_k, x_k, y_k; w4..w6, b4)', async () => {
  const { page, context, problems } = await openPage(browser, server);
  await page.fill('#hidden', '3');
  await page.press('#hidden', 'Enter');
  await page.click('#step');
  const names = await page.evaluate(() => backprop.paramNames());
  assert.deepEqual(names, ['w1', 'b1', 'w2', 'b2', 'w3', 'b3', 'w4', 'w5', 'w6', 'b4']);
  await showChain(page);
  assert.equal((await page.locator('#chain .chip').allTextContents()).join(','), names.join(','));
  for (let j = 0; j < names.length; j++) {
    await clickLabel(page, j);
    await showChain(page);
    await checkPanel(page, j);
  }
  await page.click('#chain .chip[data-param="5"]'); // b3: neuron 3's bias
  await frames(page, 2);
  let p = await readPanel(page);
  assert.equal(p.eq[0], 'dSSR/db3 = dSSR/dpredicted · dpredicted/dy3 · dy3/dx3 · dx3/db3');
  assert.ok(p.eq[1].includes('· w6 ·'), `dpredicted/dy3 = w6: ${p.eq[1]}`);
  assert.ok(p.where.includes('x3 = input · w3 + b3'), p.where);
  assert.ok(p.where.includes('predicted = y1 w4 + y2 w5 + y3 w6 + b4'), p.where);
  await page.click('#chain .chip[data-param="7"]'); // w5: neuron 2 → output
  await frames(page, 2);
  p = await readPanel(page);
  assert.deepEqual(p.eq, ['dSSR/dw5 = dSSR/dpredicted · dpredicted/dw5', 'dSSR/dw5 = −2 (observed − predicted) · y2']);
  assert.deepEqual(problems, []);
  await context.close();
});

test('more than 100 points: the first 100 rows, a note, and the sum over all of them', async () => {
  const { page, context, problems } = await openPage(browser, server);
  await page.evaluate(() => {
    const xs = Array.from({ length: 150 }, (_, i) => i / 149), ys = xs.map((x) => Math.sin(3 * x));
    backpropApp.setData(xs, ys);
  });
  await showChain(page);
  const p = await checkPanel(page, 0);
  assert.match(p.note, /first 100 of 150 points/);
  assert.deepEqual(problems, []);
  await context.close();
});

// What the ledger shows: per parameter row, its cells' exact values and texts.
const readLedger = (page) => page.evaluate(() => {
  const section = document.getElementById('ledger');
  const rows = [...section.querySelectorAll('.ledger-table tbody tr')].map((tr) => ({
    param: Number(tr.dataset.param), frozen: tr.classList.contains('frozen'), text: tr.textContent,
    ...Object.fromEntries([...tr.querySelectorAll('[data-role]')].map((c) => [c.dataset.role, Number(c.dataset.value)])),
  }));
  return {
    rows, status: section.querySelector('.ledger-status').textContent,
    lr: Number(section.querySelector('[data-role="lr"]').dataset.value),
    empty: section.classList.contains('ledger-empty'), dimmed: section.classList.contains('ledger-dimmed'),
    worked: section.querySelector('.ledger-worked').textContent,
  };
});

// The ledger after one step from `before` matches the reference's step and the page's parameters.
async function checkLedger(page, before) {
  const after = await readNet(page), ledger = await readLedger(page);
  const ref = new ReferenceNet({ hidden: before.hidden, activation: before.activation, learningRate: before.lr,
    xs: before.data.xs, ys: before.data.ys, params: before.params, frozen: before.frozen });
  const refBefore = ref.ssr();
  assert.ok(ref.step());
  // What the step did to the SSR: the core's SSR before and after, which the reference agrees with.
  assertRel(before.ssr, refBefore, 1e-12, 'SSR before the step vs reference');
  assertRel(after.ssr, ref.ssr(), 1e-12, 'SSR after the step vs reference');
  const [b, a] = [formatSSR(before.ssr), formatSSR(after.ssr)];
  const said = b === a ? `The SSR stayed at ${a}` : after.ssr > before.ssr
    ? `This step raised the SSR, from ${b} to ${a}: it went too far along the slope` : `This step lowered the SSR, from ${b} to ${a}.`;
  assert.ok(ledger.worked.includes(said), `"${ledger.worked}" says "${said}"`);
  assert.equal(ledger.empty, false);
  assert.equal(ledger.lr, before.lr, 'the learning rate used');
  assert.equal(ledger.rows.length, before.params.length);
  for (const row of ledger.rows) {
    const j = row.param;
    assert.equal(row.old, before.params[j], `${j} old = the parameter before the step`);
    assert.equal(row.new, after.params[j], `${j} new = getParams() after the step`);
    if (before.frozen[j]) {
      assert.ok(row.frozen && row.text.includes(`frozen: no step${formatLedger(before.params[j])}`), row.text);
      assert.equal(row.new, row.old, 'frozen: unchanged');
      assert.equal(row.derivative, undefined);
      continue;
    }
    assertRel(row.derivative, ref.last.derivative[j], 1e-12, `${j} derivative vs reference`);
    assertRel(row.step, ref.last.derivative[j] * before.lr, 1e-12, `${j} step size = derivative × lr`);
    assertRel(row.new, before.params[j] - ref.last.derivative[j] * before.lr, 1e-12, `${j} new = old − derivative × lr`, 1);
    assertRel(row.new, ref.params[j], 1e-12, `${j} new vs reference step`, 1);
    assert.ok(row.text.includes(formatLedger(row.new)), `${j} shows its new value: ${row.text}`);
  }
  return ledger;
}

test('the step ledger: old, derivative, step size, new for each parameter; frozen stays; learning rate shown', async () => {
  const { page, context, problems } = await openPage(browser, server);
  await page.locator('#ledger').scrollIntoViewIfNeeded();
  let ledger = await readLedger(page);
  assert.equal(ledger.empty, true, 'nothing before the first step');
  assert.match(ledger.status, /Press Step/);

  let before = await readNet(page);
  await page.click('#step');
  await frames(page, 2);
  ledger = await checkLedger(page, before);
  assert.match(ledger.status, /^Step 1:/);
  // The article's start at learning rate 0.1: the first step overshoots, and the ledger says so.
  assert.match(ledger.worked, /This step raised the SSR, from 1\.896 to \S+: it went too far along the slope, past where the SSR falls\. A smaller learning rate takes shorter steps\.$/);
  assert.match(ledger.status, /learning rate 0\.1/);
  assert.match(ledger.worked, /Step size w1 = derivative w1 × learning rate/);

  // Freeze w3 and b1, lower the learning rate, and step with S, then →.
  await page.click('#freeze-4');
  await page.click('#freeze-1');
  await page.fill('#lr', '0.05');
  await page.press('#lr', 'Enter');
  for (const key of ['s', 'ArrowRight']) {
    before = await readNet(page);
    await pressOnBody(page, key);
    await frames(page, 2);
    ledger = await checkLedger(page, before);
    assert.equal(ledger.lr, 0.05);
    assert.match(ledger.status, new RegExp(`^Step ${before.steps + 1}:`));
  }
  assert.equal(ledger.rows.filter((r) => r.frozen).length, 2);
  assert.match(ledger.status, /: each free parameter moved against its derivative/);
  await page.click('#chain .chip[data-param="4"]'); // the worked example for a frozen parameter
  await frames(page, 2);
  assert.match((await readLedger(page)).worked, /w3 is frozen/);

  // Playing: dimmed, and it says why; paused again: the last step of the run, as the core has it.
  await pressOnBody(page, 'Space');
  await page.waitForFunction(() => backprop.steps > 20);
  await frames(page, 1);
  ledger = await readLedger(page);
  assert.equal(ledger.dimmed, true);
  assert.match(ledger.status, /Training continuously/);
  await pressOnBody(page, 'Space');
  await frames(page, 2);
  ledger = await readLedger(page);
  const now = await readNet(page);
  assert.equal(ledger.dimmed, false);
  assert.match(ledger.status, /last step of the run/);
  ledger.rows.forEach((r) => assert.equal(r.new, now.params[r.param], 'new = current parameters'));

  // Reset: the parameters did not come from a step, so the ledger is empty again.
  await page.click('#reset');
  await frames(page, 2);
  assert.equal((await readLedger(page)).empty, true);

  // One free parameter (walkthrough 1) is named; a tiny learning rate is written as a power of ten,
  // and step sizes below 0.001 with 4 significant digits (6 decimals showed "0.000008").
  await page.selectOption('#preset', 'walk-b3');
  await page.fill('#lr', '0.00001');
  await page.press('#lr', 'Enter');
  before = await readNet(page);
  await page.click('#step');
  await frames(page, 2);
  ledger = await checkLedger(page, before);
  assert.match(ledger.status, /^Step 1: b3, the only free parameter, moved against its derivative, learning rate 1 × 10⁻⁵\.$/);
  const b3 = ledger.rows.find((r) => r.param === 6);
  assert.ok(Math.abs(b3.step) < 1e-3 && b3.text.includes(formatSig(b3.step, 4)), `b3's step size: ${b3.text}`);
  assert.match(ledger.worked, /× 1 × 10⁻⁵ = \S+ × 10⁻[¹²³⁴⁵⁶⁷⁸⁹]/);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the step ledger after training diverged: the last step applied, and no offer of a step that would fail; a lower rate steps on', async () => {
  const { page, context, problems } = await openPage(browser, server);
  await page.locator('#ledger').scrollIntoViewIfNeeded();
  await page.fill('#lr', '1000');
  await page.press('#lr', 'Enter');
  await page.click('#play');
  await page.waitForFunction(() => /diverged/.test(document.getElementById('message').textContent), null, { timeout: 30000 });
  await frames(page, 2);
  const stopped = await readNet(page), ledger = await readLedger(page);
  const ref = new ReferenceNet({ learningRate: 1000 });
  assert.equal(ref.train(stopped.steps + 1), stopped.steps, 'the reference diverges at the same step');
  assert.ok(stopped.steps >= 1);
  assert.equal(ledger.status, `Step ${formatCount(stopped.steps)}, the last one applied, learning rate 1000. The next one failed, as the message above says.`);
  ledger.rows.forEach((r) => assert.equal(r.new, stopped.params[r.param], 'new = the last finite parameters'));
  // Step again: it fails again, and the ledger still shows the last step applied.
  await page.click('#step');
  await frames(page, 2);
  assert.equal((await readNet(page)).steps, stopped.steps);
  assert.equal((await readLedger(page)).status, ledger.status);

  // With a lower learning rate the next step is taken, and the ledger shows it.
  await page.fill('#lr', '0.001');
  await page.press('#lr', 'Enter');
  const before = await readNet(page);
  await page.click('#step');
  await frames(page, 2);
  await checkLedger(page, before);
  assert.match((await readLedger(page)).status, new RegExp(`^Step ${formatCount(stopped.steps + 1)}: each parameter moved`));
  // An error that is not a step's (Save images failing, say) does not make it say a step failed.
  await page.evaluate(() => backpropApp.notify('The images could not be made.', 'error'));
  await frames(page, 2);
  assert.match((await readLedger(page)).status, new RegExp(`^Step ${formatCount(stopped.steps + 1)}: each parameter moved`));
  assert.deepEqual(problems, []);
  await context.close();
});

const readCheck = (page) => page.evaluate(() => ({
  visible: getComputedStyle(document.querySelector('#params tr td.check-fd') ?? document.querySelector('th.check')).display !== 'none',
  fd: [...document.querySelectorAll('#params td.check-fd')].map((c) => Number(c.dataset.value)),
  rel: [...document.querySelectorAll('#params td.check-err')].map((c) => ({ value: Number(c.dataset.value), text: c.textContent })),
  summary: document.getElementById('check-summary').textContent,
  gradients: backprop.getGradients(), fdNow: backprop.fdGradients(),
}));

async function checkGradients(page) {
  const c = await readCheck(page);
  assert.equal(c.visible, true);
  assert.equal(c.fd.length, c.gradients.length);
  c.fd.forEach((fd, j) => {
    assert.equal(fd, c.fdNow[j], `${j}: the column is net.fdGradients()`);
    assertRel(fd, c.gradients[j], 1e-6, `${j}: finite difference vs getGradients()`);
    const rel = Math.abs(fd - c.gradients[j]) / Math.max(Math.abs(fd), Math.abs(c.gradients[j]));
    assertRel(c.rel[j].value, rel, 1e-9, `${j}: relative error shown`, 1e-300);
    assert.ok(c.rel[j].text.includes('✓'), `${j} marked as agreeing: ${c.rel[j].text}`);
  });
  assert.match(c.summary, /Backprop agrees with the finite differences/);
  return c;
}

test('the gradient check: finite differences beside each derivative, agreeing to 1e-6, live', async () => {
  const { page, context, problems } = await openPage(browser, server);
  assert.equal(await page.locator('th.check').first().isVisible(), false, 'hidden until asked for');
  await page.locator('.panel-params').scrollIntoViewIfNeeded();
  await page.check('#check-gradients');
  await frames(page, 2);
  const first = await checkGradients(page);

  // It follows training.
  await pressOnBody(page, 'Space');
  await page.waitForFunction(() => backprop.steps > 30);
  await pressOnBody(page, 'Space');
  await frames(page, 2);
  const later = await checkGradients(page);
  assert.notDeepEqual(later.fd, first.fd, 'updated');

  // Paused, a step taken with the table off screen is checked too: never a derivative beside an
  // older estimate (what a screen reader or a capture of the whole page reads).
  await page.evaluate(() => scrollTo(0, 0));
  await frames(page, 2);
  assert.ok(await page.evaluate(() => document.getElementById('params').getBoundingClientRect().top > innerHeight + 200), 'the table is off screen');
  await page.evaluate(() => backpropApp.step());
  await frames(page, 2);
  const offScreen = await checkGradients(page);
  assert.notDeepEqual(offScreen.fd, later.fd, 'updated off screen');
  // Back on screen, nothing to do: that state is checked already.
  await page.evaluate(() => {
    const net = backpropApp.net, own = net.fdGradients;
    window.__fdCalls = 0;
    net.fdGradients = (...args) => { window.__fdCalls++; return own.apply(net, args); };
  });
  await page.locator('.panel-params').scrollIntoViewIfNeeded();
  await frames(page, 3);
  assert.equal(await page.evaluate(() => window.__fdCalls), 0, 'not computed again when scrolled back');
  await page.evaluate(() => { delete backpropApp.net.fdGradients; });

  // Another activation and H: new rows get their cells.
  await page.selectOption('#activation', 'tanh');
  await page.fill('#hidden', '3');
  await page.press('#hidden', 'Enter');
  await frames(page, 2);
  assert.equal((await checkGradients(page)).fd.length, 10);

  await page.uncheck('#check-gradients');
  await frames(page, 1);
  assert.equal(await page.locator('th.check').first().isVisible(), false);
  assert.deepEqual(problems, []);
  await context.close();
});

test('screenshots at 1280x800 and 360x740: no sideways page scroll, panels drawn', async () => {
  mkdirSync(`${ROOT}build`, { recursive: true });
  for (const [name, viewport, scale] of [['desktop', { width: 1280, height: 800 }, 1], ['phone', { width: 360, height: 740 }, 2]]) {
    const { page, context, problems } = await openPage(browser, server, '', { viewport, deviceScaleFactor: scale, hasTouch: scale > 1 });
    await page.click('#step');
    await page.check('#check-gradients');
    await showChain(page);
    await page.locator('#ledger').scrollIntoViewIfNeeded();
    await frames(page, 2);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name}: no horizontal overflow`);
    for (const id of ['chain', 'ledger']) {
      const box = await page.locator(`#${id}`).boundingBox();
      assert.ok(box.width <= viewport.width && box.height > 100, `${name} ${id} laid out (${box.width}×${box.height})`);
      await page.locator(`#${id}`).screenshot({ path: `${ROOT}build/screenshot-teach-${id}-${name}.png` });
    }
    await page.locator('.panel-params').screenshot({ path: `${ROOT}build/screenshot-teach-params-${name}.png` });
    assert.deepEqual(problems, []);
    await context.close();
  }
});

// On a phone the chain and ledger tables are wider than their boxes: a hint says they scroll
// (and only then), a frozen ledger row says "frozen" where it is seen and the value it keeps in the
// pinned column, a new table starts unscrolled, and the sum's label ends before the pinned sum
// instead of under it.
test('wide tables on a phone: a scroll hint only while they do not fit; frozen rows and the sum label in view', async () => {
  for (const [name, viewport, scale] of [['desktop', { width: 1280, height: 800 }, 1], ['phone', { width: 360, height: 740 }, 2]]) {
    const { page, context, problems } = await openPage(browser, server, '', { viewport, deviceScaleFactor: scale, hasTouch: scale > 1 });
    await page.selectOption('#preset', 'walk-output');
    await page.click('#step');
    await showChain(page);
    await page.locator('#ledger').scrollIntoViewIfNeeded();
    await frames(page, 3);
    const seen = await page.evaluate(() => {
      const box = (e) => e.getBoundingClientRect();
      const hints = [...document.querySelectorAll('.scroll-hint')].map((h) => ({ shown: !h.hidden && h.offsetParent !== null, text: h.textContent }));
      const fits = [...document.querySelectorAll('.chain-table-wrap, .ledger-wrap')].map((w) => w.scrollWidth <= w.clientWidth + 1);
      const wrap = box(document.querySelector('.ledger-wrap'));
      const frozen = [...document.querySelectorAll('.ledger-table td.ledger-frozen')].map((td) => {
        const r = document.createRange();
        r.selectNodeContents(td);
        const t = r.getBoundingClientRect();
        // and the value it keeps, in the last column (pinned in view on a phone, over the cells it passes)
        const kept = td.parentElement.lastElementChild, k = kept.getBoundingClientRect();
        return { text: td.innerText, inside: t.left >= wrap.left && t.right <= Math.min(wrap.right, k.left),
          kept: kept.innerText, keptInside: k.left >= wrap.left && k.right <= wrap.right + 0.5 };
      });
      const label = box(document.querySelector('.chain-sum-label')), sum = box(document.querySelector('.chain-table td.chain-sum'));
      const labelText = document.createRange();
      labelText.selectNodeContents(document.querySelector('.chain-sum-label'));
      return { hints, fits, frozen, labelEnd: labelText.getBoundingClientRect().right, sumStart: sum.left, labelWidth: label.width };
    });
    const phone = name === 'phone';
    assert.deepEqual(seen.fits, [!phone, !phone], `${name}: the tables ${phone ? 'overflow' : 'fit'}`);
    await page.click('#reset'); // (an empty ledger says what to press: no keys on a phone)
    await frames(page, 2);
    assert.equal(await page.locator('#ledger .ledger-status').textContent(), `Press Step${phone ? '' : ' (or S, →)'} to take one ` +
      'gradient-descent step; the ledger then shows what it did to every parameter.');
    assert.deepEqual(seen.hints.map((h) => h.shown), [!phone, !phone].map((f) => !f), `${name}: a hint with each table that does not fit`);
    for (const h of seen.hints) assert.equal(h.text, 'The table scrolls sideways: swipe or scroll it to see every column.');
    assert.equal(seen.frozen.length, 4);
    for (const f of seen.frozen) {
      assert.equal(f.text, phone ? 'frozen' : 'frozen: no step', name);
      assert.ok(f.inside, `${name}: "${f.text}" inside the table's box, clear of the last column`);
      assert.match(f.kept, /^−?\d\.\d{6}$/, `${name}: the value kept`);
      assert.ok(f.keptInside, `${name}: the value kept, ${f.kept}, in view`);
    }
    if (phone) {
      // Swiped to its end, then another example (other frozen rows, so the table is built again): from its start.
      await page.evaluate(() => { const w = document.querySelector('.ledger-wrap'); w.scrollLeft = w.scrollWidth; });
      await page.selectOption('#preset', 'walk-b3');
      await page.click('#step');
      await frames(page, 3);
      assert.equal(await page.evaluate(() => document.querySelector('.ledger-wrap').scrollLeft), 0, 'a new table starts unscrolled');
      // From the keyboard: the box takes focus while it scrolls, a named region, and its → scrolls
      // it (the page's → would take a step instead).
      assert.deepEqual(await page.evaluate(() => {
        const w = document.querySelector('.ledger-wrap');
        return [w.tabIndex, w.getAttribute('role'), w.getAttribute('aria-label')];
      }), [0, 'region', 'The step ledger, scrolling sideways']);
      const steps = await page.evaluate(() => backprop.steps);
      await page.focus('.ledger-wrap');
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => document.querySelector('.ledger-wrap').scrollLeft > 0, null, { timeout: 5000 });
      assert.equal(await page.evaluate(() => backprop.steps), steps, 'no step taken');
    }
    assert.ok(seen.labelEnd <= seen.sumStart, `${name}: the sum's label ends (${seen.labelEnd}) before the sum (${seen.sumStart})`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

// A stacked fraction's bar is its denominator's top border: it spans the fraction, however much
// wider the numerator is ("dpredicted" over "dy1": the bar was as short as "dy1").
test('fraction bars are as wide as the wider of numerator and denominator', async () => {
  const { page, context, problems } = await openPage(browser, server);
  await page.click('#step');
  await showChain(page);
  const fracs = await page.evaluate(() => [...document.querySelectorAll('#chain .m-frac')].filter((f) => f.offsetParent).map((f) => {
    // (each part's text, as laid out, against the bar's width)
    const text = (sel) => { const r = document.createRange(); r.selectNodeContents(f.querySelector(sel)); return r.getBoundingClientRect().width; };
    return { text: f.textContent, num: text('.m-num'), denText: text('.m-den'), den: f.querySelector('.m-den').getBoundingClientRect().width };
  }));
  assert.ok(fracs.length >= 8, `${fracs.length} fractions`);
  assert.ok(fracs.some((f) => f.num > f.denText + 10), 'some numerator is much wider than its denominator');
  for (const f of fracs) assert.ok(f.den >= f.num && f.den >= f.denText, `${f.text}: bar ${f.den} px under ${f.num} px over ${f.denText} px`);
  assert.deepEqual(problems, []);
  await context.close();
});

// On a tablet (768 px) the chain table is wider than its box too: its product column is pinned in
// view, as on a phone, though the phone's narrow layout does not apply.
test('a table wider than its box pins its last column at any width (a tablet\'s chain table)', async () => {
  const { page, context, problems } = await openPage(browser, server, '', { viewport: { width: 768, height: 1024 }, hasTouch: true, isMobile: true });
  await page.click('#step');
  await showChain(page);
  await page.locator('.chain-table-wrap').scrollIntoViewIfNeeded();
  await frames(page, 3);
  const seen = await page.evaluate(() => {
    const wrap = document.querySelector('.chain-table-wrap'), box = wrap.getBoundingClientRect();
    const inView = (e) => { const r = e.getBoundingClientRect(); return r.left >= box.left - 0.5 && r.right <= box.right + 0.5; };
    return { overflows: wrap.scrollWidth > wrap.clientWidth, pinned: [...document.querySelectorAll('.chain-table .chain-product')].every(inView),
      sum: inView(document.querySelector('.chain-table td.chain-sum')), hint: !document.querySelector('#chain .scroll-hint').hidden };
  });
  assert.deepEqual(seen, { overflows: true, pinned: true, sum: true, hint: true });
  assert.deepEqual(problems, []);
  await context.close();
});
