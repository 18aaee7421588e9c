// share-panel.js: the page side of sharing (the pure part is share.js): the example picker, the
// state kept in the address bar, Copy link, saving and loading the state as a JSON file, and
// saving the views as one PNG.
//
// The address bar: after a change the hash is rewritten with history.replaceState, at most once
// a second (so not every frame while playing), and once more when the page is hidden. A page that
// was not changed keeps the URL it was opened with. Editing the hash by hand applies it.
// Nothing here uses storage, and every failure (no clipboard, replaceState refused in a sandboxed
// iframe, a bad file) is caught and said in words; no text from a link or file becomes markup.

import { EXPORT_NOW, isTouchFirst } from './canvas.js';
import { PRESETS, presetById, presetEdits, presetState } from './presets.js';
import { MAX_FILE_BYTES, decodeLink, quote, stateFromFile, stateToFile, summarize, withForeignKeys } from './share.js';

const HASH_INTERVAL_MS = 1000;
const STATUS_MS = 6000;

export class SharePanel {
  #app;
  #el;
  #written = null; // the hash last written (or found at load): no rewrite while it still holds
  #lastWrite = -Infinity;
  #timer = 0;
  #syncing = true; // false once replaceState has been refused
  #shownExample = null; // what the picker and its note were last drawn from
  #statusTimer = 0;

