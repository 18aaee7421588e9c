// backprop-demo.js: <backprop-demo>, the live demo as one HTML element, for pages that accept a
// module script (a blog, course notes). Each element loads its own network (backprop.wasm next to
// this file) and trains on its own: several on one page do not share anything but the compiled
// module.
//
//   <script type="module" src="https://example.org/backprop/backprop-demo.js"></script>
//   <backprop-demo preset="dosage" autoplay learning-rate="0.1" steps-per-frame="2" height="320"></backprop-demo>
//
// Attributes (all optional):
//   preset           a preset id from presets.js: dosage (the default), step, sine, noisy-line, vee,
//                    walk-b3, walk-output, walk-all; it sets data, network, initial weights and rates
//   data-xs, data-ys your own data instead: numbers separated by spaces or commas
//   activation, neurons, seed   the activation, the number of hidden neurons, a seed for the weights
//   weights          the initial weights and biases, 3H + 1 numbers in the order w1 b1 w2 b2 ... (the
//                    output weights, then the output bias), as the Embed dialog writes them
//   frozen           the parameters that keep their values, by name ("w1 b1 w2 b2"); the others learn
//   learning-rate, steps-per-frame   override the preset's (changes later are followed)
//   autoplay         start training when visible (not with prefers-reduced-motion)
//   height           the element's height in CSS pixels (default 320); in a column narrower than
//                    420 px the two views stack and the element grows to fit them. From CSS:
//                    backprop-demo { --backprop-demo-height: 400px; }
//
// It shows the fit and the SSR curve (the page's own FitView and LossChart), Play, Step, Reset, the
// learning rate and the SSR. Training pauses while the element is off-screen and resumes when it
// is back. The shadow root is styled with a constructed stylesheet (adoptedStyleSheets): no inline
// <style> or style="" anywhere, so a strict Content-Security-Policy only needs to allow this
// script's origin (script-src, connect-src for backprop.wasm) and 'wasm-unsafe-eval'.
// For scripts: element.ready resolves to the element once trained-ready; element.app, element.net.

import { loadBackprop } from './backprop.js';
import { Announcer } from './announce.js';
import { App } from './app.js';
import { FitView } from './fit-view.js';
import { LossChart } from './loss-chart.js';
import { formatCount, formatRateText, formatSSR, parseDecimal } from './format.js';
import { DEFAULT_PRESET, PRESETS, presetById, presetState } from './presets.js';

const LOG_LR_MIN = -3, LOG_LR_MAX = 0; // the slider spans 0.001 to 1, as on the page
const DEFAULT_HEIGHT = 320;

