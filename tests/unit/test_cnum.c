/* Unit tests for core/cnum: the shortest decimals that read back exactly
 * (checked against the definition, %.Pg for P = 6..9 until strtof gives
 * the float back, on 1.5 million floats of every kind), and C-locale
 * reading. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cnum.h"
#include "tests/tap.h"

/* The definition (this test runs in the C locale). */
static void reference(char *buf, float x)
{
    if (isnan(x)) {
        strcpy(buf, "nan");
        return;
    }
    if (isinf(x)) {
        strcpy(buf, x < 0 ? "-inf" : "inf");
        return;
    }
    for (int p = fabsf(x) < FLT_MIN ? 1 : 6; p <= 9; p++) {
        snprintf(buf, 32, "%.*g", p, (double)x);
        if (p == 9 || strtof(buf, NULL) == x) break;
    }
}

int main(void)
{
    const struct {
        float x;
        const char *want;
    } cases[] = {{5.1f, "5.1"},
                 {0.1f, "0.1"},
                 {1.0f / 3, "0.33333334"},
                 {100, "100"},
                 {1e30f, "1e+30"},
                 {16777216, "16777216"},
                 {123456, "123456"},
                 {1234567, "1234567"},
                 {1e-5f, "1e-05"},
                 {0.0001f, "0.0001"},
                 {-2.5e-7f, "-2.5e-07"},
                 {1e-45f, "1e-45"},
                 {FLT_MAX, "3.4028235e+38"},
                 {-0.0f, "-0"},
                 {0, "0"},
                 {1e38f, "1e+38"},
                 {999999.94f, "999999.94"},
                 {9.999999e-5f, "9.999999e-05"}};
    char buf[32];
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cnum_format_float(buf, sizeof buf, cases[i].x);
        ok(strcmp(buf, cases[i].want) == 0, "%s (got %s)", cases[i].want, buf);
    }
    /* random bit patterns, decimals of a few digits, and every 4099th float */
    uint32_t st = 2463534242u;
    long n = 0, differ = 0, lost = 0;
    char ref[32];
    for (long i = 0; i < 1500000; i++) {
        float x;
        st ^= st << 13, st ^= st >> 17, st ^= st << 5;
        if (i % 3 == 0)
            memcpy(&x, &st, 4);
        else if (i % 3 == 1)
            x = (float)(st % 100000) / (float)(1 + st % 1000);
        else {
            uint32_t b = (uint32_t)(i / 3 * 8589);
            memcpy(&x, &b, 4);
        }
        if (isnan(x)) continue;
        n++;
        cnum_format_float(buf, sizeof buf, x);
        reference(ref, x);
        differ += strcmp(buf, ref) != 0;
        lost += strtof(buf, NULL) != x || signbit(strtof(buf, NULL)) != signbit(x);
    }
    ok(differ == 0 && lost == 0, "%ld floats: %ld differ from the definition, %ld do not read back",
       n, differ, lost);
    char *end;
    ok(cnum_strtod("2.5e3x", &end) == 2500 && *end == 'x' && cnum_strtof("0.5", NULL) == 0.5f,
       "C-locale reading");
    cnum_snprintf(buf, sizeof buf, "%.3f|%g", 1.5, 0.25);
    ok(strcmp(buf, "1.500|0.25") == 0, "cnum_snprintf: %s", buf);
    return done_testing();
}
