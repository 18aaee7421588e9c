// chain-panel.js: the chain-rule panel, the heart of the teaching page. For the selected parameter
// (app.select(j): a click on its label in the network, its row in the parameter table, or a chip
// here) it shows, as the article writes it:
//
//   1. the path: w1 → x1 → y1 → predicted → SSR
//   2. the chain, dSSR/dw1 = dSSR/dpredicted · dpredicted/dy1 · dy1/dx1 · dx1/dw1 (two factors for
//      output parameters), each factor over its formula (−2 (observed − predicted), w3, the
//      activation's derivative, input or 1);
//   3. one row per data point: each factor's value and their product, and the sum of the products,
//      which is dSSR/dw1, the number in the parameter table.
//
// Every number comes from one net.trace() call (the C core); nothing is computed here. While the
// panel is on screen it refreshes with every snapshot (at most once per animation frame); off
// screen it waits (catchUp(), before printing, fills it at once). Above MAX_ROWS points it lists
// the first MAX_ROWS and says so (the sum is over all of them). A trace of many points is not free
// (about 20 ms for 1024 points and 8 neurons), so while training it refreshes at most as often as
// keeps it under a fifth of the main thread (see Throttle); paused, every change shows at once.
// Names follow net.paramNames(): hidden neuron k has w_k, b_k, x_k, y_k.

import { formatCount, formatFixed } from './format.js';
import { bracketed, deriv, el, frac, numberCell, scrollHint, setText, sup, symbol } from './math-text.js';

const MAX_ROWS = 100;
const fmt = (v) => formatFixed(v, 4);

/** What parameter j is: a hidden neuron's weight or bias (neuron k), an output weight (from k), the output bias. */
export function roleOf(j, H) {
  if (j < 2 * H) return { kind: j % 2 === 0 ? 'hidden-weight' : 'hidden-bias', k: Math.floor(j / 2) };
  if (j < 3 * H) return { kind: 'output-weight', k: j - 2 * H };
  return { kind: 'output-bias', k: -1 };
}

export class ChainPanel {
  #app;
  #section;
  #picker;
  #body;
  #visible = false;
  #pending = null; // the latest snapshot, drawn when the panel comes on screen
  #revealing = false; // scroll into view at the next draw (reveal)
  #pickerKey = '';
  #key = '';
  #scroll = null; // the table's scroll hint and its observer (math-text.js scrollHint)
  #view = null; // what #build made: {rows: [[[td, (trace, i) => number, format]]], sumCell, ...}
  #throttle = new Throttle();

