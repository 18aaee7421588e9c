/*
 * backprop.h: a neural network small enough to understand completely.
 *
 * The model (for H hidden neurons, k = 1..H, one input, one output):
 *
 *     x_k       = input * w_k + b_k              hidden neuron k, before activation
 *     y_k       = f(x_k)                         f = softplus (default), relu, sigmoid or tanh
 *     predicted = sum_k y_k * v_k + c            linear output
 *     SSR       = sum_i (observed_i - predicted_i)^2
 *
 * For H = 2 these are the article's names: w1, b1 (top neuron), w2, b2 (bottom neuron),
 * w3 = v_1, w4 = v_2 (output weights) and b3 = c (output bias).
 *
 * Parameter order, everywhere (arrays, masks, gradients, traces):
 *
 *     [w_1, b_1, w_2, b_2, ..., w_H, b_H, v_1, ..., v_H, c]     3H + 1 numbers
 *     H = 2: [w1, b1, w2, b2, w3, w4, b3]
 *
 * Gradients by the chain rule, per data point, summed over points:
 *
 *     dSSR/dpredicted = -2 (observed - predicted)
 *     dSSR/dw_k = dSSR/dpredicted * v_k * f'(x_k) * input
 *     dSSR/db_k = dSSR/dpredicted * v_k * f'(x_k) * 1
 *     dSSR/dv_k = dSSR/dpredicted * y_k
 *     dSSR/dc   = dSSR/dpredicted * 1
 *
 * Update (plain full-batch gradient descent, frozen parameters skipped):
 *
 *     step size = derivative * learning rate;   new = old - step size
 *
 * Usage:
 *
 *     bp_net net;
 *     bp_init(&net, &(bp_desc){0});          // zero means default: the dosage example
 *     double ssr;
 *     bp_status s = bp_train(&net, 1000, &ssr);
 *     if (s != BP_OK) puts(bp_status_message(s));
 *
 * Invariant: after every call that returns BP_OK, the parameters, the SSR and every gradient
 * are finite. A setter whose result would break it changes nothing and returns BP_ERR_OVERFLOW;
 * a training step that would break it is not applied and bp_train returns BP_ERR_DIVERGED.
 *
 * All state lives in bp_net; nothing is allocated. The core knows nothing of WebAssembly.
 */
#ifndef BACKPROP_H
#define BACKPROP_H

#include <stdint.h>

#define BP_MAX_HIDDEN 8
#define BP_MAX_PARAMS (3 * BP_MAX_HIDDEN + 1)
#define BP_MAX_POINTS 1024
#define BP_MAX_STEPS 1000000       /* per bp_train call */
#define BP_MAX_CURVE 4096          /* samples per bp_curve call */
#define BP_MAX_VALUE 1e6           /* largest |input| or |observed| accepted as data */
#define BP_MAX_LEARNING_RATE 1e6
#define BP_MAX_STEP_COUNT 9007199254740992LL /* 2^53: the largest step count a JavaScript number holds exactly */

typedef enum bp_activation {
    BP_SOFTPLUS = 0,
    BP_RELU,
    BP_SIGMOID,
    BP_TANH,
    BP_ACTIVATION_COUNT
} bp_activation;

typedef enum bp_status {
    BP_OK = 0,
    BP_ERR_NULL,            /* a required pointer was NULL */
    BP_ERR_HIDDEN,          /* hidden neuron count outside 1..BP_MAX_HIDDEN */
    BP_ERR_POINTS,          /* data point count outside 1..BP_MAX_POINTS */
    BP_ERR_ACTIVATION,      /* unknown activation */
    BP_ERR_DATA,            /* a data value is not finite or too large */
    BP_ERR_PARAM,           /* a parameter value is not finite */
    BP_ERR_PARAM_COUNT,     /* parameter array length is not 3H + 1 */
    BP_ERR_LEARNING_RATE,   /* learning rate not finite, not positive or too large */
    BP_ERR_STEPS,           /* step count negative or above BP_MAX_STEPS */
    BP_ERR_CAPACITY,        /* output buffer too small */
    BP_ERR_RANGE,           /* bad sample count or interval */
    BP_ERR_EPSILON,         /* finite-difference step not finite or not positive */
    BP_ERR_OVERFLOW,        /* the SSR or a gradient would not be finite */
    BP_ERR_DIVERGED,        /* a training step would have made numbers non-finite */
    BP_ERR_SEED,            /* seed not a whole number from 0 to 2^32 - 1 (from JavaScript) */
    BP_ERR_STEP_COUNT,      /* step count to set not a whole number from 0 to BP_MAX_STEP_COUNT */
    BP_STATUS_COUNT
} bp_status;

