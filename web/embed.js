// embed.js: putting the page inside other pages.
//
// - In embed mode (?embed=1 or #embed, set by main.js as html.embed; laid out by embed.css) the
//   "Open the full page ↗" link points at this page without the embed flag, with the current state.
// - On the full page, the Embed button opens a dialog with copy-paste snippets: a sandboxed
//   <iframe> of the compact view with the current state, and (when served over HTTP) the
//   <backprop-demo> custom element (backprop-demo.js).
//
// Nothing here needs storage, cookies or the clipboard: in a sandboxed iframe (opaque origin)
// storage throws and the clipboard may be missing, so Copy falls back to selecting the text.
// The URL helpers and the snippets at the bottom are pure (no DOM), so Node tests import them directly.

import { isTouchFirst } from './canvas.js';
import { presetById, presetEdits } from './presets.js';

export const IFRAME_WIDTH = 640, IFRAME_HEIGHT = 420;

// The compact view's two charts side by side, or the fit above the SSR curve where the room under
// the controls is taller than wide: each chart then is the less elongated of the two (side by side
// a chart is w/2 by h, stacked w by h/2; the first is nearer square when w > h). Decided on that
// room, not the window: under the controls a 300 x 300 frame leaves a wide strip, where stacked
// charts were 70 px tall. The room does not change with the choice, so it cannot flip back and forth.
function stackPanels(panels) {
  if (!panels) return;
  const decide = (w, h) => panels.classList.toggle('stacked', w > 0 && h > w);
  const r = panels.getBoundingClientRect();
  decide(r.width, r.height);
  if (typeof ResizeObserver === 'function') new ResizeObserver(([e]) => decide(e.contentRect.width, e.contentRect.height)).observe(panels);
}

const SANDBOX_NOTE = 'The frame runs scripts only: no cookies, no storage, no access to your page.';
const LINK_NOTE = 'Its link opens the full page in a new tab.';

export class EmbedControls {
  #app;
  #el;
  #stale = true; // the state changed since the link was last written

  /** root: the document; app: the App; options: parseOptions() of the page URL. */
  constructor(root, app, options) {
    this.#app = app;
    const $ = (id) => root.getElementById(id);
    this.#el = {
      link: $('open-full'), button: $('embed-button'), dialog: $('embed-dialog'), settings: $('settings'),
      snippet: $('embed-snippet'), autoplay: $('embed-autoplay'), note: $('embed-note'),
      elementBlock: $('embed-element'), elementSnippet: $('embed-element-snippet'), status: $('embed-status'),
      frozen: $('embed-frozen'),
    };
    const el = this.#el;
    app.subscribe(() => {
      this.#stale = true;
      if (!app.playing) this.#updateLink();
    });

    if (options.embed) stackPanels(root.querySelector('.panels'));
    if (options.embed && el.link) {
      // The compact view keeps the learning rate in sight: the settings never fold away here.
      if (el.settings) el.settings.open = true;
      // Written when it is about to be used, so it carries the state of that moment.
      for (const type of ['pointerdown', 'focus', 'click', 'contextmenu']) el.link.addEventListener(type, () => this.#updateLink(true));
      this.#updateLink();
    }

    if (el.button && el.dialog) {
      el.button.addEventListener('click', () => this.#open());
      el.autoplay?.addEventListener('change', () => this.#fill());
      for (const b of el.dialog.querySelectorAll('[data-copy]'))
        b.addEventListener('click', () => this.#copy(root.getElementById(b.dataset.copy)));
      el.dialog.querySelector('[data-close]')?.addEventListener('click', () => el.dialog.close());
      // Keys typed in the dialog stay there (the page's shortcuts would train behind it).
      el.dialog.addEventListener('keydown', (e) => e.stopPropagation());
      el.button.disabled = false;
    }
  }

  /** The hash that describes the current state: the app's own, if it has one. */
  stateHash() {
    const app = this.#app;
    if (typeof app.shareHash === 'function') {
      try {
        return app.shareHash();
      } catch (e) {
        console.warn('embed: app.shareHash() failed; using the settings instead', e);
      }
    }
    return settingsHash(location.hash, app.snapshot());
  }

  // force: now (the state may have changed since the last redraw, e.g. a Step just before).
  #updateLink(force = false) {
    if (!(force || this.#stale) || !this.#el.link || !document.documentElement.classList.contains('embed')) return;
    this.#stale = false;
    this.#el.link.href = fullPageUrl(location.href, this.stateHash());
  }

  // The sandboxed frame has an opaque origin, so it fetches the page's modules and backprop.wasm as
  // another site would, in CORS mode: without Access-Control-Allow-Origin from their server, it
  // never gets past "Loading". Said in the note, and checked on this server (a HEAD request for
  // backprop.wasm: same origin, so every header of the answer is readable): sends is true, false,
  // or null (not known). Asked once a page. (A request from the page itself carries no Origin, and
  // some servers send the header only to requests that do: so "not sent to this check", not "not
  // sent".)
  #serverSends = null;

  #checkServer() {
    this.#serverSends ??= (async () => {
      try {
        const answer = await fetch(new URL('backprop.wasm', location.href), { method: 'HEAD', cache: 'no-store' });
        const sends = answer.ok ? answer.headers.get('access-control-allow-origin') === '*' : null;
        await answer.arrayBuffer(); // (empty; read to its end, or Chromium counts the request as aborted)
        return sends;
      } catch {
        return null; // (offline, say: the note says what is needed, no more)
      }
    })();
    return this.#serverSends;
  }

  #noteServer(sends) {
    const need = 'So it fetches this page\'s files as another site would: their server must send the header ' +
      'Access-Control-Allow-Origin: *';
    const verdict = sends === null ? '.' : sends ? ', and this one does.'
      : ', and this one did not send it to this page\'s check (some servers send it only to other sites): ' +
        'if the frame stays at "Loading", configure it (see the README).';
    this.#el.note.textContent = `${SANDBOX_NOTE} ${need}${verdict} ${LINK_NOTE}`;
    this.#el.note.classList.toggle('embed-warning', sends === false);
  }

