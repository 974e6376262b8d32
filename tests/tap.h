/* tap.h — a minimal TAP producer for dv's C unit tests (read by automake's
 * tap-driver.sh).  Use: plan(N) or done_testing(); ok(cond, "name", ...);
 * is_near(a, b, tol, "name").  Header-only: each test program is one file. */
#ifndef DV_TESTS_TAP_H
#define DV_TESTS_TAP_H

#include <math.h>
#include <stdarg.h>
#include <stdio.h>

static int tap_n, tap_failed;

static inline void plan(int n)
{
    printf("1..%d\n", n);
}

static inline int ok(int cond, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    printf("%s %d - ", cond ? "ok" : "not ok", ++tap_n);
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    if (!cond) tap_failed++;
    fflush(stdout);
    return cond;
}

static inline int is_near(double got, double want, double tol, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int cond = fabs(got - want) <= tol || (isnan(got) && isnan(want));
    printf("%s %d - ", cond ? "ok" : "not ok", ++tap_n);
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    if (!cond) {
        printf("#   got %.9g, want %.9g (tolerance %.3g)\n", got, want, tol);
        tap_failed++;
    }
    fflush(stdout);
    return cond;
}

/* Print the plan at the end; returns the exit status for main. */
static inline int done_testing(void)
{
    printf("1..%d\n", tap_n);
    return tap_failed ? 1 : 0;
}

#endif
