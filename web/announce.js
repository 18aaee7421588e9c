// announce.js: what a screen reader hears of training: "Step 401, SSR 0.01654", once the numbers
// have settled after a change (Step, Reset, a pause, a dragged data point, a new setting), and
// nothing while training runs, when they change about 10 times a second. One polite status element
// (role="status", visually hidden), written QUIET ms after the last change, and emptied when
// training starts (so that it never holds stale numbers); the readout's visible numbers are plain
// text. Nothing is said for the state the page opens with, nor, after hold(), for a pause the user
// did not make (an element scrolled out of sight).

import { formatCount, formatSSR } from './format.js';

const QUIET = 400; // ms without a change before the numbers are said

export class Announcer {
  #el;
  #said = null; // the text last said (or, at first, the one the page opened with)
  #timer = 0;

  /** el: the status element. */
  constructor(el) {
    this.#el = el;
  }

  draw(s) {
    clearTimeout(this.#timer);
    if (this.#said === null) this.#said = sentence(s);
    if (s.playing) { // (every frame: nothing formatted, nothing written but once)
      if (this.#el.textContent) this.#el.textContent = '';
      return;
    }
    const text = sentence(s);
    if (text === this.#said) return;
    this.#timer = setTimeout(() => {
      this.#said = text;
      this.#el.textContent = text;
    }, QUIET);
  }

  /** Say nothing for state `s` (drawn just now): it comes from no action of the user's. */
  hold(s) {
    clearTimeout(this.#timer);
    this.#said = sentence(s);
  }
}

function sentence(s) {
  return `Step ${formatCount(s.steps)}, SSR ${formatSSR(s.ssr)}`;
}
