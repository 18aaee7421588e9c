/*
 * bp_cli.c: drive the native core from a script on stdin, for tests that compare the native
 * build with the WebAssembly build and the JavaScript reference.
 *
 * One command per line; every command prints one JSON line:
 *   {"status":S,"message":"...","ssr":X,"steps":K,"params":[...],"gradients":[...]}
 * (ssr/gradients omitted when they cannot be computed). Numbers are printed with %.17g so
 * they round-trip exactly. Commands:
 *   init                         defaults (dosage, H = 2, softplus, lr 0.1)
 *   hidden H | activation A (0..3) | lr X | seed S (randomize)
 *   data N x1 y1 x2 y2 ...       | params P p1 ... pP | frozen P f1 ... fP
 *   train K | reset | show
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backprop.h"

static void print_array(const char *name, const double *a, int n) {
    printf(",\"%s\":[", name);
    for (int i = 0; i < n; i++) printf(i ? ",%.17g" : "%.17g", a[i]);
    printf("]");
}

static void report(bp_net *net, bp_status s) {
    const int P = bp_param_count(net->hidden);
    double ssr, g[BP_MAX_PARAMS];
    printf("{\"status\":%d,\"message\":\"%s\",\"steps\":%lld", (int)s, bp_status_message(s), net->steps);
    if (bp_ssr(net, &ssr) == BP_OK) printf(",\"ssr\":%.17g", ssr);
    print_array("params", net->params, P);
    if (bp_gradients(net, g, P) == BP_OK) print_array("gradients", g, P);
    printf("}\n");
    fflush(stdout);
}

/* Read n doubles from the rest of the line. Returns 0 when fewer were there. */
static int read_doubles(char **rest, double *out, int n) {
    for (int i = 0; i < n; i++) {
        char *end;
        out[i] = strtod(*rest, &end);
        if (end == *rest) return 0;
        *rest = end;
    }
    return 1;
}

int main(void) {
    static bp_net net;
    static double xs[BP_MAX_POINTS], ys[BP_MAX_POINTS], buf[2 * BP_MAX_POINTS];
    char line[1 << 16];
    bp_init(&net, &(bp_desc){0});
    while (fgets(line, sizeof line, stdin)) {
        char cmd[32];
        int used = 0;
        if (sscanf(line, "%31s%n", cmd, &used) != 1) continue;
        char *rest = line + used;
        bp_status s = BP_OK;
        if (!strcmp(cmd, "init")) s = bp_init(&net, &(bp_desc){0});
        else if (!strcmp(cmd, "hidden")) s = bp_set_hidden(&net, (int)strtol(rest, NULL, 10));
        else if (!strcmp(cmd, "activation")) s = bp_set_activation(&net, (bp_activation)strtol(rest, NULL, 10));
        else if (!strcmp(cmd, "lr")) s = bp_set_learning_rate(&net, strtod(rest, NULL));
        else if (!strcmp(cmd, "seed")) s = bp_randomize(&net, (uint32_t)strtoul(rest, NULL, 10));
        else if (!strcmp(cmd, "train")) s = bp_train(&net, (int)strtol(rest, NULL, 10), NULL);
        else if (!strcmp(cmd, "reset")) s = bp_reset(&net);
        else if (!strcmp(cmd, "show")) s = BP_OK;
        else if (!strcmp(cmd, "data") || !strcmp(cmd, "params") || !strcmp(cmd, "frozen")) {
            char *end;
            long n = strtol(rest, &end, 10);
            rest = end;
            const int pairs = !strcmp(cmd, "data");
            if (n < 1 || n > BP_MAX_POINTS || !read_doubles(&rest, buf, (int)(pairs ? 2 * n : n))) {
                fprintf(stderr, "bp_cli: bad %s line\n", cmd);
                return 2;
            }
            if (pairs) {
                for (int i = 0; i < n; i++) xs[i] = buf[2 * i], ys[i] = buf[2 * i + 1];
                s = bp_set_data(&net, xs, ys, (int)n);
            } else if (!strcmp(cmd, "params")) {
                s = bp_set_params(&net, buf, (int)n);
            } else {
                unsigned char mask[BP_MAX_POINTS];
                for (int i = 0; i < n; i++) mask[i] = buf[i] != 0;
                s = bp_set_frozen(&net, mask, (int)n);
            }
        } else {
            fprintf(stderr, "bp_cli: unknown command %s\n", cmd);
            return 2;
        }
        report(&net, s);
    }
    return 0;
}
