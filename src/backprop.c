/*
 * backprop.c: forward pass, chain rule, gradient descent. See backprop.h for the math.
 *
 * Layout reminder (H hidden): w_k at 2k, b_k at 2k+1, v_k at 2H+k, c at 3H (k from 0).
 */
#include "backprop.h"
#include "bp_math.h"

#include <math.h>
#include <string.h>

/* The hot path (activation, exp, log1p) is forced inline into the one loop that trains: left to
   -Os, the compiler keeps them as calls, which in WebAssembly costs more than the math itself. */
#define BP_HOT BP_MATH_INLINE
/* clang makes a loop that zeroes a few doubles into memset, which WebAssembly runs as
   memory.fill: in V8 a call out of the generated code, dearer than the stores themselves.
   An empty asm statement in the loop body keeps it a loop. */
#if defined(__GNUC__) || defined(__clang__)
#define BP_NOT_MEMSET() __asm__ volatile("")
#else
#define BP_NOT_MEMSET() ((void)0)
#endif
/* ...and everything else is kept out of line, once, so the module stays small. */
#if defined(__GNUC__) || defined(__clang__)
#define BP_ONCE static __attribute__((noinline))
#else
#define BP_ONCE static
#endif

const double bp_dosage_xs[3] = {0.0, 0.5, 1.0};
const double bp_dosage_ys[3] = {0.0, 1.0, 0.0};

/* The article's starting point for H = 2: w1, b1, w2, b2, w3, w4, b3. */
static const double article_params[7] = {2.74, 0.0, -1.13, 0.0, 0.36, 0.63, 0.0};

/* ---------------------------------------------------------------- messages */

static const char *const status_messages[BP_STATUS_COUNT] = {
    [BP_OK] = "ok",
    [BP_ERR_NULL] = "a required argument is missing (null pointer)",
    [BP_ERR_HIDDEN] = "the number of hidden neurons must be a whole number from 1 to 8",
    [BP_ERR_POINTS] = "the number of data points must be a whole number from 1 to 1024",
    [BP_ERR_ACTIVATION] = "unknown activation: use softplus, relu, sigmoid or tanh",
    [BP_ERR_DATA] = "every input and observed value must be a finite number between -1,000,000 and 1,000,000",
    [BP_ERR_PARAM] = "every parameter must be a finite number",
    [BP_ERR_PARAM_COUNT] = "the parameter list must have 3H + 1 entries (7 for two hidden neurons)",
    [BP_ERR_LEARNING_RATE] = "the learning rate must be a finite number above 0 and at most 1,000,000",
    [BP_ERR_STEPS] = "the number of steps must be a whole number from 0 to 1,000,000",
    [BP_ERR_CAPACITY] = "the output buffer is too small",
    [BP_ERR_RANGE] = "bad sampling request: use a finite interval from < to, a sample count in range "
                     "(curve: 2 to 4096; grid: 2 to 65,536 cells) and parameter indexes in range",
    [BP_ERR_EPSILON] = "the finite-difference step must be a finite number above 0, large enough to "
                       "move every parameter and small enough not to overflow",
    [BP_ERR_OVERFLOW] = "the SSR or a gradient would overflow (not finite) with these numbers; nothing was changed",
    [BP_ERR_DIVERGED] = "training diverged: the next step would make the SSR or a parameter non-finite, "
                        "so it was not applied and the parameters stay at their last finite values; "
                        "lower the learning rate or reset",
    [BP_ERR_SEED] = "the seed must be a whole number from 0 to 4,294,967,295",
    [BP_ERR_STEP_COUNT] = "the step count must be a whole number from 0 to 9,007,199,254,740,992 (2^53)",
};

const char *bp_status_message(bp_status status) {
    if ((unsigned)status >= BP_STATUS_COUNT) return "unknown status code";
    return status_messages[status];
}