  #open() {
    this.#fill();
    this.#el.status.textContent = '';
    this.#el.dialog.showModal();
    // From its title each time (on a phone the dialog scrolls; focus would scroll it to the snippet).
    this.#el.dialog.scrollTop = 0;
    this.#el.snippet.focus({ preventScroll: true });
    this.#el.snippet.select();
    this.#el.snippet.scrollTop = 0;
  }

  #fill() {
    const el = this.#el, s = this.#app.snapshot();
    const src = embedUrl(location.href, this.stateHash(), { autoplay: !!el.autoplay?.checked });
    el.snippet.value = iframeSnippet(src);
    if (el.frozen) el.frozen.hidden = !s.frozen.every(Boolean);
    const served = location.protocol === 'http:' || location.protocol === 'https:';
    if (!served) {
      el.note.textContent = globalThis.BACKPROP_WASM // (the single file, which holds everything)
        ? 'This file was opened from disk: put it on a web server (it needs nothing else there) and use its address in the snippet.'
        : 'This page was opened from a file. Put it on a web server (with backprop.wasm, or use dist/backprop.html) and use that address in the snippet.';
    } else if (globalThis.BACKPROP_WASM) { // (the single file: everything is in it)
      el.note.textContent = `${SANDBOX_NOTE} This single file needs nothing more from its server. ${LINK_NOTE}`;
    } else {
      this.#noteServer(null); // (until the check answers; once it has, before the dialog is painted again)
      this.#checkServer().then((sends) => this.#noteServer(sends));
    }
    if (el.elementBlock) {
      el.elementBlock.hidden = !served;
      el.elementSnippet.value = elementSnippet(new URL('backprop-demo.js', location.href).href, {
        ...s, initialParams: this.#app.net.getInitialParams(), autoplay: !!el.autoplay?.checked,
      });
    }
  }

  async #copy(textarea) {
    const status = this.#el.status;
    textarea.focus();
    textarea.select();
    try {
      await navigator.clipboard.writeText(textarea.value);
      status.textContent = 'Copied to the clipboard.';
    } catch {
      status.textContent = isTouchFirst() ? 'The snippet is selected: long-press it, then Copy.'
        : 'The snippet is selected: press Ctrl+C (⌘C on a Mac) to copy it.';
    }
  }
}

// ---------------------------------------------------------------- URLs and snippets (pure)

const decode = (s) => {
  try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; }
};

