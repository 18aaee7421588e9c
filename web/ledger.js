// ledger.js: the step ledger. After a gradient step (the Step button, S or →) it lists, for every
// parameter, the article's update: old value, derivative dSSR/dθ, step size = derivative × learning
// rate, new value = old − step size; a frozen parameter reads "frozen — stays 0.360000". Beside the
// table, the selected parameter's step is written out in the article's words, and what the step
// did to the SSR (the core's SSR before and after it): a step that raised it went too far.
//
// Every number comes from net.lastStep() (the core's record of the last applied step); nothing is
// computed here. The learning rate shown is the one the step used (the app's, when it happened).
// The ledger describes one step, so while training runs continuously it is dimmed and says so;
// when paused it shows the last step (labelled "step N" after Step, "the last step of the run"
// after Play; after a step that failed, the last one applied). Anything that moves the parameters
// without a step (Reset, a new seed, a click on the landscape, new data) empties it, as the core does.

import { isTouchFirst } from './canvas.js';
import { formatCount, formatLedger, formatRateText, formatSSR } from './format.js';
import { el, numberCell, scrollHint, setText, symbol } from './math-text.js';

const fmt = formatLedger;
const inParens = (v) => (v < 0 ? `(${fmt(v)})` : fmt(v));

export class StepLedger {
  #app;
  #section;
  #status; // {what, how}: what the table shows, and what to press (not printed)
  #table;
  #tbody;
  #lrCell;
  #worked;
  #record = null; // {steps, lr, frozen, names, data, activation, fromStep, step: net.lastStep()}
  #prev = { steps: null }; // the previous snapshot's step count
  #readAt = null; // step count at the last lastStep() read
  #key = '';
  #rows = [];
  #workedKey = '';
  #workedCells = null;

  /** section: the panel's <section> with .ledger-status, .ledger-table and .ledger-worked; app: the App. */
  constructor(section, app) {
    this.#app = app;
    this.#section = section;
    this.#status = { what: section.querySelector('.ledger-what'), how: section.querySelector('.ledger-how') };
    this.#table = section.querySelector('.ledger-table');
    this.#tbody = this.#table.querySelector('tbody');
    this.#lrCell = this.#table.querySelector('[data-role="lr"]');
    this.#worked = section.querySelector('.ledger-worked');
    // (above the table and the worked step, which sit side by side on a wide screen; the box lives as long as the page)
    section.querySelector('.ledger-layout').before(scrollHint(section.querySelector('.ledger-wrap'), 'The step ledger').hint);
  }

  draw(s) {
    const prevSteps = this.#prev.steps;
    this.#prev = { steps: s.steps };
    // While playing the core's ledger changes every frame; it is read again once training pauses.
    if (!s.playing && (this.#readAt !== s.steps || !this.#current(s))) this.#read(s, prevSteps);
    this.#render(s);
  }

  // Take the core's ledger if it describes how the parameters on screen came about.
  #read(s, prevSteps) {
    this.#readAt = s.steps;
    this.#record = null;
    if (s.steps === 0) return;
    const step = this.#app.net.lastStep();
    if (step.new.length !== s.params.length || !step.new.every((v, j) => v === s.params[j])) return;
    this.#record = {
      steps: s.steps, lr: s.learningRate, frozen: [...s.frozen], names: s.names, data: s.data,
      activation: s.activation, fromStep: prevSteps !== null && s.steps === prevSteps + 1, step,
    };
  }

