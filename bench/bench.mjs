// bench.mjs: `make bench`. Times the core natively, as WebAssembly in Node and in headless Chromium,
// and against plain JavaScript; measures the page; prints one table and writes build/bench.json.
//
//   node bench/bench.mjs            (after `make`; `make bench` does both)
//   BENCH_REPS=15 node bench/bench.mjs     more repetitions (default 11)
//   BENCH_QUICK=1 node bench/bench.mjs     a quick smoke run (3 short repetitions; figures are rough)
//   BENCH_PARTS=page node bench/bench.mjs  only some parts: core, scaling, page (comma-separated)
//
// Timings are medians over interleaved rounds (every method runs once per round, in rotating
// order), with min - max beside them; a ratio between two methods is the median of their
// per-round ratios, so that a slow spell of this shared machine mostly cancels.
// Targets are printed as PASS or MISS and never fail the command; errors (a build that fails, a
// result that disagrees between implementations, a browser that does not start) do.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { pageFiles, unpackBlock } from '../build-scripts/modules.mjs';
import { PlainNet } from './plain.mjs';
import { FIRST_FRAME_SIGNAL, RAF_PROBE, firstFrames } from './first-frames.mjs';
import { wasmBreakdown } from './wasmsize.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join(ROOT, 'build', 'bench');
const SITE = join(ROOT, 'build', 'web');
const QUICK = !!process.env.BENCH_QUICK; // a smoke run: fewer and shorter repetitions
const REPS = Math.max(3, Number(process.env.BENCH_REPS) || (QUICK ? 3 : 11));
const SCALING_REPS = QUICK ? 3 : Math.max(3, Math.round(REPS * 0.65));
const CORE_STEPS = QUICK ? 100_000 : 300_000; // per repetition of the default network (about 60 ms natively)
const SCALE_BUDGET_NS = QUICK ? 10e6 : 30e6;  // per scaling measurement
const FLOOR_STEPS = QUICK ? 200_000 : 600_000; // floor rounds per measurement (about 60 ms natively)
const FRAMES = 600;               // frames to sample on the page
const LOADS = 7;                  // first visits timed for the first frame (each in a new context)
const WARM_LOADS = 5;             // and repeat visits, in one tab
const PARTS = new Set((process.env.BENCH_PARTS || 'core,scaling,page').split(',').map((x) => x.trim()));
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const started = performance.now();
const loadAtStart = loadavg()[0];

// ------------------------------------------------------------------------------- helpers

const median = (a) => quantile(a, 0.5);

function quantile(values, q) {
  const s = [...values].sort((x, y) => x - y), i = (s.length - 1) * q, lo = Math.floor(i);
  return lo + 1 < s.length ? s[lo] + (s[lo + 1] - s[lo]) * (i - lo) : s[lo];
}

/** Median, min, max and quartiles of a list of samples (kept, for the JSON). */
function summary(samples) {
  return {
    median: median(samples), min: Math.min(...samples), max: Math.max(...samples),
    q1: quantile(samples, 0.25), q3: quantile(samples, 0.75), samples,
  };
}

function fmtNs(ns) {
  if (!Number.isFinite(ns)) return 'n/a';
  if (ns >= 1e6) return `${(ns / 1e6).toPrecision(3)} ms`;
  if (ns >= 1e4) return `${(ns / 1e3).toPrecision(3)} µs`;
  return `${ns.toPrecision(3)} ns`;
}
const fmtMs = (ms) => (Number.isFinite(ms) ? `${ms.toPrecision(3)} ms` : 'n/a');
const fmtX = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}x` : 'n/a');
const fmtBytes = (b) => (b >= 1024 ? `${(b / 1024).toFixed(1)} KB` : `${b} B`);
const spread = (s, f) => `${f(s.min)} - ${f(s.max)}`;

function log(message) {
  process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(1)}s] ${message}\n`);
}

/** Run a command, failing loudly with its output. */
function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

function stale(output, inputs) {
  if (!existsSync(output)) return true;
  const t = statSync(output).mtimeMs;
  return inputs.some((f) => statSync(f).mtimeMs > t);
}

function firstLine(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0].trim();
  } catch {
    return 'unknown';
  }
}

// --------------------------------------------------------------------------------- build

const CC = process.env.CC || 'cc';
const EMCC = process.env.EMCC || 'emcc';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// Every file under src/: a change to any of them rebuilds the bench's own binaries.
const coreSources = readdirSync(join(ROOT, 'src')).map((f) => `src/${f}`);
const abs = (files) => files.map((f) => join(ROOT, f));

/** The Makefile's EMFLAGS (continuation lines joined), so the bench's own wasm builds match
    backprop.wasm exactly. */
function makefileEmflags() {
  const text = readFileSync(join(ROOT, 'Makefile'), 'utf8').replace(/\\\n/g, ' ');
  const m = text.match(/^EMFLAGS\s*[:?]?=(.*)$/m);
  if (!m) throw new Error('no EMFLAGS line in the Makefile');
  return m[1].trim().split(/\s+/);
}

/** build/bench/bench_native (native core + floor kernels), build/bench/floor.wasm and
    build/bench/backprop.names.wasm (backprop.wasm with a name section, to see where bytes go). */
function build() {
  const emflags = makefileEmflags();
  const emenv = { ...process.env, NODE_PATH: process.env.NODE_PATH || '/usr/share/nodejs' };
  mkdirSync(OUT, { recursive: true });
  const native = join(OUT, 'bench_native');
  const nativeInputs = ['bench/bench_native.c', 'bench/floor.c', ...coreSources];
  if (stale(native, abs(nativeInputs))) {
    log(`compiling ${relative(ROOT, native)} (${CC} -O2)`);
    run(CC, ['-O2', '-std=c11', '-Wall', '-Wextra', '-Isrc', 'bench/bench_native.c', 'bench/floor.c', 'src/backprop.c', '-o', native, '-lm']);
  }
  const floorWasm = join(OUT, 'floor.wasm');
  if (stale(floorWasm, abs(['bench/floor.c', 'Makefile', ...coreSources]))) {
    log(`compiling ${relative(ROOT, floorWasm)} (${EMCC} with the Makefile's EMFLAGS)`);
    run(EMCC, [...emflags, '-Isrc',
      '-sEXPORTED_FUNCTIONS=_floor_buffer,_floor_capacity,_floor_core_math,_floor_run,_floor_run_core',
      'bench/floor.c', '-o', floorWasm], emenv);
  }
  const namesWasm = join(OUT, 'backprop.names.wasm');
  if (stale(namesWasm, abs([...coreSources, 'Makefile']))) {
    log(`compiling ${relative(ROOT, namesWasm)} (the same, plus --profiling-funcs)`);
    run(EMCC, [...emflags, '--profiling-funcs', 'src/backprop.c', 'src/wasm.c', '-o', namesWasm], emenv);
  }
  for (const f of ['backprop.js', 'backprop.wasm'])
    if (!existsSync(join(SITE, f))) throw new Error(`build/web/${f} is missing: run make first`);
  return { native, floorWasm, namesWasm, emflags };
}

