/*
 * test_core.c: native tests of the C core (src/backprop.h).
 *
 * Every number is checked against a reference computed here, never against the core itself:
 *   - a long double re-implementation of the network (ref_*), written from the textbook
 *     formulas, and central finite differences of its SSR;
 *   - the article's H = 2 softplus formulas, written out term by term;
 *   - the update rule new = old - learning rate * derivative, replayed step by step.
 * Plus every bad argument of every entry point, and the numerics of the activations from
 * subnormals to 1e300. Ends with "N passed, N failed"; exit status 1 on any failure.
 *
 * Under valgrind, long double runs at double precision; the ulp-level checks that need a more
 * precise reference are then skipped (and say so), everything else still runs.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "backprop.h"
#include "check.h"

#define MAX_P BP_MAX_PARAMS
#define ULPS4 (4 * DBL_EPSILON) /* exp within 1 ulp plus up to four roundings: 8 half-ulps */

static int extended; /* long double is more precise than double (not under valgrind) */

/* ------------------------------------------------------------ helpers */

/* xorshift64*: the tests' own random numbers (the core uses splitmix64; these stay independent). */
static uint64_t rng_state = 0x2545F4914F6CDD1Dull;
static uint64_t rng_next(void) {
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}

/* Uniform on [lo, hi). */
static double rng_uniform(double lo, double hi) { return lo + (hi - lo) * ((double)(rng_next() >> 11) * 0x1p-53); }

/* Random sign, magnitude log-uniform on [lo, hi]. */
static double rng_log_signed(double lo, double hi) {
    const double m = exp(rng_uniform(log(lo), log(hi)));
    return (rng_next() & 1) ? -m : m;
}

/* Whether long double really has more precision than double (valgrind runs x87 at 53 bits). */
static int long_double_is_extended(void) {
    volatile long double one = 1.0L, tiny = LDBL_EPSILON;
    return LDBL_MANT_DIG > DBL_MANT_DIG && one + tiny != one;
}

/* A status message is a real sentence: several words, not the "ok" of success; a number of five
   digits or more is written in groups of three (1,000,000), as the page writes its own. */
static int message_ok(bp_status s) {
    const char *m = bp_status_message(s);
    if (!m || strlen(m) < 8 || strchr(m, ' ') == NULL) return 0;
    for (int run = 0; *m; m++)
        if ((run = *m >= '0' && *m <= '9' ? run + 1 : 0) > 4) return 0;
    return 1;
}

/* All n values finite. */
static int finite_all(const double *a, int n) {
    for (int i = 0; i < n; i++)
        if (!isfinite(a[i])) return 0;
    return 1;
}

#define SENTINEL (-12345.678)

/* Fill a buffer with the sentinel, to see later what a call wrote. */
static void fill_sentinel(double *a, int n) {
    for (int i = 0; i < n; i++) a[i] = SENTINEL;
}

/* Whether a buffer still holds only the sentinel. */
static int untouched(const double *a, int n) {
    for (int i = 0; i < n; i++)
        if (a[i] != SENTINEL) return 0;
    return 1;
}