  /** root: the document; app: the App. */
  constructor(root, app) {
    this.#app = app;
    const $ = (id) => root.getElementById(id);
    this.#el = {
      preset: $('preset'), note: $('preset-note'), copy: $('copy-link'), url: $('share-url'),
      saveJson: $('save-json'), loadButton: $('load-json-button'), load: $('load-json'), savePng: $('save-png'),
      status: $('share-status'),
    };
    const el = this.#el;
    // Shown (not offered) once the initial weights no longer come from an example.
    const custom = new Option('Your own settings', '');
    custom.disabled = custom.hidden = true;
    el.preset.append(custom);
    const groups = new Map();
    for (const p of PRESETS) {
      if (!groups.has(p.group)) {
        const g = root.createElement('optgroup');
        g.label = p.group;
        groups.set(p.group, g);
        el.preset.append(g);
      }
      groups.get(p.group).append(new Option(p.name, p.id));
    }
    el.preset.addEventListener('change', () => this.loadPreset(el.preset.value));
    el.copy.addEventListener('click', () => this.#copyLink());
    el.saveJson.addEventListener('click', () => this.#saveJson());
    el.loadButton.addEventListener('click', () => el.load.click());
    el.load.addEventListener('change', () => this.#loadJson(el.load.files?.[0]));
    el.savePng.addEventListener('click', () => this.#savePng());
    for (const control of [el.preset, el.copy, el.saveJson, el.loadButton, el.savePng]) control.disabled = false;

    // The event's own URL: a rewrite of ours may have replaced location.hash since the edit.
    addEventListener('hashchange', (e) => {
      if (new URL(e.newURL).hash === this.#written) return;
      this.applyLink(e.newURL, { atLoad: false });
    });
    addEventListener('pagehide', () => this.#writeHash());
    document.addEventListener('visibilitychange', () => { if (document.hidden) this.#writeHash(); });
  }

  /**
   * Apply the state in a URL (at load, or when the hash is edited). A bad link changes nothing and
   * says why. Returns true when the link was applied or held no state.
   */
  applyLink(url, { atLoad = true } = {}) {
    const app = this.#app, net = app.net;
    const tail = atLoad ? 'showing the defaults' : 'nothing was changed';
    const { state, problems, found } = decodeLink(url, { hidden: net.getHidden(), activations: net.activations });
    let ok = true;
    if (problems.length) {
      app.notify(`The link could not be read: ${summarize(problems)}; ${tail}.`);
      ok = false;
    } else if (found) {
      ok = app.applyState(state, (reason) => `The link could not be read: ${reason}; ${tail}.`);
    }
    this.#written = this.#composeHash();
    return ok;
  }

  /** Load a preset by id (the example picker calls this). */
  loadPreset(id) {
    const preset = presetById(id);
    if (preset) this.#app.applyState(presetState(preset));
  }

  draw(s) {
    // (Mid-drag the picker waits: its note changing length would move the chart under the pointer.)
    if (!s.holding) this.#showExample(s);
    this.#scheduleHash();
  }

  // The example the initial weights come from, unless its data, activation or frozen parameters
  // were changed since:
  // then "Your own settings", and the note says what it started from.
  #showExample(s) {
    const shown = this.#shownExample;
    if (shown && shown.preset === s.preset && shown.data === s.data && shown.activation === s.activation &&
      shown.hidden === s.hidden && shown.frozen === s.frozen) return;
    this.#shownExample = { preset: s.preset, data: s.data, activation: s.activation, hidden: s.hidden, frozen: s.frozen };
    const preset = presetById(s.preset ?? '');
    const edits = preset ? presetEdits(preset, s) : [];
    const id = preset && !edits.length ? preset.id : '';
    const note = !preset
      ? 'Your own settings (other hidden neurons or initial weights). Pick an example to start from its values.'
      : edits.length
        ? `Your own settings: the initial weights of \u201c${preset.name}\u201d, with ${listWords(edits)} changed since. Pick an example to start from its values.`
        : preset.note;
    if (this.#el.preset.value !== id) this.#el.preset.value = id;
    if (this.#el.note.textContent !== note) this.#el.note.textContent = note;
  }

  // ------------------------------------------------------------ the address bar

  // This page's state hash, plus what others keep in the hash (embed, autoplay, a view's key).
  #composeHash() {
    return withForeignKeys(this.#app.shareHash(), location.hash);
  }

  #scheduleHash() {
    if (this.#timer || !this.#syncing || this.#written === null) return;
    const wait = Math.max(0, this.#lastWrite + HASH_INTERVAL_MS - performance.now());
    this.#timer = setTimeout(() => {
      this.#timer = 0;
      this.#writeHash();
    }, wait);
  }

  #writeHash() {
    if (!this.#syncing || this.#written === null) return;
    this.#lastWrite = performance.now();
    const hash = this.#composeHash();
    if (hash === this.#written) return;
    try {
      history.replaceState(history.state, '', hash);
      this.#written = hash;
    } catch {
      this.#syncing = false; // e.g. a sandboxed iframe: the Copy link button still works
    }
  }

  // ------------------------------------------------------------ actions

  async #copyLink() {
    const el = this.#el;
    this.#writeHash();
    const url = `${location.href.replace(/#.*$/s, '')}${this.#composeHash()}`;
    el.url.value = url;
    try {
      if (!navigator.clipboard?.writeText) throw new Error('no clipboard');
      await navigator.clipboard.writeText(url);
      el.url.hidden = true;
      this.#say('Link copied.');
    } catch {
      // No clipboard here (an insecure page, a sandboxed frame, a refused permission): show the
      // link selected, ready for Ctrl+C or the context menu.
      el.url.hidden = false;
      el.url.focus();
      el.url.select();
      this.#say(isTouchFirst() ? 'Copy the selected link: long-press it, then Copy.' : 'Copy the selected link (Ctrl+C, or ⌘C on a Mac).', 0);
    }
  }

  #saveJson() {
    const app = this.#app, s = app.snapshot();
    const text = stateToFile(app.state(), { names: s.names, ssr: s.ssr, link: app.shareHash() });
    download(new Blob([text], { type: 'application/json' }), 'backprop-state.json');
    this.#say('State saved as backprop-state.json.');
  }

  async #loadJson(file) {
    const app = this.#app, input = this.#el.load;
    if (!file) return;
    input.value = ''; // the same file can be chosen again
    this.#say(''); // (a note of an earlier action, "Views saved…", is not this one's outcome)
    const fail = (reason) => `The file ${quote(file.name)} could not be read: ${reason}. Nothing was changed.`;
    if (file.size > MAX_FILE_BYTES) return app.notify(fail(`it is too large (${file.size.toLocaleString('en')} bytes)`));
    let text;
    try {
      text = await file.text();
    } catch (e) {
      return app.notify(fail(String(e?.message ?? e).slice(0, 80)));
    }
    const net = app.net;
    const { state, problems } = stateFromFile(text, { hidden: net.getHidden(), activations: net.activations });
    if (problems.length) return app.notify(fail(summarize(problems)));
    if (app.applyState(state, fail)) this.#say(`Loaded ${quote(file.name)}.`);
  }

  async #savePng() {
    this.#say('');
    // Views that skip work while off screen bring their picture up to date first (the landscape
    // may compute a grid for it; the others draw as composeViews asks).
    const waitFor = [];
    document.dispatchEvent(new CustomEvent('backprop:before-export', { detail: { waitFor } }));
    for (const r of await Promise.allSettled(waitFor)) {
      if (r.status === 'rejected') console.error('A view could not update its picture for the image:', r.reason);
    }
    const blob = await composeViews(document);
    if (!blob) return this.#app.notify('The images could not be made (the browser gave no PNG).', 'error');
    download(blob, 'backprop-views.png');
    this.#say('Views saved as backprop-views.png.');
  }

  // A short note beside the buttons; cleared after a while (ms = 0: kept).
  #say(text, ms = STATUS_MS) {
    const status = this.#el.status;
    status.textContent = text;
    clearTimeout(this.#statusTimer);
    if (ms) this.#statusTimer = setTimeout(() => { status.textContent = ''; }, ms);
  }
}

/** Offer a Blob as a download called `name`. */
function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30000);
}

/**
 * Every visible canvas in the page's panels (network, fit, loss, ...) on one white PNG, two per row,
 * each under its panel's title, at the canvases' own device-pixel size, each showing the latest state
 * (a view off screen while training plays draws it first). Resolves to a Blob or null.
 */
export function composeViews(root) {
  const items = [...root.querySelectorAll('.panels canvas')]
    .filter((c) => c.width > 1 && c.height > 1 && c.getClientRects().length > 0)
    .map((c) => {
      c.dispatchEvent(new CustomEvent(EXPORT_NOW)); // a view off screen draws the latest state
      return { canvas: c, title: c.closest('section')?.querySelector('h2')?.textContent.trim() ?? '' };
    });
  const scale = window.devicePixelRatio || 1, pad = Math.round(16 * scale), titleH = Math.round(26 * scale);
  const columns = Math.min(2, items.length) || 1;
  const cellW = Math.max(1, ...items.map((i) => i.canvas.width));
  const rows = [];
  for (let i = 0; i < items.length; i += columns) rows.push(items.slice(i, i + columns));
  const rowH = rows.map((row) => titleH + Math.max(...row.map((i) => i.canvas.height)));
  const out = document.createElement('canvas');
  out.width = pad + columns * (cellW + pad);
  out.height = pad + rowH.reduce((a, h) => a + h + pad, 0);
  const ctx = out.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, out.width, out.height);
  ctx.fillStyle = '#5a6474';
  ctx.font = `600 ${Math.round(13 * scale)}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  let y = pad;
  rows.forEach((row, r) => {
    row.forEach((item, k) => {
      const x = pad + k * (cellW + pad);
      ctx.fillText(item.title.toUpperCase(), x, y);
      ctx.drawImage(item.canvas, x, y + titleH);
    });
    y += rowH[r] + pad;
  });
  return new Promise((resolve) => out.toBlob(resolve, 'image/png'));
}

// ['a', 'b', 'c'] -> 'a, b and c'
function listWords(words) {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
