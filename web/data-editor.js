// data-editor.js: edit the data points on the fit view, with a pointer or the keyboard.
//
// Pointer (mouse, pen, touch): drag a point to move it; click or tap empty space in the plot to
// add one there; click a point to select it, then Delete or Backspace removes it; on touch a
// long-press on a point removes it. Keyboard, with the fit chart focused (it is in the Tab order):
// N / P select the next / previous point (left to right), the arrow keys move the selected point
// (Shift: ten times further), Delete or Backspace removes it, A adds a point beside it, Escape
// clears the selection. Space, S and R keep their page-wide meaning.
//
// The page keeps 1 to MAX_POINTS points; at a limit the message line says so. Every change goes
// through app.setData (the core checks the numbers) and training carries on with the new data.
// While a point is dragged, both axes stay exactly where they were (app.holdRange, view.holdRange),
// so the chart never rescales under the pointer; the point stays inside the plot, and the ranges
// follow the data again when it is let go.

import { COLORS } from './canvas.js';
import { MAX_POINTS } from './share.js';

const HIT_RADIUS = { mouse: 12, pen: 14, touch: 22 }; // CSS px: how near a press must be to grab a point
const CLICK_SLOP = 6; // CSS px a press may move and still be a click (or a long-press)
const LONG_PRESS_MS = 600;

export class DataEditor {
  #view;
  #app;
  #canvas;
  #status;
  #selected = -1;
  #drag = null; // {pointerId, pointerType, index (-1: a press on empty space), start: {x, y}, moved}
  #longPress = 0;
  #swallowMenu = false;
  #touch = false; // the last way a point was picked was a touch: the status says how touch moves it

