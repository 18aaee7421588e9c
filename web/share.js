// share.js: the page's whole state as one plain object, written into a link (the URL hash) or a
// JSON file and read back with every field checked. No DOM here; share-panel.js wires it up.
//
// The state (when applying one, every field is optional: a missing field stays as it is):
//
//   { preset, hidden, activation, learningRate, stepsPerFrame, seed,
//     data: {xs, ys}, initialParams, params, frozen: [one boolean per parameter], steps }
//
// The link keeps the page's simple option keys (lr, spf, hidden, activation, seed) and adds the
// rest. Numbers are written in JavaScript's shortest round-trip form, String(x), so a link restores
// every bit; '-0' keeps its sign, and 'e+' is written 'e' because '+' means a space in a query:
//
//   #v=1&preset=dosage&hidden=2&activation=softplus&lr=0.1&spf=2&xs=0,0.5,1&ys=0,1,0
//    &initial=2.74,0,-1.13,0,0.36,0.63,0&params=3.12,-1.85,...&frozen=0000001&step=500[&seed=7]
//
// steps is the step count that led from the initial parameters to these (the SSR chart and the
// step count go on from it); a link without it, as before it was added, starts at step 0.
//
// Older links with only some keys (#lr=0.05&hidden=3&seed=7) change just those. A key this module
// does not know but that looks like an option name (embed, autoplay, another view's key) is left
// to its owner; anything else, and every bad value, is a problem with a short reason. Reasons quote
// at most a few characters of what they refuse and are meant for textContent, never markup.

import { MAX_STEPS_PER_FRAME } from './state.js';
import { PRESETS } from './presets.js';

export const STATE_VERSION = 1; // of links (a link's step= is new, and pages before it skip it)
export const FILE_FORMAT = 'backprop-live-state';
// Files: 2 since the state has `steps`. Pages before it read a file of version 1 only and refuse
// an unknown field, so they say "version 2 is not supported" rather than "unknown field steps".
export const FILE_VERSION = 2;
const FILE_VERSIONS_READ = [1, 2];
/** The page keeps 1 to MAX_POINTS data points (the core takes more; the editor stays readable). */
export const MAX_POINTS = 100;
export const MAX_LINK_LENGTH = 16384;
export const MAX_FILE_BYTES = 1 << 20;

const MAX_HIDDEN = 8; // the core's BP_MAX_HIDDEN
const MAX_DATA_VALUE = 1e6; // the core's BP_MAX_VALUE: the largest |input| or |observed|
const MAX_LEARNING_RATE = 1e6; // the core's BP_MAX_LEARNING_RATE
const MAX_SEED = 2 ** 32 - 1;
const MAX_STEP_COUNT = 2 ** 53; // the core's BP_MAX_STEP_COUNT

const FIELDS = ['preset', 'hidden', 'activation', 'learningRate', 'stepsPerFrame', 'seed', 'data',
  'initialParams', 'params', 'frozen', 'steps'];
const LABELS = {
  preset: 'preset', hidden: 'hidden neurons', activation: 'activation', learningRate: 'learning rate',
  stepsPerFrame: 'steps per frame', seed: 'seed', data: 'data', initialParams: 'initial parameters',
  params: 'parameters', frozen: 'frozen', steps: 'step count',
};
// A key that is not ours but may be another part of the page's (left alone, not a problem).
const FOREIGN_KEY = /^[a-z][a-z0-9_-]{0,31}$/i;

class Problem extends Error {}
const problem = (text) => { throw new Problem(text); };

// ------------------------------------------------------------------ numbers

/** x in the shortest form that reads back as exactly x ('-0' for negative zero, no '+'). */
export function formatNumber(x) {
  return Object.is(x, -0) ? '-0' : String(x).replace('e+', 'e');
}

// A decimal number as a link writes it; '1e 5' (a '+' turned into a space) is read as 1e+5.
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+ ]?\d+)?$/;

function parseNumber(text) {
  if (!NUMBER.test(text)) problem(`${quote(text)} is not a number`);
  const x = Number(text.replace(' ', '+'));
  if (!Number.isFinite(x)) problem(`${quote(text)} is too large`);
  return x;
}

function parseList(text) {
  if (text === '') problem('the list is empty');
  const parts = text.split(',');
  if (parts.length > 4 * MAX_POINTS) problem(`too many numbers (${parts.length})`);
  return parts.map(parseNumber);
}

