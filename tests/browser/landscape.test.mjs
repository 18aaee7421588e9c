// landscape.test.mjs: the loss-landscape panel (web/landscape-view.js) in headless Chromium.
// The grid it shows is checked cell by cell against net.ssr() at the same parameters and against
// tests/reference.mjs (an independent implementation); the arrow against the core's gradient; the
// 1-D tangent and the previewed step against getGradients() and what Step then does; a click on
// the map against the coordinates under the pointer. While training runs, the grid is computed a
// few tiles per frame: counted in cells per frame (times belong to `make bench`), and checked to
// be exact for the parameters it was computed at and bit for bit the grid of one call. The dashed
// contour at the current SSR is checked against the grid's values (its pieces joined into whole
// lines, on plateaus too), the vertical axis's labels against the canvas's edge on a phone after a
// divergence, the map printed from a phone against the range it is drawn for, and the view
// without its second core (it could not be made) against what it should still draw and say.
//
//   make all && node --test tests/browser/landscape.test.mjs
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { gradients as refGradients, ssr as refSsr } from '../reference.mjs';
import { formatPower, formatSSR, formatSig } from '../../web/format.js';
import {
  ROOT, assertClose, canvasStats, endSuite, frames, openPage, pressOnBody, readNet, reference, ssrAtCells, startSuite,
} from './helpers.mjs';

import { niceStep, ticks } from '../../web/canvas.js';
import { chainSegments, contours, tickTexts } from '../../web/landscape-view.js';

let server, browser;

before(async () => ({ server, browser } = await startSuite()));
after(() => endSuite({ server, browser }));

// Wait until the view shows a grid computed for the current state (it computes only on screen).
async function settled(page) {
  await page.locator('#landscape-canvas').scrollIntoViewIfNeeded();
  await frames(page, 2);
  // Fresh is "the grid the view last asked for": until the view has drawn the app's latest state
  // (after a new H, say), that may be the grid of the net before, while the view's pair is already
  // the new one (a full run failed once so): the pair and the parameter count must be the current ones.
  await page.waitForFunction(() => {
    const s = window.backpropLandscape.state();
    return s.grid && s.grid.fresh && !s.computing && s.onScreen && s.grid.i === s.i && s.grid.j === s.j &&
      s.grid.params.length === window.backprop.getParams().length;
  });
}

const view = (page) => page.evaluate(() => {
  const s = window.backpropLandscape.state();
  if (s.grid) s.grid.values = Array.from(s.grid.values);
  return s;
});

/** The view's state once it has computed its grid again (recompute({ tiled })) and settled. */
async function recomputed(page, tiled = false) {
  const before = await page.evaluate(() => window.backpropLandscape.gridCount);
  await page.evaluate((t) => window.backpropLandscape.recompute({ tiled: t }), tiled);
  await page.waitForFunction((n) => window.backpropLandscape.gridCount > n, before);
  await settled(page);
  return view(page);
}


// The parameter the core puts at sample q of m over [lo, hi] (documented in src/backprop.h).
const sample = (lo, hi, q, m) => (q === m - 1 ? hi : lo + (hi - lo) * (q / (m - 1)));

const close = (a, b, rel) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

// The canvas point (CSS px, relative to the page) of fractions (fx, fy) across the plot.
async function plotPoint(page, fx, fy) {
  await page.locator('#landscape-canvas').scrollIntoViewIfNeeded();
  const box = await page.locator('#landscape-canvas').boundingBox();
  const { plot } = await view(page);
  return { x: box.x + plot.left + fx * plot.width, y: box.y + plot.top + fy * plot.height, box, plot };
}

// The pieces of `levels` on the field L from contours(), each level's with its ends' edge names.
function levelPieces(L, nx, ny, levels) {
  const segs = levels.map(() => []), edges = levels.map(() => []);
  contours(L, nx, ny, levels, 0, ny - 1, segs, edges);
  return levels.map((_, k) => ({ segs: segs[k], edges: edges[k] }));
}

// Lines from chainSegments against the pieces they join: consecutive points are a piece (in either
// direction), every piece is in exactly one line, once, and no line ends where another one does.
function checkChained(lines, segs, label) {
  const left = new Map();
  for (let k = 0; k < segs.length; k += 4) {
    const piece = segs.slice(k, k + 4).join();
    left.set(piece, (left.get(piece) ?? 0) + 1);
  }
  const ends = [];
  for (const line of lines) {
    for (let k = 0; k + 3 < line.length; k += 2) {
      const ahead = line.slice(k, k + 4).join(), back = [...line.slice(k + 2, k + 4), ...line.slice(k, k + 2)].join();
      const piece = left.get(ahead) ? ahead : back;
      assert.ok(left.get(piece) > 0, `${label}: (${line.slice(k, k + 4)}) is a piece not drawn before`);
      left.set(piece, left.get(piece) - 1);
    }
    const first = `${line[0]},${line[1]}`, last = `${line.at(-2)},${line.at(-1)}`;
    if (first !== last) ends.push(first, last);
  }
  assert.ok([...left.values()].every((n) => n === 0), `${label}: every piece drawn`);
  assert.equal(new Set(ends).size, ends.length, `${label}: no two lines meet (each is whole)`);
}

test('a contour\'s pieces are joined into whole lines: a circle is one closed line, a clipped one open lines ending on the border', () => {
  const nx = 40, ny = 30, L = new Float64Array(nx * ny);
  for (let r = 0; r < ny; r++) for (let q = 0; q < nx; q++) L[r * nx + q] = Math.hypot(q - 20.3, r - 14.7);
  const [inside, clipped] = levelPieces(L, nx, ny, [8, 18]);
  const count = (lines) => lines.reduce((n, line) => n + line.length / 2 - 1, 0);
  const circle = chainSegments(inside.segs, inside.edges);
  assert.equal(circle.length, 1);
  assert.equal(count(circle), inside.segs.length / 4, 'every piece, once');
  assert.deepEqual(circle[0].slice(0, 2), circle[0].slice(-2), 'closed');
  checkChained(circle, inside.segs, 'circle');
  // Radius 18 leaves the 40 x 30 grid at the top and bottom: two open lines, ends on the border.
  const arcs = chainSegments(clipped.segs, clipped.edges);
  assert.equal(arcs.length, 2);
  assert.equal(count(arcs), clipped.segs.length / 4);
  checkChained(arcs, clipped.segs, 'clipped');
  const onBorder = (q, r) => q === 0 || r === 0 || q === nx - 1 || r === ny - 1;
  for (const line of arcs) assert.ok(onBorder(line[0], line[1]) && onBorder(line.at(-2), line.at(-1)), 'ends on the border');
  assert.deepEqual(chainSegments([], []), []);
});

test('where the field equals the level on whole regions (a ReLU that is off), the pieces still join into whole lines', () => {
  // Level 0 on fields that are 0 over regions of samples (plateaus) and above it elsewhere: the
  // line is the plateau's edge, through samples on which three or four pieces end (one of length
  // 0 where a cell touches the plateau at a corner only). Joined by their ends' coordinates, the
  // first three gave 3, 15 and 9 lines: pieces of length 0 left on their own, and at the wedge's
  // tip a spike one cell long drawn apart from the line it belongs to.
  const nx = 40, ny = 30, onBorder = (q, r) => q === 0 || r === 0 || q === nx - 1 || r === ny - 1;
  const lines = (f) => {
    const L = new Float64Array(nx * ny);
    for (let r = 0; r < ny; r++) for (let q = 0; q < nx; q++) L[r * nx + q] = f(q, r);
    const [{ segs, edges }] = levelPieces(L, nx, ny, [0]);
    assert.ok(segs.length > 0);
    return { segs, lines: chainSegments(segs, edges) };
  };
  // A square plateau of 13 x 11 samples, rising on every side: its outline, one closed line.
  const square = lines((q, r) => Math.max(0, Math.abs(q - 20) - 6, Math.abs(r - 14) - 5));
  checkChained(square.lines, square.segs, 'square');
  assert.equal(square.lines.length, 1, 'square: one line');
  assert.deepEqual(square.lines[0].slice(0, 2), square.lines[0].slice(-2), 'square: closed');
  // A ReLU across the grid, max(0, q + r / 2 - 20): one open line, from the border to the border.
  const relu = lines((q, r) => Math.max(0, q + r / 2 - 20));
  checkChained(relu.lines, relu.segs, 'ReLU');
  assert.equal(relu.lines.length, 1, 'ReLU: one line');
  const [line] = relu.lines;
  assert.ok(onBorder(line[0], line[1]) && onBorder(line.at(-2), line.at(-1)), 'ReLU: ends on the border');
  // Two ReLUs, max(0, r - 2q - 6) + max(0, q - 7): a wedge with a tip one sample wide.
  const wedge = lines((q, r) => Math.max(0, r - 2 * q - 6) + Math.max(0, q - 7));
  checkChained(wedge.lines, wedge.segs, 'wedge');
  assert.equal(wedge.lines.length, 1, 'wedge: one line');
  // A V (|q - 20| = r) whose tip touches the border at a sample: the two arms end on two border
  // edges there, one line through the tip.
  const v = lines((q, r) => Math.abs(q - 20) - r);
  checkChained(v.lines, v.segs, 'V');
  assert.equal(v.lines.length, 1, 'V: one line');
});