static const char *const activation_names[BP_ACTIVATION_COUNT] = {"softplus", "relu", "sigmoid", "tanh"};

const char *bp_activation_name(bp_activation a) {
    return (unsigned)a < BP_ACTIVATION_COUNT ? activation_names[a] : NULL;
}

/* ------------------------------------------------------------- activations */
/* Each activation beside its derivative, from x and e = e^-|x| (tanh: e^-2|x|), computed once by
   the caller. All are exact for every finite x: e never overflows, and the derivatives avoid
   1 - s cancellation. exp, log1p and tanh come from bp_math.h, so native and WebAssembly agree
   bit for bit. */

/* softplus(x) = log(1 + e^x) = max(x, 0) + log1p(e^-|x|);  d/dx = e^x / (1 + e^x) (logistic) */
BP_HOT void softplus(double x, double e, double *y, double *d) {
    *y = (x > 0 ? x : 0.0) + bp_log1p_unit(e);
    *d = x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
}

/* relu(x) = max(x, 0);  d/dx = 1 for x > 0, else 0 (0 at the kink by convention); no e */
BP_HOT void relu(double x, double *y, double *d) {
    *y = x > 0 ? x : 0.0;
    *d = x > 0 ? 1.0 : 0.0;
}

/* sigmoid(x) = 1 / (1 + e^-x);  d/dx = s (1 - s) = e / (1 + e)^2 */
BP_HOT void sigmoid(double x, double e, double *y, double *d) {
    const double q = 1.0 / (1.0 + e);
    *y = x >= 0 ? q : e * q;
    *d = e * q * q;
}

/* tanh(x);  d/dx = 1 - tanh^2 = 4e / (1 + e)^2 with e = e^-2|x| */
BP_HOT void tanh_act(double x, double e, double *y, double *d) {
    const double q = 1.0 / (1.0 + e);
    *y = bp_tanh_with(x, e);
    *d = 4.0 * e * q * q;
}

BP_HOT void activate(bp_activation a, double x, double *y, double *d) {
    if (a == BP_RELU) {
        relu(x, y, d);
        return;
    }
    const double e = bp_exp_nonpos((a == BP_TANH ? -2.0 : -1.0) * fabs(x)); /* -1.0 * |x| is exact */
    switch (a) {
    case BP_SIGMOID: sigmoid(x, e, y, d); break;
    case BP_TANH: tanh_act(x, e, y, d); break;
    default: softplus(x, e, y, d); break;
    }
}

/* One activation at a time, for the queries (curve, prediction, trace): one copy of the code. */
BP_ONCE void activate_one(bp_activation a, double x, double *y, double *d) { activate(a, x, y, d); }

bp_status bp_activate(bp_activation a, double x, double *y, double *dydx) {
    if (!y || !dydx) return BP_ERR_NULL;
    if ((unsigned)a >= BP_ACTIVATION_COUNT) return BP_ERR_ACTIVATION;
    if (!isfinite(x)) return BP_ERR_DATA;
    activate_one(a, x, y, dydx);
    return BP_OK;
}

/* ----------------------------------------------------- forward + backward */

/* Points are taken in blocks of BP_BLOCK / H pairs (point, neuron). Within a block, first every
   pre-activation x_k and (softplus) its exp, then the activations, then the sums. The exps of a
   block do not depend on each other, so the processor works on several at once; taken one neuron
   at a time, each exp -> log1p -> gradient chain had to finish before much of the next could
   start, and at the default size (6 pairs) that waiting was most of the step's time. Every
   number is computed as it would be point by point (the same operations, every sum in point
   order), so the results do not depend on the block size, bit for bit. */
#define BP_BLOCK 16
_Static_assert(BP_BLOCK >= BP_MAX_HIDDEN, "a block holds at least one point");

/* SSR and (when grad is not NULL) dSSR/dθ at parameters p, over the net's data.
   Written once, specialised per activation by the inline switch on a constant. The gradient is
   summed in place in grad (which aliases neither p nor the net), point by point. */
