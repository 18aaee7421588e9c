/*
 * fuzz.c: libFuzzer harness for the C core (src/backprop.h).
 *
 * Each input is a script: a byte picks an entry point, the bytes after it become its arguments
 * (ints and doubles, with NaN, infinities, subnormals, edge counts and any bit pattern). The
 * script runs on one net that starts at the defaults. After every call the harness checks the
 * core's promises and aborts, with the reason, on a violation:
 *   - every status is a known code with a non-empty message;
 *   - the net always holds the invariant: parameters finite, bp_ssr and bp_gradients succeed
 *     with finite values (so in particular after every call that returned BP_OK);
 *   - a call that fails (other than a training run that diverged part way) leaves the net byte
 *     for byte as it was, and queries never change it;
 *   - a successful call did what it says (stored values, the update rule new = old - lr * grad,
 *     frozen parameters unmoved, the ledger, outputs written within their capacity only).
 *
 * Build: tests/native.mk (clang -fsanitize=fuzzer,address,undefined). With -DFUZZ_MAIN it is a
 * plain program that replays the files named on its command line (for gcc, valgrind, gdb).
 * Seeds: tests/fuzz-corpus/, small scripts in this encoding (one byte per operation, see run_op).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backprop.h"

#define MAX_P BP_MAX_PARAMS
#define TRACE_MAX (BP_MAX_POINTS * (5 + 3 * BP_MAX_HIDDEN) + BP_MAX_POINTS * MAX_P * 5 + MAX_P)
#define OUT_MAX (TRACE_MAX > BP_MAX_GRID ? TRACE_MAX : BP_MAX_GRID)
#define WORK_BUDGET 100000L /* activations evaluated per input, so every input runs quickly */

/* Report a broken promise and stop (libFuzzer saves the input). */
static void violated(const char *what, int line) {
    fprintf(stderr, "fuzz.c:%d: invariant violated: %s\n", line, what);
    abort();
}
#define NEED(cond) ((cond) ? (void)0 : violated(#cond, __LINE__))

/* ----------------------------------------------------------- decoding */

typedef struct script {
    const uint8_t *p;
    size_t left;
    long work; /* budget left, in activations evaluated */
} script;

/* Next byte, or 0 once the script is used up. */
static uint8_t take_byte(script *s) {
    if (!s->left) return 0;
    s->left--;
    return *s->p++;
}

/* Next `bytes` bytes as a little-endian number. */
static uint64_t take_bits(script *s, int bytes) {
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++) v |= (uint64_t)take_byte(s) << (8 * i);
    return v;
}

static const int edge_ints[] = {INT32_MIN,
                                INT32_MAX,
                                -1,
                                0,
                                1,
                                2,
                                3,
                                7,
                                8,
                                9,
                                24,
                                25,
                                26,
                                BP_MAX_POINTS - 1,
                                BP_MAX_POINTS,
                                BP_MAX_POINTS + 1,
                                BP_MAX_CURVE,
                                BP_MAX_CURVE + 1,
                                BP_MAX_GRID,
                                BP_MAX_GRID + 1,
                                BP_MAX_STEPS,
                                BP_MAX_STEPS + 1,
                                256,
                                257,
                                65535};

/* An int: mostly small (the valid ranges and just outside), sometimes an edge, sometimes any. */
static int take_int(script *s) {
    const uint8_t t = take_byte(s);
    if (t < 160) return (int)t - 16;
    if (t < 224) return edge_ints[(t - 160) % (int)(sizeof edge_ints / sizeof edge_ints[0])];
    return (int)(int32_t)(uint32_t)take_bits(s, 4);
}