test('the legend names the current SSR\'s dashed line; printed, the note keeps the grid and drops the mouse hints', async () => {
  const { page, context, problems } = await openPage(browser, server);
  await settled(page);
  const legend = await page.locator('#landscape-legend-2d').innerText();
  assert.match(legend, /equal SSR\s+current SSR/);
  const note = () => page.evaluate(() => ({
    grid: getComputedStyle(document.getElementById('landscape-grid-note')).display !== 'none',
    how: getComputedStyle(document.getElementById('landscape-how')).display !== 'none',
    text: document.getElementById('landscape-note').innerText,
  }));
  const screen = await note();
  assert.deepEqual([screen.grid, screen.how], [true, true]);
  assert.match(screen.text, /^128 × 128 grid by the core in \d+\.\d ms\. Click: move the point there; arrow keys: move it\. Drag: pan\./);
  await page.emulateMedia({ media: 'print' });
  const printed = await note();
  assert.deepEqual([printed.grid, printed.how], [true, false]);
  assert.match(printed.text, /^128 × 128 grid by the core in \d+\.\d ms\.$/);
  assert.deepEqual(problems, []);
  await context.close();
  // On a phone: tap and pinch, no wheel.
  const phone = await openPage(browser, server, '', { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
  await settled(phone.page);
  assert.equal(await phone.page.locator('#landscape-how').innerText(), 'Tap: move the point there. Drag: pan. Pinch or +/−: zoom.');
  assert.deepEqual(phone.problems, []);
  await phone.context.close();
});

test('the 2-D grid is the SSR at each cell\'s parameters (net.ssr() and the reference); drawn, log-coloured', async () => {
  const { page, context, problems } = await openPage(browser, server);
  await settled(page);
  const s = await view(page), net = await readNet(page);
  assert.equal(s.mode, '2d');
  assert.deepEqual([net.names[s.i], net.names[s.j]], ['w3', 'b3'], 'starts on an output weight and the output bias');
  const g = s.grid;
  assert.ok(g.nx >= 128 && g.ny >= 128, `grid ${g.nx} x ${g.ny}`);
  assert.deepEqual([g.a0, g.a1, g.c0, g.c1], [s.range.a0, s.range.a1, s.range.c0, s.range.c1], 'the grid covers the range shown');
  assert.ok(g.a0 < net.params[s.i] && net.params[s.i] < g.a1 && g.c0 < net.params[s.j] && net.params[s.j] < g.c1,
    'the current point is inside the range');

  const cells = [[0, 0], [g.nx - 1, g.ny - 1], [0, g.ny - 1], [37, 91], [100, 5], [64, 64], [g.nx - 2, 1]];
  // The same cells through the page's net: set the two parameters, ask for the SSR, restore.
  const viaNet = await ssrAtCells(page, { ...g, params: net.params }, s.i, s.j, cells);
  cells.forEach(([q, r], k) => {
    const cell = g.values[r * g.nx + q];
    assert.ok(close(cell, viaNet[k], 1e-12), `cell (${q}, ${r}): grid ${cell}, net.ssr() ${viaNet[k]}`);
    const p = net.params.slice();
    p[s.i] = sample(g.a0, g.a1, q, g.nx);
    p[s.j] = sample(g.c0, g.c1, r, g.ny);
    const ref = refSsr(net.hidden, net.activation, p, net.data.xs, net.data.ys);
    assert.ok(close(cell, ref, 1e-9), `cell (${q}, ${r}): grid ${cell}, reference ${ref}`);
  });
  assert.deepEqual(await page.evaluate(() => backprop.getParams()), net.params, 'the grid left the net as it was');

  // Drawn: the canvas is painted and backed at device pixels.
  const stats = (await canvasStats(page, ['landscape-canvas']))['landscape-canvas'];
  assert.ok(stats.painted > 0.5, `painted ${stats.painted}`);
  assert.equal(stats.width, Math.round(stats.cssWidth));

  // Log colour, dark = low: over many pairs of cells more than a decade apart, the lower SSR is
  // drawn darker (a few pixels lie under contour lines or the path, hence the 90 %).
  const lum = await page.evaluate(({ i, j, nx, ny, a0, a1, c0, c1, plot }) => {
    const c = document.getElementById('landscape-canvas'), ctx = window.testCanvasCopy(c);
    const scale = c.width / c.clientWidth, out = [];
    for (let r = 4; r < ny; r += 9) {
      for (let q = 4; q < nx; q += 9) {
        const x = plot.left + (q / (nx - 1)) * plot.width, y = plot.top + (1 - r / (ny - 1)) * plot.height;
        const d = ctx.getImageData(Math.round(x * scale), Math.round(y * scale), 1, 1).data;
        out.push({ q, r, lum: 0.2126 * d[0] + 0.7152 * d[1] + 0.0722 * d[2] });
      }
    }
    return out;
  }, { ...g, i: s.i, j: s.j, plot: s.plot });
  let agree = 0, pairs = 0;
  for (let a = 0; a < lum.length; a++) {
    for (let b = a + 1; b < lum.length; b++) {
      const va = g.values[lum[a].r * g.nx + lum[a].q], vb = g.values[lum[b].r * g.nx + lum[b].q];
      if (Math.abs(Math.log10(va / vb)) < 1) continue;
      pairs++;
      if ((va < vb) === (lum[a].lum < lum[b].lum)) agree++;
    }
  }
  assert.ok(pairs > 50, `pairs ${pairs}`);
  assert.ok(agree / pairs > 0.9, `lower SSR darker in ${agree} of ${pairs} pairs`);
  assert.ok(await page.evaluate(() => window.backpropLandscape.lastGridMs >= 0), 'grid time exposed');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the arrow points exactly along minus the gradient of the two parameters', async () => {
  const { page, context, problems } = await openPage(browser, server);
  await page.click('#step');
  await settled(page);
  const s = await view(page), net = await readNet(page);
  const { from, to, gradient } = s.arrow;
  assert.deepEqual(gradient, [net.gradients[s.i], net.gradients[s.j]], 'the core\'s gradient');
  const ref = refGradients(net.hidden, net.activation, net.params, net.data.xs, net.data.ys);
  assert.ok(close(gradient[0], ref[s.i], 1e-9) && close(gradient[1], ref[s.j], 1e-9), `reference gradient ${ref}`);
  assert.deepEqual(from, [net.params[s.i], net.params[s.j]], 'starts at the current point');
  const dx = to[0] - from[0], dy = to[1] - from[1], gx = -gradient[0], gy = -gradient[1];
  const cross = dx * gy - dy * gx, norm = Math.hypot(dx, dy) * Math.hypot(gx, gy);
  assert.ok(Math.abs(cross) <= 1e-12 * norm, `parallel: cross ${cross}, norm ${norm}`);
  assert.ok(dx * gx + dy * gy > 0, 'same direction as -gradient');
  assert.deepEqual(problems, []);
  await context.close();
});

test('a state loaded at a higher step count starts a new path, not a jump from the old one', async () => {
  const { page, context, problems } = await openPage(browser, server);
  await page.evaluate(() => { backpropApp.setStepsPerFrame(10); backpropApp.play(); });
  await page.waitForFunction(() => backprop.steps >= 100);
  await page.evaluate(() => backpropApp.pause());
  await settled(page);
  assert.ok((await view(page)).pathLength > 5);
  // Another run's parameters, 5,000 steps on (as a link or a file brings them).
  const params = [3.1, -1.4, -3.4, 0.5, -1.2, -2.2, 2.6];
  assert.equal(await page.evaluate((p) => backpropApp.applyState({ params: p, steps: 5000 }), params), true);
  await settled(page);
  const s = await view(page);
  assert.equal(await page.evaluate(() => backprop.steps), 5000);
  assert.equal(s.pathLength, 1, 'the path starts again at the loaded point');
  // Steps from there extend it.
  await page.click('#step');
  await page.click('#step');
  await settled(page);
  assert.equal((await view(page)).pathLength, 3);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a click on the map sets the two parameters there and leaves the others; the grid follows', async () => {
  const { page, context, problems } = await openPage(browser, server);
  await page.click('#step');
  await settled(page);
  const before = await readNet(page), s = await view(page);
  const { x, y, box, plot } = await plotPoint(page, 0.3, 0.65);
  await page.mouse.click(x, y);
  await settled(page);
  const afterClick = await readNet(page);
  const r = s.range;
  const wantA = r.a0 + ((x - box.x - plot.left) / plot.width) * (r.a1 - r.a0);
  const wantC = r.c1 - ((y - box.y - plot.top) / plot.height) * (r.c1 - r.c0);
  const pxA = (r.a1 - r.a0) / plot.width, pxC = (r.c1 - r.c0) / plot.height;
  assert.ok(Math.abs(afterClick.params[s.i] - wantA) <= pxA, `θi ${afterClick.params[s.i]} vs ${wantA} (one pixel ${pxA})`);
  assert.ok(Math.abs(afterClick.params[s.j] - wantC) <= pxC, `θj ${afterClick.params[s.j]} vs ${wantC} (one pixel ${pxC})`);
  afterClick.params.forEach((v, k) => { if (k !== s.i && k !== s.j) assert.equal(v, before.params[k], `parameter ${k} unchanged`); });
  assert.equal(afterClick.steps, before.steps, 'no step taken');
  assert.equal(await page.evaluate(() => backpropApp.playing), false);
  const now = await view(page);
  assert.equal(now.pathLength, 1, 'the path starts again at the clicked point');
  const g = now.grid, q = 90, row = 20, p = afterClick.params.slice();
  p[s.i] = sample(g.a0, g.a1, q, g.nx);
  p[s.j] = sample(g.c0, g.c1, row, g.ny);
  assert.ok(close(g.values[row * g.nx + q], refSsr(afterClick.hidden, afterClick.activation, p, afterClick.data.xs, afterClick.data.ys), 1e-9),
    'the grid is recomputed around the new point');
  // The page shows the new SSR, and the grid under the point is the SSR there.
  const ssr = await page.evaluate(() => backprop.ssr());
  assert.equal(await page.locator('#ssr').textContent(), formatSSR(ssr));
  assert.equal(await page.locator('#landscape-message').textContent(), '');
  assert.deepEqual(problems, []);
  await context.close();
});

test('drag pans, wheel and buttons zoom, without touching the parameters; Fit follows the path again', async () => {
  const { page, context, problems } = await openPage(browser, server);
  await settled(page);
  const params = (await readNet(page)).params;
  const s0 = await view(page);
  const { x, y } = await plotPoint(page, 0.5, 0.5);
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 30, y - 20, { steps: 3 });
  await page.mouse.move(x + 60, y - 40, { steps: 3 });
  await page.mouse.up();
  await settled(page);
  const s1 = await view(page);
  const upp = (s0.range.a1 - s0.range.a0) / s0.plot.width;
  assert.ok(close(s1.range.a0, s0.range.a0 - 60 * upp, 1e-9), `panned left by 60 px: ${s1.range.a0} vs ${s0.range.a0 - 60 * upp}`);
  assert.ok(close(s1.range.c0, s0.range.c0 - 40 * upp, 1e-9), 'panned down by 40 px');
  assert.equal(s1.follow, false);
  assert.equal(await page.getAttribute('#landscape-fit', 'aria-pressed'), 'false');
  assert.deepEqual((await readNet(page)).params, params, 'a drag is not a click');
  assert.ok(s1.grid.fresh && s1.grid.a0 === s1.range.a0, 'recomputed for the new range');

  await page.mouse.move(x, y);
  await page.mouse.wheel(0, -240);
  await settled(page);
  const s2 = await view(page);
  assert.ok(s2.range.a1 - s2.range.a0 < 0.9 * (s1.range.a1 - s1.range.a0), 'wheel up zooms in');
  await page.click('#landscape-zoom-out');
  await settled(page);
  const s3 = await view(page);
  assert.ok(close(s3.range.a1 - s3.range.a0, 1.5 * (s2.range.a1 - s2.range.a0), 1e-9), '− widens by 1.5');
  await page.click('#landscape-fit');
  await settled(page);
  const s4 = await view(page);
  assert.equal(s4.follow, true);
  assert.deepEqual(s4.range, s0.range, 'Fit gives back the fitted range');
  assert.deepEqual((await readNet(page)).params, params);
  assert.deepEqual(problems, []);
  await context.close();
});

// What a click does, from the keyboard: the map could not be focused, so a keyboard user could
// not move the point at all (and → on the page takes a step instead).
test('the map focused, the arrow keys move the point a 50th of the view (Shift: a 10th), + and − zoom; the page takes no step', async () => {
  const { page, context, problems } = await openPage(browser, server);
  await settled(page);
  await page.focus('#landscape-canvas');
  const s = await view(page), before = await readNet(page);
  const width = s.range.a1 - s.range.a0, height = s.range.c1 - s.range.c0;
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Shift+ArrowUp');
  await page.keyboard.press('ArrowUp');
  await frames(page, 2);
  let net = await readNet(page);
  const want = before.params.slice();
  want[s.i] += 0.02 * width;
  want[s.j] += 0.1 * height;
  want[s.j] += 0.02 * height;
  assert.deepEqual(net.params, want, `moved ${s.i}, ${s.j} from ${before.params}`);
  assert.equal(net.steps, before.steps, 'no step taken');
  assert.ok(close(net.ssr, refSsr(net.hidden, net.activation, net.params, net.data.xs, net.data.ys), 1e-12), 'the SSR there');
  await page.keyboard.press('+');
  await settled(page);
  const zoomed = await view(page);
  assert.ok(close((zoomed.range.a1 - zoomed.range.a0) / width, 1 / 1.5, 1e-9), 'zoomed in by the buttons\' step');
  // 1-D: left and right only.
  await page.selectOption('#landscape-y', '');
  await settled(page);
  await page.focus('#landscape-canvas');
  const one = await view(page);
  net = await readNet(page);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowDown');
  await frames(page, 2);
  const after = await readNet(page), moved = net.params.slice();
  moved[one.i] -= 0.02 * (one.range.a1 - one.range.a0);
  assert.deepEqual(after.params, moved);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the + and − buttons zoom about the current point, which stays where it is on screen', async () => {
  const { page, context, problems } = await openPage(browser, server);
  // Walkthrough 1 after six steps: b3 near 2.6, near the right end of the range (zoomed about the
  // middle, two presses of + left it out of view).
  await page.selectOption('#preset', 'walk-b3');
  for (let k = 0; k < 6; k++) await page.click('#step');
  await settled(page);
  // Where the current point is on screen, as fractions of the plot (x right, y down).
  const at = (s, net) => [(net.params[s.i] - s.range.a0) / (s.range.a1 - s.range.a0),
    s.j >= 0 ? (s.range.c1 - net.params[s.j]) / (s.range.c1 - s.range.c0) : 0.5];
  const press = async (button) => {
    const before = await view(page), net = await readNet(page);
    await page.click(button);
    await settled(page);
    const after = await view(page);
    const ratio = (after.range.a1 - after.range.a0) / (before.range.a1 - before.range.a0);
    assert.ok(close(ratio, button.endsWith('in') ? 1 / 1.5 : 1.5, 1e-9), `${button}: the range × ${ratio}`);
    return { before: at(before, net), after: at(after, net), centre: [(before.range.a0 + before.range.a1) / 2, (after.range.a0 + after.range.a1) / 2] };
  };
  for (const button of ['#landscape-zoom-in', '#landscape-zoom-in', '#landscape-zoom-out']) {
    const { before, after } = await press(button);
    assert.ok(before[0] > 0.7, `b3 off the middle: at ${before[0]} of the plot`);
    assert.ok(close(after[0], before[0], 1e-9), `${button}: b3 at ${before[0]} of the plot, then ${after[0]}`);
  }
  // 2-D, the point off the middle both ways (a drag moved the map): it stays put.
  await page.evaluate(() => window.backpropLandscape.setPair(4, 6));
  await settled(page);
  const box = await page.locator('#landscape-canvas').boundingBox(), s0 = await view(page);
  const x = box.x + s0.plot.left + s0.plot.width / 2, y = box.y + s0.plot.top + s0.plot.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x - 70, y + 50, { steps: 4 });
  await page.mouse.up();
  await settled(page);
  const moved = await press('#landscape-zoom-in');
  assert.ok(Math.abs(moved.before[0] - 0.5) > 0.1 && Math.abs(moved.before[1] - 0.5) > 0.1, `off the middle: ${moved.before}`);
  assert.ok(close(moved.after[0], moved.before[0], 1e-9) && close(moved.after[1], moved.before[1], 1e-9),
    `the point at ${moved.before} of the plot, then ${moved.after}`);
  // Out of view: about the middle (its centre stays).
  const s1 = await view(page);
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + s1.plot.width, y, { steps: 6 });
  await page.mouse.up();
  await settled(page);
  const away = await press('#landscape-zoom-out');
  assert.ok(away.before[0] < 0 || away.before[0] > 1, `the point out of view: ${away.before}`);
  assert.ok(close(away.centre[1], away.centre[0], 1e-9), `the middle kept: ${away.centre}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('1-D: the slice is the SSR along θ, the tangent\'s slope is getGradients()[i], the preview is where Step goes', async () => {
  const { page, context, problems } = await openPage(browser, server);
  await page.selectOption('#landscape-x', 'b3');
  await page.selectOption('#landscape-y', '');
  await page.click('#step'); // the walkthrough: one step of b3 from the article's start
  await settled(page);
  const s = await view(page), net = await readNet(page);
  assert.equal(s.mode, '1d');
  assert.equal(net.names[s.i], 'b3');
  const g = s.grid;
  assert.equal(g.ny, 1);
  for (const q of [0, 17, 200, g.nx - 1]) {
    const p = net.params.slice();
    p[s.i] = sample(g.a0, g.a1, q, g.nx);
    const ref = refSsr(net.hidden, net.activation, p, net.data.xs, net.data.ys);
    assert.ok(close(g.values[q], ref, 1e-9), `sample ${q}: ${g.values[q]} vs reference ${ref}`);
  }

  // The tangent: through the current point, slope exactly the core's dSSR/db3.
  const t = s.tangent, slope = net.gradients[s.i];
  assert.equal(t.slope, slope);
  assert.equal(t.at, net.params[s.i]);
  assert.equal(t.ssr, await page.evaluate(() => backprop.ssr()));
  assert.ok(close((t.to[1] - t.from[1]) / (t.to[0] - t.from[0]), slope, 1e-9), 'the drawn line has that slope');
  assert.ok(close((t.from[0] + t.to[0]) / 2, t.at, 1e-12), 'centred on the current value');
  const ref = refGradients(net.hidden, net.activation, net.params, net.data.xs, net.data.ys);
  assert.ok(close(slope, ref[s.i], 1e-9), `slope ${slope}, reference ${ref[s.i]}`);
  assert.match(await page.locator('#landscape-slope').textContent(), new RegExp(`dSSR/db3 = ${reEscape(formatSig(slope))}`));

  // The last step is the core's ledger, shown as such.
  const ledger = await page.evaluate(() => backprop.lastStep());
  const lastText = await page.locator('#landscape-last').textContent();
  for (const v of [ledger.old[s.i], ledger.derivative[s.i], ledger.stepSize[s.i], ledger.new[s.i]])
    assert.ok(lastText.includes(formatSig(v)), `"${lastText}" shows ${formatSig(v)}`);

  // The preview: old − lr × slope, its SSR from the core; then Step lands there.
  const next = s.next;
  assert.equal(next.at, net.params[s.i] - net.lr * slope);
  const p = net.params.slice();
  p[s.i] = next.at;
  assert.ok(close(next.ssr, refSsr(net.hidden, net.activation, p, net.data.xs, net.data.ys), 1e-9), 'SSR at the preview');
  // Zoomed in about the point until the preview is beyond the plot's edge: the foot says where it is
  // (before, the arrow ran off the edge with nothing said).
  let zoomed = s;
  for (let k = 0; k < 12 && next.at >= zoomed.range.a0 && next.at <= zoomed.range.a1; k++) {
    await page.click('#landscape-zoom-in');
    await settled(page);
    zoomed = await view(page);
  }
  assert.ok(next.at > zoomed.range.a1, `the preview ${next.at} beyond ${zoomed.range.a1}`);
  assert.deepEqual([zoomed.next.label?.edge, zoomed.next.label?.text], [1, 'next step →']);
  assert.ok(zoomed.next.arrowTo > zoomed.plot.left && zoomed.next.arrowTo <= zoomed.plot.left + zoomed.plot.width, 'the arrow ends at the right edge');
  // The current value panned beyond that edge as well: no arrow (it would point back), the label stays.
  const canvas = await page.locator('#landscape-canvas').boundingBox();
  const cx = canvas.x + zoomed.plot.left + zoomed.plot.width / 2, cy = canvas.y + zoomed.plot.top + zoomed.plot.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await page.mouse.move(cx + zoomed.plot.width, cy, { steps: 5 });
  await page.mouse.up();
  await settled(page);
  const panned = await view(page);
  assert.ok(net.params[s.i] > panned.range.a1, `b3 ${net.params[s.i]} beyond ${panned.range.a1}`);
  assert.deepEqual([panned.next.arrowTo, panned.next.label?.edge], [null, 1]);
  await page.click('#landscape-fit');
  await settled(page);
  await page.click('#step');
  await settled(page);
  const stepped = await readNet(page);
  assert.ok(close(stepped.params[s.i], next.at, 1e-12), `Step went to ${stepped.params[s.i]}, preview ${next.at}`);

  const stats = (await canvasStats(page, ['landscape-canvas']))['landscape-canvas'];
  assert.ok(stats.painted > 0.02, `painted ${stats.painted}`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('training draws the path; paused, the grid is recomputed for the new parameters', async () => {
  const { page, context, problems } = await openPage(browser, server);
  await settled(page);
  const before = (await canvasStats(page, ['landscape-canvas']))['landscape-canvas'];
  await pressOnBody(page, 'Space');
  await page.waitForFunction(() => backprop.steps >= 300);
  await pressOnBody(page, 'Space');
  await settled(page);
  const s = await view(page), net = await readNet(page);
  assert.ok(s.pathLength > 20, `path points ${s.pathLength}`);
  const after = (await canvasStats(page, ['landscape-canvas']))['landscape-canvas'];
  assert.notEqual(after.hash, before.hash, 'redrawn');
  // The grid now belongs to the trained parameters (the others changed while playing).
  const g = s.grid, q = 50, r = 70;
  const p = net.params.slice();
  p[s.i] = sample(g.a0, g.a1, q, g.nx);
  p[s.j] = sample(g.c0, g.c1, r, g.ny);
  assert.ok(close(g.values[r * g.nx + q], refSsr(net.hidden, net.activation, p, net.data.xs, net.data.ys), 1e-9));
  // The path fits in the range (it follows), with the current point inside.
  assert.ok(s.range.a0 < net.params[s.i] && net.params[s.i] < s.range.a1);
  assert.ok(s.range.c0 < net.params[s.j] && net.params[s.j] < s.range.c1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the pair: selects swap instead of repeating, an event picks a parameter, a new H starts again', async () => {
  const { page, context, problems } = await openPage(browser, server);
  await settled(page);
  await page.selectOption('#landscape-x', 'b3'); // the vertical one: the two swap
  await settled(page);
  let s = await view(page);
  assert.deepEqual([s.i, s.j], [6, 4]);
  assert.equal(await page.inputValue('#landscape-y'), 'w3');
  await page.evaluate(() => document.dispatchEvent(new CustomEvent('backprop:select-param', { detail: { index: 0 } })));
  await page.evaluate(() => document.dispatchEvent(new CustomEvent('backprop:select-param', { detail: { index: 1, shiftKey: true } })));
  await settled(page);
  s = await view(page);
  assert.deepEqual([s.i, s.j], [0, 1]);
  assert.deepEqual([await page.inputValue('#landscape-x'), await page.inputValue('#landscape-y')], ['w1', 'b1']);

  await page.fill('#hidden', '3');
  await page.press('#hidden', 'Enter');
  await settled(page);
  s = await view(page);
  const names = await page.evaluate(() => backprop.paramNames());
  assert.deepEqual([names[s.i], names[s.j]], ['w4', 'b4'], 'an output weight and the output bias of H = 3');
  assert.equal(await page.locator('#landscape-x option').count(), 10);
  assert.equal(await page.locator('#landscape-y option').count(), 11, 'the names and the 1-D choice');
  const net = await readNet(page), g = s.grid;
  const p = net.params.slice();
  p[s.i] = sample(g.a0, g.a1, 3, g.nx);
  p[s.j] = sample(g.c0, g.c1, 120, g.ny);
  assert.ok(close(g.values[120 * g.nx + 3], refSsr(3, net.activation, p, net.data.xs, net.data.ys), 1e-9), 'grid of the new net');
  assert.deepEqual(problems, []);
  await context.close();
});

test('an example that freezes parameters opens on what learns; one frozen by hand leaves the pair', async () => {
  const { page, context, problems } = await openPage(browser, server);
  const pair = async () => {
    await settled(page);
    const s = await view(page), names = await page.evaluate(() => backprop.paramNames());
    return [names[s.i], s.j >= 0 ? names[s.j] : null];
  };
  assert.deepEqual(await pair(), ['w3', 'b3'], 'the default: an output weight and the output bias');
  // Walkthrough 1 trains b3 alone: the SSR against b3 (the article's curve), with its first step's
  // preview inside the range (b3 from 0 to about 1.57; the range was ±1 before the preview counted).
  await page.selectOption('#preset', 'walk-b3');
  assert.deepEqual(await pair(), ['b3', null]);
  let s = await view(page);
  assert.ok(s.next.at > 1.5 && s.next.at < s.range.a1 && s.range.a0 < 0, `preview at ${s.next.at} in ${s.range.a0}..${s.range.a1}`);
  // Two steps on, near the minimum, the dot sits on the step's arrow along the foot: its label
  // stays above the arrow's head (3.9 px each side of the line), not across it.
  await page.click('#step');
  await page.click('#step');
  await settled(page);
  const { label } = (await view(page)).next;
  assert.ok(label && label.bottom <= label.arrow - 6, `"next (preview)" ends at ${label?.bottom} px, the arrow runs at ${label?.arrow} px`);
  assert.equal(await page.inputValue('#landscape-y'), '', 'the select says 1-D');
  // Two free parameters: the map over both (a link that freezes all but w1 and b2).
  assert.ok(await page.evaluate(() => backpropApp.applyState({ frozen: [false, true, true, false, true, true, true] })));
  assert.deepEqual(await pair(), ['w1', 'b2']);
  // Five free, but not w3 and b3: the first two that learn (the map over two frozen ones showed a
  // path that never moved).
  assert.ok(await page.evaluate(() => backpropApp.applyState({ frozen: [false, false, false, false, true, false, true] })));
  assert.deepEqual(await pair(), ['w1', 'b1']);
  // Walkthrough 2 (w3, w4, b3 learn) and back to the dosage example: the default pair again.
  await page.selectOption('#preset', 'walk-output');
  assert.deepEqual(await pair(), ['w3', 'b3']);
  await page.selectOption('#preset', 'walk-b3');
  await page.selectOption('#preset', 'dosage');
  assert.deepEqual(await pair(), ['w3', 'b3']);
  // A pair chosen by the learner stays when boxes are ticked by hand, down to one free parameter,
  // and through Reset.
  await page.selectOption('#landscape-x', 'w1');
  await page.selectOption('#landscape-y', 'b2');
  for (const k of [0, 1, 2, 3, 4, 5]) await page.locator(`#freeze-${k}`).check();
  await page.click('#reset');
  assert.deepEqual(await pair(), ['w1', 'b2']);
  // A new H starts from an output weight and bias: in 2-D after walkthrough 1's slice (all ten
  // parameters of H = 3 learn), in 1-D where the learner chose 1-D.
  const setHidden = async (h) => {
    await page.fill('#hidden', String(h));
    await page.press('#hidden', 'Enter');
  };
  await page.selectOption('#preset', 'walk-b3');
  assert.deepEqual(await pair(), ['b3', null]);
  await setHidden(3);
  assert.deepEqual(await pair(), ['w4', 'b4']);
  await page.selectOption('#landscape-y', '');
  await setHidden(2);
  assert.deepEqual(await pair(), ['w3', null]);
  assert.deepEqual(problems, []);
  await context.close();
  // A link to walkthrough 1 opens on it too.
  const linked = await openPage(browser, server, '#preset=walk-b3');
  await settled(linked.page);
  const s1 = await view(linked.page);
  assert.deepEqual([s1.i, s1.j], [6, -1]);
  assert.deepEqual(linked.problems, []);
  await linked.context.close();
});