/** Text quoted for a message: JSON string syntax, at most 24 characters of the original. */
export function quote(text) {
  const s = String(text);
  return JSON.stringify(s.length > 24 ? `${s.slice(0, 24)}…` : s);
}

// ------------------------------------------------------------------ checking a state

/**
 * Check a state object (from a link, a file or a preset). context.hidden is the network's current
 * H (for parameter arrays when the state does not change H); context.activations the names the
 * core knows. Returns {state, problems}: a clean copy with only the fields given, and the reasons
 * for everything refused (empty when all is well).
 */
export function checkState(input, context = {}) {
  if (!isPlainObject(input)) return { state: {}, problems: ['the state must be an object'] };
  const problems = [], state = {};
  for (const key of Object.keys(input)) if (!FIELDS.includes(key)) problems.push(`unknown field ${quote(key)}`);
  const take = (name, check) => {
    if (input[name] === undefined) return;
    try {
      state[name] = check(input[name]);
    } catch (e) {
      if (!(e instanceof Problem)) throw e;
      problems.push(`${LABELS[name]}: ${e.message}`);
    }
  };
  take('preset', (v) => {
    if (v === null) return null;
    if (typeof v !== 'string' || !PRESETS.some((p) => p.id === v)) problem(`no preset is called ${quoteValue(v)}`);
    return v;
  });
  take('hidden', (v) => integer(v, 1, MAX_HIDDEN));
  take('activation', (v) => {
    const known = context.activations;
    if (typeof v !== 'string' || (known ? !known.includes(v) : !/^[a-z]{1,20}$/.test(v)))
      problem(`${quoteValue(v)} is not one of ${known ? known.join(', ') : 'the activations'}`);
    return v;
  });
  take('learningRate', (v) => {
    if (!(typeof v === 'number' && v > 0 && v <= MAX_LEARNING_RATE))
      problem(`must be a number above 0 and at most ${MAX_LEARNING_RATE.toLocaleString('en')}, got ${quoteValue(v)}`);
    return v;
  });
  take('stepsPerFrame', (v) => integer(v, 1, MAX_STEPS_PER_FRAME));
  take('seed', (v) => (v === null ? null : integer(v, 0, MAX_SEED)));
  take('data', (v) => {
    if (!isPlainObject(v) || Object.keys(v).some((k) => k !== 'xs' && k !== 'ys')) problem('must be {xs, ys}');
    const xs = numbers(v.xs, 'xs', MAX_POINTS, MAX_DATA_VALUE), ys = numbers(v.ys, 'ys', MAX_POINTS, MAX_DATA_VALUE);
    if (xs.length !== ys.length) problem(`xs and ys differ in length (${xs.length} and ${ys.length})`);
    return { xs, ys };
  });
  const H = state.hidden ?? (input.hidden === undefined ? context.hidden : undefined);
  const P = Number.isInteger(H) ? 3 * H + 1 : undefined; // unknown H (refused above): no length check
  const params = (v) => {
    const a = numbers(v, 'the list', 3 * MAX_HIDDEN + 1, Infinity);
    if (P !== undefined && a.length !== P) problem(`${H} hidden neurons need ${P} numbers, got ${a.length}`);
    return a;
  };
  take('initialParams', params);
  take('params', params);
  take('frozen', (v) => {
    if (!Array.isArray(v) || !v.every((f) => f === true || f === false)) problem('must be a list of true or false');
    if (P !== undefined && v.length !== P) problem(`${H} hidden neurons need ${P} entries, got ${v.length}`);
    return [...v];
  });
  take('steps', (v) => {
    // the steps that led to the parameters: without them it would describe other parameters
    if (input.params === undefined) problem('only with the parameters it led to (params)');
    return integer(v, 0, MAX_STEP_COUNT);
  });
  return { state, problems };
}

function integer(v, lo, hi) {
  if (!(Number.isInteger(v) && v >= lo && v <= hi))
    problem(`must be a whole number from ${lo} to ${hi.toLocaleString('en')}, got ${quoteValue(v)}`);
  return v;
}

function numbers(v, name, maxLength, limit) {
  if (!Array.isArray(v)) problem(`${name} must be a list of numbers`);
  if (v.length < 1 || v.length > maxLength) problem(`${name} must have 1 to ${maxLength} entries, got ${v.length}`);
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (typeof x !== 'number' || !Number.isFinite(x)) problem(`${name}[${i}] is not a finite number (${quoteValue(x)})`);
    if (Math.abs(x) > limit) problem(`${name}[${i}] is larger than ${limit.toLocaleString('en')} in size`);
  }
  return [...v];
}