static const double edge_doubles[] = {0.0,
                                      -0.0,
                                      1.0,
                                      -1.0,
                                      0.5,
                                      -0.5,
                                      0.1,
                                      2.0,
                                      1e-6,
                                      1e-3,
                                      1e3,
                                      1e4,
                                      BP_MAX_VALUE,
                                      -BP_MAX_VALUE,
                                      1000000.0000000001,
                                      -1000000.0000000001,
                                      BP_MAX_LEARNING_RATE,
                                      1e300,
                                      -1e300,
                                      1e308,
                                      -1e308,
                                      1.7976931348623157e308,
                                      2.2250738585072014e-308,
                                      4.9406564584124654e-324,
                                      -4.9406564584124654e-324,
                                      1e-310,
                                      40.0,
                                      -40.0,
                                      745.5,
                                      -745.5,
                                      710.0,
                                      -710.0,
                                      0x1p-1074,
                                      1e-300};

/* A double: an edge value, a small number with 1/256 steps, or any bit pattern (NaN, inf, ...). */
static double take_double(script *s) {
    const uint8_t t = take_byte(s);
    if (t < 48) return edge_doubles[t % (int)(sizeof edge_doubles / sizeof edge_doubles[0])];
    if (t == 48) return NAN;
    if (t == 49) return INFINITY;
    if (t == 50) return -INFINITY;
    if (t < 192) return (double)(int16_t)take_bits(s, 2) / 256.0;
    const uint64_t bits = take_bits(s, 8);
    double d;
    memcpy(&d, &bits, sizeof d);
    return d;
}

/* A count or size: usually the right one for the net (even byte), else any int. */
static int take_count(script *s, int right) { return (take_byte(s) & 1) ? take_int(s) : right; }

/* ------------------------------------------------------------- checks */

/* Whether all n values are finite. */
static int finite_all(const double *a, int n) {
    for (int i = 0; i < n; i++)
        if (!isfinite(a[i])) return 0;
    return 1;
}

/* Every status: a known code with a non-empty sentence. */
static void check_status(bp_status st) {
    NEED((unsigned)st < BP_STATUS_COUNT);
    const char *m = bp_status_message(st);
    NEED(m != NULL && m[0] != '\0');
}

/* The invariant: a well-formed net whose parameters, SSR and gradients are finite. */
static void check_net(bp_net *net) {
    NEED(net->hidden >= 1 && net->hidden <= BP_MAX_HIDDEN);
    NEED(net->n >= 1 && net->n <= BP_MAX_POINTS);
    NEED((unsigned)net->activation < BP_ACTIVATION_COUNT);
    NEED(isfinite(net->learning_rate) && net->learning_rate > 0 && net->learning_rate <= BP_MAX_LEARNING_RATE);
    NEED(net->steps >= 0 && net->steps <= BP_MAX_STEP_COUNT);
    const int P = bp_param_count(net->hidden);
    NEED(finite_all(net->params, P) && finite_all(net->initial, P));
    for (int i = 0; i < net->n; i++) NEED(fabs(net->xs[i]) <= BP_MAX_VALUE && fabs(net->ys[i]) <= BP_MAX_VALUE);
    double ssr = NAN, g[MAX_P];
    NEED(bp_ssr(net, &ssr) == BP_OK && isfinite(ssr) && ssr >= 0);
    NEED(bp_gradients(net, g, P) == BP_OK && finite_all(g, P));
}

/* Fill an output buffer with a marker, to see later what a call wrote. */
static void mark(double *a, int n) {
    for (int i = 0; i < n; i++) a[i] = -7.25e-77;
}

/* Whether a buffer still holds only the marker. */
static int marked(const double *a, int n) {
    for (int i = 0; i < n; i++)
        if (a[i] != -7.25e-77) return 0;
    return 1;
}

/* Spend budget for `cost` activations; 0 when there is not enough left (the call is skipped). */
static int afford(script *s, long cost) {
    if (cost > s->work) return 0;
    s->work -= cost;
    return 1;
}

/* --------------------------------------------------------- operations */

static double params_in[MAX_P], xs_in[BP_MAX_POINTS], ys_in[BP_MAX_POINTS], out[OUT_MAX + 16];
static unsigned char mask_in[MAX_P];

/* Read `count` parameters (as many as the buffer holds: the core reads only valid counts). */
static void take_params(script *s, int count) {
    for (int j = 0; j < count && j < MAX_P; j++) params_in[j] = take_double(s);
}

