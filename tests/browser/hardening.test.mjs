// hardening.test.mjs: the page under abuse, in headless Chromium.
//   1. 200 malformed or hostile URL hashes (most applied to ONE page through hashchange, a few as
//      fresh loads): each bad one gives a visible notice and changes nothing, each good one applies;
//      the page keeps working (Step, finite parameters), with no console error, no page error, no
//      dialog and no injected element.
//   2. A soak: playing at 10000 steps per frame while a setting changes every second; WebAssembly
//      memory stays constant, the JS heap (after gc) does not grow beyond noise, frame times stay
//      steady (a generous steadiness check, not a speed target). SOAK_SECONDS overrides the
//      default 120 s.
//   3. Recovery: after a divergence, a refused field value or a malformed hash, Reset gives a
//      working page again, and the learner's data points survive every error.
//
//   make all && node --test tests/browser/hardening.test.mjs
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { chromium } from 'playwright-core';

import { endSuite, frames, openPage, startSuite } from './helpers.mjs';

const SOAK_SECONDS = Number(process.env.SOAK_SECONDS ?? 120);
// A sample every 10 s (more often for a short soak, so there are always at least two).
const SAMPLE_EVERY = Math.max(1, Math.min(10, Math.floor(SOAK_SECONDS / 2)));

let server, browser;

before(async () => ({ server, browser } = await startSuite()));
after(() => endSuite({ server, browser }));

// ------------------------------------------------------------------ helpers

// A small deterministic generator (mulberry32), so every run tries the same strings.
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Everything a hash may change, read from the facade and the app. */
function fullState(page) {
  return page.evaluate(() => ({
    params: backprop.getParams(), initial: backprop.getInitialParams(), data: backprop.getData(),
    frozen: backprop.getFrozen(), lr: backprop.getLearningRate(), hidden: backprop.getHidden(),
    activation: backprop.getActivation(), spf: backpropApp.snapshot().stepsPerFrame,
  }));
}