BP_HOT double eval_with(bp_activation act, const bp_net *restrict net, const double *restrict p,
                        double *restrict grad) {
    const int H = net->hidden, n = net->n, per = BP_BLOCK / H;
    const double *v = p + 2 * H, c = p[3 * H];
    double ssr = 0.0;
    if (grad)
        for (int j = 0; j <= 3 * H; j++) {
            grad[j] = 0.0;
            BP_NOT_MEMSET();
        }
    for (int i0 = 0; i0 < n; i0 += per) {
        const int end = n - i0 < per ? n : i0 + per, m = (end - i0) * H;
        double x[BP_BLOCK], e[BP_BLOCK], y[BP_BLOCK], d[BP_BLOCK]; /* pair q: point i0 + q / H, neuron q % H */
        for (int i = i0, q = 0; i < end; i++)
            for (int k = 0; k < H; k++, q++) {
                x[q] = net->xs[i] * p[2 * k] + p[2 * k + 1]; /* x_k = in w_k + b_k */
                if (act == BP_SOFTPLUS) e[q] = bp_exp_nonpos(-1.0 * fabs(x[q])); /* as in activate() */
            }
        for (int q = 0; q < m; q++)
            if (act == BP_SOFTPLUS) softplus(x[q], e[q], &y[q], &d[q]); /* inline */
            else activate_one(act, x[q], &y[q], &d[q]);
        for (int i = i0, q = 0; i < end; i++, q += H) {
            const double in = net->xs[i];
            double pred = c;
            for (int k = 0; k < H; k++) pred += y[q + k] * v[k];
            const double r = net->ys[i] - pred, dpred = -2.0 * r; /* dSSR/dpredicted */
            ssr += r * r;
            if (!grad) continue;
            for (int k = 0; k < H; k++) {
                const double t = dpred * v[k] * d[q + k]; /* dSSR/dpredicted * dpredicted/dy * dy/dx */
                grad[2 * k] += t * in;                     /* * dx/dw = input */
                grad[2 * k + 1] += t;                      /* * dx/db = 1 */
                grad[2 * H + k] += dpred * y[q + k];       /* dSSR/dv_k = dSSR/dpredicted * y_k */
            }
            grad[3 * H] += dpred;                          /* dSSR/dc = dSSR/dpredicted * 1 */
        }
    }
    return ssr;
}

BP_ONCE double eval(const bp_net *net, const double *p, double *grad) {
    if (net->activation == BP_SOFTPLUS) return eval_with(BP_SOFTPLUS, net, p, grad);
    return eval_with(net->activation, net, p, grad);
}

static int all_finite(const double *a, int n) {
    for (int i = 0; i < n; i++)
        if (!isfinite(a[i])) return 0;
    return 1;
}

/* Fill the cache at the current parameters; 0 when the SSR or a gradient is not finite. */
static int refresh(bp_net *net) {
    if (net->cache_ok) return 1;
    net->ssr = eval(net, net->params, net->grad);
    net->cache_ok = isfinite(net->ssr) && all_finite(net->grad, bp_param_count(net->hidden));
    return net->cache_ok;
}

/* Commit a candidate net over *net if it keeps the invariant (finite SSR and gradients). */
static bp_status commit(bp_net *net, bp_net *candidate) {
    candidate->cache_ok = 0;
    if (!refresh(candidate)) return BP_ERR_OVERFLOW;
    *net = *candidate;
    return BP_OK;
}

/* ------------------------------------------------------------- validation */

static int check_params(const double *p, int count, int hidden, bp_status *s) {
    if (!p) return *s = BP_ERR_NULL, 0;
    if (count != bp_param_count(hidden)) return *s = BP_ERR_PARAM_COUNT, 0;
    if (!all_finite(p, count)) return *s = BP_ERR_PARAM, 0;
    return 1;
}