// Until a new pair's first grid is in, the view says it is computing it: above the plot, in a
// pill. Written across the plot's middle, the current point and its arrow covered it ("computing
// th⊙ landscape…"); there nothing drawn on the plot (clipped to it) can.
test('while a pair\'s first grid is computed, "computing the landscape…" is above the plot, clear of the point and the arrow', async () => {
  const { page, context, problems } = await openPage(browser, server);
  await settled(page);
  // Pixels of the canvas: in the band above the plot, over its middle third, how many are painted;
  // in the plot (2 px in from its frame), how many are not its grey while it has no map (#eef1f5)
  // and lie more than 14 px from the point and its arrow (from the point to the arrow's tip). With
  // a pair: in the frame that draws that pair (the view's frame, asked for by setPair, runs before
  // this one's callback).
  const read = (pair) => new Promise((resolve) => {
    if (pair) window.backpropLandscape.setPair(...pair);
    requestAnimationFrame(() => {
      const s = window.backpropLandscape.state(), c = document.getElementById('landscape-canvas'), ctx = window.testCanvasCopy(c);
      const k = c.width / window.backpropLandscape.width, { plot, range } = s;
      const pixels = (x, y, w, h) => ({ x0: Math.round(x * k), y0: Math.round(y * k),
        d: ctx.getImageData(Math.round(x * k), Math.round(y * k), Math.round(w * k), Math.round(h * k)) });
      const band = pixels(plot.left + plot.width / 3, 0, plot.width / 3, plot.top - 1).d.data;
      let above = 0;
      for (let q = 3; q < band.length; q += 4) if (band[q] > 0) above++;
      const X = (a) => plot.left + ((a - range.a0) / (range.a1 - range.a0)) * plot.width;
      const Y = (v) => plot.top + ((range.c1 - v) / (range.c1 - range.c0)) * plot.height;
      const [ax, ay, bx, by] = [X(s.arrow.from[0]), Y(s.arrow.from[1]), X(s.arrow.to[0]), Y(s.arrow.to[1])];
      const far = (x, y) => { // farther than 14 px from the segment a-b
        const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
        return Math.hypot(x - ax - t * (bx - ax), y - ay - t * (by - ay)) > 14;
      };
      const { x0, y0, d } = pixels(plot.left + 2, plot.top + 2, plot.width - 4, plot.height - 4);
      let stray = 0;
      for (let y = 0; y < d.height; y++) {
        for (let x = 0; x < d.width; x++) {
          const o = 4 * (y * d.width + x);
          if (d.data[o] === 238 && d.data[o + 1] === 241 && d.data[o + 2] === 245) continue;
          if (far((x0 + x + 0.5) / k, (y0 + y + 0.5) / k)) stray++;
        }
      }
      resolve({ computing: s.computing, grid: s.grid && [s.grid.i, s.grid.j], pair: [s.i, s.j], above, stray });
    });
  });
  const computing = await page.evaluate(read, [5, 6]);
  assert.deepEqual(computing.pair, [5, 6]);
  assert.equal(computing.computing, true, 'its grid is being computed');
  assert.notDeepEqual(computing.grid, [5, 6], 'none of the pair yet');
  assert.ok(computing.above > 100, `the notice above the plot (${computing.above} pixels)`);
  assert.equal(computing.stray, 0, 'nothing in the plot but the point and its arrow');
  // Once the grid is in, the notice is gone.
  await settled(page);
  const done = await page.evaluate(read, null);
  assert.deepEqual(done.grid, [5, 6]);
  assert.equal(done.above, 0, 'no notice once the grid is in');
  assert.deepEqual(problems, []);
  await context.close();
});