/** What a hostile string might have added to the page. */
function injected(page) {
  return page.evaluate(() => ({
    elements: document.querySelectorAll('img, script, iframe, object, embed, svg, frame, base, meta[http-equiv]').length,
    handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length,
    javascriptUrls: [...document.querySelectorAll('[href], [src], [action]')]
      .filter((e) => /^\s*javascript:/i.test(e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action'))).length,
    markupInMessage: document.getElementById('message').children.length,
    alerted: window.__alerted ?? 0,
  }));
}

/** Click Step and check one step was taken to finite parameters. */
async function stepWorks(page, label) {
  const before = await page.evaluate(() => backprop.steps);
  await page.click('#step');
  const after = await page.evaluate(() => ({ steps: backprop.steps, params: backprop.getParams(), ssr: backprop.ssr() }));
  assert.equal(after.steps, before + 1, `${label}: Step takes one step`);
  assert.ok(after.params.every(Number.isFinite) && Number.isFinite(after.ssr), `${label}: finite parameters and SSR`);
}

const message = (page) => page.locator('#message').textContent();

// ------------------------------------------------------------------ 1. hostile hashes

const NUMERIC_JUNK = ['1e400', '-1e400', 'NaN', 'Infinity', '-Infinity', '', '0x1f', '1_000', '%201', '1..2', '%E2%88%9E'];

/**
 * The cases: [hash without '#', expect] with expect 'bad' (a notice, nothing changed), 'ok' (applied,
 * no notice) or 'any' (either, as long as the page keeps working).
 */
function hostileHashes() {
  const cases = [];
  const bad = (h) => cases.push([h, 'bad']);
  const ok = (h, want) => cases.push([h, 'ok', want]);
  const any = (h) => cases.push([h, 'any']);
  const ones = (n) => Array(n).fill(1).join(',');

  // Numbers that are not numbers, too large, or out of range, for every numeric key.
  for (const key of ['lr', 'spf', 'hidden', 'seed']) for (const v of NUMERIC_JUNK) bad(`${key}=${v}`);
  for (const key of ['lr', 'spf', 'hidden']) bad(`${key}=-0`);
  any('seed=-0'); // a whole number >= 0 (the seed 0)
  for (const v of ['0', '9', '2.5', '-1', '8.0000001', '1e1', '100000000000000000000']) bad(`hidden=${v}`);
  for (const v of ['0', '-1', '1e7', '1000000.0001', '-1e-300', '5e-324e1']) bad(`lr=${v}`);
  for (const v of ['0', '1e9', '10001', '2.5', '-5', '1e4.5']) bad(`spf=${v}`);
  for (const v of ['-1', '4294967296', '0.5', '1e10']) bad(`seed=${v}`);
  ok('lr=0.05&spf=10000&hidden=3&seed=7', { lr: 0.05, spf: 10000, hidden: 3 });
  ok('lr=1e-9', { lr: 1e-9 });
  ok('hidden=8', { hidden: 8 });

  // Unknown or hostile activation and preset names.
  for (const v of ['foo', 'Softplus', 'relu%20', 'constructor', '__proto__', 'toString', 'hasOwnProperty',
    '%3Cscript%3Ealert(1)%3C%2Fscript%3E', 'javascript:alert(1)', 'relu%00', '%EF%BD%92%EF%BD%85%EF%BD%8C%EF%BD%95',
    'tan%C4%A7', '']) bad(`activation=${v}`);
  ok('activation=tanh', { activation: 'tanh' });
  for (const v of ['nope', '__proto__', 'constructor', '%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', 'javascript:alert(1)'])
    bad(`preset=${v}`);

  // Lists of the wrong length (3H + 1 is never 2, 5, 8, 12, 26 or more), empty, or junk.
  for (const key of ['params', 'initial']) {
    for (const n of [2, 5, 8, 12, 26]) bad(`${key}=${ones(n)}`);
    bad(`${key}=`);
    bad(`${key}=1,,1,1,1,1,1`);
    bad(`${key}=1e400,0,0,0,0,0,0`);
    bad(`${key}=NaN,0,0,0,0,0,0`);
    bad(`hidden=2&${key}=Infinity,0,0,0,0,0,0`);
  }
  for (const f of ['', '00', '000000', '00000000', '2', 'true', '0000001x', '0%2C0%2C0']) bad(`frozen=${f}`);
  bad('hidden=2&frozen=11111111');
  ok('hidden=2&frozen=0000001', { frozen: [false, false, false, false, false, false, true] });

  // Data: mismatched, alone, empty, too many points, too large values.
  bad('xs=0,1&ys=0');
  bad('xs=0,0.5,1');
  bad('ys=0,1,0');
  bad('xs=&ys=');
  bad(`xs=${Array.from({ length: 101 }, (_, i) => i / 100).join(',')}&ys=${ones(101)}`);
  bad(`xs=${Array.from({ length: 150 }, (_, i) => i).join(',')}&ys=${ones(150)}`);
  bad('xs=1e7&ys=0');
  bad('xs=0&ys=-1000000.5');
  bad('xs=NaN,1&ys=0,1');
  bad('xs=1e400&ys=1');
  bad('xs=0,1&ys=0,1&xs=0,1,2');
  const xs100 = Array.from({ length: 100 }, (_, i) => i / 100), ys100 = Array.from({ length: 100 }, (_, i) => (i % 7) / 7);
  ok(`xs=${xs100.join(',')}&ys=${ys100.join(',')}`, { data: { xs: xs100, ys: ys100 } });
  ok('xs=-0,1&ys=0,-0', { data: { xs: [-0, 1], ys: [0, -0] } });

  // Finite numbers the core refuses (the SSR overflows).
  bad('hidden=2&params=1e308,1e308,1e308,1e308,1e308,1e308,1e308');
  bad('hidden=2&initial=1e200,1e200,1e200,1e200,1e200,1e200,1e200');

  // Markup, script and URL injection, as keys and as values.
  for (const m of ['<img src=x onerror=alert(1)>', '<script>alert(1)</script>', '"><svg onload=alert(1)>',
    "'><iframe src=javascript:alert(1)>", 'javascript:alert(document.domain)', '<b>bold</b>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>']) {
    bad(m);
    bad(encodeURIComponent(m));
    for (const key of ['lr', 'frozen']) bad(`${key}=${encodeURIComponent(m)}`);
  }

  // Deep percent-encoding: a key with '=' inside, and values that only decode once.
  let deep = 'lr=0.1';
  for (let k = 1; k <= 5; k++) { deep = encodeURIComponent(deep); bad(deep); }
  let deepValue = '<img src=x onerror=alert(1)>';
  for (let k = 1; k <= 5; k++) { deepValue = encodeURIComponent(deepValue); bad(`activation=${deepValue}`); }
  bad('lr=%2530.1');
  bad('lr=%E0%A4%A');
  bad('%ZZ=1');

  // Unicode: other digits, bidi controls, astral characters, lone surrogates.
  for (const v of ['%EF%BC%91', '%D9%A3', '0.1%E2%80%AE', '%F0%9F%99%82', '%ED%A0%80', '1%C2%A0', '%E2%81%BB1'])
    bad(`lr=${v}`);
  bad('%F0%9F%92%A5=1');
  bad('%C3%A9t%C3%A9=1');
  bad('activation=%E2%80%AEsoftplus');

  // Repeated keys: the last one counts.
  bad('lr=0.5&lr=NaN');
  ok('lr=NaN&lr=0.5', { lr: 0.5 });
  bad('hidden=3&hidden=9');
  bad('v=1&v=2');
  ok('v=2&v=1', {});

  // About 1 MB each.
  const MB = 1 << 20;
  bad(`lr=${'9'.repeat(MB)}`);
  bad(`xs=${'0,'.repeat(MB / 2)}0&ys=0`);
  bad('a'.repeat(MB));
  bad('%25'.repeat(MB / 3));
  bad(`activation=${'%3C'.repeat(MB / 3)}`);

  // Random garbage up to 200 cases: every value carries an '@', which no valid value has.
  const random = rng(20261127);
  const chars = Array.from('<>"\'&;:/\\ ()[]{}%$@!~`|^*?é漢🙂\u202e0123456789.,-eE=+#');
  const keys = ['v', 'preset', 'hidden', 'activation', 'lr', 'spf', 'seed', 'xs', 'ys', 'initial', 'params', 'frozen', 'step'];
  while (cases.length < 200) {
    let value = '@';
    for (let n = 1 + Math.floor(random() * 40); n > 0; n--) value += chars[Math.floor(random() * chars.length)];
    const key = keys[Math.floor(random() * keys.length)];
    bad(`${key}=${encodeURIComponent(value)}`);
  }
  return cases;
}

// Set location.hash in the page and wait for the page's hashchange handling and two frames. Returns
// false when the page's own throttled address-bar write replaced the hash before the hashchange
// event was handled (the page then ignores the event: the caller tries again).
function setHash(page, hash) {
  return page.evaluate((h) => new Promise((resolve) => {
    const previous = location.hash;
    location.hash = h;
    const set = location.hash;
    if (set === previous) return resolve(true);
    addEventListener('hashchange', () => {
      const seen = location.hash === set;
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(seen)));
    }, { once: true });
  }), hash);
}

