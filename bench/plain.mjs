// plain.mjs: the same network and gradient step written the way one would in plain JavaScript,
// as a yardstick for the WebAssembly core (benchmarks only; the page never uses it).
//
// Idiomatic on purpose, not tuned and not slowed: ordinary arrays, Math.exp and Math.log1p, a loop
// over points and a loop over neurons, softplus and its derivative from one exponential.

/** softplus(x) = max(x, 0) + log1p(e^-|x|), and its derivative, the logistic function. */
function softplus(x) {
  const e = Math.exp(-Math.abs(x));
  return { y: Math.max(x, 0) + Math.log1p(e), dydx: x >= 0 ? 1 / (1 + e) : e / (1 + e) };
}

export class PlainNet {
  /** params in the core's order [w_1, b_1, ..., w_H, b_H, v_1, ..., v_H, c]. */
  constructor({ xs, ys, params, hidden, learningRate }) {
    this.xs = [...xs];
    this.ys = [...ys];
    this.hidden = hidden;
    this.params = [...params];
    this.learningRate = learningRate;
  }

  /** SSR and its gradient at the current parameters. */
  evaluate() {
    const H = this.hidden, p = this.params;
    const grad = new Array(3 * H + 1).fill(0);
    const y = new Array(H), dydx = new Array(H);
    let ssr = 0;
    for (let i = 0; i < this.xs.length; i++) {
      const input = this.xs[i];
      let predicted = p[3 * H];
      for (let k = 0; k < H; k++) {
        const a = softplus(input * p[2 * k] + p[2 * k + 1]);
        y[k] = a.y;
        dydx[k] = a.dydx;
        predicted += a.y * p[2 * H + k];
      }
      const residual = this.ys[i] - predicted;
      const dpred = -2 * residual;
      ssr += residual * residual;
      for (let k = 0; k < H; k++) {
        const t = dpred * p[2 * H + k] * dydx[k];
        grad[2 * k] += t * input;
        grad[2 * k + 1] += t;
        grad[2 * H + k] += dpred * y[k];
      }
      grad[3 * H] += dpred;
    }
    return { ssr, grad };
  }

  /** `steps` gradient-descent steps; returns the SSR after the last one. */
  train(steps) {
    for (let s = 0; s < steps; s++) {
      const { ssr, grad } = this.evaluate();
      if (!Number.isFinite(ssr)) throw new Error('training diverged');
      for (let j = 0; j < this.params.length; j++) this.params[j] -= this.learningRate * grad[j];
    }
    return this.evaluate().ssr;
  }
}
