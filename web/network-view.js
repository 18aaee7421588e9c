// network-view.js: the network diagram. Input -> H hidden neurons (activation named and drawn as a
// glyph) -> output, every weight and bias labelled with its current value. Edge thickness follows
// |value|, colour follows sign (blue positive, orange negative); frozen parameters are dashed and
// carry a padlock. Each hidden neuron's ring has the colour of its contribution curve in the fit.
// The selected parameter (snapshot.selected, explained by the chain-rule panel) gets a ring, and its
// path to the output a highlighter band; paramAt(x, y) tells which label is under the pointer.
// No label covers another, or a ring not its own: the weights' labels sit half-way along their
// edges or, where that is taken, all of one side a little nearer to one end; where nothing is free
// (a phone with many neurons) every label is a size or two smaller.

import { CanvasView, COLORS, NEURON_COLORS, drawPill, font, pillWidth, roundRect, signColor } from './canvas.js';
import { formatShort } from './format.js';

// Vertical room one hidden neuron needs: its circle, its bias label, and a gap.
const ROW = 58;
const BIAS_OVERLAP = 4; // px of a bias label over its neuron's ring
const CLEAR = 2; // px a weight's label keeps from other labels, from every ring and from the borders
const RING_OUT = 5; // px the selection ring reaches beyond its label (3.5 and half its 2 px line): kept in the canvas
// Where the weights' labels may sit, as the fraction of their edges from the input (or output)
// node: half-way first, then stepping out either way.
const ALONG = [0.5, 0.46, 0.54, 0.42, 0.58, 0.38, 0.62, 0.34, 0.66];
// Labels are placed with room for a value as wide as this at least, so that a value changing while
// training (0.40 to −0.41) does not move them.
const ROOM_VALUE = '\u22120.00';

export class NetworkView extends CanvasView {
  #laidOutFor = 0;
  #labels = []; // every parameter label as last drawn: {j, x, y, w, h, room} (centre, size, CSS px)
  #neurons = []; // the hidden neurons as last drawn: {x, y, r}
  #ends = []; // the input and output nodes as last drawn: {x, y, r}

  /** The parameter whose label is at (x, y) in CSS pixels of the canvas (a little slack), or -1. */
  paramAt(x, y, slack = 6) {
    this.catchUp(); // (the labels of the latest state)
    let best = -1, bestD = Infinity;
    for (const b of this.#labels) {
      const dx = Math.max(0, Math.abs(x - b.x) - b.w / 2), dy = Math.max(0, Math.abs(y - b.y) - b.h / 2);
      const d = Math.hypot(dx, dy);
      if (d <= slack && d < bestD) { best = b.j; bestD = d; }
    }
    return best;
  }

  /** Where each parameter's label was drawn, {j, x, y, w, h} in CSS pixels (for tests and picking). */
  labelBoxes() {
    this.catchUp();
    return this.#labels.map(({ j, x, y, w, h }) => ({ j, x, y, w, h }));
  }

  /** Where each hidden neuron was drawn, {x, y, r} in CSS pixels (for tests). */
  neuronCircles() {
    this.catchUp();
    return this.#neurons.map((n) => ({ ...n }));
  }

  /** Where the input and output nodes were drawn, [{x, y, r}, {x, y, r}] in CSS pixels (for tests). */
  endCircles() {
    this.catchUp();
    return this.#ends.map((n) => ({ ...n }));
  }

