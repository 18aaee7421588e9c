// state.js: page options read from the URL, and the bounded SSR history the loss chart draws.
//
// Options come from the query string or the hash, whichever has them (hash wins), e.g.
//   index.html?autoplay=1        index.html#autoplay&lr=0.05&spf=20&hidden=3&activation=tanh&seed=7
//   embed=1 hides the page chrome (header, footer) for an iframe.
// Values are checked later by the app (the core validates what it owns); here they are only parsed.

/** Steps per frame: the default example reaches SSR < 0.001 in about 4 s at 60 frames per second. */
export const DEFAULT_STEPS_PER_FRAME = 2;
export const MAX_STEPS_PER_FRAME = 10000;

/** Parse page options from a URL (a string or Location). Unknown keys are ignored. */
export function parseOptions(url) {
  const u = new URL(String(url));
  const params = new URLSearchParams(u.search);
  for (const [k, v] of new URLSearchParams(u.hash.replace(/^#/, ''))) params.set(k, v);
  const flag = (name) => params.has(name) && !['0', 'false', 'no'].includes(params.get(name).toLowerCase());
  const number = (name) => (params.has(name) && params.get(name).trim() !== '' ? Number(params.get(name)) : undefined);
  return {
    autoplay: flag('autoplay'),
    embed: flag('embed'),
    learningRate: number('lr'),
    stepsPerFrame: number('spf'),
    hidden: number('hidden'),
    activation: params.get('activation') ?? undefined,
    seed: number('seed'),
  };
}

/**
 * (step, SSR) pairs for the loss chart, never more than `capacity`. When full, every other stored
 * point is dropped and the minimum spacing between stored steps doubles, so a long run keeps an
 * even coverage of its whole history. The latest point is always available as `last`.
 */
export class SsrHistory {
  constructor(capacity = 4000) {
    this.capacity = capacity;
    this.steps = new Float64Array(capacity);
    this.values = new Float64Array(capacity);
    this.length = 0;
    this.spacing = 0; // minimum step distance between stored points
    this.last = { step: 0, value: NaN };
  }

  /** Forget everything; start again from one point. */
  reset(step, value) {
    this.length = 0;
    this.spacing = 0;
    this.#append(step, value);
    this.last = { step, value };
  }

  /** Record the SSR after `step` steps (steps only increase between resets). */
  push(step, value) {
    if (step <= this.last.step && this.length > 0) return;
    this.last = { step, value };
    if (step - this.steps[this.length - 1] < this.spacing) return;
    if (this.length === this.capacity) this.#halve();
    this.#append(step, value);
  }

  #append(step, value) {
    this.steps[this.length] = step;
    this.values[this.length] = value;
    this.length++;
  }

  // Keep points 0, 2, 4, ...; later points must be at least the new mean spacing apart.
  #halve() {
    let n = 0;
    for (let i = 0; i < this.length; i += 2, n++) {
      this.steps[n] = this.steps[i];
      this.values[n] = this.values[i];
    }
    this.length = n;
    this.spacing = (this.steps[n - 1] - this.steps[0]) / Math.max(1, n - 1);
  }
}
