// app.js: the training loop and the page's one source of state, around the facade's net.
//
// The app holds the net, a few page settings (playing, steps per frame, seed, message) and the
// SSR history. Views subscribe and get a snapshot to draw; nothing else keeps mutable state.
//
//   const app = new App(net);
//   app.subscribe((snapshot) => view.draw(snapshot));
//   app.play();
//
// While playing, each animation frame makes ONE call, net.frame(k, x0, x1, m): k gradient steps,
// then the SSR, step count, parameters, gradients and curve samples. When paused, a change makes
// one net.frame(0, ...) call and one redraw. All numbers come from the core.
//
// For benchmarks: app.frameTimes() returns the main-thread milliseconds (train + draw) of the last
// 600 playing frames, oldest first (measured with performance.now() inside the frame callback).

import { BackpropError } from './backprop.js';
import { DEFAULT_STEPS_PER_FRAME, MAX_STEPS_PER_FRAME, SsrHistory } from './state.js';
import { DEFAULT_PRESET, PRESETS, isPresetStart, presetById, presetEdits, withPreset } from './presets.js';
import { checkState, encodeHash, readState, restoreState } from './share.js';

const CURVE_SAMPLES = 301; // over [x0, x1]: a data input sits on a sample (see #readStructure)
const FRAME_TIMES = 600;
// While training plays, the numbers written as page text (the table, the step count, the SSR) are
// brought up to date at most this often: each write costs the browser a layout and a paint of the
// page (about 3 ms a frame here, measured), and 60 changes a second cannot be read anyway. The
// canvases still show every frame; paused, or in the frame after any change, the text is current.
const TEXT_INTERVAL = 100; // ms

export class App {
  #net;
  #listeners = new Set();
  #raf = 0;
  #dirty = false;
  #frame; // the last net.frame() result: {ssr, steps, params, gradients, curve}
  #structure; // what changes only on user action: hidden, names, frozen, activation, data, ...
  #settings = { playing: false, stepsPerFrame: DEFAULT_STEPS_PER_FRAME, seed: null, message: null, preset: DEFAULT_PRESET };
  #holdRange = false; // while a data point is dragged, the fit's input range stays put
  #times = new Float64Array(FRAME_TIMES);
  #timeCount = 0;
  #frames = 0;
  #selected = 0; // the parameter the chain-rule panel explains (index into names)
  #textAt = -Infinity; // when a playing frame last brought the text up to date
  #textNow = false; // a change since: the next frame writes the text whatever the time
  #run = 0; // counts the restarts: a view's record of the run (the landscape's path) starts again when it changes
  #frozenStates = 0; // counts the states that set the frozen parameters: the landscape then shows what learns
  #origin = DEFAULT_PRESET; // the example last loaded whole: other neurons and back again can return to it

  #unfreeze; // how this page's reader unfreezes a parameter, for the all-frozen notice ('' : there is no way)

  /** unfreeze: the clause that ends the all-frozen notice (a compact view without the table says another way, or none). */
  constructor(net, { unfreeze = 'unfreeze one to let it learn' } = {}) {
    this.#net = net;
    this.#unfreeze = unfreeze;
    this.history = new SsrHistory(4000);
    this.#readStructure();
    this.#restart();
  }