/* Setup: a zero field means "use the default" (sokol style). */
typedef struct bp_desc {
    int hidden;                   /* 0 -> 2 */
    bp_activation activation;     /* 0 -> softplus */
    double learning_rate;         /* 0 -> 0.1 */
    int n;                        /* 0 -> the dosage data below; else xs, ys hold n points */
    const double *xs, *ys;
    const double *params;         /* NULL -> bp_default_params for this H */
} bp_desc;

/* The whole network, its data and its training state. Copyable by value. */
typedef struct bp_net {
    int hidden;                        /* H */
    int n;                             /* data points */
    bp_activation activation;
    double learning_rate;
    long long steps;                   /* gradient steps applied since the last reset (at most BP_MAX_STEP_COUNT) */
    double params[BP_MAX_PARAMS];      /* current parameters, order above */
    double initial[BP_MAX_PARAMS];     /* what bp_reset returns to */
    unsigned char frozen[BP_MAX_PARAMS];
    double xs[BP_MAX_POINTS];          /* inputs */
    double ys[BP_MAX_POINTS];          /* observed */
    /* cache: SSR and gradient at the current parameters (valid when cache_ok) */
    int cache_ok;
    double ssr;
    double grad[BP_MAX_PARAMS];
    /* the last applied step, for a ledger: old value, derivative, step size, new value; the SSR
       before and after it */
    int ledger_ok;
    double ledger[4][BP_MAX_PARAMS];
    double ledger_ssr[2];
} bp_net;

/* Number of parameters for H hidden neurons: 3H + 1. */
static inline int bp_param_count(int hidden) { return 3 * hidden + 1; }

/* Doubles bp_ledger writes for H hidden neurons: 4 (3H + 1) + 2. */
static inline int bp_ledger_size(int hidden) { return 4 * bp_param_count(hidden) + 2; }

/* The classic example: dosage 0, 0.5, 1 -> efficacy 0, 1, 0. */
extern const double bp_dosage_xs[3], bp_dosage_ys[3];

/* Turn any status into a sentence. Never NULL. */
const char *bp_status_message(bp_status status);
/* Name of an activation ("softplus", ...), or NULL when out of range. */
const char *bp_activation_name(bp_activation a);

/* Set up a network from a description (see bp_desc for defaults). */
bp_status bp_init(bp_net *net, const bp_desc *desc);
/* Default initial parameters for H: the article's for H = 2, else a fixed seeded draw. */
bp_status bp_default_params(int hidden, double *out, int count);

/* Setters. Each validates everything first and changes nothing on error. */
bp_status bp_set_data(bp_net *net, const double *xs, const double *ys, int n);
bp_status bp_set_params(bp_net *net, const double *params, int count);          /* current only */
bp_status bp_set_initial_params(bp_net *net, const double *params, int count);  /* and reset */
bp_status bp_set_learning_rate(bp_net *net, double lr);
bp_status bp_set_frozen(bp_net *net, const unsigned char *mask, int count);    /* 1 = frozen */
bp_status bp_set_activation(bp_net *net, bp_activation a);
/* Change H: parameters become bp_default_params(H), nothing frozen, step count 0. */
bp_status bp_set_hidden(bp_net *net, int hidden);
/* Draw initial parameters from a seed (same seed, same numbers, everywhere) and reset. */
bp_status bp_randomize(bp_net *net, uint32_t seed);
/* Back to the initial parameters; step count 0. */
bp_status bp_reset(bp_net *net);
/* Set the step count (restoring a saved state: the steps that led to the current parameters);
   nothing else changes. 0 to BP_MAX_STEP_COUNT. */
