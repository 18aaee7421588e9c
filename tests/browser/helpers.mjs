// helpers.mjs: shared tools for the browser tests: start the project's own static server on a free
// port (reading its URL from stdout), launch the system Chromium through playwright-core, open a
// page that records every console warning/error, page error, failed response and request that
// leaves the page's origin, and read canvases' pixels.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { ReferenceNet, ssr as referenceSsr } from '../reference.mjs';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SITE = `${ROOT}build/web`;

/** Start build-scripts/serve.mjs on port 0; resolves to {url, close()}. */
export async function startServer() {
  if (!existsSync(`${SITE}/index.html`) || !existsSync(`${SITE}/backprop.wasm`))
    throw new Error('build/web is not built: run `make all` first');
  const child = spawn(process.execPath, ['build-scripts/serve.mjs', '--root', 'build/web', '--port', '0'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 10000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /(http:\/\/\S+\/)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.stderr.on('data', (d) => { out += d; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${out}`)); });
  });
  return {
    url,
    close: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill();
    }),
  };
}

/** The system Chromium, headless (no browser download). */
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run'],
  });
}

/**
 * Open `path` on the server in a fresh context; `problems` collects console warnings and errors,
 * uncaught page errors, HTTP errors and any request outside the server's origin. `init`, if given,
 * runs in the page before its own scripts (context.addInitScript).
 */
export async function openPage(browser, server, path = '', contextOptions = {}, init = null) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...contextOptions });
  await context.addInitScript(`window.testCanvasCopy = ${canvasCopy};`);
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  const origin = new URL(server.url).origin;
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith('data:') && new URL(u).origin !== origin) problems.push(`request outside origin: ${u}`);
  });
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  await page.goto(server.url + path);
  await pageReady(page);
  return { page, context, problems };
}

/**
 * Wait until the page is fully built: the core and the App, then main.js's second stage (the
 * views it imports after the first frame), each drawn; then two more frames.
 */
export async function pageReady(page) {
  await page.waitForFunction(() => window.backpropApp && window.backprop);
  if (!(await page.evaluate(() => window.backpropReady))) throw new Error('the page did not finish building (backpropReady is false)');
  await frames(page, 2);
}

/** Run the page's garbage collector (through the devtools protocol) until `done(arg)`, evaluated in
    the page, holds: at most 10 times, two frames apart (finalizers run after a collection). */
export async function collectGarbageUntil(page, context, done, arg) {
  const cdp = await context.newCDPSession(page);
  for (let k = 0; k < 10 && !(await page.evaluate(done, arg)); k++) {
    await cdp.send('HeapProfiler.collectGarbage');
    await frames(page, 2);
  }
  await cdp.detach();
}

/** Wait for n animation frames in the page. */
export function frames(page, n = 1) {
  return page.evaluate((count) => new Promise((resolve) => {
    const next = (k) => (k === 0 ? resolve() : requestAnimationFrame(() => next(k - 1)));
    next(count);
  }), n);
}

/**
 * In the page of openPage, as window.testCanvasCopy(canvas): a 2-D context of a scratch copy of the
 * canvas, to read its pixels from, so that the page's canvas is never read back itself. (Its source
 * is put in the page: it uses nothing from here.)
 */
function canvasCopy(c) {
  const copy = document.createElement('canvas');
  copy.width = c.width;
  copy.height = c.height;
  const ctx = copy.getContext('2d', { willReadFrequently: true });
  ctx.drawImage(c, 0, 0);
  return ctx;
}

/** Per canvas id: {painted: fraction of pixels not transparent, hash: a checksum of all pixels}. */
export function canvasStats(page, ids) {
  return page.evaluate((list) => Object.fromEntries(list.map((id) => {
    const c = document.getElementById(id);
    const data = window.testCanvasCopy(c).getImageData(0, 0, c.width, c.height).data;
    let painted = 0, hash = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] !== 0) painted++;
      hash = (hash * 31 + data[i] + 7 * data[i + 1] + 13 * data[i + 2] + 17 * data[i + 3]) >>> 0;
    }
    return [id, { painted: painted / (data.length / 4), hash, width: c.width, height: c.height,
      cssWidth: c.clientWidth, cssHeight: c.clientHeight }];
  })), ids);
}

/** Press a key with the focus on the page body (not in a field). */
export async function pressOnBody(page, key) {
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press(key);
}

/** The project's server and one Chromium, for a test file's before() hook. */
export async function startSuite() {
  return { server: await startServer(), browser: await launchBrowser() };
}

/** Close what startSuite opened (either may be missing if before() failed). */
export async function endSuite({ server, browser }) {
  await browser?.close();
  await server?.close();
}

/** The page's net as the facade reports it (the whole state a test may build a reference from). */
export function readNet(page) {
  return page.evaluate(() => ({
    params: backprop.getParams(), initial: backprop.getInitialParams(), frozen: backprop.getFrozen(),
    gradients: backprop.getGradients(), lr: backprop.getLearningRate(), hidden: backprop.getHidden(),
    activation: backprop.getActivation(), data: backprop.getData(), steps: backprop.steps,
    ssr: backprop.ssr(), names: backprop.paramNames(),
  }));
}

/** tests/reference.mjs's independent net for a state read by readNet (other parameters if given). */
export function reference(state, params = state.params) {
  return new ReferenceNet({
    hidden: state.hidden, activation: state.activation, learningRate: state.lr, xs: state.data.xs,
    ys: state.data.ys, params, frozen: state.frozen,
  });
}

/** A number as the page writes it ("−0.1130", "1,234", "−2.157 × 10⁻²⁰") read back. */
export function readShown(text) {
  const sup = '⁻⁰¹²³⁴⁵⁶⁷⁸⁹', plain = text.replace(/\u2212/g, '-').replace(/,/g, '')
    .replace(/[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]/g, (c) => '-0123456789'[sup.indexOf(c)]);
  const m = /^(-?[\d.]+)(?: × 10(-?\d+))?$/.exec(plain);
  if (!m) throw new Error(`not a number as the page writes one: "${text}"`);
  return Number(m[1]) * 10 ** Number(m[2] ?? 0);
}

/** A gradient as the table shows it ("0.7609", or "−2.157 × 10⁻⁵" when small) agrees with `expected`:
    to its 4 decimals, or in scientific notation to its 4 significant digits. */
export function assertShownGradient(text, expected, label) {
  const v = readShown(text), tol = text.includes('×') ? 5e-4 * Math.abs(expected) : 5e-5;
  if (!(Math.abs(v - expected) <= tol)) throw new Error(`${label}: shown ${text}, reference ${expected}`);
}

/** Every entry of actual within rel (relative, absolute below 1) of expected. */
export function assertClose(actual, expected, rel, label) {
  if (actual.length !== expected.length) throw new Error(`${label}: length ${actual.length}, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const tol = rel * Math.max(1, Math.abs(expected[i]));
    if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
      throw new Error(`${label}[${i}]: page ${actual[i]}, reference ${expected[i]}`);
    }
  }
}

// The sample q of m from lo to hi along a grid's axis, as src/backprop.h documents (the last one
// exactly hi).
const sampleAt = (lo, hi, q, m) => (q === m - 1 ? hi : lo + (hi - lo) * (q / (m - 1)));

/** The SSR tests/reference.mjs gives at grid cells [q, r] of a landscape grid g (state().grid) over
    parameters i and j, the others at g.params, for the net `state` (readNet's) describes. */
export function referenceAtCells(state, g, i, j, cells) {
  return cells.map(([q, r]) => {
    const p = g.params.slice();
    p[i] = sampleAt(g.a0, g.a1, q, g.nx);
    if (j >= 0) p[j] = sampleAt(g.c0, g.c1, r, g.ny);
    return referenceSsr(state.hidden, state.activation, p, state.data.xs, state.data.ys);
  });
}

/** The SSR the page's own net gives at grid cells [q, r] of a landscape grid g (state().grid) over
    parameters i and j, each set from g.params as src/backprop.h documents the samples; the net's
    parameters are restored after. */
export function ssrAtCells(page, g, i, j, cells) {
  return page.evaluate(({ cells, params, i, j, a0, a1, c0, c1, nx, ny }) => {
    const at = (lo, hi, q, m) => (q === m - 1 ? hi : lo + (hi - lo) * (q / (m - 1)));
    const base = backprop.getParams(), out = [];
    for (const [q, r] of cells) {
      const p = params.slice();
      p[i] = at(a0, a1, q, nx);
      if (j >= 0) p[j] = at(c0, c1, r, ny);
      backprop.setParams(p);
      out.push(backprop.ssr());
    }
    backprop.setParams(base);
    return out;
  }, { cells, ...g, i, j });
}