  /** view: the FitView; app: the App; status: an element that says what is selected (aria-live). */
  constructor(view, app, status) {
    this.#view = view;
    this.#app = app;
    this.#canvas = view.canvas;
    this.#status = status;
    const c = this.#canvas;
    c.tabIndex = 0;
    if (status?.id) c.setAttribute('aria-describedby', status.id);
    c.setAttribute('aria-keyshortcuts', 'N P ArrowLeft ArrowRight ArrowUp ArrowDown Delete A Escape');
    c.classList.add('data-editable');
    c.addEventListener('pointerdown', (e) => this.#down(e));
    c.addEventListener('pointermove', (e) => this.#move(e));
    c.addEventListener('pointerup', (e) => this.#up(e, false));
    c.addEventListener('pointercancel', (e) => this.#up(e, true));
    c.addEventListener('lostpointercapture', (e) => { if (this.#drag?.pointerId === e.pointerId) this.#up(e, true); });
    // A touch that starts on a point drags it instead of scrolling the page (touch-action allows
    // vertical panning elsewhere on the chart, so the page still scrolls over it on a phone).
    c.addEventListener('touchstart', (e) => {
      const t = e.touches[0];
      if (e.touches.length === 1 && this.#hit(this.#local(t), HIT_RADIUS.touch) >= 0) e.preventDefault();
    }, { passive: false });
    c.addEventListener('contextmenu', (e) => {
      if (this.#drag || this.#swallowMenu) e.preventDefault();
      this.#swallowMenu = false;
    });
    c.addEventListener('keydown', (e) => this.#key(e));
    c.addEventListener('blur', () => this.#describe());
    view.overlays.push((ctx, X, Y, s) => this.#drawSelection(ctx, X, Y, s));
  }

  /** The selected point's index, or -1. */
  get selected() { return this.#selected; }

  /** The fit's plot area and ranges as last drawn: {left, top, width, height, x0, x1, y0, y1} (CSS px). */
  get transform() { return this.#geometry() && { ...this.#view.transform }; }

  /** Where data point (x, y) is drawn, in client (viewport) coordinates, or null before a draw. */
  toClient(x, y) {
    const t = this.#geometry();
    if (!t) return null;
    const r = this.#canvas.getBoundingClientRect();
    return {
      x: r.left + t.left + ((x - t.x0) / (t.x1 - t.x0)) * t.width,
      y: r.top + t.top + (1 - (y - t.y0) / (t.y1 - t.y0)) * t.height,
    };
  }

  // The fit's transform for the latest state (the fit draws it first if it was off screen).
  #geometry() {
    this.#view.catchUp();
    return this.#view.transform;
  }

  /** Keep the selection valid when the data changes from elsewhere (a preset, a link, a file). */
  draw(s) {
    if (this.#selected >= s.data.xs.length) this.#select(-1);
  }

  // ------------------------------------------------------------ pointer

  #down(e) {
    if (this.#drag || (e.pointerType === 'mouse' && e.button !== 0)) return;
    const t = this.#geometry();
    if (!t) return;
    const p = this.#local(e);
    const index = this.#hit(p, HIT_RADIUS[e.pointerType] ?? HIT_RADIUS.mouse);
    if (index < 0 && !this.#inside(p)) return;
    this.#canvas.focus({ preventScroll: true });
    this.#touch = e.pointerType === 'touch';
    this.#drag = { pointerId: e.pointerId, pointerType: e.pointerType, index, start: p, moved: false };
    if (index >= 0) {
      e.preventDefault(); // no text selection or scrolling while a point is held
      this.#select(index);
      this.#hold(true);
      this.#canvas.style.cursor = 'grabbing';
      if (e.pointerType === 'touch') this.#longPress = setTimeout(() => this.#removeByLongPress(), LONG_PRESS_MS);
    }
    try {
      this.#canvas.setPointerCapture(e.pointerId);
    } catch { /* the pointer is already gone */ }
  }

  #move(e) {
    const d = this.#drag, p = this.#local(e);
    if (!d) {
      if (e.pointerType === 'mouse') this.#canvas.style.cursor = this.#hit(p, HIT_RADIUS.mouse) >= 0 ? 'grab' : this.#inside(p) ? 'crosshair' : '';
      return;
    }
    if (e.pointerId !== d.pointerId) return;
    if (!d.moved && Math.hypot(p.x - d.start.x, p.y - d.start.y) > CLICK_SLOP) {
      d.moved = true;
      this.#cancelLongPress();
    }
    if (d.index < 0 || !d.moved) return;
    const { x, y } = this.#toData(p);
    const { xs, ys } = this.#data();
    if (d.index >= xs.length) return;
    xs[d.index] = x;
    ys[d.index] = y;
    this.#app.setData(xs, ys);
  }

  #up(e, cancelled) {
    const d = this.#drag;
    if (!d || e.pointerId !== d.pointerId) return;
    this.#drag = null;
    this.#cancelLongPress();
    if (d.index >= 0) {
      this.#hold(false);
      this.#canvas.style.cursor = '';
      this.#describe();
    } else if (!cancelled && !d.moved) {
      this.#add(this.#toData(d.start));
    }
  }

  #removeByLongPress() {
    this.#longPress = 0;
    const d = this.#drag;
    if (!d || d.moved || d.index < 0) return;
    this.#drag = null;
    this.#hold(false);
    this.#swallowMenu = true;
    this.#remove(d.index);
  }

  #cancelLongPress() {
    clearTimeout(this.#longPress);
    this.#longPress = 0;
  }

  // Both axes stay put while held; on release they follow the data again.
  #hold(on) {
    this.#view.holdRange = on;
    this.#app.holdRange(on);
  }

  // ------------------------------------------------------------ keyboard

  #key(e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    this.#touch = false;
    const n = this.#data().xs.length;
    const t = this.#geometry();
    const move = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[e.key];
    if (move && t) {
      e.preventDefault();
      if (this.#selected < 0) return this.#select(this.#order()[0]);
      const f = e.shiftKey ? 0.1 : 0.01, { xs, ys } = this.#data(), i = this.#selected;
      xs[i] = roundTo(xs[i] + move[0] * f * (t.x1 - t.x0), t.x1 - t.x0);
      ys[i] = roundTo(ys[i] + move[1] * f * (t.y1 - t.y0), t.y1 - t.y0);
      if (this.#app.setData(xs, ys)) this.#describe();
    } else if (e.key === 'n' || e.key === 'N' || e.key === 'p' || e.key === 'P') {
      e.preventDefault();
      const order = this.#order(), at = order.indexOf(this.#selected);
      const step = e.key.toLowerCase() === 'n' ? 1 : -1;
      this.#select(order[at < 0 ? (step > 0 ? 0 : n - 1) : (at + step + n) % n]);
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      if (this.#selected >= 0) this.#remove(this.#selected);
      else this.#say('Select a point first: N selects the first one.');
    } else if ((e.key === 'a' || e.key === 'A') && t) {
      e.preventDefault();
      const i = this.#selected, { xs, ys } = this.#data();
      const x = i >= 0 ? xs[i] + 0.05 * (t.x1 - t.x0) : (t.x0 + t.x1) / 2;
      const y = i >= 0 ? ys[i] : (t.y0 + t.y1) / 2;
      this.#add({ x: roundTo(Math.min(x, t.x1), t.x1 - t.x0), y: roundTo(y, t.y1 - t.y0) });
    } else if (e.key === 'Escape' && this.#selected >= 0) {
      e.preventDefault();
      this.#select(-1);
    }
  }

  // Point indexes from left to right.
  #order() {
    const { xs, ys } = this.#data();
    return xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b] || ys[a] - ys[b] || a - b);
  }

  // ------------------------------------------------------------ changes

  #add({ x, y }) {
    const { xs, ys } = this.#data();
    if (xs.length >= MAX_POINTS) {
      this.#app.notify(`The page keeps at most ${MAX_POINTS} points: remove one before adding another.`);
      return;
    }
    xs.push(x);
    ys.push(y);
    if (this.#app.setData(xs, ys)) this.#select(xs.length - 1);
  }

  #remove(i) {
    const { xs, ys } = this.#data();
    if (xs.length <= 1) {
      this.#describe(); // (not "Point removed" of an earlier removal: this one was refused)
      this.#app.notify('A fit needs at least one point: this is the last one, so it stays. Add another first.');
      return;
    }
    xs.splice(i, 1);
    ys.splice(i, 1);
    if (this.#app.setData(xs, ys)) {
      this.#selected = -1;
      this.#select(Math.min(i, xs.length - 1), `Point removed; ${xs.length} left.`);
    }
  }

  #select(i, prefix = '') {
    this.#selected = i;
    this.#describe(prefix);
    if (this.#view.snapshot) this.#view.draw(this.#view.snapshot);
  }

  #describe(prefix = '') {
    const { xs, ys } = this.#data(), i = this.#selected;
    const what = i >= 0 && i < xs.length
      ? `Point ${i + 1} of ${xs.length} selected: input ${xs[i]}, observed ${ys[i]}. ` +
        (this.#touch ? 'Drag it to move it, long-press it to remove it.' : 'Arrow keys move it, Delete removes it.')
      : '';
    this.#say([prefix, what].filter(Boolean).join(' '));
  }

  #say(text) {
    if (this.#status && this.#status.textContent !== text) this.#status.textContent = text;
  }

  // ------------------------------------------------------------ geometry

  #data() {
    const { xs, ys } = this.#app.net.getData();
    return { xs, ys };
  }

  #local(e) {
    const r = this.#canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  #inside(p) {
    const t = this.#view.transform;
    return !!t && p.x >= t.left && p.x <= t.left + t.width && p.y >= t.top && p.y <= t.top + t.height;
  }

  // Plot position (CSS px in the canvas) to data, kept inside the plot and rounded to a thousandth
  // of the axis span (so links stay short and values readable).
  #toData(p) {
    const t = this.#view.transform;
    const fx = Math.min(1, Math.max(0, (p.x - t.left) / t.width));
    const fy = Math.min(1, Math.max(0, (p.y - t.top) / t.height));
    return { x: roundTo(t.x0 + fx * (t.x1 - t.x0), t.x1 - t.x0), y: roundTo(t.y1 - fy * (t.y1 - t.y0), t.y1 - t.y0) };
  }

  // The index of the point nearest p within `radius` CSS px, or -1.
  #hit(p, radius) {
    const t = this.#view.transform;
    if (!t) return -1;
    const { xs, ys } = this.#data();
    let best = -1, bestD = radius;
    for (let i = 0; i < xs.length; i++) {
      const px = t.left + ((xs[i] - t.x0) / (t.x1 - t.x0)) * t.width;
      const py = t.top + (1 - (ys[i] - t.y0) / (t.y1 - t.y0)) * t.height;
      const dist = Math.hypot(px - p.x, py - p.y);
      if (dist <= bestD) { best = i; bestD = dist; }
    }
    return best;
  }

  #drawSelection(ctx, X, Y, s) {
    const i = this.#selected, { xs, ys } = s.data;
    if (i < 0 || i >= xs.length) return;
    ctx.beginPath();
    ctx.arc(X(xs[i]), Y(ys[i]), 10, 0, 2 * Math.PI);
    ctx.lineWidth = 2.5;
    ctx.strokeStyle = COLORS.positive;
    ctx.setLineDash([]);
    ctx.stroke();
  }
}

// v rounded to a thousandth of `span` (at a power of ten), without a negative zero.
function roundTo(v, span) {
  const digits = Math.ceil(-Math.log10(span / 1000));
  if (!Number.isFinite(digits)) return v;
  if (digits >= 0) return Number(v.toFixed(Math.min(digits, 15))) + 0;
  const q = 10 ** -digits;
  return Math.round(v / q) * q + 0;
}
