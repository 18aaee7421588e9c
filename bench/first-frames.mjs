// first-frames.mjs: the first drawn frame of a page in headless Chromium, for `make bench`
// (bench.mjs) and for the tests of this harness itself (tests/browser/first-frames.test.mjs).
// Every function takes a Playwright browser; nothing here starts one.

// Installed before the page's own scripts: times every requestAnimationFrame callback, so the
// first drawn frame (the first callback to end once window.backpropApp exists: the app draws in
// requestAnimationFrame) and per-frame main-thread time are known even if the page reports nothing;
// with each frame's timestamp, so that the callbacks of one frame (the app's tick and any a view
// schedules itself) can be added up (the landscape run).
// The probe's message at the first frame, which the harness waits for (see timedLoad).
export const FIRST_FRAME_SIGNAL = 'bench: first frame drawn';
export const RAF_PROBE = (FIRST_FRAME_SIGNAL) => {
  const real = window.requestAnimationFrame.bind(window);
  // durations[k]: ms of callback k; t[k]: its frame's timestamp (callbacks of one frame share it)
  const probe = { frames: 0, firstFrameEnd: null, durations: [], t: [], appAt: null };
  window.__benchRaf = probe;
  let app; // note when main.js publishes the app (after the core is loaded and the App is built)
  Object.defineProperty(window, 'backpropApp', {
    configurable: true, enumerable: true, get: () => app,
    set: (v) => { app = v; if (probe.appAt === null) probe.appAt = performance.now(); },
  });
  window.requestAnimationFrame = (callback) => real((t) => {
    const t0 = performance.now();
    try {
      callback(t);
    } finally {
      const t1 = performance.now();
      probe.frames++;
      if (probe.firstFrameEnd === null && window.backpropApp) {
        probe.firstFrameEnd = t1;
        console.debug(FIRST_FRAME_SIGNAL);
      }
      if (probe.durations.length < 20000) {
        probe.durations.push(t1 - t0);
        probe.t.push(t);
      }
    }
  });
};

/** One timed load of `url` in `page` (which has RAF_PROBE): the probe's first frame and the
    load's phases. Nothing is evaluated in the page before its first frame (the harness waits
    for FIRST_FRAME_SIGNAL): Playwright's waitForFunction first compiles a large script of its
    own in the page, about 40 ms of the page's main thread here (devtools trace), which fell
    between the App being built and the first frame. */