  /** section: the panel's <section> (holds .chain-picker and .chain-body); app: the App. */
  constructor(section, app) {
    this.#app = app;
    this.#section = section;
    this.#picker = section.querySelector('.chain-picker');
    this.#body = section.querySelector('.chain-body');
    new IntersectionObserver((entries) => {
      this.#visible = entries[entries.length - 1].isIntersecting;
      if (this.#visible && this.#pending) this.draw(this.#pending);
    }, { rootMargin: '120px 0px' }).observe(section);
  }

  /**
   * Parameter j was picked in the table or the network ("show its chain rule"; below the fold,
   * nothing seemed to happen): scroll the panel into the window, once it shows j, unless enough of
   * it is there already.
   */
  reveal(j) {
    if (this.#pending?.selected === j) this.#scrollIn(this.#pending);
    else this.#revealing = true; // (in the frame that draws j's chain)
  }

  #scrollIn(s) {
    this.#refresh(s); // (now, on screen or not: scrolled to with the height it will have)
    const r = this.#section.getBoundingClientRect(), h = innerHeight;
    if (Math.min(r.bottom, h) - Math.max(r.top, 0) >= Math.min(r.height, 0.5 * h)) return;
    const smooth = !matchMedia('(prefers-reduced-motion: reduce)').matches;
    this.#section.scrollIntoView({ block: 'nearest', behavior: smooth ? 'smooth' : 'auto' });
  }

  draw(s) {
    this.#pending = s;
    this.#drawPicker(s); // cheap, and keeps the chips right even off screen
    if (this.#revealing) {
      this.#revealing = false;
      return this.#scrollIn(s);
    }
    if (!this.#visible || !this.#throttle.due(s.playing)) return;
    const t0 = performance.now();
    this.#refresh(s);
    this.#throttle.spent(t0);
  }

  /** Fill the panel with the latest state now, on screen or not (before printing). */
  catchUp() {
    if (this.#pending) this.#refresh(this.#pending);
  }

  #refresh(s) {
    let trace;
    try {
      trace = this.#app.net.trace();
    } catch (e) {
      this.#key = '';
      this.#view = null;
      this.#body.replaceChildren(el('p', 'chain-error', `The chain rule cannot be shown here: ${e.message}`));
      return;
    }
    const shown = Math.min(trace.points.length, MAX_ROWS);
    const key = `${s.names.join(',')}|${s.activation}|${s.selected}|${shown}|${trace.points.length}`;
    if (key !== this.#key) {
      this.#key = key;
      this.#build(s, shown, trace.points.length);
    }
    this.#update(trace, s);
  }

  // One chip per parameter (hidden neurons' first, then the output's): a compact picker right here.
  #drawPicker(s) {
    const key = s.names.join(',');
    if (key !== this.#pickerKey) {
      this.#pickerKey = key;
      const H = s.hidden;
      const chip = (j) => {
        const b = el('button', 'chip', symbol(s.names[j]));
        b.type = 'button';
        b.dataset.param = j;
        b.setAttribute('aria-label', `${s.names[j]}: show its chain rule`);
        b.addEventListener('click', () => this.#app.select(j));
        return b;
      };
      const hidden = [], output = [];
      for (let j = 0; j < 2 * H; j++) hidden.push(chip(j));
      for (let j = 2 * H; j <= 3 * H; j++) output.push(chip(j));
      this.#picker.replaceChildren(
        el('span', 'chip-group', el('span', 'chip-label', 'hidden'), hidden),
        el('span', 'chip-group', el('span', 'chip-label', 'output'), output));
    }
    for (const b of this.#picker.querySelectorAll('.chip')) {
      const on = Number(b.dataset.param) === s.selected;
      if ((b.getAttribute('aria-pressed') === 'true') !== on) b.setAttribute('aria-pressed', String(on));
    }
  }

  // The structure for one parameter: path, chain, formulas, where-line, the per-point table.
  #build(s, shown, total) {
    const H = s.hidden, j = s.selected, names = s.names, role = roleOf(j, H);
    const hidden = role.kind.startsWith('hidden');
    const n = role.k + 1;
    const X = () => symbol(`x${n}`), Y = () => symbol(`y${n}`);
    const theta = names[j], outW = hidden ? names[2 * H + role.k] : null;

    // The factors: [class, header (a derivative), formula, index into trace.chain[i][j].factors].
    const factors = [['f-ssr', deriv('SSR', 'predicted'),
      ['−2 (', el('span', 'm-word', 'observed'), ' − ', el('span', 'm-word', 'predicted'), ')'], 0]];
    if (hidden) {
      factors.push(['f-out', deriv('predicted', `y${n}`), symbol(outW), 1]);
      factors.push(['f-act', deriv(`y${n}`, `x${n}`), activationSlope(s.activation, X), 2]);
      factors.push(['f-in', deriv(`x${n}`, theta),
        role.kind === 'hidden-weight' ? el('span', 'm-word', 'input') : '1', 3]);
    } else {
      factors.push(['f-out', deriv('predicted', theta), role.kind === 'output-weight' ? Y() : '1', 1]);
    }

    // 1. The path from the parameter to the SSR, and the article's sentence for it.
    const steps = hidden ? [symbol(theta), X(), Y(), 'predicted', 'SSR'] : [symbol(theta), 'predicted', 'SSR'];
    const path = el('p', 'chain-path', steps.map((node, i) => [i ? el('span', 'chain-arrow', ' → ') : null,
      el('span', `chain-node${i === 0 ? ' chain-node-start' : ''}`, node)]));
    const story = hidden
      ? ['A change in ', symbol(theta), ' changes ', X(), ', which changes ', Y(), ', which changes the prediction, which changes the SSR.']
      : ['A change in ', symbol(theta), ' changes the prediction directly, which changes the SSR.'];

    // 2. The chain: every factor over its formula, in aligned columns.
    // The columns read top-down, so assistive technology and copy get the two lines as text instead.
    const eq = el('div', 'chain-eq');
    eq.setAttribute('aria-hidden', 'true');
    // (a factor of more than one term in brackets: "w3 · (1 − tanh^2(x1)) · input")
    const joined = (parts) => parts.map((part, f) => [f ? ' · ' : '', bracketed(el('span', null, part))]);
    const eqText = el('div', 'visually-hidden chain-eq-text',
      el('p', null, deriv('SSR', theta), ' = ', joined(factors.map(([, head]) => head.cloneNode(true)))),
      el('p', null, deriv('SSR', theta), ' = ', joined(factors.map(([, , formula]) => clone(formula)))));
    // (Each cell's content sits in one span: a flex item of its own would lose its edge spaces.)
    const column = (cls, top, bottom) =>
      el('div', cls, el('div', 'chain-frac', el('span', null, top)), el('div', 'chain-formula', el('span', null, bottom)));
    eq.append(column('chain-term chain-lhs', deriv('SSR', theta), null));
    factors.forEach(([cls, head, formula], f) => {
      eq.append(column('chain-op', f === 0 ? '=' : '·', f === 0 ? '=' : '·'));
      eq.append(column(`chain-term ${cls}`, head, formula));
    });

    // The definitions the formulas use.
    const where = el('p', 'chain-where', 'where ',
      hidden ? [X(), ' = ', el('span', 'm-word', 'input'), ' · ', symbol(names[2 * role.k]), ' + ',
        symbol(names[2 * role.k + 1]), ', ', Y(), ' = ', activationDefinition(s.activation, X), ', and '] : null,
      el('span', 'm-word', 'predicted'), ' = ', predictedFormula(H, names));

    // 3. The per-point table.
    const columns = [['#', 'chain-i', (t, i) => i + 1, 'index', String],
      ['input', 'chain-in', (t, i) => t.points[i].input, 'input'],
      ['observed', 'chain-in', (t, i) => t.points[i].observed, 'observed'],
      ['predicted', 'chain-in', (t, i) => t.points[i].predicted, 'predicted']];
    if (hidden) columns.push([X(), 'chain-in', (t, i) => t.points[i].x[role.k], 'x']);
    factors.forEach(([cls, head, , slot]) => {
      columns.push([head.cloneNode(true), `chain-factor ${cls}`, (t, i) => t.chain[i][j].factors[slot], `factor-${slot}`]);
    });
    columns.push(['product', 'chain-product', (t, i) => t.chain[i][j].product, 'product']);

    const headRow = el('tr', null, columns.map(([label, cls]) => {
      const th = el('th', `num ${cls}`, label);
      th.scope = 'col';
      return th;
    }));
    const tbody = el('tbody');
    const rows = [];
    for (let i = 0; i < shown; i++) {
      const tr = el('tr');
      const cells = columns.map(([, cls, get, role, format = fmt], c) => {
        const cell = el(c === 0 ? 'th' : 'td', `num ${cls}`);
        if (c === 0) cell.scope = 'row';
        cell.dataset.role = role;
        tr.append(cell);
        return [cell, get, format];
      });
      tbody.append(tr);
      rows.push(cells);
    }
    const sumCell = el('td', 'num chain-product chain-sum');
    sumCell.dataset.role = 'sum';
    const sumLabel = el('th', 'chain-sum-label',
      `Sum over ${total === 1 ? 'the one point' : `all ${formatCount(total)} points`} = `, deriv('SSR', theta));
    sumLabel.scope = 'row';
    sumLabel.colSpan = columns.length - 1;
    const table = el('table', 'chain-table', el('thead', null, headRow), tbody, el('tfoot', null, el('tr', null, sumLabel, sumCell)));
    const caption = el('caption', 'visually-hidden', `Each data point's chain-rule factors for ${theta}, their product, and the sum`);
    table.prepend(caption);

    const resultValue = el('strong', 'num'), resultTail = el('span');
    resultValue.dataset.role = 'result';
    const result = el('p', 'chain-result', 'So ', ['dSSR/d', symbol(theta)], ' = ', resultValue, resultTail);
    const wrap = el('div', 'chain-table-wrap', table);
    this.#scroll?.observer.disconnect();
    this.#scroll = scrollHint(wrap, 'The chain at every data point');
    const parts = [el('h3', 'chain-title', 'How ', symbol(theta), ' changes the SSR'),
      path, el('p', 'chain-story', story), eq, eqText, where,
      el('h3', 'chain-subtitle', 'The chain at every data point'), this.#scroll.hint, wrap];
    if (total > shown)
      parts.push(el('p', 'hint chain-note', `Showing the first ${formatCount(shown)} of ${formatCount(total)} points; the sum is over all of them.`));
    parts.push(result);
    this.#body.replaceChildren(...parts);
    this.#view = { rows, sumCell, resultValue, resultTail, theta, j };
  }

  #update(trace, s) {
    const { rows, sumCell, resultValue, resultTail, theta, j } = this.#view;
    for (let i = 0; i < rows.length; i++)
      for (const [cell, get, format] of rows[i]) numberCell(cell, get(trace, i), format);
    numberCell(sumCell, trace.gradient[j], fmt);
    numberCell(resultValue, trace.gradient[j], fmt);
    setText(resultTail, s.frozen[j]
      ? `: the number in the parameter table. ${theta} is frozen, so the steps leave it where it is.`
      : ': the number in the parameter table, and the derivative the next step uses.');
  }
}

