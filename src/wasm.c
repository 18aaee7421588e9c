/*
 * wasm.c: the WebAssembly face of the core, and the only file that knows Emscripten.
 *
 * One static network and one static exchange buffer (`io`) of doubles. JavaScript writes
 * arguments into io, calls a function, and reads results back from io; every function
 * returns a bp_status (0 = ok). Nothing is allocated, so the memory never grows.
 */
#include <emscripten.h>
#include <limits.h>

#include "backprop.h"

#define IO_DOUBLES (BP_MAX_POINTS * (5 + 3 * BP_MAX_HIDDEN) + BP_MAX_POINTS * BP_MAX_PARAMS * 5 + BP_MAX_PARAMS)

static bp_net net;
static double io[IO_DOUBLES]; /* large enough for the biggest trace, curve, data or ledger */

EMSCRIPTEN_KEEPALIVE double *bpw_io(void) { return io; }
EMSCRIPTEN_KEEPALIVE int bpw_io_capacity(void) { return IO_DOUBLES; }
EMSCRIPTEN_KEEPALIVE const char *bpw_message(int status) { return bp_status_message((bp_status)status); }
EMSCRIPTEN_KEEPALIVE const char *bpw_activation_name(int a) { return bp_activation_name((bp_activation)a); }

/* Counts arrive as doubles so that NaN, 2.5 or 1e300 from JavaScript are refused here instead of
   being truncated or wrapped on the way into an int. Anything that is not a whole number in int
   range becomes INT_MIN, which every core function refuses with its own message. */
static int count(double d) {
    return (d >= -2147483647.0 && d <= 2147483647.0 && d == (double)(int)d) ? (int)d : INT_MIN;
}

/* Network defaults; io ignored. */
EMSCRIPTEN_KEEPALIVE int bpw_init(void) { return bp_init(&net, &(bp_desc){0}); }

/* io = [xs n][ys n] */
EMSCRIPTEN_KEEPALIVE int bpw_set_data(double nd) {
    const int n = count(nd);
    if (n < 1 || n > BP_MAX_POINTS) return BP_ERR_POINTS;
    return bp_set_data(&net, io, io + n, n);
}
/* io = [xs n][ys n]; returns n */
EMSCRIPTEN_KEEPALIVE int bpw_points(void) { return net.n; }
EMSCRIPTEN_KEEPALIVE int bpw_get_data(void) {
    for (int i = 0; i < net.n; i++) io[i] = net.xs[i], io[net.n + i] = net.ys[i];
    return net.n;
}

EMSCRIPTEN_KEEPALIVE int bpw_set_params(double c) { return bp_set_params(&net, io, count(c)); }
EMSCRIPTEN_KEEPALIVE int bpw_set_initial_params(double c) { return bp_set_initial_params(&net, io, count(c)); }
EMSCRIPTEN_KEEPALIVE int bpw_get_params(void) {
    for (int j = 0; j < bp_param_count(net.hidden); j++) io[j] = net.params[j];
    return BP_OK;
}
EMSCRIPTEN_KEEPALIVE int bpw_get_initial_params(void) {
    for (int j = 0; j < bp_param_count(net.hidden); j++) io[j] = net.initial[j];
    return BP_OK;
}

/* io = mask as doubles, nonzero = frozen */
EMSCRIPTEN_KEEPALIVE int bpw_set_frozen(double c) {
    unsigned char mask[BP_MAX_PARAMS];
    const int n = count(c);
    if (n != bp_param_count(net.hidden)) return BP_ERR_PARAM_COUNT;
    for (int j = 0; j < n; j++) mask[j] = io[j] != 0;
    return bp_set_frozen(&net, mask, n);
}
EMSCRIPTEN_KEEPALIVE int bpw_get_frozen(void) {
    for (int j = 0; j < bp_param_count(net.hidden); j++) io[j] = net.frozen[j];
    return BP_OK;
}