  /** The canvas grows for many neurons so labels never collide (set outside resize callbacks). */
  layout(hidden) {
    if (hidden === this.#laidOutFor) return;
    this.#laidOutFor = hidden;
    this.canvas.style.minHeight = `${80 + hidden * ROW}px`;
  }

  render(ctx, s, w, h) {
    const H = s.hidden, p = s.params, names = s.names, frozen = s.frozen;
    const small = w < 440;
    const size = small ? 11 : 13;
    const r = small ? 14 : 18;
    const pillH = size + 8, gap = 5; // a bias label sits above or below its neuron
    const margin = small ? 6 : 16; // beside the input and output columns (narrow: room for the labels)
    const xIn = margin + r, xOut = w - margin - Math.max(r, small ? 34 : 40), xHid = Math.round((xIn + xOut) / 2);
    // Hidden neurons centred vertically, at most 200 px apart, with room for the outer biases.
    const top = 28 + r + pillH + gap, bottom = h - (r + pillH + gap + 6);
    const spacing = H > 1 ? Math.min(200, (bottom - top) / (H - 1)) : 0;
    const yMid = (top + bottom) / 2;
    const yHid = Array.from({ length: H }, (_, k) => yMid + (k - (H - 1) / 2) * spacing);
    const above = (k) => k < (H - 1) / 2; // upper neurons carry their bias above, the rest below

    // Column captions.
    ctx.font = font(size, 600);
    ctx.fillStyle = COLORS.muted;
    ctx.textBaseline = 'alphabetic';
    ctx.textAlign = 'left';
    ctx.fillText('input', 4, 16);
    ctx.textAlign = 'center';
    ctx.fillText(`hidden · ${s.activation}`, xHid, 16);
    ctx.textAlign = 'right';
    ctx.fillText('output', w - 4, 16);

    // The selected parameter's path to the SSR, highlighted under the edges (chain-rule panel).
    const sel = s.selected ?? -1;
    const selNeuron = sel < 0 ? -1 : sel < 2 * H ? Math.floor(sel / 2) : sel < 3 * H ? sel - 2 * H : -1;
    if (selNeuron >= 0) {
      if (sel < 2 * H) pathHalo(ctx, xIn, yMid, xHid, yHid[selNeuron]);
      pathHalo(ctx, xHid, yHid[selNeuron], xOut, yMid);
    }

    // Edges first, under everything.
    for (let k = 0; k < H; k++) {
      edge(ctx, xIn, yMid, xHid, yHid[k], r, p[2 * k], frozen[2 * k]);
      edge(ctx, xHid, yHid[k], xOut, yMid, r, p[2 * H + k], frozen[2 * H + k]);
    }

    // Nodes.
    node(ctx, xIn, yMid, r, COLORS.ink);
    text(ctx, 'x', xIn, yMid, font(size + 3, 600), COLORS.ink);
    node(ctx, xOut, yMid, r, COLORS.ink);
    text(ctx, 'Σ', xOut, yMid, font(size + 3, 600), COLORS.ink);
    this.#neurons = yHid.map((y) => ({ x: xHid, y, r }));
    for (let k = 0; k < H; k++) {
      node(ctx, xHid, yHid[k], r, NEURON_COLORS[k % NEURON_COLORS.length], 2.5);
      glyph(ctx, s.activation, xHid, yHid[k], r * 0.62);
    }

    // Labels, at the largest of three font sizes at which none covers another or a ring not its
    // own (else at the smallest). Their area is the canvas below the column captions.
    this.#ends = [{ x: xIn, y: yMid, r }, { x: xOut, y: yMid, r }];
    const rings = [...this.#ends, ...this.#neurons];
    const g = { H, r, gap, xIn, xOut, xHid, yMid, yHid, above, w, rings, area: { left: RING_OUT - CLEAR, top: 24, right: w - RING_OUT + CLEAR, bottom: h } };
    let placed;
    for (const sz of [size, size - 1, size - 2]) {
      placed = placeLabels(ctx, s, g, sz);
      if (placed.crowding === 0) break;
    }
    const labels = this.#labels = placed.boxes;
    for (const b of labels) drawPill(ctx, b.x, b.y, names[b.j], formatShort(p[b.j]), { color: signColor(p[b.j]), frozen: frozen[b.j], size: placed.size });
    const picked = labels.find((b) => b.j === sel);
    if (picked) selectionRing(ctx, picked);
  }
}

function edge(ctx, x0, y0, x1, y1, r, value, frozen) {
  const len = Math.hypot(x1 - x0, y1 - y0), ux = (x1 - x0) / len, uy = (y1 - y0) / len;
  ctx.save();
  ctx.strokeStyle = signColor(value);
  ctx.globalAlpha = 0.85;
  ctx.lineWidth = Math.min(9, 0.8 + 1.6 * Math.sqrt(Math.abs(value)));
  ctx.lineCap = frozen ? 'butt' : 'round';
  ctx.setLineDash(frozen ? [7, 5] : []);
  ctx.beginPath();
  ctx.moveTo(x0 + ux * r, y0 + uy * r);
  ctx.lineTo(x1 - ux * r, y1 - uy * r);
  ctx.stroke();
  ctx.restore();
}

function node(ctx, x, y, r, color, lineWidth = 2) {
  ctx.beginPath();
  ctx.arc(x, y, r, 0, 2 * Math.PI);
  ctx.fillStyle = COLORS.surface;
  ctx.fill();
  ctx.lineWidth = lineWidth;
  ctx.strokeStyle = color;
  ctx.stroke();
}

function text(ctx, t, x, y, f, color) {
  ctx.font = f;
  ctx.fillStyle = color;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(t, x, y + 1);
}

// Parameter j's label centred at (x, y): {j, x, y, w, h} (centre and size), and the width it is
// placed with, room (at least that of a "−0.00" label).
function labelBox(ctx, x, y, names, p, frozen, j, size) {
  const w = pillWidth(ctx, names[j], formatShort(p[j]), frozen[j], size);
  return { j, x, y, w, h: size + 8, room: Math.max(w, pillWidth(ctx, names[j], ROOM_VALUE, frozen[j], size)) };
}

// Every parameter's label at font size `size`, for the diagram's geometry g. Each bias sits beside
// its neuron (away from its edges) and overlaps its ring a little: with many neurons it is nearly
// as close to the next neuron as to its own, and the overlap says whose it is. The weights of one
// side (input, then output) all sit at one fraction t of their edges from the outer node: the
// first of ALONG at which they are clear of the labels placed before, of every ring and of the
// area's borders (else the one that crowds them least), so that they stay in line. Returns
// {boxes (by parameter index), crowding (0 when nothing overlaps), size}.
function placeLabels(ctx, s, g, size) {
  const { H, r, xHid, yMid, yHid } = g;
  const box = (j, x, y) => labelBox(ctx, x, y, s.names, s.params, s.frozen, j, size);
  const pillH = size + 8, dy = r + pillH / 2 - BIAS_OVERLAP;
  const boxes = yHid.map((y, k) => box(2 * k + 1, xHid, y + (g.above(k) ? -dy : dy)));
  const outBias = box(3 * H, 0, yMid + r + g.gap + 4 + pillH / 2);
  outBias.x = Math.min(g.xOut + 10, g.w - RING_OUT - outBias.w / 2);
  boxes.push(outBias);
  let crowding = 0;
  for (const [x0, j] of [[g.xIn, (k) => 2 * k], [g.xOut, (k) => 2 * H + k]]) {
    const side = yHid.map((_, k) => box(j(k), 0, 0));
    const put = (t) => side.forEach((b, k) => { b.x = x0 + (xHid - x0) * t; b.y = yMid + (yHid[k] - yMid) * t; });
    let best = 0, least = Infinity;
    for (const t of ALONG) {
      put(t);
      const c = side.reduce((sum, b, k) => sum + crowded(b, [...boxes, ...side.slice(0, k)], g.rings, g.area), 0);
      if (c < least) { best = t; least = c; }
      if (c === 0) break;
    }
    put(best);
    boxes.push(...side);
    crowding += least;
  }
  return { boxes: boxes.sort((a, b) => a.j - b.j), crowding, size };
}

// How much box b (with its room) comes within CLEAR px of the placed labels, the rings and the
// area's borders: 0 when it is clear of all of them.
function crowded(b, placed, rings, area) {
  const hw = b.room / 2 + CLEAR, hh = b.h / 2 + CLEAR;
  let cost = 0;
  for (const q of placed) {
    const ox = hw + q.room / 2 - Math.abs(b.x - q.x), oy = hh + q.h / 2 - Math.abs(b.y - q.y);
    if (ox > 0 && oy > 0) cost += ox * oy;
  }
  for (const c of rings) {
    const d = Math.hypot(Math.max(0, Math.abs(c.x - b.x) - b.room / 2), Math.max(0, Math.abs(c.y - b.y) - b.h / 2));
    if (d < c.r + CLEAR) cost += (c.r + CLEAR - d) * b.h;
  }
  const out = Math.max(0, area.left - (b.x - hw)) + Math.max(0, b.x + hw - area.right)
    + Math.max(0, area.top - (b.y - hh)) + Math.max(0, b.y + hh - area.bottom);
  return cost + out * b.h;
}

// A dark ring around the selected parameter's label.
// (RING_OUT above is how far it reaches.)
function selectionRing(ctx, b) {
  ctx.save();
  roundRect(ctx, b.x - b.w / 2 - 3.5, b.y - b.h / 2 - 3.5, b.w + 7, b.h + 7, b.h / 2 + 3.5);
  ctx.lineWidth = 2;
  ctx.strokeStyle = COLORS.ink;
  ctx.stroke();
  ctx.restore();
}

// A wide, soft highlighter stroke along one edge of the selected parameter's path.
function pathHalo(ctx, x0, y0, x1, y1) {
  ctx.save();
  ctx.strokeStyle = 'rgba(245, 184, 0, 0.28)';
  ctx.lineWidth = 16;
  ctx.lineCap = 'round';
  ctx.beginPath();
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.stroke();
  ctx.restore();
}

// The activation's shape as an icon (hand-drawn curves, not computed): a faint zero line, then
// the curve, inside a box of half-size s centred at (x, y).
function glyph(ctx, activation, x, y, s) {
  const X = (u) => x + u * s, Y = (v) => y - v * s;
  ctx.save();
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  const zero = { softplus: -0.55, relu: -0.55, sigmoid: -0.45, tanh: 0 }[activation];
  if (zero === undefined) {
    text(ctx, 'f', x, y, font(s * 1.5, 600), COLORS.ink);
    ctx.restore();
    return;
  }
  ctx.strokeStyle = COLORS.axis;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(X(-1), Y(zero));
  ctx.lineTo(X(1), Y(zero));
  ctx.stroke();
  ctx.strokeStyle = COLORS.ink;
  ctx.lineWidth = 1.8;
  ctx.beginPath();
  switch (activation) {
    case 'softplus':
      ctx.moveTo(X(-1), Y(-0.5));
      ctx.bezierCurveTo(X(-0.3), Y(-0.5), X(0.05), Y(-0.35), X(0.9), Y(0.8));
      break;
    case 'relu':
      ctx.moveTo(X(-1), Y(-0.55));
      ctx.lineTo(X(0), Y(-0.55));
      ctx.lineTo(X(0.85), Y(0.8));
      break;
    case 'sigmoid':
      ctx.moveTo(X(-1), Y(-0.42));
      ctx.bezierCurveTo(X(0.15), Y(-0.42), X(-0.15), Y(0.62), X(1), Y(0.62));
      break;
    case 'tanh':
      ctx.moveTo(X(-1), Y(-0.72));
      ctx.bezierCurveTo(X(0.2), Y(-0.72), X(-0.2), Y(0.72), X(1), Y(0.72));
      break;
  }
  ctx.stroke();
  ctx.restore();
}
