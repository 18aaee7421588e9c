// backprop.js: the one JavaScript face of the C core (compiled to backprop.wasm).
//
//   import { loadBackprop } from './backprop.js';
//   const net = await loadBackprop();          // the dosage example, H = 2, softplus
//   net.train(1000);                           // returns the SSR after the last step
//   net.getParams();                           // [w1, b1, w2, b2, w3, w4, b3]
//
// Works unchanged in browsers and in Node 20. Every number comes from the core; this file only
// moves numbers across and turns the core's status codes into thrown Errors with its sentences.
// Each loadBackprop() call makes an independent network (its own WebAssembly instance).

const STATUS_NAMES = [
  'ok', 'null', 'hidden', 'points', 'activation', 'data', 'param', 'param-count',
  'learning-rate', 'steps', 'capacity', 'range', 'epsilon', 'overflow', 'diverged', 'seed', 'step-count',
];

/** An Error carrying the core's status: `.code` is a short name such as 'diverged'. */
export class BackpropError extends Error {
  constructor(message, status) {
    super(message);
    this.name = 'BackpropError';
    this.status = status;
    this.code = STATUS_NAMES[status] ?? 'unknown';
  }
}

const compiled = new Map(); // one compilation per wasm source, shared by every net

const isNode = typeof process === 'object' && !!process.versions?.node;

async function compile(source) {
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) return WebAssembly.compile(source);
  const url = new URL(String(source), import.meta.url);
  if (url.protocol === 'file:' && isNode) {
    const { readFile } = await import('node:fs/promises');
    return WebAssembly.compile(await readFile(url));
  }
  const response = await fetch(url);
  if (!response.ok) throw new Error(`backprop: cannot load ${url.href}: HTTP ${response.status}`);
  return WebAssembly.compile(await response.arrayBuffer());
}

/**
 * Load the core and make a network with the defaults (the dosage example).
 * options.wasm: where the module comes from: a URL or path (default ./backprop.wasm next to this
 * file), the bytes (ArrayBuffer or typed array), or a compiled WebAssembly.Module.
 */
export async function loadBackprop(options = {}) {
  const source = options.wasm ?? globalThis.BACKPROP_WASM ?? new URL('./backprop.wasm', import.meta.url);
  const key = source instanceof URL ? source.href : source;
  if (!compiled.has(key)) compiled.set(key, compile(source));
  let module;
  try {
    module = await compiled.get(key);
  } catch (e) {
    compiled.delete(key);
    throw e;
  }
  const { exports } = await WebAssembly.instantiate(module, {});
  if (exports._initialize) exports._initialize();
  return new Net(exports);
}

function fail(method, what) {
  throw new BackpropError(`${method}: ${what}`, 0);
}

function checkNumber(method, name, value) {
  if (typeof value !== 'number') fail(method, `${name} must be a number, got ${describe(value)}`);
  return value;
}

function checkArray(method, name, value, isEntry = (v) => typeof v === 'number', what = 'a number') {
  if (!Array.isArray(value) && !(ArrayBuffer.isView(value) && !(value instanceof DataView)))
    fail(method, `${name} must be an array, got ${describe(value)}`);
  for (let i = 0; i < value.length; i++)
    if (!isEntry(value[i])) fail(method, `${name}[${i}] must be ${what}, got ${describe(value[i])}`);
  return value;
}

const isFlag = (v) => v === true || v === false || v === 0 || v === 1;

