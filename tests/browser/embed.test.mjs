// embed.test.mjs: the page inside other sites. The site (build/web) is served by the project's
// server; a second server, on another origin (127.0.0.1 instead of localhost, another port), serves
// host pages generated into build/embed-host/ under a strict policy of its own, like a blog:
// - the compact view in <iframe sandbox="allow-scripts"> (opaque origin: no storage, no
//   same-origin access) at 640x400 and 360x300: fits without scrolling, trains, links back;
// - the Embed dialog's snippet, pasted into a host page, works, and its link opens the full page;
// - <backprop-demo> elements loaded from the site's origin train independently.
// Numbers are checked against tests/reference.mjs; console errors and warnings of every frame
// and every CSP violation (reported by an init-script listener) fail a test.
//
//   make all && node --test tests/browser/embed.test.mjs
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { after, before, test } from 'node:test';

import { ReferenceNet } from '../reference.mjs';
import { formatCount, formatSSR } from '../../web/format.js';
import { embedUrl, escapeAttribute, fullPageUrl, iframeSnippet, settingsHash, withoutKeys } from '../../web/embed.js';
import { ROOT, collectGarbageUntil, frames, launchBrowser, startServer } from './helpers.mjs';

const HOST_DIR = `${ROOT}build/embed-host`;
let site, host, browser;

before(async () => {
  site = await startServer();
  host = await startHostServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await site?.close();
  await host?.close();
});

// ------------------------------------------------------------------ the host site

// What a careful blog would send: its own files, and from the demo's site only frames, module
// scripts and their fetches (backprop.wasm), plus WebAssembly compilation. No inline anything.
function hostPolicy() {
  const demo = new URL(site.url).origin;
  return `default-src 'none'; frame-src ${demo}; script-src ${demo} 'wasm-unsafe-eval'; connect-src ${demo}; ` +
    "style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";
}

// A static server for build/embed-host on 127.0.0.1 (another origin than the site's localhost).
async function startHostServer() {
  mkdirSync(HOST_DIR, { recursive: true });
  writeFileSync(join(HOST_DIR, 'host.css'), [
    'body { margin: 0; font: 16px/1.5 system-ui, sans-serif; }',
    'iframe { display: block; border: 0; }',
    '.article { max-width: 760px; margin: 0 auto; padding: 8px 16px; }',
    '.spacer { height: 3000px; }',
  ].join('\n'));
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^\/+/, '');
    let body;
    try {
      body = readFileSync(join(HOST_DIR, path || 'index.html'));
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('not found\n');
    }
    const type = extname(path) === '.css' ? 'text/css; charset=utf-8' : 'text/html; charset=utf-8';
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store', 'Content-Security-Policy': hostPolicy() });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Write a host page into build/embed-host and return its URL on the host server. */
function hostPage(name, body, title = name) {
  writeFileSync(join(HOST_DIR, name), `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>${title}</title>\n` +
    `<link rel="icon" href="data:,">\n<link rel="stylesheet" href="host.css">\n</head>\n<body>\n${body}\n</body>\n</html>\n`);
  return host.url + name;
}

/**
 * A fresh context and page that records, for the page and all its frames: console warnings and
 * errors, page errors, CSP violations, failed requests and any request to a third origin.
 */
async function openHost(url, contextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...contextOptions });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation in ${location.href}: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`);
    }, true);
  });
  const page = await context.newPage();
  const problems = [];
  watch(page, problems);
  await page.goto(url);
  return { page, context, problems };
}

function watch(page, problems) {
  const allowed = [new URL(site.url).origin, new URL(host.url).origin];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => { if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`); });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith('data:') && !allowed.includes(new URL(u).origin)) problems.push(`request to a third origin: ${u}`);
  });
}

/** The frame whose URL starts with `prefix`, once its page has booted. */
async function bootedFrame(page, prefix) {
  let frame;
  for (let i = 0; i < 200 && !frame; i++) {
    frame = page.frames().find((f) => f.url().startsWith(prefix));
    if (!frame) await page.waitForTimeout(50);
  }
  assert.ok(frame, `a frame at ${prefix}`);
  await frame.waitForFunction(() => window.backpropApp && window.backprop, null, { timeout: 30000 });
  await frame.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return frame;
}

const readNet = (target) => target.evaluate(() => ({
  params: backprop.getParams(), steps: backprop.steps, ssr: backprop.ssr(), lr: backprop.getLearningRate(),
  hidden: backprop.getHidden(), activation: backprop.getActivation(),
}));

// The parameters after `steps` steps from the article's start at learning rate lr, by the reference.
function assertTrainedLikeReference(state, label, options = {}) {
  const ref = new ReferenceNet({ learningRate: state.lr, ...options });
  assert.equal(ref.train(state.steps), state.steps, `${label}: the reference takes ${state.steps} steps too`);
  assert.equal(state.params.length, ref.params.length, `${label}: as many parameters as the reference`);
  state.params.forEach((p, j) => assert.ok(Math.abs(p - ref.params[j]) <= 1e-9 * Math.max(1, Math.abs(ref.params[j])),
    `${label}: parameter ${j} is ${p}, the reference's ${ref.params[j]}`));
  assert.ok(Math.abs(ref.ssr() - state.ssr) <= 1e-12 + 1e-9 * state.ssr, `${label}: SSR ${state.ssr} vs reference ${ref.ssr()}`);
  return ref;
}

// ------------------------------------------------------------------ URL helpers (no browser)