async function checkCase(page, problems, baseline, [hash, expect], label, { restore }) {
  const text = await message(page);
  const visible = await page.locator('#message').isVisible();
  if (expect === 'bad') {
    assert.match(text, /^The link could not be read: .+; (nothing was changed|showing the defaults)\.$/s, `${label}: a notice`);
    assert.ok(visible, `${label}: the notice is visible`);
    assert.ok(text.length < 600, `${label}: the notice stays short (${text.length} characters)`);
  } else if (expect === 'ok') {
    assert.equal(text, '', `${label}: no notice for a good link`);
  }
  assert.deepEqual(await injected(page), baseline, `${label}: nothing injected`);
  await stepWorks(page, label);
  assert.deepEqual(problems, [], `${label}: no console error or page error`);
  if (expect !== 'bad' && restore) await restore();
}

test('200 malformed or hostile hashes: a notice for each bad one, nothing changed, nothing injected, Step still works', async () => {
  const cases = hostileHashes();
  assert.equal(cases.length, 200);
  assert.ok(cases.filter(([, e]) => e !== 'bad').length >= 8, 'some good ones too');
  assert.ok(cases.filter(([, e]) => e === 'bad').length >= 180, 'mostly bad ones');
  const { page, context, problems } = await openPage(browser, server);
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  await page.evaluate(() => {
    window.__alerted = 0;
    for (const name of ['alert', 'confirm', 'prompt']) window[name] = () => { window.__alerted++; };
  });
  const baseline = await injected(page);
  const defaults = await page.evaluate(() => backpropApp.state());
  // Back to the defaults after a good link changed them (a big learning rate would diverge later).
  const restore = () => page.evaluate((s) => backpropApp.applyState(s), defaults);
  let retries = 0;

  // A handful as fresh page loads: a new query makes it a real load, not a hash change.
  const fresh = [0, 45, 130, 150, 175, 199].filter((i) => cases[i][1] === 'bad');
  for (const i of fresh) {
    const label = `load ${i}: #${cases[i][0].slice(0, 60)}`;
    await page.goto(`${server.url}?load=${i}#${cases[i][0]}`);
    await page.waitForFunction(() => window.backpropApp && window.backprop);
    await frames(page, 2);
    assert.match(await message(page), /showing the defaults\.$/, label);
    const s = await page.evaluate(() => backpropApp.state());
    assert.deepStrictEqual({ ...s, seed: null }, { ...defaults, seed: null }, `${label}: the defaults`);
    await page.evaluate(() => {
      window.__alerted = 0;
      for (const name of ['alert', 'confirm', 'prompt']) window[name] = () => { window.__alerted++; };
    });
    await checkCase(page, problems, baseline, cases[i], label, {});
  }

  // The rest on one page, through hashchange.
  await page.goto(server.url);
  await page.waitForFunction(() => window.backpropApp && window.backprop);
  await page.evaluate(() => {
    window.__alerted = 0;
    for (const name of ['alert', 'confirm', 'prompt']) window[name] = () => { window.__alerted++; };
  });
  for (let i = 0; i < cases.length; i++) {
    const [hash, expect] = cases[i];
    const label = `case ${i} (${expect}): #${hash.slice(0, 60)}${hash.length > 60 ? '…' : ''}`;
    const before = await fullState(page);
    let seen = await setHash(page, hash);
    for (let tries = 0; !seen && tries < 3; tries++) {
      retries++;
      await setHash(page, 'x=1'); // a foreign key: no notice, nothing changed
      seen = await setHash(page, hash);
    }
    assert.ok(seen, `${label}: the page saw the hash change`);
    if (expect === 'bad') assert.deepStrictEqual(await fullState(page), before, `${label}: nothing changed`);
    if (expect === 'ok') {
      const now = await fullState(page), want = cases[i][2] ?? {};
      for (const key of Object.keys(want)) assert.deepStrictEqual(now[key], want[key], `${label}: ${key} applied`);
    }
    await checkCase(page, problems, baseline, cases[i], label, { restore });
  }
  if (retries) console.log(`# ${retries} hash change(s) raced the page's own address-bar write and were retried`);
  await context.close();
});