  get net() { return this.#net; }
  get playing() { return this.#settings.playing; }

  /** Call fn(snapshot) after every change; returns a function that unsubscribes. */
  subscribe(fn) {
    this.#listeners.add(fn);
    this.#changed();
    return () => this.#listeners.delete(fn);
  }

  /** Everything a view draws, as one object. textFrame: whether the views that write page text
      write its numbers now (false in most playing frames; see TEXT_INTERVAL). */
  snapshot() {
    return { ...this.#structure, ...this.#frame, ...this.#settings, history: this.history, run: this.#run,
      frozenStates: this.#frozenStates, selected: Math.min(this.#selected, this.#structure.names.length - 1), textFrame: true };
  }

  /** Re-read the net (after changing it from outside, e.g. window.backprop in the console). */
  sync() {
    this.#readStructure();
    this.#restart();
    this.#changed();
  }

  // ------------------------------------------------------------ playing

  play() {
    if (this.#settings.playing) return;
    this.#settings.playing = true;
    this.#clearMessage();
    this.#noticeAllFrozen();
    this.#changed();
  }

  pause() {
    if (!this.#settings.playing) return;
    this.#settings.playing = false;
    this.#changed();
  }

  toggle() { return this.#settings.playing ? this.pause() : this.play(); }

  /** Pick parameter j (an index into names) for the chain-rule panel; false if there is none. */
  select(j) {
    if (!(Number.isInteger(j) && j >= 0 && j < this.#structure.names.length)) return false;
    if (j !== this.#selected) {
      this.#selected = j;
      this.#changed();
    }
    return true;
  }

  /** Exactly one gradient step (pauses first). */
  step() {
    this.#settings.playing = false;
    this.#clearMessage();
    this.#noticeAllFrozen();
    this.#advance(1);
    this.#changed();
  }

  /** Back to the initial parameters, step 0; clears a divergence. */
  reset() {
    return this.#apply(() => this.#net.reset(), { clear: true });
  }

  // ------------------------------------------------------------ settings (each returns true if taken)

  setLearningRate(lr) {
    return this.#apply(() => {
      this.#net.setLearningRate(lr);
      this.#structure.learningRate = this.#net.getLearningRate();
    }, { restart: false });
  }

  setStepsPerFrame(n) {
    if (!(Number.isInteger(n) && n >= 1 && n <= MAX_STEPS_PER_FRAME)) {
      return this.#reject(`Steps per frame must be a whole number from 1 to ${MAX_STEPS_PER_FRAME.toLocaleString('en')}.`);
    }
    this.#settings.stepsPerFrame = n;
    if (this.#settings.message?.kind === 'input') this.#clearMessage(); // (as #apply does)
    this.#changed();
    return true;
  }

  /** Another activation; training starts again from the initial parameters. */
  setActivation(name) {
    return this.#apply(() => {
      this.#net.setActivation(name);
      this.#net.reset();
    });
  }

  /** Another number of hidden neurons; initial weights from the current seed, else the defaults. */
  setHidden(h) {
    return this.#apply(() => {
      this.#net.setHidden(h);
      if (this.#settings.seed !== null) this.#net.randomize(this.#settings.seed);
      // Other initial weights: no longer the example as defined. Back at the example's neurons with
      // no seed, the core's default weights may be the example's own again (the dosage example's
      // are); or, all of it (data, activation, frozen set), another example's (walkthrough 2 and
      // back is the dosage example: its trained hidden layer and frozen set are gone).
      const net = this.#net, init = net.getInitialParams(), starts = (p) => isPresetStart(p, h, init);
      const origin = presetById(this.#origin ?? '');
      const now = { data: net.getData(), activation: net.getActivation(), frozen: net.getFrozen() };
      const same = this.#settings.seed !== null ? undefined : origin && starts(origin) ? origin
        : PRESETS.find((p) => starts(p) && presetEdits(p, now).length === 0);
      this.#settings.preset = same?.id ?? null;
    });
  }

  /** Draw initial weights from a seed (0 to 2^32 - 1), and start from them. */
  randomize(seed) {
    return this.#apply(() => {
      this.#net.randomize(seed);
      this.#settings.seed = seed;
      this.#settings.preset = null;
    });
  }

  /** Set the current parameters (e.g. a click on the loss landscape); the SSR history starts again here. */
  setParams(params) {
    return this.#apply(() => this.#net.setParams(params));
  }

  /** Freeze (true) or unfreeze parameter j; training continues with the others. */
  setFrozen(j, frozen) {
    const taken = this.#apply(() => {
      const mask = this.#net.getFrozen();
      mask[j] = frozen;
      this.#net.setFrozen(mask);
    }, { restart: false });
    if (taken) this.#noticeAllFrozen();
    return taken;
  }

  // ------------------------------------------------------------ data and sharing (see share.js)

  /** Replace the data (from the fit view's editor); training continues from the current parameters
   *  and step count, and the SSR history starts again here (the SSR is over other data now). */
  setData(xs, ys) {
    return this.#apply(() => this.#net.setData(xs, ys));
  }

  /** While held (a point is being dragged), the input range does not follow the data. */
  holdRange(on) {
    this.#holdRange = !!on;
    if (on) return;
    this.#readStructure();
    this.#refresh();
    this.#changed();
  }

  /** The whole state: data, parameters, initial parameters and settings, as a plain object. */
  state() { return readState(this.#net, this.#settings); }

  /** The state as a link hash ('#v=1&...'): opening the page with it restores this state. */
  shareHash() { return encodeHash(this.state()); }

  /**
   * Apply a state from a link, a file or a preset (fields left out stay as they are; an example named
   * without its initial parameters is loaded whole first: presets.js withPreset). Everything is
   * checked first, and a value the core refuses puts the old state back: all or nothing. On a
   * problem the message is failure(reason). Returns true if applied.
   */
  applyState(state, failure = (reason) => `${reason.charAt(0).toUpperCase()}${reason.slice(1)}. Nothing was changed.`) {
    const net = this.#net;
    const { state: s, problems } = checkState(withPreset(state), { hidden: net.getHidden(), activations: net.activations });
    let reason = problems.length ? problems.slice(0, 3).join('; ') : '';
    if (!reason) {
      const before = this.state();
      try {
        restoreState(net, s);
      } catch (e) {
        if (!(e instanceof BackpropError)) console.error(e);
        restoreState(net, before);
        // The core's sentence as a clause: "the SSR would overflow ..." (its own "nothing was changed" dropped).
        reason = sentence(e).replace(/(;\s*nothing was changed)?\.$/i, '').replace(/^[A-Z](?=[a-z ])/, (c) => c.toLowerCase());
      }
    }
    if (reason) {
      this.#readStructure();
      this.#refresh();
      this.notify(failure(reason), 'input');
      return false;
    }
    for (const key of ['stepsPerFrame', 'seed', 'preset']) if (s[key] !== undefined) this.#settings[key] = s[key];
    // A state that does not start where its example does (other neurons, a seed's draw, a hand-made
    // link's weights) names no example.
    const preset = presetById(this.#settings.preset ?? '');
    if (preset && !isPresetStart(preset, net.getHidden(), net.getInitialParams())) this.#settings.preset = null;
    // (A state that sets the initial weights starts a new origin; one that only sets, say, the rate keeps it.)
    if (s.preset !== undefined || s.initialParams !== undefined) this.#origin = this.#settings.preset;
    this.#clearMessage();
    this.#readStructure();
    // The chain-rule panel explains a parameter that learns: a walkthrough freezes w1, the default
    // pick. Only a state that sets the frozen parameters moves it (one frozen by hand stays picked).
    const { frozen } = this.#structure;
    if (s.frozen !== undefined && frozen[Math.min(this.#selected, frozen.length - 1)] && frozen.includes(false)) {
      this.#selected = frozen.indexOf(false);
    }
    if (s.frozen !== undefined) this.#frozenStates++;
    this.#restart();
    this.#changed();
    return true;
  }

  /** Show a message ('input': a refused value or a limit, 'error': something failed) until the next change. */
  notify(text, kind = 'input') {
    this.#settings.message = { kind, text };
    this.#changed();
  }

  /** Main-thread milliseconds per playing frame (train + draw), oldest first. */
  frameTimes() {
    const n = Math.min(this.#timeCount, FRAME_TIMES), out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.#times[(this.#timeCount - n + i) % FRAME_TIMES];
    return out;
  }

  /** Frames rendered while playing since the page loaded. */
  get frames() { return this.#frames; }

  // ------------------------------------------------------------ internals

  // Run a change against the net. On success re-read and (unless restart is false) start the
  // history again; on a core error show its sentence, pause, and keep everything as it was.
  #apply(change, { restart = true, clear = false } = {}) {
    try {
      change();
    } catch (e) {
      this.#readStructure();
      this.#refresh();
      return this.#reject(sentence(e), e);
    }
    if (clear) this.#clearMessage();
    else if (this.#settings.message?.kind === 'input') this.#clearMessage();
    this.#readStructure();
    if (restart) this.#restart();
    else this.#refresh();
    this.#changed();
    return true;
  }

  #reject(text, error) {
    if (error && !(error instanceof BackpropError)) console.error(error);
    this.#settings.playing = false;
    this.#settings.message = { kind: 'input', text: `${text} Nothing was changed.` };
    this.#changed();
    return false;
  }

  #clearMessage() { this.#settings.message = null; }

  // Steps still count with every parameter frozen, but change nothing: say so, rather than seem broken.
  #noticeAllFrozen() {
    if (!this.#structure.frozen.every(Boolean)) return;
    const text = 'Every parameter is frozen, so the steps change nothing';
    this.#settings.message = { kind: 'input', text: this.#unfreeze ? `${text}; ${this.#unfreeze}.` : `${text}.` };
  }

  #readStructure() {
    const net = this.#net, data = net.getData();
    const lo = Math.min(...data.xs), hi = Math.max(...data.xs);
    const span = hi > lo ? hi - lo : 1;
    // A margin of a quarter span each side and 301 samples put a sample every span/200, so the
    // data inputs of evenly spread examples (the dosage 0, 0.5, 1) fall exactly on samples.
    this.#structure = {
      hidden: net.getHidden(), names: net.paramNames(), frozen: net.getFrozen(),
      activation: net.getActivation(), activations: net.activations,
      learningRate: net.getLearningRate(), data, holding: this.#holdRange,
      xRange: this.#holdRange && this.#structure ? this.#structure.xRange : { x0: lo - span / 4, x1: hi + span / 4 },
    };
  }

  #refresh() {
    const { x0, x1 } = this.#structure.xRange;
    this.#frame = this.#net.frame(0, x0, x1, CURVE_SAMPLES);
  }

  #restart() {
    this.#run++;
    this.#refresh();
    this.history.reset(this.#frame.steps, this.#frame.ssr);
  }

  // k gradient steps and the snapshot after them, in one call. A training error (divergence)
  // pauses, keeps the last finite parameters (the core never applies a non-finite step) and says
  // what to do.
  #advance(k) {
    const { x0, x1 } = this.#structure.xRange;
    try {
      this.#frame = this.#net.frame(k, x0, x1, CURVE_SAMPLES);
    } catch (e) {
      this.#refresh(); // zero steps: the snapshot, with its curve, at the last finite parameters
      this.#settings.playing = false;
      this.#settings.message = { kind: 'error', ...trainingError(e, this.#frame.steps), training: true };
      if (!(e instanceof BackpropError)) console.error(e);
    }
    this.history.push(this.#frame.steps, this.#frame.ssr);
    this.#dirty = true;
  }

  #changed() {
    this.#dirty = true;
    this.#textNow = true;
    this.#schedule();
  }

  #schedule() {
    if (!this.#raf) this.#raf = requestAnimationFrame(this.#tick);
  }

  #tick = () => {
    this.#raf = 0;
    const t0 = performance.now();
    const playing = this.#settings.playing;
    if (playing) this.#advance(this.#settings.stepsPerFrame);
    if (this.#settings.playing) this.#schedule();
    if (this.#dirty) {
      this.#dirty = false;
      const snapshot = this.snapshot();
      if (snapshot.playing) {
        snapshot.textFrame = this.#textNow || t0 - this.#textAt >= TEXT_INTERVAL;
        if (snapshot.textFrame) this.#textAt = t0;
      }
      this.#textNow = false;
      for (const fn of this.#listeners) fn(snapshot);
    }
    if (playing) {
      this.#times[this.#timeCount++ % FRAME_TIMES] = performance.now() - t0;
      this.#frames++;
    }
  };
}

// The core's sentence, without the facade's "method: " prefix, as a sentence.
function sentence(e) {
  const text = String(e?.message ?? e).replace(/^[A-Za-z]+: /, '');
  return text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? '' : '.');
}

// {text, brief}: the message of a training error (snapshot.message.text, .brief); the brief one for a
// compact view (the 360 x 300 embed, <backprop-demo>), where the whole sentence would leave the charts no room.
function trainingError(e, steps) {
  if (e instanceof BackpropError && e.code === 'diverged') {
    return {
      text: `Training diverged at step ${steps + 1}: that step would have made the SSR or a parameter ` +
        `too large to represent, so it was not applied and the parameters stay at their last finite ` +
        `values. Lower the learning rate, then press Reset.`,
      brief: `Training diverged at step ${steps + 1}, so that step was not applied. Lower the learning rate, then press Reset.`,
    };
  }
  const text = `Training stopped at step ${steps}: ${sentence(e)} Press Reset to start again.`;
  return { text, brief: text };
}
