// fit-view.js: the fit. Observed data points, the network's curve over the input range (with a
// margin), each hidden neuron's weighted contribution y_k · v_k as a faint curve in the neuron's
// colour, and the residuals as thin vertical lines from each point to the curve.
//
// Every number drawn comes from the snapshot (the core's curve samples); the page samples the
// curve on a grid that contains the data inputs, so a residual ends on an actual curve sample.

import { CanvasView, COLORS, NEURON_COLORS, font, niceStep, ticks } from './canvas.js';
import { formatSig, formatTick } from './format.js';

export class FitView extends CanvasView {
  #range = null; // the y range shown, kept while it still fits so the axes do not jitter
  holdRange = false; // true while a data point is dragged: the y range stays exactly as it is
  transform = null; // the last plot area and ranges, {left, top, width, height, x0, x1, y0, y1}, for pointer input
  overlays = []; // functions (ctx, X, Y, snapshot) drawn last, inside the plot (e.g. the selected point)

  render(ctx, s, w, h) {
    const curve = s.curve, { xs, ys } = s.data;
    if (!curve) return;
    const small = w < 420;
    const size = small ? 11 : 12;
    const m = { left: small ? 40 : 46, right: 12, top: 30, bottom: 34 };
    const pw = w - m.left - m.right, ph = h - m.top - m.bottom;
    const { x0, x1 } = s.xRange;
    const [y0, y1] = this.#yRange(ys, curve);
    const X = (v) => m.left + ((v - x0) / (x1 - x0)) * pw;
    const Y = (v) => Math.max(-1e5, Math.min(1e5, m.top + (1 - (v - y0) / (y1 - y0)) * ph)); // huge values stay drawable
    this.transform = { left: m.left, top: m.top, width: pw, height: ph, x0, x1, y0, y1 };

    // Grid and tick labels.
    ctx.font = font(size);
    ctx.fillStyle = COLORS.muted;
    ctx.lineWidth = 1;
    const xStep = niceStep(x0, x1, small ? 4 : 6), yStep = niceStep(y0, y1, 5);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const v of ticks(x0, x1, xStep)) {
      line(ctx, X(v), m.top, X(v), m.top + ph, COLORS.grid);
      ctx.fillText(formatTick(v), X(v), m.top + ph + 6);
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const v of ticks(y0, y1, yStep)) {
      line(ctx, m.left, Y(v), m.left + pw, Y(v), v === 0 ? COLORS.axis : COLORS.grid);
      ctx.fillText(formatTick(v), m.left - 6, Y(v));
    }
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    ctx.fillText('output', 4, 14);
    ctx.textAlign = 'right';
    ctx.fillText('input', m.left + pw, h - 4);

    ctx.save();
    ctx.beginPath();
    ctx.rect(m.left, m.top, pw, ph);
    ctx.clip();

    // Each neuron's contribution, faint.
    ctx.lineWidth = 1.6;
    ctx.globalAlpha = 0.55;
    curve.contributions.forEach((c, k) => polyline(ctx, curve.xs, c, X, Y, NEURON_COLORS[k % NEURON_COLORS.length]));
    ctx.globalAlpha = 1;

    // Residuals: observed to the curve sample at the same input.
    ctx.lineWidth = 1.25;
    for (let i = 0; i < xs.length; i++) {
      const j = nearestSample(curve.xs, xs[i]);
      if (j >= 0) line(ctx, X(xs[i]), Y(ys[i]), X(xs[i]), Y(curve.predicted[j]), COLORS.ink, [3, 3]);
    }

    // The network's curve.
    ctx.lineWidth = 3;
    ctx.lineJoin = 'round';
    polyline(ctx, curve.xs, curve.predicted, X, Y, COLORS.fit);

    // A curve entirely outside the plot (after a divergence, say) is named rather than lost.
    if (!curve.predicted.some((v) => v >= y0 && v <= y1)) {
      const mid = curve.predicted[curve.predicted.length >> 1];
      ctx.font = font(size, 600);
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      // (shortened until it fits the plot, which clips it: a small chart, as in the 360 x 300 embed)
      const arrow = mid > y1 ? '↑' : '↓', near = formatSig(mid, 2);
      const notes = [`${arrow} curve off the chart, near ${near}`, `${arrow} curve near ${near}`, `${arrow} curve off chart`, `${arrow} off chart`];
      const note = notes.find((t) => ctx.measureText(t).width + 16 <= pw) ?? notes[3];
      const tw = ctx.measureText(note).width + 16, cx = m.left + pw / 2;
      const y = mid > y1 ? m.top + 16 : m.top + ph - 16;
      ctx.fillStyle = COLORS.surface;
      ctx.fillRect(cx - tw / 2, y - size, tw, 2 * size);
      ctx.fillStyle = COLORS.fit;
      ctx.fillText(note, cx, y);
    }

    // Observed points on top, with a white halo.
    for (let i = 0; i < xs.length; i++) {
      ctx.beginPath();
      ctx.arc(X(xs[i]), Y(ys[i]), 5.5, 0, 2 * Math.PI);
      ctx.fillStyle = COLORS.ink;
      ctx.fill();
      ctx.lineWidth = 2;
      ctx.strokeStyle = COLORS.surface;
      ctx.stroke();
    }
    for (const overlay of this.overlays) overlay(ctx, X, Y, s);
    ctx.restore();
  }

  // Data and curves, padded, rounded out to tick steps; never more than two data spans beyond the
  // data, so a diverging curve cannot squash the points into a line.
  #yRange(ys, curve) {
    if (this.holdRange && this.#range) return this.#range;
    // Index loops, not spread or for...of: this runs every frame, and those allocate as they go.
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < ys.length; i++) { lo = Math.min(lo, ys[i]); hi = Math.max(hi, ys[i]); }
    const span = hi > lo ? hi - lo : Math.max(1, Math.abs(hi)), floor = lo - 2 * span, ceil = hi + 2 * span;
    for (let a = -1; a < curve.contributions.length; a++) { // the prediction, then each contribution
      const arr = a < 0 ? curve.predicted : curve.contributions[a];
      for (let i = 0; i < arr.length; i++) {
        const v = arr[i];
        if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
      }
    }
    lo = Math.max(lo, floor);
    hi = Math.min(hi, ceil);
    const pad = 0.08 * (hi - lo || 1);
    lo -= pad;
    hi += pad;
    const step = niceStep(lo, hi, 5);
    lo = Math.floor(lo / step) * step;
    hi = Math.ceil(hi / step) * step;
    const prev = this.#range;
    if (prev && lo >= prev[0] && hi <= prev[1] && hi - lo > 0.6 * (prev[1] - prev[0])) return prev;
    this.#range = [lo, hi];
    return this.#range;
  }
}

function line(ctx, x0, y0, x1, y1, color, dash = []) {
  ctx.strokeStyle = color;
  ctx.setLineDash(dash);
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
  ctx.setLineDash([]);
}

function polyline(ctx, xs, ys, X, Y, color) {
  ctx.strokeStyle = color;
  ctx.beginPath();
  for (let i = 0; i < xs.length; i++) {
    if (i === 0) ctx.moveTo(X(xs[i]), Y(ys[i]));
    else ctx.lineTo(X(xs[i]), Y(ys[i]));
  }
  ctx.stroke();
}

// Index of the sample whose input is closest to x (samples are evenly spaced), or -1 outside.
function nearestSample(sx, x) {
  const n = sx.length, a = sx[0], b = sx[n - 1];
  if (!(x >= a && x <= b)) return -1;
  return Math.round(((x - a) / (b - a)) * (n - 1));
}
