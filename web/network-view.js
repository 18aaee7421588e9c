// network-view.js: the network diagram. Input -> H hidden neurons (activation named and drawn as a
// glyph) -> output, every weight and bias labelled with its current value. Edge thickness follows
// |value|, colour follows sign (blue positive, orange negative); frozen parameters are dashed and
// carry a padlock. Each hidden neuron's ring has the colour of its contribution curve in the fit.
// The selected parameter (snapshot.selected, explained by the chain-rule panel) gets a ring, and its
// path to the output a highlighter band; paramAt(x, y) tells which label is under the pointer.
// No label covers another, or a ring not its own: the weights' labels sit half-way along their
// edges or, where that is taken, all of one side a little nearer to one end, else each where it is
// free; where nothing is free (a phone with many neurons, wide values) every label is a size or two
// smaller. That placement is kept from frame to frame: worked out again only for a new structure
// or for a value wider than its label's room, which then stays that wide (see render).

import { CanvasView, COLORS, NEURON_COLORS, drawPill, font, pillWidth, roundRect, signColor } from './canvas.js';
import { formatShort } from './format.js';

// Vertical room one hidden neuron needs: its circle, its bias label, and a gap.
const ROW = 58;
const BIAS_OVERLAP = 4; // px of a bias label over its neuron's ring
const CLEAR = 2; // px a label keeps from other labels, from every ring not its own and from the borders
const RING_OUT = 5; // px the selection ring reaches beyond its label (3.5 and half its 2 px line): kept in the canvas
// Where the weights' labels may sit, as the fraction of their edges from the input (or output)
// node: half-way first, then stepping out either way.
const ALONG = [0.5, 0.46, 0.54, 0.42, 0.58, 0.38, 0.62, 0.34, 0.66];
// Where a weight's label may sit on its own, when no fraction suits all of its side: finer steps,
// and further out (0.5, 0.48, 0.52, ... 0.3, 0.7).
const ALONG_OWN = Array.from({ length: 21 }, (_, i) => 0.5 + (i % 2 ? 1 : -1) * Math.ceil(i / 2) * 0.02);
// Labels are placed with room for a value as wide as this at least, so that a value changing while
// training (0.40 to −0.41) does not move them.
const ROOM_VALUE = '\u22120.00';

export class NetworkView extends CanvasView {
  #laidOutFor = 0;
  #labels = []; // every parameter label as last drawn: {j, x, y, w, h} (centre and size, CSS px)
  #neurons = []; // the hidden neurons as last drawn: {x, y, r}
  #ends = []; // the input and output nodes as last drawn: {x, y, r}
  #placement = null; // where the labels go: {key (the structure it is for), size, boxes (see labelBox)}

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
    return this.#labels.map((b) => ({ ...b }));
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

    // Labels where the placement put them, each with its value now. The placement is worked out
    // only for a new structure (canvas size, names, frozen mask) or when a value grows wider than
    // the room it was placed with: then with room for the wider value kept until the structure
    // changes, so a value swinging across a width does not move the labels back and forth.
    this.#ends = [{ x: xIn, y: yMid, r }, { x: xOut, y: yMid, r }];
    const texts = p.map(formatShort);
    const key = `${w} ${h} ${names.join()} ${frozen.map(Number).join('')}`;
    const kept = this.#placement?.key === key ? this.#placement : null;
    let need = null; // per label, the values it must have room for (null: the kept placement stands)
    if (!kept) need = texts.map((t) => [ROOM_VALUE, t]);
    else {
      ctx.font = font(kept.size, 600);
      const grown = texts.map((t, j) => ctx.measureText(t).width > kept.boxes[j].fits);
      if (grown.includes(true)) need = kept.boxes.map((b, j) => (grown[j] ? [b.roomText, texts[j]] : [b.roomText]));
    }
    let placed = kept;
    if (need) {
      // Their area is the canvas below the column captions.
      const g = { H, r, gap, xIn, xOut, xHid, yMid, yHid, above, w, names, frozen,
        rings: [...this.#ends, ...this.#neurons.map((n, k) => ({ ...n, own: 2 * k + 1 }))],
        area: { left: RING_OUT - CLEAR, top: 24, right: w - RING_OUT + CLEAR, bottom: h } };
      // (for a wider value, no larger font than before)
      const sizes = [size, size - 1, size - 2].filter((sz) => sz <= (kept?.size ?? size));
      placed = this.#placement = { key, ...placeAtLargest(ctx, g, sizes, need) };
    }
    const labels = this.#labels = placed.boxes.map(({ j, x, y, h }) => ({ j, x, y, h,
      w: drawPill(ctx, x, y, names[j], texts[j], { color: signColor(p[j]), frozen: frozen[j], size: placed.size }) }));
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

// Parameter j's label at font size `size`, with room for the widest of the value texts `need`:
// {j, x, y (its centre, set when placed), h, room (its width with that value), roomText (that value),
// fits (that value's width: a wider one needs another placement)}.
function labelBox(ctx, g, j, need, size) {
  ctx.font = font(size, 600);
  const widths = need.map((t) => ctx.measureText(t).width);
  const fits = Math.max(...widths), roomText = need[widths.indexOf(fits)];
  return { j, x: 0, y: 0, h: size + 8, room: pillWidth(ctx, g.names[j], roomText, g.frozen[j], size), roomText, fits };
}