// ---------------------------------------------------------------------- the networks

/** The benchmark data for N points: N = 3 is the dosage example; else the same triangle sampled
    at N even inputs, with learning rate 0.3 / N (bench_native.c builds the same). */
function benchData(n) {
  if (n === 3) return { xs: [0, 0.5, 1], ys: [0, 1, 0], lr: 0.1 };
  const xs = [], ys = [];
  for (let i = 0; i < n; i++) {
    xs.push(i / (n - 1));
    ys.push(1 - Math.abs(2 * xs[i] - 1));
  }
  return { xs, ys, lr: 0.3 / n };
}

/** Put a (wasm) net in the benchmark state for N, H: data, rate, default parameters for H. */
function configure(net, n, h) {
  const { xs, ys, lr } = benchData(n);
  net.setData(xs, ys);
  net.setLearningRate(lr);
  net.setHidden(h); // also resets the parameters to the core's defaults for H
}

function nativeRun(bin, mode, n, h, steps) {
  return JSON.parse(run(bin, [mode, String(n), String(h), String(steps)]));
}

/** Time `fn` (which does `steps` steps), in ns per step. */
function timed(steps, fn) {
  const t0 = performance.now();
  const result = fn();
  return { ns: ((performance.now() - t0) * 1e6) / steps, result };
}

/** Fail when two implementations of the same steps disagree: the comparison would be void. */
function agree(what, a, b) {
  const tol = 1e-9 + 1e-6 * Math.max(Math.abs(a), Math.abs(b));
  if (!(Math.abs(a - b) <= tol)) throw new Error(`${what}: SSR ${a} vs ${b} after the same steps`);
}

// -------------------------------------------------------------------------- Chromium

async function startServer(root = SITE) {
  const child = spawn(process.execPath, [join(ROOT, 'build-scripts/serve.mjs'), '--root', root, '--port', '0'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error('serve.mjs printed no URL within 10 s')), 10_000);
    child.stdout.on('data', (d) => {
      text += d;
      const m = text.match(/http:\/\/\S+\//);
      if (m) clearTimeout(timer), resolve(m[0]);
    });
    child.on('exit', (code) => reject(new Error(`serve.mjs exited (${code})`)));
  });
  return { url, stop: () => child.kill() };
}

async function startBrowser() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

/** The first-frame floor's site (bench/first-frame-floor with the facade and the core from
    build/web), rebuilt on every run; returns its directory. */
function floorSite() {
  const dir = join(OUT, 'first-frame-floor');
  mkdirSync(dir, { recursive: true });
  const from = join(ROOT, 'bench', 'first-frame-floor');
  for (const name of readdirSync(from)) copyFileSync(join(from, name), join(dir, name));
  for (const name of ['backprop.js', 'backprop.wasm']) copyFileSync(join(SITE, name), join(dir, name));
  return dir;
}

/** A page at the server's origin that runs nothing of its own (a 404), with the module loaded. */
async function benchPage(browser, url) {
  const page = await browser.newPage();
  await page.goto(new URL('__bench__', url).href);
  await page.evaluate(async () => {
    const { loadBackprop } = await import('/backprop.js');
    const net = await loadBackprop();
    for (let i = 0; i < 300; i++) net.train(1000); // let V8 tier the module up (no OSR in wasm)
    net.reset();
    window.benchNet = net;
  });
  return page;
}

// ------------------------------------------------------------------------ measurements

async function coreThroughput(bins, page, wasm, floorModule, coreUsesBpMath) {
  const { xs, ys, lr } = benchData(3);
  const fx = floorModule.exports, floorCount = floorSetup(wasm, floorModule, 3, 2, FLOOR_STEPS);
  configure(wasm, 3, 2);
  const params = wasm.getInitialParams();
  // Warm-up: tier the wasm up and let V8 optimise the plain JavaScript.
  for (let i = 0; i < 300; i++) wasm.train(1000);
  for (let i = 0; i < 100; i++) new PlainNet({ xs, ys, params, hidden: 2, learningRate: lr }).train(1000);

  const methods = {
    native: () => nativeRun(bins.native, 'step', 3, 2, CORE_STEPS),
    wasmNode: () => {
      wasm.reset();
      const { ns, result } = timed(CORE_STEPS, () => wasm.train(CORE_STEPS));
      return { ns, ssr: result };
    },
    wasmChromium: () => page.evaluate((steps) => {
      const net = window.benchNet;
      net.reset();
      const t0 = performance.now(), ssr = net.train(steps);
      return { ns: ((performance.now() - t0) * 1e6) / steps, ssr };
    }, CORE_STEPS),
    plainJs: () => {
      const net = new PlainNet({ xs, ys, params, hidden: 2, learningRate: lr });
      const { ns, result } = timed(CORE_STEPS, () => net.train(CORE_STEPS));
      return { ns, ssr: result };
    },
    // the floor, in the same rounds: step / floor is then a per-round ratio too
    floorNativeCore: () => nativeRun(bins.native, 'floor-core', 3, 2, FLOOR_STEPS),
    floorNativeLibm: () => nativeRun(bins.native, 'floor', 3, 2, FLOOR_STEPS),
    floorWasmCore: () => {
      const { ns, result } = timed(FLOOR_STEPS, () => fx.floor_run_core(floorCount, FLOOR_STEPS));
      return { ns, sum: result };
    },
    floorWasmLibm: () => {
      const { ns, result } = timed(FLOOR_STEPS, () => fx.floor_run(floorCount, FLOOR_STEPS));
      return { ns, sum: result };
    },
  };
  const samples = Object.fromEntries(Object.keys(methods).map((k) => [k, []]));
  const ssr = {}, sums = {};
  const all = Object.keys(methods), names = all.filter((k) => !k.startsWith('floor'));
  for (let r = 0; r < REPS; r++) {
    for (let i = 0; i < all.length; i++) {
      const name = all[(r + i) % all.length]; // rotate who goes first
      const out = await methods[name]();
      samples[name].push(out.ns);
      if (name.startsWith('floor')) sums[name.slice(5, 6).toLowerCase() + name.slice(6)] = out.sum;
      else ssr[name] = out.ssr;
    }
  }
  floorSumsAgree(sums);
  agree('native vs wasm (Node)', ssr.native, ssr.wasmNode);
  agree('native vs wasm (Chromium)', ssr.native, ssr.wasmChromium);
  agree('native vs plain JavaScript', ssr.native, ssr.plainJs);

  // Per-call cost of the JS boundary: train(0) (facade checks, the crossing, the core's argument
  // checks, no step) and train(1), each called many times in a loop.
  const calls = 100_000;
  const perCall = { node: { train0: [], train1: [] }, chromium: { train0: [], train1: [] } };
  for (let r = 0; r < 3; r++) {
    for (const n of [0, 1]) {
      wasm.reset();
      perCall.node[`train${n}`].push(timed(calls, () => { for (let i = 0; i < calls; i++) wasm.train(n); }).ns);
      perCall.chromium[`train${n}`].push(await page.evaluate(([count, steps]) => {
        const net = window.benchNet;
        net.reset();
        const t0 = performance.now();
        for (let i = 0; i < count; i++) net.train(steps);
        return ((performance.now() - t0) * 1e6) / count;
      }, [calls, n]));
    }
  }
  wasm.reset();

  const core = Object.fromEntries(names.map((k) => [k, summary(samples[k])]));
  const nat = core.native.median;
  // Ratios: the median over rounds of the ratio within a round (the two ran seconds apart, so a
  // slow spell of this shared machine mostly cancels), with its range; and best over best.
  const pairedRatio = (a, b) => {
    const r = samples[a].map((v, i) => v / samples[b][i]);
    return { median: median(r), min: Math.min(...r), max: Math.max(...r) };
  };
  for (const k of names) {
    core[k].pairedRatio = pairedRatio(k, 'native');
    core[k].ratioToNative = core[k].pairedRatio.median;
    core[k].medianRatioToNative = core[k].median / nat;
    core[k].bestRatioToNative = core[k].min / core.native.min; // best of each: least disturbed by load
  }
  core.plainJs.pairedToWasmNode = pairedRatio('plainJs', 'wasmNode');
  core.plainJs.ratioToWasmNode = core.plainJs.pairedToWasmNode.median;
  core.finalSsr = ssr;
  core.perCall = {
    node: { train0: summary(perCall.node.train0), train1: summary(perCall.node.train1) },
    chromium: { train0: summary(perCall.chromium.train0), train1: summary(perCall.chromium.train1) },
  };

  const floor = {
    nativeCore: summary(samples.floorNativeCore), nativeLibm: summary(samples.floorNativeLibm),
    wasmCore: summary(samples.floorWasmCore), wasmLibm: summary(samples.floorWasmLibm),
  };
  const kernel = coreUsesBpMath ? 'Core' : 'Libm'; // what the step itself calls
  floor.stepOverFloor = {
    native: pairedRatio('native', `floorNative${kernel}`),
    wasmNode: pairedRatio('wasmNode', `floorWasm${kernel}`),
  };
  return { core, floor };
}

