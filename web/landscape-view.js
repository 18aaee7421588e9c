// landscape-view.js: the loss landscape. The SSR over two chosen parameters as a heat map (log
// colour scale, viridis: perceptually uniform and colour-blind safe, dark = low) with contour
// lines at log-spaced levels, the gradient-descent path drawn on it as training runs, and the
// current point with its negative-gradient arrow. With one parameter (the "1-D" option): the SSR
// against it, the tangent at the current value (slope dSSR/dθ) and where the next step lands.
//
// Every SSR comes from the core: net.ssrGrid() fills a 128 × 128 grid (in one call or in tiles),
// with the other parameters at their values (the net is not changed). The page maps numbers to
// pixels and nothing else. A grid is recomputed only when something it depends on changes (the
// pair, the range, the other parameters, data, activation, H); while training runs, at most every
// PLAY_INTERVAL ms, and spread over frames so that no frame does more than a small slice of it
// (see "grids" below: tiles on a second core instance holding a snapshot, double buffered).
// What changes only with the grid, the range or the size (heat map, contours, axes, colour bar)
// is painted once into an offscreen backdrop; each frame copies it and draws the path, the point
// and the arrow on top. Off screen or in a hidden tab the view does nothing but record the path
// (before printing, it draws the latest state there at once; and whatever it draws while the page
// is laid out for print, at the printout's size, it draws the same way: see print()).
//
// The range follows the path (fitted with a margin, and kept while the path stays inside it, so
// it does not jitter) until the user zooms (wheel, pinch, +/−) or pans (drag); "Fit" follows
// again. Both axes share one scale, so the arrow's direction on screen is the gradient's and it
// crosses the contour lines at right angles. A click (no drag) moves the two parameters there
// (app.setParams: the others unchanged, errors in the message line and under the map).
//
// A page module may choose the pair with a DOM event on document:
//   document.dispatchEvent(new CustomEvent('backprop:select-param', { detail: { index, shiftKey } }))
// makes parameter `index` the horizontal one (with shiftKey: the vertical one).
//
// Data too large for one quick call (many points × many neurons) is computed in tiles over several
// frames while paused too, and with fewer samples while training runs.
//
// For tests and `make bench` (main.js exposes the view as window.backpropLandscape):
//   lastGridMs, lastGridCells, gridCount, lastComposeMs, lastRenderMs, frameCells, maxFrameCells,
//   frameCellLimit, playBudget, oneCallBudget, state(), setPair(i, j), recompute({ tiled }).

import { loadBackprop } from './backprop.js';
import { CanvasView, COLORS, axisTicks, font, isTouchFirst, niceStep, roundRect, ticks } from './canvas.js';
import { formatPower, formatRateText, formatSig, formatSSR, minusSign, timesPower } from './format.js';

const GRID = 128;           // samples per axis of the 2-D grid
const SLICE = 401;          // samples of the 1-D slice
const PLAY_INTERVAL = 150;  // ms from one grid's end to the next one's start while training runs
const DRAG_INTERVAL = 50;   // ms between recomputations while the map is dragged or pinched
const PLAY_BUDGET = 25;     // ms a grid may take in all while training runs (else fewer samples)
const PRINT_BUDGET = 250;   // ms a grid computed at once before printing may take (else fewer samples)
const PLAY_SLICE = 0.5;     // ms of grid work per frame while training runs (the frame budget is 4)
const FRAME_CELLS = 2048;   // grid cells per frame at most while training runs (128 × 128: 8 frames)
const ONE_CALL = 60;        // ms a paused grid may take in one call (else it is done in tiles)
const BAND_BUDGET = 8;      // ms of grid work per animation frame while paused (tiles of at most half)
const COST_SAMPLES = 5;     // grids whose measured speed sets the estimate (their lower median)
const FINISH_CELLS = 4096;  // cells per step when turning a grid into log values and contour segments
const PAINT_PIXELS = 20000; // heat-map pixels per step when painting a grid
const STROKE_SEGMENTS = 200; // contour segments per step when painting a grid
const BLIT_PIXELS = 120000; // backdrop pixels per step when copying the heat map into it
const LEVEL_INTERVAL = 100; // ms at least between tracings of the current SSR's contour while training runs
const PATH_CAPACITY = 2000; // stored path points (halved, evenly, when full)
const FLOOR = 1e-32;        // an SSR of exactly 0 is coloured as this
const MAX_DECADES = 12;     // the colour scale spans at most this many decades above the minimum
const MIN_HALF = 1;         // a fitted range reaches at least this far either side of the path
const CLICK_SLOP = 5;       // CSS px a press may move and still count as a click
const ZOOM_STEP = 1.5;      // the +/− buttons
const MAX_SPAN = 1e6;       // zoom limits, in parameter units across the plot
const MAX_CENTRE = 1e7;
const MARGIN_SLACK = 16;    // CSS px a left margin may be wider than its labels need before it shrinks

// Viridis at 9 evenly spaced stops (low SSR dark purple, high yellow).
const VIRIDIS = ['#440154', '#472d7b', '#3b528b', '#2c728e', '#21918c', '#28ae80', '#5ec962', '#addc30', '#fde725'];
// The colour scale, the one table for the heat map and the colour bar: 256 RGBA pixels from low to
// high SSR (one 32-bit write each), then [256] for cells whose SSR overflows.
const PIXELS = colourTable(VIRIDIS, 256, [201, 206, 214]);
const PATH_COLOR = '#ffffff';
const HALO = 'rgba(20, 24, 33, 0.6)';
const ARROW_COLOR = '#ff4f9a';
const PREVIEW_COLOR = '#c2540a';
const UNAVAILABLE = 'the landscape is not available'; // atop the plot without a second core (the message says why)

export class LandscapeView extends CanvasView {
  #app;
  #el;
  #names = [];                        // the parameter names, and the data {xs, ys}: the first of equal
  #data = null;                       //   arrays the app gave, so that later ones compare by identity
  #seen = { names: null, data: null, frozen: null, someFrozen: false, frozenStates: 0 }; // the arrays of the last snapshot, ...
  #pick = { x: null, y: null, byState: false }; // chosen parameter names (y null: 1-D); byState: by #syncFrozen, not the learner
  #i = 0;
  #j = -1;
  #view = null;                       // {cx, cy, upp}: centre and parameter units per CSS pixel
  #follow = true;
  #plot = null;                       // {left, top, width, height} in CSS px
  #path = new ParamPath(PATH_CAPACITY);
  #pathRun = -1;                      // the run (snapshot.run) the path belongs to
  #grid = null;                       // the grid shown (see #finish)
  #want = null;                       // the request of the grid the current state needs (see #request)
  #layer = null;                      // {canvas, grid, W, H}: heat map + contours at device pixels
  #back = null;                       // {canvas, grid, key}: the 2-D map without path, point, arrow (key: #backdropKey)
  #spare = null;                      // a second backdrop canvas, for the next grid's
  #spareLayer = null;                 // a second layer canvas, likewise
  #band = null;                       // ImageData: a band of layer rows being painted
  #columns = null;                    // per pixel column of a layer: its samples and weights
  #pool = [];                         // Float64Arrays of replaced grids, for the next ones
  #job = null;                        // a grid on its way, step by step (see #start)
  #core;                              // the second core for grids: undefined, null (loading), false (failed) or {net, hidden, activation, data}
  #coreError = '';                    // why there is no second core (shown under the map)
  #redo = '';                         // recompute(): '' , 'whole' or 'tiled'
  #exporting = 0;                     // upToDate() and print() under way: draw as if on screen
  #sync = null;                       // in print(): {nx}; a new grid is computed at once on the page's net
  #failed = null;                     // the request of a grid the core refused (not asked again)
  #cellFrame = NaN;                   // the frame (document.timeline time) frameCells counts
  #frameMs = 0;                       // grid work done in that frame, ms
  #advances = 0;
  #jobRaf = 0;
  #timer = 0;
  #redrawRaf = 0;
  #lastGridEnd = -Infinity;
  #costPerUnit = 1e-4;                // ms per (cell × data point × hidden neuron): until a grid is
  #costs = [];                        // measured, a guess; then the lower median of the last
                                      // COST_SAMPLES grids' measures (grids of 20,000 units or more,
                                      // printed ones too, since the last change of H or activation),
                                      // so that one slow grid on a busy machine does not make the
                                      // next ones smaller or tiled (from the second measured grid on)
  #yTop = null;                       // 1-D: the SSR axis top, kept while it still fits
  #left = 0;                          // the left margin the vertical axis's labels asked for (see render)
  #axis = null;                       // the vertical axis render() laid #plot out for (its labels, drawn by #axes)
  #xAxis = null;                      // the horizontal axis's labels as last drawn: {font, power, labels: [{value, text, x}]}
  #titles = null;                     // the axes' titles as last drawn: {up, across}
  #nextCache = null;                  // 1-D: {value, i, data, activation, params, ssr} of the previewed next value
  #level = null;                      // the contour through the current point: {grid, ssr, level, at, lines}
  #lastStep = null;                   // 1-D: {steps, params, value} from net.lastStep()
  #pointers = new Map();
  #gesture = null;
  #info = {};                         // what the last frame drew, for state()
  #note = '';                         // a refused click's message
  #printQuery = null;                 // matchMedia('print'), made on first use (not when the module
                                      // loads: tests import it in Node, which has no matchMedia)

  lastGridMs = NaN;      // core time of the last complete grid (all its calls)
  lastGridCells = 0;
  gridCount = 0;
  lastFinishMs = NaN;    // the page side of the last grid: colours, contour segments, its layer
  lastStepMaxMs = NaN;   // the longest single step of the last grid's job
  lastComposeMs = NaN;   // painting the heat map and contours into the layer (when not done by a job)
  lastBackdropMs = NaN;  // painting the 2-D backdrop (heat map placed, axes, colour bar)
  lastRenderMs = NaN;    // the last frame of this view (blit, path, arrow; plus any grid work)
  frameCells = 0;        // grid cells computed in the current (or last) frame
  maxFrameCells = 0;     // the most cells computed in one frame while training ran (or recompute({ tiled }))
  frameCellLimit = FRAME_CELLS; // the most cells a frame may compute while training runs
  playBudget = PLAY_BUDGET;     // PLAY_BUDGET; tests set it to pin the grid size
  oneCallBudget = ONE_CALL;     // ONE_CALL; tests set it to pin a paused grid to one call