// A hand-edited hash must be read even when the page's throttled address-bar write (#writeHash)
// is due at the same moment (forced here by keeping the main thread busy until it is due, as a busy
// playing page does): the edit gets its notice, it is never silently replaced.
test('a hash edited while an address-bar write is due is still read', async () => {
  const { page, context, problems } = await openPage(browser, server);
  const seen = [];
  for (let k = 0; k < 4; k++) {
    await page.click('#step');
    await frames(page, 2);
    seen.push(await page.evaluate((k) => new Promise((resolve) => {
      const t = performance.now();
      while (performance.now() - t < 1200); // the throttled write (at most once a second) is now due
      location.hash = `lr=oops${k}`; // a new hash each time: setting the same hash fires no event
      setTimeout(() => requestAnimationFrame(() => resolve(document.getElementById('message').textContent)), 50);
    }), k));
  }
  for (const [k, text] of seen.entries()) assert.match(text, /could not be read/, `edit ${k}: a notice`);
  assert.deepEqual(problems, []);
  await context.close();
});

// ------------------------------------------------------------------ 2. soak

test(`soak: ${SOAK_SECONDS} s at 10000 steps per frame with a setting changed every second`, { timeout: (SOAK_SECONDS + 120) * 1000 }, async () => {
  // A browser of our own, with gc exposed and unquantized heap numbers.
  const soakBrowser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--no-first-run', '--js-flags=--expose-gc', '--enable-precise-memory-info'],
  });
  try {
    const { page, context, problems } = await openPage(soakBrowser, server);
    await page.fill('#spf', '10000');
    await page.press('#spf', 'Enter');
    assert.equal(await page.evaluate(() => backpropApp.snapshot().stepsPerFrame), 10000);
    await page.click('#play');
    assert.equal(await page.evaluate(() => backpropApp.playing), true);

    const sample = () => page.evaluate(() => {
      window.gc?.();
      const times = backpropApp.frameTimes().slice(-300).sort((a, b) => a - b);
      return {
        wasm: backprop.memoryBytes, heap: performance.memory?.usedJSHeapSize, gc: typeof window.gc === 'function',
        frames: backpropApp.frames, steps: backprop.steps, medianFrameMs: times.length ? times[times.length >> 1] : NaN,
      };
    });

    const changes = [
      async (k) => { await page.fill('#lr', String([0.1, 0.03, 0.01][k % 3])); await page.press('#lr', 'Enter'); },
      async (k) => { await page.selectOption('#activation', ['softplus', 'relu', 'sigmoid', 'tanh'][k % 4]); },
      async (k) => { await page.fill('#hidden', String(2 + (k % 3))); await page.press('#hidden', 'Enter'); },
      async (k) => { await page.fill('#seed', String(1000 + k)); await page.press('#seed', 'Enter'); },
    ];
    const samples = [];
    let stops = 0;
    const t0 = Date.now();
    for (let second = 1; second <= SOAK_SECONDS; second++) {
      await changes[(second - 1) % changes.length](Math.floor((second - 1) / changes.length));
      const wait = t0 + second * 1000 - Date.now();
      if (wait > 0) await page.waitForTimeout(wait);
      if (!(await page.evaluate(() => backpropApp.playing))) {
        // Training stopped (a divergence, which says so): note it and play on.
        stops++;
        await page.click('#reset');
        await page.click('#play');
      }
      if (second % SAMPLE_EVERY === 0) samples.push(await sample());
    }
    await page.click('#play'); // pause
    assert.ok(samples.length >= 2, `${samples.length} samples`);
    const first = samples[0], last = samples[samples.length - 1];
    console.log(`# soak ${SOAK_SECONDS} s: ${last.frames} frames, ${stops} stop(s); samples ${JSON.stringify(samples.map((s) => ({
      wasm: s.wasm, heapMB: +(s.heap / 2 ** 20).toFixed(2), frames: s.frames, medianFrameMs: +s.medianFrameMs.toFixed(2) })))}`);
    assert.ok(first.gc && Number.isFinite(first.heap), 'gc and performance.memory are available');
    for (let i = 1; i < samples.length; i++) {
      assert.ok(samples[i].frames > samples[i - 1].frames, `frames kept coming (sample ${i})`);
      assert.equal(samples[i].wasm, first.wasm, `WebAssembly memory stays ${first.wasm} bytes (sample ${i})`);
    }
    assert.ok(last.heap < first.heap * 1.5 + 5 * 2 ** 20,
      `JS heap after gc: ${(first.heap / 2 ** 20).toFixed(2)} MB -> ${(last.heap / 2 ** 20).toFixed(2)} MB`);
    assert.ok(last.medianFrameMs < 2 * first.medianFrameMs + 2,
      `median frame time ${first.medianFrameMs.toFixed(2)} ms -> ${last.medianFrameMs.toFixed(2)} ms`);
    assert.ok(stops <= SOAK_SECONDS / 10, `${stops} stops: the settings used train without diverging, mostly`);
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await soakBrowser.close();
  }
});