/** Load the floor module with the N, H network's pre-activations x_k (at the initial parameters,
    read from the wasm core's trace) and warm it up; returns the argument count. */
function floorSetup(wasm, floorModule, n, h, steps) {
  configure(wasm, n, h);
  const x = wasm.trace().points.flatMap((p) => p.x), count = x.length;
  const fx = floorModule.exports;
  new Float64Array(fx.memory.buffer, fx.floor_buffer(), count).set(x);
  fx.floor_run(count, Math.ceil(steps / 10));
  fx.floor_run_core(count, Math.ceil(steps / 10));
  return count;
}

/** Same arguments, same functions: the sums must agree (the x values came from the wasm core). */
function floorSumsAgree(sums) {
  for (const [p, q] of [['nativeLibm', 'wasmLibm'], ['nativeCore', 'wasmCore'], ['nativeLibm', 'nativeCore']]) {
    if (Math.abs(sums[p] - sums[q]) > 1e-9 * Math.abs(sums[p])) throw new Error(`floor ${p} ${sums[p]} vs ${q} ${sums[q]}`);
  }
}

async function scaling(bins, wasm, floorModule, coreUsesBpMath) {
  const [floorMode, floorFn] = coreUsesBpMath ? ['floor-core', 'floor_run_core'] : ['floor', 'floor_run'];
  const rows = [];
  for (const h of [1, 2, 8]) {
    for (const n of [3, 100, 1000]) {
      const nh = n * h;
      const steps = Math.min(1_000_000, Math.max(100, Math.round(SCALE_BUDGET_NS / (30 + 16 * nh))));
      const nat = [], was = [], fnat = [], fwas = [];
      const fsteps = Math.max(100, Math.round(steps * 1.5)), fx = floorModule.exports;
      const count = floorSetup(wasm, floorModule, n, h, fsteps);
      let ssrNative, ssrWasm;
      for (let r = 0; r < SCALING_REPS; r++) { // step and floor, native and wasm, in every round
        const a = nativeRun(bins.native, 'step', n, h, steps);
        nat.push(a.ns), ssrNative = a.ssr;
        configure(wasm, n, h);
        wasm.train(Math.ceil(steps / 10)); // same warm-up as the native driver
        wasm.reset();
        const b = timed(steps, () => wasm.train(steps));
        was.push(b.ns), ssrWasm = b.result;
        fnat.push(nativeRun(bins.native, floorMode, n, h, fsteps).ns);
        fwas.push(timed(fsteps, () => fx[floorFn](count, fsteps)).ns);
      }
      agree(`scaling N=${n} H=${h}: native vs wasm`, ssrNative, ssrWasm);
      const native = summary(nat), wasmNode = summary(was), paired = (p, q) => median(p.map((v, i) => v / q[i]));
      rows.push({
        n, h, nh, steps, native, wasmNode, floorNative: summary(fnat), floorWasm: summary(fwas),
        perUnit: { native: native.median / nh, wasmNode: wasmNode.median / nh },
        perUnitSpread: { native: [native.min / nh, native.max / nh], wasmNode: [wasmNode.min / nh, wasmNode.max / nh] },
        ratio: paired(was, nat), // per-round, as for the core figures
        stepOverFloor: { native: paired(nat, fnat), wasmNode: paired(was, fwas) },
      });
      log(`scaling N=${n} H=${h}: native ${fmtNs(native.median)}, wasm ${fmtNs(wasmNode.median)}`);
    }
  }
  wasm.reset();
  configure(wasm, 3, 2);
  // Line t = a + b * N*H per method, fitted by relative least squares (each point weighted by
  // 1/t^2, so the small networks count as much as the large); how far per-unit costs spread.
  const fit = {};
  for (const m of ['native', 'wasmNode']) {
    const pts = rows.map((r) => [r.nh, r[m].median]);
    let sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (const [x, y] of pts) {
      const w = 1 / (y * y);
      sw += w, sx += w * x, sy += w * y, sxx += w * x * x, sxy += w * x * y;
    }
    const b = (sw * sxy - sx * sy) / (sw * sxx - sx * sx), a = (sy - b * sx) / sw;
    const large = rows.filter((r) => r.nh >= 100).map((r) => r.perUnit[m]);
    fit[m] = {
      fixedNs: a, perUnitNs: b,
      maxRelResidual: Math.max(...pts.map(([x, y]) => Math.abs(y - (a + b * x)) / y)),
      perUnitLarge: { min: Math.min(...large), max: Math.max(...large), ratio: Math.max(...large) / Math.min(...large) },
    };
  }
  return { rows, fit };
}