const CSS = `
:host {
  display: block;
  box-sizing: border-box;
  margin: 1em 0;
  border: 1px solid #e3e7ed;
  border-radius: 12px;
  background: #fff;
  color: #1b2230;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  text-align: left;
  contain: content;
}
:host([hidden]) { display: none; }
*, *::before, *::after { box-sizing: border-box; }
.demo { container: demo / inline-size; }
.inner { display: flex; flex-direction: column; gap: 6px; height: var(--backprop-demo-height, ${DEFAULT_HEIGHT}px);
  min-height: 160px; padding: 8px; }
.bar { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 14px; }
.transport { display: flex; gap: 6px; }
button {
  display: inline-flex; align-items: center; justify-content: center; gap: 5px;
  min-height: 32px; padding: 0 10px; border: 1px solid #c9d0da; border-radius: 8px;
  background: #fff; color: inherit; font: inherit; font-size: 0.88rem; font-weight: 600;
  cursor: pointer; touch-action: manipulation;
}
button:hover:not(:disabled) { background: #eef2f7; }
button:disabled { opacity: 0.5; cursor: default; }
button.primary { min-width: 5.6em; background: #1f63b5; border-color: #1f63b5; color: #fff; }
button.primary:hover:not(:disabled) { background: #174d8f; }
:focus-visible { outline: 3px solid #1f63b5; outline-offset: 2px; }
svg { width: 14px; height: 14px; fill: currentColor; flex: none; }
.stroke { fill: none; stroke: currentColor; stroke-width: 1.8; stroke-linecap: round; stroke-linejoin: round; }
.icon-pause, .playing .icon-play { display: none; }
.playing .icon-pause { display: block; }
.lr { display: flex; align-items: center; gap: 6px; font-size: 0.8rem; color: #5a6474; }
.lr input { width: 110px; margin: 0; accent-color: #1f63b5; }
.lr output { min-width: 3.2em; color: #1b2230; font-weight: 600; }
.readout { display: flex; gap: 0 12px; margin-left: auto; font-size: 0.85rem; color: #5a6474; }
output, .value { font-variant-numeric: tabular-nums; }
.readout .value { color: #1b2230; font-weight: 650; }
.readout .ssr { display: inline-block; min-width: 6.6em; }
.message { margin: 0; padding: 4px 8px; border-left: 3px solid #b26b00; border-radius: 4px;
  background: #fff5e1; color: #5c3800; font-size: 0.82rem; }
.message.error { border-left-color: #b42318; background: #fdeceb; color: #7a1911; }
.message:empty { display: none; }
.announce { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.views { flex: 1; min-height: 0; display: grid; grid-template-columns: repeat(2, minmax(0, 1fr));
  grid-template-rows: minmax(0, 1fr); gap: 8px; }
canvas { display: block; width: 100%; height: 100%; min-height: 0; }
/* Narrow (a phone): the views stacked, each as tall as it needs; the element grows to fit. */
@container demo (max-width: 420px) {
  .inner { height: auto; }
  .views { grid-template-columns: minmax(0, 1fr); grid-template-rows: none; }
  canvas.fit { height: auto; aspect-ratio: 4 / 3; }
  canvas.loss { height: auto; aspect-ratio: 16 / 10; }
  .readout { margin-left: 0; }
  .lr { flex: 1; }
  .lr input { flex: 1; width: auto; min-width: 60px; }
}
`;

// A constant template (no attribute or user text ever goes into markup).
const MARKUP = `
<div class="demo" part="demo"><div class="inner">
  <div class="bar">
    <div class="transport">
      <button type="button" class="play primary" disabled>
        <svg class="icon-play" viewBox="0 0 16 16" aria-hidden="true"><path d="M4 2.5v11l9-5.5z"/></svg>
        <svg class="icon-pause" viewBox="0 0 16 16" aria-hidden="true"><path d="M3.5 2.5h3v11h-3zM9.5 2.5h3v11h-3z"/></svg>
        <span class="play-label">Play</span>
      </button>
      <button type="button" class="step" disabled>Step</button>
      <button type="button" class="reset" disabled>Reset</button>
    </div>
    <label class="lr">Learning rate
      <input type="range" class="lr-slider" min="${LOG_LR_MIN}" max="${LOG_LR_MAX}" step="0.01" value="-1" disabled>
      <output class="lr-value">0.1</output>
    </label>
    <p class="readout">
      <span>Step <span class="steps value">0</span></span>
      <span>SSR <span class="ssr value">…</span></span>
    </p>
    <p class="announce" role="status"></p>
  </div>
  <p class="message" role="status" aria-live="polite">Loading…</p>
  <div class="views">
    <canvas class="fit" role="img" aria-label="The data points, the network's curve and the residuals."></canvas>
    <canvas class="loss" role="img" aria-label="The SSR after each step, on a logarithmic scale."></canvas>
  </div>
</div></div>`;

// Shared by every element; built on first use (a module may load where there is no document).
let shared = null;
function sharedParts() {
  if (!shared) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    const template = document.createElement('template');
    template.innerHTML = MARKUP;
    shared = { sheet, template };
  }
  return shared;
}

/** Numbers in an attribute, separated by spaces and/or commas ("0 0.5 1", "0, 0.5, 1"). */
export function parseNumberList(text) {
  const parts = String(text).trim().split(/[\s,;]+/).filter(Boolean);
  return parts.map(parseDecimal);
}

export class BackpropDemo extends HTMLElement {
  static observedAttributes = ['learning-rate', 'steps-per-frame', 'height'];

  #ui;
  #app = null;
  #net = null;
  #views = [];
  #announcer = null;
  #observer = null;
  #visible = false;
  #resume = false; // play again when back on screen (it was playing, or autoplay is waiting)
  #heightSheet = new CSSStyleSheet();
  #started = false;
  #drawn = false;
  #resolveReady;
  #ready = new Promise((resolve) => { this.#resolveReady = resolve; });
  #shown = {};

