// first-frames.test.mjs: the first-frame harness of `make bench` (bench/first-frames.mjs), which
// make test does not otherwise run. Small pages in fixtures/first-frames/, opened from file://,
// draw, draw nothing, report an error, or draw on a first visit only. The harness must time what
// draws, pair the page's first visits with the reference's in turns, and give a reason instead of
// a time for what does not draw.
//
//   node --test tests/browser/first-frames.test.mjs
import assert from 'node:assert/strict';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';

import { firstFrames } from '../../bench/first-frames.mjs';
import { launchBrowser } from './helpers.mjs';

const fixture = (name) => pathToFileURL(fileURLToPath(new URL(`fixtures/first-frames/${name}.html`, import.meta.url))).href;
const TIMEOUT_MS = 1500; // for the pages that never draw (the bench waits 10 s)
let browser;

before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

// Stands in for the browser, recording each load as "page" or "reference" (by its URL) in order.
function recording(referenceUrl) {
  const order = [];
  const browserLike = {
    newContext: async (options) => {
      const context = await browser.newContext(options);
      context.on('page', (page) => page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame() && frame.url() !== 'about:blank')
          order.push(frame.url() === referenceUrl ? 'reference' : 'page');
      }));
      return context;
    },
  };
  return { browserLike, order };
}

const allTimed = (ms) => ms.length > 0 && ms.every((t) => Number.isFinite(t) && t > 0);

test('a page and a reference that draw: every load timed; the first visits in pairs, taking turns at going first', async () => {
  const referenceUrl = `${fixture('draws')}?reference`;
  const { browserLike, order } = recording(referenceUrl);
  const errors = [];
  const out = await firstFrames(browserLike, fixture('draws'), { loads: 3, warmLoads: 2, errors, referenceUrl, timeoutMs: TIMEOUT_MS });
  assert.equal(out.firstFrameReason, null);
  assert.equal(out.firstFrame.length, 3);
  assert.ok(allTimed(out.firstFrame), `first visits: ${out.firstFrame}`);
  assert.equal(out.loads.length, 3);
  out.loads.forEach((phases, i) => {
    assert.equal(phases.firstFrame, out.firstFrame[i], 'each load\'s phases are its own');
    assert.ok(phases.appBuilt > 0 && phases.appBuilt <= phases.firstFrame, `the app, then the frame (${phases.appBuilt}, ${phases.firstFrame})`);
  });
  assert.ok(Number.isFinite(out.coldLoad), 'the untimed first load is reported');
  assert.equal(out.warmReason, undefined);
  assert.equal(out.warm.length, 2);
  assert.ok(allTimed(out.warm.map((w) => w.ms)));
  assert.equal(out.reference.reason, null);
  assert.equal(out.reference.firstFrame.length, 3);
  assert.ok(allTimed(out.reference.firstFrame));
  assert.deepEqual(errors, []);
  assert.deepEqual(order, [
    'page', 'reference', // not timed: the first loads after the browser started
    'page', 'reference', 'reference', 'page', 'page', 'reference', // timed, in turns
    'page', 'page', 'page', // repeat visits in one tab, the first not timed
  ]);
});

test('a page that reports an error is still timed; its error is the page\'s', async () => {
  const errors = [];
  const out = await firstFrames(browser, fixture('throws'), { loads: 2, errors, timeoutMs: TIMEOUT_MS });
  assert.equal(out.firstFrame.length, 2);
  assert.ok(allTimed(out.firstFrame));
  assert.deepEqual(errors, Array(3).fill('a fixture error')); // the untimed load and two timed
  assert.equal(out.reference, undefined);
});

for (const [name, reason] of [
  ['throws', /^the floor page reported an error \(a fixture error\)$/],
  ['never', /^the floor page drew no frame within 1\.5 s$/],
]) {
  test(`a reference that ${name === 'throws' ? 'reports an error' : 'never draws'}: a reason, no times, not loaded again, and the page is timed`, async () => {
    const referenceUrl = fixture(name);
    const { browserLike, order } = recording(referenceUrl);
    const errors = [];
    const out = await firstFrames(browserLike, fixture('draws'), { loads: 3, errors, referenceUrl, timeoutMs: TIMEOUT_MS });
    assert.match(out.reference.reason, reason);
    assert.deepEqual(out.reference.firstFrame, []);
    assert.deepEqual(out.reference.errors, name === 'throws' ? ['a fixture error'] : []);
    assert.deepEqual(errors, [], 'the reference\'s errors are not the page\'s');
    assert.equal(order.filter((w) => w === 'reference').length, 1);
    assert.equal(order.filter((w) => w === 'page').length, 4);
    assert.equal(out.firstFrame.length, 3);
    assert.ok(allTimed(out.firstFrame));
    assert.equal(out.firstFrameReason, null);
  });
}

for (const [name, reason] of [
  ['never', /^the page never set window\.backpropApp within 1\.5 s$/],
  ['still', /^the page drew no animation frame within 1\.5 s$/],
]) {
  test(`a page that ${name === 'never' ? 'never has an app' : 'has an app but no animation frame'}: a reason and no times`, async () => {
    const out = await firstFrames(browser, fixture(name), { loads: 3, warmLoads: 2, errors: [], timeoutMs: TIMEOUT_MS });
    assert.match(out.firstFrameReason, reason);
    assert.deepEqual(out.firstFrame, []);
    assert.deepEqual(out.loads, []);
    assert.deepEqual(out.warm, []);
  });
}

test('a repeat visit that draws nothing: a reason for the repeat visits; the first visits are timed', async () => {
  const out = await firstFrames(browser, fixture('once'), { loads: 2, warmLoads: 2, errors: [], timeoutMs: TIMEOUT_MS });
  assert.equal(out.firstFrame.length, 2, 'each first visit is a new context, which has not seen the page');
  assert.ok(allTimed(out.firstFrame));
  assert.match(out.warmReason, /^a repeat load drew no frame within 1\.5 s$/);
  assert.deepEqual(out.warm, []);
});