function pageSizes() {
  const files = readdirSync(SITE).filter((f) => !f.startsWith('.') && statSync(join(SITE, f)).isFile());
  const page = new Set(pageFiles(SITE));
  const byKind = {};
  const list = [];
  for (const f of files) {
    const body = readFileSync(join(SITE, f));
    const kind = (f.match(/\.([a-z0-9]+)$/i)?.[1] ?? 'other').toLowerCase();
    const entry = { file: f, raw: body.length, gzip: gzipSync(body, { level: 9 }).length, page: page.has(f) };
    list.push(entry);
    if (!entry.page) continue;
    byKind[kind] ??= { raw: 0, gzip: 0, files: 0 };
    byKind[kind].raw += entry.raw, byKind[kind].gzip += entry.gzip, byKind[kind].files++;
  }
  const sum = (l) => ({ raw: l.reduce((s, e) => s + e.raw, 0), gzip: l.reduce((s, e) => s + e.gzip, 0), files: l.length });
  // total: index.html and everything it can load (the page, as issue #6 counts it); site: all of build/web
  const total = sum(list.filter((e) => e.page)), site = sum(list), others = list.filter((e) => !e.page).map((e) => e.file);
  const distFile = join(ROOT, 'dist', 'backprop.html');
  let dist = null;
  if (existsSync(distFile)) {
    const body = readFileSync(distFile);
    const newest = Math.max(...list.map((e) => statSync(join(SITE, e.file)).mtimeMs));
    dist = { raw: body.length, gzip: gzipSync(body, { level: 9 }).length, stale: statSync(distFile).mtimeMs < newest };
    // packed (make-dist.mjs): the parts unpacked, plus the rest of the file
    const parts = unpackBlock(body.toString('utf8'));
    if (parts) {
      const { block, ...rest } = parts;
      dist.unpacked = Object.values(rest).reduce((a, p) => a + Buffer.byteLength(p), 0) + body.length - Buffer.byteLength(block);
    }
  }
  return { files: list, byKind, total, site, others, dist };
}

async function pageTiming(browser, url, floorUrl) {
  const errors = [];
  const result = { app: false, reason: null, probe: null, frames: null, fps: null };
  Object.assign(result, await firstFrames(browser, url, { loads: LOADS, warmLoads: WARM_LOADS, errors, referenceUrl: floorUrl }));
  if (result.firstFrame.length === 0) {
    result.reason = result.firstFrameReason;
    return result;
  }
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(RAF_PROBE, FIRST_FRAME_SIGNAL);
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => window.backpropReady, null, { timeout: 10_000 });
  // Frame times at default settings: press play, let >= FRAMES frames run, then read the page's
  // ring buffer. Stop early when the page stops animating (no new frame for 2 s).
  result.played = await page.evaluate(() => {
    const app = window.backpropApp;
    if (!app || typeof app.play !== 'function') return false;
    app.play();
    return true;
  });
  // Count the app's playing frames when it reports them, else every animation frame.
  const frameCount = () => page.evaluate(() => ({
    t: performance.now(),
    f: typeof window.backpropApp?.frames === 'number' ? window.backpropApp.frames : window.__benchRaf.frames,
  }));
  const start = await frameCount();
  let last = { t: start.t, f: start.f }, stalled = false;
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    await sleep(500);
    const now = await frameCount();
    if (now.f !== last.f) last = now;
    else if (now.t - last.t > 2000) { stalled = true; break; }
    if (now.f - start.f >= FRAMES + 20) break;
  }
  const state = await page.evaluate(() => {
    const app = window.backpropApp;
    const has = !!app && typeof app.frameTimes === 'function';
    return {
      has, appType: typeof app, times: has ? Array.from(app.frameTimes()) : null,
      probe: window.__benchRaf.durations.slice(-600),
    };
  });
  result.fps = last.t > start.t ? ((last.f - start.f) / (last.t - start.t)) * 1000 : NaN;
  result.stalled = stalled;
  const stats = (a) => ({ n: a.length, median: median(a), p95: quantile(a, 0.95), max: Math.max(...a) });
  if (state.probe.length) result.probe = stats(state.probe);
  if (!state.has) {
    result.reason = state.appType === 'undefined' ? 'the page does not expose window.backpropApp yet'
      : 'window.backpropApp has no frameTimes()';
  } else if (!state.times.length) {
    result.reason = 'backpropApp.frameTimes() returned no samples (is the page animating?)';
    result.app = true;
  } else {
    result.app = true;
    result.frames = stats(state.times.filter(Number.isFinite));
    result.frameTimes = state.times; // raw, oldest first, for a look at the slow ones
    if (result.frames.n < FRAMES) result.reason = `only ${result.frames.n} frames in backpropApp.frameTimes() (wanted ${FRAMES})`;
  }
  if (result.played) result.renderer = await rendererBreakdown(browser, page);
  await context.close(); // (it was training: nothing else runs while the file below is timed)
  // The single-file build, opened from disk as a user would: first frame only, first visits.
  const dist = join(ROOT, 'dist', 'backprop.html');
  if (existsSync(dist)) {
    const d = await firstFrames(browser, pathToFileURL(dist).href, { loads: 3, errors });
    result.dist = { firstFrame: d.firstFrame, coldLoad: d.coldLoad, reason: d.firstFrameReason, loads: d.loads };
  }
  if (errors.length) result.pageErrors = errors;
  return result;
}

/** A 3 s devtools timeline trace of the playing page: what the renderer's main thread does per
    frame besides the app's own callback (style, layout, paint, commit), which frameTimes() misses. */
async function rendererBreakdown(browser, page) {
  await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'] });
  await sleep(3000);
  const trace = JSON.parse((await browser.stopTracing()).toString());
  const events = (trace.traceEvents ?? trace).filter((e) => e.ph === 'X' && typeof e.dur === 'number');
  const rafs = events.filter((e) => e.name === 'FireAnimationFrame');
  if (!rafs.length) return null;
  const { pid, tid } = rafs[0];
  const main = events.filter((e) => e.pid === pid && e.tid === tid);
  const sum = (name) => main.filter((e) => e.name === name).reduce((a, e) => a + e.dur, 0) / 1000 / rafs.length;
  const t0 = Math.min(...main.map((e) => e.ts)), t1 = Math.max(...main.map((e) => e.ts + e.dur));
  return {
    frames: rafs.length, fps: (rafs.length / (t1 - t0)) * 1e6,
    perFrameMs: {
      busy: sum('RunTask'), animationFrame: sum('FireAnimationFrame'), style: sum('UpdateLayoutTree'),
      layout: sum('Layout'), prePaint: sum('PrePaint'), paint: sum('Paint'), layerize: sum('Layerize'), commit: sum('Commit'),
    },
  };
}

