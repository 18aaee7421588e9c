// share.test.mjs: the state in the link, Copy link, JSON save/load and the PNG export, in headless
// Chromium; and 50+ malformed or hostile links, each of which must give a notice, the defaults,
// no console error and no injected element.
//
//   make all && node --test tests/browser/share.test.mjs
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';

import { ARTICLE_PARAMS, DOSAGE } from '../reference.mjs';
import { loadBackprop } from '../../web/backprop.js';
import { decodeHash, encodeHash, formatNumber, withForeignKeys } from '../../web/share.js';
import {
  canvasStats, frames, launchBrowser, openPage, readNet, referenceAtCells, ssrAtCells, startServer,
} from './helpers.mjs';
import { formatCount } from '../../web/format.js';
import { PRESETS } from '../../web/presets.js';

let server, browser, dir;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  dir = await mkdtemp(join(tmpdir(), 'backprop-share-'));
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

// Everything a link must restore, read through the facade (and the app for page settings).
function fullState(page) {
  return page.evaluate(() => ({
    params: backprop.getParams(), initial: backprop.getInitialParams(), data: backprop.getData(),
    frozen: backprop.getFrozen(), lr: backprop.getLearningRate(), hidden: backprop.getHidden(),
    activation: backprop.getActivation(), spf: backpropApp.snapshot().stepsPerFrame,
    seed: backpropApp.snapshot().seed, preset: backpropApp.snapshot().preset, steps: backprop.steps,
  }));
}

const DEFAULTS = {
  params: [...ARTICLE_PARAMS], initial: [...ARTICLE_PARAMS], data: { xs: [...DOSAGE.xs], ys: [...DOSAGE.ys] },
  frozen: new Array(7).fill(false), lr: 0.1, hidden: 2, activation: 'softplus', spf: 2, seed: null, preset: 'dosage', steps: 0,
};

const message = (page) => page.locator('#message').textContent();

// The defaults as share.js's state (for encodeHash).
const DEFAULTS_STATE = {
  preset: 'dosage', hidden: 2, activation: 'softplus', learningRate: 0.1, stepsPerFrame: 2, seed: null,
  data: { xs: [...DOSAGE.xs], ys: [...DOSAGE.ys] }, initialParams: [...ARTICLE_PARAMS], params: [...ARTICLE_PARAMS],
  frozen: new Array(7).fill(false), steps: 0,
};

// Change every part of the state through the page's own controls, then train a little.
async function changeEverything(page) {
  await page.fill('#hidden', '3');
  await page.press('#hidden', 'Enter');
  await page.selectOption('#activation', 'tanh');
  await page.fill('#seed', '42');
  await page.press('#seed', 'Enter');
  await page.fill('#lr', '0.0375');
  await page.press('#lr', 'Enter');
  await page.fill('#spf', '7');
  await page.press('#spf', 'Enter');
  await page.locator('#params input[type="checkbox"]').nth(4).check();
  // Data: add a point by clicking the fit chart.
  await page.locator('#fit-canvas').scrollIntoViewIfNeeded();
  await frames(page, 2);
  const p = await page.evaluate(() => {
    const t = backpropDataEditor.transform;
    return backpropDataEditor.toClient(t.x0 + 0.37 * (t.x1 - t.x0), t.y0 + 0.71 * (t.y1 - t.y0));
  });
  await page.mouse.click(p.x, p.y);
  for (let i = 0; i < 3; i++) await page.click('#step');
  await page.evaluate(() => backpropApp.play());
  await page.waitForFunction(() => backprop.steps >= 60);
  await page.evaluate(() => backpropApp.pause());
  await frames(page, 2);
}

