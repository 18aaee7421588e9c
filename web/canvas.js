// canvas.js: what every canvas view shares: a crisp high-DPI canvas that follows its CSS size,
// the palette, fonts, and small drawing helpers (labels in pills, a padlock, axis ticks).
//
// A view extends CanvasView and implements render(ctx, snapshot, width, height) in CSS pixels;
// draw(snapshot) stores the snapshot and renders, and a resize re-renders the last snapshot.
// While training plays, a view that is off screen is not rendered: it keeps the snapshot, and
// renders the latest one once it is back in view (on the next frame), or when asked with
// catchUp(): Save images sends EXPORT_NOW to each canvas before reading it, the page calls it
// before printing, and what reads the view's geometry (the fit's transform, the network's
// labels) calls it first.

/** Colours: blue/orange for sign (safe for the common colour-vision deficiencies), ink and greys. */
export const COLORS = Object.freeze({
  positive: '#1f63b5',
  negative: '#c2540a',
  zero: '#8a94a3',
  ink: '#1b2230',
  muted: '#5a6474',
  faint: '#8a94a3',
  grid: '#e6e9ef',
  axis: '#b9c0cc',
  fit: '#6a3fc1',
  loss: '#6a3fc1',
  surface: '#ffffff',
  frozen: '#5a6474',
});

/** One colour per hidden neuron, shared by the network diagram and the contribution curves. */
export const NEURON_COLORS = Object.freeze([
  '#0e9384', '#d0417e', '#7a8a12', '#9a6324', '#4058c8', '#c79100', '#5d6b7e', '#2596be',
]);

export const FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export function font(size, weight = 400) {
  return `${weight} ${size}px ${FONT_FAMILY}`;
}

export function signColor(v) {
  return v > 0 ? COLORS.positive : v < 0 ? COLORS.negative : COLORS.zero;
}

/** A device used by touch first (a phone, a tablet): its hints say tap and long-press, not keys and
    wheel. The page's CSS (.for-fine, .for-touch in style.css) uses the same query. */
export const TOUCH_FIRST = '(hover: none) and (pointer: coarse)';
let touchQuery = null;
/** Whether this device is used by touch first, now (the query is made once, when first asked). */
export function isTouchFirst() {
  touchQuery ??= matchMedia(TOUCH_FIRST);
  return touchQuery.matches;
}

/** The event Save images sends to each canvas it is about to read (share-panel.js). */
export const EXPORT_NOW = 'backprop:export-now';

// A new device pixel ratio alone (the window moved to a screen of another density, or a zoom that
// leaves the canvas its CSS size) is no resize: a media query on the present ratio tells every
// view, armed again for the new ratio each time it fires. Views are held weakly: a view whose
// canvas is gone (a <backprop-demo> removed from its page) is not kept alive by this, and its
// reference leaves the set once the view is collected.
const ratioListeners = new Set(); // WeakRefs to each view's handler
const ratioCollected = new FinalizationRegistry((ref) => ratioListeners.delete(ref));
let ratioQuery = null;
function watchRatio() {
  ratioQuery?.removeEventListener('change', ratioChanged);
  ratioQuery = matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
  ratioQuery.addEventListener('change', ratioChanged);
}
function ratioChanged() {
  watchRatio();
  for (const ref of ratioListeners) ref.deref()?.();
}

/** How many views the pixel-ratio watch holds (for tests). */
export const ratioWatchSize = () => ratioListeners.size;

/** Base class: owns the canvas, its backing-store size (CSS size × devicePixelRatio) and redraws. */
export class CanvasView {
  #observer;
  #visibility;
  #ratio = () => this.#resize(); // (only the view holds it: see ratioListeners)
  #ratioRef = new WeakRef(this.#ratio);
  #onScreen = null; // the observer's last report: null before its first
  #stale = false; // the kept snapshot is not drawn yet (it came while the view was off screen)

  constructor(canvas) {
    this.canvas = canvas;
    this.ctx = canvas.getContext('2d');
    this.width = 0;
    this.height = 0;
    this.snapshot = null; // the latest snapshot
    this.drawn = null; // the snapshot the canvas shows (older than the latest while off screen)
    this.#observer = new ResizeObserver(() => this.#resize());
    this.#observer.observe(canvas);
    if (!ratioQuery) watchRatio();
    ratioListeners.add(this.#ratioRef);
    ratioCollected.register(this.#ratio, this.#ratioRef, this.#ratioRef);
    // On screen with a margin, so that a view is drawn again (by the next frame of training) a
    // little before it scrolls into sight.
    this.#visibility = new IntersectionObserver((entries) => {
      this.#onScreen = entries[entries.length - 1].isIntersecting;
      this.visibilityChanged(this.#onScreen);
    }, { rootMargin: '200px 0px' });
    this.#visibility.observe(canvas);
    canvas.addEventListener(EXPORT_NOW, () => this.catchUp());
    this.#resize();
  }

  #resize() {
    const dpr = window.devicePixelRatio || 1;
    const w = this.canvas.clientWidth, h = this.canvas.clientHeight;
    const bw = Math.max(1, Math.round(w * dpr)), bh = Math.max(1, Math.round(h * dpr));
    const cleared = this.canvas.width !== bw || this.canvas.height !== bh;
    if (cleared) { // (a new size clears the canvas: drawn again even off screen)
      this.canvas.width = bw;
      this.canvas.height = bh;
    }
    // The observer's first report (in the first frame, right after the first drawing) and any
    // report that changes nothing here need no drawing.
    const changed = cleared || w !== this.width || h !== this.height || dpr !== this.dpr;
    this.width = w;
    this.height = h;
    this.dpr = dpr;
    if (this.snapshot && changed) cleared ? this.drawNow(this.snapshot) : this.draw(this.snapshot);
  }

