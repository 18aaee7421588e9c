// gradient-check.js: the "Check gradients" toggle. When on, the parameter table gains two columns
// beside each backprop derivative dSSR/dθ: the central finite-difference estimate from
// net.fdGradients() (nudge one parameter by ±h, divide the SSR's change by 2h: no chain rule at
// all) and the relative error |fd − backprop| / max(|fd|, |backprop|), with a verdict. A line under
// the table sums it up. Updates with every snapshot while on: paused, on screen or not (so that
// the table never holds a derivative beside an older estimate); while training plays, only on
// screen, and no more often than keeps it under a fifth of the main thread (2 × (3H + 1) SSR
// evaluations per refresh).
//
// The estimate and the derivatives come from the core; only the comparison is done here. Where both
// numbers are below NEAR_ZERO the relative error says nothing (the estimate's own rounding noise is
// about that size), so the cell reads "both ≈ 0" instead of a misleading large ratio.

import { formatFixed, formatSig } from './format.js';
import { Throttle } from './chain-panel.js';
import { el, numberCell, setText } from './math-text.js';

const NEAR_ZERO = 1e-7;
const AGREE = 1e-5; // a relative error below this counts as agreement (typically 1e-9 or smaller)

/** |a − b| / max(|a|, |b|), 0 when equal. */
export function relativeError(a, b) {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

export class GradientCheck {
  #app;
  #toggle;
  #table;
  #tbody;
  #summary;
  #on = false;
  #visible = false;
  #pending = null;
  #checked = null; // the snapshot the columns show
  #throttle = new Throttle();

  /** root: the document (with #check-gradients, #params and #check-summary); app: the App. */
  constructor(root, app) {
    this.#app = app;
    this.#toggle = root.getElementById('check-gradients');
    this.#tbody = root.getElementById('params');
    this.#table = this.#tbody.closest('table');
    this.#summary = root.getElementById('check-summary');
    this.#toggle.addEventListener('change', () => this.#switch(this.#toggle.checked));
    this.#toggle.disabled = false;
    this.#switch(this.#toggle.checked);
    new IntersectionObserver((entries) => {
      this.#visible = entries[entries.length - 1].isIntersecting;
      if (this.#visible && this.#pending !== this.#checked) this.draw(this.#pending);
    }, { rootMargin: '120px 0px' }).observe(this.#table);
  }

  #switch(on) {
    this.#on = on;
    this.#table.classList.toggle('checking', on);
    this.#summary.hidden = !on;
    if (on && this.#pending !== this.#checked) this.draw(this.#pending);
  }

  draw(s) {
    this.#pending = s;
    // (in the frames that write the table's text, app.js: its numbers beside the derivatives shown)
    if (!this.#on || (s.playing && !this.#visible) || s.textFrame === false || !this.#throttle.due(s.playing)) return;
    const t0 = performance.now();
    this.#refresh(s);
    this.#throttle.spent(t0);
  }

  /** Fill the columns for the latest state now, on screen or not (before printing). */
  catchUp() {
    if (this.#on && this.#pending && this.#pending !== this.#checked) this.#refresh(this.#pending);
  }

  #refresh(s) {
    let fd;
    try {
      fd = this.#app.net.fdGradients();
    } catch (e) {
      setText(this.#summary, `The finite-difference check is not available here: ${e.message}`);
      return;
    }
    this.#checked = s;
    const backprop = s.gradients;
    let worst = -1, worstRel = -1;
    [...this.#tbody.rows].forEach((tr, j) => {
      const { fdCell, errCell, mark, errText } = cells(tr);
      numberCell(fdCell, fd[j], (v) => formatFixed(v, 4));
      const rel = relativeError(fd[j], backprop[j]);
      errCell.dataset.value = String(rel);
      const tiny = Math.max(Math.abs(fd[j]), Math.abs(backprop[j])) < NEAR_ZERO;
      const ok = tiny || rel < AGREE;
      setText(errText, tiny ? 'both ≈ 0' : formatSig(rel, 1));
      setText(mark, ok ? '✓' : '✗');
      errCell.classList.toggle('check-bad', !ok);
      if (!tiny && rel > worstRel) { worstRel = rel; worst = j; }
    });
    if (worst < 0) {
      setText(this.#summary, 'Every derivative is about 0 here, so there is nothing to compare; move away from the minimum (Reset) to see the check.');
    } else if (worstRel < AGREE) {
      setText(this.#summary, `Backprop agrees with the finite differences: the largest relative error is ${formatSig(worstRel, 2)} (${s.names[worst]}). ` +
        'Each estimate nudges one parameter by ±h (h = 10⁻⁶ · max(1, |θ|)) and divides the change in SSR by 2h.');
    } else {
      setText(this.#summary, `Backprop and the finite differences differ for ${s.names[worst]}: relative error ${formatSig(worstRel, 2)}. ` +
        'Near a kink (relu at 0) or with huge values the estimate itself is unreliable.');
    }
  }
}

// The row's two check cells, made (before the freeze column) the first time a row is seen.
function cells(tr) {
  let fdCell = tr.querySelector('td.check-fd');
  if (!fdCell) {
    fdCell = el('td', 'num check check-fd');
    const errCell = el('td', 'num check check-err', el('span', 'check-mark'), ' ', el('span', 'check-value'));
    tr.insertBefore(fdCell, tr.querySelector('td.freeze'));
    tr.insertBefore(errCell, tr.querySelector('td.freeze'));
  }
  const errCell = fdCell.nextElementSibling;
  return { fdCell, errCell, mark: errCell.firstChild, errText: errCell.lastChild };
}