// ------------------------------------------------------------------ 3. recovery

const LEARNER_DATA = { xs: [-0.25, 0, 0.3, 0.55, 1, 1.4], ys: [0.1, 0, 0.8, 1.1, 0.05, -0.3] };

async function openWithData() {
  const opened = await openPage(browser, server);
  const { page } = opened;
  assert.equal(await page.evaluate(({ xs, ys }) => backpropApp.setData(xs, ys), LEARNER_DATA), true);
  await page.click('#step');
  assert.deepStrictEqual(await page.evaluate(() => backprop.getData()), LEARNER_DATA);
  return opened;
}

async function resetRecovers(page, label) {
  const data = await page.evaluate(() => backprop.getData());
  await page.click('#reset');
  await frames(page, 2);
  const s = await page.evaluate(() => ({ steps: backprop.steps, params: backprop.getParams(), initial: backprop.getInitialParams() }));
  assert.equal(s.steps, 0, `${label}: Reset goes back to step 0`);
  assert.deepStrictEqual(s.params, s.initial, `${label}: Reset goes back to the initial parameters`);
  assert.equal(await message(page), '', `${label}: Reset clears the message`);
  await stepWorks(page, `${label}, after Reset`);
  assert.deepStrictEqual(await page.evaluate(() => backprop.getData()), data, `${label}: the data survive Reset`);
}