test('while training runs, a grid takes many frames of a bounded number of cells; each cell is net.ssr() at the grid\'s parameters', async () => {
  const { page, context, problems } = await openPage(browser, server);
  await settled(page);
  const start = await view(page);
  await page.evaluate(() => {
    window.backpropLandscape.maxFrameCells = 0;
    // The full grid even on a busy machine (where the measured cost would make it coarser).
    window.backpropLandscape.playBudget = Infinity;
    backpropApp.play();
  });
  // Two grids finished while training ran (the first of them may have started before).
  await page.waitForFunction((n) => window.backpropLandscape.gridCount >= n + 2, start.gridCount, { timeout: 30_000 });
  const s = await view(page);
  await page.evaluate(() => backpropApp.pause());
  const g = s.grid, cells = g.nx * g.ny;
  assert.equal(cells, 128 * 128, 'the full grid at default settings');
  assert.ok(s.maxFrameCells > 0 && s.maxFrameCells <= s.frameCellLimit, `at most ${s.frameCellLimit} cells in a frame: ${s.maxFrameCells}`);
  assert.ok(s.frameCellLimit <= cells / 8, `the limit ${s.frameCellLimit} spreads a grid over 8 frames or more`);
  assert.ok(g.tiles >= cells / s.frameCellLimit, `${g.tiles} tiles`);
  assert.ok(g.frames >= cells / s.frameCellLimit, `computed over ${g.frames} frames`);

  // Training moved on while the grid was computed; every cell still belongs to the one parameter
  // vector the grid was started from (cells from the first, middle and last tiles).
  const net = await readNet(page);
  assert.notDeepEqual(net.params, g.params, 'the parameters changed since the grid began');
  const sampled = [[0, 0], [127, 0], [64, 1], [3, 40], [100, 77], [37, 91], [5, 126], [127, 127]];
  const viaNet = await ssrAtCells(page, g, s.i, s.j, sampled);
  sampled.forEach(([q, r], k) => {
    const cell = g.values[r * g.nx + q];
    assert.ok(close(cell, viaNet[k], 1e-12), `cell (${q}, ${r}): grid ${cell}, net.ssr() at the grid's parameters ${viaNet[k]}`);
    const p = g.params.slice();
    p[s.i] = sample(g.a0, g.a1, q, g.nx);
    p[s.j] = sample(g.c0, g.c1, r, g.ny);
    const ref = refSsr(net.hidden, net.activation, p, net.data.xs, net.data.ys);
    assert.ok(close(cell, ref, 1e-9), `cell (${q}, ${r}): grid ${cell}, reference ${ref}`);
  });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a grid computed tile by tile over frames is bit for bit the grid of one call, and so is the picture', async () => {
  const { page, context, problems } = await openPage(browser, server);
  // Paused, a grid is one call when the view's measured speed says it takes under 60 ms; a loaded
  // machine can make it say otherwise (19 tiles once in a full run, when one slow grid could; now
  // it takes most of the last five): pinned.
  await page.evaluate(() => { backpropLandscape.oneCallBudget = Infinity; });
  await page.click('#step');
  await settled(page);
  const picture = async () => (await canvasStats(page, ['landscape-canvas']))['landscape-canvas'].hash;
  const one = await recomputed(page), onePicture = await picture();
  assert.equal(one.grid.tiles, 1, 'paused, a small grid is one core call');
  const tiled = await recomputed(page, true), tiledPicture = await picture();
  const cells = tiled.grid.nx * tiled.grid.ny;
  assert.ok(tiled.grid.tiles >= 8, `${tiled.grid.tiles} tiles`);
  assert.ok(tiled.maxFrameCells > 0 && tiled.maxFrameCells <= tiled.frameCellLimit, `at most ${tiled.frameCellLimit} cells a frame: ${tiled.maxFrameCells}`);
  assert.ok(tiled.grid.frames >= cells / tiled.frameCellLimit, `over ${tiled.grid.frames} frames`);
  assert.deepEqual(tiled.grid.params, one.grid.params);
  assert.deepEqual(tiled.grid.values, one.grid.values, 'the same numbers, bit for bit');
  assert.equal(tiledPicture, onePicture, 'the same pixels');
  const last = await recomputed(page);
  assert.equal(last.grid.tiles, 1);
  assert.deepEqual(last.grid.values, one.grid.values);
  assert.equal(await picture(), onePicture);
  assert.deepEqual(problems, []);
  await context.close();
});