bp_status bp_set_steps(bp_net *net, long long steps);

/* Queries at the current parameters. */
bp_status bp_ssr(bp_net *net, double *out);
bp_status bp_gradients(bp_net *net, double *out, int count);                    /* dSSR/dθ, all */
bp_status bp_predict(const bp_net *net, double input, double *out);
/* Central finite differences of the SSR, step eps * max(1, |θ|), for every parameter. */
bp_status bp_fd_gradients(const bp_net *net, double eps, double *out, int count);

/* Training: one step, or `steps` steps; *ssr_out (may be NULL) gets the SSR after the last
   applied step (the current SSR when no step was applied, also on BP_ERR_STEPS).
   On BP_ERR_DIVERGED the parameters are those before the offending step. */
bp_status bp_step(bp_net *net);
bp_status bp_train(bp_net *net, int steps, double *ssr_out);

/* The last applied step, 4 x (3H+1) + 2 values: old values, derivatives, step sizes, new values,
   then the SSR before the step (at the old values) and after it (at the new). Frozen parameters
   show derivative as computed, step size 0 and new = old. All NaN before any step. */
bp_status bp_ledger(const bp_net *net, double *out, int cap);

/*
 * Chain-rule trace at the current parameters, written flat into out (cap doubles):
 *
 *   per point i (N records of 5 + 3H):
 *       input, observed, predicted, residual (observed - predicted), dSSR/dpredicted,
 *       x_1..x_H, y_1..y_H, f'(x_1)..f'(x_H)
 *   then per point i, per parameter j (N * (3H+1) records of 5):
 *       dSSR/dpredicted, dpredicted/dy (or dpredicted/dθ), dy/dx, dx/dθ, product
 *       For output parameters (v_k, c) the chain has two factors, dSSR/dpredicted and
 *       dpredicted/dθ (y_k or 1); slots 3 and 4 hold 1 so the product stays the product.
 *   then the gradient: 3H + 1 sums of the products over points.
 */
int bp_trace_size(int hidden, int n);
bp_status bp_trace(bp_net *net, double *out, int cap);

/*
 * Curve samples for drawing: m inputs evenly spaced over [x0, x1] (m >= 2, x0 < x1):
 *   out = [inputs m][predicted m][contribution of neuron 1, m]...[neuron H, m]
 * where a neuron's contribution is y_k * v_k. Needs (2 + H) * m doubles.
 */
bp_status bp_curve(const bp_net *net, double x0, double x1, int m, double *out, int cap);
/* The argument checks of bp_curve alone, so a caller can refuse a request before doing work. */
bp_status bp_curve_check(const bp_net *net, double x0, double x1, int m, int cap);

/*
 * Loss landscape: the SSR with parameter i swept over [a0, a1] (nx samples) and parameter j over
 * [c0, c1] (ny samples), every other parameter at its current value; the net is not changed.
 *   out[r * nx + q] = SSR at θ_i = a0 + (a1 - a0) q / (nx - 1), θ_j = c0 + (c1 - c0) r / (ny - 1)
 * For a 1-D slice pass j = -1 and ny = 1 (c0, c1 ignored). Values that overflow are +inf.
 */
#define BP_MAX_GRID 65536
bp_status bp_ssr_grid(const bp_net *net, int i, int j, double a0, double a1, int nx,
                      double c0, double c1, int ny, double *out, int cap);
/*
 * One block of that grid, columns q0 <= q < q1 and rows r0 <= r < r1, equal bit for bit to the
 * same cells of the whole grid, so a grid can be computed a piece at a time:
 *   out[(r - r0) * (q1 - q0) + (q - q0)] = the whole grid's out[r * nx + q]
 * Needs (q1 - q0) * (r1 - r0) doubles; an empty or out-of-range block is BP_ERR_RANGE.
 */
bp_status bp_ssr_grid_part(const bp_net *net, int i, int j, double a0, double a1, int nx,
                           double c0, double c1, int ny, int q0, int q1, int r0, int r1,
                           double *out, int cap);

/* An activation and its derivative at a finite x (else BP_ERR_DATA), for tests and plots. */
bp_status bp_activate(bp_activation a, double x, double *y, double *dydx);

#endif