test('numbers are written in their shortest round-trip form and read back bit for bit', () => {
  const tricky = [0, -0, 0.1, 1 / 3, -2.74, 5e-324, 1.7976931348623157e308, 1e21, 1e-7, 123456789.12345679, -1e-300];
  for (const x of tricky) {
    const text = formatNumber(x);
    assert.ok(!text.includes('+'), `${text}: no '+' (it would read as a space)`);
    assert.ok(Object.is(Number(text), x), `${x} -> ${text} -> ${Number(text)}`);
  }
  const state = {
    preset: 'vee', hidden: 2, activation: 'relu', learningRate: 1e-5, stepsPerFrame: 3, seed: 4294967295,
    data: { xs: [-0, 1e-300, 2], ys: [1e5, -3.25, 1 / 7] }, initialParams: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7],
    params: [1 / 3, -0, 5e-324, 1e200, -1e-200, 2 ** -30, Math.PI], frozen: [true, false, false, true, false, false, true],
  };
  const back = decodeHash(encodeHash(state), { activations: ['softplus', 'relu'] });
  assert.deepEqual(back.problems, []);
  assert.deepStrictEqual(back.state, state);
  assert.ok(Object.is(back.state.params[1], -0) && Object.is(back.state.data.xs[0], -0), 'negative zero survives');
  // The hash keeps keys that belong to other parts of the page, and drops malformed ones.
  assert.equal(withForeignKeys('#v=1&hidden=2', '#embed=1&lr=5&autoplay&%3Cb%3E=1&view=landscape'), '#v=1&hidden=2&embed=1&autoplay&view=landscape');
});

test('a link round-trips the exact state: data, parameters, initial parameters, frozen set and settings', async () => {
  const { page, context, problems } = await openPage(browser, server);
  await changeEverything(page);
  const state = await fullState(page);
  assert.equal(state.hidden, 3);
  assert.equal(state.data.xs.length, 4, 'a point was added');
  assert.equal(state.frozen.filter(Boolean).length, 1);
  assert.notDeepEqual(state.params, state.initial, 'trained away from the initial parameters');
  assert.equal(state.seed, 42);
  // The address bar catches up (throttled) with the state.
  await page.waitForFunction(() => location.hash === backpropApp.shareHash(), null, { timeout: 10000 });
  const url = await page.evaluate(() => location.href);
  assert.ok(url.length < 4000, `a short link (${url.length} characters)`);
  assert.deepEqual(problems, []);
  await context.close();

  assert.ok(state.steps >= 60);
  assert.match(url, new RegExp(`&step=${state.steps}(&|$)`));

  const opened = await openPage(browser, server, url.slice(server.url.length));
  assert.deepStrictEqual(await fullState(opened.page), state, 'the link restores every number exactly');
  assert.equal(await message(opened.page), '');
  // At its step count: the page says it, and the SSR curve starts there.
  assert.equal(await opened.page.locator('#steps').textContent(), formatCount(state.steps));
  assert.deepEqual(await opened.page.evaluate(() => [backpropApp.history.length, backpropApp.history.steps[0]]), [1, state.steps]);
  // And it keeps working: a step from the restored parameters counts on; Reset goes back to step 0.
  await opened.page.click('#step');
  assert.equal(await opened.page.evaluate(() => backprop.steps), state.steps + 1);
  await opened.page.click('#reset');
  assert.deepEqual(await opened.page.evaluate(() => [backprop.steps, backprop.getParams()]), [0, state.initial]);
  assert.deepEqual(opened.problems, []);
  await opened.context.close();
});