test('one slow grid hardly moves the view\'s measure of the core\'s speed (the median of the last five grids): the next is one call again', async () => {
  const { page, context, problems } = await openPage(browser, server);
  await page.evaluate(() => { backpropLandscape.oneCallBudget = Infinity; }); // each grid one call
  await page.click('#step');
  await settled(page);
  for (let k = 0; k < 4; k++) await recomputed(page);
  const usual = await view(page);
  // The next grid's core call waits first (300 ms, or 40 usual grids), as on a busy machine.
  const wait = Math.max(300, 40 * usual.grid.ms);
  await page.evaluate((wait) => {
    const proto = Object.getPrototypeOf(window.backprop), real = proto.ssrGrid;
    proto.ssrGrid = function (...args) {
      if (!args[8]?.into) return real.apply(this, args); // (a grid's tiles, not the 1-D preview)
      proto.ssrGrid = real;
      for (const end = performance.now() + wait; performance.now() < end;);
      return real.apply(this, args);
    };
  }, wait);
  const slow = await recomputed(page);
  assert.ok(slow.grid.ms >= wait && slow.grid.tiles === 1, `the slow grid: ${slow.grid.ms} ms in ${slow.grid.tiles} call(s)`);
  assert.ok(usual.costPerUnit > 0, `usual ${usual.grid.ms} ms a grid`);
  // (a moving average giving the last grid 0.3 of the weight would have grown it 12 times or more)
  assert.ok(slow.costPerUnit <= 2 * usual.costPerUnit, `ms per unit: ${usual.costPerUnit} before, ${slow.costPerUnit} after`);
  // With the usual allowance for one call (60 ms), the next grid is one call: estimated from the
  // slow one's 0.3 (90 ms or more) it would have come in tiles.
  await page.evaluate(() => { backpropLandscape.oneCallBudget = 60; });
  const next = await recomputed(page);
  assert.equal(next.grid.tiles, 1, 'the next grid is one call');
  assert.equal(next.grid.nx, usual.grid.nx, 'of the usual size');
  assert.deepEqual(next.grid.values, usual.grid.values, 'and the same numbers');
  // Another activation costs another amount per unit: the measures start again, so the first grid
  // of tanh alone sets the estimate (else the lower median of the softplus grids would).
  const count = next.gridCount;
  await page.evaluate(() => backpropApp.setActivation('tanh'));
  await page.waitForFunction((n) => window.backpropLandscape.gridCount > n, count);
  await settled(page);
  const tanh = await view(page);
  assert.equal(tanh.gridCount, count + 1, 'one grid for the new activation');
  assert.equal(tanh.costPerUnit, tanh.grid.ms / (tanh.grid.nx * tanh.grid.ny * 3 * 2), 'set by that grid alone');
  assert.deepEqual(problems, []);
  await context.close();
});