/** The loss landscape (issue #8): the core time of one 128 x 128 grid in Chromium (net.ssrGrid
    over the view's own range, median of repetitions), then main-thread ms per playing frame at
    default settings with the landscape scrolled into view (the view computes grids only while
    it is on screen), with what the view did meanwhile (grids, core ms per grid, cells per frame). */
async function landscapeTiming(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(RAF_PROBE, FIRST_FRAME_SIGNAL);
  const result = { reason: null };
  try {
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(() => window.backpropApp && window.backprop, null, { timeout: 10_000 });
    // Scroll the map to the middle of the viewport (the view may be created only once it is near).
    await page.evaluate(() => document.getElementById('landscape-canvas')?.scrollIntoView({ block: 'center' }));
    await page.waitForFunction(() => {
      const s = window.backpropLandscape?.state?.();
      return s?.grid && s.grid.fresh && !s.computing;
    }, null, { timeout: 10_000 });
  } catch (e) {
    result.reason = `the landscape view showed no grid within 10 s (${e.message.split('\n')[0]})` +
      (errors.length ? `; page errors: ${errors.join('; ')}` : '');
    await context.close();
    return result;
  }
  const reps = QUICK ? 11 : 41;
  result.grid = await page.evaluate((count) => {
    const s = window.backpropLandscape.state(), g = s.grid, ms = [];
    for (let k = 0; k < count; k++) {
      const t0 = performance.now();
      window.backprop.ssrGrid(s.i, s.j, g.a0, g.a1, 128, g.c0, g.c1, 128);
      ms.push(performance.now() - t0);
    }
    return { ms, cells: 128 * 128, points: window.backprop.getData().xs.length, hidden: window.backprop.getHidden() };
  }, reps);
  Object.assign(result.grid, summary(result.grid.ms));
  delete result.grid.samples;

  // Play at default settings until the app has >= FRAMES playing frames (or stops animating).
  const before = await page.evaluate(() => {
    const v = window.backpropLandscape;
    if (typeof v.maxFrameCells === 'number') v.maxFrameCells = 0; // the view's most grid cells in one frame
    window.backpropApp.play();
    return { gridCount: v.gridCount, rafIndex: window.__benchRaf.t.length, t: performance.now(), frames: window.backpropApp.frames ?? null };
  });
  const deadline = Date.now() + 40_000;
  let frames = 0;
  while (Date.now() < deadline) {
    await sleep(500);
    frames = await page.evaluate(() => window.backpropApp.frameTimes().length);
    if (frames >= FRAMES) break;
  }
  await sleep(300); // a few more frames, so that the ring buffer holds only frames with the view in place
  const after = await page.evaluate((start) => {
    const v = window.backpropLandscape, app = window.backpropApp, r = document.getElementById('landscape-canvas').getBoundingClientRect();
    const probe = window.__benchRaf;
    return {
      times: Array.from(app.frameTimes()), gridCount: v.gridCount, lastGridMs: v.lastGridMs, lastGridCells: v.lastGridCells,
      maxFrameCells: typeof v.maxFrameCells === 'number' ? v.maxFrameCells : null,
      frameCellLimit: typeof v.frameCellLimit === 'number' ? v.frameCellLimit : null,
      seconds: (performance.now() - start.t) / 1000, playing: app.playing,
      visible: Math.max(0, Math.min(r.bottom, innerHeight) - Math.max(r.top, 0)) / Math.max(1, r.height),
      rafT: probe.t.slice(start.rafIndex), rafMs: probe.durations.slice(start.rafIndex),
    };
  }, before);
  if (after.playing) result.renderer = await rendererBreakdown(browser, page);
  await page.evaluate(() => window.backpropApp.pause());
  const stats = (a) => ({ n: a.length, median: median(a), p95: quantile(a, 0.95), max: Math.max(...a) });
  const times = after.times.filter(Number.isFinite).slice(-FRAMES);
  if (times.length) result.frames = stats(times);
  if (times.length < FRAMES) result.reason = `only ${times.length} frames in backpropApp.frameTimes() (wanted ${FRAMES})`;
  // All rAF callbacks of one frame added up (frames while playing, the last FRAMES of them).
  const perFrame = new Map();
  after.rafT.forEach((t, k) => perFrame.set(t, (perFrame.get(t) ?? 0) + after.rafMs[k]));
  const sums = [...perFrame.values()].slice(-FRAMES);
  if (sums.length) result.allCallbacks = stats(sums);
  result.view = {
    grids: after.gridCount - before.gridCount, seconds: after.seconds, lastGridMs: after.lastGridMs,
    lastGridCells: after.lastGridCells, maxFrameCells: after.maxFrameCells, frameCellLimit: after.frameCellLimit,
    visibleFraction: after.visible,
  };
  if (errors.length) result.pageErrors = errors;
  await context.close();
  return result;
}

// --------------------------------------------------------------------------- report

function verdict(value, limit, sense) {
  if (!Number.isFinite(value)) return 'n/a';
  return (sense === '<=' ? value <= limit : value >= limit) ? 'PASS' : 'MISS';
}