test('divergence (learning rate 1000): the data survive, the parameters stay finite, Reset recovers', async () => {
  const { page, context, problems } = await openWithData();
  await page.fill('#lr', '1000');
  await page.press('#lr', 'Enter');
  assert.equal(await page.evaluate(() => backprop.getLearningRate()), 1000);
  await page.click('#play');
  await page.waitForFunction(() => !backpropApp.playing, null, { timeout: 20000 });
  assert.match(await message(page), /diverged/);
  assert.equal(await page.locator('#message').isVisible(), true);
  const s = await page.evaluate(() => ({ params: backprop.getParams(), ssr: backprop.ssr(), data: backprop.getData() }));
  assert.ok(s.params.every(Number.isFinite) && Number.isFinite(s.ssr), 'the last finite parameters are kept');
  assert.deepStrictEqual(s.data, LEARNER_DATA, 'the divergence did not touch the data');
  // The message's advice: lower the learning rate, then Reset.
  await page.fill('#lr', '0.01');
  await page.press('#lr', 'Enter');
  await resetRecovers(page, 'divergence');
  assert.deepStrictEqual(await page.evaluate(() => backprop.getData()), LEARNER_DATA);
  // Reset alone (learning rate still 1000) also starts again from the initial parameters.
  await page.fill('#lr', '1000');
  await page.press('#lr', 'Enter');
  await page.click('#play');
  await page.waitForFunction(() => !backpropApp.playing, null, { timeout: 20000 });
  assert.match(await message(page), /diverged/);
  await resetRecovers(page, 'divergence, Reset only');
  assert.deepStrictEqual(await page.evaluate(() => backprop.getData()), LEARNER_DATA);
  assert.deepEqual(problems, []);
  await context.close();
});

test('refused field values: a notice, nothing changed, the data kept, Reset recovers', async () => {
  const { page, context, problems } = await openWithData();
  const fields = [['#lr', 'abc'], ['#lr', '-1'], ['#lr', '1e7'], ['#hidden', '0'], ['#hidden', '9'], ['#spf', '0'],
    ['#spf', '20000'], ['#seed', '-5'], ['#seed', 'x<b>y</b>']];
  for (const [id, value] of fields) {
    const label = `${id} = ${value}`;
    const before = await fullState(page);
    await page.fill(id, value);
    await page.press(id, 'Enter');
    await frames(page, 2);
    const text = await message(page);
    assert.ok(text.length > 0 && (await page.locator('#message').isVisible()), `${label}: a visible notice (${text})`);
    assert.deepStrictEqual(await fullState(page), before, `${label}: nothing changed`);
    assert.equal(await page.evaluate(() => document.getElementById('message').children.length), 0);
    await resetRecovers(page, label);
    assert.deepStrictEqual(await page.evaluate(() => backprop.getData()), LEARNER_DATA, `${label}: the data kept`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('a malformed hash: a notice, the data kept, Reset recovers', async () => {
  const { page, context, problems } = await openWithData();
  for (const hash of ['lr=oops', 'xs=1,2&ys=1', 'xs=0&ys=1&hidden=99', '<img src=x onerror=alert(1)>']) {
    const label = `#${hash}`;
    assert.ok(await setHash(page, hash), `${label}: seen`);
    assert.match(await message(page), /could not be read/, label);
    assert.deepStrictEqual(await page.evaluate(() => backprop.getData()), LEARNER_DATA, `${label}: the data kept`);
    await resetRecovers(page, label);
    assert.deepStrictEqual(await page.evaluate(() => backprop.getData()), LEARNER_DATA, `${label}: the data kept`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});