test('embed URLs: the flag is added or removed and everything else is kept; snippets escape', () => {
  assert.equal(withoutKeys('?embed=1&lr=0.5&autoplay', ['embed']), 'lr=0.5&autoplay');
  assert.equal(withoutKeys('#embed', ['embed']), '');
  assert.equal(withoutKeys('#%65mbed=1&x=1', ['embed']), 'x=1', 'an encoded key is still the key');
  assert.equal(fullPageUrl('https://a.example/bp/index.html?embed=1&lr=0.5&autoplay=1#embed&hidden=3', '#v=1&hidden=3&autoplay'),
    'https://a.example/bp/index.html?lr=0.5#v=1&hidden=3', 'no embed, no autoplay: the state, waiting for Play');
  assert.equal(fullPageUrl('https://a.example/bp/?embed=1', '#embed=1'), 'https://a.example/bp/');
  assert.equal(embedUrl('https://a.example/bp/index.html?lr=0.5#old', '#hidden=3&embed=0&autoplay=1'),
    'https://a.example/bp/index.html?lr=0.5&embed=1#hidden=3');
  assert.equal(embedUrl('https://a.example/bp/', '#lr=0.2', { autoplay: true }), 'https://a.example/bp/?embed=1&autoplay=1#lr=0.2');
  assert.equal(escapeAttribute('a&b"<c>'), 'a&amp;b&quot;&lt;c&gt;');
  const snippet = iframeSnippet('https://a.example/?embed=1#x=1&y="2"');
  assert.match(snippet, /^<iframe src="https:\/\/a\.example\/\?embed=1#x=1&amp;y=&quot;2&quot;" width="640" height="420" /);
  assert.match(snippet, / sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" /);
  assert.doesNotMatch(snippet, /allow-same-origin|style=/);
  assert.equal(settingsHash('#embed&lr=9&foo=bar', { learningRate: 0.05, stepsPerFrame: 3, hidden: 3, activation: 'tanh', seed: null }),
    '#embed&foo=bar&lr=0.05&spf=3&hidden=3&activation=tanh');
});

// ------------------------------------------------------------------ the sandboxed iframe

for (const [width, height] of [[640, 400], [360, 300]]) {
  test(`sandboxed iframe ${width}x${height} on another origin: opaque origin, fits, trains, links to the full page`, async () => {
    const src = `${site.url}index.html?embed=1`;
    const url = hostPage(`frame-${width}x${height}.html`, `<iframe id="demo" src="${src}" width="${width}" height="${height}" ` +
      'sandbox="allow-scripts" title="Backpropagation, live"></iframe>');
    const { page, context, problems } = await openHost(url, { viewport: { width: width + 40, height: height + 40 } });
    const frame = await bootedFrame(page, src);

    const env = await frame.evaluate(() => {
      let storage = 'available';
      try { localStorage.length; } catch (e) { storage = e.name; }
      return { origin: self.origin, storage, embed: document.documentElement.classList.contains('embed') };
    });
    assert.deepEqual(env, { origin: 'null', storage: 'SecurityError', embed: true }, 'a real sandbox, in embed mode');

    // Fits the frame: no scrolling; the fit and the SSR chart fill it, crisp; the full-page parts are gone.
    const layout = await frame.evaluate(() => {
      const rect = (id) => { const r = document.getElementById(id).getBoundingClientRect(); return { w: r.width, h: r.height, bottom: r.bottom, right: r.right }; };
      const c = (id) => document.getElementById(id);
      return {
        inner: [innerWidth, innerHeight], scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
        fit: rect('fit-canvas'), loss: rect('loss-canvas'), play: rect('play'), lr: rect('lr-slider'), link: rect('open-full'),
        backing: [c('fit-canvas').width, c('fit-canvas').clientWidth, c('loss-canvas').height, c('loss-canvas').clientHeight, devicePixelRatio],
        hidden: ['network-canvas', 'params', 'embed-button'].map((id) => c(id).getClientRects().length === 0),
      };
    });
    assert.deepEqual(layout.inner, [width, height]);
    assert.ok(layout.scroll[0] <= width && layout.scroll[1] <= height, `no scrolling: content ${layout.scroll}`);
    for (const name of ['fit', 'loss', 'play', 'lr', 'link']) {
      const r = layout[name];
      assert.ok(r.w > 0 && r.h > 0 && r.bottom <= height && r.right <= width, `${name} visible inside the frame: ${JSON.stringify(r)}`);
    }
    for (const name of ['fit', 'loss']) {
      assert.ok(layout[name].w >= 0.4 * width, `${name} canvas uses the width (${layout[name].w})`);
      assert.ok(layout[name].h >= 0.4 * height, `${name} canvas uses the height (${layout[name].h})`);
    }
    const [bw, cw, bh, ch, dpr] = layout.backing;
    assert.equal(bw, Math.round(cw * dpr), 'fit canvas backing store follows its size');
    assert.equal(bh, Math.round(ch * dpr), 'loss canvas backing store follows its size');
    assert.deepEqual(layout.hidden, [true, true, true], 'network, table and Embed button are not in the compact view');

    // Play inside the frame, then pause: the SSR went down, as the reference says.
    const inFrame = page.frameLocator('#demo');
    const before = await readNet(frame);
    const shownBefore = await inFrame.locator('#ssr').textContent();
    assert.equal(shownBefore, formatSSR(before.ssr));
    await inFrame.locator('#play').click();
    await frame.waitForFunction(() => backprop.steps >= 60, null, { timeout: 30000 });
    await inFrame.locator('#play').click();
    await frame.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const state = await readNet(frame);
    assert.ok(state.ssr < before.ssr, `SSR fell: ${before.ssr} -> ${state.ssr}`);
    assertTrainedLikeReference(state, 'in the frame');
    const shown = await inFrame.locator('#ssr').textContent();
    assert.equal(shown, formatSSR(state.ssr));
    assert.notEqual(shown, shownBefore);
    // ...and a screen reader hears the paused numbers (the status is kept in the compact view).
    await frame.waitForFunction(() => document.getElementById('announce').textContent !== '');
    assert.deepEqual(await frame.evaluate(() => [document.getElementById('announce').textContent, getComputedStyle(document.getElementById('announce')).display]),
      [`Step ${formatCount(state.steps)}, SSR ${formatSSR(state.ssr)}`, 'block']);

    // The link: the full page (no embed flag) with this state, in a new tab, without an opener.
    const link = await frame.evaluate(() => {
      const a = document.getElementById('open-full');
      a.dispatchEvent(new FocusEvent('focus')); // written when about to be used
      return { href: a.href, target: a.target, rel: a.rel, text: a.textContent, hash: backpropApp.shareHash?.() ?? null };
    });
    assert.equal(link.text, 'Open the full page ↗');
    assert.equal(link.target, '_blank');
    assert.match(link.rel, /\bnoopener\b/);
    const expected = new URL(`${site.url}index.html`);
    expected.hash = link.hash ?? '';
    assert.equal(link.href, link.hash === null ? link.href : expected.href);
    assert.equal(new URL(link.href).search, '', 'no embed flag');
    assert.doesNotMatch(new URL(link.href).hash, /(^#|&)autoplay(=|&|$)/);
    assert.doesNotMatch(new URL(link.href).hash, /(^#|&)embed(=|&|$)/);

    mkdirSync(`${ROOT}build`, { recursive: true });
    await page.screenshot({ path: `${ROOT}build/screenshot-embed-${width}x${height}.png` });

    // Diverged at the highest learning rate: the brief message, the rate whole in its field, and the
    // charts still with room; a curve off the chart is named inside the canvas.
    await frame.evaluate(() => {
      backpropApp.setLearningRate(1e6);
      for (let k = 0; k < 200 && !backpropApp.snapshot().message; k++) backpropApp.step();
    });
    await frame.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const diverged = await frame.evaluate(() => {
      const h = (id) => document.getElementById(id).getBoundingClientRect().height, lr = document.getElementById('lr');
      return { message: document.getElementById('message').textContent, lr: [lr.value, lr.scrollWidth <= lr.clientWidth],
        fit: h('fit-canvas'), loss: h('loss-canvas'), scroll: document.documentElement.scrollHeight };
    });
    assert.match(diverged.message, /^Training diverged at step \d+, so that step was not applied\. Lower the learning rate, then press Reset\.$/);
    assert.deepEqual(diverged.lr, ['1e+6', true], 'the rate fits its field');
    assert.ok(diverged.scroll <= height, `no scrolling: ${diverged.scroll}`);
    for (const name of ['fit', 'loss']) assert.ok(diverged[name] >= 0.3 * height, `${name} keeps room: ${diverged[name]} px`);
    await page.screenshot({ path: `${ROOT}build/screenshot-embed-${width}x${height}-diverged.png` });
    assert.deepEqual(problems, []);

    // The watch is not blind inside the sandboxed frame: a style="" attribute breaks the site's policy.
    await frame.evaluate(() => document.body.setAttribute('style', 'outline: 1px solid red'));
    await page.waitForTimeout(200);
    assert.ok(problems.some((p) => /CSP violation in http:\/\/localhost:\d+\/index\.html\?embed=1\S*: style-src/.test(p)), `seen: ${problems}`);
    await context.close();
  });
}

// The two charts side by side, or stacked where the room under the controls is taller than wide:
// a 300 x 300 frame (a blog's sidebar) stacked them by the window's shape, 282 x 71 px each.
test('the compact view in small and tall frames: no scrolling, and charts neither flat nor thin', async () => {
  for (const [width, height] of [[300, 300], [240, 300], [280, 260], [200, 400], [320, 480], [640, 420]]) {
    const { page, context, problems } = await openHost(`${site.url}index.html?embed=1`, { viewport: { width, height } });
    await page.waitForFunction(() => window.backpropApp?.snapshot);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const got = await page.evaluate(() => ({
      scroll: [document.documentElement.scrollWidth, document.documentElement.scrollHeight],
      charts: ['fit-canvas', 'loss-canvas'].map((id) => {
        const r = document.getElementById(id).getBoundingClientRect();
        return { w: r.width, h: r.height };
      }),
      // The controls, each as drawn (text to its ink: a link's box is its text's).
      controls: ['play', 'step', 'reset', 'ssr', 'lr-slider', 'lr', 'open-full'].map((id) => {
        const r = document.getElementById(id).getBoundingClientRect();
        return { id, left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      }),
    }));
    const where = `${width} x ${height}`;
    assert.ok(got.scroll[0] <= width && got.scroll[1] <= height, `${where}: no scrolling (${got.scroll})`);
    // No control over another (at 200 px the link was drawn across the learning rate's field).
    got.controls.forEach((a, k) => {
      assert.ok(a.left >= 0 && a.right <= width && a.right > a.left, `${where}: #${a.id} spans ${a.left} to ${a.right}`);
      for (const b of got.controls.slice(k + 1)) {
        const apart = a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top;
        assert.ok(apart, `${where}: #${a.id} (${a.left}-${a.right}, ${a.top}-${a.bottom}) and #${b.id} (${b.left}-${b.right}, ${b.top}-${b.bottom}) overlap`);
      }
    });
    for (const { w, h } of got.charts) {
      assert.ok(Math.min(w, h) >= 0.3 * Math.min(width, height), `${where}: a chart ${w} x ${h} px`);
      assert.ok(Math.max(w / h, h / w) <= 2.2, `${where}: a chart ${w} x ${h} px, elongated`);
    }
    assert.deepEqual(problems, []);
    await context.close();
  }
  // One frame resized (a blog's column narrowing): the layout follows each way.
  const { page, context, problems } = await openHost(`${site.url}index.html?embed=1`, { viewport: { width: 640, height: 420 } });
  await page.waitForFunction(() => window.backpropApp?.snapshot);
  for (const [width, height, stacked] of [[640, 420, false], [300, 560, true], [640, 420, false]]) {
    await page.setViewportSize({ width, height });
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const got = await page.evaluate(() => ({
      stacked: document.querySelector('.panels').classList.contains('stacked'),
      fit: document.getElementById('fit-canvas').getBoundingClientRect().toJSON(),
      loss: document.getElementById('loss-canvas').getBoundingClientRect().toJSON(),
    }));
    assert.equal(got.stacked, stacked, `${width} x ${height}`);
    assert.ok(stacked ? got.loss.top >= got.fit.bottom : got.loss.left >= got.fit.right, `${width} x ${height}: the fit ${stacked ? 'above' : 'beside'} the SSR curve`);
  }
  assert.deepEqual(problems, []);
  await context.close();
});

test('hash state applies in the frame, and the link opens the full page in that state', async () => {
  const src = `${site.url}index.html?embed=1#lr=0.05&hidden=3&activation=tanh`;
  const url = hostPage('frame-state.html', `<iframe id="demo" src="${src}" width="640" height="420" ` +
    'sandbox="allow-scripts" title="Backpropagation, live"></iframe>');
  const { page, context, problems } = await openHost(url);
  const frame = await bootedFrame(page, src);
  let state = await readNet(frame);
  assert.deepEqual([state.lr, state.hidden, state.activation], [0.05, 3, 'tanh']);
  for (let i = 0; i < 5; i++) await page.frameLocator('#demo').locator('#step').click();
  state = await readNet(frame);
  assert.equal(state.steps, 5);

  const href = await frame.evaluate(() => {
    const a = document.getElementById('open-full');
    a.dispatchEvent(new PointerEvent('pointerdown'));
    return a.href;
  });
  const full = await context.newPage();
  watch(full, problems);
  await full.goto(href);
  await full.waitForFunction(() => window.backpropApp && window.backprop);
  const there = await readNet(full);
  assert.equal(await full.evaluate(() => document.documentElement.classList.contains('embed')), false, 'the full page');
  assert.deepEqual([there.lr, there.hidden, there.activation], [0.05, 3, 'tanh'], 'same settings');
  assert.deepEqual(there.params, state.params, 'same parameters, bit for bit');
  assert.deepEqual(problems, []);
  await context.close();
});

// ------------------------------------------------------------------ the Embed dialog

// On a static server that sends no Access-Control-Allow-Origin (python3 -m http.server, say), the
// snippet's frame never gets past "Loading": its opaque origin fetches the modules in CORS mode.
// The dialog checks and says so before the snippet is pasted anywhere.
test('the Embed dialog warns when this server does not send what the frame needs', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage(), problems = [];
  watch(page, problems);
  await page.route('**/*', async (route) => {
    const answer = await route.fetch();
    const headers = { ...answer.headers() };
    delete headers['access-control-allow-origin'];
    await route.fulfill({ response: answer, headers });
  });
  await page.goto(site.url);
  await page.waitForFunction(() => window.backpropApp && !document.getElementById('embed-button').disabled);
  await page.click('#embed-button');
  await page.waitForFunction(() => /this one did not/.test(document.getElementById('embed-note').textContent));
  const warning = 'Access-Control-Allow-Origin: *, and this one did not send it to this page\'s check (some servers send it ' +
    'only to other sites): if the frame stays at "Loading", configure it (see the README).';
  assert.ok((await page.textContent('#embed-note')).includes(warning), await page.textContent('#embed-note'));
  assert.match(await page.getAttribute('#embed-note', 'class'), /\bembed-warning\b/);
  // Asked once a page: the autoplay box writes the snippet again, and the note stays as it is.
  const heads = [];
  page.on('request', (r) => { if (r.method() === 'HEAD') heads.push(r.url()); });
  await page.check('#embed-autoplay');
  await frames(page, 2);
  assert.ok((await page.textContent('#embed-note')).includes(warning));
  assert.deepEqual(heads, []);

  // The check itself failing (offline, say): the note says what is needed and claims nothing.
  const offline = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const other = await offline.newPage();
  await other.route('**/backprop.wasm', (route) => (route.request().method() === 'HEAD' ? route.abort() : route.continue()));
  await other.goto(site.url);
  await other.waitForFunction(() => window.backpropApp && !document.getElementById('embed-button').disabled);
  const failed = other.waitForEvent('requestfailed', (r) => r.method() === 'HEAD');
  await other.click('#embed-button');
  await failed; // (the check has its answer: none)
  await frames(other, 2);
  const said = await other.textContent('#embed-note');
  assert.match(said, /must send the header Access-Control-Allow-Origin: \*\. Its link opens the full page in a new tab\.$/);
  assert.doesNotMatch(await other.getAttribute('#embed-note', 'class'), /embed-warning/);
  await offline.close();
  assert.deepEqual(problems, []);
  await context.close();
});

test('the Embed dialog gives a snippet that works on another site; Copy; its link opens the full page', async () => {
  const { page, context, problems } = await openHost(site.url);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(site.url).origin });
  await page.waitForFunction(() => window.backpropApp && window.backprop);
  await page.fill('#lr', '0.05');
  await page.press('#lr', 'Enter');
  assert.equal(await page.evaluate(() => backprop.getLearningRate()), 0.05);

  await page.click('#embed-button');
  assert.ok(await page.evaluate(() => document.getElementById('embed-dialog').open), 'the dialog is open');
  assert.equal(await page.getAttribute('#embed-snippet', 'readonly'), '');
  // The one thing the server must do for the frame, said where the snippet is copied, and checked
  // on this server (build-scripts/serve.mjs sends it).
  await page.waitForFunction(() => /this one does\./.test(document.getElementById('embed-note').textContent));
  assert.match(await page.textContent('#embed-note'), /server must send the header Access-Control-Allow-Origin: \*, and this one does\./);
  assert.equal(await page.getAttribute('#embed-note', 'class'), 'hint');
  await page.check('#embed-autoplay');
  const snippet = await page.inputValue('#embed-snippet');
  assert.match(snippet, /^<iframe src="[^"]+" width="640" height="420" sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" loading="lazy" title="Backpropagation, live"><\/iframe>$/);
  const src = new URL(/src="([^"]+)"/.exec(snippet)[1].replaceAll('&amp;', '&'));
  assert.equal(src.origin + src.pathname, new URL(site.url).origin + '/');
  assert.equal(src.search, '?embed=1&autoplay=1');
  assert.equal(src.hash, await page.evaluate(() => backpropApp.shareHash?.() ?? location.hash));

  // Copy puts exactly the snippet on the clipboard (the page itself is not sandboxed).
  await page.click('[data-copy="embed-snippet"]');
  await page.waitForFunction(() => document.getElementById('embed-status').textContent !== '');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), snippet);
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.getElementById('embed-dialog').open), false, 'Escape closes it');

  // Pasted into a page on another origin: it plays by itself at the chosen learning rate ...
  const hostUrl = hostPage('snippet.html', `<main class="article"><p>A post with the demo:</p>\n${snippet}\n</main>`);
  const guest = await context.newPage();
  watch(guest, problems);
  await guest.goto(hostUrl);
  const frame = await bootedFrame(guest, src.href.split('#')[0]);
  await frame.waitForFunction(() => backprop.steps >= 20, null, { timeout: 30000 });
  assert.equal(await frame.evaluate(() => self.origin), 'null');
  assert.equal(await frame.evaluate(() => backprop.getLearningRate()), 0.05);

  // ... and its link opens the full page in a new, unsandboxed tab, with the frame's state.
  const inFrame = guest.frameLocator('iframe');
  await inFrame.locator('#play').click(); // pause, so the state is fixed
  const params = await frame.evaluate(() => backprop.getParams());
  const [popup] = await Promise.all([guest.waitForEvent('popup'), inFrame.locator('#open-full').click()]);
  watch(popup, problems);
  await popup.waitForFunction(() => window.backpropApp && window.backprop);
  assert.equal(await popup.evaluate(() => self.origin), new URL(site.url).origin, 'out of the sandbox');
  assert.equal(await popup.evaluate(() => document.documentElement.classList.contains('embed')), false);
  assert.equal(await popup.evaluate(() => backprop.getLearningRate()), 0.05);
  assert.deepEqual(await popup.evaluate(() => backprop.getParams()), params);
  assert.equal(await popup.evaluate(() => window.opener), null, 'no opener');

  await page.click('#embed-button');
  await page.screenshot({ path: `${ROOT}build/screenshot-embed-dialog.png` });
  assert.deepEqual(problems, []);
  await context.close();
});