function isPlainObject(v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
}

function quoteValue(v) {
  return typeof v === 'string' ? quote(v) : typeof v === 'number' ? String(v) : v === null ? 'null' : typeof v;
}

/** The first few problems as one phrase (for a message), with how many more there are. */
export function summarize(problems, max = 3) {
  const shown = problems.slice(0, max).join('; ');
  return problems.length > max ? `${shown}; and ${problems.length - max} more` : shown;
}

// ------------------------------------------------------------------ reading and restoring a net

/** The whole state of a net plus the page's settings ({stepsPerFrame, seed, preset}). */
export function readState(net, settings) {
  return {
    preset: settings.preset ?? null,
    hidden: net.getHidden(),
    activation: net.getActivation(),
    learningRate: net.getLearningRate(),
    stepsPerFrame: settings.stepsPerFrame,
    seed: settings.seed ?? null,
    data: net.getData(),
    initialParams: net.getInitialParams(),
    params: net.getParams(),
    frozen: net.getFrozen(),
    steps: net.steps,
  };
}

/**
 * Apply a checked state's network fields to a net, in the order that makes them stick: activation,
 * hidden neurons (resets to that H's defaults), a seed's draw (only when no initial parameters are
 * given), data, initial parameters (resets the step count), current parameters, frozen set,
 * learning rate, step count. Throws the facade's BackpropError if the core refuses a value; the caller restores.
 */
export function restoreState(net, s) {
  if (s.activation !== undefined) net.setActivation(s.activation);
  if (s.hidden !== undefined) net.setHidden(s.hidden);
  if (s.seed != null && s.initialParams === undefined) net.randomize(s.seed);
  if (s.data !== undefined) net.setData(s.data.xs, s.data.ys);
  if (s.initialParams !== undefined) net.setInitialParams(s.initialParams);
  if (s.params !== undefined) net.setParams(s.params);
  if (s.frozen !== undefined) net.setFrozen(s.frozen);
  if (s.learningRate !== undefined) net.setLearningRate(s.learningRate);
  if (s.steps !== undefined) net.setSteps(s.steps);
}

// ------------------------------------------------------------------ links

// Link key -> (text, partial state) that stores the parsed value or throws a Problem.
const KEYS = {
  v: (t) => { if (t !== String(STATE_VERSION)) problem(`${quote(t)} is not supported`); },
  preset: (t, s) => { s.preset = t; },
  hidden: (t, s) => { s.hidden = parseNumber(t); },
  activation: (t, s) => { s.activation = t; },
  lr: (t, s) => { s.learningRate = parseNumber(t); },
  spf: (t, s) => { s.stepsPerFrame = parseNumber(t); },
  seed: (t, s) => { s.seed = parseNumber(t); },
  xs: (t, s) => { (s.data ??= {}).xs = parseList(t); },
  ys: (t, s) => { (s.data ??= {}).ys = parseList(t); },
  initial: (t, s) => { s.initialParams = parseList(t); },
  params: (t, s) => { s.params = parseList(t); },
  frozen: (t, s) => {
    if (!/^[01]*$/.test(t)) problem(`${quote(t)} must be a string of 0 and 1, one per parameter`);
    s.frozen = Array.from(t, (c) => c === '1');
  },
  step: (t, s) => { s.steps = parseNumber(t); },
};
const KEY_LABELS = { v: 'version', lr: 'learning rate', spf: 'steps per frame', initial: 'initial parameters', step: 'step count' };
// Keys that are part of the state; the rest of a hash belongs to others and is kept as it is.
export const STATE_KEYS = Object.freeze(Object.keys(KEYS));

/** The state as a link hash, '#v=1&...' (see the top of this file). */
export function encodeHash(s) {
  const list = (a) => Array.from(a, formatNumber).join(',');
  const parts = [`v=${STATE_VERSION}`];
  if (s.preset != null) parts.push(`preset=${encodeURIComponent(s.preset)}`);
  parts.push(`hidden=${formatNumber(s.hidden)}`, `activation=${encodeURIComponent(s.activation)}`,
    `lr=${formatNumber(s.learningRate)}`, `spf=${formatNumber(s.stepsPerFrame)}`);
  if (s.seed != null) parts.push(`seed=${formatNumber(s.seed)}`);
  parts.push(`xs=${list(s.data.xs)}`, `ys=${list(s.data.ys)}`, `initial=${list(s.initialParams)}`,
    `params=${list(s.params)}`, `frozen=${s.frozen.map((f) => (f ? '1' : '0')).join('')}`);
  if (s.steps) parts.push(`step=${formatNumber(s.steps)}`);
  return `#${parts.join('&')}`;
}