  /** Whether the canvas is on screen (within the margin), as last observed; null before that. */
  get onScreen() { return this.#onScreen; }

  /** Called when the canvas comes on screen (true) or leaves it (false); for views to override. */
  visibilityChanged() {}

  /** Render a snapshot (also kept for redraws on resize); while training plays, only on screen. */
  draw(snapshot) {
    this.snapshot = snapshot;
    if (snapshot.playing && this.#onScreen === false) this.#stale = true;
    else this.drawNow(snapshot);
  }

  /** Render the latest snapshot if it is not drawn yet. */
  catchUp() {
    if (this.#stale) this.drawNow(this.snapshot);
  }

  /** Render a snapshot now, on screen or not. */
  drawNow(snapshot) {
    this.snapshot = snapshot;
    this.#stale = false;
    if (this.width < 10 || this.height < 10) return;
    this.drawn = snapshot;
    const ctx = this.ctx;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.clearRect(0, 0, this.width, this.height);
    this.render(ctx, snapshot, this.width, this.height);
  }

  render() {}

  disconnect() {
    this.#observer.disconnect();
    this.#visibility.disconnect();
    ratioListeners.delete(this.#ratioRef);
    ratioCollected.unregister(this.#ratioRef);
  }
}

/** A rounded rectangle path. */
export function roundRect(ctx, x, y, w, h, r) {
  r = Math.min(r, w / 2, h / 2);
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

/** A small padlock whose body is centred at (x, y); s is its width. */
export function drawLock(ctx, x, y, s, color) {
  ctx.save();
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = Math.max(1, s * 0.16);
  ctx.beginPath();
  ctx.arc(x, y - s * 0.28, s * 0.28, Math.PI, 0);
  ctx.stroke();
  roundRect(ctx, x - s / 2, y - s * 0.28, s, s * 0.72, s * 0.12);
  ctx.fill();
  ctx.restore();
}

function pillMetrics(ctx, name, value, frozen, size) {
  ctx.font = font(size, 500);
  const nameW = ctx.measureText(name).width;
  ctx.font = font(size, 600);
  const valueW = ctx.measureText(value).width;
  const lock = frozen ? size * 0.8 + 4 : 0;
  const padX = size * 0.5, gap = size * 0.35, h = size + 8;
  return { nameW, lock, padX, gap, h, w: padX * 2 + lock + nameW + gap + valueW };
}

/** The width drawPill would use for this label. */
export function pillWidth(ctx, name, value, frozen, size) {
  return pillMetrics(ctx, name, value, frozen, size).w;
}

/**
 * A label in a rounded pill centred at (x, y): a muted name, then the value in `color`.
 * Frozen labels get a dashed border and a padlock. Returns the pill's width.
 */
export function drawPill(ctx, x, y, name, value, { color, frozen = false, size = 12 } = {}) {
  ctx.save();
  const { nameW, lock, padX, gap, h, w } = pillMetrics(ctx, name, value, frozen, size);
  const left = x - w / 2, top = y - h / 2;
  roundRect(ctx, left, top, w, h, h / 2);
  ctx.fillStyle = COLORS.surface;
  ctx.fill();
  ctx.lineWidth = frozen ? 1.5 : 1;
  ctx.strokeStyle = frozen ? COLORS.frozen : color;
  ctx.setLineDash(frozen ? [3, 2] : []);
  ctx.stroke();
  ctx.setLineDash([]);
  let cx = left + padX;
  if (frozen) {
    drawLock(ctx, cx + size * 0.4, y + size * 0.12, size * 0.72, COLORS.frozen);
    cx += lock;
  }
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.font = font(size, 500);
  ctx.fillStyle = COLORS.muted;
  ctx.fillText(name, cx, y + 0.5);
  ctx.font = font(size, 600);
  ctx.fillStyle = color;
  ctx.fillText(value, cx + nameW + gap, y + 0.5);
  ctx.restore();
  return w;
}

/** Round a tick step to 1, 2 or 5 × 10^k, about `count` steps across [lo, hi]. */
export function niceStep(lo, hi, count = 5) {
  const raw = (hi - lo) / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

/** Tick values at multiples of `step` inside [lo, hi]. */
export function ticks(lo, hi, step) {
  const out = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

/**
 * A horizontal axis's ticks from lo to hi with their labels (labels(values, step) -> texts): about
 * `count`, fewer while neighbouring labels (in ctx's font) would come within 8 px of each other
 * (long labels in a narrow chart); then, still crowded, a label only where it is clear of the one
 * before (every tick keeps its mark). [{value, x (the label's centre: at X(value), moved in as far
 * as it must to stay 2 px inside [0, width]), text ('' where left out)}].
 */
export function axisTicks(ctx, lo, hi, count, X, labels, width) {
  let values, texts, half;
  for (let n = count; ; n--) {
    const step = niceStep(lo, hi, n);
    values = ticks(lo, hi, step);
    texts = labels(values, step);
    half = texts.map((t) => ctx.measureText(t).width / 2);
    if (n <= 2 || values.every((v, k) => k === 0 || X(v) - X(values[k - 1]) >= half[k] + half[k - 1] + 8)) break;
  }
  let clear = -Infinity;
  return values.map((value, k) => {
    const x = Math.max(half[k] + 2, Math.min(width - half[k] - 2, X(value)));
    if (x - half[k] < clear + 8) return { value, x, text: '' };
    clear = x + half[k];
    return { value, x, text: texts[k] };
  });
}
