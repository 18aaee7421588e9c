// a11y.test.mjs: an automated accessibility audit of the page in the states a learner, a teacher or
// a blogger's reader meets, with axe-core (npm, test-only): every WCAG 2 A/AA rule axe checks, and
// its best practices, must find nothing. axe is added to each page as a script, so these contexts
// bypass the page's Content-Security-Policy (which allows only the site's own scripts); everything
// else is the page as served. What axe cannot judge (reading order, what a sentence means) the other
// tests check: the chain formula as a line of text, announcements, keyboard use.
//
// Found by it when it was added: the chain and ledger tables' scrolling boxes on a phone could not be
// reached from the keyboard, and the compact view had no heading at all.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { endSuite, frames, openPage, startSuite } from './helpers.mjs';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

let suite, browser, server;
before(async () => {
  suite = await startSuite();
  ({ browser, server } = suite);
});
after(() => endSuite(suite));

// Open `path`, wait for every part of the page, bring the parts drawn only on screen into it once.
async function open(path, options = {}) {
  const opened = await openPage(browser, server, path, { ...options, bypassCSP: true });
  assert.equal(await opened.page.evaluate(() => window.backpropReady), true, `${path}: the page is ready`);
  await opened.page.evaluate(async () => {
    for (const id of ['chain', 'ledger', 'landscape']) {
      const part = document.getElementById(id);
      if (!part || part.getClientRects().length === 0) continue;
      part.scrollIntoView();
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    }
    scrollTo(0, 0);
  });
  return opened;
}

// axe's violations on the page as it is now, one line each (rule, impact, the first elements).
async function audit(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ content: AXE });
  const found = await page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}; ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  return found;
}

test('the page: nothing found at 1280 px and on a phone, at the start and after a step', async () => {
  for (const [name, options] of [['1280 px', {}], ['phone', PHONE]]) {
    const { page, context, problems } = await open('', options);
    assert.deepEqual(await audit(page), [], `${name}, at the start`);
    await page.click('#step');
    await page.check('#check-gradients');
    await frames(page, 3);
    assert.deepEqual(await audit(page), [], `${name}, after a step, gradients checked`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test('messages, a divergence, walkthrough 1 and the 1-D landscape: nothing found', async () => {
  const { page, context, problems } = await open('', PHONE);
  await page.click('#settings > summary'); // (folded on a phone)
  await page.fill('#lr', 'abc');
  await page.press('#lr', 'Enter');
  await frames(page, 2);
  assert.match(await page.locator('#message').textContent(), /Nothing was changed/);
  assert.deepEqual(await audit(page), [], 'a refused value');
  await page.evaluate(() => {
    backpropApp.setLearningRate(1000);
    for (let k = 0; k < 500 && !backpropApp.snapshot().message?.training; k++) backpropApp.step();
  });
  await frames(page, 3);
  assert.match(await page.locator('#message').textContent(), /diverged/);
  assert.deepEqual(await audit(page), [], 'diverged');
  await page.selectOption('#preset', 'walk-b3');
  await page.click('#step');
  await frames(page, 3);
  assert.equal(await page.evaluate(() => window.backpropLandscape.state().mode), '1d');
  assert.deepEqual(await audit(page), [], 'walkthrough 1, the 1-D landscape');
  assert.deepEqual(problems, []);
  await context.close();
});

test('the Embed dialog, the compact view and the element\'s example page: nothing found', async () => {
  const full = await open('');
  await full.page.click('#embed-button');
  await full.page.waitForFunction(() => /this one does/.test(document.getElementById('embed-note').textContent));
  assert.deepEqual(await audit(full.page), [], 'the Embed dialog');
  assert.deepEqual(full.problems, []);
  await full.context.close();
  for (const viewport of [{ width: 640, height: 420 }, { width: 240, height: 300 }]) {
    const { page, context, problems } = await open('?embed=1', { viewport });
    assert.deepEqual(await audit(page), [], `the compact view at ${viewport.width} x ${viewport.height}`);
    assert.deepEqual(problems, []);
    await context.close();
  }
  // (not a page of the app: opened plainly, then each element waited for)
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, bypassCSP: true });
  const page = await context.newPage(), problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${server.url}demo.html`);
  await page.evaluate(() => Promise.all([...document.querySelectorAll('backprop-demo')].map((d) => d.ready)));
  await frames(page, 3);
  assert.deepEqual(await audit(page), [], 'demo.html with its <backprop-demo> elements');
  assert.deepEqual(problems, []);
  await context.close();
});