test('the Embed dialog\'s element snippet starts an element on another site from the page\'s start: example, changes, seed, frozen, rates', async () => {
  const { page, context, problems } = await openHost(site.url);
  await page.waitForFunction(() => window.backpropApp && window.backprop);
  const snippetOf = async () => {
    await page.click('#embed-button');
    const value = await page.inputValue('#embed-element-snippet');
    await page.keyboard.press('Escape');
    return value;
  };
  const attributes = (snippet) => /<backprop-demo ([^>]*)><\/backprop-demo>$/.exec(snippet)[1];
  // What an element must start from: the page's state, at its initial weights.
  const start = () => page.evaluate(() => ({ data: backprop.getData(), activation: backprop.getActivation(),
    hidden: backprop.getHidden(), initial: backprop.getInitialParams(), params: backprop.getInitialParams(),
    frozen: backprop.getFrozen(), lr: backprop.getLearningRate() }));

  // The page as it opens: the example by name and the rates, nothing more.
  const moduleHref = `${new URL(site.url).origin}/backprop-demo.js`;
  const plain = await snippetOf();
  assert.equal(plain, `<script type="module" src="${moduleHref}"></script>\n` +
    '<backprop-demo preset="dosage" learning-rate="0.1" steps-per-frame="2" height="320"></backprop-demo>');

  // An example with other data, another activation, one box of its frozen set unticked, other rates.
  await page.selectOption('#preset', 'walk-output');
  await page.evaluate(() => { backpropApp.setData([0, 0.5, 1, 1.5], [0, 1, 0, 0.5]); backpropApp.setActivation('tanh'); });
  // (once the boxes show the example's frozen set: before that frame, w1's box still reads unticked,
  // and uncheck() does nothing; seen once in a full run)
  await frames(page, 2);
  await page.locator('#freeze-0').uncheck();
  assert.deepEqual(await page.evaluate(() => backprop.getFrozen()), [false, true, true, true, false, false, false]);
  await page.fill('#lr', '0.05');
  await page.press('#lr', 'Enter');
  await page.fill('#spf', '3');
  await page.press('#spf', 'Enter');
  const edited = await snippetOf();
  assert.equal(attributes(edited), 'preset="walk-output" data-xs="0 0.5 1 1.5" data-ys="0 1 0 0.5" activation="tanh" ' +
    'frozen="b1 w2 b2" learning-rate="0.05" steps-per-frame="3" height="320"');

  // Your own network: no example, so everything is named; a seed; w1 frozen.
  await page.fill('#hidden', '3');
  await page.press('#hidden', 'Enter');
  await page.fill('#seed', '7');
  await page.press('#seed', 'Enter');
  await page.locator('#freeze-0').check();
  const own = await snippetOf();
  const ownWeights = (await page.evaluate(() => backprop.getInitialParams())).join(' ');
  assert.equal(attributes(own), 'data-xs="0 0.5 1 1.5" data-ys="0 1 0 0.5" activation="tanh" neurons="3" seed="7" ' +
    `weights="${ownWeights}" frozen="w1" learning-rate="0.05" steps-per-frame="3" height="320"`);
  const ownStart = await start();
  const ownSpf = await page.evaluate(() => backpropApp.snapshot().stepsPerFrame);

  // Weights of its own (a link's or a file's: neither an example's nor a seed's): the weights themselves.
  const weights = [0.5, -0.25, 1.5, 0.125, -0.75, 2, 0.1];
  assert.ok(await page.evaluate((w) => backpropApp.applyState({ hidden: 2, seed: null, initialParams: w, params: w }), weights));
  const linked = await snippetOf();
  assert.equal(attributes(linked), 'data-xs="0 0.5 1 1.5" data-ys="0 1 0 0.5" activation="tanh" neurons="2" ' +
    `weights="${weights.join(' ')}" learning-rate="0.05" steps-per-frame="3" height="320"`);
  const linkedStart = await start();

  // Pasted into a post on another origin, each element starts where the page started.
  const bodies = [edited, own, linked].map((snippet, i) => snippet.split('\n')[1].replace('<backprop-demo ', `<backprop-demo id="e${i}" `));
  const post = hostPage('element-snippets.html', `${edited.split('\n')[0]}\n<main class="article">\n${bodies.join('\n')}\n` +
    '<backprop-demo id="bad" frozen="w1 w9"></backprop-demo>\n<backprop-demo id="bad-weights" weights="1 2 3"></backprop-demo>\n</main>',
    'element snippets');
  const guest = await context.newPage();
  watch(guest, problems);
  await guest.goto(post);
  await guest.waitForFunction(() => ['e0', 'e1', 'e2', 'bad', 'bad-weights'].every((id) => document.getElementById(id).net), null, { timeout: 30000 });
  const there = (id) => guest.evaluate((i) => {
    const el = document.getElementById(i), net = el.net;
    return { data: net.getData(), activation: net.getActivation(), hidden: net.getHidden(), initial: net.getInitialParams(),
      params: net.getParams(), frozen: net.getFrozen(), lr: net.getLearningRate(), spf: el.app.snapshot().stepsPerFrame,
      preset: el.app.snapshot().preset, message: el.shadowRoot.querySelector('.message').textContent };
  }, id);
  const e0 = await there('e0');
  assert.deepEqual(e0.initial, [3.34, -1.43, -3.53, 0.57, 0.36, 0.63, 0], 'the example\'s initial weights');
  assert.deepEqual(e0, { data: { xs: [0, 0.5, 1, 1.5], ys: [0, 1, 0, 0.5] }, activation: 'tanh', hidden: 2, initial: e0.initial,
    params: e0.initial, frozen: [false, true, true, true, false, false, false], lr: 0.05, spf: 3, preset: 'walk-output', message: '' });
  const { spf, preset, message, ...e1 } = await there('e1');
  assert.deepEqual(e1, ownStart, 'your own network: the same start');
  assert.deepEqual([spf, preset, message], [ownSpf, null, '']);
  assert.equal(e1.frozen.filter(Boolean).length, 1);
  const { spf: spf2, preset: preset2, message: message2, ...e2 } = await there('e2');
  assert.deepEqual(e2, linkedStart, 'weights of its own: the same start');
  assert.deepEqual([e2.initial, preset2, message2], [weights, null, '']);
  assert.equal((await there('bad-weights')).message, 'The weights were not used: initial parameters: 2 hidden neurons need 7 numbers, got 3.');
  // A parameter the network does not have is refused in words; the element still works.
  const bad = await there('bad');
  assert.equal(bad.message, 'The frozen parameters were not used: this network has no parameter "w9" (it has w1, b1, w2, b2, w3, w4, b3).');
  assert.deepEqual(bad.frozen, new Array(7).fill(false));
  await guest.locator('#bad').locator('button.step').click();
  assert.equal(await guest.evaluate(() => document.getElementById('bad').net.steps), 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('every parameter frozen: the Embed dialog warns, and the frame and the element say so without pointing at boxes they lack', async () => {
  const { page, context, problems } = await openHost(site.url);
  await page.waitForFunction(() => window.backpropApp && window.backprop);
  const warned = async () => {
    await page.click('#embed-button');
    // (both Copy buttons right-aligned, the element's too, on the line under its long hint)
    const rights = await page.evaluate(() => [...document.querySelectorAll('#embed-dialog [data-copy]')].map((b) => Math.round(b.getBoundingClientRect().right)));
    assert.equal(new Set(rights).size, 1, `Copy buttons' right edges: ${rights}`);
    const shown = await page.locator('#embed-frozen').isVisible();
    const snippets = [await page.inputValue('#embed-snippet'), await page.inputValue('#embed-element-snippet')];
    await page.keyboard.press('Escape');
    return { shown, snippets };
  };
  assert.equal((await warned()).shown, false);
  assert.equal((await page.locator('#embed-element .hint').textContent()).replace(/\s+/g, ' '),
    'Starts from the initial weights, at step 0. Loads its own copy of the core; several per page train independently.');
  await page.evaluate(() => backpropApp.applyState({ frozen: Array(7).fill(true) }));
  const { shown, snippets: [frameSnippet, elementSnippetText] } = await warned();
  assert.equal(shown, true);
  assert.equal((await page.locator('#embed-frozen').textContent()).replace(/\s+/g, ' '),
    'Every parameter is frozen, so an embedded copy would not learn. Unfreeze one in the parameter table first.');

  const post = hostPage('all-frozen.html', `${elementSnippetText.split('\n')[0]}\n<main class="article">\n${frameSnippet}\n` +
    `${elementSnippetText.split('\n')[1].replace('<backprop-demo ', '<backprop-demo id="e" ')}\n</main>`, 'all frozen');
  const guest = await context.newPage();
  watch(guest, problems);
  await guest.goto(post);
  const src = new URL(/src="([^"]+)"/.exec(frameSnippet)[1].replaceAll('&amp;', '&'));
  const frame = await bootedFrame(guest, src.href.split('#')[0]);
  await guest.frameLocator('iframe').locator('#step').click();
  await frame.waitForFunction(() => document.getElementById('message').textContent !== '');
  assert.equal(await frame.evaluate(() => document.getElementById('message').textContent),
    'Every parameter is frozen, so the steps change nothing; open the full page to unfreeze one.');
  await guest.waitForFunction(() => document.getElementById('e').net);
  await guest.locator('#e').locator('button.step').click();
  await guest.waitForFunction(() => document.getElementById('e').shadowRoot.querySelector('.message').textContent !== '');
  assert.equal(await guest.evaluate(() => document.getElementById('e').shadowRoot.querySelector('.message').textContent),
    'Every parameter is frozen, so the steps change nothing.');
  assert.deepEqual(problems, []);
  await context.close();
});

test('on a phone the Embed dialog opens at its title each time', async () => {
  const { page, context, problems } = await openHost(site.url, { viewport: { width: 360, height: 640 }, hasTouch: true, isMobile: true });
  await page.waitForFunction(() => window.backpropApp && window.backprop);
  const titleInView = () => page.evaluate(() => {
    const d = document.getElementById('embed-dialog'), t = document.getElementById('embed-title').getBoundingClientRect();
    const b = d.getBoundingClientRect();
    return { scrolls: d.scrollHeight > d.clientHeight, top: d.scrollTop, inView: t.top >= b.top && t.bottom <= b.bottom };
  });
  for (let k = 0; k < 2; k++) {
    await page.click('#embed-button');
    const opened = await titleInView();
    assert.deepEqual(opened, { scrolls: true, top: 0, inView: true }, `opening ${k + 1}`);
    await page.evaluate(() => { const d = document.getElementById('embed-dialog'); d.scrollTop = d.scrollHeight; });
    await page.click('#embed-dialog [data-close]');
  }
  assert.deepEqual(problems, []);
  await context.close();
});

// ------------------------------------------------------------------ <backprop-demo>

function elementsPage() {
  const module = `${site.url}backprop-demo.js`;
  return hostPage('elements.html', `<script type="module" src="${module}"></script>
<main class="article">
  <h1>Two demos, one post</h1>
  <backprop-demo id="fast" learning-rate="0.1" steps-per-frame="2" height="300" autoplay></backprop-demo>
  <backprop-demo id="slow" preset="dosage" learning-rate="0.02" steps-per-frame="2" height="300" autoplay></backprop-demo>
  <div class="spacer"></div>
  <backprop-demo id="far" data-xs="0, 0.25, 0.5, 0.75, 1" data-ys="0 0.5 1 0.5 0" activation="tanh" neurons="3" autoplay></backprop-demo>
</main>`, 'elements');
}

const elementState = (page, id) => page.evaluate((i) => {
  const el = document.getElementById(i);
  return { params: el.net.getParams(), steps: el.net.steps, ssr: el.net.ssr(), lr: el.net.getLearningRate(), playing: el.app.playing,
    data: el.net.getData(), activation: el.net.getActivation(), hidden: el.net.getHidden() };
}, id);

test('<backprop-demo> on another site: two elements train independently; pause one, the other goes on; off-screen waits', async () => {
  const { page, context, problems } = await openHost(elementsPage());
  await page.waitForFunction(() => [...document.querySelectorAll('backprop-demo')].every((e) => e.net), null, { timeout: 30000 })
    .catch(async (e) => {
      const seen = await page.evaluate(() => [...document.querySelectorAll('backprop-demo')].map((el) => [el.id, !!el.net, el.shadowRoot?.querySelector('.message')?.textContent, customElements.get('backprop-demo') !== undefined]));
      throw new Error(`${e.message}; elements ${JSON.stringify(seen)}; problems ${problems}`);
    });
  await page.waitForFunction(() => ['fast', 'slow'].every((id) => document.getElementById(id).net.steps >= 100), null, { timeout: 30000 });

  // Off-screen, autoplay waits.
  let far = await elementState(page, 'far');
  assert.equal(far.steps, 0);
  assert.equal(far.playing, false);
  assert.deepEqual(far.data, { xs: [0, 0.25, 0.5, 0.75, 1], ys: [0, 0.5, 1, 0.5, 0] }, 'data-xs and data-ys');
  assert.deepEqual([far.activation, far.hidden], ['tanh', 3]);
  // The learning-rate slider (its value is the rate's log) says the rate to a screen reader.
  assert.deepEqual(await page.evaluate(() => ['fast', 'slow'].map((id) => document.getElementById(id).shadowRoot.querySelector('.lr-slider').getAttribute('aria-valuetext'))),
    ['0.1', '0.02']);

  // Pause "fast" with its own button; "slow" keeps training.
  await page.locator('#fast').locator('button.play').click();
  const paused = await elementState(page, 'fast');
  assert.equal(paused.playing, false);
  const slowBefore = (await elementState(page, 'slow')).steps;
  await page.waitForFunction((n) => document.getElementById('slow').net.steps >= n + 50, slowBefore, { timeout: 30000 });
  assert.equal((await elementState(page, 'fast')).steps, paused.steps, 'the paused one stays paused');
  assert.equal((await elementState(page, 'slow')).playing, true);
  // A screen reader hears "Step 120, SSR 0.0412" from the paused one once it settles, nothing from
  // the one training; the visible numbers are plain text (no live regions of their own).
  const heard = (id) => page.evaluate((id) => {
    const root = document.getElementById(id).shadowRoot, status = root.querySelector('.announce');
    return { role: status.getAttribute('role'), text: status.textContent,
      regions: root.querySelectorAll('.readout output, .readout [role], .readout [aria-live]').length };
  }, id);
  await page.waitForFunction(() => document.getElementById('fast').shadowRoot.querySelector('.announce').textContent !== '');
  assert.deepEqual(await heard('fast'), { role: 'status', text: `Step ${formatCount(paused.steps)}, SSR ${formatSSR(paused.ssr)}`, regions: 0 });
  assert.deepEqual(await heard('slow'), { role: 'status', text: '', regions: 0 }, 'training: nothing said');
  await page.locator('#slow').locator('button.play').click();
  await frames(page, 2);

  // Each followed its own learning rate, step for step, and shows its own numbers.
  for (const id of ['fast', 'slow']) {
    const state = await elementState(page, id);
    assertTrainedLikeReference(state, id);
    assert.equal(await page.locator(`#${id}`).locator('.readout .ssr').textContent(), formatSSR(state.ssr));
    assert.equal(await page.locator(`#${id}`).locator('.readout .steps').textContent(), formatCount(state.steps));
    assert.equal(await page.locator(`#${id}`).locator('.lr-value').textContent(), String(state.lr));
  }
  const [fast, slow] = [await elementState(page, 'fast'), await elementState(page, 'slow')];
  assert.deepEqual([fast.lr, slow.lr], [0.1, 0.02]);
  assert.notEqual(fast.ssr, slow.ssr);

  // Step and Reset belong to one element only.
  await page.locator('#slow').locator('button.step').click();
  assert.equal((await elementState(page, 'slow')).steps, slow.steps + 1);
  assert.equal((await elementState(page, 'fast')).steps, fast.steps);
  await page.locator('#fast').locator('button.reset').click();
  assert.equal((await elementState(page, 'fast')).steps, 0);
  assert.equal((await elementState(page, 'slow')).steps, slow.steps + 1);

  // Scrolled into view, the waiting one starts; scrolled away, it pauses (and resumes later).
  await page.locator('#far').scrollIntoViewIfNeeded();
  await page.waitForFunction(() => document.getElementById('far').net.steps > 10, null, { timeout: 30000 });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForFunction(() => !document.getElementById('far').app.playing, null, { timeout: 10000 });
  far = await elementState(page, 'far');
  await frames(page, 5);
  assert.equal((await elementState(page, 'far')).steps, far.steps, 'off-screen: no steps');
  await page.waitForTimeout(700); // (the status speaks 400 ms after a change)
  assert.equal(await page.evaluate(() => document.getElementById('far').shadowRoot.querySelector('.announce').textContent), '',
    'a pause the reader did not ask for (scrolled away) is not announced');
  assertTrainedLikeReference(far, 'far', { hidden: 3, activation: 'tanh', xs: far.data.xs, ys: far.data.ys,
    params: await page.evaluate(() => document.getElementById('far').net.getInitialParams()) });

  await page.screenshot({ path: `${ROOT}build/screenshot-elements-desktop.png` });
  assert.deepEqual(problems, []);
  await context.close();
});

test('<backprop-demo>: reduced motion ignores autoplay; a phone-width column stacks the views', async () => {
  const { page, context, problems } = await openHost(elementsPage(), {
    reducedMotion: 'reduce', viewport: { width: 360, height: 740 }, deviceScaleFactor: 2,
  });
  await page.waitForFunction(() => ['fast', 'slow'].every((id) => document.getElementById(id).net), null, { timeout: 30000 });
  await frames(page, 10);
  for (const id of ['fast', 'slow']) {
    const state = await elementState(page, id);
    assert.deepEqual([state.steps, state.playing], [0, false], `${id} waits for Play`);
  }
  await page.locator('#fast').locator('button.play').click();
  await page.waitForFunction(() => document.getElementById('fast').net.steps >= 30);
  await page.locator('#fast').locator('button.play').click();
  const geometry = await page.evaluate(() => {
    const root = document.getElementById('fast').shadowRoot;
    const [fit, loss] = ['canvas.fit', 'canvas.loss'].map((s) => root.querySelector(s).getBoundingClientRect());
    return { fit: [fit.width, fit.height, fit.bottom], loss: [loss.width, loss.height, loss.top], scrollWidth: document.documentElement.scrollWidth };
  });
  assert.ok(geometry.loss[2] >= geometry.fit[2], 'the SSR chart below the fit');
  assert.ok(geometry.fit[0] >= 280 && geometry.fit[1] >= 200, `fit canvas ${geometry.fit}`);
  assert.ok(geometry.scrollWidth <= 360, 'no sideways scrolling');
  await page.screenshot({ path: `${ROOT}build/screenshot-elements-phone.png` });
  assert.deepEqual(problems, []);
  await context.close();
});

// A page may remove a <backprop-demo> (a single-page site changing views): nothing of it stays
// alive, not the element, its core nor its canvas views, though it trained and drew. The garbage
// collector is run through the devtools protocol.
test('<backprop-demo> removed from its page after training is garbage collected, with its core and views', async () => {
  const { page, context, problems } = await openHost(`${site.url}demo.html`);
  await page.evaluate(async () => {
    window.__collected = [];
    const registry = window.__registry = new FinalizationRegistry((what) => window.__collected.push(what));
    let el = document.createElement('backprop-demo');
    el.setAttribute('autoplay', '');
    document.body.prepend(el);
    await el.ready;
    const t0 = performance.now();
    while (el.net.steps < 50 && performance.now() - t0 < 10000) await new Promise((r) => requestAnimationFrame(r));
    if (el.net.steps < 50) throw new Error(`it trained ${el.net.steps} steps`);
    registry.register(el, 'element');
    registry.register(el.net, 'core');
    for (const canvas of el.shadowRoot.querySelectorAll('canvas')) registry.register(canvas, 'canvas');
    el.remove();
    el = null;
  });
  await collectGarbageUntil(page, context, () => window.__collected.length >= 4);
  const collected = await page.evaluate(() => window.__collected.toSorted());
  assert.deepEqual(collected, ['canvas', 'canvas', 'core', 'element'], 'the element, its core and both canvases');
  assert.deepEqual(problems, []);
  await context.close();
});

test('demo.html, the example page for writers, loads on the site with no console problem', async () => {
  const { page, context, problems } = await openHost(`${site.url}demo.html`);
  const elements = await page.evaluate(async () => {
    const all = [...document.querySelectorAll('backprop-demo')];
    await Promise.all(all.map((e) => e.ready));
    return all.map((e) => ({ id: e.id, loaded: !!e.net, message: e.shadowRoot.querySelector('.message').textContent }));
  });
  assert.ok(elements.length >= 2);
  for (const e of elements) assert.deepEqual(e, { id: e.id, loaded: true, message: '' }, `${e.id} loaded with no message`);
  assert.deepEqual(problems, []);
  await context.close();
});