// The labels placed at the first of the font sizes at which none is crowded, the weights of each
// side in line or else each on its own; else (very wide values) with the output bias placed last,
// as near its node as the weights leave room; else as the smallest size leaves them: {size, boxes}.
function placeAtLargest(ctx, g, sizes, need) {
  const measured = new Map(); // font size -> every label's box at that size (measured once)
  const boxesAt = (size) => {
    if (!measured.has(size)) measured.set(size, need.map((texts, j) => labelBox(ctx, g, j, texts, size)));
    return measured.get(size).map((b) => ({ ...b }));
  };
  const tries = [...sizes.flatMap((size) => [[size, true, false], [size, false, false]]), ...sizes.map((size) => [size, false, true])];
  let placed;
  for (const [size, inLine, outLast] of tries) {
    placed = { size, ...placeLabels(g, size, boxesAt(size), inLine, outLast) };
    if (placed.crowding === 0) break;
  }
  return { size: placed.size, boxes: placed.boxes };
}

// Places every parameter's label (labels: their boxes at font size `size`, by parameter index) for
// the diagram's geometry g. Each bias sits beside its neuron (away from its edges) and overlaps its
// ring a little: with many neurons it is nearly as close to the next neuron as to its own, and the
// overlap says whose it is. The output bias sits below the output node, else a little further down
// or above (outLast: placed after the weights, as far off as it must). The weights of one side
// (input, then output) all sit at one fraction t of their edges from the outer node, so that they
// stay in line (not inLine: each at its own, or beside its edge). Each goes to the first of its
// spots at which it is clear of the labels placed before, of every ring and of the area's borders
// (else to the one that crowds them least). Returns {boxes (by parameter index), crowding (0 when
// nothing overlaps)}.
function placeLabels(g, size, labels, inLine, outLast) {
  const { H, r, xHid, yMid, yHid, area } = g;
  const pillH = size + 8, dy = r + pillH / 2 - BIAS_OVERLAP;
  const boxes = [];
  let crowding = 0;
  // Moves the group to the first spot (a function that places it) clear of all, else the least crowded.
  const settle = (group, spots) => {
    let best = spots[0], least = Infinity;
    for (const spot of spots) {
      spot();
      const c = group.reduce((sum, b, k) => sum + crowded(b, [...boxes, ...group.slice(0, k)], g.rings, area), 0);
      if (c < least) { best = spot; least = c; }
      if (c === 0) break;
    }
    best();
    boxes.push(...group);
    crowding += least;
  };
  yHid.forEach((y, k) => {
    const b = labels[2 * k + 1];
    settle([b], [() => { b.x = xHid; b.y = y + (g.above(k) ? -dy : dy); }]);
  });
  // The output bias's spots: up to two label heights below or above its first, then any further.
  const out = labels[3 * H], below = r + g.gap + 4 + pillH / 2, step = pillH / 2;
  out.x = Math.min(g.xOut + 10, g.w - RING_OUT - out.room / 2);
  const at = (ys) => ys.map((y) => () => { out.y = y; });
  const downs = [], ups = [];
  for (let d = below; yMid + d + pillH / 2 <= area.bottom || yMid - d - pillH / 2 >= area.top; d += step) {
    downs.push(yMid + d);
    ups.push(yMid - d);
  }
  const outSpots = at([...downs.slice(0, 5), ...ups.slice(0, 5), ...downs.slice(5), ...ups.slice(5)]);
  if (!outLast) settle([out], outSpots);
  for (const [x0, j] of [[g.xIn, (k) => 2 * k], [g.xOut, (k) => 2 * H + k]]) {
    const side = yHid.map((_, k) => labels[j(k)]);
    const put = (b, k, t, off = 0) => { b.x = x0 + (xHid - x0) * t; b.y = yMid + (yHid[k] - yMid) * t + off; };
    if (inLine) settle(side, ALONG.map((t) => () => side.forEach((b, k) => put(b, k, t))));
    else {
      const offs = [0, pillH / 2 + CLEAR, r + pillH / 2 + CLEAR].flatMap((d) => (d ? [-d, d] : [d]));
      side.forEach((b, k) => settle([b], offs.flatMap((off) => ALONG_OWN.map((t) => () => put(b, k, t, off)))));
    }
  }
  if (outLast) settle([out], outSpots);
  return { boxes: boxes.sort((a, b) => a.j - b.j), crowding };
}

// How much box b (with its room) comes within CLEAR px of the placed labels, the rings (but its
// own neuron's, {own: j}) and the area's borders: 0 when it is clear of all of them.
function crowded(b, placed, rings, area) {
  const hw = b.room / 2 + CLEAR, hh = b.h / 2 + CLEAR;
  let cost = 0;
  for (const q of placed) {
    const ox = hw + q.room / 2 - Math.abs(b.x - q.x), oy = hh + q.h / 2 - Math.abs(b.y - q.y);
    if (ox > 0 && oy > 0) cost += ox * oy;
  }
  for (const c of rings) {
    if (c.own === b.j) continue;
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
