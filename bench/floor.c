/*
 * floor.c: the work no implementation of a softplus gradient step can avoid, measured alone:
 * per data point and hidden neuron one exp and one log1p (softplus(x) = max(x, 0) + log1p(e^-|x|)).
 *
 * Built twice from this one source: natively into build/bench/bench_native (with the core), and
 * with emcc into build/bench/floor.wasm (the Makefile's EMFLAGS, as backprop.wasm). Two kernels:
 *   floor_run       the C library's exp and log1p (glibc natively, Emscripten's musl in wasm)
 *   floor_run_core  the exp and log1p the core itself uses: src/bp_math.h's when that header
 *                   exists (compiled with -Isrc), else the C library's (then it equals floor_run)
 * The caller writes the pre-activation values x of a real network into floor_buffer().
 */
#include <math.h>

#if defined(__has_include)
#if __has_include("bp_math.h")
#include "bp_math.h"
#define FLOOR_CORE_EXP(x) bp_exp_nonpos(x)
#define FLOOR_CORE_LOG1P(u) bp_log1p_unit(u)
#define FLOOR_CORE_MATH 1
#endif
#endif
#ifndef FLOOR_CORE_MATH
#define FLOOR_CORE_EXP(x) exp(x)
#define FLOOR_CORE_LOG1P(u) log1p(u)
#define FLOOR_CORE_MATH 0
#endif

#define FLOOR_MAX 8192 /* BP_MAX_POINTS * BP_MAX_HIDDEN */

static double xs[FLOOR_MAX];
/* Read once per step: the calls depend on it, so the compiler cannot hoist them out of the
   step loop, yet every step sees the same arguments as the network's step would. */
static volatile double shift_zero = 0.0;

/* Where the caller puts the `count` arguments (x_k of every point and neuron). */
double *floor_buffer(void) { return xs; }
int floor_capacity(void) { return FLOOR_MAX; }
/* 1 when floor_run_core uses src/bp_math.h, 0 when it uses the C library. */
int floor_core_math(void) { return FLOOR_CORE_MATH; }

/* `steps` rounds of exp + log1p over the first `count` arguments; returns the sum so that
   nothing is dead code. The calls within a round are independent, as in the network, and are
   made in blocks of 16: first the block's exps, then its log1ps. That is how the step orders
   them (eval_with in src/backprop.c), and it lets the processor work on several exps at once:
   chained exp -> log1p one argument at a time, the floor took 1.5x longer and was slower than
   the whole step at N*H >= 24. */
#define FLOOR_BLOCK 16
#define FLOOR_ROUNDS(EXP, LOG1P)                                                              \
    double acc = 0.0;                                                                         \
    if (count < 0 || count > FLOOR_MAX) return NAN;                                           \
    for (int s = 0; s < steps; s++) {                                                         \
        const double shift = shift_zero;                                                      \
        for (int j0 = 0; j0 < count; j0 += FLOOR_BLOCK) {                                     \
            const int m = count - j0 < FLOOR_BLOCK ? count - j0 : FLOOR_BLOCK;               \
            double e[FLOOR_BLOCK];                                                            \
            for (int j = 0; j < m; j++) e[j] = EXP(-fabs(xs[j0 + j] + shift));               \
            for (int j = 0; j < m; j++) acc += LOG1P(e[j]);                                   \
        }                                                                                     \
    }                                                                                         \
    return acc

double floor_run(int count, int steps) { FLOOR_ROUNDS(exp, log1p); }

/* The same with the core's own exp and log1p. */
double floor_run_core(int count, int steps) { FLOOR_ROUNDS(FLOOR_CORE_EXP, FLOOR_CORE_LOG1P); }