test('off screen the view records the path but computes and paints nothing; scrolled into view it catches up', async () => {
  const { page, context, problems } = await openPage(browser, server, '', { viewport: { width: 1280, height: 600 } });
  const below = await page.evaluate(() => document.getElementById('landscape-canvas').getBoundingClientRect().top - innerHeight);
  assert.ok(below > 300, `the map starts ${below} px below the viewport`);
  const s0 = await view(page), picture0 = (await canvasStats(page, ['landscape-canvas']))['landscape-canvas'].hash;
  assert.equal(s0.onScreen, false);
  await page.evaluate(() => backpropApp.play());
  await page.waitForFunction(() => backprop.steps >= 300);
  await page.evaluate(() => backpropApp.pause());
  await frames(page, 3);
  const s1 = await view(page);
  assert.equal(s1.gridCount, s0.gridCount, 'no grid computed');
  assert.equal((await canvasStats(page, ['landscape-canvas']))['landscape-canvas'].hash, picture0, 'not painted');
  assert.ok(s1.pathLength > 20, `the path has ${s1.pathLength} points`);
  await settled(page);
  const s2 = await view(page), net = await readNet(page);
  assert.equal(s2.onScreen, true);
  assert.ok(s2.gridCount > s1.gridCount && s2.grid.fresh, 'a grid for the current state');
  assert.deepEqual(s2.grid.params, net.params);
  assert.equal(s2.pathLength, s1.pathLength);
  assert.notEqual((await canvasStats(page, ['landscape-canvas']))['landscape-canvas'].hash, picture0, 'painted');
  assert.deepEqual(problems, []);
  await context.close();
});