function table(headers, rows) {
  const w = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(w[i])).join(' | ')} |`;
  // a blank line first, so that the printed report is also valid Markdown
  return ['', line(headers), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...rows.map(line), ''].join('\n');
}

function report(r) {
  const out = [];
  const targets = [];
  const target = (name, value, limit, sense, shown) => {
    const v = verdict(value, limit, sense);
    targets.push({ name, value, limit, sense, verdict: v });
    return `${sense} ${shown}: ${v}`;
  };
  if (r.throughput) reportThroughput(r, out, target);
  if (r.scaling) reportScaling(r, out);
  if (r.page) reportPage(r, out, target);
  if (r.page?.landscape) reportLandscape(r.page.landscape, out, target);
  out.push(`\nTargets: ${targets.filter((t) => t.verdict === 'PASS').length} PASS, ${targets.filter((t) => t.verdict === 'MISS').length} MISS, ` +
    `${targets.filter((t) => t.verdict === 'n/a').length} n/a`);
  out.push('');
  for (const t of targets) out.push(`- ${t.verdict.padEnd(4)}  ${t.name} = ${Number.isFinite(t.value) ? +t.value.toPrecision(4) : 'n/a'} (target ${t.sense} ${t.limit})`);
  r.targets = targets;
  return out.join('\n');
}

function reportThroughput(r, out, target) {
  const { core, floor } = r.throughput;
  const coreFloor = r.coreUsesBpMath ? 'Core' : 'Libm';
  out.push(`Core throughput: one full-batch gradient step, dosage data (N=3), H=2, softplus`);
  out.push(`(${REPS} interleaved rounds of ${CORE_STEPS.toLocaleString('en')} steps each; per step: median and min - max;`);
  out.push(`x native: median of the per-round ratios, with their range; best/best: fastest over fastest)`);
  const coreRows = [
    ['native (C, ' + `${CC} -O2)`, core.native, '', ''],
    ['WebAssembly, Node ' + process.versions.node, core.wasmNode, target('wasm (Node) / native', core.wasmNode.ratioToNative, 1.10, '<=', '1.10x'), ''],
    ['WebAssembly, Chromium ' + r.chromiumVersion, core.wasmChromium, target('wasm (Chromium) / native', core.wasmChromium.ratioToNative, 1.10, '<=', '1.10x'), ''],
    ['plain JavaScript, Node', core.plainJs, target('plain JS / wasm (Node)', core.plainJs.ratioToWasmNode, 1.5, '>=', '1.5x wasm'),
      `${fmtX(core.plainJs.ratioToWasmNode)} of wasm`],
  ];
  out.push(table(['implementation', 'per step', 'min - max', 'x native', 'range', 'best/best', 'target'],
    coreRows.map(([name, s, t, extra]) => [name, fmtNs(s.median), spread(s, fmtNs), fmtX(s.ratioToNative),
      `${fmtX(s.pairedRatio.min)} - ${fmtX(s.pairedRatio.max)}`, fmtX(s.bestRatioToNative), [extra, t].filter(Boolean).join('; ') || '-'])));
  const pc = core.perCall;
  out.push(`Per call (100,000 calls in a loop, median of 3): train(0), the boundary alone (facade checks, JS -> wasm -> JS,` +
    ` the core's checks): Node ${fmtNs(pc.node.train0.median)}, Chromium ${fmtNs(pc.chromium.train0.median)};` +
    ` train(1): Node ${fmtNs(pc.node.train1.median)}, Chromium ${fmtNs(pc.chromium.train1.median)}`);

  out.push(`\nFloor: the 6 exp + 6 log1p of one step (N*H = 6) alone (the exps, then the log1ps, as the step orders them), timed in the same rounds; the core uses ` +
    `${r.coreUsesBpMath ? "src/bp_math.h's" : "the C library's"} exp/log1p; step / floor is the median per-round ratio`);
  const fNat = floor[`native${coreFloor}`], fWasm = floor[`wasm${coreFloor}`];
  const sfNat = floor.stepOverFloor.native.median, sfWasm = floor.stepOverFloor.wasmNode.median;
  out.push(table(['', 'floor (core exp/log1p)', 'min - max', 'floor (libm)', 'step / floor', 'target'], [
    ['native', fmtNs(fNat.median), spread(fNat, fmtNs), fmtNs(floor.nativeLibm.median), fmtX(sfNat),
      target('native step / floor', sfNat, 1.5, '<=', '1.5x')],
    ['wasm (Node)', fmtNs(fWasm.median), spread(fWasm, fmtNs), fmtNs(floor.wasmLibm.median), fmtX(sfWasm),
      target('wasm step / floor', sfWasm, 1.5, '<=', '1.5x')],
  ]));

}

function reportScaling(r, out) {

  out.push(`\nScaling: time per step and per (point x neuron), native and wasm in Node (${SCALING_REPS} reps, median)`);
  out.push(table(['N', 'H', 'N*H', 'native/step', 'wasm/step', 'wasm/native', 'native/(pt*n)', 'wasm/(pt*n)', 'wasm range/(pt*n)', 'step/floor nat, wasm'],
    r.scaling.rows.map((x) => [x.n, x.h, x.nh, fmtNs(x.native.median), fmtNs(x.wasmNode.median), fmtX(x.ratio),
      fmtNs(x.perUnit.native), fmtNs(x.perUnit.wasmNode), `${fmtNs(x.perUnitSpread.wasmNode[0])} - ${fmtNs(x.perUnitSpread.wasmNode[1])}`,
      `${fmtX(x.stepOverFloor.native)}, ${fmtX(x.stepOverFloor.wasmNode)}`])));
  for (const [m, f] of Object.entries(r.scaling.fit))
    out.push(`- ${m.padEnd(8)} fit t = ${fmtNs(f.fixedNs)} + ${fmtNs(f.perUnitNs)} x N*H (largest residual ${(f.maxRelResidual * 100).toFixed(0)}%);` +
      ` per (point x neuron) for N*H >= 100: ${fmtNs(f.perUnitLarge.min)} - ${fmtNs(f.perUnitLarge.max)} (spread ${fmtX(f.perUnitLarge.ratio)})`);

}