/* Read n data points, when n is a count the core could accept. */
static void take_data(script *s, int n) {
    for (int i = 0; i < n && i < BP_MAX_POINTS; i++) xs_in[i] = take_double(s), ys_in[i] = take_double(s);
}

/* A data point count: usually small, else any int. */
static int take_points(script *s) {
    const uint8_t t = take_byte(s);
    return (t & 1) ? take_int(s) : 1 + (t >> 1) % 24;
}

/* Train and check the update rule, the step count, frozen parameters and the ledger. */
static bp_status op_train(bp_net *net, script *s, int k, int single) {
    const int P = bp_param_count(net->hidden);
    double old[MAX_P], g[MAX_P], ssr_out = NAN, L[4 * MAX_P + 2];
    if (k >= 0 && k <= BP_MAX_STEPS) {
        const long per = (long)net->n * net->hidden;
        if (!afford(s, (long)k * per)) k = (int)(s->work / per), s->work -= (long)k * per;
    }
    memcpy(old, net->params, sizeof old);
    double ssr_before = NAN;
    NEED(bp_gradients(net, g, P) == BP_OK && bp_ssr(net, &ssr_before) == BP_OK);
    const long long steps0 = net->steps;
    const double lr = net->learning_rate;
    const bp_status st = single ? bp_step(net) : bp_train(net, k, &ssr_out);
    if (single) k = 1;
    for (int j = 0; j < P; j++)
        if (net->frozen[j]) NEED(net->params[j] == old[j]);
    if (st == BP_OK || st == BP_ERR_DIVERGED) {
        long long applied = net->steps - steps0;
        if (steps0 > BP_MAX_STEP_COUNT - k) { /* the count stops at BP_MAX_STEP_COUNT: it cannot tell */
            NEED(net->steps >= steps0 && (net->steps == BP_MAX_STEP_COUNT || net->steps - steps0 == k));
            if (st == BP_OK) applied = k;
            else return st;
        }
        NEED(st == BP_OK ? applied == k : applied >= 0 && applied < k);
        double now = NAN;
        NEED(bp_ssr(net, &now) == BP_OK && (single || ssr_out == now));
        if (applied == 1 && st == BP_OK)
            for (int j = 0; j < P; j++) NEED(net->params[j] == (net->frozen[j] ? old[j] : old[j] - g[j] * lr));
        if (applied > 0) {
            NEED(bp_ledger(net, L, bp_ledger_size(net->hidden)) == BP_OK);
            NEED(L[4 * P + 1] == now);
            if (applied == 1) {
                NEED(L[4 * P] == ssr_before);
            } else { /* the SSR before the last step is the SSR at its old values, bit for bit */
                static bp_net at_old;
                at_old = *net;
                double s_old = NAN;
                NEED(bp_set_params(&at_old, L, P) == BP_OK && bp_ssr(&at_old, &s_old) == BP_OK && s_old == L[4 * P]);
            }
            for (int j = 0; j < P; j++) {
                NEED(L[3 * P + j] == net->params[j]);
                NEED(L[2 * P + j] == (net->frozen[j] ? 0.0 : L[P + j] * lr));
                NEED(L[3 * P + j] == L[j] - L[2 * P + j]);
            }
        }
        if (applied == 0) NEED(memcmp(old, net->params, sizeof old) == 0);
    }
    return st;
}

