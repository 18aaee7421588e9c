// controls.js: the control bar, the readout and the message line, plus keyboard shortcuts.
// It turns DOM events into App calls and shows the app's snapshot back in the controls.
// A field the core (or the app) refuses keeps its previous value; the message line says why.
//
// Keys (ignored while typing in a text field or select, and with Ctrl/Alt/Meta): Space play/pause,
// S or ArrowRight one step, R reset. A focused button or checkbox keeps its own Space; a focused
// slider, a table's scrolling box (math-text.js scrollHint) and the charts that take focus (the fit,
// the loss landscape: they handle their arrows first) keep their own arrows.

import { commaOrThousands, formatCount, formatRate, formatRateText, formatSSR, parseDecimal } from './format.js';

const LOG_LR_MIN = -3, LOG_LR_MAX = 0; // the slider spans 0.001 to 1; the field takes more

export class Controls {
  #app;
  #el;
  #shown = {};
  #narrow; // the (max-width: 600px) query: the settings fold, and messages take their brief form

  /** root: the document; app: the App. */
  constructor(root, app) {
    this.#app = app;
    const $ = (id) => root.getElementById(id);
    this.#el = {
      play: $('play'), playLabel: $('play-label'), step: $('step'), reset: $('reset'),
      lrSlider: $('lr-slider'), lr: $('lr'), spf: $('spf'), activation: $('activation'),
      hidden: $('hidden'), seed: $('seed'), randomize: $('randomize'), seedNote: $('seed-note'),
      steps: $('steps'), ssr: $('ssr'), message: $('message'), hiddenCount: $('hidden-count'),
      settings: $('settings'), settingsSummary: $('settings-summary'),
    };
    const el = this.#el;
    for (const name of app.snapshot().activations) el.activation.append(new Option(name, name));

    el.play.addEventListener('click', () => app.toggle());
    el.step.addEventListener('click', () => app.step());
    el.reset.addEventListener('click', () => app.reset());
    el.lrSlider.addEventListener('input', () => {
      const lr = Number((10 ** Number(el.lrSlider.value)).toPrecision(2));
      if (app.setLearningRate(lr)) el.lr.value = formatRate(lr);
    });
    el.lr.addEventListener('change', () => {
      const lr = this.#read(el.lr.value);
      if (lr !== null) app.setLearningRate(lr);
      el.lr.value = formatRate(app.snapshot().learningRate);
    });
    el.spf.addEventListener('change', () => {
      if (!app.setStepsPerFrame(parseDecimal(el.spf.value))) el.spf.value = app.snapshot().stepsPerFrame;
    });
    el.activation.addEventListener('change', () => {
      if (!app.setActivation(el.activation.value)) el.activation.value = app.snapshot().activation;
    });
    el.hidden.addEventListener('change', () => {
      if (!app.setHidden(parseDecimal(el.hidden.value))) el.hidden.value = app.snapshot().hidden;
    });
    el.seed.addEventListener('change', () => {
      const seed = el.seed.value.trim() === '' ? null : this.#read(el.seed.value);
      if (seed === null || !app.randomize(seed)) el.seed.value = app.snapshot().seed ?? '';
    });
    el.randomize.addEventListener('click', () => {
      const seed = crypto.getRandomValues(new Uint32Array(1))[0] % 100000;
      el.seed.value = seed;
      app.randomize(seed);
    });
    root.addEventListener('keydown', (e) => this.#key(e));
    // Settings start folded on narrow screens, and are always open on wide ones (no summary there).
    const narrow = this.#narrow = matchMedia('(max-width: 600px)');
    el.settings.open = !narrow.matches;
    narrow.addEventListener('change', () => {
      if (!narrow.matches) el.settings.open = true;
      delete this.#shown.message; // (its brief form or its whole one, for the new width)
      this.draw(app.snapshot());
    });
    // Printed, they are open (the handout shows them), and opened before the printout is laid out:
    // opened by the query above when it turns to the paper's width, they came after the pages were
    // counted, and the last panel was left off the printout. Folded again after it.
    let foldAfterPrint = false;
    addEventListener('beforeprint', () => {
      foldAfterPrint = !el.settings.open;
      el.settings.open = true;
    });
    addEventListener('afterprint', () => {
      if (foldAfterPrint && narrow.matches) el.settings.open = false;
      foldAfterPrint = false;
    });
    for (const control of root.querySelectorAll('.controls :disabled')) control.disabled = false;
  }