static bp_status check_data(const double *xs, const double *ys, int n) {
    if (!xs || !ys) return BP_ERR_NULL;
    if (n < 1 || n > BP_MAX_POINTS) return BP_ERR_POINTS;
    for (int i = 0; i < n; i++)
        if (!(fabs(xs[i]) <= BP_MAX_VALUE) || !(fabs(ys[i]) <= BP_MAX_VALUE)) return BP_ERR_DATA;
    return BP_OK;
}

static int valid_lr(double lr) { return isfinite(lr) && lr > 0 && lr <= BP_MAX_LEARNING_RATE; }

/* ------------------------------------------------------------------ setup */

/* splitmix64: a tiny, well-mixed generator, the same on every platform. */
static uint64_t splitmix64(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

/* Uniform on [-1, 1) with 53 random bits. */
static double uniform(uint64_t *s) { return (double)(splitmix64(s) >> 11) * 0x1p-52 - 1.0; }

static void draw_params(int hidden, uint32_t seed, double *out) {
    uint64_t s = seed;
    for (int k = 0; k < hidden; k++) {
        out[2 * k] = 3.0 * uniform(&s);       /* input weights spread the kinks over [0, 1] */
        out[2 * k + 1] = uniform(&s);
    }
    for (int k = 0; k < hidden; k++) out[2 * hidden + k] = uniform(&s);
    out[3 * hidden] = 0.0;
}

bp_status bp_default_params(int hidden, double *out, int count) {
    if (!out) return BP_ERR_NULL;
    if (hidden < 1 || hidden > BP_MAX_HIDDEN) return BP_ERR_HIDDEN;
    if (count != bp_param_count(hidden)) return BP_ERR_PARAM_COUNT;
    if (hidden == 2) memcpy(out, article_params, sizeof article_params);
    else draw_params(hidden, 1, out);
    return BP_OK;
}

bp_status bp_init(bp_net *net, const bp_desc *desc) {
    if (!net || !desc) return BP_ERR_NULL;
    bp_net c;
    memset(&c, 0, sizeof c);
    c.hidden = desc->hidden ? desc->hidden : 2;
    if (c.hidden < 1 || c.hidden > BP_MAX_HIDDEN) return BP_ERR_HIDDEN;
    if ((unsigned)desc->activation >= BP_ACTIVATION_COUNT) return BP_ERR_ACTIVATION;
    c.activation = desc->activation;
    c.learning_rate = desc->learning_rate != 0 ? desc->learning_rate : 0.1;
    if (!valid_lr(c.learning_rate)) return BP_ERR_LEARNING_RATE;
    const double *xs = bp_dosage_xs, *ys = bp_dosage_ys;
    int n = 3;
    if (desc->n != 0) xs = desc->xs, ys = desc->ys, n = desc->n;
    bp_status s = check_data(xs, ys, n);
    if (s != BP_OK) return s;
    c.n = n;
    memcpy(c.xs, xs, sizeof(double) * (size_t)n);
    memcpy(c.ys, ys, sizeof(double) * (size_t)n);
    const int P = bp_param_count(c.hidden);
    if (desc->params) {
        if (!check_params(desc->params, P, c.hidden, &s)) return s;
        memcpy(c.initial, desc->params, sizeof(double) * (size_t)P);
    } else {
        bp_default_params(c.hidden, c.initial, P);
    }
    memcpy(c.params, c.initial, sizeof c.params);
    return commit(net, &c);
}

/* ---------------------------------------------------------------- setters */

bp_status bp_set_data(bp_net *net, const double *xs, const double *ys, int n) {
    if (!net) return BP_ERR_NULL;
    bp_status s = check_data(xs, ys, n);
    if (s != BP_OK) return s;
    bp_net c = *net;
    c.n = n;
    memcpy(c.xs, xs, sizeof(double) * (size_t)n);
    memcpy(c.ys, ys, sizeof(double) * (size_t)n);
    c.ledger_ok = 0;
    return commit(net, &c);
}

bp_status bp_set_params(bp_net *net, const double *params, int count) {
    bp_status s;
    if (!net) return BP_ERR_NULL;
    if (!check_params(params, count, net->hidden, &s)) return s;
    bp_net c = *net;
    memcpy(c.params, params, sizeof(double) * (size_t)count);
    c.ledger_ok = 0;
    return commit(net, &c);
}

bp_status bp_set_initial_params(bp_net *net, const double *params, int count) {
    bp_status s;
    if (!net) return BP_ERR_NULL;
    if (!check_params(params, count, net->hidden, &s)) return s;
    bp_net c = *net;
    memcpy(c.initial, params, sizeof(double) * (size_t)count);
    memcpy(c.params, params, sizeof(double) * (size_t)count);
    c.steps = 0;
    c.ledger_ok = 0;
    return commit(net, &c);
}

bp_status bp_set_learning_rate(bp_net *net, double lr) {
    if (!net) return BP_ERR_NULL;
    if (!valid_lr(lr)) return BP_ERR_LEARNING_RATE;
    net->learning_rate = lr;
    return BP_OK;
}

bp_status bp_set_frozen(bp_net *net, const unsigned char *mask, int count) {
    if (!net || !mask) return BP_ERR_NULL;
    if (count != bp_param_count(net->hidden)) return BP_ERR_PARAM_COUNT;
    for (int i = 0; i < count; i++) net->frozen[i] = mask[i] != 0;
    return BP_OK;
}

bp_status bp_set_activation(bp_net *net, bp_activation a) {
    if (!net) return BP_ERR_NULL;
    if ((unsigned)a >= BP_ACTIVATION_COUNT) return BP_ERR_ACTIVATION;
    bp_net c = *net;
    c.activation = a;
    c.ledger_ok = 0;
    return commit(net, &c);
}

bp_status bp_set_hidden(bp_net *net, int hidden) {
    if (!net) return BP_ERR_NULL;
    if (hidden < 1 || hidden > BP_MAX_HIDDEN) return BP_ERR_HIDDEN;
    bp_net c = *net;
    c.hidden = hidden;
    bp_default_params(hidden, c.initial, bp_param_count(hidden));
    memcpy(c.params, c.initial, sizeof c.params);
    memset(c.frozen, 0, sizeof c.frozen);
    c.steps = 0;
    c.ledger_ok = 0;
    return commit(net, &c);
}

bp_status bp_randomize(bp_net *net, uint32_t seed) {
    if (!net) return BP_ERR_NULL;
    double p[BP_MAX_PARAMS];
    draw_params(net->hidden, seed, p);
    return bp_set_initial_params(net, p, bp_param_count(net->hidden));
}

bp_status bp_reset(bp_net *net) {
    if (!net) return BP_ERR_NULL;
    return bp_set_initial_params(net, net->initial, bp_param_count(net->hidden));
}

bp_status bp_set_steps(bp_net *net, long long steps) {
    if (!net) return BP_ERR_NULL;
    if (steps < 0 || steps > BP_MAX_STEP_COUNT) return BP_ERR_STEP_COUNT;
    net->steps = steps;
    return BP_OK;
}

/* ---------------------------------------------------------------- queries */

bp_status bp_ssr(bp_net *net, double *out) {
    if (!net || !out) return BP_ERR_NULL;
    if (!refresh(net)) return BP_ERR_OVERFLOW;
    *out = net->ssr;
    return BP_OK;
}

bp_status bp_gradients(bp_net *net, double *out, int count) {
    if (!net || !out) return BP_ERR_NULL;
    if (count != bp_param_count(net->hidden)) return BP_ERR_PARAM_COUNT;
    if (!refresh(net)) return BP_ERR_OVERFLOW;
    memcpy(out, net->grad, sizeof(double) * (size_t)count);
    return BP_OK;
}

/* The prediction for one input (any finite input; the result may overflow to ±inf). */
static double predict(const bp_net *net, const double *p, double in, double *contrib) {
    const int H = net->hidden;
    double pred = p[3 * H];
    for (int k = 0; k < H; k++) {
        double y, d;
        activate_one(net->activation, in * p[2 * k] + p[2 * k + 1], &y, &d);
        const double part = y * p[2 * H + k];
        if (contrib) contrib[k] = part;
        pred += part;
    }
    return pred;
}

bp_status bp_predict(const bp_net *net, double input, double *out) {
    if (!net || !out) return BP_ERR_NULL;
    if (!isfinite(input)) return BP_ERR_DATA;
    const double y = predict(net, net->params, input, NULL);
    if (!isfinite(y)) return BP_ERR_OVERFLOW;
    *out = y;
    return BP_OK;
}

bp_status bp_fd_gradients(const bp_net *net, double eps, double *out, int count) {
    if (!net || !out) return BP_ERR_NULL;
    if (!isfinite(eps) || !(eps > 0)) return BP_ERR_EPSILON;
    if (count != bp_param_count(net->hidden)) return BP_ERR_PARAM_COUNT;
    double p[BP_MAX_PARAMS], g[BP_MAX_PARAMS];
    memcpy(p, net->params, sizeof p);
    for (int j = 0; j < count; j++) {
        const double keep = p[j], h = eps * (fabs(keep) > 1 ? fabs(keep) : 1.0);
        if (!isfinite(keep + h) || !isfinite(keep - h) || !(keep + h > keep - h)) return BP_ERR_EPSILON;
        p[j] = keep + h;
        const double up = eval(net, p, NULL);
        p[j] = keep - h;
        const double down = eval(net, p, NULL);
        p[j] = keep;
        g[j] = (up - down) / ((keep + h) - (keep - h)); /* the step actually taken, after rounding */
        if (!isfinite(g[j])) return BP_ERR_OVERFLOW;
    }
    memcpy(out, g, sizeof(double) * (size_t)count);
    return BP_OK;
}

static int valid_interval(double lo, double hi) {
    return isfinite(lo) && isfinite(hi) && lo < hi && isfinite(hi - lo);
}

/* Sample q of m evenly spaced over [lo, hi], ends exact; the fraction first so nothing overflows. */
static double lerp(double lo, double hi, int q, int m) {
    return q == m - 1 ? hi : lo + (hi - lo) * ((double)q / (m - 1));
}

bp_status bp_ssr_grid_part(const bp_net *net, int i, int j, double a0, double a1, int nx,
                           double c0, double c1, int ny, int q0, int q1, int r0, int r1,
                           double *out, int cap) {
    if (!net || !out) return BP_ERR_NULL;
    const int P = bp_param_count(net->hidden);
    if (i < 0 || i >= P || j < -1 || j >= P || j == i) return BP_ERR_RANGE;
    if (nx < 2 || ny < 1 || (j < 0) != (ny == 1) || nx > BP_MAX_GRID / ny) return BP_ERR_RANGE;
    if (!valid_interval(a0, a1) || (j >= 0 && !valid_interval(c0, c1))) return BP_ERR_RANGE;
    if (q0 < 0 || q0 >= q1 || q1 > nx || r0 < 0 || r0 >= r1 || r1 > ny) return BP_ERR_RANGE;
    const int w = q1 - q0;
    if (cap < w * (r1 - r0)) return BP_ERR_CAPACITY;
    double p[BP_MAX_PARAMS];
    memcpy(p, net->params, sizeof p);
    for (int r = r0; r < r1; r++) {
        if (j >= 0) p[j] = lerp(c0, c1, r, ny);
        for (int q = q0; q < q1; q++) {
            p[i] = lerp(a0, a1, q, nx);
            const double ssr = eval(net, p, NULL);
            out[(r - r0) * w + (q - q0)] = isfinite(ssr) ? ssr : INFINITY;
        }
    }
    return BP_OK;
}

bp_status bp_ssr_grid(const bp_net *net, int i, int j, double a0, double a1, int nx,
                      double c0, double c1, int ny, double *out, int cap) {
    return bp_ssr_grid_part(net, i, j, a0, a1, nx, c0, c1, ny, 0, nx, 0, ny, out, cap);
}

/* --------------------------------------------------------------- training */

bp_status bp_train(bp_net *net, int steps, double *ssr_out) {
    if (!net) return BP_ERR_NULL;
    if (!refresh(net)) return BP_ERR_OVERFLOW;
    if (ssr_out) *ssr_out = net->ssr;
    if (steps < 0 || steps > BP_MAX_STEPS) return BP_ERR_STEPS;
    const int P = bp_param_count(net->hidden);
    const double lr = net->learning_rate;
    /* Three buffers each for parameters and gradients, rotated (previous, current, candidate)
       after every applied step: nothing is copied per step, a refused candidate overwrites
       nothing, and the previous step is still at hand for the ledger. */
    double p[3][BP_MAX_PARAMS], g[3][BP_MAX_PARAMS], ssr = net->ssr, prev_ssr = ssr;
    memcpy(p[0], net->params, sizeof(double) * (size_t)P);
    memcpy(g[0], net->grad, sizeof(double) * (size_t)P);
    int prev = 2, cur = 0, cand = 1, applied = 0;
    bp_status status = BP_OK;
    for (; applied < steps; applied++) {
        const double *old = p[cur], *grad = g[cur];
        double *next = p[cand], *next_grad = g[cand];
        /* One test for all: x * 0 is 0 for every finite x and NaN for ±inf and NaN. */
        double nonfinite = 0.0;
        for (int j = 0; j < P; j++) { /* step size = derivative * learning rate; new = old - step size */
            next[j] = net->frozen[j] ? old[j] : old[j] - grad[j] * lr;
            nonfinite += next[j] * 0.0;
        }
        const double next_ssr = eval(net, next, next_grad);
        nonfinite += next_ssr * 0.0;
        for (int j = 0; j < P; j++) nonfinite += next_grad[j] * 0.0;
        if (nonfinite != 0.0) { status = BP_ERR_DIVERGED; break; }
        prev_ssr = ssr;
        ssr = next_ssr;
        const int t = prev;
        prev = cur, cur = cand, cand = t;
    }
    if (applied > 0) { /* the ledger keeps the last applied step: p[prev] -> p[cur] */
        for (int j = 0; j < P; j++) {
            net->ledger[0][j] = p[prev][j];
            net->ledger[1][j] = g[prev][j];
            net->ledger[2][j] = net->frozen[j] ? 0.0 : g[prev][j] * lr;
            net->ledger[3][j] = p[cur][j];
        }
        net->ledger_ssr[0] = prev_ssr;
        net->ledger_ssr[1] = ssr;
        net->ledger_ok = 1;
        memcpy(net->params, p[cur], sizeof(double) * (size_t)P);
        memcpy(net->grad, g[cur], sizeof(double) * (size_t)P);
        net->ssr = ssr;
        /* the count stops at BP_MAX_STEP_COUNT (a JavaScript number holds it exactly) */
        net->steps = net->steps > BP_MAX_STEP_COUNT - applied ? BP_MAX_STEP_COUNT : net->steps + applied;
    }
    if (ssr_out) *ssr_out = net->ssr;
    return status;
}

bp_status bp_step(bp_net *net) { return bp_train(net, 1, NULL); }

bp_status bp_ledger(const bp_net *net, double *out, int cap) {
    if (!net || !out) return BP_ERR_NULL;
    const int P = bp_param_count(net->hidden);
    if (cap < 4 * P + 2) return BP_ERR_CAPACITY;
    for (int r = 0; r < 4; r++)
        for (int j = 0; j < P; j++) out[r * P + j] = net->ledger_ok ? net->ledger[r][j] : NAN;
    for (int k = 0; k < 2; k++) out[4 * P + k] = net->ledger_ok ? net->ledger_ssr[k] : NAN;
    return BP_OK;
}

/* ------------------------------------------------------------------ trace */

int bp_trace_size(int hidden, int n) {
    if (hidden < 1 || hidden > BP_MAX_HIDDEN || n < 1 || n > BP_MAX_POINTS) return 0;
    const int P = bp_param_count(hidden);
    return n * (5 + 3 * hidden) + n * P * 5 + P;
}

bp_status bp_trace(bp_net *net, double *out, int cap) {
    if (!net || !out) return BP_ERR_NULL;
    const int H = net->hidden, P = bp_param_count(H), N = net->n;
    if (cap < bp_trace_size(H, N)) return BP_ERR_CAPACITY;
    if (!refresh(net)) return BP_ERR_OVERFLOW;
    const double *p = net->params, *v = p + 2 * H;
    double *chain = out + N * (5 + 3 * H), *grad = chain + N * P * 5;
    for (int j = 0; j < P; j++) grad[j] = 0.0;
    for (int i = 0; i < N; i++) {
        double *rec = out + i * (5 + 3 * H), *x = rec + 5, *y = x + H, *d = y + H;
        const double in = net->xs[i];
        double pred = p[3 * H];
        for (int k = 0; k < H; k++) {
            x[k] = in * p[2 * k] + p[2 * k + 1];
            activate_one(net->activation, x[k], &y[k], &d[k]);
            pred += y[k] * v[k];
        }
        const double r = net->ys[i] - pred, dpred = -2.0 * r;
        rec[0] = in, rec[1] = net->ys[i], rec[2] = pred, rec[3] = r, rec[4] = dpred;
        double *c = chain + i * P * 5;
        for (int j = 0; j < P; j++, c += 5) {
            c[0] = dpred;
            if (j < 2 * H) {                      /* hidden: dSSR/dpred * v_k * f'(x_k) * dx/dθ */
                const int k = j / 2;
                c[1] = v[k], c[2] = d[k], c[3] = (j % 2 == 0) ? in : 1.0;
                c[4] = dpred * v[k] * d[k] * c[3]; /* same order as eval_with: identical sums */
            } else {                              /* output: dSSR/dpred * (y_k or 1) */
                c[1] = j < 3 * H ? y[j - 2 * H] : 1.0, c[2] = 1.0, c[3] = 1.0;
                c[4] = dpred * c[1];
            }
            grad[j] += c[4];
        }
    }
    return BP_OK;
}

/* ------------------------------------------------------------------ curve */

bp_status bp_curve_check(const bp_net *net, double x0, double x1, int m, int cap) {
    if (!net) return BP_ERR_NULL;
    if (m < 2 || m > BP_MAX_CURVE || !valid_interval(x0, x1)) return BP_ERR_RANGE;
    if (cap < (2 + net->hidden) * m) return BP_ERR_CAPACITY;
    return BP_OK;
}

bp_status bp_curve(const bp_net *net, double x0, double x1, int m, double *out, int cap) {
    if (!out) return BP_ERR_NULL;
    bp_status s = bp_curve_check(net, x0, x1, m, cap);
    if (s != BP_OK) return s;
    const int H = net->hidden;
    double contrib[BP_MAX_HIDDEN];
    for (int i = 0; i < m; i++) {
        const double in = lerp(x0, x1, i, m);
        out[i] = in;
        out[m + i] = predict(net, net->params, in, contrib);
        for (int k = 0; k < H; k++) out[(2 + k) * m + i] = contrib[k];
    }
    return BP_OK;
}