/* bp_init from a description decoded from the script. */
static bp_status op_init(bp_net *net, script *s) {
    const uint8_t flags = take_byte(s);
    bp_desc d = {0};
    if (flags & 1) d.hidden = take_int(s);
    if (flags & 2) d.activation = (bp_activation)take_int(s);
    if (flags & 4) d.learning_rate = take_double(s);
    if (flags & 8) {
        d.n = take_points(s);
        take_data(s, d.n);
        d.xs = (flags & 32) ? NULL : xs_in;
        d.ys = (flags & 64) ? NULL : ys_in;
    }
    if (flags & 16) {
        const int H = d.hidden >= 1 && d.hidden <= BP_MAX_HIDDEN ? d.hidden : 2;
        take_params(s, bp_param_count(H));
        d.params = params_in;
    }
    const bp_status st = bp_init(net, &d);
    if (st == BP_OK) {
        NEED(net->hidden == (d.hidden ? d.hidden : 2) && net->activation == d.activation && net->steps == 0);
        NEED(net->learning_rate == (d.learning_rate != 0 ? d.learning_rate : 0.1));
        if (d.n) NEED(net->n == d.n && memcmp(net->xs, d.xs, sizeof(double) * (size_t)d.n) == 0 &&
                      memcmp(net->ys, d.ys, sizeof(double) * (size_t)d.n) == 0);
        if (d.params) NEED(memcmp(net->params, d.params, sizeof(double) * (size_t)bp_param_count(net->hidden)) == 0);
    }
    return st;
}

/* The rarely used entry points: messages, names, default parameters, trace sizes. */
static void op_misc(script *s) {
    const int a = take_int(s), b = take_int(s);
    const char *m = bp_status_message((bp_status)a);
    NEED(m != NULL && m[0] != '\0');
    const char *name = bp_activation_name((bp_activation)a);
    NEED((name != NULL) == (a >= 0 && a < BP_ACTIVATION_COUNT));
    const int size = bp_trace_size(a, b);
    if (a >= 1 && a <= BP_MAX_HIDDEN && b >= 1 && b <= BP_MAX_POINTS)
        NEED(size == b * (5 + 3 * a) + b * bp_param_count(a) * 5 + bp_param_count(a));
    else
        NEED(size == 0);
    double d[MAX_P + 4];
    mark(d, MAX_P + 4);
    const int count = take_count(s, a >= 1 && a <= BP_MAX_HIDDEN ? bp_param_count(a) : 7);
    const bp_status st = bp_default_params(a, d, count);
    check_status(st);
    if (st == BP_OK)
        NEED(finite_all(d, count) && marked(d + count, MAX_P + 4 - count));
    else
        NEED(marked(d, MAX_P + 4));
}

/* Pass NULL for one pointer of one entry point: always BP_ERR_NULL. */
static void op_nulls(bp_net *net, script *s) {
    double x, buf[4 * MAX_P];
    const unsigned char m[MAX_P] = {0};
    const int P = bp_param_count(net->hidden);
    bp_status st;
    switch (take_byte(s) % 25) {
    case 0: st = bp_init(NULL, &(bp_desc){0}); break;
    case 1: st = bp_init(net, NULL); break;
    case 2: st = bp_set_data(net, NULL, ys_in, 1); break;
    case 3: st = bp_set_data(net, xs_in, NULL, 1); break;
    case 4: st = bp_set_params(net, NULL, P); break;
    case 5: st = bp_set_initial_params(net, NULL, P); break;
    case 6: st = bp_set_learning_rate(NULL, 0.1); break;
    case 7: st = bp_set_frozen(net, NULL, P); break;
    case 8: st = bp_set_frozen(NULL, m, P); break;
    case 9: st = bp_set_activation(NULL, BP_RELU); break;
    case 10: st = bp_set_hidden(NULL, 2); break;
    case 11: st = bp_randomize(NULL, 7); break;
    case 12: st = bp_reset(NULL); break;
    case 13: st = bp_ssr(net, NULL); break;
    case 14: st = bp_gradients(net, NULL, P); break;
    case 15: st = bp_predict(net, 0.5, NULL); break;
    case 16: st = bp_fd_gradients(net, 1e-6, NULL, P); break;
    case 17: st = bp_train(NULL, 1, &x); break;
    case 18: st = bp_ledger(net, NULL, bp_ledger_size(net->hidden)); break;
    case 19: st = bp_trace(net, NULL, TRACE_MAX); break;
    case 20: st = bp_curve(net, 0, 1, 2, NULL, 64); break;
    case 21: st = bp_ssr_grid(net, 0, -1, 0, 1, 2, 0, 1, 1, NULL, 2); break;
    case 22: st = bp_activate(BP_SOFTPLUS, 0, NULL, buf); break;
    case 23: st = bp_set_steps(NULL, 0); break;
    default: st = bp_default_params(2, NULL, 7); break;
    }
    NEED(st == BP_ERR_NULL);
}