  // True while the record still explains the current parameters (same net, same data, no jump).
  #current(s) {
    const r = this.#record;
    return !!r && r.steps === s.steps && r.activation === s.activation && r.names.join() === s.names.join() &&
      sameData(r.data, s.data) && r.step.new.every((v, j) => v === s.params[j]);
  }

  // The status line: a sentence on the step shown, then what to press (a separate span, not printed).
  #say(what, how = '') {
    setText(this.#status.what, what);
    setText(this.#status.how, what && how ? ` ${how}` : how);
  }

  #render(s) {
    const r = this.#record;
    this.#section.classList.toggle('ledger-dimmed', s.playing && !!r);
    this.#section.classList.toggle('ledger-empty', !r);
    if (!r) {
      // (Printed, an empty ledger is left out: print.css.)
      this.#say('', s.playing ? 'Training continuously. The ledger shows one step at a time: pause, then press Step.'
        : `Press Step${isTouchFirst() ? '' : ' (or S, →)'} to take one gradient-descent step; the ledger then shows what it did to every parameter.`);
      return;
    }
    // Stopped by a step that failed (it diverged): Step would fail again, so it is not offered.
    const failed = !s.playing && !!s.message?.training;
    if (s.playing) {
      this.#say(`Training continuously, so this is an older step (step ${formatCount(r.steps)}).`,
        'The ledger shows one step at a time: pause, then press Step.');
    } else if (failed) {
      this.#say(`Step ${formatCount(r.steps)}, the last one applied, learning rate ${formatRateText(r.lr)}. The next one failed, as the message above says.`);
    } else if (r.fromStep) {
      const free = r.frozen.filter((f) => !f).length;
      const moved = free === 0 ? 'every parameter is frozen, so nothing moved'
        : free === 1 ? `${r.names[r.frozen.indexOf(false)]}, the only free parameter, moved against its derivative`
          : `each ${free < r.frozen.length ? 'free ' : ''}parameter moved against its derivative`;
      this.#say(`Step ${formatCount(r.steps)}: ${moved}, learning rate ${formatRateText(r.lr)}.`);
    } else {
      this.#say(`The last step of the run, step ${formatCount(r.steps)}, learning rate ${formatRateText(r.lr)}.`, 'Press Step to take one more.');
    }
    numberCell(this.#lrCell, r.lr, formatRateText);

    const key = `${r.names.join()}|${r.frozen.join()}`;
    if (key !== this.#key) {
      this.#key = key;
      this.#build(r);
    }
    const { old, derivative, stepSize } = r.step;
    this.#rows.forEach((cells, j) => {
      cells.tr.classList.toggle('selected', j === s.selected);
      numberCell(cells.old, old[j], fmt);
      numberCell(cells.new, r.step.new[j], fmt);
      if (cells.derivative) numberCell(cells.derivative, derivative[j], fmt);
      if (cells.step) numberCell(cells.step, stepSize[j], fmt);
    });
    this.#drawWorked(r, s.selected);
  }

  #build(r) {
    this.#rows = r.names.map((name, j) => {
      const th = el('th', 'ledger-name', symbol(name));
      th.scope = 'row';
      const old = el('td', 'num');
      old.dataset.role = 'old';
      const tr = el('tr', r.frozen[j] ? 'frozen' : null, th, old);
      tr.dataset.param = j;
      if (r.frozen[j]) {
        // No derivative and no step; the new value, the old one, in its own column (on a phone the
        // column pinned in view, so a frozen row reads there too).
        const cell = el('td', 'ledger-frozen', 'frozen', el('span', 'ledger-no-step', ': no step')), stays = el('td', 'num ledger-stays');
        cell.colSpan = 2;
        stays.dataset.role = 'new';
        tr.append(cell, stays);
        return { tr, old, new: stays };
      }
      const derivative = el('td', 'num'), step = el('td', 'num'), next = el('td', 'num ledger-new');
      derivative.dataset.role = 'derivative';
      step.dataset.role = 'step';
      next.dataset.role = 'new';
      tr.append(derivative, step, next);
      return { tr, old, derivative, step, new: next };
    });
    this.#tbody.replaceChildren(...this.#rows.map((row) => row.tr));
    this.#table.parentElement.scrollLeft = 0; // (another network: its table from the start, names in view)
    this.#workedKey = '';
  }

  // The selected parameter's step in the article's words, with this step's numbers.
  #drawWorked(r, j) {
    const name = r.names[j], frozen = r.frozen[j];
    const key = `${name}|${frozen}|${r.names.join()}`;
    if (key !== this.#workedKey) {
      this.#workedKey = key;
      const n = () => el('span', 'num');
      const cells = { derivative: n(), lr: n(), step: n(), old: n(), stepAgain: n(), new: n(), ssr: el('p', 'ledger-ssr') };
      this.#workedCells = cells;
      const lines = frozen
        ? [el('p', null, symbol(name), ' is frozen, so this step left it alone: it stays ', cells.new, '.')]
        : [el('p', null, 'Step size ', symbol(name), ' = derivative ', symbol(name), ' × learning rate'),
          el('p', 'ledger-calc', '= ', cells.derivative, ' × ', cells.lr, ' = ', cells.step),
          el('p', null, 'New ', symbol(name), ' = old ', symbol(name), ' − step size ', symbol(name)),
          el('p', 'ledger-calc', '= ', cells.old, ' − ', cells.stepAgain, ' = ', el('strong', null, cells.new))];
      this.#worked.replaceChildren(el('h3', 'ledger-worked-title', 'The step for ', symbol(name)), ...lines, cells.ssr);
    }
    const c = this.#workedCells, { old, derivative, stepSize } = r.step;
    const said = ssrSentence(r.step.ssrBefore, r.step.ssrAfter);
    setText(c.ssr, said.text);
    c.ssr.classList.toggle('ledger-ssr-up', said.up);
    numberCell(c.new, r.step.new[j], fmt);
    if (frozen) return;
    numberCell(c.derivative, derivative[j], inParens);
    numberCell(c.lr, r.lr, formatRateText);
    numberCell(c.step, stepSize[j], fmt);
    numberCell(c.old, old[j], fmt);
    numberCell(c.stepAgain, stepSize[j], inParens);
  }
}

// What the step did to the SSR, in the page's SSR format: {text, up}. A gradient step small enough
// lowers the SSR (unless the gradient is 0); one that raised it went past where the SSR falls.
function ssrSentence(before, after) {
  if (!Number.isFinite(before) || !Number.isFinite(after)) return { text: '', up: false };
  const b = formatSSR(before), a = formatSSR(after);
  if (b === a) return { text: `The SSR stayed at ${a}${before === after ? '' : ' to the digits shown'}.`, up: false };
  return after > before
    ? { text: `This step raised the SSR, from ${b} to ${a}: it went too far along the slope, past where the SSR falls. A smaller learning rate takes shorter steps.`, up: true }
    : { text: `This step lowered the SSR, from ${b} to ${a}.`, up: false };
}

function sameData(a, b) {
  if (a === b) return true;
  if (a.xs.length !== b.xs.length) return false;
  for (let i = 0; i < a.xs.length; i++) if (a.xs[i] !== b.xs[i] || a.ys[i] !== b.ys[i]) return false;
  return true;
}