/** A query or hash ("?a=1&b", "#a=1", "a=1") without the entries named in `keys`, no prefix. */
export function withoutKeys(part, keys) {
  return String(part ?? '').replace(/^[?#]/, '').split('&')
    .filter((p) => p !== '' && !keys.includes(decode(p.split('=')[0]))).join('&');
}

/**
 * The full page for an embedded one: the hash = the state; no embed flag, and no autoplay (the
 * full page opens in exactly the state the frame showed, and waits for Play).
 */
export function fullPageUrl(pageHref, stateHash) {
  const u = new URL(pageHref);
  u.search = withoutKeys(u.search, ['embed', 'autoplay']);
  u.hash = withoutKeys(stateHash, ['embed', 'autoplay']);
  return u.href;
}

/** The compact view of this page with that state: ?embed=1 (and autoplay=1 if asked). */
export function embedUrl(pageHref, stateHash, { autoplay = false } = {}) {
  const u = new URL(pageHref);
  const flags = ['embed=1', ...(autoplay ? ['autoplay=1'] : [])];
  u.search = [withoutKeys(u.search, ['embed', 'autoplay']), ...flags].filter(Boolean).join('&');
  u.hash = withoutKeys(stateHash, ['embed', 'autoplay']);
  return u.href;
}

/** Text for an HTML attribute value in double quotes. */
export function escapeAttribute(text) {
  return String(text).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The iframe to paste. The sandbox allows scripts (the page is a program) and pop-ups that
 * escape the sandbox (its "Open the full page" link opens a normal tab); not same-origin, so the
 * frame cannot touch the host page, its cookies or its storage.
 */
export function iframeSnippet(src, { width = IFRAME_WIDTH, height = IFRAME_HEIGHT } = {}) {
  return `<iframe src="${escapeAttribute(src)}" width="${width}" height="${height}" ` +
    'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" loading="lazy" ' +
    'title="Backpropagation, live"></iframe>';
}

/**
 * The custom element to paste, with a script tag for backprop-demo.js at `moduleHref`. s: the
 * app's snapshot with the net's initialParams: its example by name, then what was changed of it
 * (the data, the activation; and the neurons without an example) and the seed, without an example
 * the initial weights themselves, then the rates. The element starts from its initial weights, not from the
 * page's current ones, with the same parameters frozen.
 */
export function elementSnippet(moduleHref, s, { height = 320 } = {}) {
  const attr = (name, value) => `${name}="${escapeAttribute(String(value))}"`;
  const preset = presetById(s.preset ?? '');
  const edits = preset ? presetEdits(preset, s) : ['the data', 'the activation'];
  const attrs = preset ? [attr('preset', preset.id)] : [];
  // (The element applies them in this order: an example's data or activation changed since stay changed.)
  if (edits.includes('the data')) attrs.push(attr('data-xs', s.data.xs.join(' ')), attr('data-ys', s.data.ys.join(' ')));
  if (edits.includes('the activation')) attrs.push(attr('activation', s.activation));
  if (!preset) attrs.push(attr('neurons', s.hidden));
  if (s.seed != null) attrs.push(attr('seed', s.seed));
  // Not an example's: the weights themselves (a link's or a file's own may come with a seed that did
  // not draw them; the element applies the seed, then these).
  if (!preset) attrs.push(attr('weights', s.initialParams.join(' ')));
  if (preset ? edits.includes('the frozen parameters') : s.frozen.some(Boolean))
    attrs.push(attr('frozen', s.names.filter((_, j) => s.frozen[j]).join(' ')));
  attrs.push(attr('learning-rate', s.learningRate), attr('steps-per-frame', s.stepsPerFrame), attr('height', height));
  if (s.autoplay) attrs.push('autoplay');
  // (The tag name is spliced in so that this source never reads like a script tag with a src to
  // make-dist.mjs, which refuses a page that still refers to an external file.)
  const script = 'script';
  return `<${script} type="module" src="${escapeAttribute(moduleHref)}"></${script}>\n` +
    `<backprop-demo ${attrs.join(' ')}></backprop-demo>`;
}

/**
 * Without app.shareHash(): the current hash with the page's settings (state.js names) replaced
 * by the snapshot's: lr, spf, hidden, activation, seed.
 */
export function settingsHash(currentHash, s) {
  const keys = ['lr', 'spf', 'hidden', 'activation', 'seed'];
  const parts = [withoutKeys(currentHash, keys)];
  parts.push(`lr=${encodeURIComponent(String(s.learningRate))}`, `spf=${s.stepsPerFrame}`);
  if (s.hidden !== undefined) parts.push(`hidden=${s.hidden}`);
  if (s.activation !== undefined) parts.push(`activation=${encodeURIComponent(s.activation)}`);
  if (s.seed !== null && s.seed !== undefined) parts.push(`seed=${s.seed}`);
  return `#${parts.filter(Boolean).join('&')}`;
}