// A copy of a formula given as a node, a string or an array of them.
function clone(formula) {
  if (Array.isArray(formula)) return formula.map(clone);
  return typeof formula === 'string' ? formula : formula.cloneNode(true);
}

// dy/dx for each activation, in symbols (x is a function making the x_k symbol).
function activationSlope(activation, x) {
  switch (activation) {
    case 'softplus': return frac(['e', sup(x())], ['1 + e', sup(x())]);
    case 'relu': return ['1 if ', x(), ' > 0, else 0'];
    case 'sigmoid': return ['σ(', x(), ')(1 − σ(', x(), '))'];
    case 'tanh': return ['1 − tanh', sup('2'), '(', x(), ')'];
    default: return ['f′(', x(), ')'];
  }
}

// y = f(x) for each activation, named and in symbols.
function activationDefinition(activation, x) {
  switch (activation) {
    case 'softplus': return ['softplus(', x(), ') = log(1 + e', sup(x()), ')'];
    case 'relu': return ['relu(', x(), ') = max(0, ', x(), ')'];
    case 'sigmoid': return ['σ(', x(), ') = 1 / (1 + e', sup('−', x()), ')'];
    case 'tanh': return ['tanh(', x(), ')'];
    default: return [`${activation}(`, x(), ')'];
  }
}