enum {
    OP_INIT,
    OP_SET_DATA,
    OP_SET_PARAMS,
    OP_SET_INITIAL,
    OP_SET_LR,
    OP_SET_FROZEN,
    OP_SET_ACTIVATION,
    OP_SET_HIDDEN,
    OP_RANDOMIZE,
    OP_RESET,
    OP_SSR,
    OP_GRADIENTS,
    OP_PREDICT,
    OP_FD,
    OP_STEP,
    OP_TRAIN,
    OP_LEDGER,
    OP_TRACE,
    OP_CURVE,
    OP_CURVE_CHECK,
    OP_GRID,
    OP_ACTIVATE,
    OP_MISC,
    OP_NULLS,
    OP_SET_STEPS,
    OP_COUNT
};

/* Run one operation from the script and check what it promised. */
static void run_op(bp_net *net, script *s) {
    static bp_net before;
    memcpy(&before, net, sizeof before);
    const int op = take_byte(s) % OP_COUNT;
    const int H = net->hidden, P = bp_param_count(H), N = net->n;
    int query = 0; /* a query never changes the net, whatever its status */
    bp_status st = BP_OK;
    switch (op) {
    case OP_INIT: st = op_init(net, s); break;
    case OP_SET_DATA: {
        const int n = take_points(s);
        take_data(s, n);
        st = bp_set_data(net, xs_in, ys_in, n);
        if (st == BP_OK) NEED(net->n == n && memcmp(net->xs, xs_in, sizeof(double) * (size_t)n) == 0 &&
                              memcmp(net->ys, ys_in, sizeof(double) * (size_t)n) == 0);
        break;
    }
    case OP_SET_PARAMS:
    case OP_SET_INITIAL: {
        const int count = take_count(s, P);
        take_params(s, count);
        st = op == OP_SET_PARAMS ? bp_set_params(net, params_in, count) : bp_set_initial_params(net, params_in, count);
        if (st == BP_OK) NEED(memcmp(net->params, params_in, sizeof(double) * (size_t)P) == 0);
        if (st == BP_OK && op == OP_SET_INITIAL)
            NEED(net->steps == 0 && memcmp(net->initial, params_in, sizeof(double) * (size_t)P) == 0);
        break;
    }
    case OP_SET_LR: {
        const double lr = take_double(s);
        st = bp_set_learning_rate(net, lr);
        if (st == BP_OK) NEED(net->learning_rate == lr);
        break;
    }
    case OP_SET_FROZEN: {
        const int count = take_count(s, P);
        const uint8_t bits = take_byte(s);
        for (int j = 0; j < MAX_P; j++) mask_in[j] = (bits >> (j % 8)) & 1 ? (uint8_t)(j + 1) : 0;
        st = bp_set_frozen(net, mask_in, count);
        if (st == BP_OK)
            for (int j = 0; j < P; j++) NEED(net->frozen[j] == (mask_in[j] != 0));
        break;
    }
    case OP_SET_ACTIVATION: {
        const int a = take_int(s);
        st = bp_set_activation(net, (bp_activation)a);
        if (st == BP_OK) NEED((int)net->activation == a && memcmp(net->params, before.params, sizeof net->params) == 0);
        break;
    }
    case OP_SET_HIDDEN: {
        const int h = take_int(s);
        st = bp_set_hidden(net, h);
        if (st == BP_OK) NEED(net->hidden == h && net->steps == 0);
        break;
    }
    case OP_RANDOMIZE: {
        const uint32_t seed = (uint32_t)take_bits(s, 4);
        st = bp_randomize(net, seed);
        if (st == BP_OK) NEED(net->steps == 0 && memcmp(net->params, net->initial, sizeof(double) * (size_t)P) == 0);
        break;
    }
    case OP_RESET:
        st = bp_reset(net);
        if (st == BP_OK) NEED(net->steps == 0 && memcmp(net->params, net->initial, sizeof(double) * (size_t)P) == 0);
        break;
    case OP_SSR: {
        double v = NAN;
        query = 1;
        st = bp_ssr(net, &v);
        NEED(st == BP_OK && isfinite(v));
        break;
    }
    case OP_GRADIENTS: {
        const int count = take_count(s, P);
        query = 1;
        mark(out, MAX_P + 1);
        st = bp_gradients(net, out, count);
        NEED(st == BP_OK ? count == P && finite_all(out, P) && marked(out + P, 1) : marked(out, MAX_P + 1));
        break;
    }
    case OP_PREDICT: {
        const double x = take_double(s);
        double y = -7.25e-77;
        query = 1;
        st = bp_predict(net, x, &y);
        NEED(st == BP_OK ? isfinite(x) && isfinite(y) : y == -7.25e-77);
        break;
    }
    case OP_FD: {
        const double eps = take_double(s);
        const int count = take_count(s, P);
        query = 1;
        if (!afford(s, 2L * P * N * H)) break;
        mark(out, MAX_P + 1);
        st = bp_fd_gradients(net, eps, out, count);
        NEED(st == BP_OK ? finite_all(out, P) && marked(out + P, 1) : marked(out, MAX_P + 1));
        break;
    }
    case OP_STEP: st = op_train(net, s, 1, 1); break;
    case OP_TRAIN: st = op_train(net, s, take_int(s), 0); break;
    case OP_LEDGER: {
        const int size = bp_ledger_size(net->hidden), cap = take_count(s, size);
        query = 1;
        mark(out, 4 * MAX_P + 3);
        st = bp_ledger(net, out, cap);
        NEED(st == BP_OK ? cap >= size && marked(out + size, 1) : marked(out, 4 * MAX_P + 3));
        break;
    }
    case OP_TRACE: {
        const int need = bp_trace_size(H, N), cap = take_count(s, need);
        query = 1;
        mark(out, need + 1);
        st = bp_trace(net, out, cap);
        if (st == BP_OK) { /* the trace's gradient is bp_gradients, bit for bit */
            NEED(cap >= need && marked(out + need, 1));
            NEED(memcmp(out + need - P, net->grad, sizeof(double) * (size_t)P) == 0);
        } else {
            NEED(marked(out, need + 1));
        }
        break;
    }
    case OP_CURVE:
    case OP_CURVE_CHECK: {
        const double x0 = take_double(s), x1 = take_double(s);
        const int m = take_int(s), need = (2 + H) * (m > 0 && m <= BP_MAX_CURVE ? m : 2);
        const int cap = take_count(s, need);
        query = 1;
        if (op == OP_CURVE_CHECK) {
            st = bp_curve_check(net, x0, x1, m, cap);
            if (st == BP_OK) NEED(m >= 2 && m <= BP_MAX_CURVE && x0 < x1 && cap >= need);
            break;
        }
        mark(out, need + 1);
        st = bp_curve(net, x0, x1, m, out, cap);
        NEED(st == bp_curve_check(net, x0, x1, m, cap));
        if (st == BP_OK) {
            NEED(marked(out + need, 1) && out[0] == x0);
            for (int i = 1; i < m; i++) NEED(out[i] >= out[i - 1] && isfinite(out[i]));
        } else {
            NEED(marked(out, need + 1));
        }
        break;
    }
    case OP_GRID: {
        const int i = take_count(s, 0), j = take_count(s, -1);
        const double a0 = take_double(s), a1 = take_double(s), c0 = take_double(s), c1 = take_double(s);
        const int nx = take_int(s), ny = take_count(s, 1);
        const long long cells = (long long)nx * ny;
        const int cap = take_count(s, cells >= 0 && cells <= BP_MAX_GRID ? (int)cells : BP_MAX_GRID);
        query = 1;
        if (nx > 0 && ny > 0 && cells <= BP_MAX_GRID && !afford(s, cells * N * H)) break;
        const int span = cells > 0 && cells <= BP_MAX_GRID ? (int)cells : 0;
        mark(out, span + 1);
        st = bp_ssr_grid(net, i, j, a0, a1, nx, c0, c1, ny, out, cap);
        if (st == BP_OK) {
            NEED(span > 0 && marked(out + span, 1));
            for (int c = 0; c < span; c++) NEED(out[c] == INFINITY || (isfinite(out[c]) && out[c] >= 0));
            /* a block of the same grid: its cells bit for bit, or a range error for a bad block */
            static double part[BP_MAX_GRID];
            const int q0 = take_count(s, 0), q1 = take_count(s, nx), r0 = take_count(s, 0), r1 = take_count(s, ny);
            const bp_status ps = bp_ssr_grid_part(net, i, j, a0, a1, nx, c0, c1, ny, q0, q1, r0, r1, part, BP_MAX_GRID);
            if (ps == BP_OK) {
                for (int r = r0; r < r1; r++)
                    NEED(memcmp(part + (r - r0) * (q1 - q0), out + r * nx + q0, sizeof(double) * (size_t)(q1 - q0)) == 0);
            } else {
                NEED(ps == BP_ERR_RANGE && !(q0 >= 0 && q0 < q1 && q1 <= nx && r0 >= 0 && r0 < r1 && r1 <= ny));
            }
        } else {
            NEED(marked(out, span + 1));
        }
        break;
    }
    case OP_ACTIVATE: {
        const int a = take_int(s);
        const double x = take_double(s);
        double y = -7.25e-77, d = -7.25e-77;
        st = bp_activate((bp_activation)a, x, &y, &d);
        NEED(st == BP_OK ? a >= 0 && a < BP_ACTIVATION_COUNT : y == -7.25e-77 && d == -7.25e-77);
        if (st == BP_OK && isfinite(x)) {
            NEED(isfinite(y) && isfinite(d) && d >= 0);
            if (a == BP_SOFTPLUS) NEED(y >= 0 && y >= x && d <= 1);
            if (a == BP_RELU) NEED(y == (x > 0 ? x : 0) && d == (x > 0));
            if (a == BP_SIGMOID) NEED(y >= 0 && y <= 1 && d <= 0.25 * (1 + 1e-15)); /* maximum at 0 */
            if (a == BP_TANH) NEED(y >= -1 && y <= 1 && d <= 1 + 1e-15);
        }
        break;
    }
    case OP_MISC: op_misc(s); break;
    case OP_SET_STEPS: {
        /* any 64-bit pattern, or one below 2^54 (half of those valid) */
        const long long n = take_byte(s) % 2 ? (long long)take_bits(s, 8) : (long long)(take_bits(s, 7) & ((1ULL << 54) - 1));
        st = bp_set_steps(net, n);
        if (st == BP_OK) {
            NEED(n >= 0 && n <= BP_MAX_STEP_COUNT);
            before.steps = n; /* nothing else changed */
            NEED(memcmp(&before, net, sizeof before) == 0);
        } else {
            NEED(st == BP_ERR_STEP_COUNT && (n < 0 || n > BP_MAX_STEP_COUNT));
        }
        break;
    }
    default:
        op_nulls(net, s);
        st = BP_ERR_NULL;
        break;
    }
    check_status(st);
    if (query || (st != BP_OK && st != BP_ERR_DIVERGED)) NEED(memcmp(&before, net, sizeof before) == 0);
    check_net(net);
}

/* libFuzzer's entry point: run one script from the defaults. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static bp_net net;
    NEED(bp_init(&net, &(bp_desc){0}) == BP_OK);
    script s = {data, size, WORK_BUDGET};
    while (s.left) run_op(&net, &s);
    return 0;
}

#ifdef FUZZ_MAIN
/* Replay the inputs named on the command line, without libFuzzer. */
int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        static uint8_t buf[1 << 20];
        const size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        LLVMFuzzerTestOneInput(buf, n);
    }
    printf("replayed %d inputs: no invariant violated\n", argc - 1);
    return 0;
}
#endif