function reportPage(r, out, target) {
  const p = r.page, s = p.sizes;
  out.push(`\nPage: index.html and every file it can load (build/web; gzip -9 via zlib)`);
  const kindRow = (k) => (s.byKind[k] ? [fmtBytes(s.byKind[k].raw), fmtBytes(s.byKind[k].gzip)] : ['none', '-']);
  const wasmBytes = s.byKind.wasm?.raw ?? NaN;
  const gz = new Map(s.files.map((e) => [e.file, e]));
  // First load: the files each load fetched before its first frame (measured), sized from build/web.
  const loads = (p.timing?.loads ?? []).filter((l) => l.firstLoadFiles);
  const firstLoad = loads.length ? {
    raw: median(loads.map((l) => l.loadedBytes)),
    gzip: median(loads.map((l) => l.firstLoadFiles.reduce((a, f) => a + (gz.get(f.file)?.gzip ?? NaN), 0))),
    requests: median(loads.map((l) => l.firstLoadRequests)),
    files: loads[0].firstLoadFiles.map((f) => f.file),
  } : null;
  const later = firstLoad ? s.files.filter((e) => e.page && !firstLoad.files.includes(e.file)) : [];
  const kinds = (k) => `${s.byKind[k]?.files ?? 0} file${s.byKind[k]?.files === 1 ? '' : 's'}`;
  out.push(table(['item', 'raw', 'gzip', 'target'], [
    ['backprop.wasm', ...kindRow('wasm'), target('.wasm size (bytes)', wasmBytes, 8192, '<=', '8 KB')],
    [`JavaScript (${kinds('js')})`, ...kindRow('js'), '-'],
    [`HTML (${kinds('html')})`, ...kindRow('html'), '-'],
    [`CSS (${kinds('css')})`, ...kindRow('css'), '-'],
    [`page total: index.html and everything it can load (${s.total.files} files)`, fmtBytes(s.total.raw), fmtBytes(s.total.gzip),
      target('page total (bytes, raw)', s.total.raw, 60 * 1024, '<=', '60 KB')],
    ...(firstLoad ? [
      [`  first load: fetched before the first frame (${firstLoad.requests} requests, median of ${loads.length} loads)`,
        fmtBytes(firstLoad.raw), fmtBytes(firstLoad.gzip), '-'],
      [`  loaded after the first frame (${later.length} files)`, fmtBytes(later.reduce((a, e) => a + e.raw, 0)),
        fmtBytes(later.reduce((a, e) => a + e.gzip, 0)), '-'],
    ] : []),
    [`other files in build/web, not loaded by index.html (${s.others.length})`, fmtBytes(s.site.raw - s.total.raw), fmtBytes(s.site.gzip - s.total.gzip), '-'],
    [`dist/backprop.html${s.dist?.stale ? ' (stale: older than build/web; make dist)' : ''}`,
      s.dist ? fmtBytes(s.dist.raw) : 'n/a (not built; make dist)', s.dist ? fmtBytes(s.dist.gzip) : '-',
      target('single file (bytes, raw)', s.dist ? s.dist.raw : NaN, 100 * 1024, '<=', '100 KB')],
    ...(s.dist?.unpacked ? [['  unpacked in the browser: its styles, body, wasm and script (gzip + base64 in the file), with the rest',
      fmtBytes(s.dist.unpacked), '-', '-']] : []),
  ]));
  if (firstLoad) {
    out.push(`first load: ${firstLoad.files.join(', ')}`);
    out.push(`after the first frame: ${later.map((e) => e.file).join(', ') || 'nothing'}`);
  }
  if (s.others.length) out.push(`not loaded by index.html: ${s.others.join(', ')}`);
  const wb = p.wasmBreakdown;
  if (wb) {
    const sec = (n) => wb.shipped.sections.find((x) => x.name === n)?.size ?? 0;
    const other = wb.shipped.total - sec('code') - sec('data') - sec('export');
    out.push(`backprop.wasm bytes: code ${sec('code')}, data ${sec('data')}, export ${sec('export')}, headers and the rest ${other}; ` +
      `largest functions (from a --profiling-funcs build): ` +
      wb.named.functions.slice(0, 8).map((f) => `${f.name} ${f.size}`).join(', '));
  }
  const ff = p.timing.firstFrame.length ? median(p.timing.firstFrame) : NaN;
  const frameRows = [
    Number.isFinite(ff)
      ? [`first drawn frame, first visit (${p.timing.firstFrameSource}; median of ${p.timing.firstFrame.length} loads, each in a new browser context: a renderer that holds nothing of the page)`, fmtMs(ff), target('first frame (ms)', ff, 300, '<=', '300 ms')]
      : ['first drawn frame', `n/a (${p.timing.reason})`, target('first frame (ms)', NaN, 300, '<=', '300 ms')],
  ];
  const phases = (loads, keys) => keys.map((k) => fmtMs(median(loads.map((l) => l[k]).filter(Number.isFinite)))).join(' / ');
  if (Number.isFinite(ff)) {
    frameRows.push(['  min - max over those loads', `${fmtMs(Math.min(...p.timing.firstFrame))} - ${fmtMs(Math.max(...p.timing.firstFrame))}`, '-']);
    frameRows.push(['  phases (medians): document / DOMContentLoaded / last script / wasm fetched / app built / first frame',
      phases(p.timing.loads, ['documentLoaded', 'domContentLoaded', 'lastScriptLoaded', 'wasmLoaded', 'appBuilt', 'firstFrame']), '-']);
    frameRows.push(['  the load before them, the first after Chromium started (not in the median)', fmtMs(p.timing.coldLoad), '-']);
    const ref = p.timing.reference;
    if (ref?.firstFrame.length === p.timing.firstFrame.length) {
      const pairs = ref.firstFrame.map((f, k) => [p.timing.firstFrame[k], f]);
      frameRows.push([`  floor: bench/first-frame-floor, a page that only loads the core (backprop.js and .wasm) and draws the data and the curve on one canvas (first visits, paired with the page's; median of ${ref.firstFrame.length})`,
        fmtMs(median(ref.firstFrame)), '-']);
      const ratios = pairs.map(([a, b]) => a / b), added = pairs.map(([a, b]) => a - b);
      frameRows.push(['  page / floor: median of the per-load ratios, with their range (and of the differences: what the page adds to the floor)',
        `${median(ratios).toFixed(2)}x, ${Math.min(...ratios).toFixed(2)}x - ${Math.max(...ratios).toFixed(2)}x (+${fmtMs(median(added))})`, '-']);
    } else if (ref) {
      frameRows.push(['  floor: bench/first-frame-floor', `n/a (${ref.reason ?? 'not every floor load drew a frame'})`, '-']);
    }
    if (p.timing.warm?.length)
      frameRows.push([`  repeat visit: one tab, again from about:blank, a renderer that has run the page (median of ${p.timing.warm.length}; document / DOMContentLoaded / app built)`,
        `${fmtMs(median(p.timing.warm.map((l) => l.ms)))} (${phases(p.timing.warm, ['documentLoaded', 'domContentLoaded', 'appBuilt'])})`, '-']);
    else if (p.timing.warmReason) frameRows.push(['  repeat visit', `n/a (${p.timing.warmReason})`, '-']);
  }
  if (p.timing.frames) {
    frameRows.push([`main-thread ms per playing frame, default settings, backpropApp.frameTimes() (${p.timing.frames.n} frames): median`, fmtMs(p.timing.frames.median), '-']);
    frameRows.push(['  p95', fmtMs(p.timing.frames.p95), target('frame p95 (ms)', p.timing.frames.p95, 4, '<=', '4 ms')]);
  } else {
    frameRows.push(['main-thread ms per frame (backpropApp.frameTimes())', `n/a (${p.timing.reason})`, target('frame p95 (ms)', NaN, 4, '<=', '4 ms')]);
  }
  if (p.timing.loads?.length === 0) delete p.timing.loads;
  if (p.timing.probe)
    frameRows.push([`cross-check: rAF callback time seen by the bench probe (${p.timing.probe.n} frames): median / p95`,
      `${fmtMs(p.timing.probe.median)} / ${fmtMs(p.timing.probe.p95)}`, '-']);
  if (p.timing.dist)
    frameRows.push(['first drawn frame of dist/backprop.html opened from disk (first visits, median of 3 loads)',
      p.timing.dist.firstFrame.length ? fmtMs(median(p.timing.dist.firstFrame)) : `n/a (${p.timing.dist.reason})`, '-']);
  const rb = p.timing.renderer;
  if (rb) {
    const f = rb.perFrameMs, m = (v) => v.toFixed(2);
    frameRows.push([`renderer main thread per frame, mean over a 3 s trace (${rb.frames} frames): busy / rAF callbacks / style / layout / paint / commit`,
      `${m(f.busy)} / ${m(f.animationFrame)} / ${m(f.style)} / ${m(f.layout)} / ${m(f.paint)} / ${m(f.commit)} ms`, '-']);
  }
  if (p.timing.fps !== null)
    frameRows.push(['frames per second in headless Chromium' + (p.timing.stalled ? ' (the page stopped animating)' : ''),
      Number.isFinite(p.timing.fps) ? p.timing.fps.toFixed(1) : 'n/a', '-']);
  out.push(table(['page timing', 'value', 'target'], frameRows));
  if (p.timing.frames && p.timing.reason) out.push(`note: ${p.timing.reason}`);
  if (p.timing.pageErrors) out.push(`page errors: ${p.timing.pageErrors.join('; ')}`);
}