  constructor() {
    super();
    const { sheet, template } = sharedParts();
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [sheet, this.#heightSheet];
    root.append(template.content.cloneNode(true));
    const $ = (selector) => root.querySelector(selector);
    this.#ui = {
      play: $('.play'), playLabel: $('.play-label'), step: $('.step'), reset: $('.reset'),
      slider: $('.lr-slider'), lrValue: $('.lr-value'), steps: $('.steps'), ssr: $('.ssr'),
      message: $('.message'), fit: $('.fit'), loss: $('.loss'), announce: $('.announce'),
    };
    this.#applyHeight();
  }

  /** Resolves to this element once its network is loaded and first drawn (or its error shown). */
  get ready() { return this.#ready; }
  /** The element's App (play(), pause(), step(), reset(), snapshot()...), or null before ready. */
  get app() { return this.#app; }
  /** The element's own network (the facade, see backprop.js), or null before ready. */
  get net() { return this.#net; }

  connectedCallback() {
    if (!this.#started) {
      this.#started = true;
      this.#start();
    }
    this.#observer = new IntersectionObserver((entries) => this.#onVisibility(entries.at(-1).isIntersecting));
    this.#observer.observe(this);
  }

  disconnectedCallback() {
    this.#observer?.disconnect();
    this.#observer = null;
    this.#onVisibility(false);
  }

  attributeChangedCallback(name, old, value) {
    if (name === 'height') this.#applyHeight();
    else if (this.#app && value !== null && old !== value) this.#applySetting(name, value);
  }

  async #start() {
    const ui = this.#ui;
    try {
      this.#net = await loadBackprop();
    } catch (e) {
      this.#showMessage(`The WebAssembly core could not be loaded (${e.message}).`, 'error');
      this.#resolveReady(this);
      return;
    }
    const app = new App(this.#net, { unfreeze: '' }); // (no table here: the writer's frozen attribute decides)
    this.#app = app;
    this.#announcer = new Announcer(ui.announce);
    this.#views = [new FitView(ui.fit), new LossChart(ui.loss), this.#announcer];

    ui.play.addEventListener('click', () => {
      this.#resume = false;
      app.toggle();
    });
    ui.step.addEventListener('click', () => { this.#resume = false; app.step(); });
    ui.reset.addEventListener('click', () => app.reset());
    ui.slider.addEventListener('input', () => {
      app.setLearningRate(Number((10 ** Number(ui.slider.value)).toPrecision(2)));
    });

    this.#applyStart();
    app.subscribe((s) => this.#draw(s));
    for (const control of [ui.play, ui.step, ui.reset, ui.slider]) control.disabled = false;

    const reduceMotion = matchMedia('(prefers-reduced-motion: reduce)').matches;
    if (this.hasAttribute('autoplay') && !reduceMotion && !app.snapshot().message) {
      if (this.#visible) app.play();
      else this.#resume = true;
    }
  }

  // The starting state from the attributes: a preset (or data), then the network, then the rates.
  #applyStart() {
    const app = this.#app;
    const id = this.getAttribute('preset') ?? DEFAULT_PRESET;
    const preset = presetById(id);
    if (preset && !app.applyState(presetState(preset), (reason) => `Preset ${id}: ${reason}.`)) return;
    if (this.hasAttribute('data-xs') || this.hasAttribute('data-ys')) {
      const xs = parseNumberList(this.getAttribute('data-xs') ?? ''), ys = parseNumberList(this.getAttribute('data-ys') ?? '');
      if (!app.applyState({ data: { xs, ys } }, (reason) => `The data (data-xs, data-ys) were not used: ${reason}.`)) return;
    }
    const activation = this.getAttribute('activation'), neurons = this.getAttribute('neurons'), seed = this.getAttribute('seed');
    if (activation !== null && !app.setActivation(activation)) return;
    if (neurons !== null && !app.setHidden(parseNumberList(neurons)[0] ?? NaN)) return;
    if (seed !== null && !app.randomize(parseNumberList(seed)[0] ?? NaN)) return;
    const weights = this.getAttribute('weights');
    if (weights !== null) {
      const list = parseNumberList(weights);
      if (!app.applyState({ initialParams: list }, (reason) => `The weights were not used: ${reason}.`)) return;
      app.reset(); // (from them)
    }
    const frozen = this.getAttribute('frozen');
    if (frozen !== null && !this.#applyFrozen(frozen)) return;
    for (const name of ['learning-rate', 'steps-per-frame']) {
      const value = this.getAttribute(name);
      if (value !== null && !this.#applySetting(name, value)) return;
    }
    // Said last: a setting taken after it would clear the note.
    if (!preset) app.notify(`There is no preset "${id}" (known: ${PRESETS.map((p) => p.id).join(', ')}).`, 'input');
  }

  // frozen="w1 b1": these parameters keep their values, all others learn (the preset's mask is replaced).
  #applyFrozen(text) {
    const app = this.#app, names = app.snapshot().names;
    const words = String(text).trim().split(/[\s,;]+/).filter(Boolean);
    const unknown = words.find((w) => !names.includes(w));
    if (unknown !== undefined) {
      app.notify(`The frozen parameters were not used: this network has no parameter "${unknown}" (it has ${names.join(', ')}).`, 'input');
      return false;
    }
    return app.applyState({ frozen: names.map((n) => words.includes(n)) }); // (one flag per name: always taken)
  }

  #applySetting(name, value) {
    const n = parseNumberList(value)[0] ?? NaN;
    if (name === 'learning-rate') return this.#app.setLearningRate(n);
    if (name === 'steps-per-frame') return this.#app.setStepsPerFrame(n);
    return true;
  }

  #applyHeight() {
    const h = parseDecimal(this.getAttribute('height') ?? '');
    const px = this.hasAttribute('height') && Number.isFinite(h) && h >= 120 && h <= 4000 ? h : DEFAULT_HEIGHT;
    this.#heightSheet.replaceSync(`:host { --backprop-demo-height: ${px}px; }`);
  }

  // Off-screen: pause, and remember to play again; back on screen: play if it was playing.
  #onVisibility(visible) {
    this.#visible = visible;
    const app = this.#app;
    if (!app) return;
    if (!visible && app.playing) {
      this.#resume = true;
      app.pause();
      this.#announcer.hold(app.snapshot()); // (not a pause the reader asked for)
    } else if (visible && this.#resume) {
      this.#resume = false;
      app.play();
    }
  }

  #draw(s) {
    for (const view of this.#views) view.draw(s);
    if (!this.#drawn) {
      this.#drawn = true;
      queueMicrotask(() => this.#resolveReady(this)); // after this first draw is complete
    }
    const ui = this.#ui;
    this.#set('playing', s.playing, () => {
      ui.playLabel.textContent = s.playing ? 'Pause' : 'Play';
      ui.play.classList.toggle('playing', s.playing);
    });
    this.#set('lr', s.learningRate, () => {
      ui.lrValue.textContent = formatRateText(s.learningRate);
      if (this.shadowRoot.activeElement !== ui.slider)
        ui.slider.value = Math.min(LOG_LR_MAX, Math.max(LOG_LR_MIN, Math.log10(s.learningRate)));
      ui.slider.setAttribute('aria-valuetext', formatRateText(s.learningRate)); // (its value is the log)
    });
    if (s.textFrame !== false) { // (while training plays, about 10 times a second: app.js)
      this.#set('steps', s.steps, () => { ui.steps.textContent = formatCount(s.steps); });
      this.#set('ssr', s.ssr, () => { ui.ssr.textContent = formatSSR(s.ssr); });
    }
    this.#set('message', s.message, () => this.#showMessage(s.message?.brief ?? s.message?.text ?? '', s.message?.kind));
  }

  #showMessage(text, kind) {
    this.#ui.message.textContent = text;
    this.#ui.message.className = `message${kind === 'error' ? ' error' : ''}`;
  }

  // Run update() only when the value differs from what is shown.
  #set(key, value, update) {
    if (key in this.#shown && Object.is(this.#shown[key], value)) return;
    this.#shown[key] = value;
    update();
  }
}

if (typeof customElements !== 'undefined' && !customElements.get('backprop-demo')) customElements.define('backprop-demo', BackpropDemo);