EMSCRIPTEN_KEEPALIVE int bpw_set_learning_rate(double lr) { return bp_set_learning_rate(&net, lr); }
EMSCRIPTEN_KEEPALIVE double bpw_learning_rate(void) { return net.learning_rate; }
EMSCRIPTEN_KEEPALIVE int bpw_set_activation(double a) { return bp_set_activation(&net, (bp_activation)count(a)); }
EMSCRIPTEN_KEEPALIVE int bpw_activation(void) { return net.activation; }
EMSCRIPTEN_KEEPALIVE int bpw_set_hidden(double h) { return bp_set_hidden(&net, count(h)); }
EMSCRIPTEN_KEEPALIVE int bpw_hidden(void) { return net.hidden; }
EMSCRIPTEN_KEEPALIVE double bpw_steps(void) { return (double)net.steps; }
EMSCRIPTEN_KEEPALIVE int bpw_randomize(double seed) {
    if (!(seed >= 0 && seed <= 4294967295.0) || seed != (double)(uint32_t)seed) return BP_ERR_SEED;
    return bp_randomize(&net, (uint32_t)seed);
}
EMSCRIPTEN_KEEPALIVE int bpw_reset(void) { return bp_reset(&net); }
EMSCRIPTEN_KEEPALIVE int bpw_set_steps(double steps) {
    if (!(steps >= 0 && steps <= (double)BP_MAX_STEP_COUNT) || steps != (double)(long long)steps) return BP_ERR_STEP_COUNT;
    return bp_set_steps(&net, (long long)steps);
}

/* Results in io[0] (ssr, prediction) or io[0..P) (gradients). */
EMSCRIPTEN_KEEPALIVE int bpw_ssr(void) { return bp_ssr(&net, io); }
EMSCRIPTEN_KEEPALIVE int bpw_gradients(void) { return bp_gradients(&net, io, bp_param_count(net.hidden)); }
EMSCRIPTEN_KEEPALIVE int bpw_fd_gradients(double eps) {
    return bp_fd_gradients(&net, eps, io, bp_param_count(net.hidden));
}
EMSCRIPTEN_KEEPALIVE int bpw_predict(double x) { return bp_predict(&net, x, io); }

/* io[0] = SSR after the last applied step (also on divergence) */
EMSCRIPTEN_KEEPALIVE int bpw_train(double steps) { return bp_train(&net, count(steps), io); }

EMSCRIPTEN_KEEPALIVE int bpw_ledger(void) { return bp_ledger(&net, io, IO_DOUBLES); }
EMSCRIPTEN_KEEPALIVE int bpw_trace(void) { return bp_trace(&net, io, IO_DOUBLES); }
EMSCRIPTEN_KEEPALIVE int bpw_curve(double x0, double x1, double m) { return bp_curve(&net, x0, x1, count(m), io, IO_DOUBLES); }
/* io = columns [q0, q1) x rows [r0, r1) of the SSR grid, row-major (see bp_ssr_grid_part) */
EMSCRIPTEN_KEEPALIVE int bpw_ssr_grid(double i, double j, double a0, double a1, double nx, double c0, double c1,
                                      double ny, double q0, double q1, double r0, double r1) {
    return bp_ssr_grid_part(&net, count(i), count(j), a0, a1, count(nx), c0, c1, count(ny), count(q0), count(q1),
                            count(r0), count(r1), io, IO_DOUBLES);
}

/*
 * One call per animation frame: train `steps`, then write a snapshot into io:
 *   [ssr, steps taken in total, status][params P][gradients P][curve (2 + H) * m]
 * so that the page reads everything it draws with one crossing. m = 0 means no curve. A bad
 * curve request is refused before training; otherwise the status of training is returned (and
 * stored in io[2]) and the snapshot is written either way, so a diverged frame still draws.
 */
EMSCRIPTEN_KEEPALIVE int bpw_frame(double steps, double x0, double x1, double md) {
    const int P = bp_param_count(net.hidden), m = count(md);
    if (m != 0) { /* refuse a bad curve request before training, so an error changes nothing */
        bp_status c = bp_curve_check(&net, x0, x1, m, IO_DOUBLES - 3 - 2 * P);
        if (c != BP_OK) return c;
    }
    bp_status s = bp_train(&net, count(steps), io);
    io[1] = (double)net.steps;
    io[2] = s;
    for (int j = 0; j < P; j++) io[3 + j] = net.params[j], io[3 + P + j] = net.grad[j];
    if (m != 0) bp_curve(&net, x0, x1, m, io + 3 + 2 * P, IO_DOUBLES - 3 - 2 * P);
    return s;
}