  /** doc: the document (elements by id, see index.html); app: the App. */
  constructor(doc, app) {
    super(doc.getElementById('landscape-canvas'));
    this.#app = app;
    const $ = (id) => doc.getElementById(id);
    this.#el = {
      x: $('landscape-x'), y: $('landscape-y'), zoomIn: $('landscape-zoom-in'), zoomOut: $('landscape-zoom-out'),
      fit: $('landscape-fit'), point: $('landscape-point'), slope: $('landscape-slope'), step: $('landscape-step'),
      last: $('landscape-last'),
      gridNote: $('landscape-grid-note'), how: $('landscape-how'), message: $('landscape-message'), legend2d: $('landscape-legend-2d'),
      legend1d: $('landscape-legend-1d'),
    };
    const el = this.#el;
    el.x.addEventListener('change', () => this.#choose(el.x.value, this.#pick.y, 'x'));
    el.y.addEventListener('change', () => this.#choose(this.#pick.x, el.y.value || null, 'y'));
    el.zoomIn.addEventListener('click', () => this.#zoomButton(1 / ZOOM_STEP));
    el.zoomOut.addEventListener('click', () => this.#zoomButton(ZOOM_STEP));
    el.fit.addEventListener('click', () => {
      this.#follow = true;
      this.#view = null;
      this.#yTop = null;
      this.#redraw();
    });
    const c = this.canvas;
    c.addEventListener('pointerdown', (e) => this.#down(e));
    c.addEventListener('pointermove', (e) => this.#move(e));
    c.addEventListener('pointerup', (e) => this.#up(e, true));
    c.addEventListener('pointercancel', (e) => this.#up(e, false));
    c.addEventListener('wheel', (e) => this.#wheel(e), { passive: false });
    c.tabIndex = 0; // (the keyboard's way to what a click does: #key)
    c.addEventListener('keydown', (e) => this.#key(e));
    doc.addEventListener('visibilitychange', () => { if (!doc.hidden) this.#redraw(); });
    // Save images (share-panel.js) asks every view for a current picture first.
    doc.addEventListener('backprop:before-export', (e) => e.detail?.waitFor?.push(this.upToDate()));
    doc.addEventListener('backprop:select-param', (e) => {
      const index = e.detail?.index, names = this.snapshot?.names;
      if (!names || !Number.isInteger(index) || index < 0 || index >= names.length) return;
      if (e.detail.shiftKey) this.#choose(this.#pick.x, names[index], 'y');
      else this.#choose(names[index], this.#pick.y, 'x');
    });
  }

  /** Record the path; when the map is on screen, draw it and update the text beside it. */
  draw(s) {
    if (this.#printLayout()) {
      this.print(s);
      return;
    }
    const t0 = performance.now();
    this.#syncStructure(s);
    this.#record(s);
    if (!this.#active()) {
      this.snapshot = s; // drawn when shown (the observer and visibilitychange redraw)
      return;
    }
    this.drawNow(s); // (on screen or exporting: see #active)
    if (s.textFrame !== false) this.#readout(s); // (while training plays, about 10 times a second: app.js)
    this.lastRenderMs = performance.now() - t0;
  }

  // Off screen (CanvasView's observer, with its margin, so that a grid is ready as the map scrolls
  // in; before its first report too) or in a hidden tab, draw() only records the path: no grid,
  // no painting, no text. Back on screen, the map is drawn.
  visibilityChanged(onScreen) {
    if (onScreen) this.#redraw();
  }

  /** Render now (CanvasView: after a resize, the canvas cleared); laid out for print, as print() does. */
  drawNow(s) {
    if (this.#printLayout()) this.print(s);
    else super.drawNow(s);
  }

  /** The map is on screen (or being exported) in a visible tab: worth computing and painting. */
  #active() { return (this.onScreen === true || this.#exporting > 0) && !document.hidden; }

  // The page is laid out for print (or shows print media), and no print() is under way. For the
  // paper the canvas takes the printout's size (print.css) and is drawn again there (canvas.js's
  // pixel-ratio watch fires as the resolution becomes the printer's; a resize would do the same):
  // another range at the same scale, and that drawing is the one printed. Drawn as on screen, its
  // grid would wait for later frames (none come before the printout): the screen's grid over part
  // of the plot, no current-SSR contour. So it is drawn as print() draws, its grid computed at once.
  #printLayout() {
    if (this.#sync) return false;
    if (!this.#printQuery) {
      const query = this.#printQuery = matchMedia('print');
      // Back to the screen (afterprint's layout, or media emulation ended): the usual grid again.
      query.addEventListener('change', () => { if (!query.matches) this.#redraw(); });
    }
    return this.#printQuery.matches;
  }

  /** Before printing (main.js), when nothing can wait for a later frame: snapshot `s` drawn, on
      screen or not, with its grid (the one shown if it is the one wanted; else one computed at
      once, on the page's own net, which holds the snapshot's parameters between frames, with fewer
      samples if it would take over PRINT_BUDGET) and the text beside it. While training runs, a
      grid still waits its turn (see #ensure), so the one printed may be a little older. The next
      frame asks for the usual grid again. Also how the view draws while the page is laid out for
      print (see #printLayout); then the first frame after that asks for it. */
  print(s) {
    this.#exporting++;
    this.#sync = { nx: null };
    try {
      this.draw(s); // (a grid due starts; one under way is kept only if it is that grid)
      if (this.#job) this.#advance(Infinity, Infinity); // to its end: the job leaves #job null
      this.draw(s); // with that grid
      this.#readout(s);
    } finally {
      if (this.#job?.net === this.#app.net) this.#cancelJob(); // (after an error: never left on a moving net)
      this.#sync = null;
      this.#exporting--;
      if (!this.#printLayout()) this.#redraw(); // (laid out for print: when that ends, see #printLayout)
    }
  }

  /** Bring the picture up to date even off screen (for Save images): resolves once the grid that
      was wanted when called is drawn, or after 3 s (training may keep moving what is wanted). */
  async upToDate() {
    if (!this.snapshot) return;
    this.#exporting++;
    try {
      const count = this.gridCount, t0 = performance.now();
      this.draw(this.snapshot);
      const done = () => !this.#job && this.#redo === '' &&
        (sameGrid(this.#grid, this.#want) || sameGrid(this.#failed, this.#want) || this.gridCount > count || this.#core === false);
      while (!done() && performance.now() - t0 < 3000) {
        await new Promise((resolve) => requestAnimationFrame(resolve));
        if (!this.snapshot.playing) this.draw(this.snapshot); // playing, the app draws every frame
      }
      this.draw(this.snapshot);
    } finally {
      this.#exporting--;
    }
  }

  /** Drop the shown grid's result and compute it again: in one call (paused, small data) or, with
      tiled, in the tiles and per-frame limits used while training runs. For tests and benchmarks. */
  recompute({ tiled = false } = {}) {
    this.#cancelJob();
    this.#redo = tiled ? 'tiled' : 'whole';
    this.#lastGridEnd = -Infinity;
    this.maxFrameCells = 0;
    this.#redraw();
  }

  /** Choose the pair by index: j = -1 for the 1-D slice over parameter i. */
  setPair(i, j = -1) {
    const names = this.snapshot?.names ?? [];
    if (!(i >= 0 && i < names.length) || !(j >= -1 && j < names.length) || i === j) return false;
    this.#choose(names[i], j >= 0 ? names[j] : null, 'x');
    return true;
  }

  /** What the view shows now (copies), for tests and benchmarks. */
  state() {
    const g = this.#grid;
    return {
      mode: this.#j >= 0 ? '2d' : '1d', i: this.#i, j: this.#j, follow: this.#follow,
      plot: this.#plot && { ...this.#plot }, range: this.#plot && this.#range(this.#plot),
      grid: g && { i: g.i, j: g.j, a0: g.a0, a1: g.a1, c0: g.c0, c1: g.c1, nx: g.nx, ny: g.ny,
        values: g.values.slice(), ms: g.ms, fresh: sameGrid(g, this.#want), min: g.min, max: g.max, lo: g.lo, hi: g.hi,
        params: g.params.slice(), tiles: g.tiles, frames: g.frames },
      computing: !!this.#job || this.#redo !== '', pathLength: this.#path.length, onScreen: this.onScreen === true,
      tangent: this.#info.tangent ?? null, next: this.#info.next ?? null, arrow: this.#info.arrow ?? null,
      axis: this.#info.axis ?? null, // the vertical axis: {lo, hi, step, power, labels: [{value, text}], right, font}
      xAxis: this.#xAxis, // the horizontal axis: {font, power, labels: [{value, text, x (its centre)}]}
      titles: this.#titles && { ...this.#titles }, // {up, across}: with the power of ten the labels leave out
      level: this.#info.level ? { ssr: this.#info.level.ssr, at: this.#info.level.at, lines: this.#info.level.lines.map((l) => l.slice()) } : null,
      lastGridMs: this.lastGridMs, lastGridCells: this.lastGridCells, gridCount: this.gridCount, costPerUnit: this.#costPerUnit,
      frameCells: this.frameCells, maxFrameCells: this.maxFrameCells, frameCellLimit: this.frameCellLimit,
    };
  }

  // ------------------------------------------------------------------ choosing the pair

  // The app makes new names and data arrays whenever it re-reads the net (after a new learning
  // rate too): only new contents count as a change. New names fill the selects again.
  #syncStructure(s) {
    this.#syncNames(s);
    this.#syncFrozen(s);
  }

  // A state that sets which parameters learn (a walkthrough, a link, a file; some frozen, now or
  // before it) shows what learns: with one free parameter the SSR against it (walkthrough 1: the
  // article's curve over b3), else the output weight and bias where both learn, else the first two
  // that learn (all frozen: the output weight and bias). Boxes ticked by hand leave the pair as the
  // learner chose it.
  #syncFrozen(s) {
    const seen = this.#seen;
    if (s.frozen === seen.frozen && s.frozenStates === seen.frozenStates) return; // (arrays new only on a change)
    // (all free before and after, as with a new H: the pair #syncNames chose stays)
    const some = s.frozen.includes(true), renewed = s.frozenStates !== seen.frozenStates && (some || seen.someFrozen);
    Object.assign(seen, { frozen: s.frozen, someFrozen: some, frozenStates: s.frozenStates });
    if (!renewed) return;
    const names = s.names, free = names.filter((n, k) => !s.frozen[k]), pick = defaultPair(names, s.hidden);
    this.#pick = free.length === 1 ? { x: free[0], y: null, byState: true }
      : free.length === 0 || (free.includes(pick.x) && free.includes(pick.y)) ? { ...pick, byState: true }
      : { x: free[0], y: free[1], byState: true };
    this.#applyPick(names);
  }

  #syncNames(s) {
    if (s.data !== this.#seen.data) {
      this.#seen.data = s.data;
      if (!this.#data || !sameArray(s.data.xs, this.#data.xs) || !sameArray(s.data.ys, this.#data.ys)) this.#data = s.data;
    }
    if (s.names === this.#seen.names) return;
    this.#seen.names = s.names;
    if (sameArray(s.names, this.#names)) return;
    this.#names = s.names;
    const names = s.names, H = s.hidden, el = this.#el;
    el.x.replaceChildren(...names.map((n) => new Option(n, n)));
    el.y.replaceChildren(new Option('none: 1-D slice', ''), ...names.map((n) => new Option(n, n)));
    // A name such as w3 changes role with H, so a new H starts from an output weight and the
    // output bias (w3 and b3 for H = 2), keeping the learner's 1-D choice (not a walkthrough's).
    const oneD = this.#pick.x !== null && this.#pick.y === null && !this.#pick.byState, pick = defaultPair(names, H);
    this.#pick = { x: pick.x, y: oneD ? null : pick.y, byState: false };
    this.#applyPick(names);
  }

  // A pair needs two different parameters: choosing the other axis's parameter swaps the two.
  #choose(x, y, changed) {
    const names = this.snapshot?.names;
    if (!names) return;
    const old = this.#pick;
    if (x === y) {
      if (changed === 'x') y = old.x !== x ? old.x : names.find((n) => n !== x);
      else x = old.y !== null && old.y !== y ? old.y : names.find((n) => n !== y);
    }
    this.#pick = { x, y, byState: false };
    this.#applyPick(names);
    this.#redraw();
  }

  #applyPick(names) {
    const i = names.indexOf(this.#pick.x), j = this.#pick.y === null ? -1 : names.indexOf(this.#pick.y);
    if (i !== this.#i || j !== this.#j) {
      this.#i = i;
      this.#j = j;
      this.#follow = true;
      this.#view = null;
      this.#yTop = null;
      this.#cancelJob();
    }
    this.#el.x.value = this.#pick.x;
    this.#el.y.value = this.#pick.y ?? '';
    this.#el.legend2d.hidden = j < 0;
    this.#el.legend1d.hidden = j >= 0;
    this.canvas.setAttribute('aria-label', j >= 0
      ? `Heat map of the SSR over ${this.#pick.x} (across) and ${this.#pick.y} (up), with the training path and the negative gradient; the text below gives the values. Arrow keys move the point; + and − zoom.`
      : `The SSR against ${this.#pick.x} with the other parameters fixed, the tangent at the current value and the next step; the text below gives the values. Left and right arrow keys move the point; + and − zoom.`);
  }

  // ------------------------------------------------------------------ the path

  // A reset, a new H, parameters set from outside or a state loaded (a new run: snapshot.run) start
  // a new path; a step extends it.
  #record(s) {
    const p = this.#path;
    if (p.P !== s.params.length || s.run !== this.#pathRun || s.steps < p.lastSteps ||
        (s.steps === p.lastSteps && !sameArray(p.last, s.params))) {
      p.reset(s.steps, s.params);
      this.#pathRun = s.run;
    } else if (s.steps > p.lastSteps) p.push(s.steps, s.params);
  }

  // ------------------------------------------------------------------ range

  #range(plot) {
    const v = this.#view;
    if (!v) return null;
    const hw = (v.upp * plot.width) / 2, hh = (v.upp * plot.height) / 2;
    return { a0: v.cx - hw, a1: v.cx + hw, c0: v.cy - hh, c1: v.cy + hh };
  }

  // Follow the path: refit when it leaves the range (or on Fit); otherwise keep the range.
  #placeView(s, plot) {
    if (this.#view && !this.#follow) return;
    const twoD = this.#j >= 0, ext = this.#path.extent(this.#i, this.#j, s.params);
    // In 1-D the next step's preview (its hollow dot) is followed too: walkthrough 1's first step
    // leaves the starting range (b3 from 0 to 1.6, its range ±1). Not a step to where the SSR
    // overflows (the one a divergence refused): the range would hold nothing to draw.
    const next = previewAt(s, this.#i);
    if (!twoD && !s.frozen[this.#i] && Number.isFinite(this.#ssrAt(s, this.#i, next))) {
      ext.xmin = Math.min(ext.xmin, next);
      ext.xmax = Math.max(ext.xmax, next);
    }
    if (this.#view) {
      const r = this.#range(plot), pad = (lo, hi) => Math.max((hi - lo) * 0.04, 1e-12 * Math.max(1, Math.abs(hi)));
      const px = pad(ext.xmin, ext.xmax), py = pad(ext.ymin, ext.ymax);
      const inside = ext.xmin - px >= r.a0 && ext.xmax + px <= r.a1 && (!twoD || (ext.ymin - py >= r.c0 && ext.ymax + py <= r.c1));
      if (inside) return;
    }
    const hx = Math.max(MIN_HALF, 0.8 * (ext.xmax - ext.xmin)), hy = Math.max(MIN_HALF, 0.8 * (ext.ymax - ext.ymin));
    const cx = (ext.xmin + ext.xmax) / 2, cy = twoD ? (ext.ymin + ext.ymax) / 2 : 0;
    // Far from 0 (parameters set there), ±MIN_HALF can be finer than the doubles there tell apart
    // (ticks(), stepping by less than their spacing, never ended): at least zoom's narrowest range.
    const fit = twoD ? Math.max((2 * hx) / plot.width, (2 * hy) / plot.height) : (2 * hx) / plot.width;
    this.#view = { cx, cy, upp: Math.max(minUpp(plot.width, cx, cy), fit) };
  }

  #zoomAt(px, py, factor) {
    const plot = this.#plot, v = this.#view;
    if (!plot || !v) return;
    const a = this.#toA(px), c = this.#toC(py);
    const upp = clampUpp(v.upp * factor, plot.width, v.cx, v.cy);
    const cx = a - (px - plot.left - plot.width / 2) * upp;
    const cy = this.#j >= 0 ? c + (py - plot.top - plot.height / 2) * upp : v.cy;
    this.#setView({ cx, cy, upp });
  }

  // The +/− buttons zoom about the current point where it is in view, so that it stays where it is
  // (as the wheel keeps what is under the pointer; about the middle, zooming in lost the point of a
  // path near the edge), else about the middle.
  #zoomButton(factor) {
    const p = this.#plot, s = this.snapshot;
    if (!p || !this.#view) return;
    let x = p.left + p.width / 2, y = p.top + p.height / 2;
    if (s && this.#i >= 0) {
      const at = { x: this.#X(s.params[this.#i]), y: this.#j >= 0 ? this.#Y(s.params[this.#j]) : y };
      if (inside(at, p)) ({ x, y } = at);
    }
    this.#zoomAt(x, y, factor);
  }

  #setView(v) {
    const clamp = (x) => Math.max(-MAX_CENTRE, Math.min(MAX_CENTRE, x));
    this.#view = { cx: clamp(v.cx), cy: clamp(v.cy), upp: v.upp };
    this.#follow = false;
    this.#redraw();
  }

  // Canvas CSS px -> parameter values, and back.
  #toA(px) { return this.#view.cx + (px - this.#plot.left - this.#plot.width / 2) * this.#view.upp; }
  #toC(py) { return this.#view.cy - (py - this.#plot.top - this.#plot.height / 2) * this.#view.upp; }
  #X(a) { return clampPx(this.#plot.left + this.#plot.width / 2 + (a - this.#view.cx) / this.#view.upp); }
  #Y(c) { return clampPx(this.#plot.top + this.#plot.height / 2 - (c - this.#view.cy) / this.#view.upp); }

  // ------------------------------------------------------------------ pointer, wheel

  #local(e) {
    const r = this.canvas.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  #down(e) {
    if ((e.pointerType === 'mouse' && e.button !== 0) || !this.#plot || !this.#view) return;
    const p = this.#local(e);
    if (this.#pointers.size === 0 && !inside(p, this.#plot)) return;
    this.canvas.setPointerCapture(e.pointerId);
    this.#pointers.set(e.pointerId, p);
    this.#startGesture(this.#pointers.size > 1);
    e.preventDefault();
  }

  // One pointer pans (or clicks); two pinch. Each gesture starts from the view at its beginning.
  #startGesture(moved) {
    const pts = [...this.#pointers.values()];
    const g = { view: { ...this.#view }, moved, start: pts[0] };
    if (pts.length >= 2) {
      g.dist = Math.max(1, Math.hypot(pts[1].x - pts[0].x, pts[1].y - pts[0].y));
      g.mid = { x: (pts[0].x + pts[1].x) / 2, y: (pts[0].y + pts[1].y) / 2 };
      g.anchor = { a: this.#toA(g.mid.x), c: this.#toC(g.mid.y) };
    }
    this.#gesture = g;
  }

  #move(e) {
    if (!this.#pointers.has(e.pointerId) || !this.#gesture) return;
    this.#pointers.set(e.pointerId, this.#local(e));
    const g = this.#gesture, pts = [...this.#pointers.values()], plot = this.#plot;
    if (pts.length >= 2 && g.dist) {
      const dist = Math.max(1, Math.hypot(pts[1].x - pts[0].x, pts[1].y - pts[0].y));
      const mid = { x: (pts[0].x + pts[1].x) / 2, y: (pts[0].y + pts[1].y) / 2 };
      const upp = clampUpp(g.view.upp * (g.dist / dist), plot.width, g.view.cx, g.view.cy);
      this.#setView({
        cx: g.anchor.a - (mid.x - plot.left - plot.width / 2) * upp,
        cy: this.#j >= 0 ? g.anchor.c + (mid.y - plot.top - plot.height / 2) * upp : g.view.cy,
        upp,
      });
      return;
    }
    const dx = pts[0].x - g.start.x, dy = pts[0].y - g.start.y;
    if (!g.moved && Math.hypot(dx, dy) < CLICK_SLOP) return;
    g.moved = true;
    this.canvas.classList.add('dragging');
    this.#setView({ cx: g.view.cx - dx * g.view.upp, cy: this.#j >= 0 ? g.view.cy + dy * g.view.upp : g.view.cy, upp: g.view.upp });
  }

  #up(e, released) {
    if (!this.#pointers.has(e.pointerId)) return;
    const g = this.#gesture, p = this.#local(e);
    this.#pointers.delete(e.pointerId);
    if (this.#pointers.size > 0) {
      this.#startGesture(true); // the fingers left keep panning; a pinch is never a click
      return;
    }
    this.#gesture = null;
    this.canvas.classList.remove('dragging');
    if (released && g && !g.moved && inside(p, this.#plot)) this.#click(p);
    else this.#redraw(); // the final range of a drag gets its grid now
  }

  #wheel(e) {
    if (!this.#plot || !this.#view) return;
    const p = this.#local(e);
    if (!inside(p, this.#plot)) return;
    e.preventDefault();
    const dy = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaMode === 2 ? e.deltaY * 400 : e.deltaY;
    this.#zoomAt(p.x, p.y, Math.exp(Math.max(-300, Math.min(300, dy)) * 0.0015));
  }

  // Move the chosen parameters to the clicked point; the others keep their values.
  #click(p) {
    const params = this.#app.net.getParams();
    params[this.#i] = this.#toA(p.x);
    if (this.#j >= 0) params[this.#j] = this.#toC(p.y);
    this.#moveTo(params);
  }

  // The keyboard, with the map focused: the arrows move the point a 50th of the view (Shift: a
  // 10th) along the parameter of that axis, as a click there would (1-D: left and right only);
  // + and − zoom as the buttons do. Handled keys are not the page's (→ would take a step).
  #key(e) {
    if (e.ctrlKey || e.metaKey || e.altKey || !this.#plot || !this.#view) return;
    const move = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] }[e.key];
    if (move && (move[0] || this.#j >= 0)) {
      e.preventDefault();
      const f = e.shiftKey ? 0.1 : 0.02, r = this.#range(this.#plot), params = this.#app.net.getParams();
      if (move[0]) params[this.#i] += move[0] * f * (r.a1 - r.a0);
      else params[this.#j] += move[1] * f * (r.c1 - r.c0);
      this.#moveTo(params);
    } else if (e.key === '+' || e.key === '=' || e.key === '-' || e.key === '−') {
      e.preventDefault();
      this.#zoomButton(e.key === '+' || e.key === '=' ? 1 / ZOOM_STEP : ZOOM_STEP);
    }
  }

  #moveTo(params) {
    const ok = this.#app.setParams(params);
    this.#note = ok ? '' : this.#app.snapshot().message?.text ?? 'The core refused those values.';
    this.#readout(this.#app.snapshot());
  }

  #redraw() {
    if (this.#redrawRaf || !this.snapshot) return;
    this.#redrawRaf = requestAnimationFrame(() => {
      this.#redrawRaf = 0;
      if (this.snapshot) this.draw(this.snapshot);
    });
  }

  // ------------------------------------------------------------------ grids
  //
  // A grid is a job of steps (#steps), each well under a millisecond: the SSR cells in tiles, the
  // log values and contour segments in chunks of rows, the heat map's pixels in bands, the contour
  // lines a few hundred at a time, then the backdrop. While training runs, each frame's draw() does
  // at most PLAY_SLICE ms and frameCellLimit cells of it (inside the app's frame, so its frame time
  // includes them); paused, the view's own frames do up to BAND_BUDGET ms each (a small grid:
  // one call and the rest in two or three frames).
  //
  // The picture stays consistent by double buffering: a job fills its own arrays and its own layer
  // while the view keeps drawing the last complete grid; the new one replaces it when whole.
  //
  // The values stay exact. The cells of one grid must all belong to one parameter vector, but
  // training changes the parameters every frame, and the core evaluates at its net's parameters.
  // So a job spread over frames runs on a second instance of the core (loadBackprop(): the same
  // code with its own memory), set to a snapshot of the page's net when the job starts: every
  // cell is exactly net.ssr() at the grid's parameters (state().grid.params). And a tile is a
  // block of the grid computed by the core itself (ssrGrid's part: bp_ssr_grid_part), bands of
  // whole rows or, for a row too costly alone, pieces of one: a tiled grid is bit for bit the
  // grid of one call. If the second instance cannot be made (say, no memory for it), no grid is
  // computed: the plot and the message under it say so, and the path, point and arrow still move.

  // What the current state needs: the pair, the range, the samples and everything else the SSR
  // depends on (compared by samePair, sameBase and sameGrid below, number by number).
  #request(s, plot) {
    const i = this.#i, j = this.#j, r = this.#range(plot), playing = s.playing;
    const units = s.data.xs.length * s.hidden;
    let nx, ny;
    if (j >= 0) {
      nx = ny = this.#gridSize(units, playing ? this.playBudget : Infinity);
    } else {
      nx = Math.max(64, Math.min(SLICE, Math.floor(ONE_CALL / (this.#costPerUnit * units))));
      ny = 1;
    }
    const req = { i, j, a0: r.a0, a1: r.a1, c0: j >= 0 ? r.c0 : 0, c1: j >= 0 ? r.c1 : 1,
      nx, ny, units, playing, hidden: s.hidden, activation: s.activation, data: this.#data, params: s.params };
    if (!this.#sync || j < 0) return req;
    // Printing: the grid shown if it is the one wanted, else one within PRINT_BUDGET; the size is
    // chosen once (the grid computed refines the estimate of the cost).
    this.#sync.nx ??= sameGrid(this.#grid, req) ? nx : this.#gridSize(units, PRINT_BUDGET);
    req.nx = req.ny = this.#sync.nx;
    return req;
  }

  // Samples per axis of a 2-D grid that should take the core at most `budget` ms, as estimated.
  #gridSize(units, budget) {
    const est = this.#costPerUnit * GRID * GRID * units;
    return est > budget ? Math.max(12, Math.floor(GRID * Math.sqrt(budget / est))) : GRID;
  }

  // Make sure the grid for `req` is shown or on its way: now (one call), after the throttle
  // interval, or step by step over the next frames.
  #ensure(req) {
    this.#want = req;
    if (this.#core === false) { // no second core: nothing is computed (the message says why)
      this.#redo = '';
      return;
    }
    const job = this.#job;
    if (job) {
      // While training runs, a job keeps its snapshot and finishes (its grid is exact for it); a new
      // range starts again when the view followed the path (the old range would leave part of the
      // plot empty for longer), not while the user drags or pinches (each frame would start again);
      // so does a new pair, grid size, activation or data. Paused, any change does.
      const keep = sameGrid(job.req, req) ||
        (!this.#sync && req.playing && sameBase(job.req, req) && (sameRange(job.req, req) || this.#gesture));
      if (keep && (job.limited || !req.playing)) {
        this.#schedule();
        return;
      }
      this.#cancelJob(); // (a paused job's larger tiles start again in the small ones of training)
    }
    if (!this.#redo && (sameGrid(this.#grid, req) || sameGrid(this.#failed, req))) return;
    // While training runs, a grid of another range than the one shown (the range followed the path,
    // or was zoomed or panned) is renewed without waiting: it covers only part of the plot.
    const g = this.#grid, moved = !g || !sameRange(g, req);
    const now = performance.now();
    const interval = this.#redo ? 0 : req.playing ? (moved ? 0 : Math.max(PLAY_INTERVAL, 4 * (this.lastGridMs || 0)))
      : this.#gesture?.moved ? DRAG_INTERVAL : 0;
    const wait = this.#lastGridEnd + interval - now;
    if (wait > 0 && g && samePair(g, req)) {
      // While training runs every frame draws anyway; paused, a timer asks for the frame.
      if (!req.playing && !this.#timer) this.#timer = setTimeout(() => { this.#timer = 0; this.#redraw(); }, wait);
      return;
    }
    this.#start(req);
  }

  // Start a job: choose its tiles (the largest that keep a step within the frame's allowance), set
  // the second core to the snapshot; a paused 1-D slice is done at once, the rest step by step.
  #start(req) {
    const core = this.#syncCore(req) ?? this.#coreFor(req);
    if (!core) return; // the second core is loading (#coreFor redraws when it is ready) or failed
    const limited = !this.#sync && (req.playing || this.#redo === 'tiled'); // the per-frame limits of training
    const perCell = Math.max(1e-9, this.#costPerUnit * req.units), cells = req.nx * req.ny;
    const slice = limited ? PLAY_SLICE : BAND_BUDGET / 2;
    const limit = limited ? FRAME_CELLS : Infinity; // (and PLAY_SLICE ms, see #advance)
    // Tiles of whole rows, as many as fit a step (time and cells); a row too big alone is cut in
    // columns. The core computes any block of a grid exactly as in the whole grid.
    let rows = req.ny, cols = req.nx;
    if (!((!limited && perCell * cells <= this.oneCallBudget) || (cells <= limit && perCell * cells <= slice))) {
      const fit = Math.floor(Math.min(slice / perCell, limit)); // cells per tile
      if (fit >= req.nx) rows = Math.min(req.ny, Math.floor(fit / req.nx));
      else rows = 1, cols = Math.max(1, fit);
    }
    const tiles = tileList(req.nx, req.ny, rows, cols);
    const job = { req, net: core.net, tiles, limited, print: !!this.#sync,
      ms: 0, work: 0, maxStep: 0, lastStep: 0, frames: 0, frame: NaN, done: 0,
      nextCells: tiles[0].cells, plot: this.#plot };
    this.#redo = '';
    this.#job = job;
    job.steps = this.#steps(job);
    if (req.ny === 1 && !limited) this.#advance(Infinity, Infinity); // a paused 1-D slice: at once
    else if (!req.playing) this.#schedule();
  }

  // In print(), a grid done in one go needs no snapshot of its own: the page's net, when it holds
  // the request's parameters (the second core may not even be loaded yet).
  #syncCore(req) {
    if (!this.#sync) return null;
    const net = this.#app.net;
    return sameArray(net.getParams(), req.params) ? { net } : null;
  }

  // The second core (see above), set to the job's snapshot; null while it loads or if it could
  // not be made (then the view says so and computes nothing).
  #coreFor(req) {
    if (this.#core === undefined) {
      this.#core = null;
      loadBackprop().then((net) => { this.#core = { net, hidden: 0, activation: '', data: null }; }, (e) => {
        this.#core = false;
        this.#coreError = 'The loss landscape is not available: the second copy of the core that computes it ' +
          `could not be made (${String(e?.message ?? e).replace(/\.$/, '')}). The rest of the page works.`;
        this.#back = null; // its placeholder text changes
        for (const item of this.#el.legend2d.parentNode.querySelectorAll('.needs-grid')) item.hidden = true; // not drawn
      }).finally(() => this.#redraw());
    }
    if (!this.#core) return null;
    // Every step is one the core accepts: setHidden puts the default weights in, at which any
    // activation and data give a finite SSR, and the page's net holds req.params with this data.
    const core = this.#core;
    if (core.hidden !== req.hidden || core.activation !== req.activation) this.#costs = []; // another cost per unit
    if (core.hidden !== req.hidden || core.activation !== req.activation || core.data !== req.data) {
      core.net.setHidden(req.hidden);
      core.net.setActivation(req.activation);
      core.net.setData(req.data.xs, req.data.ys);
      Object.assign(core, { hidden: req.hidden, activation: req.activation, data: req.data });
    }
    core.net.setParams(req.params);
    return core;
  }

  // Work on the job: steps until `budget` ms or `limit` cells of this frame are used (at least one
  // step per frame). Cells and time are counted per frame (document.timeline's time is the same
  // for every callback of one frame), so two draws in one frame share one allowance.
  #advance(budget, limit) {
    const job = this.#job;
    this.#advances++;
    this.#count(job, 0);
    while (this.#job === job) {
      if (job.frame === this.#cellFrame && job.done > 0 && // the next step as long as the last
        (this.#frameMs + job.lastStep > budget || this.frameCells + job.nextCells > limit)) break;
      const t0 = performance.now(), cells = job.nextCells;
      job.done++;
      const r = job.steps.next(), ms = performance.now() - t0;
      this.#frameMs += ms;
      job.work += ms;
      job.maxStep = Math.max(job.maxStep, ms);
      job.lastStep = ms;
      this.#count(job, cells);
      if (r.done) {
        this.lastFinishMs = job.work - job.ms;
        this.lastStepMaxMs = job.maxStep;
        break;
      }
    }
  }

  #count(job, cells) {
    const frame = document.timeline?.currentTime ?? this.#advances; // (without it: each call a frame)
    if (frame !== this.#cellFrame) {
      this.#cellFrame = frame;
      this.frameCells = 0;
      this.#frameMs = 0;
    }
    if (job.frame !== frame) {
      job.frame = frame;
      job.frames++;
      job.done = 0;
    }
    this.frameCells += cells;
    if (job.limited && this.frameCells > this.maxFrameCells) this.maxFrameCells = this.frameCells;
  }

  // Paused, a job spread over frames runs from the view's own animation frames (while training
  // runs, from render()).
  #schedule() {
    if (this.#jobRaf || !this.#job || this.snapshot?.playing) return;
    this.#jobRaf = requestAnimationFrame(this.#work);
  }

  #work = () => {
    this.#jobRaf = 0;
    const job = this.#job;
    if (!job || this.snapshot?.playing || !this.#active()) return; // resumed by draw()
    if (job.limited) this.#advance(PLAY_SLICE, FRAME_CELLS);
    else this.#advance(BAND_BUDGET, Infinity);
    if (this.#job) this.#schedule();
    else if (this.snapshot) this.draw(this.snapshot); // the new grid in this frame
  };

  #cancelJob() {
    if (this.#jobRaf) cancelAnimationFrame(this.#jobRaf);
    this.#jobRaf = 0;
    this.#job = null;
  }

  // A job's steps, each a generator step: the tiles, then the colours and contour segments in
  // chunks of rows, then the layer; then the grid replaces the shown one.
  *#steps(job) {
    const { req, tiles } = job, { nx, ny } = req, values = this.#array(nx * ny);
    for (let k = 0; k < tiles.length; k++) {
      if (!this.#tile(job, tiles[k], values)) return;
      job.nextCells = k + 1 < tiles.length ? tiles[k + 1].cells : 0;
      if (k + 1 < tiles.length) yield;
    }
    const grid = { ...req, values, ms: job.ms, tiles: tiles.length, min: Infinity, max: -Infinity };
    if (ny > 1) {
      yield;
      yield* this.#finish(grid);
      if (job.plot) {
        yield;
        job.layer = yield* this.#paint(grid, job.plot, this.#spareLayer ?? undefined);
        if (this.snapshot && this.#plot) { // the backdrop for the next frame, in its own step
          yield;
          const spare = this.#spare !== this.#back?.canvas ? this.#spare : null;
          job.back = yield* this.#paintBackdrop(this.snapshot, this.#plot, this.#axis, grid, this.#backdropKey(this.#plot),
            spare ?? undefined, job.layer);
        }
      }
    } else {
      for (const v of values) if (Number.isFinite(v)) { grid.min = Math.min(grid.min, v); grid.max = Math.max(grid.max, v); }
    }
    this.#job = null;
    grid.frames = job.frames;
    const work = values.length * req.units; // the core's cost, for the next jobs' tiles and limits
    if (work >= 20000 && job.ms > 0) {
      this.#costs.push(job.ms / work);
      if (this.#costs.length > COST_SAMPLES) this.#costs.shift();
      this.#costPerUnit = [...this.#costs].sort((a, b) => a - b)[(this.#costs.length - 1) >> 1];
    }
    if (!job.print) { // (a print's grid, done in one go at its own size, does not set the pace of the next)
      this.#lastGridEnd = performance.now();
      this.lastGridMs = job.ms;
      this.lastGridCells = values.length;
    }
    this.gridCount++;
    this.#note = '';
    if (this.#grid) this.#pool = [this.#grid.values, this.#grid.L, ...this.#pool].filter(Boolean).slice(0, 4);
    this.#grid = grid;
    if (job.layer) {
      this.#spareLayer = this.#layer?.canvas ?? null;
      this.#layer = job.layer;
    }
    if (job.back) {
      this.#spare = this.#back?.canvas ?? null;
      this.#back = job.back;
    }
  }

  // A Float64Array of n numbers: one of a replaced grid's (their values are overwritten), or new.
  // (Arrays of this size live outside the JavaScript heap; a new pair per grid made the garbage
  // collector stop frames for whole milliseconds.)
  #array(n) {
    const k = this.#pool.findIndex((a) => a.length === n);
    return k >= 0 ? this.#pool.splice(k, 1)[0] : new Float64Array(n);
  }

  // One tile of cells; on an error (a range the core refuses) the note says why, and false.
  #tile(job, t, values) {
    const { req } = job;
    try {
      const t0 = performance.now();
      job.net.ssrGrid(req.i, req.j, req.a0, req.a1, req.nx, req.ny === 1 ? 0 : req.c0, req.ny === 1 ? 1 : req.c1, req.ny,
        { q0: t.q0, q1: t.q1 + 1, r0: t.r0, r1: t.r1 + 1, into: values });
      job.ms += performance.now() - t0;
      return true;
    } catch (e) {
      this.#note = `The landscape could not be computed: ${e.message.replace(/^\w+: /, '')}.`;
      this.#grid = null;
      this.#failed = req;
      this.#lastGridEnd = performance.now();
      this.#job = null;
      return false;
    }
  }

  // A complete 2-D grid: its log values, colour range and contour segments, in chunks of about
  // FINISH_CELLS cells.
  *#finish(grid) {
    const { values, nx, ny } = grid, rows = Math.max(1, Math.floor(FINISH_CELLS / nx));
    const L = this.#array(values.length), range = { min: Infinity, max: -Infinity, lo: Infinity, hi: -Infinity };
    for (let k = 0; k < values.length; k += FINISH_CELLS) {
      logValues(values, L, k, Math.min(values.length, k + FINISH_CELLS), range);
      if (k + FINISH_CELLS < values.length) yield;
    }
    Object.assign(grid, { min: range.min, max: range.max });
    let { lo, hi } = range;
    if (!(hi >= lo)) lo = hi = 0; // every cell overflowed
    hi = Math.min(hi, lo + MAX_DECADES);
    if (hi - lo < 1e-9) hi = lo + 1;
    yield;
    const step = levelStep(hi - lo), at = [];
    for (let v = Math.ceil(lo / step + 1e-9) * step; v < hi - 1e-9; v += step) at.push(v);
    const segs = at.map(() => []);
    for (let r = 0; at.length && r < ny - 1; r += rows) {
      contours(L, nx, ny, at, r, Math.min(ny - 1, r + rows), segs);
      if (r + rows < ny - 1) yield;
    }
    const levels = at.map((v, k) => ({ value: v, t: (v - lo) / (hi - lo), segs: segs[k] }));
    Object.assign(grid, { L, lo, hi, levels, step });
  }

  // Paint a grid's heat map and contours into a new layer at the plot's device-pixel size, in
  // steps: the pixels in bands of rows, then the contour lines a few levels at a time, each made
  // to paint at once (flush) so that its cost stays in its step. A pixel's colour is the colour
  // scale at the log SSR interpolated (bilinearly) between the four samples around it, so every
  // colour is on the scale and the contour lines (linear along cell edges) agree with it.
  *#paint(grid, plot, canvas = document.createElement('canvas')) {
    const dpr = this.dpr || 1, W = Math.max(1, Math.round(plot.width * dpr)), H = Math.max(1, Math.round(plot.height * dpr));
    if (canvas.width !== W) canvas.width = W; // (every pixel is written below)
    if (canvas.height !== H) canvas.height = H;
    const c = canvas.getContext('2d', { willReadFrequently: true }); // kept in memory: flush() reads it
    const { L, nx, ny, lo } = grid, scale = 255 / (grid.hi - lo);
    // Sample q sits at x = q / (nx - 1) · W; the centre of pixel column x at u = (x + 0.5)(nx - 1) / W.
    if (this.#columns?.W !== W || this.#columns.nx !== nx) {
      const q0 = new Int32Array(W), fx = new Float64Array(W);
      for (let x = 0; x < W; x++) {
        const u = Math.min(nx - 1, Math.max(0, ((x + 0.5) * (nx - 1)) / W));
        q0[x] = Math.min(nx - 2, Math.floor(u));
        fx[x] = u - q0[x];
      }
      this.#columns = { W, nx, q0, fx, h0: new Float64Array(W), h1: new Float64Array(W), hr: -2 };
    }
    const cols = this.#columns, rows = Math.max(1, Math.floor(PAINT_PIXELS / W));
    cols.hr = -2;
    if (this.#band?.width !== W || this.#band.height !== rows) this.#band = new ImageData(W, rows);
    const band = this.#band, pixels = new Uint32Array(band.data.buffer);
    yield;
    for (let y0 = 0; y0 < H; y0 += rows) {
      const n = Math.min(rows, H - y0);
      shadeRows(pixels, L, ny, lo, scale, cols, y0, n, H);
      c.putImageData(band, 0, y0, 0, 0, W, n);
      flush(c); // (putImageData too is painted later, all bands at once, unless flushed)
      yield;
    }
    c.lineJoin = 'round';
    let strokes = 0;
    for (const level of grid.levels) {
      const major = Math.abs(level.value - Math.round(level.value)) < 1e-9;
      c.strokeStyle = level.t < 0.6 ? `rgba(255, 255, 255, ${major ? 0.55 : 0.32})` : `rgba(20, 24, 33, ${major ? 0.45 : 0.26})`;
      c.lineWidth = (major ? 1.3 : 0.8) * dpr;
      for (let k = 0; k < level.segs.length;) { // at most STROKE_SEGMENTS per step
        const n = Math.min(level.segs.length - k, 4 * (STROKE_SEGMENTS - strokes));
        strokeSegments(c, level.segs, W / (nx - 1), H / (ny - 1), H, k, k + n);
        k += n;
        strokes += n / 4;
        if (strokes >= STROKE_SEGMENTS) {
          flush(c);
          strokes = 0;
          yield;
        }
      }
    }
    flush(c);
    return { canvas, grid, W, H };
  }

  // The heat map and contours of `grid` at the plot's device-pixel size: the job's layer, or (after
  // a resize) painted now.
  #compose(grid, plot) {
    const dpr = this.dpr || 1, W = Math.max(1, Math.round(plot.width * dpr)), H = Math.max(1, Math.round(plot.height * dpr));
    if (this.#layer && this.#layer.grid === grid && this.#layer.W === W && this.#layer.H === H) return this.#layer;
    const t0 = performance.now();
    this.#layer = runAll(this.#paint(grid, plot, this.#layer?.canvas));
    this.lastComposeMs = performance.now() - t0;
    return this.#layer;
  }

  // ------------------------------------------------------------------ drawing

  render(ctx, s, w, h) {
    if (this.#i < 0) return;
    const small = w < 420, size = small ? 11 : 12, twoD = this.#j >= 0, least = small ? 42 : 52;
    const m = { right: twoD ? (small ? 50 : 62) : 14, top: 26, bottom: 34 };
    // The left margin holds the vertical axis's labels, which can be long (5.0 × 10⁴³ after a
    // divergence, many decimals zoomed in): at least `least`, wider when the widest label needs it.
    // The labels depend on the range, the range on the plot's width (while the view follows the
    // path) and, in 1-D, on the slice computed for it: a margin that does not fit its labels is
    // laid out again at once (and if that does not settle it, in the next frame).
    let plot, axis;
    for (let pass = 0; ; pass++) {
      const left = Math.max(least, this.#left);
      plot = { left, top: m.top, width: w - left - m.right, height: h - m.top - m.bottom };
      if (plot.width < 40 || plot.height < 40) return;
      this.#plot = plot;
      this.#placeView(s, plot);
      this.#ensure(this.#request(s, plot));
      const r = twoD ? this.#range(plot) : { c0: 0, c1: this.#ssrTop(s) };
      axis = { ...verticalTicks(r.c0, r.c1, plot.height), right: left - 6, font: font(size) };
      this.#axis = axis; // (with #plot: a job's backdrop, painted for #plot, draws these labels)
      ctx.font = axis.font;
      const widest = Math.max(0, ...axis.labels.map((l) => ctx.measureText(l.text).width));
      const need = Math.max(least, Math.ceil(widest) + 6 + 3); // 6 px to the plot, 3 from the canvas's edge
      // Kept while its labels fit and leave at most MARGIN_SLACK px spare: the plot's width (and
      // with it the range and the grid) does not change with every set of labels.
      if (need <= left && left - need <= MARGIN_SLACK) break;
      this.#left = need;
      if (pass === 1) {
        this.#redraw();
        break;
      }
    }
    if (this.#job) {
      this.#job.plot = plot;
      if (s.playing) this.#advance(PLAY_SLICE, FRAME_CELLS);
    }
    this.#info = { axis };
    if (twoD) this.#render2d(ctx, s, plot, axis);
    else this.#render1d(ctx, s, plot, size, small, axis);
  }

  // The last complete grid if it is of the pair and H shown (else none, until one is).
  #shown(s) {
    const g = this.#grid;
    return g && g.i === this.#i && g.j === this.#j && g.hidden === s.hidden ? g : null;
  }

  // 2-D: the backdrop (copied), then what moves every frame: the contour through the current
  // point, the path, the arrow and the point. axis: the vertical axis (see render).
  #render2d(ctx, s, plot, axis) {
    const shown = this.#shown(s);
    const back = this.#backdrop(s, plot, axis, shown);
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(back, 0, 0); // device pixels, one to one
    ctx.restore();
    ctx.save();
    ctx.beginPath();
    ctx.rect(plot.left, plot.top, plot.width, plot.height);
    ctx.clip();
    if (shown && sameGrid(shown, this.#want) && Number.isFinite(s.ssr)) this.#drawLevel(ctx, shown, s.ssr, s.playing);
    this.#drawPath(ctx, s);
    this.#drawArrow(ctx, s, plot);
    ctx.restore();
  }

  // What changes only with the grid, the range, the size or the pair: the heat map with its
  // contours (placed by the grid's own range), the axes, the names and the colour bar, painted
  // into an offscreen canvas at device pixels when one of them changes. A job paints the next
  // grid's backdrop into a second canvas before its grid is shown (#steps).
  #backdrop(s, plot, axis, shown) {
    const key = this.#backdropKey(plot);
    if (!this.#back || this.#back.grid !== shown || !sameFields(this.#back.key, key)) {
      const t0 = performance.now();
      this.#back = runAll(this.#paintBackdrop(s, plot, axis, shown, key, this.#back?.canvas));
      this.lastBackdropMs = performance.now() - t0;
    }
    return this.#back.canvas;
  }

  // What a backdrop depends on besides its grid: the sizes, the range and the pair (and so the
  // vertical axis's labels, which follow from the range, the plot and the canvas's width).
  #backdropKey(plot) {
    const r = this.#range(plot);
    return { cw: this.canvas.width, ch: this.canvas.height, dpr: this.dpr, w: this.width, h: this.height,
      pw: plot.width, ph: plot.height, a0: r.a0, a1: r.a1, c0: r.c0, c1: r.c1, i: this.#i, j: this.#j, names: this.#names };
  }

  // In steps: the heat map in bands of rows (a grid of the range shown lands on the plot pixel for
  // pixel, a plain copy; one of another range, while its successor is computed, is scaled without
  // smoothing, which is as cheap), then the axes (the vertical one's labels: `axis`, from render),
  // the names and the colour bar.
  *#paintBackdrop(s, plot, axis, shown, key, canvas = document.createElement('canvas'), layer = null) {
    const i = this.#i, j = this.#j, r = this.#range(plot), dpr = this.dpr || 1;
    const small = this.width < 420, size = small ? 11 : 12, W = this.canvas.width, H = this.canvas.height;
    if (canvas.width !== W) canvas.width = W;
    if (canvas.height !== H) canvas.height = H;
    const ctx = canvas.getContext('2d', { willReadFrequently: true }); // kept in memory: flush() reads it
    if (shown) layer ??= this.#compose(shown, plot);
    const px = Math.round(plot.left * dpr), py = Math.round(plot.top * dpr);
    const exact = shown && shown.a0 === r.a0 && shown.a1 === r.a1 && shown.c0 === r.c0 && shown.c1 === r.c1 &&
      layer.W === Math.max(1, Math.round(plot.width * dpr)) && layer.H === Math.max(1, Math.round(plot.height * dpr));
    const rows = Math.max(1, Math.floor(BLIT_PIXELS / W));
    for (let y0 = 0; y0 < H; y0 += rows) {
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      ctx.clearRect(0, y0, W, Math.min(rows, H - y0));
      ctx.save();
      ctx.beginPath();
      ctx.rect(0, y0, W, Math.min(rows, H - y0));
      ctx.clip();
      if (exact) {
        ctx.drawImage(layer.canvas, px, py);
      } else {
        ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
        ctx.beginPath();
        ctx.rect(plot.left, plot.top, plot.width, plot.height);
        ctx.clip();
        ctx.fillStyle = '#eef1f5';
        ctx.fillRect(plot.left, plot.top, plot.width, plot.height);
        if (shown) {
          const x0 = this.#X(shown.a0), x1 = this.#X(shown.a1), yTop = this.#Y(shown.c1), yBottom = this.#Y(shown.c0);
          ctx.imageSmoothingEnabled = false;
          ctx.drawImage(layer.canvas, x0, yTop, x1 - x0, yBottom - yTop);
        }
      }
      ctx.restore();
      flush(ctx);
      yield;
    }

    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (!shown && this.#core === false) placeholder(ctx, plot, size, UNAVAILABLE, plot.top + 2 * size);

    ctx.strokeStyle = COLORS.axis;
    ctx.lineWidth = 1;
    ctx.strokeRect(plot.left - 0.5, plot.top - 0.5, plot.width + 1, plot.height + 1);
    this.#axes(ctx, plot, r.a0, r.a1, axis, (v) => this.#X(v), (v) => this.#Y(v), size, small);
    ctx.fillStyle = COLORS.muted;
    ctx.font = font(size, 600);
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    const up = `↑ ${axisTitle(s.names[j], axis.power)}`, across = `${axisTitle(s.names[i], this.#xAxis.power)} →`;
    this.#titles = { up, across };
    ctx.fillText(up, 4, 16);
    const upRight = 4 + ctx.measureText(up).width;
    ctx.textAlign = 'right';
    ctx.fillText(across, plot.left + plot.width, this.height - 4);
    if (shown) this.#colourBar(ctx, shown, plot, size);
    // Until the pair's first grid is in: said above the plot, where the point, the path and the
    // arrow (drawn clipped to the plot) cannot cover it.
    if (!shown && this.#core !== false) notice(ctx, plot, size, 'computing the landscape…', upRight + 8);
    flush(ctx);
    return { canvas, grid: shown, key };
  }

  // The contour through the current point (only on an up-to-date grid, so it passes through it).
  // Tracing it is a pass over the whole grid: while training runs, that happens only once the SSR
  // is more than a colour step away from the line, and at most every LEVEL_INTERVAL ms; paused,
  // the line is at the exact SSR.
  #drawLevel(ctx, grid, ssr, playing) {
    const old = this.#level, level = Math.log10(Math.max(FLOOR, ssr)), now = performance.now();
    if (!old || old.grid !== grid || (old.ssr !== ssr && (!playing ||
      (Math.abs(level - old.level) > (grid.hi - grid.lo) / 255 && now - old.at >= LEVEL_INTERVAL)))) {
      const segs = [[]], edges = [[]];
      contours(grid.L, grid.nx, grid.ny, [level], 0, grid.ny - 1, segs, edges);
      this.#level = { grid, ssr, level, at: now, lines: chainSegments(segs[0], edges[0]) };
    }
    this.#info.level = this.#level;
    const sx = (grid.a1 - grid.a0) / (grid.nx - 1), sy = (grid.c1 - grid.c0) / (grid.ny - 1);
    // Whole lines, not the cells' pieces: a dash pattern starts again with every piece, and the
    // pieces (a few pixels each) would all be drawn solid.
    ctx.beginPath();
    for (const line of this.#level.lines) {
      for (let k = 0; k < line.length; k += 2) {
        const x = this.#X(grid.a0 + line[k] * sx), y = this.#Y(grid.c0 + line[k + 1] * sy);
        if (k === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      }
    }
    ctx.setLineDash([5, 4]);
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = 'rgba(255, 255, 255, 0.9)';
    ctx.stroke();
    ctx.setLineDash([]);
  }

  #drawPath(ctx, s) {
    const p = this.#path, i = this.#i, j = this.#j, n = p.length;
    ctx.lineJoin = 'round';
    ctx.lineCap = 'round';
    ctx.beginPath();
    for (let k = 0; k < n; k++) {
      const x = this.#X(p.value(k, i)), y = this.#Y(p.value(k, j));
      if (k === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.lineTo(this.#X(s.params[i]), this.#Y(s.params[j]));
    ctx.strokeStyle = HALO;
    ctx.lineWidth = 4.5;
    ctx.stroke();
    ctx.strokeStyle = PATH_COLOR;
    ctx.lineWidth = 2;
    ctx.stroke();
    if (n > 0) dot(ctx, this.#X(p.value(0, i)), this.#Y(p.value(0, j)), 3.5, null, PATH_COLOR);
    dot(ctx, this.#X(s.params[i]), this.#Y(s.params[j]), 5.5, PATH_COLOR, COLORS.ink);
  }

  // The arrow points along −(dSSR/dθi, dSSR/dθj) exactly; its length grows with the gradient's
  // size on a log scale (the true step, learning rate × gradient, is often too small to see).
  #drawArrow(ctx, s, plot) {
    const i = this.#i, j = this.#j, gi = s.gradients[i], gj = s.gradients[j];
    const mag = Math.hypot(gi, gj);
    if (!(mag > 0) || !Number.isFinite(mag)) return;
    const L = Math.max(16, Math.min(0.3 * Math.min(plot.width, plot.height), 16 + 14 * Math.log10(1 + 100 * mag)));
    const t = (L * this.#view.upp) / mag; // parameter units per gradient unit
    const from = [s.params[i], s.params[j]], to = [s.params[i] - t * gi, s.params[j] - t * gj];
    this.#info.arrow = { from, to, gradient: [gi, gj] };
    arrow(ctx, this.#X(from[0]), this.#Y(from[1]), this.#X(to[0]), this.#Y(to[1]), ARROW_COLOR);
  }

  #colourBar(ctx, grid, plot, size) {
    const x = plot.left + plot.width + 10, wBar = 11, top = plot.top, bottom = plot.top + plot.height;
    // The colour table up the bar, a device-pixel row at a time (the colour at the row's centre).
    const dpr = this.dpr || 1, left = Math.round(x * dpr), up = Math.round(top * dpr);
    const bw = Math.max(1, Math.round((x + wBar) * dpr) - left), bh = Math.max(1, Math.round(bottom * dpr) - up);
    const bar = new ImageData(bw, bh), px = new Uint32Array(bar.data.buffer);
    for (let y = 0; y < bh; y++) px.fill(PIXELS[Math.round(((bh - y - 0.5) / bh) * 255)], y * bw, (y + 1) * bw);
    ctx.putImageData(bar, left, up);
    ctx.strokeStyle = COLORS.axis;
    ctx.strokeRect(x - 0.5, top - 0.5, wBar + 1, bottom - top + 1);
    ctx.font = font(size - 1);
    ctx.fillStyle = COLORS.muted;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    const Y = (l) => bottom - ((l - grid.lo) / (grid.hi - grid.lo)) * (bottom - top);
    // Whole decades; with fewer than two of them, the grid's smallest and largest SSR at the ends.
    const first = Math.ceil(grid.lo - 1e-9), last = Math.floor(grid.hi + 1e-9), marks = [];
    const room = this.width - (x + wBar + 4) - 2; // for the labels, 2 px from the canvas's edge
    const every = Math.max(1, Math.ceil((last - first + 1) / Math.max(2, Math.floor(plot.height / 28))));
    for (let k = first; k <= last; k += every) marks.push([Y(k), formatPower(k)]);
    if (marks.length < 2) {
      // (as much of the value as fits beside the bar: "7.0 × 10³⁰¹", else "≈ 10³⁰²")
      const end = (v) => {
        if (!(v > 0 && Number.isFinite(v))) return formatSig(v, 2); // (0: an exact fit)
        const power = formatPower(Math.round(Math.log10(v)));
        return [formatSig(v, 2), formatSig(v, 1), `≈${power}`].find((t) => ctx.measureText(t).width <= room) ?? power;
      };
      let ends = [[bottom - 6, end(grid.min)], [top + 6, end(grid.max)]];
      if (ends[0][1] === ends[1][1]) ends = [[(top + bottom) / 2, ends[0][1]]]; // (within a decade: said once)
      for (const [y, text] of ends) if (marks.every(([m]) => Math.abs(m - y) > size + 2)) marks.push([y, text]);
    }
    // Long exponents (10³⁰⁷ after a divergence) in a smaller font where the margin is narrow.
    const widest = () => Math.max(0, ...marks.map(([, t]) => ctx.measureText(t).width));
    for (let f = size - 2; f >= size - 3 && widest() > room; f--) ctx.font = font(f);
    for (const [y, text] of marks) ctx.fillText(text, x + wBar + 4, y);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'alphabetic';
    ctx.font = font(size, 600);
    ctx.fillText('SSR', this.width - 4, 16);
  }

  // The horizontal axis from a0 to a1 (its ticks chosen here, as many as their labels leave room
  // for), and the vertical one's ticks and labels as render() laid the plot out for (axis).
  #axes(ctx, plot, a0, a1, axis, X, Y, size, small) {
    ctx.font = font(size);
    ctx.fillStyle = COLORS.muted;
    ctx.strokeStyle = COLORS.axis;
    ctx.lineWidth = 1;
    const bottom = plot.top + plot.height;
    // (far from 0 or zoomed in, labels as long as the plot is wide: fewer, or some left out)
    let power = null; // (of the texts axisTicks settles on: its last call)
    const texts = (values, step) => {
      const t = tickTexts(values, step);
      power = t.power;
      return t;
    };
    const labels = axisTicks(ctx, a0, a1, small ? 3 : 5, X, texts, this.width);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const { value } of labels) {
      const x = Math.round(X(value)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(x, bottom);
      ctx.lineTo(x, bottom + 4);
      ctx.stroke();
    }
    // Under its tick, moved in as far as a long one near an end needs (the 1-D plot's right margin is 14 px).
    for (const { x, text } of labels) if (text) ctx.fillText(text, x, bottom + 6);
    this.#xAxis = { font: ctx.font, power, labels: labels.filter((l) => l.text) };
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const { value, text } of axis.labels) { // (render made room for them)
      const y = Math.round(Y(value)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(plot.left - 4, y);
      ctx.lineTo(plot.left, y);
      ctx.stroke();
      ctx.fillText(text, plot.left - 6, y);
    }
  }

  // 1-D: the SSR against θi (others fixed), the tangent at the current value, and the step. axis:
  // the SSR axis (see render), from 0 to its top.
  #render1d(ctx, s, plot, size, small, axis) {
    const i = this.#i, r = this.#range(plot), shown = this.#shown(s), top = axis.hi;
    const theta = s.params[i], ssr = s.ssr, slope = s.gradients[i], lr = s.learningRate;
    const X = (a) => this.#X(a);
    const Y = (v) => clampPx(plot.top + plot.height * (1 - v / top));

    ctx.strokeStyle = COLORS.grid;
    ctx.lineWidth = 1;
    for (const { value } of axis.labels) {
      ctx.beginPath();
      ctx.moveTo(plot.left, Math.round(Y(value)) + 0.5);
      ctx.lineTo(plot.left + plot.width, Math.round(Y(value)) + 0.5);
      ctx.stroke();
    }
    this.#axes(ctx, plot, r.a0, r.a1, axis, X, Y, size, small);
    ctx.fillStyle = COLORS.muted;
    ctx.font = font(size, 600);
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    const up = `${axisTitle('SSR', axis.power)}, only ${s.names[i]} changed`, across = `${axisTitle(s.names[i], this.#xAxis.power)} →`;
    this.#titles = { up, across };
    ctx.fillText(up, 4, 16);
    ctx.textAlign = 'right';
    ctx.fillText(across, plot.left + plot.width, this.height - 4);

    ctx.save();
    ctx.beginPath();
    ctx.rect(plot.left, plot.top - 6, plot.width, plot.height + 6);
    ctx.clip();
    if (shown) {
      ctx.beginPath();
      let pen = false;
      for (let q = 0; q < shown.nx; q++) {
        const v = shown.values[q];
        if (!Number.isFinite(v)) { pen = false; continue; }
        const x = X(lerp(shown.a0, shown.a1, q, shown.nx)), y = Y(v);
        if (pen) ctx.lineTo(x, y);
        else ctx.moveTo(x, y);
        pen = true;
      }
      ctx.strokeStyle = COLORS.loss;
      ctx.lineWidth = 2.5;
      ctx.lineJoin = 'round';
      ctx.stroke();
    }
    if (Number.isFinite(ssr)) {
      // The tangent: slope dSSR/dθ from the core's gradient, drawn a fixed length on screen.
      const kx = 1 / this.#view.upp, ky = plot.height / top; // px per unit of θ and of SSR
      const u = (0.2 * plot.width) / Math.hypot(kx, slope * ky);
      const t0 = [theta - u, ssr - slope * u], t1 = [theta + u, ssr + slope * u];
      this.#info.tangent = { at: theta, ssr, slope, from: t0, to: t1 };
      ctx.beginPath();
      ctx.moveTo(X(t0[0]), Y(t0[1]));
      ctx.lineTo(X(t1[0]), Y(t1[1]));
      ctx.strokeStyle = COLORS.ink;
      ctx.lineWidth = 1.5;
      ctx.stroke();

      // The next value (previewAt: a drawing coordinate); its SSR comes from the core.
      const next = previewAt(s, i);
      const nextSsr = this.#ssrAt(s, i, next);
      this.#info.next = { at: next, ssr: nextSsr, learningRate: lr, slope };
      const yAxis = plot.top + plot.height - 10;
      if (Number.isFinite(next) && next !== theta && !s.frozen[i]) {
        ctx.setLineDash([3, 3]);
        ctx.strokeStyle = PREVIEW_COLOR;
        ctx.lineWidth = 1.2;
        ctx.beginPath();
        ctx.moveTo(X(theta), Y(ssr));
        ctx.lineTo(X(theta), yAxis);
        if (Number.isFinite(nextSsr)) {
          ctx.moveTo(X(next), Y(nextSsr));
          ctx.lineTo(X(next), yAxis);
        }
        ctx.stroke();
        ctx.setLineDash([]);
        // Beyond the plot's edge (zoomed in, or a long step): the arrow ends at the edge, and says
        // where the next value is, in the plot's foot by that edge. (No arrow where the current
        // value is beyond that edge too: it would point back.)
        const left = plot.left, right = plot.left + plot.width, xNext = X(next), xTheta = X(theta);
        const off = xNext > right ? 1 : xNext < left ? -1 : 0, end = off > 0 ? right - 2 : off < 0 ? left + 2 : xNext;
        const ahead = Math.sign(end - xTheta) === Math.sign(xNext - xTheta);
        if (ahead) arrow(ctx, xTheta, yAxis, end, yAxis, PREVIEW_COLOR, 1.8, 7);
        this.#info.next.arrowTo = ahead ? end : null; // (CSS px; for tests)
        if (Number.isFinite(nextSsr)) {
          dot(ctx, X(next), Y(nextSsr), 5, COLORS.surface, PREVIEW_COLOR, 2);
        }
        // The preview named (its place is a drawing coordinate, so no number: Step applies it in the
        // core): by the plot's edge where it is beyond it, else beside its dot when not a speck.
        ctx.font = font(size, 600);
        ctx.fillStyle = PREVIEW_COLOR;
        ctx.textBaseline = 'bottom';
        if (off && Number.isFinite(nextSsr)) {
          const text = off > 0 ? 'next step →' : '← next step';
          ctx.textAlign = off > 0 ? 'right' : 'left';
          ctx.fillText(text, off > 0 ? right - 4 : left + 4, yAxis - 6);
          this.#info.next.label = { bottom: yAxis - 6, arrow: yAxis, text, edge: off };
        } else if (Number.isFinite(nextSsr) && Math.abs(xNext - xTheta) >= 14) {
          const toRight = xNext < right - 110;
          // (clear of the step's arrow along the foot: near the minimum the dot sits on it)
          const bottom = Math.min(Y(nextSsr) - 4, yAxis - 10);
          ctx.textAlign = toRight ? 'left' : 'right';
          ctx.fillText('next (preview)', xNext + (toRight ? 9 : -9), bottom);
          this.#info.next.label = { bottom, arrow: yAxis, text: 'next (preview)', edge: 0 };
        }
      }
      dot(ctx, X(theta), Y(ssr), 5.5, COLORS.loss, COLORS.surface, 2);
    }
    ctx.restore();
    if (!shown && this.#core === false) placeholder(ctx, plot, size, UNAVAILABLE, plot.top + 2 * size);
    ctx.strokeStyle = COLORS.axis;
    ctx.strokeRect(plot.left - 0.5, plot.top - 0.5, plot.width + 1, plot.height + 1);
  }

  // 1-D: the SSR axis's top, a little above the largest value in view; kept while it still fits.
  #ssrTop(s) {
    const shown = this.#shown(s), ssr = s.ssr;
    let top = Math.max(shown ? shown.max : 0, Number.isFinite(ssr) ? ssr : 0) * 1.1;
    if (!(top > 0) || !Number.isFinite(top)) top = 1;
    if (this.#yTop && top <= this.#yTop && top > 0.45 * this.#yTop) top = this.#yTop;
    this.#yTop = top;
    return top;
  }

  // The SSR with θi at `value`, everything else as in s: a 2-sample slice whose first sample is
  // exactly `value`. Cached per value and state: #placeView and the drawing ask for the same one.
  #ssrAt(s, i, value) {
    if (!Number.isFinite(value)) return NaN;
    const c = this.#nextCache;
    if (c && c.value === value && c.i === i && c.data === this.#data && c.activation === s.activation && sameArray(c.params, s.params)) return c.ssr;
    let ssr = NaN;
    try {
      ssr = this.#app.net.ssrGrid(i, -1, value, value + Math.max(1, Math.abs(value)) * 1e-6, 2).values[0];
    } catch {
      ssr = NaN; // beyond what the core can represent: no dot
    }
    this.#nextCache = { value, i, data: this.#data, activation: s.activation, params: s.params, ssr };
    return ssr;
  }

  // ------------------------------------------------------------------ text

  #readout(s) {
    const el = this.#el, i = this.#i, j = this.#j, names = s.names, p = s.params, g = s.gradients;
    if (i < 0) return;
    const frozen = [i, j].filter((k) => k >= 0 && s.frozen[k]).map((k) => names[k]);
    const frozenNote = frozen.length ? ` (${frozen.join(' and ')} ${frozen.length > 1 ? 'are' : 'is'} frozen: training keeps ${frozen.length > 1 ? 'them' : 'it'} fixed)` : '';
    if (j >= 0) {
      setText(el.point, `${names[i]} = ${formatSig(p[i])}, ${names[j]} = ${formatSig(p[j])}: SSR ${formatSSR(s.ssr)}`);
      setText(el.slope, `Gradient (dSSR/d${names[i]}, dSSR/d${names[j]}) = (${formatSig(g[i])}, ${formatSig(g[j])}); ` +
        `the arrow points the opposite way, downhill${frozenNote}.`);
      setText(el.step, this.#core === false ? '' : 'Dashed line: every point with the current SSR. The arrow crosses it at a right angle.');
      setText(el.last, '');
    } else {
      setText(el.point, `${names[i]} = ${formatSig(p[i])}: SSR ${formatSSR(s.ssr)}`);
      setText(el.slope, `Slope of the tangent: dSSR/d${names[i]} = ${formatSig(g[i])}${frozenNote}.`);
      // (a preview where the SSR overflows, after a divergence, has no dot: render1d)
      const lost = this.#info.next && !Number.isFinite(this.#info.next.ssr);
      setText(el.step, s.frozen[i] ? `${names[i]} is frozen: steps leave it where it is.`
        : `Next step: new ${names[i]} = ${names[i]} − ${formatRateText(s.learningRate)} × slope. ` + (lost
          ? `With only ${names[i]} moved that far, the SSR overflows: no dot.`
          : 'The hollow dot is a preview the page draws there; Step applies it in the core.'));
      setText(el.last, this.#lastStepText(s));
    }
    const grid = this.#grid;
    const size = grid ? (grid.ny > 1 ? `${grid.nx} × ${grid.ny} grid` : `${grid.nx} samples`) : 'the landscape';
    const how = isTouchFirst()
      ? `Tap: move the point there. Drag: pan. ${this.#j >= 0 ? 'Pinch or +/−' : '+/−'}: zoom.`
      : `Click: move the point there; arrow keys: move it. Drag: pan. ${this.#j >= 0 ? 'Wheel, pinch or +/−' : 'Wheel or +/−'}: zoom.`;
    const job = this.#job && !this.#job.limited && this.#job.tiles.length > 1 ? this.#job.req : null;
    const parts = grid?.tiles > 1 && grid.frames > 1 ? ` (${grid.tiles} parts over ${grid.frames} frames)` : '';
    setText(el.gridNote, job ? `Computing the ${job.nx} × ${job.ny} grid in parts (large data)…`
      : grid ? `${size} by the core in ${grid.ms.toFixed(1)} ms${parts}.` : '');
    setText(el.how, how); // (not printed)
    setText(el.message, this.#note || this.#coreError);
    el.fit.setAttribute('aria-pressed', String(this.#follow));
  }

  // The core's record of the last applied step of θi (net.lastStep(), read once per step).
  #lastStepText(s) {
    const i = this.#i, name = s.names[i];
    if (!this.#lastStep || this.#lastStep.steps !== s.steps || this.#lastStep.params !== s.params)
      this.#lastStep = { steps: s.steps, params: s.params, value: this.#app.net.lastStep() };
    const last = this.#lastStep.value;
    if (!Number.isFinite(last.old[i])) return 'No step applied yet from these values.';
    return `Last step (the core's numbers): old ${name} ${formatSig(last.old[i])}, slope ${formatSig(last.derivative[i])}, ` +
      `step size ${formatSig(last.stepSize[i])}, new ${name} ${formatSig(last.new[i])}.`;
  }
}

// ------------------------------------------------------------------ the path's storage

// Full parameter vectors after each recorded step, at most `capacity`; when full, every other
// point is dropped and the minimum step spacing doubles (as SsrHistory does for the SSR).
class ParamPath {
  constructor(capacity) {
    this.capacity = capacity;
    this.P = 0;
    this.length = 0;
    this.lastSteps = -1;
    this.last = [];
  }

  reset(steps, params) {
    this.P = params.length;
    this.data = new Float64Array(this.capacity * this.P);
    this.steps = new Float64Array(this.capacity);
    this.length = 0;
    this.spacing = 0;
    this.#append(steps, params);
  }

  push(steps, params) {
    if (steps - this.steps[this.length - 1] < this.spacing) {
      this.lastSteps = steps;
      this.last = Array.from(params);
      return;
    }
    if (this.length === this.capacity) this.#halve();
    this.#append(steps, params);
  }

  value(k, index) { return this.data[k * this.P + index]; }

  /** Bounding box of the stored points and `current` over parameters i (x) and j (y, if >= 0). */
  extent(i, j, current) {
    const e = { xmin: current[i], xmax: current[i], ymin: j >= 0 ? current[j] : 0, ymax: j >= 0 ? current[j] : 0 };
    for (let k = 0; k < this.length; k++) {
      const x = this.value(k, i);
      if (x < e.xmin) e.xmin = x;
      if (x > e.xmax) e.xmax = x;
      if (j >= 0) {
        const y = this.value(k, j);
        if (y < e.ymin) e.ymin = y;
        if (y > e.ymax) e.ymax = y;
      }
    }
    return e;
  }

  #append(steps, params) {
    this.data.set(params, this.length * this.P);
    this.steps[this.length++] = steps;
    this.lastSteps = steps;
    this.last = Array.from(params);
  }

  #halve() {
    let n = 0;
    for (let k = 0; k < this.length; k += 2, n++) {
      this.data.copyWithin(n * this.P, k * this.P, (k + 1) * this.P);
      this.steps[n] = this.steps[k];
    }
    this.length = n;
    this.spacing = (this.steps[n - 1] - this.steps[0]) / Math.max(1, n - 1);
  }
}

// ------------------------------------------------------------------ helpers

// Sample q of m over [lo, hi], the way the core places grid samples (ends exact).
function lerp(lo, hi, q, m) {
  return q === m - 1 ? hi : lo + (hi - lo) * (q / (m - 1));
}

// L[k] = log10 of values[k] (0 as FLOOR; NaN where it overflowed) for k in [from, to), widening
// range: {min, max} of the finite values, {lo, hi} of their logs.
function logValues(values, L, from, to, range) {
  for (let k = from; k < to; k++) {
    const v = values[k];
    if (Number.isFinite(v)) {
      if (v < range.min) range.min = v;
      if (v > range.max) range.max = v;
      const l = Math.log10(Math.max(FLOOR, v));
      L[k] = l;
      if (l < range.lo) range.lo = l;
      if (l > range.hi) range.hi = l;
    } else {
      L[k] = NaN;
    }
  }
}

// Pixel rows y0 .. y0 + n - 1 of a heat map H pixels high into `pixels` (RGBA words, row by row
// from 0): the log SSR field L (cols.nx × ny samples) interpolated bilinearly at each pixel centre,
// then the colour table. cols: per pixel column its left sample q0 and weight fx, and the field
// along sample rows hr and hr + 1 at every column (h0, h1), kept from call to call. A plain
// function (not a step of the generator that calls it) so that the engine optimises its loops.
function shadeRows(pixels, L, ny, lo, scale, cols, y0, n, H) {
  const { W, nx, q0, fx } = cols;
  const across = (r, out) => {
    for (let x = 0, base = r * nx; x < W; x++) {
      const a = L[base + q0[x]];
      out[x] = a + (L[base + q0[x] + 1] - a) * fx[x];
    }
  };
  for (let y = y0, o = 0; y < y0 + n; y++) {
    const v = Math.min(ny - 1, Math.max(0, (ny - 1) * (1 - (y + 0.5) / H))); // pixel row 0 is the top
    const r = Math.min(ny - 2, Math.floor(v)), fy = v - r;
    if (r === cols.hr - 1) { // going down the picture, the rows move down one sample at a time
      [cols.h0, cols.h1] = [cols.h1, cols.h0];
      across(r, cols.h0);
    } else if (r !== cols.hr) {
      across(r, cols.h0);
      across(r + 1, cols.h1);
    }
    cols.hr = r;
    const h0 = cols.h0, h1 = cols.h1;
    for (let x = 0; x < W; x++) {
      const t = (h0[x] + (h1[x] - h0[x]) * fy - lo) * scale;
      pixels[o++] = PIXELS[t !== t ? 256 : t <= 0 ? 0 : t >= 255 ? 255 : (t + 0.5) | 0]; // NaN: overflow
    }
  }
}

// The tiles of an nx × ny grid, {q0, q1, r0, r1, cells} (inclusive), `rows` rows by `cols` columns
// each (the last ones smaller), row by row.
function tileList(nx, ny, rows, cols) {
  const tiles = [];
  for (let r0 = 0; r0 < ny; r0 += rows) {
    const r1 = Math.min(ny, r0 + rows) - 1;
    for (let q0 = 0; q0 < nx; q0 += cols) {
      const q1 = Math.min(nx, q0 + cols) - 1;
      tiles.push({ q0, q1, r0, r1, cells: (q1 - q0 + 1) * (r1 - r0 + 1) });
    }
  }
  return tiles;
}

// Stops (#rrggbb) interpolated linearly to n colours, then `extra` (RGB), as 32-bit RGBA pixels in
// memory order (whatever the byte order).
function colourTable(stops, n, extra) {
  const rgb = stops.map((h) => [1, 3, 5].map((k) => parseInt(h.slice(k, k + 2), 16)));
  const out = new Uint32Array(n + 1), bytes = new Uint8Array(out.buffer);
  for (let k = 0; k < n; k++) {
    const t = (k / (n - 1)) * (rgb.length - 1), a = Math.min(rgb.length - 2, Math.floor(t)), f = t - a;
    for (let c = 0; c < 3; c++) bytes[4 * k + c] = Math.round(rgb[a][c] + (rgb[a + 1][c] - rgb[a][c]) * f);
    bytes[4 * k + 3] = 255;
  }
  bytes.set([...extra, 255], 4 * n);
  return out;
}

// Contour spacing in decades: about 10 lines over the colour range.
function levelStep(decades) {
  for (const step of [0.1, 0.2, 0.25, 0.5, 1, 2, 5]) if (decades / step <= 10) return step;
  return 10;
}

/**
 * Marching squares: where the sampled field L (nx × ny, row-major, NaN = no value) crosses each
 * of `levels` (ascending), as one flat list per level [q0, r0, q1, r1, ...] in sample
 * coordinates. One pass over the cells; a cell only visits the levels between its corners.
 * Saddles are resolved with the cell's mean. Only the cells between sample rows r0 and r1,
 * appended to `out`: calls over consecutive row ranges give the segments of one call. With
 * `edges` (one list per level, like out), each piece's two ends are also named there by the cell
 * edge they lie on, for chainSegments: 2 (r nx + q) for the edge from sample (q, r) to (q + 1, r),
 * that + 1 for the edge from (q, r) to (q, r + 1).
 *
 * A sample equal to a level counts as below it: the lines are the border of the region above the
 * level. Where the field equals the level over a whole region (a plateau, such as the SSR where a
 * ReLU neuron is off for every data point), they run along the region's edge where it meets
 * higher values, through its samples, and a cell that touches the region at one corner only gives
 * a piece of length 0 at that corner.
 */
export function contours(L, nx, ny, levels, r0 = 0, r1 = ny - 1, out = levels.map(() => []), edges = null) {
  const n = levels.length;
  for (let r = r0; r < r1; r++) {
    for (let q = 0; q < nx - 1; q++) {
      const a = L[r * nx + q], b = L[r * nx + q + 1], c = L[(r + 1) * nx + q + 1], d = L[(r + 1) * nx + q];
      if (Number.isNaN(a + b + c + d)) continue;
      const lo = Math.min(a, b, c, d), hi = Math.max(a, b, c, d);
      if (!(lo < hi) || levels[0] >= hi || levels[n - 1] < lo) continue;
      for (let k = 0; k < n && levels[k] < hi; k++) {
        if (levels[k] >= lo) cell(out[k], edges?.[k], nx, levels[k], q, r, a, b, c, d);
      }
    }
  }
  return out;
}

/**
 * The pieces of one level from contours() joined into lines: [[q0, r0, q1, r1, q2, r2, ...], ...],
 * each in order along the line (a closed line ends where it starts), every piece in exactly one
 * line, once (one of length 0 as a repeated point, which a canvas skips). edges: the pieces' edge
 * names from contours().
 *
 * Pieces join through the cell edge their ends lie on, not by their coordinates: a crossing on an
 * edge between two cells ends one piece in each, so such an edge joins exactly two pieces (their
 * ends meet exactly: both cells compute the crossing with the same arithmetic). Coordinates cannot
 * tell which piece continues which where a sample is at the level (a plateau's edge, a ReLU's
 * kink): three or four pieces end there, on different edges, and joined by their ends' coordinates
 * they would pair up arbitrarily (a spike one cell long drawn apart from its line, pieces of length
 * 0 left on their own: each a stroke of its own, where the dashes start again). An edge with a
 * piece from one cell only (the grid's border, or beside a cell without a value) ends a line,
 * unless another such end lies at the same point (a line touching the border at a sample): those
 * join, so that no line ends where another one does.
 */
export function chainSegments(segs, edges) {
  // Piece t has ends 2t and 2t + 1; end e lies at (segs[2e], segs[2e + 1]) on edge edges[e].
  const ends = segs.length / 2, used = new Uint8Array(ends / 2), partner = new Int32Array(ends).fill(-1);
  const onEdge = new Map(), atPoint = new Map();
  for (let e = 0; e < ends; e++) {
    const f = onEdge.get(edges[e]);
    if (f === undefined) onEdge.set(edges[e], e);
    else [partner[e], partner[f]] = [f, e];
  }
  for (let e = 0; e < ends; e++) {
    if (partner[e] >= 0) continue;
    const key = `${segs[2 * e]},${segs[2 * e + 1]}`, f = atPoint.get(key);
    if (f === undefined) atPoint.set(key, e);
    else {
      [partner[e], partner[f]] = [f, e];
      atPoint.delete(key); // (beside cells without a value, four may meet: two pairs)
    }
  }
  // From end e, the line's last point so far: the piece joined there, if not yet used, its far
  // end's point appended to `out`; that far end, or -1.
  const extend = (out, e) => {
    const f = partner[e];
    if (f < 0 || used[f >> 1]) return -1;
    used[f >> 1] = 1;
    out.push(segs[2 * (f ^ 1)], segs[2 * (f ^ 1) + 1]);
    return f ^ 1;
  };
  const lines = [];
  for (let t = 0; t < used.length; t++) {
    if (used[t]) continue;
    used[t] = 1;
    const ahead = segs.slice(4 * t, 4 * t + 4), behind = ahead.slice(0, 2);
    for (let e = 2 * t + 1; e >= 0;) e = extend(ahead, e);
    for (let e = 2 * t; e >= 0;) e = extend(behind, e);
    const line = []; // behind reversed, without its first point (ahead's first), then ahead
    for (let k = behind.length - 2; k >= 2; k -= 2) line.push(behind[k], behind[k + 1]);
    lines.push(line.concat(ahead));
  }
  return lines;
}

// The segments of one cell at one level, and their ends' edges (see contours) if `edges` is given.
// Corners: a (q, r), b (q+1, r), c (q+1, r+1), d (q, r+1); edges: 0 bottom a-b, 1 right b-c,
// 2 top d-c, 3 left a-d.
function cell(out, edges, nx, level, q, r, a, b, c, d) {
  const index = (a > level ? 1 : 0) | (b > level ? 2 : 0) | (c > level ? 4 : 0) | (d > level ? 8 : 0);
  const pairs = index === 5 || index === 10
    ? ((a + b + c + d) / 4 > level) === (index === 5) ? SADDLE_JOINED : SADDLE_SPLIT
    : CASES[index];
  const at = 2 * (r * nx + q); // this cell's bottom edge
  for (let k = 0; k < pairs.length; k++) {
    for (const e of pairs[k]) {
      switch (e) {
        case 0: out.push(q + (level - a) / (b - a), r); edges?.push(at); break;
        case 1: out.push(q + 1, r + (level - b) / (c - b)); edges?.push(at + 3); break;
        case 2: out.push(q + (level - d) / (c - d), r + 1); edges?.push(at + 2 * nx); break;
        default: out.push(q, r + (level - a) / (d - a)); edges?.push(at + 1);
      }
    }
  }
}

// Edge pairs per corner pattern (bit 1: a, 2: b, 4: c, 8: d above the level). Saddles (5: a and
// c above, 10: b and d): when the mean's side joins a and c, cut off b and d, else a and c.
const CASES = [[], [[3, 0]], [[0, 1]], [[3, 1]], [[1, 2]], null, [[0, 2]], [[2, 3]], [[2, 3]], [[0, 2]], null,
  [[1, 2]], [[1, 3]], [[0, 1]], [[3, 0]], []];
const SADDLE_JOINED = [[0, 1], [2, 3]];
const SADDLE_SPLIT = [[3, 0], [1, 2]];

// Run a generator's remaining steps at once; its return value.
function runAll(steps) {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

// A canvas paints what was drawn on it when it is next read: reading one pixel makes that happen
// now, at the cost of the painting alone (the canvas keeps its pixels in memory).
function flush(ctx) {
  ctx.getImageData(0, 0, 1, 1);
}

function strokeSegments(c, segs, sx, sy, H, from = 0, to = segs.length) {
  c.beginPath();
  for (let k = from; k < to; k += 4) {
    c.moveTo(segs[k] * sx, H - segs[k + 1] * sy);
    c.lineTo(segs[k + 2] * sx, H - segs[k + 3] * sy);
  }
  c.stroke();
}

function arrow(ctx, x0, y0, x1, y1, color, width = 2.5, head = 9) {
  const len = Math.hypot(x1 - x0, y1 - y0);
  if (!(len > 1)) return;
  const ux = (x1 - x0) / len, uy = (y1 - y0) / len, hx = x1 - ux * head, hy = y1 - uy * head;
  const wing = head * 0.55;
  const path = () => {
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(hx, hy);
  };
  const tip = () => {
    ctx.beginPath();
    ctx.moveTo(x1, y1);
    ctx.lineTo(hx - uy * wing, hy + ux * wing);
    ctx.lineTo(hx + uy * wing, hy - ux * wing);
    ctx.closePath();
  };
  ctx.save();
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  ctx.strokeStyle = HALO;
  ctx.lineWidth = width + 2.5;
  path();
  ctx.stroke();
  tip();
  ctx.stroke();
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineWidth = width;
  path();
  ctx.stroke();
  tip();
  ctx.fill();
  ctx.restore();
}

// A line of text across the middle of an empty plot, its baseline at y.
function placeholder(ctx, plot, size, text, y) {
  ctx.fillStyle = COLORS.muted;
  ctx.font = font(size);
  ctx.textAlign = 'center';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(text, plot.left + plot.width / 2, y);
}

// A short notice in a pill in the band above the plot: centred over the plot, but starting no
// further left than `from` (CSS px; the text there ends before it).
function notice(ctx, plot, size, text, from) {
  ctx.font = font(size);
  const h = size + 8, w = ctx.measureText(text).width + size;
  const x = Math.max(from, plot.left + (plot.width - w) / 2), y = Math.max(1, (plot.top - h) / 2);
  roundRect(ctx, x, y, w, h, h / 2);
  ctx.fillStyle = COLORS.surface;
  ctx.fill();
  ctx.strokeStyle = COLORS.axis;
  ctx.lineWidth = 1;
  ctx.stroke();
  ctx.fillStyle = COLORS.muted;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(text, x + w / 2, y + h / 2 + 0.5);
}

function dot(ctx, x, y, r, fill, stroke, width = 2) {
  ctx.beginPath();
  ctx.arc(x, y, r, 0, 2 * Math.PI);
  if (fill) {
    ctx.fillStyle = fill;
    ctx.fill();
  }
  if (stroke) {
    ctx.lineWidth = width;
    ctx.strokeStyle = stroke;
    ctx.stroke();
  }
}

// The ticks of a vertical axis from lo to hi on a plot `height` px high, with their labels:
// {lo, hi, step, power (tickTexts'), labels: [{value, text}]}. render() sizes the left margin for
// these labels.
function verticalTicks(lo, hi, height) {
  const step = niceStep(lo, hi, height < 200 ? 3 : 5);
  const values = ticks(lo, hi, step), texts = tickTexts(values, step);
  return { lo, hi, step, power: texts.power, labels: values.map((value, k) => ({ value, text: texts[k] })) };
}

// One axis's tick labels, with as many digits as the tick step needs, so that ticks zoomed in, or
// close together far from 0 (2e8 ± 10), stay distinct: all in fixed notation ("0.25", "200000005")
// or, where that is longer than "1.2340e-5" would be, all as multiples of one power of ten, that of
// the largest, written once in the axis's title (labels "−1.0", "−0.5", "0" and the title
// "w3 (× 10¹³) →", as plotting tools do: short labels that compare at a glance, and a narrow plot
// keeps its room), never a mix. The array's `power` is that exponent, or null in fixed notation.
export function tickTexts(values, step) {
  const power = (v) => Math.floor(Math.log10(Math.abs(v)) + 1e-9), s = Math.floor(Math.log10(step) + 1e-9);
  const decimals = Math.max(0, Math.min(20, -s));
  const digits = (e) => Math.max(1, Math.min(20, e - s));
  const fixed = values.map((v) => (Math.abs(v) < 1e21 ? v.toFixed(decimals) : null));
  const sci = values.map((v) => (v === 0 ? '0' : v.toExponential(digits(power(v)))));
  const longest = (list) => Math.max(0, ...list.map((t, k) => (values[k] === 0 ? 0 : t === null ? Infinity : t.length)));
  if (longest(fixed) <= longest(sci)) return Object.assign(fixed.map((t, k) => (values[k] === 0 ? '0' : minusSign(t))), { power: null });
  const e = Math.max(...values.filter((v) => v !== 0).map(power)), d = digits(e);
  return Object.assign(values.map((v) => (v === 0 ? '0' : minusSign((v / 10 ** e).toFixed(d)))), { power: e });
}

// An axis's title with the power of ten its tick labels leave out: "w3 (× 10¹⁵³)".
function axisTitle(name, power) {
  return power === null ? name : `${name} (× ${formatPower(power, false)})`;
}

// The narrowest view, in parameter units per CSS pixel: 1e-7 of the centre's size across the plot.
function minUpp(width, cx, cy) {
  return (1e-7 * Math.max(1, Math.abs(cx), Math.abs(cy))) / width;
}

function clampUpp(upp, width, cx, cy) {
  return Math.max(minUpp(width, cx, cy), Math.min(MAX_SPAN / width, upp));
}

function clampPx(v) {
  return Math.max(-1e5, Math.min(1e5, v));
}

// Where the 1-D preview's hollow dot goes: θi − learning rate × dSSR/dθi, a drawing coordinate
// (the core applies the step; #placeView follows it, render1d draws it).
function previewAt(s, i) {
  return s.params[i] - s.learningRate * s.gradients[i];
}

// An output weight and the output bias (w3 and b3 for H = 2): the pair a net starts with.
function defaultPair(names, H) {
  return { x: names[2 * H], y: names[3 * H] };
}

function inside(p, plot) {
  return p.x >= plot.left && p.x <= plot.left + plot.width && p.y >= plot.top && p.y <= plot.top + plot.height;
}

// Requests and grids (see #request). The same pair and H: a grid of it still belongs in the view.
function samePair(a, b) {
  return a.i === b.i && a.j === b.j && a.hidden === b.hidden;
}

// ...and the same samples, activation and data (#data: compared by identity): all that stays put
// while training runs.
function sameBase(a, b) {
  return samePair(a, b) && a.nx === b.nx && a.ny === b.ny && a.activation === b.activation && a.data === b.data;
}

function sameRange(a, b) {
  return a.a0 === b.a0 && a.a1 === b.a1 && a.c0 === b.c0 && a.c1 === b.c1;
}

// The same grid: also the same range and the same values of the parameters other than the pair.
function sameGrid(a, b) {
  if (!a || !b || !sameBase(a, b) || !sameRange(a, b) || a.params.length !== b.params.length) return false;
  for (let k = 0; k < a.params.length; k++) if (k !== a.i && k !== a.j && a.params[k] !== b.params[k]) return false;
  return true;
}

// Every field of a has the same value in b (a and b made by the same function).
function sameFields(a, b) {
  for (const k in a) if (a[k] !== b[k]) return false;
  return true;
}

function sameArray(a, b) {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) return false;
  return true;
}

function setText(el, text) {
  if (el && el.textContent !== text) el.textContent = text;
}