  #key(e) {
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    const t = e.target instanceof Element ? e.target : null;
    if (t && isTextEntry(t)) return;
    if (e.key === ' ' || e.key === 'Spacebar') {
      if (t?.closest('button, summary, a[href], input')) return; // Space activates the focused control
      e.preventDefault();
      this.#app.toggle();
    } else if (e.key === 'ArrowRight' && t?.closest('input[type="range"], [role="region"][tabindex]')) {
      return; // the slider's own arrow key; a scrolling box's, which scrolls it
    } else if (e.key === 's' || e.key === 'S' || e.key === 'ArrowRight') {
      e.preventDefault();
      this.#app.step();
    } else if (e.key === 'r' || e.key === 'R') {
      e.preventDefault();
      this.#app.reset();
    }
  }

  // A number typed in a field, or null for "1,000", which could be 1 or 1000 (the page writes
  // thousands with commas): said in the message line, and nothing is changed.
  #read(text) {
    const both = commaOrThousands(text);
    if (!both) return parseDecimal(text);
    const decimal = both[0].replace(/0+$/, '').replace(/\.$/, ''), thousands = both[1];
    this.#app.notify(`\u201c${text.trim()}\u201d could be ${decimal} or ${thousands}: type ${thousands} or ${decimal}. Nothing was changed.`);
    return null;
  }

  /** Show the snapshot in the controls; focused fields are left alone while the user edits them. */
  draw(s) {
    const el = this.#el, active = document.activeElement;
    this.#set('playing', s.playing, () => {
      el.playLabel.textContent = s.playing ? 'Pause' : 'Play';
      el.play.classList.toggle('playing', s.playing);
    });
    this.#set('lr', s.learningRate, () => {
      if (active !== el.lr) el.lr.value = formatRate(s.learningRate);
      if (active !== el.lrSlider)
        el.lrSlider.value = Math.min(LOG_LR_MAX, Math.max(LOG_LR_MIN, Math.log10(s.learningRate)));
      el.lrSlider.setAttribute('aria-valuetext', formatRateText(s.learningRate)); // (its value is the log)
    });
    this.#set('spf', s.stepsPerFrame, () => { if (active !== el.spf) el.spf.value = s.stepsPerFrame; });
    this.#set('activation', s.activation, () => { el.activation.value = s.activation; });
    this.#set('hidden', s.hidden, () => {
      if (active !== el.hidden) el.hidden.value = s.hidden;
      el.hiddenCount.textContent = s.hidden === 1 ? 'one hidden neuron' : `${s.hidden} hidden neurons`;
    });
    this.#set('seed', `${s.seed}:${s.hidden}:${s.preset}`, () => {
      if (active !== el.seed) el.seed.value = s.seed ?? '';
      el.seedNote.textContent = s.seed !== null ? `Initial weights: seed ${s.seed}`
        : s.preset && !['dosage', 'walk-all'].includes(s.preset) ? 'Initial weights: the example\u2019s' // presets.js
        : s.hidden === 2 ? 'Initial weights: the article\u2019s' : 'Initial weights: the defaults';
    });
    this.#set('summary', `${s.learningRate}:${s.stepsPerFrame}:${s.activation}:${s.hidden}`, () => {
      el.settingsSummary.textContent =
        `learning rate ${formatRateText(s.learningRate)} · ${s.stepsPerFrame}/frame · ${s.activation} · ${s.hidden} hidden`;
    });
    if (s.textFrame !== false) { // (while training plays, about 10 times a second: app.js)
      this.#set('steps', s.steps, () => { el.steps.textContent = formatCount(s.steps); });
      this.#set('ssr', s.ssr, () => { el.ssr.textContent = formatSSR(s.ssr); });
    }
    this.#set('message', s.message, () => {
      // The brief form where room is short: the compact embed, and a phone, where the message is pinned
      // over the page while its place is out of view (a quarter of the window in its long form).
      const compact = document.documentElement.classList.contains('embed') || this.#narrow.matches;
      el.message.textContent = (compact && s.message?.brief) || (s.message?.text ?? '');
      el.message.className = `message${s.message ? ` message-${s.message.kind}` : ''}`;
      if (s.message) uncover(el.message, active);
    });
  }

  // Run update() only when the value differs from what is shown.
  #set(key, value, update) {
    if (key in this.#shown && Object.is(this.#shown[key], value)) return;
    this.#shown[key] = value;
    update();
  }
}

// A message pinned to the window's top or foot (style.css: sticky) can land over the control that
// caused it (the last Freeze box ticked, a field): scroll that control clear of it.
function uncover(message, control) {
  if (!control || control === document.body || control === document.documentElement) return;
  const m = message.getBoundingClientRect(), c = control.getBoundingClientRect();
  if (c.bottom <= m.top || c.top >= m.bottom || c.height === 0) return;
  const gap = 8;
  window.scrollBy(0, m.top + m.height / 2 < window.innerHeight / 2 ? c.top - m.bottom - gap : c.bottom - m.top + gap);
}

// True where keys are typed as text (fields, selects), so shortcuts must stay quiet.
function isTextEntry(el) {
  if (el.closest('textarea, select, [contenteditable]:not([contenteditable="false"])')) return true;
  const NOT_TEXT = ['checkbox', 'radio', 'range', 'button', 'submit', 'reset', 'color', 'file', 'image'];
  return el instanceof HTMLInputElement && !NOT_TEXT.includes(el.type);
}