/* Expect `call` to fail with `want` and a sentence, leaving *net byte for byte as it was. */
#define EXPECT_REJECT(net, want, call)                                                                                 \
    do {                                                                                                               \
        static bp_net before_;                                                                                         \
        memcpy(&before_, (net), sizeof before_);                                                                       \
        const bp_status got_ = (call);                                                                                 \
        CHECK(got_ == (want), "%s returned %d (%s), want %d", #call, (int)got_, bp_status_message(got_), (int)(want)); \
        CHECK(message_ok(got_), "%s: message \"%s\"", #call, bp_status_message(got_));                                 \
        CHECK(memcmp(&before_, (net), sizeof before_) == 0, "%s changed the net", #call);                              \
    } while (0)

/* ---------------------------------------------------- reference network */

/* The logistic function, 1 / (1 + e^-x), in long double. */
static long double ref_sigmoid(long double x) { return 1.0L / (1.0L + expl(-x)); }

/* Reference activation: softplus log(1 + e^x) (via log1p, split at 0), relu, sigmoid, tanh. */
static long double ref_act(bp_activation a, long double x) {
    switch (a) {
    case BP_SOFTPLUS: return x > 0 ? x + log1pl(expl(-x)) : log1pl(expl(x));
    case BP_RELU: return x > 0 ? x : 0.0L;
    case BP_SIGMOID: return ref_sigmoid(x);
    default: return tanhl(x);
    }
}

/* Reference derivative: logistic, step, s(x) s(-x), and sech^2 = 1 / cosh^2. */
static long double ref_dact(bp_activation a, long double x) {
    switch (a) {
    case BP_SOFTPLUS: return ref_sigmoid(x);
    case BP_RELU: return x > 0 ? 1.0L : 0.0L;
    case BP_SIGMOID: return ref_sigmoid(x) * ref_sigmoid(-x);
    default: {
        const long double c = coshl(x);
        return 1.0L / (c * c);
    }
    }
}

/* Reference prediction for one input: sum_k v_k f(in w_k + b_k) + c. */
static long double ref_predict(const bp_net *net, const long double *p, long double in) {
    const int H = net->hidden;
    long double out = p[3 * H];
    for (int k = 0; k < H; k++) out += p[2 * H + k] * ref_act(net->activation, in * p[2 * k] + p[2 * k + 1]);
    return out;
}

/* Reference SSR over the net's data at parameters p. */
static long double ref_ssr(const bp_net *net, const long double *p) {
    long double s = 0;
    for (int i = 0; i < net->n; i++) {
        const long double r = net->ys[i] - ref_predict(net, p, net->xs[i]);
        s += r * r;
    }
    return s;
}

/* The net's current parameters as long doubles. */
static void ref_params(const bp_net *net, long double *p) {
    for (int j = 0; j < bp_param_count(net->hidden); j++) p[j] = net->params[j];
}

/* Central finite differences of the reference SSR, step 1e-5 * max(1, |θ|). */
static void ref_fd_gradients(const bp_net *net, long double *g) {
    long double p[MAX_P];
    ref_params(net, p);
    for (int j = 0; j < bp_param_count(net->hidden); j++) {
        const long double keep = p[j], h = 1e-5L * (fabsl(keep) > 1 ? fabsl(keep) : 1.0L);
        p[j] = keep + h;
        const long double up = ref_ssr(net, p);
        p[j] = keep - h;
        const long double down = ref_ssr(net, p);
        p[j] = keep;
        g[j] = (up - down) / (2 * h);
    }
}

/* Storage for a random network's data and parameters (bp_init copies them). */
static double rnd_xs[BP_MAX_POINTS], rnd_ys[BP_MAX_POINTS], rnd_params[MAX_P];

/* Whether some hidden pre-activation lies within `margin` of relu's kink at 0. */
static int near_kink(int H, int n, double margin) {
    for (int i = 0; i < n; i++)
        for (int k = 0; k < H; k++)
            if (fabs(rnd_xs[i] * rnd_params[2 * k] + rnd_params[2 * k + 1]) < margin) return 1;
    return 0;
}

/* A network with n random points in [-2, 2]^2 and random parameters in [-3, 3] (relu: away from kinks). */
static void random_net(bp_net *net, int H, bp_activation a, int n, double lr) {
    do {
        for (int i = 0; i < n; i++) rnd_xs[i] = rng_uniform(-2, 2), rnd_ys[i] = rng_uniform(-2, 2);
        for (int j = 0; j < bp_param_count(H); j++) rnd_params[j] = rng_uniform(-3, 3);
    } while (a == BP_RELU && near_kink(H, n, 1e-3));
    const bp_status s = bp_init(net, &(bp_desc){.hidden = H,
                                                .activation = a,
                                                .learning_rate = lr,
                                                .n = n,
                                                .xs = rnd_xs,
                                                .ys = rnd_ys,
                                                .params = rnd_params});
    CHECK(s == BP_OK, "bp_init of a random net (H %d, %s): %s", H, bp_activation_name(a), bp_status_message(s));
}

static const int hidden_sizes[3] = {1, 2, 8};

/* ------------------------------------------------------------- defaults */

/* bp_init with a zero desc gives the dosage example, the article's parameters and its SSR. */
static void test_defaults(void) {
    check_section("defaults: dosage data, article parameters, SSR");
    static const double article[7] = {2.74, 0.0, -1.13, 0.0, 0.36, 0.63, 0.0}; /* w1 b1 w2 b2 w3 w4 b3 */
    bp_net net;
    CHECK(bp_init(&net, &(bp_desc){0}) == BP_OK, "bp_init with a zero desc");
    CHECK(net.hidden == 2 && net.n == 3 && net.activation == BP_SOFTPLUS, "H %d, N %d, activation %d", net.hidden,
          net.n, (int)net.activation);
    CHECK(net.learning_rate == 0.1 && net.steps == 0, "learning rate %g, steps %lld", net.learning_rate, net.steps);
    CHECK(net.xs[0] == 0 && net.xs[1] == 0.5 && net.xs[2] == 1, "dosage inputs 0, 0.5, 1");
    CHECK(net.ys[0] == 0 && net.ys[1] == 1 && net.ys[2] == 0, "dosage efficacy 0, 1, 0");
    CHECK(memcmp(bp_dosage_xs, net.xs, sizeof bp_dosage_xs) == 0 &&
              memcmp(bp_dosage_ys, net.ys, sizeof bp_dosage_ys) == 0,
          "bp_dosage_xs/ys are the data used");
    for (int j = 0; j < 7; j++) {
        CHECK(net.params[j] == article[j] && net.initial[j] == article[j] && !net.frozen[j],
              "parameter %d: %g (initial %g, frozen %d), article %g", j, net.params[j], net.initial[j], net.frozen[j],
              article[j]);
    }
    double d[7];
    CHECK(bp_default_params(2, d, 7) == BP_OK && memcmp(d, article, sizeof d) == 0,
          "bp_default_params(2) is the article's");
    double L[4 * MAX_P + 2];
    CHECK(bp_ledger_size(2) == 30 && bp_ledger(&net, L, 30) == BP_OK, "ledger before any step");
    int all_nan = 1;
    for (int j = 0; j < 30; j++) all_nan &= isnan(L[j]) != 0;
    CHECK(all_nan, "the ledger is NaN before any step");

    const char *names[4] = {"softplus", "relu", "sigmoid", "tanh"};
    for (int a = 0; a < 4; a++)
        CHECK(bp_activation_name((bp_activation)a) && strcmp(bp_activation_name((bp_activation)a), names[a]) == 0,
              "activation %d is named %s", a, names[a]);

    /* By hand: y = log(1 + e^x), predicted = 0.36 y1 + 0.63 y2 + 0.
         dosage 0:   x1 = x2 = 0                      -> y1 = y2 = log 2 -> predicted 0.99 log 2 = 0.6862
         dosage 0.5: x1 = 1.37, x2 = -0.565           -> predicted 0.36 * 1.5964 + 0.63 * 0.4500 = 0.8582
         dosage 1:   x1 = 2.74, x2 = -1.13            -> predicted 0.36 * 2.8026 + 0.63 * 0.2800 = 1.1853
         SSR = 0.6862^2 + (1 - 0.8582)^2 + 1.1853^2 = 0.4709 + 0.0201 + 1.4050 = 1.896 */
    const long double w1 = 2.74, w2 = -1.13, w3 = 0.36, w4 = 0.63;
    const long double p0 = (w3 + w4) * logl(2.0L);
    const long double p1 = w3 * logl(1 + expl(0.5L * w1)) + w4 * logl(1 + expl(0.5L * w2));
    const long double p2 = w3 * logl(1 + expl(w1)) + w4 * logl(1 + expl(w2));
    const long double want = p0 * p0 + (1 - p1) * (1 - p1) + p2 * p2;
    double ssr = 0;
    CHECK(bp_ssr(&net, &ssr) == BP_OK, "bp_ssr at defaults");
    CHECK_NEAR(ssr, want, 1e-14, "SSR at defaults vs the formulas above");
    CHECK_NEAR(ssr, 1.896, 1e-3, "SSR at defaults vs the four-digit hand computation");
}

/* ----------------------------------------------------- finite differences */

/* Gradients equal central differences of the reference SSR, for every activation and H = 1, 2, 8. */
static void test_gradients_fd(void) {
    check_section("gradients vs finite differences of the reference SSR");
    for (int a = 0; a < BP_ACTIVATION_COUNT; a++)
        for (int hi = 0; hi < 3; hi++)
            for (int t = 0; t < 40; t++) {
                const int H = hidden_sizes[hi], P = bp_param_count(H), n = 1 + (int)(rng_next() % 12);
                bp_net net;
                random_net(&net, H, (bp_activation)a, n, 0.1);
                double g[MAX_P], fd[MAX_P], ssr;
                long double ref[MAX_P];
                CHECK(bp_gradients(&net, g, P) == BP_OK && bp_ssr(&net, &ssr) == BP_OK, "gradients of a random net");
                ref_fd_gradients(&net, ref);
                long double gmax = 0;
                for (int j = 0; j < P; j++) gmax = fmaxl(gmax, fabsl(ref[j]));
                /* the floor covers cancellation between points (where relative error means little) */
                const double floor = 1e-9 * (double)(1 + gmax + ssr);
                for (int j = 0; j < P; j++)
                    CHECK_CLOSE(g[j], ref[j], 1e-6, floor, "%s H %d N %d parameter %d (set %d)",
                                bp_activation_name((bp_activation)a), H, n, j, t);
                /* the core's own differences (double precision, eps 1e-6): rounding ~ 1e-16 S / 1e-6 */
                CHECK(bp_fd_gradients(&net, 1e-6, fd, P) == BP_OK, "bp_fd_gradients");
                for (int j = 0; j < P; j++)
                    CHECK_CLOSE(fd[j], g[j], 1e-6, 1e-7 * (double)(1 + gmax + ssr),
                                "bp_fd_gradients %s H %d N %d parameter %d", bp_activation_name((bp_activation)a), H, n,
                                j);
            }
}

/* ------------------------------------------------------------ the article */

/* One article check: the H = 2 softplus chain rule, factor by factor, against bp_trace. */
static void check_article_trace(bp_net *net, const char *what) {
    enum { H = 2, P = 7 };
    static double tr[BP_MAX_POINTS * (5 + 3 * H) + BP_MAX_POINTS * P * 5 + P];
    const int N = net->n, size = bp_trace_size(H, N);
    CHECK(size == N * 11 + N * 35 + 7, "trace size %d for N %d", size, N);
    CHECK(bp_trace(net, tr, size) == BP_OK, "bp_trace (%s)", what);
    const double w1 = net->params[0], b1 = net->params[1], w2 = net->params[2], b2 = net->params[3];
    const double w3 = net->params[4], w4 = net->params[5], b3 = net->params[6];
    const double *chain = tr + N * 11, *grad = chain + N * 35;
    double sums[P] = {0};
    long double article_sums[P] = {0};
    double sum_floors[P] = {0};
    for (int i = 0; i < N; i++) {
        const double *rec = tr + i * 11, input = net->xs[i], observed = net->ys[i];
        /* the article: x1 = input * w1 + b1, y1 = log(1 + e^x1), predicted = y1 w3 + y2 w4 + b3 */
        const double x1 = input * w1 + b1, y1 = log(1 + exp(x1));
        const double x2 = input * w2 + b2, y2 = log(1 + exp(x2));
        const double predicted = y1 * w3 + y2 * w4 + b3;
        const double dssr_dpred = -2 * (observed - predicted); /* dSSR/d(predicted) */
        const double dy1_dx1 = exp(x1) / (1 + exp(x1));        /* the logistic function */
        const double dy2_dx2 = exp(x2) / (1 + exp(x2));
        /* log(1 + e^x) in double is exact to about 1e-16 absolute (not relative, for small y): the
           predicted value and everything that follows from it get an absolute floor to match */
        const double scale = 1 + fabs(observed) + fabs(w3) + fabs(w4) + fabs(y1 * w3) + fabs(y2 * w4) + fabs(b3);
        CHECK(rec[0] == input && rec[1] == observed, "point %d: input and observed (%s)", i, what);
        CHECK_CLOSE(rec[2], predicted, 1e-14, 1e-15 * scale, "point %d: predicted (%s)", i, what);
        CHECK_CLOSE(rec[3], observed - predicted, 1e-14, 1e-15 * scale, "point %d: residual (%s)", i, what);
        CHECK_CLOSE(rec[4], dssr_dpred, 1e-14, 2e-15 * scale, "point %d: dSSR/dpredicted (%s)", i, what);
        CHECK_CLOSE(rec[5], x1, 1e-15, 1e-16, "point %d: x1 (%s)", i, what);
        CHECK_CLOSE(rec[6], x2, 1e-15, 1e-16, "point %d: x2 (%s)", i, what);
        CHECK_CLOSE(rec[7], y1, 1e-14, 1e-15, "point %d: y1 (%s)", i, what);
        CHECK_CLOSE(rec[8], y2, 1e-14, 1e-15, "point %d: y2 (%s)", i, what);
        CHECK_NEAR(rec[9], dy1_dx1, 1e-14, "point %d: dy1/dx1 (%s)", i, what);
        CHECK_NEAR(rec[10], dy2_dx2, 1e-14, "point %d: dy2/dx2 (%s)", i, what);

        /* each gradient's factors, as the article writes them, in parameter order */
        const double factors[P][4] = {
            {dssr_dpred, w3, dy1_dx1, input}, /* dSSR/dw1 = -2 (Observed - Predicted) w3 e^x1/(1+e^x1) input */
            {dssr_dpred, w3, dy1_dx1, 1},     /* dSSR/db1 */
            {dssr_dpred, w4, dy2_dx2, input}, /* dSSR/dw2 */
            {dssr_dpred, w4, dy2_dx2, 1},     /* dSSR/db2 */
            {dssr_dpred, y1, 1, 1},           /* dSSR/dw3 = -2 (Observed - Predicted) y1 */
            {dssr_dpred, y2, 1, 1},           /* dSSR/dw4 */
            {dssr_dpred, 1, 1, 1},            /* dSSR/db3 */
        };
        for (int j = 0; j < P; j++) {
            const double *c = chain + (i * P + j) * 5;
            const double rest = fabs(factors[j][1] * factors[j][2] * factors[j][3]);
            CHECK_CLOSE(c[0], factors[j][0], 1e-14, 2e-15 * scale, "point %d parameter %d: dSSR/dpredicted", i, j);
            for (int f = 1; f < 4; f++)
                CHECK_CLOSE(c[f], factors[j][f], 1e-14, 1e-15, "point %d parameter %d factor %d (%s)", i, j, f, what);
            CHECK(c[4] == c[0] * c[1] * c[2] * c[3],
                  "point %d parameter %d: product %.17g is the product of its factors", i, j, c[4]);
            const long double article = (long double)factors[j][0] * factors[j][1] * factors[j][2] * factors[j][3];
            const double floor = 4e-15 * scale * (1 + rest);
            CHECK_CLOSE(c[4], article, 1e-13, floor, "point %d parameter %d: product (%s)", i, j, what);
            sums[j] += c[4];
            article_sums[j] += article;
            sum_floors[j] += floor;
        }
    }
    double g[P];
    CHECK(bp_gradients(net, g, P) == BP_OK, "bp_gradients (%s)", what);
    for (int j = 0; j < P; j++) {
        CHECK(grad[j] == sums[j], "parameter %d: trace gradient %.17g is the sum of its products %.17g", j, grad[j],
              sums[j]);
        CHECK(grad[j] == g[j], "parameter %d: trace gradient %.17g equals bp_gradients %.17g (%s)", j, grad[j], g[j],
              what);
        CHECK_CLOSE(g[j], article_sums[j], 1e-13, sum_floors[j], "parameter %d: gradient vs the article's sum (%s)", j,
                    what);
    }
}

/* The article's formulas at the defaults, at random parameters and data, and after training. */
static void test_article(void) {
    check_section("article: H = 2 softplus chain rule, term by term, vs bp_trace");
    bp_net net;
    CHECK(bp_init(&net, &(bp_desc){0}) == BP_OK, "init at the defaults");
    check_article_trace(&net, "defaults");
    CHECK(bp_train(&net, 500, NULL) == BP_OK, "500 steps");
    check_article_trace(&net, "after 500 steps");
    for (int t = 0; t < 20; t++) {
        random_net(&net, 2, BP_SOFTPLUS, 1 + (int)(rng_next() % 8), 0.1);
        check_article_trace(&net, "random parameters and data");
    }
}

/* bp_trace for every activation and H: records vs the reference, products and sums exact. */
static void test_trace_general(void) {
    check_section("trace layout and values, all activations, H = 1, 2, 8; SSR and gradients equal its sums exactly");
    static double tr[BP_MAX_POINTS * (5 + 3 * BP_MAX_HIDDEN) + BP_MAX_POINTS * MAX_P * 5 + MAX_P];
    for (int a = 0; a < BP_ACTIVATION_COUNT; a++)
        for (int hi = 0; hi < 3; hi++)
            for (int t = 0; t < 5; t++) {
                /* up to 40 points: eval_with takes points in blocks of 16 / H, the trace one by one */
                const int H = hidden_sizes[hi], P = bp_param_count(H), N = 1 + (int)(rng_next() % 40);
                const int R = 5 + 3 * H, size = N * R + N * P * 5 + P;
                bp_net net;
                random_net(&net, H, (bp_activation)a, N, 0.1);
                CHECK(bp_trace_size(H, N) == size, "trace size H %d N %d: %d, want %d", H, N, bp_trace_size(H, N),
                      size);
                fill_sentinel(tr, size + 8);
                CHECK(bp_trace(&net, tr, size) == BP_OK, "bp_trace with exactly the needed capacity");
                CHECK(untouched(tr + size, 8), "bp_trace writes nothing past its size");
                const double *p = net.params, *v = p + 2 * H, *chain = tr + N * R, *grad = chain + N * P * 5;
                long double lp[MAX_P];
                ref_params(&net, lp);
                double sums[MAX_P] = {0}, g[MAX_P], ssr = NAN, ssr_sum = 0;
                for (int j = 0; j < MAX_P; j++) g[j] = NAN; /* (read below even if bp_gradients fails) */
                for (int i = 0; i < N; i++) {
                    const double *rec = tr + i * R, *x = rec + 5, *y = x + H, *d = y + H, in = net.xs[i];
                    const long double pred = ref_predict(&net, lp, in);
                    CHECK(rec[0] == in && rec[1] == net.ys[i], "record %d: input, observed", i);
                    CHECK_CLOSE(rec[2], pred, 1e-13, 1e-14, "record %d: predicted", i);
                    CHECK(rec[3] == rec[1] - rec[2] && rec[4] == -2 * rec[3], "record %d: residual and dSSR/dpredicted",
                          i);
                    ssr_sum += rec[3] * rec[3];
                    for (int k = 0; k < H; k++) {
                        const long double xk = (long double)in * p[2 * k] + p[2 * k + 1];
                        CHECK_CLOSE(x[k], xk, 1e-15, 1e-15 * (fabs(in * p[2 * k]) + fabs(p[2 * k + 1])),
                                    "record %d: x_%d", i, k + 1);
                        CHECK_CLOSE(y[k], ref_act(net.activation, x[k]), 4 * ULPS4, 1e-300, "record %d: y_%d", i,
                                    k + 1);
                        CHECK_CLOSE(d[k], ref_dact(net.activation, x[k]), 4 * ULPS4, 1e-300, "record %d: f'(x_%d)", i,
                                    k + 1);
                    }
                    for (int j = 0; j < P; j++) {
                        const double *c = chain + (i * P + j) * 5;
                        int layout;
                        if (j < 2 * H)
                            layout = c[1] == v[j / 2] && c[2] == d[j / 2] && c[3] == (j % 2 ? 1.0 : in);
                        else if (j < 3 * H)
                            layout = c[1] == y[j - 2 * H] && c[2] == 1 && c[3] == 1;
                        else
                            layout = c[1] == 1 && c[2] == 1 && c[3] == 1;
                        CHECK(c[0] == rec[4] && layout, "chain %d/%d factors: %g %g %g %g", i, j, c[0], c[1], c[2],
                              c[3]);
                        CHECK(c[4] == c[0] * c[1] * c[2] * c[3], "chain %d/%d product", i, j);
                        sums[j] += c[4];
                    }
                }
                CHECK(bp_gradients(&net, g, P) == BP_OK && bp_ssr(&net, &ssr) == BP_OK, "queries");
                CHECK(ssr == ssr_sum, "%s H %d N %d: SSR %.17g is the sum of squared residuals in the trace, %.17g",
                      bp_activation_name((bp_activation)a), H, N, ssr, ssr_sum);
                for (int j = 0; j < P; j++)
                    CHECK(grad[j] == sums[j] && grad[j] == g[j],
                          "%s H %d gradient %d: trace %.17g, sum %.17g, bp_gradients %.17g",
                          bp_activation_name((bp_activation)a), H, j, grad[j], sums[j], g[j]);
            }
}

/* ------------------------------------------------------------- training */

/* Ledger rows: [old][derivative][step size][new], each P wide, then the SSR before and after. */
static void get_ledger(const bp_net *net, double *L) {
    CHECK(bp_ledger(net, L, bp_ledger_size(net->hidden)) == BP_OK, "bp_ledger");
}

/* Each step applies new = old - lr * derivative to free parameters; frozen ones and the ledger follow. */
static void test_training_rule(void) {
    check_section("training: update rule, frozen parameters, ledger, steps");
    for (int a = 0; a < BP_ACTIVATION_COUNT; a++)
        for (int hi = 0; hi < 3; hi++) {
            const int H = hidden_sizes[hi], P = bp_param_count(H);
            const double lr = rng_uniform(1e-4, 2e-3); /* small enough that no random net diverges */
            bp_net net;
            random_net(&net, H, (bp_activation)a, 1 + (int)(rng_next() % 10), lr);
            unsigned char mask[MAX_P];
            for (int j = 0; j < P; j++) mask[j] = (rng_next() % 3 == 0) ? (unsigned char)(1 + rng_next() % 255) : 0;
            CHECK(bp_set_frozen(&net, mask, P) == BP_OK, "bp_set_frozen");
            for (int s = 0; s < 12; s++) {
                double old[MAX_P], g[MAX_P], L[4 * MAX_P + 2], ssr_out = NAN, ssr, ssr_before;
                memcpy(old, net.params, sizeof old);
                CHECK(bp_gradients(&net, g, P) == BP_OK && bp_ssr(&net, &ssr_before) == BP_OK, "gradients before step %d", s);
                const bp_status st = (s % 2) ? bp_step(&net) : bp_train(&net, 1, &ssr_out);
                CHECK(st == BP_OK, "step %d: %s", s, bp_status_message(st));
                CHECK(net.steps == s + 1, "step count %lld after %d steps", net.steps, s + 1);
                get_ledger(&net, L);
                for (int j = 0; j < P; j++) {
                    const double want = mask[j] ? old[j] : old[j] - lr * g[j];
                    CHECK(net.params[j] == want, "%s H %d step %d parameter %d%s: %.17g, want %.17g",
                          bp_activation_name((bp_activation)a), H, s, j, mask[j] ? " (frozen)" : "", net.params[j],
                          want);
                    CHECK(L[j] == old[j] && L[P + j] == g[j] && L[2 * P + j] == (mask[j] ? 0.0 : g[j] * lr) &&
                              L[3 * P + j] == net.params[j],
                          "ledger parameter %d: old %g derivative %g step %g new %g", j, L[j], L[P + j], L[2 * P + j],
                          L[3 * P + j]);
                }
                CHECK(bp_ssr(&net, &ssr) == BP_OK, "SSR after step %d", s);
                if (s % 2 == 0) CHECK(ssr_out == ssr, "bp_train's SSR %.17g equals bp_ssr %.17g", ssr_out, ssr);
                CHECK(L[4 * P] == ssr_before && L[4 * P + 1] == ssr, "ledger SSR %.17g -> %.17g, want %.17g -> %.17g",
                      L[4 * P], L[4 * P + 1], ssr_before, ssr);
                long double lp[MAX_P];
                ref_params(&net, lp);
                CHECK_CLOSE(ssr, ref_ssr(&net, lp), 1e-13, 1e-14, "SSR after step %d vs the reference", s);
            }
            /* bp_train(k) is k single steps, bit for bit */
            static bp_net copy;
            copy = net;
            double ssr_a, La[4 * MAX_P + 2], Lb[4 * MAX_P + 2];
            CHECK(bp_train(&net, 37, &ssr_a) == BP_OK, "bp_train 37");
            for (int s = 0; s < 37; s++) bp_step(&copy);
            get_ledger(&net, La);
            get_ledger(&copy, Lb);
            CHECK(memcmp(net.params, copy.params, sizeof net.params) == 0 && net.steps == copy.steps &&
                      memcmp(La, Lb, sizeof(double) * (size_t)bp_ledger_size(H)) == 0 && ssr_a == copy.ssr,
                  "bp_train(37) equals 37 x bp_step (%s H %d)", bp_activation_name((bp_activation)a), H);
            /* zero steps change nothing and still report the SSR */
            static bp_net before;
            memcpy(&before, &net, sizeof before);
            double ssr0 = NAN;
            CHECK(bp_train(&net, 0, &ssr0) == BP_OK && ssr0 == net.ssr, "bp_train(0) reports the SSR");
            CHECK(memcmp(&before, &net, sizeof before) == 0, "bp_train(0) changes nothing");
            CHECK(bp_train(&net, 3, NULL) == BP_OK, "bp_train with a NULL SSR pointer");
        }

    /* everything frozen: nothing moves, steps still count, step sizes 0 */
    bp_net net;
    bp_init(&net, &(bp_desc){0});
    const unsigned char all[7] = {1, 1, 1, 1, 1, 1, 1};
    bp_set_frozen(&net, all, 7);
    double L[4 * MAX_P + 2];
    CHECK(bp_train(&net, 10, NULL) == BP_OK && net.steps == 10, "training with every parameter frozen");
    get_ledger(&net, L);
    for (int j = 0; j < 7; j++)
        CHECK(net.params[j] == net.initial[j] && L[14 + j] == 0 && L[21 + j] == L[j], "frozen parameter %d stays", j);
}

/* Reset, initial parameters, randomize: what they restore, and seeds that repeat. */
static void test_reset_randomize(void) {
    check_section("reset, initial parameters, randomize");
    bp_net net, other;
    bp_init(&net, &(bp_desc){0});
    const double p[7] = {1, -0.5, 0.25, 2, -1, 0.75, 0.125};
    bp_train(&net, 20, NULL);
    CHECK(bp_set_params(&net, p, 7) == BP_OK, "bp_set_params");
    CHECK(memcmp(net.params, p, sizeof p) == 0 && net.initial[0] == 2.74 && net.steps == 20,
          "bp_set_params sets only the current parameters");
    CHECK(bp_reset(&net) == BP_OK && net.params[0] == 2.74 && net.params[2] == -1.13 && net.steps == 0,
          "bp_reset returns to the article's initial parameters");
    CHECK(bp_set_initial_params(&net, p, 7) == BP_OK, "bp_set_initial_params");
    CHECK(memcmp(net.params, p, sizeof p) == 0 && memcmp(net.initial, p, sizeof p) == 0 && net.steps == 0,
          "bp_set_initial_params sets initial and current parameters");
    bp_train(&net, 50, NULL);
    double L[4 * MAX_P + 2];
    CHECK(bp_reset(&net) == BP_OK && memcmp(net.params, p, sizeof p) == 0 && net.steps == 0,
          "reset to the new initial");
    get_ledger(&net, L);
    CHECK(isnan(L[0]) && isnan(L[27]) && isnan(L[28]) && isnan(L[29]), "the ledger is empty (NaN) after a reset");
    /* bp_set_steps: only the count changes, and steps count on from it; reset goes back to 0 */
    bp_train(&net, 7, NULL);
    bp_net counted;
    memcpy(&counted, &net, sizeof counted);
    CHECK(bp_set_steps(&net, 123456789012LL) == BP_OK && net.steps == 123456789012LL, "bp_set_steps");
    counted.steps = net.steps;
    CHECK(memcmp(&counted, &net, sizeof net) == 0, "bp_set_steps changes nothing but the count");
    CHECK(bp_step(&net) == BP_OK && net.steps == 123456789013LL, "a step after bp_set_steps counts on");
    CHECK(bp_set_steps(&net, BP_MAX_STEP_COUNT) == BP_OK && net.steps == 9007199254740992LL &&
              bp_set_steps(&net, 0) == BP_OK && net.steps == 0,
          "bp_set_steps takes 0 and 2^53");
    /* training counts on up to 2^53 and stays there (so the count always reads back exactly) */
    CHECK(bp_set_steps(&net, BP_MAX_STEP_COUNT - 2) == BP_OK && bp_train(&net, 5, NULL) == BP_OK &&
              net.steps == BP_MAX_STEP_COUNT && bp_step(&net) == BP_OK && net.steps == BP_MAX_STEP_COUNT,
          "the step count stops at 2^53");
    CHECK(bp_reset(&net) == BP_OK && net.steps == 0 && memcmp(net.params, p, sizeof p) == 0, "and bp_reset");
    double ssr;
    long double lp[7];
    ref_params(&net, lp);
    CHECK(bp_ssr(&net, &ssr) == BP_OK, "SSR after reset");
    CHECK_NEAR(ssr, ref_ssr(&net, lp), 1e-14, "SSR after reset vs the reference");

    const uint32_t seeds[5] = {0, 1, 42, 123456789, UINT32_MAX};
    for (int hi = 0; hi < 3; hi++) {
        const int H = hidden_sizes[hi], P = bp_param_count(H);
        for (int s = 0; s < 5; s++) {
            bp_init(&net, &(bp_desc){.hidden = H});
            bp_init(&other, &(bp_desc){.hidden = H, .activation = BP_TANH});
            bp_train(&other, 5, NULL);
            CHECK(bp_randomize(&net, seeds[s]) == BP_OK && bp_randomize(&other, seeds[s]) == BP_OK, "bp_randomize");
            CHECK(memcmp(net.params, other.params, sizeof(double) * (size_t)P) == 0,
                  "H %d seed %u: same seed, same numbers", H, seeds[s]);
            CHECK(memcmp(net.params, net.initial, sizeof(double) * (size_t)P) == 0 && net.steps == 0 &&
                      other.steps == 0,
                  "bp_randomize sets the initial parameters and resets");
            CHECK(finite_all(net.params, P), "randomized parameters are finite");
            double again[MAX_P];
            memcpy(again, net.params, sizeof again);
            bp_train(&net, 3, NULL);
            CHECK(bp_randomize(&net, seeds[s]) == BP_OK && memcmp(again, net.params, sizeof(double) * (size_t)P) == 0,
                  "randomize again with the same seed");
            if (s > 0) {
                bp_randomize(&other, seeds[s - 1]);
                CHECK(memcmp(net.params, other.params, sizeof(double) * (size_t)P) != 0,
                      "seeds %u and %u give different parameters", seeds[s], seeds[s - 1]);
            }
        }
    }
}

/* Valid setters: each changes what it says and the SSR follows the reference. */
static void test_setters(void) {
    check_section("setters: data, activation, hidden, learning rate, frozen");
    bp_net net;
    bp_init(&net, &(bp_desc){0});
    const double xs[5] = {-1, 0, 1, 2, 3}, ys[5] = {1, 0, -1, 0.5, 2};
    bp_train(&net, 5, NULL);
    CHECK(bp_set_data(&net, xs, ys, 5) == BP_OK && net.n == 5 && memcmp(net.xs, xs, sizeof xs) == 0 &&
              memcmp(net.ys, ys, sizeof ys) == 0,
          "bp_set_data stores the points");
    double ssr, L[4 * MAX_P + 2];
    long double lp[MAX_P];
    ref_params(&net, lp);
    CHECK(bp_ssr(&net, &ssr) == BP_OK, "SSR on new data");
    CHECK_NEAR(ssr, ref_ssr(&net, lp), 1e-14, "SSR on new data vs the reference");
    get_ledger(&net, L);
    CHECK(isnan(L[0]), "new data empties the ledger");

    for (int a = 0; a < BP_ACTIVATION_COUNT; a++) {
        double before[7];
        memcpy(before, net.params, sizeof before);
        CHECK(bp_set_activation(&net, (bp_activation)a) == BP_OK && net.activation == (bp_activation)a, "set %d", a);
        CHECK(memcmp(before, net.params, sizeof before) == 0, "the activation keeps the parameters");
        CHECK(bp_ssr(&net, &ssr) == BP_OK, "SSR with %s", bp_activation_name((bp_activation)a));
        CHECK_NEAR(ssr, ref_ssr(&net, lp), 1e-13, "SSR with %s vs the reference", bp_activation_name((bp_activation)a));
    }

    const unsigned char mask[7] = {1, 0, 0, 0, 0, 0, 1};
    bp_set_frozen(&net, mask, 7);
    for (int H = 1; H <= BP_MAX_HIDDEN; H++) {
        const int P = bp_param_count(H);
        double d[MAX_P], d2[MAX_P];
        CHECK(bp_default_params(H, d, P) == BP_OK && bp_default_params(H, d2, P) == BP_OK &&
                  memcmp(d, d2, sizeof(double) * (size_t)P) == 0 && finite_all(d, P),
              "bp_default_params(%d) is finite and repeatable", H);
        bp_train(&net, 2, NULL);
        CHECK(bp_set_hidden(&net, H) == BP_OK && net.hidden == H && net.steps == 0, "bp_set_hidden(%d)", H);
        CHECK(memcmp(net.params, d, sizeof(double) * (size_t)P) == 0 &&
                  memcmp(net.initial, d, sizeof(double) * (size_t)P) == 0,
              "H %d: parameters are bp_default_params", H);
        int frozen = 0;
        for (int j = 0; j < MAX_P; j++) frozen |= net.frozen[j];
        CHECK(!frozen && net.n == 5 && net.activation == BP_TANH, "H %d: nothing frozen, data and activation kept", H);
        ref_params(&net, lp);
        CHECK(bp_ssr(&net, &ssr) == BP_OK, "SSR for H %d", H);
        CHECK_NEAR(ssr, ref_ssr(&net, lp), 1e-13, "SSR for H %d vs the reference", H);
    }

    const double rates[4] = {BP_MAX_LEARNING_RATE, 1e-300, DBL_TRUE_MIN, 0.5};
    for (int r = 0; r < 4; r++)
        CHECK(bp_set_learning_rate(&net, rates[r]) == BP_OK && net.learning_rate == rates[r], "learning rate %g",
              rates[r]);

    /* a mask byte of any non-zero value freezes */
    bp_init(&net, &(bp_desc){0});
    const unsigned char odd[7] = {0, 7, 0, 255, 0, 0, 128};
    bp_set_frozen(&net, odd, 7);
    bp_train(&net, 5, NULL);
    CHECK(net.params[1] == 0 && net.params[3] == 0 && net.params[6] == 0 && net.params[0] != 2.74,
          "non-zero mask bytes freeze, zero bytes train");

    /* boundaries that are valid: 1024 points at +-1e6, H = 8, learning rate 1e6 */
    static double bx[BP_MAX_POINTS], by[BP_MAX_POINTS];
    for (int i = 0; i < BP_MAX_POINTS; i++) bx[i] = (i % 2) ? BP_MAX_VALUE : -BP_MAX_VALUE, by[i] = -bx[i];
    CHECK(bp_init(&net, &(bp_desc){.hidden = BP_MAX_HIDDEN,
                                   .learning_rate = BP_MAX_LEARNING_RATE,
                                   .n = BP_MAX_POINTS,
                                   .xs = bx,
                                   .ys = by}) == BP_OK,
          "the largest valid network");
    ref_params(&net, lp);
    CHECK(bp_ssr(&net, &ssr) == BP_OK, "SSR of the largest network");
    CHECK_NEAR(ssr, ref_ssr(&net, lp), 1e-13, "SSR of the largest network vs the reference");
}

/* bp_curve: evenly spaced inputs, predictions identical to bp_predict, contributions vs the reference. */
static void test_curve(void) {
    check_section("curve layout and values");
    static double out[(2 + BP_MAX_HIDDEN) * BP_MAX_CURVE + 8];
    const int ms[4] = {2, 3, 101, BP_MAX_CURVE};
    for (int a = 0; a < BP_ACTIVATION_COUNT; a++)
        for (int hi = 0; hi < 3; hi++)
            for (int mi = 0; mi < 4; mi++) {
                const int H = hidden_sizes[hi], m = ms[mi], cap = (2 + H) * m;
                const double x0 = rng_uniform(-3, 0), x1 = x0 + rng_uniform(0.1, 5);
                bp_net net;
                random_net(&net, H, (bp_activation)a, 4, 0.1);
                fill_sentinel(out, cap + 8);
                CHECK(bp_curve_check(&net, x0, x1, m, cap) == BP_OK, "bp_curve_check accepts what bp_curve does");
                CHECK(bp_curve(&net, x0, x1, m, out, cap) == BP_OK, "bp_curve with exactly the needed capacity");
                CHECK(untouched(out + cap, 8), "bp_curve writes nothing past (2 + H) m");
                long double lp[MAX_P];
                ref_params(&net, lp);
                int spaced = out[0] == x0, same = 1, parts = 1, sums = 1;
                for (int i = 0; i < m; i++) {
                    const long double want = x0 + (long double)(x1 - x0) * i / (m - 1);
                    spaced &= fabsl(out[i] - want) <= 2 * DBL_EPSILON * fmax(fabs(x0), fabs(x1));
                    if (i) spaced &= out[i] > out[i - 1];
                    double pred;
                    same &= bp_predict(&net, out[i], &pred) == BP_OK && pred == out[m + i];
                    long double total = net.params[3 * H];
                    for (int k = 0; k < H; k++) {
                        const double part = out[(2 + k) * m + i];
                        const long double ref =
                            lp[2 * H + k] * ref_act(net.activation, out[i] * lp[2 * k] + lp[2 * k + 1]);
                        parts &= fabsl(part - ref) <= 1e-13 * fabsl(ref) + 1e-15;
                        total += part;
                    }
                    sums &= fabsl(total - out[m + i]) <= 1e-13 * (1 + fabsl(total));
                }
                const char *an = bp_activation_name((bp_activation)a);
                CHECK(spaced, "%s H %d m %d: inputs evenly spaced over [%g, %g]", an, H, m, x0, x1);
                CHECK(same, "%s H %d m %d: predicted equals bp_predict at every input", an, H, m);
                CHECK(parts, "%s H %d m %d: contributions y_k v_k vs the reference", an, H, m);
                CHECK(sums, "%s H %d m %d: contributions + c = predicted", an, H, m);
            }
    /* a valid interval as wide as doubles allow: (x1 - x0) * i must not overflow on the way */
    bp_net net;
    bp_init(&net, &(bp_desc){.activation = BP_SIGMOID});
    const int m = 32, H = 2;
    CHECK(bp_curve(&net, -1e308, 0, m, out, (2 + H) * m) == BP_OK, "curve over [-1e308, 0]");
    int inside = 1;
    for (int i = 0; i < m; i++)
        inside &= isfinite(out[i]) && out[i] >= -1e308 && out[i] <= 0 && (i == 0 || out[i] > out[i - 1]);
    CHECK(inside, "curve over [-1e308, 0]: inputs finite, increasing, inside the interval (input 2: %g)", out[2]);
}

/* bp_ssr_grid: every cell is the reference SSR with the two swept parameters set; the net stays as it was. */
static void test_grid(void) {
    check_section("loss landscape grid vs the reference SSR");
    static double out[BP_MAX_GRID + 8];
    for (int a = 0; a < BP_ACTIVATION_COUNT; a++)
        for (int hi = 0; hi < 3; hi++)
            for (int t = 0; t < 4; t++) {
                const int H = hidden_sizes[hi], P = bp_param_count(H), slice = t % 2;
                const int i = (int)(rng_next() % (unsigned)P),
                          j = slice ? -1 : (i + 1 + (int)(rng_next() % (unsigned)(P - 1))) % P;
                const int nx = slice ? 200 : 23, ny = slice ? 1 : 17;
                const double a0 = rng_uniform(-4, 0), a1 = a0 + rng_uniform(0.5, 6);
                const double c0 = slice ? NAN : rng_uniform(-4, 0), c1 = slice ? NAN : c0 + rng_uniform(0.5, 6);
                bp_net net;
                random_net(&net, H, (bp_activation)a, 5, 0.1);
                static bp_net before;
                memcpy(&before, &net, sizeof before);
                fill_sentinel(out, nx * ny + 8);
                const bp_status s = bp_ssr_grid(&net, i, j, a0, a1, nx, c0, c1, ny, out, nx * ny);
                CHECK(s == BP_OK, "bp_ssr_grid %s H %d: %s", bp_activation_name((bp_activation)a), H,
                      bp_status_message(s));
                CHECK(memcmp(&before, &net, sizeof before) == 0 && untouched(out + nx * ny, 8),
                      "the grid changes nothing and writes exactly nx ny values");
                long double p[MAX_P];
                ref_params(&net, p);
                int same = 1;
                for (int r = 0; r < ny; r++)
                    for (int q = 0; q < nx; q++) {
                        p[i] = a0 + (a1 - a0) * q / (nx - 1); /* the sample positions the header documents */
                        if (j >= 0) p[j] = c0 + (c1 - c0) * r / (ny - 1);
                        const long double want = ref_ssr(&net, p);
                        same &= fabsl(out[r * nx + q] - want) <= 1e-13 * want + 1e-300;
                    }
                CHECK(same, "%s H %d: grid over parameters %d and %d equals the reference SSR",
                      bp_activation_name((bp_activation)a), H, i, j);
                /* random blocks of the same grid: bit for bit its cells, and nothing written past them */
                static double part[BP_MAX_GRID + 8];
                int blocks_same = 1;
                for (int b = 0; b < 6; b++) {
                    const int q0 = (int)(rng_next() % (unsigned)nx), q1 = q0 + 1 + (int)(rng_next() % (unsigned)(nx - q0));
                    const int r0 = (int)(rng_next() % (unsigned)ny), r1 = r0 + 1 + (int)(rng_next() % (unsigned)(ny - r0));
                    const int w = q1 - q0, cells = w * (r1 - r0);
                    fill_sentinel(part, cells + 8);
                    blocks_same &= bp_ssr_grid_part(&net, i, j, a0, a1, nx, c0, c1, ny, q0, q1, r0, r1, part, cells) == BP_OK;
                    for (int r = r0; r < r1; r++)
                        blocks_same &= memcmp(part + (r - r0) * w, out + r * nx + q0, sizeof(double) * (size_t)w) == 0;
                    blocks_same &= untouched(part + cells, 8);
                }
                CHECK(blocks_same, "%s H %d: blocks of the grid equal its cells bit for bit",
                      bp_activation_name((bp_activation)a), H);
            }
    /* where the SSR overflows, the cell says +inf (never NaN) */
    bp_net net;
    bp_init(&net, &(bp_desc){0});
    CHECK(bp_ssr_grid(&net, 4, 5, -1e300, 1e300, 5, -1e300, 1e300, 5, out, 25) == BP_OK, "grid over huge ranges");
    int inf_or_finite = 1, infinities = 0;
    for (int c = 0; c < 25; c++) {
        inf_or_finite &= out[c] == INFINITY || (isfinite(out[c]) && out[c] >= 0);
        infinities += out[c] == INFINITY;
    }
    CHECK(inf_or_finite && infinities > 0 && infinities < 25, "cells are finite or +inf (%d of 25 are +inf)",
          infinities);

    /* sigmoid keeps the SSR finite for any input weight: a sweep of w1 over [-1e308, 0] is finite everywhere */
    bp_init(&net, &(bp_desc){.activation = BP_SIGMOID});
    const int nx = 32;
    CHECK(bp_ssr_grid(&net, 0, -1, -1e308, 0, nx, 0, 0, 1, out, nx) == BP_OK, "slice of w1 over [-1e308, 0]");
    long double p[MAX_P];
    ref_params(&net, p);
    int same = 1;
    for (int q = 0; q < nx; q++) {
        p[0] = -1e308L + 1e308L * ((long double)q / (nx - 1)); /* no overflow even at 53 bits */
        const long double want = ref_ssr(&net, p);
        same &= fabsl(out[q] - want) <= 1e-13 * want;
    }
    CHECK(same, "slice of w1 over [-1e308, 0] equals the reference SSR (cell 2: %g)", out[2]);
}

/* From the defaults, plain gradient descent fits the dosage data. */
static void test_convergence(void) {
    check_section("convergence from the defaults");
    bp_net net;
    bp_init(&net, &(bp_desc){0});
    double ssr = INFINITY;
    int steps = 0;
    while (ssr >= 1e-3 && steps < 20000) {
        CHECK(bp_train(&net, 100, &ssr) == BP_OK, "training at step %d", steps);
        steps += 100;
    }
    CHECK(ssr < 1e-3, "SSR %g after %d steps", ssr, steps);
    for (int i = 0; i < 3; i++) {
        double y;
        CHECK(bp_predict(&net, bp_dosage_xs[i], &y) == BP_OK && fabs(y - bp_dosage_ys[i]) < 0.03,
              "dosage %g: predicted %g, observed %g", bp_dosage_xs[i], y, bp_dosage_ys[i]);
    }
}

/* A huge learning rate diverges: BP_ERR_DIVERGED, finite parameters from just before the bad step. */
static void test_divergence(void) {
    check_section("divergence: huge learning rates");
    const double rates[4] = {1e3, 1e4, 1e5, BP_MAX_LEARNING_RATE};
    for (int a = 0; a < BP_ACTIVATION_COUNT; a++)
        for (int r = 0; r < 4; r++) {
            const char *an = bp_activation_name((bp_activation)a);
            bp_net net, replay;
            bp_init(&net, &(bp_desc){.activation = (bp_activation)a, .learning_rate = rates[r]});
            replay = net;
            const int P = 7;
            double ssr = NAN, now, g[7];
            const bp_status st = bp_train(&net, 1000, &ssr);
            CHECK(st == BP_ERR_DIVERGED, "%s lr %g: %s", an, rates[r], bp_status_message(st));
            CHECK(strstr(bp_status_message(st), "diverged") != NULL, "the message says diverged");
            CHECK(finite_all(net.params, P) && bp_ssr(&net, &now) == BP_OK && now == ssr && isfinite(ssr) &&
                      bp_gradients(&net, g, P) == BP_OK && finite_all(g, P),
                  "%s lr %g: finite parameters, SSR %g and gradients after divergence", an, rates[r], ssr);

            /* replay one step at a time: the parameters are those before the first refused step */
            bp_status rs = BP_OK;
            int k = 0;
            while (k < 1000 && (rs = bp_step(&replay)) == BP_OK) k++;
            CHECK(rs == BP_ERR_DIVERGED && k == net.steps && memcmp(replay.params, net.params, sizeof net.params) == 0,
                  "%s lr %g: replay refuses step %d; bp_train stopped after %lld", an, rates[r], k, net.steps);

            /* the refused step really breaks the invariant: the core itself rejects its result */
            double next[7];
            for (int j = 0; j < P; j++) next[j] = net.params[j] - rates[r] * g[j];
            bp_net probe = net;
            const bp_status ps = bp_set_params(&probe, next, P);
            CHECK(ps == BP_ERR_PARAM || ps == BP_ERR_OVERFLOW, "%s lr %g: the refused step's parameters: %s", an,
                  rates[r], bp_status_message(ps));

            /* trying again changes nothing */
            static bp_net before;
            memcpy(&before, &net, sizeof before);
            CHECK(bp_step(&net) == BP_ERR_DIVERGED && memcmp(&before, &net, sizeof before) == 0,
                  "%s lr %g: stepping again is refused and changes nothing", an, rates[r]);

            /* the ledger shows the last step that was applied (the call applied net.steps of them) */
            double L[4 * MAX_P + 2];
            get_ledger(&net, L);
            CHECK(net.steps > 0 && memcmp(L + 3 * P, net.params, sizeof(double) * P) == 0,
                  "%s lr %g: after %lld applied steps then divergence, the ledger's new values (%g ...) "
                  "are the current parameters (%g ...)",
                  an, rates[r], net.steps, L[3 * P], net.params[0]);

            /* a sane learning rate recovers from there */
            CHECK(bp_set_learning_rate(&net, 1e-6) == BP_OK && bp_step(&net) == BP_OK, "%s: training goes on", an);
        }
}

/* ------------------------------------------------------- bad arguments */

/* Every entry point, every bad argument: the right status, a sentence, nothing changed. */
static void test_bad_arguments(void) {
    check_section("bad arguments: status, sentence, nothing changed");
    static double buf[(2 + BP_MAX_HIDDEN) * BP_MAX_CURVE + BP_MAX_POINTS * 200];
    bp_net net;
    bp_init(&net, &(bp_desc){0});
    const unsigned char mask[7] = {0, 1, 0, 0, 0, 0, 0};
    bp_set_frozen(&net, mask, 7);
    bp_train(&net, 3, NULL); /* a net with history: steps, ledger, a frozen parameter */
    const double nan = NAN, inf = INFINITY, above = nextafter(BP_MAX_VALUE, INFINITY);
    const double xs[3] = {0, 0.5, 1}, ys[3] = {0, 1, 0};
    double p[7], d[3];
    memcpy(p, net.params, sizeof p);

    /* messages: one distinct sentence per status; unknown codes still get one */
    for (int s = 0; s < BP_STATUS_COUNT; s++) {
        CHECK(s == BP_OK ? strlen(bp_status_message(BP_OK)) > 0 : message_ok((bp_status)s), "message for %d: \"%s\"", s,
              bp_status_message((bp_status)s));
        for (int t = 0; t < s; t++)
            CHECK(strcmp(bp_status_message((bp_status)s), bp_status_message((bp_status)t)) != 0,
                  "messages %d and %d differ", s, t);
    }
    const int unknown[4] = {-1, BP_STATUS_COUNT, 1000, INT_MIN};
    for (int u = 0; u < 4; u++) CHECK(message_ok((bp_status)unknown[u]), "message for unknown status %d", unknown[u]);
    const int bad_act[4] = {-1, BP_ACTIVATION_COUNT, 100, INT_MIN};
    for (int u = 0; u < 4; u++)
        CHECK(bp_activation_name((bp_activation)bad_act[u]) == NULL, "no name for activation %d", bad_act[u]);

    /* bp_init */
    CHECK(bp_init(NULL, &(bp_desc){0}) == BP_ERR_NULL, "bp_init(NULL, desc)");
    EXPECT_REJECT(&net, BP_ERR_NULL, bp_init(&net, NULL));
    const int bad_hidden[5] = {-1, BP_MAX_HIDDEN + 1, 100, INT_MIN, INT_MAX};
    for (int i = 0; i < 5; i++) EXPECT_REJECT(&net, BP_ERR_HIDDEN, bp_init(&net, &(bp_desc){.hidden = bad_hidden[i]}));
    for (int i = 0; i < 4; i++)
        EXPECT_REJECT(&net, BP_ERR_ACTIVATION, bp_init(&net, &(bp_desc){.activation = (bp_activation)bad_act[i]}));
    const double bad_lr[8] = {nan,   inf,   -inf, -0.1, -DBL_TRUE_MIN, nextafter(BP_MAX_LEARNING_RATE, INFINITY),
                              1e300, -1e300};
    for (int i = 0; i < 8; i++)
        EXPECT_REJECT(&net, BP_ERR_LEARNING_RATE, bp_init(&net, &(bp_desc){.learning_rate = bad_lr[i]}));
    const int bad_n[4] = {-1, BP_MAX_POINTS + 1, INT_MIN, INT_MAX};
    for (int i = 0; i < 4; i++)
        EXPECT_REJECT(&net, BP_ERR_POINTS, bp_init(&net, &(bp_desc){.n = bad_n[i], .xs = xs, .ys = ys}));
    EXPECT_REJECT(&net, BP_ERR_NULL, bp_init(&net, &(bp_desc){.n = 3, .ys = ys}));
    EXPECT_REJECT(&net, BP_ERR_NULL, bp_init(&net, &(bp_desc){.n = 3, .xs = xs}));
    const double bad_value[6] = {nan, inf, -inf, above, -above, 1e300};
    for (int v = 0; v < 6; v++)
        for (int i = 0; i < 3; i++) {
            memcpy(d, xs, sizeof d);
            d[i] = bad_value[v];
            EXPECT_REJECT(&net, BP_ERR_DATA, bp_init(&net, &(bp_desc){.n = 3, .xs = d, .ys = ys}));
            EXPECT_REJECT(&net, BP_ERR_DATA, bp_init(&net, &(bp_desc){.n = 3, .xs = xs, .ys = d}));
        }
    for (int v = 0; v < 3; v++)
        for (int j = 0; j < 7; j++) {
            double q[7];
            memcpy(q, p, sizeof q);
            q[j] = bad_value[v];
            EXPECT_REJECT(&net, BP_ERR_PARAM, bp_init(&net, &(bp_desc){.params = q}));
            EXPECT_REJECT(&net, BP_ERR_PARAM, bp_set_params(&net, q, 7));
            EXPECT_REJECT(&net, BP_ERR_PARAM, bp_set_initial_params(&net, q, 7));
        }
    const double huge[7] = {1e300, 1e300, 1e300, 1e300, 1e300, 1e300, 1e300};
    EXPECT_REJECT(&net, BP_ERR_OVERFLOW, bp_init(&net, &(bp_desc){.params = huge}));

    /* bp_default_params */
    fill_sentinel(buf, 64);
    CHECK(bp_default_params(2, NULL, 7) == BP_ERR_NULL, "bp_default_params(NULL)");
    for (int i = 0; i < 5; i++)
        CHECK(bp_default_params(bad_hidden[i], buf, 7) == BP_ERR_HIDDEN, "bp_default_params H %d", bad_hidden[i]);
    CHECK(bp_default_params(0, buf, 1) == BP_ERR_HIDDEN, "bp_default_params H 0");
    const int bad_count[6] = {6, 8, 0, -1, MAX_P, INT_MIN};
    for (int i = 0; i < 6; i++)
        CHECK(bp_default_params(2, buf, bad_count[i]) == BP_ERR_PARAM_COUNT, "bp_default_params count %d",
              bad_count[i]);
    CHECK(untouched(buf, 64), "failed bp_default_params wrote nothing");

    /* bp_set_data */
    CHECK(bp_set_data(NULL, xs, ys, 3) == BP_ERR_NULL, "bp_set_data(NULL)");
    EXPECT_REJECT(&net, BP_ERR_NULL, bp_set_data(&net, NULL, ys, 3));
    EXPECT_REJECT(&net, BP_ERR_NULL, bp_set_data(&net, xs, NULL, 3));
    EXPECT_REJECT(&net, BP_ERR_POINTS, bp_set_data(&net, xs, ys, 0));
    for (int i = 0; i < 4; i++) EXPECT_REJECT(&net, BP_ERR_POINTS, bp_set_data(&net, xs, ys, bad_n[i]));
    for (int v = 0; v < 6; v++)
        for (int i = 0; i < 3; i++) {
            memcpy(d, xs, sizeof d);
            d[i] = bad_value[v];
            EXPECT_REJECT(&net, BP_ERR_DATA, bp_set_data(&net, d, ys, 3));
            EXPECT_REJECT(&net, BP_ERR_DATA, bp_set_data(&net, xs, d, 3));
        }
    { /* fine on the current data (inputs 0), overflowing on input 1: w1 = 1e300 */
        bp_net wide;
        const double zeros[2] = {0, 0}, one[1] = {1}, w[7] = {1e300, 0, 0, 0, 1, 0, 0};
        CHECK(bp_init(&wide, &(bp_desc){.n = 2, .xs = zeros, .ys = zeros, .params = w}) == BP_OK,
              "a net with w1 = 1e300");
        EXPECT_REJECT(&wide, BP_ERR_OVERFLOW, bp_set_data(&wide, one, one, 1));
        /* sigmoid caps y at 1; relu lets 1e300 through: switching overflows */
        const double big[7] = {1e300, 0, 0, 0, 1e10, 0, 0};
        CHECK(bp_init(&wide, &(bp_desc){.activation = BP_SIGMOID, .params = big}) == BP_OK, "sigmoid with w1 = 1e300");
        EXPECT_REJECT(&wide, BP_ERR_OVERFLOW, bp_set_activation(&wide, BP_RELU));
    }

    /* bp_set_params, bp_set_initial_params (non-finite values above) */
    CHECK(bp_set_params(NULL, p, 7) == BP_ERR_NULL && bp_set_initial_params(NULL, p, 7) == BP_ERR_NULL, "NULL net");
    EXPECT_REJECT(&net, BP_ERR_NULL, bp_set_params(&net, NULL, 7));
    EXPECT_REJECT(&net, BP_ERR_NULL, bp_set_initial_params(&net, NULL, 7));
    for (int i = 0; i < 6; i++) {
        EXPECT_REJECT(&net, BP_ERR_PARAM_COUNT, bp_set_params(&net, huge, bad_count[i]));
        EXPECT_REJECT(&net, BP_ERR_PARAM_COUNT, bp_set_initial_params(&net, huge, bad_count[i]));
    }
    EXPECT_REJECT(&net, BP_ERR_OVERFLOW, bp_set_params(&net, huge, 7));
    EXPECT_REJECT(&net, BP_ERR_OVERFLOW, bp_set_initial_params(&net, huge, 7));

    /* bp_set_learning_rate */
    CHECK(bp_set_learning_rate(NULL, 0.1) == BP_ERR_NULL, "bp_set_learning_rate(NULL)");
    for (int i = 0; i < 8; i++) EXPECT_REJECT(&net, BP_ERR_LEARNING_RATE, bp_set_learning_rate(&net, bad_lr[i]));
    EXPECT_REJECT(&net, BP_ERR_LEARNING_RATE, bp_set_learning_rate(&net, 0.0));
    EXPECT_REJECT(&net, BP_ERR_LEARNING_RATE, bp_set_learning_rate(&net, -0.0));

    /* bp_set_steps */
    CHECK(bp_set_steps(NULL, 1) == BP_ERR_NULL, "bp_set_steps(NULL)");
    const long long bad_step_counts[4] = {-1, BP_MAX_STEP_COUNT + 1, LLONG_MIN, LLONG_MAX};
    for (int i = 0; i < 4; i++) EXPECT_REJECT(&net, BP_ERR_STEP_COUNT, bp_set_steps(&net, bad_step_counts[i]));

    /* bp_set_frozen */
    CHECK(bp_set_frozen(NULL, mask, 7) == BP_ERR_NULL, "bp_set_frozen(NULL)");
    EXPECT_REJECT(&net, BP_ERR_NULL, bp_set_frozen(&net, NULL, 7));
    const unsigned char wide_mask[MAX_P] = {1};
    for (int i = 0; i < 6; i++) EXPECT_REJECT(&net, BP_ERR_PARAM_COUNT, bp_set_frozen(&net, wide_mask, bad_count[i]));

    /* bp_set_activation, bp_set_hidden, bp_randomize, bp_reset */
    CHECK(bp_set_activation(NULL, BP_RELU) == BP_ERR_NULL, "bp_set_activation(NULL)");
    for (int i = 0; i < 4; i++)
        EXPECT_REJECT(&net, BP_ERR_ACTIVATION, bp_set_activation(&net, (bp_activation)bad_act[i]));
    CHECK(bp_set_hidden(NULL, 2) == BP_ERR_NULL, "bp_set_hidden(NULL)");
    EXPECT_REJECT(&net, BP_ERR_HIDDEN, bp_set_hidden(&net, 0));
    for (int i = 0; i < 5; i++) EXPECT_REJECT(&net, BP_ERR_HIDDEN, bp_set_hidden(&net, bad_hidden[i]));
    CHECK(bp_randomize(NULL, 1) == BP_ERR_NULL && bp_reset(NULL) == BP_ERR_NULL, "bp_randomize(NULL), bp_reset(NULL)");

    /* queries */
    double x = SENTINEL, g[MAX_P];
    CHECK(bp_ssr(NULL, &x) == BP_ERR_NULL && x == SENTINEL, "bp_ssr(NULL, out)");
    EXPECT_REJECT(&net, BP_ERR_NULL, bp_ssr(&net, NULL));
    CHECK(bp_gradients(NULL, g, 7) == BP_ERR_NULL, "bp_gradients(NULL)");
    EXPECT_REJECT(&net, BP_ERR_NULL, bp_gradients(&net, NULL, 7));
    fill_sentinel(g, MAX_P);
    for (int i = 0; i < 6; i++)
        if (bad_count[i] <= MAX_P) EXPECT_REJECT(&net, BP_ERR_PARAM_COUNT, bp_gradients(&net, g, bad_count[i]));
    CHECK(untouched(g, MAX_P), "failed bp_gradients wrote nothing");

    CHECK(bp_predict(NULL, 0.5, &x) == BP_ERR_NULL, "bp_predict(NULL)");
    EXPECT_REJECT(&net, BP_ERR_NULL, bp_predict(&net, 0.5, NULL));
    for (int v = 0; v < 3; v++) EXPECT_REJECT(&net, BP_ERR_DATA, bp_predict(&net, bad_value[v], &x));
    EXPECT_REJECT(&net, BP_ERR_OVERFLOW, bp_predict(&net, 1e308, &x)); /* x1 = 2.74e308 = inf */
    CHECK(x == SENTINEL, "failed bp_predict wrote nothing");

    CHECK(bp_fd_gradients(NULL, 1e-6, g, 7) == BP_ERR_NULL, "bp_fd_gradients(NULL)");
    EXPECT_REJECT(&net, BP_ERR_NULL, bp_fd_gradients(&net, 1e-6, NULL, 7));
    const double bad_eps[6] = {0.0, -0.0, -1e-6, nan, inf, -inf};
    for (int i = 0; i < 6; i++) EXPECT_REJECT(&net, BP_ERR_EPSILON, bp_fd_gradients(&net, bad_eps[i], g, 7));
    for (int i = 0; i < 6; i++)
        if (bad_count[i] <= MAX_P)
            EXPECT_REJECT(&net, BP_ERR_PARAM_COUNT, bp_fd_gradients(&net, 1e-6, g, bad_count[i]));
    EXPECT_REJECT(&net, BP_ERR_EPSILON, bp_fd_gradients(&net, 1e308, g, 7)); /* the step itself overflows */
    EXPECT_REJECT(&net, BP_ERR_EPSILON, bp_fd_gradients(&net, 1e-320, g, 7)); /* the step moves nothing */
    CHECK(untouched(g, MAX_P), "failed bp_fd_gradients wrote nothing");

    /* training */
    CHECK(bp_step(NULL) == BP_ERR_NULL && bp_train(NULL, 1, &x) == BP_ERR_NULL && x == SENTINEL,
          "bp_step/bp_train(NULL)");
    const int bad_steps[4] = {-1, INT_MIN, BP_MAX_STEPS + 1, INT_MAX};
    for (int i = 0; i < 4; i++) EXPECT_REJECT(&net, BP_ERR_STEPS, bp_train(&net, bad_steps[i], &x));

    /* outputs with a capacity: ledger, trace, curve */
    const int need_trace = bp_trace_size(2, 3);
    fill_sentinel(buf, need_trace + 8);
    CHECK(bp_ledger(NULL, buf, 30) == BP_ERR_NULL, "bp_ledger(NULL)");
    EXPECT_REJECT(&net, BP_ERR_NULL, bp_ledger(&net, NULL, 30));
    const int bad_cap[4] = {29, 0, -1, INT_MIN};
    for (int i = 0; i < 4; i++) EXPECT_REJECT(&net, BP_ERR_CAPACITY, bp_ledger(&net, buf, bad_cap[i]));
    CHECK(bp_trace_size(0, 3) == 0 && bp_trace_size(BP_MAX_HIDDEN + 1, 3) == 0 && bp_trace_size(2, 0) == 0 &&
              bp_trace_size(2, BP_MAX_POINTS + 1) == 0 && bp_trace_size(-1, -1) == 0 &&
              bp_trace_size(INT_MAX, INT_MAX) == 0,
          "bp_trace_size is 0 outside the ranges");
    CHECK(bp_trace(NULL, buf, need_trace) == BP_ERR_NULL, "bp_trace(NULL)");
    EXPECT_REJECT(&net, BP_ERR_NULL, bp_trace(&net, NULL, need_trace));
    const int bad_trace_cap[4] = {need_trace - 1, 0, -1, INT_MIN};
    for (int i = 0; i < 4; i++) EXPECT_REJECT(&net, BP_ERR_CAPACITY, bp_trace(&net, buf, bad_trace_cap[i]));
    CHECK(bp_curve(NULL, 0, 1, 10, buf, 40) == BP_ERR_NULL, "bp_curve(NULL)");
    EXPECT_REJECT(&net, BP_ERR_NULL, bp_curve(&net, 0, 1, 10, NULL, 40));
    CHECK(bp_curve_check(NULL, 0, 1, 10, 40) == BP_ERR_NULL, "bp_curve_check(NULL)");
    const int bad_m[5] = {1, 0, -1, BP_MAX_CURVE + 1, INT_MIN};
    for (int i = 0; i < 5; i++) {
        EXPECT_REJECT(&net, BP_ERR_RANGE, bp_curve(&net, 0, 1, bad_m[i], buf, INT_MAX));
        EXPECT_REJECT(&net, BP_ERR_RANGE, bp_curve_check(&net, 0, 1, bad_m[i], INT_MAX));
    }
    const double bad_range[8][2] = {{1, 1},   {1, 0},    {nan, 1},        {0, nan},
                                    {0, inf}, {-inf, 0}, {-1e308, 1e308}, {-inf, inf}};
    for (int i = 0; i < 8; i++) {
        EXPECT_REJECT(&net, BP_ERR_RANGE, bp_curve(&net, bad_range[i][0], bad_range[i][1], 10, buf, 40));
        EXPECT_REJECT(&net, BP_ERR_RANGE, bp_curve_check(&net, bad_range[i][0], bad_range[i][1], 10, 40));
    }
    for (int i = 0; i < 4; i++) {
        const int cap = i == 0 ? 39 : bad_cap[i];
        EXPECT_REJECT(&net, BP_ERR_CAPACITY, bp_curve(&net, 0, 1, 10, buf, cap));
        EXPECT_REJECT(&net, BP_ERR_CAPACITY, bp_curve_check(&net, 0, 1, 10, cap));
    }

    /* bp_ssr_grid: parameter indexes, sample counts, intervals, capacity */
    CHECK(bp_ssr_grid(NULL, 0, 1, 0, 1, 4, 0, 1, 4, buf, 16) == BP_ERR_NULL, "bp_ssr_grid(NULL)");
    EXPECT_REJECT(&net, BP_ERR_NULL, bp_ssr_grid(&net, 0, 1, 0, 1, 4, 0, 1, 4, NULL, 16));
    const int bad_ij[7][2] = {{-1, 1}, {7, 1}, {0, -2}, {0, 7}, {3, 3}, {INT_MIN, 0}, {0, INT_MAX}};
    for (int i = 0; i < 7; i++)
        EXPECT_REJECT(&net, BP_ERR_RANGE, bp_ssr_grid(&net, bad_ij[i][0], bad_ij[i][1], 0, 1, 4, 0, 1, 4, buf, 16));
    const int bad_nxy[8][3] = {{1, 4, 1}, {0, 4, 1},  {4, 0, 1},  {4, -1, 1},
                               {4, 1, 1}, {4, 4, -1}, {4, 2, -1}, {BP_MAX_GRID / 4 + 1, 4, 1}};
    for (int i = 0; i < 8; i++) /* [nx, ny, j]: ny must be 1 exactly for a slice (j = -1) */
        EXPECT_REJECT(&net, BP_ERR_RANGE,
                      bp_ssr_grid(&net, 0, bad_nxy[i][2], 0, 1, bad_nxy[i][0], 0, 1, bad_nxy[i][1], buf, INT_MAX));
    EXPECT_REJECT(&net, BP_ERR_RANGE, bp_ssr_grid(&net, 0, -1, 0, 1, BP_MAX_GRID + 1, 0, 1, 1, buf, INT_MAX));
    EXPECT_REJECT(&net, BP_ERR_RANGE, bp_ssr_grid(&net, 0, 1, 0, 1, INT_MAX, 0, 1, INT_MAX, buf, INT_MAX));
    /* bp_ssr_grid_part: a block must be non-empty and inside the grid; capacity is the block's */
    const int bad_block[8][4] = {{-1, 2, 0, 2}, {2, 2, 0, 2}, {3, 2, 0, 2}, {0, 5, 0, 2},
                                 {0, 2, -1, 2}, {0, 2, 1, 1}, {0, 2, 0, 5}, {INT_MIN, INT_MAX, 0, 1}};
    for (int i = 0; i < 8; i++)
        EXPECT_REJECT(&net, BP_ERR_RANGE, bp_ssr_grid_part(&net, 0, 1, 0, 1, 4, 0, 1, 4, bad_block[i][0], bad_block[i][1],
                                                           bad_block[i][2], bad_block[i][3], buf, 16));
    EXPECT_REJECT(&net, BP_ERR_CAPACITY, bp_ssr_grid_part(&net, 0, 1, 0, 1, 4, 0, 1, 4, 1, 3, 1, 4, buf, 5));
    EXPECT_REJECT(&net, BP_ERR_NULL, bp_ssr_grid_part(&net, 0, 1, 0, 1, 4, 0, 1, 4, 0, 1, 0, 1, NULL, 1));
    for (int i = 0; i < 8; i++) {
        EXPECT_REJECT(&net, BP_ERR_RANGE,
                      bp_ssr_grid(&net, 0, 1, bad_range[i][0], bad_range[i][1], 4, 0, 1, 4, buf, 16));
        EXPECT_REJECT(&net, BP_ERR_RANGE,
                      bp_ssr_grid(&net, 0, 1, 0, 1, 4, bad_range[i][0], bad_range[i][1], 4, buf, 16));
        EXPECT_REJECT(&net, BP_ERR_RANGE,
                      bp_ssr_grid(&net, 0, -1, bad_range[i][0], bad_range[i][1], 4, 0, 1, 1, buf, 16));
    }
    for (int i = 0; i < 4; i++) {
        const int cap = i == 0 ? 15 : bad_cap[i];
        EXPECT_REJECT(&net, BP_ERR_CAPACITY, bp_ssr_grid(&net, 0, 1, 0, 1, 4, 0, 1, 4, buf, cap));
        EXPECT_REJECT(&net, BP_ERR_CAPACITY, bp_ssr_grid(&net, 0, -1, 0, 1, 4, 0, 1, 1, buf, i == 0 ? 3 : cap));
    }
    CHECK(untouched(buf, need_trace + 8), "failed ledger, trace, curve and grid calls wrote nothing");

    /* bp_activate */
    double y = SENTINEL, dy = SENTINEL;
    CHECK(bp_activate(BP_SOFTPLUS, 1, NULL, &dy) == BP_ERR_NULL && bp_activate(BP_SOFTPLUS, 1, &y, NULL) == BP_ERR_NULL,
          "bp_activate with a NULL output");
    for (int i = 0; i < 4; i++)
        CHECK(bp_activate((bp_activation)bad_act[i], 1, &y, &dy) == BP_ERR_ACTIVATION, "bp_activate activation %d",
              bad_act[i]);
    CHECK(y == SENTINEL && dy == SENTINEL, "failed bp_activate wrote nothing");

    /* after all that, the net still trains as before */
    bp_net fresh;
    bp_init(&fresh, &(bp_desc){0});
    bp_set_frozen(&fresh, mask, 7);
    bp_train(&fresh, 3, NULL);
    CHECK(memcmp(fresh.params, net.params, sizeof net.params) == 0 && net.steps == 3,
          "the net is the same as a fresh one");
}

/* ------------------------------------------------------------ numerics */

/* One activation at one x vs the long double reference: within 4 ulps, or a few subnormals where it underflows. */
static void check_activation_at(bp_activation a, double x) {
    double y = NAN, d = NAN;
    const char *an = bp_activation_name(a);
    CHECK(bp_activate(a, x, &y, &d) == BP_OK && isfinite(y) && isfinite(d), "%s(%.17g) = %g, %g: finite", an, x, y, d);
    if (!extended) return;
    CHECK_CLOSE(y, ref_act(a, x), ULPS4, 4 * DBL_TRUE_MIN, "%s(%.17g)", an, x);
    CHECK_CLOSE(d, ref_dact(a, x), ULPS4, 4 * DBL_TRUE_MIN, "%s'(%.17g)", an, x);
}

/* Activations and derivatives from subnormals to 1e300, signed zeros and known values. */
static void test_activation_numerics(void) {
    check_section("activation numerics vs long double");
    if (!extended) printf("note: long double is double precision here (valgrind?): ulp checks skipped\n");
    static const double xs[] = {0.0,
                                DBL_TRUE_MIN,
                                4 * DBL_TRUE_MIN,
                                1e-310,
                                DBL_MIN,
                                1e-300,
                                1e-20,
                                1e-8,
                                0.25,
                                0.5,
                                1,
                                2,
                                10,
                                18.5,
                                20,
                                36,
                                37,
                                40,
                                100,
                                354,
                                355,
                                700,
                                709,
                                709.8,
                                710,
                                745,
                                746,
                                1000,
                                1e4,
                                1e5,
                                1e300,
                                DBL_MAX};
    const int count = (int)(sizeof xs / sizeof xs[0]);
    for (int a = 0; a < BP_ACTIVATION_COUNT; a++) {
        for (int i = 0; i < count; i++) {
            check_activation_at((bp_activation)a, xs[i]);
            check_activation_at((bp_activation)a, -xs[i]);
        }
        for (int t = 0; t < 3000; t++) check_activation_at((bp_activation)a, rng_uniform(-50, 50));
        for (int t = 0; t < 3000; t++) check_activation_at((bp_activation)a, rng_log_signed(DBL_TRUE_MIN, 1e300));
    }
    /* exact values at zero, with either sign of zero */
    for (int s = 0; s < 2; s++) {
        const double z = s ? -0.0 : 0.0;
        const char *zs = s ? "-0" : "+0";
        double y, d;
        bp_activate(BP_SOFTPLUS, z, &y, &d);
        CHECK_NEAR(y, logl(2.0L), DBL_EPSILON, "softplus(%s) = log 2", zs);
        CHECK(d == 0.5, "softplus'(%s) = %g", zs, d);
        bp_activate(BP_RELU, z, &y, &d);
        CHECK(y == 0 && d == 0, "relu(%s) = %g, slope %g (0 at the kink)", zs, y, d);
        bp_activate(BP_SIGMOID, z, &y, &d);
        CHECK(y == 0.5 && d == 0.25, "sigmoid(%s) = %g, slope %g", zs, y, d);
        bp_activate(BP_TANH, z, &y, &d);
        CHECK(y == 0 && d == 1, "tanh(%s) = %g, slope %g", zs, y, d);
        CHECK(!signbit(y) == !s, "tanh(%s) = %s0: tanh is odd, the sign of zero is kept", zs, signbit(y) ? "-" : "+");
    }
    /* softplus(-40) = log(1 + e^-40) ~ e^-40 = 4.25e-18: the naive log(1 + e^x) gives 0 */
    double y, d;
    bp_activate(BP_SOFTPLUS, -40, &y, &d);
    CHECK(y > 4.2e-18 && y < 4.3e-18, "softplus(-40) = %g, about 4.25e-18", y);
    if (extended) CHECK_NEAR(y, log1pl(expl(-40.0L)), 2 * DBL_EPSILON, "softplus(-40) to the ulp");
    /* no overflow at the ends: softplus(x) = x, relu(x) = x, slopes 1 */
    bp_activate(BP_SOFTPLUS, DBL_MAX, &y, &d);
    CHECK(y == DBL_MAX && d == 1, "softplus(DBL_MAX) = %g, slope %g", y, d);
    bp_activate(BP_SOFTPLUS, -DBL_MAX, &y, &d);
    CHECK(y == 0 && d == 0, "softplus(-DBL_MAX) = %g, slope %g", y, d);
    bp_activate(BP_SIGMOID, -1e4, &y, &d);
    CHECK(y == 0 && d == 0, "sigmoid(-1e4) underflows to %g, slope %g", y, d);
    bp_activate(BP_TANH, 1e4, &y, &d);
    CHECK(y == 1 && d == 0, "tanh(1e4) = %g, slope %g", y, d);
}

/* Any finite input: an OK status means finite SSR and gradients, else BP_ERR_OVERFLOW and no change. */
static void test_huge_values(void) {
    check_section("huge finite inputs: finite or an overflow status");
    bp_net net;
    bp_init(&net, &(bp_desc){0});
    static double xs[16], ys[16];
    double p[MAX_P], g[MAX_P], ssr;
    int ok = 0, overflow = 0, diverged = 0;
    for (int t = 0; t < 3000; t++) {
        const int H = 1 + (int)(rng_next() % BP_MAX_HIDDEN), P = bp_param_count(H), n = 1 + (int)(rng_next() % 16);
        const bp_activation a = (bp_activation)(rng_next() % BP_ACTIVATION_COUNT);
        for (int i = 0; i < n; i++) {
            xs[i] =
                rng_next() % 8 ? rng_log_signed(1e-3, BP_MAX_VALUE) : ((rng_next() & 1) ? BP_MAX_VALUE : -BP_MAX_VALUE);
            ys[i] = rng_log_signed(1e-3, BP_MAX_VALUE);
        }
        for (int j = 0; j < P; j++) p[j] = rng_next() % 10 ? rng_log_signed(1e-300, 1e300) : 0.0;
        static bp_net before;
        memcpy(&before, &net, sizeof before);
        const bp_status s =
            bp_init(&net, &(bp_desc){.hidden = H,
                                     .activation = a,
                                     .n = n,
                                     .xs = xs,
                                     .ys = ys,
                                     .params = p,
                                     .learning_rate = fabs(rng_log_signed(1e-9, BP_MAX_LEARNING_RATE))});
        if (s != BP_OK) {
            overflow++;
            CHECK(s == BP_ERR_OVERFLOW && memcmp(&before, &net, sizeof before) == 0, "bp_init: %s",
                  bp_status_message(s));
            continue;
        }
        ok++;
        CHECK(bp_ssr(&net, &ssr) == BP_OK && isfinite(ssr) && bp_gradients(&net, g, P) == BP_OK && finite_all(g, P),
              "trial %d: OK init, finite SSR %g and gradients", t, ssr);
        const bp_status ts = bp_train(&net, 5, &ssr);
        diverged += ts == BP_ERR_DIVERGED;
        CHECK((ts == BP_OK || ts == BP_ERR_DIVERGED) && finite_all(net.params, P) && isfinite(ssr) &&
                  bp_gradients(&net, g, P) == BP_OK && finite_all(g, P),
              "trial %d: training: %s, parameters and SSR %g finite", t, bp_status_message(ts), ssr);
        for (int j = 0; j < P; j++) p[j] = rng_log_signed(1e-300, 1e300);
        memcpy(&before, &net, sizeof before);
        const bp_status ps = bp_set_params(&net, p, P);
        CHECK(ps == BP_OK ? bp_gradients(&net, g, P) == BP_OK && finite_all(g, P)
                          : ps == BP_ERR_OVERFLOW && memcmp(&before, &net, sizeof before) == 0,
              "trial %d: bp_set_params: %s", t, bp_status_message(ps));
        const bp_status fs = bp_fd_gradients(&net, 1e-6, g, P);
        CHECK(fs == BP_OK ? finite_all(g, P) : fs == BP_ERR_OVERFLOW, "trial %d: bp_fd_gradients: %s", t,
              bp_status_message(fs));
        double y;
        const bp_status ys_ = bp_predict(&net, rng_log_signed(1e-300, DBL_MAX), &y);
        CHECK(ys_ == BP_OK ? isfinite(y) : ys_ == BP_ERR_OVERFLOW, "trial %d: bp_predict: %s", t,
              bp_status_message(ys_));
    }
    CHECK(ok > 100 && overflow > 100 && diverged > 10, "both outcomes seen: %d OK, %d overflow, %d diverged", ok,
          overflow, diverged);
}

int main(void) {
    extended = long_double_is_extended();
    test_defaults();
    test_gradients_fd();
    test_article();
    test_trace_general();
    test_training_rule();
    test_reset_randomize();
    test_setters();
    test_curve();
    test_grid();
    test_convergence();
    test_divergence();
    test_bad_arguments();
    test_activation_numerics();
    test_huge_values();
    return check_summary();
}
