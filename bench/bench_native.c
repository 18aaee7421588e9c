/*
 * bench_native.c: native timings for bench/bench.mjs, one measurement per run, one JSON line out.
 *
 *   bench_native step  N H STEPS    time bp_train(STEPS) from the initial parameters
 *                                   -> {"ns": per step, "ssr": SSR after the last step}
 *   bench_native floor N H STEPS    time STEPS rounds of exp + log1p (the C library's) over
 *                                   the N*H x_k values of the same network
 *                                   -> {"ns": per round, "sum": ...}
 *   bench_native floor-core N H STEPS   the same with src/bp_math.h's exp and log1p (see floor.c)
 *
 * The network: N = 3 is the dosage example (learning rate 0.1); any other N is the same
 * triangle sampled at N even inputs on [0, 1] with learning rate 0.3 / N (the SSR sums over
 * points, so a fixed rate would diverge for large N). bench.mjs builds the same data in JS.
 */
#define _POSIX_C_SOURCE 199309L /* clock_gettime */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backprop.h"

double *floor_buffer(void);
int floor_capacity(void);
double floor_run(int count, int steps);
double floor_run_core(int count, int steps);

static double now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

/* Build the benchmark network for N points and H hidden neurons (softplus). */
static bp_status make_net(bp_net *net, int n, int hidden) {
    static double xs[BP_MAX_POINTS], ys[BP_MAX_POINTS];
    bp_desc desc = {.hidden = hidden};
    if (n != 3) {
        if (n < 2 || n > BP_MAX_POINTS) return BP_ERR_POINTS;
        for (int i = 0; i < n; i++) {
            xs[i] = (double)i / (n - 1);
            ys[i] = 1.0 - fabs(2.0 * xs[i] - 1.0);
        }
        desc.n = n, desc.xs = xs, desc.ys = ys, desc.learning_rate = 0.3 / n;
    }
    return bp_init(net, &desc);
}

/* Train in chunks the core accepts (at most BP_MAX_STEPS per call). */
static bp_status train(bp_net *net, long steps, double *ssr) {
    bp_status s = BP_OK;
    while (steps > 0 && s == BP_OK) {
        const int chunk = steps > BP_MAX_STEPS ? BP_MAX_STEPS : (int)steps;
        s = bp_train(net, chunk, ssr);
        steps -= chunk;
    }
    return s;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: %s step|floor|floor-core N H STEPS\n", argv[0]);
        return 2;
    }
    const char *mode = argv[1];
    const int n = atoi(argv[2]), hidden = atoi(argv[3]);
    const long steps = atol(argv[4]);
    if (steps < 1) {
        fprintf(stderr, "STEPS must be at least 1\n");
        return 2;
    }
    bp_net net;
    bp_status s = make_net(&net, n, hidden);
    if (s != BP_OK) {
        fprintf(stderr, "bench_native: %s\n", bp_status_message(s));
        return 1;
    }
    if (strcmp(mode, "step") == 0) {
        double ssr = 0;
        s = train(&net, steps / 10 + 1, &ssr); /* warm caches and branch predictors */
        if (s == BP_OK) s = bp_reset(&net);
        const double t0 = now_ns();
        if (s == BP_OK) s = train(&net, steps, &ssr);
        const double t1 = now_ns();
        if (s != BP_OK) {
            fprintf(stderr, "bench_native: %s\n", bp_status_message(s));
            return 1;
        }
        printf("{\"ns\": %.6g, \"ssr\": %.17g}\n", (t1 - t0) / (double)steps, ssr);
    } else if (strcmp(mode, "floor") == 0 || strcmp(mode, "floor-core") == 0) {
        double (*run)(int, int) = mode[5] ? floor_run_core : floor_run;
        const int count = n * hidden;
        if (count > floor_capacity()) return 2;
        double *x = floor_buffer();
        for (int i = 0; i < n; i++)
            for (int k = 0; k < hidden; k++) /* x_k = input * w_k + b_k, at the initial parameters */
                x[i * hidden + k] = net.xs[i] * net.params[2 * k] + net.params[2 * k + 1];
        run(count, (int)(steps / 10 + 1));
        const double t0 = now_ns();
        const double sum = run(count, (int)steps);
        const double t1 = now_ns();
        printf("{\"ns\": %.6g, \"sum\": %.17g}\n", (t1 - t0) / (double)steps, sum);
    } else {
        fprintf(stderr, "unknown mode %s\n", mode);
        return 2;
    }
    return 0;
}