export async function timedLoad(page, url, timeoutMs = 10_000) {
  const signal = page.waitForEvent('console', { predicate: (m) => m.text() === FIRST_FRAME_SIGNAL, timeout: timeoutMs })
    .then(() => true, () => false);
  await page.goto(url, { waitUntil: 'load' });
  const drew = await signal;
  const first = await page.evaluate(() => {
    const app = window.backpropApp;
    const own = app && typeof app.firstFrameMs === 'function' ? app.firstFrameMs() : app?.firstFrameMs;
    const nav = performance.getEntriesByType('navigation')[0];
    const res = performance.getEntriesByType('resource');
    // the last of a kind among the requests started before the first frame (not the later imports)
    const early = res.filter((r) => r.startTime <= (window.__benchRaf?.firstFrameEnd ?? Infinity));
    const lastOf = (re) => Math.max(0, ...early.filter((r) => re.test(r.name)).map((r) => r.responseEnd));
    return {
      hasApp: !!app, rafs: window.__benchRaf?.frames ?? 0,
      probe: window.__benchRaf?.firstFrameEnd ?? null, own: typeof own === 'number' ? own : null,
      phases: {
        documentLoaded: nav?.responseEnd, domContentLoaded: nav?.domContentLoadedEventEnd,
        lastScriptLoaded: lastOf(/\.m?js(\?|$)/), lastCssLoaded: lastOf(/\.css(\?|$)/), wasmLoaded: lastOf(/\.wasm(\?|$)/),
        appBuilt: window.__benchRaf?.appAt ?? null, firstFrame: window.__benchRaf?.firstFrameEnd ?? null,
        resources: res.length,
        // the document and every file whose request started before the first frame ended
        // (uncompressed bodies; a URL asked for twice counted once)
        firstLoadFiles: [...new Map([[nav?.name, nav?.decodedBodySize ?? 0], ...early.map((r) => [r.name, r.decodedBodySize || 0])])]
          .map(([name, bytes]) => ({ file: decodeURIComponent(new URL(name).pathname.replace(/^\//, '')) || 'index.html', bytes })),
        firstLoadRequests: 1 + early.length,
      },
    };
  });
  return { drew, first, ms: first.own ?? first.probe };
}

/** Time from navigation start (performance.now() = 0) to the first frame drawn by the app, with
    each load's phases. Judged: `loads` first visits, each in a new browser context, so a new
    renderer process that holds nothing of the page (no compiled script or module, no parsed
    stylesheet, no font looked up for it: a renderer that has run the page once loads it again
    in about half the time here). Before them, one load that is not timed (`coldLoad`: the first
    after Chromium started, paying for its start-up). Beside them (`warm`): `warmLoads` repeat
    visits in one tab, each from about:blank, after one that is not timed. The server sends
    no-store: every load fetches every file. Times are [] (and a reason given) when the page draws
    nothing within `timeoutMs`; the page's uncaught errors are added to `errors`. With
    `referenceUrl` (the first-frame floor), each first visit of the page is paired with one of the
    reference, in a new context too, the page first in one pair and the reference first in the
    next (`reference`: its times, in the same order, so that page / reference can be taken load by
    load; none, and a reason, if a load of it fails or reports an error, and it is not loaded
    again; its errors are its own, not added to `errors`). */
export async function firstFrames(browser, url, { loads, warmLoads = 0, errors, referenceUrl = null, timeoutMs = 10_000 }) {
  const within = `within ${timeoutMs / 1000} s`;
  const out = { firstFrame: [], loads: [], coldLoad: null, warm: [], firstFrameSource: null, firstFrameReason: null };
  const reference = referenceUrl && { firstFrame: [], reason: null, errors: [] };
  const failed = ({ first }) => {
    out.firstFrameReason = !first.hasApp
      ? `the page never set window.backpropApp ${within}${errors.length ? ' (page errors: ' + errors.join('; ') + ')' : ''}`
      : `the page drew no animation frame ${within}`;
    out.firstFrame = [];
    out.loads = [];
    return out;
  };
  // `count` loads (after `untimed` more) of each of `urls` (the page's and, if given, the
  // reference's: `which` 0 and 1; in turns, the first of a turn alternating), in one new context
  // each: a new tab each time, or one tab going back to about:blank in between.
  const run = async (count, untimed, sameTab, record, urls = [url]) => {
    let context = null, page = null;
    try {
      for (let k = -untimed * urls.length; k < count * urls.length; k++) {
        const i = Math.floor(k / urls.length), turn = k - i * urls.length;
        const which = i % 2 === 1 ? urls.length - 1 - turn : turn;
        if (which === 1 && reference.reason) continue; // (it failed: the page's loads go on)
        const pageErrors = which === 1 ? reference.errors : errors, before = pageErrors.length;
        if (!sameTab || !context) {
          await context?.close();
          context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
          page = await context.newPage();
          page.on('pageerror', (e) => pageErrors.push(e.message));
          await page.addInitScript(RAF_PROBE, FIRST_FRAME_SIGNAL);
        } else {
          await page.goto('about:blank');
        }
        const load = await timedLoad(page, urls[which], timeoutMs);
        if (which === 1 && (!load.drew || reference.errors.length > before)) {
          reference.reason = load.drew ? `the floor page reported an error (${reference.errors.at(-1)})`
            : `the floor page drew no frame ${within}`;
          continue;
        }
        if (!load.drew) return load;
        load.first.phases.loadedBytes = load.first.phases.firstLoadFiles.reduce((a, f) => a + f.bytes, 0);
        record(load, i < 0, which);
      }
    } finally {
      await context?.close();
    }
    return null;
  };
  const fail = await run(loads, 1, false, (load, untimed, which) => {
    if (which === 1) return void (untimed || reference.firstFrame.push(load.ms));
    if (untimed) return void (out.coldLoad = load.ms);
    out.firstFrame.push(load.ms);
    out.loads.push(load.first.phases);
    out.firstFrameSource = load.first.own !== null ? 'backpropApp.firstFrameMs' : 'end of the first rAF callback after backpropApp exists';
  }, referenceUrl ? [url, referenceUrl] : [url]);
  if (reference) out.reference = reference.reason ? { ...reference, firstFrame: [] } : reference;
  if (fail) return failed(fail);
  if (warmLoads > 0) {
    const warmFail = await run(warmLoads, 1, true, (load, untimed) => {
      if (!untimed) out.warm.push({ ms: load.ms, ...load.first.phases, firstLoadFiles: undefined });
    });
    if (warmFail) out.warmReason = `a repeat load drew no frame ${within}`;
  }
  return out;
}