function describe(v) {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 20 ? v.slice(0, 20) + '…' : v)}`;
  if (typeof v === 'number') return String(v);
  return typeof v;
}

class Net {
  #x; // the instance's exports
  #io; // Float64Array over the exchange buffer
  #cap;
  #activations;
  #messages = new Map();

  constructor(exports) {
    this.#x = exports;
    this.#cap = exports.bpw_io_capacity();
    this.#io = new Float64Array(exports.memory.buffer, exports.bpw_io(), this.#cap);
    this.#activations = [];
    for (let i = 0; ; i++) {
      const name = this.#string(exports.bpw_activation_name(i));
      if (!name) break;
      this.#activations.push(name);
    }
    this.#check('loadBackprop', exports.bpw_init());
  }

  #string(ptr) {
    if (!ptr) return '';
    const bytes = new Uint8Array(this.#x.memory.buffer, ptr);
    return new TextDecoder().decode(bytes.subarray(0, bytes.indexOf(0)));
  }

  #check(method, status) {
    if (status === 0) return;
    if (!this.#messages.has(status)) this.#messages.set(status, this.#string(this.#x.bpw_message(status)));
    throw new BackpropError(`${method}: ${this.#messages.get(status)}`, status);
  }

  #put(method, name, array, offset = 0) {
    checkArray(method, name, array);
    if (offset + array.length > this.#cap) fail(method, `${name} is too long (${array.length} entries)`);
    for (let i = 0; i < array.length; i++) this.#io[offset + i] = Number(array[i]);
  }

  #read(count, offset = 0) {
    return Array.from(this.#io.subarray(offset, offset + count));
  }

  /** Bytes of WebAssembly memory; fixed, since the core never allocates. */
  get memoryBytes() { return this.#x.memory.buffer.byteLength; }

  /** Number of parameters, 3H + 1 (7 for the article's network). */
  get paramCount() { return 3 * this.#x.bpw_hidden() + 1; }

  /** Names in parameter order; for H = 2 the article's: w1, b1, w2, b2, w3, w4, b3. */
  paramNames() {
    const H = this.#x.bpw_hidden(), names = [];
    for (let k = 1; k <= H; k++) names.push(`w${k}`, `b${k}`);
    for (let k = 1; k <= H; k++) names.push(`w${H + k}`);
    names.push(`b${H + 1}`);
    return names;
  }

  /** The activations the core knows, e.g. ['softplus', 'relu', 'sigmoid', 'tanh']. */
  get activations() { return [...this.#activations]; }

  /** Run n gradient steps (default 1); returns the SSR after the last one. */
  train(n = 1) {
    checkNumber('train', 'steps', n);
    const status = this.#x.bpw_train(n);
    this.#check('train', status);
    return this.#io[0];
  }

  /** Exactly one gradient step; returns the SSR after it. */
  step() { return this.train(1); }

  /** Steps applied since the last reset. */
  get steps() { return this.#x.bpw_steps(); }

  /** Set the step count (restoring a saved state), a whole number from 0 to 2^53; nothing else changes. */
  setSteps(n) {
    checkNumber('setSteps', 'steps', n);
    this.#check('setSteps', this.#x.bpw_set_steps(n));
  }

  getParams() {
    this.#x.bpw_get_params();
    return this.#read(this.paramCount);
  }

  /** Set the current parameters (3H + 1 numbers); reset() still returns to the initial ones. */
  setParams(params) {
    this.#put('setParams', 'params', params);
    this.#check('setParams', this.#x.bpw_set_params(params.length));
  }

  getInitialParams() {
    this.#x.bpw_get_initial_params();
    return this.#read(this.paramCount);
  }

  /** Set the parameters reset() returns to, and reset to them. */
  setInitialParams(params) {
    this.#put('setInitialParams', 'params', params);
    this.#check('setInitialParams', this.#x.bpw_set_initial_params(params.length));
  }

  /** Replace the data: inputs xs and observed ys, equal lengths, 1 to 1024 points. */
  setData(xs, ys) {
    checkArray('setData', 'xs', xs);
    checkArray('setData', 'ys', ys);
    if (xs.length !== ys.length) fail('setData', `xs and ys must have the same length (got ${xs.length} and ${ys.length})`);
    if (xs.length * 2 > this.#cap) fail('setData', `too many points (${xs.length})`);
    this.#put('setData', 'xs', xs);
    this.#put('setData', 'ys', ys, xs.length);
    this.#check('setData', this.#x.bpw_set_data(xs.length));
  }

  getData() {
    const n = this.#x.bpw_get_data();
    return { xs: this.#read(n), ys: this.#read(n, n) };
  }

  setLearningRate(lr) {
    checkNumber('setLearningRate', 'learning rate', lr);
    this.#check('setLearningRate', this.#x.bpw_set_learning_rate(lr));
  }

  getLearningRate() { return this.#x.bpw_learning_rate(); }

  /** One boolean per parameter, true = frozen (kept fixed while the others train). */
  setFrozen(mask) {
    checkArray('setFrozen', 'mask', mask, isFlag, 'true, false, 0 or 1');
    this.#put('setFrozen', 'mask', Array.from(mask, (f) => (f ? 1 : 0)));
    this.#check('setFrozen', this.#x.bpw_set_frozen(mask.length));
  }

  getFrozen() {
    this.#x.bpw_get_frozen();
    return this.#read(this.paramCount).map((f) => f !== 0);
  }

  /** dSSR/dθ for every parameter, frozen or not, at the current parameters. */
  getGradients() {
    this.#check('getGradients', this.#x.bpw_gradients());
    return this.#read(this.paramCount);
  }

  /** Central finite-difference estimate of every dSSR/dθ (step eps · max(1, |θ|)). */
  fdGradients(eps = 1e-6) {
    checkNumber('fdGradients', 'eps', eps);
    this.#check('fdGradients', this.#x.bpw_fd_gradients(eps));
    return this.#read(this.paramCount);
  }

  ssr() {
    this.#check('ssr', this.#x.bpw_ssr());
    return this.#io[0];
  }

  predict(x) {
    checkNumber('predict', 'x', x);
    this.#check('predict', this.#x.bpw_predict(x));
    return this.#io[0];
  }

  /** Change the number of hidden neurons (1 to 8); parameters become that H's defaults. */
  setHidden(h) {
    checkNumber('setHidden', 'hidden', h);
    this.#check('setHidden', this.#x.bpw_set_hidden(h));
  }

  getHidden() { return this.#x.bpw_hidden(); }

  setActivation(name) {
    const index = this.#activations.indexOf(name);
    if (typeof name !== 'string' || index < 0)
      fail('setActivation', `unknown activation ${describe(name)}: use ${this.#activations.join(', ')}`);
    this.#check('setActivation', this.#x.bpw_set_activation(index));
  }

  getActivation() { return this.#activations[this.#x.bpw_activation()]; }

  /** Draw new initial parameters from a seed (a whole number 0 to 2^32 - 1) and reset to them. */
  randomize(seed) {
    checkNumber('randomize', 'seed', seed);
    this.#check('randomize', this.#x.bpw_randomize(seed));
  }

  /** Back to the initial parameters, step count 0. */
  reset() { this.#check('reset', this.#x.bpw_reset()); }

  /**
   * The last applied step: per parameter {old, derivative, stepSize, new} arrays, and the SSR before
   * and after it, ssrBefore and ssrAfter (NaN before any step).
   */
  lastStep() {
    this.#check('lastStep', this.#x.bpw_ledger());
    const P = this.paramCount, [ssrBefore, ssrAfter] = this.#read(2, 4 * P);
    return {
      old: this.#read(P), derivative: this.#read(P, P), stepSize: this.#read(P, 2 * P), new: this.#read(P, 3 * P),
      ssrBefore, ssrAfter,
    };
  }

  /**
   * The chain rule at the current parameters. points[i]: input, observed, predicted, residual,
   * dSSRdPredicted, x[H], y[H], dydx[H]. chain[i][j]: {factors, product} for parameter j, where
   * factors are [dSSR/dpredicted, dpredicted/dy, dy/dx, dx/dθ] for hidden parameters and
   * [dSSR/dpredicted, dpredicted/dθ] for output parameters. gradient[j] sums the products.
   */
  trace() {
    this.#check('trace', this.#x.bpw_trace());
    const H = this.getHidden(), P = 3 * H + 1, N = this.#x.bpw_points(), io = this.#io;
    const stride = 5 + 3 * H, points = [], chain = [];
    for (let i = 0; i < N; i++) {
      const o = i * stride;
      points.push({
        input: io[o], observed: io[o + 1], predicted: io[o + 2], residual: io[o + 3], dSSRdPredicted: io[o + 4],
        x: this.#read(H, o + 5), y: this.#read(H, o + 5 + H), dydx: this.#read(H, o + 5 + 2 * H),
      });
    }
    let o = N * stride;
    for (let i = 0; i < N; i++) {
      const row = [];
      for (let j = 0; j < P; j++, o += 5)
        row.push({ factors: this.#read(j < 2 * H ? 4 : 2, o), product: io[o + 4] });
      chain.push(row);
    }
    return { points, chain, gradient: this.#read(P, o) };
  }

  /** m samples over [x0, x1]: {xs, predicted, contributions[k]} where contribution k = y_k · v_k. */
  curve(x0, x1, m = 200) {
    checkNumber('curve', 'x0', x0);
    checkNumber('curve', 'x1', x1);
    checkNumber('curve', 'm', m);
    this.#check('curve', this.#x.bpw_curve(x0, x1, m));
    return this.#curveAt(0, m);
  }

  #curveAt(offset, m) {
    const H = this.getHidden(), contributions = [];
    for (let k = 0; k < H; k++) contributions.push(this.#io.slice(offset + (2 + k) * m, offset + (3 + k) * m));
    return { xs: this.#io.slice(offset, offset + m), predicted: this.#io.slice(offset + m, offset + 2 * m), contributions };
  }

  /**
   * The SSR over a grid of two parameters (indexes i and j), every other parameter at its current
   * value: {values: Float64Array(nx * ny), row-major, row r = θ_j sample r}. Overflow is Infinity.
   * With j = -1 and ny = 1 it is a 1-D slice over θ_i.
   * A block of it (part = {q0, q1, r0, r1}: columns q0 <= q < q1, rows r0 <= r < r1; each defaults
   * to the whole grid) is the same cells bit for bit, so a grid can be computed piece by piece:
   * values then holds the block alone, row-major, or, with part.into (a Float64Array of nx * ny),
   * the block is written at its place in `into`, which is returned as values (nothing allocated).
   */
  ssrGrid(i, j, a0, a1, nx, c0 = 0, c1 = 1, ny = 1, part = {}) {
    const m = 'ssrGrid';
    checkNumber(m, 'i', i); checkNumber(m, 'j', j); checkNumber(m, 'a0', a0); checkNumber(m, 'a1', a1);
    checkNumber(m, 'nx', nx); checkNumber(m, 'c0', c0); checkNumber(m, 'c1', c1); checkNumber(m, 'ny', ny);
    if (typeof part !== 'object' || part === null) fail(m, `part must be an object, got ${describe(part)}`);
    const { q0 = 0, q1 = nx, r0 = 0, r1 = ny, into = null } = part;
    checkNumber(m, 'part.q0', q0); checkNumber(m, 'part.q1', q1); checkNumber(m, 'part.r0', r0); checkNumber(m, 'part.r1', r1);
    if (into !== null && !(into instanceof Float64Array && into.length === nx * ny))
      fail(m, `part.into must be a Float64Array of nx * ny = ${nx * ny} numbers, got ${describe(into)}`);
    this.#check(m, this.#x.bpw_ssr_grid(i, j, a0, a1, nx, c0, c1, ny, q0, q1, r0, r1));
    const w = q1 - q0, h = r1 - r0;
    if (!into) return { values: this.#io.slice(0, w * h), nx, ny };
    if (w === nx) into.set(this.#io.subarray(0, w * h), r0 * nx);
    else for (let r = 0; r < h; r++) into.set(this.#io.subarray(r * w, (r + 1) * w), (r0 + r) * nx + q0);
    return { values: into, nx, ny };
  }

  /**
   * One crossing per animation frame: train `steps`, then return everything a frame draws:
   * {ssr, steps, params, gradients, curve} (curve sampled at m points over [x0, x1], if m > 0).
   * Training errors (divergence) are thrown after the snapshot is taken; `error.frame` holds it.
   */
  frame(steps, x0 = 0, x1 = 1, m = 0) {
    checkNumber('frame', 'steps', steps);
    checkNumber('frame', 'x0', x0);
    checkNumber('frame', 'x1', x1);
    checkNumber('frame', 'm', m);
    const status = this.#x.bpw_frame(steps, x0, x1, m);
    const io = this.#io, P = this.paramCount;
    const snap = {
      ssr: io[0], steps: io[1], params: this.#read(P, 3), gradients: this.#read(P, 3 + P),
      curve: m > 0 && status === 0 ? this.#curveAt(3 + 2 * P, m) : null,
    };
    try {
      this.#check('frame', status);
    } catch (e) {
      e.frame = snap;
      throw e;
    }
    return snap;
  }
}