/**
 * A state hash plus the entries of `currentHash` that belong to others: not state keys, but named
 * like options (embed, autoplay, a view's own key). Malformed entries are dropped.
 */
export function withForeignKeys(stateHash, currentHash) {
  const kept = [];
  for (const [k, v] of new URLSearchParams(String(currentHash).replace(/^#/, ''))) {
    if (STATE_KEYS.includes(k) || !FOREIGN_KEY.test(k)) continue;
    kept.push(v === '' ? k : `${k}=${encodeURIComponent(v)}`);
  }
  return kept.length ? `${stateHash}&${kept.join('&')}` : stateHash;
}

/**
 * Read the state from a URL (query and hash; the hash wins, as for the page's options). Returns
 * {state, problems, found}: found is false when the URL holds no state keys at all. On any problem
 * the state is empty: a link is taken whole or not at all. context: as for checkState.
 */
export function decodeLink(url, context = {}) {
  let u;
  try {
    u = new URL(String(url));
  } catch {
    return { state: {}, problems: ['it is not a URL'], found: true };
  }
  const length = u.search.length + u.hash.length;
  if (length > MAX_LINK_LENGTH)
    return { state: {}, problems: [`it is too long (${length.toLocaleString('en')} characters)`], found: true };
  const params = new URLSearchParams(u.search);
  for (const [k, v] of new URLSearchParams(u.hash.replace(/^#/, ''))) params.set(k, v);
  return decodeParams(params, context);
}

/** As decodeLink, for a hash string alone ('#...' or without the '#'). */
export function decodeHash(hash, context = {}) {
  const text = String(hash).replace(/^#/, '');
  if (text.length > MAX_LINK_LENGTH)
    return { state: {}, problems: [`it is too long (${text.length.toLocaleString('en')} characters)`], found: true };
  return decodeParams(new URLSearchParams(text), context);
}

function decodeParams(params, context) {
  const raw = {}, problems = [];
  let found = false;
  for (const [key, text] of params) {
    const parse = Object.hasOwn(KEYS, key) ? KEYS[key] : null;
    if (parse) {
      found = true;
      try {
        parse(text, raw);
      } catch (e) {
        if (!(e instanceof Problem)) throw e;
        problems.push(`${KEY_LABELS[key] ?? key}: ${e.message}`);
      }
    } else if (!FOREIGN_KEY.test(key) && !(key === '' && text === '')) {
      found = true;
      problems.push(`unknown part ${quote(key)}`);
    }
  }
  if (raw.data && (!raw.data.xs || !raw.data.ys)) problems.push('data: xs and ys must come together');
  if (problems.length) return { state: {}, problems, found };
  // A full link names its preset and seed only when there is one: absent means none.
  if (raw.initialParams !== undefined) {
    raw.preset ??= null;
    raw.seed ??= null;
  }
  const { state, problems: more } = checkState(raw, context);
  return more.length ? { state: {}, problems: more, found } : { state, problems: [], found };
}

// ------------------------------------------------------------------ files

/** The state as a JSON file's text; `info` (names, SSR, the link) is saved but never read. */
export function stateToFile(state, info = {}) {
  return `${JSON.stringify({ format: FILE_FORMAT, version: FILE_VERSION, state, info }, null, 2)}\n`;
}

/** Read a file written by stateToFile. Returns {state, problems} as checkState does. */
export function stateFromFile(text, context = {}) {
  if (typeof text !== 'string') return { state: {}, problems: ['it is not text'] };
  if (text.length > MAX_FILE_BYTES) return { state: {}, problems: [`it is too large (${text.length.toLocaleString('en')} characters)`] };
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { state: {}, problems: [`it is not JSON (${String(e.message).slice(0, 80)})`] };
  }
  if (!isPlainObject(doc) || doc.format !== FILE_FORMAT)
    return { state: {}, problems: [`it is not a saved state (no "format": "${FILE_FORMAT}")`] };
  if (!FILE_VERSIONS_READ.includes(doc.version)) return { state: {}, problems: [`version ${quoteValue(doc.version)} is not supported`] };
  const { state, problems } = checkState(doc.state, context);
  return problems.length ? { state: {}, problems } : { state, problems };
}
