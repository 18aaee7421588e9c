// reference.mjs: an independent plain-JavaScript oracle for the network the core computes.
//
// Written from the article (/work/shared/seed/article.md) and the documented parameter order,
// not from src/: used only by tests, to check the WebAssembly and native builds against.
//
//   x_k = input * w_k + b_k,   y_k = f(x_k),   predicted = y_1 v_1 + ... + y_H v_H + c
//   SSR = sum over points of (observed - predicted)^2
//   dSSR/dθ by the chain rule; gradient descent: step size = derivative * lr, new = old - step size.
//
// Parameter order: [w_1, b_1, ..., w_H, b_H, v_1, ..., v_H, c]; for H = 2 the article's
// [w1, b1, w2, b2, w3, w4, b3].

/** The dosage example: inputs, observed values, and the article's starting parameters. */
export const DOSAGE = Object.freeze({ xs: [0, 0.5, 1], ys: [0, 1, 0] });
export const ARTICLE_PARAMS = Object.freeze([2.74, 0, -1.13, 0, 0.36, 0.63, 0]);

// The logistic function e^x / (1 + e^x), evaluated so that exp never overflows.
function logistic(x) {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Each activation as x -> [f(x), f'(x)], the function beside its derivative. */
export const ACTIVATIONS = Object.freeze({
  // softplus log(1 + e^x), rewritten as x + log(1 + e^-x) for x > 0 so e^x cannot overflow;
  // its derivative is the logistic function (the article's e^x / (1 + e^x)).
  softplus: (x) => [x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)), logistic(x)],
  // relu max(x, 0); the derivative is taken as 0 at the kink x = 0.
  relu: (x) => [x > 0 ? x : 0, x > 0 ? 1 : 0],
  // sigmoid s(x); s' = s(x) s(-x), which avoids the cancellation in 1 - s(x).
  sigmoid: (x) => [logistic(x), logistic(x) * logistic(-x)],
  // tanh; tanh' = 1 / cosh^2, exact where 1 - tanh^2 would cancel (and 0 once cosh overflows).
  tanh: (x) => [Math.tanh(x), 1 / (Math.cosh(x) * Math.cosh(x))],
});

/** Number of parameters for H hidden neurons. */
export const paramCount = (H) => 3 * H + 1;

// Where each named parameter sits in the flat array.
const W = (k) => 2 * k;
const B = (k) => 2 * k + 1;
const V = (H, k) => 2 * H + k;
const C = (H) => 3 * H;

/** Forward pass for one input: hidden pre-activations x, outputs y, slopes dydx, and the prediction. */
export function forward(H, activation, params, input) {
  const f = ACTIVATIONS[activation];
  const x = [], y = [], dydx = [];
  let predicted = 0;
  for (let k = 0; k < H; k++) {
    x.push(input * params[W(k)] + params[B(k)]);
    const [yk, dk] = f(x[k]);
    y.push(yk);
    dydx.push(dk);
    predicted += yk * params[V(H, k)];
  }
  predicted += params[C(H)];
  return { x, y, dydx, predicted };
}

/** Sum of squared residuals over the data. */
export function ssr(H, activation, params, xs, ys) {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) {
    const r = ys[i] - forward(H, activation, params, xs[i]).predicted;
    sum += r * r;
  }
  return sum;
}

/** dSSR/dθ for every parameter: per point, the chain rule; then the sum over points. */
export function gradients(H, activation, params, xs, ys) {
  const g = new Array(paramCount(H)).fill(0);
  for (let i = 0; i < xs.length; i++) {
    const { y, dydx, predicted } = forward(H, activation, params, xs[i]);
    const dSSRdPredicted = -2 * (ys[i] - predicted);
    for (let k = 0; k < H; k++) {
      const dPredicteddY = params[V(H, k)];
      g[W(k)] += dSSRdPredicted * dPredicteddY * dydx[k] * xs[i]; // dx/dw = input
      g[B(k)] += dSSRdPredicted * dPredicteddY * dydx[k] * 1; // dx/db = 1
      g[V(H, k)] += dSSRdPredicted * y[k]; // dpredicted/dv = y
    }
    g[C(H)] += dSSRdPredicted * 1; // dpredicted/dc = 1
  }
  return g;
}

const allFinite = (a) => a.every(Number.isFinite);

/**
 * A network with its data and training state, trained by plain gradient descent. A step whose
 * new parameters, SSR or gradients would not be finite is not applied (training diverged).
 */
export class ReferenceNet {
  constructor({ hidden = 2, activation = 'softplus', learningRate = 0.1, xs = DOSAGE.xs, ys = DOSAGE.ys,
    params = ARTICLE_PARAMS, frozen = null } = {}) {
    if (!(activation in ACTIVATIONS)) throw new Error(`reference: unknown activation ${activation}`);
    if (params.length !== paramCount(hidden)) throw new Error('reference: wrong parameter count');
    this.hidden = hidden;
    this.activation = activation;
    this.learningRate = learningRate;
    this.xs = Array.from(xs);
    this.ys = Array.from(ys);
    this.params = Array.from(params);
    this.frozen = frozen ? Array.from(frozen, Boolean) : new Array(params.length).fill(false);
    this.steps = 0;
    this.last = null;
  }

  ssr(params = this.params) { return ssr(this.hidden, this.activation, params, this.xs, this.ys); }

  gradients(params = this.params) { return gradients(this.hidden, this.activation, params, this.xs, this.ys); }

  predict(input, params = this.params) { return forward(this.hidden, this.activation, params, input).predicted; }

  /** One gradient step; returns false (and changes nothing) when it would diverge. */
  step() {
    const old = this.params, derivative = this.gradients();
    const stepSize = derivative.map((d, j) => (this.frozen[j] ? 0 : d * this.learningRate));
    const next = old.map((p, j) => (this.frozen[j] ? p : p - stepSize[j]));
    if (!allFinite(next) || !Number.isFinite(this.ssr(next)) || !allFinite(this.gradients(next))) return false;
    this.last = { old, derivative, stepSize, new: next };
    this.params = next;
    this.steps++;
    return true;
  }

  /** n steps, stopping at the first that would diverge; returns the number applied. */
  train(n) {
    for (let s = 0; s < n; s++) if (!this.step()) return s;
    return n;
  }
}