// predicted = y1 w3 + y2 w4 + b3, shortened with "…" for more than three neurons.
function predictedFormula(H, names) {
  const term = (k) => [symbol(`y${k + 1}`), ' ', symbol(names[2 * H + k])];
  const ks = H <= 3 ? [...Array(H).keys()] : [0, null, H - 1];
  return [ks.map((k) => (k === null ? '… + ' : [term(k), ' + '])), symbol(names[3 * H])];
}

/**
 * Keeps a costly per-frame refresh under a fifth of the main thread while training: after a
 * refresh that took d ms, the next one waits until 4·d ms have passed. Paused, it is always due.
 */
export class Throttle {
  #at = -Infinity;
  #cost = 0;

  due(playing) { return !playing || performance.now() - this.#at >= 4 * this.#cost; }

  spent(t0) {
    this.#at = t0;
    this.#cost = performance.now() - t0;
  }
}

/** Clicking (or tapping) a parameter's label in the network diagram picks it (pick(j)); the cursor says so. */
export function pickOnCanvas(network, pick) {
  const canvas = network.canvas;
  canvas.addEventListener('click', (e) => {
    const j = network.paramAt(e.offsetX, e.offsetY);
    if (j >= 0) pick(j);
  });
  canvas.addEventListener('pointermove', (e) => {
    const cursor = network.paramAt(e.offsetX, e.offsetY) >= 0 ? 'pointer' : '';
    if (canvas.style.cursor !== cursor) canvas.style.cursor = cursor;
  });
}
