/*
 * check.h: a tiny test kit, header only, for one test program.
 *
 *     CHECK(cond, fmt, ...)                    passes when cond is true
 *     CHECK_NEAR(got, want, rel, fmt, ...)     |got - want| <= rel * |want|
 *     CHECK_CLOSE(got, want, rel, abs, fmt, ...)   ... or |got - want| <= abs
 *     check_section("name")                    groups the results that follow
 *     return check_summary();                  prints "N passed, N failed"; exit status
 *
 * A failure prints file:line, the expression, the values and the caller's context. Only the
 * first CHECK_MAX_REPORTS failures are printed; all are counted. Every result goes to stdout.
 */
#ifndef CHECK_H
#define CHECK_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

#ifndef CHECK_MAX_REPORTS
#define CHECK_MAX_REPORTS 40 /* override with -DCHECK_MAX_REPORTS=n */
#endif

#if defined(__GNUC__)
#define CHECK_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CHECK_PRINTF(f, a)
#endif

static int check_passed, check_failed;
static int check_section_passed, check_section_failed;
static const char *check_section_name;

/* Print the caller's context after a failure header (and the note when reports run out). */
static void check_vreport(const char *fmt, va_list ap) {
    vprintf(fmt, ap);
    putchar('\n');
    if (check_failed == CHECK_MAX_REPORTS) printf("(further failures are counted, not printed)\n");
}

/* Record one CHECK; on failure print where and what. Returns the condition. */
CHECK_PRINTF(5, 6)
static int check_record(int ok, const char *file, int line, const char *expr, const char *fmt, ...) {
    if (ok) {
        check_passed++;
        return 1;
    }
    if (++check_failed <= CHECK_MAX_REPORTS) {
        va_list ap;
        printf("FAIL %s:%d: %s: ", file, line, expr);
        va_start(ap, fmt);
        check_vreport(fmt, ap);
        va_end(ap);
    }
    return 0;
}

/* Record one CHECK_NEAR/CHECK_CLOSE: equal values pass (also equal infinities), NaN fails. */
CHECK_PRINTF(9, 10)
static int check_near(long double got, long double want, double rel, double abs, const char *file, int line,
                      const char *got_expr, const char *want_expr, const char *fmt, ...) {
    const long double diff = fabsl(got - want);
    const int ok = got == want || diff <= rel * fabsl(want) || diff <= abs;
    if (ok) {
        check_passed++;
        return 1;
    }
    if (++check_failed <= CHECK_MAX_REPORTS) {
        va_list ap;
        printf("FAIL %s:%d: %s ~ %s: got %.17Lg, want %.17Lg (diff %.3Lg, relative %.3Lg; "
               "allowed relative %.3g or absolute %.3g): ",
               file, line, got_expr, want_expr, got, want, diff, want != 0 ? diff / fabsl(want) : diff, rel, abs);
        va_start(ap, fmt);
        check_vreport(fmt, ap);
        va_end(ap);
    }
    return 0;
}

#define CHECK(cond, ...) check_record(!!(cond), __FILE__, __LINE__, #cond, __VA_ARGS__)
#define CHECK_CLOSE(got, want, rel, abs, ...) \
    check_near((got), (want), (rel), (abs), __FILE__, __LINE__, #got, #want, __VA_ARGS__)
#define CHECK_NEAR(got, want, rel, ...) CHECK_CLOSE(got, want, rel, 0.0, __VA_ARGS__)

/* Close the current section with one line of counts. */
static void check_section_end(void) {
    if (!check_section_name) return;
    const int p = check_passed - check_section_passed, f = check_failed - check_section_failed;
    if (f)
        printf("FAIL %s: %d of %d checks failed\n", check_section_name, f, p + f);
    else
        printf("ok   %s (%d checks)\n", check_section_name, p);
    check_section_name = NULL;
}

/* Start a named group of checks; its counts are printed when the next one starts. */
static void check_section(const char *name) {
    check_section_end();
    check_section_name = name;
    check_section_passed = check_passed;
    check_section_failed = check_failed;
}

/* Print the final line "N passed, N failed" and return the exit status (1 on any failure). */
static int check_summary(void) {
    check_section_end();
    printf("%d passed, %d failed\n", check_passed, check_failed);
    fflush(stdout);
    return check_failed ? 1 : 0;
}

#endif