// The dashed contour the view draws at the current SSR (state().level) is at that SSR exactly, and
// on the grid: each point sits on a cell edge where the log SSR, linear along the edge (as the heat
// map shades it), equals log10(SSR); and the line passes the current point within a cell or so.
// It is drawn as whole lines (a dash pattern starts again with each piece): consecutive points lie
// in one cell, and no line ends where another begins or ends.
function checkLevel(s, net, label) {
  const { grid: g, level } = s;
  assert.ok(g.fresh && level, `${label}: the contour is drawn on an up-to-date grid`);
  assert.equal(level.ssr, net.ssr, `${label}: at the current SSR`);
  const pieces = level.lines.reduce((n, line) => n + line.length / 2 - 1, 0);
  assert.ok(pieces >= 2, `${label}: ${pieces} pieces`);
  const want = Math.log10(net.ssr), L = (q, r) => Math.log10(g.values[r * g.nx + q]);
  const field = (u, v) => {
    if (Number.isInteger(v)) {
      const q = Math.min(g.nx - 2, Math.floor(u));
      return L(q, v) + (L(q + 1, v) - L(q, v)) * (u - q);
    }
    assert.ok(Number.isInteger(u), `${label}: (${u}, ${v}) is on a cell edge`);
    const r = Math.min(g.ny - 2, Math.floor(v));
    return L(u, r) + (L(u, r + 1) - L(u, r)) * (v - r);
  };
  const u = ((net.params[s.i] - g.a0) / (g.a1 - g.a0)) * (g.nx - 1), v = ((net.params[s.j] - g.c0) / (g.c1 - g.c0)) * (g.ny - 1);
  let nearest = Infinity;
  const ends = [];
  for (const line of level.lines) {
    assert.ok(line.length >= 4, `${label}: a line of ${line.length / 2} points`);
    for (let k = 0; k < line.length; k += 2) {
      const at = field(line[k], line[k + 1]);
      assert.ok(Math.abs(at - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${label}: log SSR ${at} at a line point, want ${want}`);
    }
    for (let k = 0; k + 3 < line.length; k += 2) {
      const [x0, y0, x1, y1] = line.slice(k, k + 4), dx = x1 - x0, dy = y1 - y0;
      assert.ok(Math.abs(dx) <= 1 && Math.abs(dy) <= 1 && (dx || dy), `${label}: consecutive points in one cell`);
      const t = Math.max(0, Math.min(1, ((u - x0) * dx + (v - y0) * dy) / (dx * dx + dy * dy || 1)));
      nearest = Math.min(nearest, Math.hypot(x0 + t * dx - u, y0 + t * dy - v));
    }
    const first = `${line[0]},${line[1]}`, last = `${line.at(-2)},${line.at(-1)}`;
    if (first !== last) ends.push(first, last); // (a closed line ends where it starts)
  }
  assert.equal(new Set(ends).size, ends.length, `${label}: no two lines meet (each is whole)`);
  assert.ok(nearest <= 1.5, `${label}: the line passes ${nearest} cells from the current point`);
}

// The page with only b3 training at learning rate `lr` and the map zoomed out so its range stays
// put: one grid over (w3, b3) stays up to date throughout, while the SSR changes each step.
async function openWalkB3(lr) {
  const opened = await openPage(browser, server), { page } = opened;
  await page.selectOption('#preset', 'walk-b3');
  await page.evaluate((rate) => backpropApp.setLearningRate(rate), lr);
  await settled(page);
  await page.evaluate(() => backpropLandscape.setPair(4, 6)); // (the example opens on b3 alone, in 1-D)
  await settled(page);
  await page.click('#landscape-zoom-out');
  await page.click('#landscape-zoom-out');
  await settled(page);
  // The grid stays 128 x 128 while playing (on a loaded machine the view's estimate of the core's
  // speed could make it coarser for the run, and finer again on pause: new grids, where these
  // tests follow one).
  await page.evaluate(() => { backpropLandscape.playBudget = Infinity; });
  return opened;
}

test('paused, the dashed contour is at the current SSR exactly: after a Step on the same grid, and once training stops', async () => {
  // b3 trains slowly: the SSR moves a little each step.
  const { page, context, problems } = await openWalkB3(0.001);
  const s0 = await view(page);
  checkLevel(s0, await readNet(page), 'at the start');

  await page.click('#step');
  await settled(page);
  const s1 = await view(page);
  checkLevel(s1, await readNet(page), 'after Step');
  assert.equal(s1.gridCount, s0.gridCount, 'the same grid: the line was traced again on it');
  assert.notEqual(s1.level.ssr, s0.level.ssr);

  await pressOnBody(page, 'Space');
  await page.waitForFunction(() => backprop.steps >= 60);
  await pressOnBody(page, 'Space');
  await settled(page);
  const s2 = await view(page);
  checkLevel(s2, await readNet(page), 'after training');
  assert.equal(s2.gridCount, s0.gridCount, 'still the same grid');
  assert.deepEqual(problems, []);
  await context.close();
});

test('while training runs, the dashed contour follows the SSR, traced again only a colour step away and at most every 100 ms', async () => {
  // b3 trains faster: the SSR falls by decades.
  const { page, context, problems } = await openWalkB3(0.01);
  // The line each playing frame drew (state() after the frame's draw) beside the net's SSR.
  const seen = await page.evaluate(() => new Promise((resolve) => {
    const out = [];
    backpropApp.play();
    const tick = () => {
      const s = window.backpropLandscape.state();
      out.push({ ssr: backprop.ssr(), level: s.level?.ssr, at: s.level?.at, lo: s.grid?.lo, hi: s.grid?.hi, grids: s.gridCount });
      if (out.length < 120) requestAnimationFrame(tick);
      else resolve(out);
    };
    requestAnimationFrame(tick);
  }));
  await pressOnBody(page, 'Space');
  await settled(page);
  assert.equal(new Set(seen.map((f) => f.grids)).size, 1, 'one grid throughout');
  assert.ok(seen.every((f) => f.level !== undefined), 'a line on every frame');
  const step = (seen[0].hi - seen[0].lo) / 255, log = (x) => Math.log10(Math.max(1e-32, x));
  const traced = seen.filter((f, k) => k === 0 || f.at !== seen[k - 1].at);
  assert.ok(traced.length >= 3, `traced ${traced.length} times while the SSR fell from ${seen[0].ssr} to ${seen.at(-1).ssr}`);
  for (let k = 1; k < traced.length; k++) {
    const [a, b] = [traced[k - 1], traced[k]];
    assert.ok(b.at - a.at >= 100 - 1e-6, `traced again after ${b.at - a.at} ms`);
    assert.ok(Math.abs(log(b.level) - log(a.level)) > step, `traced again ${Math.abs(log(b.level) - log(a.level))} decades away (a colour step: ${step})`);
  }
  // (the SSR has fallen below the map's values by now: the line is exact, though it has no segments)
  assert.equal((await view(page)).level.ssr, (await readNet(page)).ssr, 'paused again: at the current SSR');
  assert.deepEqual(problems, []);
  await context.close();
});

test('without its second core (it could not be made), the view says so in its area and the rest of the page trains', async () => {
  // The page's own core is the first instance; later ones fail, as when memory runs out.
  const failLater = () => {
    const instantiate = WebAssembly.instantiate;
    window.wasmInstances = 0;
    WebAssembly.instantiate = function (...args) {
      return window.wasmInstances++ === 0 ? instantiate.apply(this, args)
        : Promise.reject(new RangeError('WebAssembly.instantiate(): Out of memory: Cannot allocate Wasm memory for new instance'));
    };
  };
  const { page, context, problems } = await openPage(browser, server, '', {}, failLater);
  await page.locator('#landscape-canvas').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.getElementById('landscape-message').textContent !== '');
  await frames(page, 2);
  assert.match(await page.locator('#landscape-message').textContent(),
    /^The loss landscape is not available: .+ could not be made \(.*Out of memory.*\)\. The rest of the page works\.$/);
  assert.equal(await page.evaluate(() => window.wasmInstances), 2, 'the view asked for its core once');
  assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('#landscape .legend-item')]
    .filter((e) => e.checkVisibility()).map((e) => e.textContent.trim())), ['path', '−gradient'],
  'the legend names only what is drawn');
  let s = await view(page);
  assert.deepEqual([s.grid, s.computing, s.gridCount, s.level], [null, false, 0, null], 'no grid, none on its way');
  // The plot says so in its top band (empty otherwise: the path is one point, in the middle).
  const ink = await page.evaluate((plot) => {
    const c = document.getElementById('landscape-canvas'), ctx = window.testCanvasCopy(c);
    const k = c.width / c.clientWidth, x = Math.round((plot.left + 2) * k), y = Math.round((plot.top + 2) * k);
    const d = ctx.getImageData(x, y, Math.round((plot.width - 4) * k), Math.round(30 * k)).data;
    let n = 0;
    for (let p = 0; p < d.length; p += 4) if (Math.abs(d[p] - 0xee) + Math.abs(d[p + 1] - 0xf1) + Math.abs(d[p + 2] - 0xf5) > 60) n++;
    return n;
  }, s.plot);
  assert.ok(ink > 100, `text atop the plot: ${ink} pixels`);

  // The rest works: Step is the reference's step; the point, arrow and path follow it.
  const before = await readNet(page);
  await page.click('#step');
  const stepped = await readNet(page);
  const ref = reference(before);
  assert.ok(ref.step());
  assertClose(stepped.params, ref.params, 1e-12, 'the step the page took');
  await page.locator('#landscape-canvas').scrollIntoViewIfNeeded(); // (the click scrolled to Step)
  await frames(page, 2);
  s = await view(page);
  assert.deepEqual(s.arrow.from, [stepped.params[s.i], stepped.params[s.j]]);
  assert.deepEqual(s.arrow.gradient, [stepped.gradients[s.i], stepped.gradients[s.j]]);
  await page.evaluate(() => backpropApp.play());
  await page.waitForFunction(() => backprop.steps >= 100);
  await page.evaluate(() => backpropApp.pause());
  await page.evaluate(() => window.backpropLandscape.recompute());
  await frames(page, 3);
  await page.evaluate(() => window.backpropLandscape.upToDate()); // (Save images waits for it)
  s = await view(page);
  assert.ok(s.pathLength > 20, `the path has ${s.pathLength} points`);
  assert.deepEqual([s.grid, s.computing, s.gridCount], [null, false, 0]);

  // 1-D: the tangent and the preview still come from the page's core.
  await page.selectOption('#landscape-x', 'b3');
  await page.selectOption('#landscape-y', '');
  await page.locator('#landscape-canvas').scrollIntoViewIfNeeded();
  await frames(page, 2);
  s = await view(page);
  const net = await readNet(page);
  assert.equal(s.tangent.slope, net.gradients[s.i]);
  assert.equal(s.next.at, net.params[s.i] - net.lr * net.gradients[s.i]);
  assert.equal(s.grid, null);
  assert.equal(await page.evaluate(() => window.wasmInstances), 2, 'and did not ask again');
  assert.equal(await page.evaluate(() => window.backpropReady), true, 'the page is whole');
  assert.deepEqual(problems, []);
  await context.close();
});

// Printing lays the page out again for the paper, where the canvas takes the printout's size (80 %
// of the page's width: from 314 px wide on a 360 px phone to 536 px; its pixel-ratio query fires as
// the resolution becomes the printer's) and the view draws again, a wider range at the same scale.
// That drawing is the one printed, and the canvas still holds it at afterprint (nothing draws in
// between). It showed the screen's grid, of the narrower range, over the middle of the plot only
// (the rest grey) and no dashed contour: the map printed must be a grid of the range drawn, whole.
// From a phone-width window, with the map seen first, and with touch and the map never seen.
test('printed from a phone-width window, the map fills its plot with a grid of the range drawn, and the dashed contour', async () => {
  for (const [label, options, seen] of [
    ['360 px, the map seen', { viewport: { width: 360, height: 740 } }, true],
    ['360 x 740 with touch, the map unseen', { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true }, false],
  ]) {
    const { page, context, problems } = await openPage(browser, server, '', options);
    if (seen) await settled(page);
    const screen = await page.evaluate(() => document.getElementById('landscape-canvas').width);
    await page.evaluate(() => addEventListener('afterprint', () => {
      const s = window.backpropLandscape.state(), c = document.getElementById('landscape-canvas'), ctx = window.testCanvasCopy(c);
      // The plot's pixels, 1 CSS px in from its frame: how many are transparent or the grey of a
      // plot without its map (#eef1f5), which no colour of the map, its lines or the path is. (The
      // page is laid out for the screen again by now: the view's width is the one it drew at.)
      const k = c.width / window.backpropLandscape.width, p = s.plot;
      const x0 = Math.round((p.left + 1) * k), y0 = Math.round((p.top + 1) * k);
      const d = ctx.getImageData(x0, y0, Math.round((p.left + p.width - 1) * k) - x0, Math.round((p.top + p.height - 1) * k) - y0).data;
      let unpainted = 0;
      for (let q = 0; q < d.length; q += 4) {
        if (d[q + 3] === 0 || (d[q] === 238 && d[q + 1] === 241 && d[q + 2] === 245)) unpainted++;
      }
      window.__printed = {
        width: c.width, unpainted: unpainted / (d.length / 4), range: s.range, axis: [s.axis.lo, s.axis.hi],
        xAxis: s.xAxis.labels.map((l) => l.value), computing: s.computing,
        grid: s.grid && { a0: s.grid.a0, a1: s.grid.a1, c0: s.grid.c0, c1: s.grid.c1, fresh: s.grid.fresh },
        level: s.level?.ssr ?? null, ssr: backpropApp.snapshot().ssr,
      };
    }));
    await page.pdf({ format: 'A4' });
    const printed = await page.evaluate(() => window.__printed);
    assert.ok(printed.width > screen, `${label}: the canvas laid out for the paper (${printed.width} px, ${screen} px on screen)`);
    const { a0, a1, c0, c1 } = printed.range;
    assert.deepEqual(printed.grid, { a0, a1, c0, c1, fresh: true }, `${label}: the grid is of the range drawn`);
    assert.deepEqual(printed.axis, [c0, c1], `${label}: the vertical axis is of that range`);
    assert.ok(printed.xAxis.length >= 2 && printed.xAxis.every((v) => v >= a0 && v <= a1), `${label}: the horizontal axis too`);
    assert.equal(printed.unpainted, 0, `${label}: the map fills the plot`);
    assert.equal(printed.level, printed.ssr, `${label}: the dashed contour at the current SSR`);
    assert.equal(printed.computing, false, `${label}: nothing left to compute`);
    // Back on screen, the view draws the screen's range again, with its own grid.
    await frames(page, 2);
    await settled(page);
    const after = await view(page);
    assert.equal(await page.evaluate(() => document.getElementById('landscape-canvas').width), screen, `${label}: the screen's size again`);
    assert.deepEqual([after.grid.a0, after.grid.a1, after.grid.c0, after.grid.c1], [after.range.a0, after.range.a1, after.range.c0, after.range.c1]);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('screenshots of the landscape at 1280x800 and 360x740; nothing overflows on a phone', async () => {
  mkdirSync(`${ROOT}build`, { recursive: true });
  for (const [name, viewport, scale] of [['desktop', { width: 1280, height: 800 }, 1], ['phone', { width: 360, height: 740 }, 2]]) {
    const { page, context, problems } = await openPage(browser, server, '', { viewport, deviceScaleFactor: scale, hasTouch: scale > 1 });
    await pressOnBody(page, 'Space');
    await page.waitForFunction(() => backprop.steps >= 400);
    await pressOnBody(page, 'Space');
    await settled(page);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${name}: no horizontal overflow`);
    const stats = (await canvasStats(page, ['landscape-canvas']))['landscape-canvas'];
    assert.equal(stats.width, Math.round(stats.cssWidth * scale), `${name}: device pixels`);
    await page.locator('#landscape').scrollIntoViewIfNeeded();
    await page.locator('#landscape').screenshot({ path: `${ROOT}build/screenshot-landscape-${name}.png` });
    await page.selectOption('#landscape-x', 'b3');
    await page.selectOption('#landscape-y', '');
    await settled(page);
    await page.locator('#landscape').screenshot({ path: `${ROOT}build/screenshot-landscape-1d-${name}.png` });
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('tick labels: as many digits as the step needs, fixed or scientific for a whole axis', () => {
  // [texts, power]: the labels, and the power of ten they leave to the axis's title (null: none).
  const labels = (values, step) => {
    const t = tickTexts(values, step);
    return [[...t], t.power];
  };
  // Close together far from 0 (2e8 ± 10): distinct, in fixed notation, shorter there.
  assert.deepEqual(labels([199999990, 199999995, 200000000, 200000005, 200000010], 5),
    [['199999990', '199999995', '200000000', '200000005', '200000010'], null]);
  // After a divergence: multiples of the largest tick's power of ten, one decimal, 0 as 0, a true
  // minus sign (not "−5.0" beside "−1.0" of a different power), the power once for the axis.
  assert.deepEqual(labels([-1e153, -5e152, 0, 5e152], 5e152), [['\u22121.0', '\u22120.5', '0', '0.5'], 153]);
  assert.deepEqual(labels([5e12, 1e13, 1.5e13], 5e12), [['0.5', '1.0', '1.5'], 13]);
  assert.deepEqual(labels([-1e6, -5e5, 0], 5e5), [['\u22121.0', '\u22120.5', '0'], 6]);
  assert.deepEqual(labels([0, 50000, 100000], 50000), [['0', '50000', '100000'], null], 'fixed where not longer');
  assert.deepEqual(labels([-2e21, -1e21, 0], 1e21), [['\u22122.0', '\u22121.0', '0'], 21]);
  // Far from 0 and zoomed in: scientific with the digits that tell them apart.
  assert.deepEqual(labels([1e150, 1.00000002e150, 1.00000004e150], 2e142), [['1.00000000', '1.00000002', '1.00000004'], 150]);
  // Small numbers close together: scientific where fixed is longer.
  assert.deepEqual(labels([1.234e-5, 1.235e-5], 1e-8), [['1.234', '1.235'], -5]);
  // Ordinary ranges as before.
  assert.deepEqual(labels([-2, -1, 0, 1, 2], 1), [['\u22122', '\u22121', '0', '1', '2'], null]);
  assert.deepEqual(labels([0, 0.5, 1, 1.5], 0.5), [['0', '0.5', '1.0', '1.5'], null]);
  assert.deepEqual(labels([0, 100000, 200000], 100000), [['0', '100000', '200000'], null]);
  // Random ranges at every scale: every label distinct.
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let t = 0; t < 500; t++) {
    const centre = (random() - 0.5) * 10 ** (300 * random() - 150), span = Math.abs(centre || 1) * 10 ** (-7 * random()) + 1e-300;
    const step = niceStep(centre - span, centre + span, 5), values = ticks(centre - span, centre + span, step);
    if (values.length < 2) continue;
    const texts = tickTexts(values, step);
    assert.equal(new Set(texts).size, texts.length, `${values} by ${step}: ${texts}`);
    // Each label, times the power the title carries, reads back as its tick (to a tenth of a step).
    texts.forEach((text, k) => {
      const read = Number(text.replace('\u2212', '-')) * 10 ** (texts.power ?? 0);
      assert.ok(Math.abs(read - values[k]) <= step / 10, `"${text}" (power ${texts.power}) for ${values[k]} by ${step}`);
    });
  }
});

test('on a phone, after a divergence and far from 0, the axes\' tick labels fit in the canvas', async () => {
  const { page, context, problems } = await openPage(browser, server, '',
    { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true });
  // The dosage example at learning rate 5, stepped until the core refuses a step: b3 near -2e153,
  // the SSR near 1e307; the labels are multiples of a power of ten ("−2.5", "0" for b3), which the
  // axis's title carries once ("↑ b3 (× 10¹⁵³)").
  const message = await page.evaluate(() => {
    backpropApp.setLearningRate(5);
    for (let k = 0; k < 1000 && !backpropApp.snapshot().message; k++) backpropApp.step();
    return backpropApp.snapshot().message?.text;
  });
  assert.match(message, /^Training diverged at step/);
  const fits = async (label, pair) => {
    await settled(page);
    const s = await view(page);
    // No ink in the canvas's first 2 px, nor in its last 2 px below the plot, where the horizontal
    // axis's labels are (a label cut at the edge leaves some there).
    const ink = await page.evaluate((plot) => {
      const c = document.getElementById('landscape-canvas'), ctx = window.testCanvasCopy(c);
      const k = c.width / c.clientWidth, painted = (x, y, w, h) => {
        const d = ctx.getImageData(Math.round(x * k), Math.round(y * k), Math.round(w * k), Math.round(h * k)).data;
        let n = 0;
        for (let p = 3; p < d.length; p += 4) if (d[p] > 0) n++;
        return n;
      };
      return { left: painted(0, 0, 2, c.clientHeight), right: painted(c.clientWidth - 2, plot.top, 2, plot.height + 19) };
    }, s.plot);
    // (on the right: the colour bar's labels beside the plot, the horizontal axis's below it)
    assert.deepEqual(ink, { left: 0, right: 0 }, `${label}: pixels painted at the canvas's edges`);
    // The labels drawn are the ticks of the range shown, and their text boxes (measured in the
    // page, in the font they are drawn with, right-aligned 6 px left of the plot) lie between the
    // canvas's edge and the plot.
    const { axis } = s;
    if (s.mode === '2d') assert.deepEqual([axis.lo, axis.hi], [s.range.c0, s.range.c1], `${label}: the range's ticks`);
    else assert.equal(axis.lo, 0, `${label}: the SSR from 0`);
    const within = ({ value }) => value >= axis.lo - 1e-9 * axis.step && value <= axis.hi + 1e-9 * axis.step;
    assert.ok(axis.labels.length >= 2 && axis.labels.every(within), `${label}: ${axis.labels.length} ticks`);
    assert.equal(new Set(axis.labels.map((l) => l.text)).size, axis.labels.length, `${label}: distinct labels ${axis.labels.map((l) => l.text)}`);
    const boxes = await page.evaluate(({ font, right, labels }) => {
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = font;
      ctx.textAlign = 'right';
      return labels.map(({ text }) => {
        const m = ctx.measureText(text);
        return { text, left: right - m.actualBoundingBoxLeft, right: right + m.actualBoundingBoxRight };
      });
    }, axis);
    assert.equal(axis.right, s.plot.left - 6);
    for (const b of boxes) {
      assert.ok(b.left >= 0 && b.right <= s.plot.left, `${label}: "${b.text}" spans ${b.left} to ${b.right} px; the plot starts at ${s.plot.left}`);
    }
    // The horizontal axis's labels: inside the canvas, 8 px apart at least (some left out where
    // they would crowd), each naming a tick of the range.
    const under = await page.evaluate(({ font, labels }) => {
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = font;
      const width = document.getElementById('landscape-canvas').clientWidth;
      return labels.map(({ text, x }) => ({ text, width, left: x - ctx.measureText(text).width / 2, right: x + ctx.measureText(text).width / 2 }));
    }, s.xAxis);
    assert.ok(under.length >= 2, `${label}: ${under.length} labels under the plot`);
    under.forEach((b, k) => {
      assert.ok(b.left >= 0 && b.right <= b.width, `${label}: "${b.text}" spans ${b.left} to ${b.right} px`);
      if (k > 0) assert.ok(b.left >= under[k - 1].right + 8, `${label}: "${under[k - 1].text}" and "${b.text}" apart`);
    });
    assert.ok(s.xAxis.labels.every((l) => l.value >= s.range.a0 && l.value <= s.range.a1), `${label}: the range's ticks`);
    // The titles carry the power of ten the labels leave out, and fit: the one at the top ends
    // before the colour bar's "SSR" (2-D) or the canvas's edge (1-D).
    const names = s.mode === '2d' ? [`↑ ${pair[1]}`, pair[0]] : ['SSR', pair[0]];
    [[s.titles.up, names[0], axis.power], [s.titles.across, names[1], s.xAxis.power]].forEach(([title, name, power]) => {
      const times = power === null ? '' : ` (× ${formatPower(power, false)})`;
      assert.ok(title.startsWith(name + times), `${label}: "${title}" for ${name}, power ${power}`);
    });
    const upRight = await page.evaluate(({ title, font }) => {
      const ctx = document.createElement('canvas').getContext('2d');
      ctx.font = font;
      return 4 + ctx.measureText(title).width;
    }, { title: s.titles.up, font: s.axis.font.replace(/^\d+/, '600') });
    const width = await page.evaluate(() => document.getElementById('landscape-canvas').clientWidth);
    assert.ok(upRight <= width - (s.mode === '2d' ? 40 : 4), `${label}: "${s.titles.up}" ends at ${upRight} of ${width} px`);
    return { s, widest: Math.max(...boxes.map((b) => b.right - b.left)) };
  };
  const twoD = await fits('2-D, diverged', ['w3', 'b3']);
  assert.ok(twoD.s.axis.power >= 150 && twoD.s.xAxis.power >= 150, `powers ${twoD.s.axis.power}, ${twoD.s.xAxis.power}`);
  assert.ok(twoD.widest < 42, `the widest label is ${twoD.widest} px`);
  await page.selectOption('#landscape-x', 'b3');
  await page.selectOption('#landscape-y', '');
  const oneD = await fits('1-D, diverged', ['b3']);
  assert.ok(oneD.s.axis.hi > 1e307, `the SSR axis reaches ${oneD.s.axis.hi}`);
  // The step the core refused: its preview has no dot, and the text says why.
  assert.equal(oneD.s.next.ssr, Infinity);
  assert.match(await page.locator('#landscape-step').textContent(), /With only b3 moved that far, the SSR overflows: no dot\.$/);
  // b3 at 2e8: the range fitted around it (Fit), 2e8 ± 10, has ticks 5 apart, the last at its
  // right end, labelled "200000010" (wider than twice the 1-D plot's 14 px right margin). (b3 is
  // frozen by hand, so that the range is not widened to hold the next step's preview, 6e9 away.)
  await page.locator('#freeze-6').check();
  assert.ok(await page.evaluate(() => backpropApp.setParams(backprop.getParams().with(6, 2e8))));
  await page.click('#landscape-fit');
  const end = await fits('1-D, a tick at the right end', ['b3']);
  assert.deepEqual([end.s.range.a0, end.s.range.a1], [2e8 - 10, 2e8 + 10]);
  // Parameters set far from 0: the fitted range is at least 1e-7 of their size across (a range of
  // ±1, as near 0, is finer than the doubles there: its ticks never ended, until the page threw).
  assert.ok(await page.evaluate(() => window.backpropLandscape.setPair(4, 6)));
  assert.ok(await page.evaluate(() => backpropApp.setParams(backprop.getParams().with(4, -3e150).with(6, 1e150))));
  const far = await fits('far from 0', ['w3', 'b3']);
  assert.ok(far.s.range.c1 - far.s.range.c0 >= 1e-7 * 1e150, `the range of b3: ${far.s.range.c0} to ${far.s.range.c1}`);
  assert.deepEqual(problems, []);
  await context.close();
});

function reEscape(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
