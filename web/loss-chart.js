// loss-chart.js: the SSR against the step number, on a logarithmic SSR axis, with the current
// value and step count. It draws the app's bounded SsrHistory (at most a few thousand points,
// however long the run) plus the latest point; a record that starts after step 0 is marked.

import { CanvasView, COLORS, axisTicks, font } from './canvas.js';
import { formatCount, formatPower, formatSSR, formatTick } from './format.js';

const FLOOR = 1e-32; // an SSR of exactly 0 is drawn here, at the bottom

export class LossChart extends CanvasView {
  render(ctx, s, w, h) {
    const hist = s.history, n = hist.length, last = hist.last;
    const small = w < 420;
    const size = small ? 11 : 12;
    const m = { left: small ? 44 : 50, right: 22, top: 30, bottom: 30 };
    const pw = w - m.left - m.right, ph = h - m.top - m.bottom;

    // Ranges: steps from the record's first (0, unless it started later: a link opened at step 5,000,
    // new data mid-run) over a round number of steps; whole decades of SSR.
    const first = n > 0 ? hist.steps[0] : last.step;
    const x0 = first, xMax = x0 + roundUp(Math.max(10, last.step - x0));
    let lo = Infinity, hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = Math.log10(Math.max(FLOOR, hist.values[i]));
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const lastLog = Math.log10(Math.max(FLOOR, last.value));
    lo = Math.floor(Math.min(lo, lastLog));
    hi = Math.ceil(Math.max(hi, lastLog));
    if (!(hi > lo)) hi = lo + 1;
    const X = (step) => m.left + ((step - x0) / (xMax - x0)) * pw;
    const Y = (v) => m.top + ((hi - Math.log10(Math.max(FLOOR, v))) / (hi - lo)) * ph;

    // Grid: decades on the left, steps along the bottom.
    ctx.font = font(size);
    ctx.fillStyle = COLORS.muted;
    ctx.lineWidth = 1;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const every = Math.max(1, Math.ceil((hi - lo) / (ph < 160 ? 3 : 5)));
    for (let k = hi; k >= lo; k--) {
      const y = m.top + ((hi - k) / (hi - lo)) * ph;
      hline(ctx, m.left, m.left + pw, y, (hi - k) % every === 0 ? COLORS.grid : null);
      if ((hi - k) % every === 0) ctx.fillText(formatPower(k), m.left - 6, y);
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    // Compact ("2k"), unless that would name two ticks alike (5,000 to 5,010: "5,002", not "5k");
    // as many as the labels leave room for (long counts in a narrow chart).
    const stepLabels = (values) => {
      const compact = values.map(formatTick);
      return new Set(compact).size < compact.length ? values.map(formatCount) : compact;
    };
    for (const { value, x, text } of axisTicks(ctx, x0, xMax, small ? 4 : 6, X, stepLabels, w)) {
      ctx.strokeStyle = COLORS.grid;
      ctx.beginPath();
      ctx.moveTo(X(value), m.top);
      ctx.lineTo(X(value), m.top + ph);
      ctx.stroke();
      if (text) ctx.fillText(text, x, m.top + ph + 6);
    }
    ctx.textAlign = 'right';
    ctx.textBaseline = 'alphabetic';
    ctx.fillText('step', m.left + pw, h - 2);

    // Title line: what and where we are, ending over the plot's right edge. In a narrow chart each
    // part is shortened, or the axis title left out, so that they fit without overlapping: the
    // first value line that fits (out to 8 px from the canvas's edge if need be) and leaves the SSR
    // named, in itself or in the axis title; the step count compact ("step 1.2k", "1.2k") if need be.
    const ssr = formatSSR(last.value), step = formatCount(last.step), compact = formatTick(last.step);
    const nows = [`SSR ${ssr}  ·  step ${step}`, `SSR ${ssr} · step ${step}`, `step ${step}`, `step ${compact}`, compact];
    const width = (text, bold) => {
      ctx.font = bold ? font(size + 1, 600) : font(size);
      return ctx.measureText(text).width;
    };
    const titleFor = (now, right) => {
      const room = right - width(now, true) - 12;
      const titles = now.startsWith('SSR') ? ['SSR (log scale)', 'log scale'] : ['SSR (log scale)', 'SSR (log)', 'SSR'];
      return titles.find((t) => 4 + width(t, false) <= room);
    };
    const choose = () => {
      for (const now of nows)
        for (const right of [w - m.right, w - 8]) {
          if (width(now, true) > right - 4) continue;
          const title = titleFor(now, right);
          if (title || now.startsWith('SSR')) return { now, right, title };
        }
      return { now: compact, right: w - 8, title: null }; // (nothing fits: the shortest)
    };
    const line = choose();
    ctx.font = font(size + 1, 600);
    ctx.textAlign = 'right';
    ctx.fillStyle = COLORS.ink;
    ctx.fillText(line.now, line.right, 16);
    ctx.font = font(size);
    ctx.fillStyle = COLORS.muted;
    ctx.textAlign = 'left';
    if (line.title) ctx.fillText(line.title, 4, 16);

    // A record that starts after step 0 (a link or file opened at its step count, new data or
    // settings mid-run): the axis starts there, marked by a dashed line and, where there is room, its
    // step beside it at the foot (the curve starts high, where the SSR was then).
    if (first > 0) {
      const x = X(first), label = `from step ${formatCount(first)}`;
      ctx.save();
      ctx.setLineDash([4, 4]);
      ctx.strokeStyle = COLORS.muted;
      ctx.beginPath();
      ctx.moveTo(x, m.top);
      ctx.lineTo(x, m.top + ph);
      ctx.stroke();
      ctx.restore();
      if (m.left + pw - x >= ctx.measureText(label).width + 10) {
        ctx.textAlign = 'left';
        ctx.textBaseline = 'bottom';
        ctx.fillText(label, x + 5, m.top + ph - 4);
      }
    }

    // The curve, then the current point.
    ctx.save();
    ctx.beginPath();
    ctx.rect(m.left - 4, m.top - 4, pw + 8, ph + 8);
    ctx.clip();
    ctx.strokeStyle = COLORS.loss;
    ctx.lineWidth = 2.25;
    ctx.lineJoin = 'round';
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      if (i === 0) ctx.moveTo(X(hist.steps[i]), Y(hist.values[i]));
      else ctx.lineTo(X(hist.steps[i]), Y(hist.values[i]));
    }
    if (n > 0 && last.step > hist.steps[n - 1]) ctx.lineTo(X(last.step), Y(last.value));
    ctx.stroke();
    ctx.beginPath();
    ctx.arc(X(last.step), Y(last.value), 4, 0, 2 * Math.PI);
    ctx.fillStyle = COLORS.loss;
    ctx.fill();
    ctx.restore();
  }
}

function hline(ctx, x0, x1, y, color) {
  if (!color) return;
  ctx.strokeStyle = color;
  ctx.beginPath();
  ctx.moveTo(x0, y);
  ctx.lineTo(x1, y);
  ctx.stroke();
}

// The smallest 1, 2 or 5 × 10^k at or above v.
function roundUp(v) {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const f of [1, 2, 5, 10]) if (f * p >= v) return f * p;
  return 10 * p;
}