test('while playing the address bar is rewritten at most about once a second, and on pause', async () => {
  const { page, context, problems } = await openPage(browser, server);
  await page.evaluate(() => {
    window.__writes = 0;
    const replace = history.replaceState.bind(history);
    history.replaceState = (...args) => { window.__writes++; return replace(...args); };
    window.__t0 = performance.now();
    backpropApp.play();
  });
  await page.waitForFunction(() => backpropApp.frames >= 90);
  const { writes, elapsed, framesSeen } = await page.evaluate(() => {
    backpropApp.pause();
    return { writes: window.__writes, elapsed: performance.now() - window.__t0, framesSeen: backpropApp.frames };
  });
  assert.ok(writes <= Math.ceil(elapsed / 1000) + 1, `${writes} writes in ${elapsed.toFixed(0)} ms`);
  assert.ok(framesSeen >= 90 && writes >= 1, `${writes} writes for ${framesSeen} frames: kept up to date, not every frame`);
  await page.waitForFunction(() => location.hash === backpropApp.shareHash(), null, { timeout: 10000 });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the simple option keys still work, alone or with autoplay and embed flags kept', async () => {
  const net = await loadBackprop({ wasm: new URL('../../build/backprop.wasm', import.meta.url) });
  net.setActivation('tanh');
  net.setHidden(3);
  net.randomize(7);
  const seeded = net.getInitialParams();

  const { page, context, problems } = await openPage(browser, server, '#lr=0.05&spf=20&hidden=3&activation=tanh&seed=7');
  const s = await fullState(page);
  assert.deepEqual([s.lr, s.spf, s.hidden, s.activation, s.seed], [0.05, 20, 3, 'tanh', 7]);
  assert.deepEqual(s.initial, seeded, 'initial weights drawn from seed 7 (as the facade in Node draws them)');
  assert.equal(await message(page), '');
  // A change rewrites the hash with the whole state; the flags that are not state stay.
  await page.goto(`${server.url}?x=1#autoplay=0&embed=0&lr=0.05`);
  await page.waitForFunction(() => window.backpropApp);
  await page.click('#step');
  await page.waitForFunction(() => /[#&]v=1&/.test(location.hash), null, { timeout: 10000 });
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /&autoplay=0/);
  assert.match(hash, /&embed=0/);
  assert.match(hash, /&lr=0\.05&/);
  assert.deepEqual(problems, []);
  await context.close();
});

// ------------------------------------------------------------------ hostile links

// A small deterministic generator, so every run tries the same strings.
function* random(seed) {
  let s = seed >>> 0;
  for (;;) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    yield ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

function hostileHashes() {
  const big = (n) => '9'.repeat(n);
  const list = [
    // not numbers, or numbers out of range
    'lr=NaN', 'lr=Infinity', 'lr=-Infinity', 'lr=-1', 'lr=0', 'lr=1e999', 'lr=1e7', 'lr=0x10', 'lr=', 'lr=1,2',
    'hidden=0', 'hidden=9', 'hidden=2.5', `hidden=${big(400)}`, 'spf=0', 'spf=10001', 'spf=1.5', 'seed=-1',
    'seed=4294967296', 'seed=1.5', 'step=-1', 'step=1.5', 'step=1e16', 'step=NaN', 'step=', 'step=5',
    // wrong lengths and bad lists
    'xs=0,1&ys=0', 'xs=0,0.5,1', 'xs=&ys=', `xs=${Array(101).fill(0).join(',')}&ys=${Array(101).fill(1).join(',')}`,
    'xs=NaN&ys=1', 'xs=1e7&ys=0', 'xs=0,,1&ys=0,1,2', 'params=1,2,3', 'initial=1,2,3,4,5,6,7,8',
    'hidden=2&params=1e308,1e308,1e308,1e308,1e308,1e308,1e308', // finite numbers whose SSR overflows: the core refuses
    'frozen=2', 'frozen=101', 'frozen=1111111111', 'v=2', 'preset=nope', 'preset=__proto__', 'preset=constructor',
    // markup, script and attribute injection attempts
    '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>',
    'activation=<script>alert(1)</script>', 'activation=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E',
    'preset=<img src=x onerror=alert(1)>', 'v=<b>bold</b>', 'frozen=<i>',
    // unicode
    'activation=ß∂ƒ©', 'lr=１２', 'lr=٣', '%F0%9F%92%A5=1', 'activation=%E2%80%AEsoftplus', 'seed=%00',
    // huge strings
    `xs=${'1,'.repeat(50000)}1&ys=1`, `lr=${big(100000)}`, `${'a'.repeat(100000)}=1`,
    // broken escapes and JSON / base64 look-alikes
    'lr=%E0%A4%A', '%ZZ=1', '{"lr":1}', 'lr={"a":1}', 'params=eyJsciI6MX0=',
  ];
  // Random garbage in every state key: each value carries a character no valid value has.
  const rnd = random(20240630), chars = Array.from('<>"\'&;:/\\ ()[]{}%$@!~`|^*?é漢🙂\u202e0123456789.,-eE');
  const keys = ['v', 'preset', 'hidden', 'activation', 'lr', 'spf', 'seed', 'xs', 'ys', 'initial', 'params', 'frozen', 'step'];
  for (const key of keys) {
    let value = '@';
    for (let n = 1 + Math.floor(rnd.next().value * 30); n > 0; n--) value += chars[Math.floor(rnd.next().value * chars.length)];
    list.push(`${key}=${encodeURIComponent(value)}`);
  }
  return list;
}

test('50+ malformed or hostile links: a notice and the defaults, no console error, no injected element, Step still works', async () => {
  const hashes = hostileHashes();
  assert.ok(hashes.length >= 50, `${hashes.length} cases`);
  const { page, context, problems } = await openPage(browser, server);
  const baseline = await page.evaluate(() => document.querySelectorAll('img, script, iframe, object, embed, svg').length);
  for (let i = 0; i < hashes.length; i++) {
    const label = `case ${i}: #${hashes[i].slice(0, 60)}`;
    await page.goto(`${server.url}?case=${i}#${hashes[i]}`); // a new query: a real load, not a hash change
    await page.waitForFunction(() => window.backpropApp && window.backprop);
    await frames(page, 2);
    const text = await message(page);
    assert.match(text, /^The link could not be read: .+; showing the defaults\.$/s, label);
    assert.ok(text.length < 600, `${label}: the notice stays short (${text.length})`);
    assert.deepStrictEqual(await fullState(page), DEFAULTS, `${label}: the defaults`);
    const injected = await page.evaluate(() => ({
      count: document.querySelectorAll('img, script, iframe, object, embed, svg').length,
      handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length,
      markupInMessage: document.getElementById('message').children.length,
    }));
    assert.deepEqual(injected, { count: baseline, handlers: 0, markupInMessage: 0 }, `${label}: nothing injected`);
    await page.click('#step');
    assert.equal(await page.evaluate(() => backprop.steps), 1, `${label}: Step works`);
    assert.deepEqual(problems, [], label);
  }
  await context.close();
});

test('a bad hash typed into the address bar later changes nothing and says so; a good one applies', async () => {
  const { page, context, problems } = await openPage(browser, server);
  await page.click('#step');
  const before = await fullState(page);
  await page.evaluate(() => { location.hash = 'lr=oops'; });
  await page.waitForFunction(() => /could not be read/.test(document.getElementById('message').textContent));
  assert.match(await message(page), /nothing was changed\.$/);
  assert.deepStrictEqual(await fullState(page), before);
  await page.evaluate(() => { location.hash = 'lr=0.02&spf=5'; });
  await page.waitForFunction(() => backprop.getLearningRate() === 0.02);
  assert.equal((await fullState(page)).spf, 5);
  assert.equal(await message(page), '');
  assert.deepEqual(problems, []);
  await context.close();
});

// ------------------------------------------------------------------ copy, files, images

test('a link naming an example without its weights loads the example; one whose start is not the example\'s names none', async () => {
  const sine = PRESETS.find((p) => p.id === 'sine'), walk = PRESETS.find((p) => p.id === 'walk-b3');
  const open = async (hash) => {
    const opened = await openPage(browser, server, hash);
    await frames(opened.page, 2);
    const s = await fullState(opened.page);
    const shown = [await opened.page.inputValue('#preset'), await opened.page.locator('#seed-note').textContent(), await message(opened.page)];
    assert.deepEqual(opened.problems, []);
    await opened.context.close();
    return { s, shown };
  };
  // A short link: the example whole, with the link's own fields over it.
  let { s, shown } = await open('#preset=sine&lr=0.02');
  assert.deepEqual([s.preset, s.hidden, s.activation, s.lr, s.spf, s.data, s.initial, s.params, s.steps],
    ['sine', 3, 'tanh', 0.02, sine.stepsPerFrame, { xs: [...sine.data.xs], ys: [...sine.data.ys] }, [...sine.initialParams], [...sine.initialParams], 0]);
  assert.deepEqual(shown, ['sine', 'Initial weights: the example\u2019s', '']);
  ({ s, shown } = await open('#preset=walk-b3'));
  assert.deepEqual([s.preset, s.initial, s.frozen], ['walk-b3', [...walk.initialParams], Array.from(walk.frozen, (c) => c === '1')]);
  // Other hidden neurons or a seed: not the example's weights, so no example.
  ({ s, shown } = await open('#preset=dosage&hidden=3'));
  assert.deepEqual([s.preset, s.hidden, shown[0], shown[1]], [null, 3, '', 'Initial weights: the defaults']);
  ({ s, shown } = await open('#preset=dosage&seed=7'));
  assert.deepEqual([s.preset, s.seed, shown[0], shown[1]], [null, 7, '', 'Initial weights: seed 7']);
  // A full link that names an example but starts from other weights names none.
  const full = encodeHash({ ...DEFAULTS_STATE, preset: 'walk-b3' });
  ({ s, shown } = await open(full));
  assert.deepEqual([s.preset, s.initial, shown[0], shown[1]], [null, [...ARTICLE_PARAMS], '', 'Initial weights: the article\u2019s']);
});

test('Copy link puts the state link on the clipboard; without a clipboard it shows the link selected', async () => {
  const { page, context, problems } = await openPage(browser, server);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
  await page.selectOption('#preset', 'vee');
  await page.click('#step');
  await page.click('#copy-link');
  await page.waitForFunction(() => document.getElementById('share-status').textContent === 'Link copied.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const expected = await page.evaluate(() => location.href.replace(/#.*$/s, '') + backpropApp.shareHash());
  assert.equal(copied, expected);
  assert.equal(await page.isHidden('#share-url'), true);

  await page.evaluate(() => { navigator.clipboard.writeText = () => Promise.reject(new Error('denied')); });
  await page.click('#copy-link');
  await page.waitForSelector('#share-url', { state: 'visible' });
  const field = await page.evaluate(() => {
    const f = document.getElementById('share-url');
    return { value: f.value, readOnly: f.readOnly, focused: document.activeElement === f, start: f.selectionStart, end: f.selectionEnd };
  });
  assert.deepEqual(field, { value: expected, readOnly: true, focused: true, start: 0, end: expected.length });
  assert.equal(await page.locator('#share-status').textContent(), 'Copy the selected link (Ctrl+C, or ⌘C on a Mac).');
  assert.deepEqual(problems, []);
  await context.close();

  // On a phone, the same without keys.
  const phone = await openPage(browser, server, '', { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true });
  await phone.page.evaluate(() => { navigator.clipboard.writeText = () => Promise.reject(new Error('denied')); });
  await phone.page.click('#copy-link');
  await phone.page.waitForSelector('#share-url', { state: 'visible' });
  assert.equal(await phone.page.locator('#share-status').textContent(), 'Copy the selected link: long-press it, then Copy.');
  assert.deepEqual(phone.problems, []);
  await phone.context.close();

  const opened = await openPage(browser, server, copied.slice(server.url.length));
  const s = await fullState(opened.page);
  assert.equal(s.preset, 'vee');
  assert.equal(s.activation, 'relu');
  await opened.context.close();
});

test('Save state writes JSON that Load state restores exactly; bad files are refused with a message', async () => {
  const { page, context, problems } = await openPage(browser, server);
  await changeEverything(page);
  const state = await fullState(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save-json')]);
  assert.equal(download.suggestedFilename(), 'backprop-state.json');
  const file = join(dir, 'state.json');
  await download.saveAs(file);
  const doc = JSON.parse(await readFile(file, 'utf8'));
  assert.equal(doc.format, 'backprop-live-state');
  assert.equal(doc.version, 2, 'version 2: the state has its step count');
  assert.equal(doc.state.steps, state.steps);
  assert.deepEqual(doc.state.params, state.params);
  assert.deepEqual(doc.info.names, await page.evaluate(() => backprop.paramNames()));
  assert.deepEqual(problems, []);
  await context.close();

  const opened = await openPage(browser, server);
  const p = opened.page;
  // A note of an earlier action is not left beside a refusal ("Views saved as …" was).
  await p.evaluate(() => { document.getElementById('share-status').textContent = 'Views saved as backprop-views.png.'; });
  const bad = [
    ['not-json.json', '{"format": "backprop-live-state", '],
    ['other.json', '{"hello": 1}'],
    ['version.json', JSON.stringify({ ...doc, version: 99 })],
    ['hostile.json', JSON.stringify({ ...doc, state: { ...doc.state, activation: '<img src=x onerror=alert(1)>' } })],
    ['nan.json', JSON.stringify({ ...doc, state: { ...doc.state, learningRate: 'NaN' } })],
    ['length.json', JSON.stringify({ ...doc, state: { ...doc.state, params: [1, 2, 3] } })],
    ['extra.json', JSON.stringify({ ...doc, state: { ...doc.state, evil: true } })],
    ['steps-alone.json', JSON.stringify({ ...doc, state: { steps: 5000 } })], // a step count describes parameters
    ['proto.json', '{"format":"backprop-live-state","version":1,"state":{"__proto__":{"hidden":9}}}'],
    ['<img src=x onerror=alert(1)>.json', 'null'],
    ['huge.json', ' '.repeat(1.5 * 2 ** 20)],
  ];
  for (const [name, text] of bad) {
    await p.setInputFiles('#load-json', { name, mimeType: 'application/json', buffer: Buffer.from(text) });
    await p.waitForFunction((n) => document.getElementById('message').textContent.includes(n.slice(0, 12)), name, { timeout: 10000 });
    assert.match(await message(p), /^The file ".*" could not be read: .+\. Nothing was changed\.$/s, name);
    assert.equal(await p.locator('#share-status').textContent(), '', `${name}: no earlier note beside it`);
    assert.deepStrictEqual(await fullState(p), DEFAULTS, `${name}: nothing changed`);
    assert.equal(await p.evaluate(() => document.getElementById('message').children.length), 0);
    assert.equal(await p.evaluate(() => document.querySelectorAll('img').length), 0, `${name}: no image injected`);
  }
  await p.setInputFiles('#load-json', file);
  await p.waitForFunction(() => backprop.getHidden() === 3, null, { timeout: 10000 });
  await frames(p, 2);
  assert.deepStrictEqual(await fullState(p), state, 'the file restores every number exactly');
  assert.equal(await message(p), '', 'a good file clears the message');
  assert.match(await p.locator('#share-status').textContent(), /Loaded "state\.json"/);
  // A file of version 1 (before the step count was saved) still loads, at step 0.
  const { steps, ...older } = doc.state;
  await p.setInputFiles('#load-json', { name: 'v1.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ ...doc, version: 1, state: older })) });
  await p.waitForFunction(() => /Loaded "v1\.json"/.test(document.getElementById('share-status').textContent), null, { timeout: 10000 });
  assert.ok(steps > 0);
  assert.deepStrictEqual(await fullState(p), { ...state, steps: 0 }, 'version 1: the same state at step 0');
  assert.deepEqual(opened.problems, []);
  await opened.context.close();
});

test('Save images downloads one PNG with every view', async () => {
  const { page, context, problems } = await openPage(browser, server, '', { viewport: { width: 1280, height: 800 }, deviceScaleFactor: 2 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save-png')]);
  assert.equal(download.suggestedFilename(), 'backprop-views.png');
  const bytes = await readFile(await download.path());
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(bytes.toString('latin1', 12, 16), 'IHDR');
  const width = bytes.readUInt32BE(16), height = bytes.readUInt32BE(20);
  const sizes = await page.evaluate(() => [...document.querySelectorAll('.panels canvas')]
    .filter((c) => c.getClientRects().length > 0).map((c) => [c.width, c.height]));
  assert.ok(sizes.length >= 3, 'network, fit and loss at least');
  const widest = Math.max(...sizes.map(([w]) => w));
  assert.ok(width >= 2 * widest, `two views per row at device pixels: ${width} px wide for views up to ${widest}`);
  const rowsTall = sizes.reduce((sum, [, h], i) => (i % 2 === 0 ? sum + h : sum), 0);
  assert.ok(height >= rowsTall, `every row fits: ${height} px tall`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Save images brings the loss landscape up to date first, even when it was never on screen', async () => {
  const { page, context, problems } = await openPage(browser, server, '', { viewport: { width: 1280, height: 800 } });
  await frames(page, 3);
  const before = await page.evaluate(() => { const s = backpropLandscape.state(); return { onScreen: s.onScreen, grids: s.gridCount }; });
  assert.equal(before.onScreen, false, 'the map starts below the fold');
  assert.equal(before.grids, 0, 'off screen it has computed nothing');
  const blank = (await canvasStats(page, ['landscape-canvas']))['landscape-canvas'];
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save-png')]);
  assert.equal(download.suggestedFilename(), 'backprop-views.png');
  const after = await page.evaluate(() => backpropLandscape.state());
  assert.equal(after.onScreen, false, 'still below the fold');
  assert.ok(after.gridCount >= 1 && after.grid.fresh, 'a grid for the current parameters was computed for the image');
  const g = after.grid, cells = [[0, 0], [37, 5], [g.nx - 1, g.ny - 1]], net = await readNet(page);
  assert.deepEqual(g.params, net.params, 'the grid is at the current parameters');
  const viaNet = await ssrAtCells(page, g, g.i, g.j, cells), viaReference = referenceAtCells(net, g, g.i, g.j, cells);
  cells.forEach(([q, r], k) => {
    const cell = g.values[r * g.nx + q];
    assert.equal(cell, viaNet[k], `cell (${q}, ${r}) equals ssr() at its parameters`);
    assert.ok(Math.abs(cell - viaReference[k]) <= 1e-9 * Math.max(1, viaReference[k]), `cell (${q}, ${r}): ${cell}, reference ${viaReference[k]}`);
  });
  const painted = (await canvasStats(page, ['landscape-canvas']))['landscape-canvas'];
  assert.notEqual(painted.hash, blank.hash, 'the map was painted for the image');
  assert.ok(painted.painted > 0.5, `the heat map covers the canvas (${painted.painted})`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('Save images while training runs a grid that takes far longer: the landscape gives up after 3 s and the PNG still comes', async () => {
  const { page, context, problems } = await openPage(browser, server, '', { viewport: { width: 1280, height: 800 } });
  await frames(page, 3);
  // 1,024 points and 8 hidden neurons: a full 128 x 128 grid is about 134 million (point x neuron)
  // terms, over a second of core time, which training spreads over frames of at most 0.5 ms.
  const started = await page.evaluate(() => {
    const xs = Array.from({ length: 1024 }, (_, i) => i / 1023), ys = xs.map((x) => Math.sin(6 * x));
    backpropApp.setHidden(8);
    backpropApp.setData(xs, ys);
    backpropApp.setLearningRate(1e-4); // the SSR sums 1,024 residuals: 0.1 would diverge at once
    backpropLandscape.playBudget = Infinity; // keep the full grid (the view would make it coarser)
    backpropApp.play();
    return { grids: backpropLandscape.gridCount, points: backprop.getData().xs.length, hidden: backprop.getHidden() };
  });
  assert.deepEqual([started.points, started.hidden], [1024, 8]);
  // How long the export waited: from its request to the views (backprop:before-export) to the
  // composed image's encoding (toBlob), in the page; the PNG's encoding itself (about a second
  // for this tall image, more on a loaded machine) is not part of the wait.
  await page.evaluate(() => {
    const marks = (window.__exportMarks = {});
    document.addEventListener('backprop:before-export', () => { marks.asked = performance.now(); });
    const toBlob = HTMLCanvasElement.prototype.toBlob;
    HTMLCanvasElement.prototype.toBlob = function (...args) {
      marks.composed ??= performance.now();
      return toBlob.apply(this, args);
    };
  });
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.click('#save-png')]);
  const waited = await page.evaluate(() => window.__exportMarks.composed - window.__exportMarks.asked);
  const after = await page.evaluate(() => ({
    playing: backpropApp.snapshot().playing, grids: backpropLandscape.gridCount, computing: backpropLandscape.state().computing,
  }));
  await page.evaluate(() => backpropApp.pause());
  assert.equal(download.suggestedFilename(), 'backprop-views.png');
  assert.ok(waited >= 2900, `the export waited for the landscape up to its cap (${waited.toFixed(0)} ms)`);
  assert.ok(waited < 6000, `and then went ahead without it (${waited.toFixed(0)} ms)`);
  assert.equal(after.playing, true, 'training ran on throughout');
  assert.equal(after.grids, started.grids, 'no grid finished meanwhile: the cap is what ended the wait');
  assert.equal(after.computing, true, 'the grid is still under way');
  const bytes = await readFile(await download.path());
  assert.deepEqual([...bytes.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], 'a PNG');
  assert.deepEqual(problems, []);
  await context.close();
});