function reportLandscape(l, out, target) {
  out.push('\nLoss landscape (issue #8): 1280x800, the map scrolled into view, default settings');
  const rows = [];
  if (l.grid) {
    rows.push([`one 128 x 128 grid, one core call (net.ssrGrid in Chromium, N=${l.grid.points}, H=${l.grid.hidden}; median of ${l.grid.ms.length}, min - max)`,
      `${fmtMs(l.grid.median)} (${spread(l.grid, fmtMs)})`, '-']);
  }
  if (l.frames) {
    rows.push([`main-thread ms per playing frame with the landscape in view, backpropApp.frameTimes() (${l.frames.n} frames): median`, fmtMs(l.frames.median), '-']);
    rows.push(['  p95 (max)', `${fmtMs(l.frames.p95)} (${fmtMs(l.frames.max)})`, target('frame p95, landscape in view (ms)', l.frames.p95, 4, '<=', '4 ms')]);
  } else {
    rows.push(['main-thread ms per playing frame with the landscape in view', `n/a (${l.reason})`, target('frame p95, landscape in view (ms)', NaN, 4, '<=', '4 ms')]);
  }
  if (l.allCallbacks)
    rows.push([`  every rAF callback of a frame added up (${l.allCallbacks.n} frames): median / p95`, `${fmtMs(l.allCallbacks.median)} / ${fmtMs(l.allCallbacks.p95)}`, '-']);
  const v = l.view;
  if (v) {
    rows.push([`grids the view completed while playing (${v.seconds.toFixed(1)} s; map ${(v.visibleFraction * 100).toFixed(0)} % in view)`,
      `${v.grids} (${(v.grids / v.seconds).toFixed(1)} per s)`, '-']);
    rows.push([`  core ms of its last grid, all parts (${v.lastGridCells} cells)`, fmtMs(v.lastGridMs), '-']);
    if (v.maxFrameCells !== null)
      rows.push(['  most grid cells computed in one frame (the view\'s limit)', `${v.maxFrameCells} (${v.frameCellLimit ?? 'n/a'})`, '-']);
  }
  const rb = l.renderer;
  if (rb) {
    const f = rb.perFrameMs, m = (x) => x.toFixed(2);
    rows.push([`renderer main thread per frame, mean over a 3 s trace (${rb.frames} frames): busy / rAF callbacks / style / layout / paint / commit`,
      `${m(f.busy)} / ${m(f.animationFrame)} / ${m(f.style)} / ${m(f.layout)} / ${m(f.paint)} / ${m(f.commit)} ms`, '-']);
  }
  out.push(table(['landscape', 'value', 'target'], rows));
  if (l.frames && l.reason) out.push(`note: ${l.reason}`);
  if (l.pageErrors) out.push(`page errors: ${l.pageErrors.join('; ')}`);
}

// ----------------------------------------------------------------------------- main

async function main() {
  const bins = build();
  const { loadBackprop } = await import(pathToFileURL(join(SITE, 'backprop.js')).href);
  const wasm = await loadBackprop();
  const floorModule = await WebAssembly.instantiate(new WebAssembly.Module(readFileSync(bins.floorWasm)), {});
  floorModule.exports._initialize?.();
  const coreUsesBpMath = /#include\s+"bp_math\.h"/.test(readFileSync(join(ROOT, 'src/backprop.c'), 'utf8'));

  const server = await startServer();
  let browser, floorServer;
  try {
    log(`serving build/web at ${server.url}; starting Chromium`);
    browser = await startBrowser();
    let throughput, scale, timing, landscape;
    if (PARTS.has('core')) {
      const page = await benchPage(browser, server.url);
      log(`core throughput: ${REPS} rounds of native, wasm (Node), wasm (Chromium), plain JS`);
      throughput = await coreThroughput(bins, page, wasm, floorModule, coreUsesBpMath);
      await page.close();
    }
    if (PARTS.has('scaling')) {
      log('scaling');
      scale = await scaling(bins, wasm, floorModule, coreUsesBpMath);
    }
    if (PARTS.has('page')) {
      log('page');
      floorServer = await startServer(floorSite());
      timing = await pageTiming(browser, server.url, floorServer.url);
      log('page: the loss landscape in view');
      landscape = await landscapeTiming(browser, server.url);
    }
    const results = {
      date: new Date().toISOString(),
      machine: {
        nproc: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memGB: +(totalmem() / 2 ** 30).toFixed(1),
        node: process.versions.node, v8: process.versions.v8, cc: firstLine(CC, ['--version']),
        emcc: firstLine(EMCC, ['--version']), chromium: browser.version(),
        commit: firstLine('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']),
        loadAverage: { start: loadAtStart, end: loadavg()[0] }, // 1-minute; above nproc = contended
      },
      settings: {
        reps: REPS, scalingReps: SCALING_REPS, coreSteps: CORE_STEPS, frames: FRAMES,
        nativeFlags: `${CC} -O2`, emflags: bins.emflags.join(' '),
      },
      coreUsesBpMath, chromiumVersion: browser.version(), throughput, scaling: scale,
      page: timing && {
        sizes: pageSizes(), timing, landscape,
        wasmBreakdown: {
          shipped: wasmBreakdown(readFileSync(join(SITE, 'backprop.wasm'))),
          named: wasmBreakdown(readFileSync(bins.namesWasm)),
        },
      },
    };
    const text = report(results);
    results.seconds = (performance.now() - started) / 1000;
    console.log(`\nmachine: ${results.machine.nproc} cores, ${results.machine.cpu}; Node ${results.machine.node}; ` +
      `${results.machine.cc}; ${results.machine.emcc}; Chromium ${results.machine.chromium}; commit ${results.machine.commit}`);
    console.log(`load average (1 min) ${loadAtStart.toFixed(1)} at the start, ${results.machine.loadAverage.end.toFixed(1)} at the end` +
      ` (${results.machine.nproc} cores: above that, other work shared the CPU and the spreads widen)\n`);
    console.log(text);
    const file = join(ROOT, 'build', 'bench.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(results, null, 1) + '\n');
    console.log(`\nwrote ${relative(ROOT, file)} (${results.seconds.toFixed(0)} s)`);
  } finally {
    await browser?.close();
    server.stop();
    floorServer?.stop();
  }
}

main().catch((e) => {
  console.error(`bench: error: ${e.stack || e.message}`);
  process.exit(1);
});
